/* SPDX-License-Identifier: MIT */
/* test_config.c: the config file (src/core/config_file.c) -- bind, set
 * and color lines to directives, names checked against the tables the
 * caller passes in, errors at file:line with the rest of the file still
 * applied, key names both ways, and which files are read in which order. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config_file.h"
#include "fsutil.h"
#include "strbuf.h"
#include "xalloc.h"

static const char *const keymaps[] = { "generic", "article" };
static const char *const requests[] = { "none", "MOVE_DOWN", "HELP", NULL };
static const char *const line_types[] = { "title", NULL, "status", "link" };
static const char *const options[] = { "mouse", "osc52", "hyperlinks" };

#define TABLE(a) { (a), sizeof(a) / sizeof((a)[0]) }
static const struct config_schema schema = {
	TABLE(keymaps), TABLE(requests), TABLE(line_types), TABLE(options)
};

static struct config cfg;
static struct diag_list dl;

static void reset(void)
{
	memset(&cfg, 0, sizeof(cfg));
	memset(&dl, 0, sizeof(dl));
}

static void release(void)
{
	config_free(&cfg);
	diag_list_free(&dl);
}

TestSuite(config, .init = reset, .fini = release);

static void parse(const char *text)
{
	config_parse(&cfg, &schema, "rc", text, strlen(text), &dl);
}

/* The diagnostic at index i is an error at rc:line whose message
 * contains part. */
static void expect_error(size_t i, unsigned line, const char *part)
{
	cr_assert_lt(i, dl.n, "diagnostic %zu of %zu", i, dl.n);
	cr_expect_eq(dl.v[i].severity, DIAG_ERROR);
	cr_expect_str_eq(dl.v[i].file, "rc");
	cr_expect_eq(dl.v[i].line, line, "line %u, wanted %u (%s)", dl.v[i].line, line,
		     dl.v[i].message);
	cr_expect(strstr(dl.v[i].message, part), "'%s' has no '%s'", dl.v[i].message, part);
}

Test(config, every_kind_of_line)
{
	parse("# a comment\n"
	      "\n"
	      "bind generic J move-down\n"
	      "  bind\tarticle <C-l> help   # after the words\n"
	      "set mouse = off\n"
	      "set osc52=on\n"
	      "color status white 4 bold underline\n"
	      "colour link default 200\n");
	cr_assert_eq(dl.n, 0, "%s", dl.n ? dl.v[0].message : "");
	cr_assert_eq(cfg.n, 6);

	cr_expect_eq(cfg.v[0].kind, CONFIG_BIND);
	cr_expect_eq(cfg.v[0].line, 3);
	cr_expect_str_eq(cfg.v[0].file, "rc");
	cr_expect_eq(cfg.v[0].bind.keymap, 0);
	cr_expect_eq(cfg.v[0].bind.key.code, 'J');
	cr_expect_not(cfg.v[0].bind.key.fn);
	cr_expect_eq(cfg.v[0].bind.request, 1, "move-down is MOVE_DOWN");

	cr_expect_eq(cfg.v[1].bind.keymap, 1);
	cr_expect_eq(cfg.v[1].bind.key.code, 0x0c);
	cr_expect_eq(cfg.v[1].bind.request, 2);

	cr_expect_eq(cfg.v[2].kind, CONFIG_SET);
	cr_expect_eq(cfg.v[2].set.option, 0);
	cr_expect_not(cfg.v[2].set.on);
	cr_expect_eq(cfg.v[3].set.option, 1);
	cr_expect(cfg.v[3].set.on);

	cr_expect_eq(cfg.v[4].kind, CONFIG_COLOR);
	cr_expect_eq(cfg.v[4].line, 7);
	cr_expect_eq(cfg.v[4].color.line_type, 2);
	cr_expect_eq(cfg.v[4].color.fg, 7);
	cr_expect_eq(cfg.v[4].color.bg, 4);
	cr_expect_eq(cfg.v[4].color.attrs, CONFIG_ATTR_BOLD | CONFIG_ATTR_UNDERLINE);
	cr_expect(cfg.v[4].color.attrs_given);

	cr_expect_eq(cfg.v[5].color.line_type, 3);
	cr_expect_eq(cfg.v[5].color.fg, CONFIG_COLOUR_DEFAULT);
	cr_expect_eq(cfg.v[5].color.bg, 200);
	cr_expect_eq(cfg.v[5].color.attrs, 0);
	cr_expect_not(cfg.v[5].color.attrs_given, "no ATTR: the caller keeps its own");
}

Test(config, bad_lines_are_reported_and_the_rest_applies)
{
	static const struct {
		unsigned line;
		const char *part;
	} want[] = {
		{ 2, "unknown keymap 'nowhere'" },
		{ 3, "unknown key 'Pause'" },
		{ 4, "unknown request 'fly'" },
		{ 5, "bind KEYMAP KEY REQUEST" },
		{ 6, "set OPTION = VALUE" },
		{ 7, "'maybe'" },
		{ 8, "unknown option 'colours'" },
		{ 9, "unknown line type 'nothing'" },
		{ 10, "unknown colour '256'" },
		{ 11, "unknown attribute 'shiny'" },
		{ 12, "color LINE-TYPE FG BG" },
		{ 13, "unknown command 'frobnicate'" },
	};
	size_t i;

	parse("bind generic j move-down\n"
	      "bind nowhere j move-down\n"
	      "bind generic Pause move-down\n"
	      "bind generic j fly\n"
	      "bind generic j\n"
	      "set mouse off\n"
	      "set mouse = maybe\n"
	      "set colours = on\n"
	      "color nothing red blue\n"
	      "color title red 256\n"
	      "color title red blue shiny\n"
	      "color title red\n"
	      "frobnicate\n"
	      "set hyperlinks = no\n");
	cr_assert_eq(cfg.n, 2, "the good lines apply");
	cr_expect_eq(cfg.v[0].line, 1);
	cr_expect_eq(cfg.v[1].line, 14);
	cr_expect_not(cfg.v[1].set.on);
	cr_assert_eq(dl.n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < dl.n; i++)
		expect_error(i, want[i].line, want[i].part);
}

Test(config, names_ignore_case_and_dash_or_underscore)
{
	parse("BIND Generic j Move_Down\n"
	      "Set MOUSE = ON\n"
	      "COLOR Status RED Default BOLD\n"
	      "bind generic k move--down\n"     /* not the same name */
	      "bind generic k movedown\n");
	cr_expect_eq(cfg.n, 3);
	cr_expect_eq(dl.n, 2);
}

Test(config, null_table_entries_are_no_names)
{
	/* requests[3] and line_types[1] are NULL: nothing matches them, and
	 * "(null)" is no name either. */
	parse("bind generic j (null)\ncolor (null) red blue\n");
	cr_expect_eq(cfg.n, 0);
	cr_expect_eq(dl.n, 2);
}

Test(config, set_takes_blanks_around_the_equals_sign_or_none)
{
	static const char *const ok[] = {
		"set mouse=off", "set mouse = off", "set mouse= off", "set mouse =off",
		"set mouse\t=\toff", "set mouse = 0", "set mouse = no", "set mouse = False",
	};
	static const char *const bad[] = {
		"set", "set mouse", "set mouse off", "set = off", "set mouse =",
		"set mouse = off on", "set mo use = off", "set mouse == off",
	};
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		reset();
		parse(ok[i]);
		cr_expect_eq(cfg.n, 1, "%s", ok[i]);
		cr_expect_eq(dl.n, 0, "%s", ok[i]);
		cr_expect(cfg.n == 1 && !cfg.v[0].set.on, "%s", ok[i]);
		release();
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		reset();
		parse(bad[i]);
		cr_expect_eq(cfg.n, 0, "%s", bad[i]);
		cr_expect_eq(dl.n, 1, "%s", bad[i]);
		release();
	}
	reset();
}

Test(config, booleans)
{
	static const char *const on[] = { "on", "ON", "yes", "true", "1" };
	static const char *const off[] = { "off", "No", "false", "0" };
	static const char *const neither[] = { "", "2", "onn", "y", "enabled" };
	size_t i;
	bool v;

	for (i = 0; i < sizeof(on) / sizeof(on[0]); i++)
		cr_expect(config_parse_bool(on[i], &v) && v, "%s", on[i]);
	for (i = 0; i < sizeof(off) / sizeof(off[0]); i++)
		cr_expect(config_parse_bool(off[i], &v) && !v, "%s", off[i]);
	for (i = 0; i < sizeof(neither) / sizeof(neither[0]); i++)
		cr_expect_not(config_parse_bool(neither[i], &v), "%s", neither[i]);
}

Test(config, colours_by_name_and_number)
{
	parse("color title black white\n"
	      "color title magenta cyan\n"
	      "color title 0 255\n"
	      "color title 007 default normal\n"
	      "color title -1 red\n"
	      "color title 1000 red\n"
	      "color title 2x red\n"
	      "color title purple red\n");
	cr_assert_eq(cfg.n, 4);
	cr_expect_eq(cfg.v[0].color.fg, 0);
	cr_expect_eq(cfg.v[0].color.bg, 7);
	cr_expect_eq(cfg.v[1].color.fg, 5);
	cr_expect_eq(cfg.v[1].color.bg, 6);
	cr_expect_eq(cfg.v[2].color.fg, 0);
	cr_expect_eq(cfg.v[2].color.bg, 255);
	cr_expect_eq(cfg.v[3].color.fg, 7);
	cr_expect_eq(cfg.v[3].color.bg, CONFIG_COLOUR_DEFAULT);
	cr_expect_eq(cfg.v[3].color.attrs, 0);
	cr_expect(cfg.v[3].color.attrs_given, "normal counts: no attributes at all");
	cr_expect_eq(dl.n, 4);
}

Test(config, every_attribute)
{
	parse("color title red blue bold underline reverse dim standout italic blink\n");
	cr_assert_eq(cfg.n, 1);
	cr_expect_eq(cfg.v[0].color.attrs,
		     CONFIG_ATTR_BOLD | CONFIG_ATTR_UNDERLINE | CONFIG_ATTR_REVERSE |
		     CONFIG_ATTR_DIM | CONFIG_ATTR_STANDOUT | CONFIG_ATTR_ITALIC |
		     CONFIG_ATTR_BLINK);
}

Test(config, line_endings_bom_blank_and_comment_lines)
{
	/* CRLF, a byte-order mark, a last line without a newline, blanks of
	 * all kinds; '#' starts a comment only where a word starts. */
	parse("\xEF\xBB\xBF"
	      "bind generic j move-down\r\n"
	      "\t \r\n"
	      "   # indented comment\n"
	      "#bind generic j help\n"
	      "bind generic Hash help # '#' itself is Hash\n"
	      "bind generic x# help\n"
	      "set mouse = off");
	cr_assert_eq(dl.n, 1);
	expect_error(0, 6, "unknown key 'x#'");
	cr_assert_eq(cfg.n, 3);
	cr_expect_eq(cfg.v[0].line, 1);
	cr_expect_eq(cfg.v[1].bind.key.code, '#');
	cr_expect_eq(cfg.v[1].line, 5);
	cr_expect_eq(cfg.v[2].line, 7);
}

Test(config, a_nul_byte_spoils_only_its_line)
{
	static const char text[] = "bind generic j move-down\nbind generic k\0 help\nset mouse = off\n";

	config_parse(&cfg, &schema, "rc", text, sizeof(text) - 1, &dl);
	cr_expect_eq(cfg.n, 2);
	cr_assert_eq(dl.n, 1);
	expect_error(0, 2, "NUL");
}

Test(config, an_empty_file)
{
	parse("");
	cr_expect_eq(cfg.n, 0);
	cr_expect_eq(dl.n, 0);
	cr_expect_eq(cfg.nfiles, 1);
}

struct key_case {
	const char *word;
	uint32_t code;
	bool fn;
};

Test(config, key_names)
{
	static const struct key_case cases[] = {
		{ "j", 'j', false },
		{ "J", 'J', false },
		{ "?", '?', false },
		{ "<", '<', false },
		{ "^", '^', false },
		{ ">", '>', false },
		{ "\xc3\xb6", 0xf6, false },            /* ö */
		{ "C-l", 0x0c, false },
		{ "c-L", 0x0c, false },
		{ "^L", 0x0c, false },
		{ "<C-l>", 0x0c, false },
		{ "C-[", 27, false },
		{ "C-@", 0, false },
		{ "Up", CONFIG_KEY_UP, true },
		{ "<Up>", CONFIG_KEY_UP, true },
		{ "DOWN", CONFIG_KEY_DOWN, true },
		{ "PgDn", CONFIG_KEY_PGDN, true },
		{ "PageDown", CONFIG_KEY_PGDN, true },
		{ "S-Tab", CONFIG_KEY_BTAB, true },
		{ "BackTab", CONFIG_KEY_BTAB, true },
		{ "Del", CONFIG_KEY_DEL, true },
		{ "Backspace", CONFIG_KEY_BACKSPACE, true },
		{ "F1", CONFIG_KEY_F(1), true },
		{ "f12", CONFIG_KEY_F(12), true },
		{ "Enter", '\r', false },
		{ "Return", '\r', false },
		{ "Tab", '\t', false },
		{ "Space", ' ', false },
		{ "Esc", 27, false },
		{ "Escape", 27, false },
		{ "Hash", '#', false },
	};
	static const char *const bad[] = {
		"", "jk", "F0", "F13", "F01", "C-", "C-1", "C-ll", "<>", "<Nope>",
		"\x1b", "\x7f", "\xc2\x9b", "\xff", "\xe2\x80\xae", "Pause", "Ctrl-l",
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct config_key k = { 12345, true };

		cr_expect(config_parse_key(cases[i].word, &k), "%s", cases[i].word);
		cr_expect_eq(k.code, cases[i].code, "%s: %u", cases[i].word, (unsigned)k.code);
		cr_expect_eq(k.fn, cases[i].fn, "%s", cases[i].word);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct config_key k;

		cr_expect_not(config_parse_key(bad[i], &k), "bad[%zu]", i);
	}
}

/* What the help shows is what the config takes. */
Test(config, key_names_round_trip)
{
	static const struct config_key keys[] = {
		{ 'j', false }, { 'G', false }, { '/', false }, { 0xf6, false },
		{ 0x0c, false }, { 0x01, false }, { 0x1a, false }, { 0x1c, false },
		{ '\r', false }, { '\t', false }, { ' ', false }, { 27, false },
		{ CONFIG_KEY_UP, true }, { CONFIG_KEY_PGUP, true }, { CONFIG_KEY_BTAB, true },
		{ CONFIG_KEY_INS, true }, { CONFIG_KEY_F(1), true }, { CONFIG_KEY_F(12), true },
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char buf[8];
		const char *name = config_key_name(keys[i], buf);
		struct config_key back;

		cr_expect(config_parse_key(name, &back), "%s", name);
		cr_expect(back.code == keys[i].code && back.fn == keys[i].fn, "%s", name);
	}
}

Test(config, key_names_shown)
{
	static const struct {
		struct config_key key;
		const char *name;
	} cases[] = {
		{ { 'j', false }, "j" },
		{ { 0x0c, false }, "C-l" },
		{ { 0x1c, false }, "C-\\" },
		{ { 0, false }, "C-@" },
		{ { ' ', false }, "Space" },
		{ { '\r', false }, "Enter" },
		{ { 27, false }, "Esc" },
		{ { CONFIG_KEY_PGDN, true }, "PgDn" },
		{ { CONFIG_KEY_F(5), true }, "F5" },
		{ { 0x9b, false }, "?" },
		{ { 0x7f, false }, "?" },
		{ { 999, true }, "?" },
		{ { 0x10FFFF + 1, false }, "?" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[8];

		cr_expect_str_eq(config_key_name(cases[i].key, buf), cases[i].name);
	}
}

/* Hostile bytes stay in the message as they were; diag_print (through
 * the sanitiser) is what shows them. */
Test(config, hostile_words_never_reach_a_terminal_raw)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp;

	parse("bind generic j \x1b]52;c;bad\x07\n");
	cr_assert_eq(dl.n, 1);
	fp = open_memstream(&out, &len);
	cr_assert_not_null(fp);
	diag_print(fp, &dl.v[0]);
	fclose(fp);
	cr_expect_null(memchr(out, 0x1b, len), "%s", out);
	cr_expect_null(memchr(out, 0x07, len), "%s", out);
	cr_expect(strstr(out, "rc:1: "), "%s", out);
	free(out);
}

Test(config, long_words_are_cut_short_in_messages)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	sb_puts(&sb, "bind generic j ");
	for (i = 0; i < 10000; i++)
		sb_putc(&sb, 'x');
	parse(sb_str(&sb));
	sb_free(&sb);
	cr_assert_eq(dl.n, 1);
	cr_expect_lt(strlen(dl.v[0].message), 200);
}

/* ---- Files ------------------------------------------------------------------- */

static char *tmp;

static void files_setup(void)
{
	const char *base = getenv("TMPDIR");

	reset();
	tmp = xasprintf("%s/enrollkb-config.XXXXXX", base && *base ? base : "/tmp");
	cr_assert_not_null(mkdtemp(tmp));
}

static void files_teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", tmp);

	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmp);
	free(cmd);
	free(tmp);
	release();
}

TestSuite(config_files, .init = files_setup, .fini = files_teardown);

/* Writes text to DIR/enrollkb/config under tmp; returns the directory. */
static char *put(const char *dir, const char *text)
{
	char *base = xasprintf("%s/%s", tmp, dir), *sub = xasprintf("%s/enrollkb", base);
	char *path = xasprintf("%s/config", sub);

	cr_assert(fs_mkdirs(sub, 0700));
	cr_assert(fs_replace_file(path, text, strlen(text), 0600));
	free(sub);
	free(path);
	return base;
}

Test(config_files, a_missing_file_is_no_error)
{
	char *path = xasprintf("%s/none", tmp);

	cr_expect_not(config_read(&cfg, &schema, path, &dl));
	cr_expect_eq(dl.n, 0);
	free(path);
}

Test(config_files, an_unreadable_one_is)
{
	cr_expect(config_read(&cfg, &schema, tmp, &dl), "a directory");
	cr_assert_eq(dl.n, 1);
	cr_expect_str_eq(dl.v[0].file, tmp);
	cr_expect_eq(dl.v[0].line, 0);
}

Test(config_files, system_files_first_the_user_file_last)
{
	char *sys1 = put("sys1", "set mouse = off\n");
	char *sys2 = put("sys2", "set mouse = on\nbind generic x nope\n");
	char *user = put("user", "set osc52 = off\n");
	char *env = xasprintf("%s:%s", sys1, sys2), *want;
	char **paths;
	size_t n;

	setenv("XDG_CONFIG_DIRS", env, 1);
	setenv("XDG_CONFIG_HOME", user, 1);
	unsetenv("ENROLLKB_CONFIG");
	n = config_paths(true, &paths);
	cr_assert_eq(n, 3);
	fs_xdg_dirs_free(paths, n);
	n = config_paths(false, &paths);
	cr_expect_eq(n, 2, "without the user's file (restricted mode)");
	fs_xdg_dirs_free(paths, n);

	config_load(&cfg, &schema, true, &dl);
	cr_assert_eq(cfg.n, 3);
	/* sys1 is listed first, so it is the more important: read after sys2. */
	cr_expect(cfg.v[0].set.on);
	cr_expect_not(cfg.v[1].set.on);
	cr_expect_eq(cfg.v[2].set.option, 1);
	want = xasprintf("%s/enrollkb/config", sys1);
	cr_expect_str_eq(cfg.v[1].file, want);
	free(want);
	want = xasprintf("%s/enrollkb/config", sys2);
	cr_assert_eq(dl.n, 1);
	cr_expect_str_eq(dl.v[0].file, want, "errors name the file they are in");
	cr_expect_eq(dl.v[0].line, 2);
	free(want);
	free(env);
	free(sys1);
	free(sys2);
	free(user);
}

Test(config_files, enrollkb_config_replaces_the_user_file)
{
	char *sys = put("sys", "set mouse = off\n");
	char *user = put("user", "set osc52 = off\n");
	char *other = put("other", "set hyperlinks = off\n");
	char *path = xasprintf("%s/enrollkb/config", other);

	setenv("XDG_CONFIG_DIRS", sys, 1);
	setenv("XDG_CONFIG_HOME", user, 1);
	setenv("ENROLLKB_CONFIG", path, 1);
	config_load(&cfg, &schema, true, &dl);
	cr_assert_eq(cfg.n, 2);
	cr_expect_eq(cfg.v[0].set.option, 0);
	cr_expect_eq(cfg.v[1].set.option, 2);
	cr_expect_eq(dl.n, 0);
	config_free(&cfg);

	setenv("ENROLLKB_CONFIG", "", 1);   /* empty: as if unset */
	config_load(&cfg, &schema, true, &dl);
	cr_assert_eq(cfg.n, 2);
	cr_expect_eq(cfg.v[1].set.option, 1);
	unsetenv("ENROLLKB_CONFIG");
	free(sys);
	free(user);
	free(other);
	free(path);
}

Test(config_files, the_defaults_without_variables)
{
	char **paths;
	size_t n;

	unsetenv("XDG_CONFIG_DIRS");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("ENROLLKB_CONFIG");
	setenv("HOME", "/home/someone", 1);
	n = config_paths(true, &paths);
	cr_assert_eq(n, 2);
	cr_expect_str_eq(paths[0], "/etc/xdg/enrollkb/config");
	cr_expect_str_eq(paths[1], "/home/someone/.config/enrollkb/config");
	fs_xdg_dirs_free(paths, n);
	unsetenv("HOME");
	n = config_paths(true, &paths);
	cr_expect_eq(n, 1, "no home: the system file alone");
	fs_xdg_dirs_free(paths, n);
}
