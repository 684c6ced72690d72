/* SPDX-License-Identifier: MIT */
/* view_cases.c: the case picker ("c") -- the cases in the state
 * directory, the most recently changed first, each with how far it has got
 * (steps done of the steps of the articles worked in), how many articles
 * and its last change; the open case is marked.  Typing a name narrows the
 * list (case folded) and offers, below the cases it matches, to start a
 * case of that name -- the only row when nothing matches, so a new ticket
 * number and Enter start its case.  Enter switches, C-d or Del deletes the
 * selected case after a y/n question.
 *
 * The store (checklist.c) switches and deletes; the view then hands the
 * loop INTENT_CASE, and the loop notes the case, closes the picker and
 * opens the case's last article. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "casefold.h"
#include "display.h"
#include "i18n.h"
#include "view.h"
#include "xalloc.h"

struct cases_view {
	struct view v;
	struct input_line input;      /* a name: narrows the list, or a new case */
	struct progress_case *all;    /* the cases, the open one among them */
	size_t nall;
	size_t *shown;                /* indexes into all that match the name */
	bool offer_new;               /* last row: start a case of the typed name */
	struct nav nav;               /* over the rows: shown, then the offer */
	bool confirming;              /* "Delete ...? (y/n)" */
	char *confirm_label;
	size_t confirm_case;          /* index into all */
	struct input_line confirm_input;   /* stays empty: a y/n question */
};

static struct cases_view *cv_of(struct view *v)
{
	return (struct cases_view *)v;
}

/* Rows below the name prompt and the column titles. */
static int list_height(struct view *v)
{
	int h = view_height(v) - 2;

	return h > 0 ? h : 0;
}

/* The name typed, without the spaces around it (malloc'd). */
static char *typed_name(const struct cases_view *cv)
{
	const char *t = input_text(&cv->input);
	size_t len;

	while (*t == ' ')
		t++;
	len = strlen(t);
	while (len && t[len - 1] == ' ')
		len--;
	return xstrndup(t, len);
}

static void filter(struct cases_view *cv)
{
	char *name = typed_name(cv);
	size_t i, n = 0;
	bool exact = false;

	free(cv->shown);
	cv->shown = xcalloc(cv->nall + 1, sizeof(*cv->shown));
	for (i = 0; i < cv->nall; i++) {
		if (!casefold_contains(cv->all[i].name, name))
			continue;
		cv->shown[n++] = i;
		exact |= strcmp(cv->all[i].name, name) == 0;
	}
	cv->offer_new = *name && !exact;
	cv->nav.n = n + cv->offer_new;
	cv->nav.sel = 0;
	cv->nav.top = 0;
	nav_fix(&cv->nav, list_height(&cv->v));
	free(name);
}

/* The cases on disk, with the open one as it is in memory (also when it
 * has nothing saved yet). */
static void load(struct cases_view *cv)
{
	struct app *app = cv->v.app;
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress_case cur;
	size_t i;

	progress_cases_free(cv->all, cv->nall);
	cv->nall = progress_recent_cases(checklist_dir(app->checklist), app->kb, &cv->all, &dl);
	if (dl.n)
		view_message(app, true, "%s", dl.v[0].message);
	diag_list_free(&dl);
	if (checklist_enabled(app->checklist)) {
		checklist_case_info(app->checklist, app->kb, &cur);
		for (i = 0; i < cv->nall && strcmp(cv->all[i].name, cur.name) != 0; i++)
			;
		if (i < cv->nall) {
			progress_case_info_free(&cv->all[i]);
			cv->all[i] = cur;
		} else {
			cv->all = xrealloc(cv->all, (cv->nall + 1) * sizeof(*cv->all));
			memmove(cv->all + 1, cv->all, cv->nall * sizeof(*cv->all));
			cv->all[0] = cur;
			cv->nall++;
		}
	}
	filter(cv);
}

/* The case on row, or NULL for the offer of a new one. */
static const struct progress_case *row_case(const struct cases_view *cv, size_t row)
{
	return row < cv->nav.n - cv->offer_new ? &cv->all[cv->shown[row]] : NULL;
}

static bool is_open(const struct cases_view *cv, const struct progress_case *c)
{
	return strcmp(c->name, checklist_case(cv->v.app->checklist)) == 0;
}

static void when(time_t t, char buf[32])
{
	struct tm tm;

	if (!t || !gmtime_r(&t, &tm) || !strftime(buf, 32, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(buf, 32, "-");
}

static void cv_resize(struct view *v, const struct screen_rect *r)
{
	v->rect = *r;
	nav_fix(&cv_of(v)->nav, list_height(v));
}

static void cv_draw(struct view *v, bool focused)
{
	struct cases_view *cv = cv_of(v);
	struct app *app = v->app;
	struct screen_rect body = view_body(v), list = body;
	const char *label = _("Case name: ");
	const char *text = input_text(&cv->input);
	char *info, stamp[32];
	int col, progw = 12, artw = 12, timew = 21;
	size_t i;

	info = xasprintf(_("now on case %s"), checklist_case(app->checklist));
	draw_header(&v->rect, _("Cases"), info, focused);
	free(info);
	if (body.h <= 0)
		return;
	col = draw_str(&body, 0, 1, DT_PROMPT, label);
	draw_str(&body, 0, col, DT_DEFAULT, text);
	if (focused && !cv->confirming) {
		app->cursor_x = body.x + col +
				display_width(text, cv->input.cursor);
		app->cursor_y = body.y;
	}
	if (body.w < 60)
		artw = timew = 0;     /* room for the name and the progress */
	list.y += 2;
	list.h -= 2;
	if (list.h <= 0)
		return;
	if (!checklist_enabled(app->checklist)) {
		view_notice(&list, 0, _("Checklists are off: there are no cases."));
		return;
	}
	{
		struct screen_rect titles = body;
		int right = body.w - 1;

		titles.y++;
		titles.h = 1;
		draw_str(&titles, 0, 3, DT_DIM, _("Case"));
		if (timew)
			draw_str(&titles, 0, right - timew, DT_DIM, _("Last change"));
		if (artw)
			draw_str(&titles, 0, right - timew - artw, DT_DIM, _("Articles"));
		draw_str(&titles, 0, right - timew - artw - progw, DT_DIM, _("Done"));
	}
	if (cv->nav.n == 0) {
		view_notice(&list, 0, _("No case yet: type a name to start one."));
		return;
	}
	for (i = cv->nav.top; i < cv->nav.n && (int)(i - cv->nav.top) < list.h; i++) {
		const struct progress_case *c = row_case(cv, i);
		int row = (int)(i - cv->nav.top), right = list.w - 1, namew;
		enum draw_type t = i == cv->nav.sel ? (focused ? DT_CURSOR : DT_CURSOR_DIM)
						   : DT_DEFAULT;
		char buf[64];

		draw_fill(&list, row, 0, t);
		if (!c) {
			char *name = typed_name(cv), *s = xasprintf(_("+ Start a new case \"%s\""), name);

			draw_text(&list, row, 1, t, DT_DIM, s, strlen(s));
			free(s);
			free(name);
			continue;
		}
		namew = right - timew - artw - progw - 4;
		{
			struct screen_rect clip = list;

			clip.w = 3 + (namew > 0 ? namew : 0);
			draw_str(&clip, row, 1, t, is_open(cv, c) ? "*" : " ");
			draw_str(&clip, row, 3, t, c->name);
		}
		snprintf(buf, sizeof(buf), "%zu/%zu", c->done, c->total);
		draw_text(&list, row, right - timew - artw - progw, t, DT_COUNT, buf, strlen(buf));
		if (artw) {
			snprintf(buf, sizeof(buf), "%zu", c->narticles);
			draw_str(&list, row, right - timew - artw, t, buf);
		}
		if (timew) {
			when(c->changed, stamp);
			draw_text(&list, row, right - timew, t, DT_DIM, stamp, strlen(stamp));
		}
	}
}

/* Switches to name (the store says so), for the loop to carry on. */
static struct hr switch_to(struct cases_view *cv, const char *name)
{
	struct app *app = cv->v.app;
	struct checklist_msg m = CHECKLIST_MSG_INIT;

	if (strcmp(name, checklist_case(app->checklist)) == 0) {
		view_message(app, false, _("Already on case %s"), name);
		return hr_intent(INTENT_CLOSE, 0);
	}
	checklist_switch(app->checklist, name, &m);
	view_checklist_message(app, &m);
	return hr_intent(INTENT_CASE, 0);
}

static struct hr enter(struct cases_view *cv)
{
	const struct progress_case *c;
	struct hr r;
	char *name;

	if (!cv->nav.n) {
		view_message(cv->v.app, false, "%s", _("Type a name for the new case"));
		return hr_flags(HR_REDRAW);
	}
	c = row_case(cv, cv->nav.sel);
	if (c)
		return switch_to(cv, c->name);
	name = typed_name(cv);
	r = switch_to(cv, name);
	free(name);
	return r;
}

static struct hr ask_delete(struct cases_view *cv)
{
	const struct progress_case *c = cv->nav.n ? row_case(cv, cv->nav.sel) : NULL;

	if (!c) {
		view_message(cv->v.app, false, "%s", _("Select a case to delete"));
		return hr_flags(HR_REDRAW);
	}
	cv->confirming = true;
	cv->confirm_case = (size_t)(c - cv->all);
	free(cv->confirm_label);
	cv->confirm_label = xasprintf(_("Delete case %s and its checklist (%zu of %zu steps done)? (y/n) "),
				      c->name, c->done, c->total);
	return hr_flags(HR_REDRAW);
}

static struct hr cv_key(struct view *v, struct key key)
{
	struct cases_view *cv = cv_of(v);

	if (cv->confirming) {
		struct app *app = v->app;
		struct checklist_msg m = CHECKLIST_MSG_INIT;
		char *name = xstrdup(cv->all[cv->confirm_case].name);
		bool was_open = strcmp(name, checklist_case(app->checklist)) == 0;
		bool deleted = false;

		cv->confirming = false;
		/* Only y deletes: any other key is a no. */
		if (!key.fn && (key.code == 'y' || key.code == 'Y'))
			deleted = checklist_delete_case(app->checklist, name, &m);
		else
			view_message(app, false, _("Case %s not deleted"), name);
		view_checklist_message(app, &m);
		free(name);
		load(cv);
		if (deleted && was_open)
			return hr_intent(INTENT_CASE, 0);
		return hr_flags(HR_REDRAW);
	}
	switch (input_key(&cv->input, key, v->app->ascii)) {
	case INPUT_CHANGED:
		filter(cv);
		return hr_flags(HR_REDRAW);
	case INPUT_MOVED:
		return hr_flags(HR_REDRAW);
	case INPUT_IGNORED:
	default:
		return hr_flags(HR_UNHANDLED);
	}
}

static struct hr cv_request(struct view *v, enum request req)
{
	struct cases_view *cv = cv_of(v);

	if (nav_request(&cv->nav, req, list_height(v)))
		return hr_flags(HR_REDRAW);
	switch (req) {
	case REQ_ENTER:
		return enter(cv);
	case REQ_DELETE:
		return ask_delete(cv);
	case REQ_CLOSE:
	case REQ_CANCEL:
	case REQ_CASES:
		return hr_intent(INTENT_CLOSE, 0);
	case REQ_FOCUS_NEXT:
	case REQ_FOCUS_PREV:
		return hr_flags(HR_NONE);
	default:
		return hr_flags(HR_UNHANDLED);
	}
}

static struct hr cv_click(struct view *v, int col, int row)
{
	struct cases_view *cv = cv_of(v);
	size_t i;

	(void)col;
	if (row < 2 || cv->confirming)
		return hr_flags(HR_NONE);
	i = cv->nav.top + (size_t)(row - 2);
	if (i >= cv->nav.n)
		return hr_flags(HR_NONE);
	if (i == cv->nav.sel)
		return enter(cv);
	cv->nav.sel = i;
	return hr_flags(HR_REDRAW);
}

static struct hr cv_paste(struct view *v, const char *text)
{
	struct cases_view *cv = cv_of(v);

	if (!cv->confirming && input_paste(&cv->input, text, v->app->ascii) == INPUT_CHANGED)
		filter(cv);
	return hr_flags(HR_REDRAW);
}

static void cv_status(struct view *v, struct strbuf *sb)
{
	struct cases_view *cv = cv_of(v);
	const struct progress_case *c = cv->nav.n ? row_case(cv, cv->nav.sel) : NULL;

	char *name;

	if (c && is_open(cv, c))
		sb_printf(sb, _("The case open now"));
	else if (c && c->last_article)
		sb_printf(sb, _("Enter switches to %s (last worked in %s)"), c->name, c->last_article);
	else if (c)
		sb_printf(sb, _("Enter switches to %s"), c->name);
	else if (cv->nav.n) {
		name = typed_name(cv);
		sb_printf(sb, _("Enter starts case %s"), name);
		free(name);
	}
}

static bool cv_prompt(struct view *v, const char **label, const struct input_line **in,
		      struct strbuf *info)
{
	struct cases_view *cv = cv_of(v);

	(void)info;
	if (!cv->confirming)
		return false;
	*label = cv->confirm_label;
	*in = &cv->confirm_input;
	return true;
}

/* Opened: the cases as they are now, the name empty. */
static void cv_focus_prompt(struct view *v, bool on)
{
	struct cases_view *cv = cv_of(v);

	if (!on)
		return;
	cv->confirming = false;
	input_set(&cv->input, "");
	load(cv);
}

static void cv_done(struct view *v)
{
	struct cases_view *cv = cv_of(v);

	progress_cases_free(cv->all, cv->nall);
	free(cv->shown);
	free(cv->confirm_label);
	input_free(&cv->input);
	input_free(&cv->confirm_input);
	free(cv);
}

static const enum request cv_hints[] = {
	REQ_HELP, REQ_ENTER, REQ_DELETE, REQ_CLOSE, REQ_NONE
};

static struct view *cv_create(struct app *app)
{
	struct cases_view *cv = xcalloc(1, sizeof(*cv));

	cv->v.ops = &cases_view_ops;
	cv->v.app = app;
	input_set(&cv->input, "");
	input_set(&cv->confirm_input, "");
	return &cv->v;
}

const struct view_ops cases_view_ops = {
	.name = "cases",
	.keymap = KEYMAP_CASES,
	.create = cv_create,
	.resize = cv_resize,
	.draw = cv_draw,
	.request = cv_request,
	.key = cv_key,
	.click = cv_click,
	.paste = cv_paste,
	.status = cv_status,
	.prompt = cv_prompt,
	.hints = cv_hints,
	.done = cv_done,
	.focus_prompt = cv_focus_prompt,
};
