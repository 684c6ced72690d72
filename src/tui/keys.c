/* SPDX-License-Identifier: MIT */
/* keys.c: the request list, the keymaps and the prompt line editor.
 *
 * To change a built-in binding, edit defaults[] below: the help screen and
 * the status-line hints follow by themselves.  The config file's bindings
 * (keys_bind) go into a copy of that table, ahead of the defaults. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "keys.h"
#include "utf8.h"
#include "xalloc.h"

#define CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27

static const struct {
	const char *hint, *help;
} requests[] = {
#define REQ_TEXT_(id, hint, help) { hint, help },
	REQ_INFO(REQ_TEXT_)
#undef REQ_TEXT_
};

/* The config's names: "move-up" is MOVE_UP (config_file.h matches them
 * whatever the case, '-' for '_'). */
static const char *const request_names[] = {
#define REQ_NAME_(id, hint, help) #id,
	REQ_INFO(REQ_NAME_)
#undef REQ_NAME_
};

static const char *const map_config_names[KEYMAP_COUNT] = {
	[KEYMAP_GENERIC]    = "generic",
	[KEYMAP_CATEGORIES] = "categories",
	[KEYMAP_LIST]       = "list",
	[KEYMAP_ARTICLE]    = "article",
	[KEYMAP_SEARCH]     = "search",
	[KEYMAP_RESULTS]    = "results",
	[KEYMAP_CASES]      = "cases",
	[KEYMAP_HELP]       = "help",
};

static const char *const map_names[KEYMAP_COUNT] = {
	[KEYMAP_GENERIC]    = N_("Everywhere"),
	[KEYMAP_CATEGORIES] = N_("Category pane"),
	[KEYMAP_LIST]       = N_("Article list"),
	[KEYMAP_ARTICLE]    = N_("Article"),
	[KEYMAP_SEARCH]     = N_("Search (type to search; these keys act on the results)"),
	[KEYMAP_RESULTS]    = N_("Search results, back from an article (keys, not text: / or s types again)"),
	[KEYMAP_CASES]      = N_("Cases (type a name to find or start one)"),
	[KEYMAP_HELP]       = N_("Help"),
};

struct binding {
	enum keymap map;
	struct key key;
	enum request req;
};

#define CH(c) { (c), false }
#define FN(c) { (c), true }

/* Order matters twice: the first binding of a request in a map is the one
 * shown in the status-line hints, and the help lists keys in this order. */
static const struct binding defaults[] = {
	{ KEYMAP_GENERIC, FN(KEY_UP),        REQ_MOVE_UP },
	{ KEYMAP_GENERIC, CH('k'),           REQ_MOVE_UP },
	{ KEYMAP_GENERIC, CH(CTRL('p')),     REQ_MOVE_UP },
	{ KEYMAP_GENERIC, FN(KEY_DOWN),      REQ_MOVE_DOWN },
	{ KEYMAP_GENERIC, CH('j'),           REQ_MOVE_DOWN },
	{ KEYMAP_GENERIC, CH(CTRL('n')),     REQ_MOVE_DOWN },
	{ KEYMAP_GENERIC, FN(KEY_PPAGE),     REQ_PAGE_UP },
	{ KEYMAP_GENERIC, CH('b'),           REQ_PAGE_UP },
	{ KEYMAP_GENERIC, CH(CTRL('b')),     REQ_PAGE_UP },
	{ KEYMAP_GENERIC, FN(KEY_NPAGE),     REQ_PAGE_DOWN },
	{ KEYMAP_GENERIC, CH(' '),           REQ_PAGE_DOWN },
	{ KEYMAP_GENERIC, CH('f'),           REQ_PAGE_DOWN },
	{ KEYMAP_GENERIC, CH(CTRL('f')),     REQ_PAGE_DOWN },
	{ KEYMAP_GENERIC, FN(KEY_HOME),      REQ_MOVE_FIRST },
	{ KEYMAP_GENERIC, CH('g'),           REQ_MOVE_FIRST },
	{ KEYMAP_GENERIC, FN(KEY_END),       REQ_MOVE_LAST },
	{ KEYMAP_GENERIC, CH('G'),           REQ_MOVE_LAST },
	{ KEYMAP_GENERIC, CH('\r'),          REQ_ENTER },
	{ KEYMAP_GENERIC, FN(KEY_RIGHT),     REQ_FOCUS_NEXT },
	{ KEYMAP_GENERIC, CH('l'),           REQ_FOCUS_NEXT },
	{ KEYMAP_GENERIC, CH('\t'),          REQ_FOCUS_NEXT },
	{ KEYMAP_GENERIC, FN(KEY_LEFT),      REQ_FOCUS_PREV },
	{ KEYMAP_GENERIC, CH('h'),           REQ_FOCUS_PREV },
	{ KEYMAP_GENERIC, FN(KEY_BTAB),      REQ_FOCUS_PREV },
	{ KEYMAP_GENERIC, CH('/'),           REQ_SEARCH },
	{ KEYMAP_GENERIC, CH('s'),           REQ_SEARCH },
	{ KEYMAP_GENERIC, CH('?'),           REQ_HELP },
	{ KEYMAP_GENERIC, FN(KEY_F(1)),      REQ_HELP },
	{ KEYMAP_GENERIC, CH('q'),           REQ_CLOSE },
	{ KEYMAP_GENERIC, CH(KEY_ESC),       REQ_CANCEL },
	{ KEYMAP_GENERIC, CH('Q'),           REQ_QUIT },
	{ KEYMAP_GENERIC, CH('c'),           REQ_CASES },
	{ KEYMAP_GENERIC, CH('u'),           REQ_UNDO },
	{ KEYMAP_GENERIC, CH('E'),           REQ_EXPORT_CASE },
	{ KEYMAP_GENERIC, CH('m'),           REQ_MOUSE },
	{ KEYMAP_GENERIC, CH(CTRL('l')),     REQ_REFRESH },

	{ KEYMAP_CATEGORIES, CH('\r'),       REQ_FOCUS_NEXT },

	{ KEYMAP_LIST,    CH('\r'),          REQ_ENTER },

	/* Up/Down go from step to step while steps are on screen (like links
	 * in lynx); Space pages, as in less, and x ticks. */
	{ KEYMAP_ARTICLE, FN(KEY_UP),        REQ_STEP_UP },
	{ KEYMAP_ARTICLE, CH('k'),           REQ_STEP_UP },
	{ KEYMAP_ARTICLE, CH(CTRL('p')),     REQ_STEP_UP },
	{ KEYMAP_ARTICLE, FN(KEY_DOWN),      REQ_STEP_DOWN },
	{ KEYMAP_ARTICLE, CH('j'),           REQ_STEP_DOWN },
	{ KEYMAP_ARTICLE, CH(CTRL('n')),     REQ_STEP_DOWN },
	{ KEYMAP_ARTICLE, CH(CTRL('y')),     REQ_SCROLL_UP },
	{ KEYMAP_ARTICLE, CH(CTRL('e')),     REQ_SCROLL_DOWN },
	{ KEYMAP_ARTICLE, CH(']'),           REQ_NEXT_STEP },
	{ KEYMAP_ARTICLE, CH('['),           REQ_PREV_STEP },
	{ KEYMAP_ARTICLE, CH('x'),           REQ_TOGGLE_STEP },
	{ KEYMAP_ARTICLE, CH('a'),           REQ_NOTE },
	{ KEYMAP_ARTICLE, CH('e'),           REQ_EXPORT },
	{ KEYMAP_ARTICLE, CH('R'),           REQ_RESET },
	{ KEYMAP_ARTICLE, CH('y'),           REQ_COPY },
	{ KEYMAP_ARTICLE, CH('/'),           REQ_FIND },
	{ KEYMAP_ARTICLE, CH('n'),           REQ_FIND_NEXT },
	{ KEYMAP_ARTICLE, CH('N'),           REQ_FIND_PREV },
	{ KEYMAP_ARTICLE, CH('s'),           REQ_SEARCH },
	{ KEYMAP_ARTICLE, CH('\t'),          REQ_NEXT_LINK },
	{ KEYMAP_ARTICLE, FN(KEY_BTAB),      REQ_PREV_LINK },
	{ KEYMAP_ARTICLE, CH('\r'),          REQ_ENTER },
	{ KEYMAP_ARTICLE, FN(KEY_LEFT),      REQ_BACK },
	{ KEYMAP_ARTICLE, CH('h'),           REQ_BACK },
	{ KEYMAP_ARTICLE, FN(KEY_BACKSPACE), REQ_BACK },
	{ KEYMAP_ARTICLE, FN(KEY_RIGHT),     REQ_FORWARD },
	{ KEYMAP_ARTICLE, CH('l'),           REQ_FORWARD },
	{ KEYMAP_ARTICLE, CH(KEY_ESC),       REQ_CANCEL },

	{ KEYMAP_SEARCH,  FN(KEY_UP),        REQ_HISTORY_PREV },
	{ KEYMAP_SEARCH,  FN(KEY_DOWN),      REQ_HISTORY_NEXT },
	{ KEYMAP_SEARCH,  FN(KEY_BTAB),      REQ_MOVE_UP },
	{ KEYMAP_SEARCH,  CH(CTRL('p')),     REQ_MOVE_UP },
	{ KEYMAP_SEARCH,  CH('\t'),          REQ_MOVE_DOWN },
	{ KEYMAP_SEARCH,  CH(CTRL('n')),     REQ_MOVE_DOWN },
	{ KEYMAP_SEARCH,  CH('\r'),          REQ_ENTER },
	{ KEYMAP_SEARCH,  CH(KEY_ESC),       REQ_CANCEL },

	{ KEYMAP_RESULTS, CH('\r'),          REQ_ENTER },
	{ KEYMAP_RESULTS, CH(KEY_ESC),       REQ_CANCEL },

	{ KEYMAP_CASES,   FN(KEY_UP),        REQ_MOVE_UP },
	{ KEYMAP_CASES,   FN(KEY_BTAB),      REQ_MOVE_UP },
	{ KEYMAP_CASES,   FN(KEY_DOWN),      REQ_MOVE_DOWN },
	{ KEYMAP_CASES,   CH('\t'),          REQ_MOVE_DOWN },
	{ KEYMAP_CASES,   CH('\r'),          REQ_ENTER },
	{ KEYMAP_CASES,   CH(CTRL('d')),     REQ_DELETE },
	{ KEYMAP_CASES,   FN(KEY_DC),        REQ_DELETE },
	{ KEYMAP_CASES,   CH(KEY_ESC),       REQ_CLOSE },

	{ KEYMAP_HELP,    CH('q'),           REQ_CLOSE },
	{ KEYMAP_HELP,    CH(KEY_ESC),       REQ_CLOSE },
	{ KEYMAP_HELP,    CH('?'),           REQ_CLOSE },
};

#define NDEFAULTS (sizeof(defaults) / sizeof(defaults[0]))

/* Once the config binds a key: defaults[] with the config's bindings
 * ahead (the first nconfigured entries, in the order bound). */
static struct binding *table;
static size_t ntable, table_cap, nconfigured;

static const struct binding *bindings(size_t *n)
{
	if (!table) {
		*n = NDEFAULTS;
		return defaults;
	}
	*n = ntable;
	return table;
}

struct key keys_make(int code, bool fn)
{
	struct key k = { code, fn };

	if (fn && code == KEY_ENTER)
		k = (struct key){ '\r', false };
	else if (!fn && code == '\n')
		k.code = '\r';
	else if (!fn && (code == 127 || code == CTRL('h')))
		k = (struct key){ KEY_BACKSPACE, true };
	return k;
}

static bool keys_equal(struct key a, struct key b)
{
	return a.code == b.code && a.fn == b.fn;
}

/* In maps with a text prompt, characters are text: the generic map's
 * letter bindings do not reach them. */
static bool typed(enum keymap map, struct key key)
{
	return (map == KEYMAP_SEARCH || map == KEYMAP_CASES) &&
	       !key.fn && key.code >= 0x20 && key.code != 0x7f;
}

/* The request key is bound to in map itself (REQ_NONE when the config
 * unbound it there); false when map does not bind it. */
static bool lookup(enum keymap map, struct key key, enum request *req)
{
	size_t i, n;
	const struct binding *b = bindings(&n);

	for (i = 0; i < n; i++)
		if (b[i].map == map && keys_equal(b[i].key, key)) {
			*req = b[i].req;
			return true;
		}
	return false;
}

enum request keys_request(enum keymap map, struct key key)
{
	enum request r = REQ_NONE;

	if (!lookup(map, key, &r) && map != KEYMAP_GENERIC && !typed(map, key))
		lookup(KEYMAP_GENERIC, key, &r);
	return r;
}

/* The keys that are no character, in the config's terms. */
static const struct {
	enum config_fkey config;
	int curses;
} fkeys[] = {
	{ CONFIG_KEY_UP, KEY_UP },
	{ CONFIG_KEY_DOWN, KEY_DOWN },
	{ CONFIG_KEY_LEFT, KEY_LEFT },
	{ CONFIG_KEY_RIGHT, KEY_RIGHT },
	{ CONFIG_KEY_PGUP, KEY_PPAGE },
	{ CONFIG_KEY_PGDN, KEY_NPAGE },
	{ CONFIG_KEY_HOME, KEY_HOME },
	{ CONFIG_KEY_END, KEY_END },
	{ CONFIG_KEY_BTAB, KEY_BTAB },
	{ CONFIG_KEY_BACKSPACE, KEY_BACKSPACE },
	{ CONFIG_KEY_DEL, KEY_DC },
	{ CONFIG_KEY_INS, KEY_IC },
};

#define NFKEYS (sizeof(fkeys) / sizeof(fkeys[0]))

static struct config_key to_config(struct key key)
{
	struct config_key ck = { 0, key.fn };
	size_t i;

	if (!key.fn) {
		ck.code = key.code < 0 ? UTF8_REPLACEMENT : (uint32_t)key.code;
		return ck;
	}
	if (key.code >= KEY_F(1) && key.code <= KEY_F(12))
		ck.code = (uint32_t)CONFIG_KEY_F(key.code - KEY_F(0));
	for (i = 0; i < NFKEYS; i++)
		if (fkeys[i].curses == key.code)
			ck.code = fkeys[i].config;
	return ck;
}

/* A config key as get_wch() reports it (normalised as keys_make does:
 * C-h is Backspace, C-j Enter); false for none curses knows. */
static bool from_config(struct config_key ck, struct key *key)
{
	size_t i;

	if (!ck.fn) {
		*key = keys_make((int)ck.code, false);
		return true;
	}
	if (ck.code > CONFIG_KEY_F0 && ck.code <= CONFIG_KEY_F(12)) {
		*key = keys_make(KEY_F((int)(ck.code - CONFIG_KEY_F0)), true);
		return true;
	}
	for (i = 0; i < NFKEYS; i++)
		if (fkeys[i].config == (enum config_fkey)ck.code) {
			*key = keys_make(fkeys[i].curses, true);
			return true;
		}
	return false;
}

/* The config's name, so that what the help shows can be bound; names of
 * keys that are no character are translated. */
const char *keys_name(struct key key, char buf[8])
{
	const char *name = config_key_name(to_config(key), buf);

	return name == buf ? buf : _(name);
}

const char *keys_request_hint(enum request req)
{
	return req < REQ_COUNT && requests[req].hint ? _(requests[req].hint) : NULL;
}

const char *keys_request_help(enum request req)
{
	return req < REQ_COUNT && requests[req].help ? _(requests[req].help) : "";
}

const char *keys_map_name(enum keymap map)
{
	return map < KEYMAP_COUNT ? _(map_names[map]) : "";
}

size_t keys_bound(enum keymap map, enum request req, struct key *out, size_t max)
{
	size_t i, n = 0, nb;
	const struct binding *b = bindings(&nb);

	for (i = 0; i < nb; i++)
		if (b[i].map == map && b[i].req == req) {
			if (n < max)
				out[n] = b[i].key;
			n++;
		}
	return n;
}

bool keys_reach(enum keymap map, enum request req, struct key *out)
{
	size_t i, nb;
	const struct binding *b = bindings(&nb);
	enum request r;

	if (req == REQ_NONE)
		return false;
	for (i = 0; i < nb; i++)
		if (b[i].map == map && b[i].req == req) {
			*out = b[i].key;
			return true;
		}
	if (map == KEYMAP_GENERIC)
		return false;
	for (i = 0; i < nb; i++)
		if (b[i].map == KEYMAP_GENERIC && b[i].req == req &&
		    !lookup(map, b[i].key, &r) && !typed(map, b[i].key)) {
			*out = b[i].key;
			return true;
		}
	return false;
}

/* ---- The config file ------------------------------------------------------- */

void keys_config_names(struct config_schema *schema)
{
	schema->keymaps.v = map_config_names;
	schema->keymaps.n = KEYMAP_COUNT;
	schema->requests.v = request_names;
	schema->requests.n = REQ_COUNT;
}

void keys_bind(enum keymap map, struct key key, enum request req)
{
	size_t i;

	if (!table) {
		table = xmalloc_array(NDEFAULTS, sizeof(*table));
		memcpy(table, defaults, sizeof(defaults));
		ntable = table_cap = NDEFAULTS;
	}
	for (i = 0; i < ntable;) {
		if (table[i].map == map && keys_equal(table[i].key, key)) {
			memmove(table + i, table + i + 1, (ntable - i - 1) * sizeof(*table));
			ntable--;
			if (i < nconfigured)
				nconfigured--;
		} else {
			i++;
		}
	}
	table = xgrow(table, &table_cap, ntable + 1, sizeof(*table));
	memmove(table + nconfigured + 1, table + nconfigured,
		(ntable - nconfigured) * sizeof(*table));
	table[nconfigured].map = map;
	table[nconfigured].key = key;
	table[nconfigured].req = req;
	nconfigured++;
	ntable++;
}

void keys_configure(const struct config *cfg, struct diag_list *dl)
{
	size_t i;

	for (i = 0; i < cfg->n; i++) {
		const struct config_directive *d = &cfg->v[i];
		enum keymap map = (enum keymap)d->bind.keymap;
		struct key key;
		char buf[8];

		if (d->kind != CONFIG_BIND || !from_config(d->bind.key, &key))
			continue;
		if (typed(map, key))
			diag_add(dl, DIAG_WARNING, d->file, d->line,
				 _("%s is text in the %s prompt: bind a key there that is no character (C-x, F1, Up...)"),
				 config_key_name(d->bind.key, buf), map_config_names[map]);
		keys_bind(map, key, (enum request)d->bind.request);
	}
}

void keys_reset(void)
{
	free(table);
	table = NULL;
	ntable = table_cap = nconfigured = 0;
}

/* ---- Line editing ----------------------------------------------------------- */

static size_t prev_char(const char *s, size_t at)
{
	while (at > 0 && ((unsigned char)s[--at] & 0xC0) == 0x80)
		;
	return at;
}

static size_t next_char(const char *s, size_t len, size_t at)
{
	uint32_t cp;

	return at < len ? at + utf8_decode(s + at, len - at, &cp) : at;
}

static void delete_range(struct input_line *in, size_t from, size_t to)
{
	struct strbuf *sb = &in->text;

	if (to <= from)
		return;
	memmove(sb->s + from, sb->s + to, sb->len - to + 1);
	sb->len -= to - from;
	in->cursor = from;
}

static void insert(struct input_line *in, const char *s, size_t n)
{
	struct strbuf *sb = &in->text;
	size_t tail = sb->len - in->cursor;

	sb_add(sb, s, n);   /* grows; the bytes are moved into place below */
	memmove(sb->s + in->cursor + n, sb->s + in->cursor, tail);
	memcpy(sb->s + in->cursor, s, n);
	in->cursor += n;
}

/* Whether c may go into a prompt as text. */
static bool insertable(uint32_t c, bool ascii)
{
	return !(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c > 0x10FFFF ||
		 (ascii && c >= 0x80));
}

/* A selection goes as soon as a key does something with the text: a
 * deletion or a character replaces all of it, a movement keeps it. */
static enum input_result selection_key(struct input_line *in, struct key key, bool ascii)
{
	struct strbuf *sb = &in->text;

	in->selected = false;
	if (key.fn) {
		switch (key.code) {
		case KEY_BACKSPACE:
		case KEY_DC:
			input_set(in, "");
			return INPUT_CHANGED;
		case KEY_LEFT:
		case KEY_HOME:
			in->cursor = 0;
			return INPUT_MOVED;
		case KEY_RIGHT:
		case KEY_END:
			in->cursor = sb->len;
			return INPUT_MOVED;
		default:
			break;
		}
	} else if (key.code == CTRL('u') || key.code == CTRL('k') || key.code == CTRL('w')) {
		input_set(in, "");
		return INPUT_CHANGED;
	} else if (key.code == CTRL('a') || key.code == CTRL('e')) {
		in->cursor = key.code == CTRL('a') ? 0 : sb->len;
		return INPUT_MOVED;
	} else if (insertable((uint32_t)key.code, ascii)) {
		input_set(in, "");
		return INPUT_IGNORED;   /* now typed into the empty line */
	}
	/* Not an editing key (Enter, Up...): the selection stays. */
	in->selected = true;
	return INPUT_IGNORED;
}

enum input_result input_key(struct input_line *in, struct key key, bool ascii)
{
	struct strbuf *sb = &in->text;
	const char *s;
	size_t at;

	if (!sb->s)
		sb_puts(sb, "");
	if (in->selected) {
		enum input_result r = selection_key(in, key, ascii);

		if (r != INPUT_IGNORED || in->selected)
			return r;
	}
	s = sb->s;
	if (key.fn) {
		switch (key.code) {
		case KEY_BACKSPACE:
			if (in->cursor == 0)
				return INPUT_MOVED;
			delete_range(in, prev_char(s, in->cursor), in->cursor);
			return INPUT_CHANGED;
		case KEY_DC:
			if (in->cursor >= sb->len)
				return INPUT_MOVED;
			delete_range(in, in->cursor, next_char(s, sb->len, in->cursor));
			return INPUT_CHANGED;
		case KEY_LEFT:
			in->cursor = prev_char(s, in->cursor);
			return INPUT_MOVED;
		case KEY_RIGHT:
			in->cursor = next_char(s, sb->len, in->cursor);
			return INPUT_MOVED;
		case KEY_HOME:
			in->cursor = 0;
			return INPUT_MOVED;
		case KEY_END:
			in->cursor = sb->len;
			return INPUT_MOVED;
		default:
			return INPUT_IGNORED;
		}
	}
	switch (key.code) {
	case CTRL('a'):
		in->cursor = 0;
		return INPUT_MOVED;
	case CTRL('e'):
		in->cursor = sb->len;
		return INPUT_MOVED;
	case CTRL('u'):
		delete_range(in, 0, in->cursor);
		return INPUT_CHANGED;
	case CTRL('k'):
		sb_truncate(sb, in->cursor);
		return INPUT_CHANGED;
	case CTRL('w'):
		at = in->cursor;
		while (at > 0 && s[at - 1] == ' ')
			at--;
		while (at > 0 && s[at - 1] != ' ')
			at--;
		delete_range(in, at, in->cursor);
		return INPUT_CHANGED;
	default:
		break;
	}
	if (key.code < 0 || !insertable((uint32_t)key.code, ascii))
		return INPUT_IGNORED;
	{
		char buf[4];
		size_t n = utf8_encode((uint32_t)key.code, buf);

		insert(in, buf, n);
	}
	return INPUT_CHANGED;
}

enum input_result input_prompt_key(struct input_line *in, struct key key, bool ascii)
{
	enum input_result r = input_key(in, key, ascii);

	if (r != INPUT_IGNORED || key.fn)
		return r;
	return key.code == '\r' ? INPUT_ACCEPT : key.code == KEY_ESC ? INPUT_CANCEL : r;
}

enum input_result input_paste(struct input_line *in, const char *text, bool ascii)
{
	size_t len = strlen(text), i = 0;
	bool changed = in->selected && in->text.len;

	/* A copied line usually brings its line break along. */
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;

	if (!in->text.s)
		sb_puts(&in->text, "");
	if (in->selected)
		input_set(in, "");
	while (i < len) {
		uint32_t cp;
		char buf[4];

		i += utf8_decode(text + i, len - i, &cp);
		if (cp == '\r' && i < len && text[i] == '\n')
			continue;       /* CR LF is one line break: one space */
		if (cp == '\n' || cp == '\r' || cp == '\t')
			cp = ' ';
		if (!insertable(cp, ascii))
			continue;
		insert(in, buf, utf8_encode(cp, buf));
		changed = true;
	}
	return changed ? INPUT_CHANGED : INPUT_MOVED;
}

void input_set(struct input_line *in, const char *s)
{
	sb_truncate(&in->text, 0);
	sb_puts(&in->text, s);
	in->cursor = in->text.len;
	in->selected = false;
}

void input_select_all(struct input_line *in)
{
	if (!in->text.s)
		sb_puts(&in->text, "");
	in->cursor = in->text.len;
	in->selected = in->text.len > 0;
}

const char *input_text(const struct input_line *in)
{
	return sb_str(&in->text);
}

void input_free(struct input_line *in)
{
	sb_free(&in->text);
	in->cursor = 0;
	in->selected = false;
}
