#!/bin/sh
# SPDX-License-Identifier: MIT
# enrollkb --search and its index cache: the same answers with and without
# it, a file per pack set under $XDG_CACHE_HOME/enrollkb/, edits show at
# once, ENROLLKB_NO_CACHE=1 writes nothing, and a cache that cannot be
# written changes nothing.
. "$top_srcdir/tests/lib.sh"

tab=$(printf '\t')
pack=$T/pack
mkdir -p "$pack"
cp "$top_srcdir"/content/*.dita "$top_srcdir"/content/*.ditamap "$pack"/
# Old times: nothing is recent enough to need a content check, so a used
# cache is never rewritten and its inode shows whether it was used.
touch -t 202001010000 "$pack"/* "$pack"
cache=$XDG_CACHE_HOME/enrollkb

search() {	# search NAME QUERY: --search over the pack only
	expect_rc 0 "$1" "$ENROLLKB" --no-builtin --content "$pack" --search "$2"
}

# inode of the only cache file, or nothing
cache_inode() {
	set -- "$cache"/index-*.idx
	[ -f "$1" ] && ls -i "$1" | awk '{ print $1 }'
}

if search "first --search" DeviceCapReached; then
	cp "$T/out" "$T/first"
	expect_first "first: device-cap-reached" device-cap-reached "$T/first"
fi
set -- "$cache"/index-*.idx
if [ "$#" -eq 1 ] && [ -s "$1" ]; then
	pass "one cache file in \$XDG_CACHE_HOME/enrollkb/"
else
	fail "no cache file in $cache"
	ls -la "$cache" 2>&1 | sed 's/^/  | /'
fi
ino=$(cache_inode)

if search "second --search" DeviceCapReached; then
	if cmp -s "$T/first" "$T/out" && [ ! -s "$T/err" ]; then
		pass "the second run prints the same"
	else
		fail "the second run differs"
		diff "$T/first" "$T/out" | sed 's/^/  | /' | head -10
	fi
	if [ -n "$ino" ] && [ "$(cache_inode)" = "$ino" ]; then
		pass "the cache was used, not rewritten"
	else
		fail "the cache was rewritten (inode $ino -> $(cache_inode))"
	fi
fi

# Without the cache: the same lines.
if ENROLLKB_NO_CACHE=1 "$ENROLLKB" --no-builtin --content "$pack" \
	--search DeviceCapReached >"$T/nocache" 2>&1 && cmp -s "$T/first" "$T/nocache"; then
	pass "the same lines without the cache"
else
	fail "without the cache the lines differ"
	diff "$T/first" "$T/nocache" | sed 's/^/  | /' | head -10
fi

# A new title shows on the next run, and the one after (from the cache).
sed 's|<title>Enrollment fails with|<title>Renamed title: enrollment fails with|' \
	"$pack/device-cap-reached.dita" >"$T/topic" && cp "$T/topic" "$pack/device-cap-reached.dita"
for run in "after the edit" "after the edit, again"; do
	if search "$run" DeviceCapReached; then
		expect_grep "$run: the new title" "^device-cap-reached${tab}.*${tab}Renamed title: enrollment fails with" "$T/out"
	fi
done

# Errors of the load come back from the cache too, on stderr.
cp "$pack/enrollkb.ditamap" "$T/map.orig"
sed 's|<topichead navtitle="Enrollment errors">|&<topicref href="absent.dita"/>|' \
	"$T/map.orig" >"$T/map" && cp "$T/map" "$pack/enrollkb.ditamap"
"$ENROLLKB" --no-builtin --content "$pack" --search DeviceCapReached >"$T/out1" 2>"$T/err1"
"$ENROLLKB" --no-builtin --content "$pack" --search DeviceCapReached >"$T/out2" 2>"$T/err2"
expect_grep "the load's error on stderr" "absent\.dita" "$T/err1"
if cmp -s "$T/out1" "$T/out2" && cmp -s "$T/err1" "$T/err2"; then
	pass "the same output and errors from the cache"
else
	fail "output or errors differ from the cache"
	diff "$T/err1" "$T/err2" | sed 's/^/  | /' | head -10
fi
cp "$T/map.orig" "$pack/enrollkb.ditamap"

# ENROLLKB_NO_CACHE=1 writes nothing.
XDG_CACHE_HOME=$T/cache-off
if expect_rc 0 "ENROLLKB_NO_CACHE=1 --search" env ENROLLKB_NO_CACHE=1 \
	"$ENROLLKB" --no-builtin --content "$pack" --search DeviceCapReached; then
	if [ -e "$T/cache-off" ]; then
		fail "ENROLLKB_NO_CACHE=1 wrote $(ls -R "$T/cache-off")"
	else
		pass "ENROLLKB_NO_CACHE=1 writes nothing"
	fi
fi

# A cache directory that cannot be made: the same answer, nothing on stderr.
printf x >"$T/not-a-dir"
XDG_CACHE_HOME=$T/not-a-dir
for run in "unwritable cache" "unwritable cache, again"; do
	if search "$run" DeviceCapReached; then
		expect_first "$run: device-cap-reached" device-cap-reached "$T/out"
		if [ -s "$T/err" ]; then
			fail "$run: something on stderr"
			sed 's/^/  | /' "$T/err"
		else
			pass "$run: nothing on stderr"
		fi
	fi
done
# A cache directory others may write: a cache forged there is never read,
# and nothing is written there.
XDG_CACHE_HOME=$T/shared-cache
mkdir -p "$XDG_CACHE_HOME/enrollkb"
chmod 777 "$XDG_CACHE_HOME/enrollkb"
if search "world-writable cache dir" DeviceCapReached; then
	expect_first "world-writable: the answer from the pack" device-cap-reached "$T/out"
fi
set -- "$XDG_CACHE_HOME"/enrollkb/index-*.idx
[ -e "$1" ] && fail "a cache was written into a world-writable directory" ||
	pass "nothing written into a world-writable cache directory"

# A cache file that is a FIFO or a symlink is not opened (no hang), and a
# cache truncated on disk is rebuilt, never a crash.
XDG_CACHE_HOME=$T/cache-kinds
search "build a cache to tamper with" DeviceCapReached
set -- "$XDG_CACHE_HOME"/enrollkb/index-*.idx
idx=$1
if [ -f "$idx" ]; then
	rm -f "$idx" && mkfifo "$idx"
	if expect_rc 0 "a FIFO as the cache file" timeout 20 "$ENROLLKB" --no-builtin --content "$pack" --search DeviceCapReached; then
		expect_first "FIFO: the answer from the pack" device-cap-reached "$T/out"
	fi
	rm -f "$idx" && ln -s /dev/zero "$idx"
	if expect_rc 0 "a symlink to /dev/zero as the cache file" timeout 20 "$ENROLLKB" --no-builtin --content "$pack" --search DeviceCapReached; then
		expect_first "symlink: the answer from the pack" device-cap-reached "$T/out"
	fi
	rm -f "$idx"
	search "rebuild" DeviceCapReached
	size=$(wc -c <"$idx")
	i=0
	while [ $i -lt 20 ]; do
		head -c $((size / 2)) "$idx" >"$T/half" && cat "$T/half" >"$idx"   # rewritten in place
		"$ENROLLKB" --no-builtin --content "$pack" --search DeviceCapReached >"$T/out" 2>"$T/err"
		rc=$?
		[ $rc -eq 0 ] || { fail "truncated cache, run $i: exit $rc"; break; }
		i=$((i + 1))
	done
	[ $i -eq 20 ] && pass "a cache truncated in place 20 times: answered every time"
else
	fail "no cache file to tamper with"
fi

finish
