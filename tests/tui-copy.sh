#!/bin/sh
# SPDX-License-Identifier: MIT
# TUI: copy over SSH and the terminal's own selection -- "y" copies the
# article's checklist (what --checklist prints), or the selected link's
# URL, with OSC 52 (tmux with set-clipboard on keeps it as a buffer);
# external links go out as OSC 8 hyperlinks (seen in the raw output, as
# tmux 3.3 drops them); a URL is never broken across status lines; "m"
# lets go of the mouse and takes it back; ENROLLKB_OSC52=0,
# ENROLLKB_HYPERLINKS=0 and ENROLLKB_MOUSE=0 turn each off.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

tab=$(printf '\t')
# An article with steps and an external link whose URL is longer than 60
# columns.
id= n=
for cand in $("$ENROLLKB" --list 2>/dev/null | awk -F"$tab" 'NF == 2 && !seen[$1]++ { print $1 }'); do
	"$ENROLLKB" --show "$cand" --width 300 2>/dev/null >"$T/show"
	grep -Eq '^ *\[[0-9]+\] https://.{60}' "$T/show" || continue
	k=$("$ENROLLKB" --checklist "$cand" --case probe 2>/dev/null | grep -c '^ *- \[ \] ')
	[ "$k" -ge 1 ] || continue
	id=$cand n=$k
	break
done
rm -rf "$XDG_STATE_HOME"
[ -n "$id" ] || { fail "no article with steps and a long external link"; finish; }
idre=$(tm_re "$(printf '%s' "$id" | cut -c 1-20)")

mouse_flags() {
	tm display-message -p -t "$TM_TARGET" '#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_sgr_flag}'
}

# select_external_link: Tab until the status line shows an external link.
select_external_link() {
	_i=0
	while [ $_i -lt 30 ]; do
		tm_keys Tab
		tm_capture
		tail -n 4 "$TM_DIR/screen" | grep -Eq '^ \[[0-9]+\] https://' && return 0
		_i=$((_i + 1))
	done
	return 1
}

# buffer_is FILE WHAT: the newest tmux buffer holds exactly FILE.
buffer_is() {
	tm show-buffer >"$T/buffer" 2>/dev/null
	if cmp -s "$1" "$T/buffer"; then
		pass "$2"
	else
		fail "$2"
		diff "$1" "$T/buffer" | head -10 | sed 's/^/  /'
	fi
}

# ---- y: the checklist -------------------------------------------------------------------
tm_start -x 100 -y 30 -- --case Y "$id"
tm set -s set-clipboard on
tm_pipe
tm_wait "│ $idre.* 0/$n done" "the article open"
tm_keys ']' x
tm_wait "ticked: 1 of $n done" "a step ticked"
tm_keys y
tm_wait "Copied the checklist as Markdown to the clipboard" "y: copied"
"$ENROLLKB" --checklist "$id" --case Y >"$T/want.md" 2>/dev/null
buffer_is "$T/want.md" "the clipboard holds what --checklist prints, tick included"

# ---- y with a link selected: its URL, whole ----------------------------------------------
select_external_link
num=$(tail -n 4 "$TM_DIR/screen" | sed -n 's/^ \[\([0-9]*\)\] https:.*/\1/p' | head -n 1)
url=$(sed -n "s/^ *\\[$num\\] \\(https:[^ ]*\\).*/\\1/p" "$T/show" | head -n 1)
[ -n "$url" ] && pass "an external link selected: [$num] $url" || { fail "no external link selected"; tm_dump "links"; }
tm_keys y
tm_wait "Copied the link's URL" "y: the URL"
printf '%s' "$url" >"$T/want.url"
buffer_is "$T/want.url" "the clipboard holds the whole URL"
if tr '\033' 'E' <"$TM_DIR/raw" | grep -qF "E]8;;$url"; then
	pass "the link went out as an OSC 8 hyperlink"
else
	fail "no OSC 8 hyperlink to $url in the output"
fi

# ---- The URL on the status line is never broken -----------------------------------------
tm_resize 50 24
tm_keys C-l
tail_of_url=$(printf '%s' "$url" | tail -c 12)
tm_wait "$(tm_re "$tail_of_url") *\$" "50 columns: the status line still shows the URL's end"
tm_capture
if grep -Eq "^ https://[^ ]*$(tm_re "$tail_of_url") *\$" "$TM_DIR/screen"; then
	pass "its start and its end on one row"
else
	fail "the URL is broken across rows"
	tm_dump "narrow"
fi
tm_resize 100 30

# ---- m: the mouse, let go and taken back -----------------------------------------------
[ "$(mouse_flags)" != 0000 ] && pass "the mouse is captured" || fail "the mouse is not captured"
tm_keys m
tm_wait "Mouse off" "m: off"
k=0
while [ "$(mouse_flags)" != 0000 ] && [ $k -lt "$TM_TRIES" ]; do sleep 0.1; k=$((k + 1)); done
[ "$(mouse_flags)" = 0000 ] && pass "the terminal has the mouse" || fail "mouse flags: $(mouse_flags)"
tm_keys m
tm_wait "Mouse on" "m: on again"
k=0
while [ "$(mouse_flags)" = 0000 ] && [ $k -lt "$TM_TRIES" ]; do sleep 0.1; k=$((k + 1)); done
[ "$(mouse_flags)" != 0000 ] && pass "captured again" || fail "the mouse was not taken back"
tm_keys Q
tm_wait_exit "quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
tm_expect_restored "quit"
tm_expect_clean_stderr "nothing on stderr"

# ---- All three turned off ----------------------------------------------------------------
tm_start -x 100 -y 30 -v ENROLLKB_OSC52=0 -v ENROLLKB_HYPERLINKS=0 -v ENROLLKB_MOUSE=0 -- --case Y "$id"
tm set -s set-clipboard on
tm set-buffer -b before "untouched"
tm_pipe
tm_wait "│ $idre" "the article open, features off"
[ "$(mouse_flags)" = 0000 ] && pass "ENROLLKB_MOUSE=0: the mouse is the terminal's" || fail "mouse flags: $(mouse_flags)"
select_external_link || fail "no external link selected (features off)"
tm_keys C-l y
tm_wait "Not copied: copying is off \(ENROLLKB_OSC52=0\)" "ENROLLKB_OSC52=0: y says so"
printf 'untouched' >"$T/untouched"
buffer_is "$T/untouched" "nothing reached the clipboard"
if tr '\033' 'E' <"$TM_DIR/raw" | grep -q 'E]8;;'; then
	fail "ENROLLKB_HYPERLINKS=0: an OSC 8 sequence went out"
else
	pass "ENROLLKB_HYPERLINKS=0: no hyperlink"
fi
tm_keys Q
tm_wait_exit "quit"
finish
