/* SPDX-License-Identifier: MIT */
/* hashtab.c: the open-addressing index table (linear probing, at most
 * half full, so a probe ends at a free slot soon). */
#include "config.h"

#include <stdlib.h>

#include "hashtab.h"
#include "xalloc.h"

size_t *hash_table_slot(const struct hash_table *t, uint64_t h, const void *key,
			hash_equal_fn *equal, const void *ctx)
{
	size_t mask = t->nslots - 1, i = (size_t)h & mask;

	if (!t->nslots)
		return NULL;
	for (;; i = (i + 1) & mask)
		if (t->slots[i] == HASH_EMPTY || equal(ctx, t->slots[i], key))
			return &t->slots[i];
}

size_t hash_table_find(const struct hash_table *t, uint64_t h, const void *key,
		       hash_equal_fn *equal, const void *ctx)
{
	size_t *slot = hash_table_slot(t, h, key, equal, ctx);

	return slot ? *slot : HASH_EMPTY;
}

void hash_table_reserve(struct hash_table *t, size_t n, size_t min_slots,
			hash_item_fn *hash, const void *ctx)
{
	size_t i, size, mask;

	if ((n + 1) * 2 <= t->nslots)
		return;
	size = t->nslots ? t->nslots * 2 : min_slots;
	free(t->slots);
	t->slots = xmalloc_array(size, sizeof(*t->slots));
	t->nslots = size;
	mask = size - 1;
	for (i = 0; i < size; i++)
		t->slots[i] = HASH_EMPTY;
	/* The items are distinct: each goes to the first free slot. */
	for (i = 0; i < n; i++) {
		size_t s = (size_t)hash(ctx, i) & mask;

		while (t->slots[s] != HASH_EMPTY)
			s = (s + 1) & mask;
		t->slots[s] = i;
	}
}

void hash_table_free(struct hash_table *t)
{
	free(t->slots);
	t->slots = NULL;
	t->nslots = 0;
}
