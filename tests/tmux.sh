# SPDX-License-Identifier: MIT
# tests/tmux.sh: drive the real binary in a terminal (sourced after lib.sh).
#
# Each test gets a private tmux server (short socket path under /tmp, its
# own config) so it needs no tty, TERM or LANG of its own and never touches
# a tmux the developer runs.  The program's exit code is written to a file
# by the pane's shell.  Nothing sleeps a fixed time: every wait polls the
# screen against a deadline, and a failed wait dumps the screen to the log.
#
#   tm_start [-x COLS] [-y ROWS] [-e VAR=VALUE]... [-v VAR=VALUE]... [-u VAR]
#            [--] [ARG]...      -e: tmux session environment (LANG, NO_COLOR);
#                               -v/-u: set/unset for the program only (TERM)
#   tm_wait PATTERN WHAT        screen matches the extended regex
#   tm_wait_not PATTERN WHAT    screen no longer matches
#   tm_keys KEY...              tmux send-keys names (Down, Enter, Escape, C-c)
#   tm_type TEXT                literal text
#   tm_paste TEXT               pasted, as tmux's paste-buffer -p does it
#                               (bracketed when the program asked for it)
#   tm_pipe                     from now on the bytes the program writes go
#                               raw to $TM_DIR/raw
#   tm_resize COLS ROWS
#   tm_wait_exit WHAT           waits for the program to end; $TM_RC
#   tm_capture [FILE] [-e]      the screen (with -e: with attributes)
#   tm_pid                      the program's process id
#   tm_stop                     ends the session (tm_start does it too)
#   tm_expect_restored WHAT     after the exit: terminal modes are back

: "${TMUX_PROG:=tmux}"
if ! command -v "$TMUX_PROG" >/dev/null 2>&1; then
	echo "SKIP: tmux not found"
	exit 77
fi
unset TMUX TMUX_PANE

# A deadline of TM_TRIES polls, 0.1 s apart: generous for a loaded
# two-core machine running the sanitizer build.
: "${TM_TRIES:=600}"

TM_DIR=$(mktemp -d /tmp/ekb-tm.XXXXXX)
# A new socket for every tm_start: a server being killed must never be the
# one the next session talks to.
TM_NSERVER=0
TM_SOCK=$TM_DIR/s0
TM_TARGET=t
TM_RC=
TM_STARTED=0
cat >"$TM_DIR/conf" <<'EOF'
set -g default-shell /bin/sh
set -g default-terminal tmux-256color
set -g status off
set -g remain-on-exit on
set -g escape-time 10
set -g history-limit 100
EOF

tm() {
	"$TMUX_PROG" -S "$TM_SOCK" -f "$TM_DIR/conf" "$@"
}

# tm_stop: ends the current server (the program with it).
tm_stop() {
	if [ "$TM_STARTED" -eq 1 ]; then
		tm kill-server >/dev/null 2>&1
		TM_STARTED=0
	fi
}

tm_cleanup() {
	tm_stop
	rm -rf "$TM_DIR" "$T"
}
trap tm_cleanup EXIT
# An interrupted test must not leave its tmux server behind.
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

tm_quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

tm_start() {
	_tm_cols=100 _tm_rows=30
	_tm_envs="-e LANG=C.UTF-8 -e LC_ALL=C.UTF-8"
	_tm_extra=
	_tm_prog="env"
	while [ $# -gt 0 ]; do
		case $1 in
		-x) _tm_cols=$2; shift 2 ;;
		-y) _tm_rows=$2; shift 2 ;;
		-e) _tm_extra="$_tm_extra -e $(tm_quote "$2")"; shift 2 ;;
		-v) _tm_prog="$_tm_prog $(tm_quote "$2")"; shift 2 ;;
		-u) _tm_prog="$_tm_prog -u $(tm_quote "$2")"; shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	_tm_cmd="$_tm_prog $(tm_quote "$ENROLLKB")"
	for _tm_a in "$@"; do
		_tm_cmd="$_tm_cmd $(tm_quote "$_tm_a")"
	done
	# stderr goes to a file: sanitizer reports must not hide in the pane.
	# The terminal modes are recorded after the exit, then the exit code.
	_tm_q_dir=$(tm_quote "$TM_DIR")
	# A foreground child (a background one would lose the terminal as
	# its stdin) that records its pid and becomes the program.
	# The shell survives a Ctrl-C meant for the program (a trapped signal
	# is default again in the child), and stays alive afterwards so that
	# tmux reports the modes the program left, not those of a dead pane.
	_tm_cmd="trap : INT; ulimit -c 0 2>/dev/null; sh -c 'echo \$\$ >\"\$1\"; shift; exec \"\$@\"' sh $_tm_q_dir/pid $_tm_cmd 2>$_tm_q_dir/stderr; rc=\$?; stty -a >$_tm_q_dir/stty 2>&1; echo \$rc >$_tm_q_dir/rc.tmp; mv $_tm_q_dir/rc.tmp $_tm_q_dir/rc; while read -r _l; do :; done"
	tm_stop
	TM_NSERVER=$((TM_NSERVER + 1))
	TM_SOCK=$TM_DIR/s$TM_NSERVER
	rm -f "$TM_DIR/rc" "$TM_DIR/pid" "$TM_DIR/stty" "$TM_DIR/stderr"
	if eval "tm new-session -d -s $TM_TARGET -x $_tm_cols -y $_tm_rows $_tm_envs $_tm_extra \"\$_tm_cmd\"" 2>"$TM_DIR/tmux.err"; then
		TM_STARTED=1
	else
		fail "tmux could not start a session: $(cat "$TM_DIR/tmux.err")"
	fi
}

tm_capture() {
	_tm_out=${1:-$TM_DIR/screen}
	if [ "${2:-}" = -e ]; then
		tm capture-pane -p -e -t "$TM_TARGET" >"$_tm_out" 2>/dev/null
	else
		tm capture-pane -p -t "$TM_TARGET" >"$_tm_out" 2>/dev/null
	fi
}

tm_dump() {
	echo "  --- screen ($1) ---"
	tm_capture
	sed 's/^/  |/' "$TM_DIR/screen"
	echo "  --- end of screen ---"
	if [ -s "$TM_DIR/stderr" ]; then
		echo "  --- stderr ---"
		sed 's/^/  !/' "$TM_DIR/stderr" | head -60
	fi
}

tm_wait() {
	_tm_i=0
	while [ $_tm_i -lt "$TM_TRIES" ]; do
		if ! tm_capture; then
			fail "$2: the tmux session is gone"
			return 1
		fi
		if grep -Eq -- "$1" "$TM_DIR/screen"; then
			pass "$2"
			return 0
		fi
		_tm_i=$((_tm_i + 1))
		sleep 0.1
	done
	fail "$2: no '$1' on screen"
	tm_dump "$2"
	return 1
}

tm_wait_not() {
	_tm_i=0
	while [ $_tm_i -lt "$TM_TRIES" ]; do
		if ! tm_capture; then
			fail "$2: the tmux session is gone"
			return 1
		fi
		if ! grep -Eq -- "$1" "$TM_DIR/screen"; then
			pass "$2"
			return 0
		fi
		_tm_i=$((_tm_i + 1))
		sleep 0.1
	done
	fail "$2: '$1' still on screen"
	tm_dump "$2"
	return 1
}

tm_keys() {
	tm send-keys -t "$TM_TARGET" "$@"
}

tm_type() {
	tm send-keys -t "$TM_TARGET" -l -- "$1"
}

tm_paste() {
	tm set-buffer -b ekb-paste -- "$1" && tm paste-buffer -p -d -b ekb-paste -t "$TM_TARGET"
}

tm_pipe() {
	: >"$TM_DIR/raw"
	tm pipe-pane -o -t "$TM_TARGET" "cat >>$(tm_quote "$TM_DIR/raw")"
}

tm_resize() {
	tm resize-window -t "$TM_TARGET" -x "$1" -y "$2"
}

tm_wait_exit() {
	_tm_i=0
	while [ $_tm_i -lt "$TM_TRIES" ]; do
		if [ -f "$TM_DIR/rc" ]; then
			TM_RC=$(cat "$TM_DIR/rc")
			pass "$1: exited ($TM_RC)"
			return 0
		fi
		_tm_i=$((_tm_i + 1))
		sleep 0.1
	done
	TM_RC=
	fail "$1: still running"
	tm_dump "$1"
	return 1
}

# tm_line N: line N (1-based) of the last capture.
tm_line() {
	sed -n "${1}p" "$TM_DIR/screen"
}

# The stderr of the program must be empty (no sanitizer report, no warning).
tm_expect_clean_stderr() {
	if [ -s "$TM_DIR/stderr" ]; then
		fail "$1: the program wrote to stderr"
		sed 's/^/  !/' "$TM_DIR/stderr" | head -60
	else
		pass "$1"
	fi
}

tm_pid() {
	_tm_i=0
	while [ $_tm_i -lt "$TM_TRIES" ] && [ ! -s "$TM_DIR/pid" ]; do
		_tm_i=$((_tm_i + 1))
		sleep 0.1
	done
	cat "$TM_DIR/pid"
}

# After the program ended: the tty is back in cooked mode with echo, and
# tmux saw the alternate screen, keypad and mouse modes switched off.
tm_expect_restored() {
	if [ ! -s "$TM_DIR/stty" ]; then
		fail "$1: no stty record"
		return 1
	fi
	if grep -Eq -- '(^|[ ;])-(icanon|echo|icrnl|opost|isig)([ ;]|$)' "$TM_DIR/stty"; then
		fail "$1: terminal modes not restored"
		sed 's/^/  stty: /' "$TM_DIR/stty"
	else
		pass "$1: tty modes restored"
	fi
	_tm_flags=$(tm display-message -p -t "$TM_TARGET" \
		'alt=#{alternate_on} cursor=#{cursor_flag} keypad=#{keypad_cursor_flag}#{keypad_flag} mouse=#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_sgr_flag}')
	case $_tm_flags in
	"alt=0 cursor=1 keypad=00 mouse=0000") pass "$1: screen modes restored" ;;
	*) fail "$1: screen modes left set: $_tm_flags" ;;
	esac
}

# tm_re TEXT: TEXT as an extended regex matching itself.
tm_re() {
	printf '%s' "$1" | sed 's/[][\.*^$?+(){}|/]/\\&/g'
}

# tm_header_pos: "FIRST LAST TOTAL" of the article pane header on line 1
# of the last capture (its "12-33/80"), empty when there is none.
tm_header_pos() {
	sed -n '1s/.* \([0-9][0-9]*\)-\([0-9][0-9]*\)\/\([0-9][0-9]*\) *$/\1 \2 \3/p' "$TM_DIR/screen"
}
