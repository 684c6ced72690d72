#!/bin/sh
# SPDX-License-Identifier: MIT
# Importing the same files twice gives byte-identical packs (with and
# without SOURCE_DATE_EPOCH); without it the import date is each article's
# ms.date.  A re-import into the same folder removes the topics that the
# new import no longer has, and nothing else.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/import/lib.sh"

src=${SHARED_SOURCES:-}
[ -d "$src" ] || src=$top_srcdir/tests/import/labels/in

unset SOURCE_DATE_EPOCH
"$ENROLLKB_IMPORT" -o "$T/a" "$src" "$top_srcdir/tests/import/tables/in" >/dev/null 2>&1
"$ENROLLKB_IMPORT" -o "$T/b" "$top_srcdir/tests/import/tables/in" "$src" >/dev/null 2>&1
if diff -r "$T/a" "$T/b" >"$T/diff"; then
	pass "two imports are identical (argument order aside)"
else
	fail "two imports differ"
	head -20 "$T/diff"
fi
expect_grep "without SOURCE_DATE_EPOCH the import date is ms.date" \
	'<created date="2024-07-08"/><revised modified="2024-07-08"/>' "$T/a/grid-0x8a2b0001.dita"

SOURCE_DATE_EPOCH=$IMPORT_EPOCH "$ENROLLKB_IMPORT" -o "$T/c" "$src" >/dev/null 2>&1
SOURCE_DATE_EPOCH=$IMPORT_EPOCH "$ENROLLKB_IMPORT" -o "$T/d" "$src" >/dev/null 2>&1
if diff -r "$T/c" "$T/d" >"$T/diff"; then
	pass "two imports with SOURCE_DATE_EPOCH are identical"
else
	fail "two imports with SOURCE_DATE_EPOCH differ"
	head -20 "$T/diff"
fi
expect_grep "SOURCE_DATE_EPOCH is the import date" '<revised modified="2026-01-01"/>' "$(ls "$T"/c/*.dita | head -n 1)"

# Re-import into a used folder: the tables' topics go, a file of the
# user's stays, the rest is as a fresh import.
echo "mine" >"$T/a/notes.dita"
"$ENROLLKB_IMPORT" -o "$T/a" "$src" >/dev/null 2>&1
unset SOURCE_DATE_EPOCH
"$ENROLLKB_IMPORT" -o "$T/e" "$src" >/dev/null 2>&1
[ -f "$T/a/notes.dita" ] && pass "a file the importer did not write stays" || fail "notes.dita was removed"
rm -f "$T/a/notes.dita"
if diff -r "$T/a" "$T/e" >"$T/diff"; then
	pass "re-import removes the topics it no longer has"
else
	fail "re-import left stale files"
	head -20 "$T/diff"
fi
finish
