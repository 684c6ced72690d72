#!/bin/sh
# SPDX-License-Identifier: MIT
# TUI: checklists without a usable state directory (XDG_STATE_HOME under a
# regular file, which stops root too; no HOME at all): the browser says so
# on one line, then ticks, notes and exports in memory; nothing is left on
# disk and nothing reaches stderr.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

tab=$(printf '\t')
id= n=
for cand in $("$ENROLLKB" --list 2>/dev/null | awk -F"$tab" 'NF == 2 && !seen[$1]++ { print $1 }'); do
	k=$("$ENROLLKB" --checklist "$cand" 2>/dev/null | grep -c '^ *- \[ \] ')
	if [ "$k" -ge 2 ]; then
		id=$cand n=$k
		break
	fi
done
rm -rf "$XDG_STATE_HOME"
if [ -z "$id" ]; then
	fail "no article with two steps"
	finish
fi
idre=$(tm_re "$(printf '%s' "$id" | cut -c 1-20)")

printf 'not a directory\n' >"$T/file"
ro=$T/file/state

# one_line PATTERN WHAT: the status line (the last one) matches and the
# line above it is not part of the same message.
one_line() {
	tm_capture
	if tail -n 1 "$TM_DIR/screen" | grep -Eq -- "$1"; then
		pass "$2: on the status line"
	else
		fail "$2: not on the status line"
		tm_dump "$2"
	fi
}

for w in 80 200; do
	tm_start -x $w -y 24 -v XDG_STATE_HOME="$ro" -- "$id"
	tm_wait "memory only" "${w}x24: the warning"
	one_line "memory only" "${w}x24: one line"
	tm_wait " $idre.* 0/$n done, case default \(not saved\)" "${w}x24: the header says not saved"
	tm_keys q q q
	tm_wait_exit "${w}x24: quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
	tm_expect_clean_stderr "${w}x24: nothing on stderr"
done

# Ticks and notes work in memory.
tm_start -x 80 -y 24 -v XDG_STATE_HOME="$ro" -- "$id"
tm_wait "memory only" "the warning"
tm_keys ']' x
tm_wait "ticked: 1 of $n done \(in memory only\)" "a tick, in memory"
tm_wait "^ $idre.* 1/$n done" "the header: 1/$n"
tm_wait '^ *\[x\] ' "a ticked checkbox"
tm_keys a
tm_type "seen in memory"
tm_keys Enter
tm_wait "Note saved.*\(in memory only\)" "a note, in memory"
tm_wait "Your note: seen in memory" "shown under the step"
tm_keys e C-u
tm_type "$T/ro.md"
tm_keys Enter
tm_wait "Checklist exported to $(tm_re "$T/ro.md")" "the export still works"
grep -Eq '^ *- \[x\] .* — seen in memory$' "$T/ro.md" && pass "the export has the tick and the note" ||
	fail "export: $(cat "$T/ro.md")"
tm_keys R y
tm_wait "cleared for case default \(in memory only\)" "reset, in memory"
tm_wait "^ $idre.* 0/$n done" "the header: 0/$n"
tm_keys q q q
tm_wait_exit "quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
tm_expect_clean_stderr "nothing on stderr"
[ -d "$T/file" ] && fail "a state directory appeared" || pass "nothing written under the file"

# Nothing was saved: the next run starts afresh (and says why on stderr).
XDG_STATE_HOME=$ro "$ENROLLKB" --checklist "$id" >"$T/out" 2>"$T/err"
grep -q '\[x\]' "$T/out" && fail "a tick was saved somewhere" || pass "nothing saved"
expect_grep "--checklist: the warning on stderr" 'in memory only' "$T/err"

# No HOME and no XDG_STATE_HOME: the same, with the short wording.
tm_start -x 80 -y 24 -u HOME -u XDG_STATE_HOME -- "$id"
tm_wait "memory only" "no HOME: the warning"
one_line "memory only" "no HOME: one line"
tm_keys ']' x
tm_wait "ticked: 1 of $n done \(in memory only\)" "no HOME: a tick, in memory"
tm_keys q q q
tm_wait_exit "no HOME: quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
tm_expect_clean_stderr "no HOME: nothing on stderr"
finish
