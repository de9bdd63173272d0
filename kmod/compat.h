/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only place that knows which kernel it is built against: 6.1 (Debian
 * bookworm) to 6.12 (the bed) and what came in between.
 */
#ifndef P2PDMA_COMPAT_H
#define P2PDMA_COMPAT_H

#include <linux/blkdev.h>
#include <linux/fs.h>
#include <linux/netlink.h>
#include <linux/version.h>

/* An open block device, however this kernel hands it out. */
struct p2pdma_bdev {
	struct block_device *bdev;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	struct file *file;
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	struct bdev_handle *handle;
#else
	void *holder;
#endif
};

/*
 * Opens @path for reading, or, when @holder is set, for reading and writing
 * with an exclusive claim by @holder, which fails with -EBUSY when anyone
 * else (a mounted file system, md, another job) holds the device.
 */
static inline int p2pdma_bdev_open(struct p2pdma_bdev *b, const char *path,
				   void *holder)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	blk_mode_t mode = holder ? BLK_OPEN_READ | BLK_OPEN_WRITE : BLK_OPEN_READ;

	b->file = bdev_file_open_by_path(path, mode, holder, NULL);
	if (IS_ERR(b->file))
		return PTR_ERR(b->file);
	b->bdev = file_bdev(b->file);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	blk_mode_t mode = holder ? BLK_OPEN_READ | BLK_OPEN_WRITE : BLK_OPEN_READ;

	b->handle = bdev_open_by_path(path, mode, holder, NULL);
	if (IS_ERR(b->handle))
		return PTR_ERR(b->handle);
	b->bdev = b->handle->bdev;
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	blk_mode_t mode = holder ? BLK_OPEN_READ | BLK_OPEN_WRITE : BLK_OPEN_READ;

	b->bdev = blkdev_get_by_path(path, mode, holder, NULL);
	if (IS_ERR(b->bdev))
		return PTR_ERR(b->bdev);
	b->holder = holder;
#else
	fmode_t mode = holder ? FMODE_READ | FMODE_WRITE | FMODE_EXCL : FMODE_READ;

	b->bdev = blkdev_get_by_path(path, mode, holder);
	if (IS_ERR(b->bdev))
		return PTR_ERR(b->bdev);
	b->holder = holder;
#endif
	return 0;
}

static inline void p2pdma_bdev_close(struct p2pdma_bdev *b)
{
	if (!b->bdev)
		return;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
	/* Drops the claim now, not when a deferred fput runs. */
	bdev_fput(b->file);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	fput(b->file);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	bdev_release(b->handle);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	blkdev_put(b->bdev, b->holder);
#else
	blkdev_put(b->bdev, b->holder ? FMODE_READ | FMODE_WRITE | FMODE_EXCL :
					FMODE_READ);
#endif
	b->bdev = NULL;
}

/* Formatted extack messages came with 6.2; older kernels get the format. */
#ifndef NL_SET_ERR_MSG_FMT_MOD
#define NL_SET_ERR_MSG_FMT_MOD(extack, fmt, args...)			\
	do {								\
		NL_SET_ERR_MSG_MOD(extack, fmt);			\
		pr_info(fmt "\n", ##args);				\
	} while (0)
#endif

#endif /* P2PDMA_COMPAT_H */
