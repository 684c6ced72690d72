/* SPDX-License-Identifier: MIT */
/* driver.c: a fuzz target as a plain program, for make check.
 *
 *   replay-TARGET FILE|DIR...
 *
 * runs LLVMFuzzerTestOneInput once per file (a directory: each regular
 * file in it, by name), printing each name first so that a crash or a
 * sanitizer report names its input.  Exit status 0 when every input ran,
 * 1 when one could not be read, 2 on usage; a broken promise or a
 * sanitizer report aborts.  Built with the normal compiler, so it needs no
 * clang and runs under the ASan build too. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "strbuf.h"
#include "xalloc.h"

static int run_file(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;
	FILE *fp = fopen(path, "rb");

	if (!fp) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return 1;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_add(&sb, buf, n);
	if (ferror(fp)) {
		fprintf(stderr, "%s: read error\n", path);
		fclose(fp);
		sb_free(&sb);
		return 1;
	}
	fclose(fp);
	printf("%s\n", path);
	fflush(stdout);
	/* a copy of exactly the input's size: ASan sees a read past its end */
	{
		uint8_t *copy = xmalloc(sb.len ? sb.len : 1);

		memcpy(copy, sb.len ? sb.s : "", sb.len);
		LLVMFuzzerTestOneInput(copy, sb.len);
		free(copy);
	}
	sb_free(&sb);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, size_t *count)
{
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	int rc = 0;
	DIR *d = opendir(dir);

	if (!d) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xgrow(names, &cap, n + 1, sizeof(*names));
		names[n++] = xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		struct stat st;

		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			rc |= run_file(names[i]);
			++*count;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	const char *prog = argv[0];
	size_t count = 0;
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", prog);
		return 2;
	}
	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			rc |= run_dir(argv[i], &count);
		} else {
			rc |= run_file(argv[i]);
			count++;
		}
	}
	printf("%s: %zu inputs\n", prog, count);
	return rc;
}
