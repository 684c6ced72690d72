/* SPDX-License-Identifier: MIT */
/* emit.c: cmark-gfm blocks and inlines -> DITA 1.3 elements.
 *
 * Only elements that the enrollkb loader understands and that the OASIS
 * DTDs allow where they are put: p, ul/ol/li, note, codeblock,
 * simpletable, b, i, codeph, menucascade/uicontrol, msgph, msgnum, xref;
 * steps/step/cmd/info/substeps in remedies.  Text goes through xml_put,
 * which drops control characters.  Raw HTML is reduced to its text
 * (libxml2's HTML parser for blocks; for inline tags only <br> and, in
 * table cells, <ul>/<li> mean anything).  Alerts (a block quote opening
 * with [!NOTE], [!TIP], [!IMPORTANT], [!CAUTION] or [!WARNING]) become
 * notes of that type; other block quotes quote a message or a log. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "import.h"
#include "xalloc.h"

#define TITLE_PARA_MAX 200

static bool is_ext(cmark_node *n, const char *name)
{
	const char *s = cmark_node_get_type_string(n);

	return s && strcmp(s, name) == 0;
}

static void indent(struct emit *e)
{
	int i;

	sb_putc(e->sb, '\n');
	for (i = 0; i < e->depth; i++)
		sb_puts(e->sb, "  ");
}

static void open_el(struct emit *e, const char *tag)
{
	indent(e);
	sb_printf(e->sb, "<%s>", tag);
	e->depth++;
}

static void close_el(struct emit *e, const char *tag)
{
	e->depth--;
	indent(e);
	sb_printf(e->sb, "</%s>", tag);
}

/* ---- Plain text ---------------------------------------------------------------- */

/* The tag name of an inline HTML literal ("<br/>" -> "br"), lowercased,
 * and whether it closes. */
static bool html_tag(const char *lit, char *name, size_t cap, bool *closing)
{
	size_t n = 0;

	if (*lit++ != '<')
		return false;
	*closing = *lit == '/';
	if (*closing)
		lit++;
	while (isalnum((unsigned char)*lit) && n + 1 < cap)
		name[n++] = (char)tolower((unsigned char)*lit++);
	name[n] = '\0';
	return n > 0;
}

static void plain_into(cmark_node *n, struct strbuf *sb, bool *skip)
{
	cmark_node *c;
	char tag[16];
	bool closing;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
		if (!*skip)
			sb_puts(sb, cmark_node_get_literal(n));
		return;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		sb_putc(sb, ' ');
		return;
	case CMARK_NODE_HTML_INLINE:
		if (html_tag(cmark_node_get_literal(n), tag, sizeof(tag), &closing)) {
			if (!strcmp(tag, "script") || !strcmp(tag, "style"))
				*skip = !closing;
			else
				sb_putc(sb, ' ');
		}
		return;
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_CODE_BLOCK:
		sb_puts(sb, cmark_node_get_literal(n));
		sb_putc(sb, ' ');
		return;
	default:
		break;
	}
	for (c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		plain_into(c, sb, skip);
		if (cmark_node_get_type(c) >= CMARK_NODE_DOCUMENT &&
		    cmark_node_get_type(c) <= CMARK_NODE_FOOTNOTE_DEFINITION)
			sb_putc(sb, ' ');
		else if (is_ext(c, "table_cell"))
			sb_putc(sb, ' ');
	}
}

char *node_plain(cmark_node *node)
{
	struct strbuf sb = STRBUF_INIT;
	bool skip = false;
	char *s;

	if (node)
		plain_into(node, &sb, &skip);
	s = sb_detach(&sb);
	text_squeeze(s);
	return s;
}

/* Plain text of the inline siblings first (from byte skip on) up to end. */
static char *range_plain(cmark_node *first, size_t skip, cmark_node *end)
{
	struct strbuf sb = STRBUF_INIT;
	bool sk = false;
	cmark_node *n;
	char *s;

	for (n = first; n && n != end; n = cmark_node_next(n)) {
		if (n == first && skip && cmark_node_get_type(n) == CMARK_NODE_TEXT)
			sb_puts(&sb, cmark_node_get_literal(n) + skip);
		else
			plain_into(n, &sb, &sk);
	}
	s = sb_detach(&sb);
	text_squeeze(s);
	return s;
}

static void put_plain(struct emit *e, cmark_node *n)
{
	char *s = node_plain(n);

	xml_puts(e->sb, s, XML_INLINE);
	free(s);
}

/* ---- Inlines ---------------------------------------------------------------------- */

static void inlines(struct emit *e, cmark_node *first, size_t skip, cmark_node *end,
		    bool split, int depth);

static void xref(struct emit *e, cmark_node *n)
{
	struct link_target t = link_resolve(e->imp, e->file, cmark_node_get_url(n));
	char *text;

	if (!t.url && t.topic == NO_TOPIC) {
		/* a scheme we do not follow: the text stays, the link goes */
		inlines(e, cmark_node_first_child(n), 0, NULL, false, 1);
		return;
	}
	text = node_plain(n);
	if (t.url) {
		sb_puts(e->sb, "<xref href=\"");
		xml_puts(e->sb, t.url, XML_ATTR);
		sb_puts(e->sb, "\" format=\"html\" scope=\"external\">");
		xml_puts(e->sb, *text ? text : t.url, XML_INLINE);
		sb_puts(e->sb, "</xref>");
	} else {
		sb_puts(e->sb, "<xref href=\"");
		xml_puts(e->sb, e->imp->topics[t.topic]->id, XML_ATTR);
		sb_puts(e->sb, ".dita\" format=\"dita\"");
		if (*text) {
			sb_putc(e->sb, '>');
			xml_puts(e->sb, text, XML_INLINE);
			sb_puts(e->sb, "</xref>");
		} else {
			sb_puts(e->sb, "/>");
		}
	}
	free(text);
	free(t.url);
}

static bool only_text_children(cmark_node *n)
{
	cmark_node *c;

	for (c = cmark_node_first_child(n); c; c = cmark_node_next(c))
		if (cmark_node_get_type(c) != CMARK_NODE_TEXT)
			return false;
	return true;
}

static bool is_cascade_sep(cmark_node *n)
{
	const char *lit;

	if (!n || cmark_node_get_type(n) != CMARK_NODE_TEXT)
		return false;
	lit = cmark_node_get_literal(n);
	lit += strspn(lit, " ");
	return *lit == '>' && !lit[1 + strspn(lit + 1, " ")];
}

static void uicontrol(struct emit *e, const char *s, size_t n)
{
	sb_puts(e->sb, "<uicontrol>");
	xml_put(e->sb, s, n, XML_INLINE);
	sb_puts(e->sb, "</uicontrol>");
}

/* **Devices** > **Enroll devices** (or **Users > Active Users**): a menu
 * cascade.  Returns the last node used, or NULL when n starts none. */
static cmark_node *cascade(struct emit *e, cmark_node *n, cmark_node *end)
{
	cmark_node *last = n;
	char *s;

	if (cmark_node_get_type(n) != CMARK_NODE_STRONG || !only_text_children(n))
		return NULL;
	s = node_plain(n);
	if (strstr(s, " > ")) {
		const char *p = s;

		sb_puts(e->sb, "<menucascade>");
		while (p) {
			const char *gt = strstr(p, " > ");
			size_t len = gt ? (size_t)(gt - p) : strlen(p);

			uicontrol(e, p, len);
			p = gt ? gt + 3 : NULL;
		}
		sb_puts(e->sb, "</menucascade>");
		free(s);
		return n;
	}
	free(s);
	if (!is_cascade_sep(cmark_node_next(n)) || cmark_node_next(n) == end)
		return NULL;
	{
		cmark_node *after = cmark_node_next(cmark_node_next(n));

		if (!after || after == end || cmark_node_get_type(after) != CMARK_NODE_STRONG ||
		    !only_text_children(after))
			return NULL;
	}
	sb_puts(e->sb, "<menucascade>");
	for (;;) {
		cmark_node *sep, *next;

		s = node_plain(last);
		uicontrol(e, s, strlen(s));
		free(s);
		sep = cmark_node_next(last);
		if (!is_cascade_sep(sep) || sep == end)
			break;
		next = cmark_node_next(sep);
		if (!next || next == end || cmark_node_get_type(next) != CMARK_NODE_STRONG ||
		    !only_text_children(next))
			break;
		last = next;
	}
	sb_puts(e->sb, "</menucascade>");
	return last;
}

static void line_break(struct emit *e, bool split, int depth)
{
	if (split && depth == 0) {
		/* DITA has no line break: a hard break ends the paragraph */
		sb_puts(e->sb, "</p>");
		indent(e);
		sb_puts(e->sb, "<p>");
	} else {
		sb_putc(e->sb, ' ');
	}
}

static void inline_node(struct emit *e, cmark_node *n, bool split, int depth)
{
	char tag[16];
	bool closing;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
		if (!e->skip_html)
			xml_puts(e->sb, cmark_node_get_literal(n), XML_INLINE);
		return;
	case CMARK_NODE_SOFTBREAK:
		sb_putc(e->sb, ' ');
		return;
	case CMARK_NODE_LINEBREAK:
		line_break(e, split, depth);
		return;
	case CMARK_NODE_CODE:
		sb_puts(e->sb, "<codeph>");
		xml_puts(e->sb, cmark_node_get_literal(n), XML_INLINE);
		sb_puts(e->sb, "</codeph>");
		return;
	case CMARK_NODE_EMPH:
		sb_puts(e->sb, "<i>");
		inlines(e, cmark_node_first_child(n), 0, NULL, split, depth + 1);
		sb_puts(e->sb, "</i>");
		return;
	case CMARK_NODE_STRONG:
		sb_puts(e->sb, "<b>");
		inlines(e, cmark_node_first_child(n), 0, NULL, split, depth + 1);
		sb_puts(e->sb, "</b>");
		return;
	case CMARK_NODE_LINK:
		xref(e, n);
		return;
	case CMARK_NODE_IMAGE:
		/* no pictures in a terminal: the alt text, in words */
		put_plain(e, n);
		return;
	case CMARK_NODE_HTML_INLINE:
		if (!html_tag(cmark_node_get_literal(n), tag, sizeof(tag), &closing))
			return;
		if (!strcmp(tag, "script") || !strcmp(tag, "style"))
			e->skip_html = !closing;
		else if (!strcmp(tag, "br"))
			line_break(e, split, depth);
		else if (!strcmp(tag, "li") && !closing)
			sb_puts(e->sb, " \u2022 ");
		else if (!strcmp(tag, "p") || !strcmp(tag, "div") || !strcmp(tag, "td"))
			sb_putc(e->sb, ' ');
		return;
	case CMARK_NODE_FOOTNOTE_REFERENCE:
		return;
	default:
		inlines(e, cmark_node_first_child(n), 0, NULL, split, depth);
		return;
	}
}

static void inlines(struct emit *e, cmark_node *first, size_t skip, cmark_node *end,
		    bool split, int depth)
{
	cmark_node *n;

	for (n = first; n && n != end; n = cmark_node_next(n)) {
		cmark_node *last;

		if (n == first && skip && cmark_node_get_type(n) == CMARK_NODE_TEXT) {
			if (!e->skip_html)
				xml_puts(e->sb, cmark_node_get_literal(n) + skip, XML_INLINE);
			continue;
		}
		if (!e->skip_html && (last = cascade(e, n, end)) != NULL) {
			n = last;
			continue;
		}
		inline_node(e, n, split, depth);
	}
}

/* ---- Blocks ------------------------------------------------------------------------- */

static void block(struct emit *e, cmark_node *n, cmark_node *from, size_t skip);

static void blocks_of(struct emit *e, cmark_node *first)
{
	for (; first; first = cmark_node_next(first))
		block(e, first, NULL, 0);
}

static void para(struct emit *e, cmark_node *first, size_t skip, cmark_node *end)
{
	char *text = range_plain(first, skip, end);

	if (*text) {
		indent(e);
		sb_puts(e->sb, "<p>");
		inlines(e, first, skip, end, true, 0);
		sb_puts(e->sb, "</p>");
	}
	free(text);
}

/* "[!NOTE]" at the start of a block quote: the note type, and where the
 * quote's text goes on after it. */
static const char *alert_type(cmark_node *quote, cmark_node **from, size_t *skip)
{
	static const char *const types[][2] = {
		{ "NOTE", "note" }, { "TIP", "tip" }, { "IMPORTANT", "important" },
		{ "CAUTION", "caution" }, { "WARNING", "warning" },
	};
	cmark_node *p = cmark_node_first_child(quote), *n;
	struct strbuf sb = STRBUF_INIT;
	const char *type = NULL;
	size_t i;

	if (!p || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
		return NULL;
	/* cmark keeps "[", "!NOTE" and "]" as separate text nodes */
	for (n = cmark_node_first_child(p); n && cmark_node_get_type(n) == CMARK_NODE_TEXT;
	     n = cmark_node_next(n)) {
		const char *lit = cmark_node_get_literal(n), *close;

		sb_puts(&sb, lit);
		close = strchr(sb.s, ']');
		if (!close)
			continue;
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
			size_t tn = strlen(types[i][0]);

			if (sb.s[0] == '[' && sb.s[1] == '!' &&
			    (size_t)(close - sb.s) == tn + 2 &&
			    strncasecmp(sb.s + 2, types[i][0], tn) == 0)
				type = types[i][1];
		}
		if (!type)
			break;
		/* the rest of this node after the ']' */
		*skip = strlen(lit) - (sb.len - (size_t)(close - sb.s) - 1);
		*skip += strspn(lit + *skip, " \t");
		*from = n;
		if (!lit[*skip]) {
			*from = cmark_node_next(n);
			*skip = 0;
			while (*from && (cmark_node_get_type(*from) == CMARK_NODE_SOFTBREAK ||
					 cmark_node_get_type(*from) == CMARK_NODE_LINEBREAK))
				*from = cmark_node_next(*from);
		}
		break;
	}
	sb_free(&sb);
	return type;
}

static bool has_child_type(cmark_node *n, cmark_node_type type)
{
	cmark_node *c;

	for (c = cmark_node_first_child(n); c; c = cmark_node_next(c))
		if (cmark_node_get_type(c) == type || has_child_type(c, type))
			return true;
	return false;
}

/* A quoted paragraph: a log (several lines) as a code block, a one-line
 * message as a message phrase. */
static void quoted(struct emit *e, cmark_node *p)
{
	cmark_node *c;

	if (has_child_type(p, CMARK_NODE_LINEBREAK)) {
		struct strbuf sb = STRBUF_INIT;
		bool skip = false;

		for (c = cmark_node_first_child(p); c; c = cmark_node_next(c)) {
			if (cmark_node_get_type(c) == CMARK_NODE_LINEBREAK)
				sb_putc(&sb, '\n');
			else
				plain_into(c, &sb, &skip);
		}
		indent(e);
		sb_puts(e->sb, "<codeblock>");
		xml_puts(e->sb, sb_str(&sb), XML_CODE);
		sb_puts(e->sb, "</codeblock>");
		sb_free(&sb);
	} else if (!has_child_type(p, CMARK_NODE_LINK)) {
		char *text = node_plain(p);

		if (*text) {
			indent(e);
			sb_puts(e->sb, "<p><msgph>");
			xml_puts(e->sb, text, XML_INLINE);
			sb_puts(e->sb, "</msgph></p>");
		}
		free(text);
	} else {
		para(e, cmark_node_first_child(p), 0, NULL);
	}
}

static void quote(struct emit *e, cmark_node *n)
{
	cmark_node *from = NULL, *c;
	size_t skip = 0;
	const char *type = alert_type(n, &from, &skip);
	bool outer;

	if (!type) {
		for (c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
			if (cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH)
				quoted(e, c);
			else
				block(e, c, NULL, 0);
		}
		return;
	}
	outer = !e->in_note;
	if (outer) {
		indent(e);
		sb_printf(e->sb, "<note type=\"%s\">", type);
		e->depth++;
	}
	e->in_note = true;
	if (from)
		para(e, from, skip, NULL);
	blocks_of(e, cmark_node_next(cmark_node_first_child(n)));
	if (outer) {
		e->in_note = false;
		close_el(e, "note");
	}
}

static void list(struct emit *e, cmark_node *n)
{
	const char *tag = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST ? "ol" : "ul";
	cmark_node *item;

	open_el(e, tag);
	for (item = cmark_node_first_child(n); item; item = cmark_node_next(item)) {
		cmark_node *c = cmark_node_first_child(item);

		if (c && !cmark_node_next(c) && cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH) {
			indent(e);
			sb_puts(e->sb, "<li>");
			inlines(e, cmark_node_first_child(c), 0, NULL, false, 0);
			sb_puts(e->sb, "</li>");
			continue;
		}
		open_el(e, "li");
		blocks_of(e, c);
		close_el(e, "li");
	}
	close_el(e, tag);
}

static void code_block(struct emit *e, cmark_node *n)
{
	const char *info = cmark_node_get_fence_info(n), *lit = cmark_node_get_literal(n);
	size_t len = strlen(lit), k = 0;

	while (len && lit[len - 1] == '\n')
		len--;
	indent(e);
	sb_puts(e->sb, "<codeblock");
	if (info) {
		while (isalnum((unsigned char)info[k]) || info[k] == '-' || info[k] == '_' || info[k] == '+')
			k++;
		if (k) {
			sb_puts(e->sb, " outputclass=\"language-");
			sb_add(e->sb, info, k);
			sb_putc(e->sb, '"');
		}
	}
	sb_putc(e->sb, '>');
	xml_put(e->sb, lit, len, XML_CODE);
	sb_puts(e->sb, "</codeblock>");
}

/* ---- Raw HTML blocks: their text --------------------------------------------------- */

static bool html_block_el(const char *name)
{
	static const char *const names[] = {
		"address", "article", "aside", "blockquote", "br", "dd", "details",
		"div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3",
		"h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
		"section", "summary", "table", "td", "th", "tr", "ul",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(name, names[i]) == 0)
			return true;
	return false;
}

static void html_flush(struct emit *e, struct strbuf *sb)
{
	char *s = sb_detach(sb);

	text_squeeze(s);
	if (*s) {
		indent(e);
		sb_puts(e->sb, "<p>");
		xml_puts(e->sb, s, XML_INLINE);
		sb_puts(e->sb, "</p>");
	}
	free(s);
}

static void html_walk(struct emit *e, xmlNode *n, struct strbuf *sb)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			sb_puts(sb, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE) {
			const char *name = (const char *)n->name;
			bool blk = html_block_el(name);

			if (!strcasecmp(name, "script") || !strcasecmp(name, "style") ||
			    !strcasecmp(name, "head") || !strcasecmp(name, "template"))
				continue;
			if (blk)
				html_flush(e, sb);
			html_walk(e, n->children, sb);
			if (blk)
				html_flush(e, sb);
			else
				sb_putc(sb, ' ');
		}
	}
}

static void html_block(struct emit *e, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	struct strbuf sb = STRBUF_INIT;
	htmlDocPtr doc;
	size_t len = strlen(lit);

	if (len > 0x7fffffff)
		return;
	doc = htmlReadMemory(lit, (int)len, NULL, "UTF-8",
			     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
			     HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED);
	if (!doc)
		return;
	html_walk(e, doc->children, &sb);
	html_flush(e, &sb);
	xmlFreeDoc(doc);
}

/* ---- Tables --------------------------------------------------------------------------- */

static void table(struct emit *e, cmark_node *n)
{
	cmark_node *row, *cell;
	bool body = false;

	for (row = cmark_node_first_child(n); row; row = cmark_node_next(row))
		body = body || is_ext(row, "table_row");
	open_el(e, "simpletable");
	for (row = cmark_node_first_child(n); row; row = cmark_node_next(row)) {
		const char *tag = is_ext(row, "table_header") && body ? "sthead" : "strow";

		open_el(e, tag);
		for (cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell)) {
			indent(e);
			sb_puts(e->sb, "<stentry>");
			inlines(e, cmark_node_first_child(cell), 0, NULL, false, 0);
			sb_puts(e->sb, "</stentry>");
		}
		close_el(e, tag);
	}
	close_el(e, "simpletable");
}

static void block(struct emit *e, cmark_node *n, cmark_node *from, size_t skip)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		para(e, from ? from : cmark_node_first_child(n), from ? skip : 0, NULL);
		return;
	case CMARK_NODE_HEADING: {
		char *text = node_plain(n);

		if (*text) {
			indent(e);
			sb_puts(e->sb, "<p><b>");
			xml_puts(e->sb, text, XML_INLINE);
			sb_puts(e->sb, "</b></p>");
		}
		free(text);
		return;
	}
	case CMARK_NODE_BLOCK_QUOTE:
		quote(e, n);
		return;
	case CMARK_NODE_LIST:
		list(e, n);
		return;
	case CMARK_NODE_CODE_BLOCK:
		code_block(e, n);
		return;
	case CMARK_NODE_HTML_BLOCK:
		html_block(e, n);
		return;
	case CMARK_NODE_THEMATIC_BREAK:
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		return;
	default:
		if (is_ext(n, "table"))
			table(e, n);
		else
			blocks_of(e, cmark_node_first_child(n));
		return;
	}
}

/* ---- Table cells as blocks (error-table rows) ------------------------------------- */

/* A cell's lines (split at <br>) and list items (<li>), each a run of
 * inline siblings. */
struct seg {
	cmark_node *first, *end;
	size_t skip;            /* a step number's bytes */
	bool li, numbered;
};

struct segs {
	struct seg *v;
	size_t n, cap;
};

static void seg_close(struct segs *s, cmark_node **first, cmark_node *end, bool li)
{
	if (*first) {
		char *text = range_plain(*first, 0, end);

		if (*text) {
			s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof(*s->v));
			s->v[s->n].first = *first;
			s->v[s->n].end = end;
			s->v[s->n].skip = 0;
			s->v[s->n].li = li;
			s->v[s->n].numbered = false;
			s->n++;
		}
		free(text);
	}
	*first = NULL;
}

/* "1. Verify ..." at the start of a line of a cell: a step. */
static void seg_number(struct seg *g)
{
	const char *lit;
	size_t k;

	if (g->li || cmark_node_get_type(g->first) != CMARK_NODE_TEXT)
		return;
	lit = cmark_node_get_literal(g->first);
	k = strspn(lit, " ");
	if (!isdigit((unsigned char)lit[k]))
		return;
	k += strspn(lit + k, "0123456789");
	if (lit[k] != '.' && lit[k] != ')')
		return;
	k++;
	if (lit[k] != ' ' && lit[k] != '\0')
		return;
	k += strspn(lit + k, " ");
	g->numbered = true;
	g->skip = k;
}

static void cell_segs(cmark_node *cell, struct segs *s)
{
	cmark_node *n, *first = NULL;
	int lists = 0;

	for (n = cmark_node_first_child(cell); n; n = cmark_node_next(n)) {
		char tag[16];
		bool closing;

		if (cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE &&
		    html_tag(cmark_node_get_literal(n), tag, sizeof(tag), &closing)) {
			if (!strcmp(tag, "br") || !strcmp(tag, "li") || !strcmp(tag, "p") ||
			    !strcmp(tag, "ul") || !strcmp(tag, "ol")) {
				seg_close(s, &first, n, lists > 0);
				if (!strcmp(tag, "ul") || !strcmp(tag, "ol"))
					lists += closing ? (lists > 0 ? -1 : 0) : 1;
				continue;
			}
		} else if (cmark_node_get_type(n) == CMARK_NODE_LINEBREAK) {
			seg_close(s, &first, n, lists > 0);
			continue;
		}
		if (!first)
			first = n;
	}
	seg_close(s, &first, NULL, lists > 0);
}

static void seg_inline(struct emit *e, const struct seg *g)
{
	cmark_node *first = g->first;
	size_t skip = g->skip;

	if (skip && !cmark_node_get_literal(first)[skip]) {
		first = cmark_node_next(first);
		skip = 0;
	}
	inlines(e, first, skip, g->end, false, 0);
	e->skip_html = false;
}

/* Segments [i, j) as paragraphs and lists. */
static void segs_blocks(struct emit *e, const struct segs *s, size_t i, size_t j)
{
	bool in_list = false;

	for (; i < j; i++) {
		const struct seg *g = &s->v[i];

		if (g->li && !in_list) {
			open_el(e, "ul");
			in_list = true;
		} else if (!g->li && in_list) {
			close_el(e, "ul");
			in_list = false;
		}
		indent(e);
		sb_puts(e->sb, g->li ? "<li>" : "<p>");
		seg_inline(e, g);
		sb_puts(e->sb, g->li ? "</li>" : "</p>");
	}
	if (in_list)
		close_el(e, "ul");
}

static void parts_segs(const struct parts *p, struct segs *s)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].kind == PART_CELL)
			cell_segs(p->v[i].node, s);
	for (i = 0; i < s->n; i++)
		seg_number(&s->v[i]);
}

/* ---- Parts --------------------------------------------------------------------------- */

static void message(struct emit *e, cmark_node *cell)
{
	char *text = node_plain(cell);

	if (!*text) {
		free(text);
		return;
	}
	indent(e);
	sb_puts(e->sb, "<p>");
	if (text_all_codes(text)) {
		const char *p = text;
		bool first = true;

		while (*p) {
			size_t w = strcspn(p, " ,;/");

			if (w) {
				sb_puts(e->sb, first ? "<msgnum>" : ", <msgnum>");
				xml_put(e->sb, p, w, XML_INLINE);
				sb_puts(e->sb, "</msgnum>");
				first = false;
			}
			p += w;
			p += strspn(p, " ,;/");
		}
	} else {
		sb_puts(e->sb, "<msgph>");
		xml_puts(e->sb, text, XML_INLINE);
		sb_puts(e->sb, "</msgph>");
	}
	sb_puts(e->sb, "</p>");
	free(text);
}

static void topic_links(struct emit *e)
{
	const struct md_file *f = e->file;
	size_t i;

	open_el(e, "ul");
	for (i = f->first_topic; i < f->first_topic + f->ntopics; i++) {
		if (i == f->main_topic)
			continue;
		indent(e);
		sb_puts(e->sb, "<li><xref href=\"");
		xml_puts(e->sb, e->imp->topics[i]->id, XML_ATTR);
		sb_puts(e->sb, ".dita\" format=\"dita\"/></li>");
	}
	close_el(e, "ul");
}

void emit_parts(struct emit *e, const struct parts *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		const struct part *pt = &p->v[i];

		switch (pt->kind) {
		case PART_BLOCK:
			block(e, pt->node, pt->from, pt->skip);
			break;
		case PART_HEADING:
			block(e, pt->node, NULL, 0);
			break;
		case PART_MESSAGE:
			message(e, pt->node);
			break;
		case PART_CELL: {
			struct segs s = { NULL, 0, 0 };

			cell_segs(pt->node, &s);
			segs_blocks(e, &s, 0, s.n);
			free(s.v);
			break;
		}
		case PART_TOPICS:
			topic_links(e);
			break;
		}
		e->skip_html = false;
	}
}

/* ---- Remedies and steps ------------------------------------------------------------- */

static void title_text(struct emit *e, const char *text)
{
	indent(e);
	sb_puts(e->sb, "<title>");
	xml_puts(e->sb, text, XML_INLINE);
	sb_puts(e->sb, "</title>");
}

static void informal(struct emit *e, const char *title, const struct parts *p,
		     size_t i, size_t j)
{
	struct parts sub = { p->v + i, j - i, 0 };

	open_el(e, "remedy");
	if (title && *title)
		title_text(e, title);
	open_el(e, "steps-informal");
	emit_parts(e, &sub);
	close_el(e, "steps-informal");
	close_el(e, "remedy");
}

static bool item_empty(cmark_node *item)
{
	char *s = node_plain(item);
	bool empty = !*s;

	free(s);
	return empty;
}

static void step(struct emit *e, cmark_node *item, bool sub, const struct parts *pre,
		 const struct parts *post)
{
	cmark_node *c = cmark_node_first_child(item);
	bool info = false;
	const char *el = sub ? "substep" : "step";

	open_el(e, el);
	if (pre && pre->n)
		emit_parts(e, pre);   /* notes only: a step may open with notes */
	indent(e);
	sb_puts(e->sb, "<cmd>");
	if (cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH)
		inlines(e, cmark_node_first_child(c), 0, NULL, false, 0);
	else
		put_plain(e, c);
	e->skip_html = false;
	sb_puts(e->sb, "</cmd>");
	for (c = cmark_node_next(c); c; c = cmark_node_next(c)) {
		if (!sub && is_ordered_list(c)) {
			cmark_node *it;

			if (info)
				close_el(e, "info");
			info = false;
			open_el(e, "substeps");
			for (it = cmark_node_first_child(c); it; it = cmark_node_next(it))
				if (!item_empty(it))
					step(e, it, true, NULL, NULL);
			close_el(e, "substeps");
			continue;
		}
		if (!info)
			open_el(e, "info");
		info = true;
		block(e, c, NULL, 0);
	}
	if (post && post->n) {
		if (!info)
			open_el(e, "info");
		info = true;
		emit_parts(e, post);
	}
	if (info)
		close_el(e, "info");
	close_el(e, el);
}

static size_t count_items(cmark_node *list)
{
	cmark_node *it;
	size_t n = 0;

	for (it = cmark_node_first_child(list); it; it = cmark_node_next(it))
		n += !item_empty(it);
	return n;
}

static void steps(struct emit *e, const char *title, cmark_node *list,
		  const struct parts *notes, const struct parts *post)
{
	cmark_node *it, *last = NULL;

	for (it = cmark_node_first_child(list); it; it = cmark_node_next(it))
		if (!item_empty(it))
			last = it;
	open_el(e, "remedy");
	if (title && *title)
		title_text(e, title);
	open_el(e, "steps");
	for (it = cmark_node_first_child(list); it; it = cmark_node_next(it))
		if (!item_empty(it)) {
			step(e, it, false, notes, it == last ? post : NULL);
			notes = NULL;
		}
	close_el(e, "steps");
	close_el(e, "remedy");
}

static bool is_alert(const struct part *pt)
{
	cmark_node *from;
	size_t skip;

	return pt->kind == PART_BLOCK &&
	       cmark_node_get_type(pt->node) == CMARK_NODE_BLOCK_QUOTE &&
	       alert_type(pt->node, &from, &skip) != NULL;
}

/* One paragraph of plain words before a list ("To fix this issue, follow
 * these steps:") titles the steps; anything more is a remedy of its own. */
static char *intro_title(const struct parts *p, size_t i, size_t j)
{
	char *text;

	if (j != i + 1 || p->v[i].kind != PART_BLOCK ||
	    cmark_node_get_type(p->v[i].node) != CMARK_NODE_PARAGRAPH ||
	    has_child_type(p->v[i].node, CMARK_NODE_LINK) ||
	    has_child_type(p->v[i].node, CMARK_NODE_LINEBREAK))
		return NULL;
	text = p->v[i].from ? range_plain(p->v[i].from, p->v[i].skip, NULL)
			    : node_plain(p->v[i].node);
	if (strlen(text) > TITLE_PARA_MAX) {
		free(text);
		return NULL;
	}
	return text;
}

static bool block_steps(struct emit *e, const struct remedy *r)
{
	const struct parts *p = &r->body;
	char *title = r->title ? node_plain(r->title) : NULL;
	size_t i = 0, j, last_ol = p->n;
	bool any = false;

	for (j = 0; j < p->n; j++)
		if (p->v[j].kind == PART_BLOCK && is_ordered_list(p->v[j].node) &&
		    count_items(p->v[j].node))
			last_ol = j;
	if (last_ol == p->n) {
		free(title);
		return false;
	}
	while (i < p->n) {
		struct parts post = { NULL, 0, 0 }, notes = { NULL, 0, 0 };
		char *intro;
		size_t k;

		for (j = i; j < p->n; j++)
			if (p->v[j].kind == PART_BLOCK && is_ordered_list(p->v[j].node) &&
			    count_items(p->v[j].node))
				break;
		if (j == p->n) {
			informal(e, any ? NULL : title, p, i, j);
			break;
		}
		/* notes before the list open its first step */
		for (k = i; k < j && is_alert(&p->v[k]); k++)
			;
		notes.v = p->v + i;
		notes.n = k - i;
		intro = title ? NULL : intro_title(p, k, j);
		if (!intro && k < j) {
			informal(e, title, p, i, j);
			free(title);
			title = NULL;
			notes.n = 0;
		}
		if (j == last_ol) {
			post.v = p->v + j + 1;
			post.n = p->n - j - 1;
		}
		steps(e, intro ? intro : title, p->v[j].node, &notes, &post);
		free(intro);
		free(title);
		title = NULL;
		any = true;
		i = j == last_ol ? p->n : j + 1;
	}
	free(title);
	return true;
}

static bool cell_steps(struct emit *e, const struct remedy *r)
{
	struct segs s = { NULL, 0, 0 };
	size_t i, first = (size_t)-1;

	parts_segs(&r->body, &s);
	for (i = 0; i < s.n && first == (size_t)-1; i++)
		if (s.v[i].numbered)
			first = i;
	if (first == (size_t)-1) {
		free(s.v);
		return false;
	}
	if (first > 0) {
		open_el(e, "remedy");
		open_el(e, "steps-informal");
		segs_blocks(e, &s, 0, first);
		close_el(e, "steps-informal");
		close_el(e, "remedy");
	}
	open_el(e, "remedy");
	open_el(e, "steps");
	for (i = first; i < s.n; ) {
		size_t j;

		open_el(e, "step");
		indent(e);
		sb_puts(e->sb, "<cmd>");
		seg_inline(e, &s.v[i]);
		sb_puts(e->sb, "</cmd>");
		for (j = i + 1; j < s.n && !s.v[j].numbered; j++)
			;
		if (j > i + 1) {
			open_el(e, "info");
			segs_blocks(e, &s, i + 1, j);
			close_el(e, "info");
		}
		close_el(e, "step");
		i = j;
	}
	close_el(e, "steps");
	close_el(e, "remedy");
	free(s.v);
	return true;
}

void emit_remedy(struct emit *e, const struct remedy *r)
{
	char *title;

	if (block_steps(e, r) || cell_steps(e, r))
		return;
	title = r->title ? node_plain(r->title) : NULL;
	informal(e, title, &r->body, 0, r->body.n);
	free(title);
}

bool parts_empty(const struct parts *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		char *s;
		bool empty;

		if (p->v[i].kind == PART_TOPICS)
			return false;
		s = p->v[i].from ? range_plain(p->v[i].from, p->v[i].skip, NULL)
				 : node_plain(p->v[i].node);
		empty = !*s;
		free(s);
		if (!empty)
			return false;
	}
	return true;
}
