#!/bin/sh
# SPDX-License-Identifier: MIT
# TUI: "?" shows the help generated from the request and keymap tables;
# it scrolls, and q/Esc/? return to where it was opened.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

tm_start -x 80 -y 24
tm_wait '^ Categories ' "start-up"
tm_keys '?'
tm_wait '^ Help: keys' "? opens the help"
tm_wait '^ Everywhere' "the generic keymap first"
# Bindings of one request on one line, with the request's help text.
tm_wait '^ +Up k C-p +Move the selection up' "keys and text on one line"
tm_wait '^ +\? F1 +Show this help' "the help's own binding"
tm_wait 'Help: lines 1-' "status: position in the help"
tm_keys G
tm_wait 'From the shell: enrollkb --search' "G: the end of the help"
tm_keys g
tm_wait '^ Everywhere' "g: the top again"
i=0
while [ $i -lt 8 ]; do tm_keys Space; i=$((i + 1)); done
tm_wait 'Help: lines [0-9]+-[0-9]+ of ([0-9]+)' "paging"
tm_keys g
found_article=0 found_find=0 found_search=0
i=0
while [ $i -lt 12 ]; do
	tm_capture
	grep -q '^ Article$' "$TM_DIR/screen" && found_article=1
	grep -Eq '^ +/ +Find in this article' "$TM_DIR/screen" && found_find=1
	grep -Eq '^ +s +Search all articles' "$TM_DIR/screen" && found_search=1
	tm_keys Down Down Down Down Down Down Down Down Down Down
	i=$((i + 1))
	tm_wait 'Help: lines' "scrolling" >/dev/null
done
[ $found_article = 1 ] && pass "an Article section" || fail "no Article section"
[ $found_find = 1 ] && pass "/ finds in the article" || fail "no '/' binding in the article section"
[ $found_search = 1 ] && pass "s searches all articles" || fail "no 's' binding"
tm_keys q
tm_wait "Category 1 of" "q: back to the categories"

# From an article, Esc returns to it.
tm_keys Enter Enter
tm_wait '/ find' "an article"
tm_keys '?'
tm_wait '^ Help: keys' "? from the article"
tm_keys Escape
tm_wait '/ find' "Esc: back in the article"
tm_keys '?'
tm_wait '^ Help: keys' "? opens it again"
tm_keys '?'
tm_wait_not '^ Help: keys' "? closes it too"
tm_keys F1
tm_wait '^ Help: keys' "F1 opens it"
tm_keys q q q q
tm_wait_exit "quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
tm_expect_clean_stderr "nothing on stderr"
finish
