/* SPDX-License-Identifier: MIT */
/* keys.h: requests and keymaps as data (the TUI only).
 *
 * Every request is defined once, in REQ_INFO, with a short hint (for the
 * status line) and its help text.  Keymaps bind keys to requests per view;
 * a key a view's map does not bind falls back to the generic map.  The help
 * screen and the status-line hints are generated from these tables, so they
 * always tell the truth about the bindings.  The config file's "bind"
 * lines (config_file.h) go ahead of the built-in bindings.
 *
 * Text prompts (the global search, the case picker; "/", notes and the
 * export files) see keys before the keymaps do, through the small line
 * editor at the end of this file. */
#ifndef ENROLLKB_KEYS_H
#define ENROLLKB_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "config_file.h"
#include "diag.h"
#include "strbuf.h"

/*  _(ID, hint, help) */
#define REQ_INFO(_) \
	_(NONE,        NULL, NULL) \
	_(MOVE_UP,     N_("up"),       N_("Move the selection up / scroll up one line")) \
	_(MOVE_DOWN,   N_("down"),     N_("Move the selection down / scroll down one line")) \
	_(STEP_UP,     N_("up"),       N_("The step above if it is on screen, else up one line")) \
	_(STEP_DOWN,   N_("down"),     N_("The step below if it is on screen, else down one line")) \
	_(SCROLL_UP,   N_("scroll up"), N_("Scroll up one line (the step cursor follows)")) \
	_(SCROLL_DOWN, N_("scroll down"), N_("Scroll down one line (the step cursor follows)")) \
	_(NEXT_STEP,   N_("next step"), N_("Next step of the checklist, wherever it is")) \
	_(PREV_STEP,   N_("prev step"), N_("Previous step of the checklist")) \
	_(TOGGLE_STEP, N_("tick"),     N_("Tick or untick the step under the cursor (saved at once)")) \
	_(NOTE,        N_("note"),     N_("Write or edit the step's note (an empty one removes it)")) \
	_(EXPORT,      N_("export"),   N_("Export the article's checklist for this case as Markdown")) \
	_(RESET,       N_("reset"),    N_("Clear the article's checklist for this case (asks first)")) \
	_(UNDO,        N_("undo"),     N_("Undo the last checklist change of this session (again: the one before)")) \
	_(COPY,        N_("copy"),     N_("Copy to the clipboard, also over SSH: the selected link's URL, else the checklist as Markdown")) \
	_(EXPORT_CASE, N_("export case"), N_("Export the whole case, every article worked in, to a file (.txt: plain text)")) \
	_(CASES,       N_("cases"),    N_("Cases: switch to another, start a new one, delete one")) \
	_(DELETE,      N_("delete"),   N_("Delete the selected case and its checklist (asks first)")) \
	_(MOUSE,       N_("mouse"),    N_("Let go of the mouse so the terminal can select text; again takes it back")) \
	_(PAGE_UP,     N_("page up"),  N_("Up one page")) \
	_(PAGE_DOWN,   N_("page down"), N_("Down one page")) \
	_(MOVE_FIRST,  N_("top"),      N_("Go to the first line")) \
	_(MOVE_LAST,   N_("bottom"),   N_("Go to the last line")) \
	_(ENTER,       N_("open"),     N_("Open the selection / follow the selected link")) \
	_(FOCUS_NEXT,  N_("open"), N_("Move to the pane on the right (opens the selection)")) \
	_(FOCUS_PREV,  N_("prev pane"), N_("Move to the pane on the left")) \
	_(NEXT_LINK,   N_("links"),    N_("Select the next link in the article")) \
	_(PREV_LINK,   N_("prev link"), N_("Select the previous link in the article")) \
	_(BACK,        N_("previous"),     N_("Back to the previous article (at the first one: to the list)")) \
	_(FORWARD,     N_("forward"),  N_("Forward again in the articles visited")) \
	_(SEARCH,      N_("search all"), N_("Search all articles: error code, message or words")) \
	_(HISTORY_PREV, N_("earlier"), N_("An earlier search (once you have typed: the result above)")) \
	_(HISTORY_NEXT, N_("later"),   N_("A later search (once you have typed: the result below)")) \
	_(FIND,        N_("find"),     N_("Find in this article (highlights, then n/N; after Esc n/N still find it)")) \
	_(FIND_NEXT,   N_("next"),     N_("Next match in this article")) \
	_(FIND_PREV,   N_("prev"),     N_("Previous match in this article")) \
	_(CANCEL,      N_("cancel"),   N_("Cancel: close the search, clear highlights")) \
	_(HELP,        N_("help"),     N_("Show this help")) \
	_(CLOSE,       N_("back/quit"), N_("Back one level; quit from the top level")) \
	_(QUIT,        N_("quit"),     N_("Quit at once")) \
	_(REFRESH,     N_("redraw"),   N_("Redraw the screen"))

enum request {
#define REQ_ENUM_(id, hint, help) REQ_##id,
	REQ_INFO(REQ_ENUM_)
#undef REQ_ENUM_
	REQ_COUNT
};

/* One keymap per view; KEYMAP_GENERIC is every view's fallback. */
enum keymap {
	KEYMAP_GENERIC,
	KEYMAP_CATEGORIES,
	KEYMAP_LIST,
	KEYMAP_ARTICLE,
	KEYMAP_SEARCH,
	KEYMAP_RESULTS,
	KEYMAP_CASES,
	KEYMAP_HELP,
	KEYMAP_COUNT
};

/* A key as get_wch() reports it: a character, or a KEY_* function key. */
struct key {
	int code;
	bool fn;
};

/* Normalises what get_wch() returned (Enter, Backspace variants...). */
struct key keys_make(int code, bool fn);
/* The request bound to key in map, else in the generic map, else REQ_NONE. */
enum request keys_request(enum keymap map, struct key key);
/* "j", "Down", "C-l", "Space" ... (static storage for characters is per call:
 * the result stays valid until the next call). */
const char *keys_name(struct key key, char buf[8]);

const char *keys_request_hint(enum request req);   /* translated; NULL for NONE */
const char *keys_request_help(enum request req);   /* translated */
const char *keys_map_name(enum keymap map);        /* translated */
/* The keys bound to req in exactly this map (no fallback), in table order;
 * returns the count, fills at most max. */
size_t keys_bound(enum keymap map, enum request req, struct key *out, size_t max);
/* The first key that reaches req from map (its own binding, or a generic
 * one that map does not override); false when none does. */
bool keys_reach(enum keymap map, enum request req, struct key *out);

/* ---- The config file ------------------------------------------------------- */

/* Fills the keymap and request names of the config's schema: "generic",
 * "article" ...; "move-up" (MOVE_UP) ..., "none" unbinds. */
void keys_config_names(struct config_schema *schema);
/* Binds key to req in map, ahead of the built-in bindings of map and in
 * place of any binding key had there.  REQ_NONE: the key does nothing in
 * map (not even what the generic map binds it to). */
void keys_bind(enum keymap map, struct key key, enum request req);
/* keys_bind for each bind directive; a character bound where a prompt
 * takes characters as text gets a warning in dl, at its file:line. */
void keys_configure(const struct config *cfg, struct diag_list *dl);
/* Back to the built-in bindings (frees the table keys_bind made). */
void keys_reset(void);

/* ---- Line editing for prompts --------------------------------------------- */

struct input_line {
	struct strbuf text;
	size_t cursor;            /* byte offset into text */
	bool selected;            /* all of it, as a recalled query: typing
	                           * replaces it, Right/End keeps it */
};

enum input_result {
	INPUT_IGNORED,            /* not an editing key: look it up in a keymap */
	INPUT_CHANGED,            /* the text changed */
	INPUT_MOVED,              /* only the cursor moved */
	INPUT_ACCEPT,             /* Enter (input_prompt_key only) */
	INPUT_CANCEL              /* Esc (input_prompt_key only) */
};

/* ascii: accept only ASCII characters (the terminal cannot show others). */
enum input_result input_key(struct input_line *in, struct key key, bool ascii);
/* input_key for a prompt on the status line, which has the keyboard until
 * Enter (INPUT_ACCEPT) or Esc (INPUT_CANCEL); INPUT_IGNORED: a key it
 * swallows. */
enum input_result input_prompt_key(struct input_line *in, struct key key, bool ascii);
/* Pasted text at the cursor (replacing a selection): line breaks at its
 * end go, others and tabs become spaces, other control characters are
 * dropped. */
enum input_result input_paste(struct input_line *in, const char *text, bool ascii);
/* Sets the text (cursor at its end, nothing selected). */
void input_set(struct input_line *in, const char *s);
void input_select_all(struct input_line *in);
const char *input_text(const struct input_line *in);
void input_free(struct input_line *in);

#endif
