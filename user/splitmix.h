/* SPDX-License-Identifier: GPL-2.0 */
/*
 * splitmix64: the runner's one seeded generator.  Each output is a strong
 * mix of a counter, so states that differ by one give unrelated streams:
 * a seed and a purpose (block, stream) packed into the state are enough.
 */
#ifndef P2PDMA_SPLITMIX_H
#define P2PDMA_SPLITMIX_H

#include <stdint.h>

static inline uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#endif
