#!/bin/sh
# SPDX-License-Identifier: MIT
# TUI on hostile input: bounded work on a huge start-up query (the prompt
# keeps its end in view without measuring every possible start); a case
# whose lock another process holds (the tick waits in memory, says so, and
# is saved once the lock is let go); restricted mode writes no export.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

# ---- A 100,000-character start-up query shows ---------------------------------
# Too long for a tmux command line: a wrapper reads it from a file.
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "word "; printf "LASTWORD" }' >"$T/query"
real=$ENROLLKB
cat >"$T/long-query" <<EOS
#!/bin/sh
exec "$real" "\$(cat "$T/query")"
EOS
chmod +x "$T/long-query"
ENROLLKB=$T/long-query
tm_start -x 100 -y 30
tm_wait 'Search: .*word word LASTWORD' "a 100,000-character query: its end is in the prompt"
tm_keys Escape q
tm_wait_exit "quits" && { [ "$TM_RC" = 0 ] && pass "exit 0" || fail "exit $TM_RC"; }
tm_stop
ENROLLKB=$real

# ---- A held lock: the tick is kept and saved later --------------------------------
if command -v flock >/dev/null 2>&1; then
	tab=$(printf '\t')
	id=device-cap-reached
	"$ENROLLKB" --checklist "$id" --case held >/dev/null 2>&1   # makes the lock file
	lock=$XDG_STATE_HOME/enrollkb/cases/held.lock
	# Another process holds the lock until the file "release" appears.
	flock "$lock" sh -c "touch '$T/locked'; while [ ! -f '$T/release' ]; do sleep 0.1; done" &
	holder=$!
	i=0
	while [ ! -f "$T/locked" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	tm_start -x 100 -y 30 -- --case held "$id"
	tm_wait "$id +0/[0-9]+ done" "the article, nothing ticked"
	tm_keys x
	tm_wait "Step [^:]* ?ticked: 1 of|No step was on screen" "x ticks"
	if grep -q "No step was on screen" "$TM_DIR/screen"; then
		tm_keys x
	fi
	tm_wait "not saved yet: another enrollkb holds the case's lock" "the tick says it waits"
	if [ "$("$ENROLLKB" --checklist "$id" --case held 2>/dev/null | grep -c '^ *- \[x\] ')" -eq 0 ]; then
		pass "nothing on disk while the lock is held"
	else
		fail "saved through a held lock"
	fi
	touch "$T/release"
	wait "$holder"
	tm_wait "Checklist saved: the other enrollkb let go" "saved once the lock is let go"
	if [ "$("$ENROLLKB" --checklist "$id" --case held 2>/dev/null | grep -c '^ *- \[x\] ')" -eq 1 ]; then
		pass "the tick is on disk"
	else
		fail "the tick was not saved"
	fi
	tm_keys q q q
	tm_wait_exit "quits"
	tm_stop
fi

# ---- Restricted mode: the export writes no file ------------------------------------
mkdir -p "$T/cwd"
cd "$T/cwd" || exit 1
tm_start -x 100 -y 30 -- --restricted --case R device-cap-reached
tm_wait "device-cap-reached +0/[0-9]+ done" "restricted: the article"
tm_keys e
tm_wait "^Export the checklist to: " "e: the export prompt"
tm_keys Enter
tm_wait "Restricted mode: no export to a file" "restricted: says no"
if [ -n "$(ls -A "$T/cwd")" ]; then fail "restricted: a file was written: $(ls -A "$T/cwd")"; else pass "restricted: no file written"; fi
tm_keys q q q
tm_wait_exit "restricted: quits"
tm_stop
cd "$T" || exit 1

finish
