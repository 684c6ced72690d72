/* SPDX-License-Identifier: MIT */
/* progress.h: checklist state -- which steps of which article are done, per
 * case (a ticket or a device), with tick times and notes.
 *
 * One file per case under $XDG_STATE_HOME/enrollkb/cases/ (default
 * ~/.local/state/enrollkb/cases/), a human-readable tab-separated format
 * documented at the top of progress.c and in doc/enrollkb.1.  Saves are
 * atomic (temporary file in the same directory, fsync, rename) and merge
 * under a lock with what another process saved meanwhile.  A corrupt file is
 * moved aside with a timestamped name, never overwritten; an unwritable
 * directory keeps state in memory.
 *
 * A struct progress belongs to one process: open it after fork(), not
 * before (the lock is per open file). */
#ifndef ENROLLKB_PROGRESS_H
#define ENROLLKB_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "diag.h"
#include "kb.h"
#include "strbuf.h"

struct progress;

struct progress_step {
	time_t done_at;       /* 0 = not done */
	const char *note;     /* NULL or "" = none; valid until the next change,
	                       * save or close of the store */
};

struct progress_case {
	char *name;
	time_t changed;       /* last change recorded in it */
	/* Filled by progress_recent_cases and progress_case_info only: */
	size_t narticles;     /* articles worked in: a step ticked or a note */
	size_t done, total;   /* their steps ticked, and all their steps (of
	                       * the articles the kb has) */
	char *last_article;   /* the id of the article worked in last, or NULL */
};

/* The state directory ($XDG_STATE_HOME/enrollkb or ~/.local/state/enrollkb);
 * malloc'd, NULL when neither is an absolute path. */
char *progress_default_dir(void);
/* Opens (or starts) case_name ("default" when NULL or "") in dir.  Never
 * NULL: problems become warnings in dl and the store works in memory. */
struct progress *progress_open(const char *dir, const char *case_name,
			       struct diag_list *dl);
void progress_close(struct progress *p);
const char *progress_case_name(const struct progress *p);
/* False when the state only lives in memory (unwritable directory...). */
bool progress_persistent(const struct progress *p);
/* The case's state file, or NULL when there is no state directory. */
const char *progress_path(const struct progress *p);

/* Case name <-> file name (percent-encoding, see progress.c).  NULL or ""
 * is "default".  from_file_name returns NULL for a name that is not the
 * canonical encoding of a case (and for shortened long names). */
char *progress_case_file_name(const char *case_name);
char *progress_case_from_file_name(const char *file_name);

/* The key of a step: article id + a hash of the step's text (+ an
 * occurrence number when the same text appears twice in the article), as
 * "ID#0123456789abcdef" or "ID#0123456789abcdef-2"; malloc'd. */
char *progress_step_key(const struct kb_article *a, const struct kb_step *s);

struct progress_step progress_get(const struct progress *p,
				  const struct kb_article *a,
				  const struct kb_step *s);
/* Changes only the state in memory; call progress_save after each.  now is
 * the change time (ticking a done step again keeps its first tick time). */
void progress_set_done(struct progress *p, const struct kb_article *a,
		       const struct kb_step *s, bool done, time_t now);
/* One line: control characters are stripped (tabs and newlines become
 * spaces), surrounding spaces trimmed; NULL or "" removes the note. */
void progress_set_note(struct progress *p, const struct kb_article *a,
		       const struct kb_step *s, const char *note, time_t now);
/* Clears every tick and note of the article, also of steps it no longer
 * has; wins over older ticks on disk when saved. */
void progress_reset(struct progress *p, const struct kb_article *a, time_t now);
/* Done steps among a->steps (for "done/total"). */
size_t progress_done_count(const struct progress *p, const struct kb_article *a);

/* Undo: a copy of what an article's entries say (ticks with their times,
 * notes), and putting it back as a change made at now -- it is dirty, so
 * it wins over the file when saved, like any other change.  Entries made
 * since the copy are cleared. */
struct progress_snapshot;
struct progress_snapshot *progress_snapshot(const struct progress *p, const char *article);
const char *progress_snapshot_article(const struct progress_snapshot *s);
void progress_restore(struct progress *p, const struct progress_snapshot *s, time_t now);
void progress_snapshot_free(struct progress_snapshot *s);

/* Writes changes (merging with the file on disk; other processes' changes
 * show up in p afterwards).  Cheap when nothing changed.  Returns false and
 * adds one warning when it could not.  When another process kept the
 * case's lock past the wait (progress_set_lock_wait), the changes stay
 * pending (progress_pending) and a later save or refresh tries again;
 * otherwise the store then stays in memory (progress_persistent() false)
 * and later saves return false without a further diagnostic.  A case file
 * found corrupt is set aside and this store's ticks are saved to a fresh
 * one in its place. */
bool progress_save(struct progress *p, struct diag_list *dl);

/* How long a save waits for another process's lock on the case before it
 * gives up: PROGRESS_LOCK_WAIT_MS unless set. */
#define PROGRESS_LOCK_WAIT_MS 3000u
void progress_set_lock_wait(struct progress *p, unsigned ms);
/* hook(lock_path, case_name) is called once when a save starts waiting
 * for another process's lock (the command line says so on stderr); NULL
 * removes it. */
void progress_set_wait_hook(void (*hook)(const char *lock_path, const char *case_name));
/* Changes wait to be saved: a save gave up waiting for the lock. */
bool progress_pending(const struct progress *p);
/* For a store kept open while other processes save the case (the
 * browser, when the file changed or changes are pending): saves what is
 * pending, else reads the file again.  Never waits for the lock: while
 * it is held nothing happens (call again later).  A file found corrupt
 * is set aside and this store's ticks saved to a fresh file in its place.
 * Returns true when the state may have changed; a warning goes to dl. */
bool progress_refresh(struct progress *p, struct diag_list *dl);

/* Cases in dir, sorted by name (bytes).  Returns the count.  A file that
 * cannot be read is listed with changed 0 and a warning. */
size_t progress_list_cases(const char *dir, struct progress_case **cases,
			   struct diag_list *dl);
void progress_cases_free(struct progress_case *cases, size_t n);
/* The same with what each case holds (done/total over kb's articles, the
 * article worked in last), the most recently changed first. */
size_t progress_recent_cases(const char *dir, const struct kb *kb,
			     struct progress_case **cases, struct diag_list *dl);
/* That for the case open in p, from what it holds in memory; free the
 * name and last_article. */
void progress_case_info(const struct progress *p, const struct kb *kb,
			struct progress_case *info);
void progress_case_info_free(struct progress_case *info);
/* Deletes the case's checklist file (and its lock file) from dir.  True
 * when it is gone (also when there was none); otherwise false and a
 * warning in dl.  A process that has the case open writes it again at its
 * next change. */
bool progress_delete_case(const char *dir, const char *case_name,
			  struct diag_list *dl);

/* Appends the article's checklist as Markdown task items (for --checklist
 * and the TUI's export); see the format in progress.c. */
void progress_export_markdown(const struct progress *p,
			      const struct kb_article *a, struct strbuf *out);

enum progress_format {
	PROGRESS_MARKDOWN,
	PROGRESS_TEXT             /* for ticket systems that do not render
	                           * Markdown */
};

/* Appends the whole case: every article worked in (a step ticked or a
 * note written), in the order worked (by its first tick or note), with
 * its checklist, ticks, times and notes; see the format in progress.c. */
void progress_export_case(const struct progress *p, const struct kb *kb,
			  enum progress_format format, struct strbuf *out);

/* Internal, for the test suite only: hook(stage) is called during a save
 * at "locked", "tmp-written", "tmp-synced", "renamed", "dir-synced" (e.g. to
 * kill the process there).  NULL removes it. */
void progress_set_test_hook(void (*hook)(const char *stage));

#endif
