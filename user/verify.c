// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "verify.h"

#define VERIFY_IO_SIZE (1U << 20)

static struct pattern_block block_of(const struct verify_range *r, uint64_t i)
{
	struct pattern_block b = {
		.block = r->src_offset / r->lbs + i,
		.seed = r->seed,
		.index = i,
	};
	return b;
}

static int open_direct(const char *dev, int flags, void **buf)
{
	int fd;

	if (posix_memalign(buf, 4096, VERIFY_IO_SIZE))
		return -ENOMEM;
	fd = open(dev, flags | O_DIRECT | O_CLOEXEC);
	if (fd < 0) {
		int err = -errno;

		free(*buf);
		return err;
	}
	return fd;
}

/* The next I/O of a pass over the range, @done bytes into it. */
static size_t io_len(const struct verify_range *r, uint64_t done)
{
	return r->length - done < VERIFY_IO_SIZE ? (size_t)(r->length - done) :
						   VERIFY_IO_SIZE;
}

/* Full-length pread/pwrite, or -errno. */
static int io_full(int fd, void *buf, size_t len, uint64_t off, int write)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write ? pwrite(fd, (char *)buf + done, len - done, (off_t)(off + done)) :
				    pread(fd, (char *)buf + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		done += (size_t)n;
	}
	return 0;
}

int verify_fill(const struct verify_range *r)
{
	uint64_t done, i = 0;
	void *buf;
	int fd, ret = 0;

	fd = open_direct(r->dev, O_WRONLY, &buf);
	if (fd < 0)
		return fd;
	for (done = 0; done < r->length && !ret; ) {
		size_t n = io_len(r, done), k;

		for (k = 0; k < n; k += r->lbs, i++) {
			struct pattern_block b = block_of(r, i);

			pattern_fill((char *)buf + k, r->lbs, &b);
		}
		ret = io_full(fd, buf, n, r->offset + done, 1);
		done += n;
	}
	if (!ret && fdatasync(fd))
		ret = -errno;
	close(fd);
	free(buf);
	return ret;
}

static void note_mismatch(struct verify_report *rep, const struct verify_range *r,
			  uint64_t i, const struct pattern_finding *f)
{
	struct verify_mismatch *m;

	rep->bad_blocks++;
	if (rep->nr_reported == VERIFY_REPORT_MAX)
		return;
	m = &rep->first[rep->nr_reported++];
	m->offset = r->offset + i * r->lbs;
	m->expected_block = block_of(r, i).block;
	m->finding = *f;
}

int verify_check(const struct verify_range *r, struct verify_report *rep)
{
	uint64_t done, i = 0;
	void *buf;
	int fd, ret = 0;

	memset(rep, 0, sizeof(*rep));
	fd = open_direct(r->dev, O_RDONLY, &buf);
	if (fd < 0)
		return fd;
	for (done = 0; done < r->length && !ret; ) {
		size_t n = io_len(r, done), k;

		ret = io_full(fd, buf, n, r->offset + done, 0);
		for (k = 0; !ret && k < n; k += r->lbs, i++) {
			struct pattern_block b = block_of(r, i);
			struct pattern_finding f;

			rep->blocks++;
			if (!pattern_check((char *)buf + k, r->lbs, &b, &f))
				note_mismatch(rep, r, i, &f);
		}
		done += n;
	}
	close(fd);
	free(buf);
	return ret;
}

static void describe(FILE *out, const struct verify_range *r,
		     const struct verify_mismatch *m)
{
	const struct pattern_finding *f = &m->finding;

	fprintf(out, "  byte offset %llu: expected source block %llu, ",
		(unsigned long long)m->offset,
		(unsigned long long)m->expected_block);
	switch (f->verdict) {
	case PATTERN_MISPLACED:
		fprintf(out, "found source block %llu (misplaced)\n",
			(unsigned long long)f->found.block);
		break;
	case PATTERN_STALE:
		fprintf(out, "found block %llu of an older run, seed %u (stale)\n",
			(unsigned long long)f->found.block, f->found.seed);
		break;
	case PATTERN_CORRUPT:
		fprintf(out, "right block with wrong bytes from byte %zu: 0x%02x instead of 0x%02x (corrupt)\n",
			f->first_bad_byte, f->found_byte, f->expected_byte);
		break;
	default:
		fprintf(out, "found data that is not from this tool, byte %zu is 0x%02x (foreign)\n",
			f->first_bad_byte, f->found_byte);
		break;
	}
	(void)r;
}

void verify_print(FILE *out, const char *what, const struct verify_range *r,
		  const struct verify_report *rep)
{
	unsigned int i;

	if (!rep->bad_blocks) {
		fprintf(out, "  check    %s %s: all %llu blocks match (seed %u)\n",
			what, r->dev, (unsigned long long)rep->blocks, r->seed);
		return;
	}
	fprintf(out, "  check    %s %s: MISMATCH in %llu of %llu blocks of %u bytes (seed %u)\n",
		what, r->dev, (unsigned long long)rep->bad_blocks,
		(unsigned long long)rep->blocks, r->lbs, r->seed);
	for (i = 0; i < rep->nr_reported; i++)
		describe(out, r, &rep->first[i]);
	if (rep->bad_blocks > rep->nr_reported)
		fprintf(out, "  ... and %llu more\n",
			(unsigned long long)(rep->bad_blocks - rep->nr_reported));
}

static void range_members(struct json *j, const struct verify_range *r)
{
	json_str(j, "device", r->dev);
	json_u64(j, "seed", r->seed);
	json_u64(j, "offset", r->offset);
	json_u64(j, "src_offset", r->src_offset);
	json_u64(j, "length", r->length);
}

void verify_range_json(struct json *j, const char *key,
		       const struct verify_range *r)
{
	json_obj_open(j, key);
	range_members(j, r);
	json_obj_close(j);
}

void verify_json(struct json *j, const char *key, const struct verify_range *r,
		 const struct verify_report *rep)
{
	unsigned int i;

	json_obj_open(j, key);
	range_members(j, r);
	json_u64(j, "blocks", rep->blocks);
	json_u64(j, "bad_blocks", rep->bad_blocks);
	json_arr_open(j, "mismatches");
	for (i = 0; i < rep->nr_reported; i++) {
		const struct verify_mismatch *m = &rep->first[i];

		json_obj_open(j, NULL);
		json_u64(j, "offset", m->offset);
		json_u64(j, "expected_block", m->expected_block);
		json_str(j, "verdict", pattern_verdict_name(m->finding.verdict));
		if (m->finding.verdict != PATTERN_FOREIGN)
			json_u64(j, "found_block", m->finding.found.block);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_obj_close(j);
}
