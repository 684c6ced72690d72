/* SPDX-License-Identifier: MIT */
/* pack.h: content packs -- the built-in one and directories holding a
 * .ditamap -- loaded and merged into one knowledge base.
 *
 * Categories merge by name across packs.  Cross-references resolve to a
 * topic file of the same pack first, then to an article of that id in any
 * loaded pack.  A bad topic is reported and skipped; the rest loads.
 *
 * Precedence: packs load in the set's order (the program's: built-in,
 * system, user, --content) and a later pack's article replaces an earlier
 * pack's article of the same id -- in its place in every category, as the
 * target of links to it -- with a DIAG_NOTE naming both files; the
 * replaced one stays reachable through kb_article.replaces.  Two articles
 * of one id in the same pack are an error (the first stays).  A directory
 * given twice loads once. */
#ifndef ENROLLKB_PACK_H
#define ENROLLKB_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "kb.h"

/* A file embedded in the binary (see tools/embed.c, builtin.h). */
struct pack_file {
	const char *name;       /* path relative to the pack root, e.g. "enrollkb.ditamap" */
	const char *data;
	size_t len;
};

struct pack_set {
	const struct pack_file *builtin;  /* NULL: no built-in pack */
	size_t nbuiltin;
	const char *const *dirs;          /* extra pack directories, in order */
	size_t ndirs;
};

/* ---- Limits ------------------------------------------------------------
 *
 * A pack may come from anyone: beyond these, a diagnostic names the limit
 * and the rest of the pack loads (or what was found within them). */
#define PACK_MAX_FILE_SIZE (4u << 20)  /* bytes of one map or topic file */
#define PACK_MAX_FILES 50000           /* topic and map files in one pack */
#define PACK_MAX_DEPTH 32              /* directory levels below the pack's */

/* ---- Loading ----------------------------------------------------------- */

/* Loads every pack of the set into a new kb (never NULL) and calls
 * kb_finish.  Diagnostics go to dl. */
struct kb *pack_load(const struct pack_set *set, struct diag_list *dl);

/* ---- What a load read -------------------------------------------------- */

/* For a cache of a load's result (index_cache.c): every pack file the load
 * opened or tried to open (maps and topics; the built-in pack's files are
 * not listed, the binary holds them) and every pack directory it listed,
 * with what stat said before reading and a hash of what was read. */
enum pack_source_kind {
	PACK_SOURCE_FILE = 1,       /* read: hash of its bytes */
	PACK_SOURCE_DIR = 2,        /* listed: hash of the names in it */
	PACK_SOURCE_UNREADABLE = 3, /* stat worked, reading did not */
	PACK_SOURCE_MISSING = 4     /* stat failed: its creation is a change */
};

/* Fixed-size integers only, so an array of these can be saved as is. */
struct pack_stat {
	uint64_t size;
	uint64_t mtime_ns, ctime_ns;   /* since the epoch */
	uint64_t ino, dev;
	uint64_t hash;                 /* hash_xxh64 (hash.h), seed 0 */
	uint32_t kind;                 /* enum pack_source_kind */
	uint32_t reserved;             /* 0 */
};

struct pack_source {
	char *path;                    /* as opened: pack dir "/" relative path */
	struct pack_stat st;
};

struct pack_sources {
	struct pack_source *v;
	size_t n, cap;
};

#define PACK_SOURCES_INIT { NULL, 0, 0 }

/* pack_load that also appends to src (when not NULL) what it read. */
struct kb *pack_load_traced(const struct pack_set *set, struct diag_list *dl,
			    struct pack_sources *src);
void pack_sources_free(struct pack_sources *src);

/* True when what st records of path still holds: stat gives the same
 * kind, size, times, inode and device (or still fails for a missing one).
 * Times are only trusted when mtime is before trust_before_ns: a file
 * written in the same clock tick as it was read can keep its times, so
 * a newer one is read again (a directory listed again) and its hash
 * compared. */
bool pack_source_unchanged(const char *path, const struct pack_stat *st,
			   int64_t trust_before_ns);

/* ---- User and system packs ----------------------------------------------- */

/* Pack directories found under $XDG_DATA_HOME/enrollkb/packs/ (default
 * ~/.local/share/enrollkb/packs/): each subdirectory, in name order.
 * Returns the count; *dirs is a malloc'd array of malloc'd strings. */
size_t pack_user_dirs(char ***dirs);
/* System-wide pack directories: the subdirectories of each
 * $XDG_DATA_DIRS/enrollkb/packs/ (default /usr/local/share:/usr/share),
 * in load order: the last-listed base first, so that the first (the most
 * important, per the XDG spec) wins; name order within a base.  Same
 * return as pack_user_dirs. */
size_t pack_system_dirs(char ***dirs);
void pack_dirs_free(char **dirs, size_t n);

/* For restricted mode: dir with every symlink resolved (malloc'd, the
 * path to load it by) when that lies inside a system pack directory,
 * $XDG_DATA_DIRS/enrollkb/packs (fs_xdg_data_dirs); else NULL. */
char *pack_system_realpath(const char *dir);

#endif
