// SPDX-License-Identifier: GPL-2.0
/*
 * What the module holds right now: jobs that have not given their devices
 * and buffers back, bios in flight, and buffer memory of each kind.  With
 * no job running every figure is zero; the selftests check that after
 * every test, so a path that forgets to give something back fails the test
 * that took it.  Read from debugfs: p2pdma_harness/accounting, one
 * "name value" line per figure.  The directory also holds the fault
 * points of fault.c.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "harness.h"

struct p2pdma_accounting p2pdma_held;

static struct dentry *p2pdma_debugfs_dir;

static int p2pdma_accounting_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "jobs %d\n", atomic_read(&p2pdma_held.jobs));
	seq_printf(m, "bios %d\n", atomic_read(&p2pdma_held.bios));
	seq_printf(m, "host_bytes %lld\n", atomic64_read(&p2pdma_held.host_bytes));
	seq_printf(m, "p2p_bytes %lld\n", atomic64_read(&p2pdma_held.p2p_bytes));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(p2pdma_accounting);

/* Without debugfs the module works the same; only the figures are hidden. */
void p2pdma_accounting_init(void)
{
	p2pdma_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("accounting", 0400, p2pdma_debugfs_dir, NULL,
			    &p2pdma_accounting_fops);
	p2pdma_fault_init(p2pdma_debugfs_dir);
}

void p2pdma_accounting_exit(void)
{
	debugfs_remove_recursive(p2pdma_debugfs_dir);
}
