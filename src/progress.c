/* progress.c: checklist state -- which steps are done, per case, with tick
 * times and notes; one human-readable file per case, saved atomically and
 * merged under a lock with what other enrollkb processes saved; Markdown
 * export of an article's checklist.
 *
 * ---- State file format (version 1) ----------------------------------------
 *
 * Location: $XDG_STATE_HOME/enrollkb/cases/NAME; when XDG_STATE_HOME is
 * unset, empty or not an absolute path, $HOME/.local/state/enrollkb/cases/NAME.
 * NAME is the case name percent-encoded: every byte other than A-Z a-z 0-9
 * "-" and "_" becomes "%" and two upper-case hex digits, so the case
 * "INC 42/ä" lives in "INC%2042%2F%C3%A4" and ".." in "%2E%2E".  A case
 * name whose encoding would be longer than 200 bytes is cut at 183 bytes
 * and gets "~" and 16 hex digits (a hash of the whole name) appended; its
 * real name is then only in the file's "# case:" line.  An empty case name
 * is "default".  Case files never contain a dot, so the other files in that
 * directory are never taken for cases:
 *   NAME.lock                       lock file (flock) serialising saves
 *   NAME.tmp                        the next version being written
 *   NAME.corrupt-YYYYMMDDTHHMMSSZ   a file that could not be parsed, set
 *                                   aside untouched (-2, -3 ... appended
 *                                   when that name is taken)
 *
 * The file is UTF-8 text, lines end in LF (a CR before it is ignored):
 *
 *   # enrollkb checklist 1
 *   # case: INC 42/ä
 *   # article<TAB>step<TAB>done<TAB>changed<TAB>note
 *   device-cap-reached<TAB>8c0f7c1e3e5b9d2a<TAB>2026-11-26T10:32:00Z<TAB>2026-11-26T10:32:00Z<TAB>15 devices, limit 15
 *   device-cap-reached<TAB>5d41402abc4b2a76-2<TAB>-<TAB>2026-11-26T10:40:00Z<TAB>
 *
 * The first line is "# enrollkb checklist " and the format version.  Other
 * lines starting with "#" are comments, except that the first "# case: "
 * line names the case (escaped like a note); when present it must be the
 * case the file name stands for.  Empty lines are ignored.  Every other line
 * is one step entry of five TAB-separated fields:
 *   article  the article id
 *   step     the step key: 16 lower-case hex digits, the 64-bit FNV-1a hash
 *            of the step's plain command text (markup removed, runs of
 *            whitespace and control characters collapsed to one space,
 *            trimmed); "-N" is appended for the Nth step (N >= 2) of the
 *            article (steps and substeps in reading order) with the same
 *            text.  A step whose text changes gets a new key.
 *   done     the time the step was ticked, or "-" when it is not done
 *   changed  the last change of the entry (tick, untick, note, reset)
 *   note     a one-line note, possibly empty; "\\" stands for a backslash,
 *            "\t" for a tab, "\n" for a newline and "\r" for a CR
 * Times are UTC, ISO 8601: 2026-11-26T10:32:00Z.  Entries are grouped by
 * article.  Entries for articles or steps that no longer exist are kept.
 * A file of zero bytes is an empty checklist.
 *
 * ---- Saving ----------------------------------------------------------------
 *
 * progress_save takes an exclusive flock on NAME.lock, reads the file again,
 * merges per entry (the tick or note of an entry this process changed since
 * its last load or save wins; everything else on disk is kept; a reset
 * clears the article's other entries on disk that are not newer than the
 * reset), writes NAME.tmp, fsyncs it, renames it over NAME and fsyncs the
 * directory.  A kill at any moment leaves either the old or the new file.
 * Directories are created with mode 0700, files with 0600.
 *
 * ---- Markdown export (--checklist ID, the browser's export) ----------------
 *
 *   # <title>
 *
 *   Case: <case>
 *   Error codes: <code>, <code>          (left out when there are none)
 *
 *   ## Cause 1: <first paragraph of the cause>
 *
 *   - [x] 1. <step text> — 2026-11-26 10:32 UTC — <note>
 *   - [ ] 2. <step text> — <note>
 *     - [ ] a. <substep text>
 *
 * Step text is the plain command text, whitespace collapsed.  Steps of an
 * unordered list (either/or) carry no number; a remedy's title becomes a
 * "### " line; a cause without steps is just its heading. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "progress.h"
#include "utf8.h"
#include "xalloc.h"

#define NONE ((size_t)-1)
#define FORMAT_VERSION 1u
#define MAGIC "# enrollkb checklist "
#define CASE_PREFIX "# case: "
#define DEFAULT_CASE "default"
/* Longest encoded case name kept whole: leaves room in NAME_MAX (255) for
 * ".corrupt-YYYYMMDDTHHMMSSZ-NN". */
#define CASE_FILE_MAX 200
#define CASE_FILE_CUT 183
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

/* Entries in file order, with an open-addressing index over them. */
struct entries {
	struct entry *v;
	size_t n, cap;
	size_t *slots;
	size_t nslots;
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
	bool persistent;
	bool dirty;          /* some entry is dirty */
	struct entries e;
	struct reset *resets;   /* articles reset since the last save */
	size_t nresets, resets_cap;
};

static void (*test_hook)(const char *stage);

void progress_set_test_hook(void (*hook)(const char *stage))
{
	test_hook = hook;
}

static void hook(const char *stage)
{
	if (test_hook)
		test_hook(stage);
}

/* ---- Hashing ------------------------------------------------------------- */

#define FNV_OFFSET 14695981039346656037ull
#define FNV_PRIME 1099511628211ull

static uint64_t fnv_bytes(uint64_t h, const char *s, size_t n)
{
	while (n--)
		h = (h ^ (unsigned char)*s++) * FNV_PRIME;
	return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
	return fnv_bytes(h, s, strlen(s));
}

/* Collapses whitespace and control bytes to single spaces and trims, feeding
 * the result to a hash and, when out is set, to a buffer. */
struct norm {
	uint64_t hash;
	struct strbuf *out;
	bool any, space;
};

static void norm_feed(struct norm *nm, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= 0x20 || c == 0x7f) {
			nm->space = nm->any;
			continue;
		}
		if (nm->space) {
			nm->hash = fnv_bytes(nm->hash, " ", 1);
			if (nm->out)
				sb_putc(nm->out, ' ');
			nm->space = false;
		}
		nm->hash = fnv_bytes(nm->hash, s, 1);
		if (nm->out)
			sb_putc(nm->out, (char)c);
		nm->any = true;
	}
}

static uint64_t text_norm(const struct kb_text *t, struct strbuf *out)
{
	struct norm nm = { FNV_OFFSET, out, false, false };
	size_t i;

	for (i = 0; i < t->n; i++)
		norm_feed(&nm, t->spans[i].text);
	return nm.hash;
}

static uint64_t step_hash(const struct kb_step *s)
{
	return text_norm(&s->cmd, NULL);
}

/* ---- Step keys ----------------------------------------------------------- */

/* Position of s in a->steps, or NONE. */
static size_t step_pos(const struct kb_article *a, const struct kb_step *s)
{
	size_t i;

	if (s->index < a->nsteps && a->steps[s->index] == s)
		return s->index;
	for (i = 0; i < a->nsteps; i++)
		if (a->steps[i] == s)
			return i;
	return NONE;
}

static void format_key(char buf[KEY_MAX], uint64_t h, size_t occurrence)
{
	if (occurrence > 1)
		snprintf(buf, KEY_MAX, "%016" PRIx64 "-%zu", h, occurrence);
	else
		snprintf(buf, KEY_MAX, "%016" PRIx64, h);
}

static void step_key(const struct kb_article *a, const struct kb_step *s,
		     char buf[KEY_MAX])
{
	uint64_t h = step_hash(s);
	size_t i, pos = step_pos(a, s), occurrence = 1;

	if (pos != NONE)
		for (i = 0; i < pos; i++)
			occurrence += step_hash(a->steps[i]) == h;
	format_key(buf, h, occurrence);
}

/* Keys of all of a->steps at once (hashing each step once). */
static char (*article_keys(const struct kb_article *a))[KEY_MAX]
{
	char (*keys)[KEY_MAX] = xmalloc((a->nsteps ? a->nsteps : 1) * KEY_MAX);
	uint64_t *h = xmalloc((a->nsteps ? a->nsteps : 1) * sizeof(*h));
	size_t i, j;

	for (i = 0; i < a->nsteps; i++) {
		size_t occurrence = 1;

		h[i] = step_hash(a->steps[i]);
		for (j = 0; j < i; j++)
			occurrence += h[j] == h[i];
		format_key(keys[i], h[i], occurrence);
	}
	free(h);
	return keys;
}

/* The key of s, from keys when s is in the flat list. */
static const char *key_of(const struct kb_article *a, const struct kb_step *s,
			  char (*keys)[KEY_MAX], char buf[KEY_MAX])
{
	size_t pos = step_pos(a, s);

	if (pos != NONE)
		return keys[pos];
	step_key(a, s, buf);
	return buf;
}

char *progress_step_key(const struct kb_article *a, const struct kb_step *s)
{
	char buf[KEY_MAX];

	step_key(a, s, buf);
	return xasprintf("%s#%s", a->id, buf);
}

/* ---- Entries ------------------------------------------------------------- */

static size_t entry_hash(const char *article, const char *key)
{
	uint64_t h = fnv_str(FNV_OFFSET, article);

	h = fnv_bytes(h, "\t", 1);
	return (size_t)fnv_str(h, key);
}

static size_t *entries_slot(const struct entries *es, const char *article,
			    const char *key)
{
	size_t mask = es->nslots - 1;
	size_t i = entry_hash(article, key) & mask;

	for (;; i = (i + 1) & mask) {
		size_t *slot = &es->slots[i];

		if (*slot == NONE || (strcmp(es->v[*slot].key, key) == 0 &&
				      strcmp(es->v[*slot].article, article) == 0))
			return slot;
	}
}

static size_t entries_find(const struct entries *es, const char *article,
			   const char *key)
{
	if (!es->nslots)
		return NONE;
	return *entries_slot(es, article, key);
}

static void entries_rehash(struct entries *es)
{
	size_t i, n = es->nslots ? es->nslots * 2 : 64;

	free(es->slots);
	es->slots = xmalloc(n * sizeof(*es->slots));
	es->nslots = n;
	for (i = 0; i < n; i++)
		es->slots[i] = NONE;
	for (i = 0; i < es->n; i++)
		*entries_slot(es, es->v[i].article, es->v[i].key) = i;
}

/* Adds e (taking its strings), or replaces the entry with the same article
 * and key.  Returns its index. */
static size_t entries_put(struct entries *es, struct entry *e)
{
	size_t *slot;

	if ((es->n + 1) * 2 > es->nslots)
		entries_rehash(es);
	slot = entries_slot(es, e->article, e->key);
	if (*slot != NONE) {
		struct entry *old = &es->v[*slot];

		free(old->article);
		free(old->key);
		free(old->note);
		*old = *e;
		return *slot;
	}
	es->v = xgrow(es->v, &es->cap, es->n + 1, sizeof(*es->v));
	es->v[es->n] = *e;
	*slot = es->n;
	return es->n++;
}

static void entries_free(struct entries *es)
{
	size_t i;

	for (i = 0; i < es->n; i++) {
		free(es->v[i].article);
		free(es->v[i].key);
		free(es->v[i].note);
	}
	free(es->v);
	free(es->slots);
	memset(es, 0, sizeof(*es));
}

/* ---- Text helpers -------------------------------------------------------- */

/* One line of text: tabs, newlines and other whitespace controls become
 * spaces, other control characters (C0, DEL, C1) are dropped, invalid
 * UTF-8 becomes U+FFFD, leading and trailing spaces go. */
static char *one_line(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0, n = strlen(s), end;

	/* Printable ASCII, nothing to trim: the usual case. */
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			break;
	if (i == n && (n == 0 || (s[0] != ' ' && s[n - 1] != ' ')))
		return xstrdup(s);
	i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		if (cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f') {
			sb_putc(&sb, ' ');
		} else if (!utf8_is_control(cp)) {
			char buf[4];

			sb_add(&sb, buf, utf8_encode(cp, buf));
		}
		i += len;
	}
	end = sb.len;
	while (end > 0 && sb.s[end - 1] == ' ')
		end--;
	sb_truncate(&sb, end);
	for (i = 0; i < sb.len && sb.s[i] == ' '; i++)
		;
	if (i) {
		char *t = xstrdup(sb_str(&sb) + i);

		sb_free(&sb);
		return t;
	}
	return sb_detach(&sb);
}

static void put_escaped(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		size_t plain = strcspn(s, "\\\t\n\r");

		sb_add(sb, s, plain);
		s += plain;
		switch (*s) {
		case '\0': return;
		case '\\': sb_puts(sb, "\\\\"); break;
		case '\t': sb_puts(sb, "\\t"); break;
		case '\n': sb_puts(sb, "\\n"); break;
		case '\r': sb_puts(sb, "\\r"); break;
		}
	}
}

/* Unescapes s[0..n) into a new string; NULL on a bad escape. */
static char *unescape(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (!memchr(s, '\\', n))
		return xstrndup(s, n);
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\\') {
			if (++i == n)
				goto bad;
			switch (s[i]) {
			case '\\': c = '\\'; break;
			case 't': c = '\t'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			default: goto bad;
			}
		}
		sb_putc(&sb, c);
	}
	return sb_detach(&sb);
bad:
	sb_free(&sb);
	return NULL;
}

/* Civil date <-> days since 1970-01-01, proleptic Gregorian (H. Hinnant's
 * algorithms): the same as timegm/gmtime_r for UTC, without their cost,
 * which shows when a few thousand entries are read and written per save. */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static void civil_from_days(long long z, long long *y, unsigned *m, unsigned *d)
{
	long long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long long)yoe + era * 400 + (*m <= 2);
}

static void put_digits(char *out, unsigned v, int n)
{
	while (n--) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* "2026-11-26T10:32:00Z" */
static void put_time(struct strbuf *sb, time_t t)
{
	char buf[20];
	long long days = (long long)t / 86400, secs = (long long)t % 86400, y;
	unsigned m, d;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		sb_putc(sb, '-');
		return;
	}
	put_digits(buf, (unsigned)y, 4);
	buf[4] = '-';
	put_digits(buf + 5, m, 2);
	buf[7] = '-';
	put_digits(buf + 8, d, 2);
	buf[10] = 'T';
	put_digits(buf + 11, (unsigned)(secs / 3600), 2);
	buf[13] = ':';
	put_digits(buf + 14, (unsigned)(secs / 60 % 60), 2);
	buf[16] = ':';
	put_digits(buf + 17, (unsigned)(secs % 60), 2);
	buf[19] = 'Z';
	sb_add(sb, buf, sizeof(buf));
}

static bool digits(const char *s, size_t n, unsigned *out)
{
	unsigned v = 0;

	while (n--) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned)(*s++ - '0');
	}
	*out = v;
	return true;
}

/* Strict "YYYY-MM-DDTHH:MM:SSZ", a real date after 1970-01-01T00:00:00Z. */
static bool parse_time(const char *s, size_t n, time_t *out)
{
	static const unsigned char mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned y, mo, d, h, mi, sec;
	long long t;

	if (n != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != 'Z' ||
	    !digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) ||
	    !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) ||
	    !digits(s + 17, 2, &sec))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || sec > 59)
		return false;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return false;
	t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	if (t <= 0 || (time_t)t != t)
		return false;
	*out = (time_t)t;
	return true;
}

/* ---- Case names ---------------------------------------------------------- */

static bool plain_byte(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

char *progress_case_file_name(const char *case_name)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb = STRBUF_INIT;
	const char *s;

	if (!case_name || !*case_name)
		case_name = DEFAULT_CASE;
	for (s = case_name; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (plain_byte(c)) {
			sb_putc(&sb, (char)c);
		} else {
			sb_putc(&sb, '%');
			sb_putc(&sb, hex[c >> 4]);
			sb_putc(&sb, hex[c & 15]);
		}
	}
	if (sb.len > CASE_FILE_MAX) {
		size_t cut = CASE_FILE_CUT;

		/* Never split a %XX. */
		if (sb.s[cut - 1] == '%')
			cut -= 1;
		else if (sb.s[cut - 2] == '%')
			cut -= 2;
		sb_truncate(&sb, cut);
		sb_printf(&sb, "~%016" PRIx64, fnv_str(FNV_OFFSET, case_name));
	}
	return sb_detach(&sb);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *progress_case_from_file_name(const char *file_name)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	char *check;

	if (!*file_name)
		return NULL;
	for (s = file_name; *s; s++) {
		if (*s == '%') {
			int hi = hex_value(s[1]), lo = hi < 0 ? -1 : hex_value(s[2]);

			if (lo < 0)
				goto bad;
			sb_putc(&sb, (char)(hi << 4 | lo));
			s += 2;
		} else if (plain_byte((unsigned char)*s)) {
			sb_putc(&sb, *s);
		} else {
			goto bad;
		}
	}
	/* Only the canonical spelling (so "%41" is not a second "A"); this
	 * also refuses names holding a NUL byte. */
	check = progress_case_file_name(sb_str(&sb));
	if (strlen(sb_str(&sb)) != sb.len || strcmp(check, file_name) != 0) {
		free(check);
		goto bad;
	}
	free(check);
	return sb_detach(&sb);
bad:
	sb_free(&sb);
	return NULL;
}

/* Characters a case file name (possibly a shortened one) is made of. */
static bool case_file_like(const char *fn)
{
	if (!*fn)
		return false;
	for (; *fn; fn++)
		if (!plain_byte((unsigned char)*fn) && *fn != '%' && *fn != '~')
			return false;
	return true;
}

/* ---- Reading a state file ------------------------------------------------ */

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
	unsigned line;
	const char *why;       /* untranslated, N_() */
	unsigned long version;
	char *file_case;       /* the "# case:" name, when there was one */
};

static bool read_all(int fd, struct strbuf *sb)
{
	char buf[65536];

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		if (n == 0)
			return true;
		sb_add(sb, buf, (size_t)n);
	}
}

static bool parse_entry(const char *s, size_t n, struct entry *e,
			const char **why)
{
	const char *f[5];
	size_t len[5], nf = 0, i, start = 0;
	char *note;

	for (i = 0; i <= n; i++)
		if (i == n || s[i] == '\t') {
			if (nf == 5) {
				*why = N_("too many fields (want 5, separated by tabs)");
				return false;
			}
			f[nf] = s + start;
			len[nf++] = i - start;
			start = i + 1;
		}
	/* A hand-edited file may drop the tab before an empty note. */
	if (nf == 4) {
		f[4] = s + n;
		len[4] = 0;
		nf = 5;
	}
	if (nf != 5) {
		*why = N_("too few fields (want 5, separated by tabs)");
		return false;
	}
	if (!len[0] || !len[1]) {
		*why = N_("empty article id or step key");
		return false;
	}
	memset(e, 0, sizeof(*e));
	if (!(len[2] == 1 && f[2][0] == '-') && !parse_time(f[2], len[2], &e->done)) {
		*why = N_("bad tick time (want 2026-11-26T10:32:00Z or -)");
		return false;
	}
	if (!parse_time(f[3], len[3], &e->changed)) {
		*why = N_("bad change time (want 2026-11-26T10:32:00Z)");
		return false;
	}
	note = unescape(f[4], len[4]);
	if (!note) {
		*why = N_("bad backslash escape in the note");
		return false;
	}
	e->article = xstrndup(f[0], len[0]);
	e->key = xstrndup(f[1], len[1]);
	e->note = one_line(note);
	free(note);
	if (!*e->note) {
		free(e->note);
		e->note = NULL;
	}
	return true;
}

static enum load_status parse_state(const char *buf, size_t len,
				    const char *want_case, struct entries *out,
				    struct load_info *info)
{
	size_t pos = 0;
	unsigned line = 0;
	bool seen_case = false;

	if (len == 0)
		return LOAD_OK;
	if (memchr(buf, '\0', len)) {
		info->why = N_("binary data (NUL byte)");
		return LOAD_CORRUPT;
	}
	while (pos < len) {
		const char *s = buf + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;

		pos += n + (nl != NULL);
		line++;
		info->line = line;
		if (n && s[n - 1] == '\r')
			n--;
		if (line == 1) {
			char *end;
			unsigned long v;

			if (n <= strlen(MAGIC) || strncmp(s, MAGIC, strlen(MAGIC)) != 0 ||
			    s[strlen(MAGIC)] < '0' || s[strlen(MAGIC)] > '9') {
				info->why = N_("not an enrollkb checklist (the first line must be \"# enrollkb checklist 1\")");
				return LOAD_CORRUPT;
			}
			errno = 0;
			v = strtoul(s + strlen(MAGIC), &end, 10);
			if (end != s + n || errno) {
				info->why = N_("bad format version");
				return LOAD_CORRUPT;
			}
			if (v > FORMAT_VERSION) {
				info->version = v;
				return LOAD_NEWER;
			}
			if (v != FORMAT_VERSION) {
				info->why = N_("bad format version");
				return LOAD_CORRUPT;
			}
			continue;
		}
		if (n == 0)
			continue;
		if (s[0] == '#') {
			size_t pl = strlen(CASE_PREFIX);

			if (!seen_case && n >= pl && strncmp(s, CASE_PREFIX, pl) == 0) {
				char *name = unescape(s + pl, n - pl);

				if (!name) {
					info->why = N_("bad backslash escape in the case name");
					return LOAD_CORRUPT;
				}
				seen_case = true;
				free(info->file_case);
				info->file_case = name;
				if (want_case && strcmp(name, want_case) != 0)
					return LOAD_OTHER_CASE;
			}
			continue;
		}
		{
			struct entry e;

			if (!parse_entry(s, n, &e, &info->why))
				return LOAD_CORRUPT;
			entries_put(out, &e);
		}
	}
	info->line = 0;
	return LOAD_OK;
}

/* Reads path into out (which must be empty).  want_case NULL: any case. */
static enum load_status load_file(const char *path, const char *want_case,
				  struct entries *out, struct load_info *info)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int fd;

	memset(info, 0, sizeof(*info));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		info->err = errno;
		return info->status = errno == ENOENT ? LOAD_MISSING : LOAD_UNREADABLE;
	}
	if (fstat(fd, &st) != 0) {
		info->err = errno;
		close(fd);
		return info->status = LOAD_UNREADABLE;
	}
	if (!S_ISREG(st.st_mode)) {
		info->err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		close(fd);
		return info->status = LOAD_UNREADABLE;
	}
	if (!read_all(fd, &sb)) {
		info->err = errno;
		close(fd);
		sb_free(&sb);
		return info->status = LOAD_UNREADABLE;
	}
	close(fd);
	info->status = parse_state(sb_str(&sb), sb.len, want_case, out, info);
	sb_free(&sb);
	if (info->status != LOAD_OK)
		entries_free(out);
	return info->status;
}

/* ---- Opening ------------------------------------------------------------- */

char *progress_default_dir(void)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (xdg && xdg[0] == '/')
		return xasprintf("%s/enrollkb", xdg);
	if (home && home[0] == '/')
		return xasprintf("%s/.local/state/enrollkb", home);
	return NULL;
}

/* Switches to memory-only state.  Only the first reason is reported, so a
 * store that cannot persist says so exactly once. */
static void go_memory(struct progress *p, struct diag_list *dl,
		      const char *file, unsigned line, char *msg)
{
	if (p->persistent && dl)
		diag_add(dl, DIAG_WARNING, file, line, "%s", msg);
	p->persistent = false;
	free(msg);
}

static const char *memory_only(void)
{
	return _("checklist changes are kept in memory only");
}

/* mkdir -p with mode 0700 for what it creates. */
static bool make_dirs(const char *path)
{
	char *p = xstrdup(path), *s;
	struct stat st;
	int err = 0;

	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0700) != 0 && errno != EEXIST) {
				err = errno;
				if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))
					break;
				err = 0;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	if (!err && stat(path, &st) != 0)
		err = errno;
	else if (!err && !S_ISDIR(st.st_mode))
		err = ENOTDIR;
	free(p);
	errno = err;
	return err == 0;
}

static bool lock(struct progress *p)
{
	while (flock(p->lock_fd, LOCK_EX) != 0)
		if (errno != EINTR)
			return false;
	return true;
}

static void unlock(struct progress *p)
{
	flock(p->lock_fd, LOCK_UN);
}

/* Moves a file that could not be parsed to NAME.corrupt-<time>[-N],
 * never replacing anything.  Returns the new name (malloc'd) or NULL. */
static char *move_aside(const char *path)
{
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32] = "unknown";
	unsigned i;

	if (gmtime_r(&now, &tm))
		strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	for (i = 1; i < 1000; i++) {
		char *aside = i == 1 ? xasprintf("%s.corrupt-%s", path, stamp)
				     : xasprintf("%s.corrupt-%s-%u", path, stamp, i);
		struct stat st;

		/* link() refuses to replace; rename() is the fallback for file
		 * systems without hard links. */
		if (link(path, aside) == 0) {
			if (unlink(path) == 0)
				return aside;
			free(aside);
			return NULL;
		}
		if (errno != EEXIST) {
			if (lstat(aside, &st) != 0 && errno == ENOENT &&
			    rename(path, aside) == 0)
				return aside;
			if (errno != EEXIST) {
				free(aside);
				return NULL;
			}
		}
		free(aside);
	}
	errno = EEXIST;
	return NULL;
}

/* Deals with a load that did not succeed.  Returns false when the store
 * must go to memory (already reported). */
static bool load_problem(struct progress *p, struct load_info *info,
			 struct diag_list *dl)
{
	char *aside;

	switch (info->status) {
	case LOAD_OK:
	case LOAD_MISSING:
		return true;
	case LOAD_UNREADABLE:
		go_memory(p, dl, p->path, 0,
			  xasprintf(_("cannot read the checklist: %s; %s, the file is left as it is"),
				    strerror(info->err), memory_only()));
		return false;
	case LOAD_NEWER:
		go_memory(p, dl, p->path, 0,
			  xasprintf(_("checklist written in format version %lu, which this enrollkb cannot read; %s"),
				    info->version, memory_only()));
		return false;
	case LOAD_OTHER_CASE:
		go_memory(p, dl, p->path, 0,
			  xasprintf(_("this file holds the checklist of case '%s', not of '%s'; %s"),
				    info->file_case, p->name, memory_only()));
		return false;
	case LOAD_CORRUPT:
	default:
		break;
	}
	if (!p->persistent)
		return false;
	aside = move_aside(p->path);
	if (!aside) {
		go_memory(p, dl, p->path, info->line,
			  xasprintf(_("cannot parse the checklist (%s) nor move it aside (%s); %s"),
				    _(info->why), strerror(errno), memory_only()));
		return false;
	}
	diag_add(dl, DIAG_WARNING, p->path, info->line,
		 _("cannot parse the checklist (%s); moved it to %s and started this case afresh"),
		 _(info->why), aside);
	free(aside);
	return true;
}

struct progress *progress_open(const char *dir, const char *case_name,
			       struct diag_list *dl)
{
	struct progress *p = xcalloc(1, sizeof(*p));
	struct load_info info;
	char *file;
	bool locked = false;

	p->name = xstrdup(case_name && *case_name ? case_name : DEFAULT_CASE);
	p->lock_fd = -1;
	p->persistent = true;
	if (!dir || !*dir) {
		go_memory(p, dl, NULL, 0,
			  xasprintf(_("no state directory (neither $XDG_STATE_HOME nor $HOME is an absolute path); %s"),
				    memory_only()));
		return p;
	}
	p->dir = xasprintf("%s/cases", dir);
	file = progress_case_file_name(p->name);
	p->path = xasprintf("%s/%s", p->dir, file);
	p->lock_path = xasprintf("%s.lock", p->path);
	p->tmp_path = xasprintf("%s.tmp", p->path);
	free(file);

	if (!make_dirs(p->dir)) {
		go_memory(p, dl, p->dir, 0,
			  xasprintf(_("cannot create the state directory: %s; %s"),
				    strerror(errno), memory_only()));
		return p;
	}
	if (access(p->dir, W_OK | X_OK) != 0) {
		go_memory(p, dl, p->dir, 0,
			  xasprintf(_("cannot write to the state directory: %s; %s"),
				    strerror(errno), memory_only()));
	} else {
		p->lock_fd = open(p->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (p->lock_fd < 0)
			go_memory(p, dl, p->lock_path, 0,
				  xasprintf(_("cannot open the lock file: %s; %s"),
					    strerror(errno), memory_only()));
		else if (!(locked = lock(p)))
			go_memory(p, dl, p->lock_path, 0,
				  xasprintf(_("cannot lock: %s; %s"),
					    strerror(errno), memory_only()));
	}
	/* Under the lock so that a file set aside is the one just read, not
	 * one another process has written meanwhile. */
	load_file(p->path, p->name, &p->e, &info);
	load_problem(p, &info, dl);
	free(info.file_case);
	if (locked)
		unlock(p);
	return p;
}

void progress_close(struct progress *p)
{
	size_t i;

	if (!p)
		return;
	if (p->lock_fd >= 0)
		close(p->lock_fd);
	entries_free(&p->e);
	for (i = 0; i < p->nresets; i++)
		free(p->resets[i].article);
	free(p->resets);
	free(p->name);
	free(p->dir);
	free(p->path);
	free(p->lock_path);
	free(p->tmp_path);
	free(p);
}

const char *progress_case_name(const struct progress *p)
{
	return p->name;
}

bool progress_persistent(const struct progress *p)
{
	return p->persistent;
}

const char *progress_path(const struct progress *p)
{
	return p->path;
}

/* ---- Reading and changing ------------------------------------------------ */

static struct entry *find(const struct progress *p, const char *article,
			  const char *key)
{
	size_t i = entries_find(&p->e, article, key);

	return i == NONE ? NULL : &p->e.v[i];
}

static struct entry *find_or_add(struct progress *p, const char *article,
				 const char *key, time_t now)
{
	struct entry e, *found = find(p, article, key);
	size_t i;

	if (found)
		return found;
	memset(&e, 0, sizeof(e));
	e.article = xstrdup(article);
	e.key = xstrdup(key);
	e.changed = now;
	/* Not &p->e.v[entries_put(...)]: v may move. */
	i = entries_put(&p->e, &e);
	return &p->e.v[i];
}

static void touch(struct progress *p, struct entry *e, time_t now,
		  unsigned what)
{
	e->changed = now;
	e->dirty |= what;
	p->dirty = true;
}

struct progress_step progress_get(const struct progress *p,
				  const struct kb_article *a,
				  const struct kb_step *s)
{
	struct progress_step r = { 0, NULL };
	char key[KEY_MAX];
	const struct entry *e;

	step_key(a, s, key);
	e = find(p, a->id, key);
	if (e) {
		r.done_at = e->done;
		r.note = e->note;
	}
	return r;
}

void progress_set_done(struct progress *p, const struct kb_article *a,
		       const struct kb_step *s, bool done, time_t now)
{
	char key[KEY_MAX];
	struct entry *e;

	step_key(a, s, key);
	e = find(p, a->id, key);
	if (done == (e && e->done))
		return;
	if (done && now <= 0)
		now = time(NULL);
	e = find_or_add(p, a->id, key, now);
	e->done = done ? now : 0;
	touch(p, e, now, DIRTY_DONE);
}

void progress_set_note(struct progress *p, const struct kb_article *a,
		       const struct kb_step *s, const char *note, time_t now)
{
	char key[KEY_MAX], *clean = one_line(note ? note : "");
	struct entry *e;

	step_key(a, s, key);
	e = find(p, a->id, key);
	if (strcmp(e && e->note ? e->note : "", clean) == 0) {
		free(clean);
		return;
	}
	e = find_or_add(p, a->id, key, now);
	free(e->note);
	e->note = NULL;
	if (*clean)
		e->note = clean;
	else
		free(clean);
	touch(p, e, now, DIRTY_NOTE);
}

void progress_reset(struct progress *p, const struct kb_article *a, time_t now)
{
	char (*keys)[KEY_MAX] = article_keys(a);
	size_t i;

	/* Entries of steps that no longer exist are cleared too; every
	 * current step gets an entry so that the reset is on record. */
	for (i = 0; i < a->nsteps; i++)
		find_or_add(p, a->id, keys[i], now);
	free(keys);
	for (i = 0; i < p->e.n; i++) {
		struct entry *e = &p->e.v[i];

		if (strcmp(e->article, a->id) != 0)
			continue;
		e->done = 0;
		free(e->note);
		e->note = NULL;
		touch(p, e, now, DIRTY_DONE | DIRTY_NOTE);
	}
	for (i = 0; i < p->nresets; i++)
		if (strcmp(p->resets[i].article, a->id) == 0)
			break;
	if (i == p->nresets) {
		p->resets = xgrow(p->resets, &p->resets_cap, p->nresets + 1,
				  sizeof(*p->resets));
		p->resets[p->nresets].article = xstrdup(a->id);
		p->resets[p->nresets++].at = now;
	} else if (now > p->resets[i].at) {
		p->resets[i].at = now;
	}
	p->dirty = true;
}

size_t progress_done_count(const struct progress *p, const struct kb_article *a)
{
	char (*keys)[KEY_MAX] = article_keys(a);
	size_t i, n = 0;

	for (i = 0; i < a->nsteps; i++) {
		const struct entry *e = find(p, a->id, keys[i]);

		n += e && e->done;
	}
	free(keys);
	return n;
}

/* ---- Saving -------------------------------------------------------------- */

/* Folds this process's state into disk (what the file holds now) and makes
 * the result the state. */
static void merge(struct progress *p, struct entries *disk)
{
	struct entry *d;
	size_t i, j, r;

	for (i = 0; i < p->e.n; i++) {
		struct entry *m = &p->e.v[i];

		j = entries_find(disk, m->article, m->key);
		/* Kept even when not dirty: nothing is dropped because the
		 * file lost it (deleted or set aside meanwhile). */
		if (j == NONE) {
			entries_put(disk, m);
			memset(m, 0, sizeof(*m));
			continue;
		}
		if (!m->dirty)
			continue;
		/* Field by field: a note added here does not bring back a
		 * tick another process has removed meanwhile. */
		d = &disk->v[j];
		if (m->dirty & DIRTY_DONE)
			d->done = m->done;
		if (m->dirty & DIRTY_NOTE) {
			free(d->note);
			d->note = m->note;
			m->note = NULL;
		}
		if (m->changed > d->changed)
			d->changed = m->changed;
		d->dirty |= m->dirty;
	}
	for (r = 0; r < p->nresets; r++)
		for (j = 0; j < disk->n; j++) {
			d = &disk->v[j];
			if (d->dirty || d->changed > p->resets[r].at ||
			    strcmp(d->article, p->resets[r].article) != 0)
				continue;
			d->done = 0;
			free(d->note);
			d->note = NULL;
			d->changed = p->resets[r].at;
			d->dirty = DIRTY_DONE | DIRTY_NOTE;
		}
	entries_free(&p->e);
	p->e = *disk;
	memset(disk, 0, sizeof(*disk));
}

static const struct entries *sort_entries;

static int by_article(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	int c = strcmp(sort_entries->v[a].article, sort_entries->v[b].article);

	return c ? c : (a > b) - (a < b);
}

static void format_state(const struct progress *p, struct strbuf *sb)
{
	size_t *order = xmalloc((p->e.n ? p->e.n : 1) * sizeof(*order));
	size_t i;

	for (i = 0; i < p->e.n; i++)
		order[i] = i;
	sort_entries = &p->e;
	qsort(order, p->e.n, sizeof(*order), by_article);
	sort_entries = NULL;
	sb_printf(sb, MAGIC "%u\n" CASE_PREFIX, FORMAT_VERSION);
	put_escaped(sb, p->name);
	sb_puts(sb, "\n# article\tstep\tdone\tchanged\tnote\n");
	for (i = 0; i < p->e.n; i++) {
		const struct entry *e = &p->e.v[order[i]];

		sb_puts(sb, e->article);
		sb_putc(sb, '\t');
		sb_puts(sb, e->key);
		sb_putc(sb, '\t');
		if (e->done)
			put_time(sb, e->done);
		else
			sb_putc(sb, '-');
		sb_putc(sb, '\t');
		put_time(sb, e->changed);
		sb_putc(sb, '\t');
		if (e->note)
			put_escaped(sb, e->note);
		sb_putc(sb, '\n');
	}
	free(order);
}

static bool write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

/* tmp, fsync, rename, fsync the directory.  On failure *what names the
 * file concerned and errno says why. */
static bool write_state(const struct progress *p, const char **what)
{
	struct strbuf sb = STRBUF_INIT;
	int fd, err, dfd;

	format_state(p, &sb);
	*what = p->tmp_path;
	/* The lock is held, so NAME.tmp is ours; one left by a killed
	 * process is simply truncated. */
	fd = open(p->tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		err = errno;
		sb_free(&sb);
		errno = err;
		return false;
	}
	if (!write_all(fd, sb.s, sb.len))
		goto fail;
	hook("tmp-written");
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	hook("tmp-synced");
	*what = p->path;
	if (rename(p->tmp_path, p->path) != 0)
		goto fail;
	hook("renamed");
	sb_free(&sb);
	/* Makes the rename itself durable; some file systems cannot fsync a
	 * directory, which is no reason to give up. */
	dfd = open(p->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	hook("dir-synced");
	return true;
fail:
	err = errno;
	if (fd >= 0)
		close(fd);
	unlink(p->tmp_path);
	sb_free(&sb);
	errno = err;
	return false;
}

bool progress_save(struct progress *p, struct diag_list *dl)
{
	struct entries disk = { NULL, 0, 0, NULL, 0 };
	struct load_info info;
	const char *what;
	size_t i;

	if (!p->persistent)
		return false;
	if (!p->dirty)
		return true;
	if (!lock(p)) {
		go_memory(p, dl, p->lock_path, 0,
			  xasprintf(_("cannot lock: %s; %s"), strerror(errno),
				    memory_only()));
		return false;
	}
	hook("locked");
	load_file(p->path, p->name, &disk, &info);
	if (!load_problem(p, &info, dl)) {
		free(info.file_case);
		unlock(p);
		return false;
	}
	free(info.file_case);
	merge(p, &disk);
	if (!write_state(p, &what)) {
		go_memory(p, dl, what, 0,
			  xasprintf(_("cannot save the checklist: %s; %s from now on"),
				    strerror(errno), memory_only()));
		unlock(p);
		return false;
	}
	for (i = 0; i < p->e.n; i++)
		p->e.v[i].dirty = 0;
	for (i = 0; i < p->nresets; i++)
		free(p->resets[i].article);
	p->nresets = 0;
	p->dirty = false;
	unlock(p);
	return true;
}

/* ---- Listing cases ------------------------------------------------------- */

static int by_name(const void *x, const void *y)
{
	return strcmp(((const struct progress_case *)x)->name,
		      ((const struct progress_case *)y)->name);
}

size_t progress_list_cases(const char *dir, struct progress_case **cases,
			   struct diag_list *dl)
{
	struct progress_case *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *d;
	char *cdir;
	DIR *dp;

	*cases = NULL;
	if (!dir || !*dir)
		return 0;
	cdir = xasprintf("%s/cases", dir);
	dp = opendir(cdir);
	if (!dp) {
		if (errno != ENOENT)
			diag_add(dl, DIAG_WARNING, cdir, 0,
				 _("cannot list the checklist cases: %s"), strerror(errno));
		free(cdir);
		return 0;
	}
	while ((d = readdir(dp)) != NULL) {
		struct entries es = { NULL, 0, 0, NULL, 0 };
		struct load_info info;
		char *path, *name;
		time_t changed = 0;
		size_t i;

		if (!case_file_like(d->d_name))
			continue;
		path = xasprintf("%s/%s", cdir, d->d_name);
		switch (load_file(path, NULL, &es, &info)) {
		case LOAD_OK:
			for (i = 0; i < es.n; i++)
				if (es.v[i].changed > changed)
					changed = es.v[i].changed;
			break;
		case LOAD_MISSING:
			/* Gone between readdir and open. */
			free(path);
			free(info.file_case);
			continue;
		case LOAD_UNREADABLE:
			diag_add(dl, DIAG_WARNING, path, 0, _("cannot read the checklist: %s"),
				 strerror(info.err));
			break;
		case LOAD_NEWER:
			diag_add(dl, DIAG_WARNING, path, 0,
				 _("checklist written in format version %lu, which this enrollkb cannot read"),
				 info.version);
			break;
		case LOAD_CORRUPT:
		case LOAD_OTHER_CASE:
		default:
			diag_add(dl, DIAG_WARNING, path, info.line,
				 _("cannot parse the checklist (%s); it is set aside when the case is next opened"),
				 _(info.why));
			break;
		}
		entries_free(&es);
		name = progress_case_from_file_name(d->d_name);
		if (!name)
			name = info.file_case ? xstrdup(info.file_case) : xstrdup(d->d_name);
		free(info.file_case);
		free(path);
		v = xgrow(v, &cap, n + 1, sizeof(*v));
		v[n].name = name;
		v[n++].changed = changed;
	}
	closedir(dp);
	free(cdir);
	if (n)
		qsort(v, n, sizeof(*v), by_name);
	*cases = v;
	return n;
}

void progress_cases_free(struct progress_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(cases[i].name);
	free(cases);
}

/* ---- Markdown export ----------------------------------------------------- */

/* The first paragraph in blocks (looking into notes and lists), or NULL. */
static const struct kb_text *first_para(const struct kb_blocks *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		const struct kb_block *k = &b->v[i];
		const struct kb_text *t = NULL;

		if (k->kind == KB_BLOCK_PARA && k->text.n)
			return &k->text;
		if (k->kind == KB_BLOCK_NOTE)
			t = first_para(&k->children);
		else if (k->kind == KB_BLOCK_LIST && k->nitems)
			t = first_para(&k->items[0]);
		if (t)
			return t;
	}
	return NULL;
}

static void put_label(struct strbuf *out, size_t i, int depth)
{
	if (depth == 0) {
		sb_printf(out, "%zu. ", i + 1);
		return;
	}
	/* a ... z, aa, ab ... (bijective base 26) */
	{
		char buf[16];
		size_t n = sizeof(buf), v = i + 1;

		buf[--n] = '\0';
		while (v && n) {
			buf[--n] = (char)('a' + (v - 1) % 26);
			v = (v - 1) / 26;
		}
		sb_printf(out, "%s. ", buf + n);
	}
}

static void export_steps(const struct progress *p, const struct kb_article *a,
			 char (*keys)[KEY_MAX], const struct kb_step *steps,
			 size_t nsteps, bool numbered, int depth, size_t *counter,
			 struct strbuf *out)
{
	size_t i;

	for (i = 0; i < nsteps; i++) {
		const struct kb_step *s = &steps[i];
		char buf[KEY_MAX];
		const struct entry *e = find(p, a->id, key_of(a, s, keys, buf));
		int d;

		for (d = 0; d < depth; d++)
			sb_puts(out, "  ");
		sb_puts(out, e && e->done ? "- [x] " : "- [ ] ");
		if (depth > 0)
			put_label(out, i, depth);
		else if (numbered)
			put_label(out, (*counter)++, 0);
		text_norm(&s->cmd, out);
		if (e && e->done) {
			struct tm tm;
			char when[40];

			if (gmtime_r(&e->done, &tm) &&
			    strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm))
				sb_printf(out, " — %s", when);
		}
		if (e && e->note)
			sb_printf(out, " — %s", e->note);
		sb_putc(out, '\n');
		if (s->nsubsteps)
			export_steps(p, a, keys, s->substeps, s->nsubsteps, true,
				     depth + 1, counter, out);
	}
}

void progress_export_markdown(const struct progress *p,
			      const struct kb_article *a, struct strbuf *out)
{
	char (*keys)[KEY_MAX] = article_keys(a);
	char *line;
	size_t i, r;

	line = one_line(a->title ? a->title : a->id);
	sb_printf(out, "# %s\n\n", line);
	free(line);
	line = one_line(p->name);
	sb_printf(out, _("Case: %s\n"), line);
	free(line);
	if (a->ncodes) {
		sb_puts(out, _("Error codes: "));
		for (i = 0; i < a->ncodes; i++)
			sb_printf(out, "%s%s", i ? ", " : "", a->codes[i]);
		sb_putc(out, '\n');
	}
	for (i = 0; i < a->nsolutions; i++) {
		const struct kb_solution *sol = &a->solutions[i];
		const struct kb_text *cause = first_para(&sol->cause);
		size_t counter = 0;

		sb_puts(out, "\n## ");
		sb_printf(out, _("Cause %zu"), i + 1);
		if (cause) {
			sb_puts(out, ": ");
			text_norm(cause, out);
		}
		sb_putc(out, '\n');
		for (r = 0; r < sol->nremedies; r++) {
			const struct kb_remedy *rem = &sol->remedies[r];

			if (rem->title && *rem->title) {
				line = one_line(rem->title);
				sb_printf(out, "\n### %s\n", line);
				free(line);
			}
			if (!rem->nsteps)
				continue;
			sb_putc(out, '\n');
			export_steps(p, a, keys, rem->steps, rem->nsteps,
				     !rem->unordered, 0, &counter, out);
		}
	}
	free(keys);
}
