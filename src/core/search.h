/* SPDX-License-Identifier: MIT */
/* search.h: the search engine shared by --search and the TUI.
 *
 * The index is built once after loading (an inverted index over fields of
 * each article plus a sorted token table for prefix and typo look-ups); a
 * query never rescans article text.  It is made of flat arrays and a string
 * pool addressed by 32-bit offsets, so it can be saved and mmapped later.
 *
 * Matching (the same rules for ranking and for highlighting):
 *  - case-insensitive; words split at spaces, punctuation, underscores and
 *    camelCase, and also kept joined: DeviceCapReached = "device cap
 *    reached" (next to each other) = devicecapreached; a run-together word
 *    is split back into indexed words ("devicecap", "xpctypeerror");
 *  - the last word of the query is also a prefix (search as you type),
 *    unless the query ends with a space;
 *  - one typo (edit distance 1, transpositions included) in words of 5+
 *    characters; numbers must match exactly.
 *
 *  - other words of the same English stem (Snowball: "starting" finds
 *    "start", "enrolment" finds "enrollment"), weaker than the word typed;
 *  - synonyms from the packs' maps (synonyms.h): a run of query words that
 *    is one term of a set also matches the set's other terms ("MFA" finds
 *    "two-factor"), weaker than the words typed.
 *
 * Short and long queries: a query with fewer than 5 distinct content
 * words (words of 2+ characters that are not just digits; log noise not
 * counted) is typed: every word must match -- and when no article has
 * them all, the query is relaxed as below.  With 5 or more it is pasted
 * text (an on-screen message, a log line): timestamps, hex addresses,
 * [pids] are dropped as always, URLs and paths too (unless that is all the
 * query has), then numbers and one-letter words.  Relaxed and pasted
 * queries rank by the informative words that match: an article is a
 * candidate when the words it matches carry 30% of the query's
 * informative weight (IDF; unknown words weigh the most; stop words,
 * numbers and, in pasted text, words most articles have weigh nothing)
 * and at least two of them match (one, for a typed query).
 *
 * A code always wins: an article whose error code (or keyword written
 * like one: AjaxError) the query holds as a run of words ranks before
 * every other, whatever else the query says.
 *
 * Confidence: a hit is confident when the query names one of its codes,
 * the whole query is one of its keywords, codes, titles or messages, or
 * it covers at least 60% of the query's informative weight, each word
 * counted fully where it stands in a keyword, the title, a message or
 * the symptom and about half for one mention in the body.  Other
 * candidates are weak, and come after the confident hits.
 *
 * Ranking is BM25F over five fields, heaviest first: error codes and
 * keywords, title, on-screen messages (msgph anywhere), symptom
 * (shortdesc + condition), everything else.  Bonuses: the whole query equal
 * to (or, while typing, the start of) one keyword, code, title or message;
 * consecutive query words standing together.  Ties keep article order. */
#ifndef ENROLLKB_SEARCH_H
#define ENROLLKB_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "kb.h"

struct search_index;
struct search_query;

struct search_hit {
	size_t article;     /* index into kb->articles */
	double score;
	/* Additions: */
	float confidence;   /* share of the query's informative words the
	                     * article covers, and how strongly (0..1) */
	unsigned code;      /* the query names its error code (2) or a keyword
	                     * of it written like a code (1); 0: neither */
	bool weak;          /* not confident: only search_query_run_all
	                     * returns these */
};

struct search_match {
	size_t off, len;    /* byte range in the text given to search_query_matches */
};

/* ---- Building the index ------------------------------------------------ */

struct search_index *search_index_build(const struct kb *kb);
void search_index_free(struct search_index *idx);
/* search_index_build in two steps.  The index never refers to the kb, and
 * the second step does not read it: a caller that needs only the index
 * may free the kb in between and so never hold both whole. */
struct search_builder;
struct search_builder *search_index_begin(const struct kb *kb);
struct search_index *search_index_finish(struct search_builder *b);

/* ---- What the index holds per article -------------------------------------
 *
 * What a caller needs to print a result without the kb: per article (same
 * numbering as kb->articles and search_hit.article) its id, plain title
 * and first category name ("" when it has none).  The strings live in the
 * index and stay valid until search_index_free(). */
size_t search_index_ndocs(const struct search_index *idx);
const char *search_index_doc_id(const struct search_index *idx, size_t doc);
const char *search_index_doc_title(const struct search_index *idx, size_t doc);
const char *search_index_doc_category(const struct search_index *idx, size_t doc);
/* Distinct tokens in the index (for statistics and tests). */
size_t search_index_ntokens(const struct search_index *idx);

/* ---- Queries ----------------------------------------------------------- */

/* Parses a query once; use it to run and to highlight.  idx may be NULL
 * for a query that only highlights (run-together words are then not split
 * back, since that needs the vocabulary). */
struct search_query *search_query_new(const struct search_index *idx,
				      const char *query);
void search_query_free(struct search_query *q);
/* Ranked confident hits, best first, at most limit (0 = all).  *hits is
 * malloc'd (NULL when none); returns the count. */
size_t search_query_run(const struct search_index *idx,
			const struct search_query *q, size_t limit,
			struct search_hit **hits);
/* Addition: the same, followed by the weak candidates (hit.weak set):
 * what comes closest when nothing matches with confidence. */
size_t search_query_run_all(const struct search_index *idx,
			    const struct search_query *q, size_t limit,
			    struct search_hit **hits);
/* Byte ranges of text that match the query's terms, in order, not
 * overlapping.  *out is malloc'd; returns the count.  A range covers whole
 * words (a prefix or typo match marks the word it is in); the parts of a
 * split query word ("DeviceCap", "devicecap") are marked only where they
 * stand together. */
size_t search_query_matches(const struct search_query *q, const char *text,
			    size_t len, struct search_match **out);
/* True when the query is treated as pasted text (5+ distinct content
 * words, see above) and ranked by the words that match rather than
 * requiring all of them. */
bool search_query_loose(const struct search_query *q);
/* Number of distinct words the query kept after cleaning, at most 64
 * (0: nothing searchable). */
size_t search_query_nterms(const struct search_query *q);

/* One-shot convenience: parse query, run it against idx. */
size_t search_run(const struct search_index *idx, const char *query,
		  size_t limit, struct search_hit **hits);

/* ---- Saving the index and using it in place (index_cache.c) ------------ */

/* The index is SEARCH_INDEX_SECTIONS flat arrays of fixed-size records in
 * the machine's byte order.  A saver writes each section's bytes (at an
 * 8-byte aligned offset); a reader hands the same bytes back, in place. */
enum { SEARCH_INDEX_SECTIONS = 11 };

struct search_index_section {
	const void *data;
	size_t size;        /* bytes */
};

/* Changes whenever the sections' layout or meaning changes (records,
 * tokenizer, fields, weights baked into them): a saved index of another
 * format must not be used. */
unsigned search_index_format(void);
/* The sections of idx; they stay valid until search_index_free(). */
void search_index_sections(const struct search_index *idx,
			   struct search_index_section out[SEARCH_INDEX_SECTIONS]);
/* An index over sections in memory (e.g. a mapped cache file) that the
 * caller keeps unchanged until search_index_free(); nothing is copied.
 * NULL when they do not make a consistent index: sizes that disagree with
 * the counts, misaligned data, an offset or index out of range -- so a
 * damaged file cannot make a query read outside it. */
struct search_index *search_index_from_sections(
	const struct search_index_section in[SEARCH_INDEX_SECTIONS]);

#endif
