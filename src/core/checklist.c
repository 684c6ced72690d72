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
	/* The session's changes, the last on top: what "undo" puts back. */
	struct undo *undo;
	size_t nundo, undo_cap;
	bool restricted;            /* no export to a file */
};

/* The state of an article before one change, and what the change was. */
struct undo {
	const struct kb_article *a;
	struct progress_snapshot *before;
	char *what;
};

/* Undo goes this far back; the oldest change is forgotten first. */
#define UNDO_MAX 100

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

static void undo_clear(struct checklist *ck)
{
	size_t i;

	for (i = 0; i < ck->nundo; i++) {
		progress_snapshot_free(ck->undo[i].before);
		free(ck->undo[i].what);
	}
	ck->nundo = 0;
}

void checklist_free(struct checklist *ck)
{
	if (!ck)
		return;
	undo_clear(ck);
	free(ck->undo);
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
	struct stat st;

	ck->gen++;
	/* The file is what we hold now (the save merged the rest in): the
	 * next poll is not to take our own save for another process's and
	 * read it all again. */
	if (ok && file_id(ck, &st))
		remember(ck, &st);
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

/* Records the article's state before a change described by what (taken). */
static void undo_push(struct checklist *ck, const struct kb_article *a,
		      struct progress_snapshot *before, char *what)
{
	struct undo *u;

	if (ck->nundo == UNDO_MAX) {
		progress_snapshot_free(ck->undo[0].before);
		free(ck->undo[0].what);
		memmove(ck->undo, ck->undo + 1, (UNDO_MAX - 1) * sizeof(*ck->undo));
		ck->nundo--;
	}
	ck->undo = xgrow(ck->undo, &ck->undo_cap, ck->nundo + 1, sizeof(*ck->undo));
	u = &ck->undo[ck->nundo++];
	u->a = a;
	u->before = before;
	u->what = what;
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
	undo_push(ck, a, progress_snapshot(ck->p, a->id),
		  label && *label ? xasprintf(done ? _("the tick of step %s")
						   : _("the untick of step %s"), label)
				  : xstrdup(done ? _("the tick") : _("the untick")));
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
	struct progress_snapshot *snap;
	bool changed;

	if (!ck->p)
		return false;
	snap = progress_snapshot(ck->p, a->id);
	before = checklist_note(ck, a, s);
	progress_set_note(ck->p, a, s, note, time(NULL));
	after = checklist_note(ck, a, s);
	changed = (before == NULL) != (after == NULL) ||
		  (before && after && strcmp(before, after) != 0);
	if (!changed) {
		progress_snapshot_free(snap);
		say(msg, false, "%s", _("Note unchanged"));
	} else {
		undo_push(ck, a, snap, label && *label
			  ? xasprintf(_("the note on step %s"), label)
			  : xstrdup(_("the note")));
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
	undo_push(ck, a, progress_snapshot(ck->p, a->id), xstrdup(_("the reset")));
	progress_reset(ck->p, a, time(NULL));
	what = xasprintf(_("Checklist of %s cleared for case %s"), a->id,
			 progress_case_name(ck->p));
	saved(ck, what, msg);
	free(what);
	return true;
}

const struct kb_article *checklist_undo(struct checklist *ck, struct checklist_msg *msg)
{
	struct undo u;
	char *what;

	if (!ck || !ck->p)
		return NULL;
	if (!ck->nundo) {
		say(msg, false, "%s", _("Nothing to undo: no checklist change in this session"));
		return NULL;
	}
	u = ck->undo[--ck->nundo];
	progress_restore(ck->p, u.before, time(NULL));
	what = xasprintf(_("Undone: %s in %s (%zu of %zu done)"), u.what, u.a->id,
			 progress_done_count(ck->p, u.a), u.a->nsteps);
	saved(ck, what, msg);
	free(what);
	progress_snapshot_free(u.before);
	free(u.what);
	return u.a;
}

void checklist_markdown(const struct checklist *ck, const struct kb_article *a,
			struct strbuf *out)
{
	if (ck && ck->p)
		progress_export_markdown(ck->p, a, out);
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
	return fs_replace_file(path, data, len, 0600);
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

/* ---- Cases ------------------------------------------------------------------------ */

/* The state directory's note of the case last worked in the browser. */
#define LAST_CASE_FILE "last-case"

const char *checklist_dir(const struct checklist *ck)
{
	return ck ? ck->dir : NULL;
}

void checklist_case_info(const struct checklist *ck, const struct kb *kb,
			 struct progress_case *info)
{
	progress_case_info(ck->p, kb, info);
}

/* Closes the open case (if any) and opens name (NULL: the default). */
static void reopen(struct checklist *ck, const char *name, struct diag_list *dl)
{
	struct stat st;

	progress_close(ck->p);
	ck->p = progress_open(ck->dir, name, dl);
	remember(ck, file_id(ck, &st) ? &st : NULL);
	/* Undo belongs to the case it was done in. */
	undo_clear(ck);
	ck->gen++;
}

bool checklist_switch(struct checklist *ck, const char *name, struct checklist_msg *msg)
{
	struct diag_list dl = DIAG_LIST_INIT;

	if (!ck || !ck->p)
		return false;
	reopen(ck, name, &dl);
	if (dl.n)
		say(msg, true, "%s", dl.v[0].message);
	else
		say(msg, false, _("Now on case %s"), progress_case_name(ck->p));
	diag_list_free(&dl);
	return true;
}

bool checklist_delete_case(struct checklist *ck, const char *name, struct checklist_msg *msg)
{
	struct diag_list dl = DIAG_LIST_INIT;
	bool current, ok;

	if (!ck || !ck->p)
		return false;
	current = strcmp(name, progress_case_name(ck->p)) == 0;
	/* The open case would write itself again at its next change. */
	if (current) {
		progress_close(ck->p);
		ck->p = NULL;
	}
	ok = progress_delete_case(ck->dir, name, &dl);
	if (current) {
		struct diag_list odl = DIAG_LIST_INIT;

		reopen(ck, NULL, &odl);
		diag_list_free(&odl);
	}
	if (!ok)
		say(msg, true, "%s", dl.v[0].message);
	else if (current)
		say(msg, false, _("Case %s deleted; now on case %s"), name,
		    progress_case_name(ck->p));
	else
		say(msg, false, _("Case %s deleted"), name);
	diag_list_free(&dl);
	return ok;
}

char *checklist_last_case(const char *dir)
{
	char *path, buf[1024];
	FILE *fp;
	size_t n;

	if (!dir)
		return NULL;
	path = xasprintf("%s/" LAST_CASE_FILE, dir);
	fp = fopen(path, "r");
	free(path);
	if (!fp)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	/* Anything else than one line of text is not a note of ours. */
	for (n = 0; buf[n]; n++)
		if ((unsigned char)buf[n] < 0x20 || buf[n] == 0x7f)
			return NULL;
	return buf[0] ? xstrdup(buf) : NULL;
}

bool checklist_remember_case(const struct checklist *ck)
{
	const char *name = checklist_case(ck), *c;
	char *path, *text;
	bool ok;

	if (!ck || !ck->p || !ck->dir || !progress_persistent(ck->p))
		return false;
	for (c = name; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return false;    /* a name no line can hold */
	path = xasprintf("%s/" LAST_CASE_FILE, ck->dir);
	text = xasprintf("%s\n", name);
	ok = fs_replace_file(path, text, strlen(text), 0600);
	free(text);
	free(path);
	return ok;
}

char *checklist_export_case_default(const struct checklist *ck)
{
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb, "./");
	put_safe(&sb, checklist_case(ck));
	sb_puts(&sb, ".md");
	return sb_detach(&sb);
}

bool checklist_export_case(struct checklist *ck, const struct kb *kb, const char *path,
			   struct checklist_msg *msg)
{
	struct strbuf out = STRBUF_INIT;
	size_t len;
	char *full;
	bool ok, text;

	while (*path == ' ')
		path++;
	if (!*path) {
		say(msg, true, "%s", _("No file name: nothing exported"));
		return false;
	}
	if (!ck || !ck->p)
		return false;
	len = strlen(path);
	text = len >= 4 && strcmp(path + len - 4, ".txt") == 0;
	full = full_path(path);
	progress_export_case(ck->p, kb, text ? PROGRESS_TEXT : PROGRESS_MARKDOWN, &out);
	ok = write_replace(full, sb_str(&out), out.len);
	if (ok)
		say(msg, false, _("Case %s exported to %s"), checklist_case(ck), full);
	else
		say(msg, true, _("Could not export to %s: %s"), full, strerror(errno));
	sb_free(&out);
	free(full);
	return ok;
}
