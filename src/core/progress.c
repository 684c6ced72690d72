/* SPDX-License-Identifier: MIT */
/* progress.c: checklist state -- which steps are done, per case, with tick
 * times and notes; one human-readable file per case, saved atomically and
 * merged under a lock with what other enrollkb processes saved; Markdown
 * export of an article's checklist.
 *
 * This file is the store: opening a case, reading and changing it, merging
 * and saving.  progress_format.c reads and writes the format below,
 * progress_file.c deals with the files, progress_keys.c makes step keys and
 * progress_export.c the Markdown (see progress_impl.h).
 *
 * ---- State file format (version 1) ----------------------------------------
 *
 * Location: $XDG_STATE_HOME/enrollkb/cases/NAME; when XDG_STATE_HOME is
 * unset, empty or not an absolute path, $HOME/.local/state/enrollkb/cases/NAME.
 * NAME is the case name percent-encoded: every byte other than A-Z a-z 0-9
 * "-" and "_" becomes "%" and two upper-case hex digits, so the case
 * "INC 42/ä" lives in "INC%2042%2F%C3%A4" and ".." in "%2E%2E".  A case
 * name whose encoding would be longer than 200 bytes is cut at 183 bytes
 * and gets "~" and 16 hex digits (a hash of the whole name) appended; its
 * real name is then only in the file's "# case:" line.  An empty case name
 * is "default".  Case files never contain a dot, so the other files in that
 * directory are never taken for cases:
 *   NAME.lock                       lock file (flock) serialising saves
 *   NAME.tmp                        the next version being written
 *   NAME.corrupt-YYYYMMDDTHHMMSSZ   a file that could not be parsed, set
 *                                   aside untouched (-2, -3 ... appended
 *                                   when that name is taken)
 *
 * The file is UTF-8 text, lines end in LF (a CR before it is ignored):
 *
 *   # enrollkb checklist 1
 *   # case: INC 42/ä
 *   # article<TAB>step<TAB>done<TAB>changed<TAB>note
 *   device-cap-reached<TAB>8c0f7c1e3e5b9d2a<TAB>2026-11-26T10:32:00Z<TAB>2026-11-26T10:32:00Z<TAB>15 devices, limit 15
 *   device-cap-reached<TAB>5d41402abc4b2a76-2<TAB>-<TAB>2026-11-26T10:40:00Z<TAB>
 *
 * The first line is "# enrollkb checklist " and the format version.  Other
 * lines starting with "#" are comments, except that the first "# case: "
 * line names the case (escaped like a note); when present it must be the
 * case the file name stands for.  Empty lines are ignored.  Every other line
 * is one step entry of five TAB-separated fields:
 *   article  the article id
 *   step     the step key: 16 lower-case hex digits, the 64-bit FNV-1a hash
 *            of the step's plain command text (markup removed, runs of
 *            whitespace and control characters collapsed to one space,
 *            trimmed); "-N" is appended for the Nth step (N >= 2) of the
 *            article (steps and substeps in reading order) with the same
 *            text.  A step whose text changes gets a new key.
 *   done     the time the step was ticked, or "-" when it is not done
 *   changed  the last change of the entry (tick, untick, note, reset)
 *   note     a one-line note, possibly empty; "\\" stands for a backslash,
 *            "\t" for a tab, "\n" for a newline and "\r" for a CR
 * Times are UTC, ISO 8601: 2026-11-26T10:32:00Z.  Entries are grouped by
 * article.  Entries for articles or steps that no longer exist are kept.
 * A file of zero bytes is an empty checklist.
 *
 * ---- Saving ----------------------------------------------------------------
 *
 * progress_save takes an exclusive flock on NAME.lock, reads the file again,
 * merges per entry (the tick or note of an entry this process changed since
 * its last load or save wins; everything else on disk is kept; a reset
 * clears the article's other entries on disk that are not newer than the
 * reset), writes NAME.tmp, fsyncs it, renames it over NAME and fsyncs the
 * directory.  A kill at any moment leaves either the old or the new file.
 * Directories are created with mode 0700, files with 0600.
 *
 * ---- Markdown export (--checklist ID, the browser's export) ----------------
 *
 *   # <title>
 *
 *   Case: <case>
 *   Error codes: <code>, <code>          (left out when there are none)
 *
 *   ## Cause 1: <first paragraph of the cause>
 *
 *   - [x] 1. <step text> — 2026-11-26 10:32 UTC — <note>
 *   - [ ] 2. <step text> — <note>
 *     - [ ] a. <substep text>
 *
 * Step text is the plain command text, whitespace collapsed.  Steps of an
 * unordered list (either/or) carry no number; a remedy's title becomes a
 * "### " line; a cause without steps is just its heading.
 *
 * ---- Whole-case export (--export, the browser's "E") -----------------------
 *
 *   # Case <case>
 *
 *   2 articles worked in, 3 of 6 steps done.
 *
 *   ## <title>                           (each article with a tick or a
 *                                         note, by its first tick or note)
 *   Article: <id>
 *   Error codes: <code>, <code>
 *
 *   ### Cause 1: ...                     (then as above, one level down)
 *
 * As plain text (--format text): "Case <case>" underlined with "=", each
 * title underlined with "-", causes indented by two spaces, remedy titles
 * and steps by four, "[x] " items without the "- ", " -- " instead of
 * " — ".  An article whose pack is not loaded is named by its id with a
 * line saying so. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "i18n.h"
#include "progress.h"
#include "progress_impl.h"
#include "xalloc.h"

/* ---- Opening ------------------------------------------------------------- */

char *progress_default_dir(void)
{
	return fs_xdg_path(FS_XDG_STATE, "enrollkb");
}

/* Switches to memory-only state.  Only the first reason is reported, so a
 * store that cannot persist says so exactly once. */
static void go_memory(struct progress *p, struct diag_list *dl,
		      const char *file, unsigned line, char *msg)
{
	if (p->persistent && dl)
		diag_add(dl, DIAG_WARNING, file, line, "%s", msg);
	p->persistent = false;
	free(msg);
}

static const char *memory_only(void)
{
	return _("checklist changes are kept in memory only");
}

/* When a corrupt file is met: */
enum corrupt {
	CORRUPT_AFRESH,      /* opening: set aside, the case starts afresh */
	CORRUPT_KEEP,        /* saving: set aside, this store's ticks saved anew */
	CORRUPT_LATER        /* without the lock: left for the next save */
};

/* Deals with a load that did not succeed.  Returns false when the store
 * must go to memory (already reported). */
static bool load_problem(struct progress *p, struct load_info *info,
			 struct diag_list *dl, enum corrupt how)
{
	char *aside;

	switch (info->status) {
	case LOAD_OK:
	case LOAD_MISSING:
		return true;
	case LOAD_UNREADABLE:
		go_memory(p, dl, p->path, 0,
			  xasprintf(_("cannot read the checklist: %s; %s, the file is left as it is"),
				    fs_strerror(info->err, info->mode), memory_only()));
		return false;
	case LOAD_NEWER:
		go_memory(p, dl, p->path, 0,
			  xasprintf(_("checklist written in format version %lu, which this enrollkb cannot read; %s"),
				    info->version, memory_only()));
		return false;
	case LOAD_OTHER_CASE:
		go_memory(p, dl, p->path, 0,
			  xasprintf(_("this file holds the checklist of case '%s', not of '%s'; %s"),
				    info->file_case, p->name, memory_only()));
		return false;
	case LOAD_CORRUPT:
	default:
		break;
	}
	if (!p->persistent)
		return false;
	if (how == CORRUPT_LATER) {
		diag_add(dl, DIAG_WARNING, p->path, info->line,
			 _("cannot parse the checklist (%s); it is set aside at the next save"),
			 _(info->why));
		return true;
	}
	aside = progress_move_aside(p->path);
	if (!aside) {
		go_memory(p, dl, p->path, info->line,
			  xasprintf(_("cannot parse the checklist (%s) nor move it aside (%s); %s"),
				    _(info->why), strerror(errno), memory_only()));
		return false;
	}
	if (how == CORRUPT_KEEP)
		diag_add(dl, DIAG_WARNING, p->path, info->line,
			 _("cannot parse the checklist (%s); moved it to %s and saved this session's ticks in a fresh file"),
			 _(info->why), aside);
	else
		diag_add(dl, DIAG_WARNING, p->path, info->line,
			 _("cannot parse the checklist (%s); moved it to %s and started this case afresh"),
			 _(info->why), aside);
	free(aside);
	return true;
}

struct progress *progress_open(const char *dir, const char *case_name,
			       struct diag_list *dl)
{
	struct progress *p = xcalloc(1, sizeof(*p));
	struct diag_list why = DIAG_LIST_INIT;
	struct load_info info;
	struct stat st;
	char *file;
	bool locked = false;

	p->name = xstrdup(case_name && *case_name ? case_name : DEFAULT_CASE);
	p->lock_fd = -1;
	p->lock_wait_ms = PROGRESS_LOCK_WAIT_MS;
	p->persistent = true;
	if (!dir || !*dir) {
		go_memory(p, dl, NULL, 0,
			  xasprintf(_("no state directory (neither $XDG_STATE_HOME nor $HOME is an absolute path); %s"),
				    memory_only()));
		return p;
	}
	p->dir = xasprintf("%s/cases", dir);
	file = progress_case_file_name(p->name);
	p->path = xasprintf("%s/%s", p->dir, file);
	p->lock_path = xasprintf("%s.lock", p->path);
	p->tmp_path = xasprintf("%s.tmp", p->path);
	free(file);

	if (!fs_mkdirs(p->dir, 0700)) {
		go_memory(p, dl, p->dir, 0,
			  xasprintf(_("cannot create the state directory: %s; %s"),
				    strerror(errno), memory_only()));
		return p;
	}
	/* Another user's directory, or one others may write to: what is
	 * in it may have been forged, and what we write could be read or
	 * replaced.  Not even read. */
	if (!progress_dir_private(dir, &why)) {
		go_memory(p, dl, why.v[0].file, 0,
			  xasprintf("%s; %s", why.v[0].message, memory_only()));
		diag_list_free(&why);
		return p;
	}
	if (access(p->dir, W_OK | X_OK) != 0) {
		go_memory(p, dl, p->dir, 0,
			  xasprintf(_("cannot write to the state directory: %s; %s"),
				    strerror(errno), memory_only()));
	} else {
		memset(&st, 0, sizeof(st));
		p->lock_fd = fs_open_regular(p->lock_path, O_RDWR | O_CREAT, 0600, &st);
		if (p->lock_fd < 0)
			go_memory(p, dl, p->lock_path, 0,
				  xasprintf(_("cannot open the lock file: %s; %s"),
					    fs_strerror(errno, st.st_mode), memory_only()));
		/* Not waited for: the file is only ever replaced whole, so
		 * it reads right without the lock, which only guards setting
		 * a corrupt one aside.  A browser starts at once. */
		else if (!(locked = progress_lock(p, 0)) && errno != EAGAIN)
			go_memory(p, dl, p->lock_path, 0,
				  xasprintf(_("cannot lock: %s; %s"),
					    strerror(errno), memory_only()));
	}
	/* Under the lock so that a file set aside is the one just read, not
	 * one another process has written meanwhile. */
	progress_load_file(p->path, p->name, &p->e, &info);
	load_problem(p, &info, dl, locked ? CORRUPT_AFRESH : CORRUPT_LATER);
	free(info.file_case);
	if (locked)
		progress_unlock(p);
	return p;
}

void progress_close(struct progress *p)
{
	size_t i;

	if (!p)
		return;
	if (p->lock_fd >= 0)
		close(p->lock_fd);
	progress_entries_free(&p->e);
	for (i = 0; i < p->nresets; i++)
		free(p->resets[i].article);
	free(p->resets);
	free(p->name);
	free(p->dir);
	free(p->path);
	free(p->lock_path);
	free(p->tmp_path);
	free(p);
}

const char *progress_case_name(const struct progress *p)
{
	return p->name;
}

bool progress_persistent(const struct progress *p)
{
	return p->persistent;
}

bool progress_pending(const struct progress *p)
{
	return p->persistent && p->dirty;
}

void progress_set_lock_wait(struct progress *p, unsigned ms)
{
	p->lock_wait_ms = ms;
}

const char *progress_path(const struct progress *p)
{
	return p->path;
}

/* ---- Reading and changing ------------------------------------------------ */

struct entry *progress_find(const struct progress *p, const char *article,
			    const char *key)
{
	size_t i = progress_entries_find(&p->e, article, key);

	return i == NONE ? NULL : &p->e.v[i];
}

static struct entry *find_or_add(struct progress *p, const char *article,
				 const char *key, time_t now)
{
	struct entry e, *found = progress_find(p, article, key);
	size_t i;

	if (found)
		return found;
	memset(&e, 0, sizeof(e));
	e.article = xstrdup(article);
	e.key = xstrdup(key);
	e.changed = now;
	/* Not &p->e.v[progress_entries_put(...)]: v may move. */
	i = progress_entries_put(&p->e, &e);
	return &p->e.v[i];
}

static void touch(struct progress *p, struct entry *e, time_t now,
		  unsigned what)
{
	e->changed = now;
	e->dirty |= what;
	p->dirty = true;
}

struct progress_step progress_get(const struct progress *p,
				  const struct kb_article *a,
				  const struct kb_step *s)
{
	struct progress_step r = { 0, NULL };
	char key[KEY_MAX];
	const struct entry *e;

	progress_key(a, s, key);
	e = progress_find(p, a->id, key);
	if (e) {
		r.done_at = e->done;
		r.note = e->note;
	}
	return r;
}

void progress_set_done(struct progress *p, const struct kb_article *a,
		       const struct kb_step *s, bool done, time_t now)
{
	char key[KEY_MAX];
	struct entry *e;

	progress_key(a, s, key);
	e = progress_find(p, a->id, key);
	if (done == (e && e->done))
		return;
	if (done && now <= 0)
		now = time(NULL);
	e = find_or_add(p, a->id, key, now);
	e->done = done ? now : 0;
	touch(p, e, now, DIRTY_DONE);
}

void progress_set_note(struct progress *p, const struct kb_article *a,
		       const struct kb_step *s, const char *note, time_t now)
{
	char key[KEY_MAX], *clean = progress_one_line(note ? note : "");
	struct entry *e;

	progress_key(a, s, key);
	e = progress_find(p, a->id, key);
	if (strcmp(e && e->note ? e->note : "", clean) == 0) {
		free(clean);
		return;
	}
	e = find_or_add(p, a->id, key, now);
	free(e->note);
	e->note = NULL;
	if (*clean)
		e->note = clean;
	else
		free(clean);
	touch(p, e, now, DIRTY_NOTE);
}

void progress_reset(struct progress *p, const struct kb_article *a, time_t now)
{
	char (*keys)[KEY_MAX] = progress_article_keys(a);
	size_t i;

	/* Entries of steps that no longer exist are cleared too; every
	 * current step gets an entry so that the reset is on record. */
	for (i = 0; i < a->nsteps; i++)
		find_or_add(p, a->id, keys[i], now);
	free(keys);
	for (i = 0; i < p->e.n; i++) {
		struct entry *e = &p->e.v[i];

		if (strcmp(e->article, a->id) != 0)
			continue;
		e->done = 0;
		free(e->note);
		e->note = NULL;
		touch(p, e, now, DIRTY_DONE | DIRTY_NOTE);
	}
	for (i = 0; i < p->nresets; i++)
		if (strcmp(p->resets[i].article, a->id) == 0)
			break;
	if (i == p->nresets) {
		p->resets = xgrow(p->resets, &p->resets_cap, p->nresets + 1,
				  sizeof(*p->resets));
		p->resets[p->nresets].article = xstrdup(a->id);
		p->resets[p->nresets++].at = now;
	} else if (now > p->resets[i].at) {
		p->resets[i].at = now;
	}
	p->dirty = true;
}

size_t progress_done_count(const struct progress *p, const struct kb_article *a)
{
	char (*keys)[KEY_MAX] = progress_article_keys(a);
	size_t i, n = 0;

	for (i = 0; i < a->nsteps; i++) {
		const struct entry *e = progress_find(p, a->id, keys[i]);

		n += e && e->done;
	}
	free(keys);
	return n;
}

/* ---- Undo ---------------------------------------------------------------- */

struct snap_entry {
	char *key;
	char *note;
	time_t done;
};

struct progress_snapshot {
	char *article;
	struct snap_entry *v;
	size_t n;
};

struct progress_snapshot *progress_snapshot(const struct progress *p, const char *article)
{
	struct progress_snapshot *s = xcalloc(1, sizeof(*s));
	size_t i, cap = 0;

	s->article = xstrdup(article);
	for (i = 0; i < p->e.n; i++) {
		const struct entry *e = &p->e.v[i];
		struct snap_entry *c;

		if (strcmp(e->article, article) != 0 || (!e->done && !e->note))
			continue;
		s->v = xgrow(s->v, &cap, s->n + 1, sizeof(*s->v));
		c = &s->v[s->n++];
		c->key = xstrdup(e->key);
		c->note = e->note ? xstrdup(e->note) : NULL;
		c->done = e->done;
	}
	return s;
}

const char *progress_snapshot_article(const struct progress_snapshot *s)
{
	return s->article;
}

/* Sets e to done and note (NULL: none), as a change made now. */
static void put_back(struct progress *p, struct entry *e, time_t done,
		     const char *note, time_t now)
{
	unsigned what = 0;

	if (e->done != done) {
		e->done = done;
		what |= DIRTY_DONE;
	}
	if (strcmp(e->note ? e->note : "", note ? note : "") != 0) {
		free(e->note);
		e->note = note ? xstrdup(note) : NULL;
		what |= DIRTY_NOTE;
	}
	if (what)
		touch(p, e, now, what);
}

void progress_restore(struct progress *p, const struct progress_snapshot *s, time_t now)
{
	size_t i, k;

	/* What the article has now and the snapshot has not was made since:
	 * it goes. */
	for (i = 0; i < p->e.n; i++) {
		struct entry *e = &p->e.v[i];

		if (strcmp(e->article, s->article) != 0)
			continue;
		for (k = 0; k < s->n && strcmp(s->v[k].key, e->key) != 0; k++)
			;
		if (k == s->n)
			put_back(p, e, 0, NULL, now);
	}
	/* The tick keeps its first time: it is the same tick, not a new one. */
	for (k = 0; k < s->n; k++)
		put_back(p, find_or_add(p, s->article, s->v[k].key, now),
			 s->v[k].done, s->v[k].note, now);
}

void progress_snapshot_free(struct progress_snapshot *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->v[i].key);
		free(s->v[i].note);
	}
	free(s->v);
	free(s->article);
	free(s);
}

/* ---- Saving -------------------------------------------------------------- */

/* Folds this process's state into disk (what the file holds now) and makes
 * the result the state. */
static void merge(struct progress *p, struct entries *disk)
{
	struct entry *d;
	size_t i, j, r;

	for (i = 0; i < p->e.n; i++) {
		struct entry *m = &p->e.v[i];

		j = progress_entries_find(disk, m->article, m->key);
		/* Kept even when not dirty: nothing is dropped because the
		 * file lost it (deleted or set aside meanwhile). */
		if (j == NONE) {
			progress_entries_put(disk, m);
			memset(m, 0, sizeof(*m));
			continue;
		}
		if (!m->dirty)
			continue;
		/* Field by field: a note added here does not bring back a
		 * tick another process has removed meanwhile. */
		d = &disk->v[j];
		if (m->dirty & DIRTY_DONE)
			d->done = m->done;
		if (m->dirty & DIRTY_NOTE) {
			free(d->note);
			d->note = m->note;
			m->note = NULL;
		}
		if (m->changed > d->changed)
			d->changed = m->changed;
		d->dirty |= m->dirty;
	}
	for (r = 0; r < p->nresets; r++)
		for (j = 0; j < disk->n; j++) {
			d = &disk->v[j];
			if (d->dirty || d->changed > p->resets[r].at ||
			    strcmp(d->article, p->resets[r].article) != 0)
				continue;
			d->done = 0;
			free(d->note);
			d->note = NULL;
			d->changed = p->resets[r].at;
			d->dirty = DIRTY_DONE | DIRTY_NOTE;
		}
	progress_entries_free(&p->e);
	p->e = *disk;
	memset(disk, 0, sizeof(*disk));
}

/* Saves with the lock held: reads the file again, merges, writes. */
static bool save_locked(struct progress *p, struct diag_list *dl)
{
	struct entries disk = { NULL, 0, 0, HASH_TABLE_INIT };
	struct load_info info;
	const char *what;
	size_t i;

	progress_hook("locked");
	progress_load_file(p->path, p->name, &disk, &info);
	if (!load_problem(p, &info, dl, CORRUPT_KEEP)) {
		free(info.file_case);
		return false;
	}
	free(info.file_case);
	/* After a corrupt file was set aside disk is empty: every entry of
	 * this store, saved or not, goes into the fresh file. */
	merge(p, &disk);
	if (!progress_write_state(p, &what)) {
		go_memory(p, dl, what, 0,
			  xasprintf(_("cannot save the checklist: %s; %s from now on"),
				    strerror(errno), memory_only()));
		return false;
	}
	for (i = 0; i < p->e.n; i++)
		p->e.v[i].dirty = 0;
	for (i = 0; i < p->nresets; i++)
		free(p->resets[i].article);
	p->nresets = 0;
	p->dirty = false;
	return true;
}

/* Takes the lock for a save.  When another process keeps it past wait_ms
 * the changes stay pending (reported when say); any other failure sends
 * the store to memory. */
static bool lock_for_save(struct progress *p, struct diag_list *dl,
			  unsigned wait_ms, bool say)
{
	if (progress_lock(p, wait_ms))
		return true;
	if (errno == EAGAIN) {
		if (say)
			diag_add(dl, DIAG_WARNING, p->lock_path, 0,
				 _("another enrollkb process holds the lock of case '%s' "
				   "(waited %u s): the checklist is not saved"),
				 p->name, (wait_ms + 999) / 1000);
		return false;
	}
	go_memory(p, dl, p->lock_path, 0,
		  xasprintf(_("cannot lock: %s; %s"), strerror(errno), memory_only()));
	return false;
}

bool progress_save(struct progress *p, struct diag_list *dl)
{
	bool ok;

	if (!p->persistent)
		return false;
	if (!p->dirty)
		return true;
	if (!lock_for_save(p, dl, p->lock_wait_ms, true))
		return false;
	ok = save_locked(p, dl);
	progress_unlock(p);
	return ok;
}

bool progress_refresh(struct progress *p, struct diag_list *dl)
{
	struct entries disk = { NULL, 0, 0, HASH_TABLE_INIT };
	struct load_info info;
	bool changed = true;

	if (!p->persistent || p->lock_fd < 0)
		return false;
	if (!lock_for_save(p, dl, 0, false))
		return false;
	if (p->dirty) {
		changed = save_locked(p, dl);
		progress_unlock(p);
		return changed;
	}
	progress_load_file(p->path, p->name, &disk, &info);
	switch (info.status) {
	case LOAD_OK:
		progress_entries_free(&p->e);
		p->e = disk;
		break;
	case LOAD_MISSING:
		changed = false;   /* kept: the next save writes it again */
		break;
	case LOAD_CORRUPT:
		/* Someone else broke it: keep what this store holds and
		 * save it anew (save_locked sets the file aside). */
		changed = save_locked(p, dl);
		break;
	default:
		load_problem(p, &info, dl, CORRUPT_KEEP);
		break;
	}
	free(info.file_case);
	progress_unlock(p);
	return changed;
}
