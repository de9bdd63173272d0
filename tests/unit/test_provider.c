// SPDX-License-Identifier: GPL-2.0
/* PROVIDER in each form p2pmem-test's and our users type it. */
#include <errno.h>

#include "check.h"
#include "provider.h"

#define SYSDIR "/sys/devices/pci0000:00/0000:00:04.0/0000:01:00.0/0000:02:01.0/0000:03:00.0"

static void provider_forms(void)
{
	struct provider_ref p;
	char msg[512];

	CHECK(!provider_parse("auto", NULL, &p, msg, sizeof(msg)));
	CHECK(p.kind == PROVIDER_AUTO);
	CHECK(!provider_parse("none", NULL, &p, msg, sizeof(msg)));
	CHECK(p.kind == PROVIDER_HOST);
	CHECK(!provider_parse("0000:03:00.0", NULL, &p, msg, sizeof(msg)));
	CHECK_STR(p.addr, "0000:03:00.0");
	CHECK(!provider_parse("/sys/bus/pci/devices/0000:03:00.0", SYSDIR,
			      &p, msg, sizeof(msg)));
	CHECK_STR(p.addr, "0000:03:00.0");
	CHECK(!provider_parse("/sys/bus/pci/devices/0000:03:00.0/p2pmem/allocate",
			      SYSDIR "/p2pmem/allocate", &p, msg, sizeof(msg)));
	CHECK_STR(p.addr, "0000:03:00.0");
	CHECK_STR(provider_name(&p), "0000:03:00.0");
}

static void provider_refusals(void)
{
	struct provider_ref p;
	char msg[512];

	CHECK(provider_parse("/dev/p2pmem0", NULL, &p, msg, sizeof(msg)) == -EINVAL);
	CHECK(strstr(msg, "out-of-tree p2pmem driver"));
	CHECK(strstr(msg, "p2pmem/allocate"));
	CHECK(provider_parse("0000:03:00.0x", NULL, &p, msg, sizeof(msg)) == -EINVAL);
	CHECK(provider_parse("03:00.0", NULL, &p, msg, sizeof(msg)) == -EINVAL);
	/* A path that does not exist names nothing. */
	CHECK(provider_parse("/sys/bus/pci/devices/0000:03:00.0", NULL, &p,
			     msg, sizeof(msg)) == -EINVAL);
	/* A file of a PCI function other than allocate is not a provider. */
	CHECK(provider_parse("/x", SYSDIR "/p2pmem/size", &p, msg, sizeof(msg)) == -EINVAL);
	CHECK(provider_parse("/x", "/home/0000:03:00.0", &p, msg, sizeof(msg)) == -EINVAL);
	CHECK(strstr(msg, "is not a PCI address"));
}

const struct test_case provider_tests[] = {
	{ "provider_forms", provider_forms },
	{ "provider_refusals", provider_refusals },
};
const int provider_ntests = sizeof(provider_tests) / sizeof(provider_tests[0]);
