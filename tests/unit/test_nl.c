// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/p2pdma_harness.h>

#include "check.h"
#include "document.h"
#include "nl.h"
#include "nl_attrs.h"

/* A socket-less p2p_nl whose buffer holds @size bytes, as ASan sees it. */
static void small_nl(struct p2p_nl *nl, size_t size)
{
	memset(nl, 0, sizeof(*nl));
	nl->bufsz = size;
	nl->buf = malloc(size);
	nl->family = 30;
}

static void attributes_that_fit(void)
{
	struct p2p_nl nl;
	struct nlmsghdr *nlh;

	small_nl(&nl, 256);
	nlh = p2p_nl_msg(&nl, P2PDMA_CMD_JOB_GET, 0);
	p2p_nl_put_u32(&nl, nlh, P2PDMA_A_JOB_ID, 7);
	p2p_nl_put_u64(&nl, nlh, P2PDMA_A_LENGTH, 1 << 20);
	p2p_nl_put_str(&nl, nlh, P2PDMA_A_SRC_PATH, "/dev/nvme1n1");
	CHECK(!nl.msg_bad);
	CHECK(nlh->nlmsg_len <= nl.bufsz);
	free(nl.buf);
}

/* One that does not fit is not written, and the message is never sent. */
static void overflow_is_refused(void)
{
	char path[P2PDMA_PATH_MAX * 2];
	struct p2p_nl nl;
	struct nlmsghdr *nlh;
	uint32_t len;

	memset(path, 'a', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	small_nl(&nl, 128);
	nlh = p2p_nl_msg(&nl, P2PDMA_CMD_JOB_START, 0);
	p2p_nl_put_u32(&nl, nlh, P2PDMA_A_FLAGS, 0);
	len = nlh->nlmsg_len;
	p2p_nl_put_str(&nl, nlh, P2PDMA_A_SRC_PATH, path);
	CHECK(nl.msg_bad);
	CHECK_EQ_U64(nlh->nlmsg_len, len);
	/* Later attributes that would fit do not make it good again. */
	p2p_nl_put_u64(&nl, nlh, P2PDMA_A_LENGTH, 4096);
	CHECK(nl.msg_bad);
	nl.bad.type = P2PDMA_A_LENGTH;	/* left by an earlier refusal */
	CHECK_EQ_U64(p2p_nl_talk(&nl, nlh, NULL, NULL), (uint64_t)-EMSGSIZE);
	CHECK(nl.errmsg[0] && nl.errmsg_own);
	CHECK(!p2p_nl_err_attribute(&nl));
	/* A new message starts clean. */
	p2p_nl_msg(&nl, P2PDMA_CMD_JOB_GET, 0);
	CHECK(!nl.msg_bad);
	free(nl.buf);
}

/* The option the last error blamed, printable when there is none. */
static const char *blamed(const struct p2p_nl *nl)
{
	const char *name = p2p_nl_err_attribute(nl);

	return name ? name : "(none)";
}

/* What the copy command sends, up to the attribute a test refuses. */
static struct nlmsghdr *copy_request(struct p2p_nl *nl)
{
	struct nlmsghdr *nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_START, 0);

	p2p_nl_put_str(nl, nlh, P2PDMA_A_SRC_PATH, "/dev/nvme0n1");
	p2p_nl_put_str(nl, nlh, P2PDMA_A_DST_PATH, "/dev/nvme1n1");
	p2p_nl_put_u64(nl, nlh, P2PDMA_A_LENGTH, 1 << 30);
	return nlh;
}

/* Where the next attribute put into @nlh will start. */
static uint32_t next_offset(const struct nlmsghdr *nlh)
{
	return MNL_ALIGN(nlh->nlmsg_len);
}

/*
 * The kernel's NLMSG_ERROR for @req, refused with @err, as it comes under
 * NETLINK_CAP_ACK (@echo false: only the request's header) or without
 * (the whole request); the test then adds the extended ack's TLVs.
 */
static struct nlmsghdr *ack_for(char *buf, const struct nlmsghdr *req,
				int err, bool echo)
{
	struct nlmsghdr *ack = mnl_nlmsg_put_header(buf);
	size_t echoed = echo ? req->nlmsg_len : sizeof(*req);
	struct nlmsgerr *e;

	ack->nlmsg_type = NLMSG_ERROR;
	ack->nlmsg_flags = NLM_F_ACK_TLVS | (echo ? 0 : NLM_F_CAPPED);
	ack->nlmsg_seq = req->nlmsg_seq;
	e = mnl_nlmsg_put_extra_header(ack, sizeof(*e) - sizeof(*req) + echoed);
	e->error = err;
	memcpy(&e->msg, req, echoed);
	return ack;
}

/* NLMSGERR_ATTR_POLICY as the kernel dumps an integer's range. */
static void put_range_policy(struct nlmsghdr *ack, uint32_t type,
			     bool is_signed, uint64_t min, uint64_t max)
{
	struct nlattr *nest = mnl_attr_nest_start(ack, NLMSGERR_ATTR_POLICY);

	mnl_attr_put_u64(ack, is_signed ? NL_POLICY_TYPE_ATTR_MIN_VALUE_S :
			 NL_POLICY_TYPE_ATTR_MIN_VALUE_U, min);
	mnl_attr_put_u64(ack, is_signed ? NL_POLICY_TYPE_ATTR_MAX_VALUE_S :
			 NL_POLICY_TYPE_ATTR_MAX_VALUE_U, max);
	mnl_attr_put_u32(ack, NL_POLICY_TYPE_ATTR_TYPE, type);
	mnl_attr_nest_end(ack, nest);
}

/* NLMSGERR_ATTR_POLICY with one u32 or u64 member besides the type. */
static void put_policy(struct nlmsghdr *ack, uint32_t type, uint16_t member,
		       uint64_t v)
{
	struct nlattr *nest = mnl_attr_nest_start(ack, NLMSGERR_ATTR_POLICY);

	if (member == NL_POLICY_TYPE_ATTR_MASK)
		mnl_attr_put_u64(ack, member, v);
	else
		mnl_attr_put_u32(ack, member, (uint32_t)v);
	mnl_attr_put_u32(ack, NL_POLICY_TYPE_ATTR_TYPE, type);
	mnl_attr_nest_end(ack, nest);
}

/* Reads @ack of @req into @nl and returns what p2p_nl_perror() would say. */
static const char *refusal(struct p2p_nl *nl, const struct nlmsghdr *req,
			   const struct nlmsghdr *ack, char *msg, size_t len)
{
	int err = -1;

	CHECK(p2p_nl_read_ack(nl, req, ack, &err) == 0);
	CHECK(err > 0);
	return p2p_nl_strerror(nl, "copy refused", -err, msg, len);
}

static void range_refusal_names_option_and_bound(void)
{
	char ackbuf[512], msg[512];
	struct nlmsghdr *req, *ack;
	struct p2p_nl nl;
	uint32_t off;
	bool first;
	int err = 0;

	small_nl(&nl, 512);
	req = copy_request(&nl);
	off = next_offset(req);
	p2p_nl_put_u32(&nl, req, P2PDMA_A_CHUNK_SIZE, 8 << 20);
	p2p_nl_put_u32(&nl, req, P2PDMA_A_QUEUE_DEPTH, 32);
	ack = ack_for(ackbuf, req, -ERANGE, false);
	mnl_attr_put_strz(ack, NLMSGERR_ATTR_MSG, "integer out of range");
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_OFFS, off);
	put_range_policy(ack, NL_ATTR_TYPE_U32, false, 512, P2PDMA_CHUNK_SIZE_MAX);

	CHECK(p2p_nl_read_ack(&nl, req, ack, &err) == 0);
	CHECK_EQ_U64(err, ERANGE);
	CHECK_STR(nl.errmsg, "integer out of range");
	CHECK_EQ_U64(nl.bad.type, P2PDMA_A_CHUNK_SIZE);
	CHECK(!nl.bad.missing && !nl.bad.nest);
	CHECK(nl.bad.has_value);
	CHECK_EQ_U64(nl.bad.value, 8 << 20);
	CHECK_EQ_U64(nl.bad.policy.type, NL_ATTR_TYPE_U32);
	CHECK(nl.bad.policy.has_min && nl.bad.policy.has_max);
	CHECK(!nl.bad.policy.is_signed && !nl.bad.policy.has_mask);
	CHECK_EQ_U64(nl.bad.policy.min, 512);
	CHECK_EQ_U64(nl.bad.policy.max, P2PDMA_CHUNK_SIZE_MAX);
	CHECK_STR(blamed(&nl), "--chunk_size");
	CHECK_STR(p2p_nl_strerror(&nl, "copy refused", -err, msg, sizeof(msg)),
		  "copy refused: --chunk_size 8388608: at most 4M (4194304 bytes)");

	/*
	 * What the user sees is what the run's document keeps, when it is
	 * the run's first error: no test before this one reports any.
	 */
	first = !doc_error_get();
	p2p_nl_perror(&nl, "copy refused", -err);
	CHECK(doc_error_get());
	if (first) {
		CHECK_EQ_U64(doc_error_get()->err, ERANGE);
		CHECK_STR(doc_error_get()->attribute, "--chunk_size");
		CHECK_STR(doc_error_get()->message, msg);
	}
	free(nl.buf);
}

/* A u32 out of the kernel's range, and how the runner words it. */
struct u32_range_case {
	uint16_t attr;
	uint32_t value;
	uint64_t min, max;
	const char *says;
};

static const struct u32_range_case u32_ranges[] = {
	{ P2PDMA_A_CHUNK_SIZE, 0, 512, P2PDMA_CHUNK_SIZE_MAX,
	  "copy refused: --chunk_size 0: at least 512 bytes" },
	{ P2PDMA_A_DURATION_MS, 0, 1, UINT32_MAX,
	  "copy refused: --duration 0.000 s: at least 0.001 s" },
	{ P2PDMA_A_STREAMS, 65, 1, P2PDMA_STREAMS_MAX,
	  "copy refused: --threads 65: at most 64" },
};

/* Each unit reads as limits.c says it; each kind of bound is named. */
static void bounds_in_the_users_terms(void)
{
	char path[300 + 1], ackbuf[1024], msg[512];
	struct nlmsghdr *req, *ack;
	struct p2p_nl nl;
	uint32_t off;
	size_t i;

	small_nl(&nl, 1024);
	for (i = 0; i < sizeof(u32_ranges) / sizeof(u32_ranges[0]); i++) {
		const struct u32_range_case *c = &u32_ranges[i];

		req = copy_request(&nl);
		off = next_offset(req);
		p2p_nl_put_u32(&nl, req, c->attr, c->value);
		ack = ack_for(ackbuf, req, -ERANGE, false);
		mnl_attr_put_u32(ack, NLMSGERR_ATTR_OFFS, off);
		put_range_policy(ack, NL_ATTR_TYPE_U32, false, c->min, c->max);
		CHECK_STR(refusal(&nl, req, ack, msg, sizeof(msg)), c->says);
	}

	req = copy_request(&nl);
	off = next_offset(req);
	p2p_nl_put_u32(&nl, req, P2PDMA_A_FLAGS, 0x40);
	ack = ack_for(ackbuf, req, -EINVAL, false);
	mnl_attr_put_strz(ack, NLMSGERR_ATTR_MSG, "reserved bit set");
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_OFFS, off);
	put_policy(ack, NL_ATTR_TYPE_U32, NL_POLICY_TYPE_ATTR_MASK, P2PDMA_F_ALL);
	CHECK_STR(refusal(&nl, req, ack, msg, sizeof(msg)),
		  "copy refused: flags 0x40: only bits 0x3f may be set");
	CHECK(nl.bad.policy.has_mask);
	CHECK_EQ_U64(nl.bad.policy.mask, P2PDMA_F_ALL);

	/* A string's bound is its length, the NUL aside, as the kernel counts. */
	memset(path, 'a', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	req = p2p_nl_msg(&nl, P2PDMA_CMD_JOB_START, 0);
	off = next_offset(req);
	p2p_nl_put_str(&nl, req, P2PDMA_A_SRC_PATH, path);
	ack = ack_for(ackbuf, req, -EINVAL, false);
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_OFFS, off);
	put_policy(ack, NL_ATTR_TYPE_NUL_STRING, NL_POLICY_TYPE_ATTR_MAX_LENGTH,
		   P2PDMA_PATH_MAX - 1);
	CHECK_STR(refusal(&nl, req, ack, msg, sizeof(msg)),
		  "copy refused: SRC (300 bytes): at most 255 bytes");
	CHECK(nl.bad.policy.has_max_len && !nl.bad.policy.has_min_len);
	CHECK_EQ_U64(nl.bad.policy.max_len, P2PDMA_PATH_MAX - 1);

	/* Signed values are sign-extended from their width. */
	req = p2p_nl_msg(&nl, P2PDMA_CMD_JOB_START, 0);
	off = next_offset(req);
	p2p_nl_put_u32(&nl, req, P2PDMA_A_TIMEOUT_MS, (uint32_t)-7);
	ack = ack_for(ackbuf, req, -ERANGE, false);
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_OFFS, off);
	put_range_policy(ack, NL_ATTR_TYPE_S32, true, (uint64_t)-5, 5);
	CHECK_STR(refusal(&nl, req, ack, msg, sizeof(msg)),
		  "copy refused: attribute 29 -7: at least -5");
	CHECK(nl.bad.policy.is_signed);
	CHECK_EQ_U64(nl.bad.value, (uint64_t)-7);
	free(nl.buf);
}

/* Without a bound it broke, the attribute still names the kernel's reason. */
static void offset_alone_names_the_option(void)
{
	char ackbuf[512], msg[512];
	struct nlmsghdr *req, *ack;
	struct p2p_nl nl;
	uint32_t off;

	small_nl(&nl, 512);
	req = copy_request(&nl);
	off = next_offset(req);
	p2p_nl_put_u32(&nl, req, P2PDMA_A_QUEUE_DEPTH, 32);
	p2p_nl_put_u32(&nl, req, P2PDMA_A_STREAMS, 4);
	ack = ack_for(ackbuf, req, -EINVAL, false);
	mnl_attr_put_strz(ack, NLMSGERR_ATTR_MSG, "more than the provider holds");
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_OFFS, off);
	CHECK_STR(refusal(&nl, req, ack, msg, sizeof(msg)),
		  "copy refused: --queue-depth: more than the provider holds (Invalid argument)");
	CHECK_EQ_U64(nl.bad.type, P2PDMA_A_QUEUE_DEPTH);
	CHECK(!nl.bad.has_value);
	CHECK_STR(blamed(&nl), "--queue-depth");

	ack = ack_for(ackbuf, req, -EINVAL, false);
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_OFFS, off);
	CHECK_STR(refusal(&nl, req, ack, msg, sizeof(msg)),
		  "copy refused: --queue-depth: Invalid argument");

	/* A value within the bounds was refused for another reason. */
	ack = ack_for(ackbuf, req, -EINVAL, false);
	mnl_attr_put_strz(ack, NLMSGERR_ATTR_MSG, "no");
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_OFFS, off);
	put_range_policy(ack, NL_ATTR_TYPE_U32, false, 1, P2PDMA_QUEUE_DEPTH_MAX);
	CHECK_STR(refusal(&nl, req, ack, msg, sizeof(msg)),
		  "copy refused: --queue-depth: no (Invalid argument)");
	CHECK(nl.bad.has_value);

	/* So was one whose size is not the policy's type's. */
	ack = ack_for(ackbuf, req, -EINVAL, false);
	mnl_attr_put_strz(ack, NLMSGERR_ATTR_MSG, "invalid attribute length");
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_OFFS, off);
	put_range_policy(ack, NL_ATTR_TYPE_U64, false, 1, 1);
	CHECK_STR(refusal(&nl, req, ack, msg, sizeof(msg)),
		  "copy refused: --queue-depth: invalid attribute length (Invalid argument)");
	CHECK(!nl.bad.has_value);
	free(nl.buf);
}

static void missing_attribute_is_named(void)
{
	char ackbuf[512], msg[512];
	struct nlmsghdr *req, *ack;
	struct p2p_nl nl;

	small_nl(&nl, 512);
	req = p2p_nl_msg(&nl, P2PDMA_CMD_JOB_START, 0);
	p2p_nl_put_u64(&nl, req, P2PDMA_A_LENGTH, 4096);
	ack = ack_for(ackbuf, req, -EINVAL, false);
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_MISS_TYPE, P2PDMA_A_SRC_PATH);
	CHECK_STR(refusal(&nl, req, ack, msg, sizeof(msg)),
		  "copy refused: missing SRC");
	CHECK(nl.bad.missing);
	CHECK_EQ_U64(nl.bad.type, P2PDMA_A_SRC_PATH);
	CHECK_STR(blamed(&nl), "SRC");

	ack = ack_for(ackbuf, req, -EINVAL, false);
	mnl_attr_put_strz(ack, NLMSGERR_ATTR_MSG, "missing attribute");
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_MISS_TYPE, P2PDMA_A_JOB_ID);
	CHECK_STR(refusal(&nl, req, ack, msg, sizeof(msg)),
		  "copy refused: missing ID: missing attribute (Invalid argument)");

	/* Without the request kept, a missing attribute is still named. */
	ack = ack_for(ackbuf, req, -EINVAL, false);
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_MISS_TYPE, P2PDMA_A_DST_PATH);
	CHECK_STR(refusal(&nl, NULL, ack, msg, sizeof(msg)),
		  "copy refused: missing DST");
	free(nl.buf);
}

/*
 * Without NETLINK_CAP_ACK the ack echoes the whole request before its
 * TLVs; offsets reach one nest down.
 */
static void echoed_request_and_nests(void)
{
	char ackbuf[1024], msg[512];
	struct nlmsghdr *req, *ack;
	struct nlattr *nest;
	struct p2p_nl nl;
	uint32_t nest_off, inner_off;

	small_nl(&nl, 512);
	req = copy_request(&nl);
	nest_off = next_offset(req);
	nest = mnl_attr_nest_start(req, P2PDMA_A_PHASE);
	p2p_nl_put_u32(&nl, req, P2PDMA_PH_ID, P2PDMA_PHASE_WRITE);
	inner_off = next_offset(req);
	p2p_nl_put_u64(&nl, req, P2PDMA_PH_IOS, 9);
	mnl_attr_nest_end(req, nest);
	p2p_nl_put_u32(&nl, req, P2PDMA_A_QUEUE_DEPTH, 32);

	ack = ack_for(ackbuf, req, -ERANGE, true);
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_OFFS, inner_off);
	put_range_policy(ack, NL_ATTR_TYPE_U64, false, 10, 20);
	CHECK_STR(refusal(&nl, req, ack, msg, sizeof(msg)),
		  "copy refused: attribute 3 in attribute 24 9: at least 10");
	CHECK_EQ_U64(nl.bad.type, P2PDMA_PH_IOS);
	CHECK_EQ_U64(nl.bad.nest, P2PDMA_A_PHASE);

	ack = ack_for(ackbuf, req, -EINVAL, true);
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_MISS_TYPE, P2PDMA_PH_BYTES);
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_MISS_NEST, nest_off);
	CHECK_STR(refusal(&nl, req, ack, msg, sizeof(msg)),
		  "copy refused: missing attribute 4 in attribute 24");
	CHECK(nl.bad.missing);

	/* An offset where no attribute starts names none. */
	ack = ack_for(ackbuf, req, -EINVAL, true);
	mnl_attr_put_strz(ack, NLMSGERR_ATTR_MSG, "bad");
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_OFFS, inner_off + 2);
	CHECK_STR(refusal(&nl, req, ack, msg, sizeof(msg)),
		  "copy refused: bad (Invalid argument)");
	CHECK(!p2p_nl_err_attribute(&nl));
	free(nl.buf);
}

/* Acks that do not hold together, or point outside the request. */
static void malformed_acks(void)
{
	char ackbuf[512], msg[512];
	struct nlmsghdr *req, *ack;
	struct nlmsgerr *e;
	struct p2p_nl nl;
	int err;

	small_nl(&nl, 512);
	req = copy_request(&nl);

	ack = ack_for(ackbuf, req, -EINVAL, false);
	ack->nlmsg_len = mnl_nlmsg_size(sizeof(int));
	CHECK(p2p_nl_read_ack(&nl, req, ack, &err) == -EBADMSG);

	/* An echo longer than the ack itself. */
	ack = ack_for(ackbuf, req, -EINVAL, false);
	ack->nlmsg_flags &= ~NLM_F_CAPPED;
	e = mnl_nlmsg_get_payload(ack);
	e->msg.nlmsg_len = 4096;
	CHECK(p2p_nl_read_ack(&nl, req, ack, &err) == -EBADMSG);

	ack = ack_for(ackbuf, req, -EINVAL, false);
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_OFFS, req->nlmsg_len + 64);
	CHECK_STR(refusal(&nl, req, ack, msg, sizeof(msg)),
		  "copy refused: Invalid argument");
	CHECK(!p2p_nl_err_attribute(&nl));

	/* A u16 where a u32 belongs is not read. */
	ack = ack_for(ackbuf, req, -EINVAL, false);
	mnl_attr_put_u16(ack, NLMSGERR_ATTR_OFFS, GENL_HDRLEN + NLMSG_HDRLEN);
	CHECK_STR(refusal(&nl, req, ack, msg, sizeof(msg)),
		  "copy refused: Invalid argument");

	/* Nothing named before the TLVs were read stays from an earlier ack. */
	ack = ack_for(ackbuf, req, -EINVAL, false);
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_OFFS, NLMSG_HDRLEN + GENL_HDRLEN);
	refusal(&nl, req, ack, msg, sizeof(msg));
	CHECK_STR(blamed(&nl), "SRC");
	ack = ack_for(ackbuf, req, 0, false);
	CHECK(p2p_nl_read_ack(&nl, req, ack, &err) == 0);
	CHECK_EQ_U64(err, 0);
	CHECK(!p2p_nl_err_attribute(&nl));
	free(nl.buf);
}

static void attribute_names_and_units(void)
{
	static const struct {
		uint16_t type;
		const char *name;
	} names[] = {
		{ P2PDMA_A_CHUNK_SIZE, "--chunk_size" },
		{ P2PDMA_A_QUEUE_DEPTH, "--queue-depth" },
		{ P2PDMA_A_STREAMS, "--threads" },
		{ P2PDMA_A_DURATION_MS, "--duration" },
		{ P2PDMA_A_BUF_OFFSET, "--offset" },
		{ P2PDMA_A_SRC_OFFSET, "--src-offset" },
		{ P2PDMA_A_DST_OFFSET, "--dst-offset" },
		{ P2PDMA_A_LENGTH, "--length" },
		{ P2PDMA_A_CHUNK_COUNT, "--chunks" },
		{ P2PDMA_A_SRC_PATH, "SRC" },
		{ P2PDMA_A_DST_PATH, "DST" },
		{ P2PDMA_A_PROVIDER, "PROVIDER" },
		{ P2PDMA_A_JOB_ID, "ID" },
		{ P2PDMA_A_SYNC, "--fua/--no-flush" },
		{ P2PDMA_A_FLAGS, "flags" },
		{ P2PDMA_A_BUF_MODE, "PROVIDER" },
		{ P2PDMA_A_STATE, "attribute 17" },
		{ P2PDMA_A_UNSPEC, "attribute 0" },
		{ P2PDMA_A_MAX + 1, "attribute 36" },
	};
	char buf[32];
	size_t i;

	CHECK_EQ_U64(P2PDMA_A_MAX + 1, 36);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		CHECK_STR(p2p_attr_name(names[i].type, buf, sizeof(buf)),
			  names[i].name);
	CHECK_EQ_U64(p2p_attr_unit(P2PDMA_A_CHUNK_SIZE), LIMIT_BYTES);
	CHECK_EQ_U64(p2p_attr_unit(P2PDMA_A_LENGTH), LIMIT_BYTES);
	CHECK_EQ_U64(p2p_attr_unit(P2PDMA_A_DURATION_MS), LIMIT_MS);
	CHECK_EQ_U64(p2p_attr_unit(P2PDMA_A_QUEUE_DEPTH), LIMIT_COUNT);
	CHECK_EQ_U64(p2p_attr_unit(P2PDMA_A_MAX + 1), LIMIT_COUNT);

	CHECK_STR(fmt_limit(buf, sizeof(buf), 4 << 20, LIMIT_BYTES),
		  "4M (4194304 bytes)");
	CHECK_STR(fmt_limit(buf, sizeof(buf), 512, LIMIT_BYTES), "512 bytes");
	CHECK_STR(fmt_limit(buf, sizeof(buf), 1, LIMIT_BYTES), "1 byte");
	CHECK_STR(fmt_limit(buf, sizeof(buf), 256, LIMIT_COUNT), "256");
	CHECK_STR(fmt_limit(buf, sizeof(buf), 1, LIMIT_MS), "0.001 s");
}

static void family_must_match_the_runner(void)
{
	char msg[512] = "";

	CHECK(p2p_nl_check_family(P2PDMA_GENL_VERSION, P2PDMA_A_MAX, msg,
				  sizeof(msg)) == 0);
	/* Attributes it knows and the runner does not are never sent. */
	CHECK(p2p_nl_check_family(P2PDMA_GENL_VERSION, P2PDMA_A_MAX + 1, msg,
				  sizeof(msg)) == 0);
	CHECK_STR(msg, "");

	CHECK(p2p_nl_check_family(P2PDMA_GENL_VERSION - 1, P2PDMA_A_MAX, msg,
				  sizeof(msg)) == -EPROTO);
	CHECK_STR(msg, "the loaded p2pdma_harness module speaks version 2 of its netlink family and this runner version 3: they come from different builds; rmmod p2pdma_harness and load the module built with this runner (or reinstall the DKMS package)");
	CHECK(p2p_nl_check_family(P2PDMA_GENL_VERSION + 1, P2PDMA_A_MAX, msg,
				  sizeof(msg)) == -EPROTO);
	CHECK_STR(msg, "the loaded p2pdma_harness module speaks version 4 of its netlink family and this runner version 3: they come from different builds; rmmod p2pdma_harness and load the module built with this runner (or reinstall the DKMS package)");
	CHECK(p2p_nl_check_family(P2PDMA_GENL_VERSION, P2PDMA_A_MAX - 2, msg,
				  sizeof(msg)) == -EPROTO);
	CHECK_STR(msg, "the loaded p2pdma_harness module knows netlink attributes up to 33 and this runner up to 35: they come from different builds; rmmod p2pdma_harness and load the module built with this runner (or reinstall the DKMS package)");
}

const struct test_case nl_tests[] = {
	{ "attributes_that_fit", attributes_that_fit },
	{ "overflow_is_refused", overflow_is_refused },
	{ "range_refusal_names_option_and_bound",
	  range_refusal_names_option_and_bound },
	{ "bounds_in_the_users_terms", bounds_in_the_users_terms },
	{ "offset_alone_names_the_option", offset_alone_names_the_option },
	{ "missing_attribute_is_named", missing_attribute_is_named },
	{ "echoed_request_and_nests", echoed_request_and_nests },
	{ "malformed_acks", malformed_acks },
	{ "attribute_names_and_units", attribute_names_and_units },
	{ "family_must_match_the_runner", family_must_match_the_runner },
};
const int nl_ntests = sizeof(nl_tests) / sizeof(nl_tests[0]);
