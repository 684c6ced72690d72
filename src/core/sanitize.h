/* SPDX-License-Identifier: MIT */
/* sanitize.h: the one gate between text we did not write and a terminal.
 *
 * Text from content, state files, queries and file names passes here
 * before it reaches a terminal or a pipe (--list, --search, --show,
 * --checklist, --cases, exports, diagnostics; the browser draws through
 * the same rule in display.c).  What would act on a terminal is shown as
 * a visible stand-in instead of being obeyed:
 *
 *   C0 controls (but tab and newline where the output keeps them) and
 *   DEL                          caret notation: ESC -> "^[", DEL -> "^?"
 *   C1 controls U+0080..U+009F (CSI U+009B, OSC U+009D ...), bidi
 *   overrides and isolates U+202A..U+202E and U+2066..U+2069, surrogates,
 *   bytes that are not UTF-8     U+FFFD ("?" in ASCII mode)
 *
 * Everything else passes unchanged, so sanitising clean text is a copy. */
#ifndef ENROLLKB_SANITIZE_H
#define ENROLLKB_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "strbuf.h"

enum {
	SAN_KEEP_NL  = 1 << 0,   /* newline passes (multi-line output) */
	SAN_KEEP_TAB = 1 << 1,   /* tab passes (TSV output, code) */
	SAN_ASCII    = 1 << 2    /* "?" instead of U+FFFD */
};

/* True for a code point that must never reach a terminal raw: C0/C1
 * controls, DEL, bidi overrides and isolates, surrogates and values past
 * U+10FFFF. */
bool sanitize_is_unsafe(uint32_t cp);
/* Appends the n bytes at s to sb, sanitised. */
void sanitize_append(struct strbuf *sb, const char *s, size_t n, unsigned flags);
/* s sanitised, malloc'd. */
char *sanitize_dup(const char *s, unsigned flags);
/* Writes s sanitised to fp; returns fputs's result. */
int sanitize_fputs(const char *s, FILE *fp, unsigned flags);
/* The first unsafe character in the n bytes at s (newline and tab count as
 * safe): its offset in *at and code point in *cp (U+FFFD for a byte that
 * is not UTF-8).  False when there is none. */
bool sanitize_find(const char *s, size_t n, size_t *at, uint32_t *cp);

#endif
