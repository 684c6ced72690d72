/* SPDX-License-Identifier: MIT */
/* config_file.c: the config file's syntax -- lines to directives, key,
 * colour and attribute names (see config_file.h). */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_file.h"
#include "fsutil.h"
#include "i18n.h"
#include "sanitize.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

/* ---- Names ----------------------------------------------------------------- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Case and '-'/'_' do not count. */
static bool name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int x = *a == '_' ? '-' : lower((unsigned char)*a);
		int y = *b == '_' ? '-' : lower((unsigned char)*b);

		if (x != y)
			return false;
	}
	return *a == *b;
}

static bool lookup(const struct config_names *t, const char *word, size_t *index)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i] && name_eq(t->v[i], word)) {
			*index = i;
			return true;
		}
	return false;
}

/* ---- Keys ------------------------------------------------------------------ */

#define KEY_ESC 27
#define FN(k) { CONFIG_KEY_##k, true }
#define CH(c) { (c), false }

/* The first name of a key is the one shown; the rest are aliases. */
static const struct {
	const char *name;
	struct config_key key;
} key_names[] = {
	{ N_("Up"),        FN(UP) },
	{ N_("Down"),      FN(DOWN) },
	{ N_("Left"),      FN(LEFT) },
	{ N_("Right"),     FN(RIGHT) },
	{ N_("PgUp"),      FN(PGUP) },
	{ N_("PgDn"),      FN(PGDN) },
	{ N_("Home"),      FN(HOME) },
	{ N_("End"),       FN(END) },
	{ N_("S-Tab"),     FN(BTAB) },
	{ N_("Backspace"), FN(BACKSPACE) },
	{ N_("Del"),       FN(DEL) },
	{ N_("Ins"),       FN(INS) },
	{ N_("Enter"),     CH('\r') },
	{ N_("Tab"),       CH('\t') },
	{ N_("Space"),     CH(' ') },
	{ N_("Esc"),       CH(KEY_ESC) },
	{ "PageUp",        FN(PGUP) },
	{ "PageDown",      FN(PGDN) },
	{ "BackTab",       FN(BTAB) },
	{ "Delete",        FN(DEL) },
	{ "Insert",        FN(INS) },
	{ "Return",        CH('\r') },
	{ "Escape",        CH(KEY_ESC) },
	{ "Hash",          CH('#') },
};

#define NKEY_NAMES (sizeof(key_names) / sizeof(key_names[0]))

/* C-x, ^X: a letter or one of @[\]^_ with the control key. */
static bool control(int c, struct config_key *key)
{
	c = lower(c);
	if (!((c >= 'a' && c <= 'z') || (c && strchr("@[\\]^_", c))))
		return false;
	key->code = (uint32_t)c & 0x1f;
	key->fn = false;
	return true;
}

bool config_parse_key(const char *word, struct config_key *key)
{
	size_t len = strlen(word), i;
	struct strbuf sb = STRBUF_INIT;
	bool ok = false;
	uint32_t cp;

	/* tig writes <Up>, <C-l>: the brackets are optional. */
	if (len > 2 && word[0] == '<' && word[len - 1] == '>') {
		sb_add(&sb, word + 1, len - 2);
		word = sb_str(&sb);
		len -= 2;
	}
	if (len && utf8_decode(word, len, &cp) == len) {
		/* One character stands for itself. */
		ok = cp > 0x20 && cp != UTF8_REPLACEMENT && !sanitize_is_unsafe(cp);
		key->code = cp;
		key->fn = false;
	} else if (len == 2 && word[0] == '^') {
		ok = control((unsigned char)word[1], key);
	} else if (len == 3 && lower((unsigned char)word[0]) == 'c' && word[1] == '-') {
		ok = control((unsigned char)word[2], key);
	} else if ((len == 2 || len == 3) && lower((unsigned char)word[0]) == 'f' &&
		   word[1] >= '1' && word[1] <= '9' &&
		   (len == 2 || (word[2] >= '0' && word[2] <= '9'))) {
		int n = atoi(word + 1);

		ok = n >= 1 && n <= 12;
		key->code = (uint32_t)CONFIG_KEY_F(n);
		key->fn = true;
	} else {
		for (i = 0; i < NKEY_NAMES && !ok; i++)
			if (name_eq(key_names[i].name, word)) {
				*key = key_names[i].key;
				ok = true;
			}
	}
	sb_free(&sb);
	return ok;
}

const char *config_key_name(struct config_key key, char buf[8])
{
	size_t i;

	if (key.fn && key.code > CONFIG_KEY_F0 && key.code <= CONFIG_KEY_F(12)) {
		snprintf(buf, 8, "F%u", (unsigned)(key.code - CONFIG_KEY_F0));
		return buf;
	}
	if (key.fn || key.code <= ' ')
		for (i = 0; i < NKEY_NAMES; i++)
			if (key_names[i].key.fn == key.fn && key_names[i].key.code == key.code)
				return key_names[i].name;
	if (key.fn)
		return "?";
	if (key.code < 0x20) {
		snprintf(buf, 8, "C-%c", (char)(key.code + (key.code && key.code <= 26 ? 0x60 : 0x40)));
		return buf;
	}
	if (sanitize_is_unsafe(key.code) || key.code == UTF8_REPLACEMENT)
		return "?";
	buf[utf8_encode(key.code, buf)] = '\0';
	return buf;
}

bool config_parse_bool(const char *word, bool *value)
{
	static const char *const on[] = { "on", "yes", "true", "1" };
	static const char *const off[] = { "off", "no", "false", "0" };
	size_t i;

	for (i = 0; i < sizeof(on) / sizeof(on[0]); i++) {
		if (name_eq(on[i], word)) {
			*value = true;
			return true;
		}
		if (name_eq(off[i], word)) {
			*value = false;
			return true;
		}
	}
	return false;
}

/* ---- Colours and attributes ---------------------------------------------- */

/* In curses' order: COLOR_BLACK is 0 ... COLOR_WHITE is 7. */
static const char *const colour_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

static bool parse_colour(const char *word, int *colour)
{
	size_t i;

	if (name_eq("default", word)) {
		*colour = CONFIG_COLOUR_DEFAULT;
		return true;
	}
	for (i = 0; i < sizeof(colour_names) / sizeof(colour_names[0]); i++)
		if (name_eq(colour_names[i], word)) {
			*colour = (int)i;
			return true;
		}
	if (word[0] >= '0' && word[0] <= '9' && strlen(word) <= 3 &&
	    strspn(word, "0123456789") == strlen(word) && atoi(word) <= 255) {
		*colour = atoi(word);
		return true;
	}
	return false;
}

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{ "normal", 0 },
	{ "bold", CONFIG_ATTR_BOLD },
	{ "underline", CONFIG_ATTR_UNDERLINE },
	{ "reverse", CONFIG_ATTR_REVERSE },
	{ "dim", CONFIG_ATTR_DIM },
	{ "standout", CONFIG_ATTR_STANDOUT },
	{ "italic", CONFIG_ATTR_ITALIC },
	{ "blink", CONFIG_ATTR_BLINK },
};

static bool parse_attr(const char *word, unsigned *attrs)
{
	size_t i;

	for (i = 0; i < sizeof(attr_names) / sizeof(attr_names[0]); i++)
		if (name_eq(attr_names[i].name, word)) {
			*attrs |= attr_names[i].bit;
			return true;
		}
	return false;
}

/* ---- Lines ------------------------------------------------------------------- */

/* A word quoted in a message is cut short: the line it came from can be
 * of any length. */
#define SHOWN 60

struct line {
	struct config *cfg;
	const struct config_schema *schema;
	const char *file;         /* cfg's copy */
	unsigned lineno;
	struct diag_list *dl;
	char **w;                 /* the words, up to a comment */
	size_t nw;
};

static void line_error(struct line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void line_error(struct line *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(l->dl, DIAG_ERROR, l->file, l->lineno, fmt, ap);
	va_end(ap);
}

static struct config_directive *add(struct line *l, enum config_kind kind)
{
	struct config *cfg = l->cfg;
	struct config_directive *d;

	cfg->v = xgrow(cfg->v, &cfg->cap, cfg->n + 1, sizeof(*cfg->v));
	d = &cfg->v[cfg->n++];
	memset(d, 0, sizeof(*d));
	d->kind = kind;
	d->file = l->file;
	d->line = l->lineno;
	return d;
}

static void parse_bind(struct line *l)
{
	size_t map, req;
	struct config_key key;

	if (l->nw != 4) {
		line_error(l, _("expected bind KEYMAP KEY REQUEST"));
		return;
	}
	if (!lookup(&l->schema->keymaps, l->w[1], &map)) {
		line_error(l, _("unknown keymap '%.*s'"), SHOWN, l->w[1]);
		return;
	}
	if (!config_parse_key(l->w[2], &key)) {
		line_error(l, _("unknown key '%.*s'"), SHOWN, l->w[2]);
		return;
	}
	if (!lookup(&l->schema->requests, l->w[3], &req)) {
		line_error(l, _("unknown request '%.*s'"), SHOWN, l->w[3]);
		return;
	}
	{
		struct config_directive *d = add(l, CONFIG_BIND);

		d->bind.keymap = map;
		d->bind.key = key;
		d->bind.request = req;
	}
}

/* set NAME = VALUE, with or without blanks around the '='. */
static void parse_set(struct line *l)
{
	struct strbuf sb = STRBUF_INIT;
	char *name, *value, *eq;
	size_t i, opt;
	bool on;

	for (i = 1; i < l->nw; i++) {
		if (i > 1)
			sb_putc(&sb, ' ');
		sb_puts(&sb, l->w[i]);
	}
	name = sb.s ? sb.s : "";
	eq = strchr(name, '=');
	if (!eq) {
		line_error(l, _("expected set OPTION = VALUE"));
		goto out;
	}
	value = eq + 1;
	while (eq > name && eq[-1] == ' ')
		eq--;
	*eq = '\0';
	while (*value == ' ')
		value++;
	if (!*name || strchr(name, ' ') || !*value || strchr(value, ' ')) {
		line_error(l, _("expected set OPTION = VALUE"));
		goto out;
	}
	if (!lookup(&l->schema->options, name, &opt)) {
		line_error(l, _("unknown option '%.*s'"), SHOWN, name);
		goto out;
	}
	if (!config_parse_bool(value, &on)) {
		line_error(l, _("'%.*s' is neither on nor off"), SHOWN, value);
		goto out;
	}
	{
		struct config_directive *d = add(l, CONFIG_SET);

		d->set.option = opt;
		d->set.on = on;
	}
out:
	sb_free(&sb);
}

static void parse_color(struct line *l)
{
	size_t type, i;
	int fg, bg;
	unsigned attrs = 0;

	if (l->nw < 4) {
		line_error(l, _("expected color LINE-TYPE FG BG [ATTR]..."));
		return;
	}
	if (!lookup(&l->schema->line_types, l->w[1], &type)) {
		line_error(l, _("unknown line type '%.*s'"), SHOWN, l->w[1]);
		return;
	}
	for (i = 2; i < 4; i++)
		if (!parse_colour(l->w[i], i == 2 ? &fg : &bg)) {
			line_error(l, _("unknown colour '%.*s' (a name or 0-255)"),
				   SHOWN, l->w[i]);
			return;
		}
	for (i = 4; i < l->nw; i++)
		if (!parse_attr(l->w[i], &attrs)) {
			line_error(l, _("unknown attribute '%.*s'"), SHOWN, l->w[i]);
			return;
		}
	{
		struct config_directive *d = add(l, CONFIG_COLOR);

		d->color.line_type = type;
		d->color.fg = fg;
		d->color.bg = bg;
		d->color.attrs = attrs;
		d->color.attrs_given = l->nw > 4;
	}
}

/* Splits the n bytes at s into words (a word that starts with '#' starts
 * a comment) and parses them. */
static void parse_line(struct line *l, const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	char *p, *save = NULL;
	size_t cap = 0;

	l->nw = 0;
	if (memchr(s, '\0', n)) {
		line_error(l, _("a NUL byte in the line"));
		return;
	}
	sb_add(&sb, s, n);
	for (p = strtok_r(sb.s, " \t\r\f\v", &save); p && *p != '#';
	     p = strtok_r(NULL, " \t\r\f\v", &save)) {
		l->w = xgrow(l->w, &cap, l->nw + 1, sizeof(*l->w));
		l->w[l->nw++] = p;
	}
	if (l->nw == 0)
		;   /* blank or a comment */
	else if (name_eq("bind", l->w[0]))
		parse_bind(l);
	else if (name_eq("set", l->w[0]))
		parse_set(l);
	else if (name_eq("color", l->w[0]) || name_eq("colour", l->w[0]))
		parse_color(l);
	else
		line_error(l, _("unknown command '%.*s' (bind, set or color)"),
			   SHOWN, l->w[0]);
	free(l->w);
	l->w = NULL;
	sb_free(&sb);
}

void config_parse(struct config *cfg, const struct config_schema *schema,
		  const char *file, const char *text, size_t len,
		  struct diag_list *dl)
{
	struct line l = { cfg, schema, NULL, 0, dl, NULL, 0 };
	size_t off = 0;

	cfg->files = xgrow(cfg->files, &cfg->files_cap, cfg->nfiles + 1,
			   sizeof(*cfg->files));
	l.file = cfg->files[cfg->nfiles++] = xstrdup(file);
	/* A byte-order mark some editors write. */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		off = 3;
	while (off < len) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t end = nl ? (size_t)(nl - text) : len;

		l.lineno++;
		parse_line(&l, text + off, end - off);
		off = end + 1;
	}
}

bool config_read(struct config *cfg, const struct config_schema *schema,
		 const char *path, struct diag_list *dl)
{
	size_t len;
	char *text = fs_read_file(path, &len, NULL);

	if (!text) {
		if (errno == ENOENT || errno == ENOTDIR)
			return false;
		diag_add(dl, DIAG_ERROR, path, 0, _("cannot read the config file: %s"),
			 strerror(errno));
		return true;
	}
	config_parse(cfg, schema, path, text, len, dl);
	free(text);
	return true;
}

char *config_user_path(void)
{
	const char *env = getenv("ENROLLKB_CONFIG");

	return env && *env ? xstrdup(env) : fs_xdg_path(FS_XDG_CONFIG, "enrollkb/config");
}

size_t config_paths(bool user, char ***paths)
{
	char **v, *mine = user ? config_user_path() : NULL;
	size_t n = fs_xdg_dirs(FS_XDG_CONFIG_DIRS, "enrollkb/config", &v), cap = n, i;

	/* Read the most important last, so that it wins. */
	for (i = 0; i < n / 2; i++) {
		char *t = v[i];

		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
	if (mine) {
		v = xgrow(v, &cap, n + 1, sizeof(*v));
		v[n++] = mine;
	}
	*paths = v;
	return n;
}

void config_load(struct config *cfg, const struct config_schema *schema,
		 bool user, struct diag_list *dl)
{
	char **paths;
	size_t n = config_paths(user, &paths), i;

	for (i = 0; i < n; i++)
		config_read(cfg, schema, paths[i], dl);
	fs_xdg_dirs_free(paths, n);
}

void config_free(struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nfiles; i++)
		free(cfg->files[i]);
	free(cfg->files);
	free(cfg->v);
	memset(cfg, 0, sizeof(*cfg));
}
