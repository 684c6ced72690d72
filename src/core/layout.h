/* SPDX-License-Identifier: MIT */
/* layout.h: article -> wrapped lines for a given width.
 *
 * Used by the TUI's article view and by --show, so both say the same thing.
 * No curses here: each line carries a line type and styled segments, and the
 * TUI maps those to attributes.  Text is UTF-8 with every control character
 * removed or replaced, so a line can be written to a terminal as is: C0
 * controls and DEL in content become caret notation ("^[" for ESC), C1
 * controls and invalid UTF-8 become U+FFFD ("?" with opts.ascii).
 *
 * Nothing of the article is dropped: long words and URLs are broken hard,
 * long code lines wrap with a continuation mark at the right edge, tables
 * shrink their columns and wrap their cells (and become one "Header: value"
 * record per row when even that does not fit).  No line has trailing
 * spaces. */
#ifndef ENROLLKB_LAYOUT_H
#define ENROLLKB_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kb.h"

enum line_type {
	LINE_BLANK,
	LINE_TITLE,        /* the article title */
	LINE_CODES,        /* "Error codes: ...", "Source: ..." (metadata under the title) */
	LINE_SHORTDESC,
	LINE_HEADING,      /* "Symptom", "Cause 1 of 3", "Fix", "References" */
	LINE_TEXT,
	LINE_STEP,         /* a step or substep (its first line carries the number/checkbox) */
	LINE_STEP_NOTE,    /* the user's note under a step (checklists) */
	LINE_NOTE,         /* note body */
	LINE_IMPORTANT,    /* important/warning/caution note body */
	LINE_CODE,         /* code block, verbatim (long lines are wrapped) */
	LINE_TABLE_HEAD,
	LINE_TABLE,
	LINE_TABLE_RULE,
	LINE_IMAGE,        /* [image: alt text] */
	LINE_REF,          /* an entry of the numbered references list */
	LINE_TYPE_COUNT
};

enum seg_style {
	SEG_PLAIN,
	SEG_EMPH,
	SEG_UI,
	SEG_CODE,
	SEG_MSG,
	SEG_MSGNUM,
	SEG_LINK,          /* the text of a link, see layout_seg.link */
	SEG_MARK,          /* a link's "[n]" marker, a checkbox, a step number */
	SEG_STYLE_COUNT
};

/* The style text of an inline span kind is shown in (SEG_PLAIN for
 * plain text): one map for articles, titles in lists and --show. */
enum seg_style layout_span_style(enum kb_span_kind k);

struct layout_seg {
	size_t off, len;   /* byte range of the line's text */
	enum seg_style style;
	int link;          /* index into layout.links, or -1 */
};

struct layout_line {
	enum line_type type;
	char *text;        /* NUL-terminated, no newline, indentation as spaces */
	size_t len;
	struct layout_seg *segs;   /* cover text completely, in order */
	size_t nsegs;
	long step;         /* kb_step.index this line belongs to, or -1; set on
	                    * every line of a step (its command, note, info,
	                    * result) and of its substeps (their own index) */
	bool step_first;   /* the step's first line (checkbox/number line);
	                    * exactly one per step and substep */
};

/* One entry per occurrence of a link, in reading order.  Occurrences of
 * the same target share a number (and one entry in the "References" list at
 * the end); numbers grow in order of first appearance. */
struct layout_link {
	const char *target;   /* article id or URL; NULL for an unresolved xref */
	bool external;
	int number;           /* the [n] shown after the link text, 1-based */
	size_t line;          /* first line where the link text appears (always
	                       * < nlines) */
};

struct layout {
	struct layout_line *lines;
	size_t nlines;
	struct layout_link *links;
	size_t nlinks;
};

/* Per-step checklist state, asked for while laying out (TUI only).  With
 * it, each step's first line starts with "[ ] " or "[x] " before its number
 * (unordered steps: the box replaces the bullet), and a non-empty note is
 * shown as "Your note: ..." (LINE_STEP_NOTE) right under the step's
 * command.  done or note may be NULL. */
struct layout_checklist {
	bool (*done)(void *ctx, const struct kb_step *s);
	const char *(*note)(void *ctx, const struct kb_step *s); /* NULL = none */
	void *ctx;
};

/* Narrowest layout; a smaller width is laid out at this one. */
#define LAYOUT_MIN_WIDTH 20

struct layout_opts {
	int width;                    /* columns, >= LAYOUT_MIN_WIDTH */
	bool ascii;                   /* ASCII only for bullets, rules, marks
	                               * (content text is left as it is) */
	const struct layout_checklist *checklist; /* NULL: numbers, no checkboxes */
};

/* Never NULL (an empty layout for a NULL article).  No line is wider than
 * the width (display columns as utf8.h counts them; a width under
 * LAYOUT_MIN_WIDTH counts as LAYOUT_MIN_WIDTH).  opts NULL = 80 columns.
 * kb resolves internal links' titles and may be NULL. */
struct layout *layout_article(const struct kb *kb, const struct kb_article *a,
			      const struct layout_opts *opts);
void layout_free(struct layout *l);
/* Writes the lines as plain text (for --show). */
void layout_print(FILE *fp, const struct layout *l);

#endif
