/* tui.h: the full-screen browser (ncursesw), entered from main.c. */
#ifndef ENROLLKB_TUI_H
#define ENROLLKB_TUI_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "kb.h"
#include "search.h"

/* Whether stdin/stdout are a terminal the browser can drive (TERM set and
 * not "dumb").  When not, prints one line to err pointing to --search and
 * --show, and returns false: main exits 2 without loading anything. */
bool tui_check_terminal(FILE *err);

/* Runs the browser until the user quits.  query (may be NULL): an article
 * id or error code opens that article, anything else starts a search for
 * it.  dl: the loading diagnostics, counted in the status line.  Returns
 * the exit code: 0 after q, 128+N after signal N, 2 when the terminal
 * cannot be driven after all.  The terminal is restored on every path,
 * fatal errors included. */
int tui_run(const struct kb *kb, const struct search_index *idx,
	    const struct diag_list *dl, const char *query);

#endif
