/* SPDX-License-Identifier: GPL-2.0 */
/* Sizes and durations as people type and read them. */
#ifndef P2PDMA_UNITS_H
#define P2PDMA_UNITS_H

#include <stdint.h>
#include <stddef.h>

/*
 * Parses "4096", "4k", "1M", "2G" (binary multiples, case-insensitive,
 * an optional trailing "iB" or "B").  Returns 0, or -1 on anything else,
 * including overflow.
 */
int parse_size(const char *s, uint64_t *out);

/* Parses a non-negative decimal integer no larger than max. */
int parse_uint(const char *s, uint64_t max, uint64_t *out);

/* Parses seconds, "10", "1.5", "250ms"; returns milliseconds. */
int parse_duration_ms(const char *s, uint64_t *out);

/* "4.00 MiB"; buf should hold 32 bytes. */
const char *fmt_bytes(char *buf, size_t len, double bytes);

/* "1.25 ms"; buf should hold 32 bytes. */
const char *fmt_ns(char *buf, size_t len, double ns);

#endif
