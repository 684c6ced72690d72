#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/fuzz/run.sh: `make fuzz` -- builds the libFuzzer targets with clang
# and runs each for FUZZ_SECONDS, one after another; fails on any crash,
# sanitizer report, broken promise, leak or time-out.
#
# The core is compiled apart from the normal build, into
# $top_builddir/fuzz-build/, with -fsanitize=fuzzer-no-link,address,undefined
# (libFuzzer's coverage without its main()); each target adds
# -fsanitize=fuzzer.  New inputs the fuzzer finds are kept in
# fuzz-build/corpus/TARGET for the next run; a crash is written to
# fuzz-build/crashes/ -- add it to tests/fuzz/regress/TARGET/ with the fix.
#
# Environment (Makefile.am sets them): FUZZ_CC, FUZZ_SECONDS, FUZZ_TARGETS,
# top_srcdir, top_builddir, CORE_C (core sources, relative to top_srcdir),
# LIBXML2_CFLAGS, LIBXML2_LIBS, LIBS.  FUZZ_TIMEOUT (10 s) is the most one
# input may take.
set -u
: "${top_srcdir:?run through make fuzz}" "${top_builddir:?run through make fuzz}"
: "${CORE_C:?run through make fuzz}"
FUZZ_CC=${FUZZ_CC:-clang}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_TARGETS=${FUZZ_TARGETS:-topic map query layout state cache}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-10}
LIBXML2_CFLAGS=${LIBXML2_CFLAGS:-}
LIBXML2_LIBS=${LIBXML2_LIBS:--lxml2}
LIBS=${LIBS:-}

fz=$top_srcdir/tests/fuzz
out=$top_builddir/fuzz-build
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
CFLAGS="-g -O1 -fno-omit-frame-pointer $SAN -I$top_srcdir/src/core -I$top_builddir -I$fz $LIBXML2_CFLAGS"

die() {
	echo "make fuzz: $*" >&2
	exit 1
}

# ---- clang and its libFuzzer runtime -----------------------------------------
command -v "$FUZZ_CC" >/dev/null 2>&1 ||
	die "needs clang ('$FUZZ_CC' not found); on Debian: apt-get install clang libclang-rt-14-dev, or ./bootstrap --enable-fuzz"
mkdir -p "$out/obj" "$out/corpus" "$out/crashes" "$out/logs" || exit 1
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' >"$out/probe.c"
"$FUZZ_CC" -fsanitize=fuzzer,address,undefined "$out/probe.c" -o "$out/probe" >"$out/probe.log" 2>&1 ||
	die "$FUZZ_CC cannot link -fsanitize=fuzzer (libFuzzer runtime missing?); on Debian: apt-get install libclang-rt-14-dev, or ./bootstrap --enable-fuzz
$(sed 's/^/  /' "$out/probe.log" | head -5)"

# ---- Build (again only when a source is newer than the last build) ------------
stamp=$out/obj/.stamp
core="$CORE_C src/builtin_content.c src/builtin_index.c"
srcpath() {
	case $1 in
	src/builtin_*) echo "$top_builddir/$1" ;;
	*) echo "$top_srcdir/$1" ;;
	esac
}
if [ ! -f "$stamp" ] || [ -n "$(find "$top_srcdir/src/core" "$fz" "$top_builddir/config.h" \
	"$top_builddir/src/builtin_index.c" -newer "$stamp" 2>/dev/null | head -n 1)" ]; then
	echo "== fuzz: building with $FUZZ_CC into $out"
	rm -f "$stamp" "$out"/obj/*.o
	# two compilers at a time: the machine has two cores
	for f in $core tests/fuzz/common.c; do
		echo "$(srcpath "$f") $out/obj/$(basename "$f" .c).o"
	done | xargs -P 2 -n 2 sh -c '
		'"$FUZZ_CC"' '"$CFLAGS"' -fsanitize=fuzzer-no-link -c "$0" -o "$1" || exit 255' ||
		die "compiling the core failed"
	for t in topic map query layout state cache; do
		"$FUZZ_CC" $CFLAGS -fsanitize=fuzzer "$fz/$t.c" "$out"/obj/*.o \
			-o "$out/$t" $LIBXML2_LIBS $LIBS || die "linking $t failed"
	done
	touch "$stamp"
fi

# ---- Seeds -----------------------------------------------------------------------
sh "$fz/seeds.sh" "$top_srcdir" "$out/seeds" || die "cannot make the seed corpora"
ENROLLKB_FUZZ_SEED_DIR=$out/seeds/cache "$out/cache" -runs=0 >"$out/logs/cache-seed.log" 2>&1 ||
	die "the cache target cannot write its seeds (see $out/logs/cache-seed.log)"

# ---- Run ---------------------------------------------------------------------------
# libFuzzer's options per target: the largest input, and a dictionary.
opts() {
	case $1 in
	topic | map) echo "-max_len=65536 -dict=$fz/dita.dict" ;;
	layout) echo "-max_len=65538 -dict=$fz/dita.dict" ;;
	query) echo "-max_len=4096" ;;
	state) echo "-max_len=16384 -dict=$fz/state.dict" ;;
	cache) echo "-max_len=65536" ;;
	esac
}

failed=
total=0
printf '%-8s %8s %12s %10s %8s  %s\n' target seconds executions "exec/s" corpus result >"$out/summary"
for t in $FUZZ_TARGETS; do
	[ -x "$out/$t" ] || die "no such target: $t (targets: topic map query layout state cache)"
	mkdir -p "$out/corpus/$t"
	dirs="$out/corpus/$t $out/seeds/$t"
	[ -d "$fz/regress/$t" ] && dirs="$dirs $fz/regress/$t"
	echo "== fuzz: $t for ${FUZZ_SECONDS}s"
	start=$(date +%s)
	# shellcheck disable=SC2046,SC2086
	"$out/$t" -max_total_time="$FUZZ_SECONDS" -timeout="$FUZZ_TIMEOUT" \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$out/crashes/$t-" $(opts "$t") $dirs \
		>"$out/logs/$t.log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/logs/$t.log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/logs/$t.log")
	ncorpus=$(find "$out/corpus/$t" -type f | wc -l)
	if [ "$rc" -eq 0 ]; then
		result=ok
	else
		result="FAILED (exit $rc)"
		failed="$failed $t"
		echo "make fuzz: $t failed; the end of $out/logs/$t.log:" >&2
		tail -n 40 "$out/logs/$t.log" | sed 's/^/  /' >&2
		grep -h '^artifact_prefix\|Test unit written to' "$out/logs/$t.log" >&2
	fi
	total=$((total + ${execs:-0}))
	printf '%-8s %8s %12s %10s %8s  %s\n' "$t" "$secs" "${execs:-?}" "${rate:-?}" \
		"$ncorpus" "$result" >>"$out/summary"
done
printf '%-8s %8s %12s\n' total "" "$total" >>"$out/summary"
cat "$out/summary"
[ -z "$failed" ] || die "crash or broken promise in:$failed (inputs in $out/crashes/)"
