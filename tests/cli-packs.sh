#!/bin/sh
# SPDX-License-Identifier: MIT
# Packs for a team: a pack under $XDG_DATA_DIRS/enrollkb/packs/NAME/ is
# found; precedence is built-in < system < user < --content, a later
# article replacing an earlier one of the same id; --packs lists each
# loaded pack by its map title; --validate names what was replaced;
# --only validates a working copy alone.
. "$top_srcdir/tests/lib.sh"

LC_ALL=C
export LC_ALL
unset LANGUAGE

team=$top_srcdir/tests/fixtures/layers/team
sys=$T/sysdata/enrollkb/packs
usr=$XDG_DATA_HOME/enrollkb/packs

# put_pack SRC DEST [TITLE]: a copy of the team pack whose
# device-cap-reached article is titled TITLE.
put_pack() {
	mkdir -p "$(dirname "$2")"
	cp -R "$1" "$2"
	chmod -R u+w "$2"   # a read-only source tree (distcheck)
	if [ $# -gt 2 ]; then
		sed "s|<title>Device limit reached (Contoso procedure)</title>|<title>$3</title>|" \
			"$1/device-cap-reached.dita" >"$2/device-cap-reached.dita"
	fi
}

# ---- A system pack replaces the built-in article -------------------------
put_pack "$team" "$sys/team"

if expect_rc 0 "--show: the system pack's article" "$ENROLLKB" --show device-cap-reached --width 80; then
	expect_grep "its title" 'Device limit reached \(Contoso procedure\)' "$T/out"
	expect_no_grep "not the built-in text" 'Device Cap Reached\)' "$T/out"
fi
if expect_rc 0 "--show by error code" "$ENROLLKB" --show DeviceCapReached; then
	expect_grep "the error code leads to it too" 'Contoso procedure' "$T/out"
fi

if expect_rc 0 "--packs" "$ENROLLKB" --packs; then
	expect_grep "the built-in pack first" '^iOS/iPadOS' "$T/out"
	expect_grep "the system pack by its map title" '^Contoso service desk fixes$' "$T/out"
	expect_grep "its version and date" '^  version 4\.2, dated 2026-04-01$' "$T/out"
	expect_grep "its path" "^  $sys/team/team\\.ditamap\$" "$T/out"
	expect_grep "its article count" '^  1 article$' "$T/out"
	expect_grep "its diagnostics" '^  0 errors, 0 warnings$' "$T/out"
	expect_grep "what it replaced, naming both files" \
		"^  device-cap-reached: $sys/team/device-cap-reached\\.dita:3 replaces <builtin>/device-cap-reached\\.dita:[0-9]+\$" "$T/out"
	awk '/^Contoso/ { c = NR } /^iOS/ { b = NR } END { exit !(b && c && b < c) }' "$T/out" ||
		fail "--packs: the built-in pack is not listed before the system pack"
fi

if expect_rc 0 "--validate: a replacement is a note, not an error" "$ENROLLKB" --validate; then
	expect_grep "note naming both files" \
		"^$sys/team/device-cap-reached\\.dita:3: note: replaces the article 'device-cap-reached' of <builtin>/device-cap-reached\\.dita:[0-9]+" "$T/out"
	expect_no_grep "no error" ': error: ' "$T/out"
	expect_no_grep "no summary of problems" '.' "$T/err"
fi

# --search (index cache on the second run) answers with the winner.
for run in first second; do
	if expect_rc 0 "--search, $run run" "$ENROLLKB" --search DeviceCapReached; then
		expect_grep "$run run: the system pack's title" \
			'^device-cap-reached	.*	Device limit reached \(Contoso procedure\)$' "$T/out"
	fi
done

# ---- Precedence: system < user < --content --------------------------------
put_pack "$team" "$usr/mine" "Device limit reached (my own notes)"
if expect_rc 0 "--show: the user pack wins over the system pack" "$ENROLLKB" --show device-cap-reached; then
	expect_grep "user's title" 'my own notes' "$T/out"
fi
put_pack "$team" "$T/work" "Device limit reached (working copy)"
if expect_rc 0 "--show: --content wins over the user pack" "$ENROLLKB" --show device-cap-reached --content "$T/work"; then
	expect_grep "working copy's title" 'working copy' "$T/out"
fi
if expect_rc 0 "--validate --content: replacements, no duplicate-id error" \
	"$ENROLLKB" --validate --content "$T/work"; then
	expect_grep "the user pack replaced the system's" \
		"^$usr/mine/device-cap-reached\\.dita:3: note: .*of $sys/team/device-cap-reached\\.dita:3" "$T/out"
	expect_grep "the working copy replaced the user's" \
		"^$T/work/device-cap-reached\\.dita:3: note: .*of $usr/mine/device-cap-reached\\.dita:3" "$T/out"
	expect_no_grep "no duplicate id" 'duplicate id' "$T/out"
fi
rm -rf "$usr/mine"

# Of two system bases, the first listed in $XDG_DATA_DIRS wins.
put_pack "$team" "$T/sys2/enrollkb/packs/other" "Device limit reached (second base)"
if expect_rc 0 "--show: first base of XDG_DATA_DIRS wins" \
	env XDG_DATA_DIRS="$T/sysdata:$T/sys2" "$ENROLLKB" --show device-cap-reached; then
	expect_grep "first base's title" 'Contoso procedure' "$T/out"
fi
if expect_rc 0 "--show: order reversed" \
	env XDG_DATA_DIRS="$T/sys2:$T/sysdata" "$ENROLLKB" --show device-cap-reached; then
	expect_grep "now the other base's title" 'second base' "$T/out"
fi

# ---- --only: a working copy alone ------------------------------------------
if expect_rc 0 "--validate --only: clean, nothing printed" "$ENROLLKB" --validate --only "$T/work"; then
	expect_no_grep "nothing on stdout" '.' "$T/out"
	expect_no_grep "nothing on stderr" '.' "$T/err"
fi
if expect_rc 0 "--list --only: that pack's articles alone" "$ENROLLKB" --list --only "$T/work"; then
	expect_grep "its article" '^device-cap-reached	Device limit reached \(working copy\)$' "$T/out"
	expect_no_grep "no built-in article" '^no-enrollment-policy	' "$T/out"
fi
if expect_rc 0 "--packs --only: one pack" "$ENROLLKB" --packs --only "$T/work"; then
	n=$(grep -c '^  version ' "$T/out")
	[ "$n" -eq 1 ] && pass "one pack listed" || fail "--packs --only listed $n packs"
fi
mkdir -p "$T/broken"
cp "$top_srcdir/tests/fixtures/broken-topic/"* "$T/broken/"
if expect_rc 1 "--validate --only: a broken working copy" "$ENROLLKB" --validate --only "$T/broken"; then
	expect_grep "its error at file:line" "^$T/broken/malformed\\.dita:6: error: " "$T/out"
	expect_grep "summary with plurals" '^enrollkb: 1 error, 0 warnings$' "$T/err"
fi
if expect_rc 0 "--packs counts a pack's problems" "$ENROLLKB" --packs --only "$T/broken"; then
	expect_grep "one error" '^  1 error, 0 warnings$' "$T/out"
	expect_grep "two articles" '^  2 articles$' "$T/out"
fi

# An installed pack given again with --content loads once: no replacement.
if expect_rc 0 "--validate --content of an installed pack" "$ENROLLKB" --validate --content "$sys/team/"; then
	n=$(grep -c ': note: ' "$T/out")
	[ "$n" -eq 1 ] && pass "one replacement (of the built-in article)" ||
		fail "$n notes, wanted 1"
fi

# Nothing from a pack reaches the terminal as a control sequence.
put_pack "$team" "$T/ctl"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<map><title>Evil \302\233 31m title</title><topichead navtitle="X"><topicref href="device-cap-reached.dita"/></topichead></map>\n' \
	>"$T/ctl/team.ditamap"
if expect_rc 0 "--packs with a C1 control in a title" "$ENROLLKB" --packs --only "$T/ctl"; then
	if LC_ALL=C grep -q "$(printf '\302\233')" "$T/out"; then
		fail "--packs printed a C1 control character"
	else
		pass "the control character was not printed"
	fi
	expect_grep "the rest of the title" '^Evil .* 31m title$' "$T/out"
fi

finish
