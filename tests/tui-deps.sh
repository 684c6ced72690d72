#!/bin/sh
# SPDX-License-Identifier: MIT
# The architecture, checked on the built objects with nm:
#  - no object built from src/tui/view_*.c (nor view.c, the helpers they
#    share) references a symbol defined in src/tui/tui.c: views return
#    intents and the loop carries them out, never the other way round;
#  - the core archive src/core/libenrollkb.a references no curses symbol:
#    none that the program's libncursesw/libtinfo define (when the program
#    links them dynamically), nor any that looks like curses.
# Each check is first shown to catch a known offender (main.o calls
# tui_run; display.o is where curses is), so it cannot pass by reading
# nothing.
# Skips only when nm is missing.
. "$top_srcdir/tests/lib.sh"

: "${top_builddir:?run through make check}"
NM=${NM:-nm}
if ! command -v "$NM" >/dev/null 2>&1; then
	echo "SKIP: nm not found (binutils)"
	exit 77
fi

b=$top_builddir

# The one object built from a source, whatever automake named it
# (src/tui/view_list.o or src/tui/enrollkb-view_list.o).
object_of() {
	_dir=$(dirname "$1") _base=$(basename "$1" .c) _found=
	for _o in "$b/$_dir/$_base.o" "$b/$_dir"/*-"$_base.o"; do
		[ -f "$_o" ] || continue
		[ -z "$_found" ] || { echo "more than one object for $1: $_found $_o" >&2; return 1; }
		_found=$_o
	done
	[ -n "$_found" ] || { echo "no object built from $1 under $b/$_dir" >&2; return 1; }
	echo "$_found"
}

# Names of undefined symbols in the objects or archives, sorted.
undefined() {
	"$NM" -u "$@" >"$T/nm" || return 1
	awk 'NF == 2 && $1 == "U" { print $2 }' "$T/nm" | sed 's/@.*//' | sort -u
}

# Names of global symbols the objects or libraries define, sorted.
defined() {
	"$NM" -g --defined-only "$@" >"$T/nm" || return 1
	awk 'NF >= 3 && $2 != "U" { print $3 }' "$T/nm" | sed 's/@.*//' | sort -u
}

# ---- Views never call the loop ----------------------------------------------------

tui_o=$(object_of src/tui/tui.c) || exit 1
defined "$tui_o" >"$T/tui-defs" || { fail "nm cannot read $tui_o"; finish; }
if grep -qx tui_run "$T/tui-defs"; then
	pass "tui.o defines tui_run ($(wc -l <"$T/tui-defs") global symbols)"
else
	fail "tui.o does not define tui_run: is it the object of src/tui/tui.c?"
fi

# The control: main calls the loop, so main.o must be caught.
main_o=$(object_of src/main.c) || exit 1
undefined "$main_o" >"$T/main-u" || fail "nm cannot read $main_o"
if comm -12 "$T/main-u" "$T/tui-defs" | grep -q .; then
	pass "the check catches main.o calling into tui.c"
else
	fail "main.o references nothing of tui.c: the check would catch nothing"
fi

nviews=0
for src in "$top_srcdir"/src/tui/view_*.c "$top_srcdir"/src/tui/view.c; do
	rel=src/tui/$(basename "$src")
	obj=$(object_of "$rel") || { fail "$rel: not built"; continue; }
	nviews=$((nviews + 1))
	if ! undefined "$obj" >"$T/view-u"; then
		fail "nm cannot read $obj"
		continue
	fi
	# Something must be read: every view draws through display.c.
	if ! grep -q . "$T/view-u"; then
		fail "$rel: nm lists no undefined symbol at all"
		continue
	fi
	comm -12 "$T/view-u" "$T/tui-defs" >"$T/bad"
	if [ -s "$T/bad" ]; then
		fail "$rel references what tui.c defines: $(tr '\n' ' ' <"$T/bad")"
	else
		pass "$rel references nothing of tui.c"
	fi
done
[ "$nviews" -ge 6 ] || fail "only $nviews view objects checked"

# ---- The core needs no curses ---------------------------------------------------------

core=$b/src/core/libenrollkb.a
[ -f "$core" ] || { fail "no core archive at $core"; finish; }
undefined "$core" >"$T/core-u" || { fail "nm cannot read $core"; finish; }
grep -q '^xml' "$T/core-u" ||
	fail "the core archive references no libxml2 symbol: is nm reading it?"

# What the curses libraries the program runs with define (nothing when it
# links them statically: then the pattern below stands alone).
: >"$T/curses-defs"
if command -v ldd >/dev/null 2>&1; then
	ldd "$ENROLLKB" 2>/dev/null |
		awk '$1 ~ /^lib(ncursesw?|tinfow?)\.so/ && $3 ~ /^\// { print $3 }' >"$T/libs"
	while read -r lib; do
		"$NM" -D --defined-only "$lib" 2>/dev/null |
			awk 'NF >= 3 { print $3 }' | sed 's/@.*//' >>"$T/curses-defs"
	done <"$T/libs"
	sort -u -o "$T/curses-defs" "$T/curses-defs"
	if [ -s "$T/libs" ]; then
		if grep -qx initscr "$T/curses-defs"; then
			pass "curses symbols read from $(tr '\n' ' ' <"$T/libs")"
		else
			fail "no initscr among the symbols of $(tr '\n' ' ' <"$T/libs")"
		fi
	fi
fi
curses_re='^(initscr|newterm|endwin|isendwin|w?refresh|wnoutrefresh|doupdate|newwin|delwin|newpad|w?getch|w?get_wch|mvw?getch|w?addn?w?str|mvw?addn?w?str|w?addch|w?add_wch|w?attr(on|off|set|_on|_off|_set)|w?attr_get|w?color_set|w?bkgd|w?erase|w?clear|w?move|keypad|cbreak|raw|noecho|curs_set|start_color|init_pair|use_default_colors|has_colors|mousemask|getmouse|define_key|setupterm|tigetstr|tputs|stdscr|curscr|COLS|LINES)$'

curses_refs() {
	{
		comm -12 "$1" "$T/curses-defs"
		grep -E "$curses_re" "$1"
	} | sort -u
}

# The control: display.c is where curses is.
display_o=$(object_of src/tui/display.c) || exit 1
undefined "$display_o" >"$T/display-u" || fail "nm cannot read $display_o"
if curses_refs "$T/display-u" | grep -q .; then
	pass "the check catches display.o using curses"
else
	fail "display.o uses no curses according to the check"
fi

curses_refs "$T/core-u" >"$T/bad"
if [ -s "$T/bad" ]; then
	fail "the core archive references curses: $(tr '\n' ' ' <"$T/bad")"
	# Which members do.
	"$NM" -A -u "$core" | grep -wFf "$T/bad" | sed 's/^/  | /' | head -20
else
	pass "the core archive references no curses symbol ($(wc -l <"$T/core-u") undefined symbols checked)"
fi
finish
