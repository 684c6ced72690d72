/* SPDX-License-Identifier: MIT */
/* fsutil.c: whole-file reads, atomic replacement, mkdir -p, XDG and cwd;
 * opening files that may have been planted (beneath a directory, or the
 * user's own regular file) and telling whether a directory is private. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "i18n.h"
#include "strbuf.h"
#include "xalloc.h"

/* ---- Reading and writing ----------------------------------------------- */

char *fs_read_fd(int fd, size_t max, size_t *len, struct stat *st)
{
	struct stat sb;
	char *buf;
	size_t n = 0, cap;

	if (fstat(fd, &sb) != 0)
		return NULL;
	if (st)
		*st = sb;
	if (!S_ISREG(sb.st_mode)) {
		errno = S_ISDIR(sb.st_mode) ? EISDIR : EINVAL;
		return NULL;
	}
	if ((uintmax_t)sb.st_size > max) {
		errno = EFBIG;
		return NULL;
	}
	/* The size is a hint: the file may grow or shrink while it is read. */
	cap = sb.st_size > 0 && (uintmax_t)sb.st_size < SIZE_MAX / 2 ? (size_t)sb.st_size + 1
								      : 65536;
	buf = xmalloc(cap);
	for (;;) {
		ssize_t got;

		if (n + 1 >= cap)
			buf = xgrow(buf, &cap, n + 65536, 1);
		got = read(fd, buf + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int err = errno;

			free(buf);
			errno = err;
			return NULL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > max) {   /* it grew past the limit meanwhile */
			free(buf);
			errno = EFBIG;
			return NULL;
		}
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

char *fs_read_file(const char *path, size_t *len, struct stat *st)
{
	/* O_NONBLOCK: opening a FIFO would wait for a writer (it has no
	 * effect on the regular files that are read). */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), err;
	char *buf;

	if (fd < 0)
		return NULL;
	buf = fs_read_fd(fd, SIZE_MAX, len, st);
	err = errno;
	close(fd);
	errno = err;
	return buf;
}

bool fs_write_all(int fd, const void *data, size_t n)
{
	const char *p = data;

	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return false;
		if (w == 0) {
			errno = EIO;
			return false;
		}
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* ---- Files that may have been planted ------------------------------------ */

/* Symlinks followed by hand at most, as the kernel's MAXSYMLINKS. */
#define MAX_LINKS 40

int fs_open_beneath(int dirfd, const char *rel)
{
	/* The path still to walk, as a string that symlink targets are
	 * spliced into; the directories walked so far, as open fds (so a
	 * ".." goes back to the one we came from, never to what the name
	 * ".." means now). */
	struct strbuf todo = STRBUF_INIT;
	int *dirs = NULL, fd = -1, err = 0;
	size_t ndirs = 0, cap = 0, pos = 0;
	unsigned links = 0;

	if (*rel == '/') {
		errno = EXDEV;
		return -1;
	}
	sb_puts(&todo, rel);
	for (;;) {
		int cur = ndirs ? dirs[ndirs - 1] : dirfd;
		const char *p = sb_str(&todo) + pos;
		size_t len = strcspn(p, "/");
		char *name;
		struct stat st;
		bool last;

		pos += len;
		while (sb_str(&todo)[pos] == '/')
			pos++;
		last = sb_str(&todo)[pos] == '\0';
		if (len == 0 || (len == 1 && p[0] == '.')) {
			if (last) {
				/* "a/" or "a/.": the directory itself */
				fd = openat(cur, ".", O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
				err = errno;
				break;
			}
			continue;
		}
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (ndirs == 0) {
				err = EXDEV;
				break;
			}
			close(dirs[--ndirs]);
			if (last) {
				cur = ndirs ? dirs[ndirs - 1] : dirfd;
				fd = openat(cur, ".", O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
				err = errno;
				break;
			}
			continue;
		}
		name = xstrndup(p, len);
		if (fstatat(cur, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			err = errno;
			free(name);
			break;
		}
		if (S_ISLNK(st.st_mode)) {
			struct strbuf target = STRBUF_INIT;
			char buf[4096];
			ssize_t n = readlinkat(cur, name, buf, sizeof(buf));

			free(name);
			if (n < 0 || (size_t)n >= sizeof(buf)) {
				err = n < 0 ? errno : ENAMETOOLONG;
				break;
			}
			if (++links > MAX_LINKS) {
				err = ELOOP;
				break;
			}
			if (n == 0 || buf[0] == '/') {
				err = EXDEV;
				break;
			}
			/* The target takes the link's place in what is left. */
			sb_add(&target, buf, (size_t)n);
			if (!last) {
				sb_putc(&target, '/');
				sb_puts(&target, sb_str(&todo) + pos);
			}
			sb_free(&todo);
			todo = target;
			pos = 0;
			continue;
		}
		/* O_NOFOLLOW: a symlink put in its place since fstatat fails
		 * (ELOOP) instead of being followed. */
		if (last) {
			fd = openat(cur, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY |
					       O_NOFOLLOW);
			err = errno;
			free(name);
			break;
		}
		dirs = xgrow(dirs, &cap, ndirs + 1, sizeof(*dirs));
		dirs[ndirs] = openat(cur, name, O_RDONLY | O_CLOEXEC | O_DIRECTORY | O_NOFOLLOW);
		err = errno;
		free(name);
		if (dirs[ndirs] < 0)
			break;
		ndirs++;
	}
	while (ndirs)
		close(dirs[--ndirs]);
	free(dirs);
	sb_free(&todo);
	if (fd < 0)
		errno = err;
	return fd;
}

int fs_open_regular(const char *path, int flags, mode_t mode, struct stat *st)
{
	struct stat sb;
	int fd = open(path, flags | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, mode);

	int err;

	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	if (st)
		*st = sb;
	if (S_ISREG(sb.st_mode))
		return fd;
	close(fd);
	errno = S_ISDIR(sb.st_mode) ? EISDIR : EINVAL;
	return -1;
}

const char *fs_strerror(int err, mode_t mode)
{
	if (err == ELOOP)
		return _("it is a symbolic link (not followed) or a loop of them");
	if ((err == EINVAL || err == EISDIR) && mode && !S_ISREG(mode)) {
		if (S_ISDIR(mode))
			return _("it is a directory, not a regular file");
		if (S_ISFIFO(mode))
			return _("it is a FIFO, not a regular file");
		if (S_ISCHR(mode) || S_ISBLK(mode))
			return _("it is a device, not a regular file");
		if (S_ISSOCK(mode))
			return _("it is a socket, not a regular file");
		return _("it is not a regular file");
	}
	return strerror(err);
}

/* ---- Replacing a file atomically --------------------------------------- */

static void stage(const struct fs_replace *r, const char *what)
{
	if (r->hook)
		r->hook(what);
}

/* Releases r after a failure: closes and removes the temporary file (if
 * any), records which file failed, keeps errno.  Returns false. */
static bool give_up(struct fs_replace *r, const char *failed)
{
	int err = errno;

	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	if (r->tmp)
		unlink(r->tmp);
	free(r->tmp);
	r->tmp = NULL;
	if (failed)
		r->failed = failed;
	errno = err;
	return false;
}

bool fs_replace_begin(struct fs_replace *r, const char *path, const char *tmp,
		      mode_t mode, bool durable)
{
	memset(r, 0, sizeof(*r));
	r->path = path;
	r->shown = tmp ? tmp : path;
	r->durable = durable;
	if (tmp) {
		struct stat st;

		/* Whatever else was put there (a symlink, a FIFO) is not
		 * written through: the caller owns this name. */
		if (lstat(tmp, &st) == 0 && !S_ISREG(st.st_mode))
			unlink(tmp);
		r->fd = fs_open_regular(tmp, O_WRONLY | O_CREAT | O_TRUNC, mode, NULL);
	} else {
		r->tmp = xasprintf("%s.XXXXXX", path);
		r->fd = mkstemp(r->tmp);
		/* mkstemp makes it 0600 */
		if (r->fd >= 0 && (mode & 07777) != 0600 && fchmod(r->fd, mode) != 0)
			return give_up(r, r->shown);
	}
	if (r->fd < 0) {
		free(r->tmp);   /* nothing was created: nothing to remove */
		r->tmp = NULL;
		r->failed = r->shown;
		return false;
	}
	if (tmp)
		r->tmp = xstrdup(tmp);
	return true;
}

bool fs_replace_write(struct fs_replace *r, const void *data, size_t n)
{
	if (fs_write_all(r->fd, data, n))
		return true;
	r->failed = r->shown;
	return false;
}

/* The directory part of path ("." when it has none). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

static void sync_dir(const char *path)
{
	char *dir = dir_of(path);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir);
}

bool fs_replace_commit(struct fs_replace *r)
{
	int fd = r->fd;

	stage(r, "tmp-written");
	if (r->durable && fsync(fd) != 0)
		return give_up(r, r->shown);
	r->fd = -1;
	if (close(fd) != 0)
		return give_up(r, r->shown);
	stage(r, "tmp-synced");
	if (rename(r->tmp, r->path) != 0)
		return give_up(r, r->path);
	stage(r, "renamed");
	free(r->tmp);
	r->tmp = NULL;
	if (r->durable)
		sync_dir(r->path);
	stage(r, "dir-synced");
	return true;
}

void fs_replace_abort(struct fs_replace *r)
{
	give_up(r, NULL);
}

bool fs_replace_file(const char *path, const void *data, size_t n, mode_t mode)
{
	struct fs_replace r;

	if (!fs_replace_begin(&r, path, NULL, mode, true))
		return false;
	if (!fs_replace_write(&r, data, n)) {
		fs_replace_abort(&r);
		return false;
	}
	return fs_replace_commit(&r);
}

/* ---- Directories ------------------------------------------------------- */

bool fs_mkdirs(const char *path, mode_t mode)
{
	char *p = xstrdup(path), *s;
	struct stat st;
	int err = 0;

	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			/* An existing component (EEXIST, or EACCES/EROFS for one
			 * we may not create but that is there) is fine. */
			if (mkdir(p, mode) != 0 && errno != EEXIST) {
				err = errno;
				if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))
					break;
				err = 0;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	if (!err && stat(path, &st) != 0)
		err = errno;
	else if (!err && !S_ISDIR(st.st_mode))
		err = ENOTDIR;
	free(p);
	errno = err;
	return err == 0;
}

enum fs_private fs_dir_private(const char *path, struct stat *st)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return FS_NOT_A_DIR;
	if (st)
		*st = sb;
	if (!S_ISDIR(sb.st_mode)) {
		errno = ENOTDIR;
		return FS_NOT_A_DIR;
	}
	if (sb.st_uid != geteuid())
		return FS_OTHER_OWNER;
	if (sb.st_mode & (S_IWGRP | S_IWOTH))
		return FS_SHARED;
	return FS_PRIVATE;
}

char *fs_getcwd(void)
{
	size_t cap = 256;
	char *cwd = xmalloc(cap);

	while (!getcwd(cwd, cap)) {
		if (errno != ERANGE) {
			int err = errno;

			free(cwd);
			errno = err;
			return NULL;
		}
		cwd = xgrow(cwd, &cap, cap + 1, 1);
	}
	return cwd;
}

char *fs_xdg_path(enum fs_xdg kind, const char *rel)
{
	static const char *const var[] = {
		[FS_XDG_DATA] = "XDG_DATA_HOME",
		[FS_XDG_CACHE] = "XDG_CACHE_HOME",
		[FS_XDG_STATE] = "XDG_STATE_HOME",
		[FS_XDG_CONFIG] = "XDG_CONFIG_HOME",
	};
	static const char *const dflt[] = {
		[FS_XDG_DATA] = ".local/share",
		[FS_XDG_CACHE] = ".cache",
		[FS_XDG_STATE] = ".local/state",
		[FS_XDG_CONFIG] = ".config",
	};
	const char *xdg = getenv(var[kind]), *home = getenv("HOME");

	if (xdg && xdg[0] == '/')
		return xasprintf("%s/%s", xdg, rel);
	if (home && home[0] == '/')
		return xasprintf("%s/%s/%s", home, dflt[kind], rel);
	return NULL;
}

size_t fs_xdg_dirs(enum fs_xdg_dirs kind, const char *rel, char ***dirs)
{
	static const char *const var[] = {
		[FS_XDG_DATA_DIRS] = "XDG_DATA_DIRS",
		[FS_XDG_CONFIG_DIRS] = "XDG_CONFIG_DIRS",
	};
	static const char *const dflt[] = {
		[FS_XDG_DATA_DIRS] = "/usr/local/share:/usr/share",
		[FS_XDG_CONFIG_DIRS] = "/etc/xdg",
	};
	const char *env = getenv(var[kind]), *p;
	char **v = NULL;
	size_t n = 0, cap = 0, i;

	/* The spec: unset or empty means the default. */
	if (!env || !*env)
		env = dflt[kind];
	for (p = env; *p; p += *p == ':') {
		size_t len = strcspn(p, ":"), keep = len;

		while (keep > 1 && p[keep - 1] == '/')
			keep--;   /* "/b/" is "/b" */
		if (p[0] == '/') {
			char *d = xasprintf("%.*s/%s", (int)keep, p, rel);

			for (i = 0; i < n && strcmp(v[i], d) != 0; i++)
				;
			if (i < n) {
				free(d);
			} else {
				v = xgrow(v, &cap, n + 1, sizeof(*v));
				v[n++] = d;
			}
		}
		p += len;
	}
	*dirs = v;
	return n;
}

size_t fs_xdg_data_dirs(const char *rel, char ***dirs)
{
	return fs_xdg_dirs(FS_XDG_DATA_DIRS, rel, dirs);
}

void fs_xdg_dirs_free(char **dirs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
}
