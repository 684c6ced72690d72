/* SPDX-License-Identifier: MIT */
/* test_sanitize.c: the one gate between foreign text and a terminal
 * (src/core/sanitize.c). */
#include "config.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"

static void expect(const char *in, unsigned flags, const char *want)
{
	char *got = sanitize_dup(in, flags);

	cr_expect_str_eq(got, want, "sanitize(\"%s\")", in);
	free(got);
}

Test(sanitize, clean_text_passes_unchanged)
{
	expect("DeviceCapReached: Gerät — ok 日本", 0, "DeviceCapReached: Gerät — ok 日本");
	expect("", 0, "");
}

Test(sanitize, c0_controls_and_del_in_caret_notation)
{
	expect("a\033]0;pwned\007b", 0, "a^[]0;pwned^Gb");
	expect("x\177y", 0, "x^?y");
	expect("tab\there", 0, "tab^Ihere");
	expect("two\nlines", 0, "two^Jlines");
	expect("cr\r", 0, "cr^M");
}

Test(sanitize, tab_and_newline_kept_on_request)
{
	expect("a\tb\nc\033", SAN_KEEP_NL | SAN_KEEP_TAB, "a\tb\nc^[");
	expect("a\tb\nc", SAN_KEEP_NL, "a^Ib\nc");
}

Test(sanitize, c1_controls_become_the_replacement_character)
{
	/* CSI U+009B and OSC U+009D, encoded in UTF-8 */
	expect("a\xC2\x9B" "31mb\xC2\x9D" "52;c", 0, "a\xEF\xBF\xBD" "31mb\xEF\xBF\xBD" "52;c");
	expect("\xC2\x80\xC2\x9F", SAN_ASCII, "??");
}

Test(sanitize, bidi_overrides_and_isolates_replaced)
{
	expect("abc\xE2\x80\xAE" "fed", 0, "abc\xEF\xBF\xBD" "fed");          /* U+202E */
	expect("\xE2\x80\xAA\xE2\x81\xA6\xE2\x81\xA9", SAN_ASCII, "???");  /* U+202A, 2066, 2069 */
	/* marks that cannot reorder text stay */
	expect("a\xE2\x80\x8E" "b", 0, "a\xE2\x80\x8E" "b");                 /* U+200E */
}

Test(sanitize, bytes_that_are_not_utf8_replaced)
{
	expect("a\xFF" "b\xC3", 0, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
	expect("\xED\xA0\x80" "x", SAN_ASCII, "?x");   /* a surrogate, encoded */
}

Test(sanitize, find_names_the_first_unsafe_character)
{
	size_t at;
	uint32_t cp;

	cr_assert(sanitize_find("ok\tfine\n", 8, &at, &cp) == false);
	cr_assert(sanitize_find("ab\xC2\x9B", 4, &at, &cp));
	cr_expect_eq(at, 2);
	cr_expect_eq(cp, 0x9B);
	cr_assert(sanitize_find("x\xE2\x81\xA7y", 5, &at, &cp));
	cr_expect_eq(cp, 0x2067);
	cr_assert(sanitize_find("\033", 1, &at, &cp));
	cr_expect_eq(cp, 0x1B);
}
