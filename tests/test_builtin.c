/* SPDX-License-Identifier: MIT */
/* test_builtin.c: the built-in pack's search index made at build time
 * (tools/mkindex.c -> builtin_index.c, declared in builtin.h).
 *
 * It must be the index the program would build from the embedded pack
 * itself: the same sections byte for byte, and the same hits with the same
 * scores for a few hundred queries taken from the pack's own text (ids,
 * codes, keywords, titles, title words, their prefixes and one-typo
 * variants, short descriptions, a pasted log line).  And what keeps a
 * mismatch from being used: the format number and the checks of
 * search_index_from_sections. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "diag.h"
#include "kb.h"
#include "pack.h"
#include "search.h"
#include "search_impl.h"
#include "strbuf.h"
#include "xalloc.h"

/* ---- The live index: what --search built before ------------------------- */

static struct kb *kb;
static struct search_index *live;

static void setup(void)
{
	const struct pack_set set = { builtin_pack, builtin_pack_count, NULL, 0 };
	struct diag_list dl = DIAG_LIST_INIT;

	kb = pack_load(&set, &dl);
	cr_assert_eq(dl.n, 0, "the built-in pack loads with no diagnostics (%zu)", dl.n);
	cr_assert_gt(kb->narticles, 10, "the built-in pack has its articles");
	diag_list_free(&dl);
	live = search_index_build(kb);
}

static void teardown(void)
{
	search_index_free(live);
	kb_free(kb);
}

TestSuite(builtin, .init = setup, .fini = teardown);

/* ---- Queries from the pack's own text ----------------------------------- */

/* as pasted from the device's console (the pack's own example) */
#define LOG_LINE "iPhone mobileassetd[83] <Notice>: 0x1a49aebc0 Client " \
	"connection: XPC_TYPE_ERROR Connection invalid <error: 0x1a49aebc0>"

struct queries {
	char **v;
	size_t n, cap;
};

static void q_add(struct queries *qs, const char *s, size_t len)
{
	if (len == 0)
		return;
	qs->v = xgrow(qs->v, &qs->cap, qs->n + 1, sizeof(*qs->v));
	qs->v[qs->n++] = xstrndup(s, len);
}

static void q_free(struct queries *qs)
{
	for (size_t i = 0; i < qs->n; i++)
		free(qs->v[i]);
	free(qs->v);
}

static bool word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		(c >= 'A' && c <= 'Z');
}

/* The word, its prefixes of 2, 3 and all but one byte (typed so far),
 * and for a word of 5+ letters one typo of each kind: two neighbours
 * swapped, one byte dropped, one replaced, one doubled. */
static void q_word(struct queries *qs, const char *w, size_t n)
{
	char *t;

	q_add(qs, w, n);
	if (n > 3) {
		q_add(qs, w, 2);
		q_add(qs, w, 3);
		q_add(qs, w, n - 1);
	}
	if (n < 5)
		return;
	t = xmalloc(n + 2);
	memcpy(t, w, n);
	t[1] = w[2];
	t[2] = w[1];
	q_add(qs, t, n);
	memcpy(t, w, n);
	memmove(t + n / 2, w + n / 2 + 1, n - n / 2 - 1);
	q_add(qs, t, n - 1);
	memcpy(t, w, n);
	t[n - 2] = t[n - 2] == 'x' ? 'q' : 'x';
	q_add(qs, t, n);
	memcpy(t, w, n / 2);
	memcpy(t + n / 2 + 1, w + n / 2, n - n / 2);
	t[n / 2] = w[n / 2];
	q_add(qs, t, n + 1);
	free(t);
}

/* Each word of text (letters and digits; UTF-8 kept whole) through
 * q_word, and neighbouring pairs as a phrase. */
static void q_words(struct queries *qs, const char *text)
{
	const char *p = text, *prev = NULL;

	while (*p) {
		const char *w;

		while (*p && !word_byte((unsigned char)*p))
			p++;
		w = p;
		while (*p && word_byte((unsigned char)*p))
			p++;
		if (p == w)
			break;
		q_word(qs, w, (size_t)(p - w));
		if (prev)
			q_add(qs, prev, (size_t)(p - prev));
		prev = w;
	}
}

static void make_queries(struct queries *qs)
{
	static const char *const extra[] = {
		LOG_LINE,
		"zqxnomatch",
		"device cap ",
		"0x1a49aebc0",
	};
	size_t a, k;

	for (k = 0; k < sizeof(extra) / sizeof(*extra); k++)
		q_add(qs, extra[k], strlen(extra[k]));
	for (a = 0; a < kb->narticles; a++) {
		const struct kb_article *art = kb->articles[a];

		q_add(qs, art->id, strlen(art->id));
		q_add(qs, art->title, strlen(art->title));
		q_add(qs, art->shortdesc, strlen(art->shortdesc));
		q_words(qs, art->title);
		for (k = 0; k < art->ncodes; k++) {
			q_add(qs, art->codes[k], strlen(art->codes[k]));
			q_word(qs, art->codes[k], strlen(art->codes[k]));
		}
		for (k = 0; k < art->nkeywords; k++) {
			q_add(qs, art->keywords[k], strlen(art->keywords[k]));
			q_words(qs, art->keywords[k]);
		}
	}
}

/* ---- The embedded index ---------------------------------------------------- */

Test(builtin, made_in_this_index_format)
{
	struct search_index *idx;

	cr_assert_eq(builtin_index_format, search_index_format());
	idx = builtin_index();
	cr_assert_not_null(idx, "the embedded index is accepted");
	search_index_free(idx);
}

Test(builtin, sections_are_the_live_ones_byte_for_byte)
{
	struct search_index_section want[SEARCH_INDEX_SECTIONS];
	size_t i;

	search_index_sections(live, want);
	for (i = 0; i < SEARCH_INDEX_SECTIONS; i++) {
		const struct search_index_section *got = &builtin_index_sections[i];

		cr_assert_eq(got->size, want[i].size, "section %zu: %zu bytes, live %zu",
			     i, got->size, want[i].size);
		if (!got->size)
			continue;
		cr_assert_eq((uintptr_t)got->data % 8, 0, "section %zu is 8-byte aligned", i);
		cr_assert_eq(memcmp(got->data, want[i].data, got->size), 0,
			     "section %zu has the live bytes", i);
	}
}

Test(builtin, same_articles_as_the_pack)
{
	struct search_index *idx = builtin_index();
	size_t d;

	cr_assert_not_null(idx);
	cr_assert_eq(search_index_ndocs(idx), kb->narticles);
	cr_assert_eq(search_index_ntokens(idx), search_index_ntokens(live));
	for (d = 0; d < kb->narticles; d++) {
		const struct kb_article *a = kb->articles[d];

		cr_assert_str_eq(search_index_doc_id(idx, d), a->id);
		cr_assert_str_eq(search_index_doc_title(idx, d), a->title);
		cr_assert_str_eq(search_index_doc_category(idx, d),
				 a->ncategories ? kb->categories[a->categories[0]].name : "");
	}
	search_index_free(idx);
}

Test(builtin, same_hits_and_scores_as_a_live_index)
{
	struct search_index *idx = builtin_index();
	struct queries qs = { NULL, 0, 0 };
	size_t i, j, total = 0, with_hits = 0, loose = 0;

	cr_assert_not_null(idx);
	make_queries(&qs);
	cr_assert_geq(qs.n, 300, "enough queries from the pack (%zu)", qs.n);
	for (i = 0; i < qs.n; i++) {
		struct search_query *ql = search_query_new(live, qs.v[i]);
		struct search_query *qe = search_query_new(idx, qs.v[i]);
		struct search_hit *hl, *he;
		size_t nl = search_query_run(live, ql, 0, &hl);
		size_t ne = search_query_run(idx, qe, 0, &he);

		cr_assert_eq(ne, nl, "'%s': %zu hits, live %zu", qs.v[i], ne, nl);
		for (j = 0; j < nl; j++) {
			cr_assert_eq(he[j].article, hl[j].article,
				     "'%s' hit %zu: article %zu, live %zu",
				     qs.v[i], j, he[j].article, hl[j].article);
			/* the same code over the same bytes: bit-identical */
			cr_assert(he[j].score == hl[j].score,
				  "'%s' hit %zu: score %.17g, live %.17g",
				  qs.v[i], j, he[j].score, hl[j].score);
		}
		total += nl;
		with_hits += nl > 0;
		loose += search_query_loose(ql);
		free(hl);
		free(he);
		search_query_free(ql);
		search_query_free(qe);
	}
	/* not a comparison of empty answers */
	cr_assert_gt(with_hits, qs.n * 3 / 4, "%zu of %zu queries find something",
		     with_hits, qs.n);
	cr_assert_gt(loose, 10, "pasted-text queries are among them (%zu)", loose);
	cr_assert_gt(total, qs.n);
	q_free(&qs);
	search_index_free(idx);
}

Test(builtin, the_log_line_finds_its_article_first)
{
	struct search_index *idx = builtin_index();
	struct search_hit *hits;
	size_t n = search_run(idx, LOG_LINE, 0, &hits);

	cr_assert_gt(n, 0);
	cr_assert_str_eq(search_index_doc_id(idx, hits[0].article),
			 "xpc-type-error-connection-invalid");
	free(hits);
	search_index_free(idx);
}

/* What main's fall-back rests on: sections that do not add up are refused
 * rather than used. */
Test(builtin, damaged_table_is_refused)
{
	struct search_index_section sec[SEARCH_INDEX_SECTIONS];
	size_t i;

	for (i = 1; i < SEARCH_INDEX_SECTIONS; i++) {
		if (!builtin_index_sections[i].size)
			continue;
		memcpy(sec, builtin_index_sections, sizeof(sec));
		sec[i].size--;
		cr_assert_null(search_index_from_sections(sec),
			       "section %zu one byte short is refused", i);
	}
	memcpy(sec, builtin_index_sections, sizeof(sec));
	sec[0].size++;
	cr_assert_null(search_index_from_sections(sec), "a longer counts section is refused");
}

/* A posting that lists no position (found by the cache fuzz target: the
 * ranking then copied from a null buffer) never comes out of the builder. */
Test(builtin, posting_without_positions_is_refused)
{
	enum { POSTINGS = 3 };   /* the section order of search_index.c */
	struct search_index_section sec[SEARCH_INDEX_SECTIONS];
	struct search_index *idx;
	struct sx_posting *p;

	memcpy(sec, builtin_index_sections, sizeof(sec));
	p = xmalloc(sec[POSTINGS].size);
	memcpy(p, sec[POSTINGS].data, sec[POSTINGS].size);
	sec[POSTINGS].data = p;
	idx = search_index_from_sections(sec);
	cr_assert_not_null(idx, "the copy is used");
	search_index_free(idx);
	p[sec[POSTINGS].size / sizeof(*p) - 1].npos = 0;
	cr_assert_null(search_index_from_sections(sec));
	free(p);
}
