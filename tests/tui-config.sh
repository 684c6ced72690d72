#!/bin/sh
# SPDX-License-Identifier: MIT
# TUI: the config file -- the system file ($XDG_CONFIG_DIRS) and then the
# user's ($XDG_CONFIG_HOME) are read; a bad line is reported at file:line
# (status line and stderr) while the rest applies: a new binding works and
# the help shows it, "none" unbinds, the mouse and OSC 52 are off, a colour
# is drawn; ENROLLKB_MOUSE and ENROLLKB_OSC52 still override the file; the
# example file installed with the documentation is valid; restricted mode
# reads the system's file only.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

esc=$(printf '\033')
XDG_CONFIG_DIRS=$T/sysconfig
export XDG_CONFIG_DIRS
mkdir -p "$XDG_CONFIG_DIRS/enrollkb" "$XDG_CONFIG_HOME/enrollkb"
cat >"$XDG_CONFIG_DIRS/enrollkb/config" <<'EOF'
# The team's: F2 and J open the help (the user's file says otherwise of J).
bind generic F2 help
bind generic J help
set mouse = on
EOF
cfg=$XDG_CONFIG_HOME/enrollkb/config
cat >"$cfg" <<'EOF'
# enrollkb config for the test
bind generic J move-down
set mouse = off
set osc52 = off

bind generic j fly-away
bind help q none          # q no longer closes the help; Esc still does
color pane-title-focus 196 22 bold
EOF
cfgre=$(tm_re "$cfg")

mouse_flags() {
	tm display-message -p -t "$TM_TARGET" '#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_sgr_flag}'
}

tm_start -x 160 -y 30
tm_wait '^ Categories ' "the browser starts despite the bad line"
tm_wait "$cfgre:6: unknown request 'fly-away'" "the bad line on the status line, at file:line"
[ "$(mouse_flags)" = 0000 ] && pass "set mouse = off: the terminal has the mouse" ||
	fail "mouse flags: $(mouse_flags)"
tm_capture "$T/attrs" -e
if head -n 1 "$T/attrs" | grep -q "38;5;196" && head -n 1 "$T/attrs" | grep -q "48;5;22"; then
	pass "color pane-title-focus 196 22: the focused pane's header"
else
	fail "no colours 196/22 in the header"
	head -n 1 "$T/attrs" | tr "$esc" 'E' | sed 's/^/  /'
fi

tm_keys J
tm_wait 'Category 2 of' "J moves down (the user's file over the system's)"
tm_keys j
tm_wait 'Category 3 of' "j still moves down: the bad line changed nothing"

tm_keys F2
tm_wait '^ Help: keys' "F2 opens the help (the system file's binding)"
tm_wait '^ +J Down j C-n +Move the selection down' "the help shows J, ahead of the built-in keys"
tm_keys q J
tm_wait 'Help: lines 2-' "q does nothing in the help (bind help q none); J scrolls it"
tm_keys G
tm_wait "can be set in $cfgre" "the help names the user's config file"
tm_keys Escape
tm_wait 'Category 3 of' "Esc closes the help"

tm_keys Enter Enter
tm_wait '/ find' "an article"
tm_keys y
tm_wait 'copying is off \(set osc52 = off in the config file\)' "set osc52 = off: y says why"
tm_keys Q
tm_wait_exit "quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
tm_expect_restored "quit"
# Left on the terminal once the browser is gone, sanitised like every
# diagnostic.
expect_grep "stderr: the bad line at file:line" \
	"^$cfgre:6: error: unknown request 'fly-away'\$" "$TM_DIR/stderr"
[ "$(wc -l <"$TM_DIR/stderr")" -eq 1 ] && pass "one problem, one line" ||
	fail "stderr has $(wc -l <"$TM_DIR/stderr") lines"

# ---- The environment over the file -------------------------------------------------
tm_start -x 160 -y 30 -v ENROLLKB_MOUSE=1 -v ENROLLKB_OSC52=1
tm set -s set-clipboard on
tm_wait '^ Categories ' "start-up with ENROLLKB_MOUSE=1 ENROLLKB_OSC52=1"
k=0
while [ "$(mouse_flags)" = 0000 ] && [ $k -lt "$TM_TRIES" ]; do sleep 0.1; k=$((k + 1)); done
[ "$(mouse_flags)" != 0000 ] && pass "ENROLLKB_MOUSE=1 over set mouse = off" ||
	fail "the mouse is not captured"
tm_keys Enter Enter
tm_wait '/ find' "an article"
tm_keys y
tm_wait 'Copied ' "ENROLLKB_OSC52=1 over set osc52 = off"
tm_keys Q
tm_wait_exit "quit"

# ---- The installed example: every line valid, its bindings in force ------------------
cp "$top_srcdir/doc/config.example" "$cfg"
tm_start -x 160 -y 30
tm_wait '^ Categories ' "start-up with doc/config.example"
tm_keys J
tm_wait 'Category 2 of' "the example's J"
tm_keys C-g
tm_wait_exit "the example's C-g quits" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
tm_expect_clean_stderr "doc/config.example: no problem reported"

# ---- Hostile bytes in a bad line never reach the terminal --------------------------
printf 'bind generic j \033]0;pwned\007\n' >"$cfg"
tm_start -x 160 -y 30
tm_wait "$cfgre:1: unknown request" "a hostile line reported"
tm_keys Q
tm_wait_exit "quit"
if grep -q "$esc]0;" "$TM_DIR/stderr" || ! grep -q '\^\[\]0;pwned\^G' "$TM_DIR/stderr"; then
	fail "stderr: the escape sequence was not defused"
	sed 's/^/  !/' "$TM_DIR/stderr" | tr "$esc" 'E'
else
	pass "stderr: ^[]0;pwned^G, in caret notation"
fi

# ---- Restricted mode: the system's file only ----------------------------------------
printf 'bind generic j fly-away\n' >"$cfg"
tm_start -x 160 -y 30 -v ENROLLKB_RESTRICTED=1
tm_wait '^ Categories ' "restricted: start-up"
tm_keys F2
tm_wait '^ Help: keys' "restricted: the system file's F2 opens the help"
tm_keys G
tm_wait 'From the shell' "restricted: the end of the help"
expect_no_grep "restricted: the help names no config file of the user's" 'can be set in' "$TM_DIR/screen"
tm_keys Escape Q
tm_wait_exit "restricted: quit"
tm_expect_clean_stderr "restricted: the user's file is not read"
finish
