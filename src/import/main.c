/* SPDX-License-Identifier: MIT */
/* main.c: enrollkb-import -- options, the input files, the exit status.
 *
 *   enrollkb-import -o DIR [--category NAME] [--title TITLE] FILE.md|DIR...
 *
 * Exit 0: everything imported; 1: something was left out or could not be
 * written (each with a file:line diagnostic on stderr); 2: usage. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <cmark-gfm-core-extensions.h>

#include "i18n.h"
#include "import.h"
#include "xalloc.h"

#define DEFAULT_TITLE "Microsoft Intune troubleshooting articles (imported)"

struct input {
	char *path;
	char *root;             /* realpath of the folder includes may come from */
	char *readme;           /* README.md of the folder it was found in, or NULL */
	bool walked;            /* found in a folder, not named */
};

struct inputs {
	struct input *v;
	size_t n, cap;
};

void import_skip(struct import *imp, const char *file, unsigned line,
		 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(&imp->dl, DIAG_WARNING, file, line, fmt, ap);
	va_end(ap);
	imp->skipped++;
}

static void usage(FILE *fp)
{
	fprintf(fp, "%s", _("Usage: enrollkb-import -o DIR [--category NAME] [--title TITLE] FILE.md|DIR...\n"
			     "Turn Microsoft's Intune troubleshooting articles (Markdown) into an enrollkb pack.\n"
			     "\n"
			     "  -o, --output DIR       write the pack (topics and imported.ditamap) into DIR\n"
			     "  -c, --category NAME    list every topic under NAME instead of the category rules\n"
			     "  -t, --title TITLE      the pack's title (its map's <title>)\n"
			     "  -h, --help             show this help and exit\n"
			     "      --version          show the version and exit\n"
			     "\n"
			     "A DIR is searched for *.md articles (with YAML front matter), README.md and\n"
			     "folders named includes or media left out.  SOURCE_DATE_EPOCH sets the import\n"
			     "date recorded in each topic.  Exit status: 0 all imported, 1 something was\n"
			     "left out (see the diagnostics), 2 usage error.\n"));
}

static void usage_error(const char *msg)
{
	fprintf(stderr, "enrollkb-import: %s\n", msg);
	fprintf(stderr, "%s", _("Try 'enrollkb-import --help'.\n"));
	exit(2);
}

static bool ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && strcasecmp(s + n - k, suffix) == 0;
}

static char *read_readme(const char *dir)
{
	char *path = xasprintf("%s/README.md", dir), *text = NULL;
	FILE *f = fopen(path, "rb");

	if (f) {
		struct strbuf sb = STRBUF_INIT;
		char buf[4096];
		size_t got;

		while ((got = fread(buf, 1, sizeof(buf), f)) > 0 && sb.len < (1u << 20))
			sb_add(&sb, buf, got);
		fclose(f);
		text = sb_detach(&sb);
	}
	free(path);
	return text;
}

static void input_add(struct inputs *in, const char *path, const char *root,
		      const char *readme, bool walked)
{
	in->v = xgrow(in->v, &in->cap, in->n + 1, sizeof(*in->v));
	in->v[in->n].path = xstrdup(path);
	in->v[in->n].root = xstrdup(root);
	in->v[in->n].readme = readme ? xstrdup(readme) : NULL;
	in->v[in->n].walked = walked;
	in->n++;
}

/* Every article under dir; symbolic links are not followed, so nothing
 * outside the folder is read. */
static void walk(struct import *imp, struct inputs *in, const char *dir,
		 const char *root, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *readme;

	if (!d) {
		import_skip(imp, dir, 0, _("cannot read folder: %s (left out)"), strerror(errno));
		return;
	}
	readme = read_readme(dir);
	while ((de = readdir(d)) != NULL) {
		char *path;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode) && depth < 32 &&
			    strcasecmp(de->d_name, "includes") != 0 &&
			    strcasecmp(de->d_name, "media") != 0)
				walk(imp, in, path, root, depth + 1);
			else if (S_ISREG(st.st_mode) && ends_with_ci(de->d_name, ".md") &&
				 strcasecmp(de->d_name, "README.md") != 0)
				input_add(in, path, root, readme, true);
		}
		free(path);
	}
	closedir(d);
	free(readme);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct input *)a)->path, ((const struct input *)b)->path);
}

static void collect(struct import *imp, struct inputs *in, char **args, int nargs)
{
	int i;

	for (i = 0; i < nargs; i++) {
		char *arg = xstrdup(args[i]), *real;
		size_t n = strlen(arg);
		struct stat st;

		while (n > 1 && arg[n - 1] == '/')
			arg[--n] = '\0';
		if (stat(arg, &st) != 0) {
			import_skip(imp, arg, 0, _("cannot read: %s (left out)"), strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			real = realpath(arg, NULL);
			walk(imp, in, arg, real ? real : arg, 0);
			free(real);
		} else {
			char *slash = strrchr(arg, '/');
			char *dir = slash ? xstrndup(arg, slash == arg ? 1 : (size_t)(slash - arg))
					  : xstrdup(".");

			real = realpath(dir, NULL);
			input_add(in, arg, real ? real : dir, NULL, false);
			free(real);
			free(dir);
		}
		free(arg);
	}
	qsort(in->v, in->n, sizeof(*in->v), by_path);
}

static char *today_from_env(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end, buf[16];
	long long v;
	time_t t;
	struct tm tm;

	if (!s || !*s)
		return NULL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < 0)
		usage_error(_("SOURCE_DATE_EPOCH must be a number of seconds since 1970"));
	t = (time_t)v;
	if (!gmtime_r(&t, &tm) || strftime(buf, sizeof(buf), "%Y-%m-%d", &tm) == 0)
		usage_error(_("SOURCE_DATE_EPOCH is out of range"));
	return xstrdup(buf);
}

static cmark_node *parse_md(const char *text, size_t len)
{
	static const char *const exts[] = { "table", "autolink", "strikethrough" };
	cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	cmark_node *doc;
	size_t i;

	if (!p)
		xalloc_die();
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		cmark_syntax_extension *ext = cmark_find_syntax_extension(exts[i]);

		if (ext)
			cmark_parser_attach_syntax_extension(p, ext);
	}
	cmark_parser_feed(p, text, len);
	doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	if (!doc)
		xalloc_die();
	return doc;
}

static bool same_file(const struct import *imp, const char *real)
{
	size_t i;

	for (i = 0; i < imp->nfiles; i++)
		if (strcmp(imp->files[i]->real, real) == 0)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output",   required_argument, NULL, 'o' },
		{ "category", required_argument, NULL, 'c' },
		{ "title",    required_argument, NULL, 't' },
		{ "help",     no_argument,       NULL, 'h' },
		{ "version",  no_argument,       NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	struct import imp;
	struct inputs in = { NULL, 0, 0 };
	const char *out = NULL;
	char *category = NULL, *title = NULL;
	int c, rc;
	size_t i;

	setlocale(LC_ALL, "");
	(void)bindtextdomain(PACKAGE, LOCALEDIR);
	(void)textdomain(PACKAGE);
	memset(&imp, 0, sizeof(imp));

	while ((c = getopt_long(argc, argv, "o:c:t:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'c':
			free(category);
			category = xstrdup(optarg);
			break;
		case 't':
			free(title);
			title = xstrdup(optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'v':
			printf("enrollkb-import %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage_error(_("unknown option"));
		}
	}
	if (!out || !*out)
		usage_error(_("no output folder: give -o DIR"));
	if (optind >= argc)
		usage_error(_("no input: give Markdown files or folders"));
	/* names shown in the browser: no control characters, no blank name */
	if (category) {
		text_squeeze(category);
		if (!*category)
			usage_error(_("--category needs a name"));
	}
	if (title) {
		text_squeeze(title);
		if (!*title)
			usage_error(_("--title needs a title"));
	}
	imp.category = category;
	imp.title = title ? title : DEFAULT_TITLE;
	imp.today = today_from_env();
	cmark_gfm_core_extensions_ensure_registered();

	collect(&imp, &in, argv + optind, argc - optind);
	for (i = 0; i < in.n; i++) {
		struct md_file *f;
		char *real = realpath(in.v[i].path, NULL);
		bool dup = real && same_file(&imp, real);

		free(real);
		if (dup)
			continue;
		f = md_file_read(&imp, in.v[i].path, in.v[i].root, in.v[i].readme);
		if (!f)
			continue;
		if (in.v[i].walked && !f->front_matter) {
			/* a fragment or notes, not an article */
			md_file_free(f);
			continue;
		}
		f->doc = parse_md(f->text, f->len);
		imp.files = xgrow(imp.files, &imp.files_cap, imp.nfiles + 1, sizeof(*imp.files));
		imp.files[imp.nfiles++] = f;
		outline_file(&imp, f);
	}
	outline_finish(&imp);

	rc = imp.skipped ? 1 : 0;
	if (!imp.ntopics) {
		diag_add(&imp.dl, DIAG_ERROR, NULL, 0, "%s", _("no article to import"));
		rc = 1;
	} else if (!write_pack(&imp, out)) {
		rc = 1;
	}
	diag_print_all(stderr, &imp.dl);

	for (i = 0; i < imp.ntopics; i++)
		topic_free(imp.topics[i]);
	free(imp.topics);
	for (i = 0; i < imp.nfiles; i++)
		md_file_free(imp.files[i]);
	free(imp.files);
	for (i = 0; i < in.n; i++) {
		free(in.v[i].path);
		free(in.v[i].root);
		free(in.v[i].readme);
	}
	free(in.v);
	diag_list_free(&imp.dl);
	free(imp.today);
	free(category);
	free(title);
	return rc;
}
