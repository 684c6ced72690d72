# SPDX-License-Identifier: MIT
# tests/lib.sh: shared helpers for the shell tests (sourced, POSIX sh).
#
# Environment from Makefile.am: ENROLLKB (the built binary), top_srcdir.
# Every test runs with a private HOME and XDG dirs so the user's own packs,
# the system's packs and checklists never leak in.

set -u
: "${ENROLLKB:?run through make check}"
: "${top_srcdir:?run through make check}"

T=$(mktemp -d "${TMPDIR:-/tmp}/enrollkb-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
HOME=$T/home
XDG_DATA_HOME=$T/data
XDG_STATE_HOME=$T/state
XDG_CACHE_HOME=$T/cache
XDG_CONFIG_HOME=$T/config
XDG_DATA_DIRS=$T/sysdata      # system packs: none unless a test puts one
XDG_CONFIG_DIRS=$T/sysconfig  # the same for /etc/xdg/enrollkb/config
export HOME XDG_DATA_HOME XDG_STATE_HOME XDG_CACHE_HOME XDG_CONFIG_HOME XDG_DATA_DIRS XDG_CONFIG_DIRS
unset ENROLLKB_CASE ENROLLKB_CONFIG ENROLLKB_MOUSE ENROLLKB_OSC52 ENROLLKB_HYPERLINKS ENROLLKB_RESTRICTED COLUMNS
mkdir -p "$HOME"
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

pass() {
	echo "ok: $*"
}

# expect_rc WANT NAME CMD...: runs CMD, output in $T/out and $T/err.
expect_rc() {
	want=$1 name=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "$name: exit $got, wanted $want"
		sed 's/^/  stdout: /' "$T/out" | head -20
		sed 's/^/  stderr: /' "$T/err" | head -20
		return 1
	fi
	pass "$name"
	return 0
}

# expect_rc_bounded WANT NAME ARG...: "$ENROLLKB" ARG... as expect_rc, under
# timeout(1): one still running after 60 s fails as a hang instead of
# blocking make check.
expect_rc_bounded() {
	_want=$1 _name=$2
	shift 2
	timeout 60 "$ENROLLKB" "$@" >"$T/out" 2>"$T/err"
	_got=$?
	if [ "$_got" -eq 124 ]; then
		fail "$_name: still running after 60 s (a hang)"
	elif [ "$_got" -ne "$_want" ]; then
		fail "$_name: exit $_got, wanted $_want"
		sed 's/^/  stdout: /' "$T/out" | head -20
		sed 's/^/  stderr: /' "$T/err" | head -20
	else
		pass "$_name"
	fi
}

# expect_grep NAME PATTERN FILE: FILE must contain an extended-regex match.
expect_grep() {
	if grep -Eq -- "$2" "$3"; then
		pass "$1"
	else
		fail "$1: no line matching '$2' in $3"
		sed 's/^/  | /' "$3" | head -40
	fi
}

# expect_no_grep NAME PATTERN FILE
expect_no_grep() {
	if grep -Eq -- "$2" "$3"; then
		fail "$1: unexpected line matching '$2' in $3"
		grep -E -- "$2" "$3" | sed 's/^/  | /' | head -10
	else
		pass "$1"
	fi
}

# expect_first NAME WANT FILE: the first field of the first line is WANT.
expect_first() {
	got=$(head -n 1 "$3" | cut -f 1)
	if [ "$got" = "$2" ]; then
		pass "$1"
	else
		fail "$1: first result '$got', wanted '$2'"
		sed 's/^/  | /' "$3" | head -5
	fi
}

# expect_order NAME FILE FIRST SECOND: lines matching the extended regexes
# FIRST and SECOND are both in FILE, FIRST above SECOND.
expect_order() {
	_l1=$(grep -nE -- "$3" "$2" | head -n 1 | cut -d: -f1)
	_l2=$(grep -nE -- "$4" "$2" | head -n 1 | cut -d: -f1)
	if [ -n "$_l1" ] && [ -n "$_l2" ] && [ "$_l1" -lt "$_l2" ]; then
		pass "$1"
	else
		fail "$1: '$3' at line ${_l1:-none}, '$4' at line ${_l2:-none} of $2"
		sed 's/^/  | /' "$2" | head -20
	fi
}

# articles_with_steps MIN: "id count" of each article whose checklist has
# at least MIN items, in --list order (it leaves a lock file in the state
# directory: clear it afterwards).
articles_with_steps() {
	for _a in $("$ENROLLKB" --list 2>/dev/null | awk -F'\t' 'NF == 2 && !seen[$1]++ { print $1 }'); do
		_k=$("$ENROLLKB" --checklist "$_a" --case probe 2>/dev/null | grep -c '^ *- \[ \] ')
		[ "$_k" -ge "$1" ] && echo "$_a $_k"
	done
}

finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures check(s) failed"
		exit 1
	fi
	exit 0
}
