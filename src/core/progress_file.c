/* SPDX-License-Identifier: MIT */
/* progress_file.c: the state files on disk -- reading one, the lock that
 * serialises saves (and how long to wait for it), whether a state
 * directory is private, setting a corrupt file aside, writing atomically
 * (fsutil.h: temporary file, fsync, rename, fsync of the directory) and
 * listing the cases in a state directory.  Every file is opened without
 * following a symlink and only used when it is a regular one. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"
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

/* Reads path into out (which must be empty).  want_case NULL: any case.
 * Only a regular file is read, never through a symlink: the state
 * directory is ours, but what is in it may have been put there. */
enum load_status progress_load_file(const char *path, const char *want_case,
				    struct entries *out, struct load_info *info)
{
	struct stat st;
	size_t len;
	char *buf = NULL;
	int fd;

	memset(info, 0, sizeof(*info));
	memset(&st, 0, sizeof(st));
	fd = fs_open_regular(path, O_RDONLY, 0, &st);
	if (fd >= 0) {
		buf = fs_read_fd(fd, SIZE_MAX, &len, NULL);
		info->err = errno;
		close(fd);
	} else {
		info->err = errno;
	}
	if (!buf) {
		info->mode = st.st_mode;
		return info->status = info->err == ENOENT ? LOAD_MISSING : LOAD_UNREADABLE;
	}
	info->err = 0;
	info->status = progress_parse_state(buf, len, want_case, out, info);
	free(buf);
	if (info->status != LOAD_OK)
		progress_entries_free(out);
	return info->status;
}

/* ---- Directories, locks, corrupt files ------------------------------------- */

static void (*wait_hook)(const char *lock_path, const char *case_name);

void progress_set_wait_hook(void (*hook)(const char *lock_path, const char *case_name))
{
	wait_hook = hook;
}

/* Polled rather than a blocking flock with an alarm: no signal handler to
 * install, and the wait can be said before it starts. */
#define LOCK_POLL_MS 50

bool progress_lock(struct progress *p, unsigned wait_ms)
{
	unsigned waited = 0;
	bool told = false;

	for (;;) {
		struct timespec ts = { 0, LOCK_POLL_MS * 1000000L };

		if (flock(p->lock_fd, LOCK_EX | LOCK_NB) == 0)
			return true;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			return false;
		if (waited >= wait_ms) {
			errno = EAGAIN;
			return false;
		}
		if (!told && wait_hook)
			wait_hook(p->lock_path, p->name);
		told = true;
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
		waited += LOCK_POLL_MS;
	}
}

void progress_unlock(struct progress *p)
{
	flock(p->lock_fd, LOCK_UN);
}

/* One directory of progress_dir_private's. */
static bool dir_private(const char *dir, struct diag_list *dl)
{
	struct stat st;

	switch (fs_dir_private(dir, &st)) {
	case FS_OTHER_OWNER:
		diag_add(dl, DIAG_WARNING, dir, 0,
			 _("the state directory belongs to another user (uid %lu): "
			   "not used for checklists"), (unsigned long)st.st_uid);
		return false;
	case FS_SHARED:
		diag_add(dl, DIAG_WARNING, dir, 0,
			 _("the state directory is writable by other users (mode %04o): "
			   "not used for checklists (chmod go-w makes it private)"),
			 (unsigned)(st.st_mode & 07777));
		return false;
	case FS_NOT_A_DIR:     /* not there yet: whoever makes it decides */
	case FS_PRIVATE:
	default:
		return true;
	}
}

bool progress_dir_private(const char *dir, struct diag_list *dl)
{
	char *cases = xasprintf("%s/cases", dir);
	bool ok = dir_private(dir, dl) && dir_private(cases, dl);

	free(cases);
	return ok;
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

/* tmp, fsync, rename, fsync the directory.  On failure *what names the
 * file concerned and errno says why. */
bool progress_write_state(const struct progress *p, const char **what)
{
	struct strbuf sb = STRBUF_INIT;
	struct fs_replace r;
	bool ok;
	int err;

	progress_format_state(p, &sb);
	/* The lock is held, so NAME.tmp is ours; one left by a killed
	 * process is simply truncated. */
	ok = fs_replace_begin(&r, p->path, p->tmp_path, 0600, true);
	if (ok) {
		r.hook = progress_hook;
		ok = fs_replace_write(&r, sb_str(&sb), sb.len);
		if (ok)
			ok = fs_replace_commit(&r);
		else
			fs_replace_abort(&r);
	}
	err = errno;
	if (!ok)
		*what = r.failed;
	sb_free(&sb);
	errno = err;
	return ok;
}

/* ---- Listing cases ------------------------------------------------------- */

size_t progress_walk_cases(const char *dir, progress_case_fn fn, void *ctx,
			   struct diag_list *dl)
{
	struct dirent *d;
	size_t n = 0;
	char *cdir;
	DIR *dp;

	if (!dir || !*dir || !progress_dir_private(dir, dl))
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

		if (!progress_case_file_like(d->d_name))
			continue;
		path = xasprintf("%s/%s", cdir, d->d_name);
		switch (progress_load_file(path, NULL, &es, &info)) {
		case LOAD_OK:
			break;
		case LOAD_MISSING:
			/* Gone between readdir and open. */
			free(path);
			free(info.file_case);
			continue;
		case LOAD_UNREADABLE:
			diag_add(dl, DIAG_WARNING, path, 0, _("cannot read the checklist: %s"),
				 fs_strerror(info.err, info.mode));
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
		name = progress_case_from_file_name(d->d_name);
		if (!name)
			name = info.file_case ? xstrdup(info.file_case) : xstrdup(d->d_name);
		free(info.file_case);
		free(path);
		fn(ctx, name, &es);
		progress_entries_free(&es);
		n++;
	}
	closedir(dp);
	free(cdir);
	return n;
}

struct case_list {
	struct progress_case *v;
	size_t n, cap;
};

struct progress_case *progress_case_add(struct progress_case **v, size_t *n,
					size_t *cap, char *name, const struct entries *es)
{
	struct progress_case *c;
	size_t i;

	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	c = &(*v)[(*n)++];
	memset(c, 0, sizeof(*c));
	c->name = name;
	for (i = 0; i < es->n; i++)
		if (es->v[i].changed > c->changed)
			c->changed = es->v[i].changed;
	return c;
}

static void add_case(void *ctx, char *name, const struct entries *es)
{
	struct case_list *l = ctx;

	progress_case_add(&l->v, &l->n, &l->cap, name, es);
}

static int by_name(const void *x, const void *y)
{
	return strcmp(((const struct progress_case *)x)->name,
		      ((const struct progress_case *)y)->name);
}

size_t progress_list_cases(const char *dir, struct progress_case **cases,
			   struct diag_list *dl)
{
	struct case_list l = { NULL, 0, 0 };

	progress_walk_cases(dir, add_case, &l, dl);
	if (l.n)
		qsort(l.v, l.n, sizeof(*l.v), by_name);
	*cases = l.v;
	return l.n;
}

void progress_cases_free(struct progress_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(cases[i].name);
		free(cases[i].last_article);
	}
	free(cases);
}
