/* sc-import-html.c: HTML and XHTML pages into the import model
 *
 * Pages are parsed with libxml2's HTML parser, which knows HTML's named
 * entities (&mdash;, &lsquo;) and forgives the markup found in the wild; it
 * never touches the network and never loads a DTD. The walk keeps what a
 * reader reads: headings become sections; paragraphs, block quotes, lists
 * and notes become blocks. Navigation, page headers and footers, scripts,
 * styles, page numbers and lists of links are left out, and so is Project
 * Gutenberg's header and license around the book.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/HTMLparser.h>

#include "sc-error.h"
#include "sc-import.h"
#include "sc-xml.h"

#define MAX_SUMMARY_LENGTH 600
#define MAX_TOPICS 12

struct _ScHtmlState {
  gboolean ended;        /* past a Gutenberg end marker: nothing after it is the book */
};

ScHtmlState *
sc_html_state_new (void)
{
  return g_new0 (ScHtmlState, 1);
}

void
sc_html_state_free (ScHtmlState *state)
{
  g_free (state);
}

typedef enum {
  EL_INLINE,      /* anything not named below: its words, nothing else */
  EL_DROP,        /* left out with everything inside */
  EL_BREAK,
  EL_RULE,
  EL_EM,
  EL_STRONG,
  EL_HEADING,
  EL_PARAGRAPH,
  EL_PRE,
  EL_CONTAINER,
  EL_QUOTE,
  EL_NOTE,
  EL_LIST,
  EL_TABLE,
  EL_PG_HEADER,   /* Project Gutenberg's header: metadata, not the book */
  EL_PG_FOOTER,   /* Project Gutenberg's license: the book is over */
} ElementKind;

static const struct {
  const char  *name;
  ElementKind  kind;
} element_kinds[] = {
  { "script", EL_DROP }, { "style", EL_DROP }, { "noscript", EL_DROP }, { "template", EL_DROP },
  { "head", EL_DROP }, { "title", EL_DROP }, { "meta", EL_DROP }, { "link", EL_DROP },
  { "nav", EL_DROP }, { "menu", EL_DROP }, { "form", EL_DROP }, { "button", EL_DROP },
  { "input", EL_DROP }, { "select", EL_DROP }, { "textarea", EL_DROP }, { "iframe", EL_DROP },
  { "object", EL_DROP }, { "embed", EL_DROP }, { "video", EL_DROP }, { "audio", EL_DROP },
  { "canvas", EL_DROP }, { "svg", EL_DROP }, { "math", EL_DROP }, { "map", EL_DROP },
  { "img", EL_DROP }, { "picture", EL_DROP }, { "frameset", EL_DROP }, { "frame", EL_DROP },
  { "applet", EL_DROP }, { "dialog", EL_DROP }, { "footer", EL_DROP },
  { "br", EL_BREAK }, { "hr", EL_RULE },
  { "em", EL_EM }, { "i", EL_EM }, { "cite", EL_EM }, { "dfn", EL_EM }, { "var", EL_EM },
  { "strong", EL_STRONG }, { "b", EL_STRONG },
  { "h1", EL_HEADING }, { "h2", EL_HEADING }, { "h3", EL_HEADING },
  { "h4", EL_HEADING }, { "h5", EL_HEADING }, { "h6", EL_HEADING },
  { "p", EL_PARAGRAPH }, { "address", EL_PARAGRAPH }, { "dt", EL_PARAGRAPH },
  { "dd", EL_PARAGRAPH }, { "figcaption", EL_PARAGRAPH }, { "caption", EL_PARAGRAPH },
  { "legend", EL_PARAGRAPH }, { "summary", EL_PARAGRAPH }, { "li", EL_PARAGRAPH },
  { "pre", EL_PRE }, { "listing", EL_PRE }, { "xmp", EL_PRE },
  { "html", EL_CONTAINER }, { "body", EL_CONTAINER }, { "div", EL_CONTAINER },
  { "section", EL_CONTAINER }, { "article", EL_CONTAINER }, { "main", EL_CONTAINER },
  { "center", EL_CONTAINER }, { "figure", EL_CONTAINER }, { "details", EL_CONTAINER },
  { "dl", EL_CONTAINER }, { "hgroup", EL_CONTAINER }, { "fieldset", EL_CONTAINER },
  { "header", EL_CONTAINER }, { "aside", EL_CONTAINER }, { "tr", EL_CONTAINER },
  { "tbody", EL_CONTAINER }, { "thead", EL_CONTAINER }, { "tfoot", EL_CONTAINER },
  { "blockquote", EL_QUOTE },
  { "ul", EL_LIST }, { "ol", EL_LIST }, { "dir", EL_LIST },
  { "table", EL_TABLE },
};

/* Class and id words of site furniture, page numbers and tables of contents. */
static const char *chrome_words[] = {
  "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "sidebar", "toc",
  "pagenum", "pageno", "page-number", "pagenumber", "skip-link", "skiplink", "site-header",
  "site-footer", "masthead", "share", "social", "comments", "advert", "advertisement", "ads",
  "cookie-banner", "footer",
};
static const char *note_words[] = { "footnote", "endnote", "rearnote", "note", "sidenote", "marginnote" };
static const char *notes_words[] = { "footnotes", "endnotes", "notes" };
/* A note's reference mark is dropped: the note itself is a block. */
static const char *chrome_roles[] = {
  "navigation", "banner", "contentinfo", "search", "complementary", "doc-pagebreak", "doc-toc",
  "doc-noteref",
};

typedef struct {
  ScImportDoc       *doc;
  ScHtmlState       *state;
  const char        *display;
  gboolean           chapter;
  gboolean           before_start;   /* a start marker is ahead: what comes first is the header */
  gboolean           markers;        /* this page has a Gutenberg marker: look in every text */
  GString           *header;         /* the words before the start marker */
  ScInline          *run;            /* loose words gathering into a paragraph */
  ScImportBlockKind  run_kind;
  GPtrArray         *parts;          /* (nullable) gathering a quote's or note's paragraphs */
  GPtrArray         *items;          /* (nullable) gathering a list's items */
  guint              pre;            /* inside <pre>: blank lines end paragraphs */
  guint              h1_shift;       /* 1 when a lone <h1> is the title: it ranks as an <h2> */
  char              *chapter_title;  /* EPUB: heads a chapter that starts without a heading */
  gboolean           seen_heading;
  GError            *error;
} Walker;

static void walk_flow   (Walker            *w,
                         xmlNode           *node,
                         ScImportBlockKind  kind,
                         guint              depth);
static void walk_inline (Walker            *w,
                         ScInline          *inl,
                         xmlNode           *node,
                         guint              depth);

/* ===== Telling elements apart ============================================ */

static ElementKind
element_kind_by_name (const char *name)
{
  static gsize once;
  static GHashTable *kinds;
  gpointer kind;

  if (g_once_init_enter (&once))
    {
      kinds = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < G_N_ELEMENTS (element_kinds); i++)
        g_hash_table_insert (kinds, (gpointer) element_kinds[i].name, GINT_TO_POINTER (element_kinds[i].kind));
      g_once_init_leave (&once, 1);
    }

  if (g_hash_table_lookup_extended (kinds, name, NULL, &kind))
    return GPOINTER_TO_INT (kind);
  return EL_INLINE;
}

/* Whether a space-separated attribute value has one of @words. */
static gboolean
attr_has_word (xmlNode     *node,
               const char  *attr,
               const char **words,
               guint        n_words)
{
  g_autofree char *value = sc_xml_get_attr (node, attr);
  g_autofree char *lower = NULL;
  g_auto(GStrv) tokens = NULL;

  if (value == NULL)
    return FALSE;
  lower = g_ascii_strdown (value, -1);
  tokens = g_strsplit_set (lower, " \t\n\r", -1);
  for (guint t = 0; tokens[t] != NULL; t++)
    for (guint i = 0; i < n_words; i++)
      if (g_str_equal (tokens[t], words[i]))
        return TRUE;
  return FALSE;
}

static gboolean
attr_is (xmlNode    *node,
         const char *attr,
         const char *value)
{
  g_autofree char *found = sc_xml_get_attr (node, attr);

  return found != NULL && g_ascii_strcasecmp (g_strstrip (found), value) == 0;
}

static gboolean
has_ancestor (xmlNode     *node,
              const char  *a,
              const char  *b)
{
  for (xmlNode *up = node->parent; up != NULL && up->type == XML_ELEMENT_NODE; up = up->parent)
    if (sc_xml_is (up, a) || sc_xml_is (up, b))
      return TRUE;
  return FALSE;
}

static gboolean
is_note (xmlNode *node)
{
  return attr_has_word (node, "epub:type", note_words, G_N_ELEMENTS (note_words)) ||
         attr_has_word (node, "role", (const char *[]) { "doc-footnote", "doc-endnote", "note" }, 3) ||
         attr_has_word (node, "class", note_words, G_N_ELEMENTS (note_words));
}

static gboolean
holds_notes (xmlNode *node)
{
  return attr_has_word (node, "epub:type", notes_words, G_N_ELEMENTS (notes_words)) ||
         attr_has_word (node, "role", (const char *[]) { "doc-endnotes", "doc-footnotes" }, 2) ||
         attr_has_word (node, "class", notes_words, G_N_ELEMENTS (notes_words));
}

static gboolean
is_chrome (xmlNode *node)
{
  g_autofree char *id = sc_xml_get_attr (node, "id");
  g_autofree char *hidden = sc_xml_get_attr (node, "hidden");

  if (hidden != NULL || attr_is (node, "aria-hidden", "true"))
    return TRUE;
  if (attr_has_word (node, "role", chrome_roles, G_N_ELEMENTS (chrome_roles)) ||
      attr_has_word (node, "epub:type", (const char *[]) { "pagebreak", "toc", "noteref" }, 3) ||
      attr_has_word (node, "class", chrome_words, G_N_ELEMENTS (chrome_words)))
    return TRUE;
  if (id != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (id, -1);

      for (guint i = 0; i < G_N_ELEMENTS (chrome_words); i++)
        if (g_str_equal (lower, chrome_words[i]))
          return TRUE;
    }
  return FALSE;
}

static ElementKind
classify (xmlNode *node)
{
  ElementKind kind = element_kind_by_name ((const char *) node->name);
  g_autofree char *id = NULL;

  if (kind == EL_DROP)
    return EL_DROP;

  id = sc_xml_get_attr (node, "id");
  if (g_strcmp0 (id, "pg-header") == 0)
    return EL_PG_HEADER;
  if (g_strcmp0 (id, "pg-footer") == 0)
    return EL_PG_FOOTER;

  if (is_chrome (node))
    return EL_DROP;
  /* A page's <header> is site furniture; an article's holds its title. */
  if (sc_xml_is (node, "header") && !has_ancestor (node, "article", "main"))
    return EL_DROP;
  if (kind != EL_INLINE && kind != EL_EM && kind != EL_STRONG && is_note (node))
    return EL_NOTE;
  if (sc_xml_is (node, "aside"))
    return EL_DROP;
  return kind;
}

/* ===== Lists of links ===================================================== */

typedef struct {
  gsize total;      /* non-space bytes of text */
  gsize linked;     /* of them, inside links */
  guint links;
  guint outside;    /* links to other pages */
} LinkCount;

static void
count_links (xmlNode   *node,
             gboolean   in_link,
             LinkCount *count,
             guint      depth)
{
  if (depth > SC_XML_MAX_DEPTH)
    return;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE && child->content != NULL)
        {
          gsize n = 0;

          for (const char *p = (const char *) child->content; *p != '\0'; p++)
            n += !g_ascii_isspace (*p);
          count->total += n;
          if (in_link)
            count->linked += n;
        }
      else if (child->type == XML_ELEMENT_NODE)
        {
          g_autofree char *href = sc_xml_is (child, "a") ? sc_xml_get_attr (child, "href") : NULL;

          if (href != NULL)
            {
              count->links++;
              count->outside += href[0] != '#';
            }
          count_links (child, in_link || href != NULL, count, depth + 1);
        }
    }
}

/* A table of contents, a menu, a row of "Listen | Download" links: almost
 * all of its words are links (or it is one link within the page). */
static gboolean
is_link_list (xmlNode *node)
{
  LinkCount count = { 0 };

  if (sc_xml_is (node, "body") || sc_xml_is (node, "main") || sc_xml_is (node, "article") ||
      sc_xml_is (node, "html"))
    return FALSE;

  count_links (node, FALSE, &count, 0);
  if (count.links >= 2 && count.linked * 10 >= count.total * 8)
    return TRUE;
  return count.links >= 1 && count.outside == 0 && count.total > 0 && count.linked == count.total;
}

/* ===== Gathering blocks =================================================== */

static void
discard_inline (ScInline *inl)
{
  g_free (sc_inline_steal_markup (inl, NULL));
}

static void
add_block (Walker            *w,
           ScImportBlockKind  kind,
           GPtrArray         *parts)
{
  /* An EPUB chapter that starts without a heading is headed by its title. */
  if (w->chapter && !w->seen_heading && w->chapter_title != NULL && parts->len > 0)
    {
      g_autoptr(ScInline) inl = sc_inline_new ();
      g_autofree char *markup = NULL;
      g_autofree char *text = NULL;

      sc_inline_append (inl, w->chapter_title, -1);
      markup = sc_inline_steal_markup (inl, &text);
      sc_import_doc_add_heading (w->doc, 1, markup, text);
    }
  if (parts->len > 0)
    w->seen_heading = TRUE;
  sc_import_doc_add_block (w->doc, kind, parts);
}

/* One paragraph (or item) is done: into the header, the quote or note
 * being gathered, or the text. */
static void
emit_inline (Walker            *w,
             ScInline          *inl,
             ScImportBlockKind  kind,
             GPtrArray         *sink)
{
  g_autofree char *text = NULL;
  char *markup;

  if (sc_inline_is_empty (inl))
    {
      discard_inline (inl);
      return;
    }

  markup = sc_inline_steal_markup (inl, &text);
  if (w->before_start)
    {
      g_string_append_printf (w->header, "%s\n", text);
      g_free (markup);
    }
  else if (sink != NULL)
    g_ptr_array_add (sink, markup);
  else
    {
      GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (parts, markup);
      add_block (w, kind, parts);
    }
}

static void
flush_run (Walker *w)
{
  if (w->run != NULL)
    emit_inline (w, w->run, w->run_kind, w->parts);
  /* Header lines ("Title: …", "Author: …") stay lines. */
  if (w->before_start)
    g_string_append_c (w->header, '\n');
}

static ScInline *
ensure_run (Walker *w)
{
  if (w->run == NULL)
    w->run = sc_inline_new ();
  return w->run;
}

/* Words into @inl; in <pre>, a blank line ends the paragraph. */
static void
append_words (Walker     *w,
              ScInline   *inl,
              const char *text,
              gsize       length)
{
  const char *end = text + length;

  while (w->pre > 0 && inl == w->run && text < end)
    {
      const char *nl = memchr (text, '\n', end - text);
      const char *next;

      if (nl == NULL)
        break;
      next = nl + 1;
      while (next < end && (*next == ' ' || *next == '\t' || *next == '\r'))
        next++;
      if (next < end && *next == '\n')
        {
          sc_inline_append (inl, text, nl - text);
          flush_run (w);
          text = next;
        }
      else
        {
          sc_inline_append (inl, text, next - text);
          text = next;
        }
    }
  sc_inline_append (inl, text, end - text);
}

static void
handle_text (Walker     *w,
             ScInline   *inl,
             const char *text)
{
  gsize length = strlen (text);

  if (w->before_start)
    {
      gssize start = sc_import_gutenberg_start (text, length);

      if (start < 0)
        {
          g_string_append (w->header, text);
          return;
        }
      /* The book starts after the marker's line: whatever was gathered
       * before it was the header. */
      g_string_append_len (w->header, text, start);
      w->before_start = FALSE;
      discard_inline (inl);
      if (w->run != NULL)
        discard_inline (w->run);
      if (w->parts != NULL)
        g_ptr_array_set_size (w->parts, 0);
      if (w->items != NULL)
        g_ptr_array_set_size (w->items, 0);
      text += start;
      length -= start;
    }

  if (w->markers)
    {
      gssize end = sc_import_gutenberg_end (text, length);

      if (end >= 0)
        {
          append_words (w, inl, text, end);
          w->state->ended = TRUE;
          return;
        }
    }
  append_words (w, inl, text, length);
}

static gboolean
check_depth (Walker  *w,
             xmlNode *node,
             guint    depth)
{
  if (depth <= SC_XML_MAX_DEPTH)
    return TRUE;
  if (w->error == NULL)
    g_set_error (&w->error, SC_ERROR, SC_ERROR_LIMIT,
                 /* Translators: “%s:%u: ” is the file's name and line: keep
                  * it at the start. */
                 _("%s:%u: elements nested more than %d deep"),
                 w->display, sc_xml_node_line (node), SC_XML_MAX_DEPTH);
  return FALSE;
}

static gboolean
stopped (Walker *w)
{
  return w->state->ended || w->error != NULL;
}

/* ===== The inline walk ==================================================== */

static void gather_list (Walker    *w,
                         xmlNode   *node,
                         GPtrArray *items,
                         guint      depth);

static void
walk_inline_children (Walker   *w,
                      ScInline *inl,
                      xmlNode  *node,
                      guint     depth)
{
  for (xmlNode *child = node->children; child != NULL && !stopped (w); child = child->next)
    walk_inline (w, inl, child, depth + 1);
}

static void
walk_inline (Walker   *w,
             ScInline *inl,
             xmlNode  *node,
             guint     depth)
{
  ElementKind kind;

  if (!check_depth (w, node, depth))
    return;
  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      if (node->content != NULL)
        handle_text (w, inl, (const char *) node->content);
      return;
    }
  if (node->type != XML_ELEMENT_NODE)
    return;   /* comments, processing instructions, entity references */

  kind = classify (node);
  switch (kind)
    {
    case EL_DROP:
    case EL_PG_HEADER:
    case EL_PG_FOOTER:
      return;
    case EL_BREAK:
      handle_text (w, inl, "\n");
      return;
    case EL_EM:
    case EL_STRONG:
      sc_inline_open (inl, kind == EL_EM ? "em" : "strong");
      walk_inline_children (w, inl, node, depth);
      sc_inline_close (inl);
      return;
    case EL_LIST:
      /* A list nested in a list item: its items follow the item. */
      if (w->items != NULL)
        {
          emit_inline (w, inl, SC_IMPORT_BLOCK_LIST, w->items);
          gather_list (w, node, w->items, depth);
          return;
        }
      G_GNUC_FALLTHROUGH;
    case EL_INLINE:
    case EL_RULE:
    case EL_HEADING:
    case EL_PARAGRAPH:
    case EL_PRE:
    case EL_CONTAINER:
    case EL_QUOTE:
    case EL_NOTE:
    case EL_TABLE:
    default:
      /* A block inside a heading or an item: its words, set apart. */
      if (kind != EL_INLINE)
        sc_inline_append (inl, " ", 1);
      walk_inline_children (w, inl, node, depth);
      if (kind != EL_INLINE)
        sc_inline_append (inl, " ", 1);
      return;
    }
}

/* ===== The block walk ===================================================== */

static void
add_heading (Walker  *w,
             xmlNode *node,
             guint    depth)
{
  g_autoptr(ScInline) inl = sc_inline_new ();
  g_autofree char *markup = NULL;
  g_autofree char *text = NULL;
  guint level = node->name[1] - '0';

  if (level == 1)
    level += w->h1_shift;

  walk_inline_children (w, inl, node, depth);
  markup = sc_inline_steal_markup (inl, &text);
  if (w->before_start)
    g_string_append_printf (w->header, "%s\n", text);
  else if (*text != '\0')
    {
      sc_import_doc_add_heading (w->doc, level, markup, text);
      w->seen_heading = TRUE;
    }
}

static void
gather_list (Walker    *w,
             xmlNode   *node,
             GPtrArray *items,
             guint      depth)
{
  GPtrArray *outer = w->items;

  w->items = items;
  for (xmlNode *child = node->children; child != NULL && !stopped (w); child = child->next)
    {
      g_autoptr(ScInline) inl = NULL;

      if (child->type != XML_ELEMENT_NODE || classify (child) == EL_DROP)
        continue;
      inl = sc_inline_new ();
      if (sc_xml_is (child, "li"))
        walk_inline_children (w, inl, child, depth + 1);
      else
        walk_inline (w, inl, child, depth + 1);
      emit_inline (w, inl, SC_IMPORT_BLOCK_LIST, items);
    }
  w->items = outer;
}

static void
add_list (Walker  *w,
          xmlNode *node,
          guint    depth)
{
  GPtrArray *items;

  /* Inside a quote or a note, items are its paragraphs. */
  if (w->parts != NULL)
    {
      gather_list (w, node, w->parts, depth);
      return;
    }
  items = g_ptr_array_new_with_free_func (g_free);
  gather_list (w, node, items, depth);
  if (w->before_start || items->len == 0)
    g_ptr_array_unref (items);
  else
    add_block (w, SC_IMPORT_BLOCK_LIST, items);
}

/* A quote or a note: its paragraphs, gathered. Nested ones join it. */
static void
add_gathered (Walker            *w,
              xmlNode           *node,
              ScImportBlockKind  kind,
              guint              depth)
{
  GPtrArray *parts;

  if (w->parts != NULL)
    {
      walk_flow (w, node, SC_IMPORT_BLOCK_P, depth);
      flush_run (w);
      return;
    }

  parts = g_ptr_array_new_with_free_func (g_free);
  w->parts = parts;
  walk_flow (w, node, SC_IMPORT_BLOCK_P, depth);
  flush_run (w);
  w->parts = NULL;
  if (w->before_start || parts->len == 0)
    g_ptr_array_unref (parts);
  else
    add_block (w, kind, parts);
}

/* Each row of a table is a paragraph, its cells in order. */
static void
add_table_rows (Walker  *w,
                xmlNode *node,
                guint    depth)
{
  if (!check_depth (w, node, depth))
    return;

  for (xmlNode *child = node->children; child != NULL && !stopped (w); child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE || classify (child) == EL_DROP)
        continue;
      if (sc_xml_is (child, "tr"))
        {
          g_autoptr(ScInline) inl = sc_inline_new ();

          for (xmlNode *cell = child->children; cell != NULL && !stopped (w); cell = cell->next)
            {
              walk_inline (w, inl, cell, depth + 2);
              sc_inline_append (inl, " ", 1);
            }
          emit_inline (w, inl, w->run_kind, w->parts);
        }
      else if (sc_xml_is (child, "caption"))
        {
          g_autoptr(ScInline) inl = sc_inline_new ();

          walk_inline_children (w, inl, child, depth + 1);
          emit_inline (w, inl, w->run_kind, w->parts);
        }
      else
        add_table_rows (w, child, depth + 1);
    }
}

static gboolean
follows_break (xmlNode *node)
{
  for (xmlNode *prev = node->prev; prev != NULL; prev = prev->prev)
    {
      if (prev->type == XML_TEXT_NODE && prev->content != NULL &&
          strspn ((const char *) prev->content, " \t\r\n") == strlen ((const char *) prev->content))
        continue;
      return sc_xml_is (prev, "br");
    }
  return FALSE;
}

static void
walk_node (Walker            *w,
           xmlNode           *node,
           ScImportBlockKind  kind,
           guint              depth)
{
  ElementKind element;

  if (!check_depth (w, node, depth))
    return;
  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      if (node->content != NULL)
        handle_text (w, ensure_run (w), (const char *) node->content);
      return;
    }
  if (node->type != XML_ELEMENT_NODE)
    return;

  element = classify (node);
  switch (element)
    {
    case EL_DROP:
      return;
    case EL_PG_FOOTER:
      flush_run (w);
      w->state->ended = TRUE;
      return;
    case EL_PG_HEADER:
      flush_run (w);
      walk_flow (w, node, kind, depth);
      flush_run (w);
      if (w->before_start)
        {
          /* A header without a start marker still ends here. */
          w->before_start = FALSE;
          if (w->run != NULL)
            discard_inline (w->run);
        }
      return;
    case EL_BREAK:
      /* Two line breaks in a row end a stanza, or a paragraph. */
      if (follows_break (node))
        flush_run (w);
      else
        handle_text (w, ensure_run (w), "\n");
      return;
    case EL_RULE:
      flush_run (w);
      return;
    case EL_HEADING:
      flush_run (w);
      add_heading (w, node, depth);
      return;
    case EL_PRE:
      flush_run (w);
      w->pre++;
      walk_flow (w, node, kind, depth);
      flush_run (w);
      w->pre--;
      return;
    case EL_PARAGRAPH:
    case EL_CONTAINER:
      if (!sc_xml_is (node, "tr") && is_link_list (node))
        return;
      flush_run (w);
      walk_flow (w, node, holds_notes (node) ? SC_IMPORT_BLOCK_NOTE : kind, depth);
      flush_run (w);
      return;
    case EL_QUOTE:
    case EL_NOTE:
      flush_run (w);
      add_gathered (w, node, element == EL_QUOTE ? SC_IMPORT_BLOCK_QUOTE : SC_IMPORT_BLOCK_NOTE, depth);
      return;
    case EL_LIST:
      if (is_link_list (node))
        return;
      flush_run (w);
      add_list (w, node, depth);
      return;
    case EL_TABLE:
      if (is_link_list (node))
        return;
      flush_run (w);
      add_table_rows (w, node, depth);
      return;
    case EL_EM:
    case EL_STRONG:
    case EL_INLINE:
    default:
      walk_inline (w, ensure_run (w), node, depth);
      return;
    }
}

static void
walk_flow (Walker            *w,
           xmlNode           *node,
           ScImportBlockKind  kind,
           guint              depth)
{
  ScImportBlockKind outer = w->run_kind;

  /* Loose words change kind with their container: flush those before. */
  if (kind != outer)
    flush_run (w);
  w->run_kind = kind;
  for (xmlNode *child = node->children; child != NULL && !stopped (w); child = child->next)
    walk_node (w, child, kind, depth + 1);
  if (kind != outer)
    flush_run (w);
  w->run_kind = outer;
}

/* ===== Before the walk: where the book is ================================ */

static void
scan_markers (xmlNode  *node,
              gboolean *start,
              gboolean *end,
              guint     depth)
{
  if (depth > SC_XML_MAX_DEPTH)
    return;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE && child->content != NULL)
        {
          gsize length = strlen ((const char *) child->content);

          if (!*start && sc_import_gutenberg_start ((const char *) child->content, length) >= 0)
            *start = TRUE;
          if (!*end && sc_import_gutenberg_end ((const char *) child->content, length) >= 0)
            *end = TRUE;
        }
      else if (child->type == XML_ELEMENT_NODE)
        scan_markers (child, start, end, depth + 1);
    }
}

static void
count_headings (xmlNode *node,
                guint    counts[7],
                guint    depth)
{
  if (depth > SC_XML_MAX_DEPTH)
    return;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (element_kind_by_name ((const char *) child->name) == EL_HEADING)
        counts[child->name[1] - '0']++;
      else
        count_headings (child, counts, depth + 1);
    }
}

static xmlNode *
find_element (xmlNode    *node,
              const char *name,
              const char *role,
              guint      *count,
              guint       depth)
{
  xmlNode *found = NULL;

  if (depth > SC_XML_MAX_DEPTH)
    return NULL;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (sc_xml_is (child, name) || (role != NULL && attr_is (child, "role", role)))
        {
          if (count != NULL)
            (*count)++;
          if (found == NULL)
            found = child;
          continue;
        }
      if (found == NULL)
        found = find_element (child, name, role, count, depth + 1);
      else if (count != NULL)
        find_element (child, name, role, count, depth + 1);
    }
  return found;
}

/* The page's own content: its <main>, its only <article>, or its body. */
static xmlNode *
content_root (xmlNode *body)
{
  xmlNode *main_element = find_element (body, "main", "main", NULL, 0);
  xmlNode *article;
  guint articles = 0;

  if (main_element != NULL)
    return main_element;
  article = find_element (body, "article", NULL, &articles, 0);
  if (articles == 1)
    return article;
  return body;
}

/* ===== Metadata from <head> =============================================== */

typedef struct {
  GHashTable *meta;     /* lowercase name → (element-type utf8) GPtrArray of contents */
  char       *title;
  char       *canonical;
  char       *license;
} Head;

static void
head_clear (Head *head)
{
  g_clear_pointer (&head->meta, g_hash_table_unref);
  g_clear_pointer (&head->title, g_free);
  g_clear_pointer (&head->canonical, g_free);
  g_clear_pointer (&head->license, g_free);
}

static void
read_head (xmlNode *html,
           Head    *head)
{
  xmlNode *element = sc_xml_child (html, "head");

  head->meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  for (xmlNode *child = sc_xml_first_element (element); child != NULL; child = sc_xml_next_element (child))
    {
      if (sc_xml_is (child, "title") && head->title == NULL)
        head->title = sc_xml_node_text (child);
      else if (sc_xml_is (child, "meta"))
        {
          g_autofree char *name = sc_xml_get_attr (child, "name");
          g_autofree char *lower = NULL;
          char *content = sc_xml_get_attr (child, "content");
          GPtrArray *values;

          if (name == NULL)
            name = sc_xml_get_attr (child, "property");
          if (name == NULL)
            name = sc_xml_get_attr (child, "http-equiv");
          if (name == NULL || content == NULL || *g_strstrip (content) == '\0')
            {
              g_free (content);
              continue;
            }
          lower = g_ascii_strdown (name, -1);
          values = g_hash_table_lookup (head->meta, lower);
          if (values == NULL)
            {
              values = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (head->meta, g_steal_pointer (&lower), values);
            }
          g_ptr_array_add (values, content);
        }
      else if (sc_xml_is (child, "link"))
        {
          g_autofree char *rel = sc_xml_get_attr (child, "rel");
          g_autofree char *href = sc_xml_get_attr (child, "href");

          if (rel != NULL && href != NULL && g_ascii_strcasecmp (rel, "canonical") == 0 && head->canonical == NULL)
            head->canonical = g_steal_pointer (&href);
          else if (rel != NULL && href != NULL && g_ascii_strcasecmp (rel, "license") == 0 && head->license == NULL)
            head->license = g_steal_pointer (&href);
        }
    }
}

/* The first value of the first of @names that the page has. */
static GPtrArray *
head_values (Head        *head,
             const char **names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      GPtrArray *values = g_hash_table_lookup (head->meta, names[i]);

      if (values != NULL && values->len > 0)
        return values;
    }
  return NULL;
}

static const char *
head_value (Head        *head,
            const char **names)
{
  GPtrArray *values = head_values (head, names);

  return values != NULL ? g_ptr_array_index (values, 0) : NULL;
}

static void
set_if_unset (char       **field,
              const char  *value)
{
  if (*field == NULL && value != NULL && *value != '\0')
    *field = g_strdup (value);
}

/* "The Project Gutenberg eBook of News from Nowhere, by William Morris." */
static void
title_from_title_element (ScImportDoc *doc,
                          const char  *title)
{
  g_autoptr(GRegex) regex = g_regex_new ("^(?:the\\s+)?project\\s+gutenberg(?:'s)?\\s+e-?book,?\\s+(?:of\\s+)?"
                                         "(.+?)(?:,\\s+by\\s+(.+?))?\\.?$",
                                         G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (g_regex_match (regex, title, 0, &match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);
      g_autofree char *author = g_match_info_fetch (match, 2);

      set_if_unset (&doc->title, name);
      if (doc->authors->len == 0 && author != NULL && *author != '\0')
        g_ptr_array_add (doc->authors, g_strdup (author));
      return;
    }

  /* "The Mill Strike | Labor History Online": the page, not the site. */
  if (doc->title == NULL && strstr (title, " | ") != NULL && strstr (title, " | ") != title)
    doc->title = g_strndup (title, strstr (title, " | ") - title);
  set_if_unset (&doc->title, title);
}

static void
apply_head (ScImportDoc *doc,
            Head        *head,
            xmlNode     *html,
            xmlNode     *body)
{
  GPtrArray *authors = head_values (head, (const char *[]) {
    "dc.creator", "dcterms.creator", "author", "citation_author", "book:author", NULL });
  GPtrArray *topics = head_values (head, (const char *[]) { "dc.subject", "dcterms.subject", "keywords", NULL });
  const char *summary = head_value (head, (const char *[]) { "description", "dc.description", "og:description", NULL });
  const char *date = head_value (head, (const char *[]) {
    "dc.date", "dcterms.date", "dc.date.issued", "dcterms.issued", "dcterms.created",
    "citation_publication_date", "article:published_time", NULL });
  const char *source = head_value (head, (const char *[]) {
    "dcterms.source", "dc.source", "og:url", "dc.identifier", "dcterms.identifier", NULL });
  g_autofree char *lang = NULL;

  set_if_unset (&doc->title, head_value (head, (const char *[]) {
    "dc.title", "dcterms.title", "citation_title", "og:title", NULL }));
  if (head->title != NULL)
    title_from_title_element (doc, head->title);

  for (guint i = 0; authors != NULL && doc->authors->len == 0 && i < authors->len; i++)
    if (!g_str_has_prefix (g_ptr_array_index (authors, i), "http"))
      g_ptr_array_add (doc->authors, g_strdup (g_ptr_array_index (authors, i)));

  lang = sc_xml_get_attr (html, "lang");
  if (lang == NULL)
    lang = sc_xml_get_attr (html, "xml:lang");
  if (lang == NULL && body != NULL)
    lang = sc_xml_get_attr (body, "lang");
  set_if_unset (&doc->lang, lang);
  set_if_unset (&doc->lang, head_value (head, (const char *[]) {
    "dc.language", "dcterms.language", "language", "content-language", NULL }));

  /* "2004-08-17T10:00:00Z": the day is enough. */
  if (doc->date == NULL && date != NULL)
    doc->date = g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T", date, 0, 0) ? g_strndup (date, 10) : g_strdup (date);

  if (doc->summary == NULL && summary != NULL && strlen (summary) <= MAX_SUMMARY_LENGTH)
    doc->summary = g_strdup (summary);

  for (guint i = 0; topics != NULL && doc->topics->len == 0 && i < topics->len; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_ptr_array_index (topics, i), ",;", -1);

      for (guint t = 0; words[t] != NULL && doc->topics->len < MAX_TOPICS; t++)
        if (*g_strstrip (words[t]) != '\0')
          g_ptr_array_add (doc->topics, g_strdup (words[t]));
    }

  if (doc->source_url == NULL && head->canonical != NULL)
    doc->source_url = g_strdup (head->canonical);
  if (doc->source_url == NULL && source != NULL && g_str_has_prefix (source, "http"))
    doc->source_url = g_strdup (source);

  set_if_unset (&doc->license, head_value (head, (const char *[]) {
    "dcterms.license", "dc.rights", "dcterms.rights", "rights", "copyright", NULL }));
  set_if_unset (&doc->license, head->license);
}

/* No <title> and no metadata: the first heading names the text. */
static void
title_from_first_heading (ScImportDoc *doc)
{
  for (guint i = 0; i < doc->sections->len && doc->title == NULL; i++)
    {
      ScImportSection *section = g_ptr_array_index (doc->sections, i);

      set_if_unset (&doc->title, section->heading_text);
    }
}

/* ===== Parsing ============================================================ */

/* What the page declares (a byte-order mark, <?xml encoding?>, <meta
 * charset>) wins; otherwise UTF-8 when the bytes are UTF-8, else the
 * Windows superset of Latin-1 that old pages were written in. */
static const char *
pick_encoding (const char *data,
               gsize       length)
{
  g_autofree char *start = NULL;

  if (length >= 2 && (((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE) ||
                      ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF)))
    return NULL;
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    return "UTF-8";

  start = g_ascii_strdown (data, MIN (length, 4096));
  if (strstr (start, "charset") != NULL || strstr (start, "encoding=") != NULL)
    return NULL;
  return g_utf8_validate_len (data, length, NULL) ? "UTF-8" : "windows-1252";
}

static htmlDocPtr
parse_html (const char  *data,
            gsize        length,
            const char  *display,
            GError     **error)
{
  htmlDocPtr html;

  if (length == 0 || length > SC_IMPORT_MAX_FILE_SIZE)
    {
      g_set_error (error, SC_ERROR, length == 0 ? SC_ERROR_PARSE : SC_ERROR_LIMIT, "%s:1: %s", display,
                   length == 0 ? _("the file is empty") : _("the file is too large"));
      return NULL;
    }

  /* The deny-all entity loader is in place before any parsing; NONET keeps
   * the parser off the network, and the HTML parser never loads a DTD.
   * Not NOIMPLIED: a fragment gets its <html> and <body>, so every page
   * walks the same way. */
  sc_xml_init ();
  html = htmlReadMemory (data, (int) length, NULL, pick_encoding (data, length),
                         HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                         HTML_PARSE_NODEFDTD | HTML_PARSE_COMPACT);
  if (html == NULL || xmlDocGetRootElement (html) == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_PARSE, "%s:1: %s", display, _("not HTML"));
      if (html != NULL)
        xmlFreeDoc (html);
      return NULL;
    }
  return html;
}

static void
walker_clear (Walker *w)
{
  if (w->header != NULL)
    g_string_free (w->header, TRUE);
  g_clear_pointer (&w->run, sc_inline_free);
  g_clear_pointer (&w->chapter_title, g_free);
  g_clear_error (&w->error);
}

static char *
useful_chapter_title (Head        *head,
                      ScImportDoc *doc)
{
  g_autofree char *folded = NULL;
  g_autofree char *book = NULL;

  if (head->title == NULL || *head->title == '\0' || strlen (head->title) > 120 ||
      strstr (head->title, "Gutenberg") != NULL)
    return NULL;
  folded = g_utf8_casefold (head->title, -1);
  book = doc->title != NULL ? g_utf8_casefold (doc->title, -1) : NULL;
  if (book != NULL && (strstr (folded, book) != NULL || strstr (book, folded) != NULL))
    return NULL;
  return g_strdup (head->title);
}

/**
 * sc_import_html_read:
 * @state: (nullable): shared by the chapters of one book
 * @chapter: a chapter of an EPUB: the book's metadata comes from elsewhere
 *
 * Returns: %FALSE with "FILE:LINE: message" when @data is not HTML or is
 *   nested too deeply
 */
gboolean
sc_import_html_read (ScImportDoc  *doc,
                     ScHtmlState  *state,
                     const char   *data,
                     gsize         length,
                     const char   *display_name,
                     gboolean      chapter,
                     GError      **error)
{
  g_autoptr(ScHtmlState) own_state = NULL;
  Walker w = { 0 };
  Head head = { 0 };
  htmlDocPtr html;
  xmlNode *root;
  xmlNode *body;
  xmlNode *content;
  gboolean start = FALSE, end = FALSE;
  guint headings[7] = { 0 };

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);

  if (state == NULL)
    state = own_state = sc_html_state_new ();
  if (state->ended)
    return TRUE;

  html = parse_html (data, length, display_name, error);
  if (html == NULL)
    return FALSE;

  root = xmlDocGetRootElement (html);
  body = sc_xml_is (root, "html") ? sc_xml_child (root, "body") : NULL;
  if (body == NULL)
    body = root;
  content = content_root (body);

  scan_markers (content, &start, &end, 0);
  count_headings (content, headings, 0);
  read_head (root, &head);

  w.doc = doc;
  w.state = state;
  w.display = display_name;
  w.chapter = chapter;
  w.before_start = start;
  w.markers = start || end;
  w.header = g_string_new (NULL);
  w.run_kind = SC_IMPORT_BLOCK_P;
  /* One <h1> over <h2> chapters is the book's title page: it stands beside
   * the chapters, not above them. */
  if (!chapter && headings[1] == 1 && headings[2] + headings[3] + headings[4] + headings[5] + headings[6] > 0)
    w.h1_shift = 1;
  if (chapter)
    w.chapter_title = useful_chapter_title (&head, doc);

  walk_flow (&w, content, SC_IMPORT_BLOCK_P, 0);
  flush_run (&w);

  if (w.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&w.error));
      walker_clear (&w);
      head_clear (&head);
      xmlFreeDoc (html);
      return FALSE;
    }

  if (w.header->len > 0)
    sc_import_doc_read_gutenberg_header (doc, w.header->str);
  if (w.markers)
    sc_import_doc_set_gutenberg (doc, NULL);
  if (!chapter)
    {
      apply_head (doc, &head, root, body);
      title_from_first_heading (doc);
    }

  walker_clear (&w);
  head_clear (&head);
  xmlFreeDoc (html);
  return TRUE;
}
