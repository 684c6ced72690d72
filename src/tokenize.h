/* tokenize.h: the one tokenizer shared by indexing, querying and
 * highlighting, so that what is indexed is exactly what a query can match.
 *
 * Tokens are lowercased ASCII-folded words split at spaces, punctuation,
 * underscores and camelCase boundaries ("DeviceCapReached" -> device, cap,
 * reached; "XPC_TYPE_ERROR" -> xpc, type, error; "APNSCertificate" -> apns,
 * certificate).  A word that was split also yields its joined form
 * ("devicecapreached") as a compound token at the same position. */
#ifndef ENROLLKB_TOKENIZE_H
#define ENROLLKB_TOKENIZE_H

#include <stdbool.h>
#include <stddef.h>

struct token {
	const char *text;   /* lowercased, NUL-terminated, valid until the next callback */
	size_t len;
	size_t off;         /* byte range in the input it came from */
	size_t srclen;
	unsigned pos;       /* word position (parts of one word share a compound's pos range) */
	bool compound;      /* the joined form of a split word */
};

/* Calls fn for every token of text[0..len); stops early when fn returns
 * false. */
void tokenize(const char *text, size_t len,
	      bool (*fn)(const struct token *t, void *ctx), void *ctx);

#endif
