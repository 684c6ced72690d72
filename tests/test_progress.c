/* SPDX-License-Identifier: MIT */
/* test_progress.c: the checklist store -- persistence, crash safety,
 * merging between processes, case names, step keys and the Markdown export.
 * Articles are built by hand (no loader), state lives in temporary
 * directories. */
#include "config.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hash.h"
#include "kb.h"
#include "progress.h"
#include "strbuf.h"
#include "xalloc.h"

/* 2026-11-26T10:32:00Z and a few minutes later. */
#define T1 ((time_t)1795689120)
#define T2 (T1 + 8 * 60)
#define T3 (T1 + 3600)

/* ---- Building articles --------------------------------------------------- */

/* A step description: cmd text as spans separated by '|' (odd spans are
 * UI labels, to have markup in the text), substeps after it. */
struct sdesc {
	const char *cmd;
	const char *subs[4];
};

static struct kb_text mktext(struct kb *kb, const char *spec)
{
	struct kb_text t = { NULL, 0 };
	struct kb_span *v = arena_alloc(&kb->arena, 8 * sizeof(*v));
	const char *s = spec;

	for (;;) {
		const char *bar = strchr(s, '|');
		size_t n = bar ? (size_t)(bar - s) : strlen(s);

		v[t.n].kind = t.n % 2 ? KB_SPAN_UI : KB_SPAN_TEXT;
		v[t.n++].text = arena_strndup(&kb->arena, s, n);
		if (!bar)
			break;
		s = bar + 1;
	}
	t.spans = v;
	return t;
}

static struct kb_blocks mkpara(struct kb *kb, const char *text)
{
	struct kb_blocks b = { NULL, 0 };
	struct kb_block *v;

	if (!text)
		return b;
	v = arena_alloc(&kb->arena, sizeof(*v));
	v->kind = KB_BLOCK_PARA;
	v->text = mktext(kb, text);
	b.v = v;
	b.n = 1;
	return b;
}

/* Solutions: causes[i] with steps[i] (NULL-terminated by cmd == NULL). */
struct soldesc {
	const char *cause;
	const struct sdesc *steps;
	bool unordered;
};

static void flatten(struct kb *kb, const struct kb_step *steps, size_t n,
		    const struct kb_step ***flat, size_t *nflat, size_t *cap)
{
	size_t i;

	for (i = 0; i < n; i++) {
		*flat = xgrow(*flat, cap, *nflat + 1, sizeof(**flat));
		((struct kb_step *)&steps[i])->index = *nflat;
		(*flat)[(*nflat)++] = &steps[i];
		flatten(kb, steps[i].substeps, steps[i].nsubsteps, flat, nflat, cap);
	}
}

static struct kb_article *mkarticle(struct kb *kb, const char *id,
				    const char *title, const char *code,
				    const struct soldesc *sols, size_t nsols)
{
	struct kb_article *a = kb_article_alloc(kb);
	struct kb_solution *sv = arena_alloc(&kb->arena, (nsols + 1) * sizeof(*sv));
	const struct kb_step **flat = NULL;
	size_t i, j, k, nflat = 0, cap = 0;

	a->id = arena_strdup(&kb->arena, id);
	a->title = arena_strdup(&kb->arena, title);
	a->title_text = mktext(kb, title);
	a->shortdesc = "";
	if (code) {
		const char **codes = arena_alloc(&kb->arena, sizeof(*codes));

		codes[0] = arena_strdup(&kb->arena, code);
		a->codes = codes;
		a->ncodes = 1;
	}
	for (i = 0; i < nsols; i++) {
		struct kb_remedy *r;
		struct kb_step *st;
		size_t n = 0;

		sv[i].cause = mkpara(kb, sols[i].cause);
		if (!sols[i].steps)
			continue;
		while (sols[i].steps[n].cmd)
			n++;
		r = arena_alloc(&kb->arena, sizeof(*r));
		st = arena_alloc(&kb->arena, (n + 1) * sizeof(*st));
		for (j = 0; j < n; j++) {
			const struct sdesc *d = &sols[i].steps[j];
			size_t ns = 0;

			st[j].cmd = mktext(kb, d->cmd);
			while (ns < 4 && d->subs[ns])
				ns++;
			if (ns) {
				struct kb_step *sub = arena_alloc(&kb->arena, ns * sizeof(*sub));

				for (k = 0; k < ns; k++)
					sub[k].cmd = mktext(kb, d->subs[k]);
				st[j].substeps = sub;
				st[j].nsubsteps = ns;
			}
		}
		r->steps = st;
		r->nsteps = n;
		r->unordered = sols[i].unordered;
		sv[i].remedies = r;
		sv[i].nremedies = 1;
	}
	a->solutions = sv;
	a->nsolutions = nsols;
	for (i = 0; i < nsols; i++)
		for (j = 0; j < sv[i].nremedies; j++)
			flatten(kb, sv[i].remedies[j].steps, sv[i].remedies[j].nsteps,
				&flat, &nflat, &cap);
	flat = xgrow(flat, &cap, nflat + 1, sizeof(*flat));
	a->steps = arena_memdup(&kb->arena, flat, (nflat + 1) * sizeof(*flat));
	a->nsteps = nflat;
	free(flat);
	cr_assert(kb_add_article(kb, a));
	return a;
}

static const struct sdesc cap_steps1[] = {
	{ "Count |the| devices.", { NULL } },
	{ "Re-enroll the device.", { NULL } },
	{ "Remove devices.", { "Remove one in the |Company Portal|.", "Re-enroll the device.", NULL } },
	{ NULL, { NULL } }
};
static const struct sdesc cap_steps2[] = {
	{ "Re-enroll the device.", { NULL } },
	{ "Check   the\n token.", { NULL } },
	{ NULL, { NULL } }
};
static const struct soldesc cap_sols[] = {
	{ "The user has too many devices.", cap_steps1, false },
	{ "The token expired.", cap_steps2, false },
	{ "Apple has an outage.", NULL, false }
};

/* Flat order: 0 Count, 1 Re-enroll, 2 Remove, 3 Remove one (sub),
 * 4 Re-enroll (sub), 5 Re-enroll, 6 Check the token. */
static struct kb_article *cap_article(struct kb *kb)
{
	return mkarticle(kb, "device-cap", "Enrollment fails with DeviceCapReached",
			 "DeviceCapReached", cap_sols, 3);
}

/* The same article in a new content version: step 0 reworded. */
static const struct sdesc cap2_steps1[] = {
	{ "Count the enrolled devices.", { NULL } },
	{ "Re-enroll the device.", { NULL } },
	{ NULL, { NULL } }
};
static const struct soldesc cap2_sols[] = {
	{ "The user has too many devices.", cap2_steps1, false }
};

static const struct sdesc other_steps[] = {
	{ "Renew the token.", { NULL } },
	{ "Sync.", { NULL } },
	{ NULL, { NULL } }
};
static const struct soldesc other_sols[] = {
	{ "Expired.", other_steps, false }
};

static const struct kb_step *st(const struct kb_article *a, size_t i)
{
	cr_assert_lt(i, a->nsteps);
	return a->steps[i];
}

/* ---- Files and directories ----------------------------------------------- */

/* Every test's directories live under one scratch directory, which the
 * suite's fixture removes even when an assertion fails half-way.  It is
 * made on first use: a test that skips (cr_skip_test) runs no .fini. */
static char *scratch;

static void scratch_remove(void)
{
	char *cmd;

	if (!scratch)
		return;
	/* chmod first: some tests take permissions away */
	cmd = xasprintf("chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'", scratch, scratch);
	cr_expect_eq(system(cmd), 0);
	free(cmd);
	free(scratch);
	scratch = NULL;
}

TestSuite(progress, .fini = scratch_remove);

/* A fresh directory (malloc'd), removed with the rest by the fixture. */
static char *tmpdir(void)
{
	char *t;

	if (!scratch) {
		const char *base = getenv("TMPDIR");

		scratch = xasprintf("%s/enrollkb-progress.XXXXXX",
				    base && *base ? base : "/tmp");
		cr_assert_not_null(mkdtemp(scratch));
	}
	t = xasprintf("%s/d.XXXXXX", scratch);
	cr_assert_not_null(mkdtemp(t));
	return t;
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

static void spit(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");

	cr_assert_not_null(fp, "%s: %s", path, strerror(errno));
	fputs(text, fp);
	cr_assert_eq(fclose(fp), 0);
}

static char *cases_dir(const char *dir)
{
	char *c = xasprintf("%s/cases", dir);

	mkdir(c, 0700);
	return c;
}

/* Names in dir starting with prefix (a malloc'd array of malloc'd names). */
static size_t names_with(const char *dir, const char *prefix, char ***out)
{
	DIR *dp = opendir(dir);
	struct dirent *d;
	size_t n = 0, cap = 0;

	*out = NULL;
	cr_assert_not_null(dp);
	while ((d = readdir(dp)) != NULL)
		if (strncmp(d->d_name, prefix, strlen(prefix)) == 0) {
			*out = xgrow(*out, &cap, n + 1, sizeof(**out));
			(*out)[n++] = xstrdup(d->d_name);
		}
	closedir(dp);
	return n;
}

static void names_free(char **v, size_t n)
{
	while (n--)
		free(v[n]);
	free(v);
}

static bool has_warning(const struct diag_list *dl, const char *needle)
{
	size_t i;

	for (i = 0; i < dl->n; i++)
		if (dl->v[i].severity == DIAG_WARNING && strstr(dl->v[i].message, needle))
			return true;
	return false;
}

static void dump(const struct diag_list *dl)
{
	diag_print_all(stderr, dl);
}

static struct progress *open_ok(const char *dir, const char *name)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p = progress_open(dir, name, &dl);

	dump(&dl);
	cr_assert_eq(dl.n, 0, "unexpected diagnostics opening %s", name ? name : "(null)");
	cr_assert(progress_persistent(p));
	diag_list_free(&dl);
	return p;
}

static void save_ok(struct progress *p)
{
	struct diag_list dl = DIAG_LIST_INIT;
	bool ok = progress_save(p, &dl);

	dump(&dl);
	cr_assert(ok);
	cr_assert_eq(dl.n, 0);
	diag_list_free(&dl);
}

/* FNV-1a itself is pinned by its published values in test_hash.c. */
static uint64_t fnv1a(const char *s)
{
	return hash_fnv1a64_str(HASH_FNV1A64_INIT, s);
}

/* ---- Step keys ----------------------------------------------------------- */

Test(progress, step_key_is_article_and_hash_of_normalised_text)
{
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	char *k0 = progress_step_key(a, st(a, 0));
	char *k6 = progress_step_key(a, st(a, 6));
	char *want0 = xasprintf("device-cap#%016" PRIx64, fnv1a("Count the devices."));
	char *want6 = xasprintf("device-cap#%016" PRIx64, fnv1a("Check the token."));

	cr_expect_str_eq(k0, want0);
	cr_expect_str_eq(k6, want6);
	free(k0);
	free(k6);
	free(want0);
	free(want6);
	kb_free(kb);
}

Test(progress, duplicate_step_texts_get_distinct_keys)
{
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	char *dir = tmpdir();
	char *k1 = progress_step_key(a, st(a, 1));
	char *k4 = progress_step_key(a, st(a, 4));
	char *k5 = progress_step_key(a, st(a, 5));
	char *base = xasprintf("device-cap#%016" PRIx64, fnv1a("Re-enroll the device."));
	char *want4 = xasprintf("%s-2", base), *want5 = xasprintf("%s-3", base);
	struct progress *p;

	cr_expect_str_eq(k1, base);
	cr_expect_str_eq(k4, want4);
	cr_expect_str_eq(k5, want5);

	p = open_ok(dir, NULL);
	progress_set_done(p, a, st(a, 4), true, T1);
	cr_expect_eq(progress_get(p, a, st(a, 4)).done_at, T1);
	cr_expect_eq(progress_get(p, a, st(a, 1)).done_at, 0);
	cr_expect_eq(progress_get(p, a, st(a, 5)).done_at, 0);
	cr_expect_eq(progress_done_count(p, a), 1);
	save_ok(p);
	progress_close(p);
	p = open_ok(dir, NULL);
	cr_expect_eq(progress_get(p, a, st(a, 4)).done_at, T1);
	cr_expect_eq(progress_get(p, a, st(a, 1)).done_at, 0);
	cr_expect_eq(progress_get(p, a, st(a, 5)).done_at, 0);
	progress_close(p);

	free(k1);
	free(k4);
	free(k5);
	free(base);
	free(want4);
	free(want5);
	free(dir);
	kb_free(kb);
}

/* ---- Round trip ---------------------------------------------------------- */

Test(progress, round_trip_keeps_ticks_notes_and_times)
{
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	char *dir = tmpdir(), *path, *text, *line;
	struct progress *p = open_ok(dir, NULL);
	struct progress_step s;

	cr_expect_str_eq(progress_case_name(p), "default");
	progress_set_done(p, a, st(a, 0), true, T1);
	progress_set_note(p, a, st(a, 0), "15 devices, limit 15", T1);
	progress_set_done(p, a, st(a, 3), true, T2);
	progress_set_note(p, a, st(a, 6), "C:\\temp\\log", T2);
	/* Ticking again keeps the first tick time. */
	progress_set_done(p, a, st(a, 0), true, T3);
	cr_expect_eq(progress_done_count(p, a), 2);
	save_ok(p);
	path = xstrdup(progress_path(p));
	progress_close(p);

	p = open_ok(dir, "");
	s = progress_get(p, a, st(a, 0));
	cr_expect_eq(s.done_at, T1);
	cr_expect_str_eq(s.note, "15 devices, limit 15");
	cr_expect_eq(progress_get(p, a, st(a, 3)).done_at, T2);
	s = progress_get(p, a, st(a, 6));
	cr_expect_eq(s.done_at, 0);
	cr_expect_str_eq(s.note, "C:\\temp\\log");
	cr_expect_null(progress_get(p, a, st(a, 1)).note);
	cr_expect_eq(progress_done_count(p, a), 2);
	progress_close(p);

	/* The documented format. */
	text = slurp(path);
	cr_assert_not_null(text);
	cr_expect(strncmp(text, "# enrollkb checklist 1\n# case: default\n", 39) == 0, "%s", text);
	line = xasprintf("device-cap\t%016" PRIx64 "\t2026-11-26T10:32:00Z\t2026-11-26T10:32:00Z\t15 devices, limit 15\n",
			 fnv1a("Count the devices."));
	cr_expect_not_null(strstr(text, line), "%s", text);
	free(line);
	line = xasprintf("device-cap\t%016" PRIx64 "\t-\t2026-11-26T10:40:00Z\tC:\\\\temp\\\\log\n",
			 fnv1a("Check the token."));
	cr_expect_not_null(strstr(text, line), "%s", text);
	free(line);
	free(text);
	free(path);
	free(dir);
	kb_free(kb);
}

Test(progress, untick_and_note_edits_persist)
{
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	char *dir = tmpdir();
	struct progress *p = open_ok(dir, "INC1");

	progress_set_done(p, a, st(a, 0), true, T1);
	progress_set_note(p, a, st(a, 0), "first", T1);
	progress_set_note(p, a, st(a, 1), "gone soon", T1);
	save_ok(p);
	progress_set_done(p, a, st(a, 0), false, T2);
	progress_set_note(p, a, st(a, 0), "second", T2);
	progress_set_note(p, a, st(a, 1), "", T2);
	save_ok(p);
	progress_close(p);

	p = open_ok(dir, "INC1");
	cr_expect_eq(progress_get(p, a, st(a, 0)).done_at, 0);
	cr_expect_str_eq(progress_get(p, a, st(a, 0)).note, "second");
	cr_expect_null(progress_get(p, a, st(a, 1)).note);
	progress_close(p);
	free(dir);
	kb_free(kb);
}

Test(progress, notes_are_one_line_without_control_characters)
{
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	char *dir = tmpdir();
	struct progress *p = open_ok(dir, NULL);

	progress_set_note(p, a, st(a, 0), "  call\tback\nlater\x01\x1b[31m\x7f \xc2\x85ok \xe2\x80\x94 done\r\n", T1);
	cr_expect_str_eq(progress_get(p, a, st(a, 0)).note,
			 "call back later[31m ok \xe2\x80\x94 done");
	progress_set_note(p, a, st(a, 1), " \t\n", T1);
	cr_expect_null(progress_get(p, a, st(a, 1)).note);
	save_ok(p);
	progress_close(p);
	p = open_ok(dir, NULL);
	cr_expect_str_eq(progress_get(p, a, st(a, 0)).note,
			 "call back later[31m ok \xe2\x80\x94 done");
	progress_close(p);
	free(dir);
	kb_free(kb);
}

Test(progress, hand_written_file_with_escapes_loads)
{
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	char *dir = tmpdir(), *cdir = cases_dir(dir), *path = xasprintf("%s/default", cdir);
	char *text = xasprintf("# enrollkb checklist 1\r\n"
			       "# a comment\n"
			       "\n"
			       "device-cap\t%016" PRIx64 "\t2026-11-26T10:32:00Z\t2026-11-26T10:32:00Z\tback\\\\slash\\ttab\n"
			       "device-cap\t%016" PRIx64 "-2\t-\t2026-11-26T10:32:00Z",
			       fnv1a("Count the devices."), fnv1a("Re-enroll the device."));
	struct progress *p;

	spit(path, text);
	p = open_ok(dir, NULL);
	cr_expect_eq(progress_get(p, a, st(a, 0)).done_at, T1);
	cr_expect_str_eq(progress_get(p, a, st(a, 0)).note, "back\\slash tab");
	cr_expect_eq(progress_get(p, a, st(a, 4)).done_at, 0);
	progress_close(p);
	free(text);
	free(path);
	free(cdir);
	free(dir);
	kb_free(kb);
}

/* The tick time of step 0 after loading a file whose entry has done time
 * `when`; -1 when the file was refused as corrupt. */
static time_t load_time(const char *when)
{
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	char *dir = tmpdir(), *cdir = cases_dir(dir), *path = xasprintf("%s/default", cdir);
	char *text = xasprintf("# enrollkb checklist 1\ndevice-cap\t%016" PRIx64 "\t%s\t%s\t\n",
			       fnv1a("Count the devices."), when, when);
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p;
	time_t t;

	spit(path, text);
	p = progress_open(dir, NULL, &dl);
	t = dl.n ? (time_t)-1 : progress_get(p, a, st(a, 0)).done_at;
	progress_close(p);
	diag_list_free(&dl);
	free(text);
	free(path);
	free(cdir);
	free(dir);
	kb_free(kb);
	return t;
}

Test(progress, times_are_strict_utc_iso8601)
{
	static const char *const good[] = {
		"2026-11-26T10:32:00Z", "2000-02-29T00:00:00Z", "2024-02-29T23:59:59Z",
		"1970-01-01T00:00:01Z", "2099-12-31T23:59:59Z", "2038-01-19T03:14:08Z",
	};
	static const char *const bad[] = {
		"2100-02-29T00:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
		"2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-26T24:00:00Z",
		"2026-11-26T10:60:00Z", "2026-11-26T10:32:60Z", "2026-11-26 10:32:00Z",
		"2026-11-26T10:32:00", "2026-11-26T10:32:00+01:00", "26-11-26T10:32:00Z",
		"1970-01-01T00:00:00Z", "2026-11-2xT10:32:00Z",
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct tm tm;
		char back[32];
		time_t t = load_time(good[i]);

		cr_assert_gt(t, 0, "%s refused", good[i]);
		cr_assert_not_null(gmtime_r(&t, &tm));
		strftime(back, sizeof(back), "%Y-%m-%dT%H:%M:%SZ", &tm);
		cr_expect_str_eq(back, good[i]);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(load_time(bad[i]), (time_t)-1, "%s accepted", bad[i]);
}

Test(progress, written_times_match_gmtime)
{
	static const time_t times[] = { 951782400, 4102444799, 1, 1795689120, 2147483648 };
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	char *dir = tmpdir(), *text;
	struct progress *p = open_ok(dir, NULL);
	size_t i;

	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++)
		progress_set_done(p, a, st(a, i), true, times[i]);
	save_ok(p);
	text = slurp(progress_path(p));
	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		struct tm tm;
		char want[32];

		cr_assert_not_null(gmtime_r(&times[i], &tm));
		strftime(want, sizeof(want), "\t%Y-%m-%dT%H:%M:%SZ\t", &tm);
		cr_expect_not_null(strstr(text, want), "%s missing in\n%s", want, text);
	}
	progress_close(p);
	p = open_ok(dir, NULL);
	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++)
		cr_expect_eq(progress_get(p, a, st(a, i)).done_at, times[i]);
	progress_close(p);
	free(text);
	free(dir);
	kb_free(kb);
}

Test(progress, nothing_to_save_writes_nothing)
{
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	char *dir = tmpdir();
	struct progress *p = open_ok(dir, NULL);
	struct stat before, after;

	save_ok(p);
	cr_expect_neq(stat(progress_path(p), &before), 0, "an empty case wrote a file");
	progress_set_done(p, a, st(a, 0), true, T1);
	save_ok(p);
	cr_assert_eq(stat(progress_path(p), &before), 0);
	/* Unchanged state: the file is not rewritten. */
	progress_set_done(p, a, st(a, 0), true, T2);
	save_ok(p);
	cr_assert_eq(stat(progress_path(p), &after), 0);
	cr_expect_eq(before.st_ino, after.st_ino);
	progress_close(p);
	free(dir);
	kb_free(kb);
}

/* ---- Content changes ----------------------------------------------------- */

Test(progress, changed_step_text_is_not_done_and_old_entry_kept)
{
	struct kb *kb = kb_new(), *kb2 = kb_new();
	struct kb_article *a = cap_article(kb);
	struct kb_article *a2 = mkarticle(kb2, "device-cap", "Enrollment fails", NULL, cap2_sols, 1);
	char *dir = tmpdir(), *text, *line;
	struct progress *p = open_ok(dir, NULL);

	progress_set_done(p, a, st(a, 0), true, T1);
	progress_set_done(p, a, st(a, 1), true, T1);
	save_ok(p);
	progress_close(p);

	p = open_ok(dir, NULL);
	cr_expect_eq(progress_get(p, a2, st(a2, 0)).done_at, 0, "reworded step shows as done");
	cr_expect_eq(progress_get(p, a2, st(a2, 1)).done_at, T1, "unchanged step lost its tick");
	cr_expect_eq(progress_done_count(p, a2), 1);
	progress_set_done(p, a2, st(a2, 0), true, T2);
	save_ok(p);
	text = slurp(progress_path(p));
	line = xasprintf("device-cap\t%016" PRIx64 "\t2026-11-26T10:32:00Z\t", fnv1a("Count the devices."));
	cr_expect_not_null(strstr(text, line), "entry of the old step text dropped:\n%s", text);
	progress_close(p);
	free(line);
	free(text);
	free(dir);
	kb_free(kb);
	kb_free(kb2);
}

Test(progress, entries_of_unknown_articles_are_kept)
{
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	char *dir = tmpdir(), *cdir = cases_dir(dir), *path = xasprintf("%s/default", cdir);
	const char *gone = "gone-article\t0123456789abcdef-4\t2025-01-02T03:04:05Z\t2025-01-02T03:04:05Z\tkept \\\\ note\n";
	char *text = xasprintf("# enrollkb checklist 1\n# case: default\n%s", gone), *after;
	struct progress *p;

	spit(path, text);
	p = open_ok(dir, NULL);
	progress_set_done(p, a, st(a, 2), true, T1);
	save_ok(p);
	progress_reset(p, a, T2);
	save_ok(p);
	progress_close(p);
	after = slurp(path);
	cr_expect_not_null(strstr(after, gone), "%s", after);
	free(after);
	free(text);
	free(path);
	free(cdir);
	free(dir);
	kb_free(kb);
}

/* ---- Reset --------------------------------------------------------------- */

Test(progress, reset_clears_ticks_and_notes_of_the_article_only)
{
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	struct kb_article *o = mkarticle(kb, "token", "Token", NULL, other_sols, 1);
	char *dir = tmpdir();
	struct progress *p = open_ok(dir, NULL);

	progress_set_done(p, a, st(a, 0), true, T1);
	progress_set_note(p, a, st(a, 1), "note", T1);
	progress_set_done(p, o, st(o, 0), true, T1);
	save_ok(p);
	progress_reset(p, a, T2);
	cr_expect_eq(progress_done_count(p, a), 0);
	cr_expect_null(progress_get(p, a, st(a, 1)).note);
	save_ok(p);
	progress_close(p);
	p = open_ok(dir, NULL);
	cr_expect_eq(progress_done_count(p, a), 0);
	cr_expect_null(progress_get(p, a, st(a, 1)).note);
	cr_expect_eq(progress_get(p, o, st(o, 0)).done_at, T1);
	progress_close(p);
	free(dir);
	kb_free(kb);
}

Test(progress, reset_wins_over_an_older_tick_on_disk)
{
	struct kb *kb = kb_new(), *kb2 = kb_new();
	struct kb_article *a = cap_article(kb);
	struct kb_article *a2 = mkarticle(kb2, "device-cap", "Enrollment fails", NULL, cap2_sols, 1);
	char *dir = tmpdir();
	struct progress *p1 = open_ok(dir, "INC7");
	struct progress *p2 = open_ok(dir, "INC7");

	/* p2 (another process, say) ticks after p1 loaded, including a step of
	 * a newer content version p1 does not know. */
	progress_set_done(p2, a, st(a, 0), true, T1);
	progress_set_done(p2, a2, st(a2, 0), true, T1);
	save_ok(p2);
	progress_reset(p1, a, T2);
	save_ok(p1);
	/* The merge brought the others' entries into p1. */
	cr_expect_eq(progress_get(p1, a, st(a, 0)).done_at, 0);
	progress_close(p1);
	progress_close(p2);

	p1 = open_ok(dir, "INC7");
	cr_expect_eq(progress_get(p1, a, st(a, 0)).done_at, 0, "reset lost against an older tick");
	cr_expect_eq(progress_get(p1, a2, st(a2, 0)).done_at, 0, "reset lost against an older tick of a step it did not know");
	cr_expect_eq(progress_done_count(p1, a), 0);
	progress_close(p1);
	free(dir);
	kb_free(kb);
	kb_free(kb2);
}

Test(progress, reset_keeps_a_newer_change_of_a_step_it_did_not_know)
{
	struct kb *kb = kb_new(), *kb2 = kb_new();
	struct kb_article *a = cap_article(kb);
	struct kb_article *a2 = mkarticle(kb2, "device-cap", "Enrollment fails", NULL, cap2_sols, 1);
	char *dir = tmpdir();
	struct progress *p1 = open_ok(dir, NULL);
	struct progress *p2 = open_ok(dir, NULL);

	progress_reset(p1, a, T2);
	/* Saved before p1's save but changed after p1's reset. */
	progress_set_done(p2, a2, st(a2, 0), true, T3);
	save_ok(p2);
	save_ok(p1);
	progress_close(p1);
	progress_close(p2);
	p1 = open_ok(dir, NULL);
	cr_expect_eq(progress_get(p1, a2, st(a2, 0)).done_at, T3);
	progress_close(p1);
	free(dir);
	kb_free(kb);
	kb_free(kb2);
}

/* ---- Merging between stores ---------------------------------------------- */

Test(progress, save_merges_per_entry_and_field)
{
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	struct kb_article *o = mkarticle(kb, "token", "Token", NULL, other_sols, 1);
	char *dir = tmpdir();
	struct progress *p1, *p2;

	p1 = open_ok(dir, NULL);
	progress_set_done(p1, a, st(a, 0), true, T1);
	save_ok(p1);
	p2 = open_ok(dir, NULL);
	cr_expect_eq(progress_get(p2, a, st(a, 0)).done_at, T1);

	progress_set_done(p2, a, st(a, 1), true, T2);
	progress_set_done(p2, o, st(o, 1), true, T2);
	progress_set_done(p2, a, st(a, 0), false, T2);
	save_ok(p2);
	/* p1 still thinks step 0 is done; adding a note must not bring the
	 * tick p2 removed back. */
	progress_set_note(p1, a, st(a, 0), "asked the user", T3);
	progress_set_done(p1, a, st(a, 2), true, T3);
	save_ok(p1);
	cr_expect_eq(progress_get(p1, a, st(a, 1)).done_at, T2, "p2's tick not merged into p1");
	progress_close(p1);
	progress_close(p2);

	p1 = open_ok(dir, NULL);
	cr_expect_eq(progress_get(p1, a, st(a, 0)).done_at, 0);
	cr_expect_str_eq(progress_get(p1, a, st(a, 0)).note, "asked the user");
	cr_expect_eq(progress_get(p1, a, st(a, 1)).done_at, T2);
	cr_expect_eq(progress_get(p1, a, st(a, 2)).done_at, T3);
	cr_expect_eq(progress_get(p1, o, st(o, 1)).done_at, T2);
	progress_close(p1);
	free(dir);
	kb_free(kb);
}

/* Many steps, for processes racing on one case. */
static struct kb_article *many_article(struct kb *kb, const char *id, size_t n)
{
	struct sdesc *d = xcalloc(n + 1, sizeof(*d));
	struct soldesc sol = { "Many.", d, false };
	char **texts = xcalloc(n, sizeof(*texts));
	struct kb_article *a;
	size_t i;

	for (i = 0; i < n; i++)
		d[i].cmd = texts[i] = xasprintf("Step number %zu.", i);
	a = mkarticle(kb, id, "Many steps", NULL, &sol, 1);
	for (i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
	free(d);
	return a;
}

#define RACE_STEPS 40

/* Waits for the go signal, then ticks steps [from, from+n) one save each. */
static void racer(const char *dir, int go, size_t from, size_t n, bool other)
{
	struct kb *kb = kb_new();
	struct kb_article *a = many_article(kb, "many", 2 * RACE_STEPS);
	struct kb_article *o = mkarticle(kb, "token", "Token", NULL, other_sols, 1);
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p;
	char c;
	size_t i;
	int ok = 1;

	if (read(go, &c, 1) < 0)
		_exit(2);
	p = progress_open(dir, "race", &dl);
	for (i = from; i < from + n; i++) {
		progress_set_done(p, a, a->steps[i], true, T1 + (time_t)i);
		ok &= progress_save(p, &dl);
	}
	progress_set_done(p, o, o->steps[other ? 1 : 0], true, T2);
	ok &= progress_save(p, &dl);
	ok &= dl.n == 0;
	progress_close(p);
	diag_list_free(&dl);
	kb_free(kb);
	_exit(ok ? 0 : 1);
}

Test(progress, two_processes_saving_different_ticks_both_survive)
{
	struct kb *kb = kb_new();
	struct kb_article *a = many_article(kb, "many", 2 * RACE_STEPS);
	struct kb_article *o = mkarticle(kb, "token", "Token", NULL, other_sols, 1);
	char *dir = tmpdir();
	struct progress *p;
	pid_t pid[2];
	int go[2], i, status;
	size_t k;

	cr_assert_eq(pipe(go), 0);
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		cr_assert_geq(pid[i], 0);
		if (pid[i] == 0) {
			close(go[1]);
			racer(dir, go[0], (size_t)i * RACE_STEPS, RACE_STEPS, i == 1);
		}
	}
	close(go[0]);
	/* Both start at once: the pipe closes. */
	close(go[1]);
	for (i = 0; i < 2; i++) {
		cr_assert_eq(waitpid(pid[i], &status, 0), pid[i]);
		cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
			  "racer %d failed (status %d)", i, status);
	}
	p = open_ok(dir, "race");
	for (k = 0; k < 2 * RACE_STEPS; k++)
		cr_expect_eq(progress_get(p, a, a->steps[k]).done_at, T1 + (time_t)k,
			     "tick of step %zu lost", k);
	cr_expect_eq(progress_done_count(p, a), 2 * RACE_STEPS);
	cr_expect_eq(progress_done_count(p, o), 2);
	progress_close(p);
	free(dir);
	kb_free(kb);
}

/* ---- Crashes ------------------------------------------------------------- */

static const char *kill_stage;

static void kill_at(const char *stage)
{
	if (strcmp(stage, kill_stage) == 0)
		raise(SIGKILL);
}

/* A child ticks step 1 and is killed at stage during its save. */
static void crash_at(const char *dir, const char *stage)
{
	pid_t pid = fork();
	int status;

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		struct kb *kb = kb_new();
		struct kb_article *a = cap_article(kb);
		struct diag_list dl = DIAG_LIST_INIT;
		struct progress *p = progress_open(dir, NULL, &dl);

		progress_set_done(p, a, a->steps[1], true, T2);
		kill_stage = stage;
		progress_set_test_hook(kill_at);
		progress_save(p, &dl);
		_exit(3);    /* not reached when the stage exists */
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
		  "child was not killed at %s (status %d)", stage, status);
}

Test(progress, killed_while_saving_leaves_a_loadable_old_or_new_file)
{
	static const struct { const char *stage; bool new_state; } stages[] = {
		{ "locked", false },
		{ "tmp-written", false },
		{ "tmp-synced", false },
		{ "renamed", true },
		{ "dir-synced", true },
	};
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	size_t i;

	for (i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
		char *dir = tmpdir();
		struct progress *p = open_ok(dir, NULL);
		char *before;

		progress_set_done(p, a, st(a, 0), true, T1);
		save_ok(p);
		progress_close(p);
		before = slurp(progress_path(p = open_ok(dir, NULL)));
		progress_close(p);

		crash_at(dir, stages[i].stage);

		p = open_ok(dir, NULL);
		cr_expect_eq(progress_get(p, a, st(a, 0)).done_at, T1, "%s", stages[i].stage);
		cr_expect_eq(progress_get(p, a, st(a, 1)).done_at,
			     stages[i].new_state ? T2 : 0, "%s", stages[i].stage);
		if (!stages[i].new_state) {
			char *after = slurp(progress_path(p));

			cr_expect_str_eq(after, before, "old file changed by a crash at %s",
					 stages[i].stage);
			free(after);
		}
		/* A temporary file left behind is no obstacle. */
		progress_set_done(p, a, st(a, 5), true, T3);
		save_ok(p);
		progress_close(p);
		p = open_ok(dir, NULL);
		cr_expect_eq(progress_get(p, a, st(a, 5)).done_at, T3);
		progress_close(p);
		free(before);
		free(dir);
	}
	kb_free(kb);
}

/* A child saving in a loop is killed with SIGKILL at whatever moment it has
 * reached; the file must load every time. */
Test(progress, sigkill_at_any_moment_leaves_a_loadable_file)
{
	struct kb *kb = kb_new();
	struct kb_article *a = many_article(kb, "many", 64);
	char *dir = tmpdir();
	int round;

	for (round = 0; round < 12; round++) {
		struct progress *p;
		int fds[2], status;
		pid_t pid;
		char c;
		int i;

		cr_assert_eq(pipe(fds), 0);
		pid = fork();
		cr_assert_geq(pid, 0);
		if (pid == 0) {
			struct diag_list dl = DIAG_LIST_INIT;
			size_t k;

			close(fds[0]);
			p = progress_open(dir, NULL, &dl);
			for (k = 0; ; k++) {
				progress_set_done(p, a, a->steps[k % 64], k / 64 % 2 == 0,
						  T1 + (time_t)k);
				progress_set_note(p, a, a->steps[(k * 7) % 64], k % 3 ? "note" : "", T1);
				if (!progress_save(p, &dl) || dl.n)
					_exit(1);
				if (write(fds[1], "s", 1) != 1)
					_exit(1);
			}
		}
		close(fds[1]);
		/* Let it get through a few saves (more each round), then kill it
		 * wherever it is. */
		for (i = 0; i <= round; i++)
			cr_assert_eq(read(fds[0], &c, 1), 1, "saver died early");
		kill(pid, SIGKILL);
		cr_assert_eq(waitpid(pid, &status, 0), pid);
		close(fds[0]);
		cr_assert(WIFSIGNALED(status), "saver failed (status %d)", status);

		p = open_ok(dir, NULL);
		cr_expect_geq(progress_done_count(p, a), 1, "round %d", round);
		progress_close(p);
	}
	free(dir);
	kb_free(kb);
}

/* ---- Damaged state ------------------------------------------------------- */

Test(progress, corrupt_file_is_moved_aside_with_a_warning)
{
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	char *dir = tmpdir(), *cdir = cases_dir(dir), *path = xasprintf("%s/default", cdir);
	const char *bad = "# enrollkb checklist 1\n"
			  "device-cap\tabc\t-\t2026-11-26T10:32:00Z\t\n"
			  "device-cap\tdef\tyesterday\t2026-11-26T10:32:00Z\tnote\n";
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p;
	char **names, *aside, *text;
	size_t n;

	spit(path, bad);
	p = progress_open(dir, NULL, &dl);
	dump(&dl);
	cr_assert_eq(dl.n, 1);
	cr_expect_eq(dl.v[0].severity, DIAG_WARNING);
	cr_expect_str_eq(dl.v[0].file, path);
	cr_expect_eq(dl.v[0].line, 3);
	cr_expect(has_warning(&dl, "moved it to"));
	cr_expect(progress_persistent(p));
	cr_expect_eq(progress_done_count(p, a), 0);
	cr_expect_neq(access(path, F_OK), 0, "corrupt file still in place");

	n = names_with(cdir, "default.corrupt-", &names);
	cr_assert_eq(n, 1);
	cr_expect_eq(strlen(names[0]), strlen("default.corrupt-20261126T103200Z"), "%s", names[0]);
	aside = xasprintf("%s/%s", cdir, names[0]);
	cr_expect(strstr(dl.v[0].message, aside) != NULL, "%s", dl.v[0].message);
	text = slurp(aside);
	cr_expect_str_eq(text, bad);
	free(text);
	names_free(names, n);
	diag_list_free(&dl);

	/* The new state is saved; the set-aside file stays as it was. */
	progress_set_done(p, a, st(a, 0), true, T1);
	save_ok(p);
	progress_close(p);
	text = slurp(aside);
	cr_expect_str_eq(text, bad);
	free(text);

	/* A second corrupt file never replaces the first. */
	spit(path, "not a checklist\n");
	p = progress_open(dir, NULL, &dl);
	cr_expect_eq(dl.n, 1);
	cr_expect_eq(progress_done_count(p, a), 0);
	progress_close(p);
	diag_list_free(&dl);
	n = names_with(cdir, "default.corrupt-", &names);
	cr_expect_eq(n, 2);
	names_free(names, n);
	text = slurp(aside);
	cr_expect_str_eq(text, bad);
	free(text);

	free(aside);
	free(path);
	free(cdir);
	free(dir);
	kb_free(kb);
}

Test(progress, nul_byte_is_reported_on_its_line)
{
	char *dir = tmpdir(), *cdir = cases_dir(dir), *path = xasprintf("%s/default", cdir);
	static const char bad[] = "# enrollkb checklist 1\n# case: default\nx\tk\0\n";
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p;
	FILE *fp = fopen(path, "wb");

	cr_assert_not_null(fp);
	cr_assert_eq(fwrite(bad, 1, sizeof(bad) - 1, fp), sizeof(bad) - 1);
	cr_assert_eq(fclose(fp), 0);
	p = progress_open(dir, NULL, &dl);
	dump(&dl);
	cr_assert_eq(dl.n, 1);
	cr_expect_str_eq(dl.v[0].file, path);
	cr_expect_eq(dl.v[0].line, 3);
	cr_expect(has_warning(&dl, "NUL byte"));
	progress_close(p);
	diag_list_free(&dl);
	free(path);
	free(cdir);
	free(dir);
}

Test(progress, file_corrupted_while_open_is_moved_aside_on_save)
{
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	char *dir = tmpdir();
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p = open_ok(dir, NULL);
	char **names, *cdir = cases_dir(dir);
	size_t n;

	progress_set_done(p, a, st(a, 0), true, T1);
	save_ok(p);
	spit(progress_path(p), "\x01\x02garbage");
	progress_set_done(p, a, st(a, 1), true, T2);
	cr_expect(progress_save(p, &dl));
	cr_expect_eq(dl.n, 1);
	cr_expect(has_warning(&dl, "moved it to"));
	progress_close(p);
	diag_list_free(&dl);
	n = names_with(cdir, "default.corrupt-", &names);
	cr_expect_eq(n, 1);
	names_free(names, n);
	/* What this process knew is not lost with the file. */
	p = open_ok(dir, NULL);
	cr_expect_eq(progress_get(p, a, st(a, 0)).done_at, T1);
	cr_expect_eq(progress_get(p, a, st(a, 1)).done_at, T2);
	progress_close(p);
	free(cdir);
	free(dir);
	kb_free(kb);
}

/* In memory with exactly one warning; saving changes nothing on disk and
 * adds no second warning. */
static void expect_memory_only(struct progress *p, struct diag_list *dl,
			       const struct kb_article *a, const char *what)
{
	dump(dl);
	cr_expect_eq(dl->n, 1, "%s: want one warning", what);
	cr_expect(dl->n == 0 || dl->v[0].severity == DIAG_WARNING);
	cr_expect(has_warning(dl, "in memory only"), "%s", what);
	cr_expect_not(progress_persistent(p), "%s", what);
	progress_set_done(p, a, st(a, 2), true, T3);
	cr_expect_eq(progress_get(p, a, st(a, 2)).done_at, T3, "%s: memory state", what);
	cr_expect_not(progress_save(p, dl), "%s", what);
	progress_set_note(p, a, st(a, 2), "still here", T3);
	cr_expect_not(progress_save(p, dl), "%s", what);
	cr_expect_eq(dl->n, 1, "%s: more than one warning", what);
	cr_expect_str_eq(progress_get(p, a, st(a, 2)).note, "still here");
}

Test(progress, unreadable_state_file_keeps_working_in_memory)
{
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	char *dir = tmpdir(), *cdir = cases_dir(dir), *path = xasprintf("%s/default", cdir);
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p;
	struct stat sb;

	/* A directory where the file should be: unreadable even for root. */
	cr_assert_eq(mkdir(path, 0700), 0);
	p = progress_open(dir, NULL, &dl);
	expect_memory_only(p, &dl, a, "case file is a directory");
	progress_close(p);
	cr_expect(stat(path, &sb) == 0 && S_ISDIR(sb.st_mode), "clobbered");
	diag_list_free(&dl);
	free(path);
	free(cdir);
	free(dir);
	kb_free(kb);
}

Test(progress, unreadable_permissions_keep_working_in_memory)
{
	struct kb *kb;
	struct kb_article *a;
	char *dir, *cdir, *path, *text;
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p;
	const char *content = "# enrollkb checklist 1\n";

	if (geteuid() == 0)
		cr_skip_test("running as root: chmod 000 does not stop reading");
	kb = kb_new();
	a = cap_article(kb);
	dir = tmpdir();
	cdir = cases_dir(dir);
	path = xasprintf("%s/default", cdir);
	spit(path, content);
	cr_assert_eq(chmod(path, 0), 0);
	p = progress_open(dir, NULL, &dl);
	expect_memory_only(p, &dl, a, "mode 000");
	progress_close(p);
	cr_assert_eq(chmod(path, 0600), 0);
	text = slurp(path);
	cr_expect_str_eq(text, content);
	free(text);
	diag_list_free(&dl);
	free(path);
	free(cdir);
	free(dir);
	kb_free(kb);
}

Test(progress, state_dir_under_a_regular_file_keeps_working_in_memory)
{
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	char *dir = tmpdir(), *file = xasprintf("%s/file", dir);
	char *state = xasprintf("%s/state/enrollkb", file), *text;
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p;

	spit(file, "not a directory\n");
	p = progress_open(state, "INC 1", &dl);
	expect_memory_only(p, &dl, a, "under a regular file");
	cr_expect_str_eq(progress_case_name(p), "INC 1");
	progress_close(p);
	text = slurp(file);
	cr_expect_str_eq(text, "not a directory\n");
	free(text);
	diag_list_free(&dl);
	free(state);
	free(file);
	free(dir);
	kb_free(kb);
}

Test(progress, no_state_dir_keeps_working_in_memory)
{
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p = progress_open(NULL, NULL, &dl);

	expect_memory_only(p, &dl, a, "no directory");
	cr_expect_null(progress_path(p));
	progress_close(p);
	diag_list_free(&dl);
	kb_free(kb);
}

Test(progress, read_only_state_dir_keeps_working_in_memory)
{
	struct kb *kb;
	struct kb_article *a;
	char *dir, *cdir, *before, *after, *path;
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress *p;

	if (geteuid() == 0)
		cr_skip_test("running as root: a mode 0555 directory stays writable "
			     "(covered by state_dir_under_a_regular_file...)");
	kb = kb_new();
	a = cap_article(kb);
	dir = tmpdir();
	p = open_ok(dir, NULL);
	progress_set_done(p, a, st(a, 0), true, T1);
	save_ok(p);
	path = xstrdup(progress_path(p));
	progress_close(p);
	before = slurp(path);
	cdir = cases_dir(dir);
	cr_assert_eq(chmod(cdir, 0555), 0);

	p = progress_open(dir, NULL, &dl);
	cr_expect_eq(progress_get(p, a, st(a, 0)).done_at, T1, "existing state not loaded");
	expect_memory_only(p, &dl, a, "mode 0555");
	progress_close(p);
	after = slurp(path);
	cr_expect_str_eq(after, before);
	cr_assert_eq(chmod(cdir, 0700), 0);
	free(before);
	free(after);
	free(path);
	diag_list_free(&dl);
	free(cdir);
	free(dir);
	kb_free(kb);
}

Test(progress, newer_format_or_other_case_is_left_alone)
{
	static const char *const files[] = {
		"# enrollkb checklist 2\nwhatever the future holds\n",
		"# enrollkb checklist 1\n# case: someone else\n",
	};
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	size_t i;

	for (i = 0; i < 2; i++) {
		char *dir = tmpdir(), *cdir = cases_dir(dir), *path = xasprintf("%s/INC9", cdir);
		struct diag_list dl = DIAG_LIST_INIT;
		struct progress *p;
		char *text;

		spit(path, files[i]);
		p = progress_open(dir, "INC9", &dl);
		expect_memory_only(p, &dl, a, files[i]);
		progress_close(p);
		text = slurp(path);
		cr_expect_str_eq(text, files[i]);
		free(text);
		diag_list_free(&dl);
		free(path);
		free(cdir);
		free(dir);
	}
	kb_free(kb);
}

/* ---- Cases --------------------------------------------------------------- */

Test(progress, case_names_encode_reversibly_to_safe_file_names)
{
	static const char *const names[] = {
		"default", "INC0012345", "INC 42/ä", "..", ".", "a/b/../c", "tab\there\nnl",
		"\xe6\x97\xa5\xe6\x9c\xac", "100%", "%41", "~x", "back\\slash", "-rf", "_",
		"\xff\xfe invalid utf-8",
	};
	size_t i;
	char *long_name, *enc, *dec;
	struct strbuf sb = STRBUF_INIT;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *c;

		enc = progress_case_file_name(names[i]);
		for (c = enc; *c; c++)
			cr_expect(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_%", *c),
				  "'%s' -> '%s' has '%c'", names[i], enc, *c);
		cr_expect_str_neq(enc, "");
		dec = progress_case_from_file_name(enc);
		cr_expect_not_null(dec, "%s", enc);
		if (dec)
			cr_expect_str_eq(dec, names[i]);
		free(enc);
		free(dec);
	}
	enc = progress_case_file_name("INC 42/ä");
	cr_expect_str_eq(enc, "INC%2042%2F%C3%A4");
	free(enc);
	enc = progress_case_file_name("");
	cr_expect_str_eq(enc, "default");
	free(enc);

	/* Not canonical encodings, and files that are not cases. */
	cr_expect_null(progress_case_from_file_name("%41"));
	cr_expect_null(progress_case_from_file_name("a%2f"));
	cr_expect_null(progress_case_from_file_name("default.lock"));
	cr_expect_null(progress_case_from_file_name("default.tmp"));
	cr_expect_null(progress_case_from_file_name("x%00y"));
	cr_expect_null(progress_case_from_file_name("x%4"));

	/* Long names stay within NAME_MAX and distinct. */
	for (i = 0; i < 100; i++)
		sb_puts(&sb, "\xc3\xa4");
	long_name = sb_detach(&sb);
	enc = progress_case_file_name(long_name);
	cr_expect_leq(strlen(enc), 200);
	long_name[0] = 'x';
	dec = progress_case_file_name(long_name);
	cr_expect_str_neq(enc, dec);
	free(dec);
	free(enc);
	free(long_name);
}

Test(progress, cases_never_mix_and_are_listed_with_their_last_change)
{
	static const char *const names[] = { "INC 42/ä", "..", "default", "a/b" };
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress_case *cases;
	char *dir = tmpdir(), *long_name = xcalloc(1, 301);
	struct progress *p;
	size_t i, n;

	n = progress_list_cases(dir, &cases, &dl);
	cr_expect_eq(n, 0);
	progress_cases_free(cases, n);

	for (i = 0; i < 4; i++) {
		p = open_ok(dir, names[i]);
		cr_expect_eq(progress_done_count(p, a), 0, "case '%s' sees another's ticks", names[i]);
		progress_set_done(p, a, st(a, i), true, T1 + (time_t)i);
		progress_set_note(p, a, st(a, 6), names[i], T1 + (time_t)i + 60);
		save_ok(p);
		progress_close(p);
	}
	memset(long_name, 'L', 300);
	long_name[0] = '/';
	p = open_ok(dir, long_name);
	progress_set_done(p, a, st(a, 0), true, T3);
	save_ok(p);
	progress_close(p);

	for (i = 0; i < 4; i++) {
		p = open_ok(dir, names[i]);
		cr_expect_eq(progress_done_count(p, a), 1);
		cr_expect_eq(progress_get(p, a, st(a, i)).done_at, T1 + (time_t)i);
		cr_expect_str_eq(progress_get(p, a, st(a, 6)).note, names[i]);
		progress_close(p);
	}

	n = progress_list_cases(dir, &cases, &dl);
	dump(&dl);
	cr_expect_eq(dl.n, 0);
	cr_assert_eq(n, 5);
	/* Sorted by name (bytes). */
	cr_expect_str_eq(cases[0].name, "..");
	cr_expect_eq(cases[0].changed, T1 + 1 + 60);
	cr_expect_str_eq(cases[1].name, long_name);
	cr_expect_eq(cases[1].changed, T3);
	cr_expect_str_eq(cases[2].name, "INC 42/ä");
	cr_expect_eq(cases[2].changed, T1 + 60);
	cr_expect_str_eq(cases[3].name, "a/b");
	cr_expect_str_eq(cases[4].name, "default");
	cr_expect_eq(cases[4].changed, T1 + 2 + 60);
	progress_cases_free(cases, n);
	diag_list_free(&dl);
	free(long_name);
	free(dir);
	kb_free(kb);
}

Test(progress, reset_of_a_fresh_case_puts_it_on_the_list)
{
	struct kb *kb = kb_new();
	struct kb_article *a = cap_article(kb);
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress_case *cases;
	char *dir = tmpdir();
	struct progress *p = open_ok(dir, "fresh");
	size_t n;

	progress_reset(p, a, T2);
	save_ok(p);
	progress_close(p);
	n = progress_list_cases(dir, &cases, &dl);
	cr_assert_eq(n, 1);
	cr_expect_str_eq(cases[0].name, "fresh");
	cr_expect_eq(cases[0].changed, T2);
	progress_cases_free(cases, n);
	diag_list_free(&dl);
	free(dir);
	kb_free(kb);
}

static void set_env(const char *name, const char *value)
{
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
}

Test(progress, default_dir_follows_xdg_state_home_then_home)
{
	static const struct { const char *xdg, *home, *want; } cases[] = {
		{ "/x/state", "/home/u", "/x/state/enrollkb" },
		{ "", "/home/u", "/home/u/.local/state/enrollkb" },
		{ "relative/state", "/home/u", "/home/u/.local/state/enrollkb" },
		{ NULL, "/home/u", "/home/u/.local/state/enrollkb" },
		{ NULL, NULL, NULL },
		{ NULL, "", NULL },
		{ "", "relative", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got;

		set_env("XDG_STATE_HOME", cases[i].xdg);
		set_env("HOME", cases[i].home);
		got = progress_default_dir();
		if (cases[i].want)
			cr_expect_str_eq(got, cases[i].want, "case %zu", i);
		else
			cr_expect_null(got, "case %zu: %s", i, got);
		free(got);
	}
}

/* ---- Markdown ------------------------------------------------------------ */

Test(progress, markdown_export_exact_text)
{
	static const struct sdesc unordered[] = {
		{ "Either |this|.", { NULL } },
		{ "Or that.", { NULL } },
		{ NULL, { NULL } }
	};
	const struct soldesc sols[] = {
		cap_sols[0], cap_sols[1], cap_sols[2],
		{ "Pick one.", unordered, true },
		{ NULL, NULL, false },
	};
	struct kb *kb = kb_new();
	struct kb_article *a = mkarticle(kb, "device-cap", "Enrollment fails with DeviceCapReached",
					 "DeviceCapReached", sols, 5);
	char *dir = tmpdir();
	struct progress *p = open_ok(dir, "INC 42");
	struct strbuf sb = STRBUF_INIT;
	const char *want =
		"# Enrollment fails with DeviceCapReached\n"
		"\n"
		"Case: INC 42\n"
		"Error codes: DeviceCapReached\n"
		"\n"
		"## Cause 1: The user has too many devices.\n"
		"\n"
		"- [x] 1. Count the devices. — 2026-11-26 10:32 UTC — 15 of 15\n"
		"- [ ] 2. Re-enroll the device.\n"
		"- [ ] 3. Remove devices. — ask first\n"
		"  - [x] a. Remove one in the Company Portal. — 2026-11-26 10:40 UTC\n"
		"  - [ ] b. Re-enroll the device.\n"
		"\n"
		"## Cause 2: The token expired.\n"
		"\n"
		"- [ ] 1. Re-enroll the device.\n"
		"- [x] 2. Check the token. — 2026-11-26 11:32 UTC\n"
		"\n"
		"## Cause 3: Apple has an outage.\n"
		"\n"
		"## Cause 4: Pick one.\n"
		"\n"
		"- [ ] Either this.\n"
		"- [x] Or that. — 2026-11-26 10:32 UTC\n"
		"\n"
		"## Cause 5\n";

	progress_set_done(p, a, st(a, 0), true, T1);
	progress_set_note(p, a, st(a, 0), "15 of 15", T1);
	progress_set_note(p, a, st(a, 2), "ask first", T1);
	progress_set_done(p, a, st(a, 3), true, T2);
	progress_set_done(p, a, st(a, 6), true, T3);
	progress_set_done(p, a, st(a, 8), true, T1);
	progress_export_markdown(p, a, &sb);
	cr_expect_str_eq(sb_str(&sb), want);
	sb_free(&sb);

	/* Same text after a save and reload. */
	save_ok(p);
	progress_close(p);
	p = open_ok(dir, "INC 42");
	progress_export_markdown(p, a, &sb);
	cr_expect_str_eq(sb_str(&sb), want);
	sb_free(&sb);
	progress_close(p);
	free(dir);
	kb_free(kb);
}

Test(progress, markdown_export_without_codes_or_ticks)
{
	struct kb *kb = kb_new();
	struct kb_article *o = mkarticle(kb, "token", "Token  expired\n(sync)", NULL, other_sols, 1);
	struct progress *p = progress_open(NULL, "a\tb", NULL);
	struct strbuf sb = STRBUF_INIT;

	progress_export_markdown(p, o, &sb);
	cr_expect_str_eq(sb_str(&sb),
			 "# Token  expired (sync)\n"
			 "\n"
			 "Case: a b\n"
			 "\n"
			 "## Cause 1: Expired.\n"
			 "\n"
			 "- [ ] 1. Renew the token.\n"
			 "- [ ] 2. Sync.\n");
	sb_free(&sb);
	progress_close(p);
	kb_free(kb);
}
