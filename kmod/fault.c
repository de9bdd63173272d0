// SPDX-License-Identifier: GPL-2.0
/*
 * A fault no device reports: one byte of a chunk changed between its read
 * and its write, as a bad buffer, a misrouted write into p2p memory or a
 * bug in the engine would do.  The selftests turn it on to show that a
 * verified copy catches corruption that happens inside the copy, not only
 * on the disks.  Controlled like every fault_attr
 * (Documentation/fault-injection): p2pdma_harness/corrupt_chunk/ in
 * debugfs, probability, interval and times.
 */
#include <linux/fault-inject.h>

#include "harness.h"

static DECLARE_FAULT_ATTR(p2pdma_corrupt_attr);

void p2pdma_fault_init(struct dentry *dir)
{
	/* Fails only when debugfs does: the copy works without the fault. */
	fault_create_debugfs_attr("corrupt_chunk", dir, &p2pdma_corrupt_attr);
}

void p2pdma_fault_corrupt(void *data, u32 len)
{
	u8 *byte = data + len / 2;

	if (should_fail(&p2pdma_corrupt_attr, len))
		*byte ^= 0xff;
}
