#!/bin/sh
# SPDX-License-Identifier: MIT
# TUI: browsing -- the categories with their counts, into a category, open
# an article, scroll it; at 80x24 with the keyboard only.  What the screen
# should say is taken from --list and --show, the same knowledge base
# through the non-interactive commands.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

tab=$(printf '\t')
"$ENROLLKB" --list >"$T/list" 2>/dev/null || fail "--list"
# "name TAB count" per category, and the article ids of the second one
awk -F'\t' 'NF == 1 { if (name != "") print name "\t" n; name = $0; n = 0; next }
	{ n++ } END { if (name != "") print name "\t" n }' "$T/list" >"$T/cats"
ncats=$(wc -l <"$T/cats")
if [ "$ncats" -lt 2 ]; then
	fail "the knowledge base has fewer than two categories"
	finish
fi
cat2=$(sed -n 2p "$T/cats" | cut -f 1)
awk -F'\t' -v c="$cat2" 'NF == 1 { on = ($0 == c); next } on { print $1 "\t" $2 }' \
	"$T/list" >"$T/cat2"
n2=$(wc -l <"$T/cat2")
id1=$(sed -n 1p "$T/cat2" | cut -f 1)
id2=$(sed -n 2p "$T/cat2" | cut -f 1)
[ -n "$id2" ] || id2=$id1
title2=$(grep "^$id2$tab" "$T/cat2" | cut -f 2)
# Ids can be cut in a narrow header: match their start.
id1re=$(tm_re "$(printf '%s' "$id1" | cut -c 1-20)")
id2re=$(tm_re "$(printf '%s' "$id2" | cut -c 1-20)")

# ---- 100x30: three panes ------------------------------------------------------
tm_start -x 100 -y 30
tm_wait '^ Categories ' "start-up shows the categories"
while IFS="$tab" read -r name n; do
	tm_wait "^ $(tm_re "$name") +$n +│" "category '$name' with its $n articles"
done <"$T/cats"
tm_wait "^ Categories .*│ $(tm_re "$(sed -n 1p "$T/cats" | cut -f 1)") .*│ " \
	"the list of the first category beside them"
tm_wait "Category 1 of $ncats" "status line: position"
tm_wait '\? help' "status line: key hints"

tm_keys Down
tm_wait "^ Categories .*│ $(tm_re "$cat2") .*│ $id1re" "Down: the second category, its first article previewed"
tm_wait "Category 2 of $ncats" "status follows"
tm_keys Enter
tm_wait "Article 1 of $n2" "Enter: into the article list"
tm_keys Down
tm_wait "Article 2 of $n2" "Down in the list"
tm_wait "│ $id2re" "the preview follows the selection"
tm_keys Enter
tm_wait '/ find' "Enter: the article has the keyboard"
tm_wait "│ $(tm_re "$(printf '%s' "$title2" | cut -c 1-15)")" "its title is on top"
tm_keys q
tm_wait "Article 2 of $n2" "q: back to the list, selection kept"
tm_keys k
tm_wait "Article 1 of $n2" "k moves up"
tm_keys Left
tm_wait "Category 2 of $ncats" "Left: back to the categories"
tm_keys Up Right
tm_wait "Article [0-9]+ of" "Right: into the list of the first category"
tm_keys h
tm_wait "Category 1 of $ncats" "h: back to the categories"

# ---- The mouse: a click selects, a second click opens, the wheel scrolls ----------
# X10 mouse reports (the tmux terminfo's kmous): ESC [ M button x+33 y+33.
mouse() {
	tm_type "$(printf '\033[M%s%s%s' "$(printf "\\$(printf %o "$1")")" \
		"$(printf "\\$(printf %o $(($2 + 33)))")" "$(printf "\\$(printf %o $(($3 + 33)))")")"
}
click() {
	mouse 32 "$1" "$2"
	mouse 35 "$1" "$2"
}
click 3 "$ncats"
tm_wait "Category $ncats of $ncats" "click: selects the last category"
click 3 1
tm_wait "Category 1 of $ncats" "click: the first one"
click 3 1
tm_wait "Article 1 of" "a second click opens it: the list"
tm_capture
set -- $(tm_header_pos)
if [ "${3:-0}" -gt 31 ]; then
	mouse 97 90 10
	tm_wait " 4-31/$3 *\$" "wheel: scrolls the article under the pointer"
	mouse 96 90 10
	tm_wait " 1-28/$3 *\$" "wheel up: back"
fi
tm_keys h q
tm_wait_exit "q quits" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
tm_expect_clean_stderr "nothing on stderr"
tm_stop

# ---- 80x24: stacked panes, the article full width --------------------------------
# A long article, to scroll: its category and place in it, for the keys.
awk -F'\t' 'NF == 1 { c++; p = 0; next } { print c "\t" p "\t" $1; p++ }' "$T/list" >"$T/places"
long=
while IFS="$tab" read -r ci pi id; do
	if [ "$("$ENROLLKB" --show "$id" --width 78 2>/dev/null | wc -l)" -ge 50 ]; then
		long="$ci $pi $id"
		break
	fi
done <"$T/places"
[ -n "$long" ] || long="1 0 $(sed -n 1p "$T/places" | cut -f 3)"
set -- $long
lci=$1 lpi=$2 lid=$3
lidre=$(tm_re "$(printf '%s' "$lid" | cut -c 1-20)")

tm_start -x 80 -y 24
tm_wait '^ Categories ' "80x24: categories"
tm_wait "^ $(tm_re "$(sed -n 1p "$T/cats" | cut -f 1)") .*/[0-9]+ *\$" "80x24: the article list below them"
tm_keys j
tm_wait "Category 2 of $ncats" "80x24: j moves down"
tm_keys g
tm_wait "Category 1 of $ncats" "80x24: g to the first"
i=1
while [ "$i" -lt "$lci" ]; do tm_keys j; i=$((i + 1)); done
tm_keys Enter
i=0
while [ "$i" -lt "$lpi" ]; do tm_keys j; i=$((i + 1)); done
tm_keys Enter
tm_wait "^ $lidre.* 1-[0-9]+/[0-9]+ *\$" "80x24: the article takes the screen"
id2=$lid
id2re=$lidre

# The article pane shows the layout --show prints for its width: line for
# line down to the first step, whose checkbox ("[ ] ", the browser's
# checklist) narrows what follows; from there the same words in the same
# order.
words() {
	tr -s ' ' '\n' <"$1" | grep -v '^$' | grep -Ev '^(\[|\]|\[x\])$' | tr '\n' ' '
}
check_page() {
	first=$1
	tm_capture
	sed -n '2,23p' "$TM_DIR/screen" | sed 's/^ //; s/ *$//' >"$T/page.tui"
	"$ENROLLKB" --show "$id2" --width 78 2>/dev/null >"$T/show.cli"
	if [ "$first" -eq 1 ]; then
		n=$(grep -n '^ *\[[ x]\] ' "$T/page.tui" | head -n 1 | cut -d : -f 1)
		n=$(( ${n:-23} - 1 ))
		sed -n "1,${n}p" "$T/page.tui" >"$T/page.head"
		sed -n "1,${n}p" "$T/show.cli" | sed 's/ *$//' >"$T/page.cli"
		if cmp -s "$T/page.head" "$T/page.cli"; then
			pass "$2: lines 1-$n are --show's"
		else
			fail "$2: the page differs from --show"
			diff "$T/page.cli" "$T/page.head" | sed 's/^/  /' | head -20
		fi
	fi
	case " $(words "$T/show.cli")" in
	*" $(words "$T/page.tui")"*) pass "$2: the words of --show, in order" ;;
	*)
		fail "$2: the page's words are not --show's"
		sed 's/^/  |/' "$T/page.tui"
		;;
	esac
}
check_page 1 "top of the article"
tm_capture
set -- $(tm_header_pos)
total=${3:-0}
if [ "$total" -gt 22 ]; then
	tm_keys f
	tm_wait "^ $id2re.* 22-43/$total *\$" "f: a page down"
	check_page 22 "after f"
	# Space pages too, as in less (x ticks: tui-checklist.sh).
	tm_keys b
	tm_wait "^ $id2re.* 1-22/$total *\$" "b: a page up"
	tm_keys Space
	tm_wait "^ $id2re.* 22-43/$total *\$" "Space: a page down"
	# (j and k go from step to step while steps are on screen: C-e and
	# C-y always scroll a line)
	tm_keys C-e
	tm_wait " 23-44/$total *\$" "C-e: a line down"
	tm_keys C-y C-y
	tm_wait " 21-42/$total *\$" "C-y: a line up"
	tm_keys G
	tm_wait " $((total - 21))-$total/$total *\$" "G: the end"
	tm_wait '100%' "status: 100%"
	tm_keys g
	tm_wait " 1-22/$total *\$" "g: the top"
	tm_keys NPage
	tm_wait " 22-43/$total *\$" "PgDn"
	tm_keys PPage
	tm_wait " 1-22/$total *\$" "PgUp"
	tm_keys End
	tm_wait " $((total - 21))-$total/$total *\$" "End"
	tm_keys Home
	tm_wait " 1-22/$total *\$" "Home"
	# Down: the next step when it is on screen, else a line: either way
	# the header or the status line says something new.
	tm_capture
	before=$(sed -n '1p;24p' "$TM_DIR/screen")
	tm_keys Down
	k=0
	while [ $k -lt "$TM_TRIES" ]; do
		tm_capture
		[ "$(sed -n '1p;24p' "$TM_DIR/screen")" != "$before" ] && break
		k=$((k + 1))
		sleep 0.1
	done
	[ $k -lt "$TM_TRIES" ] && pass "Down moves" || fail "Down: nothing moved"
else
	pass "article too short to scroll (skipped)"
fi
tm_keys q
tm_wait "Article $((lpi + 1)) of" "80x24: q back to the list"
tm_keys q q
tm_wait_exit "80x24: q q quits" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
tm_expect_clean_stderr "80x24: nothing on stderr"
finish
