// SPDX-License-Identifier: GPL-2.0
/*
 * busy-sample: what the benchmarks' CPU figures are made of.  Every
 * INTERVAL_MS it prints the machine's busy jiffies (user + nice + system +
 * irq + softirq of all CPUs, from /proc/stat), the sectors DEV has read
 * or written so far (/proc/diskstats) and the number in FILE (a p2pmem
 * pool's 'available'), until killed.  A shell loop costs a
 * fork per sample, which under TCG is both too slow to see a 2-second run
 * and a load of its own; this costs two reads of /proc per sample.
 *
 * usage: busy-sample DEV read|write INTERVAL_MS FILE
 * prints: JIFFIES SECTORS NUMBER, one line per sample
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int busy_jiffies(unsigned long long *busy)
{
	unsigned long long user, nice, sys, idle, iowait, irq, softirq;
	FILE *f = fopen("/proc/stat", "r");
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu", &user, &nice,
		   &sys, &idle, &iowait, &irq, &softirq);
	fclose(f);
	if (n != 7)
		return -1;
	*busy = user + nice + sys + irq + softirq;
	return 0;
}

static int dev_sectors(const char *name, int write, unsigned long long *sectors)
{
	unsigned long long rd, wr;
	char line[512], dev[64];
	FILE *f = fopen("/proc/diskstats", "r");
	int ret = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		/* major minor name reads merged SECTORS_READ ms writes merged SECTORS_WRITTEN */
		if (sscanf(line, "%*u %*u %63s %*u %*u %llu %*u %*u %*u %llu",
			   dev, &rd, &wr) == 3 && !strcmp(dev, name)) {
			*sectors = write ? wr : rd;
			ret = 0;
			break;
		}
	}
	fclose(f);
	return ret;
}

static int file_number(const char *path, unsigned long long *value)
{
	FILE *f = fopen(path, "r");
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "%llu", value);
	fclose(f);
	return n == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	unsigned long long busy, sectors, number;
	struct timespec interval;
	const char *name;
	long ms;

	if (argc != 5 || (strcmp(argv[2], "read") && strcmp(argv[2], "write")) ||
	    (ms = strtol(argv[3], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: busy-sample DEV read|write INTERVAL_MS FILE\n");
		return 2;
	}
	name = strncmp(argv[1], "/dev/", 5) ? argv[1] : argv[1] + 5;
	interval.tv_sec = ms / 1000;
	interval.tv_nsec = ms % 1000 * 1000000L;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		if (busy_jiffies(&busy) || dev_sectors(name, !strcmp(argv[2], "write"), &sectors)) {
			fprintf(stderr, "busy-sample: cannot read /proc/stat or %s in /proc/diskstats\n",
				name);
			return 1;
		}
		if (file_number(argv[4], &number)) {
			fprintf(stderr, "busy-sample: no number in %s\n", argv[4]);
			return 1;
		}
		printf("%llu %llu %llu\n", busy, sectors, number);
		nanosleep(&interval, NULL);
	}
}
