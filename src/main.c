/* SPDX-License-Identifier: MIT */
/* main.c: command line -> one of: the TUI, --list, --search, --show,
 * --validate, --checklist, --export, --cases, --packs (and --complete for
 * the shell completions).  Which packs load, in which order.  The only
 * place that decides to exit. */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "checklist.h"
#include "sanitize.h"
#include "cli.h"
#include "i18n.h"
#include "index_cache.h"
#include "pack.h"
#include "progress.h"
#include "search.h"
#include "strbuf.h"
#include "tui.h"
#include "xalloc.h"

enum mode {
	MODE_TUI,
	MODE_LIST,
	MODE_SEARCH,
	MODE_SHOW,
	MODE_VALIDATE,
	MODE_CHECKLIST,
	MODE_EXPORT,
	MODE_CASES,
	MODE_PACKS,
	MODE_COMPLETE
};

enum {
	OPT_NO_BUILTIN = CHAR_MAX + 1,
	OPT_CASES,
	OPT_RESET,
	OPT_EXPORT,
	OPT_FORMAT,
	OPT_VALIDATE,
	OPT_PACKS,
	OPT_ONLY,
	OPT_COMPLETE,
	OPT_RESTRICTED,
	OPT_ALL
};

struct options {
	enum mode mode;
	const char *arg;          /* QUERY or ID of the mode */
	const char **dirs;        /* --content and --only, in order */
	size_t ndirs;
	bool builtin;
	bool only;                /* --only: no built-in, system or user packs */
	int width;                /* 0 = automatic */
	const char *case_name;
	bool reset;
	const char *format;       /* --format, for --export */
	bool restricted;          /* --restricted or $ENROLLKB_RESTRICTED */
	char **real_dirs;         /* restricted: the dirs resolved (owned) */
	bool all;                 /* --search --all: the weak matches too */
	char *joined;             /* arg made of several words, freed at exit */
};

static const struct option long_options[] = {
	{ "list",       no_argument,       NULL, 'l' },
	/* the query is the words after it (or --search=QUERY), so that
	 * --all may stand anywhere */
	{ "search",     optional_argument, NULL, 's' },
	{ "show",       required_argument, NULL, 'S' },
	{ "validate",   no_argument,       NULL, OPT_VALIDATE },
	{ "packs",      no_argument,       NULL, OPT_PACKS },
	{ "checklist",  required_argument, NULL, 'k' },
	{ "reset",      no_argument,       NULL, OPT_RESET },
	{ "all",        no_argument,       NULL, OPT_ALL },
	{ "case",       required_argument, NULL, 'c' },
	{ "cases",      no_argument,       NULL, OPT_CASES },
	{ "export",     no_argument,       NULL, OPT_EXPORT },
	{ "format",     required_argument, NULL, OPT_FORMAT },
	{ "content",    required_argument, NULL, 'C' },
	{ "only",       required_argument, NULL, OPT_ONLY },
	{ "no-builtin", no_argument,       NULL, OPT_NO_BUILTIN },
	{ "restricted", no_argument,       NULL, OPT_RESTRICTED },
	{ "width",      required_argument, NULL, 'w' },
	{ "help",       no_argument,       NULL, 'h' },
	{ "version",    no_argument,       NULL, 'V' },
	{ "complete",   required_argument, NULL, OPT_COMPLETE },   /* not in --help */
	{ NULL, 0, NULL, 0 }
};

/* GNU coding standards: name and version, then copyright, licence and
 * warranty; the built-in content pack's title, version and date too. */
static void print_version(void)
{
	printf("%s %s\n", PACKAGE, VERSION);
	if (*builtin_pack_title || *builtin_pack_version || *builtin_pack_date)
		printf(_("Built-in content: %s, version %s, dated %s\n"),
		       *builtin_pack_title ? builtin_pack_title : "-",
		       *builtin_pack_version ? builtin_pack_version : "-",
		       *builtin_pack_date ? builtin_pack_date : "-");
	fputs(_("Copyright (C) 2026 The enrollkb authors.\n"
		"License: MIT <https://opensource.org/licenses/MIT>; the built-in\n"
		"content is under CC BY 4.0 <https://creativecommons.org/licenses/by/4.0/>.\n"
		"This is free software: you are free to change and redistribute it.\n"
		"There is NO WARRANTY, to the extent permitted by law.\n"), stdout);
}

static void usage(FILE *fp)
{
	fprintf(fp, _("Usage: %s [OPTION]... [QUERY...]\n"), PACKAGE);
	fputs(_("Browse and search the iOS/iPadOS Intune enrollment troubleshooting\n"
		"knowledge base.  With no option, open the full-screen browser\n"
		"(searching for QUERY when given).\n\n"), fp);
	fputs(_("Commands:\n"
		"  -l, --list             list categories and their articles (id TAB title)\n"
		"  -s, --search QUERY     ranked matches, one per line: id TAB category TAB title\n"
		"      --all              with --search: also the weak matches, with a fourth\n"
		"                         field, \"confident\" or \"weak\"\n"
		"  -S, --show ID          print an article (ID may be an error code)\n"
		"      --validate         report every problem in the content packs\n"
		"      --packs            list the loaded packs: title, version, path,\n"
		"                         articles, problems, articles replaced\n"
		"  -k, --checklist ID     print the article's checklist for the case as Markdown\n"
		"      --reset            with --checklist: clear that checklist\n"
		"      --export           print every article worked in the case, with its\n"
		"                         ticks, times and notes (--format markdown|text)\n"
		"      --cases            list checklist cases with their last change\n\n"), fp);
	fputs(_("Options:\n"
		"  -c, --case NAME        checklist case (default: $ENROLLKB_CASE, else the case\n"
		"                         last used in the browser, else \"default\")\n"
		"  -C, --content DIR      also load the pack in DIR (repeatable)\n"
		"      --only DIR         load the pack in DIR alone: no built-in, system\n"
		"                         or user packs (repeatable)\n"
		"      --no-builtin       do not load the built-in pack\n"
		"      --restricted       for a shared box: system packs only, no file\n"
		"                         written outside the state directory\n"
		"  -w, --width N          wrap --show output at N columns\n"
		"  -h, --help             show this help and exit\n"
		"  -V, --version          show the version and exit\n\n"), fp);
	fputs(_("Packs load in this order, a later article replacing an earlier one\n"
		"of the same id: built-in, system ($XDG_DATA_DIRS/enrollkb/packs/*/),\n"
		"user ($XDG_DATA_HOME/enrollkb/packs/*/), --content.\n\n"), fp);
	fputs(_("Several words of QUERY, quoted or not, are one query.\n\n"), fp);
	fputs(_("Exit status: 0 success or match, 1 no match or content errors,\n"
		"2 usage error or no terminal for the browser, 3 trouble (e.g. the\n"
		"checklist could not be saved).\n"), fp);
}

static void usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

/* A one-line complaint and a hint, exit 2 (GNU style). */
static void usage_error(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	/* the message quotes what was typed: shown, never obeyed */
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: ", PACKAGE);
	sanitize_fputs(sb_str(&sb), stderr, 0);
	sb_free(&sb);
	fprintf(stderr, _("\nTry '%s --help' for more information.\n"), PACKAGE);
	exit(EXIT_USAGE);
}

static void set_mode(struct options *o, enum mode m, const char *arg)
{
	if (o->mode != MODE_TUI && o->mode != m)
		usage_error("%s", _("only one of --list, --search, --show, --validate, --checklist, --export, --cases, --packs may be given"));
	o->mode = m;
	o->arg = arg;
}

/* first (may be NULL) and the n words, separated by spaces. */
static char *join_words(const char *first, char *const *words, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (first)
		sb_puts(&sb, first);
	for (i = 0; i < n; i++) {
		if (sb.len)
			sb_putc(&sb, ' ');
		sb_puts(&sb, words[i]);
	}
	return sb_detach(&sb);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	int c;

	/* getopt's own complaints would echo what was typed raw: ours quote
	 * it through the sanitiser.  -v is the older spelling of -V (GNU's
	 * --version). */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":lsS:k:c:C:w:hVv", long_options, NULL)) != -1) {
		switch (c) {
		case 'l': set_mode(o, MODE_LIST, NULL); break;
		case 's': set_mode(o, MODE_SEARCH, optarg); break;
		case 'S': set_mode(o, MODE_SHOW, optarg); break;
		case OPT_VALIDATE: set_mode(o, MODE_VALIDATE, NULL); break;
		case OPT_PACKS: set_mode(o, MODE_PACKS, NULL); break;
		case OPT_COMPLETE: set_mode(o, MODE_COMPLETE, optarg); break;
		case 'k': set_mode(o, MODE_CHECKLIST, optarg); break;
		case OPT_CASES: set_mode(o, MODE_CASES, NULL); break;
		case OPT_RESET: o->reset = true; break;
		case OPT_EXPORT: set_mode(o, MODE_EXPORT, NULL); break;
		case OPT_FORMAT: o->format = optarg; break;
		case OPT_ALL: o->all = true; break;
		case 'c': o->case_name = optarg; break;
		case OPT_ONLY:
			o->only = true;
			/* fall through */
		case 'C':
			o->dirs = xrealloc_array(o->dirs, o->ndirs + 1, sizeof(*o->dirs));
			o->dirs[o->ndirs++] = optarg;
			break;
		case OPT_NO_BUILTIN: o->builtin = false; break;
		case OPT_RESTRICTED: o->restricted = true; break;
		case 'w': {
			char *end;
			long n = strtol(optarg, &end, 10);

			if (*optarg == '\0' || *end != '\0' || n < 20 || n > 1000)
				usage_error(_("--width wants a number from 20 to 1000, not '%s'"), optarg);
			o->width = (int)n;
			break;
		}
		case 'h':
			usage(stdout);
			exit(EXIT_MATCH);
		case 'V':
		case 'v':
			print_version();
			exit(EXIT_MATCH);
		case ':':
			usage_error(_("option '%s' wants an argument"), argv[optind - 1]);
		default:
			if (optopt)
				usage_error(_("unknown option '-%c'"), optopt);
			usage_error(_("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind < argc) {
		/* the browser's QUERY and --search's are all the words left:
		 * enrollkb Profile Installation Failed */
		if (o->mode != MODE_TUI && o->mode != MODE_SEARCH)
			usage_error(_("unexpected argument '%s'"), argv[optind]);
		o->joined = join_words(o->mode == MODE_SEARCH ? o->arg : NULL,
				       argv + optind, (size_t)(argc - optind));
		o->arg = o->joined;
	}
	if (o->reset && o->mode != MODE_CHECKLIST)
		usage_error("%s", _("--reset goes with --checklist ID"));
	if (o->format && o->mode != MODE_EXPORT)
		usage_error("%s", _("--format goes with --export"));
	if (o->format && strcmp(o->format, "markdown") != 0 && strcmp(o->format, "text") != 0)
		usage_error(_("--format wants markdown or text, not '%s'"), o->format);
	if (o->all && o->mode != MODE_SEARCH)
		usage_error("%s", _("--all goes with --search QUERY"));
	if (o->mode == MODE_SEARCH && (!o->arg || o->arg[0] == '\0'))
		usage_error("%s", _("--search wants a non-empty query"));
	if (o->mode == MODE_COMPLETE && strcmp(o->arg, "ids") != 0 &&
	    strcmp(o->arg, "codes") != 0 && strcmp(o->arg, "cases") != 0)
		usage_error(_("--complete wants ids, codes or cases, not '%s'"), o->arg);
}

/* Restricted mode (like less's LESSSECURE), for a box where enrollkb is
 * all a user may run: $ENROLLKB_RESTRICTED set to anything but "" or "0"
 * turns it on, and nothing on the command line turns it off.  --content
 * then only takes a pack inside a system pack directory, loaded by its
 * real path (a symlink swapped after the check cannot lead elsewhere). */
static void restrict_options(struct options *o)
{
	const char *env = getenv("ENROLLKB_RESTRICTED");
	size_t i;

	if (env && *env && strcmp(env, "0") != 0)
		o->restricted = true;
	if (!o->restricted)
		return;
	o->real_dirs = xcalloc(o->ndirs + 1, sizeof(*o->real_dirs));
	for (i = 0; i < o->ndirs; i++) {
		o->real_dirs[i] = pack_system_realpath(o->dirs[i]);
		if (!o->real_dirs[i])
			usage_error(_("restricted mode: --content '%s' is not in a system pack "
				      "directory ($XDG_DATA_DIRS/enrollkb/packs)"), o->dirs[i]);
		o->dirs[i] = o->real_dirs[i];
	}
}

static void options_free(struct options *o)
{
	size_t i;

	for (i = 0; o->real_dirs && i < o->ndirs; i++)
		free(o->real_dirs[i]);
	free(o->real_dirs);
	free(o->dirs);
	free(o->joined);
}

/* The packs to load, in order of precedence (pack.h: a later article
 * replaces an earlier one of the same id): the built-in one, the system's,
 * the user's, then --content; with --only, those directories alone. */
struct packs {
	struct pack_set set;
	char **system_dirs, **user_dirs;
	size_t nsystem, nuser;
	const char **dirs;
};

static void packs_init(struct packs *p, const struct options *o)
{
	bool builtin = o->builtin && !o->only;
	size_t i, n = 0;

	p->system_dirs = p->user_dirs = NULL;
	p->nsystem = o->only ? 0 : pack_system_dirs(&p->system_dirs);
	p->nuser = o->only || o->restricted ? 0 : pack_user_dirs(&p->user_dirs);
	p->dirs = xmalloc_array(p->nsystem + p->nuser + o->ndirs + 1, sizeof(*p->dirs));
	for (i = 0; i < p->nsystem; i++)
		p->dirs[n++] = p->system_dirs[i];
	for (i = 0; i < p->nuser; i++)
		p->dirs[n++] = p->user_dirs[i];
	for (i = 0; i < o->ndirs; i++)
		p->dirs[n++] = o->dirs[i];
	p->set.builtin = builtin ? builtin_pack : NULL;
	p->set.nbuiltin = builtin ? builtin_pack_count : 0;
	p->set.dirs = p->dirs;
	p->set.ndirs = n;
}

static void packs_free(struct packs *p)
{
	free(p->dirs);
	pack_dirs_free(p->system_dirs, p->nsystem);
	pack_dirs_free(p->user_dirs, p->nuser);
}

/* Loads the packs; *builtin_only tells whether that was the built-in pack
 * alone, whose index was made at build time. */
static struct kb *load(const struct options *o, struct diag_list *dl,
		       bool *builtin_only)
{
	struct packs p;
	struct kb *kb;

	packs_init(&p, o);
	kb = pack_load(&p.set, dl);
	*builtin_only = p.set.builtin && p.set.ndirs == 0;
	packs_free(&p);
	return kb;
}

/* A save that has to wait for another enrollkb's lock says so at once
 * (the browser does not set this: its status line tells). */
static void say_waiting(const char *lock_path, const char *case_name)
{
	char *lock = sanitize_dup(lock_path, 0), *name = sanitize_dup(case_name, 0);

	fprintf(stderr, _("%s: case '%s' is locked by another enrollkb process (%s); "
			  "waiting up to %u seconds...\n"),
		PACKAGE, name, lock, PROGRESS_LOCK_WAIT_MS / 1000);
	free(lock);
	free(name);
}

/* Every mode but --validate shows the load's errors on stderr. */
static void print_errors(const struct diag_list *dl)
{
	for (size_t i = 0; i < dl->n; i++)
		if (dl->v[i].severity == DIAG_ERROR)
			diag_print(stderr, &dl->v[i]);
}

/* --search: for the built-in pack alone, from the index embedded at
 * build time; else from the index cache when it is valid for these packs
 * (no pack is parsed then); otherwise load, answer, then save the cache
 * for the next time.  The same lines every way: all print from an index. */
static int search(const struct options *o)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct pack_sources src = PACK_SOURCES_INIT;
	struct index_cache_key key;
	struct index_cache *cache;
	struct packs p;
	char *path;
	int rc;

	packs_init(&p, o);
	/* The built-in pack alone (as packs_init decided): its index was
	 * made with the program (builtin.h), and the pack loads with no
	 * diagnostics or the build fails -- nothing to parse, build, print
	 * on stderr or cache.  A program whose index format moved on since
	 * falls through to the usual way. */
	if (p.set.builtin && p.set.ndirs == 0) {
		struct search_index *idx = builtin_index();

		if (idx) {
			rc = cli_search_index(idx, o->arg, o->all, stdout);
			if (fflush(stdout) != 0 && rc == EXIT_MATCH)
				rc = EXIT_TROUBLE;
			search_index_free(idx);
			packs_free(&p);
			return rc;
		}
	}
	key.set = &p.set;
	key.builtin_id = builtin_pack_id;
	key.program = NULL;
	/* Restricted: nothing is written outside the state directory, so
	 * no index cache (and none read: every search builds its own). */
	path = o->restricted ? NULL : index_cache_path(&key);
	cache = path ? index_cache_open(path, &key) : NULL;
	if (cache) {
		print_errors(index_cache_diags(cache));
		rc = cli_search_index(index_cache_index(cache), o->arg, o->all, stdout);
		if (fflush(stdout) != 0 && rc == EXIT_MATCH)
			rc = EXIT_TROUBLE;
		index_cache_close(cache);
	} else {
		int64_t start = index_cache_now();
		struct kb *kb = pack_load_traced(&p.set, &dl, path ? &src : NULL);
		struct search_builder *b;
		struct search_index *idx;

		print_errors(&dl);
		/* The index holds all that is printed: the kb goes as soon as
		 * its text is indexed, and its memory back to the system
		 * (glibc keeps freed heap pages otherwise), before the index's
		 * big arrays are made -- the peak of a big pack's first run. */
		b = search_index_begin(kb);
		kb_free(kb);
#ifdef __GLIBC__
		malloc_trim(0);
#endif
		idx = search_index_finish(b);
		rc = cli_search_index(idx, o->arg, o->all, stdout);
		/* answer first; a cache that cannot be saved changes nothing */
		if (fflush(stdout) != 0 && rc == EXIT_MATCH)
			rc = EXIT_TROUBLE;
		if (path)
			index_cache_save(path, &key, idx, &dl, &src, start);
		search_index_free(idx);
	}
	free(path);
	pack_sources_free(&src);
	diag_list_free(&dl);
	packs_free(&p);
	return rc;
}

static char *last_browser_case(void)
{
	char *dir = progress_default_dir(), *name = checklist_last_case(dir);

	free(dir);
	return name;
}

int main(int argc, char **argv)
{
	struct options o = { .mode = MODE_TUI, .builtin = true };
	struct diag_list dl = DIAG_LIST_INIT;
	struct search_index *idx = NULL;
	struct progress *prog = NULL;
	char *state_dir = NULL, *last_case = NULL;
	struct kb *kb;
	bool builtin_only;
	int rc;

	setlocale(LC_ALL, "");
	/* ENROLLKB_LOCALEDIR lets the tests use the catalogs built in the
	 * tree before anything is installed; secure_getenv keeps a setuid or
	 * setgid run on the installed ones. */
	{
		const char *dir = secure_getenv("ENROLLKB_LOCALEDIR");

		(void)bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
	}
	(void)textdomain(PACKAGE);

	parse_args(argc, argv, &o);
	restrict_options(&o);
	if (!o.case_name || !*o.case_name)
		o.case_name = getenv("ENROLLKB_CASE");

	if (o.mode == MODE_CASES || (o.mode == MODE_COMPLETE && strcmp(o.arg, "cases") == 0)) {
		state_dir = progress_default_dir();
		rc = o.mode == MODE_CASES ? cli_cases(state_dir, stdout)
					  : cli_complete(NULL, o.arg, state_dir, stdout);
		free(state_dir);
		options_free(&o);
		return rc;
	}
	if (o.mode == MODE_SEARCH) {
		rc = search(&o);
		options_free(&o);
		return rc;
	}

	/* Else the case last worked in the browser. */
	if (!o.case_name || !*o.case_name)
		o.case_name = last_case = last_browser_case();

	/* Before loading anything: the browser needs a terminal. */
	if (o.mode == MODE_TUI && !tui_check_terminal(stderr)) {
		options_free(&o);
		free(last_case);
		return EXIT_USAGE;
	}

	kb = load(&o, &dl, &builtin_only);
	/* --validate prints them all; --packs counts them; a completion has
	 * no one to tell */
	if (o.mode != MODE_VALIDATE && o.mode != MODE_PACKS && o.mode != MODE_COMPLETE)
		print_errors(&dl);

	switch (o.mode) {
	case MODE_VALIDATE:
		rc = cli_validate(&dl, stdout);
		break;
	case MODE_PACKS:
		rc = cli_packs(kb, stdout);
		break;
	case MODE_COMPLETE:
		rc = cli_complete(kb, o.arg, NULL, stdout);
		break;
	case MODE_SHOW:
		rc = cli_show(kb, o.arg, o.width ? o.width : cli_output_width(stdout), stdout);
		break;
	case MODE_CHECKLIST:
	case MODE_EXPORT: {
		struct diag_list pdl = DIAG_LIST_INIT;

		state_dir = progress_default_dir();
		progress_set_wait_hook(say_waiting);
		prog = progress_open(state_dir, o.case_name, &pdl);
		diag_print_all(stderr, &pdl);
		diag_list_free(&pdl);
		if (o.mode == MODE_EXPORT)
			rc = cli_export(kb, prog, o.format && strcmp(o.format, "text") == 0
					? PROGRESS_TEXT : PROGRESS_MARKDOWN, stdout);
		else
			rc = cli_checklist(kb, prog, o.arg, o.reset, stdout);
		progress_close(prog);
		break;
	}
	case MODE_TUI: {
		struct diag_list pdl = DIAG_LIST_INIT;
		struct tui_checklist ck;

		idx = builtin_only ? builtin_index() : NULL;
		if (!idx)
			idx = search_index_build(kb);
		/* Its warnings go to the status line, not to a terminal that
		 * is about to be taken over; tui_run closes the store. */
		state_dir = progress_default_dir();
		ck.store = progress_open(state_dir, o.case_name, &pdl);
		ck.state_dir = state_dir;
		ck.warnings = &pdl;
		ck.restricted = o.restricted;
		rc = tui_run(kb, idx, &dl, o.arg, &ck);
		diag_list_free(&pdl);
		break;
	}
	case MODE_LIST:
	default:
		rc = cli_list(kb, stdout);
		break;
	}
	if (fflush(stdout) != 0 && rc == EXIT_MATCH)
		rc = EXIT_TROUBLE;
	search_index_free(idx);
	free(state_dir);
	kb_free(kb);
	diag_list_free(&dl);
	options_free(&o);
	free(last_case);
	return rc;
}
