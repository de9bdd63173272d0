/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Byte-exact verification of a copy, done from userspace with O_DIRECT so
 * that it does not trust the module or the page cache.
 */
#ifndef P2PDMA_VERIFY_H
#define P2PDMA_VERIFY_H

#include <stdint.h>
#include <stdio.h>

#include "json.h"
#include "pattern.h"

#define VERIFY_REPORT_MAX 8	/* mismatches described in full, like dmatest */

struct verify_range {
	const char *dev;
	uint64_t offset;	/* where the range starts on @dev */
	uint64_t src_offset;	/* where its data came from on the source */
	uint64_t length;
	unsigned int lbs;
	uint32_t seed;
};

struct verify_mismatch {
	uint64_t offset;	/* device byte offset of the bad block */
	uint64_t expected_block;
	struct pattern_finding finding;
};

struct verify_report {
	uint64_t blocks;
	uint64_t bad_blocks;
	unsigned int nr_reported;
	struct verify_mismatch first[VERIFY_REPORT_MAX];
};

/* Writes the pattern over the range; -errno on failure. */
int verify_fill(const struct verify_range *r);

/* Reads the range back and compares every block; -errno on I/O failure. */
int verify_check(const struct verify_range *r, struct verify_report *rep);

/* "N of M blocks differ" and the first few, decoded. */
void verify_print(FILE *out, const char *what, const struct verify_range *r,
		  const struct verify_report *rep);

/* The range alone, as the object @key: what fill wrote. */
void verify_range_json(struct json *j, const char *key,
		       const struct verify_range *r);

/* The range and what its check found, as the object @key. */
void verify_json(struct json *j, const char *key, const struct verify_range *r,
		 const struct verify_report *rep);

#endif
