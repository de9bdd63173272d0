// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pci.h"

#define PCI_STATUS		0x06
#define PCI_STATUS_CAP_LIST	0x10
#define PCI_CAPABILITY_LIST	0x34
#define PCI_CAP_ID_EXP		0x10
#define PCI_EXP_FLAGS		0x02
#define PCI_EXT_CAP_ID_ACS	0x000d
#define PCI_ACS_CTRL		0x06

uint16_t pci_cfg_u16(const struct pci_cfg *cfg, unsigned int off)
{
	if (off + 2 > cfg->len)
		return 0;
	return (uint16_t)(cfg->data[off] | cfg->data[off + 1] << 8);
}

uint32_t pci_cfg_u32(const struct pci_cfg *cfg, unsigned int off)
{
	if (off + 4 > cfg->len)
		return 0;
	return (uint32_t)pci_cfg_u16(cfg, off) |
	       (uint32_t)pci_cfg_u16(cfg, off + 2) << 16;
}

unsigned int pci_find_cap(const struct pci_cfg *cfg, uint8_t id)
{
	unsigned int pos, ttl = 48;	/* a looped list must not hang us */

	if (!(pci_cfg_u16(cfg, PCI_STATUS) & PCI_STATUS_CAP_LIST) ||
	    cfg->len <= PCI_CAPABILITY_LIST)
		return 0;
	pos = cfg->data[PCI_CAPABILITY_LIST] & ~3u;
	while (pos >= 0x40 && pos + 2 <= cfg->len && ttl--) {
		if (cfg->data[pos] == id)
			return pos;
		pos = cfg->data[pos + 1] & ~3u;
	}
	return 0;
}

unsigned int pci_find_ext_cap(const struct pci_cfg *cfg, uint16_t id)
{
	unsigned int pos = 0x100, ttl = (PCI_CFG_SIZE - 0x100) / 8;

	while (pos >= 0x100 && pos + 4 <= cfg->len && ttl--) {
		uint32_t hdr = pci_cfg_u32(cfg, pos);

		if (!hdr)
			return 0;
		if ((hdr & 0xffff) == id)
			return pos;
		pos = (hdr >> 20) & ~3u;
	}
	return 0;
}

enum pci_port_type pci_port_type(const struct pci_cfg *cfg)
{
	unsigned int pos = pci_find_cap(cfg, PCI_CAP_ID_EXP);

	if (!pos)
		return PCI_PORT_NONE;
	return (enum pci_port_type)((pci_cfg_u16(cfg, pos + PCI_EXP_FLAGS) >> 4) & 0xf);
}

const char *pci_port_type_name(enum pci_port_type t)
{
	switch (t) {
	case PCI_PORT_NONE: return "conventional PCI";
	case PCI_PORT_ENDPOINT: return "endpoint";
	case PCI_PORT_LEGACY_ENDPOINT: return "legacy endpoint";
	case PCI_PORT_ROOT_PORT: return "root port";
	case PCI_PORT_UPSTREAM: return "switch upstream port";
	case PCI_PORT_DOWNSTREAM: return "switch downstream port";
	case PCI_PORT_PCIE_BRIDGE: return "PCIe-to-PCI bridge";
	case PCI_PORT_PCI_BRIDGE: return "PCI-to-PCIe bridge";
	case PCI_PORT_RC_ENDPOINT: return "root complex endpoint";
	case PCI_PORT_RC_EVENT: return "root complex event collector";
	}
	return "unknown";
}

bool pci_acs_ctrl(const struct pci_cfg *cfg, uint16_t *ctrl)
{
	unsigned int pos = pci_find_ext_cap(cfg, PCI_EXT_CAP_ID_ACS);

	if (!pos || pos + PCI_ACS_CTRL + 2 > cfg->len)
		return false;
	*ctrl = pci_cfg_u16(cfg, pos + PCI_ACS_CTRL);
	return true;
}

const char *pci_acs_redir_names(uint32_t ctrl, char *buf, size_t len)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} bits[] = {
		{ PCI_ACS_RR, "RequestRedirect" },
		{ PCI_ACS_CR, "CompletionRedirect" },
		{ PCI_ACS_EC, "EgressControl" },
	};
	size_t i, n = 0;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < sizeof(bits) / sizeof(bits[0]) && n < len; i++)
		if (ctrl & bits[i].bit)
			n += (size_t)snprintf(buf + n, len - n, "%s%s",
					      n ? " " : "", bits[i].name);
	return buf;
}

/* The value of the first "KEY\t: value" line of @text, up to the newline. */
static const char *cpuinfo_value(const char *text, const char *key)
{
	size_t n = strlen(key);
	const char *line = text, *colon;

	while (line) {
		if (!strncmp(line, key, n) && (line[n] == '\t' || line[n] == ' ' || line[n] == ':')) {
			colon = strchr(line, ':');
			return colon ? colon + 1 + strspn(colon + 1, " \t") : NULL;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return NULL;
}

bool cpuinfo_amd_zen(const char *text, unsigned int *family)
{
	const char *vendor = cpuinfo_value(text, "vendor_id");
	const char *fam = cpuinfo_value(text, "cpu family");

	*family = fam ? (unsigned int)strtoul(fam, NULL, 10) : 0;
	return vendor && !strncmp(vendor, "AuthenticAMD", 12) && *family >= 0x17;
}

bool host_cpu_amd_zen(unsigned int *family)
{
	char text[4096];
	ssize_t n;
	int fd;

	*family = 0;
	fd = open("/proc/cpuinfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return false;
	text[n] = '\0';
	return cpuinfo_amd_zen(text, family);
}

int pci_cfg_read(const char *addr, struct pci_cfg *cfg)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", addr);
	memset(cfg, 0, sizeof(*cfg));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = pread(fd, cfg->data, sizeof(cfg->data), 0);
	close(fd);
	if (n < 0)
		return -errno;
	cfg->len = (size_t)n;
	return 0;
}
