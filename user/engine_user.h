/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace engine: the runner itself copies through p2p memory it
 * mmapped from the provider's p2pmem/allocate file, with O_DIRECT, the
 * kernel's other P2PDMA path (FOLL_PCI_P2PDMA, mapped per request), the
 * one p2pmem-test and fio --iomem=mmapshared take.  Same striping, slots
 * and figures as the module's engine, so one command line compares them.
 */
#ifndef P2PDMA_ENGINE_USER_H
#define P2PDMA_ENGINE_USER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "job.h"
#include "sysfs.h"

enum user_io {
	USER_IO_URING,			/* io_uring, QUEUE_DEPTH per stream */
	USER_IO_SYNC,			/* pread/pwrite, one I/O per stream */
};

struct user_copy {
	const char *src, *dst;
	const struct blkdev_info *src_info, *dst_info;
	const char *provider;		/* PCI address; NULL: host memory */
	uint64_t src_offset, dst_offset, length, chunk_count;
	uint32_t chunk_size, queue_depth, streams, duration_ms, buf_offset;
	uint32_t flags;			/* P2PDMA_F_OVERLAP, _SKIP_*, _READ_AHEAD */
	uint32_t sync;			/* enum p2pdma_sync */
	enum user_io io;
	volatile sig_atomic_t *stop;	/* set: cancel */
};

/*
 * What the module would refuse before any I/O, checked here: alignment,
 * overlap on one disk, a zoned destination, streams and chunk count.
 * 0, or -errno with @msg in the user's terms.
 */
int user_copy_check(const struct user_copy *c, char *msg, size_t len);

/* p2p memory the copy maps: a page-rounded buffer per slot. */
uint64_t user_copy_footprint(const struct user_copy *c);

struct ucopy;

/*
 * Opens the devices (the destination exclusively) and maps every buffer:
 * all a copy can be refused for, before --check overwrites its source.
 * NULL with errno set and @msg saying why in the user's terms.
 */
struct ucopy *user_copy_prepare(const struct user_copy *c, char *msg,
				size_t len);

/* The mapped buffers, for --host_access and --init before the run. */
void *user_copy_buffers(struct ucopy *u, size_t *len);

/*
 * Runs the copy and fills @job as the module reports one (no id);
 * 0 whatever its end (see job->state), -errno if no stream started.
 */
int user_copy_run(struct ucopy *u, struct p2p_job *job);

/* Unmaps and closes; NULL is fine. */
void user_copy_release(struct ucopy *u);

/*
 * A hint for a failed I/O of the userspace path, or NULL: the kernel
 * refuses P2P for a request with EREMOTEIO (EINVAL from 6.17) when the
 * queue cannot do P2PDMA or no path joins the device and the provider.
 */
const char *user_copy_failure_hint(const struct p2p_job *job);

#endif
