// SPDX-License-Identifier: GPL-2.0
/*
 * p2pdma: drives the p2pdma_harness kernel module.
 *
 *   p2pdma [-j] [--quiet] COMMAND [ARGS]
 *
 * -j, --quiet and --help may come anywhere on the line, as in ip(8) and
 * nvme-cli: they are taken out here and the command sees the rest.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "document.h"
#include "limits.h"
#include "p2pdma.h"
#include "provider.h"
#include "sysfs.h"
#include "units.h"

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
	if (argc > 1 && argv[1][0] == '-')
		return usage_error(cmd, "%s: no such option (%s takes only -j)",
				   argv[1], cmd);
	if (argc > 1)
		return usage_error(cmd, "'%s': %s takes no arguments", argv[1], cmd);
	return 0;
}

int option_error(const char *cmd, int c, char **argv)
{
	const char *typed = argv[optind - 1];
	int len = (int)strcspn(typed, "=");

	if (c == ':')
		return usage_error(cmd, "%.*s needs a value", len, typed);
	/* A short option inside a group, "-xs": name the one refused. */
	if (optopt && typed[0] == '-' && typed[1] != '-')
		return usage_error(cmd, "-%c: no such option", optopt);
	return usage_error(cmd, "%.*s: no such option", len, typed);
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

/*
 * The option a refusal starts with, "--chunk_size 8M: at most 4M", is the
 * one at fault: the JSON error names it.  Refusals about an argument
 * start with its name in capitals ("SRC '...' is too long").
 */
static void usage_error_attribute(const char *msg, char *attr, size_t len)
{
	size_t n = strcspn(msg, " :'=");
	bool option = msg[0] == '-';
	bool argument = n && strspn(msg, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == n;

	attr[0] = '\0';
	if ((option || argument) && n < len) {
		memcpy(attr, msg, n);
		attr[n] = '\0';
	}
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	char msg[512], attr[48];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "p2pdma: %s\ntry 'p2pdma %s%s--help'\n", msg, cmd ?: "",
		cmd ? " " : "");
	usage_error_attribute(msg, attr, sizeof(attr));
	doc_error_quiet(0, attr, msg);
	return EXIT_USAGE;
}

static const struct command *command_of(const char *name)
{
	size_t i;

	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

/*
 * Takes -j, --json, --quiet, -h and --help out of @argv (up to "--"),
 * wherever they are; returns the new argc.
 */
static int take_global_options(int argc, char **argv, bool *help)
{
	int i, n = 1;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				argv[n++] = argv[i++];
			break;
		}
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json"))
			cli.json = true;
		else if (!strcmp(argv[i], "--quiet"))
			cli.quiet = true;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			*help = true;
		else
			argv[n++] = argv[i];
	}
	argv[n] = NULL;
	return n;
}

int main(int argc, char **argv)
{
	const struct command *cmd = NULL;
	bool help = false;
	int i, ret;

	argc = take_global_options(argc, argv, &help);
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version")) {
			printf("p2pdma %s\n", P2PDMA_VERSION);
			return 0;
		}
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		ret = usage_error(NULL, "%s: no such option before the command", argv[i]);
		doc_finish(ret);
		return ret;
	}
	if (i < argc) {
		cmd = command_of(argv[i]);
		if (!cmd) {
			ret = usage_error(NULL, "'%s' is not a command", argv[i]);
			doc_finish(ret);
			return ret;
		}
	}
	if (help) {
		if (cmd)
			fputs(cmd->usage, stdout);
		else
			usage(stdout);
		return 0;
	}
	if (!cmd) {
		usage(stderr);
		return EXIT_USAGE;
	}
	doc_command(cmd->name);
	/* Our own words for a bad option, with one prefix: not getopt's. */
	opterr = 0;
	optind = 0;
	ret = cmd->fn(argc - i, argv + i);
	doc_finish(ret);
	return ret;
}
