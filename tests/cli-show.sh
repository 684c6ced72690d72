#!/bin/sh
# SPDX-License-Identifier: MIT
# cli-show.sh: --show prints one article as wrapped plain text (src/cli.c,
# src/core/layout.c), found by id or by error code.
. "$top_srcdir/tests/lib.sh"

# The checks read the English labels ("Error codes:", "References"); the
# layout itself does not depend on the locale.
LC_ALL=C
export LC_ALL
unset LANGUAGE

# widest FILE: the widest line in characters (UTF-8 continuation bytes are
# not counted; the shipped articles have no double-width characters).
widest() {
	LC_ALL=C tr -d '\200-\277' <"$1" |
		LC_ALL=C awk '{ if (length($0) > w) w = length($0) } END { print w + 0 }'
}

# expect_max_width NAME WIDTH FILE
expect_max_width() {
	got=$(widest "$3")
	if [ "$got" -le "$2" ]; then
		pass "$1"
	else
		fail "$1: a line is $got characters wide, more than $2"
		LC_ALL=C awk -v w="$2" 'length($0) > w' "$3" | sed 's/^/  | /' | head -5
	fi
}

# expect_text NAME STRING FILE: STRING appears in FILE once line breaks
# and spaces are removed from both (for URLs wrapped over several lines).
expect_text() {
	want=$(printf '%s' "$2" | tr -d ' \n')
	if tr -d ' \n' <"$3" | grep -Fq -- "$want"; then
		pass "$1"
	else
		fail "$1: '$2' not found in $3"
	fi
}

if expect_rc 0 "--show with substeps" "$ENROLLKB" --show invalid-profile-device-type-restriction --width 60; then
	expect_grep "substeps" '^ +a\. Select Allow for iOS/iPadOS' "$T/out"
fi

if expect_rc 0 "--show ID" "$ENROLLKB" --show device-cap-reached --width 60; then
	cp "$T/out" "$T/by-id"
	expect_grep "title first" '^Enrollment fails with DeviceCapReached' "$T/by-id"
	expect_grep "error code" '^Error codes: DeviceCapReached$' "$T/by-id"
	expect_grep "symptom heading" '^Symptom$' "$T/by-id"
	expect_grep "one cause" '^Cause$' "$T/by-id"
	expect_grep "source line" '^Source: https://learn\.microsoft\.com/troubleshoot/mem/intune/' "$T/by-id"
	expect_grep "source dates" '\(dated [0-9]{4}-[0-9]{2}-[0-9]{2}, checked [0-9]{4}-[0-9]{2}-[0-9]{2}\)' "$T/by-id"
	expect_grep "step 1" '^ +1\. In the Microsoft Intune admin center' "$T/by-id"
	expect_grep "step 4" '^ +4\. Enroll the device again\.$' "$T/by-id"
	expect_grep "note" '^ +Note: Have the user also sign in' "$T/by-id"
	expect_grep "see also" '^See also$' "$T/by-id"
	expect_grep "link marker" 'admin center \[[0-9]+\]' "$T/by-id"
	expect_grep "references" '^References$' "$T/by-id"
	expect_grep "reference with URL" '^ +\[[0-9]+\] https://go\.microsoft\.com/fwlink/\?linkid=2109431$' "$T/by-id"
	expect_text "long URL in full" 'https://learn.microsoft.com/mem/intune/enrollment/device-enrollment-manager-enroll' "$T/by-id"
	expect_text "unenroll URL in full" 'https://learn.microsoft.com/mem/intune/user-help/unenroll-your-device-from-intune-windows' "$T/by-id"
	expect_grep "internal reference" '^ +\[[0-9]+\] company-portal-temporarily-unavailable -- ' "$T/by-id"
	expect_max_width "no line wider than 60" 60 "$T/by-id"
	expect_no_grep "no trailing spaces" ' $' "$T/by-id"
	if LC_ALL=C tr -d '\n' <"$T/by-id" | LC_ALL=C grep -q '[[:cntrl:]]'; then
		fail "control characters in the output"
	else
		pass "no control characters"
	fi
	# the article's parts in reading order
	order=$(grep -nE '^(Enrollment fails|Error codes:|Symptom|Cause|  Fix|References)' "$T/by-id" | cut -d: -f1 | tr '\n' ' ')
	sorted=$(printf '%s\n' $order | sort -n | tr '\n' ' ')
	if [ "$order" = "$sorted" ] && [ "$(printf '%s\n' $order | wc -l)" -eq 6 ]; then
		pass "parts in order"
	else
		fail "parts out of order or missing (lines $order)"
	fi
fi

if expect_rc 0 "--show ERROR-CODE" "$ENROLLKB" --show DeviceCapReached --width 60; then
	if cmp -s "$T/out" "$T/by-id"; then
		pass "an error code shows the same article"
	else
		fail "--show DeviceCapReached differs from --show device-cap-reached"
	fi
fi

if expect_rc 1 "--show nosuch" "$ENROLLKB" --show nosuch; then
	expect_grep "says why on stderr" 'nosuch' "$T/err"
	if [ -s "$T/out" ]; then
		fail "--show nosuch wrote to stdout"
	else
		pass "nothing on stdout"
	fi
fi

# Not a terminal and no COLUMNS (lib.sh unsets it): 80 columns.
if expect_rc 0 "--show without --width" "$ENROLLKB" --show device-cap-reached; then
	cp "$T/out" "$T/auto"
	expect_max_width "default width 80" 80 "$T/auto"
	w=$(widest "$T/auto")
	if [ "$w" -gt 60 ]; then
		pass "the default width is used, not a narrower one ($w)"
	else
		fail "widest line $w: not wrapped at 80"
	fi
	if expect_rc 0 "--show --width 80" "$ENROLLKB" --show device-cap-reached --width 80 &&
	   cmp -s "$T/out" "$T/auto"; then
		pass "same as --width 80"
	else
		fail "no --width differs from --width 80"
	fi
fi

# COLUMNS is honoured when stdout is not a terminal.
if expect_rc 0 "--show with COLUMNS=44" env COLUMNS=44 "$ENROLLKB" --show device-cap-reached; then
	expect_max_width "COLUMNS=44" 44 "$T/out"
fi

finish
