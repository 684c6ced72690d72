/* SPDX-License-Identifier: MIT */
/* screen.c: pane geometry for the TUI (see screen.h); no curses. */
#include "config.h"

#include <string.h>

#include "screen.h"

/* The list pane's share of what the category pane leaves, and its bounds:
 * wide enough for a readable title, never so wide that the article (the
 * thing being read) is starved. */
#define LIST_SHARE_NUM 2
#define LIST_SHARE_DEN 5
#define LIST_MIN_COLS 24
#define LIST_MAX_COLS 60
#define CAT_MIN_COLS 16
#define CAT_MAX_COLS 30
/* A stacked list needs its header and a few entries to be worth showing. */
#define LIST_MIN_ROWS 4

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static struct screen_rect rect(int x, int y, int w, int h)
{
	struct screen_rect r = { x, y, w, h };

	return r;
}

void screen_compute(const struct screen_request *req, struct screen_geom *g)
{
	int cols = req->cols, rows = req->rows;
	enum screen_slot focus = req->focus;
	struct screen_rect body;

	memset(g, 0, sizeof(*g));
	if (focus >= SLOT_COUNT)
		focus = SLOT_LIST;
	if (req->merged && focus == SLOT_CATEGORIES)
		focus = SLOT_LIST;
	if (cols < SCREEN_MIN_COLS || rows < SCREEN_MIN_ROWS) {
		g->mode = SCREEN_TOO_SMALL;
		g->body = rect(0, 0, cols > 0 ? cols : 0, rows > 0 ? rows : 0);
		return;
	}
	body = rect(0, 0, cols, rows - 1);
	g->body = body;
	g->status = rect(0, rows - 1, cols, 1);

	if (cols >= SCREEN_TRIPLE_COLS) {
		int cat_w = clamp(req->cat_cols, CAT_MIN_COLS, CAT_MAX_COLS);
		int list_w = clamp((cols - cat_w - 2) * LIST_SHARE_NUM / LIST_SHARE_DEN,
				   LIST_MIN_COLS, LIST_MAX_COLS);
		int art_x = cat_w + 1 + list_w + 1;

		g->mode = SCREEN_TRIPLE;
		if (req->merged) {
			g->slot[SLOT_LIST] = rect(0, 0, cat_w + 1 + list_w, body.h);
		} else {
			g->slot[SLOT_CATEGORIES] = rect(0, 0, cat_w, body.h);
			g->slot[SLOT_LIST] = rect(cat_w + 1, 0, list_w, body.h);
			g->sep_x[g->nsep++] = cat_w;
		}
		g->sep_x[g->nsep++] = art_x - 1;
		g->slot[SLOT_ARTICLE] = rect(art_x, 0, cols - art_x, body.h);
		return;
	}

	if (req->cat_rows > 0 && body.h - req->cat_rows >= LIST_MIN_ROWS) {
		g->mode = SCREEN_STACKED;
		if (focus == SLOT_ARTICLE)
			g->slot[SLOT_ARTICLE] = body;
		else if (req->merged)
			g->slot[SLOT_LIST] = body;
		else {
			g->slot[SLOT_CATEGORIES] = rect(0, 0, cols, req->cat_rows);
			g->slot[SLOT_LIST] = rect(0, req->cat_rows, cols,
						  body.h - req->cat_rows);
		}
		return;
	}

	g->mode = SCREEN_SINGLE;
	g->slot[focus] = body;
}

bool screen_visible(const struct screen_geom *g, enum screen_slot s)
{
	return s < SLOT_COUNT && g->slot[s].w > 0 && g->slot[s].h > 0;
}

enum screen_slot screen_slot_at(const struct screen_geom *g, int x, int y)
{
	int s;

	for (s = 0; s < SLOT_COUNT; s++) {
		const struct screen_rect *r = &g->slot[s];

		if (screen_visible(g, (enum screen_slot)s) &&
		    x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h)
			return (enum screen_slot)s;
	}
	return SLOT_COUNT;
}
