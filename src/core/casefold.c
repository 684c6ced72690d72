/* SPDX-License-Identifier: MIT */
/* casefold.c: case-insensitive matching over UTF-8 (see casefold.h). */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "casefold.h"
#include "utf8.h"
#include "xalloc.h"

struct casefold_pattern {
	uint32_t *cp;             /* folded code points */
	size_t n;
};

/* The C.UTF-8 tables, made once; (locale_t)0 when the system has none
 * (then the process's locale decides, as towlower() does). */
static locale_t utf8_locale(void)
{
	static int tried;
	static locale_t loc;

	if (!tried) {
		tried = 1;
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	return loc;
}

uint32_t casefold_cp(uint32_t cp)
{
	locale_t loc;

	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
	if (cp > 0x10FFFF)
		return cp;
	/* Through the upper case first: final and medial sigma, the long s
	 * and the Kelvin sign all come back as one small letter. */
	loc = utf8_locale();
	if (loc)
		return (uint32_t)towlower_l(towupper_l((wint_t)cp, loc), loc);
	return (uint32_t)towlower(towupper((wint_t)cp));
}

struct casefold_pattern *casefold_compile(const char *pattern)
{
	size_t len = strlen(pattern), i = 0;
	struct casefold_pattern *p;

	if (!len)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->cp = xcalloc(len, sizeof(*p->cp));   /* at most one per byte */
	while (i < len) {
		uint32_t cp;

		i += utf8_decode(pattern + i, len - i, &cp);
		p->cp[p->n++] = casefold_cp(cp);
	}
	return p;
}

void casefold_free(struct casefold_pattern *p)
{
	if (!p)
		return;
	free(p->cp);
	free(p);
}

/* Whether p matches at text[at]; *end gets the byte after the match. */
static int match_at(const struct casefold_pattern *p, const char *text, size_t len,
		    size_t at, size_t *end)
{
	size_t k;

	for (k = 0; k < p->n; k++) {
		uint32_t cp;

		if (at >= len)
			return 0;
		at += utf8_decode(text + at, len - at, &cp);
		if (casefold_cp(cp) != p->cp[k])
			return 0;
	}
	*end = at;
	return 1;
}

size_t casefold_matches(const struct casefold_pattern *p, const char *text,
			size_t len, struct search_match **out)
{
	size_t at = 0, n = 0, cap = 0;

	*out = NULL;
	if (!p)
		return 0;
	while (at < len) {
		size_t end;
		uint32_t cp;

		if (match_at(p, text, len, at, &end)) {
			*out = xgrow(*out, &cap, n + 1, sizeof(**out));
			(*out)[n].off = at;
			(*out)[n].len = end - at;
			n++;
			at = end;
			continue;
		}
		at += utf8_decode(text + at, len - at, &cp);
	}
	return n;
}

int casefold_contains(const char *haystack, const char *needle)
{
	struct casefold_pattern *p = casefold_compile(needle);
	size_t len = strlen(haystack), at = 0, end;
	int found = p == NULL;

	while (!found && at < len) {
		uint32_t cp;

		found = match_at(p, haystack, len, at, &end);
		at += utf8_decode(haystack + at, len - at, &cp);
	}
	casefold_free(p);
	return found;
}
