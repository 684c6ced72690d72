#!/bin/sh
# SPDX-License-Identifier: MIT
# TUI: resizing (KEY_RESIZE) lays the panes out again at once, keeping the
# selection and the reading position: 100x30 -> 60x20 -> 200x60, and a
# "too small" line below the minimum.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

tab=$(printf '\t')
"$ENROLLKB" --list >"$T/list" 2>/dev/null || fail "--list"
# A long article, to scroll: its category and place in it.
awk -F'\t' 'NF == 1 { c++; p = 0; next } { print c "\t" p "\t" $1; p++ }' "$T/list" >"$T/places"
long=
while IFS="$tab" read -r ci pi id; do
	if [ "$("$ENROLLKB" --show "$id" --width 42 2>/dev/null | wc -l)" -ge 90 ]; then
		long="$ci $pi $id"
		break
	fi
done <"$T/places"
if [ -z "$long" ]; then
	fail "no article long enough to scroll"
	finish
fi
set -- $long
ci=$1 pi=$2 id=$3
ncat=$(awk -F'\t' -v c="$ci" 'NF == 1 { k++ } NF == 2 && k == c { n++ } END { print n }' "$T/list")
idre=$(tm_re "$(printf '%s' "$id" | cut -c 1-20)")

# The article pane's text on row N: what follows the last separator, or
# the whole row when the article has the screen to itself.
article_row() {
	sed -n "${1}p" "$TM_DIR/screen" | sed 's/.*│//; s/^ *//; s/ *$//'
}

tm_start -x 100 -y 30
tm_wait '^ Categories ' "100x30: start-up"
i=1
while [ "$i" -lt "$ci" ]; do tm_keys Down; i=$((i + 1)); done
tm_keys Enter
i=0
while [ "$i" -lt "$pi" ]; do tm_keys Down; i=$((i + 1)); done
tm_wait "Article $((pi + 1)) of $ncat" "100x30: the article selected in its list"
tm_keys Enter
tm_wait "│ $idre.* 1-28/" "100x30: it is open"
tm_keys NPage NPage
tm_wait "│ $idre.* 55-82/" "100x30: two pages down"
tm_capture
grep -c '│' "$TM_DIR/screen" >/dev/null
seps=$(sed -n 1p "$TM_DIR/screen" | tr -cd '│' | wc -c)
[ "$seps" -ge 2 ] && pass "100x30: three panes" || fail "100x30: not three panes"
words=$(article_row 2 | cut -d ' ' -f 1-2)

tm_resize 60 20
tm_wait "^ $idre.* [0-9]+-[0-9]+/[0-9]+ *\$" "60x20: the article takes the screen"
tm_wait_not '│' "60x20: no side-by-side panes"
tm_capture
set -- $(tm_header_pos)
if [ "${1:-1}" -gt 1 ]; then pass "60x20: still scrolled (line $1)"; else fail "60x20: back at the top"; fi
top2=$(printf '%s %s' "$(article_row 2)" "$(article_row 3)")
case $top2 in
*"$words"*) pass "60x20: the same text on top ('$words')" ;;
*) fail "60x20: '$words' not on top: '$top2'" ;;
esac

tm_resize 200 60
tm_wait "^ Categories .*│ .*$((pi + 1))/$ncat *│ $idre" "200x60: three panes, the selection kept"
tm_capture
set -- $(tm_header_pos)
if [ "${1:-1}" -gt 1 ] || [ "${2:-0}" -eq "${3:-1}" ]; then
	pass "200x60: reading position kept"
else
	fail "200x60: back at the top"
fi
tm_keys q
tm_wait "Article $((pi + 1)) of $ncat" "200x60: q back to the list, same article"

tm_resize 30 8
tm_wait '^Too small|^Terminal too small' "30x8: too small, said on one line"
tm_capture
if [ "$(grep -c . "$TM_DIR/screen")" -eq 1 ]; then pass "30x8: nothing else drawn"; else fail "30x8: more than one line"; fi
tm_resize 100 30
tm_wait "^ Categories .*│ .*$((pi + 1))/$ncat *│" "100x30 again: everything back"

# The search survives a resize too, and a narrow one shows it full width.
tm_keys s
tm_wait 'Search:' "the search"
tm_type "enrollment"
tm_wait 'articles? match' "results"
tm_keys Down
tm_wait "^ Search all articles +2/" "second result"
tm_resize 60 20
tm_wait "^ Search all articles +2/" "60x20: the search, selection kept"
tm_wait "Search: enrollment" "60x20: the query kept"
tm_resize 120 40
tm_wait "^ Search all articles +2/[0-9]+ *│ " "120x40: results beside the preview"
tm_keys Escape q q
tm_wait_exit "quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
tm_expect_clean_stderr "nothing on stderr"
finish
