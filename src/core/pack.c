/* SPDX-License-Identifier: MIT */
/* pack.c: content packs -> one knowledge base.
 *
 * Owns what is pack-level rather than file-level: finding a pack's maps and
 * topics (the built-in file array or a directory), resolving hrefs inside a
 * pack (and refusing those that leave it), loading each topic file once,
 * merging categories by name, duplicate ids, unreferenced topics, and
 * resolving cross-references once every pack is loaded.  Parsing the files
 * themselves is dita.c's job.  It can also record what it read (stat data
 * and hashes of files and directory listings) for a cache to check later. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/hash.h>
#include <libxml/uri.h>
#include <libxml/xmlmemory.h>

#include "dita.h"
#include "i18n.h"
#include "pack.h"
#include "strbuf.h"
#include "synonyms.h"
#include "xalloc.h"

#define NO_ARTICLE ((size_t)-1)
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
	char *prefix;                     /* names files in diagnostics */
	const struct pack_file *files;    /* built-in */
	size_t nfiles;
	xmlHashTablePtr builtin;          /* built-in name -> struct pack_file */
	xmlHashTablePtr topics;           /* the registry, see REG_* */
};

/* Where an xref was found: the pack and the topic's pack-relative path. */
struct origin {
	size_t pack;
	const char *topic;
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

/* XXH64's construction (four 64-bit lanes, 32 bytes a step), written from
 * its published description.  Words are read in the machine's byte order:
 * the hashes only ever meet hashes made on the same machine. */
#define H_P1 0x9E3779B185EBCA87ULL
#define H_P2 0xC2B2AE3D27D4EB4FULL
#define H_P3 0x165667B19E3779F9ULL
#define H_P4 0x85EBCA77C2B2AE63ULL
#define H_P5 0x27D4EB2F165667C5ULL

static inline uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t rd64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint64_t h_round(uint64_t acc, uint64_t in)
{
	acc += in * H_P2;
	acc = rotl64(acc, 31);
	return acc * H_P1;
}

static inline uint64_t h_merge(uint64_t acc, uint64_t v)
{
	acc ^= h_round(0, v);
	return acc * H_P1 + H_P4;
}

uint64_t pack_hash(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data, *end = len ? p + len : p;
	uint64_t h;

	if (len >= 32) {
		uint64_t v1 = seed + H_P1 + H_P2, v2 = seed + H_P2;
		uint64_t v3 = seed, v4 = seed - H_P1;

		do {
			v1 = h_round(v1, rd64(p));
			v2 = h_round(v2, rd64(p + 8));
			v3 = h_round(v3, rd64(p + 16));
			v4 = h_round(v4, rd64(p + 24));
			p += 32;
		} while ((size_t)(end - p) >= 32);
		h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
		h = h_merge(h, v1);
		h = h_merge(h, v2);
		h = h_merge(h, v3);
		h = h_merge(h, v4);
	} else {
		h = seed + H_P5;
	}
	h += (uint64_t)len;
	while ((size_t)(end - p) >= 8) {
		h ^= h_round(0, rd64(p));
		h = rotl64(h, 27) * H_P1 + H_P4;
		p += 8;
	}
	if ((size_t)(end - p) >= 4) {
		uint32_t w;

		memcpy(&w, p, sizeof(w));
		h ^= (uint64_t)w * H_P1;
		h = rotl64(h, 23) * H_P2 + H_P3;
		p += 4;
	}
	while (p < end) {
		h ^= *p++ * H_P5;
		h = rotl64(h, 11) * H_P1;
	}
	h ^= h >> 33;
	h *= H_P2;
	h ^= h >> 29;
	h *= H_P3;
	h ^= h >> 32;
	return h;
}

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
		*h += pack_hash(name, strlen(name), 0x656e726f6c6c6b62ULL);
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

/* Reads a whole file; when rec is not NULL, records its stat (taken
 * before reading, so a later write shows) and the hash of what was read. */
static char *read_file(const char *path, size_t *len, int *err,
		       struct pack_stat *rec)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	struct stat st;

	if (!f) {
		*err = errno;
		if (rec)
			source_failed(rec, path);
		return NULL;
	}
	if (rec) {
		if (fstat(fileno(f), &st) == 0)
			stat_fill(rec, &st, PACK_SOURCE_FILE);
		else
			rec->kind = PACK_SOURCE_UNREADABLE;
	}
	do {
		buf = xgrow(buf, &cap, n + 65536, 1);
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		*err = errno ? errno : EIO;
		fclose(f);
		free(buf);
		if (rec && rec->kind == PACK_SOURCE_FILE)
			rec->kind = PACK_SOURCE_UNREADABLE;
		return NULL;
	}
	fclose(f);
	*len = n;
	if (rec)
		rec->hash = pack_hash(buf, n, 0);
	return buf;
}

static char *pack_name(const struct pack *p, const char *rel)
{
	return xasprintf("%s/%s", p->prefix, rel);
}

/* The contents of a pack file: *data points at it; *owned is what to free. */
static bool pack_get(const struct pack *p, const char *rel, const char **data,
		     size_t *len, char **owned, int *err, struct pack_sources *src)
{
	*owned = NULL;
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
	{
		char *path = pack_name(p, rel);

		*owned = read_file(path, len, err, src ? source_add(src, path) : NULL);
		free(path);
		*data = *owned;
		return *owned != NULL;
	}
}

/* Collects the *.dita files under dir (recursively, by relative path) and
 * the *.ditamap files directly in it.  Hidden entries and symlinked
 * directories are skipped (no loops).  -1 with errno when dir can't be
 * opened. */
static int walk(const char *dir, struct strbuf *rel, struct names *topics,
		struct names *maps, int depth, struct pack_sources *src)
{
	struct strbuf path = STRBUF_INIT;
	struct pack_stat *rec = NULL;
	struct dirent *de;
	struct stat dst;
	uint64_t names = 0;
	size_t ri = 0;            /* rec's index: recursion may move src->v */
	DIR *d;

	sb_puts(&path, dir);
	if (rel->len) {
		sb_putc(&path, '/');
		sb_puts(&path, sb_str(rel));
	}
	if (src) {
		rec = source_add(src, sb_str(&path));
		ri = src->n - 1;
	}
	d = opendir(sb_str(&path));
	if (!d) {
		int e = errno;

		if (rec)
			source_failed(rec, sb_str(&path));
		sb_free(&path);
		errno = e;
		return -1;
	}
	if (rec) {
		if (fstat(dirfd(d), &dst) == 0)
			stat_fill(rec, &dst, PACK_SOURCE_DIR);
		else
			rec->kind = PACK_SOURCE_UNREADABLE;
	}
	while ((de = readdir(d)) != NULL) {
		size_t mark = rel->len;
		bool isdir = de->d_type == DT_DIR, isreg = de->d_type == DT_REG;

		names_hash_add(&names, de->d_name);
		if (de->d_name[0] == '.')
			continue;
		if (de->d_type == DT_UNKNOWN || de->d_type == DT_LNK) {
			struct stat st;
			char *full = xasprintf("%s/%s", sb_str(&path), de->d_name);

			if (stat(full, &st) == 0) {
				isreg = S_ISREG(st.st_mode);
				/* follow a symlinked file, never a symlinked dir */
				isdir = S_ISDIR(st.st_mode) && de->d_type == DT_UNKNOWN;
			}
			free(full);
		}
		if (rel->len)
			sb_putc(rel, '/');
		sb_puts(rel, de->d_name);
		if (isdir && depth < 32)
			walk(dir, rel, topics, maps, depth + 1, src);
		else if (isreg && has_suffix(de->d_name, ".dita"))
			names_add(topics, xstrdup(sb_str(rel)));
		else if (isreg && depth == 0 && has_suffix(de->d_name, ".ditamap"))
			names_add(maps, xstrdup(sb_str(rel)));
		sb_truncate(rel, mark);
	}
	closedir(d);
	if (src)
		src->v[ri].st.hash = names;
	sb_free(&path);
	return 0;
}

static bool file_hash_is(const char *path, uint64_t want)
{
	size_t len = 0;
	int err = 0;
	char *buf = read_file(path, &len, &err, NULL);
	bool same = buf && pack_hash(buf, len, 0) == want;

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
	size_t len, n0, i;
	int err = 0;

	if (v)
		return v;
	v = REG_FAILED;
	if (!pack_get(p, rel, &data, &len, &owned, &err, L->src)) {
		diag_add(L->dl, DIAG_ERROR, mapname, ref->line,
			 _("cannot read the topic '%s': %s"), ref->href, strerror(err));
		goto out;
	}
	name = pack_name(p, rel);
	n0 = L->xrefs.n;
	a = dita_parse_topic(L->kb, name, data, len, &L->xrefs, L->dl);
	if (a && !kb_add_article(L->kb, a)) {
		const struct kb_article *first = L->kb->articles[kb_find(L->kb, a->id)];

		diag_add(L->dl, DIAG_ERROR, name, a->line,
			 _("duplicate id '%s' (first defined at %s:%u); topic skipped"),
			 a->id, first->file, first->line);
		dita_xrefs_truncate(&L->xrefs, n0);
		a = NULL;
	}
	if (a) {
		char *topic = xstrdup(rel);

		names_add(&L->topic_paths, topic);
		L->origins = xgrow(L->origins, &L->origins_cap, L->xrefs.n,
				   sizeof(*L->origins));
		for (i = n0; i < L->xrefs.n; i++) {
			L->origins[i].pack = pi;
			L->origins[i].topic = topic;
		}
		v = REG_ARTICLE(L->kb->narticles - 1);
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
	struct kb_pack info = { NULL, NULL, NULL, NULL, 0 };
	const char *data;
	size_t len, h, r, n0;
	int err = 0;

	if (!pack_get(p, maprel, &data, &len, &owned, &err, L->src)) {
		diag_add(L->dl, DIAG_ERROR, name, 0, _("cannot read the map: %s"),
			 strerror(err));
		free(name);
		return false;
	}
	if (dita_parse_map(name, data, len, &map, L->dl) < 0) {
		free(owned);
		free(name);
		return false;
	}
	free(owned);
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
			n0 = L->kb->narticles;
			v = load_topic(L, pi, rel, name, ref);
			if (v != REG_FAILED)
				kb_category_add(L->kb, cat, REG_INDEX(v));
			info.narticles += L->kb->narticles - n0;
			free(rel);
		}
	}
	for (h = 0; h < map.nsynonyms; h++) {
		const struct kb_synonym sy = { map.synonyms[h].set, map.synonyms[h].term,
					       name, map.synonyms[h].line };

		kb_add_synonym(L->kb, &sy);
	}
	kb_add_pack(L->kb, &info);
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
	size_t i;

	names_sort(maps);
	names_sort(topics);
	if (maps->n == 0) {
		diag_add(L->dl, DIAG_ERROR, p->prefix, 0, "%s",
			 _("no .ditamap file in the pack"));
		return;
	}
	for (i = 0; i < maps->n; i++)
		maps_ok &= load_map(L, pi, maps->v[i]);
	/* After a broken map every topic would look unreferenced. */
	if (!maps_ok)
		return;
	for (i = 0; i < topics->n; i++)
		if (!xmlHashLookup(p->topics, (const xmlChar *)topics->v[i])) {
			char *name = pack_name(p, topics->v[i]);

			diag_add(L->dl, DIAG_WARNING, name, 0, "%s",
				 _("topic is not referenced by any map"));
			free(name);
		}
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

static void load_dir(struct loader *L, size_t pi, const char *dir)
{
	struct pack *p = &L->packs[pi];
	struct names maps = { NULL, 0, 0 }, topics = { NULL, 0, 0 };
	struct strbuf rel = STRBUF_INIT;
	size_t len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	p->dir = dir;
	p->prefix = xstrndup(dir, len);
	if (walk(p->prefix, &rel, &topics, &maps, 0, L->src) < 0)
		diag_add(L->dl, DIAG_ERROR, p->prefix, 0,
			 _("cannot open the pack directory: %s"), strerror(errno));
	else
		load_pack(L, pi, &maps, &topics);
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
		char *path = pack_name(p, rel);
		struct stat st;

		found = stat(path, &st) == 0 && S_ISREG(st.st_mode);
		free(path);
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
static void resolve_xrefs(struct loader *L)
{
	struct kb *kb = L->kb;
	size_t i;

	for (i = 0; i < L->xrefs.n; i++) {
		struct dita_xref *x = &L->xrefs.v[i];
		const struct origin *o = &L->origins[i];
		size_t target = NO_ARTICLE;
		char *rel;

		if (x->image) {
			check_image(L, x, o);
			continue;
		}
		rel = *x->href ? pack_resolve(x->href, o->topic) : xstrdup(o->topic);

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
		L.packs[i].topics = xmlHashCreate(64);
		if (!L.packs[i].topics)
			xalloc_die();
	}
	if (set->builtin)
		load_builtin(&L, pi++, set);
	for (i = 0; i < set->ndirs; i++)
		load_dir(&L, pi++, set->dirs[i]);
	resolve_xrefs(&L);
	kb_finish(L.kb);
	synonyms_check(L.kb, dl);

	for (i = 0; i < L.npacks; i++) {
		xmlHashFree(L.packs[i].topics, NULL);
		xmlHashFree(L.packs[i].builtin, NULL);
		free(L.packs[i].prefix);
	}
	free(L.packs);
	free(L.origins);
	names_free(&L.topic_paths);
	dita_xrefs_free(&L.xrefs);
	return L.kb;
}

/* ---- User packs ---------------------------------------------------------- */

size_t pack_user_dirs(char ***dirs)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	struct names out = { NULL, 0, 0 };
	struct dirent *de;
	char *base;
	DIR *d;

	*dirs = NULL;
	/* The XDG spec says to ignore a relative $XDG_DATA_HOME. */
	if (xdg && xdg[0] == '/')
		base = xasprintf("%s/enrollkb/packs", xdg);
	else if (home && home[0] == '/')
		base = xasprintf("%s/.local/share/enrollkb/packs", home);
	else
		return 0;
	d = opendir(base);
	if (!d) {
		free(base);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		char *path;

		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", base, de->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			names_add(&out, path);
		else
			free(path);
	}
	closedir(d);
	free(base);
	names_sort(&out);
	*dirs = out.v;
	return out.n;
}

void pack_dirs_free(char **dirs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
}
