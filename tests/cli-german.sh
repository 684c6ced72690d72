#!/bin/sh
# SPDX-License-Identifier: MIT
# The German translation as a user sees it: --help, a usage error, a
# missing article and --validate's counts (ngettext) come out in German
# under LANGUAGE=de with a UTF-8 locale, from the catalog built in the tree
# (ENROLLKB_LOCALEDIR), and --help stays within 80 columns.  The same runs
# without LANGUAGE print English, so the German checks cannot pass by
# accident.  gettext ignores LANGUAGE in the plain C locale, hence C.UTF-8.
. "$top_srcdir/tests/lib.sh"

unset LC_ALL LC_MESSAGES LANGUAGE

utf8=
for l in C.UTF-8 C.utf8 en_US.UTF-8 en_US.utf8; do
	if [ "$(LC_ALL=$l locale charmap 2>/dev/null)" = UTF-8 ]; then
		utf8=$l
		break
	fi
done
if [ -z "$utf8" ]; then
	echo "SKIP: no UTF-8 locale on this machine (locale -a)"
	exit 77
fi

# The gettext po/ rules write the .gmo beside the .po (in the source tree);
# look in the build tree too.
gmo=
for d in "$top_builddir/po" "$top_srcdir/po"; do
	if [ -f "$d/de.gmo" ]; then
		gmo=$d/de.gmo
		break
	fi
done
if [ -z "$gmo" ]; then
	fail "po/de.gmo was not built (make -C po)"
	finish
fi
mkdir -p "$T/locale/de/LC_MESSAGES"
cp "$gmo" "$T/locale/de/LC_MESSAGES/enrollkb.mo"

de() {
	ENROLLKB_LOCALEDIR=$T/locale LANG=$utf8 LANGUAGE=de "$ENROLLKB" "$@"
}
en() {
	ENROLLKB_LOCALEDIR=$T/locale LANG=$utf8 "$ENROLLKB" "$@"
}

if expect_rc 0 "--help in German" de --help; then
	expect_grep "--help: usage line" '^Aufruf: ' "$T/out"
	expect_grep "--help: commands" '^Befehle:$' "$T/out"
	expect_grep "--help: options" '^Optionen:$' "$T/out"
	expect_grep "--help: umlauts as UTF-8" 'Checklisten-Fälle mit ihrer letzten Änderung' "$T/out"
	expect_no_grep "--help: no English heading left" '^(Usage|Commands|Options):' "$T/out"
	wide=$(LC_ALL=$utf8 wc -L <"$T/out")
	if [ "$wide" -le 80 ]; then
		pass "--help fits 80 columns ($wide)"
	else
		fail "--help is $wide columns wide"
	fi
fi

if expect_rc 2 "unknown option in German" de --nosuch; then
	expect_grep "usage error" "unbekannte Option '--nosuch'" "$T/err"
	expect_grep "usage hint" "'enrollkb --help' gibt weitere Informationen" "$T/err"
fi

if expect_rc 1 "--show of a missing id in German" de --show nosuch; then
	expect_grep "no such article" "kein Artikel und kein Fehlercode 'nosuch'" "$T/err"
fi

mkdir -p "$T/nomap"
if expect_rc 1 "--validate in German" de --validate --only "$T/nomap"; then
	cat "$T/out" "$T/err" >"$T/all"
	expect_grep "severity and message" "nomap: Fehler: keine \.ditamap-Datei im Paket" "$T/all"
	expect_grep "counts with plural forms" "1 Fehler, 0 Warnungen" "$T/all"
fi

# The control: the same program and catalog, no LANGUAGE, says it in English.
if expect_rc 0 "--help without LANGUAGE" en --help; then
	expect_grep "English usage line" '^Usage: ' "$T/out"
	expect_no_grep "no German" '^Aufruf: ' "$T/out"
fi

finish
