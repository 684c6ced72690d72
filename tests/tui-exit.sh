#!/bin/sh
# SPDX-License-Identifier: MIT
# TUI: leaving cleanly -- q one level at a time, Ctrl-C, SIGTERM; every
# exit restores the terminal.  No terminal: a one-line pointer to the
# non-interactive commands and exit 2.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

# ---- Not a terminal: nothing to drive, say what to use instead -------------
expect_rc 2 "stdin/stdout not a tty" "$ENROLLKB" </dev/null
expect_grep "points to --search" '--search' "$T/err"
expect_grep "points to --show" '--show' "$T/err"
if [ "$(wc -l <"$T/err")" -eq 1 ]; then pass "one line"; else fail "message is not one line"; cat "$T/err"; fi
if [ -s "$T/out" ]; then fail "wrote to stdout"; else pass "stdout untouched"; fi

# ---- TERM=dumb / no TERM, on a real terminal ----------------------------------
for how in "-v TERM=dumb" "-u TERM"; do
	# shellcheck disable=SC2086
	tm_start -x 80 -y 24 $how
	tm_wait_exit "$how" && {
		[ "$TM_RC" = 2 ] && pass "$how: exit 2" || fail "$how: exit $TM_RC, wanted 2"
		expect_grep "$how: message" '--search QUERY or --show ID' "$TM_DIR/stderr"
	}
	tm_stop
done

# ---- q goes back one level, then quits ----------------------------------------
tm_start -x 80 -y 24
tm_wait 'Categories' "start-up"
tm_keys Enter
tm_wait 'Article 1 of' "Enter: into the list"
tm_keys Enter
tm_wait '% +.*/ find' "Enter: the article"
tm_keys q
tm_wait 'Article 1 of' "q: back to the list"
tm_keys q
tm_wait 'Category 1 of' "q: back to the categories"
if [ -f "$TM_DIR/rc" ]; then fail "quit too early"; else pass "still running"; fi
tm_keys q
tm_wait_exit "q at the top" && {
	[ "$TM_RC" = 0 ] && pass "q: exit 0" || fail "q: exit $TM_RC"
	tm_expect_restored "q"
	tm_expect_clean_stderr "q: nothing on stderr"
}
tm_stop

# ---- Q quits from anywhere ------------------------------------------------------
tm_start -x 100 -y 30
tm_wait 'Categories' "start-up (Q)"
tm_keys Enter Enter
tm_wait '% +.*/ find' "an article open"
tm_keys Q
tm_wait_exit "Q" && { [ "$TM_RC" = 0 ] && pass "Q: exit 0" || fail "Q: exit $TM_RC"; }
tm_stop

# ---- Ctrl-C and SIGTERM restore the terminal too -----------------------------------
tm_start -x 100 -y 30
tm_wait 'Categories' "start-up (Ctrl-C)"
tm_keys s
tm_wait 'Search:' "in the search"
tm_keys C-c
tm_wait_exit "Ctrl-C" && {
	[ "$TM_RC" = 130 ] && pass "Ctrl-C: exit 130" || fail "Ctrl-C: exit $TM_RC"
	tm_expect_restored "Ctrl-C"
}
tm_stop

tm_start -x 100 -y 30
tm_wait 'Categories' "start-up (SIGTERM)"
tm_keys Enter Enter /
tm_wait '^/' "in the find prompt"
kill -TERM "$(tm_pid)"
tm_wait_exit "SIGTERM" && {
	[ "$TM_RC" = 143 ] && pass "SIGTERM: exit 143" || fail "SIGTERM: exit $TM_RC"
	tm_expect_restored "SIGTERM"
	tm_expect_clean_stderr "SIGTERM: nothing on stderr"
}
tm_stop

# ---- Even a crash puts the terminal back (the sanitizer build reports its
# own crashes instead) ----------------------------------------------------------------
if grep -q __asan_init "$ENROLLKB" 2>/dev/null; then
	pass "crash restore: not checked under AddressSanitizer"
else
	tm_start -x 100 -y 30
	tm_wait 'Categories' "start-up (SIGSEGV)"
	tm_keys Enter Enter
	tm_wait '/ find' "an article open"
	kill -SEGV "$(tm_pid)"
	tm_wait_exit "SIGSEGV" && {
		[ "$TM_RC" = 139 ] && pass "SIGSEGV: died of it" || fail "SIGSEGV: exit $TM_RC"
		tm_expect_restored "SIGSEGV"
	}
fi
finish
