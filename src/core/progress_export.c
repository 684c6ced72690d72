/* SPDX-License-Identifier: MIT */
/* progress_export.c: an article's checklist as Markdown task items (for
 * --checklist and the browser's export); the format is at the top of
 * progress.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "i18n.h"
#include "progress_impl.h"
#include "xalloc.h"

/* The first paragraph in blocks (looking into notes and lists), or NULL. */
static const struct kb_text *first_para(const struct kb_blocks *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		const struct kb_block *k = &b->v[i];
		const struct kb_text *t = NULL;

		if (k->kind == KB_BLOCK_PARA && k->text.n)
			return &k->text;
		if (k->kind == KB_BLOCK_NOTE)
			t = first_para(&k->children);
		else if (k->kind == KB_BLOCK_LIST && k->nitems)
			t = first_para(&k->items[0]);
		if (t)
			return t;
	}
	return NULL;
}

static void put_label(struct strbuf *out, size_t i, int depth)
{
	if (depth == 0) {
		sb_printf(out, "%zu. ", i + 1);
		return;
	}
	/* a ... z, aa, ab ... (bijective base 26) */
	{
		char buf[16];
		size_t n = sizeof(buf), v = i + 1;

		buf[--n] = '\0';
		while (v && n) {
			buf[--n] = (char)('a' + (v - 1) % 26);
			v = (v - 1) / 26;
		}
		sb_printf(out, "%s. ", buf + n);
	}
}

static void export_steps(const struct progress *p, const struct kb_article *a,
			 char (*keys)[KEY_MAX], const struct kb_step *steps,
			 size_t nsteps, bool numbered, int depth, size_t *counter,
			 struct strbuf *out)
{
	size_t i;

	for (i = 0; i < nsteps; i++) {
		const struct kb_step *s = &steps[i];
		char buf[KEY_MAX];
		const struct entry *e = progress_find(p, a->id, progress_key_of(a, s, keys, buf));
		int d;

		for (d = 0; d < depth; d++)
			sb_puts(out, "  ");
		sb_puts(out, e && e->done ? "- [x] " : "- [ ] ");
		if (depth > 0)
			put_label(out, i, depth);
		else if (numbered)
			put_label(out, (*counter)++, 0);
		progress_text_norm(&s->cmd, out);
		if (e && e->done) {
			struct tm tm;
			char when[40];

			if (gmtime_r(&e->done, &tm) &&
			    strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm))
				sb_printf(out, " — %s", when);
		}
		if (e && e->note)
			sb_printf(out, " — %s", e->note);
		sb_putc(out, '\n');
		if (s->nsubsteps)
			export_steps(p, a, keys, s->substeps, s->nsubsteps, true,
				     depth + 1, counter, out);
	}
}

void progress_export_markdown(const struct progress *p,
			      const struct kb_article *a, struct strbuf *out)
{
	char (*keys)[KEY_MAX] = progress_article_keys(a);
	char *line;
	size_t i, r;

	line = progress_one_line(a->title ? a->title : a->id);
	sb_printf(out, "# %s\n\n", line);
	free(line);
	line = progress_one_line(p->name);
	sb_printf(out, _("Case: %s\n"), line);
	free(line);
	if (a->ncodes) {
		sb_puts(out, _("Error codes: "));
		for (i = 0; i < a->ncodes; i++)
			sb_printf(out, "%s%s", i ? ", " : "", a->codes[i]);
		sb_putc(out, '\n');
	}
	for (i = 0; i < a->nsolutions; i++) {
		const struct kb_solution *sol = &a->solutions[i];
		const struct kb_text *cause = first_para(&sol->cause);
		size_t counter = 0;

		sb_puts(out, "\n## ");
		sb_printf(out, _("Cause %zu"), i + 1);
		if (cause) {
			sb_puts(out, ": ");
			progress_text_norm(cause, out);
		}
		sb_putc(out, '\n');
		for (r = 0; r < sol->nremedies; r++) {
			const struct kb_remedy *rem = &sol->remedies[r];

			if (rem->title && *rem->title) {
				line = progress_one_line(rem->title);
				sb_printf(out, "\n### %s\n", line);
				free(line);
			}
			if (!rem->nsteps)
				continue;
			sb_putc(out, '\n');
			export_steps(p, a, keys, rem->steps, rem->nsteps,
				     !rem->unordered, 0, &counter, out);
		}
	}
	free(keys);
}
