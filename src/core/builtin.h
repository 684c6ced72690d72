/* SPDX-License-Identifier: MIT */
/* builtin.h: the shipped content pack, embedded by tools/embed at build time
 * into builtin_content.c, and its search index, built by tools/mkindex at
 * build time into builtin_index.c. */
#ifndef ENROLLKB_BUILTIN_H
#define ENROLLKB_BUILTIN_H

#include <stddef.h>
#include <stdint.h>

#include "pack.h"
#include "search.h"

/* ---- The pack's files (builtin_content.c, by tools/embed) -------------- */

extern const struct pack_file builtin_pack[];
extern const size_t builtin_pack_count;
/* FNV-1a (hash.h) of the names and bytes above: tells one built-in pack
 * from another (the index cache keys on it). */
extern const uint64_t builtin_pack_id;

/* ---- Its index and map data (builtin_index.c, by tools/mkindex) -------- */

/* What search_index_build gives for the built-in pack alone (it loads
 * with no diagnostics, or the build fails), as sections in the program's
 * read-only data, in search_index_format() builtin_index_format.  Only
 * programs that link builtin_index.c may use these. */
extern const struct search_index_section builtin_index_sections[SEARCH_INDEX_SECTIONS];
extern const unsigned builtin_index_format;
/* The built-in map's title, version and date ("" when it has none). */
extern const char builtin_pack_title[];
extern const char builtin_pack_version[];
extern const char builtin_pack_date[];

/* The embedded index, used in place (search_index_free() it); NULL when
 * it was made in another index format or does not check out, and the
 * caller must load and build as usual. */
static inline struct search_index *builtin_index(void)
{
	if (builtin_index_format != search_index_format())
		return NULL;
	return search_index_from_sections(builtin_index_sections);
}

#endif
