#!/bin/sh
# SPDX-License-Identifier: MIT
# TUI: checklists -- tick two steps with the keys a user presses, write a
# note, quit and start again: still ticked, with the note, in that case only
# (--case, ENROLLKB_CASE); the lists show the progress; Up/Down go from step
# to step; the export is what --checklist prints; reset asks first; a
# SIGKILL right after a tick leaves a state file that loads; what another
# process saves shows up and is kept.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

# The export's default file goes to the current directory.
cd "$T" || exit 1
tab=$(printf '\t')
cases=$XDG_STATE_HOME/enrollkb/cases

# An article with at least three steps (n counts steps and substeps, as
# the header's done/total does) that a 200x150 screen shows whole.
id= n=
for cand in $("$ENROLLKB" --list 2>/dev/null | awk -F"$tab" 'NF == 2 && !seen[$1]++ { print $1 }'); do
	k=$("$ENROLLKB" --checklist "$cand" --case probe 2>/dev/null | grep -c '^ *- \[ \] ')
	if [ "$k" -ge 3 ] && [ "$("$ENROLLKB" --show "$cand" --width 100 2>/dev/null | wc -l)" -le 130 ]; then
		id=$cand n=$k
		break
	fi
done
rm -rf "$cases"
if [ -z "$id" ]; then
	fail "no article with three steps"
	finish
fi
idre=$(tm_re "$(printf '%s' "$id" | cut -c 1-20)")

# ticked_count CASE: "[x]" items --checklist prints for the case.
ticked_count() {
	"$ENROLLKB" --checklist "$id" --case "$1" 2>"$T/cl.err" | grep -c '^ *- \[x\] '
}

# ---- Tick two steps, write a note ------------------------------------------------
tm_start -x 80 -y 24 -- --case C1 "$id"
tm_wait "^ $idre.* 0/$n done, case C1 " "the header: 0/$n done, case C1"
# Space pages, as in less, and ticks nothing.
tm_keys Space
tm_wait "^ $idre.* 0/$n done, case C1 +(2[0-9]|1[0-9])-[0-9]+/" "Space pages down"
tm_keys Space
tm_wait_not "ticked" "Space ticks nothing"
tm_keys g
tm_wait "^ $idre.* 0/$n done, case C1 +1-" "g: back at the top"
# x ticks the step under the cursor; with no step on screen the first
# press only brings the first one in.
tm_keys x
tm_wait "Step [^:]* ?ticked: 1 of $n done|No step was on screen" "x"
if grep -q "No step was on screen" "$TM_DIR/screen"; then
	tm_wait "^ $idre.* 0/$n done" "nothing ticked unseen"
	tm_keys x
	tm_wait "ticked: 1 of $n done" "x again ticks it"
fi
tm_wait "^ $idre.* 1/$n done, case C1 " "the header: 1/$n"
tm_wait '^ *\[x\] ' "a ticked checkbox on screen"
tm_keys ']'
tm_wait "Step [^:]+: not done" "]: the next step, not done yet"
tm_keys x
tm_wait "ticked: 2 of $n done" "x ticks it"
tm_wait "^ $idre.* 2/$n done, case C1 " "the header: 2/$n"
tm_keys a
tm_wait '^Note on (step [^:]+|this step): *$' "a: an empty note prompt"
tm_type "serial F2LXQZ7"
tm_keys Enter
tm_wait "Note saved" "Enter saves the note"
tm_wait "Your note: serial F2LXQZ7" "the note under the step"
tm_keys a
tm_wait '^Note on .*: serial F2LXQZ7$' "a again: the prompt holds the note"
tm_keys Escape
tm_wait "Note not changed" "Esc keeps it"
tm_keys q
tm_wait "Article [0-9]+ of" "q: the list"
tm_keys q q
tm_wait_exit "quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
tm_expect_clean_stderr "nothing on stderr"

got=$(ticked_count C1)
[ "$got" -eq 2 ] && pass "--checklist: 2 steps ticked" || fail "--checklist: $got ticked, want 2"
"$ENROLLKB" --checklist "$id" --case C1 >"$T/c1.md" 2>&1
expect_grep "--checklist: the note on a ticked step" \
	'^ *- \[x\] .* — [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC — serial F2LXQZ7$' "$T/c1.md"

# ---- Restart: the same case has it all, another none --------------------------
tm_start -x 100 -y 30 -- --case C1 "$id"
tm_wait "│ $idre.* 2/$n( done)? " "restart: still 2/$n"
tm_keys /
tm_type "F2LXQZ7"
tm_keys Enter
tm_wait '"F2LXQZ7": match 1 of [0-9]+' "the note is in the article"
tm_wait "Your note: serial F2LXQZ7" "and on screen"
tm_keys Escape q
tm_wait "Article [0-9]+ of" "the list"
tm_capture
if sed -n '2,29p' "$TM_DIR/screen" | grep -q " 2/$n │"; then
	pass "the list shows 2/$n beside the article"
else
	fail "no 2/$n in the list"
	tm_dump "list"
fi
tm_keys q q
tm_wait_exit "quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }

tm_start -x 80 -y 24 -- --case C2 "$id"
tm_wait "^ $idre.* 0/$n done, case C2 " "--case C2: 0/$n"
tm_keys q q q
tm_wait_exit "quit C2"
tm_start -x 80 -y 24 -v ENROLLKB_CASE=C1 -- "$id"
tm_wait "^ $idre.* 2/$n done, case C1 " "ENROLLKB_CASE=C1: 2/$n"
tm_keys q q q
tm_wait_exit "quit"
# No case named: the one the browser last worked in (C1, from
# ENROLLKB_CASE just now), and it says so on the status line.
tm_start -x 80 -y 24 -- "$id"
tm_wait "^ $idre.* 2/$n done, case C1 " "no case: the last one used, C1"
tm_wait " case C1 *\$" "the case on the status line"
tm_keys q q q
tm_wait_exit "quit"
tm_start -x 80 -y 24 -- --case default "$id"
tm_wait "^ $idre.* 0/$n done, case default " "--case default: 0/$n"
tm_keys q q q
tm_wait_exit "quit"

# ---- Up/Down: from step to step while they are on screen -------------------------
# A screen tall enough for the whole article: Down never needs to scroll.
tm_start -x 200 -y 150 -- --case C2 "$id"
tm_wait "│ $idre.* 1-([0-9]+)/\1 *\$" "200x150: the whole article on screen"
tm_wait "Step [^:]+: not done" "the cursor on the first step"
# The cursor step as the status line names it: "2", "3a", "1 (cause 2)".
label() {
	sed -n 's/.*  Step \(.*\): not done.*/\1/p' "$TM_DIR/screen"
}
label >"$T/labels"
i=1
while [ "$i" -lt "$n" ]; do
	tm_keys Down
	k=0
	while [ $k -lt "$TM_TRIES" ]; do
		tm_capture
		l=$(label)
		[ -n "$l" ] && ! grep -Fxq -- "$l" "$T/labels" && break
		k=$((k + 1))
		sleep 0.1
	done
	echo "$l" >>"$T/labels"
	i=$((i + 1))
done
got=$(sort -u "$T/labels" | grep -c .)
[ "$got" -eq "$n" ] && pass "Down visits the $n steps: $(tr '\n' ',' <"$T/labels")" ||
	fail "Down visited $got steps: $(tr '\n' ',' <"$T/labels") (want $n)"
last=$(sed -n "${n}p" "$T/labels")
prev=$(sed -n "$((n - 1))p" "$T/labels")
tm_keys Up
tm_wait "  Step $(tm_re "$prev"): not done" "Up: back to step $prev"
tm_keys Down x
tm_wait "Step $(tm_re "$last") ticked: 1 of $n done" "x on the last step"
tm_keys x
tm_wait "Step $(tm_re "$last") unticked: 0 of $n done" "x again unticks it"
tm_keys q q q
tm_wait_exit "quit"

# At 80x24 Down scrolls where no next step is on screen, and the cursor
# comes along (the header moves, and a step stays under the cursor).
tm_start -x 80 -y 24 -- --case C2 "$id"
tm_wait "^ $idre.* 1-22/" "80x24"
i=0
while [ $i -lt 60 ]; do tm_keys Down; i=$((i + 1)); done
tm_wait "^ $idre.* ([2-9]|[1-9][0-9]+)-[0-9]+/" "Down scrolls past the first page"
tm_keys G
tm_wait '100%' "G: the end"
tm_keys '['
tm_wait "Step [^:]+: not done" "[: a step again"
tm_keys q q q
tm_wait_exit "quit"

# ---- Export: the file is what --checklist prints ----------------------------------
tm_start -x 80 -y 24 -- --case C1 "$id"
tm_wait "^ $idre.* 2/$n done" "C1 again"
tm_keys e
tm_wait "^Export the checklist to: \./C1-$(tm_re "$id")\.md" "e: the default file in the current directory"
tm_keys Enter
tm_wait "Checklist exported to $(tm_re "$T/C1-$id.md")" "the status line shows its full path"
"$ENROLLKB" --checklist "$id" --case C1 >"$T/want.md" 2>/dev/null
if cmp -s "$T/want.md" "$T/C1-$id.md"; then
	pass "the export equals --checklist $id --case C1"
else
	fail "the export differs from --checklist"
	diff "$T/want.md" "$T/C1-$id.md" | sed 's/^/  /' | head -20
fi
mkdir "$T/out"
tm_keys e C-u
tm_type "$T/out/ticket 42.md"
tm_keys Enter
tm_wait "Checklist exported to $(tm_re "$T/out/ticket 42.md")" "another file"
cmp -s "$T/want.md" "$T/out/ticket 42.md" && pass "same content" || fail "the second export differs"
ls "$T/out" | grep -v '^ticket 42\.md$' >"$T/leftovers"
[ -s "$T/leftovers" ] && fail "temporary files left: $(cat "$T/leftovers")" || pass "no temporary file left"
tm_keys e C-u
tm_type "$T/no/such/dir/x.md"
tm_keys Enter
tm_wait "Could not export to" "an impossible path: an error"
tm_wait "No such file" "saying why"
tm_wait "^ $idre.* 2/$n done" "the checklist is intact"

# ---- Reset asks first ---------------------------------------------------------------
tm_keys R
tm_wait "^Reset the checklist of .* for case C1\? \(y/n\)" "R asks"
tm_keys n
tm_wait "Checklist not reset" "n: not reset"
tm_wait "^ $idre.* 2/$n done" "still 2/$n"
tm_keys R
tm_wait "\(y/n\)" "R again"
tm_keys y
tm_wait "cleared for case C1" "y: cleared"
tm_wait "^ $idre.* 0/$n done" "the header: 0/$n"
tm_wait_not "Your note: serial F2LXQZ7" "the note is gone"
tm_keys q q q
tm_wait_exit "quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
got=$(ticked_count C1)
[ "$got" -eq 0 ] && pass "--checklist after reset: nothing ticked" || fail "after reset: $got ticked"
grep -q 'F2LX' "$cases/C1" && fail "the note is still in the state file" || pass "the note left the state file"

# ---- SIGKILL right after a tick -------------------------------------------------------
tm_start -x 80 -y 24 -- --case K "$id"
tm_wait "^ $idre.* 0/$n done" "case K"
tm_keys ']' x
tm_wait "ticked: 1 of $n done" "a tick"
kill -9 "$(tm_pid)"
tm_wait_exit "SIGKILL"
if got=$(ticked_count K) && [ "$got" -eq 1 ] && [ ! -s "$T/cl.err" ]; then
	pass "after SIGKILL the state loads, the tick is there"
else
	fail "after SIGKILL: $got ticked, stderr: $(cat "$T/cl.err")"
fi
# Killed in the middle of a burst of saves: whichever file is left loads.
tm_start -x 80 -y 24 -- --case K "$id"
tm_wait "^ $idre.* 1/$n done" "case K again: 1/$n"
tm_keys x x x x x x x x x x x x x x x x x x x x x
kill -9 "$(tm_pid)"
tm_wait_exit "SIGKILL in a burst"
"$ENROLLKB" --checklist "$id" --case K >/dev/null 2>"$T/cl.err"
[ -s "$T/cl.err" ] && fail "the state after a SIGKILL does not load: $(cat "$T/cl.err")" ||
	pass "the state after a SIGKILL in a burst loads"
ls "$cases" | grep -q corrupt && fail "a state file was set aside: $(ls "$cases")" || pass "nothing set aside"

# ---- Another process saves meanwhile ---------------------------------------------
# All steps on screen: the cursor starts on the first one, Down goes on.
tm_start -x 200 -y 150 -- --case P "$id"
tm_wait "│ $idre.* 0/$n done" "case P"
tm_wait "Step [^:]+: not done" "the cursor on the first step"
tm_keys x
tm_wait "ticked: 1 of $n done" "the browser ticks step 1"
key1=$(awk -F"$tab" -v a="$id" '$1 == a && $3 != "-" { print $2 }' "$cases/P")
"$ENROLLKB" --checklist "$id" --case P --reset >/dev/null 2>&1 || fail "--reset from another process"
tm_wait "│ $idre.* 0/$n done" "another process's reset shows up"
tm_keys j x
tm_wait "│ $idre.* 1/$n done" "the browser ticks step 2"
# A third writer (the documented format, replaced at once) ticks step 1
# again: it shows up, and the browser's next save keeps it.
if [ -n "$key1" ]; then
	awk -F"$tab" -v OFS="$tab" -v a="$id" -v k="$key1" \
		'$1 == a && $2 == k { $3 = "2026-01-02T03:04:00Z"; $4 = "2099-01-01T00:00:00Z" } { print }' \
		"$cases/P" >"$cases/P.edit" && mv "$cases/P.edit" "$cases/P"
	tm_wait "│ $idre.* 2/$n done" "the other writer's tick shows up"
	tm_keys j x
	tm_wait "ticked: 3 of $n done" "the browser's next tick keeps it"
	got=$(ticked_count P)
	[ "$got" -eq 3 ] && pass "the file has all 3 ticks" || fail "the file has $got ticks, want 3"
else
	fail "no ticked entry in the state file"
fi
tm_keys q q q
tm_wait_exit "quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
tm_expect_clean_stderr "nothing on stderr"
finish
