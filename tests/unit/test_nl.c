// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/p2pdma_harness.h>

#include "check.h"
#include "nl.h"

/* A socket-less p2p_nl whose buffer holds @size bytes, as ASan sees it. */
static void small_nl(struct p2p_nl *nl, size_t size)
{
	memset(nl, 0, sizeof(*nl));
	nl->bufsz = size;
	nl->buf = malloc(size);
	nl->family = 30;
}

static void attributes_that_fit(void)
{
	struct p2p_nl nl;
	struct nlmsghdr *nlh;

	small_nl(&nl, 256);
	nlh = p2p_nl_msg(&nl, P2PDMA_CMD_JOB_GET, 0);
	p2p_nl_put_u32(&nl, nlh, P2PDMA_A_JOB_ID, 7);
	p2p_nl_put_u64(&nl, nlh, P2PDMA_A_LENGTH, 1 << 20);
	p2p_nl_put_str(&nl, nlh, P2PDMA_A_SRC_PATH, "/dev/nvme1n1");
	CHECK(!nl.msg_bad);
	CHECK(nlh->nlmsg_len <= nl.bufsz);
	free(nl.buf);
}

/* One that does not fit is not written, and the message is never sent. */
static void overflow_is_refused(void)
{
	char path[P2PDMA_PATH_MAX * 2];
	struct p2p_nl nl;
	struct nlmsghdr *nlh;
	uint32_t len;

	memset(path, 'a', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	small_nl(&nl, 128);
	nlh = p2p_nl_msg(&nl, P2PDMA_CMD_JOB_START, 0);
	p2p_nl_put_u32(&nl, nlh, P2PDMA_A_FLAGS, 0);
	len = nlh->nlmsg_len;
	p2p_nl_put_str(&nl, nlh, P2PDMA_A_SRC_PATH, path);
	CHECK(nl.msg_bad);
	CHECK_EQ_U64(nlh->nlmsg_len, len);
	/* Later attributes that would fit do not make it good again. */
	p2p_nl_put_u64(&nl, nlh, P2PDMA_A_LENGTH, 4096);
	CHECK(nl.msg_bad);
	CHECK_EQ_U64(p2p_nl_talk(&nl, nlh, NULL, NULL), (uint64_t)-EMSGSIZE);
	CHECK(nl.errmsg[0] && nl.errmsg_own);
	/* A new message starts clean. */
	p2p_nl_msg(&nl, P2PDMA_CMD_JOB_GET, 0);
	CHECK(!nl.msg_bad);
	free(nl.buf);
}

const struct test_case nl_tests[] = {
	{ "attributes_that_fit", attributes_that_fit },
	{ "overflow_is_refused", overflow_is_refused },
};
const int nl_ntests = sizeof(nl_tests) / sizeof(nl_tests[0]);
