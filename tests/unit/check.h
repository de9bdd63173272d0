/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal host unit test harness printing KTAP: TEST(name) defines a
 * case, CHECK() records a failure with its line and keeps going.
 */
#ifndef P2PDMA_CHECK_H
#define P2PDMA_CHECK_H

#include <stdio.h>
#include <string.h>

struct test_case {
	const char *name;
	void (*fn)(void);
};

extern int check_failures;

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("# %s:%d: CHECK(%s) failed\n",		\
			       __FILE__, __LINE__, #cond);		\
			check_failures++;				\
		}							\
	} while (0)

#define CHECK_EQ_U64(a, b)						\
	do {								\
		unsigned long long _a = (a), _b = (b);			\
		if (_a != _b) {						\
			printf("# %s:%d: %s == %llu, expected %llu\n",	\
			       __FILE__, __LINE__, #a, _a, _b);		\
			check_failures++;				\
		}							\
	} while (0)

#define CHECK_STR(a, b)							\
	do {								\
		const char *_a = (a), *_b = (b);			\
		if (strcmp(_a, _b)) {					\
			printf("# %s:%d: %s == \"%s\", expected \"%s\"\n",	\
			       __FILE__, __LINE__, #a, _a, _b);		\
			check_failures++;				\
		}							\
	} while (0)

int run_tests(const char *suite, const struct test_case *cases, int n);

#endif
