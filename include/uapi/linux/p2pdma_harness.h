/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * p2pdma-harness: generic netlink interface between the p2pdma_harness
 * kernel module and its runner.
 *
 * A job copies a byte range from a source block device to a destination
 * block device through a buffer in PCI peer-to-peer memory (or, for
 * comparison, in host memory): each chunk is read into a buffer and that
 * buffer is written out, QUEUE_DEPTH chunks in flight per stream.
 */
#ifndef _UAPI_LINUX_P2PDMA_HARNESS_H
#define _UAPI_LINUX_P2PDMA_HARNESS_H

#include <linux/const.h>
#include <linux/types.h>

#define P2PDMA_GENL_NAME		"p2pdma-harness"
/*
 * 2: starting, cancelling and reading jobs and the "jobs" group need
 * CAP_SYS_ADMIN; JOB_WAIT is gone (wait for JOB_DONE on the group);
 * dumps carry no latency histograms; dry runs; destination sync modes.
 * 3: jobs and paths say how the kernel maps the provider's memory
 * (MAPPING), and a path with ACS redirect names the bridge (ACS_*).
 */
#define P2PDMA_GENL_VERSION		3
#define P2PDMA_GENL_MCGRP_JOBS		"jobs"

/* Limits a job's parameters must respect; checked before any I/O. */
#define P2PDMA_CHUNK_SIZE_MAX		(4U << 20)
#define P2PDMA_QUEUE_DEPTH_MAX		256
#define P2PDMA_STREAMS_MAX		64
#define P2PDMA_JOBS_MAX			64
#define P2PDMA_PATH_MAX			256
#define P2PDMA_PCI_ADDR_MAX		32

enum p2pdma_cmd {
	P2PDMA_CMD_UNSPEC,
	P2PDMA_CMD_PROVIDER_GET,	/* dump: PCI functions with p2pmem */
	P2PDMA_CMD_PATH_GET,		/* do: distance from a provider to clients */
	P2PDMA_CMD_JOB_START,		/* do, admin: create and start a job */
	P2PDMA_CMD_JOB_GET,		/* do, admin: one job in full;
					 * dump, admin: every job, no histograms
					 */
	P2PDMA_CMD_JOB_CANCEL,		/* do, admin: stop a job */
	P2PDMA_CMD_JOB_WAIT,		/* gone since version 2: it slept
					 * holding genetlink's callback lock;
					 * wait for JOB_DONE on "jobs" instead
					 */
	P2PDMA_CMD_JOB_PROGRESS,	/* notification on the "jobs" group */
	P2PDMA_CMD_JOB_DONE,		/* notification on the "jobs" group */

	__P2PDMA_CMD_MAX,
	P2PDMA_CMD_MAX = __P2PDMA_CMD_MAX - 1
};

enum p2pdma_attr {
	P2PDMA_A_UNSPEC,
	P2PDMA_A_PAD,
	P2PDMA_A_JOB_ID,		/* u32 */
	P2PDMA_A_SRC_PATH,		/* string: block device */
	P2PDMA_A_DST_PATH,		/* string: block device */
	P2PDMA_A_BUF_MODE,		/* u32: enum p2pdma_buf_mode */
	P2PDMA_A_PROVIDER,		/* string: PCI address, dddd:bb:dd.f */
	P2PDMA_A_SRC_OFFSET,		/* u64: bytes */
	P2PDMA_A_DST_OFFSET,		/* u64: bytes */
	P2PDMA_A_LENGTH,		/* u64: bytes of the range */
	P2PDMA_A_CHUNK_COUNT,		/* u64: chunks to move, wrapping in range */
	P2PDMA_A_CHUNK_SIZE,		/* u32: bytes */
	P2PDMA_A_QUEUE_DEPTH,		/* u32: chunks in flight per stream */
	P2PDMA_A_STREAMS,		/* u32: stripes copied in parallel */
	P2PDMA_A_DURATION_MS,		/* u32: until then or CHUNK_COUNT, wrapping */
	P2PDMA_A_BUF_OFFSET,		/* u32: bytes into each buffer */
	P2PDMA_A_FLAGS,			/* u32: P2PDMA_F_* */
	P2PDMA_A_STATE,			/* u32: enum p2pdma_job_state */
	P2PDMA_A_ERRNO,			/* u32: positive errno of a failed job */
	P2PDMA_A_FAIL_PHASE,		/* u32: enum p2pdma_phase */
	P2PDMA_A_FAIL_OFFSET,		/* u64: device byte offset that failed */
	P2PDMA_A_BYTES_DONE,		/* u64: bytes written to destination */
	P2PDMA_A_BYTES_TOTAL,		/* u64: planned bytes, 0 with a duration */
	P2PDMA_A_ELAPSED_NS,		/* u64 */
	P2PDMA_A_PHASE,			/* nest: enum p2pdma_phase_attr */
	P2PDMA_A_DISTANCE,		/* u32: pci_p2pdma_distance_many() */
	P2PDMA_A_CLIENT,		/* string: PCI address; may repeat */
	P2PDMA_A_PATH_OK,		/* flag */
	P2PDMA_A_OWNER_PORTID,		/* u32 */
	P2PDMA_A_TIMEOUT_MS,		/* u32: unused since version 2 */
	P2PDMA_A_SYNC,			/* u32: enum p2pdma_sync */
	P2PDMA_A_FLUSHED,		/* flag: the destination was flushed
					 * after the job's last write
					 */
	P2PDMA_A_MAPPING,		/* u32: enum p2pdma_mapping, the widest
					 * over the clients; p2pmem only
					 */
	P2PDMA_A_ACS_BRIDGE,		/* string: PCI address of the first
					 * port between a client and the
					 * provider whose ACS redirects P2P
					 * requests to the root complex
					 */
	P2PDMA_A_ACS_CTRL,		/* u32: that port's ACS Control
					 * register (PCI_ACS_RR, _CR, _EC)
					 */
	P2PDMA_A_INFLIGHT_PEAK,		/* u32: most bios of one stream in
					 * flight at once, both phases:
					 * above QUEUE_DEPTH only when reads
					 * overlapped writes (READ_AHEAD)
					 */

	__P2PDMA_A_MAX,
	P2PDMA_A_MAX = __P2PDMA_A_MAX - 1
};

enum p2pdma_phase_attr {
	P2PDMA_PH_UNSPEC,
	P2PDMA_PH_PAD,
	P2PDMA_PH_ID,			/* u32: enum p2pdma_phase */
	P2PDMA_PH_IOS,			/* u64: completed I/Os */
	P2PDMA_PH_BYTES,		/* u64 */
	P2PDMA_PH_ERRORS,		/* u64 */
	P2PDMA_PH_LAT_MIN_NS,		/* u64 */
	P2PDMA_PH_LAT_MAX_NS,		/* u64 */
	P2PDMA_PH_LAT_SUM_NS,		/* u64 */
	P2PDMA_PH_LAT_HIST,		/* binary: __u64[P2PDMA_HIST_BUCKETS] */
	P2PDMA_PH_DEPTH_PEAK,		/* u32: most of this phase's bios of
					 * one stream in flight at once
					 */

	__P2PDMA_PH_MAX,
	P2PDMA_PH_MAX = __P2PDMA_PH_MAX - 1
};

enum p2pdma_buf_mode {
	P2PDMA_BUF_P2P,			/* PCI p2pmem, provider auto or named */
	P2PDMA_BUF_HOST,		/* system memory, same engine */
};

/*
 * How the kernel maps DMA between a client and the provider's memory
 * (drivers/pci/p2pdma.c, pci_p2pdma_map_type()).
 */
enum p2pdma_mapping {
	P2PDMA_MAPPING_BUS_ADDR,	/* PCI bus addresses: both meet below
					 * a switch and no port on the way
					 * redirects, so the root complex never
					 * sees the transfer
					 */
	P2PDMA_MAPPING_HOST_BRIDGE,	/* through the root complex, with DMA
					 * (IOMMU) mappings: AMD Zen hosts and
					 * whitelisted host bridges
					 */
};

/* How the destination's data is made durable before a job is done. */
enum p2pdma_sync {
	P2PDMA_SYNC_FLUSH,		/* one cache flush after the last write */
	P2PDMA_SYNC_FUA,		/* every write with FUA, no flush */
	P2PDMA_SYNC_NONE,		/* neither: data may sit in a volatile
					 * write cache when the job is done
					 */
};

enum p2pdma_job_state {
	P2PDMA_JOB_RUNNING,
	P2PDMA_JOB_DONE,
	P2PDMA_JOB_FAILED,
	P2PDMA_JOB_CANCELLED,
};

enum p2pdma_phase {
	P2PDMA_PHASE_READ,		/* source into the buffer */
	P2PDMA_PHASE_WRITE,		/* buffer out to destination */
	P2PDMA_PHASE_COUNT,
};

/* Keep running when the runner's socket closes. */
#define P2PDMA_F_DETACH			_BITUL(0)
/* Allow overlapping ranges on one device. */
#define P2PDMA_F_OVERLAP		_BITUL(1)
/* Only write, from zeroed buffers. */
#define P2PDMA_F_SKIP_READ		_BITUL(2)
#define P2PDMA_F_SKIP_WRITE		_BITUL(3)
/*
 * Check and set up everything a job would need (devices, range, path,
 * memory), then release it all without any I/O and acknowledge: lets a
 * caller validate a request before it touches data of its own.
 */
#define P2PDMA_F_DRY_RUN		_BITUL(4)
/*
 * Read the next chunks while the last are written: twice the buffers, up
 * to QUEUE_DEPTH reads and QUEUE_DEPTH writes in flight per stream.  Not
 * with OVERLAP (a chunk could be read before an earlier write to it) nor
 * with SKIP_READ or SKIP_WRITE (one phase has nothing to overlap).
 */
#define P2PDMA_F_READ_AHEAD		_BITUL(5)
#define P2PDMA_F_ALL			(_BITUL(6) - 1)

/*
 * Latency histogram: four buckets per power of two of nanoseconds, so a
 * percentile read from it is within 19% of the true value.  Values below 4
 * have a bucket each.
 */
#define P2PDMA_HIST_SUB_BITS		2
#define P2PDMA_HIST_BUCKETS		192

static inline __u32 p2pdma_hist_bucket(__u64 ns)
{
	unsigned int msb = 63 - __builtin_clzll(ns | 1);
	__u32 idx;

	if (msb < P2PDMA_HIST_SUB_BITS)
		return (__u32)ns;
	idx = ((msb - P2PDMA_HIST_SUB_BITS + 1) << P2PDMA_HIST_SUB_BITS) +
	      (__u32)((ns >> (msb - P2PDMA_HIST_SUB_BITS)) &
		      ((1U << P2PDMA_HIST_SUB_BITS) - 1));
	return idx < P2PDMA_HIST_BUCKETS ? idx : P2PDMA_HIST_BUCKETS - 1;
}

/* Smallest value that lands in bucket idx. */
static inline __u64 p2pdma_hist_floor(__u32 idx)
{
	__u32 sub = 1U << P2PDMA_HIST_SUB_BITS;
	__u32 octave = idx >> P2PDMA_HIST_SUB_BITS;

	if (idx < sub)
		return idx;
	return (__u64)(sub + (idx & (sub - 1))) << (octave - 1);
}

#endif /* _UAPI_LINUX_P2PDMA_HARNESS_H */
