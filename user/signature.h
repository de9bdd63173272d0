/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Refusing to write over what a device holds, as wipefs and mkfs look for
 * it: filesystem and RAID superblocks, partition tables and partitions,
 * found by libblkid.
 */
#ifndef P2PDMA_SIGNATURE_H
#define P2PDMA_SIGNATURE_H

#include <stdint.h>

/*
 * Looks at @dev before @len bytes at @off are written to it.  Returns 0
 * when they hit nothing found there; else says why on stderr in one line
 * and returns EXIT_USAGE (something would be overwritten) or
 * EXIT_WORK_FAILED (the device could not be read).
 */
int signature_guard(const char *dev, uint64_t off, uint64_t len);

#endif
