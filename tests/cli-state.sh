#!/bin/sh
# SPDX-License-Identifier: MIT
# State files that someone else could turn against the user: a lock held
# by another process (the wait is said and given up with exit 3), a
# dangling NAME.lock symlink (its target is never created), a case file
# that is a FIFO or a symlink, a state directory others may write to or
# that belongs to someone else, case names that try to climb out.  Every
# run is under timeout: a hang fails instead of blocking.
. "$top_srcdir/tests/lib.sh"

LC_ALL=C
export LC_ALL
unset LANGUAGE

for prog in timeout mkfifo flock; do
	if ! command -v $prog >/dev/null 2>&1; then
		echo "SKIP: $prog not found"
		exit 77
	fi
done

id=device-cap-reached
state=$XDG_STATE_HOME/enrollkb
cases=$state/cases

# ---- Created private ------------------------------------------------------------
(umask 0; "$ENROLLKB" --checklist "$id" --reset >/dev/null 2>&1)
for f in "$state:700" "$cases:700" "$cases/default:600" "$cases/default.lock:600"; do
	mode=$(stat -c %a "${f%:*}" 2>/dev/null)
	if [ "$mode" = "${f##*:}" ]; then pass "${f%:*}: mode $mode"; else fail "${f%:*}: mode $mode, wanted ${f##*:}"; fi
done

# ---- A lock held by another process ----------------------------------------------
flock "$cases/default.lock" sh -c "touch '$T/locked'; while [ ! -f '$T/release' ]; do sleep 0.1; done" &
holder=$!
i=0
while [ ! -f "$T/locked" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
expect_rc_bounded 0 "--checklist ID reads without waiting for the lock" --checklist "$id"
expect_grep "the checklist" '^- \[ \] 1\.' "$T/out"
expect_rc_bounded 3 "--reset gives up on a held lock: exit 3" --checklist "$id" --reset
expect_grep "says it waits" "case 'default' is locked by another enrollkb process .*waiting up to 3 seconds" "$T/err"
expect_grep "says it gave up" "default.lock: warning: another enrollkb process holds the lock of case 'default' \(waited 3 s\): the checklist is not saved" "$T/err"
expect_no_grep "--reset: nothing said on stdout" '.' "$T/out"
touch "$T/release"
wait "$holder"
expect_rc_bounded 0 "--reset once the lock is let go" --checklist "$id" --reset
expect_grep "cleared" "^Checklist of $id cleared for case default\.$" "$T/out"

# ---- A dangling NAME.lock symlink ------------------------------------------------
ln -s "$T/created-through-the-link" "$cases/dangling.lock"
expect_rc_bounded 3 "--reset with a dangling lock symlink" --checklist "$id" --case dangling --reset
expect_grep "says why" 'dangling.lock: warning: cannot open the lock file: it is a symbolic link' "$T/err"
if [ -e "$T/created-through-the-link" ]; then fail "the symlink's target was created"; else pass "its target was not created"; fi

# ---- A case file that is a FIFO or a symlink --------------------------------------
mkfifo "$cases/fifo"
expect_rc_bounded 0 "--checklist on a FIFO case file" --checklist "$id" --case fifo
expect_grep "it is a FIFO" 'cases/fifo: warning: cannot read the checklist: it is a FIFO, not a regular file' "$T/err"
expect_rc_bounded 0 "--cases lists it without hanging" --cases
expect_grep "--cases: says what it is" 'cannot read the checklist: it is a FIFO' "$T/err"
printf '# enrollkb checklist 1\n' >"$T/elsewhere"
ln -s "$T/elsewhere" "$cases/linked"
expect_rc_bounded 0 "--checklist on a symlinked case file" --checklist "$id" --case linked
expect_grep "not followed" 'cases/linked: warning: cannot read the checklist: it is a symbolic link' "$T/err"
rm -f "$cases/fifo" "$cases/linked" "$cases/dangling.lock"

# ---- Case names stay inside cases/ ----------------------------------------------
for name in '../../escape' '/etc/passwd' '..' '.lock'; do
	expect_rc_bounded 0 "--reset --case '$name'" --checklist "$id" --case "$name" --reset
done
if [ -n "$(find "$XDG_STATE_HOME" -path "$cases" -prune -o -type f -print)" ] ||
   [ -e "$T/escape" ] || [ -e "$XDG_STATE_HOME/escape" ]; then
	fail "a case file outside cases/: $(find "$XDG_STATE_HOME" -type f)"
else
	pass "every case file is in cases/"
fi

# ---- A state directory others may write to, or someone else's ---------------------
chmod 0777 "$cases"
expect_rc_bounded 3 "--reset in a world-writable cases/" --checklist "$id" --reset
expect_grep "refused with the reason" 'cases: warning: the state directory is writable by other users \(mode 0777\): not used for checklists' "$T/err"
expect_rc_bounded 0 "--cases there" --cases
expect_grep "--cases: refused too" 'writable by other users' "$T/err"
expect_no_grep "--cases: nothing listed" '.' "$T/out"
chmod 0700 "$cases"
chmod 0770 "$state"
expect_rc_bounded 3 "--reset under a group-writable state dir" --checklist "$id" --reset
expect_grep "group-writable refused" 'enrollkb: warning: the state directory is writable by other users \(mode 0770\)' "$T/err"
chmod 0700 "$state"
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	chown nobody "$state"
	expect_rc_bounded 3 "--reset in someone else's state dir" --checklist "$id" --reset
	expect_grep "another owner refused" 'warning: the state directory belongs to another user \(uid [0-9]+\)' "$T/err"
	chown 0 "$state"
fi
expect_rc_bounded 0 "--reset once private again" --checklist "$id" --reset

finish
