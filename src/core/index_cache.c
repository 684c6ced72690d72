/* SPDX-License-Identifier: MIT */
/* index_cache.c: saving a load's search index, diagnostics and sources to
 * one file per pack set, and mapping it back after checking it (see
 * index_cache.h for what is checked).
 *
 * File layout, all in the machine's byte order (the byte-order mark and
 * the sizes in the identity keep another machine's file out):
 *
 *   header      magic, header checksum, byte-order mark, format, sizes,
 *               the time before which source times are trusted, and per
 *               section its offset, size and checksum
 *   sections    each at an 8-byte aligned offset, zero padding between:
 *               identity text, source stats, source path offsets, source
 *               paths, diagnostic records, diagnostic strings, then the
 *               index's own sections (search_index_sections)
 *
 * The file is read into memory of its own (never mapped: another program
 * truncating it meanwhile cannot raise SIGBUS), and the index sections are
 * used where they lie in that buffer. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<link.h>)
#include <link.h>
#define HAVE_LINK_H 1
#endif
#endif

#include "fsutil.h"
#include "hash.h"
#include "index_cache.h"
#include "strbuf.h"
#include "xalloc.h"

/* A file may be rewritten within one tick of the file system's clock
 * without its times changing (FAT counts in 2 s): a source modified less
 * than this before the load began is checked by its content. */
#define RACY_MARGIN_NS 3000000000LL

#define MAGIC "ENRLKBIX"
#define BYTE_ORDER_MARK 0x01020304u

enum {
	SEC_IDENTITY,
	SEC_SRC_STATS,
	SEC_SRC_PATHOFF,
	SEC_SRC_PATHS,
	SEC_DIAGS,
	SEC_DIAG_STRS,
	SEC_INDEX,                 /* SEARCH_INDEX_SECTIONS of them */
	NSEC = SEC_INDEX + SEARCH_INDEX_SECTIONS
};

struct cache_section {
	uint64_t offset, size;
	uint64_t hash;
};

struct cache_header {
	char magic[8];
	uint64_t checksum;         /* of the header's bytes after this field */
	uint32_t byte_order;
	uint32_t format;           /* at INDEX_CACHE_FORMAT_OFFSET */
	uint32_t header_size;
	uint32_t nsections;
	uint64_t file_size;
	int64_t trust_before_ns;   /* source mtimes from here on are checked by content */
	struct cache_section sec[NSEC];
};

struct diag_rec {
	uint32_t severity, line;
	uint32_t file;             /* offset + 1 in the strings; 0: none */
	uint32_t message;          /* offset in the strings */
};

struct index_cache {
	void *map;
	size_t len;
	struct search_index *idx;
	struct diag_list dl;
	char *refresh_path;        /* rewrite at close, trusting times from ... */
	int64_t refresh_now;       /* ... this time on */
};

_Static_assert(sizeof(struct cache_header) % 8 == 0, "sections start aligned");
_Static_assert(offsetof(struct cache_header, format) == INDEX_CACHE_FORMAT_OFFSET,
	       "the documented offset");

/* ---- Identity --------------------------------------------------------------- */

/* The build id the linker put in the program, as hex; "" without one. */
#ifdef HAVE_LINK_H
static int build_id_cb(struct dl_phdr_info *info, size_t size, void *ctx)
{
	struct strbuf *out = ctx;
	size_t i;

	(void)size;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		const unsigned char *p, *end;

		if (ph->p_type != PT_NOTE)
			continue;
		p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
		end = p + ph->p_memsz;
		while ((size_t)(end - p) >= sizeof(ElfW(Nhdr))) {
			ElfW(Nhdr) nh;
			size_t name, desc, k;

			memcpy(&nh, p, sizeof(nh));
			p += sizeof(nh);
			name = ((size_t)nh.n_namesz + 3) & ~(size_t)3;
			desc = ((size_t)nh.n_descsz + 3) & ~(size_t)3;
			if ((size_t)(end - p) < name || (size_t)(end - p) - name < desc)
				break;
			if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
			    memcmp(p, "GNU", 4) == 0) {
				for (k = 0; k < nh.n_descsz; k++)
					sb_printf(out, "%02x", p[name + k]);
				return 1;
			}
			p += name + desc;
		}
	}
	return 1;   /* the first object is the program itself */
}
#endif

static void program_id(struct strbuf *sb)
{
	sb_printf(sb, "%s %s ", PACKAGE, VERSION);
#ifdef HAVE_LINK_H
	dl_iterate_phdr(build_id_cb, sb);
#endif
}

static bool any_relative(const struct pack_set *set)
{
	size_t i;

	for (i = 0; i < set->ndirs; i++)
		if (set->dirs[i][0] != '/')
			return true;
	return false;
}

static void add_field(struct strbuf *sb, const char *name, const char *value)
{
	/* with its length: no value can pose as more fields */
	sb_printf(sb, "%s %zu:", name, strlen(value));
	sb_puts(sb, value);
	sb_putc(sb, '\n');
}

/* The pack set: which packs, in order, as the load names them in
 * diagnostics.  Relative directories mean nothing without the working
 * directory. */
static void set_identity(struct strbuf *sb, const struct pack_set *set)
{
	size_t i;

	sb_printf(sb, "builtin %d\n", set->builtin != NULL);
	for (i = 0; i < set->ndirs; i++)
		add_field(sb, "dir", set->dirs[i]);
	if (any_relative(set)) {
		char *cwd = fs_getcwd();

		add_field(sb, "cwd", cwd ? cwd : "");
		free(cwd);
	}
}

/* Everything a saved result depends on besides the sources' contents. */
static void full_identity(struct strbuf *sb, const struct index_cache_key *key)
{
	const char *lang = getenv("LANGUAGE"), *msgs = setlocale(LC_MESSAGES, NULL);
	struct strbuf prog = STRBUF_INIT;

	sb_printf(sb, "enrollkb index cache %d\n", INDEX_CACHE_FORMAT);
	if (key->program) {
		add_field(sb, "program", key->program);
	} else {
		program_id(&prog);
		add_field(sb, "program", sb_str(&prog));
		sb_free(&prog);
	}
	sb_printf(sb, "index %u; records %zu %zu %zu\n", search_index_format(),
		  sizeof(struct pack_stat), sizeof(struct diag_rec),
		  sizeof(struct cache_header));
	if (key->set->builtin)
		sb_printf(sb, "builtin id %016llx %zu\n",
			  (unsigned long long)key->builtin_id, key->set->nbuiltin);
	set_identity(sb, key->set);
	/* diagnostics are translated when the load makes them */
	add_field(sb, "messages", msgs ? msgs : "");
	add_field(sb, "language", lang ? lang : "");
}

char *index_cache_path(const struct index_cache_key *key)
{
	const char *off = getenv("ENROLLKB_NO_CACHE");
	struct strbuf id = STRBUF_INIT;
	uint64_t h;
	char *name, *path;

	if (off && *off && strcmp(off, "0") != 0)
		return NULL;
	set_identity(&id, key->set);
	h = hash_xxh64(id.s, id.len, 0);
	sb_free(&id);
	name = xasprintf("enrollkb/index-%016llx.idx", (unsigned long long)h);
	path = fs_xdg_path(FS_XDG_CACHE, name);
	free(name);
	return path;
}

int64_t index_cache_now(void)
{
	struct timespec t;

	if (clock_gettime(CLOCK_REALTIME, &t) != 0)
		return INT64_MAX;   /* then every source is checked by content */
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* ---- Writing ------------------------------------------------------------------ */

static uint64_t header_checksum(const struct cache_header *h)
{
	return hash_xxh64((const char *)h + offsetof(struct cache_header, byte_order),
			 sizeof(*h) - offsetof(struct cache_header, byte_order), 0);
}

static uint64_t align8(uint64_t n)
{
	return (n + 7) & ~(uint64_t)7;
}

/* Writes header then sections (zero padded) to a temporary file beside
 * path and renames it over path.  Not durable (no fsync): a file torn by
 * a crash fails its checksums and is rebuilt. */
static bool write_file(const char *path, const struct cache_header *h,
		       const void *const data[NSEC])
{
	static const char zeros[8];
	struct fs_replace r;
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	bool ok;
	int i;

	if (!slash) {
		free(dir);
		return false;
	}
	*slash = '\0';
	/* new directories 0700, as XDG asks; one that another user owns or
	 * others may write is not ours to trust or fill */
	ok = slash == dir || (fs_mkdirs(dir, 0700) && fs_dir_private(dir, NULL) == FS_PRIVATE);
	free(dir);
	if (!ok || !fs_replace_begin(&r, path, NULL, 0600, false))
		return false;
	ok = fs_replace_write(&r, h, sizeof(*h));
	for (i = 0; i < NSEC && ok; i++) {
		uint64_t end = h->sec[i].offset + h->sec[i].size;
		uint64_t next = i + 1 < NSEC ? h->sec[i + 1].offset : h->file_size;

		if (h->sec[i].size)
			ok = fs_replace_write(&r, data[i], (size_t)h->sec[i].size);
		if (ok && next > end)
			ok = fs_replace_write(&r, zeros, (size_t)(next - end));
	}
	if (!ok) {
		fs_replace_abort(&r);
		return false;
	}
	return fs_replace_commit(&r);
}

/* Offsets past 4 GiB are cut short here and the save then refused. */
static uint32_t strs_add(struct strbuf *sb, const char *s)
{
	size_t off = sb->len;

	sb_puts(sb, s);
	sb_putc(sb, '\0');
	return (uint32_t)off;
}

bool index_cache_save(const char *path, const struct index_cache_key *key,
		      const struct search_index *idx, const struct diag_list *dl,
		      const struct pack_sources *src, int64_t load_start_ns)
{
	struct strbuf ident = STRBUF_INIT, paths = STRBUF_INIT, dstrs = STRBUF_INIT;
	struct search_index_section isec[SEARCH_INDEX_SECTIONS];
	struct pack_stat *stats = xcalloc(src->n + 1, sizeof(*stats));
	uint32_t *pathoff = xcalloc(src->n + 1, sizeof(*pathoff));
	struct diag_rec *recs = xcalloc(dl->n + 1, sizeof(*recs));
	const void *data[NSEC];
	struct cache_header h;
	uint64_t off;
	size_t i;
	bool ok;

	full_identity(&ident, key);
	for (i = 0; i < src->n; i++) {
		stats[i] = src->v[i].st;
		pathoff[i] = strs_add(&paths, src->v[i].path);
	}
	for (i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->v[i];

		recs[i].severity = (uint32_t)d->severity;
		recs[i].line = d->line;
		recs[i].file = d->file ? strs_add(&dstrs, d->file) + 1 : 0;
		recs[i].message = strs_add(&dstrs, d->message ? d->message : "");
	}
	search_index_sections(idx, isec);

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MAGIC, sizeof(h.magic));
	h.byte_order = BYTE_ORDER_MARK;
	h.format = INDEX_CACHE_FORMAT;
	h.header_size = sizeof(h);
	h.nsections = NSEC;
	h.trust_before_ns = load_start_ns > INT64_MIN + RACY_MARGIN_NS
		? load_start_ns - RACY_MARGIN_NS : INT64_MIN;
	data[SEC_IDENTITY] = ident.s;
	h.sec[SEC_IDENTITY].size = ident.len;
	data[SEC_SRC_STATS] = stats;
	h.sec[SEC_SRC_STATS].size = src->n * sizeof(*stats);
	data[SEC_SRC_PATHOFF] = pathoff;
	h.sec[SEC_SRC_PATHOFF].size = src->n * sizeof(*pathoff);
	data[SEC_SRC_PATHS] = paths.s;
	h.sec[SEC_SRC_PATHS].size = paths.len;
	data[SEC_DIAGS] = recs;
	h.sec[SEC_DIAGS].size = dl->n * sizeof(*recs);
	data[SEC_DIAG_STRS] = dstrs.s;
	h.sec[SEC_DIAG_STRS].size = dstrs.len;
	for (i = 0; i < SEARCH_INDEX_SECTIONS; i++) {
		data[SEC_INDEX + i] = isec[i].data;
		h.sec[SEC_INDEX + i].size = isec[i].size;
	}
	off = sizeof(h);
	for (i = 0; i < NSEC; i++) {
		h.sec[i].offset = off;
		h.sec[i].hash = hash_xxh64(h.sec[i].size ? data[i] : "",
					  (size_t)h.sec[i].size, i);
		off = align8(off + h.sec[i].size);
	}
	h.file_size = off;
	h.checksum = header_checksum(&h);
	ok = paths.len <= UINT32_MAX && dstrs.len <= UINT32_MAX &&
		write_file(path, &h, data);

	sb_free(&ident);
	sb_free(&paths);
	sb_free(&dstrs);
	free(stats);
	free(pathoff);
	free(recs);
	return ok;
}

/* ---- Reading --------------------------------------------------------------- */

static const void *sec_data(const struct index_cache *c, const struct cache_header *h,
			    int i)
{
	return (const char *)c->map + h->sec[i].offset;
}

/* Offsets in the file, alignment, order and zero padding. */
static bool sections_fit(const struct index_cache *c, const struct cache_header *h)
{
	uint64_t at = sizeof(*h);
	int i;

	for (i = 0; i < NSEC; i++) {
		const struct cache_section *s = &h->sec[i];
		uint64_t k;

		if (s->offset != at || s->size > h->file_size - s->offset)
			return false;
		at = align8(s->offset + s->size);
		if (at > h->file_size)
			return false;
		for (k = s->offset + s->size; k < at; k++)
			if (((const char *)c->map)[k])
				return false;
	}
	return at == h->file_size;
}

/* String tables are addressed with 32-bit offsets. */
static bool strs_ok(const struct cache_header *h, int i)
{
	return h->sec[i].size <= UINT32_MAX;
}

/* A string at off that ends inside the table (its last byte is a NUL). */
static bool str_at(const struct index_cache *c, const struct cache_header *h, int i,
		   uint64_t off)
{
	return off < h->sec[i].size &&
		((const char *)sec_data(c, h, i))[h->sec[i].size - 1] == '\0';
}

/* Every source still as it was.  *racy_now counts those that had to be
 * checked by content and would still have to be after a refresh at now. */
static bool sources_unchanged(const struct index_cache *c, const struct cache_header *h,
			      int64_t now, size_t *racy, size_t *racy_now)
{
	const struct pack_stat *st = sec_data(c, h, SEC_SRC_STATS);
	const uint32_t *off = sec_data(c, h, SEC_SRC_PATHOFF);
	const char *paths = sec_data(c, h, SEC_SRC_PATHS);
	uint64_t n = h->sec[SEC_SRC_STATS].size / sizeof(*st), i;

	if (h->sec[SEC_SRC_STATS].size % sizeof(*st) ||
	    h->sec[SEC_SRC_PATHOFF].size != n * sizeof(*off) || !strs_ok(h, SEC_SRC_PATHS))
		return false;
	for (i = 0; i < n; i++) {
		if (!str_at(c, h, SEC_SRC_PATHS, off[i]) ||
		    !pack_source_unchanged(paths + off[i], &st[i], h->trust_before_ns))
			return false;
		if ((int64_t)st[i].mtime_ns >= h->trust_before_ns) {
			(*racy)++;
			if ((int64_t)st[i].mtime_ns >= now - RACY_MARGIN_NS)
				(*racy_now)++;
		}
	}
	return true;
}

static bool load_diags(struct index_cache *c, const struct cache_header *h)
{
	const struct diag_rec *r = sec_data(c, h, SEC_DIAGS);
	const char *strs = sec_data(c, h, SEC_DIAG_STRS);
	uint64_t n = h->sec[SEC_DIAGS].size / sizeof(*r), i;

	if (h->sec[SEC_DIAGS].size % sizeof(*r) || !strs_ok(h, SEC_DIAG_STRS))
		return false;
	for (i = 0; i < n; i++) {
		if ((r[i].severity != DIAG_WARNING && r[i].severity != DIAG_ERROR &&
		     r[i].severity != DIAG_NOTE) ||
		    !str_at(c, h, SEC_DIAG_STRS, r[i].message) ||
		    (r[i].file && !str_at(c, h, SEC_DIAG_STRS, r[i].file - 1)))
			return false;
		diag_add(&c->dl, (enum diag_severity)r[i].severity,
			 r[i].file ? strs + r[i].file - 1 : NULL, r[i].line, "%s",
			 strs + r[i].message);
	}
	return true;
}

/* The same file with a later trust time: what was checked by content
 * now is old enough for its times to tell. */
static void refresh(const struct index_cache *c, const char *path, int64_t now)
{
	struct cache_header h;
	const void *data[NSEC];
	int i;

	memcpy(&h, c->map, sizeof(h));
	h.trust_before_ns = now - RACY_MARGIN_NS;
	h.checksum = header_checksum(&h);
	for (i = 0; i < NSEC; i++)
		data[i] = sec_data(c, &h, i);
	write_file(path, &h, data);
}

static bool check(struct index_cache *c, const char *path,
		  const struct index_cache_key *key)
{
	struct cache_header h;
	struct search_index_section isec[SEARCH_INDEX_SECTIONS];
	struct strbuf ident = STRBUF_INIT;
	int64_t now = index_cache_now();
	size_t racy = 0, racy_now = 0;
	bool same;
	int i;

	if (c->len < sizeof(h))
		return false;
	memcpy(&h, c->map, sizeof(h));
	if (memcmp(h.magic, MAGIC, sizeof(h.magic)) != 0 ||
	    h.byte_order != BYTE_ORDER_MARK || h.format != INDEX_CACHE_FORMAT ||
	    h.header_size != sizeof(h) || h.nsections != NSEC ||
	    h.file_size != c->len || h.checksum != header_checksum(&h) ||
	    !sections_fit(c, &h))
		return false;
	full_identity(&ident, key);
	same = h.sec[SEC_IDENTITY].size == ident.len &&
		memcmp(sec_data(c, &h, SEC_IDENTITY), ident.s, ident.len) == 0;
	sb_free(&ident);
	/* cheap and likely to fail first: identity, then the sources */
	if (!same || !sources_unchanged(c, &h, now, &racy, &racy_now))
		return false;
	for (i = 0; i < NSEC; i++)
		if (hash_xxh64(sec_data(c, &h, i), (size_t)h.sec[i].size, (uint64_t)i) !=
		    h.sec[i].hash)
			return false;
	if (!load_diags(c, &h))
		return false;
	for (i = 0; i < SEARCH_INDEX_SECTIONS; i++) {
		isec[i].data = sec_data(c, &h, SEC_INDEX + i);
		isec[i].size = (size_t)h.sec[SEC_INDEX + i].size;
	}
	c->idx = search_index_from_sections(isec);
	if (!c->idx)
		return false;
	if (racy > racy_now) {
		c->refresh_path = xstrdup(path);
		c->refresh_now = now;
	}
	return true;
}

struct index_cache *index_cache_open(const char *path,
				     const struct index_cache_key *key)
{
	struct index_cache *c;
	struct stat st;
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	bool private_dir = true;
	void *map;
	size_t len;
	int fd;

	/* A cache in a directory another user owns or others may write could
	 * be forged: it is not read (and not written, see write_file). */
	if (slash && slash != dir) {
		*slash = '\0';
		private_dir = fs_dir_private(dir, NULL) == FS_PRIVATE;
	}
	free(dir);
	if (!private_dir)
		return NULL;
	/* never through a symlink, never a FIFO or device */
	fd = fs_open_regular(path, O_RDONLY, 0, &st);
	if (fd < 0)
		return NULL;
	/* Read into memory of our own rather than mapped: a file truncated
	 * or rewritten in place by another program while we read it can
	 * then never raise SIGBUS; what was read is checked as before. */
	map = fs_read_fd(fd, SIZE_MAX / 2, &len, &st);
	close(fd);
	if (!map)
		return NULL;
	if (len == 0) {
		free(map);
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	c->map = map;
	c->len = len;
	if (!check(c, path, key)) {
		index_cache_close(c);
		return NULL;
	}
	return c;
}

const struct search_index *index_cache_index(const struct index_cache *c)
{
	return c->idx;
}

const struct diag_list *index_cache_diags(const struct index_cache *c)
{
	return &c->dl;
}

void index_cache_close(struct index_cache *c)
{
	if (!c)
		return;
	/* after the caller has answered: the rewrite is not on its way */
	if (c->refresh_path)
		refresh(c, c->refresh_path, c->refresh_now);
	free(c->refresh_path);
	search_index_free(c->idx);
	diag_list_free(&c->dl);
	free(c->map);
	free(c);
}
