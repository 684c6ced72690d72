/* SPDX-License-Identifier: MIT */
/* hashtab.h: the one hash table -- open addressing over indices into an
 * array the caller owns.  It stores no keys, so one table serves article
 * ids, category names, (category, article) pairs and checklist entries,
 * each caller saying how to hash and compare its items (hash.h has the
 * hash functions). */
#ifndef ENROLLKB_HASHTAB_H
#define ENROLLKB_HASHTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HASH_EMPTY ((size_t)-1)

struct hash_table {
	size_t *slots;       /* item indices, HASH_EMPTY in a free slot */
	size_t nslots;       /* a power of two, or 0 before the first item */
};

#define HASH_TABLE_INIT { NULL, 0 }

/* The hash of the caller's item i, and whether item i is key. */
typedef uint64_t hash_item_fn(const void *ctx, size_t i);
typedef bool hash_equal_fn(const void *ctx, size_t i, const void *key);

/* The slot that holds the item equal to key (whose hash is h), or the free
 * slot where it would go; NULL while the table has no slots.  Adding an
 * item is writing its index into a free slot: call hash_table_reserve
 * first. */
size_t *hash_table_slot(const struct hash_table *t, uint64_t h, const void *key,
			hash_equal_fn *equal, const void *ctx);
/* The index of the item equal to key, or HASH_EMPTY. */
size_t hash_table_find(const struct hash_table *t, uint64_t h, const void *key,
		       hash_equal_fn *equal, const void *ctx);
/* Makes room for one more item while items 0..n-1 are in the table: at
 * half full it doubles (to min_slots at first, a power of two) and enters
 * them again. */
void hash_table_reserve(struct hash_table *t, size_t n, size_t min_slots,
			hash_item_fn *hash, const void *ctx);
void hash_table_free(struct hash_table *t);

#endif
