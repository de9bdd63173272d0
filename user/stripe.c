// SPDX-License-Identifier: GPL-2.0
/* The module's striping rules, in userspace.  Pure. */
#include "stripe.h"

/* a * b / c without overflow of the product. */
static uint64_t mul_div(uint64_t a, uint64_t b, uint64_t c)
{
	return (uint64_t)((unsigned __int128)a * b / c);
}

uint64_t stripe_nr_chunks(const struct stripe_plan *p)
{
	return p->length / p->chunk_size + !!(p->length % p->chunk_size);
}

/*
 * A timed copy without a chunk count runs until its deadline; with one,
 * it stops at whichever comes first, as p2pmem-test's -c with -D does.
 */
static uint64_t stripe_count(const struct stripe_plan *p)
{
	if (p->timed && !p->chunk_count)
		return UINT64_MAX;
	return p->chunk_count ?: stripe_nr_chunks(p);
}

void stripe_of(const struct stripe_plan *p, uint32_t s, struct stripe *st)
{
	uint64_t nr = stripe_nr_chunks(p), count = stripe_count(p);
	uint32_t n = p->streams;
	uint64_t depth = p->queue_depth * (p->read_ahead ? 2ull : 1ull);

	st->first = mul_div(nr, s, n);
	st->nr_chunks = mul_div(nr, s + 1, n) - st->first;
	st->quota = count == UINT64_MAX ? UINT64_MAX :
		    mul_div(count, s + 1, n) - mul_div(count, s, n);
	/* Two slots on one chunk at once would race each other. */
	if (p->timed && depth > st->nr_chunks)
		depth = st->nr_chunks;
	if (depth > st->quota)
		depth = st->quota;
	st->depth = (uint32_t)depth;
}

/*
 * Full chunks, less what the short last chunk of the range lacks each
 * time it comes round: it is the last of the last stream's stripe, so
 * once per full pass of that stripe.
 */
uint64_t stripe_planned_bytes(const struct stripe_plan *p)
{
	uint64_t tail = p->length % p->chunk_size;
	struct stripe last;

	if (p->timed)
		return 0;
	stripe_of(p, p->streams - 1, &last);
	if (!tail)
		return stripe_count(p) * p->chunk_size;
	return stripe_count(p) * p->chunk_size -
	       last.quota / last.nr_chunks * (p->chunk_size - tail);
}

uint64_t stripe_chunk_offset(const struct stripe_plan *p, uint64_t chunk,
			     uint32_t *len)
{
	uint64_t off = chunk * p->chunk_size;
	uint64_t left = p->length - off;

	*len = (uint32_t)(left < p->chunk_size ? left : p->chunk_size);
	return off;
}
