// SPDX-License-Identifier: GPL-2.0
#include "check.h"

int check_failures;
static int test_number;

int run_tests(const char *suite, const struct test_case *cases, int n)
{
	int i, failed = 0;

	printf("# suite %s\n", suite);
	for (i = 0; i < n; i++) {
		int before = check_failures;

		cases[i].fn();
		if (check_failures == before) {
			printf("ok %d %s.%s\n", ++test_number, suite, cases[i].name);
		} else {
			printf("not ok %d %s.%s\n", ++test_number, suite, cases[i].name);
			failed++;
		}
	}
	return failed;
}
