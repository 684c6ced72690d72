/* SPDX-License-Identifier: MIT */
/* cli.c: plain-text commands for shells and scripts. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "layout.h"
#include "strbuf.h"

#define NO_ARTICLE ((size_t)-1)

int cli_output_width(FILE *out)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");

	if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	if (cols && *cols) {
		char *end;
		long n = strtol(cols, &end, 10);

		if (*end == '\0' && n > 0 && n < 10000)
			return (int)n;
	}
	return 80;
}

int cli_list(const struct kb *kb, FILE *out)
{
	size_t c, i;

	for (c = 0; c < kb->ncategories; c++) {
		const struct kb_category *cat = &kb->categories[c];

		fprintf(out, "%s\n", cat->name);
		for (i = 0; i < cat->narticles; i++) {
			const struct kb_article *a = kb->articles[cat->articles[i]];

			fprintf(out, "%s\t%s\n", a->id, a->title);
		}
	}
	return EXIT_MATCH;
}

static const char *first_category(const struct kb *kb, const struct kb_article *a)
{
	return a->ncategories ? kb->categories[a->categories[0]].name : "";
}

int cli_search(const struct kb *kb, const struct search_index *idx,
	       const char *query, FILE *out)
{
	struct search_hit *hits;
	size_t i, n = search_run(idx, query, 0, &hits);

	for (i = 0; i < n; i++) {
		const struct kb_article *a = kb->articles[hits[i].article];

		fprintf(out, "%s\t%s\t%s\n", a->id, first_category(kb, a), a->title);
	}
	free(hits);
	return n ? EXIT_MATCH : EXIT_NOMATCH;
}

int cli_search_index(const struct search_index *idx, const char *query, bool all,
		     FILE *out)
{
	struct search_query *q = search_query_new(idx, query);
	struct search_hit *hits;
	size_t i, n = all ? search_query_run_all(idx, q, 0, &hits)
			  : search_query_run(idx, q, 0, &hits);
	bool confident = n && !hits[0].weak;

	/* without format parsing: a short query can list every article */
	for (i = 0; i < n; i++) {
		size_t d = hits[i].article;

		fputs(search_index_doc_id(idx, d), out);
		putc('\t', out);
		fputs(search_index_doc_category(idx, d), out);
		putc('\t', out);
		fputs(search_index_doc_title(idx, d), out);
		if (all)
			fputs(hits[i].weak ? "\tweak" : "\tconfident", out);
		putc('\n', out);
	}
	free(hits);
	search_query_free(q);
	return confident ? EXIT_MATCH : EXIT_NOMATCH;
}

int cli_show(const struct kb *kb, const char *id, int width, FILE *out)
{
	size_t i = kb_lookup(kb, id);
	struct layout_opts opts = { width, false, NULL };
	struct layout *l;

	if (i == NO_ARTICLE) {
		fprintf(stderr, _("enrollkb: no article or error code '%s' (try --search)\n"), id);
		return EXIT_NOMATCH;
	}
	l = layout_article(kb, kb->articles[i], &opts);
	layout_print(out, l);
	layout_free(l);
	return EXIT_MATCH;
}

int cli_validate(const struct diag_list *dl, FILE *out)
{
	size_t errors = diag_count(dl, DIAG_ERROR);
	size_t warnings = diag_count(dl, DIAG_WARNING);

	diag_print_all(out, dl);
	if (errors || warnings)
		fprintf(stderr, _("enrollkb: %zu error(s), %zu warning(s)\n"),
			errors, warnings);
	return errors ? EXIT_NOMATCH : EXIT_MATCH;
}

int cli_checklist(const struct kb *kb, struct progress *p, const char *id,
		  bool reset, FILE *out)
{
	size_t i = kb_lookup(kb, id);
	struct diag_list dl = DIAG_LIST_INIT;
	struct strbuf sb = STRBUF_INIT;
	int rc = EXIT_MATCH;

	if (i == NO_ARTICLE) {
		fprintf(stderr, _("enrollkb: no article or error code '%s' (try --search)\n"), id);
		return EXIT_NOMATCH;
	}
	if (reset) {
		progress_reset(p, kb->articles[i], time(NULL));
		if (!progress_save(p, &dl))
			rc = EXIT_TROUBLE;
		diag_print_all(stderr, &dl);
		diag_list_free(&dl);
		if (rc == EXIT_MATCH)
			fprintf(out, _("Checklist of %s cleared for case %s.\n"),
				kb->articles[i]->id, progress_case_name(p));
		return rc;
	}
	progress_export_markdown(p, kb->articles[i], &sb);
	fputs(sb_str(&sb), out);
	sb_free(&sb);
	return rc;
}

int cli_cases(const char *state_dir, FILE *out)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct progress_case *cases;
	size_t i, n = progress_list_cases(state_dir, &cases, &dl);

	if (!state_dir)
		fprintf(stderr, "%s\n", _("enrollkb: warning: neither XDG_STATE_HOME nor HOME is set: no checklist state"));
	diag_print_all(stderr, &dl);
	diag_list_free(&dl);
	for (i = 0; i < n; i++) {
		char when[32] = "-";
		struct tm tm;
		const char *c;

		if (cases[i].changed && gmtime_r(&cases[i].changed, &tm))
			strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		/* A case name is whatever the user typed: keep each on one
		 * line with its fields apart. */
		for (c = cases[i].name; *c; c++)
			if (*c == '\t')
				fputs("\\t", out);
			else if (*c == '\n')
				fputs("\\n", out);
			else if (*c == '\\')
				fputs("\\\\", out);
			else if ((unsigned char)*c < 0x20 || *c == 0x7f)
				putc('?', out);
			else
				putc(*c, out);
		fprintf(out, "\t%s\n", when);
	}
	progress_cases_free(cases, n);
	return EXIT_MATCH;
}
