#!/bin/sh
# SPDX-License-Identifier: MIT
# The benchmark's pack generator (bench/gen_pack): a small pack loads with
# zero diagnostics, every topic is in the map, output is a function of the
# seed, its codes find their articles and its no-match queries find nothing;
# when the DITA DTDs and xmllint are available, the map and a sample of the
# topics are valid DITA 1.3.  (Timing is never checked here: see make bench.)
. "$top_srcdir/tests/lib.sh"
: "${GEN_PACK:?run through make check}"

N=300
NQ=200

expect_rc 0 "gen_pack writes a pack of $N" \
	"$GEN_PACK" -n "$N" -s 7 -q "$T/queries" -Q "$NQ" "$T/pack"

n=$(find "$T/pack" -name '*.dita' | wc -l)
if [ "$n" -eq "$N" ] && [ -f "$T/pack/pack.ditamap" ]; then
	pass "$N topics and a map"
else
	fail "wanted $N topics and pack.ditamap, got $n topics"
	find "$T/pack" | head -5
fi

# Zero diagnostics: --validate prints nothing at all and exits 0.
if expect_rc 0 "the generated pack validates" \
	"$ENROLLKB" --validate --no-builtin --content "$T/pack"; then
	if [ -s "$T/out" ] || [ -s "$T/err" ]; then
		fail "--validate printed diagnostics"
		cat "$T/out" "$T/err" | sed 's/^/  | /' | head -20
	else
		pass "zero diagnostics"
	fi
fi

# Every topic is listed (some under two heads) and the heads are there.
"$ENROLLKB" --list --no-builtin --content "$T/pack" >"$T/list" 2>"$T/err"
listed=$(grep '	' "$T/list" | cut -f 1 | sort -u | wc -l)
if [ "$listed" -eq "$N" ]; then
	pass "--list shows all $N articles"
else
	fail "--list shows $listed distinct articles, wanted $N"
fi
for head in "Enrollment errors" "Stuck screens" "Token sync" "Other issues"; do
	expect_grep "category '$head'" "^$head\$" "$T/list"
done

# Same seed, same bytes; another seed, another pack.
"$GEN_PACK" -n "$N" -s 7 -q "$T/queries2" -Q "$NQ" "$T/pack2"
if diff -r "$T/pack" "$T/pack2" >/dev/null && cmp -s "$T/queries" "$T/queries2"; then
	pass "deterministic for a seed"
else
	fail "two runs with seed 7 differ"
fi
"$GEN_PACK" -n "$N" -s 8 "$T/pack3"
if diff -r "$T/pack" "$T/pack3" >/dev/null; then
	fail "seeds 7 and 8 gave the same pack"
else
	pass "another seed gives another pack"
fi

# The queries: NQ lines of class TAB expected TAB query, every class present.
lines=$(wc -l <"$T/queries")
bad=$(awk -F '\t' 'NF != 3 || $3 == ""' "$T/queries" | wc -l)
if [ "$lines" -eq "$NQ" ] && [ "$bad" -eq 0 ]; then
	pass "$NQ well-formed queries"
else
	fail "queries: $lines lines, $bad malformed"
fi
for cls in code prefix message typo runtogether phrase log nomatch; do
	expect_grep "query class $cls" "^$cls	" "$T/queries"
done

# An exact code finds the article that carries it; a no-match query finds
# nothing (the generator's made-up words really are absent).
grep '^code	' "$T/queries" | head -n 5 >"$T/codes"
while IFS='	' read -r cls want q; do
	"$ENROLLKB" --no-builtin --content "$T/pack" --search "$q" >"$T/hits" 2>&1
	if cut -f 1 "$T/hits" | grep -qx -- "$want"; then
		pass "code '$q' finds $want"
	else
		fail "code '$q' does not find $want"
		sed 's/^/  | /' "$T/hits" | head -5
	fi
done <"$T/codes"
grep '^nomatch	' "$T/queries" | head -n 3 >"$T/none"
while IFS='	' read -r cls want q; do
	expect_rc 1 "'$q' matches nothing" \
		"$ENROLLKB" --no-builtin --content "$T/pack" --search "$q"
done <"$T/none"

# Against the OASIS DTDs: the map and every 12th topic (about 50 ms each).
catalog=${DITA_DTD_DIR:-}/dtd/catalog.xml
if [ -z "${XMLLINT:-}" ] || [ ! -x "$XMLLINT" ]; then
	echo "SKIP (DTD part): xmllint not found (install libxml2-utils)"
elif [ ! -f "$catalog" ]; then
	echo "SKIP (DTD part): no DITA 1.3 DTDs at ${DITA_DTD_DIR:-(unset)}"
else
	XML_CATALOG_FILES=$catalog
	export XML_CATALOG_FILES
	find "$T/pack" -name '*.dita' | sort | awk 'NR % 12 == 1' >"$T/sample"
	echo "$T/pack/pack.ditamap" >>"$T/sample"
	nsample=0
	while read -r f; do
		nsample=$((nsample + 1))
		if ! "$XMLLINT" --noout --valid --nonet --huge "$f" 2>"$T/err"; then
			fail "$(basename "$f") is not valid DITA 1.3"
			sed 's/^/  /' "$T/err" | head -10
		fi
	done <"$T/sample"
	pass "validated $nsample generated files against the DTDs"
fi
finish
