// SPDX-License-Identifier: GPL-2.0
/*
 * What a job may ask of its devices, checked once they are open and
 * before any I/O: alignment to the logical block sizes, ranges inside the
 * devices (without 64-bit wrap-around), no accidental overlap on one device.
 */
#include <linux/overflow.h>

#include "harness.h"

static int p2pdma_check_fits(struct block_device *bdev, const char *what,
			     const char *path, u64 offset, u64 length,
			     struct netlink_ext_ack *extack)
{
	u64 end, size = bdev_nr_bytes(bdev);

	if (check_add_overflow(offset, length, &end) || end > size) {
		NL_SET_ERR_MSG_FMT(extack,
				   "%s range runs past the device's end (%llu bytes)",
				   what, size);
		return -ERANGE;
	}
	return 0;
}

static int p2pdma_check_alignment(const struct p2pdma_job *job,
				  struct netlink_ext_ack *extack)
{
	const struct p2pdma_job_params *p = &job->params;
	u32 lbs = max(bdev_logical_block_size(job->src.bdev),
		      bdev_logical_block_size(job->dst.bdev));
	u32 dma = max(bdev_dma_alignment(job->src.bdev),
		      bdev_dma_alignment(job->dst.bdev)) + 1;

	if (p->chunk_size % lbs) {
		NL_SET_ERR_MSG_FMT(extack,
				   "chunk size %u is not a multiple of the logical block size %u",
				   p->chunk_size, lbs);
		return -EINVAL;
	}
	if (p->src_offset % lbs || p->dst_offset % lbs || p->length % lbs) {
		NL_SET_ERR_MSG_FMT(extack,
				   "offsets and length must be multiples of the logical block size %u",
				   lbs);
		return -EINVAL;
	}
	if (p->buf_offset % dma) {
		NL_SET_ERR_MSG_FMT(extack,
				   "buffer offset %u is not a multiple of the devices' DMA alignment %u",
				   p->buf_offset, dma);
		return -EINVAL;
	}
	if (p->chunk_size + p->buf_offset > P2PDMA_CHUNK_SIZE_MAX) {
		NL_SET_ERR_MSG_FMT(extack,
				   "chunk size plus buffer offset exceed %u bytes",
				   P2PDMA_CHUNK_SIZE_MAX);
		return -EINVAL;
	}
	return 0;
}

/*
 * Compared on the whole disk, in absolute bytes: /dev/nvme0n1 and
 * /dev/nvme0n1p2 are one device, and so are two partitions of it.
 */
static bool p2pdma_ranges_overlap(const struct p2pdma_job *job)
{
	const struct p2pdma_job_params *p = &job->params;
	u64 src = p2pdma_disk_offset(job->src.bdev, p->src_offset);
	u64 dst = job->dst_disk_offset;

	if (bdev_whole(job->src.bdev)->bd_dev != job->dst_disk)
		return false;
	return src < dst + p->length && dst < src + p->length;
}

static int p2pdma_check_count(const struct p2pdma_job *job,
			      struct netlink_ext_ack *extack)
{
	const struct p2pdma_job_params *p = &job->params;
	u64 nr = p2pdma_job_nr_chunks(job);
	u64 total;

	if (p->streams > nr) {
		NL_SET_ERR_MSG_FMT(extack,
				   "%u streams but only %llu chunks in the range",
				   p->streams, nr);
		return -EINVAL;
	}
	if (!p->chunk_count)
		return 0;
	/* A timed job wraps in its range anyway. */
	if (p->chunk_count > nr && !p->duration_ms &&
	    !(p->flags & P2PDMA_F_OVERLAP)) {
		NL_SET_ERR_MSG_FMT(extack,
				   "chunk count exceeds the %llu chunks of the range", nr);
		return -ERANGE;
	}
	if (p->chunk_count < p->streams) {
		NL_SET_ERR_MSG_FMT(extack,
				   "%llu chunks cannot feed %u streams",
				   p->chunk_count, p->streams);
		return -EINVAL;
	}
	if (check_mul_overflow(p->chunk_count, (u64)p->chunk_size, &total)) {
		NL_SET_ERR_MSG(extack, "chunk count times chunk size overflows");
		return -ERANGE;
	}
	return 0;
}

int p2pdma_job_check(struct p2pdma_job *job, struct netlink_ext_ack *extack)
{
	const struct p2pdma_job_params *p = &job->params;
	int ret;

	if ((p->flags & P2PDMA_F_SKIP_READ) && (p->flags & P2PDMA_F_SKIP_WRITE)) {
		NL_SET_ERR_MSG(extack, "skipping both read and write leaves nothing to do");
		return -EINVAL;
	}
	if ((p->flags & P2PDMA_F_READ_AHEAD) &&
	    (p->flags & (P2PDMA_F_OVERLAP | P2PDMA_F_SKIP_READ | P2PDMA_F_SKIP_WRITE))) {
		NL_SET_ERR_MSG(extack,
			       "read-ahead overlaps reads with earlier writes: not with overlap (a chunk could be read before it is written), skip-read or skip-write (nothing to overlap)");
		return -EINVAL;
	}
	ret = p2pdma_check_alignment(job, extack);
	if (ret)
		return ret;
	ret = p2pdma_check_fits(job->src.bdev, "source", job->src_path,
				p->src_offset, p->length, extack);
	if (ret)
		return ret;
	ret = p2pdma_check_fits(job->dst.bdev, "destination", job->dst_path,
				p->dst_offset, p->length, extack);
	if (ret)
		return ret;
	if (p2pdma_ranges_overlap(job) && !(p->flags & P2PDMA_F_OVERLAP)) {
		NL_SET_ERR_MSG(extack,
			       "source and destination ranges overlap on the same device (partitions count as their disk); allow it explicitly (overlap) if that is meant");
		return -EINVAL;
	}
	return p2pdma_check_count(job, extack);
}
