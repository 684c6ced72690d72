/* SPDX-License-Identifier: MIT */
/* synonyms.c: synonym keys and the loader's checks of synonym sets. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "synonyms.h"
#include "tokenize.h"
#include "xalloc.h"

struct keyctx {
	struct stemmer *st;
	struct strbuf *out;
	size_t n;
};

static bool key_cb(const struct token *t, void *ctx)
{
	struct keyctx *k = ctx;
	const char *s;
	size_t len;

	/* the parts of a split word, not its joined form: "multi-factor" is
	 * keyed as multi + factor, like "multi factor" */
	if (t->compound || (t->noise & TOKEN_NOISE_DROP))
		return true;
	s = stemmer_stem(k->st, t->text, t->len, &len);
	sb_add(k->out, s, len);
	k->n++;
	return true;
}

size_t synonym_key(struct stemmer *st, const char *text, size_t len,
		   struct strbuf *out)
{
	struct keyctx k = { st, out, 0 };

	tokenize(text, len, key_cb, &k);
	return k.n;
}

/* ---- Checks --------------------------------------------------------------- */

struct entry {
	char *key;
	const char *set;
	size_t i;            /* in kb->synonyms */
};

static int by_key(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	return c ? c : (a->i > b->i) - (a->i < b->i);
}

static int by_set(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c = strcmp(a->set, b->set);

	return c ? c : (a->i > b->i) - (a->i < b->i);
}

void synonyms_check(const struct kb *kb, struct diag_list *dl)
{
	struct stemmer *st;
	struct entry *v;
	size_t i, j, n = 0;

	if (!kb->nsynonyms)
		return;
	st = stemmer_new();
	v = xcalloc(kb->nsynonyms, sizeof(*v));
	for (i = 0; i < kb->nsynonyms; i++) {
		const struct kb_synonym *s = &kb->synonyms[i];
		struct strbuf key = STRBUF_INIT;
		size_t ntok = synonym_key(st, s->term, strlen(s->term), &key);

		if (!key.len)
			diag_add(dl, DIAG_WARNING, s->file, s->line,
				 _("synonym '%s' has no words to search for (ignored)"),
				 s->term);
		else if (ntok > SYNONYM_MAX_TOKENS)
			diag_add(dl, DIAG_WARNING, s->file, s->line,
				 _("synonym '%s' has more than %d words (ignored)"),
				 s->term, SYNONYM_MAX_TOKENS);
		v[i].key = sb_detach(&key);
		v[i].set = s->set;
		v[i].i = i;
	}
	stemmer_free(st);

	/* A term in two sets: searching for it expands to both, so the sets
	 * are in effect one; said once, where the second set names it. */
	qsort(v, kb->nsynonyms, sizeof(*v), by_key);
	for (i = 0; i < kb->nsynonyms; i = j) {
		const struct kb_synonym *first = &kb->synonyms[v[i].i];

		for (j = i + 1; j < kb->nsynonyms && strcmp(v[j].key, v[i].key) == 0; j++) {
			const struct kb_synonym *s = &kb->synonyms[v[j].i];

			if (*v[i].key && strcmp(s->set, first->set) != 0)
				diag_add(dl, DIAG_WARNING, s->file, s->line,
					 _("synonym '%s' is also in set '%s' (%s:%u): a search joins the two sets"),
					 s->term, first->set, first->file ? first->file : "",
					 first->line);
		}
	}

	/* A set of one term has nothing to expand to; a set is every keydef
	 * of its name, so a pack may add one term to another pack's set. */
	qsort(v, kb->nsynonyms, sizeof(*v), by_set);
	for (i = 0; i < kb->nsynonyms; i = j) {
		const struct kb_synonym *s = &kb->synonyms[v[i].i];

		for (j = i + 1, n = 1; j < kb->nsynonyms && strcmp(v[j].set, s->set) == 0; j++)
			n++;
		if (n == 1)
			diag_add(dl, DIAG_WARNING, s->file, s->line,
				 _("synonym set '%s' has only one term ('%s'): nothing to expand it to"),
				 s->set, s->term);
	}
	for (i = 0; i < kb->nsynonyms; i++)
		free(v[i].key);
	free(v);
}
