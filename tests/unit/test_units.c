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
	CHECK(parse_size("0x1000", &v) == 0);
	CHECK_EQ_U64(v, 4096);
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
	{ "uints", uints },
	{ "durations", durations },
	{ "formatting", formatting },
};
const int units_ntests = sizeof(units_tests) / sizeof(units_tests[0]);
