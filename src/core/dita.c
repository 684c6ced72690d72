/* SPDX-License-Identifier: MIT */
/* dita.c: libxml2 -> content model for DITA 1.3 troubleshooting topics:
 * the topic's structure (title, short description, prolog keywords,
 * condition, solutions with causes, remedies and steps), the flat step
 * list and the error codes (diagnostics: dita_diag.c).
 *
 * Owns the entry point dita_parse_topic; the other dita_*.c files hold its
 * parts (see dita_impl.h) and dita_map.c the map.  Every string is copied
 * into the kb's arena and each xmlDoc is freed before returning (ownership
 * as described in kb.h).  Resolving cross-references between files is
 * pack.c's job; this module only records them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "dita.h"
#include "dita_impl.h"
#include "sanitize.h"
#include "i18n.h"
#include "strbuf.h"
#include "xalloc.h"

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
		       bool sub);

/* The <step>s of a <steps> (<substep>s of a <substeps> when sub) into
 * steps[i...]; anything else in the list goes to other.  Returns the new
 * count. */
static size_t parse_step_list(struct topic *t, const xmlNode *list, bool sub,
			      struct kb_step *steps, size_t i, struct bvec *other)
{
	const xmlNode *c;

	for (c = list->children; c; c = c->next)
		if (el_of(c) == (sub ? EL_SUBSTEP : EL_STEP))
			parse_step(t, c, &steps[i++], sub);
		else
			dita_spill(t, c, other, true);
	return i;
}

static void parse_step(struct topic *t, const xmlNode *n, struct kb_step *s,
		       bool sub)
{
	struct bvec info = { NULL, 0, 0 }, result = { NULL, 0, 0 };
	size_t nsub = sub ? 0 : count_items(n, EL_SUBSTEPS, EL_SUBSTEP);
	struct kb_step *subs = nsub ? arena_alloc_array(t->ar, nsub, sizeof(*subs)) : NULL;
	size_t isub = 0;
	bool have_cmd = false;
	const xmlNode *c;

	s->line = line_of(n);
	push_flat(t, s);   /* pre-order: before its substeps */
	for (c = n->children; c; c = c->next) {
		switch (c->type == XML_ELEMENT_NODE ? el_of(c) : EL_UNKNOWN) {
		case EL_CMD:
			if (have_cmd) {
				dita_spill(t, c, &info, true);
				break;
			}
			s->cmd = dita_inline_text(t, c);
			have_cmd = s->cmd.n > 0;
			break;
		case EL_INFO:
		case EL_STEPXMP:
			dita_blocks_into(t, c, &info);
			break;
		case EL_NOTE:
			dita_spill(t, c, &info, false);
			break;
		case EL_STEPRESULT:
			dita_blocks_into(t, c, &result);
			break;
		case EL_SUBSTEPS:
			if (sub) {
				dita_spill(t, c, &info, true);
				break;
			}
			isub = parse_step_list(t, c, true, subs, isub, &info);
			break;
		default:
			dita_spill(t, c, &info, true);
			break;
		}
	}
	if (!have_cmd)
		dita_diag(t, DIAG_ERROR, n, _("<%s> without <cmd>"), sub ? "substep" : "step");
	s->info = dita_bvec_finish(t, &info);
	s->result = dita_bvec_finish(t, &result);
	s->substeps = subs;
	s->nsubsteps = isub;
}

static void parse_remedy(struct topic *t, const xmlNode *n, struct kb_remedy *rm)
{
	struct bvec resp = { NULL, 0, 0 }, informal = { NULL, 0, 0 };
	size_t nsteps = count_items(n, EL_STEPS, EL_STEP) +
			count_items(n, EL_STEPS_UNORDERED, EL_STEP);
	struct kb_step *steps = nsteps ? arena_alloc_array(t->ar, nsteps, sizeof(*steps)) : NULL;
	size_t i = 0;
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		enum el el = c->type == XML_ELEMENT_NODE ? el_of(c) : EL_UNKNOWN;

		switch (el) {
		case EL_TITLE:
			if (!rm->title) {
				struct kb_text title = dita_inline_text(t, c);
				const char *plain = dita_plain_text(t, &title);

				rm->title = *plain ? plain : NULL;
			} else {
				dita_spill(t, c, &informal, true);
			}
			break;
		case EL_RESPONSIBLEPARTY:
			dita_blocks_into(t, c, &resp);
			break;
		case EL_STEPS:
		case EL_STEPS_UNORDERED:
			if (el == EL_STEPS_UNORDERED)
				rm->unordered = true;
			i = parse_step_list(t, c, false, steps, i, &informal);
			break;
		case EL_STEPS_INFORMAL:
			dita_blocks_into(t, c, &informal);
			break;
		default:
			dita_spill(t, c, &informal, true);
			break;
		}
	}
	rm->responsible = dita_bvec_finish(t, &resp);
	rm->informal = dita_bvec_finish(t, &informal);
	rm->steps = steps;
	rm->nsteps = i;
}

static void parse_solution(struct topic *t, const xmlNode *n,
			   struct kb_solution *so)
{
	struct bvec cause = { NULL, 0, 0 };
	size_t nrem = count_children(n, EL_REMEDY), i = 0;
	struct kb_remedy *rem = nrem ? arena_alloc_array(t->ar, nrem, sizeof(*rem)) : NULL;
	const xmlNode *c;

	so->line = line_of(n);
	for (c = n->children; c; c = c->next) {
		switch (c->type == XML_ELEMENT_NODE ? el_of(c) : EL_UNKNOWN) {
		case EL_CAUSE:
			dita_blocks_into(t, c, &cause);
			break;
		case EL_REMEDY:
			parse_remedy(t, c, &rem[i++]);
			break;
		default:
			dita_spill(t, c, &cause, true);
			break;
		}
	}
	so->cause = dita_bvec_finish(t, &cause);
	so->remedies = rem;
	so->nremedies = i;
}

static void parse_body(struct topic *t, const xmlNode *n, struct kb_article *a,
		       struct bvec *condition)
{
	size_t nsol = count_children(n, EL_TROUBLESOLUTION), i = 0;
	struct kb_solution *sol = nsol ? arena_alloc_array(t->ar, nsol, sizeof(*sol)) : NULL;
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		switch (c->type == XML_ELEMENT_NODE ? el_of(c) : EL_UNKNOWN) {
		case EL_CONDITION:
			t->own_codes = true;
			dita_blocks_into(t, c, condition);
			t->own_codes = false;
			break;
		case EL_TROUBLESOLUTION:
			parse_solution(t, c, &sol[i++]);
			break;
		default:
			dita_spill(t, c, condition, true);
			break;
		}
	}
	a->solutions = sol;
	a->nsolutions = i;
}

/* Prolog content we neither show nor use. */
static void warn_ignored(struct topic *t, const xmlNode *n)
{
	char *name = dita_qname(n);

	dita_diag(t, DIAG_WARNING, n, _("unsupported element <%s> (ignored)"), name);
	free(name);
}

/* A date attribute that must be YYYY-MM-DD (what --show prints); else a
 * warning and NULL. */
static const char *date_attr(struct topic *t, const xmlNode *n, const char *attr)
{
	char *v = prop(n, attr);
	const char *out = NULL;

	if (!v)
		return NULL;
	if (dita_is_date(v))
		out = arena_strdup(t->ar, v);
	else
		dita_diag(t, DIAG_WARNING, n,
			  _("%s=\"%s\" is not a date of the form YYYY-MM-DD (ignored)"),
			  attr, v);
	xmlFree(v);
	return out;
}

/* <source href="URL">title</source>: the article this one rests on. */
static void parse_source(struct topic *t, const xmlNode *n, struct kb_article *a)
{
	char *href = prop(n, "href"), *text = dita_element_text(n);

	if (href && !is_blank((const xmlChar *)href))
		a->source_href = arena_strdup(t->ar, href);
	if (*text)
		a->source_title = arena_strdup(t->ar, text);
	if (!a->source_href && !a->source_title)
		dita_diag(t, DIAG_WARNING, n, "%s", _("empty <source> (ignored)"));
	xmlFree(href);
	free(text);
}

/* critdates/created/@date is the source's date, revised/@modified the day
 * the article was last checked against it (the latest revision wins). */
static void parse_critdates(struct topic *t, const xmlNode *n, struct kb_article *a)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		const char *d;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_named(c, "created")) {
			if ((d = date_attr(t, c, "date")))
				a->source_date = d;
		} else if (is_named(c, "revised")) {
			d = date_attr(t, c, "modified");
			if (d && (!a->checked_date || strcmp(d, a->checked_date) > 0))
				a->checked_date = d;
		} else {
			warn_ignored(t, c);
		}
	}
}

static void parse_keywords(struct topic *t, const xmlNode *k)
{
	const xmlNode *w;

	for (w = k->children; w; w = w->next) {
		char *text;

		if (w->type != XML_ELEMENT_NODE)
			continue;
		if (el_of(w) != EL_KEYWORD) {
			warn_ignored(t, w);
			continue;
		}
		text = dita_element_text(w);
		if (*text) {
			t->keywords = xgrow(t->keywords, &t->keywords_cap,
					    t->nkeywords + 1, sizeof(*t->keywords));
			t->keywords[t->nkeywords++] = arena_strdup(t->ar, text);
		}
		free(text);
	}
}

static void parse_prolog(struct topic *t, const xmlNode *n, struct kb_article *a)
{
	const xmlNode *m, *k;

	for (m = n->children; m; m = m->next) {
		if (m->type != XML_ELEMENT_NODE)
			continue;
		switch (el_of(m)) {
		case EL_SOURCE:
			parse_source(t, m, a);
			continue;
		case EL_CRITDATES:
			parse_critdates(t, m, a);
			continue;
		case EL_METADATA:
			break;
		default:
			warn_ignored(t, m);
			continue;
		}
		for (k = m->children; k; k = k->next) {
			if (k->type != XML_ELEMENT_NODE)
				continue;
			if (el_of(k) == EL_KEYWORDS)
				parse_keywords(t, k);
			/* <data> and <othermeta> hold metadata for other
			 * tools (an importer's source line, say): kept
			 * quietly out of the article. */
			else if (!is_named(k, "data") && !is_named(k, "othermeta"))
				warn_ignored(t, k);
		}
	}
}

/* <related-links>: each <link> becomes a paragraph holding one link, shown
 * under "See also"; links resolve like <xref>s. */
static void parse_related(struct topic *t, const xmlNode *n, struct bvec *out)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		struct run r;
		struct kb_text text;
		struct kb_block *blk;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!is_named(c, "link")) {
			dita_warn_unexpected(t, c);
			continue;
		}
		memset(&r, 0, sizeof(r));
		dita_inline_child(t, c, &r, KB_SPAN_TEXT, 0);
		text = dita_run_finish(t, &r);
		dita_run_free(&r);
		if (!text.n)
			continue;
		out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof(*out->v));
		blk = &out->v[out->n++];
		memset(blk, 0, sizeof(*blk));
		blk->kind = KB_BLOCK_PARA;
		blk->line = line_of(c);
		blk->text = text;
	}
}

static void parse_root(struct topic *t, const xmlNode *root, struct kb_article *a)
{
	struct bvec condition = { NULL, 0, 0 }, related = { NULL, 0, 0 };
	const xmlNode *c, *title = NULL;
	bool have_body = false, have_shortdesc = false;

	for (c = root->children; c; c = c->next) {
		switch (c->type == XML_ELEMENT_NODE ? el_of(c) : EL_UNKNOWN) {
		case EL_TITLE:
			if (title) {
				dita_spill(t, c, &condition, true);
				break;
			}
			title = c;
			t->own_codes = true;
			a->title_text = dita_inline_text(t, c);
			t->own_codes = false;
			a->title = dita_plain_text(t, &a->title_text);
			break;
		case EL_SHORTDESC:
			if (have_shortdesc) {
				dita_spill(t, c, &condition, true);
				break;
			}
			{
				struct kb_text sd = dita_inline_text(t, c);

				a->shortdesc = dita_plain_text(t, &sd);
				have_shortdesc = true;
			}
			break;
		case EL_PROLOG:
			parse_prolog(t, c, a);
			break;
		case EL_RELATED_LINKS:
			parse_related(t, c, &related);
			break;
		case EL_TROUBLEBODY:
			if (have_body) {
				dita_spill(t, c, &condition, true);
				break;
			}
			parse_body(t, c, a, &condition);
			have_body = true;
			break;
		default:
			dita_spill(t, c, &condition, true);
			break;
		}
	}
	if (!title)
		dita_diag(t, DIAG_ERROR, root, "%s", _("<troubleshooting> without <title>"));
	else if (!*a->title)
		dita_diag(t, DIAG_ERROR, title, "%s", _("empty <title>"));
	a->condition = dita_bvec_finish(t, &condition);
	a->related = dita_bvec_finish(t, &related);
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

	doc = dita_read_xml(file, buf, len, dl);
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
		char *name = dita_qname(root);

		dita_diag(&t, DIAG_ERROR, root,
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
		dita_diag(&t, DIAG_ERROR, root, "%s", _("<troubleshooting> without id"));
	else if (xmlValidateName((const xmlChar *)id, 0) != 0)
		/* DITA's rule (an id is an XML ID), and the checklist state
		 * file's: its lines are id TAB key..., "#" starts a comment. */
		dita_diag(&t, DIAG_ERROR, root,
			  _("id \"%s\" is not an XML name (a letter or \"_\" first, then "
			    "letters, digits, \"-\", \"_\" or \".\"; no spaces, tabs or \"#\")"),
			  id);
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

/* ---- Cross-references -------------------------------------------------------- */

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
