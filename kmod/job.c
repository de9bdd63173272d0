// SPDX-License-Identifier: GPL-2.0
/*
 * Jobs: check what the caller asked for before any I/O, open what it
 * needs, run it on the engine, and keep its result until it is read.
 *
 * A job holds two references while it runs: one for the registry, one for
 * the engine, dropped by p2pdma_job_finish().  Finished jobs stay listed,
 * up to P2PDMA_JOBS_MAX in all, the oldest finished one making room.
 */
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/slab.h>

#include "harness.h"

#define P2PDMA_PROGRESS_INTERVAL	msecs_to_jiffies(500)

static LIST_HEAD(p2pdma_jobs);
static DEFINE_MUTEX(p2pdma_jobs_lock);
static u32 p2pdma_next_id = 1;
static bool p2pdma_jobs_closed;

/*
 * The module, not each job, claims every destination: jobs may then share
 * a device in ranges of their own, while a mounted file system or another
 * driver keeps everyone out, and they keep us out.
 */
static char p2pdma_holder;

static void p2pdma_job_release(struct kref *ref)
{
	struct p2pdma_job *job = container_of(ref, struct p2pdma_job, ref);

	kfree(job);
}

void p2pdma_job_put(struct p2pdma_job *job)
{
	kref_put(&job->ref, p2pdma_job_release);
}

struct p2pdma_job *p2pdma_job_find(u32 id)
{
	struct p2pdma_job *job, *found = NULL;

	mutex_lock(&p2pdma_jobs_lock);
	list_for_each_entry(job, &p2pdma_jobs, node) {
		if (job->id == id) {
			kref_get(&job->ref);
			found = job;
			break;
		}
	}
	mutex_unlock(&p2pdma_jobs_lock);
	return found;
}

/* Calls @fn on each job from id @start_id on, until it returns non-zero. */
int p2pdma_job_for_each(int (*fn)(struct p2pdma_job *job, void *arg),
			void *arg, u32 start_id)
{
	struct p2pdma_job *job;
	int ret = 0;

	mutex_lock(&p2pdma_jobs_lock);
	list_for_each_entry(job, &p2pdma_jobs, node) {
		if (job->id < start_id)
			continue;
		ret = fn(job, arg);
		if (ret)
			break;
	}
	mutex_unlock(&p2pdma_jobs_lock);
	return ret;
}

void p2pdma_job_stop(struct p2pdma_job *job, enum p2pdma_job_state reason)
{
	spin_lock(&job->lock);
	if (job->stop_reason == P2PDMA_JOB_RUNNING)
		job->stop_reason = reason;
	spin_unlock(&job->lock);
}

/* Records the first failure of a job and stops it. */
void p2pdma_job_fail(struct p2pdma_job *job, int error,
		     enum p2pdma_phase phase, u64 offset)
{
	spin_lock(&job->lock);
	if (!job->error) {
		job->error = error;
		job->fail_phase = phase;
		job->fail_offset = offset;
		job->stop_reason = P2PDMA_JOB_FAILED;
	}
	spin_unlock(&job->lock);
}

static void p2pdma_job_progress(struct work_struct *work)
{
	struct p2pdma_job *job = container_of(to_delayed_work(work),
					      struct p2pdma_job, progress);

	p2pdma_notify(job, P2PDMA_CMD_JOB_PROGRESS);
	queue_delayed_work(system_wq, &job->progress, P2PDMA_PROGRESS_INTERVAL);
}

static void p2pdma_job_close(struct p2pdma_job *job)
{
	p2pdma_engine_teardown(job);
	p2pdma_pool_close(&job->pool);
	p2pdma_bdev_close(&job->dst);
	p2pdma_bdev_close(&job->src);
}

/* Called once, by the engine, when the last slot has retired. */
void p2pdma_job_finish(struct p2pdma_job *job)
{
	cancel_delayed_work_sync(&job->progress);

	spin_lock(&job->lock);
	job->end = ktime_get();
	job->state = job->stop_reason == P2PDMA_JOB_RUNNING ?
		     P2PDMA_JOB_DONE : job->stop_reason;
	spin_unlock(&job->lock);

	/* Buffers and devices go back now, not when the result is read. */
	p2pdma_job_close(job);
	p2pdma_notify(job, P2PDMA_CMD_JOB_DONE);
	complete_all(&job->done);
	p2pdma_job_put(job);
}

/* Cancels the jobs a closed socket started, unless they were detached. */
void p2pdma_job_release_owner(u32 portid)
{
	struct p2pdma_job *job;

	mutex_lock(&p2pdma_jobs_lock);
	list_for_each_entry(job, &p2pdma_jobs, node) {
		if (job->params.owner_portid == portid &&
		    !(job->params.flags & P2PDMA_F_DETACH))
			p2pdma_job_stop(job, P2PDMA_JOB_CANCELLED);
	}
	mutex_unlock(&p2pdma_jobs_lock);
}

/*
 * For module unload: refuse new jobs, stop every running one and wait until
 * it has returned its buffers and devices.
 */
void p2pdma_jobs_cancel_all(void)
{
	struct p2pdma_job *job, *tmp;
	LIST_HEAD(all);

	mutex_lock(&p2pdma_jobs_lock);
	p2pdma_jobs_closed = true;
	list_splice_init(&p2pdma_jobs, &all);
	mutex_unlock(&p2pdma_jobs_lock);

	list_for_each_entry(job, &all, node)
		p2pdma_job_stop(job, P2PDMA_JOB_CANCELLED);
	list_for_each_entry_safe(job, tmp, &all, node) {
		wait_for_completion(&job->done);
		list_del(&job->node);
		p2pdma_job_put(job);
	}
}

static bool p2pdma_job_uses(const struct p2pdma_job *job,
			    const struct pci_dev *pdev)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(job->pci_devs); i++)
		if (job->pci_devs[i] == pdev)
			return true;
	return false;
}

/*
 * A device of some jobs is going away: fail them and wait until they have
 * returned their buffers and devices, so that nothing of ours is left on
 * it when its driver unbinds.
 */
void p2pdma_jobs_device_gone(const struct pci_dev *pdev)
{
	struct p2pdma_job *job, *victims[P2PDMA_JOBS_MAX];
	int i, n = 0;

	mutex_lock(&p2pdma_jobs_lock);
	list_for_each_entry(job, &p2pdma_jobs, node) {
		if (!completion_done(&job->done) && p2pdma_job_uses(job, pdev) &&
		    n < ARRAY_SIZE(victims)) {
			kref_get(&job->ref);
			victims[n++] = job;
		}
	}
	mutex_unlock(&p2pdma_jobs_lock);

	for (i = 0; i < n; i++) {
		pr_info("job %u: PCI device %s is going away; stopping the job\n",
			victims[i]->id, pci_name(pdev));
		p2pdma_job_fail(victims[i], -ENODEV, P2PDMA_PHASE_COUNT, 0);
		wait_for_completion(&victims[i]->done);
		p2pdma_job_put(victims[i]);
	}
}

/* Drops the oldest finished job when the registry is full. */
static int p2pdma_jobs_make_room(void)
{
	struct p2pdma_job *job, *victim = NULL;
	unsigned int count = 0;

	lockdep_assert_held(&p2pdma_jobs_lock);
	list_for_each_entry(job, &p2pdma_jobs, node) {
		count++;
		if (!victim && completion_done(&job->done))
			victim = job;
	}
	if (count < P2PDMA_JOBS_MAX)
		return 0;
	if (!victim)
		return -EBUSY;
	list_del(&victim->node);
	p2pdma_job_put(victim);
	return 0;
}

/* A running job writing where @job would write, if any. */
static struct p2pdma_job *p2pdma_dst_conflict(const struct p2pdma_job *job)
{
	u64 start = job->params.dst_offset, end = start + job->params.length;
	struct p2pdma_job *other;

	lockdep_assert_held(&p2pdma_jobs_lock);
	list_for_each_entry(other, &p2pdma_jobs, node) {
		u64 o_start = other->params.dst_offset;
		u64 o_end = o_start + other->params.length;

		if (!completion_done(&other->done) && other->dst_dev == job->dst_dev &&
		    start < o_end && o_start < end)
			return other;
	}
	return NULL;
}

static int p2pdma_job_register(struct p2pdma_job *job,
			       struct netlink_ext_ack *extack)
{
	struct p2pdma_job *other;
	int ret;

	mutex_lock(&p2pdma_jobs_lock);
	other = p2pdma_dst_conflict(job);
	ret = p2pdma_jobs_closed ? -ESHUTDOWN : p2pdma_jobs_make_room();
	if (ret == -ESHUTDOWN) {
		NL_SET_ERR_MSG(extack, "the module is being unloaded");
	} else if (ret) {
		NL_SET_ERR_MSG_FMT(extack,
				   "%u jobs are already running; wait for one to end",
				   P2PDMA_JOBS_MAX);
	} else if (other) {
		NL_SET_ERR_MSG_FMT(extack,
				   "job %u is writing to that range of the destination",
				   other->id);
		ret = -EBUSY;
	} else {
		job->id = p2pdma_next_id++;
		kref_get(&job->ref);
		list_add_tail(&job->node, &p2pdma_jobs);
	}
	mutex_unlock(&p2pdma_jobs_lock);
	return ret;
}

static int p2pdma_job_open(struct p2pdma_job *job,
			   struct netlink_ext_ack *extack)
{
	int ret;

	ret = p2pdma_bdev_open(&job->src, job->src_path, NULL);
	if (ret) {
		NL_SET_ERR_MSG_FMT(extack, "cannot open source %.48s", job->src_path);
		return ret;
	}
	ret = p2pdma_bdev_open(&job->dst, job->dst_path, &p2pdma_holder);
	if (ret == -EBUSY) {
		NL_SET_ERR_MSG_FMT(extack,
				   "%.20s is in use (mounted, or claimed by a driver)",
				   job->dst_path);
		return ret;
	}
	if (ret) {
		NL_SET_ERR_MSG_FMT(extack, "cannot open destination %.40s",
				   job->dst_path);
		return ret;
	}
	job->dst_dev = job->dst.bdev->bd_dev;
	job->pci_devs[0] = p2pdma_bdev_pci_dev(job->src.bdev);
	job->pci_devs[1] = p2pdma_bdev_pci_dev(job->dst.bdev);
	return 0;
}

static void p2pdma_job_init(struct p2pdma_job *job,
			    const struct p2pdma_job_params *params)
{
	kref_init(&job->ref);
	spin_lock_init(&job->lock);
	init_completion(&job->done);
	INIT_DELAYED_WORK(&job->progress, p2pdma_job_progress);
	INIT_LIST_HEAD(&job->node);
	job->params = *params;
	strscpy(job->src_path, params->src_path, sizeof(job->src_path));
	strscpy(job->dst_path, params->dst_path, sizeof(job->dst_path));
	job->params.src_path = job->src_path;
	job->params.dst_path = job->dst_path;
	job->params.provider = NULL;
	if (params->provider) {
		strscpy(job->provider_req, params->provider,
			sizeof(job->provider_req));
		job->params.provider = job->provider_req;
	}
	job->state = P2PDMA_JOB_RUNNING;
	job->stop_reason = P2PDMA_JOB_RUNNING;
}

/*
 * Creates and starts a job.  Everything that can be refused is refused
 * here, before the first bio: bad parameters, devices that cannot be
 * opened, a path without p2p support, memory that cannot be had.
 */
int p2pdma_job_start(const struct p2pdma_job_params *params,
		     struct p2pdma_job **jobp, struct netlink_ext_ack *extack)
{
	struct p2pdma_job *job;
	int ret;

	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job)
		return -ENOMEM;
	p2pdma_job_init(job, params);

	ret = p2pdma_job_open(job, extack);
	if (ret)
		goto err_close;
	ret = p2pdma_job_check(job, extack);
	if (ret)
		goto err_close;
	ret = p2pdma_pool_open(&job->pool, job, extack);
	if (ret)
		goto err_close;
	job->pci_devs[2] = job->pool.provider;
	ret = p2pdma_engine_setup(job);
	if (ret) {
		NL_SET_ERR_MSG_FMT(extack,
				   "cannot allocate %u buffers of %u bytes of %s memory",
				   job->nr_slots,
				   params->chunk_size + params->buf_offset,
				   job->pool.mode == P2PDMA_BUF_P2P ? "p2p" : "host");
		goto err_close;
	}
	ret = p2pdma_job_register(job, extack);
	if (ret)
		goto err_close;

	kref_get(&job->ref);		/* the caller's */
	queue_delayed_work(system_wq, &job->progress, P2PDMA_PROGRESS_INTERVAL);
	p2pdma_engine_start(job);	/* owns the initial reference now */
	*jobp = job;
	return 0;

err_close:
	p2pdma_job_close(job);
	p2pdma_job_put(job);
	return ret;
}
