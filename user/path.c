// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/p2pdma_harness.h>

#include "path.h"

void path_parse(const struct nlmsghdr *nlh, struct path_answer *ans)
{
	const struct nlattr *a;

	memset(ans, 0, sizeof(*ans));
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case P2PDMA_A_PROVIDER:
			snprintf(ans->provider, sizeof(ans->provider), "%s",
				 mnl_attr_get_str(a));
			break;
		case P2PDMA_A_DISTANCE:
			ans->distance = mnl_attr_get_u32(a);
			break;
		case P2PDMA_A_PATH_OK:
			ans->ok = true;
			break;
		case P2PDMA_A_MAPPING:
			ans->mapping = mnl_attr_get_u32(a);
			ans->has_mapping = true;
			break;
		case P2PDMA_A_ACS_BRIDGE:
			snprintf(ans->acs_bridge, sizeof(ans->acs_bridge), "%s",
				 mnl_attr_get_str(a));
			break;
		case P2PDMA_A_ACS_CTRL:
			ans->acs_ctrl = mnl_attr_get_u32(a);
			break;
		}
	}
}

static int path_cb(const struct nlmsghdr *nlh, void *data)
{
	path_parse(nlh, data);
	return MNL_CB_OK;
}

int path_query(struct p2p_nl *nl, const char *provider, const char *a,
	       const char *b, struct path_answer *ans)
{
	struct nlmsghdr *nlh = p2p_nl_msg(nl, P2PDMA_CMD_PATH_GET, 0);

	memset(ans, 0, sizeof(*ans));
	if (provider)
		p2p_nl_put_str(nl, nlh, P2PDMA_A_PROVIDER, provider);
	p2p_nl_put_str(nl, nlh, P2PDMA_A_CLIENT, a);
	p2p_nl_put_str(nl, nlh, P2PDMA_A_CLIENT, b);
	return p2p_nl_talk(nl, nlh, path_cb, ans);
}

const char *p2p_mapping_name(uint32_t mapping)
{
	switch (mapping) {
	case P2PDMA_MAPPING_BUS_ADDR: return "bus-address";
	case P2PDMA_MAPPING_HOST_BRIDGE: return "host-bridge";
	}
	return "unknown";
}

const char *p2p_mapping_clause(bool known, uint32_t mapping)
{
	if (!known)
		return "";
	switch (mapping) {
	case P2PDMA_MAPPING_BUS_ADDR: return ", by PCI bus address";
	case P2PDMA_MAPPING_HOST_BRIDGE: return ", through the host bridge";
	}
	return ", by a mapping this runner does not know";
}
