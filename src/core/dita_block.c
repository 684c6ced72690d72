/* SPDX-License-Identifier: MIT */
/* dita_block.c: block DITA content -> kb_blocks: paragraphs gathered from
 * loose text and inline markup, notes, lists, code blocks, simple tables
 * and images; and the spilling of content a structural element does not
 * expect into plain blocks, so nothing is lost. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "dita_impl.h"
#include "i18n.h"
#include "xalloc.h"

/* ---- Block vectors and paragraphs ------------------------------------------ */

static struct kb_block *bvec_push(struct bvec *b, enum kb_block_kind kind,
				  unsigned line)
{
	struct kb_block *blk;

	b->v = xgrow(b->v, &b->cap, b->n + 1, sizeof(*b->v));
	blk = &b->v[b->n++];
	memset(blk, 0, sizeof(*blk));
	blk->kind = kind;
	blk->line = line;
	return blk;
}

struct kb_blocks dita_bvec_finish(struct topic *t, struct bvec *b)
{
	struct kb_blocks out = { NULL, 0 };

	if (b->n) {
		out.v = arena_memdup(t->ar, b->v, b->n * sizeof(*b->v));
		out.n = b->n;
	}
	free(b->v);
	b->v = NULL;
	b->n = b->cap = 0;
	return out;
}

/* Ends the paragraph being gathered in r, if any. */
static void flush(struct topic *t, struct run *r, struct bvec *out)
{
	unsigned line = r->line;
	bool any = r->n > 0;
	struct kb_text text = dita_run_finish(t, r);   /* clears r either way */

	if (any)
		bvec_push(out, KB_BLOCK_PARA, line)->text = text;
}

static void block_child(struct topic *t, const xmlNode *n, struct bvec *out,
			struct run *r);

static void blocks_children(struct topic *t, const xmlNode *n,
			    struct bvec *out, struct run *r)
{
	for (n = n->children; n; n = n->next)
		block_child(t, n, out, r);
}

void dita_blocks_into(struct topic *t, const xmlNode *n, struct bvec *out)
{
	struct run r = { 0 };

	blocks_children(t, n, out, &r);
	flush(t, &r, out);
	dita_run_free(&r);
}

/* Node n alone as blocks: the paragraph it may start ends with it. */
static void block_node(struct topic *t, const xmlNode *n, struct bvec *out)
{
	struct run r = { 0 };

	block_child(t, n, out, &r);
	flush(t, &r, out);
	dita_run_free(&r);
}

static struct kb_blocks blocks_of(struct topic *t, const xmlNode *n)
{
	struct bvec b = { NULL, 0, 0 };

	dita_blocks_into(t, n, &b);
	return dita_bvec_finish(t, &b);
}

/* Text that is not just whitespace, or an entity reference: content of a
 * list or table outside its items or cells, kept as one of its own. */
static bool is_loose(const xmlNode *n)
{
	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		return !is_blank(n->content);
	case XML_ENTITY_REF_NODE:
		return true;
	default:
		return false;
	}
}

/* ---- Notes, lists, code, tables, images ------------------------------------ */

static enum kb_note_type note_type(const xmlNode *n)
{
	static const struct { const char *name; enum kb_note_type type; } types[] = {
		{ "note", KB_NOTE_NOTE },
		{ "important", KB_NOTE_IMPORTANT },
		{ "tip", KB_NOTE_TIP },
		{ "caution", KB_NOTE_CAUTION },
		{ "warning", KB_NOTE_WARNING },
	};
	char *type = prop(n, "type");
	enum kb_note_type res = type ? KB_NOTE_OTHER : KB_NOTE_NOTE;
	size_t i;

	for (i = 0; type && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(type, types[i].name) == 0)
			res = types[i].type;
	xmlFree(type);
	return res;
}

static void block_list(struct topic *t, const xmlNode *n, struct bvec *out)
{
	struct kb_blocks *items = NULL;
	size_t nitems = 0, cap = 0;
	struct kb_block *blk;
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		struct bvec item = { NULL, 0, 0 };

		if (c->type == XML_ELEMENT_NODE) {
			if (el_of(c) != EL_LI)
				dita_warn_unexpected(t, c);
			dita_blocks_into(t, c, &item);
		} else if (is_loose(c)) {
			block_node(t, c, &item);
		} else {
			continue;
		}
		items = xgrow(items, &cap, nitems + 1, sizeof(*items));
		items[nitems++] = dita_bvec_finish(t, &item);
	}
	blk = bvec_push(out, KB_BLOCK_LIST, line_of(n));
	blk->ordered = el_of(n) == EL_OL;
	blk->items = nitems ? arena_memdup(t->ar, items, nitems * sizeof(*items)) : NULL;
	blk->nitems = nitems;
	free(items);
}

/* Verbatim text of a code block; markup inside it is dropped. */
static void block_code(struct topic *t, const xmlNode *n, struct bvec *out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	size_t len;

	dita_collect_text(t, n, &sb);
	s = sb_str(&sb);
	len = sb.len;
	/* The newline after <codeblock> and before </codeblock> is layout. */
	if (len && s[0] == '\n') {
		s++;
		len--;
	}
	if (len && s[len - 1] == '\n')
		len--;
	bvec_push(out, KB_BLOCK_CODE, line_of(n))->code = arena_strndup(t->ar, s, len);
	sb_free(&sb);
}

struct trow {
	struct kb_text *cells;
	size_t n, cap;
	bool head;
};

static void row_add(struct trow *row, struct kb_text cell)
{
	row->cells = xgrow(row->cells, &row->cap, row->n + 1, sizeof(*row->cells));
	row->cells[row->n++] = cell;
}

/* Cells: the stentries, and an unexpected element or loose text as a
 * cell of its own. */
static void table_row(struct topic *t, const xmlNode *n, struct trow *row)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			if (el_of(c) != EL_STENTRY)
				dita_warn_unexpected(t, c);
			row_add(row, dita_inline_text(t, c));
		} else if (is_loose(c)) {
			row_add(row, dita_inline_node(t, c));
		}
	}
}

static void block_table(struct topic *t, const xmlNode *n, struct bvec *out)
{
	struct trow *rows = NULL;
	size_t nrows = 0, cap = 0, ncols = 0, i, j;
	struct kb_table *tab;
	struct kb_text *cells;
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		struct trow row = { NULL, 0, 0, false };

		if (c->type == XML_ELEMENT_NODE) {
			enum el el = el_of(c);

			if (el == EL_STHEAD)
				row.head = true;
			else if (el != EL_STROW)
				dita_warn_unexpected(t, c);
			table_row(t, c, &row);
		} else if (is_loose(c)) {
			row_add(&row, dita_inline_node(t, c));
		} else {
			continue;
		}
		rows = xgrow(rows, &cap, nrows + 1, sizeof(*rows));
		rows[nrows++] = row;
		if (row.n > ncols)
			ncols = row.n;
	}
	tab = arena_alloc(t->ar, sizeof(*tab));
	tab->nrows = nrows;
	tab->ncols = ncols;
	tab->header = nrows > 0 && rows[0].head;
	/* arena memory is zeroed: short rows are padded with empty cells */
	cells = arena_alloc_array(t->ar, xalloc_size(nrows, ncols), sizeof(*cells));
	for (i = 0; i < nrows; i++) {
		for (j = 0; j < rows[i].n; j++)
			cells[i * ncols + j] = rows[i].cells[j];
		free(rows[i].cells);
	}
	tab->cells = cells;
	free(rows);
	bvec_push(out, KB_BLOCK_TABLE, line_of(n))->table = tab;
}

static void block_image(struct topic *t, const xmlNode *n, struct bvec *out)
{
	struct kb_block *blk;
	struct kb_text alt;
	const xmlNode *c;
	char *href = prop(n, "href");

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && el_of(c) != EL_ALT)
			dita_warn_unexpected(t, c);
	alt = dita_image_alt(t, n);
	blk = bvec_push(out, KB_BLOCK_IMAGE, line_of(n));
	blk->text = alt;
	blk->href = href ? arena_strdup(t->ar, href) : NULL;
	dita_add_image(t, n);
	xmlFree(href);
}

/* ---- Containers ------------------------------------------------------------- */

/* One child of a block container: text and inline markup gather into the
 * paragraph in r; block elements end it and append themselves to out. */
static void block_child(struct topic *t, const xmlNode *n, struct bvec *out,
			struct run *r)
{
	const struct el_info *e;

	if (n->type != XML_ELEMENT_NODE) {
		dita_inline_child(t, n, r, KB_SPAN_TEXT, 0);
		return;
	}
	e = dita_el_lookup(n);
	switch (e ? e->el : EL_UNKNOWN) {
	case EL_P: {
		size_t first;

		flush(t, r, out);
		first = out->n;
		blocks_children(t, n, out, r);
		flush(t, r, out);
		/* a paragraph starts where its <p> does */
		if (out->n > first && out->v[first].kind == KB_BLOCK_PARA)
			out->v[first].line = line_of(n);
		return;
	}
	case EL_NOTE: {
		struct kb_blocks children;
		struct kb_block *blk;

		flush(t, r, out);
		children = blocks_of(t, n);
		blk = bvec_push(out, KB_BLOCK_NOTE, line_of(n));
		blk->note_type = note_type(n);
		blk->children = children;
		return;
	}
	case EL_UL:
	case EL_OL:
		flush(t, r, out);
		block_list(t, n, out);
		return;
	case EL_CODEBLOCK:
		flush(t, r, out);
		block_code(t, n, out);
		return;
	case EL_SIMPLETABLE:
		flush(t, r, out);
		block_table(t, n, out);
		return;
	case EL_IMAGE:
		flush(t, r, out);
		block_image(t, n, out);
		return;
	case EL_INLINE:
	case EL_PH:
	case EL_KEYWORD:
	case EL_XREF:
	case EL_MENUCASCADE:
		dita_inline_child(t, n, r, KB_SPAN_TEXT, 0);
		return;
	case EL_UNKNOWN:
		dita_warn_unsupported(t, n);
		if (!dita_is_foreign_block(n)) {
			blocks_children(t, n, out, r);
			return;
		}
		break;
	default:
		dita_warn_misplaced(t, n);
		break;
	}
	/* shown as plain text, in paragraphs of its own */
	flush(t, r, out);
	blocks_children(t, n, out, r);
	flush(t, r, out);
}

/* Elements that block_child takes without a word. */
static bool block_accepts(enum el el)
{
	switch (el) {
	case EL_P: case EL_NOTE: case EL_UL: case EL_OL: case EL_CODEBLOCK:
	case EL_SIMPLETABLE: case EL_IMAGE: case EL_INLINE: case EL_PH:
	case EL_KEYWORD: case EL_XREF: case EL_MENUCASCADE:
		return true;
	default:
		return false;
	}
}

/* warn: also for what block_child accepts silently. */
void dita_spill(struct topic *t, const xmlNode *n, struct bvec *out, bool warn)
{
	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (is_blank(n->content))
			return;
		if (warn) {
			char *parent = dita_qname(n->parent);

			dita_diag(t, DIAG_WARNING, n,
				  _("text directly inside <%s> (shown as plain text)"), parent);
			free(parent);
		}
		break;
	case XML_ENTITY_REF_NODE:
		break;
	case XML_ELEMENT_NODE:
		/* block_child itself warns about the others */
		if (warn && block_accepts(el_of(n)))
			dita_warn_misplaced(t, n);
		break;
	default:
		return;
	}
	block_node(t, n, out);
}
