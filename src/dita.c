/* dita.c: placeholder until the module lands. */
#include "config.h"
#include "dita.h"
struct kb_article *dita_parse_topic(struct kb *kb, const char *file, const char *buf, size_t len, struct dita_xrefs *xrefs, struct diag_list *dl)
{ (void)kb; (void)buf; (void)len; (void)xrefs; diag_add(dl, DIAG_ERROR, file, 0, "not implemented"); return NULL; }
int dita_parse_map(const char *file, const char *buf, size_t len, struct dita_map *map, struct diag_list *dl)
{ (void)buf; (void)len; (void)map; diag_add(dl, DIAG_ERROR, file, 0, "not implemented"); return -1; }
void dita_map_free(struct dita_map *map) { (void)map; }
void dita_xrefs_free(struct dita_xrefs *x) { (void)x; }
