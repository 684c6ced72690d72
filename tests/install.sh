#!/bin/sh
# SPDX-License-Identifier: MIT
# make install DESTDIR=...: the programs, their man pages, the three shell
# completions where configure put them, every translation, the content
# template and the example config file land in place, and the installed bash completion works with the
# installed program; make uninstall removes every file install made.
. "$top_srcdir/tests/lib.sh"

: "${MAKE:?run through make check}"
: "${abs_top_builddir:?run through make check}"

LC_ALL=C
export LC_ALL

dest=$T/dest
# MAKEFLAGS: no jobserver of the outer make here, and no -j against it.
if ! MAKEFLAGS= $MAKE -s -C "$abs_top_builddir" install DESTDIR="$dest" >"$T/install.log" 2>&1; then
	fail "make install DESTDIR=... failed"
	sed 's/^/  | /' "$T/install.log" | tail -20
	finish
fi
pass "make install DESTDIR=..."

expect_file() {
	if [ -f "$dest$2" ]; then
		pass "$1"
	else
		fail "$1: no $dest$2"
		(cd "$dest" && find . -type f | sed 's/^/  | /' | head -60)
	fi
}
expect_file "the program" "$inst_bindir/enrollkb"
[ -x "$dest$inst_bindir/enrollkb" ] && pass "the program is executable" || fail "not executable"
expect_file "the man page" "$inst_mandir/man1/enrollkb.1"
expect_file "the importer" "$inst_bindir/enrollkb-import"
expect_file "the importer's man page" "$inst_mandir/man1/enrollkb-import.1"
expect_file "the bash completion" "$inst_bashcompletiondir/enrollkb"
expect_file "the zsh completion" "$inst_zshcompletiondir/_enrollkb"
expect_file "the fish completion" "$inst_fishcompletiondir/enrollkb.fish"
expect_file "the content template's map" "$inst_pkgdatadir/content/enrollkb.ditamap"
expect_file "the content template's notice" "$inst_pkgdatadir/content/NOTICE"
expect_file "the content guide" "$inst_docdir/content.md"
expect_file "the example config file" "$inst_docdir/config.example"
for lang in $(sed 's/#.*//' "$top_srcdir/po/LINGUAS"); do
	expect_file "the $lang translation" "$inst_localedir/$lang/LC_MESSAGES/enrollkb.mo"
done

# The installed completion, with the installed program first on PATH.
if command -v bash >/dev/null 2>&1; then
	got=$(PATH="$dest$inst_bindir:$PATH" bash -c '
		. "$1"
		COMP_WORDS=(enrollkb --show device-c); COMP_CWORD=2
		_enrollkb; printf "%s\n" "${COMPREPLY[@]}"' sh "$dest$inst_bashcompletiondir/enrollkb" 2>&1)
	[ "$got" = device-cap-reached ] && pass "installed bash completion: --show device-c" ||
		fail "installed bash completion gave '$got'"
fi

if ! MAKEFLAGS= $MAKE -s -C "$abs_top_builddir" uninstall DESTDIR="$dest" >"$T/uninstall.log" 2>&1; then
	fail "make uninstall DESTDIR=... failed"
	sed 's/^/  | /' "$T/uninstall.log" | tail -20
fi
left=$(cd "$dest" && find . ! -type d)
if [ -z "$left" ]; then
	pass "make uninstall removed every file"
else
	fail "make uninstall left files behind:"
	echo "$left" | sed 's/^/  | /' | head -20
fi

finish
