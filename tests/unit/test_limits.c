// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <linux/p2pdma_harness.h>

#include "check.h"
#include "limits.h"

static void within_bounds(void)
{
	char msg[160] = "";

	CHECK(limit_check(&limit_chunk_size, "512", 512, msg, sizeof(msg)) == 0);
	CHECK(limit_check(&limit_chunk_size, "4M", P2PDMA_CHUNK_SIZE_MAX, msg,
			  sizeof(msg)) == 0);
	CHECK(limit_check(&limit_queue_depth, "256", 256, msg, sizeof(msg)) == 0);
	CHECK(limit_check(&limit_streams, "1", 1, msg, sizeof(msg)) == 0);
	CHECK(limit_check(&limit_seed, "0", 0, msg, sizeof(msg)) == 0);
	CHECK(limit_check(&limit_duration, "4294967.295", UINT32_MAX, msg,
			  sizeof(msg)) == 0);
	CHECK(limit_check(&limit_buf_offset, "0", 0, msg, sizeof(msg)) == 0);
	CHECK_STR(msg, "");
}

static void refusals_name_option_and_bound(void)
{
	char msg[160];

	CHECK(limit_check(&limit_chunk_size, "8M", 8 << 20, msg, sizeof(msg)) == -ERANGE);
	CHECK_STR(msg, "--chunk_size 8M: at most 4M (4194304 bytes)");
	CHECK(limit_check(&limit_chunk_size, "0", 0, msg, sizeof(msg)) == -ERANGE);
	CHECK_STR(msg, "--chunk_size 0: at least 512 bytes");
	CHECK(limit_check(&limit_buf_offset, "4M", 4 << 20, msg, sizeof(msg)) == -ERANGE);
	CHECK_STR(msg, "--offset 4M: at most 4193792 bytes");
	CHECK(limit_check(&limit_queue_depth, "257", 257, msg, sizeof(msg)) == -ERANGE);
	CHECK_STR(msg, "--queue-depth 257: at most 256");
	CHECK(limit_check(&limit_queue_depth, "0", 0, msg, sizeof(msg)) == -ERANGE);
	CHECK_STR(msg, "--queue-depth 0: at least 1");
	CHECK(limit_check(&limit_streams, "65", 65, msg, sizeof(msg)) == -ERANGE);
	CHECK_STR(msg, "--threads 65: at most 64");
	CHECK(limit_check(&limit_duration, "0", 0, msg, sizeof(msg)) == -ERANGE);
	CHECK_STR(msg, "--duration 0: at least 0.001 s");
	CHECK(limit_check(&limit_duration, "5000000", 5000000000ULL, msg,
			  sizeof(msg)) == -ERANGE);
	CHECK_STR(msg, "--duration 5000000: at most 4294967.295 s");
	CHECK(limit_check(&limit_seed, "4294967296", 1ULL << 32, msg, sizeof(msg)) == -ERANGE);
	CHECK_STR(msg, "--seed 4294967296: at most 4294967295");
	CHECK(limit_check(&limit_length, "0", 0, msg, sizeof(msg)) == -ERANGE);
	CHECK_STR(msg, "--length 0: at least 1 byte");
	CHECK(limit_check(&limit_chunks, "0", 0, msg, sizeof(msg)) == -ERANGE);
	CHECK_STR(msg, "--chunks 0: at least 1");
}

static void buffer_holds_chunk_and_offset(void)
{
	char msg[160];

	CHECK(limit_check_buffer(4 << 20, 0, msg, sizeof(msg)) == 0);
	CHECK(limit_check_buffer((4 << 20) - 512, 512, msg, sizeof(msg)) == 0);
	CHECK(limit_check_buffer(4 << 20, 512, msg, sizeof(msg)) == -ERANGE);
	CHECK_STR(msg, "--chunk_size 4M with --offset 512: together at most 4M (4194304 bytes)");
	/* No wrap, whatever it is handed. */
	CHECK(limit_check_buffer(UINT64_MAX, 1, msg, sizeof(msg)) == -ERANGE);
	CHECK(limit_check_buffer(512, UINT64_MAX, msg, sizeof(msg)) == -ERANGE);
}

static void strings_fit_their_fields(void)
{
	char msg[256], path[P2PDMA_PATH_MAX + 1];

	memset(path, 'a', sizeof(path));
	path[P2PDMA_PATH_MAX - 1] = '\0';
	CHECK(limit_check_string("SRC", "a device path", path, P2PDMA_PATH_MAX - 1,
				 msg, sizeof(msg)) == 0);
	path[P2PDMA_PATH_MAX - 1] = 'a';
	path[P2PDMA_PATH_MAX] = '\0';
	CHECK(limit_check_string("SRC", "a device path", path, P2PDMA_PATH_MAX - 1,
				 msg, sizeof(msg)) == -ENAMETOOLONG);
	CHECK_STR(msg, "SRC 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is too long (256 bytes): a device path is at most 255");
	CHECK(limit_check_string("PROVIDER", "a PCI address", "0000:03:00.0",
				 P2PDMA_PCI_ADDR_MAX - 1, msg, sizeof(msg)) == 0);
	CHECK(limit_check_string("PROVIDER", "a PCI address",
				 "00000000000000000000000000000000",
				 P2PDMA_PCI_ADDR_MAX - 1, msg, sizeof(msg)) == -ENAMETOOLONG);
	CHECK_STR(msg, "PROVIDER '00000000000000000000000000000000' is too long (32 bytes): a PCI address is at most 31");
}

const struct test_case limits_tests[] = {
	{ "within_bounds", within_bounds },
	{ "refusals_name_option_and_bound", refusals_name_option_and_bound },
	{ "buffer_holds_chunk_and_offset", buffer_holds_chunk_and_offset },
	{ "strings_fit_their_fields", strings_fit_their_fields },
};
const int limits_ntests = sizeof(limits_tests) / sizeof(limits_tests[0]);
