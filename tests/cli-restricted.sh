#!/bin/sh
# SPDX-License-Identifier: MIT
# Restricted mode (--restricted, ENROLLKB_RESTRICTED): --content only inside
# a system pack directory ($XDG_DATA_DIRS/enrollkb/packs, symlinks resolved),
# no user packs, no index cache written (nothing outside the state
# directory), checklists still saved.
. "$top_srcdir/tests/lib.sh"

LC_ALL=C
export LC_ALL
unset LANGUAGE ENROLLKB_RESTRICTED ENROLLKB_NO_CACHE

pack() {   # pack DIR ID: a pack of one topic
	mkdir -p "$1"
	cat >"$1/pack.ditamap" <<EOF_MAP
<?xml version="1.0" encoding="UTF-8"?>
<map><title>$2</title><topichead navtitle="Other issues"><topicref href="$2.dita"/></topichead></map>
EOF_MAP
	cat >"$1/$2.dita" <<EOF_TOPIC
<?xml version="1.0" encoding="UTF-8"?>
<troubleshooting id="$2"><title>Topic $2</title><troublebody>
<troubleSolution><cause><p>c</p></cause><remedy><steps><step><cmd>Do $2.</cmd></step></steps></remedy></troubleSolution>
</troublebody></troubleshooting>
EOF_TOPIC
}

XDG_DATA_DIRS=$T/sys1:relative/ignored:$T/sys2
export XDG_DATA_DIRS
pack "$T/sys2/enrollkb/packs/vendor" vendor
pack "$T/own" own
pack "$XDG_DATA_HOME/enrollkb/packs/mine" mine
ln -s "$T/sys2/enrollkb/packs/vendor" "$T/link-in"
ln -s "$T/own" "$T/sys2/enrollkb/packs/link-out"

# ---- Without it: everything loads --------------------------------------------------
expect_rc 0 "unrestricted: --content anywhere" "$ENROLLKB" --content "$T/own" --list
expect_grep "unrestricted: the user's pack" '^mine	' "$T/out"
expect_grep "unrestricted: --content" '^own	' "$T/out"
expect_rc 0 "ENROLLKB_RESTRICTED=0 is off" env ENROLLKB_RESTRICTED=0 "$ENROLLKB" --content "$T/own" --list

# ---- --content only from a system pack directory --------------------------------
for how in "--restricted" "ENROLLKB_RESTRICTED=1"; do
	if [ "$how" = --restricted ]; then
		set -- "$ENROLLKB" --restricted
	else
		set -- env ENROLLKB_RESTRICTED=1 "$ENROLLKB"
	fi
	expect_rc 2 "$how: --content outside" "$@" --content "$T/own" --list
	expect_grep "$how: says why" "restricted mode: --content '$T/own' is not in a system pack directory" "$T/err"
	expect_no_grep "$how: nothing listed" '.' "$T/out"
	expect_rc 2 "$how: .. out of a system directory" "$@" --content "$T/sys2/enrollkb/packs/../../../own" --list
	expect_rc 2 "$how: a symlink in a system directory leading out" "$@" --content "$T/sys2/enrollkb/packs/link-out" --list
	expect_rc 2 "$how: the root of it all" "$@" --content / --list
	expect_rc 0 "$how: a system pack" "$@" --content "$T/sys2/enrollkb/packs/vendor" --list
	expect_grep "$how: its topic" '^vendor	Topic vendor$' "$T/out"
	expect_no_grep "$how: no user pack" '^mine	' "$T/out"
	expect_rc 0 "$how: a symlink to a system pack" "$@" --content "$T/link-in" --list
	expect_grep "$how: loaded by its real path" '^vendor	' "$T/out"
	expect_rc 0 "$how: --validate of it" "$@" --content "$T/link-in" --no-builtin --validate
	if [ -s "$T/out" ]; then fail "$how: diagnostics for a good pack"; cat "$T/out"; else pass "$how: no diagnostics"; fi
	expect_rc 0 "$how: --list" "$@" --list
	expect_no_grep "$how: --list without the user's pack" '^mine	' "$T/out"
done

# ---- No file outside the state directory ------------------------------------------
rm -rf "$XDG_CACHE_HOME"
expect_rc 0 "restricted --search" "$ENROLLKB" --restricted --content "$T/link-in" --search vendor
expect_first "restricted --search finds it" vendor "$T/out"
if [ -e "$XDG_CACHE_HOME" ]; then
	fail "restricted --search wrote $(find "$XDG_CACHE_HOME" -type f)"
else
	pass "no index cache written"
fi
expect_rc 0 "unrestricted --search" "$ENROLLKB" --content "$T/link-in" --search vendor
if [ -n "$(find "$XDG_CACHE_HOME" -type f 2>/dev/null)" ]; then
	pass "(unrestricted, it is written)"
else
	fail "no cache even unrestricted: the check above proves nothing"
fi
expect_rc 0 "restricted: a checklist is still saved" "$ENROLLKB" --restricted --checklist device-cap-reached --case R --reset
if [ -f "$XDG_STATE_HOME/enrollkb/cases/R" ]; then pass "in the state directory"; else fail "no case file"; fi
expect_rc 0 "restricted --checklist prints to stdout" "$ENROLLKB" --restricted --checklist device-cap-reached --case R
expect_grep "the export on stdout" '^- \[ \] 1\.' "$T/out"

finish
