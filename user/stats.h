/* SPDX-License-Identifier: GPL-2.0 */
/* Percentiles from the module's latency histograms. */
#ifndef P2PDMA_STATS_H
#define P2PDMA_STATS_H

#include <stdint.h>
#include <linux/p2pdma_harness.h>

/*
 * The latency below which a fraction q (0..1) of the samples fall, taken
 * as the middle of the bucket that holds it and kept within [min, max].
 * Returns 0 when the histogram is empty.
 */
double hist_percentile(const uint64_t hist[P2PDMA_HIST_BUCKETS], double q,
		       uint64_t min, uint64_t max);

#endif
