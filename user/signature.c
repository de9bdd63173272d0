// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <blkid/blkid.h>

#include "layout.h"
#include "p2pdma.h"
#include "document.h"
#include "signature.h"

#define SECTOR_SHIFT	9	/* libblkid counts partitions in 512-byte units */

static uint64_t sectors_to_bytes(blkid_loff_t n)
{
	return (uint64_t)n > UINT64_MAX >> SECTOR_SHIFT ? UINT64_MAX :
	       (uint64_t)n << SECTOR_SHIFT;
}

static int lookup_u64(blkid_probe pr, const char *name, uint64_t *v)
{
	const char *s;
	char *end;

	if (blkid_probe_lookup_value(pr, name, &s, NULL))
		return -ENOENT;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || end == s ? -EINVAL : 0;
}

/*
 * The first superblock of any kind, bad checksum or not: a damaged
 * filesystem is still someone's data.
 */
static int probe_superblock(blkid_probe pr, struct layout *l)
{
	const char *type;
	int ret;

	blkid_probe_enable_partitions(pr, 0);
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE |
					  BLKID_SUBLKS_MAGIC | BLKID_SUBLKS_BADCSUM);
	/* blkid_do_probe(), unlike safeprobe, also reports ambiguous ones. */
	while ((ret = blkid_do_probe(pr)) == 0) {
		if (blkid_probe_lookup_value(pr, "TYPE", &type, NULL))
			continue;
		snprintf(l->fs_type, sizeof(l->fs_type), "%s", type);
		lookup_u64(pr, "SBMAGIC_OFFSET", &l->fs_magic);
		return 0;
	}
	return ret < 0 ? -EIO : 0;
}

/* Fills l->parts, which the caller frees. */
static int probe_partitions(blkid_probe pr, struct layout *l,
			    struct layout_area **parts)
{
	const char *type;
	blkid_partlist ls;
	size_t magic_len;
	const char *magic;
	int i, n, ret;

	*parts = NULL;
	blkid_reset_probe(pr);
	blkid_probe_enable_superblocks(pr, 0);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_MAGIC);
	ret = blkid_do_safeprobe(pr);
	if (ret < 0)
		return -EIO;
	if (ret == 1 || blkid_probe_lookup_value(pr, "PTTYPE", &type, NULL))
		return 0;
	snprintf(l->pt_type, sizeof(l->pt_type), "%s", type);
	if (!lookup_u64(pr, "PTMAGIC_OFFSET", &l->pt_magic.start) &&
	    !blkid_probe_lookup_value(pr, "PTMAGIC", &magic, &magic_len))
		l->pt_magic.len = magic_len;

	ls = blkid_probe_get_partitions(pr);
	n = ls ? blkid_partlist_numof_partitions(ls) : 0;
	if (n <= 0)
		return 0;
	*parts = calloc((size_t)n, sizeof(**parts));
	if (!*parts)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		blkid_partition par = blkid_partlist_get_partition(ls, i);
		blkid_loff_t start = blkid_partition_get_start(par);
		blkid_loff_t size = blkid_partition_get_size(par);

		if (start < 0 || size <= 0)
			continue;
		(*parts)[l->nr_parts].start = sectors_to_bytes(start);
		(*parts)[l->nr_parts].len = sectors_to_bytes(size);
		(*parts)[l->nr_parts].partno = blkid_partition_get_partno(par);
		l->nr_parts++;
	}
	l->parts = *parts;
	return 0;
}

static int probe_layout(int fd, struct layout *l, struct layout_area **parts)
{
	blkid_probe pr = blkid_new_probe();
	int ret;

	*parts = NULL;
	if (!pr)
		return -ENOMEM;
	ret = blkid_probe_set_device(pr, fd, 0, 0) ? -EIO : 0;
	if (!ret)
		ret = probe_superblock(pr, l);
	/* A partition's own nested tables are its data, found as such. */
	if (!ret && !l->fs_type[0] && blkid_probe_is_wholedisk(pr))
		ret = probe_partitions(pr, l, parts);
	blkid_free_probe(pr);
	return ret;
}

int signature_guard(const char *dev, uint64_t off, uint64_t len)
{
	struct layout l = { 0 };
	const struct layout_area *hit;
	struct layout_area *parts = NULL;
	enum layout_hit verdict;
	char msg[512];
	int fd, ret;

	fd = open(dev, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
	} else {
		ret = probe_layout(fd, &l, &parts);
		/*
		 * libblkid read through the page cache, and the module writes
		 * under it: drop what we read, or later buffered readers of
		 * the device would see the old data.
		 */
		posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
		close(fd);
	}
	if (ret) {
		doc_error(-ret, NULL, "cannot look for signatures on %s: %s: refusing (--force to write anyway)",
			  dev, strerror(-ret));
		free(parts);
		return EXIT_WORK_FAILED;
	}
	verdict = layout_judge(&l, off, len, &hit);
	if (verdict != LAYOUT_CLEAR) {
		layout_refusal(msg, sizeof(msg), dev, &l, verdict, hit, off, len);
		doc_error(0, NULL, "%s", msg);
	}
	free(parts);
	return verdict == LAYOUT_CLEAR ? 0 : EXIT_USAGE;
}
