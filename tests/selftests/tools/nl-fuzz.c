// SPDX-License-Identifier: GPL-2.0
/*
 * nl-fuzz SEED COUNT SRC DST: sends COUNT random and mutated requests to
 * the p2pdma-harness family, reproducibly from SEED.  Half are built from
 * random attributes (random types, lengths and values, sometimes the real
 * device paths), half are valid requests with bytes flipped, truncated or
 * repeated.  A job that happens to start is cancelled at once.  What must
 * hold is checked outside: the kernel stays up and its log stays clean.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/p2pdma_harness.h>

#include "job.h"
#include "nl.h"

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
		mnl_attr_put_strz(nlh, type, below(2) ? "0000:03:00.0" : "0000:ff:1f.7");
		break;
	default:
		len = below(sizeof(junk));
		for (unsigned int i = 0; i < len; i++)
			junk[i] = (char)next();
		mnl_attr_put(nlh, type, len, junk);
		break;
	}
}

static struct nlmsghdr *random_msg(struct p2p_nl *nl)
{
	struct nlmsghdr *nlh = p2p_nl_msg(nl, (uint8_t)below(P2PDMA_CMD_MAX + 3),
					  below(8) == 0 ? NLM_F_DUMP : 0);
	unsigned int i, n = below(12);

	for (i = 0; i < n; i++)
		random_attr(nlh);
	return nlh;
}

static struct nlmsghdr *mutated_msg(struct p2p_nl *nl)
{
	struct nlmsghdr *nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_START, 0);
	uint8_t *bytes;
	unsigned int hdr, i, n;

	mnl_attr_put_strz(nlh, P2PDMA_A_SRC_PATH, paths[below(2)]);
	mnl_attr_put_strz(nlh, P2PDMA_A_DST_PATH, paths[1 + below(2)]);
	mnl_attr_put_u64(nlh, P2PDMA_A_LENGTH, 1 << 20);
	mnl_attr_put_u32(nlh, P2PDMA_A_CHUNK_SIZE, 65536);
	mnl_attr_put_u32(nlh, P2PDMA_A_QUEUE_DEPTH, 4);
	hdr = sizeof(struct nlmsghdr);
	bytes = (uint8_t *)nlh;
	n = 1 + below(6);
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

static void cancel(struct p2p_nl *nl, uint32_t id)
{
	struct nlmsghdr *nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_CANCEL, 0);

	mnl_attr_put_u32(nlh, P2PDMA_A_JOB_ID, id);
	p2p_nl_talk(nl, nlh, NULL, NULL);
}

int main(int argc, char **argv)
{
	unsigned long count, i, refused = 0, accepted = 0, jobs = 0;
	struct p2p_nl nl;

	if (argc != 5) {
		fprintf(stderr, "usage: nl-fuzz SEED COUNT SRC DST\n");
		return 2;
	}
	rng = strtoull(argv[1], NULL, 0);
	count = strtoul(argv[2], NULL, 0);
	paths[0] = argv[3];
	paths[1] = argv[4];
	paths[2] = argv[4];
	paths[3] = "/dev/null";
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (p2p_nl_connect(&nl))
		return 2;
	for (i = 0; i < count; i++) {
		struct nlmsghdr *nlh = below(2) ? random_msg(&nl) : mutated_msg(&nl);
		uint32_t id = 0;
		int ret = p2p_nl_talk(&nl, nlh, started_cb, &id);

		if (ret)
			refused++;
		else
			accepted++;
		if (id) {
			jobs++;
			cancel(&nl, id);
		}
	}
	p2p_nl_close(&nl);
	printf("# %lu requests from seed %s: %lu refused, %lu accepted, %lu jobs started and cancelled\n",
	       count, argv[1], refused, accepted, jobs);
	return 0;
}
