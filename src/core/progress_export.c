/* SPDX-License-Identifier: MIT */
/* progress_export.c: an article's checklist as Markdown task items (for
 * --checklist and the browser's "e"), and a whole case -- every article
 * worked in, in the order worked -- as Markdown or plain text (for
 * --export and the browser's "E"); the formats are at the top of
 * progress.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "progress_impl.h"
#include "utf8.h"
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

/* How the text is marked up: Markdown, or plain text for ticket systems
 * that show Markdown as it is. */
struct style {
	bool md;
	int depth;            /* headings: "#" times this plus their level */
	const char *dash;     /* between a step and its time and note */
};

static const struct style markdown = { true, 0, " — " };

/* A heading of level 1 (an article), 2 (a cause) or 3 (a remedy). */
static void heading(struct strbuf *out, const struct style *st, int level,
		    const char *text)
{
	int i;

	if (st->md) {
		for (i = 0; i < st->depth + level; i++)
			sb_putc(out, '#');
		sb_printf(out, " %s\n", text);
		return;
	}
	sb_printf(out, "%*s%s\n", 2 * (level - 1), "", text);
	if (level == 1) {
		size_t n = utf8_width(text, strlen(text));

		while (n--)
			sb_putc(out, '-');
		sb_putc(out, '\n');
	}
}

static void export_steps(const struct progress *p, const struct kb_article *a,
			 char (*keys)[KEY_MAX], const struct kb_step *steps,
			 size_t nsteps, bool numbered, int depth, size_t *counter,
			 const struct style *st, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < nsteps; i++) {
		const struct kb_step *s = &steps[i];
		char buf[KEY_MAX];
		const struct entry *e = progress_find(p, a->id, progress_key_of(a, s, keys, buf));
		int d;

		if (!st->md)
			sb_puts(out, "    ");
		for (d = 0; d < depth; d++)
			sb_puts(out, "  ");
		if (st->md)
			sb_puts(out, "- ");
		sb_puts(out, e && e->done ? "[x] " : "[ ] ");
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
				sb_printf(out, "%s%s", st->dash, when);
		}
		if (e && e->note)
			sb_printf(out, "%s%s", st->dash, e->note);
		sb_putc(out, '\n');
		if (s->nsubsteps)
			export_steps(p, a, keys, s->substeps, s->nsubsteps, true,
				     depth + 1, counter, st, out);
	}
}

/* The article's causes and their steps. */
static void export_causes(const struct progress *p, const struct kb_article *a,
			  const struct style *st, struct strbuf *out)
{
	char (*keys)[KEY_MAX] = progress_article_keys(a);
	struct strbuf h = STRBUF_INIT;
	char *line;
	size_t i, r;

	for (i = 0; i < a->nsolutions; i++) {
		const struct kb_solution *sol = &a->solutions[i];
		const struct kb_text *cause = first_para(&sol->cause);
		size_t counter = 0;

		sb_truncate(&h, 0);
		sb_printf(&h, _("Cause %zu"), i + 1);
		if (cause) {
			sb_puts(&h, ": ");
			progress_text_norm(cause, &h);
		}
		sb_putc(out, '\n');
		heading(out, st, 2, sb_str(&h));
		for (r = 0; r < sol->nremedies; r++) {
			const struct kb_remedy *rem = &sol->remedies[r];

			if (rem->title && *rem->title) {
				line = progress_one_line(rem->title);
				sb_putc(out, '\n');
				heading(out, st, 3, line);
				free(line);
			}
			if (!rem->nsteps)
				continue;
			if (st->md)
				sb_putc(out, '\n');
			export_steps(p, a, keys, rem->steps, rem->nsteps,
				     !rem->unordered, 0, &counter, st, out);
		}
	}
	sb_free(&h);
	free(keys);
}

static void put_codes(const struct kb_article *a, struct strbuf *out)
{
	size_t i;

	if (!a->ncodes)
		return;
	sb_puts(out, _("Error codes: "));
	for (i = 0; i < a->ncodes; i++)
		sb_printf(out, "%s%s", i ? ", " : "", a->codes[i]);
	sb_putc(out, '\n');
}

void progress_export_markdown(const struct progress *p,
			      const struct kb_article *a, struct strbuf *out)
{
	char *line;

	line = progress_one_line(a->title ? a->title : a->id);
	heading(out, &markdown, 1, line);
	free(line);
	sb_putc(out, '\n');
	line = progress_one_line(p->name);
	sb_printf(out, _("Case: %s\n"), line);
	free(line);
	put_codes(a, out);
	export_causes(p, a, &markdown, out);
}

void progress_export_case(const struct progress *p, const struct kb *kb,
			  enum progress_format format, struct strbuf *out)
{
	struct style st = { format == PROGRESS_MARKDOWN, 1,
			    format == PROGRESS_MARKDOWN ? " — " : " -- " };
	struct progress_worked *w;
	struct progress_case info;
	size_t n = progress_worked(&p->e, &w), i;
	char *line = progress_one_line(p->name), *head;

	progress_case_info(p, kb, &info);
	head = xasprintf(_("Case %s"), line);
	if (st.md) {
		sb_printf(out, "# %s\n\n", head);
	} else {
		sb_printf(out, "%s\n", head);
		for (i = utf8_width(head, strlen(head)); i > 0; i--)
			sb_putc(out, '=');
		sb_puts(out, "\n\n");
	}
	free(head);
	free(line);
	if (!n)
		sb_puts(out, _("Nothing ticked or noted in this case yet.\n"));
	else
		sb_printf(out, ngettext("%zu article worked in, %zu of %zu steps done.\n",
					"%zu articles worked in, %zu of %zu steps done.\n",
					info.narticles),
			  info.narticles, info.done, info.total);
	for (i = 0; i < n; i++) {
		size_t ai = kb_find(kb, w[i].article);
		const struct kb_article *a;

		sb_putc(out, '\n');
		if (ai == (size_t)-1) {
			/* Its pack is not loaded: what is known is what the file
			 * says, ticks under keys nobody can read. */
			heading(out, &st, 1, w[i].article);
			sb_putc(out, '\n');
			sb_printf(out, _("This article is not in the loaded packs; its ticks and notes are kept in the case.\n"));
			continue;
		}
		a = kb->articles[ai];
		line = progress_one_line(a->title ? a->title : a->id);
		heading(out, &st, 1, line);
		free(line);
		if (st.md)
			sb_putc(out, '\n');
		sb_printf(out, _("Article: %s\n"), a->id);
		put_codes(a, out);
		export_causes(p, a, &st, out);
	}
	progress_case_info_free(&info);
	free(w);
}
