// SPDX-License-Identifier: GPL-2.0
/*
 * A PCI function going away under a job: its driver is about to unbind,
 * and for a provider that means its p2pmem will be torn down, which waits
 * for every page to come back.  Stop the jobs that use the function and
 * wait for them to return their buffers, before the driver goes.
 */
#include <linux/device.h>
#include <linux/pci.h>

#include "harness.h"

static int p2pdma_pci_event(struct notifier_block *nb, unsigned long action,
			    void *data)
{
	struct device *dev = data;

	if (action == BUS_NOTIFY_UNBIND_DRIVER || action == BUS_NOTIFY_DEL_DEVICE)
		p2pdma_jobs_device_gone(to_pci_dev(dev));
	return NOTIFY_DONE;
}

static struct notifier_block p2pdma_pci_notifier = {
	.notifier_call = p2pdma_pci_event,
};

int p2pdma_hotplug_init(void)
{
	return bus_register_notifier(&pci_bus_type, &p2pdma_pci_notifier);
}

void p2pdma_hotplug_exit(void)
{
	bus_unregister_notifier(&pci_bus_type, &p2pdma_pci_notifier);
}
