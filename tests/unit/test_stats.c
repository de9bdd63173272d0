// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "stats.h"

/* Every value lands in a bucket whose floor is at most the value and
 * whose next floor is above it, and buckets never go backwards.
 */
static void buckets_bracket_values(void)
{
	uint64_t v;
	uint32_t prev = 0;

	for (v = 0; v < (1ULL << 40); v = v < 64 ? v + 1 : v + v / 7) {
		uint32_t b = p2pdma_hist_bucket(v);

		CHECK(b >= prev);
		CHECK(p2pdma_hist_floor(b) <= v);
		if (b + 1 < P2PDMA_HIST_BUCKETS)
			CHECK(p2pdma_hist_floor(b + 1) > v);
		prev = b;
	}
	CHECK_EQ_U64(p2pdma_hist_bucket(UINT64_MAX), P2PDMA_HIST_BUCKETS - 1);
}

/* Four buckets an octave: the floor is within 25% of any value in it. */
static void bucket_resolution(void)
{
	uint64_t v;

	for (v = 8; v < (1ULL << 36); v = v * 3 / 2 + 1) {
		uint64_t f = p2pdma_hist_floor(p2pdma_hist_bucket(v));

		CHECK((double)(v - f) / (double)v < 0.25);
	}
}

static void percentiles_of_known_samples(void)
{
	uint64_t hist[P2PDMA_HIST_BUCKETS];
	double p50, p99;
	int i;

	memset(hist, 0, sizeof(hist));
	/* 90 samples at 10 us, 10 at 1 ms */
	for (i = 0; i < 90; i++)
		hist[p2pdma_hist_bucket(10000)]++;
	for (i = 0; i < 10; i++)
		hist[p2pdma_hist_bucket(1000000)]++;
	p50 = hist_percentile(hist, 0.50, 10000, 1000000);
	p99 = hist_percentile(hist, 0.99, 10000, 1000000);
	CHECK(fabs(p50 - 10000) / 10000 < 0.2);
	CHECK(fabs(p99 - 1000000) / 1000000 < 0.2);
	CHECK(hist_percentile(hist, 0.90, 10000, 1000000) < 20000);
	CHECK(hist_percentile(hist, 0.91, 10000, 1000000) > 500000);
}

static void percentile_clamped_and_empty(void)
{
	uint64_t hist[P2PDMA_HIST_BUCKETS];

	memset(hist, 0, sizeof(hist));
	CHECK(hist_percentile(hist, 0.5, 0, 0) == 0);
	hist[p2pdma_hist_bucket(1000)] = 1;
	CHECK(hist_percentile(hist, 0.5, 1000, 1000) == 1000);
	CHECK(hist_percentile(hist, 1.0, 1000, 1000) == 1000);
}

const struct test_case stats_tests[] = {
	{ "buckets_bracket_values", buckets_bracket_values },
	{ "bucket_resolution", bucket_resolution },
	{ "percentiles_of_known_samples", percentiles_of_known_samples },
	{ "percentile_clamped_and_empty", percentile_clamped_and_empty },
};
const int stats_ntests = sizeof(stats_tests) / sizeof(stats_tests[0]);
