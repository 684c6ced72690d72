/* SPDX-License-Identifier: MIT */
/* test_cache.c: the --search index cache (src/core/index_cache.c) and what the
 * loader records for it (pack_load_traced, pack_source_unchanged).
 *
 * Each test works in a fresh temporary directory: a copy of the shipped
 * pack as a pack directory, a small built-in pack made here, and a cache
 * directory named through XDG_CACHE_HOME.  A saved and mapped index must
 * answer exactly like the index it was saved from; every way the cache can
 * go stale or be damaged must make index_cache_open refuse it, after which
 * a normal load saves a cache that is used again and shows the change. */
#include "config.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "index_cache.h"
#include "kb.h"
#include "pack.h"
#include "search.h"
#include "strbuf.h"

/* ---- A small built-in pack ---------------------------------------------- */

static const char builtin_map[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<!DOCTYPE map PUBLIC \"-//OASIS//DTD DITA Map//EN\" \"map.dtd\">\n"
	"<map><title>Built in</title>\n"
	"  <topichead navtitle=\"Widgets\">\n"
	"    <topicref href=\"widget-jammed.dita\" type=\"troubleshooting\"/>\n"
	"  </topichead>\n"
	"</map>\n";

static const char builtin_topic[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<!DOCTYPE troubleshooting PUBLIC \"-//OASIS//DTD DITA Troubleshooting//EN\" \"troubleshooting.dtd\">\n"
	"<troubleshooting id=\"widget-jammed\">\n"
	"  <title>Enrollment stops with <msgnum>WidgetJammed</msgnum></title>\n"
	"  <troublebody>\n"
	"    <condition><p>The frobnicator reports <msgph>Widget jammed</msgph>.</p></condition>\n"
	"    <troubleSolution><cause><p>Dust in the widget.</p></cause>\n"
	"      <remedy><steps><step><cmd>Clean the widget.</cmd></step></steps></remedy>\n"
	"    </troubleSolution>\n"
	"  </troublebody>\n"
	"</troubleshooting>\n";

static const struct pack_file builtin[] = {
	{ "enrollkb.ditamap", builtin_map, sizeof(builtin_map) - 1 },
	{ "widget-jammed.dita", builtin_topic, sizeof(builtin_topic) - 1 },
};

#define BUILTIN_ID UINT64_C(0x0123456789abcdef)

/* ---- Files ------------------------------------------------------------------ */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	cr_assert_not_null(f, "open %s: %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(&sb, buf, n);
	fclose(f);
	*len = sb.len;
	return sb_detach(&sb);
}

static void spit(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	cr_assert_not_null(f, "create %s: %s", path, strerror(errno));
	cr_assert_eq(fwrite(data, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
}

/* Rewrites bytes in place: same inode, same size. */
static void overwrite(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY);

	cr_assert_geq(fd, 0, "open %s", path);
	cr_assert_eq(write(fd, data, len), (ssize_t)len);
	cr_assert_eq(close(fd), 0);
}

static char *path_join(const char *a, const char *b)
{
	struct strbuf sb = STRBUF_INIT;

	sb_printf(&sb, "%s/%s", a, b);
	return sb_detach(&sb);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* ---- The fixture ------------------------------------------------------------ */

static char root[64];
static char *pack;          /* root/pack: a copy of the shipped pack */
static char *cache_home;    /* root/cache */
static const char *dirs[2];
static struct pack_set set;
static struct index_cache_key key;

static char *in_pack(const char *name)
{
	return path_join(pack, name);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls > lx && strcmp(s + ls - lx, suffix) == 0;
}

static void copy_shipped(void)
{
	static const char *const names[] = {
		"enrollkb.ditamap", "device-cap-reached.dita",
		"apns-certificate-not-valid.dita", "xpc-type-error-connection-invalid.dita",
		"profile-installation-failed.dita", "stuck-on-enrollment-screen.dita",
		"token-expired-or-invalid.dita", "workplace-join-failed.dita",
	};
	char *src, *dst, *data;
	size_t i, len;
	DIR *d;
	struct dirent *de;

	cr_assert_eq(mkdir(pack, 0755), 0);
	d = opendir(SRCDIR "/content");
	cr_assert_not_null(d);
	while ((de = readdir(d)) != NULL) {
		if (!has_suffix(de->d_name, ".dita") && !has_suffix(de->d_name, ".ditamap"))
			continue;
		src = path_join(SRCDIR "/content", de->d_name);
		dst = in_pack(de->d_name);
		data = slurp(src, &len);
		spit(dst, data, len);
		free(data);
		free(src);
		free(dst);
	}
	closedir(d);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct stat st;

		dst = in_pack(names[i]);
		cr_assert_eq(stat(dst, &st), 0, "the shipped pack has %s", names[i]);
		free(dst);
	}
}

static void setup(void)
{
	strcpy(root, "/tmp/enrollkb-cache-test.XXXXXX");
	cr_assert_not_null(mkdtemp(root));
	pack = path_join(root, "pack");
	cache_home = path_join(root, "cache");
	copy_shipped();
	setenv("XDG_CACHE_HOME", cache_home, 1);
	unsetenv("ENROLLKB_NO_CACHE");
	dirs[0] = pack;
	set.builtin = builtin;
	set.nbuiltin = sizeof(builtin) / sizeof(builtin[0]);
	set.dirs = dirs;
	set.ndirs = 1;
	key.set = &set;
	key.builtin_id = BUILTIN_ID;
	key.program = NULL;
}

static void teardown(void)
{
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(pack);
	free(cache_home);
}

TestSuite(cache, .init = setup, .fini = teardown);

/* A normal load: the index, its diagnostics, saved to the cache. */
struct live {
	struct kb *kb;
	struct search_index *idx;
	struct diag_list dl;
};

static void live_load(struct live *l, bool save)
{
	struct pack_sources src = PACK_SOURCES_INIT;
	int64_t start = index_cache_now();
	char *path = index_cache_path(&key);

	memset(l, 0, sizeof(*l));
	l->kb = pack_load_traced(&set, &l->dl, &src);
	l->idx = search_index_build(l->kb);
	cr_assert_not_null(path);
	if (save)
		cr_assert(index_cache_save(path, &key, l->idx, &l->dl, &src, start),
			  "the cache is saved to %s", path);
	pack_sources_free(&src);
	free(path);
}

static void live_free(struct live *l)
{
	search_index_free(l->idx);
	kb_free(l->kb);
	diag_list_free(&l->dl);
}

static struct index_cache *open_cache(void)
{
	char *path = index_cache_path(&key);
	struct index_cache *c = index_cache_open(path, &key);

	free(path);
	return c;
}

/* Saves, checks the cache is used, applies change, checks it is refused,
 * then that a normal load saves one that is used again. */
static void expect_refused_after(void (*change)(void), const char *what)
{
	struct live l;
	struct index_cache *c;

	live_load(&l, true);
	live_free(&l);
	c = open_cache();
	cr_assert_not_null(c, "%s: a fresh cache is used", what);
	index_cache_close(c);
	change();
	c = open_cache();
	cr_expect_null(c, "%s: the cache is refused", what);
	index_cache_close(c);
	live_load(&l, true);
	live_free(&l);
	c = open_cache();
	cr_expect_not_null(c, "%s: once saved again the cache is used", what);
	index_cache_close(c);
}

static size_t find_doc(const struct search_index *idx, const char *id)
{
	size_t d;

	for (d = 0; d < search_index_ndocs(idx); d++)
		if (strcmp(search_index_doc_id(idx, d), id) == 0)
			return d;
	return (size_t)-1;
}

/* ---- Same answers --------------------------------------------------------- */

static void add_query(char ***v, size_t *n, char *q)
{
	*v = realloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = q;
}

/* Queries of every kind from the content itself: titles, keywords and
 * codes as typed, their starts (prefix), a transposed letter (typo),
 * run together (decompounding), and a short description pasted whole. */
static size_t make_queries(const struct kb *kb, char ***out)
{
	char **v = NULL, *q;
	size_t n = 0, i, k;

	for (i = 0; i < kb->narticles; i++) {
		const struct kb_article *a = kb->articles[i];

		add_query(&v, &n, strdup(a->title));
		add_query(&v, &n, strndup(a->title, strlen(a->title) / 3 + 1));
		if (a->shortdesc && *a->shortdesc)
			add_query(&v, &n, strdup(a->shortdesc));
		for (k = 0; k < a->nkeywords; k++) {
			size_t len = strlen(a->keywords[k]);
			char *sp;

			add_query(&v, &n, strdup(a->keywords[k]));
			q = strdup(a->keywords[k]);
			if (len > 5) {
				char t = q[2];

				q[2] = q[3];
				q[3] = t;
			}
			add_query(&v, &n, q);
			q = strdup(a->keywords[k]);
			while ((sp = strchr(q, ' ')) != NULL)
				memmove(sp, sp + 1, strlen(sp));
			add_query(&v, &n, q);
		}
		for (k = 0; k < a->ncodes; k++)
			add_query(&v, &n, strdup(a->codes[k]));
	}
	add_query(&v, &n, strdup("iPhone mobileassetd[83] <Notice>: 0x1a49aebc0 Client connection: XPC_TYPE_ERROR Connection invalid"));
	add_query(&v, &n, strdup("zzzqqqxx"));
	*out = v;
	return n;
}

static void expect_same_answers(const struct search_index *live, const struct search_index *mapped,
				const struct kb *kb)
{
	char **qs;
	size_t nq = make_queries(kb, &qs), i, k, d, total = 0;

	cr_assert_gt(nq, 200, "enough queries (%zu)", nq);
	cr_assert_eq(search_index_ndocs(mapped), search_index_ndocs(live));
	cr_assert_eq(search_index_ntokens(mapped), search_index_ntokens(live));
	for (d = 0; d < search_index_ndocs(live); d++) {
		cr_assert_str_eq(search_index_doc_id(mapped, d), search_index_doc_id(live, d));
		cr_assert_str_eq(search_index_doc_title(mapped, d), search_index_doc_title(live, d));
		cr_assert_str_eq(search_index_doc_category(mapped, d),
				 search_index_doc_category(live, d));
	}
	for (i = 0; i < nq; i++) {
		struct search_query *ql = search_query_new(live, qs[i]);
		struct search_query *qm = search_query_new(mapped, qs[i]);
		struct search_hit *hl, *hm;
		size_t nl = search_query_run(live, ql, 0, &hl);
		size_t nm = search_query_run(mapped, qm, 0, &hm);

		cr_assert_eq(nm, nl, "\"%s\": %zu hits mapped, %zu live", qs[i], nm, nl);
		for (k = 0; k < nl; k++) {
			const char *t = search_index_doc_title(live, hl[k].article);
			struct search_match *ml, *mm;
			size_t nml, nmm;

			cr_assert_eq(hm[k].article, hl[k].article, "\"%s\" hit %zu", qs[i], k);
			cr_assert_eq(hm[k].score, hl[k].score, "\"%s\" hit %zu score", qs[i], k);
			nml = search_query_matches(ql, t, strlen(t), &ml);
			nmm = search_query_matches(qm, t, strlen(t), &mm);
			cr_assert_eq(nmm, nml);
			if (nml)
				cr_assert_eq(memcmp(mm, ml, nml * sizeof(*ml)), 0);
			free(ml);
			free(mm);
		}
		total += nl;
		free(hl);
		free(hm);
		search_query_free(ql);
		search_query_free(qm);
		free(qs[i]);
	}
	free(qs);
	cr_assert_gt(total, nq, "the queries find things (%zu hits)", total);
}

Test(cache, mapped_index_answers_like_the_live_one)
{
	struct live l;
	struct index_cache *c;
	const struct diag_list *dl;
	size_t i;

	live_load(&l, true);
	c = open_cache();
	cr_assert_not_null(c, "the cache just saved is used");
	cr_assert_neq(find_doc(index_cache_index(c), "widget-jammed"), (size_t)-1,
		      "the built-in pack is in it");
	cr_assert_neq(find_doc(index_cache_index(c), "device-cap-reached"), (size_t)-1,
		      "the pack directory is in it");
	expect_same_answers(l.idx, index_cache_index(c), l.kb);
	dl = index_cache_diags(c);
	cr_assert_eq(dl->n, l.dl.n, "the load's diagnostics are kept");
	for (i = 0; i < dl->n; i++) {
		cr_assert_eq(dl->v[i].severity, l.dl.v[i].severity);
		cr_assert_eq(dl->v[i].line, l.dl.v[i].line);
		cr_assert_str_eq(dl->v[i].message, l.dl.v[i].message);
	}
	index_cache_close(c);
	live_free(&l);
}

Test(cache, diagnostics_come_back_from_the_cache)
{
	struct live l;
	struct index_cache *c;
	const struct diag_list *dl;
	char *path = in_pack("enrollkb.ditamap"), *map;
	size_t len, i;
	bool seen = false;

	/* a map entry for a topic that is not there: an error */
	map = slurp(path, &len);
	{
		const char *head = "<topichead navtitle=\"Enrollment errors\">";
		char *at = strstr(map, head);
		struct strbuf sb = STRBUF_INIT;

		cr_assert_not_null(at);
		at += strlen(head);
		sb_add(&sb, map, (size_t)(at - map));
		sb_puts(&sb, "<topicref href=\"not-written-yet.dita\" type=\"troubleshooting\"/>");
		sb_puts(&sb, at);
		spit(path, sb.s, sb.len);
		sb_free(&sb);
	}
	live_load(&l, true);
	cr_assert_gt(diag_count(&l.dl, DIAG_ERROR), 0, "the load reports the missing topic");
	c = open_cache();
	cr_assert_not_null(c);
	dl = index_cache_diags(c);
	cr_assert_eq(dl->n, l.dl.n);
	for (i = 0; i < dl->n; i++) {
		cr_assert_eq(dl->v[i].severity, l.dl.v[i].severity);
		cr_assert_str_eq(dl->v[i].file, l.dl.v[i].file);
		cr_assert_eq(dl->v[i].line, l.dl.v[i].line);
		cr_assert_str_eq(dl->v[i].message, l.dl.v[i].message);
		seen |= strstr(dl->v[i].message, "not-written-yet.dita") != NULL;
	}
	cr_assert(seen, "the missing topic's error is among them");
	index_cache_close(c);
	live_free(&l);

	/* writing the missing topic makes the cache stale */
	{
		char *topic = in_pack("not-written-yet.dita");
		char *src = in_pack("device-cap-reached.dita");
		char *data = slurp(src, &len), *id = strstr(data, "id=\"device-cap-reached\"");

		cr_assert_not_null(id);
		{
			struct strbuf sb = STRBUF_INIT;

			sb_add(&sb, data, (size_t)(id - data));
			sb_puts(&sb, "id=\"not-written-yet\"");
			sb_puts(&sb, id + strlen("id=\"device-cap-reached\""));
			spit(topic, sb.s, sb.len);
			sb_free(&sb);
		}
		c = open_cache();
		cr_expect_null(c, "a topic that could not be read now can: refused");
		index_cache_close(c);
		free(topic);
		free(src);
		free(data);
	}
	free(map);
	free(path);
}

/* ---- Each way to go stale ---------------------------------------------------- */

static char *victim(void)
{
	return in_pack("device-cap-reached.dita");
}

static void change_same_size(void)
{
	char *path = victim(), *data, *at;
	size_t len;
	struct stat st;
	struct timespec times[2];

	cr_assert_eq(stat(path, &st), 0);
	data = slurp(path, &len);
	at = strstr(data, "DeviceCapReached");
	cr_assert_not_null(at);
	memcpy(at, "DeviceCapRached!", 16);   /* same length */
	overwrite(path, data, len);
	/* and the old times back, as a tool that keeps them would */
	times[0] = st.st_atim;
	times[1] = st.st_mtim;
	cr_assert_eq(utimensat(AT_FDCWD, path, times, 0), 0);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq((size_t)st.st_size, len);
	free(data);
	free(path);
}

static void touch_file(void)
{
	char *path = victim();
	struct timespec times[2] = { { 0, UTIME_OMIT }, { 1000000000, 0 } };

	cr_assert_eq(utimensat(AT_FDCWD, path, times, 0), 0);
	free(path);
}

static void add_file(void)
{
	char *path = in_pack("new-topic.dita");

	spit(path, builtin_topic, sizeof(builtin_topic) - 1);
	free(path);
}

static void remove_file(void)
{
	char *path = victim();

	cr_assert_eq(unlink(path), 0);
	free(path);
}

static void other_builtin(void)
{
	key.builtin_id = BUILTIN_ID + 1;
}

static void other_program(void)
{
	key.program = "enrollkb 0.0.0-test";
}

static char *cache_file(void)
{
	char *path = index_cache_path(&key);
	struct stat st;

	cr_assert_not_null(path);
	cr_assert_eq(stat(path, &st), 0, "the cache file %s exists", path);
	return path;
}

static void truncate_by_one(void)
{
	char *path = cache_file();
	struct stat st;

	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(truncate(path, st.st_size - 1), 0);
	free(path);
}

static void truncate_to_half(void)
{
	char *path = cache_file();
	struct stat st;

	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(truncate(path, st.st_size / 2), 0);
	free(path);
}

static void flip_byte(off_t at)
{
	char *path = cache_file();
	unsigned char b;
	int fd = open(path, O_RDWR);

	cr_assert_geq(fd, 0);
	cr_assert_eq(pread(fd, &b, 1, at), 1);
	b ^= 0x10;
	cr_assert_eq(pwrite(fd, &b, 1, at), 1);
	close(fd);
	free(path);
}

static void flip_at(double where)
{
	char *path = cache_file();
	struct stat st;

	cr_assert_eq(stat(path, &st), 0);
	free(path);
	flip_byte((off_t)((double)st.st_size * where));
}

static void flip_in_the_payload(void)
{
	flip_at(0.6);
}

static void flip_near_the_end(void)
{
	flip_at(0.999);
}

static void flip_in_the_header(void)
{
	flip_byte(40);
}

static void wrong_format(void)
{
	char *path = cache_file();
	uint32_t v;
	int fd = open(path, O_RDWR);

	cr_assert_geq(fd, 0);
	cr_assert_eq(pread(fd, &v, sizeof(v), INDEX_CACHE_FORMAT_OFFSET), (ssize_t)sizeof(v));
	cr_assert_eq(v, INDEX_CACHE_FORMAT, "the format is where the header says");
	v++;
	cr_assert_eq(pwrite(fd, &v, sizeof(v), INDEX_CACHE_FORMAT_OFFSET), (ssize_t)sizeof(v));
	close(fd);
	free(path);
}

/* Every pack file and the pack directory written an hour ago: old enough
 * for their times to be trusted. */
static void age_pack(void)
{
	struct timespec times[2] = { { 0, UTIME_OMIT }, { 0, 0 } };
	DIR *d = opendir(pack);
	struct dirent *de;

	times[1].tv_sec = time(NULL) - 3600;
	cr_assert_not_null(d);
	while ((de = readdir(d)) != NULL) {
		char *f = in_pack(de->d_name);

		if (de->d_name[0] != '.')
			cr_assert_eq(utimensat(AT_FDCWD, f, times, 0), 0);
		free(f);
	}
	closedir(d);
	cr_assert_eq(utimensat(AT_FDCWD, pack, times, 0), 0);
}

Test(cache, file_changed_with_the_same_size_and_times) { expect_refused_after(change_same_size, "same size"); }

/* Old files: their times are trusted, so only the ctime can tell. */
Test(cache, old_file_changed_with_its_times_put_back)
{
	age_pack();
	expect_refused_after(change_same_size, "same size, old file");
}
Test(cache, file_touched) { expect_refused_after(touch_file, "touched"); }
Test(cache, file_added_to_the_pack) { expect_refused_after(add_file, "added"); }
Test(cache, file_removed_from_the_pack) { expect_refused_after(remove_file, "removed"); }
Test(cache, another_builtin_pack) { expect_refused_after(other_builtin, "built-in id"); }
Test(cache, another_program) { expect_refused_after(other_program, "program"); }
Test(cache, truncated_by_one_byte) { expect_refused_after(truncate_by_one, "truncated by one"); }
Test(cache, truncated_to_half) { expect_refused_after(truncate_to_half, "truncated to half"); }
Test(cache, flipped_byte_in_the_payload) { expect_refused_after(flip_in_the_payload, "flipped payload"); }
Test(cache, flipped_byte_near_the_end) { expect_refused_after(flip_near_the_end, "flipped end"); }
Test(cache, flipped_byte_in_the_header) { expect_refused_after(flip_in_the_header, "flipped header"); }
Test(cache, wrong_format_version) { expect_refused_after(wrong_format, "format"); }

Test(cache, file_added_in_a_subdirectory)
{
	char *sub = in_pack("more");
	char *path;

	cr_assert_eq(mkdir(sub, 0755), 0);
	{
		struct live l;
		struct index_cache *c;

		live_load(&l, true);
		live_free(&l);
		c = open_cache();
		cr_assert_not_null(c);
		index_cache_close(c);
		path = path_join(sub, "late.dita");
		spit(path, builtin_topic, sizeof(builtin_topic) - 1);
		c = open_cache();
		cr_expect_null(c, "a topic added to a subdirectory is noticed");
		index_cache_close(c);
		free(path);
	}
	free(sub);
}

Test(cache, a_changed_title_shows_after_the_rewrite)
{
	struct live l;
	struct index_cache *c;
	char *path = victim(), *data, *at;
	const char *t;
	size_t len, d;
	struct strbuf sb = STRBUF_INIT;

	live_load(&l, true);
	live_free(&l);
	data = slurp(path, &len);
	at = strstr(data, "<title>");
	cr_assert_not_null(at);
	sb_add(&sb, data, (size_t)(at - data) + strlen("<title>"));
	sb_puts(&sb, "Renamed: ");
	sb_puts(&sb, at + strlen("<title>"));
	spit(path, sb.s, sb.len);
	c = open_cache();
	cr_assert_null(c, "a longer topic is noticed");
	live_load(&l, true);
	live_free(&l);
	c = open_cache();
	cr_assert_not_null(c);
	d = find_doc(index_cache_index(c), "device-cap-reached");
	cr_assert_neq(d, (size_t)-1);
	t = search_index_doc_title(index_cache_index(c), d);
	cr_assert(strncmp(t, "Renamed: ", 9) == 0, "the new title '%s' is in the cache", t);
	index_cache_close(c);
	sb_free(&sb);
	free(data);
	free(path);
}

Test(cache, another_pack_set_is_another_file)
{
	struct live l;
	char *p1, *p2;
	struct index_cache *c;
	const char *two[2];

	live_load(&l, true);
	live_free(&l);
	p1 = index_cache_path(&key);
	two[0] = pack;
	two[1] = SRCDIR "/tests/fixtures/merge-a";
	set.dirs = two;
	set.ndirs = 2;
	p2 = index_cache_path(&key);
	cr_assert_str_neq(p1, p2, "a set with another pack has its own file");
	c = index_cache_open(p1, &key);
	cr_expect_null(c, "the first set's file is refused for the second");
	index_cache_close(c);
	set.dirs = dirs;
	set.ndirs = 1;
	set.builtin = NULL;
	set.nbuiltin = 0;
	c = index_cache_open(p1, &key);
	cr_expect_null(c, "and for the set without the built-in pack");
	index_cache_close(c);
	free(p1);
	free(p2);
}

/* ---- Content checks for files changed in the same clock tick ---------------- */

Test(cache, recent_files_are_checked_by_content)
{
	char *path = victim();
	struct pack_sources src = PACK_SOURCES_INIT;
	struct diag_list dl = DIAG_LIST_INIT;
	struct kb *kb = pack_load_traced(&set, &dl, &src);
	struct pack_stat st;
	size_t i;
	bool found = false;

	for (i = 0; i < src.n; i++)
		if (strcmp(src.v[i].path, path) == 0) {
			st = src.v[i].st;
			found = true;
		}
	cr_assert(found, "the load records %s", path);
	cr_assert_eq(st.kind, PACK_SOURCE_FILE);
	/* INT64_MIN: no time is old enough to trust; INT64_MAX: all are */
	cr_assert(pack_source_unchanged(path, &st, INT64_MIN), "unchanged, checked by content");
	cr_assert(pack_source_unchanged(path, &st, INT64_MAX), "unchanged, by its times");
	st.hash ^= 1;   /* as if the bytes had changed within the same tick */
	cr_expect_not(pack_source_unchanged(path, &st, INT64_MIN),
		      "a recent file whose bytes differ is changed");
	cr_expect(pack_source_unchanged(path, &st, INT64_MAX),
		  "an old file's times are trusted");
	pack_sources_free(&src);
	kb_free(kb);
	diag_list_free(&dl);
	free(path);
}

Test(cache, checked_files_are_trusted_by_time_after_a_refresh)
{
	char *path;
	struct live l;
	struct pack_sources src = PACK_SOURCES_INIT;
	struct index_cache *c;
	struct stat before, after;

	/* every pack file looks written an hour ago; the load claims to have
	 * started as they were written, so all of them are too recent */
	age_pack();
	memset(&l, 0, sizeof(l));
	l.kb = pack_load_traced(&set, &l.dl, &src);
	l.idx = search_index_build(l.kb);
	path = index_cache_path(&key);
	cr_assert(index_cache_save(path, &key, l.idx, &l.dl, &src,
				   ((int64_t)time(NULL) - 3600) * 1000000000));
	cr_assert_eq(stat(path, &before), 0);
	c = index_cache_open(path, &key);
	cr_assert_not_null(c, "checked by content, the cache is used");
	index_cache_close(c);
	cr_assert_eq(stat(path, &after), 0);
	cr_expect_neq(after.st_ino, before.st_ino,
		      "it was rewritten to trust those files' times from now on");
	c = index_cache_open(path, &key);
	cr_assert_not_null(c, "and the rewritten cache is used");
	index_cache_close(c);
	cr_assert_eq(stat(path, &before), 0);
	cr_expect_eq(after.st_ino, before.st_ino, "with nothing left to check, no rewrite");
	pack_sources_free(&src);
	live_free(&l);
	free(path);
}

/* ---- Where, and when not -------------------------------------------------------- */

Test(cache, path_follows_xdg_cache_home_then_home)
{
	char *p, *want;

	p = index_cache_path(&key);
	cr_assert_not_null(p);
	want = path_join(cache_home, "enrollkb/index-");
	cr_expect_eq(strncmp(p, want, strlen(want)), 0, "%s under %s", p, want);
	free(p);
	free(want);
	setenv("HOME", root, 1);
	want = path_join(root, ".cache/enrollkb/index-");
	setenv("XDG_CACHE_HOME", "relative/cache", 1);
	p = index_cache_path(&key);
	cr_expect_eq(strncmp(p, want, strlen(want)), 0, "relative: %s under %s", p, want);
	free(p);
	setenv("XDG_CACHE_HOME", "", 1);
	p = index_cache_path(&key);
	cr_expect_eq(strncmp(p, want, strlen(want)), 0, "empty: %s under %s", p, want);
	free(p);
	unsetenv("XDG_CACHE_HOME");
	p = index_cache_path(&key);
	cr_expect_eq(strncmp(p, want, strlen(want)), 0, "unset: %s under %s", p, want);
	free(p);
	free(want);
	setenv("ENROLLKB_NO_CACHE", "1", 1);
	cr_expect_null(index_cache_path(&key), "ENROLLKB_NO_CACHE=1 turns it off");
	setenv("ENROLLKB_NO_CACHE", "0", 1);
	p = index_cache_path(&key);
	cr_expect_not_null(p, "ENROLLKB_NO_CACHE=0 does not");
	free(p);
	unsetenv("HOME");
	unsetenv("ENROLLKB_NO_CACHE");
	cr_expect_null(index_cache_path(&key), "no absolute directory, no cache");
}

Test(cache, unwritable_cache_dir_leaves_nothing_and_still_answers)
{
	char *file, *path;
	struct live l;
	struct index_cache *c;
	struct search_hit *h;
	size_t n, entries = 0;
	DIR *d;
	struct dirent *de;

	/* a regular file where the directory should be: nothing can be made */
	file = path_join(root, "not-a-dir");
	spit(file, "x", 1);
	setenv("XDG_CACHE_HOME", file, 1);
	path = index_cache_path(&key);
	cr_assert_not_null(path);
	live_load(&l, false);
	{
		struct pack_sources src = PACK_SOURCES_INIT;

		cr_expect_not(index_cache_save(path, &key, l.idx, &l.dl, &src, index_cache_now()),
			      "saving fails");
	}
	c = index_cache_open(path, &key);
	cr_expect_null(c);
	index_cache_close(c);
	n = search_run(l.idx, "DeviceCapReached", 0, &h);
	cr_assert_gt(n, 0, "the live index answers");
	free(h);
	d = opendir(root);
	cr_assert_not_null(d);
	while ((de = readdir(d)) != NULL)
		entries += de->d_name[0] != '.';
	closedir(d);
	cr_expect_eq(entries, 2, "only the pack and that file in %s", root);
	live_free(&l);
	free(path);
	free(file);
}
