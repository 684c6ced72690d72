/* SPDX-License-Identifier: MIT */
/* progress_file.c: the state files on disk -- reading one, the lock that
 * serialises saves, setting a corrupt file aside, writing atomically
 * (fsutil.h: temporary file, fsync, rename, fsync of the directory) and
 * listing the cases in a state directory. */
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

/* Reads path into out (which must be empty).  want_case NULL: any case. */
enum load_status progress_load_file(const char *path, const char *want_case,
				    struct entries *out, struct load_info *info)
{
	size_t len;
	char *buf;

	memset(info, 0, sizeof(*info));
	buf = fs_read_file(path, &len, NULL);
	if (!buf) {
		info->err = errno;
		return info->status = errno == ENOENT ? LOAD_MISSING : LOAD_UNREADABLE;
	}
	info->status = progress_parse_state(buf, len, want_case, out, info);
	free(buf);
	if (info->status != LOAD_OK)
		progress_entries_free(out);
	return info->status;
}

/* ---- Directories, locks, corrupt files ------------------------------------- */

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
