#!/bin/sh
# SPDX-License-Identifier: MIT
# enrollkb-import over hostile Markdown: escape sequences, control
# characters, invalid UTF-8, entity-encoded controls, raw HTML with
# scripts, javascript:/data:/file: links, includes reaching outside the
# given folder, and a symbolic link out of it.  None of it may reach the
# pack, which must still be valid and load.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/import/lib.sh"

in=$T/in
mkdir -p "$in/sub" "$T/outside"
echo "SECRET-OUTSIDE-TEXT" >"$T/outside/secret.md"
printf -- '---\ntitle: Outside\nms.date: 01/01/2024\n---\n# Outside\n\nSECRET-OUTSIDE-TEXT\n' \
	>"$T/outside/article.md"
ln -s "$T/outside/article.md" "$in/linked.md"

{
	printf -- '---\ntitle: "Hostile \033[31mred\033[0m title"\nms.date: 02/02/2024\n---\n'
	printf '# Hostile \033]0;pwned\007input \033[2J\n\n'
	printf '## Escapes \033[1mand\033[0m controls\n\n'
	printf 'Bell\007, backspace\010, NUL-free form feed\014, DEL\177, CSI \302\233 31m, OSC \302\235 0;x\302\234 here.\n'
	printf 'Invalid UTF-8: \377\376 and a lone \300 byte; encoded: &#27;[31m &#7; &#x9B; &#0; end.\n\n'
	printf '<script>alert("html block")</script>\n\n'
	printf '<div onclick="evil()">Kept <b>text</b> of a block<br>next line</div>\n\n'
	printf 'Inline <span style="x">span</span> and <script>alert("inline")</script> and <img src=x onerror=alert(1)> done.\n\n'
	printf -- '- [js](javascript:alert(1)) [JS](JAVASCRIPT:alert(2)) [vb](vbscript:msgbox)\n'
	printf -- '- [data](data:text/html,<b>x</b>) [file](file:///etc/passwd) [ok](https://example.com/ok)\n'
	printf -- '- [spaced]( javascript:alert(3) ) <javascript:alert(4)>\n\n'
	printf '```\ncode with \033[31mescape\033[0m and bell\007 inside\n```\n\n'
	printf '## Includes\n\n'
	printf '[!INCLUDE [up](../outside/secret.md)]\n\n'
	printf '[!INCLUDE [abs](%s/outside/secret.md)]\n\n' "$T"
	printf '[!INCLUDE [loop](hostile.md)]\n\n'
	printf '[!INCLUDE [sub](sub/ok.md)]\n'
} >"$in/hostile.md"
printf 'Included text from inside the folder.\n' >"$in/sub/ok.md"
ln -s "$T/outside/secret.md" "$in/sub/link.md"
printf '\n[!INCLUDE [via link](sub/link.md)]\n' >>"$in/hostile.md"

expect_rc 1 "hostile input: something left out" "$ENROLLKB_IMPORT" -o "$T/pack" "$in"
cp "$T/err" "$T/import.err"
expect_grep "include above the folder refused, with file:line" \
	"hostile\.md:[0-9]+: warning: include '\.\./outside/secret\.md' is outside" "$T/import.err"
expect_grep "absolute include refused" "hostile\.md:[0-9]+: warning: include '/.*' is not a relative path" "$T/import.err"
expect_grep "self-include refused" "hostile\.md:[0-9]+: warning: include 'hostile\.md' includes itself" "$T/import.err"
expect_grep "include through a link out of the folder refused" \
	"hostile\.md:[0-9]+: warning: include 'sub/link\.md' is outside" "$T/import.err"

all=$T/all.xml
cat "$T/pack"/*.dita "$T/pack"/*.ditamap >"$all"
if LC_ALL=C grep -q "$(printf '[\001-\010\013\014\016-\037\177]')" "$all"; then
	fail "a control character reached the pack"
	LC_ALL=C grep -n "$(printf '[\001-\010\013\014\016-\037\177]')" "$all" | od -c | head
else
	pass "no control character in the pack"
fi
if LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$all"; then
	fail "a C1 control reached the pack"
else
	pass "no C1 control in the pack"
fi
if iconv -f UTF-8 -t UTF-8 "$all" >/dev/null 2>&1; then
	pass "the pack is valid UTF-8"
else
	fail "the pack holds invalid UTF-8"
fi
expect_no_grep "no javascript:, vbscript:, data: or file: link" \
	'href="[[:space:]]*(javascript|vbscript|data|file):' "$all"
grep -i 'href=' "$all" | grep -iv 'href="https\?://\|href="[a-z0-9-]*\.dita"' >"$T/hrefs" || true
if [ -s "$T/hrefs" ]; then
	fail "an href that is neither http(s) nor a topic"
	sed 's/^/  /' "$T/hrefs"
else
	pass "every href is http(s) or a topic"
fi
expect_grep "an https link is kept" 'href="https://example.com/ok"' "$all"
expect_no_grep "no script text" 'alert\("|evil\(|msgbox' "$all"
expect_no_grep "no raw HTML tags" '<(script|div|span|img)\b|onerror|onclick' "$all"
expect_grep "text of an HTML block is kept" '<p>Kept text of a block</p>' "$all"
expect_grep "text of inline HTML is kept" 'Inline span and' "$all"
expect_grep "the title's words survive" 'Hostile red title' "$all"
expect_grep "an include inside the folder is resolved" 'Included text from inside the folder\.' "$all"
expect_no_grep "nothing from outside the folder" 'SECRET-OUTSIDE-TEXT|Outside' "$all"
expect_grep "code keeps its text without the escapes" 'code with 31mescape|code with escape' "$all"
dtd_check "hostile" "$T/pack"
load_check "hostile" "$T/pack"
finish
