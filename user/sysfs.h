/* SPDX-License-Identifier: GPL-2.0 */
/* What sysfs says about block devices and p2pmem providers. */
#ifndef P2PDMA_SYSFS_H
#define P2PDMA_SYSFS_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#define PCI_ADDR_LEN 32

struct p2pmem_info {
	char addr[PCI_ADDR_LEN];
	uint64_t size, available;
	bool published;
};

struct blkdev_info {
	char name[64];			/* nvme0n1, nvme0n1p1 */
	char disk[64];			/* the whole disk: nvme0n1 */
	char path[80];			/* /dev/nvme0n1 */
	char serial[64];
	char pci[PCI_ADDR_LEN];		/* "" when not on PCI */
	uint64_t size;
	uint64_t start;			/* bytes into the whole disk */
	unsigned int lbs;
	unsigned int dma_align;		/* of memory for O_DIRECT, bytes */
	bool zoned;
};

/* Reads one trimmed line of a sysfs file; -errno if it cannot. */
int sysfs_read(const char *path, char *buf, size_t len);
int sysfs_read_u64(const char *path, uint64_t *val);

/* The PCI function behind a block device node, e.g. "0000:03:00.0". */
int blkdev_pci_addr(const char *dev, char *addr, size_t len);

/* Fills @info for a PCI function that has p2pmem; -ENOENT if it has none. */
int p2pmem_read(const char *addr, struct p2pmem_info *info);

/* Every PCI function with p2pmem; returns the count, fills up to max. */
int p2pmem_scan(struct p2pmem_info *out, int max);

/* NVMe and virtio block devices (whole disks); returns the count. */
int blkdev_scan(struct blkdev_info *out, int max);

/*
 * Fills @info for one device node such as /dev/nvme0n1 or a partition,
 * /dev/nvme0n1p1, or a link to one.  -ENOENT when @dev does not exist,
 * -ENOTBLK when it is not a block device.
 */
int blkdev_info_of(const char *dev, struct blkdev_info *info);

#endif
