// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace engine.
 *
 * Each stream is a thread with its stripe of the range and its slots, as
 * in the module: a slot carries one chunk at a time, read from the source
 * into its buffer, then written from it, then the next chunk of the
 * stream.  With io_uring a stream keeps up to QUEUE_DEPTH reads and as many
 * writes in flight on a ring of its own, from QUEUE_DEPTH slots, or twice
 * as many with read-ahead, as the module does; with --sync it has one slot
 * and blocks in pread and pwrite, as p2pmem-test's threads do.  Every
 * buffer lives in one mapping of the provider's p2p memory (or of
 * anonymous memory), a page-rounded stride per slot, since each mmap of
 * p2pmem/allocate is a new allocation.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "engine_user.h"
#include "layout.h"
#include "p2pmem.h"
#include "stripe.h"

struct ustream;

struct uslot {
	struct ustream *stream;
	void *data;			/* buffer + buf_offset */
	uint64_t rel;			/* chunk's byte offset within the range */
	uint32_t len;
	uint32_t phase;			/* enum p2pdma_phase */
	uint64_t issued_ns;
	struct uslot *next_waiting;
};

/* A stream's I/O in flight per phase, and the slots waiting to issue. */
struct phase_queue {
	uint32_t inflight[P2PDMA_PHASE_COUNT];
	struct uslot *head[P2PDMA_PHASE_COUNT], *tail[P2PDMA_PHASE_COUNT];
};

struct ucopy;

struct ustream {
	struct ucopy *copy;
	struct stripe stripe;
	uint64_t next;			/* next chunk, relative to stripe.first */
	struct uslot *slots;		/* stripe.depth of them */
	struct p2p_phase phase[P2PDMA_PHASE_COUNT];
	uint32_t inflight_peak;		/* both phases */
	uint64_t bytes_done;
	pthread_t thread;
};

struct ucopy {
	const struct user_copy *c;
	struct stripe_plan plan;
	int src_fd, dst_fd;
	uint64_t deadline_ns;
	_Atomic uint32_t end;		/* P2PDMA_JOB_RUNNING until decided */
	int err;			/* set by whoever decided FAILED */
	uint32_t fail_phase;
	uint64_t fail_offset;
	struct ustream *streams;
	uint32_t nr_slots;
	void *mem;
	size_t mem_len;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static size_t slot_stride(const struct user_copy *c)
{
	size_t page = page_size();

	return ((size_t)c->chunk_size + c->buf_offset + page - 1) / page * page;
}

static void stripe_plan_of(const struct user_copy *c, struct stripe_plan *p)
{
	*p = (struct stripe_plan){
		.length = c->length, .chunk_size = c->chunk_size,
		.chunk_count = c->chunk_count, .streams = c->streams,
		.queue_depth = c->queue_depth, .timed = c->duration_ms,
		.read_ahead = c->flags & P2PDMA_F_READ_AHEAD,
	};
}

static uint32_t nr_slots_of(const struct stripe_plan *p)
{
	struct stripe st;
	uint32_t s, n = 0;

	for (s = 0; s < p->streams; s++) {
		stripe_of(p, s, &st);
		n += st.depth;
	}
	return n;
}

uint64_t user_copy_footprint(const struct user_copy *c)
{
	struct stripe_plan p;

	stripe_plan_of(c, &p);
	return (uint64_t)nr_slots_of(&p) * slot_stride(c);
}

int user_copy_check(const struct user_copy *c, char *msg, size_t len)
{
	const struct blkdev_info *s = c->src_info, *d = c->dst_info;
	unsigned int lbs = s->lbs > d->lbs ? s->lbs : d->lbs;
	unsigned int dma = s->dma_align > d->dma_align ? s->dma_align : d->dma_align;
	struct stripe_plan p;
	uint64_t nr;

	stripe_plan_of(c, &p);
	nr = stripe_nr_chunks(&p);
	if ((c->flags & P2PDMA_F_SKIP_READ) && (c->flags & P2PDMA_F_SKIP_WRITE)) {
		snprintf(msg, len, "skipping both read and write leaves nothing to do");
		return -EINVAL;
	}
	if (c->chunk_size % lbs) {
		snprintf(msg, len, "chunk size %u is not a multiple of the logical block size %u",
			 c->chunk_size, lbs);
		return -EINVAL;
	}
	if (c->src_offset % lbs || c->dst_offset % lbs || c->length % lbs) {
		snprintf(msg, len, "offsets and length must be multiples of the logical block size %u",
			 lbs);
		return -EINVAL;
	}
	if (c->buf_offset % dma) {
		snprintf(msg, len, "--offset %u is not a multiple of the devices' DMA alignment %u",
			 c->buf_offset, dma);
		return -EINVAL;
	}
	if (!(c->flags & P2PDMA_F_SKIP_WRITE) && d->zoned) {
		snprintf(msg, len, "destination %s is zoned; copies need random writes",
			 c->dst);
		return -EINVAL;
	}
	if (!strcmp(s->disk, d->disk) && !(c->flags & P2PDMA_F_OVERLAP) &&
	    layout_overlap(s->start + c->src_offset, c->length,
			   d->start + c->dst_offset, c->length)) {
		snprintf(msg, len, "source and destination ranges overlap on the same device (partitions count as their disk); --overlap if that is meant");
		return -EINVAL;
	}
	if (c->streams > nr) {
		snprintf(msg, len, "%u streams but only %llu chunks in the range",
			 c->streams, (unsigned long long)nr);
		return -EINVAL;
	}
	if (c->chunk_count && c->chunk_count < c->streams) {
		snprintf(msg, len, "%llu chunks cannot feed %u streams",
			 (unsigned long long)c->chunk_count, c->streams);
		return -EINVAL;
	}
	return 0;
}

/* The first end wins: done, cancelled or failed. */
static bool ucopy_end(struct ucopy *u, uint32_t state)
{
	uint32_t running = P2PDMA_JOB_RUNNING;

	return atomic_compare_exchange_strong(&u->end, &running, state);
}

static bool ucopy_running(struct ucopy *u)
{
	if (*u->c->stop)
		ucopy_end(u, P2PDMA_JOB_CANCELLED);
	else if (u->c->duration_ms && now_ns() >= u->deadline_ns)
		ucopy_end(u, P2PDMA_JOB_DONE);
	return atomic_load(&u->end) == P2PDMA_JOB_RUNNING;
}

/* @phase P2PDMA_PHASE_COUNT: not an I/O's failure. */
static void ucopy_fail(struct ucopy *u, int err, uint32_t phase, uint64_t off)
{
	if (!ucopy_end(u, P2PDMA_JOB_FAILED))
		return;
	u->err = err;
	u->fail_phase = phase;
	u->fail_offset = off;
}

/* Gives @slot the next chunk of its stream; false when there is none. */
static bool slot_claim(struct uslot *slot)
{
	struct ustream *st = slot->stream;
	struct ucopy *u = st->copy;
	uint64_t chunk;

	if (!ucopy_running(u) || !st->stripe.quota)
		return false;
	chunk = st->stripe.first + st->next;
	if (++st->next == st->stripe.nr_chunks)
		st->next = 0;
	st->stripe.quota--;		/* UINT64_MAX: never runs out */
	slot->rel = stripe_chunk_offset(&u->plan, chunk, &slot->len);
	return true;
}

static uint32_t first_phase(const struct ucopy *u)
{
	return u->c->flags & P2PDMA_F_SKIP_READ ? P2PDMA_PHASE_WRITE :
						  P2PDMA_PHASE_READ;
}

static bool writes_next(const struct uslot *slot)
{
	return slot->phase == P2PDMA_PHASE_READ &&
	       !(slot->stream->copy->c->flags & P2PDMA_F_SKIP_WRITE);
}

static uint64_t slot_dev_offset(const struct uslot *slot)
{
	const struct user_copy *c = slot->stream->copy->c;

	return slot->rel + (slot->phase == P2PDMA_PHASE_READ ?
			    c->src_offset : c->dst_offset);
}

/* Records a finished I/O; false when it failed and the copy must stop. */
static bool slot_account(struct uslot *slot, int64_t res)
{
	struct ustream *st = slot->stream;
	struct p2p_phase *ph = &st->phase[slot->phase];
	uint64_t lat = now_ns() - slot->issued_ns;

	if (res != slot->len) {
		/* A short transfer of a block-aligned O_DIRECT I/O: the end moved. */
		ucopy_fail(st->copy, res < 0 ? (int)-res : EIO, slot->phase,
			   slot_dev_offset(slot));
		ph->errors++;
		return false;
	}
	ph->ios++;
	ph->bytes += slot->len;
	ph->lat_sum += lat;
	if (!ph->lat_min || lat < ph->lat_min)
		ph->lat_min = lat;
	if (lat > ph->lat_max)
		ph->lat_max = lat;
	ph->hist[p2pdma_hist_bucket(lat)]++;
	if (!writes_next(slot))
		st->bytes_done += slot->len;
	return true;
}

static int write_flags(const struct ucopy *u)
{
	return u->c->sync == P2PDMA_SYNC_FUA ? RWF_DSYNC : 0;
}

static void slot_prep(struct io_uring *ring, struct uslot *slot, uint32_t phase)
{
	struct ucopy *u = slot->stream->copy;
	/* Never NULL: a ring has an entry per slot, a slot one I/O at a time. */
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	slot->phase = phase;
	if (phase == P2PDMA_PHASE_READ) {
		io_uring_prep_read(sqe, u->src_fd, slot->data, slot->len,
				   slot_dev_offset(slot));
	} else {
		io_uring_prep_write(sqe, u->dst_fd, slot->data, slot->len,
				    slot_dev_offset(slot));
		sqe->rw_flags = write_flags(u);
	}
	io_uring_sqe_set_data(sqe, slot);
	slot->issued_ns = now_ns();
}

/* Queues @slot's I/O for @phase, or has it wait while the phase is full. */
static void slot_queue(struct io_uring *ring, struct phase_queue *q,
		       struct uslot *slot, uint32_t phase)
{
	struct ustream *st = slot->stream;
	uint32_t both;

	slot->phase = phase;
	if (q->inflight[phase] < st->copy->c->queue_depth) {
		q->inflight[phase]++;
		both = q->inflight[P2PDMA_PHASE_READ] + q->inflight[P2PDMA_PHASE_WRITE];
		if (q->inflight[phase] > st->phase[phase].depth_peak)
			st->phase[phase].depth_peak = q->inflight[phase];
		if (both > st->inflight_peak)
			st->inflight_peak = both;
		slot_prep(ring, slot, phase);
		return;
	}
	slot->next_waiting = NULL;
	if (q->tail[phase])
		q->tail[phase]->next_waiting = slot;
	else
		q->head[phase] = slot;
	q->tail[phase] = slot;
}

/* @slot's I/O has ended: its place goes to the first slot waiting for one. */
static void slot_pass_on(struct io_uring *ring, struct phase_queue *q,
			 const struct uslot *slot)
{
	uint32_t phase = slot->phase;
	struct uslot *next = q->head[phase];

	if (!next) {
		q->inflight[phase]--;
		return;
	}
	q->head[phase] = next->next_waiting;
	if (!q->head[phase])
		q->tail[phase] = NULL;
	slot_prep(ring, next, phase);
}

static void stream_run_uring(struct ustream *st)
{
	struct ucopy *u = st->copy;
	unsigned int i, busy = 0;	/* slots with a chunk */
	struct phase_queue q = { 0 };
	struct io_uring ring;
	int ret;

	ret = io_uring_queue_init(st->stripe.depth, &ring, 0);
	if (ret) {
		ucopy_fail(u, -ret, P2PDMA_PHASE_COUNT, 0);
		return;
	}
	for (i = 0; i < st->stripe.depth; i++) {
		if (!slot_claim(&st->slots[i]))
			break;
		slot_queue(&ring, &q, &st->slots[i], first_phase(u));
		busy++;
	}
	while (busy) {
		struct io_uring_cqe *cqe;
		struct uslot *slot;
		int res;

		io_uring_submit(&ring);
		ret = io_uring_wait_cqe(&ring, &cqe);
		if (ret == -EINTR)
			continue;
		if (ret) {
			/* Nothing more can be reaped: leave with the ring's I/O. */
			ucopy_fail(u, -ret, P2PDMA_PHASE_COUNT, 0);
			break;
		}
		slot = io_uring_cqe_get_data(cqe);
		res = cqe->res;
		io_uring_cqe_seen(&ring, cqe);
		slot_pass_on(&ring, &q, slot);
		if (!slot_account(slot, res))
			busy--;
		else if (writes_next(slot))
			slot_queue(&ring, &q, slot, P2PDMA_PHASE_WRITE);
		else if (slot_claim(slot))
			slot_queue(&ring, &q, slot, first_phase(u));
		else
			busy--;
	}
	/* Waits for what the kernel still holds, so the buffers may go. */
	io_uring_queue_exit(&ring);
}

static int64_t slot_sync_io(struct uslot *slot)
{
	struct ucopy *u = slot->stream->copy;
	struct iovec iov = { .iov_base = slot->data, .iov_len = slot->len };
	ssize_t res;

	slot->issued_ns = now_ns();
	if (slot->phase == P2PDMA_PHASE_READ)
		res = pread(u->src_fd, slot->data, slot->len,
			    (off_t)slot_dev_offset(slot));
	else
		res = pwritev2(u->dst_fd, &iov, 1, (off_t)slot_dev_offset(slot),
			       write_flags(u));
	return res < 0 ? -errno : res;
}

static void stream_run_sync(struct ustream *st)
{
	struct uslot *slot = &st->slots[0];

	while (slot_claim(slot)) {
		slot->phase = first_phase(st->copy);
		st->inflight_peak = 1;
		for (;;) {
			st->phase[slot->phase].depth_peak = 1;
			if (!slot_account(slot, slot_sync_io(slot)))
				return;
			if (!writes_next(slot))
				break;
			slot->phase = P2PDMA_PHASE_WRITE;
		}
	}
}

static void *stream_main(void *arg)
{
	struct ustream *st = arg;

	if (st->copy->c->io == USER_IO_SYNC)
		stream_run_sync(st);
	else
		stream_run_uring(st);
	return NULL;
}

/* Why a device would not open, in the user's terms. */
static int open_dev(const char *what, const char *path, int flags, char *msg,
		    size_t len)
{
	int fd = open(path, flags | O_DIRECT | O_CLOEXEC);
	int err = errno;

	if (fd >= 0)
		return fd;
	if (err == EBUSY)
		snprintf(msg, len, "%s %s is in use (mounted, or held by a job or another program)",
			 what, path);
	else if (err == EROFS || (err == EACCES && (flags & O_ACCMODE) != O_RDONLY))
		snprintf(msg, len, "%s %s is read-only", what, path);
	else
		snprintf(msg, len, "cannot open %s %s: %s", what, path, strerror(err));
	return -err;
}

static int ucopy_open(struct ucopy *u, char *msg, size_t len)
{
	const struct user_copy *c = u->c;

	if (!(c->flags & P2PDMA_F_SKIP_READ)) {
		u->src_fd = open_dev("source", c->src, O_RDONLY, msg, len);
		if (u->src_fd < 0)
			return u->src_fd;
	}
	/* O_EXCL: nothing mounted there, and no job of the module on it. */
	if (!(c->flags & P2PDMA_F_SKIP_WRITE)) {
		u->dst_fd = open_dev("destination", c->dst, O_WRONLY | O_EXCL,
				     msg, len);
		if (u->dst_fd < 0)
			return u->dst_fd;
	}
	return 0;
}

static void ucopy_close(struct ucopy *u)
{
	if (u->src_fd >= 0)
		close(u->src_fd);
	if (u->dst_fd >= 0)
		close(u->dst_fd);
}

/*
 * A write without a read sends the buffer as it is: zeros, as from the
 * module, never what an earlier user of the p2p memory left there.
 * Anonymous memory comes zeroed.
 */
static int ucopy_map(struct ucopy *u, char *msg, size_t len)
{
	const struct user_copy *c = u->c;

	u->mem_len = (size_t)u->nr_slots * slot_stride(c);
	if (!c->provider) {
		u->mem = mmap(NULL, u->mem_len, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (u->mem != MAP_FAILED)
			return 0;
		u->mem = NULL;
		snprintf(msg, len, "cannot allocate %zu bytes of host memory: %s",
			 u->mem_len, strerror(errno));
		return -errno;
	}
	u->mem = p2pmem_map(c->provider, u->mem_len, msg, len);
	if (!u->mem)
		return -errno;
	if (c->flags & P2PDMA_F_SKIP_READ)
		memset(u->mem, 0, u->mem_len);
	return 0;
}

static void ucopy_unmap(struct ucopy *u)
{
	if (u->mem)
		munmap(u->mem, u->mem_len);
}

static int ucopy_streams_init(struct ucopy *u)
{
	size_t stride = slot_stride(u->c);
	uint32_t s, d, i = 0;

	u->streams = calloc(u->plan.streams, sizeof(*u->streams));
	if (!u->streams)
		return -ENOMEM;
	for (s = 0; s < u->plan.streams; s++) {
		struct ustream *st = &u->streams[s];

		st->copy = u;
		stripe_of(&u->plan, s, &st->stripe);
		st->slots = calloc(st->stripe.depth ?: 1, sizeof(*st->slots));
		if (!st->slots)
			return -ENOMEM;
		for (d = 0; d < st->stripe.depth; d++, i++) {
			st->slots[d].stream = st;
			st->slots[d].data = (char *)u->mem + i * stride +
					    u->c->buf_offset;
		}
	}
	return 0;
}

static void ucopy_streams_free(struct ucopy *u)
{
	uint32_t s;

	for (s = 0; u->streams && s < u->plan.streams; s++)
		free(u->streams[s].slots);
	free(u->streams);
}

/* The threads, all started or none; -errno when none could be. */
static int ucopy_streams_run(struct ucopy *u)
{
	uint32_t s, started = 0;
	int ret = 0;

	for (s = 0; s < u->plan.streams; s++) {
		ret = -pthread_create(&u->streams[s].thread, NULL, stream_main,
				      &u->streams[s]);
		if (ret) {
			ucopy_fail(u, -ret, P2PDMA_PHASE_COUNT, 0);
			break;
		}
		started++;
	}
	for (s = 0; s < started; s++)
		pthread_join(u->streams[s].thread, NULL);
	return started ? 0 : ret;
}

static void merge_phase(struct p2p_phase *to, const struct p2p_phase *from)
{
	unsigned int i;

	to->ios += from->ios;
	to->bytes += from->bytes;
	to->errors += from->errors;
	to->lat_sum += from->lat_sum;
	if (from->depth_peak > to->depth_peak)
		to->depth_peak = from->depth_peak;
	if (from->lat_min && (!to->lat_min || from->lat_min < to->lat_min))
		to->lat_min = from->lat_min;
	if (from->lat_max > to->lat_max)
		to->lat_max = from->lat_max;
	for (i = 0; i < P2PDMA_HIST_BUCKETS; i++)
		to->hist[i] += from->hist[i];
}

/* One cache flush after the last write, unless FUA or --no-flush. */
static void ucopy_flush(struct ucopy *u, struct p2p_job *job)
{
	if (u->dst_fd < 0 || u->c->sync != P2PDMA_SYNC_FLUSH ||
	    !job->phase[P2PDMA_PHASE_WRITE].ios)
		return;
	if (fdatasync(u->dst_fd))
		ucopy_fail(u, errno, P2PDMA_PHASE_COUNT, 0);
	else
		job->flushed = true;
}

static void ucopy_report(struct ucopy *u, struct p2p_job *job)
{
	const struct user_copy *c = u->c;
	uint32_t s, p;

	memset(job, 0, sizeof(*job));
	snprintf(job->engine, sizeof(job->engine), "%s",
		 c->io == USER_IO_SYNC ? "sync" : "io_uring");
	job->buf_mode = c->provider ? P2PDMA_BUF_P2P : P2PDMA_BUF_HOST;
	job->flags = c->flags;
	job->chunk_size = c->chunk_size;
	job->queue_depth = c->queue_depth;
	job->streams = c->streams;
	job->duration_ms = c->duration_ms;
	job->buf_offset = c->buf_offset;
	snprintf(job->src, sizeof(job->src), "%s", c->src);
	snprintf(job->dst, sizeof(job->dst), "%s", c->dst);
	if (c->provider)
		snprintf(job->provider, sizeof(job->provider), "%s", c->provider);
	job->src_offset = c->src_offset;
	job->dst_offset = c->dst_offset;
	job->length = c->length;
	job->bytes_total = stripe_planned_bytes(&u->plan);
	job->sync = c->sync;
	for (s = 0; s < u->plan.streams; s++) {
		for (p = 0; p < P2PDMA_PHASE_COUNT; p++)
			merge_phase(&job->phase[p], &u->streams[s].phase[p]);
		job->bytes_done += u->streams[s].bytes_done;
		if (u->streams[s].inflight_peak > job->inflight_peak)
			job->inflight_peak = u->streams[s].inflight_peak;
	}
	for (p = 0; p < P2PDMA_PHASE_COUNT; p++)
		job->phase[p].has_hist = true;
}

static void ucopy_report_end(struct ucopy *u, struct p2p_job *job)
{
	job->state = atomic_load(&u->end);
	if (job->state == P2PDMA_JOB_RUNNING)
		job->state = P2PDMA_JOB_DONE;
	if (job->state == P2PDMA_JOB_FAILED) {
		job->err = (uint32_t)u->err;
		job->has_fail_phase = u->fail_phase < P2PDMA_PHASE_COUNT;
		job->fail_phase = u->fail_phase;
		job->fail_offset = u->fail_offset;
	}
}

void user_copy_release(struct ucopy *u)
{
	if (!u)
		return;
	ucopy_streams_free(u);
	ucopy_unmap(u);
	ucopy_close(u);
	free(u);
}

struct ucopy *user_copy_prepare(const struct user_copy *c, char *msg,
				size_t len)
{
	struct ucopy *u = calloc(1, sizeof(*u));
	int ret;

	if (!u) {
		snprintf(msg, len, "out of memory");
		errno = ENOMEM;
		return NULL;
	}
	u->c = c;
	u->end = P2PDMA_JOB_RUNNING;
	u->src_fd = u->dst_fd = -1;
	stripe_plan_of(c, &u->plan);
	u->nr_slots = nr_slots_of(&u->plan);
	ret = ucopy_open(u, msg, len);
	if (!ret)
		ret = ucopy_map(u, msg, len);
	if (!ret) {
		ret = ucopy_streams_init(u);
		if (ret)
			snprintf(msg, len, "cannot allocate the streams: %s",
				 strerror(-ret));
	}
	if (ret) {
		user_copy_release(u);
		errno = -ret;
		return NULL;
	}
	return u;
}

void *user_copy_buffers(struct ucopy *u, size_t *len)
{
	*len = u->mem_len;
	return u->mem;
}

/* User and system time of this process and all its threads so far. */
static uint64_t process_cpu_ns(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		return 0;
	return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000ull +
	       (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000ull;
}

int user_copy_run(struct ucopy *u, struct p2p_job *job)
{
	uint64_t start = now_ns(), cpu_start = process_cpu_ns();
	int ret;

	u->deadline_ns = start + (uint64_t)u->c->duration_ms * 1000000ull;
	ret = ucopy_streams_run(u);
	if (ret)
		return ret;
	ucopy_report(u, job);
	job->elapsed_ns = now_ns() - start;
	ucopy_flush(u, job);
	/* The point of P2P is what it spares the CPU: the copy's own cost. */
	job->has_cpu = true;
	job->cpu_ns = process_cpu_ns() - cpu_start;
	ucopy_report_end(u, job);
	return 0;
}

const char *user_copy_failure_hint(const struct p2p_job *job)
{
	if (job->state != P2PDMA_JOB_FAILED || job->buf_mode != P2PDMA_BUF_P2P ||
	    !job->has_fail_phase ||
	    (job->err != EREMOTEIO && job->err != EINVAL))
		return NULL;
	return "the kernel would not map this p2p memory for the device: its queue cannot do P2PDMA (virtio, a driver without it) or no path joins it and the provider ('p2pdma doctor SRC DST' explains)";
}
