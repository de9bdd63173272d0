// SPDX-License-Identifier: GPL-2.0
/* strerrorname_np() */
#define _GNU_SOURCE
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "document.h"
#include "p2pdma.h"

/* -j and --quiet: how this run answers, which is this file's business. */
struct cli cli;

static const char *doc_cmd = "p2pdma";
static struct doc_error first_error;
static bool doc_printed;

void doc_command(const char *command)
{
	doc_cmd = command;
}

void doc_error_quiet(int err, const char *attribute, const char *message)
{
	if (first_error.set)
		return;
	first_error.set = true;
	first_error.err = err;
	snprintf(first_error.attribute, sizeof(first_error.attribute), "%s",
		 attribute ?: "");
	snprintf(first_error.message, sizeof(first_error.message), "%s", message);
}

void doc_error(int err, const char *attribute, const char *fmt, ...)
{
	char msg[sizeof(first_error.message)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "p2pdma: %s\n", msg);
	doc_error_quiet(err, attribute, msg);
}

const struct doc_error *doc_error_get(void)
{
	return first_error.set ? &first_error : NULL;
}

/* glibc knows every name the kernel can send. */
const char *errno_name(int err)
{
	const char *name = err ? strerrorname_np(err) : NULL;

	return name ?: "";
}

void doc_errno_json(struct json *j, int err, const char *message)
{
	json_u64(j, "errno", (uint64_t)err);
	json_str(j, "name", err ? errno_name(err) : "EUSAGE");
	json_str(j, "message", message);
}

void doc_error_json(struct json *j, const char *key, int err,
		    const char *attribute, const char *message)
{
	json_obj_open(j, key);
	doc_errno_json(j, err, message);
	if (attribute && *attribute)
		json_str(j, "attribute", attribute);
	else
		json_null(j, "attribute");
	json_obj_close(j);
}

void doc_open(struct json *j)
{
	json_init(j, stdout);
	json_obj_open(j, NULL);
	json_u64(j, "schema", P2PDMA_JSON_SCHEMA);
	json_str(j, "command", doc_cmd);
	doc_printed = true;
}

void doc_close(struct json *j)
{
	if (first_error.set)
		doc_error_json(j, "error", first_error.err,
			       first_error.attribute, first_error.message);
	json_obj_close(j);
	json_end(j);
	fflush(stdout);
}

void doc_finish(int status)
{
	char msg[64];
	struct json j;

	if (!cli.json || doc_printed || !status)
		return;
	if (!first_error.set) {
		snprintf(msg, sizeof(msg), "%s failed (exit status %d)", doc_cmd,
			 status);
		doc_error_quiet(status == EXIT_USAGE ? 0 : EIO, NULL, msg);
	}
	doc_open(&j);
	doc_close(&j);
}
