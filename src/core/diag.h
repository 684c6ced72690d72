/* SPDX-License-Identifier: MIT */
/* diag.h: diagnostics as values ("file:line: severity: message").
 *
 * Loader and store functions append to a diag_list; only main decides what
 * to print and whether to exit. */
#ifndef ENROLLKB_DIAG_H
#define ENROLLKB_DIAG_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>

enum diag_severity {
	DIAG_WARNING,
	DIAG_ERROR,
	DIAG_NOTE         /* worth knowing, not a problem (e.g. an override) */
};

struct diag {
	enum diag_severity severity;
	char *file;       /* may be NULL for diagnostics not tied to a file */
	unsigned line;    /* 0 when unknown */
	char *message;
};

struct diag_list {
	struct diag *v;
	size_t n, cap;
};

#define DIAG_LIST_INIT { NULL, 0, 0 }

void diag_add(struct diag_list *dl, enum diag_severity sev, const char *file,
	      unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* diag_add for wrappers that take their own format and arguments. */
void diag_vadd(struct diag_list *dl, enum diag_severity sev, const char *file,
	       unsigned line, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));
size_t diag_count(const struct diag_list *dl, enum diag_severity sev);
/* "file:line: error: message\n" (parts that are unknown are left out). */
void diag_print(FILE *fp, const struct diag *d);
void diag_print_all(FILE *fp, const struct diag_list *dl);
void diag_list_free(struct diag_list *dl);

#endif
