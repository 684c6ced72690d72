/* SPDX-License-Identifier: MIT */
/* dita_xml.c: libxml2 for the DITA loader -- parsing with libxml2's errors
 * captured as diagnostics (with line numbers that stay right past 65535),
 * the supported element subset (doc/content.md) and the text and href
 * helpers that topics and maps share. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "dita_impl.h"
#include "sanitize.h"
#include "i18n.h"
#include "xalloc.h"

/* Safe for untrusted files: no network, and (by leaving out NOENT, DTDLOAD,
 * DTDATTR and DTDVALID) no entity substitution and no DTD.  BIG_LINES keeps
 * line numbers right past 65535.  The internal subset (declarations in the
 * DOCTYPE's [...]) needs more: libxml2 applies its attribute defaults
 * whatever the options, and reading an attribute expands its entity
 * references (one 10,000-character entity used 10,000 times in an id took
 * 20 s and 200 MB), so a file that declares anything is refused. */
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES)

/* ---- XML parsing with captured errors ----------------------------------- */

struct xml_error {
	int level, code, line;
	char *msg;
};

struct xml_errors {
	struct xml_error *v;
	size_t n, cap;
	/* the first declaration of an internal subset, which stops the parse */
	char *decl;
	int decl_line;
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
	char *nl;

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
	/* A diagnostic is one line; some messages (invalid UTF-8: "...
	 * encoding !\nBytes: 0xFF ...") have a second. */
	for (nl = x->msg; (nl = strchr(nl, '\n')) != NULL;)
		*nl = ' ';
}

/* Deeper than this no DITA topic goes (libxml2's own limit is 256, with
 * a message about an option no user can set); the loader's walks over
 * the tree recurse, so the file is refused. */
#define MAX_DEPTH 100

/* libxml2 keeps an element's line in 16 bits (BIG_LINES only helps text
 * nodes), so past line 65535 the real line is kept in the element's psvi,
 * which nothing else uses without schema validation.  Too deep a nesting
 * stops the parse here (an error of code XML_ERR_USER_STOP). */
static void start_element(void *ctx, const xmlChar *localname,
			  const xmlChar *prefix, const xmlChar *uri,
			  int nb_namespaces, const xmlChar **namespaces,
			  int nb_attributes, int nb_defaulted,
			  const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;

	if (ctxt->nameNr > MAX_DEPTH) {
		struct xml_errors *xe = ctxt->_private;
		struct xml_error *x;

		xe->v = xgrow(xe->v, &xe->cap, xe->n + 1, sizeof(*xe->v));
		x = &xe->v[xe->n++];
		x->level = XML_ERR_FATAL;
		x->code = XML_ERR_USER_STOP;
		x->line = ctxt->input ? ctxt->input->line : 0;
		x->msg = xasprintf(_("elements nested more than %d deep (file refused)"),
				   MAX_DEPTH);
		ctxt->wellFormed = 0;
		xmlStopParser(ctxt);
		return;
	}
	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces,
			      namespaces, nb_attributes, nb_defaulted, attributes);
	if (ctxt->node && ctxt->input && ctxt->input->line >= USHRT_MAX)
		ctxt->node->psvi = (void *)(uintptr_t)ctxt->input->line;
}

/* A DOCTYPE naming a DTD by URL or by a path outside the pack: nothing
 * reads it (no DTD is ever loaded, no network used), but a file that asks
 * for one deserves a word. */
static void check_doctype(const char *file, xmlDocPtr doc, struct diag_list *dl)
{
	const char *sys = doc->intSubset && doc->intSubset->SystemID
		? (const char *)doc->intSubset->SystemID : NULL;
	size_t scheme = sys ? strcspn(sys, ":/") : 0;

	if (!sys)
		return;
	if (sys[0] == '/' || sys[scheme] == ':' || strncmp(sys, "../", 3) == 0 ||
	    strstr(sys, "/../")) {
		/* the identifier may hold a newline: a diagnostic is one line */
		char *shown = sanitize_dup(sys, 0);

		diag_add(dl, DIAG_WARNING, file, 0,
			 _("the DOCTYPE refers to the DTD '%s' outside the pack: "
			   "ignored (no DTD or entity is ever fetched or read)"), shown);
		free(shown);
	}
}

/* A declaration in the internal subset: noted, never acted on, and the
 * parse stopped there. */
static void refuse_decl(void *ctx, const char *kind, const xmlChar *name)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct xml_errors *xe = ctxt->_private;

	if (!xe->decl) {
		xe->decl = xasprintf("<!%s %s>", kind, name ? (const char *)name : "");
		xe->decl_line = ctxt->input ? ctxt->input->line : 0;
	}
	xmlStopParser(ctxt);
}

static void entity_decl(void *ctx, const xmlChar *name, int type,
			const xmlChar *public_id, const xmlChar *system_id,
			xmlChar *content)
{
	(void)public_id;
	(void)system_id;
	(void)content;
	refuse_decl(ctx, type == XML_INTERNAL_PARAMETER_ENTITY ||
			 type == XML_EXTERNAL_PARAMETER_ENTITY ? "ENTITY %" : "ENTITY",
		    name);
}

static void unparsed_entity_decl(void *ctx, const xmlChar *name,
				 const xmlChar *public_id, const xmlChar *system_id,
				 const xmlChar *notation)
{
	(void)public_id;
	(void)system_id;
	(void)notation;
	refuse_decl(ctx, "ENTITY", name);
}

static void attribute_decl(void *ctx, const xmlChar *elem, const xmlChar *name,
			   int type, int def, const xmlChar *default_value,
			   xmlEnumerationPtr tree)
{
	(void)name;
	(void)type;
	(void)def;
	(void)default_value;
	xmlFreeEnumeration(tree);   /* the handler owns it */
	refuse_decl(ctx, "ATTLIST", elem);
}

static void element_decl(void *ctx, const xmlChar *name, int type,
			 xmlElementContentPtr content)
{
	(void)type;
	(void)content;
	refuse_decl(ctx, "ELEMENT", name);
}

static void notation_decl(void *ctx, const xmlChar *name,
			  const xmlChar *public_id, const xmlChar *system_id)
{
	(void)public_id;
	(void)system_id;
	refuse_decl(ctx, "NOTATION", name);
}

xmlDocPtr dita_read_xml(const char *file, const char *buf, size_t len,
			struct diag_list *dl)
{
	struct xml_errors xe = { NULL, 0, 0, NULL, 0 };
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
	ctxt->sax->entityDecl = entity_decl;
	ctxt->sax->unparsedEntityDecl = unparsed_entity_decl;
	ctxt->sax->attributeDecl = attribute_decl;
	ctxt->sax->elementDecl = element_decl;
	ctxt->sax->notationDecl = notation_decl;
	xmlSetStructuredErrorFunc(ctxt, capture_error);
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, file, NULL, PARSE_OPTIONS);
	xmlSetStructuredErrorFunc(old_ctx, old_fn);

	if (xe.decl) {
		diag_add(dl, DIAG_ERROR, file, (unsigned)xe.decl_line,
			 _("the DOCTYPE declares %s: declarations of its own are "
			   "not supported (DITA content needs none), file refused"),
			 xe.decl);
		xmlFreeDoc(doc);
		doc = NULL;
	} else if (!doc || !ctxt->wellFormed) {
		const struct xml_error *first = NULL;

		for (i = 0; i < xe.n && !first; i++)
			if (xe.v[i].level >= XML_ERR_ERROR)
				first = &xe.v[i];
		if (first && first->code == XML_ERR_USER_STOP)
			diag_add(dl, DIAG_ERROR, file, (unsigned)first->line,
				 "%s", first->msg);
		else if (first)
			diag_add(dl, DIAG_ERROR, file, (unsigned)first->line,
				 _("malformed XML: %s"), first->msg);
		else
			diag_add(dl, DIAG_ERROR, file, 0, "%s",
				 _("malformed XML"));
		xmlFreeDoc(doc);
		doc = NULL;
	} else {
		check_doctype(file, doc, dl);
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
	free(xe.decl);
	xmlFreeParserCtxt(ctxt);
	return doc;
}

/* ---- The element subset ------------------------------------------------- */

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
	{ "critdates",        EL_CRITDATES,        -1 },
	{ "filepath",         EL_INLINE,           KB_SPAN_CODE },
	{ "i",                EL_INLINE,           KB_SPAN_EMPH },
	{ "image",            EL_IMAGE,            -1 },
	{ "info",             EL_INFO,             -1 },
	{ "keyword",          EL_KEYWORD,          -1 },
	{ "keywords",         EL_KEYWORDS,         -1 },
	{ "li",               EL_LI,               -1 },
	{ "link",             EL_XREF,             -1 },
	{ "linktext",         EL_PH,               -1 },
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
	{ "related-links",    EL_RELATED_LINKS,    -1 },
	{ "remedy",           EL_REMEDY,           -1 },
	{ "responsibleParty", EL_RESPONSIBLEPARTY, -1 },
	{ "shortdesc",        EL_SHORTDESC,        -1 },
	{ "simpletable",      EL_SIMPLETABLE,      -1 },
	{ "source",           EL_SOURCE,           -1 },
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

const struct el_info *dita_el_lookup(const xmlNode *n)
{
	if (n->type != XML_ELEMENT_NODE || n->ns)
		return NULL;
	return bsearch(n->name, elements, sizeof(elements) / sizeof(elements[0]),
		       sizeof(elements[0]), cmp_el);
}

bool dita_is_foreign_block(const xmlNode *n)
{
	return !n->ns && bsearch(n->name, foreign_blocks,
				 sizeof(foreign_blocks) / sizeof(foreign_blocks[0]),
				 sizeof(foreign_blocks[0]), cmp_name);
}

char *dita_qname(const xmlNode *n)
{
	if (n->ns && n->ns->prefix)
		return xasprintf("%s:%s", n->ns->prefix, n->name);
	return xstrdup((const char *)n->name);
}

/* ---- Attribute values ------------------------------------------------------ */

bool dita_is_date(const char *s)
{
	int i;

	for (i = 0; s[i]; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			break;
	return i == 10 && !s[i];
}

/* ---- Text ------------------------------------------------------------------ */

void dita_gather_text(const xmlNode *n, struct strbuf *sb,
		      void (*seen)(void *ctx, const xmlNode *n), void *ctx)
{
	for (n = n->children; n; n = n->next) {
		switch (n->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (seen)
				seen(ctx, n);
			if (n->content)
				sb_puts(sb, (const char *)n->content);
			break;
		case XML_ENTITY_REF_NODE:
			if (seen)
				seen(ctx, n);
			sb_printf(sb, "&%s;", n->name);
			break;
		case XML_ELEMENT_NODE:
			if (seen)
				seen(ctx, n);
			dita_gather_text(n, sb, seen, ctx);
			break;
		default:
			break;
		}
	}
}

void dita_normalize_space(char *s)
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

char *dita_element_text(const xmlNode *n)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	dita_gather_text(n, &sb, NULL, NULL);
	s = sb_detach(&sb);   /* never NULL */
	dita_normalize_space(s);
	return s;
}

/* ---- References ------------------------------------------------------------ */

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

bool dita_href_external(const char *href, const char *scope, const char *format)
{
	return has_scheme(href) || (scope && strcmp(scope, "external") == 0) ||
	       !is_dita_format(format, href);
}
