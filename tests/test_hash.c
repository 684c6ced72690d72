/* SPDX-License-Identifier: MIT */
/* test_hash.c: known answers for the hash functions (hash.h) -- the
 * values their authors publish -- and the index table (hashtab.h). */
#include "config.h"

#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "hash.h"
#include "hashtab.h"

/* ---- FNV-1a ------------------------------------------------------------ */

static uint64_t fnv(const char *s)
{
	return hash_fnv1a64(s, strlen(s));
}

/* The FNV authors' test vectors (draft-eastlake-fnv; isthe.com/chongo). */
Test(hash, fnv1a64_published_vectors)
{
	cr_assert_eq(fnv(""), UINT64_C(0xcbf29ce484222325));
	cr_assert_eq(fnv("a"), UINT64_C(0xaf63dc4c8601ec8c));
	cr_assert_eq(fnv("foobar"), UINT64_C(0x85944171f73967e8));
	cr_assert_eq(HASH_FNV1A64_INIT, UINT64_C(0xcbf29ce484222325), "offset basis");
}

Test(hash, fnv1a64_continues_across_pieces)
{
	uint64_t h = hash_fnv1a64_str(HASH_FNV1A64_INIT, "foo");

	cr_assert_eq(hash_fnv1a64_add(h, "bar", 3), fnv("foobar"));
	cr_assert_eq(hash_fnv1a64_str(HASH_FNV1A64_INIT, "foobar"), fnv("foobar"));
	cr_assert_eq(hash_fnv1a64_add(HASH_FNV1A64_INIT, "x", 0), HASH_FNV1A64_INIT);
}

/* ---- XXH64 ------------------------------------------------------------- */

static uint64_t xxh(const char *s, uint64_t seed)
{
	return hash_xxh64(s, strlen(s), seed);
}

Test(hash, xxh64_published_strings)
{
	cr_assert_eq(xxh("", 0), UINT64_C(0xef46db3751d8e999));
	cr_assert_eq(xxh("a", 0), UINT64_C(0xd24ec4f1a98c6e5b));
	cr_assert_eq(xxh("abc", 0), UINT64_C(0x44bc2cf5ad770999));
	/* 39 bytes: one 32-byte stripe, then a 4-byte word and 3 bytes */
	cr_assert_eq(xxh("Nobody inspects the spammish repetition", 0),
		     UINT64_C(0xfbcea83c8a378bf1));
}

/* xxHash's own sanity check (xxhsum): a 101-byte buffer generated from
 * PRIME32_1, hashed at 0, 1, 14 and 101 bytes with seed 0 and PRIME32_1,
 * which between them take every path (stripes, 8-byte words, a 4-byte
 * word, single bytes). */
Test(hash, xxh64_xxhsum_sanity_vectors)
{
	static const struct {
		size_t len;
		uint64_t seed, want;
	} v[] = {
		{ 0, 0, UINT64_C(0xEF46DB3751D8E999) },
		{ 0, 2654435761u, UINT64_C(0xAC75FDA2929B17EF) },
		{ 1, 0, UINT64_C(0x4FCE394CC88952D8) },
		{ 1, 2654435761u, UINT64_C(0x739840CB819FA723) },
		{ 14, 0, UINT64_C(0xCFFA8DB881BC3A3D) },
		{ 14, 2654435761u, UINT64_C(0x5B9611585EFCC9CB) },
		{ 101, 0, UINT64_C(0x0EAB543384F878AD) },
		{ 101, 2654435761u, UINT64_C(0xCAA65939306F1E21) },
	};
	unsigned char buf[101];
	uint32_t gen = 2654435761u;
	size_t i;

	for (i = 0; i < sizeof(buf); i++) {
		buf[i] = (unsigned char)(gen >> 24);
		gen *= gen;
	}
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		cr_expect_eq(hash_xxh64(buf, v[i].len, v[i].seed), v[i].want,
			     "%zu bytes, seed %llu", v[i].len,
			     (unsigned long long)v[i].seed);
}

Test(hash, xxh64_reads_bytes_not_words)
{
	/* The same bytes at an odd address hash the same (no aligned or
	 * machine-order reads). */
	char buf[80];
	const char *s = "0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEF";
	size_t n = strlen(s);

	memcpy(buf + 1, s, n);
	cr_assert_eq(hash_xxh64(buf + 1, n, 7), hash_xxh64(s, n, 7));
	cr_assert_neq(hash_xxh64(s, n, 7), hash_xxh64(s, n, 8), "the seed counts");
}

/* ---- The table --------------------------------------------------------- */

struct words {
	const char *v[600];
	size_t n;
	bool collide;     /* every item hashes the same: all probing */
};

static uint64_t word_hash_of(const struct words *w, const char *s)
{
	return w->collide ? 42 : hash_fnv1a64_str(HASH_FNV1A64_INIT, s);
}

static uint64_t word_hash(const void *ctx, size_t i)
{
	const struct words *w = ctx;

	return word_hash_of(w, w->v[i]);
}

static bool word_is(const void *ctx, size_t i, const void *key)
{
	return strcmp(((const struct words *)ctx)->v[i], key) == 0;
}

/* Adds s unless it is there; its index either way. */
static size_t add(struct hash_table *t, struct words *w, const char *s)
{
	size_t *slot;

	hash_table_reserve(t, w->n, 16, word_hash, w);
	slot = hash_table_slot(t, word_hash_of(w, s), s, word_is, w);
	if (*slot == HASH_EMPTY) {
		w->v[w->n] = s;
		*slot = w->n++;
	}
	return *slot;
}

static void table_round_trip(bool collide)
{
	static char names[500][8];
	struct hash_table t = HASH_TABLE_INIT;
	struct words w = { .n = 0, .collide = collide };
	size_t i, n = collide ? 100 : 500;

	cr_assert_eq(hash_table_find(&t, 1, "x", word_is, &w), HASH_EMPTY, "empty table");
	for (i = 0; i < n; i++) {
		snprintf(names[i], sizeof(names[i]), "w%zu", i);
		cr_assert_eq(add(&t, &w, names[i]), i);
	}
	cr_assert_eq(add(&t, &w, "w7"), 7, "a repeat finds the first");
	cr_assert_eq(w.n, n);
	cr_assert_geq(t.nslots, 2 * n, "at most half full");
	cr_assert_eq(t.nslots & (t.nslots - 1), 0, "a power of two");
	for (i = 0; i < n; i++)
		cr_assert_eq(hash_table_find(&t, word_hash_of(&w, names[i]), names[i],
					     word_is, &w), i, "%s", names[i]);
	cr_assert_eq(hash_table_find(&t, word_hash_of(&w, "nope"), "nope", word_is, &w),
		     HASH_EMPTY);
	hash_table_free(&t);
	cr_assert_null(t.slots);
}

Test(hashtab, finds_every_item_after_growing)
{
	table_round_trip(false);
}

Test(hashtab, probes_past_colliding_items)
{
	table_round_trip(true);
}
