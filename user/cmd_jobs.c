// SPDX-License-Identifier: GPL-2.0
/* p2pdma jobs | status ID | cancel ID... | wait ID... | monitor */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>

#include "document.h"
#include "job.h"
#include "nl.h"
#include "p2pdma.h"
#include "units.h"
#include "wait.h"

const char jobs_usage[] =
	"usage: p2pdma jobs [-j|--json]\n"
	"  lists the module's jobs: id, state, devices, buffer, progress\n"
	"  (needs CAP_SYS_ADMIN)\n";
const char status_usage[] =
	"usage: p2pdma status [-j|--json] ID\n"
	"  shows job ID in full: throughput, IOPS, latency percentiles\n"
	"  (needs CAP_SYS_ADMIN)\n";
const char cancel_usage[] =
	"usage: p2pdma cancel ID...\n"
	"  stops the jobs (needs CAP_SYS_ADMIN)\n";
const char wait_usage[] =
	"usage: p2pdma wait [-j|--json] ID...\n"
	"  waits until each job has ended and reports it; exits 1 unless all are done\n"
	"  (needs CAP_SYS_ADMIN)\n";
const char monitor_usage[] =
	"usage: p2pdma monitor [-j|--json]\n"
	"  prints the progress and completion events of every job until interrupted\n"
	"  (needs CAP_SYS_ADMIN)\n";

struct jobs_ctx {
	struct json j;
	unsigned int count;
};

static int jobs_line_cb(const struct nlmsghdr *nlh, void *data)
{
	struct jobs_ctx *ctx = data;
	struct p2p_job job;

	if (p2p_job_parse(nlh, &job))
		return MNL_CB_ERROR;
	ctx->count++;
	if (cli.json)
		p2p_job_json(&ctx->j, NULL, &job);
	else
		p2p_job_print_line(stdout, &job);
	return MNL_CB_OK;
}

int cmd_jobs(int argc, char **argv)
{
	struct jobs_ctx ctx = { 0 };
	struct p2p_nl nl;
	int ret;

	ret = json_only_args(argc, argv, "jobs");
	if (ret)
		return ret;
	if (p2p_nl_connect(&nl))
		return EXIT_WORK_FAILED;
	if (cli.json) {
		doc_open(&ctx.j);
		json_arr_open(&ctx.j, "jobs");
	}
	ret = p2p_nl_talk(&nl, p2p_nl_msg(&nl, P2PDMA_CMD_JOB_GET, NLM_F_DUMP),
			  jobs_line_cb, &ctx);
	if (ret)
		p2p_nl_perror(&nl, "cannot list jobs", ret);
	if (cli.json) {
		json_arr_close(&ctx.j);
		doc_close(&ctx.j);
	}
	p2p_nl_close(&nl);
	return ret ? EXIT_WORK_FAILED : 0;
}

/*
 * Parses the job ids of a command into @ids (room for argc entries); at most
 * one unless @many.  Returns how many, or the usage error's exit status
 * negated.
 */
static int job_ids_arg(int argc, char **argv, const char *cmd, bool many,
		       uint32_t *ids)
{
	uint64_t v;
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		if (n && !many)
			return -usage_error(cmd, "give one job id");
		if (parse_uint(argv[i], UINT32_MAX, &v) || !v)
			return -usage_error(cmd, "ID '%s' is not a job id (a number, see 'p2pdma jobs')",
					    argv[i]);
		ids[n++] = (uint32_t)v;
	}
	if (!n)
		return -usage_error(cmd, "give a job id (see 'p2pdma jobs')");
	return n;
}

/*
 * The jobs a command reports: under -j one document, whose "job" is the
 * one job of status and whose "jobs" are those of cancel and wait.
 */
struct job_report {
	struct json j;
	bool one;
};

static void job_report_open(struct job_report *r, bool one)
{
	r->one = one;
	if (!cli.json)
		return;
	doc_open(&r->j);
	if (!one)
		json_arr_open(&r->j, "jobs");
}

static void job_report_add(struct job_report *r, const struct p2p_job *job,
			   bool in_full)
{
	if (cli.json)
		p2p_job_json(&r->j, r->one ? "job" : NULL, job);
	else if (in_full)
		p2p_job_print_report(stdout, job);
	p2p_job_print_failure(stderr, job);
}

static void job_report_close(struct job_report *r)
{
	if (!cli.json)
		return;
	if (!r->one)
		json_arr_close(&r->j);
	doc_close(&r->j);
}

/* Sends @cmd about job @id; reports the job it returns. */
static int job_request_one(struct p2p_nl *nl, const char *name, uint8_t cmd,
			   uint32_t id, struct job_report *r)
{
	struct p2p_job job;
	char what[48];
	int ret;

	ret = p2p_job_request(nl, cmd, id, &job);
	/* The module acknowledges a cancel without the job: ask for it. */
	if (!ret && cmd == P2PDMA_CMD_JOB_CANCEL && cli.json)
		ret = p2p_job_request(nl, P2PDMA_CMD_JOB_GET, id, &job);
	if (ret) {
		snprintf(what, sizeof(what), "%s job %u", name, id);
		p2p_nl_perror(nl, what, ret);
		return EXIT_WORK_FAILED;
	}
	job_report_add(r, &job, cmd != P2PDMA_CMD_JOB_CANCEL);
	return 0;
}

/*
 * Waits for each job in turn on one events socket, joined before the
 * first: a job that ends while we wait for another is found ended by the
 * JOB_GET its own wait starts with.
 */
static int job_wait_all(struct p2p_nl *nl, const uint32_t *ids, int n)
{
	struct job_wait w = { 0 };
	struct job_report r;
	struct p2p_job job;
	int i, ret = 0;

	if (job_wait_open(&w, nl, "wait"))
		return EXIT_WORK_FAILED;
	w.progress = !cli.quiet && !cli.json && isatty(STDERR_FILENO);
	job_report_open(&r, false);
	for (i = 0; i < n; i++) {
		if (job_wait_for(&w, ids[i], &job)) {
			ret = EXIT_WORK_FAILED;
			continue;
		}
		job_report_add(&r, &job, true);
		if (job.state != P2PDMA_JOB_DONE)
			ret = EXIT_WORK_FAILED;
	}
	job_report_close(&r);
	job_wait_close(&w);
	return ret;
}

/* The job ids of a command line, and a socket to ask about them. */
struct job_args {
	struct p2p_nl nl;
	uint32_t *ids;
	int n;
};

/* 0, or the exit status of a usage error or a module out of reach. */
static int job_args_open(int argc, char **argv, const char *name, bool many,
			 struct job_args *a)
{
	a->ids = calloc(argc, sizeof(*a->ids));
	if (!a->ids) {
		perror("p2pdma");
		return EXIT_WORK_FAILED;
	}
	a->n = job_ids_arg(argc, argv, name, many, a->ids);
	if (a->n < 0) {
		free(a->ids);
		return -a->n;
	}
	if (p2p_nl_connect(&a->nl)) {
		free(a->ids);
		return EXIT_WORK_FAILED;
	}
	return 0;
}

static void job_args_close(struct job_args *a)
{
	p2p_nl_close(&a->nl);
	free(a->ids);
}

/*
 * Sends @cmd about each job named, in order, over one socket.  One job that
 * cannot be found does not stop the others: like kill(1), the exit status
 * says whether all went well.
 */
static int job_request(int argc, char **argv, const char *name, uint8_t cmd,
		       bool many)
{
	struct job_report r;
	struct job_args a;
	int i, ret;

	ret = job_args_open(argc, argv, name, many, &a);
	if (ret)
		return ret;
	job_report_open(&r, !many);
	for (i = 0; i < a.n; i++)
		if (job_request_one(&a.nl, name, cmd, a.ids[i], &r))
			ret = EXIT_WORK_FAILED;
	job_report_close(&r);
	job_args_close(&a);
	return ret;
}

int cmd_status(int argc, char **argv)
{
	return job_request(argc, argv, "status", P2PDMA_CMD_JOB_GET, false);
}

int cmd_cancel(int argc, char **argv)
{
	return job_request(argc, argv, "cancel", P2PDMA_CMD_JOB_CANCEL, true);
}

int cmd_wait(int argc, char **argv)
{
	struct job_args a;
	int ret;

	ret = job_args_open(argc, argv, "wait", true, &a);
	if (ret)
		return ret;
	ret = job_wait_all(&a.nl, a.ids, a.n);
	job_args_close(&a);
	return ret;
}

static volatile sig_atomic_t monitor_stop;

static void monitor_signal(int sig)
{
	(void)sig;
	monitor_stop = 1;
}

/* Wall-clock time: events are read against other logs. */
static void monitor_stamp(struct timespec *ts, char *buf, size_t len)
{
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, ts);
	localtime_r(&ts->tv_sec, &tm);
	snprintf(buf, len, "%02d:%02d:%02d.%03ld", tm.tm_hour, tm.tm_min,
		 tm.tm_sec, ts->tv_nsec / 1000000);
}

/* One line, or one JSON document per line, per event. */
static void monitor_print(const char *event, const struct p2p_job *job)
{
	struct timespec ts;
	char stamp[32];
	struct json j;

	monitor_stamp(&ts, stamp, sizeof(stamp));
	if (cli.json) {
		doc_open(&j);
		json_u64(&j, "time_ns", (uint64_t)ts.tv_sec * 1000000000ull +
				      (uint64_t)ts.tv_nsec);
		json_str(&j, "event", event);
		if (job)
			p2p_job_json(&j, "job", job);
		doc_close(&j);
	} else {
		printf("%s [%s] ", stamp, event);
		if (job)
			p2p_job_print_line(stdout, job);
		else
			puts("the kernel dropped events: states may have changed unseen ('p2pdma jobs')");
	}
	fflush(stdout);
}

static int monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct p2p_job job;

	(void)data;
	if (p2p_job_parse(nlh, &job))
		return MNL_CB_OK;
	monitor_print(g->cmd == P2PDMA_CMD_JOB_DONE ? "done" : "progress", &job);
	return MNL_CB_OK;
}

/*
 * Like 'ip monitor': every job's events until interrupted.  When the
 * socket overflows, the kernel drops events: say so and go on.
 */
int cmd_monitor(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = monitor_signal };
	struct p2p_nl nl;
	int ret;

	ret = json_only_args(argc, argv, "monitor");
	if (ret)
		return ret;
	if (p2p_nl_connect(&nl))
		return EXIT_WORK_FAILED;
	ret = p2p_nl_subscribe(&nl);
	if (ret) {
		p2p_nl_perror(&nl, "cannot join the jobs group", ret);
		p2p_nl_close(&nl);
		return EXIT_WORK_FAILED;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!monitor_stop) {
		ret = p2p_nl_recv_events(&nl, monitor_cb, NULL, 1000);
		if (ret == -ENOBUFS) {
			monitor_print("overrun", NULL);
			continue;
		}
		if (ret < 0 && ret != -EINTR) {
			p2p_nl_perror(&nl, "monitor", ret);
			break;
		}
	}
	p2p_nl_close(&nl);
	return ret < 0 && ret != -EINTR ? EXIT_WORK_FAILED : 0;
}
