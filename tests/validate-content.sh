#!/bin/sh
# SPDX-License-Identifier: MIT
# Validates every shipped content file against the OASIS DITA 1.3 DTDs
# (offline, with the catalog in $DITA_DTD_DIR).  Skips when the DTDs or
# xmllint are not available.
. "$top_srcdir/tests/lib.sh"

catalog=${DITA_DTD_DIR:-}/dtd/catalog.xml
if [ -z "${XMLLINT:-}" ] || [ ! -x "$XMLLINT" ]; then
	echo "SKIP: xmllint not found (install libxml2-utils)"
	exit 77
fi
if [ ! -f "$catalog" ]; then
	echo "SKIP: no DITA 1.3 DTDs at ${DITA_DTD_DIR:-(unset)} (configure --with-dita-dtd=DIR)"
	exit 77
fi
XML_CATALOG_FILES=$catalog
export XML_CATALOG_FILES

n=0
for f in "$top_srcdir"/content/*.dita "$top_srcdir"/content/*.ditamap; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	if "$XMLLINT" --noout --valid --nonet --huge "$f" 2>"$T/err"; then
		:
	else
		fail "$(basename "$f") is not valid DITA 1.3"
		sed 's/^/  /' "$T/err" | head -20
	fi
done
[ "$n" -gt 0 ] || fail "no content files found in $top_srcdir/content"
echo "validated $n content files"
finish
