/* SPDX-License-Identifier: MIT */
/* test_history.c: the search history behind Up/Down in the browser's
 * search prompt -- newest first, deduplicated, capped, kept in a file
 * that is replaced atomically and read back; hostile or broken lines are
 * skipped; failures are warnings naming the file. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "history.h"
#include "xalloc.h"

static char *dir, *path;

static void setup(void)
{
	const char *base = getenv("TMPDIR");

	dir = xasprintf("%s/enrollkb-history.XXXXXX", base && *base ? base : "/tmp");
	cr_assert_not_null(mkdtemp(dir));
	path = xasprintf("%s/" HISTORY_FILE, dir);
}

static void teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
	free(path);
	free(dir);
}

TestSuite(history, .init = setup, .fini = teardown);

static void write_file(const char *text, size_t len)
{
	FILE *fp = fopen(path, "wb");

	cr_assert_not_null(fp);
	cr_assert_eq(fwrite(text, 1, len, fp), len);
	fclose(fp);
}

static char *slurp(void)
{
	static char buf[8192];
	FILE *fp = fopen(path, "rb");
	size_t n;

	cr_assert_not_null(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return buf;
}

Test(history, newest_first_and_deduplicated)
{
	struct history *h = history_new(NULL, 0);

	cr_expect_eq(history_count(h), 0);
	cr_expect_null(history_get(h, 0));
	cr_expect(history_add(h, "DeviceCapReached"));
	cr_expect(history_add(h, "  0x80180014 "));
	cr_expect(history_add(h, "token"));
	cr_expect_not(history_add(h, "token"), "the newest again: no change");
	cr_expect_not(history_add(h, "   "));
	cr_expect_not(history_add(h, "two\nlines"));
	cr_expect(history_add(h, "DeviceCapReached"), "an older one moves up");
	cr_assert_eq(history_count(h), 3);
	cr_expect_str_eq(history_get(h, 0), "DeviceCapReached");
	cr_expect_str_eq(history_get(h, 1), "token");
	cr_expect_str_eq(history_get(h, 2), "0x80180014", "trimmed");
	cr_expect_null(history_get(h, 3));
	cr_expect_eq(history_find(h, "token"), 1);
	cr_expect_eq(history_find(h, "nope"), (size_t)-1);
	cr_expect(history_save(h, NULL), "in memory: nothing to write");
	history_free(h);
}

Test(history, capped_at_the_newest)
{
	struct history *h = history_new(path, 3);
	struct diag_list dl = DIAG_LIST_INIT;

	history_add(h, "a");
	history_add(h, "b");
	history_add(h, "c");
	history_add(h, "d");
	cr_assert_eq(history_count(h), 3);
	cr_expect_str_eq(history_get(h, 2), "b", "the oldest went");
	cr_assert(history_save(h, &dl));
	cr_expect_str_eq(slurp(), "b\nc\nd\n");
	history_free(h);
	cr_expect_eq(history_count(NULL), 0);
}

Test(history, saved_and_loaded_again)
{
	struct history *h = history_new(path, 0);
	struct diag_list dl = DIAG_LIST_INIT;
	struct stat st;

	cr_assert(history_load(h, &dl), "no file yet: empty");
	cr_expect_eq(history_count(h), 0);
	history_add(h, "stuck on \xc3\xa9" "cran");
	history_add(h, "DeviceCapReached");
	cr_assert(history_save(h, &dl));
	cr_expect_eq(dl.n, 0);
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600);
	history_free(h);

	h = history_new(path, 0);
	cr_assert(history_load(h, &dl));
	cr_assert_eq(history_count(h), 2);
	cr_expect_str_eq(history_get(h, 0), "DeviceCapReached");
	cr_expect_str_eq(history_get(h, 1), "stuck on \xc3\xa9" "cran");
	history_free(h);
}

Test(history, hostile_lines_are_skipped)
{
	static const char text[] =
		"ok one\r\n"
		"evil \033]52;c;AAAA\a\n"
		"\n"
		"ok two\n"
		"ok one\n"
		"nul\0inside\n"
		"last without newline";
	struct history *h = history_new(path, 0);
	struct diag_list dl = DIAG_LIST_INIT;

	write_file(text, sizeof(text) - 1);
	cr_assert(history_load(h, &dl));
	cr_assert_eq(history_count(h), 3);
	cr_expect_str_eq(history_get(h, 0), "last without newline");
	cr_expect_str_eq(history_get(h, 1), "ok one", "deduplicated: the later one stays");
	cr_expect_str_eq(history_get(h, 2), "ok two");
	history_free(h);
}

Test(history, failures_are_warnings_naming_the_file)
{
	char *bad = xasprintf("%s/sub", dir);
	struct history *h;
	struct diag_list dl = DIAG_LIST_INIT;

	/* A directory where the file should be: neither read nor replaced. */
	cr_assert_eq(mkdir(bad, 0700), 0);
	h = history_new(bad, 0);
	history_add(h, "x");
	cr_expect_not(history_save(h, &dl));
	cr_assert_eq(dl.n, 1);
	cr_expect_str_eq(dl.v[0].file, bad);
	cr_expect_not_null(strstr(dl.v[0].message, "cannot save the search history"));
	cr_expect_not(history_load(h, &dl));
	cr_assert_eq(dl.n, 2);
	cr_expect_not_null(strstr(dl.v[1].message, "cannot read the search history"));
	diag_list_free(&dl);
	history_free(h);
	free(bad);
}
