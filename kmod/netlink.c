// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "p2pdma-harness": see
 * include/uapi/linux/p2pdma_harness.h for the commands and attributes.
 *
 * Operations run in parallel, so every handler takes its own locks.  Jobs
 * read and write raw block devices, bypassing their nodes' permissions:
 * starting, cancelling and reading jobs, and their events, need
 * CAP_SYS_ADMIN, the bar for raw block access.  Which providers exist and
 * what can reach them stays open to everyone.
 */
#include <linux/pci-p2pdma.h>
#include <net/genetlink.h>

#include "harness.h"

#define P2PDMA_MAX_CLIENTS	8

/* Not const: 6.1 declares nla_policy.range without it. */
static struct netlink_range_validation p2pdma_u64_nonzero = {
	.min = 1, .max = U64_MAX,
};

static struct netlink_range_validation p2pdma_chunk_size_range = {
	.min = SECTOR_SIZE, .max = P2PDMA_CHUNK_SIZE_MAX,
};

static struct netlink_range_validation p2pdma_buf_offset_range = {
	.min = 0, .max = P2PDMA_CHUNK_SIZE_MAX - SECTOR_SIZE,
};

static const struct nla_policy p2pdma_policy[P2PDMA_A_MAX + 1] = {
	[P2PDMA_A_JOB_ID]	= NLA_POLICY_MIN(NLA_U32, 1),
	[P2PDMA_A_SRC_PATH]	= { .type = NLA_NUL_STRING,
				    .len = P2PDMA_PATH_MAX - 1 },
	[P2PDMA_A_DST_PATH]	= { .type = NLA_NUL_STRING,
				    .len = P2PDMA_PATH_MAX - 1 },
	[P2PDMA_A_BUF_MODE]	= NLA_POLICY_MAX(NLA_U32, P2PDMA_BUF_HOST),
	[P2PDMA_A_PROVIDER]	= { .type = NLA_NUL_STRING,
				    .len = P2PDMA_PCI_ADDR_MAX - 1 },
	[P2PDMA_A_SRC_OFFSET]	= { .type = NLA_U64 },
	[P2PDMA_A_DST_OFFSET]	= { .type = NLA_U64 },
	[P2PDMA_A_LENGTH]	= NLA_POLICY_FULL_RANGE(NLA_U64, &p2pdma_u64_nonzero),
	[P2PDMA_A_CHUNK_COUNT]	= NLA_POLICY_FULL_RANGE(NLA_U64, &p2pdma_u64_nonzero),
	[P2PDMA_A_CHUNK_SIZE]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&p2pdma_chunk_size_range),
	[P2PDMA_A_QUEUE_DEPTH]	= NLA_POLICY_RANGE(NLA_U32, 1, P2PDMA_QUEUE_DEPTH_MAX),
	[P2PDMA_A_STREAMS]	= NLA_POLICY_RANGE(NLA_U32, 1, P2PDMA_STREAMS_MAX),
	[P2PDMA_A_DURATION_MS]	= NLA_POLICY_MIN(NLA_U32, 1),
	[P2PDMA_A_BUF_OFFSET]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&p2pdma_buf_offset_range),
	[P2PDMA_A_FLAGS]	= NLA_POLICY_MASK(NLA_U32, P2PDMA_F_ALL),
	[P2PDMA_A_CLIENT]	= { .type = NLA_NUL_STRING,
				    .len = P2PDMA_PCI_ADDR_MAX - 1 },
	[P2PDMA_A_SYNC]		= NLA_POLICY_MAX(NLA_U32, P2PDMA_SYNC_NONE),
};

static const struct genl_multicast_group p2pdma_mcgrps[] = {
	{ .name = P2PDMA_GENL_MCGRP_JOBS, .flags = GENL_MCAST_CAP_SYS_ADMIN, },
};

static struct genl_family p2pdma_family;

#ifdef P2PDMA_EXTACK_RING
/*
 * Before 6.2 (compat.h): the formatted messages of refusals.  A buffer is
 * written again only after 63 later messages, far more than can be between
 * a handler's return and its ack; genl_unregister_family() waits for acks
 * in flight, so none outlives the module.
 */
#define P2PDMA_EXTACK_SLOTS	64
#define P2PDMA_EXTACK_LEN	80
static char p2pdma_extack_ring[P2PDMA_EXTACK_SLOTS][P2PDMA_EXTACK_LEN];
static atomic_t p2pdma_extack_next = ATOMIC_INIT(0);

const char *p2pdma_extack_fmt(const char *fmt, ...)
{
	unsigned int i = (unsigned int)atomic_inc_return(&p2pdma_extack_next) %
			 P2PDMA_EXTACK_SLOTS;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p2pdma_extack_ring[i], P2PDMA_EXTACK_LEN, fmt, ap);
	va_end(ap);
	return p2pdma_extack_ring[i];
}
#endif

/* GENL_ADMIN_PERM asks only for CAP_NET_ADMIN; jobs need more. */
static bool p2pdma_may_run_jobs(const struct sk_buff *skb,
				struct netlink_ext_ack *extack)
{
	if (netlink_capable(skb, CAP_SYS_ADMIN))
		return true;
	NL_SET_ERR_MSG(extack,
		       "needs CAP_SYS_ADMIN: jobs read and write raw block devices");
	return false;
}

/* Like GENL_REQ_ATTR_CHECK, which 6.1 lacks, with a message. */
static bool p2pdma_attr_missing(struct genl_info *info, int type,
				const char *what)
{
	if (info->attrs[type])
		return false;
	NL_SET_ERR_MSG_FMT(info->extack, "missing %s", what);
	return true;
}

static u32 p2pdma_get_u32(struct genl_info *info, int type, u32 def)
{
	return info->attrs[type] ? nla_get_u32(info->attrs[type]) : def;
}

static u64 p2pdma_get_u64(struct genl_info *info, int type, u64 def)
{
	return info->attrs[type] ? nla_get_u64(info->attrs[type]) : def;
}

static int p2pdma_put_phase(struct sk_buff *skb, enum p2pdma_phase id,
			    const struct p2pdma_phase_stats *ph, bool detail)
{
	struct nlattr *nest = nla_nest_start(skb, P2PDMA_A_PHASE);

	if (!nest ||
	    nla_put_u32(skb, P2PDMA_PH_ID, id) ||
	    nla_put_u64_64bit(skb, P2PDMA_PH_IOS, ph->ios, P2PDMA_PH_PAD) ||
	    nla_put_u64_64bit(skb, P2PDMA_PH_BYTES, ph->bytes, P2PDMA_PH_PAD) ||
	    nla_put_u64_64bit(skb, P2PDMA_PH_ERRORS, ph->errors, P2PDMA_PH_PAD) ||
	    nla_put_u32(skb, P2PDMA_PH_DEPTH_PEAK, ph->depth_peak))
		return -EMSGSIZE;
	if (detail &&
	    (nla_put_u64_64bit(skb, P2PDMA_PH_LAT_MIN_NS, ph->lat_min_ns,
			       P2PDMA_PH_PAD) ||
	     nla_put_u64_64bit(skb, P2PDMA_PH_LAT_MAX_NS, ph->lat_max_ns,
			       P2PDMA_PH_PAD) ||
	     nla_put_u64_64bit(skb, P2PDMA_PH_LAT_SUM_NS, ph->lat_sum_ns,
			       P2PDMA_PH_PAD) ||
	     nla_put(skb, P2PDMA_PH_LAT_HIST, sizeof(ph->hist), ph->hist)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int p2pdma_put_params(struct sk_buff *skb, const struct p2pdma_job *job)
{
	const struct p2pdma_job_params *p = &job->params;

	if (nla_put_u32(skb, P2PDMA_A_JOB_ID, job->id) ||
	    nla_put_string(skb, P2PDMA_A_SRC_PATH, job->src_path) ||
	    nla_put_string(skb, P2PDMA_A_DST_PATH, job->dst_path) ||
	    nla_put_u32(skb, P2PDMA_A_BUF_MODE, p->buf_mode) ||
	    nla_put_u64_64bit(skb, P2PDMA_A_SRC_OFFSET, p->src_offset, P2PDMA_A_PAD) ||
	    nla_put_u64_64bit(skb, P2PDMA_A_DST_OFFSET, p->dst_offset, P2PDMA_A_PAD) ||
	    nla_put_u64_64bit(skb, P2PDMA_A_LENGTH, p->length, P2PDMA_A_PAD) ||
	    nla_put_u32(skb, P2PDMA_A_CHUNK_SIZE, p->chunk_size) ||
	    nla_put_u32(skb, P2PDMA_A_QUEUE_DEPTH, p->queue_depth) ||
	    nla_put_u32(skb, P2PDMA_A_STREAMS, p->streams) ||
	    nla_put_u32(skb, P2PDMA_A_DURATION_MS, p->duration_ms) ||
	    nla_put_u32(skb, P2PDMA_A_BUF_OFFSET, p->buf_offset) ||
	    nla_put_u32(skb, P2PDMA_A_FLAGS, p->flags) ||
	    nla_put_u32(skb, P2PDMA_A_SYNC, p->sync) ||
	    nla_put_u32(skb, P2PDMA_A_OWNER_PORTID, p->owner_portid))
		return -EMSGSIZE;
	if (p->buf_mode == P2PDMA_BUF_P2P &&
	    (nla_put_string(skb, P2PDMA_A_PROVIDER, job->provider_name) ||
	     nla_put_u32(skb, P2PDMA_A_DISTANCE, job->pool.distance) ||
	     nla_put_u32(skb, P2PDMA_A_MAPPING, job->pool.mapping)))
		return -EMSGSIZE;
	return 0;
}

/* Caller holds job->lock. */
static int p2pdma_put_state(struct sk_buff *skb, const struct p2pdma_job *job,
			    bool detail)
{
	ktime_t end = job->state == P2PDMA_JOB_RUNNING ? ktime_get() : job->end;
	int i;

	if (nla_put_u32(skb, P2PDMA_A_STATE, job->state) ||
	    nla_put_u64_64bit(skb, P2PDMA_A_BYTES_DONE, job->bytes_done, P2PDMA_A_PAD) ||
	    nla_put_u64_64bit(skb, P2PDMA_A_BYTES_TOTAL, job->bytes_total, P2PDMA_A_PAD) ||
	    nla_put_u64_64bit(skb, P2PDMA_A_ELAPSED_NS,
			      ktime_to_ns(ktime_sub(end, job->start)), P2PDMA_A_PAD) ||
	    nla_put_u32(skb, P2PDMA_A_INFLIGHT_PEAK, job->inflight_peak))
		return -EMSGSIZE;
	if (job->error && nla_put_u32(skb, P2PDMA_A_ERRNO, -job->error))
		return -EMSGSIZE;
	if (job->flushed && nla_put_flag(skb, P2PDMA_A_FLUSHED))
		return -EMSGSIZE;
	if (job->error && job->fail_phase < P2PDMA_PHASE_COUNT &&
	    (nla_put_u32(skb, P2PDMA_A_FAIL_PHASE, job->fail_phase) ||
	     nla_put_u64_64bit(skb, P2PDMA_A_FAIL_OFFSET, job->fail_offset, P2PDMA_A_PAD)))
		return -EMSGSIZE;
	for (i = 0; i < P2PDMA_PHASE_COUNT; i++)
		if (p2pdma_put_phase(skb, i, &job->phase[i], detail))
			return -EMSGSIZE;
	return 0;
}

static int p2pdma_fill_job(struct sk_buff *skb, struct p2pdma_job *job,
			   u32 portid, u32 seq, int flags, u8 cmd, bool detail)
{
	void *hdr;
	int ret;

	hdr = genlmsg_put(skb, portid, seq, &p2pdma_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	ret = p2pdma_put_params(skb, job);
	if (!ret) {
		spin_lock(&job->lock);
		ret = p2pdma_put_state(skb, job, detail);
		spin_unlock(&job->lock);
	}
	if (ret) {
		genlmsg_cancel(skb, hdr);
		return ret;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Room for a job with both latency histograms. */
static size_t p2pdma_job_msg_size(void)
{
	return NLMSG_ALIGN(GENL_HDRLEN) + 2 * nla_total_size(P2PDMA_PATH_MAX) +
	       P2PDMA_PHASE_COUNT *
	       (nla_total_size(sizeof(u64) * P2PDMA_HIST_BUCKETS) + 256) + 1024;
}

static struct sk_buff *p2pdma_job_msg_new(void)
{
	return genlmsg_new(p2pdma_job_msg_size(), GFP_KERNEL);
}

/* Sends @job in @msg, which was sized for it; consumes @msg. */
static int p2pdma_reply_job(struct sk_buff *msg, struct genl_info *info,
			    struct p2pdma_job *job)
{
	int ret;

	ret = p2pdma_fill_job(msg, job, info->snd_portid, info->snd_seq, 0,
			      info->genlhdr->cmd, true);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

void p2pdma_notify(struct p2pdma_job *job, u8 cmd)
{
	bool detail = cmd == P2PDMA_CMD_JOB_DONE;
	struct sk_buff *msg;

	if (!genl_has_listeners(&p2pdma_family, &init_net, 0))
		return;
	msg = genlmsg_new(p2pdma_job_msg_size(), GFP_KERNEL);
	if (!msg)
		return;
	if (p2pdma_fill_job(msg, job, 0, 0, 0, cmd, detail)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast(&p2pdma_family, msg, 0, 0, GFP_KERNEL);
}

static void p2pdma_parse_job(struct genl_info *info,
			     struct p2pdma_job_params *p)
{
	memset(p, 0, sizeof(*p));
	p->src_path = nla_data(info->attrs[P2PDMA_A_SRC_PATH]);
	p->dst_path = nla_data(info->attrs[P2PDMA_A_DST_PATH]);
	if (info->attrs[P2PDMA_A_PROVIDER])
		p->provider = nla_data(info->attrs[P2PDMA_A_PROVIDER]);
	p->buf_mode = p2pdma_get_u32(info, P2PDMA_A_BUF_MODE, P2PDMA_BUF_P2P);
	p->src_offset = p2pdma_get_u64(info, P2PDMA_A_SRC_OFFSET, 0);
	p->dst_offset = p2pdma_get_u64(info, P2PDMA_A_DST_OFFSET, 0);
	p->length = nla_get_u64(info->attrs[P2PDMA_A_LENGTH]);
	p->chunk_count = p2pdma_get_u64(info, P2PDMA_A_CHUNK_COUNT, 0);
	p->chunk_size = p2pdma_get_u32(info, P2PDMA_A_CHUNK_SIZE, SZ_128K);
	p->queue_depth = p2pdma_get_u32(info, P2PDMA_A_QUEUE_DEPTH, 1);
	p->streams = p2pdma_get_u32(info, P2PDMA_A_STREAMS, 1);
	p->duration_ms = p2pdma_get_u32(info, P2PDMA_A_DURATION_MS, 0);
	p->buf_offset = p2pdma_get_u32(info, P2PDMA_A_BUF_OFFSET, 0);
	p->flags = p2pdma_get_u32(info, P2PDMA_A_FLAGS, 0);
	p->sync = p2pdma_get_u32(info, P2PDMA_A_SYNC, P2PDMA_SYNC_FLUSH);
	p->owner_portid = info->snd_portid;
}

static int p2pdma_nl_job_start(struct sk_buff *skb, struct genl_info *info)
{
	struct p2pdma_job_params params;
	struct p2pdma_job *job;
	struct sk_buff *msg;
	int ret;

	if (!p2pdma_may_run_jobs(skb, info->extack))
		return -EPERM;
	if (p2pdma_attr_missing(info, P2PDMA_A_SRC_PATH, "source device") ||
	    p2pdma_attr_missing(info, P2PDMA_A_DST_PATH, "destination device") ||
	    p2pdma_attr_missing(info, P2PDMA_A_LENGTH, "length"))
		return -EINVAL;
	if (info->attrs[P2PDMA_A_PROVIDER] &&
	    p2pdma_get_u32(info, P2PDMA_A_BUF_MODE, P2PDMA_BUF_P2P) == P2PDMA_BUF_HOST) {
		NL_SET_ERR_MSG(info->extack,
			       "a provider makes no sense with host memory");
		return -EINVAL;
	}
	p2pdma_parse_job(info, &params);
	/*
	 * The reply is allocated before the job starts: an error answer must
	 * mean that nothing was written.  Should the reply still not reach
	 * the caller, the job is cancelled rather than left running unseen.
	 */
	msg = p2pdma_job_msg_new();
	if (!msg)
		return -ENOMEM;
	ret = p2pdma_job_start(&params, &job, info->extack);
	if (ret || !job) {	/* refused, or a dry run: the ack says it all */
		nlmsg_free(msg);
		return ret;
	}
	ret = p2pdma_reply_job(msg, info, job);
	if (ret)
		p2pdma_job_stop(job, P2PDMA_JOB_CANCELLED);
	p2pdma_job_put(job);
	return ret;
}

static struct p2pdma_job *p2pdma_nl_find_job(struct sk_buff *skb,
					     struct genl_info *info)
{
	struct p2pdma_job *job;
	u32 id;

	if (!p2pdma_may_run_jobs(skb, info->extack))
		return ERR_PTR(-EPERM);
	if (p2pdma_attr_missing(info, P2PDMA_A_JOB_ID, "job id"))
		return ERR_PTR(-EINVAL);
	id = nla_get_u32(info->attrs[P2PDMA_A_JOB_ID]);
	job = p2pdma_job_find(id);
	if (!job) {
		NL_SET_ERR_MSG_FMT(info->extack, "no job %u", id);
		NL_SET_BAD_ATTR(info->extack, info->attrs[P2PDMA_A_JOB_ID]);
		return ERR_PTR(-ENOENT);
	}
	return job;
}

static int p2pdma_nl_job_get(struct sk_buff *skb, struct genl_info *info)
{
	struct p2pdma_job *job = p2pdma_nl_find_job(skb, info);
	struct sk_buff *msg;
	int ret;

	if (IS_ERR(job))
		return PTR_ERR(job);
	msg = p2pdma_job_msg_new();
	ret = msg ? p2pdma_reply_job(msg, info, job) : -ENOMEM;
	p2pdma_job_put(job);
	return ret;
}

struct p2pdma_dump_ctx {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

static int p2pdma_dump_one(struct p2pdma_job *job, void *arg)
{
	struct p2pdma_dump_ctx *ctx = arg;
	int ret;

	/* Summaries: the histograms are for JOB_GET of one job. */
	ret = p2pdma_fill_job(ctx->skb, job, NETLINK_CB(ctx->cb->skb).portid,
			      ctx->cb->nlh->nlmsg_seq, NLM_F_MULTI,
			      P2PDMA_CMD_JOB_GET, false);
	if (!ret)
		ctx->cb->args[0] = job->id + 1;
	return ret;
}

static int p2pdma_nl_job_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct p2pdma_dump_ctx ctx = { .skb = skb, .cb = cb };
	int ret;

	if (!p2pdma_may_run_jobs(cb->skb, cb->extack))
		return -EPERM;
	ret = p2pdma_job_for_each(p2pdma_dump_one, &ctx, cb->args[0]);
	/* A full skb ends this part of the dump; the rest comes next call. */
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	return ret ?: skb->len;
}

static int p2pdma_nl_job_cancel(struct sk_buff *skb, struct genl_info *info)
{
	struct p2pdma_job *job = p2pdma_nl_find_job(skb, info);

	if (IS_ERR(job))
		return PTR_ERR(job);
	p2pdma_job_stop(job, P2PDMA_JOB_CANCELLED);
	p2pdma_job_put(job);
	return 0;
}

static int p2pdma_nl_provider_dump(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	struct pci_dev *pdev = NULL;
	long idx = 0;
	void *hdr;

	for_each_pci_dev(pdev) {
		if (!pci_has_p2pmem(pdev) || idx++ < cb->args[0])
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &p2pdma_family,
				  NLM_F_MULTI, P2PDMA_CMD_PROVIDER_GET);
		if (!hdr || nla_put_string(skb, P2PDMA_A_PROVIDER, pci_name(pdev))) {
			if (hdr)
				genlmsg_cancel(skb, hdr);
			pci_dev_put(pdev);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = idx;
	}
	return skb->len;
}

static void p2pdma_put_clients(struct device **clients, int n)
{
	while (n--)
		pci_dev_put(to_pci_dev(clients[n]));
}

static int p2pdma_get_clients(struct genl_info *info, struct device **clients)
{
	const struct nlattr *attr;
	int n = 0, rem;

	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		struct pci_dev *pdev;

		if (nla_type(attr) != P2PDMA_A_CLIENT)
			continue;
		if (n == P2PDMA_MAX_CLIENTS) {
			NL_SET_ERR_MSG(info->extack, "too many clients");
			goto err;
		}
		pdev = p2pdma_pci_dev_by_name(nla_data(attr));
		if (!pdev) {
			NL_SET_ERR_MSG_FMT(info->extack,
					   "client %s: no such PCI device",
					   (char *)nla_data(attr));
			NL_SET_BAD_ATTR(info->extack, attr);
			goto err;
		}
		clients[n++] = &pdev->dev;
	}
	if (!n) {
		NL_SET_ERR_MSG(info->extack, "missing client PCI address");
		return -EINVAL;
	}
	return n;
err:
	p2pdma_put_clients(clients, n);
	return -EINVAL;
}

static struct pci_dev *p2pdma_path_provider(struct genl_info *info,
					    struct device **clients, int n)
{
	struct nlattr *attr = info->attrs[P2PDMA_A_PROVIDER];
	struct pci_dev *pdev;

	if (!attr)
		return pci_p2pmem_find_many(clients, n);
	pdev = p2pdma_pci_dev_by_name(nla_data(attr));
	if (!pdev) {
		NL_SET_ERR_MSG(info->extack, "provider: no such PCI device");
		NL_SET_BAD_ATTR(info->extack, attr);
		return ERR_PTR(-ENODEV);
	}
	if (!pci_has_p2pmem(pdev)) {
		NL_SET_ERR_MSG(info->extack, "provider has no p2pmem");
		pci_dev_put(pdev);
		return ERR_PTR(-ENODEV);
	}
	return pdev;
}

static int p2pdma_put_route(struct sk_buff *msg, struct pci_dev *provider,
			    struct device **clients, int n, bool path_ok)
{
	struct p2pdma_route route;
	int i;

	p2pdma_route_init(&route);
	for (i = 0; i < n; i++)
		p2pdma_route_add(&route, provider, to_pci_dev(clients[i]));
	if (path_ok && nla_put_u32(msg, P2PDMA_A_MAPPING, route.mapping))
		return -EMSGSIZE;
	if (route.acs_port &&
	    (nla_put_string(msg, P2PDMA_A_ACS_BRIDGE, pci_name(route.acs_port)) ||
	     nla_put_u32(msg, P2PDMA_A_ACS_CTRL, route.acs_ctrl)))
		return -EMSGSIZE;
	return 0;
}

/*
 * Answers whether a provider (named, or the best one) can serve clients,
 * which way they reach it, and which port's ACS is in the way.
 */
static int p2pdma_nl_path_get(struct sk_buff *skb, struct genl_info *info)
{
	struct device *clients[P2PDMA_MAX_CLIENTS];
	struct pci_dev *provider;
	struct sk_buff *msg;
	int n, dist = -1, ret;
	void *hdr;

	n = p2pdma_get_clients(info, clients);
	if (n < 0)
		return n;
	provider = p2pdma_path_provider(info, clients, n);
	if (IS_ERR(provider)) {
		ret = PTR_ERR(provider);
		goto out_clients;
	}
	if (provider)
		dist = pci_p2pdma_distance_many(provider, clients, n, false);

	ret = -ENOMEM;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		goto out_provider;
	hdr = genlmsg_put_reply(msg, info, &p2pdma_family, 0, P2PDMA_CMD_PATH_GET);
	if (!hdr ||
	    (provider && (nla_put_string(msg, P2PDMA_A_PROVIDER, pci_name(provider)) ||
			  p2pdma_put_route(msg, provider, clients, n, dist >= 0))) ||
	    (dist >= 0 && (nla_put_u32(msg, P2PDMA_A_DISTANCE, dist) ||
			   nla_put_flag(msg, P2PDMA_A_PATH_OK)))) {
		nlmsg_free(msg);
		ret = -EMSGSIZE;
		goto out_provider;
	}
	genlmsg_end(msg, hdr);
	ret = genlmsg_reply(msg, info);
out_provider:
	pci_dev_put(provider);
out_clients:
	p2pdma_put_clients(clients, n);
	return ret;
}

static const struct genl_small_ops p2pdma_ops[] = {
	{
		.cmd	= P2PDMA_CMD_PROVIDER_GET,
		.dumpit	= p2pdma_nl_provider_dump,
	},
	{
		.cmd	= P2PDMA_CMD_PATH_GET,
		.doit	= p2pdma_nl_path_get,
	},
	{
		.cmd	= P2PDMA_CMD_JOB_START,
		.doit	= p2pdma_nl_job_start,
	},
	{
		.cmd	= P2PDMA_CMD_JOB_GET,
		.doit	= p2pdma_nl_job_get,
		.dumpit	= p2pdma_nl_job_dump,
	},
	{
		.cmd	= P2PDMA_CMD_JOB_CANCEL,
		.doit	= p2pdma_nl_job_cancel,
	},
};

static struct genl_family p2pdma_family __ro_after_init = {
	.name		= P2PDMA_GENL_NAME,
	.version	= P2PDMA_GENL_VERSION,
	.maxattr	= P2PDMA_A_MAX,
	.policy		= p2pdma_policy,
	.module		= THIS_MODULE,
	.parallel_ops	= true,
	.small_ops	= p2pdma_ops,
	.n_small_ops	= ARRAY_SIZE(p2pdma_ops),
	.mcgrps		= p2pdma_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(p2pdma_mcgrps),
};

/* A runner that dies takes its undetached jobs with it. */
static int p2pdma_netlink_event(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;

	if (event == NETLINK_URELEASE && n->protocol == NETLINK_GENERIC &&
	    net_eq(n->net, &init_net) && n->portid)
		p2pdma_job_release_owner(n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block p2pdma_netlink_notifier = {
	.notifier_call = p2pdma_netlink_event,
};

int p2pdma_netlink_init(void)
{
	int ret;

	ret = netlink_register_notifier(&p2pdma_netlink_notifier);
	if (ret)
		return ret;
	ret = genl_register_family(&p2pdma_family);
	if (ret)
		netlink_unregister_notifier(&p2pdma_netlink_notifier);
	return ret;
}

void p2pdma_netlink_exit(void)
{
	genl_unregister_family(&p2pdma_family);
	netlink_unregister_notifier(&p2pdma_netlink_notifier);
}
