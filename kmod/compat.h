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
#include <net/genetlink.h>

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
	/*
	 * Nothing is stored in @b until the open has succeeded: the close
	 * path only looks at b->bdev, and an error pointer there would be
	 * handed to blkdev_put().
	 */
#if defined(P2PDMA_HAVE_BDEV_FILE)
	struct file *file = bdev_file_open_by_path(path, mode, holder, NULL);

	if (IS_ERR(file))
		return PTR_ERR(file);
	b->file = file;
	b->bdev = file_bdev(file);
#elif defined(P2PDMA_HAVE_BDEV_HANDLE)
	struct bdev_handle *handle = bdev_open_by_path(path, mode, holder, NULL);

	if (IS_ERR(handle))
		return PTR_ERR(handle);
	b->handle = handle;
	b->bdev = handle->bdev;
#else
#if defined(P2PDMA_HAVE_BLK_MODE)
	struct block_device *bdev = blkdev_get_by_path(path, mode, holder, NULL);
#else
	struct block_device *bdev = blkdev_get_by_path(path, mode, holder);
#endif

	if (IS_ERR(bdev))
		return PTR_ERR(bdev);
	b->holder = holder;
	b->bdev = bdev;
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

/* The page cache of a block device's own inode. */
static inline struct address_space *p2pdma_bdev_mapping(struct block_device *bdev)
{
#if defined(P2PDMA_HAVE_BD_MAPPING)
	return bdev->bd_mapping;
#else
	return bdev->bd_inode->i_mapping;
#endif
}

/*
 * Stable kernels before the 2023 fix let anyone join a multicast group;
 * there the "jobs" events (paths and progress) stay readable by all.
 */
#ifndef GENL_MCAST_CAP_SYS_ADMIN
#define GENL_MCAST_CAP_SYS_ADMIN	0
#endif

/*
 * Formatted extack messages came with 6.2, at most 80 bytes, in a buffer
 * of the extack.  6.1's extack holds only a pointer, read when the ack is
 * built after the handler has returned: the message goes to a ring of
 * buffers in netlink.c instead.
 */
#ifndef NL_SET_ERR_MSG_FMT
#define P2PDMA_EXTACK_RING
const char *p2pdma_extack_fmt(const char *fmt, ...) __printf(1, 2);
#define NL_SET_ERR_MSG_FMT(extack, fmt, args...) do {			\
	struct netlink_ext_ack *__extack = (extack);			\
									\
	if (__extack)							\
		__extack->_msg = p2pdma_extack_fmt(fmt, ##args);	\
} while (0)
#endif

#endif /* P2PDMA_COMPAT_H */
