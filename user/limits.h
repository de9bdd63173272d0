/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a job's parameters may be, from the UAPI, checked in the runner so
 * that a bad value is named in the user's terms (the option as typed and
 * its bounds) instead of coming back as a bare EINVAL.
 */
#ifndef P2PDMA_LIMITS_H
#define P2PDMA_LIMITS_H

#include <stddef.h>
#include <stdint.h>

enum limit_unit {
	LIMIT_COUNT,
	LIMIT_BYTES,
	LIMIT_MS,		/* shown in seconds */
};

struct limit {
	const char *opt;	/* "--chunk_size", as the refusal names it */
	uint64_t min, max;
	enum limit_unit unit;
};

extern const struct limit limit_chunk_size, limit_buf_offset,
	limit_queue_depth, limit_streams, limit_duration, limit_seed,
	limit_chunks, limit_length, limit_src_offset, limit_dst_offset,
	limit_dev_offset;

/*
 * A bound as the refusals say it, "4M (4194304 bytes)", "512 bytes",
 * "1 byte", "256", "0.001 s": the runner's own and the kernel's, decoded
 * from its extended ack, read the same; @buf is returned.
 */
const char *fmt_limit(char *buf, size_t len, uint64_t v, enum limit_unit unit);

/*
 * 0 when @v is within @l, else -ERANGE with @msg set to
 * "--chunk_size 8M: at most 4M (4194304 bytes)"; @arg is the value as typed.
 */
int limit_check(const struct limit *l, const char *arg, uint64_t v,
		char *msg, size_t len);

/* Each buffer holds a chunk after --offset bytes: both must fit in one. */
int limit_check_buffer(uint64_t chunk_size, uint64_t buf_offset, char *msg,
		       size_t len);

/*
 * Strings the module takes into a fixed-size field: 0, or -ENAMETOOLONG
 * with "SRC '...' is 300 bytes long: a device path is at most 255".
 */
int limit_check_string(const char *what, const char *kind, const char *s,
		       size_t max, char *msg, size_t len);

#endif
