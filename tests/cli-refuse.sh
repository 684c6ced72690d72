#!/bin/sh
# SPDX-License-Identifier: MIT
# Packs that try to make enrollkb read what it should not: hrefs to a FIFO,
# through symlinks to /dev/zero, to /etc/passwd and up out of the pack
# (up -> ..), a topic over 4 MB, ids with a tab, a newline or a leading
# "#", a DTD named by URL, and --content on a big tree with no map.  Each
# gets a file:line diagnostic, the good topic beside it loads, nothing
# hangs (every run is under timeout: a hang fails instead of blocking) and
# nothing of the files outside reaches the output.
. "$top_srcdir/tests/lib.sh"

LC_ALL=C
export LC_ALL
unset LANGUAGE

if ! command -v timeout >/dev/null 2>&1 || ! command -v mkfifo >/dev/null 2>&1; then
	echo "SKIP: timeout or mkfifo not found"
	exit 77
fi

topic() {
	cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<troubleshooting id="$1"><title>Topic $1</title>
<troublebody><condition><p>Text of $1.</p></condition>
<troubleSolution><cause><p>c</p></cause><remedy><steps>
<step><cmd>Do $1.</cmd></step></steps></remedy></troubleSolution>
</troublebody></troubleshooting>
EOF
}

pack=$T/pack
mkdir -p "$pack"
topic good >"$pack/good.dita"
topic secret >"$T/secret.dita"
mkfifo "$pack/fifo.dita"
ln -s /dev/zero "$pack/zero.dita"
ln -s /dev/urandom "$pack/random.dita"
ln -s /etc/passwd "$pack/passwd.dita"
ln -s .. "$pack/up"
mkdir "$pack/dir.dita"
# An id with a tab, one with a newline, one starting with "#".
printf '<troubleshooting id="a&#9;b"><title>Tab</title><troublebody/></troubleshooting>\n' >"$pack/tab.dita"
printf '<troubleshooting id="a&#10;b"><title>Newline</title><troublebody/></troubleshooting>\n' >"$pack/nl.dita"
printf '<troubleshooting id="#hash"><title>Hash</title><troublebody/></troubleshooting>\n' >"$pack/hash.dita"
# Just over 4 MB.
awk 'BEGIN {
	print "<troubleshooting id=\"big\"><title>Big</title><troublebody><condition><p>"
	for (i = 0; i < 65537; i++) print "0123456789012345678901234567890123456789012345678901234567890123"
	print "</p></condition></troublebody></troubleshooting>"
}' >"$pack/big.dita"
cat >"$pack/url.dita" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE troubleshooting SYSTEM "http://127.0.0.1:9/evil.dtd">
<troubleshooting id="url"><title>Url</title><troublebody/></troubleshooting>
EOF
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<map><title>Refusals</title>\n'
	printf '<topichead navtitle="Enrollment errors">\n'
	# Lines 4 to 15, in this order.
	for href in good fifo zero random passwd up/secret dir tab nl hash big url; do
		printf '<topicref href="%s.dita"/>\n' "$href"
	done
	printf '</topichead></map>\n'
} >"$pack/pack.ditamap"
map=$pack/pack.ditamap

# ---- --validate: one diagnostic each, at file:line --------------------------------
expect_rc_bounded 1 "--validate answers" --no-builtin --content "$pack" --validate
expect_grep "FIFO refused at the map's line" "^$map:5: error: .*'fifo.dita': it is a FIFO, not a regular file" "$T/out"
expect_grep "/dev/zero refused" "^$map:6: error: .*'zero.dita': it leads outside the pack" "$T/out"
expect_grep "/dev/urandom refused" "^$map:7: error: .*'random.dita': it leads outside the pack" "$T/out"
expect_grep "/etc/passwd refused" "^$map:8: error: .*'passwd.dita': it leads outside the pack" "$T/out"
expect_grep "up -> .. refused" "^$map:9: error: .*'up/secret.dita': it leads outside the pack" "$T/out"
expect_grep "a directory refused" "^$map:10: error: .*'dir.dita': it is a directory" "$T/out"
expect_grep "id with a tab" "^$pack/tab.dita:1: error: id .* is not an XML name" "$T/out"
expect_grep "id with a newline" "^$pack/nl.dita:1: error: id .* is not an XML name" "$T/out"
expect_grep "id starting with #" "^$pack/hash.dita:1: error: id \"#hash\" is not an XML name" "$T/out"
expect_grep "over 4 MB" "^$map:14: error: .*'big.dita': it is larger than 4 MB" "$T/out"
expect_grep "DTD by URL" "^$pack/url.dita: warning: .*'http://127.0.0.1:9/evil.dtd'" "$T/out"
expect_no_grep "nothing of /etc/passwd" 'root:' "$T/out"
expect_no_grep "nothing of the topic outside" 'Topic secret|Text of secret' "$T/out"

# ---- The rest of the pack loads ----------------------------------------------------
expect_rc_bounded 0 "--list" --no-builtin --content "$pack" --list
expect_grep "the good topic is listed" "^good	Topic good$" "$T/out"
expect_grep "so is the one with a DTD URL" "^url	Url$" "$T/out"
if [ "$(grep -c '	' "$T/out")" -eq 2 ]; then pass "only those two"; else fail "other topics listed"; cat "$T/out"; fi
expect_no_grep "--list: nothing of /etc/passwd" 'root:' "$T/out"
expect_no_grep "--list: nothing of the topic outside" 'secret' "$T/out"
expect_rc_bounded 0 "--show good" --no-builtin --content "$pack" --show good
expect_grep "--show: its text" "Text of good" "$T/out"
expect_rc_bounded 0 "--search good" --no-builtin --content "$pack" --search good
expect_first "--search: found" good "$T/out"
expect_rc_bounded 1 "--search root (the passwd line)" --no-builtin --content "$pack" --search root
expect_no_grep "--search: nothing of /etc/passwd" 'root:' "$T/out"

# ---- The ticks of a good topic still save: no id broke the state file --------------
expect_rc_bounded 0 "--checklist with the hostile pack" --no-builtin --content "$pack" --checklist good
expect_grep "the step" '^- \[ \] 1\. Do good\.' "$T/out"

# ---- A directory without a map answers at once -------------------------------------
# /usr is big and holds no .ditamap: the walk stops at its first level.
if [ -d /usr ] && ! ls /usr/*.ditamap >/dev/null 2>&1; then
	expect_rc_bounded 1 "--content /usr answers" --no-builtin --content /usr --validate
	expect_grep "says there is no map" '^/usr: error: no \.ditamap' "$T/out"
fi

finish
