/* search.c: placeholder until the module lands. */
#include "config.h"
#include "search.h"
#include <stdlib.h>
struct search_index { int dummy; };
struct search_query { int dummy; };
struct search_index *search_index_build(const struct kb *kb) { (void)kb; return calloc(1, sizeof(struct search_index)); }
void search_index_free(struct search_index *idx) { free(idx); }
struct search_query *search_query_new(const struct search_index *idx, const char *query) { (void)idx; (void)query; return calloc(1, sizeof(struct search_query)); }
void search_query_free(struct search_query *q) { free(q); }
size_t search_query_run(const struct search_index *idx, const struct search_query *q, size_t limit, struct search_hit **hits) { (void)idx; (void)q; (void)limit; *hits = NULL; return 0; }
size_t search_query_matches(const struct search_query *q, const char *text, size_t len, struct search_match **out) { (void)q; (void)text; (void)len; *out = NULL; return 0; }
size_t search_run(const struct search_index *idx, const char *query, size_t limit, struct search_hit **hits) { (void)idx; (void)query; (void)limit; *hits = NULL; return 0; }
