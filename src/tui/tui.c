/* SPDX-License-Identifier: MIT */
/* tui.c: the browser's main loop, its levels and its status line.
 *
 * Levels stack like tig's views: the browser (category | list | article)
 * at the bottom, the global search above it, the case picker and the help
 * on top.  "q" goes back one step: from the article to its list, from the
 * list to the categories, out of a search, the picker or the help, and
 * quits from the bottom.
 *
 * The loop also owns what concerns every screen: the case on the status
 * line, undo, the mouse toggle, the whole-case export's prompt, and
 * pasted text -- read whole between the bracketed-paste markers and handed
 * to the focused view's prompt, or else made a search, so that a paste is
 * never taken for keys.
 *
 * The loop owns every side effect: views return HR_* flags and intents
 * (struct hr, view.h) and the loop lays out, draws, quits, or carries the
 * intent out -- opening an article, moving the focus, closing a level --
 * telling the views concerned through their ops.  It knows the views only
 * by their slot in a table.  Resizing happens only through KEY_RESIZE, in
 * relayout().  Signal handlers only set a flag: curses is never called
 * from them.  When idle (the one-second input timeout) the loop lets the
 * checklist pick up what another enrollkb saved for the same case.
 *
 * Before the terminal is taken over it reads the config file, which keys
 * and display apply; its problems go to stderr (left on the terminal
 * after the browser is gone) and the first of them to the status line. */
#include "config.h"

#include <curses.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "checklist.h"
#include "config_file.h"
#include "display.h"
#include "history.h"
#include "i18n.h"
#include "keys.h"
#include "sanitize.h"
#include "strbuf.h"
#include "tui.h"
#include "utf8.h"
#include "view.h"
#include "xalloc.h"

enum level_kind {
	LEVEL_BROWSE,
	LEVEL_SEARCH,
	LEVEL_CASES,
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
	VIEW_CASES,
	VIEW_COUNT
};

static const struct view_ops *const view_kinds[VIEW_COUNT] = {
	[VIEW_CATEGORIES] = &categories_view_ops,
	[VIEW_LIST] = &list_view_ops,
	[VIEW_ARTICLE] = &article_view_ops,
	[VIEW_SEARCH] = &search_view_ops,
	[VIEW_HELP] = &help_view_ops,
	[VIEW_CASES] = &cases_view_ops,
};

struct tui {
	struct app app;            /* what the views see */
	struct view *views[VIEW_COUNT];
	struct level levels[MAX_LEVELS];
	int nlevels;
	struct screen_geom geom;
	/* "E": the file the whole case goes to, asked on the status line. */
	bool exporting;
	struct input_line export_to;
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

static void view_focus_prompt(struct view *v, bool on)
{
	if (v->ops->focus_prompt)
		v->ops->focus_prompt(v, on);
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

/* Levels that take the whole body, one view, no panes. */
static bool full_screen(const struct level *l)
{
	return l->kind == LEVEL_HELP || l->kind == LEVEL_CASES;
}

/* The view shown in slot on level l. */
static struct view *slot_view(struct tui *t, const struct level *l,
			      enum screen_slot slot)
{
	switch (l->kind) {
	case LEVEL_HELP:
		return t->views[VIEW_HELP];
	case LEVEL_CASES:
		return t->views[VIEW_CASES];
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

	if (article == NO_ARTICLE || full_screen(l))
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

	if (full_screen(l) || slot >= SLOT_COUNT)
		return HR_NONE;
	if (l->kind == LEVEL_SEARCH && slot == SLOT_CATEGORIES)
		slot = SLOT_LIST;
	if (slot == SLOT_ARTICLE)
		return l->focus == SLOT_ARTICLE ? HR_NONE : open_article(t, nav_selection(t));
	/* Back from an article to the results, keys act on the results: a
	 * "q" goes back instead of into the query. */
	if (l->kind == LEVEL_SEARCH && l->focus == SLOT_ARTICLE)
		view_focus_prompt(t->views[VIEW_SEARCH], false);
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

/* The global search, its prompt holding query (NULL: the last query,
 * selected, so that typing replaces it). */
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
		while (full_screen(top_level(t)))
			pop_level(t);
		push_level(t, LEVEL_SEARCH, SLOT_LIST);
	}
	view_focus_prompt(t->views[VIEW_SEARCH], true);
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
	if (!full_screen(top_level(t)) && top_level(t)->focus == SLOT_ARTICLE)
		return _("close");
	return _("back");
}

/* Back one level ("q"); quits from the top one. */
static unsigned close_level(struct tui *t)
{
	struct level *l = top_level(t);

	switch (l->kind) {
	case LEVEL_HELP:
	case LEVEL_CASES:
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

/* Opens article from its list on the bottom level, as a visit. */
static unsigned go_to_article(struct tui *t, size_t article)
{
	const struct kb_article *a = t->app.kb->articles[article];

	while (t->nlevels > 1)
		pop_level(t);
	if (a->ncategories) {
		show_category(t, a->categories[0]);
		view_select(t->views[VIEW_LIST], article);
	}
	t->levels[0].focus = SLOT_LIST;
	return open_article(t, article) | HR_GEOMETRY | HR_REDRAW;
}

/* Back where the case's work stopped: its last article, if it has one. */
static unsigned resume(struct tui *t)
{
	struct progress_case info;
	size_t a;
	unsigned r = HR_NONE;

	if (!checklist_enabled(t->app.checklist))
		return HR_NONE;
	checklist_case_info(t->app.checklist, t->app.kb, &info);
	a = info.last_article ? kb_find(t->app.kb, info.last_article) : NO_ARTICLE;
	if (a != NO_ARTICLE)
		r = go_to_article(t, a);
	progress_case_info_free(&info);
	return r;
}

/* The checklist is on another case: note it for the next start, close
 * the picker, and carry on where that case stopped. */
static unsigned case_changed(struct tui *t)
{
	checklist_remember_case(t->app.checklist);
	while (top_level(t)->kind == LEVEL_CASES)
		pop_level(t);
	return resume(t) | HR_GEOMETRY | HR_REDRAW;
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
	case INTENT_CASE:
		return r.flags | case_changed(t);
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

/* "E": asks where the whole case goes. */
static unsigned export_case_open(struct tui *t)
{
	char *path;

	if (!checklist_enabled(t->app.checklist)) {
		view_message(&t->app, false, "%s", _("Checklists are off: no case to export"));
		return HR_REDRAW;
	}
	path = checklist_export_case_default(t->app.checklist);
	input_set(&t->export_to, path);
	free(path);
	t->exporting = true;
	return HR_REDRAW;
}

static unsigned export_case_key(struct tui *t, struct key key)
{
	struct checklist_msg m = CHECKLIST_MSG_INIT;

	switch (input_prompt_key(&t->export_to, key, t->app.ascii)) {
	case INPUT_ACCEPT:
		checklist_export_case(t->app.checklist, t->app.kb, input_text(&t->export_to), &m);
		view_checklist_message(&t->app, &m);
		t->exporting = false;
		break;
	case INPUT_CANCEL:
		view_message(&t->app, false, "%s", _("Nothing exported"));
		t->exporting = false;
		break;
	default:
		break;
	}
	return HR_REDRAW;
}

/* Requests no view took. */
static unsigned app_request(struct tui *t, enum request req)
{
	struct checklist_msg m = CHECKLIST_MSG_INIT;
	int i;

	switch (req) {
	case REQ_CASES:
		if (!checklist_enabled(t->app.checklist)) {
			view_message(&t->app, false, "%s", _("Checklists are off: there are no cases"));
			return HR_REDRAW;
		}
		while (top_level(t)->kind == LEVEL_HELP)
			pop_level(t);
		if (top_level(t)->kind != LEVEL_CASES)
			push_level(t, LEVEL_CASES, SLOT_LIST);
		view_focus_prompt(t->views[VIEW_CASES], true);
		return HR_GEOMETRY | HR_REDRAW;
	case REQ_UNDO:
		if (!checklist_enabled(t->app.checklist)) {
			view_message(&t->app, false, "%s", _("Checklists are off: nothing to undo"));
			return HR_REDRAW;
		}
		checklist_undo(t->app.checklist, &m);
		view_checklist_message(&t->app, &m);
		return HR_REDRAW;
	case REQ_EXPORT_CASE:
		return export_case_open(t);
	case REQ_MOUSE:
		display_set_mouse(!display_mouse());
		view_message(&t->app, false, "%s", display_mouse()
			     ? _("Mouse on: clicks select, the wheel scrolls")
			     : _("Mouse off: the terminal selects text (m takes the mouse back)"));
		return HR_REDRAW;
	case REQ_COPY:
		view_message(&t->app, false, "%s", _("y copies in an article: its checklist, or the selected link"));
		return HR_REDRAW;
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
			if (full_screen(l)) {
				if (view == slot_view(t, l, SLOT_LIST)) {
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

static bool is_url(const char *s, size_t n)
{
	return (n > 7 && strncmp(s, "http://", 7) == 0) ||
	       (n > 8 && strncmp(s, "https://", 8) == 0);
}

/* A URL at col of row, as a hyperlink; too wide for the line, it is shown
 * shortened in the middle -- the link (and "y") still carry all of it. */
static int draw_url(const struct screen_rect *row, int col, enum draw_type over,
		    const char *s, size_t n)
{
	const char *ell = display_utf8() ? "\u2026" : "~";
	char *url = xstrndup(s, n);
	int room = row->w - col - 1, ew = display_width(ell, strlen(ell));
	size_t tail = 0, head;

	if (display_width(url, n) <= room || room <= 12) {
		col = draw_link(row, 0, col, DT_STATUS, over, url, n, url);
		free(url);
		return col;
	}
	/* Its end says what it is, its start where it goes. */
	while (tail < n && display_width(url + n - tail - 1, tail + 1) <= (room - ew) / 2)
		tail++;
	head = display_fit(url, n, room - ew - display_width(url + n - tail, tail));
	col = draw_link(row, 0, col, DT_STATUS, over, url, head, url);
	col = draw_link(row, 0, col, DT_STATUS, over, ell, strlen(ell), url);
	col = draw_link(row, 0, col, DT_STATUS, over, url + n - tail, tail, url);
	free(url);
	return col;
}

/* Status text at col of row, its URLs as hyperlinks. */
static int draw_status_text(const struct screen_rect *row, int col, enum draw_type over,
			    const char *s, size_t len)
{
	size_t at = 0;

	while (at < len) {
		size_t word = at, end;

		while (word < len && s[word] != ' ')
			word++;
		for (end = word; end < len && s[end] == ' '; end++)
			;
		if (is_url(s + at, word - at))
			col = draw_url(row, col, over, s + at, word - at);
		else
			col = draw_text(row, 0, col, DT_STATUS, over, s + at, word - at);
		col = draw_text(row, 0, col, DT_STATUS, over, s + word, end - word);
		at = end;
	}
	return col;
}

/* A message wider than the line: the status line grows upwards over the
 * panes, broken at spaces -- never inside a URL, which gets a row of its
 * own (shortened in the middle when even that is too narrow). */
static void draw_status_wrapped(struct tui *t, const char *text, enum draw_type over)
{
	const struct screen_rect *r = &t->geom.status;
	size_t len = strlen(text), off = 0, from[STATUS_MAX_ROWS], to[STATUS_MAX_ROWS];
	int avail = r->w - 2, rows = 0, i;

	while (off < len && rows < STATUS_MAX_ROWS && rows <= t->geom.body.h) {
		size_t end = off, fit = off + display_fit(text + off, len - off, avail);

		/* Whole words while they fit; a URL never shares its row's
		 * break with another word's middle. */
		while (end < len) {
			size_t w = end;

			while (w < len && text[w] == ' ')
				w++;
			while (w < len && text[w] != ' ')
				w++;
			if (w > fit && end > off)
				break;
			end = w;
			if (end > fit) {
				/* One word wider than the row: a URL keeps it
				 * all (drawn shortened), other words are cut. */
				size_t lead = strspn(text + off, " ");

				if (!is_url(text + off + lead, end - off - lead))
					end = fit > off ? fit : off + 1;
				break;
			}
		}
		from[rows] = off;
		to[rows++] = end;
		off = end;
		while (off < len && text[off] == ' ')
			off++;
	}
	for (i = 0; i < rows; i++) {
		struct screen_rect row = *r;

		row.y = r->y - (rows - 1) + i;
		draw_fill(&row, 0, 0, DT_STATUS);
		draw_status_text(&row, 1, over, text + from[i], to[i] - from[i]);
	}
}

/* A prompt on the status line: label, the text (scrolled to keep the
 * cursor in view; a selection drawn as such), info at the right. */
static void draw_prompt(struct tui *t, const char *label, const struct input_line *in,
			const struct strbuf *info)
{
	const struct screen_rect *r = &t->geom.status;
	const char *text = input_text(in);
	struct screen_rect line = *r;
	size_t start = 0;
	int col, infow = info->len ? display_width(info->s, info->len) + 2 : 0;

	if (infow > r->w / 3)
		infow = 0;
	draw_fill(r, 0, 0, DT_DEFAULT);
	if (infow)
		draw_text(r, 0, r->w - infow + 1, DT_DEFAULT, DT_DIM, info->s, info->len);
	line.w = r->w - infow;
	col = draw_str(&line, 0, 0, DT_PROMPT, label);
	/* linear in the input, however long a paste or start-up query */
	start = display_fit_tail(text, in->cursor, line.w - col - 1);
	draw_text(&line, 0, col, DT_DEFAULT, in->selected ? DT_CURSOR : DT_DEFAULT,
		  text + start, strlen(text + start));
	t->app.cursor_x = r->x + col + display_width(text + start, in->cursor - start);
	t->app.cursor_y = r->y;
}

/* The content problems from loading: the longest wording that fits in
 * half the line (empty when there are none). */
static void content_badge(struct tui *t, struct strbuf *badge, int w)
{
	size_t n = t->app.nerrors ? t->app.nerrors : t->app.nwarnings;
	bool err = t->app.nerrors > 0;
	int k;

	if (!n)
		return;
	for (k = 0; k < 3; k++) {
		sb_truncate(badge, 0);
		if (k == 0)
			sb_printf(badge, err
				  ? ngettext("%zu content error: see enrollkb --validate",
					     "%zu content errors: see enrollkb --validate", n)
				  : ngettext("%zu content warning: see enrollkb --validate",
					     "%zu content warnings: see enrollkb --validate", n), n);
		else if (k == 1)
			sb_printf(badge, err
				  ? ngettext("%zu content error (--validate)",
					     "%zu content errors (--validate)", n)
				  : ngettext("%zu content warning (--validate)",
					     "%zu content warnings (--validate)", n), n);
		else
			sb_printf(badge, err ? ngettext("%zu error", "%zu errors", n)
					      : ngettext("%zu warning", "%zu warnings", n), n);
		if (display_width(badge->s, badge->len) + 2 <= w / 2)
			break;
	}
}

static void draw_status(struct tui *t)
{
	const struct screen_rect *r = &t->geom.status;
	struct view *v = focused_view(t);
	enum keymap map = view_keymap(v);
	const struct input_line *in;
	const char *label;
	struct strbuf left = STRBUF_INIT, badge = STRBUF_INIT, info = STRBUF_INIT;
	struct strbuf cs = STRBUF_INIT;
	int leftw, badgew = 0, casew = 0, col, room;
	const enum request *h;

	if (t->exporting) {
		draw_prompt(t, _("Export the whole case to: "), &t->export_to, &info);
		return;
	}
	if (v->ops->prompt && v->ops->prompt(v, &label, &in, &info)) {
		draw_prompt(t, label, in, &info);
		sb_free(&info);
		return;
	}

	if (t->app.msg.len)
		sb_puts(&left, sb_str(&t->app.msg));
	else if (v->ops->status)
		v->ops->status(v, &left);
	if (display_width(sb_str(&left), left.len) > r->w - 2) {
		draw_status_wrapped(t, sb_str(&left),
				    t->app.msg.len && t->app.msg_error ? DT_STATUS_ERROR : DT_DEFAULT);
		sb_free(&left);
		return;
	}
	draw_fill(r, 0, 0, DT_STATUS);
	content_badge(t, &badge, r->w);
	if (badge.len)
		badgew = display_width(badge.s, badge.len) + 2;
	/* The case worked in, on every screen: ticks go there. */
	if (checklist_enabled(t->app.checklist)) {
		const char *name = checklist_case(t->app.checklist);
		int most = r->w / 4;

		sb_printf(&cs, _("case %s"), name);
		if (display_width(cs.s, cs.len) + 2 > most)
			sb_truncate(&cs, display_fit(cs.s, cs.len, most > 3 ? most - 2 : 0));
		casew = cs.len ? display_width(cs.s, cs.len) + 2 : 0;
		/* A message lasts a key press: for it the case makes room. */
		if (display_width(sb_str(&left), left.len) + 2 > r->w - badgew - casew)
			casew = 0;
	}

	{
		struct screen_rect lr = *r;

		lr.w = r->w - badgew - casew;
		if (lr.w < 0)
			lr.w = 0;
		col = draw_status_text(&lr, 1,
				       t->app.msg.len && t->app.msg_error ? DT_STATUS_ERROR : DT_DEFAULT,
				       sb_str(&left), left.len);
		leftw = col;
	}
	if (badgew)
		draw_text(r, 0, r->w - badgew + 1, DT_STATUS_ERROR, DT_DEFAULT,
			  badge.s, badge.len);
	if (casew)
		draw_text(r, 0, r->w - badgew - casew + 1, DT_STATUS, DT_STATUS_KEY,
			  cs.s, cs.len);

	/* Hints, right-aligned before the case, as many as fit. */
	room = r->w - badgew - casew - leftw - 2;
	{
		struct strbuf keys[16];
		const char *labels[16];
		int widths[16], n = 0, total = 0, i;

		for (h = v->ops->hints; h && *h != REQ_NONE && n < 16; h++) {
			struct key k;
			char buf[8];
			int w;

			if (!keys_reach(map, *h, &k))
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
		col = r->w - badgew - casew - total;
		for (i = 0; i < n; i++) {
			draw_hint(r, col, keys[i].s, labels[i]);
			col += widths[i];
			sb_free(&keys[i]);
		}
	}
	sb_free(&left);
	sb_free(&badge);
	sb_free(&cs);
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
	if (full_screen(l)) {
		struct view *v = slot_view(t, l, SLOT_LIST);

		v->ops->draw(v, true);
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
	if (t->exporting)
		return export_case_key(t, key);

	if (v->ops->key)
		r = act(t, v->ops->key(v, key));
	if (!(r & HR_UNHANDLED))
		return r;
	req = keys_request(view_keymap(v), key);
	if (req == REQ_NONE) {
		struct key k;
		char buf[8];

		if (!key.fn && key.code > ' ' && key.code < 0x7f &&
		    keys_reach(view_keymap(v), REQ_HELP, &k))
			view_message(&t->app, false, _("'%c' does nothing here; %s lists the keys"),
				     key.code, keys_name(k, buf));
		return HR_REDRAW;
	}
	r = act(t, v->ops->request(v, req));
	if (r & HR_UNHANDLED)
		r = app_request(t, req);
	return r;
}

/* Pasted text beyond this is dropped: a prompt holds one line. */
#define PASTE_MAX (64 * 1024)

/* Reads a bracketed paste up to its end marker into sb -- whatever keys it
 * holds are text.  A terminal that never sends the end marker gets a
 * second's pause (the input timeout) as the end.  *resized: a KEY_RESIZE
 * came meanwhile. */
static void read_paste(struct strbuf *sb, bool *resized)
{
	for (;;) {
		wint_t ch;
		int got = get_wch(&ch);
		char buf[4];

		if (got == ERR || got_signal)
			return;
		if (got == KEY_CODE_YES) {
			if (ch == DISPLAY_KEY_PASTE_END)
				return;
			if (ch == KEY_RESIZE)
				*resized = true;
			continue;
		}
		if (sb->len < PASTE_MAX)
			sb_add(sb, buf, utf8_encode((uint32_t)ch, buf));
	}
}

/* Pasted text never acts as keys: it goes into the prompt that is open,
 * else it is a search. */
static unsigned handle_paste(struct tui *t, const char *text)
{
	struct view *v = focused_view(t);
	unsigned r = HR_UNHANDLED;

	if (t->geom.mode == SCREEN_TOO_SMALL || !*text)
		return HR_NONE;
	if (t->exporting) {
		input_paste(&t->export_to, text, t->app.ascii);
		return HR_REDRAW;
	}
	if (v->ops->paste)
		r = act(t, v->ops->paste(v, text));
	if (!(r & HR_UNHANDLED))
		return r;
	r = open_search(t, NULL);
	v = t->views[VIEW_SEARCH];
	return r | act(t, v->ops->paste(v, text));
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

		if (full_screen(top_level(t)) || !slot_of(t, v, &slot))
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
		/* A case of one's own (not the catch-all default one) opens
		 * where its work stopped. */
		if (checklist_enabled(t->app.checklist) &&
		    strcmp(checklist_case(t->app.checklist), "default") != 0 &&
		    resume(t) != HR_NONE)
			view_message(&t->app, false, _("Case %s: back at the article worked in last"),
				     checklist_case(t->app.checklist));
		return;
	}
	a = exact_article(kb, query);
	if (a != NO_ARTICLE) {
		const struct kb_article *art = kb->articles[a];

		go_to_article(t, a);
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

/* The config files, applied to the keys and the display.  Restricted
 * mode reads the system's only: a user's file (a link to any file) would
 * show lines of it as errors. */
static void configure(struct app *app, bool restricted, struct diag_list *dl)
{
	struct config_schema schema;
	struct config cfg = CONFIG_INIT;

	keys_config_names(&schema);
	display_config_names(&schema);
	config_load(&cfg, &schema, !restricted, dl);
	app->config_file = restricted ? NULL : config_user_path();
	keys_configure(&cfg, dl);
	display_configure(&cfg);
	config_free(&cfg);
}

/* The config's first problem, unless something worse is on the status
 * line already. */
static void config_message(struct tui *t, const struct diag_list *dl)
{
	const struct diag *d = dl->n ? &dl->v[0] : NULL;
	struct strbuf sb = STRBUF_INIT;

	if (!d || (t->app.msg.len && t->app.msg_error))
		return;
	if (d->file)
		sanitize_append(&sb, d->file, strlen(d->file), 0);
	if (d->line)
		sb_printf(&sb, ":%u", d->line);
	sb_puts(&sb, ": ");
	sanitize_append(&sb, d->message, strlen(d->message), 0);
	if (dl->n > 1)
		sb_printf(&sb, _(" (+%zu more)"), dl->n - 1);
	view_message(&t->app, true, "%s", sb_str(&sb));
	sb_free(&sb);
}

int tui_run(const struct kb *kb, const struct search_index *idx,
	    const struct diag_list *dl, const char *query,
	    const struct tui_checklist *ck)
{
	struct tui t;
	struct diag_list cdl = DIAG_LIST_INIT;
	const char *why = NULL;
	unsigned flags = HR_GEOMETRY | HR_REDRAW;
	int i, rc = 0;

	memset(&t, 0, sizeof(t));
	t.app.kb = kb;
	t.app.idx = idx;
	t.app.nerrors = diag_count(dl, DIAG_ERROR);
	t.app.nwarnings = diag_count(dl, DIAG_WARNING);
	t.app.checklist = checklist_new(ck ? ck->store : NULL, ck ? ck->state_dir : NULL);
	if (ck && ck->state_dir && checklist_persistent(t.app.checklist)) {
		char *path = xasprintf("%s/" HISTORY_FILE, ck->state_dir);

		t.app.history = history_new(path, 0);
		free(path);
	} else {
		t.app.history = history_new(NULL, 0);
	}
	if (ck && ck->restricted)
		checklist_set_restricted(t.app.checklist, true);
	t.nlevels = 1;
	t.levels[0].kind = LEVEL_BROWSE;
	t.levels[0].focus = SLOT_CATEGORIES;

	configure(&t.app, ck && ck->restricted, &cdl);
	diag_print_all(stderr, &cdl);
	catch_signals();
	xalloc_set_fatal_hook(display_close);
	if (!display_open(&why)) {
		fprintf(stderr, _("%s: no full-screen browser: %s; use --search QUERY or --show ID instead\n"),
			PACKAGE, why);
		checklist_free(t.app.checklist);
		history_free(t.app.history);
		diag_list_free(&cdl);
		keys_reset();
		free(t.app.config_file);
		return 2;
	}
	t.app.ascii = !display_utf8();
	/* A signal that can interrupt nothing still gets noticed within a
	 * second. */
	timeout(1000);

	for (i = 0; i < VIEW_COUNT; i++)
		t.views[i] = view_kinds[i]->create(&t.app);
	relayout(&t);
	{
		struct diag_list hdl = DIAG_LIST_INIT;

		if (!history_load(t.app.history, &hdl) && hdl.n)
			view_message(&t.app, true, "%s", hdl.v[0].message);
		diag_list_free(&hdl);
	}
	checklist_remember_case(t.app.checklist);
	start(&t, query);
	checklist_warning(&t, ck);
	config_message(&t, &cdl);
	diag_list_free(&cdl);

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
		if (got == KEY_CODE_YES && ch == DISPLAY_KEY_PASTE_START) {
			struct strbuf paste = STRBUF_INIT;
			bool resized = false;

			read_paste(&paste, &resized);
			flags = handle_paste(&t, sb_str(&paste)) | HR_REDRAW;
			if (resized)
				flags |= HR_GEOMETRY;
			sb_free(&paste);
			continue;
		}
		if (got == KEY_CODE_YES && ch == DISPLAY_KEY_PASTE_END)
			continue;   /* the end of a paste cut short by a pause */
		flags = handle_key(&t, keys_make((int)ch, got == KEY_CODE_YES)) | HR_REDRAW;
	}

	display_close();
	xalloc_set_fatal_hook(NULL);
	for (i = 0; i < VIEW_COUNT; i++)
		t.views[i]->ops->done(t.views[i]);
	checklist_free(t.app.checklist);
	history_free(t.app.history);
	input_free(&t.export_to);
	sb_free(&t.app.msg);
	display_free();
	keys_reset();
	free(t.app.config_file);
	if (got_signal)
		rc = 128 + got_signal;
	return rc;
}
