/* SPDX-License-Identifier: MIT */
/* dita_map.c: the DITA map -> categories (topicheads) and the topics they
 * list, in map order, and the search synonym sets its key definitions
 * give, with diagnostics for what a map may get wrong. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "dita.h"
#include "dita_impl.h"
#include "i18n.h"
#include "xalloc.h"

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
		dita_normalize_space(s);
		if (*s)
			return s;
		free(s);
	}
	for (m = n->children; m; m = m->next)
		if (is_named(m, "topicmeta"))
			for (nt = m->children; nt; nt = nt->next)
				if (is_named(nt, "navtitle")) {
					char *s = dita_element_text(nt);

					if (*s)
						return s;
					free(s);
				}
	return NULL;
}

static void map_children(struct mapctx *mc, const xmlNode *n, long head);

static char *map_date(struct mapctx *mc, const xmlNode *n, const char *attr)
{
	char *v = prop(n, attr), *out = NULL;

	if (!v)
		return NULL;
	if (dita_is_date(v))
		out = xstrdup(v);
	else
		diag_add(mc->dl, DIAG_WARNING, mc->file, line_of(n),
			 _("%s=\"%s\" is not a date of the form YYYY-MM-DD (ignored)"),
			 attr, v);
	xmlFree(v);
	return out;
}

/* The map's topicmeta: <critdates> (revised, else created, dates the pack)
 * and <othermeta name="version" content="..."/>. */
static void map_meta(struct mapctx *mc, const xmlNode *n)
{
	const xmlNode *c, *d;
	char *created = NULL, *revised = NULL;

	for (c = n->children; c; c = c->next) {
		if (is_named(c, "critdates")) {
			for (d = c->children; d; d = d->next) {
				char *v = NULL, **slot = NULL;

				if (is_named(d, "created")) {
					v = map_date(mc, d, "date");
					slot = &created;
				} else if (is_named(d, "revised")) {
					v = map_date(mc, d, "modified");
					slot = &revised;
				}
				if (v && (!*slot || strcmp(v, *slot) > 0)) {
					free(*slot);
					*slot = v;
				} else {
					free(v);
				}
			}
		} else if (is_named(c, "othermeta")) {
			char *name = prop(c, "name"), *content = prop(c, "content");

			if (name && content && strcmp(name, "version") == 0 &&
			    !mc->map->version)
				mc->map->version = xstrdup(content);
			xmlFree(name);
			xmlFree(content);
		}
	}
	if (revised) {
		free(created);
		created = revised;
	}
	if (created && !mc->map->date)
		mc->map->date = created;
	else
		free(created);
}

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
	} else if (dita_href_external(href, scope, format)) {
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

/* True when the space-separated list attr holds word. */
static bool has_token(const char *attr, const char *word)
{
	size_t n = strlen(word);
	const char *p = attr;

	while (p && *p) {
		while (is_xml_space(*p))
			p++;
		if (strncmp(p, word, n) == 0 && (!p[n] || is_xml_space(p[n])))
			return true;
		while (*p && !is_xml_space(*p))
			p++;
	}
	return false;
}

static void map_add_synonym(struct mapctx *mc, const char *set, const xmlNode *n)
{
	char *term = dita_element_text(n);
	struct dita_synonym *sy;

	if (!*term) {
		diag_add(mc->dl, DIAG_WARNING, mc->file, line_of(n),
			 _("empty <%s> in synonym set '%s' (ignored)"),
			 (const char *)n->name, set);
		free(term);
		return;
	}
	mc->map->synonyms = xgrow(mc->map->synonyms, &mc->map->synonyms_cap,
				  mc->map->nsynonyms + 1, sizeof(*mc->map->synonyms));
	sy = &mc->map->synonyms[mc->map->nsynonyms++];
	sy->set = xstrdup(set);
	sy->term = term;
	sy->line = line_of(n);
}

/* <keydef keys="NAME" outputclass="synonyms"><topicmeta><navtitle>...
 * <keywords><keyword>...: the navtitle and the keywords are one synonym
 * set, NAME (the first key).  Other key definitions (keyrefs, conrefs)
 * mean nothing to a browser that shows topics as they are. */
static void map_keydef(struct mapctx *mc, const xmlNode *n)
{
	char *keys = prop(n, "keys"), *oc = prop(n, "outputclass"), *name;
	size_t n0 = mc->map->nsynonyms, k;
	const xmlNode *m, *c, *kw;

	if (!oc || !has_token(oc, "synonyms")) {
		diag_add(mc->dl, DIAG_WARNING, mc->file, line_of(n),
			 _("<keydef keys=\"%s\"> without outputclass=\"synonyms\" (ignored)"),
			 keys ? keys : "");
		xmlFree(keys);
		xmlFree(oc);
		return;
	}
	/* the first key names the set: sets with one name are one set */
	name = xstrdup(keys ? keys : "");
	dita_normalize_space(name);
	for (k = 0; name[k] && name[k] != ' '; k++)
		;
	name[k] = '\0';
	if (!*name)
		diag_add(mc->dl, DIAG_WARNING, mc->file, line_of(n), "%s",
			 _("synonym <keydef> without keys: give the set a name"));
	for (m = n->children; m; m = m->next) {
		if (!is_named(m, "topicmeta"))
			continue;
		for (c = m->children; c; c = c->next) {
			if (is_named(c, "navtitle"))
				map_add_synonym(mc, name, c);
			else if (is_named(c, "keywords"))
				for (kw = c->children; kw; kw = kw->next)
					if (is_named(kw, "keyword"))
						map_add_synonym(mc, name, kw);
		}
	}
	if (mc->map->nsynonyms == n0)
		diag_add(mc->dl, DIAG_WARNING, mc->file, line_of(n),
			 _("synonym set '%s' has no terms (a <navtitle> or <keyword> in its <topicmeta>)"),
			 name);
	free(name);
	xmlFree(keys);
	xmlFree(oc);
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
				mc->map->title = dita_element_text(c);
		} else if (is_named(c, "keydef")) {
			map_keydef(mc, c);
		} else if (is_named(c, "topicmeta")) {
			/* a head's navtitle is read by head_navtitle; the
			 * map's own topicmeta dates and versions the pack */
			if (c->parent->parent &&
			    c->parent->parent->type == XML_DOCUMENT_NODE)
				map_meta(mc, c);
		} else {
			char *name = dita_qname(c);

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
	doc = dita_read_xml(file, buf, len, dl);
	if (!doc)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (!root || !is_named(root, "map")) {
		char *name = root ? dita_qname(root) : xstrdup("");

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
	for (i = 0; i < map->nsynonyms; i++) {
		free(map->synonyms[i].set);
		free(map->synonyms[i].term);
	}
	free(map->synonyms);
	free(map->title);
	free(map->version);
	free(map->date);
	memset(map, 0, sizeof(*map));
}
