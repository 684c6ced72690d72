/* SPDX-License-Identifier: MIT */
/* tui.h: the full-screen browser (ncursesw), entered from main.c. */
#ifndef ENROLLKB_TUI_H
#define ENROLLKB_TUI_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "kb.h"
#include "progress.h"
#include "search.h"

/* Whether stdin/stdout are a terminal the browser can drive (TERM set and
 * not "dumb").  When not, prints one line to err pointing to --search and
 * --show, and returns false: main exits 2 without loading anything. */
bool tui_check_terminal(FILE *err);

/* The case's checklist for the browser. */
struct tui_checklist {
	struct progress *store;            /* taken over: tui_run closes it; may
	                                    * be NULL (no checklists) */
	const char *state_dir;             /* it was opened from (to read it
	                                    * again when another process saves) */
	const struct diag_list *warnings;  /* from opening it: the first one is
	                                    * shown on the status line */
	bool restricted;                   /* --restricted: no export to a file,
	                                    * no config file of the user's */
};

/* Runs the browser until the user quits.  query (may be NULL): an article
 * id or error code opens that article, anything else starts a search for
 * it.  dl: the loading diagnostics, counted in the status line.  ck: the
 * checklist (may be NULL).  Returns the exit code: 0 after q, 128+N after
 * signal N, 2 when the terminal cannot be driven after all.  The terminal
 * is restored on every path, fatal errors included. */
int tui_run(const struct kb *kb, const struct search_index *idx,
	    const struct diag_list *dl, const char *query,
	    const struct tui_checklist *ck);

#endif
