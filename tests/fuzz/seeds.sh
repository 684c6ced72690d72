#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/fuzz/seeds.sh SRCDIR OUTDIR: the seed corpora of the fuzz targets,
# one directory per target under OUTDIR (made afresh), from the shipped
# pack (content/), the test fixtures and the hand-written seeds in
# tests/fuzz/corpus/:
#   topic   every .dita topic of content/, tests/fixtures/, tests/import/
#   map     every .ditamap of the same, and corpus/map/
#   layout  the topics again, each behind two bytes of width and options
#           (see layout.c), at a few widths
#   query   one file per line of corpus/queries.txt, and the titles, error
#           codes and keywords of the shipped topics
#   state   corpus/state/
#   cache   empty here: the cache target writes its own (run with
#           ENROLLKB_FUZZ_SEED_DIR, see cache.c)
set -eu
src=$1
out=$2
here=$src/tests/fuzz

rm -rf "$out"
for t in topic map layout query state cache; do
	mkdir -p "$out/$t"
done

# Seed names: the source path with / as _, so they stay unique.
name() {
	printf '%s' "${1#"$src"/}" | tr '/' '_'
}

find "$src/content" "$src/tests/fixtures" "$src/tests/import" -type f \
	\( -name '*.dita' -o -name '*.ditamap' \) | LC_ALL=C sort >"$out/.files"
i=0
while IFS= read -r f; do
	n=$(name "$f")
	case $f in
	*.ditamap)
		cp "$f" "$out/map/$n"
		;;
	*)
		cp "$f" "$out/topic/$n"
		# widths 20..160 and option bits 0..7 spread over the topics
		i=$((i + 1))
		for w in $((20 + i * 37 % 140)) $((i % 20)); do
			o=$(( (i + w) % 8 ))
			{ printf "\\$(printf %03o "$w")\\$(printf %03o "$o")"; cat "$f"; } \
				>"$out/layout/w$w-o$o-$n"
		done
		;;
	esac
done <"$out/.files"
rm -f "$out/.files"
cp "$here"/corpus/map/* "$out/map/"
cp "$here"/corpus/state/* "$out/state/"

i=0
{
	cat "$here/corpus/queries.txt"
	sed -n 's:.*<title>\(.*\)</title>.*:\1:p; s:.*<msgnum>\([^<]*\)</msgnum>.*:\1:p; s:.*<keyword>\([^<]*\)</keyword>.*:\1:p' \
		"$src"/content/*.dita | sed 's/<[^>]*>//g'
} | awk '!seen[$0]++' | while IFS= read -r q; do
	i=$((i + 1))
	printf '%s' "$q" >"$out/query/q$i"
done
