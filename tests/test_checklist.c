/* SPDX-License-Identifier: MIT */
/* test_checklist.c: the checklist store the browser works through
 * (checklist.c) -- ticks, notes, reset and export save at once and say so
 * in a message (an error when they could not); badges, tick times, the
 * layout's checkboxes, the start-up warning's wordings, picking up what
 * another process saved, undo, switching and deleting cases; and a case
 * as a whole (progress_case.c, progress_export.c): the recent cases with
 * done/total and the article worked in last, the whole-case export.  The articles come from a small fixture pack;
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

/* 2026-11-26T10:32:00Z, then 8 minutes and an hour later */
#define T1 ((time_t)1795689120)
#define T2 (T1 + 8 * 60)
#define T3 (T1 + 3600)

static struct kb *kb;
static const struct kb_article *cap;      /* 4 steps: 1, 2, 2a, 1 (cause 2) */
static const struct kb_article *nosteps;
static const struct kb_article *token;    /* 2 steps under "Renew it" */
static char *dir;                         /* state directory and cwd */
static char *cwd;                         /* the same, as getcwd says it */
#define CASE "INC 1"
static struct checklist *ck;              /* case CASE, persistent */
static struct checklist_msg m = CHECKLIST_MSG_INIT;

static struct checklist *open_case(const char *name);
static struct progress *open_ok(const char *name);

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
	token = article("token-expired");
	cr_assert_eq(cap->nsteps, 4);
	cr_assert_eq(nosteps->nsteps, 0);
	cr_assert_eq(token->nsteps, 2);
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

/* The store of case name, opened without a warning, persistent. */
static struct progress *open_ok(const char *name)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p = progress_open(dir, name, &dl);

	cr_assert_eq(dl.n, 0, "%s", dl.n ? dl.v[0].message : "");
	cr_assert(progress_persistent(p));
	return p;
}

/* A checklist over it. */
static struct checklist *open_case(const char *name)
{
	return checklist_new(open_ok(name), dir);
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

/* ---- Undo ------------------------------------------------------------------------ */

/* The tick time of step s as another process reads it (0: not done). */
static time_t time_on_disk(const struct kb_step *s)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p = progress_open(dir, CASE, &dl);
	time_t t = progress_get(p, cap, s).done_at;

	cr_assert_eq(dl.n, 0);
	progress_close(p);
	return t;
}

Test(checklist, undo_goes_back_one_change_at_a_time_and_saves)
{
	const struct kb_article *a;
	char *note;

	cr_expect_null(checklist_undo(ck, &m));
	cr_expect_str_eq(sb_str(&m.text), "Nothing to undo: no checklist change in this session");
	cr_expect_not(m.error);

	checklist_toggle(ck, cap, cap->steps[0], "1", &m);
	checklist_toggle(ck, cap, cap->steps[2], "2a", &m);
	checklist_set_note(ck, cap, cap->steps[2], "2a", "done by phone", &m);
	/* A note set to what it was is no change: nothing to undo for it. */
	checklist_set_note(ck, cap, cap->steps[2], "2a", "done by phone", &m);
	cr_expect_eq(checklist_done(ck, cap), 2);

	a = checklist_undo(ck, &m);
	cr_expect_eq(a, cap);
	cr_expect_str_eq(sb_str(&m.text), "Undone: the note on step 2a in device-cap (2 of 4 done)");
	note = checklist_note(ck, cap, cap->steps[2]);
	cr_expect_null(note);
	free(note);
	cr_expect(done_on_disk(cap->steps[2]), "the tick stays");

	cr_expect_eq(checklist_undo(ck, &m), cap);
	cr_expect_str_eq(sb_str(&m.text), "Undone: the tick of step 2a in device-cap (1 of 4 done)");
	cr_expect_not(done_on_disk(cap->steps[2]), "saved at once");
	cr_expect(done_on_disk(cap->steps[0]));

	/* An untick undone is the tick again, with its first time. */
	checklist_toggle(ck, cap, cap->steps[0], "1", &m);
	cr_expect_not(done_on_disk(cap->steps[0]));
	cr_expect_eq(checklist_undo(ck, &m), cap);
	cr_expect_str_eq(sb_str(&m.text), "Undone: the untick of step 1 in device-cap (1 of 4 done)");
	cr_expect(done_on_disk(cap->steps[0]));

	cr_expect_eq(checklist_undo(ck, &m), cap);
	cr_expect_eq(checklist_done(ck, cap), 0);
	cr_expect_null(checklist_undo(ck, &m), "back at the start of the session");
}

Test(checklist, undo_of_a_reset_brings_back_ticks_times_and_notes)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p = progress_open(dir, "INC 3", &dl);
	struct checklist *ck3;
	char *note;

	/* Ticked at T1 in an earlier session: not this session's to undo. */
	cr_assert_eq(dl.n, 0);
	progress_set_done(p, cap, cap->steps[1], true, T1);
	progress_set_note(p, cap, cap->steps[3], "called Apple", T1);
	cr_assert(progress_save(p, &dl));
	ck3 = checklist_new(p, dir);
	cr_expect_null(checklist_undo(ck3, &m));

	cr_assert(checklist_reset(ck3, cap, &m));
	cr_expect_eq(checklist_done(ck3, cap), 0);
	cr_expect_eq(checklist_undo(ck3, &m), cap);
	cr_expect_str_eq(sb_str(&m.text), "Undone: the reset in device-cap (1 of 4 done)");
	note = checklist_note(ck3, cap, cap->steps[3]);
	cr_expect_str_eq(note, "called Apple");
	free(note);
	checklist_free(ck3);

	/* On disk too, with the first tick time. */
	p = progress_open(dir, "INC 3", &dl);
	cr_expect_eq(progress_get(p, cap, cap->steps[1]).done_at, T1);
	cr_expect_str_eq(progress_get(p, cap, cap->steps[3]).note, "called Apple");
	progress_close(p);
	cr_expect_eq(time_on_disk(cap->steps[1]), 0, "case " CASE " untouched");
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

/* ---- Cases -------------------------------------------------------------------------- */

Test(checklist, switching_cases_starts_undo_afresh)
{
	unsigned gen;

	checklist_toggle(ck, cap, cap->steps[0], "1", &m);
	gen = checklist_generation(ck);
	cr_assert(checklist_switch(ck, "INC 9", &m));
	cr_expect_str_eq(sb_str(&m.text), "Now on case INC 9");
	cr_expect_not(m.error);
	cr_expect_str_eq(checklist_case(ck), "INC 9");
	cr_expect_gt(checklist_generation(ck), gen, "what is shown changes");
	cr_expect_eq(checklist_done(ck, cap), 0, "another case's ticks");
	cr_expect_null(checklist_undo(ck, &m), "undo belongs to the case it was done in");
	cr_expect_str_eq(checklist_dir(ck), dir);

	cr_assert(checklist_switch(ck, CASE, &m));
	cr_expect_eq(checklist_done(ck, cap), 1, "back: still ticked");
	cr_expect_not(checklist_switch(NULL, "x", &m));
}

Test(checklist, deleting_a_case_and_the_open_one)
{
	struct progress_case info;
	char *path = xasprintf("%s/cases/INC%%209", dir);
	struct stat st;

	cr_assert(checklist_switch(ck, "INC 9", &m));
	checklist_toggle(ck, cap, cap->steps[0], "1", &m);
	cr_assert(checklist_switch(ck, CASE, &m));
	cr_assert_eq(stat(path, &st), 0);

	cr_expect(checklist_delete_case(ck, "INC 9", &m));
	cr_expect_str_eq(sb_str(&m.text), "Case INC 9 deleted");
	cr_expect_neq(stat(path, &st), 0, "its file is gone");
	cr_expect_str_eq(checklist_case(ck), CASE, "still on the open case");

	/* The open case: deleted, and the browser goes on in the default
	 * case -- the deleted one does not come back with the next tick. */
	checklist_toggle(ck, cap, cap->steps[1], "2", &m);
	cr_expect(checklist_delete_case(ck, CASE, &m));
	cr_expect_str_eq(sb_str(&m.text), "Case " CASE " deleted; now on case default");
	cr_expect_str_eq(checklist_case(ck), "default");
	checklist_toggle(ck, cap, cap->steps[2], "2a", &m);
	cr_expect_not(done_on_disk(cap->steps[1]));
	checklist_case_info(ck, kb, &info);
	cr_expect_str_eq(info.name, "default");
	cr_expect_eq(info.done, 1);
	cr_expect_eq(info.narticles, 1);
	progress_case_info_free(&info);

	/* The default case deleted while open: a fresh default one. */
	cr_expect(checklist_delete_case(ck, "default", &m));
	cr_expect_str_eq(checklist_case(ck), "default");
	cr_expect_eq(checklist_done(ck, cap), 0);
	free(path);
}

Test(checklist, the_last_case_is_noted_and_read_back)
{
	char *last, *path = xasprintf("%s/last-case", dir);
	struct stat st;
	FILE *fp;

	cr_expect_null(checklist_last_case(dir), "no note yet");
	cr_expect_null(checklist_last_case(NULL));
	cr_assert(checklist_remember_case(ck));
	last = checklist_last_case(dir);
	cr_expect_str_eq(last, CASE);
	free(last);
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600, "state, not for sharing");

	/* A note that is no case name is no note. */
	fp = fopen(path, "w");
	cr_assert_not_null(fp);
	fputs("INC\0331\n", fp);
	fclose(fp);
	cr_expect_null(checklist_last_case(dir));
	cr_assert(checklist_switch(ck, "a\tb", &m));
	cr_expect_not(checklist_remember_case(ck), "a tab cannot be noted");
	free(path);
}

Test(checklist, the_whole_case_exports_as_markdown_or_text)
{
	struct strbuf want = STRBUF_INIT;
	char *text, *say, *path = xasprintf("%s/INC_1.md", cwd);
	char *def = checklist_export_case_default(ck);

	cr_expect_str_eq(def, "./INC_1.md");
	checklist_toggle(ck, cap, cap->steps[0], "1", &m);
	cr_assert(checklist_export_case(ck, kb, def, &m));
	say = xasprintf("Case " CASE " exported to %s", path);
	cr_expect_str_eq(sb_str(&m.text), say);
	free(say);
	{
		struct diag_list dl = DIAG_LIST_INIT;
		struct progress *p = progress_open(dir, CASE, &dl);

		progress_export_case(p, kb, PROGRESS_MARKDOWN, &want);
		progress_close(p);
	}
	text = slurp(path);
	cr_expect_str_eq(text, sb_str(&want));
	free(text);

	cr_assert(checklist_export_case(ck, kb, "case.txt", &m));
	text = slurp("case.txt");
	cr_assert_not_null(text);
	cr_expect_not_null(strstr(text, "    [x] 1. Count the devices."), "plain text: %s", text);
	cr_expect_null(strstr(text, "- ["));
	free(text);

	cr_expect_not(checklist_export_case(ck, kb, "  ", &m));
	cr_expect_str_eq(sb_str(&m.text), "No file name: nothing exported");
	cr_expect_not(checklist_export_case(ck, kb, "no/such/dir/x.md", &m));
	cr_expect(m.error);
	cr_expect_not_null(strstr(sb_str(&m.text), "No such file"));
	sb_free(&want);
	free(path);
	free(def);
}

/* ---- A case as a whole (progress_case.c, progress_export.c) ------------------------ */

TestSuite(cases, .init = setup, .fini = teardown);


static void save_close(struct progress *p)
{
	struct diag_list dl = DIAG_LIST_INIT;

	cr_assert(progress_save(p, &dl), "%s", dl.n ? dl.v[0].message : "");
	progress_close(p);
}

/* Case A: token worked first (T1), then device-cap (T2, and a note at
 * T3); a reset article and a note-less untick count as not worked. */
static void make_case_a(void)
{
	struct progress *p = open_ok("INC A");

	progress_set_done(p, token, token->steps[1], true, T1);
	progress_set_done(p, cap, cap->steps[0], true, T2);
	progress_set_done(p, cap, cap->steps[2], true, T2);
	progress_set_note(p, cap, cap->steps[1], "asked the user", T3);
	save_close(p);
}

Test(cases, recent_cases_say_how_far_each_has_got)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress_case *c;
	struct progress *p;
	size_t n;

	make_case_a();
	/* Case B: one tick, later than anything in A. */
	p = open_ok("INC B");
	progress_set_done(p, token, token->steps[0], true, T3 + 60);
	save_close(p);
	/* Case C: ticked and unticked again -- on the list, nothing done. */
	p = open_ok("INC C");
	progress_set_done(p, cap, cap->steps[0], true, T1);
	progress_set_done(p, cap, cap->steps[0], false, T1 + 1);
	save_close(p);
	/* Unknown article: counted as worked in, not in done/total. */
	p = open_ok("INC D");
	progress_set_done(p, cap, cap->steps[0], true, T1 - 60);
	save_close(p);
	{
		char *path = xasprintf("%s/cases/INC%%20D", dir);
		FILE *fp = fopen(path, "a");

		cr_assert_not_null(fp);
		fputs("gone-article\t0123456789abcdef\t2026-11-26T10:00:00Z\t2026-11-26T10:00:00Z\t\n", fp);
		fclose(fp);
		free(path);
	}

	n = progress_recent_cases(dir, kb, &c, &dl);
	cr_expect_eq(dl.n, 0);
	cr_assert_eq(n, 4);
	/* The most recently changed first. */
	cr_expect_str_eq(c[0].name, "INC B");
	cr_expect_eq(c[0].changed, T3 + 60);
	cr_expect_eq(c[0].narticles, 1);
	cr_expect_eq(c[0].done, 1);
	cr_expect_eq(c[0].total, 2);
	cr_expect_str_eq(c[0].last_article, "token-expired");

	cr_expect_str_eq(c[1].name, "INC A");
	cr_expect_eq(c[1].changed, T3);
	cr_expect_eq(c[1].narticles, 2);
	cr_expect_eq(c[1].done, 3);
	cr_expect_eq(c[1].total, 6);
	cr_expect_str_eq(c[1].last_article, "device-cap");

	cr_expect_str_eq(c[2].name, "INC C");
	cr_expect_eq(c[2].narticles, 0);
	cr_expect_eq(c[2].done, 0);
	cr_expect_eq(c[2].total, 0);
	cr_expect_null(c[2].last_article);

	cr_expect_str_eq(c[3].name, "INC D");
	cr_expect_eq(c[3].changed, T1 - 60);
	cr_expect_eq(c[3].narticles, 2);
	cr_expect_eq(c[3].done, 1);
	cr_expect_eq(c[3].total, 4, "the unknown article has no steps to count");
	cr_expect_str_eq(c[3].last_article, "device-cap");
	progress_cases_free(c, n);

	/* The plain listing is unchanged: by name, no counts. */
	n = progress_list_cases(dir, &c, &dl);
	cr_assert_eq(n, 4);
	cr_expect_str_eq(c[0].name, "INC A");
	cr_expect_eq(c[0].changed, T3);
	cr_expect_eq(c[0].total, 0);
	cr_expect_null(c[0].last_article);
	progress_cases_free(c, n);
}

Test(cases, info_of_an_open_case_is_what_it_holds_in_memory)
{
	struct progress *p = open_ok("fresh");
	struct progress_case info;

	progress_case_info(p, kb, &info);
	cr_expect_str_eq(info.name, "fresh");
	cr_expect_eq(info.changed, 0);
	cr_expect_eq(info.narticles, 0);
	cr_expect_null(info.last_article);
	progress_case_info_free(&info);

	progress_set_done(p, cap, cap->steps[3], true, T2);
	progress_set_note(p, token, token->steps[0], "later", T1);
	progress_case_info(p, kb, &info);
	cr_expect_eq(info.changed, T2);
	cr_expect_eq(info.narticles, 2);
	cr_expect_eq(info.done, 1);
	cr_expect_eq(info.total, 6);
	cr_expect_str_eq(info.last_article, "device-cap");
	progress_case_info_free(&info);
	progress_close(p);
}

Test(cases, delete_removes_the_case_and_only_it)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress_case *c;
	struct stat st;
	char *path, *lock;
	size_t n;

	make_case_a();
	save_close(open_ok("keep"));
	{
		struct progress *p = open_ok("keep");

		progress_set_done(p, cap, cap->steps[0], true, T1);
		save_close(p);
	}
	path = xasprintf("%s/cases/INC%%20A", dir);
	lock = xasprintf("%s.lock", path);
	cr_assert_eq(stat(path, &st), 0);
	cr_expect(progress_delete_case(dir, "INC A", &dl));
	cr_expect_eq(dl.n, 0);
	cr_expect_neq(stat(path, &st), 0, "the file is gone");
	cr_expect_neq(stat(lock, &st), 0, "and its lock file");
	n = progress_list_cases(dir, &c, &dl);
	cr_assert_eq(n, 1);
	cr_expect_str_eq(c[0].name, "keep");
	progress_cases_free(c, n);

	/* A case with no file is already gone. */
	cr_expect(progress_delete_case(dir, "never saved", &dl));
	cr_expect(progress_delete_case(NULL, "x", &dl));
	cr_expect_eq(dl.n, 0);

	/* What cannot be deleted says so, naming the file. */
	cr_assert_eq(mkdir(path, 0700), 0);
	cr_expect_not(progress_delete_case(dir, "INC A", &dl));
	cr_assert_eq(dl.n, 1);
	cr_expect_str_eq(dl.v[0].file, path);
	cr_expect(strstr(dl.v[0].message, "cannot delete the checklist") != NULL,
		  "%s", dl.v[0].message);
	diag_list_free(&dl);
	free(path);
	free(lock);
}

/* Case A exported in format (valid until the next call). */
static const char *case_a_export(enum progress_format format)
{
	static struct strbuf sb = STRBUF_INIT;
	struct progress *p;

	make_case_a();
	p = open_ok("INC A");
	sb_truncate(&sb, 0);
	progress_export_case(p, kb, format, &sb);
	progress_close(p);
	return sb_str(&sb);
}

Test(cases, export_markdown_in_the_order_worked)
{
	cr_expect_str_eq(case_a_export(PROGRESS_MARKDOWN),
		"# Case INC A\n"
		"\n"
		"2 articles worked in, 3 of 6 steps done.\n"
		"\n"
		"## The ADE token expired\n"
		"\n"
		"Article: token-expired\n"
		"\n"
		"### Cause 1: The token is older than a year.\n"
		"\n"
		"#### Renew it\n"
		"\n"
		"- [ ] 1. Download a new token.\n"
		"- [x] 2. Upload it to Intune. — 2026-11-26 10:32 UTC\n"
		"\n"
		"## Enrollment fails with DeviceCapReached\n"
		"\n"
		"Article: device-cap\n"
		"Error codes: DeviceCapReached\n"
		"\n"
		"### Cause 1: The user has too many devices.\n"
		"\n"
		"- [x] 1. Count the devices. — 2026-11-26 10:40 UTC\n"
		"- [ ] 2. Remove devices. — asked the user\n"
		"  - [x] a. Remove one in the Company Portal. — 2026-11-26 10:40 UTC\n"
		"\n"
		"### Cause 2: The token expired.\n"
		"\n"
		"- [ ] 1. Renew the token.\n");
}

Test(cases, export_text_for_ticket_systems)
{
	cr_expect_str_eq(case_a_export(PROGRESS_TEXT),
		"Case INC A\n"
		"==========\n"
		"\n"
		"2 articles worked in, 3 of 6 steps done.\n"
		"\n"
		"The ADE token expired\n"
		"---------------------\n"
		"Article: token-expired\n"
		"\n"
		"  Cause 1: The token is older than a year.\n"
		"\n"
		"    Renew it\n"
		"    [ ] 1. Download a new token.\n"
		"    [x] 2. Upload it to Intune. -- 2026-11-26 10:32 UTC\n"
		"\n"
		"Enrollment fails with DeviceCapReached\n"
		"--------------------------------------\n"
		"Article: device-cap\n"
		"Error codes: DeviceCapReached\n"
		"\n"
		"  Cause 1: The user has too many devices.\n"
		"    [x] 1. Count the devices. -- 2026-11-26 10:40 UTC\n"
		"    [ ] 2. Remove devices. -- asked the user\n"
		"      [x] a. Remove one in the Company Portal. -- 2026-11-26 10:40 UTC\n"
		"\n"
		"  Cause 2: The token expired.\n"
		"    [ ] 1. Renew the token.\n");
}

Test(cases, export_of_an_empty_case_and_of_an_unloaded_article)
{
	struct progress *p = open_ok("empty");
	struct strbuf sb = STRBUF_INIT;
	char *path;
	FILE *fp;

	progress_export_case(p, kb, PROGRESS_MARKDOWN, &sb);
	cr_expect_str_eq(sb_str(&sb), "# Case empty\n\nNothing ticked or noted in this case yet.\n");
	sb_free(&sb);
	progress_close(p);

	path = xasprintf("%s/cases/other", dir);
	fp = fopen(path, "w");
	cr_assert_not_null(fp);
	fputs("# enrollkb checklist 1\n"
	      "gone-article\t0123456789abcdef\t2026-11-26T11:40:00Z\t2026-11-26T11:40:00Z\t\n", fp);
	fclose(fp);
	free(path);
	p = open_ok("other");
	progress_export_case(p, kb, PROGRESS_TEXT, &sb);
	cr_expect_str_eq(sb_str(&sb),
		"Case other\n"
		"==========\n"
		"\n"
		"1 article worked in, 0 of 0 steps done.\n"
		"\n"
		"gone-article\n"
		"------------\n"
		"\n"
		"This article is not in the loaded packs; its ticks and notes are kept in the case.\n");
	sb_free(&sb);
	progress_close(p);
}
