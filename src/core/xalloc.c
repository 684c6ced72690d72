/* SPDX-License-Identifier: MIT */
/* xalloc.c: checked allocation and the fatal-error hook. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "xalloc.h"

static void (*fatal_hook)(void);

void xalloc_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

void xalloc_die(void)
{
	if (fatal_hook)
		fatal_hook();
	fprintf(stderr, "enrollkb: %s\n", _("out of memory"));
	exit(3);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		xalloc_die();
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		xalloc_die();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		xalloc_die();
	return p;
}

size_t xalloc_size(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		xalloc_die();
	return n * size;
}

void *xmalloc_array(size_t n, size_t size)
{
	return xmalloc(xalloc_size(n, size));
}

void *xrealloc_array(void *p, size_t n, size_t size)
{
	return xrealloc(p, xalloc_size(n, size));
}

void *xgrow(void *p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap;

	if (need <= n)
		return p;
	if (n < 8)
		n = 8;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			xalloc_die();
		n *= 2;
	}
	p = xrealloc_array(p, n, elem);
	*cap = n;
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		xalloc_die();
	va_end(ap);
	return s;
}
