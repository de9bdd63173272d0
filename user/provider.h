/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PROVIDER as people type it: p2pmem-test takes the provider's
 * p2pmem/allocate file, others its PCI address or sysfs directory.
 * Pure: the caller resolves symlinks (provider_arg() in main.c).
 */
#ifndef P2PDMA_PROVIDER_H
#define P2PDMA_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>

#include "sysfs.h"

enum provider_kind {
	PROVIDER_AUTO,			/* "auto": the module picks */
	PROVIDER_HOST,			/* "none": host memory */
	PROVIDER_PCI,			/* a PCI function's p2pmem */
};

struct provider_ref {
	enum provider_kind kind;
	char addr[PCI_ADDR_LEN];	/* PROVIDER_PCI: "0000:03:00.0" */
};

/* "dddd:bb:dd.f", nothing before or after. */
bool pci_addr_valid(const char *s);

/*
 * What @typed names, @resolved being its realpath() when it is a path
 * that exists (else NULL): "auto", "none", a PCI address, a PCI
 * function's sysfs directory or its p2pmem/allocate file.  0, or
 * -EINVAL with @msg saying what PROVIDER may be; /dev/p2pmemN, from the
 * out-of-tree p2pmem driver, is refused with the path to use instead.
 */
int provider_parse(const char *typed, const char *resolved,
		   struct provider_ref *p, char *msg, size_t len);

/* "auto", "none" or the address; for messages and the module. */
const char *provider_name(const struct provider_ref *p);

#endif
