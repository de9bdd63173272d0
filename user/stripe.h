/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a copy's range is cut into chunks and the chunks into one stripe
 * per stream: the module's engine.c rules, for the userspace engine, so
 * that both engines move the same bytes in the same order per stream.
 * Pure.
 */
#ifndef P2PDMA_STRIPE_H
#define P2PDMA_STRIPE_H

#include <stdbool.h>
#include <stdint.h>

struct stripe_plan {
	uint64_t length, chunk_size;
	uint64_t chunk_count;		/* 0: one pass over the range */
	uint32_t streams, queue_depth;
	bool timed;			/* has a duration */
	bool read_ahead;		/* two slots per queue entry */
};

struct stripe {
	uint64_t first;			/* first chunk of the stripe */
	uint64_t nr_chunks;
	uint64_t quota;			/* chunks to move; UINT64_MAX: until the deadline */
	uint32_t depth;			/* slots: never more than it can use */
};

/* Chunks of the range, the last one possibly short. */
uint64_t stripe_nr_chunks(const struct stripe_plan *p);

/* Stream @s's stripe. */
void stripe_of(const struct stripe_plan *p, uint32_t s, struct stripe *st);

/* Bytes a copy without a duration moves; 0 for a timed one. */
uint64_t stripe_planned_bytes(const struct stripe_plan *p);

/* Offset and length of chunk @chunk of the range. */
uint64_t stripe_chunk_offset(const struct stripe_plan *p, uint64_t chunk,
			     uint32_t *len);

#endif
