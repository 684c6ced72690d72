/* SPDX-License-Identifier: MIT */
/* sanitize.c: see sanitize.h.  Written here rather than taken from a
 * library: the rule (which characters, and what stands in for them) is
 * this program's own, and it is a short loop over utf8_decode. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "utf8.h"
#include "xalloc.h"

bool sanitize_is_unsafe(uint32_t cp)
{
	return utf8_is_control(cp) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF;
}

void sanitize_append(struct strbuf *sb, const char *s, size_t n, unsigned flags)
{
	size_t i = 0;

	while (i < n) {
		size_t start = i, k;
		uint32_t cp;

		/* copy the run of safe bytes in one go */
		while (i < n) {
			unsigned char c = (unsigned char)s[i];

			if (c >= 0x20 && c < 0x7F) {
				i++;
				continue;
			}
			if (c == '\n' && (flags & SAN_KEEP_NL)) {
				i++;
				continue;
			}
			if (c == '\t' && (flags & SAN_KEEP_TAB)) {
				i++;
				continue;
			}
			if (c < 0x80)
				break;
			k = utf8_decode(s + i, n - i, &cp);
			if ((cp == UTF8_REPLACEMENT && k == 1) || sanitize_is_unsafe(cp))
				break;
			i += k;
		}
		sb_add(sb, s + start, i - start);
		if (i >= n)
			break;
		k = utf8_decode(s + i, n - i, &cp);
		if (cp < 0x20 || cp == 0x7F) {
			sb_putc(sb, '^');
			sb_putc(sb, (char)(cp ^ 0x40));
		} else {
			sb_puts(sb, (flags & SAN_ASCII) ? "?" : "\xEF\xBF\xBD");
		}
		i += k;
	}
}

char *sanitize_dup(const char *s, unsigned flags)
{
	struct strbuf sb = STRBUF_INIT;

	sanitize_append(&sb, s ? s : "", s ? strlen(s) : 0, flags);
	return sb_detach(&sb);
}

int sanitize_fputs(const char *s, FILE *fp, unsigned flags)
{
	char *t = sanitize_dup(s, flags);
	int rc = fputs(t, fp);

	free(t);
	return rc;
}

bool sanitize_find(const char *s, size_t n, size_t *at, uint32_t *cp)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t k;
		uint32_t u;

		if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t') {
			i++;
			continue;
		}
		k = utf8_decode(s + i, n - i, &u);
		if ((u == UTF8_REPLACEMENT && k == 1) || sanitize_is_unsafe(u)) {
			*at = i;
			*cp = u;
			return true;
		}
		i += k;
	}
	return false;
}
