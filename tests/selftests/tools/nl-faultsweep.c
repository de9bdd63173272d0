// SPDX-License-Identifier: GPL-2.0
/*
 * nl-faultsweep [-m p2p|host] [-s CHUNK] [-e REASON] [-n MAX] SRC DST CMB_PCI:
 * fails each allocation of a job's setup in turn, and checks that every
 * failure is a clean refusal.
 *
 * The request is a real JOB_START of one chunk (16 KiB unless -s) from SRC
 * to DST, through p2p memory (the provider picked automatically) or host
 * memory.  Over 8 KiB, a host buffer comes from the page allocator, not a
 * slab; a large one (-s 256k: order 6) is the only allocation of its order
 * in the request, so fail_page_alloc's min-order can aim at it alone.
 * For N = 1, 2, ... the tool writes N to /proc/thread-self/fail-nth just
 * before sending it: the kernel then fails the Nth fault-injectable call
 * this thread makes (Documentation/fault-injection), which is where the
 * whole request is handled, from the netlink send through genetlink's
 * parsing, the module's setup and the job's first bios to the reply and
 * the acknowledgement.  Which allocations are injectable is set outside,
 * in debugfs: failslab and fail_page_alloc's ignore-gfp-wait and
 * min-order; their probability can stay 0, so nothing else fails.  The
 * sweep ends when a request no longer reaches its Nth call (twice in a
 * row); with -e, it is repeated (three sweeps at most) until the expected
 * refusal has come.
 *
 * After each request, whatever the answer:
 *   - a refusal the kernel sent (an errno in the acknowledgement) has not
 *     started a job behind the caller's back;
 *   - a job that was started (acknowledged, or whose answer was lost)
 *     ends, and is cancelled if need be;
 *   - then the module holds nothing (debugfs p2pdma_harness/accounting all
 *     zero) and the provider's p2pmem is whole (available == size);
 *   - a request in which no fault was injected is accepted.
 * Prints each distinct outcome with its count.  With -e, at least one
 * refusal must carry REASON in its extack message: the fault reached the
 * module's setup and the module said so.
 *
 * Exits 0 when all held, 1 on a violation, 3 when -e's reason was never
 * given, 2 when the sweep could not run at all.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/p2pdma_harness.h>

#include "job.h"
#include "nl.h"
#include "nl-bounded.h"
#include "units.h"

#define ACCOUNTING	"/sys/kernel/debug/p2pdma_harness/accounting"
#define FAIL_NTH	"/proc/thread-self/fail-nth"

static const char *src, *dst, *cmb;
static bool host;
static uint32_t chunk = 16384;
static int fail_nth_fd = -1;
static unsigned int violations;

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int fail_nth_set(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	return pwrite(fail_nth_fd, buf, (size_t)len, 0) == len ? 0 : -errno;
}

/* What fail-nth still counts down: 0 once the fault was injected. */
static long fail_nth_left(void)
{
	char buf[16] = "";

	if (pread(fail_nth_fd, buf, sizeof(buf) - 1, 0) <= 0)
		return -1;
	return strtol(buf, NULL, 10);
}

/* Reads a file holding one number; -1 if it cannot. */
static long long read_number(const char *path)
{
	char buf[64] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? strtoll(buf, NULL, 10) : -1;
}

/* What the module and the provider still hold, "" when nothing. */
static void held(char *out, size_t len)
{
	char path[128], line[128];
	long long size, avail;
	size_t used = 0;
	FILE *f;

	out[0] = '\0';
	f = fopen(ACCOUNTING, "re");
	if (!f) {
		snprintf(out, len, "cannot read %s: %s", ACCOUNTING, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		char name[64];
		long long v;

		if (sscanf(line, "%63s %lld", name, &v) == 2 && v && used < len)
			used += (size_t)snprintf(out + used, len - used, "%s %lld; ", name, v);
	}
	fclose(f);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/p2pmem/size", cmb);
	size = read_number(path);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/p2pmem/available", cmb);
	avail = read_number(path);
	if ((size < 0 || avail != size) && used < len)
		snprintf(out + used, len - used, "p2pmem of %s: %lld of %lld bytes available",
			 cmb, avail, size);
}

static int max_id_cb(const struct nlmsghdr *nlh, void *data)
{
	struct p2p_job job;

	if (!p2p_job_parse(nlh, &job) && job.id > *(uint32_t *)data)
		*(uint32_t *)data = job.id;
	return MNL_CB_OK;
}

/* The highest job id the module lists; 0 when none, or on an error. */
static uint32_t max_job_id(struct p2p_nl *ctl)
{
	uint32_t max = 0;

	p2p_nl_talk(ctl, p2p_nl_msg(ctl, P2PDMA_CMD_JOB_GET, NLM_F_DUMP), max_id_cb, &max);
	return max;
}

/* Waits up to 30 s for job @id to end; cancels it first if @cancel. */
static void end_job(struct p2p_nl *ctl, uint32_t id, bool cancel)
{
	struct p2p_job job;
	int i, ret;

	if (cancel)
		p2p_job_request(ctl, P2PDMA_CMD_JOB_CANCEL, id, &job);
	for (i = 0; i < 3000; i++) {
		ret = p2p_job_request(ctl, P2PDMA_CMD_JOB_GET, id, &job);
		if (ret || job.state != P2PDMA_JOB_RUNNING)
			return;
		sleep_ms(10);
	}
	violations++;
	printf("# VIOLATION: job %u still running 30 s after it started; cancelling it\n", id);
	p2p_job_request(ctl, P2PDMA_CMD_JOB_CANCEL, id, &job);
}

/* Waits up to 10 s for the module and the provider to hold nothing. */
static void expect_nothing_held(unsigned int n, const char *when, bool wait)
{
	char what[512];
	int i;

	for (i = 0; i < 1000; i++) {
		held(what, sizeof(what));
		if (!what[0] || !wait)
			break;
		sleep_ms(10);
	}
	if (what[0]) {
		violations++;
		printf("# VIOLATION: fault %u (%s): still held: %s\n", n, when, what);
	}
}

static struct nlmsghdr *job_msg(struct p2p_nl *nl)
{
	struct nlmsghdr *nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_START, 0);

	mnl_attr_put_strz(nlh, P2PDMA_A_SRC_PATH, src);
	mnl_attr_put_strz(nlh, P2PDMA_A_DST_PATH, dst);
	mnl_attr_put_u64(nlh, P2PDMA_A_LENGTH, chunk);
	mnl_attr_put_u32(nlh, P2PDMA_A_CHUNK_SIZE, chunk);
	mnl_attr_put_u32(nlh, P2PDMA_A_QUEUE_DEPTH, 1);
	if (host)
		mnl_attr_put_u32(nlh, P2PDMA_A_BUF_MODE, P2PDMA_BUF_HOST);
	return nlh;
}

/* The answer to one request, as the kernel gave it. */
struct answer {
	enum { SEND_FAILED, RECV_FAILED, REFUSED, ACCEPTED } kind;
	int err;			/* positive errno */
	char msg[256];
	uint32_t id;			/* the job, when accepted */
};

static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct answer *a = data;
	struct p2p_job job;

	if (!p2p_job_parse(nlh, &job))
		a->id = job.id;
	return MNL_CB_OK;
}

static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	struct answer *a = data;

	if (p2p_nl_parse_ack(nlh, &a->err, a->msg, sizeof(a->msg)))
		return MNL_CB_ERROR;
	return MNL_CB_STOP;
}

static int noop_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP] = noop_cb,
	[NLMSG_ERROR] = error_cb,
	[NLMSG_DONE] = noop_cb,
	[NLMSG_OVERRUN] = noop_cb,
};

/*
 * Sends the request with fault @n armed (0: none), then reads the answer.
 * Returns what fail-nth had left once the request was handled.
 */
static long one_request(struct p2p_nl *nl, unsigned int n, struct answer *a)
{
	struct nlmsghdr *nlh = job_msg(nl);
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t sent, len;
	long left = 0;
	int ret;

	memset(a, 0, sizeof(*a));
	if (n && fail_nth_set(n))
		return -1;
	/* Between the two fail-nth accesses: one system call, the request. */
	sent = mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len);
	a->err = sent < 0 ? errno : 0;
	if (n) {
		left = fail_nth_left();
		fail_nth_set(0);
	}
	if (sent < 0) {
		a->kind = SEND_FAILED;
		return left;
	}
	do {
		len = mnl_socket_recvfrom(nl->sk, nl->buf, nl->bufsz);
		if (len < 0) {
			a->kind = RECV_FAILED;
			a->err = errno;
			return left;
		}
		ret = mnl_cb_run2(nl->buf, (size_t)len, seq, nl->portid, reply_cb, a,
				  ctl_cbs, NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	if (ret == MNL_CB_ERROR && !a->err)
		a->err = errno ? errno : EIO;
	a->kind = a->err ? REFUSED : ACCEPTED;
	return left;
}

/* Distinct outcomes and how often each came. */
#define MAX_OUTCOMES 64
static struct {
	char what[320];
	unsigned int count, first;
} outcomes[MAX_OUTCOMES];
static unsigned int nr_outcomes;

static void tally(const char *what, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < nr_outcomes; i++) {
		if (!strcmp(outcomes[i].what, what)) {
			outcomes[i].count++;
			return;
		}
	}
	if (nr_outcomes == MAX_OUTCOMES)
		return;
	snprintf(outcomes[nr_outcomes].what, sizeof(outcomes[0].what), "%s", what);
	outcomes[nr_outcomes].count = 1;
	outcomes[nr_outcomes++].first = n;
}

/*
 * One request with fault @n armed (0: none, the control), and everything
 * checked after it.  Returns whether the fault was injected, -1 when the
 * request could not be made.
 */
static int sweep_one(struct p2p_nl *ctl, unsigned int n, const char *reason,
		     bool *reason_seen)
{
	uint32_t before = max_job_id(ctl), after;
	struct answer a;
	struct p2p_nl nl;
	char what[320];
	long left;

	if (connect_nl(&nl))
		return -1;
	left = one_request(&nl, n, &a);
	if (left < 0) {
		p2p_nl_close(&nl);
		printf("# cannot arm %s: %s\n", FAIL_NTH, strerror(errno));
		return -1;
	}
	switch (a.kind) {
	case SEND_FAILED:
		snprintf(what, sizeof(what), "send failed (%s): the fault hit netlink, not the module",
			 strerror(a.err));
		break;
	case RECV_FAILED:
		snprintf(what, sizeof(what), "answer lost (%s)", strerror(a.err));
		break;
	case REFUSED:
		snprintf(what, sizeof(what), "refused: %s%s%s", strerror(a.err),
			 a.msg[0] ? ": " : "", a.msg);
		if (reason && strstr(a.msg, reason))
			*reason_seen = true;
		break;
	default:
		snprintf(what, sizeof(what), "accepted");
		break;
	}
	if (a.kind == RECV_FAILED && (a.err == EAGAIN || a.err == EWOULDBLOCK)) {
		violations++;
		printf("# VIOLATION: fault %u: no answer within 10 s\n", n);
	}
	if ((!n || left) && a.kind != ACCEPTED) {
		violations++;
		printf("# VIOLATION: no fault was injected (%s) and yet: %s\n",
		       n ? "fail-nth not reached" : "the control", what);
	}
	after = max_job_id(ctl);
	if (a.kind == ACCEPTED) {
		end_job(ctl, a.id ? a.id : after, false);
	} else if (after > before) {
		if (a.kind == REFUSED) {
			violations++;
			printf("# VIOLATION: fault %u: the kernel answered '%s' but job %u started\n",
			       n, what, after);
		}
		end_job(ctl, after, true);
	}
	p2p_nl_close(&nl);
	/* A refusal gives everything back before it answers; a job as it ends. */
	expect_nothing_held(n, what, a.kind == ACCEPTED || after > before);
	if (n && !left)
		tally(what, n);
	return n && !left;
}

static int usage(void)
{
	fprintf(stderr, "usage: nl-faultsweep [-m p2p|host] [-s CHUNK] [-e REASON] [-n MAX] SRC DST CMB_PCI\n");
	return 2;
}

int main(int argc, char **argv)
{
	unsigned int n, max = 1000, misses, injected = 0, round;
	uint64_t size;
	const char *reason = NULL;
	bool reason_seen = false;
	struct p2p_nl ctl;
	int c, ret;

	while ((c = getopt(argc, argv, "m:s:e:n:")) != -1) {
		switch (c) {
		case 'm':
			if (strcmp(optarg, "p2p") && strcmp(optarg, "host"))
				return usage();
			host = !strcmp(optarg, "host");
			break;
		case 's':
			if (parse_size(optarg, &size) || size < 4096 || size > (1u << 20))
				return usage();
			chunk = (uint32_t)size;
			break;
		case 'e': reason = optarg; break;
		case 'n': max = (unsigned int)strtoul(optarg, NULL, 0); break;
		default: return usage();
		}
	}
	if (argc - optind != 3)
		return usage();
	src = argv[optind];
	dst = argv[optind + 1];
	cmb = argv[optind + 2];
	setvbuf(stdout, NULL, _IOLBF, 0);

	fail_nth_fd = open(FAIL_NTH, O_RDWR | O_CLOEXEC);
	if (fail_nth_fd < 0) {
		printf("# cannot open %s: %s\n", FAIL_NTH, strerror(errno));
		return 2;
	}
	if (connect_nl(&ctl))
		return 2;
	/* The control: without a fault, the request is accepted and cleans up. */
	ret = sweep_one(&ctl, 0, NULL, NULL);
	if (ret < 0 || violations) {
		printf("# the request is not accepted without a fault: no sweep\n");
		return 2;
	}
	/*
	 * Allocations the kernel makes only now and then (a slab's new page)
	 * shift the others' numbers from one request to the next, so a sweep
	 * can step over one: sweep again, up to three times, until the
	 * expected refusal came.
	 */
	for (round = 1; round <= 3; round++) {
		for (n = 1, misses = 0; n <= max && misses < 2; n++) {
			ret = sweep_one(&ctl, n, reason, &reason_seen);
			if (ret < 0)
				return 2;
			if (ret) {
				injected++;
				misses = 0;
			} else {
				misses++;
			}
		}
		if (misses < 2) {
			violations++;
			printf("# VIOLATION: still injecting after %u faults: the sweep did not end\n",
			       max);
		}
		if (!reason || reason_seen || violations)
			break;
	}
	p2p_nl_close(&ctl);
	printf("# %s: %u faults injected in %u sweeps, one per request; outcomes (count, first fault):\n",
	       host ? "host memory" : "p2p memory", injected, round > 3 ? 3 : round);
	for (n = 0; n < nr_outcomes; n++)
		printf("#   %4u (from %3u)  %s\n", outcomes[n].count, outcomes[n].first,
		       outcomes[n].what);
	if (violations) {
		printf("# %u violations\n", violations);
		return 1;
	}
	if (reason && !reason_seen) {
		printf("# no refusal said '%s'\n", reason);
		return 3;
	}
	return 0;
}
