/* SPDX-License-Identifier: MIT */
/* screen.h: pane geometry -- terminal size -> which panes show and where.
 *
 * Pure arithmetic, no curses, so the decisions that make a small terminal
 * usable are unit-tested (tests/test_screen.c).  The TUI asks again on every
 * KEY_RESIZE and on every change of focus; nothing here is remembered.
 *
 * Three slots, left to right: the category pane, the list pane (the article
 * list, or the search results, which then take the category slot's room
 * too) and the article pane.  The last row is the status line.
 *
 *   SCREEN_TRIPLE   (100+ columns) the three slots side by side, one-column
 *                   separators between them.
 *   SCREEN_STACKED  categories above the list, full width; the article takes
 *                   the whole body while it has the focus.
 *   SCREEN_SINGLE   too short to stack: only the focused slot shows.
 *   SCREEN_TOO_SMALL below SCREEN_MIN_COLS x SCREEN_MIN_ROWS: nothing but a
 *                   one-line notice. */
#ifndef ENROLLKB_SCREEN_H
#define ENROLLKB_SCREEN_H

#include <stdbool.h>

#define SCREEN_MIN_COLS 40
#define SCREEN_MIN_ROWS 10
#define SCREEN_TRIPLE_COLS 100

enum screen_mode {
	SCREEN_TOO_SMALL,
	SCREEN_SINGLE,
	SCREEN_STACKED,
	SCREEN_TRIPLE
};

enum screen_slot {
	SLOT_CATEGORIES,
	SLOT_LIST,
	SLOT_ARTICLE,
	SLOT_COUNT
};

/* A rectangle of cells; w == 0 or h == 0 means "not shown". */
struct screen_rect {
	int x, y, w, h;
};

struct screen_request {
	int cols, rows;          /* the terminal */
	int cat_rows;            /* rows the category pane wants (header + entries) */
	int cat_cols;            /* columns it wants (its widest entry) */
	enum screen_slot focus;  /* where the keyboard is */
	bool merged;             /* the list slot also takes the category slot (search) */
};

struct screen_geom {
	enum screen_mode mode;
	struct screen_rect slot[SLOT_COUNT];
	struct screen_rect body;     /* everything above the status line */
	struct screen_rect status;   /* the last row */
	/* Vertical separators (TRIPLE): column x, rows body.y .. body.y+body.h-1. */
	int sep_x[SLOT_COUNT - 1];
	int nsep;
};

void screen_compute(const struct screen_request *req, struct screen_geom *g);
/* The slot holding cell (x, y), or SLOT_COUNT when none does. */
enum screen_slot screen_slot_at(const struct screen_geom *g, int x, int y);
bool screen_visible(const struct screen_geom *g, enum screen_slot s);

#endif
