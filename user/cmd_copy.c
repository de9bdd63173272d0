// SPDX-License-Identifier: GPL-2.0
/*
 * p2pdma copy SRC DST [PROVIDER]
 *
 * Options follow p2pmem-test's, so its users' command lines keep working:
 * -c/--chunks, -s/--chunk_size, -t/--threads, -D/--duration, -o/--offset,
 * --check, --seed, --overlap, --skip-read, --skip-write, --host_access,
 * --init, and PROVIDER as its p2pmem/allocate file.  Two engines: the
 * module's bios (kernel) and the runner's own O_DIRECT I/O on mmapped p2p
 * memory (user), the kernel's two P2PDMA paths.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "document.h"
#include "engine_user.h"
#include "hostaccess.h"
#include "job.h"
#include "limits.h"
#include "nl.h"
#include "p2pdma.h"
#include "p2pmem.h"
#include "path.h"
#include "pci.h"
#include "provider.h"
#include "signature.h"
#include "sysfs.h"
#include "units.h"
#include "verify.h"
#include "wait.h"

enum copy_engine {
	ENGINE_KERNEL,			/* the module's bios */
	ENGINE_USER,			/* the runner's O_DIRECT I/O */
};

struct copy_opts {
	const char *src, *dst;
	struct provider_ref provider;
	enum copy_engine engine;
	enum user_io user_io;
	uint64_t chunks, chunk_size, length, src_offset, dst_offset;
	uint64_t buf_offset, depth, streams, duration_ms, seed;
	bool chunks_set, length_set, seed_set, depth_set, streams_set;
	bool check, overlap, skip_read, skip_write, detach, summary, force;
	bool read_ahead;
	bool fua, no_flush;
	/* p2pmem-test's, on the first buffer before the copy; size 0: none. */
	struct hostaccess_spec init, host_access;
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
	"  PROVIDER            the p2pmem to use: its PCI address, sysfs directory\n"
	"                      or p2pmem/allocate file; 'auto' (default, the\n"
	"                      module picks; with --engine user, the first that\n"
	"                      is published) or 'none' for host memory\n"
	"      --engine E      kernel: the module's bios (default); user: this\n"
	"                      process, O_DIRECT on p2pmem mmapped from the\n"
	"                      provider's allocate file (Linux 6.2+), io_uring\n"
	"      --sync          with --engine user: pread/pwrite, one I/O per\n"
	"                      stream, as p2pmem-test\n"
	"      --host_access SIZE[:COUNT]  before the copy, COUNT (64) CPU writes\n"
	"                      and reads of SIZE bytes at random SIZE-aligned\n"
	"                      offsets of the first buffer, checked; a negative\n"
	"                      SIZE only reads ('p2pdma hostaccess' does more)\n"
	"      --init SIZE[:TOTAL]  zero the first TOTAL (4096) bytes of the\n"
	"                      buffer with SIZE-byte CPU stores first, checked\n"
	"  sizes are decimal bytes with optional k, M, G, T (powers of 1024)\n"
	"  -s, --chunk_size    bytes per I/O, 512 to 4M (default 4k);\n"
	"                      also --chunk-size\n"
	"  -c, --chunks        chunks to copy (default 1024)\n"
	"  -l, --length        bytes of the range (default chunks x chunk_size)\n"
	"  -q, --queue-depth   chunks in flight per stream, 1 to 256 (default 16;\n"
	"                      1 with -t or --sync, so that -t N means N I/Os in\n"
	"                      flight, as in p2pmem-test)\n"
	"      --read-ahead    read the next chunks while the last are written:\n"
	"                      -q reads and -q writes in flight per stream, from\n"
	"                      twice the buffers\n"
	"  -t, --threads       parallel streams, each a stripe of the range,\n"
	"                      1 to 64 (default 1)\n"
	"  -D, --duration      run for this many seconds, wrapping in the range;\n"
	"                      -1: until stopped; with -c, whichever ends first\n"
	"  -o, --offset        bytes into each p2pmem buffer (chunk + offset <= 4M)\n"
	"      --src-offset    byte offset on SRC (default 0)\n"
	"      --dst-offset    byte offset on DST (default 0)\n"
	"      --check         fill SRC with a seeded pattern first, then read DST\n"
	"                      back and compare every byte (SRC is overwritten!)\n"
	"      --seed          seed of the --check pattern, 0 to 4294967295\n"
	"                      (default and -1: time)\n"
	"      --overlap       allow wrapping in the range and overlapping ranges\n"
	"      --skip-read     only write (the buffer as it is)\n"
	"      --skip-write    only read\n"
	"      --fua           write with FUA instead of one flush at the end\n"
	"      --no-flush      neither: data may stay in DST's volatile cache\n"
	"      --force         write even over a filesystem, RAID member or\n"
	"                      partition found on DST (or, with --check, on SRC)\n"
	"      --detach        start the job, print its id and return; the job\n"
	"                      outlives this process\n"
	"  -j, --json          print the result as JSON\n"
	"      --summary       print one line: 'ok|not ok copy key=value...'\n"
	"  SIGINT or SIGTERM cancels the job, reports it and exits 130\n";

enum {
	OPT_CHECK = 256, OPT_SEED, OPT_OVERLAP, OPT_SKIP_READ, OPT_SKIP_WRITE,
	OPT_SRC_OFFSET, OPT_DST_OFFSET, OPT_DETACH, OPT_SUMMARY, OPT_FORCE,
	OPT_FUA, OPT_NO_FLUSH, OPT_ENGINE, OPT_SYNC, OPT_HOST_ACCESS, OPT_INIT,
	OPT_READ_AHEAD,
};

static int copy_duration_opt(const char *arg, uint64_t *ms)
{
	char msg[160];

	/* p2pmem-test's "run until stopped": as long as the UAPI allows. */
	if (!strcmp(arg, "-1")) {
		*ms = limit_duration.max;
		return 0;
	}
	if (parse_duration_ms(arg, ms))
		return usage_error("copy", "--duration: '%s' is not a number of seconds (like 30, 1.5, 250ms)",
				   arg);
	if (limit_check(&limit_duration, arg, *ms, msg, sizeof(msg)))
		return usage_error("copy", "%s", msg);
	return 0;
}

static int copy_engine_opt(const char *arg, struct copy_opts *o)
{
	if (!strcmp(arg, "kernel"))
		o->engine = ENGINE_KERNEL;
	else if (!strcmp(arg, "user"))
		o->engine = ENGINE_USER;
	else
		return usage_error("copy", "--engine: '%s' is not kernel or user", arg);
	return 0;
}

/* p2pmem-test's --host_access and --init, with their meaning. */
static int copy_host_opt(int c, const char *arg, struct copy_opts *o)
{
	char msg[256];
	int ret = c == OPT_INIT ?
		  hostaccess_parse_init(arg, &o->init, msg, sizeof(msg)) :
		  hostaccess_parse(arg, &o->host_access, msg, sizeof(msg));

	return ret ? usage_error("copy", "%s", msg) : 0;
}

static int copy_parse_opt(int c, struct copy_opts *o)
{
	switch (c) {
	case 'c':
		o->chunks_set = true;
		return number_arg("copy", &limit_chunks, optarg, &o->chunks);
	case 's':
		return number_arg("copy", &limit_chunk_size, optarg, &o->chunk_size);
	case 'l':
		o->length_set = true;
		return number_arg("copy", &limit_length, optarg, &o->length);
	case 'q':
		o->depth_set = true;
		return number_arg("copy", &limit_queue_depth, optarg, &o->depth);
	case 't':
		o->streams_set = true;
		return number_arg("copy", &limit_streams, optarg, &o->streams);
	case 'D':
		return copy_duration_opt(optarg, &o->duration_ms);
	case 'o':
		return number_arg("copy", &limit_buf_offset, optarg, &o->buf_offset);
	case OPT_SRC_OFFSET:
		return number_arg("copy", &limit_src_offset, optarg, &o->src_offset);
	case OPT_DST_OFFSET:
		return number_arg("copy", &limit_dst_offset, optarg, &o->dst_offset);
	case OPT_SEED:
		/* p2pmem-test's -1: from the time, as without --seed. */
		o->seed_set = strcmp(optarg, "-1");
		if (!o->seed_set)
			return 0;
		return number_arg("copy", &limit_seed, optarg, &o->seed);
	case OPT_ENGINE:
		return copy_engine_opt(optarg, o);
	case OPT_SYNC:
		o->user_io = USER_IO_SYNC;
		return 0;
	case OPT_HOST_ACCESS:
	case OPT_INIT:
		return copy_host_opt(c, optarg, o);
	case OPT_CHECK: o->check = true; return 0;
	case OPT_OVERLAP: o->overlap = true; return 0;
	case OPT_SKIP_READ: o->skip_read = true; return 0;
	case OPT_SKIP_WRITE: o->skip_write = true; return 0;
	case OPT_READ_AHEAD: o->read_ahead = true; return 0;
	case OPT_DETACH: o->detach = true; return 0;
	case OPT_SUMMARY: o->summary = true; return 0;
	case OPT_FORCE: o->force = true; return 0;
	case OPT_FUA: o->fua = true; return 0;
	case OPT_NO_FLUSH: o->no_flush = true; return 0;
	}
	return 0;
}

/* The module copies these into fixed-size fields: say so in our terms. */
static int copy_check_strings(const struct copy_opts *o)
{
	char msg[256];

	if (limit_check_string("SRC", "a device path", o->src,
			       P2PDMA_PATH_MAX - 1, msg, sizeof(msg)) ||
	    limit_check_string("DST", "a device path", o->dst,
			       P2PDMA_PATH_MAX - 1, msg, sizeof(msg)))
		return usage_error("copy", "%s", msg);
	return 0;
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
		{ "read-ahead", no_argument, NULL, OPT_READ_AHEAD },
		{ "fua", no_argument, NULL, OPT_FUA },
		{ "no-flush", no_argument, NULL, OPT_NO_FLUSH },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "detach", no_argument, NULL, OPT_DETACH },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "engine", required_argument, NULL, OPT_ENGINE },
		{ "sync", no_argument, NULL, OPT_SYNC },
		{ "host_access", required_argument, NULL, OPT_HOST_ACCESS },
		{ "init", required_argument, NULL, OPT_INIT },
		{ 0 }
	};
	int c, ret;

	*o = (struct copy_opts){ .chunks = 1024, .chunk_size = 4096,
				 .depth = 16, .streams = 1 };
	while ((c = getopt_long(argc, argv, ":c:s:l:q:t:D:o:", opts, NULL)) != -1) {
		if (c == '?' || c == ':')
			return option_error("copy", c, argv);
		ret = copy_parse_opt(c, o);
		if (ret)
			return ret;
	}
	if (argc - optind < 2 || argc - optind > 3)
		return usage_error("copy", "give SRC, DST and optionally PROVIDER");
	o->src = argv[optind];
	o->dst = argv[optind + 1];
	ret = provider_arg("copy", argc - optind == 3 ? argv[optind + 2] : "auto",
			   &o->provider);
	if (ret)
		return ret;
	/* p2pmem-test's -t N is N I/Os in flight: N streams of one. */
	if (!o->depth_set)
		o->depth = o->streams_set || o->user_io == USER_IO_SYNC ? 1 : 16;
	return copy_check_strings(o);
}

/* Rules p2pmem-test had too, and what one option excludes of another. */
static int copy_check_combinations(const struct copy_opts *o)
{
	char msg[160];

	if (limit_check_buffer(o->chunk_size, o->buf_offset, msg, sizeof(msg)))
		return usage_error("copy", "%s", msg);
	if (o->fua && o->no_flush)
		return usage_error("copy", "--fua with --no-flush: give one, not both");
	if (o->check && (o->skip_read || o->skip_write))
		return usage_error("copy", "--check needs both the read and the write (drop --skip-read/--skip-write)");
	if (o->check && (o->overlap || o->duration_ms))
		return usage_error("copy", "--check cannot verify a copy that wraps (--overlap or --duration)");
	if (o->user_io == USER_IO_SYNC && o->engine != ENGINE_USER)
		return usage_error("copy", "--sync is a way of --engine user; the module's engine has no syscalls to make");
	if (o->read_ahead && (o->overlap || o->skip_read || o->skip_write ||
			      o->user_io == USER_IO_SYNC))
		return usage_error("copy", "--read-ahead reads chunks before earlier ones are written: not with --overlap (a chunk could be read before it is written), --skip-read or --skip-write (one phase has nothing to overlap), nor --sync (one I/O at a time)");
	if (o->user_io == USER_IO_SYNC && o->depth > 1)
		return usage_error("copy", "--sync does one I/O at a time per stream: for more in flight, give more streams (-t), or drop --sync for io_uring");
	if ((o->init.size &&
	     hostaccess_fits(&o->init, o->chunk_size, msg, sizeof(msg))) ||
	    (o->host_access.size &&
	     hostaccess_fits(&o->host_access, o->chunk_size, msg, sizeof(msg))))
		return usage_error("copy", "%s (in a chunk of %llu bytes)", msg,
				   (unsigned long long)o->chunk_size);
	if (o->engine == ENGINE_USER && o->detach)
		return usage_error("copy", "--detach needs --engine kernel: a userspace copy lives and ends with this process");
	return 0;
}

/* Bytes of @size past @off; 0 when @off is past the end. */
static uint64_t room_past(uint64_t size, uint64_t off)
{
	return size > off ? size - off : 0;
}

static int copy_plan(const struct copy_opts *o, struct copy_plan *p)
{
	uint64_t room, dst_room;
	int ret;

	ret = device_arg("copy", o->src, &p->src);
	if (!ret)
		ret = device_arg("copy", o->dst, &p->dst);
	if (ret)
		return ret;
	p->lbs = p->src.lbs > p->dst.lbs ? p->src.lbs : p->dst.lbs;
	room = room_past(p->src.size, o->src_offset);
	dst_room = room_past(p->dst.size, o->dst_offset);
	if (dst_room < room)
		room = dst_room;

	p->chunk_count = 0;
	/* -c with -D: whichever ends first, as in p2pmem-test. */
	if (o->duration_ms && o->chunks_set)
		p->chunk_count = o->chunks;
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
	if (p->length > room || !p->length) {
		return usage_error("copy", "--length: copying %llu bytes needs more room than %s and %s have past their offsets (%llu bytes); lower --chunks or --length, or use --overlap",
				   (unsigned long long)(p->length ?: o->chunk_size),
				   o->src, o->dst, (unsigned long long)room);
	}
	return 0;
}

static uint32_t copy_flags(const struct copy_opts *o)
{
	return (o->detach ? P2PDMA_F_DETACH : 0) |
	       (o->overlap ? P2PDMA_F_OVERLAP : 0) |
	       (o->skip_read ? P2PDMA_F_SKIP_READ : 0) |
	       (o->skip_write ? P2PDMA_F_SKIP_WRITE : 0) |
	       (o->read_ahead ? P2PDMA_F_READ_AHEAD : 0);
}

/* The JOB_START of this copy; @flags adds to what the options ask. */
static struct nlmsghdr *copy_msg(struct p2p_nl *nl, const struct copy_opts *o,
				 const struct copy_plan *p, uint32_t flags)
{
	struct nlmsghdr *nlh = p2p_nl_msg(nl, P2PDMA_CMD_JOB_START, 0);

	p2p_nl_put_str(nl, nlh, P2PDMA_A_SRC_PATH, o->src);
	p2p_nl_put_str(nl, nlh, P2PDMA_A_DST_PATH, o->dst);
	if (o->provider.kind == PROVIDER_HOST)
		p2p_nl_put_u32(nl, nlh, P2PDMA_A_BUF_MODE, P2PDMA_BUF_HOST);
	else if (o->provider.kind == PROVIDER_PCI)
		p2p_nl_put_str(nl, nlh, P2PDMA_A_PROVIDER, o->provider.addr);
	p2p_nl_put_u64(nl, nlh, P2PDMA_A_SRC_OFFSET, o->src_offset);
	p2p_nl_put_u64(nl, nlh, P2PDMA_A_DST_OFFSET, o->dst_offset);
	p2p_nl_put_u64(nl, nlh, P2PDMA_A_LENGTH, p->length);
	if (p->chunk_count)
		p2p_nl_put_u64(nl, nlh, P2PDMA_A_CHUNK_COUNT, p->chunk_count);
	/* Each below was range-checked against the UAPI when parsed. */
	p2p_nl_put_u32(nl, nlh, P2PDMA_A_CHUNK_SIZE, (uint32_t)o->chunk_size);
	p2p_nl_put_u32(nl, nlh, P2PDMA_A_QUEUE_DEPTH, (uint32_t)o->depth);
	p2p_nl_put_u32(nl, nlh, P2PDMA_A_STREAMS, (uint32_t)o->streams);
	if (o->duration_ms)
		p2p_nl_put_u32(nl, nlh, P2PDMA_A_DURATION_MS, (uint32_t)o->duration_ms);
	if (o->buf_offset)
		p2p_nl_put_u32(nl, nlh, P2PDMA_A_BUF_OFFSET, (uint32_t)o->buf_offset);
	/* Absent, the module flushes once at the end. */
	if (o->fua)
		p2p_nl_put_u32(nl, nlh, P2PDMA_A_SYNC, P2PDMA_SYNC_FUA);
	else if (o->no_flush)
		p2p_nl_put_u32(nl, nlh, P2PDMA_A_SYNC, P2PDMA_SYNC_NONE);
	p2p_nl_put_u32(nl, nlh, P2PDMA_A_FLAGS, copy_flags(o) | flags);
	return nlh;
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
		doc_error(-ret, "--check", "--check: cannot read back: %s", strerror(-ret));
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
		doc_error(-ret, "--check", "--check: cannot write the pattern to %s: %s",
			  o->src, strerror(-ret));
	return ret ? EXIT_WORK_FAILED : 0;
}

/* Prints the job as asked; verifies it when @verify and it is done. */
static int copy_report(const struct copy_opts *o, const struct copy_plan *p,
		       const struct p2p_job *job, uint32_t seed, bool verify)
{
	bool checked = verify && o->check && job->state == P2PDMA_JOB_DONE;
	int ret = job->state == P2PDMA_JOB_DONE ? 0 : EXIT_WORK_FAILED;
	struct json j;

	if (o->summary) {
		if (checked && copy_verify(o, p, seed, NULL, true))
			ret = EXIT_WORK_FAILED;
		p2p_job_print_summary(stdout, job, ret == 0);
	} else if (cli.json) {
		doc_open(&j);
		p2p_job_json(&j, "job", job);
		if (checked && copy_verify(o, p, seed, &j, false))
			ret = EXIT_WORK_FAILED;
		doc_close(&j);
	} else {
		p2p_job_print_report(stdout, job);
		if (checked && copy_verify(o, p, seed, NULL, false))
			ret = EXIT_WORK_FAILED;
	}
	p2p_job_print_failure(stderr, job);
	return ret;
}

/*
 * The kernel's refusal names the port whose ACS redirects, not its bits
 * nor what clears them: the path query for the same provider has both.
 * Returns whether it found such a port.
 */
static bool copy_acs_hint_for(struct p2p_nl *nl, const char *provider,
			      const struct copy_plan *p)
{
	char acs[PCI_ACS_NAMES_LEN];
	struct path_answer ans;

	if (path_query(nl, provider, p->src.pci, p->dst.pci, &ans) ||
	    !ans.acs_bridge[0])
		return false;
	fprintf(stderr, "p2pdma: provider %s: port %s has ACS %s set: P2P requests go to the root complex, which does not forward them here; boot with pci=disable_acs_redir=%s to clear it\n",
		provider, ans.acs_bridge,
		pci_acs_redir_names(ans.acs_ctrl, acs, sizeof(acs)), ans.acs_bridge);
	return true;
}

/*
 * A named provider's refusal (EXDEV) is about that provider.  With "auto"
 * the kernel says only that no published provider serves the pair
 * (ENODEV): ask it about each, and name the first port in the way.
 */
static void copy_acs_hint(struct p2p_nl *nl, const struct copy_opts *o,
			  const struct copy_plan *p)
{
	enum { MAX_PROVIDERS = 16 };
	struct p2pmem_info providers[MAX_PROVIDERS];
	int i, n;

	if (o->provider.kind == PROVIDER_HOST || !p->src.pci[0] || !p->dst.pci[0])
		return;
	if (o->provider.kind == PROVIDER_PCI) {
		copy_acs_hint_for(nl, o->provider.addr, p);
		return;
	}
	n = p2pmem_scan(providers, MAX_PROVIDERS);
	for (i = 0; i < n && i < MAX_PROVIDERS; i++)
		if (providers[i].published &&
		    copy_acs_hint_for(nl, providers[i].addr, p))
			return;
}

/* Set by SIGINT and SIGTERM: cancel the copy, whichever engine runs it. */
static volatile sig_atomic_t copy_stop;

/* The userspace engine's parameters, the same options as the module's. */
static void copy_user_params(const struct copy_opts *o, const struct copy_plan *p,
			     const char *provider, struct user_copy *c)
{
	*c = (struct user_copy){
		.src = o->src, .dst = o->dst,
		.src_info = &p->src, .dst_info = &p->dst,
		.provider = provider,
		.src_offset = o->src_offset, .dst_offset = o->dst_offset,
		.length = p->length, .chunk_count = p->chunk_count,
		.chunk_size = (uint32_t)o->chunk_size,
		.queue_depth = (uint32_t)o->depth,
		.streams = (uint32_t)o->streams,
		.duration_ms = (uint32_t)o->duration_ms,
		.buf_offset = (uint32_t)o->buf_offset,
		.flags = copy_flags(o) & ~P2PDMA_F_DETACH,
		.sync = o->fua ? P2PDMA_SYNC_FUA :
			o->no_flush ? P2PDMA_SYNC_NONE : P2PDMA_SYNC_FLUSH,
		.io = o->user_io,
		.stop = &copy_stop,
	};
}

/*
 * When the buffers do not fit in the provider's free p2p memory: what
 * they need, and the deepest queue that fits.  Both engines take whole
 * pages of the provider's pool per buffer.
 */
static void copy_fit_hint(const struct copy_opts *o, const struct copy_plan *p,
			  const char *provider)
{
	struct p2pmem_info info;
	struct user_copy c;
	char need[32], have[32];
	uint64_t depth;

	if (!provider || p2pmem_read(provider, &info))
		return;
	copy_user_params(o, p, provider, &c);
	if (user_copy_footprint(&c) <= info.available)
		return;
	fprintf(stderr, "hint: %llu stream%s at queue depth %llu%s need%s %s of p2p memory; %s has %s free",
		(unsigned long long)o->streams, o->streams == 1 ? "" : "s",
		(unsigned long long)o->depth,
		o->read_ahead ? " with read-ahead" : "",
		o->streams == 1 ? "s" : "",
		fmt_size(need, sizeof(need), user_copy_footprint(&c)), provider,
		fmt_size(have, sizeof(have), info.available));
	for (depth = o->depth - 1; depth; depth--) {
		c.queue_depth = (uint32_t)depth;
		if (user_copy_footprint(&c) <= info.available)
			break;
	}
	if (depth)
		fprintf(stderr, ": -q %llu fits\n", (unsigned long long)depth);
	else
		fprintf(stderr, ": not even depth 1; fewer streams (-t) or a smaller chunk (-s)\n");
}

/* What to try next, for the refusals that have an obvious next step. */
static void copy_hint(struct p2p_nl *nl, const struct copy_opts *o,
		      const struct copy_plan *p, int err)
{
	if (err == -EXDEV || err == -ENODEV)
		copy_acs_hint(nl, o, p);
	switch (err) {
	case -ENOMEM:
		if (o->provider.kind == PROVIDER_PCI)
			copy_fit_hint(o, p, o->provider.addr);
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

/*
 * Before anything is written: what the copy overwrites must hold nothing
 * libblkid recognises, unless --force.  The destination, unless only
 * read; with --check the source too, which the pattern overwrites.
 */
static int copy_guard(const struct copy_opts *o, const struct copy_plan *p)
{
	int ret = 0;

	if (o->force)
		return 0;
	if (!o->skip_write)
		ret = signature_guard(o->dst, o->dst_offset, p->length);
	if (!ret && o->check)
		ret = signature_guard(o->src, o->src_offset, p->length);
	return ret;
}

/* Shell-quotes a path for a command line the user can paste. */
static void print_arg(FILE *out, const char *s)
{
	const char *c;

	if (!s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._-+:,=@")]) {
		fputs(s, out);
		return;
	}
	fputc('\'', out);
	for (c = s; *c; c++) {
		if (*c == '\'')
			fputs("'\\''", out);
		else
			fputc(*c, out);
	}
	fputc('\'', out);
}

/* A detached --check copy is verified by hand: say exactly how. */
static void copy_detached_hint(const struct copy_opts *o,
			       const struct copy_plan *p, uint32_t id,
			       uint32_t seed)
{
	fprintf(stderr, "p2pdma: job %u started with --check seed %u; when it is done, verify with: p2pdma check --seed %u -l %llu --src-offset %llu --dst-offset %llu ",
		id, seed, seed, (unsigned long long)p->length,
		(unsigned long long)o->src_offset,
		(unsigned long long)o->dst_offset);
	print_arg(stderr, o->dst);
	fputc('\n', stderr);
}

static void copy_signal(int sig)
{
	(void)sig;
	copy_stop = 1;
}

/*
 * From the real start on, SIGINT and SIGTERM only ask the wait to cancel
 * the job: dying would leave the module to cancel it unreported.
 * SA_RESTART keeps requests in flight from being cut in half; the wait's
 * poll() still wakes up.
 */
static void copy_catch_signals(void (*handler)(int))
{
	struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_RESTART };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static void copy_say_interrupted(const struct p2p_job *job)
{
	char who[32];

	p2p_job_label(job, who, sizeof(who));
	if (job->state == P2PDMA_JOB_CANCELLED)
		fprintf(stderr, "p2pdma: %s cancelled by signal", who);
	else
		fprintf(stderr, "p2pdma: %s was already %s when the signal came",
			who, p2p_job_state_name(job->state));
	fprintf(stderr, ": copied %llu", (unsigned long long)job->bytes_done);
	if (job->bytes_total)
		fprintf(stderr, " of %llu", (unsigned long long)job->bytes_total);
	fputs(" bytes; not verified\n", stderr);
}

/* Starts the job for real and, unless detached, sees it to its end. */
static int copy_run(struct p2p_nl *nl, const struct copy_opts *o,
		    const struct copy_plan *p, uint32_t seed)
{
	struct job_wait w = { .stop = &copy_stop };
	struct p2p_job job;
	int ret;

	/* Joined before the start, so that no event of the job is missed. */
	if (!o->detach) {
		if (job_wait_open(&w, nl, "lost"))
			return EXIT_WORK_FAILED;
		w.progress = !cli.quiet && !cli.json && isatty(STDERR_FILENO);
		copy_catch_signals(copy_signal);
	}
	ret = p2p_nl_talk(nl, copy_msg(nl, o, p, 0), p2p_job_cb, &job);
	if (ret) {
		p2p_nl_perror(nl, "copy refused", ret);
		copy_hint(nl, o, p, ret);
		ret = EXIT_WORK_FAILED;
		goto out;
	}
	if (o->detach) {
		if (cli.json) {
			struct json j;

			doc_open(&j);
			p2p_job_json(&j, "job", &job);
			doc_close(&j);
		} else {
			printf("%u\n", job.id);
			fflush(stdout);
		}
		if (o->check)
			copy_detached_hint(o, p, job.id, seed);
		return 0;
	}
	ret = job_wait_for(&w, job.id, &job);
	/* The job is over: a signal during the check may simply end us. */
	copy_catch_signals(SIG_DFL);
	if (ret) {
		ret = EXIT_WORK_FAILED;
		goto out;
	}
	if (copy_stop) {
		copy_report(o, p, &job, seed, false);
		copy_say_interrupted(&job);
		ret = EXIT_SIGNAL;
	} else {
		ret = copy_report(o, p, &job, seed, true);
	}
out:
	if (!o->detach)
		job_wait_close(&w);
	return ret;
}

/*
 * Every copy is first sent as a dry run: the module checks devices,
 * ranges, path and memory and lets go of them, so a copy that would be
 * refused is refused before --check overwrites its source.  For a copy
 * without --check it costs one round trip, and keeps one way through.
 */
static int copy_dry_run(struct p2p_nl *nl, const struct copy_opts *o,
			const struct copy_plan *p)
{
	int ret = p2p_nl_talk(nl, copy_msg(nl, o, p, P2PDMA_F_DRY_RUN), NULL, NULL);

	if (ret) {
		p2p_nl_perror(nl, "copy refused", ret);
		copy_hint(nl, o, p, ret);
	}
	return ret;
}

/*
 * The provider of a userspace copy.  With 'auto', the module's pick when
 * it is loaded (the kernel's own rules); without it, SRC's or DST's own
 * p2pmem, else the first published.  @ans gets the module's verdict.
 */
static int copy_user_provider(const struct copy_opts *o,
			      const struct copy_plan *p, char *addr,
			      struct path_answer *ans)
{
	enum { MAX_PROVIDERS = 16 };
	struct p2pmem_info providers[MAX_PROVIDERS], info;
	const char *named = o->provider.kind == PROVIDER_PCI ? o->provider.addr : NULL;
	struct p2p_nl nl;
	int i, n;

	/* Without the module there is no verdict, and the I/O will tell. */
	memset(ans, 0, sizeof(*ans));
	if (!p2p_nl_open(&nl) &&
	    path_query(&nl, named, p->src.pci, p->dst.pci, ans))
		memset(ans, 0, sizeof(*ans));
	p2p_nl_close(&nl);
	if (named) {
		snprintf(addr, PCI_ADDR_LEN, "%s", named);
		return 0;
	}
	if (ans->ok) {
		snprintf(addr, PCI_ADDR_LEN, "%s", ans->provider);
		return 0;
	}
	if (!p2pmem_read(p->src.pci, &info) && info.published) {
		snprintf(addr, PCI_ADDR_LEN, "%s", p->src.pci);
		return 0;
	}
	if (!p2pmem_read(p->dst.pci, &info) && info.published) {
		snprintf(addr, PCI_ADDR_LEN, "%s", p->dst.pci);
		return 0;
	}
	n = p2pmem_scan(providers, MAX_PROVIDERS);
	for (i = 0; i < n && i < MAX_PROVIDERS; i++) {
		if (providers[i].published) {
			snprintf(addr, PCI_ADDR_LEN, "%s", providers[i].addr);
			return 0;
		}
	}
	doc_error(ENODEV, "PROVIDER", "copy refused: no published p2p memory; name a PROVIDER, or 'none' for host memory");
	return EXIT_WORK_FAILED;
}

/* The module's verdict on the path, when it gave one, goes in the report. */
static void copy_user_path(struct p2p_job *job, const struct path_answer *ans)
{
	if (!ans->ok || strcmp(ans->provider, job->provider))
		return;
	job->has_distance = true;
	job->distance = ans->distance;
	job->has_mapping = ans->has_mapping;
	job->mapping = ans->mapping;
}

/*
 * p2pmem-test's --init, then --host_access, on the first chunk of @mem,
 * before the copy: the table goes to stderr under -j, so that stdout
 * stays one JSON document.
 */
static int copy_host_access(const struct copy_opts *o, void *mem, uint32_t seed)
{
	const struct hostaccess_spec *specs[] = { &o->init, &o->host_access };
	struct hostaccess_result r[2];
	uint64_t bad = 0;
	size_t i, n = 0;
	int ret;

	for (i = 0; i < 2; i++) {
		if (!specs[i]->size)
			continue;
		ret = hostaccess_run_guarded(mem, o->chunk_size, specs[i], seed, &r[n]);
		if (ret) {
			doc_error(-ret, i ? "--host_access" : "--init", "%s: %s",
				  i ? "--host_access" : "--init",
				  ret == -EFAULT ? "SIGBUS: the CPU access was refused" :
				  strerror(-ret));
			return EXIT_WORK_FAILED;
		}
		bad += r[n++].mismatches;
	}
	if (n)
		hostaccess_print(cli.json ? stderr : stdout, r, n);
	if (!bad)
		return 0;
	doc_error(EIO, NULL, "CPU access to the buffer: %llu mismatches; not copying",
		  (unsigned long long)bad);
	return EXIT_WORK_FAILED;
}

/*
 * The kernel engine's buffers are the module's: --host_access and --init
 * run on a buffer of the same provider, mapped for them.
 */
static int copy_host_access_kernel(struct p2p_nl *nl, const struct copy_opts *o,
				   const struct copy_plan *p, uint32_t seed)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t len = (o->chunk_size + page - 1) / page * page;
	struct path_answer ans;
	const char *addr = o->provider.addr;
	char msg[512];
	void *mem;
	int ret;

	if (!o->init.size && !o->host_access.size)
		return 0;
	if (o->provider.kind == PROVIDER_HOST) {
		mem = calloc(1, len);
		ret = mem ? copy_host_access(o, mem, seed) : EXIT_WORK_FAILED;
		free(mem);
		return ret;
	}
	if (o->provider.kind == PROVIDER_AUTO) {
		if (path_query(nl, NULL, p->src.pci, p->dst.pci, &ans) || !ans.ok) {
			doc_error(ENODEV, "PROVIDER", "--host_access/--init: no provider the module would pick");
			return EXIT_WORK_FAILED;
		}
		addr = ans.provider;
	}
	mem = p2pmem_map(addr, len, msg, sizeof(msg));
	if (!mem) {
		doc_error(errno, "PROVIDER", "--host_access/--init: %s", msg);
		return EXIT_WORK_FAILED;
	}
	ret = copy_host_access(o, mem, seed);
	p2pmem_unmap(mem, len);
	return ret;
}

/*
 * Runs the copy in this process: refused, like the module's, before
 * --check overwrites the source; reported the same way.
 */
static int copy_user(const struct copy_opts *o, const struct copy_plan *p,
		     uint32_t seed)
{
	char provider[PCI_ADDR_LEN], msg[512];
	struct path_answer ans = { 0 };
	const char *hint;
	struct user_copy c;
	struct p2p_job job;
	struct ucopy *u;
	int ret;

	if (o->provider.kind != PROVIDER_HOST &&
	    copy_user_provider(o, p, provider, &ans))
		return EXIT_WORK_FAILED;
	copy_user_params(o, p, o->provider.kind == PROVIDER_HOST ? NULL : provider, &c);
	if (user_copy_check(&c, msg, sizeof(msg))) {
		doc_error(EINVAL, NULL, "copy refused: %s", msg);
		return EXIT_WORK_FAILED;
	}
	u = user_copy_prepare(&c, msg, sizeof(msg));
	if (!u) {
		ret = errno;
		doc_error(ret, NULL, "copy refused: %s", msg);
		if (ret == ENOMEM)
			copy_fit_hint(o, p, c.provider);
		return EXIT_WORK_FAILED;
	}
	if (o->init.size || o->host_access.size) {
		size_t len;

		ret = copy_host_access(o, user_copy_buffers(u, &len), seed);
		if (ret)
			goto out;
	}
	ret = copy_guard(o, p);
	if (!ret && o->check)
		ret = copy_fill(o, p, seed);
	if (ret)
		goto out;
	copy_catch_signals(copy_signal);
	ret = user_copy_run(u, &job);
	copy_catch_signals(SIG_DFL);
	if (ret) {
		doc_error(-ret, NULL, "copy failed: cannot start a stream: %s",
			  strerror(-ret));
		ret = EXIT_WORK_FAILED;
		goto out;
	}
	copy_user_path(&job, &ans);
	if (copy_stop) {
		copy_report(o, p, &job, seed, false);
		copy_say_interrupted(&job);
		ret = EXIT_SIGNAL;
		goto out;
	}
	/* Unmapped first: a check of the destination needs nothing of it. */
	user_copy_release(u);
	u = NULL;
	ret = copy_report(o, p, &job, seed, true);
	hint = user_copy_failure_hint(&job);
	if (hint)
		fprintf(stderr, "hint: %s\n", hint);
out:
	user_copy_release(u);
	return ret;
}

int cmd_copy(int argc, char **argv)
{
	struct copy_opts o;
	struct copy_plan p;
	struct p2p_nl nl;
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
	if (o.engine == ENGINE_USER)
		return copy_user(&o, &p, seed);

	if (p2p_nl_connect(&nl))
		return EXIT_WORK_FAILED;
	/*
	 * The kernel's refusals (no privilege, no path) come before ours:
	 * they are the more basic, and need nothing opened here.
	 */
	if (copy_dry_run(&nl, &o, &p)) {
		ret = EXIT_WORK_FAILED;
		goto out;
	}
	ret = copy_host_access_kernel(&nl, &o, &p, seed);
	if (!ret)
		ret = copy_guard(&o, &p);
	if (!ret && o.check)
		ret = copy_fill(&o, &p, seed);
	if (!ret)
		ret = copy_run(&nl, &o, &p, seed);
out:
	p2p_nl_close(&nl);
	return ret;
}
