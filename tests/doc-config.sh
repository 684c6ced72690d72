#!/bin/sh
# SPDX-License-Identifier: MIT
# The man page's CONFIGURATION section against the tables the browser
# takes its names from (src/tui/keys.[ch], src/tui/display.c): every
# keymap, request and line type is documented, and the section lists no
# request or line type that does not exist.
. "$top_srcdir/tests/lib.sh"

# The section alone, roff dashes plain; its bold words one a line, and
# those of one paragraph ("Requests.", "Line types.").
sed -n '/^\.SH CONFIGURATION/,/^\.SH FILES/p' "$top_srcdir/doc/enrollkb.1" |
	sed 's/\\-/-/g' >"$T/section"
bold_words() {
	grep '^\.BR* ' | sed 's/^\.BR* //; s/"[^"]*"//g' | tr -s ' ' '\n' | grep -x '[a-z][a-z0-9-]*'
}
bold_words <"$T/section" | sort -u >"$T/documented"
paragraph() {
	sed -n "/^\\.B $1\\.\$/,/^\\.PP/p" "$T/section" | bold_words | sort -u
}

sed -n 's/^[[:space:]]*_(\([A-Z_]*\),.*/\1/p' "$top_srcdir/src/tui/keys.h" |
	tr 'A-Z_' 'a-z-' | sort -u >"$T/requests"
sed -n '/map_config_names\[/,/^};/s/.*= "\([a-z-]*\)".*/\1/p' "$top_srcdir/src/tui/keys.c" |
	sort -u >"$T/keymaps"
sed -n '/type_names\[/,/^};/s/.*= "\([a-z-]*\)".*/\1/p' "$top_srcdir/src/tui/display.c" |
	sort -u >"$T/types"

for list in requests keymaps types; do
	n=$(wc -l <"$T/$list")
	[ "$n" -ge 8 ] && pass "$n $list read from the sources" || fail "only $n $list found in the sources"
	missing=$(comm -23 "$T/$list" "$T/documented" | tr '\n' ' ')
	[ -z "$missing" ] && pass "every one of the $list documented" ||
		fail "$list missing from doc/enrollkb.1: $missing"
done
extra=$(paragraph Requests | comm -13 "$T/requests" - | tr '\n' ' ')
[ -z "$extra" ] && pass "no request documented that does not exist" || fail "no such requests: $extra"
extra=$(paragraph 'Line types' | comm -13 "$T/types" - | tr '\n' ' ')
[ -z "$extra" ] && pass "no line type documented that does not exist" || fail "no such line types: $extra"
finish
