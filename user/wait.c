// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>

#include "units.h"
#include "wait.h"

/*
 * How long to go without any event before asking for the job: a job sends
 * progress every 500 ms, so silence this long means we missed something.
 */
#define WAIT_RESYNC_MS	1000

struct wait_event {
	uint32_t id;
	struct p2p_job *job;
	bool done;
};

static int wait_event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct wait_event *e = data;
	struct p2p_job ev;

	if (g->cmd != P2PDMA_CMD_JOB_PROGRESS && g->cmd != P2PDMA_CMD_JOB_DONE)
		return MNL_CB_OK;
	/* Other jobs' events, or ones we cannot read, are not ours to fail on. */
	if (p2p_job_parse(nlh, &ev) || ev.id != e->id)
		return MNL_CB_OK;
	*e->job = ev;
	e->done = g->cmd == P2PDMA_CMD_JOB_DONE;
	return MNL_CB_OK;
}

static void show_progress(const struct p2p_job *job)
{
	double secs = (double)job->elapsed_ns / 1e9;
	double rate = secs > 0 ? (double)job->bytes_done / secs : 0;
	char done[32], r[32];

	fprintf(stderr, "\r\033[Kjob %u: %s", job->id,
		fmt_bytes(done, sizeof(done), (double)job->bytes_done));
	if (job->bytes_total && rate > 0)
		fprintf(stderr, " (%.0f%%), %s/s, ETA %.0f s",
			100.0 * (double)job->bytes_done / (double)job->bytes_total,
			fmt_bytes(r, sizeof(r), rate),
			(double)(job->bytes_total - job->bytes_done) / rate);
	else
		fprintf(stderr, ", %s/s", fmt_bytes(r, sizeof(r), rate));
}

static void wait_perror(const struct job_wait *w, const struct p2p_nl *nl,
			uint32_t id, int err)
{
	char what[64];

	if (w->progress)
		fputs("\r\033[K", stderr);
	snprintf(what, sizeof(what), "%s job %u", w->what, id);
	p2p_nl_perror(nl, what, err);
}

int job_wait_open(struct job_wait *w, struct p2p_nl *ctl, const char *what)
{
	int ret;

	w->ctl = ctl;
	w->what = what;
	w->cancelled = false;
	ret = p2p_nl_connect(&w->ev);
	if (ret)
		return ret;
	ret = p2p_nl_subscribe(&w->ev);
	if (ret) {
		p2p_nl_perror(&w->ev, "cannot join the jobs group", ret);
		p2p_nl_close(&w->ev);
	}
	return ret;
}

void job_wait_close(struct job_wait *w)
{
	p2p_nl_close(&w->ev);
}

/*
 * Cancels the job once the signal handler asked; a job that ended in the
 * meantime makes the request fail, which the wait then sees by itself.
 */
static void wait_cancel(struct job_wait *w, uint32_t id)
{
	struct p2p_job unused;

	if (!w->stop || !*w->stop || w->cancelled)
		return;
	w->cancelled = true;
	p2p_job_request(w->ctl, P2PDMA_CMD_JOB_CANCEL, id, &unused);
}

int job_wait_for(struct job_wait *w, uint32_t id, struct p2p_job *job)
{
	struct wait_event e = { .id = id, .job = job };
	int ret;

	/* The group was joined first: an end after this answer is an event. */
	ret = p2p_job_request(w->ctl, P2PDMA_CMD_JOB_GET, id, job);
	if (ret) {
		wait_perror(w, w->ctl, id, ret);
		return ret;
	}
	while (job->state == P2PDMA_JOB_RUNNING) {
		wait_cancel(w, id);
		ret = p2p_nl_recv_events(&w->ev, wait_event_cb, &e, WAIT_RESYNC_MS);
		if (ret == -EINTR)
			continue;
		if (ret == 0 || ret == -ENOBUFS) {
			ret = p2p_job_request(w->ctl, P2PDMA_CMD_JOB_GET, id, job);
			if (ret) {
				wait_perror(w, w->ctl, id, ret);
				return ret;
			}
		} else if (ret < 0) {
			wait_perror(w, &w->ev, id, ret);
			return ret;
		}
		if (e.done)
			break;
		if (w->progress)
			show_progress(job);
	}
	if (w->progress)
		fputs("\r\033[K", stderr);
	return 0;
}
