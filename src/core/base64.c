/* SPDX-License-Identifier: MIT */
/* base64.c: base64 encoding (RFC 4648); see base64.h.  Neither glibc nor
 * libxml2 exports an encoder, and this is all of it. */
#include "config.h"

#include "base64.h"

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t base64_encoded_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

void base64_encode(const void *data, size_t n, struct strbuf *out)
{
	const unsigned char *p = data;
	char quad[4];

	for (; n >= 3; p += 3, n -= 3) {
		quad[0] = alphabet[p[0] >> 2];
		quad[1] = alphabet[(p[0] & 0x03) << 4 | p[1] >> 4];
		quad[2] = alphabet[(p[1] & 0x0f) << 2 | p[2] >> 6];
		quad[3] = alphabet[p[2] & 0x3f];
		sb_add(out, quad, 4);
	}
	if (n == 0) {
		sb_puts(out, "");   /* NUL-terminated even for no input */
		return;
	}
	quad[0] = alphabet[p[0] >> 2];
	if (n == 1) {
		quad[1] = alphabet[(p[0] & 0x03) << 4];
		quad[2] = '=';
	} else {
		quad[1] = alphabet[(p[0] & 0x03) << 4 | p[1] >> 4];
		quad[2] = alphabet[(p[1] & 0x0f) << 2];
	}
	quad[3] = '=';
	sb_add(out, quad, 4);
}
