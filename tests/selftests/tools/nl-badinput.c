// SPDX-License-Identifier: GPL-2.0
/*
 * nl-badinput SRC DST: sends the p2pdma-harness family one bad request of
 * each kind (missing, oversized, negative, zero, unaligned, overflowing and
 * mistyped attributes, bad headers) and checks that each is refused with
 * an errno and a reason.  Prints one "# " line per case and exits with the
 * number of requests that were accepted.  It never starts a job on its own:
 * each case is wrong in exactly one way that the kernel must notice first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/p2pdma_harness.h>

#include "nl.h"

static const char *src, *dst;
static int accepted, tried;

/* A valid JOB_START for SRC -> DST, without attribute @skip. */
static struct nlmsghdr *job_msg(struct p2p_nl *nl, unsigned int skip)
{
	struct nlmsghdr *nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_START, 0);

	if (skip != P2PDMA_A_SRC_PATH)
		mnl_attr_put_strz(nlh, P2PDMA_A_SRC_PATH, src);
	if (skip != P2PDMA_A_DST_PATH)
		mnl_attr_put_strz(nlh, P2PDMA_A_DST_PATH, dst);
	if (skip != P2PDMA_A_LENGTH)
		mnl_attr_put_u64(nlh, P2PDMA_A_LENGTH, 1 << 20);
	if (skip != P2PDMA_A_CHUNK_SIZE)
		mnl_attr_put_u32(nlh, P2PDMA_A_CHUNK_SIZE, 65536);
	return nlh;
}

static void expect_refusal(struct p2p_nl *nl, struct nlmsghdr *nlh,
			   const char *what)
{
	int ret = p2p_nl_talk(nl, nlh, NULL, NULL);

	tried++;
	if (!ret) {
		accepted++;
		printf("# ACCEPTED: %s\n", what);
		return;
	}
	printf("# refused %-44s %-24s %s\n", what, strerror(-ret),
	       nl->errmsg[0] ? nl->errmsg : "(no message)");
}

/* A JOB_START that is valid but for the attributes the statements add. */
#define BAD(name, ...)							\
	do {								\
		struct nlmsghdr *nlh = job_msg(nl, 0);			\
		__VA_ARGS__;						\
		expect_refusal(nl, nlh, name);				\
	} while (0)

#define MISSING(name, attr) expect_refusal(nl, job_msg(nl, attr), name)

static void job_start_cases(struct p2p_nl *nl)
{
	char longpath[400];

	MISSING("missing source", P2PDMA_A_SRC_PATH);
	MISSING("missing destination", P2PDMA_A_DST_PATH);
	MISSING("missing length", P2PDMA_A_LENGTH);
	BAD("zero length", mnl_attr_put_u64(nlh, P2PDMA_A_LENGTH, 0));
	BAD("length past the device", mnl_attr_put_u64(nlh, P2PDMA_A_LENGTH, 1ULL << 40));
	BAD("length of 2^64-512", mnl_attr_put_u64(nlh, P2PDMA_A_LENGTH, -512ULL));
	BAD("zero chunk size", mnl_attr_put_u32(nlh, P2PDMA_A_CHUNK_SIZE, 0));
	BAD("chunk size over 4 MiB", mnl_attr_put_u32(nlh, P2PDMA_A_CHUNK_SIZE, (4 << 20) + 512));
	BAD("chunk size of -1", mnl_attr_put_u32(nlh, P2PDMA_A_CHUNK_SIZE, -1U));
	BAD("unaligned chunk size", mnl_attr_put_u32(nlh, P2PDMA_A_CHUNK_SIZE, 1000));
	BAD("zero queue depth", mnl_attr_put_u32(nlh, P2PDMA_A_QUEUE_DEPTH, 0));
	BAD("queue depth 257", mnl_attr_put_u32(nlh, P2PDMA_A_QUEUE_DEPTH, 257));
	BAD("zero streams", mnl_attr_put_u32(nlh, P2PDMA_A_STREAMS, 0));
	BAD("65 streams", mnl_attr_put_u32(nlh, P2PDMA_A_STREAMS, 65));
	BAD("more streams than chunks", mnl_attr_put_u32(nlh, P2PDMA_A_STREAMS, 17));
	BAD("unaligned source offset", mnl_attr_put_u64(nlh, P2PDMA_A_SRC_OFFSET, 100));
	BAD("unaligned destination offset", mnl_attr_put_u64(nlh, P2PDMA_A_DST_OFFSET, 4097));
	BAD("destination offset past the end", mnl_attr_put_u64(nlh, P2PDMA_A_DST_OFFSET, 1ULL << 40));
	BAD("source offset that wraps 64 bits", mnl_attr_put_u64(nlh, P2PDMA_A_SRC_OFFSET, -4096ULL));
	BAD("destination offset that wraps", mnl_attr_put_u64(nlh, P2PDMA_A_DST_OFFSET, -(1ULL << 20)));
	BAD("zero chunk count", mnl_attr_put_u64(nlh, P2PDMA_A_CHUNK_COUNT, 0));
	BAD("chunk count past the range", mnl_attr_put_u64(nlh, P2PDMA_A_CHUNK_COUNT, 17));
	BAD("chunk count that overflows bytes",
	    mnl_attr_put_u64(nlh, P2PDMA_A_CHUNK_COUNT, 1ULL << 60);
	    mnl_attr_put_u32(nlh, P2PDMA_A_FLAGS, P2PDMA_F_OVERLAP));
	BAD("zero duration", mnl_attr_put_u32(nlh, P2PDMA_A_DURATION_MS, 0));
	BAD("duration and chunk count",
	    mnl_attr_put_u32(nlh, P2PDMA_A_DURATION_MS, 10);
	    mnl_attr_put_u64(nlh, P2PDMA_A_CHUNK_COUNT, 2));
	BAD("unknown flag", mnl_attr_put_u32(nlh, P2PDMA_A_FLAGS, 1U << 31));
	BAD("sync mode past the last", mnl_attr_put_u32(nlh, P2PDMA_A_SYNC, P2PDMA_SYNC_NONE + 1));
	BAD("sync mode as u8", mnl_attr_put_u8(nlh, P2PDMA_A_SYNC, 0));
	BAD("skip read and write",
	    mnl_attr_put_u32(nlh, P2PDMA_A_FLAGS, P2PDMA_F_SKIP_READ | P2PDMA_F_SKIP_WRITE));
	BAD("buffer mode 7", mnl_attr_put_u32(nlh, P2PDMA_A_BUF_MODE, 7));
	BAD("unaligned buffer offset", mnl_attr_put_u32(nlh, P2PDMA_A_BUF_OFFSET, 3));
	BAD("buffer offset over 4 MiB", mnl_attr_put_u32(nlh, P2PDMA_A_BUF_OFFSET, 8 << 20));
	BAD("provider that is no address", mnl_attr_put_strz(nlh, P2PDMA_A_PROVIDER, "zz:zz.z"));
	BAD("provider without p2pmem", mnl_attr_put_strz(nlh, P2PDMA_A_PROVIDER, "0000:00:00.0"));
	BAD("provider with host memory",
	    mnl_attr_put_strz(nlh, P2PDMA_A_PROVIDER, "0000:00:00.0");
	    mnl_attr_put_u32(nlh, P2PDMA_A_BUF_MODE, P2PDMA_BUF_HOST));
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	BAD("path over 255 bytes", mnl_attr_put_strz(nlh, P2PDMA_A_SRC_PATH, longpath));
	BAD("path without its NUL", mnl_attr_put(nlh, P2PDMA_A_DST_PATH, 4, "/dev"));
	BAD("source that does not exist", mnl_attr_put_strz(nlh, P2PDMA_A_SRC_PATH, "/dev/nope"));
	BAD("destination that is no block device", mnl_attr_put_strz(nlh, P2PDMA_A_DST_PATH, "/dev/null"));
	BAD("length as u32", mnl_attr_put_u32(nlh, P2PDMA_A_LENGTH, 4096));
	BAD("chunk size as u64", mnl_attr_put_u64(nlh, P2PDMA_A_CHUNK_SIZE, 65536));
	BAD("flags as u8", mnl_attr_put_u8(nlh, P2PDMA_A_FLAGS, 0));
	BAD("attribute type 200", mnl_attr_put_u32(nlh, 200, 1));
	BAD("length as a nest", mnl_attr_nest_end(nlh, mnl_attr_nest_start(nlh, P2PDMA_A_LENGTH)));
}

static void other_cases(struct p2p_nl *nl)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	int i;

	nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_GET, 0);
	mnl_attr_put_u32(nlh, P2PDMA_A_JOB_ID, 0);
	expect_refusal(nl, nlh, "job id 0");
	nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_GET, 0);
	mnl_attr_put_u32(nlh, P2PDMA_A_JOB_ID, 0x7fffffff);
	expect_refusal(nl, nlh, "job that does not exist");
	expect_refusal(nl, p2p_nl_msg(nl, P2PDMA_CMD_JOB_GET, 0), "job get without id");
	expect_refusal(nl, p2p_nl_msg(nl, P2PDMA_CMD_JOB_CANCEL, 0), "cancel without id");
	nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_CANCEL, 0);
	mnl_attr_put_u32(nlh, P2PDMA_A_JOB_ID, 0x7fffffff);
	expect_refusal(nl, nlh, "cancel of no job");
	nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_WAIT, 0);
	mnl_attr_put_u32(nlh, P2PDMA_A_JOB_ID, 1);
	expect_refusal(nl, nlh, "wait, gone since version 2");
	expect_refusal(nl, p2p_nl_msg(nl, P2PDMA_CMD_PATH_GET, 0), "path without clients");
	nlh = p2p_nl_msg(nl, P2PDMA_CMD_PATH_GET, 0);
	mnl_attr_put_strz(nlh, P2PDMA_A_CLIENT, "not-a-device");
	expect_refusal(nl, nlh, "path with a bad client");
	nlh = p2p_nl_msg(nl, P2PDMA_CMD_PATH_GET, 0);
	for (i = 0; i < 9; i++)
		mnl_attr_put_strz(nlh, P2PDMA_A_CLIENT, "0000:00:00.0");
	expect_refusal(nl, nlh, "path with nine clients");
	expect_refusal(nl, p2p_nl_msg(nl, P2PDMA_CMD_JOB_DONE, 0), "a notification as a request");
	expect_refusal(nl, p2p_nl_msg(nl, 99, 0), "command 99");
	nlh = job_msg(nl, 0);
	g = mnl_nlmsg_get_payload(nlh);
	g->reserved = 1;
	expect_refusal(nl, nlh, "reserved header field set");
}

int main(int argc, char **argv)
{
	struct p2p_nl nl;

	if (argc != 3) {
		fprintf(stderr, "usage: nl-badinput SRC DST\n");
		return 2;
	}
	src = argv[1];
	dst = argv[2];
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (p2p_nl_connect(&nl))
		return 2;
	job_start_cases(&nl);
	other_cases(&nl);
	p2p_nl_close(&nl);
	printf("# %d bad requests, %d accepted\n", tried, accepted);
	return accepted > 125 ? 125 : accepted;
}
