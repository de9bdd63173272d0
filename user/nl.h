/* SPDX-License-Identifier: GPL-2.0 */
/* A generic netlink socket to the p2pdma-harness family, on libmnl. */
#ifndef P2PDMA_NL_H
#define P2PDMA_NL_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

/* A refused attribute's policy, as the extended ack gave it. */
struct p2p_nl_policy {
	uint32_t type;		/* NL_ATTR_TYPE_*; 0: no policy came */
	bool is_signed;		/* min and max hold int64_t values */
	bool has_min, has_max, has_mask, has_min_len, has_max_len;
	uint64_t min, max;
	uint64_t mask;		/* the bits that may be set */
	uint32_t min_len, max_len;	/* of a string or binary payload */
};

/* The attribute the kernel's last acknowledgement blamed, if any. */
struct p2p_nl_bad_attr {
	uint16_t type;		/* P2PDMA_A_*; 0: none named */
	uint16_t nest;		/* the nest holding it; 0: the top level */
	bool missing;		/* absent from the request, not refused */
	bool has_value;		/* value was read back from the request */
	uint64_t value;		/* an integer (int64_t when the policy is
				 * signed), a string's or binary's length
				 */
	struct p2p_nl_policy policy;
	char name[64];		/* as the user typed it: "--chunk_size" */
};

struct p2p_nl {
	struct mnl_socket *sk;
	uint16_t family;
	uint32_t family_version;	/* the module's, from the controller */
	uint32_t family_maxattr;
	uint32_t mcgrp_jobs;
	uint32_t portid;
	uint32_t seq;
	char *buf;
	size_t bufsz;
	/*
	 * A copy of the last request sent: replies land in buf, over it, and
	 * the extended ack points into it by offset.  sent_len 0: none kept.
	 */
	char *sent;
	size_t sentsz;
	uint32_t sent_len;
	bool msg_bad;		/* an attribute did not fit: never send it */
	bool errmsg_own;	/* errmsg is the runner's, complete in itself */
	char errmsg[512];	/* the kernel's extack message, if any */
	struct p2p_nl_bad_attr bad;
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

/*
 * p2p_nl_parse_ack() into nl->errmsg, and what the extended ack says of
 * the attribute at fault into nl->bad: which one (found by its offset in
 * @req, the request acknowledged, top level or one nest down), whether it
 * was missing, its policy's bounds and its value read back from @req.
 * @req may be NULL: then only a missing attribute can be named.
 */
int p2p_nl_read_ack(struct p2p_nl *nl, const struct nlmsghdr *req,
		    const struct nlmsghdr *ack, int *err);

/*
 * What p2p_nl_perror() says, without "p2pdma: ", into @buf (returned):
 * "what: --chunk_size 8388608: at most 4M (4194304 bytes)" when the value
 * broke the policy's bounds, "what: --queue-depth: <kernel's message>"
 * when only the attribute is known, "what: missing SRC", else the
 * kernel's message or the errno's.
 */
const char *p2p_nl_strerror(const struct p2p_nl *nl, const char *what,
			    int err, char *buf, size_t len);

/*
 * Prints p2p_nl_strerror() as "p2pdma: ..." on stderr and remembers it as
 * the run's error (doc_error_quiet()), with the option at fault.
 */
void p2p_nl_perror(const struct p2p_nl *nl, const char *what, int err);

/* The option or argument the last error blamed ("--chunk_size"), or NULL. */
const char *p2p_nl_err_attribute(const struct p2p_nl *nl);

/*
 * 0 when the module's family, as the controller describes it, is the one
 * this runner was built against; -EPROTO with a sentence saying what to do
 * in @msg when its version differs or it knows fewer attributes.
 */
int p2p_nl_check_family(uint32_t version, uint32_t maxattr, char *msg,
			size_t len);

#endif
