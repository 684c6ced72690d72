/* SPDX-License-Identifier: MIT */
/* layout_block.c: blocks -> lines -- paragraphs, notes and other labelled
 * blocks, lists, code blocks (verbatim, long lines wrapped with a mark),
 * tables (columns fitted to the width, or one record per row when even
 * narrow columns do not fit) and images. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "layout_impl.h"
#include "utf8.h"
#include "xalloc.h"

/* Blocks after a prefix (bullet, number, "Note: "): a first paragraph
 * shares the prefix's line, everything hangs under it. */
static void render_item(struct ctx *c, const struct kb_blocks *b, size_t indent,
			enum line_type ptype, const struct piece *pre, size_t npre)
{
	struct kb_blocks rest = { NULL, 0 };
	size_t hang = indent + layout_pieces_width(pre, npre);

	if (b && b->n && b->v[0].kind == KB_BLOCK_PARA) {
		layout_emit_text(c, &b->v[0].text, ptype, indent, pre, npre);
		rest.v = b->v + 1;
		rest.n = b->n - 1;
		if (rest.n)
			layout_sep(c);
	} else {
		struct flow f = FLOW_INIT;

		layout_emit_flow(c, &f, ptype, indent, pre, npre, false);
		if (b)
			rest = *b;
	}
	layout_blocks(c, &rest, hang, ptype);
}

const char *layout_bullet(const struct ctx *c)
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
			layout_sep(c);
		if (b->ordered) {
			size_t w = (size_t)snprintf(num, sizeof(num), "%zu.", i + 1);

			memset(pad, ' ', numw - w);
			pad[numw - w] = '\0';
			pre[np++] = (struct piece){ pad, SEG_PLAIN, -1 };
			pre[np++] = (struct piece){ num, SEG_MARK, -1 };
		} else {
			pre[np++] = (struct piece){ layout_bullet(c), SEG_MARK, -1 };
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
	indent = layout_clamp_indent(c, indent, 0);
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
			p += layout_put_safe(c, &sb, p, (size_t)(le - p));
			col += utf8_width(sb.s + before, sb.len - before);
		}
		while (sb.len - off && utf8_width(sb.s + off, sb.len - off) > w) {
			size_t used, k = layout_fit_prefix(sb.s + off, sb.len - off, w - 1, &used);

			layout_lb_spaces(&b, indent);
			layout_lb_add(&b, sb.s + off, k, SEG_CODE, -1);
			layout_lb_spaces(&b, w - 1 - used);
			layout_lb_add(&b, mark, strlen(mark), SEG_MARK, -1);
			layout_lb_finish(c, &b, LINE_CODE, false);
			off += k;
		}
		layout_lb_spaces(&b, indent);
		layout_lb_add(&b, sb_str(&sb) + off, sb.len - off, SEG_CODE, -1);
		layout_lb_finish(c, &b, LINE_CODE, false);
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
		w = utf8_width(t + s, i - s);
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
			layout_sep(c);
		for (k = 0; k < t->ncols; k++) {
			struct flow f = FLOW_INIT;
			const struct flow *cell = &cells[r * t->ncols + k];

			if (!cell->text.len)
				continue;
			if (t->header && cells[k].text.len) {
				layout_flow_append(&f, &cells[k]);
				layout_flow_raw(&f, ":", SEG_PLAIN);
			}
			layout_flow_append(&f, cell);
			layout_emit_flow(c, &f, LINE_TABLE, indent, NULL, 0, false);
			layout_flow_free(&f);
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
		layout_flow_wrap(&cells[r], w[r % nc], &wrapped[r]);
		loose = loose || (r >= first * nc && wrapped[r].n > 1);
	}
	for (r = 0; r < t->nrows; r++) {
		enum line_type type = r < first ? LINE_TABLE_HEAD : LINE_TABLE;
		size_t lines = 1, i;

		for (k = 0; k < nc; k++)
			if (wrapped[r * nc + k].n > lines)
				lines = wrapped[r * nc + k].n;
		if (loose && r > first)
			layout_sep(c);
		for (i = 0; i < lines; i++) {
			size_t x = 0, at = indent;

			for (k = 0; k < nc; at += w[k] + COL_GAP, k++) {
				const struct ranges *cr = &wrapped[r * nc + k];
				const struct flow *f = &cells[r * nc + k];

				if (i >= cr->n)
					continue;
				layout_lb_spaces(&b, at - x);
				layout_lb_flow(&b, f, cr->v[i].s, cr->v[i].e);
				x = at + utf8_width(f->text.s + cr->v[i].s,
							   cr->v[i].e - cr->v[i].s);
			}
			layout_lb_finish(c, &b, type, false);
		}
		if (r + 1 == first) {
			const char *rule = c->ascii ? "-" : "\xE2\x94\x80";  /* U+2500 */

			layout_lb_spaces(&b, indent);
			for (k = 0; k < nc; k++) {
				size_t j;

				if (k)
					layout_lb_spaces(&b, COL_GAP);
				for (j = 0; j < w[k]; j++)
					layout_lb_add(&b, rule, strlen(rule), SEG_PLAIN, -1);
			}
			layout_lb_finish(c, &b, LINE_TABLE_RULE, false);
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

		layout_flow_text(c, f, &t->cells[r]);
		layout_flow_trim(f);
		cw = utf8_width(sb_str(&f->text), f->text.len);
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
		layout_flow_free(&cells[r]);
	free(cells);
	free(nat);
	free(minw);
	free(w);
}

static void render_image(struct ctx *c, const struct kb_block *b, size_t indent)
{
	struct flow f = FLOW_INIT;
	char *open = xasprintf("[%s:", _("image"));

	layout_flow_puts(c, &f, open, SEG_MARK, -1);
	layout_flow_puts(c, &f, " ", SEG_PLAIN, -1);
	if (b->text.n)
		layout_flow_text(c, &f, &b->text);
	else
		layout_flow_puts(c, &f, b->href, SEG_PLAIN, -1);
	layout_flow_trim(&f);
	/* "]" directly after the alt text, never alone on a line */
	layout_flow_raw(&f, "]", SEG_MARK);
	layout_emit_flow(c, &f, LINE_IMAGE, indent, NULL, 0, false);
	layout_flow_free(&f);
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
void layout_labelled(struct ctx *c, const struct kb_blocks *b,
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
		layout_emit_text(c, &b->text, ptype, indent, NULL, 0);
		break;
	case KB_BLOCK_NOTE: {
		enum line_type type = b->note_type == KB_NOTE_IMPORTANT ||
				      b->note_type == KB_NOTE_WARNING ||
				      b->note_type == KB_NOTE_CAUTION
				      ? LINE_IMPORTANT : LINE_NOTE;

		layout_labelled(c, &b->children, indent, type,
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

void layout_blocks(struct ctx *c, const struct kb_blocks *b,
		   size_t indent, enum line_type ptype)
{
	size_t i;

	for (i = 0; b && i < b->n; i++) {
		if (i)
			layout_sep(c);
		render_block(c, &b->v[i], indent, ptype);
	}
}
