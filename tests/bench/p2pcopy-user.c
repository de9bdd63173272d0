// SPDX-License-Identifier: GPL-2.0
/*
 * p2pcopy-user: the userspace baseline of the benchmarks, done the way
 * p2pmem-test does it.  Each thread mmaps a chunk of a provider's
 * p2pmem/allocate file (or uses host memory), then loops: pread one chunk
 * from SRC into it with O_DIRECT, pwrite it to DST, one I/O at a time.
 *
 * usage: p2pcopy-user [-m ALLOCATE_FILE] -s CHUNK -t THREADS -D SECONDS
 *                     -l RANGE SRC DST
 * prints: bytes=N seconds=S chunks=N
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static const char *p2pmem_file;
static size_t chunk = 4096;
static unsigned int nthreads = 1;
static double duration = 1.0;
static unsigned long long range = 64ULL << 20;
static int src_fd, dst_fd, mem_fd = -1;
static struct timespec t0;

struct worker {
	pthread_t tid;
	unsigned int idx;
	unsigned long long bytes, chunks;
	int err;
};

static double since(const struct timespec *a)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - a->tv_sec) + (double)(now.tv_nsec - a->tv_nsec) / 1e9;
}

/* Every mmap of a p2pmem allocate file (at offset 0) is fresh p2pmem. */
static void *buffer_alloc(void)
{
	void *buf;

	if (mem_fd < 0)
		return posix_memalign(&buf, 4096, chunk) ? NULL : buf;
	buf = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_SHARED, mem_fd, 0);
	return buf == MAP_FAILED ? NULL : buf;
}

static void *run(void *arg)
{
	struct worker *w = arg;
	unsigned long long stripe = range / nthreads / chunk * chunk;
	unsigned long long base = w->idx * stripe, off = 0;
	void *buf = buffer_alloc();

	if (!buf || stripe < chunk) {
		w->err = buf ? EINVAL : errno;
		return NULL;
	}
	while (since(&t0) < duration) {
		if (pread(src_fd, buf, chunk, (off_t)(base + off)) != (ssize_t)chunk ||
		    pwrite(dst_fd, buf, chunk, (off_t)(base + off)) != (ssize_t)chunk) {
			w->err = errno ? errno : EIO;
			break;
		}
		w->bytes += chunk;
		w->chunks++;
		off = off + chunk >= stripe ? 0 : off + chunk;
	}
	if (mem_fd >= 0)
		munmap(buf, chunk);
	else
		free(buf);
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long long bytes = 0, chunks = 0;
	struct worker *w;
	unsigned int i;
	double secs;
	int c;

	while ((c = getopt(argc, argv, "m:s:t:D:l:")) != -1) {
		switch (c) {
		case 'm': p2pmem_file = optarg; break;
		case 's': chunk = strtoull(optarg, NULL, 0); break;
		case 't': nthreads = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'D': duration = strtod(optarg, NULL); break;
		case 'l': range = strtoull(optarg, NULL, 0); break;
		default: return 2;
		}
	}
	if (argc - optind != 2 || !chunk || !nthreads) {
		fprintf(stderr, "usage: p2pcopy-user [-m ALLOCATE] -s CHUNK -t THREADS -D SECONDS -l RANGE SRC DST\n");
		return 2;
	}
	src_fd = open(argv[optind], O_RDONLY | O_DIRECT);
	dst_fd = open(argv[optind + 1], O_WRONLY | O_DIRECT);
	if (p2pmem_file)
		mem_fd = open(p2pmem_file, O_RDWR);
	if (src_fd < 0 || dst_fd < 0 || (p2pmem_file && mem_fd < 0)) {
		perror("p2pcopy-user: open");
		return 1;
	}
	w = calloc(nthreads, sizeof(*w));
	if (!w)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < nthreads; i++) {
		w[i].idx = i;
		pthread_create(&w[i].tid, NULL, run, &w[i]);
	}
	for (i = 0; i < nthreads; i++) {
		pthread_join(w[i].tid, NULL);
		if (w[i].err) {
			fprintf(stderr, "p2pcopy-user: thread %u: %s\n", i, strerror(w[i].err));
			return 1;
		}
		bytes += w[i].bytes;
		chunks += w[i].chunks;
	}
	secs = since(&t0);
	printf("bytes=%llu seconds=%.6f chunks=%llu\n", bytes, secs, chunks);
	free(w);
	return 0;
}
