/* SPDX-License-Identifier: MIT */
/* layout_flow.c: the text side of layout -- sanitising content text for a
 * terminal, measuring it in display columns, flows (styled inline text
 * before wrapping) and the numbering of links. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_impl.h"
#include "sanitize.h"
#include "utf8.h"
#include "xalloc.h"

/* ---- Sanitising ---------------------------------------------------------- */

static const char *replacement(const struct ctx *c)
{
	return c->ascii ? "?" : "\xEF\xBF\xBD";
}

/* Appends the character at s (n > 0 bytes) to sb in a form that is safe to
 * write to a terminal and returns the bytes consumed.  C0 controls and DEL
 * become caret notation (ESC -> "^["), so an escape sequence in content is
 * shown, not obeyed; C1 controls, bidi overrides and bytes that are not
 * UTF-8 become the replacement character (the rule of sanitize.h). */
size_t layout_put_safe(const struct ctx *c, struct strbuf *sb,
		       const char *s, size_t n)
{
	uint32_t cp;
	size_t k = utf8_decode(s, n, &cp);
	bool invalid = cp == UTF8_REPLACEMENT && k == 1;

	if (!invalid && (cp < 0x20 || cp == 0x7F)) {
		sb_putc(sb, '^');
		sb_putc(sb, (char)(cp ^ 0x40));
	} else if (invalid || sanitize_is_unsafe(cp)) {
		sb_puts(sb, replacement(c));
	} else {
		sb_add(sb, s, k);
	}
	return k;
}

/* Bytes of the longest prefix of s that fits in budget columns: at least
 * one character (so breaking always progresses), whole UTF-8 sequences
 * only, and zero-width characters stay with the character before them. */
size_t layout_fit_prefix(const char *s, size_t n, size_t budget, size_t *used)
{
	size_t i = utf8_fit(s, n, budget, NULL, used), k, rest;
	uint32_t cp;

	if (i || !n)
		return i;
	/* The first character alone is too wide: it goes anyway, with the
	 * zero-width ones after it. */
	k = utf8_decode(s, n, &cp);
	*used = utf8_width(s, k);
	i = k + utf8_fit(s + k, n - k, 0, NULL, &rest);
	*used += rest;
	return i;
}

/* ---- Flows: styled inline text before wrapping ---------------------------- */

void layout_flow_free(struct flow *f)
{
	sb_free(&f->text);
	free(f->runs);
	f->runs = NULL;
	f->nruns = f->cap = 0;
}

void layout_run_add(struct flow *f, size_t off, size_t len,
		    enum seg_style style, int link)
{
	struct run *last = f->nruns ? &f->runs[f->nruns - 1] : NULL;

	if (!len)
		return;
	if (last && last->style == style && last->link == link &&
	    last->off + last->len == off) {
		last->len += len;
		return;
	}
	f->runs = xgrow(f->runs, &f->cap, f->nruns + 1, sizeof(*f->runs));
	f->runs[f->nruns++] = (struct run){ off, len, style, link };
}

static bool ends_in_space(const struct flow *f)
{
	return !f->text.len || f->text.s[f->text.len - 1] == ' ' ||
	       f->text.s[f->text.len - 1] == GLUE;
}

/* Appends n bytes of content text: whitespace runs collapse to one space
 * (also across runs, and none at the start), the rest is sanitised. */
static void flow_add(const struct ctx *c, struct flow *f, const char *s,
		     size_t n, enum seg_style style, int link)
{
	size_t start = f->text.len, i = 0;

	while (i < n) {
		unsigned char b = (unsigned char)s[i];

		if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' ||
		    b == '\v') {
			if (!ends_in_space(f))
				sb_putc(&f->text, ' ');
			i++;
		} else if (b >= 0x20 && b < 0x7F) {
			sb_putc(&f->text, (char)b);
			i++;
		} else if (n - i >= 3 && b == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
			   ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
			/* U+2028/U+2029 separate lines: a space in running text */
			if (!ends_in_space(f))
				sb_putc(&f->text, ' ');
			i += 3;
		} else {
			i += layout_put_safe(c, &f->text, s + i, n - i);
		}
	}
	layout_run_add(f, start, f->text.len - start, style, link);
}

void layout_flow_puts(const struct ctx *c, struct flow *f, const char *s,
		      enum seg_style style, int link)
{
	if (s)
		flow_add(c, f, s, strlen(s), style, link);
}

/* Appends a marker glued to what precedes it ("text [3]"). */
static void flow_glue(struct flow *f, const char *mark, enum seg_style style,
		      int link)
{
	size_t start;

	if (f->text.len) {
		if (f->text.s[f->text.len - 1] == ' ')
			sb_truncate(&f->text, f->text.len - 1);
		start = f->text.len;
		/* the space before a mark belongs to neither the link nor the mark */
		if (f->nruns && f->runs[f->nruns - 1].off + f->runs[f->nruns - 1].len > start) {
			struct run *r = &f->runs[f->nruns - 1];

			r->len = start - r->off;
			if (!r->len)
				f->nruns--;
		}
		sb_putc(&f->text, GLUE);
		layout_run_add(f, start, 1, SEG_PLAIN, -1);
	}
	start = f->text.len;
	sb_puts(&f->text, mark);
	layout_run_add(f, start, f->text.len - start, style, link);
}

/* Appends the runs of another flow (text already sanitised). */
void layout_flow_append(struct flow *f, const struct flow *g)
{
	size_t base, i;

	if (g->text.len && f->text.len && !ends_in_space(f) &&
	    g->text.s[0] != ' ') {
		sb_putc(&f->text, ' ');
		layout_run_add(f, f->text.len - 1, 1, SEG_PLAIN, -1);
	}
	base = f->text.len;
	sb_add(&f->text, sb_str(&g->text), g->text.len);
	for (i = 0; i < g->nruns; i++)
		layout_run_add(f, base + g->runs[i].off, g->runs[i].len,
			       g->runs[i].style, g->runs[i].link);
}

/* Appends ASCII decoration as is (no whitespace folding). */
void layout_flow_raw(struct flow *f, const char *s, enum seg_style style)
{
	size_t start = f->text.len;

	sb_puts(&f->text, s);
	layout_run_add(f, start, f->text.len - start, style, -1);
}

/* Drops a trailing space so no line ends in one. */
void layout_flow_trim(struct flow *f)
{
	while (f->text.len && f->text.s[f->text.len - 1] == ' ') {
		sb_truncate(&f->text, f->text.len - 1);
		while (f->nruns) {
			struct run *r = &f->runs[f->nruns - 1];

			if (r->off + r->len <= f->text.len)
				break;
			r->len = f->text.len > r->off ? f->text.len - r->off : 0;
			if (r->len)
				break;
			f->nruns--;
		}
	}
}

/* ---- Links ----------------------------------------------------------------- */

/* Registers one occurrence of a link.  Occurrences of the same target share
 * a number, so the references list names each target once; every
 * unresolved xref gets a number of its own. */
static int link_new(struct ctx *c, const char *target, bool external)
{
	struct layout *l = c->l;
	int number = 0, max = 0;
	size_t i;

	for (i = 0; i < l->nlinks && !number; i++) {
		const struct layout_link *k = &l->links[i];

		max = k->number > max ? k->number : max;
		if (target && k->target && k->external == external &&
		    strcmp(k->target, target) == 0)
			number = k->number;
	}
	l->links = xgrow(l->links, &c->links_cap, l->nlinks + 1, sizeof(*l->links));
	l->links[l->nlinks] = (struct layout_link){
		target, external, number ? number : max + 1, NO_LINE
	};
	return (int)l->nlinks++;
}

const struct kb_article *layout_find_article(const struct ctx *c, const char *id)
{
	size_t i;

	if (!c->kb || !id)
		return NULL;
	i = kb_find(c->kb, id);
	return i == NO_ARTICLE ? NULL : c->kb->articles[i];
}

enum seg_style layout_span_style(enum kb_span_kind k)
{
	switch (k) {
	case KB_SPAN_EMPH:   return SEG_EMPH;
	case KB_SPAN_UI:     return SEG_UI;
	case KB_SPAN_CODE:   return SEG_CODE;
	case KB_SPAN_MSG:    return SEG_MSG;
	case KB_SPAN_MSGNUM: return SEG_MSGNUM;
	case KB_SPAN_XREF:   return SEG_LINK;
	case KB_SPAN_TEXT:
	default:             return SEG_PLAIN;
	}
}

void layout_flow_text(struct ctx *c, struct flow *f, const struct kb_text *t)
{
	size_t i;

	for (i = 0; t && i < t->n; i++) {
		const struct kb_span *sp = &t->spans[i];
		const char *text = sp->text ? sp->text : "";
		char mark[32];
		int link;

		if (sp->kind != KB_SPAN_XREF) {
			layout_flow_puts(c, f, text, layout_span_style(sp->kind), -1);
			continue;
		}
		link = link_new(c, sp->target, sp->external);
		if (!*text) {
			/* An empty xref shows what it points to. */
			const struct kb_article *a = sp->external ? NULL
				: layout_find_article(c, sp->target);

			text = a && a->title ? a->title : sp->target ? sp->target : "";
		}
		if (!ends_in_space(f) && f->text.len &&
		    f->runs[f->nruns - 1].link != -1)
			layout_flow_puts(c, f, " ", SEG_PLAIN, -1);
		layout_flow_puts(c, f, text, SEG_LINK, link);
		snprintf(mark, sizeof(mark), "[%d]", c->l->links[link].number);
		flow_glue(f, mark, SEG_MARK, link);
	}
}
