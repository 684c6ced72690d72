#!/bin/sh
# SPDX-License-Identifier: MIT
# TUI: links and history -- Tab/Shift-Tab select, Enter follows, Left and
# Right go back and forward through the visited articles; external links
# show their full URL; a dangling link says so.  Content problems show as
# a count in the status line.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

tab=$(printf '\t')
"$ENROLLKB" --list 2>/dev/null | awk -F'\t' 'NF == 2 && !seen[$1]++ { print $1 "\t" $2 }' >"$T/articles"

# An article with a cross-reference to another one and, ideally, an
# external link short enough for the status line: from its references.
src= num= target= ext= extnum=
while IFS="$tab" read -r id title; do
	"$ENROLLKB" --show "$id" --width 400 2>/dev/null |
		awk '/^References/ { r = 1; next } r' >"$T/refs"
	line=$(grep -E '^ *\[[0-9]+\] [a-z0-9._-]+ -- ' "$T/refs" | head -n 1)
	[ -n "$line" ] || continue
	src=$id
	num=$(printf '%s' "$line" | sed 's/^ *\[\([0-9]*\)\].*/\1/')
	target=$(printf '%s' "$line" | sed 's/^ *\[[0-9]*\] \([^ ]*\) -- .*/\1/')
	ext=$(grep -E '^ *\[[0-9]+\] https?://[^ ]{1,50}$' "$T/refs" | head -n 1)
	break
done <"$T/articles"
if [ -z "$src" ]; then
	fail "no article links to another one"
	finish
fi
target_title=$(grep "^$target$tab" "$T/articles" | cut -f 2)
idre() {
	tm_re "$(printf '%s' "$1" | cut -c 1-20)"
}

# tab_to N WHAT: Tab until the status line shows link [N].
tab_to() {
	k=0
	while [ $k -lt 40 ]; do
		tm_keys Tab
		k=$((k + 1))
		tm_capture
		if grep -q "^ \[$1\] " "$TM_DIR/screen"; then
			pass "$2 (after $k Tab)"
			return 0
		fi
		# Each Tab selects a new link: wait for the status to change.
		tm_wait '^ \[[0-9]+\] ' "Tab selects a link" >/dev/null || return 1
	done
	fail "$2: never reached link [$1]"
	tm_dump "$2"
	return 1
}

tm_start -x 100 -y 30 -- "$src"
tm_wait "^ Categories .*│ $(idre "$src")" "enrollkb $src opens it"
tab_to "$num" "Tab reaches the link to $target"
tm_wait "^ \[$num\] -> $(tm_re "$(printf '%s' "$target_title" | cut -c 1-30)")" "the status names the target"
tm_keys Enter
tm_wait "^ Categories .*│ $(idre "$target")" "Enter follows it"
tm_wait "article 2 of 2 visited" "a second visit"
tm_keys Left
tm_wait "^ Categories .*│ $(idre "$src")" "Left: back"
tm_wait "^ \[$num\] " "with the link still selected"
tm_keys Right
tm_wait "^ Categories .*│ $(idre "$target")" "Right: forward"
tm_keys BSpace
tm_wait "^ Categories .*│ $(idre "$src")" "Backspace: back too"
tm_keys BTab
tm_wait_not "^ \[$num\] " "Shift-Tab: another link"
tm_keys Tab
tm_wait "^ \[$num\] " "Tab: that one again"
if [ -n "$ext" ]; then
	extnum=$(printf '%s' "$ext" | sed 's/^ *\[\([0-9]*\)\].*/\1/')
	url=$(printf '%s' "$ext" | sed 's/^ *\[[0-9]*\] //')
	tab_to "$extnum" "Tab reaches the external link [$extnum]"
	tm_wait "^ \[$extnum\] $(tm_re "$url")" "its full URL in the status line"
	tm_keys Enter
	tm_wait "browser elsewhere: $(tm_re "$url")" "Enter: says to open it elsewhere"
	tm_wait "^ Categories .*│ $(idre "$src")" "and stays"
fi
tm_keys Left
tm_wait "Article [0-9]+ of" "Left at the first visit: the list"
tm_keys q q
tm_wait_exit "quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
tm_expect_clean_stderr "nothing on stderr"
tm_stop

# ---- A dangling cross-reference, and the count of content errors -------------------
fx=$top_srcdir/tests/fixtures/dangling-xref
"$ENROLLKB" --no-builtin --content "$fx" --validate >/dev/null 2>&1
nerr=$("$ENROLLKB" --no-builtin --content "$fx" --validate 2>/dev/null | grep -c ': error: ')
tm_start -x 100 -y 30 -- --no-builtin --content "$fx" links
tm_wait "^ Categories .*│ links" "a pack with dangling links"
tm_wait "$nerr content errors?: see enrollkb --validate" "the status line counts its $nerr errors"
tab_to 2 "Tab to the dangling link"
tm_wait '^ \[2\] \(missing target\)' "the status says it leads nowhere"
tm_keys Enter
tm_wait "target is missing" "Enter explains instead of following"
tm_keys q q q
tm_wait_exit "quit (dangling)" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
finish
