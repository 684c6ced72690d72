/* SPDX-License-Identifier: MIT */
/* history.h: the searches a user typed, kept across sessions for Up/Down
 * in the browser's search prompt.
 *
 * One query per line, UTF-8, oldest first, in
 * $XDG_STATE_HOME/enrollkb/search-history (see doc/enrollkb.1).  A query
 * typed again moves to the end instead of appearing twice; only the newest
 * HISTORY_MAX are kept.  Saves replace the file atomically.  Errors are
 * values: load and save return false and add a warning naming the file. */
#ifndef ENROLLKB_HISTORY_H
#define ENROLLKB_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#define HISTORY_MAX 100
#define HISTORY_FILE "search-history"

struct history;

/* An empty history kept in path (NULL: in memory only) holding at most
 * cap queries (0: HISTORY_MAX). */
struct history *history_new(const char *path, size_t cap);
void history_free(struct history *h);
/* Reads the file (a missing one is an empty history).  Lines with control
 * characters are skipped, duplicates and the oldest beyond the cap
 * dropped. */
bool history_load(struct history *h, struct diag_list *dl);
/* Adds query (surrounding spaces trimmed; empty: nothing) as the newest;
 * true when the history changed. */
bool history_add(struct history *h, const char *query);
/* Writes the history to its file (nothing to do without one). */
bool history_save(const struct history *h, struct diag_list *dl);

size_t history_count(const struct history *h);
/* The i-th newest query (0: the newest), or NULL. */
const char *history_get(const struct history *h, size_t i);
/* Where query is (0: the newest), or (size_t)-1. */
size_t history_find(const struct history *h, const char *query);

#endif
