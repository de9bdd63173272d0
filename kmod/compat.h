/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only place that knows which kernel it is built against, from 6.1
 * (Debian bookworm) to 6.12 (the bed).  Kbuild detects each API from the
 * kernel's headers (P2PDMA_HAVE_*), so distribution backports work too.
 */
#ifndef P2PDMA_COMPAT_H
#define P2PDMA_COMPAT_H

#include <linux/blkdev.h>
#include <linux/fs.h>
#include <linux/netlink.h>

/* An open block device, however this kernel hands it out. */
struct p2pdma_bdev {
	struct block_device *bdev;
#if defined(P2PDMA_HAVE_BDEV_FILE)
	struct file *file;
#elif defined(P2PDMA_HAVE_BDEV_HANDLE)
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
#if defined(P2PDMA_HAVE_BLK_MODE)
	blk_mode_t mode = holder ? BLK_OPEN_READ | BLK_OPEN_WRITE : BLK_OPEN_READ;
#else
	fmode_t mode = holder ? FMODE_READ | FMODE_WRITE | FMODE_EXCL : FMODE_READ;
#endif

#if defined(P2PDMA_HAVE_BDEV_FILE)
	b->file = bdev_file_open_by_path(path, mode, holder, NULL);
	if (IS_ERR(b->file))
		return PTR_ERR(b->file);
	b->bdev = file_bdev(b->file);
#elif defined(P2PDMA_HAVE_BDEV_HANDLE)
	b->handle = bdev_open_by_path(path, mode, holder, NULL);
	if (IS_ERR(b->handle))
		return PTR_ERR(b->handle);
	b->bdev = b->handle->bdev;
#elif defined(P2PDMA_HAVE_BLK_MODE)
	b->bdev = blkdev_get_by_path(path, mode, holder, NULL);
	if (IS_ERR(b->bdev))
		return PTR_ERR(b->bdev);
	b->holder = holder;
#else
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
#if defined(P2PDMA_HAVE_BDEV_FPUT)
	/* Drops the claim now, not when a deferred fput runs. */
	bdev_fput(b->file);
#elif defined(P2PDMA_HAVE_BDEV_FILE)
	fput(b->file);
#elif defined(P2PDMA_HAVE_BDEV_HANDLE)
	bdev_release(b->handle);
#elif defined(P2PDMA_HAVE_BLK_MODE)
	blkdev_put(b->bdev, b->holder);
#else
	blkdev_put(b->bdev, b->holder ? FMODE_READ | FMODE_WRITE | FMODE_EXCL :
					FMODE_READ);
#endif
	b->bdev = NULL;
}

/*
 * Formatted extack messages came with 6.2, at most 80 bytes; older kernels
 * get the format string itself.
 */
#ifndef NL_SET_ERR_MSG_FMT
#define NL_SET_ERR_MSG_FMT(extack, fmt, args...) NL_SET_ERR_MSG(extack, fmt)
#endif

#endif /* P2PDMA_COMPAT_H */
