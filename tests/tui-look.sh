#!/bin/sh
# SPDX-License-Identifier: MIT
# TUI: looks -- colours by default, none with NO_COLOR; UTF-8 box drawing
# in a UTF-8 locale, plain ASCII (and nothing but ASCII) in the C locale;
# control characters and escape sequences never reach the terminal raw.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

esc=$(printf '\033')
tab=$(printf '\t')

# colour_params FILE: the SGR parameters of FILE that set a colour.
colour_params() {
	grep -o "$esc\[[0-9;]*m" "$1" | sed 's/^.\[//; s/m$//' | tr ';' '\n' |
		grep -Ex '3[0-8]|4[0-8]|9[0-7]|10[0-7]' | sort -u | tr '\n' ' '
}

# not_ascii FILE: lines of FILE holding a byte outside printable ASCII.
not_ascii() {
	LC_ALL=C grep -n "[^ -~]" "$1"
}

"$ENROLLKB" --list 2>/dev/null | awk -F'\t' 'NF == 2 && !seen[$1]++ { print $1 }' >"$T/ids"
# An article with characters beyond ASCII in its own text (not only the
# bullets, rules and wrap marks of the layout), if there is one.
fancy=
bullet=$(printf '\342\200\242') wrapmark=$(printf '\342\206\251') rule=$(printf '\342\224\200')
while read -r id; do
	if "$ENROLLKB" --show "$id" --width 400 2>/dev/null |
		sed "s/$bullet//g; s/$wrapmark//g; s/$rule//g" |
		LC_ALL=C grep -q '[^ -~]'; then
		fancy=$id
		break
	fi
done <"$T/ids"

# ---- Default: colours, UTF-8 separators ----------------------------------------------
tm_start -x 100 -y 30
tm_wait '^ Categories ' "colour: start-up"
tm_wait '^ Categories .*│.*│' "UTF-8: box-drawing separators"
tm_capture "$T/attrs" -e
c=$(colour_params "$T/attrs")
[ -n "$c" ] && pass "colours drawn by default ($c)" || fail "no colour at all by default"
tm_stop

# ---- NO_COLOR: attributes only ----------------------------------------------------------
tm_start -x 100 -y 30 -e NO_COLOR=1
tm_wait '^ Categories ' "NO_COLOR: start-up"
tm_keys Enter Enter
tm_wait '/ find' "NO_COLOR: an article"
tm_keys /
tm_type "enroll"
tm_keys Enter
tm_wait '"enroll": match' "NO_COLOR: matches highlighted"
tm_keys s
tm_type "device"
tm_wait 'articles? match' "NO_COLOR: search results"
tm_capture "$T/attrs" -e
c=$(colour_params "$T/attrs")
[ -z "$c" ] && pass "NO_COLOR: no colour escapes" || fail "NO_COLOR: colours used ($c)"
grep -q "$esc\[[0-9;]*7[;m]" "$T/attrs" && pass "NO_COLOR: reverse video marks the selection" ||
	fail "NO_COLOR: no reverse video"
tm_keys Escape q q q
tm_wait_exit "NO_COLOR: quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
tm_stop

# ---- LANG=C: ASCII only --------------------------------------------------------------------
tm_start -x 100 -y 30 -e LANG=C -e LC_ALL=C -- "café – naïve ‘quote’"
tm_wait 'Search: cafe - naive .quote.' "C locale: a UTF-8 query shown transliterated"
tm_capture
if not_ascii "$TM_DIR/screen" >"$T/bad"; then fail "C locale: non-ASCII on screen"; sed 's/^/  /' "$T/bad" | head; else pass "C locale: search screen is ASCII"; fi
tm_keys Escape
tm_wait '^ Categories .*\|.*\|' "C locale: ASCII separators"
tm_capture
if not_ascii "$TM_DIR/screen" >"$T/bad"; then fail "C locale: non-ASCII on screen"; sed 's/^/  /' "$T/bad" | head; else pass "C locale: browser is ASCII"; fi
tm_stop
ids_to_check=$(head -n 3 "$T/ids")
[ -n "$fancy" ] && ids_to_check="$fancy $ids_to_check"
for id in $ids_to_check; do
	tm_start -x 80 -y 24 -e LANG=C -e LC_ALL=C -- "$id"
	tm_wait "^ $(tm_re "$(printf '%s' "$id" | cut -c 1-20)")" "C locale: $id open"
	pages=0 bad=0
	while [ $pages -lt 12 ]; do
		tm_capture
		if not_ascii "$TM_DIR/screen" >"$T/bad"; then
			bad=1
			sed 's/^/  /' "$T/bad" | head
			break
		fi
		set -- $(tm_header_pos)
		[ "${2:-0}" -ge "${3:-0}" ] && break
		tm_keys NPage
		tm_wait_not " $1-$2/$3 *\$" "next page" >/dev/null
		pages=$((pages + 1))
	done
	[ $bad = 0 ] && pass "C locale: $id is ASCII on every page" || fail "C locale: non-ASCII in $id"
	tm_stop
done

# ---- Escape sequences in text are shown, never obeyed ------------------------------------
tm_start -x 100 -y 30 -e NO_COLOR=1 -- "${esc}[31mRED$(printf '\007')x"
tm_wait 'Search: \?\[31mRED\?x' "control characters drawn as '?'"
tm_capture "$T/attrs" -e
c=$(colour_params "$T/attrs")
[ -z "$c" ] && pass "the escape sequence was not obeyed" || fail "colour escapes reached the terminal ($c)"
tm_keys Escape q
tm_wait_exit "quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
finish
