#!/bin/sh
# SPDX-License-Identifier: MIT
# enrollkb --search: one ranked match per line, "id TAB category TAB title",
# exit 0 when something matched, 1 (and no output) when nothing did.
. "$top_srcdir/tests/lib.sh"

tab=$(printf '\t')

# expect_format NAME FILE: every line has exactly three non-empty fields.
expect_format() {
	if awk -F'\t' 'NF != 3 || $1 == "" || $2 == "" || $3 == "" { bad = 1 } END { exit bad }' "$2" &&
	   [ -s "$2" ]; then
		pass "$1"
	else
		fail "$1: not 'id TAB category TAB title' on every line"
		sed 's/^/  | /' "$2" | head -5
	fi
}

for q in DeviceCapReached "device cap" devicecap DeviceCapRaeched; do
	if expect_rc 0 "--search '$q'" "$ENROLLKB" --search "$q"; then
		expect_first "'$q' ranks device-cap-reached first" device-cap-reached "$T/out"
		expect_format "'$q' output format" "$T/out"
		expect_grep "'$q' first line carries category and title" \
			"^device-cap-reached${tab}Enrollment errors${tab}[^$tab]*DeviceCapReached" "$T/out"
	fi
done

# the same through a pack directory instead of the built-in copy
if expect_rc 0 "--no-builtin --content" \
	"$ENROLLKB" --no-builtin --content "$top_srcdir/content" --search devicecap; then
	expect_first "pack directory: devicecap" device-cap-reached "$T/out"
fi

# a pasted log line from the source document
line='iPhone mobileassetd[83] <Notice>: 0x1a49aebc0 Client connection: XPC_TYPE_ERROR Connection invalid'
if expect_rc 0 "--search log line" "$ENROLLKB" --search "$line"; then
	expect_first "log line ranks the XPC article first" xpc-type-error-connection-invalid "$T/out"
fi

# nothing: exit 1, nothing on stdout
for q in zzzqqqxx "xyzzy plugh" "0x1a49aebc0"; do
	if expect_rc 1 "--search '$q' finds nothing" "$ENROLLKB" --search "$q"; then
		if [ -s "$T/out" ]; then
			fail "'$q': output on no match"
			sed 's/^/  | /' "$T/out" | head -5
		else
			pass "'$q': no output"
		fi
	fi
done

expect_rc 2 "--search with an empty query" "$ENROLLKB" --search ""
expect_rc 2 "--search with no query" "$ENROLLKB" --search

# the words left over are the query, quoted or not
if expect_rc 0 "--search with unquoted words" "$ENROLLKB" --search device cap reached; then
	expect_first "unquoted words are one query" device-cap-reached "$T/out"
fi
if expect_rc 0 "--search=WORD and more words" "$ENROLLKB" --search=Profile Installation Failed; then
	expect_first "--search=WORD joins the words after it" profile-installation-failed "$T/out"
fi

# a code always wins, whatever else the line says
for q in "DeviceCapReached foo" "Error: DeviceCapReached (0x80180014) at 2026-11-26T10:31:02Z"; do
	if expect_rc 0 "--search '$q'" "$ENROLLKB" --search "$q"; then
		expect_first "'$q': the code's article first" device-cap-reached "$T/out"
	fi
done

# questions the pack does not answer: nothing, exit 1 ...
for q in "Your Mac cannot be enrolled at this time" "android work profile setup fails"; do
	if expect_rc 1 "--search '$q' is not answered" "$ENROLLKB" --search "$q"; then
		[ -s "$T/out" ] && fail "'$q': output although nothing is confident"
	fi
done
# ... and --all shows the closest, marked weak, still exiting 1
if expect_rc 1 "--search --all on a question the pack does not answer" \
	"$ENROLLKB" --search --all android work profile setup fails; then
	if [ -s "$T/out" ] && awk -F'\t' 'NF != 4 || $4 != "weak" { bad = 1 } END { exit bad }' "$T/out"; then
		pass "--all: every line is marked weak"
	else
		fail "--all: not 'id TAB category TAB title TAB weak' on every line"
		sed 's/^/  | /' "$T/out" | head -5
	fi
fi
# confident matches come first, marked so, and exit 0
if expect_rc 0 "--all with a confident match" "$ENROLLKB" --all --search DeviceCapReached; then
	expect_grep "--all: the first line is confident" \
		"^device-cap-reached${tab}[^$tab]*${tab}[^$tab]*${tab}confident\$" "$T/out"
fi
expect_rc 2 "--all without --search" "$ENROLLKB" --all
finish
