/* SPDX-License-Identifier: GPL-2.0 */
/* Sizes and durations as people type and read them. */
#ifndef P2PDMA_UNITS_H
#define P2PDMA_UNITS_H

#include <stdint.h>
#include <stddef.h>

/*
 * Parses "4096", "4k", "1M", "2G" (decimal digits, binary multiples,
 * case-insensitive, an optional trailing "iB" or "B"); never octal or hex.
 * Returns 0, or -1 on anything else, including overflow.
 */
int parse_size(const char *s, uint64_t *out);

/* Parses a non-negative decimal integer no larger than max. */
int parse_uint(const char *s, uint64_t max, uint64_t *out);

/*
 * Parses seconds, "10", "1.5", "250ms" (decimal only); returns
 * milliseconds, any up to 2^63.
 */
int parse_duration_ms(const char *s, uint64_t *out);

/* The shortest exact form parse_size() reads back: "4M", "1536k", "4097". */
const char *fmt_size(char *buf, size_t len, uint64_t v);

/* "4.00 MiB"; buf should hold 32 bytes. */
const char *fmt_bytes(char *buf, size_t len, double bytes);

/* "1.25 ms"; buf should hold 32 bytes. */
const char *fmt_ns(char *buf, size_t len, double ns);

#endif
