/* SPDX-License-Identifier: MIT */
/* test_screen.c: pane geometry (src/tui/screen.c), without curses. */
#include "config.h"

#include <criterion/criterion.h>

#include "screen.h"

/* Four categories, the widest "Enrollment errors  17" plus padding. */
#define CAT_ROWS 5
#define CAT_COLS 23

static struct screen_geom geom(int cols, int rows, enum screen_slot focus, bool merged)
{
	struct screen_request req = { cols, rows, CAT_ROWS, CAT_COLS, focus, merged };
	struct screen_geom g;

	screen_compute(&req, &g);
	return g;
}

static bool inside(const struct screen_rect *r, int cols, int rows)
{
	return r->x >= 0 && r->y >= 0 && r->x + r->w <= cols && r->y + r->h <= rows;
}

static bool overlap(const struct screen_rect *a, const struct screen_rect *b)
{
	if (!a->w || !a->h || !b->w || !b->h)
		return false;
	return a->x < b->x + b->w && b->x < a->x + a->w &&
	       a->y < b->y + b->h && b->y < a->y + a->h;
}

/* Every shown slot lies inside the body, none overlaps another or a
 * separator, and the status line is the last row. */
static void check_sane(const struct screen_geom *g, int cols, int rows)
{
	int i, j;

	cr_assert_eq(g->status.y, rows - 1);
	cr_assert_eq(g->status.w, cols);
	cr_assert_eq(g->status.h, 1);
	cr_assert_eq(g->body.h, rows - 1);
	for (i = 0; i < SLOT_COUNT; i++) {
		cr_assert(inside(&g->slot[i], cols, rows - 1), "slot %d outside at %dx%d", i, cols, rows);
		for (j = i + 1; j < SLOT_COUNT; j++)
			cr_assert(!overlap(&g->slot[i], &g->slot[j]),
				  "slots %d and %d overlap at %dx%d", i, j, cols, rows);
		for (j = 0; j < g->nsep; j++) {
			struct screen_rect sep = { g->sep_x[j], 0, 1, rows - 1 };

			cr_assert(!overlap(&g->slot[i], &sep), "slot %d covers separator %d", i, j);
		}
	}
}

Test(screen, wide_terminal_shows_three_panes_side_by_side)
{
	struct screen_geom g = geom(200, 60, SLOT_CATEGORIES, false);
	int s;

	cr_assert_eq(g.mode, SCREEN_TRIPLE);
	check_sane(&g, 200, 60);
	for (s = 0; s < SLOT_COUNT; s++) {
		cr_assert(screen_visible(&g, (enum screen_slot)s));
		cr_assert_eq(g.slot[s].h, 59, "slot %d uses the full height", s);
	}
	cr_assert_eq(g.slot[SLOT_CATEGORIES].x, 0);
	cr_assert_eq(g.slot[SLOT_CATEGORIES].w, CAT_COLS);
	cr_assert(g.slot[SLOT_LIST].x > g.slot[SLOT_CATEGORIES].x);
	cr_assert(g.slot[SLOT_ARTICLE].x > g.slot[SLOT_LIST].x);
	/* Together with the two separators they fill the width. */
	cr_assert_eq(g.nsep, 2);
	cr_assert_eq(g.slot[SLOT_CATEGORIES].w + g.slot[SLOT_LIST].w +
		     g.slot[SLOT_ARTICLE].w + 2, 200);
	/* The article, the thing being read, gets the most room. */
	cr_assert(g.slot[SLOT_ARTICLE].w > g.slot[SLOT_LIST].w);
}

Test(screen, triple_from_100_columns_whatever_the_focus)
{
	enum screen_slot f;

	for (f = SLOT_CATEGORIES; f < SLOT_COUNT; f++) {
		struct screen_geom g = geom(100, 30, f, false);

		cr_assert_eq(g.mode, SCREEN_TRIPLE);
		check_sane(&g, 100, 30);
		cr_assert(screen_visible(&g, SLOT_ARTICLE));
		cr_assert_geq(g.slot[SLOT_ARTICLE].w, 40, "article %d wide", g.slot[SLOT_ARTICLE].w);
		cr_assert_geq(g.slot[SLOT_LIST].w, 24);
	}
	cr_assert_eq(geom(99, 30, SLOT_LIST, false).mode, SCREEN_STACKED);
}

Test(screen, focus_does_not_move_panes_when_all_show)
{
	struct screen_geom a = geom(160, 40, SLOT_CATEGORIES, false);
	struct screen_geom b = geom(160, 40, SLOT_ARTICLE, false);
	int s;

	for (s = 0; s < SLOT_COUNT; s++)
		cr_assert_eq(memcmp(&a.slot[s], &b.slot[s], sizeof(a.slot[s])), 0);
}

Test(screen, search_takes_the_category_and_list_room)
{
	struct screen_geom plain = geom(120, 40, SLOT_LIST, false);
	struct screen_geom g = geom(120, 40, SLOT_LIST, true);

	cr_assert_eq(g.mode, SCREEN_TRIPLE);
	check_sane(&g, 120, 40);
	cr_assert(!screen_visible(&g, SLOT_CATEGORIES));
	cr_assert_eq(g.slot[SLOT_LIST].x, 0);
	cr_assert_eq(g.slot[SLOT_LIST].w, plain.slot[SLOT_CATEGORIES].w + 1 + plain.slot[SLOT_LIST].w);
	/* The article keeps its place: no reflow when a search opens. */
	cr_assert_eq(memcmp(&g.slot[SLOT_ARTICLE], &plain.slot[SLOT_ARTICLE],
			    sizeof(g.slot[SLOT_ARTICLE])), 0);
	cr_assert_eq(g.nsep, 1);
}

Test(screen, eighty_by_24_stacks_categories_over_the_list)
{
	struct screen_geom g = geom(80, 24, SLOT_CATEGORIES, false);

	cr_assert_eq(g.mode, SCREEN_STACKED);
	check_sane(&g, 80, 24);
	cr_assert_eq(g.slot[SLOT_CATEGORIES].h, CAT_ROWS, "every category shows");
	cr_assert_eq(g.slot[SLOT_CATEGORIES].w, 80);
	cr_assert_eq(g.slot[SLOT_LIST].y, CAT_ROWS);
	cr_assert_eq(g.slot[SLOT_LIST].h, 23 - CAT_ROWS);
	cr_assert_eq(g.slot[SLOT_LIST].w, 80);
	cr_assert(!screen_visible(&g, SLOT_ARTICLE));
	cr_assert_eq(g.nsep, 0);
}

Test(screen, narrow_article_takes_the_whole_body)
{
	struct screen_geom g = geom(80, 24, SLOT_ARTICLE, false);

	cr_assert_eq(g.mode, SCREEN_STACKED);
	cr_assert(screen_visible(&g, SLOT_ARTICLE));
	cr_assert(!screen_visible(&g, SLOT_CATEGORIES));
	cr_assert(!screen_visible(&g, SLOT_LIST));
	cr_assert_eq(memcmp(&g.slot[SLOT_ARTICLE], &g.body, sizeof(g.body)), 0);
}

Test(screen, narrow_search_takes_the_whole_body)
{
	struct screen_geom g = geom(60, 20, SLOT_LIST, true);

	cr_assert(screen_visible(&g, SLOT_LIST));
	cr_assert(!screen_visible(&g, SLOT_CATEGORIES));
	cr_assert(!screen_visible(&g, SLOT_ARTICLE));
	cr_assert_eq(memcmp(&g.slot[SLOT_LIST], &g.body, sizeof(g.body)), 0);
	/* Categories asked for while merged: the results have the keyboard. */
	g = geom(60, 20, SLOT_CATEGORIES, true);
	cr_assert(screen_visible(&g, SLOT_LIST));
}

Test(screen, too_short_to_stack_shows_only_the_focused_pane)
{
	struct screen_request req = { 60, 12, 9, CAT_COLS, SLOT_LIST, false };
	struct screen_geom g;

	screen_compute(&req, &g);
	cr_assert_eq(g.mode, SCREEN_SINGLE);
	check_sane(&g, 60, 12);
	cr_assert(screen_visible(&g, SLOT_LIST));
	cr_assert(!screen_visible(&g, SLOT_CATEGORIES));
	cr_assert_eq(memcmp(&g.slot[SLOT_LIST], &g.body, sizeof(g.body)), 0);
	req.focus = SLOT_CATEGORIES;
	screen_compute(&req, &g);
	cr_assert(screen_visible(&g, SLOT_CATEGORIES));
	cr_assert(!screen_visible(&g, SLOT_LIST));
}

Test(screen, minimum_size_still_works)
{
	struct screen_geom g = geom(SCREEN_MIN_COLS, SCREEN_MIN_ROWS, SLOT_LIST, false);

	cr_assert_neq(g.mode, SCREEN_TOO_SMALL);
	check_sane(&g, SCREEN_MIN_COLS, SCREEN_MIN_ROWS);
	cr_assert(screen_visible(&g, SLOT_LIST));
	cr_assert_geq(g.slot[SLOT_LIST].h, 4, "a header and three entries");
}

Test(screen, below_the_minimum_is_too_small)
{
	int sizes[][2] = { { 39, 24 }, { 80, 9 }, { 0, 0 }, { 1, 1 }, { 20, 5 } };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct screen_geom g = geom(sizes[i][0], sizes[i][1], SLOT_LIST, false);
		int s;

		cr_assert_eq(g.mode, SCREEN_TOO_SMALL, "%dx%d", sizes[i][0], sizes[i][1]);
		for (s = 0; s < SLOT_COUNT; s++)
			cr_assert(!screen_visible(&g, (enum screen_slot)s));
	}
}

Test(screen, every_size_is_sane)
{
	int cols, rows, f, m;

	for (cols = 40; cols <= 260; cols += 7)
		for (rows = 10; rows <= 80; rows += 5)
			for (f = 0; f < SLOT_COUNT; f++)
				for (m = 0; m < 2; m++) {
					struct screen_geom g = geom(cols, rows, (enum screen_slot)f, m);
					int s, shown = 0;

					check_sane(&g, cols, rows);
					for (s = 0; s < SLOT_COUNT; s++)
						shown += screen_visible(&g, (enum screen_slot)s);
					cr_assert_geq(shown, 1);
					/* The pane with the keyboard is always on screen. */
					cr_assert(screen_visible(&g, (enum screen_slot)
						  (m && f == SLOT_CATEGORIES ? SLOT_LIST : f)),
						  "focus %d hidden at %dx%d merged %d", f, cols, rows, m);
				}
}

Test(screen, slot_at_finds_the_pane_under_the_pointer)
{
	struct screen_geom g = geom(120, 30, SLOT_LIST, false);

	cr_assert_eq(screen_slot_at(&g, 0, 0), SLOT_CATEGORIES);
	cr_assert_eq(screen_slot_at(&g, g.slot[SLOT_LIST].x, 5), SLOT_LIST);
	cr_assert_eq(screen_slot_at(&g, 119, 28), SLOT_ARTICLE);
	cr_assert_eq(screen_slot_at(&g, g.sep_x[0], 3), SLOT_COUNT, "separator");
	cr_assert_eq(screen_slot_at(&g, 5, 29), SLOT_COUNT, "status line");
}
