// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "units.h"

int parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

static int suffix_shift(const char *suf, unsigned int *shift)
{
	static const char units[] = "kmgtpe";
	const char *u;

	if (!*suf || !strcasecmp(suf, "b")) {
		*shift = 0;
		return 0;
	}
	u = strchr(units, tolower((unsigned char)*suf));
	if (!u)
		return -1;
	suf++;
	if (*suf && strcasecmp(suf, "b") && strcasecmp(suf, "ib"))
		return -1;
	*shift = 10 * (unsigned int)(u - units + 1);
	return 0;
}

int parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	unsigned int shift;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	/* Base 10 only: "01000" is a thousand bytes, as dd and fio read it. */
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || suffix_shift(end, &shift))
		return -1;
	if (shift && v > (UINT64_MAX >> shift))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

int parse_duration_ms(const char *s, uint64_t *out)
{
	size_t digits;
	double v;
	char *end;

	/* Plain decimal: strtod would also take hex, "inf" and exponents. */
	digits = s ? strspn(s, "0123456789.") : 0;
	if (!digits)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end != s + digits)
		return -1;
	if (!strcmp(end, "ms"))
		v /= 1000.0;
	else if (*end && strcmp(end, "s"))
		return -1;
	/* Range checks against what a job takes belong to the caller. */
	if (v * 1000.0 >= 0x1p63)
		return -1;
	*out = (uint64_t)(v * 1000.0 + 0.5);
	return 0;
}

const char *fmt_size(char *buf, size_t len, uint64_t v)
{
	static const char units[] = "kMGTPE";
	unsigned int i = 0;

	while (v && !(v & 1023) && i < sizeof(units) - 1) {
		v >>= 10;
		i++;
	}
	if (i)
		snprintf(buf, len, "%llu%c", (unsigned long long)v, units[i - 1]);
	else
		snprintf(buf, len, "%llu", (unsigned long long)v);
	return buf;
}

const char *fmt_bytes(char *buf, size_t len, double bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned int i = 0;

	while (bytes >= 1024.0 && i + 1 < sizeof(units) / sizeof(units[0])) {
		bytes /= 1024.0;
		i++;
	}
	if (i == 0)
		snprintf(buf, len, "%.0f B", bytes);
	else
		snprintf(buf, len, "%.2f %s", bytes, units[i]);
	return buf;
}

const char *fmt_ns(char *buf, size_t len, double ns)
{
	if (ns < 1e3)
		snprintf(buf, len, "%.0f ns", ns);
	else if (ns < 1e6)
		snprintf(buf, len, "%.1f us", ns / 1e3);
	else if (ns < 1e9)
		snprintf(buf, len, "%.2f ms", ns / 1e6);
	else
		snprintf(buf, len, "%.3f s", ns / 1e9);
	return buf;
}
