/* SPDX-License-Identifier: MIT */
/* test_hostile.c: packs made to hurt (pack.c, dita*.c): hrefs to FIFOs,
 * devices, directories and through symlinks out of the pack, oversized
 * files, ids that would break the state file, deep nesting, DTDs named by
 * URL, a directory without a map.  Every case must give a diagnostic at
 * file:line and let the good topic beside it load.  And state files
 * turned against the user (progress*.c): symlinked or FIFO case, lock and
 * tmp files, shared or foreign state directories, a lock held by another
 * process, a case file broken by someone else.  Each test builds its
 * pack in a fresh temporary directory (FIFOs and symlinks do not live in
 * git), removed by the suite's fixture. */
#include "config.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pack.h"
#include "progress.h"
#include "strbuf.h"
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

/* Loads a pack of good.dita and href (map lines 4 and 5), expecting one
 * error, at file:line (file NULL: the map), and the good topic loaded. */
static void expect_refused(const char *href, const char *file, unsigned line,
			   const char *what)
{
	const char *hrefs[] = { "good.dita", href };
	struct loaded l;
	char *at_file = file ? at(file) : NULL;

	put_topic("good.dita", "good");
	put_map(hrefs, 2);
	l = load();
	expect_diag(&l, at_file ? at_file : l.map, line, DIAG_ERROR, what);
	expect_ndiags(&l, 1);
	expect_good_loaded(&l);
	unload(&l);
	free(at_file);
}

/* ---- Hrefs that must not be read -------------------------------------------- */

Test(hostile, fifo_href_is_refused_without_waiting)
{
	char *fifo = at("fifo.dita");

	cr_assert_eq(mkfifo(fifo, 0600), 0);
	expect_refused("fifo.dita", NULL, 5, "'fifo.dita': it is a FIFO, not a regular file");
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
	char *d = at("dir.dita");

	cr_assert_eq(mkdir(d, 0700), 0);
	expect_refused("dir.dita", NULL, 5, "it is a directory, not a regular file");
	free(d);
}

Test(hostile, symlink_loop_is_refused)
{
	link_to("b", "a.dita");
	link_to("a.dita", "b");
	expect_refused("a.dita", NULL, 5, "loop");
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

/* Writes rel: head, then line count times, then tail. */
static void put_repeated(const char *rel, const char *head, const char *line,
			 size_t count, const char *tail)
{
	char *path = at(rel);
	FILE *fp = fopen(path, "wb");

	cr_assert_not_null(fp);
	fputs(head, fp);
	while (count--)
		fputs(line, fp);
	fputs(tail, fp);
	cr_assert_eq(fclose(fp), 0);
	free(path);
}

Test(hostile, topic_over_4_mb_is_refused)
{
	put_repeated("big.dita",
		     "<troubleshooting id=\"big\"><title>Big</title><troublebody><condition><p>",
		     "0123456789012345678901234567890123456789012345678901234567890123",
		     PACK_MAX_FILE_SIZE / 64 + 1,
		     "</p></condition></troublebody></troubleshooting>\n");
	expect_refused("big.dita", NULL, 5, "larger than 4 MB");
}

Test(hostile, deep_nesting_is_refused_with_its_line)
{
	struct strbuf tail = STRBUF_INIT;
	int i;

	for (i = 0; i < 150; i++)
		sb_puts(&tail, "</ph>");
	sb_puts(&tail, "</p></condition></troublebody></troubleshooting>\n");
	put_repeated("deep.dita",
		     "<troubleshooting id=\"deep\"><title>Deep</title>\n"
		     "<troublebody><condition><p>\n",
		     "<ph>", 150, sb_str(&tail));
	sb_free(&tail);
	expect_refused("deep.dita", "deep.dita", 3, "nested more than 100 deep");
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

/* ---- State files that may have been planted --------------------------------
 *
 * The state directory is top/state; the case is "default", its file
 * top/state/cases/default.  The article is a pack topic with two steps. */

static struct loaded load_steps(void)
{
	static const char *const hrefs[] = { "steps.dita" };

	put("steps.dita",
	    "<troubleshooting id=\"steps\"><title>Steps</title><troublebody>\n"
	    "<troubleSolution><cause><p>c</p></cause><remedy><steps>\n"
	    "<step><cmd>First.</cmd></step><step><cmd>Second.</cmd></step>\n"
	    "</steps></remedy></troubleSolution></troublebody></troubleshooting>\n");
	put_map(hrefs, 1);
	return load();
}

static const struct kb_article *steps_of(const struct loaded *l)
{
	size_t i = kb_find(l->kb, "steps");

	cr_assert_neq(i, NO_ARTICLE);
	return l->kb->articles[i];
}

static char *state(const char *rel)
{
	return rel ? xasprintf("%s/state/%s", top, rel) : xasprintf("%s/state", top);
}

static void make_cases_dir(void)
{
	char *s = state(NULL), *c = state("cases");

	cr_assert_eq(mkdir(s, 0700), 0);
	cr_assert_eq(mkdir(c, 0700), 0);
	free(s);
	free(c);
}

/* The first diagnostic's message ("" when none). */
static const char *first_message(const struct diag_list *dl)
{
	return dl->n ? dl->v[0].message : "";
}

Test(hostile, dangling_lock_symlink_creates_nothing)
{
	struct loaded l = load_steps();
	struct diag_list dl = DIAG_LIST_INIT;
	char *dir = state(NULL), *lock = state("cases/default.lock");
	char *target = xasprintf("%s/created-through-the-link", top);
	struct progress *p;

	make_cases_dir();
	cr_assert_eq(symlink(target, lock), 0);
	p = progress_open(dir, NULL, &dl);
	cr_expect_not(progress_persistent(p), "memory only");
	cr_expect(strstr(first_message(&dl), "symbolic link"), "%s", first_message(&dl));
	cr_expect_neq(access(target, F_OK), 0, "the symlink's target was created");
	progress_set_done(p, steps_of(&l), steps_of(&l)->steps[0], true, 0);
	cr_expect_not(progress_save(p, &dl));
	cr_expect_neq(access(target, F_OK), 0, "... nor by a save");
	progress_close(p);
	diag_list_free(&dl);
	free(dir);
	free(lock);
	free(target);
	unload(&l);
}

Test(hostile, case_file_as_fifo_or_symlink_is_not_read)
{
	struct loaded l = load_steps();
	struct diag_list dl = DIAG_LIST_INIT;
	char *dir = state(NULL), *file = state("cases/default");
	char *outside = xasprintf("%s/elsewhere", top);
	struct progress *p;
	FILE *fp;

	make_cases_dir();
	/* A FIFO: opening it must not wait for a writer. */
	cr_assert_eq(mkfifo(file, 0600), 0);
	p = progress_open(dir, NULL, &dl);
	cr_expect_not(progress_persistent(p));
	cr_expect(strstr(first_message(&dl), "it is a FIFO, not a regular file"),
		  "%s", first_message(&dl));
	progress_close(p);
	diag_list_free(&dl);
	/* A symlink to a checklist elsewhere: not followed. */
	cr_assert_eq(unlink(file), 0);
	fp = fopen(outside, "w");
	cr_assert_not_null(fp);
	fputs("# enrollkb checklist 1\n", fp);
	fclose(fp);
	cr_assert_eq(symlink(outside, file), 0);
	p = progress_open(dir, NULL, &dl);
	cr_expect_not(progress_persistent(p));
	cr_expect(strstr(first_message(&dl), "symbolic link"), "%s", first_message(&dl));
	progress_close(p);
	diag_list_free(&dl);
	free(dir);
	free(file);
	free(outside);
	unload(&l);
}

Test(hostile, planted_tmp_file_is_not_written_through)
{
	struct loaded l = load_steps();
	struct diag_list dl = DIAG_LIST_INIT;
	char *dir = state(NULL), *tmp = state("cases/default.tmp");
	char *victim = xasprintf("%s/victim", top), *fifo = state("cases/other.tmp");
	struct progress *p;
	struct stat st;
	FILE *fp;

	make_cases_dir();
	fp = fopen(victim, "w");
	cr_assert_not_null(fp);
	fputs("precious\n", fp);
	fclose(fp);
	cr_assert_eq(symlink(victim, tmp), 0);
	p = progress_open(dir, NULL, &dl);
	progress_set_done(p, steps_of(&l), steps_of(&l)->steps[0], true, 0);
	cr_expect(progress_save(p, &dl), "%s", first_message(&dl));
	cr_assert_eq(stat(victim, &st), 0);
	cr_expect_eq(st.st_size, 9, "the file the tmp symlink pointed at is untouched");
	progress_close(p);
	/* A FIFO as the tmp file: no hang, the save goes through. */
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	p = progress_open(dir, "other", &dl);
	progress_set_done(p, steps_of(&l), steps_of(&l)->steps[0], true, 0);
	cr_expect(progress_save(p, &dl), "%s", first_message(&dl));
	progress_close(p);
	cr_expect_eq(dl.n, 0);
	diag_list_free(&dl);
	free(dir);
	free(tmp);
	free(victim);
	free(fifo);
	unload(&l);
}

Test(hostile, state_is_created_private)
{
	struct loaded l = load_steps();
	struct diag_list dl = DIAG_LIST_INIT;
	char *dir = state(NULL), *cases = state("cases"), *file = state("cases/default");
	char *lock = state("cases/default.lock");
	struct progress *p;
	struct stat st;
	mode_t old = umask(0);   /* whatever the umask says */

	p = progress_open(dir, NULL, &dl);
	progress_set_done(p, steps_of(&l), steps_of(&l)->steps[0], true, 0);
	cr_expect(progress_save(p, &dl));
	progress_close(p);
	umask(old);
	cr_assert_eq(stat(dir, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0700, "state dir %o", st.st_mode & 0777);
	cr_assert_eq(stat(cases, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0700, "cases dir %o", st.st_mode & 0777);
	cr_assert_eq(stat(file, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600, "case file %o", st.st_mode & 0777);
	cr_assert_eq(stat(lock, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600, "lock file %o", st.st_mode & 0777);
	diag_list_free(&dl);
	free(dir);
	free(cases);
	free(file);
	free(lock);
	unload(&l);
}

Test(hostile, shared_or_foreign_state_dir_is_refused)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress_case *cases;
	char *dir = state(NULL), *cases_dir = state("cases"), *file = state("cases/default");
	struct progress *p;
	FILE *fp;

	make_cases_dir();
	fp = fopen(file, "w");
	cr_assert_not_null(fp);
	fputs("# enrollkb checklist 1\nsteps\t0123456789abcdef\t2026-11-26T10:32:00Z\t2026-11-26T10:32:00Z\tforged\n", fp);
	fclose(fp);
	cr_assert_eq(chmod(cases_dir, 0777), 0);
	p = progress_open(dir, NULL, &dl);
	cr_expect_not(progress_persistent(p));
	cr_expect(strstr(first_message(&dl), "writable by other users (mode 0777)"),
		  "%s", first_message(&dl));
	cr_expect_str_eq(dl.n ? dl.v[0].file : "", cases_dir);
	progress_close(p);
	diag_list_free(&dl);
	cr_expect_eq(progress_list_cases(dir, &cases, &dl), 0, "--cases lists nothing there");
	cr_expect_eq(dl.n, 1);
	progress_cases_free(cases, 0);
	diag_list_free(&dl);
	cr_assert_eq(chmod(cases_dir, 0700), 0);
	if (geteuid() == 0) {   /* only root can give it away */
		cr_assert_eq(chown(dir, 65534, 65534), 0);
		p = progress_open(dir, NULL, &dl);
		cr_expect_not(progress_persistent(p));
		cr_expect(strstr(first_message(&dl), "belongs to another user (uid 65534)"),
			  "%s", first_message(&dl));
		cr_expect_str_eq(dl.n ? dl.v[0].file : "", dir);
		progress_close(p);
		diag_list_free(&dl);
	}
	free(dir);
	free(cases_dir);
	free(file);
}

/* Holds the case's lock as another process would (flock locks belong to
 * the open file, so a second open conflicts even in this process). */
static int hold_lock(void)
{
	char *lock = state("cases/default.lock");
	int fd = open(lock, O_RDWR | O_CREAT, 0600);

	cr_assert(fd >= 0);
	cr_assert_eq(flock(fd, LOCK_EX), 0);
	free(lock);
	return fd;
}

Test(hostile, held_lock_keeps_changes_pending_then_saves_them)
{
	struct loaded l = load_steps();
	struct diag_list dl = DIAG_LIST_INIT;
	const struct kb_article *a = steps_of(&l);
	char *dir = state(NULL);
	struct progress *p, *again;
	int held;

	make_cases_dir();
	held = hold_lock();
	p = progress_open(dir, NULL, &dl);   /* does not wait for the lock */
	cr_expect(progress_persistent(p));
	cr_expect_eq(dl.n, 0, "%s", first_message(&dl));
	progress_set_lock_wait(p, 100);
	progress_set_done(p, a, a->steps[0], true, 0);
	cr_expect_not(progress_save(p, &dl), "the lock is held");
	cr_expect(strstr(first_message(&dl), "another enrollkb process holds the lock"),
		  "%s", first_message(&dl));
	cr_expect(progress_persistent(p), "not sent to memory: it is retried");
	cr_expect(progress_pending(p));
	diag_list_free(&dl);
	cr_expect_not(progress_refresh(p, &dl), "still held: nothing happens");
	cr_expect_eq(dl.n, 0);
	cr_expect(progress_pending(p));
	close(held);
	cr_expect(progress_refresh(p, &dl), "let go: saved");
	cr_expect_not(progress_pending(p));
	again = progress_open(dir, NULL, &dl);
	cr_expect_eq(progress_done_count(again, a), 1, "the tick is on disk");
	cr_expect_eq(dl.n, 0, "%s", first_message(&dl));
	progress_close(again);
	progress_close(p);
	diag_list_free(&dl);
	free(dir);
	unload(&l);
}

Test(hostile, file_corrupted_by_someone_else_keeps_our_pending_ticks)
{
	struct loaded l = load_steps();
	struct diag_list dl = DIAG_LIST_INIT;
	const struct kb_article *a = steps_of(&l);
	char *dir = state(NULL), *file = state("cases/default"), *cases = state("cases");
	struct progress *p, *again;
	FILE *fp;
	int held;

	make_cases_dir();
	p = progress_open(dir, NULL, &dl);
	progress_set_done(p, a, a->steps[0], true, 0);
	cr_assert(progress_save(p, &dl));
	/* Another process holds the lock: the second tick waits in memory. */
	held = hold_lock();
	progress_set_lock_wait(p, 0);
	progress_set_done(p, a, a->steps[1], true, 0);
	cr_expect_not(progress_save(p, &dl));
	diag_list_free(&dl);
	/* ... and breaks the file. */
	fp = fopen(file, "w");
	cr_assert_not_null(fp);
	fputs("garbage\tgarbage\n", fp);
	fclose(fp);
	close(held);
	cr_expect(progress_refresh(p, &dl));
	cr_expect(strstr(first_message(&dl), "saved this session's ticks in a fresh file"),
		  "%s", first_message(&dl));
	cr_expect_eq(progress_done_count(p, a), 2, "both ticks kept");
	diag_list_free(&dl);
	again = progress_open(dir, NULL, &dl);
	cr_expect_eq(progress_done_count(again, a), 2, "both ticks in the fresh file");
	cr_expect_eq(dl.n, 0, "%s", first_message(&dl));
	progress_close(again);
	progress_close(p);
	{
		/* The broken file was set aside beside it. */
		char *cmd = xasprintf("ls '%s' | grep -q '^default\\.corrupt-'", cases);

		cr_expect_eq(system(cmd), 0);
		free(cmd);
	}
	diag_list_free(&dl);
	free(dir);
	free(file);
	free(cases);
	unload(&l);
}
