/* SPDX-License-Identifier: MIT */
/* kb.c: building and querying the content model.
 *
 * Owns the model's memory (one arena plus a few growable index arrays) and
 * its hash tables: article ids, category names and the (category, article)
 * pairs already listed, so that building stays linear in the number of
 * topics and map entries. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kb.h"
#include "strbuf.h"
#include "xalloc.h"

#define NO_ARTICLE ((size_t)-1)

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

struct kb *kb_new(void)
{
	struct kb *kb = xcalloc(1, sizeof(*kb));

	return kb;
}

void kb_free(struct kb *kb)
{
	size_t i;

	if (!kb)
		return;
	for (i = 0; i < kb->ncategories; i++)
		free(kb->categories[i].articles);
	free(kb->categories);
	free(kb->articles);
	free(kb->id_slots);
	free(kb->cat_slots);
	free(kb->pair_slots);
	free(kb->packs);
	free(kb->synonyms);
	arena_free(&kb->arena);
	free(kb);
}

struct kb_article *kb_article_alloc(struct kb *kb)
{
	return arena_alloc(&kb->arena, sizeof(struct kb_article));
}

/* The article ids and the category names each have an open-addressing
 * table of indices, (size_t)-1 marking an empty slot; key() gives the
 * name an index stands for. */
typedef const char *name_key_fn(const struct kb *kb, size_t i);

static const char *article_key(const struct kb *kb, size_t i)
{
	return kb->articles[i]->id;
}

static const char *category_key(const struct kb *kb, size_t i)
{
	return kb->categories[i].name;
}

/* Slot holding name, or the empty slot where it would go. */
static size_t *name_slot(const struct kb *kb, size_t *slots, size_t nslots,
			 name_key_fn *key, const char *name)
{
	size_t mask = nslots - 1;
	size_t i = (size_t)hash_str(name) & mask;

	for (;; i = (i + 1) & mask)
		if (slots[i] == NO_ARTICLE || strcmp(key(kb, slots[i]), name) == 0)
			return &slots[i];
}

/* Doubles the table (at least min slots) and re-enters the n names. */
static void name_rehash(const struct kb *kb, size_t **slots, size_t *nslots,
			size_t min, name_key_fn *key, size_t n)
{
	size_t i, size = *nslots ? *nslots * 2 : min;

	free(*slots);
	*slots = xmalloc(size * sizeof(**slots));
	*nslots = size;
	for (i = 0; i < size; i++)
		(*slots)[i] = NO_ARTICLE;
	for (i = 0; i < n; i++)
		*name_slot(kb, *slots, size, key, key(kb, i)) = i;
}

bool kb_add_article(struct kb *kb, struct kb_article *a)
{
	size_t *slot;

	if ((kb->narticles + 1) * 2 > kb->id_nslots)
		name_rehash(kb, &kb->id_slots, &kb->id_nslots, 64, article_key,
			    kb->narticles);
	slot = name_slot(kb, kb->id_slots, kb->id_nslots, article_key, a->id);
	if (*slot != NO_ARTICLE)
		return false;
	kb->articles = xgrow(kb->articles, &kb->articles_cap, kb->narticles + 1,
			     sizeof(*kb->articles));
	*slot = kb->narticles;
	kb->articles[kb->narticles++] = a;
	return true;
}

size_t kb_category(struct kb *kb, const char *name)
{
	struct kb_category *c;
	size_t *slot;

	if ((kb->ncategories + 1) * 2 > kb->cat_nslots)
		name_rehash(kb, &kb->cat_slots, &kb->cat_nslots, 16, category_key,
			    kb->ncategories);
	slot = name_slot(kb, kb->cat_slots, kb->cat_nslots, category_key, name);
	if (*slot != NO_ARTICLE)
		return *slot;
	kb->categories = xgrow(kb->categories, &kb->categories_cap,
			       kb->ncategories + 1, sizeof(*kb->categories));
	c = &kb->categories[kb->ncategories];
	memset(c, 0, sizeof(*c));
	c->name = arena_strdup(&kb->arena, name);
	*slot = kb->ncategories;
	return kb->ncategories++;
}

static uint64_t hash_pair(size_t category, size_t article)
{
	uint64_t h = (uint64_t)category * 0x9e3779b97f4a7c15ull ^ (uint64_t)article;

	/* splitmix64's finaliser: spreads sequential indices over the table */
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
	return h ^ (h >> 31);
}

/* The two-size_t slot holding the pair, or the empty one where it would go. */
static size_t *pair_slot(const struct kb *kb, size_t category, size_t article)
{
	size_t mask = kb->pair_nslots - 1;
	size_t i = (size_t)hash_pair(category, article) & mask;

	for (;; i = (i + 1) & mask) {
		size_t *slot = &kb->pair_slots[2 * i];

		if (slot[0] == NO_ARTICLE ||
		    (slot[0] == category && slot[1] == article))
			return slot;
	}
}

static void pair_rehash(struct kb *kb)
{
	size_t c, i, n = kb->pair_nslots ? kb->pair_nslots * 2 : 64;

	free(kb->pair_slots);
	kb->pair_slots = xmalloc(n * 2 * sizeof(*kb->pair_slots));
	kb->pair_nslots = n;
	for (i = 0; i < 2 * n; i++)
		kb->pair_slots[i] = NO_ARTICLE;
	for (c = 0; c < kb->ncategories; c++)
		for (i = 0; i < kb->categories[c].narticles; i++) {
			size_t *slot = pair_slot(kb, c, kb->categories[c].articles[i]);

			slot[0] = c;
			slot[1] = kb->categories[c].articles[i];
		}
}

void kb_category_add(struct kb *kb, size_t category, size_t article)
{
	struct kb_category *c = &kb->categories[category];
	size_t *slot;

	if ((kb->npairs + 1) * 2 > kb->pair_nslots)
		pair_rehash(kb);
	slot = pair_slot(kb, category, article);
	if (slot[0] != NO_ARTICLE)
		return;
	slot[0] = category;
	slot[1] = article;
	kb->npairs++;
	c->articles = xgrow(c->articles, &c->cap, c->narticles + 1,
			    sizeof(*c->articles));
	c->articles[c->narticles++] = article;
}

static const char *arena_strdup_opt(struct arena *ar, const char *s)
{
	return s ? arena_strdup(ar, s) : NULL;
}

void kb_add_pack(struct kb *kb, const struct kb_pack *p)
{
	struct kb_pack *d;

	kb->packs = xgrow(kb->packs, &kb->packs_cap, kb->npacks + 1, sizeof(*kb->packs));
	d = &kb->packs[kb->npacks++];
	d->title = arena_strdup_opt(&kb->arena, p->title);
	d->version = arena_strdup_opt(&kb->arena, p->version);
	d->date = arena_strdup_opt(&kb->arena, p->date);
	d->path = arena_strdup_opt(&kb->arena, p->path);
	d->narticles = p->narticles;
}

void kb_add_synonym(struct kb *kb, const struct kb_synonym *s)
{
	struct kb_synonym *d;

	kb->synonyms = xgrow(kb->synonyms, &kb->synonyms_cap, kb->nsynonyms + 1,
			     sizeof(*kb->synonyms));
	d = &kb->synonyms[kb->nsynonyms++];
	d->set = arena_strdup(&kb->arena, s->set);
	d->term = arena_strdup(&kb->arena, s->term);
	d->file = arena_strdup_opt(&kb->arena, s->file);
	d->line = s->line;
}

void kb_finish(struct kb *kb)
{
	size_t *count = xcalloc(kb->narticles + 1, sizeof(*count));
	size_t c, i;

	for (c = 0; c < kb->ncategories; c++)
		for (i = 0; i < kb->categories[c].narticles; i++)
			count[kb->categories[c].articles[i]]++;
	for (i = 0; i < kb->narticles; i++) {
		kb->articles[i]->categories =
			arena_alloc(&kb->arena, count[i] * sizeof(size_t));
		kb->articles[i]->ncategories = 0;
	}
	for (c = 0; c < kb->ncategories; c++)
		for (i = 0; i < kb->categories[c].narticles; i++) {
			struct kb_article *a = kb->articles[kb->categories[c].articles[i]];
			size_t *v = (size_t *)a->categories;

			v[a->ncategories++] = c;
		}
	free(count);
}

size_t kb_find(const struct kb *kb, const char *id)
{
	if (!kb->id_nslots)
		return NO_ARTICLE;
	return *name_slot(kb, kb->id_slots, kb->id_nslots, article_key, id);
}

size_t kb_lookup(const struct kb *kb, const char *key)
{
	size_t i, j, found = kb_find(kb, key);

	if (found != NO_ARTICLE)
		return found;
	for (i = 0; i < kb->narticles; i++)
		for (j = 0; j < kb->articles[i]->ncodes; j++)
			if (strcasecmp(kb->articles[i]->codes[j], key) == 0)
				return i;
	for (i = 0; i < kb->narticles; i++)
		for (j = 0; j < kb->articles[i]->nkeywords; j++)
			if (strcasecmp(kb->articles[i]->keywords[j], key) == 0)
				return i;
	return NO_ARTICLE;
}

char *kb_text_plain(const struct kb_text *t)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < t->n; i++)
		sb_puts(&sb, t->spans[i].text);
	return sb_detach(&sb);
}

const char *kb_note_type_name(enum kb_note_type t)
{
	switch (t) {
	case KB_NOTE_IMPORTANT: return "important";
	case KB_NOTE_TIP:       return "tip";
	case KB_NOTE_CAUTION:   return "caution";
	case KB_NOTE_WARNING:   return "warning";
	case KB_NOTE_NOTE:
	case KB_NOTE_OTHER:
	default:                return "note";
	}
}
