/* SPDX-License-Identifier: MIT */
/* pack.c: content packs -> one knowledge base.
 *
 * Owns what is pack-level rather than file-level: finding a pack's maps and
 * topics (the built-in file array or a directory), resolving hrefs inside a
 * pack (and refusing those that leave it), loading each topic file once,
 * merging categories by name, precedence by id (a later pack's article
 * replaces an earlier one's; a pack's own duplicates are errors),
 * unreferenced topics, resolving cross-references once every pack is
 * loaded, and which diagnostics belong to which pack (for --packs).  It
 * also finds the system's and the user's pack directories (XDG).  Parsing the files
 * themselves is dita.c's job.  It can also record what it read (stat data
 * and hashes of files and directory listings) for a cache to check later.
 *
 * A pack may come from anyone, so only regular files inside the pack's
 * directory are read (fsutil.h: fs_open_beneath; a symlink leading out, a
 * FIFO, a device or a directory is refused with the reason), the walk
 * never follows a symlink, and files, their size and their number are
 * bounded (pack.h). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/hash.h>
#include <libxml/uri.h>
#include <libxml/xmlmemory.h>

#include "dita.h"
#include "fsutil.h"
#include "hash.h"
#include "i18n.h"
#include "pack.h"
#include "strbuf.h"
#include "synonyms.h"
#include "xalloc.h"

#define BUILTIN_PREFIX "<builtin>"

/* Values of a pack's topic registry (a libxml2 hash keyed by the
 * pack-relative path): the article index + 2, or REG_FAILED for a file that
 * could not be loaded.  NULL (not found) means never referenced. */
#define REG_FAILED ((void *)(uintptr_t)1)
#define REG_ARTICLE(i) ((void *)(uintptr_t)((i) + 2))
#define REG_INDEX(v) ((size_t)((uintptr_t)(v) - 2))

struct names {
	char **v;
	size_t n, cap;
};

struct pack {
	const char *dir;                  /* NULL: the built-in pack */
	int dirfd;                        /* the pack directory; -1 if none */
	char *prefix;                     /* names files in diagnostics */
	const struct pack_file *files;    /* built-in */
	size_t nfiles;
	xmlHashTablePtr builtin;          /* built-in name -> struct pack_file */
	xmlHashTablePtr topics;           /* the registry, see REG_* */
};

/* Where an xref was found: the pack, the topic's pack-relative path and
 * the map entry (kb->packs) that loaded the topic. */
struct origin {
	size_t pack;
	const char *topic;
	size_t entry;
};

struct loader {
	struct kb *kb;
	struct diag_list *dl;
	struct pack_sources *src;         /* NULL: not recording */
	struct dita_xrefs xrefs;
	struct origin *origins;           /* parallel to xrefs.v */
	size_t origins_cap;
	struct names topic_paths;         /* owns origin.topic strings */
	struct pack *packs;
	size_t npacks;
	size_t first_entry;               /* the current pack's first kb->packs entry */
	struct kb_pack *map;              /* the map being loaded: its counts */
};

static void names_add(struct names *n, char *s)
{
	n->v = xgrow(n->v, &n->cap, n->n + 1, sizeof(*n->v));
	n->v[n->n++] = s;
}

static void names_free(struct names *n)
{
	size_t i;

	for (i = 0; i < n->n; i++)
		free(n->v[i]);
	free(n->v);
	n->v = NULL;
	n->n = n->cap = 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void names_sort(struct names *n)
{
	if (n->n > 1)
		qsort(n->v, n->n, sizeof(*n->v), cmp_str);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls > lx && strcmp(s + ls - lx, suffix) == 0;
}

/* ---- What --packs tells: one entry per map ------------------------------ */

/* Adds the diagnostics dl gained since from to p's counts. */
static void count_diags(struct kb_pack *p, const struct diag_list *dl, size_t from)
{
	for (; from < dl->n; from++)
		if (dl->v[from].severity == DIAG_ERROR)
			p->nerrors++;
		else if (dl->v[from].severity == DIAG_WARNING)
			p->nwarnings++;
}

/* An entry for a map or a pack directory that loaded nothing, holding
 * the diagnostics since from: --packs lists it with its problems. */
static void add_failed_entry(struct loader *L, const char *path, size_t from)
{
	struct kb_pack info;

	memset(&info, 0, sizeof(info));
	info.path = path;
	count_diags(&info, L->dl, from);
	kb_add_pack(L->kb, &info);
}

/* ---- Paths inside a pack ------------------------------------------------ */

/* Joins the segments of a relative path, dropping "." and empty ones and
 * applying "..".  NULL when the path is absolute, empty, or climbs out. */
static char *path_normalize(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	size_t *marks = NULL, nmarks = 0, cap = 0;
	const char *p = path;

	if (*path == '/')
		return NULL;
	while (*p) {
		size_t len = strcspn(p, "/");

		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (nmarks == 0) {
				free(marks);
				sb_free(&sb);
				return NULL;
			}
			sb_truncate(&sb, marks[--nmarks]);
		} else {
			marks = xgrow(marks, &cap, nmarks + 1, sizeof(*marks));
			marks[nmarks++] = sb.len;
			if (sb.len)
				sb_putc(&sb, '/');
			sb_add(&sb, p, len);
		}
		p += len;
		if (*p == '/')
			p++;
	}
	free(marks);
	if (sb.len == 0) {
		sb_free(&sb);
		return NULL;
	}
	return sb_detach(&sb);
}

/* The pack-relative path of the file that href names, written in the pack
 * file base (itself pack-relative); the fragment is dropped.  NULL when
 * href has a scheme or a host, is absolute, or leaves the pack. */
static char *pack_resolve(const char *href, const char *base)
{
	xmlChar *ebase = xmlURIEscapeStr((const xmlChar *)base, (const xmlChar *)"/");
	xmlChar *built;
	xmlURIPtr uri;
	char *path, *res = NULL;

	if (!ebase)
		xalloc_die();
	built = xmlBuildURI((const xmlChar *)href, ebase);
	if (!built) {
		/* Authors write spaces and non-ASCII letters unescaped. */
		xmlChar *ehref = xmlURIEscapeStr((const xmlChar *)href,
						 (const xmlChar *)":/?#[]@!$&'()*+,;=%");

		if (ehref)
			built = xmlBuildURI(ehref, ebase);
		xmlFree(ehref);
	}
	xmlFree(ebase);
	if (!built)
		return NULL;
	uri = xmlParseURIRaw((const char *)built, 1);
	xmlFree(built);
	if (!uri)
		return NULL;
	if (!uri->scheme && !uri->server && uri->path && *uri->path) {
		path = xmlURIUnescapeString(uri->path, 0, NULL);
		if (path) {
			res = path_normalize(path);
			xmlFree(path);
		}
	}
	xmlFreeURI(uri);
	return res;
}

/* The file name of href without its extension: the id an xref to another
 * pack's topic is expected to match. */
static char *href_stem(const char *href)
{
	char *u = xmlURIUnescapeString(href, 0, NULL);
	const char *base;
	char *stem, *dot;

	if (!u)
		return xstrdup(href);
	base = strrchr(u, '/');
	base = base ? base + 1 : u;
	stem = xstrdup(base);
	xmlFree(u);
	dot = strrchr(stem, '.');
	if (dot && dot != stem)
		*dot = '\0';
	return stem;
}

/* ---- What a load read ---------------------------------------------------- */

static uint64_t ts_ns(const struct timespec *t)
{
	return (uint64_t)t->tv_sec * 1000000000u + (uint64_t)t->tv_nsec;
}

static void stat_fill(struct pack_stat *ps, const struct stat *st, uint32_t kind)
{
	memset(ps, 0, sizeof(*ps));
	ps->kind = kind;
	ps->size = (uint64_t)st->st_size;
	ps->mtime_ns = ts_ns(&st->st_mtim);
	ps->ctime_ns = ts_ns(&st->st_ctim);
	ps->ino = (uint64_t)st->st_ino;
	ps->dev = (uint64_t)st->st_dev;
}

static struct pack_stat *source_add(struct pack_sources *src, const char *path)
{
	struct pack_source *s;

	src->v = xgrow(src->v, &src->cap, src->n + 1, sizeof(*src->v));
	s = &src->v[src->n++];
	s->path = xstrdup(path);
	memset(&s->st, 0, sizeof(s->st));
	s->st.kind = PACK_SOURCE_MISSING;
	return &s->st;
}

/* A file that could not be read: what stat says of it, if anything. */
static void source_failed(struct pack_stat *ps, const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0)
		stat_fill(ps, &st, PACK_SOURCE_UNREADABLE);
}

/* The names a directory listing yields, in any order: a sum of their
 * hashes.  Hidden entries are left out, as walk() leaves them out. */
static void names_hash_add(uint64_t *h, const char *name)
{
	if (name[0] != '.')
		*h += hash_xxh64(name, strlen(name), 0x656e726f6c6c6b62ULL);
}

void pack_sources_free(struct pack_sources *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		free(src->v[i].path);
	free(src->v);
	src->v = NULL;
	src->n = src->cap = 0;
}

static bool file_hash_is(const char *path, uint64_t want);
static bool dir_hash_is(const char *path, uint64_t want);

bool pack_source_unchanged(const char *path, const struct pack_stat *st,
			   int64_t trust_before_ns)
{
	struct pack_stat now;
	struct stat sb;

	if (stat(path, &sb) != 0)
		return st->kind == PACK_SOURCE_MISSING;
	if (st->kind == PACK_SOURCE_MISSING)
		return false;
	stat_fill(&now, &sb, S_ISDIR(sb.st_mode) ? PACK_SOURCE_DIR : PACK_SOURCE_FILE);
	if (st->kind != PACK_SOURCE_UNREADABLE && now.kind != st->kind)
		return false;
	if (now.size != st->size || now.mtime_ns != st->mtime_ns ||
	    now.ctime_ns != st->ctime_ns || now.ino != st->ino || now.dev != st->dev)
		return false;
	if ((int64_t)st->mtime_ns < trust_before_ns)
		return true;
	/* Too recent for its times to tell: look at what it holds. */
	switch (st->kind) {
	case PACK_SOURCE_FILE:
		return file_hash_is(path, st->hash);
	case PACK_SOURCE_DIR:
		return dir_hash_is(path, st->hash);
	default:
		return false;   /* unreadable then; reload rather than guess */
	}
}

/* ---- Reading pack files -------------------------------------------------- */

static char *pack_name(const struct pack *p, const char *rel)
{
	return xasprintf("%s/%s", p->prefix, rel);
}

/* Why a pack file was not read, for "cannot read ...: %s". */
static const char *why_unread(int err, const struct stat *st)
{
	if (err == EXDEV)
		return _("it leads outside the pack through a symbolic link (refused)");
	if (err == EFBIG)
		return _("it is larger than 4 MB, the limit for a pack file (refused)");
	return fs_strerror(err, st ? st->st_mode : 0);
}

/* The contents of a pack file: *data points at it; *owned is what to free.
 * A directory pack's file is read only when it is a regular file beneath
 * the pack's directory, of at most PACK_MAX_FILE_SIZE bytes; when src is
 * not NULL, what stat said of it before reading (so a later write shows)
 * and the hash of what was read are recorded.  On failure *err is errno and
 * *st (zeroed first) what fstat said, if it got that far. */
static bool pack_get(const struct pack *p, const char *rel, const char **data,
		     size_t *len, char **owned, int *err, struct stat *st,
		     struct pack_sources *src)
{
	struct pack_stat *rec;
	char *path;
	int fd;

	*owned = NULL;
	memset(st, 0, sizeof(*st));
	if (!p->dir) {
		const struct pack_file *f = xmlHashLookup(p->builtin, (const xmlChar *)rel);

		if (!f) {
			*err = ENOENT;
			return false;
		}
		*data = f->data;
		*len = f->len;
		return true;
	}
	path = pack_name(p, rel);
	rec = src ? source_add(src, path) : NULL;
	fd = fs_open_beneath(p->dirfd, rel);
	if (fd >= 0) {
		*owned = fs_read_fd(fd, PACK_MAX_FILE_SIZE, len, st);
		*err = errno;
		close(fd);
	} else {
		*err = errno;
	}
	if (rec && !*owned)
		source_failed(rec, path);
	if (rec && *owned) {
		stat_fill(rec, st, PACK_SOURCE_FILE);
		rec->hash = hash_xxh64(*owned, *len, 0);
	}
	free(path);
	*data = *owned;
	return *owned != NULL;
}

/* What one walk of a pack directory found. */
struct walk {
	const char *root;           /* the pack directory, as named */
	struct names *topics, *maps;
	struct pack_sources *src;   /* NULL: not recording */
	size_t nfiles;
	bool full;                  /* stopped at PACK_MAX_FILES */
};

static void walk_add(struct walk *w, struct names *to, const char *rel)
{
	if (w->nfiles >= PACK_MAX_FILES) {
		w->full = true;
		return;
	}
	w->nfiles++;
	names_add(to, xstrdup(rel));
}

/* Collects the *.dita files under the directory open at dfd (which it
 * closes), recursively, by pack-relative path, and the *.ditamap files
 * directly in the pack's.  Hidden entries are skipped; symlinks are
 * listed by name when they name a topic or a map (reading them decides
 * where they lead) and never followed into a directory.  The pack's own
 * directory is listed before any other: without a map nothing below it is
 * walked (--content /usr answers at once). */
static void walk(struct walk *w, int dfd, struct strbuf *rel, int depth)
{
	struct strbuf path = STRBUF_INIT;
	struct pack_stat *rec = NULL;
	struct names subdirs = { NULL, 0, 0 };
	struct dirent *de;
	struct stat dst;
	uint64_t names = 0;
	size_t ri = 0, i;         /* rec's index: recursion may move src->v */
	DIR *d;

	sb_puts(&path, w->root);
	if (rel->len) {
		sb_putc(&path, '/');
		sb_puts(&path, sb_str(rel));
	}
	if (w->src) {
		rec = source_add(w->src, sb_str(&path));
		ri = w->src->n - 1;
	}
	d = fdopendir(dfd);
	if (!d) {
		if (rec)
			source_failed(rec, sb_str(&path));
		close(dfd);
		sb_free(&path);
		return;
	}
	if (rec) {
		if (fstat(dirfd(d), &dst) == 0)
			stat_fill(rec, &dst, PACK_SOURCE_DIR);
		else
			rec->kind = PACK_SOURCE_UNREADABLE;
	}
	while ((de = readdir(d)) != NULL && !w->full) {
		size_t mark = rel->len;
		unsigned char type = de->d_type;

		names_hash_add(&names, de->d_name);
		if (de->d_name[0] == '.')
			continue;
		if (type == DT_UNKNOWN) {
			struct stat st;

			if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
				continue;
			type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG
			     : S_ISLNK(st.st_mode) ? DT_LNK : DT_UNKNOWN;
		}
		if (type == DT_DIR) {
			if (depth < PACK_MAX_DEPTH)
				names_add(&subdirs, xstrdup(de->d_name));
			continue;
		}
		if (type != DT_REG && type != DT_LNK)
			continue;
		if (rel->len)
			sb_putc(rel, '/');
		sb_puts(rel, de->d_name);
		if (has_suffix(de->d_name, ".dita"))
			walk_add(w, w->topics, sb_str(rel));
		else if (depth == 0 && has_suffix(de->d_name, ".ditamap"))
			walk_add(w, w->maps, sb_str(rel));
		sb_truncate(rel, mark);
	}
	if (w->src)
		w->src->v[ri].st.hash = names;
	for (i = 0; i < subdirs.n && !w->full && (depth > 0 || w->maps->n); i++) {
		size_t mark = rel->len;
		/* O_NOFOLLOW: a directory swapped for a symlink since readdir
		 * is not entered. */
		int sub = openat(dirfd(d), subdirs.v[i],
				 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		if (sub < 0)
			continue;
		if (rel->len)
			sb_putc(rel, '/');
		sb_puts(rel, subdirs.v[i]);
		walk(w, sub, rel, depth + 1);
		sb_truncate(rel, mark);
	}
	closedir(d);
	names_free(&subdirs);
	sb_free(&path);
}

static bool file_hash_is(const char *path, uint64_t want)
{
	size_t len = 0;
	char *buf = fs_read_file(path, &len, NULL);
	bool same = buf && hash_xxh64(buf, len, 0) == want;

	free(buf);
	return same;
}

static bool dir_hash_is(const char *path, uint64_t want)
{
	DIR *d = opendir(path);
	struct dirent *de;
	uint64_t names = 0;

	if (!d)
		return false;
	while ((de = readdir(d)) != NULL)
		names_hash_add(&names, de->d_name);
	closedir(d);
	return names == want;
}

/* ---- Loading ------------------------------------------------------------- */

/* Adds a parsed article; returns its index, or NO_ARTICLE when it is
 * dropped.  Precedence: an article of that id from an earlier pack gives
 * way to it (a note names both files, for --validate); one from the same
 * pack is an authoring mistake, and the first stays. */
static size_t place_article(struct loader *L, struct kb_article *a)
{
	struct kb_article *old;
	size_t at;

	a->pack = L->kb->npacks;      /* the entry load_map is about to add */
	if (kb_add_article(L->kb, a))
		return L->kb->narticles - 1;
	at = kb_find(L->kb, a->id);
	old = L->kb->articles[at];
	if (old->pack >= L->first_entry) {
		diag_add(L->dl, DIAG_ERROR, a->file, a->line,
			 _("duplicate id '%s' (first defined at %s:%u); topic skipped"),
			 a->id, old->file, old->line);
		return NO_ARTICLE;
	}
	diag_add(L->dl, DIAG_NOTE, a->file, a->line,
		 _("replaces the article '%s' of %s:%u (an earlier pack)"),
		 a->id, old->file, old->line);
	a->replaces = old;
	kb_replace_article(L->kb, at, a);
	L->map->nreplaced++;
	return at;
}

/* Loads the topic at rel (once per pack) and returns its registry value.
 * A file that can't be read is the map's fault: reported at the topicref. */
static void *load_topic(struct loader *L, size_t pi, const char *rel,
			const char *mapname, const struct dita_topicref *ref)
{
	struct pack *p = &L->packs[pi];
	void *v = xmlHashLookup(p->topics, (const xmlChar *)rel);
	char *name, *owned;
	const char *data;
	struct kb_article *a;
	struct stat st;
	size_t len, n0, i, at;
	int err = 0;

	if (v)
		return v;
	v = REG_FAILED;
	if (!pack_get(p, rel, &data, &len, &owned, &err, &st, L->src)) {
		diag_add(L->dl, DIAG_ERROR, mapname, ref->line,
			 _("cannot read the topic '%s': %s"), ref->href, why_unread(err, &st));
		goto out;
	}
	name = pack_name(p, rel);
	n0 = L->xrefs.n;
	a = dita_parse_topic(L->kb, name, data, len, &L->xrefs, L->dl);
	at = a ? place_article(L, a) : NO_ARTICLE;
	if (a && at == NO_ARTICLE)
		dita_xrefs_truncate(&L->xrefs, n0);
	if (at != NO_ARTICLE) {
		char *topic = xstrdup(rel);

		names_add(&L->topic_paths, topic);
		L->origins = xgrow(L->origins, &L->origins_cap, L->xrefs.n,
				   sizeof(*L->origins));
		for (i = n0; i < L->xrefs.n; i++) {
			L->origins[i].pack = pi;
			L->origins[i].topic = topic;
			L->origins[i].entry = a->pack;
		}
		L->map->narticles++;
		v = REG_ARTICLE(at);
	}
	free(owned);
	free(name);
out:
	if (xmlHashAddEntry(p->topics, (const xmlChar *)rel, v) < 0)
		xalloc_die();
	return v;
}

static bool load_map(struct loader *L, size_t pi, const char *maprel)
{
	struct pack *p = &L->packs[pi];
	char *name = pack_name(p, maprel), *owned;
	struct dita_map map;
	struct kb_pack info;
	const char *data;
	struct stat st;
	size_t len, h, r, d0 = L->dl->n;
	int err = 0;

	if (!pack_get(p, maprel, &data, &len, &owned, &err, &st, L->src)) {
		diag_add(L->dl, DIAG_ERROR, name, 0, _("cannot read the map: %s"),
			 why_unread(err, &st));
		add_failed_entry(L, name, d0);
		free(name);
		return false;
	}
	if (dita_parse_map(name, data, len, &map, L->dl) < 0) {
		add_failed_entry(L, name, d0);
		free(owned);
		free(name);
		return false;
	}
	free(owned);
	memset(&info, 0, sizeof(info));
	L->map = &info;
	info.title = map.title;
	info.version = map.version;
	info.date = map.date;
	info.path = name;
	for (h = 0; h < map.nheads; h++) {
		const struct dita_topichead *head = &map.heads[h];
		size_t cat = kb_category(L->kb, head->navtitle);

		for (r = 0; r < head->nrefs; r++) {
			const struct dita_topicref *ref = &head->refs[r];
			char *rel = pack_resolve(ref->href, maprel);
			void *v;

			if (!rel) {
				diag_add(L->dl, DIAG_ERROR, name, ref->line,
					 _("'%s' points outside the pack (refused)"),
					 ref->href);
				continue;
			}
			v = load_topic(L, pi, rel, name, ref);
			if (v != REG_FAILED)
				kb_category_add(L->kb, cat, REG_INDEX(v));
			free(rel);
		}
	}
	for (h = 0; h < map.nsynonyms; h++) {
		const struct kb_synonym sy = { map.synonyms[h].set, map.synonyms[h].term,
					       name, map.synonyms[h].line };

		kb_add_synonym(L->kb, &sy);
	}
	count_diags(&info, L->dl, d0);
	kb_add_pack(L->kb, &info);
	L->map = NULL;
	dita_map_free(&map);
	free(name);
	return true;
}

/* Loads the maps of a pack, then warns about topics none of them lists. */
static void load_pack(struct loader *L, size_t pi, struct names *maps,
		      struct names *topics)
{
	struct pack *p = &L->packs[pi];
	bool maps_ok = true;
	size_t i, d0 = L->dl->n;

	names_sort(maps);
	names_sort(topics);
	if (maps->n == 0) {
		diag_add(L->dl, DIAG_ERROR, p->prefix, 0, "%s",
			 _("no .ditamap file in the pack"));
		add_failed_entry(L, p->prefix, d0);
		return;
	}
	for (i = 0; i < maps->n; i++)
		maps_ok &= load_map(L, pi, maps->v[i]);
	/* After a broken map every topic would look unreferenced. */
	if (!maps_ok)
		return;
	d0 = L->dl->n;
	for (i = 0; i < topics->n; i++)
		if (!xmlHashLookup(p->topics, (const xmlChar *)topics->v[i])) {
			char *name = pack_name(p, topics->v[i]);

			diag_add(L->dl, DIAG_WARNING, name, 0, "%s",
				 _("topic is not referenced by any map"));
			free(name);
		}
	/* the pack's last map stands for the pack */
	count_diags(&L->kb->packs[L->kb->npacks - 1], L->dl, d0);
}

static void load_builtin(struct loader *L, size_t pi, const struct pack_set *set)
{
	struct pack *p = &L->packs[pi];
	struct names maps = { NULL, 0, 0 }, topics = { NULL, 0, 0 };
	size_t i;

	p->prefix = xstrdup(BUILTIN_PREFIX);
	p->files = set->builtin;
	p->nfiles = set->nbuiltin;
	p->builtin = xmlHashCreate((int)(set->nbuiltin + 1));
	if (!p->builtin)
		xalloc_die();
	for (i = 0; i < set->nbuiltin; i++) {
		const char *name = set->builtin[i].name;

		if (!name)
			continue;
		if (xmlHashAddEntry(p->builtin, (const xmlChar *)name,
				    (void *)&set->builtin[i]) < 0)
			continue;   /* a repeated name: the first wins */
		if (has_suffix(name, ".ditamap") && !strchr(name, '/'))
			names_add(&maps, xstrdup(name));
		else if (has_suffix(name, ".dita"))
			names_add(&topics, xstrdup(name));
	}
	load_pack(L, pi, &maps, &topics);
	names_free(&maps);
	names_free(&topics);
}

/* dir's length without trailing slashes: "pack/" is "pack". */
static size_t dir_len(const char *dir)
{
	size_t len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	return len;
}

/* True when dir names the same directory as one of the first n of dirs
 * (spelled the same, give or take trailing slashes): e.g. an installed
 * pack also given with --content.  It loads once. */
static bool dir_seen(const char *const *dirs, size_t n, const char *dir)
{
	size_t i, len = dir_len(dir);

	for (i = 0; i < n; i++)
		if (dir_len(dirs[i]) == len && strncmp(dirs[i], dir, len) == 0)
			return true;
	return false;
}

static void load_dir(struct loader *L, size_t pi, const char *dir)
{
	struct pack *p = &L->packs[pi];
	struct names maps = { NULL, 0, 0 }, topics = { NULL, 0, 0 };
	struct strbuf rel = STRBUF_INIT;
	size_t d0 = L->dl->n;
	struct walk w;
	size_t len = dir_len(dir);
	int top;

	p->dir = dir;
	p->prefix = xstrndup(dir, len);
	/* The pack's directory is the one named, symlinks and all: the user
	 * chose it.  Nothing is read outside the directory reached. */
	p->dirfd = open(p->prefix, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	top = p->dirfd >= 0 ? dup(p->dirfd) : -1;
	if (top < 0) {
		if (L->src)
			source_failed(source_add(L->src, p->prefix), p->prefix);
		diag_add(L->dl, DIAG_ERROR, p->prefix, 0,
			 _("cannot open the pack directory: %s"), strerror(errno));
		add_failed_entry(L, p->prefix, d0);
	} else {
		memset(&w, 0, sizeof(w));
		w.root = p->prefix;
		w.topics = &topics;
		w.maps = &maps;
		w.src = L->src;
		walk(&w, top, &rel, 0);
		if (w.full)
			diag_add(L->dl, DIAG_ERROR, p->prefix, 0,
				 _("more than %u topic and map files in the pack: the rest are not loaded"),
				 (unsigned)PACK_MAX_FILES);
		load_pack(L, pi, &maps, &topics);
	}
	sb_free(&rel);
	names_free(&maps);
	names_free(&topics);
}

/* An image the article references must be a file of its pack; the browser
 * shows its alt text either way, so a missing one is a warning. */
static void check_image(struct loader *L, const struct dita_xref *x,
			const struct origin *o)
{
	const struct pack *p = &L->packs[o->pack];
	char *rel = pack_resolve(x->href, o->topic);
	bool found = false;

	if (rel && !p->dir) {
		found = xmlHashLookup(p->builtin, (const xmlChar *)rel) != NULL;
	} else if (rel) {
		int fd = fs_open_beneath(p->dirfd, rel);
		struct stat st;

		found = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
		if (fd >= 0)
			close(fd);
	}
	if (!found)
		diag_add(L->dl, DIAG_WARNING, x->file, x->line,
			 rel ? _("image '%s' is not in the pack (its alt text is shown)")
			     : _("image '%s' points outside the pack (its alt text is shown)"),
			 x->href);
	free(rel);
}

/* Same pack's file first, then an article whose id is the file's stem in
 * any pack (how extra packs link built-in articles), else dangling. */
static void resolve_xref(struct loader *L, struct dita_xref *x,
			 const struct origin *o)
{
	struct kb *kb = L->kb;
	size_t target = NO_ARTICLE;
	char *rel = *x->href ? pack_resolve(x->href, o->topic) : xstrdup(o->topic);

	if (rel) {
		void *v = xmlHashLookup(L->packs[o->pack].topics, (const xmlChar *)rel);

		if (v && v != REG_FAILED)
			target = REG_INDEX(v);
		free(rel);
	}
	if (target == NO_ARTICLE && *x->href) {
		char *stem = href_stem(x->href);

		target = kb_find(kb, stem);
		free(stem);
	}
	if (target != NO_ARTICLE) {
		const struct kb_article *a = kb->articles[target];

		x->span->target = a->id;
		if (x->empty)
			x->span->text = a->title;
	} else {
		char *text = x->empty
			? xasprintf(_("[missing: %s]"), x->href)
			: xasprintf(_("%s [missing: %s]"), x->span->text, x->href);

		diag_add(L->dl, DIAG_ERROR, x->file, x->line,
			 _("cross-reference to '%s' matches no topic"), x->href);
		x->span->target = NULL;
		x->span->text = arena_strdup(&kb->arena, text);
		free(text);
	}
}

static void resolve_xrefs(struct loader *L)
{
	size_t i;

	for (i = 0; i < L->xrefs.n; i++) {
		const struct origin *o = &L->origins[i];
		size_t d0 = L->dl->n;

		if (L->xrefs.v[i].image)
			check_image(L, &L->xrefs.v[i], o);
		else
			resolve_xref(L, &L->xrefs.v[i], o);
		count_diags(&L->kb->packs[o->entry], L->dl, d0);
	}
}

struct kb *pack_load(const struct pack_set *set, struct diag_list *dl)
{
	return pack_load_traced(set, dl, NULL);
}

struct kb *pack_load_traced(const struct pack_set *set, struct diag_list *dl,
			    struct pack_sources *src)
{
	struct loader L;
	size_t i, pi = 0;

	memset(&L, 0, sizeof(L));
	L.kb = kb_new();
	L.dl = dl;
	L.src = src;
	L.npacks = (set->builtin ? 1 : 0) + set->ndirs;
	L.packs = xcalloc(L.npacks + 1, sizeof(*L.packs));
	for (i = 0; i < L.npacks; i++) {
		L.packs[i].dirfd = -1;
		L.packs[i].topics = xmlHashCreate(64);
		if (!L.packs[i].topics)
			xalloc_die();
	}
	if (set->builtin) {
		L.first_entry = L.kb->npacks;
		load_builtin(&L, pi++, set);
	}
	for (i = 0; i < set->ndirs; i++, pi++) {
		if (dir_seen(set->dirs, i, set->dirs[i]))
			continue;
		L.first_entry = L.kb->npacks;
		load_dir(&L, pi, set->dirs[i]);
	}
	resolve_xrefs(&L);
	kb_finish(L.kb);
	synonyms_check(L.kb, dl);

	for (i = 0; i < L.npacks; i++) {
		xmlHashFree(L.packs[i].topics, NULL);
		xmlHashFree(L.packs[i].builtin, NULL);
		free(L.packs[i].prefix);
		if (L.packs[i].dirfd >= 0)
			close(L.packs[i].dirfd);
	}
	free(L.packs);
	free(L.origins);
	names_free(&L.topic_paths);
	dita_xrefs_free(&L.xrefs);
	return L.kb;
}

/* ---- System and user packs ---------------------------------------------- */

/* Appends base's subdirectories (each a pack), in name order; hidden ones
 * are left out.  A base that does not exist adds nothing. */
static void add_subdirs(struct names *out, const char *base)
{
	size_t first = out->n;
	struct dirent *de;
	DIR *d = opendir(base);

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		char *path;

		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", base, de->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			names_add(out, path);
		else
			free(path);
	}
	closedir(d);
	if (out->n - first > 1)
		qsort(out->v + first, out->n - first, sizeof(*out->v), cmp_str);
}

size_t pack_system_dirs(char ***dirs)
{
	struct names out = { NULL, 0, 0 };
	char **bases;
	size_t n = fs_xdg_data_dirs("enrollkb/packs", &bases), i;

	/* The most important base loads last, so that its articles win. */
	for (i = n; i-- > 0;)
		add_subdirs(&out, bases[i]);
	fs_xdg_dirs_free(bases, n);
	*dirs = out.v;
	return out.n;
}

size_t pack_user_dirs(char ***dirs)
{
	struct names out = { NULL, 0, 0 };
	char *base;

	*dirs = NULL;
	base = fs_xdg_path(FS_XDG_DATA, "enrollkb/packs");
	if (!base)
		return 0;
	add_subdirs(&out, base);
	free(base);
	*dirs = out.v;
	return out.n;
}

void pack_dirs_free(char **dirs, size_t n)
{
	fs_xdg_dirs_free(dirs, n);
}

char *pack_system_realpath(const char *dir)
{
	char **bases, *real = realpath(dir, NULL), *found = NULL;
	size_t n = fs_xdg_data_dirs("enrollkb/packs", &bases), i;

	for (i = 0; real && !found && i < n; i++) {
		char *base = realpath(bases[i], NULL);
		size_t len = base ? strlen(base) : 0;

		/* "/" as a base would take everything: a pack directory
		 * has to be below one that is not the root. */
		if (base && len > 1 && strncmp(real, base, len) == 0 &&
		    (real[len] == '/' || real[len] == '\0'))
			found = real;
		free(base);
	}
	pack_dirs_free(bases, n);
	if (!found)
		free(real);
	return found;
}
