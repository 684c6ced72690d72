/* SPDX-License-Identifier: MIT */
/* test_layout.c: article -> lines (src/layout*.c).
 *
 * Most tests lay out articles built by hand through kb.h, so they do not
 * depend on the loader; the last ones walk every article of the shipped
 * pack.  check_layout() holds the invariants every layout must keep: no
 * line wider than the width, segments covering each line, no control
 * characters, valid UTF-8, no trailing spaces. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "kb.h"
#include "layout.h"
#include "pack.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

/* ---- Building articles by hand -------------------------------------------- */

static struct kb *K;

static void setup(void)
{
	K = kb_new();
}

static void teardown(void)
{
	kb_free(K);
	K = NULL;
}

TestSuite(layout, .init = setup, .fini = teardown);

#define SPAN(k, t) ((struct kb_span){ KB_SPAN_##k, (t), NULL, false })
#define XREF(t, target, ext) ((struct kb_span){ KB_SPAN_XREF, (t), (target), (ext) })
#define ARRAY_N(type, ...) (sizeof((type[]){ __VA_ARGS__ }) / sizeof(type))
#define TXT(...) mktext((const struct kb_span[]){ __VA_ARGS__ }, \
			ARRAY_N(struct kb_span, __VA_ARGS__))
#define PLAIN(s) TXT(SPAN(TEXT, s))
#define BLOCKS(...) mkblocks((const struct kb_block[]){ __VA_ARGS__ }, \
			     ARRAY_N(struct kb_block, __VA_ARGS__))
#define STEPS(...) (const struct kb_step[]){ __VA_ARGS__ }, \
		   ARRAY_N(struct kb_step, __VA_ARGS__)
#define NOBLOCKS ((struct kb_blocks){ NULL, 0 })

static const char *dup(const char *s)
{
	return arena_strdup(&K->arena, s);
}

static struct kb_text mktext(const struct kb_span *s, size_t n)
{
	struct kb_span *v = arena_alloc(&K->arena, n * sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++) {
		v[i] = s[i];
		v[i].text = dup(s[i].text);
		v[i].target = s[i].target ? dup(s[i].target) : NULL;
	}
	return (struct kb_text){ v, n };
}

static struct kb_blocks mkblocks(const struct kb_block *b, size_t n)
{
	return (struct kb_blocks){ arena_memdup(&K->arena, b, n * sizeof(*b)), n };
}

static struct kb_block para(struct kb_text t)
{
	return (struct kb_block){ .kind = KB_BLOCK_PARA, .text = t };
}

static struct kb_block note(enum kb_note_type type, struct kb_blocks body)
{
	return (struct kb_block){ .kind = KB_BLOCK_NOTE, .note_type = type,
				  .children = body };
}

static struct kb_block code(const char *s)
{
	return (struct kb_block){ .kind = KB_BLOCK_CODE, .code = dup(s) };
}

static struct kb_block image(const char *alt)
{
	return (struct kb_block){ .kind = KB_BLOCK_IMAGE, .text = PLAIN(alt),
				  .href = dup("media/x.png") };
}

/* A list whose items are single paragraphs of plain text. */
static struct kb_block list(bool ordered, size_t n, ...)
{
	struct kb_blocks *items = arena_alloc(&K->arena, n * sizeof(*items));
	va_list ap;
	size_t i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		items[i] = BLOCKS(para(PLAIN(va_arg(ap, const char *))));
	va_end(ap);
	return (struct kb_block){ .kind = KB_BLOCK_LIST, .ordered = ordered,
				  .items = items, .nitems = n };
}

/* A table of plain cells, row-major. */
static struct kb_block table(bool header, size_t nrows, size_t ncols, ...)
{
	struct kb_table *t = arena_alloc(&K->arena, sizeof(*t));
	struct kb_text *cells = arena_alloc(&K->arena, nrows * ncols * sizeof(*cells));
	va_list ap;
	size_t i;

	va_start(ap, ncols);
	for (i = 0; i < nrows * ncols; i++)
		cells[i] = PLAIN(va_arg(ap, const char *));
	va_end(ap);
	t->nrows = nrows;
	t->ncols = ncols;
	t->header = header;
	t->cells = cells;
	return (struct kb_block){ .kind = KB_BLOCK_TABLE, .table = t };
}

static struct kb_step step(struct kb_text cmd)
{
	return (struct kb_step){ .cmd = cmd };
}

static struct kb_step step_info(struct kb_text cmd, struct kb_blocks info)
{
	return (struct kb_step){ .cmd = cmd, .info = info };
}

static struct kb_step with_substeps(struct kb_step s, const struct kb_step *sub,
				    size_t n)
{
	s.substeps = arena_memdup(&K->arena, sub, n * sizeof(*sub));
	s.nsubsteps = n;
	return s;
}

static struct kb_remedy remedy(const struct kb_step *steps, size_t n)
{
	return (struct kb_remedy){
		.steps = arena_memdup(&K->arena, steps, n * sizeof(*steps)),
		.nsteps = n
	};
}

static struct kb_solution solution(struct kb_blocks cause,
				   const struct kb_remedy *r, size_t nr)
{
	return (struct kb_solution){
		.cause = cause,
		.remedies = nr ? arena_memdup(&K->arena, r, nr * sizeof(*r)) : NULL,
		.nremedies = nr
	};
}

/* Numbers steps in reading order and fills the flat list, as the loader does. */
static void index_steps(struct kb_article *a, struct kb_step *s, size_t n,
			const struct kb_step ***flat, size_t *cap)
{
	size_t i;

	for (i = 0; i < n; i++) {
		s[i].index = a->nsteps;
		*flat = xgrow(*flat, cap, a->nsteps + 1, sizeof(**flat));
		(*flat)[a->nsteps++] = &s[i];
		index_steps(a, (struct kb_step *)s[i].substeps, s[i].nsubsteps, flat, cap);
	}
}

static struct kb_article *article(const char *id, struct kb_text title,
				  const char *shortdesc, struct kb_blocks condition,
				  const struct kb_solution *sol, size_t nsol)
{
	struct kb_article *a = kb_article_alloc(K);
	const struct kb_step **flat = NULL;
	size_t cap = 0, i, j;
	char *plain;

	a->id = dup(id);
	a->title_text = title;
	plain = kb_text_plain(&title);
	a->title = dup(plain);
	free(plain);
	a->shortdesc = dup(shortdesc);
	a->condition = condition;
	a->solutions = nsol ? arena_memdup(&K->arena, sol, nsol * sizeof(*sol)) : NULL;
	a->nsolutions = nsol;
	for (i = 0; i < title.n; i++)
		if (title.spans[i].kind == KB_SPAN_MSGNUM) {
			const char **codes = arena_alloc(&K->arena, (a->ncodes + 1) * sizeof(*codes));

			if (a->ncodes)
				memcpy(codes, a->codes, a->ncodes * sizeof(*codes));
			codes[a->ncodes++] = title.spans[i].text;
			a->codes = codes;
		}
	for (i = 0; i < nsol; i++)
		for (j = 0; j < a->solutions[i].nremedies; j++) {
			const struct kb_remedy *r = &a->solutions[i].remedies[j];

			index_steps(a, (struct kb_step *)r->steps, r->nsteps, &flat, &cap);
		}
	a->steps = arena_memdup(&K->arena, flat, a->nsteps * sizeof(*flat));
	free(flat);
	cr_assert(kb_add_article(K, a));
	return a;
}

static struct kb_article *simple(const char *id, struct kb_blocks condition)
{
	return article(id, PLAIN("Simple article"), "", condition, NULL, 0);
}

/* A small article with most of what layout handles, modelled on the shipped
 * device-cap-reached. */
static struct kb_article *sample(void)
{
	struct kb_step sub[] = {
		step_info(PLAIN("First remove unnecessary devices from the Company Portal."),
			  BLOCKS(para(PLAIN("Instructions for the type of device:")),
				 list(false, 2, "Android", "iOS/iPadOS"))),
		step(PLAIN("If removing devices isn't an option, increase the limit instead.")),
	};
	struct kb_step steps[] = {
		step_info(TXT(SPAN(TEXT, "In the "),
			      XREF("admin center", "https://go.microsoft.com/fwlink/?linkid=2109431", true),
			      SPAN(TEXT, ", go to "), SPAN(UI, "Devices > All Devices"),
			      SPAN(TEXT, " and count the devices.")),
			  BLOCKS(note(KB_NOTE_NOTE, BLOCKS(para(TXT(
				SPAN(TEXT, "Also ask the user to sign in to the "),
				XREF("Intune user portal", "https://portal.manage.microsoft.com/", true),
				SPAN(TEXT, " and look at the devices enrolled there.")))))) ),
		step_info(TXT(SPAN(TEXT, "In the "),
			      XREF("admin center", "https://go.microsoft.com/fwlink/?linkid=2109431", true),
			      SPAN(TEXT, ", check the limit.")),
			  BLOCKS(para(PLAIN("Unless it has been changed, the limit is 15.")))),
		with_substeps(step(PLAIN("Remove devices or raise the limit.")),
			      sub, 2),
		step(PLAIN("Enroll the device again.")),
	};
	struct kb_remedy r = remedy(steps, 4);
	struct kb_solution sol[] = {
		solution(BLOCKS(para(PLAIN("The user is trying to enroll too many devices."))), &r, 1),
		solution(BLOCKS(para(PLAIN("Apple services are having an outage."))), NULL, 0),
	};

	return article("device-cap", TXT(SPAN(TEXT, "Enrollment fails with "),
					 SPAN(MSGNUM, "DeviceCapReached")),
		       "The user already has as many devices as the limit allows.",
		       BLOCKS(para(TXT(SPAN(TEXT, "Enrollment stops; see "),
				       XREF("", "other", false), SPAN(TEXT, ".")))),
		       sol, 2);
}

/* ---- Checking layouts ------------------------------------------------------- */

static struct layout *lay(const struct kb_article *a, int width, bool ascii,
			  const struct layout_checklist *cl)
{
	struct layout_opts o = { width, ascii, cl };

	return layout_article(K, a, &o);
}

/* The invariants of every layout; returns the widest line. */
static size_t check_layout(const struct layout *l, size_t width)
{
	size_t i, k, widest = 0;

	cr_assert_not_null(l);
	for (i = 0; i < l->nlines; i++) {
		const struct layout_line *ln = &l->lines[i];
		size_t w = utf8_width(ln->text, ln->len), off = 0;

		cr_assert_eq(strlen(ln->text), ln->len, "line %zu", i);
		cr_assert_leq(w, width, "line %zu is %zu columns wide at %zu: '%s'",
			      i, w, width, ln->text);
		widest = w > widest ? w : widest;
		cr_assert(ln->len == 0 || ln->text[ln->len - 1] != ' ',
			  "trailing space on line %zu: '%s'", i, ln->text);
		for (k = 0; k < ln->len;) {
			uint32_t cp;
			size_t n = utf8_decode(ln->text + k, ln->len - k, &cp);

			cr_assert(!(n == 1 && (unsigned char)ln->text[k] >= 0x80),
				  "invalid UTF-8 on line %zu", i);
			cr_assert(!utf8_is_control(cp), "control U+%04X on line %zu: '%s'",
				  (unsigned)cp, i, ln->text);
			k += n;
		}
		for (k = 0; k < ln->nsegs; k++) {
			const struct layout_seg *s = &ln->segs[k];

			cr_assert_eq(s->off, off, "line %zu segment %zu", i, k);
			cr_assert_gt(s->len, 0, "line %zu segment %zu empty", i, k);
			cr_assert_lt(s->style, SEG_STYLE_COUNT);
			cr_assert(s->link == -1 || (s->link >= 0 && (size_t)s->link < l->nlinks));
			if (s->style == SEG_LINK)
				cr_assert_geq(s->link, 0);
			if (s->style == SEG_MARK && s->link >= 0) {
				/* a link's marker is never broken */
				char want[32];

				snprintf(want, sizeof(want), "[%d]", l->links[s->link].number);
				cr_assert(s->len == strlen(want) &&
					  strncmp(ln->text + s->off, want, s->len) == 0,
					  "line %zu: broken marker in '%s'", i, ln->text);
			}
			off += s->len;
		}
		cr_assert_eq(off, ln->len, "segments of line %zu cover %zu of %zu bytes",
			     i, off, ln->len);
		cr_assert_lt(ln->type, LINE_TYPE_COUNT);
		if (ln->step_first)
			cr_assert_geq(ln->step, 0);
	}
	if (l->nlines)
		cr_assert_neq(l->lines[l->nlines - 1].type, LINE_BLANK);
	for (i = 0; i < l->nlinks; i++) {
		cr_assert_lt(l->links[i].line, l->nlines, "link %zu has no line", i);
		cr_assert_gt(l->links[i].number, 0);
		cr_assert_leq(l->links[i].number, (int)i + 1, "numbers in order of appearance");
	}
	return widest;
}

/* Collapses whitespace runs into one space and trims. */
static char *norm(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n') {
			if (sb.len && sb.s[sb.len - 1] != ' ')
				sb_putc(&sb, ' ');
			continue;
		}
		sb_putc(&sb, *s);
	}
	while (sb.len && sb.s[sb.len - 1] == ' ')
		sb_truncate(&sb, sb.len - 1);
	return sb_detach(&sb);
}

static char *nows(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n')
			sb_putc(&sb, *s);
	return sb_detach(&sb);
}

/* All lines joined with spaces, whitespace collapsed.  Without marks:
 * numbers, bullets, checkboxes and link markers (with the space that glues
 * a marker to its link) are left out, so what remains is the content. */
static char *joined(const struct layout *l, bool marks)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;
	char *n;

	for (i = 0; i < l->nlines; i++) {
		const struct layout_line *ln = &l->lines[i];

		for (k = 0; k < ln->nsegs; k++) {
			const struct layout_seg *s = &ln->segs[k];

			if (!marks && s->style == SEG_MARK) {
				if (s->link >= 0 && sb.len && sb.s[sb.len - 1] == ' ')
					sb_truncate(&sb, sb.len - 1);
				continue;
			}
			sb_add(&sb, ln->text + s->off, s->len);
		}
		sb_putc(&sb, '\n');
	}
	n = norm(sb_str(&sb));
	sb_free(&sb);
	return n;
}

static const struct layout_line *find_line(const struct layout *l, const char *needle)
{
	size_t i;

	for (i = 0; i < l->nlines; i++)
		if (strstr(l->lines[i].text, needle))
			return &l->lines[i];
	return NULL;
}

static size_t line_index(const struct layout *l, const struct layout_line *ln)
{
	return (size_t)(ln - l->lines);
}

static size_t leading_spaces(const char *s)
{
	return strspn(s, " ");
}

/* ---- Wrapping ----------------------------------------------------------------- */

Test(layout, wraps_at_word_boundaries)
{
	const char *text = "The quick brown fox jumps over the lazy dog and keeps "
			   "running through the field until the evening comes.";
	struct kb_article *a = simple("w", BLOCKS(para(PLAIN(text))));
	struct layout *l = lay(a, 30, false, NULL);
	char *j = joined(l, true);
	size_t i, body = 0;

	check_layout(l, 30);
	cr_assert(strstr(j, text), "text lost: %s", j);
	for (i = 0; i < l->nlines; i++) {
		const struct layout_line *ln = &l->lines[i];
		const char *t = ln->text + leading_spaces(ln->text);

		if (ln->type != LINE_TEXT)
			continue;
		body++;
		cr_assert_eq(leading_spaces(ln->text), 4, "'%s'", ln->text);
		/* each line is a run of whole words of the text */
		cr_assert(strstr(text, t), "'%s' is not a run of the text", t);
		cr_assert(strstr(text, t) == text || strstr(text, t)[-1] == ' ',
			  "'%s' starts inside a word", t);
		cr_assert(strstr(text, t)[strlen(t)] == ' ' || strstr(text, t)[strlen(t)] == '\0',
			  "'%s' ends inside a word", t);
		/* greedy: the next word would not have fitted */
		if (i + 1 < l->nlines && l->lines[i + 1].type == LINE_TEXT) {
			const char *next = l->lines[i + 1].text + 4;

			cr_assert_gt(4 + strlen(t) + 1 + strcspn(next, " "), 30,
				     "'%s' could have taken '%s'", t, next);
		}
	}
	cr_assert_geq(body, 4);
	free(j);
	layout_free(l);
}

Test(layout, fills_lines_exactly_to_the_width)
{
	/* body text starts at column 4: at width 20 a line holds 16 columns */
	struct kb_article *a = simple("x", BLOCKS(para(PLAIN("abcdefgh abcdefg xyz")),
						  para(PLAIN("abcdefgh abcdefgh xyz"))));
	struct layout *l = lay(a, 20, false, NULL);

	check_layout(l, 20);
	cr_assert_not_null(find_line(l, "    abcdefgh abcdefg"));
	cr_assert_eq(strlen(find_line(l, "    abcdefgh abcdefg")->text), 20);
	cr_assert_null(find_line(l, "abcdefgh abcdefgh"),
		       "17 columns of text put on a 16-column line");
	cr_assert_not_null(find_line(l, "    abcdefgh xyz"));
	cr_assert_eq(check_layout(l, 20), 20);
	layout_free(l);
}

Test(layout, breaks_long_words_hard)
{
	const char *word = "Supercalifragilisticexpialidocious-and-then-some-more-letters";
	const char *url = "https://example.com/a/very/long/path/that/does/not/fit/anywhere?x=1&y=2";
	struct kb_article *a = simple("u", BLOCKS(para(TXT(SPAN(TEXT, "See "),
							  SPAN(CODE, word))),
						 para(TXT(SPAN(TEXT, "See "),
							  SPAN(CODE, url),
							  SPAN(TEXT, " now.")))));
	struct layout *l = lay(a, 24, false, NULL);
	char *j = joined(l, true), *jn = nows(j), *un = nows(url);
	const struct layout_line *ln;

	check_layout(l, 24);
	cr_assert(strstr(jn, word), "word lost: %s", j);
	cr_assert(strstr(jn, un), "URL lost: %s", j);
	/* a word without URL delimiters fills each line to the last column */
	ln = find_line(l, "Supercali");
	cr_assert_str_eq(ln[-1].text, "    See");
	cr_assert_str_eq(ln[0].text, "    Supercalifragilistic");
	cr_assert_str_eq(ln[1].text, "    expialidocious-and-t");
	cr_assert_str_eq(ln[2].text, "    hen-some-more-letter");
	cr_assert_str_eq(ln[3].text, "    s");
	/* a URL breaks after a delimiter when one is near the end of the line */
	ln = find_line(l, "https:");
	cr_assert_str_eq(ln[-1].text, "    See", "the URL starts on a line of its own");
	for (; !strstr(ln->text, "y=2"); ln++) {
		cr_assert(strchr("/?&=#_.", ln->text[ln->len - 1]), "'%s'", ln->text);
		cr_assert_geq(ln->len, 4 + 20 * 2 / 3, "'%s'", ln->text);
	}
	cr_assert_null(find_line(l, "See https"));
	free(j);
	free(jn);
	free(un);
	layout_free(l);
}

Test(layout, counts_wide_and_combining_characters)
{
	/* 20 CJK characters (2 columns each), one word; "e" + U+0301 (1 column) */
	const char *wide = "日本語日本語日本語日本語日本語日本語日本";
	const char *comb = "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81"
			   "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81"
			   "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81"
			   "e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81"
			   "e\xCC\x81" "e\xCC\x81";
	struct kb_article *a = simple("w", BLOCKS(para(PLAIN(wide)), para(PLAIN(comb))));
	struct layout *l = lay(a, 21, false, NULL);
	size_t i, n16 = 0;
	char *j = joined(l, true), *jn = nows(j);

	check_layout(l, 21);
	for (i = 0; i < l->nlines; i++) {
		const struct layout_line *ln = &l->lines[i];

		if (ln->type != LINE_TEXT)
			continue;
		/* 17 columns of room: 8 wide characters (16), never 8.5 */
		if (strstr(wide, ln->text + 4)) {
			cr_assert_leq(utf8_width(ln->text, ln->len), 20, "'%s'", ln->text);
			n16 += utf8_width(ln->text, ln->len) == 20;
		} else {
			/* never a combining mark at the start of a line */
			cr_assert_neq((unsigned char)ln->text[4], 0xCC, "'%s'", ln->text);
		}
	}
	cr_assert_eq(n16, 2, "two full lines of 8 wide characters");
	cr_assert(strstr(jn, wide));
	cr_assert(strstr(jn, comb), "%s", jn);
	/* 18 e-acute take 18 columns: 17 fit on the first line */
	{
		const struct layout_line *ln = find_line(l, "e\xCC\x81");

		cr_assert_eq(utf8_width(ln->text, ln->len), 21);
		cr_assert_eq(ln->len, 4 + 17 * 3);
	}
	free(j);
	free(jn);
	layout_free(l);
}

Test(layout, narrow_widths_never_overflow)
{
	struct kb_article *a = sample();
	int w;

	for (w = 1; w <= 300; w++) {
		struct layout *l = lay(a, w, false, NULL);

		check_layout(l, w < LAYOUT_MIN_WIDTH ? LAYOUT_MIN_WIDTH : (size_t)w);
		layout_free(l);
	}
}

/* ---- Structure ---------------------------------------------------------------- */

Test(layout, article_order_and_headings)
{
	struct kb_article *a = sample();
	struct layout *l = lay(a, 80, false, NULL);
	const char *order[] = {
		"Enrollment fails with DeviceCapReached",
		"Error codes: DeviceCapReached",
		"The user already has as many devices",
		"Symptom",
		"Enrollment stops",
		"Cause 1 of 2",
		"too many devices",
		"Fix",
		"1. In the admin center [2], go to Devices > All Devices",
		"Cause 2 of 2",
		"Apple services",
		"References",
	};
	size_t i, last = 0;

	check_layout(l, 80);
	for (i = 0; i < sizeof(order) / sizeof(*order); i++) {
		const struct layout_line *ln = find_line(l, order[i]);

		cr_assert_not_null(ln, "no line with '%s'", order[i]);
		cr_assert_geq(line_index(l, ln), last, "'%s' out of order", order[i]);
		last = line_index(l, ln);
	}
	cr_assert_eq(l->lines[0].type, LINE_TITLE);
	cr_assert_eq(l->lines[1].type, LINE_CODES);
	cr_assert_eq(find_line(l, "Cause 1 of 2")->type, LINE_HEADING);
	cr_assert_eq(find_line(l, "The user already")->type, LINE_SHORTDESC);
	cr_assert_eq(find_line(l, "Error codes")->segs[find_line(l, "Error codes")->nsegs - 1].style,
		     SEG_MSGNUM);
	/* never two blank lines in a row */
	for (i = 1; i < l->nlines; i++)
		cr_assert(!(l->lines[i].type == LINE_BLANK && l->lines[i - 1].type == LINE_BLANK));
	layout_free(l);
}

Test(layout, one_cause_is_just_cause)
{
	struct kb_step s[] = { step(PLAIN("Do it.")) };
	struct kb_remedy r = remedy(s, 1);
	struct kb_solution sol = solution(BLOCKS(para(PLAIN("Because."))), &r, 1);
	struct kb_article *a = article("one", PLAIN("One"), "", NOBLOCKS, &sol, 1);
	struct layout *l = lay(a, 60, false, NULL);

	check_layout(l, 60);
	cr_assert_not_null(find_line(l, "Cause"));
	cr_assert_str_eq(find_line(l, "Cause")->text, "Cause");
	cr_assert_null(find_line(l, " of "));
	cr_assert_null(find_line(l, "Error codes"), "no codes, no codes line");
	cr_assert_null(find_line(l, "References"), "no links, no references");
	layout_free(l);
}

Test(layout, a_solution_without_a_cause_has_no_empty_cause_heading)
{
	struct kb_step s[] = { step(PLAIN("Do it.")) };
	struct kb_remedy r = remedy(s, 1);
	struct kb_solution one = solution(NOBLOCKS, &r, 1);
	struct kb_solution two[] = { solution(NOBLOCKS, &r, 1),
				     solution(BLOCKS(para(PLAIN("Because."))), &r, 1) };
	struct kb_article *a = article("one", PLAIN("One"), "", NOBLOCKS, &one, 1);
	struct kb_article *b = article("two", PLAIN("Two"), "", NOBLOCKS, two, 2);
	struct layout *l = lay(a, 60, false, NULL);

	check_layout(l, 60);
	cr_assert_null(find_line(l, "Cause"), "no cause stated, no Cause heading");
	cr_assert_not_null(find_line(l, "Do it."));
	layout_free(l);
	l = lay(b, 60, false, NULL);
	cr_assert_not_null(find_line(l, "Solution 1 of 2"));
	cr_assert_not_null(find_line(l, "Cause 2 of 2"));
	layout_free(l);
}

Test(layout, steps_substeps_and_info_indentation)
{
	struct kb_article *a = sample();
	struct layout *l = lay(a, 80, false, NULL);
	const struct layout_line *s3 = find_line(l, "3. Remove devices");
	const struct layout_line *sa = find_line(l, "a. First remove");
	const struct layout_line *sb = find_line(l, "b. If removing");
	const struct layout_line *info = find_line(l, "Unless it has been changed");
	const struct layout_line *sinfo = find_line(l, "Instructions for the type");
	const struct layout_line *bul = find_line(l, "Android");
	size_t step_text, sub_text;

	check_layout(l, 80);
	cr_assert(s3 && sa && sb && info && sinfo && bul);
	step_text = leading_spaces(s3->text) + 3;
	sub_text = leading_spaces(sa->text) + 3;
	cr_assert_eq(leading_spaces(s3->text), 4, "steps sit in the body");
	cr_assert_eq(leading_spaces(sa->text), step_text, "substeps hang under the step text");
	cr_assert_eq(leading_spaces(sb->text), step_text);
	cr_assert_eq(leading_spaces(info->text), step_text, "info under its step's text");
	cr_assert_eq(leading_spaces(sinfo->text), sub_text, "info under its substep's text");
	cr_assert_eq(leading_spaces(bul->text), sub_text);
	cr_assert(strstr(bul->text, "\xE2\x80\xA2 Android"), "'%s'", bul->text);
	cr_assert_eq(s3->type, LINE_STEP);
	cr_assert(s3->step_first);
	cr_assert_eq(s3->step, (long)a->solutions[0].remedies[0].steps[2].index);
	cr_assert_eq(sa->step, (long)a->solutions[0].remedies[0].steps[2].substeps[0].index);
	cr_assert_eq(info->step, (long)a->solutions[0].remedies[0].steps[1].index);
	/* a step with more than its command: blank lines between steps */
	cr_assert_eq(l->lines[line_index(l, s3) - 1].type, LINE_BLANK);
	/* the note inside the first step: label, then the body hanging under it */
	{
		const struct layout_line *n = find_line(l, "Note: Also ask");
		size_t k = line_index(l, n);

		cr_assert_not_null(n);
		cr_assert_eq(n->type, LINE_NOTE);
		cr_assert_eq(leading_spaces(n->text), step_text);
		cr_assert_eq(l->lines[k + 1].type, LINE_NOTE);
		cr_assert_eq(leading_spaces(l->lines[k + 1].text), step_text + strlen("Note: "));
	}
	layout_free(l);
}

Test(layout, wrapped_step_hangs_under_its_text)
{
	struct kb_step s[] = {
		step(PLAIN("one")), step(PLAIN("two")), step(PLAIN("three")),
		step(PLAIN("four")), step(PLAIN("five")), step(PLAIN("six")),
		step(PLAIN("seven")), step(PLAIN("eight")), step(PLAIN("nine")),
		step(PLAIN("Ten is a step with enough words to wrap onto a second line.")),
	};
	struct kb_remedy r = remedy(s, 10);
	struct kb_solution sol = solution(NOBLOCKS, &r, 1);
	struct kb_article *a = article("ten", PLAIN("Ten"), "", NOBLOCKS, &sol, 1);
	struct layout *l = lay(a, 40, false, NULL);
	const struct layout_line *ten = find_line(l, "10. Ten");
	const struct layout_line *nine = find_line(l, "9. nine");

	check_layout(l, 40);
	cr_assert(ten && nine);
	cr_assert_eq(leading_spaces(nine->text), 5, "numbers are right-aligned: '%s'", nine->text);
	cr_assert_eq(leading_spaces(ten->text), 4);
	cr_assert_eq(ten[1].type, LINE_STEP);
	cr_assert_not(ten[1].step_first);
	cr_assert_eq(ten[1].step, ten->step);
	cr_assert_eq(leading_spaces(ten[1].text), 8, "'%s'", ten[1].text);
	/* steps with nothing but a command stay tight */
	cr_assert_eq(nine[1].type, LINE_STEP);
	layout_free(l);
}

Test(layout, notes_responsible_result_image_and_lists)
{
	struct kb_step s[] = {
		{ .cmd = PLAIN("Restart the device."),
		  .result = BLOCKS(para(PLAIN("The device shows the home screen."))) },
	};
	struct kb_remedy r = remedy(s, 1);
	struct kb_solution sol;
	struct kb_article *a;
	struct layout *l;
	const struct layout_line *ln;

	r.title = dup("Restart");
	r.responsible = BLOCKS(para(PLAIN("The end user, on the device.")));
	sol = solution(BLOCKS(note(KB_NOTE_IMPORTANT,
				   BLOCKS(para(PLAIN("Wipe only after the token is fixed.")),
					  para(PLAIN("Second paragraph.")))),
			      note(KB_NOTE_TIP, BLOCKS(para(PLAIN("A tip.")))),
			      image("Sync successful notification"),
			      list(true, 2, "first item", "second item")),
		       &r, 1);
	a = article("n", PLAIN("Notes"), "", NOBLOCKS, &sol, 1);
	l = lay(a, 60, false, NULL);
	check_layout(l, 60);

	ln = find_line(l, "Important: Wipe only");
	cr_assert_not_null(ln);
	cr_assert_eq(ln->type, LINE_IMPORTANT);
	cr_assert_eq(ln->segs[1].style, SEG_EMPH, "the label is emphasised");
	ln = find_line(l, "Second paragraph.");
	cr_assert_eq(ln->type, LINE_IMPORTANT);
	cr_assert_eq(leading_spaces(ln->text), 4 + strlen("Important: "),
		     "note body hangs under the label");
	cr_assert_eq(find_line(l, "Tip: A tip.")->type, LINE_NOTE);
	ln = find_line(l, "[image: Sync successful notification]");
	cr_assert_not_null(ln);
	cr_assert_eq(ln->type, LINE_IMAGE);
	cr_assert_not_null(find_line(l, "1. first item"));
	cr_assert_not_null(find_line(l, "2. second item"));
	cr_assert_not_null(find_line(l, "  Fix: Restart"));
	cr_assert_not_null(find_line(l, "    Who: The end user, on the device."));
	ln = find_line(l, "Result: The device shows");
	cr_assert_not_null(ln);
	cr_assert_eq(leading_spaces(ln->text), 7, "result under its step's text");
	cr_assert_eq(ln->step, (long)s[0].index);
	layout_free(l);
}

Test(layout, unordered_and_informal_steps)
{
	struct kb_step s[] = { step(PLAIN("If X, do A.")), step(PLAIN("If Y, do B.")) };
	struct kb_remedy r[2];
	struct kb_solution sol;
	struct kb_article *a;
	struct layout *l;

	r[0] = remedy(s, 2);
	r[0].unordered = true;
	r[1] = (struct kb_remedy){ .informal = BLOCKS(para(PLAIN("Just wait an hour."))) };
	sol = solution(NOBLOCKS, r, 2);
	a = article("u", PLAIN("U"), "", NOBLOCKS, &sol, 1);
	l = lay(a, 60, true, NULL);
	check_layout(l, 60);
	cr_assert_not_null(find_line(l, "    - If X, do A."));
	cr_assert_not_null(find_line(l, "    - If Y, do B."));
	cr_assert(find_line(l, "If X")->step_first);
	cr_assert_not_null(find_line(l, "Fix 1 of 2"));
	cr_assert_not_null(find_line(l, "Fix 2 of 2"));
	cr_assert_not_null(find_line(l, "    Just wait an hour."));
	layout_free(l);
}

/* ---- Tables -------------------------------------------------------------------- */

static bool all_ascii(const struct layout *l)
{
	size_t i, k;

	for (i = 0; i < l->nlines; i++)
		for (k = 0; k < l->lines[i].len; k++)
			if ((unsigned char)l->lines[i].text[k] >= 0x80)
				return false;
	return true;
}

Test(layout, table_columns_align_with_a_header_rule)
{
	struct kb_article *a = simple("t", BLOCKS(table(true, 3, 2,
		"Setting", "Value",
		"Platform", "iOS/iPadOS",
		"User Affinity", "Enroll with User Affinity")));
	struct layout *l = lay(a, 80, true, NULL);
	const struct layout_line *h = find_line(l, "Setting"), *r1, *r2, *rule;
	size_t col2;

	check_layout(l, 80);
	cr_assert_not_null(h);
	r1 = find_line(l, "Platform");
	r2 = find_line(l, "User Affinity");
	rule = h + 1;
	cr_assert_eq(h->type, LINE_TABLE_HEAD);
	cr_assert_eq(rule->type, LINE_TABLE_RULE);
	cr_assert_eq(r1->type, LINE_TABLE);
	col2 = (size_t)(strstr(h->text, "Value") - h->text);
	cr_assert_eq((size_t)(strstr(r1->text, "iOS/iPadOS") - r1->text), col2);
	cr_assert_eq((size_t)(strstr(r2->text, "Enroll") - r2->text), col2);
	cr_assert_eq(leading_spaces(h->text), leading_spaces(r1->text));
	/* the rule spans each column with a gap between */
	cr_assert_str_eq(rule->text + leading_spaces(rule->text),
			 "-------------  -------------------------");
	cr_assert_eq(col2, leading_spaces(h->text) + strlen("User Affinity") + 2);
	cr_assert(all_ascii(l));
	layout_free(l);
}

/* Text of column col of a table laid out in lines [from, to): the cell
 * pieces of consecutive lines joined with spaces. */
static char *column_text(const struct layout *l, size_t from, size_t to,
			 size_t start, size_t end)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	char *n;

	for (i = from; i < to; i++) {
		const struct layout_line *ln = &l->lines[i];

		if (ln->type == LINE_TABLE_RULE || ln->len <= start)
			continue;
		sb_add(&sb, ln->text + start, (ln->len < end ? ln->len : end) - start);
		sb_putc(&sb, ' ');
	}
	n = norm(sb_str(&sb));
	sb_free(&sb);
	return n;
}

Test(layout, table_too_wide_shrinks_and_wraps_cells)
{
	const char *c1 = "Authenticate with Company Portal instead of Apple Setup Assistant";
	const char *c2 = "Run Company Portal in Single App Mode until authentication";
	struct kb_article *a = simple("t", BLOCKS(table(true, 3, 2,
		"Enrollment settings", "Value",
		c1, "Yes",
		c2, "Use token: token address")));
	int widths[] = { 30, 40, 50, 63, 80 };
	struct layout *l;
	size_t wi;
	char *j;

	for (wi = 0; wi < sizeof(widths) / sizeof(*widths); wi++) {
		const struct layout_line *h, *rule;
		size_t first, start2;
		char *col1, *col2, *want;

		l = lay(a, widths[wi], false, NULL);
		check_layout(l, (size_t)widths[wi]);
		h = find_line(l, "Enrollment");
		cr_assert_not_null(h, "width %d", widths[wi]);
		cr_assert_not_null(strstr(h->text, "Value"), "width %d: '%s'", widths[wi], h->text);
		first = line_index(l, h);
		start2 = (size_t)(strstr(h->text, "Value") - h->text);
		/* the longest word of column 1 is not broken */
		cr_assert_not_null(find_line(l, "authentication"), "width %d", widths[wi]);
		col1 = column_text(l, first, l->nlines, leading_spaces(h->text), start2 - 2);
		col2 = column_text(l, first, l->nlines, start2, (size_t)-1);
		want = xasprintf("Enrollment settings %s %s", c1, c2);
		cr_assert_str_eq(col1, want, "width %d: column 1 is '%s'", widths[wi], col1);
		cr_assert_str_eq(col2, "Value Yes Use token: token address",
				 "width %d: column 2 is '%s'", widths[wi], col2);
		rule = find_line(l, "\xE2\x94\x80");
		cr_assert_eq(rule->type, LINE_TABLE_RULE);
		for (size_t k = first; k < line_index(l, rule); k++)
			cr_assert_eq(l->lines[k].type, LINE_TABLE_HEAD,
				     "width %d: the rule follows the header", widths[wi]);
		free(want);
		free(col1);
		free(col2);
		layout_free(l);
	}

	/* too narrow for whole words in columns: one record per row */
	l = lay(a, 20, false, NULL);
	check_layout(l, 20);
	j = joined(l, true);
	cr_assert(strstr(j, "Enrollment settings: Run Company Portal in Single App Mode "
			 "until authentication Value: Use token: token address"), "%s", j);
	cr_assert_null(find_line(l, "\xE2\x94\x80"));
	free(j);
	layout_free(l);
}

Test(layout, table_wider_than_any_width_becomes_records)
{
	struct kb_article *a = simple("t", BLOCKS(table(true, 2, 5,
		"A", "B", "C", "D", "E",
		"alpha", "beta", "gamma", "delta", "epsilon")));
	struct layout *l = lay(a, 20, false, NULL);
	char *j = joined(l, true);

	check_layout(l, 20);
	cr_assert(strstr(j, "A: alpha B: beta C: gamma D: delta E: epsilon"), "%s", j);
	free(j);
	layout_free(l);
}

/* ---- Code ------------------------------------------------------------------------ */

Test(layout, code_is_verbatim_and_wraps_with_a_mark)
{
	const char *log = "\n"
		"short line\n"
		"\tindented by a tab\n"
		"iPhone mobileassetd[83] <Notice>: Client connection invalid (Connection invalid); terminating connection\n";
	struct kb_article *a = simple("c", BLOCKS(para(PLAIN("Log:")), code(log)));
	struct layout *l = lay(a, 40, false, NULL);
	const struct layout_line *first = find_line(l, "short line"), *ln;
	struct strbuf sb = STRBUF_INIT;
	size_t i, marks = 0, indent;

	check_layout(l, 40);
	cr_assert_not_null(first);
	cr_assert_eq(first->type, LINE_CODE);
	indent = leading_spaces(first->text);
	cr_assert_eq(indent, 6, "code is indented past the text");
	cr_assert_eq(first[-1].type, LINE_BLANK, "the leading newline is not a code line");
	ln = find_line(l, "indented by a tab");
	cr_assert_eq(leading_spaces(ln->text), indent + 8, "tabs expand to 8 columns");
	for (i = line_index(l, find_line(l, "iPhone")); i < l->nlines && l->lines[i].type == LINE_CODE; i++) {
		const struct layout_line *c = &l->lines[i];
		const struct layout_seg *lastseg = &c->segs[c->nsegs - 1];

		/* the code's own spaces follow the indentation */
		cr_assert_geq(leading_spaces(c->text), indent);
		if (lastseg->style == SEG_MARK) {
			marks++;
			cr_assert_str_eq(c->text + lastseg->off, "\xE2\x86\xA9");
			cr_assert_eq(utf8_width(c->text, c->len), 40, "the mark sits at the edge");
		}
		/* rebuild the source line from the code segments */
		for (size_t k = 0; k < c->nsegs; k++)
			if (c->segs[k].style == SEG_CODE)
				sb_add(&sb, c->text + c->segs[k].off, c->segs[k].len);
	}
	cr_assert_geq(marks, 3);
	cr_assert_str_eq(sb_str(&sb), "iPhone mobileassetd[83] <Notice>: Client connection invalid (Connection invalid); terminating connection");
	sb_free(&sb);
	layout_free(l);

	l = lay(a, 40, true, NULL);
	check_layout(l, 40);
	cr_assert(all_ascii(l));
	cr_assert_not_null(find_line(l, "\\"), "ASCII continuation mark");
	layout_free(l);
}

/* ---- Links ----------------------------------------------------------------------- */

Test(layout, links_are_numbered_and_listed)
{
	struct kb_article *a;
	struct layout *l;
	const struct layout_line *ln;
	size_t i;

	simple("other", NOBLOCKS);   /* the target of sample()'s internal xref */
	a = sample();
	l = lay(a, 80, false, NULL);
	check_layout(l, 80);
	/* sample: "other" (internal, empty text), admin center, user portal, admin center */
	cr_assert_eq(l->nlinks, 4);
	cr_assert_eq(l->links[0].number, 1);
	cr_assert_str_eq(l->links[0].target, "other");
	cr_assert_not(l->links[0].external);
	cr_assert_eq(l->links[1].number, 2);
	cr_assert_eq(l->links[2].number, 3);
	cr_assert_eq(l->links[3].number, 2, "the same URL keeps its number");
	cr_assert_not_null(find_line(l, "see Simple article [1]."),
			   "an empty internal xref shows the target's title");
	cr_assert_not_null(find_line(l, "admin center [2], go to"));
	cr_assert_not_null(find_line(l, "Intune user portal [3] and look"));
	for (i = 0; i < l->nlinks; i++) {
		const struct layout_line *at = &l->lines[l->links[i].line];
		bool has = false;

		for (size_t k = 0; k < at->nsegs; k++)
			has = has || (at->segs[k].style == SEG_LINK && at->segs[k].link == (int)i);
		cr_assert(has, "link %zu: line %zu has no segment of it", i, l->links[i].line);
	}
	ln = find_line(l, "References");
	cr_assert_eq(ln->type, LINE_HEADING);
	cr_assert_str_eq(ln[1].text, "    [1] other -- Simple article");
	cr_assert_str_eq(ln[2].text, "    [2] https://go.microsoft.com/fwlink/?linkid=2109431");
	cr_assert_str_eq(ln[3].text, "    [3] https://portal.manage.microsoft.com/");
	cr_assert_eq(ln[1].type, LINE_REF);
	cr_assert_eq(l->nlines, line_index(l, ln) + 4, "each target listed once");
	/* "[2]" is a mark for link 1 */
	ln = find_line(l, "admin center [2]");
	for (i = 0; i < ln->nsegs; i++)
		if (strncmp(ln->text + ln->segs[i].off, "[2]", 3) == 0)
			break;
	cr_assert_lt(i, ln->nsegs);
	cr_assert_eq(ln->segs[i].style, SEG_MARK);
	cr_assert_eq(ln->segs[i].len, 3);
	cr_assert_eq(ln->segs[i].link, 1);
	cr_assert_eq(ln->segs[i - 2].style, SEG_LINK, "link text, glue space, mark");
	layout_free(l);
}

Test(layout, unresolved_and_long_links)
{
	const char *url = "https://portal.azure.com/?Microsoft_Intune=1&Microsoft_Intune_DeviceSettings=true#blade/Microsoft_Intune_DeviceSettings/ExtensionLandingBlade/overview";
	struct kb_article *a = simple("x", BLOCKS(para(TXT(
		SPAN(TEXT, "See "), XREF("the gone topic", NULL, false),
		SPAN(TEXT, " and "), XREF("portal", url, true),
		SPAN(TEXT, " and "), XREF("", "missing-id", false)))));
	struct layout *l = lay(a, 40, false, NULL);
	const struct layout_line *ref = find_line(l, "References");
	char *j = joined(l, true), *jn = nows(j), *un = nows(url);

	check_layout(l, 40);
	cr_assert_not_null(find_line(l, "the gone topic [1]"));
	cr_assert_null(l->links[0].target);
	cr_assert_str_eq(ref[1].text, "    [1] (unresolved cross-reference)");
	cr_assert(strstr(jn, un), "the full URL is listed, broken over lines: %s", j);
	cr_assert_not_null(find_line(l, "missing-id [3]"), "an empty xref shows its target");
	cr_assert(strstr(j, "[3] missing-id -- (not in the knowledge base)"), "%s", j);
	free(j);
	free(jn);
	free(un);
	layout_free(l);
}

/* ---- Checklists ------------------------------------------------------------------ */

static bool done_odd(void *ctx, const struct kb_step *s)
{
	(void)ctx;
	return s->index % 2 == 1;
}

static const char *note_first(void *ctx, const struct kb_step *s)
{
	return s->index == 0 ? ctx : NULL;
}

Test(layout, checklist_boxes_notes_and_step_lines)
{
	struct kb_article *a = sample();
	struct layout_checklist cl = { done_odd, note_first, (void *)"Asked the user;\nshe has 15 devices." };
	struct layout *l = lay(a, 50, false, &cl);
	size_t i, firsts = 0;
	const struct layout_line *ln;

	check_layout(l, 50);
	for (i = 0; i < l->nlines; i++) {
		ln = &l->lines[i];
		if (!ln->step_first)
			continue;
		firsts++;
		const char *t = ln->text + leading_spaces(ln->text);

		cr_assert(strncmp(t, ln->step % 2 ? "[x] " : "[ ] ", 4) == 0,
			  "step %ld: '%s'", ln->step, ln->text);
		cr_assert_eq(ln->segs[1].style, SEG_MARK);
		cr_assert_eq(ln->type, LINE_STEP);
	}
	cr_assert_eq(firsts, a->nsteps, "one first line per step and substep");
	cr_assert_not_null(find_line(l, "[ ] 1. In the admin center"));
	cr_assert_not_null(find_line(l, "[x] 2. In the admin center"));
	cr_assert_not_null(find_line(l, "[x] a. First remove"));
	ln = find_line(l, "Your note: Asked the user; she has 15");
	cr_assert_not_null(ln);
	cr_assert_eq(ln->type, LINE_STEP_NOTE);
	cr_assert_eq(ln->step, 0);
	cr_assert_eq(leading_spaces(ln->text), 4 + strlen("[ ] 1. "));
	cr_assert_eq(ln[-1].step, 0, "the note follows its step");
	/* every line of step 2 (its command and its info) carries its index */
	ln = find_line(l, "Unless it has been changed");
	cr_assert_eq(ln->step, (long)a->solutions[0].remedies[0].steps[1].index);
	for (i = 0; i < a->nsteps; i++) {
		size_t k, found = 0;

		for (k = 0; k < l->nlines; k++)
			found += l->lines[k].step_first && l->lines[k].step == (long)i;
		cr_assert_eq(found, 1, "step %zu", i);
	}
	layout_free(l);

	l = lay(a, 50, false, NULL);
	cr_assert_null(find_line(l, "[ ]"), "no checkboxes without a checklist");
	cr_assert_null(find_line(l, "[x]"));
	layout_free(l);
}

/* ---- Sanitising ------------------------------------------------------------------ */

Test(layout, control_characters_never_reach_the_terminal)
{
	struct kb_step s[] = { step(PLAIN("Run \x1b[2J\x1b]0;pwned\x07 now\x7f.")) };
	struct kb_remedy r = remedy(s, 1);
	struct kb_solution sol = solution(BLOCKS(
		para(PLAIN("C1 \xC2\x9B" "31m and bad \xFF\xC3 bytes")),
		code("printf '\x1b[31m'\r\nnext\x08line"),
		table(false, 1, 2, "cell\x1b", "x\ty")), &r, 1);
	struct kb_article *a = article("ctl", PLAIN("Title\x1b[1m"), "desc\x1b", NOBLOCKS, &sol, 1);
	struct layout *l = lay(a, 40, false, NULL);
	char *j;

	check_layout(l, 40);
	j = joined(l, true);
	cr_assert(strstr(j, "Run ^[[2J^[]0;pwned^G now^?."), "%s", j);
	cr_assert(strstr(j, "printf '^[[31m' next^Hline"), "%s", j);
	cr_assert(strstr(j, "C1 \xEF\xBF\xBD" "31m and bad \xEF\xBF\xBD\xEF\xBF\xBD bytes"), "%s", j);
	cr_assert(strstr(j, "Title^[[1m"));
	cr_assert(strstr(j, "x y"), "a tab in text is a space: %s", j);
	free(j);
	layout_free(l);

	l = lay(a, 40, true, NULL);
	check_layout(l, 40);
	cr_assert(all_ascii(l), "ASCII mode replaces bad bytes with '?'");
	layout_free(l);
}

Test(layout, ascii_mode_decorations)
{
	struct kb_article *a = sample();
	struct layout *l = lay(a, 60, true, NULL);

	check_layout(l, 60);
	cr_assert(all_ascii(l));
	cr_assert_not_null(find_line(l, "- Android"));
	layout_free(l);
	l = lay(a, 60, false, NULL);
	cr_assert_not(all_ascii(l));
	layout_free(l);
}

Test(layout, print_writes_every_line_without_trailing_spaces)
{
	struct kb_article *a = sample();
	struct layout *l = lay(a, 50, false, NULL);
	char *buf = NULL, *p;
	size_t size = 0, n = 0;
	FILE *fp = open_memstream(&buf, &size);

	layout_print(fp, l);
	fclose(fp);
	for (p = buf; *p; p++) {
		if (*p == '\n') {
			cr_assert(p == buf || p[-1] != ' ', "trailing space before line %zu", n);
			cr_assert_eq(strncmp(p - l->lines[n].len, l->lines[n].text, l->lines[n].len), 0,
				     "line %zu", n);
			n++;
		}
	}
	cr_assert_eq(n, l->nlines);
	free(buf);
	layout_free(l);
}

Test(layout, empty_and_null_input)
{
	struct kb_article *a = article("e", PLAIN(""), "", NOBLOCKS, NULL, 0);
	struct layout *l = lay(a, 40, false, NULL);

	check_layout(l, 40);
	layout_free(l);
	l = layout_article(K, NULL, NULL);
	cr_assert_eq(l->nlines, 0);
	layout_free(l);
	layout_free(NULL);
}

/* Text from a fixed-seed generator: words, runs of spaces, wide and
 * combining characters, controls, stray bytes and very long words. */
static uint32_t rnd_state = 12345;

static uint32_t rnd(uint32_t n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

static const char *rnd_text(void)
{
	static const char *const bits[] = {
		"word", "enrollment", " ", "  ", "\t", "\n", "日本", "e\xCC\x81",
		"\x1b[31m", "\x7f", "\xC2\x9B", "\xFF", "\xE2\x80\xA8", "/", "-",
		"https://learn.microsoft.com/mem/intune/enrollment/troubleshoot",
		"Supercalifragilisticexpialidocious", "\xE2\x80\xA6", "x", ".",
	};
	struct strbuf sb = STRBUF_INIT;
	uint32_t i, n = rnd(30);
	const char *s;

	for (i = 0; i < n; i++)
		sb_puts(&sb, bits[rnd(sizeof(bits) / sizeof(*bits))]);
	s = dup(sb_str(&sb));
	sb_free(&sb);
	return s;
}

static struct kb_text rnd_inline(void)
{
	static const enum kb_span_kind kinds[] = {
		KB_SPAN_TEXT, KB_SPAN_EMPH, KB_SPAN_UI, KB_SPAN_CODE,
		KB_SPAN_MSG, KB_SPAN_MSGNUM, KB_SPAN_XREF
	};
	uint32_t i, n = 1 + rnd(4);
	struct kb_span *v = arena_alloc(&K->arena, n * sizeof(*v));

	for (i = 0; i < n; i++) {
		v[i].kind = kinds[rnd(7)];
		v[i].text = rnd(5) ? rnd_text() : "";
		if (v[i].kind == KB_SPAN_XREF) {
			v[i].external = rnd(2);
			v[i].target = rnd(4) ? (v[i].external ? rnd_text() : "r") : NULL;
		}
	}
	return (struct kb_text){ v, n };
}

static struct kb_blocks rnd_blocks(int depth);

static struct kb_block rnd_block(int depth)
{
	struct kb_block b = para(rnd_inline());
	size_t i;

	switch (rnd(depth > 0 ? 6 : 2)) {
	case 1:
		b = code(rnd_text());
		break;
	case 2:
		b = note((enum kb_note_type)rnd(6), rnd_blocks(depth - 1));
		break;
	case 3:
		b = image(rnd_text());
		break;
	case 4: {
		struct kb_blocks *items;

		b = (struct kb_block){ .kind = KB_BLOCK_LIST, .ordered = rnd(2),
				       .nitems = 1 + rnd(12) };
		items = arena_alloc(&K->arena, b.nitems * sizeof(*items));
		for (i = 0; i < b.nitems; i++)
			items[i] = rnd_blocks(depth - 1);
		b.items = items;
		break;
	}
	case 5: {
		struct kb_table *t = arena_alloc(&K->arena, sizeof(*t));
		struct kb_text *cells;

		t->nrows = 1 + rnd(4);
		t->ncols = 1 + rnd(6);
		t->header = rnd(2);
		cells = arena_alloc(&K->arena, t->nrows * t->ncols * sizeof(*cells));
		for (i = 0; i < t->nrows * t->ncols; i++)
			cells[i] = rnd_inline();
		t->cells = cells;
		b = (struct kb_block){ .kind = KB_BLOCK_TABLE, .table = t };
		break;
	}
	}
	return b;
}

static struct kb_blocks rnd_blocks(int depth)
{
	uint32_t i, n = rnd(4);
	struct kb_block *v = arena_alloc(&K->arena, (n + 1) * sizeof(*v));

	for (i = 0; i < n; i++)
		v[i] = rnd_block(depth);
	return (struct kb_blocks){ v, n };
}

static struct kb_step *rnd_steps(size_t n, int depth)
{
	struct kb_step *s = arena_alloc(&K->arena, (n + 1) * sizeof(*s));
	size_t i;

	for (i = 0; i < n; i++) {
		s[i].cmd = rnd_inline();
		s[i].info = rnd_blocks(depth);
		s[i].result = rnd(3) ? NOBLOCKS : rnd_blocks(depth);
		if (depth > 0 && !rnd(3)) {
			s[i].nsubsteps = 1 + rnd(30);
			s[i].substeps = rnd_steps(s[i].nsubsteps, depth - 1);
		}
	}
	return s;
}

Test(layout, random_content_keeps_the_invariants)
{
	int round;

	simple("r", NOBLOCKS);
	for (round = 0; round < 40; round++) {
		struct kb_remedy r[2];
		struct kb_solution sol[2];
		struct kb_article *a;
		char id[16];
		int w;

		r[0] = (struct kb_remedy){ .title = rnd(2) ? rnd_text() : NULL,
					   .responsible = rnd_blocks(1),
					   .nsteps = 1 + rnd(12), .unordered = rnd(2) };
		r[0].steps = rnd_steps(r[0].nsteps, 2);
		r[1] = (struct kb_remedy){ .informal = rnd_blocks(2) };
		sol[0] = solution(rnd_blocks(2), r, 1 + rnd(2));
		sol[1] = solution(rnd_blocks(2), NULL, 0);
		snprintf(id, sizeof(id), "rnd%d", round);
		a = article(id, rnd_inline(), rnd_text(), rnd_blocks(3), sol, 1 + rnd(2));
		for (w = 20; w <= 100; w += 1 + (int)rnd(7)) {
			struct layout_checklist cl = { done_odd, note_first, (void *)rnd_text() };
			struct layout *l = lay(a, w, rnd(2), rnd(2) ? &cl : NULL);
			size_t i, firsts = 0;

			check_layout(l, (size_t)w);
			for (i = 0; i < l->nlines; i++)
				firsts += l->lines[i].step_first;
			cr_assert_eq(firsts, a->nsteps, "%s at %d", id, w);
			layout_free(l);
		}
	}
}

/* ---- The shipped pack ------------------------------------------------------------ */

static struct kb *load_shipped(void)
{
	const char *dirs[] = { SRCDIR "/content" };
	struct pack_set set = { NULL, 0, dirs, 1 };
	struct diag_list dl = DIAG_LIST_INIT;
	struct kb *kb = pack_load(&set, &dl);

	cr_assert_eq(diag_count(&dl, DIAG_ERROR), 0, "the shipped pack loads cleanly");
	diag_list_free(&dl);
	cr_assert_geq(kb->narticles, 30, "the shipped pack has its articles (%zu)",
		      kb->narticles);
	return kb;
}

static size_t widest_word(const char *s)
{
	size_t best = 0;

	while (*s) {
		size_t n = strcspn(s, " ");
		size_t w = utf8_width(s, n);

		best = w > best ? w : best;
		s += n + (s[n] == ' ');
	}
	return best;
}

/* Every step's and substep's command appears in the layout, in full. */
static void check_steps(const struct kb_article *a, const struct kb_step *s,
			size_t n, const char *text, const char *text_nows, int width)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *plain = kb_text_plain(&s[i].cmd), *want = norm(plain);

		/* a word that cannot fit is broken hard; then only the
		 * characters can be compared, not the spaces */
		if (widest_word(want) + 24 <= (size_t)width) {
			cr_assert(strstr(text, want), "%s at width %d: step '%s' missing",
				  a->id, width, want);
		} else {
			char *wn = nows(want);

			cr_assert(strstr(text_nows, wn), "%s at width %d: step '%s' missing",
				  a->id, width, want);
			free(wn);
		}
		free(plain);
		free(want);
		check_steps(a, s[i].substeps, s[i].nsubsteps, text, text_nows, width);
	}
}

Test(layout, shipped_articles_keep_every_step)
{
	struct kb *kb = load_shipped();
	int widths[] = { 40, 80, 200 };
	size_t i, r, s, w;

	for (i = 0; i < kb->narticles; i++) {
		const struct kb_article *a = kb->articles[i];

		for (w = 0; w < 3; w++) {
			struct layout_opts o = { widths[w], false, NULL };
			struct layout *l = layout_article(kb, a, &o);
			char *text = joined(l, false), *tn = nows(text);
			size_t nsteps = 0;

			check_layout(l, (size_t)widths[w]);
			for (s = 0; s < a->nsolutions; s++)
				for (r = 0; r < a->solutions[s].nremedies; r++) {
					const struct kb_remedy *rem = &a->solutions[s].remedies[r];

					check_steps(a, rem->steps, rem->nsteps, text, tn, widths[w]);
				}
			for (s = 0; s < l->nlines; s++)
				nsteps += l->lines[s].step_first;
			cr_assert_eq(nsteps, a->nsteps, "%s: every step has a first line", a->id);
			free(text);
			free(tn);
			layout_free(l);
		}
	}
	kb_free(kb);
}

/* Every piece of text, not only the steps: the characters of each
 * paragraph, list item, note, code line and table cell are in the layout
 * (compared without whitespace, since table cells wrap side by side). */
static void want_text(const struct kb_text *t, const char *hay, const char *id)
{
	char *p = kb_text_plain(t), *pn = nows(p);

	cr_assert(strstr(hay, pn), "%s: text '%s' missing", id, p);
	free(p);
	free(pn);
}

static void want_blocks(const struct kb_blocks *b, const char *hay, const char *id);

static void want_block(const struct kb_block *b, const char *hay, const char *id)
{
	size_t i;

	switch (b->kind) {
	case KB_BLOCK_PARA:
	case KB_BLOCK_IMAGE:
		want_text(&b->text, hay, id);
		break;
	case KB_BLOCK_NOTE:
		want_blocks(&b->children, hay, id);
		break;
	case KB_BLOCK_LIST:
		for (i = 0; i < b->nitems; i++)
			want_blocks(&b->items[i], hay, id);
		break;
	case KB_BLOCK_TABLE:
		for (i = 0; i < b->table->nrows * b->table->ncols; i++)
			want_text(&b->table->cells[i], hay, id);
		break;
	case KB_BLOCK_CODE: {
		char *cn = nows(b->code);

		cr_assert(strstr(hay, cn), "%s: code missing", id);
		free(cn);
		break;
	}
	}
}

static void want_blocks(const struct kb_blocks *b, const char *hay, const char *id)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		want_block(&b->v[i], hay, id);
}

static void want_steps(const struct kb_step *s, size_t n, const char *hay, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++) {
		want_text(&s[i].cmd, hay, id);
		want_blocks(&s[i].info, hay, id);
		want_blocks(&s[i].result, hay, id);
		want_steps(s[i].substeps, s[i].nsubsteps, hay, id);
	}
}

Test(layout, shipped_articles_keep_every_text)
{
	struct kb *kb = load_shipped();
	size_t i, s, r;

	for (i = 0; i < kb->narticles; i++) {
		const struct kb_article *a = kb->articles[i];
		/* wide enough that no table needs to wrap its cells */
		struct layout_opts o = { 300, false, NULL };
		struct layout *l = layout_article(kb, a, &o);
		char *text = joined(l, false), *tn = nows(text), *sd = nows(a->shortdesc);

		want_text(&a->title_text, tn, a->id);
		cr_assert(strstr(tn, sd), "%s: shortdesc missing", a->id);
		for (s = 0; s < a->ncodes; s++)
			cr_assert(strstr(tn, a->codes[s]));
		want_blocks(&a->condition, tn, a->id);
		for (s = 0; s < a->nsolutions; s++) {
			want_blocks(&a->solutions[s].cause, tn, a->id);
			for (r = 0; r < a->solutions[s].nremedies; r++) {
				const struct kb_remedy *rem = &a->solutions[s].remedies[r];

				want_blocks(&rem->responsible, tn, a->id);
				want_blocks(&rem->informal, tn, a->id);
				want_steps(rem->steps, rem->nsteps, tn, a->id);
			}
		}
		for (s = 0; s < l->nlinks; s++)
			if (l->links[s].target && l->links[s].external)
				cr_assert(strstr(tn, l->links[s].target), "%s: URL %s not listed",
					  a->id, l->links[s].target);
		free(text);
		free(tn);
		free(sd);
		layout_free(l);
	}
	kb_free(kb);
}

Test(layout, shipped_articles_fit_every_width)
{
	struct kb *kb = load_shipped();
	size_t i;
	int w;

	for (i = 0; i < kb->narticles; i++)
		for (w = LAYOUT_MIN_WIDTH; w <= 300; w++) {
			struct layout_opts o = { w, (w % 2) == 0, NULL };
			struct layout *l = layout_article(kb, kb->articles[i], &o);

			check_layout(l, (size_t)w);
			layout_free(l);
		}
	kb_free(kb);
}
