// SPDX-License-Identifier: GPL-2.0
/*
 * p2pdma fill --seed N -l LENGTH [--offset OFF] DEV
 * p2pdma check --seed N -l LENGTH [--src-offset OFF] [--dst-offset OFF] DEV
 *
 * The two halves of 'copy --check', for copies that run detached or for a
 * tool of one's own: fill writes the seeded pattern, check reads a device
 * back and compares every block with what the source range held.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "limits.h"
#include "p2pdma.h"
#include "signature.h"
#include "sysfs.h"
#include "units.h"
#include "verify.h"

const char fill_usage[] =
	"usage: p2pdma fill --seed N -l LENGTH [--offset OFF] [--force] DEV\n"
	"  writes the --check pattern over LENGTH bytes of DEV from OFF, as the\n"
	"  source range of a copy\n"
	"      --seed          seed of the pattern\n"
	"  -l, --length        bytes to fill\n"
	"      --offset        byte offset on DEV (default 0)\n"
	"      --force         write even over a filesystem, RAID member or\n"
	"                      partition found on DEV\n";

const char check_usage[] =
	"usage: p2pdma check --seed N -l LENGTH [--src-offset OFF] [--dst-offset OFF] DEV\n"
	"  compares LENGTH bytes of DEV from --dst-offset with the pattern that\n"
	"  'fill' wrote at --src-offset of the source; exits 1 on a mismatch\n"
	"      --seed          seed of the pattern\n"
	"  -l, --length        bytes to compare\n"
	"      --src-offset    where the range started on the source (default 0)\n"
	"      --dst-offset    where the range starts on DEV (default 0)\n"
	"  -j, --json          print the result as JSON\n";

enum { OPT_SEED = 256, OPT_SRC_OFFSET, OPT_DST_OFFSET, OPT_FORCE };

/* One option of fill or check; @force is NULL for check, which only reads. */
static int pattern_opt(int c, const char *cmd, struct verify_range *r,
		       uint64_t *src_offset, bool *force)
{
	uint64_t v;
	int ret;

	switch (c) {
	case OPT_SEED:
		ret = number_arg(cmd, &limit_seed, optarg, &v);
		r->seed = (uint32_t)v;
		return ret;
	case 'l':
		return number_arg(cmd, &limit_length, optarg, &r->length);
	case OPT_SRC_OFFSET:
		/* fill writes the source range itself: there is no other. */
		if (force)
			return usage_error(cmd, "--src-offset: fill writes the source range itself; give where it starts as --offset");
		return number_arg(cmd, &limit_src_offset, optarg, src_offset);
	case OPT_DST_OFFSET:
		return number_arg(cmd, force ? &limit_dev_offset : &limit_dst_offset,
				  optarg, &r->offset);
	case OPT_FORCE:
		if (!force)
			break;
		*force = true;
		return 0;
	}
	/* Only --force of check comes here. */
	return usage_error(cmd, "--force: check only reads, and takes no --force");
}

static int pattern_args(int argc, char **argv, const char *cmd,
			struct verify_range *r, uint64_t *src_offset,
			bool *force)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "length", required_argument, NULL, 'l' },
		{ "offset", required_argument, NULL, OPT_DST_OFFSET },
		{ "src-offset", required_argument, NULL, OPT_SRC_OFFSET },
		{ "dst-offset", required_argument, NULL, OPT_DST_OFFSET },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ 0 }
	};
	struct blkdev_info info;
	bool seeded = false;
	int c, ret;

	*src_offset = 0;
	while ((c = getopt_long(argc, argv, ":l:", opts, NULL)) != -1) {
		if (c == '?' || c == ':')
			return option_error(cmd, c, argv);
		seeded |= c == OPT_SEED;
		ret = pattern_opt(c, cmd, r, src_offset, force);
		if (ret)
			return ret;
	}
	if (!seeded || !r->length || argc - optind != 1)
		return usage_error(cmd, "give --seed, --length and one device");
	r->dev = argv[optind];
	ret = device_arg(cmd, r->dev, &info);
	if (ret)
		return ret;
	r->lbs = info.lbs;
	if (r->length % r->lbs || r->offset % r->lbs || *src_offset % r->lbs)
		return usage_error(cmd, "offsets and length must be multiples of %s's logical block size, %u",
				   r->dev, r->lbs);
	if (r->offset + r->length > info.size || r->offset + r->length < r->offset)
		return usage_error(cmd, "the range runs past the end of %s", r->dev);
	return 0;
}

int cmd_fill(int argc, char **argv)
{
	struct verify_range r = { 0 };
	bool force = false;
	uint64_t unused;
	struct json j;
	int ret = pattern_args(argc, argv, "fill", &r, &unused, &force);

	if (!ret && !force)
		ret = signature_guard(r.dev, r.offset, r.length);
	if (ret)
		return ret;
	r.src_offset = r.offset;
	ret = verify_fill(&r);
	if (ret) {
		doc_error(-ret, "DEV", "fill %s: %s", r.dev, strerror(-ret));
		return EXIT_WORK_FAILED;
	}
	if (cli.json) {
		doc_open(&j);
		verify_range_json(&j, "range", &r);
		doc_close(&j);
	}
	return 0;
}

int cmd_check(int argc, char **argv)
{
	struct verify_range r = { 0 };
	struct verify_report rep;
	struct json j;
	int ret = pattern_args(argc, argv, "check", &r, &r.src_offset, NULL);

	if (ret)
		return ret;
	ret = verify_check(&r, &rep);
	if (ret) {
		doc_error(-ret, "DEV", "check %s: %s", r.dev, strerror(-ret));
		return EXIT_WORK_FAILED;
	}
	if (cli.json) {
		doc_open(&j);
		verify_json(&j, "check", &r, &rep);
		doc_close(&j);
	} else {
		verify_print(stdout, "destination", &r, &rep);
	}
	return rep.bad_blocks ? EXIT_WORK_FAILED : 0;
}
