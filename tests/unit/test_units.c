// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "units.h"

static void sizes_with_suffixes(void)
{
	uint64_t v;

	CHECK(parse_size("4096", &v) == 0);
	CHECK_EQ_U64(v, 4096);
	CHECK(parse_size("4k", &v) == 0);
	CHECK_EQ_U64(v, 4096);
	CHECK(parse_size("128K", &v) == 0);
	CHECK_EQ_U64(v, 128 << 10);
	CHECK(parse_size("1M", &v) == 0);
	CHECK_EQ_U64(v, 1 << 20);
	CHECK(parse_size("2GiB", &v) == 0);
	CHECK_EQ_U64(v, 2ULL << 30);
	CHECK(parse_size("3T", &v) == 0);
	CHECK_EQ_U64(v, 3ULL << 40);
	CHECK(parse_size("16777215T", &v) == 0);	/* the largest in T */
	CHECK_EQ_U64(v, 16777215ULL << 40);
	CHECK(parse_size("18446744073709551615", &v) == 0);
	CHECK_EQ_U64(v, UINT64_MAX);
}

/* Sizes are decimal: a leading zero is not octal, and 0x is not hex. */
static void sizes_decimal_only(void)
{
	uint64_t v = 7;

	CHECK(parse_size("01000", &v) == 0);
	CHECK_EQ_U64(v, 1000);
	CHECK(parse_size("010k", &v) == 0);
	CHECK_EQ_U64(v, 10240);
	CHECK(parse_size("0", &v) == 0);
	CHECK_EQ_U64(v, 0);
	CHECK(parse_size("0k", &v) == 0);
	CHECK_EQ_U64(v, 0);
	v = 7;
	CHECK(parse_size("0x1000", &v) != 0);
	CHECK(parse_size("0X10", &v) != 0);
	CHECK(parse_size("08", &v) == 0);
	CHECK_EQ_U64(v, 8);
	v = 7;
	CHECK(parse_size("+4k", &v) != 0);
	CHECK(parse_size(" 4k", &v) != 0);
	CHECK(parse_size("4 k", &v) != 0);
	CHECK(parse_size("1.5M", &v) != 0);
	CHECK(parse_size("18446744073709551616", &v) != 0);	/* 2^64 */
	CHECK_EQ_U64(v, 7);
}

static void sizes_formatted(void)
{
	char b[32];
	uint64_t v;

	CHECK(!strcmp(fmt_size(b, sizeof(b), 0), "0"));
	CHECK(!strcmp(fmt_size(b, sizeof(b), 512), "512"));
	CHECK(!strcmp(fmt_size(b, sizeof(b), 4096), "4k"));
	CHECK(!strcmp(fmt_size(b, sizeof(b), 4 << 20), "4M"));
	CHECK(!strcmp(fmt_size(b, sizeof(b), (4 << 20) - 512), "4193792"));
	CHECK(!strcmp(fmt_size(b, sizeof(b), 1536 << 10), "1536k"));
	CHECK(!strcmp(fmt_size(b, sizeof(b), 1ULL << 60), "1E"));
	/* What it prints reads back. */
	CHECK(parse_size(fmt_size(b, sizeof(b), 3ULL << 40), &v) == 0);
	CHECK_EQ_U64(v, 3ULL << 40);
}

static void sizes_rejected(void)
{
	uint64_t v = 7;

	CHECK(parse_size("", &v) != 0);
	CHECK(parse_size("-4k", &v) != 0);
	CHECK(parse_size("4q", &v) != 0);
	CHECK(parse_size("4kk", &v) != 0);
	CHECK(parse_size("k", &v) != 0);
	CHECK(parse_size("16777216T", &v) != 0);	/* 2^64: overflow */
	CHECK(parse_size("99999999999999999999", &v) != 0);
	CHECK_EQ_U64(v, 7);
}

static void uints(void)
{
	uint64_t v;

	CHECK(parse_uint("42", 100, &v) == 0);
	CHECK_EQ_U64(v, 42);
	CHECK(parse_uint("101", 100, &v) != 0);
	CHECK(parse_uint("4k", 100000, &v) != 0);
	CHECK(parse_uint(" 4", 100, &v) != 0);
}

static void durations(void)
{
	uint64_t v;

	CHECK(parse_duration_ms("10", &v) == 0);
	CHECK_EQ_U64(v, 10000);
	CHECK(parse_duration_ms("1.5", &v) == 0);
	CHECK_EQ_U64(v, 1500);
	CHECK(parse_duration_ms("250ms", &v) == 0);
	CHECK_EQ_U64(v, 250);
	CHECK(parse_duration_ms("3s", &v) == 0);
	CHECK_EQ_U64(v, 3000);
	CHECK(parse_duration_ms("3h", &v) != 0);
	CHECK(parse_duration_ms("-1", &v) != 0);
	CHECK(parse_duration_ms("0x10", &v) != 0);
	CHECK(parse_duration_ms("1e3", &v) != 0);
	CHECK(parse_duration_ms("inf", &v) != 0);
	CHECK(parse_duration_ms("", &v) != 0);
	/* Past a u32 of ms still parses: the caller names the limit. */
	CHECK(parse_duration_ms("5000000", &v) == 0);
	CHECK_EQ_U64(v, 5000000000ULL);
	CHECK(parse_duration_ms("99999999999999999999", &v) != 0);
}

static void formatting(void)
{
	char b[32];

	CHECK(!strcmp(fmt_bytes(b, sizeof(b), 512), "512 B"));
	CHECK(!strcmp(fmt_bytes(b, sizeof(b), 4096), "4.00 KiB"));
	CHECK(!strcmp(fmt_bytes(b, sizeof(b), 1.5 * 1024 * 1024), "1.50 MiB"));
	CHECK(!strcmp(fmt_ns(b, sizeof(b), 999), "999 ns"));
	CHECK(!strcmp(fmt_ns(b, sizeof(b), 1500), "1.5 us"));
	CHECK(!strcmp(fmt_ns(b, sizeof(b), 2.5e6), "2.50 ms"));
}

const struct test_case units_tests[] = {
	{ "sizes_with_suffixes", sizes_with_suffixes },
	{ "sizes_rejected", sizes_rejected },
	{ "sizes_decimal_only", sizes_decimal_only },
	{ "sizes_formatted", sizes_formatted },
	{ "uints", uints },
	{ "durations", durations },
	{ "formatting", formatting },
};
const int units_ntests = sizeof(units_tests) / sizeof(units_tests[0]);
