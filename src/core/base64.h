/* SPDX-License-Identifier: MIT */
/* base64.h: base64 encoding (RFC 4648, section 4: the standard alphabet,
 * "=" padding, no line breaks), for the OSC 52 clipboard sequence.  The
 * encoded text is all printable ASCII, so whatever is copied can never
 * act on the terminal it is sent through. */
#ifndef ENROLLKB_BASE64_H
#define ENROLLKB_BASE64_H

#include <stddef.h>

#include "strbuf.h"

/* Characters base64 makes of n bytes (a multiple of 4). */
size_t base64_encoded_len(size_t n);
/* Appends the n bytes at data, encoded, to out. */
void base64_encode(const void *data, size_t n, struct strbuf *out);

#endif
