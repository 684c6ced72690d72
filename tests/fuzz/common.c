/* SPDX-License-Identifier: MIT */
/* common.c: helpers the fuzz targets share (see fuzz.h). */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "xalloc.h"

char *fuzz_cstr(const uint8_t *data, size_t size)
{
	const void *nul = memchr(data, '\0', size);

	return xstrndup((const char *)data,
			nul ? (size_t)((const uint8_t *)nul - data) : size);
}

void fuzz_check_diags(const struct diag_list *dl, const char *file)
{
	size_t i;

	for (i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->v[i];

		FUZZ_CHECK(d->severity == DIAG_WARNING || d->severity == DIAG_ERROR,
			   "diagnostic %zu", i);
		FUZZ_CHECK(d->message && *d->message, "diagnostic %zu has no message", i);
		FUZZ_CHECK(!strchr(d->message, '\n'),
			   "diagnostic %zu is more than one line: '%s'", i, d->message);
		if (file)
			FUZZ_CHECK(d->file && strcmp(d->file, file) == 0,
				   "diagnostic %zu does not name %s: '%s'", i, file,
				   d->message);
	}
}
