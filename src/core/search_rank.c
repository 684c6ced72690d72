/* SPDX-License-Identifier: MIT */
/* search_rank.c: running a parsed query against the index and ranking.
 *
 * Ranking is BM25F over five fields (weights in search_index.c) with
 * per-term expansions: the exact token, prefixes of the last term, tokens
 * one edit away (5+ characters), other words of its stem, a split word's
 * parts as a phrase, a run-together word split back into vocabulary tokens
 * as a phrase, and synonym terms.  A term's score in an article is the
 * best of its expansions, each discounted by how loose it is; the word's
 * own forms share one IDF (from their combined document frequency) so a
 * rare completion cannot outweigh the word typed, and each synonym term
 * has its own.  Bonuses: the whole query equal to a whole
 * keyword/code/message, and consecutive query terms that stand next to
 * each other in the article.
 *
 * Which articles are hits, in order (see search.h for the rules):
 *  1. articles whose error code the query names, then those with a
 *     code-like keyword it names -- always;
 *  2. typed queries: the articles matching every term; when there are
 *     none, and for pasted text, the articles whose matched terms carry
 *     RELAX_MIN of the query's informative weight;
 *  3. each hit confident or weak (CONF_MIN), confident ones first. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search_impl.h"
#include "xalloc.h"

static float idf_of(uint32_t df, uint32_t n)
{
	return (float)log(1.0 + ((double)n - df + 0.5) / (df + 0.5));
}

/* ---- Running ------------------------------------------------------------------- */

struct acc {
	float score;
	float cur;              /* the current term's best so far */
	float cover;            /* informative weight of the terms matched */
	float conf;             /* the same, by how strongly each matched */
	float ccur;             /* the current term's part of conf */
	float bonus;            /* whole-key bonus */
	uint32_t term;          /* current term + 1 */
	uint32_t ninf;          /* informative terms matched */
	bool specific;          /* one of them is in few articles */
	uint64_t mask;          /* terms matched */
	unsigned code;          /* search_hit.code */
	bool whole;             /* the whole query is one of its keys */
};

static float saturate(float wtf)
{
	return wtf * (BM25_K1 + 1) / (BM25_K1 + wtf);
}

/* Term term scores s in the article; iw is the term's informative weight
 * and strength how well the article has it: the expansion's quality times
 * its saturated field weight.  The match counts fully towards confidence
 * from a title-like mention (CONF_FULL) up; whether the expansion is a
 * rarer or a commoner word than the one typed does not matter there. */
static void contribute(struct acc *a, uint32_t term, float s, float iw,
		       float strength, bool specific)
{
	float c = strength >= CONF_FULL ? iw : iw * strength / CONF_FULL;

	if (a->term != term + 1) {
		a->term = term + 1;
		a->cur = s;
		a->score += s;
		a->ccur = c;
		a->conf += c;
		a->cover += iw;
		a->ninf += iw > 0;
		a->specific |= specific;
		a->mask |= (uint64_t)1 << term;
	} else {
		if (s > a->cur) {
			a->score += s - a->cur;
			a->cur = s;
		}
		if (c > a->ccur) {
			a->conf += c - a->ccur;
			a->ccur = c;
		}
	}
}

/* Postings of token t for doc d, or NULL. */
static const struct sx_posting *find_posting(const struct search_index *idx,
					     uint32_t t, uint32_t d)
{
	struct sx_doc_key k = { idx->postings, d };
	uint32_t lo = sx_lower_bound(idx->tokens[t].post, idx->tokens[t + 1].post,
				     posting_below, &k);

	if (lo < idx->tokens[t + 1].post && idx->postings[lo].doc == d)
		return &idx->postings[lo];
	return NULL;
}

struct pos_key {
	const uint32_t *v;
	uint32_t pos;
};

static bool pos_below(const void *ctx, uint32_t i)
{
	const struct pos_key *k = ctx;

	return k->v[i] < k->pos;
}

static bool has_pos(const struct search_index *idx, const struct sx_posting *p,
		    uint32_t pos)
{
	struct pos_key k = { idx->positions + p->pos, pos };
	uint32_t lo = sx_lower_bound(0, p->npos, pos_below, &k);

	return lo < p->npos && k.v[lo] == pos;
}

/* Moves *cur (an index into token t's postings) to the first posting of an
 * article >= d, galloping, and returns it if it is d's.  Articles are
 * visited in ascending order, so the cursors only move forward. */
static const struct sx_posting *seek_posting(const struct search_index *idx,
					     uint32_t t, uint32_t *cur, uint32_t d)
{
	const struct sx_posting *v = idx->postings;
	uint32_t end = idx->tokens[t + 1].post, lo = *cur, step = 1, hi;

	if (lo < end && v[lo].doc < d) {
		struct sx_doc_key k = { v, d };

		while (lo + step < end && v[lo + step].doc < d) {
			lo += step;
			step *= 2;
		}
		hi = lo + step < end ? lo + step : end;
		lo = sx_lower_bound(lo + 1, hi, posting_below, &k);
	}
	*cur = lo;
	return lo < end && v[lo].doc == d ? &v[lo] : NULL;
}

struct found {
	const struct sx_posting *p;
	float q;
};

/* Evaluates a phrase alternative.  With accs NULL only counts the
 * articles it occurs in; otherwise adds its score to them. */
static uint32_t run_phrase(const struct search_index *idx,
			   const struct search_query *q, const struct sq_alt *a,
			   struct acc *accs, uint32_t term, float idf, float iw, float cf,
			   bool specific)
{
	const struct sq_slot *slots = q->slots + a->first;
	/* the alternative's expansions are contiguous in q->exps */
	const uint32_t base = slots[0].first;
	uint32_t drv = 0, s, df = 0, nexp = 0;
	uint64_t best = UINT64_MAX;
	uint32_t *cur;
	struct found *fv;
	size_t *fstart, *fn;

	for (s = 0; s < a->n; s++) {
		uint64_t tot = 0;
		uint32_t e;

		for (e = 0; e < slots[s].n; e++)
			tot += token_df(idx, q->exps[slots[s].first + e].token);
		if (tot < best) {
			best = tot;
			drv = s;   /* the rarest slot drives */
		}
		nexp += slots[s].n;
	}
	cur = xmalloc_array(nexp + 1, sizeof(*cur));
	fv = xmalloc_array(nexp + 1, sizeof(*fv));
	fstart = xmalloc_array(a->n + 1, sizeof(*fstart));
	fn = xmalloc_array(a->n + 1, sizeof(*fn));
	for (s = 0; s < nexp; s++)
		cur[s] = idx->tokens[q->exps[base + s].token].post;
	for (;;) {
		uint32_t d = UINT32_MAX, e, k;
		size_t nf = 0;
		float wtf = 0;
		bool ok = true;

		for (e = slots[drv].first; e < slots[drv].first + slots[drv].n; e++) {
			uint32_t t = q->exps[e].token;

			if (cur[e - base] < idx->tokens[t + 1].post &&
			    idx->postings[cur[e - base]].doc < d)
				d = idx->postings[cur[e - base]].doc;
		}
		if (d == UINT32_MAX)
			break;
		for (s = 0; s < a->n && ok; s++) {
			fstart[s] = nf;
			for (e = slots[s].first; e < slots[s].first + slots[s].n; e++) {
				const struct sx_posting *p =
					seek_posting(idx, q->exps[e].token, &cur[e - base], d);

				if (!p)
					continue;
				if (s == drv)
					cur[e - base]++;
				fv[nf].p = p;
				fv[nf].q = q->exps[e].q;
				nf++;
			}
			fn[s] = nf - fstart[s];
			ok = fn[s] > 0;
		}
		if (!ok) {
			/* still move the driver past d */
			for (e = slots[drv].first; e < slots[drv].first + slots[drv].n; e++)
				if (seek_posting(idx, q->exps[e].token, &cur[e - base], d))
					cur[e - base]++;
			continue;
		}
		for (k = 0; k < fn[drv]; k++) {
			const struct found *f = &fv[fstart[drv] + k];
			uint32_t i;

			for (i = 0; i < f->p->npos; i++) {
				uint32_t p0 = idx->positions[f->p->pos + i];
				float qo = f->q;

				if (p0 < drv)
					continue;
				p0 -= drv;
				for (s = 0; s < a->n && qo > 0; s++) {
					float bq = 0;
					size_t m;

					if (s == drv)
						continue;
					for (m = 0; m < fn[s]; m++) {
						const struct found *g = &fv[fstart[s] + m];

						if (g->q > bq && has_pos(idx, g->p, p0 + s))
							bq = g->q;
					}
					qo = bq < qo ? bq : qo;
				}
				if (qo > 0)
					wtf += qo * idx->docs[d].norm[field_of(&idx->docs[d], p0)];
			}
		}
		if (wtf > 0) {
			df++;
			if (accs)
				contribute(&accs[d], term, a->q * idf * saturate(wtf), iw,
					   cf * saturate(wtf), specific);
		}
	}
	free(cur);
	free(fv);
	free(fstart);
	free(fn);
	return df;
}

/* Codes first, then confident hits, best first; ties in article order. */
static inline bool hit_before(const struct search_hit *a, const struct search_hit *b)
{
	if (a->code != b->code)
		return a->code > b->code;
	if (a->weak != b->weak)
		return b->weak;
	return a->score > b->score || (a->score == b->score && a->article < b->article);
}

static void sift_down(struct search_hit *v, size_t i, size_t n)
{
	for (;;) {
		size_t c = 2 * i + 1;
		struct search_hit t;

		if (c >= n)
			return;
		if (c + 1 < n && hit_before(&v[c], &v[c + 1]))
			c++;
		if (!hit_before(&v[i], &v[c]))
			return;
		t = v[i];
		v[i] = v[c];
		v[c] = t;
		i = c;
	}
}

/* In place, no allocation, comparison inlined: a short query can hit every
 * article, and qsort's callback per comparison (and glibc's temporary
 * buffer) cost more than the scoring.  Quicksort on the larger side by
 * iteration, heapsort when the depth budget runs out, insertion sort for
 * small runs. */
static void sort_hits(struct search_hit *v, size_t n)
{
	unsigned depth = 0;
	size_t m;

	for (m = n; m > 1; m >>= 1)
		depth += 2;
	while (n > 16) {
		struct search_hit pivot, t;
		size_t i, j;

		if (!depth--) {
			for (i = n / 2; i-- > 0;)
				sift_down(v, i, n);
			for (i = n; i-- > 1;) {
				t = v[0];
				v[0] = v[i];
				v[i] = t;
				sift_down(v, 0, i);
			}
			return;
		}
		/* median of three */
		{
			struct search_hit *a = &v[0], *b = &v[n / 2], *c = &v[n - 1];

			if (hit_before(b, a)) { t = *a; *a = *b; *b = t; }
			if (hit_before(c, b)) { t = *b; *b = *c; *c = t; }
			if (hit_before(b, a)) { t = *a; *a = *b; *b = t; }
			pivot = *b;
		}
		i = 0;
		j = n - 1;
		for (;;) {
			while (hit_before(&v[i], &pivot))
				i++;
			while (hit_before(&pivot, &v[j]))
				j--;
			if (i >= j)
				break;
			t = v[i];
			v[i] = v[j];
			v[j] = t;
			i++;
			j--;
		}
		/* v[0..j] <= pivot <= v[j+1..n) */
		if (j + 1 < n - j - 1) {
			sort_hits(v, j + 1);
			v += j + 1;
			n -= j + 1;
		} else {
			sort_hits(v + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	for (m = 1; m < n; m++) {
		struct search_hit t = v[m];
		size_t k = m;

		for (; k > 0 && hit_before(&t, &v[k - 1]); k--)
			v[k] = v[k - 1];
		v[k] = t;
	}
}

/* Positions of term t's token expansions in doc d, appended to *v. */
static size_t term_positions(const struct search_index *idx,
			     const struct search_query *q, const struct sq_term *t,
			     uint32_t d, uint32_t **v, size_t *cap)
{
	size_t n = 0, a;

	for (a = t->first_alt; a < t->first_alt + t->nalts; a++) {
		const struct sx_posting *p;

		if (q->alts[a].kind != ALT_TOKEN ||
		    !(p = find_posting(idx, q->alts[a].token, d)))
			continue;
		*v = xgrow(*v, cap, n + p->npos, sizeof(**v));
		memcpy(*v + n, idx->positions + p->pos, p->npos * sizeof(**v));
		n += p->npos;
	}
	return n;
}

static int u32_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

/* Smallest b - a in (0, ADJ_WINDOW] for a in A, b in B; 0 if none. */
static uint32_t nearest_after(const uint32_t *a, size_t na, const uint32_t *b,
			      size_t nb)
{
	size_t i = 0, j = 0;
	uint32_t best = 0;

	while (i < na && j < nb) {
		if (b[j] <= a[i]) {
			j++;
			continue;
		}
		if (b[j] - a[i] <= ADJ_WINDOW && (!best || b[j] - a[i] < best))
			best = b[j] - a[i];
		i++;
	}
	return best;
}

static void adjacency_bonus(const struct search_index *idx,
			    const struct search_query *q, const float *tw,
			    struct search_hit *r, size_t n, const struct acc *accs)
{
	uint32_t *pa = NULL, *pb = NULL;
	size_t capa = 0, capb = 0, i, t;

	for (i = 0; i < n; i++) {
		uint32_t d = (uint32_t)r[i].article;
		size_t na = 0, nb;

		for (t = 0; t + 1 < q->nterms; t++) {
			uint32_t dist;
			uint32_t *sw;
			size_t sc;

			if (!(accs[d].mask >> t & 1) || !(accs[d].mask >> (t + 1) & 1)) {
				na = 0;
				continue;
			}
			/* a term found only as a phrase has no token positions
			 * (and qsort must not be given NULL) */
			if (!na) {
				na = term_positions(idx, q, &q->terms[t], d, &pa, &capa);
				if (na > 1)
					qsort(pa, na, sizeof(*pa), u32_cmp);
			}
			nb = term_positions(idx, q, &q->terms[t + 1], d, &pb, &capb);
			if (nb > 1)
				qsort(pb, nb, sizeof(*pb), u32_cmp);
			dist = nearest_after(pa, na, pb, nb);
			if (dist)
				r[i].score += ADJ_BONUS *
					(tw[t] < tw[t + 1] ? tw[t] : tw[t + 1]) / (float)dist;
			/* the next pair starts with this term's positions */
			sw = pa;
			pa = pb;
			pb = sw;
			sc = capa;
			capa = capb;
			capb = sc;
			na = nb;
		}
	}
	free(pa);
	free(pb);
}

/* Nearest distance (either order) between positions in two sorted
 * lists; UINT32_MAX when one is empty. */
static uint32_t nearest(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i = 0, j = 0;
	uint32_t best = UINT32_MAX;

	while (i < na && j < nb) {
		uint32_t dd = a[i] < b[j] ? b[j] - a[i] : a[i] - b[j];

		if (dd < best)
			best = dd;
		if (a[i] < b[j])
			i++;
		else
			j++;
	}
	return best;
}

/* Whether some two informative query terms that follow each other in
 * the query (stop words and unmatched words skipped) stand near each
 * other in article d.  The words of one question that an article has
 * only far apart, each in passing, answer it weakly ("app protection
 * policy").  A term found only as a phrase has no token positions: the
 * pair then gets the benefit of the doubt, as does a single term. */
static bool cohesive(const struct search_index *idx, const struct search_query *q,
		     const float *iw, uint32_t d, uint64_t mask,
		     uint32_t **pa, size_t *capa, uint32_t **pb, size_t *capb)
{
	size_t na = 0, nb, sc, pairs = 0;
	uint32_t t, *sw;

	for (t = 0; t < q->nterms; t++) {
		if (iw[t] <= 0 || !(mask >> t & 1))
			continue;
		nb = term_positions(idx, q, &q->terms[t], d, pb, capb);
		if (nb > 1)
			qsort(*pb, nb, sizeof(**pb), u32_cmp);
		if (pairs++ &&
		    (!na || !nb || nearest(*pa, na, *pb, nb) <= COHESION_WINDOW))
			return true;
		sw = *pa;
		*pa = *pb;
		*pb = sw;
		sc = *capa;
		*capa = *capb;
		*capb = sc;
		na = nb;
	}
	return pairs < 2;
}

/* Confidence of the best hits, by cohesion: a hit whose informative
 * words stand nowhere near each other (see cohesive) loses some. */
static void confirm_cohesion(const struct search_index *idx,
			     const struct search_query *q, const float *iw,
			     struct search_hit *r, size_t n, const struct acc *accs,
			     float need_conf)
{
	uint32_t *pa = NULL, *pb = NULL;
	size_t capa = 0, capb = 0, i;

	for (i = 0; i < n; i++) {
		const struct acc *a = &accs[r[i].article];

		if (r[i].weak || r[i].code || a->whole || a->ninf < 2 ||
		    cohesive(idx, q, iw, (uint32_t)r[i].article, a->mask,
			     &pa, &capa, &pb, &capb))
			continue;
		r[i].confidence *= COHESION;
		r[i].weak = r[i].confidence < need_conf;
	}
	free(pa);
	free(pb);
}

static bool key_below(const void *ctx, uint32_t i)
{
	const struct sx_bytes *k = ctx;
	const struct sx_key *key = &k->idx->keys[i];

	return bytes_cmp(pool_str(k->idx, key->str), key->len, k->s, k->n) < 0;
}

/* Bonus for articles having the whole query as one of their keywords,
 * codes, titles or messages (squashed, so "device cap reached" equals
 * "DeviceCapReached"); half of it, scaled by how much is typed, when the
 * query is the start of one.  The best per article counts. */
static void key_bonus(const struct search_index *idx, const struct search_query *q,
		      struct acc *accs, float total)
{
	static const float ff[NFIELDS] = {
		[F_CODE] = 1.0f, [F_TITLE] = 0.8f, [F_MSG] = 0.8f,
		[F_SYMPTOM] = 0, [F_REST] = 0
	};
	bool prefix = q->last_prefix && q->squash_len >= 4;
	struct sx_bytes key = { idx, q->squash, q->squash_len };
	uint32_t lo, i;

	if (!q->squash_len)
		return;
	lo = sx_lower_bound(0, idx->nkeys, key_below, &key);
	/* exact keys sort first, then the longer ones it starts */
	for (i = lo; i < idx->nkeys && i < lo + 1024; i++) {
		const struct sx_key *k = &idx->keys[i];
		struct acc *a = &accs[k->doc];
		float b;

		if (k->len < q->squash_len ||
		    memcmp(pool_str(idx, k->str), q->squash, q->squash_len) != 0)
			break;
		if (k->len == q->squash_len) {
			b = EXACT_KEY_BONUS * ff[k->field & KEY_FIELD] * total;
			if (a->mask && ff[k->field & KEY_FIELD] > 0)
				a->whole = true;
		} else if (!prefix) {
			break;
		} else if (q->squash_len * 2 >= k->len) {
			b = PREFIX_KEY_BONUS * ff[k->field & KEY_FIELD] * total *
				(float)q->squash_len / (float)k->len;
		} else {
			continue;
		}
		if (a->mask && b > a->bonus)
			a->bonus = b;   /* only for articles the terms found */
	}
}

/* IDF of each alternative: the token alternatives of one group (the
 * word's own forms, its stem's other words, or one synonym term's) share
 * one document frequency, their summed one (capped); a phrase has its
 * own.  An expansion never scores above the word typed: when the pack
 * has the word itself, no other group's IDF exceeds its own.  cf[a] is
 * how much a match through alternative a says for confidence: its
 * quality, less when it is a commoner word than the one typed.  Returns
 * the term's weight: its own forms' quality times IDF, or, when the pack
 * has none of them, the best expansion's, or the IDF of a word in no
 * article when it has nothing. */
static float term_idf(const struct search_index *idx, const struct search_query *q,
		      uint32_t t, float *alt_idf, float *cf)
{
	const struct sq_term *term = &q->terms[t];
	uint32_t a, b, half = idx->ndocs / 2, first = term->first_alt;
	uint32_t end = first + term->nalts;
	uint64_t anydf = 0, own = 0;
	float tw = 0, ownw = 0, own_idf;

	for (a = first; a < end; a++) {
		cf[a] = q->alts[a].q;
		if (q->alts[a].kind == ALT_TOKEN && q->alts[a].group == 0)
			own += token_df(idx, q->alts[a].token);
	}
	/* pasted text: a word most articles have says nothing, whatever its
	 * synonyms or other forms would say */
	if (q->loose && own > half && idx->ndocs >= 8) {
		for (a = first; a < end; a++)
			alt_idf[a] = 0;
		return 0;
	}
	if (own > idx->ndocs)
		own = idx->ndocs;
	own_idf = own ? idf_of((uint32_t)own, idx->ndocs) : 0;
	for (a = first; a < end; a++) {
		const struct sq_alt *al = &q->alts[a];
		uint64_t df = 0;

		if (al->kind == ALT_TOKEN) {
			for (b = first; b < end; b++)
				if (q->alts[b].kind == ALT_TOKEN && q->alts[b].group == al->group)
					df += token_df(idx, q->alts[b].token);
			if (df > idx->ndocs)
				df = idx->ndocs;
		} else {
			df = run_phrase(idx, q, al, NULL, t, 0, 0, 0, false);
		}
		anydf += df;
		alt_idf[a] = df ? idf_of((uint32_t)df, idx->ndocs) : 0;
		/* pasted text: words in most articles say nothing */
		if (q->loose && df > half && idx->ndocs >= 8)
			alt_idf[a] = 0;
		if (al->group != 0 && own && alt_idf[a] > own_idf)
			alt_idf[a] = own_idf;
		if (al->q * alt_idf[a] > tw)
			tw = al->q * alt_idf[a];
		if (al->group == 0 && al->q * alt_idf[a] > ownw)
			ownw = al->q * alt_idf[a];
	}
	/* in no article, in any form: it weighs the most */
	if (!anydf)
		return idf_of(0, idx->ndocs);
	return own ? ownw : tw;
}

static void code_tiers(const struct search_index *idx, const struct search_query *q,
		       struct acc *accs, const float *iw, float info)
{
	size_t k;
	uint32_t t;

	/* a whole key of one article, quoted in a longer query that is
	 * mostly about it: as good as the whole query being one */
	for (k = 0; k < q->nkeyphrases; k++) {
		const struct sq_phrase *ph = &q->keyphrases[k];
		float w = 0;

		for (t = 0; t < q->nterms && t < 64; t++)
			if (ph->terms >> t & 1)
				w += iw[t];
		if (accs[ph->doc].mask && w >= PHRASE_SHARE * info)
			accs[ph->doc].whole = true;
	}

	for (k = 0; k < q->ncodes; k++) {
		const struct sx_key *key = &idx->keys[q->codes[k]];
		unsigned tier = key->field & KEY_MSGNUM ? 2 : 1;

		if (accs[key->doc].code < tier)
			accs[key->doc].code = tier;
	}
}

static size_t run(const struct search_index *idx, const struct search_query *q,
		  size_t limit, bool weak, struct search_hit **hits)
{
		float *alt_idf, *cf, *tw, *iw, total = 0, info = 0, spec;
	bool *specific;
	struct acc *accs;
	struct search_hit *r = NULL;
	size_t nr = 0, cap = 0, top;
	uint32_t t, d, ninfo = 0, need;
	uint64_t all;
	size_t k;
	float need_conf = q && q->noisy ? CONF_MIN_LOG : CONF_MIN;
	bool strict;

	*hits = NULL;
	if (!idx || !q || !q->nterms || !idx->ndocs)
		return 0;
	alt_idf = xcalloc(q->nalts + 1, sizeof(*alt_idf));
	cf = xcalloc(q->nalts + 1, sizeof(*cf));
	tw = xcalloc(q->nterms + 1, sizeof(*tw));
	iw = xcalloc(q->nterms + 1, sizeof(*iw));
	specific = xcalloc(q->nterms + 1, sizeof(*specific));
	/* a word in at most a quarter of the articles */
	spec = idf_of(idx->ndocs >= 8 ? idx->ndocs / 4 : 1, idx->ndocs);
	for (t = 0; t < q->nterms; t++) {
		tw[t] = term_idf(idx, q, t, alt_idf, cf);
		total += tw[t];
		iw[t] = q->terms[t].stop ? 0 : tw[t];
		info += iw[t];
		ninfo += iw[t] > 0;
		specific[t] = iw[t] > 0 && iw[t] >= spec;
	}
	accs = xcalloc(idx->ndocs, sizeof(*accs));
	for (t = 0; t < q->nterms; t++) {
		const struct sq_term *term = &q->terms[t];
		uint32_t a;

		for (a = term->first_alt; a < term->first_alt + term->nalts; a++) {
			const struct sq_alt *al = &q->alts[a];
			float f = al->q * alt_idf[a];
			uint32_t p;

			if (alt_idf[a] <= 0)
				continue;
			if (al->kind == ALT_PHRASE) {
				run_phrase(idx, q, al, accs, t, alt_idf[a], iw[t], cf[a],
					   specific[t]);
				continue;
			}
			for (p = idx->tokens[al->token].post;
			     p < idx->tokens[al->token + 1].post; p++) {
				const struct sx_posting *ps = &idx->postings[p];
				float sat = saturate(ps->wtf);

				contribute(&accs[ps->doc], t, f * sat, iw[t], cf[a] * sat,
					   specific[t]);
			}
		}
	}
	key_bonus(idx, q, accs, total);
	code_tiers(idx, q, accs, iw, info);
	all = q->nterms >= 64 ? UINT64_MAX : ((uint64_t)1 << q->nterms) - 1;
	/* pasted text: two informative words at least (when it has two) */
	need = q->loose ? LOOSE_MIN_MATCHED : 1;
	if (need > ninfo)
		need = ninfo;
	/* typed: every term, unless no article has them all */
	strict = !q->loose;
	if (strict) {
		for (d = 0; d < idx->ndocs && accs[d].mask != all; d++)
			;
		strict = d < idx->ndocs;
	}
	for (d = 0; d < idx->ndocs; d++) {
		const struct acc *a = &accs[d];
		float cover, conf;
		bool cand;

		if (!a->mask && !a->code)
			continue;
		if (info > 0) {
			cover = a->cover / info;
			conf = a->conf / info;
		} else {
			/* nothing informative: all or nothing */
			cover = conf = a->mask == all ? 1.0f : 0.0f;
		}
		if (strict)
			cand = a->mask == all;
		else
			cand = cover >= RELAX_MIN && a->ninf >= need;
		if (!cand && !a->code && !a->whole)
			continue;
		r = xgrow(r, &cap, nr + 1, sizeof(*r));
		r[nr].article = d;
		r[nr].score = a->score + a->bonus;
		r[nr].confidence = conf > 1 ? 1 : conf;
		r[nr].code = a->code;
		/* relaxed or pasted: common words alone ("iOS device enroll",
		 * the "7" that said which one dropped as a number) say
		 * too little to be sure of */
		r[nr].weak = !a->code && !a->whole &&
			(conf < need_conf || (!strict && !a->specific));
		nr++;
	}
	if (nr) {
		sort_hits(r, nr);
		top = nr < RERANK_TOP ? nr : RERANK_TOP;
		if (q->nterms > 1) {
			confirm_cohesion(idx, q, iw, r, top, accs, need_conf);
			adjacency_bonus(idx, q, tw, r, top, accs);
			sort_hits(r, nr);
		}
		/* the weak ones come last */
		for (k = 0; k < nr && !(r[k].weak && !weak); k++)
			;
		nr = k;
		if (limit && nr > limit)
			nr = limit;
	}
	if (nr) {
		*hits = r;
	} else {
		free(r);
	}
	free(accs);
	free(alt_idf);
	free(cf);
	free(tw);
	free(iw);
	free(specific);
	return nr;
}

size_t search_query_run(const struct search_index *idx,
			const struct search_query *q, size_t limit,
			struct search_hit **hits)
{
	return run(idx, q, limit, false, hits);
}

size_t search_query_run_all(const struct search_index *idx,
			    const struct search_query *q, size_t limit,
			    struct search_hit **hits)
{
	return run(idx, q, limit, true, hits);
}

size_t search_run(const struct search_index *idx, const char *query,
		  size_t limit, struct search_hit **hits)
{
	struct search_query *q = search_query_new(idx, query);
	size_t n = search_query_run(idx, q, limit, hits);

	search_query_free(q);
	return n;
}
