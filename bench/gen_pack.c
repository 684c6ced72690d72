/* SPDX-License-Identifier: MIT */
/* gen_pack.c: writes a synthetic content pack for the benchmark and the
 * queries to run against it.
 *
 *   gen_pack [-n N] [-s SEED] [-q QUERYFILE] [-Q NQUERIES] [-v] DIR
 *
 * DIR/pack.ditamap plus N DITA 1.3 troubleshooting topics DIR/<id>.dita
 * that look like the shipped ones: similar sizes, the domain's vocabulary
 * (Intune and Apple terms, UI labels and menu paths, CamelCase and
 * UPPER_SNAKE error codes, on-screen messages in msgph), several causes
 * with steps and substeps, notes, occasional log codeblocks and tables, and
 * internal xrefs between generated topics.  Only the element subset the
 * loader understands is used, in the order the OASIS DTDs require.
 *
 * The query file has one query a line, "class TAB expected-id TAB query"
 * (expected "-" when no single article is meant), in the classes the
 * benchmark reports: code, prefix, message, typo, runtogether, phrase, log,
 * nomatch.
 *
 * Output is a function of N and SEED only (own PRNG, integer arithmetic),
 * so a pack can be regenerated and reused by key. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "strbuf.h"
#include "xalloc.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- PRNG: splitmix64 (tiny, fast, same on every platform) -------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0; the bias of a plain modulo is irrelevant here. */
static size_t below(size_t n)
{
	return (size_t)(rnd() % n);
}

static size_t range(size_t lo, size_t hi)
{
	return lo + below(hi - lo + 1);
}

static bool chance(unsigned percent)
{
	return below(100) < percent;
}

/* Square root for the statistics line, without libm. */
static double isqrt_d(double v)
{
	double x = v > 1 ? v : 1;

	if (v <= 0)
		return 0;
	for (int i = 0; i < 64; i++)
		x = (x + v / x) / 2;
	return x;
}

#define PICK(a) ((a)[below(COUNT(a))])

/* ---- Vocabulary ----------------------------------------------------------
 * Strings below are XML-ready (escaped) unless said otherwise. */

/* CamelCase parts of error codes. */
static const char *const code_nouns[] = {
	"Device", "Profile", "Token", "Enrollment", "Certificate", "Account",
	"License", "Policy", "Payload", "Session", "Tenant", "User", "Apns",
	"Mdm", "Dep", "Vpp", "Sync", "Cursor", "Assignment", "Restriction",
	"Compliance", "Portal", "Authority", "Identity", "Federation",
	"Endpoint", "Configuration", "Management", "Serial", "Activation",
	"Supervision", "Attestation", "Passcode", "Escrow", "Bootstrap",
	"Affinity", "Group", "Role", "Consent", "Notification", "Push",
	"Channel", "Network", "Proxy", "Gateway", "Catalog", "Bundle", "Asset",
	"Keychain", "Vpn", "Wifi", "Scep", "Pkcs", "Lobby", "Kiosk", "Setup",
	"Assistant", "Cloud", "Directory", "Domain", "Federated", "Lock",
	"Wipe", "Retire", "Inventory", "Checkin", "Command", "Queue", "Agent",
	"Store", "Volume", "Purchase", "Program", "Server", "Client", "Request",
	"Response", "Manifest", "Signature", "Cap", "Quota", "Limit", "Mode",
	"Shared", "Ipad", "Iphone", "Apple", "Managed", "Store", "Terms"
};
static const char *const code_states[] = {
	"Expired", "Invalid", "NotFound", "Missing", "Denied", "Blocked",
	"Mismatch", "Timeout", "Unavailable", "Reached", "Exceeded", "Revoked",
	"Disabled", "NotSupported", "NotOnboarded", "NotDefined", "Rejected",
	"Failed", "Conflict", "Locked", "Pending", "Stale", "Corrupt",
	"Throttled", "Unreachable", "Unknown", "Duplicate", "Unauthorized",
	"NotAccepted", "NotAssigned", "NotReady", "Error", "Interrupted",
	"Unverified", "Untrusted", "Malformed", "Overflow", "Suspended"
};

/* Abbreviation and expansion pairs for keywords and prose. */
static const char *const abbrevs[][2] = {
	{ "ADE", "Automated Device Enrollment" },
	{ "DEP", "Device Enrollment Program" },
	{ "ABM", "Apple Business Manager" },
	{ "ASM", "Apple School Manager" },
	{ "MFA", "multi-factor authentication" },
	{ "VPP", "Volume Purchase Program" },
	{ "APNs", "Apple Push Notification service" },
	{ "MDM", "mobile device management" },
	{ "T&amp;C", "terms and conditions" },
	{ "MEM", "Microsoft Endpoint Manager admin center" },
	{ "Azure AD", "Azure Active Directory" },
	{ "UPN", "user principal name" },
	{ "CSR", "certificate signing request" },
	{ "DEM", "device enrollment manager" },
	{ "SCEP", "Simple Certificate Enrollment Protocol" },
	{ "AD FS", "Active Directory Federation Services" }
};

static const char *const generic_keywords[] = {
	"enrollment", "enrollment profile", "enrollment program token",
	"Company Portal", "management profile", "device limit",
	"Enrollment restrictions", "Device Type Restrictions", "token sync",
	"sync token errors", "Intune license", "Apple ID", "Managed Apple ID",
	"Setup Assistant", "supervised mode", "user affinity",
	"Shared iPad", "Single App Mode", "Activation Lock", "remote wipe",
	"serial number", "push certificate", "MDM server", "Intune support",
	"Conditional Access", "compliance policy", "device category",
	"Device Management", "Profile status", "Blocked", "Tenant administration",
	"Connectors and tokens", "Apple VPP Tokens", "Microsoft 365 admin center",
	"Azure portal", "federated authentication", "WS-Trust 1.3",
	"government cloud", "network connection", "proxy", "firewall",
	"certificate", "renew", "unenroll", "retire", "Safari", "cookies"
};

static const char *const subjects[] = {
	"The user", "The device", "The enrollment profile", "The ADE token",
	"The APNs certificate", "The Company Portal app", "The MDM server",
	"The Intune tenant", "The VPP token", "The management profile",
	"Azure AD", "The device enrollment manager account", "The Apple ID",
	"The enrollment restriction", "The enrollment program token",
	"The user's license", "The federation server", "The proxy",
	"The configuration profile", "The compliance policy",
	"The Managed Apple ID", "The Wi-Fi profile", "The SCEP certificate",
	"Apple Business Manager", "Apple School Manager", "The device category"
};
static const char *const predicates[] = {
	"has expired", "was renewed with a different Apple ID",
	"isn't assigned to the device", "is blocked by a device type restriction",
	"was deleted in Apple Business Manager", "reached the device limit",
	"doesn't have an Intune license", "isn't synced with Apple",
	"uses an authentication method that isn't supported",
	"is still managed by another MDM provider",
	"lost network access during Setup Assistant",
	"was assigned to a different MDM server", "is out of licenses",
	"is being used by another tenant", "was changed after the last sync",
	"has a support phone number in the wrong format",
	"has a name that is too long", "was created for the wrong platform",
	"can't reach the Apple servers", "blocks the required URLs",
	"hasn't accepted the latest terms and conditions",
	"isn't set as the MDM authority", "is signed with an untrusted certificate",
	"requires multi-factor authentication that the device can't complete",
	"points to a department that no longer exists",
	"was revoked in the Apple Push Certificates Portal",
	"is enrolled in a different Intune tenant",
	"isn't a member of the targeted group",
	"has Activation Lock turned on", "is running an iOS version that is too old"
};
static const char *const tails[] = {
	"", "", "", " after the last sync", " during Setup Assistant",
	" while the device was offline", " for more than 24 hours",
	" on supervised devices only", " in the government cloud",
	" when multi-factor authentication is required", " after a restore from backup",
	" since the token was last renewed", " for devices added in bulk",
	" after the tenant was migrated", " when the user signs in with a UPN suffix that isn't verified"
};
static const char *const consequences[] = {
	"new devices can't enroll", "the device stays on the enrollment screen",
	"Intune can't send commands to the device",
	"the device shows as noncompliant", "apps assigned with VPP don't install",
	"the token sync stops", "the device never reaches the home screen",
	"existing devices stop checking in", "users are asked to sign in again and again",
	"the profile isn't installed"
};
static const char *const facts[] = {
	"Unless it has been changed, the limit is 15.",
	"The certificate is valid for one year and must be renewed with the same Apple ID.",
	"Changes can take up to 24 hours to reach the device.",
	"A sync runs every 12 hours; a manual sync can be started once every 15 minutes.",
	"Only a user with the Administrator role in ABM or ASM can accept the new terms.",
	"Devices that were added before the change keep the old profile until they are reset.",
	"Every enrolled device uses an Intune license.",
	"The support phone number may hold digits, spaces and the characters + - ( ) only.",
	"The profile name can't be longer than 255 characters.",
	"Supervised devices can be wiped remotely without the user's help.",
	"The Company Portal app must be installed from the App Store or with VPP.",
	"A device enrollment manager account can enroll up to 1,000 devices.",
	"Apple keeps the old token for 30 days after it is replaced.",
	"The device must be able to reach the Apple and Intune endpoints on port 443.",
	"A wipe removes all data from the device, including personal data.",
	"The restriction with the lowest priority number wins."
};

/* On-screen messages (unescaped pieces joined at run time, then escaped). */
static const char *const msg_things[] = {
	"The enrollment profile", "Your device", "This token", "The management profile",
	"Company Portal", "The configuration for your iPhone", "Your account",
	"The configuration for your iPad", "This device", "The certificate",
	"The server", "Your organization", "The app", "The VPN profile",
	"The Wi-Fi profile", "Device management", "The payload", "Your Apple ID"
};
static const char *const msg_fails[] = {
	"could not be downloaded", "is not supported", "has expired",
	"was rejected by the server", "is temporarily unavailable",
	"could not be verified", "is already in use", "is out of licenses",
	"is not authorized to use Microsoft Intune", "couldn\xe2\x80\x99t be installed",
	"could not be established", "was deleted", "is being used by another service",
	"does not match the old payload", "cannot be reached", "is not valid",
	"requires an update", "is locked", "has not been approved",
	"is managed by another organization"
};
static const char *const msg_tails[] = {
	"", "", " Please contact your administrator.", " Try again later.",
	" Contact your IT support.", " Check your network connection.",
	" Sign in again.", " Restart the device and try again."
};
static const char *const msg_prefixes[] = {
	"", "", "", "Profile Installation Failed. ", "Enrollment Failed. ",
	"Cannot Connect. ", "Invalid Profile. ", "Sync failed. ",
	"Awaiting final configuration. ", "Unable to sync. "
};

static const char *const portals[][2] = {
	{ "Microsoft Endpoint Manager admin center", "https://go.microsoft.com/fwlink/?linkid=2109431" },
	{ "Intune user portal", "https://portal.manage.microsoft.com/" },
	{ "Apple Business Manager", "https://business.apple.com/" },
	{ "Apple School Manager", "https://school.apple.com/" },
	{ "Apple Push Certificates Portal", "https://identity.apple.com/" },
	{ "Microsoft 365 admin center", "https://admin.microsoft.com" },
	{ "Azure portal", "https://portal.azure.com/" }
};
static const char *const learn_pages[] = {
	"mem/intune/enrollment/ios-enroll",
	"mem/intune/enrollment/device-enrollment-program-enroll-ios",
	"mem/intune/enrollment/apple-mdm-push-certificate-get",
	"mem/intune/enrollment/enrollment-restrictions-set",
	"mem/intune/apps/vpp-apps-ios",
	"mem/intune/fundamentals/licenses-assign",
	"mem/intune/remote-actions/devices-wipe",
	"mem/intune/enrollment/device-enrollment-manager-enroll",
	"mem/intune/enrollment/apple-configurator-enroll-ios",
	"mem/get-support"
};
static const char *const learn_titles[] = {
	"Set up iOS/iPadOS device enrollment", "Automated Device Enrollment",
	"Get an Apple MDM push certificate", "Set enrollment restrictions",
	"Manage Apple volume-purchased apps", "Assign licenses to users",
	"Remove devices by using wipe, retire, or manually unenrolling the device",
	"Enroll devices with a device enrollment manager account",
	"Set up enrollment with Apple Configurator", "Intune support"
};

/* Menu paths in the admin center, as uicontrol sequences. */
static const char *const menus[][6] = {
	{ "Devices", "All Devices", NULL },
	{ "Devices", "iOS/iPadOS", "iOS/iPadOS enrollment", "Enrollment program tokens", NULL },
	{ "Devices", "iOS/iPadOS", "iOS/iPadOS enrollment", "Apple MDM Push certificate", NULL },
	{ "Devices", "Enrollment restrictions", NULL },
	{ "Devices", "Enrollment restrictions", "Device limit restrictions", NULL },
	{ "Devices", "Compliance policies", "Policies", NULL },
	{ "Devices", "Configuration profiles", "Create profile", NULL },
	{ "Devices", "iOS/iPadOS", "Configuration profiles", NULL },
	{ "Tenant administration", "Connectors and tokens", "Apple VPP Tokens", NULL },
	{ "Tenant administration", "Roles", "All roles", NULL },
	{ "Apps", "All apps", "Add", NULL },
	{ "Apps", "iOS/iPadOS", "App configuration policies", NULL },
	{ "Users", "Active Users", NULL },
	{ "Groups", "All groups", "New group", NULL },
	{ "Endpoint security", "Conditional access", NULL },
	{ "Devices", "Enroll devices", "Device enrollment managers", NULL },
	{ "Devices", "iOS/iPadOS", "iOS/iPadOS enrollment", "Enrollment program tokens", "token name", NULL }
};
static const char *const device_menus[][5] = {
	{ "Settings", "General", "Device Management", NULL },
	{ "Settings", "General", "VPN &amp; Device Management", NULL },
	{ "Settings", "General", "About", NULL },
	{ "Settings", "Safari", "Clear History and Website Data", NULL },
	{ "Settings", "Screen Time", "Content &amp; Privacy Restrictions", NULL },
	{ "Settings", "General", "Transfer or Reset iPhone", NULL }
};
static const char *const ui_labels[] = {
	"Sync", "Save", "OK", "Allow", "Block", "Renew", "Delete", "Retire", "Wipe",
	"Assign profile", "Properties", "Manage", "Edit", "Review + save",
	"Set up", "Download your CSR", "Upload", "Devices", "Profiles", "Assignments",
	"Default profile", "Set as default", "Platform settings", "Select platforms",
	"Configure platforms", "Device Type Restrictions", "Profile status",
	"Serial number", "Enrollment status", "Last check-in", "Remove Management",
	"Install", "Trust", "Continue", "Sign in", "Accept", "Check compliance",
	"Remote Management", "Apps", "Licenses", "Product licenses", "Priority"
};
static const char *const roles[] = {
	"Administrator", "Intune Administrator", "Global Administrator",
	"Device Enrollment Manager", "Help Desk Operator", "School Manager",
	"People Manager", "Content Manager"
};
static const char *const commands[] = {
	"Get-AdfsEndpoint", "Set-AdfsProperties", "Get-MgDeviceManagementManagedDevice",
	"Invoke-MgSyncDeviceManagementManagedDevice", "Get-MgUserLicenseDetail",
	"Connect-MgGraph", "Test-NetConnection", "Get-AzureADUser",
	"Set-MsolDomainAuthentication", "nslookup"
};
static const char *const device_models[] = {
	"iPhone 12", "iPhone 13 mini", "iPhone 14 Pro", "iPhone 15", "iPhone SE",
	"iPad (9th generation)", "iPad Air", "iPad Pro", "iPad mini"
};
static const char *const ios_versions[] = {
	"15.7", "16.1", "16.4.1", "16.6", "17.0", "17.2", "17.4.1", "18.0"
};
static const char *const orgs[] = {
	"Contoso", "Fabrikam", "Woodgrove", "Northwind", "Tailspin", "Litware",
	"Adatum", "Proseware", "Lamna", "Wingtip"
};
static const char *const purposes[] = {
	"Kiosk", "Shared", "Field", "Sales", "Retail", "Clinic", "Classroom",
	"Warehouse", "Exec", "Pilot"
};
static const char *const daemons[] = {
	"mdmd", "profiled", "dmd", "apsd", "mobileassetd", "cloudconfigurationd",
	"teslad", "ManagedConfiguration", "storedownloadd", "appstored"
};
static const char *const log_levels[] = { "Notice", "Error", "Warning", "Debug" };
static const char *const months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* Multi-word symptom phrases as people type them (query class "phrase"). */
static const char *const symptoms[] = {
	"device stuck on enrollment screen", "enrollment fails", "profile installation failed",
	"token sync fails", "company portal sign in loop", "device not compliant",
	"devices inactive", "push notifications not delivered", "activation lock",
	"setup assistant hangs", "vpp app not installing", "apns certificate expired",
	"cannot enroll ipad", "user not licensed", "too many devices",
	"enrollment profile not assigned", "awaiting final configuration",
	"network error during enrollment", "mdm payload mismatch", "token expired",
	"terms and conditions not accepted", "device limit reached", "invalid profile",
	"support phone number invalid", "serial number not found in intune",
	"wipe device and enroll again", "authentication does not redirect",
	"multi-factor authentication at login", "connection to the server could not be established",
	"remove management profile"
};

/* Category heads of the map: the shipped four, then a few more. */
static const char *const heads[] = {
	"Enrollment errors", "Stuck screens", "Token sync", "Other issues",
	"Certificates and push", "App deployment", "Compliance and access",
	"Sign-in and identity"
};

/* Syllables for made-up names (apps, tenants): a long tail of rare words,
 * as a real knowledge base has. */
static const char *const syl[] = {
	"bra", "ven", "tor", "lum", "qui", "sar", "del", "mon", "rik", "tal",
	"zen", "pha", "cor", "dri", "fen", "gal", "hix", "jor", "kel", "mar",
	"nob", "pel", "rov", "sil", "tun", "vor", "wex", "yal", "bel", "cas"
};

/* ---- Output helpers ----------------------------------------------------- */

static void sb_esc(struct strbuf *sb, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '<': sb_puts(sb, "&lt;"); break;
		case '>': sb_puts(sb, "&gt;"); break;
		case '&': sb_puts(sb, "&amp;"); break;
		default: sb_putc(sb, *s);
		}
}

static void indent(struct strbuf *sb, int level)
{
	for (int i = 0; i < level; i++)
		sb_puts(sb, "  ");
}

static char *made_up_word(size_t nsyl, bool capital)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < nsyl; i++)
		sb_puts(&sb, PICK(syl));
	if (capital)
		sb.s[0] = (char)(sb.s[0] - 'a' + 'A');
	return sb_detach(&sb);
}

/* ---- One topic's identity ----------------------------------------------- */

enum kind { K_CODE, K_MESSAGE, K_TOKEN, K_STUCK };

struct topic {
	char *id;
	char *code;          /* primary error code (plain ASCII) */
	char *code2;         /* a second one, or NULL */
	char *code_human;    /* "Device Cap Reached" */
	char *msg;           /* on-screen message, plain UTF-8 */
	char *msg2;          /* a second message, or NULL */
	char *app;           /* made-up app name, or NULL */
	enum kind kind;
	size_t head, head2;  /* map heads; head2 == head when listed once */
};

/* Code words, for the human form, the id and the queries. */
struct words {
	const char *v[4];
	size_t n;
};

static void camel_split(const char *code, struct strbuf *out, char sep, bool lower)
{
	for (const char *p = code; *p; p++) {
		bool up = *p >= 'A' && *p <= 'Z';

		if (p != code && up && !(p[-1] >= 'A' && p[-1] <= 'Z'))
			sb_putc(out, sep);
		sb_putc(out, lower && up ? (char)(*p - 'A' + 'a') : *p);
	}
}

struct codeset {
	char **slots;
	size_t n;
};

static uint64_t hash_str(const char *s)
{
	return hash_fnv1a64_str(HASH_FNV1A64_INIT, s);
}

/* Adds s when new; false when it was there already. */
static bool codeset_add(struct codeset *cs, const char *s)
{
	size_t i = (size_t)(hash_str(s) % cs->n);

	while (cs->slots[i]) {
		if (strcmp(cs->slots[i], s) == 0)
			return false;
		i = (i + 1) % cs->n;
	}
	cs->slots[i] = xstrdup(s);
	return true;
}

static char *make_code(struct codeset *cs, struct words *w)
{
	for (;;) {
		struct strbuf sb = STRBUF_INIT;
		size_t nn = chance(70) ? 2 : (chance(50) ? 1 : 3);
		bool snake = chance(25);

		w->n = 0;
		for (size_t i = 0; i < nn; i++) {
			const char *n = PICK(code_nouns);

			if (i > 0 && strcmp(n, w->v[i - 1]) == 0)
				n = "Service";
			w->v[w->n++] = n;
		}
		w->v[w->n++] = PICK(code_states);
		for (size_t i = 0; i < w->n; i++) {
			if (!snake) {
				sb_puts(&sb, w->v[i]);
				continue;
			}
			if (i)
				sb_putc(&sb, '_');
			struct strbuf part = STRBUF_INIT;

			camel_split(w->v[i], &part, '_', false);
			for (char *p = part.s; *p; p++)
				if (*p >= 'a' && *p <= 'z')
					*p = (char)(*p - 'a' + 'A');
			sb_puts(&sb, part.s);
			sb_free(&part);
		}
		if (chance(8))
			sb_printf(&sb, ":%zu", range(1, 99));
		if (codeset_add(cs, sb_str(&sb)))
			return sb_detach(&sb);
		sb_free(&sb);
	}
}

static char *make_message(void)
{
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb, PICK(msg_prefixes));
	sb_puts(&sb, PICK(msg_things));
	sb_putc(&sb, ' ');
	sb_puts(&sb, PICK(msg_fails));
	sb_putc(&sb, '.');
	sb_puts(&sb, PICK(msg_tails));
	return sb_detach(&sb);
}

static void make_topic(struct topic *t, size_t i, struct codeset *cs)
{
	struct words w;
	struct strbuf sb = STRBUF_INIT;
	size_t r = below(100);

	t->kind = r < 45 ? K_CODE : r < 75 ? K_MESSAGE : r < 90 ? K_TOKEN : K_STUCK;
	t->code = make_code(cs, &w);
	for (size_t k = 0; k < w.n; k++) {
		if (k)
			sb_putc(&sb, ' ');
		camel_split(w.v[k], &sb, ' ', false);
	}
	t->code_human = sb_detach(&sb);
	t->code2 = NULL;
	if (chance(20)) {
		struct words w2;

		t->code2 = make_code(cs, &w2);
	}
	t->msg = make_message();
	t->msg2 = chance(35) ? make_message() : NULL;
	t->app = NULL;
	if (chance(40)) {
		char *a = made_up_word(range(2, 3), true);

		t->app = xasprintf("%s %s", a, chance(50) ? "Notes" : PICK(purposes));
		free(a);
	}
	/* The id: the code's words, lowercased and hyphenated, made unique. */
	for (size_t k = 0; k < w.n; k++) {
		if (k)
			sb_putc(&sb, '-');
		camel_split(w.v[k], &sb, '-', true);
	}
	sb_printf(&sb, "-%05zu", i + 1);
	t->id = sb_detach(&sb);
	switch (t->kind) {
	case K_TOKEN: t->head = 2; break;
	case K_STUCK: t->head = 1; break;
	default: t->head = chance(50) ? 0 : PICK(((const size_t[]){ 3, 4, 5, 6, 7 }));
	}
	t->head2 = chance(5) ? below(COUNT(heads)) : t->head;
}

/* ---- Inline fragments ----------------------------------------------------- */

struct gen {
	struct topic *topics;
	size_t n;
	const struct topic *t;    /* the topic being written */
	struct strbuf *sb;
};

static void put_msgph(struct gen *g, const char *plain)
{
	sb_puts(g->sb, "<msgph>");
	sb_esc(g->sb, plain);
	sb_puts(g->sb, "</msgph>");
}

static void put_msgnum(struct gen *g, const char *code)
{
	sb_puts(g->sb, "<msgnum>");
	sb_esc(g->sb, code);
	sb_puts(g->sb, "</msgnum>");
}

static void put_menu(struct gen *g, bool device)
{
	const char *const *m = device ? device_menus[below(COUNT(device_menus))]
				      : menus[below(COUNT(menus))];

	sb_puts(g->sb, "<menucascade>");
	for (; *m; m++)
		sb_printf(g->sb, "<uicontrol>%s</uicontrol>", *m);
	sb_puts(g->sb, "</menucascade>");
}

static void put_portal(struct gen *g)
{
	size_t p = chance(60) ? 0 : below(COUNT(portals));

	sb_printf(g->sb, "<xref href=\"%s\" format=\"html\" scope=\"external\">%s</xref>",
		  portals[p][1], portals[p][0]);
}

static void put_learn(struct gen *g)
{
	size_t p = below(COUNT(learn_pages));

	sb_printf(g->sb, "<xref href=\"https://learn.microsoft.com/%s\" format=\"html\" "
		  "scope=\"external\">%s</xref>", learn_pages[p], learn_titles[p]);
}

static void put_internal_xref(struct gen *g)
{
	const struct topic *o = &g->topics[below(g->n)];

	if (o == g->t)
		o = &g->topics[(size_t)(o - g->topics + 1) % g->n];
	sb_printf(g->sb, "<xref href=\"%s.dita\" format=\"dita\"/>", o->id);
}

static void put_lower_first(struct gen *g, const char *s)
{
	if (s[0] == 'T' && s[1] == 'h' && s[2] == 'e' && s[3] == ' ')
		sb_putc(g->sb, 't'), sb_puts(g->sb, s + 1);
	else
		sb_puts(g->sb, s);
}

static void put_profile_name(struct gen *g)
{
	sb_printf(g->sb, "<varname>%s-%s-%s-%02zu</varname>", PICK(orgs),
		  chance(50) ? "iPad" : "iPhone", PICK(purposes), range(1, 40));
}

/* A cause sentence. */
static void put_cause_sentence(struct gen *g)
{
	const char *s = PICK(subjects);

	sb_puts(g->sb, s);
	sb_putc(g->sb, ' ');
	sb_puts(g->sb, PICK(predicates));
	sb_puts(g->sb, PICK(tails));
	sb_puts(g->sb, ", so ");
	sb_puts(g->sb, PICK(consequences));
	sb_puts(g->sb, ".");
}

/* A step's command, with UI markup. */
static void put_cmd(struct gen *g)
{
	const struct topic *t = g->t;

	switch (below(14)) {
	case 0:
		sb_puts(g->sb, "In the ");
		put_portal(g);
		sb_puts(g->sb, ", go to ");
		put_menu(g, false);
		sb_puts(g->sb, ".");
		break;
	case 1:
		sb_printf(g->sb, "Select <uicontrol>%s</uicontrol>, then choose <uicontrol>%s</uicontrol>.",
			  PICK(ui_labels), PICK(ui_labels));
		break;
	case 2:
		sb_puts(g->sb, "Sign in to the ");
		put_portal(g);
		sb_printf(g->sb, " with an account that has the %s role.", PICK(roles));
		break;
	case 3:
		sb_puts(g->sb, "On the device, go to ");
		put_menu(g, true);
		sb_puts(g->sb, " and check which management profile is installed.");
		break;
	case 4:
		sb_puts(g->sb, "Check that ");
		put_lower_first(g, PICK(subjects));
		sb_puts(g->sb, " is valid and assigned to the right users.");
		break;
	case 5:
		sb_printf(g->sb, "Run <cmdname>%s</cmdname> and confirm that the output lists the expected endpoint.",
			  PICK(commands));
		break;
	case 6:
		sb_puts(g->sb, "Remove the device from ");
		put_menu(g, false);
		sb_puts(g->sb, " and enroll it again.");
		break;
	case 7:
		sb_printf(g->sb, "Renew the %s and upload it to Intune.",
			  chance(50) ? "Apple MDM push certificate" : "enrollment program token");
		break;
	case 8:
		sb_puts(g->sb, "Assign the ");
		put_profile_name(g);
		sb_puts(g->sb, " enrollment profile to the device again.");
		break;
	case 9:
		sb_printf(g->sb, "Wait for the next sync (up to %zu hours), or select <uicontrol>Sync</uicontrol> to sync now.",
			  range(1, 24));
		break;
	case 10:
		if (t->app)
			sb_printf(g->sb, "Ask the user to restart the device and open %s again.", t->app);
		else
			sb_puts(g->sb, "Ask the user to restart the device and open the Company Portal app again.");
		break;
	case 11:
		sb_puts(g->sb, "If the device still reports ");
		put_msgnum(g, t->code);
		sb_puts(g->sb, ", collect the device log and contact ");
		put_learn(g);
		sb_puts(g->sb, ".");
		break;
	case 12:
		sb_printf(g->sb, "Under <uicontrol>%s</uicontrol>, set <uicontrol>%s</uicontrol> to <uicontrol>%s</uicontrol> and select <uicontrol>Save</uicontrol>.",
			  PICK(ui_labels), PICK(ui_labels), chance(50) ? "Yes" : "Allow");
		break;
	default:
		sb_puts(g->sb, "Enroll the device again.");
	}
}

static void put_condition_sentence(struct gen *g, bool first)
{
	const struct topic *t = g->t;

	switch (first ? below(4) : t->kind == K_TOKEN ? 7 : range(4, 6)) {
	case 0:
		sb_puts(g->sb, "During enrollment, the iOS/iPadOS device shows ");
		put_msgph(g, t->msg);
		sb_puts(g->sb, " and the enrollment stops with ");
		put_msgnum(g, t->code);
		sb_puts(g->sb, ".");
		break;
	case 1:
		sb_printf(g->sb, "Enrollment of an %s running iOS %s fails with ",
			  PICK(device_models), PICK(ios_versions));
		put_msgnum(g, t->code);
		sb_printf(g->sb, " (%s), and the user sees ", t->code_human);
		put_msgph(g, t->msg);
		sb_puts(g->sb, ".");
		break;
	case 2:
		sb_puts(g->sb, "The admin console reports ");
		put_msgnum(g, t->code);
		sb_puts(g->sb, " for the device, while the Company Portal app shows ");
		put_msgph(g, t->msg);
		sb_puts(g->sb, ".");
		break;
	case 3:
		sb_puts(g->sb, "After the user signs in, the device displays ");
		put_msgph(g, t->msg);
		sb_puts(g->sb, "; the enrollment log records ");
		put_msgnum(g, t->code);
		sb_puts(g->sb, ".");
		break;
	case 4:
		sb_puts(g->sb, "The same thing can also show up as ");
		put_msgph(g, t->msg2 ? t->msg2 : t->msg);
		if (t->code2) {
			sb_puts(g->sb, " with the code ");
			put_msgnum(g, t->code2);
		}
		sb_puts(g->sb, ".");
		break;
	case 5:
		sb_puts(g->sb, "This usually affects ");
		sb_puts(g->sb, chance(50) ? "ADE (DEP) devices" : "devices enrolled through the Company Portal app");
		sb_puts(g->sb, "; when ");
		put_msgph(g, t->msg);
		sb_puts(g->sb, " appears together with other errors, also see ");
		put_internal_xref(g);
		sb_puts(g->sb, ".");
		break;
	case 6:
		sb_puts(g->sb, "Users in the ");
		put_profile_name(g);
		sb_puts(g->sb, " group report that ");
		put_lower_first(g, PICK(consequences));
		sb_puts(g->sb, ".");
		break;
	default:
		sb_puts(g->sb, "Apple's reference for these errors: ");
		sb_puts(g->sb, "<xref href=\"https://developer.apple.com/documentation/devicemanagement/device_assignment/"
			"authenticating_with_a_device_enrollment_program_dep_server/interpreting_error_codes\" "
			"format=\"html\" scope=\"external\">Overall Token Sync errors</xref>.");
	}
}

/* One log line, plain text (the codeblock escapes it; queries paste it). */
static char *log_line(const struct topic *t)
{
	unsigned long long hex = (unsigned long long)(rnd() & UINT64_C(0xfffffffff));

	switch (below(3)) {
	case 0:
		return xasprintf("%s %2zu %02zu:%02zu:%02zu iPhone %s[%zu] <%s>: 0x%llx Client connection: %s %s",
				 PICK(months), range(1, 28), range(0, 23), range(0, 59), range(0, 59),
				 PICK(daemons), range(30, 999), PICK(log_levels), hex, t->code, t->msg);
	case 1:
		return xasprintf("%s[%zu] <%s>: %s (%s); terminating connection",
				 PICK(daemons), range(30, 999), PICK(log_levels), t->msg, t->code);
	default:
		return xasprintf("2024-%02zu-%02zuT%02zu:%02zu:%02zuZ %s[%zu] error=%s description=\"%s\" session=0x%llx",
				 range(1, 12), range(1, 28), range(0, 23), range(0, 59), range(0, 59),
				 PICK(daemons), range(30, 999), t->code, t->msg, hex);
	}
}

/* ---- Blocks --------------------------------------------------------------- */

static void put_p_open(struct gen *g, int lvl)
{
	indent(g->sb, lvl);
	sb_puts(g->sb, "<p>");
}

static void put_p_close(struct gen *g)
{
	sb_puts(g->sb, "</p>\n");
}

static void put_note(struct gen *g, int lvl)
{
	indent(g->sb, lvl);
	sb_printf(g->sb, "<note type=\"%s\">", chance(70) ? "note" : "important");
	sb_puts(g->sb, PICK(facts));
	if (chance(40)) {
		sb_puts(g->sb, " For details, see ");
		put_learn(g);
		sb_puts(g->sb, ".");
	} else if (chance(30)) {
		sb_puts(g->sb, " A related problem is described in ");
		put_internal_xref(g);
		sb_puts(g->sb, ".");
	}
	sb_puts(g->sb, "</note>\n");
}

static void put_table(struct gen *g, int lvl)
{
	size_t rows = range(3, 5);

	indent(g->sb, lvl);
	sb_puts(g->sb, "<simpletable>\n");
	indent(g->sb, lvl + 1);
	sb_puts(g->sb, "<sthead>\n");
	indent(g->sb, lvl + 2);
	sb_puts(g->sb, "<stentry>Setting</stentry>\n");
	indent(g->sb, lvl + 2);
	sb_puts(g->sb, "<stentry>Value</stentry>\n");
	indent(g->sb, lvl + 1);
	sb_puts(g->sb, "</sthead>\n");
	for (size_t r = 0; r < rows; r++) {
		indent(g->sb, lvl + 1);
		sb_puts(g->sb, "<strow>\n");
		indent(g->sb, lvl + 2);
		sb_printf(g->sb, "<stentry><uicontrol>%s</uicontrol></stentry>\n", PICK(ui_labels));
		indent(g->sb, lvl + 2);
		if (chance(30)) {
			sb_puts(g->sb, "<stentry>");
			put_profile_name(g);
			sb_puts(g->sb, "</stentry>\n");
		} else {
			sb_printf(g->sb, "<stentry><uicontrol>%s</uicontrol></stentry>\n",
				  PICK(((const char *const[]){ "Yes", "No", "Allow", "Block", "Not configured" })));
		}
		indent(g->sb, lvl + 1);
		sb_puts(g->sb, "</strow>\n");
	}
	indent(g->sb, lvl);
	sb_puts(g->sb, "</simpletable>\n");
}

static void put_codeblock(struct gen *g, int lvl)
{
	size_t lines = range(2, 4);

	indent(g->sb, lvl);
	sb_puts(g->sb, "<codeblock>");
	for (size_t i = 0; i < lines; i++) {
		char *l = log_line(g->t);

		if (i)
			sb_putc(g->sb, '\n');
		sb_esc(g->sb, l);
		free(l);
	}
	sb_puts(g->sb, "</codeblock>\n");
}

static void put_step(struct gen *g, int lvl, bool sub)
{
	const char *tag = sub ? "substep" : "step";

	indent(g->sb, lvl);
	sb_printf(g->sb, "<%s>\n", tag);
	indent(g->sb, lvl + 1);
	sb_puts(g->sb, "<cmd>");
	put_cmd(g);
	sb_puts(g->sb, "</cmd>\n");
	if (chance(sub ? 10 : 25)) {
		indent(g->sb, lvl + 1);
		sb_puts(g->sb, "<info>\n");
		if (chance(30)) {
			put_note(g, lvl + 2);
		} else {
			put_p_open(g, lvl + 2);
			sb_puts(g->sb, PICK(facts));
			if (chance(25)) {
				sb_puts(g->sb, " ");
				put_cause_sentence(g);
			}
			put_p_close(g);
		}
		indent(g->sb, lvl + 1);
		sb_puts(g->sb, "</info>\n");
	}
	if (!sub && chance(15)) {
		size_t n = range(2, 4);

		indent(g->sb, lvl + 1);
		sb_puts(g->sb, "<substeps>\n");
		for (size_t i = 0; i < n; i++)
			put_step(g, lvl + 2, true);
		indent(g->sb, lvl + 1);
		sb_puts(g->sb, "</substeps>\n");
	}
	if (chance(sub ? 4 : 8)) {
		indent(g->sb, lvl + 1);
		sb_puts(g->sb, "<stepresult>\n");
		put_p_open(g, lvl + 2);
		sb_puts(g->sb, "The device shows ");
		put_msgph(g, PICK(((const char *const[]){ "Sync successful", "Enrollment complete",
			"Profile Installed", "Your device is compliant", "Remote Management" })));
		sb_puts(g->sb, " and appears in the admin center.");
		put_p_close(g);
		indent(g->sb, lvl + 1);
		sb_puts(g->sb, "</stepresult>\n");
	}
	indent(g->sb, lvl);
	sb_printf(g->sb, "</%s>\n", tag);
}

static void put_solution(struct gen *g, size_t nsteps)
{
	struct strbuf *sb = g->sb;
	bool unordered = chance(6);

	sb_puts(sb, "    <troubleSolution>\n      <cause>\n");
	for (size_t i = 0, n = chance(15) ? 2 : 1; i < n; i++) {
		put_p_open(g, 4);
		put_cause_sentence(g);
		if (chance(20)) {
			sb_puts(sb, " ");
			sb_puts(sb, PICK(facts));
		}
		put_p_close(g);
	}
	if (chance(5))
		put_table(g, 4);
	if (chance(12))
		put_note(g, 4);
	sb_puts(sb, "      </cause>\n");
	/* A cause without a known fix keeps no remedy, as in the shipped pack. */
	if (chance(4)) {
		sb_puts(sb, "    </troubleSolution>\n");
		return;
	}
	sb_puts(sb, "      <remedy>\n");
	if (chance(8)) {
		sb_printf(sb, "        <responsibleParty>A user with the %s role.</responsibleParty>\n",
			  PICK(roles));
	}
	sb_puts(sb, unordered ? "        <steps-unordered>\n" : "        <steps>\n");
	for (size_t i = 0; i < nsteps; i++)
		put_step(g, 5, false);
	sb_puts(sb, unordered ? "        </steps-unordered>\n" : "        </steps>\n");
	sb_puts(sb, "      </remedy>\n    </troubleSolution>\n");
}

static void put_keywords(struct gen *g)
{
	const struct topic *t = g->t;
	struct strbuf *sb = g->sb;
	size_t extra = range(0, 6), nab = range(1, 3);

#define KW(s) do { sb_puts(sb, "        <keyword>"); s; sb_puts(sb, "</keyword>\n"); } while (0)
	KW(sb_esc(sb, t->code));
	KW(sb_esc(sb, t->code_human));
	if (t->code2)
		KW(sb_esc(sb, t->code2));
	KW(sb_esc(sb, t->msg));
	if (t->msg2)
		KW(sb_esc(sb, t->msg2));
	if (t->app)
		KW(sb_esc(sb, t->app));
	for (size_t i = 0; i < nab; i++) {
		size_t a = below(COUNT(abbrevs));

		KW(sb_puts(sb, abbrevs[a][0]));
		KW(sb_puts(sb, abbrevs[a][1]));
	}
	for (size_t i = 0; i < extra; i++)
		KW(sb_puts(sb, PICK(generic_keywords)));
#undef KW
}

static void put_title(struct gen *g)
{
	const struct topic *t = g->t;

	sb_puts(g->sb, "  <title>");
	switch (t->kind) {
	case K_CODE:
		sb_puts(g->sb, "Enrollment fails with ");
		put_msgnum(g, t->code);
		sb_printf(g->sb, " (%s)", t->code_human);
		break;
	case K_MESSAGE:
		put_msgph(g, t->msg);
		break;
	case K_TOKEN:
		put_msgph(g, t->code_human);
		sb_puts(g->sb, " (ADE/DEP token sync)");
		break;
	default:
		sb_printf(g->sb, "Device stuck for more than %zu minutes on ", range(5, 30));
		put_msgph(g, t->msg);
	}
	sb_puts(g->sb, "</title>\n");
}

static void write_topic(struct gen *g, const struct topic *t)
{
	struct strbuf *sb = g->sb;
	size_t nsol, steps_left;

	g->t = t;
	sb_truncate(sb, 0);
	sb_puts(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<!DOCTYPE troubleshooting PUBLIC \"-//OASIS//DTD DITA Troubleshooting//EN\" \"troubleshooting.dtd\">\n");
	sb_printf(sb, "<troubleshooting id=\"%s\" xml:lang=\"en-US\">\n", t->id);
	put_title(g);
	/* shortdesc is plain text */
	sb_puts(sb, "  <shortdesc>");
	sb_puts(sb, PICK(subjects));
	sb_printf(sb, " %s%s, so %s.", PICK(predicates), PICK(tails), PICK(consequences));
	sb_puts(sb, "</shortdesc>\n  <prolog>\n    <metadata>\n      <keywords>\n");
	put_keywords(g);
	sb_puts(sb, "      </keywords>\n    </metadata>\n  </prolog>\n  <troublebody>\n    <condition>\n");
	put_p_open(g, 3);
	put_condition_sentence(g, true);
	put_p_close(g);
	for (size_t i = 0, n = chance(40) ? 1 : 0; i < n; i++) {
		put_p_open(g, 3);
		put_condition_sentence(g, false);
		put_p_close(g);
	}
	if (t->msg2 && chance(40)) {
		sb_puts(sb, "      <ul>\n        <li>");
		put_msgph(g, t->msg);
		sb_puts(sb, "</li>\n        <li>");
		put_msgph(g, t->msg2);
		sb_puts(sb, "</li>\n      </ul>\n");
	}
	if (chance(7))
		put_codeblock(g, 3);
	if (chance(6)) {
		indent(sb, 3);
		sb_printf(sb, "<image href=\"media/%s-%zu.png\"><alt>The %s screen on the device</alt></image>\n",
			  PICK(daemons), range(1, 9), PICK(ui_labels));
	}
	sb_puts(sb, "    </condition>\n");
	/* Causes: 1 to 4, like the shipped pack; steps spread over them. */
	{
		size_t r = below(100);

		nsol = r < 62 ? 1 : r < 86 ? 2 : r < 95 ? 3 : 4;
	}
	steps_left = range(1, 2) + (chance(25) ? range(2, 5) : 0) + nsol - 1 + below(nsol);
	for (size_t s = 0; s < nsol; s++) {
		size_t n = s + 1 == nsol ? steps_left : range(1, steps_left - (nsol - s - 1));

		if (n == 0)
			n = 1;
		put_solution(g, n);
		steps_left = steps_left > n ? steps_left - n : 1;
	}
	sb_puts(sb, "  </troublebody>\n</troubleshooting>\n");
}

/* ---- Queries -------------------------------------------------------------- */

static void typo(struct strbuf *out, const char *w)
{
	size_t n = strlen(w), at = range(1, n - 2);
	char *s = xstrdup(w);

	switch (below(4)) {
	case 0: /* substitution */
		s[at] = s[at] == 'e' ? 'a' : 'e';
		sb_puts(out, s);
		break;
	case 1: /* deletion */
		sb_add(out, s, at);
		sb_puts(out, s + at + 1);
		break;
	case 2: /* insertion */
		sb_add(out, s, at);
		sb_putc(out, s[at]);
		sb_puts(out, s + at);
		break;
	default: { /* transposition */
		char c = s[at];

		if (s[at + 1] != c) {
			s[at] = s[at + 1];
			s[at + 1] = c;
		} else {
			s[at] = c == 'x' ? 'y' : 'x';
		}
		sb_puts(out, s);
	}
	}
	free(s);
}

/* Splits s (plain text) into words at spaces and punctuation; returns the
 * count, *out a malloc'd array of malloc'd words. */
static size_t words_of(const char *s, char ***out)
{
	char *copy = xstrdup(s), *save = NULL, *w;
	size_t n = 0, cap = 0;

	*out = NULL;
	for (w = strtok_r(copy, " .,;:_()\"", &save); w; w = strtok_r(NULL, " .,;:_()\"", &save)) {
		*out = xgrow(*out, &cap, n + 1, sizeof(**out));
		(*out)[n++] = xstrdup(w);
	}
	free(copy);
	return n;
}

static void free_words(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static char *nonsense(void)
{
	static const char *const odd[] = { "zq", "xq", "qj", "jx", "vq", "qz" };
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb, PICK(odd));
	sb_puts(&sb, PICK(syl));
	sb_puts(&sb, PICK(odd));
	return sb_detach(&sb);
}

static void write_queries(FILE *fp, const struct topic *topics, size_t n, size_t nq)
{
	static const char *const classes[] = {
		"code", "prefix", "message", "typo", "runtogether", "phrase", "log", "nomatch"
	};
	/* Shares in percent, in the order above. */
	static const unsigned share[] = { 15, 15, 15, 12, 12, 13, 8, 10 };
	struct strbuf q = STRBUF_INIT;

	for (size_t i = 0; i < nq; i++) {
		const struct topic *t = &topics[below(n)];
		size_t r = below(100), c = 0, acc = 0;
		const char *expect = t->id;
		char **w;
		size_t nw;

		for (c = 0; c < COUNT(share) - 1; c++) {
			acc += share[c];
			if (r < acc)
				break;
		}
		sb_truncate(&q, 0);
		switch (c) {
		case 0: /* exact code, sometimes typed in lowercase */
			sb_puts(&q, t->code);
			if (chance(25))
				lower(q.s);
			break;
		case 1: { /* a code's prefix as typed */
			size_t len = strlen(t->code);

			sb_add(&q, t->code, range(3, len > 4 ? len - 1 : 3));
			if (chance(40))
				lower(q.s);
			expect = "-";
			break;
		}
		case 2: { /* a fragment of an on-screen message */
			nw = words_of(t->msg, &w);
			size_t len = nw < 3 ? nw : range(3, nw < 6 ? nw : 6);
			size_t at = below(nw - len + 1);

			for (size_t k = 0; k < len; k++) {
				if (k)
					sb_putc(&q, ' ');
				sb_puts(&q, w[at + k]);
			}
			free_words(w, nw);
			expect = "-";    /* messages repeat across topics */
			break;
		}
		case 3: { /* one typo in a word of 5+ letters, maybe with a second word */
			struct strbuf h = STRBUF_INIT;
			size_t k, tries;

			camel_split(t->code, &h, ' ', true);
			nw = words_of(sb_str(&h), &w);
			sb_free(&h);
			for (tries = 0, k = below(nw); strlen(w[k]) < 5 && tries < nw; tries++)
				k = (k + 1) % nw;
			if (strlen(w[k]) < 5) {
				free_words(w, nw);
				nw = words_of("certificate enrollment profile", &w);
				k = below(nw);
			}
			typo(&q, w[k]);
			if (chance(50) && nw > 1) {
				sb_putc(&q, ' ');
				sb_puts(&q, w[(k + 1) % nw]);
			}
			free_words(w, nw);
			expect = "-";
			break;
		}
		case 4: { /* run-together words */
			struct strbuf h = STRBUF_INIT;

			if (chance(60)) {
				camel_split(t->code, &h, ' ', true);
				for (const char *p = sb_str(&h); *p && *p != ':'; p++)
					if (*p != ' ' && *p != '_')
						sb_putc(&q, *p);
				/* sometimes only the first two words, as typed */
				if (chance(30)) {
					nw = words_of(sb_str(&h), &w);
					sb_truncate(&q, 0);
					sb_puts(&q, w[0]);
					if (nw > 1)
						sb_puts(&q, w[1]);
					free_words(w, nw);
					expect = "-";
				}
			} else {
				nw = words_of(t->msg, &w);
				size_t at = nw > 2 ? below(nw - 2) : 0;

				for (size_t k = at; k < nw && k < at + 3; k++) {
					if (k == at + 2)
						sb_putc(&q, ' ');
					sb_puts(&q, w[k]);
				}
				lower(q.s);
				free_words(w, nw);
				expect = "-";
			}
			sb_free(&h);
			break;
		}
		case 5: /* a multi-word symptom phrase */
			sb_puts(&q, PICK(symptoms));
			expect = "-";
			break;
		case 6: { /* a pasted log line */
			char *l = log_line(t);

			sb_puts(&q, l);
			free(l);
			break;
		}
		default: { /* words that appear nowhere */
			char *a = nonsense();

			if (chance(50)) {
				char *b = nonsense();

				b[0] = (char)(b[0] - 'a' + 'A');
				a[0] = (char)(a[0] - 'a' + 'A');
				sb_printf(&q, "%s%sError", a, b);
				free(b);
			} else {
				sb_puts(&q, a);
				if (chance(50))
					sb_printf(&q, " %s", PICK(((const char *const[]){ "xylophone", "quarkflux", "blorbo" })));
			}
			free(a);
			expect = "-";
		}
		}
		fprintf(fp, "%s\t%s\t%s\n", classes[c], expect, sb_str(&q));
	}
	sb_free(&q);
}

/* ---- Map and main ----------------------------------------------------------- */

static int write_file(const char *dir, const char *name, const struct strbuf *sb)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "w");
	int rc = 0;

	if (!fp || fwrite(sb_str(sb), 1, sb->len, fp) != sb->len) {
		fprintf(stderr, "gen_pack: %s: %s\n", path, strerror(errno));
		rc = -1;
	}
	if (fp && fclose(fp) != 0 && rc == 0) {
		fprintf(stderr, "gen_pack: %s: %s\n", path, strerror(errno));
		rc = -1;
	}
	free(path);
	return rc;
}

static void write_map(struct strbuf *sb, const struct topic *topics, size_t n)
{
	sb_truncate(sb, 0);
	sb_puts(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<!DOCTYPE map PUBLIC \"-//OASIS//DTD DITA Map//EN\" \"map.dtd\">\n"
		"<map xml:lang=\"en-US\">\n"
		"  <title>Synthetic iOS/iPadOS enrollment troubleshooting (benchmark)</title>\n");
	/* the abbreviations as synonym sets, as a real pack has them: their
	 * expansion is part of what a query costs */
	for (size_t a = 0; a < COUNT(abbrevs); a++)
		sb_printf(sb, "  <keydef keys=\"syn-%zu\" outputclass=\"synonyms\"><topicmeta>"
			  "<navtitle>%s</navtitle><keywords><keyword>%s</keyword></keywords>"
			  "</topicmeta></keydef>\n", a, abbrevs[a][1], abbrevs[a][0]);
	for (size_t h = 0; h < COUNT(heads); h++) {
		sb_printf(sb, "  <topichead navtitle=\"%s\">\n", heads[h]);
		for (size_t i = 0; i < n; i++)
			if (topics[i].head == h || topics[i].head2 == h)
				sb_printf(sb, "    <topicref href=\"%s.dita\" type=\"troubleshooting\"/>\n",
					  topics[i].id);
		sb_puts(sb, "  </topichead>\n");
	}
	sb_puts(sb, "</map>\n");
}

static void usage(FILE *fp)
{
	fputs("Usage: gen_pack [-n N] [-s SEED] [-q QUERYFILE] [-Q NQUERIES] [-v] DIR\n"
	      "Writes DIR/pack.ditamap and N synthetic troubleshooting topics\n"
	      "(default 10000, seed 1) and, with -q, NQUERIES queries (default 1200).\n"
	      "-v prints size statistics of the topics on stderr.\n", fp);
}

static bool parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || v > SIZE_MAX / 2)
		return false;
	*out = (size_t)v;
	return true;
}

int main(int argc, char **argv)
{
	size_t n = 10000, nq = 1200, seed = 1;
	const char *qfile = NULL, *dir;
	bool verbose = false;
	struct strbuf sb = STRBUF_INIT;
	struct codeset cs;
	struct topic *topics;
	struct gen g;
	double sum = 0, sumsq = 0;
	size_t min = SIZE_MAX, max = 0, total = 0;
	int opt, rc = 0;

	while ((opt = getopt(argc, argv, "n:s:q:Q:vh")) != -1) {
		switch (opt) {
		case 'n': if (!parse_size(optarg, &n) || n < 2) goto bad; break;
		case 's': if (!parse_size(optarg, &seed)) goto bad; break;
		case 'q': qfile = optarg; break;
		case 'Q': if (!parse_size(optarg, &nq)) goto bad; break;
		case 'v': verbose = true; break;
		case 'h': usage(stdout); return 0;
		default: goto bad;
		}
	}
	if (optind + 1 != argc)
		goto bad;
	dir = argv[optind];
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "gen_pack: %s: %s\n", dir, strerror(errno));
		return 1;
	}

	/* The screenshots topics name (media/DAEMON-1..9.png) are in the pack,
	 * as in a real one: the loader warns about a missing image. */
	{
		struct strbuf empty = STRBUF_INIT, media = STRBUF_INIT;

		sb_printf(&media, "%s/media", dir);
		if (mkdir(sb_str(&media), 0777) != 0 && errno != EEXIST) {
			fprintf(stderr, "gen_pack: %s: %s\n", sb_str(&media), strerror(errno));
			return 1;
		}
		for (size_t d = 0; d < COUNT(daemons); d++)
			for (int k = 1; k <= 9; k++) {
				char name[128];

				snprintf(name, sizeof(name), "%s-%d.png", daemons[d], k);
				if (write_file(sb_str(&media), name, &empty) != 0)
					return 1;
			}
		sb_free(&media);
		sb_free(&empty);
	}

	rng_state = UINT64_C(0x5eed0000) ^ ((uint64_t)seed * UINT64_C(0x9e3779b97f4a7c15));
	cs.n = 4 * n + 64;
	cs.slots = xcalloc(cs.n, sizeof(*cs.slots));
	topics = xcalloc(n, sizeof(*topics));
	for (size_t i = 0; i < n; i++)
		make_topic(&topics[i], i, &cs);

	g.topics = topics;
	g.n = n;
	g.sb = &sb;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *name = xasprintf("%s.dita", topics[i].id);

		write_topic(&g, &topics[i]);
		rc = write_file(dir, name, &sb);
		free(name);
		sum += (double)sb.len;
		sumsq += (double)sb.len * (double)sb.len;
		total += sb.len;
		if (sb.len < min)
			min = sb.len;
		if (sb.len > max)
			max = sb.len;
	}
	if (rc == 0) {
		write_map(&sb, topics, n);
		rc = write_file(dir, "pack.ditamap", &sb);
		total += sb.len;
	}
	if (rc == 0 && qfile) {
		FILE *fp = fopen(qfile, "w");

		if (!fp) {
			fprintf(stderr, "gen_pack: %s: %s\n", qfile, strerror(errno));
			rc = -1;
		} else {
			write_queries(fp, topics, n, nq);
			if (fclose(fp) != 0) {
				fprintf(stderr, "gen_pack: %s: %s\n", qfile, strerror(errno));
				rc = -1;
			}
		}
	}
	if (rc == 0 && verbose) {
		double mean = sum / (double)n;

		fprintf(stderr, "topics=%zu bytes=%zu mean=%.0f sd=%.0f min=%zu max=%zu\n",
			n, total, mean, isqrt_d(sumsq / (double)n - mean * mean), min, max);
	}

	for (size_t i = 0; i < n; i++) {
		free(topics[i].id);
		free(topics[i].code);
		free(topics[i].code2);
		free(topics[i].code_human);
		free(topics[i].msg);
		free(topics[i].msg2);
		free(topics[i].app);
	}
	free(topics);
	for (size_t i = 0; i < cs.n; i++)
		free(cs.slots[i]);
	free(cs.slots);
	sb_free(&sb);
	return rc == 0 ? 0 : 1;
bad:
	usage(stderr);
	return 2;
}
