// SPDX-License-Identifier: GPL-2.0
/*
 * CPU accesses to p2p memory, checked.  Every access is one load or store
 * of exactly SIZE bytes (64: the widest the build has, in order) that the
 * compiler may neither split, merge, reorder nor drop: a BAR that
 * mishandles 8-byte stores must see 8-byte stores, not a memcpy's idea
 * of them.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__AVX512F__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "hostaccess.h"
#include "json.h"
#include "splitmix.h"
#include "units.h"

const unsigned int hostaccess_sizes[] = { 1, 2, 4, 8, 16, 64, 0 };

bool hostaccess_size_valid(uint64_t size)
{
	const unsigned int *s;

	for (s = hostaccess_sizes; *s; s++)
		if (size == *s)
			return true;
	return false;
}

/* --- Accesses of exactly one width ------------------------------------ */

/*
 * Keeps the compiler from merging, splitting, caching or dropping the
 * vector accesses, which, unlike the scalar ones, are not volatile.
 */
static inline void barrier(void)
{
	__asm__ __volatile__("" ::: "memory");
}

/*
 * Through a packed struct, an access may start at any byte (--unaligned)
 * without the compiler assuming alignment or UBSan objecting; x86-64 and
 * arm64 still make it one instruction of the full width.  Whether the BAR
 * takes it is what is being tested (arm64 Device memory faults on it).
 */
#define SCALAR_ACCESSORS(bits)						\
struct packed##bits {							\
	uint##bits##_t v;						\
} __attribute__((packed));						\
									\
static inline void store##bits(void *p, const uint8_t *bytes)		\
{									\
	uint##bits##_t v;						\
									\
	memcpy(&v, bytes, sizeof(v));					\
	((volatile struct packed##bits *)p)->v = v;			\
}									\
									\
static inline void load##bits(const void *p, uint8_t *bytes)		\
{									\
	uint##bits##_t v = ((const volatile struct packed##bits *)p)->v; \
									\
	memcpy(bytes, &v, sizeof(v));					\
}

SCALAR_ACCESSORS(8)
SCALAR_ACCESSORS(16)
SCALAR_ACCESSORS(32)
SCALAR_ACCESSORS(64)

/*
 * The widest single access this build makes: 16 bytes with SSE2 (every
 * x86-64), 64 with AVX-512 when built for it (-mavx512f, or -march=native
 * on such a CPU).  Wider sizes are made of that many in ascending order,
 * as a memcpy of a cache line does without AVX-512.
 */
#if defined(__AVX512F__)
#define WIDEST_ACCESS	64

static inline void store_widest(void *p, const uint8_t *bytes)
{
	barrier();
	_mm512_storeu_si512(p, _mm512_loadu_si512(bytes));
	barrier();
}

static inline void load_widest(const void *p, uint8_t *bytes)
{
	barrier();
	_mm512_storeu_si512(bytes, _mm512_loadu_si512(p));
	barrier();
}
#elif defined(__SSE2__)
#define WIDEST_ACCESS	16

static inline void store_widest(void *p, const uint8_t *bytes)
{
	barrier();
	_mm_storeu_si128(p, _mm_loadu_si128((const __m128i *)bytes));
	barrier();
}

static inline void load_widest(const void *p, uint8_t *bytes)
{
	barrier();
	_mm_storeu_si128((__m128i *)bytes, _mm_loadu_si128(p));
	barrier();
}
#else
#define WIDEST_ACCESS	8

static inline void store_widest(void *p, const uint8_t *bytes)
{
	store64(p, bytes);
}

static inline void load_widest(const void *p, uint8_t *bytes)
{
	load64(p, bytes);
}
#endif

static unsigned int cpu_accesses(unsigned int size)
{
	return size > WIDEST_ACCESS ? size / WIDEST_ACCESS : 1;
}

static void access_store(void *p, unsigned int size, const uint8_t *bytes)
{
	unsigned int i;

	switch (size) {
	case 1:
		store8(p, bytes);
		break;
	case 2:
		store16(p, bytes);
		break;
	case 4:
		store32(p, bytes);
		break;
	case 8:
		store64(p, bytes);
		break;
	default:
		for (i = 0; i < size; i += WIDEST_ACCESS)
			store_widest((uint8_t *)p + i, bytes + i);
		break;
	}
}

static void access_load(const void *p, unsigned int size, uint8_t *bytes)
{
	unsigned int i;

	switch (size) {
	case 1:
		load8(p, bytes);
		break;
	case 2:
		load16(p, bytes);
		break;
	case 4:
		load32(p, bytes);
		break;
	case 8:
		load64(p, bytes);
		break;
	default:
		for (i = 0; i < size; i += WIDEST_ACCESS)
			load_widest((const uint8_t *)p + i, bytes + i);
		break;
	}
}

/* --- Where the accesses go, and what they write ----------------------- */

/*
 * One splitmix64 stream each for offsets and data, so the data can be
 * drawn again to check the read back without being kept.
 */
struct prng {
	uint64_t x;
};

enum prng_stream { STREAM_OFFSETS = 1, STREAM_DATA, STREAM_SWEEP };

static void prng_init(struct prng *p, uint32_t seed, enum prng_stream stream)
{
	p->x = (uint64_t)seed << 32 | stream;
}

static uint64_t prng_next(struct prng *p)
{
	return splitmix64(&p->x);
}

static void prng_fill(struct prng *p, uint8_t *buf, unsigned int len)
{
	unsigned int i;
	uint64_t v;

	for (i = 0; i < len; i += sizeof(v)) {
		v = prng_next(p);
		memcpy(buf + i, &v, len - i < sizeof(v) ? len - i : sizeof(v));
	}
}

/*
 * Accesses go to slots: SIZE-aligned offsets, or 1 byte past them when
 * unaligned, every byte of each inside the buffer.
 */
static uint64_t slot_count(const struct hostaccess_spec *spec, size_t len)
{
	size_t shift = spec->unaligned;

	return len < shift ? 0 : (len - shift) / spec->size;
}

static uint64_t slot_offset(const struct hostaccess_spec *spec, uint64_t slot)
{
	return slot * spec->size + spec->unaligned;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static uint64_t bytes_per_sec(uint64_t bytes, uint64_t ns)
{
	return (uint64_t)((double)bytes * 1e9 / (double)(ns ?: 1));
}

static void record_mismatch(struct hostaccess_result *r, uint64_t offset,
			    uint64_t access, const uint8_t *expected,
			    const uint8_t *got)
{
	struct hostaccess_mismatch *m;

	if (r->mismatches < HOSTACCESS_REPORT_MAX) {
		m = &r->first[r->mismatches];
		m->offset = offset;
		m->access = access;
		memcpy(m->expected, expected, r->spec.size);
		memcpy(m->got, got, r->spec.size);
	}
	r->mismatches++;
}

/* --- The tests --------------------------------------------------------- */

/* Stores @pattern in slots 0 to @n - 1, in order; nanoseconds taken. */
static uint64_t sweep_write(uint8_t *mem, const struct hostaccess_spec *spec,
			    uint64_t n, const uint8_t *pattern)
{
	uint64_t start = now_ns(), i;

	for (i = 0; i < n; i++)
		access_store(mem + slot_offset(spec, i), spec->size, pattern);
	return now_ns() - start;
}

/*
 * Loads slots 0 to @n - 1, in order, comparing each with @expected unless
 * it is NULL; nanoseconds taken.  A memcmp of at most 64 bytes is noise
 * beside a read from a BAR, which crosses PCIe and back.
 */
static uint64_t sweep_read(uint8_t *mem, const struct hostaccess_spec *spec,
			   uint64_t n, const uint8_t *expected,
			   struct hostaccess_result *r)
{
	uint64_t start = now_ns(), i, off;
	uint8_t got[HOSTACCESS_SIZE_MAX];

	for (i = 0; i < n; i++) {
		off = slot_offset(spec, i);
		access_load(mem + off, spec->size, got);
		if (!expected)
			continue;
		r->compared++;
		if (memcmp(got, expected, spec->size))
			record_mismatch(r, off, i, expected, got);
	}
	return now_ns() - start;
}

struct offset_use {
	uint64_t offset, access;
};

static int offset_use_cmp(const void *a, const void *b)
{
	const struct offset_use *x = a, *y = b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->access < y->access ? -1 : x->access > y->access;
}

/*
 * Marks the accesses whose offset is written again later: what they
 * wrote is gone by the read back, so, as in p2pmem-test, they are not
 * compared.
 */
static int mark_overwritten(const uint64_t *offsets, uint64_t n,
			    bool *overwritten)
{
	struct offset_use *uses = malloc(n * sizeof(*uses));
	uint64_t i;

	if (!uses)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		uses[i].offset = offsets[i];
		uses[i].access = i;
	}
	qsort(uses, n, sizeof(*uses), offset_use_cmp);
	for (i = 0; i + 1 < n; i++)
		overwritten[uses[i].access] =
			uses[i].offset == uses[i + 1].offset;
	free(uses);
	return 0;
}

static void read_back_hook(const struct hostaccess_spec *spec, void *mem,
			   size_t len)
{
	if (spec->before_read_back)
		spec->before_read_back(mem, len, spec->hook_arg);
}

/*
 * The sweeps come first and only time: the random accesses check, and
 * overwrite what the sweeps left.
 */
static int run_check(uint8_t *mem, size_t len,
		     const struct hostaccess_spec *spec, uint32_t seed,
		     struct hostaccess_result *r)
{
	uint64_t slots = slot_count(spec, len), n = spec->count, i;
	uint64_t swept = n < slots ? n : slots, *offsets, ns;
	uint8_t expected[HOSTACCESS_SIZE_MAX], got[HOSTACCESS_SIZE_MAX];
	bool *overwritten;
	struct prng rng;
	int ret = -ENOMEM;

	offsets = malloc(n * sizeof(*offsets));
	overwritten = calloc(n, sizeof(*overwritten));
	if (!offsets || !overwritten)
		goto out;

	prng_init(&rng, seed, STREAM_SWEEP);
	prng_fill(&rng, expected, spec->size);
	r->swept = swept * spec->size;
	if (!spec->read_only) {
		ns = sweep_write(mem, spec, swept, expected);
		r->write_bytes_per_sec = bytes_per_sec(r->swept, ns);
	}
	ns = sweep_read(mem, spec, swept, NULL, r);
	r->read_bytes_per_sec = bytes_per_sec(r->swept, ns);

	prng_init(&rng, seed, STREAM_OFFSETS);
	for (i = 0; i < n; i++)
		offsets[i] = slot_offset(spec, prng_next(&rng) % slots);
	if (!spec->read_only) {
		ret = mark_overwritten(offsets, n, overwritten);
		if (ret)
			goto out;
		prng_init(&rng, seed, STREAM_DATA);
		for (i = 0; i < n; i++) {
			prng_fill(&rng, expected, spec->size);
			access_store(mem + offsets[i], spec->size, expected);
		}
	}
	read_back_hook(spec, mem, len);
	prng_init(&rng, seed, STREAM_DATA);
	for (i = 0; i < n; i++) {
		access_load(mem + offsets[i], spec->size, got);
		if (spec->read_only)
			continue;
		prng_fill(&rng, expected, spec->size);
		if (overwritten[i])
			continue;
		r->compared++;
		if (memcmp(got, expected, spec->size))
			record_mismatch(r, offsets[i], i, expected, got);
	}
	r->accesses = n;
	ret = 0;
out:
	free(offsets);
	free(overwritten);
	return ret;
}

/* Both passes are timed: the init is the write sweep, its check the read. */
static int run_init(uint8_t *mem, size_t len,
		    const struct hostaccess_spec *spec,
		    struct hostaccess_result *r)
{
	static const uint8_t zeros[HOSTACCESS_SIZE_MAX];
	uint64_t n = spec->count;

	r->swept = n * spec->size;
	r->write_bytes_per_sec =
		bytes_per_sec(r->swept, sweep_write(mem, spec, n, zeros));
	read_back_hook(spec, mem, len);
	r->read_bytes_per_sec =
		bytes_per_sec(r->swept, sweep_read(mem, spec, n, zeros, r));
	r->accesses = n;
	return 0;
}

int hostaccess_fits(const struct hostaccess_spec *spec, size_t len,
		    char *msg, size_t msglen)
{
	uint64_t slots;

	if (!hostaccess_size_valid(spec->size)) {
		snprintf(msg, msglen, "%u-byte accesses: the size is 1, 2, 4, 8, 16 or 64",
			 spec->size);
		return -EINVAL;
	}
	slots = slot_count(spec, len);
	if (spec->test == HOSTACCESS_INIT) {
		if (spec->count && spec->count <= slots)
			return 0;
		snprintf(msg, msglen, "zeroing %llu bytes (--init) does not fit in the %zu bytes mapped",
			 (unsigned long long)spec->count * spec->size, len);
		return -EINVAL;
	}
	if (!spec->count || spec->count > HOSTACCESS_COUNT_MAX) {
		snprintf(msg, msglen, "%llu accesses: 1 to %u",
			 (unsigned long long)spec->count, HOSTACCESS_COUNT_MAX);
		return -EINVAL;
	}
	if (slots)
		return 0;
	snprintf(msg, msglen, "%s%u-byte accesses do not fit in the %zu bytes mapped",
		 spec->unaligned ? "unaligned " : "", spec->size, len);
	return -EINVAL;
}

int hostaccess_run(void *mem, size_t len, const struct hostaccess_spec *spec,
		   uint32_t seed, struct hostaccess_result *r)
{
	char msg[128];

	memset(r, 0, sizeof(*r));
	r->spec = *spec;
	if (hostaccess_fits(spec, len, msg, sizeof(msg)))
		return -EINVAL;
	r->cpu_accesses = cpu_accesses(spec->size);
	if (spec->test == HOSTACCESS_INIT)
		return run_init(mem, len, spec, r);
	return run_check(mem, len, spec, seed, r);
}

/* --- Options ----------------------------------------------------------- */

/*
 * "SIZE[:N]" as p2pmem-test splits it, SIZE decimal and maybe negative,
 * N a count or size ("4k"); @n is left alone without one.  0 or -1.
 */
static int split_arg(const char *arg, int *size, uint64_t *n)
{
	const char *colon = strchr(arg, ':');
	size_t head_len = colon ? (size_t)(colon - arg) : strlen(arg);
	bool negative = arg[0] == '-';
	char head[8];
	uint64_t v;

	if (head_len >= sizeof(head))
		return -1;
	memcpy(head, arg, head_len);
	head[head_len] = '\0';
	if (parse_uint(head + negative, HOSTACCESS_SIZE_MAX, &v))
		return -1;
	*size = negative ? -(int)v : (int)v;
	return colon && parse_size(colon + 1, n) ? -1 : 0;
}

int hostaccess_parse(const char *arg, struct hostaccess_spec *spec,
		     char *msg, size_t len)
{
	uint64_t count = HOSTACCESS_DEFAULT_COUNT;
	int size;

	memset(spec, 0, sizeof(*spec));
	spec->test = HOSTACCESS_CHECK;
	if (split_arg(arg, &size, &count) ||
	    (size && (!hostaccess_size_valid(abs(size)) ||
		      !count || count > HOSTACCESS_COUNT_MAX))) {
		snprintf(msg, len, "--host_access '%s': takes SIZE[:COUNT], SIZE one of 1, 2, 4, 8, 16, 64 (negative for a read-only check, 0 for none), COUNT 1 to %u (default %u)",
			 arg, HOSTACCESS_COUNT_MAX, HOSTACCESS_DEFAULT_COUNT);
		return -EINVAL;
	}
	if (!size)
		return 0;
	spec->size = abs(size);
	spec->read_only = size < 0;
	spec->count = count;
	return 0;
}

int hostaccess_parse_init(const char *arg, struct hostaccess_spec *spec,
			  char *msg, size_t len)
{
	uint64_t total = HOSTACCESS_INIT_DEFAULT_TOTAL;
	int size;

	memset(spec, 0, sizeof(*spec));
	spec->test = HOSTACCESS_INIT;
	if (split_arg(arg, &size, &total) || size < 0 ||
	    (size && (!hostaccess_size_valid(size) || !total ||
		      total % size))) {
		snprintf(msg, len, "--init '%s': takes SIZE[:TOTAL], SIZE one of 1, 2, 4, 8, 16, 64 (0 for none), TOTAL bytes to zero, a multiple of SIZE (default %u)",
			 arg, HOSTACCESS_INIT_DEFAULT_TOTAL);
		return -EINVAL;
	}
	if (!size)
		return 0;
	spec->size = size;
	spec->count = total / size;
	return 0;
}

/* --- Reports ----------------------------------------------------------- */

const char *hostaccess_test_name(const struct hostaccess_spec *spec)
{
	if (spec->test == HOSTACCESS_INIT)
		return "init";
	return spec->read_only ? "read" : "check";
}

static const char *alignment_name(const struct hostaccess_spec *spec)
{
	return spec->unaligned ? "+1" : "aligned";
}

/* "1234.5", or "-" for what was not measured. */
static const char *fmt_mb_per_sec(char *buf, size_t len, uint64_t bps)
{
	if (!bps)
		return "-";
	snprintf(buf, len, "%.1f", bps / 1e6);
	return buf;
}

static void hex(char *buf, const uint8_t *bytes, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		sprintf(buf + 2 * i, "%02x", bytes[i]);
}

/*
 * Expected and got bytes in memory order, 16 a line, each line headed by
 * its byte in the access; only the lines that differ.
 */
static void print_bytes(FILE *out, const uint8_t *expected,
			const uint8_t *got, unsigned int n)
{
	char line[2 * 16 + 1];
	unsigned int i, w;

	for (i = 0; i < n; i += w) {
		w = n - i < 16 ? n - i : 16;
		if (!memcmp(expected + i, got + i, w))
			continue;
		hex(line, expected + i, w);
		fprintf(out, "    expected +%-2u %s\n", i, line);
		hex(line, got + i, w);
		fprintf(out, "    got      +%-2u %s\n", i, line);
	}
}

static void print_mismatches(FILE *out, const struct hostaccess_result *r)
{
	const struct hostaccess_spec *s = &r->spec;
	uint64_t shown = r->mismatches < HOSTACCESS_REPORT_MAX ?
			 r->mismatches : HOSTACCESS_REPORT_MAX;
	uint64_t i;

	fprintf(out, "%s, %u bytes, %s: %llu of %llu accesses read back wrong\n",
		hostaccess_test_name(s), s->size, alignment_name(s),
		(unsigned long long)r->mismatches,
		(unsigned long long)r->compared);
	for (i = 0; i < shown; i++) {
		fprintf(out, "  byte %llu (0x%llx), access %llu:\n",
			(unsigned long long)r->first[i].offset,
			(unsigned long long)r->first[i].offset,
			(unsigned long long)r->first[i].access);
		print_bytes(out, r->first[i].expected, r->first[i].got, s->size);
	}
	if (r->mismatches > shown)
		fprintf(out, "  ... and %llu more\n",
			(unsigned long long)(r->mismatches - shown));
}

void hostaccess_print(FILE *out, const struct hostaccess_result *r, size_t n)
{
	char mismatches[24], wr[24], rd[24];
	size_t i;

	fprintf(out, "%-6s %4s  %-7s %10s %11s %11s %11s\n", "test", "size",
		"align", "accesses", "mismatches", "write MB/s", "read MB/s");
	for (i = 0; i < n; i++) {
		if (r[i].compared)
			snprintf(mismatches, sizeof(mismatches), "%llu",
				 (unsigned long long)r[i].mismatches);
		else
			snprintf(mismatches, sizeof(mismatches), "-");
		fprintf(out, "%-6s %4u  %-7s %10llu %11s %11s %11s\n",
			hostaccess_test_name(&r[i].spec), r[i].spec.size,
			alignment_name(&r[i].spec),
			(unsigned long long)r[i].accesses, mismatches,
			fmt_mb_per_sec(wr, sizeof(wr), r[i].write_bytes_per_sec),
			fmt_mb_per_sec(rd, sizeof(rd), r[i].read_bytes_per_sec));
	}
	for (i = 0; i < n; i++)
		if (r[i].mismatches)
			print_mismatches(out, &r[i]);
}

void hostaccess_json(struct json *j, const struct hostaccess_result *r)
{
	const struct hostaccess_spec *s = &r->spec;
	char buf[2 * HOSTACCESS_SIZE_MAX + 1];
	uint64_t i;

	json_str(j, "test", hostaccess_test_name(s));
	json_u64(j, "size", s->size);
	json_bool(j, "unaligned", s->unaligned);
	json_u64(j, "accesses", r->accesses);
	json_u64(j, "cpu_accesses", r->cpu_accesses);
	json_u64(j, "compared", r->compared);
	json_u64(j, "mismatches", r->mismatches);
	json_u64(j, "swept_bytes", r->swept);
	if (r->write_bytes_per_sec)
		json_u64(j, "write_bytes_per_sec", r->write_bytes_per_sec);
	json_u64(j, "read_bytes_per_sec", r->read_bytes_per_sec);
	json_arr_open(j, "first_mismatches");
	for (i = 0; i < r->mismatches && i < HOSTACCESS_REPORT_MAX; i++) {
		json_obj_open(j, NULL);
		json_u64(j, "offset", r->first[i].offset);
		json_u64(j, "access", r->first[i].access);
		hex(buf, r->first[i].expected, s->size);
		json_str(j, "expected", buf);
		hex(buf, r->first[i].got, s->size);
		json_str(j, "got", buf);
		json_obj_close(j);
	}
	json_arr_close(j);
}

static sigjmp_buf bus_error_jmp;

static void on_bus_error(int sig)
{
	(void)sig;
	siglongjmp(bus_error_jmp, 1);
}

/*
 * A SIGBUS (arm64 faults on unaligned accesses to Device memory; a BAR may
 * refuse an access size) jumps back out of the run.
 */
int hostaccess_run_guarded(void *mem, size_t len,
		       const struct hostaccess_spec *spec, uint32_t seed,
		       struct hostaccess_result *r)
{
	struct sigaction sa = { .sa_handler = on_bus_error }, old;
	int ret = -EFAULT;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &old);
	if (!sigsetjmp(bus_error_jmp, 1))
		ret = hostaccess_run(mem, len, spec, seed, r);
	sigaction(SIGBUS, &old, NULL);
	return ret;
}
