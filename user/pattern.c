// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "pattern.h"
#include "splitmix.h"

static void put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void fill_body(uint8_t *p, size_t len, const struct pattern_block *b)
{
	uint64_t state = ((uint64_t)b->seed << 32) ^ b->block ^ (b->index << 17);
	size_t i;

	for (i = 0; i + 8 <= len; i += 8)
		put_le64(p + i, splitmix64(&state));
	if (i < len) {
		uint64_t last = splitmix64(&state);

		memcpy(p + i, &last, len - i);
	}
}

static void fill_header(uint8_t *p, const struct pattern_block *b)
{
	put_le64(p, PATTERN_MAGIC);
	put_le64(p + 8, b->block);
	put_le64(p + 16, b->index);
	put_le64(p + 24, b->seed);
}

void pattern_fill(void *buf, size_t lbs, const struct pattern_block *b)
{
	fill_header(buf, b);
	fill_body((uint8_t *)buf + PATTERN_HDR_SIZE, lbs - PATTERN_HDR_SIZE, b);
}

static int decode_header(const uint8_t *p, struct pattern_block *b)
{
	uint64_t seed = get_le64(p + 24);

	if (get_le64(p) != PATTERN_MAGIC || seed > UINT32_MAX)
		return -1;
	b->block = get_le64(p + 8);
	b->index = get_le64(p + 16);
	b->seed = (uint32_t)seed;
	return 0;
}

static enum pattern_verdict classify(const struct pattern_block *want,
				     const struct pattern_block *got)
{
	if (got->seed != want->seed)
		return PATTERN_STALE;
	if (got->block != want->block || got->index != want->index)
		return PATTERN_MISPLACED;
	return PATTERN_CORRUPT;
}

int pattern_check(const void *buf, size_t lbs, const struct pattern_block *want,
		  struct pattern_finding *f)
{
	uint8_t expect[lbs];
	const uint8_t *got = buf;
	size_t i;

	pattern_fill(expect, lbs, want);
	if (!memcmp(expect, got, lbs))
		return 1;

	for (i = 0; i < lbs && expect[i] == got[i]; i++)
		;
	f->first_bad_byte = i;
	f->expected_byte = expect[i];
	f->found_byte = got[i];
	if (decode_header(got, &f->found))
		f->verdict = PATTERN_FOREIGN;
	else
		f->verdict = classify(want, &f->found);
	return 0;
}

const char *pattern_verdict_name(enum pattern_verdict v)
{
	switch (v) {
	case PATTERN_MATCH:
		return "match";
	case PATTERN_CORRUPT:
		return "corrupt";
	case PATTERN_MISPLACED:
		return "misplaced";
	case PATTERN_STALE:
		return "stale";
	case PATTERN_FOREIGN:
		return "foreign";
	}
	return "?";
}
