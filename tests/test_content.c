/* SPDX-License-Identifier: MIT */
/* test_content.c: what the shipped pack promises its readers, checked on
 * the pack the program embeds (builtin_content.c).
 *
 *   - every article names its source (a learn.microsoft.com troubleshooting
 *     URL), the source's date and the day it was last checked against it;
 *   - no retired product name is used as today's name in what an article
 *     shows (old names may only be search keywords);
 *   - every image an article references is a file of the pack (the loader
 *     warns otherwise, and the embedded pack must load without warnings);
 *   - codes come only from where an article states its own;
 *   - each article has one home category;
 *   - the map gives the pack a title, version and date.
 * Validation against the OASIS DTDs is tests/validate-content.sh. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "diag.h"
#include "kb.h"
#include "layout.h"
#include "pack.h"
#include "strbuf.h"

static struct kb *kb;

static void setup(void)
{
	const struct pack_set set = { builtin_pack, builtin_pack_count, NULL, 0 };
	struct diag_list dl = DIAG_LIST_INIT;
	size_t i;

	kb = pack_load(&set, &dl);
	for (i = 0; i < dl.n; i++)
		diag_print(stderr, &dl.v[i]);
	cr_assert_eq(dl.n, 0, "the built-in pack loads with no diagnostics (%zu)", dl.n);
	diag_list_free(&dl);
}

static void teardown(void)
{
	kb_free(kb);
}

TestSuite(content, .init = setup, .fini = teardown);

static bool is_date(const char *s)
{
	int i;

	if (!s || strlen(s) != 10)
		return false;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

Test(content, at_least_forty_articles)
{
	cr_expect_geq(kb->narticles, 40, "the pack has %zu articles", kb->narticles);
}

Test(content, every_article_names_its_source_and_dates)
{
	static const char prefix[] = "https://learn.microsoft.com/troubleshoot/mem/intune/";
	size_t i;

	for (i = 0; i < kb->narticles; i++) {
		const struct kb_article *a = kb->articles[i];

		cr_expect(a->source_href && strncmp(a->source_href, prefix, strlen(prefix)) == 0,
			  "%s: <source href> is a learn.microsoft.com troubleshooting URL (%s)",
			  a->id, a->source_href ? a->source_href : "none");
		cr_expect(a->source_title && *a->source_title, "%s: <source> names its title", a->id);
		cr_expect(is_date(a->source_date), "%s: critdates/created is the source's date", a->id);
		cr_expect(is_date(a->checked_date), "%s: critdates/revised is when it was checked", a->id);
		if (is_date(a->source_date) && is_date(a->checked_date))
			cr_expect(strcmp(a->source_date, a->checked_date) <= 0,
				  "%s: checked (%s) after the source's date (%s)",
				  a->id, a->checked_date, a->source_date);
	}
}

/* Names Microsoft retired; an article may list them as keywords (admins
 * still type them) but never use them as today's name. */
static const char *const retired[] = {
	"Endpoint Manager admin center",
	"Microsoft Endpoint Manager",
	"Azure AD ",
	"Azure AD.",
	"Azure AD,",
	"Azure Active Directory",
	"Azure portal",
	"Intune for Education portal",
};

Test(content, no_retired_name_in_what_an_article_shows)
{
	const struct layout_opts opts = { .width = 1000 };
	size_t i, k, r;

	for (i = 0; i < kb->narticles; i++) {
		const struct kb_article *a = kb->articles[i];
		struct layout *l = layout_article(kb, a, &opts);

		for (k = 0; k < l->nlines; k++)
			for (r = 0; r < sizeof(retired) / sizeof(*retired); r++)
				cr_expect(strstr(l->lines[k].text, retired[r]) == NULL,
					  "%s: \"%s\" as a current name: %s", a->id,
					  retired[r], l->lines[k].text);
		layout_free(l);
	}
}

/* The loader reports a missing image as a warning; the setup asserts
 * none.  This checks the other half: an article that names an image
 * names one the pack holds. */
static void images_exist(const struct kb_article *a, const struct kb_blocks *b)
{
	size_t i, k;

	for (i = 0; i < b->n; i++) {
		const struct kb_block *blk = &b->v[i];

		if (blk->kind == KB_BLOCK_IMAGE) {
			bool found = false;

			for (k = 0; k < builtin_pack_count && blk->href; k++)
				found = found || strcmp(builtin_pack[k].name, blk->href) == 0;
			cr_expect(found, "%s: image '%s' is in the pack", a->id,
				  blk->href ? blk->href : "(no href)");
		}
		images_exist(a, &blk->children);
		for (k = 0; k < blk->nitems; k++)
			images_exist(a, &blk->items[k]);
	}
}

Test(content, every_referenced_image_exists)
{
	size_t i, s, r, k;

	for (i = 0; i < kb->narticles; i++) {
		const struct kb_article *a = kb->articles[i];

		images_exist(a, &a->condition);
		images_exist(a, &a->related);
		for (s = 0; s < a->nsolutions; s++) {
			images_exist(a, &a->solutions[s].cause);
			for (r = 0; r < a->solutions[s].nremedies; r++)
				images_exist(a, &a->solutions[s].remedies[r].informal);
		}
		for (k = 0; k < a->nsteps; k++) {
			images_exist(a, &a->steps[k]->info);
			images_exist(a, &a->steps[k]->result);
		}
	}
}

Test(content, each_article_has_one_home_category)
{
	size_t i;

	for (i = 0; i < kb->narticles; i++)
		cr_expect_eq(kb->articles[i]->ncategories, 1, "%s is listed under %zu categories",
			     kb->articles[i]->id, kb->articles[i]->ncategories);
}

Test(content, codes_are_the_articles_own)
{
	size_t i = kb_find(kb, "user-name-not-recognized"), k;

	cr_assert_neq(i, (size_t)-1);
	for (k = 0; k < kb->articles[i]->ncodes; k++)
		cr_expect_str_neq(kb->articles[i]->codes[k], "UserLicenseTypeInvalid",
				  "a code named in a cross-reference is not the article's own");
	i = kb_find(kb, "device-cap-reached");
	cr_assert_neq(i, (size_t)-1);
	cr_assert_geq(kb->articles[i]->ncodes, 1);
	cr_expect_str_eq(kb->articles[i]->codes[0], "DeviceCapReached");
}

Test(content, the_map_titles_versions_and_dates_the_pack)
{
	cr_assert_geq(kb->npacks, 1);
	cr_expect(kb->packs[0].title && *kb->packs[0].title);
	cr_expect(kb->packs[0].version && *kb->packs[0].version);
	cr_expect(is_date(kb->packs[0].date), "the pack's date is YYYY-MM-DD");
	cr_expect_str_eq(builtin_pack_date, kb->packs[0].date,
			 "--version tells the map's date");
	cr_expect_eq(kb->packs[0].narticles, kb->narticles);
}
