/* SPDX-License-Identifier: GPL-2.0 */
/* The runner's subcommands and what they share. */
#ifndef P2PDMA_H
#define P2PDMA_H

#include <stdbool.h>
#include <stdint.h>

struct blkdev_info;
struct limit;
struct provider_ref;

struct cli {
	bool json;		/* machine-readable output */
	bool quiet;		/* no progress, no chatter */
};

extern struct cli cli;

/* Exit codes: like nvme-cli and ip, 0 good, 1 the work failed, 2 usage. */
#define EXIT_WORK_FAILED	1
#define EXIT_USAGE		2
/* A copy cancelled by SIGINT or SIGTERM, as a shell reports ^C. */
#define EXIT_SIGNAL		130

extern const char list_usage[], copy_usage[], jobs_usage[], status_usage[],
	cancel_usage[], wait_usage[], monitor_usage[], doctor_usage[],
	fill_usage[], check_usage[], hostaccess_usage[];

int cmd_list(int argc, char **argv);
int cmd_copy(int argc, char **argv);
int cmd_jobs(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_cancel(int argc, char **argv);
int cmd_wait(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_fill(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_hostaccess(int argc, char **argv);

/*
 * For commands without options of their own (main() takes -j); 0 or
 * EXIT_USAGE.
 */
int json_only_args(int argc, char **argv, const char *cmd);

/*
 * Parses a number option's @arg (decimal, k/M/G/T suffixes) into @out and
 * checks it against @l; 0, or the usage error's EXIT_USAGE.
 */
int number_arg(const char *cmd, const struct limit *l, const char *arg,
	       uint64_t *out);

/* Fills @info for the device @dev names; 0, or the usage error's status. */
int device_arg(const char *cmd, const char *dev, struct blkdev_info *info);

/*
 * Fills @p for the PROVIDER @typed names (an address, a sysfs directory,
 * a p2pmem/allocate file, auto, none); 0, or the usage error's status.
 */
int provider_arg(const char *cmd, const char *typed, struct provider_ref *p);

/*
 * The refusal of a bad option getopt_long() returned as @c ('?', or ':'
 * with an optstring that starts with ':'), in the user's terms; returns
 * EXIT_USAGE.
 */
int option_error(const char *cmd, int c, char **argv);

/*
 * Prints "p2pdma: <msg>" and a pointer to --help, and remembers it as
 * the run's error; returns EXIT_USAGE.
 */
int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
