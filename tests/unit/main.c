// SPDX-License-Identifier: GPL-2.0
/* Host unit tests of the runner's pure helpers. */
#include <stdio.h>

#include "check.h"

extern const struct test_case units_tests[], stats_tests[], pattern_tests[],
	pci_tests[], limits_tests[], layout_tests[], nl_tests[], path_tests[],
	stripe_tests[], provider_tests[], hostaccess_tests[], report_tests[];
extern const int units_ntests, stats_ntests, pattern_ntests, pci_ntests,
	limits_ntests, layout_ntests, nl_ntests, path_ntests, stripe_ntests,
	provider_ntests, hostaccess_ntests, report_ntests;

int main(void)
{
	int total = units_ntests + stats_ntests + pattern_ntests + pci_ntests +
		    limits_ntests + layout_ntests + nl_ntests + path_ntests +
		    stripe_ntests + provider_ntests + hostaccess_ntests +
		    report_ntests;
	int failed = 0;

	printf("KTAP version 1\n1..%d\n", total);
	failed += run_tests("units", units_tests, units_ntests);
	failed += run_tests("stats", stats_tests, stats_ntests);
	failed += run_tests("pattern", pattern_tests, pattern_ntests);
	failed += run_tests("pci", pci_tests, pci_ntests);
	failed += run_tests("limits", limits_tests, limits_ntests);
	failed += run_tests("layout", layout_tests, layout_ntests);
	failed += run_tests("nl", nl_tests, nl_ntests);
	failed += run_tests("path", path_tests, path_ntests);
	failed += run_tests("stripe", stripe_tests, stripe_ntests);
	failed += run_tests("provider", provider_tests, provider_ntests);
	failed += run_tests("hostaccess", hostaccess_tests, hostaccess_ntests);
	failed += run_tests("report", report_tests, report_ntests);
	printf("unit-tests: %d passed, %d failed\n", total - failed, failed);
	return failed ? 1 : 0;
}
