// SPDX-License-Identifier: GPL-2.0
/*
 * Where a job's buffers come from: a PCI p2pmem provider that both block
 * devices can reach, or host memory.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/pci-p2pdma.h>
#include <linux/slab.h>

#include "harness.h"

/*
 * Host-memory buffers are the kernel's own memory: a typo in a privileged
 * request must not reach the OOM killer.  One job may hold this much, all
 * jobs together this much or half of RAM, whichever is less.
 */
static unsigned int host_mem_per_job_mb = 256;
module_param(host_mem_per_job_mb, uint, 0644);
MODULE_PARM_DESC(host_mem_per_job_mb, "host-memory buffers one job may hold (MiB)");

static unsigned int host_mem_total_mb = 1024;
module_param(host_mem_total_mb, uint, 0644);
MODULE_PARM_DESC(host_mem_total_mb, "host-memory buffers all jobs may hold (MiB)");

static atomic64_t p2pdma_host_bytes = ATOMIC64_INIT(0);

/* The PCI function behind a block device, as nvmet finds it: walk up. */
struct pci_dev *p2pdma_bdev_pci_dev(struct block_device *bdev)
{
	struct device *dev = disk_to_dev(bdev->bd_disk);

	while (dev && !dev_is_pci(dev))
		dev = dev->parent;
	return dev ? to_pci_dev(dev) : NULL;
}

/* Looks up "dddd:bb:dd.f" or "bb:dd.f"; returns a referenced device. */
struct pci_dev *p2pdma_pci_dev_by_name(const char *name)
{
	unsigned int domain = 0, bus, slot, fn;
	char end;

	if (sscanf(name, "%x:%x:%x.%x%c", &domain, &bus, &slot, &fn, &end) != 4) {
		domain = 0;
		if (sscanf(name, "%x:%x.%x%c", &bus, &slot, &fn, &end) != 3)
			return NULL;
	}
	if (bus > 0xff || slot > 0x1f || fn > 7)
		return NULL;
	return pci_get_domain_bus_and_slot(domain, bus, PCI_DEVFN(slot, fn));
}

static struct pci_dev *p2pdma_pool_find(struct device **clients,
					const char *name,
					struct netlink_ext_ack *extack)
{
	struct pci_dev *pdev;

	if (!name) {
		pdev = pci_p2pmem_find_many(clients, 2);
		if (!pdev)
			NL_SET_ERR_MSG(extack,
				       "no published p2pmem provider is reachable from both devices");
		return pdev;
	}
	pdev = p2pdma_pci_dev_by_name(name);
	if (!pdev) {
		NL_SET_ERR_MSG_FMT(extack, "provider %s: no such PCI device", name);
		return NULL;
	}
	if (!pci_has_p2pmem(pdev)) {
		NL_SET_ERR_MSG_FMT(extack, "provider %s has no p2pmem registered", name);
		pci_dev_put(pdev);
		return NULL;
	}
	return pdev;
}

/*
 * The kernel decides whether @clients may use the provider; mapping.c says
 * which way they reach it, or why they cannot.
 */
static int p2pdma_pool_pick(struct p2pdma_pool *pool, struct device **clients,
			    struct pci_dev **client_pdevs, const char *name,
			    struct netlink_ext_ack *extack)
{
	struct p2pdma_route route;
	struct pci_dev *pdev;
	int dist, i;

	pdev = p2pdma_pool_find(clients, name, extack);
	if (!pdev)
		return -ENODEV;
	p2pdma_route_init(&route);
	for (i = 0; i < 2; i++)
		p2pdma_route_add(&route, pdev, client_pdevs[i]);
	dist = pci_p2pdma_distance_many(pdev, clients, 2, true);
	if (dist < 0) {
		p2pdma_route_refusal(&route, pdev, extack);
		pci_dev_put(pdev);
		return -EXDEV;
	}
	pool->provider = pdev;
	pool->distance = dist;
	pool->mapping = route.mapping;
	return 0;
}

/*
 * Puts the provider on record for its job before any of its memory is
 * taken, so that an unbind of the provider finds the job (hotplug.c).
 */
static int p2pdma_pool_claim(struct p2pdma_pool *pool, struct p2pdma_job *job,
			     struct netlink_ext_ack *extack)
{
	if (!p2pdma_job_set_provider(job, pool->provider))
		return 0;
	NL_SET_ERR_MSG_FMT(extack, "provider %.16s is being removed",
			   pci_name(pool->provider));
	return -ENODEV;
}

/* A queue that supports P2PDMA is a PCI device's (NVMe over PCIe). */
static int p2pdma_check_queue(struct block_device *bdev, const char *path,
			      struct pci_dev **pdev, struct netlink_ext_ack *extack)
{
	*pdev = p2pdma_bdev_pci_dev(bdev);
	if (*pdev && blk_queue_pci_p2pdma(bdev_get_queue(bdev)))
		return 0;
	NL_SET_ERR_MSG_FMT(extack,
			   "%.24s: queue does not support PCI peer-to-peer DMA", path);
	return -EOPNOTSUPP;
}

/* Chooses where @job's buffers come from; pairs with p2pdma_pool_close(). */
int p2pdma_pool_open(struct p2pdma_pool *pool, struct p2pdma_job *job,
		     struct netlink_ext_ack *extack)
{
	struct pci_dev *client_pdevs[2];
	struct device *clients[2];
	int ret;

	pool->mode = job->params.buf_mode;
	pool->provider = NULL;
	pool->distance = 0;
	if (pool->mode == P2PDMA_BUF_HOST)
		return 0;

	ret = p2pdma_check_queue(job->src.bdev, job->src_path, &client_pdevs[0],
				 extack);
	if (ret)
		return ret;
	ret = p2pdma_check_queue(job->dst.bdev, job->dst_path, &client_pdevs[1],
				 extack);
	if (ret)
		return ret;

	clients[0] = disk_to_dev(job->src.bdev->bd_disk);
	clients[1] = disk_to_dev(job->dst.bdev->bd_disk);
	ret = p2pdma_pool_pick(pool, clients, client_pdevs, job->params.provider,
			       extack);
	if (ret)
		return ret;
	ret = p2pdma_pool_claim(pool, job, extack);
	if (ret)
		return ret;
	strscpy(job->provider_name, pci_name(pool->provider),
		sizeof(job->provider_name));
	return 0;
}

void p2pdma_pool_close(struct p2pdma_pool *pool)
{
	atomic64_sub(pool->host_reserved, &p2pdma_host_bytes);
	pool->host_reserved = 0;
	pci_dev_put(pool->provider);
	pool->provider = NULL;
}

/* What a buffer of @size bytes really takes from its pool. */
size_t p2pdma_buf_footprint(const struct p2pdma_pool *pool, size_t size)
{
	return pool->mode == P2PDMA_BUF_HOST ? kmalloc_size_roundup(size) : size;
}

/*
 * Books @bytes of host memory for a job's buffers against both limits, or
 * says what the request needs and what it may have.  p2pmem is bounded
 * by its provider and needs no booking.  Undone by p2pdma_pool_close().
 */
int p2pdma_pool_reserve(struct p2pdma_pool *pool, u64 bytes,
			struct netlink_ext_ack *extack)
{
	u64 total_max = min_t(u64, (u64)host_mem_total_mb << 20,
			      (u64)totalram_pages() << (PAGE_SHIFT - 1));
	u64 job_max = (u64)host_mem_per_job_mb << 20;
	u64 held;

	if (pool->mode != P2PDMA_BUF_HOST)
		return 0;
	if (bytes > job_max) {
		NL_SET_ERR_MSG_FMT(extack,
				   "host buffers need %llu MiB; a job may have %llu MiB",
				   DIV_ROUND_UP_ULL(bytes, SZ_1M), job_max >> 20);
		return -ENOMEM;
	}
	held = atomic64_add_return(bytes, &p2pdma_host_bytes);
	if (held > total_max) {
		atomic64_sub(bytes, &p2pdma_host_bytes);
		NL_SET_ERR_MSG_FMT(extack,
				   "host buffers need %llu MiB; %llu of %llu MiB are free",
				   DIV_ROUND_UP_ULL(bytes, SZ_1M),
				   (total_max - min(total_max, held - bytes)) >> 20,
				   total_max >> 20);
		return -ENOMEM;
	}
	pool->host_reserved = bytes;
	return 0;
}

/*
 * Buffers start zeroed: a --skip-read job writes them out as they are,
 * and neither stale kernel memory nor an earlier job's data in the
 * provider's BAR may reach a disk.
 */
int p2pdma_buf_alloc(struct p2pdma_pool *pool, struct p2pdma_buf *buf,
		     size_t size)
{
	buf->size = size;
	if (pool->mode == P2PDMA_BUF_P2P) {
		buf->addr = pci_alloc_p2pmem(pool->provider, size);
		if (!buf->addr)
			return -ENOMEM;
		memset(buf->addr, 0, size);
		atomic64_add(size, &p2pdma_held.p2p_bytes);
		return 0;
	}
	/*
	 * kmalloc, not alloc_pages: physically contiguous all the same, like
	 * p2pmem, so both build identical bios, and kmemleak sees a buffer
	 * that is never freed.  Within the limits above the allocator may
	 * still fail under pressure, but must not invoke the OOM killer.
	 */
	buf->addr = kzalloc(size, GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN);
	if (!buf->addr)
		return -ENOMEM;
	atomic64_add(size, &p2pdma_held.host_bytes);
	return 0;
}

void p2pdma_buf_free(struct p2pdma_pool *pool, struct p2pdma_buf *buf)
{
	if (!buf->addr)
		return;
	if (pool->mode == P2PDMA_BUF_P2P) {
		pci_free_p2pmem(pool->provider, buf->addr, buf->size);
		atomic64_sub(buf->size, &p2pdma_held.p2p_bytes);
	} else {
		kfree(buf->addr);
		atomic64_sub(buf->size, &p2pdma_held.host_bytes);
	}
	buf->addr = NULL;
}
