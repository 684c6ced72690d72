/* SPDX-License-Identifier: MIT */
/* test_search.c: tokenizer, index, ranking and highlighting (src/core/tokenize.c,
 * src/core/search*.c).
 *
 * The tokenizer and the matching rules (typos, prefixes, compounds, the
 * short/long query threshold, field weights, tie-break) are tested on small
 * knowledge bases built by hand through kb.h.  The ranking suite loads the
 * shipped pack and checks the first result of real queries: codes, on-screen
 * messages, typos, run-together words, pasted log lines, abbreviations and
 * prefixes typed as you go.  A failing ranking case prints the top results. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "kb.h"
#include "pack.h"
#include "search.h"
#include "strbuf.h"
#include "tokenize.h"

/* ---- Tokenizer -------------------------------------------------------------- */

/* "text@pos" per token, compounds as "text*@pos", noise as "text!bits" */
static bool collect(const struct token *t, void *ctx)
{
	struct strbuf *sb = ctx;

	if (sb->len)
		sb_putc(sb, ' ');
	sb_add(sb, t->text, t->len);
	cr_assert_eq(strlen(t->text), t->len, "token text is NUL-terminated at len");
	if (t->compound)
		sb_putc(sb, '*');
	if (t->noise)
		sb_printf(sb, "!%u", t->noise);
	else
		sb_printf(sb, "@%u", t->pos);
	return true;
}

static char *toks(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	tokenize(s, strlen(s), collect, &sb);
	return sb_detach(&sb);
}

#define expect_toks(in, want) do { \
	char *got_ = toks(in); \
	cr_expect_str_eq(got_, want, "tokenize(\"%s\"): got \"%s\"", in, got_); \
	free(got_); \
} while (0)

Test(tokenize, camel_case_underscores_and_compounds)
{
	expect_toks("DeviceCapReached",
		    "devicecapreached*@0 device@0 cap@1 reached@2");
	expect_toks("XPC_TYPE_ERROR Connection",
		    "xpctypeerror*@0 xpc@0 type@1 error@2 connection@3");
	expect_toks("APNSCertificateNotValid",
		    "apnscertificatenotvalid*@0 apns@0 certificate@1 not@2 valid@3");
	expect_toks("MdmAuthorityNotDefined",
		    "mdmauthoritynotdefined*@0 mdm@0 authority@1 not@2 defined@3");
	expect_toks("Get-AdfsEndpoint", "getadfsendpoint*@0 get@0 adfs@1 endpoint@2");
	expect_toks("multi-factor", "multifactor*@0 multi@0 factor@1");
	expect_toks("T&C", "tc*@0 t@0 c@1");
	expect_toks("iPhone", "iphone*@0 i@0 phone@1");
}

Test(tokenize, case_punctuation_and_positions)
{
	expect_toks("Profile Installation Failed. A Network Error Has Occurred.",
		    "profile@0 installation@1 failed@2 a@3 network@4 error@5 has@6 occurred@7");
	expect_toks("  (Connection invalid); terminating--connection ",
		    "connection@0 invalid@1 terminating@2 connection@3");
	expect_toks("", "");
	expect_toks("!!! ... ---", "");
}

Test(tokenize, numbers_stay_whole)
{
	expect_toks("iOS 8.0 and WS-Trust 1.3, limit 15",
		    "ios*@0 i@0 os@1 8.0@2 and@3 wstrust*@4 ws@4 trust@5 1.3@6 limit@7 15@8");
}

static bool first_number(const struct token *t, void *ctx)
{
	*(int *)ctx = t->number;
	return false;
}

Test(tokenize, number_flag_and_early_stop)
{
	int number = -1;

	tokenize("8.0 later", 9, first_number, &number);
	cr_assert_eq(number, 1);
	tokenize("v8 later", 8, first_number, &number);
	cr_assert_eq(number, 0);
}

Test(tokenize, unicode_folding)
{
	expect_toks("Straße École ÅNGSTRÖM", "strasse@0 ecole@1 angstrom@2");
	/* curly apostrophe joins like the straight one; the ellipsis splits */
	expect_toks("user\xe2\x80\x99s Trying to sync\xe2\x80\xa6",
		    "users*@0 user@0 s@1 trying@2 to@3 sync@4");
	/* no-break space and em dash separate */
	expect_toks("cap\xc2\xa0reached\xe2\x80\x94now", "cap@0 reached@1 now@2");
	/* invalid UTF-8 is punctuation, never a crash */
	expect_toks("ab\xff\xfe" "cd", "ab@0 cd@1");
}

struct offs {
	const char *src;
	bool ok;
};

/* Every token's byte range, folded, gives back the token (ASCII input). */
static bool check_offsets(const struct token *t, void *ctx)
{
	struct offs *o = ctx;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < t->srclen; i++) {
		char c = o->src[t->off + i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (t->compound && (c == '_' || c == '-' || c == '&' || c == '.'))
			continue;
		sb_putc(&sb, c);
	}
	if (!(t->noise & TOKEN_NOISE_DROP) && strcmp(sb_str(&sb), t->text) != 0)
		o->ok = false;
	sb_free(&sb);
	return true;
}

Test(tokenize, offsets_point_at_the_source)
{
	static const char s[] = "Enrollment fails with DeviceCapReached (XPC_TYPE_ERROR) T&C";
	struct offs o = { s, true };

	tokenize(s, strlen(s), check_offsets, &o);
	cr_assert(o.ok);
}

Test(tokenize, log_noise_is_flagged)
{
	char *got;

	/* [83] pid, hex address, ISO timestamp, syslog timestamp */
	got = toks("mobileassetd[83] 0x1a49aebc0 2024-03-01T10:22:01.123Z");
	cr_expect_str_eq(got, "mobileassetd@0 83!4 0x1a49aebc0!1 2024-03-01t10:22:01.123z!2");
	free(got);
	got = toks("Mar  3 10:22:01 iPhone");
	cr_expect_str_eq(got, "mar  3 10:22:01!2 iphone*@1 i@1 phone@2");
	free(got);
	/* a UUID is one hex token; a plain long number is not hex */
	got = toks("3f2a9c1e-4b5d-4e6f-8a9b-0c1d2e3f4a5b 1234567890");
	cr_expect_str_eq(got, "3f2a9c1e-4b5d-4e6f-8a9b-0c1d2e3f4a5b!1 1234567890@1");
	free(got);
	/* an HRESULT error code is a word, not an address (enrollkb-import) */
	got = toks("0x80CF0437 0xC0000005 0x0 0x1a49aebc");
	cr_expect_str_eq(got, "0x80cf0437@0 0xc0000005@1 0x0!1 0x1a49aebc!1");
	free(got);
	/* words of URLs and absolute paths are kept but flagged */
	got = toks("from https://mesu.apple.com/x /adfs/trust ok");
	cr_expect_str_eq(got, "from@0 https!8 mesuapplecom*!8 mesu!8 apple!8 com!8 x!8 adfs!16 trust!16 ok@8");
	free(got);
	/* months and times only as a timestamp */
	got = toks("March 3 items, 10:2 Marketing 3 10:22");
	cr_expect_str_eq(got, "march@0 3@1 items@2 10@3 2@4 marketing@5 3@6 10:22!2");
	free(got);
	/* version numbers are not dates */
	got = toks("10.0.19041 2024-03-01");
	cr_expect_str_eq(got, "10.0.19041@0 2024-03-01!2");
	free(got);
}

/* ---- Small knowledge bases built by hand ------------------------------------------ */

static struct kb *K;
static struct search_index *IDX;

static const char *dup(const char *s)
{
	return arena_strdup(&K->arena, s);
}

static struct kb_blocks para(const struct kb_span *spans, size_t n)
{
	struct kb_span *v = arena_alloc(&K->arena, n * sizeof(*v));
	struct kb_block *b = arena_alloc(&K->arena, sizeof(*b));
	size_t i;

	for (i = 0; i < n; i++) {
		v[i] = spans[i];
		v[i].text = dup(spans[i].text);
		v[i].target = spans[i].target ? dup(spans[i].target) : NULL;
	}
	b->kind = KB_BLOCK_PARA;
	b->text.spans = v;
	b->text.n = n;
	return (struct kb_blocks){ b, 1 };
}

static struct kb_blocks plain_para(const char *s)
{
	struct kb_span sp = { KB_SPAN_TEXT, s, NULL, false };

	return s ? para(&sp, 1) : (struct kb_blocks){ NULL, 0 };
}

/* keywords: '|'-separated; rest: the text of one step of one solution. */
static struct kb_article *add(const char *id, const char *title,
			      const char *keywords, const char *shortdesc,
			      const char *condition, const char *rest)
{
	struct kb_article *a = kb_article_alloc(K);
	size_t n = 0;

	a->id = dup(id);
	a->title = dup(title);
	a->shortdesc = dup(shortdesc ? shortdesc : "");
	if (keywords && *keywords) {
		const char **v = arena_alloc(&K->arena, 32 * sizeof(*v));
		const char *p = keywords;

		for (;;) {
			const char *e = strchr(p, '|');

			v[n++] = arena_strndup(&K->arena, p, e ? (size_t)(e - p) : strlen(p));
			if (!e || n == 32)
				break;
			p = e + 1;
		}
		a->keywords = v;
		a->nkeywords = n;
	}
	a->condition = plain_para(condition);
	if (rest) {
		struct kb_solution *s = arena_alloc(&K->arena, sizeof(*s));
		struct kb_remedy *r = arena_alloc(&K->arena, sizeof(*r));
		struct kb_step *st = arena_alloc(&K->arena, sizeof(*st));
		struct kb_blocks cmd = plain_para(rest);

		st->cmd = cmd.v[0].text;
		r->steps = st;
		r->nsteps = 1;
		s->remedies = r;
		s->nremedies = 1;
		a->solutions = s;
		a->nsolutions = 1;
	}
	cr_assert(kb_add_article(K, a));
	kb_category_add(K, kb_category(K, "Cat A"), K->narticles - 1);
	return a;
}

static void finish(void)
{
	kb_finish(K);
	IDX = search_index_build(K);
}

static void small_setup(void)
{
	K = kb_new();
	IDX = NULL;
}

static void small_teardown(void)
{
	search_index_free(IDX);
	kb_free(K);
}

TestSuite(small, .init = small_setup, .fini = small_teardown);

/* Ids of the hits, space-separated, best first. */
static char *ids(const char *query)
{
	struct search_hit *h;
	size_t i, n = search_run(IDX, query, 0, &h);
	struct strbuf sb = STRBUF_INIT;

	for (i = 0; i < n; i++) {
		if (i)
			sb_putc(&sb, ' ');
		sb_puts(&sb, K->articles[h[i].article]->id);
		if (i)
			cr_assert(h[i].code < h[i - 1].code || h[i].score <= h[i - 1].score,
				  "hits come best first, after the code's");
	}
	free(h);
	return sb_detach(&sb);
}

#define expect_ids(query, want) do { \
	char *got_ = ids(query); \
	cr_expect_str_eq(got_, want, "search \"%s\": got \"%s\", want \"%s\"", \
			 query, got_, want); \
	free(got_); \
} while (0)

/* The same with the weak candidates too, each marked with a '?'. */
static char *all_ids(const char *query)
{
	struct search_query *q = search_query_new(IDX, query);
	struct search_hit *h;
	size_t i, n = search_query_run_all(IDX, q, 0, &h);
	struct strbuf sb = STRBUF_INIT;

	for (i = 0; i < n; i++) {
		if (i)
			sb_putc(&sb, ' ');
		sb_puts(&sb, K->articles[h[i].article]->id);
		if (h[i].weak)
			sb_putc(&sb, '?');
		if (i)
			cr_assert(!h[i - 1].weak || h[i].weak, "weak hits come last");
	}
	free(h);
	search_query_free(q);
	return sb_detach(&sb);
}

#define expect_all(query, want) do { \
	char *got_ = all_ids(query); \
	cr_expect_str_eq(got_, want, "search \"%s\" (all): got \"%s\", want \"%s\"", \
			 query, got_, want); \
	free(got_); \
} while (0)

Test(small, camel_case_code_and_spaced_words_match_each_other)
{
	add("code", "Enrollment fails with DeviceCapReached", "", NULL, NULL, NULL);
	add("words", "The Device Cap Reached error", "", NULL, NULL, NULL);
	add("apart", "A device without a cap was reached", "", NULL, NULL, NULL);
	finish();
	/* a compound is its words next to each other, not anywhere */
	expect_ids("DeviceCapReached", "code words");
	expect_ids("device_cap_reached", "code words");
	/* run-together: the compound's prefix, or split into vocabulary words
	 * that must stand next to each other */
	expect_ids("devicecap", "code words");
	expect_ids("devicecapreached", "code words");
	expect_ids("capreached", "words code");
	/* typed apart, the words may stand anywhere; together ranks higher */
	expect_ids("device cap reached", "words code apart");
}

Test(small, xpc_type_error_underscores)
{
	add("xpc", "Fails with XPC_TYPE_ERROR", "", NULL, NULL, NULL);
	add("other", "Some other error type", "", NULL, NULL, NULL);
	finish();
	expect_ids("xpc type error", "xpc");
	expect_ids("xpctypeerror", "xpc");
	expect_ids("XpcTypeError", "xpc");
	expect_ids("XPC_TYPE_ERROR", "xpc");
	/* run together, the last word still being typed */
	expect_ids("xpctypeerr", "xpc");
}

Test(small, one_typo_in_words_of_five_or_more)
{
	add("a", "Workplace Join failed", "", NULL, NULL, NULL);
	add("b", "The cap was reached", "", NULL, NULL, NULL);
	finish();
	expect_ids("worplace", "a");       /* deletion */
	expect_ids("workpalce", "a");      /* transposition */
	expect_ids("workplaxe", "a");      /* substitution */
	expect_ids("workkplace", "a");     /* insertion */
	expect_ids("wrkplce", "");         /* two edits */
	expect_ids("reahced", "b");
	expect_ids("raeched cap", "b");
	/* four letters or fewer: exact only (the last word may be a prefix) */
	expect_ids("jion failed", "");
	expect_ids("cpa reached", "");
	expect_ids("jion", "");
}

Test(small, last_word_is_a_prefix_while_typing)
{
	add("stuck", "Device stuck on enrollment screen", "", NULL, NULL, NULL);
	add("login", "Stuck at user login", "", NULL, NULL, NULL);
	finish();
	expect_ids("stuck enr", "stuck");
	/* both; the shorter title first (BM25 length norm) */
	expect_ids("stu", "login stuck");
	expect_ids("enrollment scr", "stuck");
	/* only the last word: "enr" alone in the middle is not a word */
	expect_ids("enr stuck", "");
	/* a trailing space ends the word */
	expect_ids("stuck enr ", "");
	expect_ids("stuck enrollment ", "stuck");
}

Test(small, a_rare_completion_does_not_beat_the_word_typed)
{
	add("tokens", "User tokens", "", NULL, NULL, NULL);
	add("token", "Token sync", "", NULL, NULL, NULL);
	add("c", "Other", "", NULL, NULL, "renew the token");
	add("d", "Other", "", NULL, NULL, "upload the token");
	finish();
	expect_ids("token", "token tokens");
	expect_ids("tok", "token tokens");
	/* one mention in the body of a step is a weak answer */
	expect_all("token", "token tokens c? d?");
	/* another form of the word comes after the word itself */
	expect_ids("tokens", "tokens token");
}

Test(small, every_word_of_a_short_query_must_match)
{
	add("a", "Device cap reached", "", NULL, NULL, NULL);
	add("b", "Device type not supported", "", NULL, NULL, NULL);
	finish();
	expect_ids("device", "a b");
	expect_ids("device cap", "a");
	expect_ids("device banana", "");
	expect_ids("zzzqqq", "");
	expect_ids("", "");
	expect_ids("  ...  ", "");
}

Test(small, no_match_gives_no_hits)
{
	struct search_hit *h = (struct search_hit *)&h;

	add("a", "Device cap reached", "", NULL, NULL, NULL);
	finish();
	cr_assert_eq(search_run(IDX, "nothing like this", 0, &h), 0);
	cr_assert_null(h);
	cr_assert_eq(search_run(IDX, NULL, 0, &h), 0);
	cr_assert_null(h);
}

/* An article whose every field has two words; word w goes into field f
 * (the message is a msgph span inside the solution text). */
static void add_in_field(const char *id, const char *f, const char *w)
{
	struct strbuf v[5] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT,
			       STRBUF_INIT };
	static const char *const fields[5] = { "keyword", "title", "symptom", "rest",
					       "message" };
	struct kb_article *a;
	struct kb_solution *sol;
	size_t k;

	for (k = 0; k < 5; k++)
		sb_printf(&v[k], "%s %s", fields[k], strcmp(f, fields[k]) ? "lorem" : w);
	a = add(id, sb_str(&v[1]), sb_str(&v[0]), NULL, sb_str(&v[2]), NULL);
	sol = arena_alloc(&K->arena, sizeof(*sol));
	sol->cause = para((const struct kb_span[]){
		{ KB_SPAN_TEXT, sb_str(&v[3]), NULL, false },
		{ KB_SPAN_TEXT, " says ", NULL, false },
		{ KB_SPAN_MSG, sb_str(&v[4]), NULL, false } }, 3);
	a->solutions = sol;
	a->nsolutions = 1;
	for (k = 0; k < 5; k++)
		sb_free(&v[k]);
}

Test(small, fields_rank_code_title_message_symptom_rest)
{
	add_in_field("rest", "rest", "widget");
	add_in_field("symptom", "symptom", "widget");
	add_in_field("message", "message", "widget");
	add_in_field("title", "title", "widget");
	add_in_field("keyword", "keyword", "widget");
	finish();
	expect_ids("widget", "keyword title message symptom rest");
}

Test(small, words_standing_together_rank_higher)
{
	/* same words, same lengths; only their order differs */
	add("apart", "Reached, the limit cap", "", NULL, NULL, NULL);
	add("together", "The limit cap reached", "", NULL, NULL, NULL);
	add("near", "The cap limit reached", "", NULL, NULL, NULL);
	finish();
	expect_ids("cap reached", "together near apart");
}

Test(small, ties_keep_article_order)
{
	add("one", "Same title here", "", NULL, NULL, NULL);
	add("two", "Same title here", "", NULL, NULL, NULL);
	add("three", "Same title here", "", NULL, NULL, NULL);
	finish();
	expect_ids("same title", "one two three");
}

Test(small, whole_code_match_dominates)
{
	/* many mentions of the words do not beat the code itself */
	add("chatty", "Device limits", "device cap|cap reached",
	    "The device cap is reached when the device cap is reached.",
	    "Device cap reached, device cap reached, device cap reached.",
	    "The device cap reached state: raise the device cap.");
	add("code", "Enrollment fails", "DeviceCapReached", NULL, NULL, NULL);
	finish();
	expect_ids("DeviceCapReached", "code chatty");
	expect_ids("devicecapreached", "code chatty");
}

Test(small, abbreviations_come_from_keywords)
{
	add("mfa", "Stuck at login", "MFA|multi-factor authentication", NULL, NULL, NULL);
	add("tc", "Token sync error", "T&C|terms and conditions", NULL, NULL, NULL);
	add("none", "Terms of the conditions", "", NULL, NULL, NULL);
	finish();
	expect_ids("MFA", "mfa");
	expect_ids("multi-factor", "mfa");
	expect_ids("multifactor", "mfa");
	expect_ids("T&C", "tc");
	expect_ids("t&c not accepted", "");
	expect_ids("terms and conditions", "tc");
}

Test(small, internal_link_text_belongs_to_the_target)
{
	struct kb_article *a = add("linker", "Portal unavailable", "", NULL, NULL, NULL);
	struct kb_span sp[] = {
		{ KB_SPAN_TEXT, "see ", NULL, false },
		{ KB_SPAN_XREF, "Device cap reached", "target", false },
		{ KB_SPAN_TEXT, " or ", NULL, false },
		{ KB_SPAN_XREF, "the vendor page", "https://example.com/", true },
	};

	a->condition = para(sp, 4);
	add("target", "Device cap reached", "", NULL, NULL, NULL);
	finish();
	expect_ids("device cap reached", "target");
	expect_ids("vendor page", "linker");
}

Test(small, pasted_text_ranks_by_the_words_that_match)
{
	add("net", "Profile Installation Failed. A Network Error Has Occurred.",
	    "network error", NULL, NULL, NULL);
	add("srv", "Profile Installation Failed. Connection to the server could not be established.",
	    "", NULL, NULL, NULL);
	add("log", "Connection invalid", "mobileassetd|XPC_TYPE_ERROR", NULL,
	    "mobileassetd logs XPC_TYPE_ERROR Connection invalid", NULL);
	finish();
	/* extra words no article has: a typed query would find nothing; "srv"
	 * shares only the three words every profile error has */
	expect_ids("Profile Installation Failed. A Network Error Has Occurred on my phone",
		   "net");
	expect_ids("Apr 10 10:22:01 iPhone mobileassetd[83] <Notice>: 0xdeadbeef42 "
		   "Client connection: XPC_TYPE_ERROR Connection invalid", "log");
	/* common words alone are not enough */
	expect_ids("the quick brown fox jumps over the lazy dog", "");
	/* one informative word matches ("established"; the others are stop
	 * words) and words no article has outweigh it: not even weak */
	expect_all("could not be established because of the weather today", "");
	/* typed, one unknown word: relaxed to the word that matches, which
	 * is not enough to be confident */
	expect_ids("established proxy", "");
	expect_all("established proxy", "srv?");
}

Test(small, a_huge_paste_is_fine)
{
	struct strbuf sb = STRBUF_INIT;
	struct search_query *q;
	size_t i, k;
	char *got;

	add("log", "Connection invalid", "mobileassetd|XPC_TYPE_ERROR", NULL, NULL, NULL);
	add("other", "Something else", "", NULL, NULL, NULL);
	finish();
	/* 20,000 log lines: words are de-duplicated without comparing every
	 * pair, and at most 64 distinct terms are kept.  The unknown words
	 * are letters only: a word with digits no article has is an id,
	 * noise like hex.  (The messages below stay short: Criterion chokes
	 * on an assertion message of megabytes.) */
	for (k = 0; k < 2; k++) {
		sb_truncate(&sb, 0);
		for (i = 0; i < 20000; i++)
			sb_printf(&sb, "Mar  3 10:22:%02zu iPhone mobileassetd[%zu] <Notice>: "
				  "%sConnection invalid w%c%c%c\n", i % 60, i,
				  k ? "" : "XPC_TYPE_ERROR ",
				  (char)('a' + i / 676 % 26), (char)('a' + i / 26 % 26),
				  (char)('a' + i % 26));
		q = search_query_new(IDX, sb_str(&sb));
		cr_assert(search_query_loose(q));
		cr_assert_eq(search_query_nterms(q), 64);
		search_query_free(q);
		got = ids(sb_str(&sb));
		/* the code in the lines wins whatever else they say; without
		 * it, 57 unknown words outweigh the rest */
		cr_expect_str_eq(got, k ? "" : "log", "20,000 lines %s the code",
				 k ? "without" : "with");
		free(got);
	}
	sb_truncate(&sb, 0);
	for (i = 0; i < 20000; i++)
		sb_puts(&sb, "iPhone mobileassetd <Notice>: XPC_TYPE_ERROR Connection invalid\n");
	got = ids(sb_str(&sb));
	cr_expect_str_eq(got, "log", "20,000 equal lines");
	free(got);
	sb_free(&sb);
}

Test(small, threshold_between_typed_and_pasted)
{
	struct search_query *q;

	add("a", "alpha beta gamma delta", "", NULL, NULL, NULL);
	finish();
	q = search_query_new(IDX, "alpha beta gamma delta");
	cr_assert_not(search_query_loose(q), "four words: typed");
	cr_assert_eq(search_query_nterms(q), 4);
	search_query_free(q);
	expect_ids("alpha beta gamma epsilon", "");
	q = search_query_new(IDX, "alpha beta gamma delta epsilon");
	cr_assert(search_query_loose(q), "five words: pasted");
	search_query_free(q);
	expect_ids("alpha beta gamma delta epsilon", "a");
	/* numbers, one-letter words and log noise do not count as words */
	q = search_query_new(IDX, "alpha 12 x 0x1a49aebc0 [83] 10:22:01 beta gamma");
	cr_assert_not(search_query_loose(q));
	cr_assert_eq(search_query_nterms(q), 5, "alpha 12 x beta gamma");
	search_query_free(q);
	/* a repeated word counts once */
	q = search_query_new(IDX, "alpha alpha alpha beta beta");
	cr_assert_not(search_query_loose(q));
	cr_assert_eq(search_query_nterms(q), 2);
	search_query_free(q);
}

Test(small, urls_and_paths_are_noise_unless_alone)
{
	add("ws", "Verify WS-Trust", "/adfs/services/trust/13/UsernameMixed", NULL, NULL, NULL);
	add("mesu", "Asset download", "", NULL, "copy from https://mesu.apple.com/assets/", NULL);
	finish();
	expect_ids("/adfs/services/trust/13/UsernameMixed", "ws");
	expect_ids("https://mesu.apple.com/assets/", "mesu");
	/* next to real words, a URL is dropped: "asset" decides */
	expect_ids("asset https://mesu.apple.com/assets/", "mesu");
	expect_ids("0x1a49aebc0", "");
}

Test(small, limit_and_index_accessors)
{
	struct search_hit *h;

	add("a", "Device one", "", NULL, NULL, NULL);
	add("b", "Device two", "", NULL, NULL, NULL);
	add("c", "Device three", "", NULL, NULL, NULL);
	finish();
	cr_assert_eq(search_run(IDX, "device", 2, &h), 2);
	cr_assert_eq(h[0].article, 0);
	cr_assert_eq(h[1].article, 1);
	free(h);
	cr_assert_eq(search_index_ndocs(IDX), 3);
	cr_assert_str_eq(search_index_doc_id(IDX, 1), "b");
	cr_assert_str_eq(search_index_doc_title(IDX, 2), "Device three");
	cr_assert_str_eq(search_index_doc_category(IDX, 0), "Cat A");
	cr_assert_null(search_index_doc_id(IDX, 3));
	cr_assert_gt(search_index_ntokens(IDX), 3);
}

Test(small, empty_kb)
{
	struct search_hit *h;

	finish();
	cr_assert_eq(search_run(IDX, "anything", 0, &h), 0);
	cr_assert_eq(search_index_ndocs(IDX), 0);
}

/* ---- Stems, synonyms, codes, confidence ---------------------------------------- */

static void synonym(const char *set, const char *term)
{
	const struct kb_synonym sy = { set, term, "m.ditamap", 1 };

	kb_add_synonym(K, &sy);
}

Test(small, other_forms_of_a_word_match_below_the_word)
{
	add("start", "Enrollment does not start", "", NULL, NULL, NULL);
	add("starting", "Enrollment starting slowly", "", NULL, NULL, NULL);
	add("other", "Something else", "", NULL, NULL, NULL);
	finish();
	expect_ids("starting", "starting start");
	expect_ids("start", "start starting");
	/* neither is the word typed: the shorter title first */
	expect_ids("starts", "starting start");
	/* British spelling, same stem */
	expect_ids("enrolment start", "start starting");
}

Test(small, synonyms_expand_below_the_words_typed)
{
	add("words", "Automated Device Enrollment stops", "", NULL, NULL, NULL);
	add("abbr", "ADE stops", "", NULL, NULL, NULL);
	add("dep", "DEP token", "", NULL, NULL, NULL);
	add("mfa", "Two-factor sign-in", "", NULL, NULL, NULL);
	add("other", "Device stops", "", NULL, NULL, NULL);
	synonym("syn-ade", "Automated Device Enrollment");
	synonym("syn-ade", "ADE");
	synonym("syn-ade", "DEP");
	synonym("syn-mfa", "MFA");
	synonym("syn-mfa", "two factor");
	finish();
	/* the literal word first, then its synonyms */
	expect_ids("ADE stops", "abbr words");
	expect_ids("automated device enrollment stops", "words abbr");
	expect_ids("ADE", "abbr dep words");
	expect_ids("dep token", "dep");
	/* a multi-word synonym of a one-word query and the other way round */
	expect_ids("MFA", "mfa");
	expect_ids("two factor", "mfa");
	/* "device" alone is no synonym of anything */
	expect_ids("device stops", "other words");
}

Test(small, a_code_always_wins)
{
	struct kb_article *a;
	static const char *const code[] = { "DeviceCapReached" };

	add("chatty", "Device cap reached, device cap reached", "device cap reached",
	    "the device cap is reached", NULL, NULL);
	add("keyword", "Company Portal unavailable", "DeviceCapReached", NULL, NULL, NULL);
	a = add("code", "Enrollment fails", "", NULL, NULL, NULL);
	a->codes = code;
	a->ncodes = 1;
	add("log", "Log lines", "", NULL, "foo bar baz qux", NULL);
	finish();
	/* the error code's article, then a keyword written like it */
	expect_ids("DeviceCapReached", "code keyword chatty");
	expect_ids("device cap reached", "code keyword chatty");
	/* whatever else the line says: words no article has, other words */
	expect_ids("DeviceCapReached foo", "code keyword");
	expect_ids("Error: DeviceCapReached (0x80180014) at 2026-11-26T10:31:02Z",
		   "code keyword");
	expect_ids("foo bar baz qux DeviceCapReached", "code keyword log");
}

Test(small, relaxed_when_no_article_has_every_word)
{
	int i;

	add("cap", "Device cap reached", "", NULL, NULL, NULL);
	add("type", "Device type not supported", "", NULL, NULL, NULL);
	/* enough articles for word weights to mean something */
	for (i = 0; i < 8; i++) {
		char id[8];

		snprintf(id, sizeof(id), "f%d", i);
		add(id, "Filler article", "", NULL, NULL, NULL);
	}
	finish();
	/* one word no article has does not kill the query */
	expect_ids("device cap reached banana", "cap");
	/* numbers and ids are noise, not words to match */
	expect_ids("device cap reached 42 5c1e77aa9", "cap");
	/* mostly unknown: not confident, but the closest is offered */
	expect_ids("cap banana", "");
	expect_all("cap banana", "cap?");
	expect_all("cap banana mango", "");
	expect_all("banana mango kiwi", "");
}

Test(small, a_whole_key_quoted_in_a_longer_query)
{
	int i;

	add("sync", "Devices are inactive", "device not syncing", NULL, NULL, NULL);
	add("other", "Device sync settings", "", NULL, NULL, NULL);
	for (i = 0; i < 8; i++) {
		char id[8];

		snprintf(id, sizeof(id), "f%d", i);
		add(id, "Filler article", "", NULL, NULL, NULL);
	}
	finish();
	/* "weeks" is in no article, but the query quotes a keyword of one,
	 * and is mostly about it: confident */
	expect_ids("device not syncing for weeks", "sync");
	/* not when the quote is the lesser part of it */
	expect_ids("device not syncing for weeks, forever", "");
	expect_all("device not syncing for weeks, forever", "sync? other?");
}

/* ---- Highlighting -------------------------------------------------------------- */

/* The matched substrings of text, "|"-separated. */
static char *marks(const char *query, const char *text)
{
	struct search_query *q = search_query_new(IDX, query);
	struct search_match *m;
	size_t i, n = search_query_matches(q, text, strlen(text), &m);
	struct strbuf sb = STRBUF_INIT;

	for (i = 0; i < n; i++) {
		if (i) {
			sb_putc(&sb, '|');
			cr_assert_geq(m[i].off, m[i - 1].off + m[i - 1].len,
				      "ranges are in order and do not overlap");
		}
		cr_assert_leq(m[i].off + m[i].len, strlen(text));
		sb_add(&sb, text + m[i].off, m[i].len);
	}
	free(m);
	search_query_free(q);
	return sb_detach(&sb);
}

#define expect_marks(query, text, want) do { \
	char *got_ = marks(query, text); \
	cr_expect_str_eq(got_, want, "highlight \"%s\" in \"%s\": got \"%s\"", \
			 query, text, got_); \
	free(got_); \
} while (0)

Test(small, highlight_ranges_follow_the_matching_rules)
{
	add("a", "Device cap reached", "", NULL, NULL, NULL);
	finish();
	/* camelCase pieces and the whole compound */
	expect_marks("device cap", "Enrollment fails with DeviceCapReached (Device Cap Reached)",
		     "Device|Cap|Device|Cap");
	expect_marks("DeviceCapReached", "DeviceCapReached (Device Cap Reached)",
		     "DeviceCapReached|Device Cap Reached");
	/* run-together query: pieces only where they stand together */
	expect_marks("devicecap", "a device, a cap; Device Cap Reached",
		     "Device Cap");
	/* prefix on the last word only, typo in long words */
	expect_marks("stuck enr", "Stuck on the enrollment screen, enr stuck",
		     "Stuck|enrollment|enr|stuck");
	expect_marks("worplace", "Workplace Join failed; work place", "Workplace");
	/* nothing */
	expect_marks("zzz", "Device cap", "");
	expect_marks("device", "", "");
}

Test(small, highlight_without_an_index)
{
	struct search_query *q = search_query_new(NULL, "XPC_TYPE_ERROR conn");
	struct search_match *m;
	const char *t = "Client connection: XPC_TYPE_ERROR Connection invalid; xpc type error";
	size_t n = search_query_matches(q, t, strlen(t), &m);

	cr_assert_eq(n, 4);
	cr_assert_eq(strncmp(t + m[0].off, "connection", m[0].len), 0);
	cr_assert_eq(strncmp(t + m[1].off, "XPC_TYPE_ERROR", m[1].len), 0);
	cr_assert_eq(strncmp(t + m[2].off, "Connection", m[2].len), 0);
	cr_assert_eq(strncmp(t + m[3].off, "xpc type error", m[3].len), 0);
	free(m);
	search_query_free(q);
}

/* ---- Ranking on the shipped pack ----------------------------------------------- */

static struct kb *P;
static struct search_index *PIDX;

static void pack_setup(void)
{
	const char *dirs[] = { SRCDIR "/content" };
	struct pack_set set = { NULL, 0, dirs, 1 };
	struct diag_list dl = DIAG_LIST_INIT;

	P = pack_load(&set, &dl);
	diag_list_free(&dl);
	PIDX = search_index_build(P);
}

static void pack_teardown(void)
{
	search_index_free(PIDX);
	kb_free(P);
}

TestSuite(ranking, .init = pack_setup, .fini = pack_teardown);

static void dump_top(const char *query, const struct search_hit *h, size_t n)
{
	size_t i;

	fprintf(stderr, "search \"%s\": %zu hit(s)\n", query, n);
	for (i = 0; i < n && i < 5; i++)
		fprintf(stderr, "  %zu. %-40s %.3f\n", i + 1,
			P->articles[h[i].article]->id, h[i].score);
}

static void expect_top(const char *query, const char *want)
{
	struct search_hit *h;
	size_t n;

	cr_assert_gt(P->narticles, 0, "the shipped pack loads");
	cr_assert_neq(kb_find(P, want), (size_t)-1, "'%s' is an article", want);
	n = search_run(PIDX, query, 0, &h);
	if (!n || strcmp(P->articles[h[0].article]->id, want) != 0)
		dump_top(query, h, n);
	cr_assert_gt(n, 0, "search \"%s\" finds something", query);
	cr_expect_str_eq(P->articles[h[0].article]->id, want, "search \"%s\"", query);
	free(h);
}

#define RANK(name, query, want) \
	Test(ranking, name) { expect_top(query, want); }

/* error codes, as printed and typed in other ways */
RANK(code_device_cap_reached, "DeviceCapReached", "device-cap-reached")
RANK(code_no_enrollment_policy, "NoEnrollmentPolicy", "no-enrollment-policy")
RANK(code_account_not_onboarded, "AccountNotOnboarded", "account-not-onboarded")
RANK(code_mdm_authority_not_defined, "MdmAuthorityNotDefined", "mdm-authority-not-defined")
RANK(code_apns_certificate_not_valid, "APNSCertificateNotValid", "apns-certificate-not-valid")
RANK(code_device_type_not_supported, "DeviceTypeNotSupported", "device-type-not-supported")
RANK(code_user_license_type_invalid, "UserLicenseTypeInvalid", "user-license-type-invalid")
RANK(code_spaced_words, "device cap", "device-cap-reached")
RANK(code_spaced_all_words, "Device Cap Reached", "device-cap-reached")
RANK(code_lowercase_run_together, "mdmauthoritynotdefined", "mdm-authority-not-defined")
RANK(code_shouted, "MDM_AUTHORITY_NOT_DEFINED", "mdm-authority-not-defined")
RANK(code_xpc_type_error, "XPC_TYPE_ERROR", "xpc-type-error-connection-invalid")
/* on-screen messages, whole or in part */
RANK(msg_network_error, "Profile Installation Failed. A Network Error Has Occurred.",
     "profile-install-network-error")
RANK(msg_server_unreachable,
     "Profile Installation Failed. Connection to the server could not be established.",
     "profile-install-server-unreachable")
RANK(msg_payload_mismatch,
     "Profile Installation Failed. The new MDM payload does not match the old payload.",
     "mdm-payload-mismatch")
RANK(msg_profile_installation_failed, "Profile installation failed", "profile-installation-failed")
RANK(msg_awaiting_final_configuration, "Awaiting final configuration", "stuck-on-enrollment-screen")
RANK(msg_guided_access, "Guided Access app unavailable", "stuck-on-enrollment-screen")
RANK(msg_token_has_expired, "This token has expired", "stuck-on-enrollment-screen")
RANK(msg_token_was_deleted, "This token was deleted", "stuck-on-enrollment-screen")
RANK(msg_unable_to_sync, "Unable to sync", "devices-inactive")
RANK(msg_trying_to_sync, "Trying to sync\xe2\x80\xa6", "devices-inactive")
RANK(msg_workplace_join_failed, "Workplace Join failed", "workplace-join-failed")
RANK(msg_user_name_not_recognized, "User Name Not Recognized", "user-name-not-recognized")
RANK(msg_user_name_full,
     "User Name Not Recognized. This user account is not authorized to use Microsoft Intune. "
     "Contact your system administrator if you think you have received this message in error.",
     "user-name-not-recognized")
RANK(msg_company_portal_full,
     "Company Portal Temporarily Unavailable. The Company Portal app encountered a problem. "
     "If the problem persists, contact your system administrator.",
     "company-portal-temporarily-unavailable")
RANK(msg_invalid_profile_with_company_name,
     "The configuration for your iPhone/iPad could not be downloaded from Contoso: Invalid Profile.",
     "invalid-profile-device-type-restriction")
RANK(msg_cursor_expired, "Cursor expired", "token-cursor-expired")
RANK(msg_invalid_cursor, "Invalid cursor", "token-invalid-cursor")
RANK(msg_required_cursor, "Required cursor", "token-required-cursor")
RANK(msg_apple_profile_not_found, "Apple profile not found", "token-apple-profile-not-found")
RANK(msg_invalid_department, "Invalid department entry", "token-invalid-department")
RANK(msg_invalid_support_phone, "Invalid support phone number", "token-invalid-support-phone")
RANK(msg_internal_server_error, "Internal server error", "token-internal-server-error")
RANK(msg_ade_does_not_start, "ADE enrollment doesn't start", "ade-enrollment-does-not-start")
/* typos */
RANK(typo_transposed_code, "DeviceCapRaeched", "device-cap-reached")
RANK(typo_workplace, "worplace join", "workplace-join-failed")
RANK(typo_access, "Abm acess denied", "token-access-denied")
/* run-together words */
RANK(run_together_devicecap, "devicecap", "device-cap-reached")
RANK(run_together_xpctypeerror, "xpctypeerror", "xpc-type-error-connection-invalid")
RANK(run_together_multifactor, "multifactor", "ade-enrollment-stuck-at-login")
/* pasted log lines from the source document */
RANK(log_xpc_type_error,
     "mobileassetd[83] <Notice>: 0x1a49aebc0 Client connection: XPC_TYPE_ERROR Connection invalid "
     "<error: 0x1a49aebc0> { count = 1, transaction: 0, voucher = 0x0, contents = "
     "\"XPCErrorDescription\" => <string: 0x1a49aee18> { length = 18, contents = "
     "\"Connection invalid\" } }",
     "xpc-type-error-connection-invalid")
RANK(log_terminating_connection,
     "iPhone mobileassetd[83] <Notice>: Client connection invalid (Connection invalid); "
     "terminating connection",
     "xpc-type-error-connection-invalid")
RANK(log_mobile_asset_error,
     "iPhone com.apple.accessibility.AccessibilityUIServer(MobileAsset)[288] <Notice>: "
     "[MobileAssetError:29] Unable to copy asset information from https://mesu.apple.com/assets/ "
     "for asset type com.apple.MobileAsset.VoiceServices.CombinedVocalizerVoices",
     "xpc-type-error-connection-invalid")
RANK(log_with_syslog_timestamp,
     "Mar  3 10:22:01 iPhone mobileassetd[83] <Notice>: Client connection invalid "
     "(Connection invalid); terminating connection",
     "xpc-type-error-connection-invalid")
/* abbreviations and their expansions (from the content's keywords) */
RANK(abbr_dep_token_expired, "DEP token expired", "token-expired-or-invalid")
RANK(abbr_t_and_c, "T&C", "token-terms-not-accepted")
RANK(abbr_terms_and_conditions, "terms and conditions", "token-terms-not-accepted")
RANK(abbr_mfa, "MFA", "ade-enrollment-stuck-at-login")
RANK(abbr_multi_factor, "multi-factor authentication", "ade-enrollment-stuck-at-login")
RANK(abbr_abm_access_denied, "ABM access denied", "token-access-denied")
RANK(abbr_vpp_token, "VPP token", "stuck-on-enrollment-screen")
/* typed as you go */
RANK(prefix_device_ca, "DeviceCa", "device-cap-reached")
RANK(prefix_xpc_type_err, "xpc type err", "xpc-type-error-connection-invalid")
RANK(prefix_profile_instal, "profile instal", "profile-installation-failed")
RANK(prefix_get_adfs, "Get-Adfs", "ws-trust-13-not-enabled")
/* facts from inside articles */
RANK(fact_ws_trust_version, "WS-Trust 1.3", "ws-trust-13-not-enabled")
RANK(fact_ios_version, "iOS 8.0", "device-type-not-supported")
RANK(fact_ten_minutes, "10 minutes", "stuck-on-enrollment-screen")
RANK(fact_government_cloud, "government cloud", "government-cloud-redirect")
RANK(fact_adfs_path, "/adfs/services/trust/13/UsernameMixed", "ws-trust-13-not-enabled")

Test(ranking, prefix_stuck_enr_finds_the_stuck_screens_first)
{
	struct search_hit *h;
	size_t n = search_run(PIDX, "stuck enr", 0, &h), i;

	cr_assert_geq(n, 2);
	for (i = 0; i < 2; i++) {
		const struct kb_article *a = P->articles[h[i].article];
		bool stuck = false;
		size_t c;

		for (c = 0; c < a->ncategories; c++)
			stuck = stuck || strcmp(P->categories[a->categories[c]].name,
						"Stuck screens") == 0;
		cr_expect(stuck, "hit %zu (%s) is a stuck screen", i + 1, a->id);
	}
	free(h);
}

Test(ranking, every_keystroke_of_a_code_keeps_it_first)
{
	static const char code[] = "DeviceCapReached";
	size_t k;

	/* from the first letter that can tell it from "device..." */
	for (k = strlen("DeviceC"); k <= strlen(code); k++) {
		char *q = strndup(code, k);

		expect_top(q, "device-cap-reached");
		free(q);
	}
}

Test(ranking, nonsense_and_garbage_find_nothing)
{
	static const char *const queries[] = {
		"zzzqqq",
		"xyzzy plugh",
		"the quick brown fox jumps over the lazy dog",
		"0x1a49aebc0 [83] 10:22:01",
		"lorem ipsum dolor sit amet consectetur adipiscing elit",
	};
	size_t i;

	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		struct search_hit *h;
		size_t n = search_run(PIDX, queries[i], 0, &h);

		if (n)
			dump_top(queries[i], h, n);
		cr_expect_eq(n, 0, "search \"%s\" finds nothing", queries[i]);
		free(h);
	}
}

Test(ranking, every_article_is_found_by_its_own_title)
{
	size_t i;

	for (i = 0; i < P->narticles; i++) {
		struct search_hit *h;
		size_t n = search_run(PIDX, P->articles[i]->title, 0, &h);

		if (!n || h[0].article != i)
			dump_top(P->articles[i]->title, h, n);
		cr_expect(n && h[0].article == i, "title of %s", P->articles[i]->id);
		free(h);
	}
}

Test(ranking, highlight_a_shipped_title)
{
	const struct kb_article *a = P->articles[kb_find(P, "device-cap-reached")];
	struct search_query *q = search_query_new(PIDX, "devicecap");
	struct search_match *m;
	size_t n = search_query_matches(q, a->title, strlen(a->title), &m), i;
	struct strbuf sb = STRBUF_INIT;

	for (i = 0; i < n; i++) {
		if (i)
			sb_putc(&sb, '|');
		sb_add(&sb, a->title + m[i].off, m[i].len);
	}
	cr_expect_str_eq(sb_str(&sb), "DeviceCapReached|Device Cap");
	sb_free(&sb);
	free(m);
	search_query_free(q);
}

Test(ranking, index_prints_results_without_the_kb)
{
	size_t i;

	cr_assert_eq(search_index_ndocs(PIDX), P->narticles);
	for (i = 0; i < P->narticles; i++) {
		const struct kb_article *a = P->articles[i];

		cr_expect_str_eq(search_index_doc_id(PIDX, i), a->id);
		cr_expect_str_eq(search_index_doc_title(PIDX, i), a->title);
		cr_expect_str_eq(search_index_doc_category(PIDX, i),
				 P->categories[a->categories[0]].name);
	}
}
