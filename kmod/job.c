// SPDX-License-Identifier: GPL-2.0
/*
 * Jobs: check what the caller asked for before any I/O, open what it
 * needs, run it on the engine, and keep its result until it is read.
 *
 * A job holds two references while it runs: one for the registry, one for
 * the engine, dropped by p2pdma_job_finish().  Finished jobs stay listed,
 * up to P2PDMA_JOBS_MAX in all, the oldest finished ones making room for
 * each job that starts.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/pagemap.h>
#include <linux/pci-p2pdma.h>
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

/*
 * Records the first failure of a job and stops it.  A job that has ended
 * keeps the result it ended with.
 */
void p2pdma_job_fail(struct p2pdma_job *job, int error,
		     enum p2pdma_phase phase, u64 offset)
{
	spin_lock(&job->lock);
	if (!job->error && job->state == P2PDMA_JOB_RUNNING) {
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

/* Gives back everything the job took; once per job, ended or refused. */
static void p2pdma_job_close(struct p2pdma_job *job)
{
	p2pdma_engine_teardown(job);
	p2pdma_pool_close(&job->pool);
	p2pdma_bdev_close(&job->dst);
	p2pdma_bdev_close(&job->src);
	atomic_dec(&p2pdma_held.jobs);
}

/*
 * Makes what the job wrote durable, as asked: one cache flush after the
 * last write, unless every write was FUA or the caller chose neither.
 */
static void p2pdma_job_flush(struct p2pdma_job *job)
{
	bool wrote;
	int ret;

	spin_lock(&job->lock);
	wrote = job->phase[P2PDMA_PHASE_WRITE].ios;
	spin_unlock(&job->lock);
	if (!wrote || job->params.sync != P2PDMA_SYNC_FLUSH)
		return;
	ret = blkdev_issue_flush(job->dst.bdev);
	if (ret) {
		p2pdma_job_fail(job, ret, P2PDMA_PHASE_COUNT, 0);
		return;
	}
	spin_lock(&job->lock);
	job->flushed = true;
	spin_unlock(&job->lock);
}

/*
 * Drops the page cache over @len bytes at @offset of @bdev, and over the
 * same sectors of its whole disk when it is a partition: each has a cache
 * of its own, and a later buffered read or a mount must see what the bios
 * wrote underneath them.
 */
static void p2pdma_range_invalidate(struct block_device *bdev, u64 offset,
				    u64 len)
{
	u64 start = p2pdma_disk_offset(bdev, offset);

	invalidate_inode_pages2_range(p2pdma_bdev_mapping(bdev),
				      offset >> PAGE_SHIFT,
				      (offset + len - 1) >> PAGE_SHIFT);
	if (bdev_is_partition(bdev))
		invalidate_inode_pages2_range(p2pdma_bdev_mapping(bdev_whole(bdev)),
					      start >> PAGE_SHIFT,
					      (start + len - 1) >> PAGE_SHIFT);
}

/*
 * Writes back dirty page cache over a range, of the device and of its
 * whole disk: the bios read and write beneath the cache, so the source's
 * latest data must be on the device before it is read, and no dirty page
 * of the destination may land on the copy later.
 */
static int p2pdma_range_writeback(struct block_device *bdev, u64 offset,
				  u64 len)
{
	u64 start = p2pdma_disk_offset(bdev, offset);
	int ret;

	ret = sync_blockdev_range(bdev, offset, offset + len - 1);
	if (!ret && bdev_is_partition(bdev))
		ret = sync_blockdev_range(bdev_whole(bdev), start, start + len - 1);
	return ret;
}

/* Called once, by the engine, when the last slot has retired. */
void p2pdma_job_finish(struct p2pdma_job *job)
{
	cancel_delayed_work_sync(&job->progress);

	if (!(job->params.flags & P2PDMA_F_SKIP_WRITE)) {
		p2pdma_job_flush(job);
		p2pdma_range_invalidate(job->dst.bdev, job->params.dst_offset,
					job->params.length);
	}

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

/*
 * Providers whose driver is unbinding.  A job that picks one of them after
 * p2pdma_provider_leaving() has looked at the jobs would hold its p2pmem
 * past the unbind, which waits for every page: so the pick checks here,
 * under the same lock.
 */
#define P2PDMA_LEAVING_MAX	16
static const struct pci_dev *p2pdma_leaving[P2PDMA_LEAVING_MAX];

static bool p2pdma_is_leaving(const struct pci_dev *pdev)
{
	int i;

	lockdep_assert_held(&p2pdma_jobs_lock);
	for (i = 0; i < P2PDMA_LEAVING_MAX; i++)
		if (p2pdma_leaving[i] == pdev)
			return true;
	return false;
}

/* Makes @pdev the provider of @job, unless it is on its way out. */
int p2pdma_job_set_provider(struct p2pdma_job *job, struct pci_dev *pdev)
{
	int ret = 0;

	mutex_lock(&p2pdma_jobs_lock);
	if (p2pdma_is_leaving(pdev))
		ret = -ENODEV;
	else
		job->provider_dev = pdev;
	mutex_unlock(&p2pdma_jobs_lock);
	return ret;
}

/*
 * A PCI function's driver is about to unbind.  If it is a provider, its
 * p2pmem goes with it, and the unbind waits until every page has come
 * back: fail the jobs that use it and wait until they have returned their
 * buffers.  The jobs of a departing source or destination are not waited
 * for: their bios fail in the block layer, which ends them.
 */
void p2pdma_provider_leaving(const struct pci_dev *pdev)
{
	struct p2pdma_job *job, *victims[P2PDMA_JOBS_MAX];
	int i, n = 0;

	if (!pci_has_p2pmem((struct pci_dev *)pdev))
		return;
	mutex_lock(&p2pdma_jobs_lock);
	for (i = 0; i < P2PDMA_LEAVING_MAX; i++) {
		if (!p2pdma_leaving[i]) {
			p2pdma_leaving[i] = pdev;
			break;
		}
	}
	if (i == P2PDMA_LEAVING_MAX)
		pr_warn("%u providers leaving at once; a job may pick %s meanwhile\n",
			P2PDMA_LEAVING_MAX, pci_name(pdev));
	list_for_each_entry(job, &p2pdma_jobs, node) {
		if (!completion_done(&job->done) && job->provider_dev == pdev &&
		    n < ARRAY_SIZE(victims)) {
			kref_get(&job->ref);
			victims[n++] = job;
		}
	}
	mutex_unlock(&p2pdma_jobs_lock);

	for (i = 0; i < n; i++) {
		pr_info("job %u: provider %s is going away; stopping the job\n",
			victims[i]->id, pci_name(pdev));
		p2pdma_job_fail(victims[i], -ENODEV, P2PDMA_PHASE_COUNT, 0);
		wait_for_completion(&victims[i]->done);
		p2pdma_job_put(victims[i]);
	}
}

/* The unbind of p2pdma_provider_leaving() is over. */
void p2pdma_provider_left(const struct pci_dev *pdev)
{
	int i;

	mutex_lock(&p2pdma_jobs_lock);
	for (i = 0; i < P2PDMA_LEAVING_MAX; i++)
		if (p2pdma_leaving[i] == pdev)
			p2pdma_leaving[i] = NULL;
	mutex_unlock(&p2pdma_jobs_lock);
}

/* Whether P2PDMA_JOBS_MAX jobs are running or being set up. */
static bool p2pdma_jobs_full(void)
{
	struct p2pdma_job *job;
	unsigned int running = 0;

	lockdep_assert_held(&p2pdma_jobs_lock);
	list_for_each_entry(job, &p2pdma_jobs, node)
		running += !completion_done(&job->done);
	return running >= P2PDMA_JOBS_MAX;
}

/*
 * Forgets the oldest finished jobs past P2PDMA_JOBS_MAX.  Only a job that
 * has started makes room: a refused one leaves the record as it was.
 */
static void p2pdma_jobs_trim(void)
{
	struct p2pdma_job *job, *tmp;
	unsigned int count = 0;

	mutex_lock(&p2pdma_jobs_lock);
	list_for_each_entry(job, &p2pdma_jobs, node)
		count++;
	list_for_each_entry_safe(job, tmp, &p2pdma_jobs, node) {
		if (count <= P2PDMA_JOBS_MAX)
			break;
		if (!completion_done(&job->done))
			continue;
		list_del(&job->node);
		p2pdma_job_put(job);
		count--;
	}
	mutex_unlock(&p2pdma_jobs_lock);
}

/*
 * A running job writing where @job would write, if any, compared on the
 * whole disk: a partition and its disk are one device.
 */
static struct p2pdma_job *p2pdma_dst_conflict(const struct p2pdma_job *job)
{
	u64 start = job->dst_disk_offset, end = start + job->params.length;
	struct p2pdma_job *other;

	lockdep_assert_held(&p2pdma_jobs_lock);
	list_for_each_entry(other, &p2pdma_jobs, node) {
		u64 o_start = other->dst_disk_offset;
		u64 o_end = o_start + other->params.length;

		if (other != job && !completion_done(&other->done) &&
		    other->dst_disk == job->dst_disk &&
		    start < o_end && o_start < end)
			return other;
	}
	return NULL;
}

/*
 * Lists the job, before its provider is chosen and its memory allocated,
 * so that a provider leaving meanwhile finds it.  A dry run is only
 * checked against the registry, never listed.
 */
static int p2pdma_job_register(struct p2pdma_job *job,
			       struct netlink_ext_ack *extack)
{
	bool dry_run = job->params.flags & P2PDMA_F_DRY_RUN;
	struct p2pdma_job *other;
	int ret;

	mutex_lock(&p2pdma_jobs_lock);
	other = p2pdma_dst_conflict(job);
	if (p2pdma_jobs_closed)
		ret = -ESHUTDOWN;
	else
		ret = p2pdma_jobs_full() ? -EBUSY : 0;
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
	} else if (!dry_run) {
		job->id = p2pdma_next_id++;
		kref_get(&job->ref);
		list_add_tail(&job->node, &p2pdma_jobs);
	}
	mutex_unlock(&p2pdma_jobs_lock);
	return ret;
}

/*
 * Undoes p2pdma_job_register() for a job that never started.  Once the
 * module is unloading, p2pdma_jobs_cancel_all() owns the list and the
 * registry's reference, and waits for the completion.
 */
static void p2pdma_job_unregister(struct p2pdma_job *job)
{
	bool listed;

	mutex_lock(&p2pdma_jobs_lock);
	listed = !list_empty(&job->node) && !p2pdma_jobs_closed;
	if (listed)
		list_del_init(&job->node);
	mutex_unlock(&p2pdma_jobs_lock);
	complete_all(&job->done);
	if (listed)
		p2pdma_job_put(job);
}

/*
 * Opens the destination for writing with the module's claim, and refuses
 * what a copy must not write to: a read-only device (6.1 opens it and only
 * warns at the first bio; 6.12 refuses the open with a bare EACCES), and
 * a zoned one, which takes only sequential writes at its write pointers.
 */
static int p2pdma_open_dst(struct p2pdma_job *job,
			   struct netlink_ext_ack *extack)
{
	struct p2pdma_bdev probe = { };
	bool read_only;
	int ret;

	ret = p2pdma_bdev_open(&job->dst, job->dst_path, &p2pdma_holder);
	if (ret == -EACCES && !p2pdma_bdev_open(&probe, job->dst_path, NULL)) {
		read_only = bdev_read_only(probe.bdev);
		p2pdma_bdev_close(&probe);
		if (read_only)
			goto refuse_read_only;
	}
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
	if (bdev_read_only(job->dst.bdev))
		goto refuse_read_only;
	if (bdev_is_zoned(job->dst.bdev)) {
		NL_SET_ERR_MSG_FMT(extack,
				   "destination %.32s is zoned; copies need random writes",
				   job->dst_path);
		return -EOPNOTSUPP;
	}
	job->dst_disk = bdev_whole(job->dst.bdev)->bd_dev;
	job->dst_disk_offset = p2pdma_disk_offset(job->dst.bdev,
						  job->params.dst_offset);
	return 0;

refuse_read_only:
	NL_SET_ERR_MSG_FMT(extack, "destination %.40s is read-only",
			   job->dst_path);
	return -EROFS;
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
	return p2pdma_open_dst(job, extack);
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
	job->start = ktime_get();
}

/*
 * Creates and starts a job.  Everything that can be refused is refused
 * here, before the first bio: bad parameters, devices that cannot be
 * opened, a path without p2p support, memory that cannot be had.  A dry
 * run stops short of the first bio and leaves *jobp NULL.
 */
int p2pdma_job_start(const struct p2pdma_job_params *params,
		     struct p2pdma_job **jobp, struct netlink_ext_ack *extack)
{
	struct p2pdma_job *job;
	int ret;

	*jobp = NULL;
	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job)
		return -ENOMEM;
	atomic_inc(&p2pdma_held.jobs);
	p2pdma_job_init(job, params);

	ret = p2pdma_job_open(job, extack);
	if (ret)
		goto out_close;
	ret = p2pdma_job_check(job, extack);
	if (ret)
		goto out_close;
	ret = p2pdma_job_register(job, extack);
	if (ret)
		goto out_close;
	ret = p2pdma_pool_open(&job->pool, job, extack);
	if (ret)
		goto err_unregister;
	ret = p2pdma_engine_setup(job, extack);
	if (ret)
		goto err_unregister;
	if (params->flags & P2PDMA_F_DRY_RUN)
		goto out_close;

	ret = p2pdma_range_writeback(job->src.bdev, params->src_offset,
				     params->length);
	if (!ret && !(params->flags & P2PDMA_F_SKIP_WRITE))
		ret = p2pdma_range_writeback(job->dst.bdev, params->dst_offset,
					     params->length);
	if (ret) {
		NL_SET_ERR_MSG(extack, "cannot write back the devices' page cache");
		goto err_unregister;
	}

	p2pdma_jobs_trim();
	kref_get(&job->ref);		/* the caller's */
	queue_delayed_work(system_wq, &job->progress, P2PDMA_PROGRESS_INTERVAL);
	p2pdma_engine_start(job);	/* owns the initial reference now */
	*jobp = job;
	return 0;

err_unregister:
	/* Buffers first: a provider leaving may be waiting for the job. */
	p2pdma_job_close(job);
	p2pdma_job_unregister(job);
	p2pdma_job_put(job);
	return ret;

out_close:
	p2pdma_job_close(job);
	p2pdma_job_put(job);
	return ret;
}
