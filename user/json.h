/* SPDX-License-Identifier: GPL-2.0 */
/* A small JSON writer: enough for flat objects, arrays and nesting. */
#ifndef P2PDMA_JSON_H
#define P2PDMA_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json {
	FILE *out;
	int depth;
	bool need_comma;
};

void json_init(struct json *j, FILE *out);
void json_obj_open(struct json *j, const char *key);	/* key NULL in arrays */
void json_obj_close(struct json *j);
void json_arr_open(struct json *j, const char *key);
void json_arr_close(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
void json_u64(struct json *j, const char *key, uint64_t val);
void json_i64(struct json *j, const char *key, int64_t val);
void json_f64(struct json *j, const char *key, double val);
void json_bool(struct json *j, const char *key, bool val);
void json_null(struct json *j, const char *key);
void json_end(struct json *j);				/* newline */

#endif
