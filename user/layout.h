/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a device holds that a write would destroy (a filesystem or RAID
 * superblock, a partition table and its partitions) and whether a byte
 * range hits it.  Pure: signature.c fills a layout from libblkid.
 */
#ifndef P2PDMA_LAYOUT_H
#define P2PDMA_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct layout_area {
	uint64_t start, len;		/* bytes */
	int partno;			/* for a partition */
};

struct layout {
	char fs_type[32];		/* "" when no superblock was found */
	uint64_t fs_magic;		/* byte offset of its magic */
	char pt_type[16];		/* "" when not a partitioned whole disk */
	struct layout_area pt_magic;	/* the table's magic bytes */
	const struct layout_area *parts;
	unsigned int nr_parts;
};

enum layout_hit {
	LAYOUT_CLEAR,
	LAYOUT_FS,			/* the whole device is a filesystem */
	LAYOUT_TABLE,			/* the partition table's magic */
	LAYOUT_PARTITION,
};

/* [a, a + alen) and [b, b + blen) share a byte; no wrap past 2^64. */
bool layout_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen);

/*
 * What writing @len bytes at @off of a device laid out as @l would
 * overwrite; @hit is set to the table's or partition's area.
 */
enum layout_hit layout_judge(const struct layout *l, uint64_t off,
			     uint64_t len, const struct layout_area **hit);

/*
 * The one-line refusal for a verdict of layout_judge(), without the
 * "p2pdma: " prefix:
 *   DEV holds an ext4 signature (at byte 1080); it would be overwritten: ...
 *   bytes A-B of DEV overlap partition 1 (bytes C-D) of its dos partition table: ...
 *   bytes A-B of DEV overlap its dos partition table (bytes C-D): ...
 * each ending "refusing (--force to write anyway)"; byte ranges inclusive.
 */
void layout_refusal(char *msg, size_t size, const char *dev,
		    const struct layout *l, enum layout_hit verdict,
		    const struct layout_area *hit, uint64_t off, uint64_t len);

#endif
