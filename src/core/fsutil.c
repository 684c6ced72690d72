/* SPDX-License-Identifier: MIT */
/* fsutil.c: whole-file reads, atomic replacement, mkdir -p, XDG and cwd. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "xalloc.h"

/* ---- Reading and writing ----------------------------------------------- */

char *fs_read_file(const char *path, size_t *len, struct stat *st)
{
	struct stat sb;
	char *buf;
	size_t n = 0, cap;
	/* O_NONBLOCK: opening a FIFO would wait for a writer (it has no
	 * effect on the regular files that are read). */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), err;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) != 0)
		goto fail;
	if (!S_ISREG(sb.st_mode)) {
		errno = S_ISDIR(sb.st_mode) ? EISDIR : EINVAL;
		goto fail;
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
			err = errno;
			free(buf);
			close(fd);
			errno = err;
			return NULL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	if (st)
		*st = sb;
	return buf;
fail:
	err = errno;
	close(fd);
	errno = err;
	return NULL;
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
		r->fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
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

size_t fs_xdg_dirs(enum fs_xdg_dirs kind, const char *rel, char ***paths)
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
	size_t n = 0, cap = 0, i, j;

	if (!env || !*env)
		env = dflt[kind];
	for (p = env; *p; p += *p == ':') {
		size_t len = strcspn(p, ":"), keep = len;

		while (keep > 1 && p[keep - 1] == '/')
			keep--;   /* "/b/" is "/b" */
		if (p[0] == '/') {
			v = xgrow(v, &cap, n + 1, sizeof(*v));
			v[n++] = xasprintf("%.*s/%s", (int)keep, p, rel);
		}
		p += len;
	}
	/* A base listed twice counts where it is first (the more important
	 * place); then reverse into load order. */
	for (i = 0, j = 0; i < n; i++) {
		size_t k;

		for (k = 0; k < j && strcmp(v[k], v[i]) != 0; k++)
			;
		if (k < j)
			free(v[i]);
		else
			v[j++] = v[i];
	}
	n = j;
	for (i = 0; i < n / 2; i++) {
		char *t = v[i];

		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
	*paths = v;
	return n;
}

void fs_xdg_dirs_free(char **paths, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}
