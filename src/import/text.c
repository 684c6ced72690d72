/* SPDX-License-Identifier: MIT */
/* text.c: the importer's text helpers -- XML escaping that lets nothing
 * unsafe from an article through, id slugs, and the shape of an error
 * code. */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "import.h"
#include "utf8.h"
#include "xalloc.h"

/* Characters XML 1.0 forbids or that no terminal should receive: C0 and C1
 * controls, DEL, surrogates (utf8_decode never yields them), and the
 * noncharacters. */
static bool cp_dropped(uint32_t cp)
{
	if (utf8_is_control(cp))
		return true;
	if (cp >= 0xFDD0 && cp <= 0xFDEF)
		return true;
	return (cp & 0xFFFE) == 0xFFFE;
}

void xml_put(struct strbuf *sb, const char *s, size_t n, enum xml_mode mode)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t k;
		char enc[4];

		if (c < 0x80) {
			i++;
			switch (c) {
			case '&': sb_puts(sb, "&amp;"); continue;
			case '<': sb_puts(sb, "&lt;"); continue;
			case '>': sb_puts(sb, "&gt;"); continue;
			case '"':
				sb_puts(sb, mode == XML_ATTR ? "&quot;" : "\"");
				continue;
			case '\n':
			case '\t':
				sb_putc(sb, mode == XML_CODE ? (char)c : ' ');
				continue;
			case '\r':
				sb_putc(sb, mode == XML_CODE ? '\n' : ' ');
				continue;
			default:
				if (c >= 0x20 && c != 0x7F)
					sb_putc(sb, (char)c);
				continue;
			}
		}
		k = utf8_decode(s + i, n - i, &cp);
		i += k;
		if (cp == 0xA0 && mode != XML_CODE) {
			/* &nbsp; runs in logs and tables are layout, not text */
			sb_putc(sb, ' ');
			continue;
		}
		if (cp_dropped(cp))
			continue;
		sb_add(sb, enc, utf8_encode(cp, enc));
	}
}

char *id_slug(const char *s, size_t max)
{
	struct strbuf sb = STRBUF_INIT;
	bool dash = false;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) && c < 0x80) {
			if (dash && sb.len)
				sb_putc(&sb, '-');
			dash = false;
			sb_putc(&sb, (char)tolower(c));
		} else if (c != '\'' && c != 0xE2) {
			/* apostrophes (ASCII or the start of a typographic one)
			 * join: "doesn't" -> "doesnt" */
			dash = true;
		}
	}
	if (sb.len > max) {
		size_t cut = max;

		while (cut > 0 && sb.s[cut] != '-')
			cut--;
		sb_truncate(&sb, cut ? cut : max);
	}
	return sb_detach(&sb);
}

bool is_error_code(const char *w, size_t n)
{
	size_t i, upper = 0, lower = 0, digits = 0, under = 0;

	if (n >= 3 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X')) {
		for (i = 2; i < n; i++)
			if (!isxdigit((unsigned char)w[i]))
				return false;
		return n >= 5;
	}
	if (n >= 5 && w[0] == '-') {
		for (i = 1; i < n; i++)
			if (!isdigit((unsigned char)w[i]))
				return false;
		return true;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];

		if (isupper(c))
			upper++;
		else if (islower(c))
			lower++;
		else if (isdigit(c))
			digits++;
		else if (c == '_')
			under++;
		else
			return false;
	}
	if (!n || !isalpha((unsigned char)w[0]))
		return false;
	if (under && !lower && upper >= 3)          /* XPC_TYPE_ERROR */
		return true;
	if (under)
		return false;
	if (!lower && upper >= 2 && digits >= 3)    /* AADSTS50020 */
		return true;
	/* DeviceCapReached, APNSCertificateNotValid, errSecInvalidOwnerEdit:
	 * three humps keep PowerShell and DirSync out. */
	return lower && upper >= 3 && n >= 8;
}

bool text_all_codes(const char *s)
{
	size_t n = 0;

	while (*s) {
		size_t w = strcspn(s, " ,;/");

		if (w) {
			if (!is_error_code(s, w))
				return false;
			n++;
		}
		s += w;
		s += strspn(s, " ,;/");
	}
	return n > 0;
}

void text_squeeze(char *s)
{
	char *r = s, *w = s;
	bool space = false;

	while (*r) {
		unsigned char c = (unsigned char)*r;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = true;
			r++;
		} else if (c == 0xC2 && (unsigned char)r[1] == 0xA0) {
			space = true;
			r += 2;
		} else {
			if (space && w != s)
				*w++ = ' ';
			space = false;
			*w++ = *r++;
		}
	}
	*w = '\0';
}

void path_append(struct strbuf *sb, const char *rel, size_t floor)
{
	const char *p = rel;

	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = sb->len ? strrchr(sb->s, '/') : NULL;

			if (slash && (size_t)(slash - sb->s) >= floor && strcmp(slash + 1, "..") != 0)
				sb_truncate(sb, (size_t)(slash - sb->s));
			else if (!floor)
				sb_puts(sb, sb->len ? "/.." : "..");
		} else if (n && !(n == 1 && p[0] == '.')) {
			if (sb->len && sb->s[sb->len - 1] != '/')
				sb_putc(sb, '/');
			sb_add(sb, p, n);
		}
		p += n;
		if (*p == '/')
			p++;
	}
}

bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = text; *p; p++) {
		if (strncasecmp(p, word, n) != 0)
			continue;
		if (p > text && isalpha((unsigned char)p[-1]))
			continue;
		if (isalpha((unsigned char)p[n]))
			continue;
		return true;
	}
	return false;
}
