// SPDX-License-Identifier: GPL-2.0
/*
 * p2pdma doctor [SRC DST]
 *
 * Says, in words, why P2PDMA would not work here and what to do about it:
 * a kernel without CONFIG_PCI_P2PDMA, the module not loaded, no published
 * provider, a queue without P2PDMA, an IOMMU translating DMA, ACS redirect
 * on a bridge in the path, devices under different root ports; how the
 * kernel maps each provider's memory for the pair, or why it refuses it;
 * and draws the PCI path between the devices with the providers marked.
 * Works from sysfs alone when the module is not loaded.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/p2pdma_harness.h>

#include "document.h"
#include "nl.h"
#include "p2pdma.h"
#include "path.h"
#include "pci.h"
#include "sysfs.h"
#include "units.h"

#define MAX_PROVIDERS	16

const char doctor_usage[] =
	"usage: p2pdma doctor [SRC DST]\n"
	"  checks the kernel, the module and the providers and, given two block\n"
	"  devices, the path between them: queues, IOMMU, ACS, root ports; draws\n"
	"  the PCI tree; exits 1 when P2PDMA cannot work\n";
#define MAX_NODES	64
#define MAX_DEPTH	16

struct doctor {
	struct json j;			/* under -j: the checks, in order */
	int failures, warnings;
	bool module;
	/* The kernel lets P2P cross the root complex: an AMD Zen CPU. */
	bool zen;
	unsigned int cpu_family;
	struct p2p_nl nl;
	struct p2pmem_info providers[MAX_PROVIDERS];
	int nr_providers;
};

static void verdict(struct doctor *d, const char *tag, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void verdict(struct doctor *d, const char *tag, const char *fmt, ...)
{
	va_list ap;

	char msg[1024];

	if (!strcmp(tag, "FAIL"))
		d->failures++;
	else if (!strcmp(tag, "warn"))
		d->warnings++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (cli.json) {
		json_obj_open(&d->j, NULL);
		json_str(&d->j, "level", !strcmp(tag, "FAIL") ? "fail" : tag);
		json_str(&d->j, "message", msg);
		json_obj_close(&d->j);
	} else {
		printf("[%-4s] %s\n", tag, msg);
	}
}

static bool kernel_has_p2pdma(void)
{
	char line[256];
	bool found = false;
	FILE *f = fopen("/proc/kallsyms", "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, " pci_alloc_p2pmem\n") != NULL;
	fclose(f);
	return found;
}

static void check_kernel(struct doctor *d)
{
	if (kernel_has_p2pdma())
		verdict(d, "ok", "the kernel has PCI P2PDMA support");
	else
		verdict(d, "FAIL", "this kernel was built without CONFIG_PCI_P2PDMA: `make host-kernel` in p2pdma-harness builds this kernel's config with it as Debian packages; install them and boot it");
	d->zen = host_cpu_amd_zen(&d->cpu_family);
	if (d->zen)
		verdict(d, "ok", "the CPU is an AMD Zen (family 0x%x): the kernel lets P2P cross its host bridge",
			d->cpu_family);
}

static void check_module(struct doctor *d)
{
	d->module = p2p_nl_open(&d->nl) == 0;
	if (d->module)
		verdict(d, "ok", "the p2pdma_harness module is loaded");
	else
		verdict(d, "warn", "the p2pdma_harness module is not loaded (insmod p2pdma_harness.ko, or modprobe p2pdma_harness); judging from sysfs alone");
}

static void check_providers(struct doctor *d)
{
	int i, published = 0;
	char size[32], avail[32];

	d->nr_providers = p2pmem_scan(d->providers, MAX_PROVIDERS);
	if (d->nr_providers < 0)
		d->nr_providers = 0;
	if (d->nr_providers > MAX_PROVIDERS)
		d->nr_providers = MAX_PROVIDERS;
	for (i = 0; i < d->nr_providers; i++) {
		const struct p2pmem_info *p = &d->providers[i];

		if (p->published) {
			published++;
			verdict(d, "ok", "%s has %s of p2pmem, %s free, published", p->addr,
				fmt_bytes(size, sizeof(size), (double)p->size),
				fmt_bytes(avail, sizeof(avail), (double)p->available));
		} else {
			verdict(d, "warn", "%s has p2pmem but does not publish it: 'auto' will not pick it; name it as PROVIDER",
				p->addr);
		}
	}
	if (!d->nr_providers)
		verdict(d, "FAIL", "no device has registered p2pmem: an NVMe CMB registers only when it supports both read and write data (CMBSZ.RDS and WDS); boot with nvme.use_cmb_sqes=0 to leave the whole CMB to p2pmem");
	else if (!published)
		verdict(d, "warn", "no provider is published");
}

/* The IOMMU group's type: "identity" passes DMA through untranslated. */
static void check_iommu(struct doctor *d, const char *addr)
{
	char path[PATH_MAX], type[32];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group/type", addr);
	if (sysfs_read(path, type, sizeof(type)))
		return;
	if (strcmp(type, "identity"))
		verdict(d, "warn", "%s is behind an IOMMU in %s mode: P2P transactions that reach the root complex are translated, and many root complexes drop them; keep peers behind one switch, or boot with iommu=pt",
			addr, type);
}

/* PCI addresses from the top of the hierarchy down to @addr; returns depth. */
static int pci_chain(const char *addr, char chain[][PCI_ADDR_LEN], char *root,
		     size_t rootlen)
{
	char path[PATH_MAX], real[PATH_MAX], *tok, *save = NULL;
	int n = 0;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", addr);
	if (!realpath(path, real))
		return -errno;
	root[0] = '\0';
	for (tok = strtok_r(real, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (!strncmp(tok, "pci", 3) && strchr(tok, ':'))
			snprintf(root, rootlen, "%s", tok);
		else if (strchr(tok, ':') && strchr(tok, '.') && n < MAX_DEPTH)
			snprintf(chain[n++], PCI_ADDR_LEN, "%s", tok);
	}
	return n;
}

struct dev_path {
	const char *what;		/* "SRC" */
	struct blkdev_info info;
	char root[32];
	char chain[MAX_DEPTH][PCI_ADDR_LEN];
	int depth;
};

static bool describe_device(struct doctor *d, struct dev_path *p, const char *dev)
{
	char path[PATH_MAX], transport[32] = "";

	if (blkdev_info_of(dev, &p->info)) {
		verdict(d, "FAIL", "%s %s is not a block device", p->what, dev);
		return false;
	}
	if (!p->info.pci[0]) {
		verdict(d, "FAIL", "%s %s is not on PCI: nothing can reach it peer-to-peer", p->what, dev);
		return false;
	}
	snprintf(path, sizeof(path), "/sys/class/block/%s/device/transport",
		 p->info.disk);
	sysfs_read(path, transport, sizeof(transport));
	if (strncmp(p->info.name, "nvme", 4) || strcmp(transport, "pcie")) {
		verdict(d, "FAIL", "%s %s (PCI %s) is not an NVMe namespace on a PCIe controller: its queue does not support P2PDMA",
			p->what, dev, p->info.pci);
		return false;
	}
	verdict(d, "ok", "%s %s is an NVMe namespace of PCI function %s", p->what, dev, p->info.pci);
	p->depth = pci_chain(p->info.pci, p->chain, p->root, sizeof(p->root));
	check_iommu(d, p->info.pci);
	return p->depth > 0;
}

/* How many levels two chains share. */
static int common_depth(const struct dev_path *a, const struct dev_path *b)
{
	int i;

	if (strcmp(a->root, b->root))
		return -1;
	for (i = 0; i < a->depth && i < b->depth; i++)
		if (strcmp(a->chain[i], b->chain[i]))
			break;
	return i;
}

/* ACS redirect on a bridge between the device and the common ancestor. */
/*
 * A port with ACS redirect below the bridge where two paths meet sends
 * their P2P requests up to the root complex.  Where the root complex
 * forwards them (AMD Zen), the path still works, through the host bridge
 * instead of by bus address; elsewhere it fails.  Paths that meet only at
 * the host bridge cross it anyway: the kernel does not look at ACS there.
 */
static void check_acs(struct doctor *d, const struct dev_path *p, int common)
{
	char names[PCI_ACS_NAMES_LEN];
	struct pci_cfg cfg;
	uint16_t ctrl;
	int i;

	for (i = common - 1; i < p->depth - 1; i++) {
		if (pci_cfg_read(p->chain[i], &cfg))
			continue;
		if (cfg.len < PCI_CFG_SIZE) {
			verdict(d, "info", "cannot read the extended config space of %s (run as root) to check ACS",
				p->chain[i]);
			continue;
		}
		if (!pci_acs_ctrl(&cfg, &ctrl) || !(ctrl & PCI_ACS_REDIR))
			continue;
		pci_acs_redir_names(ctrl, names, sizeof(names));
		if (d->zen)
			verdict(d, "info", "bridge %s (%s) has ACS %s set: P2P requests go up to the root complex, which forwards them on this AMD Zen host, so the path runs through the host bridge; pci=disable_acs_redir=%s would keep it below the bridge",
				p->chain[i], pci_port_type_name(pci_port_type(&cfg)),
				names, p->chain[i]);
		else
			verdict(d, "FAIL", "bridge %s (%s) has ACS %s set: P2P requests are sent up to the root complex; boot with pci=disable_acs_redir=%s",
				p->chain[i], pci_port_type_name(pci_port_type(&cfg)),
				names, p->chain[i]);
	}
}

static void check_topology(struct doctor *d, const struct dev_path *s,
			   const struct dev_path *t)
{
	char path[PATH_MAX], vendor[16] = "?", device[16] = "?";
	int common = common_depth(s, t);

	if (common > 0) {
		verdict(d, "ok", "%s and %s meet below %s, without crossing the host bridge",
			s->info.path, t->info.path, s->chain[common - 1]);
		check_acs(d, s, common);
		check_acs(d, t, common);
		return;
	}
	if (d->zen) {
		verdict(d, "ok", "%s and %s are under different root ports: P2P crosses the host bridge, which the kernel trusts on this AMD Zen CPU (family 0x%x)",
			s->info.path, t->info.path, d->cpu_family);
	} else {
		/* The host bridge is function 00.0 of the root bus ("pci0000:00"). */
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s:00.0/vendor", s->root + 3);
		sysfs_read(path, vendor, sizeof(vendor));
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s:00.0/device", s->root + 3);
		sysfs_read(path, device, sizeof(device));
		verdict(d, "warn", "%s and %s are under different root ports: P2P must cross the host bridge (%s:%s), which the kernel allows only when the CPU is an AMD Zen (family 0x17 or later) or that bridge is on its whitelist; elsewhere put both behind one PCIe switch",
			s->info.path, t->info.path, vendor, device);
	}
}

/*
 * What the kernel says of one provider for the pair.  A refusal says only
 * that the path does not support P2P: the port whose ACS is in the way, if
 * the kernel names one, tells which of its two reasons it was.
 */
static void say_path(struct doctor *d, const struct p2pmem_info *p,
		     const struct path_answer *ans)
{
	char acs[PCI_ACS_NAMES_LEN];

	pci_acs_redir_names(ans->acs_ctrl, acs, sizeof(acs));
	if (ans->ok) {
		verdict(d, "ok", "the kernel accepts provider %s for this pair (distance %u%s)%s",
			p->addr, ans->distance,
			p2p_mapping_clause(ans->has_mapping, ans->mapping),
			p->published ? "" : ", if named explicitly");
		if (ans->acs_bridge[0])
			verdict(d, "info", "port %s has ACS %s set, which sends P2P requests to the root complex: that is why this pair goes through the host bridge; boot with pci=disable_acs_redir=%s to clear it",
				ans->acs_bridge, acs, ans->acs_bridge);
	} else if (ans->acs_bridge[0]) {
		verdict(d, "info", "the kernel refuses provider %s for this pair: port %s has ACS %s set, which sends P2P requests to the root complex; boot with pci=disable_acs_redir=%s",
			p->addr, ans->acs_bridge, acs, ans->acs_bridge);
	} else {
		verdict(d, "info", "the kernel refuses provider %s for this pair: the path from it to both devices does not support P2P; they meet only at the host bridge, which the kernel does not trust for P2P on this machine (not an AMD Zen CPU, not a whitelisted host bridge)",
			p->addr);
	}
}

/* The kernel's own answer: pci_p2pdma_distance_many() for each provider. */
static void ask_kernel(struct doctor *d, const struct dev_path *s,
		       const struct dev_path *t, char marks[][PCI_ADDR_LEN], int *nmarks)
{
	int i, usable = 0;

	for (i = 0; i < d->nr_providers; i++) {
		struct path_answer ans;

		if (path_query(&d->nl, d->providers[i].addr, s->info.pci,
			       t->info.pci, &ans))
			continue;
		say_path(d, &d->providers[i], &ans);
		if (ans.ok) {
			usable++;
			snprintf(marks[(*nmarks)++], PCI_ADDR_LEN, "%s", d->providers[i].addr);
		}
	}
	if (!usable)
		verdict(d, "FAIL", "no p2pmem provider can serve %s and %s", s->info.path, t->info.path);
}

struct tree {
	char addr[MAX_NODES][PCI_ADDR_LEN];
	int parent[MAX_NODES];
	char label[MAX_NODES][96];
	int n;
};

static int tree_add(struct tree *tr, const char *addr, int parent)
{
	int i;

	for (i = 0; i < tr->n; i++)
		if (!strcmp(tr->addr[i], addr) && tr->parent[i] == parent)
			return i;
	if (tr->n == MAX_NODES)
		return parent;
	snprintf(tr->addr[tr->n], PCI_ADDR_LEN, "%s", addr);
	tr->parent[tr->n] = parent;
	tr->label[tr->n][0] = '\0';
	return tr->n++;
}

static void tree_add_chain(struct tree *tr, const char *root, char chain[][PCI_ADDR_LEN],
			   int depth, const char *label)
{
	int i, node = tree_add(tr, root, -1);
	size_t len;

	for (i = 0; i < depth; i++)
		node = tree_add(tr, chain[i], node);
	len = strlen(tr->label[node]);
	snprintf(tr->label[node] + len, sizeof(tr->label[node]) - len, "%s%s",
		 len ? ", " : "", label);
}

static void tree_print(const struct tree *tr, int node, const char *prefix, bool last)
{
	char sub[128], kind[64] = "";
	struct pci_cfg cfg;
	int i, lastchild = -1;

	if (tr->parent[node] >= 0 && !pci_cfg_read(tr->addr[node], &cfg))
		snprintf(kind, sizeof(kind), "  %s", pci_port_type_name(pci_port_type(&cfg)));
	printf("  %s%s%s%s%s%s%s\n", prefix, tr->parent[node] < 0 ? "" : (last ? "`- " : "|- "),
	       tr->addr[node], tr->parent[node] < 0 ? "  host bridge" : kind,
	       tr->label[node][0] ? "  [" : "", tr->label[node], tr->label[node][0] ? "]" : "");
	for (i = 0; i < tr->n; i++)
		if (tr->parent[i] == node)
			lastchild = i;
	snprintf(sub, sizeof(sub), "%s%s", prefix,
		 tr->parent[node] < 0 ? "" : (last ? "   " : "|  "));
	for (i = 0; i < tr->n; i++)
		if (tr->parent[i] == node)
			tree_print(tr, i, sub, i == lastchild);
}

static void draw_path(const struct dev_path *s, const struct dev_path *t,
		      const struct doctor *d, char marks[][PCI_ADDR_LEN], int nmarks)
{
	struct tree tr = { .n = 0 };
	char chain[MAX_DEPTH][PCI_ADDR_LEN], root[32], label[64];
	int i, k, depth;

	/* A drawing for people: JSON readers have the checks. */
	if (cli.json)
		return;
	tree_add_chain(&tr, s->root, (char (*)[PCI_ADDR_LEN])s->chain, s->depth, "SRC");
	tree_add_chain(&tr, t->root, (char (*)[PCI_ADDR_LEN])t->chain, t->depth, "DST");
	for (i = 0; i < d->nr_providers; i++) {
		bool usable = false;

		for (k = 0; k < nmarks; k++)
			usable |= !strcmp(marks[k], d->providers[i].addr);
		depth = pci_chain(d->providers[i].addr, chain, root, sizeof(root));
		if (depth <= 0)
			continue;
		snprintf(label, sizeof(label), "provider%s", usable ? ", usable" : "");
		tree_add_chain(&tr, root, chain, depth, label);
	}
	printf("\nPCI path:\n");
	for (i = 0; i < tr.n; i++)
		if (tr.parent[i] < 0)
			tree_print(&tr, i, "", true);
}

static void check_pair(struct doctor *d, const char *src, const char *dst)
{
	struct dev_path s = { .what = "SRC" }, t = { .what = "DST" };
	char marks[MAX_PROVIDERS][PCI_ADDR_LEN];
	int nmarks = 0;
	bool ok_s = describe_device(d, &s, src);
	bool ok_t = describe_device(d, &t, dst);

	if (!ok_s || !ok_t)
		return;
	check_topology(d, &s, &t);
	if (d->module)
		ask_kernel(d, &s, &t, marks, &nmarks);
	draw_path(&s, &t, d, marks, nmarks);
}

int cmd_doctor(int argc, char **argv)
{
	struct doctor d = { 0 };

	if (argc != 1 && argc != 3)
		return usage_error("doctor", "give no devices, or SRC and DST");
	if (cli.json) {
		doc_open(&d.j);
		json_arr_open(&d.j, "checks");
	}
	check_kernel(&d);
	check_module(&d);
	check_providers(&d);
	if (argc == 3)
		check_pair(&d, argv[1], argv[2]);
	p2p_nl_close(&d.nl);
	if (cli.json) {
		json_arr_close(&d.j);
		json_bool(&d.j, "works", !d.failures);
		json_u64(&d.j, "problems", (uint64_t)d.failures);
		json_u64(&d.j, "warnings", (uint64_t)d.warnings);
		doc_close(&d.j);
	} else {
		printf("\nverdict: %s (%d problem%s, %d warning%s)\n",
		       d.failures ? "P2PDMA will not work here" : "no problem found",
		       d.failures, d.failures == 1 ? "" : "s", d.warnings,
		       d.warnings == 1 ? "" : "s");
	}
	return d.failures ? EXIT_WORK_FAILED : 0;
}
