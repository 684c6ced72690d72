#!/bin/sh
# SPDX-License-Identifier: MIT
# Command-line interface: output formats and exit codes of the real binary.
. "$top_srcdir/tests/lib.sh"

# GNU conventions: -V is --version (-v, its older spelling, still works);
# name and version first, then copyright, licence and no warranty.
if expect_rc 0 "--version" "$ENROLLKB" --version; then
	expect_grep "version line" '^enrollkb [0-9]+\.[0-9]+' "$T/out"
	expect_grep "copyright line" '^Copyright \(C\) [0-9]{4} ' "$T/out"
	expect_grep "licence line" '^License: MIT' "$T/out"
	expect_grep "no-warranty line" 'NO WARRANTY' "$T/out"
	cp "$T/out" "$T/version"
fi
for opt in -V -v; do
	if expect_rc 0 "$opt" "$ENROLLKB" $opt --content "$top_srcdir/tests/fixtures/broken-topic"; then
		cmp -s "$T/out" "$T/version" && pass "$opt prints what --version prints" ||
			fail "$opt: not the --version output"
	fi
done
expect_rc 0 "--validate is long-only and still validates" "$ENROLLKB" --validate
expect_rc 2 "--complete with an unknown word list" "$ENROLLKB" --complete bogus
expect_rc 0 "--help" "$ENROLLKB" --help && expect_grep "help lists --search" '--search' "$T/out"
expect_rc 2 "unknown option" "$ENROLLKB" --bogus && expect_grep "usage hint" "Try 'enrollkb --help'" "$T/err"
expect_rc 2 "bad --width" "$ENROLLKB" --show x --width abc
expect_rc 2 "two commands" "$ENROLLKB" --list --validate
finish
