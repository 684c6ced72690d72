/* SPDX-License-Identifier: MIT */
/* utf8.c: UTF-8 helpers on top of libxml2's decoder and the C.UTF-8
 * locale's wcwidth(). */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <wchar.h>

#include <libxml/xmlstring.h>

#include "utf8.h"

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	int len = n > 4 ? 4 : (int)n;
	int c = xmlGetUTF8Char((const unsigned char *)s, &len);

	if (c < 0 || len <= 0) {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	*cp = (uint32_t)c;
	return (size_t)len;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = UTF8_REPLACEMENT;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int utf8_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

/* wcwidth() answers according to LC_CTYPE; ask a private C.UTF-8 locale
 * so widths do not depend on the user's (or CI's missing) locale. */
static locale_t utf8_locale(void)
{
	static locale_t loc;
	static int tried;

	if (!tried) {
		tried = 1;
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	return loc;
}

int utf8_cp_width(uint32_t cp)
{
	locale_t loc, old;
	int w;

	if (utf8_is_control(cp))
		return 0;
	if (cp < 0x7F)
		return 1;
	loc = utf8_locale();
	if (loc == (locale_t)0)
		return 1;
	old = uselocale(loc);
	w = wcwidth((wchar_t)cp);
	uselocale(old);
	return w < 0 ? 1 : w;
}

/* ---- Latin letters in ASCII -------------------------------------------- */

/* U+00C0..U+017F, 16 a row; '*' is no letter, a digit a ligature below. */
static const char latin_base[] =
	"AAAAAA1CEEEEIIII" "DNOOOOO*OUUUUY35"   /* C0 */
	"aaaaaa2ceeeeiiii" "dnooooo*ouuuuy4y"   /* E0 */
	"AaAaAaCcCcCcCcDd" "DdEeEeEeEeEeGgGg"   /* 100 */
	"GgGgHhHhIiIiIiIi" "Ii67JjKkkLlLlLlL"   /* 120 */
	"lLlNnNnNnnNnOoOo" "Oo89RrRrRrSsSsSs"   /* 140 */
	"SsTtTtTtUuUuUuUu" "UuUuWwYyYZzZzZzs";  /* 160 */

static const char *const ligature[] = {
	NULL, "AE", "ae", "TH", "th", "ss", "IJ", "ij", "OE", "oe"
};

size_t utf8_latin_ascii(uint32_t cp, char out[2])
{
	char c;

	if (cp < 0xC0 || cp > 0x17F)
		return 0;
	c = latin_base[cp - 0xC0];
	if (c == '*')
		return 0;
	if (c >= '1' && c <= '9') {
		memcpy(out, ligature[c - '0'], 2);
		return 2;
	}
	out[0] = c;
	return 1;
}

/* ---- Measuring text ---------------------------------------------------- */

/* Columns of the code point at s (n > 0 bytes), whose length goes to *len. */
static size_t columns_at(const char *s, size_t n, utf8_width_fn *cp_width,
			 size_t *len)
{
	uint32_t cp;
	int w;

	if ((unsigned char)*s < 0x80) {
		*len = 1;
		return 1;
	}
	*len = utf8_decode(s, n, &cp);
	w = (cp_width ? cp_width : utf8_cp_width)(cp);
	return w > 0 ? (size_t)w : 0;
}

size_t utf8_width_by(const char *s, size_t n, utf8_width_fn *cp_width)
{
	size_t w = 0, i = 0, len;

	while (i < n) {
		w += columns_at(s + i, n - i, cp_width, &len);
		i += len;
	}
	return w;
}

size_t utf8_width(const char *s, size_t n)
{
	return utf8_width_by(s, n, NULL);
}

size_t utf8_fit(const char *s, size_t n, size_t cols, utf8_width_fn *cp_width,
		size_t *used)
{
	size_t w = 0, i = 0, len;

	while (i < n) {
		size_t cw = columns_at(s + i, n - i, cp_width, &len);

		if (w + cw > cols)
			break;
		w += cw;
		i += len;
	}
	if (used)
		*used = w;
	return i;
}

size_t utf8_fit_tail(const char *s, size_t n, size_t cols, utf8_width_fn *cp_width,
		     size_t *used)
{
	size_t w = utf8_width_by(s, n, cp_width), i = 0, len;

	/* Two passes over the text, never one per start tried: a prompt
	 * holding a pasted page is measured on every redraw. */
	while (i < n && w > cols) {
		w -= columns_at(s + i, n - i, cp_width, &len);
		i += len;
	}
	/* A mark whose base was cut off goes with it. */
	while (i < n && columns_at(s + i, n - i, cp_width, &len) == 0)
		i += len;
	if (used)
		*used = w;
	return i;
}
