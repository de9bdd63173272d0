// SPDX-License-Identifier: GPL-2.0
/*
 * p2pdma copy SRC DST [PROVIDER]
 *
 * Options follow p2pmem-test's, so its users' command lines keep working:
 * -c/--chunks, -s/--chunk_size, -t/--threads, -D/--duration, -o/--offset,
 * --check, --seed, --overlap, --skip-read, --skip-write.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "job.h"
#include "nl.h"
#include "p2pdma.h"
#include "sysfs.h"
#include "units.h"
#include "verify.h"

struct copy_opts {
	const char *src, *dst, *provider;
	uint64_t chunks, chunk_size, length, src_offset, dst_offset;
	uint64_t buf_offset, depth, streams, duration_ms, seed;
	bool chunks_set, length_set, seed_set;
	bool check, overlap, skip_read, skip_write, detach, summary;
};

/* What the module is asked to do, worked out from the options. */
struct copy_plan {
	struct blkdev_info src, dst;
	unsigned int lbs;		/* the larger of the two */
	uint64_t length;		/* of the range */
	uint64_t chunk_count;		/* 0: one pass over the range */
};

const char copy_usage[] =
	"usage: p2pdma copy [OPTIONS] SRC DST [PROVIDER]\n"
	"  PROVIDER            PCI address of the p2pmem to use, 'auto' (default)\n"
	"                      or 'none' for host memory through the same engine\n"
	"  -s, --chunk_size    bytes per I/O (4k, 128k, 1M...; default 4k);\n"
	"                      also --chunk-size\n"
	"  -c, --chunks        chunks to copy (default 1024)\n"
	"  -l, --length        bytes of the range (default chunks x chunk_size)\n"
	"  -q, --queue-depth   chunks in flight per stream (default 16)\n"
	"  -t, --threads       parallel streams, each a stripe of the range (default 1)\n"
	"  -D, --duration      run for this many seconds, wrapping in the range\n"
	"  -o, --offset        bytes into each p2pmem buffer\n"
	"      --src-offset    byte offset on SRC (default 0)\n"
	"      --dst-offset    byte offset on DST (default 0)\n"
	"      --check         fill SRC with a seeded pattern first, then read DST\n"
	"                      back and compare every byte (SRC is overwritten!)\n"
	"      --seed          seed of the --check pattern (default: time)\n"
	"      --overlap       allow wrapping in the range and overlapping ranges\n"
	"      --skip-read     only write (the buffer as it is)\n"
	"      --skip-write    only read\n"
	"      --detach        start the job, print its id and return; the job\n"
	"                      outlives this process\n"
	"  -j, --json          print the result as JSON\n"
	"      --summary       print one line: 'ok|not ok copy key=value...'\n";

enum {
	OPT_CHECK = 256, OPT_SEED, OPT_OVERLAP, OPT_SKIP_READ, OPT_SKIP_WRITE,
	OPT_SRC_OFFSET, OPT_DST_OFFSET, OPT_DETACH, OPT_SUMMARY,
};

static int parse_size_opt(const char *name, const char *arg, uint64_t *out)
{
	if (parse_size(arg, out))
		return usage_error("copy", "%s: '%s' is not a size (like 4096, 4k, 1M)",
				   name, arg);
	return 0;
}

static int parse_count_opt(const char *name, const char *arg, uint64_t max,
			   uint64_t *out)
{
	if (parse_size(arg, out) || *out < 1 || *out > max)
		return usage_error("copy", "%s: '%s' must be a number from 1 to %llu",
				   name, arg, (unsigned long long)max);
	return 0;
}

static int copy_parse_opt(int c, struct copy_opts *o)
{
	switch (c) {
	case 'c':
		o->chunks_set = true;
		return parse_count_opt("--chunks", optarg, UINT64_MAX, &o->chunks);
	case 's':
		return parse_size_opt("--chunk_size", optarg, &o->chunk_size);
	case 'l':
		o->length_set = true;
		return parse_size_opt("--length", optarg, &o->length);
	case 'q':
		return parse_count_opt("--queue-depth", optarg,
				       P2PDMA_QUEUE_DEPTH_MAX, &o->depth);
	case 't':
		return parse_count_opt("--threads", optarg, P2PDMA_STREAMS_MAX,
				       &o->streams);
	case 'D':
		if (parse_duration_ms(optarg, &o->duration_ms) || !o->duration_ms)
			return usage_error("copy", "--duration: '%s' is not a positive number of seconds",
					   optarg);
		return 0;
	case 'o':
		return parse_size_opt("--offset", optarg, &o->buf_offset);
	case OPT_SRC_OFFSET:
		return parse_size_opt("--src-offset", optarg, &o->src_offset);
	case OPT_DST_OFFSET:
		return parse_size_opt("--dst-offset", optarg, &o->dst_offset);
	case OPT_SEED:
		o->seed_set = true;
		if (parse_uint(optarg, UINT32_MAX, &o->seed))
			return usage_error("copy", "--seed: '%s' is not a number", optarg);
		return 0;
	case OPT_CHECK: o->check = true; return 0;
	case OPT_OVERLAP: o->overlap = true; return 0;
	case OPT_SKIP_READ: o->skip_read = true; return 0;
	case OPT_SKIP_WRITE: o->skip_write = true; return 0;
	case OPT_DETACH: o->detach = true; return 0;
	case OPT_SUMMARY: o->summary = true; return 0;
	case 'j': cli.json = true; return 0;
	}
	return usage_error("copy", "unknown option");
}

static int copy_parse(int argc, char **argv, struct copy_opts *o)
{
	static const struct option opts[] = {
		{ "chunks", required_argument, NULL, 'c' },
		{ "chunk_size", required_argument, NULL, 's' },
		{ "chunk-size", required_argument, NULL, 's' },
		{ "length", required_argument, NULL, 'l' },
		{ "queue-depth", required_argument, NULL, 'q' },
		{ "threads", required_argument, NULL, 't' },
		{ "duration", required_argument, NULL, 'D' },
		{ "offset", required_argument, NULL, 'o' },
		{ "src-offset", required_argument, NULL, OPT_SRC_OFFSET },
		{ "dst-offset", required_argument, NULL, OPT_DST_OFFSET },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "overlap", no_argument, NULL, OPT_OVERLAP },
		{ "skip-read", no_argument, NULL, OPT_SKIP_READ },
		{ "skip-write", no_argument, NULL, OPT_SKIP_WRITE },
		{ "detach", no_argument, NULL, OPT_DETACH },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "json", no_argument, NULL, 'j' },
		{ 0 }
	};
	int c, ret;

	*o = (struct copy_opts){ .chunks = 1024, .chunk_size = 4096,
				 .depth = 16, .streams = 1 };
	while ((c = getopt_long(argc, argv, "c:s:l:q:t:D:o:j", opts, NULL)) != -1) {
		ret = copy_parse_opt(c, o);
		if (ret)
			return ret;
	}
	if (argc - optind < 2 || argc - optind > 3)
		return usage_error("copy", "give SRC, DST and optionally PROVIDER");
	o->src = argv[optind];
	o->dst = argv[optind + 1];
	o->provider = argc - optind == 3 ? argv[optind + 2] : "auto";
	return 0;
}

/* Rules p2pmem-test had too: what --check cannot be combined with. */
static int copy_check_combinations(const struct copy_opts *o)
{
	if (o->check && (o->skip_read || o->skip_write))
		return usage_error("copy", "--check needs both the read and the write (drop --skip-read/--skip-write)");
	if (o->check && (o->overlap || o->duration_ms))
		return usage_error("copy", "--check cannot verify a copy that wraps (--overlap or --duration)");
	if (o->duration_ms && o->chunks_set)
		return usage_error("copy", "give either --chunks or --duration, not both");
	return 0;
}

static int copy_plan(const struct copy_opts *o, struct copy_plan *p)
{
	uint64_t room;

	if (blkdev_info_of(o->src, &p->src))
		return usage_error("copy", "%s is not a block device", o->src);
	if (blkdev_info_of(o->dst, &p->dst))
		return usage_error("copy", "%s is not a block device", o->dst);
	p->lbs = p->src.lbs > p->dst.lbs ? p->src.lbs : p->dst.lbs;
	room = p->src.size > o->src_offset ? p->src.size - o->src_offset : 0;
	if (p->dst.size < o->dst_offset + room)
		room = p->dst.size > o->dst_offset ? p->dst.size - o->dst_offset : 0;

	p->chunk_count = 0;
	if (o->length_set) {
		p->length = o->length;
		if (o->chunks_set)
			p->chunk_count = o->chunks;
	} else if (o->chunks > UINT64_MAX / o->chunk_size) {
		return usage_error("copy", "--chunks x --chunk_size overflows");
	} else {
		p->length = o->chunks * o->chunk_size;
		/* p2pmem-test's --overlap: wrap in what fits. */
		if (o->overlap && p->length > room) {
			p->length = room - room % o->chunk_size;
			p->chunk_count = o->chunks;
		}
	}
	if (p->length > room) {
		fprintf(stderr, "p2pdma: copying %llu bytes needs more room than %s and %s have past their offsets (%llu bytes); lower --chunks or --length, or use --overlap\n",
			(unsigned long long)p->length, o->src, o->dst,
			(unsigned long long)room);
		return EXIT_USAGE;
	}
	return 0;
}

static uint32_t copy_flags(const struct copy_opts *o)
{
	return (o->detach ? P2PDMA_F_DETACH : 0) |
	       (o->overlap ? P2PDMA_F_OVERLAP : 0) |
	       (o->skip_read ? P2PDMA_F_SKIP_READ : 0) |
	       (o->skip_write ? P2PDMA_F_SKIP_WRITE : 0);
}

static struct nlmsghdr *copy_msg(struct p2p_nl *nl, const struct copy_opts *o,
				 const struct copy_plan *p)
{
	struct nlmsghdr *nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_START, 0);

	mnl_attr_put_strz(nlh, P2PDMA_A_SRC_PATH, o->src);
	mnl_attr_put_strz(nlh, P2PDMA_A_DST_PATH, o->dst);
	if (!strcmp(o->provider, "none"))
		mnl_attr_put_u32(nlh, P2PDMA_A_BUF_MODE, P2PDMA_BUF_HOST);
	else if (strcmp(o->provider, "auto"))
		mnl_attr_put_strz(nlh, P2PDMA_A_PROVIDER, o->provider);
	mnl_attr_put_u64(nlh, P2PDMA_A_SRC_OFFSET, o->src_offset);
	mnl_attr_put_u64(nlh, P2PDMA_A_DST_OFFSET, o->dst_offset);
	mnl_attr_put_u64(nlh, P2PDMA_A_LENGTH, p->length);
	if (p->chunk_count)
		mnl_attr_put_u64(nlh, P2PDMA_A_CHUNK_COUNT, p->chunk_count);
	mnl_attr_put_u32(nlh, P2PDMA_A_CHUNK_SIZE, (uint32_t)o->chunk_size);
	mnl_attr_put_u32(nlh, P2PDMA_A_QUEUE_DEPTH, (uint32_t)o->depth);
	mnl_attr_put_u32(nlh, P2PDMA_A_STREAMS, (uint32_t)o->streams);
	if (o->duration_ms)
		mnl_attr_put_u32(nlh, P2PDMA_A_DURATION_MS, (uint32_t)o->duration_ms);
	if (o->buf_offset)
		mnl_attr_put_u32(nlh, P2PDMA_A_BUF_OFFSET, (uint32_t)o->buf_offset);
	mnl_attr_put_u32(nlh, P2PDMA_A_FLAGS, copy_flags(o));
	return nlh;
}

static void show_progress(const struct p2p_job *job)
{
	double secs = (double)job->elapsed_ns / 1e9;
	double rate = secs > 0 ? (double)job->bytes_done / secs : 0;
	char done[32], r[32];

	fprintf(stderr, "\r\033[Kjob %u: %s", job->id,
		fmt_bytes(done, sizeof(done), (double)job->bytes_done));
	if (job->bytes_total && rate > 0)
		fprintf(stderr, " (%.0f%%), %s/s, ETA %.0f s",
			100.0 * (double)job->bytes_done / (double)job->bytes_total,
			fmt_bytes(r, sizeof(r), rate),
			(double)(job->bytes_total - job->bytes_done) / rate);
	else
		fprintf(stderr, ", %s/s", fmt_bytes(r, sizeof(r), rate));
}

/* Long-polls the module until the job ends; shows progress on a terminal. */
static int copy_wait(struct p2p_nl *nl, struct p2p_job *job)
{
	bool live = !cli.quiet && !cli.json && isatty(STDERR_FILENO);
	uint32_t id = job->id;
	int ret;

	while (job->state == P2PDMA_JOB_RUNNING) {
		struct nlmsghdr *nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_WAIT, 0);

		mnl_attr_put_u32(nlh, P2PDMA_A_JOB_ID, id);
		mnl_attr_put_u32(nlh, P2PDMA_A_TIMEOUT_MS, 500);
		ret = p2p_nl_talk(nl, nlh, p2p_job_cb, job);
		if (ret == -EINTR)
			continue;
		if (ret)
			return ret;
		if (live)
			show_progress(job);
	}
	if (live)
		fputs("\r\033[K", stderr);
	return 0;
}

static int copy_verify(const struct copy_opts *o, const struct copy_plan *p,
		       uint32_t seed, struct json *j, bool silent)
{
	struct verify_range dst = {
		.dev = o->dst, .offset = o->dst_offset, .src_offset = o->src_offset,
		.length = p->length, .lbs = p->lbs, .seed = seed,
	};
	struct verify_range src = dst;
	struct verify_report rd, rs;
	int ret;

	src.dev = o->src;
	src.offset = o->src_offset;
	ret = verify_check(&dst, &rd);
	if (!ret)
		ret = verify_check(&src, &rs);
	if (ret) {
		fprintf(stderr, "p2pdma: --check: cannot read back: %s\n", strerror(-ret));
		return EXIT_WORK_FAILED;
	}
	if (j) {
		verify_json(j, "check", &dst, &rd);
		verify_json(j, "check_source", &src, &rs);
	} else if (!silent || rd.bad_blocks || rs.bad_blocks) {
		verify_print(stdout, "destination", &dst, &rd);
		verify_print(stdout, "source     ", &src, &rs);
	}
	return rd.bad_blocks || rs.bad_blocks ? EXIT_WORK_FAILED : 0;
}

static int copy_fill(const struct copy_opts *o, const struct copy_plan *p,
		     uint32_t seed)
{
	struct verify_range src = {
		.dev = o->src, .offset = o->src_offset, .src_offset = o->src_offset,
		.length = p->length, .lbs = p->lbs, .seed = seed,
	};
	int ret = verify_fill(&src);

	if (ret)
		fprintf(stderr, "p2pdma: --check: cannot write the pattern to %s: %s\n",
			o->src, strerror(-ret));
	return ret ? EXIT_WORK_FAILED : 0;
}

static int copy_report(const struct copy_opts *o, const struct copy_plan *p,
		       const struct p2p_job *job, uint32_t seed)
{
	bool checked = o->check && job->state == P2PDMA_JOB_DONE;
	int ret = job->state == P2PDMA_JOB_DONE ? 0 : EXIT_WORK_FAILED;
	struct json j;

	if (o->summary) {
		if (checked && copy_verify(o, p, seed, NULL, true))
			ret = EXIT_WORK_FAILED;
		p2p_job_print_summary(stdout, job, ret == 0);
	} else if (cli.json) {
		json_init(&j, stdout);
		json_obj_open(&j, NULL);
		p2p_job_json(&j, job);
		if (checked && copy_verify(o, p, seed, &j, false))
			ret = EXIT_WORK_FAILED;
		json_obj_close(&j);
		json_end(&j);
	} else {
		p2p_job_print_report(stdout, job);
		if (checked && copy_verify(o, p, seed, NULL, false))
			ret = EXIT_WORK_FAILED;
	}
	p2p_job_print_failure(stderr, job);
	return ret;
}

/* What to try next, for the refusals that have an obvious next step. */
static void copy_hint(const struct copy_opts *o, int err)
{
	switch (err) {
	case -ENOMEM:
		fprintf(stderr, "hint: lower the queue depth (-q), streams (-t) or chunk size (-s), or wait for other jobs\n");
		break;
	case -ENODEV:
	case -EXDEV:
	case -EOPNOTSUPP:
		fprintf(stderr, "hint: 'p2pdma doctor %s %s' explains the path; 'none' copies through host memory\n",
			o->src, o->dst);
		break;
	case -ERANGE:
		fprintf(stderr, "hint: give a larger --length, fewer --chunks, or --overlap to wrap\n");
		break;
	case -EBUSY:
		fprintf(stderr, "hint: unmount %s or stop what holds it; 'p2pdma jobs' lists running jobs\n",
			o->dst);
		break;
	}
}

int cmd_copy(int argc, char **argv)
{
	struct copy_opts o;
	struct copy_plan p;
	struct p2p_nl nl;
	struct p2p_job job;
	uint32_t seed;
	int ret;

	ret = copy_parse(argc, argv, &o);
	if (!ret)
		ret = copy_check_combinations(&o);
	if (!ret)
		ret = copy_plan(&o, &p);
	if (ret)
		return ret;
	seed = o.seed_set ? (uint32_t)o.seed : (uint32_t)time(NULL);

	if (p2p_nl_connect(&nl))
		return EXIT_WORK_FAILED;
	if (o.check && copy_fill(&o, &p, seed)) {
		ret = EXIT_WORK_FAILED;
		goto out;
	}
	ret = p2p_nl_talk(&nl, copy_msg(&nl, &o, &p), p2p_job_cb, &job);
	if (ret) {
		p2p_nl_perror(&nl, "copy refused", ret);
		copy_hint(&o, ret);
		ret = EXIT_WORK_FAILED;
		goto out;
	}
	if (o.detach) {
		printf("%u\n", job.id);
		goto out;
	}
	ret = copy_wait(&nl, &job);
	if (ret) {
		p2p_nl_perror(&nl, "lost the job", ret);
		ret = EXIT_WORK_FAILED;
		goto out;
	}
	ret = copy_report(&o, &p, &job, seed);
out:
	p2p_nl_close(&nl);
	return ret;
}
