/* SPDX-License-Identifier: MIT */
/* test_case.c: a case as a whole (progress_case.c, progress_export.c) --
 * the recent cases with done/total, their last change and the article
 * worked in last (the browser's case picker and resuming), deleting a
 * case, and the whole-case export in Markdown and plain text (--export,
 * the browser's "E").  Articles come from the checklist fixture pack; each
 * test gets a fresh state directory. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kb.h"
#include "pack.h"
#include "progress.h"
#include "strbuf.h"
#include "xalloc.h"

/* 2026-11-26T10:32:00Z, then 8 minutes and an hour later */
#define T1 ((time_t)1795689120)
#define T2 (T1 + 8 * 60)
#define T3 (T1 + 3600)

static struct kb *kb;
static const struct kb_article *cap;     /* 4 steps: 1, 2, 2a, 1 (cause 2) */
static const struct kb_article *token;   /* 2 steps under "Renew it" */
static char *dir;

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
	cap = article("device-cap");
	token = article("token-expired");
	cr_assert_eq(cap->nsteps, 4);
	cr_assert_eq(token->nsteps, 2);
	dir = xasprintf("%s/enrollkb-case.XXXXXX", base && *base ? base : "/tmp");
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
	free(dir);
	kb_free(kb);
}

TestSuite(cases, .init = setup, .fini = teardown);

static struct progress *open_ok(const char *name)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p = progress_open(dir, name, &dl);

	cr_assert_eq(dl.n, 0, "%s", dl.n ? dl.v[0].message : "");
	return p;
}

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

Test(cases, export_markdown_in_the_order_worked)
{
	struct progress *p;
	struct strbuf sb = STRBUF_INIT;

	make_case_a();
	p = open_ok("INC A");
	progress_export_case(p, kb, PROGRESS_MARKDOWN, &sb);
	cr_expect_str_eq(sb_str(&sb),
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
	sb_free(&sb);
	progress_close(p);
}

Test(cases, export_text_for_ticket_systems)
{
	struct progress *p;
	struct strbuf sb = STRBUF_INIT;

	make_case_a();
	p = open_ok("INC A");
	progress_export_case(p, kb, PROGRESS_TEXT, &sb);
	cr_expect_str_eq(sb_str(&sb),
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
	sb_free(&sb);
	progress_close(p);
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
