/* search.h: the search engine shared by --search and the TUI.
 *
 * The index is built once after loading (an inverted index over fields of
 * each article plus a sorted token table for prefix and typo look-ups); a
 * query never rescans article text.  Ranking is field-weighted relevance:
 * error code/keyword > title > on-screen message > symptom > the rest, with a
 * stable tie-break (article order).  Short typed queries need every token to
 * match (the last as a prefix, one typo allowed in tokens of 5+ chars);
 * long, noisy input such as a pasted log line is cleaned (timestamps, hex,
 * pids, paths, URLs) and ranked by the tokens that do match, rare tokens
 * weighing more. */
#ifndef ENROLLKB_SEARCH_H
#define ENROLLKB_SEARCH_H

#include <stddef.h>

#include "kb.h"

struct search_index;
struct search_query;

struct search_hit {
	size_t article;     /* index into kb->articles */
	double score;
};

struct search_match {
	size_t off, len;    /* byte range in the text given to search_query_matches */
};

struct search_index *search_index_build(const struct kb *kb);
void search_index_free(struct search_index *idx);

/* Parses a query once; use it to run and to highlight. */
struct search_query *search_query_new(const struct search_index *idx,
				      const char *query);
void search_query_free(struct search_query *q);
/* Ranked hits, best first, at most limit (0 = all).  *hits is malloc'd
 * (NULL when none); returns the count. */
size_t search_query_run(const struct search_index *idx,
			const struct search_query *q, size_t limit,
			struct search_hit **hits);
/* Byte ranges of text that match the query's terms, in order, not
 * overlapping.  *out is malloc'd; returns the count. */
size_t search_query_matches(const struct search_query *q, const char *text,
			    size_t len, struct search_match **out);

/* One-shot convenience: build nothing, run query against idx. */
size_t search_run(const struct search_index *idx, const char *query,
		  size_t limit, struct search_hit **hits);

#endif
