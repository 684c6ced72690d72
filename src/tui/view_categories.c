/* SPDX-License-Identifier: MIT */
/* view_categories.c: the category pane -- the map's topicheads with their
 * article counts.  Moving here asks the loop to show the category in the
 * article list (INTENT_CATEGORY). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "i18n.h"
#include "view.h"
#include "xalloc.h"

struct categories_view {
	struct view v;
	struct nav nav;
};

static struct categories_view *cv_of(struct view *v)
{
	return (struct categories_view *)v;
}

/* The list follows the selection, and the article pane previews the
 * list's selection. */
static struct hr selection_changed(struct categories_view *cv)
{
	if (cv->nav.n == 0)
		return hr_flags(HR_REDRAW);
	return hr_intent(INTENT_CATEGORY, cv->nav.sel);
}

static void cv_resize(struct view *v, const struct screen_rect *r)
{
	v->rect = *r;
	nav_fix(&cv_of(v)->nav, view_height(v));
}

static void cv_draw(struct view *v, bool focused)
{
	struct categories_view *cv = cv_of(v);
	const struct kb *kb = v->app->kb;
	struct screen_rect body = view_body(v);
	char info[64];
	size_t i;

	snprintf(info, sizeof(info), ngettext("%zu article", "%zu articles", kb->narticles),
		 kb->narticles);
	draw_header(&v->rect, _("Categories"), info, focused);
	if (cv->nav.n == 0) {
		view_notice(&body, 0, _("No articles loaded:"));
		view_notice(&body, 1, _("see enrollkb --validate"));
		return;
	}
	for (i = cv->nav.top; i < cv->nav.n && (int)(i - cv->nav.top) < body.h; i++) {
		const struct kb_category *c = &kb->categories[i];
		int row = (int)(i - cv->nav.top);
		enum draw_type t = DT_DEFAULT;
		char count[24];
		int cw;

		if (i == cv->nav.sel)
			t = focused ? DT_CURSOR : DT_CURSOR_DIM;
		snprintf(count, sizeof(count), "%zu", c->narticles);
		cw = (int)strlen(count);
		draw_fill(&body, row, 0, t);
		{
			struct screen_rect clip = body;

			clip.w = body.w - cw - 2;
			draw_str(&clip, row, 1, t, c->name);
		}
		draw_text(&body, row, body.w - 1 - cw, t, DT_COUNT, count, (size_t)cw);
	}
}

static struct hr cv_request(struct view *v, enum request req)
{
	struct categories_view *cv = cv_of(v);
	size_t old = cv->nav.sel;

	if (nav_request(&cv->nav, req, view_height(v))) {
		if (cv->nav.sel != old)
			return selection_changed(cv);
		return hr_flags(HR_REDRAW);
	}
	switch (req) {
	case REQ_ENTER:
	case REQ_FOCUS_NEXT:
		return hr_intent(INTENT_FOCUS, SLOT_LIST);
	case REQ_FOCUS_PREV:
		return hr_flags(HR_NONE);
	default:
		return hr_flags(HR_UNHANDLED);
	}
}

static struct hr cv_click(struct view *v, int col, int row)
{
	struct categories_view *cv = cv_of(v);
	size_t i = cv->nav.top + (size_t)row;

	(void)col;
	if (row < 0 || i >= cv->nav.n)
		return hr_flags(HR_NONE);
	if (i == cv->nav.sel)
		return hr_intent(INTENT_FOCUS, SLOT_LIST);
	cv->nav.sel = i;
	return selection_changed(cv);
}

static void cv_status(struct view *v, struct strbuf *sb)
{
	struct categories_view *cv = cv_of(v);

	if (cv->nav.n)
		sb_printf(sb, _("Category %zu of %zu"), cv->nav.sel + 1, cv->nav.n);
}

static void cv_done(struct view *v)
{
	free(v);
}

static const enum request cv_hints[] = {
	REQ_HELP, REQ_FOCUS_NEXT, REQ_SEARCH, REQ_CLOSE, REQ_NONE
};

static struct view *cv_create(struct app *app)
{
	struct categories_view *cv = xcalloc(1, sizeof(*cv));

	cv->v.ops = &categories_view_ops;
	cv->v.app = app;
	cv->nav.n = app->kb->ncategories;
	return &cv->v;
}

static void cv_show_category(struct view *v, size_t category)
{
	struct categories_view *cv = cv_of(v);

	if (category >= cv->nav.n)
		return;
	cv->nav.sel = category;
	nav_fix(&cv->nav, view_height(v));
}

static void cv_wants(struct view *v, int *rows, int *cols)
{
	const struct kb *kb = v->app->kb;
	int widest = 0;
	size_t i;

	for (i = 0; i < kb->ncategories; i++) {
		const struct kb_category *c = &kb->categories[i];
		char count[24];
		int w = display_width(c->name, strlen(c->name)) +
			snprintf(count, sizeof(count), "%zu", c->narticles) + 4;

		if (w > widest)
			widest = w;
	}
	{
		/* The header too: "Categories  33 articles". */
		char info[64];
		int w;

		snprintf(info, sizeof(info), ngettext("%zu article", "%zu articles", kb->narticles),
			 kb->narticles);
		w = display_width(_("Categories"), strlen(_("Categories"))) +
		    display_width(info, strlen(info)) + 4;
		if (w > widest)
			widest = w;
	}
	/* Header plus every category; an empty pack still gets room to say so. */
	*rows = 1 + (kb->ncategories ? (int)kb->ncategories : 2);
	*cols = widest;
}

const struct view_ops categories_view_ops = {
	.name = "categories",
	.keymap = KEYMAP_CATEGORIES,
	.create = cv_create,
	.resize = cv_resize,
	.draw = cv_draw,
	.request = cv_request,
	.click = cv_click,
	.status = cv_status,
	.hints = cv_hints,
	.done = cv_done,
	.wants = cv_wants,
	.show_category = cv_show_category,
};
