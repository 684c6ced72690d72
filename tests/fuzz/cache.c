/* SPDX-License-Identifier: MIT */
/* cache.c: fuzz target for the index cache reader (index_cache_open on a
 * cache file's bytes) and the index it hands out.
 *
 * A cache file carries checksums, so random bytes would never get past
 * them; the target writes the file itself and fixes them up.  Input:
 *
 *   'R' BYTES      the file as is, its section hashes and header checksum
 *                  made to match (what a damaged or forged file looks
 *                  like once someone recomputed them)
 *   'S' TRUST SEC* a well-formed file built from parts: TRUST is the
 *                  header's trust time (8 bytes, little-endian), then each
 *                  section after the identity as a 32-bit little-endian
 *                  length and its bytes (sources, diagnostics, the
 *                  index's eight sections); missing ones are empty
 *
 * The file goes to a memfd and is opened through /proc/self/fd as
 * --search opens its cache.  An index that checks out is queried, and the
 * index's sections are also handed to search_index_from_sections in heap
 * copies of their exact size, so that a read past one is an ASan report
 * (a read past a mapping's end often is not).
 *
 * The header below mirrors index_cache.c's private one; LLVMFuzzerInitialize
 * saves a real cache and stops with a message when the two disagree.
 * ENROLLKB_FUZZ_SEED_DIR=DIR makes it write seed inputs (one of each kind,
 * for a small index) there. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dita.h"
#include "fuzz.h"
#include "hash.h"
#include "index_cache.h"
#include "kb.h"
#include "pack.h"
#include "search.h"
#include "strbuf.h"
#include "xalloc.h"

enum { SEC_IDENTITY, NSEC = 6 + SEARCH_INDEX_SECTIONS, SEC_INDEX = 6 };

struct mirror_section {
	uint64_t offset, size, hash;
};

struct mirror_header {
	char magic[8];
	uint64_t checksum;
	uint32_t byte_order, format, header_size, nsections;
	uint64_t file_size;
	int64_t trust_before_ns;
	struct mirror_section sec[NSEC];
};

static const struct pack_set no_packs = { NULL, 0, NULL, 0 };
static const struct index_cache_key key = { &no_packs, 0, "enrollkb fuzz" };
static int fd = -1;
static char path[64];
static char fdir[] = "/tmp/enrollkb-fuzz-cache-XXXXXX";

static void remove_cache_file(void)
{
	unlink(path);
	rmdir(fdir);
}
static struct strbuf identity = STRBUF_INIT;

static const char *const queries[] = {
	"device", "enrollment fails", "0x80180014", "devicecap", "profle",
	"the device could not be enrolled because the user has too many devices",
};

static uint64_t align8(uint64_t n)
{
	return (n + 7) & ~(uint64_t)7;
}

static uint64_t header_checksum(const struct mirror_header *h)
{
	return hash_xxh64((const char *)h + offsetof(struct mirror_header, byte_order),
			  sizeof(*h) - offsetof(struct mirror_header, byte_order), 0);
}

/* Section hashes (of those inside the file) and the header checksum. */
static void fix_sums(char *file, size_t len)
{
	struct mirror_header h;
	int i;

	if (len < sizeof(h))
		return;
	memcpy(&h, file, sizeof(h));
	for (i = 0; i < NSEC; i++)
		if (h.sec[i].offset <= len && h.sec[i].size <= len - h.sec[i].offset)
			h.sec[i].hash = hash_xxh64(file + h.sec[i].offset,
						  (size_t)h.sec[i].size, (uint64_t)i);
	h.checksum = header_checksum(&h);
	memcpy(file, &h, sizeof(h));
}

/* A well-formed file of the sections' bytes, as index_cache_save lays it
 * out. */
static void build_file(struct strbuf *out, int64_t trust, const char *data[NSEC],
		       const size_t size[NSEC])
{
	static const char zeros[8];
	struct mirror_header h;
	uint64_t off = sizeof(h);
	int i;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, "ENRLKBIX", 8);
	h.byte_order = 0x01020304u;
	h.format = INDEX_CACHE_FORMAT;
	h.header_size = sizeof(h);
	h.nsections = NSEC;
	h.trust_before_ns = trust;
	for (i = 0; i < NSEC; i++) {
		h.sec[i].offset = off;
		h.sec[i].size = size[i];
		off = align8(off + size[i]);
	}
	h.file_size = off;
	sb_add(out, (const char *)&h, sizeof(h));
	for (i = 0; i < NSEC; i++) {
		sb_add(out, data[i], size[i]);
		sb_add(out, zeros, (size_t)(align8(out->len) - out->len));
	}
	fix_sums(out->s, out->len);
}

static uint64_t get_le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static void put_le(struct strbuf *sb, uint64_t v, int n)
{
	while (n--) {
		sb_putc(sb, (char)(v & 0xff));
		v >>= 8;
	}
}

static void use_index(const struct search_index *idx)
{
	size_t i, n = search_index_ndocs(idx), k;

	for (i = 0; i < n && i < 1000; i++) {
		FUZZ_CHECK(search_index_doc_id(idx, i) && search_index_doc_title(idx, i) &&
			   search_index_doc_category(idx, i), "doc %zu", i);
		(void)strlen(search_index_doc_id(idx, i));
		(void)strlen(search_index_doc_title(idx, i));
		(void)strlen(search_index_doc_category(idx, i));
	}
	for (k = 0; k < sizeof(queries) / sizeof(*queries); k++) {
		struct search_hit *hits = NULL;
		size_t nh = search_run(idx, queries[k], 0, &hits);

		for (i = 0; i < nh; i++)
			FUZZ_CHECK(hits[i].article < n, "hit %zu is doc %zu of %zu", i,
				   hits[i].article, n);
		free(hits);
	}
}

/* The index sections of a well-formed file, in heap copies. */
static void index_from_copies(const char *data[NSEC], const size_t size[NSEC])
{
	struct search_index_section sec[SEARCH_INDEX_SECTIONS];
	void *copy[SEARCH_INDEX_SECTIONS];
	struct search_index *idx;
	int i;

	for (i = 0; i < SEARCH_INDEX_SECTIONS; i++) {
		copy[i] = xmalloc(size[SEC_INDEX + i] ? size[SEC_INDEX + i] : 1);
		memcpy(copy[i], data[SEC_INDEX + i], size[SEC_INDEX + i]);
		sec[i].data = copy[i];
		sec[i].size = size[SEC_INDEX + i];
	}
	idx = search_index_from_sections(sec);
	if (idx)
		use_index(idx);
	search_index_free(idx);
	for (i = 0; i < SEARCH_INDEX_SECTIONS; i++)
		free(copy[i]);
}

static void open_file(const char *bytes, size_t len)
{
	struct index_cache *c;

	FUZZ_CHECK(ftruncate(fd, 0) == 0 && pwrite(fd, bytes, len, 0) == (ssize_t)len,
		   "cannot write the cache file: %s", strerror(errno));
	c = index_cache_open(path, &key);
	if (c) {
		const struct diag_list *dl = index_cache_diags(c);
		size_t i;

		for (i = 0; i < dl->n; i++)
			(void)strlen(dl->v[i].message);
		use_index(index_cache_index(c));
	}
	index_cache_close(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf file = STRBUF_INIT;

	if (size < 1)
		return 0;
	if (data[0] == 'R') {
		sb_add(&file, (const char *)data + 1, size - 1);
		fix_sums(file.s, file.len);
		open_file(sb_str(&file), file.len);
	} else if (data[0] == 'S' && size >= 9) {
		const char *sec[NSEC];
		size_t len[NSEC], at = 9;
		int i;

		sec[SEC_IDENTITY] = identity.s;
		len[SEC_IDENTITY] = identity.len;
		for (i = 1; i < NSEC; i++) {
			size_t n = at + 4 <= size ? (size_t)get_le(data + at, 4) : 0;

			at = at + 4 <= size ? at + 4 : size;
			if (n > size - at)
				n = size - at;
			sec[i] = (const char *)data + at;
			len[i] = n;
			at += n;
		}
		build_file(&file, (int64_t)get_le(data + 1, 8), sec, len);
		open_file(file.s, file.len);
		index_from_copies(sec, len);
	}
	sb_free(&file);
	return 0;
}

/* ---- Set-up: the memfd, the identity, the mirror checked, seeds -------- */

static struct search_index *small_index(void)
{
	static const char *const topics[] = {
		"<troubleshooting id=\"device-cap\"><title>Enrollment fails with "
		"<msgnum>DeviceCapReached</msgnum></title><troublebody><condition>"
		"<p>The user has enrolled too many devices.</p></condition>"
		"</troublebody></troubleshooting>",
		"<troubleshooting id=\"profile\"><title>Profile installation failed"
		"</title><shortdesc>A network error <msgnum>0x80180014</msgnum>.</shortdesc>"
		"<troublebody/></troubleshooting>",
	};
	struct kb *kb = kb_new();
	struct dita_xrefs x = { NULL, 0, 0 };
	struct diag_list dl = DIAG_LIST_INIT;
	struct search_index *idx;
	size_t i;

	for (i = 0; i < sizeof(topics) / sizeof(*topics); i++) {
		struct kb_article *a = dita_parse_topic(kb, "seed.dita", topics[i],
							 strlen(topics[i]), &x, &dl);

		FUZZ_CHECK(a && kb_add_article(kb, a), "seed topic %zu", i);
		kb_category_add(kb, kb_category(kb, "Enrollment errors"), kb->narticles - 1);
	}
	kb_finish(kb);
	idx = search_index_build(kb);
	kb_free(kb);
	dita_xrefs_free(&x);
	diag_list_free(&dl);
	return idx;
}

static void read_back(const char *file, struct strbuf *sb)
{
	char buf[4096];
	ssize_t n;
	int rfd = open(file, O_RDONLY | O_CLOEXEC);

	FUZZ_CHECK(rfd >= 0, "%s: %s", file, strerror(errno));
	while ((n = read(rfd, buf, sizeof(buf))) > 0)
		sb_add(sb, buf, (size_t)n);
	close(rfd);
}

static void write_seed(const char *dir, const char *name, const struct strbuf *sb)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(p, "wb");

	FUZZ_CHECK(fp && fwrite(sb->s, 1, sb->len, fp) == sb->len && fclose(fp) == 0,
		   "cannot write %s", p);
	free(p);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct search_index *idx = small_index();
	struct pack_sources src = PACK_SOURCES_INIT;
	struct diag_list dl = DIAG_LIST_INIT;
	struct pack_source s = { (char *)"no/such/file.dita", { 0 } };
	struct mirror_header h;
	struct strbuf saved = STRBUF_INIT, seed = STRBUF_INIT;
	char dir[] = "/tmp/enrollkb-fuzz-XXXXXX";
	const char *seed_dir = getenv("ENROLLKB_FUZZ_SEED_DIR");
	char *file;
	int i;

	(void)argc;
	(void)argv;
	/* A regular file in a private directory: the reader refuses
	 * symlinks (so no /proc/self/fd path to a memfd) and shared dirs. */
	{

		FUZZ_CHECK(mkdtemp(fdir), "mkdtemp: %s", strerror(errno));
		snprintf(path, sizeof(path), "%s/cache.idx", fdir);
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		FUZZ_CHECK(fd >= 0, "%s: %s", path, strerror(errno));
		atexit(remove_cache_file);
	}

	/* A real cache of a small index, with a source and diagnostics. */
	s.st.kind = PACK_SOURCE_MISSING;
	src.v = &s;
	src.n = 1;
	diag_add(&dl, DIAG_WARNING, "seed.dita", 3, "a warning");
	diag_add(&dl, DIAG_ERROR, NULL, 0, "an error");
	FUZZ_CHECK(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
	file = xasprintf("%s/seed.idx", dir);
	FUZZ_CHECK(index_cache_save(file, &key, idx, &dl, &src, index_cache_now()),
		   "index_cache_save failed");
	read_back(file, &saved);
	unlink(file);
	rmdir(dir);
	free(file);
	diag_list_free(&dl);

	FUZZ_CHECK(saved.len >= sizeof(h), "a %zu-byte cache", saved.len);
	memcpy(&h, saved.s, sizeof(h));
	FUZZ_CHECK(memcmp(h.magic, "ENRLKBIX", 8) == 0 && h.header_size == sizeof(h) &&
		   h.nsections == NSEC && h.file_size == saved.len &&
		   h.checksum == header_checksum(&h),
		   "index_cache.c's file layout changed: update tests/fuzz/cache.c");
	sb_add(&identity, saved.s + h.sec[SEC_IDENTITY].offset,
	       (size_t)h.sec[SEC_IDENTITY].size);

	/* The same file, raw and rebuilt from its parts, must open. */
	sb_putc(&seed, 'R');
	sb_add(&seed, saved.s, saved.len);
	if (seed_dir)
		write_seed(seed_dir, "raw.bin", &seed);
	{
		struct index_cache *c;

		open_file(saved.s, saved.len);
		c = index_cache_open(path, &key);
		FUZZ_CHECK(c && index_cache_diags(c)->n == 2,
			   "a cache just saved does not open: update tests/fuzz/cache.c");
		index_cache_close(c);
	}
	sb_truncate(&seed, 0);
	sb_putc(&seed, 'S');
	put_le(&seed, (uint64_t)h.trust_before_ns, 8);
	for (i = 1; i < NSEC; i++) {
		put_le(&seed, h.sec[i].size, 4);
		sb_add(&seed, saved.s + h.sec[i].offset, (size_t)h.sec[i].size);
	}
	{
		struct strbuf rebuilt = STRBUF_INIT;
		const char *sec[NSEC];
		size_t len[NSEC];

		for (i = 0; i < NSEC; i++) {
			sec[i] = saved.s + h.sec[i].offset;
			len[i] = (size_t)h.sec[i].size;
		}
		build_file(&rebuilt, h.trust_before_ns, sec, len);
		FUZZ_CHECK(rebuilt.len == saved.len &&
			   memcmp(rebuilt.s, saved.s, saved.len) == 0,
			   "a rebuilt cache differs from the saved one: update tests/fuzz/cache.c");
		sb_free(&rebuilt);
	}
	if (seed_dir)
		write_seed(seed_dir, "parts.bin", &seed);
	sb_free(&seed);
	sb_free(&saved);
	search_index_free(idx);
	return 0;
}
