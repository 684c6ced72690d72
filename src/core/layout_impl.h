/* SPDX-License-Identifier: MIT */
/* layout_impl.h: the layout engine's private parts, shared by its files.
 * Callers use layout.h.
 *
 *   layout_flow.c   sanitising content text for a terminal, flows (styled
 *                   inline text before wrapping) and link numbering
 *   layout_lines.c  line buffers, word wrapping and writing a flow as lines
 *   layout_block.c  blocks: paragraphs, notes, lists, code, tables, images
 *   layout.c        steps, the article's reading order, freeing, printing
 *
 * Inline text is first collected into a flow (sanitised UTF-8 with styled
 * runs), then wrapped into byte ranges and written out as lines with
 * segments.  Inside a flow a GLUE byte stands for a space that must not
 * become a line break (between a link's text and its "[n]"). */
#ifndef ENROLLKB_LAYOUT_IMPL_H
#define ENROLLKB_LAYOUT_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "kb.h"
#include "layout.h"
#include "strbuf.h"

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

/* ---- Sanitising and flows (layout_flow.c) --------------------------------- */

/* Appends the character at s (n > 0 bytes) to sb in a form that is safe to
 * write to a terminal and returns the bytes consumed.  C0 controls and DEL
 * become caret notation (ESC -> "^["), so an escape sequence in content is
 * shown, not obeyed; C1 controls and bytes that are not UTF-8 become the
 * replacement character. */
size_t layout_put_safe(const struct ctx *c, struct strbuf *sb,
		       const char *s, size_t n);
/* Bytes of the longest prefix of s that fits in budget columns: at least
 * one character (so breaking always progresses), whole UTF-8 sequences
 * only, and zero-width characters stay with the character before them. */
size_t layout_fit_prefix(const char *s, size_t n, size_t budget, size_t *used);

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

void layout_flow_free(struct flow *f);
/* Styles the len bytes at off (already in f->text). */
void layout_run_add(struct flow *f, size_t off, size_t len,
		    enum seg_style style, int link);
/* Appends content text (NULL: nothing): whitespace runs collapse to one
 * space (also across runs, and none at the start), the rest is sanitised. */
void layout_flow_puts(const struct ctx *c, struct flow *f, const char *s,
		      enum seg_style style, int link);
/* Appends the runs of another flow (text already sanitised). */
void layout_flow_append(struct flow *f, const struct flow *g);
/* Appends ASCII decoration as is (no whitespace folding). */
void layout_flow_raw(struct flow *f, const char *s, enum seg_style style);
/* Drops a trailing space so no line ends in one. */
void layout_flow_trim(struct flow *f);
/* Appends inline text; each link gets a number and a "[n]" mark. */
void layout_flow_text(struct ctx *c, struct flow *f, const struct kb_text *t);
/* The article with that id in c->kb, or NULL. */
const struct kb_article *layout_find_article(const struct ctx *c, const char *id);

/* ---- Lines (layout_lines.c) ----------------------------------------------- */

struct lbuf {
	struct strbuf text;
	struct layout_seg *segs;
	size_t nsegs, cap;
};

#define LBUF_INIT { STRBUF_INIT, NULL, 0, 0 }

struct range {
	size_t s, e;
};

struct ranges {
	struct range *v;
	size_t n, cap;
};

void layout_lb_add(struct lbuf *b, const char *s, size_t n,
		   enum seg_style style, int link);
void layout_lb_spaces(struct lbuf *b, size_t n);
/* Moves the buffer into a new line of the layout (trailing spaces dropped,
 * segments trimmed to match) and resets it. */
void layout_lb_finish(struct ctx *c, struct lbuf *b, enum line_type type,
		      bool step_first);
/* Copies the part [s, e) of a flow into a line buffer with its styles. */
void layout_lb_flow(struct lbuf *b, const struct flow *f, size_t s, size_t e);
/* A blank line between blocks: never two in a row, none at the top. */
void layout_sep(struct ctx *c);
/* Greedy word wrap of a flow into lines of at most w columns (w >= 2);
 * a word wider than w is broken hard. */
void layout_flow_wrap(const struct flow *f, size_t w, struct ranges *out);
size_t layout_pieces_width(const struct piece *p, size_t np);
/* Where text starts for a paragraph at indent with a prefix of pw columns:
 * deep nesting gives way so at least MIN_TEXT columns remain. */
size_t layout_clamp_indent(const struct ctx *c, size_t indent, size_t pw);
/* Writes a flow as lines: the first starts with the prefix pieces at
 * indent, the others hang under the first line's text. */
void layout_emit_flow(struct ctx *c, const struct flow *f, enum line_type type,
		      size_t indent, const struct piece *pre, size_t npre,
		      bool step_first);
void layout_emit_text(struct ctx *c, const struct kb_text *t,
		      enum line_type type, size_t indent,
		      const struct piece *pre, size_t npre);
void layout_emit_plain(struct ctx *c, const char *s, enum line_type type,
		       enum seg_style style, size_t indent);
void layout_heading(struct ctx *c, const char *s, size_t indent);

/* ---- Blocks (layout_block.c) ---------------------------------------------- */

/* Blocks apart by blank lines; paragraphs get line type ptype. */
void layout_blocks(struct ctx *c, const struct kb_blocks *b, size_t indent,
		   enum line_type ptype);
/* Blocks after a label ("Note:", "Who:", "Result:"), hanging under it. */
void layout_labelled(struct ctx *c, const struct kb_blocks *b, size_t indent,
		     enum line_type type, const char *label, enum seg_style style);
const char *layout_bullet(const struct ctx *c);

#endif
