/* SPDX-License-Identifier: MIT */
/* links.c: where an article lives on learn.microsoft.com and what its
 * links become.
 *
 * An article at support/<path>.md in Microsoft's repository is published
 * at https://learn.microsoft.com/troubleshoot/<path>.  A relative link is
 * resolved against the article's own page; when it lands on an imported
 * article (and, with a #fragment, on one of its headings) it becomes an
 * xref to that topic, else the page's URL.  Site-relative links (/mem/...)
 * get the host.  Only http and https survive: javascript:, data:, mailto:
 * and the rest are dropped, their text kept. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import.h"
#include "xalloc.h"

#define INTUNE_PAGES LEARN_HOST "/troubleshoot/mem/intune/"
/* Where an article goes when neither its path nor a README says: most of
 * Intune's enrollment articles live there. */
#define DEFAULT_FOLDER "device-enrollment"

static char *strip_md(const char *s, size_t n)
{
	if (n >= 3 && strncasecmp(s + n - 3, ".md", 3) == 0)
		n -= 3;
	return xstrndup(s, n);
}

/* "support/mem/intune/x/y.md" anywhere in path. */
static char *url_from_repo_path(const char *path)
{
	const char *p = path, *hit = NULL;
	char *rest, *url;

	while ((p = strstr(p, "support/")) != NULL) {
		if (p == path || p[-1] == '/')
			hit = p + 8;
		p++;
	}
	if (!hit) {
		p = strstr(path, "mem/intune/");
		if (p && (p == path || p[-1] == '/'))
			hit = p;
	}
	if (!hit)
		return NULL;
	rest = strip_md(hit, strlen(hit));
	url = xasprintf("%s/troubleshoot/%s", LEARN_HOST, rest);
	free(rest);
	return url;
}

/* A folder copied flat out of the repository may say in its README.md, in
 * a table row naming the file, which repository path it came from. */
static char *url_from_readme(const char *readme, const char *stem)
{
	const char *line = readme;
	size_t sn = strlen(stem);

	while (line && *line) {
		const char *end = strchr(line, '\n'), *cell;
		size_t n = end ? (size_t)(end - line) : strlen(line);
		char *row = xstrndup(line, n), *found = NULL;

		for (cell = strtok(row, "|"); cell; cell = strtok(NULL, "|")) {
			size_t cn;

			while (*cell == ' ' || *cell == '`')
				cell++;
			cn = strcspn(cell, " `");
			if (cn > sn + 3 && strncmp(cell, "support/", 8) == 0 &&
			    cell[cn - sn - 4] == '/' &&
			    strncmp(cell + cn - sn - 3, stem, sn) == 0 &&
			    strncasecmp(cell + cn - 3, ".md", 3) == 0) {
				char *path = xstrndup(cell, cn);

				found = url_from_repo_path(path);
				free(path);
				break;
			}
		}
		free(row);
		if (found)
			return found;
		line = end ? end + 1 : NULL;
	}
	return NULL;
}

char *md_source_url(const char *path, const char *stem, const char *readme)
{
	char *url = url_from_repo_path(path);

	if (!url && readme)
		url = url_from_readme(readme, stem);
	if (!url)
		url = xasprintf("%s%s/%s", INTUNE_PAGES, DEFAULT_FOLDER, stem);
	return url;
}

char *anchor_slug(const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p; p++) {
		if (*p >= 0x80 || isalnum(*p) || *p == '_' || *p == '-')
			sb_putc(&sb, (char)(*p < 0x80 ? tolower(*p) : *p));
		else if (*p == ' ')
			sb_putc(&sb, '-');
	}
	return sb_detach(&sb);
}

/* Resolves rel against the page URL base (a file's URL: its folder is
 * what precedes the last '/'), folding "." and "..". */
static char *url_join(const char *base, const char *rel)
{
	struct strbuf sb = STRBUF_INIT;

	sb_add(&sb, base, (size_t)(strrchr(base, '/') - base));
	path_append(&sb, rel, strlen(LEARN_HOST));
	return sb_detach(&sb);
}

static bool has_scheme(const char *s)
{
	const char *p = s;

	if (!isalpha((unsigned char)*p))
		return false;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

static size_t find_topic(const struct import *imp, const char *page,
			 const char *frag, const char *stem)
{
	size_t i, k;

	for (i = 0; i < imp->nfiles; i++) {
		const struct md_file *f = imp->files[i];

		if (strcasecmp(f->url, page) != 0 &&
		    !(stem && strcasecmp(f->stem, stem) == 0))
			continue;
		if (frag && *frag)
			for (k = 0; k < f->nanchors; k++)
				if (strcasecmp(f->anchors[k].slug, frag) == 0)
					return f->anchors[k].topic;
		return f->main_topic;
	}
	return NO_TOPIC;
}

struct link_target link_resolve(const struct import *imp, const struct md_file *f,
				const char *dest)
{
	struct link_target t = { NULL, NO_TOPIC };
	char *d = xstrdup(dest), *frag, *query, *page;
	size_t n;

	text_squeeze(d);
	n = strlen(d);
	/* [text]([/path]) is a typo seen in real articles: drop the brackets */
	if (n >= 2 && d[0] == '[' && d[n - 1] == ']') {
		memmove(d, d + 1, n - 2);
		d[n - 2] = '\0';
	}
	if (!*d) {
		free(d);
		return t;
	}
	if (has_scheme(d)) {
		if (strncasecmp(d, "http://", 7) == 0 || strncasecmp(d, "https://", 8) == 0)
			t.url = d;
		else
			free(d);
		return t;
	}
	if (d[0] == '/' && d[1] == '/') {
		t.url = xasprintf("https:%s", d);
		free(d);
		return t;
	}
	if (d[0] == '/') {
		t.url = xasprintf("%s%s", LEARN_HOST, d);
		free(d);
		return t;
	}
	frag = strchr(d, '#');
	if (frag)
		*frag++ = '\0';
	query = strchr(d, '?');
	if (query)
		*query++ = '\0';
	if (!*d) {
		/* #anchor: a heading of this article */
		t.topic = find_topic(imp, f->url, frag, NULL);
		if (t.topic == NO_TOPIC)
			t.url = xasprintf("%s%s%s", f->url, frag ? "#" : "", frag ? frag : "");
		free(d);
		return t;
	}
	{
		char *rel = strip_md(d, strlen(d));
		const char *base = strrchr(rel, '/');
		bool md = strlen(rel) != strlen(d);

		page = url_join(f->url, rel);
		/* a link to a sibling file names it by stem even in a folder
		 * whose pages we could not place */
		if (md)
			t.topic = find_topic(imp, page, frag, base ? NULL : rel);
		if (t.topic == NO_TOPIC) {
			t.url = xasprintf("%s%s%s%s%s", page, query ? "?" : "",
					  query ? query : "", frag ? "#" : "",
					  frag ? frag : "");
		}
		free(page);
		free(rel);
	}
	free(d);
	return t;
}
