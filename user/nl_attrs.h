/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The job's netlink attributes in the user's terms: when the module
 * refuses P2PDMA_A_CHUNK_SIZE, the user typed --chunk_size, in bytes.
 */
#ifndef P2PDMA_NL_ATTRS_H
#define P2PDMA_NL_ATTRS_H

#include <stddef.h>
#include <stdint.h>

#include "limits.h"

/*
 * The option or argument that sets a P2PDMA_A_* attribute ("--chunk_size",
 * "SRC"), or "attribute 12" for one no option sets; written into @buf,
 * which is returned.
 */
const char *p2p_attr_name(uint16_t type, char *buf, size_t len);

/* How the user reads the attribute's values: LIMIT_COUNT for most. */
enum limit_unit p2p_attr_unit(uint16_t type);

#endif
