// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/p2pdma_harness.h>

#include "limits.h"
#include "units.h"

/* The block layer's smallest logical block: nothing smaller can be I/O. */
#define SECTOR_SIZE	512

const struct limit limit_chunk_size = {
	.opt = "--chunk_size", .min = SECTOR_SIZE,
	.max = P2PDMA_CHUNK_SIZE_MAX, .unit = LIMIT_BYTES,
};
const struct limit limit_buf_offset = {
	.opt = "--offset", .min = 0,
	.max = P2PDMA_CHUNK_SIZE_MAX - SECTOR_SIZE, .unit = LIMIT_BYTES,
};
const struct limit limit_queue_depth = {
	.opt = "--queue-depth", .min = 1,
	.max = P2PDMA_QUEUE_DEPTH_MAX, .unit = LIMIT_COUNT,
};
const struct limit limit_streams = {
	.opt = "--threads", .min = 1,
	.max = P2PDMA_STREAMS_MAX, .unit = LIMIT_COUNT,
};
/* P2PDMA_A_DURATION_MS is a u32. */
const struct limit limit_duration = {
	.opt = "--duration", .min = 1, .max = UINT32_MAX, .unit = LIMIT_MS,
};
/* The pattern's header stores a 32-bit seed. */
const struct limit limit_seed = {
	.opt = "--seed", .min = 0, .max = UINT32_MAX, .unit = LIMIT_COUNT,
};
const struct limit limit_chunks = {
	.opt = "--chunks", .min = 1, .max = UINT64_MAX, .unit = LIMIT_COUNT,
};
const struct limit limit_length = {
	.opt = "--length", .min = 1, .max = UINT64_MAX, .unit = LIMIT_BYTES,
};
/* Byte offsets on a device: the device's size bounds them, not the UAPI. */
const struct limit limit_src_offset = {
	.opt = "--src-offset", .min = 0, .max = UINT64_MAX, .unit = LIMIT_BYTES,
};
const struct limit limit_dst_offset = {
	.opt = "--dst-offset", .min = 0, .max = UINT64_MAX, .unit = LIMIT_BYTES,
};
const struct limit limit_dev_offset = {
	.opt = "--offset", .min = 0, .max = UINT64_MAX, .unit = LIMIT_BYTES,
};

const char *fmt_limit(char *buf, size_t len, uint64_t v, enum limit_unit unit)
{
	char s[32];

	switch (unit) {
	case LIMIT_BYTES:
		fmt_size(s, sizeof(s), v);
		if (v == 1)
			snprintf(buf, len, "1 byte");
		else if (strspn(s, "0123456789") == strlen(s))
			snprintf(buf, len, "%s bytes", s);
		else
			snprintf(buf, len, "%s (%llu bytes)", s, (unsigned long long)v);
		break;
	case LIMIT_MS:
		snprintf(buf, len, "%llu.%03u s", (unsigned long long)(v / 1000),
			 (unsigned int)(v % 1000));
		break;
	default:
		snprintf(buf, len, "%llu", (unsigned long long)v);
		break;
	}
	return buf;
}

int limit_check(const struct limit *l, const char *arg, uint64_t v,
		char *msg, size_t len)
{
	char bound[64];

	if (v >= l->min && v <= l->max)
		return 0;
	fmt_limit(bound, sizeof(bound), v < l->min ? l->min : l->max, l->unit);
	snprintf(msg, len, "%s %s: at %s %s", l->opt, arg,
		 v < l->min ? "least" : "most", bound);
	return -ERANGE;
}

int limit_check_buffer(uint64_t chunk_size, uint64_t buf_offset, char *msg,
		       size_t len)
{
	char c[32], o[32], bound[64];

	if (chunk_size <= P2PDMA_CHUNK_SIZE_MAX &&
	    buf_offset <= P2PDMA_CHUNK_SIZE_MAX - chunk_size)
		return 0;
	fmt_limit(bound, sizeof(bound), P2PDMA_CHUNK_SIZE_MAX, LIMIT_BYTES);
	snprintf(msg, len, "--chunk_size %s with --offset %s: together at most %s",
		 fmt_size(c, sizeof(c), chunk_size),
		 fmt_size(o, sizeof(o), buf_offset), bound);
	return -ERANGE;
}

int limit_check_string(const char *what, const char *kind, const char *s,
		       size_t max, char *msg, size_t len)
{
	size_t n = strlen(s);

	if (n <= max)
		return 0;
	snprintf(msg, len, "%s '%.40s%s' is too long (%zu bytes): %s is at most %zu",
		 what, s, n > 40 ? "..." : "", n, kind, max);
	return -ENAMETOOLONG;
}
