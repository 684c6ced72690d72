#!/bin/sh
# SPDX-License-Identifier: MIT
# cli-export.sh: --export prints a whole case -- every article worked in,
# in the order worked, with ticks, times and notes -- as Markdown or plain
# text; --format is checked; notes from the state file cannot reach the
# terminal as control sequences.
. "$top_srcdir/tests/lib.sh"

cases=$XDG_STATE_HOME/enrollkb/cases
tab=$(printf '\t')
esc=$(printf '\033')

# ---- Nothing worked yet ---------------------------------------------------------
if expect_rc 0 "--export of a fresh case" "$ENROLLKB" --export --case "INC 7"; then
	expect_grep "heading" '^# Case INC 7$' "$T/out"
	expect_grep "says there is nothing" '^Nothing ticked or noted in this case yet\.$' "$T/out"
fi
expect_rc 2 "--format without --export" "$ENROLLKB" --format text
expect_rc 2 "--format html" "$ENROLLKB" --export --format html
expect_grep "--format html: says what it wants" "markdown or text" "$T/err"
expect_rc 2 "--export with --checklist" "$ENROLLKB" --export --checklist device-cap-reached

# ---- Two articles worked in, the later id first --------------------------------
# --reset writes an entry for every step; then one step of each is ticked
# by hand (the documented format), xpc at 10:32, device-cap at 11:00.
a1=xpc-type-error-connection-invalid a2=device-cap-reached
for a in $a1 $a2; do
	"$ENROLLKB" --checklist "$a" --case "INC 7" --reset >/dev/null 2>&1 || fail "--reset $a"
done
f=$cases/INC%207
[ -f "$f" ] || { fail "no state file: $(ls "$cases")"; finish; }
awk -F"$tab" -v OFS="$tab" -v a1="$a1" -v a2="$a2" -v e="$esc" '
	$1 == a1 && !d1 { $3 = "2026-11-26T10:32:00Z"; d1 = 1 }
	$1 == a2 && !d2 { $3 = "2026-11-26T11:00:00Z"; $5 = "15 of 15 " e "[31mred"; d2 = 1 }
	{ print }' "$f" >"$T/edited" && cat "$T/edited" >"$f"
n1=$("$ENROLLKB" --checklist $a1 --case x 2>/dev/null | grep -c '^ *- \[ \] ')
n2=$("$ENROLLKB" --checklist $a2 --case x 2>/dev/null | grep -c '^ *- \[ \] ')
t1=$("$ENROLLKB" --list 2>/dev/null | awk -F"$tab" -v a=$a1 '$1 == a { print $2; exit }')
t2=$("$ENROLLKB" --list 2>/dev/null | awk -F"$tab" -v a=$a2 '$1 == a { print $2; exit }')

if expect_rc 0 "--export markdown" "$ENROLLKB" --export --case "INC 7"; then
	cp "$T/out" "$T/md"
	expect_grep "heading" '^# Case INC 7$' "$T/md"
	expect_grep "summary" "^2 articles worked in, 2 of $((n1 + n2)) steps done\.\$" "$T/md"
	expect_order "in the order worked: $a1 (10:32) before $a2 (11:00)" "$T/md" \
		"^## $(printf '%s' "$t1" | sed 's/[][\.*^$?+(){}|/]/\\&/g')\$" \
		"^## $(printf '%s' "$t2" | sed 's/[][\.*^$?+(){}|/]/\\&/g')\$"
	expect_grep "article ids" "^Article: $a2\$" "$T/md"
	expect_grep "a tick with its time" '^- \[x\] 1\. .* — 2026-11-26 10:32 UTC$' "$T/md"
	expect_grep "a tick with its note" '^- \[x\] 1\. .* — 2026-11-26 11:00 UTC — 15 of 15 (\^\[)?\[31mred$' "$T/md"
	expect_grep "cause headings one level down" '^### Cause 1: ' "$T/md"
	[ "$(grep -c '^ *- \[x\] ' "$T/md")" -eq 2 ] && pass "two ticks" || fail "ticks: $(grep -c '\[x\]' "$T/md")"
	if grep -q "$esc" "$T/md"; then fail "an escape character reached the output"; else pass "no escape character"; fi
fi
# The article's own export says the same about it.
"$ENROLLKB" --checklist $a1 --case "INC 7" >"$T/one" 2>/dev/null
grep '^ *- \[' "$T/one" >"$T/one-items"
awk -v t="## $t1" '$0 == t { on = 1; next } /^## / { on = 0 } on' "$T/md" | grep '^ *- \[' >"$T/md-items"
cmp -s "$T/one-items" "$T/md-items" && pass "$a1: the same items as --checklist" ||
	{ fail "$a1: items differ from --checklist"; diff "$T/one-items" "$T/md-items" | head -10; }

if expect_rc 0 "--export --format text" env ENROLLKB_CASE="INC 7" "$ENROLLKB" --export --format text; then
	expect_grep "underlined heading" '^=+$' "$T/out"
	expect_grep "heading from ENROLLKB_CASE" '^Case INC 7$' "$T/out"
	expect_grep "a plain tick" '^    \[x\] 1\. .* -- 2026-11-26 10:32 UTC$' "$T/out"
	expect_no_grep "no Markdown items" '^ *- \[' "$T/out"
	expect_no_grep "no Markdown headings" '^#' "$T/out"
fi

# --format markdown is the default.
"$ENROLLKB" --export --case "INC 7" --format markdown >"$T/md2" 2>/dev/null
cmp -s "$T/md" "$T/md2" && pass "--format markdown is the default" || fail "--format markdown differs"
# Nothing was written by exporting.
cmp -s "$f" "$T/edited" && pass "the state file is untouched" || fail "--export changed the state file"
finish
