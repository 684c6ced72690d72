/* SPDX-License-Identifier: MIT */
/* test_utf8.c: measuring text in columns and Latin letters in ASCII
 * (utf8.h), the helpers layout, search and the TUI share. */
#include "config.h"

#include <criterion/criterion.h>
#include <string.h>

#include "utf8.h"

static size_t width(const char *s)
{
	return utf8_width(s, strlen(s));
}

Test(utf8, width_counts_columns_not_bytes)
{
	cr_assert_eq(width(""), 0);
	cr_assert_eq(width("abc"), 3);
	cr_assert_eq(width("caf\xC3\xA9"), 4, "é: one column, two bytes");
	cr_assert_eq(width("e\xCC\x81"), 1, "a combining accent takes none");
	cr_assert_eq(width("\xE6\x97\xA5\xE6\x9C\xAC"), 4, "CJK: two each");
	cr_assert_eq(width("a\tb"), 3, "an ASCII byte is one column");
	cr_assert_eq(width("\xC2\x85"), 0, "a C1 control takes none");
}

static int all_three(uint32_t cp)
{
	(void)cp;
	return 3;
}

Test(utf8, width_and_fit_take_the_callers_measure)
{
	cr_assert_eq(utf8_width_by("a\xC3\xA9z", 4, all_three), 5, "ASCII stays 1");
	cr_assert_eq(utf8_width_by("a\xC3\xA9z", 4, NULL), 3);
	cr_assert_eq(utf8_fit("a\xC3\xA9z", 4, 3, all_three, NULL), 1);
	cr_assert_eq(utf8_fit("a\xC3\xA9z", 4, 4, all_three, NULL), 3);
}

Test(utf8, fit_keeps_whole_code_points_and_zero_width_marks)
{
	const char *s = "ae\xCC\x81" "b\xE6\x97\xA5";   /* a, e + U+0301, b, 日 */
	size_t used = 99;

	cr_assert_eq(utf8_fit(s, strlen(s), 0, NULL, &used), 0);
	cr_assert_eq(used, 0);
	cr_assert_eq(utf8_fit(s, strlen(s), 2, NULL, &used), 4, "the accent goes with its e");
	cr_assert_eq(used, 2);
	cr_assert_eq(utf8_fit(s, strlen(s), 4, NULL, &used), 5, "日 does not fit in one");
	cr_assert_eq(used, 3);
	cr_assert_eq(utf8_fit(s, strlen(s), 99, NULL, &used), strlen(s));
	cr_assert_eq(used, 5);
}

Test(utf8, fit_tail_keeps_the_end_that_fits)
{
	const char *s = "ae\xCC\x81" "b\xE6\x97\xA5";   /* a, e + U+0301, b, 日 */
	size_t n = strlen(s), used = 99;

	cr_assert_eq(utf8_fit_tail(s, n, 99, NULL, &used), 0, "all of it fits");
	cr_assert_eq(used, 5);
	cr_assert_eq(utf8_fit_tail(s, n, 3, NULL, &used), 4, "b and 日");
	cr_assert_eq(used, 3);
	cr_assert_eq(utf8_fit_tail(s, n, 1, NULL, &used), n, "日 takes two");
	cr_assert_eq(used, 0);
	cr_assert_eq(utf8_fit_tail(s, 4, 0, NULL, &used), 4,
		     "an accent whose e is cut off goes too");
	cr_assert_eq(used, 0);
	cr_assert_eq(utf8_fit_tail(s, 4, 1, NULL, &used), 1, "e keeps its accent");
	cr_assert_eq(used, 1);
	cr_assert_eq(utf8_fit_tail("", 0, 0, NULL, &used), 0);
}

Test(utf8, fit_tail_of_a_pasted_page)
{
	/* 200,000 bytes: a quadratic search for the start would take
	 * minutes here, the linear one a millisecond. */
	size_t n = 200000, i;
	char *s = malloc(n + 1);

	cr_assert_not_null(s);
	for (i = 0; i < n; i++)
		s[i] = (char)('a' + i % 26);
	s[n] = '\0';
	cr_assert_eq(utf8_fit_tail(s, n, 60, NULL, NULL), n - 60);
	free(s);
}

static const char *latin(uint32_t cp, char buf[3])
{
	size_t n = utf8_latin_ascii(cp, buf);

	buf[n] = '\0';
	return buf;
}

Test(utf8, latin_letters_in_ascii_keep_their_case)
{
	char b[3];

	cr_assert_str_eq(latin(0xC9, b), "E");     /* É */
	cr_assert_str_eq(latin(0xE9, b), "e");     /* é */
	cr_assert_str_eq(latin(0xC6, b), "AE");    /* Æ */
	cr_assert_str_eq(latin(0xDF, b), "ss");    /* ß */
	cr_assert_str_eq(latin(0xDE, b), "TH");    /* Þ */
	cr_assert_str_eq(latin(0xFF, b), "y");     /* ÿ */
	cr_assert_str_eq(latin(0x141, b), "L");    /* Ł */
	cr_assert_str_eq(latin(0x142, b), "l");    /* ł */
	cr_assert_str_eq(latin(0x152, b), "OE");   /* Œ */
	cr_assert_str_eq(latin(0x133, b), "ij");   /* ĳ */
	cr_assert_str_eq(latin(0x178, b), "Y");    /* Ÿ */
	cr_assert_str_eq(latin(0x17F, b), "s");    /* ſ */
	cr_assert_str_eq(latin(0xD7, b), "", "× is no letter");
	cr_assert_str_eq(latin(0xF7, b), "", "÷ is no letter");
	cr_assert_str_eq(latin(0xBF, b), "");
	cr_assert_str_eq(latin(0x180, b), "");
	cr_assert_str_eq(latin('A', b), "");
}
