#!/bin/sh
# SPDX-License-Identifier: MIT
# Command-line interface: output formats and exit codes of the real binary.
. "$top_srcdir/tests/lib.sh"

expect_rc 0 "--version" "$ENROLLKB" --version && expect_grep "version line" '^enrollkb [0-9]' "$T/out"
expect_rc 0 "--help" "$ENROLLKB" --help && expect_grep "help lists --search" '--search' "$T/out"
expect_rc 2 "unknown option" "$ENROLLKB" --bogus && expect_grep "usage hint" "Try 'enrollkb --help'" "$T/err"
expect_rc 2 "bad --width" "$ENROLLKB" --show x --width abc
expect_rc 2 "two commands" "$ENROLLKB" --list --validate
finish
