/* SPDX-License-Identifier: MIT */
/* xalloc.h: allocation that never returns NULL.
 *
 * Every allocation in enrollkb goes through these.  On failure they call the
 * fatal hook (the TUI installs one that restores the terminal) and exit(3). */
#ifndef ENROLLKB_XALLOC_H
#define ENROLLKB_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* n * size, or a fatal error when the product does not fit in a size_t:
 * every array size goes through here (or the functions below), never
 * through an unchecked multiplication. */
size_t xalloc_size(size_t n, size_t size);
/* An array of n elements of size bytes (htop's xMallocArray). */
void *xmalloc_array(size_t n, size_t size);
void *xrealloc_array(void *p, size_t n, size_t size);
/* Grows an array of *cap elements of size elem so that it holds at least need. */
void *xgrow(void *p, size_t *cap, size_t need, size_t elem);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Called before exiting on a fatal error (e.g. to end curses mode). */
void xalloc_set_fatal_hook(void (*hook)(void));
void xalloc_die(void) __attribute__((noreturn));

#endif
