/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A job as the module (or the runner's own engine) reports it, parsed
 * once into struct p2p_job; the figures every report shows, worked out
 * once into struct job_figures; and the three renderers of both: the
 * text report (job_text.c), the one-line summary (job_summary.c) and
 * JSON (job_json.c).
 */
#ifndef P2PDMA_JOB_H
#define P2PDMA_JOB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <libmnl/libmnl.h>
#include <linux/p2pdma_harness.h>

#include "json.h"
#include "nl.h"

struct p2p_phase {
	uint64_t ios, bytes, errors;
	uint64_t lat_min, lat_max, lat_sum;
	uint32_t depth_peak;		/* most in flight at once, one stream */
	bool has_hist;
	uint64_t hist[P2PDMA_HIST_BUCKETS];
};

struct p2p_job {
	char engine[16];		/* "kernel"; "io_uring", "sync": the runner's */
	uint32_t id, state, buf_mode, flags, owner_portid;
	uint32_t chunk_size, queue_depth, streams, duration_ms, buf_offset;
	char src[P2PDMA_PATH_MAX], dst[P2PDMA_PATH_MAX];
	char provider[P2PDMA_PCI_ADDR_MAX];
	bool has_distance;
	uint32_t distance;
	bool has_mapping;		/* p2pmem only */
	uint32_t mapping;		/* enum p2pdma_mapping */
	uint64_t src_offset, dst_offset, length;
	uint64_t bytes_done, bytes_total, elapsed_ns;
	uint32_t inflight_peak;		/* both phases, one stream */
	uint32_t sync;			/* enum p2pdma_sync */
	bool flushed;			/* destination flushed after the last write */
	uint32_t err, fail_phase;	/* err: positive errno, 0 if none */
	bool has_fail_phase;		/* false: not an I/O error */
	uint64_t fail_offset;
	bool has_cpu;			/* the runner's engine measures its own */
	uint64_t cpu_ns;		/* user + system time of the copy */
	struct p2p_phase phase[P2PDMA_PHASE_COUNT];
};

/* The percentiles every report gives, and their names in JSON. */
#define JOB_NR_PERCENTILES	4
extern const double job_percentiles[JOB_NR_PERCENTILES];
extern const char *const job_percentile_names[JOB_NR_PERCENTILES];	/* "p99.9" */
extern const char *const job_percentile_keys[JOB_NR_PERCENTILES];	/* "p99_9" */

/*
 * A percentile is the middle of its histogram bucket: off by at most
 * this fraction of the true latency (P2PDMA_HIST_SUB_BITS sub-buckets
 * per power of two).
 */
#define JOB_PERCENTILE_ERROR	(1.0 / (2 << P2PDMA_HIST_SUB_BITS))

struct job_phase_figures {
	double ios_per_sec;		/* device I/Os of this phase */
	double bytes_per_sec;
	double lat_avg_ns;
	double lat_pct_ns[JOB_NR_PERCENTILES];	/* 0 without a histogram */
};

/* What the reports derive from a job, worked out in one place. */
struct job_figures {
	double seconds;
	uint64_t chunks;		/* chunks moved: written, or read only */
	uint64_t device_ios;		/* both phases: a chunk is two I/Os */
	double bytes_per_sec;		/* of bytes_done */
	double chunks_per_sec;
	double device_ios_per_sec;
	bool has_remaining;		/* a running job that knows its end */
	double remaining_sec;
	bool has_cpu;
	double cpu_sec_per_gib;
	struct job_phase_figures phase[P2PDMA_PHASE_COUNT];
};

void p2p_job_figures(const struct p2p_job *job, struct job_figures *f);

/* Fills @job from a JOB_* reply or notification. */
int p2p_job_parse(const struct nlmsghdr *nlh, struct p2p_job *job);

/* mnl callback: parses into the struct p2p_job at @data. */
int p2p_job_cb(const struct nlmsghdr *nlh, void *data);

/*
 * Sends @cmd (JOB_GET, JOB_CANCEL) about job @id and parses the job the
 * kernel answers with into @job.  0 or -errno, the reason in nl->errmsg.
 */
int p2p_job_request(struct p2p_nl *nl, uint8_t cmd, uint32_t id,
		    struct p2p_job *job);

const char *p2p_job_state_name(uint32_t state);
const char *p2p_phase_name(uint32_t phase);
const char *p2p_job_mode_name(const struct p2p_job *job);
const char *p2p_sync_name(uint32_t sync);	/* "flush", "fua", "none" */

/* Whether the runner ran @job itself (--engine user): it has no id. */
bool p2p_job_in_runner(const struct p2p_job *job);

/* "job 3", or "the copy" for one the runner ran; returns @buf. */
const char *p2p_job_label(const struct p2p_job *job, char *buf, size_t len);

/* One line: id, state, devices, progress, rate. */
void p2p_job_print_line(FILE *out, const struct p2p_job *job);

/* The full human report, in 80 columns: what, where, how fast, latencies. */
void p2p_job_print_report(FILE *out, const struct p2p_job *job);

/* The job as a JSON object: member @key of the current object, or NULL. */
void p2p_job_json(struct json *j, const char *key, const struct p2p_job *job);

/*
 * One line for scripts and KTAP: "ok copy id=3 mode=p2p bytes=... " or
 * "not ok copy ...", every figure as key=value.
 */
void p2p_job_print_summary(FILE *out, const struct p2p_job *job, bool ok);

/* Explains a failed job in words: which phase, device and offset. */
void p2p_job_print_failure(FILE *out, const struct p2p_job *job);

#endif
