/* SPDX-License-Identifier: MIT */
/* map.c: fuzz target for the map loader (dita_parse_map), and for the
 * pack loader resolving what a map refers to.
 *
 * Input: the bytes of one map file.  It is parsed alone, then loaded as
 * the map of an in-memory pack holding a few small topics (a.dita,
 * sub/b.dita, c.dita) so that hrefs to them, to missing files and out of
 * the pack are resolved the way a real pack's are -- with no file read,
 * as the built-in pack is.  Every diagnostic is one line; a map that
 * parses lists every topicref with an href. */
#include "config.h"

#include <string.h>

#include "dita.h"
#include "fuzz.h"
#include "kb.h"
#include "pack.h"

#define TOPIC(id, body)                                                       \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                        \
	"<troubleshooting id=\"" id "\"><title>Topic " id "</title>"         \
	"<troublebody><condition><p>" body "</p></condition>"                \
	"<troubleSolution><cause><p>Cause.</p></cause><remedy><steps>"       \
	"<step><cmd>Do it.</cmd></step></steps></remedy></troubleSolution>"  \
	"</troublebody></troubleshooting>\n"

static const char topic_a[] = TOPIC("a",
	"See <xref href=\"sub/b.dita\"/> and <xref href=\"c.dita#c\">c</xref>.");
static const char topic_b[] = TOPIC("b",
	"Back to <xref href=\"../a.dita\"/>, <image href=\"../img/x.png\"><alt>x</alt></image>.");
static const char topic_c[] = TOPIC("c",
	"Code <msgnum>0x80180014</msgnum>, <xref href=\"missing.dita\"/>.");

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void check_map(const struct dita_map *map)
{
	size_t i, j;

	for (i = 0; i < map->nheads; i++) {
		const struct dita_topichead *h = &map->heads[i];

		FUZZ_CHECK(h->navtitle != NULL, "head %zu has no name", i);
		for (j = 0; j < h->nrefs; j++)
			FUZZ_CHECK(h->refs[j].href && *h->refs[j].href,
				   "head %zu ref %zu has no href", i, j);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct pack_file files[] = {
		{ "enrollkb.ditamap", (const char *)data, size },
		{ "a.dita", topic_a, sizeof(topic_a) - 1 },
		{ "sub/b.dita", topic_b, sizeof(topic_b) - 1 },
		{ "c.dita", topic_c, sizeof(topic_c) - 1 },
		{ "img/x.png", "\x89PNG", 4 },
	};
	struct pack_set set = { files, sizeof(files) / sizeof(files[0]), NULL, 0 };
	struct diag_list dl = DIAG_LIST_INIT;
	struct dita_map map;
	struct kb *kb;
	size_t i;

	if (dita_parse_map(FUZZ_MAP_FILE, (const char *)data, size, &map, &dl) == 0)
		check_map(&map);
	else
		FUZZ_CHECK(diag_count(&dl, DIAG_ERROR) > 0, "a map refused without an error");
	fuzz_check_diags(&dl, FUZZ_MAP_FILE);
	dita_map_free(&map);
	diag_list_free(&dl);

	kb = pack_load(&set, &dl);
	fuzz_check_diags(&dl, NULL);
	FUZZ_CHECK(kb->narticles <= 3, "%zu articles from 3 topics", kb->narticles);
	for (i = 0; i < kb->ncategories; i++) {
		size_t j;

		FUZZ_CHECK(kb->categories[i].name != NULL, "category %zu", i);
		for (j = 0; j < kb->categories[i].narticles; j++)
			FUZZ_CHECK(kb->categories[i].articles[j] < kb->narticles,
				   "category %zu lists article %zu of %zu", i,
				   kb->categories[i].articles[j], kb->narticles);
	}
	kb_free(kb);
	diag_list_free(&dl);
	return 0;
}
