// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/p2pdma_harness.h>

#include "check.h"
#include "path.h"

/* A PATH_GET reply as the module builds it, up to its route attributes. */
static struct nlmsghdr *reply(char *buf, bool ok)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));

	genl->cmd = P2PDMA_CMD_PATH_GET;
	genl->version = P2PDMA_GENL_VERSION;
	mnl_attr_put_strz(nlh, P2PDMA_A_PROVIDER, "0000:00:09.0");
	if (ok) {
		mnl_attr_put_u32(nlh, P2PDMA_A_DISTANCE, 8);
		mnl_attr_put(nlh, P2PDMA_A_PATH_OK, 0, NULL);
	}
	return nlh;
}

static void parses_a_mapped_path(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = reply(buf, true);
	struct path_answer ans;

	mnl_attr_put_u32(nlh, P2PDMA_A_MAPPING, P2PDMA_MAPPING_BUS_ADDR);
	path_parse(nlh, &ans);
	CHECK(ans.ok);
	CHECK_STR(ans.provider, "0000:00:09.0");
	CHECK_EQ_U64(ans.distance, 8);
	CHECK(ans.has_mapping);
	CHECK_EQ_U64(ans.mapping, P2PDMA_MAPPING_BUS_ADDR);
	CHECK_STR(ans.acs_bridge, "");
}

/* Refused, with the port to blame; no mapping for a path that has none. */
static void parses_an_acs_refusal(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = reply(buf, false);
	struct path_answer ans;

	mnl_attr_put_strz(nlh, P2PDMA_A_ACS_BRIDGE, "0000:00:09.0");
	mnl_attr_put_u32(nlh, P2PDMA_A_ACS_CTRL, 0x001d);
	path_parse(nlh, &ans);
	CHECK(!ans.ok);
	CHECK(!ans.has_mapping);
	CHECK_STR(ans.acs_bridge, "0000:00:09.0");
	CHECK_EQ_U64(ans.acs_ctrl, 0x001d);
}

/* JSON and --summary values are an interface: scripts compare them. */
static void names_mappings(void)
{
	CHECK_STR(p2p_mapping_name(P2PDMA_MAPPING_BUS_ADDR), "bus-address");
	CHECK_STR(p2p_mapping_name(P2PDMA_MAPPING_HOST_BRIDGE), "host-bridge");
	CHECK_STR(p2p_mapping_name(7), "unknown");
	CHECK_STR(p2p_mapping_clause(true, P2PDMA_MAPPING_BUS_ADDR),
		  ", by PCI bus address");
	CHECK_STR(p2p_mapping_clause(true, P2PDMA_MAPPING_HOST_BRIDGE),
		  ", through the host bridge");
	/* A module that does not say leaves the sentence as it was. */
	CHECK_STR(p2p_mapping_clause(false, P2PDMA_MAPPING_HOST_BRIDGE), "");
}

const struct test_case path_tests[] = {
	{ "parses_a_mapped_path", parses_a_mapped_path },
	{ "parses_an_acs_refusal", parses_an_acs_refusal },
	{ "names_mappings", names_mappings },
};
const int path_ntests = sizeof(path_tests) / sizeof(path_tests[0]);
