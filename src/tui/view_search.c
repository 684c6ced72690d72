/* SPDX-License-Identifier: MIT */
/* view_search.c: search as you type over every article -- a prompt line
 * and the ranked results, re-run on each keystroke with the engine behind
 * --search, matched terms highlighted in the titles, checklist progress
 * beside them.  When nothing matches with confidence, it says so and
 * lists the closest few, marked weak.  The article pane previews the selected result with the
 * same terms highlighted.
 *
 * The prompt has the keyboard only when the search is opened (with the
 * last query selected: typing replaces it, Right/End keeps it, Up/Down
 * recall earlier queries from the history) or asked for again with / or
 * s.  Back from an article, keys act on the results, so "q" goes back
 * instead of being typed.  A query that led to an article (or that is
 * left with results) goes into the history. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "i18n.h"
#include "view.h"
#include "xalloc.h"

/* With no confident match, the closest this many, marked weak. */
#define WEAK_SHOWN 5

struct search_view {
	struct view v;
	struct input_line input;
	struct search_query *q;
	struct search_hit *hits;
	size_t nhits;
	bool weak;          /* the hits are the closest weak ones */
	struct nav nav;
	bool prompt_on;           /* keys go to the prompt (else: results) */
};

static struct search_view *sv_of(struct view *v)
{
	return (struct search_view *)v;
}

/* Rows above the results: the prompt, and the "no confident match"
 * line over weak ones. */
static int results_top(struct view *v)
{
	return 1 + ((struct search_view *)v)->weak;
}

static int results_height(struct view *v)
{
	int h = view_height(v) - results_top(v);

	return h > 0 ? h : (v->rect.h > 0 ? 1 : 0);
}

static void run_query(struct search_view *sv)
{
	const struct app *app = sv->v.app;
	const char *text = input_text(&sv->input);
	const char *p = text;

	search_query_free(sv->q);
	sv->q = NULL;
	free(sv->hits);
	sv->hits = NULL;
	sv->nhits = 0;
	while (*p == ' ')
		p++;
	sv->weak = false;
	if (*p) {
		sv->q = search_query_new(app->idx, text);
		sv->nhits = search_query_run(app->idx, sv->q, 0, &sv->hits);
		if (!sv->nhits) {
			sv->nhits = search_query_run_all(app->idx, sv->q, WEAK_SHOWN,
							 &sv->hits);
			sv->weak = sv->nhits > 0;
		}
	}
	sv->nav.n = sv->nhits;
	sv->nav.sel = 0;
	sv->nav.top = 0;
}

static size_t sv_selected(struct view *v)
{
	struct search_view *sv = sv_of(v);

	return sv->nav.sel < sv->nhits ? sv->hits[sv->nav.sel].article : NO_ARTICLE;
}

/* Keeps the query for Up/Down in later sessions. */
static void remember_query(struct search_view *sv)
{
	struct app *app = sv->v.app;
	struct diag_list dl = DIAG_LIST_INIT;

	if (!app->history || !history_add(app->history, input_text(&sv->input)))
		return;
	if (!history_save(app->history, &dl) && dl.n)
		view_message(app, true, _("Search history not saved: %s"), dl.v[0].message);
	diag_list_free(&dl);
}

/* The article pane follows the selection. */
static struct hr preview(struct search_view *sv)
{
	return hr_intent(INTENT_PREVIEW, sv_selected(&sv->v));
}

static void sv_resize(struct view *v, const struct screen_rect *r)
{
	v->rect = *r;
	nav_fix(&sv_of(v)->nav, r->h > 0 ? results_height(v) : 0);
}

static const char *category_of(const struct kb *kb, const struct kb_article *a)
{
	return a->ncategories ? kb->categories[a->categories[0]].name : "";
}

/* The width of the right-hand category column: the widest name, so the
 * column lines up. */
static int category_column(const struct kb *kb)
{
	int w = 0;
	size_t i;

	for (i = 0; i < kb->ncategories; i++) {
		int cw = display_width(kb->categories[i].name, strlen(kb->categories[i].name));

		if (cw > w)
			w = cw;
	}
	return w > 24 ? 24 : w;
}

static void sv_draw(struct view *v, bool focused)
{
	struct search_view *sv = sv_of(v);
	const struct kb *kb = v->app->kb;
	struct screen_rect body = view_body(v), list = body;
	const char *label = _("Search: ");
	const char *text = input_text(&sv->input);
	char info[48];
	int col;
	size_t i;

	if (sv->nhits)
		snprintf(info, sizeof(info), "%zu/%zu", sv->nav.sel + 1, sv->nhits);
	else
		info[0] = '\0';
	draw_header(&v->rect, _("Search all articles"), info, focused);
	if (body.h <= 0)
		return;
	/* The prompt keeps its cursor in view: long input scrolls left. */
	col = draw_str(&body, 0, 1, DT_PROMPT, label);
	{
		size_t cur = sv->input.cursor;
		size_t start = display_fit_tail(text, cur, body.w - col - 1);

		draw_text(&body, 0, col, DT_DEFAULT,
			  sv->input.selected && focused && sv->prompt_on ? DT_CURSOR : DT_DEFAULT,
			  text + start, strlen(text + start));
		if (focused && sv->prompt_on) {
			v->app->cursor_x = body.x + col + display_width(text + start, cur - start);
			v->app->cursor_y = body.y;
		}
	}
	list.y++;
	list.h--;
	if (sv->weak && list.h > 0) {
		view_notice(&list, 0, _("No confident match. The closest articles (weak):"));
		list.y++;
		list.h--;
	}
	if (!sv->q) {
		struct key k;
		char buf[8];

		view_notice(&list, 1, _("Type an error code (DeviceCapReached, 0x80...),"));
		view_notice(&list, 2, _("words of a message, or a symptom."));
		if (keys_reach(KEYMAP_SEARCH, REQ_CANCEL, &k)) {
			char *s = xasprintf(_("Up/Down select, Enter opens, %s returns."),
					    keys_name(k, buf));

			view_notice(&list, 3, s);
			free(s);
		}
		return;
	}
	if (!sv->nhits) {
		char *s = xasprintf(_("No article matches \"%s\"."), text);

		view_notice(&list, 1, s);
		free(s);
		return;
	}
	for (i = sv->nav.top; i < sv->nhits && (int)(i - sv->nav.top) < list.h; i++) {
		const struct kb_article *a = kb->articles[sv->hits[i].article];
		const char *cat = category_of(kb, a);
		int row = (int)(i - sv->nav.top);
		enum draw_type t = DT_DEFAULT;
		int catw = category_column(kb);
		int titlew = list.w - 2;
		char *plain = kb_text_plain(&a->title_text);
		struct search_match *m = NULL;
		size_t nm = search_query_matches(sv->q, plain, strlen(plain), &m);

		if (i == sv->nav.sel)
			t = focused ? DT_CURSOR : DT_CURSOR_DIM;
		draw_fill(&list, row, 0, t);
		/* The category goes on the right when there is room for it
		 * and a readable title. */
		if (catw && list.w - catw - 4 >= 40)
			titlew = list.w - catw - 4;
		else
			catw = 0;
		titlew -= view_draw_progress(v->app, &list, row, 1 + titlew, t, a);
		/* a weak one is marked "? " in front of its title */
		if (sv->weak)
			draw_str(&list, row, 1, t == DT_DEFAULT ? DT_DIM : t, "?");
		view_draw_spans(&list, row, sv->weak ? 3 : 1, titlew - (sv->weak ? 2 : 0),
				t, &a->title_text, m, nm, DT_MATCH, true);
		if (catw)
			draw_text(&list, row, list.w - 1 - catw, t, DT_DIM, cat,
				  display_fit(cat, strlen(cat), catw));
		free(m);
		free(plain);
	}
}

static struct hr sv_key(struct view *v, struct key key)
{
	struct search_view *sv = sv_of(v);

	if (!sv->prompt_on)
		return hr_flags(HR_UNHANDLED);
	switch (input_key(&sv->input, key, v->app->ascii)) {
	case INPUT_CHANGED:
		run_query(sv);
		nav_fix(&sv->nav, results_height(v));
		return preview(sv);
	case INPUT_MOVED:
		return hr_flags(HR_REDRAW);
	case INPUT_IGNORED:
	default:
		return hr_flags(HR_UNHANDLED);
	}
}

/* The query dir (1: earlier, -1: later) steps from the one shown, selected;
 * later than the newest is an empty prompt. */
static struct hr recall(struct search_view *sv, int dir)
{
	const struct history *h = sv->v.app->history;
	size_t at = history_find(h, input_text(&sv->input));
	const char *q;

	if (dir > 0)
		q = history_get(h, at == (size_t)-1 ? 0 : at + 1);
	else
		q = at == (size_t)-1 || at == 0 ? "" : history_get(h, at - 1);
	if (!q) {
		view_message(sv->v.app, false, "%s", _("No earlier search"));
		return hr_flags(HR_REDRAW);
	}
	input_set(&sv->input, q);
	input_select_all(&sv->input);
	run_query(sv);
	nav_fix(&sv->nav, results_height(&sv->v));
	return preview(sv);
}

static struct hr sv_request(struct view *v, enum request req)
{
	struct search_view *sv = sv_of(v);
	size_t old = sv->nav.sel;

	/* Up/Down recall queries while a recalled one is selected; once
	 * typed into, they move in the results. */
	if ((req == REQ_HISTORY_PREV || req == REQ_HISTORY_NEXT) && sv->input.selected)
		return recall(sv, req == REQ_HISTORY_PREV ? 1 : -1);
	if (req == REQ_HISTORY_PREV)
		req = REQ_MOVE_UP;
	else if (req == REQ_HISTORY_NEXT)
		req = REQ_MOVE_DOWN;
	if (nav_request(&sv->nav, req, results_height(v))) {
		if (sv->nav.sel != old)
			return preview(sv);
		return hr_flags(HR_REDRAW);
	}
	switch (req) {
	case REQ_ENTER:
		if (!sv->nhits) {
			view_message(v->app, false, "%s", sv->q ? _("No result to open")
				     : _("Type what to search for first"));
			return hr_flags(HR_REDRAW);
		}
		remember_query(sv);
		return hr_intent(INTENT_OPEN, sv_selected(v));
	case REQ_CANCEL:
		if (sv->nhits)
			remember_query(sv);
		return hr_intent(INTENT_CLOSE, 0);
	default:
		return hr_flags(HR_UNHANDLED);
	}
}

static struct hr sv_click(struct view *v, int col, int row)
{
	struct search_view *sv = sv_of(v);
	size_t i;

	(void)col;
	if (row < results_top(v)) {
		/* The prompt line: type there again. */
		sv->prompt_on = true;
		return hr_flags(row == 0 ? HR_REDRAW : HR_NONE);
	}
	i = sv->nav.top + (size_t)(row - results_top(v));
	if (i >= sv->nhits)
		return hr_flags(HR_NONE);
	if (i == sv->nav.sel)
		return hr_intent(INTENT_OPEN, sv_selected(v));
	sv->nav.sel = i;
	return preview(sv);
}

static void sv_status(struct view *v, struct strbuf *sb)
{
	struct search_view *sv = sv_of(v);

	if (sv->q && sv->weak)
		sb_printf(sb, "%s", _("No confident match"));
	else if (sv->q)
		sb_printf(sb, ngettext("%zu article matches", "%zu articles match",
				       sv->nhits), sv->nhits);
}

static void sv_done(struct view *v)
{
	struct search_view *sv = sv_of(v);

	search_query_free(sv->q);
	free(sv->hits);
	input_free(&sv->input);
	free(sv);
}

static const enum request sv_hints[] = {
	REQ_HELP, REQ_ENTER, REQ_SEARCH, REQ_CANCEL, REQ_CLOSE, REQ_NONE
};

static struct view *sv_create(struct app *app)
{
	struct search_view *sv = xcalloc(1, sizeof(*sv));

	sv->v.ops = &search_view_ops;
	sv->v.app = app;
	input_set(&sv->input, "");
	return &sv->v;
}

/* The prompt holds query (NULL: empty) and the results are for it. */
static void sv_set_query(struct view *v, const char *query)
{
	struct search_view *sv = sv_of(v);

	input_set(&sv->input, query ? query : "");
	run_query(sv);
	nav_fix(&sv->nav, results_height(v));
}

static const char *sv_query(struct view *v)
{
	return input_text(&sv_of(v)->input);
}

static void sv_focus_prompt(struct view *v, bool on)
{
	struct search_view *sv = sv_of(v);

	sv->prompt_on = on;
	if (!on)
		return;
	/* The first search of a session offers the last one of the one
	 * before. */
	if (!*input_text(&sv->input) && history_count(v->app->history)) {
		input_set(&sv->input, history_get(v->app->history, 0));
		run_query(sv);
		nav_fix(&sv->nav, results_height(v));
	}
	input_select_all(&sv->input);
}

static enum keymap sv_keymap_now(struct view *v)
{
	return sv_of(v)->prompt_on ? KEYMAP_SEARCH : KEYMAP_RESULTS;
}

/* Pasted text is a query: into the prompt, which gets the keyboard. */
static struct hr sv_paste(struct view *v, const char *text)
{
	struct search_view *sv = sv_of(v);

	if (!sv->prompt_on) {
		sv->prompt_on = true;
		input_select_all(&sv->input);
	}
	if (input_paste(&sv->input, text, v->app->ascii) != INPUT_CHANGED)
		return hr_flags(HR_REDRAW);
	run_query(sv);
	nav_fix(&sv->nav, results_height(v));
	return preview(sv);
}

const struct view_ops search_view_ops = {
	.name = "search",
	.keymap = KEYMAP_SEARCH,
	.create = sv_create,
	.resize = sv_resize,
	.draw = sv_draw,
	.request = sv_request,
	.key = sv_key,
	.click = sv_click,
	.status = sv_status,
	.hints = sv_hints,
	.done = sv_done,
	.selected = sv_selected,
	.set_query = sv_set_query,
	.query = sv_query,
	.focus_prompt = sv_focus_prompt,
	.keymap_now = sv_keymap_now,
	.paste = sv_paste,
};
