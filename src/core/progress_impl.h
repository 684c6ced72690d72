/* SPDX-License-Identifier: MIT */
/* progress_impl.h: the checklist store's private parts, shared by its
 * files.  Callers use progress.h; the state file format is documented at
 * the top of progress.c.
 *
 *   progress.c         the store: open, get/set/reset, merge and save
 *   progress_keys.c    step keys (hashes of step text) and the entry table
 *   progress_format.c  the state file's text: parsing, writing, escaping,
 *                      times, case-name encoding
 *   progress_file.c    the files on disk: reading, locking, setting aside,
 *                      atomic writing, listing cases
 *   progress_case.c    a case as a whole: articles worked in, progress,
 *                      deleting
 *   progress_export.c  the Markdown export */
#ifndef ENROLLKB_PROGRESS_IMPL_H
#define ENROLLKB_PROGRESS_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

#include "diag.h"
#include "hashtab.h"
#include "kb.h"
#include "progress.h"
#include "strbuf.h"

#define NONE ((size_t)-1)
#define FORMAT_VERSION 1u
#define MAGIC "# enrollkb checklist "
#define CASE_PREFIX "# case: "
#define DEFAULT_CASE "default"
/* "%016" PRIx64 "-" and a size_t, with room to spare. */
#define KEY_MAX 48

struct entry {
	char *article;
	char *key;
	char *note;          /* NULL = none */
	time_t done;         /* 0 = not done */
	time_t changed;
	unsigned dirty;      /* DIRTY_*: what this process changed since the
	                      * last load or save */
};

enum {
	DIRTY_DONE = 1,
	DIRTY_NOTE = 2
};

/* Entries in file order, with a hash table over them. */
struct entries {
	struct entry *v;
	size_t n, cap;
	struct hash_table index;   /* by (article, key) */
};

struct reset {
	char *article;
	time_t at;
};

struct progress {
	char *name;
	char *dir;           /* DIR/cases; NULL without a state directory */
	char *path;          /* dir/NAME */
	char *lock_path;
	char *tmp_path;
	int lock_fd;
	unsigned lock_wait_ms;   /* how long a save waits for the lock */
	bool persistent;
	bool dirty;          /* some entry is dirty */
	struct entries e;
	struct reset *resets;   /* articles reset since the last save */
	size_t nresets, resets_cap;
};

/* ---- Hashing, step keys, entries (progress_keys.c) ------------------------ */

/* The FNV-1a hash (hash.h) of t's text with whitespace and control bytes
 * collapsed to single spaces and trimmed; that text is also appended to
 * out when out is not NULL.  Step keys depend on it: it never changes. */
uint64_t progress_text_norm(const struct kb_text *t, struct strbuf *out);
/* The key of s (without the article id) into buf. */
void progress_key(const struct kb_article *a, const struct kb_step *s,
		  char buf[KEY_MAX]);
/* Keys of all of a->steps at once (hashing each step once); free() it. */
char (*progress_article_keys(const struct kb_article *a))[KEY_MAX];
/* The key of s, from keys when s is in the flat list, else made in buf. */
const char *progress_key_of(const struct kb_article *a, const struct kb_step *s,
			    char (*keys)[KEY_MAX], char buf[KEY_MAX]);

size_t progress_entries_find(const struct entries *es, const char *article,
			     const char *key);
/* Adds e (taking its strings), or replaces the entry with the same article
 * and key.  Returns its index. */
size_t progress_entries_put(struct entries *es, struct entry *e);
void progress_entries_free(struct entries *es);

/* ---- The state file's text (progress_format.c) ----------------------------- */

enum load_status {
	LOAD_OK,
	LOAD_MISSING,
	LOAD_UNREADABLE,   /* .err */
	LOAD_CORRUPT,      /* .line, .why */
	LOAD_NEWER,        /* .version */
	LOAD_OTHER_CASE    /* .file_case */
};

struct load_info {
	enum load_status status;
	int err;
	mode_t mode;           /* with .err: what the file is, 0 if unknown */
	unsigned line;
	const char *why;       /* untranslated, N_() */
	unsigned long version;
	char *file_case;       /* the "# case:" name, when there was one */
};

/* One line of text: tabs, newlines and other whitespace controls become
 * spaces, other control characters (C0, DEL, C1) are dropped, invalid
 * UTF-8 becomes U+FFFD, leading and trailing spaces go; malloc'd. */
char *progress_one_line(const char *s);
/* Characters a case file name (possibly a shortened one) is made of. */
bool progress_case_file_like(const char *fn);
/* Parses a state file's bytes into out.  want_case NULL: any case. */
enum load_status progress_parse_state(const char *buf, size_t len,
				      const char *want_case, struct entries *out,
				      struct load_info *info);
/* The state file's text for p's entries, grouped by article. */
void progress_format_state(const struct progress *p, struct strbuf *sb);

/* ---- The files on disk (progress_file.c) ----------------------------------- */

/* Reads path into out (which must be empty).  want_case NULL: any case. */
enum load_status progress_load_file(const char *path, const char *want_case,
				    struct entries *out, struct load_info *info);
/* Takes the case's lock, waiting at most wait_ms for another process to
 * let it go (the wait hook hears of it once).  False with errno: EAGAIN
 * when it stayed held. */
bool progress_lock(struct progress *p, unsigned wait_ms);
void progress_unlock(struct progress *p);
/* Whether the state directory dir (and its cases/, when there is one) may
 * hold checklists: ours and writable by nobody else.  If not, one warning
 * in dl (when not NULL) says why. */
bool progress_dir_private(const char *dir, struct diag_list *dl);
/* Moves a file that could not be parsed to NAME.corrupt-<time>[-N],
 * never replacing anything.  Returns the new name (malloc'd) or NULL. */
char *progress_move_aside(const char *path);
/* tmp, fsync, rename, fsync the directory.  On failure *what names the
 * file concerned and errno says why. */
bool progress_write_state(const struct progress *p, const char **what);
/* Calls fn with each case in dir/cases: its name (taken by fn) and its
 * entries (empty when the file could not be read, which is a warning in
 * dl).  Returns the count. */
typedef void (*progress_case_fn)(void *ctx, char *name, const struct entries *es);
size_t progress_walk_cases(const char *dir, progress_case_fn fn, void *ctx,
			   struct diag_list *dl);
/* Appends to the list v of n (of cap) the case name (taken) with the
 * last change in es; returns it. */
struct progress_case *progress_case_add(struct progress_case **v, size_t *n,
					size_t *cap, char *name, const struct entries *es);
/* Calls the test hook (progress_set_test_hook), if any. */
void progress_hook(const char *stage);

/* ---- A case as a whole (progress_case.c) ---------------------------------- */

/* An article worked in: an entry of it has a tick or a note. */
struct progress_worked {
	const char *article;   /* points into the entries */
	time_t first;          /* its earliest tick (or note, when not ticked) */
	time_t last;           /* its last change */
};

/* The articles worked in, in the order they were worked (by first, then
 * id); *out is malloc'd and valid while es is unchanged. */
size_t progress_worked(const struct entries *es, struct progress_worked **out);

/* ---- The store (progress.c) ------------------------------------------------ */

/* The entry for (article, key), or NULL. */
struct entry *progress_find(const struct progress *p, const char *article,
			    const char *key);

#endif
