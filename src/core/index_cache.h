/* SPDX-License-Identifier: MIT */
/* index_cache.h: the on-disk cache that lets --search answer without
 * parsing any pack.
 *
 * After a normal load, the search index, everything --search prints (per
 * article: id, title, first category -- all inside the index) and the
 * load's diagnostics are saved to one file per pack set under
 * $XDG_CACHE_HOME/enrollkb/ (default ~/.cache/enrollkb/), written to a
 * temporary file in the same directory and renamed into place.  The next
 * --search with the same pack set maps that file and uses the index in
 * place.
 *
 * The file is never trusted blindly.  It is used only when all of these
 * hold, else it is ignored (and the caller loads normally and saves anew):
 *  - magic, byte order, file format, and the exact identity it was made
 *    for: the program (version and build id), the index format, the
 *    built-in pack's id, the pack directories in order (and the working
 *    directory when one of them is relative), the message language;
 *  - every file the load read and every directory it listed still stats
 *    the same (kind, size, mtime and ctime in ns, inode, device), a file
 *    that could not be read still cannot, and anything modified too close
 *    to the load for its times to tell (same clock tick) still hashes the
 *    same;
 *  - every section lies inside the file, 8-byte aligned, with zero padding,
 *    and matches its checksum; the header matches its own;
 *  - the index's records are consistent (search_index_from_sections).
 * Failing to create, write or rename is silent: a --search never fails
 * because of the cache.  ENROLLKB_NO_CACHE=1 turns it off. */
#ifndef ENROLLKB_INDEX_CACHE_H
#define ENROLLKB_INDEX_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "pack.h"
#include "search.h"

/* Bumped when the file layout changes. */
#define INDEX_CACHE_FORMAT 2
/* The file starts with the magic "ENRLKBIX" (8 bytes), a 64-bit header
 * checksum, a 32-bit byte-order mark and the 32-bit INDEX_CACHE_FORMAT,
 * at this offset. */
#define INDEX_CACHE_FORMAT_OFFSET 20

/* What a cache is for. */
struct index_cache_key {
	const struct pack_set *set;
	uint64_t builtin_id;        /* of set->builtin: builtin_pack_id */
	const char *program;        /* NULL: this program, version and build */
};

struct index_cache;

/* The cache file's path for key, or NULL when caching is off
 * (ENROLLKB_NO_CACHE set and not "" or "0") or no absolute cache
 * directory can be named.  Creates nothing. */
char *index_cache_path(const struct index_cache_key *key);

/* Maps the cache at path when it is valid for key (see above); NULL when
 * it is missing, damaged or stale.  Prints nothing. */
struct index_cache *index_cache_open(const char *path,
				     const struct index_cache_key *key);
/* Valid until index_cache_close(). */
const struct search_index *index_cache_index(const struct index_cache *c);
const struct diag_list *index_cache_diags(const struct index_cache *c);
/* Unmaps c.  When opening had to check some files by content and they
 * are now old enough for their times to tell, the file is first rewritten
 * to say so (atomically, silently), so later opens only stat them. */
void index_cache_close(struct index_cache *c);

/* The clock index_cache_save wants: CLOCK_REALTIME in ns. */
int64_t index_cache_now(void);

/* Saves the result of one load: its index, its diagnostics and what it
 * read (pack_load_traced), load_start_ns being index_cache_now() taken
 * before the load began.  Creates the directory (mode 0700) as needed.
 * false when anything failed; nothing is left behind then. */
bool index_cache_save(const char *path, const struct index_cache_key *key,
		      const struct search_index *idx, const struct diag_list *dl,
		      const struct pack_sources *src, int64_t load_start_ns);

#endif
