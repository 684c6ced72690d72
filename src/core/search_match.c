/* SPDX-License-Identifier: MIT */
/* search_match.c: the byte ranges of a text that match a parsed query, for
 * highlighting, by the same rules as ranking (search_query.c builds the
 * patterns). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "search_impl.h"
#include "strbuf.h"
#include "tokenize.h"
#include "xalloc.h"

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
	plain = xmalloc_array(h.n + 1, sizeof(*plain));
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

