// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"

#define REFUSING "refusing (--force to write anyway)"

/* The last byte of a non-empty range, kept in range of a u64. */
static uint64_t last_byte(uint64_t start, uint64_t len)
{
	return len > UINT64_MAX - start ? UINT64_MAX : start + len - 1;
}

bool layout_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	if (!alen || !blen)
		return false;
	return a <= last_byte(b, blen) && b <= last_byte(a, alen);
}

enum layout_hit layout_judge(const struct layout *l, uint64_t off,
			     uint64_t len, const struct layout_area **hit)
{
	unsigned int i;

	*hit = NULL;
	if (!len)
		return LAYOUT_CLEAR;
	/* A filesystem spans its device: every range of it is its data. */
	if (l->fs_type[0])
		return LAYOUT_FS;
	if (!l->pt_type[0])
		return LAYOUT_CLEAR;
	if (layout_overlap(off, len, l->pt_magic.start, l->pt_magic.len)) {
		*hit = &l->pt_magic;
		return LAYOUT_TABLE;
	}
	for (i = 0; i < l->nr_parts; i++) {
		if (layout_overlap(off, len, l->parts[i].start, l->parts[i].len)) {
			*hit = &l->parts[i];
			return LAYOUT_PARTITION;
		}
	}
	return LAYOUT_CLEAR;
}

static const char *article(const char *word)
{
	return word[0] && strchr("aeiou", tolower((unsigned char)word[0])) ?
	       "an" : "a";
}

void layout_refusal(char *msg, size_t size, const char *dev,
		    const struct layout *l, enum layout_hit verdict,
		    const struct layout_area *hit, uint64_t off, uint64_t len)
{
	unsigned long long a = off, b = last_byte(off, len);

	switch (verdict) {
	case LAYOUT_FS:
		snprintf(msg, size, "%s holds %s %s signature (at byte %llu); it would be overwritten: " REFUSING,
			 dev, article(l->fs_type), l->fs_type,
			 (unsigned long long)l->fs_magic);
		break;
	case LAYOUT_TABLE:
		snprintf(msg, size, "bytes %llu-%llu of %s overlap its %s partition table (bytes %llu-%llu): " REFUSING,
			 a, b, dev, l->pt_type, (unsigned long long)hit->start,
			 (unsigned long long)last_byte(hit->start, hit->len));
		break;
	case LAYOUT_PARTITION:
		snprintf(msg, size, "bytes %llu-%llu of %s overlap partition %d (bytes %llu-%llu) of its %s partition table: " REFUSING,
			 a, b, dev, hit->partno, (unsigned long long)hit->start,
			 (unsigned long long)last_byte(hit->start, hit->len),
			 l->pt_type);
		break;
	default:
		snprintf(msg, size, "bytes %llu-%llu of %s hold nothing known", a, b, dev);
		break;
	}
}
