/* SPDX-License-Identifier: MIT */
/* arena.h: a bump allocator; everything in it is freed at once.
 *
 * The content model lives in one arena per knowledge base, so loading many
 * small strings costs no per-object malloc and freeing is one call. */
#ifndef ENROLLKB_ARENA_H
#define ENROLLKB_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t used_total;    /* bytes handed out, for memory reports */
};

#define ARENA_INIT { NULL, 0 }

/* Memory aligned for any object; zero-filled. */
void *arena_alloc(struct arena *a, size_t n);
/* An array of n elements of size bytes (the product checked, xalloc.h). */
void *arena_alloc_array(struct arena *a, size_t n, size_t size);
void *arena_memdup(struct arena *a, const void *p, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

#endif
