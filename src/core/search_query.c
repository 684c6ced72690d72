/* SPDX-License-Identifier: MIT */
/* search_query.c: parsing a query once into terms and their expansions
 * (exact token, prefixes of the last word, one-typo neighbours, other
 * words of the same English stem, a split word's parts, a run-together
 * word split back into vocabulary tokens, and the other terms of a
 * synonym set a run of query words belongs to) plus the patterns used for
 * highlighting, and the error codes the query names.
 *
 * Short queries (fewer than SEARCH_LOOSE_MIN_TERMS content terms) are what
 * a person types: every term must match, unless none matches them all.
 * Longer input is treated as pasted text: digits-only and one-letter words
 * are dropped too (search_rank.c then ranks by the words that match).
 * Stop words ("how", "my", "the", "fix") are kept for matching but carry
 * no weight when search_rank.c judges how confident a hit is. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search_impl.h"
#include "stem.h"
#include "strbuf.h"
#include "synonyms.h"
#include "tokenize.h"
#include "xalloc.h"

#define NO_TERM ((size_t)-1)

/* A word of the query as the tokenizer saw it. */
struct qword {
	size_t text, len;       /* in qparse.buf (joined form) */
	size_t parts;           /* first part in qparse.partv */
	unsigned nparts;
	unsigned noise;
	bool number;
	bool dropped;
	size_t term;            /* its term, NO_TERM when dropped */
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

/* Words that say nothing of what a question is about: function words,
 * and what anyone asking for help writes ("how to fix ...").  Sorted, as
 * the tokenizer folds them (apostrophes joined: "can't" is "cant"). */
static const char *const stop_words[] = {
	"a", "about", "after", "again", "all", "also", "am", "an", "and", "any",
	"anymore", "are", "as", "at", "be", "because", "been", "before",
	"being", "but", "by", "can", "cannot", "cant", "could", "couldnt",
	"did", "didnt", "do", "does", "doesnt", "doing", "dont", "each",
	"even", "ever", "every", "fix", "fixed", "fixing", "for", "from",
	"get", "gets", "getting", "got", "had", "has", "have", "having", "he",
	"help", "her", "here", "his", "how", "i", "if", "im", "in", "into",
	"is", "isnt", "issue", "issues", "it", "its", "ive", "just", "keep",
	"keeps", "me", "more", "my", "no", "not", "now", "of", "on", "once",
	"only", "or", "our", "out", "please", "problem", "problems",
	"resolve", "she", "should", "so", "solve", "some", "still",
	"suddenly", "than", "that", "thats", "the", "their", "them", "then",
	"there", "these", "they", "this", "those", "to", "too", "troubleshoot",
	"troubleshooting", "us", "very", "was", "wasnt", "we", "were",
	"what", "when", "where", "which", "while", "who", "why", "will",
	"with", "wont", "would", "wouldnt", "you", "your",
};

static int stop_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static bool is_stop_word(const char *s)
{
	return bsearch(s, stop_words, sizeof(stop_words) / sizeof(*stop_words),
		       sizeof(*stop_words), stop_cmp) != NULL;
}

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
		w->term = NO_TERM;
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

/* A token alternative of term t; a token the term already has keeps the
 * better quality (and its group: the word's own forms come first). */
static void add_token_alt(struct search_query *q, struct sq_term *t,
			  uint32_t token, float qual, uint32_t group)
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
	a->group = group;
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

static bool stem_below(const void *ctx, uint32_t i)
{
	const struct sx_bytes *k = ctx;
	const struct sx_stem *st = &k->idx->stems[i];

	return bytes_cmp(pool_str(k->idx, st->str), st->len, k->s, k->n) < 0;
}

/* Calls add(token, quality) for the other vocabulary words of the stem
 * of s[0..n) ("start", "starts", "started" for "starting"). */
static void expand_stem(const struct search_index *idx, struct stemmer *st,
			const char *s, size_t n, float qual,
			void (*add)(void *ctx, uint32_t token, float q), void *ctx)
{
	const char *stem;
	size_t len;
	struct sx_bytes key;
	uint32_t lo, k;

	if (!idx || !st || !idx->nstems)
		return;
	stem = stemmer_stem(st, s, n, &len);
	if (stem == s)
		return;   /* not a word the stemmer takes */
	key.idx = idx;
	key.s = stem;
	key.n = len;
	lo = sx_lower_bound(0, idx->nstems, stem_below, &key);
	for (k = 0; lo < idx->nstems && k < MAX_PREFIX_EXPANSIONS &&
	     bytes_cmp(pool_str(idx, idx->stems[lo].str), idx->stems[lo].len,
		       stem, len) == 0; lo++, k++)
		if (token_cmp(idx, idx->stems[lo].token, s, n) != 0)
			add(ctx, idx->stems[lo].token, qual);
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
	/* a word the pack has is no typo: its neighbours one edit away are
	 * other words ("managed", "manager") */
	if (token_find(idx, s, n, &t)) {
		add(ctx, t, 1.0f);
		typo = false;
	}
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
	const struct search_index *idx;
	struct search_query *q;
	struct sq_term *t;
	uint32_t group;
};

static void add_term_token(void *ctx, uint32_t token, float qual)
{
	struct term_ctx *c = ctx;

	add_token_alt(c->q, c->t, token, qual, c->group);
}

static void hl_add_exact(struct search_query *q, const char *text, size_t len);

/* A word of the same stem: highlighted where it stands, as it is. */
static void add_term_stem(void *ctx, uint32_t token, float qual)
{
	struct term_ctx *c = ctx;

	add_token_alt(c->q, c->t, token, qual, c->group);
	hl_add_exact(c->q, pool_str(c->idx, c->idx->tokens[token].str),
		     c->idx->tokens[token].len);
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
		   const size_t *lens, size_t n, bool last_prefix);

/* One token to highlight as it is: no prefix, no typo of it. */
static void hl_add_exact(struct search_query *q, const char *text, size_t len)
{
	hl_add(q, &text, &len, 1, false);
	q->pats[q->npats - 1].typo = false;
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
 * last piece is a prefix when prefix is set.  Each piece also matches
 * one typo away, or, when st is given, other words of its stem instead.
 * Returns false (adding nothing) when a piece has no expansion. */
static bool add_phrase_alt(const struct search_index *idx, struct search_query *q,
			   struct sq_term *t, const char *const *pieces,
			   const size_t *lens, size_t n, bool prefix, float qual,
			   bool highlight, struct stemmer *st, uint32_t group)
{
	size_t slots0 = q->nslots, exps0 = q->nexps, i;
	struct sq_alt *a;

	for (i = 0; i < n; i++) {
		bool pre = prefix && i + 1 == n && lens[i] >= 2;

		new_slot(q);
		expand_word(idx, pieces[i], lens[i], pre,
			    !st && lens[i] >= TYPO_MIN_LEN, add_slot_exp, q);
		expand_stem(idx, st, pieces[i], lens[i], Q_STEM, add_slot_exp, q);
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
	a->group = group;
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
				   Q_DECOMPOUND, true, NULL, 0)) {
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
					   Q_DECOMPOUND, true, NULL, 0))
				found++;
		}
	}
}

/* A synonym expansion waiting for its term to be built: alternatives of
 * a term must be contiguous. */
struct pend {
	size_t term;
	uint32_t syn;           /* idx->syns[] */
};

struct pends {
	struct pend *v;
	size_t n, cap;
};

/* The tokens of a synonym term: its parts, and its joined form when it
 * is one split word ("2FA", "multi-factor"). */
struct synparts {
	struct strbuf buf;
	size_t off[SYNONYM_MAX_TOKENS], len[SYNONYM_MAX_TOKENS];
	size_t n;
	size_t joined, joined_len;   /* in buf; joined_len 0: none */
	unsigned words;
};

static bool synparts_cb(const struct token *t, void *ctx)
{
	struct synparts *sp = ctx;

	if (t->noise & TOKEN_NOISE_DROP)
		return true;
	if (t->part == 0)
		sp->words++;
	if (t->compound) {
		sp->joined = sp->buf.len;
		sp->joined_len = t->len;
	} else if (sp->n < SYNONYM_MAX_TOKENS) {
		sp->off[sp->n] = sp->buf.len;
		sp->len[sp->n++] = t->len;
	} else {
		return false;
	}
	sb_add(&sp->buf, t->text, t->len);
	sb_putc(&sp->buf, '\0');
	return true;
}

/* The alternatives synonym term syn gives term t: one word as itself and
 * its stem's other words, several as a phrase; weaker than the words
 * typed (Q_SYN), and an IDF group of their own. */
static void add_synonym(const struct search_index *idx, struct search_query *q,
			struct sq_term *t, uint32_t syn, struct stemmer *st)
{
	const struct sx_syn *sy = &idx->syns[syn];
	struct synparts sp;
	struct term_ctx c = { idx, q, t, 1 + syn };
	const char *pieces[SYNONYM_MAX_TOKENS];
	uint32_t tok;
	size_t k;

	memset(&sp, 0, sizeof(sp));
	tokenize(pool_str(idx, sy->text), sy->textlen, synparts_cb, &sp);
	for (k = 0; k < sp.n; k++)
		pieces[k] = sp.buf.s + sp.off[k];
	if (sp.n == 1) {
		if (token_find(idx, pieces[0], sp.len[0], &tok))
			add_token_alt(q, t, tok, Q_SYN, c.group);
		expand_stem(idx, st, pieces[0], sp.len[0], Q_SYN * Q_STEM, add_term_stem, &c);
		hl_add_exact(q, pieces[0], sp.len[0]);
	} else if (sp.n > 1) {
		if (sp.words == 1 && sp.joined_len &&
		    token_find(idx, sp.buf.s + sp.joined, sp.joined_len, &tok)) {
			add_token_alt(q, t, tok, Q_SYN, c.group);
			hl_add_exact(q, sp.buf.s + sp.joined, sp.joined_len);
		}
		add_phrase_alt(idx, q, t, pieces, sp.len, sp.n, false, Q_SYN, true,
			       st, c.group);
	}
	sb_free(&sp.buf);
}

static void build_term(const struct search_index *idx, struct search_query *q,
		       struct qparse *p, const struct qword *w, bool last,
		       struct stemmer *st, const struct pends *pe)
{
	struct sq_term *t;
	struct term_ctx c;
	bool prefix = last && q->last_prefix;
	uint32_t tok;
	size_t k, self = q->nterms;

	q->terms = xgrow(q->terms, &q->termcap, q->nterms + 1, sizeof(*q->terms));
	t = &q->terms[q->nterms++];
	t->text = xstrndup(p->buf.s + w->text, w->len);
	t->len = w->len;
	t->first_alt = (uint32_t)q->nalts;
	t->nalts = 0;
	t->last = last;
	t->stop = w->number || w->len < 2 || is_stop_word(t->text);
	c.idx = idx;
	c.q = q;
	c.t = t;
	c.group = 0;
	/* numbers: a typo in one is another number */
	expand_word(idx, t->text, t->len, prefix, !w->number, add_term_token, &c);
	hl_add(q, (const char *const *)&t->text, &t->len, 1, prefix);
	if (w->number)
		q->pats[q->npats - 1].typo = false;
	if (w->nparts == 1) {
		/* a group of their own: "managed" is rare, while "manager" and
		 * "management" are everywhere */
		c.group = GROUP_STEMS;
		expand_stem(idx, st, t->text, t->len, Q_STEM, add_term_stem, &c);
		c.group = 0;
	}
	if (w->nparts > 1) {
		const char **pieces = xmalloc_array(w->nparts, sizeof(*pieces));
		size_t *lens = xmalloc_array(w->nparts, sizeof(*lens));

		for (k = 0; k < w->nparts; k++) {
			pieces[k] = p->buf.s + p->partv[w->parts + k].text;
			lens[k] = p->partv[w->parts + k].len;
		}
		add_phrase_alt(idx, q, t, pieces, lens, w->nparts, prefix, 1.0f, false,
			       NULL, 0);
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
	for (k = 0; k < pe->n; k++)
		if (pe->v[k].term == self)
			add_synonym(idx, q, t, pe->v[k].syn, st);
	/* an unknown word with digits in it is an id of something (a user,
	 * a request, a device): log noise, like hex */
	if (idx && !t->nalts && strpbrk(t->text, "0123456789"))
		t->stop = true;
}

/* ---- What the query names: error codes and synonyms -------------------------- */

/* The word's synonym key (synonyms.h): its parts' stems, run together. */
static void word_key(struct stemmer *st, const struct qparse *p,
		     const struct qword *w, struct strbuf *out)
{
	const char *s;
	size_t k, len;

	if (w->nparts <= 1) {
		s = stemmer_stem(st, p->buf.s + w->text, w->len, &len);
		sb_add(out, s, len);
		return;
	}
	for (k = 0; k < w->nparts; k++) {
		const struct qpart *pt = &p->partv[w->parts + k];

		s = stemmer_stem(st, p->buf.s + pt->text, pt->len, &len);
		sb_add(out, s, len);
	}
}

/* First synkeys[] entry whose key is >= s; *starts tells whether it
 * begins with s (else no longer run of words can match either). */
static uint32_t synkey_lower_bound(const struct search_index *idx, const char *s,
				   size_t n, bool *starts)
{
	uint32_t lo = 0, hi = idx->nsyns;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const struct sx_syn *sy = &idx->syns[idx->synkeys[mid]];

		if (bytes_cmp(pool_str(idx, sy->key), sy->keylen, s, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*starts = lo < idx->nsyns &&
		idx->syns[idx->synkeys[lo]].keylen >= n &&
		memcmp(pool_str(idx, idx->syns[idx->synkeys[lo]].key), s, n) == 0;
	return lo;
}

static bool same_key(const struct search_index *idx, const struct sx_syn *a,
		     const struct sx_syn *b)
{
	return a->keylen == b->keylen &&
		memcmp(pool_str(idx, a->key), pool_str(idx, b->key), a->keylen) == 0;
}

/* Term term gets the terms of set syn's set other than the words typed. */
static void pend_set(const struct search_index *idx, struct pends *pe,
		     size_t term, uint32_t syn)
{
	const struct sx_syn *hit = &idx->syns[syn];
	uint32_t lo = 0, hi = idx->nsyns, m;
	size_t k;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (idx->syns[mid].set < hit->set)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (m = lo; m < idx->nsyns && idx->syns[m].set == hit->set; m++) {
		bool dup = same_key(idx, &idx->syns[m], hit);

		for (k = 0; k < pe->n && !dup; k++)
			dup = pe->v[k].term == term &&
				same_key(idx, &idx->syns[pe->v[k].syn], &idx->syns[m]);
		if (dup)
			continue;
		pe->v = xgrow(pe->v, &pe->cap, pe->n + 1, sizeof(*pe->v));
		pe->v[pe->n].term = term;
		pe->v[pe->n].syn = m;
		pe->n++;
	}
}

/* Runs of query words that are a synonym term: every term of the run
 * gets the set's other terms as alternatives. */
static void find_synonyms(const struct search_index *idx, const struct qparse *p,
			  struct stemmer *st, struct pends *pe)
{
	struct strbuf key = STRBUF_INIT;
	size_t i, j, w, end = p->nwords < SYN_SCAN_WORDS ? p->nwords : SYN_SCAN_WORDS;

	if (!idx || !idx->nsyns)
		return;
	for (i = 0; i < end; i++) {
		size_t ntok = 0;

		if (p->words[i].noise & TOKEN_NOISE_DROP)
			continue;
		sb_truncate(&key, 0);
		for (j = i; j < p->nwords; j++) {
			const struct qword *wj = &p->words[j];
			bool starts;
			uint32_t k;

			ntok += wj->nparts;
			if ((wj->noise & TOKEN_NOISE_DROP) || ntok > SYNONYM_MAX_TOKENS)
				break;
			word_key(st, p, wj, &key);
			k = synkey_lower_bound(idx, key.s, key.len, &starts);
			if (!starts)
				break;
			for (; k < idx->nsyns; k++) {
				uint32_t syn = idx->synkeys[k];

				if (idx->syns[syn].keylen != key.len ||
				    memcmp(pool_str(idx, idx->syns[syn].key), key.s, key.len) != 0)
					break;
				for (w = i; w <= j; w++)
					if (p->words[w].term != NO_TERM)
						pend_set(idx, pe, p->words[w].term, syn);
			}
		}
	}
	sb_free(&key);
}

static void add_code(struct search_query *q, uint32_t key)
{
	size_t k;

	for (k = 0; k < q->ncodes; k++)
		if (q->codes[k] == key)
			return;
	q->codes = xgrow(q->codes, &q->codecap, q->ncodes + 1, sizeof(*q->codes));
	q->codes[q->ncodes++] = key;
}

static void add_phrase(struct search_query *q, uint32_t doc, uint64_t terms)
{
	struct sq_phrase *ph;

	q->keyphrases = xgrow(q->keyphrases, &q->keyphrasecap, q->nkeyphrases + 1,
			      sizeof(*q->keyphrases));
	ph = &q->keyphrases[q->nkeyphrases++];
	ph->doc = doc;
	ph->terms = terms;
}

/* True when keys[k] (and every key of the same text) is one article's. */
static bool key_of_one(const struct search_index *idx, uint32_t k)
{
	const struct sx_key *key = &idx->keys[k];
	uint32_t j;

	for (j = k; j-- > 0 && bytes_cmp(pool_str(idx, idx->keys[j].str), idx->keys[j].len,
					 pool_str(idx, key->str), key->len) == 0;)
		if (idx->keys[j].doc != key->doc)
			return false;
	for (j = k + 1; j < idx->nkeys &&
	     bytes_cmp(pool_str(idx, idx->keys[j].str), idx->keys[j].len,
		       pool_str(idx, key->str), key->len) == 0; j++)
		if (idx->keys[j].doc != key->doc)
			return false;
	return true;
}

/* Runs of query words that are, run together, an article's error code
 * or code-like keyword: "DeviceCapReached", "device cap reached"; and
 * runs of three or more words (two of them no stop words) that are a
 * whole keyword, title or message of one article only: "device not
 * syncing" quoted in a longer complaint. */
static void find_codes(const struct search_index *idx, struct search_query *q,
		       const struct qparse *p)
{
	struct strbuf sq = STRBUF_INIT;
	size_t i, j, end = p->nwords < SYN_SCAN_WORDS ? p->nwords : SYN_SCAN_WORDS;

	if (!idx || !idx->nkeys)
		return;
	for (i = 0; i < end; i++) {
		unsigned content = 0;
		uint64_t terms = 0;

		if (p->words[i].noise & TOKEN_NOISE_DROP)
			continue;
		sb_truncate(&sq, 0);
		for (j = i; j < p->nwords && j < i + CODE_MAX_WORDS; j++) {
			const struct qword *wj = &p->words[j];
			uint32_t lo = 0, hi = idx->nkeys;

			if (wj->noise & TOKEN_NOISE_DROP)
				break;
			content += !wj->number && wj->len >= 2 &&
				!is_stop_word(p->buf.s + wj->text);
			if (wj->term != NO_TERM && wj->term < 64)
				terms |= (uint64_t)1 << wj->term;
			sb_add(&sq, p->buf.s + wj->text, wj->len);
			while (lo < hi) {
				uint32_t mid = lo + (hi - lo) / 2;

				if (bytes_cmp(pool_str(idx, idx->keys[mid].str),
					      idx->keys[mid].len, sq.s, sq.len) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo == idx->nkeys || idx->keys[lo].len < sq.len ||
			    memcmp(pool_str(idx, idx->keys[lo].str), sq.s, sq.len) != 0)
				break;   /* no key starts so: a longer run cannot be one */
			for (; lo < idx->nkeys && idx->keys[lo].len == sq.len &&
			     memcmp(pool_str(idx, idx->keys[lo].str), sq.s, sq.len) == 0; lo++) {
				if (idx->keys[lo].field & (KEY_MSGNUM | KEY_CODEWORD))
					add_code(q, lo);
				else if (j >= i + 2 && content >= 2 && key_of_one(idx, lo))
					add_phrase(q, idx->keys[lo].doc, terms);
			}
		}
	}
	sb_free(&sq);
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
	struct stemmer *st = NULL;
	struct pends pe = { NULL, 0, 0 };
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
			w->dropped = q->noisy = true;
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
		w->term = k < nkept ? k : NO_TERM;
	}
	if (idx && nkept) {
		st = stemmer_new();
		find_synonyms(idx, &p, st, &pe);
		find_codes(idx, q, &p);
	}
	for (k = 0; k < nkept; k++)
		build_term(idx, q, &p, &p.words[kept[k]], kept[k] == last, st, &pe);
	stemmer_free(st);
	free(pe.v);
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
	free(q->codes);
	free(q->keyphrases);
	free(q);
}
