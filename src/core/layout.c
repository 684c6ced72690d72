/* SPDX-License-Identifier: MIT */
/* layout.c: article -> wrapped, styled lines for a given width.
 *
 * Owns the reading order of an article (title, codes, summary, symptom,
 * causes with their fixes, references), the numbering of steps and
 * substeps with their checkboxes and notes, and freeing and printing
 * layouts.  The parts it builds on are in layout_flow.c, layout_lines.c
 * and layout_block.c (see layout_impl.h).  Everything the article says
 * ends up in some line: text that does not fit is wrapped or broken, never
 * cut. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "layout.h"
#include "layout_impl.h"
#include "strbuf.h"
#include "xalloc.h"

/* ---- Steps ------------------------------------------------------------------ */

/* Substep labels: a..z, then aa, ab, ... */
static void letters(size_t i, char *out, size_t size)
{
	char tmp[16];
	size_t n = 0, k;

	do {
		tmp[n++] = (char)('a' + i % 26);
		i = i / 26;
	} while (i-- && n < sizeof(tmp));
	for (k = 0; k < n && k + 1 < size; k++)
		out[k] = tmp[n - 1 - k];
	out[k] = '\0';
}

static bool step_has_body(const struct kb_step *s)
{
	return s->info.n || s->nsubsteps || s->result.n;
}

static void render_steps(struct ctx *c, const struct kb_step *steps, size_t n,
			 bool unordered, bool sub, size_t indent);

static void render_step(struct ctx *c, const struct kb_step *s, size_t i,
			size_t n, bool unordered, bool sub, size_t indent)
{
	char num[32], last[32], pad[32];
	struct piece pre[4];
	size_t np = 0, hang;
	long outer = c->step;
	struct flow f = FLOW_INIT;

	c->step = (long)s->index;
	if (c->cl) {
		bool done = c->cl->done && c->cl->done(c->cl->ctx, s);

		pre[np++] = (struct piece){ done ? "[x] " : "[ ] ", SEG_MARK, -1 };
	}
	if (unordered) {
		if (!c->cl) {
			pre[np++] = (struct piece){ layout_bullet(c), SEG_MARK, -1 };
			pre[np++] = (struct piece){ " ", SEG_PLAIN, -1 };
		}
	} else {
		size_t lw;

		if (sub) {
			letters(i, num, sizeof(num) - 1);
			letters(n - 1, last, sizeof(last) - 1);
		} else {
			snprintf(num, sizeof(num), "%zu", i + 1);
			snprintf(last, sizeof(last), "%zu", n);
		}
		strcat(num, ".");
		lw = strlen(last) + 1;
		memset(pad, ' ', lw - strlen(num));
		pad[lw - strlen(num)] = '\0';
		if (*pad)
			pre[np++] = (struct piece){ pad, SEG_PLAIN, -1 };
		pre[np++] = (struct piece){ num, SEG_MARK, -1 };
		pre[np++] = (struct piece){ " ", SEG_PLAIN, -1 };
	}
	hang = indent + layout_pieces_width(pre, np);

	layout_flow_text(c, &f, &s->cmd);
	layout_flow_trim(&f);
	layout_emit_flow(c, &f, LINE_STEP, indent, pre, np, true);
	layout_flow_free(&f);

	if (c->cl && c->cl->note) {
		const char *note = c->cl->note(c->cl->ctx, s);

		if (note) {
			struct piece npre[2] = {
				{ _("Your note:"), SEG_EMPH, -1 },
				{ " ", SEG_PLAIN, -1 }
			};

			layout_flow_puts(c, &f, note, SEG_PLAIN, -1);
			layout_flow_trim(&f);
			if (f.text.len)
				layout_emit_flow(c, &f, LINE_STEP_NOTE, hang, npre, 2, false);
			layout_flow_free(&f);
		}
	}
	if (s->info.n) {
		layout_sep(c);
		layout_blocks(c, &s->info, hang, LINE_TEXT);
	}
	if (s->nsubsteps) {
		layout_sep(c);
		render_steps(c, s->substeps, s->nsubsteps, false, true, hang);
	}
	if (s->result.n) {
		layout_sep(c);
		layout_labelled(c, &s->result, hang, LINE_TEXT, _("Result:"), SEG_EMPH);
	}
	c->step = outer;
}

static void render_steps(struct ctx *c, const struct kb_step *steps, size_t n,
			 bool unordered, bool sub, size_t indent)
{
	bool loose = false;
	size_t i;

	for (i = 0; i < n; i++)
		loose = loose || step_has_body(&steps[i]);
	for (i = 0; i < n; i++) {
		if (i && loose)
			layout_sep(c);
		render_step(c, &steps[i], i, n, unordered, sub, indent);
	}
}

/* ---- The article ------------------------------------------------------------ */

static void render_remedy(struct ctx *c, const struct kb_remedy *r, size_t i,
			  size_t n)
{
	struct strbuf h = STRBUF_INIT;

	if (n > 1)
		sb_printf(&h, _("Fix %zu of %zu"), i + 1, n);
	else
		sb_puts(&h, _("Fix"));
	if (r->title && *r->title)
		sb_printf(&h, ": %s", r->title);
	layout_heading(c, sb_str(&h), SUB_INDENT);
	sb_free(&h);
	if (r->responsible.n)
		layout_labelled(c, &r->responsible, BODY_INDENT, LINE_TEXT,
				_("Who:"), SEG_EMPH);
	if (r->nsteps) {
		if (r->responsible.n)
			layout_sep(c);
		render_steps(c, r->steps, r->nsteps, r->unordered, false, BODY_INDENT);
	}
	if (r->informal.n) {
		if (r->responsible.n || r->nsteps)
			layout_sep(c);
		layout_blocks(c, &r->informal, BODY_INDENT, LINE_TEXT);
	}
}

static void render_solution(struct ctx *c, const struct kb_solution *s,
			    size_t i, size_t n)
{
	size_t k;

	/* A solution that states no cause (imported articles have them) gets
	 * no empty "Cause" heading; among several it is still numbered. */
	if (n > 1) {
		char *h = s->cause.n ? xasprintf(_("Cause %zu of %zu"), i + 1, n)
				     : xasprintf(_("Solution %zu of %zu"), i + 1, n);

		layout_heading(c, h, 0);
		free(h);
	} else if (s->cause.n) {
		layout_heading(c, _("Cause"), 0);
	}
	layout_blocks(c, &s->cause, BODY_INDENT, LINE_TEXT);
	for (k = 0; k < s->nremedies; k++)
		render_remedy(c, &s->remedies[k], k, s->nremedies);
}

static void render_references(struct ctx *c)
{
	struct layout *l = c->l;
	int number = 0, max = 0;
	size_t i;
	char mark[32], pad[32];
	size_t markw;

	for (i = 0; i < l->nlinks; i++)
		max = l->links[i].number > max ? l->links[i].number : max;
	if (!max)
		return;
	layout_heading(c, _("References"), 0);
	markw = (size_t)snprintf(mark, sizeof(mark), "[%d]", max);
	for (i = 0; i < l->nlinks; i++) {
		const struct layout_link *k = &l->links[i];
		struct flow f = FLOW_INIT;
		struct piece pre[3];
		size_t w;

		if (k->number <= number)
			continue;
		number = k->number;
		w = (size_t)snprintf(mark, sizeof(mark), "[%d]", number);
		memset(pad, ' ', markw - w);
		pad[markw - w] = '\0';
		pre[0] = (struct piece){ pad, SEG_PLAIN, -1 };
		pre[1] = (struct piece){ mark, SEG_MARK, (int)i };
		pre[2] = (struct piece){ " ", SEG_PLAIN, -1 };
		if (!k->target) {
			layout_flow_puts(c, &f, _("(unresolved cross-reference)"), SEG_PLAIN, (int)i);
		} else if (k->external) {
			layout_flow_puts(c, &f, k->target, SEG_LINK, (int)i);
		} else {
			const struct kb_article *a = layout_find_article(c, k->target);

			layout_flow_puts(c, &f, k->target, SEG_LINK, (int)i);
			layout_flow_puts(c, &f, " -- ", SEG_PLAIN, -1);
			if (a)
				layout_flow_puts(c, &f, a->title, SEG_PLAIN, -1);
			else
				layout_flow_puts(c, &f, _("(not in the knowledge base)"), SEG_PLAIN, -1);
		}
		layout_flow_trim(&f);
		layout_emit_flow(c, &f, LINE_REF, BODY_INDENT, pre, 3, false);
		layout_flow_free(&f);
	}
}

struct layout *layout_article(const struct kb *kb, const struct kb_article *a,
			      const struct layout_opts *opts)
{
	struct layout *l = xcalloc(1, sizeof(*l));
	struct ctx c;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.kb = kb;
	c.l = l;
	c.step = -1;
	c.width = 80;
	if (opts) {
		c.width = opts->width < LAYOUT_MIN_WIDTH ? LAYOUT_MIN_WIDTH
							 : (size_t)opts->width;
		c.ascii = opts->ascii;
		c.cl = opts->checklist;
	}
	if (!a)
		return l;

	if (a->title_text.n)
		layout_emit_text(&c, &a->title_text, LINE_TITLE, 0, NULL, 0);
	else
		layout_emit_plain(&c, a->title ? a->title : a->id, LINE_TITLE, SEG_PLAIN, 0);
	if (a->ncodes) {
		struct flow f = FLOW_INIT;
		struct piece pre[2] = {
			{ _("Error codes:"), SEG_PLAIN, -1 },
			{ " ", SEG_PLAIN, -1 }
		};

		for (i = 0; i < a->ncodes; i++) {
			if (i)
				layout_flow_puts(&c, &f, ", ", SEG_PLAIN, -1);
			layout_flow_puts(&c, &f, a->codes[i], SEG_MSGNUM, -1);
		}
		layout_flow_trim(&f);
		layout_emit_flow(&c, &f, LINE_CODES, 0, pre, 2, false);
		layout_flow_free(&f);
	}
	if (a->source_href || a->source_date || a->checked_date) {
		struct flow f = FLOW_INIT;
		struct piece pre[2] = {
			{ _("Source:"), SEG_PLAIN, -1 },
			{ " ", SEG_PLAIN, -1 }
		};
		char *dates = NULL;

		if (a->source_href)
			layout_flow_puts(&c, &f, a->source_href, SEG_PLAIN, -1);
		else if (a->source_title)
			layout_flow_puts(&c, &f, a->source_title, SEG_PLAIN, -1);
		if (a->source_date && a->checked_date)
			dates = xasprintf(_("(dated %s, checked %s)"), a->source_date,
					  a->checked_date);
		else if (a->source_date)
			dates = xasprintf(_("(dated %s)"), a->source_date);
		else if (a->checked_date)
			dates = xasprintf(_("(checked %s)"), a->checked_date);
		if (dates) {
			if (f.text.len)
				layout_flow_puts(&c, &f, " ", SEG_PLAIN, -1);
			layout_flow_puts(&c, &f, dates, SEG_PLAIN, -1);
			free(dates);
		}
		layout_flow_trim(&f);
		layout_emit_flow(&c, &f, LINE_CODES, 0, pre, 2, false);
		layout_flow_free(&f);
	}
	if (a->shortdesc && *a->shortdesc) {
		layout_sep(&c);
		layout_emit_plain(&c, a->shortdesc, LINE_SHORTDESC, SEG_PLAIN, BODY_INDENT);
	}
	if (a->condition.n) {
		layout_heading(&c, _("Symptom"), 0);
		layout_blocks(&c, &a->condition, BODY_INDENT, LINE_TEXT);
	}
	for (i = 0; i < a->nsolutions; i++)
		render_solution(&c, &a->solutions[i], i, a->nsolutions);
	if (a->related.n) {
		layout_heading(&c, _("See also"), 0);
		layout_blocks(&c, &a->related, BODY_INDENT, LINE_TEXT);
	}
	render_references(&c);
	/* Every link has a line to scroll to, even if its text never made it
	 * into one: its entry in the references list. */
	for (i = 0; i < l->nlinks; i++)
		if (l->links[i].line == NO_LINE) {
			size_t k;

			for (k = 0; k < i && l->links[k].number != l->links[i].number; k++)
				;
			l->links[i].line = k < i ? l->links[k].line : 0;
		}
	while (l->nlines && l->lines[l->nlines - 1].type == LINE_BLANK) {
		l->nlines--;
		free(l->lines[l->nlines].text);
		free(l->lines[l->nlines].segs);
	}
	return l;
}

void layout_free(struct layout *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->nlines; i++) {
		free(l->lines[i].text);
		free(l->lines[i].segs);
	}
	free(l->lines);
	free(l->links);
	free(l);
}

void layout_print(FILE *fp, const struct layout *l)
{
	size_t i;

	for (i = 0; l && i < l->nlines; i++) {
		size_t n = l->lines[i].len;

		while (n && l->lines[i].text[n - 1] == ' ')
			n--;
		fwrite(l->lines[i].text, 1, n, fp);
		fputc('\n', fp);
	}
}
