#!/bin/sh
# SPDX-License-Identifier: MIT
# TUI: pasted text never acts as keys.  With bracketed paste (tmux's
# paste-buffer -p) a two-line log pasted into the search stays in the
# prompt, newline as a space, and the case's state file is untouched; a
# paste with no prompt open becomes a search; a paste into the note prompt
# stays in the note; into "/" it is the pattern.  u undoes the session's
# checklist changes.  The browser turns bracketed paste off again on its
# way out, quitting or killed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

cases=$XDG_STATE_HOME/enrollkb/cases
articles_with_steps 3 | head -n 1 >"$T/one"
read -r id n <"$T/one"
rm -rf "$XDG_STATE_HOME"
[ -n "$id" ] || { fail "no article with three steps"; finish; }
idre=$(tm_re "$(printf '%s' "$id" | cut -c 1-20)")
log1='mobileassetd[83] <Notice>: XPC_TYPE_ERROR Connection invalid'
log2='x a q note: would tick, note and quit'

ticked() {
	"$ENROLLKB" --checklist "$id" --case P 2>/dev/null | grep -c '^ *- \[x\] '
}

# ---- A state to keep: one step ticked -------------------------------------------
tm_start -x 100 -y 30 -- --case P "$id"
tm_pipe
tm_wait "│ $idre.* 0/$n done" "case P, the article open"
tm_keys ']' x
tm_wait "ticked: 1 of $n done" "one step ticked"
cp "$cases/P" "$T/before"

# ---- Two lines pasted into the search --------------------------------------------
tm_keys s
tm_wait 'Search:' "s: the search prompt"
tm_paste "$log1
$log2"
tm_wait "Search: .*$(tm_re "invalid x a q note: would tick, note and quit")" "the paste is in the prompt, the newline a space"
tm_wait_not "ticked: 2" "nothing ticked by the paste"
if [ -f "$TM_DIR/rc" ]; then fail "the paste quit the browser"; else pass "still running"; fi
cmp -s "$cases/P" "$T/before" && pass "the state file is untouched" ||
	{ fail "the paste changed the state file"; diff "$T/before" "$cases/P" | head; }
[ "$(ticked)" -eq 1 ] && pass "--checklist: still 1 ticked" || fail "--checklist: $(ticked) ticked"
tm_keys Escape
tm_wait "│ $idre" "Esc: back in the article"

# ---- No prompt open: the paste is a search ------------------------------------------
tm_paste "DeviceCapReached
a"
tm_wait "Search: DeviceCapReached a" "a paste in the article opens the search with it"
tm_wait "articles? match" "and searches"
cmp -s "$cases/P" "$T/before" && pass "still untouched" || fail "the state file changed"
tm_keys Escape
tm_wait "│ $idre" "Esc: back in the article"

# ---- Into the note prompt, into find ------------------------------------------------
tm_keys a
tm_wait '^Note on (step [^:]+|this step): *$' "a: the note prompt"
tm_paste "serial F2LXQZ7
q x"
tm_wait '^Note on .*: serial F2LXQZ7 q x$' "the paste stays in the note"
tm_keys Enter
tm_wait "Note saved" "Enter saves it"
"$ENROLLKB" --checklist "$id" --case P >"$T/md" 2>/dev/null
expect_grep "the note, one line" ' — serial F2LXQZ7 q x$' "$T/md"
tm_keys /
tm_wait '^/' "/: the find prompt"
tm_paste "F2LXQZ7
"
tm_wait '^/F2LXQZ7 *match 1 of 1' "the paste is the pattern, counted as it is typed"
tm_keys Enter
tm_wait '"F2LXQZ7": match 1 of 1' "Enter: at the match"
tm_keys Escape

# ---- u undoes, one change at a time ----------------------------------------------------
tm_keys u
tm_wait "Undone: the note on step" "u: the note undone"
tm_keys u
tm_wait "Undone: the tick of step .*\(0 of $n done\)" "u again: the tick undone"
tm_keys u
tm_wait "Nothing to undo" "u at the start of the session"
[ "$(ticked)" -eq 0 ] && pass "--checklist: nothing ticked after undo" || fail "after undo: $(ticked) ticked"
grep -q F2LXQZ7 "$cases/P" && fail "the undone note is still in the state file" || pass "the note left the state file"

# ---- Bracketed paste is off again on the way out ----------------------------------------
# paste_off: the raw output switches bracketed paste off after the last
# time it switches it on.
paste_off() {
	tr '\033' 'E' <"$TM_DIR/raw" | grep -o 'E\[?2004[hl]' | tail -n 1 | grep -q 'l$'
}
tm_keys Q
tm_wait_exit "Q" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
paste_off && pass "quit: bracketed paste off" || fail "quit: bracketed paste left on"
tm_expect_restored "quit"
tm_expect_clean_stderr "nothing on stderr"

tm_start -x 100 -y 30 -- --case P "$id"
tm_pipe
tm_wait "│ $idre" "again"
tm_keys s
tm_wait 'Search:' "in the search"
kill -TERM "$(tm_pid)"
tm_wait_exit "SIGTERM" && { [ "$TM_RC" = 143 ] || fail "SIGTERM: exit $TM_RC"; }
paste_off && pass "SIGTERM: bracketed paste off" || fail "SIGTERM: bracketed paste left on"
tm_expect_restored "SIGTERM"

if grep -q __asan_init "$ENROLLKB" 2>/dev/null; then
	pass "crash: not checked under AddressSanitizer"
else
	tm_start -x 100 -y 30 -- --case P "$id"
	tm_pipe
	tm_wait "│ $idre" "once more"
	kill -SEGV "$(tm_pid)"
	tm_wait_exit "SIGSEGV"
	paste_off && pass "SIGSEGV: bracketed paste off" || fail "SIGSEGV: bracketed paste left on"
fi
finish
