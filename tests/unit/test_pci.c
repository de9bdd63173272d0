// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "check.h"
#include "pci.h"

static void put16(struct pci_cfg *c, unsigned int off, uint16_t v)
{
	c->data[off] = (uint8_t)v;
	c->data[off + 1] = (uint8_t)(v >> 8);
}

static void put32(struct pci_cfg *c, unsigned int off, uint32_t v)
{
	put16(c, off, (uint16_t)v);
	put16(c, off + 2, (uint16_t)(v >> 16));
}

/* A downstream port: PM cap at 0x40 -> PCIe cap at 0x60; AER at 0x100 ->
 * ACS at 0x148 with @acs in its control register.
 */
static void make_port(struct pci_cfg *c, uint16_t acs)
{
	memset(c, 0, sizeof(*c));
	c->len = PCI_CFG_SIZE;
	put16(c, 0x06, 0x0010);			/* status: capability list */
	c->data[0x34] = 0x40;
	c->data[0x40] = 0x01;			/* PM */
	c->data[0x41] = 0x60;
	c->data[0x60] = 0x10;			/* PCIe */
	c->data[0x61] = 0x00;
	put16(c, 0x62, 6 << 4 | 2);		/* downstream port, v2 */
	put32(c, 0x100, 0x148u << 20 | 1 << 16 | 0x0001);	/* AER */
	put32(c, 0x148, 0x000u << 20 | 1 << 16 | 0x000d);	/* ACS, last */
	put16(c, 0x148 + 4, 0x001f);		/* ACS capabilities */
	put16(c, 0x148 + 6, acs);
}

static void finds_capabilities(void)
{
	struct pci_cfg c;

	make_port(&c, 0);
	CHECK_EQ_U64(pci_find_cap(&c, 0x10), 0x60);
	CHECK_EQ_U64(pci_find_cap(&c, 0x05), 0);
	CHECK_EQ_U64(pci_find_ext_cap(&c, 0x000d), 0x148);
	CHECK(pci_port_type(&c) == PCI_PORT_DOWNSTREAM);
}

static void reads_acs_control(void)
{
	struct pci_cfg c;
	uint16_t ctrl = 0;

	make_port(&c, PCI_ACS_RR | PCI_ACS_CR);
	CHECK(pci_acs_ctrl(&c, &ctrl));
	CHECK_EQ_U64(ctrl, PCI_ACS_RR | PCI_ACS_CR);
}

/* Without root, sysfs gives only the first 64 bytes: nothing is claimed. */
static void short_config_space(void)
{
	struct pci_cfg c;
	uint16_t ctrl;

	make_port(&c, PCI_ACS_RR);
	c.len = 64;
	CHECK(!pci_acs_ctrl(&c, &ctrl));
	CHECK(pci_port_type(&c) == PCI_PORT_NONE);
}

static void looped_lists_end(void)
{
	struct pci_cfg c;

	make_port(&c, 0);
	c.data[0x61] = 0x40;			/* PCIe cap points back to PM */
	CHECK_EQ_U64(pci_find_cap(&c, 0x05), 0);
	put32(&c, 0x148, 0x100u << 20 | 1 << 16 | 0x000d);	/* ACS -> AER */
	CHECK_EQ_U64(pci_find_ext_cap(&c, 0x0002), 0);
}

/* doctor reads the bits from sysfs, the module sends them: one wording. */
static void names_acs_redirect_bits(void)
{
	char buf[PCI_ACS_NAMES_LEN];

	CHECK_STR(pci_acs_redir_names(PCI_ACS_RR, buf, sizeof(buf)),
		  "RequestRedirect");
	CHECK_STR(pci_acs_redir_names(PCI_ACS_RR | PCI_ACS_CR, buf, sizeof(buf)),
		  "RequestRedirect CompletionRedirect");
	CHECK_STR(pci_acs_redir_names(0xffff, buf, sizeof(buf)),
		  "RequestRedirect CompletionRedirect EgressControl");
	/* Source Validation, Translation Blocking, Upstream Forwarding. */
	CHECK_STR(pci_acs_redir_names(0x0013, buf, sizeof(buf)), "");
	/* A short buffer is cut, never overrun. */
	CHECK_STR(pci_acs_redir_names(PCI_ACS_REDIR, buf, 20), "RequestRedirect Com");
}

static void knows_amd_zen(void)
{
	unsigned int family;

	CHECK(cpuinfo_amd_zen("processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 23\nmodel\t\t: 1\n", &family));
	CHECK(family == 0x17);
	CHECK(cpuinfo_amd_zen("vendor_id\t: AuthenticAMD\ncpu family\t: 26\n", &family));
	/* Before Zen (family 0x15, Bulldozer), and Intel of any family. */
	CHECK(!cpuinfo_amd_zen("vendor_id\t: AuthenticAMD\ncpu family\t: 21\n", &family));
	CHECK(!cpuinfo_amd_zen("vendor_id\t: GenuineIntel\ncpu family\t: 25\n", &family));
	/* "cpu family" is not "cpu familyx", and the first CPU counts. */
	CHECK(!cpuinfo_amd_zen("vendor_id\t: AuthenticAMD\ncpu familyx\t: 25\n", &family));
	CHECK(family == 0);
	CHECK(!cpuinfo_amd_zen("vendor_id\t: GenuineIntel\ncpu family\t: 6\n\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\n", &family));
	CHECK(!cpuinfo_amd_zen("", &family));
}

const struct test_case pci_tests[] = {
	{ "finds_capabilities", finds_capabilities },
	{ "reads_acs_control", reads_acs_control },
	{ "short_config_space", short_config_space },
	{ "looped_lists_end", looped_lists_end },
	{ "names_acs_redirect_bits", names_acs_redirect_bits },
	{ "knows_amd_zen", knows_amd_zen },
};
const int pci_ntests = sizeof(pci_tests) / sizeof(pci_tests[0]);
