/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU loads and stores to p2p memory, checked: what breaks first when a
 * BAR is mapped into userspace (write-combining, unaligned or wide
 * accesses).  p2pmem-test's --host_access and --init, with every access
 * exactly SIZE bytes wide, mismatches reported with their offset and
 * bytes, and the throughput of each access size.
 *
 * Pure: works on any memory, so the unit tests run it on malloc'd buffers.
 */
#ifndef P2PDMA_HOSTACCESS_H
#define P2PDMA_HOSTACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct json;

#define HOSTACCESS_SIZE_MAX		64
/* p2pmem-test's defaults for --host_access SIZE and --init SIZE. */
#define HOSTACCESS_DEFAULT_COUNT	64u
#define HOSTACCESS_INIT_DEFAULT_TOTAL	4096u
/* A check holds 25 bytes per access while it runs: 25 MiB at most. */
#define HOSTACCESS_COUNT_MAX		(1u << 20)
/* Mismatches kept with their bytes; the rest are only counted. */
#define HOSTACCESS_REPORT_MAX		8

enum hostaccess_test {
	/*
	 * Writes random data at COUNT random slots (SIZE-aligned offsets, or
	 * 1 byte past them), then reads each back and compares it unless it
	 * was written again later; before that, times a write and a read
	 * sweep over the first COUNT slots.
	 */
	HOSTACCESS_CHECK,
	/* Zeroes the first COUNT slots, timed, and reads them back. */
	HOSTACCESS_INIT,
};

struct hostaccess_spec {
	enum hostaccess_test test;
	unsigned int size;		/* bytes per access: 1, 2, 4, 8, 16, 64 */
	bool unaligned;			/* CHECK: each 1 byte past its slot */
	bool read_only;			/* CHECK: reads only, compares nothing */
	uint64_t count;			/* accesses; for INIT, TOTAL / size */
	/*
	 * Test only, NULL in production: called once the data to verify is
	 * written and before it is read back, so a unit test can corrupt it.
	 */
	void (*before_read_back)(void *mem, size_t len, void *arg);
	void *hook_arg;
};

struct hostaccess_mismatch {
	uint64_t offset;		/* byte of the buffer the access began at */
	uint64_t access;		/* which one, from 0 in the order made */
	uint8_t expected[HOSTACCESS_SIZE_MAX];
	uint8_t got[HOSTACCESS_SIZE_MAX];
};

struct hostaccess_result {
	struct hostaccess_spec spec;
	uint64_t accesses;		/* made by the check or the init */
	uint64_t compared;		/* read back and compared */
	uint64_t mismatches;
	/* The first min(mismatches, HOSTACCESS_REPORT_MAX). */
	struct hostaccess_mismatch first[HOSTACCESS_REPORT_MAX];
	uint64_t swept;			/* bytes of each timed sweep */
	uint64_t write_bytes_per_sec;	/* 0 when there was no write sweep */
	uint64_t read_bytes_per_sec;
	/*
	 * CPU instructions per access: 1 up to the widest the build makes
	 * (16 bytes with SSE2, 64 with AVX-512), then SIZE / that.
	 */
	unsigned int cpu_accesses;
};

/* 1, 2, 4, 8, 16 or 64. */
bool hostaccess_size_valid(uint64_t size);

/* The sizes a default run goes through, smallest first; 0-terminated. */
extern const unsigned int hostaccess_sizes[];

/*
 * p2pmem-test's --host_access SIZE[:COUNT]: a negative SIZE for a
 * read-only check, 0 for none (@spec->size 0), COUNT 64 when left out.
 * 0, or -EINVAL with @msg naming the option and what it takes.
 */
int hostaccess_parse(const char *arg, struct hostaccess_spec *spec,
		     char *msg, size_t len);

/* --init SIZE[:TOTAL], TOTAL 4096 bytes when left out; as above. */
int hostaccess_parse_init(const char *arg, struct hostaccess_spec *spec,
			  char *msg, size_t len);

/*
 * 0 when @spec can run on @len bytes, else -EINVAL with @msg saying what
 * it needs.  A @spec of size 0 (no test) never fits.
 */
int hostaccess_fits(const struct hostaccess_spec *spec, size_t len,
		    char *msg, size_t msglen);

/*
 * Runs @spec on @len bytes at @mem (p2p memory the caller mapped, or any
 * memory) with offsets and data drawn from @seed, filling @r.  0, and
 * @r->mismatches says whether it passed; -EINVAL when @spec does not fit
 * (see hostaccess_fits()); -ENOMEM.  Overwrites what @mem held unless
 * @spec is read-only.
 */
int hostaccess_run(void *mem, size_t len, const struct hostaccess_spec *spec,
		   uint32_t seed, struct hostaccess_result *r);

/*
 * hostaccess_run(), but a SIGBUS (arm64 faults on unaligned accesses to
 * Device memory; a BAR may refuse an access size) becomes -EFAULT.  What
 * the run had allocated is then lost: the caller stops there.
 */
int hostaccess_run_guarded(void *mem, size_t len,
			   const struct hostaccess_spec *spec, uint32_t seed,
			   struct hostaccess_result *r);

/* "check", "read" (read-only check) or "init". */
const char *hostaccess_test_name(const struct hostaccess_spec *spec);

/*
 * A table of @n results, one row each, then the bytes of every mismatch
 * kept; 80 columns.
 */
void hostaccess_print(FILE *out, const struct hostaccess_result *r, size_t n);

/* @r as members of the JSON object open in @j. */
void hostaccess_json(struct json *j, const struct hostaccess_result *r);

#endif
