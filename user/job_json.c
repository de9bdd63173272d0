// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON renderer of a job: integers for counts, bytes and nanoseconds;
 * rates as whole numbers per second; keys documented in p2pdma(8) and
 * Documentation/p2pdma.schema.json.
 */
#include <math.h>
#include <string.h>
#include <sys/utsname.h>

#include "document.h"
#include "job.h"
#include "path.h"

/* A rate or an average, rounded: JSON readers get integers throughout. */
static void json_round(struct json *j, const char *key, double v)
{
	json_u64(j, key, v > 0 ? (uint64_t)llround(v) : 0);
}

static void phase_json(struct json *j, const struct p2p_job *job,
		       const struct job_figures *f, uint32_t id)
{
	const struct p2p_phase *ph = &job->phase[id];
	const struct job_phase_figures *pf = &f->phase[id];
	unsigned int i;

	json_obj_open(j, p2p_phase_name(id));
	json_u64(j, "ios", ph->ios);
	json_round(j, "ios_per_sec", pf->ios_per_sec);
	json_u64(j, "bytes", ph->bytes);
	json_round(j, "bytes_per_sec", pf->bytes_per_sec);
	json_u64(j, "errors", ph->errors);
	json_u64(j, "depth_peak", ph->depth_peak);
	json_obj_open(j, "latency_ns");
	json_u64(j, "min", ph->lat_min);
	json_round(j, "avg", pf->lat_avg_ns);
	json_u64(j, "max", ph->lat_max);
	if (ph->has_hist) {
		for (i = 0; i < JOB_NR_PERCENTILES; i++)
			json_round(j, job_percentile_keys[i], pf->lat_pct_ns[i]);
		json_f64(j, "percentile_error", JOB_PERCENTILE_ERROR);
	}
	json_obj_close(j);
	json_obj_close(j);
}

static void failure_json(struct json *j, const struct p2p_job *job)
{
	if (job->state != P2PDMA_JOB_FAILED)
		return;
	json_obj_open(j, "failure");
	doc_errno_json(j, (int)job->err, strerror((int)job->err));
	if (job->has_fail_phase) {
		json_str(j, "phase", p2p_phase_name(job->fail_phase));
		json_str(j, "device", job->fail_phase == P2PDMA_PHASE_READ ?
				      job->src : job->dst);
		json_u64(j, "offset", job->fail_offset);
	} else {
		json_null(j, "phase");
	}
	json_obj_close(j);
}

static void figures_json(struct json *j, const struct p2p_job *job,
			 const struct job_figures *f)
{
	json_u64(j, "bytes", job->bytes_done);
	json_u64(j, "bytes_total", job->bytes_total);
	json_u64(j, "elapsed_ns", job->elapsed_ns);
	json_round(j, "bytes_per_sec", f->bytes_per_sec);
	json_u64(j, "chunks", f->chunks);
	json_round(j, "chunks_per_sec", f->chunks_per_sec);
	json_u64(j, "ios", f->device_ios);
	json_round(j, "ios_per_sec", f->device_ios_per_sec);
	json_u64(j, "errors", job->phase[0].errors + job->phase[1].errors);
	if (f->has_remaining)
		json_u64(j, "remaining_ns", (uint64_t)(f->remaining_sec * 1e9));
	if (f->has_cpu) {
		json_u64(j, "cpu_ns", job->cpu_ns);
		json_f64(j, "cpu_sec_per_gib", f->cpu_sec_per_gib);
	}
}

void p2p_job_json(struct json *j, const char *key, const struct p2p_job *job)
{
	struct job_figures f;
	struct utsname uts;

	p2p_job_figures(job, &f);
	json_obj_open(j, key);
	if (p2p_job_in_runner(job))
		json_null(j, "id");
	else
		json_u64(j, "id", job->id);
	json_str(j, "engine", job->engine);
	if (!uname(&uts))
		json_str(j, "kernel", uts.release);
	json_str(j, "state", p2p_job_state_name(job->state));
	json_str(j, "src", job->src);
	json_str(j, "dst", job->dst);
	json_str(j, "mode", p2p_job_mode_name(job));
	if (job->provider[0])
		json_str(j, "provider", job->provider);
	else
		json_null(j, "provider");
	if (job->has_distance)
		json_u64(j, "distance", job->distance);
	if (job->has_mapping)
		json_str(j, "mapping", p2p_mapping_name(job->mapping));
	json_u64(j, "src_offset", job->src_offset);
	json_u64(j, "dst_offset", job->dst_offset);
	json_u64(j, "length", job->length);
	json_u64(j, "chunk_size", job->chunk_size);
	json_u64(j, "queue_depth", job->queue_depth);
	json_u64(j, "streams", job->streams);
	json_u64(j, "duration_ms", job->duration_ms);
	json_u64(j, "buffer_offset", job->buf_offset);
	json_bool(j, "detached", job->flags & P2PDMA_F_DETACH);
	json_bool(j, "read_ahead", job->flags & P2PDMA_F_READ_AHEAD);
	json_u64(j, "inflight_peak", job->inflight_peak);
	json_str(j, "sync", p2p_sync_name(job->sync));
	json_bool(j, "flushed", job->flushed);
	figures_json(j, job, &f);
	failure_json(j, job);
	json_obj_open(j, "phases");
	phase_json(j, job, &f, P2PDMA_PHASE_READ);
	phase_json(j, job, &f, P2PDMA_PHASE_WRITE);
	json_obj_close(j);
	json_obj_close(j);
}
