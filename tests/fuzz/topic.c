/* SPDX-License-Identifier: MIT */
/* topic.c: fuzz target for the topic loader (dita_parse_topic).
 *
 * Input: the bytes of one topic file.  Besides not crashing, leaking or
 * running away, the loader keeps the promises of dita.h and kb.h: every
 * diagnostic is one line naming the file, a topic it returns has an id
 * and a title, its flat step list is numbered in order, every span has
 * text, and it can be added to a knowledge base and found by its id. */
#include "config.h"

#include <string.h>

#include "dita.h"
#include "fuzz.h"
#include "kb.h"
#include "xalloc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void check_text(const struct kb_text *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		FUZZ_CHECK(t->spans[i].text != NULL, "span %zu without text", i);
		FUZZ_CHECK(t->spans[i].kind <= KB_SPAN_XREF, "span %zu kind", i);
	}
}

static void check_blocks(const struct kb_blocks *b)
{
	size_t i, j;

	for (i = 0; i < b->n; i++) {
		const struct kb_block *k = &b->v[i];

		check_text(&k->text);
		check_blocks(&k->children);
		if (k->kind == KB_BLOCK_CODE)
			FUZZ_CHECK(k->code != NULL, "code block without code");
		if (k->kind == KB_BLOCK_LIST)
			for (j = 0; j < k->nitems; j++)
				check_blocks(&k->items[j]);
		if (k->kind == KB_BLOCK_TABLE) {
			FUZZ_CHECK(k->table != NULL, "table block without a table");
			FUZZ_CHECK(!k->table->header || k->table->nrows > 0,
				   "a header row in an empty table");
			for (j = 0; j < k->table->nrows * k->table->ncols; j++)
				check_text(&k->table->cells[j]);
		}
	}
}

static void check_article(const struct kb_article *a)
{
	size_t i;

	FUZZ_CHECK(a->id && *a->id, "topic without an id");
	FUZZ_CHECK(a->title && a->shortdesc, "topic without a title or shortdesc");
	check_text(&a->title_text);
	check_blocks(&a->condition);
	check_blocks(&a->related);
	for (i = 0; i < a->nkeywords; i++)
		FUZZ_CHECK(a->keywords[i] != NULL, "keyword %zu", i);
	for (i = 0; i < a->ncodes; i++)
		FUZZ_CHECK(a->codes[i] && *a->codes[i], "code %zu", i);
	for (i = 0; i < a->nsteps; i++) {
		FUZZ_CHECK(a->steps[i]->index == i, "step %zu is numbered %zu", i,
			   a->steps[i]->index);
		check_text(&a->steps[i]->cmd);
		check_blocks(&a->steps[i]->info);
		check_blocks(&a->steps[i]->result);
	}
	for (i = 0; i < a->nsolutions; i++) {
		const struct kb_solution *s = &a->solutions[i];
		size_t r;

		check_blocks(&s->cause);
		for (r = 0; r < s->nremedies; r++) {
			check_blocks(&s->remedies[r].responsible);
			check_blocks(&s->remedies[r].informal);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kb *kb = kb_new();
	struct dita_xrefs xrefs = { NULL, 0, 0 };
	struct diag_list dl = DIAG_LIST_INIT;
	struct kb_article *a;
	size_t i;

	a = dita_parse_topic(kb, FUZZ_TOPIC_FILE, (const char *)data, size, &xrefs, &dl);
	fuzz_check_diags(&dl, FUZZ_TOPIC_FILE);
	if (a) {
		check_article(a);
		FUZZ_CHECK(kb_add_article(kb, a), "a fresh kb refuses '%s'", a->id);
		kb_finish(kb);
		FUZZ_CHECK(kb_find(kb, a->id) == 0, "'%s' is not found by its id", a->id);
		for (i = 0; i < xrefs.n; i++) {
			FUZZ_CHECK(xrefs.v[i].href && xrefs.v[i].file, "xref %zu", i);
			FUZZ_CHECK(xrefs.v[i].image == (xrefs.v[i].span == NULL),
				   "xref %zu: a span for an image or none for a link", i);
		}
	} else {
		FUZZ_CHECK(xrefs.n == 0, "a refused topic left %zu xrefs", xrefs.n);
		FUZZ_CHECK(diag_count(&dl, DIAG_ERROR) > 0, "a topic refused without an error");
	}
	dita_xrefs_free(&xrefs);
	diag_list_free(&dl);
	kb_free(kb);
	return 0;
}
