/* SPDX-License-Identifier: MIT */
/* view.h: what every screen of the TUI plugs into.
 *
 * A view is one screen's state plus a table of functions (struct view_ops,
 * after tig's view_ops): the main loop in tui.c creates, resizes, draws and
 * feeds requests to whichever views are on screen without knowing what
 * they are.
 *
 * Data flows one way.  Handlers return what must happen next (struct hr,
 * after htop's HandlerResult): HR_* flags plus at most one intent -- open or
 * preview an article, focus a slot, close a level, show a category -- and
 * the loop carries it out, telling the views concerned through their ops.
 * A message for the status line goes into a buffer the app owns
 * (view_message).  No view calls the loop or another view; the article
 * view's history and the selections stay in the views. */
#ifndef ENROLLKB_VIEW_H
#define ENROLLKB_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "checklist.h"
#include "display.h"
#include "history.h"
#include "keys.h"
#include "kb.h"
#include "screen.h"
#include "search.h"
#include "strbuf.h"

/* What a handler wants done next. */
enum {
	HR_NONE      = 0,
	HR_REDRAW    = 1u << 0,   /* draw the screen again */
	HR_GEOMETRY  = 1u << 1,   /* panes changed (focus, level): lay out again */
	HR_QUIT      = 1u << 2,
	HR_UNHANDLED = 1u << 3    /* not for this view: try the app's handling */
};

/* What the loop is to do for a view, after the flags. */
enum intent {
	INTENT_NONE,
	INTENT_PREVIEW,   /* arg: article (or NO_ARTICLE) -- the selection moved
	                   * to it: the article pane shows it, no visit */
	INTENT_OPEN,      /* arg: article -- a visit; the article pane gets the
	                   * focus */
	INTENT_FOCUS,     /* arg: enum screen_slot -- the keyboard goes there */
	INTENT_CLOSE,     /* back one level ("q"); quits from the bottom one */
	INTENT_CATEGORY,  /* arg: category -- the list shows it, the article
	                   * pane previews the list's selection */
	INTENT_CASE       /* the checklist is on another case now (the case
	                   * picker switched, started or deleted one): the
	                   * loop notes it, closes the picker and opens the
	                   * case's last article */
};

/* A handler's result. */
struct hr {
	unsigned flags;
	enum intent intent;
	size_t arg;
};

static inline struct hr hr_flags(unsigned flags)
{
	struct hr r = { flags, INTENT_NONE, 0 };

	return r;
}

/* An intent: the loop's own result for it decides the flags. */
static inline struct hr hr_intent(enum intent intent, size_t arg)
{
	struct hr r = { HR_NONE, intent, arg };

	return r;
}

struct view;
struct app;

struct view_ops {
	const char *name;
	enum keymap keymap;
	/* A new view of this kind. */
	struct view *(*create)(struct app *app);
	/* The pane moved or changed size: reflow what depends on it. */
	void (*resize)(struct view *v, const struct screen_rect *r);
	void (*draw)(struct view *v, bool focused);
	struct hr (*request)(struct view *v, enum request req);
	/* Sees keys before the keymaps (prompts); NULL or HR_UNHANDLED: no. */
	struct hr (*key)(struct view *v, struct key key);
	/* A mouse click on (col, row) of the pane's content area. */
	struct hr (*click)(struct view *v, int col, int row);
	/* Text pasted (bracketed paste) while the view has the focus: into its
	 * open prompt; NULL or HR_UNHANDLED when it has none open (then the
	 * loop starts a search for it). */
	struct hr (*paste)(struct view *v, const char *text);
	/* Position for the status line ("3/17", "lines 1-20 of 80"). */
	void (*status)(struct view *v, struct strbuf *sb);
	/* An open prompt on the status line: its label and line editor, and
	 * what to show at its right ("match 2 of 7"; may stay empty). */
	bool (*prompt)(struct view *v, const char **label, const struct input_line **in,
		       struct strbuf *info);
	/* The keymap now, when it changes with the view's state (the search
	 * with its prompt unfocused); NULL: always .keymap. */
	enum keymap (*keymap_now)(struct view *v);
	/* Requests whose hints the status line shows while this view has the focus. */
	const enum request *hints;
	void (*done)(struct view *v);

	/* How the loop carries out intents: what it tells a view or asks of
	 * it.  NULL where the view has no such thing. */

	/* Rows and columns the pane would like (for screen_compute). */
	void (*wants)(struct view *v, int *rows, int *cols);
	/* Shows category: the category pane selects it, the list lists its
	 * articles. */
	void (*show_category)(struct view *v, size_t category);
	/* The article the view has selected (lists) or shows (the article
	 * pane); NO_ARTICLE: none. */
	size_t (*selected)(struct view *v);
	/* Selects article (the list, within its category) or shows it
	 * without making it a visit (the article pane: previews). */
	void (*select)(struct view *v, size_t article);
	/* A visit: shows article and records it in the history. */
	void (*open)(struct view *v, size_t article);
	/* The text searched for (search) or highlighted (the article pane, as
	 * after "/"); NULL or "": none. */
	void (*set_query)(struct view *v, const char *query);
	const char *(*query)(struct view *v);
	/* The keyboard goes to the view's prompt (on: with its text selected,
	 * so typing replaces it) or to what it lists (off). */
	void (*focus_prompt)(struct view *v, bool on);
	/* A place to come back to (the history position: leaving a search
	 * returns there), and going back to it. */
	size_t (*mark)(struct view *v);
	void (*restore)(struct view *v, size_t mark);
};

struct view {
	const struct view_ops *ops;
	struct app *app;
	struct screen_rect rect;      /* where it was last laid out */
};

/* The kinds of view, one per view_*.c file. */
extern const struct view_ops categories_view_ops;
extern const struct view_ops list_view_ops;
extern const struct view_ops article_view_ops;
extern const struct view_ops search_view_ops;
extern const struct view_ops help_view_ops;
extern const struct view_ops cases_view_ops;

/* What every view may read, and the status message it may write.  The
 * views themselves belong to the loop (tui.c): a view cannot reach
 * another. */
struct app {
	const struct kb *kb;
	const struct search_index *idx;
	struct checklist *checklist;  /* the case's ticks and notes (checklist.h) */
	struct history *history;      /* searches typed (history.h) */
	bool ascii;                   /* terminal is not UTF-8 */
	size_t nerrors, nwarnings;    /* content diagnostics from loading */
	char *config_file;            /* the user's config file read, or NULL
	                               * (none to read; restricted mode) */
	/* The status line's message until the next key: views write it
	 * (view_message), the loop shows it and clears it. */
	struct strbuf msg;
	bool msg_error;
	/* Where a view wants the terminal cursor (prompts); -1 = hidden. */
	int cursor_x, cursor_y;
};

/* The keymap that keys reach v through now. */
enum keymap view_keymap(struct view *v);

/* ---- The status message (view.c) ------------------------------------------- */

void view_message(struct app *app, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* What the checklist store said (if anything) as the message; frees m. */
void view_checklist_message(struct app *app, struct checklist_msg *m);

/* ---- Drawing helpers (view.c) ---------------------------------------------- */

/* Draws an inline text (a title) at (col, row) of r in at most width
 * columns, with its spans' styles and the byte ranges m of its plain text
 * drawn as match; an ellipsis marks a cut.  code_first: when the text
 * does not fit, start it at its first error code.  Returns the column
 * after it. */
int view_draw_spans(const struct screen_rect *r, int row, int col, int width,
		    enum draw_type base, const struct kb_text *t,
		    const struct search_match *m, size_t nm, enum draw_type match,
		    bool code_first);
/* A dim line of explanation in an empty pane. */
void view_notice(const struct screen_rect *r, int row, const char *text);
/* The article's checklist progress ("2/9") right-aligned to column right
 * of row, when something is ticked.  Returns the columns it took (0: none)
 * so the title can stop short of it. */
int view_draw_progress(struct app *app, const struct screen_rect *r, int row,
		       int right, enum draw_type base, const struct kb_article *a);

/* The pane without its header line: where the content goes. */
static inline struct screen_rect view_body(const struct view *v)
{
	struct screen_rect r = v->rect;

	if (r.h > 0) {
		r.y++;
		r.h--;
	}
	return r;
}

/* Lines of content the pane shows below its header. */
static inline int view_height(const struct view *v)
{
	return v->rect.h > 1 ? v->rect.h - 1 : 0;
}

/* ---- A selectable list of n rows, for the list-like views ---------------- */

struct nav {
	size_t n, sel, top;
};

/* Keeps sel in range and visible in height rows (0: the pane is hidden). */
static inline void nav_fix(struct nav *nav, int height)
{
	size_t h = (size_t)height;

	if (nav->n == 0) {
		nav->sel = nav->top = 0;
		return;
	}
	if (nav->sel >= nav->n)
		nav->sel = nav->n - 1;
	if (height <= 0)
		return;     /* hidden: keep the scroll for when it shows again */
	if (nav->sel < nav->top)
		nav->top = nav->sel;
	if (nav->sel >= nav->top + h)
		nav->top = nav->sel - h + 1;
	if (nav->top + h > nav->n)
		nav->top = nav->n > h ? nav->n - h : 0;
}

/* Moves the selection for a movement request; true when req was one. */
static inline bool nav_request(struct nav *nav, enum request req, int height)
{
	size_t page = height > 1 ? (size_t)height - 1 : 1;

	switch (req) {
	case REQ_MOVE_UP:
		if (nav->sel > 0)
			nav->sel--;
		break;
	case REQ_MOVE_DOWN:
		if (nav->sel + 1 < nav->n)
			nav->sel++;
		break;
	case REQ_PAGE_UP:
		nav->sel = nav->sel > page ? nav->sel - page : 0;
		nav->top = nav->top > page ? nav->top - page : 0;
		break;
	case REQ_PAGE_DOWN:
		nav->sel += page;
		nav->top += page;
		break;
	case REQ_MOVE_FIRST:
		nav->sel = 0;
		break;
	case REQ_MOVE_LAST:
		nav->sel = nav->n ? nav->n - 1 : 0;
		break;
	default:
		return false;
	}
	nav_fix(nav, height);
	return true;
}

#endif
