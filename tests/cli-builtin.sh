#!/bin/sh
# SPDX-License-Identifier: MIT
# enrollkb --search with the built-in pack alone answers from the index
# embedded at build time: right answers, and no cache file read or
# written.  Any other pack set still goes through the cache.
. "$top_srcdir/tests/lib.sh"

tab=$(printf '\t')
cache=$XDG_CACHE_HOME/enrollkb

# files under the cache directory, one per line (nothing when it is absent)
cache_files() {
	[ -d "$XDG_CACHE_HOME" ] && find "$XDG_CACHE_HOME" -type f
}

for run in "first --search" "second --search"; do
	if expect_rc 0 "$run DeviceCapReached (built-in pack)" \
		"$ENROLLKB" --search DeviceCapReached; then
		expect_first "$run: device-cap-reached first" device-cap-reached "$T/out"
		expect_grep "$run: category and title" \
			"^device-cap-reached${tab}Enrollment errors${tab}[^$tab]*DeviceCapReached" "$T/out"
		if [ -s "$T/err" ]; then
			fail "$run: something on stderr"
			sed 's/^/  | /' "$T/err"
		else
			pass "$run: nothing on stderr"
		fi
	fi
	if [ -n "$(cache_files)" ]; then
		fail "$run: the built-in pack alone wrote a cache"
		cache_files | sed 's/^/  | /'
	else
		pass "$run: no cache file written"
	fi
done
cp "$T/out" "$T/builtin"

# The same lines as a load of the same pack from its directory (that one
# is not the built-in pack, so it takes the usual way).
if ENROLLKB_NO_CACHE=1 "$ENROLLKB" --no-builtin --content "$top_srcdir/content" \
	--search DeviceCapReached >"$T/dir" 2>&1 && cmp -s "$T/builtin" "$T/dir"; then
	pass "the same lines as the pack loaded from content/"
else
	fail "the embedded index answers differently from content/"
	diff "$T/builtin" "$T/dir" | sed 's/^/  | /' | head -10
fi

# A cache left in the way is not even looked at: an unreadable cache
# directory changes nothing.
mkdir -p "$cache"
printf 'not a cache\n' >"$cache/index-junk.idx"
if expect_rc 0 "built-in --search beside a junk cache file" \
	"$ENROLLKB" --search DeviceCapReached && cmp -s "$T/builtin" "$T/out"; then
	pass "junk in the cache directory changes nothing"
fi
rm -rf "$cache"

# With a --content pack the cache is used and written as before.
pack=$T/pack
mkdir -p "$pack"
cp "$top_srcdir"/content/*.dita "$top_srcdir"/content/*.ditamap "$pack"/
for run in "--content first" "--content second"; do
	if expect_rc 0 "$run --search" "$ENROLLKB" --content "$pack" --search DeviceCapReached; then
		expect_first "$run: device-cap-reached first" device-cap-reached "$T/out"
	fi
done
set -- "$cache"/index-*.idx
if [ "$#" -eq 1 ] && [ -s "$1" ]; then
	pass "--content: one cache file written"
else
	fail "--content: no cache file in $cache"
	ls -la "$cache" 2>&1 | sed 's/^/  | /'
fi

# A user pack under $XDG_DATA_HOME/enrollkb/packs makes the set more than
# the built-in pack: the cache again.
rm -rf "$cache"
mkdir -p "$XDG_DATA_HOME/enrollkb/packs/mine"
cp "$pack"/* "$XDG_DATA_HOME/enrollkb/packs/mine/"
if expect_rc 0 "with a user pack --search" "$ENROLLKB" --search DeviceCapReached; then
	set -- "$cache"/index-*.idx
	if [ "$#" -eq 1 ] && [ -s "$1" ]; then
		pass "user pack: one cache file written"
	else
		fail "user pack: no cache file in $cache"
	fi
fi
finish
