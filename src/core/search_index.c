/* SPDX-License-Identifier: MIT */
/* search_index.c: building the search index from a kb (once, after
 * loading), freeing it, and the per-article accessors.  The layout is in
 * search_impl.h. */
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

/* BM25F field weights and length normalisation, heaviest first. */
static const float field_weight[NFIELDS] = {
	[F_CODE] = 8.0f, [F_TITLE] = 5.0f, [F_MSG] = 3.0f,
	[F_SYMPTOM] = 2.0f, [F_REST] = 1.0f
};
static const float field_b[NFIELDS] = {
	[F_CODE] = 0.5f, [F_TITLE] = 0.5f, [F_MSG] = 0.5f,
	[F_SYMPTOM] = 0.75f, [F_REST] = 0.75f
};

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

/* One token occurrence, in article then position order; the article is
 * known from builder.doc_occ and the field from the position (fields are
 * consecutive position ranges), so 8 bytes per word of content. */
struct occ {
	uint32_t tok, pos;
};

/* A synonym term while building: its set is known by name until the
 * sets are numbered. */
struct bsyn {
	struct sx_syn r;
	uint32_t name;            /* pool: the set's name */
	uint32_t order;           /* load order */
};

struct builder {
	struct strbuf pool;
	/* vocabulary while building: unsorted, interned by hash */
	struct strbuf tpool;
	uint32_t *toff, *tlen, *tflags;
	uint32_t *lastdoc;        /* per temp id: last article + 1, to count postings */
	size_t ntok, tcap;
	uint32_t *slots;          /* temp id + 1; 0 = empty */
	size_t nslots;
	struct occ *occ;
	size_t nocc, occcap;
	size_t npostings;
	uint32_t *doc_occ;        /* article d's occurrences start at occ[doc_occ[d]] */
	struct sx_doc *docs;
	uint32_t (*flen)[NFIELDS];
	/* the article being indexed */
	uint32_t doc, base, maxpos;
	enum field field;
	const char **msgs;
	size_t nmsgs, msgcap;
	struct strbuf text;
	struct strbuf squash;     /* the unit being indexed, squashed, when squashing */
	bool squashing;
	struct sx_key *keys;
	size_t nkeys, keycap;
	struct bsyn *syns;
	size_t nsyns, syncap;
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
		cap = b->tcap;
		b->lastdoc = xgrow(b->lastdoc, &cap, b->ntok + 1, sizeof(*b->lastdoc));
		b->tlen = xgrow(b->tlen, &b->tcap, b->ntok + 1, sizeof(*b->tlen));
	}
	b->toff[b->ntok] = pool_add(&b->tpool, s, n);
	b->tlen[b->ntok] = (uint32_t)n;
	b->tflags[b->ntok] = 0;
	b->lastdoc[b->ntok] = 0;
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
	/* a URL or path is one name: the camelCase pieces of a word in it
	 * ("IntuneiOSEnrolmentAlchemyDiag") are not words of the article */
	if ((t->noise & (TOKEN_NOISE_URL | TOKEN_NOISE_PATH)) && t->nparts > 1 &&
	    !t->compound)
		return true;
	if (b->nocc >= UINT32_MAX - 1 || pos >= UINT32_MAX - 4)
		xalloc_die();   /* the flat index addresses with 32 bits */
	if (b->nocc == b->occcap)
		b->occ = xgrow(b->occ, &b->occcap, b->nocc + 1, sizeof(*b->occ));
	o = &b->occ[b->nocc++];
	o->tok = intern(b, t->text, t->len);
	o->pos = pos;
	if (b->lastdoc[o->tok] != b->doc + 1) {
		b->lastdoc[o->tok] = b->doc + 1;
		b->npostings++;
	}
	if (t->compound)
		b->tflags[o->tok] |= TOK_JOINED;
	else
		b->flen[b->doc][b->field]++;
	if (b->squashing && !t->compound)
		sb_add(&b->squash, t->text, t->len);
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

/* A keyword written like an identifier -- AjaxError, XPC_TYPE_ERROR,
 * depOnboardingSettings, MobileAssetError:29 -- names its article the way
 * an error code does.  A product name with a one-letter lowercase head
 * (iPhone, iPadOS) does not. */
static bool code_like(const char *s)
{
	size_t i, n = strlen(s);
	bool boundary = false;

	if (n < 6 || (s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'A' && s[1] <= 'Z'))
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t' || (unsigned char)s[i] >= 0x80)
			return false;
		if ((s[i] == '_' && i > 0 && i + 1 < n) ||
		    (i > 0 && s[i] >= 'A' && s[i] <= 'Z' && s[i - 1] >= 'a' && s[i - 1] <= 'z'))
			boundary = true;
	}
	return boundary;
}

/* A keyword, code, title or message: indexed as text and, squashed to
 * its words run together, as a whole key -- one tokenizer pass for both.
 * flags: KEY_* */
static void index_key(struct builder *b, const char *s, enum field f, unsigned flags)
{
	struct sx_key *k;

	if (!s)
		return;
	sb_truncate(&b->squash, 0);
	b->squashing = true;
	index_text(b, s, strlen(s));
	b->squashing = false;
	if (!b->squash.len)
		return;
	b->keys = xgrow(b->keys, &b->keycap, b->nkeys + 1, sizeof(*b->keys));
	k = &b->keys[b->nkeys++];
	k->str = pool_add(&b->pool, b->squash.s, b->squash.len);
	k->len = (uint32_t)b->squash.len;
	k->doc = b->doc;
	k->field = (uint32_t)f | flags;
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

	for (i = 0; i < a->nkeywords; i++)
		index_key(b, a->keywords[i], F_CODE,
			  code_like(a->keywords[i]) ? KEY_CODEWORD : 0);
	for (i = 0; i < a->ncodes; i++)
		index_key(b, a->codes[i], F_CODE, KEY_MSGNUM);
	end_field(b, F_TITLE);
	index_key(b, a->title, F_TITLE, 0);
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
	for (i = 0; i < b->nmsgs; i++)
		index_key(b, b->msgs[i], F_MSG, 0);
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
	struct ksort *v = xmalloc_array(b->nkeys + 1, sizeof(*v));
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

/* Counting sort of the occurrences by final token: stable, so each
 * token's occurrences stay in (article, position) order, which is the
 * postings' and positions' order.  The positions go straight to their
 * final array with only a parallel article array beside them, and the
 * occurrences are freed before the postings (as many as index_cb
 * counted: one per distinct token and article) are written. */
static void build_postings(struct search_index *idx, struct builder *b)
{
	struct tsort *ts = xmalloc_array(b->ntok + 1, sizeof(*ts));
	uint32_t *rank = xmalloc_array(b->ntok + 1, sizeof(*rank));
	uint32_t *start = xcalloc(b->ntok + 2, sizeof(*start));
	uint32_t *docof = xmalloc_array(b->nocc + 1, sizeof(*docof));
	uint32_t *positions = xmalloc_array(b->nocc + 1, sizeof(*positions));
	struct sx_posting *postings = xmalloc_array(b->npostings + 1, sizeof(*postings));
	struct sx_token *tokens;
	size_t i, np = 0, t;
	uint32_t d;

	for (i = 0; i < b->ntok; i++) {
		ts[i].s = b->tpool.s + b->toff[i];
		ts[i].id = (uint32_t)i;
	}
	qsort(ts, b->ntok, sizeof(*ts), tsort_cmp);
	for (i = 0; i < b->ntok; i++)
		rank[ts[i].id] = (uint32_t)i;
	for (i = 0; i < b->nocc; i++)
		start[rank[b->occ[i].tok] + 1]++;
	for (t = 0; t < b->ntok; t++)
		start[t + 1] += start[t];
	for (d = 0; d < idx->ndocs; d++)
		for (i = b->doc_occ[d]; i < b->doc_occ[d + 1]; i++) {
			uint32_t at = start[rank[b->occ[i].tok]]++;

			positions[at] = b->occ[i].pos;
			docof[at] = d;
		}
	free(b->occ);
	b->occ = NULL;
	idx->ntokens = (uint32_t)b->ntok;
	tokens = xcalloc(b->ntok + 1, sizeof(*tokens));
	idx->tokens = tokens;
	idx->positions = positions;
	idx->npositions = (uint32_t)b->nocc;
	i = 0;
	for (t = 0; t < b->ntok; t++) {
		struct sx_token *tk = &tokens[t];
		/* start[t] is now where token t + 1 begins */
		size_t end = start[t];

		tk->str = pool_add(&b->pool, ts[t].s, b->tlen[ts[t].id]);
		tk->len = b->tlen[ts[t].id];
		tk->flags = b->tflags[ts[t].id];
		tk->post = (uint32_t)np;
		while (i < end) {
			struct sx_posting *p = &postings[np++];
			const struct sx_doc *doc = &b->docs[docof[i]];
			float wtf = 0;

			p->doc = docof[i];
			p->pos = (uint32_t)i;
			for (; i < end && docof[i] == p->doc; i++)
				wtf += doc->norm[field_of(doc, positions[i])];
			p->npos = (uint32_t)i - p->pos;
			p->wtf = wtf;
		}
	}
	tokens[b->ntok].post = (uint32_t)np;
	idx->npostings = (uint32_t)np;
	idx->postings = postings;
	free(ts);
	free(rank);
	free(start);
	free(docof);
}

/* LSD radix sort by hash, 8 bits a pass: stable, and the deletes are made
 * in token order, so this is the (hash, token) order without a comparison
 * callback per step (the vocabulary of a big pack makes millions). */
static void sort_deletes(struct sx_delete *v, size_t n)
{
	struct sx_delete *tmp = xmalloc_array(n + 1, sizeof(*tmp)), *from = v, *to = tmp, *sw;
	unsigned shift;

	for (shift = 0; shift < 32; shift += 8) {
		size_t count[257] = { 0 }, i;

		for (i = 0; i < n; i++)
			count[((from[i].hash >> shift) & 0xff) + 1]++;
		for (i = 1; i < 257; i++)
			count[i] += count[i - 1];
		for (i = 0; i < n; i++)
			to[count[(from[i].hash >> shift) & 0xff]++] = from[i];
		sw = from;
		from = to;
		to = sw;
	}
	/* four passes: the result is back in v */
	free(tmp);
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
		sort_deletes(v, n);
	idx->deletes = v;
	idx->ndeletes = (uint32_t)n;
}

/* ---- Stems ------------------------------------------------------------------ */

/* Words whose stems tell one stemmer from another (a libstemmer of other
 * rules would make a saved index's stems disagree with a query's). */
static const char *const probe_words[] = {
	"enrollment", "enrolled", "starting", "authorization", "licensed",
	"certificates", "policies", "syncing", "generously", "happiness",
	"conditional", "hopefully", "relational", "organization",
};

uint32_t stem_probe(struct stemmer *st)
{
	uint32_t h = 2166136261u;
	size_t i, k, len;

	for (i = 0; i < sizeof(probe_words) / sizeof(*probe_words); i++) {
		const char *w = stemmer_stem(st, probe_words[i], strlen(probe_words[i]), &len);

		for (k = 0; k < len; k++)
			h = (h ^ (unsigned char)w[k]) * 16777619u;
		h = (h ^ 0xffu) * 16777619u;
	}
	return h;
}

struct ssort {
	const char *s;
	struct sx_stem k;
};

static int ssort_cmp(const void *x, const void *y)
{
	const struct ssort *a = x, *b = y;
	int c = bytes_cmp(a->s, a->k.len, b->s, b->k.len);

	if (c)
		return c;
	return (a->k.token > b->k.token) - (a->k.token < b->k.token);
}

/* Every word token under its stem.  A stem that begins its word (most
 * do: "start" of "starting") is the word's own bytes in the pool. */
static void build_stems(struct search_index *idx, struct builder *b)
{
	struct stemmer *st = stemmer_new();
	struct ssort *v = xmalloc(((size_t)idx->ntokens + 1) * sizeof(*v));
	struct sx_stem *out;
	size_t n = 0, i;
	uint32_t t;

	for (t = 0; t < idx->ntokens; t++) {
		const struct sx_token *tk = &idx->tokens[t];
		const char *w = b->pool.s + tk->str, *stem;
		size_t len;

		stem = stemmer_stem(st, w, tk->len, &len);
		if (stem == w)
			continue;   /* not a word the stemmer takes */
		v[n].k.token = t;
		v[n].k.len = (uint32_t)len;
		if (len <= tk->len && memcmp(stem, w, len) == 0)
			v[n].k.str = tk->str;
		else
			v[n].k.str = pool_add(&b->pool, stem, len);
		n++;
	}
	/* the pool may have moved: sort by offsets, not the strings seen */
	for (i = 0; i < n; i++)
		v[i].s = b->pool.s + v[i].k.str;
	qsort(v, n, sizeof(*v), ssort_cmp);
	out = xmalloc((n + 1) * sizeof(*out));
	for (i = 0; i < n; i++)
		out[i] = v[i].k;
	free(v);
	idx->stems = out;
	idx->nstems = (uint32_t)n;
	idx->counts.stemmer = stem_probe(st);
	stemmer_free(st);
}

/* ---- Synonyms --------------------------------------------------------------- */

/* Taken at the start: the kb may be gone when the index is finished. */
static void collect_synonyms(struct builder *b, const struct kb *kb)
{
	struct stemmer *st;
	struct strbuf key = STRBUF_INIT;
	size_t i;

	if (!kb->nsynonyms)
		return;
	st = stemmer_new();
	for (i = 0; i < kb->nsynonyms; i++) {
		const struct kb_synonym *sy = &kb->synonyms[i];
		struct sx_syn *r;
		size_t ntok;

		sb_truncate(&key, 0);
		ntok = synonym_key(st, sy->term, strlen(sy->term), &key);
		if (!key.len || ntok > SYNONYM_MAX_TOKENS)
			continue;   /* the loader warned */
		b->syns = xgrow(b->syns, &b->syncap, b->nsyns + 1, sizeof(*b->syns));
		r = &b->syns[b->nsyns].r;
		r->key = pool_add(&b->pool, key.s, key.len);
		r->keylen = (uint32_t)key.len;
		r->text = pool_add(&b->pool, sy->term, strlen(sy->term));
		r->textlen = (uint32_t)strlen(sy->term);
		r->set = 0;
		b->syns[b->nsyns].name = pool_add(&b->pool, sy->set, strlen(sy->set));
		b->syns[b->nsyns].order = (uint32_t)b->nsyns;
		b->nsyns++;
	}
	sb_free(&key);
	stemmer_free(st);
}

struct synsort {
	const char *s;            /* set name, or key */
	uint32_t len, i;
};

static int synsort_cmp(const void *x, const void *y)
{
	const struct synsort *a = x, *b = y;
	int c = bytes_cmp(a->s, a->len, b->s, b->len);

	return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* syns[] by set (sets numbered in name order, terms in load order), and
 * synkeys[] by key. */
static void build_synonyms(struct search_index *idx, struct builder *b)
{
	struct synsort *v = xmalloc((b->nsyns + 1) * sizeof(*v));
	struct sx_syn *syns = xmalloc((b->nsyns + 1) * sizeof(*syns));
	uint32_t *keys = xmalloc((b->nsyns + 1) * sizeof(*keys)), set = 0;
	size_t i;

	for (i = 0; i < b->nsyns; i++) {
		v[i].s = b->pool.s + b->syns[i].name;
		v[i].len = (uint32_t)strlen(v[i].s);
		v[i].i = b->syns[i].order;
	}
	qsort(v, b->nsyns, sizeof(*v), synsort_cmp);
	for (i = 0; i < b->nsyns; i++) {
		if (i && bytes_cmp(v[i].s, v[i].len, v[i - 1].s, v[i - 1].len) != 0)
			set++;
		syns[i] = b->syns[v[i].i].r;
		syns[i].set = set;
	}
	for (i = 0; i < b->nsyns; i++) {
		v[i].s = b->pool.s + syns[i].key;
		v[i].len = syns[i].keylen;
		v[i].i = (uint32_t)i;
	}
	qsort(v, b->nsyns, sizeof(*v), synsort_cmp);
	for (i = 0; i < b->nsyns; i++)
		keys[i] = v[i].i;
	free(v);
	free(b->syns);
	b->syns = NULL;
	idx->syns = syns;
	idx->synkeys = keys;
	idx->nsyns = (uint32_t)b->nsyns;
}
struct search_builder {
	struct builder b;
	struct search_index *idx;
};

struct search_builder *search_index_begin(const struct kb *kb)
{
	struct search_builder *sb = xcalloc(1, sizeof(*sb));
	struct builder *b = &sb->b;
	uint32_t d, ndocs;

	if (kb->narticles >= UINT32_MAX)
		xalloc_die();
	ndocs = (uint32_t)kb->narticles;
	sb->idx = xcalloc(1, sizeof(*sb->idx));
	sb->idx->ndocs = ndocs;
	b->docs = xcalloc(ndocs + 1, sizeof(*b->docs));
	b->flen = xcalloc(ndocs + 1, sizeof(*b->flen));
	b->doc_occ = xcalloc(ndocs + 1, sizeof(*b->doc_occ));
	pool_add(&b->pool, "", 0);
	for (d = 0; d < ndocs; d++) {
		b->doc_occ[d] = (uint32_t)b->nocc;
		index_article(b, kb, d);
	}
	b->doc_occ[ndocs] = (uint32_t)b->nocc;
	collect_synonyms(b, kb);
	/* what only indexing needed goes before the big arrays are made */
	free(b->slots);
	free(b->lastdoc);
	free(b->msgs);
	sb_free(&b->text);
	sb_free(&b->squash);
	b->slots = b->lastdoc = NULL;
	b->msgs = NULL;
	return sb;
}

struct search_index *search_index_finish(struct search_builder *sb)
{
	struct search_index *idx = sb->idx;
	struct builder *b = &sb->b;

	sort_keys(b);
	finish_norms(b, idx->ndocs);
	build_postings(idx, b);
	free(b->doc_occ);
	free(b->toff);
	free(b->tlen);
	free(b->tflags);
	sb_free(&b->tpool);
	free(b->flen);
	build_deletes(idx, &b->pool);
	build_stems(idx, b);
	build_synonyms(idx, b);
	idx->keys = b->keys;
	idx->nkeys = (uint32_t)b->nkeys;
	idx->docs = b->docs;
	idx->pool_len = b->pool.len;
	idx->pool = sb_detach(&b->pool);
	idx->counts.ndocs = idx->ndocs;
	idx->counts.ntokens = idx->ntokens;
	idx->counts.npostings = idx->npostings;
	idx->counts.npositions = idx->npositions;
	idx->counts.ndeletes = idx->ndeletes;
	idx->counts.nkeys = idx->nkeys;
	idx->counts.nstems = idx->nstems;
	idx->counts.nsyns = idx->nsyns;
	idx->counts.pool_len = idx->pool_len;
	free(sb);
	return idx;
}

struct search_index *search_index_build(const struct kb *kb)
{
	return search_index_finish(search_index_begin(kb));
}

void search_index_free(struct search_index *idx)
{
	if (!idx)
		return;
	if (!idx->borrowed) {
		free((void *)idx->pool);
		free((void *)idx->tokens);
		free((void *)idx->postings);
		free((void *)idx->positions);
		free((void *)idx->docs);
		free((void *)idx->deletes);
		free((void *)idx->keys);
		free((void *)idx->stems);
		free((void *)idx->syns);
		free((void *)idx->synkeys);
	}
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

/* ---- Saving and using in place ------------------------------------------------ */

unsigned search_index_format(void)
{
	return SEARCH_INDEX_FORMAT;
}

enum { S_COUNTS, S_POOL, S_TOKENS, S_POSTINGS, S_POSITIONS, S_DOCS, S_DELETES, S_KEYS,
       S_STEMS, S_SYNS, S_SYNKEYS };

void search_index_sections(const struct search_index *idx,
			   struct search_index_section out[SEARCH_INDEX_SECTIONS])
{
	out[S_COUNTS].data = &idx->counts;
	out[S_COUNTS].size = sizeof(idx->counts);
	out[S_POOL].data = idx->pool;
	out[S_POOL].size = idx->pool_len;
	out[S_TOKENS].data = idx->tokens;
	out[S_TOKENS].size = ((size_t)idx->ntokens + 1) * sizeof(*idx->tokens);
	out[S_POSTINGS].data = idx->postings;
	out[S_POSTINGS].size = (size_t)idx->npostings * sizeof(*idx->postings);
	out[S_POSITIONS].data = idx->positions;
	out[S_POSITIONS].size = (size_t)idx->npositions * sizeof(*idx->positions);
	out[S_DOCS].data = idx->docs;
	out[S_DOCS].size = (size_t)idx->ndocs * sizeof(*idx->docs);
	out[S_DELETES].data = idx->deletes;
	out[S_DELETES].size = (size_t)idx->ndeletes * sizeof(*idx->deletes);
	out[S_KEYS].data = idx->keys;
	out[S_KEYS].size = (size_t)idx->nkeys * sizeof(*idx->keys);
	out[S_STEMS].data = idx->stems;
	out[S_STEMS].size = (size_t)idx->nstems * sizeof(*idx->stems);
	out[S_SYNS].data = idx->syns;
	out[S_SYNS].size = (size_t)idx->nsyns * sizeof(*idx->syns);
	out[S_SYNKEYS].data = idx->synkeys;
	out[S_SYNKEYS].size = (size_t)idx->nsyns * sizeof(*idx->synkeys);
}

static bool section_is(const struct search_index_section *s, size_t n, size_t elem)
{
	/* 8 covers every record's alignment (the counts hold a uint64_t) */
	return s->size == n * elem && (n == 0 || ((uintptr_t)s->data & 7) == 0);
}

static bool pool_span(const struct search_index *idx, uint32_t off, uint32_t len)
{
	return off < idx->pool_len && len < idx->pool_len - off;
}

/* Every offset and index a query follows stays inside its array, and every
 * string ends inside the pool; the order invariants that only affect
 * results (sorted tokens, postings by article) are the checksum's job. */
static bool consistent(const struct search_index *idx)
{
	uint32_t i;
	int f;

	if (!idx->pool_len || idx->pool[idx->pool_len - 1] != '\0')
		return false;
	for (i = 0; i < idx->ntokens; i++)
		if (!pool_span(idx, idx->tokens[i].str, idx->tokens[i].len) ||
		    idx->tokens[i].post > idx->tokens[i + 1].post)
			return false;
	if (idx->tokens[0].post != 0 || idx->tokens[idx->ntokens].post != idx->npostings)
		return false;
	for (i = 0; i < idx->npostings; i++) {
		const struct sx_posting *p = &idx->postings[i];

		/* a posting says where its token stands: at least once */
		if (p->doc >= idx->ndocs || p->pos > idx->npositions || p->npos == 0 ||
		    p->npos > idx->npositions - p->pos)
			return false;
	}
	for (i = 0; i < idx->ndocs; i++) {
		const struct sx_doc *d = &idx->docs[i];

		if (d->id >= idx->pool_len || d->title >= idx->pool_len ||
		    d->category >= idx->pool_len)
			return false;
		for (f = 1; f < NFIELDS; f++)
			if (d->field_end[f] < d->field_end[f - 1])
				return false;
	}
	for (i = 0; i < idx->ndeletes; i++)
		if (idx->deletes[i].token >= idx->ntokens)
			return false;
	for (i = 0; i < idx->nkeys; i++)
		if (!pool_span(idx, idx->keys[i].str, idx->keys[i].len) ||
		    idx->keys[i].doc >= idx->ndocs ||
		    (idx->keys[i].field & KEY_FIELD) >= NFIELDS)
			return false;
	for (i = 0; i < idx->nstems; i++)
		if (!pool_span(idx, idx->stems[i].str, idx->stems[i].len) ||
		    idx->stems[i].token >= idx->ntokens)
			return false;
	for (i = 0; i < idx->nsyns; i++)
		if (!pool_span(idx, idx->syns[i].key, idx->syns[i].keylen) ||
		    !pool_span(idx, idx->syns[i].text, idx->syns[i].textlen) ||
		    idx->synkeys[i] >= idx->nsyns ||
		    (i && idx->syns[i].set < idx->syns[i - 1].set))
			return false;
	return true;
}

struct search_index *search_index_from_sections(
	const struct search_index_section in[SEARCH_INDEX_SECTIONS])
{
	struct search_index *idx;
	struct sx_counts c;

	if (in[S_COUNTS].size != sizeof(c))
		return NULL;
	memcpy(&c, in[S_COUNTS].data, sizeof(c));
	if (c.ntokens == UINT32_MAX || c.pool_len != in[S_POOL].size ||
	    !section_is(&in[S_TOKENS], (size_t)c.ntokens + 1, sizeof(struct sx_token)) ||
	    !section_is(&in[S_POSTINGS], c.npostings, sizeof(struct sx_posting)) ||
	    !section_is(&in[S_POSITIONS], c.npositions, sizeof(uint32_t)) ||
	    !section_is(&in[S_DOCS], c.ndocs, sizeof(struct sx_doc)) ||
	    !section_is(&in[S_DELETES], c.ndeletes, sizeof(struct sx_delete)) ||
	    !section_is(&in[S_KEYS], c.nkeys, sizeof(struct sx_key)) ||
	    !section_is(&in[S_STEMS], c.nstems, sizeof(struct sx_stem)) ||
	    !section_is(&in[S_SYNS], c.nsyns, sizeof(struct sx_syn)) ||
	    !section_is(&in[S_SYNKEYS], c.nsyns, sizeof(uint32_t)))
		return NULL;
	/* stems made by another stemmer would not meet the query's */
	{
		struct stemmer *st = stemmer_new();
		bool same = stem_probe(st) == c.stemmer;

		stemmer_free(st);
		if (!same)
			return NULL;
	}
	idx = xcalloc(1, sizeof(*idx));
	idx->borrowed = true;
	idx->counts = c;
	idx->ndocs = c.ndocs;
	idx->ntokens = c.ntokens;
	idx->npostings = c.npostings;
	idx->npositions = c.npositions;
	idx->ndeletes = c.ndeletes;
	idx->nkeys = c.nkeys;
	idx->nstems = c.nstems;
	idx->nsyns = c.nsyns;
	idx->pool = in[S_POOL].data;
	idx->pool_len = (size_t)c.pool_len;
	idx->tokens = in[S_TOKENS].data;
	idx->postings = in[S_POSTINGS].data;
	idx->positions = in[S_POSITIONS].data;
	idx->docs = in[S_DOCS].data;
	idx->deletes = in[S_DELETES].data;
	idx->keys = in[S_KEYS].data;
	idx->stems = in[S_STEMS].data;
	idx->syns = in[S_SYNS].data;
	idx->synkeys = in[S_SYNKEYS].data;
	if (!consistent(idx)) {
		free(idx);
		return NULL;
	}
	return idx;
}
