/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Waiting for a job to end: on the "jobs" multicast group, whose JOB_DONE
 * carries the job in full, with JOB_GET to catch up where events can be
 * missed (before joining, or when the socket overran).
 */
#ifndef P2PDMA_WAIT_H
#define P2PDMA_WAIT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "job.h"
#include "nl.h"

struct job_wait {
	struct p2p_nl *ctl;	/* requests: JOB_GET, JOB_CANCEL */
	struct p2p_nl ev;	/* the group's events, and nothing else */
	const char *what;	/* names a failure: "<what> job N: reason" */
	bool progress;		/* draw a live progress line on stderr */
	/* Set by a signal handler: cancel the job, then wait for its end. */
	const volatile sig_atomic_t *stop;
	bool cancelled;		/* a JOB_CANCEL went out because of @stop */
};

/*
 * Opens the events socket beside @ctl and joins the group; says why not
 * on stderr.  0 or -errno.
 */
int job_wait_open(struct job_wait *w, struct p2p_nl *ctl, const char *what);
void job_wait_close(struct job_wait *w);

/*
 * Returns once job @id has ended, with its final record in @job; 0, or
 * -errno when the job was lost (said on stderr).
 */
int job_wait_for(struct job_wait *w, uint32_t id, struct p2p_job *job);

#endif
