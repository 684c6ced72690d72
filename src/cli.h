/* SPDX-License-Identifier: MIT */
/* cli.h: the non-interactive commands (--list, --search, --show,
 * --validate, --checklist, --export, --cases).  Each returns the process exit code. */
#ifndef ENROLLKB_CLI_H
#define ENROLLKB_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "kb.h"
#include "progress.h"
#include "search.h"

/* Exit codes, grep-like. */
enum {
	EXIT_MATCH = 0,
	EXIT_NOMATCH = 1,
	EXIT_USAGE = 2,
	EXIT_TROUBLE = 3
};

int cli_list(const struct kb *kb, FILE *out);
/* The hits for query, one "id TAB first category TAB title" line each,
 * from the index alone (it holds those three per article): one mapped from
 * the index cache or built into the binary needs no kb loaded.  With all,
 * the weak matches follow the confident ones and every line has a fourth
 * field, "confident" or "weak".  EXIT_MATCH only when a match is
 * confident. */
int cli_search_index(const struct search_index *idx, const char *query, bool all,
		     FILE *out);
int cli_show(const struct kb *kb, const char *id, int width, FILE *out);
int cli_validate(const struct diag_list *dl, FILE *out);
/* --packs: every map loaded (kb->packs): title, version and date, path,
 * articles, diagnostics, and the articles of earlier packs it replaced. */
int cli_packs(const struct kb *kb, FILE *out);
/* --complete WHAT for the shell completions: one word a line -- "ids"
 * (article ids), "codes" (error codes; duplicates possible) or "cases"
 * (checklist cases under state_dir, which may be NULL).  Words with
 * spaces or control characters are left out.  EXIT_USAGE for another
 * WHAT; kb is not used for "cases" and may be NULL then. */
int cli_complete(const struct kb *kb, const char *what, const char *state_dir,
		 FILE *out);
int cli_checklist(const struct kb *kb, struct progress *p, const char *id,
		  bool reset, FILE *out);
/* Every article worked in the case, as progress_export_case writes it. */
int cli_export(const struct kb *kb, const struct progress *p,
	       enum progress_format format, FILE *out);
int cli_cases(const char *state_dir, FILE *out);

/* Width for text output: the terminal's when out is one, else $COLUMNS,
 * else 80. */
int cli_output_width(FILE *out);

#endif
