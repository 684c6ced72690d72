/* SPDX-License-Identifier: MIT */
/* cli.c: plain-text commands for shells and scripts, and the word lists
 * the shell completions ask for. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "sanitize.h"
#include "i18n.h"
#include "layout.h"
#include "strbuf.h"
#include "xalloc.h"

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

/* One field of a line of output: text from content, sanitised, with tab
 * and newline shown too so fields and lines stay apart. */
static void put_field(const char *s, FILE *out)
{
	sanitize_fputs(s, out, 0);
}

int cli_list(const struct kb *kb, FILE *out)
{
	size_t c, i;

	for (c = 0; c < kb->ncategories; c++) {
		const struct kb_category *cat = &kb->categories[c];

		put_field(cat->name, out);
		putc('\n', out);
		for (i = 0; i < cat->narticles; i++) {
			const struct kb_article *a = kb->articles[cat->articles[i]];

			put_field(a->id, out);
			putc('\t', out);
			put_field(a->title, out);
			putc('\n', out);
		}
	}
	return EXIT_MATCH;
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

		put_field(search_index_doc_id(idx, d), out);
		putc('\t', out);
		put_field(search_index_doc_category(idx, d), out);
		putc('\t', out);
		put_field(search_index_doc_title(idx, d), out);
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
		char *safe = sanitize_dup(id, 0);

		fprintf(stderr, _("enrollkb: no article or error code '%s' (try --search)\n"), safe);
		free(safe);
		return EXIT_NOMATCH;
	}
	l = layout_article(kb, kb->articles[i], &opts);
	layout_print(out, l);
	layout_free(l);
	return EXIT_MATCH;
}

/* "N errors, M warnings", each with its plural (malloc'd). */
static char *count_problems(size_t errors, size_t warnings)
{
	char *e = xasprintf(ngettext("%zu error", "%zu errors", errors), errors);
	char *w = xasprintf(ngettext("%zu warning", "%zu warnings", warnings), warnings);
	/* TRANSLATORS: "3 errors, 1 warning" */
	char *both = xasprintf(_("%s, %s"), e, w);

	free(e);
	free(w);
	return both;
}

int cli_validate(const struct diag_list *dl, FILE *out)
{
	size_t errors = diag_count(dl, DIAG_ERROR);
	size_t warnings = diag_count(dl, DIAG_WARNING);

	diag_print_all(out, dl);
	if (errors || warnings) {
		char *both = count_problems(errors, warnings);

		fprintf(stderr, "enrollkb: %s\n", both);
		free(both);
	}
	return errors ? EXIT_NOMATCH : EXIT_MATCH;
}

/* A word the shell completions can offer: one line, no blank, nothing
 * that would act on a terminal. */
static bool is_clean(const char *s)
{
	size_t at;
	uint32_t cp;

	return !strpbrk(s, " \t\n") && !sanitize_find(s, strlen(s), &at, &cp);
}

/* The articles the pack entry i brought in that replaced an earlier
 * pack's, also those a later pack replaced in turn. */
static void print_replaced(const struct kb *kb, size_t i, FILE *out)
{
	size_t k;

	for (k = 0; k < kb->narticles; k++) {
		const struct kb_article *a;

		for (a = kb->articles[k]; a; a = a->replaces) {
			char *line;

			if (a->pack != i || !a->replaces)
				continue;
			/* TRANSLATORS: "ID: NEW-FILE:LINE replaces OLD-FILE:LINE" */
			line = xasprintf(_("%s: %s:%u replaces %s:%u"), a->id, a->file,
					 a->line, a->replaces->file, a->replaces->line);
			fputs("  ", out);
			sanitize_fputs(line, out, 0);
			putc('\n', out);
			free(line);
		}
	}
}

int cli_packs(const struct kb *kb, FILE *out)
{
	size_t i;

	for (i = 0; i < kb->npacks; i++) {
		const struct kb_pack *p = &kb->packs[i];
		char *line;

		sanitize_fputs(p->title ? p->title : _("(no title)"), out, 0);
		putc('\n', out);
		line = xasprintf(_("version %s, dated %s"), p->version ? p->version : "-",
				 p->date ? p->date : "-");
		fputs("  ", out);
		sanitize_fputs(line, out, 0);
		free(line);
		fputs("\n  ", out);
		sanitize_fputs(p->path, out, 0);
		putc('\n', out);
		line = xasprintf(ngettext("%zu article", "%zu articles", p->narticles),
				 p->narticles);
		fprintf(out, "  %s\n", line);
		free(line);
		if (p->nreplaced) {
			line = xasprintf(ngettext("%zu of them replaces an earlier pack's article",
						  "%zu of them replace earlier packs' articles",
						  p->nreplaced), p->nreplaced);
			fprintf(out, "  %s\n", line);
			free(line);
		}
		line = count_problems(p->nerrors, p->nwarnings);
		fprintf(out, "  %s\n", line);
		free(line);
		print_replaced(kb, i, out);
	}
	return EXIT_MATCH;
}

int cli_complete(const struct kb *kb, const char *what, const char *state_dir,
		 FILE *out)
{
	size_t i, j;

	if (strcmp(what, "ids") == 0) {
		for (i = 0; i < kb->narticles; i++)
			if (is_clean(kb->articles[i]->id))
				fprintf(out, "%s\n", kb->articles[i]->id);
	} else if (strcmp(what, "codes") == 0) {
		for (i = 0; i < kb->narticles; i++)
			for (j = 0; j < kb->articles[i]->ncodes; j++)
				if (is_clean(kb->articles[i]->codes[j]))
					fprintf(out, "%s\n", kb->articles[i]->codes[j]);
	} else if (strcmp(what, "cases") == 0) {
		struct diag_list dl = DIAG_LIST_INIT;
		struct progress_case *cases = NULL;
		size_t n = state_dir ? progress_list_cases(state_dir, &cases, &dl) : 0;

		/* a completion has nowhere to show a warning */
		diag_list_free(&dl);
		for (i = 0; i < n; i++)
			if (is_clean(cases[i].name))
				fprintf(out, "%s\n", cases[i].name);
		progress_cases_free(cases, n);
	} else {
		return EXIT_USAGE;
	}
	return EXIT_MATCH;
}

int cli_checklist(const struct kb *kb, struct progress *p, const char *id,
		  bool reset, FILE *out)
{
	size_t i = kb_lookup(kb, id);
	struct diag_list dl = DIAG_LIST_INIT;
	struct strbuf sb = STRBUF_INIT;
	int rc = EXIT_MATCH;

	if (i == NO_ARTICLE) {
		char *safe = sanitize_dup(id, 0);

		fprintf(stderr, _("enrollkb: no article or error code '%s' (try --search)\n"), safe);
		free(safe);
		return EXIT_NOMATCH;
	}
	if (reset) {
		progress_reset(p, kb->articles[i], time(NULL));
		if (!progress_save(p, &dl))
			rc = EXIT_TROUBLE;
		diag_print_all(stderr, &dl);
		diag_list_free(&dl);
		if (rc == EXIT_MATCH) {
			char *id_safe = sanitize_dup(kb->articles[i]->id, 0);
			char *case_safe = sanitize_dup(progress_case_name(p), 0);

			fprintf(out, _("Checklist of %s cleared for case %s.\n"),
				id_safe, case_safe);
			free(id_safe);
			free(case_safe);
		}
		return rc;
	}
	progress_export_markdown(p, kb->articles[i], &sb);
	sanitize_fputs(sb_str(&sb), out, SAN_KEEP_NL | SAN_KEEP_TAB);
	sb_free(&sb);
	return rc;
}

int cli_export(const struct kb *kb, const struct progress *p,
	       enum progress_format format, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;

	progress_export_case(p, kb, format, &sb);
	sanitize_fputs(sb_str(&sb), out, SAN_KEEP_NL);
	sb_free(&sb);
	return EXIT_MATCH;
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
		for (c = cases[i].name; *c; ) {
			size_t k = strcspn(c, "\t\n\\");
			struct strbuf sb = STRBUF_INIT;

			sanitize_append(&sb, c, k, 0);
			fputs(sb_str(&sb), out);
			sb_free(&sb);
			c += k;
			if (!*c)
				break;
			fputs(*c == '\t' ? "\\t" : *c == '\n' ? "\\n" : "\\\\", out);
			c++;
		}
		fprintf(out, "\t%s\n", when);
	}
	progress_cases_free(cases, n);
	return EXIT_MATCH;
}
