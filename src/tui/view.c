/* SPDX-License-Identifier: MIT */
/* view.c: what the views share -- the status message they leave for the
 * loop, and drawing helpers for the list-like views (titles with their
 * inline styles and search matches, checklist progress, empty-pane
 * notices). */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "checklist.h"
#include "display.h"
#include "view.h"

enum keymap view_keymap(struct view *v)
{
	return v->ops->keymap_now ? v->ops->keymap_now(v) : v->ops->keymap;
}

void view_message(struct app *app, bool error, const char *fmt, ...)
{
	va_list ap;

	sb_truncate(&app->msg, 0);
	va_start(ap, fmt);
	sb_vprintf(&app->msg, fmt, ap);
	va_end(ap);
	app->msg_error = error;
}

void view_checklist_message(struct app *app, struct checklist_msg *m)
{
	if (m->text.len)
		view_message(app, m->error, "%s", sb_str(&m->text));
	checklist_msg_free(m);
}

static enum draw_type span_type(enum kb_span_kind k)
{
	enum seg_style s = layout_span_style(k);

	return s == SEG_PLAIN ? DT_DEFAULT : (enum draw_type)(DT_SEG + s);
}

/* The match covering byte off of the plain text, if any; *end gets where
 * the current run (matched or not) stops. */
static bool in_match(const struct search_match *m, size_t nm, size_t off,
		     size_t *end)
{
	size_t i;

	*end = (size_t)-1;
	for (i = 0; i < nm; i++) {
		if (off >= m[i].off && off < m[i].off + m[i].len) {
			*end = m[i].off + m[i].len;
			return true;
		}
		if (m[i].off > off && m[i].off < *end)
			*end = m[i].off;
	}
	return false;
}

int view_draw_spans(const struct screen_rect *r, int row, int col, int width,
		    enum draw_type base, const struct kb_text *t,
		    const struct search_match *m, size_t nm, enum draw_type match,
		    bool code_first)
{
	struct screen_rect clip = *r;
	const char *ell = !display_utf8() ? "~" : "\u2026";
	int total = 0, avail, end, before = 0;
	size_t i, first = 0, off = 0;

	if (width <= 0)
		return col;
	if (col + width < clip.w)
		clip.w = col + width;
	avail = clip.w - col;
	for (i = 0; i < t->n; i++)
		total += display_width(t->spans[i].text, strlen(t->spans[i].text));
	/* "Enrollment fails with DeviceCapReached..." cut to a narrow pane
	 * says nothing: start at the error code instead. */
	if (code_first && total > avail) {
		for (i = 0; i < t->n && t->spans[i].kind != KB_SPAN_MSGNUM; i++)
			before += display_width(t->spans[i].text, strlen(t->spans[i].text));
		if (i < t->n && before > 0) {
			first = i;
			total -= before;
			col = draw_text(&clip, row, col, base, DT_DIM, ell, strlen(ell));
			avail = clip.w - col;
			for (i = 0; i < first; i++)
				off += strlen(t->spans[i].text);
		}
	}
	if (total > avail)
		clip.w -= 1;    /* room for the ellipsis */
	for (i = first; i < t->n; i++) {
		const char *s = t->spans[i].text;
		size_t len = strlen(s), at = 0;
		enum draw_type st = span_type(t->spans[i].kind);

		while (at < len) {
			size_t stop;
			bool hit = in_match(m, nm, off + at, &stop);
			size_t n = stop == (size_t)-1 || stop - off > len ? len - at
				 : stop - off - at;

			if (n == 0)
				n = len - at;
			col = draw_text(&clip, row, col, base, hit ? match : st, s + at, n);
			at += n;
		}
		off += len;
	}
	end = col;
	if (total > avail)
		end = draw_text(r, row, clip.w, base, DT_DEFAULT, ell, strlen(ell));
	return end;
}

void view_notice(const struct screen_rect *r, int row, const char *text)
{
	draw_str(r, row, 1, DT_DIM, text);
}

int view_draw_progress(struct app *app, const struct screen_rect *r, int row,
		       int right, enum draw_type base, const struct kb_article *a)
{
	char buf[48];
	const char *badge;
	int w;

	if (!checklist_enabled(app->checklist))
		return 0;
	badge = checklist_badge(app->checklist, a, buf);
	w = display_width(badge, strlen(badge));
	if (!w || right - w < 12)
		return 0;
	draw_text(r, row, right - w, base, DT_COUNT, badge, strlen(badge));
	return w + 1;
}
