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

/* ---- Files that may have been planted ---------------------------------- */

/* Reads rel beneath dir/sub through fs_open_beneath: the bytes, or NULL with
 * errno. */
static char *read_beneath(const char *sub, const char *rel, struct stat *st)
{
	char *top = xasprintf("%s/%s", dir, sub);
	int dfd = open(top, O_RDONLY | O_DIRECTORY), fd, err;
	size_t len;
	char *buf = NULL;

	cr_assert(dfd >= 0);
	fd = fs_open_beneath(dfd, rel);
	err = errno;
	if (fd >= 0) {
		buf = fs_read_fd(fd, 1 << 20, &len, st);
		err = errno;
		close(fd);
	}
	close(dfd);
	free(top);
	errno = err;
	return buf;
}

static void link_in_dir(const char *target, const char *name)
{
	char *path = in_dir(name);

	cr_assert_eq(symlink(target, path), 0, "%s: %s", path, strerror(errno));
	free(path);
}

static void mkdir_in_dir(const char *name)
{
	char *path = in_dir(name);

	cr_assert_eq(mkdir(path, 0700), 0);
	free(path);
}

static void spit_in_dir(const char *name, const char *text)
{
	char *path = in_dir(name);

	spit(path, text);
	free(path);
}

Test(fsutil, open_beneath_follows_symlinks_that_stay_inside)
{
	char *buf;

	mkdir_in_dir("pack");
	mkdir_in_dir("pack/sub");
	spit_in_dir("pack/sub/a.dita", "inside");
	link_in_dir("sub/a.dita", "pack/alias.dita");
	link_in_dir("../sub/a.dita", "pack/sub/self.dita");
	link_in_dir("sub", "pack/dirlink");
	buf = read_beneath("pack", "sub/a.dita", NULL);
	cr_expect_str_eq(buf ? buf : "(null)", "inside");
	free(buf);
	buf = read_beneath("pack", "alias.dita", NULL);
	cr_expect_str_eq(buf ? buf : "(null)", "inside", "a symlink to a file inside");
	free(buf);
	buf = read_beneath("pack", "sub/self.dita", NULL);
	cr_expect_str_eq(buf ? buf : "(null)", "inside", ".. inside a symlink's target");
	free(buf);
	buf = read_beneath("pack", "dirlink/./a.dita", NULL);
	cr_expect_str_eq(buf ? buf : "(null)", "inside", "a symlinked directory inside");
	free(buf);
	buf = read_beneath("pack", "sub/../sub/a.dita", NULL);
	cr_expect_str_eq(buf ? buf : "(null)", "inside");
	free(buf);
}

Test(fsutil, open_beneath_never_leaves_the_directory)
{
	static const char *const escapes[] = {
		"../secret", "up/secret", "sub/up2/secret", "abs", "passwd",
		"/etc/passwd", "sub/../../secret", "dots/secret",
	};
	size_t i;

	spit_in_dir("secret", "outside");
	mkdir_in_dir("pack");
	mkdir_in_dir("pack/sub");
	link_in_dir("..", "pack/up");
	link_in_dir("../..", "pack/sub/up2");
	link_in_dir("/etc/hostname", "pack/abs");
	link_in_dir("/etc/passwd", "pack/passwd");
	link_in_dir("sub/..", "pack/dots");   /* the pack itself, then "secret" */
	spit_in_dir("pack/secret", "the pack's own");
	for (i = 0; i < sizeof(escapes) / sizeof(escapes[0]); i++) {
		char *buf;

		errno = 0;
		buf = read_beneath("pack", escapes[i], NULL);
		if (strcmp(escapes[i], "dots/secret") == 0) {
			cr_expect_str_eq(buf ? buf : "(null)", "the pack's own",
					 "sub/.. is still inside");
		} else {
			cr_expect_null(buf, "%s was read: %s", escapes[i], buf);
			cr_expect_eq(errno, EXDEV, "%s: %s", escapes[i], strerror(errno));
		}
		free(buf);
	}
}

Test(fsutil, open_beneath_refuses_loops_fifos_devices_and_directories)
{
	char *fifo = in_dir("fifo"), *buf;
	struct stat st;

	link_in_dir("loop2", "loop1");
	link_in_dir("loop1", "loop2");
	link_in_dir("loop1", "into-loop");
	errno = 0;
	cr_expect_null(read_beneath(".", "into-loop", NULL));
	cr_expect_eq(errno, ELOOP, "%s", strerror(errno));

	/* Opening a FIFO must not wait for a writer: O_NONBLOCK. */
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	link_in_dir("fifo", "fifo-link");
	errno = 0;
	cr_expect_null(read_beneath(".", "fifo-link", &st));
	cr_expect_eq(errno, EINVAL);
	cr_expect(S_ISFIFO(st.st_mode));
	cr_expect_str_eq(fs_strerror(errno, st.st_mode), "it is a FIFO, not a regular file");

	mkdir_in_dir("d");
	errno = 0;
	cr_expect_null(read_beneath(".", "d", &st));
	cr_expect_eq(errno, EISDIR);
	cr_expect_str_eq(fs_strerror(errno, st.st_mode), "it is a directory, not a regular file");
	free(fifo);

	/* A device inside the directory is opened but never read. */
	errno = 0;
	{
		int fd = open("/dev/zero", O_RDONLY);
		size_t len;

		cr_assert(fd >= 0);
		buf = fs_read_fd(fd, 1 << 20, &len, &st);
		cr_expect_null(buf);
		cr_expect_eq(errno, EINVAL);
		cr_expect_str_eq(fs_strerror(errno, st.st_mode), "it is a device, not a regular file");
		close(fd);
	}
}

Test(fsutil, read_fd_stops_at_the_limit)
{
	char *path = in_dir("big");
	size_t len = 0;
	int fd;
	char *buf;

	spit(path, "0123456789");
	fd = open(path, O_RDONLY);
	cr_assert(fd >= 0);
	errno = 0;
	cr_expect_null(fs_read_fd(fd, 9, &len, NULL));
	cr_expect_eq(errno, EFBIG);
	lseek(fd, 0, SEEK_SET);
	buf = fs_read_fd(fd, 10, &len, NULL);
	cr_expect_str_eq(buf ? buf : "(null)", "0123456789", "exactly the limit is fine");
	cr_expect_eq(len, 10);
	free(buf);
	close(fd);
	free(path);
}

Test(fsutil, open_regular_refuses_symlinks_fifos_and_directories)
{
	char *target = in_dir("target"), *link = in_dir("name.lock");
	char *fifo = in_dir("fifo"), *fresh = in_dir("fresh");
	struct stat st;
	int fd;

	/* A dangling symlink must not create its target. */
	cr_assert_eq(symlink(target, link), 0);
	errno = 0;
	cr_expect_eq(fs_open_regular(link, O_RDWR | O_CREAT, 0600, NULL), -1);
	cr_expect_eq(errno, ELOOP);
	cr_expect_neq(access(target, F_OK), 0, "the symlink's target was created");
	cr_expect_str_eq(fs_strerror(ELOOP, 0),
			 "it is a symbolic link (not followed) or a loop of them");

	cr_assert_eq(mkfifo(fifo, 0600), 0);
	errno = 0;
	cr_expect_eq(fs_open_regular(fifo, O_RDONLY, 0, &st), -1);
	cr_expect_eq(errno, EINVAL);
	cr_expect(S_ISFIFO(st.st_mode));
	errno = 0;
	cr_expect_eq(fs_open_regular(fifo, O_WRONLY | O_CREAT, 0600, NULL), -1,
		     "a FIFO without a reader: no wait either");
	errno = 0;
	cr_expect_eq(fs_open_regular(dir, O_RDONLY, 0, NULL), -1);
	cr_expect_eq(errno, EISDIR);

	fd = fs_open_regular(fresh, O_RDWR | O_CREAT, 0600, &st);
	cr_assert(fd >= 0, "%s", strerror(errno));
	cr_expect_eq(st.st_mode & 0777, 0600);
	close(fd);
	free(target);
	free(link);
	free(fifo);
	free(fresh);
}

Test(fsutil, dir_private_is_ours_and_writable_by_nobody_else)
{
	char *sub = in_dir("sub"), *file = in_dir("file");
	struct stat st;

	cr_assert_eq(mkdir(sub, 0700), 0);
	cr_expect_eq(fs_dir_private(sub, &st), FS_PRIVATE);
	cr_assert_eq(chmod(sub, 0755), 0);
	cr_expect_eq(fs_dir_private(sub, NULL), FS_PRIVATE, "readable by others is fine");
	cr_assert_eq(chmod(sub, 0770), 0);
	cr_expect_eq(fs_dir_private(sub, NULL), FS_SHARED);
	cr_assert_eq(chmod(sub, 01777), 0);
	cr_expect_eq(fs_dir_private(sub, NULL), FS_SHARED, "sticky or not");
	cr_assert_eq(chmod(sub, 0700), 0);
	spit(file, "x");
	cr_expect_eq(fs_dir_private(file, NULL), FS_NOT_A_DIR);
	{
		char *missing = in_dir("missing");

		cr_expect_eq(fs_dir_private(missing, NULL), FS_NOT_A_DIR);
		free(missing);
	}
	/* Another owner: only root can make one. */
	if (geteuid() == 0) {
		cr_assert_eq(chown(sub, 65534, 65534), 0);
		cr_expect_eq(fs_dir_private(sub, &st), FS_OTHER_OWNER);
		cr_expect_eq(st.st_uid, 65534);
	}
	free(sub);
	free(file);
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

Test(fsutil, xdg_data_dirs_default_relative_ignored_repeats_once)
{
	char **v;
	size_t n;
	const char *old = getenv("XDG_DATA_DIRS");
	char *keep = old ? xstrdup(old) : NULL;

	unsetenv("XDG_DATA_DIRS");
	n = fs_xdg_data_dirs("enrollkb/packs", &v);
	cr_assert_eq(n, 2);
	cr_expect_str_eq(v[0], "/usr/local/share/enrollkb/packs");
	cr_expect_str_eq(v[1], "/usr/share/enrollkb/packs");
	while (n)
		free(v[--n]);
	free(v);

	setenv("XDG_DATA_DIRS", "/opt/a:rel/b::/opt/c:/opt/a", 1);
	n = fs_xdg_data_dirs("x", &v);
	cr_assert_eq(n, 2, "relative and empty entries ignored, /opt/a once");
	cr_expect_str_eq(v[0], "/opt/a/x");
	cr_expect_str_eq(v[1], "/opt/c/x");
	while (n)
		free(v[--n]);
	free(v);
	if (keep)
		setenv("XDG_DATA_DIRS", keep, 1);
	else
		unsetenv("XDG_DATA_DIRS");
	free(keep);
}

/* $XDG_CONFIG_DIRS too, and a trailing slash does not make a base
 * another. */
Test(fsutil, xdg_config_dirs_and_trailing_slashes)
{
	char **v;
	size_t n;

	set_env("XDG_CONFIG_DIRS", "/a:relative::/b/:/a:/c:/b");
	n = fs_xdg_dirs(FS_XDG_CONFIG_DIRS, "enrollkb/config", &v);
	cr_assert_eq(n, 3);
	cr_expect_str_eq(v[0], "/a/enrollkb/config");
	cr_expect_str_eq(v[1], "/b/enrollkb/config");
	cr_expect_str_eq(v[2], "/c/enrollkb/config");
	fs_xdg_dirs_free(v, n);

	set_env("XDG_CONFIG_DIRS", NULL);
	n = fs_xdg_dirs(FS_XDG_CONFIG_DIRS, "x", &v);
	cr_assert_eq(n, 1);
	cr_expect_str_eq(v[0], "/etc/xdg/x");
	fs_xdg_dirs_free(v, n);
	set_env("XDG_CONFIG_DIRS", "relative:also/relative");
	n = fs_xdg_dirs(FS_XDG_CONFIG_DIRS, "x", &v);
	cr_expect_eq(n, 0);
	fs_xdg_dirs_free(v, n);
}
