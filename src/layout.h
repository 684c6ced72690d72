/* layout.h: article -> wrapped lines for a given width.
 *
 * Used by the TUI's article view and by --show, so both say the same thing.
 * No curses here: each line carries a line type and styled segments, and the
 * TUI maps those to attributes.  Text is UTF-8 with every control character
 * removed or replaced, so a line can be written to a terminal as is. */
#ifndef ENROLLKB_LAYOUT_H
#define ENROLLKB_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kb.h"

enum line_type {
	LINE_BLANK,
	LINE_TITLE,        /* the article title */
	LINE_CODES,        /* "Error codes: ..." */
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
	long step;         /* kb_step.index this line belongs to, or -1 */
	bool step_first;   /* the step's first line (checkbox/number line) */
};

struct layout_link {
	const char *target;   /* article id or URL; NULL for an unresolved xref */
	bool external;
	int number;           /* the [n] shown after the link text, 1-based */
	size_t line;          /* first line where the link text appears */
};

struct layout {
	struct layout_line *lines;
	size_t nlines;
	struct layout_link *links;
	size_t nlinks;
};

/* Per-step checklist state, asked for while laying out (TUI only). */
struct layout_checklist {
	bool (*done)(void *ctx, const struct kb_step *s);
	const char *(*note)(void *ctx, const struct kb_step *s); /* NULL = none */
	void *ctx;
};

struct layout_opts {
	int width;                    /* columns, >= 20 */
	bool ascii;                   /* ASCII only for bullets, rules, quotes */
	const struct layout_checklist *checklist; /* NULL: numbers, no checkboxes */
};

struct layout *layout_article(const struct kb *kb, const struct kb_article *a,
			      const struct layout_opts *opts);
void layout_free(struct layout *l);
/* Writes the lines as plain text (for --show). */
void layout_print(FILE *fp, const struct layout *l);

#endif
