/* SPDX-License-Identifier: MIT */
/* dita_impl.h: the DITA loader's private parts, shared by its files.
 * Callers use dita.h.
 *
 *   dita_xml.c     libxml2 parsing with captured errors and line numbers,
 *                  the supported element subset, text and href helpers
 *   dita_inline.c  inline content -> spans (whitespace, markup, xrefs)
 *   dita_block.c   block content -> kb_blocks (paragraphs, notes, lists,
 *                  code, tables, images) and the spilling of the unexpected
 *   dita_diag.c    per-topic diagnostics and the error codes seen
 *   dita.c         steps, remedies and the topic (the entry point)
 *   dita_map.c     the map
 *
 * Calls go one way: dita_xml.c calls none of the others, dita_diag.c
 * only dita_xml.c, dita_inline.c those two, dita_block.c those three,
 * dita.c all of them; dita_map.c needs only dita_xml.c.
 *
 * A topic is parsed in one pass over the libxml2 tree; every string kept
 * is copied into the kb's arena (kb.h) and the tree is freed afterwards. */
#ifndef ENROLLKB_DITA_IMPL_H
#define ENROLLKB_DITA_IMPL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "arena.h"
#include "diag.h"
#include "dita.h"
#include "kb.h"
#include "strbuf.h"

/* ---- XML and the element subset (dita_xml.c) ----------------------------- */

enum el {
	EL_UNKNOWN,
	/* structure */
	EL_TROUBLESHOOTING, EL_TITLE, EL_SHORTDESC, EL_PROLOG, EL_METADATA,
	EL_KEYWORDS, EL_KEYWORD, EL_SOURCE, EL_CRITDATES, EL_RELATED_LINKS,
	EL_TROUBLEBODY, EL_CONDITION,
	EL_TROUBLESOLUTION, EL_CAUSE, EL_REMEDY, EL_RESPONSIBLEPARTY,
	EL_STEPS, EL_STEPS_UNORDERED, EL_STEPS_INFORMAL, EL_STEP, EL_CMD,
	EL_INFO, EL_SUBSTEPS, EL_SUBSTEP, EL_STEPRESULT, EL_STEPXMP,
	/* blocks */
	EL_P, EL_NOTE, EL_UL, EL_OL, EL_LI, EL_CODEBLOCK, EL_SIMPLETABLE,
	EL_STHEAD, EL_STROW, EL_STENTRY, EL_IMAGE, EL_ALT,
	/* inline */
	EL_XREF, EL_MENUCASCADE, EL_PH, EL_INLINE   /* EL_INLINE: see .span */
};

struct el_info {
	const char *name;
	enum el el;
	int span;       /* enum kb_span_kind for EL_INLINE, else -1 */
};

/* Parses buf.  Returns NULL, after reporting libxml2's first error with its
 * line, when the document is not well-formed. */
xmlDocPtr dita_read_xml(const char *file, const char *buf, size_t len,
			struct diag_list *dl);
/* Entry for an element node, or NULL (other nodes, unknown or namespaced
 * elements: DITA's own elements have no namespace). */
const struct el_info *dita_el_lookup(const xmlNode *n);
/* A DITA block element outside the subset (its text is a paragraph of its
 * own rather than part of the surrounding one). */
bool dita_is_foreign_block(const xmlNode *n);
/* The element's name as written, with its prefix; malloc'd. */
char *dita_qname(const xmlNode *n);
/* Collapses whitespace runs to one space and trims both ends, in place. */
void dita_normalize_space(char *s);
/* Raw text of every text descendant of n, entity references as written,
 * appended to sb; seen (when not NULL) is called with every text node,
 * element and entity reference on the way. */
void dita_gather_text(const xmlNode *n, struct strbuf *sb,
		      void (*seen)(void *ctx, const xmlNode *n), void *ctx);
/* True for a date of the form YYYY-MM-DD (what --show prints). */
bool dita_is_date(const char *s);
/* Normalised text of an element, malloc'd. */
char *dita_element_text(const xmlNode *n);
/* True when an xref or topicref with these attributes (scope and format
 * may be NULL) points outside the DITA content: a URL, scope="external"
 * or a format other than dita. */
bool dita_href_external(const char *href, const char *scope, const char *format);

static inline enum el el_of(const xmlNode *n)
{
	const struct el_info *e = dita_el_lookup(n);

	return e ? e->el : EL_UNKNOWN;
}

static inline bool is_named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !n->ns &&
	       strcmp((const char *)n->name, name) == 0;
}

/* libxml2 keeps an element's line in 16 bits; past 65535 dita_read_xml
 * stores the real line in the element's psvi. */
static inline unsigned line_of(const xmlNode *n)
{
	long l;

	if (n->type == XML_ELEMENT_NODE && n->line == USHRT_MAX && n->psvi)
		return (unsigned)(uintptr_t)n->psvi;
	l = xmlGetLineNo(n);

	return l > 0 && l <= (long)UINT_MAX ? (unsigned)l : 0;
}

static inline bool is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline bool is_blank(const xmlChar *s)
{
	for (; s && *s; s++)
		if (!is_xml_space((char)*s))
			return false;
	return true;
}

/* An attribute's value (xmlFree it) or NULL. */
static inline char *prop(const xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* ---- Per-topic state and its diagnostics (dita_diag.c) ----------------- */

struct topic {
	struct arena *ar;         /* the kb's: everything kept lands here */
	const char *file;
	struct diag_list *dl;
	struct dita_xrefs *xrefs;
	bool failed;
	bool own_codes;           /* in the title or condition: a <msgnum> there
	                           * names the article's own error code */
	unsigned owners;          /* element instances, for span ownership */
	const char **codes;
	size_t ncodes, codes_cap;
	xmlHashTablePtr code_set;
	const char **keywords;
	size_t nkeywords, keywords_cap;
	const struct kb_step **flat;
	size_t nflat, flat_cap;
};

/* A diagnostic at n's line; an error makes the topic unusable. */
void dita_diag(struct topic *t, enum diag_severity sev, const xmlNode *n,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void dita_warn_unsupported(struct topic *t, const xmlNode *n);
void dita_warn_misplaced(struct topic *t, const xmlNode *n);
/* Warns about an element the context does not expect, whichever kind. */
void dita_warn_unexpected(struct topic *t, const xmlNode *n);
void dita_warn_entity(struct topic *t, const xmlNode *n);
/* Warns (at n's line) when a text node holds a character the output
 * replaces: a C1 control or a bidi override (see sanitize.h). */
void dita_check_text(struct topic *t, const xmlNode *n);
/* Records an <image href> in the pack for the loader to check that the
 * file is there (see struct dita_xref.image). */
void dita_add_image(struct topic *t, const xmlNode *n);
/* Records the text of a <msgnum> as one of the article's error codes. */
void dita_add_code(struct topic *t, const xmlNode *n);

/* dita_gather_text of a code block: what only survives as written is
 * reported and <msgnum> codes are recorded. */
void dita_collect_text(struct topic *t, const xmlNode *n, struct strbuf *sb);

/* ---- Inline runs (dita_inline.c) -----------------------------------------
 *
 * Text is gathered span by span while whitespace is normalised across
 * span boundaries: a whitespace run becomes one pending space, emitted only
 * when more content follows (so block edges are trimmed), inside a span
 * when both sides belong to it and as plain text otherwise. */

struct tspan {
	enum kb_span_kind kind;
	unsigned owner;       /* element instance; 0 for plain text */
	struct strbuf text;
	char *target;         /* external xref: the URL */
	char *href;           /* internal xref: file part of the href */
	bool external, internal;
	unsigned line;
};

struct run {
	struct tspan *v;
	size_t n, cap;
	bool content;         /* something other than whitespace was added */
	bool space;           /* a space is pending */
	bool in_xref;
	unsigned line;        /* of the first content */
};

/* Copies the run into the arena, records its internal xrefs, and clears it
 * for reuse. */
struct kb_text dita_run_finish(struct topic *t, struct run *r);
void dita_run_free(struct run *r);
/* Adds node n (text, an entity reference or an element) to the run, as
 * content of kind and owner (KB_SPAN_TEXT and 0 outside any markup). */
void dita_inline_child(struct topic *t, const xmlNode *n, struct run *r,
		       enum kb_span_kind kind, unsigned owner);
/* The inline content of n (its children) as text. */
struct kb_text dita_inline_text(struct topic *t, const xmlNode *n);
/* Node n itself (loose text, say) as text. */
struct kb_text dita_inline_node(struct topic *t, const xmlNode *n);
/* The alternative text of an <image>: <alt>, else @alt. */
struct kb_text dita_image_alt(struct topic *t, const xmlNode *n);
/* Plain text of an inline run, in the arena. */
const char *dita_plain_text(struct topic *t, const struct kb_text *text);

/* ---- Blocks (dita_block.c) ----------------------------------------------- */

struct bvec {
	struct kb_block *v;
	size_t n, cap;
};

/* Appends the blocks inside container n to out. */
void dita_blocks_into(struct topic *t, const xmlNode *n, struct bvec *out);
/* Moves the blocks into the arena and empties b. */
struct kb_blocks dita_bvec_finish(struct topic *t, struct bvec *b);
/* Content that a structural element does not expect: reported, then kept as
 * blocks in out so nothing is lost.  warn: also warn for elements that are
 * blocks or inline content anywhere else (a <p> directly in a <remedy>). */
void dita_spill(struct topic *t, const xmlNode *n, struct bvec *out, bool warn);

#endif
