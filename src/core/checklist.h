/* SPDX-License-Identifier: MIT */
/* checklist.h: the case's checklist as the browser works it -- a progress
 * store (progress.h) plus what a screen needs of it: tick, note, reset and
 * export, each saved at once; tick times and "2/9" badges as text; the
 * layout's checkbox callbacks; and reading the case again when another
 * enrollkb process saved it.
 *
 * Errors are values: a change fills a struct checklist_msg with one line
 * saying what happened, or why it failed, and never prints; the caller
 * shows it.  Nothing here knows about terminals: where a message has
 * shorter wordings for narrow screens, all of them are returned and the
 * caller picks the one that fits.  A generation number tells the caller
 * when what a layout shows may have changed (a change, or a reload). */
#ifndef ENROLLKB_CHECKLIST_H
#define ENROLLKB_CHECKLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "kb.h"
#include "layout.h"
#include "progress.h"
#include "strbuf.h"

struct checklist;

/* One line for the user about what a call did. */
struct checklist_msg {
	struct strbuf text;       /* "": nothing to say */
	bool error;               /* it reports a failure */
};

#define CHECKLIST_MSG_INIT { STRBUF_INIT, false }

void checklist_msg_free(struct checklist_msg *m);

/* Takes over p (closed by checklist_free), opened from the state directory
 * dir (for reloads; may be NULL).  p may be NULL: no checklists at all. */
struct checklist *checklist_new(struct progress *p, const char *dir);
void checklist_free(struct checklist *ck);

/* What to tell the user at start-up, given the warnings dl from opening
 * the store: the store's first warning (it works in memory only, or a
 * corrupt file was set aside), then shorter wordings.  Fills say[] with
 * the wordings, longest first, and returns how many (0: all is well).
 * They stay valid while ck and dl do. */
size_t checklist_startup_warning(const struct checklist *ck,
				 const struct diag_list *dl, const char *say[3]);

/* Changes whenever what a layout shows may have changed (a tick, a note, a
 * reset, a reload): compare it with the one an article was laid out for. */
unsigned checklist_generation(const struct checklist *ck);
bool checklist_enabled(const struct checklist *ck);
bool checklist_persistent(const struct checklist *ck);
/* The case's name; "" when checklists are off. */
const char *checklist_case(const struct checklist *ck);

/* Fills cl (callbacks into the store for article a) for layout_opts.  The
 * callbacks read the store, so the layout must be made before the next
 * change.  NULL when checklists are off. */
const struct layout_checklist *checklist_layout(struct checklist *ck,
						const struct kb_article *a,
						struct layout_checklist *cl);

size_t checklist_done(const struct checklist *ck, const struct kb_article *a);
/* "2/9" for an article with something ticked, "" otherwise: what the lists
 * show beside a title.  buf needs 48 bytes. */
const char *checklist_badge(const struct checklist *ck,
			    const struct kb_article *a, char buf[48]);
/* The tick time ("2026-11-26 10:32 UTC", as in the export) or "" when
 * the step is not done; buf needs 40 bytes. */
const char *checklist_done_at(const struct checklist *ck, const struct kb_article *a,
			      const struct kb_step *s, char buf[40]);
/* The step's note, copied (NULL: none). */
char *checklist_note(const struct checklist *ck, const struct kb_article *a,
		     const struct kb_step *s);

/* Each saves at once and says so in msg (an error when it could not be
 * saved).  label: how the step is numbered on screen ("3", "3a"; "" for an
 * unnumbered one).  They return whether the state changed (saved or not);
 * false and no message when checklists are off. */
bool checklist_toggle(struct checklist *ck, const struct kb_article *a,
		      const struct kb_step *s, const char *label,
		      struct checklist_msg *msg);
/* An empty note removes the step's note; the same note again changes
 * nothing ("Note unchanged"). */
bool checklist_set_note(struct checklist *ck, const struct kb_article *a,
			const struct kb_step *s, const char *label, const char *note,
			struct checklist_msg *msg);
bool checklist_reset(struct checklist *ck, const struct kb_article *a,
		     struct checklist_msg *msg);

/* Puts back the article the last change of this session (tick, note,
 * reset; since the checklist was made or last switched case) changed, as
 * it was before, and saves; msg says what was undone.  Several calls go
 * further back (up to 100 changes).  Returns the article, or NULL when
 * there was nothing to undo. */
const struct kb_article *checklist_undo(struct checklist *ck, struct checklist_msg *msg);

/* Appends the article's checklist as Markdown (what checklist_export
 * writes); nothing when checklists are off. */
void checklist_markdown(const struct checklist *ck, const struct kb_article *a,
			struct strbuf *out);

/* The export's default file: ./CASE-ARTICLE.md (bytes of the case and id
 * other than letters, digits, "-", "_" and "." replaced by "_", no leading
 * dot); malloc'd. */
char *checklist_export_default(const struct checklist *ck, const struct kb_article *a);
/* Writes the article's Markdown checklist (progress_export_markdown) to
 * path (leading spaces ignored, ~/ expanded, relative to the current
 * directory) through a temporary file renamed over it; msg says where
 * (the absolute path), or why not.  Returns whether it was written. */
bool checklist_export(struct checklist *ck, const struct kb_article *a, const char *path,
		      struct checklist_msg *msg);

/* Restricted mode (enrollkb --restricted): checklist_export writes no file
 * and says so; the state directory is still written. */
void checklist_set_restricted(struct checklist *ck, bool on);

/* Picks up what another process saved for this case (the file changed
 * since it was last read): returns true when the state was reloaded; msg
 * gets the first warning of reading it again, if any. */
bool checklist_poll(struct checklist *ck, struct checklist_msg *msg);

/* ---- Cases --------------------------------------------------------------------- */

/* The state directory the store was opened from (NULL: none). */
const char *checklist_dir(const struct checklist *ck);
/* How far the open case has got (progress_case_info): free with
 * progress_case_info_free. */
void checklist_case_info(const struct checklist *ck, const struct kb *kb,
			 struct progress_case *info);
/* Closes the case and opens (or starts) the case name in the same state
 * directory; undo starts afresh.  msg says which case it is now, or the
 * first warning of opening it. */
bool checklist_switch(struct checklist *ck, const char *name, struct checklist_msg *msg);
/* Deletes the case name (progress_delete_case); deleting the open case
 * switches to the default case afterwards (a fresh one, when that was
 * the one deleted).  msg says so, or why not. */
bool checklist_delete_case(struct checklist *ck, const char *name, struct checklist_msg *msg);
/* The case the browser last worked in, as noted in dir (malloc'd), or NULL
 * when there is no note. */
char *checklist_last_case(const char *dir);
/* Notes the open case as the last worked in (atomically; nothing when
 * the store is in memory only).  True when noted. */
bool checklist_remember_case(const struct checklist *ck);

/* The whole-case export's default file: ./CASE.md (made safe as for the
 * article's export); malloc'd. */
char *checklist_export_case_default(const struct checklist *ck);
/* Writes the whole case (progress_export_case) to path -- plain text when
 * it ends in ".txt", else Markdown -- as checklist_export writes; msg says
 * where, or why not. */
bool checklist_export_case(struct checklist *ck, const struct kb *kb, const char *path,
			   struct checklist_msg *msg);

#endif
