/* progress.h: checklist state -- which steps of which article are done, per
 * case (a ticket or a device), with tick times and notes.
 *
 * One file per case under $XDG_STATE_HOME/enrollkb/cases/ (default
 * ~/.local/state/enrollkb/cases/), a human-readable tab-separated format
 * documented in doc/enrollkb.1.  Saves are atomic (temporary file in the same
 * directory, fsync, rename) and merge under a lock with what another process
 * saved meanwhile.  A corrupt file is moved aside with a timestamped name,
 * never overwritten; an unwritable directory keeps state in memory. */
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
	const char *note;     /* NULL or "" = none */
};

struct progress_case {
	char *name;
	time_t changed;       /* last change recorded in it */
};

/* The state directory ($XDG_STATE_HOME/enrollkb or ~/.local/state/enrollkb);
 * malloc'd, NULL when neither is set. */
char *progress_default_dir(void);
/* Opens (or starts) case_name ("default" when NULL or "") in dir.  Never
 * NULL: problems become warnings in dl and the store works in memory. */
struct progress *progress_open(const char *dir, const char *case_name,
			       struct diag_list *dl);
void progress_close(struct progress *p);
const char *progress_case_name(const struct progress *p);
/* False when the state only lives in memory (unwritable directory...). */
bool progress_persistent(const struct progress *p);

/* The key of a step: article id + a hash of the step's text (+ an
 * occurrence number when the same text appears twice in the article). */
char *progress_step_key(const struct kb_article *a, const struct kb_step *s);

struct progress_step progress_get(const struct progress *p,
				  const struct kb_article *a,
				  const struct kb_step *s);
void progress_set_done(struct progress *p, const struct kb_article *a,
		       const struct kb_step *s, bool done, time_t now);
void progress_set_note(struct progress *p, const struct kb_article *a,
		       const struct kb_step *s, const char *note, time_t now);
void progress_reset(struct progress *p, const struct kb_article *a, time_t now);
size_t progress_done_count(const struct progress *p, const struct kb_article *a);

/* Writes changes (merging with the file on disk).  Returns false and adds a
 * diagnostic when it could not. */
bool progress_save(struct progress *p, struct diag_list *dl);

/* Cases in dir, sorted by name.  Returns the count. */
size_t progress_list_cases(const char *dir, struct progress_case **cases,
			   struct diag_list *dl);
void progress_cases_free(struct progress_case *cases, size_t n);

/* The article's checklist as Markdown task items (for --checklist and the
 * TUI's export). */
void progress_export_markdown(const struct progress *p,
			      const struct kb_article *a, struct strbuf *out);

#endif
