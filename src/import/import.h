/* SPDX-License-Identifier: MIT */
/* import.h: enrollkb-import's model, shared by its files.
 *
 *   source.c    an article's bytes -> clean Markdown text: control
 *               characters and escape sequences dropped, YAML front matter
 *               read, MS Learn directives (:::image, ::: zone, [!INCLUDE])
 *               rewritten or resolved, with a map back to file:line
 *   outline.c   cmark-gfm's tree -> topics: error tables, Cause/Solution
 *               parts, steps; ids, anchors and categories
 *   links.c     link targets: xref to an imported topic, learn.microsoft.com
 *               URL, or nothing (a scheme other than http/https)
 *   emit.c      the tree's blocks and inlines -> DITA elements
 *   write.c     topic files, the map, the output directory
 *   text.c      XML escaping of untrusted text, slugs, error-code words
 *   main.c      options, inputs, exit status
 *
 * Every file's cmark tree stays alive until the end: topics point into it.
 * Strings in these structs are malloc'd and owned by the struct holding
 * them, unless a comment says they point elsewhere. */
#ifndef ENROLLKB_IMPORT_H
#define ENROLLKB_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include <cmark-gfm.h>

#include "diag.h"
#include "strbuf.h"

#define LEARN_HOST "https://learn.microsoft.com"

/* ---- Articles (source.c) --------------------------------------------------- */

struct line_origin {
	const char *file;       /* points into md_file.names */
	unsigned line;
};

struct anchor {
	char *slug;             /* the heading's anchor as MS Learn writes it */
	size_t topic;           /* index into import.topics */
};

struct md_file {
	char *path;             /* as named on the command line or walked */
	char *real;             /* realpath */
	char *root;             /* realpath of the folder includes may come from */
	char *stem;             /* file name without .md */
	char *url;              /* its learn.microsoft.com page */
	char *title, *description, *date;   /* front matter, NULL when absent;
	                                     * date as YYYY-MM-DD */
	bool front_matter;
	char *text;             /* what cmark parses */
	size_t len;
	struct line_origin *lines;   /* lines[i]: where line i + 1 of text came from */
	size_t nlines, lines_cap;
	char **names;           /* the article's and its includes' paths */
	size_t nnames;
	cmark_node *doc;
	size_t first_topic, ntopics;
	size_t main_topic;      /* the topic a link to the file without anchor opens */
	struct anchor *anchors;
	size_t nanchors, anchors_cap;
};

struct import;

/* Reads path (named by the user or found in a folder), cleans it and
 * resolves its includes under root.  Returns NULL after a diagnostic when
 * it cannot be read.  readme: a README.md text of the folder it was found
 * in, or NULL (see md_source_url). */
struct md_file *md_file_read(struct import *imp, const char *path,
			     const char *root, const char *readme);
void md_file_free(struct md_file *f);
/* Where line (1-based, of f->text) came from. */
struct line_origin md_origin(const struct md_file *f, unsigned line);

/* ---- Topics (outline.c) -------------------------------------------------- */

enum part_kind {
	PART_BLOCK,     /* a block node; a paragraph from inline child .from on */
	PART_CELL,      /* a table cell: its <br/> lines and <li> items */
	PART_HEADING,   /* a heading inside a topic: a bold paragraph */
	PART_MESSAGE,   /* a table row's error cell: its codes or message */
	PART_TOPICS     /* the article's other topics, as a list of links */
};

struct part {
	enum part_kind kind;
	cmark_node *node;
	cmark_node *from;       /* BLOCK paragraph: first inline child to show */
	size_t skip;            /* bytes of .from's text to leave out (a label's colon) */
};

struct parts {
	struct part *v;
	size_t n, cap;
};

struct remedy {
	cmark_node *title;      /* a heading whose text titles it, or NULL */
	struct parts body;
};

struct solution {
	struct parts cause;
	struct remedy *rem;
	size_t nrem, rem_cap;
};

struct topic {
	char *id;
	struct md_file *file;   /* not owned */
	unsigned line;          /* of its heading or row, in file->text */
	cmark_node *title_node; /* heading or cell holding the title, or NULL */
	char *title;            /* plain text of the title */
	bool title_is_message;  /* a table row's message: the title is a msgph */
	char *context;          /* plain text of the enclosing section's heading */
	const char *shortdesc;  /* not owned; may be NULL */
	struct parts condition;
	struct solution *sol;
	size_t nsol, sol_cap;
	bool main;              /* the article's own topic */
	bool from_table;
	char **keywords;
	size_t nkeywords, keywords_cap;
	const char *category;   /* not owned */
};

/* Builds the topics of f (appending to imp->topics) and its anchors. */
void outline_file(struct import *imp, struct md_file *f);
/* Gives every topic a unique id (in topic order) and a category. */
void outline_finish(struct import *imp);
void topic_free(struct topic *t);

/* ---- The whole import (main.c) ------------------------------------------- */

struct import {
	struct md_file **files;
	size_t nfiles, files_cap;
	struct topic **topics;
	size_t ntopics, topics_cap;
	const char *category;   /* --category, or NULL */
	const char *title;      /* --title */
	char *today;            /* YYYY-MM-DD from SOURCE_DATE_EPOCH, or NULL */
	struct diag_list dl;
	size_t skipped;         /* parts left out, each with a diagnostic */
};

/* A diagnostic for something left out of the pack (exit status 1). */
void import_skip(struct import *imp, const char *file, unsigned line,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- Links (links.c) ----------------------------------------------------- */

struct link_target {
	char *url;              /* external http(s) URL, or NULL */
	size_t topic;           /* imported topic, or (size_t)-1 */
};

#define NO_TOPIC ((size_t)-1)

/* What a link in f pointing at dest becomes; neither (url NULL and topic
 * NO_TOPIC) when it must be dropped. */
struct link_target link_resolve(const struct import *imp, const struct md_file *f,
				const char *dest);
/* The learn.microsoft.com page of an article at path (see the man page). */
char *md_source_url(const char *path, const char *stem, const char *readme);
/* An anchor slug as MS Learn derives it from a heading's text. */
char *anchor_slug(const char *text);

/* ---- DITA output (emit.c, write.c) --------------------------------------- */

struct emit {
	struct strbuf *sb;
	const struct import *imp;
	const struct md_file *file;
	int depth;              /* indentation of the next block */
	bool in_note;           /* a note may not hold a note */
	bool skip_html;         /* inside <script> or <style> */
};

void emit_parts(struct emit *e, const struct parts *p);
/* A remedy: steps for its ordered lists, else informal text. */
void emit_remedy(struct emit *e, const struct remedy *r);
/* True when the parts hold no text (so the element can be left out). */
bool parts_empty(const struct parts *p);
/* Plain text of a node's inline content (alt text for images), malloc'd,
 * with whitespace collapsed. */
char *node_plain(cmark_node *node);

/* Writes the pack into dir.  Returns false after a diagnostic. */
bool write_pack(struct import *imp, const char *dir);

/* ---- Text (text.c) ------------------------------------------------------- */

enum xml_mode {
	XML_INLINE,     /* whitespace and line ends become one space */
	XML_CODE,       /* newlines and tabs kept */
	XML_ATTR        /* like INLINE, and quotes escaped */
};

/* Appends untrusted UTF-8 text as XML character data: no control
 * characters, no invalid UTF-8, no noncharacters, markup escaped. */
void xml_put(struct strbuf *sb, const char *s, size_t n, enum xml_mode mode);
static inline void xml_puts(struct strbuf *sb, const char *s, enum xml_mode mode);
/* Lowercase ASCII letters and digits joined by single '-', at most max
 * bytes (cut at a '-'); "" when there is nothing to keep. */
char *id_slug(const char *s, size_t max);
/* True for a word that names an error code: 0x80CF0437, -25244,
 * XPC_TYPE_ERROR, DeviceCapReached, errSecInvalidOwnerEdit, AADSTS50020. */
bool is_error_code(const char *w, size_t n);
/* True when s is only error codes separated by commas, semicolons, '/'
 * or blanks ("0x80043001, 0x80CF3001"). */
bool text_all_codes(const char *s);
/* Collapses whitespace runs (ASCII and no-break spaces) to one space and
 * trims, in place. */
void text_squeeze(char *s);
/* Appends relative path rel to sb (a folder, or a URL's folder, without
 * its trailing '/'), folding "." and ".." lexically; ".." never climbs
 * into the first floor bytes (a URL's host) nor over a "..". */
void path_append(struct strbuf *sb, const char *rel, size_t floor);
/* Case-insensitive search for an ASCII word (bounded by non-letters). */
bool has_word(const char *text, const char *word);

static inline bool is_ordered_list(cmark_node *n)
{
	return cmark_node_get_type(n) == CMARK_NODE_LIST &&
	       cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
}

static inline void xml_puts(struct strbuf *sb, const char *s, enum xml_mode mode)
{
	xml_put(sb, s, __builtin_strlen(s), mode);
}

#endif
