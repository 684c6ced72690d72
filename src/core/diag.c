/* SPDX-License-Identifier: MIT */
/* diag.c: collecting and printing diagnostics. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>

#include "diag.h"
#include "sanitize.h"
#include "i18n.h"
#include "strbuf.h"
#include "xalloc.h"

void diag_add(struct diag_list *dl, enum diag_severity sev, const char *file,
	      unsigned line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(dl, sev, file, line, fmt, ap);
	va_end(ap);
}

void diag_vadd(struct diag_list *dl, enum diag_severity sev, const char *file,
	       unsigned line, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag *d;

	sb_vprintf(&sb, fmt, ap);
	dl->v = xgrow(dl->v, &dl->cap, dl->n + 1, sizeof(*dl->v));
	d = &dl->v[dl->n++];
	d->severity = sev;
	d->file = file ? xstrdup(file) : NULL;
	d->line = line;
	d->message = sb_detach(&sb);
}

size_t diag_count(const struct diag_list *dl, enum diag_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < dl->n; i++)
		n += dl->v[i].severity == sev;
	return n;
}

/* File names and messages carry text from the files themselves: both pass
 * the sanitiser, so a file named with an escape sequence cannot act on
 * the terminal that shows its diagnostic. */
void diag_print(FILE *fp, const struct diag *d)
{
	char *file = d->file ? sanitize_dup(d->file, 0) : NULL;
	char *msg = sanitize_dup(d->message, 0);

	if (file && d->line)
		fprintf(fp, "%s:%u: ", file, d->line);
	else if (file)
		fprintf(fp, "%s: ", file);
	fprintf(fp, "%s: %s\n",
		d->severity == DIAG_ERROR ? _("error")
		: d->severity == DIAG_NOTE ? _("note") : _("warning"), msg);
	free(file);
	free(msg);
}

void diag_print_all(FILE *fp, const struct diag_list *dl)
{
	size_t i;

	for (i = 0; i < dl->n; i++)
		diag_print(fp, &dl->v[i]);
}

void diag_list_free(struct diag_list *dl)
{
	size_t i;

	for (i = 0; i < dl->n; i++) {
		free(dl->v[i].file);
		free(dl->v[i].message);
	}
	free(dl->v);
	dl->v = NULL;
	dl->n = dl->cap = 0;
}
