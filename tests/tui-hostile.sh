#!/bin/sh
# SPDX-License-Identifier: MIT
# TUI on hostile input: bounded work on a huge start-up query (the prompt
# keeps its end in view without measuring every possible start).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

# ---- A 100,000-character start-up query shows ---------------------------------
# Too long for a tmux command line: a wrapper reads it from a file.
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "word "; printf "LASTWORD" }' >"$T/query"
real=$ENROLLKB
cat >"$T/long-query" <<EOS
#!/bin/sh
exec "$real" "\$(cat "$T/query")"
EOS
chmod +x "$T/long-query"
ENROLLKB=$T/long-query
tm_start -x 100 -y 30
tm_wait 'Search: .*word word LASTWORD' "a 100,000-character query: its end is in the prompt"
tm_keys Escape q
tm_wait_exit "quits" && { [ "$TM_RC" = 0 ] && pass "exit 0" || fail "exit $TM_RC"; }
tm_stop
ENROLLKB=$real

finish
