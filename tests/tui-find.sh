#!/bin/sh
# SPDX-License-Identifier: MIT
# TUI: "/" inside an article finds within it, as in less: highlighted
# matches, n/N between them (wrapping around), Esc clears.  It is not the
# global search, which stays on "s".
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

tab=$(printf '\t')
"$ENROLLKB" --list 2>/dev/null | awk -F'\t' 'NF == 2 && !seen[$1]++ { print $1 }' >"$T/ids"

# A long article and its most frequent long word: something to find more
# than once, some of it below the first screen.
id= word=
while read -r cand; do
	"$ENROLLKB" --show "$cand" --width 78 2>/dev/null >"$T/show"
	[ "$(wc -l <"$T/show")" -ge 40 ] || continue
	w=$(tr -cs 'A-Za-z' '\n' <"$T/show" | tr 'A-Z' 'a-z' | awk 'length >= 7' |
		sort | uniq -c | sort -rn | awk '$1 >= 3 { print $2; exit }')
	if [ -n "$w" ]; then
		id=$cand word=$w
		break
	fi
done <"$T/ids"
if [ -z "$id" ]; then
	fail "no long article with a repeated word"
	finish
fi
idre=$(tm_re "$(printf '%s' "$id" | cut -c 1-20)")

highlighted() {
	tm_capture "$T/attrs" -e
	grep -Eq '(\[|;)4[23](;[0-9;]*)?m' "$T/attrs"
}

show_highlight() {
	grep -En '(\[|;)4[23](;[0-9;]*)?m' "$T/attrs" | head -n 3 | cat -v | sed 's/^/  /'
}

tm_start -x 80 -y 24 -- "$id"
tm_wait "^ $idre.* 1-22/" "80x24: $id open"
if highlighted; then fail "highlight before /"; else pass "nothing highlighted yet"; fi
tm_keys /
tm_wait '^/' "/ opens a prompt on the status line"
tm_wait "^ $idre" "the article stays (not the global search)"
tm_wait_not 'Search all articles' "no global search"
tm_type "$word"
tm_wait "^/$word" "the pattern is echoed"
tm_keys Enter
tm_wait "\"$word\": match 1 of [0-9]+" "Enter: at the first match"
tm_capture
n=$(sed -n "s/.*\"$word\": match 1 of \([0-9]*\).*/\1/p" "$TM_DIR/screen" | head -n 1)
if [ "${n:-0}" -ge 2 ]; then pass "$n matches"; else fail "only ${n:-0} match for '$word'"; fi
if highlighted; then pass "matches highlighted"; else fail "no highlight"; fi
if grep -iq "$word" "$TM_DIR/screen"; then pass "the match is on screen"; else fail "match not shown"; fi
tm_keys n
tm_wait "\"$word\": match 2 of $n" "n: the next match"
tm_capture
if grep -iq "$word" "$TM_DIR/screen"; then pass "n: on screen"; else fail "n: match not shown"; fi
tm_keys N
tm_wait "\"$word\": match 1 of $n" "N: the previous one"
tm_keys N
tm_wait "\"$word\": match $n of $n \(went round" "N at the first: round to the last"
tm_keys n
tm_wait "\"$word\": match 1 of $n \(went round" "n at the last: round to the first"
tm_keys Escape
tm_wait_not "\"$word\"" "Esc clears the pattern"
if highlighted; then fail "highlight left after Esc"; show_highlight; else pass "no highlight after Esc"; fi
# As in less: n still finds the last pattern, and the highlight is back.
tm_keys n
tm_wait "\"$word\": match [0-9]+ of $n" "n after Esc: the last pattern again"
if highlighted; then pass "highlighted again"; else fail "no highlight after n"; fi
tm_keys Escape

# A pattern that matches nothing, and Esc in the prompt restores the old one.
tm_keys / 
tm_type "$word"
tm_keys Enter
tm_wait "\"$word\": match" "find again"
tm_keys /
tm_type "zqxjkv"
tm_wait '^/zqxjkv' "a second pattern typed"
tm_keys Escape
tm_wait "\"$word\": match [0-9]+ of" "Esc in the prompt keeps the previous pattern and match"
tm_keys / 
tm_type "zqxjkv"
tm_keys Enter
tm_wait "Pattern not found: zqxjkv" "no match reported"
tm_keys s
tm_wait 'Search:' "s: the global search, from the article"
tm_keys Escape
tm_wait "^ $idre" "Esc: back in the article"
tm_keys q q q
tm_wait_exit "quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
tm_expect_clean_stderr "nothing on stderr"

# ---- Case folded for every script, counted as it is typed -----------------------
# The fixture says "error of registration" in Cyrillic three times, each in
# another case; "шибк" is no word the search engine knows (it is inside
# one), so only case folding over Unicode finds all three.
tm_start -x 100 -y 30 -- --no-builtin --content "$top_srcdir/tests/fixtures/unicode" unicode-find
tm_wait "│ unicode-find" "the Unicode fixture open"
tm_keys n
tm_wait "No pattern yet" "n before any pattern says how to set one"
tm_keys /
tm_type "шибк"
tm_wait "^/шибк +match 1 of 3 *\$" "the prompt counts the matches as they are typed"
tm_keys Enter
tm_wait '"шибк": match 1 of 3' "Enter: ОШИБКА, ошибка and Ошибка all match"
tm_keys n n
tm_wait '"шибк": match 3 of 3' "n n: the third"
tm_keys q q q
tm_wait_exit "quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
finish
