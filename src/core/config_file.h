/* SPDX-License-Identifier: MIT */
/* config_file.h: the browser's config file, parsed into directives.
 *
 * tig-like lines, one directive each:
 *
 *   bind KEYMAP KEY REQUEST          set OPTION = on|off
 *   color LINE-TYPE FG BG [ATTR]...  # a comment, and blank lines
 *
 * This is the curses-free half: the TUI passes in the names that exist
 * (struct config_schema) and applies the directives it gets back.  Names
 * match whatever their case, and '-' is '_' ("move-up" is MOVE_UP).  A
 * bad line becomes an error at file:line and is skipped; the rest of the
 * file still applies.
 *
 * (Not "config.h": that name is autoconf's, and a header beside the
 * sources would shadow it.) */
#ifndef ENROLLKB_CONFIG_FILE_H
#define ENROLLKB_CONFIG_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* ---- Keys ------------------------------------------------------------------ */

/* Keys that are no character; the TUI maps them to curses' KEY_*. */
enum config_fkey {
	CONFIG_KEY_UP = 1,
	CONFIG_KEY_DOWN,
	CONFIG_KEY_LEFT,
	CONFIG_KEY_RIGHT,
	CONFIG_KEY_PGUP,
	CONFIG_KEY_PGDN,
	CONFIG_KEY_HOME,
	CONFIG_KEY_END,
	CONFIG_KEY_BTAB,
	CONFIG_KEY_BACKSPACE,
	CONFIG_KEY_DEL,
	CONFIG_KEY_INS,
	CONFIG_KEY_F0             /* + n: the function key Fn, 1 <= n <= 12 */
};
#define CONFIG_KEY_F(n) (CONFIG_KEY_F0 + (n))

/* fn: code is an enum config_fkey; else a code point (Enter is '\r', C-l
 * is 0x0c, Esc is 27). */
struct config_key {
	uint32_t code;
	bool fn;
};

/* "j", "C-l", "^L", "<Up>", "PgDn", "Space", "F5", "Hash" (#, which would
 * start a comment) ... False when word names no key. */
bool config_parse_key(const char *word, struct config_key *key);
/* The name the config takes and the help shows: "Up", "C-l", "Space",
 * "j"; the name of a key that is no character is a string marked N_()
 * (translate it to show it), the others are written into buf. */
const char *config_key_name(struct config_key key, char buf[8]);

/* on/off, yes/no, true/false, 1/0, whatever the case. */
bool config_parse_bool(const char *word, bool *value);

/* ---- Directives ------------------------------------------------------------ */

/* A table of names, indexed by the caller's enum; NULL entries are
 * skipped. */
struct config_names {
	const char *const *v;
	size_t n;
};

struct config_schema {
	struct config_names keymaps, requests, line_types, options;
};

enum config_kind {
	CONFIG_BIND,
	CONFIG_SET,
	CONFIG_COLOR
};

#define CONFIG_COLOUR_DEFAULT (-1)

enum {
	CONFIG_ATTR_BOLD      = 1 << 0,
	CONFIG_ATTR_UNDERLINE = 1 << 1,
	CONFIG_ATTR_REVERSE   = 1 << 2,
	CONFIG_ATTR_DIM       = 1 << 3,
	CONFIG_ATTR_STANDOUT  = 1 << 4,
	CONFIG_ATTR_ITALIC    = 1 << 5,
	CONFIG_ATTR_BLINK     = 1 << 6
};

/* Indexes are into the schema's tables. */
struct config_directive {
	enum config_kind kind;
	const char *file;         /* owned by the struct config */
	unsigned line;
	union {
		struct {
			size_t keymap;
			struct config_key key;
			size_t request;
		} bind;
		struct {
			size_t option;
			bool on;
		} set;
		struct {
			size_t line_type;
			int fg, bg;       /* CONFIG_COLOUR_DEFAULT or 0..255 */
			unsigned attrs;   /* CONFIG_ATTR_* */
			bool attrs_given; /* any ATTR, "normal" included */
		} color;
	};
};

/* The directives of every file read, in the order read. */
struct config {
	struct config_directive *v;
	size_t n, cap;
	char **files;
	size_t nfiles, files_cap;
};

#define CONFIG_INIT { NULL, 0, 0, NULL, 0, 0 }

/* Parses len bytes of text, the contents of file (which names it in
 * errors): its directives go to cfg, its errors to dl. */
void config_parse(struct config *cfg, const struct config_schema *schema,
		  const char *file, const char *text, size_t len,
		  struct diag_list *dl);
/* config_parse of the file at path.  A file that is not there is no
 * error (false); one that cannot be read is. */
bool config_read(struct config *cfg, const struct config_schema *schema,
		 const char *path, struct diag_list *dl);
/* The user's config file (malloc'd): $ENROLLKB_CONFIG when set and not
 * empty, else $XDG_CONFIG_HOME/enrollkb/config (default ~/.config); NULL
 * when there is no home to put it in. */
char *config_user_path(void);
/* The config files in the order they are read, a later one overriding an
 * earlier one: $XDG_CONFIG_DIRS/enrollkb/config (default /etc/xdg; the
 * first listed last), then, with user, config_user_path.  Returns the
 * count; free *paths with fs_xdg_dirs_free. */
size_t config_paths(bool user, char ***paths);
/* config_read of each of config_paths. */
void config_load(struct config *cfg, const struct config_schema *schema,
		 bool user, struct diag_list *dl);
void config_free(struct config *cfg);

#endif
