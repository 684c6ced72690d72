/* SPDX-License-Identifier: MIT */
/* test_packs.c: packs for a team (pack.c): precedence by id across packs
 * (a later pack's article replaces an earlier one's, wherever the earlier
 * one was listed or linked), what each map entry of kb->packs tells for
 * --packs, and where the system's pack directories are found. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "builtin.h"
#include "pack.h"
#include "search.h"
#include "xalloc.h"

#define NO_ARTICLE ((size_t)-1)
#define FIX SRCDIR "/tests/fixtures/"
#define BASE FIX "layers/base"
#define MIDDLE FIX "layers/middle"
#define TOP FIX "layers/top"

struct loaded {
	struct kb *kb;
	struct diag_list dl;
};

static struct loaded load(const char *const *dirs, size_t n)
{
	struct pack_set set = { NULL, 0, dirs, n };
	struct loaded l = { NULL, DIAG_LIST_INIT };

	l.kb = pack_load(&set, &l.dl);
	cr_assert_not_null(l.kb);
	return l;
}

static void unload(struct loaded *l)
{
	kb_free(l->kb);
	diag_list_free(&l->dl);
}

static const struct kb_article *get(const struct kb *kb, const char *id)
{
	size_t i = kb_find(kb, id);

	cr_assert_neq(i, NO_ARTICLE, "article %s not loaded", id);
	return kb->articles[i];
}

/* Position of id in category name, or -1. */
static int position(const struct kb *kb, const char *name, const char *id)
{
	size_t c, i;

	for (c = 0; c < kb->ncategories; c++) {
		if (strcmp(kb->categories[c].name, name) != 0)
			continue;
		for (i = 0; i < kb->categories[c].narticles; i++)
			if (strcmp(kb->articles[kb->categories[c].articles[i]]->id, id) == 0)
				return (int)i;
	}
	return -1;
}

static size_t count_sev(const struct diag_list *dl, enum diag_severity sev)
{
	return diag_count(dl, sev);
}

/* ---- Precedence ----------------------------------------------------------- */

Test(precedence, later_pack_replaces_and_notes_both_files)
{
	static const char *const dirs[] = { BASE, MIDDLE, TOP };
	struct loaded l = load(dirs, 3);
	const struct kb_article *a = get(l.kb, "shared");

	cr_assert_str_eq(a->title, "Shared, as the top has it");
	cr_assert_not_null(a->replaces);
	cr_assert_str_eq(a->replaces->title, "Shared, as the middle has it");
	cr_assert_not_null(a->replaces->replaces);
	cr_assert_str_eq(a->replaces->replaces->title, "Shared, as the base has it");
	cr_assert_null(a->replaces->replaces->replaces);
	cr_assert_eq(l.kb->narticles, 3, "base-only, shared, top-only");

	/* a note per replacement, naming the new file (with its line) and the
	 * one it replaces; nothing else */
	cr_assert_eq(l.dl.n, 2);
	cr_assert_eq(count_sev(&l.dl, DIAG_NOTE), 2);
	cr_assert_str_eq(l.dl.v[0].file, MIDDLE "/shared.dita");
	cr_assert_eq(l.dl.v[0].line, 3);
	cr_assert(strstr(l.dl.v[0].message, "'shared'"));
	cr_assert(strstr(l.dl.v[0].message, BASE "/shared.dita:3"), "%s", l.dl.v[0].message);
	cr_assert_str_eq(l.dl.v[1].file, TOP "/shared.dita");
	cr_assert(strstr(l.dl.v[1].message, MIDDLE "/shared.dita:3"), "%s", l.dl.v[1].message);
	unload(&l);
}

Test(precedence, replacement_keeps_the_place_and_takes_the_links)
{
	static const char *const dirs[] = { BASE, TOP };
	struct loaded l = load(dirs, 2);
	const struct kb_article *base_only = get(l.kb, "base-only");
	const struct kb_text *t = &base_only->condition.v[0].text;
	const struct kb_span *link = NULL;
	size_t i;

	/* where the base listed it, first, and where the top lists it */
	cr_assert_eq(position(l.kb, "Enrollment errors", "shared"), 0);
	cr_assert_eq(position(l.kb, "Enrollment errors", "base-only"), 1);
	cr_assert_eq(position(l.kb, "Team notes", "shared"), 1);
	cr_assert_eq(get(l.kb, "shared")->ncategories, 2);

	/* the base's link to shared.dita leads to the top's article, and an
	 * empty link shows the new title */
	for (i = 0; i < t->n; i++)
		if (t->spans[i].kind == KB_SPAN_XREF)
			link = &t->spans[i];
	cr_assert_not_null(link);
	cr_assert_str_eq(link->target, "shared");
	cr_assert_str_eq(link->text, "Shared, as the top has it");
	unload(&l);
}

Test(precedence, order_decides_not_the_pack)
{
	static const char *const dirs[] = { TOP, MIDDLE, BASE };
	struct loaded l = load(dirs, 3);

	cr_assert_str_eq(get(l.kb, "shared")->title, "Shared, as the base has it");
	cr_assert_eq(count_sev(&l.dl, DIAG_NOTE), 2);
	cr_assert_eq(count_sev(&l.dl, DIAG_ERROR), 0);
	unload(&l);
}

Test(precedence, search_finds_only_the_winner)
{
	static const char *const dirs[] = { BASE, TOP };
	struct loaded l = load(dirs, 2);
	struct search_index *idx = search_index_build(l.kb);
	struct search_hit *hits;
	size_t n;

	n = search_run(idx, "shared", 0, &hits);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(l.kb->articles[hits[0].article]->title, "Shared, as the top has it");
	free(hits);
	/* "The base text." was the replaced article's: only the words
	 * other articles have can still match, and not ahead of them */
	n = search_run(idx, "base text", 0, &hits);
	if (n)
		cr_assert_str_eq(l.kb->articles[hits[0].article]->title, "Only in the base",
				 "the replaced article's text is not searched");
	free(hits);
	search_index_free(idx);
	unload(&l);
}

Test(precedence, same_pack_duplicate_stays_an_error)
{
	struct loaded l = load((const char *const[]){ FIX "duplicate-id" }, 1);

	cr_assert_eq(count_sev(&l.dl, DIAG_ERROR), 1);
	cr_assert_eq(count_sev(&l.dl, DIAG_NOTE), 0);
	cr_assert_str_eq(get(l.kb, "same")->title, "First of the two");
	cr_assert_null(get(l.kb, "same")->replaces);
	unload(&l);
}

/* The program's order: the built-in pack first, a team's pack over it. */
Test(precedence, pack_over_the_builtin_one)
{
	static const char *const dirs[] = { FIX "layers/team" };
	struct pack_set set = { builtin_pack, builtin_pack_count, dirs, 1 };
	struct loaded l = { NULL, DIAG_LIST_INIT };
	const struct kb_article *a;

	l.kb = pack_load(&set, &l.dl);
	a = get(l.kb, "device-cap-reached");
	cr_assert_str_eq(a->title, "Device limit reached (Contoso procedure)");
	cr_assert_str_eq(a->file, FIX "layers/team/device-cap-reached.dita");
	cr_assert_not_null(a->replaces);
	cr_assert_str_eq(a->replaces->file, "<builtin>/device-cap-reached.dita");
	cr_assert_eq(kb_lookup(l.kb, "DeviceCapReached"), kb_find(l.kb, "device-cap-reached"));
	cr_assert_eq(l.dl.n, 1);
	cr_assert_eq(l.dl.v[0].severity, DIAG_NOTE);
	cr_assert(strstr(l.dl.v[0].message, "<builtin>/device-cap-reached.dita:"));
	/* the built-in pack's maps, then the team's */
	cr_assert_geq(l.kb->npacks, 2);
	cr_assert_str_eq(l.kb->packs[l.kb->npacks - 1].title, "Contoso service desk fixes");
	cr_assert_eq(l.kb->packs[l.kb->npacks - 1].nreplaced, 1);
	unload(&l);
}

/* ---- What --packs tells -------------------------------------------------- */

Test(entries, one_per_map_with_counts)
{
	static const char *const dirs[] = { BASE, MIDDLE, TOP };
	struct loaded l = load(dirs, 3);
	const struct kb_pack *p = l.kb->packs;

	cr_assert_eq(l.kb->npacks, 3);
	cr_assert_str_eq(p[0].title, "Base pack");
	cr_assert_str_eq(p[0].version, "1.0");
	cr_assert_str_eq(p[0].date, "2026-01-01");
	cr_assert_str_eq(p[0].path, BASE "/base.ditamap");
	cr_assert_eq(p[0].narticles, 2);
	cr_assert_eq(p[0].nreplaced, 0);
	cr_assert_str_eq(p[1].title, "Middle pack");
	cr_assert_eq(p[1].narticles, 1);
	cr_assert_eq(p[1].nreplaced, 1);
	cr_assert_str_eq(p[2].title, "Top pack");
	cr_assert_eq(p[2].narticles, 2);
	cr_assert_eq(p[2].nreplaced, 1);
	cr_assert_eq(get(l.kb, "shared")->pack, 2);
	cr_assert_eq(get(l.kb, "shared")->replaces->pack, 1);
	cr_assert_eq(get(l.kb, "base-only")->pack, 0);
	unload(&l);
}

Test(entries, diagnostics_counted_where_they_belong)
{
	static const char *const dirs[] = {
		FIX "broken-topic", FIX "no-map", FIX "unreferenced",
		FIX "dangling-xref", FIX "no-such-dir"
	};
	struct loaded l = load(dirs, 5);
	const struct kb_pack *p = l.kb->packs;
	size_t i, errors = 0, warnings = 0;

	cr_assert_eq(l.kb->npacks, 5, "a pack that loaded nothing is listed too");
	cr_assert_eq(p[0].nerrors, 1, "the malformed topic");
	cr_assert_eq(p[0].narticles, 2);
	cr_assert_null(p[1].title);
	cr_assert_str_eq(p[1].path, FIX "no-map");
	cr_assert_eq(p[1].nerrors, 1, "no map");
	cr_assert_eq(p[1].narticles, 0);
	cr_assert_eq(p[2].nerrors, 0);
	cr_assert_eq(p[2].nwarnings, 1, "the unreferenced topic");
	cr_assert_eq(p[3].nerrors, 2, "the two dangling links, found after all packs loaded");
	cr_assert_str_eq(p[4].path, FIX "no-such-dir");
	cr_assert_eq(p[4].nerrors, 1);
	for (i = 0; i < l.kb->npacks; i++) {
		errors += p[i].nerrors;
		warnings += p[i].nwarnings;
	}
	cr_assert_eq(errors, count_sev(&l.dl, DIAG_ERROR), "every error counted once");
	cr_assert_eq(warnings, count_sev(&l.dl, DIAG_WARNING));
	unload(&l);
}

Test(entries, unparsable_map_is_listed)
{
	char tmpl[] = "/tmp/enrollkb-badmap.XXXXXX";
	char *dir = mkdtemp(tmpl), *path;
	const char *dirs[1];
	struct loaded l;
	FILE *f;

	cr_assert_not_null(dir);
	path = xasprintf("%s/bad.ditamap", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("<map><title>Bad</title>\n<topichead>\n", f);
	fclose(f);
	dirs[0] = dir;
	l = load(dirs, 1);
	cr_assert_eq(l.kb->npacks, 1);
	cr_assert_str_eq(l.kb->packs[0].path, path);
	cr_assert_geq(l.kb->packs[0].nerrors, 1);
	cr_assert_eq(l.kb->packs[0].nerrors, count_sev(&l.dl, DIAG_ERROR));
	unload(&l);
	remove(path);
	free(path);
	rmdir(dir);
}

/* ---- System pack directories --------------------------------------------- */

static char *make_base(const char *const *packs, size_t n)
{
	char tmpl[] = "/tmp/enrollkb-sys.XXXXXX";
	char *root = xstrdup(mkdtemp(tmpl)), *path;
	size_t i;

	path = xasprintf("%s/enrollkb", root);
	cr_assert_eq(mkdir(path, 0700), 0);
	free(path);
	path = xasprintf("%s/enrollkb/packs", root);
	cr_assert_eq(mkdir(path, 0700), 0);
	free(path);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/enrollkb/packs/%s", root, packs[i]);
		cr_assert_eq(mkdir(path, 0700), 0);
		free(path);
	}
	return root;
}

static void rm_base(char *root)
{
	char *cmd = xasprintf("rm -rf '%s'", root);

	cr_assert_eq(system(cmd), 0);
	free(cmd);
	free(root);
}

static void expect_dir(char **dirs, size_t i, const char *root, const char *name)
{
	char *want = xasprintf("%s/enrollkb/packs/%s", root, name);

	cr_assert_str_eq(dirs[i], want);
	free(want);
}

Test(system_dirs, first_listed_loads_last_and_wins)
{
	static const char *const a_packs[] = { "y", "x", ".hidden" };
	static const char *const b_packs[] = { "z" };
	char *a = make_base(a_packs, 3), *b = make_base(b_packs, 1);
	char *env = xasprintf("%s:relative/dir::%s:%s", a, b, a);
	char **dirs;
	size_t n;

	setenv("XDG_DATA_DIRS", env, 1);
	n = pack_system_dirs(&dirs);
	cr_assert_eq(n, 3, "a base listed twice counts once; relative ones are ignored");
	expect_dir(dirs, 0, b, "z");
	expect_dir(dirs, 1, a, "x");
	expect_dir(dirs, 2, a, "y");
	pack_dirs_free(dirs, n);
	free(env);
	rm_base(a);
	rm_base(b);
}

Test(system_dirs, unset_or_empty_means_the_xdg_default)
{
	char **want, **got;
	size_t nwant, ngot, i;

	setenv("XDG_DATA_DIRS", "/usr/local/share:/usr/share", 1);
	nwant = pack_system_dirs(&want);
	unsetenv("XDG_DATA_DIRS");
	ngot = pack_system_dirs(&got);
	cr_assert_eq(ngot, nwant);
	for (i = 0; i < ngot; i++)
		cr_assert_str_eq(got[i], want[i]);
	pack_dirs_free(got, ngot);
	setenv("XDG_DATA_DIRS", "", 1);
	ngot = pack_system_dirs(&got);
	cr_assert_eq(ngot, nwant);
	pack_dirs_free(got, ngot);
	pack_dirs_free(want, nwant);
}

Test(system_dirs, nothing_there)
{
	char **dirs;

	setenv("XDG_DATA_DIRS", "/nonexistent/enrollkb-test", 1);
	cr_assert_eq(pack_system_dirs(&dirs), 0);
	pack_dirs_free(dirs, 0);
}
