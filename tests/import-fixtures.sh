#!/bin/sh
# SPDX-License-Identifier: MIT
# enrollkb-import over one fixture per construct: tests/import/NAME/in/ is
# imported (from tests/import/NAME, so paths in the output are relative)
# and must give exactly tests/import/NAME/out/, exit with the status in
# NAME/exit (default 0) and print NAME/stderr (default nothing); the pack
# must be valid DITA and load in enrollkb.  IMPORT_REGEN=1 rewrites out/
# and stderr from what the importer writes (review the diff!).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/import/lib.sh"

n=0
for dir in "$top_srcdir"/tests/import/*/; do
	dir=${dir%/}
	name=${dir##*/}
	[ -d "$dir/in" ] || continue
	n=$((n + 1))
	(cd "$dir" && SOURCE_DATE_EPOCH=$IMPORT_EPOCH "$ENROLLKB_IMPORT" -o "$T/$name" in) \
		>"$T/$name.out" 2>"$T/$name.err"
	rc=$?
	want=0
	[ -f "$dir/exit" ] && want=$(cat "$dir/exit")
	if [ -n "${IMPORT_REGEN:-}" ]; then
		rm -rf "$dir/out"
		cp -r "$T/$name" "$dir/out"
		if [ -s "$T/$name.err" ]; then cp "$T/$name.err" "$dir/stderr"; else rm -f "$dir/stderr"; fi
	fi
	if [ "$rc" -eq "$want" ]; then
		pass "$name: exit $rc"
	else
		fail "$name: exit $rc, wanted $want"
		sed 's/^/  stderr: /' "$T/$name.err"
	fi
	if [ -f "$dir/stderr" ]; then
		if cmp -s "$dir/stderr" "$T/$name.err"; then
			pass "$name: diagnostics as expected"
		else
			fail "$name: diagnostics differ"
			diff "$dir/stderr" "$T/$name.err" | sed 's/^/  /' | head -20
		fi
	elif [ -s "$T/$name.err" ]; then
		fail "$name: unexpected diagnostics"
		sed 's/^/  /' "$T/$name.err" | head -20
	fi
	if diff -r "$dir/out" "$T/$name" >"$T/diff" 2>&1; then
		pass "$name: output is the expected DITA"
	else
		fail "$name: output differs from $dir/out"
		head -60 "$T/diff" | sed 's/^/  /'
	fi
	dtd_check "$name" "$T/$name"
	load_check "$name" "$T/$name"
done
[ "$n" -ge 10 ] || fail "only $n fixtures found under $top_srcdir/tests/import"

# --category puts every topic under one head; --title names the pack.
f=$top_srcdir/tests/import/labels/in
expect_rc 0 "--category and --title" "$ENROLLKB_IMPORT" -o "$T/cat" \
	--category "Contoso notes" --title "Contoso pack" "$f"
expect_grep "--category: one topichead" '<topichead navtitle="Contoso notes">' "$T/cat/imported.ditamap"
expect_no_grep "--category: no rule-chosen head" 'navtitle="(Enrollment errors|Other issues)"' "$T/cat/imported.ditamap"
expect_grep "--title: the map's title" '<title>Contoso pack</title>' "$T/cat/imported.ditamap"

# Usage errors exit 2 and write nothing.
expect_rc 2 "no -o" "$ENROLLKB_IMPORT" "$f"
expect_rc 2 "no input" "$ENROLLKB_IMPORT" -o "$T/none"
expect_rc 2 "unknown option" "$ENROLLKB_IMPORT" --frobnicate -o "$T/none" "$f"
expect_rc 2 "bad SOURCE_DATE_EPOCH" env SOURCE_DATE_EPOCH=yesterday "$ENROLLKB_IMPORT" -o "$T/none" "$f"
[ ! -e "$T/none" ] && pass "usage errors write nothing" || fail "usage error wrote $T/none"
# A missing input is left out with a diagnostic: exit 1.
expect_rc 1 "missing input" "$ENROLLKB_IMPORT" -o "$T/missing" "$f" "$T/no-such.md"
expect_grep "missing input is named" 'no-such\.md: warning: cannot read' "$T/err"
expect_rc 0 "--help" "$ENROLLKB_IMPORT" --help
expect_grep "--help shows the synopsis" '^Usage: enrollkb-import -o DIR' "$T/out"
finish
