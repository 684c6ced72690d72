/* SPDX-License-Identifier: MIT */
/* tokenize.c: text -> tokens for the index, the query and highlighting.
 *
 * One pass over the bytes.  ASCII is classified inline; other code points
 * are decoded and sorted into spaces, punctuation and letters by range
 * (enough for the Latin, Greek and Cyrillic text the content and logs
 * hold, without depending on the process locale). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "tokenize.h"
#include "utf8.h"
#include "xalloc.h"

enum cclass {
	C_SPACE,
	C_PUNCT,
	C_CONN,     /* may join two word characters into one word */
	C_UPPER,    /* ASCII capital: camelCase boundaries */
	C_LOWER,
	C_DIGIT,
	C_LETTER    /* any other letter (no case boundaries) */
};

struct cp {
	uint32_t c;
	size_t len;
	enum cclass cls;
};

static char s_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static bool is_word_class(enum cclass c)
{
	return c >= C_UPPER;
}

/* Classes of the ASCII characters (controls count as space). */
#define SP C_SPACE
#define PU C_PUNCT
#define CO C_CONN
#define UP C_UPPER
#define LO C_LOWER
#define DI C_DIGIT
static const unsigned char ascii_class[128] = {
	SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP,
	SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP,
	SP, PU, PU, PU, PU, PU, CO, CO, PU, PU, PU, PU, PU, CO, CO, PU,
	DI, DI, DI, DI, DI, DI, DI, DI, DI, DI, PU, PU, PU, PU, PU, PU,
	PU, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP,
	UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, PU, PU, PU, PU, CO,
	PU, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO,
	LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, PU, PU, PU, PU, SP,
};
#undef SP
#undef PU
#undef CO
#undef UP
#undef LO
#undef DI

static enum cclass classify(uint32_t c)
{
	if (c < 0x80)
		return (enum cclass)ascii_class[c];
	if (c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) ||
	    c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
	    c == 0x3000 || c == 0xFEFF || c < 0xA0)
		return C_SPACE;
	if (c == 0x2019 || c == 0x2010 || c == 0x2011)   /* ’ and hyphens */
		return C_CONN;
	if (c <= 0xBF || c == 0xD7 || c == 0xF7 ||
	    (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F) ||
	    (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
	    (c >= 0xFF5B && c <= 0xFF65) || c >= 0xFFF0 ||
	    (c >= 0x1F000 && c <= 0x1FAFF) || c == UTF8_REPLACEMENT)
		return C_PUNCT;
	return C_LETTER;
}

static inline struct cp decode(const char *s, size_t i, size_t n)
{
	struct cp r;

	if (i >= n) {
		r.c = ' ';
		r.len = 0;
		r.cls = C_SPACE;
		return r;
	}
	if ((unsigned char)s[i] < 0x80) {
		r.c = (unsigned char)s[i];
		r.len = 1;
		r.cls = (enum cclass)ascii_class[r.c];
		return r;
	}
	r.len = utf8_decode(s + i, n - i, &r.c);
	r.cls = classify(r.c);
	return r;
}

/* sb_putc without its calls when there is room: the tokenizer appends
 * every character of the content one at a time. */
static inline void put_byte(struct strbuf *sb, char c)
{
	if (sb->len + 1 < sb->cap) {
		sb->s[sb->len++] = c;
		sb->s[sb->len] = '\0';
	} else {
		sb_putc(sb, c);
	}
}

static void fold_cp(struct strbuf *sb, uint32_t c)
{
	char buf[4];
	size_t n, i;

	if (c < 0x80) {
		put_byte(sb, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
		return;
	}
	/* Latin letters lose their accents: "Gerät" finds "Gerat". */
	n = utf8_latin_ascii(c, buf);
	if (n) {
		for (i = 0; i < n; i++)
			put_byte(sb, s_lower(buf[i]));
		return;
	}
	if ((c >= 0x391 && c <= 0x3A9) || (c >= 0x410 && c <= 0x42F))
		c += 0x20;
	else if (c >= 0x400 && c <= 0x40F)
		c += 0x50;
	sb_add(sb, buf, utf8_encode(c, buf));
}

/* ---- Noise recognisers: each returns the bytes matched at s[i..], 0 if
 * none.  They only run where a word could start. ------------------------ */

static size_t ndigits(const char *s, size_t i, size_t n, size_t min, size_t max)
{
	size_t k = 0;

	while (i + k < n && k < max && s[i + k] >= '0' && s[i + k] <= '9')
		k++;
	if (k < min || (i + k < n && s[i + k] >= '0' && s[i + k] <= '9'))
		return 0;
	return k;
}

static bool alnum_at(const char *s, size_t i, size_t n)
{
	return i < n && is_word_class(decode(s, i, n).cls);
}

/* HH:MM[:SS[.frac]][Z|+hh[:]mm] */
static size_t match_clock(const char *s, size_t i, size_t n)
{
	size_t k = i, d;

	if (!(d = ndigits(s, k, n, 1, 2)))
		return 0;
	k += d;
	if (k >= n || s[k] != ':' || !(d = ndigits(s, k + 1, n, 2, 2)))
		return 0;
	k += 1 + d;
	if (k < n && s[k] == ':' && (d = ndigits(s, k + 1, n, 2, 2))) {
		k += 1 + d;
		if (k < n && (s[k] == '.' || s[k] == ',') &&
		    (d = ndigits(s, k + 1, n, 1, 9)))
			k += 1 + d;
	}
	if (k < n && s[k] == 'Z' && !alnum_at(s, k + 1, n))
		k++;
	else if (k < n && (s[k] == '+' || s[k] == '-') &&
		 (d = ndigits(s, k + 1, n, 2, 2))) {
		size_t z = k + 1 + d;

		if (z < n && s[z] == ':' && (d = ndigits(s, z + 1, n, 2, 2)))
			z += 1 + d;
		else if ((d = ndigits(s, z, n, 2, 2)))
			z += d;
		k = z;
	}
	return alnum_at(s, k, n) ? 0 : k - i;
}

/* YYYY-MM-DD, YYYY/MM/DD, DD/MM/YYYY, DD-MM-YY, DD.MM.YYYY */
static size_t match_date(const char *s, size_t i, size_t n)
{
	size_t a, b, c, k = i;
	char sep;

	if (!(a = ndigits(s, k, n, 1, 4)))
		return 0;
	k += a;
	if (k >= n || (s[k] != '-' && s[k] != '/' && s[k] != '.'))
		return 0;
	sep = s[k++];
	if (!(b = ndigits(s, k, n, 1, 2)))
		return 0;
	k += b;
	if (k >= n || s[k] != sep || !(c = ndigits(s, k + 1, n, a == 4 ? 1 : 2, a == 4 ? 2 : 4)))
		return 0;
	k += 1 + c;
	if (a == 3 || (a != 4 && sep == '.' && c != 4))
		return 0;   /* version numbers like 10.0.1 */
	return alnum_at(s, k, n) && s[k] != 'T' ? 0 : k - i;
}

/* An English month or weekday name, abbreviated or not ("Mar", "Sept",
 * "Monday,"), as syslog and many apps write them. */
static bool month_or_day_at(const char *s, size_t i, size_t n, size_t *len)
{
	static const struct { char name[10]; unsigned char len; } names[] = {
		{ "january", 7 }, { "february", 8 }, { "march", 5 }, { "april", 5 },
		{ "may", 3 }, { "june", 4 }, { "july", 4 }, { "august", 6 },
		{ "september", 9 }, { "october", 7 }, { "november", 8 },
		{ "december", 8 }, { "monday", 6 }, { "tuesday", 7 },
		{ "wednesday", 9 }, { "thursday", 8 }, { "friday", 6 },
		{ "saturday", 8 }, { "sunday", 6 }
	};
	/* Every word of prose that is followed by another word gets here:
	 * compare folded bytes, no library call per name. */
	char low[10];
	size_t k = 0, j;

	while (i + k < n && k < 10 && ((s[i + k] | 32) >= 'a' && (s[i + k] | 32) <= 'z')) {
		low[k] = (char)(s[i + k] | 32);
		k++;
	}
	/* the first letters of the names: j f m a s o n d t w */
	if (k < 3 || !(0x4c7229U >> (low[0] - 'a') & 1))
		return false;
	for (j = 0; j < sizeof(names) / sizeof(names[0]); j++)
		if (names[j].name[0] == low[0] && names[j].len >= k &&
		    memcmp(names[j].name, low, k) == 0)
			break;
	if (j == sizeof(names) / sizeof(names[0]) || alnum_at(s, i + k, n))
		return false;
	if (i + k < n && (s[i + k] == ',' || s[i + k] == '.'))
		k++;
	*len = k;
	return true;
}

static size_t skip_blanks(const char *s, size_t k, size_t n)
{
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	return k;
}

/* A timestamp starting at i: a date optionally followed by a time, a bare
 * time, or a syslog-style "[Mon ]Mar  3 10:22:01[ 2024]". */
static size_t match_timestamp(const char *s, size_t i, size_t n)
{
	size_t k, d, t;

	if (s[i] >= '0' && s[i] <= '9') {
		if ((d = match_date(s, i, n))) {
			k = i + d;
			if (k + 1 < n && (s[k] == 'T' || s[k] == ' ') &&
			    (t = match_clock(s, k + 1, n)))
				k += 1 + t;
			return k - i;
		}
		return match_clock(s, i, n);
	}
	/* cheap test first: a name is followed by blanks and a digit, or by
	 * another name ("Mon Mar") */
	for (k = i; k < n && (s[k] | 32) >= 'a' && (s[k] | 32) <= 'z'; k++)
		;
	if (k < n && (s[k] == ',' || s[k] == '.'))
		k++;
	t = skip_blanks(s, k, n);
	if (t == k || t >= n || !((s[t] >= '0' && s[t] <= '9') ||
				  ((s[t] | 32) >= 'a' && (s[t] | 32) <= 'z')))
		return 0;
	if (!month_or_day_at(s, i, n, &d))
		return 0;
	k = skip_blanks(s, i + d, n);
	if (month_or_day_at(s, k, n, &d))     /* "Mon Mar" */
		k = skip_blanks(s, k + d, n);
	if (!(d = ndigits(s, k, n, 1, 2)))
		return 0;
	k = skip_blanks(s, k + d, n);
	if (!(t = match_clock(s, k, n)))
		return 0;
	k += t;
	d = skip_blanks(s, k, n);
	if (d > k && (t = ndigits(s, d, n, 4, 4)))
		k = d + t;
	return k - i;
}

/* [83]: a process or thread id after a daemon name. */
static size_t match_pid(const char *s, size_t i, size_t n)
{
	size_t d;

	if (s[i] != '[' || !(d = ndigits(s, i + 1, n, 1, 9)) ||
	    i + 1 + d >= n || s[i + 1 + d] != ']')
		return 0;
	return d + 2;
}

/* 0x1a49aebc0, or 8+ hex digits (dashes allowed, as in UUIDs) mixing
 * letters and digits. */
static bool is_hex_word(const char *s, size_t n)
{
	size_t i, hex = 0;
	bool digit = false, alpha = false;

	if (n > 2 && s[0] == '0' && (s[1] | 32) == 'x') {
		for (i = 2; i < n; i++)
			if (!((s[i] >= '0' && s[i] <= '9') ||
			      ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'f')))
				return false;
		return true;
	}
	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digit = true;
		else if ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'f')
			alpha = true;
		else if (s[i] != '-')
			return false;
		else
			continue;
		hex++;
	}
	return hex >= 8 && digit && alpha;
}

/* 0x80CF0437: eight hex digits with the failure bit set (an HRESULT, as
 * Intune and Windows report errors) name a problem, unlike an address:
 * searchable, not noise. */
static bool is_error_hex(const char *s, size_t n)
{
	char c = (char)(s[2] | 32);

	return n == 10 && s[0] == '0' && (s[1] | 32) == 'x' &&
	       ((c >= '8' && c <= '9') || (c >= 'a' && c <= 'f'));
}

/* URL or path noise of the whitespace-delimited chunk s[0..n). */
static unsigned chunk_noise(const char *s, size_t n)
{
	size_t i;

	/* runs once per chunk of text: no library calls for the common case */
	while (n && (*s == '(' || *s == '<' || *s == '[' || *s == '"' || *s == '\'')) {
		s++;
		n--;
	}
	if (n >= 4 && (s[0] | 32) == 'w' && (s[1] | 32) == 'w' &&
	    (s[2] | 32) == 'w' && s[3] == '.')
		return TOKEN_NOISE_URL;
	for (i = 1; i + 2 < n; i++)
		if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
			return TOKEN_NOISE_URL;
	if (n >= 2 && ((s[0] == '/' && s[1] != '/' && s[1] != ' ') ||
		       (s[0] == '~' && s[1] == '/')))
		return TOKEN_NOISE_PATH;
	if ((n >= 3 && s[0] == '.' && s[1] == '/') ||
	    (n >= 4 && s[0] == '.' && s[1] == '.' && s[2] == '/'))
		return TOKEN_NOISE_PATH;
	if (n >= 3 && ((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z') &&
	    s[1] == ':' && s[2] == '\\')
		return TOKEN_NOISE_PATH;
	return memchr(s, '\\', n) ? TOKEN_NOISE_PATH : 0;
}

/* ---- Words ---------------------------------------------------------------- */

struct part {
	size_t src, srcend;      /* bytes of the input */
	size_t txt, txtlen;      /* bytes of tk.comp */
	bool number;
};

struct tk {
	const char *s;
	size_t n;
	bool (*fn)(const struct token *t, void *ctx);
	void *ctx;
	struct strbuf comp;      /* folded parts, concatenated */
	struct strbuf one;       /* the text of one part, NUL-terminated */
	struct part *parts;
	size_t nparts, cap;
	unsigned pos, word;
	unsigned noise;          /* of the current chunk */
};

static bool emit(struct tk *tk, const char *text, size_t len, size_t off,
		 size_t srclen, unsigned pos, bool compound, unsigned part,
		 unsigned nparts, unsigned noise, bool number)
{
	struct token t;

	t.text = text;
	t.len = len;
	t.off = off;
	t.srclen = srclen;
	t.pos = pos;
	t.compound = compound;
	t.word = tk->word;
	t.part = part;
	t.nparts = nparts;
	t.noise = noise;
	t.number = number;
	return tk->fn(&t, tk->ctx);
}

/* A single noise token for s[i..i+m) (timestamp, pid). */
static bool emit_noise(struct tk *tk, size_t i, size_t m, unsigned noise)
{
	size_t k;
	bool go;

	sb_truncate(&tk->one, 0);
	for (k = 0; k < m; k++)
		put_byte(&tk->one, s_lower(tk->s[i + k]));
	go = emit(tk, sb_str(&tk->one), tk->one.len, i, m, tk->pos, false, 0, 1,
		  noise, false);
	tk->pos++;
	tk->word++;
	return go;
}

static void new_part(struct tk *tk, size_t src)
{
	struct part *p;

	if (tk->nparts == tk->cap)
		tk->parts = xgrow(tk->parts, &tk->cap, tk->nparts + 1, sizeof(*tk->parts));
	p = &tk->parts[tk->nparts++];
	p->src = p->srcend = src;
	p->txt = tk->comp.len;
	p->txtlen = 0;
	p->number = true;
}

/* Scans the word at i; returns its end.  Fills tk->parts and tk->comp. */
static size_t scan_word(struct tk *tk, size_t i)
{
	const char *s = tk->s;
	size_t n = tk->n;
	struct cp prev = { 0, 0, C_SPACE }, cur = decode(s, i, n);

	tk->nparts = 0;
	sb_truncate(&tk->comp, 0);
	new_part(tk, i);
	for (;;) {
		struct cp next = decode(s, i + cur.len, n);
		struct part *p = &tk->parts[tk->nparts - 1];

		if (is_word_class(cur.cls)) {
			bool split = p->txtlen > 0 && cur.cls == C_UPPER &&
				(prev.cls == C_LOWER || prev.cls == C_DIGIT ||
				 (prev.cls == C_UPPER && next.cls == C_LOWER));

			if (split) {
				p->txtlen = tk->comp.len - p->txt;
				new_part(tk, i);
				p = &tk->parts[tk->nparts - 1];
			}
			fold_cp(&tk->comp, cur.c);
			if (cur.cls != C_DIGIT)
				p->number = false;
			p->srcend = i + cur.len;
			p->txtlen = tk->comp.len - p->txt;
		} else if (cur.c == '.' && prev.cls == C_DIGIT && next.cls == C_DIGIT &&
			   p->number) {
			sb_putc(&tk->comp, '.');   /* 8.0 stays one number */
			p->srcend = i + cur.len;
			p->txtlen = tk->comp.len - p->txt;
		} else if (cur.cls == C_CONN && is_word_class(prev.cls) &&
			   is_word_class(next.cls)) {
			new_part(tk, i + cur.len);
		} else {
			break;
		}
		i += cur.len;
		prev = cur;
		cur = next;
	}
	return i;
}

static bool emit_word(struct tk *tk, size_t start, size_t end)
{
	size_t k, np = tk->nparts;
	unsigned noise = tk->noise;
	bool number = true;

	if (is_hex_word(tk->s + start, end - start)) {
		/* one token, never split into pieces of an address */
		struct strbuf *o = &tk->one;

		sb_truncate(o, 0);
		for (k = start; k < end; k++)
			put_byte(o, s_lower(tk->s[k]));
		if (!is_error_hex(tk->s + start, end - start))
			noise |= TOKEN_NOISE_HEX;
		if (!emit(tk, sb_str(o), o->len, start, end - start, tk->pos,
			  false, 0, 1, noise, false))
			return false;
		tk->pos++;
		tk->word++;
		return true;
	}
	for (k = 0; k < np; k++)
		number = number && tk->parts[k].number;
	if (np > 1 && !emit(tk, sb_str(&tk->comp), tk->comp.len, start,
			    end - start, tk->pos, true, 0, (unsigned)np, noise,
			    number))
		return false;
	for (k = 0; k < np; k++) {
		const struct part *p = &tk->parts[k];

		sb_truncate(&tk->one, 0);
		sb_add(&tk->one, tk->comp.s + p->txt, p->txtlen);
		if (!emit(tk, sb_str(&tk->one), p->txtlen, p->src,
			  p->srcend - p->src, tk->pos + (unsigned)k, false,
			  (unsigned)k, (unsigned)np, noise, p->number))
			return false;
	}
	tk->pos += (unsigned)np;
	tk->word++;
	return true;
}

void tokenize(const char *text, size_t len,
	      bool (*fn)(const struct token *t, void *ctx), void *ctx)
{
	struct tk tk;
	size_t i = 0, chunk_end = 0;

	memset(&tk, 0, sizeof(tk));
	tk.s = text;
	tk.n = len;
	tk.fn = fn;
	tk.ctx = ctx;
	while (i < len) {
		struct cp c = decode(text, i, len);
		size_t m;

		if (c.cls == C_SPACE) {
			i += c.len;
			continue;
		}
		if (i >= chunk_end) {
			size_t e = i;

			while (e < len) {
				struct cp d;

				if ((unsigned char)text[e] < 0x80) {
					if (ascii_class[(unsigned char)text[e]] == C_SPACE)
						break;
					e++;
					continue;
				}
				d = decode(text, e, len);
				if (d.cls == C_SPACE)
					break;
				e += d.len;
			}
			chunk_end = e;
			tk.noise = chunk_noise(text + i, e - i);
		}
		if ((c.cls == C_DIGIT || c.cls == C_UPPER || c.cls == C_LOWER) &&
		    (m = match_timestamp(text, i, len))) {
			if (!emit_noise(&tk, i, m, TOKEN_NOISE_TIME | tk.noise))
				break;
			i += m;
			if (i > chunk_end)
				chunk_end = i;   /* "Mar  3 10:22:01" spans chunks */
			continue;
		}
		if (c.c == '[' && (m = match_pid(text, i, len))) {
			if (!emit_noise(&tk, i + 1, m - 2, TOKEN_NOISE_PID | tk.noise))
				break;
			i += m;
			continue;
		}
		if (is_word_class(c.cls)) {
			size_t end = scan_word(&tk, i);

			if (!emit_word(&tk, i, end))
				break;
			i = end;
			continue;
		}
		i += c.len;
	}
	sb_free(&tk.comp);
	sb_free(&tk.one);
	free(tk.parts);
}
