// SPDX-License-Identifier: GPL-2.0
/* PROVIDER as people type it.  Pure. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "provider.h"

bool pci_addr_valid(const char *s)
{
	unsigned int d, b, sl, f;
	char end;

	return strlen(s) == 12 &&
	       sscanf(s, "%4x:%2x:%2x.%1x%c", &d, &b, &sl, &f, &end) == 4;
}

/* The last component of @path before @suffix, when @path ends so. */
static bool component_before(const char *path, const char *suffix,
			     char *out, size_t len)
{
	size_t n = strlen(path), sn = strlen(suffix);
	const char *end, *start;

	if (n < sn || strcmp(path + n - sn, suffix))
		return false;
	end = path + n - sn;
	for (start = end; start > path && start[-1] != '/'; start--)
		;
	if ((size_t)(end - start) >= len)
		return false;
	memcpy(out, start, end - start);
	out[end - start] = '\0';
	return true;
}

int provider_parse(const char *typed, const char *resolved,
		   struct provider_ref *p, char *msg, size_t len)
{
	const char *path = resolved ?: typed;
	unsigned int n;

	memset(p, 0, sizeof(*p));
	if (!strcmp(typed, "auto")) {
		p->kind = PROVIDER_AUTO;
		return 0;
	}
	if (!strcmp(typed, "none")) {
		p->kind = PROVIDER_HOST;
		return 0;
	}
	p->kind = PROVIDER_PCI;
	if (sscanf(typed, "/dev/p2pmem%u", &n) == 1) {
		snprintf(msg, len, "PROVIDER %s is a device of the out-of-tree p2pmem driver, which the kernel's P2PDMA replaced in 4.20: give the provider's PCI address or /sys/bus/pci/devices/ADDRESS/p2pmem/allocate ('p2pdma list' shows them)",
			 typed);
		return -EINVAL;
	}
	if (pci_addr_valid(typed)) {
		snprintf(p->addr, sizeof(p->addr), "%s", typed);
		return 0;
	}
	if (strchr(typed, '/') && resolved &&
	    (component_before(path, "/p2pmem/allocate", p->addr, sizeof(p->addr)) ||
	     component_before(path, "", p->addr, sizeof(p->addr))) &&
	    !strncmp(path, "/sys/devices/", 13) && pci_addr_valid(p->addr))
		return 0;
	snprintf(msg, len, "PROVIDER '%s' is not a PCI address (like 0000:03:00.0), a PCI function's sysfs directory or its p2pmem/allocate file, 'auto' or 'none'",
		 typed);
	return -EINVAL;
}

const char *provider_name(const struct provider_ref *p)
{
	switch (p->kind) {
	case PROVIDER_AUTO:
		return "auto";
	case PROVIDER_HOST:
		return "none";
	default:
		return p->addr;
	}
}
