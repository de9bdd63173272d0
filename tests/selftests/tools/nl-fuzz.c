// SPDX-License-Identifier: GPL-2.0
/*
 * nl-fuzz [-u] [-r MIN] [-j MIN] SEED COUNT SRC DST: sends COUNT random,
 * mutated and valid-ish requests to the p2pdma-harness family,
 * reproducibly from SEED.  Four in ten are valid-ish requests of the five
 * commands (real devices and PCI addresses, small jobs, known job ids),
 * three in ten are those with bytes flipped, cut short or overwritten,
 * three in ten are random commands with random attributes.  A job that
 * starts is cancelled at once.
 *
 * Coverage is counted, not assumed: per command, how many requests got
 * past the family's policy and parsing to the operation's handler.  A
 * reply counts as the handler's when it is a success or a refusal that
 * neither the netlink core's attribute validation (its extack messages
 * are known, and its bare EINVAL/ERANGE carry none) nor genetlink's
 * command lookup (EOPNOTSUPP) produces.  Exits 1 unless each of
 * PROVIDER_GET, PATH_GET, JOB_START, JOB_GET and JOB_CANCEL reached its
 * handler at least MIN times (-r, default 20) and MIN jobs started (-j,
 * default 10), or when the kernel left a request unanswered.
 *
 * -u: the caller lacks CAP_SYS_ADMIN; then every job operation that
 * reaches its handler must be refused with EPERM and no job may start
 * (-j is ignored).  What else must hold is checked outside: the kernel
 * stays up and its log stays clean.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <linux/limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/genetlink.h>
#include <linux/p2pdma_harness.h>

#include "job.h"
#include "nl.h"
#include "nl-bounded.h"

static uint64_t rng;

static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t below(uint32_t n)
{
	return (uint32_t)(next() % n);
}

static const char *paths[4];

/* PCI addresses worth naming: the devices', the providers', and others. */
#define MAX_PCI 16
static char pci[MAX_PCI][P2PDMA_PCI_ADDR_MAX];
static unsigned int nr_pci, nr_providers;
static char providers[MAX_PCI][P2PDMA_PCI_ADDR_MAX];

/* Ids of the jobs started lately, for JOB_GET and JOB_CANCEL to find. */
#define KNOWN_IDS 16
static uint32_t known[KNOWN_IDS];
static unsigned int nr_known;

static uint64_t interesting_u64(void)
{
	static const uint64_t vals[] = {
		0, 1, 511, 512, 4096, 65536, 1 << 20, 4 << 20, (4 << 20) + 1,
		0x7fffffff, 0xffffffff, 1ULL << 32, 1ULL << 63, -1ULL, -4096ULL,
		256ULL << 20,
	};

	if (below(4) == 0)
		return next();
	return vals[below(sizeof(vals) / sizeof(vals[0]))];
}

static const char *some_pci(void)
{
	static const char *const junk[] = {
		"0000:00:00.0", "0000:ff:1f.7", "00:1f.7", "zz:zz.z", "",
	};

	if (nr_pci && below(4))
		return pci[below(nr_pci)];
	return junk[below(sizeof(junk) / sizeof(junk[0]))];
}

static const char *some_provider(void)
{
	return nr_providers && below(4) ? providers[below(nr_providers)] : some_pci();
}

static uint32_t some_job_id(void)
{
	if (nr_known && below(10) < 6)
		return known[below(nr_known)];
	return 1 + below(200);
}

static void random_attr(struct nlmsghdr *nlh)
{
	uint16_t type = (uint16_t)below(P2PDMA_A_MAX + 4);
	char junk[64];
	unsigned int len;

	switch (below(6)) {
	case 0:
		mnl_attr_put_u32(nlh, type, (uint32_t)interesting_u64());
		break;
	case 1:
		mnl_attr_put_u64(nlh, type, interesting_u64());
		break;
	case 2:
		mnl_attr_put_strz(nlh, type, paths[below(4)]);
		break;
	case 3:
		mnl_attr_put_strz(nlh, type, some_pci());
		break;
	default:
		len = below(sizeof(junk));
		for (unsigned int i = 0; i < len; i++)
			junk[i] = (char)next();
		mnl_attr_put(nlh, type, len, junk);
		break;
	}
}

/* Now and then nlmsg_flags that genetlink refuses, or a dump of anything. */
static uint16_t random_flags(void)
{
	switch (below(16)) {
	case 0:
		return (uint16_t)next() & ~(NLM_F_REQUEST | NLM_F_ACK);
	case 1:
	case 2:
		return NLM_F_DUMP;
	default:
		return 0;
	}
}

static struct nlmsghdr *random_msg(struct p2p_nl *nl)
{
	struct nlmsghdr *nlh = p2p_nl_msg(nl, (uint8_t)below(P2PDMA_CMD_MAX + 3),
					  random_flags());
	unsigned int i, n = below(12);

	for (i = 0; i < n; i++)
		random_attr(nlh);
	return nlh;
}

static void job_start_attrs(struct nlmsghdr *nlh)
{
	static const uint64_t lengths[] = { 512, 4096, 65536, 131072, 1 << 20 };
	static const uint32_t chunks[] = { 512, 4096, 16384 };
	static const uint64_t offsets[] = { 0, 4096, 1 << 20, 2 << 20 };
	uint32_t flags = 0;

	mnl_attr_put_strz(nlh, P2PDMA_A_SRC_PATH, below(5) ? paths[0] : paths[1]);
	mnl_attr_put_strz(nlh, P2PDMA_A_DST_PATH, below(20) ? paths[1] : paths[3]);
	mnl_attr_put_u64(nlh, P2PDMA_A_LENGTH, lengths[below(5)]);
	mnl_attr_put_u32(nlh, P2PDMA_A_CHUNK_SIZE, chunks[below(3)]);
	mnl_attr_put_u32(nlh, P2PDMA_A_QUEUE_DEPTH, 1 + below(2));
	if (below(4) == 0)
		mnl_attr_put_u32(nlh, P2PDMA_A_STREAMS, 1 + below(2));
	if (below(2))
		mnl_attr_put_u64(nlh, P2PDMA_A_SRC_OFFSET, offsets[below(4)]);
	if (below(2))
		mnl_attr_put_u64(nlh, P2PDMA_A_DST_OFFSET, offsets[below(4)]);
	if (below(10) == 0)
		mnl_attr_put_u64(nlh, P2PDMA_A_CHUNK_COUNT, 1 + below(4));
	else if (below(20) == 0)
		mnl_attr_put_u32(nlh, P2PDMA_A_DURATION_MS, 1 + below(50));
	/* Host buffers are cheaper to zero than p2p memory under emulation. */
	switch (below(10)) {
	case 0: case 1: case 2: case 3:
		mnl_attr_put_u32(nlh, P2PDMA_A_BUF_MODE, P2PDMA_BUF_HOST);
		break;
	case 4: case 5:
		mnl_attr_put_strz(nlh, P2PDMA_A_PROVIDER, some_provider());
		break;
	}
	if (below(3) == 0)
		mnl_attr_put_u32(nlh, P2PDMA_A_SYNC, below(3));
	/* A dry run goes as deep into the setup as a job, at less cost. */
	if (below(5) < 3)
		flags |= P2PDMA_F_DRY_RUN;
	if (below(10) == 0)
		flags |= P2PDMA_F_DETACH;
	if (below(20) == 0)
		flags |= P2PDMA_F_SKIP_READ;
	if (below(20) == 0)
		flags |= P2PDMA_F_OVERLAP;
	if (flags || below(2))
		mnl_attr_put_u32(nlh, P2PDMA_A_FLAGS, flags);
}

/* A request each command's handler should see, or nearly. */
static struct nlmsghdr *valid_msg(struct p2p_nl *nl)
{
	struct nlmsghdr *nlh;
	unsigned int i, n;

	switch (below(10)) {
	case 0: case 1:
		nlh = p2p_nl_msg(nl, P2PDMA_CMD_PROVIDER_GET, NLM_F_DUMP);
		if (below(4) == 0)
			mnl_attr_put_strz(nlh, P2PDMA_A_PROVIDER, some_provider());
		return nlh;
	case 2: case 3:
		nlh = p2p_nl_msg(nl, P2PDMA_CMD_PATH_GET, 0);
		n = 1 + below(3);
		for (i = 0; i < n; i++)
			mnl_attr_put_strz(nlh, P2PDMA_A_CLIENT, some_pci());
		if (below(2))
			mnl_attr_put_strz(nlh, P2PDMA_A_PROVIDER, some_provider());
		return nlh;
	case 4: case 5: case 6:
		nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_START, 0);
		job_start_attrs(nlh);
		return nlh;
	case 7: case 8:
		if (below(4) == 0)
			return p2p_nl_msg(nl, P2PDMA_CMD_JOB_GET, NLM_F_DUMP);
		nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_GET, 0);
		mnl_attr_put_u32(nlh, P2PDMA_A_JOB_ID, some_job_id());
		return nlh;
	default:
		nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_CANCEL, 0);
		mnl_attr_put_u32(nlh, P2PDMA_A_JOB_ID, some_job_id());
		return nlh;
	}
}

/* A valid-ish request with bytes flipped, cut short or overwritten. */
static struct nlmsghdr *mutated_msg(struct p2p_nl *nl)
{
	struct nlmsghdr *nlh = valid_msg(nl);
	uint8_t *bytes = (uint8_t *)nlh;
	unsigned int hdr = sizeof(struct nlmsghdr), i, n = 1 + below(4);

	for (i = 0; i < n; i++) {
		unsigned int at = hdr + below(nlh->nlmsg_len - hdr);

		switch (below(3)) {
		case 0:		/* flip a byte */
			bytes[at] ^= (uint8_t)(1 + below(255));
			break;
		case 1:		/* cut the message short */
			nlh->nlmsg_len = at > hdr + 4 ? at : nlh->nlmsg_len;
			break;
		default:	/* an interesting value over four bytes */
			if (at + 4 <= nlh->nlmsg_len) {
				uint32_t v = (uint32_t)interesting_u64();

				memcpy(bytes + at, &v, 4);
			}
			break;
		}
	}
	return nlh;
}

static int started_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct p2p_job job;

	if (g->cmd == P2PDMA_CMD_JOB_START && !p2p_job_parse(nlh, &job))
		*(uint32_t *)data = job.id;
	return MNL_CB_OK;
}

static int provider_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a;

	(void)data;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == P2PDMA_A_PROVIDER &&
		    nr_providers < MAX_PCI && !mnl_attr_validate(a, MNL_TYPE_NUL_STRING))
			snprintf(providers[nr_providers++], P2PDMA_PCI_ADDR_MAX, "%s",
				 mnl_attr_get_str(a));
	}
	return MNL_CB_OK;
}

static bool is_pci_name(const char *s)
{
	unsigned int d, b, sl, f;
	char end;

	return strlen(s) == 12 &&
	       sscanf(s, "%4x:%2x:%2x.%1x%c", &d, &b, &sl, &f, &end) == 4;
}

static void add_pci(const char *name)
{
	if (nr_pci < MAX_PCI)
		snprintf(pci[nr_pci++], P2PDMA_PCI_ADDR_MAX, "%s", name);
}

/* The PCI function behind block device @dev: the last one on its sysfs path. */
static void add_pci_of(const char *dev)
{
	const char *name = strrchr(dev, '/');
	char link[PATH_MAX], real[PATH_MAX], *c, *last = NULL;

	snprintf(link, sizeof(link), "/sys/class/block/%s", name ? name + 1 : dev);
	if (!realpath(link, real))
		return;
	for (c = strtok(real, "/"); c; c = strtok(NULL, "/"))
		if (is_pci_name(c))
			last = c;
	if (last)
		add_pci(last);
}

/* Refusals the netlink core and genetlink make before any handler runs. */
static bool core_refusal(int ret, const char *msg)
{
	static const char *const core[] = {
		"Unknown attribute type", "Unsupported attribute",
		"Attribute failed policy validation", "integer out of range",
		"binary attribute size out of range", "invalid attribute length",
		"reserved bit set", "bytes leftover after parsing attributes",
		"genlmsghdr.reserved field is not 0",
		"ambiguous or reserved bits set in nlmsg_flags",
		"NLA_F_NESTED is missing", "NLA_F_NESTED not expected",
		"allowed policy recursion depth exceeded", "Array element too short",
	};
	unsigned int i;

	if (ret == -EOPNOTSUPP)
		return true;
	for (i = 0; i < sizeof(core) / sizeof(core[0]); i++)
		if (!strcmp(msg, core[i]))
			return true;
	return (ret == -EINVAL || ret == -ERANGE) && !msg[0];
}

struct cmd_stats {
	unsigned long sent, handler, ok, core;
};

static const char *const cmd_names[] = {
	[P2PDMA_CMD_PROVIDER_GET] = "PROVIDER_GET",
	[P2PDMA_CMD_PATH_GET] = "PATH_GET",
	[P2PDMA_CMD_JOB_START] = "JOB_START",
	[P2PDMA_CMD_JOB_GET] = "JOB_GET",
	[P2PDMA_CMD_JOB_CANCEL] = "JOB_CANCEL",
};

static bool is_job_op(unsigned int cmd)
{
	return cmd == P2PDMA_CMD_JOB_START || cmd == P2PDMA_CMD_JOB_GET ||
	       cmd == P2PDMA_CMD_JOB_CANCEL;
}

static int usage(void)
{
	fprintf(stderr, "usage: nl-fuzz [-u] [-r MIN_REACHED] [-j MIN_JOBS] SEED COUNT SRC DST\n");
	return 2;
}

int main(int argc, char **argv)
{
	unsigned long count, i, jobs = 0, unanswered = 0, perm_wrong = 0;
	unsigned long min_reached = 20, min_jobs = 10, other = 0;
	struct cmd_stats st[P2PDMA_CMD_JOB_CANCEL + 1] = { 0 };
	bool unpriv = false, short_fall = false;
	struct p2p_nl nl;
	int c;

	while ((c = getopt(argc, argv, "ur:j:")) != -1) {
		switch (c) {
		case 'u': unpriv = true; break;
		case 'r': min_reached = strtoul(optarg, NULL, 0); break;
		case 'j': min_jobs = strtoul(optarg, NULL, 0); break;
		default: return usage();
		}
	}
	if (argc - optind != 4)
		return usage();
	rng = strtoull(argv[optind], NULL, 0);
	count = strtoul(argv[optind + 1], NULL, 0);
	paths[0] = argv[optind + 2];
	paths[1] = argv[optind + 3];
	paths[2] = argv[optind + 3];
	paths[3] = "/dev/null";
	setvbuf(stdout, NULL, _IOLBF, 0);

	add_pci_of(paths[0]);
	add_pci_of(paths[1]);
	if (connect_nl(&nl))
		return 2;
	p2p_nl_talk(&nl, p2p_nl_msg(&nl, P2PDMA_CMD_PROVIDER_GET, NLM_F_DUMP),
		    provider_cb, NULL);
	for (i = 0; i < nr_providers; i++)
		add_pci(providers[i]);
	printf("# PCI functions named: %u (%u providers)\n", nr_pci, nr_providers);

	for (i = 0; i < count; i++) {
		unsigned int kind = below(10);
		struct nlmsghdr *nlh = kind < 4 ? valid_msg(&nl) :
				       kind < 7 ? mutated_msg(&nl) : random_msg(&nl);
		const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
		unsigned int cmd = g->cmd;
		uint32_t id = 0;
		int ret = p2p_nl_talk(&nl, nlh, started_cb, &id);
		bool core = ret && core_refusal(ret, nl.errmsg);

		if (ret == -EAGAIN || ret == -EWOULDBLOCK || ret == -ENOBUFS ||
		    ret == -ESRCH || ret == -EBADMSG) {
			/* No answer, or answers out of step: start afresh. */
			printf("# request %lu (command %u): no usable answer: %s\n",
			       i, cmd, strerror(-ret));
			unanswered++;
			p2p_nl_close(&nl);
			if (connect_nl(&nl))
				return 2;
			continue;
		}
		if (cmd >= P2PDMA_CMD_PROVIDER_GET && cmd <= P2PDMA_CMD_JOB_CANCEL) {
			st[cmd].sent++;
			if (core) {
				st[cmd].core++;
			} else {
				st[cmd].handler++;
				st[cmd].ok += !ret;
				if (unpriv && is_job_op(cmd) && ret != -EPERM) {
					perm_wrong++;
					printf("# without CAP_SYS_ADMIN, %s got %s%s%s\n",
					       cmd_names[cmd], ret ? strerror(-ret) : "success",
					       nl.errmsg[0] ? ": " : "", nl.errmsg);
				}
			}
		} else {
			other++;
		}
		if (id) {
			jobs++;
			known[nr_known < KNOWN_IDS ? nr_known++ : below(KNOWN_IDS)] = id;
			nlh = p2p_nl_msg(&nl, P2PDMA_CMD_JOB_CANCEL, 0);
			mnl_attr_put_u32(nlh, P2PDMA_A_JOB_ID, id);
			ret = p2p_nl_talk(&nl, nlh, NULL, NULL);
			if (ret)
				printf("# cancel of job %u: %s\n", id, strerror(-ret));
		}
	}
	p2p_nl_close(&nl);

	printf("# %lu requests from seed %s: %lu jobs started and cancelled, %lu to other commands, %lu unanswered\n",
	       count, argv[optind], jobs, other, unanswered);
	for (c = P2PDMA_CMD_PROVIDER_GET; c <= P2PDMA_CMD_JOB_CANCEL; c++) {
		printf("# %-12s sent %5lu, reached its handler %5lu (%lu succeeded), refused by policy or parsing %5lu\n",
		       cmd_names[c], st[c].sent, st[c].handler, st[c].ok, st[c].core);
		if (st[c].handler < min_reached) {
			printf("# FAIL: %s reached its handler %lu times, fewer than %lu\n",
			       cmd_names[c], st[c].handler, min_reached);
			short_fall = true;
		}
	}
	if (unpriv && jobs) {
		printf("# FAIL: without CAP_SYS_ADMIN, %lu jobs started\n", jobs);
		short_fall = true;
	}
	if (unpriv && perm_wrong) {
		printf("# FAIL: without CAP_SYS_ADMIN, %lu job requests were not refused with EPERM\n",
		       perm_wrong);
		short_fall = true;
	}
	if (!unpriv && jobs < min_jobs) {
		printf("# FAIL: %lu jobs started, fewer than %lu\n", jobs, min_jobs);
		short_fall = true;
	}
	if (unanswered) {
		printf("# FAIL: %lu requests got no usable answer\n", unanswered);
		short_fall = true;
	}
	return short_fall ? 1 : 0;
}
