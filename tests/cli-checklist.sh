#!/bin/sh
# SPDX-License-Identifier: MIT
# cli-checklist.sh: --checklist, --reset, --case, --cases end to end, with the
# state files of a private $XDG_STATE_HOME (see lib.sh).
. "$top_srcdir/tests/lib.sh"

cases=$XDG_STATE_HOME/enrollkb/cases
tab=$(printf '\t')

# ---- A fresh checklist -------------------------------------------------------
if expect_rc 0 "checklist of a fresh case" "$ENROLLKB" --checklist device-cap-reached; then
	expect_grep "title line" '^# .*DeviceCapReached' "$T/out"
	expect_grep "case line" '^Case: default$' "$T/out"
	expect_grep "error codes line" '^Error codes: DeviceCapReached$' "$T/out"
	expect_grep "cause heading" '^## Cause 1: ' "$T/out"
	expect_grep "open numbered step" '^- \[ \] 1\. ' "$T/out"
	expect_no_grep "nothing ticked" '\[x\]' "$T/out"
	expect_no_grep "no markup left" '<[a-z]' "$T/out"
	[ -s "$T/err" ] && fail "fresh checklist: unexpected stderr: $(cat "$T/err")"
fi
cp "$T/out" "$T/fresh.md"
if expect_rc 0 "checklist with substeps" "$ENROLLKB" --checklist invalid-profile-device-type-restriction; then
	expect_grep "open substep" '^  - \[ \] a\. ' "$T/out"
fi

# The error code finds the article too.
if expect_rc 0 "checklist by error code" "$ENROLLKB" --checklist DeviceCapReached; then
	cmp -s "$T/out" "$T/fresh.md" || fail "checklist by error code differs from by id"
fi

expect_rc 1 "missing article" "$ENROLLKB" --checklist no-such-article-here
expect_grep "missing article: message" 'no-such-article-here' "$T/err"
expect_rc 2 "--reset without --checklist" "$ENROLLKB" --reset

if expect_rc 0 "--cases at first" "$ENROLLKB" --cases; then
	[ -s "$T/out" ] && fail "--cases at first: listed $(cat "$T/out")"
fi

# ---- Reset, cases ------------------------------------------------------------
if expect_rc 0 "--reset on a case" "$ENROLLKB" --checklist device-cap-reached --case "INC 42/../x" --reset; then
	expect_grep "--reset: confirmation names the case" 'INC 42/\.\./x' "$T/out"
fi
[ -f "$cases/INC%2042%2F%2E%2E%2Fx" ] || fail "--reset: no percent-encoded state file in $cases: $(ls "$cases")"
[ -e "$XDG_STATE_HOME/enrollkb/x" ] && fail "case name escaped the state directory"
if expect_rc 0 "--cases after --reset" "$ENROLLKB" --cases; then
	expect_grep "--cases lists the case with a time" \
		"^INC 42/\\.\\./x${tab}[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\$" "$T/out"
	[ "$(wc -l <"$T/out")" -eq 1 ] || fail "--cases: want one case, got: $(cat "$T/out")"
fi

# The state file is the documented format: tick step 1 by hand.
f=$cases/INC%2042%2F%2E%2E%2Fx
head -n 1 "$f" | grep -qx '# enrollkb checklist 1' || fail "state file header: $(head -n 1 "$f")"
grep -qx '# case: INC 42/\.\./x' "$f" || fail "state file names no case: $(head -n 3 "$f")"
first=$(grep -v '^#' "$f" | head -n 1)
echo "$first" | grep -Eq "^device-cap-reached${tab}[0-9a-f]{16}${tab}-${tab}[0-9T:Z-]{20}${tab}\$" ||
	fail "state entry not in the documented format: $first"
key=$(echo "$first" | cut -f 2)
sed "s/^device-cap-reached${tab}${key}${tab}-${tab}\\([^${tab}]*\\)${tab}\$/device-cap-reached${tab}${key}${tab}2026-11-26T10:32:00Z${tab}\\1${tab}called the user \\\\\\\\ twice/" \
	"$f" >"$T/edited" && cat "$T/edited" >"$f"
if expect_rc 0 "checklist with a hand-ticked step" env ENROLLKB_CASE="INC 42/../x" "$ENROLLKB" --checklist device-cap-reached; then
	expect_grep "ticked step with time and note" \
		'^- \[x\] 1\. .* — 2026-11-26 10:32 UTC — called the user \\ twice$' "$T/out"
	expect_grep "case from ENROLLKB_CASE" '^Case: INC 42/\.\./x$' "$T/out"
	[ "$(grep -c '\[x\]' "$T/out")" -eq 1 ] || fail "hand tick: want exactly one ticked step"
fi
# Other cases never see it.
if expect_rc 0 "default case unaffected" "$ENROLLKB" --checklist device-cap-reached; then
	cmp -s "$T/out" "$T/fresh.md" || fail "default case shows another case's ticks"
fi
expect_rc 0 "--reset clears the hand tick" "$ENROLLKB" --checklist device-cap-reached --case "INC 42/../x" --reset
if expect_rc 0 "checklist after reset" "$ENROLLKB" --checklist device-cap-reached --case "INC 42/../x"; then
	expect_no_grep "reset cleared the tick" '\[x\]' "$T/out"
fi

# ---- A corrupt state file ----------------------------------------------------
printf 'this is not\na checklist\n' >"$cases/broken"
cp "$cases/broken" "$T/broken.orig"
if expect_rc 0 "checklist with a corrupt state file" "$ENROLLKB" --checklist device-cap-reached --case broken; then
	expect_grep "corrupt: warning on stderr" 'warning: .*moved it to .*broken\.corrupt-[0-9]{8}T[0-9]{6}Z' "$T/err"
	expect_grep "corrupt: checklist still printed" '^- \[ \] 1\. ' "$T/out"
fi
[ -e "$cases/broken" ] && fail "corrupt file left in place"
set -- "$cases"/broken.corrupt-*
if [ "$#" -eq 1 ] && [ -f "$1" ]; then
	cmp -s "$1" "$T/broken.orig" || fail "moved-aside file differs from the original"
else
	fail "want one broken.corrupt-* file, got: $*"
fi
if expect_rc 0 "--reset after the corrupt file" "$ENROLLKB" --checklist device-cap-reached --case broken --reset; then
	[ -s "$T/err" ] && fail "second run warned again: $(cat "$T/err")"
fi

# ---- No usable state directory -----------------------------------------------
if expect_rc 0 "checklist without HOME" env -u HOME -u XDG_STATE_HOME "$ENROLLKB" --checklist device-cap-reached; then
	expect_grep "no HOME: warning" 'warning: .*in memory only' "$T/err"
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "no HOME: want one warning, got: $(cat "$T/err")"
	cmp -s "$T/out" "$T/fresh.md" || fail "no HOME: checklist differs"
fi
printf 'x\n' >"$T/file"
XDG_STATE_HOME=$T/file/state "$ENROLLKB" --checklist device-cap-reached --reset >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -ne 0 ] && pass "unwritable state dir: --reset fails" || fail "unwritable state dir: --reset exited 0"
expect_grep "unwritable state dir: warning" 'warning: .*in memory only' "$T/err"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "unwritable state dir: want one warning, got: $(cat "$T/err")"

finish
