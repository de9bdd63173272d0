// SPDX-License-Identifier: GPL-2.0
/* The userspace engine's striping must move what the module's does. */
#include "check.h"
#include "stripe.h"

/* Every chunk in exactly one stripe, in order, whatever the split. */
static void stripes_cover_the_range(void)
{
	struct stripe_plan p = { .length = 10 * 4096 + 512, .chunk_size = 4096,
				 .queue_depth = 16 };
	struct stripe st;
	uint32_t s;

	for (p.streams = 1; p.streams <= 11; p.streams++) {
		uint64_t next = 0;

		for (s = 0; s < p.streams; s++) {
			stripe_of(&p, s, &st);
			CHECK_EQ_U64(st.first, next);
			CHECK(st.nr_chunks >= 1);
			next += st.nr_chunks;
		}
		CHECK_EQ_U64(next, 11);
	}
}

static void planned_bytes_count_the_short_chunk(void)
{
	struct stripe_plan p = { .length = 3584, .chunk_size = 1024,
				 .chunk_count = 3, .streams = 2, .queue_depth = 1 };

	/* t_41's case: stream 1 moves chunks 2 and 3, the 512-byte tail. */
	CHECK_EQ_U64(stripe_planned_bytes(&p), 2560);
	p.chunk_count = 0;
	CHECK_EQ_U64(stripe_planned_bytes(&p), 3584);
	/* Wrapping twice over a 4-chunk range: the tail comes round twice. */
	p.chunk_count = 8;
	CHECK_EQ_U64(stripe_planned_bytes(&p), 7168);
	p.timed = true;
	CHECK_EQ_U64(stripe_planned_bytes(&p), 0);
}

static void depth_never_exceeds_the_work(void)
{
	struct stripe_plan p = { .length = 8 * 4096, .chunk_size = 4096,
				 .chunk_count = 3, .streams = 1, .queue_depth = 16 };
	struct stripe st;

	stripe_of(&p, 0, &st);
	CHECK_EQ_U64(st.depth, 3);
	CHECK_EQ_U64(st.quota, 3);
	/* Timed without a count: until the deadline, one slot per chunk at most. */
	p.chunk_count = 0;
	p.timed = true;
	stripe_of(&p, 0, &st);
	CHECK_EQ_U64(st.quota, UINT64_MAX);
	CHECK_EQ_U64(st.depth, 8);
	/* Timed with a count: whichever ends first. */
	p.chunk_count = 5;
	stripe_of(&p, 0, &st);
	CHECK_EQ_U64(st.quota, 5);
	CHECK_EQ_U64(st.depth, 5);
}

/* Read-ahead: two slots per queue entry, within the same caps. */
static void read_ahead_doubles_the_slots(void)
{
	struct stripe_plan p = { .length = 64 * 4096, .chunk_size = 4096,
				 .streams = 1, .queue_depth = 4, .read_ahead = true };
	struct stripe st;

	stripe_of(&p, 0, &st);
	CHECK_EQ_U64(st.depth, 8);
	p.queue_depth = 1;
	stripe_of(&p, 0, &st);
	CHECK_EQ_U64(st.depth, 2);
	/* Wrapping in 6 chunks: never two slots on one chunk. */
	p.length = 6 * 4096;
	p.queue_depth = 4;
	p.timed = true;
	stripe_of(&p, 0, &st);
	CHECK_EQ_U64(st.depth, 6);
}

static void chunk_offsets_end_short(void)
{
	struct stripe_plan p = { .length = 2 * 4096 + 512, .chunk_size = 4096,
				 .streams = 1, .queue_depth = 1 };
	uint32_t len;

	CHECK_EQ_U64(stripe_nr_chunks(&p), 3);
	CHECK_EQ_U64(stripe_chunk_offset(&p, 1, &len), 4096);
	CHECK_EQ_U64(len, 4096);
	CHECK_EQ_U64(stripe_chunk_offset(&p, 2, &len), 8192);
	CHECK_EQ_U64(len, 512);
}

const struct test_case stripe_tests[] = {
	{ "stripes_cover_the_range", stripes_cover_the_range },
	{ "planned_bytes_count_the_short_chunk", planned_bytes_count_the_short_chunk },
	{ "depth_never_exceeds_the_work", depth_never_exceeds_the_work },
	{ "read_ahead_doubles_the_slots", read_ahead_doubles_the_slots },
	{ "chunk_offsets_end_short", chunk_offsets_end_short },
};
const int stripe_ntests = sizeof(stripe_tests) / sizeof(stripe_tests[0]);
