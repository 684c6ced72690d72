/* SPDX-License-Identifier: MIT */
/* view_help.c: the help screen, generated from the request list and the
 * keymaps in keys.c -- it cannot disagree with the real bindings. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "i18n.h"
#include "view.h"
#include "xalloc.h"

enum help_kind {
	HELP_BLANK,
	HELP_SECTION,
	HELP_BINDING,
	HELP_TEXT
};

struct help_line {
	enum help_kind kind;
	char *keys;               /* HELP_BINDING: "j, Down" */
	char *text;
};

/* A screen row: part of an entry's text, wrapped for the pane's width. */
struct help_row {
	size_t entry;
	size_t off, len;
	bool first;
};

struct help_view {
	struct view v;
	struct help_line *lines;
	size_t nlines, cap;
	struct help_row *rows;
	size_t n, rows_cap;       /* n: rows, what scrolls */
	int rows_width;
	size_t top;
	int keys_width;
};

static struct help_view *hv_of(struct view *v)
{
	return (struct help_view *)v;
}

static void add(struct help_view *hv, enum help_kind kind, char *keys, char *text)
{
	struct help_line *l;

	hv->lines = xgrow(hv->lines, &hv->cap, hv->nlines + 1, sizeof(*hv->lines));
	l = &hv->lines[hv->nlines++];
	l->kind = kind;
	l->keys = keys;
	l->text = text;
}

static char *key_of(enum keymap map, enum request req)
{
	struct key k;
	char buf[8];

	return xstrdup(keys_reach(map, req, &k) ? keys_name(k, buf) : "?");
}

static void build(struct help_view *hv)
{
	int map;

	for (map = 0; map < KEYMAP_COUNT; map++) {
		int req;

		if (hv->nlines)
			add(hv, HELP_BLANK, NULL, NULL);
		add(hv, HELP_SECTION, NULL, xstrdup(keys_map_name((enum keymap)map)));
		for (req = 1; req < REQ_COUNT; req++) {
			struct key keys[16];
			size_t n = keys_bound((enum keymap)map, (enum request)req, keys, 16), i;
			struct strbuf sb = STRBUF_INIT;
			int w;

			if (n == 0)
				continue;
			for (i = 0; i < n && i < 16; i++) {
				char buf[8];

				if (i)
					sb_puts(&sb, " ");
				sb_puts(&sb, keys_name(keys[i], buf));
			}
			w = display_width(sb_str(&sb), sb.len);
			if (w > hv->keys_width)
				hv->keys_width = w;
			add(hv, HELP_BINDING, sb_detach(&sb),
			    xstrdup(keys_request_help((enum request)req)));
		}
	}

	/* What the tables cannot say by themselves. */
	add(hv, HELP_BLANK, NULL, NULL);
	add(hv, HELP_SECTION, NULL, xstrdup(_("Searching")));
	{
		char *s = key_of(KEYMAP_LIST, REQ_SEARCH), *a = key_of(KEYMAP_ARTICLE, REQ_SEARCH);
		char *f = key_of(KEYMAP_ARTICLE, REQ_FIND), *n = key_of(KEYMAP_ARTICLE, REQ_FIND_NEXT);
		char *p = key_of(KEYMAP_ARTICLE, REQ_FIND_PREV);

		add(hv, HELP_TEXT, NULL, xasprintf(_("%s in the category pane or the list, or %s anywhere, searches all articles."), s, a));
		add(hv, HELP_TEXT, NULL, xasprintf(_("%s in an article finds within that article only; %s and %s move between the matches."), f, n, p));
		free(s);
		free(a);
		free(f);
		free(n);
		free(p);
	}
	add(hv, HELP_TEXT, NULL, xstrdup(_("Prompts: Left/Right, Home/End, C-a/C-e move; Backspace, Del, C-u, C-k, C-w delete.")));
	add(hv, HELP_TEXT, NULL, xstrdup(_("A search opened again shows the last query selected: typing replaces it, Right or End keeps it.")));
	add(hv, HELP_TEXT, NULL, xstrdup(_("Pasted text never acts as keys: it goes into the prompt that is open, else it is searched for.")));
	{
		char *c = key_of(KEYMAP_GENERIC, REQ_CASES), *m = key_of(KEYMAP_GENERIC, REQ_MOUSE);
		char *y = key_of(KEYMAP_ARTICLE, REQ_COPY);

		add(hv, HELP_TEXT, NULL, xasprintf(_("Ticks and notes belong to the case on the status line; %s switches, starts or deletes cases."), c));
		add(hv, HELP_TEXT, NULL, xasprintf(_("Mouse: a click selects (a second click opens), a click on a checkbox ticks it, the wheel scrolls; %s lets the terminal select text instead."), m));
		add(hv, HELP_TEXT, NULL, xasprintf(_("%s copies through the terminal (OSC 52), also over SSH; external links are hyperlinks where the terminal has them."), y));
		free(c);
		free(m);
		free(y);
	}
	if (hv->v.app->config_file)
		add(hv, HELP_TEXT, NULL, xasprintf(_("Keys, colours and the mouse can be set in %s (man enrollkb: CONFIGURATION)."),
						   hv->v.app->config_file));
	add(hv, HELP_TEXT, NULL, xstrdup(_("From the shell: enrollkb --search QUERY, enrollkb --show ID (see enrollkb --help).")));
}

static int page(struct view *v)
{
	int h = view_height(v);

	return h > 0 ? h : 1;
}

static size_t max_top(struct help_view *hv)
{
	size_t h = (size_t)page(&hv->v);

	return hv->n > h ? hv->n - h : 0;
}

/* Where the text of an entry starts, and how wide it may be. */
static int text_col(struct help_view *hv, const struct help_line *l, int width)
{
	int kw = hv->keys_width + 5;

	if (kw > width / 2)
		kw = width / 2;
	return l->kind == HELP_BINDING ? kw : l->kind == HELP_TEXT ? 3 : 1;
}

static void add_row(struct help_view *hv, size_t entry, size_t off, size_t len,
		    bool first)
{
	hv->rows = xgrow(hv->rows, &hv->rows_cap, hv->n + 1, sizeof(*hv->rows));
	hv->rows[hv->n].entry = entry;
	hv->rows[hv->n].off = off;
	hv->rows[hv->n].len = len;
	hv->rows[hv->n].first = first;
	hv->n++;
}

/* Word-wraps every entry for width columns. */
static void reflow(struct help_view *hv, int width)
{
	size_t e;

	hv->n = 0;
	hv->rows_width = width;
	for (e = 0; e < hv->nlines; e++) {
		const struct help_line *l = &hv->lines[e];
		const char *t = l->text ? l->text : "";
		size_t len = strlen(t), off = 0;
		int room = width - text_col(hv, l, width) - 1;
		bool first = true;

		if (room < 10)
			room = 10;
		do {
			size_t fit = display_fit(t + off, len - off, room), cut = fit;

			if (off + fit < len) {
				while (cut > 0 && t[off + cut] != ' ')
					cut--;
				if (cut == 0)
					cut = fit ? fit : 1;
			}
			add_row(hv, e, off, cut, first);
			first = false;
			off += cut;
			while (off < len && t[off] == ' ')
				off++;
		} while (off < len);
	}
}

static void hv_resize(struct view *v, const struct screen_rect *r)
{
	struct help_view *hv = hv_of(v);

	v->rect = *r;
	if (r->w <= 0 || r->h <= 0)
		return;
	if (r->w != hv->rows_width) {
		/* Keep the entry at the top in view across the reflow. */
		size_t entry = hv->n ? hv->rows[hv->top].entry : 0, i;

		reflow(hv, r->w);
		hv->top = 0;
		for (i = 0; i < hv->n; i++)
			if (hv->rows[i].entry == entry && hv->rows[i].first) {
				hv->top = i;
				break;
			}
	}
	if (hv->top > max_top(hv))
		hv->top = max_top(hv);
}

static void hv_draw(struct view *v, bool focused)
{
	struct help_view *hv = hv_of(v);
	struct screen_rect body = view_body(v);
	size_t i;

	draw_header(&v->rect, _("Help: keys"), PACKAGE_STRING, focused);
	for (i = hv->top; i < hv->n && (int)(i - hv->top) < body.h; i++) {
		const struct help_row *r = &hv->rows[i];
		const struct help_line *l = &hv->lines[r->entry];
		int row = (int)(i - hv->top), col = text_col(hv, l, body.w);

		switch (l->kind) {
		case HELP_SECTION:
			draw_text(&body, row, col, (enum draw_type)LINE_HEADING, DT_DEFAULT,
				  l->text + r->off, r->len);
			break;
		case HELP_BINDING:
			if (r->first) {
				struct screen_rect keys = body;

				keys.w = col - 1;
				draw_str(&keys, row, 3, DT_HELP_KEY, l->keys);
			}
			/* fall through */
		case HELP_TEXT:
			draw_text(&body, row, col, DT_DEFAULT, DT_DEFAULT,
				  l->text + r->off, r->len);
			break;
		case HELP_BLANK:
		default:
			break;
		}
	}
}

static struct hr hv_request(struct view *v, enum request req)
{
	struct help_view *hv = hv_of(v);
	size_t p = (size_t)page(v), step = p > 1 ? p - 1 : 1;

	switch (req) {
	case REQ_MOVE_UP:
		if (hv->top)
			hv->top--;
		return hr_flags(HR_REDRAW);
	case REQ_MOVE_DOWN:
		if (hv->top < max_top(hv))
			hv->top++;
		return hr_flags(HR_REDRAW);
	case REQ_PAGE_UP:
		hv->top = hv->top > step ? hv->top - step : 0;
		return hr_flags(HR_REDRAW);
	case REQ_PAGE_DOWN:
		hv->top = hv->top + step < max_top(hv) ? hv->top + step : max_top(hv);
		return hr_flags(HR_REDRAW);
	case REQ_MOVE_FIRST:
		hv->top = 0;
		return hr_flags(HR_REDRAW);
	case REQ_MOVE_LAST:
		hv->top = max_top(hv);
		return hr_flags(HR_REDRAW);
	case REQ_HELP:
	case REQ_CANCEL:
		return hr_intent(INTENT_CLOSE, 0);
	case REQ_ENTER:
	case REQ_FOCUS_NEXT:
	case REQ_FOCUS_PREV:
		return hr_flags(HR_NONE);
	default:
		return hr_flags(HR_UNHANDLED);
	}
}

static void hv_status(struct view *v, struct strbuf *sb)
{
	struct help_view *hv = hv_of(v);
	size_t last = hv->top + (size_t)page(v);

	sb_printf(sb, _("Help: lines %zu-%zu of %zu"), hv->top + 1,
		  last < hv->n ? last : hv->n, hv->n);
}

static void hv_done(struct view *v)
{
	struct help_view *hv = hv_of(v);
	size_t i;

	for (i = 0; i < hv->nlines; i++) {
		free(hv->lines[i].keys);
		free(hv->lines[i].text);
	}
	free(hv->lines);
	free(hv->rows);
	free(hv);
}

static const enum request hv_hints[] = {
	REQ_PAGE_DOWN, REQ_CLOSE, REQ_NONE
};

static struct view *hv_create(struct app *app)
{
	struct help_view *hv = xcalloc(1, sizeof(*hv));

	hv->v.ops = &help_view_ops;
	hv->v.app = app;
	build(hv);
	reflow(hv, 80);
	return &hv->v;
}

const struct view_ops help_view_ops = {
	.name = "help",
	.keymap = KEYMAP_HELP,
	.create = hv_create,
	.resize = hv_resize,
	.draw = hv_draw,
	.request = hv_request,
	.status = hv_status,
	.hints = hv_hints,
	.done = hv_done,
};
