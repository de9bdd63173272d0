// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <linux/p2pdma_harness.h>

#include "nl_attrs.h"

struct attr_name {
	const char *name;	/* as typed on the command line */
	enum limit_unit unit;	/* of its value; of its length for strings */
};

/* Only what the runner sends: the module refuses nothing else. */
static const struct attr_name attr_names[P2PDMA_A_MAX + 1] = {
	[P2PDMA_A_JOB_ID]	= { "ID", LIMIT_COUNT },
	[P2PDMA_A_SRC_PATH]	= { "SRC", LIMIT_BYTES },
	[P2PDMA_A_DST_PATH]	= { "DST", LIMIT_BYTES },
	/* "host" in place of a PCI address is what picks the buffer mode. */
	[P2PDMA_A_BUF_MODE]	= { "PROVIDER", LIMIT_COUNT },
	[P2PDMA_A_PROVIDER]	= { "PROVIDER", LIMIT_BYTES },
	[P2PDMA_A_SRC_OFFSET]	= { "--src-offset", LIMIT_BYTES },
	[P2PDMA_A_DST_OFFSET]	= { "--dst-offset", LIMIT_BYTES },
	[P2PDMA_A_LENGTH]	= { "--length", LIMIT_BYTES },
	[P2PDMA_A_CHUNK_COUNT]	= { "--chunks", LIMIT_COUNT },
	[P2PDMA_A_CHUNK_SIZE]	= { "--chunk_size", LIMIT_BYTES },
	[P2PDMA_A_QUEUE_DEPTH]	= { "--queue-depth", LIMIT_COUNT },
	[P2PDMA_A_STREAMS]	= { "--threads", LIMIT_COUNT },
	[P2PDMA_A_DURATION_MS]	= { "--duration", LIMIT_MS },
	[P2PDMA_A_BUF_OFFSET]	= { "--offset", LIMIT_BYTES },
	/* Several options each set a bit: none alone is at fault. */
	[P2PDMA_A_FLAGS]	= { "flags", LIMIT_COUNT },
	[P2PDMA_A_SYNC]		= { "--fua/--no-flush", LIMIT_COUNT },
};

static const struct attr_name *attr_lookup(uint16_t type)
{
	if (type > P2PDMA_A_MAX || !attr_names[type].name)
		return NULL;
	return &attr_names[type];
}

const char *p2p_attr_name(uint16_t type, char *buf, size_t len)
{
	const struct attr_name *a = attr_lookup(type);

	if (a)
		snprintf(buf, len, "%s", a->name);
	else
		snprintf(buf, len, "attribute %u", type);
	return buf;
}

enum limit_unit p2p_attr_unit(uint16_t type)
{
	const struct attr_name *a = attr_lookup(type);

	return a ? a->unit : LIMIT_COUNT;
}
