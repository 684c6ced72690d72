/* SPDX-License-Identifier: MIT */
/* view_checklist.h: the article pane's checklist (view_checklist.c).
 *
 * The store -- ticks, notes, reset, export, reloads -- is core
 * (checklist.h); this is the pane's side: the step cursor (which step keys
 * act on, how it moves and follows scrolling, as geometry over the layout's
 * lines) and the keys and prompts of the checklist.  The article view keeps
 * a struct pane_checklist and hands it the layout and the scroll position;
 * it draws nothing itself, and what the store says goes to the app's
 * status message. */
#ifndef ENROLLKB_VIEW_CHECKLIST_H
#define ENROLLKB_VIEW_CHECKLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "checklist.h"
#include "kb.h"
#include "keys.h"
#include "layout.h"
#include "strbuf.h"

struct app;

#define STEP_NONE (-1L)
#define NO_LINE ((size_t)-1)

/* The step cursor as geometry over a layout: per step its first line and
 * its last one (counting its substeps').  Steps are in reading order, so
 * the next step is the next index. */
struct step_cursor {
	long step;                /* kb_step index, STEP_NONE = none */
	size_t n;                 /* steps indexed */
	size_t *first, *last;     /* NO_LINE: not laid out */
	size_t *head;             /* its own last step or note line: the end
	                           * of what the cursor bar covers */
	size_t *parent;           /* the step it is a substep of, or NO_LINE */
	char **label;             /* as numbered on screen: "3", "3a", "" */
};

enum checklist_prompt {
	CK_PROMPT_NONE,
	CK_PROMPT_NOTE,           /* the note of a step */
	CK_PROMPT_EXPORT,         /* the file to export to */
	CK_PROMPT_RESET           /* y/n before clearing */
};

/* The article pane's checklist state. */
struct pane_checklist {
	struct step_cursor sc;
	enum checklist_prompt prompt;
	char *label;              /* the prompt's */
	long prompt_step;         /* the step a note prompt is for */
	struct input_line input;
	bool reveal;              /* a note was added: show it after the next
	                           * layout */
};

/* What the checklist needs of the article pane: the article, its layout
 * and the scroll position (moved by the cursor keys). */
struct pane_pos {
	struct app *app;
	const struct kb_article *a;   /* NULL: no article shown */
	const struct layout *lay;
	size_t *top;
	size_t h, max_top;            /* rows shown; the last top */
};

void pane_checklist_free(struct pane_checklist *pc);
/* A new layout of the article (or none): indexes its steps, keeps the
 * cursor's step. */
void pane_checklist_index(struct pane_checklist *pc, const struct kb_article *a,
			  const struct layout *lay);
/* Before a layout that only shows other ticks or notes: a step to keep in
 * place; after it, the top that keeps it there (and shows a note just
 * written under the cursor step). */
long pane_checklist_anchor(const struct pane_checklist *pc, size_t top, size_t h,
			   long *delta);
size_t pane_checklist_top(struct pane_checklist *pc, long anchor, long delta,
			  size_t top, size_t h, size_t max_top);
/* After scrolling: a cursor that left the screen moves to the nearest step
 * on it (it stays where it was when there is none). */
void pane_checklist_follow(struct pane_checklist *pc, size_t top, size_t h);
/* The cursor step when it is on screen (its first line, or it fills the
 * screen), else STEP_NONE. */
long pane_checklist_cursor(const struct pane_checklist *pc, size_t top, size_t h);

/* The checklist's requests (step moves, tick, note, export, reset): HR_*
 * flags, or HR_UNHANDLED for any other request. */
unsigned pane_checklist_request(struct pane_checklist *pc, const struct pane_pos *pos,
				enum request req);
/* While one of its prompts is open it has the keyboard: HR_UNHANDLED when
 * none is. */
unsigned pane_checklist_key(struct pane_checklist *pc, const struct pane_pos *pos,
			    struct key key);
bool pane_checklist_prompt(const struct pane_checklist *pc, const char **label,
			   const struct input_line **in);
void pane_checklist_cancel(struct pane_checklist *pc);
/* A click on line li at byte off (or (size_t)-1): the cursor goes to the
 * step; on its checkbox, ticks.  HR_NONE when li is no step's. */
unsigned pane_checklist_click(struct pane_checklist *pc, const struct pane_pos *pos,
			      size_t li, size_t off);
/* The header's right-hand side: progress, case and pos, the longest
 * wording that fits in room columns; malloc'd. */
char *pane_checklist_header(const struct pane_checklist *pc, const struct pane_pos *pos,
			    const char *where, int room);
/* For the status line: the cursor step's state ("  Step 3: done ..."). */
void pane_checklist_status(const struct pane_checklist *pc, const struct pane_pos *pos,
			   struct strbuf *sb);

#endif
