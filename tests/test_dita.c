/* SPDX-License-Identifier: MIT */
/* test_dita.c: the DITA loader (dita.c) and content packs (pack.c): the
 * shipped pack, one fixture pack per diagnostic under tests/fixtures/, and
 * topics parsed from strings for the finer points of the model. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <libxml/parser.h>

#include "dita.h"
#include "pack.h"
#include "strbuf.h"
#include "xalloc.h"

#define CONTENT SRCDIR "/content"
#define FIX SRCDIR "/tests/fixtures/"

/* ---- Helpers ------------------------------------------------------------- */

struct loaded {
	struct kb *kb;
	struct diag_list dl;
};

static struct loaded load_set(const struct pack_set *set)
{
	struct loaded l = { NULL, DIAG_LIST_INIT };

	l.kb = pack_load(set, &l.dl);
	cr_assert_not_null(l.kb);
	return l;
}

static struct loaded load_dirs(const char *const *dirs, size_t n)
{
	struct pack_set set = { NULL, 0, dirs, n };

	return load_set(&set);
}

static struct loaded load_dir(const char *dir)
{
	return load_dirs(&dir, 1);
}

static void unload(struct loaded *l)
{
	kb_free(l->kb);
	diag_list_free(&l->dl);
}

/* Fails, showing every diagnostic, unless there are exactly n. */
static void expect_ndiags(const struct loaded *l, size_t n)
{
	if (l->dl.n != n)
		diag_print_all(stderr, &l->dl);
	cr_assert_eq(l->dl.n, n, "%zu diagnostics, wanted %zu", l->dl.n, n);
}

/* The diagnostic at exactly file:line with that severity, whose message
 * contains what; fails when there is none. */
static const struct diag *expect_diag(const struct loaded *l, const char *file,
				      unsigned line, enum diag_severity sev,
				      const char *what)
{
	size_t i;

	for (i = 0; i < l->dl.n; i++) {
		const struct diag *d = &l->dl.v[i];

		if (d->file && strcmp(d->file, file) == 0 && d->line == line &&
		    d->severity == sev && strstr(d->message, what))
			return d;
	}
	diag_print_all(stderr, &l->dl);
	cr_assert_fail("no %s at %s:%u containing '%s'",
		       sev == DIAG_ERROR ? "error" : "warning", file, line, what);
	return NULL;
}

static const struct kb_article *get(const struct kb *kb, const char *id)
{
	size_t i = kb_find(kb, id);

	cr_assert_neq(i, NO_ARTICLE, "article %s not loaded", id);
	return kb->articles[i];
}

static size_t category(const struct kb *kb, const char *name)
{
	size_t i;

	for (i = 0; i < kb->ncategories; i++)
		if (strcmp(kb->categories[i].name, name) == 0)
			return i;
	cr_assert_fail("no category %s", name);
	return 0;
}

static bool listed(const struct kb *kb, const char *cat, const char *id)
{
	const struct kb_category *c = &kb->categories[category(kb, cat)];
	size_t i;

	for (i = 0; i < c->narticles; i++)
		if (strcmp(kb->articles[c->articles[i]]->id, id) == 0)
			return true;
	return false;
}

static char *plain(const struct kb_text *t)
{
	return kb_text_plain(t);
}

static void expect_plain(const struct kb_text *t, const char *want)
{
	char *s = plain(t);

	cr_assert_str_eq(s, want);
	free(s);
}

/* The first span of kind in t whose text is text (NULL text: any). */
static const struct kb_span *find_span(const struct kb_text *t,
				       enum kb_span_kind kind, const char *text)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->spans[i].kind == kind && (!text || strcmp(t->spans[i].text, text) == 0))
			return &t->spans[i];
	return NULL;
}

/* ---- The shipped pack ---------------------------------------------------- */

Test(shipped, loads_without_diagnostics)
{
	struct loaded l = load_dir(CONTENT);

	expect_ndiags(&l, 0);
	cr_assert_gt(l.kb->narticles, 20);
	unload(&l);
}

Test(shipped, categories_in_map_order)
{
	static const char *const want[] = {
		"Enrollment errors", "Stuck screens", "Token sync", "Other issues"
	};
	struct loaded l = load_dir(CONTENT);
	size_t i;

	cr_assert_eq(l.kb->ncategories, 4);
	for (i = 0; i < 4; i++)
		cr_assert_str_eq(l.kb->categories[i].name, want[i]);
	unload(&l);
}

/* Reads the map with plain libxml2 (not the loader) and checks that every
 * topicref is listed, in order, under its topichead. */
Test(shipped, every_map_entry_present)
{
	struct loaded l = load_dir(CONTENT);
	xmlDocPtr doc = xmlReadFile(CONTENT "/enrollkb.ditamap", NULL, XML_PARSE_NONET);
	xmlNodePtr head, ref;
	size_t nrefs = 0;

	cr_assert_not_null(doc);
	for (head = xmlDocGetRootElement(doc)->children; head; head = head->next) {
		const struct kb_category *c;
		xmlChar *nav;
		size_t i = 0;

		if (head->type != XML_ELEMENT_NODE || strcmp((const char *)head->name, "topichead"))
			continue;
		nav = xmlGetProp(head, (const xmlChar *)"navtitle");
		c = &l.kb->categories[category(l.kb, (const char *)nav)];
		for (ref = head->children; ref; ref = ref->next) {
			xmlChar *href;
			char *want;

			if (ref->type != XML_ELEMENT_NODE)
				continue;
			href = xmlGetProp(ref, (const xmlChar *)"href");
			want = xasprintf("%s/%s", CONTENT, (const char *)href);
			cr_assert_lt(i, c->narticles, "%s: %s missing", nav, href);
			cr_assert_str_eq(l.kb->articles[c->articles[i]]->file, want,
					 "%s: entry %zu", nav, i);
			free(want);
			xmlFree(href);
			i++;
			nrefs++;
		}
		cr_assert_eq(i, c->narticles, "%s lists extra articles", nav);
		xmlFree(nav);
	}
	cr_assert_gt(nrefs, 30);
	xmlFreeDoc(doc);
	unload(&l);
}

Test(shipped, device_cap_reached)
{
	struct loaded l = load_dir(CONTENT);
	const struct kb_article *a = get(l.kb, "device-cap-reached");
	const struct kb_remedy *rm;
	const struct kb_step *s;
	const struct kb_span *sp;
	size_t i;

	cr_assert_eq(a->ncodes, 1);
	cr_assert_str_eq(a->codes[0], "DeviceCapReached");
	cr_assert_not_null(find_span(&a->title_text, KB_SPAN_MSGNUM, "DeviceCapReached"));
	cr_assert_eq(kb_lookup(l.kb, "devicecapreached"), kb_find(l.kb, a->id));
	cr_assert_str_eq(a->keywords[0], "DeviceCapReached");
	cr_assert_eq(a->nsolutions, 1);
	cr_assert_eq(a->solutions[0].nremedies, 1);
	rm = &a->solutions[0].remedies[0];
	cr_assert_eq(rm->nsteps, 4);
	cr_assert_not(rm->unordered);

	/* step 1: an external link and a menucascade */
	s = &rm->steps[0];
	sp = find_span(&s->cmd, KB_SPAN_XREF, "Microsoft Intune admin center");
	cr_assert_not_null(sp);
	cr_assert(sp->external);
	cr_assert_str_eq(sp->target, "https://go.microsoft.com/fwlink/?linkid=2109431");
	cr_assert_not_null(find_span(&s->cmd, KB_SPAN_UI, "Devices"));
	cr_assert_not_null(find_span(&s->cmd, KB_SPAN_UI, "Device limit restrictions"));
	{
		char *cmd = plain(&s->cmd);

		cr_assert(strstr(cmd, "open Devices > Enrollment restrictions > Device limit restrictions and"),
			  "%s", cmd);
		free(cmd);
	}
	/* step 2: a note */
	s = &rm->steps[1];
	cr_assert_eq(s->info.n, 1);
	cr_assert_eq(s->info.v[0].kind, KB_BLOCK_NOTE);
	cr_assert_eq(s->info.v[0].note_type, KB_NOTE_NOTE);

	/* step 3: a paragraph, a list of three ways, a paragraph */
	s = &rm->steps[2];
	cr_assert_eq(s->nsubsteps, 0);
	cr_assert_eq(s->info.v[1].kind, KB_BLOCK_LIST);
	cr_assert_eq(s->info.v[1].nitems, 3);

	/* flat pre-order list: 1, 2, 3, 4 */
	cr_assert_eq(a->nsteps, 4);
	cr_assert_eq(a->steps[0], &rm->steps[0]);
	cr_assert_eq(a->steps[2], &rm->steps[2]);
	cr_assert_eq(a->steps[3], &rm->steps[3]);
	for (i = 0; i < a->nsteps; i++)
		cr_assert_eq(a->steps[i]->index, i);
	unload(&l);
}

Test(shipped, internal_xref_gets_target_title)
{
	struct loaded l = load_dir(CONTENT);
	const struct kb_article *a = get(l.kb, "device-cap-reached");
	const struct kb_article *t = get(l.kb, "company-portal-temporarily-unavailable");
	const struct kb_span *sp = NULL;
	size_t i;

	for (i = 0; i < a->condition.n && !sp; i++)
		sp = find_span(&a->condition.v[i].text, KB_SPAN_XREF, NULL);
	cr_assert_not_null(sp);
	cr_assert_not(sp->external);
	cr_assert_str_eq(sp->target, t->id);
	cr_assert_str_eq(sp->text, t->title, "an empty xref shows the target's title");
	unload(&l);
}

Test(shipped, stuck_screen_table)
{
	struct loaded l = load_dir(CONTENT);
	const struct kb_article *a = get(l.kb, "stuck-on-enrollment-screen");
	const struct kb_table *tab = NULL;
	size_t i, j;

	for (i = 0; i < a->nsolutions; i++)
		for (j = 0; j < a->solutions[i].cause.n; j++)
			if (a->solutions[i].cause.v[j].kind == KB_BLOCK_TABLE)
				tab = a->solutions[i].cause.v[j].table;
	cr_assert_not_null(tab);
	cr_assert(tab->header);
	cr_assert_eq(tab->ncols, 2);
	cr_assert_eq(tab->nrows, 6);
	expect_plain(&tab->cells[0], "Enrollment settings");
	expect_plain(&tab->cells[1], "Value");
	expect_plain(&tab->cells[2], "Platform");
	cr_assert_eq(tab->cells[2].spans[0].kind, KB_SPAN_UI);
	expect_plain(&tab->cells[4 * 2 + 1], "Use token: token address");
	cr_assert_not_null(find_span(&tab->cells[4 * 2 + 1], KB_SPAN_CODE, "token address"));
	unload(&l);
}

Test(shipped, responsible_party_results_code)
{
	struct loaded l = load_dir(CONTENT);
	const struct kb_article *a = get(l.kb, "token-terms-not-accepted");
	const struct kb_article *in = get(l.kb, "devices-inactive");
	const struct kb_article *ws = get(l.kb, "ws-trust-13-not-enabled");
	const struct kb_remedy *rm = NULL;
	bool code = false, result = false;
	size_t i, j, k;

	/* responsibleParty holds inline content directly */
	for (i = 0; i < a->nsolutions && !rm; i++)
		for (j = 0; j < a->solutions[i].nremedies && !rm; j++)
			if (a->solutions[i].remedies[j].responsible.n)
				rm = &a->solutions[i].remedies[j];
	cr_assert_not_null(rm);
	cr_assert_eq(rm->responsible.n, 1);
	cr_assert_eq(rm->responsible.v[0].kind, KB_BLOCK_PARA);
	for (i = 0; i < in->nsteps; i++)
		result = result || in->steps[i]->result.n > 0;
	cr_assert(result, "a step of devices-inactive has a result");

	for (i = 0; i < ws->nsolutions; i++)
		for (j = 0; j < ws->solutions[i].nremedies; j++)
			for (k = 0; k < ws->solutions[i].remedies[j].nsteps; k++) {
				const struct kb_blocks *b = &ws->solutions[i].remedies[j].steps[k].info;

				for (size_t m = 0; m < b->n; m++)
					if (b->v[m].kind == KB_BLOCK_CODE) {
						cr_assert_str_eq(b->v[m].code,
								 "Get-AdfsEndpoint -AddressPath \"/adfs/services/trust/13/UsernameMixed\"");
						code = true;
					}
			}
	cr_assert(code);
	unload(&l);
}

/* The shipped files as a built-in pack, as the program embeds them. */
static struct pack_file *builtin_files(size_t *n)
{
	struct pack_file *files = NULL;
	struct dirent *de;
	DIR *d = opendir(CONTENT);

	cr_assert_not_null(d);
	*n = 0;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		char *path, *data;
		FILE *f;
		long size;

		if (!(len > 5 && strcmp(de->d_name + len - 5, ".dita") == 0) &&
		    !(len > 8 && strcmp(de->d_name + len - 8, ".ditamap") == 0))
			continue;
		path = xasprintf("%s/%s", CONTENT, de->d_name);
		f = fopen(path, "rb");
		cr_assert_not_null(f);
		fseek(f, 0, SEEK_END);
		size = ftell(f);
		rewind(f);
		data = xmalloc((size_t)size + 1);
		cr_assert_eq(fread(data, 1, (size_t)size, f), (size_t)size);
		fclose(f);
		free(path);
		files = xrealloc(files, (*n + 1) * sizeof(*files));
		files[*n].name = xstrdup(de->d_name);
		files[*n].data = data;
		files[*n].len = (size_t)size;
		(*n)++;
	}
	closedir(d);
	return files;
}

static void builtin_free(struct pack_file *files, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free((char *)files[i].name);
		free((char *)files[i].data);
	}
	free(files);
}

Test(shipped, as_builtin_pack)
{
	size_t n;
	struct pack_file *files = builtin_files(&n);
	struct pack_set set = { files, n, NULL, 0 };
	struct loaded l = load_set(&set);

	expect_ndiags(&l, 0);
	cr_assert_eq(l.kb->ncategories, 4);
	cr_assert_str_eq(get(l.kb, "device-cap-reached")->file,
			 "<builtin>/device-cap-reached.dita");
	unload(&l);
	builtin_free(files, n);
}

Test(shipped, builtin_names_its_files)
{
	static const char map[] =
		"<map><topichead navtitle=\"Enrollment errors\">\n"
		"<topicref href=\"bad.dita\"/>\n</topichead></map>\n";
	static const char bad[] = "<troubleshooting id=\"bad\">\n<title>x</titel>\n";
	const struct pack_file files[] = {
		{ "enrollkb.ditamap", map, sizeof(map) - 1 },
		{ "bad.dita", bad, sizeof(bad) - 1 },
	};
	struct pack_set set = { files, 2, NULL, 0 };
	struct loaded l = load_set(&set);

	expect_diag(&l, "<builtin>/bad.dita", 2, DIAG_ERROR, "malformed XML");
	expect_ndiags(&l, 1);
	unload(&l);
}

Test(shipped, extra_pack_links_builtin_article)
{
	size_t n;
	struct pack_file *files = builtin_files(&n);
	const char *dir = FIX "links-builtin";
	struct pack_set set = { files, n, &dir, 1 };
	struct loaded l = load_set(&set);
	const struct kb_article *a = get(l.kb, "extra");
	const struct kb_span *sp = find_span(&a->condition.v[0].text, KB_SPAN_XREF, NULL);

	expect_ndiags(&l, 0);
	cr_assert_str_eq(sp->target, "device-cap-reached");
	cr_assert_str_eq(sp->text, get(l.kb, "device-cap-reached")->title);
	cr_assert(listed(l.kb, "Enrollment errors", "extra"));
	cr_assert_eq(l.kb->ncategories, 4, "merged into the shipped category");
	unload(&l);
	builtin_free(files, n);
}

/* ---- One fixture pack per diagnostic ------------------------------------ */

Test(fixtures, broken_topic_next_to_good_ones)
{
	struct loaded l = load_dir(FIX "broken-topic");

	expect_diag(&l, FIX "broken-topic/malformed.dita", 6, DIAG_ERROR,
		    "malformed XML: Opening and ending tag mismatch");
	expect_ndiags(&l, 1);
	cr_assert_eq(l.kb->narticles, 2);
	cr_assert(listed(l.kb, "Enrollment errors", "good-one"));
	cr_assert(listed(l.kb, "Enrollment errors", "good-two"));
	cr_assert_eq(kb_find(l.kb, "malformed"), NO_ARTICLE);
	unload(&l);
}

Test(fixtures, unsupported_elements_keep_their_text)
{
	struct loaded l = load_dir(FIX "unsupported");
	const struct kb_article *a;

	expect_diag(&l, FIX "unsupported/unsupported.dita", 7, DIAG_WARNING,
		    "unsupported element <tm> (shown as plain text)");
	expect_diag(&l, FIX "unsupported/unsupported.dita", 8, DIAG_WARNING,
		    "unsupported element <dl>");
	expect_diag(&l, FIX "unsupported/unsupported.dita", 9, DIAG_WARNING,
		    "unsupported element <dd>");
	expect_ndiags(&l, 5);
	cr_assert_eq(diag_count(&l.dl, DIAG_ERROR), 0);
	a = get(l.kb, "unsupported");
	cr_assert_eq(a->condition.n, 3);
	expect_plain(&a->condition.v[0].text, "Open the Widget app.");
	expect_plain(&a->condition.v[1].text, "Term");
	expect_plain(&a->condition.v[2].text, "Meaning");
	unload(&l);
}

Test(fixtures, missing_or_empty_title)
{
	struct loaded l = load_dir(FIX "missing-title");

	expect_diag(&l, FIX "missing-title/no-title.dita", 3, DIAG_ERROR, "without <title>");
	expect_diag(&l, FIX "missing-title/empty-title.dita", 4, DIAG_ERROR, "empty <title>");
	expect_ndiags(&l, 2);
	cr_assert_eq(l.kb->narticles, 1);
	get(l.kb, "good");
	unload(&l);
}

Test(fixtures, missing_id)
{
	struct loaded l = load_dir(FIX "missing-id");

	expect_diag(&l, FIX "missing-id/no-id.dita", 3, DIAG_ERROR,
		    "<troubleshooting> without id");
	expect_ndiags(&l, 1);
	cr_assert_eq(l.kb->narticles, 1);
	get(l.kb, "good");
	unload(&l);
}

Test(fixtures, step_without_cmd)
{
	struct loaded l = load_dir(FIX "step-without-cmd");

	expect_diag(&l, FIX "step-without-cmd/no-cmd.dita", 12, DIAG_ERROR,
		    "<step> without <cmd>");
	expect_ndiags(&l, 1);
	cr_assert_eq(kb_find(l.kb, "no-cmd"), NO_ARTICLE);
	get(l.kb, "good");
	unload(&l);
}

Test(fixtures, wrong_root)
{
	struct loaded l = load_dir(FIX "wrong-root");

	expect_diag(&l, FIX "wrong-root/concept.dita", 3, DIAG_ERROR,
		    "root element is <concept>, not <troubleshooting>");
	expect_ndiags(&l, 1);
	cr_assert_eq(l.kb->narticles, 1);
	unload(&l);
}

Test(fixtures, duplicate_id_names_the_first)
{
	struct loaded l = load_dir(FIX "duplicate-id");

	expect_diag(&l, FIX "duplicate-id/second.dita", 3, DIAG_ERROR,
		    "duplicate id 'same' (first defined at " FIX "duplicate-id/first.dita:3)");
	expect_ndiags(&l, 1);
	cr_assert_eq(l.kb->narticles, 1);
	cr_assert_str_eq(get(l.kb, "same")->title, "First of the two");
	unload(&l);
}

Test(fixtures, dangling_xrefs)
{
	struct loaded l = load_dir(FIX "dangling-xref");
	const struct kb_article *a;
	const struct kb_span *sp;

	expect_diag(&l, FIX "dangling-xref/links.dita", 8, DIAG_ERROR,
		    "cross-reference to 'nope.dita' matches no topic");
	expect_diag(&l, FIX "dangling-xref/links.dita", 9, DIAG_ERROR,
		    "cross-reference to 'gone.dita'");
	expect_ndiags(&l, 2);
	a = get(l.kb, "links");   /* still loads */
	cr_assert_eq(a->condition.n, 4);

	sp = find_span(&a->condition.v[0].text, KB_SPAN_XREF, NULL);
	cr_assert_str_eq(sp->target, "target", "href with #topicid");
	cr_assert_str_eq(sp->text, "The target topic");

	sp = find_span(&a->condition.v[1].text, KB_SPAN_XREF, NULL);
	cr_assert_null(sp->target);
	cr_assert(strstr(sp->text, "nope.dita"), "text says what is missing: %s", sp->text);

	sp = find_span(&a->condition.v[2].text, KB_SPAN_XREF, NULL);
	cr_assert_null(sp->target);
	cr_assert(strstr(sp->text, "the gone topic"), "%s", sp->text);
	cr_assert(strstr(sp->text, "gone.dita"), "%s", sp->text);

	sp = find_span(&a->condition.v[3].text, KB_SPAN_XREF, NULL);
	cr_assert(sp->external);
	cr_assert_str_eq(sp->target, "https://example.com/doc");
	cr_assert_str_eq(sp->text, "https://example.com/doc", "empty external xref shows the URL");
	unload(&l);
}

Test(fixtures, map_entry_to_missing_file)
{
	struct loaded l = load_dir(FIX "missing-file");

	expect_diag(&l, FIX "missing-file/pack.ditamap", 7, DIAG_ERROR, "absent.dita");
	expect_ndiags(&l, 1);
	cr_assert_eq(l.kb->narticles, 1);
	cr_assert_eq(l.kb->categories[0].narticles, 1);
	unload(&l);
}

Test(fixtures, topic_not_in_map)
{
	struct loaded l = load_dir(FIX "unreferenced");

	expect_diag(&l, FIX "unreferenced/orphan.dita", 0, DIAG_WARNING,
		    "not referenced by any map");
	expect_ndiags(&l, 1);
	cr_assert_eq(kb_find(l.kb, "orphan"), NO_ARTICLE);
	unload(&l);
}

Test(fixtures, topicref_outside_topichead)
{
	struct loaded l = load_dir(FIX "ungrouped");

	expect_diag(&l, FIX "ungrouped/pack.ditamap", 8, DIAG_WARNING,
		    "outside any <topichead>");
	expect_ndiags(&l, 1);
	cr_assert_eq(l.kb->ncategories, 2);
	cr_assert_str_eq(l.kb->categories[1].name, "Other issues");
	cr_assert(listed(l.kb, "Other issues", "loose"));
	cr_assert(listed(l.kb, "Enrollment errors", "good"));
	unload(&l);
}

Test(fixtures, href_leaving_the_pack)
{
	struct loaded l = load_dir(FIX "outside");

	expect_diag(&l, FIX "outside/pack.ditamap", 7, DIAG_ERROR, "outside the pack");
	expect_diag(&l, FIX "outside/pack.ditamap", 8, DIAG_ERROR, "outside the pack");
	expect_diag(&l, FIX "outside/pack.ditamap", 9, DIAG_ERROR, "outside the pack");
	expect_ndiags(&l, 3);
	cr_assert_eq(l.kb->narticles, 1);
	cr_assert_eq(kb_find(l.kb, "good-one"), NO_ARTICLE);
	unload(&l);
}

Test(fixtures, map_parts_missing)
{
	struct loaded l = load_dir(FIX "map-parts");

	expect_diag(&l, FIX "map-parts/pack.ditamap", 5, DIAG_ERROR,
		    "<topichead> without navtitle");
	expect_diag(&l, FIX "map-parts/pack.ditamap", 9, DIAG_ERROR,
		    "<topicref> without href");
	expect_ndiags(&l, 2);
	cr_assert(listed(l.kb, "Other issues", "good"), "not lost");
	unload(&l);
}

Test(fixtures, dir_without_map)
{
	struct loaded l = load_dir(FIX "no-map/");

	expect_diag(&l, FIX "no-map", 0, DIAG_ERROR, ".ditamap");
	expect_ndiags(&l, 1);
	cr_assert_eq(l.kb->narticles, 0);
	unload(&l);
}

Test(fixtures, missing_dir)
{
	struct loaded l = load_dir(FIX "does-not-exist");

	expect_diag(&l, FIX "does-not-exist", 0, DIAG_ERROR, "");
	expect_ndiags(&l, 1);
	unload(&l);
}

Test(fixtures, two_packs_merge_and_link)
{
	static const char *const dirs[] = { FIX "merge-a", FIX "merge-b" };
	struct loaded l = load_dirs(dirs, 2);
	const struct kb_article *b1, *a2;
	const struct kb_span *sp;
	const struct kb_category *c;

	expect_ndiags(&l, 0);
	cr_assert_eq(l.kb->narticles, 4, "a1 is parsed once though listed thrice");
	cr_assert_eq(l.kb->ncategories, 3);
	cr_assert_str_eq(l.kb->categories[0].name, "Enrollment errors");
	cr_assert_str_eq(l.kb->categories[1].name, "Shared");
	cr_assert_str_eq(l.kb->categories[2].name, "Zed");
	c = &l.kb->categories[0];
	cr_assert_eq(c->narticles, 2);
	cr_assert_str_eq(l.kb->articles[c->articles[0]]->id, "a1");
	cr_assert_str_eq(l.kb->articles[c->articles[1]]->id, "b2");
	c = &l.kb->categories[1];
	cr_assert_eq(c->narticles, 3);
	cr_assert_str_eq(l.kb->articles[c->articles[0]]->id, "a2");
	cr_assert_str_eq(l.kb->articles[c->articles[1]]->id, "a1");
	cr_assert_str_eq(l.kb->articles[c->articles[2]]->id, "b1");
	cr_assert(listed(l.kb, "Zed", "a1"));
	cr_assert_eq(get(l.kb, "a1")->ncategories, 3);

	/* relative to the topic, inside its own pack */
	a2 = get(l.kb, "a2");
	sp = find_span(&a2->condition.v[0].text, KB_SPAN_XREF, NULL);
	cr_assert_str_eq(sp->target, "a1");
	cr_assert_str_eq(sp->text, "Topic A1");
	/* across packs, by the file's stem */
	b1 = get(l.kb, "b1");
	sp = find_span(&b1->condition.v[0].text, KB_SPAN_XREF, NULL);
	cr_assert_str_eq(sp->target, "a2");
	cr_assert_str_eq(sp->text, "Topic A2");
	sp = find_span(&b1->condition.v[0].text, KB_SPAN_XREF, "A1");
	cr_assert_not_null(sp, "an xref with text keeps it");
	cr_assert_str_eq(sp->target, "a1");
	unload(&l);
}

Test(fixtures, cross_pack_xref_needs_the_other_pack)
{
	struct loaded l = load_dir(FIX "merge-b");

	expect_diag(&l, FIX "merge-b/b1.dita", 6, DIAG_ERROR, "'a2.dita'");
	expect_diag(&l, FIX "merge-b/b1.dita", 6, DIAG_ERROR, "'../merge-a/a1.dita'");
	expect_ndiags(&l, 2);
	cr_assert_eq(l.kb->narticles, 2);
	unload(&l);
}

/* e.g. an installed pack also given with --content: it loads once,
 * rather than replacing each of its articles with itself */
Test(fixtures, same_dir_twice_loads_once)
{
	static const char *const dirs[] = { FIX "ungrouped", FIX "ungrouped/" };
	struct loaded l = load_dirs(dirs, 2);
	struct loaded once = load_dir(FIX "ungrouped");

	cr_assert_eq(l.dl.n, once.dl.n);
	cr_assert_eq(l.kb->narticles, 2);
	cr_assert_eq(l.kb->npacks, 1);
	unload(&l);
	unload(&once);
}

/* ---- Topics parsed from strings ----------------------------------------- */

struct parsed {
	struct kb *kb;
	struct kb_article *a;
	struct dita_xrefs xrefs;
	struct diag_list dl;
};

static struct parsed parse(const char *xml)
{
	struct parsed p = { kb_new(), NULL, { NULL, 0, 0 }, DIAG_LIST_INIT };

	p.a = dita_parse_topic(p.kb, "t.dita", xml, strlen(xml), &p.xrefs, &p.dl);
	return p;
}

static void parsed_free(struct parsed *p)
{
	kb_free(p->kb);
	dita_xrefs_free(&p->xrefs);
	diag_list_free(&p->dl);
}

/* A topic whose condition is body. */
#define TOPIC(body) \
	"<?xml version=\"1.0\"?>\n" \
	"<troubleshooting id=\"t\"><title>T</title><troublebody>\n" \
	"<condition>" body "</condition>\n" \
	"</troublebody></troubleshooting>\n"

Test(topic, whitespace_normalised_across_spans)
{
	struct parsed p = parse(TOPIC(
		"<p>\n   Open  the\t<uicontrol> Settings </uicontrol>app,\n"
		"  then <b>very</b>   <i>carefully</i> tap<xref href=\"https://x.test/\"> here </xref>.  </p>"));
	const struct kb_text *t;

	cr_assert_not_null(p.a);
	cr_assert_eq(p.dl.n, 0);
	t = &p.a->condition.v[0].text;
	expect_plain(t, "Open the Settings app, then very carefully tap here .");
	cr_assert_not_null(find_span(t, KB_SPAN_UI, "Settings"), "spaces at a span's edges move out");
	cr_assert_not_null(find_span(t, KB_SPAN_EMPH, "very"));
	cr_assert_not_null(find_span(t, KB_SPAN_XREF, "here"));
	parsed_free(&p);
}

Test(topic, loose_text_in_containers_becomes_paragraphs)
{
	struct parsed p = parse(TOPIC(
		"Loose <msgph>text</msgph> first.<p>A paragraph.</p>  Then more.\n"
		"<note type=\"other\" othertype=\"fancy\">Inside a note</note>"
		"<note type=\"caution\"><p>Careful.</p></note><note>Plain</note>"));
	const struct kb_blocks *c;

	cr_assert_not_null(p.a);
	c = &p.a->condition;
	cr_assert_eq(c->n, 6);
	cr_assert_eq(c->v[0].kind, KB_BLOCK_PARA);
	expect_plain(&c->v[0].text, "Loose text first.");
	cr_assert_not_null(find_span(&c->v[0].text, KB_SPAN_MSG, "text"));
	expect_plain(&c->v[1].text, "A paragraph.");
	expect_plain(&c->v[2].text, "Then more.");
	cr_assert_eq(c->v[3].kind, KB_BLOCK_NOTE);
	cr_assert_eq(c->v[3].note_type, KB_NOTE_OTHER);
	expect_plain(&c->v[3].children.v[0].text, "Inside a note");
	cr_assert_eq(c->v[4].note_type, KB_NOTE_CAUTION);
	cr_assert_eq(c->v[5].note_type, KB_NOTE_NOTE);
	parsed_free(&p);
}

Test(topic, inline_kinds)
{
	struct parsed p = parse(TOPIC(
		"<p><b>b</b><i>i</i><u>u</u><term>term</term><q>q</q> "
		"<uicontrol>ui</uicontrol><wintitle>win</wintitle> "
		"<codeph>c1</codeph><cmdname>c2</cmdname><filepath>c3</filepath>"
		"<varname>c4</varname><userinput>c5</userinput><systemoutput>c6</systemoutput> "
		"<msgph>m</msgph><msgnum>N1</msgnum><ph>ph</ph><keyword>kw</keyword> "
		"<menucascade><uicontrol>A</uicontrol> <uicontrol>B</uicontrol></menucascade></p>"));
	const struct kb_text *t;
	static const struct { const char *text; enum kb_span_kind kind; } want[] = {
		{ "b", KB_SPAN_EMPH }, { "i", KB_SPAN_EMPH }, { "u", KB_SPAN_EMPH },
		{ "term", KB_SPAN_EMPH }, { "q", KB_SPAN_EMPH },
		{ "ui", KB_SPAN_UI }, { "win", KB_SPAN_UI },
		{ "c1", KB_SPAN_CODE }, { "c2", KB_SPAN_CODE }, { "c3", KB_SPAN_CODE },
		{ "c4", KB_SPAN_CODE }, { "c5", KB_SPAN_CODE }, { "c6", KB_SPAN_CODE },
		{ "m", KB_SPAN_MSG }, { "N1", KB_SPAN_MSGNUM },
		{ "A", KB_SPAN_UI }, { "B", KB_SPAN_UI },
	};
	size_t i;

	cr_assert_not_null(p.a);
	cr_assert_eq(p.dl.n, 0);
	t = &p.a->condition.v[0].text;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		cr_assert_not_null(find_span(t, want[i].kind, want[i].text),
				   "%s should be kind %d", want[i].text, want[i].kind);
	cr_assert_null(find_span(t, KB_SPAN_UI, "ph"));
	expect_plain(t, "biutermq uiwin c1c2c3c4c5c6 mN1phkw A > B");
	cr_assert_eq(p.a->ncodes, 1);
	parsed_free(&p);
}

Test(topic, codes_distinct_in_order_including_title)
{
	struct parsed p = parse(
		"<troubleshooting id=\"t\"><title>Error <msgnum>E2</msgnum></title>"
		"<troublebody><condition><p><msgnum>E1</msgnum> <msgnum> E2 </msgnum>"
		"<b><msgnum>E3</msgnum></b> <msgnum>E1</msgnum></p></condition>"
		"</troublebody></troubleshooting>");

	cr_assert_not_null(p.a);
	cr_assert_eq(p.a->ncodes, 3);
	cr_assert_str_eq(p.a->codes[0], "E2");
	cr_assert_str_eq(p.a->codes[1], "E1");
	cr_assert_str_eq(p.a->codes[2], "E3");
	cr_assert_str_eq(p.a->title, "Error E2");
	parsed_free(&p);
}

Test(topic, codeblock_verbatim)
{
	struct parsed p = parse(TOPIC(
		"<codeblock>\n  line one\n\n\tline  two &lt;x&gt;\n</codeblock>"
		"<codeblock><![CDATA[a <b>]]>\n\n</codeblock>"));

	cr_assert_not_null(p.a);
	cr_assert_eq(p.a->condition.v[0].kind, KB_BLOCK_CODE);
	cr_assert_str_eq(p.a->condition.v[0].code, "  line one\n\n\tline  two <x>");
	cr_assert_str_eq(p.a->condition.v[1].code, "a <b>\n", "only one newline trimmed");
	parsed_free(&p);
}

Test(topic, lists_tables_images)
{
	struct parsed p = parse(TOPIC(
		"<ol><li>One</li><li><p>Two</p><p>Three</p></li></ol>"
		"<simpletable><sthead><stentry>H1</stentry><stentry>H2</stentry><stentry>H3</stentry></sthead>"
		"<strow><stentry>a</stentry></strow>"
		"<strow><stentry><p>b</p><p>c</p></stentry><stentry/></strow></simpletable>"
		"<image href=\"a.png\" alt=\"Attribute alt\"/>"
		"<image><alt>Child <b>alt</b></alt></image>"));
	const struct kb_blocks *c;
	const struct kb_table *tab;

	cr_assert_not_null(p.a);
	cr_assert_eq(p.dl.n, 0);
	c = &p.a->condition;
	cr_assert_eq(c->n, 4);
	cr_assert_eq(c->v[0].kind, KB_BLOCK_LIST);
	cr_assert(c->v[0].ordered);
	cr_assert_eq(c->v[0].nitems, 2);
	cr_assert_eq(c->v[0].items[1].n, 2);
	tab = c->v[1].table;
	cr_assert(tab->header);
	cr_assert_eq(tab->nrows, 3);
	cr_assert_eq(tab->ncols, 3);
	expect_plain(&tab->cells[3], "a");
	cr_assert_eq(tab->cells[4].n, 0, "short rows padded");
	cr_assert_eq(tab->cells[5].n, 0);
	expect_plain(&tab->cells[6], "b c");
	cr_assert_eq(c->v[2].kind, KB_BLOCK_IMAGE);
	cr_assert_str_eq(c->v[2].href, "a.png");
	expect_plain(&c->v[2].text, "Attribute alt");
	cr_assert_null(c->v[3].href);
	expect_plain(&c->v[3].text, "Child alt");
	parsed_free(&p);
}

Test(topic, remedy_parts)
{
	struct parsed p = parse(
		"<troubleshooting id=\"t\"><title>T</title><troublebody>"
		"<troubleSolution><cause>Loose cause.</cause>"
		"<remedy><title>First fix</title><responsibleParty>The <uicontrol>admin</uicontrol>.</responsibleParty>"
		"<steps-unordered><step><cmd>A</cmd><info>i1</info><stepxmp>x1</stepxmp><info><p>i2</p></info>"
		"<stepresult>done</stepresult></step><step><cmd>B</cmd></step></steps-unordered></remedy>"
		"<remedy><steps-informal><p>Just do it.</p></steps-informal></remedy>"
		"</troubleSolution></troublebody></troubleshooting>");
	const struct kb_solution *so;
	const struct kb_remedy *rm;

	cr_assert_not_null(p.a);
	cr_assert_eq(p.dl.n, 0);
	so = &p.a->solutions[0];
	expect_plain(&so->cause.v[0].text, "Loose cause.");
	cr_assert_eq(so->nremedies, 2);
	rm = &so->remedies[0];
	cr_assert_str_eq(rm->title, "First fix");
	expect_plain(&rm->responsible.v[0].text, "The admin.");
	cr_assert(rm->unordered);
	cr_assert_eq(rm->nsteps, 2);
	cr_assert_eq(rm->steps[0].info.n, 3, "info and stepxmp in document order");
	expect_plain(&rm->steps[0].info.v[1].text, "x1");
	expect_plain(&rm->steps[0].result.v[0].text, "done");
	cr_assert_eq(p.a->nsteps, 2);
	cr_assert_null(so->remedies[1].title);
	cr_assert_eq(so->remedies[1].nsteps, 0);
	expect_plain(&so->remedies[1].informal.v[0].text, "Just do it.");
	parsed_free(&p);
}

Test(topic, substep_without_cmd_is_an_error)
{
	struct parsed p = parse(
		"<troubleshooting id=\"t\"><title>T</title><troublebody><troubleSolution><remedy><steps>\n"
		"<step><cmd>A</cmd><substeps>\n<substep><info>no cmd</info></substep></substeps></step>\n"
		"</steps></remedy></troubleSolution></troublebody></troubleshooting>");

	cr_assert_null(p.a);
	cr_assert_eq(p.dl.n, 1);
	cr_assert_eq(p.dl.v[0].line, 3);
	cr_assert(strstr(p.dl.v[0].message, "<substep> without <cmd>"));
	parsed_free(&p);
}

Test(topic, xref_kinds)
{
	struct parsed p = parse(TOPIC(
		"<p><xref href=\"mailto:help@example.com\"/> "
		"<xref href=\"guide.pdf\">guide</xref> "
		"<xref href=\"other.dita\" scope=\"external\">ext</xref> "
		"<xref href=\"other.html\" format=\"html\">html</xref> "
		"<xref href=\"other.dita#other\"/> "
		"<xref href=\"#t\">self</xref> "
		"<xref>no href</xref></p>"));
	const struct kb_text *t;

	cr_assert_not_null(p.a);
	t = &p.a->condition.v[0].text;
	cr_assert(find_span(t, KB_SPAN_XREF, "mailto:help@example.com")->external);
	cr_assert_str_eq(find_span(t, KB_SPAN_XREF, "guide")->target, "guide.pdf");
	cr_assert(find_span(t, KB_SPAN_XREF, "ext")->external);
	cr_assert(find_span(t, KB_SPAN_XREF, "html")->external);
	cr_assert_eq(p.xrefs.n, 2, "two internal xrefs recorded");
	cr_assert_str_eq(p.xrefs.v[0].href, "other.dita");
	cr_assert(p.xrefs.v[0].empty);
	cr_assert_null(p.xrefs.v[0].span->target, "resolved later by pack.c");
	cr_assert_str_eq(p.xrefs.v[1].href, "");
	cr_assert_not(p.xrefs.v[1].empty);
	cr_assert_eq(p.xrefs.v[1].line, 3);
	cr_assert_null(find_span(t, KB_SPAN_XREF, "no href"));
	cr_assert_eq(p.dl.n, 1, "xref without href is reported");
	parsed_free(&p);
}

Test(topic, misplaced_elements_warn_once_and_keep_text)
{
	struct parsed p = parse(
		"<troubleshooting id=\"t\"><title>T</title><troublebody><troubleSolution><remedy>\n"
		"<p>Stray paragraph.</p>\n"
		"<steps><step><cmd>A</cmd>\n<li>Stray item</li>\n<section>Foreign</section></step></steps>\n"
		"</remedy></troubleSolution></troublebody></troubleshooting>");
	const struct kb_remedy *rm;

	cr_assert_not_null(p.a);
	if (p.dl.n != 3)
		diag_print_all(stderr, &p.dl);
	cr_assert_eq(p.dl.n, 3);
	cr_assert_eq(p.dl.v[0].line, 2);
	cr_assert(strstr(p.dl.v[0].message, "<p> is not expected inside <remedy>"));
	cr_assert_eq(p.dl.v[1].line, 4);
	cr_assert(strstr(p.dl.v[1].message, "<li> is not expected inside <step>"));
	cr_assert_eq(p.dl.v[2].line, 5);
	cr_assert(strstr(p.dl.v[2].message, "unsupported element <section>"));
	rm = &p.a->solutions[0].remedies[0];
	expect_plain(&rm->informal.v[0].text, "Stray paragraph.");
	cr_assert_eq(rm->informal.v[0].line, 2);
	expect_plain(&rm->steps[0].info.v[0].text, "Stray item");
	expect_plain(&rm->steps[0].info.v[1].text, "Foreign");
	parsed_free(&p);
}

Test(topic, provenance_from_prolog)
{
	struct parsed p = parse(
		"<troubleshooting id=\"t\"><title>T</title><prolog>\n"
		"<source href=\"https://learn.microsoft.com/troubleshoot/mem/intune/x/y\""
		" format=\"html\" scope=\"external\"> The  source </source>\n"
		"<critdates><created date=\"2024-10-08\"/><revised modified=\"2026-01-02\"/>"
		"<revised modified=\"2026-12-02\"/><revised modified=\"2025-05-05\"/></critdates>\n"
		"<metadata><keywords><keyword>K</keyword></keywords>"
		"<data name=\"source-file\" value=\"a.md:3\"/><othermeta name=\"x\" content=\"y\"/>"
		"</metadata></prolog><troublebody/></troubleshooting>");

	cr_assert_not_null(p.a);
	cr_assert_eq(p.dl.n, 0, "source, critdates, data and othermeta are understood");
	cr_assert_str_eq(p.a->source_href, "https://learn.microsoft.com/troubleshoot/mem/intune/x/y");
	cr_assert_str_eq(p.a->source_title, "The source");
	cr_assert_str_eq(p.a->source_date, "2024-10-08");
	cr_assert_str_eq(p.a->checked_date, "2026-12-02", "the latest revision counts");
	cr_assert_eq(p.a->nkeywords, 1);
	parsed_free(&p);
}

Test(topic, bad_dates_are_warnings_with_their_line)
{
	struct parsed p = parse(
		"<troubleshooting id=\"t\"><title>T</title><prolog>\n"
		"<critdates><created date=\"10/08/2024\"/>\n"
		"<revised modified=\"2026-1-2\"/></critdates>"
		"</prolog><troublebody/></troubleshooting>");

	cr_assert_not_null(p.a, "a bad date does not cost the article");
	cr_assert_null(p.a->source_date);
	cr_assert_null(p.a->checked_date);
	cr_assert_eq(p.dl.n, 2);
	cr_assert_eq(p.dl.v[0].line, 2);
	cr_assert_eq(p.dl.v[0].severity, DIAG_WARNING);
	cr_assert(strstr(p.dl.v[0].message, "10/08/2024"), "%s", p.dl.v[0].message);
	cr_assert_eq(p.dl.v[1].line, 3);
	parsed_free(&p);
}

Test(topic, codes_only_where_the_article_states_its_own)
{
	struct parsed p = parse(
		"<troubleshooting id=\"t\"><title>Fails with <msgnum>OwnCode</msgnum></title>"
		"<troublebody><condition><p>Also <msgnum>SecondCode</msgnum>.</p></condition>"
		"<troubleSolution><cause><p>Unlike <msgnum>OtherCode</msgnum>, see"
		" <xref href=\"x.dita\"/>.</p></cause></troubleSolution></troublebody>"
		"<related-links><link href=\"o.dita\" format=\"dita\"/>"
		"<link href=\"https://example.org/a\" format=\"html\" scope=\"external\">"
		"<linktext>Example</linktext></link></related-links></troubleshooting>");

	cr_assert_not_null(p.a);
	cr_assert_eq(p.a->ncodes, 2);
	cr_assert_str_eq(p.a->codes[0], "OwnCode");
	cr_assert_str_eq(p.a->codes[1], "SecondCode");
	/* related links: one paragraph each; internal ones wait to resolve */
	cr_assert_eq(p.a->related.n, 2);
	cr_assert_eq(p.a->related.v[0].text.spans[0].kind, KB_SPAN_XREF);
	cr_assert_eq(p.xrefs.n, 2, "the cause's xref and the internal related link");
	cr_assert_str_eq(p.xrefs.v[1].href, "o.dita");
	cr_assert(p.a->related.v[1].text.spans[0].external);
	cr_assert_str_eq(p.a->related.v[1].text.spans[0].text, "Example");
	cr_assert_str_eq(p.a->related.v[1].text.spans[0].target, "https://example.org/a");
	cr_assert_eq(p.dl.n, 0);
	parsed_free(&p);
}

Test(topic, keywords_from_prolog)
{
	struct parsed p = parse(
		"<troubleshooting id=\"t\"><title>T</title><prolog><metadata><keywords>"
		"<keyword> two  words </keyword><keyword/><keyword>B</keyword></keywords>"
		"</metadata></prolog><troublebody/></troubleshooting>");

	cr_assert_not_null(p.a);
	cr_assert_eq(p.a->nkeywords, 2);
	cr_assert_str_eq(p.a->keywords[0], "two words");
	cr_assert_str_eq(p.a->keywords[1], "B");
	cr_assert_str_eq(p.a->shortdesc, "");
	parsed_free(&p);
}

Test(topic, comments_and_pis_ignored)
{
	struct parsed p = parse(TOPIC("<p>a<!-- hidden -->b<?pi stuff?>c</p>"));

	cr_assert_not_null(p.a);
	cr_assert_eq(p.dl.n, 0);
	expect_plain(&p.a->condition.v[0].text, "abc");
	parsed_free(&p);
}

Test(topic, invalid_utf8_is_one_diagnostic_line)
{
	struct parsed p = parse(
		"<?xml version=\"1.0\"?>\n"
		"<troubleshooting id=\"t\">\n"
		"<title>T \xff\xfe bad</title><troublebody/></troubleshooting>");

	cr_assert_null(p.a);
	cr_assert_eq(p.dl.n, 1);
	cr_assert_eq(p.dl.v[0].severity, DIAG_ERROR);
	cr_assert_eq(p.dl.v[0].line, 3);
	cr_assert_str_eq(p.dl.v[0].file, "t.dita");
	cr_assert_not_null(strstr(p.dl.v[0].message, "UTF-8"), "%s", p.dl.v[0].message);
	cr_assert_null(strchr(p.dl.v[0].message, '\n'), "two lines: '%s'", p.dl.v[0].message);
	parsed_free(&p);
}

Test(topic, entities_are_not_expanded)
{
	/* declared in the DTD, which is never read */
	struct parsed p = parse(
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE troubleshooting PUBLIC \"-//OASIS//DTD DITA Troubleshooting//EN\"\n"
		"  \"troubleshooting.dtd\">\n"
		"\n"
		"<troubleshooting id=\"t\"><title>T</title><troublebody>\n"
		"<condition><p>x &e; y &lt; &#65;</p></condition>\n"
		"</troublebody></troubleshooting>");

	cr_assert_not_null(p.a);
	expect_plain(&p.a->condition.v[0].text, "x &e; y < A");
	cr_assert_eq(p.dl.n, 1);
	cr_assert_eq(p.dl.v[0].severity, DIAG_WARNING);
	cr_assert_eq(p.dl.v[0].line, 6);
	parsed_free(&p);
}

/* The internal subset would be obeyed in part whatever the parser options
 * (attribute defaults; entities expanded when an attribute is read, which
 * one 10,000-character entity used 10,000 times in an id made take 20 s),
 * so any declaration in it refuses the file, naming it and its line. */
Test(topic, internal_subset_declarations_are_refused)
{
	static const struct {
		const char *decl, *shown;
	} cases[] = {
		{ "<!ENTITY e \"EXPANDED\">", "<!ENTITY e>" },
		{ "<!ENTITY % p \"x\">", "<!ENTITY % p>" },
		{ "<!ENTITY x SYSTEM \"file:///etc/passwd\">", "<!ENTITY x>" },
		{ "<!ATTLIST troubleshooting id CDATA \"from-dtd\">", "<!ATTLIST troubleshooting>" },
		{ "<!ELEMENT troubleshooting ANY>", "<!ELEMENT troubleshooting>" },
		{ "<!NOTATION n SYSTEM \"n\">", "<!NOTATION n>" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *xml = xasprintf(
			"<?xml version=\"1.0\"?>\n"
			"<!DOCTYPE troubleshooting [\n"
			"<!-- a comment is fine -->\n"
			"%s\n"
			"]>\n"
			"<troubleshooting><title>T &e;</title><troublebody/></troubleshooting>",
			cases[i].decl);
		struct parsed p = parse(xml);

		cr_assert_null(p.a, "%s", cases[i].decl);
		cr_assert_eq(p.dl.n, 1, "%s: %zu diagnostics", cases[i].decl, p.dl.n);
		cr_assert_eq(p.dl.v[0].severity, DIAG_ERROR);
		cr_assert_eq(p.dl.v[0].line, 4, "%s", cases[i].decl);
		cr_assert_not_null(strstr(p.dl.v[0].message, cases[i].shown), "%s",
				   p.dl.v[0].message);
		parsed_free(&p);
		free(xml);
	}
}

Test(topic, entity_amplification_in_an_attribute_is_refused)
{
	struct strbuf sb = STRBUF_INIT;
	struct parsed p;
	size_t i;

	sb_puts(&sb, "<?xml version=\"1.0\"?>\n<!DOCTYPE troubleshooting [\n<!ENTITY e \"");
	for (i = 0; i < 10000; i++)
		sb_putc(&sb, 'x');
	sb_puts(&sb, "\">\n]>\n<troubleshooting id=\"");
	for (i = 0; i < 10000; i++)
		sb_puts(&sb, "&e;");
	sb_puts(&sb, "\"><title>T</title><troublebody/></troubleshooting>");
	p = parse(sb_str(&sb));
	cr_assert_null(p.a);
	cr_assert_eq(p.dl.n, 1);
	cr_assert_eq(p.dl.v[0].line, 3);
	cr_assert_not_null(strstr(p.dl.v[0].message, "<!ENTITY e>"), "%s", p.dl.v[0].message);
	parsed_free(&p);
	sb_free(&sb);
}

Test(topic, entity_bomb_defused)
{
	struct parsed p = parse(
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE troubleshooting [\n"
		"<!ENTITY a \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\">\n"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
		"<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
		"]>\n"
		"<troubleshooting id=\"t\"><title>T</title><troublebody>\n"
		"<condition><p>&d;</p></condition>\n"
		"</troublebody></troubleshooting>");

	/* libxml2 may refuse the document outright; it must never expand it */
	if (p.a) {
		char *s = kb_text_plain(&p.a->condition.v[0].text);

		cr_assert_str_eq(s, "&d;");
		free(s);
	} else {
		cr_assert_eq(diag_count(&p.dl, DIAG_ERROR), 1);
	}
	parsed_free(&p);
}

Test(topic, external_dtd_not_loaded)
{
	/* The DTD exists next to the fixtures and would default an attribute
	 * and define an entity: neither may show up. */
	struct parsed p = parse(
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE troubleshooting SYSTEM \"" SRCDIR "/tests/fixtures/dtd/evil.dtd\">\n"
		"<troubleshooting><title>T &evil;</title><troublebody/></troubleshooting>");

	cr_assert_null(p.a, "no id: the DTD's default id was not applied");
	parsed_free(&p);
}

Test(topic, big_line_numbers)
{
	size_t n = 70000, i;
	char *xml = xmalloc(n + 512), *w = xml;

	w += sprintf(w, "<troubleshooting id=\"t\"><title>T</title>");
	for (i = 0; i < n; i++)
		*w++ = '\n';
	sprintf(w, "<bogus/><troublebody/></troubleshooting>");
	{
		struct parsed p = parse(xml);

		cr_assert_not_null(p.a);
		cr_assert_eq(p.dl.n, 1);
		cr_assert_eq(p.dl.v[0].line, n + 1);
		parsed_free(&p);
	}
	free(xml);
}

Test(topic, malformed_is_silent_on_stderr, .init = cr_redirect_stderr)
{
	struct parsed p = parse("<troubleshooting id=\"t\">\n<title>T</title>\n<oops></troubleshooting>");

	cr_assert_null(p.a);
	cr_assert_eq(p.dl.n, 1);
	cr_assert_eq(p.dl.v[0].line, 3);
	cr_assert_eq(p.dl.v[0].severity, DIAG_ERROR);
	parsed_free(&p);
	fflush(stderr);
	cr_assert_stderr_eq_str("");
}

Test(topic, failed_topic_leaves_no_xrefs)
{
	struct parsed p = parse(
		"<troubleshooting id=\"t\"><troublebody><condition>"
		"<p><xref href=\"a.dita\"/></p></condition></troublebody></troubleshooting>");

	cr_assert_null(p.a);
	cr_assert_eq(p.xrefs.n, 0);
	parsed_free(&p);
}

/* ---- Maps ---------------------------------------------------------------- */

Test(map, heads_refs_and_title)
{
	static const char xml[] =
		"<map><title>Pack</title>\n"
		"<topichead navtitle=\"A\"><topicref href=\"a.dita\"><topicref href=\"nested.dita\"/></topicref></topichead>\n"
		"<topichead><topicmeta><navtitle>B</navtitle></topicmeta><topicref href=\"b.dita\"/></topichead>\n"
		"<topicref href=\"https://example.com/x.html\" scope=\"external\" format=\"html\"/>\n"
		"<reltable/></map>";
	struct diag_list dl = DIAG_LIST_INIT;
	struct dita_map map;

	cr_assert_eq(dita_parse_map("m.ditamap", xml, sizeof(xml) - 1, &map, &dl), 0);
	cr_assert_str_eq(map.title, "Pack");
	cr_assert_eq(map.nheads, 3);
	cr_assert_str_eq(map.heads[0].navtitle, "A");
	cr_assert_eq(map.heads[0].nrefs, 2);
	cr_assert_str_eq(map.heads[0].refs[1].href, "nested.dita");
	cr_assert_str_eq(map.heads[1].navtitle, "B");
	cr_assert_eq(map.heads[1].line, 3);
	cr_assert_str_eq(map.heads[2].navtitle, "Other issues");
	cr_assert_eq(map.heads[2].nrefs, 0, "external topicref not listed");
	/* outside any head; not a DITA topic; reltable unsupported */
	cr_assert_eq(dl.n, 3);
	cr_assert_eq(diag_count(&dl, DIAG_ERROR), 0);
	dita_map_free(&map);
	diag_list_free(&dl);
}

Test(map, title_version_and_date)
{
	static const char xml[] =
		"<map><title>Pack</title><topicmeta><critdates>"
		"<created date=\"2021-09-30\"/><revised modified=\"2026-12-02\"/>"
		"<revised modified=\"2025-01-01\"/></critdates>"
		"<othermeta name=\"version\" content=\"2026.12.02\"/></topicmeta>\n"
		"<topichead navtitle=\"A\"><topicref href=\"a.dita\"/></topichead></map>";
	struct diag_list dl = DIAG_LIST_INIT;
	struct dita_map map;

	cr_assert_eq(dita_parse_map("m.ditamap", xml, sizeof(xml) - 1, &map, &dl), 0);
	cr_assert_eq(dl.n, 0);
	cr_assert_str_eq(map.title, "Pack");
	cr_assert_str_eq(map.version, "2026.12.02");
	cr_assert_str_eq(map.date, "2026-12-02", "the latest revision dates the pack");
	dita_map_free(&map);
	diag_list_free(&dl);
}

Test(map, synonym_sets_from_key_definitions)
{
	static const char xml[] =
		"<map><title>Pack</title>\n"
		"<keydef keys=\"syn-ade  other\" outputclass=\"x synonyms\"><topicmeta>\n"
		"<navtitle>Automated Device  Enrollment</navtitle>\n"
		"<keywords><keyword>ADE</keyword>\n<keyword>DEP</keyword></keywords>\n"
		"</topicmeta></keydef>\n"
		"<keydef keys=\"k\" href=\"a.dita\"/>\n"
		"<keydef keys=\"syn-none\" outputclass=\"synonyms\"/>\n"
		"<topichead navtitle=\"A\"><keydef keys=\"syn-in\" outputclass=\"synonyms\">"
		"<topicmeta><keywords><keyword/><keyword>x</keyword></keywords></topicmeta>"
		"</keydef></topichead></map>";
	struct diag_list dl = DIAG_LIST_INIT;
	struct dita_map map;

	cr_assert_eq(dita_parse_map("m.ditamap", xml, sizeof(xml) - 1, &map, &dl), 0);
	cr_assert_eq(map.nsynonyms, 4);
	/* the first key names the set; text is normalised; lines are the terms' */
	cr_expect_str_eq(map.synonyms[0].set, "syn-ade");
	cr_expect_str_eq(map.synonyms[0].term, "Automated Device Enrollment");
	cr_expect_eq(map.synonyms[0].line, 3);
	cr_expect_str_eq(map.synonyms[1].term, "ADE");
	cr_expect_str_eq(map.synonyms[2].term, "DEP");
	cr_expect_eq(map.synonyms[2].line, 5);
	/* a keydef inside a topichead counts too */
	cr_expect_str_eq(map.synonyms[3].set, "syn-in");
	cr_expect_str_eq(map.synonyms[3].term, "x");
	/* a plain keydef, a set without terms, an empty keyword: warnings */
	cr_assert_eq(dl.n, 3);
	cr_expect_eq(diag_count(&dl, DIAG_ERROR), 0);
	cr_expect(strstr(dl.v[0].message, "outputclass=\"synonyms\"") && dl.v[0].line == 7);
	cr_expect(strstr(dl.v[1].message, "'syn-none' has no terms") && dl.v[1].line == 8);
	cr_expect(strstr(dl.v[2].message, "empty <keyword>") && dl.v[2].line == 9);
	dita_map_free(&map);
	diag_list_free(&dl);
}

Test(fixtures, synonym_sets_are_checked_and_merged_by_name)
{
	const char *dirs[] = { FIX "synonyms" };
	struct pack_set set = { NULL, 0, dirs, 1 };
	struct loaded l = load_set(&set);
	size_t i, lonely = 0, twice = 0, ade = 0, other = 0;

	cr_expect_eq(l.kb->nsynonyms, 6, "every term with text");
	for (i = 0; i < l.dl.n; i++) {
		const struct diag *d = &l.dl.v[i];

		cr_expect_eq(d->severity, DIAG_WARNING, "%s", d->message);
		cr_expect(d->file && strstr(d->file, "synonyms/pack.ditamap"), "file named");
		if (strstr(d->message, "'syn-lonely' has only one term"))
			lonely++;
		else if (strstr(d->message, "'Tablets' is also in set 'syn-tablet'") &&
			 d->line == 16)
			twice++;
		else if (strstr(d->message, "'syn-ade' has only one term"))
			ade++;
		else
			other++;
	}
	cr_expect_eq(lonely, 1);
	cr_expect_eq(twice, 1, "a term in two sets, by its stem: tablet, Tablets");
	cr_expect_eq(ade, 1, "alone, the pack's syn-ade has one term");
	cr_expect_eq(other, 3, "plain keydef, empty set, empty keyword");
	kb_free(l.kb);
	diag_list_free(&l.dl);

	/* with the shipped pack, syn-ade is the shipped set plus one */
	{
		size_t n;
		struct pack_file *files = builtin_files(&n);
		struct pack_set both = { files, n, dirs, 1 };

		l = load_set(&both);
		for (i = 0; i < l.dl.n; i++)
			cr_expect_null(strstr(l.dl.v[i].message, "'syn-ade'"), "%s",
				       l.dl.v[i].message);
		kb_free(l.kb);
		diag_list_free(&l.dl);
		builtin_free(files, n);
	}
}

Test(map, wrong_root)
{
	static const char xml[] = "<troubleshooting id=\"x\"/>";
	struct diag_list dl = DIAG_LIST_INIT;
	struct dita_map map;

	cr_assert_eq(dita_parse_map("m.ditamap", xml, sizeof(xml) - 1, &map, &dl), -1);
	cr_assert_eq(dl.n, 1);
	cr_assert(strstr(dl.v[0].message, "not <map>"));
	dita_map_free(&map);
	diag_list_free(&dl);
}

Test(map, internal_subset_declarations_are_refused)
{
	static const char xml[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE map [ <!ENTITY h \"a.dita\"> ]>\n"
		"<map><topichead navtitle=\"A\"><topicref href=\"&h;\"/></topichead></map>";
	struct diag_list dl = DIAG_LIST_INIT;
	struct dita_map map;

	cr_assert_eq(dita_parse_map("m.ditamap", xml, sizeof(xml) - 1, &map, &dl), -1);
	cr_assert_eq(dl.n, 1);
	cr_assert_eq(dl.v[0].line, 2);
	cr_assert_not_null(strstr(dl.v[0].message, "<!ENTITY h>"), "%s", dl.v[0].message);
	dita_map_free(&map);
	diag_list_free(&dl);
}

/* ---- User pack directories ----------------------------------------------- */

static char *make_tree(const char *const *subdirs, size_t n)
{
	char tmpl[] = "/tmp/enrollkb-packs.XXXXXX";
	char *root = xstrdup(mkdtemp(tmpl));
	char *path;
	size_t i;

	path = xasprintf("%s/enrollkb", root);
	mkdir(path, 0700);
	free(path);
	path = xasprintf("%s/enrollkb/packs", root);
	mkdir(path, 0700);
	free(path);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/enrollkb/packs/%s", root, subdirs[i]);
		mkdir(path, 0700);
		free(path);
	}
	path = xasprintf("%s/enrollkb/packs/a-file", root);
	fclose(fopen(path, "w"));
	free(path);
	return root;
}

static void rm_tree(const char *root)
{
	char *cmd = xasprintf("rm -rf '%s'", root);

	cr_assert_eq(system(cmd), 0);
	free(cmd);
}

Test(user_dirs, xdg_data_home_subdirs_in_name_order)
{
	static const char *const subs[] = { "zeta", "alpha", ".hidden", "Mid" };
	char *root = make_tree(subs, 4);
	char **dirs, *want;
	size_t n;

	setenv("XDG_DATA_HOME", root, 1);
	n = pack_user_dirs(&dirs);
	cr_assert_eq(n, 3);
	want = xasprintf("%s/enrollkb/packs/Mid", root);
	cr_assert_str_eq(dirs[0], want);
	free(want);
	want = xasprintf("%s/enrollkb/packs/alpha", root);
	cr_assert_str_eq(dirs[1], want);
	free(want);
	want = xasprintf("%s/enrollkb/packs/zeta", root);
	cr_assert_str_eq(dirs[2], want);
	free(want);
	pack_dirs_free(dirs, n);
	rm_tree(root);
	free(root);
}

Test(user_dirs, relative_or_empty_xdg_falls_back_to_home)
{
	static const char *const subs[] = { "p" };
	char *root = make_tree(subs, 1);
	char *share = xasprintf("%s/.local", root), *tmp, **dirs;
	size_t n;

	/* HOME/.local/share/enrollkb/packs/p */
	mkdir(share, 0700);
	tmp = xasprintf("%s/share", share);
	mkdir(tmp, 0700);
	{
		char *from = xasprintf("%s/enrollkb", root);
		char *to = xasprintf("%s/enrollkb", tmp);

		cr_assert_eq(rename(from, to), 0);
		free(from);
		free(to);
	}
	setenv("HOME", root, 1);
	setenv("XDG_DATA_HOME", "relative/dir", 1);
	n = pack_user_dirs(&dirs);
	cr_assert_eq(n, 1);
	cr_assert(strstr(dirs[0], "/.local/share/enrollkb/packs/p"));
	pack_dirs_free(dirs, n);
	setenv("XDG_DATA_HOME", "", 1);
	n = pack_user_dirs(&dirs);
	cr_assert_eq(n, 1);
	pack_dirs_free(dirs, n);
	unsetenv("XDG_DATA_HOME");
	n = pack_user_dirs(&dirs);
	cr_assert_eq(n, 1);
	pack_dirs_free(dirs, n);
	setenv("XDG_DATA_HOME", "/nonexistent-enrollkb", 1);
	cr_assert_eq(pack_user_dirs(&dirs), 0);
	cr_assert_null(dirs);
	rm_tree(root);
	free(root);
	free(share);
	free(tmp);
}
