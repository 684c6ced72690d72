/* SPDX-License-Identifier: MIT */
/* test_base64.c: the encoder behind the OSC 52 copy, against the test
 * vectors of RFC 4648 (section 10) and a few more known answers. */
#include "config.h"

#include <criterion/criterion.h>
#include <string.h>

#include "base64.h"
#include "strbuf.h"

static void check(const char *in, size_t n, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	base64_encode(in, n, &sb);
	cr_expect_str_eq(sb_str(&sb), want, "base64 of %zu bytes", n);
	cr_expect_eq(sb.len, base64_encoded_len(n));
	sb_free(&sb);
}

Test(base64, known_answers)
{
	static const struct {
		const char *in;
		size_t n;
		const char *out;
	} v[] = {
		/* RFC 4648, section 10 */
		{ "", 0, "" },
		{ "f", 1, "Zg==" },
		{ "fo", 2, "Zm8=" },
		{ "foo", 3, "Zm9v" },
		{ "foob", 4, "Zm9vYg==" },
		{ "fooba", 5, "Zm9vYmE=" },
		{ "foobar", 6, "Zm9vYmFy" },
		/* bytes above 0x7f, NUL, the last two alphabet characters */
		{ "\xff\xfe\xfd", 3, "//79" },
		{ "\xfb\xef\xbe", 3, "++++" },
		{ "\0\0\0", 3, "AAAA" },
		{ "\0", 1, "AA==" },
		{ "\xe2\x9c\x93 done\n", 9, "4pyTIGRvbmUK" },
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		check(v[i].in, v[i].n, v[i].out);
}

Test(base64, appends)
{
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb, "\033]52;c;");
	base64_encode("Man", 3, &sb);
	cr_expect_str_eq(sb_str(&sb), "\033]52;c;TWFu");
	sb_free(&sb);
}

Test(base64, long_input)
{
	/* 3000 bytes: no line breaks are inserted (OSC 52 wants none). */
	static char in[3000];
	struct strbuf sb = STRBUF_INIT;

	memset(in, 'a', sizeof(in));
	base64_encode(in, sizeof(in), &sb);
	cr_expect_eq(sb.len, 4000);
	cr_expect_null(strchr(sb_str(&sb), '\n'));
	cr_expect_eq(strspn(sb_str(&sb), "YWFh"), 4000);
	sb_free(&sb);
}
