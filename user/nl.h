/* SPDX-License-Identifier: GPL-2.0 */
/* A generic netlink socket to the p2pdma-harness family, on libmnl. */
#ifndef P2PDMA_NL_H
#define P2PDMA_NL_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct p2p_nl {
	struct mnl_socket *sk;
	uint16_t family;
	uint32_t mcgrp_jobs;
	uint32_t portid;
	uint32_t seq;
	char *buf;
	size_t bufsz;
	bool msg_bad;		/* an attribute did not fit: never send it */
	bool errmsg_own;	/* errmsg is the runner's, complete in itself */
	char errmsg[512];	/* the kernel's extack message, if any */
};

/* Opens the socket and resolves the family; explains a missing module. */
int p2p_nl_open(struct p2p_nl *nl);
void p2p_nl_close(struct p2p_nl *nl);

/* p2p_nl_open(), saying why not on stderr; 0 or -errno. */
int p2p_nl_connect(struct p2p_nl *nl);

/* Starts a request for @cmd in nl->buf; add attributes, then send. */
struct nlmsghdr *p2p_nl_msg(struct p2p_nl *nl, uint8_t cmd, uint16_t flags);

/*
 * Attributes of the request being built, each checked against nl->bufsz:
 * one that does not fit marks the message bad, and p2p_nl_talk() then
 * refuses to send it (-EMSGSIZE) rather than send a truncated request.
 */
void p2p_nl_put_u32(struct p2p_nl *nl, struct nlmsghdr *nlh, uint16_t type,
		    uint32_t v);
void p2p_nl_put_u64(struct p2p_nl *nl, struct nlmsghdr *nlh, uint16_t type,
		    uint64_t v);
void p2p_nl_put_str(struct p2p_nl *nl, struct nlmsghdr *nlh, uint16_t type,
		    const char *s);

/*
 * Sends @nlh and feeds each reply to @cb (NULL: none expected) until the
 * kernel acknowledges or ends the dump.  Returns 0, or -errno with
 * nl->errmsg set when the kernel gave a reason.
 */
int p2p_nl_talk(struct p2p_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data);

/* Joins the "jobs" multicast group (needs CAP_SYS_ADMIN). */
int p2p_nl_subscribe(struct p2p_nl *nl);

/*
 * Waits up to @timeout_ms (-1: forever) for notifications and feeds them to
 * @cb.  Returns what cb returned (MNL_CB_OK/STOP), 0 on timeout, -errno:
 * -ENOBUFS when the kernel dropped some (the reader must resync), -EINTR
 * when a signal came.  Use a socket of its own for events: replies to
 * requests on it would be mixed with them.
 */
int p2p_nl_recv_events(struct p2p_nl *nl, mnl_cb_t cb, void *data,
		       int timeout_ms);

/*
 * Reads an acknowledgement (NLMSG_ERROR): its errno, positive, in @err (0
 * for success) and the extack message, if any, into @msg.  -EBADMSG when
 * the message is too short to be one.
 */
int p2p_nl_parse_ack(const struct nlmsghdr *nlh, int *err, char *msg, size_t len);

/* Prints "p2pdma: what: reason" with the kernel's message when there is one. */
void p2p_nl_perror(const struct p2p_nl *nl, const char *what, int err);

#endif
