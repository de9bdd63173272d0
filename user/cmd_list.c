// SPDX-License-Identifier: GPL-2.0
/*
 * p2pdma list: the p2pmem providers, the block devices with the PCI
 * function behind each, and, for every pair of NVMe devices, the provider
 * the kernel would pick, its distance and how it maps the path.  Needs no
 * privilege.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/p2pdma_harness.h>

#include "document.h"
#include "json.h"
#include "nl.h"
#include "p2pdma.h"
#include "path.h"
#include "sysfs.h"
#include "units.h"

#define LIST_MAX 64

const char list_usage[] =
	"usage: p2pdma list [-j|--json]\n"
	"  p2pmem providers, block devices with their PCI function, and for each\n"
	"  pair of NVMe devices the provider the kernel would pick\n";

static bool is_nvme(const struct blkdev_info *b)
{
	return !strncmp(b->name, "nvme", 4) && b->pci[0];
}

static void list_providers(struct json *j, const struct p2pmem_info *p, int n)
{
	char a[32], b[32];
	int i;

	if (cli.json) {
		json_arr_open(j, "providers");
		for (i = 0; i < n; i++) {
			json_obj_open(j, NULL);
			json_str(j, "pci", p[i].addr);
			json_u64(j, "size", p[i].size);
			json_u64(j, "available", p[i].available);
			json_bool(j, "published", p[i].published);
			json_obj_close(j);
		}
		json_arr_close(j);
		return;
	}
	printf("p2pmem providers:\n");
	if (!n)
		printf("  none (no device has registered p2pmem; see 'p2pdma doctor')\n");
	for (i = 0; i < n; i++)
		printf("  %s  size %s  available %s  %s\n", p[i].addr,
		       fmt_bytes(a, sizeof(a), (double)p[i].size),
		       fmt_bytes(b, sizeof(b), (double)p[i].available),
		       p[i].published ? "published" : "not published");
}

static void list_devices(struct json *j, const struct blkdev_info *d, int n)
{
	char a[32];
	int i;

	if (cli.json) {
		json_arr_open(j, "devices");
		for (i = 0; i < n; i++) {
			json_obj_open(j, NULL);
			json_str(j, "path", d[i].path);
			json_str(j, "serial", d[i].serial);
			json_str(j, "pci", d[i].pci);
			json_u64(j, "size", d[i].size);
			json_u64(j, "logical_block_size", d[i].lbs);
			json_bool(j, "nvme", is_nvme(&d[i]));
			json_obj_close(j);
		}
		json_arr_close(j);
		return;
	}
	printf("block devices:\n");
	for (i = 0; i < n; i++)
		printf("  %-12s %-12s serial %-10s %s%s\n", d[i].path,
		       d[i].pci[0] ? d[i].pci : "(not PCI)", d[i].serial,
		       fmt_bytes(a, sizeof(a), (double)d[i].size),
		       is_nvme(&d[i]) ? "" : "  (not an NVMe namespace: no P2PDMA)");
}

static void pair_print(struct json *j, const struct blkdev_info *a,
		       const struct blkdev_info *b, const struct path_answer *ans)
{
	if (cli.json) {
		json_obj_open(j, NULL);
		json_str(j, "a", a->path);
		json_str(j, "b", b->path);
		json_bool(j, "supported", ans->ok);
		if (ans->ok)
			json_str(j, "provider", ans->provider);
		else
			json_null(j, "provider");
		if (ans->ok)
			json_u64(j, "distance", ans->distance);
		if (ans->has_mapping)
			json_str(j, "mapping", p2p_mapping_name(ans->mapping));
		json_obj_close(j);
	} else if (ans->ok) {
		printf("  %s <-> %s  p2p through %s, distance %u%s\n", a->path,
		       b->path, ans->provider, ans->distance,
		       p2p_mapping_clause(ans->has_mapping, ans->mapping));
	} else {
		printf("  %s <-> %s  no provider both can reach\n", a->path, b->path);
	}
}

static int list_pairs(struct json *j, struct p2p_nl *nl,
		      const struct blkdev_info *d, int n)
{
	struct path_answer ans;
	int i, k, ret;

	if (cli.json)
		json_arr_open(j, "pairs");
	else
		printf("pairs:\n");
	for (i = 0; i < n; i++) {
		for (k = i + 1; k < n; k++) {
			if (!is_nvme(&d[i]) || !is_nvme(&d[k]))
				continue;
			ret = path_query(nl, NULL, d[i].pci, d[k].pci, &ans);
			if (ret) {
				p2p_nl_perror(nl, "path query", ret);
				goto out;
			}
			pair_print(j, &d[i], &d[k], &ans);
		}
	}
	ret = 0;
out:
	if (cli.json)
		json_arr_close(j);
	return ret;
}

int cmd_list(int argc, char **argv)
{
	struct p2pmem_info providers[LIST_MAX];
	struct blkdev_info devices[LIST_MAX];
	struct p2p_nl nl;
	struct json j;
	int np, nd, ret = 0;

	ret = json_only_args(argc, argv, "list");
	if (ret)
		return ret;
	np = p2pmem_scan(providers, LIST_MAX);
	nd = blkdev_scan(devices, LIST_MAX);
	np = np < 0 ? 0 : (np > LIST_MAX ? LIST_MAX : np);
	nd = nd < 0 ? 0 : (nd > LIST_MAX ? LIST_MAX : nd);

	if (cli.json)
		doc_open(&j);
	list_providers(&j, providers, np);
	list_devices(&j, devices, nd);
	if (p2p_nl_open(&nl) == 0) {
		ret = list_pairs(&j, &nl, devices, nd);
	} else {
		/* Pairs need the module's verdict: say why there are none. */
		const char *why = nl.errmsg[0] ? nl.errmsg : "the module is not loaded";

		if (cli.json) {
			json_null(&j, "pairs");
			json_str(&j, "pairs_unknown", why);
		} else {
			printf("pairs: unknown (%s)\n", why);
		}
	}
	p2p_nl_close(&nl);
	if (cli.json)
		doc_close(&j);
	return ret ? EXIT_WORK_FAILED : 0;
}
