/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One run, one answer.  Under -j every run prints exactly one JSON
 * document on stdout, refusals included: {"schema": N, "command": ...,
 * the command's members, and "error": {...} when something went wrong}.
 * Errors are said on stderr in words as they happen and remembered here,
 * so that whichever comes first, the command's document or the end of
 * the run, carries the first of them.  Documentation/p2pdma.schema.json
 * describes every document.
 */
#ifndef P2PDMA_DOCUMENT_H
#define P2PDMA_DOCUMENT_H

#include <stdbool.h>
#include <stdio.h>

#include "json.h"

/* Bumped when a member changes meaning or goes away; additions keep it. */
#define P2PDMA_JSON_SCHEMA	1

/* The first error of the run, as the error member reports it. */
struct doc_error {
	bool set;
	int err;			/* positive errno; 0: a usage error */
	char attribute[48];		/* the option or argument at fault, or "" */
	char message[512];		/* what stderr said, without "p2pdma: " */
};

/* Names the command the document is about; main() does this. */
void doc_command(const char *command);

/*
 * Says "p2pdma: <message>" on stderr and remembers it as the run's error
 * when it is the first.  @err is a positive errno (0 for a usage error),
 * @attribute the option as typed ("--chunk_size", "SRC") or NULL.
 */
void doc_error(int err, const char *attribute, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Remembers an error already said on stderr by someone else. */
void doc_error_quiet(int err, const char *attribute, const char *message);

/* The first error so far, or NULL. */
const struct doc_error *doc_error_get(void);

/* Opens the run's document on stdout: {"schema":N,"command":"...", */
void doc_open(struct json *j);

/* Adds the error member, if there was one, and closes the document. */
void doc_close(struct json *j);

/*
 * At the end of a run under -j: when no document was printed, prints one
 * that carries only the error (or, with none remembered, says that the
 * command failed with @status).  Does nothing without -j.
 */
void doc_finish(int status);

/* "EINVAL" for EINVAL; "" for 0 or a number glibc does not know. */
const char *errno_name(int err);

/*
 * "errno", "name" and "message" members of the current object: what an
 * error and a failed job's failure have in common.  Name "EUSAGE" for 0.
 */
void doc_errno_json(struct json *j, int err, const char *message);

/* The error member alone: {"errno", "name", "message", "attribute"}. */
void doc_error_json(struct json *j, const char *key, int err,
		    const char *attribute, const char *message);

#endif
