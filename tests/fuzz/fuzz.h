/* SPDX-License-Identifier: MIT */
/* fuzz.h: what the libFuzzer targets in tests/fuzz/ share.
 *
 * Each target (topic.c, map.c, query.c, layout.c, state.c, cache.c)
 * defines LLVMFuzzerTestOneInput and LLVMFuzzerInitialize (set-up, once).
 * tests/fuzz/run.sh links them with libFuzzer (clang); driver.c links the
 * same files into a plain program that replays inputs under make check.
 *
 * A target checks what the headers promise (FUZZ_CHECK) besides not
 * crashing: a broken promise aborts, which both builds report as a
 * failure with the input that caused it. */
#ifndef ENROLLKB_FUZZ_H
#define ENROLLKB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond, ...)                                                 \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "%s:%d: broken promise: %s: ",        \
				__FILE__, __LINE__, #cond);                   \
			fprintf(stderr, __VA_ARGS__);                         \
			fputc('\n', stderr);                                  \
			abort();                                              \
		}                                                             \
	} while (0)

/* size bytes as a malloc'd NUL-terminated string, cut at the first NUL
 * (what a command line or a terminal can hand the program). */
char *fuzz_cstr(const uint8_t *data, size_t size);

/* Every diagnostic names file (when file is not NULL) and is one line:
 * a message that is not empty and holds no newline. */
void fuzz_check_diags(const struct diag_list *dl, const char *file);

/* The file names the fuzz targets parse under. */
#define FUZZ_TOPIC_FILE "fuzz.dita"
#define FUZZ_MAP_FILE "fuzz.ditamap"

#endif
