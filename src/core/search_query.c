/* SPDX-License-Identifier: MIT */
/* search_query.c: parsing a query once into terms and their expansions
 * (exact token, prefixes of the last word, one-typo neighbours, a split
 * word's parts and a run-together word split back into vocabulary tokens)
 * plus the patterns used for highlighting.
 *
 * Short queries (fewer than SEARCH_LOOSE_MIN_TERMS content terms) are what
 * a person types: every term must match.  Longer input is treated as pasted
 * text: digits-only and one-letter words are dropped too (search_rank.c
 * then ranks by the words that match). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search_impl.h"
#include "strbuf.h"
#include "tokenize.h"
#include "xalloc.h"

/* A word of the query as the tokenizer saw it. */
struct qword {
	size_t text, len;       /* in qparse.buf (joined form) */
	size_t parts;           /* first part in qparse.partv */
	unsigned nparts;
	unsigned noise;
	bool number;
	bool dropped;
};

struct qpart {
	size_t text, len;
};

struct qparse {
	struct strbuf buf;
	struct qword *words;
	size_t nwords, wcap;
	struct qpart *partv;
	size_t nparts, pcap;
};

static bool query_cb(const struct token *t, void *ctx)
{
	struct qparse *p = ctx;
	struct qword *w;

	if (t->compound || t->nparts == 1) {
		/* a word; a split one's parts follow */
		p->words = xgrow(p->words, &p->wcap, p->nwords + 1,
				 sizeof(*p->words));
		w = &p->words[p->nwords++];
		w->text = p->buf.len;
		w->len = t->len;
		w->parts = p->nparts;
		w->nparts = t->nparts;
		w->noise = t->noise;
		w->number = t->number;
		w->dropped = false;
	} else {
		p->partv = xgrow(p->partv, &p->pcap, p->nparts + 1,
				 sizeof(*p->partv));
		p->partv[p->nparts].text = p->buf.len;
		p->partv[p->nparts].len = t->len;
		p->nparts++;
	}
	sb_add(&p->buf, t->text, t->len);
	sb_putc(&p->buf, '\0');
	return true;
}

static struct sq_exp *add_exp(struct search_query *q, uint32_t token, float qual)
{
	struct sq_exp *e;

	q->exps = xgrow(q->exps, &q->expcap, q->nexps + 1, sizeof(*q->exps));
	e = &q->exps[q->nexps++];
	e->token = token;
	e->q = qual;
	return e;
}

static void add_token_alt(struct search_query *q, struct sq_term *t,
			  uint32_t token, float qual)
{
	struct sq_alt *a;
	size_t i;

	for (i = t->first_alt; i < q->nalts; i++)
		if (q->alts[i].kind == ALT_TOKEN && q->alts[i].token == token) {
			if (qual > q->alts[i].q)
				q->alts[i].q = qual;
			return;
		}
	q->alts = xgrow(q->alts, &q->altcap, q->nalts + 1, sizeof(*q->alts));
	a = &q->alts[q->nalts++];
	a->kind = ALT_TOKEN;
	a->token = token;
	a->first = a->n = 0;
	a->q = qual;
	t->nalts++;
}

struct cand {
	uint32_t token;
	uint32_t df;
};

static int cand_cmp(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;

	if (a->df != b->df)
		return a->df > b->df ? -1 : 1;
	return a->token < b->token ? -1 : a->token > b->token;
}

struct delete_key {
	const struct sx_delete *v;
	uint32_t hash;
};

static bool delete_below(const void *ctx, uint32_t i)
{
	const struct delete_key *k = ctx;

	return k->v[i].hash < k->hash;
}

/* Calls add(token, quality) for the expansions of one word: exact, the
 * commonest completions when prefix, neighbours one edit away when typo. */
static void expand_word(const struct search_index *idx, const char *s, size_t n,
			bool prefix, bool typo,
			void (*add)(void *ctx, uint32_t token, float q), void *ctx)
{
	uint32_t t, i;

	if (!idx || !idx->ntokens || !n)
		return;
	if (token_find(idx, s, n, &t))
		add(ctx, t, 1.0f);
	if (prefix) {
		struct cand best[MAX_PREFIX_EXPANSIONS];
		size_t nbest = 0, k;
		uint64_t budget = 2 * (uint64_t)idx->ndocs + 1000, used = 0;

		/* keep the commonest completions; a one-letter prefix must
		 * not visit the whole vocabulary's postings */
		for (i = token_lower_bound(idx, s, n);
		     i < idx->ntokens && has_prefix(idx, i, s, n); i++) {
			struct cand c = { i, token_df(idx, i) };

			if (idx->tokens[i].len == n)
				continue;
			if (nbest < MAX_PREFIX_EXPANSIONS) {
				best[nbest++] = c;
				continue;
			}
			for (k = 0; k < nbest; k++)
				if (cand_cmp(&c, &best[k]) < 0) {
					/* replace the least common kept one */
					size_t worst = 0, j;

					for (j = 1; j < nbest; j++)
						if (cand_cmp(&best[j], &best[worst]) > 0)
							worst = j;
					best[worst] = c;
					break;
				}
		}
		qsort(best, nbest, sizeof(*best), cand_cmp);
		for (k = 0; k < nbest; k++) {
			float ratio = (float)n / (float)idx->tokens[best[k].token].len;

			if (k && used + best[k].df > budget)
				break;
			used += best[k].df;
			add(ctx, best[k].token, Q_PREFIX_MIN + 0.4f * ratio);
		}
	}
	if (typo && n >= TYPO_MIN_LEN && n <= TYPO_MAX_LEN) {
		char del[TYPO_MAX_LEN];
		size_t k;

		/* Two strings one edit apart share a one-byte delete (or one
		 * is the other's delete): look up ours and the word itself in
		 * the sorted delete hashes, then verify.  A word still being
		 * typed (prefix) is no typo of a word it merely extends:
		 * "devicec" is on its way to "devicecap", not a "device". */
		for (k = 0; k <= n; k++) {
			struct delete_key dk = { idx->deletes,
						 k < n ? hash32_skip(s, n, k) : hash32(s, n) };
			uint32_t h = dk.hash, lo;

			if (k && k < n && s[k] == s[k - 1])
				continue;   /* same delete as k - 1 */
			lo = sx_lower_bound(0, idx->ndeletes, delete_below, &dk);
			for (; lo < idx->ndeletes && idx->deletes[lo].hash == h; lo++) {
				uint32_t tk = idx->deletes[lo].token;

				if (token_cmp(idx, tk, s, n) != 0 &&
				    !(prefix && idx->tokens[tk].len < n &&
				      memcmp(pool_str(idx, idx->tokens[tk].str), s,
					     idx->tokens[tk].len) == 0) &&
				    within_one_edit(s, n, pool_str(idx, idx->tokens[tk].str),
						    idx->tokens[tk].len))
					add(ctx, tk, Q_TYPO);
			}
			if (k < n && !(prefix && k == n - 1)) {
				memcpy(del, s, k);
				memcpy(del + k, s + k + 1, n - k - 1);
				if (token_find(idx, del, n - 1, &t))
					add(ctx, t, Q_TYPO);
			}
		}
	}
}

struct term_ctx {
	struct search_query *q;
	struct sq_term *t;
};

static void add_term_token(void *ctx, uint32_t token, float qual)
{
	struct term_ctx *c = ctx;

	add_token_alt(c->q, c->t, token, qual);
}

static void add_slot_exp(void *ctx, uint32_t token, float qual)
{
	struct search_query *q = ctx;
	struct sq_slot *sl = &q->slots[q->nslots - 1];
	size_t i;

	for (i = sl->first; i < q->nexps; i++)
		if (q->exps[i].token == token) {
			if (qual > q->exps[i].q)
				q->exps[i].q = qual;
			return;
		}
	add_exp(q, token, qual);
	sl->n++;
}

static struct sq_slot *new_slot(struct search_query *q)
{
	struct sq_slot *sl;

	q->slots = xgrow(q->slots, &q->slotcap, q->nslots + 1, sizeof(*q->slots));
	sl = &q->slots[q->nslots++];
	sl->first = (uint32_t)q->nexps;
	sl->n = 0;
	return sl;
}

static void hl_add(struct search_query *q, const char *const *texts,
		   const size_t *lens, size_t n, bool last_prefix)
{
	struct hl_phrase *ph;
	size_t i;

	q->phrases = xgrow(q->phrases, &q->phrasecap, q->nphrases + 1,
			   sizeof(*q->phrases));
	ph = &q->phrases[q->nphrases++];
	ph->first = q->npats;
	ph->n = n;
	for (i = 0; i < n; i++) {
		struct hl_pat *p;

		q->pats = xgrow(q->pats, &q->patcap, q->npats + 1, sizeof(*q->pats));
		p = &q->pats[q->npats++];
		p->text = xstrndup(texts[i], lens[i]);
		p->len = lens[i];
		p->typo = lens[i] >= TYPO_MIN_LEN && lens[i] <= TYPO_MAX_LEN;
		p->prefix = last_prefix && i + 1 == n && (n == 1 || lens[i] >= 2);
	}
}

/* A phrase alternative: pieces[0..n) must stand next to each other.  The
 * last piece is a prefix when prefix is set.  Returns false (adding
 * nothing) when a piece has no expansion. */
static bool add_phrase_alt(const struct search_index *idx, struct search_query *q,
			   struct sq_term *t, const char *const *pieces,
			   const size_t *lens, size_t n, bool prefix, float qual,
			   bool highlight)
{
	size_t slots0 = q->nslots, exps0 = q->nexps, i;
	struct sq_alt *a;

	for (i = 0; i < n; i++) {
		bool pre = prefix && i + 1 == n && lens[i] >= 2;

		new_slot(q);
		expand_word(idx, pieces[i], lens[i], pre,
			    lens[i] >= TYPO_MIN_LEN, add_slot_exp, q);
		if (!q->slots[q->nslots - 1].n) {
			q->nslots = slots0;
			q->nexps = exps0;
			return false;
		}
	}
	q->alts = xgrow(q->alts, &q->altcap, q->nalts + 1, sizeof(*q->alts));
	a = &q->alts[q->nalts++];
	a->kind = ALT_PHRASE;
	a->token = 0;
	a->first = (uint32_t)slots0;
	a->n = (uint32_t)n;
	a->q = qual;
	t->nalts++;
	if (highlight)
		hl_add(q, pieces, lens, n, prefix);
	return true;
}

/* True when s[0..n) is a vocabulary token, or the start of one when
 * prefix is set. */
static bool in_vocabulary(const struct search_index *idx, const char *s,
			  size_t n, bool prefix)
{
	uint32_t t = token_lower_bound(idx, s, n);

	return t < idx->ntokens &&
		(prefix ? has_prefix(idx, t, s, n) : token_cmp(idx, t, s, n) == 0);
}

/* A run-together word ("devicecap") split into 2 or 3 vocabulary tokens
 * of 2+ characters (the last one may be the start of one).  Keeps the
 * first few splits that work. */
static void decompound(const struct search_index *idx, struct search_query *q,
		       struct sq_term *t, bool prefix)
{
	const char *s = t->text, *pieces[3];
	size_t n = t->len, i, j, found = 0, lens[3];

	for (i = 2; i + 2 <= n && found < 3; i++) {
		if (!in_vocabulary(idx, s, i, false))
			continue;
		pieces[0] = s;
		lens[0] = i;
		pieces[1] = s + i;
		lens[1] = n - i;
		if (in_vocabulary(idx, s + i, n - i, prefix) &&
		    add_phrase_alt(idx, q, t, pieces, lens, 2, prefix,
				   Q_DECOMPOUND, true)) {
			found++;
			continue;
		}
		for (j = i + 2; j + 2 <= n && found < 3; j++) {
			if (!in_vocabulary(idx, s + i, j - i, false) ||
			    !in_vocabulary(idx, s + j, n - j, prefix))
				continue;
			lens[1] = j - i;
			pieces[2] = s + j;
			lens[2] = n - j;
			if (add_phrase_alt(idx, q, t, pieces, lens, 3, prefix,
					   Q_DECOMPOUND, true))
				found++;
		}
	}
}

static void build_term(const struct search_index *idx, struct search_query *q,
		       struct qparse *p, const struct qword *w, bool last)
{
	struct sq_term *t;
	struct term_ctx c;
	bool prefix = last && q->last_prefix;
	uint32_t tok;

	q->terms = xgrow(q->terms, &q->termcap, q->nterms + 1, sizeof(*q->terms));
	t = &q->terms[q->nterms++];
	t->text = xstrndup(p->buf.s + w->text, w->len);
	t->len = w->len;
	t->first_alt = (uint32_t)q->nalts;
	t->nalts = 0;
	t->last = last;
	c.q = q;
	c.t = t;
	/* numbers: a typo in one is another number */
	expand_word(idx, t->text, t->len, prefix, !w->number, add_term_token, &c);
	hl_add(q, (const char *const *)&t->text, &t->len, 1, prefix);
	if (w->number)
		q->pats[q->npats - 1].typo = false;
	if (w->nparts > 1) {
		const char **pieces = xmalloc_array(w->nparts, sizeof(*pieces));
		size_t *lens = xmalloc_array(w->nparts, sizeof(*lens)), k;

		for (k = 0; k < w->nparts; k++) {
			pieces[k] = p->buf.s + p->partv[w->parts + k].text;
			lens[k] = p->partv[w->parts + k].len;
		}
		add_phrase_alt(idx, q, t, pieces, lens, w->nparts, prefix, 1.0f, false);
		hl_add(q, pieces, lens, w->nparts, prefix);
		free(pieces);
		free(lens);
	} else if (idx && !w->number && t->len >= 4 &&
		   (!token_find(idx, t->text, t->len, &tok) ||
		    (idx->tokens[tok].flags & TOK_JOINED))) {
		/* unknown, or known as a joined compound: the same words may
		 * also stand apart ("devicecapreached", "Device Cap Reached") */
		decompound(idx, q, t, prefix);
	}
}

bool search_query_loose(const struct search_query *q)
{
	return q && q->loose;
}

size_t search_query_nterms(const struct search_query *q)
{
	return q ? q->nterms : 0;
}

/* Index among v[0..n) of a word equal to word w, or n. */
static size_t same_word(const struct qparse *p, const size_t *v, size_t n,
			const struct qword *w)
{
	size_t k;

	for (k = 0; k < n; k++) {
		const struct qword *o = &p->words[v[k]];

		if (o->len == w->len &&
		    memcmp(p->buf.s + o->text, p->buf.s + w->text, w->len) == 0)
			return k;
	}
	return n;
}

struct search_query *search_query_new(const struct search_index *idx,
				      const char *query)
{
	struct search_query *q = xcalloc(1, sizeof(*q));
	struct qparse p;
	struct strbuf sq = STRBUF_INIT;
	size_t content[SEARCH_LOOSE_MIN_TERMS], kept[MAX_TERMS];
	size_t i, k, ncontent = 0, nkept = 0, last = (size_t)-1, len;
	bool other = false;

	memset(&p, 0, sizeof(p));
	len = query ? strlen(query) : 0;
	if (len)
		tokenize(query, len, query_cb, &p);
	/* A trailing space ends the last word: no prefix for it then. */
	q->last_prefix = !len || !strchr(" \t\r\n", query[len - 1]);
	/* Noise: dropped always; URLs and paths unless they are all there is. */
	for (i = 0; i < p.nwords; i++) {
		struct qword *w = &p.words[i];

		if (w->noise & TOKEN_NOISE_DROP)
			w->dropped = true;
		else if (!(w->noise & (TOKEN_NOISE_URL | TOKEN_NOISE_PATH)))
			other = true;
	}
	/* The squashed query (for whole-keyword matches) and the count of
	 * distinct content words, which decides typed vs pasted.  Both are
	 * linear in the query: a pasted log may be long. */
	for (i = 0; i < p.nwords; i++) {
		struct qword *w = &p.words[i];

		if (other && (w->noise & (TOKEN_NOISE_URL | TOKEN_NOISE_PATH)))
			w->dropped = true;
		if (w->dropped)
			continue;
		sb_add(&sq, p.buf.s + w->text, w->len);
		if (ncontent < SEARCH_LOOSE_MIN_TERMS && !w->number && w->len >= 2 &&
		    same_word(&p, content, ncontent, w) == ncontent)
			content[ncontent++] = i;
	}
	q->squash_len = sq.len;
	q->squash = sb_detach(&sq);
	q->loose = ncontent >= SEARCH_LOOSE_MIN_TERMS;
	/* Terms: distinct words, the first MAX_TERMS of them.  The term the
	 * last word maps to is the one that may be a prefix. */
	for (i = 0; i < p.nwords; i++) {
		struct qword *w = &p.words[i];

		if (w->dropped)
			continue;
		if (q->loose && (w->number || w->len < 2)) {
			w->dropped = true;
			continue;
		}
		k = same_word(&p, kept, nkept, w);
		if (k == nkept && nkept < MAX_TERMS)
			kept[nkept++] = i;
		else
			w->dropped = true;
		last = k < nkept ? kept[k] : (size_t)-1;
	}
	for (k = 0; k < nkept; k++)
		build_term(idx, q, &p, &p.words[kept[k]], kept[k] == last);
	sb_free(&p.buf);
	free(p.words);
	free(p.partv);
	return q;
}

void search_query_free(struct search_query *q)
{
	size_t i;

	if (!q)
		return;
	for (i = 0; i < q->nterms; i++)
		free(q->terms[i].text);
	for (i = 0; i < q->npats; i++)
		free(q->pats[i].text);
	free(q->terms);
	free(q->alts);
	free(q->slots);
	free(q->exps);
	free(q->pats);
	free(q->phrases);
	free(q->squash);
	free(q);
}
