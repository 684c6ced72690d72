/* search.c: the index (built once per kb), query parsing, ranking and
 * highlighting ranges.
 *
 * The index is flat: one string pool and arrays of fixed-size records that
 * refer to each other by 32-bit offsets, never by pointer, so a later
 * change can write them to a cache file and mmap them back unchanged:
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
 *                an exact whole-code match is one binary search
 *
 * Ranking is BM25F over five fields (weights below) with per-term
 * expansions: the exact token, prefixes of the last term, tokens one edit
 * away (5+ characters), a split word's parts as a phrase and a run-together
 * word split back into vocabulary tokens as a phrase.  A term's score in an
 * article is the best of its expansions, each discounted by how loose it
 * is; the word expansions share one IDF (from their combined document
 * frequency) so a rare completion cannot outweigh the word typed.  Bonuses: the whole query equal to a whole keyword/code/message, and
 * consecutive query terms that stand next to each other in the article.
 *
 * Short queries (fewer than SEARCH_LOOSE_MIN_TERMS content terms) are what
 * a person types: every term must match.  Longer input is treated as pasted
 * text: digits-only and one-letter words are dropped too, and an article
 * qualifies when the terms it matches carry at least LOOSE_COVERAGE of the
 * query's IDF weight (and at least two terms), so the rare words of a log
 * line decide and its common words cannot make everything match. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "strbuf.h"
#include "tokenize.h"
#include "xalloc.h"

/* ---- Tuning ---------------------------------------------------------------- */

/* Walk order = position order inside an article. */
enum field { F_CODE, F_TITLE, F_SYMPTOM, F_REST, F_MSG, NFIELDS };

static const float field_weight[NFIELDS] = {
	[F_CODE] = 8.0f, [F_TITLE] = 5.0f, [F_MSG] = 3.0f,
	[F_SYMPTOM] = 2.0f, [F_REST] = 1.0f
};
static const float field_b[NFIELDS] = {
	[F_CODE] = 0.5f, [F_TITLE] = 0.5f, [F_MSG] = 0.5f,
	[F_SYMPTOM] = 0.75f, [F_REST] = 0.75f
};
#define BM25_K1 1.5f

/* Five or more content words: pasted text, not a typed query.  Typed
 * queries are a code, a message fragment or a few keywords; messages
 * people paste whole ("Profile Installation Failed. A Network Error Has
 * Occurred.") and log lines are longer. */
#define SEARCH_LOOSE_MIN_TERMS 5
#define LOOSE_COVERAGE 0.3f
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

struct sx_key {
	uint32_t str, len;      /* pool: squashed text */
	uint32_t doc, field;
};

struct search_index {
	uint32_t ndocs, ntokens, npostings, npositions, ndeletes, nkeys;
	char *pool;
	size_t pool_len;
	struct sx_token *tokens;          /* ntokens + 1 */
	struct sx_posting *postings;
	uint32_t *positions;
	struct sx_doc *docs;
	struct sx_delete *deletes;
	struct sx_key *keys;
};

/* ---- Small helpers ------------------------------------------------------------ */

/* Natural log without libm (the core links no -lm): frexp by hand, then
 * ln(m) = 2 atanh((m - 1) / (m + 1)). */
static double ln(double x)
{
	static const double ln2 = 0.69314718055994530942;
	double y, y2, sum = 0, term;
	int e = 0, k;

	if (x <= 0)
		return -1e30;
	while (x >= 2) {
		x /= 2;
		e++;
	}
	while (x < 1) {
		x *= 2;
		e--;
	}
	y = (x - 1) / (x + 1);
	y2 = y * y;
	term = y;
	for (k = 1; k < 40; k += 2) {
		sum += term / k;
		term *= y2;
	}
	return e * ln2 + 2 * sum;
}

static float idf_of(uint32_t df, uint32_t n)
{
	return (float)ln(1.0 + ((double)n - df + 0.5) / (df + 0.5));
}

static uint32_t hash32(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Hash of s without byte `skip`. */
static uint32_t hash32_skip(const char *s, size_t n, size_t skip)
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
static bool within_one_edit(const char *a, size_t la, const char *b, size_t lb)
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

static int bytes_cmp(const char *a, size_t la, const char *b, size_t lb)
{
	int c = memcmp(a, b, la < lb ? la : lb);

	if (c)
		return c;
	return la < lb ? -1 : la > lb;
}

static const char *pool_str(const struct search_index *idx, uint32_t off)
{
	return idx->pool + off;
}

static uint32_t pool_add(struct strbuf *pool, const char *s, size_t n)
{
	size_t off = pool->len;

	if (off + n + 1 > UINT32_MAX)
		xalloc_die();
	sb_add(pool, s, n);
	sb_putc(pool, '\0');
	return (uint32_t)off;
}

/* ---- Building ----------------------------------------------------------------- */

struct occ {
	uint32_t tok, doc, pos;
	uint32_t field;
};

struct builder {
	struct strbuf pool;
	/* vocabulary while building: unsorted, interned by hash */
	struct strbuf tpool;
	uint32_t *toff, *tlen, *tflags;
	size_t ntok, tcap;
	uint32_t *slots;          /* temp id + 1; 0 = empty */
	size_t nslots;
	struct occ *occ;
	size_t nocc, occcap;
	struct sx_doc *docs;
	uint32_t (*flen)[NFIELDS];
	/* the article being indexed */
	uint32_t doc, base, maxpos;
	enum field field;
	const char **msgs;
	size_t nmsgs, msgcap;
	struct strbuf text;
	struct strbuf squash;
	struct sx_key *keys;
	size_t nkeys, keycap;
};

static void intern_rehash(struct builder *b)
{
	size_t n = b->nslots ? b->nslots * 2 : 1024, i;

	free(b->slots);
	b->slots = xcalloc(n, sizeof(*b->slots));
	b->nslots = n;
	for (i = 0; i < b->ntok; i++) {
		size_t j = hash32(b->tpool.s + b->toff[i], b->tlen[i]) & (n - 1);

		while (b->slots[j])
			j = (j + 1) & (n - 1);
		b->slots[j] = (uint32_t)i + 1;
	}
}

static uint32_t intern(struct builder *b, const char *s, size_t n)
{
	size_t j;

	if ((b->ntok + 1) * 2 > b->nslots)
		intern_rehash(b);
	for (j = hash32(s, n) & (b->nslots - 1); b->slots[j];
	     j = (j + 1) & (b->nslots - 1)) {
		uint32_t id = b->slots[j] - 1;

		if (b->tlen[id] == n && memcmp(b->tpool.s + b->toff[id], s, n) == 0)
			return id;
	}
	if (b->ntok >= UINT32_MAX - 1)
		xalloc_die();
	if (b->ntok == b->tcap) {
		size_t cap = b->tcap;

		b->toff = xgrow(b->toff, &cap, b->ntok + 1, sizeof(*b->toff));
		cap = b->tcap;
		b->tflags = xgrow(b->tflags, &cap, b->ntok + 1, sizeof(*b->tflags));
		b->tlen = xgrow(b->tlen, &b->tcap, b->ntok + 1, sizeof(*b->tlen));
	}
	b->toff[b->ntok] = pool_add(&b->tpool, s, n);
	b->tlen[b->ntok] = (uint32_t)n;
	b->tflags[b->ntok] = 0;
	b->slots[j] = (uint32_t)b->ntok + 1;
	return (uint32_t)b->ntok++;
}

static bool index_cb(const struct token *t, void *ctx)
{
	struct builder *b = ctx;
	struct occ *o;
	uint32_t pos = b->base + t->pos;

	if (pos > b->maxpos)
		b->maxpos = pos;
	if (t->noise & TOKEN_NOISE_DROP)
		return true;
	if (b->nocc >= UINT32_MAX - 1 || pos >= UINT32_MAX - 4)
		xalloc_die();   /* the flat index addresses with 32 bits */
	b->occ = xgrow(b->occ, &b->occcap, b->nocc + 1, sizeof(*b->occ));
	o = &b->occ[b->nocc++];
	o->tok = intern(b, t->text, t->len);
	if (t->compound)
		b->tflags[o->tok] |= TOK_JOINED;
	o->doc = b->doc;
	o->pos = pos;
	o->field = b->field;
	if (!t->compound)
		b->flen[b->doc][b->field]++;
	return true;
}

/* Tokenizes one unit of text; units never touch (a gap of one position). */
static void index_text(struct builder *b, const char *s, size_t n)
{
	if (!s || !n)
		return;
	b->maxpos = b->base;
	tokenize(s, n, index_cb, b);
	b->base = b->maxpos + 2;
}

static bool squash_cb(const struct token *t, void *ctx)
{
	struct strbuf *sb = ctx;

	if (!t->compound && !(t->noise & TOKEN_NOISE_DROP))
		sb_add(sb, t->text, t->len);
	return true;
}

static void squash(struct strbuf *sb, const char *s, size_t n)
{
	sb_truncate(sb, 0);
	tokenize(s, n, squash_cb, sb);
}

static void add_key(struct builder *b, const char *s, enum field f)
{
	struct sx_key *k;

	if (!s)
		return;
	squash(&b->squash, s, strlen(s));
	if (!b->squash.len)
		return;
	b->keys = xgrow(b->keys, &b->keycap, b->nkeys + 1, sizeof(*b->keys));
	k = &b->keys[b->nkeys++];
	k->str = pool_add(&b->pool, b->squash.s, b->squash.len);
	k->len = (uint32_t)b->squash.len;
	k->doc = b->doc;
	k->field = f;
}

/* Inline text: the on-screen messages are remembered for the message
 * field; an internal cross-reference's text (usually the other article's
 * title) is left out, since that article owns those words. */
static void index_inline(struct builder *b, const struct kb_text *t)
{
	size_t i;

	sb_truncate(&b->text, 0);
	for (i = 0; i < t->n; i++) {
		const struct kb_span *sp = &t->spans[i];

		if (sp->kind == KB_SPAN_XREF && !sp->external && sp->target) {
			sb_putc(&b->text, ' ');
			continue;
		}
		if (sp->kind == KB_SPAN_MSG) {
			b->msgs = xgrow(b->msgs, &b->msgcap, b->nmsgs + 1,
					sizeof(*b->msgs));
			b->msgs[b->nmsgs++] = sp->text;
		}
		sb_puts(&b->text, sp->text);
	}
	index_text(b, b->text.s, b->text.len);
}

static void index_blocks(struct builder *b, const struct kb_blocks *bl)
{
	size_t i, j;

	for (i = 0; i < bl->n; i++) {
		const struct kb_block *k = &bl->v[i];

		switch (k->kind) {
		case KB_BLOCK_PARA:
		case KB_BLOCK_IMAGE:
			index_inline(b, &k->text);
			break;
		case KB_BLOCK_NOTE:
			index_blocks(b, &k->children);
			break;
		case KB_BLOCK_CODE:
			if (k->code)
				index_text(b, k->code, strlen(k->code));
			break;
		case KB_BLOCK_LIST:
			for (j = 0; j < k->nitems; j++)
				index_blocks(b, &k->items[j]);
			break;
		case KB_BLOCK_TABLE:
			if (k->table)
				for (j = 0; j < k->table->nrows * k->table->ncols; j++)
					index_inline(b, &k->table->cells[j]);
			break;
		}
	}
}

static void index_steps(struct builder *b, const struct kb_step *st, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		index_inline(b, &st[i].cmd);
		index_blocks(b, &st[i].info);
		index_steps(b, st[i].substeps, st[i].nsubsteps);
		index_blocks(b, &st[i].result);
	}
}

static void end_field(struct builder *b, enum field next)
{
	b->docs[b->doc].field_end[b->field] = b->base;
	b->field = next;
}

static void index_article(struct builder *b, const struct kb *kb, uint32_t d)
{
	const struct kb_article *a = kb->articles[d];
	struct sx_doc *doc = &b->docs[d];
	size_t i, r;

	b->doc = d;
	b->base = 0;
	b->nmsgs = 0;
	b->field = F_CODE;
	doc->id = pool_add(&b->pool, a->id, strlen(a->id));
	doc->title = pool_add(&b->pool, a->title ? a->title : "",
			      a->title ? strlen(a->title) : 0);
	if (a->ncategories) {
		const char *c = kb->categories[a->categories[0]].name;

		doc->category = pool_add(&b->pool, c, strlen(c));
	} else {
		doc->category = pool_add(&b->pool, "", 0);
	}

	for (i = 0; i < a->nkeywords; i++) {
		index_text(b, a->keywords[i], strlen(a->keywords[i]));
		add_key(b, a->keywords[i], F_CODE);
	}
	for (i = 0; i < a->ncodes; i++) {
		index_text(b, a->codes[i], strlen(a->codes[i]));
		add_key(b, a->codes[i], F_CODE);
	}
	end_field(b, F_TITLE);
	if (a->title) {
		index_text(b, a->title, strlen(a->title));
		add_key(b, a->title, F_TITLE);
	}
	/* title_text only for its messages */
	for (i = 0; i < a->title_text.n; i++)
		if (a->title_text.spans[i].kind == KB_SPAN_MSG) {
			b->msgs = xgrow(b->msgs, &b->msgcap, b->nmsgs + 1,
					sizeof(*b->msgs));
			b->msgs[b->nmsgs++] = a->title_text.spans[i].text;
		}
	end_field(b, F_SYMPTOM);
	if (a->shortdesc)
		index_text(b, a->shortdesc, strlen(a->shortdesc));
	index_blocks(b, &a->condition);
	end_field(b, F_REST);
	for (i = 0; i < a->nsolutions; i++) {
		const struct kb_solution *s = &a->solutions[i];

		index_blocks(b, &s->cause);
		for (r = 0; r < s->nremedies; r++) {
			const struct kb_remedy *m = &s->remedies[r];

			if (m->title)
				index_text(b, m->title, strlen(m->title));
			index_blocks(b, &m->responsible);
			index_steps(b, m->steps, m->nsteps);
			index_blocks(b, &m->informal);
		}
	}
	end_field(b, F_MSG);
	for (i = 0; i < b->nmsgs; i++) {
		index_text(b, b->msgs[i], strlen(b->msgs[i]));
		add_key(b, b->msgs[i], F_MSG);
	}
	end_field(b, F_MSG);
}

struct tsort {
	const char *s;
	uint32_t id;
};

static int tsort_cmp(const void *x, const void *y)
{
	return strcmp(((const struct tsort *)x)->s, ((const struct tsort *)y)->s);
}

static int delete_cmp(const void *x, const void *y)
{
	const struct sx_delete *a = x, *b = y;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->token < b->token ? -1 : a->token > b->token;
}

struct ksort {
	const char *s;
	struct sx_key k;
};

static int key_cmp(const void *x, const void *y)
{
	const struct ksort *ka = x, *kb = y;
	const struct sx_key *a = &ka->k, *b = &kb->k;
	int c = bytes_cmp(ka->s, a->len, kb->s, b->len);

	if (c)
		return c;
	if (a->doc != b->doc)
		return a->doc < b->doc ? -1 : 1;
	return a->field < b->field ? -1 : a->field > b->field;
}

static void sort_keys(struct builder *b)
{
	struct ksort *v = xmalloc((b->nkeys + 1) * sizeof(*v));
	size_t i;

	for (i = 0; i < b->nkeys; i++) {
		v[i].s = b->pool.s + b->keys[i].str;
		v[i].k = b->keys[i];
	}
	qsort(v, b->nkeys, sizeof(*v), key_cmp);
	for (i = 0; i < b->nkeys; i++)
		b->keys[i] = v[i].k;
	free(v);
}

static void finish_norms(struct builder *b, uint32_t ndocs)
{
	double avg[NFIELDS] = { 0 };
	uint32_t d;
	int f;

	for (d = 0; d < ndocs; d++)
		for (f = 0; f < NFIELDS; f++)
			avg[f] += b->flen[d][f];
	for (f = 0; f < NFIELDS; f++)
		avg[f] = ndocs ? avg[f] / ndocs : 0;
	for (d = 0; d < ndocs; d++)
		for (f = 0; f < NFIELDS; f++) {
			double r = avg[f] > 0 ? b->flen[d][f] / avg[f] : 1;

			b->docs[d].norm[f] = (float)(field_weight[f] /
				(1 - field_b[f] + field_b[f] * r));
		}
}

static void build_postings(struct search_index *idx, struct builder *b)
{
	struct tsort *ts = xmalloc((b->ntok + 1) * sizeof(*ts));
	uint32_t *rank = xmalloc((b->ntok + 1) * sizeof(*rank));
	uint32_t *start = xcalloc(b->ntok + 2, sizeof(*start));
	struct occ *sorted = xmalloc((b->nocc + 1) * sizeof(*sorted));
	size_t i, np = 0, t;

	for (i = 0; i < b->ntok; i++) {
		ts[i].s = b->tpool.s + b->toff[i];
		ts[i].id = (uint32_t)i;
	}
	qsort(ts, b->ntok, sizeof(*ts), tsort_cmp);
	for (i = 0; i < b->ntok; i++)
		rank[ts[i].id] = (uint32_t)i;
	/* counting sort by final token keeps (article, position) order */
	for (i = 0; i < b->nocc; i++)
		start[rank[b->occ[i].tok] + 1]++;
	for (t = 0; t < b->ntok; t++)
		start[t + 1] += start[t];
	for (i = 0; i < b->nocc; i++) {
		struct occ o = b->occ[i];

		o.tok = rank[o.tok];
		sorted[start[o.tok]++] = o;
	}
	idx->ntokens = (uint32_t)b->ntok;
	idx->tokens = xcalloc(b->ntok + 1, sizeof(*idx->tokens));
	idx->positions = xmalloc((b->nocc + 1) * sizeof(*idx->positions));
	idx->npositions = (uint32_t)b->nocc;
	idx->postings = xmalloc((b->nocc + 1) * sizeof(*idx->postings));
	for (i = 0; i < b->nocc; i++)
		idx->positions[i] = sorted[i].pos;
	i = 0;
	for (t = 0; t < b->ntok; t++) {
		struct sx_token *tk = &idx->tokens[t];

		tk->str = pool_add(&b->pool, ts[t].s, b->tlen[ts[t].id]);
		tk->len = b->tlen[ts[t].id];
		tk->flags = b->tflags[ts[t].id];
		tk->post = (uint32_t)np;
		while (i < b->nocc && sorted[i].tok == t) {
			struct sx_posting *p = &idx->postings[np++];
			uint32_t d = sorted[i].doc;
			float wtf = 0;

			p->doc = d;
			p->pos = (uint32_t)i;
			for (; i < b->nocc && sorted[i].tok == t && sorted[i].doc == d; i++)
				wtf += b->docs[d].norm[sorted[i].field];
			p->npos = (uint32_t)i - p->pos;
			p->wtf = wtf;
		}
	}
	idx->tokens[b->ntok].post = (uint32_t)np;
	idx->npostings = (uint32_t)np;
	idx->postings = xrealloc(idx->postings, (np + 1) * sizeof(*idx->postings));
	free(ts);
	free(rank);
	free(start);
	free(sorted);
}

static void build_deletes(struct search_index *idx, const struct strbuf *pool)
{
	size_t cap = 0, n = 0;
	struct sx_delete *v = NULL;
	uint32_t t;

	for (t = 0; t < idx->ntokens; t++) {
		const char *s = pool->s + idx->tokens[t].str;
		size_t len = idx->tokens[t].len, i;

		if (len < TYPO_MIN_LEN - 1 || len > TYPO_MAX_LEN + 1 ||
		    (s[0] >= '0' && s[0] <= '9'))
			continue;
		v = xgrow(v, &cap, n + len, sizeof(*v));
		for (i = 0; i < len; i++) {
			if (i && s[i] == s[i - 1])
				continue;   /* same string as deleting s[i - 1] */
			v[n].hash = hash32_skip(s, len, i);
			v[n].token = t;
			n++;
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), delete_cmp);
	idx->deletes = v;
	idx->ndeletes = (uint32_t)n;
}

struct search_index *search_index_build(const struct kb *kb)
{
	struct search_index *idx = xcalloc(1, sizeof(*idx));
	struct builder b;
	uint32_t d, ndocs;

	if (kb->narticles >= UINT32_MAX)
		xalloc_die();
	ndocs = (uint32_t)kb->narticles;
	memset(&b, 0, sizeof(b));
	b.docs = xcalloc(ndocs + 1, sizeof(*b.docs));
	b.flen = xcalloc(ndocs + 1, sizeof(*b.flen));
	pool_add(&b.pool, "", 0);
	idx->ndocs = ndocs;
	for (d = 0; d < ndocs; d++)
		index_article(&b, kb, d);
	finish_norms(&b, ndocs);
	build_postings(idx, &b);
	build_deletes(idx, &b.pool);
	sort_keys(&b);
	idx->keys = b.keys;
	idx->nkeys = (uint32_t)b.nkeys;
	idx->docs = b.docs;
	idx->pool_len = b.pool.len;
	idx->pool = sb_detach(&b.pool);
	free(b.flen);
	free(b.toff);
	free(b.tlen);
	free(b.tflags);
	free(b.slots);
	free(b.occ);
	free(b.msgs);
	sb_free(&b.tpool);
	sb_free(&b.text);
	sb_free(&b.squash);
	return idx;
}

void search_index_free(struct search_index *idx)
{
	if (!idx)
		return;
	free(idx->pool);
	free(idx->tokens);
	free(idx->postings);
	free(idx->positions);
	free(idx->docs);
	free(idx->deletes);
	free(idx->keys);
	free(idx);
}

size_t search_index_ndocs(const struct search_index *idx)
{
	return idx->ndocs;
}

const char *search_index_doc_id(const struct search_index *idx, size_t doc)
{
	return doc < idx->ndocs ? pool_str(idx, idx->docs[doc].id) : NULL;
}

const char *search_index_doc_title(const struct search_index *idx, size_t doc)
{
	return doc < idx->ndocs ? pool_str(idx, idx->docs[doc].title) : NULL;
}

const char *search_index_doc_category(const struct search_index *idx, size_t doc)
{
	return doc < idx->ndocs ? pool_str(idx, idx->docs[doc].category) : NULL;
}

size_t search_index_ntokens(const struct search_index *idx)
{
	return idx->ntokens;
}

/* ---- Vocabulary look-ups ---------------------------------------------------- */

static int token_cmp(const struct search_index *idx, uint32_t t,
		     const char *s, size_t n)
{
	return bytes_cmp(pool_str(idx, idx->tokens[t].str), idx->tokens[t].len, s, n);
}

/* First token >= s. */
static uint32_t token_lower_bound(const struct search_index *idx,
				  const char *s, size_t n)
{
	uint32_t lo = 0, hi = idx->ntokens;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (token_cmp(idx, mid, s, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool token_find(const struct search_index *idx, const char *s, size_t n,
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

static uint32_t token_df(const struct search_index *idx, uint32_t t)
{
	return idx->tokens[t + 1].post - idx->tokens[t].post;
}

static bool has_prefix(const struct search_index *idx, uint32_t t,
		       const char *s, size_t n)
{
	return idx->tokens[t].len >= n &&
		memcmp(pool_str(idx, idx->tokens[t].str), s, n) == 0;
}

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
};

/* A pattern for highlighting: a run of adjacent tokens (1 = any token). */
struct hl_pat {
	char *text;
	size_t len;
	bool prefix, typo;
};

struct hl_phrase {
	size_t first, n;        /* pats */
};

struct sq_term {
	char *text;             /* the word, folded and joined */
	size_t len;
	uint32_t first_alt, nalts;
	bool last;
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
	bool loose;
	bool last_prefix;       /* the last term may be a prefix */
};

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
			uint32_t h = k < n ? hash32_skip(s, n, k) : hash32(s, n);
			uint32_t lo = 0, hi = idx->ndeletes;

			if (k && k < n && s[k] == s[k - 1])
				continue;   /* same delete as k - 1 */
			while (lo < hi) {
				uint32_t mid = lo + (hi - lo) / 2;

				if (idx->deletes[mid].hash < h)
					lo = mid + 1;
				else
					hi = mid;
			}
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

/* A run-together word ("devicecap") split into 2 or 3 vocabulary tokens
 * (the last one may be a prefix of one).  Tries every split point; keeps
 * the first few that work. */
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
		const char **pieces = xmalloc(w->nparts * sizeof(*pieces));
		size_t *lens = xmalloc(w->nparts * sizeof(*lens)), k;

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

/* ---- Running ------------------------------------------------------------------- */

struct acc {
	float score;
	float cur;              /* the current term's best so far */
	float wsum;             /* IDF weight of the terms matched */
	float bonus;            /* whole-key bonus */
	uint32_t term;          /* current term + 1 */
	uint64_t mask;          /* terms matched */
};

static float saturate(float wtf)
{
	return wtf * (BM25_K1 + 1) / (BM25_K1 + wtf);
}

static void contribute(struct acc *a, uint32_t term, float s, float weight)
{
	if (a->term != term + 1) {
		a->term = term + 1;
		a->cur = s;
		a->score += s;
		a->wsum += weight;
		a->mask |= (uint64_t)1 << term;
	} else if (s > a->cur) {
		a->score += s - a->cur;
		a->cur = s;
	}
}

/* Postings of token t for doc d, or NULL. */
static const struct sx_posting *find_posting(const struct search_index *idx,
					     uint32_t t, uint32_t d)
{
	uint32_t lo = idx->tokens[t].post, hi = idx->tokens[t + 1].post;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (idx->postings[mid].doc < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < idx->tokens[t + 1].post && idx->postings[lo].doc == d)
		return &idx->postings[lo];
	return NULL;
}

static bool has_pos(const struct search_index *idx, const struct sx_posting *p,
		    uint32_t pos)
{
	const uint32_t *v = idx->positions + p->pos;
	uint32_t lo = 0, hi = p->npos;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (v[mid] < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->npos && v[lo] == pos;
}

static enum field field_of(const struct sx_doc *d, uint32_t pos)
{
	int f;

	for (f = 0; f < NFIELDS - 1; f++)
		if (pos < d->field_end[f])
			return (enum field)f;
	return F_MSG;
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
		while (lo + step < end && v[lo + step].doc < d) {
			lo += step;
			step *= 2;
		}
		hi = lo + step < end ? lo + step : end;
		lo++;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;

			if (v[mid].doc < d)
				lo = mid + 1;
			else
				hi = mid;
		}
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
			   struct acc *accs, uint32_t term, float idf, float weight)
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
	cur = xmalloc((nexp + 1) * sizeof(*cur));
	fv = xmalloc((nexp + 1) * sizeof(*fv));
	fstart = xmalloc((a->n + 1) * sizeof(*fstart));
	fn = xmalloc((a->n + 1) * sizeof(*fn));
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
				contribute(&accs[d], term, a->q * idf * saturate(wtf), weight);
		}
	}
	free(cur);
	free(fv);
	free(fstart);
	free(fn);
	return df;
}

/* Best first; ties in article order. */
static inline bool hit_before(const struct search_hit *a, const struct search_hit *b)
{
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
			if (!na) {
				na = term_positions(idx, q, &q->terms[t], d, &pa, &capa);
				qsort(pa, na, sizeof(*pa), u32_cmp);
			}
			nb = term_positions(idx, q, &q->terms[t + 1], d, &pb, &capb);
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
	uint32_t lo = 0, hi = idx->nkeys, i;

	if (!q->squash_len)
		return;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (bytes_cmp(pool_str(idx, idx->keys[mid].str), idx->keys[mid].len,
			      q->squash, q->squash_len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* exact keys sort first, then the longer ones it starts */
	for (i = lo; i < idx->nkeys && i < lo + 1024; i++) {
		const struct sx_key *k = &idx->keys[i];
		struct acc *a = &accs[k->doc];
		float b;

		if (k->len < q->squash_len ||
		    memcmp(pool_str(idx, k->str), q->squash, q->squash_len) != 0)
			break;
		if (k->len == q->squash_len)
			b = EXACT_KEY_BONUS * ff[k->field] * total;
		else if (!prefix)
			break;
		else if (q->squash_len * 2 >= k->len)
			b = PREFIX_KEY_BONUS * ff[k->field] * total *
				(float)q->squash_len / (float)k->len;
		else
			continue;
		if (a->mask && b > a->bonus)
			a->bonus = b;   /* only for articles the terms found */
	}
}

size_t search_query_run(const struct search_index *idx,
			const struct search_query *q, size_t limit,
			struct search_hit **hits)
{
	float *alt_idf, *tw, total = 0, need;
	struct acc *accs;
	struct search_hit *r = NULL;
	size_t nr = 0, cap = 0, top;
	uint32_t t, d, half;
	uint64_t all;

	*hits = NULL;
	if (!idx || !q || !q->nterms || !idx->ndocs)
		return 0;
	alt_idf = xcalloc(q->nalts + 1, sizeof(*alt_idf));
	tw = xcalloc(q->nterms + 1, sizeof(*tw));
	half = idx->ndocs / 2;
	for (t = 0; t < q->nterms; t++) {
		const struct sq_term *term = &q->terms[t];
		uint32_t a;

		uint64_t union_df = 0;

		/* The word expansions (exact, prefixes, typos) are one term to
		 * IDF, with the document frequency of all of them: else a rare
		 * completion ("tokens") outweighs the word typed ("token"). */
		for (a = term->first_alt; a < term->first_alt + term->nalts; a++)
			if (q->alts[a].kind == ALT_TOKEN)
				union_df += token_df(idx, q->alts[a].token);
		if (union_df > idx->ndocs)
			union_df = idx->ndocs;
		tw[t] = idf_of(0, idx->ndocs);
		if (term->nalts)
			tw[t] = 0;
		for (a = term->first_alt; a < term->first_alt + term->nalts; a++) {
			const struct sq_alt *al = &q->alts[a];
			uint32_t df = al->kind == ALT_TOKEN ? (uint32_t)union_df :
				run_phrase(idx, q, al, NULL, t, 0, 0);

			alt_idf[a] = df ? idf_of(df, idx->ndocs) : 0;
			/* pasted text: words in most articles say nothing */
			if (q->loose && df > half && idx->ndocs >= 8)
				alt_idf[a] = 0;
			if (al->q * alt_idf[a] > tw[t])
				tw[t] = al->q * alt_idf[a];
		}
		total += tw[t];
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
				run_phrase(idx, q, al, accs, t, alt_idf[a], tw[t]);
				continue;
			}
			for (p = idx->tokens[al->token].post;
			     p < idx->tokens[al->token + 1].post; p++) {
				const struct sx_posting *ps = &idx->postings[p];

				contribute(&accs[ps->doc], t, f * saturate(ps->wtf), tw[t]);
			}
		}
	}
	key_bonus(idx, q, accs, total);
	all = q->nterms >= 64 ? UINT64_MAX : ((uint64_t)1 << q->nterms) - 1;
	need = LOOSE_COVERAGE * total;
	for (d = 0; d < idx->ndocs; d++) {
		const struct acc *a = &accs[d];

		if (!a->mask)
			continue;
		if (q->loose) {
			if (__builtin_popcountll(a->mask) < LOOSE_MIN_MATCHED ||
			    a->wsum < need)
				continue;
		} else if (a->mask != all) {
			continue;
		}
		r = xgrow(r, &cap, nr + 1, sizeof(*r));
		r[nr].article = d;
		r[nr].score = a->score + a->bonus;
		nr++;
	}
	if (nr) {
		sort_hits(r, nr);
		top = nr < RERANK_TOP ? nr : RERANK_TOP;
		if (q->nterms > 1) {
			adjacency_bonus(idx, q, tw, r, top, accs);
			sort_hits(r, top);
		}
		if (limit && nr > limit)
			nr = limit;
		*hits = r;
	} else {
		free(r);
	}
	free(accs);
	free(alt_idf);
	free(tw);
	return nr;
}

size_t search_run(const struct search_index *idx, const char *query,
		  size_t limit, struct search_hit **hits)
{
	struct search_query *q = search_query_new(idx, query);
	size_t n = search_query_run(idx, q, limit, hits);

	search_query_free(q);
	return n;
}

/* ---- Highlighting ---------------------------------------------------------------- */

struct htok {
	size_t text, len;       /* in the scratch buffer */
	size_t off, srclen;
	unsigned pos;
	bool compound;
};

struct hscan {
	struct strbuf buf;
	struct htok *v;
	size_t n, cap;
};

static bool hl_cb(const struct token *t, void *ctx)
{
	struct hscan *h = ctx;
	struct htok *k;

	if (t->noise & TOKEN_NOISE_DROP)
		return true;
	h->v = xgrow(h->v, &h->cap, h->n + 1, sizeof(*h->v));
	k = &h->v[h->n++];
	k->text = h->buf.len;
	k->len = t->len;
	k->off = t->off;
	k->srclen = t->srclen;
	k->pos = t->pos;
	k->compound = t->compound;
	sb_add(&h->buf, t->text, t->len);
	return true;
}

/* The same rules as expand_word, on one token of arbitrary text. */
static bool pat_match(const struct hl_pat *p, const char *s, size_t n)
{
	if (n == p->len && memcmp(s, p->text, n) == 0)
		return true;
	if (p->prefix && n > p->len && memcmp(s, p->text, p->len) == 0)
		return true;
	if (p->prefix && n < p->len && memcmp(s, p->text, n) == 0)
		return false;
	return p->typo && n >= TYPO_MIN_LEN - 1 && within_one_edit(p->text, p->len, s, n);
}

static int match_cmp(const void *x, const void *y)
{
	const struct search_match *a = x, *b = y;

	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	return a->len > b->len ? -1 : a->len < b->len;
}

size_t search_query_matches(const struct search_query *q, const char *text,
			    size_t len, struct search_match **out)
{
	struct hscan h;
	struct search_match *m = NULL;
	size_t nm = 0, cap = 0, i, k, j, w;
	size_t *plain = NULL, nplain = 0;

	*out = NULL;
	if (!q || !text || !len || !q->nphrases)
		return 0;
	memset(&h, 0, sizeof(h));
	tokenize(text, len, hl_cb, &h);
	/* the non-compound tokens, for phrases; positions are consecutive */
	plain = xmalloc((h.n + 1) * sizeof(*plain));
	for (i = 0; i < h.n; i++)
		if (!h.v[i].compound)
			plain[nplain++] = i;
	for (k = 0; k < q->nphrases; k++) {
		const struct hl_phrase *ph = &q->phrases[k];
		const struct hl_pat *pats = q->pats + ph->first;

		if (ph->n == 1) {
			for (i = 0; i < h.n; i++)
				if (pat_match(&pats[0], h.buf.s + h.v[i].text, h.v[i].len)) {
					m = xgrow(m, &cap, nm + 1, sizeof(*m));
					m[nm].off = h.v[i].off;
					m[nm].len = h.v[i].srclen;
					nm++;
				}
			continue;
		}
		for (i = 0; i + ph->n <= nplain; i++) {
			const struct htok *first = &h.v[plain[i]], *lastt;

			for (j = 0; j < ph->n; j++) {
				const struct htok *t = &h.v[plain[i + j]];

				if (t->pos != first->pos + j ||
				    !pat_match(&pats[j], h.buf.s + t->text, t->len))
					break;
			}
			if (j < ph->n)
				continue;
			lastt = &h.v[plain[i + ph->n - 1]];
			m = xgrow(m, &cap, nm + 1, sizeof(*m));
			m[nm].off = first->off;
			m[nm].len = lastt->off + lastt->srclen - first->off;
			nm++;
		}
	}
	free(plain);
	sb_free(&h.buf);
	free(h.v);
	if (!nm) {
		free(m);
		return 0;
	}
	qsort(m, nm, sizeof(*m), match_cmp);
	for (i = 1, w = 0; i < nm; i++) {
		size_t end = m[w].off + m[w].len;

		if (m[i].off < end) {
			if (m[i].off + m[i].len > end)
				m[w].len = m[i].off + m[i].len - m[w].off;
		} else {
			m[++w] = m[i];
		}
	}
	*out = m;
	return w + 1;
}
