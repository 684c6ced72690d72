#!/bin/sh
# SPDX-License-Identifier: MIT
# Shell completions (completions/): bash with plain `complete`, no
# bash-completion package; fish through `complete -C`; zsh's word lists
# (its _arguments needs an interactive shell).  Ids, codes and cases come
# from `enrollkb --complete`, so packs on the line and installed packs
# count, and nothing from a pack is ever run by the shell.
. "$top_srcdir/tests/lib.sh"

LC_ALL=C
export LC_ALL
unset LANGUAGE

comp=$top_srcdir/completions
fix=$top_srcdir/tests/fixtures/layers

# ---- The program's word lists ------------------------------------------------
if expect_rc 0 "--complete ids" "$ENROLLKB" --complete ids; then
	expect_grep "a built-in id" '^device-cap-reached$' "$T/out"
fi
if expect_rc 0 "--complete codes" "$ENROLLKB" --complete codes; then
	expect_grep "a built-in code" '^DeviceCapReached$' "$T/out"
fi
"$ENROLLKB" --checklist device-cap-reached --case INC0042 --reset >/dev/null 2>&1
if expect_rc 0 "--complete cases" "$ENROLLKB" --complete cases; then
	expect_grep "a case that exists" '^INC0042$' "$T/out"
fi

# A pack whose error code is a command substitution: offered as a word,
# never run.
evil=$T/evil
mkdir -p "$evil"
cat >"$evil/evil.ditamap" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<map><title>Evil</title><topichead navtitle="X"><topicref href="evil.dita"/></topichead></map>
EOF
cat >"$evil/evil.dita" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<troubleshooting id="evil-one"><title>E</title><troublebody><condition>
<p><msgnum>Evil\$(touch\${IFS}$T/pwned)</msgnum> and <msgnum>Two words</msgnum></p>
</condition></troublebody></troubleshooting>
EOF

# ---- bash ----------------------------------------------------------------------
if ! command -v bash >/dev/null 2>&1; then
	echo "bash not installed: its completion is not tested"
else
	cat >"$T/bash-test" <<'EOF'
# complete_line WORD...: COMPREPLY for the last word, one per line.
. "$comp/enrollkb"
complete_line() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_enrollkb
	[ ${#COMPREPLY[@]} -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}"
}
complete -p enrollkb
echo "== show"; complete_line enrollkb --show device-c
echo "== code"; complete_line enrollkb --checklist DeviceC
echo "== eq"; complete_line enrollkb --show = device-c
echo "== opt"; complete_line enrollkb --sh
echo "== case"; complete_line enrollkb --case INC
echo "== content"; complete_line enrollkb --content "$fix/to"
echo "== pack"; complete_line enrollkb --content "$fix/top" --show top-
echo "== packeq"; complete_line enrollkb --content = "$fix/top" --show top-
echo "== only"; complete_line enrollkb --only "$fix/top" --show d
echo "== system"; complete_line enrollkb --show base-
echo "== evil"; complete_line enrollkb --content "$evil" --show Evi
echo "== end"
EOF
	mkdir -p "$T/sysdata/enrollkb/packs"
	cp -R "$fix/base" "$T/sysdata/enrollkb/packs/"
	PATH=$(dirname "$ENROLLKB"):$PATH comp=$comp fix=$fix evil=$evil \
		bash "$T/bash-test" >"$T/bash.out" 2>"$T/bash.err"
	rm -rf "$T/sysdata/enrollkb"
	# section NAME: the lines of that section
	section() {
		awk -v s="== $1" '$0 == s { on = 1; next } /^== / { on = 0 } on' "$T/bash.out"
	}
	expect_grep "bash: registered with plain complete" '^complete -F _enrollkb enrollkb$' "$T/bash.out"
	[ "$(section show)" = device-cap-reached ] &&
		pass "bash: --show device-c completes to device-cap-reached" ||
		{ fail "bash: --show device-c gave '$(section show)'"; sed 's/^/  | /' "$T/bash.err"; }
	[ "$(section code)" = DeviceCapReached ] && pass "bash: error codes after --checklist" ||
		fail "bash: --checklist DeviceC gave '$(section code)'"
	[ "$(section eq)" = device-cap-reached ] && pass "bash: --show=device-c" ||
		fail "bash: --show=device-c gave '$(section eq)'"
	[ "$(section opt)" = --show ] && pass "bash: options" || fail "bash: --sh gave '$(section opt)'"
	[ "$(section case)" = INC0042 ] && pass "bash: case names after --case" ||
		fail "bash: --case INC gave '$(section case)'"
	[ "$(section content)" = "$fix/top" ] && pass "bash: directories after --content" ||
		fail "bash: --content gave '$(section content)'"
	[ "$(section pack)" = top-only ] && pass "bash: ids of a --content pack" ||
		fail "bash: --content top --show top- gave '$(section pack)'"
	[ "$(section packeq)" = top-only ] && pass "bash: ids of a --content=DIR pack" ||
		fail "bash: --content=top --show top- gave '$(section packeq)'"
	[ -z "$(section only)" ] && pass "bash: --only leaves the built-in ids out" ||
		fail "bash: --only top --show d gave '$(section only)'"
	[ "$(section system)" = base-only ] && pass "bash: ids of a system pack" ||
		fail "bash: --show base- gave '$(section system)'"
	section evil >"$T/evil.out"
	expect_grep "bash: a code with \$(...) is offered, quoted" '^Evil\\\$\\\(touch' "$T/evil.out"
	[ ! -e "$T/pwned" ] && pass "bash: nothing from a pack was run" ||
		fail "bash: a pack's code was run by the completion"
	expect_no_grep "bash: a code with a space is not offered" 'Two' "$T/evil.out"
fi

# ---- fish ------------------------------------------------------------------------
if ! command -v fish >/dev/null 2>&1; then
	echo "fish not installed: its completion is not tested"
else
	PATH=$(dirname "$ENROLLKB"):$PATH fish --no-config -c "
		source '$comp/enrollkb.fish'
		complete -C'enrollkb --show device-c'
		echo '=='
		complete -C'enrollkb --content $fix/top --show top-'
		echo '=='
		complete -C'enrollkb --case INC'
		echo '=='
		complete -C'enrollkb --content $evil --show Evi'" >"$T/fish.out" 2>&1
	expect_grep "fish: --show device-c" '^device-cap-reached	' "$T/fish.out"
	expect_grep "fish: ids of a --content pack" '^top-only	' "$T/fish.out"
	expect_grep "fish: cases" '^INC0042	' "$T/fish.out"
	[ ! -e "$T/pwned" ] && pass "fish: nothing from a pack was run" ||
		fail "fish: a pack's code was run by the completion"
fi

# ---- zsh -------------------------------------------------------------------------
if ! command -v zsh >/dev/null 2>&1; then
	echo "zsh not installed: its completion is not tested"
else
	zsh -n "$comp/_enrollkb" && pass "zsh: the completion parses" || fail "zsh: syntax error"
	PATH=$(dirname "$ENROLLKB"):$PATH HOME=$fix zsh -f -c "
		_arguments() { :; }
		source '$comp/_enrollkb'
		words=(enrollkb --content '~/top' --show top-); CURRENT=5
		_enrollkb_words ids codes
		echo '=='
		words=(enrollkb '--content=~/top' --show top-); CURRENT=4
		_enrollkb_words ids" >"$T/zsh.out" 2>&1
	expect_grep "zsh: ids of a --content ~/DIR pack" '^top-only$' "$T/zsh.out"
	expect_grep "zsh: codes too" '^DeviceCapReached$' "$T/zsh.out"
	n=$(grep -c '^top-only$' "$T/zsh.out")
	[ "$n" -eq 2 ] && pass "zsh: --content=~/DIR too" || fail "zsh: --content=~/DIR: $n"
	expect_no_grep "zsh: no error" '^zsh:|not found' "$T/zsh.out"
fi

finish
