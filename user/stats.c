// SPDX-License-Identifier: GPL-2.0
#include <math.h>

#include "stats.h"

double hist_percentile(const uint64_t hist[P2PDMA_HIST_BUCKETS], double q,
		       uint64_t min, uint64_t max)
{
	uint64_t total = 0, seen = 0, rank;
	unsigned int i;

	for (i = 0; i < P2PDMA_HIST_BUCKETS; i++)
		total += hist[i];
	if (!total)
		return 0;
	rank = (uint64_t)ceil(q * (double)total);
	if (rank < 1)
		rank = 1;
	for (i = 0; i < P2PDMA_HIST_BUCKETS; i++) {
		double lo, hi, v;

		seen += hist[i];
		if (seen < rank)
			continue;
		lo = (double)p2pdma_hist_floor(i);
		hi = i + 1 < P2PDMA_HIST_BUCKETS ?
		     (double)p2pdma_hist_floor(i + 1) : lo;
		v = (lo + hi) / 2;
		if (v < (double)min)
			v = (double)min;
		if (max && v > (double)max)
			v = (double)max;
		return v;
	}
	return (double)max;
}
