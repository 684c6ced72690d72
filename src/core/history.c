/* SPDX-License-Identifier: MIT */
/* history.c: the search history (see history.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "history.h"
#include "i18n.h"
#include "strbuf.h"
#include "xalloc.h"

struct history {
	char *path;
	size_t cap;
	char **v;                 /* oldest first */
	size_t n, vcap;
};

struct history *history_new(const char *path, size_t cap)
{
	struct history *h = xcalloc(1, sizeof(*h));

	h->path = path ? xstrdup(path) : NULL;
	h->cap = cap ? cap : HISTORY_MAX;
	return h;
}

static void clear(struct history *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->v[i]);
	h->n = 0;
}

void history_free(struct history *h)
{
	if (!h)
		return;
	clear(h);
	free(h->v);
	free(h->path);
	free(h);
}

/* Adds the len bytes at s as the newest, taking out an equal older one and
 * the oldest beyond the cap. */
static bool push(struct history *h, const char *s, size_t len)
{
	size_t i;

	while (len && *s == ' ')
		s++, len--;
	while (len && s[len - 1] == ' ')
		len--;
	if (!len)
		return false;
	if (h->n && strlen(h->v[h->n - 1]) == len && memcmp(h->v[h->n - 1], s, len) == 0)
		return false;
	for (i = 0; i < h->n; i++)
		if (strlen(h->v[i]) == len && memcmp(h->v[i], s, len) == 0) {
			free(h->v[i]);
			memmove(h->v + i, h->v + i + 1, (h->n - i - 1) * sizeof(*h->v));
			h->n--;
			break;
		}
	if (h->n == h->cap) {
		free(h->v[0]);
		memmove(h->v, h->v + 1, (h->n - 1) * sizeof(*h->v));
		h->n--;
	}
	h->v = xgrow(h->v, &h->vcap, h->n + 1, sizeof(*h->v));
	h->v[h->n++] = xstrndup(s, len);
	return true;
}

static bool one_line(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

bool history_add(struct history *h, const char *query)
{
	return one_line(query, strlen(query)) && push(h, query, strlen(query));
}

bool history_load(struct history *h, struct diag_list *dl)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	const char *s, *end;
	size_t n;
	FILE *fp;

	clear(h);
	if (!h->path)
		return true;
	fp = fopen(h->path, "rb");
	if (!fp) {
		if (errno == ENOENT)
			return true;
		diag_add(dl, DIAG_WARNING, h->path, 0, _("cannot read the search history: %s"),
			 strerror(errno));
		return false;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_add(&sb, buf, n);
	if (ferror(fp)) {
		diag_add(dl, DIAG_WARNING, h->path, 0, _("cannot read the search history: %s"),
			 strerror(errno));
		fclose(fp);
		sb_free(&sb);
		return false;
	}
	fclose(fp);
	for (s = sb_str(&sb), end = s + sb.len; s < end; ) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *next = nl ? nl + 1 : end;
		size_t len = (size_t)((nl ? nl : end) - s);

		if (len && s[len - 1] == '\r')
			len--;
		if (one_line(s, len))
			push(h, s, len);
		s = next;
	}
	sb_free(&sb);
	return true;
}

bool history_save(const struct history *h, struct diag_list *dl)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	bool ok;

	if (!h->path)
		return true;
	for (i = 0; i < h->n; i++) {
		sb_puts(&sb, h->v[i]);
		sb_putc(&sb, '\n');
	}
	ok = fs_replace_file(h->path, sb_str(&sb), sb.len, 0600);
	if (!ok)
		diag_add(dl, DIAG_WARNING, h->path, 0, _("cannot save the search history: %s"),
			 strerror(errno));
	sb_free(&sb);
	return ok;
}

size_t history_count(const struct history *h)
{
	return h ? h->n : 0;
}

const char *history_get(const struct history *h, size_t i)
{
	return h && i < h->n ? h->v[h->n - 1 - i] : NULL;
}

size_t history_find(const struct history *h, const char *query)
{
	size_t i;

	for (i = 0; h && i < h->n; i++)
		if (strcmp(h->v[h->n - 1 - i], query) == 0)
			return i;
	return (size_t)-1;
}
