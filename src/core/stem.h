/* SPDX-License-Identifier: MIT */
/* stem.h: English word stems for search (Snowball, through libstemmer),
 * so that "starting", "starts" and "started" find "start".  Indexing and
 * querying both stem through here, so they always agree.
 *
 * A stemmer is not thread-safe: use one per thread (the index builder
 * and each query parse make their own). */
#ifndef ENROLLKB_STEM_H
#define ENROLLKB_STEM_H

#include <stddef.h>

struct stemmer;

/* English (Porter2).  Never NULL: failing to make one is fatal, like an
 * allocation failure. */
struct stemmer *stemmer_new(void);
void stemmer_free(struct stemmer *st);

/* The stem of a token as the tokenizer folds it (lowercase).  Only runs
 * of 3 to 64 ASCII letters are stemmed, as English words; anything else
 * (numbers, words with digits, non-Latin script, short words) is its own
 * stem.  Returns s itself or a buffer owned by st, valid until the next
 * call on st; *len gets the stem's length. */
const char *stemmer_stem(struct stemmer *st, const char *s, size_t n, size_t *len);

#endif
