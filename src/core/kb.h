/* SPDX-License-Identifier: MIT */
/* kb.h: the content model -- categories, articles, blocks, steps.
 *
 * Ownership: every string and array reachable from a struct kb is copied out
 * of the libxml2 tree into the kb's arena; the XML documents are freed right
 * after loading.  A kb is built by the loader (dita.c, pack.c) through the
 * kb_add_* functions below and is immutable afterwards: views, search and
 * layout hold const pointers into it that stay valid until kb_free().
 *
 * All text is UTF-8 with XML whitespace already normalised (runs of
 * whitespace collapsed to one space, trimmed at block edges) except
 * code blocks, which keep their text verbatim. */
#ifndef ENROLLKB_KB_H
#define ENROLLKB_KB_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "hashtab.h"

/* ---- Inline text --------------------------------------------------------- */

enum kb_span_kind {
	KB_SPAN_TEXT,    /* plain running text */
	KB_SPAN_EMPH,    /* b, i, u, term, q */
	KB_SPAN_UI,      /* uicontrol, wintitle; menucascade = UI spans joined by " > " text */
	KB_SPAN_CODE,    /* codeph, cmdname, filepath, varname, userinput, systemoutput */
	KB_SPAN_MSG,     /* msgph: an on-screen or logged message */
	KB_SPAN_MSGNUM,  /* msgnum: an error code */
	KB_SPAN_XREF     /* xref: a link, see target/external */
};

struct kb_span {
	enum kb_span_kind kind;
	const char *text;     /* never NULL; for an empty internal xref, the target's title */
	const char *target;   /* XREF: article id (internal) or URL (external); else NULL.
	                       * An internal xref whose target is missing has target NULL. */
	bool external;        /* XREF: scope="external" */
};

struct kb_text {
	const struct kb_span *spans;
	size_t n;
};

/* ---- Blocks -------------------------------------------------------------- */

enum kb_block_kind {
	KB_BLOCK_PARA,   /* p, or loose text: .text */
	KB_BLOCK_NOTE,   /* note: .note_type + .children */
	KB_BLOCK_CODE,   /* codeblock: .code verbatim (may hold newlines) */
	KB_BLOCK_LIST,   /* ul/ol: .ordered + .items */
	KB_BLOCK_TABLE,  /* simpletable: .table */
	KB_BLOCK_IMAGE   /* image: .text = alt text, .href */
};

enum kb_note_type {
	KB_NOTE_NOTE,
	KB_NOTE_IMPORTANT,
	KB_NOTE_TIP,
	KB_NOTE_CAUTION,
	KB_NOTE_WARNING,
	KB_NOTE_OTHER    /* any other DITA type: rendered like a note */
};

struct kb_block;

struct kb_blocks {
	const struct kb_block *v;
	size_t n;
};

struct kb_table {
	size_t nrows, ncols;      /* ncols = widest row; short rows are padded with empty cells */
	bool header;              /* row 0 is the sthead */
	const struct kb_text *cells;   /* nrows * ncols, row-major */
};

struct kb_block {
	enum kb_block_kind kind;
	unsigned line;                 /* source line */
	struct kb_text text;           /* PARA, IMAGE (alt) */
	enum kb_note_type note_type;   /* NOTE */
	struct kb_blocks children;     /* NOTE body */
	const char *code;              /* CODE */
	bool ordered;                  /* LIST */
	const struct kb_blocks *items; /* LIST: nitems entries, each an item's blocks */
	size_t nitems;
	const struct kb_table *table;  /* TABLE */
	const char *href;              /* IMAGE: as written, may be NULL */
};

/* ---- Steps and solutions ------------------------------------------------- */

struct kb_step {
	struct kb_text cmd;
	struct kb_blocks info;        /* info and stepxmp, in document order */
	const struct kb_step *substeps;
	size_t nsubsteps;
	struct kb_blocks result;      /* stepresult */
	size_t index;                 /* position in the article's flat step list */
	unsigned line;
};

struct kb_remedy {
	const char *title;            /* may be NULL */
	struct kb_blocks responsible; /* responsibleParty, may be empty */
	const struct kb_step *steps;  /* steps or steps-unordered */
	size_t nsteps;
	bool unordered;
	struct kb_blocks informal;    /* steps-informal */
};

struct kb_solution {
	struct kb_blocks cause;
	const struct kb_remedy *remedies;
	size_t nremedies;
	unsigned line;
};

/* ---- Articles and the knowledge base ------------------------------------ */

struct kb_article {
	const char *id;
	const char *title;            /* plain text */
	struct kb_text title_text;    /* with markup (msgnum, msgph ...) */
	const char *shortdesc;        /* plain text, may be "" */
	const char *const *keywords;  /* prolog keywords, in order */
	size_t nkeywords;
	const char *const *codes;     /* distinct msgnum texts, in order of appearance */
	size_t ncodes;
	struct kb_blocks condition;
	const struct kb_solution *solutions;
	size_t nsolutions;
	/* Every step and substep in reading order (pre-order); step->index is
	 * its position here.  Checklists are keyed through this. */
	const struct kb_step *const *steps;
	size_t nsteps;
	const char *file;             /* where it was loaded from, for diagnostics */
	unsigned line;                /* line of the root element */
	/* Provenance, from the prolog; each may be NULL. */
	const char *source_href;      /* <source href>: the article this one rests on */
	const char *source_title;     /* <source> text */
	const char *source_date;      /* critdates/created/@date: the source's date, YYYY-MM-DD */
	const char *checked_date;     /* critdates/revised/@modified: last checked against it */
	struct kb_blocks related;     /* related-links: one paragraph per link */
	const size_t *categories;     /* indices into kb->categories, map order */
	size_t ncategories;
	/* Which pack it came from, and whom it overrides (pack.h: a later
	 * pack's article replaces an earlier one of the same id). */
	size_t pack;                  /* index into kb->packs: the map that loaded it */
	const struct kb_article *replaces;  /* the earlier pack's article, or NULL */
};

struct kb_category {
	const char *name;
	size_t *articles;             /* indices into kb->articles, map order */
	size_t narticles;
	size_t cap;                   /* private */
};

/* A map the loader read: what --packs and --version tell about a pack.
 * A map that could not be read or parsed is here too (title NULL, no
 * articles), and so is a pack directory with no map or that could not be
 * opened (path: the directory), so that every pack shows its problems. */
struct kb_pack {
	const char *title;            /* the map's <title>; may be NULL */
	const char *version;          /* topicmeta/othermeta[@name=version]; may be NULL */
	const char *date;             /* topicmeta/critdates: revised, else created; may be NULL */
	const char *path;             /* the map, as diagnostics name it */
	size_t narticles;             /* topics this map loaded */
	size_t nreplaced;             /* of those, how many replaced an earlier pack's */
	size_t nerrors, nwarnings;    /* diagnostics about the map and its topics */
};

struct kb_pair {
	size_t category, article;
};

/* One term of a search synonym set: a map's <keydef keys="NAME"
 * outputclass="synonyms">, whose navtitle and keywords all mean the same
 * thing.  Sets are identified by NAME across maps and packs, so a pack
 * can add terms to a set of another. */
struct kb_synonym {
	const char *set;              /* NAME */
	const char *term;             /* as written, whitespace normalised */
	const char *file;             /* the map, as diagnostics name it */
	unsigned line;
};

struct kb {
	struct arena arena;
	struct kb_pack *packs;        /* one per loaded map, load order */
	size_t npacks, packs_cap;
	struct kb_synonym *synonyms;  /* load order */
	size_t nsynonyms, synonyms_cap;
	struct kb_article **articles; /* stable pointers, load order */
	size_t narticles;
	struct kb_category *categories;
	size_t ncategories;
	/* private: growth and the hash tables (hashtab.h) */
	size_t articles_cap, categories_cap;
	struct hash_table ids;        /* articles by id */
	struct hash_table names;      /* categories by name */
	struct hash_table listed;     /* pairs by (category, article) */
	struct kb_pair *pairs;        /* what kb_category_add listed, in order */
	size_t npairs, pairs_cap;
};

/* ---- Building (loader only) --------------------------------------------- */

struct kb *kb_new(void);
void kb_free(struct kb *kb);
/* Allocates an article owned by the kb; the caller fills it (strings and
 * arrays must live in kb->arena) and then calls kb_add_article. */
struct kb_article *kb_article_alloc(struct kb *kb);
/* Adds a filled article.  Returns false (and adds nothing) when its id is
 * already taken. */
bool kb_add_article(struct kb *kb, struct kb_article *a);
/* Index of the category called name, created (at the end) when new.
 * Categories are merged by name. */
size_t kb_category(struct kb *kb, const char *name);
/* Lists article (by index) under category; a repeat is ignored. */
void kb_category_add(struct kb *kb, size_t category, size_t article);
/* Records a loaded map; the strings are copied into the arena. */
void kb_add_pack(struct kb *kb, const struct kb_pack *p);
/* Puts a (filled, same id) in the place of the article at index i: its
 * categories, links to it and lookups now lead to a.  The old article
 * stays in the arena (a->replaces may point at it). */
void kb_replace_article(struct kb *kb, size_t i, struct kb_article *a);
/* Adds a term to a synonym set; the strings are copied into the arena. */
void kb_add_synonym(struct kb *kb, const struct kb_synonym *s);
/* Finishes building: fills each article's categories[] back references.
 * Call once after all packs are loaded. */
void kb_finish(struct kb *kb);

/* ---- Queries ------------------------------------------------------------- */

/* "No article": what an article index holds when there is none. */
#define NO_ARTICLE ((size_t)-1)

/* Article index by exact id, or NO_ARTICLE. */
size_t kb_find(const struct kb *kb, const char *id);
/* Article index whose id matches, else whose error code (msgnum) or keyword
 * matches case-insensitively; NO_ARTICLE when none. */
size_t kb_lookup(const struct kb *kb, const char *id_or_code);
/* Concatenated plain text of an inline run (for search, hashing). */
char *kb_text_plain(const struct kb_text *t);   /* caller frees */
const char *kb_note_type_name(enum kb_note_type t);

#endif
