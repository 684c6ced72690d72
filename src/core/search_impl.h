/* SPDX-License-Identifier: MIT */
/* search_impl.h: the search engine's private representation, shared by
 * its parts (search_index.c builds the index, search_query.c parses
 * queries, search_rank.c runs and ranks them, search_match.c finds the
 * ranges to highlight).  Callers use search.h.
 *
 * The index is flat: one string pool and arrays of fixed-size records that
 * refer to each other by 32-bit offsets, never by pointer, so the same
 * arrays can be written to a cache file and mapped back unchanged:
 *
 *   tokens[]     sorted by text: pool offset, length, first posting,
 *                whether it is the joined form of a split word
 *   postings[]   per (token, article), sorted by token then article: the
 *                BM25F pseudo-frequency and where its positions start
 *   positions[]  word positions, per posting ascending
 *   docs[]       per article: id/title/category (pool offsets), where each
 *                field's positions end, the per-field length norms
 *   deletes[]    (hash of token minus one byte, token), sorted: one-typo
 *                look-ups without scanning the vocabulary (SymSpell)
 *   keys[]       whole keywords, codes, titles and on-screen messages,
 *                squashed to their letters ("devicecapreached"), sorted:
 *                an exact whole-code match is one binary search; flagged
 *                when the key is an error code (msgnum) or a keyword
 *                written like one (AjaxError, XPC_TYPE_ERROR)
 *   stems[]      (English stem, token) for every word token, sorted by
 *                stem: the vocabulary words sharing a query word's stem
 *   syns[]       synonym terms from the packs' maps, grouped by set: the
 *                term's key (synonyms.h) and its text
 *   synkeys[]    indices into syns[] sorted by key: the sets a run of
 *                query words belongs to */
#ifndef ENROLLKB_SEARCH_IMPL_H
#define ENROLLKB_SEARCH_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "search.h"

/* ---- Tuning ---------------------------------------------------------------- */

/* Walk order = position order inside an article. */
enum field { F_CODE, F_TITLE, F_SYMPTOM, F_REST, F_MSG, NFIELDS };

#define BM25_K1 1.5f

/* Five or more content words: pasted text, not a typed query.  Typed
 * queries are a code, a message fragment or a few keywords; messages
 * people paste whole ("Profile Installation Failed. A Network Error Has
 * Occurred.") and log lines are longer. */
#define SEARCH_LOOSE_MIN_TERMS 5
#define LOOSE_MIN_MATCHED 2
#define MAX_TERMS 64
#define TYPO_MIN_LEN 5
#define TYPO_MAX_LEN 32
#define MAX_PREFIX_EXPANSIONS 24
#define Q_PREFIX_MIN 0.5f      /* quality of a prefix expansion: 0.5 .. 0.9 */
#define Q_TYPO 0.6f
#define Q_DECOMPOUND 0.9f
#define EXACT_KEY_BONUS 1.5f   /* x the query's total IDF weight */
#define PREFIX_KEY_BONUS 0.5f
#define ADJ_BONUS 0.6f         /* x the smaller IDF of two neighbour terms */
#define ADJ_WINDOW 3
#define RERANK_TOP 64
#define Q_STEM 0.75f           /* another word of the same stem */
#define Q_SYN 0.7f             /* a synonym of the word(s) typed */
/* Confidence (search_rank.c): a matched term counts fully once its
 * saturated field weight reaches this (a title or symptom mention);
 * one mention in the body counts about half. */
#define CONF_FULL 1.9f
/* A hit is confident when it covers this share of the query's
 * informative weight; a candidate (shown as weak) needs RELAX_MIN. */
#define CONF_MIN 0.5f
#define RELAX_MIN 0.3f
/* A pasted log line (timestamps, hex, [pids]) has words of its own no
 * article has -- daemons, job names: it needs less. */
#define CONF_MIN_LOG 0.4f
/* A hit whose informative words are all far apart (more than this many
 * positions) keeps this share of its confidence. */
#define COHESION_WINDOW 4
#define COHESION 0.8f
/* A whole key of one article quoted in a longer query makes the article
 * confident when its words carry this share of the query's weight. */
#define PHRASE_SHARE 0.4f
#define CODE_MAX_WORDS 8       /* a code typed as words: "device cap reached" */
#define SYN_SCAN_WORDS 512     /* of a long paste, the words looked up as synonyms */

/* ---- The flat index --------------------------------------------------------- */

enum { TOK_JOINED = 1 };   /* seen as the compound of a split word */

struct sx_token {
	uint32_t str, len;      /* pool */
	uint32_t post;          /* first posting; tokens[i + 1].post ends it */
	uint32_t flags;
};

struct sx_posting {
	uint32_t doc;
	uint32_t pos, npos;     /* positions[pos .. pos + npos) */
	float wtf;              /* sum over fields of tf * weight / length norm */
};

struct sx_doc {
	uint32_t id, title, category;     /* pool */
	uint32_t field_end[NFIELDS];      /* positions below belong to the field */
	float norm[NFIELDS];              /* weight / (1 - b + b * len / avglen) */
};

struct sx_delete {
	uint32_t hash, token;
};

/* sx_key.field: the field in the low byte, these above it. */
enum {
	KEY_FIELD = 0xff,
	KEY_MSGNUM = 1u << 8,   /* the article's own error code */
	KEY_CODEWORD = 1u << 9  /* a keyword written like a code */
};

struct sx_key {
	uint32_t str, len;      /* pool: squashed text */
	uint32_t doc, field;    /* field: enum field | KEY_* flags */
};

struct sx_stem {
	uint32_t str, len;      /* pool: the stem */
	uint32_t token;
};

struct sx_syn {
	uint32_t key, keylen;   /* pool: synonym_key() of the term */
	uint32_t text, textlen; /* pool: the term as written */
	uint32_t set;           /* sets are numbered from 0, syns[] in set order */
};

/* Section 0 of a saved index: how many records the others hold. */
struct sx_counts {
	uint32_t ndocs, ntokens, npostings, npositions, ndeletes, nkeys;
	uint32_t nstems, nsyns;
	uint32_t stemmer;       /* stem_probe() of the stemmer that made it */
	uint32_t reserved;      /* 0 */
	uint64_t pool_len;
};

/* Bump when anything above or what the builder puts in it changes (the
 * tokenizer, the fields, the weights folded into wtf and norm): saved
 * indexes of another format are then ignored (search_index_format). */
#define SEARCH_INDEX_FORMAT 2

/* The arrays are read-only once built; they may be a mapped file's. */
struct search_index {
	uint32_t ndocs, ntokens, npostings, npositions, ndeletes, nkeys;
	uint32_t nstems, nsyns;
	const char *pool;                 /* pool_len bytes, ends with NUL */
	size_t pool_len;
	const struct sx_token *tokens;    /* ntokens + 1 */
	const struct sx_posting *postings;
	const uint32_t *positions;
	const struct sx_doc *docs;
	const struct sx_delete *deletes;
	const struct sx_key *keys;
	const struct sx_stem *stems;
	const struct sx_syn *syns;
	const uint32_t *synkeys;          /* nsyns */
	struct sx_counts counts;          /* the counts above, as saved */
	bool borrowed;                    /* the arrays are the caller's */
};

/* ---- Queries ------------------------------------------------------------------ */

struct sq_exp {
	uint32_t token;
	float q;
};

struct sq_slot {
	uint32_t first, n;      /* expansions */
};

enum alt_kind { ALT_TOKEN, ALT_PHRASE };

struct sq_alt {
	enum alt_kind kind;
	uint32_t token;         /* ALT_TOKEN */
	uint32_t first, n;      /* ALT_PHRASE: slots */
	float q;
	/* For IDF: the word's own forms (exact, prefix, typo, stem) are group
	 * 0 and share one document frequency; other words of its stem are
	 * GROUP_STEMS; each synonym term is a group of its own (1 + its
	 * index in syns[]). */
	uint32_t group;
};

#define GROUP_STEMS UINT32_MAX

/* A pattern for highlighting: a run of adjacent tokens (1 = any token). */
struct hl_pat {
	char *text;
	size_t len;
	bool prefix, typo;
};

struct hl_phrase {
	size_t first, n;        /* pats */
};

/* A run of query words that is a whole keyword, title or message of one
 * article (search_query.c find_codes). */
struct sq_phrase {
	uint32_t doc;
	uint64_t terms;         /* the terms of its words */
};

struct sq_term {
	char *text;             /* the word, folded and joined */
	size_t len;
	uint32_t first_alt, nalts;
	bool last;
	bool stop;              /* says nothing of the subject: a stop word, a
	                         * number, one letter (no weight in confidence) */
};

struct search_query {
	struct sq_term *terms;
	size_t nterms, termcap;
	struct sq_alt *alts;
	size_t nalts, altcap;
	struct sq_slot *slots;
	size_t nslots, slotcap;
	struct sq_exp *exps;
	size_t nexps, expcap;
	struct hl_pat *pats;
	size_t npats, patcap;
	struct hl_phrase *phrases;
	size_t nphrases, phrasecap;
	char *squash;           /* the whole query, letters only */
	size_t squash_len;
	uint32_t *codes;        /* keys[] the query holds as a run of words */
	size_t ncodes, codecap;
	struct sq_phrase *keyphrases;  /* whole keys of one article in it */
	size_t nkeyphrases, keyphrasecap;
	bool loose;
	bool last_prefix;       /* the last term may be a prefix */
	bool noisy;             /* it had log noise: timestamps, hex, [pids] */
};

struct stemmer;
/* A fingerprint of what the stemmer makes of a few words (search_index.c). */
uint32_t stem_probe(struct stemmer *st);

/* ---- Shared helpers ----------------------------------------------------------- */

static inline uint32_t hash32(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Hash of s without byte `skip`. */
static inline uint32_t hash32_skip(const char *s, size_t n, size_t skip)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		if (i != skip)
			h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Optimal string alignment distance <= 1 (one insertion, deletion,
 * substitution or transposition of neighbours). */
static inline bool within_one_edit(const char *a, size_t la, const char *b, size_t lb)
{
	size_t i = 0;

	if (la + 1 < lb || lb + 1 < la)
		return false;
	while (i < la && i < lb && a[i] == b[i])
		i++;
	if (la == lb) {
		if (i == la)
			return true;
		if (memcmp(a + i + 1, b + i + 1, la - i - 1) == 0)
			return true;
		return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
			memcmp(a + i + 2, b + i + 2, la - i - 2) == 0;
	}
	if (la > lb)
		return memcmp(a + i + 1, b + i, lb - i) == 0;
	return memcmp(a + i, b + i + 1, la - i) == 0;
}

static inline int bytes_cmp(const char *a, size_t la, const char *b, size_t lb)
{
	int c = memcmp(a, b, la < lb ? la : lb);

	if (c)
		return c;
	return la < lb ? -1 : la > lb;
}

static inline const char *pool_str(const struct search_index *idx, uint32_t off)
{
	return idx->pool + off;
}

/* ---- The one binary search --------------------------------------------- */

/* The first i in [lo, hi) for which below(ctx, i) is false (hi when there
 * is none), below being true on a prefix of the range: where a key goes
 * in a sorted array.  Inlined, with below a known static function, it
 * costs what the hand-written loop cost. */
static inline uint32_t sx_lower_bound(uint32_t lo, uint32_t hi,
				      bool (*below)(const void *ctx, uint32_t i),
				      const void *ctx)
{
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (below(ctx, mid))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A key of bytes to compare sorted strings with. */
struct sx_bytes {
	const struct search_index *idx;
	const char *s;
	size_t n;
};

/* A posting's article to find among a token's postings. */
struct sx_doc_key {
	const struct sx_posting *v;
	uint32_t doc;
};

static inline bool posting_below(const void *ctx, uint32_t i)
{
	const struct sx_doc_key *k = ctx;

	return k->v[i].doc < k->doc;
}

/* ---- Vocabulary look-ups ---------------------------------------------------- */

/* The field a word position of an article belongs to: the fields are
 * consecutive position ranges, in enum field order. */
static inline enum field field_of(const struct sx_doc *d, uint32_t pos)
{
	int f;

	for (f = 0; f < NFIELDS - 1; f++)
		if (pos < d->field_end[f])
			return (enum field)f;
	return F_MSG;
}

static inline int token_cmp(const struct search_index *idx, uint32_t t,
		     const char *s, size_t n)
{
	return bytes_cmp(pool_str(idx, idx->tokens[t].str), idx->tokens[t].len, s, n);
}

static inline bool token_below(const void *ctx, uint32_t t)
{
	const struct sx_bytes *k = ctx;

	return token_cmp(k->idx, t, k->s, k->n) < 0;
}

/* First token >= s. */
static inline uint32_t token_lower_bound(const struct search_index *idx,
				  const char *s, size_t n)
{
	struct sx_bytes k = { idx, s, n };

	return sx_lower_bound(0, idx->ntokens, token_below, &k);
}

static inline bool token_find(const struct search_index *idx, const char *s, size_t n,
		       uint32_t *t)
{
	uint32_t i;

	if (!idx || !idx->ntokens)
		return false;
	i = token_lower_bound(idx, s, n);
	if (i < idx->ntokens && token_cmp(idx, i, s, n) == 0) {
		*t = i;
		return true;
	}
	return false;
}

static inline uint32_t token_df(const struct search_index *idx, uint32_t t)
{
	return idx->tokens[t + 1].post - idx->tokens[t].post;
}

static inline bool has_prefix(const struct search_index *idx, uint32_t t,
		       const char *s, size_t n)
{
	return idx->tokens[t].len >= n &&
		memcmp(pool_str(idx, idx->tokens[t].str), s, n) == 0;
}

#endif
