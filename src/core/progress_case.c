/* SPDX-License-Identifier: MIT */
/* progress_case.c: a case as a whole -- the articles worked in it (a step
 * ticked or a note written) in the order they were worked, how far each
 * case has got (done/total, its last change, the article worked in last)
 * for the browser's case picker and its resuming, and deleting a case. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "progress_impl.h"
#include "xalloc.h"

/* ---- The articles worked in --------------------------------------------- */

static time_t first_time(const struct entry *e)
{
	return e->done ? e->done : e->changed;
}

static const struct entries *sort_es;

static int by_article_then_pos(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	int c = strcmp(sort_es->v[a].article, sort_es->v[b].article);

	return c ? c : (a > b) - (a < b);
}

static int by_first(const void *x, const void *y)
{
	const struct progress_worked *a = x, *b = y;

	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return strcmp(a->article, b->article);
}

size_t progress_worked(const struct entries *es, struct progress_worked **out)
{
	size_t *order = xmalloc((es->n ? es->n : 1) * sizeof(*order));
	struct progress_worked *v = NULL;
	size_t i, n = 0, cap = 0, k = 0;

	for (i = 0; i < es->n; i++)
		if (es->v[i].done || es->v[i].note)
			order[k++] = i;
	sort_es = es;
	qsort(order, k, sizeof(*order), by_article_then_pos);
	sort_es = NULL;
	for (i = 0; i < k; i++) {
		const struct entry *e = &es->v[order[i]];
		struct progress_worked *w = n ? &v[n - 1] : NULL;

		if (!w || strcmp(w->article, e->article) != 0) {
			v = xgrow(v, &cap, n + 1, sizeof(*v));
			w = &v[n++];
			w->article = e->article;
			w->first = first_time(e);
			w->last = e->changed;
		}
		if (first_time(e) < w->first)
			w->first = first_time(e);
		if (e->changed > w->last)
			w->last = e->changed;
	}
	free(order);
	if (n)
		qsort(v, n, sizeof(*v), by_first);
	*out = v;
	return n;
}

/* ---- How far a case has got ------------------------------------------------- */

static void summarise(const struct entries *es, const struct kb *kb,
		      struct progress_case *c)
{
	struct progress_worked *w;
	size_t n = progress_worked(es, &w), i, s;
	time_t last = 0;

	c->narticles = n;
	c->done = c->total = 0;
	c->last_article = NULL;
	for (i = 0; i < n; i++) {
		size_t ai = kb ? kb_find(kb, w[i].article) : (size_t)-1;

		if (w[i].last >= last) {
			last = w[i].last;
			free(c->last_article);
			c->last_article = xstrdup(w[i].article);
		}
		if (ai == (size_t)-1)
			continue;
		{
			const struct kb_article *a = kb->articles[ai];
			char (*keys)[KEY_MAX] = progress_article_keys(a);

			c->total += a->nsteps;
			for (s = 0; s < a->nsteps; s++) {
				size_t e = progress_entries_find(es, a->id, keys[s]);

				c->done += e != NONE && es->v[e].done;
			}
			free(keys);
		}
	}
	free(w);
}

struct recent {
	struct progress_case *v;
	size_t n, cap;
	const struct kb *kb;
};

static void add_recent(void *ctx, char *name, const struct entries *es)
{
	struct recent *r = ctx;

	summarise(es, r->kb, progress_case_add(&r->v, &r->n, &r->cap, name, es));
}

static int by_recency(const void *x, const void *y)
{
	const struct progress_case *a = x, *b = y;

	if (a->changed != b->changed)
		return a->changed > b->changed ? -1 : 1;
	return strcmp(a->name, b->name);
}

size_t progress_recent_cases(const char *dir, const struct kb *kb,
			     struct progress_case **cases, struct diag_list *dl)
{
	struct recent r = { NULL, 0, 0, kb };

	progress_walk_cases(dir, add_recent, &r, dl);
	if (r.n)
		qsort(r.v, r.n, sizeof(*r.v), by_recency);
	*cases = r.v;
	return r.n;
}

void progress_case_info(const struct progress *p, const struct kb *kb,
			struct progress_case *info)
{
	struct progress_case *one = NULL;
	size_t n = 0, cap = 0;

	summarise(&p->e, kb, progress_case_add(&one, &n, &cap, xstrdup(p->name), &p->e));
	*info = *one;
	free(one);
}

void progress_case_info_free(struct progress_case *info)
{
	free(info->name);
	free(info->last_article);
	memset(info, 0, sizeof(*info));
}

/* ---- Deleting ------------------------------------------------------------------ */

bool progress_delete_case(const char *dir, const char *case_name,
			  struct diag_list *dl)
{
	char *file, *path, *lock;
	bool ok = true;

	if (!dir || !*dir)
		return true;
	file = progress_case_file_name(case_name);
	path = xasprintf("%s/cases/%s", dir, file);
	lock = xasprintf("%s.lock", path);
	if (unlink(path) != 0 && errno != ENOENT) {
		diag_add(dl, DIAG_WARNING, path, 0, _("cannot delete the checklist: %s"),
			 strerror(errno));
		ok = false;
	} else if (unlink(lock) != 0 && errno != ENOENT) {
		/* The case is gone; a lock file left behind is harmless. */
	}
	free(lock);
	free(path);
	free(file);
	return ok;
}
