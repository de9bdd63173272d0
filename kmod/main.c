// SPDX-License-Identifier: GPL-2.0
/*
 * p2pdma_harness: copies between NVMe block devices through PCI
 * peer-to-peer memory, with the bios built in the kernel, to test and
 * measure a P2PDMA path.  Driven over generic netlink by the p2pdma runner.
 */
#include <linux/module.h>

#include "harness.h"

/*
 * Without PCI_P2PDMA, <linux/pci-p2pdma.h> has stubs that refuse
 * everything: the module would load and turn every copy down.  kmod/Makefile
 * says so first; this catches the builds that do not go through it.
 */
#if !IS_ENABLED(CONFIG_PCI_P2PDMA)
#error "this kernel is built without CONFIG_PCI_P2PDMA; make host-kernel builds one with it"
#endif

static int __init p2pdma_harness_init(void)
{
	int ret;

	p2pdma_accounting_init();
	ret = p2pdma_engine_init();
	if (ret)
		goto err_accounting;
	ret = p2pdma_hotplug_init();
	if (ret)
		goto err_engine;
	ret = p2pdma_netlink_init();
	if (ret)
		goto err_hotplug;
	return 0;

err_hotplug:
	p2pdma_hotplug_exit();
err_engine:
	p2pdma_engine_exit();
err_accounting:
	p2pdma_accounting_exit();
	return ret;
}

/* Jobs first: they send events on the family and run on the engine. */
static void __exit p2pdma_harness_exit(void)
{
	p2pdma_jobs_cancel_all();
	p2pdma_netlink_exit();
	p2pdma_hotplug_exit();
	p2pdma_engine_exit();
	p2pdma_accounting_exit();
}

module_init(p2pdma_harness_init);
module_exit(p2pdma_harness_exit);

MODULE_DESCRIPTION("PCI peer-to-peer DMA test harness for NVMe block devices");
MODULE_LICENSE("GPL");
