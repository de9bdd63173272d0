// SPDX-License-Identifier: GPL-2.0
/*
 * p2pdma hostaccess [OPTIONS] PROVIDER
 *
 * CPU loads and stores to a provider's p2p memory, mmapped from its
 * p2pmem/allocate file (Linux 6.2+): p2pmem-test's --host_access and
 * --init, by default for every access size, aligned and not, since CPU
 * access to a BAR is what breaks first on many platforms.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hostaccess.h"
#include "document.h"
#include "json.h"
#include "limits.h"
#include "p2pdma.h"
#include "p2pmem.h"
#include "provider.h"
#include "units.h"

/*
 * Under QEMU every access to an emulated BAR is a trip to the device
 * model, microseconds each.  A default run makes 11 checks of four passes
 * (write and read sweeps, random writes and reads), 64-byte ones four
 * accesses each without AVX-512: about 70,000 accesses at 1024, under half
 * a second there.  p2pmem-test's 64 would leave most of the buffer alone.
 */
#define DEFAULT_COUNT		1024
#define DEFAULT_LENGTH		(1 << 20)
/* One init and every size twice, less 1-byte unaligned. */
#define MAX_TESTS		12

const char hostaccess_usage[] =
	"usage: p2pdma hostaccess [OPTIONS] PROVIDER\n"
	"  checks CPU loads and stores to PROVIDER's p2p memory (Linux 6.2+):\n"
	"  random data written at random offsets is read back and compared, and\n"
	"  a write and a read sweep are timed; by default for every access size,\n"
	"  aligned and 1 byte off; exits 1 on a mismatch\n"
	"  PROVIDER            its PCI address, sysfs directory or p2pmem/allocate\n"
	"                      file\n"
	"  -s, --size          bytes per access: 1, 2, 4, 8, 16 or 64, aligned\n"
	"                      unless --unaligned\n"
	"      --unaligned     start each access 1 byte past an aligned offset\n"
	"      --read-only     only read, compare nothing\n"
	"  -n, --count         random accesses, and accesses per sweep, per size\n"
	"                      (default 1024, at most 1M)\n"
	"  -l, --length        bytes of p2p memory to map, a multiple of the page\n"
	"                      size (default 1M)\n"
	"      --init          SIZE[:TOTAL]: zero TOTAL bytes (default 4096) with\n"
	"                      SIZE-byte stores first, then read them back; alone,\n"
	"                      the only test\n"
	"      --host_access   SIZE[:COUNT]: p2pmem-test's -s and -n (COUNT\n"
	"                      default 64); a negative SIZE only reads, 0 tests\n"
	"                      nothing\n"
	"      --seed          seed of the offsets and data, 0 to 4294967295\n"
	"                      (default and -1: time)\n"
	"  -j, --json          print the results as JSON\n";

enum {
	OPT_UNALIGNED = 256, OPT_READ_ONLY, OPT_INIT, OPT_HOST_ACCESS,
	OPT_SEED,
};

static const struct limit limit_count = {
	.opt = "--count", .min = 1, .max = HOSTACCESS_COUNT_MAX,
	.unit = LIMIT_COUNT,
};
static const struct limit limit_map_length = {
	.opt = "--length", .min = 1, .max = SIZE_MAX, .unit = LIMIT_BYTES,
};

struct hostaccess_opts {
	struct provider_ref provider;
	struct hostaccess_spec check;	/* size 0: every size */
	struct hostaccess_spec init;	/* size 0: no init */
	bool check_asked;		/* any option of the check given */
	bool check_spelled;		/* -s, -n or --read-only */
	bool host_access;		/* --host_access given */
	uint64_t length;
	uint32_t seed;
};

static int size_opt(const char *arg, unsigned int *size)
{
	uint64_t v;

	if (parse_uint(arg, HOSTACCESS_SIZE_MAX, &v) || !hostaccess_size_valid(v))
		return usage_error("hostaccess", "--size '%s': 1, 2, 4, 8, 16 or 64",
				   arg);
	*size = (unsigned int)v;
	return 0;
}

/* p2pmem-test's "-1": a seed from the clock. */
static int seed_opt(const char *arg, uint32_t *seed)
{
	uint64_t v;
	int ret;

	if (!strcmp(arg, "-1")) {
		*seed = (uint32_t)time(NULL);
		return 0;
	}
	ret = number_arg("hostaccess", &limit_seed, arg, &v);
	*seed = (uint32_t)v;
	return ret;
}

static int spec_opt(const char *arg, struct hostaccess_spec *spec,
		    int (*parse)(const char *, struct hostaccess_spec *,
				 char *, size_t))
{
	char msg[256];

	if (parse(arg, spec, msg, sizeof(msg)))
		return usage_error("hostaccess", "%s", msg);
	return 0;
}

static int hostaccess_opt(int c, struct hostaccess_opts *o)
{
	uint64_t v;
	int ret;

	o->check_asked |= c == 's' || c == 'n' || c == OPT_UNALIGNED ||
			  c == OPT_READ_ONLY || c == OPT_HOST_ACCESS;
	o->check_spelled |= c == 's' || c == 'n' || c == OPT_READ_ONLY;
	switch (c) {
	case 's':
		return size_opt(optarg, &o->check.size);
	case 'n':
		ret = number_arg("hostaccess", &limit_count, optarg, &v);
		o->check.count = v;
		return ret;
	case 'l':
		return number_arg("hostaccess", &limit_map_length, optarg,
				  &o->length);
	case OPT_UNALIGNED:
		o->check.unaligned = true;
		return 0;
	case OPT_READ_ONLY:
		o->check.read_only = true;
		return 0;
	case OPT_INIT:
		return spec_opt(optarg, &o->init, hostaccess_parse_init);
	case OPT_HOST_ACCESS:
		o->host_access = true;
		return spec_opt(optarg, &o->check, hostaccess_parse);
	case OPT_SEED:
		return seed_opt(optarg, &o->seed);
	}
	return 0;
}

static int hostaccess_args(int argc, char **argv, struct hostaccess_opts *o)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "unaligned", no_argument, NULL, OPT_UNALIGNED },
		{ "read-only", no_argument, NULL, OPT_READ_ONLY },
		{ "count", required_argument, NULL, 'n' },
		{ "length", required_argument, NULL, 'l' },
		{ "init", required_argument, NULL, OPT_INIT },
		{ "host_access", required_argument, NULL, OPT_HOST_ACCESS },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ 0 }
	};
	bool unaligned;
	int c, ret;

	o->check.count = DEFAULT_COUNT;
	o->length = DEFAULT_LENGTH;
	o->seed = (uint32_t)time(NULL);
	while ((c = getopt_long(argc, argv, ":s:n:l:", opts, NULL)) != -1) {
		if (c == '?' || c == ':')
			return option_error("hostaccess", c, argv);
		/* --host_access sets the whole check, --unaligned included. */
		unaligned = o->check.unaligned;
		ret = hostaccess_opt(c, o);
		if (ret)
			return ret;
		o->check.unaligned |= unaligned;
	}
	if (o->host_access && o->check_spelled)
		return usage_error("hostaccess", "--host_access is p2pmem-test's spelling of -s, -n and --read-only: give one or the other");
	if (o->host_access && !o->check.size && !o->init.size)
		return usage_error("hostaccess", "--host_access 0 and no --init: nothing to test");
	if (o->length % (uint64_t)sysconf(_SC_PAGESIZE))
		return usage_error("hostaccess", "--length %llu: a multiple of the page size, %ld",
				   (unsigned long long)o->length,
				   sysconf(_SC_PAGESIZE));
	if (argc - optind != 1)
		return usage_error("hostaccess", "give one PROVIDER");
	ret = provider_arg("hostaccess", argv[optind], &o->provider);
	if (ret)
		return ret;
	if (o->provider.kind != PROVIDER_PCI)
		return usage_error("hostaccess", "PROVIDER '%s': hostaccess needs the PCI function whose p2p memory to map ('p2pdma list' shows them)",
				   argv[optind]);
	return 0;
}

/*
 * The tests the options ask for, in the order they run: --init first, as
 * p2pmem-test; then the check, for one size or all.  Alone, --init is
 * all that runs.
 */
static size_t plan_tests(const struct hostaccess_opts *o,
			 struct hostaccess_spec *plan)
{
	const struct hostaccess_spec *c = &o->check;
	struct hostaccess_spec each;
	const unsigned int *size;
	size_t n = 0;

	if (o->init.size)
		plan[n++] = o->init;
	if ((o->init.size && !o->check_asked) || (o->host_access && !c->size))
		return n;
	if (c->size) {
		plan[n++] = *c;
		return n;
	}
	for (size = hostaccess_sizes; *size; size++) {
		each = *c;
		each.size = *size;
		if (!c->unaligned)
			plan[n++] = each;
		each.unaligned = true;
		/* An unaligned byte is just a byte at an odd address. */
		if (*size > 1)
			plan[n++] = each;
	}
	return n;
}

static uint64_t total_mismatches(const struct hostaccess_result *r, size_t n)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += r[i].mismatches;
	return sum;
}

/* The @n tests that ran; @error says why the next did not finish. */
static void report(const struct hostaccess_opts *o,
		   const struct hostaccess_result *r, size_t n,
		   const char *error)
{
	uint64_t bad = total_mismatches(r, n);
	char len[32];
	struct json j;
	size_t i;

	if (cli.json) {
		doc_open(&j);
		json_str(&j, "provider", o->provider.addr);
		json_u64(&j, "length", o->length);
		json_u64(&j, "seed", o->seed);
		json_arr_open(&j, "tests");
		for (i = 0; i < n; i++) {
			json_obj_open(&j, NULL);
			hostaccess_json(&j, &r[i]);
			json_obj_close(&j);
		}
		json_arr_close(&j);
		json_u64(&j, "mismatches", bad);
		doc_close(&j);
		return;
	}
	printf("p2p memory of %s: %s mapped, seed %u\n", o->provider.addr,
	       fmt_size(len, sizeof(len), o->length), o->seed);
	hostaccess_print(stdout, r, n);
	if (!error && !bad)
		printf("no mismatch in %zu test%s\n", n, n == 1 ? "" : "s");
	else if (!error)
		printf("%llu mismatches\n", (unsigned long long)bad);
}

int cmd_hostaccess(int argc, char **argv)
{
	struct hostaccess_spec plan[MAX_TESTS];
	struct hostaccess_result results[MAX_TESTS];
	struct hostaccess_opts o = { 0 };
	char msg[512], error[160], len[32];
	size_t n, i;
	void *mem;
	int ret = hostaccess_args(argc, argv, &o);

	if (ret)
		return ret;
	n = plan_tests(&o, plan);
	for (i = 0; i < n; i++)
		if (hostaccess_fits(&plan[i], o.length, msg, sizeof(msg)))
			return usage_error("hostaccess", "%s (--length %s)", msg,
					   fmt_size(len, sizeof(len), o.length));
	mem = p2pmem_map(o.provider.addr, o.length, msg, sizeof(msg));
	if (!mem) {
		doc_error(errno, "PROVIDER", "%s", msg);
		return EXIT_WORK_FAILED;
	}
	for (i = 0; i < n; i++) {
		ret = hostaccess_run_guarded(mem, o.length, &plan[i], o.seed, &results[i]);
		if (ret)
			break;
	}
	p2pmem_unmap(mem, o.length);
	if (ret == -EFAULT)
		snprintf(error, sizeof(error), "SIGBUS in the %s of %u-byte %s accesses",
			 hostaccess_test_name(&plan[i]), plan[i].size,
			 plan[i].unaligned ? "unaligned" : "aligned");
	else if (ret)
		snprintf(error, sizeof(error), "%s", strerror(-ret));
	/* Said first, so that the JSON document carries it. */
	if (ret)
		doc_error(-ret, NULL, "p2p memory of %s: %s", o.provider.addr, error);
	report(&o, results, i, ret ? error : NULL);
	if (ret)
		return EXIT_WORK_FAILED;
	return total_mismatches(results, n) ? EXIT_WORK_FAILED : 0;
}
