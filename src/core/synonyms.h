/* SPDX-License-Identifier: MIT */
/* synonyms.h: search synonym sets (kb->synonyms, from the maps' synonym
 * key definitions): the key that matches a term to words of a query, and
 * the checks the loader reports.
 *
 * A term's key is its words' stems run together, each part of a split
 * word stemmed on its own: "Device Enrollment Programs", "device
 * enrollment program" and "DeviceEnrollmentProgram" share one key, as do
 * "multi-factor", "multi factor" and "multifactor".  A query matches a
 * term when a run of its words has the term's key. */
#ifndef ENROLLKB_SYNONYMS_H
#define ENROLLKB_SYNONYMS_H

#include <stddef.h>

#include "diag.h"
#include "kb.h"
#include "stem.h"
#include "strbuf.h"

/* Terms longer than this many tokens are not matched (nor expected:
 * synonyms are names and abbreviations). */
#define SYNONYM_MAX_TOKENS 8

/* Appends the key of text[0..len) to out; log noise (timestamps, hex,
 * [pids]) is left out.  Returns the number of tokens keyed. */
size_t synonym_key(struct stemmer *st, const char *text, size_t len,
		   struct strbuf *out);

/* Warnings, at the term's map line: a term with no searchable words; a
 * set of a single term; a term (by key) in two differently named sets,
 * which a search then joins. */
void synonyms_check(const struct kb *kb, struct diag_list *dl);

#endif
