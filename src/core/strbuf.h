/* SPDX-License-Identifier: MIT */
/* strbuf.h: a growable, always NUL-terminated byte string. */
#ifndef ENROLLKB_STRBUF_H
#define ENROLLKB_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *s;      /* NUL-terminated once anything was added; may be NULL before */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
void sb_truncate(struct strbuf *sb, size_t len);
/* The contents, never NULL ("" when empty). */
const char *sb_str(const struct strbuf *sb);
/* Hands the buffer to the caller (never NULL) and resets sb. */
char *sb_detach(struct strbuf *sb);
void sb_free(struct strbuf *sb);

#endif
