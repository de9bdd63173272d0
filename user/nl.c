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

#include "nl.h"

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

int p2p_nl_parse_ack(const struct nlmsghdr *nlh, int *err, char *msg, size_t len)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	unsigned int off = sizeof(*e);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
		return -EBADMSG;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		mnl_attr_for_each(attr, nlh, off) {
			if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG)
				snprintf(msg, len, "%s", mnl_attr_get_str(attr));
		}
	}
	*err = -e->error;
	return 0;
}

/* Keeps the kernel's extended ack message, the reason behind an errno. */
static int error_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct p2p_nl *nl = ((struct talk *)arg)->nl;
	int err;

	if (p2p_nl_parse_ack(nlh, &err, nl->errmsg, sizeof(nl->errmsg)))
		return MNL_CB_ERROR;
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
	if (nl->msg_bad) {
		snprintf(nl->errmsg, sizeof(nl->errmsg),
			 "request does not fit in %zu bytes; not sent", nl->bufsz);
		nl->errmsg_own = true;
		return -EMSGSIZE;
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
	nl->buf = malloc(nl->bufsz);
	if (!nl->buf)
		return -ENOMEM;
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
	nl->sk = NULL;
	nl->buf = NULL;
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

void p2p_nl_perror(const struct p2p_nl *nl, const char *what, int err)
{
	if (nl->errmsg[0] && nl->errmsg_own)
		fprintf(stderr, "p2pdma: %s: %s\n", what, nl->errmsg);
	else if (nl->errmsg[0])
		fprintf(stderr, "p2pdma: %s: %s (%s)\n", what, nl->errmsg,
			strerror(-err));
	else if (err == -EPERM)
		fprintf(stderr, "p2pdma: %s: permission denied (needs CAP_SYS_ADMIN; run as root)\n",
			what);
	else
		fprintf(stderr, "p2pdma: %s: %s\n", what, strerror(-err));
}
