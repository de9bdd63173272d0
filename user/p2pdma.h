/* SPDX-License-Identifier: GPL-2.0 */
/* The runner's subcommands and what they share. */
#ifndef P2PDMA_H
#define P2PDMA_H

#include <stdbool.h>

struct cli {
	bool json;		/* machine-readable output */
	bool quiet;		/* no progress, no chatter */
};

extern struct cli cli;

/* Exit codes: like nvme-cli and ip, 0 good, 1 the work failed, 2 usage. */
#define EXIT_WORK_FAILED	1
#define EXIT_USAGE		2

extern const char list_usage[], copy_usage[], jobs_usage[], status_usage[],
	cancel_usage[], wait_usage[], monitor_usage[], doctor_usage[],
	fill_usage[], check_usage[];

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

/* For commands whose only option is -j/--json; 0 or EXIT_USAGE. */
int json_only_args(int argc, char **argv, const char *cmd);

/* Prints "p2pdma: <msg>" and a pointer to --help; returns EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
