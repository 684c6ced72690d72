#!/bin/sh
# SPDX-License-Identifier: MIT
# enrollkb-import over every article in ../shared/sources (real Microsoft
# articles, not shipped; skipped when the folder is absent): the import
# exits 0 or 1, the pack is valid DITA 1.3, loads with --validate, and
# searching for an article's error code or message puts its topic first.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/import/lib.sh"

src=${SHARED_SOURCES:-}
if [ ! -d "$src" ] || ! ls "$src"/*.md >/dev/null 2>&1; then
	echo "SKIP: no shared sources at ${src:-(unset)}"
	exit 77
fi

"$ENROLLKB_IMPORT" -o "$T/pack" "$src" >"$T/import.out" 2>"$T/import.err"
rc=$?
if [ "$rc" -le 1 ]; then
	pass "import of $src exits $rc"
else
	fail "import of $src exits $rc"
fi
sed 's/^/  import: /' "$T/import.err" | head -20
narticles=$(ls "$src"/*.md | grep -vc '/README\.md$')
nmain=0
for f in "$src"/*.md; do
	stem=$(basename "$f" .md)
	[ "$stem" = README ] && continue
	[ -f "$T/pack/$stem.dita" ] && nmain=$((nmain + 1))
done
[ "$nmain" -eq "$narticles" ] && pass "every article has its main topic ($nmain)" \
	|| fail "$nmain main topics for $narticles articles"
dtd_check "shared sources" "$T/pack"
load_check "shared sources" "$T/pack"

# probe QUERY ID: the first hit for QUERY is topic ID.
probe() {
	"$ENROLLKB" --no-builtin --content "$T/pack" --search "$1" >"$T/hits" 2>"$T/err"
	expect_first "search '$1'" "$2" "$T/hits"
}
while IFS='|' read -r query id; do
	[ -n "$query" ] || continue
	[ -f "$T/pack/$id.dita" ] || continue   # an article the sources no longer have
	probe "$query" "$id"
done <<'PROBES'
Keychain error -25244|keychain-error-enrolling-macos-devices
errSecInvalidOwnerEdit|keychain-error-enrolling-macos-devices
DeviceCapReached|troubleshoot-ios-enrollment-errors-devicecapreached
AccountNotOnboarded|troubleshoot-ios-enrollment-errors-accountnotonboarded
0x80CF0437|troubleshoot-device-enrollment-in-intune-0x80cf0437
0x80070032|troubleshoot-device-enrollment-in-intune-0x80070032
Invalid cursor|troubleshoot-ios-enrollment-errors-invalid-cursor
Expired or invalid token|troubleshoot-ios-enrollment-errors-expired-or-invalid-token
Awaiting final configuration|device-stuck-in-enrollment
Guided Access app unavailable|device-stuck-in-enrollment
We can't update enrollment now|cannot-update-enrollment
The new MDM payload does not match the old payload|profile-installation-failed-error-profile-installation-failed-the-new-mdm-payload-does
Your Mac cannot be enrolled at this time|keychain-error-enrolling-macos-devices
macOS virtual machine enrollment|troubleshoot-macos-vm-enrollment
AD FS SupportMultipleDomain multiple verified domains|troubleshoot-device-enrollment-in-intune-unable-to-sign-in-or-enroll-devices-when-you-have-multiple
PROBES

# Provenance: the source page, the dates and file:line of a known topic.
k=$T/pack/keychain-error-enrolling-macos-devices.dita
if [ -f "$k" ]; then
	expect_grep "source URL" '<source href="https://learn.microsoft.com/troubleshoot/mem/intune/device-enrollment/keychain-error-enrolling-macos-devices" format="html" scope="external">Keychain error -25244 when enrolling macOS devices in Intune</source>' "$k"
	expect_grep "ms.date as created" '<created date="2025-02-11"/>' "$k"
	expect_grep "source file and line" '<data name="source-file" value="[^"]*keychain-error-enrolling-macos-devices\.md:[0-9]+"/>' "$k"
	expect_grep "steps for the checklist" '<step>' "$k"
fi
finish
