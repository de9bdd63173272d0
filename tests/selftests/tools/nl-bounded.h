/* SPDX-License-Identifier: GPL-2.0 */
/* What the netlink test tools share beyond the runner's nl.c. */
#ifndef P2PDMA_NL_BOUNDED_H
#define P2PDMA_NL_BOUNDED_H

#include <sys/socket.h>
#include <sys/time.h>

#include "nl.h"

/*
 * Connects to the family with a receive timeout: a request the kernel
 * never answers is a finding, not a hang.  0, or -1 with the reason
 * printed.
 */
static inline int connect_nl(struct p2p_nl *nl)
{
	struct timeval tv = { .tv_sec = 10 };

	if (p2p_nl_connect(nl))
		return -1;
	setsockopt(mnl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return 0;
}

#endif
