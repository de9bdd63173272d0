// SPDX-License-Identifier: GPL-2.0
/*
 * nl-badinput SRC DST: sends the p2pdma-harness family one bad request of
 * each kind (missing, oversized, negative, zero, unaligned, overflowing and
 * mistyped attributes, bad headers) and checks that each is refused with
 * the errno it must get and, where the kernel gives a reason, the reason
 * it must give: the netlink core's policy validation for what the policy
 * can see, the module's handlers for the rest.
 *
 * First come the positive controls, dry runs of a valid copy through p2p
 * memory and through host memory, which must be acknowledged with 0: a
 * module that refuses everything fails here, not silently below.
 *
 * Prints one "# refused" line per bad request, a "# WRONG" line for each
 * refusal with the wrong errno or reason, and exits with the number of
 * controls refused, bad requests accepted and refusals that were wrong.
 * It never starts a job: each case is wrong in exactly one way that the
 * kernel must notice first, and the controls are dry runs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/p2pdma_harness.h>

#include "nl.h"

static const char *src, *dst;
static int wrong, tried;

static const char *errname(int err)
{
	static const struct { int err; const char *name; } names[] = {
		{ EINVAL, "EINVAL" }, { ERANGE, "ERANGE" }, { ENOENT, "ENOENT" },
		{ ENODEV, "ENODEV" }, { ENOTBLK, "ENOTBLK" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { EPERM, "EPERM" },
		{ ENOMEM, "ENOMEM" }, { EBUSY, "EBUSY" }, { EXDEV, "EXDEV" },
		{ EACCES, "EACCES" }, { EROFS, "EROFS" }, { EMSGSIZE, "EMSGSIZE" },
	};
	static char buf[24];
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	snprintf(buf, sizeof(buf), "errno %d", err);
	return buf;
}

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

/* A request that must be acknowledged with 0: proof the module says yes. */
static void expect_ack(struct p2p_nl *nl, struct nlmsghdr *nlh, const char *what)
{
	int ret = p2p_nl_talk(nl, nlh, NULL, NULL);

	if (ret) {
		wrong++;
		printf("# CONTROL REFUSED: %s: %s %s\n", what, errname(-ret),
		       nl->errmsg[0] ? nl->errmsg : "(no message)");
		return;
	}
	printf("# control acknowledged: %s\n", what);
}

/*
 * A request that must be refused with @err and, unless @reason is NULL,
 * an extack message containing @reason ("" for: no message at all).
 */
static void expect_refusal(struct p2p_nl *nl, struct nlmsghdr *nlh,
			   const char *what, int err, const char *reason)
{
	int ret = p2p_nl_talk(nl, nlh, NULL, NULL);

	tried++;
	if (!ret) {
		wrong++;
		printf("# ACCEPTED: %s\n", what);
		return;
	}
	printf("# refused %-40s %-10s %s\n", what, errname(-ret),
	       nl->errmsg[0] ? nl->errmsg : "(no message)");
	if (-ret != err ||
	    (reason && !reason[0] && nl->errmsg[0]) ||
	    (reason && reason[0] && !strstr(nl->errmsg, reason))) {
		wrong++;
		printf("# WRONG: %s: expected %s%s%s%s\n", what, errname(err),
		       reason ? " with '" : "", reason ? reason : "",
		       reason ? "'" : "");
	}
}

/* The netlink core's reasons, from its attribute validation. */
#define R_RANGE		"integer out of range"
#define R_BADLEN	"invalid attribute length"
#define R_BADPOL	"Attribute failed policy validation"

/* A JOB_START that is valid but for the attributes the statements add. */
#define BAD(name, err, reason, ...)					\
	do {								\
		struct nlmsghdr *nlh = job_msg(nl, 0);			\
		__VA_ARGS__;						\
		expect_refusal(nl, nlh, name, err, reason);		\
	} while (0)

#define MISSING(name, attr, reason) \
	expect_refusal(nl, job_msg(nl, attr), name, EINVAL, reason)

static void controls(struct p2p_nl *nl)
{
	struct nlmsghdr *nlh;

	nlh = job_msg(nl, 0);
	mnl_attr_put_u32(nlh, P2PDMA_A_FLAGS, P2PDMA_F_DRY_RUN);
	expect_ack(nl, nlh, "dry run of a valid copy through p2p memory");
	nlh = job_msg(nl, 0);
	mnl_attr_put_u32(nlh, P2PDMA_A_BUF_MODE, P2PDMA_BUF_HOST);
	mnl_attr_put_u32(nlh, P2PDMA_A_FLAGS, P2PDMA_F_DRY_RUN);
	expect_ack(nl, nlh, "dry run of a valid copy through host memory");
}

static void job_start_cases(struct p2p_nl *nl)
{
	char longpath[400], longpci[40];

	MISSING("missing source", P2PDMA_A_SRC_PATH, "missing source device");
	MISSING("missing destination", P2PDMA_A_DST_PATH, "missing destination device");
	MISSING("missing length", P2PDMA_A_LENGTH, "missing length");
	BAD("zero length", ERANGE, R_RANGE, mnl_attr_put_u64(nlh, P2PDMA_A_LENGTH, 0));
	BAD("length past the device", ERANGE, "source range runs past the device's end",
	    mnl_attr_put_u64(nlh, P2PDMA_A_LENGTH, 1ULL << 40));
	BAD("length of 2^64-512", ERANGE, "source range runs past the device's end",
	    mnl_attr_put_u64(nlh, P2PDMA_A_LENGTH, -512ULL));
	BAD("zero chunk size", ERANGE, R_RANGE, mnl_attr_put_u32(nlh, P2PDMA_A_CHUNK_SIZE, 0));
	BAD("chunk size over 4 MiB", ERANGE, R_RANGE,
	    mnl_attr_put_u32(nlh, P2PDMA_A_CHUNK_SIZE, (4 << 20) + 512));
	BAD("chunk size of -1", ERANGE, R_RANGE, mnl_attr_put_u32(nlh, P2PDMA_A_CHUNK_SIZE, -1U));
	BAD("unaligned chunk size", EINVAL, "chunk size 1000 is not a multiple of the logical block size",
	    mnl_attr_put_u32(nlh, P2PDMA_A_CHUNK_SIZE, 1000));
	BAD("zero queue depth", ERANGE, R_RANGE, mnl_attr_put_u32(nlh, P2PDMA_A_QUEUE_DEPTH, 0));
	BAD("queue depth 257", ERANGE, R_RANGE, mnl_attr_put_u32(nlh, P2PDMA_A_QUEUE_DEPTH, 257));
	BAD("zero streams", ERANGE, R_RANGE, mnl_attr_put_u32(nlh, P2PDMA_A_STREAMS, 0));
	BAD("65 streams", ERANGE, R_RANGE, mnl_attr_put_u32(nlh, P2PDMA_A_STREAMS, 65));
	BAD("more streams than chunks", EINVAL, "17 streams but only 16 chunks in the range",
	    mnl_attr_put_u32(nlh, P2PDMA_A_STREAMS, 17));
	BAD("unaligned source offset", EINVAL, "offsets and length must be multiples of the logical block size",
	    mnl_attr_put_u64(nlh, P2PDMA_A_SRC_OFFSET, 100));
	BAD("unaligned destination offset", EINVAL, "offsets and length must be multiples of the logical block size",
	    mnl_attr_put_u64(nlh, P2PDMA_A_DST_OFFSET, 4097));
	BAD("unaligned length", EINVAL, "offsets and length must be multiples of the logical block size",
	    mnl_attr_put_u64(nlh, P2PDMA_A_LENGTH, (1 << 20) + 100));
	BAD("destination offset past the end", ERANGE, "destination range runs past the device's end",
	    mnl_attr_put_u64(nlh, P2PDMA_A_DST_OFFSET, 1ULL << 40));
	BAD("source offset that wraps 64 bits", ERANGE, "source range runs past the device's end",
	    mnl_attr_put_u64(nlh, P2PDMA_A_SRC_OFFSET, -4096ULL));
	BAD("destination offset that wraps", ERANGE, "destination range runs past the device's end",
	    mnl_attr_put_u64(nlh, P2PDMA_A_DST_OFFSET, -(1ULL << 20)));
	BAD("zero chunk count", ERANGE, R_RANGE, mnl_attr_put_u64(nlh, P2PDMA_A_CHUNK_COUNT, 0));
	BAD("chunk count past the range", ERANGE, "chunk count exceeds the 16 chunks of the range",
	    mnl_attr_put_u64(nlh, P2PDMA_A_CHUNK_COUNT, 17));
	BAD("chunk count that overflows bytes", ERANGE, "chunk count times chunk size overflows",
	    mnl_attr_put_u64(nlh, P2PDMA_A_CHUNK_COUNT, 1ULL << 60);
	    mnl_attr_put_u32(nlh, P2PDMA_A_FLAGS, P2PDMA_F_OVERLAP));
	BAD("fewer chunks than streams", EINVAL, "2 chunks cannot feed 3 streams",
	    mnl_attr_put_u64(nlh, P2PDMA_A_CHUNK_COUNT, 2);
	    mnl_attr_put_u32(nlh, P2PDMA_A_STREAMS, 3));
	BAD("zero duration", ERANGE, R_RANGE, mnl_attr_put_u32(nlh, P2PDMA_A_DURATION_MS, 0));
	BAD("timed, fewer chunks than streams", EINVAL, "2 chunks cannot feed 3 streams",
	    mnl_attr_put_u32(nlh, P2PDMA_A_DURATION_MS, 10);
	    mnl_attr_put_u64(nlh, P2PDMA_A_CHUNK_COUNT, 2);
	    mnl_attr_put_u32(nlh, P2PDMA_A_STREAMS, 3));
	BAD("unknown flag", EINVAL, "reserved bit set",
	    mnl_attr_put_u32(nlh, P2PDMA_A_FLAGS, 1U << 31));
	BAD("sync mode past the last", ERANGE, R_RANGE,
	    mnl_attr_put_u32(nlh, P2PDMA_A_SYNC, P2PDMA_SYNC_NONE + 1));
	BAD("sync mode as u8", EINVAL, R_BADLEN, mnl_attr_put_u8(nlh, P2PDMA_A_SYNC, 0));
	BAD("skip read and write", EINVAL, "skipping both read and write leaves nothing to do",
	    mnl_attr_put_u32(nlh, P2PDMA_A_FLAGS, P2PDMA_F_SKIP_READ | P2PDMA_F_SKIP_WRITE));
	BAD("read-ahead with overlap", EINVAL, "read-ahead overlaps reads with earlier writes",
	    mnl_attr_put_u32(nlh, P2PDMA_A_FLAGS, P2PDMA_F_READ_AHEAD | P2PDMA_F_OVERLAP));
	BAD("read-ahead with skip-read", EINVAL, "read-ahead overlaps reads with earlier writes",
	    mnl_attr_put_u32(nlh, P2PDMA_A_FLAGS, P2PDMA_F_READ_AHEAD | P2PDMA_F_SKIP_READ));
	BAD("read-ahead with skip-write", EINVAL, "read-ahead overlaps reads with earlier writes",
	    mnl_attr_put_u32(nlh, P2PDMA_A_FLAGS, P2PDMA_F_READ_AHEAD | P2PDMA_F_SKIP_WRITE));
	BAD("overlapping ranges on one device", EINVAL, "source and destination ranges overlap",
	    mnl_attr_put_strz(nlh, P2PDMA_A_SRC_PATH, dst));
	BAD("buffer mode 7", ERANGE, R_RANGE, mnl_attr_put_u32(nlh, P2PDMA_A_BUF_MODE, 7));
	BAD("unaligned buffer offset", EINVAL, "buffer offset 3 is not a multiple of the devices' DMA alignment",
	    mnl_attr_put_u32(nlh, P2PDMA_A_BUF_OFFSET, 3));
	BAD("buffer offset over 4 MiB", ERANGE, R_RANGE, mnl_attr_put_u32(nlh, P2PDMA_A_BUF_OFFSET, 8 << 20));
	BAD("chunk size plus buffer offset over 4 MiB", EINVAL, "chunk size plus buffer offset exceed",
	    mnl_attr_put_u32(nlh, P2PDMA_A_CHUNK_SIZE, 4 << 20);
	    mnl_attr_put_u32(nlh, P2PDMA_A_BUF_OFFSET, 512));
	BAD("provider that is no address", ENODEV, "provider zz:zz.z: no such PCI device",
	    mnl_attr_put_strz(nlh, P2PDMA_A_PROVIDER, "zz:zz.z"));
	BAD("provider without p2pmem", ENODEV, "provider 0000:00:00.0 has no p2pmem registered",
	    mnl_attr_put_strz(nlh, P2PDMA_A_PROVIDER, "0000:00:00.0"));
	BAD("provider with host memory", EINVAL, "a provider makes no sense with host memory",
	    mnl_attr_put_strz(nlh, P2PDMA_A_PROVIDER, "0000:00:00.0");
	    mnl_attr_put_u32(nlh, P2PDMA_A_BUF_MODE, P2PDMA_BUF_HOST));
	memset(longpci, '0', sizeof(longpci) - 1);
	longpci[sizeof(longpci) - 1] = '\0';
	BAD("provider address over 31 bytes", EINVAL, R_BADPOL,
	    mnl_attr_put_strz(nlh, P2PDMA_A_PROVIDER, longpci));
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	BAD("path over 255 bytes", EINVAL, R_BADPOL, mnl_attr_put_strz(nlh, P2PDMA_A_SRC_PATH, longpath));
	BAD("path without its NUL", EINVAL, R_BADPOL, mnl_attr_put(nlh, P2PDMA_A_DST_PATH, 4, "/dev"));
	BAD("source that does not exist", ENOENT, "cannot open source /dev/nope",
	    mnl_attr_put_strz(nlh, P2PDMA_A_SRC_PATH, "/dev/nope"));
	BAD("destination that is no block device", ENOTBLK, "cannot open destination /dev/null",
	    mnl_attr_put_strz(nlh, P2PDMA_A_DST_PATH, "/dev/null"));
	BAD("length as u32", EINVAL, R_BADLEN, mnl_attr_put_u32(nlh, P2PDMA_A_LENGTH, 4096));
	BAD("chunk size as u64", EINVAL, R_BADLEN, mnl_attr_put_u64(nlh, P2PDMA_A_CHUNK_SIZE, 65536));
	BAD("flags as u8", EINVAL, R_BADLEN, mnl_attr_put_u8(nlh, P2PDMA_A_FLAGS, 0));
	BAD("attribute type 200", EINVAL, "Unknown attribute type", mnl_attr_put_u32(nlh, 200, 1));
	BAD("output-only attribute (state)", EINVAL, "Unsupported attribute",
	    mnl_attr_put_u32(nlh, P2PDMA_A_STATE, 0));
	BAD("length as a nest", EINVAL, R_BADLEN,
	    mnl_attr_nest_end(nlh, mnl_attr_nest_start(nlh, P2PDMA_A_LENGTH)));
}

static void other_cases(struct p2p_nl *nl)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	int i;

	nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_GET, 0);
	mnl_attr_put_u32(nlh, P2PDMA_A_JOB_ID, 0);
	expect_refusal(nl, nlh, "job id 0", ERANGE, R_RANGE);
	nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_GET, 0);
	mnl_attr_put_u32(nlh, P2PDMA_A_JOB_ID, 0x7fffffff);
	expect_refusal(nl, nlh, "job that does not exist", ENOENT, "no job 2147483647");
	nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_GET, 0);
	mnl_attr_put_u64(nlh, P2PDMA_A_JOB_ID, 1);
	expect_refusal(nl, nlh, "job id as u64", EINVAL, R_BADLEN);
	expect_refusal(nl, p2p_nl_msg(nl, P2PDMA_CMD_JOB_GET, 0), "job get without id",
		       EINVAL, "missing job id");
	expect_refusal(nl, p2p_nl_msg(nl, P2PDMA_CMD_JOB_CANCEL, 0), "cancel without id",
		       EINVAL, "missing job id");
	nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_CANCEL, 0);
	mnl_attr_put_u32(nlh, P2PDMA_A_JOB_ID, 0x7fffffff);
	expect_refusal(nl, nlh, "cancel of no job", ENOENT, "no job 2147483647");
	nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_WAIT, 0);
	mnl_attr_put_u32(nlh, P2PDMA_A_JOB_ID, 1);
	expect_refusal(nl, nlh, "wait, gone since version 2", EOPNOTSUPP, NULL);
	expect_refusal(nl, p2p_nl_msg(nl, P2PDMA_CMD_PATH_GET, 0), "path without clients",
		       EINVAL, "missing client PCI address");
	nlh = p2p_nl_msg(nl, P2PDMA_CMD_PATH_GET, 0);
	mnl_attr_put_strz(nlh, P2PDMA_A_CLIENT, "not-a-device");
	expect_refusal(nl, nlh, "path with a bad client", EINVAL,
		       "client not-a-device: no such PCI device");
	nlh = p2p_nl_msg(nl, P2PDMA_CMD_PATH_GET, 0);
	for (i = 0; i < 9; i++)
		mnl_attr_put_strz(nlh, P2PDMA_A_CLIENT, "0000:00:00.0");
	expect_refusal(nl, nlh, "path with nine clients", EINVAL, "too many clients");
	nlh = p2p_nl_msg(nl, P2PDMA_CMD_PATH_GET, 0);
	mnl_attr_put_strz(nlh, P2PDMA_A_CLIENT, "0000:00:00.0");
	mnl_attr_put_strz(nlh, P2PDMA_A_PROVIDER, "zz:zz.z");
	expect_refusal(nl, nlh, "path to a provider that is no address", ENODEV,
		       "provider: no such PCI device");
	expect_refusal(nl, p2p_nl_msg(nl, P2PDMA_CMD_PROVIDER_GET, 0),
		       "providers without a dump", EOPNOTSUPP, NULL);
	nlh = job_msg(nl, 0);
	nlh->nlmsg_flags |= NLM_F_DUMP;
	expect_refusal(nl, nlh, "a dump of job start", EOPNOTSUPP, NULL);
	expect_refusal(nl, p2p_nl_msg(nl, P2PDMA_CMD_JOB_DONE, 0), "a notification as a request",
		       EOPNOTSUPP, NULL);
	expect_refusal(nl, p2p_nl_msg(nl, 99, 0), "command 99", EOPNOTSUPP, NULL);
	nlh = job_msg(nl, 0);
	g = mnl_nlmsg_get_payload(nlh);
	g->reserved = 1;
	expect_refusal(nl, nlh, "reserved header field set", EINVAL,
		       "genlmsghdr.reserved field is not 0");
	nlh = job_msg(nl, 0);
	nlh->nlmsg_flags |= NLM_F_ATOMIC;
	expect_refusal(nl, nlh, "reserved nlmsg flag", EINVAL,
		       "ambiguous or reserved bits set in nlmsg_flags");
	nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_GET, 0);
	nlh->nlmsg_len = NLMSG_HDRLEN + 2;
	expect_refusal(nl, nlh, "generic netlink header cut short", EINVAL, "");
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
	controls(&nl);
	job_start_cases(&nl);
	other_cases(&nl);
	p2p_nl_close(&nl);
	printf("# %d bad requests, %d answers wrong (controls included)\n", tried, wrong);
	return wrong > 125 ? 125 : wrong;
}
