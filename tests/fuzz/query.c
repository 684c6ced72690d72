/* SPDX-License-Identifier: MIT */
/* query.c: fuzz target for the query parser and ranking, over the
 * built-in pack's index (as --search uses it).
 *
 * Input: the query text (cut at a NUL, as a command line or the prompt
 * would hand it over).  Checked besides not crashing: hits are articles
 * of the index, best first, with finite scores; a limited run is the
 * start of the full one (ties keep article order); match ranges lie in
 * the text, in order, not overlapping -- in the titles of the hits and
 * in the query itself, with and without the index. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "builtin.h"
#include "fuzz.h"
#include "search.h"

static struct search_index *idx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	idx = builtin_index();
	FUZZ_CHECK(idx != NULL, "the built-in index does not check out");
	return 0;
}

static void check_matches(const struct search_query *q, const char *text)
{
	struct search_match *m = NULL;
	size_t len = strlen(text), n, i, end = 0;

	n = search_query_matches(q, text, len, &m);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(m[i].len > 0, "empty match %zu", i);
		FUZZ_CHECK(m[i].off >= end, "match %zu overlaps or is out of order", i);
		FUZZ_CHECK(m[i].off <= len && m[i].len <= len - m[i].off,
			   "match %zu (%zu+%zu) is outside the %zu bytes", i,
			   m[i].off, m[i].len, len);
		end = m[i].off + m[i].len;
	}
	free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	struct search_query *q = search_query_new(idx, text);
	struct search_query *hl = search_query_new(NULL, text);
	struct search_hit *hits = NULL, *top = NULL;
	size_t n, ntop, i, ndocs = search_index_ndocs(idx);

	FUZZ_CHECK(search_query_nterms(q) <= 64, "%zu terms", search_query_nterms(q));
	n = search_query_run(idx, q, 0, &hits);
	FUZZ_CHECK(n <= ndocs, "%zu hits from %zu articles", n, ndocs);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(hits[i].article < ndocs, "hit %zu is article %zu", i,
			   hits[i].article);
		FUZZ_CHECK(isfinite(hits[i].score), "hit %zu scores %g", i, hits[i].score);
		/* best first: an article whose code the query names, then the
		 * confident ones before the weak, then by score */
		FUZZ_CHECK(i == 0 || hits[i].code < hits[i - 1].code ||
			   (hits[i].code == hits[i - 1].code &&
			    (hits[i].weak > hits[i - 1].weak ||
			     (hits[i].weak == hits[i - 1].weak &&
			      hits[i].score <= hits[i - 1].score))),
			   "hit %zu ranks above the one before it", i);
		if (i < 5) {
			check_matches(q, search_index_doc_title(idx, hits[i].article));
			check_matches(hl, search_index_doc_title(idx, hits[i].article));
		}
	}
	ntop = search_query_run(idx, q, 3, &top);
	FUZZ_CHECK(ntop == (n < 3 ? n : 3), "limit 3 gave %zu of %zu", ntop, n);
	for (i = 0; i < ntop; i++)
		FUZZ_CHECK(top[i].article == hits[i].article,
			   "limited run differs at %zu", i);
	check_matches(q, text);
	check_matches(hl, text);

	free(top);
	free(hits);
	search_query_free(hl);
	search_query_free(q);
	free(text);
	return 0;
}
