/* SPDX-License-Identifier: GPL-2.0 */
/* A job as the module reports it, and the ways to print one. */
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
	uint32_t sync;			/* enum p2pdma_sync */
	bool flushed;			/* destination flushed after the last write */
	uint32_t err, fail_phase;	/* err: positive errno, 0 if none */
	bool has_fail_phase;		/* false: not an I/O error */
	uint64_t fail_offset;
	struct p2p_phase phase[P2PDMA_PHASE_COUNT];
};

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

/* One line: id, state, devices, progress. */
void p2p_job_print_line(FILE *out, const struct p2p_job *job);

/* The full human report: what, through where, how fast, latencies. */
void p2p_job_print_report(FILE *out, const struct p2p_job *job);

/* Every figure, as members of the current JSON object. */
void p2p_job_json(struct json *j, const struct p2p_job *job);

/*
 * One line for scripts and KTAP: "ok copy id=3 mode=p2p bytes=... " or
 * "not ok copy ...", every figure as key=value.
 */
void p2p_job_print_summary(FILE *out, const struct p2p_job *job, bool ok);

/* Explains a failed job in words: which phase, device and offset. */
void p2p_job_print_failure(FILE *out, const struct p2p_job *job);

#endif
