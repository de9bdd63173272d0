// SPDX-License-Identifier: GPL-2.0
/*
 * p2pdma: drives the p2pdma_harness kernel module.
 *
 *   p2pdma [-j] [--quiet] list | copy | jobs | status | cancel | wait | monitor
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "limits.h"
#include "p2pdma.h"
#include "provider.h"
#include "sysfs.h"
#include "units.h"

struct cli cli;

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	const char *usage;
} commands[] = {
	{ "list", cmd_list, "p2pmem providers, NVMe devices and which pairs can do P2P", list_usage },
	{ "copy", cmd_copy, "copy SRC to DST through p2pmem and report (and --check) it", copy_usage },
	{ "jobs", cmd_jobs, "list the module's jobs", jobs_usage },
	{ "status", cmd_status, "show one job in full", status_usage },
	{ "cancel", cmd_cancel, "stop a job", cancel_usage },
	{ "wait", cmd_wait, "wait until a job has ended and report it", wait_usage },
	{ "monitor", cmd_monitor, "print job events as they happen", monitor_usage },
	{ "fill", cmd_fill, "write the --check pattern over a range", fill_usage },
	{ "check", cmd_check, "compare a range with the --check pattern of a source range", check_usage },
	{ "hostaccess", cmd_hostaccess, "check CPU loads and stores to a provider's p2p memory", hostaccess_usage },
	{ "doctor", cmd_doctor, "say why P2PDMA would not work here, and what to do", doctor_usage },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	size_t i;

	fprintf(out,
		"usage: p2pdma [-j|--json] [--quiet] [-V|--version] COMMAND [ARGS]\n"
		"       p2pdma COMMAND --help\n\ncommands:\n");
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
}

int json_only_args(int argc, char **argv, const char *cmd)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-j") && strcmp(argv[i], "--json"))
			return usage_error(cmd, "'%s': %s takes no arguments but -j", argv[i], cmd);
		cli.json = true;
	}
	return 0;
}

int number_arg(const char *cmd, const struct limit *l, const char *arg,
	       uint64_t *out)
{
	char msg[160];

	if (parse_size(arg, out))
		return usage_error(cmd, "%s: '%s' is not a %s", l->opt, arg,
				   l->unit == LIMIT_BYTES ?
				   "size (like 4096, 4k, 1M)" : "number");
	if (limit_check(l, arg, *out, msg, sizeof(msg)))
		return usage_error(cmd, "%s", msg);
	return 0;
}

int device_arg(const char *cmd, const char *dev, struct blkdev_info *info)
{
	int ret = blkdev_info_of(dev, info);

	if (ret == -ENOENT || ret == -ENOTDIR)
		return usage_error(cmd, "%s: no such device", dev);
	if (ret)
		return usage_error(cmd, "%s is not a block device", dev);
	return 0;
}

/*
 * realpath() of PROVIDER as typed.  Before 6.2 a provider has no allocate
 * file, yet p2pmem-test's path to it still names the provider for the
 * module's engine: resolved through its PCI function's directory.
 */
static bool provider_realpath(const char *typed, char *real)
{
	static const char allocate[] = "/p2pmem/allocate";
	size_t n = strlen(typed), an = sizeof(allocate) - 1;
	char dir[PATH_MAX];

	if (!strchr(typed, '/'))
		return false;
	if (realpath(typed, real))
		return true;
	if (n <= an || n - an >= sizeof(dir) || strcmp(typed + n - an, allocate))
		return false;
	memcpy(dir, typed, n - an);
	dir[n - an] = '\0';
	if (!realpath(dir, real) || strlen(real) + an >= PATH_MAX)
		return false;
	strcat(real, allocate);
	return true;
}

int provider_arg(const char *cmd, const char *typed, struct provider_ref *p)
{
	char real[PATH_MAX], msg[512];
	bool is_path = provider_realpath(typed, real);

	if (provider_parse(typed, is_path ? real : NULL, p, msg, sizeof(msg)))
		return usage_error(cmd, "%s", msg);
	return 0;
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("p2pdma: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\ntry 'p2pdma %s%s--help'\n", cmd ?: "", cmd ? " " : "");
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'Q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 }
	};
	size_t i;
	int c;

	/* '+': stop at the command, whose own options follow it. */
	while ((c = getopt_long(argc, argv, "+jhV", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			cli.json = true;
			break;
		case 'Q':
			cli.quiet = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("p2pdma %s\n", P2PDMA_VERSION);
			return 0;
		default:
			return usage_error(NULL, "unknown option");
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < NR_COMMANDS; i++) {
		if (!strcmp(argv[optind], commands[i].name)) {
			if (optind + 1 < argc && (!strcmp(argv[optind + 1], "-h") ||
						  !strcmp(argv[optind + 1], "--help"))) {
				fputs(commands[i].usage, stdout);
				return 0;
			}
			argv += optind;
			argc -= optind;
			optind = 0;	/* let the command's getopt start over */
			return commands[i].fn(argc, argv);
		}
	}
	return usage_error(NULL, "unknown command '%s'", argv[optind]);
}
