/* SPDX-License-Identifier: MIT */
/* dita_inline.c: inline DITA content -> kb_text spans: whitespace
 * normalised across markup, the outermost markup deciding a span's kind,
 * menucascades, image alt text, and xrefs (external ones kept as URLs,
 * internal ones recorded for pack.c to resolve). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "dita_impl.h"
#include "i18n.h"
#include "xalloc.h"

/* ---- Runs ------------------------------------------------------------------ */

static struct tspan *run_new(struct run *r, enum kb_span_kind kind, unsigned owner)
{
	struct tspan *sp;

	r->v = xgrow(r->v, &r->cap, r->n + 1, sizeof(*r->v));
	sp = &r->v[r->n++];
	memset(sp, 0, sizeof(*sp));
	sp->kind = kind;
	sp->owner = owner;
	return sp;
}

/* The span that the next content of (kind, owner) goes to; fresh forces a
 * new one (an xref starts its own span even when empty). */
static struct tspan *run_span(struct run *r, enum kb_span_kind kind,
			      unsigned owner, bool fresh)
{
	struct tspan *last = r->n ? &r->v[r->n - 1] : NULL;
	bool same = last && !fresh && last->kind == kind &&
		    (kind == KB_SPAN_TEXT || last->owner == owner);

	if (r->space) {
		r->space = false;
		if (same && last->text.len == 0 && r->n >= 2 &&
		    r->v[r->n - 2].kind == KB_SPAN_TEXT) {
			/* leading space inside an (empty so far) xref goes before it */
			sb_putc(&r->v[r->n - 2].text, ' ');
		} else if (same && last->text.len == 0) {
			struct tspan tmp;

			run_new(r, KB_SPAN_TEXT, 0);
			tmp = r->v[r->n - 1];
			r->v[r->n - 1] = r->v[r->n - 2];
			r->v[r->n - 2] = tmp;
			sb_putc(&r->v[r->n - 2].text, ' ');
		} else if (same || (last && last->kind == KB_SPAN_TEXT)) {
			sb_putc(&last->text, ' ');
		} else {
			sb_putc(&run_new(r, KB_SPAN_TEXT, 0)->text, ' ');
		}
		last = &r->v[r->n - 1];
		same = !fresh && last->kind == kind &&
		       (kind == KB_SPAN_TEXT || last->owner == owner);
	}
	if (same)
		return last;
	return run_new(r, kind, owner);
}

static void run_mark_content(struct run *r, unsigned line)
{
	if (!r->content) {
		r->content = true;
		r->line = line;
	}
}

static void run_text(struct run *r, enum kb_span_kind kind, unsigned owner,
		     const char *s, unsigned line)
{
	while (s && *s) {
		size_t k;

		if (is_xml_space(*s)) {
			if (r->content)
				r->space = true;
			s++;
			continue;
		}
		k = strcspn(s, " \t\r\n");
		sb_add(&run_span(r, kind, owner, false)->text, s, k);
		run_mark_content(r, line);
		s += k;
	}
}

/* A separator of plain text that replaces any pending space. */
static void run_sep(struct run *r, const char *sep, unsigned line)
{
	r->space = false;
	sb_puts(&run_span(r, KB_SPAN_TEXT, 0, false)->text, sep);
	run_mark_content(r, line);
}

/* A boundary between flattened blocks: at most a space. */
static void run_break(struct run *r)
{
	if (r->content)
		r->space = true;
}

static void run_clear(struct run *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		sb_free(&r->v[i].text);
		free(r->v[i].target);
		free(r->v[i].href);
	}
	r->n = 0;
	r->content = r->space = false;
	r->line = 0;
}

void dita_run_free(struct run *r)
{
	run_clear(r);
	free(r->v);
	r->v = NULL;
	r->cap = 0;
}

struct kb_text dita_run_finish(struct topic *t, struct run *r)
{
	struct kb_text out = { NULL, 0 };
	struct kb_span *v;
	size_t i;

	if (r->n == 0) {
		run_clear(r);
		return out;
	}
	v = arena_alloc_array(t->ar, r->n, sizeof(*v));
	for (i = 0; i < r->n; i++) {
		struct tspan *sp = &r->v[i];
		bool empty = sp->text.len == 0;

		v[i].kind = sp->kind;
		v[i].external = sp->external;
		if (sp->external) {
			v[i].target = arena_strdup(t->ar, sp->target);
			v[i].text = empty ? v[i].target
				    : arena_strndup(t->ar, sb_str(&sp->text), sp->text.len);
		} else if (sp->internal) {
			struct dita_xref *x;

			/* Until resolved, an empty xref shows its href. */
			v[i].text = empty ? arena_strdup(t->ar, sp->href)
				    : arena_strndup(t->ar, sb_str(&sp->text), sp->text.len);
			t->xrefs->v = xgrow(t->xrefs->v, &t->xrefs->cap,
					    t->xrefs->n + 1, sizeof(*t->xrefs->v));
			x = &t->xrefs->v[t->xrefs->n++];
			memset(x, 0, sizeof(*x));
			x->span = &v[i];
			x->href = sp->href;
			sp->href = NULL;
			x->file = xstrdup(t->file);
			x->line = sp->line;
			x->empty = empty;
		} else {
			v[i].text = arena_strndup(t->ar, sb_str(&sp->text), sp->text.len);
		}
	}
	out.spans = v;
	out.n = r->n;
	run_clear(r);
	return out;
}

/* ---- Inline content ----------------------------------------------------- */

static void inline_children(struct topic *t, const xmlNode *n, struct run *r,
			    enum kb_span_kind kind, unsigned owner)
{
	for (n = n->children; n; n = n->next)
		dita_inline_child(t, n, r, kind, owner);
}

static void inline_xref(struct topic *t, const xmlNode *n, struct run *r,
			enum kb_span_kind kind, unsigned owner)
{
	char *href, *scope, *format;
	struct tspan *sp;
	unsigned id;

	if (r->in_xref) {
		/* a link inside a link: keep the text of the inner one */
		inline_children(t, n, r, kind, owner);
		return;
	}
	href = prop(n, "href");
	if (!href || is_blank((const xmlChar *)href)) {
		dita_diag(t, DIAG_WARNING, n, "%s", _("<xref> without href (shown as plain text)"));
		xmlFree(href);
		inline_children(t, n, r, kind, owner);
		return;
	}
	scope = prop(n, "scope");
	format = prop(n, "format");
	id = ++t->owners;
	sp = run_span(r, KB_SPAN_XREF, id, true);
	run_mark_content(r, line_of(n));
	sp->line = line_of(n);
	if (dita_href_external(href, scope, format)) {
		sp->external = true;
		sp->target = xstrdup(href);
	} else {
		sp->internal = true;
		sp->href = xstrndup(href, strcspn(href, "#"));
	}
	r->in_xref = true;
	inline_children(t, n, r, KB_SPAN_XREF, id);
	r->in_xref = false;
	xmlFree(href);
	xmlFree(scope);
	xmlFree(format);
}

static void inline_menucascade(struct topic *t, const xmlNode *n, struct run *r,
			       enum kb_span_kind kind, unsigned owner)
{
	bool first = true;
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && is_blank(c->content))
			continue;
		if (is_named(c, "uicontrol")) {
			if (!first) {
				/* " >" then one space, however the source is spaced */
				run_sep(r, " >", line_of(c));
				run_break(r);
			}
			first = false;
			if (kind == KB_SPAN_TEXT)
				inline_children(t, c, r, KB_SPAN_UI, ++t->owners);
			else
				inline_children(t, c, r, kind, owner);
		} else {
			dita_inline_child(t, c, r, kind, owner);
		}
	}
}

static void inline_image(struct topic *t, const xmlNode *n, struct run *r,
			 enum kb_span_kind kind, unsigned owner)
{
	const xmlNode *c;
	char *alt;

	for (c = n->children; c; c = c->next)
		if (el_of(c) == EL_ALT) {
			inline_children(t, c, r, kind, owner);
			return;
		}
	alt = prop(n, "alt");
	if (alt)
		run_text(r, kind, owner, alt, line_of(n));
	xmlFree(alt);
}

void dita_inline_child(struct topic *t, const xmlNode *n, struct run *r,
		       enum kb_span_kind kind, unsigned owner)
{
	const struct el_info *e;

	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		dita_check_text(t, n);
		run_text(r, kind, owner, (const char *)n->content, line_of(n));
		return;
	case XML_ENTITY_REF_NODE: {
		char *s = xasprintf("&%s;", n->name);

		dita_warn_entity(t, n);
		run_text(r, kind, owner, s, line_of(n));
		free(s);
		return;
	}
	case XML_ELEMENT_NODE:
		break;
	default:
		return;   /* comments, processing instructions */
	}
	e = dita_el_lookup(n);
	switch (e ? e->el : EL_UNKNOWN) {
	case EL_INLINE:
		if (e->span == KB_SPAN_MSGNUM && t->own_codes)
			dita_add_code(t, n);
		/* the outermost markup wins: spans do not nest */
		if (kind == KB_SPAN_TEXT)
			inline_children(t, n, r, (enum kb_span_kind)e->span, ++t->owners);
		else
			inline_children(t, n, r, kind, owner);
		return;
	case EL_PH:
	case EL_KEYWORD:
		inline_children(t, n, r, kind, owner);
		return;
	case EL_XREF:
		inline_xref(t, n, r, kind, owner);
		return;
	case EL_MENUCASCADE:
		inline_menucascade(t, n, r, kind, owner);
		return;
	case EL_IMAGE:
		dita_add_image(t, n);
		inline_image(t, n, r, kind, owner);
		return;
	case EL_P: case EL_NOTE: case EL_UL: case EL_OL: case EL_LI:
	case EL_CODEBLOCK: case EL_SIMPLETABLE: case EL_STHEAD: case EL_STROW:
	case EL_STENTRY: case EL_ALT:
		/* blocks where only text fits (a table cell, say): flattened */
		run_break(r);
		inline_children(t, n, r, kind, owner);
		run_break(r);
		return;
	case EL_UNKNOWN:
		dita_warn_unsupported(t, n);
		if (dita_is_foreign_block(n))
			run_break(r);
		inline_children(t, n, r, kind, owner);
		if (dita_is_foreign_block(n))
			run_break(r);
		return;
	default:
		dita_warn_misplaced(t, n);
		run_break(r);
		inline_children(t, n, r, kind, owner);
		run_break(r);
		return;
	}
}

/* inline_children, dita_inline_child or inline_image. */
typedef void inline_fn(struct topic *t, const xmlNode *n, struct run *r,
		       enum kb_span_kind kind, unsigned owner);

/* What fill adds for n outside any markup, as text of its own. */
static struct kb_text text_of(struct topic *t, const xmlNode *n, inline_fn *fill)
{
	struct run r = { 0 };
	struct kb_text out;

	fill(t, n, &r, KB_SPAN_TEXT, 0);
	out = dita_run_finish(t, &r);
	dita_run_free(&r);
	return out;
}

struct kb_text dita_inline_text(struct topic *t, const xmlNode *n)
{
	return text_of(t, n, inline_children);
}

struct kb_text dita_inline_node(struct topic *t, const xmlNode *n)
{
	return text_of(t, n, dita_inline_child);
}

struct kb_text dita_image_alt(struct topic *t, const xmlNode *n)
{
	return text_of(t, n, inline_image);
}

const char *dita_plain_text(struct topic *t, const struct kb_text *text)
{
	char *s = kb_text_plain(text);
	const char *a = arena_strdup(t->ar, s);

	free(s);
	return a;
}
