/* SPDX-License-Identifier: MIT */
/* cli.h: the non-interactive commands (--list, --search, --show,
 * --validate, --checklist, --cases).  Each returns the process exit code. */
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
int cli_search(const struct kb *kb, const struct search_index *idx,
	       const char *query, FILE *out);
/* Addition: the same lines as cli_search from the index alone (it holds
 * each article's id, first category and title), e.g. one mapped from the
 * index cache, with no kb loaded.  With all, the weak matches follow the
 * confident ones and every line has a fourth field, "confident" or
 * "weak".  EXIT_MATCH only when a match is confident. */
int cli_search_index(const struct search_index *idx, const char *query, bool all,
		     FILE *out);
int cli_show(const struct kb *kb, const char *id, int width, FILE *out);
int cli_validate(const struct diag_list *dl, FILE *out);
int cli_checklist(const struct kb *kb, struct progress *p, const char *id,
		  bool reset, FILE *out);
int cli_cases(const char *state_dir, FILE *out);

/* Width for text output: the terminal's when out is one, else $COLUMNS,
 * else 80. */
int cli_output_width(FILE *out);

#endif
