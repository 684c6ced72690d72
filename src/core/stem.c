/* SPDX-License-Identifier: MIT */
/* stem.c: English stems through libstemmer (Snowball). */
#include "config.h"

#include <libstemmer.h>
#include <stdbool.h>
#include <stdlib.h>

#include "stem.h"
#include "xalloc.h"

/* Longer "words" are identifiers or pasted junk: no English suffix to
 * strip, and stemming them would only cost time. */
#define STEM_MAX_LEN 64

struct stemmer {
	struct sb_stemmer *sb;
};

struct stemmer *stemmer_new(void)
{
	struct stemmer *st = xmalloc(sizeof(*st));

	/* NULL only when out of memory (the language is built in) */
	st->sb = sb_stemmer_new("english", NULL);
	if (!st->sb)
		xalloc_die();
	return st;
}

void stemmer_free(struct stemmer *st)
{
	if (!st)
		return;
	sb_stemmer_delete(st->sb);
	free(st);
}

static bool ascii_word(const char *s, size_t n)
{
	size_t i;

	if (n < 3 || n > STEM_MAX_LEN)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return false;
	return true;
}

const char *stemmer_stem(struct stemmer *st, const char *s, size_t n, size_t *len)
{
	const sb_symbol *r;

	if (!ascii_word(s, n)) {
		*len = n;
		return s;
	}
	r = sb_stemmer_stem(st->sb, (const sb_symbol *)s, (int)n);
	if (!r)
		xalloc_die();   /* libstemmer fails only when out of memory */
	*len = (size_t)sb_stemmer_length(st->sb);
	return (const char *)r;
}
