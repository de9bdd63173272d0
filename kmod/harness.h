/* SPDX-License-Identifier: GPL-2.0 */
/*
 * p2pdma_harness: internal interfaces between the module's parts.
 *
 *   netlink.c   generic netlink family: policy, parsing, replies, events
 *   job.c       job lifecycle: parameters, validation, registry, cancel
 *   engine.c    the copy pipeline: slots, bios, completions, statistics
 *   provider.c  p2p provider choice and buffer allocation
 *   accounting.c  what the module holds, for the selftests (debugfs)
 *   fault.c     a corruption inside the copy, injected for the selftests
 *   compat.h    what differs between the kernels we build against
 */
#ifndef P2PDMA_HARNESS_H
#define P2PDMA_HARNESS_H

#include <linux/blkdev.h>
#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/math64.h>
#include <linux/netlink.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <uapi/linux/p2pdma_harness.h>

#include "compat.h"

/* What the caller asked for, as parsed from JOB_START. */
struct p2pdma_job_params {
	const char *src_path;
	const char *dst_path;
	const char *provider;		/* PCI address, or NULL for auto */
	enum p2pdma_buf_mode buf_mode;
	u64 src_offset;
	u64 dst_offset;
	u64 length;
	u64 chunk_count;		/* 0: one pass over the range */
	u32 chunk_size;
	u32 queue_depth;
	u32 streams;
	u32 duration_ms;
	u32 buf_offset;
	u32 flags;
	u32 sync;			/* enum p2pdma_sync */
	u32 owner_portid;
};

struct p2pdma_phase_stats {
	u64 ios;
	u64 bytes;
	u64 errors;
	u64 lat_min_ns;
	u64 lat_max_ns;
	u64 lat_sum_ns;
	u64 hist[P2PDMA_HIST_BUCKETS];
	u32 depth_peak;			/* of one stream */
};

/* A buffer the engine reads into and writes from. */
struct p2pdma_buf {
	void *addr;			/* start of the allocation */
	size_t size;
};

/* Which way a provider's memory is reached, and the port to blame. */
struct p2pdma_route {
	enum p2pdma_mapping mapping;
	struct pci_dev *acs_port;	/* first with ACS redirect, or NULL */
	u16 acs_ctrl;			/* its ACS Control register */
};

/* The memory a job's buffers come from. */
struct p2pdma_pool {
	enum p2pdma_buf_mode mode;
	struct pci_dev *provider;	/* referenced; NULL in host mode */
	u32 distance;
	enum p2pdma_mapping mapping;
	u64 host_reserved;		/* bytes of the host memory limits */
};

struct p2pdma_stream;
struct p2pdma_slot;

struct p2pdma_job {
	u32 id;
	struct kref ref;
	struct p2pdma_job_params params;
	char src_path[P2PDMA_PATH_MAX];
	char dst_path[P2PDMA_PATH_MAX];
	char provider_req[P2PDMA_PCI_ADDR_MAX];	/* as asked; "" for auto */
	char provider_name[P2PDMA_PCI_ADDR_MAX];	/* as chosen */

	struct p2pdma_bdev src;
	struct p2pdma_bdev dst;
	/* The destination as its whole disk sees it; valid after dst closes. */
	dev_t dst_disk;
	u64 dst_disk_offset;
	/*
	 * The provider, for recognising it when it departs; not referenced
	 * (pool.provider is).  Set under p2pdma_jobs_lock.
	 */
	const struct pci_dev *provider_dev;
	struct p2pdma_pool pool;

	struct p2pdma_stream *streams;
	struct p2pdma_slot *slots;
	struct workqueue_struct *completion_wq;	/* engine.c's choice */
	unsigned int nr_slots;
	atomic_t inflight_slots;

	/* Protects everything below; taken from completion work only. */
	spinlock_t lock;
	enum p2pdma_job_state state;
	enum p2pdma_job_state stop_reason;	/* RUNNING: not stopping */
	int error;
	enum p2pdma_phase fail_phase;	/* P2PDMA_PHASE_COUNT: none */
	u64 fail_offset;
	u64 bytes_done;
	u64 bytes_total;
	bool flushed;			/* the destination, after the last write */
	ktime_t start;
	ktime_t end;
	ktime_t deadline;
	u32 inflight_peak;		/* of one stream, both phases */
	struct p2pdma_phase_stats phase[P2PDMA_PHASE_COUNT];

	struct completion done;
	struct delayed_work progress;
	struct list_head node;		/* p2pdma_jobs, under p2pdma_jobs_lock */
};

/* Where a range of a partition lies on its whole disk, in bytes. */
static inline u64 p2pdma_disk_offset(struct block_device *bdev, u64 offset)
{
	return ((u64)bdev->bd_start_sect << SECTOR_SHIFT) + offset;
}

/* Chunks in the range; only the last may be short. */
static inline u64 p2pdma_job_nr_chunks(const struct p2pdma_job *job)
{
	return div_u64(job->params.length + job->params.chunk_size - 1,
		       job->params.chunk_size);
}

/* accounting.c: updated where each thing is taken and given back. */
struct p2pdma_accounting {
	atomic_t jobs;			/* set up and not yet closed */
	atomic_t bios;			/* submitted, not yet ended */
	atomic64_t host_bytes;		/* host-memory buffers allocated */
	atomic64_t p2p_bytes;		/* p2pmem buffers allocated */
};

extern struct p2pdma_accounting p2pdma_held;
void p2pdma_accounting_init(void);
void p2pdma_accounting_exit(void);

/* fault.c: only with the kernel's fault injection in debugfs. */
#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
void p2pdma_fault_init(struct dentry *dir);
void p2pdma_fault_corrupt(void *data, u32 len);
#else
static inline void p2pdma_fault_init(struct dentry *dir) { }
static inline void p2pdma_fault_corrupt(void *data, u32 len) { }
#endif

/* provider.c */
int p2pdma_pool_open(struct p2pdma_pool *pool, struct p2pdma_job *job,
		     struct netlink_ext_ack *extack);
void p2pdma_pool_close(struct p2pdma_pool *pool);
int p2pdma_pool_reserve(struct p2pdma_pool *pool, u64 bytes,
			struct netlink_ext_ack *extack);
size_t p2pdma_buf_footprint(const struct p2pdma_pool *pool, size_t size);
int p2pdma_buf_alloc(struct p2pdma_pool *pool, struct p2pdma_buf *buf,
		     size_t size);
void p2pdma_buf_free(struct p2pdma_pool *pool, struct p2pdma_buf *buf);
struct pci_dev *p2pdma_bdev_pci_dev(struct block_device *bdev);
struct pci_dev *p2pdma_pci_dev_by_name(const char *name);

/* mapping.c */
void p2pdma_route_init(struct p2pdma_route *route);
void p2pdma_route_add(struct p2pdma_route *route, struct pci_dev *provider,
		      struct pci_dev *client);
void p2pdma_route_refusal(const struct p2pdma_route *route,
			  struct pci_dev *provider, struct netlink_ext_ack *extack);

/* engine.c */
int p2pdma_engine_init(void);
void p2pdma_engine_exit(void);
int p2pdma_engine_setup(struct p2pdma_job *job, struct netlink_ext_ack *extack);
void p2pdma_engine_start(struct p2pdma_job *job);
void p2pdma_engine_teardown(struct p2pdma_job *job);

/* params.c */
int p2pdma_job_check(struct p2pdma_job *job, struct netlink_ext_ack *extack);

/* job.c */
int p2pdma_job_start(const struct p2pdma_job_params *params,
		     struct p2pdma_job **jobp, struct netlink_ext_ack *extack);
int p2pdma_job_set_provider(struct p2pdma_job *job, struct pci_dev *pdev);
struct p2pdma_job *p2pdma_job_find(u32 id);
void p2pdma_job_put(struct p2pdma_job *job);
void p2pdma_job_stop(struct p2pdma_job *job, enum p2pdma_job_state reason);
void p2pdma_job_finish(struct p2pdma_job *job);
void p2pdma_job_release_owner(u32 portid);
void p2pdma_jobs_cancel_all(void);
void p2pdma_provider_leaving(const struct pci_dev *pdev);
void p2pdma_provider_left(const struct pci_dev *pdev);
void p2pdma_job_fail(struct p2pdma_job *job, int error,
		     enum p2pdma_phase phase, u64 offset);
int p2pdma_job_for_each(int (*fn)(struct p2pdma_job *job, void *arg),
			void *arg, u32 start_id);

/* hotplug.c */
int p2pdma_hotplug_init(void);
void p2pdma_hotplug_exit(void);

/* netlink.c */
int p2pdma_netlink_init(void);
void p2pdma_netlink_exit(void);
void p2pdma_notify(struct p2pdma_job *job, u8 cmd);

#endif /* P2PDMA_HARNESS_H */
