#!/bin/sh
# SPDX-License-Identifier: MIT
# TUI: cases in the browser -- the case on every screen, the case picker
# ("c": recent cases with done/total and last change; type a name to
# narrow the list or start a case; Enter switches; C-d deletes after a
# y/n question), the last case remembered, a named case with progress
# reopening its last article, and "E" writing what --export prints.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

cd "$T" || exit 1
tab=$(printf '\t')
cases=$XDG_STATE_HOME/enrollkb/cases

# Two articles with at least two steps each.
articles_with_steps 2 | head -n 2 >"$T/two"
read -r a1 n1 <"$T/two"
sed -n 2p "$T/two" >"$T/second"
read -r a2 n2 <"$T/second"
rm -rf "$XDG_STATE_HOME"
[ -n "$a2" ] || { fail "no two articles with two steps"; finish; }
re1=$(tm_re "$(printf '%s' "$a1" | cut -c 1-20)")
re2=$(tm_re "$(printf '%s' "$a2" | cut -c 1-20)")

# ---- Work two cases ----------------------------------------------------------------
# INC-A: two steps of a1.  INC-B: one step of a1, then one of a2 (its last).
tm_start -x 100 -y 30 -- --case INC-A "$a1"
tm_wait " case INC-A *\$" "the case on the status line"
tm_keys ']' x
tm_wait "ticked: 1 of $n1 done" "INC-A: a tick"
tm_keys ']' x
tm_wait "ticked: 2 of $n1 done" "INC-A: another"
tm_keys Q
tm_wait_exit "quit"
tm_start -x 100 -y 30 -- --case INC-B "$a1"
tm_keys ']' x
tm_wait "ticked: 1 of $n1 done" "INC-B: a tick in $a1"
tm_keys s
tm_type "$a2"
tm_wait "Search: $re2" "INC-B: searching $a2"
tm_keys Enter
tm_wait "│ $re2" "$a2 open"
tm_keys ']' x
tm_wait "ticked: 1 of $n2 done" "INC-B: a tick in $a2"
tm_keys Q
tm_wait_exit "quit"
# Ticks of one test run share their second: make the order certain by
# dating INC-A and INC-B's tick in $a1 back (the documented format).
for c in INC-A INC-B; do
	awk -F"$tab" -v OFS="$tab" -v a="$a1" -v c=$c '
		$1 == a && $3 != "-" { $3 = (c == "INC-A" ? "2025-11-01T09:00:00Z" : "2025-12-01T09:00:00Z"); $4 = $3 }
		{ print }' "$cases/$c" >"$T/edited" && cat "$T/edited" >"$cases/$c"
done

# ---- No case named: the last one, back where it stopped -------------------------------
tm_start -x 100 -y 30
tm_wait " case INC-B *\$" "the last case, INC-B, on the start screen"
tm_wait "│ $re2.* 1/$n2 done" "INC-B reopens its last article, $a2"
tm_wait "back at the article worked in last" "and says so"

# ---- The picker --------------------------------------------------------------------------
tm_keys c
tm_wait "^ Cases .*now on case INC-B" "c: the case picker"
tm_capture
expect_order "INC-B (open, marked) above INC-A (older)" "$TM_DIR/screen" '^ \* INC-B ' '^   INC-A '
tm_wait "^ \* INC-B +2/$((n1 + n2)) +2 +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC" \
	"INC-B: 2 of $((n1 + n2)) done, 2 articles, its last change"
tm_wait "^   INC-A +2/$n1 +1 +2025-11-01 09:00 UTC" "INC-A: 2 of $n1 done, 1 article, its last change"
tm_type "inc-a"
tm_wait "^ Case name: inc-a" "typing narrows the list"
tm_wait_not "^ [ *] INC-B " "INC-B is not listed"
tm_wait "Start a new case \"inc-a\"" "and a new case is offered below"
tm_keys Enter
tm_wait " case INC-A *\$" "Enter: on INC-A"
tm_wait "│ $re1.* 2/$n1 done" "at its last article, 2/$n1"
last=$(cat "$XDG_STATE_HOME/enrollkb/last-case" 2>/dev/null)
[ "$last" = INC-A ] && pass "INC-A noted as the last case" || fail "last case noted: '$last'"

# A new case: typed, no match, Enter.
tm_keys c
tm_wait "^ Cases" "the picker again"
tm_type "INC 42"
tm_wait "Start a new case \"INC 42\"" "a name no case has"
tm_wait "Enter starts case INC 42" "the status line says what Enter does"
tm_keys Enter
tm_wait "Now on case INC 42" "Enter: a new case"
tm_wait " case INC 42 *\$" "on the status line"

# ---- Delete, with a question first --------------------------------------------------------
tm_keys c
tm_wait "^ Cases" "the picker"
tm_type "INC-B"
tm_wait "^ +INC-B " "INC-B selected"
tm_keys C-d
tm_wait "^Delete case INC-B and its checklist \(2 of $((n1 + n2)) steps done\)\? \(y/n\)" "C-d asks"
tm_keys n
tm_wait "Case INC-B not deleted" "n: kept"
[ -f "$cases/INC-B" ] && pass "its file is still there" || fail "INC-B's file is gone after n"
tm_keys C-d
tm_wait "\(y/n\)" "C-d again"
tm_keys y
tm_wait "Case INC-B deleted" "y: deleted"
[ -f "$cases/INC-B" ] && fail "INC-B's file is still there" || pass "its file is gone"
tm_keys Escape
tm_wait_not "^ Cases" "Esc closes the picker"
tm_keys Q
tm_wait_exit "quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
tm_expect_clean_stderr "nothing on stderr"
"$ENROLLKB" --cases >"$T/cases" 2>/dev/null
expect_no_grep "--cases: INC-B is gone" '^INC-B' "$T/cases"
expect_grep "--cases: INC-A is there" '^INC-A' "$T/cases"

# A case with nothing ticked yet: the browser starts as usual.
tm_start -x 100 -y 30
tm_wait " case INC 42 *\$" "the last case, INC 42"
tm_wait "Category 1 of" "nothing worked in it: the categories"
tm_keys Q
tm_wait_exit "quit"

# ---- E: the whole case, what --export prints --------------------------------------------
tm_start -x 100 -y 30 -- --case INC-A
tm_wait "│ $re1.* 2/$n1 done" "INC-A"
tm_keys E
tm_wait "^Export the whole case to: \./INC-A\.md" "E: the default file"
tm_keys Enter
tm_wait "Case INC-A exported to $(tm_re "$T/INC-A.md")" "written, the path shown"
"$ENROLLKB" --export --case INC-A >"$T/want.md" 2>/dev/null
cmp -s "$T/want.md" "$T/INC-A.md" && pass "the file is what --export prints" ||
	{ fail "E differs from --export"; diff "$T/want.md" "$T/INC-A.md" | head; }
tm_keys E C-u
tm_type "ticket.txt"
tm_keys Enter
tm_wait "exported to $(tm_re "$T/ticket.txt")" "a .txt file"
"$ENROLLKB" --export --case INC-A --format text >"$T/want.txt" 2>/dev/null
cmp -s "$T/want.txt" "$T/ticket.txt" && pass ".txt: what --export --format text prints" ||
	{ fail ".txt differs from --format text"; diff "$T/want.txt" "$T/ticket.txt" | head; }
tm_keys E Escape
tm_wait "Nothing exported" "Esc: nothing"
tm_keys Q
tm_wait_exit "quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
finish
