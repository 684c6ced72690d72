/* SPDX-License-Identifier: MIT */
/* view_checklist.c: the article pane's checklist -- the step cursor and the
 * keys and prompts that act on the step under it (tick, note), on the
 * article's checklist (export, reset), and the checklist's part of the
 * pane's header and status line.
 *
 * The cursor is a kb_step index over the layout's lines (each carries its
 * step; the step's first line has the checkbox).  Up/Down go from step to
 * step while the next one is on screen and scroll a line otherwise, the
 * way lynx moves between links: reading goes on as before and the cursor
 * comes along.  Scrolling by any other means takes the cursor to the
 * nearest step on screen.  A key that acts on a step while none is on
 * screen only brings the nearest one in: nothing is ticked unseen.
 *
 * The store (checklist.c, core) does the ticking, saving and exporting and
 * says what happened; that goes to the app's status message. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "i18n.h"
#include "view.h"
#include "view_checklist.h"
#include "xalloc.h"

/* ---- Geometry ------------------------------------------------------------------ */

static void cursor_free(struct step_cursor *sc)
{
	size_t i;

	for (i = 0; sc->label && i < sc->n; i++)
		free(sc->label[i]);
	free(sc->label);
	free(sc->first);
	free(sc->last);
	free(sc->head);
	free(sc->parent);
	sc->label = NULL;
	sc->first = sc->last = sc->head = sc->parent = NULL;
	sc->n = 0;
}

/* The step number drawn on a step's first line ("3." or "a." right after
 * the checkbox), without its dot; "" for an unnumbered step. */
static char *mark_label(const struct layout_line *l)
{
	const char *t = l->text, *end = l->text + l->len, *w;

	while (t < end && *t == ' ')
		t++;
	if (end - t < 4 || t[0] != '[' || t[2] != ']')
		return xstrdup("");
	t += 3;
	while (t < end && *t == ' ')
		t++;
	for (w = t; w < end && ((*w >= '0' && *w <= '9') || (*w >= 'a' && *w <= 'z')); w++)
		;
	if (w == t || w >= end || *w != '.' || (w + 1 < end && w[1] != ' '))
		return xstrdup("");
	return xstrndup(t, (size_t)(w - t));
}

/* Where each step is: its cause and fix (for labels; numbers start again
 * at 1 in every fix). */
static void place_steps(const struct kb_step *steps, size_t n, size_t cause, size_t fix,
			size_t *causes, size_t *fixes, size_t nall)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (steps[i].index < nall) {
			causes[steps[i].index] = cause;
			fixes[steps[i].index] = fix;
		}
		place_steps(steps[i].substeps, steps[i].nsubsteps, cause, fix,
			    causes, fixes, nall);
	}
}

/* "2" as drawn, made unique when the article numbers several fixes:
 * "2 (cause 3)", "1 (cause 1, fix 2)". */
static char *qualify(const struct kb_article *a, char *own, size_t cause, size_t fix)
{
	bool causes = a->nsolutions > 1;
	bool fixes = cause < a->nsolutions && a->solutions[cause].nremedies > 1;
	const char *sp = *own ? " " : "";
	char *q;

	if (cause == NO_LINE || (!causes && !fixes))
		return own;
	if (causes && fixes)
		q = xasprintf(_("%s%s(cause %zu, fix %zu)"), own, sp, cause + 1, fix + 1);
	else if (causes)
		q = xasprintf(_("%s%s(cause %zu)"), own, sp, cause + 1);
	else
		q = xasprintf(_("%s%s(fix %zu)"), own, sp, fix + 1);
	free(own);
	return q;
}

void pane_checklist_index(struct pane_checklist *pc, const struct kb_article *a,
			  const struct layout *lay)
{
	size_t *causes, *fixes, c, r;
	struct step_cursor *sc = &pc->sc;
	size_t n = a && lay ? a->nsteps : 0, i, j;

	cursor_free(sc);
	if (sc->step >= (long)n)
		sc->step = STEP_NONE;
	if (!n)
		return;
	sc->n = n;
	sc->first = xmalloc_array(n, sizeof(*sc->first));
	sc->last = xmalloc_array(n, sizeof(*sc->last));
	sc->head = xmalloc_array(n, sizeof(*sc->head));
	sc->parent = xmalloc_array(n, sizeof(*sc->parent));
	sc->label = xcalloc(n, sizeof(*sc->label));
	for (i = 0; i < n; i++)
		sc->first[i] = sc->last[i] = sc->head[i] = sc->parent[i] = NO_LINE;
	for (i = 0; i < n; i++) {
		const struct kb_step *s = a->steps[i];

		for (j = 0; j < s->nsubsteps; j++)
			if (s->substeps[j].index < n)
				sc->parent[s->substeps[j].index] = i;
	}
	/* Numbers as drawn: a substep's after its parent's ("3a"). */
	for (i = 0; i < lay->nlines; i++) {
		const struct layout_line *l = &lay->lines[i];
		size_t st = (size_t)l->step;

		if (l->step < 0 || st >= n)
			continue;
		if (l->step_first && sc->first[st] == NO_LINE) {
			char *own = mark_label(l);
			size_t p = sc->parent[st];

			sc->first[st] = i;
			/* parents come first (reading order): theirs is set */
			sc->label[st] = p != NO_LINE && sc->label[p] && *sc->label[p]
				? xasprintf("%s%s", sc->label[p], own) : xstrdup(own);
			free(own);
		}
		if (sc->last[st] == NO_LINE || i > sc->last[st])
			sc->last[st] = i;
		if (l->type == LINE_STEP || l->type == LINE_STEP_NOTE)
			sc->head[st] = i;
	}
	for (i = n; i-- > 0; ) {
		size_t p = sc->parent[i];

		if (!sc->label[i])
			sc->label[i] = xstrdup("");
		if (p != NO_LINE && sc->last[i] != NO_LINE &&
		    (sc->last[p] == NO_LINE || sc->last[i] > sc->last[p]))
			sc->last[p] = sc->last[i];
	}
	causes = xmalloc_array(n, sizeof(*causes));
	fixes = xmalloc_array(n, sizeof(*fixes));
	for (i = 0; i < n; i++)
		causes[i] = fixes[i] = NO_LINE;
	for (c = 0; c < a->nsolutions; c++)
		for (r = 0; r < a->solutions[c].nremedies; r++)
			place_steps(a->solutions[c].remedies[r].steps,
				    a->solutions[c].remedies[r].nsteps, c, r, causes, fixes, n);
	for (i = 0; i < n; i++)
		sc->label[i] = qualify(a, sc->label[i], causes[i], fixes[i]);
	free(causes);
	free(fixes);
}

static bool first_visible(const struct step_cursor *sc, size_t i, size_t top, size_t h)
{
	return i < sc->n && sc->first[i] != NO_LINE && sc->first[i] >= top &&
	       sc->first[i] < top + h;
}

long pane_checklist_cursor(const struct pane_checklist *pc, size_t top, size_t h)
{
	const struct step_cursor *sc = &pc->sc;
	size_t st = (size_t)sc->step;

	if (sc->step < 0 || st >= sc->n || sc->first[st] == NO_LINE)
		return STEP_NONE;
	if (first_visible(sc, st, top, h) || (sc->first[st] < top && sc->last[st] >= top))
		return sc->step;
	return STEP_NONE;
}

void pane_checklist_follow(struct pane_checklist *pc, size_t top, size_t h)
{
	struct step_cursor *sc = &pc->sc;
	size_t i, lo = NO_LINE, hi = NO_LINE, st = (size_t)sc->step;

	if (!sc->n || h == 0)
		return;
	if (sc->step >= 0 && first_visible(sc, st, top, h))
		return;
	for (i = 0; i < sc->n; i++)
		if (first_visible(sc, i, top, h)) {
			if (lo == NO_LINE)
				lo = i;
			hi = i;
		}
	if (lo != NO_LINE) {
		/* Scrolled down past it: the first step on screen; up: the
		 * last one. */
		bool below = sc->step >= 0 && st < sc->n && sc->first[st] != NO_LINE &&
			     sc->first[st] >= top + h;

		sc->step = (long)(below ? hi : lo);
		return;
	}
	/* No step starts on screen: the one whose text fills it, if any. */
	for (i = sc->n; i-- > 0; )
		if (sc->first[i] != NO_LINE && sc->first[i] < top && sc->last[i] >= top) {
			sc->step = (long)i;
			return;
		}
}

/* Scrolls as little as needed to show the cursor step (all of it when it
 * fits, else from its first line). */
static void show_cursor(const struct step_cursor *sc, size_t *top, size_t h,
			size_t max_top)
{
	size_t st = (size_t)sc->step, f, l;

	if (sc->step < 0 || st >= sc->n || sc->first[st] == NO_LINE || h == 0)
		return;
	f = sc->first[st];
	l = sc->last[st];
	if (l - f + 1 <= h) {
		if (f < *top) {
			*top = f;
			/* a line of context (the heading above) when it fits */
			if (*top > 0 && l - f + 2 <= h)
				(*top)--;
		} else if (l >= *top + h) {
			*top = l - h + 1;
		}
	} else if (f < *top || f >= *top + h) {
		*top = f;
	}
	if (*top > max_top)
		*top = max_top;
}

/* Up/Down: to the step before/after when it starts on screen, else a line
 * of scrolling. */
static void cursor_move(struct pane_checklist *pc, int dir, const struct pane_pos *pos)
{
	struct step_cursor *sc = &pc->sc;
	size_t st = (size_t)sc->step, *top = pos->top;

	if (sc->step >= 0 && first_visible(sc, st, *top, pos->h) &&
	    !(dir < 0 && st == 0) &&
	    first_visible(sc, dir > 0 ? st + 1 : st - 1, *top, pos->h)) {
		sc->step = (long)(dir > 0 ? st + 1 : st - 1);
		return;
	}
	if (dir > 0 && *top < pos->max_top)
		(*top)++;
	else if (dir < 0 && *top > 0)
		(*top)--;
	pane_checklist_follow(pc, *top, pos->h);
}

/* [ and ]: the step before/after wherever it is.  From off screen: the
 * first step below the top (or the last one above it). */
static bool cursor_jump(struct pane_checklist *pc, int dir, const struct pane_pos *pos)
{
	struct step_cursor *sc = &pc->sc;
	size_t i, st = (size_t)sc->step, pick = NO_LINE, top = *pos->top;

	if (!sc->n)
		return false;
	if (pane_checklist_cursor(pc, top, pos->h) != STEP_NONE) {
		for (i = st; dir > 0 ? i + 1 < sc->n : i > 0; ) {
			i = dir > 0 ? i + 1 : i - 1;
			if (sc->first[i] != NO_LINE) {
				pick = i;
				break;
			}
		}
	} else if (dir > 0) {
		for (i = 0; i < sc->n && pick == NO_LINE; i++)
			if (sc->first[i] != NO_LINE && sc->first[i] >= top)
				pick = i;
	} else {
		for (i = sc->n; i-- > 0 && pick == NO_LINE; )
			if (sc->first[i] != NO_LINE && sc->first[i] < top)
				pick = i;
	}
	if (pick == NO_LINE)
		return false;
	sc->step = (long)pick;
	show_cursor(sc, pos->top, pos->h, pos->max_top);
	return true;
}

long pane_checklist_anchor(const struct pane_checklist *pc, size_t top, size_t h,
			   long *delta)
{
	const struct step_cursor *sc = &pc->sc;
	long st = pane_checklist_cursor(pc, top, h);
	size_t i;

	if (st != STEP_NONE) {
		*delta = (long)top - (long)sc->first[st];
		return st;
	}
	for (i = 0; i < sc->n; i++)
		if (sc->first[i] != NO_LINE && sc->first[i] >= top) {
			*delta = (long)top - (long)sc->first[i];
			return (long)i;
		}
	return STEP_NONE;
}

size_t pane_checklist_top(struct pane_checklist *pc, long anchor, long delta,
			  size_t top, size_t h, size_t max_top)
{
	const struct step_cursor *sc = &pc->sc;
	long t, st = pc->sc.step;

	if (anchor >= 0 && (size_t)anchor < sc->n && sc->first[anchor] != NO_LINE) {
		t = (long)sc->first[anchor] + delta;
		top = t > 0 ? (size_t)t : 0;
	}
	if (pc->reveal && st >= 0 && (size_t)st < sc->n && sc->head[st] != NO_LINE &&
	    sc->head[st] >= top + h) {
		top = sc->head[st] - h + 1;
		if (top > sc->first[st])
			top = sc->first[st];
	}
	pc->reveal = false;
	return top < max_top ? top : max_top;
}

void pane_checklist_free(struct pane_checklist *pc)
{
	cursor_free(&pc->sc);
	free(pc->label);
	pc->label = NULL;
	input_free(&pc->input);
}

/* ---- Acting on steps ------------------------------------------------------------- */

static const char *label_of(const struct pane_checklist *pc, long step)
{
	return step >= 0 && (size_t)step < pc->sc.n ? pc->sc.label[step] : "";
}

/* The step a key acts on: the one under the cursor.  With none on screen
 * the nearest one is brought in instead, and nothing is done to it. */
static long acting_step(struct pane_checklist *pc, const struct pane_pos *pos,
			enum request req)
{
	struct key k;
	char buf[8];
	const char *label;

	if (!pos->a || !pos->lay || !checklist_enabled(pos->app->checklist))
		return STEP_NONE;
	if (!pc->sc.n) {
		view_message(pos->app, false, "%s", _("This article has no steps to tick"));
		return STEP_NONE;
	}
	if (pane_checklist_cursor(pc, *pos->top, pos->h) != STEP_NONE)
		return pc->sc.step;
	if (!cursor_jump(pc, 1, pos) && !cursor_jump(pc, -1, pos))
		return STEP_NONE;
	label = label_of(pc, pc->sc.step);
	if (!keys_reach(KEYMAP_ARTICLE, req, &k))
		return STEP_NONE;
	if (*label)
		view_message(pos->app, false, _("No step was on screen: now at step %s (%s: %s)"),
			     label, keys_name(k, buf), keys_request_hint(req));
	else
		view_message(pos->app, false, _("No step was on screen: now at the nearest (%s: %s)"),
			     keys_name(k, buf), keys_request_hint(req));
	return STEP_NONE;
}

static unsigned toggle(struct pane_checklist *pc, const struct pane_pos *pos)
{
	long st = acting_step(pc, pos, REQ_TOGGLE_STEP);
	struct checklist_msg m = CHECKLIST_MSG_INIT;

	if (st != STEP_NONE)
		checklist_toggle(pos->app->checklist, pos->a, pos->a->steps[st],
				 label_of(pc, st), &m);
	view_checklist_message(pos->app, &m);
	return HR_REDRAW;
}

static void prompt_open(struct pane_checklist *pc, enum checklist_prompt kind,
			char *label, const char *text)
{
	pc->prompt = kind;
	free(pc->label);
	pc->label = label;
	input_set(&pc->input, text);
}

void pane_checklist_cancel(struct pane_checklist *pc)
{
	pc->prompt = CK_PROMPT_NONE;
	free(pc->label);
	pc->label = NULL;
	input_set(&pc->input, "");
}

static unsigned note_open(struct pane_checklist *pc, const struct pane_pos *pos)
{
	long st = acting_step(pc, pos, REQ_NOTE);
	const char *label;
	char *note;

	if (st == STEP_NONE)
		return HR_REDRAW;
	label = label_of(pc, st);
	note = checklist_note(pos->app->checklist, pos->a, pos->a->steps[st]);
	pc->prompt_step = st;
	prompt_open(pc, CK_PROMPT_NOTE, *label ? xasprintf(_("Note on step %s: "), label)
					       : xstrdup(_("Note on this step: ")),
		    note ? note : "");
	free(note);
	return HR_REDRAW;
}

static bool has_steps(const struct pane_pos *pos)
{
	if (!pos->a || !checklist_enabled(pos->app->checklist))
		return false;
	if (!pos->a->nsteps)
		view_message(pos->app, false, "%s", _("This article has no checklist"));
	return pos->a->nsteps > 0;
}

static unsigned export_open(struct pane_checklist *pc, const struct pane_pos *pos)
{
	char *path;

	if (!has_steps(pos))
		return HR_REDRAW;
	path = checklist_export_default(pos->app->checklist, pos->a);
	prompt_open(pc, CK_PROMPT_EXPORT, xstrdup(_("Export the checklist to: ")), path);
	free(path);
	return HR_REDRAW;
}

/* "Reset the checklist of TITLE for case CASE? (y/n)", the title cut so
 * that the question fits on the status line. */
static unsigned reset_open(struct pane_checklist *pc, const struct pane_pos *pos)
{
	const char *cs = checklist_case(pos->app->checklist), *t;
	const char *ell = pos->app->ascii ? "..." : "\u2026";
	char *q, *title;
	int cols, rows, room;

	if (!has_steps(pos))
		return HR_REDRAW;
	t = pos->a->title;
	display_size(&cols, &rows);
	q = xasprintf(_("Reset the checklist of %s for case %s? (y/n) "), "", cs);
	room = cols - display_width(q, strlen(q)) - 2;
	free(q);
	if (display_width(t, strlen(t)) <= room || room < 8)
		title = xstrdup(t);
	else
		title = xasprintf("%.*s%s", (int)display_fit(t, strlen(t),
			room - display_width(ell, strlen(ell))), t, ell);
	prompt_open(pc, CK_PROMPT_RESET,
		    xasprintf(_("Reset the checklist of %s for case %s? (y/n) "), title, cs), "");
	free(title);
	return HR_REDRAW;
}

unsigned pane_checklist_key(struct pane_checklist *pc, const struct pane_pos *pos,
			    struct key key)
{
	struct checklist *ck = pos->app->checklist;
	const struct kb_article *a = pos->a;
	struct checklist_msg m = CHECKLIST_MSG_INIT;

	if (pc->prompt == CK_PROMPT_NONE)
		return HR_UNHANDLED;
	if (pc->prompt == CK_PROMPT_RESET) {
		/* Only y resets: any other key is a no. */
		if (!key.fn && (key.code == 'y' || key.code == 'Y') && a)
			checklist_reset(ck, a, &m);
		else
			view_message(pos->app, false, "%s", _("Checklist not reset"));
		view_checklist_message(pos->app, &m);
		pane_checklist_cancel(pc);
		return HR_REDRAW;
	}
	switch (input_prompt_key(&pc->input, key, pos->app->ascii)) {
	case INPUT_ACCEPT:
		if (!a)
			break;
		if (pc->prompt == CK_PROMPT_NOTE && (size_t)pc->prompt_step < a->nsteps)
			pc->reveal = checklist_set_note(ck, a, a->steps[pc->prompt_step],
							label_of(pc, pc->prompt_step),
							input_text(&pc->input), &m);
		else if (pc->prompt == CK_PROMPT_EXPORT)
			checklist_export(ck, a, input_text(&pc->input), &m);
		view_checklist_message(pos->app, &m);
		pane_checklist_cancel(pc);
		break;
	case INPUT_CANCEL:
		view_message(pos->app, false, "%s", pc->prompt == CK_PROMPT_NOTE
			     ? _("Note not changed") : _("Nothing exported"));
		pane_checklist_cancel(pc);
		break;
	default:
		/* Anything else is swallowed: the prompt has the keyboard. */
		break;
	}
	return HR_REDRAW;
}

unsigned pane_checklist_paste(struct pane_checklist *pc, const struct pane_pos *pos,
			      const char *text)
{
	if (pc->prompt == CK_PROMPT_NONE)
		return HR_UNHANDLED;
	/* A y/n question takes no text: a paste is not an answer. */
	if (pc->prompt != CK_PROMPT_RESET)
		input_paste(&pc->input, text, pos->app->ascii);
	return HR_REDRAW;
}

bool pane_checklist_prompt(const struct pane_checklist *pc, const char **label,
			   const struct input_line **in)
{
	if (pc->prompt == CK_PROMPT_NONE)
		return false;
	*label = pc->label ? pc->label : "";
	*in = &pc->input;
	return true;
}

unsigned pane_checklist_request(struct pane_checklist *pc, const struct pane_pos *pos,
				enum request req)
{
	switch (req) {
	case REQ_STEP_UP:
	case REQ_STEP_DOWN:
		cursor_move(pc, req == REQ_STEP_DOWN ? 1 : -1, pos);
		return HR_REDRAW;
	case REQ_NEXT_STEP:
	case REQ_PREV_STEP:
		if (!cursor_jump(pc, req == REQ_NEXT_STEP ? 1 : -1, pos))
			view_message(pos->app, false, "%s", !pc->sc.n
				     ? _("This article has no steps")
				     : req == REQ_NEXT_STEP ? _("No step below")
				     : _("No step above"));
		return HR_REDRAW;
	case REQ_TOGGLE_STEP:
		return toggle(pc, pos);
	case REQ_NOTE:
		return note_open(pc, pos);
	case REQ_EXPORT:
		return export_open(pc, pos);
	case REQ_RESET:
		return reset_open(pc, pos);
	default:
		return HR_UNHANDLED;
	}
}

unsigned pane_checklist_click(struct pane_checklist *pc, const struct pane_pos *pos,
			      size_t li, size_t off)
{
	const struct layout_line *l;
	size_t i;

	if (!pos->lay || li >= pos->lay->nlines)
		return HR_NONE;
	l = &pos->lay->lines[li];
	if (l->step < 0 || (size_t)l->step >= pc->sc.n)
		return HR_NONE;
	pc->sc.step = l->step;
	if (l->step_first && off != (size_t)-1) {
		for (i = 0; i < l->nsegs && l->segs[i].style != SEG_MARK; i++)
			;
		if (i < l->nsegs && l->text[l->segs[i].off] == '[' &&
		    off >= l->segs[i].off && off < l->segs[i].off + l->segs[i].len)
			return toggle(pc, pos);
	}
	return HR_REDRAW;
}

/* ---- Header and status line --------------------------------------------------------- */

char *pane_checklist_header(const struct pane_checklist *pc, const struct pane_pos *pos,
			    const char *where, int room)
{
	struct checklist *ck = pos->app->checklist;
	char *info = NULL;
	size_t done, total;
	int k;

	(void)pc;
	if (!pos->a || !checklist_enabled(ck) || !pos->a->nsteps)
		return xstrdup(where);
	done = checklist_done(ck, pos->a);
	total = pos->a->nsteps;
	for (k = 0; k < 4; k++) {
		free(info);
		if (k == 0 && !checklist_persistent(ck))
			info = xasprintf(_("%zu/%zu done, case %s (not saved)  %s"), done,
					 total, checklist_case(ck), where);
		else if (k <= 1)
			info = xasprintf(_("%zu/%zu done, case %s  %s"), done, total,
					 checklist_case(ck), where);
		else if (k == 2)
			info = xasprintf(_("%zu/%zu done  %s"), done, total, where);
		else
			info = xasprintf("%zu/%zu  %s", done, total, where);
		if (display_width(info, strlen(info)) <= room)
			break;
	}
	return info;
}

void pane_checklist_status(const struct pane_checklist *pc, const struct pane_pos *pos,
			   struct strbuf *sb)
{
	long st = pane_checklist_cursor(pc, *pos->top, pos->h);
	const char *label;
	char when[40];

	if (st == STEP_NONE || !pos->a || !checklist_enabled(pos->app->checklist))
		return;
	label = label_of(pc, st);
	checklist_done_at(pos->app->checklist, pos->a, pos->a->steps[st], when);
	if (*when && *label)
		sb_printf(sb, _("  Step %s: done %s"), label, when);
	else if (*when)
		sb_printf(sb, _("  This step: done %s"), when);
	else if (*label)
		sb_printf(sb, _("  Step %s: not done"), label);
	else
		sb_puts(sb, _("  This step: not done"));
}
