// SPDX-License-Identifier: GPL-2.0
/* A job's reply parsed once, and the figures every report derives from it. */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>

#include "job.h"
#include "stats.h"

const double job_percentiles[JOB_NR_PERCENTILES] = { 0.50, 0.90, 0.99, 0.999 };
const char *const job_percentile_names[JOB_NR_PERCENTILES] = {
	"p50", "p90", "p99", "p99.9"
};
const char *const job_percentile_keys[JOB_NR_PERCENTILES] = {
	"p50", "p90", "p99", "p99_9"
};

/*
 * What each attribute the runner reads must be; one that is not is a
 * malformed reply, refused whole rather than read in part.  Attributes
 * a newer module adds past these are skipped.
 */
static const enum mnl_attr_data_type job_attr_types[P2PDMA_A_MAX + 1] = {
	[P2PDMA_A_JOB_ID] = MNL_TYPE_U32,
	[P2PDMA_A_SRC_PATH] = MNL_TYPE_NUL_STRING,
	[P2PDMA_A_DST_PATH] = MNL_TYPE_NUL_STRING,
	[P2PDMA_A_BUF_MODE] = MNL_TYPE_U32,
	[P2PDMA_A_PROVIDER] = MNL_TYPE_NUL_STRING,
	[P2PDMA_A_SRC_OFFSET] = MNL_TYPE_U64,
	[P2PDMA_A_DST_OFFSET] = MNL_TYPE_U64,
	[P2PDMA_A_LENGTH] = MNL_TYPE_U64,
	[P2PDMA_A_CHUNK_SIZE] = MNL_TYPE_U32,
	[P2PDMA_A_QUEUE_DEPTH] = MNL_TYPE_U32,
	[P2PDMA_A_STREAMS] = MNL_TYPE_U32,
	[P2PDMA_A_DURATION_MS] = MNL_TYPE_U32,
	[P2PDMA_A_BUF_OFFSET] = MNL_TYPE_U32,
	[P2PDMA_A_FLAGS] = MNL_TYPE_U32,
	[P2PDMA_A_STATE] = MNL_TYPE_U32,
	[P2PDMA_A_ERRNO] = MNL_TYPE_U32,
	[P2PDMA_A_FAIL_PHASE] = MNL_TYPE_U32,
	[P2PDMA_A_FAIL_OFFSET] = MNL_TYPE_U64,
	[P2PDMA_A_BYTES_DONE] = MNL_TYPE_U64,
	[P2PDMA_A_BYTES_TOTAL] = MNL_TYPE_U64,
	[P2PDMA_A_ELAPSED_NS] = MNL_TYPE_U64,
	[P2PDMA_A_PHASE] = MNL_TYPE_NESTED,
	[P2PDMA_A_DISTANCE] = MNL_TYPE_U32,
	[P2PDMA_A_OWNER_PORTID] = MNL_TYPE_U32,
	[P2PDMA_A_SYNC] = MNL_TYPE_U32,
	[P2PDMA_A_FLUSHED] = MNL_TYPE_FLAG,
	[P2PDMA_A_MAPPING] = MNL_TYPE_U32,
	[P2PDMA_A_INFLIGHT_PEAK] = MNL_TYPE_U32,
};

static const enum mnl_attr_data_type phase_attr_types[P2PDMA_PH_MAX + 1] = {
	[P2PDMA_PH_ID] = MNL_TYPE_U32,
	[P2PDMA_PH_IOS] = MNL_TYPE_U64,
	[P2PDMA_PH_BYTES] = MNL_TYPE_U64,
	[P2PDMA_PH_ERRORS] = MNL_TYPE_U64,
	[P2PDMA_PH_LAT_MIN_NS] = MNL_TYPE_U64,
	[P2PDMA_PH_LAT_MAX_NS] = MNL_TYPE_U64,
	[P2PDMA_PH_LAT_SUM_NS] = MNL_TYPE_U64,
	[P2PDMA_PH_LAT_HIST] = MNL_TYPE_BINARY,
	[P2PDMA_PH_DEPTH_PEAK] = MNL_TYPE_U32,
};

/* mnl_attr_parse() table: each known attribute, validated, by type. */
struct attr_table {
	const enum mnl_attr_data_type *types;
	unsigned int max;
	const struct nlattr **tb;
};

static int attr_table_cb(const struct nlattr *attr, void *data)
{
	const struct attr_table *t = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type > t->max || t->types[type] == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, t->types[type]) < 0)
		return MNL_CB_ERROR;
	t->tb[type] = attr;
	return MNL_CB_OK;
}

static uint32_t get_u32(const struct nlattr *a)
{
	return a ? mnl_attr_get_u32(a) : 0;
}

static uint64_t get_u64(const struct nlattr *a)
{
	return a ? mnl_attr_get_u64(a) : 0;
}

static void get_str(char *dst, size_t len, const struct nlattr *a)
{
	snprintf(dst, len, "%s", a ? mnl_attr_get_str(a) : "");
}

static int phase_parse(const struct nlattr *nest, struct p2p_job *job)
{
	const struct nlattr *tb[P2PDMA_PH_MAX + 1] = { 0 };
	struct attr_table t = { phase_attr_types, P2PDMA_PH_MAX, tb };
	const struct nlattr *hist;
	struct p2p_phase *ph;
	uint32_t id;

	if (mnl_attr_parse_nested(nest, attr_table_cb, &t) < 0 ||
	    !tb[P2PDMA_PH_ID])
		return -EPROTO;
	id = mnl_attr_get_u32(tb[P2PDMA_PH_ID]);
	if (id >= P2PDMA_PHASE_COUNT)
		return -EPROTO;
	ph = &job->phase[id];
	ph->ios = get_u64(tb[P2PDMA_PH_IOS]);
	ph->bytes = get_u64(tb[P2PDMA_PH_BYTES]);
	ph->errors = get_u64(tb[P2PDMA_PH_ERRORS]);
	ph->lat_min = get_u64(tb[P2PDMA_PH_LAT_MIN_NS]);
	ph->lat_max = get_u64(tb[P2PDMA_PH_LAT_MAX_NS]);
	ph->lat_sum = get_u64(tb[P2PDMA_PH_LAT_SUM_NS]);
	ph->depth_peak = get_u32(tb[P2PDMA_PH_DEPTH_PEAK]);
	hist = tb[P2PDMA_PH_LAT_HIST];
	if (hist) {
		if (mnl_attr_get_payload_len(hist) != sizeof(ph->hist))
			return -EPROTO;
		memcpy(ph->hist, mnl_attr_get_payload(hist), sizeof(ph->hist));
		ph->has_hist = true;
	}
	return 0;
}

/* Phases repeat, so they are read in a walk of their own. */
static int phases_parse(const struct nlmsghdr *nlh, struct p2p_job *job)
{
	const struct nlattr *a;
	int ret;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != P2PDMA_A_PHASE)
			continue;
		ret = phase_parse(a, job);
		if (ret)
			return ret;
	}
	return 0;
}

int p2p_job_parse(const struct nlmsghdr *nlh, struct p2p_job *job)
{
	const struct nlattr *tb[P2PDMA_A_MAX + 1] = { 0 };
	struct attr_table t = { job_attr_types, P2PDMA_A_MAX, tb };

	memset(job, 0, sizeof(*job));
	strcpy(job->engine, "kernel");
	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attr_table_cb, &t) < 0 ||
	    !tb[P2PDMA_A_JOB_ID] || !mnl_attr_get_u32(tb[P2PDMA_A_JOB_ID]))
		return -EPROTO;
	job->id = get_u32(tb[P2PDMA_A_JOB_ID]);
	job->state = get_u32(tb[P2PDMA_A_STATE]);
	job->buf_mode = get_u32(tb[P2PDMA_A_BUF_MODE]);
	job->flags = get_u32(tb[P2PDMA_A_FLAGS]);
	job->owner_portid = get_u32(tb[P2PDMA_A_OWNER_PORTID]);
	job->chunk_size = get_u32(tb[P2PDMA_A_CHUNK_SIZE]);
	job->queue_depth = get_u32(tb[P2PDMA_A_QUEUE_DEPTH]);
	job->streams = get_u32(tb[P2PDMA_A_STREAMS]);
	job->duration_ms = get_u32(tb[P2PDMA_A_DURATION_MS]);
	job->buf_offset = get_u32(tb[P2PDMA_A_BUF_OFFSET]);
	get_str(job->src, sizeof(job->src), tb[P2PDMA_A_SRC_PATH]);
	get_str(job->dst, sizeof(job->dst), tb[P2PDMA_A_DST_PATH]);
	get_str(job->provider, sizeof(job->provider), tb[P2PDMA_A_PROVIDER]);
	job->has_distance = tb[P2PDMA_A_DISTANCE];
	job->distance = get_u32(tb[P2PDMA_A_DISTANCE]);
	job->has_mapping = tb[P2PDMA_A_MAPPING];
	job->mapping = get_u32(tb[P2PDMA_A_MAPPING]);
	job->src_offset = get_u64(tb[P2PDMA_A_SRC_OFFSET]);
	job->dst_offset = get_u64(tb[P2PDMA_A_DST_OFFSET]);
	job->length = get_u64(tb[P2PDMA_A_LENGTH]);
	job->bytes_done = get_u64(tb[P2PDMA_A_BYTES_DONE]);
	job->bytes_total = get_u64(tb[P2PDMA_A_BYTES_TOTAL]);
	job->elapsed_ns = get_u64(tb[P2PDMA_A_ELAPSED_NS]);
	job->inflight_peak = get_u32(tb[P2PDMA_A_INFLIGHT_PEAK]);
	job->err = get_u32(tb[P2PDMA_A_ERRNO]);
	job->has_fail_phase = tb[P2PDMA_A_FAIL_PHASE];
	job->fail_phase = get_u32(tb[P2PDMA_A_FAIL_PHASE]);
	job->fail_offset = get_u64(tb[P2PDMA_A_FAIL_OFFSET]);
	job->sync = get_u32(tb[P2PDMA_A_SYNC]);
	job->flushed = tb[P2PDMA_A_FLUSHED];
	return phases_parse(nlh, job);
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

static double per_sec(double v, double secs)
{
	return secs > 0 ? v / secs : 0;
}

static void phase_figures(const struct p2p_phase *ph, double secs,
			  struct job_phase_figures *f)
{
	unsigned int i;

	f->ios_per_sec = per_sec((double)ph->ios, secs);
	f->bytes_per_sec = per_sec((double)ph->bytes, secs);
	f->lat_avg_ns = ph->ios ? (double)ph->lat_sum / (double)ph->ios : 0;
	for (i = 0; i < JOB_NR_PERCENTILES; i++)
		f->lat_pct_ns[i] = ph->has_hist ?
				   hist_percentile(ph->hist, job_percentiles[i],
						   ph->lat_min, ph->lat_max) : 0;
}

/* How long a running job has left: to its duration, or at its rate. */
static void remaining_figures(const struct p2p_job *job, struct job_figures *f)
{
	double left;

	if (job->state != P2PDMA_JOB_RUNNING)
		return;
	if (job->duration_ms && !job->bytes_total) {
		left = (double)job->duration_ms / 1e3 - f->seconds;
	} else if (job->bytes_total && f->bytes_per_sec > 0) {
		left = (double)(job->bytes_total - job->bytes_done) /
		       f->bytes_per_sec;
	} else {
		return;
	}
	f->has_remaining = true;
	f->remaining_sec = left > 0 ? left : 0;
}

void p2p_job_figures(const struct p2p_job *job, struct job_figures *f)
{
	const struct p2p_phase *rd = &job->phase[P2PDMA_PHASE_READ];
	const struct p2p_phase *wr = &job->phase[P2PDMA_PHASE_WRITE];
	unsigned int p;

	memset(f, 0, sizeof(*f));
	f->seconds = (double)job->elapsed_ns / 1e9;
	f->chunks = wr->ios ?: rd->ios;
	f->device_ios = rd->ios + wr->ios;
	f->bytes_per_sec = per_sec((double)job->bytes_done, f->seconds);
	f->chunks_per_sec = per_sec((double)f->chunks, f->seconds);
	f->device_ios_per_sec = per_sec((double)f->device_ios, f->seconds);
	for (p = 0; p < P2PDMA_PHASE_COUNT; p++)
		phase_figures(&job->phase[p], f->seconds, &f->phase[p]);
	remaining_figures(job, f);
	f->has_cpu = job->has_cpu;
	if (job->has_cpu && job->bytes_done)
		f->cpu_sec_per_gib = (double)job->cpu_ns / 1e9 /
				     ((double)job->bytes_done / (1ull << 30));
}
