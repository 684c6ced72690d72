/* SPDX-License-Identifier: MIT */
/* progress_keys.c: what identifies a step in a checklist -- the FNV-1a hash
 * of its normalised command text plus an occurrence number -- and the
 * table of entries keyed by article and step key. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "progress_impl.h"
#include "xalloc.h"

/* ---- Hashing ------------------------------------------------------------- */

/* Collapses whitespace and control bytes to single spaces and trims, feeding
 * the result to a hash and, when out is set, to a buffer. */
struct norm {
	uint64_t hash;
	struct strbuf *out;
	bool any, space;
};

static void norm_feed(struct norm *nm, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= 0x20 || c == 0x7f) {
			nm->space = nm->any;
			continue;
		}
		if (nm->space) {
			nm->hash = hash_fnv1a64_add(nm->hash, " ", 1);
			if (nm->out)
				sb_putc(nm->out, ' ');
			nm->space = false;
		}
		nm->hash = hash_fnv1a64_add(nm->hash, s, 1);
		if (nm->out)
			sb_putc(nm->out, (char)c);
		nm->any = true;
	}
}

uint64_t progress_text_norm(const struct kb_text *t, struct strbuf *out)
{
	struct norm nm = { HASH_FNV1A64_INIT, out, false, false };
	size_t i;

	for (i = 0; i < t->n; i++)
		norm_feed(&nm, t->spans[i].text);
	return nm.hash;
}

static uint64_t step_hash(const struct kb_step *s)
{
	return progress_text_norm(&s->cmd, NULL);
}

/* ---- Step keys ----------------------------------------------------------- */

/* Position of s in a->steps, or NONE. */
static size_t step_pos(const struct kb_article *a, const struct kb_step *s)
{
	size_t i;

	if (s->index < a->nsteps && a->steps[s->index] == s)
		return s->index;
	for (i = 0; i < a->nsteps; i++)
		if (a->steps[i] == s)
			return i;
	return NONE;
}

static void format_key(char buf[KEY_MAX], uint64_t h, size_t occurrence)
{
	if (occurrence > 1)
		snprintf(buf, KEY_MAX, "%016" PRIx64 "-%zu", h, occurrence);
	else
		snprintf(buf, KEY_MAX, "%016" PRIx64, h);
}

void progress_key(const struct kb_article *a, const struct kb_step *s,
		  char buf[KEY_MAX])
{
	uint64_t h = step_hash(s);
	size_t i, pos = step_pos(a, s), occurrence = 1;

	if (pos != NONE)
		for (i = 0; i < pos; i++)
			occurrence += step_hash(a->steps[i]) == h;
	format_key(buf, h, occurrence);
}

/* Keys of all of a->steps at once (hashing each step once). */
char (*progress_article_keys(const struct kb_article *a))[KEY_MAX]
{
	char (*keys)[KEY_MAX] = xmalloc_array(a->nsteps ? a->nsteps : 1, KEY_MAX);
	uint64_t *h = xmalloc_array(a->nsteps ? a->nsteps : 1, sizeof(*h));
	size_t i, j;

	for (i = 0; i < a->nsteps; i++) {
		size_t occurrence = 1;

		h[i] = step_hash(a->steps[i]);
		for (j = 0; j < i; j++)
			occurrence += h[j] == h[i];
		format_key(keys[i], h[i], occurrence);
	}
	free(h);
	return keys;
}

/* The key of s, from keys when s is in the flat list. */
const char *progress_key_of(const struct kb_article *a, const struct kb_step *s,
			    char (*keys)[KEY_MAX], char buf[KEY_MAX])
{
	size_t pos = step_pos(a, s);

	if (pos != NONE)
		return keys[pos];
	progress_key(a, s, buf);
	return buf;
}

char *progress_step_key(const struct kb_article *a, const struct kb_step *s)
{
	char buf[KEY_MAX];

	progress_key(a, s, buf);
	return xasprintf("%s#%s", a->id, buf);
}

/* ---- Entries ------------------------------------------------------------- */

static uint64_t entry_hash_of(const char *article, const char *key)
{
	uint64_t h = hash_fnv1a64_str(HASH_FNV1A64_INIT, article);

	h = hash_fnv1a64_add(h, "\t", 1);
	return hash_fnv1a64_str(h, key);
}

static uint64_t entry_hash(const void *ctx, size_t i)
{
	const struct entry *e = &((const struct entries *)ctx)->v[i];

	return entry_hash_of(e->article, e->key);
}

static bool entry_is(const void *ctx, size_t i, const void *key)
{
	const struct entry *e = &((const struct entries *)ctx)->v[i], *k = key;

	return strcmp(e->key, k->key) == 0 && strcmp(e->article, k->article) == 0;
}

size_t progress_entries_find(const struct entries *es, const char *article,
			     const char *key)
{
	struct entry k = { .article = (char *)article, .key = (char *)key };

	return hash_table_find(&es->index, entry_hash_of(article, key), &k,
			       entry_is, es);
}

/* Adds e (taking its strings), or replaces the entry with the same article
 * and key.  Returns its index. */
size_t progress_entries_put(struct entries *es, struct entry *e)
{
	size_t *slot;

	hash_table_reserve(&es->index, es->n, 64, entry_hash, es);
	slot = hash_table_slot(&es->index, entry_hash_of(e->article, e->key), e,
			       entry_is, es);
	if (*slot != HASH_EMPTY) {
		struct entry *old = &es->v[*slot];

		free(old->article);
		free(old->key);
		free(old->note);
		*old = *e;
		return *slot;
	}
	es->v = xgrow(es->v, &es->cap, es->n + 1, sizeof(*es->v));
	es->v[es->n] = *e;
	*slot = es->n;
	return es->n++;
}

void progress_entries_free(struct entries *es)
{
	size_t i;

	for (i = 0; i < es->n; i++) {
		free(es->v[i].article);
		free(es->v[i].key);
		free(es->v[i].note);
	}
	free(es->v);
	hash_table_free(&es->index);
	memset(es, 0, sizeof(*es));
}
