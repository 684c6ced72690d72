/* SPDX-License-Identifier: MIT */
/* progress_file.c: the state files on disk -- reading one, the lock that
 * serialises saves, setting a corrupt file aside, writing atomically
 * (temporary file, fsync, rename, fsync of the directory) and listing the
 * cases in a state directory. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "progress_impl.h"
#include "xalloc.h"

static void (*test_hook)(const char *stage);

void progress_set_test_hook(void (*hook)(const char *stage))
{
	test_hook = hook;
}

void progress_hook(const char *stage)
{
	if (test_hook)
		test_hook(stage);
}

/* ---- Reading ------------------------------------------------------------- */

static bool read_all(int fd, struct strbuf *sb)
{
	char buf[65536];

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		if (n == 0)
			return true;
		sb_add(sb, buf, (size_t)n);
	}
}

/* Reads path into out (which must be empty).  want_case NULL: any case. */
enum load_status progress_load_file(const char *path, const char *want_case,
				    struct entries *out, struct load_info *info)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int fd;

	memset(info, 0, sizeof(*info));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		info->err = errno;
		return info->status = errno == ENOENT ? LOAD_MISSING : LOAD_UNREADABLE;
	}
	if (fstat(fd, &st) != 0) {
		info->err = errno;
		close(fd);
		return info->status = LOAD_UNREADABLE;
	}
	if (!S_ISREG(st.st_mode)) {
		info->err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		close(fd);
		return info->status = LOAD_UNREADABLE;
	}
	if (!read_all(fd, &sb)) {
		info->err = errno;
		close(fd);
		sb_free(&sb);
		return info->status = LOAD_UNREADABLE;
	}
	close(fd);
	info->status = progress_parse_state(sb_str(&sb), sb.len, want_case, out, info);
	sb_free(&sb);
	if (info->status != LOAD_OK)
		progress_entries_free(out);
	return info->status;
}

/* ---- Directories, locks, corrupt files ------------------------------------- */

/* mkdir -p with mode 0700 for what it creates. */
bool progress_make_dirs(const char *path)
{
	char *p = xstrdup(path), *s;
	struct stat st;
	int err = 0;

	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0700) != 0 && errno != EEXIST) {
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

bool progress_lock(struct progress *p)
{
	while (flock(p->lock_fd, LOCK_EX) != 0)
		if (errno != EINTR)
			return false;
	return true;
}

void progress_unlock(struct progress *p)
{
	flock(p->lock_fd, LOCK_UN);
}

/* Moves a file that could not be parsed to NAME.corrupt-<time>[-N],
 * never replacing anything.  Returns the new name (malloc'd) or NULL. */
char *progress_move_aside(const char *path)
{
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32] = "unknown";
	unsigned i;

	if (gmtime_r(&now, &tm))
		strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	for (i = 1; i < 1000; i++) {
		char *aside = i == 1 ? xasprintf("%s.corrupt-%s", path, stamp)
				     : xasprintf("%s.corrupt-%s-%u", path, stamp, i);
		struct stat st;

		/* link() refuses to replace; rename() is the fallback for file
		 * systems without hard links. */
		if (link(path, aside) == 0) {
			if (unlink(path) == 0)
				return aside;
			free(aside);
			return NULL;
		}
		if (errno != EEXIST) {
			if (lstat(aside, &st) != 0 && errno == ENOENT &&
			    rename(path, aside) == 0)
				return aside;
			if (errno != EEXIST) {
				free(aside);
				return NULL;
			}
		}
		free(aside);
	}
	errno = EEXIST;
	return NULL;
}

/* ---- Writing ------------------------------------------------------------- */

static bool write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

/* tmp, fsync, rename, fsync the directory.  On failure *what names the
 * file concerned and errno says why. */
bool progress_write_state(const struct progress *p, const char **what)
{
	struct strbuf sb = STRBUF_INIT;
	int fd, err, dfd;

	progress_format_state(p, &sb);
	*what = p->tmp_path;
	/* The lock is held, so NAME.tmp is ours; one left by a killed
	 * process is simply truncated. */
	fd = open(p->tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		err = errno;
		sb_free(&sb);
		errno = err;
		return false;
	}
	if (!write_all(fd, sb.s, sb.len))
		goto fail;
	progress_hook("tmp-written");
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	progress_hook("tmp-synced");
	*what = p->path;
	if (rename(p->tmp_path, p->path) != 0)
		goto fail;
	progress_hook("renamed");
	sb_free(&sb);
	/* Makes the rename itself durable; some file systems cannot fsync a
	 * directory, which is no reason to give up. */
	dfd = open(p->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	progress_hook("dir-synced");
	return true;
fail:
	err = errno;
	if (fd >= 0)
		close(fd);
	unlink(p->tmp_path);
	sb_free(&sb);
	errno = err;
	return false;
}

/* ---- Listing cases ------------------------------------------------------- */

static int by_name(const void *x, const void *y)
{
	return strcmp(((const struct progress_case *)x)->name,
		      ((const struct progress_case *)y)->name);
}

size_t progress_list_cases(const char *dir, struct progress_case **cases,
			   struct diag_list *dl)
{
	struct progress_case *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *d;
	char *cdir;
	DIR *dp;

	*cases = NULL;
	if (!dir || !*dir)
		return 0;
	cdir = xasprintf("%s/cases", dir);
	dp = opendir(cdir);
	if (!dp) {
		if (errno != ENOENT)
			diag_add(dl, DIAG_WARNING, cdir, 0,
				 _("cannot list the checklist cases: %s"), strerror(errno));
		free(cdir);
		return 0;
	}
	while ((d = readdir(dp)) != NULL) {
		struct entries es = { NULL, 0, 0, HASH_TABLE_INIT };
		struct load_info info;
		char *path, *name;
		time_t changed = 0;
		size_t i;

		if (!progress_case_file_like(d->d_name))
			continue;
		path = xasprintf("%s/%s", cdir, d->d_name);
		switch (progress_load_file(path, NULL, &es, &info)) {
		case LOAD_OK:
			for (i = 0; i < es.n; i++)
				if (es.v[i].changed > changed)
					changed = es.v[i].changed;
			break;
		case LOAD_MISSING:
			/* Gone between readdir and open. */
			free(path);
			free(info.file_case);
			continue;
		case LOAD_UNREADABLE:
			diag_add(dl, DIAG_WARNING, path, 0, _("cannot read the checklist: %s"),
				 strerror(info.err));
			break;
		case LOAD_NEWER:
			diag_add(dl, DIAG_WARNING, path, 0,
				 _("checklist written in format version %lu, which this enrollkb cannot read"),
				 info.version);
			break;
		case LOAD_CORRUPT:
		case LOAD_OTHER_CASE:
		default:
			diag_add(dl, DIAG_WARNING, path, info.line,
				 _("cannot parse the checklist (%s); it is set aside when the case is next opened"),
				 _(info.why));
			break;
		}
		progress_entries_free(&es);
		name = progress_case_from_file_name(d->d_name);
		if (!name)
			name = info.file_case ? xstrdup(info.file_case) : xstrdup(d->d_name);
		free(info.file_case);
		free(path);
		v = xgrow(v, &cap, n + 1, sizeof(*v));
		v[n].name = name;
		v[n++].changed = changed;
	}
	closedir(dp);
	free(cdir);
	if (n)
		qsort(v, n, sizeof(*v), by_name);
	*cases = v;
	return n;
}

void progress_cases_free(struct progress_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(cases[i].name);
	free(cases);
}
