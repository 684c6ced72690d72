/* SPDX-License-Identifier: MIT */
/* view_article.c: the article pane -- an article laid out by layout.c for
 * the pane's width, scrolled like less, with selectable links, a history
 * of visited articles (back/forward, like info), "/" to find within the
 * article (n/N between matches, highlighted) and the case's checklist:
 * a checkbox on every step, a step cursor (Up/Down go from step to step
 * while steps are on screen, as links in lynx; scrolling takes it along),
 * ticks, notes, reset and export (view_checklist.c; the store is core,
 * checklist.c).  "y" copies the selected link's URL, else the checklist
 * as Markdown, to the terminal's clipboard; external links are drawn as
 * hyperlinks.  As in less, Esc takes the highlight away but n/N still
 * find the last pattern.
 *
 * Previews (the list's selection shown while the list has the focus) are
 * not visits: only opening an article or following a link records one.
 * The reading position survives a change of width: it is kept as the
 * number of non-blank bytes above the top line, which wrapping does not
 * change, and found again in the new layout. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casefold.h"
#include "display.h"
#include "i18n.h"
#include "layout.h"
#include "view.h"
#include "view_checklist.h"
#include "xalloc.h"

#define NO_ANCHOR ((size_t)-1)

struct visit {
	size_t article;
	size_t anchor;            /* see anchor_of() */
	int link;
	long step;                /* the step cursor */
};

struct line_matches {
	struct search_match *m;
	size_t n;
};

struct article_view {
	struct view v;
	size_t article;           /* shown, or NO_ARTICLE */
	bool visit;               /* showing hist[cur] (not a preview) */

	struct layout *lay;
	size_t lay_article;
	int lay_width;
	unsigned lay_gen;         /* checklist generation it shows */
	struct layout_checklist cl;
	int last_width;           /* text width of the pane when last shown */
	size_t top;
	size_t pending_anchor;    /* applied by the next layout */
	int link;                 /* selected link, -1 = none */

	struct visit *hist;
	size_t nhist, hist_cap, cur;

	/* "/": the active pattern, its query and its matches per layout line */
	char *find;
	char *last_find;          /* the pattern n/N find after Esc */
	struct search_query *q;
	struct line_matches *lm;
	size_t nmatches;
	bool has_cur;
	size_t cur_line, cur_idx;
	bool wrapped;             /* the last n/N went round the end */

	bool prompting;           /* "/" (the checklist has prompts of its own) */
	struct input_line input;
	char *saved_find;
	size_t saved_top;
	bool saved_has_cur;
	size_t saved_line, saved_idx;

	struct pane_checklist ck; /* the step cursor, tick/note/export/reset */
};

static struct article_view *av_of(struct view *v)
{
	return (struct article_view *)v;
}

static int page_height(struct article_view *av)
{
	int h = view_height(&av->v);

	return h > 0 ? h : 20;
}

static size_t max_top(struct article_view *av)
{
	size_t h = (size_t)page_height(av);

	return av->lay && av->lay->nlines > h ? av->lay->nlines - h : 0;
}

/* ---- Reading position across widths --------------------------------------- */

static size_t solid_bytes(const struct layout_line *l)
{
	size_t i, n = 0;

	if (l->type == LINE_TABLE_RULE)
		return 0;
	for (i = 0; i < l->len; i++)
		n += l->text[i] != ' ';
	return n;
}

static size_t anchor_of(const struct layout *lay, size_t top)
{
	size_t i, n = 0;

	for (i = 0; i < top && i < lay->nlines; i++)
		n += solid_bytes(&lay->lines[i]);
	return n;
}

static size_t top_for_anchor(const struct layout *lay, size_t anchor)
{
	size_t i, acc = 0, best = 0;

	if (anchor == 0)
		return 0;
	for (i = 0; i < lay->nlines; i++) {
		if (acc > anchor)
			break;
		best = i;
		acc += solid_bytes(&lay->lines[i]);
	}
	return best;
}

/* ---- Finding ------------------------------------------------------------------ */

static void matches_free(struct article_view *av)
{
	size_t i;

	if (av->lm && av->lay)
		for (i = 0; i < av->lay->nlines; i++)
			free(av->lm[i].m);
	free(av->lm);
	av->lm = NULL;
	av->nmatches = 0;
	av->has_cur = false;
}

static void matches_compute(struct article_view *av)
{
	size_t i;
	const char *pat;
	struct casefold_pattern *cp;

	matches_free(av);
	if (!av->find || !av->lay || av->lay->nlines == 0)
		return;
	av->lm = xcalloc(av->lay->nlines, sizeof(*av->lm));
	if (av->q)
		for (i = 0; i < av->lay->nlines; i++) {
			const struct layout_line *l = &av->lay->lines[i];

			av->lm[i].n = search_query_matches(av->q, l->text, l->len,
							   &av->lm[i].m);
			av->nmatches += av->lm[i].n;
		}
	if (av->nmatches)
		return;
	/* No word the search engine knows (a fragment such as "0x8010"):
	 * plain substrings, case folded for all of Unicode. */
	pat = av->find;
	while (*pat == ' ')
		pat++;
	cp = casefold_compile(pat);
	for (i = 0; i < av->lay->nlines; i++) {
		const struct layout_line *l = &av->lay->lines[i];

		free(av->lm[i].m);
		av->lm[i].n = casefold_matches(cp, l->text, l->len, &av->lm[i].m);
		av->nmatches += av->lm[i].n;
	}
	casefold_free(cp);
}

static void find_set(struct article_view *av, const char *pattern)
{
	if (pattern && !*pattern)
		pattern = NULL;
	if ((!pattern && !av->find) ||
	    (pattern && av->find && strcmp(pattern, av->find) == 0))
		return;
	search_query_free(av->q);
	av->q = NULL;
	free(av->find);
	av->find = pattern ? xstrdup(pattern) : NULL;
	if (av->find) {
		free(av->last_find);
		av->last_find = xstrdup(av->find);
		av->q = search_query_new(av->v.app->idx, av->find);
	}
	matches_compute(av);
}

static void scroll_to_line(struct article_view *av, size_t line)
{
	size_t h = (size_t)page_height(av);

	if (line < av->top || line >= av->top + h) {
		/* A little context above, as less leaves none and that
		 * hides the heading the match is under. */
		av->top = line > 2 ? line - 2 : 0;
		if (av->top > max_top(av))
			av->top = max_top(av);
	}
}

/* Matches on the lines above line. */
static size_t matches_before(const struct article_view *av, size_t line)
{
	size_t i, n = 0;

	for (i = 0; i < line && i < av->lay->nlines; i++)
		n += av->lm[i].n;
	return n;
}

static size_t match_ordinal(struct article_view *av)
{
	return matches_before(av, av->cur_line) + av->cur_idx + 1;
}

static void match_goto(struct article_view *av, size_t ordinal)
{
	size_t i;

	for (i = 0; i < av->lay->nlines; i++) {
		if (ordinal < av->lm[i].n) {
			av->cur_line = i;
			av->cur_idx = ordinal;
			av->has_cur = true;
			return;
		}
		ordinal -= av->lm[i].n;
	}
}

/* Moves to the next (dir > 0) or previous match: from the current match
 * while it is on screen, else from the top of the screen, like less.
 * inclusive: the current match itself will do (typing a pattern). */
static bool find_move(struct article_view *av, int dir, bool inclusive)
{
	size_t total = av->nmatches, h = (size_t)page_height(av), from;
	bool wrapped = false;
	size_t target;

	if (!av->lay || !total)
		return false;
	if (av->has_cur && av->cur_line >= av->top && av->cur_line < av->top + h) {
		from = match_ordinal(av) - 1;
		if (dir > 0)
			target = inclusive ? from : from + 1;
		else if (from == 0)
			wrapped = true, target = total - 1;
		else
			target = from - 1;
	} else {
		from = matches_before(av, av->top);
		if (dir > 0)
			target = from;
		else if (from == 0)
			wrapped = true, target = total - 1;
		else
			target = from - 1;
	}
	if (target >= total) {
		target = 0;
		wrapped = true;
	}
	match_goto(av, target);
	scroll_to_line(av, av->cur_line);
	av->wrapped = wrapped && !inclusive;
	return true;
}

/* ---- Showing an article -------------------------------------------------------- */

static int text_width(struct article_view *av)
{
	int w = av->v.rect.w > 0 ? av->v.rect.w - 2 : av->last_width;

	if (w <= 0)
		w = 78;
	return w < 20 ? 20 : w;
}

static unsigned checklist_gen(struct article_view *av)
{
	struct checklist *ck = av->v.app->checklist;

	return checklist_enabled(ck) ? checklist_generation(ck) : 0;
}

static void follow(struct article_view *av)
{
	pane_checklist_follow(&av->ck, av->top, (size_t)page_height(av));
}

/* What the checklist part needs to know of the pane. */
static struct pane_pos pos_of(struct article_view *av)
{
	struct pane_pos pos;

	pos.app = av->v.app;
	pos.a = av->article == NO_ARTICLE ? NULL : av->v.app->kb->articles[av->article];
	pos.lay = av->lay;
	pos.top = &av->top;
	pos.h = (size_t)page_height(av);
	pos.max_top = max_top(av);
	return pos;
}

static void ensure_layout(struct article_view *av)
{
	const struct kb *kb = av->v.app->kb;
	const struct kb_article *a;
	struct layout_opts opts;
	size_t anchor = 0;
	int width = text_width(av);
	unsigned gen = checklist_gen(av);
	bool same, ticks_only, had_cur;
	long kept = STEP_NONE, delta = 0;
	size_t ordinal = 0;

	if (av->article == NO_ARTICLE) {
		matches_free(av);
		layout_free(av->lay);
		av->lay = NULL;
		av->lay_article = NO_ARTICLE;
		pane_checklist_index(&av->ck, NULL, NULL);
		return;
	}
	same = av->lay && av->lay_article == av->article;
	if (same && av->lay_width == width && av->lay_gen == gen)
		return;
	ticks_only = same && av->lay_width == width;
	if (ticks_only)
		kept = pane_checklist_anchor(&av->ck, av->top, (size_t)page_height(av), &delta);
	else if (same)
		anchor = anchor_of(av->lay, av->top);
	else
		anchor = av->pending_anchor;
	a = kb->articles[av->article];
	/* Ticks and notes change lines, not the matches before the current
	 * one: it stays current. */
	had_cur = av->has_cur && av->lm;
	if (had_cur)
		ordinal = match_ordinal(av) - 1;
	matches_free(av);
	layout_free(av->lay);
	memset(&opts, 0, sizeof(opts));
	opts.width = width;
	opts.ascii = av->v.app->ascii;
	opts.checklist = checklist_layout(av->v.app->checklist, a, &av->cl);
	av->lay = layout_article(kb, a, &opts);
	av->lay_article = av->article;
	av->lay_width = width;
	av->lay_gen = gen;
	av->pending_anchor = 0;
	pane_checklist_index(&av->ck, a, av->lay);
	if (ticks_only)
		av->top = pane_checklist_top(&av->ck, kept, delta, av->top,
					     (size_t)page_height(av), max_top(av));
	else
		av->top = anchor == NO_ANCHOR ? 0 : top_for_anchor(av->lay, anchor);
	if (av->top > max_top(av))
		av->top = max_top(av);
	if (av->link >= 0 && (size_t)av->link >= av->lay->nlinks)
		av->link = -1;
	matches_compute(av);
	if (had_cur && ticks_only && ordinal < av->nmatches)
		match_goto(av, ordinal);
	follow(av);
}

static void show(struct article_view *av, size_t article, size_t anchor, int link,
		 long step)
{
	av->article = article;
	av->pending_anchor = anchor;
	av->link = link;
	av->ck.sc.step = step;
	av->top = 0;
	av->has_cur = false;
	/* Forces a new layout even for the same article (new anchor). */
	av->lay_article = NO_ARTICLE;
	ensure_layout(av);
}

static void save_position(struct article_view *av)
{
	struct visit *h;

	if (!av->visit || !av->nhist)
		return;
	h = &av->hist[av->cur];
	if (h->article != av->article || !av->lay)
		return;
	h->anchor = anchor_of(av->lay, av->top);
	h->link = av->link;
	h->step = av->ck.sc.step;
}

static void go_history(struct article_view *av, size_t pos)
{
	save_position(av);
	av->cur = pos;
	av->visit = true;
	show(av, av->hist[pos].article, av->hist[pos].anchor, av->hist[pos].link,
	     av->hist[pos].step);
}

/* ---- Links ----------------------------------------------------------------------- */

static void av_open(struct view *v, size_t article);

static bool line_visible(struct article_view *av, size_t line)
{
	return line >= av->top && line < av->top + (size_t)page_height(av);
}

static unsigned select_link(struct article_view *av, int dir)
{
	const struct layout *lay = av->lay;
	int n, i;

	if (!lay || lay->nlinks == 0) {
		view_message(av->v.app, false, "%s", _("This article has no links"));
		return HR_REDRAW;
	}
	n = (int)lay->nlinks;
	if (av->link >= 0 && line_visible(av, lay->links[av->link].line)) {
		av->link = (av->link + dir + n) % n;
	} else {
		/* Start from what is on screen, not from where the selection
		 * was left pages ago. */
		int pick = -1;

		for (i = 0; i < n; i++) {
			int k = dir > 0 ? i : n - 1 - i;

			if (line_visible(av, lay->links[k].line)) {
				pick = k;
				break;
			}
		}
		if (pick < 0) {
			for (i = 0; i < n; i++) {
				int k = dir > 0 ? i : n - 1 - i;

				if (dir > 0 ? lay->links[k].line >= av->top
					    : lay->links[k].line < av->top) {
					pick = k;
					break;
				}
			}
		}
		av->link = pick >= 0 ? pick : (dir > 0 ? 0 : n - 1);
	}
	if (!line_visible(av, lay->links[av->link].line)) {
		size_t line = lay->links[av->link].line, h = (size_t)page_height(av);

		av->top = line < av->top ? line : line - h + 1;
		if (line >= av->top + h)
			av->top = line;
		if (av->top > max_top(av))
			av->top = max_top(av);
	}
	return HR_REDRAW;
}

static unsigned follow_link(struct article_view *av)
{
	const struct kb *kb = av->v.app->kb;
	const struct layout_link *l;
	size_t target;

	if (!av->lay || av->link < 0 || (size_t)av->link >= av->lay->nlinks) {
		struct key k;
		char buf[8];

		if (keys_reach(KEYMAP_ARTICLE, REQ_NEXT_LINK, &k))
			view_message(av->v.app, false, _("No link selected: %s moves between links"),
				     keys_name(k, buf));
		return HR_REDRAW;
	}
	l = &av->lay->links[av->link];
	if (!l->target) {
		view_message(av->v.app, true, "%s", _("This link's target is missing from the knowledge base"));
		return HR_REDRAW;
	}
	if (l->external) {
		view_message(av->v.app, false, _("Open in a browser elsewhere (y copies it): %s"), l->target);
		return HR_REDRAW;
	}
	target = kb_find(kb, l->target);
	if (target == NO_ARTICLE) {
		view_message(av->v.app, true, _("No article '%s' is loaded"), l->target);
		return HR_REDRAW;
	}
	/* In this pane, as a visit: the focus stays here. */
	av_open(&av->v, target);
	return HR_REDRAW;
}

/* ---- Drawing ---------------------------------------------------------------------- */

/* On the step cursor's lines only the selected link keeps its look: the
 * bar reads as one piece. */
static enum draw_type seg_type(const struct article_view *av, const struct layout_seg *s,
			       bool cursor)
{
	if (s->link >= 0 && s->link == av->link)
		return DT_LINK_SELECTED;
	if (cursor)
		return DT_DEFAULT;
	return s->style == SEG_PLAIN ? DT_DEFAULT : (enum draw_type)(DT_SEG + s->style);
}

/* Draws text[from, to) of a line in pieces split at match boundaries;
 * url: they are (part of) a link to it. */
static int draw_piece(struct article_view *av, const struct screen_rect *r,
		      int row, int col, size_t li, size_t from, size_t to,
		      enum draw_type base, enum draw_type over, const char *url)
{
	const struct layout_line *l = &av->lay->lines[li];
	const struct line_matches *lm = av->lm ? &av->lm[li] : NULL;

	while (from < to) {
		size_t stop = to, k;
		enum draw_type t = over;

		for (k = 0; lm && k < lm->n; k++) {
			size_t ms = lm->m[k].off, me = ms + lm->m[k].len;

			if (from >= ms && from < me) {
				stop = me < to ? me : to;
				if (over != DT_LINK_SELECTED)
					t = av->has_cur && av->cur_line == li && av->cur_idx == k
					    ? DT_MATCH_CURRENT : DT_MATCH;
				break;
			}
			if (ms > from && ms < stop)
				stop = ms;
		}
		col = draw_link(r, row, col, base, t, l->text + from, stop - from, url);
		from = stop;
	}
	return col;
}

/* The URL a segment links to, when it is part of an external link. */
static const char *external_url(const struct article_view *av, const struct layout_seg *s)
{
	const struct layout_link *l;

	if (s->link < 0 || (size_t)s->link >= av->lay->nlinks)
		return NULL;
	l = &av->lay->links[s->link];
	return l->external ? l->target : NULL;
}

/* cursor: the line is part of the step under the cursor, drawn as a bar
 * from column bar (the step's indentation) to the end of the text. */
static void draw_line(struct article_view *av, const struct screen_rect *r,
		      int row, size_t li, bool cursor, int bar)
{
	const struct layout_line *l = &av->lay->lines[li];
	enum draw_type base = l->type < LINE_TYPE_COUNT ? (enum draw_type)l->type : DT_DEFAULT;
	size_t at = 0, i;
	int col = 1;

	if (cursor) {
		struct screen_rect fill = *r;

		base = DT_STEP_CURSOR;
		fill.w = r->w - 1;
		draw_fill(&fill, row, bar, base);
		/* The indentation stays outside the bar. */
		while (at < l->len && (int)at < bar - 1 && l->text[at] == ' ')
			at++;
		col += (int)at;
	}
	for (i = 0; i < l->nsegs; i++) {
		const struct layout_seg *s = &l->segs[i];
		size_t start = s->off > at ? s->off : at, end = s->off + s->len;

		if (s->off > at)
			col = draw_piece(av, r, row, col, li, at, s->off, base, DT_DEFAULT, NULL);
		if (end > l->len)
			end = l->len;
		if (start < end)
			col = draw_piece(av, r, row, col, li, start, end, base,
					 seg_type(av, s, cursor), external_url(av, s));
		if (end > at)
			at = end;
	}
	if (at < l->len)
		draw_piece(av, r, row, col, li, at, l->len, base, DT_DEFAULT, NULL);
}

/* The header's right-hand side: the checklist's progress and case (as
 * much as leaves the id readable), then the lines shown. */
static char *header_info(struct article_view *av, const struct screen_rect *body,
			 const char *title)
{
	struct pane_pos pos = pos_of(av);
	char where[64];
	int tw = display_width(title, strlen(title));

	if (av->lay->nlines == 0)
		snprintf(where, sizeof(where), "0/0");
	else
		snprintf(where, sizeof(where), "%zu-%zu/%zu", av->top + 1,
			 av->top + (size_t)body->h < av->lay->nlines
			 ? av->top + (size_t)body->h : av->lay->nlines,
			 av->lay->nlines);
	return pane_checklist_header(&av->ck, &pos, where,
				     av->v.rect.w - 3 - (tw < 20 ? tw : 20));
}

static void av_draw(struct view *v, bool focused)
{
	struct article_view *av = av_of(v);
	struct screen_rect body = view_body(v);
	const struct kb *kb = v->app->kb;
	const char *title;
	char *info;
	size_t i, h;
	long st;
	int bar = 1;

	if (v->rect.w > 2)
		av->last_width = v->rect.w - 2;
	ensure_layout(av);
	if (!av->lay) {
		draw_header(&v->rect, _("Article"), NULL, focused);
		view_notice(&body, 0, _("Select an article to read it here."));
		return;
	}
	title = kb->articles[av->article]->id;
	info = header_info(av, &body, title);
	draw_header(&v->rect, title, info, focused);
	free(info);
	/* The cursor shows where keys act: only with the keyboard here. */
	h = (size_t)page_height(av);
	st = focused && !av->prompting ? pane_checklist_cursor(&av->ck, av->top, h) : STEP_NONE;
	if (st != STEP_NONE) {
		const struct layout_line *fl = &av->lay->lines[av->ck.sc.first[st]];

		while ((size_t)(bar - 1) < fl->len && fl->text[bar - 1] == ' ')
			bar++;
	}
	for (i = av->top; i < av->lay->nlines && (int)(i - av->top) < body.h; i++) {
		const struct layout_line *l = &av->lay->lines[i];
		bool on = st != STEP_NONE && l->step == st &&
			  (l->type == LINE_STEP || l->type == LINE_STEP_NOTE);

		draw_line(av, &body, (int)(i - av->top), i, on, bar);
	}
}

/* ---- Requests ------------------------------------------------------------------------ */

static void prompt_open(struct article_view *av)
{
	av->prompting = true;
	input_set(&av->input, "");
	free(av->saved_find);
	av->saved_find = av->find ? xstrdup(av->find) : NULL;
	av->saved_top = av->top;
	av->saved_has_cur = av->has_cur;
	av->saved_line = av->cur_line;
	av->saved_idx = av->cur_idx;
}

static void prompt_typed(struct article_view *av)
{
	av->top = av->saved_top;
	av->has_cur = false;
	av->wrapped = false;
	find_set(av, input_text(&av->input));
	if (av->nmatches)
		find_move(av, 1, true);
}

static void prompt_close(struct article_view *av, bool accept)
{
	av->prompting = false;
	if (accept && !*input_text(&av->input) && av->last_find) {
		/* An empty pattern repeats the last one, as in less. */
		char *last = xstrdup(av->last_find);

		find_set(av, last);
		free(last);
		find_move(av, 1, false);
	} else if (!accept) {
		find_set(av, av->saved_find);
		av->top = av->saved_top;
		av->has_cur = av->find && av->saved_has_cur && av->lay &&
			      av->saved_line < av->lay->nlines &&
			      av->saved_idx < av->lm[av->saved_line].n;
		av->cur_line = av->saved_line;
		av->cur_idx = av->saved_idx;
	} else if (av->find && !av->nmatches) {
		view_message(av->v.app, true, _("Pattern not found: %s"), av->find);
	}
	free(av->saved_find);
	av->saved_find = NULL;
}

static struct hr av_key(struct view *v, struct key key)
{
	struct article_view *av = av_of(v);

	if (!av->prompting) {
		struct pane_pos pos = pos_of(av);

		return hr_flags(pane_checklist_key(&av->ck, &pos, key));
	}
	switch (input_prompt_key(&av->input, key, v->app->ascii)) {
	case INPUT_CHANGED:
		prompt_typed(av);
		break;
	case INPUT_ACCEPT:
		prompt_close(av, true);
		break;
	case INPUT_CANCEL:
		prompt_close(av, false);
		break;
	default:
		/* Anything else is swallowed: the prompt has the keyboard. */
		break;
	}
	follow(av);
	return hr_flags(HR_REDRAW);
}

/* "y": the selected link's URL (an article link: its id), else the
 * article's checklist as Markdown, to the terminal's clipboard. */
static unsigned copy(struct article_view *av)
{
	struct app *app = av->v.app;
	const struct kb_article *a;
	struct strbuf sb = STRBUF_INIT;
	const char *why = NULL, *what;

	if (!av->lay)
		return HR_NONE;
	a = app->kb->articles[av->article];
	if (av->link >= 0 && (size_t)av->link < av->lay->nlinks &&
	    av->lay->links[av->link].target) {
		sb_puts(&sb, av->lay->links[av->link].target);
		what = av->lay->links[av->link].external ? _("the link's URL") : _("the linked article's id");
	} else if (checklist_enabled(app->checklist) && a->nsteps) {
		checklist_markdown(app->checklist, a, &sb);
		what = _("the checklist as Markdown");
	} else {
		view_message(app, false, "%s", _("Nothing to copy: select a link (Tab) or open an article with steps"));
		return HR_REDRAW;
	}
	if (display_copy(sb_str(&sb), sb.len, &why))
		view_message(app, false, _("Copied %s to the clipboard (%zu bytes, OSC 52)"), what, sb.len);
	else
		view_message(app, true, _("Not copied: %s"), why);
	sb_free(&sb);
	return HR_REDRAW;
}

static unsigned scroll(struct article_view *av, size_t top)
{
	av->top = top < max_top(av) ? top : max_top(av);
	return HR_REDRAW;
}

static struct hr av_request(struct view *v, enum request req)
{
	struct article_view *av = av_of(v);
	size_t h = (size_t)page_height(av), page = h > 1 ? h - 1 : 1;
	struct pane_pos pos;
	unsigned r;

	ensure_layout(av);
	pos = pos_of(av);
	r = pane_checklist_request(&av->ck, &pos, req);
	if (!(r & HR_UNHANDLED))
		return hr_flags(r);
	switch (req) {
	case REQ_MOVE_UP:        /* the mouse wheel */
	case REQ_SCROLL_UP:
		r = scroll(av, av->top > 0 ? av->top - 1 : 0);
		break;
	case REQ_MOVE_DOWN:
	case REQ_SCROLL_DOWN:
		r = scroll(av, av->top + 1);
		break;
	case REQ_PAGE_UP:
		r = scroll(av, av->top > page ? av->top - page : 0);
		break;
	case REQ_PAGE_DOWN:
		r = scroll(av, av->top + page);
		break;
	case REQ_MOVE_FIRST:
		r = scroll(av, 0);
		break;
	case REQ_MOVE_LAST:
		r = scroll(av, max_top(av));
		break;
	case REQ_NEXT_LINK:
		r = select_link(av, 1);
		break;
	case REQ_PREV_LINK:
		r = select_link(av, -1);
		break;
	case REQ_ENTER:
		return hr_flags(follow_link(av));
	case REQ_BACK:
		if (av->visit && av->cur > 0) {
			go_history(av, av->cur - 1);
			return hr_flags(HR_REDRAW);
		}
		return hr_intent(INTENT_FOCUS, SLOT_LIST);
	case REQ_FORWARD:
		if (av->visit && av->cur + 1 < av->nhist) {
			go_history(av, av->cur + 1);
			return hr_flags(HR_REDRAW);
		}
		view_message(v->app, false, "%s", _("No later article to go forward to"));
		return hr_flags(HR_REDRAW);
	case REQ_FIND:
		if (!av->lay)
			return hr_flags(HR_NONE);
		prompt_open(av);
		return hr_flags(HR_REDRAW);
	case REQ_FIND_NEXT:
	case REQ_FIND_PREV:
		if (!av->find && av->last_find) {
			/* After Esc, as in less: the highlight comes back. */
			char *last = xstrdup(av->last_find);

			find_set(av, last);
			free(last);
		}
		if (!av->find) {
			struct key k;
			char buf[8];

			if (keys_reach(KEYMAP_ARTICLE, REQ_FIND, &k))
				view_message(v->app, false, _("No pattern yet: %s finds in the article"),
					     keys_name(k, buf));
			return hr_flags(HR_REDRAW);
		}
		if (!find_move(av, req == REQ_FIND_NEXT ? 1 : -1, false))
			view_message(v->app, true, _("Pattern not found: %s"), av->find);
		r = HR_REDRAW;
		break;
	case REQ_COPY:
		return hr_flags(copy(av));
	case REQ_CANCEL:
		if (av->find || av->link >= 0) {
			find_set(av, NULL);
			av->link = -1;
			return hr_flags(HR_REDRAW);
		}
		return hr_flags(HR_UNHANDLED);
	default:
		return hr_flags(HR_UNHANDLED);
	}
	/* Scrolling takes the step cursor along. */
	follow(av);
	return hr_flags(r);
}

/* The byte offset of display column col of line li, or (size_t)-1. */
static size_t offset_at(const struct layout_line *l, int col)
{
	size_t at = 0;
	int w = 0;

	while (at < l->len) {
		size_t next = at + 1;

		while (next < l->len && ((unsigned char)l->text[next] & 0xC0) == 0x80)
			next++;
		w += display_width(l->text + at, next - at);
		if (w > col)
			return at;
		at = next;
	}
	return (size_t)-1;
}

static struct hr av_click(struct view *v, int col, int row)
{
	struct article_view *av = av_of(v);
	const struct layout_line *l;
	size_t li = av->top + (size_t)row, off, i;
	struct pane_pos pos;

	ensure_layout(av);
	if (!av->lay || row < 0 || li >= av->lay->nlines)
		return hr_flags(HR_NONE);
	l = &av->lay->lines[li];
	off = offset_at(l, col - 1);
	for (i = 0; off != (size_t)-1 && i < l->nsegs; i++) {
		const struct layout_seg *s = &l->segs[i];

		if (off >= s->off && off < s->off + s->len && s->link >= 0) {
			if (s->link == av->link)
				return hr_flags(follow_link(av));
			av->link = s->link;
			return hr_flags(HR_REDRAW);
		}
	}
	pos = pos_of(av);
	return hr_flags(pane_checklist_click(&av->ck, &pos, li, off));
}

static void av_status(struct view *v, struct strbuf *sb)
{
	struct article_view *av = av_of(v);
	const struct kb *kb = v->app->kb;

	ensure_layout(av);
	if (!av->lay)
		return;
	if (av->link >= 0 && (size_t)av->link < av->lay->nlinks) {
		const struct layout_link *l = &av->lay->links[av->link];
		size_t t;

		if (!l->target)
			sb_printf(sb, _("[%d] (missing target)"), l->number);
		else if (l->external)
			sb_printf(sb, "[%d] %s", l->number, l->target);
		else if ((t = kb_find(kb, l->target)) != NO_ARTICLE)
			sb_printf(sb, _("[%d] -> %s (Enter opens)"), l->number,
				  kb->articles[t]->title);
		else
			sb_printf(sb, "[%d] %s", l->number, l->target);
		return;
	}
	if (av->find) {
		if (!av->nmatches)
			sb_printf(sb, _("\"%s\": no match"), av->find);
		else if (av->has_cur && av->wrapped)
			sb_printf(sb, _("\"%s\": match %zu of %zu (went round the end)"),
				  av->find, match_ordinal(av), av->nmatches);
		else if (av->has_cur)
			sb_printf(sb, _("\"%s\": match %zu of %zu (n/N)"), av->find,
				  match_ordinal(av), av->nmatches);
		else
			sb_printf(sb, ngettext("\"%s\": %zu match (n/N)", "\"%s\": %zu matches (n/N)",
					       av->nmatches), av->find, av->nmatches);
		return;
	}
	/* The header has the id and the lines; say how far, like less. */
	if (av->lay->nlines) {
		size_t last = av->top + (size_t)page_height(av);
		struct pane_pos pos = pos_of(av);

		if (last > av->lay->nlines)
			last = av->lay->nlines;
		sb_printf(sb, "%zu%%", last * 100 / av->lay->nlines);
		pane_checklist_status(&av->ck, &pos, sb);
		if (av->visit && av->nhist > 1)
			sb_printf(sb, _("  (article %zu of %zu visited)"), av->cur + 1, av->nhist);
	}
}

static bool av_prompt(struct view *v, const char **label, const struct input_line **in,
		      struct strbuf *info)
{
	struct article_view *av = av_of(v);

	if (!av->prompting)
		return pane_checklist_prompt(&av->ck, label, in);
	*label = "/";
	*in = &av->input;
	/* How many there are, as the pattern is typed. */
	if (av->find && !av->nmatches)
		sb_puts(info, _("no match"));
	else if (av->find && av->has_cur)
		sb_printf(info, _("match %zu of %zu"), match_ordinal(av), av->nmatches);
	return true;
}

static struct hr av_paste(struct view *v, const char *text)
{
	struct article_view *av = av_of(v);

	if (!av->prompting) {
		struct pane_pos pos = pos_of(av);

		return hr_flags(pane_checklist_paste(&av->ck, &pos, text));
	}
	if (input_paste(&av->input, text, v->app->ascii) == INPUT_CHANGED) {
		prompt_typed(av);
		follow(av);
	}
	return hr_flags(HR_REDRAW);
}

static void av_resize(struct view *v, const struct screen_rect *r)
{
	struct article_view *av = av_of(v);

	v->rect = *r;
	if (r->w > 2)
		av->last_width = r->w - 2;
	if (r->w > 0 && r->h > 0) {
		ensure_layout(av);
		if (av->top > max_top(av))
			av->top = max_top(av);
		follow(av);
	}
}

static void av_done(struct view *v)
{
	struct article_view *av = av_of(v);

	matches_free(av);
	layout_free(av->lay);
	search_query_free(av->q);
	free(av->find);
	free(av->last_find);
	free(av->saved_find);
	input_free(&av->input);
	pane_checklist_free(&av->ck);
	free(av->hist);
	free(av);
}

static const enum request av_hints[] = {
	REQ_HELP, REQ_TOGGLE_STEP, REQ_NOTE, REQ_COPY, REQ_FIND, REQ_SEARCH, REQ_NEXT_LINK,
	REQ_BACK, REQ_CLOSE, REQ_NONE
};

static struct view *av_create(struct app *app)
{
	struct article_view *av = xcalloc(1, sizeof(*av));

	av->v.ops = &article_view_ops;
	av->v.app = app;
	av->article = NO_ARTICLE;
	av->lay_article = NO_ARTICLE;
	av->link = -1;
	av->ck.sc.step = STEP_NONE;
	return &av->v;
}

/* A preview: shows article without making it a visit. */
static void av_select(struct view *v, size_t article)
{
	struct article_view *av = av_of(v);

	save_position(av);
	av->visit = false;
	av->prompting = false;
	pane_checklist_cancel(&av->ck);
	if (article == av->article)
		return;
	show(av, article, 0, -1, STEP_NONE);
}

static void av_open(struct view *v, size_t article)
{
	struct article_view *av = av_of(v);
	bool same = article == av->article && av->lay;
	size_t anchor = same ? anchor_of(av->lay, av->top) : 0;
	int link = same ? av->link : -1;
	long step = same ? av->ck.sc.step : STEP_NONE;

	if (article == NO_ARTICLE)
		return;
	if (av->visit && av->nhist && av->hist[av->cur].article == article)
		return;
	save_position(av);
	/* A new visit drops the forward history, as in a web browser. */
	av->nhist = av->nhist ? av->cur + 1 : 0;
	av->hist = xgrow(av->hist, &av->hist_cap, av->nhist + 1, sizeof(*av->hist));
	av->hist[av->nhist].article = article;
	av->hist[av->nhist].anchor = anchor;
	av->hist[av->nhist].link = link;
	av->hist[av->nhist].step = step;
	av->cur = av->nhist++;
	av->visit = true;
	if (!same)
		show(av, article, 0, -1, STEP_NONE);
}

static size_t av_selected(struct view *v)
{
	return av_of(v)->article;
}

/* Highlights matches of query, as after "/". */
static void av_set_query(struct view *v, const char *query)
{
	struct article_view *av = av_of(v);

	find_set(av, query);
}

static size_t av_mark(struct view *v)
{
	struct article_view *av = av_of(v);

	return av->nhist ? av->cur : NO_ARTICLE;
}

static void av_restore(struct view *v, size_t pos)
{
	struct article_view *av = av_of(v);

	if (pos < av->nhist && (pos != av->cur || !av->visit ||
				av->article != av->hist[pos].article))
		go_history(av, pos);
}

const struct view_ops article_view_ops = {
	.name = "article",
	.keymap = KEYMAP_ARTICLE,
	.create = av_create,
	.resize = av_resize,
	.draw = av_draw,
	.request = av_request,
	.key = av_key,
	.click = av_click,
	.status = av_status,
	.prompt = av_prompt,
	.paste = av_paste,
	.hints = av_hints,
	.done = av_done,
	.selected = av_selected,
	.select = av_select,
	.open = av_open,
	.set_query = av_set_query,
	.mark = av_mark,
	.restore = av_restore,
};
