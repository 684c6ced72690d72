/* SPDX-License-Identifier: MIT */
/* test_casefold.c: case-insensitive matching over UTF-8 (find in an
 * article, the case picker's filter): Latin, Greek, Cyrillic and the odd
 * ones glibc maps (Kelvin sign, dotted capital I, long s), byte ranges
 * that differ in length from the pattern, invalid UTF-8 -- and all of it
 * with the process in the plain C locale, as under CI. */
#include "config.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casefold.h"

/* "off:len,off:len" of the matches of pat in text. */
static char *spans(const char *pat, const char *text)
{
	struct casefold_pattern *p = casefold_compile(pat);
	struct search_match *m;
	size_t n = casefold_matches(p, text, strlen(text), &m), i;
	static char buf[256];
	size_t at = 0;

	buf[0] = '\0';
	for (i = 0; i < n && at < sizeof(buf) - 32; i++)
		at += (size_t)snprintf(buf + at, sizeof(buf) - at, "%s%zu:%zu",
				       i ? "," : "", m[i].off, m[i].len);
	free(m);
	casefold_free(p);
	return buf;
}

/* The tests must not depend on the locale the suite happens to run in. */
static void c_locale(void)
{
	setlocale(LC_ALL, "C");
}

TestSuite(casefold, .init = c_locale);

Test(casefold, ascii)
{
	cr_expect_str_eq(spans("cap", "DeviceCapReached, device cap"), "6:3,25:3");
	cr_expect_str_eq(spans("0X8010", "code 0x80100001"), "5:6");
	cr_expect_str_eq(spans("zzz", "nothing here"), "");
	/* Non-overlapping, left to right. */
	cr_expect_str_eq(spans("aa", "aaaaa"), "0:2,2:2");
}

Test(casefold, latin_greek_cyrillic)
{
	/* "échec" (é is 2 bytes) */
	cr_expect_str_eq(spans("ÉCHEC", "Un \xc3\xa9" "chec."), "3:6");
	cr_expect_str_eq(spans("über", "\xc3\x9c" "BER alles"), "0:5");
	/* Final, medial and capital sigma are one letter. */
	cr_expect_str_eq(spans("ΣΟΦΟΣ", "σοφος σοφοσ ΣΟΦΟΣ"), "0:10,11:10,22:10");
	cr_expect_str_eq(spans("привет", "ПРИВЕТ мир"), "0:12");
}

Test(casefold, length_changes)
{
	/* The Kelvin sign (3 bytes) folds to k; a k finds it and it finds k. */
	cr_expect_str_eq(spans("k", "5 \xe2\x84\xaa"), "2:3");
	cr_expect_str_eq(spans("\xe2\x84\xaa" "B", "64 kb"), "3:2");
	/* Capital I with dot (2 bytes) is i for glibc. */
	cr_expect_str_eq(spans("istanbul", "\xc4\xb0stanbul"), "0:9");
	/* Long s is s. */
	cr_expect_str_eq(spans("ss", "Me\xc5\xbfs"), "2:3");
	/* No one-to-many mappings: sharp s is not "ss". */
	cr_expect_str_eq(spans("strasse", "Stra\xc3\x9f" "e"), "");
}

Test(casefold, invalid_utf8)
{
	/* A stray byte is one character that matches nothing but itself
	 * decoded (U+FFFD); the text around it still matches. */
	cr_expect_str_eq(spans("ab", "x\xff" "AB\xc3"), "2:2");
	cr_expect_str_eq(spans("\xff", "a\xfe" "b"), "1:1");
}

Test(casefold, empty_and_contains)
{
	struct search_match *m = (void *)1;

	cr_expect_null(casefold_compile(""));
	cr_expect_eq(casefold_matches(NULL, "abc", 3, &m), 0);
	cr_expect_null(m);
	cr_expect(casefold_contains("INC0012345", "inc00"));
	cr_expect(casefold_contains("Gerät Müller", "MÜLL"));
	cr_expect(casefold_contains("anything", ""));
	cr_expect_not(casefold_contains("INC1", "inc2"));
	cr_expect_not(casefold_contains("", "a"));
}

Test(casefold, code_points)
{
	cr_expect_eq(casefold_cp('A'), 'a');
	cr_expect_eq(casefold_cp(0xC9), 0xE9);      /* É */
	cr_expect_eq(casefold_cp(0x3C2), 0x3C3);    /* ς */
	cr_expect_eq(casefold_cp(0x212A), 'k');     /* Kelvin */
	cr_expect_eq(casefold_cp(0x10FFFF + 1), 0x110000);
	cr_expect_eq(casefold_cp(0x4E2D), 0x4E2D);  /* 中 has no case */
}
