// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "pattern.h"

#define LBS 512

static const struct pattern_block blk = { .block = 100, .seed = 7, .index = 3 };

static void matches_itself(void)
{
	uint8_t buf[LBS];
	struct pattern_finding f;

	pattern_fill(buf, LBS, &blk);
	CHECK(pattern_check(buf, LBS, &blk, &f) == 1);
}

static void blocks_differ(void)
{
	struct pattern_block other = blk;
	uint8_t a[LBS], b[LBS];

	other.block++;
	other.index++;
	pattern_fill(a, LBS, &blk);
	pattern_fill(b, LBS, &other);
	CHECK(memcmp(a + PATTERN_HDR_SIZE, b + PATTERN_HDR_SIZE,
		     LBS - PATTERN_HDR_SIZE) != 0);
}

static void flipped_bit_is_corrupt(void)
{
	uint8_t buf[LBS];
	struct pattern_finding f;

	pattern_fill(buf, LBS, &blk);
	buf[300] ^= 0x10;
	CHECK(pattern_check(buf, LBS, &blk, &f) == 0);
	CHECK(f.verdict == PATTERN_CORRUPT);
	CHECK_EQ_U64(f.first_bad_byte, 300);
}

static void other_block_is_misplaced(void)
{
	struct pattern_block other = { .block = 101, .seed = 7, .index = 4 };
	uint8_t buf[LBS];
	struct pattern_finding f;

	pattern_fill(buf, LBS, &other);
	CHECK(pattern_check(buf, LBS, &blk, &f) == 0);
	CHECK(f.verdict == PATTERN_MISPLACED);
	CHECK_EQ_U64(f.found.block, 101);
}

static void other_seed_is_stale(void)
{
	struct pattern_block old = blk;
	uint8_t buf[LBS];
	struct pattern_finding f;

	old.seed = 6;
	pattern_fill(buf, LBS, &old);
	CHECK(pattern_check(buf, LBS, &blk, &f) == 0);
	CHECK(f.verdict == PATTERN_STALE);
	CHECK_EQ_U64(f.found.seed, 6);
}

static void zeros_are_foreign(void)
{
	uint8_t buf[LBS];
	struct pattern_finding f;

	memset(buf, 0, sizeof(buf));
	CHECK(pattern_check(buf, LBS, &blk, &f) == 0);
	CHECK(f.verdict == PATTERN_FOREIGN);
	CHECK_EQ_U64(f.first_bad_byte, 0);
}

static void odd_block_size(void)
{
	uint8_t buf[4096 + 4];
	struct pattern_finding f;

	pattern_fill(buf, 4100, &blk);
	CHECK(pattern_check(buf, 4100, &blk, &f) == 1);
	buf[4099] ^= 1;
	CHECK(pattern_check(buf, 4100, &blk, &f) == 0);
	CHECK_EQ_U64(f.first_bad_byte, 4099);
}

const struct test_case pattern_tests[] = {
	{ "matches_itself", matches_itself },
	{ "blocks_differ", blocks_differ },
	{ "flipped_bit_is_corrupt", flipped_bit_is_corrupt },
	{ "other_block_is_misplaced", other_block_is_misplaced },
	{ "other_seed_is_stale", other_seed_is_stale },
	{ "zeros_are_foreign", zeros_are_foreign },
	{ "odd_block_size", odd_block_size },
};
const int pattern_ntests = sizeof(pattern_tests) / sizeof(pattern_tests[0]);
