// SPDX-License-Identifier: GPL-2.0
/*
 * The copy pipeline.
 *
 * A job's range is cut into chunks, and the chunks into one contiguous
 * stripe per stream.  A slot owns one buffer and carries one chunk at a
 * time: a read bio from the source into the buffer, then a write bio from
 * the buffer to the destination, then the next chunk of its stream.
 * Completions only record the status and hand the slot to a workqueue,
 * where the next bio is built and submitted, so nothing is submitted from
 * interrupt context.
 *
 * A stream keeps at most QUEUE_DEPTH reads and QUEUE_DEPTH writes in
 * flight.  It has QUEUE_DEPTH slots, which its reads and writes share
 * (at depth 1 they take turns), or twice as many with read-ahead: then
 * the next chunks are read while the last ones are written and each
 * device has the whole depth.  A slot whose phase has all its bios in
 * flight waits for one of them to end and takes its place.  A chunk once
 * claimed is carried through, read and write, also when the job is told
 * to stop meanwhile, as without read-ahead.
 */
#include <linux/bio.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "harness.h"

struct p2pdma_stream {
	u64 first;			/* first chunk of the stripe */
	u64 nr_chunks;			/* chunks in the stripe */
	u64 next;			/* next chunk, relative to first */
	u64 quota;			/* chunks left to issue (no duration) */
	/* Bios in flight, and slots waiting to issue one, per phase. */
	u32 inflight[P2PDMA_PHASE_COUNT];
	struct list_head waiting[P2PDMA_PHASE_COUNT];
};

struct p2pdma_slot {
	struct p2pdma_job *job;
	struct p2pdma_stream *stream;
	struct p2pdma_buf buf;
	void *data;			/* buf.addr + buf_offset */
	u64 rel;			/* chunk's byte offset within the range */
	u32 len;
	enum p2pdma_phase phase;
	blk_status_t status;
	ktime_t issued;
	u64 lat_ns;
	struct work_struct work;
	struct list_head wait;		/* on stream->waiting[phase] */
};

static struct bio_set p2pdma_bio_set;
static struct workqueue_struct *p2pdma_wq;
static struct workqueue_struct *p2pdma_wq_bound;

/*
 * Where a slot's next bio is built after a completion: an unbound
 * workqueue, or one bound to the CPU the completion ran on.  A knob for
 * the bench's A/B of the two (tests/bench), read when a job is set up.
 */
static bool bound_completions;
module_param(bound_completions, bool, 0644);
MODULE_PARM_DESC(bound_completions,
		 "build each next bio on the completing CPU's workqueue rather than an unbound one (default: N)");

static void p2pdma_slot_end_io(struct bio *bio)
{
	struct p2pdma_slot *slot = bio->bi_private;

	slot->lat_ns = ktime_to_ns(ktime_sub(ktime_get(), slot->issued));
	slot->status = bio->bi_status;
	bio_put(bio);
	atomic_dec(&p2pdma_held.bios);
	queue_work(slot->job->completion_wq, &slot->work);
}

static void p2pdma_slot_issue(struct p2pdma_slot *slot)
{
	struct p2pdma_job *job = slot->job;
	bool read = slot->phase == P2PDMA_PHASE_READ;
	struct block_device *bdev = read ? job->src.bdev : job->dst.bdev;
	u64 pos = (read ? job->params.src_offset : job->params.dst_offset) +
		  slot->rel;
	blk_opf_t opf = read ? REQ_OP_READ : REQ_OP_WRITE;
	struct bio *bio;

	if (!read && job->params.sync == P2PDMA_SYNC_FUA)
		opf |= REQ_FUA;

	/* The block layer must not merge p2p pages with host pages. */
	if (job->pool.mode == P2PDMA_BUF_P2P)
		opf |= REQ_NOMERGE;

	/* A mempool-backed bio_set: with GFP_NOIO this cannot fail. */
	bio = bio_alloc_bioset(bdev, 1, opf, GFP_NOIO, &p2pdma_bio_set);
	bio->bi_iter.bi_sector = pos >> SECTOR_SHIFT;
	bio->bi_private = slot;
	bio->bi_end_io = p2pdma_slot_end_io;
	__bio_add_page(bio, virt_to_page(slot->data), slot->len,
		       offset_in_page(slot->data));

	slot->issued = ktime_get();
	atomic_inc(&p2pdma_held.bios);
	submit_bio(bio);
}

/* Issues @slot's bio for @phase, or queues it while the phase is full. */
static void p2pdma_slot_submit(struct p2pdma_slot *slot,
			       enum p2pdma_phase phase)
{
	struct p2pdma_job *job = slot->job;
	struct p2pdma_stream *st = slot->stream;
	bool admitted;

	slot->phase = phase;
	spin_lock(&job->lock);
	admitted = st->inflight[phase] < job->params.queue_depth;
	if (admitted) {
		struct p2pdma_phase_stats *ph = &job->phase[phase];
		u32 both;

		st->inflight[phase]++;
		both = st->inflight[P2PDMA_PHASE_READ] +
		       st->inflight[P2PDMA_PHASE_WRITE];
		ph->depth_peak = max(ph->depth_peak, st->inflight[phase]);
		job->inflight_peak = max(job->inflight_peak, both);
	} else {
		list_add_tail(&slot->wait, &st->waiting[phase]);
	}
	spin_unlock(&job->lock);
	if (admitted)
		p2pdma_slot_issue(slot);
}

/*
 * Called when @slot's bio has ended: its place in flight goes to the
 * first slot waiting for one in that phase, if any.
 */
static void p2pdma_slot_pass_on(struct p2pdma_slot *slot)
{
	struct p2pdma_job *job = slot->job;
	struct p2pdma_stream *st = slot->stream;
	struct p2pdma_slot *next;

	spin_lock(&job->lock);
	next = list_first_entry_or_null(&st->waiting[slot->phase],
					struct p2pdma_slot, wait);
	if (next)
		list_del(&next->wait);
	else
		st->inflight[slot->phase]--;
	spin_unlock(&job->lock);
	if (next)
		p2pdma_slot_issue(next);
}

static u64 p2pdma_slot_dev_offset(const struct p2pdma_slot *slot)
{
	const struct p2pdma_job_params *p = &slot->job->params;

	return slot->rel + (slot->phase == P2PDMA_PHASE_READ ?
			    p->src_offset : p->dst_offset);
}

/* Records a finished bio; false when it failed and the job must stop. */
static bool p2pdma_slot_account(struct p2pdma_slot *slot)
{
	struct p2pdma_job *job = slot->job;
	struct p2pdma_phase_stats *ph = &job->phase[slot->phase];
	bool last_phase = slot->phase == P2PDMA_PHASE_WRITE ||
			  (job->params.flags & P2PDMA_F_SKIP_WRITE);

	if (slot->status) {
		p2pdma_job_fail(job, blk_status_to_errno(slot->status),
				slot->phase, p2pdma_slot_dev_offset(slot));
		spin_lock(&job->lock);
		ph->errors++;
		spin_unlock(&job->lock);
		return false;
	}

	spin_lock(&job->lock);
	ph->ios++;
	ph->bytes += slot->len;
	ph->lat_sum_ns += slot->lat_ns;
	if (!ph->lat_min_ns || slot->lat_ns < ph->lat_min_ns)
		ph->lat_min_ns = slot->lat_ns;
	if (slot->lat_ns > ph->lat_max_ns)
		ph->lat_max_ns = slot->lat_ns;
	ph->hist[p2pdma_hist_bucket(slot->lat_ns)]++;
	if (last_phase)
		job->bytes_done += slot->len;
	spin_unlock(&job->lock);
	return true;
}

/* Gives @slot the next chunk of its stream; false when there is none. */
static bool p2pdma_slot_claim(struct p2pdma_slot *slot)
{
	struct p2pdma_job *job = slot->job;
	struct p2pdma_stream *st = slot->stream;
	bool timed = job->params.duration_ms;
	u64 chunk;

	spin_lock(&job->lock);
	if (timed && job->stop_reason == P2PDMA_JOB_RUNNING &&
	    ktime_after(ktime_get(), job->deadline))
		job->stop_reason = P2PDMA_JOB_DONE;
	if (job->stop_reason != P2PDMA_JOB_RUNNING || !st->quota) {
		spin_unlock(&job->lock);
		return false;
	}
	chunk = st->first + st->next;
	if (++st->next == st->nr_chunks)
		st->next = 0;
	st->quota--;
	spin_unlock(&job->lock);

	slot->rel = chunk * job->params.chunk_size;
	slot->len = min_t(u64, job->params.chunk_size,
			  job->params.length - slot->rel);
	return true;
}

static void p2pdma_slot_next(struct p2pdma_slot *slot)
{
	struct p2pdma_job *job = slot->job;

	if (p2pdma_slot_claim(slot)) {
		p2pdma_slot_submit(slot, job->params.flags & P2PDMA_F_SKIP_READ ?
				   P2PDMA_PHASE_WRITE : P2PDMA_PHASE_READ);
		return;
	}
	if (atomic_dec_and_test(&job->inflight_slots))
		p2pdma_job_finish(job);
}

static void p2pdma_slot_work(struct work_struct *work)
{
	struct p2pdma_slot *slot = container_of(work, struct p2pdma_slot, work);
	struct p2pdma_job *job = slot->job;

	p2pdma_slot_pass_on(slot);
	if (p2pdma_slot_account(slot) && slot->phase == P2PDMA_PHASE_READ &&
	    !(job->params.flags & P2PDMA_F_SKIP_WRITE)) {
		p2pdma_fault_corrupt(slot->data, slot->len);
		p2pdma_slot_submit(slot, P2PDMA_PHASE_WRITE);
		return;
	}
	p2pdma_slot_next(slot);
}

/*
 * A timed job without a chunk count runs until its deadline: a quota of
 * U64_MAX chunks never runs out.  With a count it stops at whichever
 * comes first, as p2pmem-test's -c with -D does.
 */
static void p2pdma_streams_init(struct p2pdma_job *job)
{
	const struct p2pdma_job_params *p = &job->params;
	u64 nr = p2pdma_job_nr_chunks(job);
	u64 count = p->chunk_count ?: nr;
	bool unbounded = p->duration_ms && !p->chunk_count;
	u32 s, n = p->streams;

	for (s = 0; s < n; s++) {
		struct p2pdma_stream *st = &job->streams[s];
		u64 first = div_u64(nr * s, n);

		st->first = first;
		st->nr_chunks = div_u64(nr * (s + 1), n) - first;
		st->next = 0;
		INIT_LIST_HEAD(&st->waiting[P2PDMA_PHASE_READ]);
		INIT_LIST_HEAD(&st->waiting[P2PDMA_PHASE_WRITE]);
		st->quota = unbounded ? U64_MAX :
			    mul_u64_u64_div_u64(count, s + 1, n) -
			    mul_u64_u64_div_u64(count, s, n);
	}
}

/*
 * Bytes a job without a duration moves: its chunks at full size, less
 * what the short last chunk of the range lacks each time it comes round.
 * Only the last stream's stripe holds that chunk, as its last, so it
 * comes round once per full pass of that stripe.
 */
static u64 p2pdma_planned_bytes(const struct p2pdma_job *job)
{
	const struct p2pdma_job_params *p = &job->params;
	const struct p2pdma_stream *last = &job->streams[p->streams - 1];
	u64 count = p->chunk_count ?: p2pdma_job_nr_chunks(job);
	u32 tail = (u32)(p->length % p->chunk_size);

	if (!tail)
		return count * p->chunk_size;
	return count * p->chunk_size -
	       div64_u64(last->quota, last->nr_chunks) * (p->chunk_size - tail);
}

/* A stream never needs more slots than it has chunks to move. */
static u32 p2pdma_stream_slots(const struct p2pdma_job *job,
			       const struct p2pdma_stream *st)
{
	u64 slots = job->params.queue_depth;

	if (job->params.flags & P2PDMA_F_READ_AHEAD)
		slots *= 2;
	slots = min(slots, st->quota);

	/* Wrapping, two slots on one chunk at once would race each other. */
	if (job->params.duration_ms)
		slots = min(slots, st->nr_chunks);
	return slots;
}

static int p2pdma_slots_alloc_bufs(struct p2pdma_job *job)
{
	size_t size = job->params.chunk_size + job->params.buf_offset;
	unsigned int i;
	int ret;

	for (i = 0; i < job->nr_slots; i++) {
		struct p2pdma_slot *slot = &job->slots[i];

		ret = p2pdma_buf_alloc(&job->pool, &slot->buf, size);
		if (ret)
			return ret;
		/* Zeroing thousands of buffers, some through a BAR, takes a while. */
		cond_resched();
		slot->data = slot->buf.addr + job->params.buf_offset;
	}
	return 0;
}

/*
 * Allocates streams, slots and every buffer up front, so that a job that
 * cannot have all its memory fails before its first I/O rather than
 * running short.  Undone by p2pdma_engine_teardown(), also on failure.
 */
int p2pdma_engine_setup(struct p2pdma_job *job, struct netlink_ext_ack *extack)
{
	size_t buf_size = job->params.chunk_size + job->params.buf_offset;
	u32 s, d, n = job->params.streams;
	unsigned int i = 0;
	int ret;

	job->completion_wq = READ_ONCE(bound_completions) ? p2pdma_wq_bound :
							    p2pdma_wq;
	job->streams = kcalloc(n, sizeof(*job->streams), GFP_KERNEL);
	if (!job->streams)
		return -ENOMEM;
	p2pdma_streams_init(job);
	if (!job->params.duration_ms)
		job->bytes_total = p2pdma_planned_bytes(job);

	job->nr_slots = 0;
	for (s = 0; s < n; s++)
		job->nr_slots += p2pdma_stream_slots(job, &job->streams[s]);
	ret = p2pdma_pool_reserve(&job->pool, (u64)job->nr_slots *
				  p2pdma_buf_footprint(&job->pool, buf_size),
				  extack);
	if (ret)
		return ret;
	job->slots = kvcalloc(job->nr_slots, sizeof(*job->slots), GFP_KERNEL);
	if (!job->slots)
		return -ENOMEM;

	for (s = 0; s < n; s++) {
		u32 slots = p2pdma_stream_slots(job, &job->streams[s]);

		for (d = 0; d < slots; d++, i++) {
			job->slots[i].job = job;
			job->slots[i].stream = &job->streams[s];
			INIT_WORK(&job->slots[i].work, p2pdma_slot_work);
		}
	}
	ret = p2pdma_slots_alloc_bufs(job);
	/* Within the 80 characters an extack message may have. */
	if (ret)
		NL_SET_ERR_MSG_FMT(extack,
				   "cannot allocate %u buffers of %zu bytes of %s memory%s",
				   job->nr_slots, buf_size,
				   job->pool.mode == P2PDMA_BUF_P2P ? "p2p" : "host",
				   job->params.flags & P2PDMA_F_READ_AHEAD ?
				   " (2 per queue slot)" : "");
	return ret;
}

void p2pdma_engine_start(struct p2pdma_job *job)
{
	unsigned int i, n = job->nr_slots;

	spin_lock(&job->lock);
	job->start = ktime_get();
	job->deadline = ktime_add_ms(job->start, job->params.duration_ms);
	spin_unlock(&job->lock);
	atomic_set(&job->inflight_slots, n);
	/* Past the last p2pdma_slot_next() the job may already be gone. */
	for (i = 0; i < n; i++)
		p2pdma_slot_next(&job->slots[i]);
}

/* Returns every buffer; safe on a partly set-up job. */
void p2pdma_engine_teardown(struct p2pdma_job *job)
{
	unsigned int i;

	for (i = 0; job->slots && i < job->nr_slots; i++)
		p2pdma_buf_free(&job->pool, &job->slots[i].buf);
	kvfree(job->slots);
	job->slots = NULL;
	job->nr_slots = 0;
	kfree(job->streams);
	job->streams = NULL;
}

int p2pdma_engine_init(void)
{
	int ret;

	ret = bioset_init(&p2pdma_bio_set, BIO_POOL_SIZE, 0, BIOSET_NEED_BVECS);
	if (ret)
		return ret;
	ret = -ENOMEM;
	p2pdma_wq = alloc_workqueue("p2pdma_harness", WQ_UNBOUND, 0);
	if (!p2pdma_wq)
		goto err_bioset;
	p2pdma_wq_bound = alloc_workqueue("p2pdma_harness_bound", 0, 0);
	if (!p2pdma_wq_bound)
		goto err_wq;
	return 0;

err_wq:
	destroy_workqueue(p2pdma_wq);
err_bioset:
	bioset_exit(&p2pdma_bio_set);
	return ret;
}

void p2pdma_engine_exit(void)
{
	destroy_workqueue(p2pdma_wq_bound);
	destroy_workqueue(p2pdma_wq);
	bioset_exit(&p2pdma_bio_set);
}
