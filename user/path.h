/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's verdict on a P2P path: PATH_GET. */
#ifndef P2PDMA_PATH_H
#define P2PDMA_PATH_H

#include <stdbool.h>
#include <stdint.h>

#include "nl.h"
#include "sysfs.h"

struct path_answer {
	char provider[PCI_ADDR_LEN];	/* as named, or the kernel's pick */
	bool ok;			/* the provider serves both clients */
	uint32_t distance;
};

/*
 * Asks whether @provider (NULL: the best published one) can serve the PCI
 * functions @a and @b.  Returns 0 with @ans filled, or -errno.
 */
int path_query(struct p2p_nl *nl, const char *provider, const char *a,
	       const char *b, struct path_answer *ans);

#endif
