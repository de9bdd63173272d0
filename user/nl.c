// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/p2pdma_harness.h>

#include "document.h"
#include "nl.h"
#include "nl_attrs.h"

/* Large enough for a job with both latency histograms, and a dump of them. */
#define P2P_NL_BUFSZ	(64 * 1024)

static int ctrl_group_cb(const struct nlattr *attr, void *data)
{
	struct p2p_nl *nl = data;
	const struct nlattr *a, *name = NULL, *id = NULL;

	mnl_attr_for_each_nested(a, attr) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME)
			name = a;
		else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID)
			id = a;
	}
	if (name && id && !strcmp(mnl_attr_get_str(name), P2PDMA_GENL_MCGRP_JOBS))
		nl->mcgrp_jobs = mnl_attr_get_u32(id);
	return MNL_CB_OK;
}

static int ctrl_family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct p2p_nl *nl = data;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case CTRL_ATTR_FAMILY_ID:
			nl->family = mnl_attr_get_u16(attr);
			break;
		case CTRL_ATTR_VERSION:
			nl->family_version = mnl_attr_get_u32(attr);
			break;
		case CTRL_ATTR_MAXATTR:
			nl->family_maxattr = mnl_attr_get_u32(attr);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			mnl_attr_parse_nested(attr, ctrl_group_cb, nl);
			break;
		}
	}
	return MNL_CB_OK;
}

static struct nlmsghdr *msg_start(struct p2p_nl *nl, uint16_t type,
				  uint8_t cmd, uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	nl->msg_bad = false;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

struct nlmsghdr *p2p_nl_msg(struct p2p_nl *nl, uint8_t cmd, uint16_t flags)
{
	return msg_start(nl, nl->family, cmd, P2PDMA_GENL_VERSION, flags);
}

void p2p_nl_put_u32(struct p2p_nl *nl, struct nlmsghdr *nlh, uint16_t type,
		    uint32_t v)
{
	if (!mnl_attr_put_u32_check(nlh, nl->bufsz, type, v))
		nl->msg_bad = true;
}

void p2p_nl_put_u64(struct p2p_nl *nl, struct nlmsghdr *nlh, uint16_t type,
		    uint64_t v)
{
	if (!mnl_attr_put_u64_check(nlh, nl->bufsz, type, v))
		nl->msg_bad = true;
}

void p2p_nl_put_str(struct p2p_nl *nl, struct nlmsghdr *nlh, uint16_t type,
		    const char *s)
{
	if (!mnl_attr_put_strz_check(nlh, nl->bufsz, type, s))
		nl->msg_bad = true;
}

/*
 * libmnl hands control callbacks the same data pointer as the caller's
 * callback, so both get this and each takes what it needs.
 */
struct talk {
	struct p2p_nl *nl;
	mnl_cb_t cb;
	void *data;
};

static int data_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct talk *t = arg;

	return t->cb ? t->cb(nlh, t->data) : MNL_CB_OK;
}

/*
 * Where an acknowledgement's TLVs start: past the request it echoes, all
 * of it unless NETLINK_CAP_ACK (or success) capped it to its header.
 */
static int ack_tlv_offset(const struct nlmsghdr *ack, size_t *off)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(ack);

	if (ack->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
		return -EBADMSG;
	*off = sizeof(*e);
	if (!(ack->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < sizeof(e->msg))
			return -EBADMSG;
		*off += e->msg.nlmsg_len - sizeof(e->msg);
	}
	return *off <= mnl_nlmsg_get_payload_len(ack) ? 0 : -EBADMSG;
}

int p2p_nl_parse_ack(const struct nlmsghdr *nlh, int *err, char *msg, size_t len)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	size_t off;

	if (ack_tlv_offset(nlh, &off))
		return -EBADMSG;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		mnl_attr_for_each(attr, nlh, off) {
			if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
			    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
				snprintf(msg, len, "%s", mnl_attr_get_str(attr));
		}
	}
	*err = -e->error;
	return 0;
}

static bool get_u32(const struct nlattr *attr, uint32_t *v)
{
	if (mnl_attr_validate(attr, MNL_TYPE_U32))
		return false;
	*v = mnl_attr_get_u32(attr);
	return true;
}

static bool get_u64(const struct nlattr *attr, uint64_t *v)
{
	if (mnl_attr_validate(attr, MNL_TYPE_U64))
		return false;
	*v = mnl_attr_get_u64(attr);
	return true;
}

/*
 * The attribute starting @off bytes into @req, at the top level or one
 * nest down (the runner sends nothing deeper); @nest gets the type of
 * the attribute holding it.  NULL when no attribute starts there.
 */
static const struct nlattr *attr_at(const struct nlmsghdr *req, uint32_t off,
				    uint16_t *nest)
{
	const struct nlattr *attr, *inner;

	if (!req || req->nlmsg_len < mnl_nlmsg_size(GENL_HDRLEN))
		return NULL;
	mnl_attr_for_each(attr, req, GENL_HDRLEN) {
		size_t start = (const char *)attr - (const char *)req;

		if (off == start)
			return attr;
		if (off < start || off >= start + mnl_attr_get_len(attr))
			continue;
		mnl_attr_for_each_nested(inner, attr) {
			if ((size_t)((const char *)inner - (const char *)req) == off) {
				*nest = mnl_attr_get_type(attr);
				return inner;
			}
		}
		return NULL;
	}
	return NULL;
}

/* NLMSGERR_ATTR_POLICY: what the refused attribute had to be. */
static void read_policy(const struct nlattr *nest, struct p2p_nl_policy *pol)
{
	const struct nlattr *attr;

	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case NL_POLICY_TYPE_ATTR_TYPE:
			get_u32(attr, &pol->type);
			break;
		case NL_POLICY_TYPE_ATTR_MIN_VALUE_S:
			pol->is_signed = true;
			/* fallthrough */
		case NL_POLICY_TYPE_ATTR_MIN_VALUE_U:
			pol->has_min = get_u64(attr, &pol->min);
			break;
		case NL_POLICY_TYPE_ATTR_MAX_VALUE_S:
			pol->is_signed = true;
			/* fallthrough */
		case NL_POLICY_TYPE_ATTR_MAX_VALUE_U:
			pol->has_max = get_u64(attr, &pol->max);
			break;
		case NL_POLICY_TYPE_ATTR_MASK:
			pol->has_mask = get_u64(attr, &pol->mask);
			break;
		case NL_POLICY_TYPE_ATTR_MIN_LENGTH:
			pol->has_min_len = get_u32(attr, &pol->min_len);
			break;
		case NL_POLICY_TYPE_ATTR_MAX_LENGTH:
			pol->has_max_len = get_u32(attr, &pol->max_len);
			break;
		}
	}
}

static bool is_length_policy(uint32_t type)
{
	return type == NL_ATTR_TYPE_STRING || type == NL_ATTR_TYPE_NUL_STRING ||
	       type == NL_ATTR_TYPE_BINARY;
}

/*
 * The value @attr carries, read as its policy's @type says: an integer,
 * sign-extended when signed, or a payload's length the way the kernel
 * counts it (a string's terminating NUL aside).  False when its size is
 * not the type's, or the type is not one with bounds.
 */
static bool read_value(const struct nlattr *attr, uint32_t type, uint64_t *v)
{
	uint16_t len = mnl_attr_get_payload_len(attr);
	const char *payload = mnl_attr_get_payload(attr);
	unsigned int width;
	uint64_t u;

	if (is_length_policy(type)) {
		*v = type != NL_ATTR_TYPE_BINARY && len && !payload[len - 1] ?
		     len - 1U : len;
		return true;
	}
	if (type < NL_ATTR_TYPE_U8 || type > NL_ATTR_TYPE_S64)
		return false;
	/* U8, U16, U32, U64, then S8 to S64 the same. */
	width = 1U << ((type - NL_ATTR_TYPE_U8) % 4);
	if (len != width)
		return false;
	switch (width) {
	case 1:
		u = mnl_attr_get_u8(attr);
		break;
	case 2:
		u = mnl_attr_get_u16(attr);
		break;
	case 4:
		u = mnl_attr_get_u32(attr);
		break;
	default:
		u = mnl_attr_get_u64(attr);
		break;
	}
	if (type >= NL_ATTR_TYPE_S8 && width < 8 && u >> (width * 8 - 1))
		u |= ~0ULL << (width * 8);
	*v = u;
	return true;
}

/* "--chunk_size", or "attribute 3 in attribute 24" for a nested one. */
static void name_bad_attr(struct p2p_nl_bad_attr *bad)
{
	char nest[32];

	if (!bad->nest) {
		p2p_attr_name(bad->type, bad->name, sizeof(bad->name));
		return;
	}
	snprintf(bad->name, sizeof(bad->name), "attribute %u in %s",
		 bad->type, p2p_attr_name(bad->nest, nest, sizeof(nest)));
}

int p2p_nl_read_ack(struct p2p_nl *nl, const struct nlmsghdr *req,
		    const struct nlmsghdr *ack, int *err)
{
	struct p2p_nl_bad_attr *bad = &nl->bad;
	const struct nlattr *attr, *refused = NULL, *nest;
	uint16_t outer;
	uint32_t v;
	size_t off;
	int ret;

	memset(bad, 0, sizeof(*bad));
	nl->errmsg[0] = '\0';
	nl->errmsg_own = false;
	ret = p2p_nl_parse_ack(ack, err, nl->errmsg, sizeof(nl->errmsg));
	if (ret || !(ack->nlmsg_flags & NLM_F_ACK_TLVS))
		return ret;
	ack_tlv_offset(ack, &off);
	mnl_attr_for_each(attr, ack, off) {
		switch (mnl_attr_get_type(attr)) {
		case NLMSGERR_ATTR_OFFS:
			if (get_u32(attr, &v))
				refused = attr_at(req, v, &bad->nest);
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (get_u32(attr, &v) && v <= (uint16_t)NLA_TYPE_MASK) {
				bad->missing = true;
				bad->type = v;
			}
			break;
		case NLMSGERR_ATTR_MISS_NEST:
			nest = get_u32(attr, &v) ? attr_at(req, v, &outer) : NULL;
			if (nest)
				bad->nest = mnl_attr_get_type(nest);
			break;
		case NLMSGERR_ATTR_POLICY:
			read_policy(attr, &bad->policy);
			break;
		}
	}
	/* The policy, which says how to read the value, may come after. */
	if (refused) {
		bad->type = mnl_attr_get_type(refused);
		bad->has_value = read_value(refused, bad->policy.type,
					    &bad->value);
	}
	if (bad->type)
		name_bad_attr(bad);
	return 0;
}

/* The copy of the request being answered, or NULL when none was kept. */
static const struct nlmsghdr *sent_request(const struct p2p_nl *nl)
{
	return nl->sent_len ? (const struct nlmsghdr *)nl->sent : NULL;
}

/* Keeps the kernel's reason behind an errno, and the attribute it blamed. */
static int error_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct p2p_nl *nl = ((struct talk *)arg)->nl;
	int err;

	if (p2p_nl_read_ack(nl, sent_request(nl), nlh, &err)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (err) {
		errno = err;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

/* The end of a dump, which carries the dump's own error, if any. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	int err = 0;

	(void)data;
	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int))
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (err < 0) {
		errno = -err;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static int noop_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

/* libmnl consults only this table for control messages once it is given. */
static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP] = noop_cb,
	[NLMSG_ERROR] = error_cb,
	[NLMSG_DONE] = done_cb,
	[NLMSG_OVERRUN] = noop_cb,
};

int p2p_nl_talk(struct p2p_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data)
{
	struct talk t = { .nl = nl, .cb = cb, .data = data };
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t n;
	int ret;

	nl->errmsg[0] = '\0';
	nl->errmsg_own = false;
	memset(&nl->bad, 0, sizeof(nl->bad));
	nl->sent_len = 0;
	if (nl->msg_bad) {
		snprintf(nl->errmsg, sizeof(nl->errmsg),
			 "request does not fit in %zu bytes; not sent", nl->bufsz);
		nl->errmsg_own = true;
		return -EMSGSIZE;
	}
	/* The ack points into the request, which the reply overwrites. */
	if (nl->sent && nlh->nlmsg_len <= nl->sentsz) {
		memcpy(nl->sent, nlh, nlh->nlmsg_len);
		nl->sent_len = nlh->nlmsg_len;
	}
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(nl->sk, nl->buf, nl->bufsz);
		if (n < 0)
			return -errno;
		ret = mnl_cb_run2(nl->buf, n, seq, nl->portid, data_cb, &t,
				  ctl_cbs, NLMSG_MIN_TYPE);
		if (ret == MNL_CB_ERROR)
			return errno ? -errno : -EIO;
	} while (ret > MNL_CB_STOP);
	return 0;
}

static int resolve_family(struct p2p_nl *nl)
{
	struct nlmsghdr *nlh = msg_start(nl, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);

	p2p_nl_put_str(nl, nlh, CTRL_ATTR_FAMILY_NAME, P2PDMA_GENL_NAME);
	return p2p_nl_talk(nl, nlh, ctrl_family_cb, nl);
}

int p2p_nl_open(struct p2p_nl *nl)
{
	int one = 1, ret;

	memset(nl, 0, sizeof(*nl));
	nl->bufsz = P2P_NL_BUFSZ;
	nl->sentsz = P2P_NL_BUFSZ;
	nl->buf = malloc(nl->bufsz);
	nl->sent = malloc(nl->sentsz);
	if (!nl->buf || !nl->sent) {
		p2p_nl_close(nl);
		return -ENOMEM;
	}
	nl->seq = (uint32_t)time(NULL);
	nl->sk = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sk)
		goto err;
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		goto err;
	nl->portid = mnl_socket_get_portid(nl->sk);
	ret = resolve_family(nl);
	if (ret == -ENOENT) {
		snprintf(nl->errmsg, sizeof(nl->errmsg),
			 "the p2pdma_harness module is not loaded: insmod p2pdma_harness.ko (or modprobe p2pdma_harness)");
		nl->errmsg_own = true;
	} else if (!ret) {
		ret = p2p_nl_check_family(nl->family_version,
					  nl->family_maxattr, nl->errmsg,
					  sizeof(nl->errmsg));
		nl->errmsg_own = ret != 0;
	}
	if (ret) {
		mnl_socket_close(nl->sk);
		nl->sk = NULL;
	}
	return ret;
err:
	ret = -errno;
	if (nl->sk)
		mnl_socket_close(nl->sk);
	nl->sk = NULL;
	return ret;
}

int p2p_nl_connect(struct p2p_nl *nl)
{
	int ret = p2p_nl_open(nl);

	if (ret) {
		p2p_nl_perror(nl, "cannot talk to the module", ret);
		p2p_nl_close(nl);
	}
	return ret;
}

void p2p_nl_close(struct p2p_nl *nl)
{
	if (nl->sk)
		mnl_socket_close(nl->sk);
	free(nl->buf);
	free(nl->sent);
	nl->sk = NULL;
	nl->buf = NULL;
	nl->sent = NULL;
	nl->sent_len = 0;
}

int p2p_nl_subscribe(struct p2p_nl *nl)
{
	int grp = (int)nl->mcgrp_jobs;

	if (!grp)
		return -ENOENT;
	if (mnl_socket_setsockopt(nl->sk, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)) < 0)
		return -errno;
	return 0;
}

int p2p_nl_recv_events(struct p2p_nl *nl, mnl_cb_t cb, void *data,
		       int timeout_ms)
{
	struct pollfd pfd = { .fd = mnl_socket_get_fd(nl->sk), .events = POLLIN };
	struct talk t = { .nl = nl, .cb = cb, .data = data };
	ssize_t n;
	int ret;

	ret = poll(&pfd, 1, timeout_ms);
	if (ret <= 0)
		return ret < 0 ? -errno : 0;
	n = mnl_socket_recvfrom(nl->sk, nl->buf, nl->bufsz);
	if (n < 0)
		return -errno;
	ret = mnl_cb_run2(nl->buf, n, 0, 0, data_cb, &t, ctl_cbs, NLMSG_MIN_TYPE);
	return ret < 0 ? -errno : ret;
}

static const char rebuild_advice[] =
	"they come from different builds; rmmod p2pdma_harness and load the module built with this runner (or reinstall the DKMS package)";

int p2p_nl_check_family(uint32_t version, uint32_t maxattr, char *msg,
			size_t len)
{
	if (version != P2PDMA_GENL_VERSION)
		snprintf(msg, len,
			 "the loaded p2pdma_harness module speaks version %u of its netlink family and this runner version %u: %s",
			 version, (unsigned int)P2PDMA_GENL_VERSION, rebuild_advice);
	else if (maxattr < P2PDMA_A_MAX)
		snprintf(msg, len,
			 "the loaded p2pdma_harness module knows netlink attributes up to %u and this runner up to %u: %s",
			 maxattr, (unsigned int)P2PDMA_A_MAX, rebuild_advice);
	else
		return 0;
	return -EPROTO;
}

/* The value sent as the user would type it: durations in seconds. */
static const char *fmt_sent(char *buf, size_t len, uint64_t v,
			    enum limit_unit unit)
{
	if (unit == LIMIT_MS)
		return fmt_limit(buf, len, v, unit);
	snprintf(buf, len, "%llu", (unsigned long long)v);
	return buf;
}

/*
 * "--chunk_size 8388608: at most 4M (4194304 bytes)" into @buf when the
 * value sent broke a bound of the policy; false when it did not (refused
 * for another reason) or there is no value or bound to say it with.
 */
static bool say_broken_bound(const struct p2p_nl_bad_attr *bad, char *buf,
			     size_t len)
{
	const struct p2p_nl_policy *pol = &bad->policy;
	enum limit_unit unit = bad->nest ? LIMIT_COUNT : p2p_attr_unit(bad->type);
	uint64_t v = bad->value;
	char sent[32], bound[64];
	bool below, above;

	if (!bad->has_value)
		return false;
	if (is_length_policy(pol->type)) {
		below = pol->has_min_len && v < pol->min_len;
		above = pol->has_max_len && v > pol->max_len;
		if (!below && !above)
			return false;
		fmt_limit(bound, sizeof(bound), below ? pol->min_len : pol->max_len,
			  LIMIT_BYTES);
		snprintf(buf, len, "%s (%llu bytes): at %s %s", bad->name,
			 (unsigned long long)v, below ? "least" : "most", bound);
		return true;
	}
	if (pol->has_mask && (v & ~pol->mask)) {
		snprintf(buf, len, "%s %#llx: only bits %#llx may be set",
			 bad->name, (unsigned long long)v,
			 (unsigned long long)pol->mask);
		return true;
	}
	if (pol->is_signed) {
		below = pol->has_min && (int64_t)v < (int64_t)pol->min;
		above = pol->has_max && (int64_t)v > (int64_t)pol->max;
	} else {
		below = pol->has_min && v < pol->min;
		above = pol->has_max && v > pol->max;
	}
	if (!below && !above)
		return false;
	if (pol->is_signed) {
		snprintf(sent, sizeof(sent), "%lld", (long long)v);
		snprintf(bound, sizeof(bound), "%lld",
			 (long long)(below ? pol->min : pol->max));
	} else {
		fmt_sent(sent, sizeof(sent), v, unit);
		fmt_limit(bound, sizeof(bound), below ? pol->min : pol->max, unit);
	}
	snprintf(buf, len, "%s %s: at %s %s", bad->name, sent,
		 below ? "least" : "most", bound);
	return true;
}

const char *p2p_nl_strerror(const struct p2p_nl *nl, const char *what,
			    int err, char *buf, size_t len)
{
	const struct p2p_nl_bad_attr *bad = &nl->bad;
	char verdict[192];

	if (nl->errmsg[0] && nl->errmsg_own)
		snprintf(buf, len, "%s: %s", what, nl->errmsg);
	else if (bad->type && say_broken_bound(bad, verdict, sizeof(verdict)))
		snprintf(buf, len, "%s: %s", what, verdict);
	else if (bad->type && nl->errmsg[0])
		snprintf(buf, len, "%s: %s%s: %s (%s)", what,
			 bad->missing ? "missing " : "", bad->name, nl->errmsg,
			 strerror(-err));
	else if (bad->type && bad->missing)
		snprintf(buf, len, "%s: missing %s", what, bad->name);
	else if (bad->type)
		snprintf(buf, len, "%s: %s: %s", what, bad->name, strerror(-err));
	else if (nl->errmsg[0])
		snprintf(buf, len, "%s: %s (%s)", what, nl->errmsg,
			 strerror(-err));
	else if (err == -EPERM)
		snprintf(buf, len,
			 "%s: permission denied (needs CAP_SYS_ADMIN; run as root)",
			 what);
	else
		snprintf(buf, len, "%s: %s", what, strerror(-err));
	return buf;
}

void p2p_nl_perror(const struct p2p_nl *nl, const char *what, int err)
{
	char msg[1024];

	p2p_nl_strerror(nl, what, err, msg, sizeof(msg));
	fprintf(stderr, "p2pdma: %s\n", msg);
	doc_error_quiet(-err, p2p_nl_err_attribute(nl), msg);
}

const char *p2p_nl_err_attribute(const struct p2p_nl *nl)
{
	return nl->bad.type ? nl->bad.name : NULL;
}
