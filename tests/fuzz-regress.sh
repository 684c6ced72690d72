#!/bin/sh
# SPDX-License-Identifier: MIT
# The fuzz targets' regression inputs: every crash a fuzzer found (kept in
# tests/fuzz/regress/TARGET/ beside its fix) and the seed corpora run
# through each target built as a plain program (tests/fuzz/driver.c).  An
# input that crashes, trips a sanitizer or breaks a promise the target
# checks fails here, with its name in the log.  No clang needed; `make
# fuzz` is what finds new inputs.
. "$top_srcdir/tests/lib.sh"
: "${FUZZ_REPLAY_DIR:?run through make check}"

sh "$top_srcdir/tests/fuzz/seeds.sh" "$top_srcdir" "$T/seeds" ||
	fail "cannot make the seed corpora"
ENROLLKB_FUZZ_SEED_DIR=$T/seeds/cache "$FUZZ_REPLAY_DIR/replay-cache" /dev/null \
	>"$T/out" 2>&1 || fail "the cache target cannot write its seeds"

for t in topic map query layout state cache; do
	dirs=$T/seeds/$t
	nregress=0
	if [ -d "$top_srcdir/tests/fuzz/regress/$t" ]; then
		dirs="$dirs $top_srcdir/tests/fuzz/regress/$t"
		nregress=$(find "$top_srcdir/tests/fuzz/regress/$t" -type f ! -name ".*" | wc -l)
	fi
	nseeds=$(find "$T/seeds/$t" -type f | wc -l)
	# shellcheck disable=SC2086
	if "$FUZZ_REPLAY_DIR/replay-$t" $dirs >"$T/out" 2>"$T/err"; then
		ran=$(sed -n 's/.*: \([0-9]*\) inputs$/\1/p' "$T/out")
		if [ "$nseeds" -gt 0 ] && [ "$ran" = $((nseeds + nregress)) ]; then
			pass "$t: $nseeds seeds and $nregress regression inputs"
		else
			fail "$t: ran ${ran:-no} inputs of $nseeds seeds + $nregress regression inputs"
		fi
	else
		fail "$t: exit $?; the last input it started:"
		tail -n 1 "$T/out" | sed 's/^/  /'
		sed 's/^/  stderr: /' "$T/err" | head -40
	fi
done
finish
