// SPDX-License-Identifier: GPL-2.0
/*
 * The job report: a reply parsed once (and a malformed one refused
 * whole), the figures derived from it, and its three renderers against
 * fixed replies.  JSON documents go to $UNIT_JSON_DIR, when set, for the
 * schema check that follows the unit tests.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>

#include "check.h"
#include "document.h"
#include "job.h"
#include "p2pdma.h"

/* Room for a job with both histograms. */
static char reply_buf[16384];

static void put_phase(struct nlmsghdr *nlh, uint32_t id, uint64_t ios,
		      uint64_t lat_ns)
{
	uint64_t hist[P2PDMA_HIST_BUCKETS] = { 0 };
	struct nlattr *nest = mnl_attr_nest_start(nlh, P2PDMA_A_PHASE);

	hist[p2pdma_hist_bucket(lat_ns)] = ios;
	mnl_attr_put_u32(nlh, P2PDMA_PH_ID, id);
	mnl_attr_put_u64(nlh, P2PDMA_PH_IOS, ios);
	mnl_attr_put_u64(nlh, P2PDMA_PH_BYTES, ios * 65536);
	mnl_attr_put_u64(nlh, P2PDMA_PH_ERRORS, 0);
	mnl_attr_put_u64(nlh, P2PDMA_PH_LAT_MIN_NS, lat_ns);
	mnl_attr_put_u64(nlh, P2PDMA_PH_LAT_MAX_NS, lat_ns);
	mnl_attr_put_u64(nlh, P2PDMA_PH_LAT_SUM_NS, ios * lat_ns);
	mnl_attr_put(nlh, P2PDMA_PH_LAT_HIST, sizeof(hist), hist);
	mnl_attr_nest_end(nlh, nest);
}

/*
 * Job 7: 1 GiB in 2 s, 16384 chunks of 64k, read and write at 100 us
 * and 200 us; @state and, for a failure, the write that failed.
 */
static struct nlmsghdr *job_reply(uint32_t state)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(reply_buf);
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

	g->cmd = P2PDMA_CMD_JOB_GET;
	mnl_attr_put_u32(nlh, P2PDMA_A_JOB_ID, 7);
	mnl_attr_put_u32(nlh, P2PDMA_A_STATE, state);
	mnl_attr_put_u32(nlh, P2PDMA_A_BUF_MODE, P2PDMA_BUF_P2P);
	mnl_attr_put_strz(nlh, P2PDMA_A_SRC_PATH, "/dev/nvme0n1");
	mnl_attr_put_strz(nlh, P2PDMA_A_DST_PATH, "/dev/nvme1n1");
	mnl_attr_put_strz(nlh, P2PDMA_A_PROVIDER, "0000:03:00.0");
	mnl_attr_put_u32(nlh, P2PDMA_A_DISTANCE, 2);
	mnl_attr_put_u32(nlh, P2PDMA_A_MAPPING, P2PDMA_MAPPING_BUS_ADDR);
	mnl_attr_put_u64(nlh, P2PDMA_A_LENGTH, 1ull << 30);
	mnl_attr_put_u32(nlh, P2PDMA_A_CHUNK_SIZE, 65536);
	mnl_attr_put_u32(nlh, P2PDMA_A_QUEUE_DEPTH, 16);
	mnl_attr_put_u32(nlh, P2PDMA_A_STREAMS, 1);
	mnl_attr_put_u64(nlh, P2PDMA_A_BYTES_DONE, 1ull << 30);
	mnl_attr_put_u64(nlh, P2PDMA_A_BYTES_TOTAL, 2ull << 30);
	mnl_attr_put_u64(nlh, P2PDMA_A_ELAPSED_NS, 2000000000ull);
	if (state == P2PDMA_JOB_FAILED) {
		mnl_attr_put_u32(nlh, P2PDMA_A_ERRNO, EIO);
		mnl_attr_put_u32(nlh, P2PDMA_A_FAIL_PHASE, P2PDMA_PHASE_WRITE);
		mnl_attr_put_u64(nlh, P2PDMA_A_FAIL_OFFSET, 1ull << 30);
	}
	if (state == P2PDMA_JOB_DONE)
		mnl_attr_put(nlh, P2PDMA_A_FLUSHED, 0, NULL);
	put_phase(nlh, P2PDMA_PHASE_READ, 16384, 100000);
	put_phase(nlh, P2PDMA_PHASE_WRITE, 16384, 200000);
	return nlh;
}

/* What @render wrote, NUL-terminated; free() it. */
static char *rendered(void (*render)(FILE *, const struct p2p_job *),
		      const struct p2p_job *job)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	render(f, job);
	fclose(f);
	return text;
}

static void parse_once_into_the_model(void)
{
	struct p2p_job job;

	CHECK(p2p_job_parse(job_reply(P2PDMA_JOB_DONE), &job) == 0);
	CHECK_EQ_U64(job.id, 7);
	CHECK_STR(job.src, "/dev/nvme0n1");
	CHECK_STR(job.provider, "0000:03:00.0");
	CHECK(job.has_distance && job.distance == 2);
	CHECK(job.has_mapping && job.mapping == P2PDMA_MAPPING_BUS_ADDR);
	CHECK(job.flushed);
	CHECK_EQ_U64(job.phase[P2PDMA_PHASE_WRITE].ios, 16384);
	CHECK(job.phase[P2PDMA_PHASE_READ].has_hist);
}

/* A u32 attribute two bytes short is a malformed reply, not a zero. */
static void malformed_reply_refused(void)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(reply_buf);
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	uint16_t short_value = 3;
	struct p2p_job job;

	g->cmd = P2PDMA_CMD_JOB_GET;
	mnl_attr_put_u32(nlh, P2PDMA_A_JOB_ID, 7);
	mnl_attr_put(nlh, P2PDMA_A_STATE, sizeof(short_value), &short_value);
	CHECK(p2p_job_parse(nlh, &job) == -EPROTO);

	nlh = mnl_nlmsg_put_header(reply_buf);
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	mnl_attr_put_strz(nlh, P2PDMA_A_SRC_PATH, "/dev/nvme0n1");
	CHECK(p2p_job_parse(nlh, &job) == -EPROTO);	/* no id */
}

static void figures_say_what_they_count(void)
{
	struct job_figures f;
	struct p2p_job job;

	p2p_job_parse(job_reply(P2PDMA_JOB_RUNNING), &job);
	p2p_job_figures(&job, &f);
	CHECK_EQ_U64(f.chunks, 16384);
	CHECK_EQ_U64(f.device_ios, 32768);
	CHECK_EQ_U64((uint64_t)f.bytes_per_sec, (1ull << 30) / 2);
	CHECK_EQ_U64((uint64_t)f.chunks_per_sec, 8192);
	CHECK_EQ_U64((uint64_t)f.device_ios_per_sec, 16384);
	/* Half of 2 GiB in 2 s: 2 s to go at that rate. */
	CHECK(f.has_remaining);
	CHECK_EQ_U64((uint64_t)(f.remaining_sec + 0.5), 2);
	/* A bucket's middle is within the stated error of the truth. */
	CHECK(f.phase[P2PDMA_PHASE_WRITE].lat_pct_ns[3] >= 200000 * (1 - JOB_PERCENTILE_ERROR));
	CHECK(f.phase[P2PDMA_PHASE_WRITE].lat_pct_ns[3] <= 200000 * (1 + JOB_PERCENTILE_ERROR));

	job.state = P2PDMA_JOB_DONE;
	p2p_job_figures(&job, &f);
	CHECK(!f.has_remaining);
}

/* Every line of the text report fits in 80 columns, and names its units. */
static void text_report_fits_80_columns(void)
{
	static const uint32_t states[] = { P2PDMA_JOB_RUNNING, P2PDMA_JOB_DONE,
					   P2PDMA_JOB_FAILED };
	struct p2p_job job;
	unsigned int i;

	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		char *text, *line, *save = NULL;

		p2p_job_parse(job_reply(states[i]), &job);
		text = rendered(p2p_job_print_report, &job);
		CHECK(strstr(text, "536.9 MB/s (512.00 MiB/s)") != NULL);
		CHECK(strstr(text, "8192 chunks/s, 16384 device I/Os/s") != NULL);
		CHECK(strstr(text, "within 12.5%") != NULL);
		CHECK((strstr(text, "  left     ") != NULL) ==
		      (states[i] == P2PDMA_JOB_RUNNING));
		for (line = strtok_r(text, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			if (strlen(line) > 80)
				printf("# %zu columns: '%s'\n", strlen(line), line);
			CHECK(strlen(line) <= 80);
		}
		free(text);
	}
}

static void render_summary(FILE *out, const struct p2p_job *job)
{
	p2p_job_print_summary(out, job, job->state == P2PDMA_JOB_DONE);
}

static void summary_spells_out_rates(void)
{
	struct p2p_job job;
	char *text;

	p2p_job_parse(job_reply(P2PDMA_JOB_DONE), &job);
	text = rendered(render_summary, &job);
	CHECK(!strncmp(text, "ok copy id=7 ", 13));
	CHECK(strstr(text, " bytes_per_sec=536870912 ") != NULL);
	CHECK(strstr(text, " chunks_per_sec=8192 ") != NULL);
	CHECK(strstr(text, " ios_per_sec=16384 ") != NULL);
	CHECK(strstr(text, " mapping=bus-address ") != NULL);
	CHECK(strchr(text, '\n') == text + strlen(text) - 1);
	free(text);
}

/* Writes the document to $UNIT_JSON_DIR/NAME.json for the schema check. */
static void save_json(const char *name, const char *text)
{
	const char *dir = getenv("UNIT_JSON_DIR");
	char path[512];
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/%s.json", dir, name);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* The copy document, as cmd_copy prints it, into a string. */
static char *copy_document(const struct p2p_job *job)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct json j;

	json_init(&j, f);
	json_obj_open(&j, NULL);
	json_u64(&j, "schema", P2PDMA_JSON_SCHEMA);
	json_str(&j, "command", "copy");
	p2p_job_json(&j, "job", job);
	json_obj_close(&j);
	json_end(&j);
	fclose(f);
	return text;
}

static void json_integers_and_names(void)
{
	static const struct { uint32_t state; const char *name; } cases[] = {
		{ P2PDMA_JOB_RUNNING, "copy-running" },
		{ P2PDMA_JOB_DONE, "copy-done" },
		{ P2PDMA_JOB_FAILED, "copy-failed" },
	};
	struct p2p_job job;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text;

		p2p_job_parse(job_reply(cases[i].state), &job);
		text = copy_document(&job);
		CHECK(strstr(text, "\"bytes_per_sec\":536870912,") != NULL);
		CHECK(strstr(text, "\"p99_9\":") != NULL);
		CHECK(strstr(text, "e+") == NULL);	/* no exponents */
		if (cases[i].state == P2PDMA_JOB_FAILED)
			CHECK(strstr(text, "\"failure\":{\"errno\":5,\"name\":\"EIO\"") != NULL);
		save_json(cases[i].name, text);
		free(text);
	}
	/* The runner's own copy: no id, its CPU time. */
	p2p_job_parse(job_reply(P2PDMA_JOB_DONE), &job);
	strcpy(job.engine, "io_uring");
	job.has_cpu = true;
	job.cpu_ns = 500000000;
	{
		char *text = copy_document(&job);

		CHECK(strstr(text, "\"id\":null") != NULL);
		CHECK(strstr(text, "\"cpu_ns\":500000000,\"cpu_sec_per_gib\":0.5") != NULL);
		save_json("copy-user-engine", text);
		free(text);
	}
}

const struct test_case report_tests[] = {
	{ "parse_once_into_the_model", parse_once_into_the_model },
	{ "malformed_reply_refused", malformed_reply_refused },
	{ "figures_say_what_they_count", figures_say_what_they_count },
	{ "text_report_fits_80_columns", text_report_fits_80_columns },
	{ "summary_spells_out_rates", summary_spells_out_rates },
	{ "json_integers_and_names", json_integers_and_names },
};
const int report_ntests = sizeof(report_tests) / sizeof(report_tests[0]);
