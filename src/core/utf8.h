/* SPDX-License-Identifier: MIT */
/* utf8.h: UTF-8 decoding and terminal display width, independent of the
 * process locale (content is always UTF-8; CI runs with no LANG at all). */
#ifndef ENROLLKB_UTF8_H
#define ENROLLKB_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/* Decodes the code point at s (n > 0 bytes available).  Returns the bytes
 * consumed (1..4); an invalid or truncated sequence consumes 1 byte and
 * yields U+FFFD. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Writes cp as UTF-8 into out, returns the length (1..4). */
size_t utf8_encode(uint32_t cp, char out[4]);
/* Columns cp takes on a terminal: 0 (combining, control), 1 or 2 (wide). */
int utf8_cp_width(uint32_t cp);

/* The ASCII spelling of a Latin letter of U+00C0..U+017F (Latin-1 and
 * Latin Extended-A), case kept, into out (no NUL): "E" for U+00C9, "ss"
 * for U+00DF, "OE" for U+0152, "TH" for U+00DE.  Returns its length, 1 or
 * 2; 0 for any other code point (U+00D7 and U+00F7 are no letters).
 * Search folds with it; the TUI draws with it on a terminal that is not
 * UTF-8. */
size_t utf8_latin_ascii(uint32_t cp, char out[2]);

/* ---- Measuring text -------------------------------------------------------
 *
 * The one loop over text in display columns.  An ASCII byte takes one
 * column (text measured here is sanitised: a control byte left in it is
 * drawn as one visible character); any other code point what cp_width
 * says.  The TUI passes its own cp_width, which knows what the terminal
 * will draw; NULL is utf8_cp_width. */

typedef int utf8_width_fn(uint32_t cp);

/* Columns the n bytes at s take. */
size_t utf8_width_by(const char *s, size_t n, utf8_width_fn *cp_width);
/* utf8_width_by with utf8_cp_width. */
size_t utf8_width(const char *s, size_t n);
/* Bytes of the longest prefix of s that fits in cols columns: whole code
 * points, and a zero-width one stays with the one before it.  *used (when
 * not NULL) gets the columns the prefix takes. */
size_t utf8_fit(const char *s, size_t n, size_t cols, utf8_width_fn *cp_width,
		size_t *used);
/* Byte offset where the longest suffix of s that fits in cols columns
 * starts (whole code points, no zero-width one first): what a one-line
 * prompt shows left of its cursor.  Linear in n.  *used (when not NULL)
 * gets the columns the suffix takes. */
size_t utf8_fit_tail(const char *s, size_t n, size_t cols,
		     utf8_width_fn *cp_width, size_t *used);
/* True for C0/C1 control characters and DEL, which must never reach a
 * terminal raw. */
int utf8_is_control(uint32_t cp);

#endif
