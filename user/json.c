// SPDX-License-Identifier: GPL-2.0
#include <math.h>

#include "json.h"

void json_init(struct json *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->need_comma = false;
}

static void json_escaped(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_key(struct json *j, const char *key)
{
	if (j->need_comma)
		fputc(',', j->out);
	if (key) {
		json_escaped(j->out, key);
		fputc(':', j->out);
	}
	j->need_comma = true;
}

void json_obj_open(struct json *j, const char *key)
{
	json_key(j, key);
	fputc('{', j->out);
	j->depth++;
	j->need_comma = false;
}

void json_obj_close(struct json *j)
{
	fputc('}', j->out);
	j->depth--;
	j->need_comma = true;
}

void json_arr_open(struct json *j, const char *key)
{
	json_key(j, key);
	fputc('[', j->out);
	j->depth++;
	j->need_comma = false;
}

void json_arr_close(struct json *j)
{
	fputc(']', j->out);
	j->depth--;
	j->need_comma = true;
}

void json_str(struct json *j, const char *key, const char *val)
{
	json_key(j, key);
	json_escaped(j->out, val);
}

void json_u64(struct json *j, const char *key, uint64_t val)
{
	json_key(j, key);
	fprintf(j->out, "%llu", (unsigned long long)val);
}

void json_i64(struct json *j, const char *key, int64_t val)
{
	json_key(j, key);
	fprintf(j->out, "%lld", (long long)val);
}

void json_f64(struct json *j, const char *key, double val)
{
	json_key(j, key);
	if (isfinite(val))
		fprintf(j->out, "%.6g", val);
	else
		fputs("null", j->out);
}

void json_bool(struct json *j, const char *key, bool val)
{
	json_key(j, key);
	fputs(val ? "true" : "false", j->out);
}

void json_null(struct json *j, const char *key)
{
	json_key(j, key);
	fputs("null", j->out);
}

void json_end(struct json *j)
{
	fputc('\n', j->out);
	j->need_comma = false;
}
