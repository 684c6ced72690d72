/* SPDX-License-Identifier: MIT */
/* dita_diag.c: what the DITA loader's parts report about a topic and
 * record on the way -- diagnostics at an element's line (an error makes
 * the topic unusable), the usual warnings about unsupported, misplaced
 * and unexpanded content and about control characters in text, and what
 * is recorded on the way: the error codes (<msgnum>) and the images an
 * article refers to.
 *
 * A file of its own so that dita_xml.c, dita_inline.c and dita_block.c
 * can report without calling back into dita.c, which calls them. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "dita_impl.h"
#include "i18n.h"
#include "sanitize.h"
#include "strbuf.h"
#include "xalloc.h"

void dita_diag(struct topic *t, enum diag_severity sev, const xmlNode *n,
	       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(t->dl, sev, t->file, n ? line_of(n) : 0, fmt, ap);
	va_end(ap);
	if (sev == DIAG_ERROR)
		t->failed = true;
}

void dita_warn_unsupported(struct topic *t, const xmlNode *n)
{
	char *name = dita_qname(n);

	dita_diag(t, DIAG_WARNING, n, _("unsupported element <%s> (shown as plain text)"),
		  name);
	free(name);
}

void dita_warn_misplaced(struct topic *t, const xmlNode *n)
{
	char *name = dita_qname(n);
	char *parent = n->parent && n->parent->type == XML_ELEMENT_NODE
		       ? dita_qname(n->parent) : xstrdup("?");

	dita_diag(t, DIAG_WARNING, n,
		  _("<%s> is not expected inside <%s> (shown as plain text)"),
		  name, parent);
	free(name);
	free(parent);
}

void dita_warn_unexpected(struct topic *t, const xmlNode *n)
{
	if (el_of(n) == EL_UNKNOWN)
		dita_warn_unsupported(t, n);
	else
		dita_warn_misplaced(t, n);
}

void dita_warn_entity(struct topic *t, const xmlNode *n)
{
	dita_diag(t, DIAG_WARNING, n,
		  _("entity reference &%s; is not expanded (shown as written)"),
		  n->name);
}

void dita_check_text(struct topic *t, const xmlNode *n)
{
	const char *s = (const char *)n->content;
	size_t at;
	uint32_t cp;

	if (s && sanitize_find(s, strlen(s), &at, &cp))
		dita_diag(t, DIAG_WARNING, n,
			  _("control or bidirectional character U+%04X in the text "
			    "(shown as a replacement, never sent to the terminal)"),
			  (unsigned)cp);
}

void dita_add_image(struct topic *t, const xmlNode *n)
{
	char *href = prop(n, "href");

	/* a URL (a scheme before any '/') is not the pack's to hold */
	if (href && !is_blank((const xmlChar *)href) &&
	    !(strchr(href, ':') && strchr(href, ':') < strchr(href, '/')) &&
	    !(strchr(href, ':') && !strchr(href, '/'))) {
		struct dita_xref *x;

		t->xrefs->v = xgrow(t->xrefs->v, &t->xrefs->cap, t->xrefs->n + 1,
				    sizeof(*t->xrefs->v));
		x = &t->xrefs->v[t->xrefs->n++];
		memset(x, 0, sizeof(*x));
		x->href = xstrdup(href);
		x->file = xstrdup(t->file);
		x->line = line_of(n);
		x->image = true;
	}
	xmlFree(href);
}

void dita_add_code(struct topic *t, const xmlNode *n)
{
	char *text = dita_element_text(n);
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

/* What dita_collect_text meets besides text. */
static void seen_in_text(void *ctx, const xmlNode *n)
{
	struct topic *t = ctx;
	const struct el_info *e;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		dita_check_text(t, n);
		return;
	}
	if (n->type == XML_ENTITY_REF_NODE) {
		dita_warn_entity(t, n);
		return;
	}
	e = dita_el_lookup(n);
	if (!e)
		dita_warn_unsupported(t, n);
	else if (e->span == KB_SPAN_MSGNUM && t->own_codes)
		dita_add_code(t, n);
}

void dita_collect_text(struct topic *t, const xmlNode *n, struct strbuf *sb)
{
	dita_gather_text(n, sb, seen_in_text, t);
}
