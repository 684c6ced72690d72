#!/bin/sh
# SPDX-License-Identifier: MIT
# --validate and --content: the built-in pack is clean, a broken topic in an
# extra pack is reported with file:line (exit 1) while the pack's good
# articles still load.
. "$top_srcdir/tests/lib.sh"

# Untranslated messages whatever the caller's locale.
LC_ALL=C
export LC_ALL
unset LANGUAGE

fixtures=$top_srcdir/tests/fixtures
broken=$fixtures/broken-topic

if expect_rc 0 "--validate on the built-in pack" "$ENROLLKB" --validate; then
	expect_no_grep "built-in pack: nothing on stdout" '.' "$T/out"
	expect_no_grep "built-in pack: nothing on stderr" '.' "$T/err"
fi

if expect_rc 1 "--validate with a broken topic" "$ENROLLKB" --validate --content "$broken"; then
	expect_grep "broken topic reported at file:line" \
		"^$broken/malformed\\.dita:6: error: " "$T/out"
	expect_no_grep "good topics not reported" 'good-(one|two)' "$T/out"
	expect_grep "summary on stderr" '1 error' "$T/err"
fi

if expect_rc 0 "--list with a broken topic" "$ENROLLKB" --list --content "$broken"; then
	expect_grep "first good article listed" '^good-one	First good topic$' "$T/out"
	expect_grep "second good article listed" '^good-two	Second good topic$' "$T/out"
	expect_no_grep "broken article not listed" '^malformed	' "$T/out"
	expect_grep "built-in articles still listed" '^device-cap-reached	' "$T/out"
	expect_grep "the error goes to stderr" "^$broken/malformed\\.dita:6: error: " "$T/err"
fi

# Warnings alone do not fail validation.
if expect_rc 0 "--validate with only a warning" "$ENROLLKB" --validate --content "$fixtures/unreferenced"; then
	expect_grep "warning printed" "^$fixtures/unreferenced/orphan\\.dita: warning: " "$T/out"
fi

# A user pack under $XDG_DATA_HOME is loaded too (lib.sh points it at $T).
mkdir -p "$XDG_DATA_HOME/enrollkb/packs"
cp -R "$broken" "$XDG_DATA_HOME/enrollkb/packs/mine"
chmod -R u+w "$XDG_DATA_HOME"   # a read-only source tree (distcheck)
if expect_rc 1 "--validate sees user packs" "$ENROLLKB" --validate; then
	expect_grep "user pack diagnostic" "packs/mine/malformed\\.dita:6: error: " "$T/out"
fi
if expect_rc 0 "--no-builtin still loads user packs" "$ENROLLKB" --list --no-builtin; then
	expect_grep "user pack article" '^good-one	' "$T/out"
	expect_no_grep "no built-in article" '^device-cap-reached	' "$T/out"
fi

# An image the pack does not hold: a warning naming file and line; one it
# holds: nothing.
img=$T/img-pack
rm -rf "$XDG_DATA_HOME/enrollkb/packs/mine"
mkdir -p "$img/media"
: >"$img/media/here.png"
cat >"$img/img.ditamap" <<'EOF_MAP'
<?xml version="1.0" encoding="UTF-8"?>
<map><title>Images</title><topicmeta><critdates><created date="2026-01-02"/></critdates><othermeta name="version" content="1.0"/></topicmeta>
<topichead navtitle="Other issues"><topicref href="img.dita"/></topichead></map>
EOF_MAP
cat >"$img/img.dita" <<'EOF_TOPIC'
<?xml version="1.0" encoding="UTF-8"?>
<troubleshooting id="img-topic"><title>Images</title><troublebody><condition>
<p>One here: <image href="media/here.png"><alt>present</alt></image></p>
<p>One gone: <image href="media/gone.png"><alt>absent</alt></image></p>
</condition></troublebody></troubleshooting>
EOF_TOPIC
if expect_rc 0 "--validate with a missing image (a warning)" "$ENROLLKB" --validate --no-builtin --content "$img"; then
	expect_grep "missing image named with file and line" "^$img/img\\.dita:4: warning: image 'media/gone\\.png' is not in the pack" "$T/out"
	expect_no_grep "present image not reported" 'here\.png' "$T/out"
fi

# Synonym sets: their faults are warnings at the map's line; the sets work.
syn=$fixtures/synonyms
if expect_rc 0 "--validate with faulty synonym sets (warnings)" "$ENROLLKB" --validate --content "$syn"; then
	expect_grep "a set of one term" \
		"^$syn/pack\\.ditamap:20: warning: synonym set 'syn-lonely' has only one term" "$T/out"
	expect_grep "a term in two sets" \
		"^$syn/pack\\.ditamap:16: warning: synonym 'Tablets' is also in set 'syn-tablet' \\($syn/pack\\.ditamap:10\\)" "$T/out"
	expect_grep "a set with no terms" \
		"^$syn/pack\\.ditamap:22: warning: synonym set 'syn-empty' has no terms" "$T/out"
	expect_grep "a key definition that is no synonym set" \
		"^$syn/pack\\.ditamap:25: warning: <keydef keys=\"plain-key\"> without outputclass" "$T/out"
	expect_no_grep "a set that adds to the built-in one is fine" "syn-ade" "$T/out"
fi
if expect_rc 0 "--search through a pack's synonym" "$ENROLLKB" --content "$syn" --search slab; then
	expect_first "'slab' finds the tablet article" widget "$T/out"
fi
if expect_rc 0 "--search through a term added to a built-in set" \
	"$ENROLLKB" --content "$syn" --search "Apple setup enrollment"; then
	head -n 1 "$T/out" >"$T/first"
	expect_grep "an ADE article first" '^ade-' "$T/first"
fi

finish
