/* SPDX-License-Identifier: MIT */
/* progress_format.c: the text of a state file (format at the top of
 * progress.c) -- parsing and writing entries, note escaping, UTC times,
 * and the percent-encoding of case names into file names. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "hash.h"
#include "progress_impl.h"
#include "utf8.h"
#include "xalloc.h"

/* Longest encoded case name kept whole: leaves room in NAME_MAX (255) for
 * ".corrupt-YYYYMMDDTHHMMSSZ-NN". */
#define CASE_FILE_MAX 200
#define CASE_FILE_CUT 183

/* ---- Text helpers -------------------------------------------------------- */

/* One line of text: tabs, newlines and other whitespace controls become
 * spaces, other control characters (C0, DEL, C1) are dropped, invalid
 * UTF-8 becomes U+FFFD, leading and trailing spaces go. */
char *progress_one_line(const char *s)
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
		sb_printf(&sb, "~%016" PRIx64, hash_fnv1a64_str(HASH_FNV1A64_INIT, case_name));
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
bool progress_case_file_like(const char *fn)
{
	if (!*fn)
		return false;
	for (; *fn; fn++)
		if (!plain_byte((unsigned char)*fn) && *fn != '%' && *fn != '~')
			return false;
	return true;
}

/* ---- Reading a state file ------------------------------------------------ */

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
	e->note = progress_one_line(note);
	free(note);
	if (!*e->note) {
		free(e->note);
		e->note = NULL;
	}
	return true;
}

enum load_status progress_parse_state(const char *buf, size_t len,
				      const char *want_case, struct entries *out,
				      struct load_info *info)
{
	size_t pos = 0;
	unsigned line = 0;
	bool seen_case = false;
	const char *nul;

	if (len == 0)
		return LOAD_OK;
	nul = memchr(buf, '\0', len);
	if (nul) {
		/* where it is, as for any other corrupt line */
		info->line = 1;
		for (; buf < nul; buf++)
			info->line += *buf == '\n';
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
			progress_entries_put(out, &e);
		}
	}
	info->line = 0;
	return LOAD_OK;
}

/* ---- Writing a state file ------------------------------------------------ */

static const struct entries *sort_entries;

static int by_article(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	int c = strcmp(sort_entries->v[a].article, sort_entries->v[b].article);

	return c ? c : (a > b) - (a < b);
}

void progress_format_state(const struct progress *p, struct strbuf *sb)
{
	size_t *order = xmalloc_array(p->e.n ? p->e.n : 1, sizeof(*order));
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
