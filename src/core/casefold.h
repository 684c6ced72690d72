/* SPDX-License-Identifier: MIT */
/* casefold.h: case-insensitive matching over UTF-8 text, for finding in
 * an article and filtering case names.
 *
 * Case is folded one code point at a time with glibc's simple mappings,
 * towlower(towupper(c)), for every character glibc's Unicode tables know:
 * "ÉCHEC" finds "échec", "ΣΟΦΟΣ" finds "σοφος" and "σοφοσ", the Kelvin sign
 * finds "k".  Mappings that change the number of characters ("ß" and "SS")
 * are not made.  The tables are those of the C.UTF-8 locale whatever the
 * process's locale is (content is always UTF-8; CI runs with no LANG),
 * falling back to the process's own when C.UTF-8 is missing. */
#ifndef ENROLLKB_CASEFOLD_H
#define ENROLLKB_CASEFOLD_H

#include <stddef.h>
#include <stdint.h>

#include "search.h"

/* cp with its case folded. */
uint32_t casefold_cp(uint32_t cp);

/* A pattern, decoded and folded once for many texts. */
struct casefold_pattern;

/* NULL for an empty pattern (it matches nothing). */
struct casefold_pattern *casefold_compile(const char *pattern);
void casefold_free(struct casefold_pattern *p);
/* The non-overlapping matches of p in the len bytes at text, left to right,
 * as byte ranges of text (a match may be longer or shorter in bytes than
 * the pattern: "İ" is two bytes, the "i" it finds one).  *out is malloc'd
 * (NULL when there is none); returns the count. */
size_t casefold_matches(const struct casefold_pattern *p, const char *text,
			size_t len, struct search_match **out);
/* Whether needle occurs in haystack, case folded ("" occurs everywhere). */
int casefold_contains(const char *haystack, const char *needle);

#endif
