/* layout.c: article -> wrapped, styled lines for a given width.
 *
 * Owns the reading order of an article (title, codes, summary, symptom,
 * causes with their fixes, references), word wrapping by display width,
 * indentation, table column fitting, code block wrapping, link numbering
 * and the sanitising of content text for a terminal.  Everything the
 * article says ends up in some line: text that does not fit is wrapped or
 * broken, never cut.
 *
 * Inline text is first collected into a "flow" (sanitised UTF-8 with styled
 * runs), then wrapped into byte ranges and written out as lines with
 * segments.  Inside a flow a GLUE byte stands for a space that must not
 * become a line break (between a link's text and its "[n]"). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "layout.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

#define BODY_INDENT 4   /* text under a heading */
#define SUB_INDENT 2    /* "Fix" under its cause */
#define CODE_INDENT 2   /* code blocks, relative to the text around them */
#define MIN_TEXT 10     /* columns a paragraph keeps however deeply nested */
#define COL_GAP 2       /* between table columns */
#define MIN_COL 4       /* narrowest table column */
#define MAX_WORD 20     /* a table word up to this wide is never broken */
#define TAB_STOP 8
#define GLUE '\x1f'     /* unbreakable space; sanitised text has no C0 bytes */
#define NO_LINE ((size_t)-1)

/* ---- Context ------------------------------------------------------------- */

struct ctx {
	const struct kb *kb;
	const struct layout_checklist *cl;
	bool ascii;
	size_t width;
	struct layout *l;
	size_t lines_cap, links_cap;
	long step;               /* kb_step.index of the step being laid out, or -1 */
};

/* A piece of a line prefix: a bullet, a number, a checkbox, a label. */
struct piece {
	const char *s;
	enum seg_style style;
	int link;
};

/* ---- Sanitising ---------------------------------------------------------- */

static const char *replacement(const struct ctx *c)
{
	return c->ascii ? "?" : "\xEF\xBF\xBD";
}

/* Appends the character at s (n > 0 bytes) to sb in a form that is safe to
 * write to a terminal and returns the bytes consumed.  C0 controls and DEL
 * become caret notation (ESC -> "^["), so an escape sequence in content is
 * shown, not obeyed; C1 controls and bytes that are not UTF-8 become the
 * replacement character. */
static size_t put_safe(const struct ctx *c, struct strbuf *sb,
		       const char *s, size_t n)
{
	uint32_t cp;
	size_t k = utf8_decode(s, n, &cp);
	bool invalid = cp == UTF8_REPLACEMENT && k == 1;

	if (!invalid && (cp < 0x20 || cp == 0x7F)) {
		sb_putc(sb, '^');
		sb_putc(sb, (char)(cp ^ 0x40));
	} else if (invalid || utf8_is_control(cp) || cp > 0x10FFFF ||
		   (cp >= 0xD800 && cp <= 0xDFFF)) {
		sb_puts(sb, replacement(c));
	} else {
		sb_add(sb, s, k);
	}
	return k;
}

/* Columns taken by sanitised text (where the only control byte is GLUE). */
static size_t text_width(const char *s, size_t n)
{
	size_t w = 0, i = 0;

	while (i < n) {
		uint32_t cp;

		if ((unsigned char)s[i] < 0x80) {
			w++;
			i++;
			continue;
		}
		i += utf8_decode(s + i, n - i, &cp);
		w += (size_t)utf8_cp_width(cp);
	}
	return w;
}

/* Bytes of the longest prefix of s that fits in budget columns: at least
 * one character (so breaking always progresses), whole UTF-8 sequences
 * only, and zero-width characters stay with the character before them. */
static size_t fit_prefix(const char *s, size_t n, size_t budget, size_t *used)
{
	size_t i = 0, w = 0;

	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		size_t cw = (unsigned char)s[i] < 0x80 ? 1 : (size_t)utf8_cp_width(cp);

		if (cw > 0 && w + cw > budget && i > 0)
			break;
		w += cw;
		i += k;
	}
	*used = w;
	return i;
}

/* ---- Flows: styled inline text before wrapping ---------------------------- */

struct run {
	size_t off, len;
	enum seg_style style;
	int link;
};

struct flow {
	struct strbuf text;
	struct run *runs;
	size_t nruns, cap;
};

#define FLOW_INIT { STRBUF_INIT, NULL, 0, 0 }

static void flow_free(struct flow *f)
{
	sb_free(&f->text);
	free(f->runs);
	f->runs = NULL;
	f->nruns = f->cap = 0;
}

static void run_add(struct flow *f, size_t off, size_t len,
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
			i += put_safe(c, &f->text, s + i, n - i);
		}
	}
	run_add(f, start, f->text.len - start, style, link);
}

static void flow_puts(const struct ctx *c, struct flow *f, const char *s,
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
		run_add(f, start, 1, SEG_PLAIN, -1);
	}
	start = f->text.len;
	sb_puts(&f->text, mark);
	run_add(f, start, f->text.len - start, style, link);
}

/* Appends the runs of another flow (text already sanitised). */
static void flow_append(struct flow *f, const struct flow *g)
{
	size_t base, i;

	if (g->text.len && f->text.len && !ends_in_space(f) &&
	    g->text.s[0] != ' ') {
		sb_putc(&f->text, ' ');
		run_add(f, f->text.len - 1, 1, SEG_PLAIN, -1);
	}
	base = f->text.len;
	sb_add(&f->text, sb_str(&g->text), g->text.len);
	for (i = 0; i < g->nruns; i++)
		run_add(f, base + g->runs[i].off, g->runs[i].len,
			g->runs[i].style, g->runs[i].link);
}

/* Appends ASCII decoration as is (no whitespace folding). */
static void flow_raw(struct flow *f, const char *s, enum seg_style style)
{
	size_t start = f->text.len;

	sb_puts(&f->text, s);
	run_add(f, start, f->text.len - start, style, -1);
}

/* Drops a trailing space so no line ends in one. */
static void flow_trim(struct flow *f)
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

static const struct kb_article *find_article(const struct ctx *c, const char *id)
{
	size_t i;

	if (!c->kb || !id)
		return NULL;
	i = kb_find(c->kb, id);
	return i == (size_t)-1 ? NULL : c->kb->articles[i];
}

static enum seg_style span_style(enum kb_span_kind k)
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

static void flow_text(struct ctx *c, struct flow *f, const struct kb_text *t)
{
	size_t i;

	for (i = 0; t && i < t->n; i++) {
		const struct kb_span *sp = &t->spans[i];
		const char *text = sp->text ? sp->text : "";
		char mark[32];
		int link;

		if (sp->kind != KB_SPAN_XREF) {
			flow_puts(c, f, text, span_style(sp->kind), -1);
			continue;
		}
		link = link_new(c, sp->target, sp->external);
		if (!*text) {
			/* An empty xref shows what it points to. */
			const struct kb_article *a = sp->external ? NULL
				: find_article(c, sp->target);

			text = a && a->title ? a->title : sp->target ? sp->target : "";
		}
		if (!ends_in_space(f) && f->text.len &&
		    f->runs[f->nruns - 1].link != -1)
			flow_puts(c, f, " ", SEG_PLAIN, -1);
		flow_puts(c, f, text, SEG_LINK, link);
		snprintf(mark, sizeof(mark), "[%d]", c->l->links[link].number);
		flow_glue(f, mark, SEG_MARK, link);
	}
}

/* ---- Lines ------------------------------------------------------------------ */

struct lbuf {
	struct strbuf text;
	struct layout_seg *segs;
	size_t nsegs, cap;
};

#define LBUF_INIT { STRBUF_INIT, NULL, 0, 0 }

static void lb_add(struct lbuf *b, const char *s, size_t n,
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

static void lb_spaces(struct lbuf *b, size_t n)
{
	while (n--)
		lb_add(b, " ", 1, SEG_PLAIN, -1);
}

/* Moves the buffer into a new line of the layout (trailing spaces dropped,
 * segments trimmed to match) and resets it. */
static void lb_finish(struct ctx *c, struct lbuf *b, enum line_type type,
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
static void sep(struct ctx *c)
{
	struct lbuf b = LBUF_INIT;

	if (!c->l->nlines || c->l->lines[c->l->nlines - 1].type == LINE_BLANK)
		return;
	lb_finish(c, &b, LINE_BLANK, false);
}

/* Copies the part [s, e) of a flow into a line buffer with its styles. */
static void lb_flow(struct lbuf *b, const struct flow *f, size_t s, size_t e)
{
	size_t i;

	for (i = 0; i < f->nruns; i++) {
		const struct run *r = &f->runs[i];
		size_t rs = r->off > s ? r->off : s;
		size_t re = r->off + r->len < e ? r->off + r->len : e;

		if (rs < re)
			lb_add(b, f->text.s + rs, re - rs, r->style, r->link);
	}
}

struct range {
	size_t s, e;
};

struct ranges {
	struct range *v;
	size_t n, cap;
};

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
		size_t cw = text_width(s, i);

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
static void flow_wrap(const struct flow *f, size_t w, struct ranges *out)
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
		ww = text_width(t + ws, we - ws);
		if (ww > w) {
			/* Too wide even alone: a glued mark may go to the next
			 * line rather than be broken. */
			const char *g = memchr(t + ws, GLUE, we - ws);

			if (g) {
				we = (size_t)(g - t);
				i = we + 1;
				ww = text_width(t + ws, we - ws);
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
			size_t used, k = fit_prefix(t + ws, we - ws, w, &used);

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

static size_t pieces_width(const struct piece *p, size_t np)
{
	size_t w = 0, i;

	for (i = 0; i < np; i++)
		w += text_width(p[i].s, strlen(p[i].s));
	return w;
}

/* Where text starts for a paragraph at indent with a prefix of pw columns:
 * deep nesting gives way so at least MIN_TEXT columns remain. */
static size_t clamp_indent(const struct ctx *c, size_t indent, size_t pw)
{
	if (indent + pw + MIN_TEXT > c->width)
		indent = c->width > pw + MIN_TEXT ? c->width - pw - MIN_TEXT : 0;
	return indent;
}

/* Writes a flow as lines: the first starts with the prefix pieces at
 * indent, the others hang under the first line's text. */
static void emit_flow(struct ctx *c, const struct flow *f, enum line_type type,
		      size_t indent, const struct piece *pre, size_t npre,
		      bool step_first)
{
	struct ranges r = { NULL, 0, 0 };
	struct lbuf b = LBUF_INIT;
	size_t pw = pieces_width(pre, npre), i;

	if (pw + 2 > c->width) {
		/* A prefix too wide to share a line: give it one of its own. */
		struct flow pf = FLOW_INIT;

		for (i = 0; i < npre; i++) {
			size_t start = pf.text.len;

			sb_puts(&pf.text, pre[i].s);
			run_add(&pf, start, pf.text.len - start, pre[i].style, pre[i].link);
		}
		flow_trim(&pf);
		emit_flow(c, &pf, type, 0, NULL, 0, step_first);
		flow_free(&pf);
		emit_flow(c, f, type, indent, NULL, 0, false);
		return;
	}
	indent = clamp_indent(c, indent, pw);
	flow_wrap(f, c->width - indent - pw, &r);
	for (i = 0; i < r.n || (i == 0 && npre); i++) {
		lb_spaces(&b, i ? indent + pw : indent);
		if (i == 0) {
			size_t k;

			for (k = 0; k < npre; k++)
				lb_add(&b, pre[k].s, strlen(pre[k].s), pre[k].style,
				       pre[k].link);
		}
		if (i < r.n)
			lb_flow(&b, f, r.v[i].s, r.v[i].e);
		lb_finish(c, &b, type, step_first && i == 0);
	}
	free(r.v);
}

static void emit_text(struct ctx *c, const struct kb_text *t,
		      enum line_type type, size_t indent,
		      const struct piece *pre, size_t npre)
{
	struct flow f = FLOW_INIT;

	flow_text(c, &f, t);
	flow_trim(&f);
	emit_flow(c, &f, type, indent, pre, npre, false);
	flow_free(&f);
}

static void emit_plain(struct ctx *c, const char *s, enum line_type type,
		       enum seg_style style, size_t indent)
{
	struct flow f = FLOW_INIT;

	flow_puts(c, &f, s, style, -1);
	flow_trim(&f);
	emit_flow(c, &f, type, indent, NULL, 0, false);
	flow_free(&f);
}

static void heading(struct ctx *c, const char *s, size_t indent)
{
	sep(c);
	emit_plain(c, s, LINE_HEADING, SEG_PLAIN, indent);
}

/* ---- Blocks ---------------------------------------------------------------- */

static void render_blocks(struct ctx *c, const struct kb_blocks *b,
			  size_t indent, enum line_type ptype);

/* Blocks after a prefix (bullet, number, "Note: "): a first paragraph
 * shares the prefix's line, everything hangs under it. */
static void render_item(struct ctx *c, const struct kb_blocks *b, size_t indent,
			enum line_type ptype, const struct piece *pre, size_t npre)
{
	struct kb_blocks rest = { NULL, 0 };
	size_t hang = indent + pieces_width(pre, npre);

	if (b && b->n && b->v[0].kind == KB_BLOCK_PARA) {
		emit_text(c, &b->v[0].text, ptype, indent, pre, npre);
		rest.v = b->v + 1;
		rest.n = b->n - 1;
		if (rest.n)
			sep(c);
	} else {
		struct flow f = FLOW_INIT;

		emit_flow(c, &f, ptype, indent, pre, npre, false);
		if (b)
			rest = *b;
	}
	render_blocks(c, &rest, hang, ptype);
}

static const char *bullet(const struct ctx *c)
{
	return c->ascii ? "-" : "\xE2\x80\xA2";   /* U+2022 BULLET */
}

static void render_list(struct ctx *c, const struct kb_block *b, size_t indent,
			enum line_type ptype)
{
	char num[32], pad[32];
	bool loose = false;
	size_t i, numw = (size_t)snprintf(num, sizeof(num), "%zu.", b->nitems);

	for (i = 0; i < b->nitems; i++)
		if (b->items[i].n > 1 ||
		    (b->items[i].n == 1 && b->items[i].v[0].kind != KB_BLOCK_PARA))
			loose = true;
	for (i = 0; i < b->nitems; i++) {
		struct piece pre[3];
		size_t np = 0;

		if (i && loose)
			sep(c);
		if (b->ordered) {
			size_t w = (size_t)snprintf(num, sizeof(num), "%zu.", i + 1);

			memset(pad, ' ', numw - w);
			pad[numw - w] = '\0';
			pre[np++] = (struct piece){ pad, SEG_PLAIN, -1 };
			pre[np++] = (struct piece){ num, SEG_MARK, -1 };
		} else {
			pre[np++] = (struct piece){ bullet(c), SEG_MARK, -1 };
		}
		pre[np++] = (struct piece){ " ", SEG_PLAIN, -1 };
		render_item(c, &b->items[i], indent, ptype, pre, np);
	}
}

static void render_code(struct ctx *c, const char *code, size_t indent)
{
	const char *mark = c->ascii ? "\\" : "\xE2\x86\xA9";   /* U+21A9 */
	const char *p = code ? code : "", *end;
	struct strbuf sb = STRBUF_INIT;
	struct lbuf b = LBUF_INIT;
	size_t w;

	/* Blank lines around the code are layout, not content. */
	for (;;) {
		const char *q = p;

		while (*q == ' ' || *q == '\t' || *q == '\r')
			q++;
		if (*q != '\n')
			break;
		p = q + 1;
	}
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' ||
			   end[-1] == '\n'))
		end--;
	if (end == p)
		return;
	indent = clamp_indent(c, indent, 0);
	w = c->width - indent;
	while (p <= end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t col = 0, off = 0;

		sb_truncate(&sb, 0);
		while (p < le) {
			size_t before = sb.len;

			if (*p == '\t') {
				do
					sb_putc(&sb, ' ');
				while (++col % TAB_STOP);
				p++;
				continue;
			}
			if (*p == '\r' && p + 1 == le) {
				p++;
				continue;
			}
			p += put_safe(c, &sb, p, (size_t)(le - p));
			col += text_width(sb.s + before, sb.len - before);
		}
		while (sb.len - off && text_width(sb.s + off, sb.len - off) > w) {
			size_t used, k = fit_prefix(sb.s + off, sb.len - off, w - 1, &used);

			lb_spaces(&b, indent);
			lb_add(&b, sb.s + off, k, SEG_CODE, -1);
			lb_spaces(&b, w - 1 - used);
			lb_add(&b, mark, strlen(mark), SEG_MARK, -1);
			lb_finish(c, &b, LINE_CODE, false);
			off += k;
		}
		lb_spaces(&b, indent);
		lb_add(&b, sb_str(&sb) + off, sb.len - off, SEG_CODE, -1);
		lb_finish(c, &b, LINE_CODE, false);
		p = le + 1;
	}
	sb_free(&sb);
}

/* Column widths for a table: natural widths when they fit; otherwise every
 * column keeps its longest word if possible and the room left goes evenly
 * to the columns that still want more. */
static void fit_columns(size_t *w, const size_t *nat, const size_t *minw,
			size_t n, size_t avail)
{
	size_t sum = 0, extra, i;

	for (i = 0; i < n; i++)
		sum += nat[i];
	if (sum <= avail) {
		memcpy(w, nat, n * sizeof(*w));
		return;
	}
	sum = 0;
	for (i = 0; i < n; i++) {
		w[i] = minw[i] < nat[i] ? minw[i] : nat[i];
		sum += w[i];
	}
	if (sum > avail) {
		sum = 0;
		for (i = 0; i < n; i++) {
			w[i] = nat[i] < MIN_COL ? nat[i] : MIN_COL;
			sum += w[i];
		}
	}
	extra = avail - sum;
	while (extra) {
		size_t want = 0, share;

		for (i = 0; i < n; i++)
			want += w[i] < nat[i];
		if (!want)
			break;
		share = extra / want ? extra / want : 1;
		for (i = 0; i < n && extra; i++) {
			size_t add = nat[i] - w[i];

			if (!add)
				continue;
			add = add < share ? add : share;
			w[i] += add;
			extra -= add;
		}
	}
}

static size_t widest_word(const struct flow *f)
{
	const char *t = sb_str(&f->text);
	size_t i = 0, best = 0;

	while (i < f->text.len) {
		size_t s = i, w;

		while (i < f->text.len && t[i] != ' ')
			i++;
		w = text_width(t + s, i - s);
		best = w > best ? w : best;
		i++;
	}
	return best;
}

/* A table too wide even with narrow columns: each row as "Header: value"
 * lines, rows apart. */
static void render_records(struct ctx *c, const struct kb_table *t,
			   struct flow *cells, size_t indent)
{
	size_t r, k;

	for (r = t->header ? 1 : 0; r < t->nrows; r++) {
		if (r > (t->header ? 1u : 0u))
			sep(c);
		for (k = 0; k < t->ncols; k++) {
			struct flow f = FLOW_INIT;
			const struct flow *cell = &cells[r * t->ncols + k];

			if (!cell->text.len)
				continue;
			if (t->header && cells[k].text.len) {
				flow_append(&f, &cells[k]);
				flow_raw(&f, ":", SEG_PLAIN);
			}
			flow_append(&f, cell);
			emit_flow(c, &f, LINE_TABLE, indent, NULL, 0, false);
			flow_free(&f);
		}
	}
}

/* The table in aligned columns of widths w, cells wrapped inside them;
 * when any row takes several lines, rows are set apart by blank lines. */
static void render_columns(struct ctx *c, const struct kb_table *t,
			   const struct flow *cells, const size_t *w,
			   size_t indent)
{
	size_t nc = t->ncols, ncell = t->nrows * nc, r, k;
	size_t first = t->header ? 1 : 0;
	struct ranges *wrapped = xcalloc(ncell, sizeof(*wrapped));
	struct lbuf b = LBUF_INIT;
	bool loose = false;

	for (r = 0; r < ncell; r++) {
		flow_wrap(&cells[r], w[r % nc], &wrapped[r]);
		loose = loose || (r >= first * nc && wrapped[r].n > 1);
	}
	for (r = 0; r < t->nrows; r++) {
		enum line_type type = r < first ? LINE_TABLE_HEAD : LINE_TABLE;
		size_t lines = 1, i;

		for (k = 0; k < nc; k++)
			if (wrapped[r * nc + k].n > lines)
				lines = wrapped[r * nc + k].n;
		if (loose && r > first)
			sep(c);
		for (i = 0; i < lines; i++) {
			size_t x = 0, at = indent;

			for (k = 0; k < nc; at += w[k] + COL_GAP, k++) {
				const struct ranges *cr = &wrapped[r * nc + k];
				const struct flow *f = &cells[r * nc + k];

				if (i >= cr->n)
					continue;
				lb_spaces(&b, at - x);
				lb_flow(&b, f, cr->v[i].s, cr->v[i].e);
				x = at + text_width(f->text.s + cr->v[i].s,
						    cr->v[i].e - cr->v[i].s);
			}
			lb_finish(c, &b, type, false);
		}
		if (r + 1 == first) {
			const char *rule = c->ascii ? "-" : "\xE2\x94\x80";  /* U+2500 */

			lb_spaces(&b, indent);
			for (k = 0; k < nc; k++) {
				size_t j;

				if (k)
					lb_spaces(&b, COL_GAP);
				for (j = 0; j < w[k]; j++)
					lb_add(&b, rule, strlen(rule), SEG_PLAIN, -1);
			}
			lb_finish(c, &b, LINE_TABLE_RULE, false);
		}
	}
	for (r = 0; r < ncell; r++)
		free(wrapped[r].v);
	free(wrapped);
}

static void render_table(struct ctx *c, const struct kb_table *t, size_t indent)
{
	size_t nc, ncell, r, k, need, *nat, *minw, *w;
	struct flow *cells;

	if (!t || !t->nrows || !t->ncols)
		return;
	nc = t->ncols;
	ncell = t->nrows * nc;
	cells = xcalloc(ncell, sizeof(*cells));
	nat = xcalloc(nc, sizeof(*nat));
	minw = xcalloc(nc, sizeof(*minw));
	w = xcalloc(nc, sizeof(*w));
	for (r = 0; r < ncell; r++) {
		struct flow *f = &cells[r];
		size_t cw;

		flow_text(c, f, &t->cells[r]);
		flow_trim(f);
		cw = text_width(sb_str(&f->text), f->text.len);
		nat[r % nc] = cw > nat[r % nc] ? cw : nat[r % nc];
		/* a longer word (a URL) may be broken; shorter ones should not */
		cw = widest_word(f);
		cw = cw < MAX_WORD ? cw : MAX_WORD;
		minw[r % nc] = cw > minw[r % nc] ? cw : minw[r % nc];
	}
	need = (nc - 1) * COL_GAP;
	for (k = 0; k < nc; k++) {
		need += minw[k] > MIN_COL ? minw[k] : MIN_COL;
		nat[k] = nat[k] ? nat[k] : 1;
	}
	if (need > c->width) {
		/* Columns so narrow that words break are unreadable. */
		render_records(c, t, cells, indent);
	} else {
		if (indent + need > c->width)
			indent = c->width - need;
		fit_columns(w, nat, minw, nc, c->width - indent - (nc - 1) * COL_GAP);
		render_columns(c, t, cells, w, indent);
	}
	for (r = 0; r < ncell; r++)
		flow_free(&cells[r]);
	free(cells);
	free(nat);
	free(minw);
	free(w);
}

static void render_image(struct ctx *c, const struct kb_block *b, size_t indent)
{
	struct flow f = FLOW_INIT;
	char *open = xasprintf("[%s:", _("image"));

	flow_puts(c, &f, open, SEG_MARK, -1);
	flow_puts(c, &f, " ", SEG_PLAIN, -1);
	if (b->text.n)
		flow_text(c, &f, &b->text);
	else
		flow_puts(c, &f, b->href, SEG_PLAIN, -1);
	flow_trim(&f);
	/* "]" directly after the alt text, never alone on a line */
	flow_raw(&f, "]", SEG_MARK);
	emit_flow(c, &f, LINE_IMAGE, indent, NULL, 0, false);
	flow_free(&f);
	free(open);
}

static const char *note_label(enum kb_note_type t)
{
	switch (t) {
	case KB_NOTE_IMPORTANT: return _("Important:");
	case KB_NOTE_TIP:       return _("Tip:");
	case KB_NOTE_CAUTION:   return _("Caution:");
	case KB_NOTE_WARNING:   return _("Warning:");
	case KB_NOTE_NOTE:
	case KB_NOTE_OTHER:
	default:                return _("Note:");
	}
}

/* Blocks after a label ("Note:", "Who:", "Result:"), hanging under it. */
static void render_labelled(struct ctx *c, const struct kb_blocks *b,
			    size_t indent, enum line_type type, const char *label,
			    enum seg_style style)
{
	struct piece pre[2] = {
		{ label, style, -1 },
		{ " ", SEG_PLAIN, -1 }
	};

	render_item(c, b, indent, type, pre, 2);
}

static void render_block(struct ctx *c, const struct kb_block *b,
			 size_t indent, enum line_type ptype)
{
	switch (b->kind) {
	case KB_BLOCK_PARA:
		emit_text(c, &b->text, ptype, indent, NULL, 0);
		break;
	case KB_BLOCK_NOTE: {
		enum line_type type = b->note_type == KB_NOTE_IMPORTANT ||
				      b->note_type == KB_NOTE_WARNING ||
				      b->note_type == KB_NOTE_CAUTION
				      ? LINE_IMPORTANT : LINE_NOTE;

		render_labelled(c, &b->children, indent, type,
				note_label(b->note_type), SEG_EMPH);
		break;
	}
	case KB_BLOCK_CODE:
		render_code(c, b->code, indent + CODE_INDENT);
		break;
	case KB_BLOCK_LIST:
		render_list(c, b, indent, ptype);
		break;
	case KB_BLOCK_TABLE:
		render_table(c, b->table, indent);
		break;
	case KB_BLOCK_IMAGE:
		render_image(c, b, indent);
		break;
	}
}

static void render_blocks(struct ctx *c, const struct kb_blocks *b,
			  size_t indent, enum line_type ptype)
{
	size_t i;

	for (i = 0; b && i < b->n; i++) {
		if (i)
			sep(c);
		render_block(c, &b->v[i], indent, ptype);
	}
}

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
			pre[np++] = (struct piece){ bullet(c), SEG_MARK, -1 };
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
	hang = indent + pieces_width(pre, np);

	flow_text(c, &f, &s->cmd);
	flow_trim(&f);
	emit_flow(c, &f, LINE_STEP, indent, pre, np, true);
	flow_free(&f);

	if (c->cl && c->cl->note) {
		const char *note = c->cl->note(c->cl->ctx, s);

		if (note) {
			struct piece npre[2] = {
				{ _("Your note:"), SEG_EMPH, -1 },
				{ " ", SEG_PLAIN, -1 }
			};

			flow_puts(c, &f, note, SEG_PLAIN, -1);
			flow_trim(&f);
			if (f.text.len)
				emit_flow(c, &f, LINE_STEP_NOTE, hang, npre, 2, false);
			flow_free(&f);
		}
	}
	if (s->info.n) {
		sep(c);
		render_blocks(c, &s->info, hang, LINE_TEXT);
	}
	if (s->nsubsteps) {
		sep(c);
		render_steps(c, s->substeps, s->nsubsteps, false, true, hang);
	}
	if (s->result.n) {
		sep(c);
		render_labelled(c, &s->result, hang, LINE_TEXT, _("Result:"), SEG_EMPH);
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
			sep(c);
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
	heading(c, sb_str(&h), SUB_INDENT);
	sb_free(&h);
	if (r->responsible.n)
		render_labelled(c, &r->responsible, BODY_INDENT, LINE_TEXT,
				_("Who:"), SEG_EMPH);
	if (r->nsteps) {
		if (r->responsible.n)
			sep(c);
		render_steps(c, r->steps, r->nsteps, r->unordered, false, BODY_INDENT);
	}
	if (r->informal.n) {
		if (r->responsible.n || r->nsteps)
			sep(c);
		render_blocks(c, &r->informal, BODY_INDENT, LINE_TEXT);
	}
}

static void render_solution(struct ctx *c, const struct kb_solution *s,
			    size_t i, size_t n)
{
	size_t k;

	if (n > 1) {
		char *h = xasprintf(_("Cause %zu of %zu"), i + 1, n);

		heading(c, h, 0);
		free(h);
	} else {
		heading(c, _("Cause"), 0);
	}
	render_blocks(c, &s->cause, BODY_INDENT, LINE_TEXT);
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
	heading(c, _("References"), 0);
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
			flow_puts(c, &f, _("(unresolved cross-reference)"), SEG_PLAIN, (int)i);
		} else if (k->external) {
			flow_puts(c, &f, k->target, SEG_LINK, (int)i);
		} else {
			const struct kb_article *a = find_article(c, k->target);

			flow_puts(c, &f, k->target, SEG_LINK, (int)i);
			flow_puts(c, &f, " -- ", SEG_PLAIN, -1);
			if (a)
				flow_puts(c, &f, a->title, SEG_PLAIN, -1);
			else
				flow_puts(c, &f, _("(not in the knowledge base)"), SEG_PLAIN, -1);
		}
		flow_trim(&f);
		emit_flow(c, &f, LINE_REF, BODY_INDENT, pre, 3, false);
		flow_free(&f);
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
		emit_text(&c, &a->title_text, LINE_TITLE, 0, NULL, 0);
	else
		emit_plain(&c, a->title ? a->title : a->id, LINE_TITLE, SEG_PLAIN, 0);
	if (a->ncodes) {
		struct flow f = FLOW_INIT;
		struct piece pre[2] = {
			{ _("Error codes:"), SEG_PLAIN, -1 },
			{ " ", SEG_PLAIN, -1 }
		};

		for (i = 0; i < a->ncodes; i++) {
			if (i)
				flow_puts(&c, &f, ", ", SEG_PLAIN, -1);
			flow_puts(&c, &f, a->codes[i], SEG_MSGNUM, -1);
		}
		flow_trim(&f);
		emit_flow(&c, &f, LINE_CODES, 0, pre, 2, false);
		flow_free(&f);
	}
	if (a->shortdesc && *a->shortdesc) {
		sep(&c);
		emit_plain(&c, a->shortdesc, LINE_SHORTDESC, SEG_PLAIN, BODY_INDENT);
	}
	if (a->condition.n) {
		heading(&c, _("Symptom"), 0);
		render_blocks(&c, &a->condition, BODY_INDENT, LINE_TEXT);
	}
	for (i = 0; i < a->nsolutions; i++)
		render_solution(&c, &a->solutions[i], i, a->nsolutions);
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
