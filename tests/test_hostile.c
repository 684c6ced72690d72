/* SPDX-License-Identifier: MIT */
/* test_hostile.c: packs made to hurt (pack.c, dita*.c): hrefs to FIFOs,
 * devices, directories and through symlinks out of the pack, oversized
 * files, ids that would break the state file, deep nesting, DTDs named by
 * URL, a directory without a map.  Every case must give a diagnostic at
 * file:line and let the good topic beside it load.  Each test builds its
 * pack in a fresh temporary directory (FIFOs and symlinks do not live in
 * git), removed by the suite's fixture. */
#include "config.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pack.h"
#include "xalloc.h"

static char *top;    /* the temporary directory */
static char *pack;   /* top/pack: the pack under test */

static void make_dirs(void)
{
	const char *base = getenv("TMPDIR");

	top = xasprintf("%s/enrollkb-hostile.XXXXXX", base && *base ? base : "/tmp");
	cr_assert_not_null(mkdtemp(top));
	pack = xasprintf("%s/pack", top);
	cr_assert_eq(mkdir(pack, 0700), 0);
}

static void remove_dirs(void)
{
	char *cmd = xasprintf("rm -rf '%s'", top);

	cr_expect_eq(system(cmd), 0);
	free(cmd);
	free(pack);
	free(top);
}

TestSuite(hostile, .init = make_dirs, .fini = remove_dirs);

/* ---- Building packs -------------------------------------------------------- */

static char *at(const char *rel)
{
	return xasprintf("%s/%s", pack, rel);
}

static void put(const char *rel, const char *text)
{
	char *path = at(rel);
	FILE *fp = fopen(path, "wb");

	cr_assert_not_null(fp, "%s: %s", path, strerror(errno));
	fputs(text, fp);
	cr_assert_eq(fclose(fp), 0);
	free(path);
}

static void link_to(const char *target, const char *rel)
{
	char *path = at(rel);

	cr_assert_eq(symlink(target, path), 0, "%s: %s", path, strerror(errno));
	free(path);
}

static char *topic_text(const char *id)
{
	return xasprintf(
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<!DOCTYPE troubleshooting PUBLIC \"-//OASIS//DTD DITA Troubleshooting//EN\" \"troubleshooting.dtd\">\n"
		"<troubleshooting id=\"%s\">\n"
		"  <title>Topic %s</title>\n"
		"  <troublebody><condition><p>Text.</p></condition></troublebody>\n"
		"</troubleshooting>\n", id, id);
}

static void put_topic(const char *rel, const char *id)
{
	char *text = topic_text(id);

	put(rel, text);
	free(text);
}

/* A map listing the hrefs, one topicref a line from line 4 on. */
static void put_map(const char *const *hrefs, size_t n)
{
	char *path = at("pack.ditamap");
	FILE *fp = fopen(path, "wb");
	size_t i;

	cr_assert_not_null(fp);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<map><title>Hostile</title>\n"
	      "<topichead navtitle=\"Enrollment errors\">\n", fp);
	for (i = 0; i < n; i++)
		fprintf(fp, "<topicref href=\"%s\"/>\n", hrefs[i]);
	fputs("</topichead></map>\n", fp);
	cr_assert_eq(fclose(fp), 0);
	free(path);
}

struct loaded {
	struct kb *kb;
	struct diag_list dl;
	char *map;
};

static struct loaded load(void)
{
	struct loaded l = { NULL, DIAG_LIST_INIT, NULL };
	const char *dirs[1] = { pack };
	struct pack_set set = { NULL, 0, dirs, 1 };

	l.kb = pack_load(&set, &l.dl);
	cr_assert_not_null(l.kb);
	l.map = at("pack.ditamap");
	return l;
}

static void unload(struct loaded *l)
{
	kb_free(l->kb);
	diag_list_free(&l->dl);
	free(l->map);
}

/* The diagnostic at file:line with that severity whose message contains
 * what; fails when there is none. */
static void expect_diag(const struct loaded *l, const char *file, unsigned line,
			enum diag_severity sev, const char *what)
{
	size_t i;

	for (i = 0; i < l->dl.n; i++) {
		const struct diag *d = &l->dl.v[i];

		if (d->file && strcmp(d->file, file) == 0 && d->line == line &&
		    d->severity == sev && strstr(d->message, what))
			return;
	}
	diag_print_all(stderr, &l->dl);
	cr_assert_fail("no %s at %s:%u containing '%s'",
		       sev == DIAG_ERROR ? "error" : "warning", file, line, what);
}

static void expect_ndiags(const struct loaded *l, size_t n)
{
	if (l->dl.n != n)
		diag_print_all(stderr, &l->dl);
	cr_assert_eq(l->dl.n, n, "%zu diagnostics, wanted %zu", l->dl.n, n);
}

static void expect_good_loaded(const struct loaded *l)
{
	cr_expect_neq(kb_find(l->kb, "good"), NO_ARTICLE, "the good topic beside it loads");
}

/* ---- Hrefs that must not be read -------------------------------------------- */

Test(hostile, fifo_href_is_refused_without_waiting)
{
	static const char *const hrefs[] = { "good.dita", "fifo.dita" };
	struct loaded l;
	char *fifo = at("fifo.dita");

	put_topic("good.dita", "good");
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	put_map(hrefs, 2);
	l = load();
	expect_diag(&l, l.map, 5, DIAG_ERROR, "'fifo.dita': it is a FIFO, not a regular file");
	expect_ndiags(&l, 1);
	expect_good_loaded(&l);
	unload(&l);
	free(fifo);
}

Test(hostile, symlinks_out_of_the_pack_are_refused)
{
	static const char *const hrefs[] = {
		"good.dita", "zero.dita", "passwd.dita", "up/secret.dita", "rel.dita",
	};
	struct loaded l;
	char *secret = xasprintf("%s/secret.dita", top), *text = topic_text("secret");
	FILE *fp = fopen(secret, "w");

	cr_assert_not_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(text);
	put_topic("good.dita", "good");
	link_to("/dev/zero", "zero.dita");
	link_to("/etc/passwd", "passwd.dita");
	link_to("..", "up");
	link_to("../secret.dita", "rel.dita");
	put_map(hrefs, 5);
	l = load();
	expect_diag(&l, l.map, 5, DIAG_ERROR, "'zero.dita': it leads outside the pack");
	expect_diag(&l, l.map, 6, DIAG_ERROR, "'passwd.dita': it leads outside the pack");
	expect_diag(&l, l.map, 7, DIAG_ERROR, "'up/secret.dita': it leads outside the pack");
	expect_diag(&l, l.map, 8, DIAG_ERROR, "'rel.dita': it leads outside the pack");
	/* zero.dita, passwd.dita and rel.dita are topics nothing else lists,
	 * but they were listed by the map: no other diagnostic. */
	expect_ndiags(&l, 4);
	expect_good_loaded(&l);
	cr_expect_eq(kb_find(l.kb, "secret"), NO_ARTICLE);
	unload(&l);
	free(secret);
}

Test(hostile, symlinks_inside_the_pack_are_followed)
{
	static const char *const hrefs[] = { "good.dita", "alias.dita" };
	struct loaded l;
	char *sub = at("sub");

	cr_assert_eq(mkdir(sub, 0700), 0);
	put_topic("good.dita", "good");
	put_topic("sub/real.dita", "real");
	link_to("sub/real.dita", "alias.dita");
	put_map(hrefs, 2);
	l = load();
	cr_expect_neq(kb_find(l.kb, "real"), NO_ARTICLE, "read through the symlink");
	expect_good_loaded(&l);
	free(sub);
	sub = at("sub/real.dita");
	expect_diag(&l, sub, 0, DIAG_WARNING, "not referenced");
	expect_ndiags(&l, 1);
	unload(&l);
	free(sub);
}

Test(hostile, directory_href_is_refused)
{
	static const char *const hrefs[] = { "good.dita", "dir.dita" };
	struct loaded l;
	char *d = at("dir.dita");

	cr_assert_eq(mkdir(d, 0700), 0);
	put_topic("good.dita", "good");
	put_map(hrefs, 2);
	l = load();
	expect_diag(&l, l.map, 5, DIAG_ERROR, "it is a directory, not a regular file");
	expect_ndiags(&l, 1);
	expect_good_loaded(&l);
	unload(&l);
	free(d);
}

Test(hostile, symlink_loop_is_refused)
{
	static const char *const hrefs[] = { "good.dita", "a.dita" };
	struct loaded l;

	put_topic("good.dita", "good");
	link_to("b.dita", "a.dita");
	link_to("a.dita", "b.dita");
	put_map(hrefs, 2);
	l = load();
	expect_diag(&l, l.map, 5, DIAG_ERROR, "loop");
	expect_good_loaded(&l);
	unload(&l);
}

Test(hostile, the_walk_follows_no_symlinked_directory)
{
	static const char *const hrefs[] = { "good.dita" };
	struct loaded l;
	char *outside = xasprintf("%s/outside", top), *path;

	/* Topics that would be "not referenced" if the walk went there. */
	cr_assert_eq(mkdir(outside, 0700), 0);
	path = xasprintf("%s/stray.dita", outside);
	fclose(fopen(path, "w"));
	free(path);
	link_to(outside, "elsewhere");
	link_to(".", "self");
	put_topic("good.dita", "good");
	put_map(hrefs, 1);
	l = load();
	expect_ndiags(&l, 0);
	expect_good_loaded(&l);
	unload(&l);
	free(outside);
}

/* ---- Limits ------------------------------------------------------------------ */

Test(hostile, topic_over_4_mb_is_refused)
{
	static const char *const hrefs[] = { "good.dita", "big.dita" };
	struct loaded l;
	char *path = at("big.dita");
	FILE *fp = fopen(path, "wb");
	size_t i;

	cr_assert_not_null(fp);
	fputs("<troubleshooting id=\"big\"><title>Big</title><troublebody><condition><p>", fp);
	for (i = 0; i < PACK_MAX_FILE_SIZE / 64 + 1; i++)
		fputs("0123456789012345678901234567890123456789012345678901234567890123", fp);
	fputs("</p></condition></troublebody></troubleshooting>\n", fp);
	cr_assert_eq(fclose(fp), 0);
	put_topic("good.dita", "good");
	put_map(hrefs, 2);
	l = load();
	expect_diag(&l, l.map, 5, DIAG_ERROR, "larger than 4 MB");
	expect_ndiags(&l, 1);
	expect_good_loaded(&l);
	cr_expect_eq(kb_find(l.kb, "big"), NO_ARTICLE);
	unload(&l);
	free(path);
}

Test(hostile, deep_nesting_is_refused_with_its_line)
{
	static const char *const hrefs[] = { "good.dita", "deep.dita" };
	struct loaded l;
	char *path = at("deep.dita");
	FILE *fp = fopen(path, "wb");
	int i;

	cr_assert_not_null(fp);
	fputs("<troubleshooting id=\"deep\"><title>Deep</title>\n"
	      "<troublebody><condition><p>\n", fp);
	for (i = 0; i < 150; i++)
		fputs("<ph>", fp);
	for (i = 0; i < 150; i++)
		fputs("</ph>", fp);
	fputs("</p></condition></troublebody></troubleshooting>\n", fp);
	cr_assert_eq(fclose(fp), 0);
	put_topic("good.dita", "good");
	put_map(hrefs, 2);
	l = load();
	expect_diag(&l, path, 3, DIAG_ERROR, "nested more than 100 deep");
	expect_ndiags(&l, 1);
	expect_good_loaded(&l);
	unload(&l);
	free(path);
}

Test(hostile, too_many_files_stop_the_walk_with_a_diagnostic)
{
	static const char *const hrefs[] = { "good.dita" };
	struct loaded l;
	size_t i;
	char *sub = at("many");

	cr_assert_eq(mkdir(sub, 0700), 0);
	put_topic("good.dita", "good");
	put_map(hrefs, 1);
	/* Empty files are enough: the count stops the walk, not the parse. */
	for (i = 0; i < PACK_MAX_FILES; i++) {
		char *path = xasprintf("%s/t%zu.dita", sub, i);
		FILE *fp = fopen(path, "w");

		cr_assert_not_null(fp);
		fclose(fp);
		free(path);
	}
	l = load();
	expect_diag(&l, pack, 0, DIAG_ERROR, "more than 50000 topic and map files");
	expect_good_loaded(&l);
	unload(&l);
	free(sub);
}

Test(hostile, directory_without_map_is_not_walked)
{
	struct pack_sources src = PACK_SOURCES_INIT;
	struct diag_list dl = DIAG_LIST_INIT;
	const char *dirs[1] = { pack };
	struct pack_set set = { NULL, 0, dirs, 1 };
	struct kb *kb;
	char *sub = at("sub");
	size_t i, ndirs = 0;

	cr_assert_eq(mkdir(sub, 0700), 0);
	put_topic("sub/a.dita", "a");
	kb = pack_load_traced(&set, &dl, &src);
	cr_assert_eq(dl.n, 1);
	cr_expect(strstr(dl.v[0].message, "no .ditamap"), "%s", dl.v[0].message);
	for (i = 0; i < src.n; i++)
		ndirs += src.v[i].st.kind == PACK_SOURCE_DIR;
	cr_expect_eq(ndirs, 1, "only the pack's own directory was listed");
	kb_free(kb);
	diag_list_free(&dl);
	pack_sources_free(&src);
	free(sub);
}

/* ---- Ids and DOCTYPEs ------------------------------------------------------- */

Test(hostile, ids_must_be_xml_names)
{
	static const char *const bad[] = {
		"tab&#9;id", "new&#10;line", "#comment", "two words", "9lives", "",
	};
	static const char *const hrefs[] = {
		"good.dita", "t0.dita", "t1.dita", "t2.dita", "t3.dita", "t4.dita", "t5.dita",
	};
	struct loaded l;
	size_t i;

	put_topic("good.dita", "good");
	for (i = 0; i < 6; i++) {
		char *rel = xasprintf("t%zu.dita", i);

		put_topic(rel, bad[i]);
		free(rel);
	}
	put_map(hrefs, 7);
	l = load();
	for (i = 0; i < 5; i++) {
		char *file = xasprintf("%s/t%zu.dita", pack, i);

		expect_diag(&l, file, 3, DIAG_ERROR, "is not an XML name");
		free(file);
	}
	{
		char *file = at("t5.dita");

		expect_diag(&l, file, 3, DIAG_ERROR, "without id");
		free(file);
	}
	expect_ndiags(&l, 6);
	cr_expect_eq(l.kb->narticles, 1, "only the good one");
	expect_good_loaded(&l);
	unload(&l);
}

Test(hostile, doctype_with_a_url_is_a_warning_and_fetches_nothing)
{
	static const char *const hrefs[] = { "good.dita", "url.dita", "abs.dita" };
	struct loaded l;
	char *url = at("url.dita"), *abs = at("abs.dita");

	put_topic("good.dita", "good");
	/* Port 9 (discard) on loopback: nothing listens, nothing may try. */
	put("url.dita",
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE troubleshooting SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n"
	    "<troubleshooting id=\"url\"><title>U</title><troublebody/></troubleshooting>\n");
	put("abs.dita",
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE troubleshooting PUBLIC \"-//X//Y//EN\" \"/etc/passwd\">\n"
	    "<troubleshooting id=\"abs\"><title>A</title><troublebody/></troubleshooting>\n");
	put_map(hrefs, 3);
	l = load();
	expect_diag(&l, url, 0, DIAG_WARNING, "'http://127.0.0.1:9/evil.dtd' outside the pack");
	expect_diag(&l, abs, 0, DIAG_WARNING, "'/etc/passwd' outside the pack");
	expect_ndiags(&l, 2);
	cr_expect_neq(kb_find(l.kb, "url"), NO_ARTICLE, "a warning: the topic loads");
	expect_good_loaded(&l);
	unload(&l);
	free(url);
	free(abs);
}
