/* SPDX-License-Identifier: MIT */
/* test_kb.c: the content model's building and queries (kb.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "kb.h"

static struct kb_article *article(struct kb *kb, const char *id)
{
	struct kb_article *a = kb_article_alloc(kb);

	a->id = arena_strdup(&kb->arena, id);
	a->title = a->id;
	a->shortdesc = "";
	return a;
}

static struct kb_article *article_with(struct kb *kb, const char *id,
				       const char *code, const char *keyword)
{
	struct kb_article *a = article(kb, id);
	const char **v;

	if (code) {
		v = arena_alloc(&kb->arena, sizeof(*v));
		v[0] = arena_strdup(&kb->arena, code);
		a->codes = v;
		a->ncodes = 1;
	}
	if (keyword) {
		v = arena_alloc(&kb->arena, sizeof(*v));
		v[0] = arena_strdup(&kb->arena, keyword);
		a->keywords = v;
		a->nkeywords = 1;
	}
	return a;
}

Test(kb, add_and_find)
{
	struct kb *kb = kb_new();

	cr_assert_eq(kb_find(kb, "a"), NO_ARTICLE, "empty kb finds nothing");
	cr_assert(kb_add_article(kb, article(kb, "a")));
	cr_assert(kb_add_article(kb, article(kb, "b")));
	cr_assert_eq(kb->narticles, 2);
	cr_assert_eq(kb_find(kb, "a"), 0);
	cr_assert_eq(kb_find(kb, "b"), 1);
	cr_assert_eq(kb_find(kb, "c"), NO_ARTICLE);
	kb_free(kb);
}

Test(kb, duplicate_id_rejected)
{
	struct kb *kb = kb_new();
	struct kb_article *first = article(kb, "same");

	cr_assert(kb_add_article(kb, first));
	cr_assert_not(kb_add_article(kb, article(kb, "same")));
	cr_assert_eq(kb->narticles, 1);
	cr_assert_eq(kb->articles[kb_find(kb, "same")], first);
	kb_free(kb);
}

Test(kb, many_articles_survive_rehash)
{
	struct kb *kb = kb_new();
	char id[32];
	size_t i;

	for (i = 0; i < 5000; i++) {
		snprintf(id, sizeof(id), "topic-%zu", i);
		cr_assert(kb_add_article(kb, article(kb, id)));
	}
	for (i = 0; i < 5000; i += 7) {
		snprintf(id, sizeof(id), "topic-%zu", i);
		cr_assert_eq(kb_find(kb, id), i);
	}
	kb_free(kb);
}

Test(kb, lookup_by_id_code_keyword)
{
	struct kb *kb = kb_new();

	kb_add_article(kb, article_with(kb, "device-cap", "DeviceCapReached", "device limit"));
	kb_add_article(kb, article_with(kb, "other", "DeviceCapReachedNot", NULL));
	cr_assert_eq(kb_lookup(kb, "device-cap"), 0);
	cr_assert_eq(kb_lookup(kb, "devicecapreached"), 0, "codes match case-insensitively");
	cr_assert_eq(kb_lookup(kb, "DEVICECAPREACHEDNOT"), 1);
	cr_assert_eq(kb_lookup(kb, "Device Limit"), 0, "keywords match too");
	cr_assert_eq(kb_lookup(kb, "nothing"), NO_ARTICLE);
	kb_free(kb);
}

Test(kb, categories_merge_by_name)
{
	struct kb *kb = kb_new();
	size_t a = kb_category(kb, "Enrollment errors");
	size_t b = kb_category(kb, "Token sync");

	cr_assert_eq(a, 0);
	cr_assert_eq(b, 1);
	cr_assert_eq(kb_category(kb, "Enrollment errors"), a);
	cr_assert_eq(kb_category(kb, "enrollment errors"), 2, "names are case-sensitive");
	cr_assert_eq(kb->ncategories, 3);
	cr_assert_str_eq(kb->categories[b].name, "Token sync");
	kb_free(kb);
}

Test(kb, many_categories)
{
	struct kb *kb = kb_new();
	char name[32];
	size_t i;

	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "Category %zu", i);
		cr_assert_eq(kb_category(kb, name), i);
	}
	for (i = 0; i < 1000; i += 13) {
		snprintf(name, sizeof(name), "Category %zu", i);
		cr_assert_eq(kb_category(kb, name), i);
	}
	cr_assert_eq(kb->ncategories, 1000);
	kb_free(kb);
}

Test(kb, category_add_ignores_repeats)
{
	struct kb *kb = kb_new();
	size_t c0, c1, i;
	char id[32];

	for (i = 0; i < 3000; i++) {
		snprintf(id, sizeof(id), "t%zu", i);
		kb_add_article(kb, article(kb, id));
	}
	c0 = kb_category(kb, "A");
	c1 = kb_category(kb, "B");
	/* every article twice in A, every third one in B, in reverse */
	for (i = 0; i < 3000; i++)
		kb_category_add(kb, c0, i);
	for (i = 0; i < 3000; i++)
		kb_category_add(kb, c0, i);
	for (i = 3000; i-- > 0;)
		if (i % 3 == 0)
			kb_category_add(kb, c1, i);
	kb_category_add(kb, c1, 0);
	cr_assert_eq(kb->categories[c0].narticles, 3000);
	cr_assert_eq(kb->categories[c1].narticles, 1000);
	for (i = 0; i < 3000; i++)
		cr_assert_eq(kb->categories[c0].articles[i], i, "map order kept");
	cr_assert_eq(kb->categories[c1].articles[0], 2997);
	cr_assert_eq(kb->categories[c1].articles[999], 0);
	kb_free(kb);
}

Test(kb, finish_fills_back_references)
{
	struct kb *kb = kb_new();
	size_t a, b, c;

	kb_add_article(kb, article(kb, "x"));
	kb_add_article(kb, article(kb, "y"));
	kb_add_article(kb, article(kb, "z"));
	a = kb_category(kb, "A");
	b = kb_category(kb, "B");
	c = kb_category(kb, "C");
	kb_category_add(kb, b, 1);
	kb_category_add(kb, a, 1);
	kb_category_add(kb, c, 0);
	kb_category_add(kb, a, 0);
	kb_finish(kb);
	cr_assert_eq(kb->articles[0]->ncategories, 2);
	cr_assert_eq(kb->articles[0]->categories[0], a);
	cr_assert_eq(kb->articles[0]->categories[1], c);
	cr_assert_eq(kb->articles[1]->ncategories, 2);
	cr_assert_eq(kb->articles[1]->categories[0], a);
	cr_assert_eq(kb->articles[1]->categories[1], b);
	cr_assert_eq(kb->articles[2]->ncategories, 0, "unlisted article");
	kb_free(kb);
}

Test(kb, text_plain_and_note_names)
{
	struct kb_span spans[] = {
		{ KB_SPAN_TEXT, "Go to ", NULL, false },
		{ KB_SPAN_UI, "Devices", NULL, false },
		{ KB_SPAN_TEXT, " > ", NULL, false },
		{ KB_SPAN_XREF, "docs", "https://example.com/", true },
	};
	struct kb_text t = { spans, 4 };
	struct kb_text empty = { NULL, 0 };
	char *s = kb_text_plain(&t);
	char *e = kb_text_plain(&empty);

	cr_assert_str_eq(s, "Go to Devices > docs");
	cr_assert_str_eq(e, "");
	free(s);
	free(e);
	cr_assert_str_eq(kb_note_type_name(KB_NOTE_IMPORTANT), "important");
	cr_assert_str_eq(kb_note_type_name(KB_NOTE_WARNING), "warning");
	cr_assert_str_eq(kb_note_type_name(KB_NOTE_OTHER), "note");
}
