/* SPDX-License-Identifier: MIT */
/* diag.c: collecting and printing diagnostics. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>

#include "diag.h"
#include "i18n.h"
#include "strbuf.h"
#include "xalloc.h"

void diag_add(struct diag_list *dl, enum diag_severity sev, const char *file,
	      unsigned line, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag *d;
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
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

void diag_print(FILE *fp, const struct diag *d)
{
	if (d->file && d->line)
		fprintf(fp, "%s:%u: ", d->file, d->line);
	else if (d->file)
		fprintf(fp, "%s: ", d->file);
	fprintf(fp, "%s: %s\n",
		d->severity == DIAG_ERROR ? _("error")
		: d->severity == DIAG_NOTE ? _("note") : _("warning"), d->message);
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
