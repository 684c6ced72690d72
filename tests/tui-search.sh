#!/bin/sh
# SPDX-License-Identifier: MIT
# TUI: search as you type, by error code and by a typed message, with the
# engine behind --search (same results, same order); Enter opens, Esc
# returns; "enrollkb QUERY" starts there.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

tab=$(printf '\t')
"$ENROLLKB" --list >"$T/list" 2>/dev/null || fail "--list"
awk -F'\t' 'NF == 2 && !seen[$1]++ { print $1 "\t" $2 }' "$T/list" >"$T/articles"
ncats=$(awk -F'\t' 'NF == 1' "$T/list" | wc -l)

# An error code, from the first article that has one.
code=
while IFS="$tab" read -r id title; do
	code=$("$ENROLLKB" --show "$id" --width 200 2>/dev/null |
		sed -n 's/^Error codes: \([^, ]*\).*/\1/p' | head -n 1)
	[ -n "$code" ] && break
done <"$T/articles"
# A message: an article title as a user would type it, one that finds
# more than one article (to move in the results).
message=
while IFS="$tab" read -r id title; do
	if [ "$("$ENROLLKB" --search "$title" 2>/dev/null | wc -l)" -ge 2 ]; then
		message=$title
		break
	fi
done <"$T/articles"
[ -n "$message" ] || message=$(tail -n 1 "$T/articles" | cut -f 2)
if [ -z "$code" ] || [ -z "$message" ]; then
	fail "no error code or message in the knowledge base"
	finish
fi

idre() {
	tm_re "$(printf '%s' "$1" | cut -c 1-20)"
}

# has_colour_bg: the last capture -e draws something on a yellow background
# (the match highlight of the default colours).
match_drawn() {
	tm_capture "$T/attrs" -e
	grep -Eq '(\[|;)43(;[0-9;]*)?m' "$T/attrs"
}

# ---- By error code ------------------------------------------------------------------
"$ENROLLKB" --search "$code" >"$T/hits" 2>/dev/null
nhits=$(wc -l <"$T/hits")
first=$(head -n 1 "$T/hits" | cut -f 1)
tm_start -x 100 -y 30
tm_wait '^ Categories ' "start-up"
if match_drawn; then fail "a highlight before any search"; else pass "no highlight yet"; fi
tm_keys s
tm_wait '^ Search all articles' "s opens the search"
tm_wait 'Search:' "with its prompt"
tm_type "$code"
if [ "$nhits" -eq 1 ]; then
	tm_wait "1 article matches" "'$code': as many results as --search"
else
	tm_wait "$nhits articles match" "'$code': as many results as --search"
fi
tm_wait "│ $(idre "$first")" "the best hit is previewed ($first)"
if match_drawn; then pass "matched terms highlighted"; else fail "no highlighted match"; fi
tm_keys Enter
tm_wait '/ find' "Enter opens it"
tm_wait "^.*│ $(idre "$first")" "the article shown is the hit"
tm_keys q
tm_wait "articles? match" "q: back to the results"
tm_keys Escape
tm_wait "Category 1 of $ncats" "Esc: back where we were"
tm_wait_not 'Search all articles' "the search is gone"
tm_stop

# ---- By a typed message, at 80x24 -----------------------------------------------------
"$ENROLLKB" --search "$message" >"$T/hits" 2>/dev/null
nhits=$(wc -l <"$T/hits")
first=$(head -n 1 "$T/hits" | cut -f 1)
second=$(sed -n 2p "$T/hits" | cut -f 1)
tm_start -x 80 -y 24
tm_wait '^ Categories ' "80x24: start-up"
tm_keys Enter
tm_wait 'Article 1 of' "80x24: in the list"
tm_keys /
tm_wait 'Search:' "/ from the list opens the search"
tm_type "$message"
if [ "$nhits" -eq 1 ]; then
	tm_wait "1 article matches" "message: as many results as --search"
else
	tm_wait "$nhits articles match" "message: as many results as --search"
fi
tm_wait "^ Search all articles +1/$nhits" "the first result selected"
if [ -n "$second" ]; then
	tm_keys Down
	tm_wait "^ Search all articles +2/$nhits" "Down: the second result"
	tm_keys Enter
	tm_wait "^ $(idre "$second")" "Enter opens the second ($second)"
	tm_keys q
	tm_wait "^ Search all articles +2/$nhits" "q: the results, selection kept"
	tm_keys Up
fi
tm_keys Enter
tm_wait "^ $(idre "$first")" "Enter opens the best hit ($first)"
tm_keys s
# a long query scrolls in the prompt: its end is what stays in view
tm_wait "Search: .*$(tm_re "$(printf '%s' "$message" | tail -c 20)")" "s in the article: back to the query"
tm_keys C-u
tm_wait 'Type an error code' "C-u clears the query"
tm_keys Escape
tm_wait 'Article 1 of' "Esc: back in the list"
tm_keys q q
tm_wait_exit "80x24: quit" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
tm_expect_clean_stderr "80x24: nothing on stderr"
tm_stop

# ---- enrollkb CODE opens the article; enrollkb WORDS searches -----------------------------
lower=$(printf '%s' "$code" | tr 'A-Z' 'a-z')
want=$("$ENROLLKB" --show "$code" --width 200 2>/dev/null | head -n 1)
tm_start -x 100 -y 30 -- "$lower"
tm_wait '/ find' "enrollkb $lower: an article open"
tm_wait "│ $(tm_re "$(printf '%s' "$want" | cut -c 1-20)")" "the one --show $code shows"
tm_wait "\"$(tm_re "$lower")\": [0-9]+ match" "the code highlighted"
tm_keys q
tm_wait "Article [0-9]+ of" "q: its list"
tm_stop

words=$(printf '%s' "$message" | cut -d ' ' -f 1-3)
"$ENROLLKB" --search "$words" >"$T/hits" 2>/dev/null
nhits=$(wc -l <"$T/hits")
tm_start -x 100 -y 30 -- "$words"
tm_wait "Search: $(tm_re "$words")" "enrollkb '$words': the search, filled in"
if [ "$nhits" -eq 0 ]; then
	tm_wait 'No article matches' "no result"
elif [ "$nhits" -eq 1 ]; then
	tm_wait "1 article matches" "its results"
else
	tm_wait "$nhits articles match" "its results"
fi
tm_keys Escape
tm_wait "Category 1 of $ncats" "Esc: the browser"
tm_stop

# ---- Prompts that behave: q back from an article is never typed; a search
# opened again shows the last query selected; Up/Down recall queries -----------
hist=$XDG_STATE_HOME/enrollkb/search-history
rm -f "$hist"
"$ENROLLKB" --search "$code" >"$T/hits" 2>/dev/null
first=$(head -n 1 "$T/hits" | cut -f 1)
tm_start -x 100 -y 30
tm_wait '^ Categories ' "start-up (prompts)"
tm_keys s
tm_type "$code"
tm_keys Enter
tm_wait "^.*│ $(idre "$first")" "$code: its article open"
tm_keys q
tm_wait "articles? match" "q: back to the results"
tm_wait "/ search all" "the keys act on the results (/ searches again)"
tm_keys q
tm_wait "Category 1 of $ncats" "q again: out of the search, never typed"
tm_wait_not "Search:" "no prompt left"
tm_keys s
tm_wait "Search: $(tm_re "$code") *│" "s: the last query is back"
tm_capture "$T/attrs" -e
if grep "Search:" "$T/attrs" | grep -q "$(printf '\033')\[[0-9;]*7[;m]"; then
	pass "shown selected (reverse)"
else
	fail "the last query is not shown selected"
	grep "Search:" "$T/attrs" | cat -v | head -3
fi
tm_type "token"
tm_wait "Search: token *│" "typing replaces the selected query"
tm_keys Escape
tm_wait "Category 1 of $ncats" "Esc: out"
tm_keys s
tm_wait "Search: token *│" "s: token, selected"
tm_keys Up
tm_wait "Search: $(tm_re "$code") *│" "Up: the query before"
tm_keys Down
tm_wait "Search: token *│" "Down: the later one"
tm_keys Right
tm_type " sync"
tm_wait "Search: token sync *│" "Right keeps the query and types after it"
tm_keys Escape
tm_keys Q
tm_wait_exit "quit (prompts)" && { [ "$TM_RC" = 0 ] || fail "exit $TM_RC"; }
if [ "$(cat "$hist" 2>/dev/null)" = "$code
token sync" ] || [ "$(cat "$hist" 2>/dev/null)" = "$code
token
token sync" ]; then
	pass "the history file: one query a line, oldest first"
else
	fail "history file: $(cat "$hist" 2>/dev/null | tr '\n' '|')"
fi
# Kept across sessions, without duplicates.
tm_start -x 100 -y 30
tm_wait '^ Categories ' "start-up (history)"
tm_keys s
tm_wait "Search: token sync *│" "the first search of a session offers the last one"
tm_type "$code"
tm_keys Enter
tm_wait "/ find" "opened"
tm_keys Q
tm_wait_exit "quit (history)"
[ "$(grep -cx "$code" "$hist")" -eq 1 ] && pass "no duplicate in the history" || fail "history: $(tr '\n' '|' <"$hist")"
[ "$(tail -n 1 "$hist")" = "$code" ] && pass "the newest last" || fail "history: $(tr '\n' '|' <"$hist")"
# ---- enrollkb WORDS unquoted: one query -------------------------------------------------
tm_start -x 100 -y 30 -- Profile Installation Failed
tm_wait "Search: Profile Installation Failed" "enrollkb Profile Installation Failed: one query"
tm_wait "articles? match" "with its results"
tm_stop

# ---- a question the pack does not answer: the closest, marked weak ------------------------
q='android work profile setup fails'
"$ENROLLKB" --search --all "$q" >"$T/hits" 2>/dev/null
closest=$(head -n 1 "$T/hits" | cut -f 3)
tm_start -x 100 -y 30 -- "$q"
tm_wait "No confident match\\. The closest articles \\(weak\\):" "'$q': no confident match"
if [ -n "$closest" ]; then
	tm_wait "^ \\? $(tm_re "$(printf '%s' "$closest" | cut -c 1-20)")" "the closest ($closest) listed, marked"
else
	fail "--search --all '$q' lists nothing to compare with"
fi
tm_keys Enter
tm_wait 'x tick' "Enter opens a weak one too"
tm_keys q
tm_wait "No confident match" "q: back to the weak results"
tm_stop
finish
