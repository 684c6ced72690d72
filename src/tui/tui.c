/* SPDX-License-Identifier: MIT */
/* tui.c: the browser's main loop, its levels and its status line.
 *
 * Levels stack like tig's views: the browser (category | list | article)
 * at the bottom, the global search above it, the help on top.  "q" goes
 * back one step: from the article to its list, from the list to the
 * categories, out of a search or the help, and quits from the bottom.
 *
 * The loop owns every side effect: views return HR_* flags and intents
 * (struct hr, view.h) and the loop lays out, draws, quits, or carries the
 * intent out -- opening an article, moving the focus, closing a level --
 * telling the views concerned through their ops.  It knows the views only
 * by their slot in a table.  Resizing happens only through KEY_RESIZE, in
 * relayout().  Signal handlers only set a flag: curses is never called
 * from them.  When idle (the one-second input timeout) the loop lets the
 * checklist pick up what another enrollkb saved for the same case. */
#include "config.h"

#include <curses.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "checklist.h"
#include "display.h"
#include "i18n.h"
#include "strbuf.h"
#include "tui.h"
#include "view.h"
#include "xalloc.h"

enum level_kind {
	LEVEL_BROWSE,
	LEVEL_SEARCH,
	LEVEL_HELP
};

struct level {
	enum level_kind kind;
	enum screen_slot focus;
	/* The article pane's mark (history position) when the level was
	 * opened: leaving a search returns there. */
	size_t hist_pos;
};

#define MAX_LEVELS 4

/* The views, by the part they play. */
enum view_id {
	VIEW_CATEGORIES,
	VIEW_LIST,
	VIEW_ARTICLE,
	VIEW_SEARCH,
	VIEW_HELP,
	VIEW_COUNT
};

static const struct view_ops *const view_kinds[VIEW_COUNT] = {
	[VIEW_CATEGORIES] = &categories_view_ops,
	[VIEW_LIST] = &list_view_ops,
	[VIEW_ARTICLE] = &article_view_ops,
	[VIEW_SEARCH] = &search_view_ops,
	[VIEW_HELP] = &help_view_ops,
};

struct tui {
	struct app app;            /* what the views see */
	struct view *views[VIEW_COUNT];
	struct level levels[MAX_LEVELS];
	int nlevels;
	struct screen_geom geom;
};

static volatile sig_atomic_t got_signal;

/* ---- Asking and telling views (their optional ops) ------------------------ */

static size_t view_selected(struct view *v)
{
	return v->ops->selected ? v->ops->selected(v) : NO_ARTICLE;
}

static void view_select(struct view *v, size_t article)
{
	if (v->ops->select)
		v->ops->select(v, article);
}

static void view_open(struct view *v, size_t article)
{
	if (v->ops->open)
		v->ops->open(v, article);
}

static void view_show_category(struct view *v, size_t category)
{
	if (v->ops->show_category)
		v->ops->show_category(v, category);
}

static void view_set_query(struct view *v, const char *query)
{
	if (v->ops->set_query)
		v->ops->set_query(v, query);
}

static const char *view_query(struct view *v)
{
	return v->ops->query ? v->ops->query(v) : NULL;
}

static size_t view_mark(struct view *v)
{
	return v->ops->mark ? v->ops->mark(v) : NO_ARTICLE;
}

static void view_restore(struct view *v, size_t mark)
{
	if (v->ops->restore)
		v->ops->restore(v, mark);
}

/* ---- Levels and focus ----------------------------------------------------- */

static struct level *top_level(struct tui *t)
{
	return &t->levels[t->nlevels - 1];
}

/* The view shown in slot on level l. */
static struct view *slot_view(struct tui *t, const struct level *l,
			      enum screen_slot slot)
{
	switch (l->kind) {
	case LEVEL_HELP:
		return t->views[VIEW_HELP];
	case LEVEL_SEARCH:
		return slot == SLOT_ARTICLE ? t->views[VIEW_ARTICLE]
					    : t->views[VIEW_SEARCH];
	case LEVEL_BROWSE:
	default:
		return slot == SLOT_CATEGORIES ? t->views[VIEW_CATEGORIES]
		     : slot == SLOT_LIST ? t->views[VIEW_LIST]
		     : t->views[VIEW_ARTICLE];
	}
}

static struct view *focused_view(struct tui *t)
{
	struct level *l = top_level(t);

	return slot_view(t, l, l->focus);
}

/* The article the navigation pane of the top level has selected. */
static size_t nav_selection(struct tui *t)
{
	struct level *l = top_level(t);

	return view_selected(t->views[l->kind == LEVEL_SEARCH ? VIEW_SEARCH : VIEW_LIST]);
}

static void highlight_for_level(struct tui *t)
{
	struct level *l = top_level(t);

	if (l->kind == LEVEL_SEARCH)
		view_set_query(t->views[VIEW_ARTICLE], view_query(t->views[VIEW_SEARCH]));
}

/* The list (or search) selection moved to article: preview it. */
static void preview(struct tui *t, size_t article)
{
	struct view *av = t->views[VIEW_ARTICLE];

	if (focused_view(t) == av)
		return;
	if (top_level(t)->kind == LEVEL_BROWSE && article != view_selected(av))
		view_set_query(av, NULL);
	view_select(av, article);
	highlight_for_level(t);
}

/* Opens article in the article pane and gives it the focus (a visit). */
static unsigned open_article(struct tui *t, size_t article)
{
	struct level *l = top_level(t);
	struct view *av = t->views[VIEW_ARTICLE];

	if (article == NO_ARTICLE || l->kind == LEVEL_HELP)
		return HR_NONE;
	if (l->kind == LEVEL_BROWSE && article != view_selected(av))
		view_set_query(av, NULL);
	view_open(av, article);
	highlight_for_level(t);
	l->focus = SLOT_ARTICLE;
	return HR_GEOMETRY | HR_REDRAW;
}

/* Gives the keyboard to a slot of the current level. */
static unsigned focus_slot(struct tui *t, enum screen_slot slot)
{
	struct level *l = top_level(t);

	if (l->kind == LEVEL_HELP || slot >= SLOT_COUNT)
		return HR_NONE;
	if (l->kind == LEVEL_SEARCH && slot == SLOT_CATEGORIES)
		slot = SLOT_LIST;
	if (slot == SLOT_ARTICLE)
		return l->focus == SLOT_ARTICLE ? HR_NONE : open_article(t, nav_selection(t));
	l->focus = slot;
	preview(t, nav_selection(t));
	return HR_GEOMETRY | HR_REDRAW;
}

/* The category pane selects category and the list shows its articles. */
static void show_category(struct tui *t, size_t category)
{
	view_show_category(t->views[VIEW_CATEGORIES], category);
	view_show_category(t->views[VIEW_LIST], category);
}

static void pop_level(struct tui *t)
{
	struct level gone = *top_level(t);
	struct level *l;
	struct view *av = t->views[VIEW_ARTICLE];

	if (t->nlevels <= 1)
		return;
	t->nlevels--;
	l = top_level(t);
	if (gone.kind != LEVEL_SEARCH)
		return;
	/* Back where the search was started from: the same article at the
	 * same place, or the same preview. */
	view_set_query(av, NULL);
	if (l->focus == SLOT_ARTICLE)
		view_restore(av, gone.hist_pos);
	else
		view_select(av, nav_selection(t));
}

static void push_level(struct tui *t, enum level_kind kind, enum screen_slot focus)
{
	struct level *l;

	if (t->nlevels >= MAX_LEVELS)
		return;
	l = &t->levels[t->nlevels++];
	l->kind = kind;
	l->focus = focus;
	l->hist_pos = view_mark(t->views[VIEW_ARTICLE]);
}

/* The global search, its prompt holding query (NULL: keep what it had). */
static unsigned open_search(struct tui *t, const char *query)
{
	int i;

	/* One search level at most: going to it again returns to its prompt. */
	for (i = 0; i < t->nlevels && t->levels[i].kind != LEVEL_SEARCH; i++)
		;
	if (i < t->nlevels) {
		while (t->nlevels > i + 1)
			pop_level(t);
		top_level(t)->focus = SLOT_LIST;
	} else {
		while (top_level(t)->kind == LEVEL_HELP)
			pop_level(t);
		push_level(t, LEVEL_SEARCH, SLOT_LIST);
		view_set_query(t->views[VIEW_SEARCH], "");
	}
	if (query)
		view_set_query(t->views[VIEW_SEARCH], query);
	preview(t, nav_selection(t));
	return HR_GEOMETRY | HR_REDRAW;
}

/* Whether "q" would quit now. */
static bool at_bottom(struct tui *t)
{
	return t->nlevels == 1 && top_level(t)->focus == SLOT_CATEGORIES;
}

/* What "q" does now, for the hints. */
static const char *close_label(struct tui *t)
{
	if (at_bottom(t))
		return _("quit");
	if (top_level(t)->kind != LEVEL_HELP && top_level(t)->focus == SLOT_ARTICLE)
		return _("close");
	return _("back");
}

/* Back one level ("q"); quits from the top one. */
static unsigned close_level(struct tui *t)
{
	struct level *l = top_level(t);

	switch (l->kind) {
	case LEVEL_HELP:
		pop_level(t);
		break;
	case LEVEL_SEARCH:
		if (l->focus == SLOT_ARTICLE)
			return focus_slot(t, SLOT_LIST);
		pop_level(t);
		break;
	case LEVEL_BROWSE:
	default:
		if (l->focus == SLOT_ARTICLE)
			return focus_slot(t, SLOT_LIST);
		if (l->focus == SLOT_LIST)
			return focus_slot(t, SLOT_CATEGORIES);
		return HR_QUIT;
	}
	return HR_GEOMETRY | HR_REDRAW;
}

/* Carries out what a view's handler asked for; returns the flags. */
static unsigned act(struct tui *t, struct hr r)
{
	switch (r.intent) {
	case INTENT_PREVIEW:
		preview(t, r.arg);
		return r.flags | HR_REDRAW;
	case INTENT_OPEN:
		return r.flags | open_article(t, r.arg);
	case INTENT_FOCUS:
		return r.flags | focus_slot(t, (enum screen_slot)r.arg);
	case INTENT_CLOSE:
		return r.flags | close_level(t);
	case INTENT_CATEGORY:
		view_show_category(t->views[VIEW_LIST], r.arg);
		preview(t, view_selected(t->views[VIEW_LIST]));
		return r.flags | HR_REDRAW;
	case INTENT_NONE:
	default:
		return r.flags;
	}
}

/* Picks up what another enrollkb saved for this case; true when it did. */
static bool poll_checklist(struct tui *t)
{
	struct checklist_msg m = CHECKLIST_MSG_INIT;
	bool reloaded = checklist_poll(t->app.checklist, &m);

	view_checklist_message(&t->app, &m);
	return reloaded;
}

/* Requests no view took. */
static unsigned app_request(struct tui *t, enum request req)
{
	int i;

	switch (req) {
	case REQ_SEARCH:
		return open_search(t, NULL);
	case REQ_HELP:
		if (top_level(t)->kind == LEVEL_HELP)
			return close_level(t);
		push_level(t, LEVEL_HELP, SLOT_LIST);
		return HR_GEOMETRY | HR_REDRAW;
	case REQ_CLOSE:
		return close_level(t);
	case REQ_CANCEL:
		/* Esc leaves the search (or the help) from anywhere in it. */
		for (i = 0; i < t->nlevels && t->levels[i].kind == LEVEL_BROWSE; i++)
			;
		if (i >= t->nlevels)
			return HR_NONE;
		while (t->nlevels > i)
			pop_level(t);
		return HR_GEOMETRY | HR_REDRAW;
	case REQ_QUIT:
		return HR_QUIT;
	case REQ_REFRESH:
		/* Also the moment to pick up another process's ticks. */
		poll_checklist(t);
		display_invalidate();
		return HR_REDRAW;
	default:
		return HR_NONE;
	}
}

/* ---- Layout and drawing ----------------------------------------------------- */

/* The one place that reacts to a new size (KEY_RESIZE) or new panes. */
static void relayout(struct tui *t)
{
	struct level *l = top_level(t);
	struct screen_request req;
	struct screen_rect none = { 0, 0, 0, 0 };
	int v, s;

	memset(&req, 0, sizeof(req));
	display_size(&req.cols, &req.rows);
	if (t->views[VIEW_CATEGORIES]->ops->wants)
		t->views[VIEW_CATEGORIES]->ops->wants(t->views[VIEW_CATEGORIES],
						      &req.cat_rows, &req.cat_cols);
	req.focus = l->focus;
	req.merged = l->kind == LEVEL_SEARCH;
	screen_compute(&req, &t->geom);

	for (v = 0; v < VIEW_COUNT; v++) {
		struct view *view = t->views[v];
		bool shown = false;

		if (t->geom.mode != SCREEN_TOO_SMALL) {
			if (l->kind == LEVEL_HELP) {
				if (v == VIEW_HELP) {
					view->ops->resize(view, &t->geom.body);
					shown = true;
				}
			} else {
				for (s = 0; s < SLOT_COUNT; s++)
					if (slot_view(t, l, (enum screen_slot)s) == view &&
					    screen_visible(&t->geom, (enum screen_slot)s)) {
						view->ops->resize(view, &t->geom.slot[s]);
						shown = true;
					}
			}
		}
		if (!shown)
			view->ops->resize(view, &none);
	}
}

static void draw_hint(const struct screen_rect *r, int col, const char *key,
		      const char *label)
{
	col = draw_text(r, 0, col, DT_STATUS, DT_STATUS_KEY, key, strlen(key));
	col = draw_str(r, 0, col, DT_STATUS, " ");
	draw_str(r, 0, col, DT_STATUS, label);
}

#define STATUS_MAX_ROWS 4

static void draw_status_wrapped(struct tui *t, const char *text, enum draw_type over)
{
	const struct screen_rect *r = &t->geom.status;
	size_t len = strlen(text), off = 0, cut[STATUS_MAX_ROWS];
	int avail = r->w - 2, rows = 0, i;

	while (off < len && rows < STATUS_MAX_ROWS && rows <= t->geom.body.h) {
		size_t n = display_fit(text + off, len - off, avail);

		if (n == 0)
			n = 1;
		if (off + n < len) {
			/* Break after a space in the last third, else anywhere
			 * (URLs have no spaces). */
			size_t k = n;

			while (k > n * 2 / 3 && text[off + k - 1] != ' ')
				k--;
			if (k > n * 2 / 3)
				n = k;
		}
		cut[rows++] = n;
		off += n;
	}
	off = 0;
	for (i = 0; i < rows; i++) {
		struct screen_rect row = *r;

		row.y = r->y - (rows - 1) + i;
		draw_fill(&row, 0, 0, DT_STATUS);
		draw_text(&row, 0, 1, DT_STATUS, over, text + off, cut[i]);
		off += cut[i];
	}
}

static void draw_status(struct tui *t)
{
	const struct screen_rect *r = &t->geom.status;
	struct view *v = focused_view(t);
	const struct input_line *in;
	const char *label;
	struct strbuf left = STRBUF_INIT, badge = STRBUF_INIT;
	int leftw, badgew = 0, col, room;
	const enum request *h;

	if (v->ops->prompt && v->ops->prompt(v, &label, &in)) {
		const char *text = input_text(in);
		size_t start;

		draw_fill(r, 0, 0, DT_DEFAULT);
		col = draw_str(r, 0, 0, DT_PROMPT, label);
		start = display_fit_tail(text, in->cursor, r->w - col - 1);
		draw_str(r, 0, col, DT_DEFAULT, text + start);
		t->app.cursor_x = r->x + col + display_width(text + start, in->cursor - start);
		t->app.cursor_y = r->y;
		return;
	}

	if (t->app.msg.len)
		sb_puts(&left, sb_str(&t->app.msg));
	else if (v->ops->status)
		v->ops->status(v, &left);
	if (display_width(sb_str(&left), left.len) > r->w - 2) {
		/* A long URL must be read in full: the status line grows
		 * upwards over the panes instead of cutting it. */
		draw_status_wrapped(t, sb_str(&left),
				    t->app.msg.len && t->app.msg_error ? DT_STATUS_ERROR : DT_DEFAULT);
		sb_free(&left);
		return;
	}
	draw_fill(r, 0, 0, DT_STATUS);
	/* Content problems from loading: the longest wording that fits in
	 * half the line. */
	if (t->app.nerrors || t->app.nwarnings) {
		size_t n = t->app.nerrors ? t->app.nerrors : t->app.nwarnings;
		bool err = t->app.nerrors > 0;
		int k;

		for (k = 0; k < 3; k++) {
			sb_truncate(&badge, 0);
			if (k == 0)
				sb_printf(&badge, err
					  ? ngettext("%zu content error: see enrollkb --validate",
						     "%zu content errors: see enrollkb --validate", n)
					  : ngettext("%zu content warning: see enrollkb --validate",
						     "%zu content warnings: see enrollkb --validate", n), n);
			else if (k == 1)
				sb_printf(&badge, err
					  ? ngettext("%zu content error (--validate)",
						     "%zu content errors (--validate)", n)
					  : ngettext("%zu content warning (--validate)",
						     "%zu content warnings (--validate)", n), n);
			else
				sb_printf(&badge, err ? ngettext("%zu error", "%zu errors", n)
						      : ngettext("%zu warning", "%zu warnings", n), n);
			badgew = display_width(badge.s, badge.len) + 2;
			if (badgew <= r->w / 2)
				break;
		}
	}

	{
		struct screen_rect lr = *r;

		lr.w = r->w - badgew;
		if (lr.w < 0)
			lr.w = 0;
		col = draw_text(&lr, 0, 1, DT_STATUS,
				t->app.msg.len && t->app.msg_error ? DT_STATUS_ERROR : DT_DEFAULT,
				sb_str(&left), left.len);
		leftw = col;
	}
	if (badgew)
		draw_text(r, 0, r->w - badgew + 1, DT_STATUS_ERROR, DT_DEFAULT,
			  badge.s, badge.len);

	/* Hints, right-aligned before the badge, as many as fit. */
	room = r->w - badgew - leftw - 2;
	{
		struct strbuf keys[16];
		const char *labels[16];
		int widths[16], n = 0, total = 0, i;

		for (h = v->ops->hints; h && *h != REQ_NONE && n < 16; h++) {
			struct key k;
			char buf[8];
			int w;

			if (!keys_reach(v->ops->keymap, *h, &k))
				continue;
			labels[n] = *h == REQ_CLOSE ? close_label(t) : keys_request_hint(*h);
			keys[n] = (struct strbuf)STRBUF_INIT;
			sb_puts(&keys[n], keys_name(k, buf));
			w = display_width(keys[n].s, keys[n].len) + 1 +
			    display_width(labels[n], strlen(labels[n])) + 2;
			if (total + w > room) {
				sb_free(&keys[n]);
				break;
			}
			widths[n] = w;
			total += w;
			n++;
		}
		col = r->w - badgew - total;
		for (i = 0; i < n; i++) {
			draw_hint(r, col, keys[i].s, labels[i]);
			col += widths[i];
			sb_free(&keys[i]);
		}
	}
	sb_free(&left);
	sb_free(&badge);
}

static void draw(struct tui *t)
{
	struct level *l = top_level(t);
	int s, i;

	display_begin();
	t->app.cursor_x = t->app.cursor_y = -1;
	if (t->geom.mode == SCREEN_TOO_SMALL) {
		/* One line, the longest wording that fits. */
		char *say[3];
		int k;

		say[0] = xasprintf(_("Terminal too small: %dx%d, need at least %dx%d (q quits)"),
				   t->geom.body.w, t->geom.body.h,
				   SCREEN_MIN_COLS, SCREEN_MIN_ROWS);
		say[1] = xasprintf(_("Terminal too small (need %dx%d)"),
				   SCREEN_MIN_COLS, SCREEN_MIN_ROWS);
		say[2] = xstrdup(_("Too small"));
		for (k = 0; k < 2; k++)
			if (display_width(say[k], strlen(say[k])) <= t->geom.body.w)
				break;
		draw_str(&t->geom.body, 0, 0, DT_NOTICE, say[k]);
		for (k = 0; k < 3; k++)
			free(say[k]);
		display_end(-1, -1);
		return;
	}
	if (l->kind == LEVEL_HELP) {
		t->views[VIEW_HELP]->ops->draw(t->views[VIEW_HELP], true);
	} else {
		for (s = 0; s < SLOT_COUNT; s++) {
			struct view *v = slot_view(t, l, (enum screen_slot)s);

			if (screen_visible(&t->geom, (enum screen_slot)s))
				v->ops->draw(v, s == (int)l->focus);
		}
		for (i = 0; i < t->geom.nsep; i++)
			draw_vline(t->geom.sep_x[i], t->geom.body.y, t->geom.body.h);
	}
	draw_status(t);
	display_end(t->app.cursor_x, t->app.cursor_y);
}

/* ---- Input ------------------------------------------------------------------ */

static unsigned handle_key(struct tui *t, struct key key)
{
	struct view *v = focused_view(t);
	unsigned r = HR_UNHANDLED;
	enum request req;

	/* Nothing to see, so nothing to act on: only quitting works. */
	if (t->geom.mode == SCREEN_TOO_SMALL)
		return !key.fn && (key.code == 'q' || key.code == 'Q') ? HR_QUIT : HR_NONE;

	if (v->ops->key)
		r = act(t, v->ops->key(v, key));
	if (!(r & HR_UNHANDLED))
		return r;
	req = keys_request(v->ops->keymap, key);
	if (req == REQ_NONE) {
		struct key k;
		char buf[8];

		if (!key.fn && key.code > ' ' && key.code < 0x7f &&
		    keys_reach(v->ops->keymap, REQ_HELP, &k))
			view_message(&t->app, false, _("'%c' does nothing here; %s lists the keys"),
				     key.code, keys_name(k, buf));
		return HR_REDRAW;
	}
	r = act(t, v->ops->request(v, req));
	if (r & HR_UNHANDLED)
		r = app_request(t, req);
	return r;
}

/* The slot a view sits in on the top level. */
static bool slot_of(struct tui *t, struct view *v, enum screen_slot *slot)
{
	struct level *l = top_level(t);
	int s;

	for (s = 0; s < SLOT_COUNT; s++)
		if (slot_view(t, l, (enum screen_slot)s) == v &&
		    screen_visible(&t->geom, (enum screen_slot)s)) {
			*slot = (enum screen_slot)s;
			return true;
		}
	return false;
}

static unsigned handle_mouse(struct tui *t)
{
	MEVENT ev;
	struct view *v = NULL;
	unsigned r = HR_NONE;
	int i;

	if (getmouse(&ev) != OK || t->geom.mode == SCREEN_TOO_SMALL)
		return HR_NONE;
	for (i = 0; i < VIEW_COUNT; i++) {
		struct view *c = t->views[i];

		if (c->rect.w > 0 && c->rect.h > 0 &&
		    ev.x >= c->rect.x && ev.x < c->rect.x + c->rect.w &&
		    ev.y >= c->rect.y && ev.y < c->rect.y + c->rect.h)
			v = c;
	}
	if (!v)
		return HR_NONE;
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		enum request req = ev.bstate & BUTTON4_PRESSED ? REQ_MOVE_UP : REQ_MOVE_DOWN;

		for (i = 0; i < 3; i++)
			r |= act(t, v->ops->request(v, req));
		return (r & ~HR_UNHANDLED) | HR_REDRAW;
	}
	if (!(ev.bstate & BUTTON1_PRESSED))
		return HR_NONE;
	if (v != focused_view(t)) {
		enum screen_slot slot;

		if (top_level(t)->kind == LEVEL_HELP || !slot_of(t, v, &slot))
			return HR_NONE;
		r = focus_slot(t, slot);
		if (r & HR_GEOMETRY)
			relayout(t);
		if (v != focused_view(t))
			return r | HR_REDRAW;
	}
	if (ev.y > v->rect.y && v->ops->click)
		r |= act(t, v->ops->click(v, ev.x - v->rect.x, ev.y - v->rect.y - 1));
	return (r & ~HR_UNHANDLED) | HR_REDRAW;
}

/* ---- Start and end -------------------------------------------------------------- */

static void on_signal(int sig)
{
	got_signal = sig;
}

/* GCC says __SANITIZE_ADDRESS__, clang has __has_feature. */
#if defined(__SANITIZE_ADDRESS__)
# define UNDER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define UNDER_ASAN 1
# endif
#endif

#ifndef UNDER_ASAN
/* A crash must not leave the terminal raw and on the alternate screen;
 * then the default action (core dump) goes ahead. */
static void on_crash(int sig)
{
	display_emergency_restore();
	raise(sig);
}
#endif

static void catch_signals(void)
{
	struct sigaction sa;
#ifndef UNDER_ASAN
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	size_t i;
#endif

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocked read returns so the loop sees the flag. */
	sa.sa_flags = 0;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
#ifndef UNDER_ASAN
	/* (Under ASan its own handlers report crashes: leave them.) */
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);
#endif
}

bool tui_check_terminal(FILE *err)
{
	const char *term = getenv("TERM");
	const char *why = NULL;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		why = _("standard input and output must be a terminal");
	else if (!term || !*term)
		why = _("TERM is not set");
	else if (strcmp(term, "dumb") == 0)
		why = _("the terminal is dumb (TERM=dumb)");
	if (!why)
		return true;
	fprintf(err, _("%s: no full-screen browser: %s; use --search QUERY or --show ID instead\n"),
		PACKAGE, why);
	return false;
}

/* Whether query names an article exactly: its id or one of its codes. */
static size_t exact_article(const struct kb *kb, const char *query)
{
	size_t a = kb_lookup(kb, query), i;

	if (a == NO_ARTICLE)
		return NO_ARTICLE;
	if (strcmp(kb->articles[a]->id, query) == 0)
		return a;
	for (i = 0; i < kb->articles[a]->ncodes; i++)
		if (strcasecmp(kb->articles[a]->codes[i], query) == 0)
			return a;
	return NO_ARTICLE;
}

static void start(struct tui *t, const char *query)
{
	const struct kb *kb = t->app.kb;
	size_t a;

	if (kb->ncategories)
		show_category(t, 0);
	if (!query || !*query) {
		preview(t, nav_selection(t));
		return;
	}
	a = exact_article(kb, query);
	if (a != NO_ARTICLE) {
		const struct kb_article *art = kb->articles[a];

		if (art->ncategories) {
			show_category(t, art->categories[0]);
			view_select(t->views[VIEW_LIST], a);
		}
		t->levels[0].focus = SLOT_LIST;
		open_article(t, a);
		/* Show where the code is mentioned (an id is not in the text). */
		if (strcmp(art->id, query) != 0)
			view_set_query(t->views[VIEW_ARTICLE], query);
		return;
	}
	preview(t, nav_selection(t));
	open_search(t, query);
}

/* The checklist's start-up warning (memory only...): the longest wording
 * that fits on one line. */
static void checklist_warning(struct tui *t, const struct tui_checklist *ck)
{
	const char *say[3];
	size_t n = checklist_startup_warning(t->app.checklist, ck ? ck->warnings : NULL, say);
	size_t i;
	int cols, rows;

	if (!n)
		return;
	display_size(&cols, &rows);
	for (i = 0; i < n - 1 && display_width(say[i], strlen(say[i])) > cols - 2; i++)
		;
	view_message(&t->app, true, "%s", say[i]);
}

int tui_run(const struct kb *kb, const struct search_index *idx,
	    const struct diag_list *dl, const char *query,
	    const struct tui_checklist *ck)
{
	struct tui t;
	const char *why = NULL;
	unsigned flags = HR_GEOMETRY | HR_REDRAW;
	int i, rc = 0;

	memset(&t, 0, sizeof(t));
	t.app.kb = kb;
	t.app.idx = idx;
	t.app.nerrors = diag_count(dl, DIAG_ERROR);
	t.app.nwarnings = diag_count(dl, DIAG_WARNING);
	t.app.checklist = checklist_new(ck ? ck->store : NULL, ck ? ck->state_dir : NULL);
	if (ck && ck->restricted)
		checklist_set_restricted(t.app.checklist, true);
	t.nlevels = 1;
	t.levels[0].kind = LEVEL_BROWSE;
	t.levels[0].focus = SLOT_CATEGORIES;

	catch_signals();
	xalloc_set_fatal_hook(display_close);
	if (!display_open(&why)) {
		fprintf(stderr, _("%s: no full-screen browser: %s; use --search QUERY or --show ID instead\n"),
			PACKAGE, why);
		checklist_free(t.app.checklist);
		return 2;
	}
	t.app.ascii = !display_utf8();
	/* A signal that can interrupt nothing still gets noticed within a
	 * second. */
	timeout(1000);

	for (i = 0; i < VIEW_COUNT; i++)
		t.views[i] = view_kinds[i]->create(&t.app);
	relayout(&t);
	start(&t, query);
	checklist_warning(&t, ck);

	while (!(flags & HR_QUIT) && !got_signal) {
		wint_t ch;
		int got;

		if (flags & HR_GEOMETRY)
			relayout(&t);
		if (flags & (HR_REDRAW | HR_GEOMETRY))
			draw(&t);
		flags = HR_NONE;
		got = get_wch(&ch);
		if (got_signal)
			break;
		if (got == ERR) {
			/* The timeout, or a signal.  Idle: show what another
			 * enrollkb saved for this case meanwhile. */
			if (poll_checklist(&t))
				flags = HR_REDRAW;
			continue;
		}
		if (got == KEY_CODE_YES && ch == KEY_RESIZE) {
			flags = HR_GEOMETRY | HR_REDRAW;
			continue;
		}
		sb_truncate(&t.app.msg, 0);
		if (got == KEY_CODE_YES && ch == KEY_MOUSE) {
			flags = handle_mouse(&t) | HR_REDRAW;
			continue;
		}
		flags = handle_key(&t, keys_make((int)ch, got == KEY_CODE_YES)) | HR_REDRAW;
	}

	display_close();
	xalloc_set_fatal_hook(NULL);
	for (i = 0; i < VIEW_COUNT; i++)
		t.views[i]->ops->done(t.views[i]);
	checklist_free(t.app.checklist);
	sb_free(&t.app.msg);
	display_free();
	if (got_signal)
		rc = 128 + got_signal;
	return rc;
}
