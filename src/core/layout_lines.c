/* SPDX-License-Identifier: MIT */
/* layout_lines.c: flows -> lines -- line buffers with styled segments,
 * greedy word wrapping by display width (long words and URLs broken hard),
 * hanging indentation under a prefix, blank lines between blocks. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "layout_impl.h"
#include "utf8.h"
#include "xalloc.h"

/* ---- Line buffers ----------------------------------------------------------- */

void layout_lb_add(struct lbuf *b, const char *s, size_t n,
		   enum seg_style style, int link)
{
	size_t off = b->text.len, i;
	struct layout_seg *last;

	if (!n)
		return;
	sb_add(&b->text, s, n);
	for (i = off; i < b->text.len; i++)
		if (b->text.s[i] == GLUE)
			b->text.s[i] = ' ';
	last = b->nsegs ? &b->segs[b->nsegs - 1] : NULL;
	if (last && last->style == style && last->link == link) {
		last->len += n;
		return;
	}
	b->segs = xgrow(b->segs, &b->cap, b->nsegs + 1, sizeof(*b->segs));
	b->segs[b->nsegs++] = (struct layout_seg){ off, n, style, link };
}

void layout_lb_spaces(struct lbuf *b, size_t n)
{
	while (n--)
		layout_lb_add(b, " ", 1, SEG_PLAIN, -1);
}

/* Moves the buffer into a new line of the layout (trailing spaces dropped,
 * segments trimmed to match) and resets it. */
void layout_lb_finish(struct ctx *c, struct lbuf *b, enum line_type type,
		      bool step_first)
{
	struct layout *l = c->l;
	struct layout_line *ln;
	size_t len = b->text.len, i;

	while (len && b->text.s[len - 1] == ' ')
		len--;
	sb_truncate(&b->text, len);
	while (b->nsegs && b->segs[b->nsegs - 1].off >= len)
		b->nsegs--;
	if (b->nsegs)
		b->segs[b->nsegs - 1].len = len - b->segs[b->nsegs - 1].off;
	for (i = 0; i < b->nsegs; i++) {
		int k = b->segs[i].link;

		if (k >= 0 && (size_t)k < l->nlinks && l->links[k].line == NO_LINE)
			l->links[k].line = l->nlines;
	}
	l->lines = xgrow(l->lines, &c->lines_cap, l->nlines + 1, sizeof(*l->lines));
	ln = &l->lines[l->nlines++];
	ln->type = type;
	ln->len = len;
	ln->text = sb_detach(&b->text);
	ln->nsegs = b->nsegs;
	ln->segs = b->nsegs ? b->segs : NULL;
	if (!b->nsegs)
		free(b->segs);
	ln->step = c->step;
	ln->step_first = step_first;
	b->segs = NULL;
	b->nsegs = b->cap = 0;
}

/* A blank line between blocks: never two in a row, none at the top. */
void layout_sep(struct ctx *c)
{
	struct lbuf b = LBUF_INIT;

	if (!c->l->nlines || c->l->lines[c->l->nlines - 1].type == LINE_BLANK)
		return;
	layout_lb_finish(c, &b, LINE_BLANK, false);
}

/* Copies the part [s, e) of a flow into a line buffer with its styles. */
void layout_lb_flow(struct lbuf *b, const struct flow *f, size_t s, size_t e)
{
	size_t i;

	for (i = 0; i < f->nruns; i++) {
		const struct run *r = &f->runs[i];
		size_t rs = r->off > s ? r->off : s;
		size_t re = r->off + r->len < e ? r->off + r->len : e;

		if (rs < re)
			layout_lb_add(b, f->text.s + rs, re - rs, r->style, r->link);
	}
}

/* ---- Wrapping ---------------------------------------------------------------- */

static void range_push(struct ranges *r, size_t s, size_t e)
{
	r->v = xgrow(r->v, &r->cap, r->n + 1, sizeof(*r->v));
	r->v[r->n++] = (struct range){ s, e };
}

/* A word broken hard (mostly a URL) reads better broken after a URL
 * delimiter, if there is one in the last part of the k bytes that fit. */
static size_t url_break(const char *s, size_t k, size_t *used, size_t w)
{
	size_t i;

	for (i = k; i > 1; i--) {
		size_t cw = utf8_width(s, i);

		if (cw * 3 < w * 2)
			break;
		if (strchr("/?&=#_.", s[i - 1])) {
			*used = cw;
			return i;
		}
	}
	return k;
}

/* Greedy word wrap of a flow into lines of at most w columns (w >= 2);
 * a word wider than w is broken hard. */
void layout_flow_wrap(const struct flow *f, size_t w, struct ranges *out)
{
	const char *t = sb_str(&f->text);
	size_t n = f->text.len, i = 0, cs = 0, ce = 0, cw = 0;
	bool have = false;

	while (i < n) {
		size_t ws, we, ww;

		if (t[i] == ' ') {
			i++;
			continue;
		}
		ws = i;
		while (i < n && t[i] != ' ')
			i++;
		we = i;
		ww = utf8_width(t + ws, we - ws);
		if (ww > w) {
			/* Too wide even alone: a glued mark may go to the next
			 * line rather than be broken. */
			const char *g = memchr(t + ws, GLUE, we - ws);

			if (g) {
				we = (size_t)(g - t);
				i = we + 1;
				ww = utf8_width(t + ws, we - ws);
			}
		}
		if (have) {
			if (cw + 1 + ww <= w) {
				ce = we;
				cw += 1 + ww;
				continue;
			}
			range_push(out, cs, ce);
			have = false;
		}
		while (ww > w) {
			size_t used, k = layout_fit_prefix(t + ws, we - ws, w, &used);

			k = url_break(t + ws, k, &used, w);
			range_push(out, ws, ws + k);
			ws += k;
			ww = ww > used ? ww - used : 0;
		}
		if (ws < we) {
			cs = ws;
			ce = we;
			cw = ww;
			have = true;
		}
	}
	if (have)
		range_push(out, cs, ce);
}

size_t layout_pieces_width(const struct piece *p, size_t np)
{
	size_t w = 0, i;

	for (i = 0; i < np; i++)
		w += utf8_width(p[i].s, strlen(p[i].s));
	return w;
}

/* Where text starts for a paragraph at indent with a prefix of pw columns:
 * deep nesting gives way so at least MIN_TEXT columns remain. */
size_t layout_clamp_indent(const struct ctx *c, size_t indent, size_t pw)
{
	if (indent + pw + MIN_TEXT > c->width)
		indent = c->width > pw + MIN_TEXT ? c->width - pw - MIN_TEXT : 0;
	return indent;
}

/* Writes a flow as lines: the first starts with the prefix pieces at
 * indent, the others hang under the first line's text. */
void layout_emit_flow(struct ctx *c, const struct flow *f, enum line_type type,
		      size_t indent, const struct piece *pre, size_t npre,
		      bool step_first)
{
	struct ranges r = { NULL, 0, 0 };
	struct lbuf b = LBUF_INIT;
	size_t pw = layout_pieces_width(pre, npre), i;

	if (pw + 2 > c->width) {
		/* A prefix too wide to share a line: give it one of its own. */
		struct flow pf = FLOW_INIT;

		for (i = 0; i < npre; i++) {
			size_t start = pf.text.len;

			sb_puts(&pf.text, pre[i].s);
			layout_run_add(&pf, start, pf.text.len - start, pre[i].style, pre[i].link);
		}
		layout_flow_trim(&pf);
		layout_emit_flow(c, &pf, type, 0, NULL, 0, step_first);
		layout_flow_free(&pf);
		layout_emit_flow(c, f, type, indent, NULL, 0, false);
		return;
	}
	indent = layout_clamp_indent(c, indent, pw);
	layout_flow_wrap(f, c->width - indent - pw, &r);
	for (i = 0; i < r.n || (i == 0 && npre); i++) {
		layout_lb_spaces(&b, i ? indent + pw : indent);
		if (i == 0) {
			size_t k;

			for (k = 0; k < npre; k++)
				layout_lb_add(&b, pre[k].s, strlen(pre[k].s), pre[k].style,
					      pre[k].link);
		}
		if (i < r.n)
			layout_lb_flow(&b, f, r.v[i].s, r.v[i].e);
		layout_lb_finish(c, &b, type, step_first && i == 0);
	}
	free(r.v);
}

void layout_emit_text(struct ctx *c, const struct kb_text *t,
		      enum line_type type, size_t indent,
		      const struct piece *pre, size_t npre)
{
	struct flow f = FLOW_INIT;

	layout_flow_text(c, &f, t);
	layout_flow_trim(&f);
	layout_emit_flow(c, &f, type, indent, pre, npre, false);
	layout_flow_free(&f);
}

void layout_emit_plain(struct ctx *c, const char *s, enum line_type type,
		       enum seg_style style, size_t indent)
{
	struct flow f = FLOW_INIT;

	layout_flow_puts(c, &f, s, style, -1);
	layout_flow_trim(&f);
	layout_emit_flow(c, &f, type, indent, NULL, 0, false);
	layout_flow_free(&f);
}

void layout_heading(struct ctx *c, const char *s, size_t indent)
{
	layout_sep(c);
	layout_emit_plain(c, s, LINE_HEADING, SEG_PLAIN, indent);
}
