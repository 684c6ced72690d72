# SPDX-License-Identifier: MIT
# tests/import/lib.sh: helpers for the enrollkb-import tests (sourced after
# tests/lib.sh).  Environment from Makefile.am: ENROLLKB_IMPORT, XMLLINT,
# DITA_DTD_DIR, SHARED_SOURCES.

: "${ENROLLKB_IMPORT:?run through make check}"

# A fixed import date, so expected files can hold it.
IMPORT_EPOCH=1767225600     # 2026-01-01

have_dtds() {
	[ -n "${XMLLINT:-}" ] && [ -x "$XMLLINT" ] && [ -f "${DITA_DTD_DIR:-}/dtd/catalog.xml" ]
}

# dtd_check NAME DIR: every topic and map in DIR is valid DITA 1.3.
dtd_check() {
	if ! have_dtds; then
		echo "skip: $1: no xmllint or DITA DTDs"
		return 0
	fi
	if XML_CATALOG_FILES=$DITA_DTD_DIR/dtd/catalog.xml \
		"$XMLLINT" --noout --valid --nonet --huge "$2"/*.dita "$2"/*.ditamap 2>"$T/dtd"; then
		pass "$1: valid against the DITA 1.3 DTDs"
	else
		fail "$1: not valid DITA 1.3"
		sed 's/^/  /' "$T/dtd" | head -20
	fi
}

# load_check NAME DIR: enrollkb loads the pack with --validate, exit 0 and
# no diagnostic at all.
load_check() {
	expect_rc 0 "$1: enrollkb --validate exits 0" \
		"$ENROLLKB" --no-builtin --content "$2" --validate || return 0
	if [ -s "$T/out" ]; then
		fail "$1: enrollkb --validate reports problems"
		sed 's/^/  /' "$T/out" | head -20
	else
		pass "$1: enrollkb --validate reports nothing"
	fi
}
