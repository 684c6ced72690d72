/* SPDX-License-Identifier: MIT */
/* checklist.c: the case's progress store as the browser works it -- tick,
 * note, reset and export, each saved at once with a one-line message, and
 * reading the case again when another enrollkb process saved it.
 *
 * progress_save merges with what other processes saved; the generation
 * number makes the views lay out again so that merged ticks show.  Nothing
 * here draws or prints: messages are handed back in a checklist_msg. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checklist.h"
#include "fsutil.h"
#include "i18n.h"
#include "xalloc.h"

/* How long a change waits for another process's lock before it is kept
 * for the poll to save. */
#define CHECKLIST_LOCK_WAIT_MS 1000u

struct checklist {
	struct progress *p;
	char *dir;                  /* the state directory, for reloads */
	unsigned gen;
	/* The state file as last read: a different one means another
	 * process saved. */
	bool have_id;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	/* For the layout callbacks. */
	const struct kb_article *lay_article;
	bool restricted;            /* no export to a file */
};

static bool file_id(const struct checklist *ck, struct stat *st)
{
	const char *path = ck->p ? progress_path(ck->p) : NULL;

	return path && stat(path, st) == 0;
}

static void remember(struct checklist *ck, const struct stat *st)
{
	ck->have_id = st != NULL;
	if (!st)
		return;
	ck->dev = st->st_dev;
	ck->ino = st->st_ino;
	ck->size = st->st_size;
	ck->mtime = st->st_mtim;
}

static bool same_file(const struct checklist *ck, const struct stat *st)
{
	return ck->have_id && st->st_dev == ck->dev && st->st_ino == ck->ino &&
	       st->st_size == ck->size && st->st_mtim.tv_sec == ck->mtime.tv_sec &&
	       st->st_mtim.tv_nsec == ck->mtime.tv_nsec;
}

/* Replaces what msg says. */
static void say(struct checklist_msg *msg, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct checklist_msg *msg, bool error, const char *fmt, ...)
{
	va_list ap;

	sb_truncate(&msg->text, 0);
	va_start(ap, fmt);
	sb_vprintf(&msg->text, fmt, ap);
	va_end(ap);
	msg->error = error;
}

void checklist_msg_free(struct checklist_msg *m)
{
	sb_free(&m->text);
	m->error = false;
}

struct checklist *checklist_new(struct progress *p, const char *dir)
{
	struct checklist *ck = xcalloc(1, sizeof(*ck));

	ck->p = p;
	ck->dir = dir ? xstrdup(dir) : NULL;
	ck->gen = 1;
	/* A tick must not freeze the screen for long: while another
	 * process holds the lock, the change waits in memory and the poll
	 * saves it. */
	if (p)
		progress_set_lock_wait(p, CHECKLIST_LOCK_WAIT_MS);
	{
		struct stat st;

		remember(ck, file_id(ck, &st) ? &st : NULL);
	}
	return ck;
}

void checklist_free(struct checklist *ck)
{
	if (!ck)
		return;
	progress_close(ck->p);
	free(ck->dir);
	free(ck);
}

size_t checklist_startup_warning(const struct checklist *ck,
				 const struct diag_list *dl, const char *say[3])
{
	size_t n = 0;

	if (!ck || !ck->p)
		return 0;
	if (dl && dl->n)
		say[n++] = dl->v[0].message;
	if (!progress_persistent(ck->p)) {
		say[n++] = _("Checklist changes are kept in memory only (enrollkb --checklist ID says why)");
		say[n++] = _("Checklists: in memory only");
	} else if (n) {
		say[n++] = _("A checklist warning: enrollkb --checklist ID shows it");
		say[n++] = _("Checklist warning");
	}
	return n;
}

unsigned checklist_generation(const struct checklist *ck)
{
	return ck ? ck->gen : 0;
}

bool checklist_enabled(const struct checklist *ck)
{
	return ck && ck->p;
}

bool checklist_persistent(const struct checklist *ck)
{
	return ck && ck->p && progress_persistent(ck->p);
}

const char *checklist_case(const struct checklist *ck)
{
	return ck && ck->p ? progress_case_name(ck->p) : "";
}

/* ---- Reading ----------------------------------------------------------------- */

static bool cb_done(void *ctx, const struct kb_step *s)
{
	struct checklist *ck = ctx;

	return progress_get(ck->p, ck->lay_article, s).done_at != 0;
}

static const char *cb_note(void *ctx, const struct kb_step *s)
{
	struct checklist *ck = ctx;
	const char *note = progress_get(ck->p, ck->lay_article, s).note;

	return note && *note ? note : NULL;
}

const struct layout_checklist *checklist_layout(struct checklist *ck,
						const struct kb_article *a,
						struct layout_checklist *cl)
{
	if (!ck || !ck->p)
		return NULL;
	ck->lay_article = a;
	cl->done = cb_done;
	cl->note = cb_note;
	cl->ctx = ck;
	return cl;
}

size_t checklist_done(const struct checklist *ck, const struct kb_article *a)
{
	return ck->p && a->nsteps ? progress_done_count(ck->p, a) : 0;
}

const char *checklist_badge(const struct checklist *ck,
			    const struct kb_article *a, char buf[48])
{
	size_t done = checklist_done(ck, a);

	buf[0] = '\0';
	if (done)
		snprintf(buf, 48, "%zu/%zu", done, a->nsteps);
	return buf;
}

const char *checklist_done_at(const struct checklist *ck, const struct kb_article *a,
			      const struct kb_step *s, char buf[40])
{
	time_t t = ck->p ? progress_get(ck->p, a, s).done_at : 0;
	struct tm tm;

	buf[0] = '\0';
	if (t && gmtime_r(&t, &tm))
		strftime(buf, 40, "%Y-%m-%d %H:%M UTC", &tm);
	return buf;
}

char *checklist_note(const struct checklist *ck, const struct kb_article *a,
		     const struct kb_step *s)
{
	const char *note = ck->p ? progress_get(ck->p, a, s).note : NULL;

	return note && *note ? xstrdup(note) : NULL;
}

/* ---- Changing ---------------------------------------------------------------- */

/* Saves after a change and says what happened (what), with the reason
 * when it could not be saved. */
static void saved(struct checklist *ck, const char *what, struct checklist_msg *msg)
{
	struct diag_list dl = DIAG_LIST_INIT;
	bool ok = progress_save(ck->p, &dl);

	ck->gen++;
	if (ok)
		say(msg, false, "%s", what);
	else if (progress_pending(ck->p))
		say(msg, true, _("%s -- not saved yet: another enrollkb holds the case's lock (kept, saved when it lets go)"),
		    what);
	else if (dl.n)
		say(msg, true, _("%s -- not saved: %s"), what, dl.v[0].message);
	else
		say(msg, false, _("%s (in memory only)"), what);
	diag_list_free(&dl);
}

bool checklist_toggle(struct checklist *ck, const struct kb_article *a,
		      const struct kb_step *s, const char *label,
		      struct checklist_msg *msg)
{
	bool done;
	char *what;
	size_t n;

	if (!ck->p)
		return false;
	done = progress_get(ck->p, a, s).done_at == 0;
	progress_set_done(ck->p, a, s, done, time(NULL));
	n = progress_done_count(ck->p, a);
	if (label && *label)
		what = xasprintf(done ? _("Step %s ticked: %zu of %zu done")
				     : _("Step %s unticked: %zu of %zu done"),
				label, n, a->nsteps);
	else
		what = xasprintf(done ? _("Step ticked: %zu of %zu done")
				     : _("Step unticked: %zu of %zu done"),
				n, a->nsteps);
	saved(ck, what, msg);
	free(what);
	return true;
}

bool checklist_set_note(struct checklist *ck, const struct kb_article *a,
			const struct kb_step *s, const char *label, const char *note,
			struct checklist_msg *msg)
{
	char *before, *after, *what;
	bool changed;

	if (!ck->p)
		return false;
	before = checklist_note(ck, a, s);
	progress_set_note(ck->p, a, s, note, time(NULL));
	after = checklist_note(ck, a, s);
	changed = (before == NULL) != (after == NULL) ||
		  (before && after && strcmp(before, after) != 0);
	if (!changed) {
		say(msg, false, "%s", _("Note unchanged"));
	} else {
		if (!label || !*label)
			what = xstrdup(after ? _("Note saved") : _("Note removed"));
		else
			what = xasprintf(after ? _("Note saved for step %s")
					       : _("Note removed from step %s"), label);
		saved(ck, what, msg);
		free(what);
	}
	free(before);
	free(after);
	return changed;
}

bool checklist_reset(struct checklist *ck, const struct kb_article *a,
		     struct checklist_msg *msg)
{
	char *what;

	if (!ck->p)
		return false;
	progress_reset(ck->p, a, time(NULL));
	what = xasprintf(_("Checklist of %s cleared for case %s"), a->id,
			 progress_case_name(ck->p));
	saved(ck, what, msg);
	free(what);
	return true;
}

/* ---- Export ------------------------------------------------------------------- */

/* A case name as part of a file name: bytes other than letters, digits,
 * "-", "_" and "." become "_", and it cannot start with a dot. */
static void put_safe(struct strbuf *sb, const char *s)
{
	size_t start = sb->len;

	for (; *s; s++) {
		char c = *s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '-' || c == '_' ||
			  (c == '.' && sb->len > start);

		sb_putc(sb, ok ? c : '_');
	}
}

char *checklist_export_default(const struct checklist *ck, const struct kb_article *a)
{
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb, "./");
	put_safe(&sb, checklist_case(ck));
	sb_putc(&sb, '-');
	put_safe(&sb, a->id);
	sb_puts(&sb, ".md");
	return sb_detach(&sb);
}

/* The path as the user means it, made absolute so that the status line
 * says exactly where the file went. */
static char *full_path(const char *path)
{
	const char *home = getenv("HOME");
	char *cwd, *full;

	if (path[0] == '~' && (path[1] == '/' || path[1] == '\0') && home && *home)
		return xasprintf("%s%s", home, path + 1);
	if (path[0] == '/')
		return xstrdup(path);
	cwd = fs_getcwd();
	if (!cwd)
		return xstrdup(path);
	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	full = xasprintf("%s%s%s", cwd, strcmp(cwd, "/") == 0 ? "" : "/", path);
	free(cwd);
	return full;
}

/* Writes data to path through a temporary file in the same directory and
 * rename(2) (fsutil.h): a reader never sees half a file, and a symlink or
 * FIFO at path is replaced, never written through.  Mode 0600: a case's
 * notes are nobody else's business on a shared box (chmod to share). */
static bool write_replace(const char *path, const char *data, size_t len)
{
	struct fs_replace r;

	if (!fs_replace_begin(&r, path, NULL, 0600, true))
		return false;
	if (!fs_replace_write(&r, data, len)) {
		fs_replace_abort(&r);
		return false;
	}
	return fs_replace_commit(&r);
}

bool checklist_export(struct checklist *ck, const struct kb_article *a, const char *path,
		      struct checklist_msg *msg)
{
	struct strbuf md = STRBUF_INIT;
	char *full;
	bool ok;

	if (ck->restricted) {
		say(msg, true, "%s", _("Restricted mode: no export to a file (enrollkb --checklist ID prints it)"));
		return false;
	}
	while (*path == ' ')
		path++;
	if (!*path) {
		say(msg, true, "%s", _("No file name: nothing exported"));
		return false;
	}
	if (!ck->p)
		return false;
	full = full_path(path);
	progress_export_markdown(ck->p, a, &md);
	ok = write_replace(full, sb_str(&md), md.len);
	if (ok)
		say(msg, false, _("Checklist exported to %s"), full);
	else
		say(msg, true, _("Could not export to %s: %s"), full, strerror(errno));
	sb_free(&md);
	free(full);
	return ok;
}

void checklist_set_restricted(struct checklist *ck, bool on)
{
	ck->restricted = on;
}

/* ---- Other processes ---------------------------------------------------------- */

bool checklist_poll(struct checklist *ck, struct checklist_msg *msg)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct stat st;
	bool pending, changed, have;

	/* A store in memory only has nothing to compare with. */
	if (!ck || !ck->p || !progress_persistent(ck->p) || !ck->dir)
		return false;
	pending = progress_pending(ck->p);
	have = file_id(ck, &st);
	/* A file that went away keeps what is in memory (the next save
	 * writes it again). */
	if (!pending && (!have || same_file(ck, &st)))
		return false;
	/* Changes of this store are merged in, never dropped: pending ones
	 * are saved, a file someone else broke is set aside and this store's
	 * ticks saved anew.  With the lock held elsewhere nothing happens:
	 * the next poll tries again. */
	changed = progress_refresh(ck->p, &dl);
	if (dl.n)
		say(msg, true, "%s", dl.v[0].message);
	else if (pending && !progress_pending(ck->p))
		say(msg, false, "%s", _("Checklist saved: the other enrollkb let go of the case's lock"));
	diag_list_free(&dl);
	if (!changed)
		return false;
	/* The file as it was before the read: a save landing meanwhile (or
	 * this store's own) is read at the next poll, at worst once more. */
	remember(ck, have ? &st : NULL);
	ck->gen++;
	return true;
}
