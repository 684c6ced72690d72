/* SPDX-License-Identifier: MIT */
/* tokenize.h: the one tokenizer shared by indexing, querying and
 * highlighting, so that what is indexed is exactly what a query can match.
 *
 * Tokens are lowercased ASCII-folded words split at spaces, punctuation,
 * underscores and camelCase boundaries ("DeviceCapReached" -> device, cap,
 * reached; "XPC_TYPE_ERROR" -> xpc, type, error; "APNSCertificate" -> apns,
 * certificate).  A word that was split also yields its joined form
 * ("devicecapreached") as a compound token at the same position.
 *
 * A word is a run of letters and digits in which single connector
 * characters (_ - . & ' and the curly apostrophe) may stand between two
 * word characters: "T&C" is one word (t, c; compound tc), "multi-factor"
 * too.  A '.' between two digits stays inside the token ("8.0", "1.3").
 *
 * Log noise is recognised, not dropped: hex addresses and long hex runs
 * (0x1a49aebc0, UUIDs; not 0x8xxxxxxx error codes), timestamps (10:22:01.5, 2024-03-01T10:22:01Z,
 * "Mar  3 10:22:01"), bracketed process ids ([83]) come out as ONE token
 * with its noise bit set; words inside a URL or an absolute path carry
 * TOKEN_NOISE_URL / TOKEN_NOISE_PATH.  The index skips TOKEN_NOISE_DROP
 * tokens; the query decides what to do with the rest (search.c). */
#ifndef ENROLLKB_TOKENIZE_H
#define ENROLLKB_TOKENIZE_H

#include <stdbool.h>
#include <stddef.h>

enum token_noise {
	TOKEN_NOISE_HEX  = 1u << 0,   /* 0x1a49aebc0, deadbeef42, UUIDs */
	TOKEN_NOISE_TIME = 1u << 1,   /* times, dates, syslog stamps */
	TOKEN_NOISE_PID  = 1u << 2,   /* [83] */
	TOKEN_NOISE_URL  = 1u << 3,   /* inside scheme://... or www.... */
	TOKEN_NOISE_PATH = 1u << 4    /* inside /abs/path, ~/x, ./x, C:\x, a\b */
};
/* Noise that never identifies an article: neither indexed nor queried. */
#define TOKEN_NOISE_DROP (TOKEN_NOISE_HEX | TOKEN_NOISE_TIME | TOKEN_NOISE_PID)

struct token {
	/* the token and where it came from */
	const char *text;   /* lowercased, NUL-terminated, valid until the next callback */
	size_t len;
	size_t off;         /* byte range in the input it came from */
	size_t srclen;
	/* where it stands */
	unsigned pos;       /* word position (parts of one word share a compound's pos range) */
	unsigned word;      /* ordinal of the word it belongs to, from 0 */
	unsigned part;      /* index of the part in its word (compound: 0) */
	unsigned nparts;    /* parts of its word; 1 = the word was not split */
	bool compound;      /* the joined form of a split word */
	/* what kind of token it is */
	unsigned noise;     /* enum token_noise bits, 0 for plain words */
	bool number;        /* only digits (and '.' between digits) */
};

/* Calls fn for every token of text[0..len); stops early when fn returns
 * false.  For a split word the compound comes first, then its parts in
 * order.  Positions grow by one per part; consecutive words are adjacent. */
void tokenize(const char *text, size_t len,
	      bool (*fn)(const struct token *t, void *ctx), void *ctx);

#endif
