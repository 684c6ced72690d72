/* SPDX-License-Identifier: MIT */
/* test_checklist.c: the checklist store the browser works through
 * (checklist.c) -- ticks, notes, reset and export save at once and say so
 * in a message (an error when they could not); badges, tick times, the
 * layout's checkboxes, the start-up warning's wordings and picking up what
 * another process saved.  The articles come from a small fixture pack;
 * each test gets a fresh state directory, also its current directory,
 * removed by the suite's fini even when an assertion fails. */
#include "config.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checklist.h"
#include "kb.h"
#include "layout.h"
#include "pack.h"
#include "progress.h"
#include "strbuf.h"
#include "xalloc.h"

/* 2026-11-26T10:32:00Z */
#define T1 ((time_t)1795689120)

static struct kb *kb;
static const struct kb_article *cap;      /* 4 steps: 1, 2, 2a, 1 (cause 2) */
static const struct kb_article *nosteps;
static char *dir;                         /* state directory and cwd */
static char *cwd;                         /* the same, as getcwd says it */
#define CASE "INC 1"
static struct checklist *ck;              /* case CASE, persistent */
static struct checklist_msg m = CHECKLIST_MSG_INIT;

static struct checklist *open_case(const char *name);

static const struct kb_article *article(const char *id)
{
	size_t i = kb_find(kb, id);

	cr_assert_neq(i, (size_t)-1, "fixture article %s", id);
	return kb->articles[i];
}

static void setup(void)
{
	const char *dirs[] = { SRCDIR "/tests/fixtures/checklist" };
	struct pack_set set = { NULL, 0, dirs, 1 };
	struct diag_list dl = DIAG_LIST_INIT;
	const char *base = getenv("TMPDIR");

	kb = pack_load(&set, &dl);
	cr_assert_eq(dl.n, 0, "the fixture pack loads cleanly");
	diag_list_free(&dl);
	cap = article("device-cap");
	nosteps = article("apple-outage");
	cr_assert_eq(cap->nsteps, 4);
	cr_assert_eq(nosteps->nsteps, 0);
	dir = xasprintf("%s/enrollkb-checklist.XXXXXX", base && *base ? base : "/tmp");
	cr_assert_not_null(mkdtemp(dir));
	cr_assert_eq(chdir(dir), 0);
	cwd = getcwd(NULL, 0);
	cr_assert_not_null(cwd);
	ck = open_case(CASE);
}

static void teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (chdir("/") != 0)
		perror("chdir");
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
	free(dir);
	free(cwd);
	checklist_free(ck);
	checklist_msg_free(&m);
	kb_free(kb);
}

TestSuite(checklist, .init = setup, .fini = teardown);

/* A persistent store for case name, opened without a warning. */
static struct checklist *open_case(const char *name)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p = progress_open(dir, name, &dl);

	cr_assert_eq(dl.n, 0, "%s", dl.n ? dl.v[0].message : "");
	cr_assert(progress_persistent(p));
	return checklist_new(p, dir);
}

/* What a second process would read from the case's file. */
static bool done_on_disk(const struct kb_step *s)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p = progress_open(dir, CASE, &dl);
	bool done = progress_get(p, cap, s).done_at != 0;

	cr_assert_eq(dl.n, 0);
	progress_close(p);
	return done;
}

static char *slurp(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *fp = fopen(path, "rb");

	if (!fp)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_add(&sb, buf, n);
	fclose(fp);
	return sb_detach(&sb);
}

/* ---- Off ------------------------------------------------------------------ */

Test(checklist, without_a_store_nothing_changes_and_nothing_is_said)
{
	struct checklist *off = checklist_new(NULL, NULL);
	struct layout_checklist cl;
	const char *say[3];
	char buf[48];

	cr_expect_not(checklist_enabled(off));
	cr_expect_not(checklist_persistent(off));
	cr_expect_str_eq(checklist_case(off), "");
	cr_expect_eq(checklist_generation(off), 1);
	cr_expect_null(checklist_layout(off, cap, &cl));
	cr_expect_not(checklist_toggle(off, cap, cap->steps[0], "1", &m));
	cr_expect_not(checklist_set_note(off, cap, cap->steps[0], "1", "x", &m));
	cr_expect_not(checklist_reset(off, cap, &m));
	cr_expect_not(checklist_poll(off, &m));
	cr_expect_eq(m.text.len, 0, "said: %s", sb_str(&m.text));
	cr_expect_eq(checklist_done(off, cap), 0);
	cr_expect_str_eq(checklist_badge(off, cap, buf), "");
	cr_expect_eq(checklist_startup_warning(off, NULL, say), 0);
	cr_expect_eq(checklist_generation(off), 1);
	checklist_free(off);
	/* No checklist object at all (as before the TUI made one). */
	cr_expect_eq(checklist_generation(NULL), 0);
	cr_expect_not(checklist_enabled(NULL));
	cr_expect_eq(checklist_startup_warning(NULL, NULL, say), 0);
}

/* ---- Ticking --------------------------------------------------------------- */

Test(checklist, tick_and_untick_save_at_once_and_say_so)
{
	unsigned gen = checklist_generation(ck);
	char buf[48];

	cr_expect(checklist_enabled(ck));
	cr_expect(checklist_persistent(ck));
	cr_expect_str_eq(checklist_case(ck), CASE);
	cr_expect_str_eq(checklist_badge(ck, cap, buf), "", "nothing ticked: no badge");

	cr_assert(checklist_toggle(ck, cap, cap->steps[2], "2a", &m));
	cr_expect_str_eq(sb_str(&m.text), "Step 2a ticked: 1 of 4 done");
	cr_expect_not(m.error);
	cr_expect_gt(checklist_generation(ck), gen);
	cr_expect_eq(checklist_done(ck, cap), 1);
	cr_expect_str_eq(checklist_badge(ck, cap, buf), "1/4");
	cr_expect(done_on_disk(cap->steps[2]), "saved at once");

	gen = checklist_generation(ck);
	cr_assert(checklist_toggle(ck, cap, cap->steps[2], "2a", &m));
	cr_expect_str_eq(sb_str(&m.text), "Step 2a unticked: 0 of 4 done");
	cr_expect_gt(checklist_generation(ck), gen);
	cr_expect_not(done_on_disk(cap->steps[2]));
	cr_expect_str_eq(checklist_badge(ck, cap, buf), "");

	/* A step shown without a number. */
	cr_assert(checklist_toggle(ck, cap, cap->steps[0], "", &m));
	cr_expect_str_eq(sb_str(&m.text), "Step ticked: 1 of 4 done");
	cr_assert(checklist_toggle(ck, cap, cap->steps[3], NULL, &m));
	cr_expect_str_eq(sb_str(&m.text), "Step ticked: 2 of 4 done");
	cr_expect_str_eq(checklist_badge(ck, cap, buf), "2/4");
	cr_expect_eq(checklist_done(ck, nosteps), 0);
	cr_expect_str_eq(checklist_badge(ck, nosteps, buf), "");
}

Test(checklist, tick_time_reads_as_in_the_export)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p = progress_open(dir, "INC 2", &dl);
	struct checklist *ck2;
	char when[40];

	cr_assert_eq(dl.n, 0);
	progress_set_done(p, cap, cap->steps[1], true, T1);
	ck2 = checklist_new(p, dir);
	cr_expect_str_eq(checklist_done_at(ck2, cap, cap->steps[1], when),
			 "2026-11-26 10:32 UTC");
	cr_expect_str_eq(checklist_done_at(ck2, cap, cap->steps[0], when), "",
			 "not done: no time");
	checklist_free(ck2);
}

Test(checklist, layout_callbacks_show_the_store)
{
	struct layout_checklist cl;
	const struct layout_checklist *lc;
	struct layout_opts opts;
	struct layout *lay;
	size_t i, ticked = 0, open = 0;

	checklist_toggle(ck, cap, cap->steps[1], "2", &m);
	checklist_set_note(ck, cap, cap->steps[3], "1", "called Apple", &m);
	lc = checklist_layout(ck, cap, &cl);
	cr_assert_not_null(lc);
	cr_expect(lc->done(lc->ctx, cap->steps[1]));
	cr_expect_not(lc->done(lc->ctx, cap->steps[0]));
	cr_expect_str_eq(lc->note(lc->ctx, cap->steps[3]), "called Apple");
	cr_expect_null(lc->note(lc->ctx, cap->steps[0]), "no note: NULL, not \"\"");

	memset(&opts, 0, sizeof(opts));
	opts.width = 60;
	opts.checklist = lc;
	lay = layout_article(kb, cap, &opts);
	for (i = 0; i < lay->nlines; i++) {
		const struct layout_line *l = &lay->lines[i];

		if (!l->step_first)
			continue;
		ticked += l->len >= 3 && memmem(l->text, l->len, "[x]", 3) != NULL;
		open += l->len >= 3 && memmem(l->text, l->len, "[ ]", 3) != NULL;
	}
	cr_expect_eq(ticked, 1, "one checkbox ticked");
	cr_expect_eq(open, 3, "three open");
	layout_free(lay);
}

/* ---- Notes and reset --------------------------------------------------------- */

Test(checklist, notes_are_saved_changed_and_removed)
{
	const struct kb_step *s = cap->steps[2];
	unsigned gen;
	char *note;

	cr_expect_null(checklist_note(ck, cap, s));
	cr_expect(checklist_set_note(ck, cap, s, "2a", "  wiped the old one  ", &m));
	cr_expect_str_eq(sb_str(&m.text), "Note saved for step 2a");
	note = checklist_note(ck, cap, s);
	cr_expect_str_eq(note, "wiped the old one", "trimmed");
	free(note);

	gen = checklist_generation(ck);
	cr_expect_not(checklist_set_note(ck, cap, s, "2a", "wiped the old one", &m));
	cr_expect_str_eq(sb_str(&m.text), "Note unchanged");
	cr_expect_not(m.error);
	cr_expect_eq(checklist_generation(ck), gen, "nothing to lay out again");

	cr_expect(checklist_set_note(ck, cap, s, "", "", &m));
	cr_expect_str_eq(sb_str(&m.text), "Note removed");
	cr_expect_null(checklist_note(ck, cap, s));
	cr_expect(checklist_set_note(ck, cap, s, "2a", "again", &m));
	cr_expect(checklist_set_note(ck, cap, s, "2a", NULL, &m));
	cr_expect_str_eq(sb_str(&m.text), "Note removed from step 2a");
	cr_expect(checklist_set_note(ck, cap, s, NULL, "unnumbered", &m));
	cr_expect_str_eq(sb_str(&m.text), "Note saved");
}

Test(checklist, reset_clears_the_article_and_names_the_case)
{
	char *note;

	checklist_toggle(ck, cap, cap->steps[0], "1", &m);
	checklist_set_note(ck, cap, cap->steps[3], "1", "a note", &m);
	cr_assert(checklist_reset(ck, cap, &m));
	cr_expect_str_eq(sb_str(&m.text), "Checklist of device-cap cleared for case " CASE);
	cr_expect_not(m.error);
	cr_expect_eq(checklist_done(ck, cap), 0);
	note = checklist_note(ck, cap, cap->steps[3]);
	cr_expect_null(note);
	free(note);
	cr_expect_not(done_on_disk(cap->steps[0]), "saved at once");
}

/* ---- When saving fails --------------------------------------------------------- */

Test(checklist, a_failed_save_is_an_error_then_memory_only)
{
	char *cases = xasprintf("%s/cases", dir), *moved = xasprintf("%s/moved", dir);
	FILE *fp;

	/* The cases directory is replaced by a file: even root cannot write
	 * into it. */
	cr_assert_eq(rename(cases, moved), 0, "%s: %s", cases, strerror(errno));
	fp = fopen(cases, "w");
	cr_assert_not_null(fp);
	fclose(fp);

	cr_expect(checklist_toggle(ck, cap, cap->steps[0], "1", &m), "changed all the same");
	cr_expect(m.error);
	cr_expect_not_null(strstr(sb_str(&m.text), "Step 1 ticked: 1 of 4 done -- not saved: "),
			   "%s", sb_str(&m.text));
	cr_expect_not(checklist_persistent(ck));
	cr_expect_eq(checklist_done(ck, cap), 1, "kept in memory");

	/* Said once: later changes only note that they stay in memory. */
	cr_expect(checklist_toggle(ck, cap, cap->steps[1], "2", &m));
	cr_expect_str_eq(sb_str(&m.text), "Step 2 ticked: 2 of 4 done (in memory only)");
	cr_expect_not(m.error);
	cr_expect_not(checklist_poll(ck, &m), "nothing to read again in memory");
	free(cases);
	free(moved);
}

Test(checklist, startup_warning_wordings_longest_first)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct checklist *mem = checklist_new(progress_open(NULL, "INC 7", &dl), NULL);
	const char *say[3];

	cr_assert_eq(dl.n, 1, "no state directory: a warning");
	cr_assert_eq(checklist_startup_warning(mem, &dl, say), 3);
	cr_expect_str_eq(say[0], dl.v[0].message);
	cr_expect_str_eq(say[1], "Checklist changes are kept in memory only (enrollkb --checklist ID says why)");
	cr_expect_str_eq(say[2], "Checklists: in memory only");
	cr_expect_eq(checklist_startup_warning(mem, NULL, say), 2);
	cr_expect_str_eq(say[0], "Checklist changes are kept in memory only (enrollkb --checklist ID says why)");
	checklist_free(mem);

	/* A warning from a store that works (a corrupt file set aside). */
	cr_assert_eq(checklist_startup_warning(ck, &dl, say), 3);
	cr_expect_str_eq(say[0], dl.v[0].message);
	cr_expect_str_eq(say[1], "A checklist warning: enrollkb --checklist ID shows it");
	cr_expect_str_eq(say[2], "Checklist warning");
	cr_expect_eq(checklist_startup_warning(ck, NULL, say), 0, "all is well");
	diag_list_free(&dl);
}

/* ---- Export ------------------------------------------------------------------------ */

Test(checklist, export_default_name_is_safe)
{
	struct checklist *named = open_case(".INC 12/3:x");
	char *name = checklist_export_default(named, cap);

	cr_expect_str_eq(name, "./_INC_12_3_x-device-cap.md");
	free(name);
	checklist_free(named);
	named = open_case("INC.4");
	name = checklist_export_default(named, cap);
	cr_expect_str_eq(name, "./INC.4-device-cap.md", "an inner dot stays");
	free(name);
	checklist_free(named);
}

Test(checklist, export_writes_the_markdown_and_says_where)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p;
	struct strbuf want = STRBUF_INIT;
	char *path = xasprintf("%s/out.md", cwd), *say, *text;
	struct stat st;

	checklist_toggle(ck, cap, cap->steps[1], "2", &m);
	umask(022);
	/* Relative to the current directory, "./" and spaces in front. */
	cr_assert(checklist_export(ck, cap, "  ./out.md", &m));
	say = xasprintf("Checklist exported to %s", path);
	cr_expect_str_eq(sb_str(&m.text), say, "the absolute path");
	cr_expect_not(m.error);
	free(say);

	p = progress_open(dir, CASE, &dl);
	progress_export_markdown(p, cap, &want);
	progress_close(p);
	text = slurp(path);
	cr_assert_not_null(text);
	cr_expect_str_eq(text, sb_str(&want));
	cr_expect_not_null(strstr(text, "- [x] "), "the tick is in it");
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600, "private whatever the umask: %o", st.st_mode & 0777);
	free(text);

	/* Written again over the old one. */
	checklist_toggle(ck, cap, cap->steps[1], "2", &m);
	cr_assert(checklist_export(ck, cap, "out.md", &m));
	text = slurp(path);
	cr_expect_null(strstr(text, "- [x] "), "replaced");
	free(text);
	free(path);
	sb_free(&want);
	diag_list_free(&dl);
}

Test(checklist, export_expands_home)
{
	char *home = xasprintf("%s/home", dir), *path = xasprintf("%s/home/x.md", dir);
	char *say = xasprintf("Checklist exported to %s", path);
	struct stat st;

	cr_assert_eq(mkdir(home, 0700), 0);
	cr_assert_eq(setenv("HOME", home, 1), 0);
	cr_assert(checklist_export(ck, cap, "~/x.md", &m));
	cr_expect_str_eq(sb_str(&m.text), say);
	cr_expect_eq(stat(path, &st), 0);
	free(say);
	free(path);
	free(home);
}

Test(checklist, export_failures_are_errors_with_the_reason)
{
	char *say = xasprintf("Could not export to %s/no/such/dir.md: %s", cwd,
			      strerror(ENOENT));

	cr_expect_not(checklist_export(ck, cap, "   ", &m));
	cr_expect_str_eq(sb_str(&m.text), "No file name: nothing exported");
	cr_expect(m.error);
	cr_expect_not(checklist_export(ck, cap, "no/such/dir.md", &m));
	cr_expect_str_eq(sb_str(&m.text), say);
	cr_expect(m.error);
	free(say);
}

/* ---- Another process ------------------------------------------------------------------ */

Test(checklist, poll_picks_up_what_another_process_saved)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *other;
	unsigned gen;

	checklist_toggle(ck, cap, cap->steps[0], "1", &m);
	/* (Our own save may count as news once: reading it again is
	 * harmless, as everything of ours is saved.) */
	checklist_poll(ck, &m);
	cr_expect_not(checklist_poll(ck, &m), "the file did not change");

	other = progress_open(dir, CASE, &dl);
	cr_assert_eq(dl.n, 0);
	progress_set_done(other, cap, cap->steps[3], true, T1);
	cr_assert(progress_save(other, &dl));
	progress_close(other);

	gen = checklist_generation(ck);
	sb_truncate(&m.text, 0);
	cr_expect(checklist_poll(ck, &m));
	cr_expect_eq(m.text.len, 0, "read cleanly, nothing to say: %s", sb_str(&m.text));
	cr_expect_gt(checklist_generation(ck), gen, "lay out again");
	cr_expect_eq(checklist_done(ck, cap), 2, "both ticks");
	cr_expect(checklist_persistent(ck));
	cr_expect_not(checklist_poll(ck, &m), "once");
	diag_list_free(&dl);
}

Test(checklist, poll_of_a_file_spoilt_meanwhile_says_why)
{
	char *path;
	FILE *fp;

	checklist_toggle(ck, cap, cap->steps[0], "1", &m);
	path = progress_case_file_name(CASE);
	cr_assert_not_null(path);
	{
		char *full = xasprintf("%s/cases/%s", dir, path);

		free(path);
		path = full;
	}
	fp = fopen(path, "w");
	cr_assert_not_null(fp, "%s: %s", path, strerror(errno));
	fputs("this is not a checklist file at all\n", fp);
	fclose(fp);
	cr_expect(checklist_poll(ck, &m));
	cr_expect(m.error);
	cr_expect_not_null(strstr(sb_str(&m.text), "cannot parse the checklist"),
			   "%s", sb_str(&m.text));
	cr_expect_not_null(strstr(sb_str(&m.text), "saved this session's ticks in a fresh file"),
			   "%s", sb_str(&m.text));
	/* Issue 12: someone else broke the file; our tick is not lost. */
	cr_expect_eq(checklist_done(ck, cap), 1, "the tick is kept");
	{
		struct diag_list dl = DIAG_LIST_INIT;
		struct progress *again = progress_open(dir, CASE, &dl);

		cr_expect_eq(dl.n, 0, "the fresh file reads back");
		cr_expect_eq(progress_done_count(again, cap), 1, "and holds the tick");
		progress_close(again);
		diag_list_free(&dl);
	}
	free(path);
}
