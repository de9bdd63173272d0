// SPDX-License-Identifier: GPL-2.0
/*
 * The host access check on malloc'd memory, where ASan sees every access:
 * one past the buffer fails the run.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "hostaccess.h"
#include "json.h"

#define SEED	60

/* Exactly @len bytes, so that ASan catches any access past them. */
static uint8_t *buffer(size_t len, uint8_t fill)
{
	uint8_t *mem = malloc(len);

	if (mem)
		memset(mem, fill, len);
	return mem;
}

static struct hostaccess_spec check_spec(unsigned int size, bool unaligned,
					 uint64_t count)
{
	struct hostaccess_spec s = {
		.test = HOSTACCESS_CHECK, .size = size, .unaligned = unaligned,
		.count = count,
	};

	return s;
}

static void host_access_forms(void)
{
	struct hostaccess_spec s;
	char msg[256];

	CHECK(hostaccess_parse("8", &s, msg, sizeof(msg)) == 0);
	CHECK_EQ_U64(s.size, 8);
	CHECK_EQ_U64(s.count, 64);		/* p2pmem-test's default */
	CHECK(!s.read_only && !s.unaligned && s.test == HOSTACCESS_CHECK);
	CHECK(hostaccess_parse("8:100", &s, msg, sizeof(msg)) == 0);
	CHECK_EQ_U64(s.count, 100);
	CHECK(hostaccess_parse("-16:10", &s, msg, sizeof(msg)) == 0);
	CHECK_EQ_U64(s.size, 16);
	CHECK_EQ_U64(s.count, 10);
	CHECK(s.read_only);
	CHECK(hostaccess_parse("-1", &s, msg, sizeof(msg)) == 0);
	CHECK(s.size == 1 && s.read_only && s.count == 64);
	CHECK(hostaccess_parse("64:1k", &s, msg, sizeof(msg)) == 0);
	CHECK_EQ_U64(s.count, 1024);
	CHECK(hostaccess_parse("2:1048576", &s, msg, sizeof(msg)) == 0);
	CHECK_EQ_U64(s.count, 1048576);
	/* 0: no test, whatever follows, as in p2pmem-test. */
	CHECK(hostaccess_parse("0", &s, msg, sizeof(msg)) == 0);
	CHECK_EQ_U64(s.size, 0);
	CHECK(hostaccess_parse("0:5", &s, msg, sizeof(msg)) == 0);
	CHECK_EQ_U64(s.size, 0);
	CHECK(hostaccess_parse("-0", &s, msg, sizeof(msg)) == 0);
	CHECK_EQ_U64(s.size, 0);
}

static void host_access_refusals(void)
{
	static const char *const bad[] = {
		"3", "32", "128", "-3", "8:", "8:0", "8:1048577", "8:x", "8:4:2",
		"", "-", "--8", "+8", "x", "8k", " 8", "8 ", "0x8", ":64",
	};
	struct hostaccess_spec s;
	char msg[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		msg[0] = '\0';
		if (hostaccess_parse(bad[i], &s, msg, sizeof(msg)) != -EINVAL) {
			printf("# --host_access '%s' accepted\n", bad[i]);
			check_failures++;
		}
		CHECK(!strncmp(msg, "--host_access '", 15));
	}
	hostaccess_parse("3", &s, msg, sizeof(msg));
	CHECK_STR(msg, "--host_access '3': takes SIZE[:COUNT], SIZE one of 1, 2, 4, 8, 16, 64 (negative for a read-only check, 0 for none), COUNT 1 to 1048576 (default 64)");
}

static void init_forms(void)
{
	struct hostaccess_spec s;
	char msg[256];

	CHECK(hostaccess_parse_init("64", &s, msg, sizeof(msg)) == 0);
	CHECK(s.test == HOSTACCESS_INIT && s.size == 64 && !s.unaligned);
	CHECK_EQ_U64(s.count * s.size, 4096);	/* p2pmem-test's default */
	CHECK(hostaccess_parse_init("64:65536", &s, msg, sizeof(msg)) == 0);
	CHECK_EQ_U64(s.count, 1024);
	CHECK(hostaccess_parse_init("1:4k", &s, msg, sizeof(msg)) == 0);
	CHECK_EQ_U64(s.count, 4096);
	CHECK(hostaccess_parse_init("0", &s, msg, sizeof(msg)) == 0);
	CHECK_EQ_U64(s.size, 0);
}

static void init_refusals(void)
{
	static const char *const bad[] = {
		"-64", "3", "64:100", "64:0", "64:", "16:8", "x", "",
	};
	struct hostaccess_spec s;
	char msg[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		msg[0] = '\0';
		if (hostaccess_parse_init(bad[i], &s, msg, sizeof(msg)) != -EINVAL) {
			printf("# --init '%s' accepted\n", bad[i]);
			check_failures++;
		}
		CHECK(!strncmp(msg, "--init '", 8));
	}
	hostaccess_parse_init("64:100", &s, msg, sizeof(msg));
	CHECK_STR(msg, "--init '64:100': takes SIZE[:TOTAL], SIZE one of 1, 2, 4, 8, 16, 64 (0 for none), TOTAL bytes to zero, a multiple of SIZE (default 4096)");
}

static void fits(void)
{
	struct hostaccess_spec s = check_spec(64, false, 64);
	char msg[160];

	CHECK(hostaccess_fits(&s, 64, msg, sizeof(msg)) == 0);
	s.unaligned = true;
	CHECK(hostaccess_fits(&s, 64, msg, sizeof(msg)) == -EINVAL);
	CHECK_STR(msg, "unaligned 64-byte accesses do not fit in the 64 bytes mapped");
	CHECK(hostaccess_fits(&s, 65, msg, sizeof(msg)) == 0);
	s.count = 0;
	CHECK(hostaccess_fits(&s, 4096, msg, sizeof(msg)) == -EINVAL);
	s.count = HOSTACCESS_COUNT_MAX + 1;
	CHECK(hostaccess_fits(&s, 4096, msg, sizeof(msg)) == -EINVAL);
	s = check_spec(3, false, 1);
	CHECK(hostaccess_fits(&s, 4096, msg, sizeof(msg)) == -EINVAL);
	s = check_spec(0, false, 1);
	CHECK(hostaccess_fits(&s, 4096, msg, sizeof(msg)) == -EINVAL);
	hostaccess_parse_init("64:8192", &s, msg, sizeof(msg));
	CHECK(hostaccess_fits(&s, 8192, msg, sizeof(msg)) == 0);
	CHECK(hostaccess_fits(&s, 4096, msg, sizeof(msg)) == -EINVAL);
	CHECK_STR(msg, "zeroing 8192 bytes (--init) does not fit in the 4096 bytes mapped");
}

/*
 * Every size, aligned and not, on a buffer of an odd length: the
 * accesses outnumber the slots twentyfold, so every slot is used, the
 * last one included, and the sweeps cover them all; ASan fails the run on
 * any byte past the buffer.
 */
static void every_size_passes(void)
{
	const size_t len = 203;
	struct hostaccess_result r;
	struct hostaccess_spec s;
	const unsigned int *size;
	uint8_t *mem = buffer(len, 0xee);
	int unaligned;
	uint64_t slots;

	CHECK(mem != NULL);
	if (!mem)
		return;
	for (size = hostaccess_sizes; *size; size++) {
		for (unaligned = 0; unaligned <= 1; unaligned++) {
			memset(mem, 0xee, len);
			s = check_spec(*size, unaligned, 4096);
			slots = (len - unaligned) / *size;
			CHECK(hostaccess_run(mem, len, &s, SEED, &r) == 0);
			CHECK_EQ_U64(r.accesses, 4096);
			CHECK_EQ_U64(r.mismatches, 0);
			/* Only the last write to each slot is compared. */
			CHECK_EQ_U64(r.compared, slots);
			CHECK_EQ_U64(r.swept, slots * *size);
			CHECK(r.write_bytes_per_sec && r.read_bytes_per_sec);
			CHECK(r.cpu_accesses && r.cpu_accesses <= *size / 8 + 1);
			/* The byte before the first unaligned slot is no slot's. */
			if (unaligned)
				CHECK(mem[0] == 0xee);
		}
	}
	free(mem);
}

/* Unaligned slots end where the buffer does, or short of it. */
static void unaligned_stays_inside(void)
{
	const size_t len = 200;
	struct hostaccess_result r;
	struct hostaccess_spec s = check_spec(64, true, 4096);
	uint8_t *mem = buffer(len, 0xee);
	size_t i;

	CHECK(mem != NULL);
	if (!mem)
		return;
	CHECK(hostaccess_run(mem, len, &s, SEED, &r) == 0);
	CHECK_EQ_U64(r.mismatches, 0);
	/* Slots at 1, 65 and 129; bytes 193 to 199 are no slot's. */
	CHECK_EQ_U64(r.compared, 3);
	for (i = 193; i < len; i++)
		CHECK(mem[i] == 0xee);
	CHECK(mem[0] == 0xee);
	free(mem);
}

struct flip {
	size_t at;		/* byte to flip */
	unsigned int calls;
};

static void flip_byte(void *mem, size_t len, void *arg)
{
	struct flip *f = arg;

	f->calls++;
	if (f->at < len)
		((uint8_t *)mem)[f->at] ^= 0xff;
}

/*
 * A byte flipped between write and read back is reported once, at the
 * offset where its access began, with the bytes that differ.  Eight slots
 * and 256 accesses: every slot is written.
 */
static void corruption_is_caught(void)
{
	const size_t *shift, shifts[] = { 0, 1 };
	const unsigned int *size;
	struct hostaccess_result r;
	struct hostaccess_spec s;
	struct flip f;
	size_t len, i;
	uint8_t *mem;

	for (size = hostaccess_sizes; *size; size++) {
		for (shift = shifts; shift < shifts + 2; shift++) {
			len = 8 * *size + *shift;
			mem = buffer(len, 0);
			CHECK(mem != NULL);
			if (!mem)
				return;
			/* The last byte of slot 2. */
			f.at = 2 * *size + *shift + *size - 1;
			f.calls = 0;
			s = check_spec(*size, *shift, 256);
			s.before_read_back = flip_byte;
			s.hook_arg = &f;
			CHECK(hostaccess_run(mem, len, &s, SEED, &r) == 0);
			CHECK_EQ_U64(f.calls, 1);
			CHECK_EQ_U64(r.compared, 8);
			CHECK_EQ_U64(r.mismatches, 1);
			CHECK_EQ_U64(r.first[0].offset, 2 * *size + *shift);
			CHECK(r.first[0].access < 256);
			for (i = 0; i + 1 < *size; i++)
				CHECK(r.first[0].got[i] == r.first[0].expected[i]);
			CHECK_EQ_U64(r.first[0].got[*size - 1],
				     r.first[0].expected[*size - 1] ^ 0xff);
			free(mem);
		}
	}
}

static void invert_all(void *mem, size_t len, void *arg)
{
	size_t i;

	(void)arg;
	for (i = 0; i < len; i++)
		((uint8_t *)mem)[i] ^= 0xff;
}

/* A line of the text report longer than 80 columns, or NULL. */
static const char *wide_line(const char *text)
{
	const char *nl;

	for (; *text; text = nl + 1) {
		nl = strchr(text, '\n');
		if (!nl)
			nl = text + strlen(text);
		if (nl - text > 80)
			return text;
		if (!*nl)
			break;
	}
	return NULL;
}

/*
 * Every access wrong: all counted, the first HOSTACCESS_REPORT_MAX kept in
 * the order made, the rest summed up; both reports say so.
 */
static void mismatches_are_capped(void)
{
	const size_t len = 4096;
	struct hostaccess_spec s = check_spec(8, false, 64);
	struct hostaccess_result r;
	uint8_t *mem = buffer(len, 0);
	char *text = NULL, more[64];
	size_t text_len, i;
	struct json j;
	FILE *out;

	CHECK(mem != NULL);
	if (!mem)
		return;
	s.before_read_back = invert_all;
	CHECK(hostaccess_run(mem, len, &s, SEED, &r) == 0);
	CHECK(r.compared > HOSTACCESS_REPORT_MAX);
	CHECK_EQ_U64(r.mismatches, r.compared);
	for (i = 1; i < HOSTACCESS_REPORT_MAX; i++)
		CHECK(r.first[i].access > r.first[i - 1].access);

	out = open_memstream(&text, &text_len);
	CHECK(out != NULL);
	if (!out)
		goto out;
	hostaccess_print(out, &r, 1);
	fclose(out);
	CHECK(strstr(text, "\ncheck     8  aligned") != NULL);
	snprintf(more, sizeof(more), "  ... and %llu more\n",
		 (unsigned long long)(r.mismatches - HOSTACCESS_REPORT_MAX));
	CHECK(strstr(text, more) != NULL);
	CHECK(wide_line(text) == NULL);
	free(text);

	out = open_memstream(&text, &text_len);
	CHECK(out != NULL);
	if (!out)
		goto out;
	json_init(&j, out);
	json_obj_open(&j, NULL);
	hostaccess_json(&j, &r);
	json_obj_close(&j);
	fclose(out);
	snprintf(more, sizeof(more), "\"mismatches\":%llu,",
		 (unsigned long long)r.mismatches);
	CHECK(strstr(text, more) != NULL);
	CHECK(strstr(text, "\"test\":\"check\",\"size\":8,\"unaligned\":false,") != NULL);
	snprintf(more, sizeof(more), "{\"offset\":%llu,\"access\":%llu,\"expected\":\"",
		 (unsigned long long)r.first[0].offset,
		 (unsigned long long)r.first[0].access);
	CHECK(strstr(text, more) != NULL);
	/* Expected and got bytes are hex in memory order: 0xff apart. */
	snprintf(more, sizeof(more), "\"got\":\"%02x",
		 (uint8_t)~r.first[0].expected[0]);
	CHECK(strstr(text, more) != NULL);
out:
	free(text);
	free(mem);
}

/* A clean report: one row a result, 80 columns. */
static void table_fits_80_columns(void)
{
	const size_t len = 65536;
	struct hostaccess_result r[3];
	struct hostaccess_spec s = check_spec(64, true, HOSTACCESS_COUNT_MAX);
	uint8_t *mem = buffer(len, 0);
	char *text = NULL;
	size_t text_len;
	FILE *out;

	CHECK(mem != NULL);
	if (!mem)
		return;
	CHECK(hostaccess_run(mem, len, &s, SEED, &r[0]) == 0);
	s.read_only = true;
	CHECK(hostaccess_run(mem, len, &s, SEED, &r[1]) == 0);
	hostaccess_parse_init("64:64k", &s, NULL, 0);
	CHECK(hostaccess_run(mem, len, &s, SEED, &r[2]) == 0);
	out = open_memstream(&text, &text_len);
	CHECK(out != NULL);
	if (out) {
		hostaccess_print(out, r, 3);
		fclose(out);
		CHECK(wide_line(text) == NULL);
		CHECK(strstr(text, "\ncheck    64  +1         1048576           0 ") != NULL);
		CHECK(strstr(text, "\nread     64  +1         1048576           -           - ") != NULL);
		CHECK(strstr(text, "\ninit     64  aligned       1024           0 ") != NULL);
	}
	free(text);
	free(mem);
}

/* p2pmem-test's negative SIZE: reads, and not a byte changes. */
static void read_only_does_not_write(void)
{
	const size_t len = 4096 + 1;
	uint8_t *mem = buffer(len, 0), *before = buffer(len, 0);
	const unsigned int *size;
	struct hostaccess_result r;
	struct hostaccess_spec s;
	int unaligned;
	size_t i;

	CHECK(mem && before);
	if (!mem || !before)
		goto out;
	for (i = 0; i < len; i++)
		mem[i] = before[i] = (uint8_t)(i * 7 + 3);
	for (size = hostaccess_sizes; *size; size++) {
		for (unaligned = 0; unaligned <= 1; unaligned++) {
			s = check_spec(*size, unaligned, 1024);
			s.read_only = true;
			CHECK(hostaccess_run(mem, len, &s, SEED, &r) == 0);
			CHECK_EQ_U64(r.accesses, 1024);
			CHECK_EQ_U64(r.compared, 0);
			CHECK_EQ_U64(r.mismatches, 0);
			CHECK_EQ_U64(r.write_bytes_per_sec, 0);
			CHECK(r.read_bytes_per_sec > 0);
		}
	}
	CHECK(!memcmp(mem, before, len));
out:
	free(mem);
	free(before);
}

/* --init SIZE:TOTAL zeroes bytes 0 to TOTAL - 1, and not one more. */
static void init_zeroes_exactly_total(void)
{
	static const char *const inits[] = { "64:4096", "1:100", "16:48", "8" };
	const size_t len = 8192;
	struct hostaccess_result r;
	struct hostaccess_spec s;
	uint8_t *mem = buffer(len, 0);
	uint64_t total;
	size_t i, k;
	char msg[256];

	CHECK(mem != NULL);
	if (!mem)
		return;
	for (k = 0; k < sizeof(inits) / sizeof(inits[0]); k++) {
		memset(mem, 0xff, len);
		CHECK(hostaccess_parse_init(inits[k], &s, msg, sizeof(msg)) == 0);
		total = s.count * s.size;
		CHECK(hostaccess_run(mem, len, &s, SEED, &r) == 0);
		CHECK_EQ_U64(r.mismatches, 0);
		CHECK_EQ_U64(r.compared, s.count);
		CHECK_EQ_U64(r.swept, total);
		for (i = 0; i < total; i++)
			CHECK(mem[i] == 0);
		for (i = total; i < len; i++)
			CHECK(mem[i] == 0xff);
	}
	free(mem);
}

/* A byte that is not zero when read back is a mismatch of the init. */
static void init_catches_nonzero(void)
{
	const size_t len = 4096;
	struct flip f = { .at = 100 };
	struct hostaccess_result r;
	struct hostaccess_spec s;
	uint8_t *mem = buffer(len, 0);
	char msg[256];

	CHECK(mem != NULL);
	if (!mem)
		return;
	CHECK(hostaccess_parse_init("64", &s, msg, sizeof(msg)) == 0);
	s.before_read_back = flip_byte;
	s.hook_arg = &f;
	CHECK(hostaccess_run(mem, len, &s, SEED, &r) == 0);
	CHECK_EQ_U64(f.calls, 1);
	CHECK_EQ_U64(r.mismatches, 1);
	CHECK_EQ_U64(r.first[0].offset, 64);
	CHECK_EQ_U64(r.first[0].got[36], 0xff);
	CHECK_EQ_U64(r.first[0].expected[36], 0);
	free(mem);
}

/* A seed repeats a run byte for byte; another seed does not. */
static void seed_repeats_run(void)
{
	const size_t len = 4096;
	struct hostaccess_spec s = check_spec(4, true, 512);
	uint8_t *a = buffer(len, 0), *b = buffer(len, 0);
	struct hostaccess_result r;

	CHECK(a && b);
	if (!a || !b)
		goto out;
	CHECK(hostaccess_run(a, len, &s, SEED, &r) == 0);
	CHECK(hostaccess_run(b, len, &s, SEED, &r) == 0);
	CHECK(!memcmp(a, b, len));
	CHECK(hostaccess_run(b, len, &s, SEED + 1, &r) == 0);
	CHECK(memcmp(a, b, len));
out:
	free(a);
	free(b);
}

const struct test_case hostaccess_tests[] = {
	{ "host_access_forms", host_access_forms },
	{ "host_access_refusals", host_access_refusals },
	{ "init_forms", init_forms },
	{ "init_refusals", init_refusals },
	{ "fits", fits },
	{ "every_size_passes", every_size_passes },
	{ "unaligned_stays_inside", unaligned_stays_inside },
	{ "corruption_is_caught", corruption_is_caught },
	{ "mismatches_are_capped", mismatches_are_capped },
	{ "table_fits_80_columns", table_fits_80_columns },
	{ "read_only_does_not_write", read_only_does_not_write },
	{ "init_zeroes_exactly_total", init_zeroes_exactly_total },
	{ "init_catches_nonzero", init_catches_nonzero },
	{ "seed_repeats_run", seed_repeats_run },
};
const int hostaccess_ntests = sizeof(hostaccess_tests) / sizeof(hostaccess_tests[0]);
