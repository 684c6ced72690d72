/* SPDX-License-Identifier: MIT */
/* test_fsutil.c: whole-file reads, atomic replacement, mkdir -p, the
 * working directory and the XDG base directories (fsutil.h).  Each test
 * gets a fresh temporary directory, removed by the suite's fixture even
 * when an assertion fails. */
#include "config.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "strbuf.h"
#include "xalloc.h"

static char *dir;

static void make_dir(void)
{
	const char *base = getenv("TMPDIR");

	dir = xasprintf("%s/enrollkb-fsutil.XXXXXX", base && *base ? base : "/tmp");
	cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
	char *cmd = xasprintf("chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'", dir, dir);

	cr_expect_eq(system(cmd), 0);
	free(cmd);
	free(dir);
}

TestSuite(fsutil, .init = make_dir, .fini = remove_dir);

static char *in_dir(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void spit(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");

	cr_assert_not_null(fp, "%s: %s", path, strerror(errno));
	fputs(text, fp);
	cr_assert_eq(fclose(fp), 0);
}

/* The names in dir, sorted, one per line. */
static char *listing(const char *d)
{
	struct strbuf sb = STRBUF_INIT;
	struct dirent **v;
	int n = scandir(d, &v, NULL, alphasort), i;

	cr_assert_geq(n, 0);
	for (i = 0; i < n; i++) {
		if (v[i]->d_name[0] != '.') {
			sb_puts(&sb, v[i]->d_name);
			sb_putc(&sb, '\n');
		}
		free(v[i]);
	}
	free(v);
	return sb_detach(&sb);
}

/* ---- Reading and writing ----------------------------------------------- */

Test(fsutil, read_file_returns_every_byte_nul_terminated)
{
	char *path = in_dir("f"), *buf;
	struct stat st;
	size_t len = 99;

	spit(path, "one\ntwo");
	buf = fs_read_file(path, &len, &st);
	cr_assert_not_null(buf);
	cr_assert_eq(len, 7);
	cr_assert_str_eq(buf, "one\ntwo");
	cr_assert_eq(buf[len], '\0');
	cr_assert_eq(st.st_size, 7);
	cr_assert(S_ISREG(st.st_mode));
	free(buf);
	free(path);
}

Test(fsutil, read_file_of_an_empty_and_of_a_large_file)
{
	char *empty = in_dir("empty"), *big = in_dir("big"), *buf, *want;
	size_t len = 99, i, n = 300000;
	FILE *fp;

	spit(empty, "");
	buf = fs_read_file(empty, &len, NULL);
	cr_assert_not_null(buf);
	cr_assert_eq(len, 0);
	cr_assert_str_eq(buf, "");
	free(buf);

	want = xmalloc(n);
	for (i = 0; i < n; i++)
		want[i] = (char)('a' + i % 26);
	fp = fopen(big, "wb");
	cr_assert_not_null(fp);
	cr_assert_eq(fwrite(want, 1, n, fp), n);
	cr_assert_eq(fclose(fp), 0);
	buf = fs_read_file(big, &len, NULL);
	cr_assert_not_null(buf);
	cr_assert_eq(len, n);
	cr_assert_eq(memcmp(buf, want, n), 0);
	free(buf);
	free(want);
	free(empty);
	free(big);
}

Test(fsutil, read_file_refuses_what_is_not_a_regular_file)
{
	char *missing = in_dir("missing"), *fifo = in_dir("fifo");
	size_t len;

	errno = 0;
	cr_assert_null(fs_read_file(missing, &len, NULL));
	cr_assert_eq(errno, ENOENT);
	errno = 0;
	cr_assert_null(fs_read_file(dir, &len, NULL));
	cr_assert_eq(errno, EISDIR);
	/* Reading a FIFO would wait for a writer forever. */
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	errno = 0;
	cr_assert_null(fs_read_file(fifo, &len, NULL));
	cr_assert_eq(errno, EINVAL);
	free(missing);
	free(fifo);
}

Test(fsutil, write_all_writes_everything)
{
	char *path = in_dir("w"), *buf;
	static char data[200000];
	size_t len, i;
	int fd;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 7);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert_geq(fd, 0);
	cr_assert(fs_write_all(fd, data, sizeof(data)));
	cr_assert(fs_write_all(fd, data, 0));
	cr_assert_eq(close(fd), 0);
	buf = fs_read_file(path, &len, NULL);
	cr_assert_eq(len, sizeof(data));
	cr_assert_eq(memcmp(buf, data, len), 0);
	free(buf);

	fd = open(path, O_RDONLY);
	errno = 0;
	cr_assert_not(fs_write_all(fd, "x", 1), "a read-only descriptor");
	cr_assert_eq(errno, EBADF);
	close(fd);
	free(path);
}

/* ---- Replacing a file atomically --------------------------------------- */

static struct strbuf stages = STRBUF_INIT;

static void record(const char *stage)
{
	sb_puts(&stages, stage);
	sb_putc(&stages, ' ');
}

Test(fsutil, replace_durable_with_a_named_tmp_file)
{
	char *path = in_dir("state"), *tmp = in_dir("state.tmp"), *buf, *names;
	struct fs_replace r;
	struct stat st;
	size_t len;

	spit(path, "old");
	spit(tmp, "left by a killed process, longer than the new text");
	cr_assert(fs_replace_begin(&r, path, tmp, 0600, true));
	r.hook = record;
	cr_assert(fs_replace_write(&r, "ne", 2));
	cr_assert(fs_replace_write(&r, "w", 1));
	buf = fs_read_file(path, &len, NULL);
	cr_assert_str_eq(buf, "old", "untouched until the commit");
	free(buf);
	cr_assert(fs_replace_commit(&r));
	cr_assert_str_eq(sb_str(&stages), "tmp-written tmp-synced renamed dir-synced ");
	buf = fs_read_file(path, &len, &st);
	cr_assert_str_eq(buf, "new");
	cr_assert_eq(st.st_size, 3, "the old tmp's longer text is gone");
	free(buf);
	names = listing(dir);
	cr_assert_str_eq(names, "state\n", "the tmp file is gone");
	free(names);
	sb_free(&stages);
	free(path);
	free(tmp);
}

Test(fsutil, replace_with_a_fresh_tmp_name_leaves_nothing_else)
{
	char *path = in_dir("cache.idx"), *buf, *names;
	struct fs_replace r;
	struct stat st;
	size_t len;

	cr_assert(fs_replace_begin(&r, path, NULL, 0640, false));
	cr_assert_str_neq(r.tmp, path);
	cr_assert(fs_replace_write(&r, "data", 4));
	cr_assert(fs_replace_commit(&r));
	buf = fs_read_file(path, &len, &st);
	cr_assert_str_eq(buf, "data");
	cr_assert_eq(st.st_mode & 0777, 0640, "the mode asked for, not mkstemp's");
	free(buf);
	names = listing(dir);
	cr_assert_str_eq(names, "cache.idx\n");
	free(names);
	free(path);
}

Test(fsutil, replace_abort_keeps_the_old_file)
{
	char *path = in_dir("state"), *buf, *names;
	struct fs_replace r;
	size_t len;

	spit(path, "old");
	cr_assert(fs_replace_begin(&r, path, NULL, 0600, true));
	cr_assert(fs_replace_write(&r, "half", 4));
	errno = EIO;
	fs_replace_abort(&r);
	cr_assert_eq(errno, EIO, "errno is the caller's");
	buf = fs_read_file(path, &len, NULL);
	cr_assert_str_eq(buf, "old");
	free(buf);
	names = listing(dir);
	cr_assert_str_eq(names, "state\n");
	free(names);
	free(path);
}

Test(fsutil, replace_failures_name_the_file_concerned)
{
	char *nodir = in_dir("no/such/file"), *nodir_tmp = in_dir("no/such/file.tmp");
	char *target = in_dir("target"), *inside = in_dir("target/x"), *names;
	struct fs_replace r;

	errno = 0;
	cr_assert_not(fs_replace_begin(&r, nodir, nodir_tmp, 0600, true));
	cr_assert_eq(errno, ENOENT);
	cr_assert_str_eq(r.failed, nodir_tmp);
	cr_assert_not(fs_replace_begin(&r, nodir, NULL, 0600, true));
	cr_assert_str_eq(r.failed, nodir);

	/* rename() cannot put a file over a non-empty directory */
	cr_assert_eq(mkdir(target, 0700), 0);
	spit(inside, "x");
	cr_assert(fs_replace_begin(&r, target, NULL, 0600, true));
	cr_assert(fs_replace_write(&r, "new", 3));
	errno = 0;
	cr_assert_not(fs_replace_commit(&r));
	cr_assert_neq(errno, 0);
	cr_assert_str_eq(r.failed, target);
	names = listing(dir);
	cr_assert_str_eq(names, "target\n", "the tmp file is removed");
	free(names);
	free(nodir);
	free(nodir_tmp);
	free(target);
	free(inside);
}

Test(fsutil, replace_file_at_once)
{
	char *path = in_dir("last-case"), *bad = in_dir("no/such/last-case"), *buf, *names;
	struct stat st;
	size_t len;

	spit(path, "old\n");
	cr_assert(fs_replace_file(path, "INC 42\n", 7, 0600));
	buf = fs_read_file(path, &len, &st);
	cr_assert_str_eq(buf, "INC 42\n");
	cr_assert_eq(st.st_mode & 0777, 0600);
	free(buf);
	cr_assert(fs_replace_file(path, "", 0, 0644), "an empty file");
	buf = fs_read_file(path, &len, &st);
	cr_assert_eq(len, 0);
	cr_assert_eq(st.st_mode & 0777, 0644);
	free(buf);
	names = listing(dir);
	cr_assert_str_eq(names, "last-case\n", "no temporary file left");
	free(names);
	errno = 0;
	cr_assert_not(fs_replace_file(bad, "x", 1, 0600));
	cr_assert_eq(errno, ENOENT);
	free(bad);
	free(path);
}

/* ---- Directories ------------------------------------------------------- */

Test(fsutil, mkdirs_creates_missing_parents_with_the_mode)
{
	char *deep = in_dir("a/b/c"), *mid = in_dir("a/b"), *file = in_dir("f");
	char *under = in_dir("f/x");
	struct stat st;
	mode_t old = umask(0);

	cr_assert(fs_mkdirs(deep, 0700));
	umask(old);
	cr_assert_eq(stat(deep, &st), 0);
	cr_assert(S_ISDIR(st.st_mode));
	cr_assert_eq(st.st_mode & 0777, 0700);
	cr_assert_eq(stat(mid, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0700);
	cr_assert(fs_mkdirs(deep, 0700), "it is there already");
	cr_assert(fs_mkdirs(dir, 0700));

	spit(file, "");
	errno = 0;
	cr_assert_not(fs_mkdirs(file, 0700), "a regular file is no directory");
	cr_assert_eq(errno, ENOTDIR);
	errno = 0;
	cr_assert_not(fs_mkdirs(under, 0700));
	cr_assert_eq(errno, ENOTDIR);
	free(deep);
	free(mid);
	free(file);
	free(under);
}

Test(fsutil, getcwd_grows_past_any_first_guess)
{
	char name[101], *cwd, *want;
	int i;

	memset(name, 'd', 100);
	name[100] = '\0';
	cr_assert_eq(chdir(dir), 0);
	/* 12 levels of 100 characters: well past a first buffer of 256 */
	for (i = 0; i < 12; i++) {
		cr_assert_eq(mkdir(name, 0700), 0);
		cr_assert_eq(chdir(name), 0);
	}
	cwd = fs_getcwd();
	cr_assert_not_null(cwd);
	cr_assert_gt(strlen(cwd), 1200);
	want = xstrdup(dir);
	for (i = 0; i < 12; i++) {
		char *w = xasprintf("%s/%s", want, name);

		free(want);
		want = w;
	}
	/* dir itself may sit behind a symlink (/tmp): compare from the end */
	cr_assert_str_eq(cwd + strlen(cwd) - 12 * 101, want + strlen(want) - 12 * 101);
	free(cwd);
	free(want);
}

static void set_env(const char *name, const char *value)
{
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
}

Test(fsutil, xdg_variable_then_home_default_then_nothing)
{
	static const struct {
		enum fs_xdg kind;
		const char *var, *dflt;
	} k[] = {
		{ FS_XDG_DATA, "XDG_DATA_HOME", "/h/.local/share/x/y" },
		{ FS_XDG_CACHE, "XDG_CACHE_HOME", "/h/.cache/x/y" },
		{ FS_XDG_STATE, "XDG_STATE_HOME", "/h/.local/state/x/y" },
		{ FS_XDG_CONFIG, "XDG_CONFIG_HOME", "/h/.config/x/y" },
	};
	size_t i;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		char *p;

		set_env("HOME", "/h");
		set_env(k[i].var, "/xdg");
		p = fs_xdg_path(k[i].kind, "x/y");
		cr_assert_str_eq(p, "/xdg/x/y");
		free(p);
		set_env(k[i].var, "relative");   /* the spec: ignore it */
		p = fs_xdg_path(k[i].kind, "x/y");
		cr_assert_str_eq(p, k[i].dflt);
		free(p);
		set_env(k[i].var, "");
		p = fs_xdg_path(k[i].kind, "x/y");
		cr_assert_str_eq(p, k[i].dflt);
		free(p);
		set_env(k[i].var, NULL);
		p = fs_xdg_path(k[i].kind, "x/y");
		cr_assert_str_eq(p, k[i].dflt);
		free(p);
		set_env("HOME", "also-relative");
		cr_assert_null(fs_xdg_path(k[i].kind, "x/y"));
		set_env("HOME", NULL);
		cr_assert_null(fs_xdg_path(k[i].kind, "x/y"));
	}
}

/* The system lists: load order (the first listed comes last and wins),
 * each base once, relative entries ignored, the spec's defaults. */
Test(fsutil, xdg_dirs_in_load_order)
{
	char **v;
	size_t n;

	set_env("XDG_CONFIG_DIRS", "/a:relative::/b/:/a:/c:/b");
	n = fs_xdg_dirs(FS_XDG_CONFIG_DIRS, "enrollkb/config", &v);
	cr_assert_eq(n, 3);
	cr_expect_str_eq(v[0], "/c/enrollkb/config");
	cr_expect_str_eq(v[1], "/b/enrollkb/config");
	cr_expect_str_eq(v[2], "/a/enrollkb/config");
	fs_xdg_dirs_free(v, n);

	set_env("XDG_CONFIG_DIRS", NULL);
	n = fs_xdg_dirs(FS_XDG_CONFIG_DIRS, "x", &v);
	cr_assert_eq(n, 1);
	cr_expect_str_eq(v[0], "/etc/xdg/x");
	fs_xdg_dirs_free(v, n);
	set_env("XDG_DATA_DIRS", "");
	n = fs_xdg_dirs(FS_XDG_DATA_DIRS, "x", &v);
	cr_assert_eq(n, 2);
	cr_expect_str_eq(v[0], "/usr/share/x");
	cr_expect_str_eq(v[1], "/usr/local/share/x");
	fs_xdg_dirs_free(v, n);
	set_env("XDG_DATA_DIRS", "relative:also/relative");
	n = fs_xdg_dirs(FS_XDG_DATA_DIRS, "x", &v);
	cr_expect_eq(n, 0);
	fs_xdg_dirs_free(v, n);
}
