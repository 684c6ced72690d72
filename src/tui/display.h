/* SPDX-License-Identifier: MIT */
/* display.h: the terminal -- curses set-up and tear-down, the drawing
 * primitives and the look of every line type.
 *
 * Views never set attributes themselves: they draw text with a draw type
 * (a layout line type, a segment style, or one of the UI types below) and
 * the table in display.c turns that into colours, or into plain attributes
 * when colour is off (NO_COLOR, a monochrome terminal).  Every byte of text
 * goes through draw_text(), which replaces control characters and, when the
 * terminal is not UTF-8, transliterates to ASCII: nothing from the content
 * reaches the terminal raw.
 *
 * It also owns what the terminal can do beyond cells: bracketed paste (on
 * while the browser runs, off on every way out), the mouse (which can be
 * let go so the terminal selects text), copying to the clipboard of the
 * terminal in front of the user with OSC 52 (also over SSH), and OSC 8
 * hyperlinks over external links.  The config file's "set mouse/osc52/
 * hyperlinks = off" turns those off, and ENROLLKB_MOUSE, ENROLLKB_OSC52
 * and ENROLLKB_HYPERLINKS (0 or 1) override the file.  Its "color" lines
 * change the look of a draw type. */
#ifndef ENROLLKB_DISPLAY_H
#define ENROLLKB_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "config_file.h"
#include "layout.h"
#include "screen.h"

enum draw_type {
	/* 0 .. LINE_TYPE_COUNT-1: the layout's line types */
	DT_SEG = LINE_TYPE_COUNT,        /* + enum seg_style */
	DT_DEFAULT = DT_SEG + SEG_STYLE_COUNT,
	DT_PANE_TITLE,       /* header of a pane without the focus */
	DT_PANE_TITLE_FOCUS, /* header of the pane with the focus */
	DT_PANE_INFO,        /* right-hand part of a header (counts, position) */
	DT_SEPARATOR,
	DT_CURSOR,           /* the selected entry of the focused pane */
	DT_CURSOR_DIM,       /* the selected entry of another pane */
	DT_COUNT,            /* article counts in the category pane */
	DT_DIM,              /* secondary text */
	DT_MATCH,            /* a search match */
	DT_MATCH_CURRENT,    /* the match n/N moved to */
	DT_LINK_SELECTED,
	DT_STATUS,
	DT_STATUS_ERROR,
	DT_STATUS_KEY,       /* a key name in the hints */
	DT_PROMPT,
	DT_HELP_KEY,
	DT_NOTICE,           /* "terminal too small", "no articles" */
	DT_STEP_CURSOR,      /* the lines of the step under the article's cursor */
	DT_COUNT_
};

/* What get_wch() reports (as a function key) for the start and the end of
 * a bracketed paste: codes above curses' KEY_MAX (0777). */
#define DISPLAY_KEY_PASTE_START 01001
#define DISPLAY_KEY_PASTE_END   01002

/* Fills the line-type and option names of the config's schema: the draw
 * types ("title", "heading", "link", "status" ...) and "mouse", "osc52",
 * "hyperlinks". */
void display_config_names(struct config_schema *schema);
/* Takes the set and color directives; before display_open. */
void display_configure(const struct config *cfg);

/* Starts curses on the controlling terminal.  Returns false (terminal left
 * untouched, *why set) when the terminal cannot be driven. */
bool display_open(const char **why);
/* Restores the terminal; safe to call any number of times, also from the
 * fatal-error hook. */
void display_close(void);
/* For a crash (SIGSEGV...): puts the tty modes back and undoes the
 * alternate screen, keypad, mouse and hidden cursor with write(2) and
 * tcsetattr(3) only -- async-signal-safe, no curses. */
void display_emergency_restore(void);
/* Frees curses' memory after display_close (not from the fatal hook:
 * there, exiting soon is all that matters). */
void display_free(void);
/* Copies text to the clipboard of the terminal in front of the user (OSC
 * 52, base64).  False with *why set when copying is off. */
bool display_copy(const char *text, size_t len, const char **why);
/* Mouse capture on or off (off: the terminal selects text itself). */
void display_set_mouse(bool on);
bool display_mouse(void);
/* Whether the terminal shows UTF-8 (else everything is drawn as ASCII). */
bool display_utf8(void);
void display_size(int *cols, int *rows);
/* Starts a frame (clears), and ends it (cursor placement, refresh).  A
 * cursor position (x, y) >= 0 shows the cursor there, for prompts. */
void display_begin(void);
void display_end(int cursor_x, int cursor_y);
/* Forces a full repaint on the next display_end (Ctrl-L). */
void display_invalidate(void);

/* Draws len bytes of UTF-8 at column col (relative to r) of row row,
 * clipped to r.  over, when not DT_DEFAULT, is laid over base: its colour
 * wins when it has one, attributes add up.  Returns the column after the
 * text. */
int draw_text(const struct screen_rect *r, int row, int col,
	      enum draw_type base, enum draw_type over, const char *s, size_t len);
/* draw_text, and the cells drawn become an OSC 8 hyperlink to url when the
 * frame is shown (where hyperlinks are on; url is percent-encoded where it
 * is not printable ASCII). */
int draw_link(const struct screen_rect *r, int row, int col, enum draw_type base,
	      enum draw_type over, const char *s, size_t len, const char *url);
/* draw_text of a NUL-terminated string, base type only. */
int draw_str(const struct screen_rect *r, int row, int col, enum draw_type t,
	     const char *s);
/* Fills row from col to the right edge of r with blanks of type t. */
void draw_fill(const struct screen_rect *r, int row, int col, enum draw_type t);
/* The separator column between two panes. */
void draw_vline(int x, int y, int h);
/* A pane's header: title on the left, info on the right (may be NULL). */
void draw_header(const struct screen_rect *r, const char *title,
		 const char *info, bool focused);
/* Columns the text takes once drawn (after replacement/transliteration). */
int display_width(const char *s, size_t len);
/* Byte length of the longest prefix of s that fits in cols columns. */
size_t display_fit(const char *s, size_t len, int cols);
/* Byte offset of the longest suffix of s that fits in cols columns. */
size_t display_fit_tail(const char *s, size_t len, int cols);

#endif
