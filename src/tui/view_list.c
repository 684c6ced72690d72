/* SPDX-License-Identifier: MIT */
/* view_list.c: the article list of the selected category, with each
 * article's checklist progress ("2/9") once something is ticked.  The
 * selection is remembered per category, so going back and forth keeps
 * your place. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "display.h"
#include "i18n.h"
#include "view.h"
#include "xalloc.h"

struct list_view {
	struct view v;
	size_t category;          /* NO_ARTICLE before the first one is set */
	struct nav nav;
	size_t *sel;              /* per category: the selection left there */
	size_t *top;
};

static struct list_view *lv_of(struct view *v)
{
	return (struct list_view *)v;
}

static const struct kb_category *category(struct list_view *lv)
{
	const struct kb *kb = lv->v.app->kb;

	return lv->category < kb->ncategories ? &kb->categories[lv->category] : NULL;
}

static void remember(struct list_view *lv)
{
	if (category(lv)) {
		lv->sel[lv->category] = lv->nav.sel;
		lv->top[lv->category] = lv->nav.top;
	}
}

static void lv_resize(struct view *v, const struct screen_rect *r)
{
	v->rect = *r;
	nav_fix(&lv_of(v)->nav, view_height(v));
}

static void lv_draw(struct view *v, bool focused)
{
	struct list_view *lv = lv_of(v);
	const struct kb *kb = v->app->kb;
	const struct kb_category *c = category(lv);
	struct screen_rect body = view_body(v);
	char info[48];
	size_t i;

	if (!c) {
		draw_header(&v->rect, _("Articles"), NULL, focused);
		return;
	}
	if (c->narticles)
		snprintf(info, sizeof(info), "%zu/%zu", lv->nav.sel + 1, c->narticles);
	else
		info[0] = '\0';
	draw_header(&v->rect, c->name, info, focused);
	if (c->narticles == 0) {
		view_notice(&body, 0, _("No articles in this category."));
		return;
	}
	for (i = lv->nav.top; i < lv->nav.n && (int)(i - lv->nav.top) < body.h; i++) {
		const struct kb_article *a = kb->articles[c->articles[i]];
		int row = (int)(i - lv->nav.top);
		enum draw_type t = DT_DEFAULT;
		int pw;

		if (i == lv->nav.sel)
			t = focused ? DT_CURSOR : DT_CURSOR_DIM;
		draw_fill(&body, row, 0, t);
		pw = view_draw_progress(v->app, &body, row, body.w - 1, t, a);
		view_draw_spans(&body, row, 1, body.w - 2 - pw, t, &a->title_text,
				NULL, 0, DT_MATCH, true);
	}
}

static size_t lv_selected(struct view *v)
{
	struct list_view *lv = lv_of(v);
	const struct kb_category *c = category(lv);

	if (!c || lv->nav.sel >= c->narticles)
		return NO_ARTICLE;
	return c->articles[lv->nav.sel];
}

static struct hr lv_request(struct view *v, enum request req)
{
	struct list_view *lv = lv_of(v);
	size_t old = lv->nav.sel;

	if (nav_request(&lv->nav, req, view_height(v))) {
		remember(lv);
		if (lv->nav.sel != old)
			return hr_intent(INTENT_PREVIEW, lv_selected(v));
		return hr_flags(HR_REDRAW);
	}
	switch (req) {
	case REQ_ENTER:
	case REQ_FOCUS_NEXT:
		if (lv_selected(v) == NO_ARTICLE)
			return hr_flags(HR_NONE);
		return hr_intent(INTENT_OPEN, lv_selected(v));
	case REQ_FOCUS_PREV:
		return hr_intent(INTENT_FOCUS, SLOT_CATEGORIES);
	default:
		return hr_flags(HR_UNHANDLED);
	}
}

static struct hr lv_click(struct view *v, int col, int row)
{
	struct list_view *lv = lv_of(v);
	size_t i = lv->nav.top + (size_t)row;

	(void)col;
	if (row < 0 || i >= lv->nav.n)
		return hr_flags(HR_NONE);
	if (i == lv->nav.sel)
		return hr_intent(INTENT_OPEN, lv_selected(v));
	lv->nav.sel = i;
	remember(lv);
	return hr_intent(INTENT_PREVIEW, lv_selected(v));
}

static void lv_status(struct view *v, struct strbuf *sb)
{
	struct list_view *lv = lv_of(v);
	const struct kb_category *c = category(lv);

	if (c && c->narticles)
		sb_printf(sb, _("Article %zu of %zu"), lv->nav.sel + 1, c->narticles);
}

static void lv_done(struct view *v)
{
	struct list_view *lv = lv_of(v);

	free(lv->sel);
	free(lv->top);
	free(lv);
}

static const enum request lv_hints[] = {
	REQ_HELP, REQ_ENTER, REQ_SEARCH, REQ_FOCUS_PREV, REQ_CLOSE, REQ_NONE
};

static struct view *lv_create(struct app *app)
{
	struct list_view *lv = xcalloc(1, sizeof(*lv));
	size_t n = app->kb->ncategories;

	lv->v.ops = &list_view_ops;
	lv->v.app = app;
	lv->category = NO_ARTICLE;
	lv->sel = xcalloc(n + 1, sizeof(*lv->sel));
	lv->top = xcalloc(n + 1, sizeof(*lv->top));
	return &lv->v;
}

static void lv_show_category(struct view *v, size_t cat)
{
	struct list_view *lv = lv_of(v);
	const struct kb *kb = v->app->kb;

	if (cat >= kb->ncategories || cat == lv->category)
		return;
	remember(lv);
	lv->category = cat;
	lv->nav.n = kb->categories[cat].narticles;
	lv->nav.sel = lv->sel[cat];
	lv->nav.top = lv->top[cat];
	nav_fix(&lv->nav, view_height(v));
}

static void lv_select(struct view *v, size_t article)
{
	struct list_view *lv = lv_of(v);
	const struct kb_category *c = category(lv);
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->narticles; i++)
		if (c->articles[i] == article) {
			lv->nav.sel = i;
			nav_fix(&lv->nav, view_height(v));
			remember(lv);
			return;
		}
}

const struct view_ops list_view_ops = {
	.name = "list",
	.keymap = KEYMAP_LIST,
	.create = lv_create,
	.resize = lv_resize,
	.draw = lv_draw,
	.request = lv_request,
	.click = lv_click,
	.status = lv_status,
	.hints = lv_hints,
	.done = lv_done,
	.show_category = lv_show_category,
	.selected = lv_selected,
	.select = lv_select,
};
