/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading a PCI function's configuration space, as sysfs hands it out:
 * its port type, and the ACS controls that decide whether a bridge sends
 * peer-to-peer requests up to the root complex instead of across.
 */
#ifndef P2PDMA_PCI_H
#define P2PDMA_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCI_CFG_SIZE		4096
#define PCI_ACS_RR		0x0004	/* P2P Request Redirect */
#define PCI_ACS_CR		0x0008	/* P2P Completion Redirect */
#define PCI_ACS_EC		0x0020	/* P2P Egress Control */
/* Any of these sends P2P requests up to the root complex. */
#define PCI_ACS_REDIR		(PCI_ACS_RR | PCI_ACS_CR | PCI_ACS_EC)
/* Room for every name pci_acs_redir_names() can write. */
#define PCI_ACS_NAMES_LEN	64

enum pci_port_type {
	PCI_PORT_NONE = -1,		/* not PCI Express */
	PCI_PORT_ENDPOINT = 0,
	PCI_PORT_LEGACY_ENDPOINT = 1,
	PCI_PORT_ROOT_PORT = 4,
	PCI_PORT_UPSTREAM = 5,
	PCI_PORT_DOWNSTREAM = 6,
	PCI_PORT_PCIE_BRIDGE = 7,
	PCI_PORT_PCI_BRIDGE = 8,
	PCI_PORT_RC_ENDPOINT = 9,
	PCI_PORT_RC_EVENT = 10,
};

struct pci_cfg {
	uint8_t data[PCI_CFG_SIZE];
	size_t len;			/* how much could be read */
};

/* Offset of a capability, or 0 when absent. */
unsigned int pci_find_cap(const struct pci_cfg *cfg, uint8_t id);
unsigned int pci_find_ext_cap(const struct pci_cfg *cfg, uint16_t id);

enum pci_port_type pci_port_type(const struct pci_cfg *cfg);
const char *pci_port_type_name(enum pci_port_type t);

/*
 * ACS control register; false when the function has no ACS capability or
 * the extended space could not be read (not root).
 */
bool pci_acs_ctrl(const struct pci_cfg *cfg, uint16_t *ctrl);

/*
 * The PCI_ACS_REDIR bits set in @ctrl, as "RequestRedirect
 * CompletionRedirect", into @buf ("" when none is); returns @buf.  One
 * wording whether the register was read from sysfs or by the module.
 */
const char *pci_acs_redir_names(uint32_t ctrl, char *buf, size_t len);

uint16_t pci_cfg_u16(const struct pci_cfg *cfg, unsigned int off);
uint32_t pci_cfg_u32(const struct pci_cfg *cfg, unsigned int off);

/*
 * Whether /proc/cpuinfo's @text (its first CPU) is an AMD Zen, family 0x17
 * or later, with the family in @family: the kernel then lets P2P cross the
 * host bridge (cpu_supports_p2pdma()).  Its whitelist of host bridges is
 * its own to tell: PATH_GET answers for those.
 */
bool cpuinfo_amd_zen(const char *text, unsigned int *family);

/* The same for this machine; false when /proc/cpuinfo cannot be read. */
bool host_cpu_amd_zen(unsigned int *family);

/* Reads /sys/bus/pci/devices/ADDR/config; -errno on failure. */
int pci_cfg_read(const char *addr, struct pci_cfg *cfg);

#endif
