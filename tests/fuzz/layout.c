/* SPDX-License-Identifier: MIT */
/* layout.c: fuzz target for layout_article at any width.
 *
 * Input: one byte of width (0..255; under LAYOUT_MIN_WIDTH lays out at
 * that), one byte of options (bit 0: ASCII marks; bit 1: a checklist,
 * whose notes are the topic's title; bit 2: internal links resolved, to
 * the topic itself, as the pack loader would), then the bytes of a topic
 * file.
 * Checked are the promises of layout.h: no line wider than the width,
 * valid UTF-8 with nothing a terminal would act on, no trailing space,
 * segments that cover each line, link markers whole, every link on a
 * line, exactly one first line per step. */
#include "config.h"

#include <string.h>

#include "dita.h"
#include "fuzz.h"
#include "kb.h"
#include "layout.h"
#include "sanitize.h"
#include "utf8.h"
#include "xalloc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static const struct kb_article *article;

static bool step_done(void *ctx, const struct kb_step *s)
{
	(void)ctx;
	return s->index % 2 == 0;
}

static const char *step_note(void *ctx, const struct kb_step *s)
{
	(void)ctx;
	return s->index % 3 == 0 ? article->title : NULL;
}

static void check_line(const struct layout *l, size_t i, size_t width)
{
	const struct layout_line *ln = &l->lines[i];
	size_t k, off = 0, w;

	FUZZ_CHECK(ln->type < LINE_TYPE_COUNT, "line %zu type %d", i, (int)ln->type);
	FUZZ_CHECK(strlen(ln->text) == ln->len, "line %zu holds a NUL", i);
	w = utf8_width(ln->text, ln->len);
	FUZZ_CHECK(w <= width, "line %zu is %zu columns wide at %zu: '%s'", i, w,
		   width, ln->text);
	FUZZ_CHECK(ln->len == 0 || ln->text[ln->len - 1] != ' ',
		   "trailing space on line %zu: '%s'", i, ln->text);
	for (k = 0; k < ln->len;) {
		uint32_t cp;
		size_t n = utf8_decode(ln->text + k, ln->len - k, &cp);

		FUZZ_CHECK(!(n == 1 && (unsigned char)ln->text[k] >= 0x80),
			   "invalid UTF-8 on line %zu", i);
		FUZZ_CHECK(!sanitize_is_unsafe(cp), "U+%04X on line %zu", (unsigned)cp, i);
		k += n;
	}
	for (k = 0; k < ln->nsegs; k++) {
		const struct layout_seg *s = &ln->segs[k];

		FUZZ_CHECK(s->off == off && s->len > 0,
			   "line %zu segment %zu does not follow on", i, k);
		FUZZ_CHECK(s->style < SEG_STYLE_COUNT, "line %zu segment %zu", i, k);
		FUZZ_CHECK(s->link == -1 || (s->link >= 0 && (size_t)s->link < l->nlinks),
			   "line %zu segment %zu links %d", i, k, s->link);
		if (s->style == SEG_LINK)
			FUZZ_CHECK(s->link >= 0, "line %zu: a link to nothing", i);
		if (s->style == SEG_MARK && s->link >= 0) {
			char want[32];

			snprintf(want, sizeof(want), "[%d]", l->links[s->link].number);
			FUZZ_CHECK(s->len == strlen(want) &&
				   strncmp(ln->text + s->off, want, s->len) == 0,
				   "line %zu: a broken marker in '%s'", i, ln->text);
		}
		off += s->len;
	}
	FUZZ_CHECK(off == ln->len, "segments of line %zu cover %zu of %zu bytes", i,
		   off, ln->len);
	FUZZ_CHECK(!ln->step_first || ln->step >= 0, "line %zu", i);
}

static void check_layout(const struct layout *l, const struct kb_article *a,
			 size_t width)
{
	size_t *firsts = xcalloc(a->nsteps + 1, sizeof(*firsts));
	size_t i;

	for (i = 0; i < l->nlines; i++) {
		check_line(l, i, width);
		if (l->lines[i].step_first) {
			FUZZ_CHECK((size_t)l->lines[i].step < a->nsteps,
				   "line %zu: step %ld of %zu", i, l->lines[i].step,
				   a->nsteps);
			firsts[l->lines[i].step]++;
		}
	}
	for (i = 0; i < a->nsteps; i++)
		FUZZ_CHECK(firsts[i] == 1, "step %zu has %zu first lines", i, firsts[i]);
	free(firsts);
	FUZZ_CHECK(l->nlines == 0 || l->lines[l->nlines - 1].type != LINE_BLANK,
		   "ends with a blank line");
	for (i = 0; i < l->nlinks; i++) {
		FUZZ_CHECK(l->links[i].line < l->nlines, "link %zu has no line", i);
		FUZZ_CHECK(l->links[i].number > 0 && l->links[i].number <= (int)i + 1,
			   "link %zu numbered %d", i, l->links[i].number);
	}
}

/* What pack.c does for a link it resolves; here every one leads back. */
static void resolve_to_self(const struct dita_xrefs *xrefs, const struct kb_article *a)
{
	size_t i;

	for (i = 0; i < xrefs->n; i++) {
		struct kb_span *s = xrefs->v[i].span;

		if (xrefs->v[i].image || !s || s->external)
			continue;
		s->target = a->id;
		if (xrefs->v[i].empty)
			s->text = a->title;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct layout_checklist cl = { step_done, step_note, NULL };
	struct layout_opts o = { 0, false, NULL };
	struct kb *kb;
	struct dita_xrefs xrefs = { NULL, 0, 0 };
	struct diag_list dl = DIAG_LIST_INIT;
	struct kb_article *a;
	struct layout *l;

	if (size < 2)
		return 0;
	o.width = data[0];
	o.ascii = data[1] & 1;
	o.checklist = data[1] & 2 ? &cl : NULL;
	kb = kb_new();
	a = dita_parse_topic(kb, FUZZ_TOPIC_FILE, (const char *)data + 2, size - 2,
			     &xrefs, &dl);
	if (a && kb_add_article(kb, a)) {
		kb_finish(kb);
		if (data[1] & 4)
			resolve_to_self(&xrefs, a);
		article = a;
		l = layout_article(kb, a, &o);
		check_layout(l, a, o.width < LAYOUT_MIN_WIDTH ? LAYOUT_MIN_WIDTH
							     : (size_t)o.width);
		layout_free(l);
	}
	dita_xrefs_free(&xrefs);
	diag_list_free(&dl);
	kb_free(kb);
	return 0;
}
