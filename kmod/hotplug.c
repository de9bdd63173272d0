// SPDX-License-Identifier: GPL-2.0
/*
 * A PCI function going away under a job: for a provider, its driver's
 * unbind tears down its p2pmem, which waits for every page to come back.
 * Stop the jobs that use it and wait for their buffers before the driver
 * goes, and keep new jobs off it until the unbind is over.
 */
#include <linux/device.h>
#include <linux/pci.h>

#include "harness.h"

static int p2pdma_pci_event(struct notifier_block *nb, unsigned long action,
			    void *data)
{
	struct device *dev = data;

	switch (action) {
	case BUS_NOTIFY_UNBIND_DRIVER:
		p2pdma_provider_leaving(to_pci_dev(dev));
		break;
	case BUS_NOTIFY_UNBOUND_DRIVER:
		p2pdma_provider_left(to_pci_dev(dev));
		break;
	}
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
