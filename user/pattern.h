/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The --check data pattern.  Every logical block starts with a header that
 * names the block (its source address, the run's seed and its position in
 * the copy), followed by bytes drawn from a generator seeded by the same,
 * so a block that is lost, duplicated, misplaced or left from an older run
 * is told apart from one with flipped bits.
 */
#ifndef P2PDMA_PATTERN_H
#define P2PDMA_PATTERN_H

#include <stddef.h>
#include <stdint.h>

#define PATTERN_MAGIC		0x4e48414d44503250ULL	/* "P2PDMAHN" */
#define PATTERN_HDR_SIZE	32

struct pattern_block {
	uint64_t block;		/* source address, in logical blocks */
	uint32_t seed;
	uint64_t index;		/* position within the copied range */
};

enum pattern_verdict {
	PATTERN_MATCH,
	PATTERN_CORRUPT,	/* right header, wrong bytes after it */
	PATTERN_MISPLACED,	/* another block of this run */
	PATTERN_STALE,		/* a block written with another seed */
	PATTERN_FOREIGN,	/* not our pattern at all */
};

struct pattern_finding {
	enum pattern_verdict verdict;
	struct pattern_block found;	/* valid unless FOREIGN */
	size_t first_bad_byte;		/* within the block */
	uint8_t expected_byte;
	uint8_t found_byte;
};

void pattern_fill(void *buf, size_t lbs, const struct pattern_block *b);

/* Returns 1 when @buf holds exactly the block @want, else 0 with @f set. */
int pattern_check(const void *buf, size_t lbs, const struct pattern_block *want,
		  struct pattern_finding *f);

const char *pattern_verdict_name(enum pattern_verdict v);

#endif
