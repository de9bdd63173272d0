// SPDX-License-Identifier: GPL-2.0
/*
 * How the kernel maps DMA between a client and a provider's p2pmem.
 *
 * drivers/pci/p2pdma.c decides it in calc_map_type_and_dist() and keeps the
 * answer to itself; someone bringing up P2P needs it (does my copy cross
 * the root complex? which port's ACS sends it there?), so it is worked out
 * again here by the same walk.  Whether the path is allowed at all stays
 * the kernel's call, pci_p2pdma_distance_many(): this only says which way
 * an allowed path goes, and why a refused one was refused.
 *
 * The walk: go up from the provider; at each step look for that device on
 * the client's way up.  Where they meet, the path runs below a common
 * bridge, and is mapped by PCI bus address unless a device on either way
 * up, the common bridge included, has ACS redirect on (RR, CR or EC), which
 * sends the requests to the root complex.  Without a common bridge the
 * path crosses the host bridge.
 */
#include <linux/pci.h>

#include "harness.h"

static void p2pdma_note_acs(struct pci_dev *pdev, struct p2pdma_route *route)
{
	u16 ctrl;

	if (route->acs_port || !pdev->acs_cap)
		return;
	pci_read_config_word(pdev, pdev->acs_cap + PCI_ACS_CTRL, &ctrl);
	if (!(ctrl & (PCI_ACS_RR | PCI_ACS_CR | PCI_ACS_EC)))
		return;
	route->acs_port = pdev;
	route->acs_ctrl = ctrl;
}

/* The first bridge (or device) on both ways up, or NULL: the host bridge. */
static struct pci_dev *p2pdma_meeting_point(struct pci_dev *provider,
					    struct pci_dev *client)
{
	struct pci_dev *a, *b;

	/*
	 * No references taken: every device on a way up is held by its child,
	 * and the provider and the client are held by the caller.
	 */
	for (a = provider; a; a = pci_upstream_bridge(a))
		for (b = client; b; b = pci_upstream_bridge(b))
			if (a == b)
				return a;
	return NULL;
}

/* Adds what @client's path to @provider looks like to @route. */
void p2pdma_route_add(struct p2pdma_route *route, struct pci_dev *provider,
		      struct pci_dev *client)
{
	struct pci_dev *meet = p2pdma_meeting_point(provider, client);
	struct pci_dev *a;

	/* ACS redirects only below a common bridge; not this path. */
	if (!meet) {
		route->mapping = P2PDMA_MAPPING_HOST_BRIDGE;
		return;
	}
	for (a = provider; a != meet; a = pci_upstream_bridge(a))
		p2pdma_note_acs(a, route);
	p2pdma_note_acs(meet, route);
	for (a = client; a != meet; a = pci_upstream_bridge(a))
		p2pdma_note_acs(a, route);
	if (route->acs_port)
		route->mapping = P2PDMA_MAPPING_HOST_BRIDGE;
}

void p2pdma_route_init(struct p2pdma_route *route)
{
	route->mapping = P2PDMA_MAPPING_BUS_ADDR;
	route->acs_port = NULL;
	route->acs_ctrl = 0;
}

/* Why pci_p2pdma_distance_many() refused @provider, in 80 characters. */
void p2pdma_route_refusal(const struct p2pdma_route *route,
			  struct pci_dev *provider, struct netlink_ext_ack *extack)
{
	if (route->acs_port)
		NL_SET_ERR_MSG_FMT(extack,
				   "no P2P path from provider %.16s: ACS redirect on %.16s",
				   pci_name(provider), pci_name(route->acs_port));
	else
		NL_SET_ERR_MSG_FMT(extack,
				   "no P2P path from provider %.16s: the host bridge does not forward P2P",
				   pci_name(provider));
}
