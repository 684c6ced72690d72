/* SPDX-License-Identifier: MIT */
/* source.c: an article's bytes -> the Markdown text cmark-gfm parses.
 *
 * Untrusted bytes are cleaned first (escape sequences, control characters
 * and invalid UTF-8 never get further).  Then one pass over lines handles
 * what is not CommonMark: the YAML front matter, and MS Learn's
 * `:::image`, `::: zone` and `[!INCLUDE]` directives, which are rewritten
 * into plain Markdown (alt text, a label) or replaced by the included
 * file's lines.  Every output line remembers its file and line, so
 * diagnostics and provenance point at the source, includes too.  Alerts
 * (`> [!NOTE]`) are ordinary block quotes here; emit.c recognises them. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "i18n.h"
#include "import.h"
#include "utf8.h"
#include "xalloc.h"

#define MAX_INCLUDE_DEPTH 8
#define MAX_FILE_SIZE (64u << 20)

/* ---- Reading and cleaning ------------------------------------------------ */

static char *read_whole(const char *path, size_t *len, int *err)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t got;

	if (!f) {
		*err = errno;
		return NULL;
	}
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
		sb_add(&sb, buf, got);
		if (sb.len > MAX_FILE_SIZE) {
			fclose(f);
			sb_free(&sb);
			*err = EFBIG;
			return NULL;
		}
	}
	if (ferror(f)) {
		*err = errno ? errno : EIO;
		fclose(f);
		sb_free(&sb);
		return NULL;
	}
	fclose(f);
	*len = sb.len;
	return sb_detach(&sb);
}

/* Skips an escape sequence starting at s[i] (ESC, or a C1 introducer
 * already decoded as cp taking k bytes); returns the index after it. */
static size_t skip_escape(const char *s, size_t n, size_t i, uint32_t cp, size_t k)
{
	bool csi = cp == 0x9B, string = cp == 0x9D || cp == 0x90 ||
		   cp == 0x9E || cp == 0x9F;

	i += k;
	if (cp == 0x1B && i < n) {
		char c = s[i];

		if (c == '[') {
			csi = true;
			i++;
		} else if (c == ']' || c == 'P' || c == '_' || c == '^' || c == 'X') {
			string = true;
			i++;
		} else if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7F) {
			return i + 1;
		}
	}
	if (csi) {
		/* parameters and intermediates, then one final byte */
		while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x40)
			i++;
		if (i < n && (unsigned char)s[i] >= 0x40 && (unsigned char)s[i] < 0x7F)
			i++;
	} else if (string) {
		/* up to BEL, ESC \ or ST; an unterminated one ends at a line end */
		while (i < n && s[i] != '\a' && s[i] != '\n') {
			if (s[i] == 0x1B) {
				i += (i + 1 < n && s[i + 1] == '\\') ? 2 : 1;
				return i;
			}
			if ((unsigned char)s[i] == 0xC2 && i + 1 < n &&
			    (unsigned char)s[i + 1] == 0x9C)
				return i + 2;
			i++;
		}
		if (i < n && s[i] == '\a')
			i++;
	}
	return i;
}

/* Drops escape sequences, control characters other than tab and line
 * feed, noncharacters and a byte order mark; CR LF and CR become LF;
 * invalid UTF-8 becomes U+FFFD. */
static char *clean_bytes(const char *s, size_t n, size_t *outlen)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0;

	sb_add(&sb, "", 0);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t k;
		char enc[4];

		if (c == '\r') {
			sb_putc(&sb, '\n');
			i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
			continue;
		}
		if (c == 0x1B) {
			i = skip_escape(s, n, i, 0x1B, 1);
			continue;
		}
		if (c < 0x80) {
			if (c >= 0x20 ? c != 0x7F : (c == '\n' || c == '\t'))
				sb_putc(&sb, (char)c);
			i++;
			continue;
		}
		k = utf8_decode(s + i, n - i, &cp);
		if (cp == 0x9B || cp == 0x9D || cp == 0x90 || cp == 0x9E || cp == 0x9F) {
			i = skip_escape(s, n, i, cp, k);
			continue;
		}
		i += k;
		if (utf8_is_control(cp) || cp == 0xFEFF || (cp & 0xFFFE) == 0xFFFE ||
		    (cp >= 0xFDD0 && cp <= 0xFDEF))
			continue;
		sb_add(&sb, enc, utf8_encode(cp, enc));
	}
	*outlen = sb.len;
	return sb_detach(&sb);
}

/* ---- Lines ------------------------------------------------------------------ */

struct lines {
	char **v;           /* pointers into one buffer, NUL-terminated */
	size_t n;
	char *buf;
};

static void split_lines(char *text, size_t len, struct lines *L)
{
	size_t i, cap = 0;
	char *start = text;

	L->buf = text;
	L->v = NULL;
	L->n = 0;
	for (i = 0; i <= len; i++) {
		if (i == len && start == text + len)
			break;
		if (i == len || text[i] == '\n') {
			text[i] = '\0';
			L->v = xgrow(L->v, &cap, L->n + 1, sizeof(*L->v));
			L->v[L->n++] = start;
			start = text + i + 1;
		}
	}
}

static void lines_free(struct lines *L)
{
	free(L->v);
	free(L->buf);
}

/* ---- Front matter ------------------------------------------------------------ */

static char *yaml_scalar(const char *v)
{
	size_t n;
	char *s;

	while (*v == ' ' || *v == '\t')
		v++;
	s = xstrdup(v);
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	if (n >= 2 && ((s[0] == '"' && s[n - 1] == '"') ||
		       (s[0] == '\'' && s[n - 1] == '\''))) {
		char q = s[0], *r, *w;

		s[n - 1] = '\0';
		for (r = s + 1, w = s; *r; r++) {
			if (q == '\'' && r[0] == '\'' && r[1] == '\'')
				r++;
			else if (q == '"' && r[0] == '\\' && r[1])
				r++;
			*w++ = *r;
		}
		*w = '\0';
	}
	return s;
}

/* MM/DD/YYYY (MS Learn's form) or YYYY-MM-DD -> YYYY-MM-DD. */
static char *parse_date(const char *v)
{
	unsigned a, b, c;
	char tail;

	if (sscanf(v, "%2u/%2u/%4u%c", &a, &b, &c, &tail) == 3 &&
	    a >= 1 && a <= 12 && b >= 1 && b <= 31 && c >= 1900)
		return xasprintf("%04u-%02u-%02u", c, a, b);
	if (sscanf(v, "%4u-%2u-%2u%c", &c, &a, &b, &tail) == 3 &&
	    a >= 1 && a <= 12 && b >= 1 && b <= 31 && c >= 1900)
		return xasprintf("%04u-%02u-%02u", c, a, b);
	return NULL;
}

/* Reads title, description and ms.date; returns the number of lines the
 * front matter takes (0 when there is none). */
static size_t front_matter(struct import *imp, struct md_file *f,
			   const struct lines *L)
{
	size_t i, end;

	if (!L->n || strcmp(L->v[0], "---") != 0)
		return 0;
	for (end = 1; end < L->n; end++)
		if (strcmp(L->v[end], "---") == 0 || strcmp(L->v[end], "...") == 0)
			break;
	if (end == L->n)
		return 0;
	f->front_matter = true;
	for (i = 1; i < end; i++) {
		const char *line = L->v[i], *colon = strchr(line, ':');
		char **slot = NULL;
		bool date = false;
		char *value;

		if (!colon || line[0] == ' ' || line[0] == '\t' || line[0] == '#')
			continue;
		if ((size_t)(colon - line) == 5 && strncmp(line, "title", 5) == 0)
			slot = &f->title;
		else if ((size_t)(colon - line) == 11 && strncmp(line, "description", 11) == 0)
			slot = &f->description;
		else if ((size_t)(colon - line) == 7 && strncmp(line, "ms.date", 7) == 0)
			slot = &f->date, date = true;
		if (!slot || *slot)
			continue;
		value = yaml_scalar(colon + 1);
		if (value[0] == '>' || value[0] == '|') {
			/* a folded or literal block: the indented lines after it */
			struct strbuf sb = STRBUF_INIT;

			while (i + 1 < end && (L->v[i + 1][0] == ' ' || L->v[i + 1][0] == '\t')) {
				if (sb.len)
					sb_putc(&sb, ' ');
				sb_puts(&sb, L->v[++i]);
			}
			free(value);
			value = sb_detach(&sb);
		}
		text_squeeze(value);
		if (date) {
			char *d = parse_date(value);

			if (!d)
				import_skip(imp, f->path, (unsigned)i + 1,
					    _("ms.date '%s' is not MM/DD/YYYY (date left out)"),
					    value);
			free(value);
			value = d;
		} else if (!*value) {
			free(value);
			value = NULL;
		}
		*slot = value;
	}
	return end + 1;
}

/* ---- Directives ----------------------------------------------------------------- */

struct pass {
	struct import *imp;
	struct md_file *f;
	struct strbuf out;
	char **stack;               /* realpaths of the files being included */
	size_t depth;
	char *pivots[16];           /* open ::: zone pivots */
	size_t npivots;
};

static void emit_line(struct pass *P, const char *file, unsigned line,
		      const char *prefix, size_t plen, const char *text)
{
	struct md_file *f = P->f;

	f->lines = xgrow(f->lines, &f->lines_cap, f->nlines + 1, sizeof(*f->lines));
	f->lines[f->nlines].file = file;
	f->lines[f->nlines].line = line;
	f->nlines++;
	sb_add(&P->out, prefix, plen);
	sb_puts(&P->out, text);
	sb_putc(&P->out, '\n');
}

/* A line of text of its own: blank lines around it (mapped to the same
 * source line) keep it out of the paragraphs before and after. */
static void emit_para_line(struct pass *P, const char *file, unsigned line,
			   const struct strbuf *pre, const char *text)
{
	emit_line(P, file, line, "", 0, sb_str(pre));
	emit_line(P, file, line, sb_str(pre), pre->len, text);
	emit_line(P, file, line, "", 0, sb_str(pre));
}

/* Text for Markdown: every ASCII punctuation character escaped, so alt
 * text or a pivot name is shown as written and never parsed. */
static void md_escape(struct strbuf *sb, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n' || c == '\t') {
			sb_putc(sb, ' ');
			continue;
		}
		if (ispunct(c) && c < 0x80)
			sb_putc(sb, '\\');
		sb_putc(sb, (char)c);
	}
}

/* The value of attribute name="..." (or '...') in s, malloc'd, or NULL. */
static char *directive_attr(const char *s, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = s; (p = strstr(p, name)) != NULL; p += n) {
		const char *v = p + n, *end;
		char q;

		if (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '-'))
			continue;
		while (*v == ' ')
			v++;
		if (*v != '=')
			continue;
		v++;
		while (*v == ' ')
			v++;
		q = *v;
		if (q != '"' && q != '\'')
			continue;
		end = strchr(v + 1, q);
		if (!end)
			return NULL;
		return xstrndup(v + 1, (size_t)(end - v - 1));
	}
	return NULL;
}

/* Length of the line's container prefix: indentation and '>' markers. */
static size_t prefix_len(const char *s)
{
	size_t i = 0;

	for (;;) {
		while (s[i] == ' ' || s[i] == '\t')
			i++;
		if (s[i] != '>')
			return i;
		i++;
		if (s[i] == ' ')
			i++;
	}
}

static bool starts_ci(const char *s, const char *word)
{
	return strncasecmp(s, word, strlen(word)) == 0;
}

/* Lexically joins dir and a relative path, folding "." and "..". */
static char *path_join(const char *dir, const char *rel)
{
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb, dir);
	path_append(&sb, rel, 0);
	return sb_detach(&sb);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static bool under_root(const char *real, const char *root)
{
	size_t n = strlen(root);

	if (strcmp(root, "/") == 0)
		return true;
	return strncmp(real, root, n) == 0 && real[n] == '/';
}

static void pass_lines(struct pass *P, const char *file, const char *real,
		       const struct lines *L, size_t first, const char *prefix,
		       size_t plen);

/* [!INCLUDE [name](path)]: the file's lines in place, each under the
 * include's container prefix; a diagnostic when it cannot be. */
static void include_file(struct pass *P, const char *file, const char *real,
			 unsigned line, const char *target, const char *prefix,
			 size_t plen)
{
	char *dir = NULL, *shown = NULL, *full = NULL, *rreal = NULL, *data = NULL;
	size_t len, i, skip;
	struct lines L;
	int err = 0;
	struct stat st;

	if (!*target || target[0] == '/' || strstr(target, "://")) {
		import_skip(P->imp, file, line,
			    _("include '%s' is not a relative path (left out)"), target);
		return;
	}
	dir = dir_of(file);
	shown = path_join(dir, target);
	free(dir);
	dir = dir_of(real);
	full = path_join(dir, target);
	rreal = realpath(full, NULL);
	if (!rreal || stat(rreal, &st) != 0 || !S_ISREG(st.st_mode)) {
		import_skip(P->imp, file, line,
			    _("include '%s' not found (left out)"), target);
		goto out;
	}
	if (!under_root(rreal, P->f->root)) {
		import_skip(P->imp, file, line,
			    _("include '%s' is outside %s (left out)"), target, P->f->root);
		goto out;
	}
	for (i = 0; i < P->depth; i++)
		if (strcmp(P->stack[i], rreal) == 0)
			break;
	if (i < P->depth || P->depth >= MAX_INCLUDE_DEPTH) {
		import_skip(P->imp, file, line,
			    _("include '%s' includes itself (left out)"), target);
		goto out;
	}
	data = read_whole(rreal, &len, &err);
	if (!data) {
		import_skip(P->imp, file, line, _("include '%s': %s (left out)"),
			    target, strerror(err));
		goto out;
	}
	{
		size_t clen;
		char *clean = clean_bytes(data, len, &clen);
		struct md_file *f = P->f;
		struct md_file dummy;

		free(data);
		data = NULL;
		split_lines(clean, clen, &L);
		/* an include's own front matter is metadata of the include */
		memset(&dummy, 0, sizeof(dummy));
		dummy.path = shown;
		skip = front_matter(P->imp, &dummy, &L);
		free(dummy.title);
		free(dummy.description);
		free(dummy.date);
		f->names = xrealloc_array(f->names, f->nnames + 1, sizeof(*f->names));
		f->names[f->nnames++] = shown;
		P->stack[P->depth++] = rreal;
		pass_lines(P, shown, rreal, &L, skip, prefix, plen);
		P->depth--;
		shown = NULL;   /* owned by f->names now */
		lines_free(&L);
	}
out:
	free(dir);
	free(shown);
	free(full);
	free(rreal);
	free(data);
}

/* Rewrites one non-code line that holds a directive; returns false when
 * the line is ordinary Markdown. */
static bool directive(struct pass *P, const char *file, const char *real,
		      const struct lines *L, size_t *i, const char *prefix,
		      size_t plen)
{
	const char *line = L->v[*i], *rest = line + prefix_len(line);
	size_t lp = (size_t)(rest - line);
	struct strbuf pre = STRBUF_INIT, sb = STRBUF_INIT;
	unsigned lineno = (unsigned)*i + 1;

	sb_add(&pre, prefix, plen);
	sb_add(&pre, line, lp);

	if (starts_ci(rest, ":::image-end") || starts_ci(rest, "::: image-end")) {
		emit_line(P, file, lineno, "", 0, sb_str(&pre));
	} else if (starts_ci(rest, ":::image") || starts_ci(rest, "::: image")) {
		/* the directive may run over several lines up to its closing ::: */
		struct strbuf all = STRBUF_INIT;
		size_t j = *i, k;
		char *alt;

		/* past ":::", blanks and "image" */
		size_t name_end = 3 + strspn(rest + 3, " ") + 5;

		sb_puts(&all, rest);
		while (!strstr(all.s + name_end, ":::") && j + 1 < L->n && j - *i < 10) {
			j++;
			sb_putc(&all, ' ');
			sb_puts(&all, L->v[j] + prefix_len(L->v[j]));
		}
		alt = directive_attr(all.s, "alt-text");
		if (alt && *alt) {
			sb_puts(&sb, "Image: ");
			md_escape(&sb, alt, strlen(alt));
		}
		emit_para_line(P, file, lineno, &pre, sb_str(&sb));
		for (k = *i + 1; k <= j; k++)
			emit_line(P, file, (unsigned)k + 1, "", 0, sb_str(&pre));
		*i = j;
		free(alt);
		sb_free(&all);
	} else if (starts_ci(rest, ":::") && strstr(rest, "zone-end")) {
		if (P->npivots) {
			char *pv = P->pivots[--P->npivots];

			sb_puts(&sb, "**End of the part for ");
			md_escape(&sb, pv, strlen(pv));
			sb_puts(&sb, "**");
			free(pv);
		}
		emit_para_line(P, file, lineno, &pre, sb_str(&sb));
	} else if (starts_ci(rest, ":::") && strstr(rest, "zone")) {
		char *pv = directive_attr(rest, "pivot");

		if (!pv)
			pv = directive_attr(rest, "target");
		if (!pv)
			pv = xstrdup("");
		sb_puts(&sb, "**For ");
		md_escape(&sb, pv, strlen(pv));
		sb_puts(&sb, ":**");
		if (P->npivots < sizeof(P->pivots) / sizeof(P->pivots[0]))
			P->pivots[P->npivots++] = pv;
		else
			free(pv);
		emit_para_line(P, file, lineno, &pre, sb_str(&sb));
	} else if (starts_ci(rest, ":::")) {
		/* layout (row, column, moniker ...): no text of its own */
		emit_line(P, file, lineno, "", 0, sb_str(&pre));
	} else if (starts_ci(rest, "[!div")) {
		emit_line(P, file, lineno, "", 0, sb_str(&pre));
	} else if (starts_ci(rest, "[!include")) {
		const char *open = strstr(rest, "](");
		const char *close = open ? strchr(open + 2, ')') : NULL;

		if (!close) {
			sb_free(&pre);
			sb_free(&sb);
			return false;
		}
		{
			char *target = xstrndup(open + 2, (size_t)(close - open - 2));
			size_t tn = strlen(target);

			if (tn >= 2 && target[0] == '<' && target[tn - 1] == '>') {
				memmove(target, target + 1, tn - 2);
				target[tn - 2] = '\0';
			}
			/* keep the line count: the directive's line stays, empty */
			emit_line(P, file, lineno, "", 0, sb_str(&pre));
			include_file(P, file, real, lineno, target, sb_str(&pre), pre.len);
			emit_line(P, file, lineno, "", 0, sb_str(&pre));
			free(target);
		}
	} else {
		sb_free(&pre);
		sb_free(&sb);
		return false;
	}
	sb_free(&pre);
	sb_free(&sb);
	return true;
}

static size_t fence_run(const char *s, char *ch)
{
	size_t n = 0;

	if (*s != '`' && *s != '~')
		return 0;
	*ch = *s;
	while (s[n] == *ch)
		n++;
	return n >= 3 ? n : 0;
}

static void pass_lines(struct pass *P, const char *file, const char *real,
		       const struct lines *L, size_t first, const char *prefix,
		       size_t plen)
{
	size_t i, open = 0;
	char open_ch = 0;

	for (i = 0; i < first; i++)
		emit_line(P, file, (unsigned)i + 1, "", 0, "");
	for (i = first; i < L->n; i++) {
		const char *rest = L->v[i] + prefix_len(L->v[i]);
		char ch;
		size_t run = fence_run(rest, &ch);

		if (open) {
			if (run >= open && ch == open_ch && !rest[run + strspn(rest + run, " \t")])
				open = 0;
		} else if (run) {
			open = run;
			open_ch = ch;
		} else if (directive(P, file, real, L, &i, prefix, plen)) {
			continue;
		}
		emit_line(P, file, (unsigned)i + 1, prefix, plen, L->v[i]);
	}
}

/* ---- The article ---------------------------------------------------------------- */

struct md_file *md_file_read(struct import *imp, const char *path,
			     const char *root, const char *readme)
{
	struct md_file *f;
	struct pass P;
	struct lines L;
	char *data, *clean, *base, *dot;
	size_t len, clen, skip;
	int err = 0;
	char *stack[MAX_INCLUDE_DEPTH + 1];

	data = read_whole(path, &len, &err);
	if (!data) {
		import_skip(imp, path, 0, _("cannot read: %s (left out)"), strerror(err));
		return NULL;
	}
	f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(path);
	f->real = realpath(path, NULL);
	if (!f->real)
		f->real = xstrdup(path);
	f->root = xstrdup(root);
	base = strrchr(path, '/');
	f->stem = xstrdup(base ? base + 1 : path);
	dot = strrchr(f->stem, '.');
	if (dot && dot != f->stem)
		*dot = '\0';
	f->names = xmalloc(sizeof(*f->names));
	f->names[f->nnames++] = xstrdup(path);

	clean = clean_bytes(data, len, &clen);
	free(data);
	split_lines(clean, clen, &L);
	skip = front_matter(imp, f, &L);

	memset(&P, 0, sizeof(P));
	P.imp = imp;
	P.f = f;
	P.stack = stack;
	stack[P.depth++] = f->real;
	pass_lines(&P, f->names[0], f->real, &L, skip, "", 0);
	while (P.npivots)
		free(P.pivots[--P.npivots]);
	lines_free(&L);
	f->len = P.out.len;
	f->text = sb_detach(&P.out);
	f->url = md_source_url(path, f->stem, readme);
	return f;
}

struct line_origin md_origin(const struct md_file *f, unsigned line)
{
	struct line_origin none = { f->names[0], line };

	if (line >= 1 && line <= f->nlines)
		return f->lines[line - 1];
	if (f->nlines)
		return f->lines[f->nlines - 1];
	return none;
}

void md_file_free(struct md_file *f)
{
	size_t i;

	if (!f)
		return;
	if (f->doc)
		cmark_node_free(f->doc);
	for (i = 0; i < f->nnames; i++)
		free(f->names[i]);
	for (i = 0; i < f->nanchors; i++)
		free(f->anchors[i].slug);
	free(f->anchors);
	free(f->names);
	free(f->lines);
	free(f->text);
	free(f->path);
	free(f->real);
	free(f->root);
	free(f->stem);
	free(f->url);
	free(f->title);
	free(f->description);
	free(f->date);
	free(f);
}
