/* SPDX-License-Identifier: MIT */
/* state.c: fuzz target for the checklist state parser
 * (progress_parse_state, what progress_load_file runs on a case file).
 *
 * Input: the bytes of a case file.  Checked besides not crashing: a
 * corrupt file says why and on which line; asking for the case the file
 * names gives the same result as asking for none; and a file that loads
 * is written back (progress_format_state) to text that loads to the same
 * entries -- what every save does with the file it merges. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "progress_impl.h"
#include "strbuf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static enum load_status parse(const char *buf, size_t len, const char *want_case,
			      struct entries *out, struct load_info *info)
{
	memset(out, 0, sizeof(*out));
	memset(info, 0, sizeof(*info));
	return progress_parse_state(buf, len, want_case, out, info);
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_same(const struct entries *a, const struct entries *b)
{
	size_t i;

	FUZZ_CHECK(a->n == b->n, "%zu entries became %zu", a->n, b->n);
	for (i = 0; i < a->n; i++) {
		const struct entry *x = &a->v[i];
		size_t j = progress_entries_find(b, x->article, x->key);

		FUZZ_CHECK(j != NONE, "entry %zu (%s %s) is lost", i, x->article, x->key);
		FUZZ_CHECK(x->done == b->v[j].done && x->changed == b->v[j].changed,
			   "entry %zu (%s %s) changed its times", i, x->article, x->key);
		FUZZ_CHECK(same_str(x->note, b->v[j].note),
			   "entry %zu (%s %s): note '%s' became '%s'", i, x->article,
			   x->key, x->note ? x->note : "(none)",
			   b->v[j].note ? b->v[j].note : "(none)");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct entries e, again;
	struct load_info info, info2;
	enum load_status st, st2;

	st = parse(buf, size, NULL, &e, &info);
	FUZZ_CHECK(st == LOAD_OK || st == LOAD_CORRUPT || st == LOAD_NEWER,
		   "status %d without a wanted case", (int)st);
	if (st == LOAD_CORRUPT)
		FUZZ_CHECK(info.why && *info.why && info.line > 0,
			   "corrupt without a reason (line %u)", info.line);
	if (st == LOAD_NEWER)
		FUZZ_CHECK(info.version > FORMAT_VERSION, "newer version %lu", info.version);

	if (info.file_case) {
		st2 = parse(buf, size, info.file_case, &again, &info2);
		FUZZ_CHECK(st2 == st, "asking for case '%s' gives %d, not %d",
			   info.file_case, (int)st2, (int)st);
		check_same(&e, &again);
		progress_entries_free(&again);
		free(info2.file_case);
	}

	if (st == LOAD_OK) {
		struct progress p;
		struct strbuf sb = STRBUF_INIT;

		memset(&p, 0, sizeof(p));
		p.name = info.file_case ? info.file_case : (char *)DEFAULT_CASE;
		p.e = e;
		progress_format_state(&p, &sb);
		st2 = parse(sb_str(&sb), sb.len, p.name, &again, &info2);
		FUZZ_CHECK(st2 == LOAD_OK, "the written file does not load (%d, line %u: %s)",
			   (int)st2, info2.line, info2.why ? info2.why : "");
		check_same(&e, &again);
		progress_entries_free(&again);
		free(info2.file_case);
		sb_free(&sb);
	}
	progress_entries_free(&e);
	free(info.file_case);
	return 0;
}
