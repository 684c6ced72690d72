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

#include "hash.h"
#include "kb.h"
#include "strbuf.h"
#include "xalloc.h"

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
	hash_table_free(&kb->ids);
	hash_table_free(&kb->names);
	hash_table_free(&kb->listed);
	free(kb->pairs);
	free(kb->packs);
	free(kb->synonyms);
	arena_free(&kb->arena);
	free(kb);
}

struct kb_article *kb_article_alloc(struct kb *kb)
{
	return arena_alloc(&kb->arena, sizeof(struct kb_article));
}

/* ---- The hash tables: items are indices, keys what they stand for ------ */

static uint64_t name_hash(const char *name)
{
	return hash_fnv1a64_str(HASH_FNV1A64_INIT, name);
}

static uint64_t article_hash(const void *ctx, size_t i)
{
	return name_hash(((const struct kb *)ctx)->articles[i]->id);
}

static bool article_is(const void *ctx, size_t i, const void *id)
{
	return strcmp(((const struct kb *)ctx)->articles[i]->id, id) == 0;
}

static uint64_t category_hash(const void *ctx, size_t i)
{
	return name_hash(((const struct kb *)ctx)->categories[i].name);
}

static bool category_is(const void *ctx, size_t i, const void *name)
{
	return strcmp(((const struct kb *)ctx)->categories[i].name, name) == 0;
}

static uint64_t pair_hash_of(size_t category, size_t article)
{
	uint64_t h = (uint64_t)category * 0x9e3779b97f4a7c15ull ^ (uint64_t)article;

	/* splitmix64's finaliser: spreads sequential indices over the table */
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
	return h ^ (h >> 31);
}

static uint64_t pair_hash(const void *ctx, size_t i)
{
	const struct kb_pair *p = &((const struct kb *)ctx)->pairs[i];

	return pair_hash_of(p->category, p->article);
}

static bool pair_is(const void *ctx, size_t i, const void *key)
{
	const struct kb_pair *p = &((const struct kb *)ctx)->pairs[i], *k = key;

	return p->category == k->category && p->article == k->article;
}

/* ---- Building ---------------------------------------------------------- */

bool kb_add_article(struct kb *kb, struct kb_article *a)
{
	size_t *slot;

	hash_table_reserve(&kb->ids, kb->narticles, 64, article_hash, kb);
	slot = hash_table_slot(&kb->ids, name_hash(a->id), a->id, article_is, kb);
	if (*slot != HASH_EMPTY)
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

	hash_table_reserve(&kb->names, kb->ncategories, 16, category_hash, kb);
	slot = hash_table_slot(&kb->names, name_hash(name), name, category_is, kb);
	if (*slot != HASH_EMPTY)
		return *slot;
	kb->categories = xgrow(kb->categories, &kb->categories_cap,
			       kb->ncategories + 1, sizeof(*kb->categories));
	c = &kb->categories[kb->ncategories];
	memset(c, 0, sizeof(*c));
	c->name = arena_strdup(&kb->arena, name);
	*slot = kb->ncategories;
	return kb->ncategories++;
}

void kb_category_add(struct kb *kb, size_t category, size_t article)
{
	struct kb_category *c = &kb->categories[category];
	struct kb_pair key = { category, article };
	size_t *slot;

	hash_table_reserve(&kb->listed, kb->npairs, 64, pair_hash, kb);
	slot = hash_table_slot(&kb->listed, pair_hash_of(category, article), &key,
			       pair_is, kb);
	if (*slot != HASH_EMPTY)
		return;
	kb->pairs = xgrow(kb->pairs, &kb->pairs_cap, kb->npairs + 1,
			  sizeof(*kb->pairs));
	kb->pairs[kb->npairs] = key;
	*slot = kb->npairs++;
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
	d->nreplaced = p->nreplaced;
	d->nerrors = p->nerrors;
	d->nwarnings = p->nwarnings;
}

void kb_replace_article(struct kb *kb, size_t i, struct kb_article *a)
{
	/* the id table maps the id to i, which stays right */
	kb->articles[i] = a;
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
			arena_alloc_array(&kb->arena, count[i], sizeof(size_t));
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
	return hash_table_find(&kb->ids, name_hash(id), id, article_is, kb);
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
