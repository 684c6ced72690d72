/* SPDX-License-Identifier: MIT */
/* view.h: what every screen of the TUI plugs into.
 *
 * A view is one screen's state plus a table of functions (struct view_ops,
 * after tig's view_ops): the main loop in tui.c resizes, draws and feeds
 * requests to whichever views are on screen without knowing what they are.
 * Handlers return what must happen next as HR_* flags; the loop does it.
 *
 * Views talk to each other only through the app_* functions below (tui.c),
 * which own the focus, the levels (browse / search / help) and the status
 * line.  The article view's history and the selections stay in the views. */
#ifndef ENROLLKB_VIEW_H
#define ENROLLKB_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "display.h"
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

struct view;

struct view_ops {
	const char *name;
	enum keymap keymap;
	/* The pane moved or changed size: reflow what depends on it. */
	void (*resize)(struct view *v, const struct screen_rect *r);
	void (*draw)(struct view *v, bool focused);
	unsigned (*request)(struct view *v, enum request req);
	/* Sees keys before the keymaps (prompts); NULL or HR_UNHANDLED: no. */
	unsigned (*key)(struct view *v, struct key key);
	/* A mouse click on (col, row) of the pane's content area. */
	unsigned (*click)(struct view *v, int col, int row);
	/* Position for the status line ("3/17", "lines 1-20 of 80"). */
	void (*status)(struct view *v, struct strbuf *sb);
	/* An open prompt on the status line: its label and line editor. */
	bool (*prompt)(struct view *v, const char **label, const struct input_line **in);
	/* Requests whose hints the status line shows while this view has the focus. */
	const enum request *hints;
	void (*done)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	struct app *app;
	struct screen_rect rect;      /* where it was last laid out */
};

enum view_id {
	VIEW_CATEGORIES,
	VIEW_LIST,
	VIEW_ARTICLE,
	VIEW_SEARCH,
	VIEW_HELP,
	VIEW_COUNT
};

struct checklist;

struct app {
	const struct kb *kb;
	const struct search_index *idx;
	struct checklist *checklist;  /* the case's ticks and notes (checklist_ui.h) */
	bool ascii;                   /* terminal is not UTF-8 */
	size_t nerrors, nwarnings;    /* content diagnostics from loading */
	struct view *views[VIEW_COUNT];
	/* Where a view wants the terminal cursor (prompts); -1 = hidden. */
	int cursor_x, cursor_y;
};

/* ---- The app (tui.c) ------------------------------------------------------ */

/* A message for the status line until the next key. */
void app_message(struct app *app, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The list (or search) selection moved to article: preview it. */
void app_preview(struct app *app, size_t article);
/* Opens article in the article pane and gives it the focus (a visit). */
unsigned app_open(struct app *app, size_t article);
/* Gives the keyboard to a slot of the current level. */
unsigned app_focus(struct app *app, enum screen_slot slot);
/* The global search, its prompt holding query (NULL: keep what it had). */
unsigned app_search(struct app *app, const char *query);
/* Back one level ("q"); quits from the top one. */
unsigned app_close(struct app *app);

/* ---- Views (view_*.c) ----------------------------------------------------- */

struct view *categories_view_new(struct app *app);
void categories_view_select(struct view *v, size_t category);
/* Rows and columns the pane would like (for screen_compute). */
void categories_view_wants(struct view *v, int *rows, int *cols);

struct view *list_view_new(struct app *app);
void list_view_set_category(struct view *v, size_t category);
size_t list_view_selected(struct view *v);      /* article index or NO_ARTICLE */
void list_view_select_article(struct view *v, size_t article);

struct view *article_view_new(struct app *app);
/* Shows article without making it a visit (previews). */
void article_view_preview(struct view *v, size_t article);
/* A visit: shows article and records it in the history. */
void article_view_open(struct view *v, size_t article);
size_t article_view_current(struct view *v);
/* Highlights matches of query (NULL or "": none), as after "/". */
void article_view_set_find(struct view *v, const char *query);
/* The history position, to return there when a search is closed. */
size_t article_view_history_pos(struct view *v);
void article_view_history_restore(struct view *v, size_t pos);

struct view *search_view_new(struct app *app);
void search_view_set_query(struct view *v, const char *query);
const char *search_view_query(struct view *v);
size_t search_view_selected(struct view *v);

struct view *help_view_new(struct app *app);

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
