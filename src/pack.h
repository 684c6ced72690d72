/* pack.h: content packs -- the built-in one and directories holding a
 * .ditamap -- loaded and merged into one knowledge base.
 *
 * Categories merge by name across packs.  Cross-references resolve to a
 * topic file of the same pack first, then to an article of that id in any
 * loaded pack.  A bad topic is reported and skipped; the rest loads. */
#ifndef ENROLLKB_PACK_H
#define ENROLLKB_PACK_H

#include <stddef.h>

#include "diag.h"
#include "kb.h"

/* A file embedded in the binary (see src/embed.c, builtin.h). */
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

/* Loads every pack of the set into a new kb (never NULL) and calls
 * kb_finish.  Diagnostics go to dl. */
struct kb *pack_load(const struct pack_set *set, struct diag_list *dl);

/* Pack directories found under $XDG_DATA_HOME/enrollkb/packs/ (default
 * ~/.local/share/enrollkb/packs/): each subdirectory, in name order.
 * Returns the count; *dirs is a malloc'd array of malloc'd strings. */
size_t pack_user_dirs(char ***dirs);
void pack_dirs_free(char **dirs, size_t n);

#endif
