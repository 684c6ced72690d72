/* progress.c: placeholder until the module lands. */
#include "config.h"
#include "progress.h"
#include <stdlib.h>
struct progress { int dummy; };
char *progress_default_dir(void) { return NULL; }
struct progress *progress_open(const char *dir, const char *case_name, struct diag_list *dl) { (void)dir; (void)case_name; (void)dl; return calloc(1, sizeof(struct progress)); }
void progress_close(struct progress *p) { free(p); }
const char *progress_case_name(const struct progress *p) { (void)p; return "default"; }
bool progress_persistent(const struct progress *p) { (void)p; return false; }
char *progress_step_key(const struct kb_article *a, const struct kb_step *s) { (void)a; (void)s; return NULL; }
struct progress_step progress_get(const struct progress *p, const struct kb_article *a, const struct kb_step *s) { (void)p; (void)a; (void)s; struct progress_step r = {0, NULL}; return r; }
void progress_set_done(struct progress *p, const struct kb_article *a, const struct kb_step *s, bool done, time_t now) { (void)p; (void)a; (void)s; (void)done; (void)now; }
void progress_set_note(struct progress *p, const struct kb_article *a, const struct kb_step *s, const char *note, time_t now) { (void)p; (void)a; (void)s; (void)note; (void)now; }
void progress_reset(struct progress *p, const struct kb_article *a, time_t now) { (void)p; (void)a; (void)now; }
size_t progress_done_count(const struct progress *p, const struct kb_article *a) { (void)p; (void)a; return 0; }
bool progress_save(struct progress *p, struct diag_list *dl) { (void)p; (void)dl; return false; }
size_t progress_list_cases(const char *dir, struct progress_case **cases, struct diag_list *dl) { (void)dir; (void)dl; *cases = NULL; return 0; }
void progress_cases_free(struct progress_case *cases, size_t n) { (void)cases; (void)n; }
void progress_export_markdown(const struct progress *p, const struct kb_article *a, struct strbuf *out) { (void)p; (void)a; (void)out; }
