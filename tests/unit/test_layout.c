// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "layout.h"

#define MiB (1ULL << 20)

/* A dos table (magic at 510) with partitions at 1M-17M and 20M-30M. */
static const struct layout_area dos_parts[] = {
	{ .start = 1 * MiB, .len = 16 * MiB, .partno = 1 },
	{ .start = 20 * MiB, .len = 10 * MiB, .partno = 2 },
};

static const struct layout dos = {
	.pt_type = "dos",
	.pt_magic = { .start = 510, .len = 2 },
	.parts = dos_parts,
	.nr_parts = 2,
};

static void overlap_edges(void)
{
	CHECK(layout_overlap(0, 512, 510, 2));
	CHECK(layout_overlap(510, 1, 0, 512));
	CHECK(!layout_overlap(0, 510, 510, 2));		/* ends just before */
	CHECK(!layout_overlap(512, 512, 510, 2));	/* starts just after */
	CHECK(!layout_overlap(0, 0, 0, 512));		/* empty ranges hit nothing */
	CHECK(!layout_overlap(0, 512, 0, 0));
	/* Ranges that reach the end of a u64 do not wrap. */
	CHECK(layout_overlap(UINT64_MAX - 1, 100, UINT64_MAX, 1));
	CHECK(!layout_overlap(UINT64_MAX, 1, 0, UINT64_MAX));
	CHECK(layout_overlap(UINT64_MAX - 1, 1, 0, UINT64_MAX));
	CHECK(layout_overlap(0, UINT64_MAX, UINT64_MAX - 1, 1));
}

static void filesystem_refuses_any_range(void)
{
	struct layout ext4 = { .fs_type = "ext4", .fs_magic = 1080 };
	const struct layout_area *hit;
	char msg[512];

	CHECK(layout_judge(&ext4, 0, 512, &hit) == LAYOUT_FS);
	CHECK(layout_judge(&ext4, 100 * MiB, 4096, &hit) == LAYOUT_FS);
	CHECK(layout_judge(&ext4, 0, 0, &hit) == LAYOUT_CLEAR);
	layout_refusal(msg, sizeof(msg), "/dev/nvme2n1", &ext4, LAYOUT_FS, NULL,
		       0, 4096);
	CHECK_STR(msg, "/dev/nvme2n1 holds an ext4 signature (at byte 1080); it would be overwritten: refusing (--force to write anyway)");
	strcpy(ext4.fs_type, "linux_raid_member");
	ext4.fs_magic = 4096;
	layout_refusal(msg, sizeof(msg), "/dev/nvme2n1", &ext4, LAYOUT_FS, NULL,
		       0, 4096);
	CHECK_STR(msg, "/dev/nvme2n1 holds a linux_raid_member signature (at byte 4096); it would be overwritten: refusing (--force to write anyway)");
}

static void partition_table_and_partitions(void)
{
	const struct layout_area *hit;
	char msg[512];

	CHECK(layout_judge(&dos, 0, 4096, &hit) == LAYOUT_TABLE);
	CHECK(hit == &dos.pt_magic);
	layout_refusal(msg, sizeof(msg), "/dev/nvme2n1", &dos, LAYOUT_TABLE, hit,
		       0, 4096);
	CHECK_STR(msg, "bytes 0-4095 of /dev/nvme2n1 overlap its dos partition table (bytes 510-511): refusing (--force to write anyway)");

	/* Between the table and the first partition: nothing to lose. */
	CHECK(layout_judge(&dos, 4096, MiB - 4096, &hit) == LAYOUT_CLEAR);
	CHECK(hit == NULL);
	CHECK(layout_judge(&dos, 4096, MiB - 4095, &hit) == LAYOUT_PARTITION);
	CHECK(hit == &dos_parts[0]);
	/* The gap between the two, exactly. */
	CHECK(layout_judge(&dos, 17 * MiB, 3 * MiB, &hit) == LAYOUT_CLEAR);
	CHECK(layout_judge(&dos, 19 * MiB, 2 * MiB, &hit) == LAYOUT_PARTITION);
	CHECK(hit == &dos_parts[1]);
	layout_refusal(msg, sizeof(msg), "/dev/nvme2n1", &dos, LAYOUT_PARTITION,
		       hit, 19 * MiB, 2 * MiB);
	CHECK_STR(msg, "bytes 19922944-22020095 of /dev/nvme2n1 overlap partition 2 (bytes 20971520-31457279) of its dos partition table: refusing (--force to write anyway)");
	/* Past the last partition. */
	CHECK(layout_judge(&dos, 30 * MiB, 34 * MiB, &hit) == LAYOUT_CLEAR);
}

static void empty_device_is_clear(void)
{
	struct layout none = { 0 };
	const struct layout_area *hit;

	CHECK(layout_judge(&none, 0, UINT64_MAX, &hit) == LAYOUT_CLEAR);
	/* A table with no partitions still guards its magic. */
	none = dos;
	none.nr_parts = 0;
	CHECK(layout_judge(&none, 0, 512, &hit) == LAYOUT_TABLE);
	CHECK(layout_judge(&none, 512, 64 * MiB, &hit) == LAYOUT_CLEAR);
}

const struct test_case layout_tests[] = {
	{ "overlap_edges", overlap_edges },
	{ "filesystem_refuses_any_range", filesystem_refuses_any_range },
	{ "partition_table_and_partitions", partition_table_and_partitions },
	{ "empty_device_is_clear", empty_device_is_clear },
};
const int layout_ntests = sizeof(layout_tests) / sizeof(layout_tests[0]);
