// SPDX-License-Identifier: GPL-2.0
/* The human renderer of a job: a line for lists, a report in 80 columns. */
#include <errno.h>
#include <string.h>

#include "job.h"
#include "path.h"
#include "units.h"

/* "434.9 MB/s (414.7 MiB/s)": storage people read both. */
static const char *fmt_rate(char *buf, size_t len, double bytes_per_sec)
{
	char mib[32];

	fmt_bytes(mib, sizeof(mib), bytes_per_sec);
	snprintf(buf, len, "%.1f MB/s (%s/s)", bytes_per_sec / 1e6, mib);
	return buf;
}

void p2p_job_print_line(FILE *out, const struct p2p_job *job)
{
	struct job_figures f;
	char done[32], rate[32];

	p2p_job_figures(job, &f);
	fprintf(out, "%u %-9s %s -> %s %s%s%s %s", job->id,
		p2p_job_state_name(job->state), job->src, job->dst,
		p2p_job_mode_name(job), job->provider[0] ? " " : "",
		job->provider, fmt_bytes(done, sizeof(done), (double)job->bytes_done));
	if (job->bytes_total)
		fprintf(out, " (%.0f%%)",
			100.0 * (double)job->bytes_done / (double)job->bytes_total);
	if (job->elapsed_ns)
		fprintf(out, " %.1f MB/s", f.bytes_per_sec / 1e6);
	if (f.has_remaining)
		fprintf(out, " %s left", fmt_ns(rate, sizeof(rate), f.remaining_sec * 1e9));
	if (job->flags & P2PDMA_F_DETACH)
		fputs(" detached", out);
	fputc('\n', out);
}

/* Latency columns: 8 wide, so a phase's row fits in 80. */
static void print_ns_cell(FILE *out, double ns)
{
	char a[32];

	fprintf(out, " %8s", fmt_ns(a, sizeof(a), ns));
}

static void print_phases(FILE *out, const struct p2p_job *job,
			 const struct job_figures *f)
{
	bool any_hist = false;
	unsigned int p, i;

	if (!job->phase[P2PDMA_PHASE_READ].ios && !job->phase[P2PDMA_PHASE_WRITE].ios)
		return;
	fprintf(out, "  %-5s %8s %7s %8s", "phase", "I/Os", "I/O/s", "avg");
	for (i = 0; i < JOB_NR_PERCENTILES; i++)
		fprintf(out, " %8s", job_percentile_names[i]);
	fprintf(out, " %8s\n", "max");
	for (p = 0; p < P2PDMA_PHASE_COUNT; p++) {
		const struct p2p_phase *ph = &job->phase[p];

		if (!ph->ios)
			continue;
		fprintf(out, "  %-5s %8llu %7.0f", p2p_phase_name(p),
			(unsigned long long)ph->ios, f->phase[p].ios_per_sec);
		print_ns_cell(out, f->phase[p].lat_avg_ns);
		for (i = 0; i < JOB_NR_PERCENTILES; i++) {
			if (ph->has_hist)
				print_ns_cell(out, f->phase[p].lat_pct_ns[i]);
			else
				fprintf(out, " %8s", "-");
		}
		print_ns_cell(out, (double)ph->lat_max);
		fputc('\n', out);
		any_hist |= ph->has_hist;
	}
	if (any_hist)
		fprintf(out, "  percentiles are histogram buckets' middles: within %.1f%%\n",
			JOB_PERCENTILE_ERROR * 100);
}

void p2p_job_print_failure(FILE *out, const struct p2p_job *job)
{
	bool read = job->fail_phase == P2PDMA_PHASE_READ;
	char who[32];

	if (job->state != P2PDMA_JOB_FAILED)
		return;
	p2p_job_label(job, who, sizeof(who));
	if (!job->has_fail_phase) {
		fprintf(out, "p2pdma: %s failed: %s%s\n", who,
			strerror((int)job->err),
			job->err == ENODEV ? " (its provider was removed)" : "");
		return;
	}
	fprintf(out, "p2pdma: %s failed: %s %s at byte offset %llu: %s\n",
		who, read ? "read from" : "write to", read ? job->src : job->dst,
		(unsigned long long)job->fail_offset, strerror((int)job->err));
}

/*
 * Whether what was copied would survive a power cut: a job is done when
 * its writes completed, which a volatile write cache does not promise.
 */
static void print_durability(FILE *out, const struct p2p_job *job)
{
	const char *what;

	if (job->flags & P2PDMA_F_SKIP_WRITE)
		return;
	/* The module flushes only what was written. */
	if (job->state != P2PDMA_JOB_RUNNING && !job->phase[P2PDMA_PHASE_WRITE].ios) {
		fprintf(out, "  durable  nothing was written\n");
		return;
	}
	switch (job->sync) {
	case P2PDMA_SYNC_FUA:
		what = "every write FUA";
		break;
	case P2PDMA_SYNC_NONE:
		what = "NOT flushed (--no-flush): may be in DST's volatile cache";
		break;
	default:
		if (job->flushed)
			what = "flushed after the last write";
		else if (job->state == P2PDMA_JOB_RUNNING)
			what = "flush after the last write (pending)";
		else
			what = "NOT flushed: the job ended before its flush";
		break;
	}
	fprintf(out, "  durable  %s\n", what);
}

static void print_buffer(FILE *out, const struct p2p_job *job)
{
	if (job->buf_mode == P2PDMA_BUF_HOST)
		fprintf(out, "  buffer   host memory\n");
	else if (!job->has_distance)
		fprintf(out, "  buffer   p2pmem of %s, mapped by the kernel per I/O\n",
			job->provider);
	else
		fprintf(out, "  buffer   p2pmem of %s (distance %u%s)\n",
			job->provider, job->distance,
			p2p_mapping_clause(job->has_mapping, job->mapping));
}

void p2p_job_print_report(FILE *out, const struct p2p_job *job)
{
	struct job_figures f;
	char a[48], b[48];

	p2p_job_figures(job, &f);
	if (p2p_job_in_runner(job))
		fprintf(out, "copy %s (userspace, %s): %s -> %s\n",
			p2p_job_state_name(job->state), job->engine, job->src,
			job->dst);
	else
		fprintf(out, "job %u %s: %s -> %s\n", job->id,
			p2p_job_state_name(job->state), job->src, job->dst);
	print_buffer(out, job);
	fprintf(out, "  chunks   %s x %llu, queue depth %u, %u stream%s\n",
		fmt_bytes(a, sizeof(a), job->chunk_size),
		(unsigned long long)f.chunks, job->queue_depth, job->streams,
		job->streams == 1 ? "" : "s");
	fprintf(out, "  copied   %s in %.3f s: %s\n",
		fmt_bytes(a, sizeof(a), (double)job->bytes_done), f.seconds,
		fmt_rate(b, sizeof(b), f.bytes_per_sec));
	fprintf(out, "  rate     %.0f chunks/s, %.0f device I/Os/s\n",
		f.chunks_per_sec, f.device_ios_per_sec);
	if (f.has_remaining)
		fprintf(out, "  left     %s\n", fmt_ns(a, sizeof(a), f.remaining_sec * 1e9));
	if (f.has_cpu)
		fprintf(out, "  cpu      %.3f s, %.3f s per GiB copied\n",
			(double)job->cpu_ns / 1e9, f.cpu_sec_per_gib);
	print_durability(out, job);
	print_phases(out, job, &f);
}
