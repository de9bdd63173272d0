// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "sysfs.h"
#include "units.h"

int sysfs_read(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -errno;
	if (!fgets(buf, (int)len, f)) {
		fclose(f);
		buf[0] = '\0';
		return -EIO;
	}
	fclose(f);
	n = strlen(buf);
	while (n && isspace((unsigned char)buf[n - 1]))
		buf[--n] = '\0';
	return 0;
}

int sysfs_read_u64(const char *path, uint64_t *val)
{
	char buf[64];
	int ret = sysfs_read(path, buf, sizeof(buf));

	if (ret)
		return ret;
	return parse_uint(buf, UINT64_MAX, val) ? -EINVAL : 0;
}

static bool is_pci_addr(const char *s)
{
	unsigned int d, b, sl, f;
	char end;

	return sscanf(s, "%4x:%2x:%2x.%1x%c", &d, &b, &sl, &f, &end) == 4;
}

/*
 * The sysfs directory of the block device node @dev, found by its device
 * number, not the node's name: /dev/disk/by-id/... and nodes made
 * elsewhere name the same device, and a path that does not exist names
 * none.  @real has room for PATH_MAX.
 */
static int blkdev_sysfs_dir(const char *dev, char *real)
{
	char link[PATH_MAX];
	struct stat st;

	if (stat(dev, &st))
		return -errno;
	if (!S_ISBLK(st.st_mode))
		return -ENOTBLK;
	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u",
		 major(st.st_rdev), minor(st.st_rdev));
	return realpath(link, real) ? 0 : -ENODEV;
}

int blkdev_pci_addr(const char *dev, char *addr, size_t len)
{
	char real[PATH_MAX], *tok, *save = NULL;
	int ret = blkdev_sysfs_dir(dev, real);

	if (ret)
		return ret;
	addr[0] = '\0';
	/* The PCI function is the last PCI address on the way down. */
	for (tok = strtok_r(real, "/", &save); tok; tok = strtok_r(NULL, "/", &save))
		if (is_pci_addr(tok))
			snprintf(addr, len, "%s", tok);
	return addr[0] ? 0 : -ENODEV;
}

int p2pmem_read(const char *addr, struct p2pmem_info *info)
{
	char path[PATH_MAX];
	uint64_t published = 0;

	memset(info, 0, sizeof(*info));
	snprintf(info->addr, sizeof(info->addr), "%s", addr);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/p2pmem/size", addr);
	if (sysfs_read_u64(path, &info->size))
		return -ENOENT;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/p2pmem/available", addr);
	sysfs_read_u64(path, &info->available);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/p2pmem/published", addr);
	sysfs_read_u64(path, &published);
	info->published = published;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

int p2pmem_scan(struct p2pmem_info *out, int max)
{
	DIR *d = opendir("/sys/bus/pci/devices");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		struct p2pmem_info info;

		if (e->d_name[0] == '.' || p2pmem_read(e->d_name, &info))
			continue;
		if (n < max)
			out[n] = info;
		n++;
	}
	closedir(d);
	qsort(out, n < max ? n : max, sizeof(*out), name_cmp);
	return n;
}

/*
 * The whole disk of /sys/class/block/@name: itself, or for a partition
 * the directory above it, where queue/ and device/ are.
 */
static int blkdev_disk_of(const char *name, char *disk, size_t len)
{
	char path[PATH_MAX], real[PATH_MAX], *slash;
	const char *found = name;

	snprintf(path, sizeof(path), "/sys/class/block/%s/partition", name);
	if (!access(path, F_OK)) {
		snprintf(path, sizeof(path), "/sys/class/block/%s", name);
		if (!realpath(path, real))
			return -errno;
		slash = strrchr(real, '/');
		if (!slash)
			return -ENOENT;
		*slash = '\0';
		slash = strrchr(real, '/');
		found = slash ? slash + 1 : real;
	}
	if (strlen(found) >= len)
		return -ENAMETOOLONG;
	memcpy(disk, found, strlen(found) + 1);
	return 0;
}

/* @info for the kernel's name of a block device, "nvme0n1p1". */
static int blkdev_info_name(const char *name, struct blkdev_info *info)
{
	char path[PATH_MAX];
	uint64_t sectors = 0, lbs = 512, start = 0, dma_mask = 511;
	char zoned[32] = "none";

	memset(info, 0, sizeof(*info));
	if (strlen(name) >= sizeof(info->name))
		return -ENAMETOOLONG;
	snprintf(info->name, sizeof(info->name), "%s", name);
	snprintf(info->path, sizeof(info->path), "/dev/%s", name);
	/* Partitions have their own size, in 512-byte sectors whatever the LBA. */
	snprintf(path, sizeof(path), "/sys/class/block/%s/size", name);
	if (sysfs_read_u64(path, &sectors))
		return -ENOENT;
	info->size = sectors * 512;
	snprintf(path, sizeof(path), "/sys/class/block/%s/start", name);
	sysfs_read_u64(path, &start);
	info->start = start * 512;
	if (blkdev_disk_of(name, info->disk, sizeof(info->disk)))
		return -ENOENT;
	snprintf(path, sizeof(path), "/sys/class/block/%s/queue/logical_block_size",
		 info->disk);
	sysfs_read_u64(path, &lbs);
	info->lbs = (unsigned int)lbs;
	snprintf(path, sizeof(path), "/sys/class/block/%s/queue/dma_alignment",
		 info->disk);
	sysfs_read_u64(path, &dma_mask);
	info->dma_align = (unsigned int)dma_mask + 1;
	snprintf(path, sizeof(path), "/sys/class/block/%s/queue/zoned", info->disk);
	sysfs_read(path, zoned, sizeof(zoned));
	info->zoned = strcmp(zoned, "none");
	snprintf(path, sizeof(path), "/sys/class/block/%s/device/serial", info->disk);
	sysfs_read(path, info->serial, sizeof(info->serial));
	blkdev_pci_addr(info->path, info->pci, sizeof(info->pci));
	return 0;
}

int blkdev_info_of(const char *dev, struct blkdev_info *info)
{
	char real[PATH_MAX];
	const char *name;
	int ret = blkdev_sysfs_dir(dev, real);

	if (ret)
		return ret;
	name = strrchr(real, '/') ? strrchr(real, '/') + 1 : real;
	return blkdev_info_name(name, info);
}

int blkdev_scan(struct blkdev_info *out, int max)
{
	DIR *d = opendir("/sys/block");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "nvme", 4) && strncmp(e->d_name, "vd", 2))
			continue;
		if (n < max && blkdev_info_name(e->d_name, &out[n]))
			continue;
		n++;
	}
	closedir(d);
	qsort(out, n < max ? n : max, sizeof(*out), name_cmp);
	return n;
}
