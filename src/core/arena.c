/* SPDX-License-Identifier: MIT */
/* arena.c: chunked bump allocation. */
#include "config.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xalloc.h"

#define CHUNK_SIZE (64 * 1024)

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

void *arena_alloc(struct arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	struct arena_chunk *c = a->head;
	size_t off;

	n = n ? n : 1;
	off = c ? (c->used + align - 1) & ~(align - 1) : 0;
	if (!c || off > c->size || c->size - off < n) {
		size_t size = n > CHUNK_SIZE / 4 ? n : CHUNK_SIZE;

		if (size > SIZE_MAX - sizeof(*c))
			xalloc_die();
		c = xmalloc(sizeof(*c) + size);
		c->used = 0;
		c->size = size;
		/* A big allocation gets its own chunk behind the current one so
		 * the current one keeps its free tail. */
		if (size != CHUNK_SIZE && a->head) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
		off = 0;
	}
	c->used = off + n;
	a->used_total += n;
	memset(c->data + off, 0, n);
	return c->data + off;
}

void *arena_alloc_array(struct arena *a, size_t n, size_t size)
{
	return arena_alloc(a, xalloc_size(n, size));
}

void *arena_memdup(struct arena *a, const void *p, size_t n)
{
	void *q = arena_alloc(a, n);

	if (n)
		memcpy(q, p, n);
	return q;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *q = arena_alloc(a, n + 1);

	memcpy(q, s, n);
	q[n] = '\0';
	return q;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head;

	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used_total = 0;
}
