/* SPDX-License-Identifier: MIT */
/* display.c: curses set-up, the attribute table and the drawing primitives,
 * and the terminal's features beyond cells (bracketed paste, the mouse,
 * OSC 52 copy, OSC 8 hyperlinks).
 *
 * The only file besides keys.c and tui.c that talks to curses.  Views go
 * through draw_text() and friends with a draw type; what a type looks like
 * (with colour, and without) is decided once, in styles[] below.
 *
 * curses has no hyperlinks: draw_link() draws the cells as usual and
 * remembers them, and after each refresh display_end() writes the same
 * cells again, with the same look, inside OSC 8 -- between a DECSC and a
 * DECRC, so the cursor and attributes curses believes in are put back. */
#include "config.h"

#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "base64.h"
#include "display.h"
#include "i18n.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

#if KEY_MAX >= DISPLAY_KEY_PASTE_START
# error "the paste key codes must be above KEY_MAX"
#endif

struct style {
	short fg, bg;        /* -1: the terminal's default */
	attr_t colour_attr;  /* attributes with colour */
	attr_t mono_attr;    /* attributes without colour */
};

#define NONE_ -1
#define S(fg, bg, ca, ma) { (fg), (bg), (ca), (ma) }
#define DIM_ A_DIM

/* Filled in display_open: italics only where the terminal has them. */
static attr_t emph_attr = A_UNDERLINE;

static struct style styles[DT_COUNT_] = {
	[LINE_BLANK]       = S(NONE_, NONE_, 0, 0),
	[LINE_TITLE]       = S(NONE_, NONE_, A_BOLD, A_BOLD),
	[LINE_CODES]       = S(COLOR_MAGENTA, NONE_, A_BOLD, A_BOLD),
	[LINE_SHORTDESC]   = S(NONE_, NONE_, 0, 0),
	[LINE_HEADING]     = S(COLOR_CYAN, NONE_, A_BOLD, A_BOLD | A_UNDERLINE),
	[LINE_TEXT]        = S(NONE_, NONE_, 0, 0),
	[LINE_STEP]        = S(NONE_, NONE_, 0, 0),
	[LINE_STEP_NOTE]   = S(COLOR_GREEN, NONE_, 0, 0),
	[LINE_NOTE]        = S(NONE_, NONE_, 0, 0),
	[LINE_IMPORTANT]   = S(COLOR_YELLOW, NONE_, A_BOLD, A_BOLD),
	[LINE_CODE]        = S(COLOR_GREEN, NONE_, 0, 0),
	[LINE_TABLE_HEAD]  = S(NONE_, NONE_, A_BOLD, A_BOLD | A_UNDERLINE),
	[LINE_TABLE]       = S(NONE_, NONE_, 0, 0),
	[LINE_TABLE_RULE]  = S(COLOR_BLUE, NONE_, 0, 0),
	[LINE_IMAGE]       = S(COLOR_MAGENTA, NONE_, 0, DIM_),
	[LINE_REF]         = S(NONE_, NONE_, 0, 0),

	[DT_SEG + SEG_PLAIN]  = S(NONE_, NONE_, 0, 0),
	[DT_SEG + SEG_EMPH]   = S(NONE_, NONE_, 0, 0),   /* emph_attr, set at start */
	[DT_SEG + SEG_UI]     = S(NONE_, NONE_, A_BOLD, A_BOLD),
	[DT_SEG + SEG_CODE]   = S(COLOR_GREEN, NONE_, 0, 0),
	[DT_SEG + SEG_MSG]    = S(COLOR_YELLOW, NONE_, 0, 0),
	[DT_SEG + SEG_MSGNUM] = S(COLOR_MAGENTA, NONE_, A_BOLD, A_BOLD),
	[DT_SEG + SEG_LINK]   = S(COLOR_CYAN, NONE_, A_UNDERLINE, A_UNDERLINE),
	[DT_SEG + SEG_MARK]   = S(COLOR_CYAN, NONE_, 0, A_BOLD),

	[DT_DEFAULT]          = S(NONE_, NONE_, 0, 0),
	[DT_PANE_TITLE]       = S(NONE_, NONE_, A_REVERSE, A_REVERSE | DIM_),
	[DT_PANE_TITLE_FOCUS] = S(COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD),
	[DT_PANE_INFO]        = S(NONE_, NONE_, 0, 0),
	[DT_SEPARATOR]        = S(COLOR_BLUE, NONE_, 0, 0),
	[DT_CURSOR]           = S(NONE_, NONE_, A_REVERSE | A_BOLD, A_REVERSE | A_BOLD),
	[DT_CURSOR_DIM]       = S(COLOR_CYAN, NONE_, A_BOLD, A_BOLD | A_UNDERLINE),
	[DT_COUNT]            = S(COLOR_CYAN, NONE_, 0, 0),
	[DT_DIM]              = S(NONE_, NONE_, DIM_, DIM_),
	[DT_MATCH]            = S(COLOR_BLACK, COLOR_YELLOW, 0, A_REVERSE),
	[DT_MATCH_CURRENT]    = S(COLOR_BLACK, COLOR_GREEN, A_BOLD, A_REVERSE | A_BOLD | A_UNDERLINE),
	[DT_LINK_SELECTED]    = S(COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD),
	[DT_STATUS]           = S(NONE_, NONE_, A_REVERSE, A_REVERSE),
	[DT_STATUS_ERROR]     = S(COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_UNDERLINE),
	[DT_STATUS_KEY]       = S(NONE_, NONE_, A_REVERSE | A_BOLD, A_REVERSE | A_BOLD),
	[DT_PROMPT]           = S(NONE_, NONE_, A_BOLD, A_BOLD),
	[DT_HELP_KEY]         = S(COLOR_CYAN, NONE_, A_BOLD, A_BOLD),
	[DT_NOTICE]           = S(NONE_, NONE_, A_BOLD, A_BOLD),
	[DT_STEP_CURSOR]      = S(NONE_, NONE_, A_REVERSE, A_REVERSE),
};

/* The config's names for the draw types (none for those that show no
 * text of their own: blank lines, plain text, the absence of an overlay). */
static const char *const type_names[DT_COUNT_] = {
	[LINE_TITLE]          = "title",
	[LINE_CODES]          = "codes",
	[LINE_SHORTDESC]      = "shortdesc",
	[LINE_HEADING]        = "heading",
	[LINE_TEXT]           = "text",
	[LINE_STEP]           = "step",
	[LINE_STEP_NOTE]      = "step-note",
	[LINE_NOTE]           = "note",
	[LINE_IMPORTANT]      = "important",
	[LINE_CODE]           = "code",
	[LINE_TABLE_HEAD]     = "table-head",
	[LINE_TABLE]          = "table",
	[LINE_TABLE_RULE]     = "table-rule",
	[LINE_IMAGE]          = "image",
	[LINE_REF]            = "ref",
	[DT_SEG + SEG_EMPH]   = "emphasis",
	[DT_SEG + SEG_UI]     = "ui",
	[DT_SEG + SEG_CODE]   = "inline-code",
	[DT_SEG + SEG_MSG]    = "message",
	[DT_SEG + SEG_MSGNUM] = "message-number",
	[DT_SEG + SEG_LINK]   = "link",
	[DT_SEG + SEG_MARK]   = "mark",
	[DT_PANE_TITLE]       = "pane-title",
	[DT_PANE_TITLE_FOCUS] = "pane-title-focus",
	[DT_PANE_INFO]        = "pane-info",
	[DT_SEPARATOR]        = "separator",
	[DT_CURSOR]           = "cursor",
	[DT_CURSOR_DIM]       = "cursor-dim",
	[DT_COUNT]            = "count",
	[DT_DIM]              = "dim",
	[DT_MATCH]            = "match",
	[DT_MATCH_CURRENT]    = "match-current",
	[DT_LINK_SELECTED]    = "link-selected",
	[DT_STATUS]           = "status",
	[DT_STATUS_ERROR]     = "status-error",
	[DT_STATUS_KEY]       = "status-key",
	[DT_PROMPT]           = "prompt",
	[DT_HELP_KEY]         = "help-key",
	[DT_NOTICE]           = "notice",
	[DT_STEP_CURSOR]      = "step-cursor",
};

/* Types a color line set: the config's look wins over the start-up's. */
static bool configured[DT_COUNT_];

enum option {
	OPT_MOUSE,
	OPT_OSC52,
	OPT_HYPERLINKS,
	OPT_COUNT
};

static const char *const option_names[OPT_COUNT] = {
	[OPT_MOUSE] = "mouse",
	[OPT_OSC52] = "osc52",
	[OPT_HYPERLINKS] = "hyperlinks",
};

/* What the config file set (all on by default). */
static bool option_on[OPT_COUNT] = { true, true, true };

static volatile sig_atomic_t active;   /* between display_open and display_close */
static bool use_colour;
static bool utf8;
static SCREEN *screen;

#define MOUSE_EVENTS (BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED)
static bool mouse_on;
static bool osc52 = true;
static bool hyperlinks;

/* Bracketed paste: pasted text arrives between markers instead of as
 * typed keys (xterm's mode 2004). */
#define PASTE_ON "\033[?2004h"
#define PASTE_OFF "\033[?2004l"

/* Cells to write again as a hyperlink after the next refresh. */
struct overlay {
	int y, x;
	char *sgr;            /* the look curses gave them */
	char *text;           /* the glyphs drawn, UTF-8 */
	char *url;
};
static struct overlay *overlays;
static size_t noverlays, overlays_cap;

/* For display_emergency_restore(): the tty modes from before curses, and
 * the bytes that undo what curses switched on. */
static struct termios saved_tio;
static bool have_tio;
static char *restore_seq;
static size_t restore_len;

/* A feature as the environment has it (VAR=0 or 1), over the config. */
static bool feature(const char *var, enum option opt)
{
	const char *v = getenv(var);
	bool on;

	return v && config_parse_bool(v, &on) ? on : option_on[opt];
}

void display_config_names(struct config_schema *schema)
{
	schema->line_types.v = type_names;
	schema->line_types.n = DT_COUNT_;
	schema->options.v = option_names;
	schema->options.n = OPT_COUNT;
}

static attr_t attrs_of(unsigned a)
{
	return (a & CONFIG_ATTR_BOLD ? A_BOLD : 0) |
	       (a & CONFIG_ATTR_UNDERLINE ? A_UNDERLINE : 0) |
	       (a & CONFIG_ATTR_REVERSE ? A_REVERSE : 0) |
	       (a & CONFIG_ATTR_DIM ? A_DIM : 0) |
	       (a & CONFIG_ATTR_STANDOUT ? A_STANDOUT : 0) |
	       (a & CONFIG_ATTR_ITALIC ? A_ITALIC : 0) |
	       (a & CONFIG_ATTR_BLINK ? A_BLINK : 0);
}

void display_configure(const struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->n; i++) {
		const struct config_directive *d = &cfg->v[i];
		struct style *st;

		if (d->kind == CONFIG_SET) {
			option_on[d->set.option] = d->set.on;
			continue;
		}
		if (d->kind != CONFIG_COLOR)
			continue;
		st = &styles[d->color.line_type];
		st->fg = (short)d->color.fg;
		st->bg = (short)d->color.bg;
		st->colour_attr = attrs_of(d->color.attrs);
		/* Attributes also show without colour; colours do not. */
		if (d->color.attrs_given)
			st->mono_attr = st->colour_attr;
		configured[d->color.line_type] = true;
	}
}

/* Straight to the terminal, past curses (whose buffer is empty between
 * frames). */
static void term_write(const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(STDOUT_FILENO, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static bool no_colour_requested(void)
{
	const char *v = getenv("NO_COLOR");

	return v && *v;
}

static void colours_init(void)
{
	short i;

	use_colour = false;
	if (no_colour_requested() || !has_colors() || start_color() == ERR ||
	    COLORS < 8)
		return;
	use_colour = true;
	use_default_colors();
	for (i = 0; i < DT_COUNT_; i++) {
		/* A colour the terminal lacks (the config's 200 on an
		 * 8-colour one) is its default colour. */
		if (styles[i].fg >= COLORS)
			styles[i].fg = NONE_;
		if (styles[i].bg >= COLORS)
			styles[i].bg = NONE_;
		if (styles[i].fg == NONE_ && styles[i].bg == NONE_)
			continue;
		if (i + 1 >= COLOR_PAIRS)
			break;
		init_pair((short)(i + 1), styles[i].fg, styles[i].bg);
	}
}

static void add_cap(struct strbuf *sb, const char *name)
{
	const char *cap = tigetstr(name);

	if (cap && cap != (char *)-1)
		sb_puts(sb, cap);
}

static void prepare_restore(bool mouse)
{
	struct strbuf sb = STRBUF_INIT;

	add_cap(&sb, "sgr0");
	if (mouse)
		sb_puts(&sb, "\033[?1000l");
	sb_puts(&sb, PASTE_OFF);
	add_cap(&sb, "cnorm");
	add_cap(&sb, "rmkx");
	add_cap(&sb, "rmcup");
	restore_len = sb.len;
	restore_seq = sb_detach(&sb);
}

void display_emergency_restore(void)
{
	ssize_t n;

	if (!active)
		return;
	active = 0;
	if (restore_seq) {
		n = write(STDOUT_FILENO, restore_seq, restore_len);
		(void)n;
	}
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
}

bool display_open(const char **why)
{
	const char *codeset = nl_langinfo(CODESET);
	const char *sitm;

	utf8 = codeset && strcmp(codeset, "UTF-8") == 0;
	have_tio = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		*why = _("the terminal type is unknown (check TERM)");
		return false;
	}
	set_term(screen);
	active = 1;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	/* Esc closes prompts: don't make the user wait for a sequence that
	 * will never come. */
	set_escdelay(25);
	curs_set(0);
	colours_init();
	sitm = tigetstr("sitm");
	if (sitm && sitm != (char *)-1)
		emph_attr = A_ITALIC;
	if (!configured[DT_SEG + SEG_EMPH]) {
		styles[DT_SEG + SEG_EMPH].colour_attr = emph_attr;
		styles[DT_SEG + SEG_EMPH].mono_attr = emph_attr;
	}
	mouseinterval(0);
	mousemask(MOUSE_EVENTS, NULL);
	prepare_restore(has_mouse());
	mouse_on = feature("ENROLLKB_MOUSE", OPT_MOUSE);
	if (!mouse_on)
		mousemask(0, NULL);
	osc52 = feature("ENROLLKB_OSC52", OPT_OSC52);
	/* The Linux console takes OSC for its palette: no links there. */
	hyperlinks = feature("ENROLLKB_HYPERLINKS", OPT_HYPERLINKS) &&
		     !(termname() && strncmp(termname(), "linux", 5) == 0);
	define_key("\033[200~", DISPLAY_KEY_PASTE_START);
	define_key("\033[201~", DISPLAY_KEY_PASTE_END);
	term_write(PASTE_ON, strlen(PASTE_ON));
	return true;
}

void display_close(void)
{
	if (!active)
		return;
	active = 0;
	curs_set(1);
	endwin();
	fflush(stdout);
	term_write(PASTE_OFF, strlen(PASTE_OFF));
}

void display_free(void)
{
	if (screen && !active) {
		delscreen(screen);
		screen = NULL;
	}
	free(restore_seq);
	restore_seq = NULL;
	free(overlays);
	overlays = NULL;
	overlays_cap = 0;
}

/* ---- Beyond cells -------------------------------------------------------- */

/* Terminals and tmux take OSC 52 of some hundred kilobytes; a checklist is
 * a few. */
#define COPY_MAX (256 * 1024)

bool display_copy(const char *text, size_t len, const char **why)
{
	struct strbuf sb = STRBUF_INIT;

	if (!osc52) {
		*why = option_on[OPT_OSC52] ? _("copying is off (ENROLLKB_OSC52=0)")
					    : _("copying is off (set osc52 = off in the config file)");
		return false;
	}
	if (len > COPY_MAX) {
		*why = _("too much text for the terminal's clipboard");
		return false;
	}
	sb_puts(&sb, "\033]52;c;");
	base64_encode(text, len, &sb);
	sb_puts(&sb, "\a");
	term_write(sb.s, sb.len);
	sb_free(&sb);
	return true;
}

void display_set_mouse(bool on)
{
	mouse_on = on;
	mousemask(on ? MOUSE_EVENTS : 0, NULL);
}

bool display_mouse(void)
{
	return mouse_on;
}

bool display_utf8(void)
{
	return utf8;
}

void display_size(int *cols, int *rows)
{
	getmaxyx(stdscr, *rows, *cols);
}

static void overlays_clear(void)
{
	size_t i;

	for (i = 0; i < noverlays; i++) {
		free(overlays[i].sgr);
		free(overlays[i].text);
		free(overlays[i].url);
	}
	noverlays = 0;
}

/* The hyperlinks of this frame, over the cells curses has just drawn. */
static void overlays_write(void)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (!noverlays)
		return;
	sb_puts(&sb, "\0337");
	for (i = 0; i < noverlays; i++) {
		const struct overlay *o = &overlays[i];

		sb_printf(&sb, "\033[%d;%dH%s\033]8;;%s\033\\%s\033]8;;\033\\", o->y + 1,
			  o->x + 1, o->sgr, o->url, o->text);
	}
	sb_puts(&sb, "\033[0m\0338");
	term_write(sb.s, sb.len);
	sb_free(&sb);
	overlays_clear();
}

void display_begin(void)
{
	overlays_clear();
	erase();
}

void display_end(int cursor_x, int cursor_y)
{
	if (cursor_x >= 0 && cursor_y >= 0) {
		curs_set(1);
		move(cursor_y, cursor_x);
	} else {
		curs_set(0);
	}
	refresh();
	overlays_write();
}

void display_invalidate(void)
{
	clearok(curscr, TRUE);
}

static void style_of(enum draw_type base, enum draw_type over, attr_t *attr,
		     short *pair)
{
	const struct style *b = &styles[base < DT_COUNT_ ? base : DT_DEFAULT];
	const struct style *o = &styles[over < DT_COUNT_ ? over : DT_DEFAULT];

	if (!use_colour) {
		*attr = b->mono_attr | o->mono_attr;
		*pair = 0;
		return;
	}
	*attr = b->colour_attr | o->colour_attr;
	*pair = 0;
	if (over != DT_DEFAULT && (o->fg != NONE_ || o->bg != NONE_))
		*pair = (short)(over + 1);
	else if (b->fg != NONE_ || b->bg != NONE_)
		*pair = (short)(base + 1);
	if (*pair >= COLOR_PAIRS)
		*pair = 0;
}

/* ---- Characters --------------------------------------------------------- */

/* ASCII stand-in for a code point (NUL-terminated, may be ""). */
static const char *ascii_for(uint32_t cp, char buf[3])
{
	size_t n;

	if (cp < 0x80) {
		buf[0] = (char)cp;
		buf[1] = '\0';
		return buf;
	}
	switch (cp) {
	case 0xA0: case 0x2002: case 0x2003: case 0x2009: case 0x202F:
		return " ";
	case 0xAD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
		return "";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212:
	case 0x2500: case 0x2501: case 0x2550:
		return "-";
	case 0x2014: case 0x2015:
		return "--";
	case 0x2018: case 0x2019: case 0x201A: case 0x2032: case 0xB4:
		return "'";
	case 0x201C: case 0x201D: case 0x201E: case 0x2033:
		return "\"";
	case 0xAB: return "<<";
	case 0xBB: return ">>";
	case 0x2039: return "<";
	case 0x203A: return ">";
	case 0x2022: case 0x2023: case 0x25CF: case 0x25E6: case 0x2043: case 0xB7:
		return "*";
	case 0x2026: return "...";
	case 0x2190: return "<-";
	case 0x2192: return "->";
	case 0x2194: return "<->";
	case 0x21D2: return "=>";
	case 0x2264: return "<=";
	case 0x2265: return ">=";
	case 0x2260: return "!=";
	case 0xD7:   return "x";
	case 0xF7:   return "/";
	case 0xA9:   return "(C)";
	case 0xAE:   return "(R)";
	case 0x2122: return "(TM)";
	case 0x2502: case 0x2503: case 0x2551: return "|";
	case 0x250C: case 0x2510: case 0x2514: case 0x2518: case 0x251C:
	case 0x2524: case 0x252C: case 0x2534: case 0x253C:
		return "+";
	case 0x2713: case 0x2714: return "v";
	case 0x2610: return "[ ]";
	case 0x2611: case 0x2612: return "[x]";
	case 0x25B6: case 0x25B8: case 0x25BA: return ">";
	default:
		break;
	}
	n = utf8_latin_ascii(cp, buf);
	if (n) {
		buf[n] = '\0';
		return buf;
	}
	/* Combining marks go with the letter they were on. */
	if (cp >= 0x300 && cp <= 0x36F)
		return "";
	return "?";
}

/* What is drawn for cp: up to a few wide characters and their widths. */
struct glyphs {
	wchar_t wc[4];
	int width[4];
	int n;
};

static void glyphs_for(uint32_t cp, struct glyphs *g)
{
	g->n = 0;
	if (cp == '\t')
		cp = ' ';
	if (utf8_is_control(cp)) {
		g->wc[0] = L'?';
		g->width[0] = 1;
		g->n = 1;
		return;
	}
	if (utf8 && cp >= 0x80) {
		int w;

		/* Bidirectional controls could reorder what follows on
		 * the terminal: drop them. */
		if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
		    cp == 0x200E || cp == 0x200F)
			return;
		w = wcwidth((wchar_t)cp);
		if (w < 0) {
			g->wc[0] = L'?';
			g->width[0] = 1;
		} else {
			g->wc[0] = (wchar_t)cp;
			g->width[0] = w;
		}
		g->n = 1;
		return;
	}
	{
		char buf[3];
		const char *a = ascii_for(cp, buf);

		for (; *a && g->n < 4; a++) {
			g->wc[g->n] = (wchar_t)(unsigned char)*a;
			g->width[g->n++] = 1;
		}
	}
}

/* Columns the glyphs drawn for cp take. */
static int cp_columns(uint32_t cp)
{
	struct glyphs g;
	int k, w = 0;

	glyphs_for(cp, &g);
	for (k = 0; k < g.n; k++)
		w += g.width[k];
	return w;
}

/* The loops are utf8.h's; every ASCII byte is drawn as one column here
 * too (a control as '?', a tab as a space). */
int display_width(const char *s, size_t len)
{
	return (int)utf8_width_by(s, len, cp_columns);
}

size_t display_fit(const char *s, size_t len, int cols)
{
	return cols < 0 ? 0 : utf8_fit(s, len, (size_t)cols, cp_columns, NULL);
}

size_t display_fit_tail(const char *s, size_t len, int cols)
{
	return utf8_fit_tail(s, len, cols < 0 ? 0 : (size_t)cols, cp_columns, NULL);
}

/* ---- Drawing -------------------------------------------------------------- */

#define CHUNK 64

/* Hands emit() the glyphs drawn for the len bytes at s, as many as fit in
 * avail columns; returns the columns they take, *cut when not all did. */
static int each_glyph(const char *s, size_t len, int avail, bool *cut,
		      void (*emit)(void *ctx, wchar_t wc), void *ctx)
{
	size_t i = 0;
	int col = 0;
	bool any = false;

	*cut = false;
	while (i < len) {
		uint32_t cp;
		struct glyphs g;
		int k;

		i += utf8_decode(s + i, len - i, &cp);
		glyphs_for(cp, &g);
		for (k = 0; k < g.n; k++) {
			if (g.width[k] == 0 && !any)
				continue;   /* nothing to combine with */
			if (col + g.width[k] > avail) {
				*cut = true;
				return col;
			}
			emit(ctx, g.wc[k]);
			any = true;
			col += g.width[k];
		}
	}
	return col;
}

struct chunk {
	wchar_t buf[CHUNK + 1];
	int n;
};

static void chunk_flush(struct chunk *c)
{
	c->buf[c->n] = 0;
	addnwstr(c->buf, c->n);
	c->n = 0;
}

/* Chunks only bound the buffer: curses puts a combining mark that starts
 * one on the cell before. */
static void chunk_add(void *ctx, wchar_t wc)
{
	struct chunk *c = ctx;

	c->buf[c->n++] = wc;
	if (c->n == CHUNK)
		chunk_flush(c);
}

int draw_text(const struct screen_rect *r, int row, int col,
	      enum draw_type base, enum draw_type over, const char *s, size_t len)
{
	struct chunk c;
	attr_t attr;
	short pair;
	bool cut;

	if (row < 0 || row >= r->h || col < 0 || col >= r->w)
		return col;
	style_of(base, over, &attr, &pair);
	attr_set(attr, pair, NULL);
	move(r->y + row, r->x + col);
	c.n = 0;
	col += each_glyph(s, len, r->w - col, &cut, chunk_add, &c);
	chunk_flush(&c);
	/* A wide character that did not fit leaves blanks, not a stale cell. */
	for (; cut && col < r->w; col++)
		addch(' ');
	attr_set(A_NORMAL, 0, NULL);
	return col;
}

/* A colour in SGR: base 30 for the foreground, 40 for the background. */
static void sgr_colour(struct strbuf *sb, short c, int base)
{
	if (c == NONE_)
		return;
	if (c < 8)
		sb_printf(sb, ";%d", base + c);
	else if (c < 16)
		sb_printf(sb, ";%d", base + 60 + c - 8);
	else
		sb_printf(sb, ";%d;5;%d", base + 8, c);
}

/* The SGR sequence for what style_of() gives curses. */
static char *sgr_of(enum draw_type base, enum draw_type over)
{
	struct strbuf sb = STRBUF_INIT;
	attr_t attr;
	short pair;

	style_of(base, over, &attr, &pair);
	sb_puts(&sb, "\033[0");
	if (attr & A_BOLD)
		sb_puts(&sb, ";1");
	if (attr & A_DIM)
		sb_puts(&sb, ";2");
	if (attr & A_ITALIC)
		sb_puts(&sb, ";3");
	if (attr & A_UNDERLINE)
		sb_puts(&sb, ";4");
	if (attr & A_BLINK)
		sb_puts(&sb, ";5");
	if (attr & (A_REVERSE | A_STANDOUT))
		sb_puts(&sb, ";7");
	if (pair > 0) {
		const struct style *st = &styles[pair - 1];

		sgr_colour(&sb, st->fg, 30);
		sgr_colour(&sb, st->bg, 40);
	}
	sb_putc(&sb, 'm');
	return sb_detach(&sb);
}

/* The URL as OSC 8 may carry it: printable ASCII, the rest %XX. */
static char *link_url(const char *url)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *url; url++) {
		unsigned char c = (unsigned char)*url;

		if (c > 0x20 && c < 0x7f)
			sb_putc(&sb, (char)c);
		else
			sb_printf(&sb, "%%%02X", c);
	}
	return sb_detach(&sb);
}

static void utf8_add(void *ctx, wchar_t wc)
{
	char buf[4];

	sb_add(ctx, buf, utf8_encode((uint32_t)wc, buf));
}

int draw_link(const struct screen_rect *r, int row, int col, enum draw_type base,
	      enum draw_type over, const char *s, size_t len, const char *url)
{
	int end = draw_text(r, row, col, base, over, s, len);
	struct strbuf text = STRBUF_INIT;
	struct overlay *o;
	bool cut;

	if (!hyperlinks || !url || !*url || end <= col)
		return end;
	/* The glyphs draw_text drew in those columns. */
	each_glyph(s, len, end - col, &cut, utf8_add, &text);
	overlays = xgrow(overlays, &overlays_cap, noverlays + 1, sizeof(*overlays));
	o = &overlays[noverlays++];
	o->y = r->y + row;
	o->x = r->x + col;
	o->sgr = sgr_of(base, over);
	o->text = sb_detach(&text);
	o->url = link_url(url);
	return end;
}

int draw_str(const struct screen_rect *r, int row, int col, enum draw_type t,
	     const char *s)
{
	return draw_text(r, row, col, t, DT_DEFAULT, s, strlen(s));
}

void draw_fill(const struct screen_rect *r, int row, int col, enum draw_type t)
{
	attr_t attr;
	short pair;

	if (row < 0 || row >= r->h || col >= r->w)
		return;
	if (col < 0)
		col = 0;
	style_of(t, DT_DEFAULT, &attr, &pair);
	attr_set(attr, pair, NULL);
	move(r->y + row, r->x + col);
	for (; col < r->w; col++)
		addch(' ');
	attr_set(A_NORMAL, 0, NULL);
}

void draw_vline(int x, int y, int h)
{
	struct screen_rect r = { x, y, 1, h };
	const char *bar = utf8 ? "\u2502" : "|";
	int i;

	for (i = 0; i < h; i++)
		draw_str(&r, i, 0, DT_SEPARATOR, bar);
}

void draw_header(const struct screen_rect *r, const char *title,
		 const char *info, bool focused)
{
	enum draw_type t = focused ? DT_PANE_TITLE_FOCUS : DT_PANE_TITLE;
	int col, iw = 0;

	draw_fill(r, 0, 0, t);
	if (info && *info) {
		/* The title matters more: info goes when it would leave the
		 * title fewer than a few columns. */
		int tw = display_width(title, strlen(title));

		iw = display_width(info, strlen(info));
		if (r->w - iw - 3 < (tw < 12 ? tw : 12))
			iw = 0;
	}
	col = draw_text(r, 0, 1, t, DT_DEFAULT, title,
			display_fit(title, strlen(title), r->w - 2 - (iw ? iw + 2 : 0)));
	(void)col;
	if (iw)
		draw_str(r, 0, r->w - 1 - iw, t, info);
}
