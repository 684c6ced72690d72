/* SPDX-License-Identifier: MIT */
/* outline.c: an article's cmark-gfm tree -> troubleshooting topics.
 *
 * The tree is first cut into sections by its headings.  Then, in this
 * order:
 *   - an article whose sections are named Symptom(s), Cause(s), Solution
 *     or Resolution (or Workaround) is one topic: intro and symptoms are
 *     the condition, the causes its cause, each solution part a remedy;
 *   - a table whose header names an error (or message, or code) column
 *     and a solution (or resolution) column gives one topic per row;
 *   - a section whose paragraphs start with bold Cause: / Solution: (or
 *     Resolution:, Issue:) labels is a topic with condition, cause and
 *     remedy; a section whose subsections are alternatives each with its
 *     own Solution: (Scenario 1, 2 ...) is one topic, a cause per
 *     subsection;
 *   - any other section is a topic with its text kept: what precedes its
 *     first ordered list is the condition, the rest the remedy.
 * Sections two levels below the title get topics of their own; deeper
 * ones stay inside theirs.  Every article also has a main topic (its title
 * and introduction, or the whole structured article) that links to its
 * other topics; links to the file without an anchor lead there.
 *
 * Ids are the file's name and the heading (or row) as a slug, made unique
 * in import order; categories follow the rules in doc/enrollkb-import.1. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import.h"
#include "xalloc.h"

#define SLUG_MAX 60
/* Text beside an error table at most this long is repeated in each row's
 * topic as context; longer text gets a topic of its own. */
#define ROW_CONTEXT_MAX 600

struct section {
	cmark_node *heading;      /* NULL for the article itself */
	int level;
	char *title;              /* plain */
	cmark_node **content;
	size_t ncontent, ccap;
	struct section *kids;
	size_t nkids, kcap;
	size_t topic;             /* the topic that holds it, NO_TOPIC: its parent's */
};

/* ---- Sections --------------------------------------------------------------- */

static void section_free(struct section *s)
{
	size_t i;

	for (i = 0; i < s->nkids; i++)
		section_free(&s->kids[i]);
	free(s->kids);
	free(s->content);
	free(s->title);
}

static void build_sections(struct md_file *f, struct section *root)
{
	struct section *stack[8];
	size_t depth = 1;
	cmark_node *n;
	bool titled = false;

	memset(root, 0, sizeof(*root));
	root->level = 1;
	root->topic = NO_TOPIC;
	stack[0] = root;
	for (n = cmark_node_first_child(f->doc); n; n = cmark_node_next(n)) {
		int level;
		struct section *parent, *s;

		if (cmark_node_get_type(n) != CMARK_NODE_HEADING) {
			struct section *top = stack[depth - 1];

			top->content = xgrow(top->content, &top->ccap, top->ncontent + 1,
					     sizeof(*top->content));
			top->content[top->ncontent++] = n;
			continue;
		}
		level = cmark_node_get_heading_level(n);
		if (level == 1 && !titled && !root->heading && depth == 1 &&
		    !root->nkids) {
			root->heading = n;
			root->title = node_plain(n);
			titled = true;
			continue;
		}
		if (level < 2)
			level = 2;
		while (depth > 1 && stack[depth - 1]->level >= level)
			depth--;
		if (depth >= sizeof(stack) / sizeof(stack[0]))
			depth = sizeof(stack) / sizeof(stack[0]) - 1;
		parent = stack[depth - 1];
		parent->kids = xgrow(parent->kids, &parent->kcap, parent->nkids + 1,
				     sizeof(*parent->kids));
		s = &parent->kids[parent->nkids++];
		memset(s, 0, sizeof(*s));
		s->heading = n;
		s->level = level;
		s->title = node_plain(n);
		s->topic = NO_TOPIC;
		stack[depth++] = s;
	}
}

/* ---- Parts ----------------------------------------------------------------------- */

static void parts_add(struct parts *p, enum part_kind kind, cmark_node *node,
		      cmark_node *from, size_t skip)
{
	p->v = xgrow(p->v, &p->cap, p->n + 1, sizeof(*p->v));
	p->v[p->n].kind = kind;
	p->v[p->n].node = node;
	p->v[p->n].from = from;
	p->v[p->n].skip = skip;
	p->n++;
}

static void parts_free(struct parts *p)
{
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}

/* A section's text with its subsections' headings and text, in order. */
static void flatten(struct section *s, struct parts *out, size_t topic)
{
	size_t i;

	for (i = 0; i < s->ncontent; i++)
		parts_add(out, PART_BLOCK, s->content[i], NULL, 0);
	for (i = 0; i < s->nkids; i++) {
		s->kids[i].topic = topic;
		parts_add(out, PART_HEADING, s->kids[i].heading, NULL, 0);
		flatten(&s->kids[i], out, topic);
	}
}

/* ---- Names: of sections and of bold labels ---------------------------------------- */

enum role { ROLE_NONE, ROLE_SYMPTOM, ROLE_CAUSE, ROLE_SOLUTION };

/* "Solution 2:", "Causes" ... -> its role. */
static enum role role_of(const char *text)
{
	static const struct { const char *name; enum role role; } names[] = {
		{ "symptom", ROLE_SYMPTOM }, { "symptoms", ROLE_SYMPTOM },
		{ "issue", ROLE_SYMPTOM }, { "problem", ROLE_SYMPTOM },
		{ "cause", ROLE_CAUSE }, { "causes", ROLE_CAUSE },
		{ "possible cause", ROLE_CAUSE }, { "possible causes", ROLE_CAUSE },
		{ "solution", ROLE_SOLUTION }, { "solutions", ROLE_SOLUTION },
		{ "resolution", ROLE_SOLUTION }, { "resolutions", ROLE_SOLUTION },
		{ "workaround", ROLE_SOLUTION }, { "fix", ROLE_SOLUTION },
	};
	size_t n = strlen(text), i;

	while (n && (text[n - 1] == ':' || text[n - 1] == ' ' ||
		     isdigit((unsigned char)text[n - 1])))
		n--;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == n && strncasecmp(text, names[i].name, n) == 0)
			return names[i].role;
	return ROLE_NONE;
}

/* A paragraph opening with a bold label ("**Cause:** ..."): its role, and
 * where the text after the label starts. */
static enum role label_of(cmark_node *para, cmark_node **from, size_t *skip)
{
	cmark_node *b, *next;
	char *text;
	enum role r;
	size_t len;
	bool colon;

	if (cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
		return ROLE_NONE;
	b = cmark_node_first_child(para);
	if (!b || cmark_node_get_type(b) != CMARK_NODE_STRONG)
		return ROLE_NONE;
	text = node_plain(b);
	len = strlen(text);
	colon = len && text[len - 1] == ':';
	r = role_of(text);
	free(text);
	next = cmark_node_next(b);
	*skip = 0;
	if (next && cmark_node_get_type(next) == CMARK_NODE_TEXT) {
		const char *lit = cmark_node_get_literal(next);

		if (lit[0] == ':') {
			colon = true;
			(*skip)++;
		}
		*skip += strspn(lit + *skip, " \t");
		if (!lit[*skip]) {
			next = cmark_node_next(next);
			*skip = 0;
		}
	}
	while (next && !*skip && cmark_node_get_type(next) == CMARK_NODE_SOFTBREAK)
		next = cmark_node_next(next);
	if (r == ROLE_NONE || (!colon && next))
		return ROLE_NONE;
	*from = next;
	return r;
}

/* ---- Topics ------------------------------------------------------------------------ */

static struct topic *topic_new(struct import *imp, struct md_file *f,
			       cmark_node *title_node, const char *title,
			       const char *context)
{
	struct topic *t = xcalloc(1, sizeof(*t));

	t->file = f;
	t->title_node = title_node;
	t->title = title_node ? node_plain(title_node) : xstrdup(title);
	if (!*t->title) {
		free(t->title);
		t->title = xstrdup(f->title ? f->title : f->stem);
	}
	t->context = context && *context ? xstrdup(context) : NULL;
	t->line = title_node ? (unsigned)cmark_node_get_start_line(title_node) : 1;
	imp->topics = xgrow(imp->topics, &imp->topics_cap, imp->ntopics + 1,
			    sizeof(*imp->topics));
	imp->topics[imp->ntopics++] = t;
	f->ntopics++;
	return t;
}

static struct solution *solution_add(struct topic *t)
{
	struct solution *s;

	t->sol = xgrow(t->sol, &t->sol_cap, t->nsol + 1, sizeof(*t->sol));
	s = &t->sol[t->nsol++];
	memset(s, 0, sizeof(*s));
	return s;
}

static struct remedy *remedy_add(struct solution *s, cmark_node *title)
{
	struct remedy *r;

	s->rem = xgrow(s->rem, &s->rem_cap, s->nrem + 1, sizeof(*s->rem));
	r = &s->rem[s->nrem++];
	memset(r, 0, sizeof(*r));
	r->title = title;
	return r;
}

/* Fills t from a section's parts: by labels when there are any, else
 * condition up to the first ordered list and remedy from it; text with
 * neither is kept as an informal remedy. */
static void fill_topic(struct topic *t, const struct parts *p)
{
	struct parts *target = &t->condition;
	struct solution *sol = NULL;
	struct remedy *rem = NULL;
	bool labelled = false;
	size_t i;

	for (i = 0; i < p->n; i++) {
		cmark_node *from;
		size_t skip;

		if (p->v[i].kind == PART_BLOCK && label_of(p->v[i].node, &from, &skip) != ROLE_NONE) {
			labelled = true;
			break;
		}
	}
	if (labelled) {
		for (i = 0; i < p->n; i++) {
			const struct part *pt = &p->v[i];
			cmark_node *from = NULL;
			size_t skip = 0;
			enum role r = pt->kind == PART_BLOCK ? label_of(pt->node, &from, &skip)
							     : ROLE_NONE;

			if (r == ROLE_SYMPTOM) {
				target = &t->condition;
			} else if (r == ROLE_CAUSE) {
				if (!sol || sol->nrem || sol->cause.n)
					sol = solution_add(t);
				target = &sol->cause;
			} else if (r == ROLE_SOLUTION) {
				if (!sol)
					sol = solution_add(t);
				rem = remedy_add(sol, NULL);
				target = &rem->body;
			}
			if (r == ROLE_NONE)
				parts_add(target, pt->kind, pt->node, pt->from, pt->skip);
			else if (from)
				parts_add(target, PART_BLOCK, pt->node, from, skip);
		}
		return;
	}
	for (i = 0; i < p->n; i++)
		if (p->v[i].kind == PART_BLOCK && is_ordered_list(p->v[i].node))
			break;
	if (i < p->n) {
		size_t k;

		for (k = 0; k < i; k++)
			parts_add(&t->condition, p->v[k].kind, p->v[k].node, p->v[k].from, p->v[k].skip);
		rem = remedy_add(solution_add(t), NULL);
		for (k = i; k < p->n; k++)
			parts_add(&rem->body, p->v[k].kind, p->v[k].node, p->v[k].from, p->v[k].skip);
		return;
	}
	rem = remedy_add(solution_add(t), NULL);
	for (i = 0; i < p->n; i++)
		parts_add(&rem->body, p->v[i].kind, p->v[i].node, p->v[i].from, p->v[i].skip);
}

/* ---- Error tables ------------------------------------------------------------------- */

struct columns {
	int error, cause, solution;
};

static const char *ext_type(cmark_node *n)
{
	const char *s = cmark_node_get_type_string(n);

	return s ? s : "";
}

static bool is_table(cmark_node *n)
{
	return strcmp(ext_type(n), "table") == 0;
}

static bool header_has(const char *h, const char *const *words)
{
	for (; *words; words++)
		if (has_word(h, *words))
			return true;
	return false;
}

static bool error_table(cmark_node *table, struct columns *c)
{
	static const char *const err[] = { "error", "errors", "message", "code", "error code", NULL };
	static const char *const cause[] = { "cause", "issue", "problem", "reason", "possible problem", NULL };
	static const char *const sol[] = { "solution", "resolution", "fix", "action", "workaround", "suggested resolution", NULL };
	cmark_node *head = cmark_node_first_child(table), *cell;
	int i;

	c->error = c->cause = c->solution = -1;
	if (!head || strcmp(ext_type(head), "table_header") != 0)
		return false;
	for (cell = cmark_node_first_child(head), i = 0; cell; cell = cmark_node_next(cell), i++) {
		char *h = node_plain(cell);

		if (c->error < 0 && header_has(h, err))
			c->error = i;
		else if (c->cause < 0 && header_has(h, cause))
			c->cause = i;
		else if (c->solution < 0 && header_has(h, sol))
			c->solution = i;
		free(h);
	}
	return c->error >= 0 && c->solution >= 0;
}

static cmark_node *nth_cell(cmark_node *row, int k)
{
	cmark_node *c = cmark_node_first_child(row);

	while (c && k-- > 0)
		c = cmark_node_next(c);
	return c;
}

static bool cell_blank(cmark_node *cell)
{
	char *s = cell ? node_plain(cell) : xstrdup("");
	bool blank = !*s;

	free(s);
	return blank;
}

/* One topic per row; a row with only its first cell filled continues the
 * row before it (a line break inside a cell, as some articles have). */
static void table_rows(struct import *imp, struct md_file *f, struct section *s,
		       cmark_node *table, const struct columns *c,
		       const struct parts *context)
{
	struct topic *prev = NULL;
	cmark_node *row;
	size_t i;

	for (row = cmark_node_next(cmark_node_first_child(table)); row; row = cmark_node_next(row)) {
		cmark_node *err = nth_cell(row, c->error), *cell;
		struct topic *t;
		struct solution *sol;
		bool rest_blank = true;
		int k;

		for (cell = cmark_node_first_child(row), k = 0; cell; cell = cmark_node_next(cell), k++)
			if (k > 0 && !cell_blank(cell))
				rest_blank = false;
		if (prev && rest_blank) {
			struct solution *ps = &prev->sol[prev->nsol - 1];

			parts_add(&ps->rem[ps->nrem - 1].body, PART_CELL,
				  cmark_node_first_child(row), NULL, 0);
			continue;
		}
		if (cell_blank(err))
			continue;
		t = topic_new(imp, f, err, NULL, s->title);
		t->line = (unsigned)cmark_node_get_start_line(row);
		t->from_table = true;
		t->title_is_message = !text_all_codes(t->title);
		parts_add(&t->condition, PART_MESSAGE, err, NULL, 0);
		for (i = 0; i < context->n; i++)
			parts_add(&t->condition, context->v[i].kind, context->v[i].node, NULL, 0);
		sol = solution_add(t);
		if (c->cause >= 0 && !cell_blank(nth_cell(row, c->cause)))
			parts_add(&sol->cause, PART_CELL, nth_cell(row, c->cause), NULL, 0);
		parts_add(&remedy_add(sol, NULL)->body, PART_CELL,
			  nth_cell(row, c->solution), NULL, 0);
		if (s->topic == NO_TOPIC)
			s->topic = imp->ntopics - 1;
		prev = t;
	}
}

/* ---- Sections -> topics ------------------------------------------------------------ */

static size_t parts_text_len(const struct parts *p)
{
	size_t i, n = 0;

	for (i = 0; i < p->n; i++) {
		char *s = node_plain(p->v[i].node);

		n += strlen(s);
		free(s);
	}
	return n;
}

/* A list whose items are each a single link: a table of contents. */
static bool link_list(cmark_node *n)
{
	cmark_node *item;

	if (cmark_node_get_type(n) != CMARK_NODE_LIST)
		return false;
	for (item = cmark_node_first_child(n); item; item = cmark_node_next(item)) {
		cmark_node *p = cmark_node_first_child(item), *l;

		if (!p || cmark_node_next(p) || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
			return false;
		l = cmark_node_first_child(p);
		if (!l || cmark_node_next(l) || cmark_node_get_type(l) != CMARK_NODE_LINK)
			return false;
	}
	return true;
}

/* A section that only introduces its subsections: at most one paragraph
 * besides lists of links to them. */
static bool only_intro(const struct section *s)
{
	size_t i, paras = 0;

	for (i = 0; i < s->ncontent; i++) {
		cmark_node *n = s->content[i];

		if (link_list(n))
			continue;
		if (cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH || ++paras > 1)
			return false;
	}
	return s->nkids > 0;
}

/* Subsections that are alternatives: each with a Solution: label and none
 * with a heading of its own kind. */
static bool kids_are_scenarios(const struct section *s)
{
	size_t i, k;

	if (s->nkids < 2)
		return false;
	for (i = 0; i < s->nkids; i++) {
		const struct section *kid = &s->kids[i];
		bool found = false;

		if (kid->nkids)
			return false;
		for (k = 0; k < kid->ncontent && !found; k++) {
			cmark_node *from;
			size_t skip;

			found = label_of(kid->content[k], &from, &skip) == ROLE_SOLUTION;
		}
		if (!found)
			return false;
	}
	return true;
}

static void section_topics(struct import *imp, struct md_file *f, struct section *s,
			   int depth);

static void scenario_topic(struct import *imp, struct md_file *f, struct section *s)
{
	struct topic *t = topic_new(imp, f, s->heading, NULL, NULL);
	size_t i, k;

	s->topic = imp->ntopics - 1;
	for (i = 0; i < s->ncontent; i++)
		parts_add(&t->condition, PART_BLOCK, s->content[i], NULL, 0);
	for (i = 0; i < s->nkids; i++) {
		struct section *kid = &s->kids[i];
		struct solution *sol = solution_add(t);
		struct parts *target = &sol->cause;

		kid->topic = s->topic;
		for (k = 0; k < kid->ncontent; k++) {
			cmark_node *from = NULL;
			size_t skip = 0;
			enum role r = label_of(kid->content[k], &from, &skip);

			if (r == ROLE_SOLUTION)
				target = &remedy_add(sol, NULL)->body;
			else if (r != ROLE_NONE)
				target = &sol->cause;
			if (r == ROLE_NONE)
				parts_add(target, PART_BLOCK, kid->content[k], NULL, 0);
			else if (from)
				parts_add(target, PART_BLOCK, kid->content[k], from, skip);
		}
	}
}

static void section_topics(struct import *imp, struct md_file *f, struct section *s,
			   int depth)
{
	struct parts other = { NULL, 0, 0 }, own = { NULL, 0, 0 };
	bool tables = false;
	size_t i;

	for (i = 0; i < s->ncontent; i++) {
		struct columns c;

		if (is_table(s->content[i]) && error_table(s->content[i], &c))
			tables = true;
		else
			parts_add(&other, PART_BLOCK, s->content[i], NULL, 0);
	}
	if (tables) {
		bool separate = parts_text_len(&other) > ROW_CONTEXT_MAX;
		struct parts none = { NULL, 0, 0 };

		for (i = 0; i < s->ncontent; i++) {
			struct columns c;

			if (is_table(s->content[i]) && error_table(s->content[i], &c))
				table_rows(imp, f, s, s->content[i], &c,
					   separate ? &none : &other);
		}
		if (separate) {
			struct topic *t = topic_new(imp, f, s->heading, NULL, NULL);

			fill_topic(t, &other);
		}
		for (i = 0; i < s->nkids; i++)
			section_topics(imp, f, &s->kids[i], depth + 1);
		parts_free(&other);
		return;
	}
	parts_free(&other);
	if (kids_are_scenarios(s)) {
		scenario_topic(imp, f, s);
		return;
	}
	if (depth >= 2) {
		struct topic *t = topic_new(imp, f, s->heading, NULL, NULL);

		s->topic = imp->ntopics - 1;
		flatten(s, &own, s->topic);
		fill_topic(t, &own);
		parts_free(&own);
		return;
	}
	if (s->ncontent && !only_intro(s)) {
		struct topic *t = topic_new(imp, f, s->heading, NULL, NULL);

		s->topic = imp->ntopics - 1;
		for (i = 0; i < s->ncontent; i++)
			parts_add(&own, PART_BLOCK, s->content[i], NULL, 0);
		fill_topic(t, &own);
		parts_free(&own);
	}
	for (i = 0; i < s->nkids; i++)
		section_topics(imp, f, &s->kids[i], depth + 1);
}

/* The article as one topic when its sections are Symptom/Cause/Solution. */
static bool structured_article(struct import *imp, struct md_file *f,
			       struct section *root, struct topic *t)
{
	struct solution *sol;
	size_t i, k, main = f->main_topic;
	bool any = false;

	for (i = 0; i < root->nkids; i++)
		any = any || role_of(root->kids[i].title) == ROLE_SOLUTION;
	if (!any)
		return false;
	for (i = 0; i < root->ncontent; i++)
		parts_add(&t->condition, PART_BLOCK, root->content[i], NULL, 0);
	sol = solution_add(t);
	for (i = 0; i < root->nkids; i++) {
		struct section *s = &root->kids[i];

		switch (role_of(s->title)) {
		case ROLE_SYMPTOM:
			s->topic = main;
			flatten(s, &t->condition, main);
			break;
		case ROLE_CAUSE:
			s->topic = main;
			flatten(s, &sol->cause, main);
			break;
		case ROLE_SOLUTION:
			s->topic = main;
			if (s->ncontent) {
				/* "Solution 2" names an alternative; "Resolution" nothing */
				size_t n = strlen(s->title);
				struct remedy *r = remedy_add(sol, n && isdigit((unsigned char)s->title[n - 1])
								    ? s->heading : NULL);

				for (k = 0; k < s->ncontent; k++)
					parts_add(&r->body, PART_BLOCK, s->content[k], NULL, 0);
			}
			for (k = 0; k < s->nkids; k++) {
				struct remedy *r = remedy_add(sol, s->kids[k].heading);

				s->kids[k].topic = main;
				flatten(&s->kids[k], &r->body, main);
			}
			break;
		case ROLE_NONE:
			break;
		}
	}
	for (i = 0; i < root->nkids; i++)
		if (role_of(root->kids[i].title) == ROLE_NONE)
			section_topics(imp, f, &root->kids[i], 1);
	return true;
}

static void add_anchors(struct md_file *f, const struct section *s, size_t topic)
{
	size_t i, k, dup = 0;
	char *slug, *base;

	if (s->topic != NO_TOPIC)
		topic = s->topic;
	if (s->heading) {
		base = anchor_slug(s->title);
		slug = xstrdup(base);
		/* a repeated heading gets -1, -2 ... as on the site */
		for (k = 0; k < f->nanchors; k++)
			if (strcmp(f->anchors[k].slug, slug) == 0) {
				free(slug);
				slug = xasprintf("%s-%zu", base, ++dup);
				k = (size_t)-1;
			}
		free(base);
		f->anchors = xgrow(f->anchors, &f->anchors_cap, f->nanchors + 1,
				   sizeof(*f->anchors));
		f->anchors[f->nanchors].slug = slug;
		f->anchors[f->nanchors].topic = topic;
		f->nanchors++;
	}
	for (i = 0; i < s->nkids; i++)
		add_anchors(f, &s->kids[i], topic);
}

void outline_file(struct import *imp, struct md_file *f)
{
	struct section root;
	struct topic *t;
	size_t i;

	build_sections(f, &root);
	f->first_topic = imp->ntopics;
	f->main_topic = imp->ntopics;
	t = topic_new(imp, f, root.heading, f->title ? f->title : f->stem, NULL);
	t->main = true;
	t->shortdesc = f->description;
	root.topic = f->main_topic;
	if (!structured_article(imp, f, &root, t)) {
		for (i = 0; i < root.ncontent; i++)
			parts_add(&t->condition, PART_BLOCK, root.content[i], NULL, 0);
		for (i = 0; i < root.nkids; i++)
			section_topics(imp, f, &root.kids[i], 1);
		if (imp->ntopics - f->first_topic > 1)
			parts_add(&remedy_add(solution_add(t), NULL)->body, PART_TOPICS,
				  NULL, NULL, 0);
	}
	add_anchors(f, &root, f->main_topic);
	section_free(&root);
	/* The DTD wants a troubleSolution after a condition: text that is
	 * all condition (an introduction, say) is kept as the remedy's. */
	for (i = f->first_topic; i < imp->ntopics; i++) {
		struct topic *u = imp->topics[i];

		if (!u->nsol && u->condition.n) {
			struct remedy *r = remedy_add(solution_add(u), NULL);

			r->body = u->condition;
			memset(&u->condition, 0, sizeof(u->condition));
		}
	}
}

/* ---- Ids, keywords, categories ----------------------------------------------------- */

static void keyword_add(struct topic *t, const char *k, size_t n)
{
	size_t i;
	char *s = xstrndup(k, n);

	text_squeeze(s);
	for (i = 0; i < t->nkeywords && *s; i++)
		if (strcasecmp(t->keywords[i], s) == 0)
			break;
	if (!*s || i < t->nkeywords) {
		free(s);
		return;
	}
	t->keywords = xgrow(t->keywords, &t->keywords_cap, t->nkeywords + 1,
			    sizeof(*t->keywords));
	t->keywords[t->nkeywords++] = s;
}

static void add_codes(struct topic *t, const char *s)
{
	static const char sep[] = " ,;:()[]'\"/\u201c\u201d";

	while (*s) {
		size_t w = strcspn(s, sep);

		if (w && is_error_code(s, w))
			keyword_add(t, s, w);
		s += w;
		s += strspn(s, sep);
	}
}

static void keywords(struct topic *t)
{
	add_codes(t, t->title);
	keyword_add(t, t->title, strlen(t->title));
	if (t->context)
		keyword_add(t, t->context, strlen(t->context));
	if (t->main && t->file->title) {
		add_codes(t, t->file->title);
		keyword_add(t, t->file->title, strlen(t->file->title));
	}
}

static bool any_word(const char *text, const char *const *words)
{
	for (; *words; words++)
		if (has_word(text, *words) || (strlen(*words) > 5 && strcasestr(text, *words)))
			return true;
	return false;
}

static const char *category_of(const struct import *imp, const struct topic *t)
{
	static const char *const token[] = { "token", "tokens", "sync", "syncs", "syncing", "synchronization", NULL };
	static const char *const stuck[] = { "stuck", "hang", "hangs", "hanging", "hung", "freeze", "freezes", "frozen", NULL };
	static const char *const error[] = { "error", "errors", "fail", "fails", "failed", "failure",
					     "invalid", "denied", "not recognized", "unavailable", "not supported", NULL };
	struct strbuf sb = STRBUF_INIT;
	const char *cat = "Other issues";

	if (imp->category)
		return imp->category;
	sb_puts(&sb, t->title);
	if (t->context) {
		sb_putc(&sb, ' ');
		sb_puts(&sb, t->context);
	}
	if (any_word(sb.s, token)) {
		cat = "Token sync";
	} else if (any_word(sb.s, stuck)) {
		cat = "Stuck screens";
	} else if (t->nkeywords && is_error_code(t->keywords[0], strlen(t->keywords[0]))) {
		cat = "Enrollment errors";
	} else if (t->from_table || any_word(sb.s, error)) {
		cat = "Enrollment errors";
	} else if (t->condition.n && t->condition.v[0].kind == PART_BLOCK) {
		char *first = node_plain(t->condition.v[0].node);

		if (has_word(first, "error") || has_word(first, "message"))
			cat = "Enrollment errors";
		free(first);
	}
	sb_free(&sb);
	return cat;
}

void outline_finish(struct import *imp)
{
	char **used = xcalloc(imp->ntopics + 1, sizeof(*used));
	size_t i, k;

	for (i = 0; i < imp->ntopics; i++) {
		struct topic *t = imp->topics[i];
		char *stem = id_slug(t->file->stem, SLUG_MAX), *id;
		char *head = t->main ? xstrdup("") : id_slug(t->title, SLUG_MAX);
		unsigned dup = 1;

		if (!t->main && !*head) {
			free(head);
			head = xstrdup("section");
		}
		id = xasprintf("%s%s%s%s", isalpha((unsigned char)stem[0]) ? "" : "t-",
			       stem, *head ? "-" : "", head);
		for (k = 0; k < i; k++)
			if (strcmp(used[k], id) == 0) {
				free(id);
				id = xasprintf("%s%s%s%s-%u", isalpha((unsigned char)stem[0]) ? "" : "t-",
					       stem, *head ? "-" : "", head, ++dup);
				k = (size_t)-1;
			}
		used[i] = id;
		t->id = xstrdup(id);
		free(stem);
		free(head);
		keywords(t);
		t->category = category_of(imp, t);
	}
	for (i = 0; i < imp->ntopics; i++)
		free(used[i]);
	free(used);
}

void topic_free(struct topic *t)
{
	size_t i, k;

	if (!t)
		return;
	parts_free(&t->condition);
	for (i = 0; i < t->nsol; i++) {
		parts_free(&t->sol[i].cause);
		for (k = 0; k < t->sol[i].nrem; k++)
			parts_free(&t->sol[i].rem[k].body);
		free(t->sol[i].rem);
	}
	free(t->sol);
	for (i = 0; i < t->nkeywords; i++)
		free(t->keywords[i]);
	free(t->keywords);
	free(t->id);
	free(t->title);
	free(t->context);
	free(t);
}
