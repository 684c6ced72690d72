/* dita.c: libxml2 -> content model for DITA 1.3 troubleshooting topics and
 * maps.
 *
 * Owns the supported element subset (doc/content.md), whitespace
 * normalisation, and the per-file diagnostics of the loader.  Every string
 * is copied into the kb's arena and each xmlDoc is freed before returning
 * (ownership as described in kb.h).  Resolving cross-references between
 * files is pack.c's job; this file only records them. */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/globals.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "dita.h"
#include "i18n.h"
#include "strbuf.h"
#include "xalloc.h"

/* Safe for untrusted files: no network, and (by leaving out NOENT, DTDLOAD,
 * DTDATTR and DTDVALID) no entity substitution and no DTD.  BIG_LINES keeps
 * line numbers right past 65535. */
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES)

/* ---- XML parsing with captured errors ----------------------------------- */

struct xml_error {
	int level, code, line;
	char *msg;
};

struct xml_errors {
	struct xml_error *v;
	size_t n, cap;
};

/* libxml2 hands every error of a parse here instead of printing it; both
 * the context's handler and the global one (for errors raised without a
 * context) point at it for the duration of one parse. */
static void capture_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;
	struct xml_errors *xe = ctxt ? ctxt->_private : NULL;
	struct xml_error *x;
	size_t len;

	if (!xe || !e || e->level == XML_ERR_NONE)
		return;
	xe->v = xgrow(xe->v, &xe->cap, xe->n + 1, sizeof(*xe->v));
	x = &xe->v[xe->n++];
	x->level = e->level;
	x->code = e->code;
	x->line = e->line > 0 ? e->line : 0;
	x->msg = xstrdup(e->message ? e->message : "");
	len = strlen(x->msg);
	while (len && (x->msg[len - 1] == '\n' || x->msg[len - 1] == ' '))
		x->msg[--len] = '\0';
}

/* libxml2 keeps an element's line in 16 bits (BIG_LINES only helps text
 * nodes), so past line 65535 the real line is kept in the element's psvi,
 * which nothing else uses without schema validation. */
static void start_element(void *ctx, const xmlChar *localname,
			  const xmlChar *prefix, const xmlChar *uri,
			  int nb_namespaces, const xmlChar **namespaces,
			  int nb_attributes, int nb_defaulted,
			  const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;

	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces,
			      namespaces, nb_attributes, nb_defaulted, attributes);
	if (ctxt->node && ctxt->input && ctxt->input->line >= USHRT_MAX)
		ctxt->node->psvi = (void *)(uintptr_t)ctxt->input->line;
}

/* Parses buf.  Returns NULL, after reporting libxml2's first error with its
 * line, when the document is not well-formed. */
static xmlDocPtr read_xml(const char *file, const char *buf, size_t len,
			  struct diag_list *dl)
{
	struct xml_errors xe = { NULL, 0, 0 };
	xmlStructuredErrorFunc old_fn = xmlStructuredError;
	void *old_ctx = xmlStructuredErrorContext;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	size_t i;

	if (len > INT_MAX) {
		diag_add(dl, DIAG_ERROR, file, 0, "%s", _("file too large"));
		return NULL;
	}
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		xalloc_die();
	ctxt->_private = &xe;
	ctxt->sax->serror = capture_error;
	ctxt->sax->startElementNs = start_element;
	xmlSetStructuredErrorFunc(ctxt, capture_error);
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, file, NULL, PARSE_OPTIONS);
	xmlSetStructuredErrorFunc(old_ctx, old_fn);

	if (!doc || !ctxt->wellFormed) {
		const struct xml_error *first = NULL;

		for (i = 0; i < xe.n && !first; i++)
			if (xe.v[i].level >= XML_ERR_ERROR)
				first = &xe.v[i];
		if (first)
			diag_add(dl, DIAG_ERROR, file, (unsigned)first->line,
				 _("malformed XML: %s"), first->msg);
		else
			diag_add(dl, DIAG_ERROR, file, 0, "%s",
				 _("malformed XML"));
		xmlFreeDoc(doc);
		doc = NULL;
	} else {
		/* Recoverable problems (namespaces, say).  Undeclared
		 * entities are reported where they are used instead. */
		for (i = 0; i < xe.n; i++)
			if (xe.v[i].code != XML_ERR_UNDECLARED_ENTITY &&
			    xe.v[i].code != XML_WAR_UNDECLARED_ENTITY)
				diag_add(dl, DIAG_WARNING, file,
					 (unsigned)xe.v[i].line, "%s", xe.v[i].msg);
	}
	for (i = 0; i < xe.n; i++)
		free(xe.v[i].msg);
	free(xe.v);
	xmlFreeParserCtxt(ctxt);
	return doc;
}

/* ---- The element subset ------------------------------------------------- */

enum el {
	EL_UNKNOWN,
	/* structure */
	EL_TROUBLESHOOTING, EL_TITLE, EL_SHORTDESC, EL_PROLOG, EL_METADATA,
	EL_KEYWORDS, EL_KEYWORD, EL_TROUBLEBODY, EL_CONDITION,
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

/* Sorted by strcmp for bsearch. */
static const struct el_info elements[] = {
	{ "alt",              EL_ALT,              -1 },
	{ "b",                EL_INLINE,           KB_SPAN_EMPH },
	{ "cause",            EL_CAUSE,            -1 },
	{ "cmd",              EL_CMD,              -1 },
	{ "cmdname",          EL_INLINE,           KB_SPAN_CODE },
	{ "codeblock",        EL_CODEBLOCK,        -1 },
	{ "codeph",           EL_INLINE,           KB_SPAN_CODE },
	{ "condition",        EL_CONDITION,        -1 },
	{ "filepath",         EL_INLINE,           KB_SPAN_CODE },
	{ "i",                EL_INLINE,           KB_SPAN_EMPH },
	{ "image",            EL_IMAGE,            -1 },
	{ "info",             EL_INFO,             -1 },
	{ "keyword",          EL_KEYWORD,          -1 },
	{ "keywords",         EL_KEYWORDS,         -1 },
	{ "li",               EL_LI,               -1 },
	{ "menucascade",      EL_MENUCASCADE,      -1 },
	{ "metadata",         EL_METADATA,         -1 },
	{ "msgnum",           EL_INLINE,           KB_SPAN_MSGNUM },
	{ "msgph",            EL_INLINE,           KB_SPAN_MSG },
	{ "note",             EL_NOTE,             -1 },
	{ "ol",               EL_OL,               -1 },
	{ "p",                EL_P,                -1 },
	{ "ph",               EL_PH,               -1 },
	{ "prolog",           EL_PROLOG,           -1 },
	{ "q",                EL_INLINE,           KB_SPAN_EMPH },
	{ "remedy",           EL_REMEDY,           -1 },
	{ "responsibleParty", EL_RESPONSIBLEPARTY, -1 },
	{ "shortdesc",        EL_SHORTDESC,        -1 },
	{ "simpletable",      EL_SIMPLETABLE,      -1 },
	{ "stentry",          EL_STENTRY,          -1 },
	{ "step",             EL_STEP,             -1 },
	{ "stepresult",       EL_STEPRESULT,       -1 },
	{ "steps",            EL_STEPS,            -1 },
	{ "steps-informal",   EL_STEPS_INFORMAL,   -1 },
	{ "steps-unordered",  EL_STEPS_UNORDERED,  -1 },
	{ "stepxmp",          EL_STEPXMP,          -1 },
	{ "sthead",           EL_STHEAD,           -1 },
	{ "strow",            EL_STROW,            -1 },
	{ "substep",          EL_SUBSTEP,          -1 },
	{ "substeps",         EL_SUBSTEPS,         -1 },
	{ "systemoutput",     EL_INLINE,           KB_SPAN_CODE },
	{ "term",             EL_INLINE,           KB_SPAN_EMPH },
	{ "title",            EL_TITLE,            -1 },
	{ "troubleSolution",  EL_TROUBLESOLUTION,  -1 },
	{ "troublebody",      EL_TROUBLEBODY,      -1 },
	{ "troubleshooting",  EL_TROUBLESHOOTING,  -1 },
	{ "u",                EL_INLINE,           KB_SPAN_EMPH },
	{ "uicontrol",        EL_INLINE,           KB_SPAN_UI },
	{ "ul",               EL_UL,               -1 },
	{ "userinput",        EL_INLINE,           KB_SPAN_CODE },
	{ "varname",          EL_INLINE,           KB_SPAN_CODE },
	{ "wintitle",         EL_INLINE,           KB_SPAN_UI },
	{ "xref",             EL_XREF,             -1 },
};

/* DITA elements outside the subset that are blocks: their text starts a
 * paragraph of its own instead of running into the surrounding one. */
static const char *const foreign_blocks[] = {
	"bodydiv", "dd", "div", "dl", "dlentry", "draft-comment", "dt",
	"entry", "example", "fig", "figgroup", "fn", "itemgroup", "lines",
	"lq", "object", "pd", "plentry", "pre", "pt", "row", "section",
	"sectiondiv", "sl", "sli", "table", "tbody", "tgroup", "thead",
};

static int cmp_el(const void *key, const void *elem)
{
	return strcmp(key, ((const struct el_info *)elem)->name);
}

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* Entry for an element node, or NULL (other nodes, unknown or namespaced
 * elements: DITA's own elements have no namespace). */
static const struct el_info *el_lookup(const xmlNode *n)
{
	if (n->type != XML_ELEMENT_NODE || n->ns)
		return NULL;
	return bsearch(n->name, elements, sizeof(elements) / sizeof(elements[0]),
		       sizeof(elements[0]), cmp_el);
}

static enum el el_of(const xmlNode *n)
{
	const struct el_info *e = el_lookup(n);

	return e ? e->el : EL_UNKNOWN;
}

static bool is_foreign_block(const xmlNode *n)
{
	return !n->ns && bsearch(n->name, foreign_blocks,
				 sizeof(foreign_blocks) / sizeof(foreign_blocks[0]),
				 sizeof(foreign_blocks[0]), cmp_name);
}

static bool is_named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !n->ns &&
	       strcmp((const char *)n->name, name) == 0;
}

static unsigned line_of(const xmlNode *n)
{
	long l;

	if (n->type == XML_ELEMENT_NODE && n->line == USHRT_MAX && n->psvi)
		return (unsigned)(uintptr_t)n->psvi;
	l = xmlGetLineNo(n);

	return l > 0 && l <= (long)UINT_MAX ? (unsigned)l : 0;
}

/* The element's name as written, with its prefix. */
static char *qname(const xmlNode *n)
{
	if (n->ns && n->ns->prefix)
		return xasprintf("%s:%s", n->ns->prefix, n->name);
	return xstrdup((const char *)n->name);
}

static bool is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_blank(const xmlChar *s)
{
	for (; s && *s; s++)
		if (!is_xml_space((char)*s))
			return false;
	return true;
}

/* An attribute's value (xmlFree it) or NULL. */
static char *prop(const xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* Raw text of every text descendant, entity references as written. */
static void collect_text(const xmlNode *n, struct strbuf *sb)
{
	for (n = n->children; n; n = n->next) {
		switch (n->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (n->content)
				sb_puts(sb, (const char *)n->content);
			break;
		case XML_ENTITY_REF_NODE:
			sb_printf(sb, "&%s;", n->name);
			break;
		case XML_ELEMENT_NODE:
			collect_text(n, sb);
			break;
		default:
			break;
		}
	}
}

/* Collapses whitespace runs to one space and trims both ends, in place. */
static void normalize_space(char *s)
{
	char *start = s, *w = s;
	bool space = false;

	for (; *s; s++) {
		if (is_xml_space(*s)) {
			space = w != start;
			continue;
		}
		if (space)
			*w++ = ' ';
		*w++ = *s;
		space = false;
	}
	*w = '\0';
}

/* Normalised text of an element, malloc'd. */
static char *element_text(const xmlNode *n)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	collect_text(n, &sb);
	s = sb_detach(&sb);   /* never NULL */
	normalize_space(s);
	return s;
}

/* ---- Per-topic state ---------------------------------------------------- */

struct topic {
	struct arena *ar;         /* the kb's: everything kept lands here */
	const char *file;
	struct diag_list *dl;
	struct dita_xrefs *xrefs;
	bool failed;
	unsigned owners;          /* element instances, for span ownership */
	const char **codes;
	size_t ncodes, codes_cap;
	xmlHashTablePtr code_set;
	const char **keywords;
	size_t nkeywords, keywords_cap;
	const struct kb_step **flat;
	size_t nflat, flat_cap;
};

static void tdiag(struct topic *t, enum diag_severity sev, const xmlNode *n,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void tdiag(struct topic *t, enum diag_severity sev, const xmlNode *n,
		  const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	diag_add(t->dl, sev, t->file, n ? line_of(n) : 0, "%s", sb_str(&sb));
	sb_free(&sb);
	if (sev == DIAG_ERROR)
		t->failed = true;
}

static void warn_unsupported(struct topic *t, const xmlNode *n)
{
	char *name = qname(n);

	tdiag(t, DIAG_WARNING, n, _("unsupported element <%s> (shown as plain text)"),
	      name);
	free(name);
}

static void warn_misplaced(struct topic *t, const xmlNode *n)
{
	char *name = qname(n);
	char *parent = n->parent && n->parent->type == XML_ELEMENT_NODE
		       ? qname(n->parent) : xstrdup("?");

	tdiag(t, DIAG_WARNING, n,
	      _("<%s> is not expected inside <%s> (shown as plain text)"),
	      name, parent);
	free(name);
	free(parent);
}

/* Warns about an element the context does not expect, whichever kind. */
static void warn_unexpected(struct topic *t, const xmlNode *n)
{
	if (el_of(n) == EL_UNKNOWN)
		warn_unsupported(t, n);
	else
		warn_misplaced(t, n);
}

static void warn_entity(struct topic *t, const xmlNode *n)
{
	tdiag(t, DIAG_WARNING, n,
	      _("entity reference &%s; is not expanded (shown as written)"),
	      n->name);
}

static void add_code(struct topic *t, const xmlNode *n)
{
	char *text = element_text(n);
	const char *code;

	if (*text && xmlHashLookup(t->code_set, (const xmlChar *)text) == NULL) {
		code = arena_strdup(t->ar, text);
		if (xmlHashAddEntry(t->code_set, (const xmlChar *)code, (void *)code) < 0)
			xalloc_die();
		t->codes = xgrow(t->codes, &t->codes_cap, t->ncodes + 1,
				 sizeof(*t->codes));
		t->codes[t->ncodes++] = code;
	}
	free(text);
}

/* ---- Inline runs ---------------------------------------------------------
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

static void run_free(struct run *r)
{
	run_clear(r);
	free(r->v);
	r->v = NULL;
	r->cap = 0;
}

/* Copies the run into the arena, records its internal xrefs, and clears it. */
static struct kb_text run_finish(struct topic *t, struct run *r)
{
	struct kb_text out = { NULL, 0 };
	struct kb_span *v;
	size_t i;

	if (r->n == 0) {
		run_clear(r);
		return out;
	}
	v = arena_alloc(t->ar, r->n * sizeof(*v));
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

static void inline_child(struct topic *t, const xmlNode *n, struct run *r,
			 enum kb_span_kind kind, unsigned owner);

static void inline_children(struct topic *t, const xmlNode *n, struct run *r,
			    enum kb_span_kind kind, unsigned owner)
{
	for (n = n->children; n; n = n->next)
		inline_child(t, n, r, kind, owner);
}

/* RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
static bool has_scheme(const char *href)
{
	const char *p = href;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return false;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

/* DITA's rule: @format, else the extension of the href's path. */
static bool is_dita_format(const char *format, const char *href)
{
	size_t plen = strcspn(href, "#?");
	const char *base, *dot;

	if (format)
		return strcasecmp(format, "dita") == 0;
	if (plen == 0)
		return true;
	base = href;
	for (dot = href; dot < href + plen; dot++)
		if (*dot == '/')
			base = dot + 1;
	dot = NULL;
	for (const char *p = base; p < href + plen; p++)
		if (*p == '.')
			dot = p;
	if (!dot)
		return true;
	return (href + plen - dot == 5 && strncasecmp(dot, ".dita", 5) == 0) ||
	       (href + plen - dot == 4 && strncasecmp(dot, ".xml", 4) == 0);
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
		tdiag(t, DIAG_WARNING, n, "%s", _("<xref> without href (shown as plain text)"));
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
	if (has_scheme(href) || (scope && strcmp(scope, "external") == 0) ||
	    !is_dita_format(format, href)) {
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
			inline_child(t, c, r, kind, owner);
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

static void inline_child(struct topic *t, const xmlNode *n, struct run *r,
			 enum kb_span_kind kind, unsigned owner)
{
	const struct el_info *e;

	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		run_text(r, kind, owner, (const char *)n->content, line_of(n));
		return;
	case XML_ENTITY_REF_NODE: {
		char *s = xasprintf("&%s;", n->name);

		warn_entity(t, n);
		run_text(r, kind, owner, s, line_of(n));
		free(s);
		return;
	}
	case XML_ELEMENT_NODE:
		break;
	default:
		return;   /* comments, processing instructions */
	}
	e = el_lookup(n);
	switch (e ? e->el : EL_UNKNOWN) {
	case EL_INLINE:
		if (e->span == KB_SPAN_MSGNUM)
			add_code(t, n);
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
		warn_unsupported(t, n);
		if (is_foreign_block(n))
			run_break(r);
		inline_children(t, n, r, kind, owner);
		if (is_foreign_block(n))
			run_break(r);
		return;
	default:
		warn_misplaced(t, n);
		run_break(r);
		inline_children(t, n, r, kind, owner);
		run_break(r);
		return;
	}
}

/* The inline content of n as text. */
static struct kb_text inline_text(struct topic *t, const xmlNode *n)
{
	struct run r = { 0 };
	struct kb_text out;

	inline_children(t, n, &r, KB_SPAN_TEXT, 0);
	out = run_finish(t, &r);
	run_free(&r);
	return out;
}

/* Plain text of an inline run, in the arena. */
static const char *plain_text(struct topic *t, const struct kb_text *text)
{
	char *s = kb_text_plain(text);
	const char *a = arena_strdup(t->ar, s);

	free(s);
	return a;
}

/* ---- Blocks ------------------------------------------------------------- */

struct bvec {
	struct kb_block *v;
	size_t n, cap;
};

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

static struct kb_blocks bvec_finish(struct topic *t, struct bvec *b)
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
	struct kb_text text;

	if (r->n == 0) {
		run_clear(r);
		return;
	}
	text = run_finish(t, r);
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

/* Appends the blocks inside container n to out. */
static void blocks_into(struct topic *t, const xmlNode *n, struct bvec *out)
{
	struct run r = { 0 };

	blocks_children(t, n, out, &r);
	flush(t, &r, out);
	run_free(&r);
}

static struct kb_blocks blocks_of(struct topic *t, const xmlNode *n)
{
	struct bvec b = { NULL, 0, 0 };

	blocks_into(t, n, &b);
	return bvec_finish(t, &b);
}

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
		struct kb_blocks item;

		if (c->type == XML_ELEMENT_NODE) {
			if (el_of(c) != EL_LI)
				warn_unexpected(t, c);
			item = blocks_of(t, c);
		} else if ((c->type == XML_TEXT_NODE ||
			    c->type == XML_CDATA_SECTION_NODE) && is_blank(c->content)) {
			continue;
		} else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE ||
			   c->type == XML_ENTITY_REF_NODE) {
			struct bvec b = { NULL, 0, 0 };
			struct run r = { 0 };

			block_child(t, c, &b, &r);
			flush(t, &r, &b);
			run_free(&r);
			item = bvec_finish(t, &b);
		} else {
			continue;
		}
		items = xgrow(items, &cap, nitems + 1, sizeof(*items));
		items[nitems++] = item;
	}
	blk = bvec_push(out, KB_BLOCK_LIST, line_of(n));
	blk->ordered = el_of(n) == EL_OL;
	blk->items = nitems ? arena_memdup(t->ar, items, nitems * sizeof(*items)) : NULL;
	blk->nitems = nitems;
	free(items);
}

/* Verbatim text of a code block; markup inside it is dropped. */
static void code_text(struct topic *t, const xmlNode *n, struct strbuf *sb)
{
	for (n = n->children; n; n = n->next) {
		switch (n->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (n->content)
				sb_puts(sb, (const char *)n->content);
			break;
		case XML_ENTITY_REF_NODE:
			warn_entity(t, n);
			sb_printf(sb, "&%s;", n->name);
			break;
		case XML_ELEMENT_NODE: {
			const struct el_info *e = el_lookup(n);

			if (!e)
				warn_unsupported(t, n);
			else if (e->span == KB_SPAN_MSGNUM)
				add_code(t, n);
			code_text(t, n, sb);
			break;
		}
		default:
			break;
		}
	}
}

static void block_code(struct topic *t, const xmlNode *n, struct bvec *out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	size_t len;

	code_text(t, n, &sb);
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

/* A cell from loose content (text, an unexpected element). */
static struct kb_text cell_of_node(struct topic *t, const xmlNode *n)
{
	struct run r = { 0 };
	struct kb_text out;

	inline_child(t, n, &r, KB_SPAN_TEXT, 0);
	out = run_finish(t, &r);
	run_free(&r);
	return out;
}

static void table_row(struct topic *t, const xmlNode *n, struct trow *row)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE && el_of(c) == EL_STENTRY)
			row_add(row, inline_text(t, c));
		else if (c->type == XML_ELEMENT_NODE) {
			warn_unexpected(t, c);
			row_add(row, inline_text(t, c));
		} else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			   && !is_blank(c->content))
			row_add(row, cell_of_node(t, c));
		else if (c->type == XML_ENTITY_REF_NODE)
			row_add(row, cell_of_node(t, c));
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
				warn_unexpected(t, c);
			table_row(t, c, &row);
		} else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			   && !is_blank(c->content)) {
			row_add(&row, cell_of_node(t, c));
		} else if (c->type == XML_ENTITY_REF_NODE) {
			row_add(&row, cell_of_node(t, c));
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
	cells = arena_alloc(t->ar, nrows * ncols * sizeof(*cells));
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
	struct run r = { 0 };
	struct kb_block *blk;
	struct kb_text alt;
	const xmlNode *c;
	char *href = prop(n, "href");

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && el_of(c) != EL_ALT)
			warn_unexpected(t, c);
	inline_image(t, n, &r, KB_SPAN_TEXT, 0);
	alt = run_finish(t, &r);
	run_free(&r);
	blk = bvec_push(out, KB_BLOCK_IMAGE, line_of(n));
	blk->text = alt;
	blk->href = href ? arena_strdup(t->ar, href) : NULL;
	xmlFree(href);
}

/* One child of a block container: text and inline markup gather into the
 * paragraph in r; block elements end it and append themselves to out. */
static void block_child(struct topic *t, const xmlNode *n, struct bvec *out,
			struct run *r)
{
	const struct el_info *e;

	if (n->type != XML_ELEMENT_NODE) {
		inline_child(t, n, r, KB_SPAN_TEXT, 0);
		return;
	}
	e = el_lookup(n);
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
		inline_child(t, n, r, KB_SPAN_TEXT, 0);
		return;
	case EL_UNKNOWN:
		warn_unsupported(t, n);
		if (!is_foreign_block(n)) {
			blocks_children(t, n, out, r);
			return;
		}
		break;
	default:
		warn_misplaced(t, n);
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

/* Content that a structural element does not expect: reported, then kept as
 * blocks in out so nothing is lost.  warn: also warn for elements that
 * block_child accepts silently (a <p> directly in a <remedy>, say). */
static void spill(struct topic *t, const xmlNode *n, struct bvec *out, bool warn)
{
	struct run r = { 0 };

	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (is_blank(n->content))
			return;
		if (warn) {
			char *parent = qname(n->parent);

			tdiag(t, DIAG_WARNING, n,
			      _("text directly inside <%s> (shown as plain text)"), parent);
			free(parent);
		}
		break;
	case XML_ENTITY_REF_NODE:
		break;
	case XML_ELEMENT_NODE:
		/* block_child itself warns about the others */
		if (warn && block_accepts(el_of(n)))
			warn_misplaced(t, n);
		break;
	default:
		return;
	}
	block_child(t, n, out, &r);
	flush(t, &r, out);
	run_free(&r);
}

/* ---- Structure ---------------------------------------------------------- */

/* Number of item elements inside the wrapper children of n. */
static size_t count_items(const xmlNode *n, enum el wrapper, enum el item)
{
	const xmlNode *c, *cc;
	size_t count = 0;

	for (c = n->children; c; c = c->next)
		if (el_of(c) == wrapper)
			for (cc = c->children; cc; cc = cc->next)
				count += el_of(cc) == item;
	return count;
}

static size_t count_children(const xmlNode *n, enum el item)
{
	const xmlNode *c;
	size_t count = 0;

	for (c = n->children; c; c = c->next)
		count += el_of(c) == item;
	return count;
}

static void push_flat(struct topic *t, struct kb_step *s)
{
	s->index = t->nflat;
	t->flat = xgrow(t->flat, &t->flat_cap, t->nflat + 1, sizeof(*t->flat));
	t->flat[t->nflat++] = s;
}

static void parse_step(struct topic *t, const xmlNode *n, struct kb_step *s,
		       bool sub)
{
	struct bvec info = { NULL, 0, 0 }, result = { NULL, 0, 0 };
	size_t nsub = sub ? 0 : count_items(n, EL_SUBSTEPS, EL_SUBSTEP);
	struct kb_step *subs = nsub ? arena_alloc(t->ar, nsub * sizeof(*subs)) : NULL;
	size_t isub = 0;
	bool have_cmd = false;
	const xmlNode *c, *cc;

	s->line = line_of(n);
	push_flat(t, s);   /* pre-order: before its substeps */
	for (c = n->children; c; c = c->next) {
		switch (c->type == XML_ELEMENT_NODE ? el_of(c) : EL_UNKNOWN) {
		case EL_CMD:
			if (have_cmd) {
				spill(t, c, &info, true);
				break;
			}
			s->cmd = inline_text(t, c);
			have_cmd = s->cmd.n > 0;
			break;
		case EL_INFO:
		case EL_STEPXMP:
			blocks_into(t, c, &info);
			break;
		case EL_NOTE:
			spill(t, c, &info, false);
			break;
		case EL_STEPRESULT:
			blocks_into(t, c, &result);
			break;
		case EL_SUBSTEPS:
			if (sub) {
				spill(t, c, &info, true);
				break;
			}
			for (cc = c->children; cc; cc = cc->next)
				if (el_of(cc) == EL_SUBSTEP)
					parse_step(t, cc, &subs[isub++], true);
				else
					spill(t, cc, &info, true);
			break;
		default:
			spill(t, c, &info, true);
			break;
		}
	}
	if (!have_cmd)
		tdiag(t, DIAG_ERROR, n, _("<%s> without <cmd>"), sub ? "substep" : "step");
	s->info = bvec_finish(t, &info);
	s->result = bvec_finish(t, &result);
	s->substeps = subs;
	s->nsubsteps = isub;
}

static void parse_remedy(struct topic *t, const xmlNode *n, struct kb_remedy *rm)
{
	struct bvec resp = { NULL, 0, 0 }, informal = { NULL, 0, 0 };
	size_t nsteps = count_items(n, EL_STEPS, EL_STEP) +
			count_items(n, EL_STEPS_UNORDERED, EL_STEP);
	struct kb_step *steps = nsteps ? arena_alloc(t->ar, nsteps * sizeof(*steps)) : NULL;
	size_t i = 0;
	const xmlNode *c, *cc;

	for (c = n->children; c; c = c->next) {
		enum el el = c->type == XML_ELEMENT_NODE ? el_of(c) : EL_UNKNOWN;

		switch (el) {
		case EL_TITLE:
			if (!rm->title) {
				struct kb_text title = inline_text(t, c);
				const char *plain = plain_text(t, &title);

				rm->title = *plain ? plain : NULL;
			} else {
				spill(t, c, &informal, true);
			}
			break;
		case EL_RESPONSIBLEPARTY:
			blocks_into(t, c, &resp);
			break;
		case EL_STEPS:
		case EL_STEPS_UNORDERED:
			if (el == EL_STEPS_UNORDERED)
				rm->unordered = true;
			for (cc = c->children; cc; cc = cc->next)
				if (el_of(cc) == EL_STEP)
					parse_step(t, cc, &steps[i++], false);
				else
					spill(t, cc, &informal, true);
			break;
		case EL_STEPS_INFORMAL:
			blocks_into(t, c, &informal);
			break;
		default:
			spill(t, c, &informal, true);
			break;
		}
	}
	rm->responsible = bvec_finish(t, &resp);
	rm->informal = bvec_finish(t, &informal);
	rm->steps = steps;
	rm->nsteps = i;
}

static void parse_solution(struct topic *t, const xmlNode *n,
			   struct kb_solution *so)
{
	struct bvec cause = { NULL, 0, 0 };
	size_t nrem = count_children(n, EL_REMEDY), i = 0;
	struct kb_remedy *rem = nrem ? arena_alloc(t->ar, nrem * sizeof(*rem)) : NULL;
	const xmlNode *c;

	so->line = line_of(n);
	for (c = n->children; c; c = c->next) {
		switch (c->type == XML_ELEMENT_NODE ? el_of(c) : EL_UNKNOWN) {
		case EL_CAUSE:
			blocks_into(t, c, &cause);
			break;
		case EL_REMEDY:
			parse_remedy(t, c, &rem[i++]);
			break;
		default:
			spill(t, c, &cause, true);
			break;
		}
	}
	so->cause = bvec_finish(t, &cause);
	so->remedies = rem;
	so->nremedies = i;
}

static void parse_body(struct topic *t, const xmlNode *n, struct kb_article *a,
		       struct bvec *condition)
{
	size_t nsol = count_children(n, EL_TROUBLESOLUTION), i = 0;
	struct kb_solution *sol = nsol ? arena_alloc(t->ar, nsol * sizeof(*sol)) : NULL;
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		switch (c->type == XML_ELEMENT_NODE ? el_of(c) : EL_UNKNOWN) {
		case EL_CONDITION:
			blocks_into(t, c, condition);
			break;
		case EL_TROUBLESOLUTION:
			parse_solution(t, c, &sol[i++]);
			break;
		default:
			spill(t, c, condition, true);
			break;
		}
	}
	a->solutions = sol;
	a->nsolutions = i;
}

/* Prolog content other than keywords is metadata we do not show. */
static void warn_ignored(struct topic *t, const xmlNode *n)
{
	char *name = qname(n);

	tdiag(t, DIAG_WARNING, n, _("unsupported element <%s> (ignored)"), name);
	free(name);
}

static void parse_prolog(struct topic *t, const xmlNode *n)
{
	const xmlNode *m, *k, *w;

	for (m = n->children; m; m = m->next) {
		if (m->type != XML_ELEMENT_NODE)
			continue;
		if (el_of(m) != EL_METADATA) {
			warn_ignored(t, m);
			continue;
		}
		for (k = m->children; k; k = k->next) {
			if (k->type != XML_ELEMENT_NODE)
				continue;
			if (el_of(k) != EL_KEYWORDS) {
				warn_ignored(t, k);
				continue;
			}
			for (w = k->children; w; w = w->next) {
				char *text;

				if (w->type != XML_ELEMENT_NODE)
					continue;
				if (el_of(w) != EL_KEYWORD) {
					warn_ignored(t, w);
					continue;
				}
				text = element_text(w);
				if (*text) {
					t->keywords = xgrow(t->keywords, &t->keywords_cap,
							    t->nkeywords + 1,
							    sizeof(*t->keywords));
					t->keywords[t->nkeywords++] = arena_strdup(t->ar, text);
				}
				free(text);
			}
		}
	}
}

static void parse_root(struct topic *t, const xmlNode *root, struct kb_article *a)
{
	struct bvec condition = { NULL, 0, 0 };
	const xmlNode *c, *title = NULL;
	bool have_body = false, have_shortdesc = false;

	for (c = root->children; c; c = c->next) {
		switch (c->type == XML_ELEMENT_NODE ? el_of(c) : EL_UNKNOWN) {
		case EL_TITLE:
			if (title) {
				spill(t, c, &condition, true);
				break;
			}
			title = c;
			a->title_text = inline_text(t, c);
			a->title = plain_text(t, &a->title_text);
			break;
		case EL_SHORTDESC:
			if (have_shortdesc) {
				spill(t, c, &condition, true);
				break;
			}
			{
				struct kb_text sd = inline_text(t, c);

				a->shortdesc = plain_text(t, &sd);
				have_shortdesc = true;
			}
			break;
		case EL_PROLOG:
			parse_prolog(t, c);
			break;
		case EL_TROUBLEBODY:
			if (have_body) {
				spill(t, c, &condition, true);
				break;
			}
			parse_body(t, c, a, &condition);
			have_body = true;
			break;
		default:
			spill(t, c, &condition, true);
			break;
		}
	}
	if (!title)
		tdiag(t, DIAG_ERROR, root, "%s", _("<troubleshooting> without <title>"));
	else if (!*a->title)
		tdiag(t, DIAG_ERROR, title, "%s", _("empty <title>"));
	a->condition = bvec_finish(t, &condition);
}

struct kb_article *dita_parse_topic(struct kb *kb, const char *file,
				    const char *buf, size_t len,
				    struct dita_xrefs *xrefs,
				    struct diag_list *dl)
{
	struct topic t;
	struct kb_article *a = NULL;
	xmlDocPtr doc;
	xmlNodePtr root;
	size_t xrefs_start = xrefs->n;
	char *id = NULL;

	doc = read_xml(file, buf, len, dl);
	if (!doc)
		return NULL;
	memset(&t, 0, sizeof(t));
	t.ar = &kb->arena;
	t.file = file;
	t.dl = dl;
	t.xrefs = xrefs;
	root = xmlDocGetRootElement(doc);
	if (!root) {
		diag_add(dl, DIAG_ERROR, file, 0, "%s", _("no root element"));
		xmlFreeDoc(doc);
		return NULL;
	}
	if (el_of(root) != EL_TROUBLESHOOTING) {
		char *name = qname(root);

		tdiag(&t, DIAG_ERROR, root,
		      _("root element is <%s>, not <troubleshooting>"), name);
		free(name);
		xmlFreeDoc(doc);
		return NULL;
	}
	t.code_set = xmlHashCreate(16);
	if (!t.code_set)
		xalloc_die();

	a = kb_article_alloc(kb);
	a->file = arena_strdup(t.ar, file);
	a->line = line_of(root);
	a->shortdesc = "";
	a->title = "";
	id = prop(root, "id");
	if (!id || is_blank((const xmlChar *)id))
		tdiag(&t, DIAG_ERROR, root, "%s", _("<troubleshooting> without id"));
	else
		a->id = arena_strdup(t.ar, id);
	xmlFree(id);

	parse_root(&t, root, a);

	a->keywords = t.nkeywords
		? arena_memdup(t.ar, t.keywords, t.nkeywords * sizeof(*t.keywords)) : NULL;
	a->nkeywords = t.nkeywords;
	a->codes = t.ncodes
		? arena_memdup(t.ar, t.codes, t.ncodes * sizeof(*t.codes)) : NULL;
	a->ncodes = t.ncodes;
	a->steps = t.nflat
		? arena_memdup(t.ar, t.flat, t.nflat * sizeof(*t.flat)) : NULL;
	a->nsteps = t.nflat;

	free(t.keywords);
	free(t.codes);
	free(t.flat);
	xmlHashFree(t.code_set, NULL);
	xmlFreeDoc(doc);
	if (t.failed) {
		/* the article's memory stays in the arena, unreachable */
		dita_xrefs_truncate(xrefs, xrefs_start);
		return NULL;
	}
	return a;
}

/* ---- Maps --------------------------------------------------------------- */

struct mapctx {
	const char *file;
	struct diag_list *dl;
	struct dita_map *map;
	size_t ungrouped;   /* index + 1 of the DITA_UNGROUPED_HEAD head, or 0 */
};

static size_t map_add_head(struct dita_map *map, const char *navtitle,
			   unsigned line)
{
	struct dita_topichead *h;

	map->heads = xgrow(map->heads, &map->heads_cap, map->nheads + 1,
			   sizeof(*map->heads));
	h = &map->heads[map->nheads];
	memset(h, 0, sizeof(*h));
	h->navtitle = xstrdup(navtitle);
	h->line = line;
	return map->nheads++;
}

static size_t map_ungrouped(struct mapctx *mc)
{
	if (!mc->ungrouped)
		mc->ungrouped = map_add_head(mc->map, DITA_UNGROUPED_HEAD, 0) + 1;
	return mc->ungrouped - 1;
}

/* navtitle attribute, else topicmeta/navtitle; NULL when neither has text. */
static char *head_navtitle(const xmlNode *n)
{
	char *attr = prop(n, "navtitle");
	const xmlNode *m, *nt;

	if (attr) {
		char *s = xstrdup(attr);

		xmlFree(attr);
		normalize_space(s);
		if (*s)
			return s;
		free(s);
	}
	for (m = n->children; m; m = m->next)
		if (is_named(m, "topicmeta"))
			for (nt = m->children; nt; nt = nt->next)
				if (is_named(nt, "navtitle")) {
					char *s = element_text(nt);

					if (*s)
						return s;
					free(s);
				}
	return NULL;
}

static void map_children(struct mapctx *mc, const xmlNode *n, long head);

static void map_topicref(struct mapctx *mc, const xmlNode *n, long head)
{
	char *href = prop(n, "href");
	char *format = prop(n, "format");
	char *scope = prop(n, "scope");

	if (head < 0) {
		diag_add(mc->dl, DIAG_WARNING, mc->file, line_of(n),
			 _("<topicref> outside any <topichead>: listed under \"%s\""),
			 DITA_UNGROUPED_HEAD);
		head = (long)map_ungrouped(mc);
	}
	if (!href || is_blank((const xmlChar *)href)) {
		diag_add(mc->dl, DIAG_ERROR, mc->file, line_of(n), "%s",
			 _("<topicref> without href"));
	} else if (has_scheme(href) || (scope && strcmp(scope, "external") == 0) ||
		   !is_dita_format(format, href)) {
		diag_add(mc->dl, DIAG_WARNING, mc->file, line_of(n),
			 _("<topicref> to '%s' is not a DITA topic (ignored)"), href);
	} else {
		struct dita_topichead *h = &mc->map->heads[head];

		h->refs = xgrow(h->refs, &h->refs_cap, h->nrefs + 1, sizeof(*h->refs));
		h->refs[h->nrefs].href = xstrdup(href);
		h->refs[h->nrefs].line = line_of(n);
		h->nrefs++;
	}
	xmlFree(href);
	xmlFree(format);
	xmlFree(scope);
	map_children(mc, n, head);   /* nested topicrefs: same head */
}

static void map_children(struct mapctx *mc, const xmlNode *n, long head)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_named(c, "topicref")) {
			map_topicref(mc, c, head);
		} else if (is_named(c, "topichead")) {
			char *navtitle = head_navtitle(c);
			size_t h;

			if (navtitle) {
				h = map_add_head(mc->map, navtitle, line_of(c));
			} else {
				diag_add(mc->dl, DIAG_ERROR, mc->file, line_of(c),
					 _("<topichead> without navtitle: its topics are listed under \"%s\""),
					 DITA_UNGROUPED_HEAD);
				h = map_ungrouped(mc);
			}
			free(navtitle);
			map_children(mc, c, (long)h);
		} else if (is_named(c, "title") && c->parent->parent &&
			   c->parent->parent->type == XML_DOCUMENT_NODE) {
			if (!mc->map->title)
				mc->map->title = element_text(c);
		} else if (is_named(c, "topicmeta")) {
			continue;   /* navtitle is read by head_navtitle */
		} else {
			char *name = qname(c);

			diag_add(mc->dl, DIAG_WARNING, mc->file, line_of(c),
				 _("unsupported element <%s> (ignored)"), name);
			free(name);
		}
	}
}

int dita_parse_map(const char *file, const char *buf, size_t len,
		   struct dita_map *map, struct diag_list *dl)
{
	struct mapctx mc = { file, dl, map, 0 };
	xmlDocPtr doc;
	xmlNodePtr root;

	memset(map, 0, sizeof(*map));
	doc = read_xml(file, buf, len, dl);
	if (!doc)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (!root || !is_named(root, "map")) {
		char *name = root ? qname(root) : xstrdup("");

		diag_add(dl, DIAG_ERROR, file, root ? line_of(root) : 0,
			 _("root element is <%s>, not <map>"), name);
		free(name);
		xmlFreeDoc(doc);
		return -1;
	}
	map_children(&mc, root, -1);
	xmlFreeDoc(doc);
	return 0;
}

void dita_map_free(struct dita_map *map)
{
	size_t i, j;

	for (i = 0; i < map->nheads; i++) {
		for (j = 0; j < map->heads[i].nrefs; j++)
			free(map->heads[i].refs[j].href);
		free(map->heads[i].refs);
		free(map->heads[i].navtitle);
	}
	free(map->heads);
	free(map->title);
	memset(map, 0, sizeof(*map));
}

void dita_xrefs_truncate(struct dita_xrefs *x, size_t n)
{
	while (x->n > n) {
		x->n--;
		free(x->v[x->n].href);
		free(x->v[x->n].file);
	}
}

void dita_xrefs_free(struct dita_xrefs *x)
{
	dita_xrefs_truncate(x, 0);
	free(x->v);
	x->v = NULL;
	x->cap = 0;
}
