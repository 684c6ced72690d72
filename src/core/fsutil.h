/* SPDX-License-Identifier: MIT */
/* fsutil.h: files and directories -- reading a whole file, writing all of
 * a buffer, replacing a file atomically, mkdir -p, the XDG base
 * directories and the working directory; opening a file that may have
 * been planted (a pack's file that must stay inside the pack, a state
 * file that must be the user's own regular file) and checking that a
 * directory is private.
 *
 * Failures return false or NULL with errno set; the caller says which
 * file and why (diag.h). */
#ifndef ENROLLKB_FSUTIL_H
#define ENROLLKB_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/* ---- Reading and writing ----------------------------------------------- */

/* The whole regular file at path, malloc'd and NUL-terminated (not
 * counted in *len).  st, when not NULL, gets what fstat said before
 * reading.  Anything but a regular file fails (EISDIR for a directory,
 * EINVAL otherwise: a FIFO would block). */
char *fs_read_file(const char *path, size_t *len, struct stat *st);
/* Writes all n bytes (short writes and EINTR are retried). */
bool fs_write_all(int fd, const void *data, size_t n);

/* ---- Files that may have been planted --------------------------------------
 *
 * A FIFO would block an open or a read for ever, a device never end, a
 * symlink lead anywhere.  These open with O_NONBLOCK and O_NOCTTY, and
 * only ever hand back a regular file. */

/* The whole regular file open at fd (not closed), malloc'd and
 * NUL-terminated, like fs_read_file: at most max bytes (EFBIG beyond).
 * st (when not NULL) gets what fstat said, also when the file is refused
 * for not being a regular file (EISDIR, EINVAL). */
char *fs_read_fd(int fd, size_t max, size_t *len, struct stat *st);
/* Opens rel, a relative path, under the directory open at dirfd for
 * reading, never reaching a file outside it: each component is opened
 * without following a symlink, and a symlink met on the way is followed
 * by hand only while it stays beneath dirfd.  Fails with EXDEV when the
 * path leaves (an absolute path or symlink, a ".." above dirfd), ELOOP
 * after 40 symlinks.  The file may be of any type: read it with
 * fs_read_fd. */
int fs_open_beneath(int dirfd, const char *rel);
/* open(2) of one of the user's own files (state, lock, note, export):
 * never through a symlink in its last component (ELOOP) and only a
 * regular file (EISDIR or EINVAL otherwise, *st says what it is when st
 * is not NULL).  flags are open(2)'s; O_CREAT creates with mode. */
int fs_open_regular(const char *path, int flags, mode_t mode, struct stat *st);
/* Why a file could not be used, for a message: "it is a FIFO, not a
 * regular file", "it is a symbolic link (not followed)", else
 * strerror(err).  mode: the st_mode fstat gave, or 0 when unknown. */
const char *fs_strerror(int err, mode_t mode);

/* ---- Replacing a file atomically ------------------------------------------
 *
 * Written to a temporary file in the same directory and renamed over the
 * target: a reader sees the old file or the new one, never half of one.
 * Durable: the temporary file is fsynced before the rename and the
 * directory after it, so after a crash the new file is there, whole. */

struct fs_replace {
	const char *path;
	char *tmp;            /* the temporary file (malloc'd) */
	const char *shown;    /* names it in errors: the tmp given, else path */
	int fd;
	bool durable;
	/* Set after fs_replace_begin, called at each later step
	 * ("tmp-written", "tmp-synced", "renamed", "dir-synced"): tests kill
	 * the process there.  May stay NULL. */
	void (*hook)(const char *stage);
	/* After a failure: the file concerned (shown, or path when the rename
	 * failed). */
	const char *failed;
};

/* Starts replacing path with a file of that mode (the caller applies the
 * umask if it wants it).  tmp NULL: a fresh name beside it (mkstemp);
 * else that file, created or truncated (a symlink, FIFO or other file
 * that is not a regular one is removed first, never written through; an
 * existing regular one keeps its mode): the caller makes sure nobody else
 * writes it (a lock). */
bool fs_replace_begin(struct fs_replace *r, const char *path, const char *tmp,
		      mode_t mode, bool durable);
/* On failure call fs_replace_abort. */
bool fs_replace_write(struct fs_replace *r, const void *data, size_t n);
/* Finishes the replacement.  Either way r is released; on failure the
 * temporary file is removed and path left as it was (unless only the
 * directory's fsync failed, which is not reported: some file systems
 * cannot). */
bool fs_replace_commit(struct fs_replace *r);
/* Gives up: removes the temporary file, keeps errno. */
void fs_replace_abort(struct fs_replace *r);
/* All of a replacement at once: path becomes the n bytes at data, a file
 * of that mode, durably.  False with errno set when it could not. */
bool fs_replace_file(const char *path, const void *data, size_t n, mode_t mode);

/* ---- Directories ------------------------------------------------------- */

/* mkdir -p: path and its missing parents, with mode.  True when path is a
 * directory afterwards. */
bool fs_mkdirs(const char *path, mode_t mode);
/* Whether the directory at path is private to this user: */
enum fs_private {
	FS_PRIVATE,           /* ours, writable by nobody else */
	FS_NOT_A_DIR,         /* missing or not a directory (errno says) */
	FS_OTHER_OWNER,       /* owned by another user: st_uid says who */
	FS_SHARED             /* writable by its group or by all */
};
/* st (when not NULL) gets what stat said; symlinks are followed: the user
 * may keep the directory on another disk, and what counts is who owns
 * the directory reached. */
enum fs_private fs_dir_private(const char *path, struct stat *st);
/* The working directory (malloc'd), or NULL. */
char *fs_getcwd(void);

enum fs_xdg {
	FS_XDG_DATA,          /* $XDG_DATA_HOME, ~/.local/share */
	FS_XDG_CACHE,         /* $XDG_CACHE_HOME, ~/.cache */
	FS_XDG_STATE,         /* $XDG_STATE_HOME, ~/.local/state */
	FS_XDG_CONFIG         /* $XDG_CONFIG_HOME, ~/.config */
};

/* rel under the XDG base directory of that kind (malloc'd): the variable
 * when it is an absolute path (the spec says to ignore a relative one),
 * else its default under an absolute $HOME; NULL when neither is. */
char *fs_xdg_path(enum fs_xdg kind, const char *rel);

enum fs_xdg_dirs {
	FS_XDG_DATA_DIRS,     /* $XDG_DATA_DIRS, /usr/local/share:/usr/share */
	FS_XDG_CONFIG_DIRS    /* $XDG_CONFIG_DIRS, /etc/xdg */
};

/* rel under each directory of the list (the variable, or its default when
 * unset or empty; relative entries ignored, a repeated one counted where
 * it comes first), most important first -- what loads last, so that it
 * wins.  Returns the count; *dirs is a malloc'd array of malloc'd strings
 * (fs_xdg_dirs_free). */
size_t fs_xdg_dirs(enum fs_xdg_dirs kind, const char *rel, char ***dirs);
/* fs_xdg_dirs of $XDG_DATA_DIRS. */
size_t fs_xdg_data_dirs(const char *rel, char ***dirs);
void fs_xdg_dirs_free(char **dirs, size_t n);

#endif
