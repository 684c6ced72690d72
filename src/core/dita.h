/* SPDX-License-Identifier: MIT */
/* dita.h: DITA 1.3 troubleshooting topics and maps -> content model.
 *
 * Parsing is safe for untrusted files: libxml2 with XML_PARSE_NONET, no
 * entity substitution, no DTD loading.  Only the element subset listed in
 * doc/content.md is understood; anything else is reported (file:line). */
#ifndef ENROLLKB_DITA_H
#define ENROLLKB_DITA_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "kb.h"

/* An internal cross-reference seen in a topic, to be resolved once every
 * topic of every pack is loaded (pack.c does that).  Until then the span's
 * target is NULL and, when the xref had no text of its own, its text is the
 * href as written. */
struct dita_xref {
	struct kb_span *span;   /* the span whose target/text get filled in */
	char *href;             /* file part of the href, as written (no #fragment);
	                         * "" for a reference into the same file */
	char *file;             /* the topic file it appears in */
	unsigned line;
	bool empty;             /* the xref had no text: show the target's title */
	bool image;             /* an <image href>: span is NULL; the loader
	                         * only checks that the file is in the pack */
};

struct dita_xrefs {
	struct dita_xref *v;
	size_t n, cap;
};

/* Parses one troubleshooting topic held in buf.  On success returns an
 * article allocated in kb's arena (NOT yet added: the caller calls
 * kb_add_article) and appends its internal xrefs to xrefs.  On an error that
 * makes the topic unusable (malformed XML, wrong root, missing id or title,
 * a step without cmd ...) returns NULL and leaves xrefs as it was;
 * diagnostics name file and line either way. */
struct kb_article *dita_parse_topic(struct kb *kb, const char *file,
				    const char *buf, size_t len,
				    struct dita_xrefs *xrefs,
				    struct diag_list *dl);

struct dita_topicref {
	char *href;
	unsigned line;
};

struct dita_topichead {
	char *navtitle;
	unsigned line;          /* 0 for the implicit "Other issues" head */
	struct dita_topicref *refs;
	size_t nrefs;
	size_t refs_cap;        /* private */
};

/* A term of a search synonym set (<keydef outputclass="synonyms">). */
struct dita_synonym {
	char *set;              /* the keydef's first key */
	char *term;             /* navtitle or keyword text, normalised */
	unsigned line;
};

struct dita_map {
	char *title;            /* may be NULL */
	char *version;          /* topicmeta/othermeta[@name=version]; may be NULL */
	char *date;             /* topicmeta/critdates: revised, else created; may be NULL */
	struct dita_topichead *heads;
	size_t nheads;
	size_t heads_cap;       /* private */
	struct dita_synonym *synonyms;   /* in document order */
	size_t nsynonyms;
	size_t synonyms_cap;    /* private */
};

/* Name of the category for topicrefs outside any topichead.  Deliberately
 * not translated: categories merge by name with the shipped pack's. */
#define DITA_UNGROUPED_HEAD "Other issues"

/* Parses a map.  Returns 0 on success, -1 when the map is unusable.
 * topicrefs outside any topichead (a warning) are listed under a head named
 * DITA_UNGROUPED_HEAD; nested topicrefs belong to the enclosing head.
 * <keydef outputclass="synonyms"> elements give synonym sets: the navtitle
 * and every keyword of the keydef's topicmeta are one set's terms. */
int dita_parse_map(const char *file, const char *buf, size_t len,
		   struct dita_map *map, struct diag_list *dl);
void dita_map_free(struct dita_map *map);
void dita_xrefs_free(struct dita_xrefs *x);
/* Frees the entries from index n on and truncates to n. */
void dita_xrefs_truncate(struct dita_xrefs *x, size_t n);

#endif
