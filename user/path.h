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
	bool has_mapping;		/* only for a path that is ok */
	uint32_t mapping;		/* enum p2pdma_mapping */
	char acs_bridge[PCI_ADDR_LEN];	/* "" unless a port's ACS redirects */
	uint32_t acs_ctrl;		/* that port's ACS Control register */
};

/*
 * Asks whether @provider (NULL: the best published one) can serve the PCI
 * functions @a and @b.  Returns 0 with @ans filled, or -errno.
 */
int path_query(struct p2p_nl *nl, const char *provider, const char *a,
	       const char *b, struct path_answer *ans);

/* Fills @ans from a PATH_GET reply. */
void path_parse(const struct nlmsghdr *nlh, struct path_answer *ans);

/* enum p2pdma_mapping for JSON and key=value: "bus-address", "host-bridge". */
const char *p2p_mapping_name(uint32_t mapping);

/*
 * The same as a clause to append: ", by PCI bus address", ", through the
 * host bridge"; "" when not @known (a module before version 3 does not say).
 */
const char *p2p_mapping_clause(bool known, uint32_t mapping);

#endif
