// SPDX-License-Identifier: GPL-2.0
/* The one-line renderer of a job, for scripts and KTAP: key=value, no spaces. */
#include "job.h"
#include "path.h"

void p2p_job_print_summary(FILE *out, const struct p2p_job *job, bool ok)
{
	const struct p2p_phase *rd = &job->phase[P2PDMA_PHASE_READ];
	const struct p2p_phase *wr = &job->phase[P2PDMA_PHASE_WRITE];
	/* The same index as job_percentiles[]' 0.99. */
	enum { P99 = 2 };
	struct job_figures f;

	p2p_job_figures(job, &f);
	fprintf(out, "%s copy id=%u engine=%s state=%s mode=%s provider=%s mapping=%s",
		ok ? "ok" : "not ok", job->id, job->engine,
		p2p_job_state_name(job->state), p2p_job_mode_name(job),
		job->provider[0] ? job->provider : "-",
		job->has_mapping ? p2p_mapping_name(job->mapping) : "-");
	fprintf(out, " bytes=%llu seconds=%.6f bytes_per_sec=%.0f chunks_per_sec=%.0f ios_per_sec=%.0f",
		(unsigned long long)job->bytes_done, f.seconds, f.bytes_per_sec,
		f.chunks_per_sec, f.device_ios_per_sec);
	fprintf(out, " chunk=%u depth=%u read_ahead=%d streams=%u errors=%llu read_p99_ns=%.0f write_p99_ns=%.0f",
		job->chunk_size, job->queue_depth,
		!!(job->flags & P2PDMA_F_READ_AHEAD), job->streams,
		(unsigned long long)(rd->errors + wr->errors),
		f.phase[P2PDMA_PHASE_READ].lat_pct_ns[P99],
		f.phase[P2PDMA_PHASE_WRITE].lat_pct_ns[P99]);
	if (f.has_cpu)
		fprintf(out, " cpu_ns=%llu", (unsigned long long)job->cpu_ns);
	fprintf(out, " sync=%s flushed=%d\n", p2p_sync_name(job->sync),
		job->flushed);
}
