/* SPDX-License-Identifier: GPL-2.0 */
/*
 * p2p memory in userspace (Linux 6.2+): every mmap() of a provider's
 * p2pmem/allocate file takes fresh memory from its pool, which the CPU
 * can touch and O_DIRECT I/O can target (FOLL_PCI_P2PDMA).
 */
#ifndef P2PDMA_P2PMEM_H
#define P2PDMA_P2PMEM_H

#include <stddef.h>

/* "/sys/bus/pci/devices/ADDR/p2pmem/allocate" */
void p2pmem_allocate_path(const char *addr, char *path, size_t len);

/*
 * Maps @len bytes (a multiple of the page size) of provider @addr's p2p
 * memory.  NULL when it cannot, with errno set and @msg saying why in
 * the user's terms: no p2pmem, a kernel without the allocate file (before
 * 6.2), not enough free.
 */
void *p2pmem_map(const char *addr, size_t len, char *msg, size_t msglen);

void p2pmem_unmap(void *mem, size_t len);

#endif
