// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <sys/utsname.h>
#include <linux/genetlink.h>

#include "job.h"
#include "path.h"
#include "stats.h"
#include "units.h"

static const double percentiles[] = { 0.50, 0.90, 0.99, 0.999 };
static const char *const percentile_names[] = { "p50", "p90", "p99", "p99.9" };
#define NR_PERCENTILES (sizeof(percentiles) / sizeof(percentiles[0]))

static void copy_str(char *dst, size_t len, const struct nlattr *attr)
{
	snprintf(dst, len, "%s", mnl_attr_get_str(attr));
}

static int phase_parse(const struct nlattr *nest, struct p2p_job *job)
{
	const struct nlattr *a;
	struct p2p_phase ph = { 0 };
	uint32_t id = P2PDMA_PHASE_COUNT;

	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case P2PDMA_PH_ID:
			id = mnl_attr_get_u32(a);
			break;
		case P2PDMA_PH_IOS:
			ph.ios = mnl_attr_get_u64(a);
			break;
		case P2PDMA_PH_BYTES:
			ph.bytes = mnl_attr_get_u64(a);
			break;
		case P2PDMA_PH_ERRORS:
			ph.errors = mnl_attr_get_u64(a);
			break;
		case P2PDMA_PH_LAT_MIN_NS:
			ph.lat_min = mnl_attr_get_u64(a);
			break;
		case P2PDMA_PH_LAT_MAX_NS:
			ph.lat_max = mnl_attr_get_u64(a);
			break;
		case P2PDMA_PH_LAT_SUM_NS:
			ph.lat_sum = mnl_attr_get_u64(a);
			break;
		case P2PDMA_PH_LAT_HIST:
			if (mnl_attr_get_payload_len(a) != sizeof(ph.hist))
				return -EPROTO;
			memcpy(ph.hist, mnl_attr_get_payload(a), sizeof(ph.hist));
			ph.has_hist = true;
			break;
		}
	}
	if (id >= P2PDMA_PHASE_COUNT)
		return -EPROTO;
	job->phase[id] = ph;
	return 0;
}

static void attr_parse(const struct nlattr *a, struct p2p_job *job)
{
	switch (mnl_attr_get_type(a)) {
	case P2PDMA_A_JOB_ID: job->id = mnl_attr_get_u32(a); break;
	case P2PDMA_A_STATE: job->state = mnl_attr_get_u32(a); break;
	case P2PDMA_A_BUF_MODE: job->buf_mode = mnl_attr_get_u32(a); break;
	case P2PDMA_A_FLAGS: job->flags = mnl_attr_get_u32(a); break;
	case P2PDMA_A_OWNER_PORTID: job->owner_portid = mnl_attr_get_u32(a); break;
	case P2PDMA_A_CHUNK_SIZE: job->chunk_size = mnl_attr_get_u32(a); break;
	case P2PDMA_A_QUEUE_DEPTH: job->queue_depth = mnl_attr_get_u32(a); break;
	case P2PDMA_A_STREAMS: job->streams = mnl_attr_get_u32(a); break;
	case P2PDMA_A_DURATION_MS: job->duration_ms = mnl_attr_get_u32(a); break;
	case P2PDMA_A_BUF_OFFSET: job->buf_offset = mnl_attr_get_u32(a); break;
	case P2PDMA_A_SRC_PATH: copy_str(job->src, sizeof(job->src), a); break;
	case P2PDMA_A_DST_PATH: copy_str(job->dst, sizeof(job->dst), a); break;
	case P2PDMA_A_PROVIDER:
		copy_str(job->provider, sizeof(job->provider), a);
		break;
	case P2PDMA_A_DISTANCE:
		job->distance = mnl_attr_get_u32(a);
		job->has_distance = true;
		break;
	case P2PDMA_A_MAPPING:
		job->mapping = mnl_attr_get_u32(a);
		job->has_mapping = true;
		break;
	case P2PDMA_A_SRC_OFFSET: job->src_offset = mnl_attr_get_u64(a); break;
	case P2PDMA_A_DST_OFFSET: job->dst_offset = mnl_attr_get_u64(a); break;
	case P2PDMA_A_LENGTH: job->length = mnl_attr_get_u64(a); break;
	case P2PDMA_A_BYTES_DONE: job->bytes_done = mnl_attr_get_u64(a); break;
	case P2PDMA_A_BYTES_TOTAL: job->bytes_total = mnl_attr_get_u64(a); break;
	case P2PDMA_A_ELAPSED_NS: job->elapsed_ns = mnl_attr_get_u64(a); break;
	case P2PDMA_A_ERRNO: job->err = mnl_attr_get_u32(a); break;
	case P2PDMA_A_FAIL_PHASE:
		job->fail_phase = mnl_attr_get_u32(a);
		job->has_fail_phase = true;
		break;
	case P2PDMA_A_FAIL_OFFSET: job->fail_offset = mnl_attr_get_u64(a); break;
	case P2PDMA_A_SYNC: job->sync = mnl_attr_get_u32(a); break;
	case P2PDMA_A_FLUSHED: job->flushed = true; break;
	}
}

int p2p_job_parse(const struct nlmsghdr *nlh, struct p2p_job *job)
{
	const struct nlattr *a;
	int ret;

	memset(job, 0, sizeof(*job));
	strcpy(job->engine, "kernel");
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == P2PDMA_A_PHASE) {
			ret = phase_parse(a, job);
			if (ret)
				return ret;
		} else {
			attr_parse(a, job);
		}
	}
	return job->id ? 0 : -EPROTO;
}

int p2p_job_cb(const struct nlmsghdr *nlh, void *data)
{
	return p2p_job_parse(nlh, data) ? MNL_CB_ERROR : MNL_CB_OK;
}

int p2p_job_request(struct p2p_nl *nl, uint8_t cmd, uint32_t id,
		    struct p2p_job *job)
{
	struct nlmsghdr *nlh = p2p_nl_msg(nl, cmd, 0);

	memset(job, 0, sizeof(*job));
	p2p_nl_put_u32(nl, nlh, P2PDMA_A_JOB_ID, id);
	return p2p_nl_talk(nl, nlh, p2p_job_cb, job);
}

const char *p2p_job_state_name(uint32_t state)
{
	switch (state) {
	case P2PDMA_JOB_RUNNING: return "running";
	case P2PDMA_JOB_DONE: return "done";
	case P2PDMA_JOB_FAILED: return "failed";
	case P2PDMA_JOB_CANCELLED: return "cancelled";
	}
	return "unknown";
}

const char *p2p_phase_name(uint32_t phase)
{
	return phase == P2PDMA_PHASE_READ ? "read" : "write";
}

const char *p2p_job_mode_name(const struct p2p_job *job)
{
	return job->buf_mode == P2PDMA_BUF_HOST ? "host" : "p2p";
}

const char *p2p_sync_name(uint32_t sync)
{
	switch (sync) {
	case P2PDMA_SYNC_FLUSH: return "flush";
	case P2PDMA_SYNC_FUA: return "fua";
	case P2PDMA_SYNC_NONE: return "none";
	}
	return "unknown";
}

bool p2p_job_in_runner(const struct p2p_job *job)
{
	return strcmp(job->engine, "kernel");
}

const char *p2p_job_label(const struct p2p_job *job, char *buf, size_t len)
{
	if (p2p_job_in_runner(job))
		snprintf(buf, len, "the copy");
	else
		snprintf(buf, len, "job %u", job->id);
	return buf;
}

static double job_seconds(const struct p2p_job *job)
{
	return (double)job->elapsed_ns / 1e9;
}

void p2p_job_print_line(FILE *out, const struct p2p_job *job)
{
	char done[32];

	fprintf(out, "%u %-9s %s -> %s %s%s%s %s", job->id,
		p2p_job_state_name(job->state), job->src, job->dst,
		p2p_job_mode_name(job), job->provider[0] ? " " : "",
		job->provider, fmt_bytes(done, sizeof(done), (double)job->bytes_done));
	if (job->bytes_total)
		fprintf(out, " (%.0f%%)",
			100.0 * (double)job->bytes_done / (double)job->bytes_total);
	if (job->flags & P2PDMA_F_DETACH)
		fputs(" detached", out);
	fputc('\n', out);
}

static void print_phase(FILE *out, const struct p2p_job *job, uint32_t id)
{
	const struct p2p_phase *ph = &job->phase[id];
	char a[32];
	unsigned int i;

	if (!ph->ios)
		return;
	fprintf(out, "  %-6s %8llu I/Os  avg %-10s", p2p_phase_name(id),
		(unsigned long long)ph->ios,
		fmt_ns(a, sizeof(a), (double)ph->lat_sum / (double)ph->ios));
	if (ph->has_hist) {
		for (i = 0; i < NR_PERCENTILES; i++)
			fprintf(out, " %s %-9s", percentile_names[i],
				fmt_ns(a, sizeof(a),
				       hist_percentile(ph->hist, percentiles[i],
						       ph->lat_min, ph->lat_max)));
	}
	fprintf(out, " max %s\n", fmt_ns(a, sizeof(a), (double)ph->lat_max));
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
		what = "NOT flushed (--no-flush): data may be in the drive's volatile cache";
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

void p2p_job_print_report(FILE *out, const struct p2p_job *job)
{
	double secs = job_seconds(job);
	uint64_t chunks = job->phase[P2PDMA_PHASE_WRITE].ios ?:
			  job->phase[P2PDMA_PHASE_READ].ios;
	char a[32], b[32];

	if (p2p_job_in_runner(job))
		fprintf(out, "copy %s (userspace, %s): %s -> %s\n",
			p2p_job_state_name(job->state), job->engine, job->src,
			job->dst);
	else
		fprintf(out, "job %u %s: %s -> %s\n", job->id,
			p2p_job_state_name(job->state), job->src, job->dst);
	if (job->buf_mode == P2PDMA_BUF_HOST)
		fprintf(out, "  buffer   host memory\n");
	else if (!job->has_distance)
		fprintf(out, "  buffer   p2pmem of %s, mapped by the kernel per I/O\n",
			job->provider);
	else
		fprintf(out, "  buffer   p2pmem of %s (distance %u%s)\n",
			job->provider, job->distance,
			p2p_mapping_clause(job->has_mapping, job->mapping));
	fprintf(out, "  chunks   %s x %llu, queue depth %u, %u stream%s\n",
		fmt_bytes(a, sizeof(a), job->chunk_size),
		(unsigned long long)chunks, job->queue_depth, job->streams,
		job->streams == 1 ? "" : "s");
	fprintf(out, "  copied   %s in %.3f s: %s/s, %.0f IOPS\n",
		fmt_bytes(a, sizeof(a), (double)job->bytes_done), secs,
		fmt_bytes(b, sizeof(b), secs > 0 ? (double)job->bytes_done / secs : 0),
		secs > 0 ? (double)chunks / secs : 0);
	print_durability(out, job);
	print_phase(out, job, P2PDMA_PHASE_READ);
	print_phase(out, job, P2PDMA_PHASE_WRITE);
}

void p2p_job_print_summary(FILE *out, const struct p2p_job *job, bool ok)
{
	const struct p2p_phase *rd = &job->phase[P2PDMA_PHASE_READ];
	const struct p2p_phase *wr = &job->phase[P2PDMA_PHASE_WRITE];
	double secs = job_seconds(job);
	uint64_t chunks = wr->ios ?: rd->ios;

	fprintf(out, "%s copy id=%u engine=%s state=%s mode=%s provider=%s mapping=%s bytes=%llu "
		"seconds=%.6f bps=%.0f iops=%.0f chunk=%u depth=%u streams=%u "
		"errors=%llu read_p99_ns=%.0f write_p99_ns=%.0f sync=%s flushed=%d\n",
		ok ? "ok" : "not ok", job->id, job->engine,
		p2p_job_state_name(job->state),
		p2p_job_mode_name(job), job->provider[0] ? job->provider : "-",
		job->has_mapping ? p2p_mapping_name(job->mapping) : "-",
		(unsigned long long)job->bytes_done, secs,
		secs > 0 ? (double)job->bytes_done / secs : 0,
		secs > 0 ? (double)chunks / secs : 0, job->chunk_size,
		job->queue_depth, job->streams,
		(unsigned long long)(rd->errors + wr->errors),
		hist_percentile(rd->hist, 0.99, rd->lat_min, rd->lat_max),
		hist_percentile(wr->hist, 0.99, wr->lat_min, wr->lat_max),
		p2p_sync_name(job->sync), job->flushed);
}

static void phase_json(struct json *j, const struct p2p_job *job, uint32_t id)
{
	const struct p2p_phase *ph = &job->phase[id];
	unsigned int i;

	json_obj_open(j, p2p_phase_name(id));
	json_u64(j, "ios", ph->ios);
	json_u64(j, "bytes", ph->bytes);
	json_u64(j, "errors", ph->errors);
	json_u64(j, "lat_min_ns", ph->lat_min);
	json_f64(j, "lat_avg_ns", ph->ios ? (double)ph->lat_sum / (double)ph->ios : 0);
	if (ph->has_hist) {
		for (i = 0; i < NR_PERCENTILES; i++) {
			char key[24];

			snprintf(key, sizeof(key), "lat_%s_ns", percentile_names[i]);
			json_f64(j, key, hist_percentile(ph->hist, percentiles[i],
							 ph->lat_min, ph->lat_max));
		}
	}
	json_u64(j, "lat_max_ns", ph->lat_max);
	json_obj_close(j);
}

void p2p_job_json(struct json *j, const struct p2p_job *job)
{
	double secs = job_seconds(job);
	uint64_t chunks = job->phase[P2PDMA_PHASE_WRITE].ios ?:
			  job->phase[P2PDMA_PHASE_READ].ios;
	struct utsname uts;

	json_u64(j, "id", job->id);
	json_str(j, "engine", job->engine);
	if (!uname(&uts))
		json_str(j, "kernel", uts.release);
	json_str(j, "state", p2p_job_state_name(job->state));
	json_str(j, "src", job->src);
	json_str(j, "dst", job->dst);
	json_str(j, "mode", p2p_job_mode_name(job));
	json_str(j, "provider", job->provider);
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
	json_bool(j, "detached", job->flags & P2PDMA_F_DETACH);
	json_str(j, "sync", p2p_sync_name(job->sync));
	json_bool(j, "flushed", job->flushed);
	json_u64(j, "bytes", job->bytes_done);
	json_u64(j, "bytes_total", job->bytes_total);
	json_u64(j, "elapsed_ns", job->elapsed_ns);
	json_f64(j, "throughput_bps", secs > 0 ? (double)job->bytes_done / secs : 0);
	json_f64(j, "iops", secs > 0 ? (double)chunks / secs : 0);
	json_u64(j, "errors", job->phase[0].errors + job->phase[1].errors);
	if (job->state == P2PDMA_JOB_FAILED) {
		json_str(j, "error", strerror((int)job->err));
		if (job->has_fail_phase) {
			json_str(j, "fail_phase", p2p_phase_name(job->fail_phase));
			json_u64(j, "fail_offset", job->fail_offset);
		}
	}
	phase_json(j, job, P2PDMA_PHASE_READ);
	phase_json(j, job, P2PDMA_PHASE_WRITE);
}
