/* sc-tei.c: reading TEI P5 into the text model
 *
 * TEI files are read as they come, from many encoders: front, body and back
 * all count; every <div> at any depth is a section; text outside divs goes
 * into sections of its own; notes become blocks of their own with a mark
 * where they stood; a <floatingText> (a letter quoted inside a chapter)
 * becomes sections inside the section it appears in.
 *
 * Sections are filled in document order. Because the model keeps a
 * section's own blocks before its subsections, anything that follows a
 * subsection goes into a generated section after it, so reading the
 * sections in order always reads the file in order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-tei.h"
#include "sc-xml.h"

#define XML_NS "http://www.w3.org/XML/1998/namespace"

typedef struct {
  ScText     *text;
  const char *display;
  GHashTable *ids;        /* section ids taken */
  GHashTable *reserved;   /* the file's own section xml:ids */
  guint       n_notes;
  gsize       extracted;  /* bytes of text so far */
  GError     *error;
} TeiReader;

/* Where sections and blocks go while reading one container. */
typedef struct {
  ScSection  *section;     /* NULL at the top of front, body or back */
  GPtrArray  *children;    /* where new sections go */
  const char *prefix;      /* generated ids of children start with this */
  const char *loose_kind;  /* kind of generated sections */
  guint       depth;       /* of child sections */
  guint       n_children;  /* so far: generated ids count every child */
  ScSection  *loose;       /* the generated section taking blocks now */
} Scope;

/* One block being read. */
typedef struct {
  TeiReader   *r;
  Scope       *scope;
  ScBlockBuf   buf;
  ScBlockKind  kind;
  char        *id;
  char        *label;
  guint        line;
  gboolean     flatten;   /* nested blocks read inline instead of splitting this one */
  GPtrArray   *pending;   /* (element-type Pending) what follows this block */
} Flow;

/* A note read already (its block follows the one that marks it), or a
 * floatingText met where a section cannot start (inside a note). */
typedef struct {
  Flow    *note;
  xmlNode *floating;
  guint    depth;
} Pending;

static void read_block         (TeiReader   *r,
                                Scope       *scope,
                                xmlNode     *node,
                                guint        depth,
                                ScBlockKind  para_kind);
static void read_container     (TeiReader   *r,
                                Scope       *scope,
                                xmlNode     *node,
                                guint        depth,
                                ScBlockKind  para_kind,
                                gboolean     headings);
static void read_inline        (Flow        *flow,
                                xmlNode     *node,
                                guint        depth);
static void read_floating_text (TeiReader   *r,
                                Scope       *scope,
                                xmlNode     *node,
                                guint        depth,
                                const char  *default_kind);

/* Elements */

static gboolean
tei_is (xmlNode    *node,
        const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE &&
         (node->ns == NULL || g_strcmp0 ((const char *) node->ns->href, SC_TEI_NS) == 0) &&
         strcmp ((const char *) node->name, name) == 0;
}

static gboolean
tei_is_one_of (xmlNode            *node,
               const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (tei_is (node, names[i]))
      return TRUE;
  return FALSE;
}

static xmlNode *
tei_child (xmlNode    *node,
           const char *name)
{
  for (xmlNode *child = sc_xml_first_element (node); child != NULL; child = sc_xml_next_element (child))
    if (tei_is (child, name))
      return child;
  return NULL;
}

static xmlNode *
tei_find (xmlNode    *node,
          const char *name,
          guint       depth)
{
  if (depth > SC_XML_MAX_DEPTH)
    return NULL;
  for (xmlNode *child = sc_xml_first_element (node); child != NULL; child = sc_xml_next_element (child))
    {
      xmlNode *found = tei_is (child, name) ? child : tei_find (child, name, depth + 1);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_blank (const char *str)
{
  for (; str != NULL && *str != '\0'; str++)
    if (!(*str == ' ' || *str == '\t' || *str == '\n' || *str == '\r'))
      return FALSE;
  return TRUE;
}

/* Nothing at all: page and column breaks, running heads, anchors. */
static const char * const nothing_elements[] = {
  "pb", "cb", "milestone", "fw", "anchor", NULL
};

/* Elements that end the block they appear in and are read as blocks of
 * their own ("a p containing a list is split around it"). */
static const char * const splitting_elements[] = {
  "p", "ab", "div", "div1", "div2", "div3", "div4", "div5", "div6", "div7",
  "lg", "l", "list", "listBibl", "table", "sp", "floatingText", "figure",
  "opener", "closer", "postscript", "trailer", "byline", "epigraph", "argument",
  "titlePage", "docTitle", "group", "text", "front", "body", "back", NULL
};

/* Further elements that are blocks where blocks are expected. */
static const char * const block_elements[] = {
  "head", "note", "stage", "salute", "signed", "dateline", "label", "bibl",
  "titlePart", "docAuthor", "docImprint", "docDate", "docEdition", "imprimatur",
  "quote", "q", "cit", "said", "speaker", NULL
};

/* Elements read as part of a longer run in a flattened block, kept apart
 * from their neighbours by a space. */
static const char * const boundary_elements[] = {
  "row", "cell", "item", "label", "head", "speaker", "salute", "signed",
  "dateline", "stage", "bibl", "note", NULL
};

static gboolean is_splitting (xmlNode *node,
                              guint    depth);

static gboolean
has_block_content (xmlNode *node,
                   guint    depth)
{
  for (xmlNode *child = sc_xml_first_element (node); child != NULL; child = sc_xml_next_element (child))
    if (is_splitting (child, depth + 1))
      return TRUE;
  return FALSE;
}

static gboolean
is_quotation (xmlNode *node)
{
  return tei_is (node, "q") || tei_is (node, "quote") || tei_is (node, "cit") || tei_is (node, "said");
}

static gboolean
is_splitting (xmlNode *node,
              guint    depth)
{
  if (depth > SC_XML_MAX_DEPTH)
    return FALSE;
  if (is_quotation (node))
    return has_block_content (node, depth);
  return tei_is_one_of (node, splitting_elements);
}

/* Errors and limits */

static void tei_fail (TeiReader  *r,
                      guint       line,
                      ScError     code,
                      const char *format,
                      ...) G_GNUC_PRINTF (4, 5);

static void
tei_fail (TeiReader  *r,
          guint       line,
          ScError     code,
          const char *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (r->error != NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (&r->error, SC_ERROR, code, "%s:%u: %s", r->display, line, message);
}

static gboolean
check_depth (TeiReader *r,
             xmlNode   *node,
             guint      depth)
{
  if (r->error != NULL)
    return FALSE;
  if (depth <= SC_XML_MAX_DEPTH)
    return TRUE;
  tei_fail (r, sc_xml_node_line (node), SC_ERROR_LIMIT,
            _("elements are nested more than %d deep"), SC_XML_MAX_DEPTH);
  return FALSE;
}

static void
count_extracted (TeiReader  *r,
                 const char *str,
                 guint       line)
{
  r->extracted += str != NULL ? strlen (str) : 0;
  if (r->extracted > SC_TEXT_MAX_EXTRACTED)
    tei_fail (r, line, SC_ERROR_LIMIT, _("the text is longer than %d MiB"),
              SC_TEXT_MAX_EXTRACTED / (1024 * 1024));
}

/* Sections */

/* An id no other section has. A generated id also steers clear of the
 * xml:ids sections will have further on, so the file's own ids are kept
 * as they are; "-dup" can never be mistaken for a generated position. */
static char *
unique_id (TeiReader  *r,
           const char *base,
           gboolean    generated)
{
  char *id = g_strdup (base);

  for (guint n = 2;
       g_hash_table_contains (r->ids, id) || (generated && g_hash_table_contains (r->reserved, id));
       n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-dup%u", base, n);
    }
  g_hash_table_add (r->ids, g_strdup (id));
  return id;
}

static gboolean
is_section_element (xmlNode *node)
{
  static const char * const names[] = {
    "div", "div1", "div2", "div3", "div4", "div5", "div6", "div7", "floatingText", "text", NULL
  };

  return tei_is_one_of (node, names);
}

static void
reserve_ids (TeiReader *r,
             xmlNode   *node,
             guint      depth)
{
  for (xmlNode *child = sc_xml_first_element (node); child != NULL && depth < SC_XML_MAX_DEPTH;
       child = sc_xml_next_element (child))
    {
      if (is_section_element (child))
        {
          char *xml_id = sc_xml_get_ns_attr (child, "id", XML_NS);

          if (xml_id != NULL && !is_blank (xml_id))
            g_hash_table_add (r->reserved, xml_id);
          else
            g_free (xml_id);
        }
      reserve_ids (r, child, depth + 1);
    }
}

static void
scope_init_top (Scope      *scope,
                TeiReader  *r,
                const char *name)
{
  *scope = (Scope) { NULL, r->text->sections, name, name, 0, 0, NULL };
}

static void
scope_init_section (Scope     *scope,
                    ScSection *section)
{
  *scope = (Scope) { section, section->children, section->id, NULL, section->depth + 1, 0, NULL };
}

/* A new child section; its id is @xml_id if it has one, else made from its
 * position, so the same file always gives the same ids. */
static ScSection *
scope_add_section (TeiReader  *r,
                   Scope      *scope,
                   const char *xml_id,
                   const char *kind,
                   guint       line)
{
  g_autofree char *generated = NULL;
  g_autofree char *id = NULL;
  ScSection *section;

  scope->n_children++;
  if (xml_id == NULL || is_blank (xml_id))
    generated = g_strdup_printf ("%s-%u", scope->prefix, scope->n_children);
  id = unique_id (r, generated != NULL ? generated : xml_id, generated != NULL);

  section = sc_section_new (id, kind, line);
  section->parent = scope->section;
  section->depth = scope->depth;
  g_ptr_array_add (scope->children, section);
  scope->loose = NULL;
  return section;
}

static void
scope_add_block (TeiReader *r,
                 Scope     *scope,
                 ScBlock   *block)
{
  ScSection *target = scope->section;

  count_extracted (r, block->text, block->line);
  if (target == NULL || target->children->len > 0)
    {
      if (scope->loose == NULL)
        scope->loose = scope_add_section (r, scope, NULL, scope->loose_kind, block->line);
      target = scope->loose;
    }
  g_ptr_array_add (target->blocks, block);
}

/* Flows */

static Flow *
flow_new (TeiReader   *r,
          Scope       *scope,
          ScBlockKind  kind,
          xmlNode     *node,
          gboolean     flatten)
{
  Flow *flow = g_new0 (Flow, 1);

  flow->r = r;
  flow->scope = scope;
  flow->kind = kind;
  flow->line = sc_xml_node_line (node);
  flow->flatten = flatten;
  flow->pending = g_ptr_array_new ();
  sc_block_buf_init (&flow->buf);
  return flow;
}

static void
flow_free (Flow *flow)
{
  for (guint i = 0; i < flow->pending->len; i++)
    {
      Pending *pending = g_ptr_array_index (flow->pending, i);

      g_clear_pointer (&pending->note, flow_free);
      g_free (pending);
    }
  g_ptr_array_unref (flow->pending);
  sc_block_buf_clear (&flow->buf);
  g_free (flow->id);
  g_free (flow->label);
  g_free (flow);
}

/* Ends the block read so far (the flow goes on with the next one), then
 * what waited for it: its notes, and floatingTexts met inside notes. */
static void
flow_flush (Flow *flow)
{
  TeiReader *r = flow->r;
  g_autoptr(GPtrArray) pending = NULL;
  ScBlock *block;

  block = sc_block_buf_take (&flow->buf, flow->kind, flow->label, flow->line);
  if (block != NULL)
    {
      block->id = g_strdup (flow->id);
      scope_add_block (r, flow->scope, block);
    }

  pending = g_steal_pointer (&flow->pending);
  flow->pending = g_ptr_array_new ();
  for (guint i = 0; i < pending->len; i++)
    {
      Pending *item = g_ptr_array_index (pending, i);

      if (item->note != NULL)
        {
          flow_flush (item->note);
          flow_free (item->note);
        }
      else if (r->error == NULL)
        read_floating_text (r, flow->scope, item->floating, item->depth, "floatingText");
      g_free (item);
    }
}

static void
flow_defer (Flow    *flow,
            Flow    *note,
            xmlNode *floating,
            guint    depth)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->note = note;
  pending->floating = floating;
  pending->depth = depth;
  g_ptr_array_add (flow->pending, pending);
}

static void
read_inline_children (Flow    *flow,
                      xmlNode *node,
                      guint    depth)
{
  for (xmlNode *child = node->children; child != NULL && flow->r->error == NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE && child->content != NULL)
        sc_block_buf_append (&flow->buf, (const char *) child->content);
      else if (child->type == XML_ELEMENT_NODE)
        read_inline (flow, child, depth + 1);
      /* Entity references are never expanded; comments and processing
       * instructions are not text. */
    }
}

/* The text of @node as one string with no spans, for headings, speakers
 * and labels; notes in it become blocks in @scope. NULL when empty. */
static char *
read_plain (TeiReader *r,
            Scope     *scope,
            xmlNode   *node,
            guint      depth)
{
  Flow *flow = flow_new (r, scope, SC_BLOCK_CAPTION, node, TRUE);
  ScBlock *block;
  char *text = NULL;

  read_inline_children (flow, node, depth);
  block = sc_block_buf_take (&flow->buf, SC_BLOCK_CAPTION, NULL, flow->line);
  if (block != NULL)
    {
      count_extracted (r, block->text, block->line);
      text = g_steal_pointer (&block->text);
      sc_block_free (block);
    }
  flow_flush (flow);
  flow_free (flow);
  return text;
}

/* A block of @kind from everything inside @node. */
static void
read_flow (TeiReader   *r,
           Scope       *scope,
           xmlNode     *node,
           guint        depth,
           ScBlockKind  kind,
           gboolean     flatten)
{
  Flow *flow = flow_new (r, scope, kind, node, flatten);

  read_inline_children (flow, node, depth);
  flow_flush (flow);
  flow_free (flow);
}

/* Inline elements */

/* A note is read at once, as its own flattened block; the block it sits in
 * gets a mark, and the note's block follows that one. A note with no text
 * (only a floatingText, say) leaves no mark and gives its number back. */
static Flow *
read_note (TeiReader *r,
           Scope     *scope,
           xmlNode   *node,
           guint      depth)
{
  guint number = ++r->n_notes;
  Flow *note = flow_new (r, scope, SC_BLOCK_NOTE, node, TRUE);

  note->label = sc_xml_get_attr (node, "place");
  read_inline_children (note, node, depth);

  if (sc_block_buf_is_empty (&note->buf))
    {
      if (r->n_notes == number)
        r->n_notes--;
    }
  else
    note->id = g_strdup_printf ("note-%u", number);
  return note;
}

/* <choice> holds alternatives: the expanded, corrected or regularized one
 * is read, and only that (the white space between them is layout). */
static void
read_choice (Flow    *flow,
             xmlNode *node,
             guint    depth)
{
  static const char * const preferred[] = { "expan", "corr", "reg", "abbr", "sic", "orig", NULL };
  xmlNode *pick = NULL;

  for (guint i = 0; preferred[i] != NULL && pick == NULL; i++)
    pick = tei_child (node, preferred[i]);
  if (pick == NULL)
    pick = sc_xml_first_element (node);
  if (pick != NULL)
    read_inline (flow, pick, depth + 1);
}

/* <expan> is the abbreviation mark (<am>, left out) and the letters it
 * stands for (<ex>); white space between them is layout, not a word break:
 * "unicun<expan> <am>…</am> <ex>que</ex> </expan>" is "unicunque". */
static void
read_expan (Flow    *flow,
            xmlNode *node,
            guint    depth)
{
  for (xmlNode *child = node->children; child != NULL && flow->r->error == NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE && child->content != NULL && !is_blank ((const char *) child->content))
        sc_block_buf_append (&flow->buf, (const char *) child->content);
      else if (child->type == XML_ELEMENT_NODE && !tei_is (child, "am"))
        read_inline (flow, child, depth + 1);
    }
}

static void
read_span (Flow       *flow,
           xmlNode    *node,
           guint       depth,
           ScSpanKind  kind,
           const char *target)
{
  sc_block_buf_open_span (&flow->buf, kind, target, NULL);
  read_inline_children (flow, node, depth);
  sc_block_buf_close_span (&flow->buf);
}

/* What a block-level element inside a block becomes when it splits it: a
 * paragraph inside a quotation is a quotation, inside a letter a letter. */
static ScBlockKind
paragraph_kind (ScBlockKind kind)
{
  switch (kind)
    {
    case SC_BLOCK_QUOTE:
    case SC_BLOCK_LETTER:
    case SC_BLOCK_LIST_ITEM:
    case SC_BLOCK_SPEECH:
    case SC_BLOCK_CAPTION:
    case SC_BLOCK_STAGE:
      return kind;
    case SC_BLOCK_PARAGRAPH:
    case SC_BLOCK_NOTE:
    case SC_BLOCK_VERSE:
    case SC_BLOCK_TABLE_ROW:
    default:
      return SC_BLOCK_PARAGRAPH;
    }
}

static void
read_inline (Flow    *flow,
             xmlNode *node,
             guint    depth)
{
  ScBlockBuf *buf = &flow->buf;

  if (!check_depth (flow->r, node, depth))
    return;

  if (node->ns != NULL && g_strcmp0 ((const char *) node->ns->href, SC_TEI_NS) != 0)
    read_inline_children (flow, node, depth);   /* another vocabulary: keep its words */
  else if (tei_is_one_of (node, nothing_elements))
    return;
  else if (tei_is (node, "gap"))
    {
      /* Nothing the source could not show is made up: the gap's <desc>
       * ("•", "1 letter") is never text, only a mark. */
      g_autofree char *reason = sc_xml_get_attr (node, "reason");

      sc_block_buf_mark (buf, SC_SPAN_GAP, reason);
    }
  else if (tei_is (node, "lb"))
    {
      g_autofree char *brk = sc_xml_get_attr (node, "break");

      if (g_strcmp0 (brk, "no") != 0)
        sc_block_buf_space (buf);
    }
  else if (tei_is (node, "note"))
    {
      Flow *note = read_note (flow->r, flow->scope, node, depth);

      if (note->id != NULL)
        sc_block_buf_mark (buf, SC_SPAN_NOTE_MARK, note->id);
      flow_defer (flow, note, NULL, depth);
    }
  else if (tei_is (node, "choice"))
    read_choice (flow, node, depth);
  else if (tei_is (node, "expan"))
    read_expan (flow, node, depth);
  else if (tei_is (node, "hi") || tei_is (node, "emph"))
    read_span (flow, node, depth, SC_SPAN_EMPHASIS, NULL);
  else if (tei_is (node, "ref") && xmlHasProp (node, (const xmlChar *) "target") != NULL)
    {
      g_autofree char *target = sc_xml_get_attr (node, "target");

      if (g_str_has_prefix (target, "http://") || g_str_has_prefix (target, "https://"))
        read_span (flow, node, depth, SC_SPAN_URL, target);
      else
        read_inline_children (flow, node, depth);
    }
  else if (flow->flatten && tei_is (node, "floatingText"))
    flow_defer (flow, NULL, node, depth);
  else if (!flow->flatten && is_splitting (node, depth))
    {
      flow_flush (flow);
      read_block (flow->r, flow->scope, node, depth, paragraph_kind (flow->kind));
    }
  else if (flow->flatten && (is_splitting (node, depth) || tei_is_one_of (node, boundary_elements)))
    {
      sc_block_buf_space (buf);
      read_inline_children (flow, node, depth);
      sc_block_buf_space (buf);
    }
  else
    read_inline_children (flow, node, depth);   /* g, abbr, seg, date, name, q… */
}

/* Blocks */

static void
read_line (Flow    *flow,
           xmlNode *node,
           guint    depth)
{
  if (!check_depth (flow->r, node, depth))
    return;
  sc_block_buf_separator (&flow->buf, '\n', FALSE);
  read_inline_children (flow, node, depth);
}

/* The lines of a line group, nested groups included, one per line. */
static void
read_lines (Flow    *flow,
            xmlNode *node,
            guint    depth)
{
  for (xmlNode *child = node->children; child != NULL && flow->r->error == NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE && child->content != NULL)
        sc_block_buf_append (&flow->buf, (const char *) child->content);
      else if (tei_is (child, "l") || tei_is (child, "head"))
        read_line (flow, child, depth + 1);
      else if (tei_is (child, "lg"))
        {
          if (check_depth (flow->r, child, depth + 1))
            read_lines (flow, child, depth + 1);
        }
      else if (child->type == XML_ELEMENT_NODE)
        read_inline (flow, child, depth + 1);
    }
}

static void
read_verse (TeiReader *r,
            Scope     *scope,
            xmlNode   *node,
            guint      depth)
{
  Flow *flow = flow_new (r, scope, SC_BLOCK_VERSE, node, FALSE);

  if (tei_is (node, "l"))
    read_line (flow, node, depth);
  else
    read_lines (flow, node, depth);
  flow_flush (flow);
  flow_free (flow);
}

/* A speech: the speaker is the label; its paragraphs and lines are one
 * block, a line each; a stage direction between them is a block of its
 * own, and the speech goes on after it. */
static void
read_speech (TeiReader *r,
             Scope     *scope,
             xmlNode   *node,
             guint      depth)
{
  Flow *flow = flow_new (r, scope, SC_BLOCK_SPEECH, node, FALSE);

  for (xmlNode *child = node->children; child != NULL && r->error == NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE && child->content != NULL)
        sc_block_buf_append (&flow->buf, (const char *) child->content);
      else if (child->type != XML_ELEMENT_NODE || !check_depth (r, child, depth + 1))
        continue;
      else if (tei_is (child, "speaker") && flow->label == NULL)
        flow->label = read_plain (r, scope, child, depth + 1);
      else if (tei_is (child, "p") || tei_is (child, "ab") || tei_is (child, "l"))
        read_line (flow, child, depth + 1);
      else if (tei_is (child, "lg"))
        read_lines (flow, child, depth + 1);
      else if (tei_is (child, "stage"))
        {
          flow_flush (flow);
          read_flow (r, scope, child, depth + 1, SC_BLOCK_STAGE, FALSE);
        }
      else
        read_inline (flow, child, depth + 1);
    }
  flow_flush (flow);
  flow_free (flow);
}

static void
read_item (TeiReader *r,
           Scope     *scope,
           xmlNode   *node,
           guint      depth,
           char      *label)
{
  Flow *flow = flow_new (r, scope, SC_BLOCK_LIST_ITEM, node, FALSE);

  flow->label = label;
  for (xmlNode *child = node->children; child != NULL && r->error == NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE && child->content != NULL)
        sc_block_buf_append (&flow->buf, (const char *) child->content);
      else if (tei_is (child, "label") && flow->label == NULL && sc_block_buf_is_empty (&flow->buf))
        {
          if (check_depth (r, child, depth + 1))
            flow->label = read_plain (r, scope, child, depth + 1);
        }
      else if (child->type == XML_ELEMENT_NODE)
        read_inline (flow, child, depth + 1);
    }
  flow_flush (flow);
  flow_free (flow);
}

/* An item made of bare text: text loose in a list, or a label with no
 * item after it (then the label is all there is of that entry). */
static void
read_text_item (TeiReader  *r,
                Scope      *scope,
                xmlNode    *node,
                const char *str)
{
  Flow *flow;

  if (str == NULL)
    return;
  flow = flow_new (r, scope, SC_BLOCK_LIST_ITEM, node, FALSE);
  sc_block_buf_append (&flow->buf, str);
  flow_flush (flow);
  flow_free (flow);
}

/* A list's items; a <label> before an <item> is that item's label. */
static void
read_list (TeiReader *r,
           Scope     *scope,
           xmlNode   *node,
           guint      depth)
{
  g_autofree char *label = NULL;

  for (xmlNode *child = node->children; child != NULL && r->error == NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE && !is_blank ((const char *) child->content))
        read_text_item (r, scope, child, (const char *) child->content);
      else if (child->type != XML_ELEMENT_NODE || !check_depth (r, child, depth + 1))
        continue;
      else if (tei_is (child, "label"))
        {
          read_text_item (r, scope, child, label);
          g_free (label);
          label = read_plain (r, scope, child, depth + 1);
        }
      else if (tei_is (child, "item"))
        read_item (r, scope, child, depth + 1, g_steal_pointer (&label));
      else if (tei_is (child, "head"))
        read_flow (r, scope, child, depth + 1, SC_BLOCK_CAPTION, FALSE);
      else if (!tei_is_one_of (child, nothing_elements))
        read_block (r, scope, child, depth + 1, SC_BLOCK_LIST_ITEM);
    }

  read_text_item (r, scope, node, label);
}

/* One block per row, cells separated by tabs (an empty cell keeps its
 * column). */
static void
read_row (TeiReader *r,
          Scope     *scope,
          xmlNode   *node,
          guint      depth)
{
  Flow *flow = flow_new (r, scope, SC_BLOCK_TABLE_ROW, node, TRUE);
  gboolean first = TRUE;

  for (xmlNode *child = node->children; child != NULL && r->error == NULL; child = child->next)
    {
      if (tei_is (child, "cell"))
        {
          if (!check_depth (r, child, depth + 1))
            break;
          if (!first)
            sc_block_buf_separator (&flow->buf, '\t', TRUE);
          first = FALSE;
          read_inline_children (flow, child, depth + 1);
        }
      else if (child->type == XML_ELEMENT_NODE)
        read_inline (flow, child, depth + 1);
    }
  flow_flush (flow);
  flow_free (flow);
}

static void
read_table (TeiReader *r,
            Scope     *scope,
            xmlNode   *node,
            guint      depth)
{
  for (xmlNode *child = sc_xml_first_element (node); child != NULL && r->error == NULL;
       child = sc_xml_next_element (child))
    {
      if (!check_depth (r, child, depth + 1))
        break;
      if (tei_is (child, "row"))
        read_row (r, scope, child, depth + 1);
      else if (tei_is (child, "head"))
        read_flow (r, scope, child, depth + 1, SC_BLOCK_CAPTION, FALSE);
      else
        read_block (r, scope, child, depth + 1, SC_BLOCK_PARAGRAPH);
    }
}

/* A <head> in a section container: the section's heading if it has none
 * yet and nothing has been read into it; a second head right after the
 * first is a subtitle (a caption block); a head after text starts a new
 * generated section, since a heading never belongs in the middle. */
static void
read_heading (TeiReader *r,
              Scope     *scope,
              xmlNode   *node,
              guint      depth)
{
  ScSection *target = NULL;

  if (scope->section != NULL && scope->section->blocks->len == 0 && scope->section->children->len == 0)
    target = scope->section;
  else if (scope->loose != NULL && scope->loose->blocks->len == 0)
    target = scope->loose;

  if (target != NULL && target->heading != NULL)
    {
      read_flow (r, scope, node, depth, SC_BLOCK_CAPTION, FALSE);
      return;
    }
  if (target == NULL)
    {
      target = scope_add_section (r, scope, NULL, scope->loose_kind, sc_xml_node_line (node));
      scope->loose = target;
    }
  target->heading = read_plain (r, scope, node, depth);
}

static void
read_div (TeiReader *r,
          Scope     *scope,
          xmlNode   *node,
          guint      depth)
{
  g_autofree char *xml_id = sc_xml_get_ns_attr (node, "id", XML_NS);
  g_autofree char *type = sc_xml_get_attr (node, "type");
  ScSection *section;
  Scope inner;

  section = scope_add_section (r, scope, xml_id, type, sc_xml_node_line (node));
  scope_init_section (&inner, section);
  read_container (r, &inner, node, depth, SC_BLOCK_PARAGRAPH, TRUE);
}

/* A floatingText (or a nested <text>) is a text inside the text: a
 * section whose front, body and back fill it as they would a document. */
static void
read_floating_text (TeiReader  *r,
                    Scope      *scope,
                    xmlNode    *node,
                    guint       depth,
                    const char *default_kind)
{
  g_autofree char *xml_id = sc_xml_get_ns_attr (node, "id", XML_NS);
  g_autofree char *type = sc_xml_get_attr (node, "type");
  ScSection *section;
  Scope inner;

  section = scope_add_section (r, scope, xml_id, type != NULL ? type : default_kind,
                               sc_xml_node_line (node));
  scope_init_section (&inner, section);
  read_container (r, &inner, node, depth, SC_BLOCK_PARAGRAPH, TRUE);
}

/* A block-level element. @para_kind is what a paragraph is here: a
 * paragraph in a quotation is a quotation block, in a letter's postscript
 * a letter block. */
static void
read_block (TeiReader   *r,
            Scope       *scope,
            xmlNode     *node,
            guint        depth,
            ScBlockKind  para_kind)
{
  static const char * const captions[] = { "trailer", "byline", "epigraph", "argument", "figure", NULL };
  static const char * const letter_parts[] = { "salute", "signed", "dateline", NULL };
  static const char * const letters[] = { "opener", "closer", "postscript", NULL };
  static const char * const divs[] = { "div", "div1", "div2", "div3", "div4", "div5", "div6", "div7", NULL };
  static const char * const containers[] = { "front", "body", "back", NULL };

  if (!check_depth (r, node, depth))
    return;

  if (node->ns != NULL && g_strcmp0 ((const char *) node->ns->href, SC_TEI_NS) != 0)
    read_flow (r, scope, node, depth, para_kind, TRUE);
  else if (tei_is_one_of (node, nothing_elements) || tei_is (node, "lb") || tei_is (node, "gap"))
    return;
  else if (tei_is_one_of (node, divs))
    read_div (r, scope, node, depth);
  else if (tei_is (node, "p") || tei_is (node, "ab"))
    read_flow (r, scope, node, depth, paragraph_kind (para_kind), FALSE);
  else if (tei_is (node, "lg") || tei_is (node, "l"))
    read_verse (r, scope, node, depth);
  else if (tei_is (node, "sp"))
    read_speech (r, scope, node, depth);
  else if (tei_is (node, "stage"))
    read_flow (r, scope, node, depth, SC_BLOCK_STAGE, FALSE);
  else if (tei_is (node, "list") || tei_is (node, "listBibl"))
    read_list (r, scope, node, depth);
  else if (tei_is (node, "table"))
    read_table (r, scope, node, depth);
  else if (tei_is_one_of (node, letters))
    read_container (r, scope, node, depth, SC_BLOCK_LETTER, FALSE);
  else if (tei_is_one_of (node, letter_parts))
    read_flow (r, scope, node, depth, SC_BLOCK_LETTER, FALSE);
  else if (tei_is_one_of (node, captions) || tei_is (node, "head"))
    read_flow (r, scope, node, depth, SC_BLOCK_CAPTION, TRUE);
  else if (is_quotation (node))
    {
      if (has_block_content (node, depth))
        read_container (r, scope, node, depth, SC_BLOCK_QUOTE, FALSE);
      else
        read_flow (r, scope, node, depth, SC_BLOCK_QUOTE, FALSE);
    }
  else if (tei_is (node, "note"))
    {
      /* A note standing between blocks: a block with no mark anywhere. */
      Flow *note = read_note (r, scope, node, depth);

      flow_flush (note);
      flow_free (note);
    }
  else if (tei_is (node, "floatingText"))
    read_floating_text (r, scope, node, depth, "floatingText");
  else if (tei_is (node, "text"))
    read_floating_text (r, scope, node, depth, "text");
  else if (tei_is_one_of (node, containers) || tei_is (node, "group"))
    read_container (r, scope, node, depth, para_kind, TRUE);
  else if (has_block_content (node, depth))
    read_container (r, scope, node, depth, para_kind, FALSE);   /* titlePage, docTitle… */
  else
    read_flow (r, scope, node, depth, paragraph_kind (para_kind), FALSE);
}

static gboolean
is_block_here (xmlNode *node,
               guint    depth)
{
  return is_splitting (node, depth) || tei_is_one_of (node, block_elements);
}

static void
close_flow (Flow **flow)
{
  if (*flow == NULL)
    return;
  flow_flush (*flow);
  g_clear_pointer (flow, flow_free);
}

/* The children of a container (div, body, quotation with paragraphs,
 * letter opener…): block elements are read as blocks; text and inline
 * elements between them make blocks of @para_kind; a run of <l> outside
 * any <lg> is one verse block. With @headings, a <head> names the section. */
static void
read_container (TeiReader   *r,
                Scope       *scope,
                xmlNode     *node,
                guint        depth,
                ScBlockKind  para_kind,
                gboolean     headings)
{
  Flow *loose = NULL;
  Flow *verse = NULL;

  for (xmlNode *child = node->children; child != NULL && r->error == NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE && child->content != NULL)
        {
          if (is_blank ((const char *) child->content) && loose == NULL)
            continue;
          close_flow (&verse);
          if (loose == NULL)
            loose = flow_new (r, scope, para_kind, child, FALSE);
          sc_block_buf_append (&loose->buf, (const char *) child->content);
        }
      else if (child->type != XML_ELEMENT_NODE || !check_depth (r, child, depth + 1))
        continue;
      else if (tei_is (child, "l"))
        {
          close_flow (&loose);
          if (verse == NULL)
            verse = flow_new (r, scope, SC_BLOCK_VERSE, child, FALSE);
          read_line (verse, child, depth + 1);
        }
      else if (tei_is_one_of (child, nothing_elements) && loose == NULL)
        continue;   /* a page break does not end a run of lines */
      else if (headings && tei_is (child, "head"))
        {
          close_flow (&loose);
          close_flow (&verse);
          read_heading (r, scope, child, depth + 1);
        }
      else if (is_block_here (child, depth + 1))
        {
          close_flow (&loose);
          close_flow (&verse);
          read_block (r, scope, child, depth + 1, para_kind);
        }
      else
        {
          close_flow (&verse);
          if (loose == NULL)
            loose = flow_new (r, scope, para_kind, child, FALSE);
          read_inline (loose, child, depth + 1);
        }
    }
  close_flow (&loose);
  close_flow (&verse);
}

/* The document's <text>: front, body and back each start their own run of
 * top-level sections, named after them ("front-1", "body-3-2"); a group's
 * texts are sections "text-1", "text-2". */
static void
read_text_element (TeiReader *r,
                   xmlNode   *text,
                   guint      depth)
{
  for (xmlNode *child = sc_xml_first_element (text); child != NULL && r->error == NULL;
       child = sc_xml_next_element (child))
    {
      const char *name = (const char *) child->name;
      gboolean is_part = tei_is (child, "front") || tei_is (child, "body") || tei_is (child, "back");
      Scope top;

      if (!check_depth (r, child, depth + 1))
        break;
      scope_init_top (&top, r, is_part ? name : "text");
      if (is_part || tei_is (child, "group"))
        read_container (r, &top, child, depth + 1, SC_BLOCK_PARAGRAPH, TRUE);
      else
        read_block (r, &top, child, depth + 1, SC_BLOCK_PARAGRAPH);
    }
}

/* The header */

static char *
header_text (xmlNode *node)
{
  char *text = node != NULL ? sc_xml_node_text (node) : NULL;

  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* At most @max characters, cut at a word. */
static char *
shorten (char  *str,
         glong  max)
{
  const char *cut;
  GString *out;

  if (str == NULL || g_utf8_strlen (str, -1) <= max)
    return str;

  cut = g_utf8_offset_to_pointer (str, max);
  while (cut > str && *cut != ' ')
    cut--;
  if (cut == str)
    cut = g_utf8_offset_to_pointer (str, max);

  out = g_string_new_len (str, cut - str);
  g_string_append (out, "…");
  g_free (str);
  return g_string_free (out, FALSE);
}

static char *
text_id (xmlNode    *tei,
         xmlNode    *publication,
         const char *path)
{
  g_autofree char *xml_id = sc_xml_get_ns_attr (tei, "id", XML_NS);
  g_autofree char *idno = header_text (tei_child (publication, "idno"));
  g_autofree char *base = path != NULL ? g_path_get_basename (path) : NULL;
  char *id;

  if ((id = sc_text_id_sanitize (xml_id)) != NULL || (id = sc_text_id_sanitize (idno)) != NULL)
    return id;

  if (base != NULL && strrchr (base, '.') != NULL)
    *strrchr (base, '.') = '\0';
  if ((id = sc_text_id_sanitize (base)) != NULL)
    return id;
  return g_strdup ("text");
}

static char *
title_of (xmlNode *title_stmt)
{
  xmlNode *first = NULL;

  for (xmlNode *child = sc_xml_first_element (title_stmt); child != NULL; child = sc_xml_next_element (child))
    {
      g_autofree char *type = NULL;

      if (!tei_is (child, "title"))
        continue;
      type = sc_xml_get_attr (child, "type");
      if (type == NULL || g_str_equal (type, "main"))
        return header_text (child);
      if (first == NULL)
        first = child;
    }
  return header_text (first);
}

static char **
authors_of (xmlNode *title_stmt)
{
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_free);

  for (xmlNode *child = sc_xml_first_element (title_stmt); child != NULL; child = sc_xml_next_element (child))
    {
      char *author = tei_is (child, "author") ? header_text (child) : NULL;

      if (author != NULL)
        g_ptr_array_add (authors, author);
    }
  g_ptr_array_add (authors, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&authors), FALSE);
}

static void
add_topics (GPtrArray *topics,
            xmlNode   *node,
            guint      depth)
{
  for (xmlNode *child = sc_xml_first_element (node); child != NULL && depth < SC_XML_MAX_DEPTH;
       child = sc_xml_next_element (child))
    {
      if (tei_is (child, "term") || tei_is (child, "item"))
        {
          char *topic = header_text (child);
          gsize len = topic != NULL ? strlen (topic) : 0;

          /* Catalogue headings end in a period: "Slavery -- United States." */
          while (len > 0 && (topic[len - 1] == '.' || g_ascii_isspace (topic[len - 1])))
            topic[--len] = '\0';
          if (len > 0 && !g_ptr_array_find_with_equal_func (topics, topic, g_str_equal, NULL))
            g_ptr_array_add (topics, topic);
          else
            g_free (topic);
        }
      else
        add_topics (topics, child, depth + 1);
    }
}

/* A known licence's SPDX identifier, from a URL or a sentence naming it. */
static char *
spdx_license (const char *str)
{
  g_autofree char *lower = str != NULL ? g_ascii_strdown (str, -1) : NULL;
  const char *cc;

  if (lower == NULL)
    return NULL;
  if (strstr (lower, "publicdomain/zero") != NULL || strstr (lower, "cc0") != NULL ||
      strstr (lower, "creative commons 0") != NULL || strstr (lower, "creative commons zero") != NULL)
    return g_strdup ("CC0-1.0");

  cc = strstr (lower, "creativecommons.org/licenses/");
  if (cc != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (cc + strlen ("creativecommons.org/licenses/"), "/", 3);

      if (parts[0] != NULL && parts[1] != NULL && *parts[0] != '\0' && *parts[1] != '\0')
        {
          g_autofree char *kind = g_ascii_strup (parts[0], -1);

          return g_strdup_printf ("CC-%s-%s", kind, parts[1]);
        }
    }
  return NULL;
}

/* "…according to the terms of <ref target="…/zero/1.0/">…</ref>" */
static char *
license_of_links (xmlNode *node,
                  guint    depth)
{
  for (xmlNode *child = sc_xml_first_element (node); child != NULL && depth < SC_XML_MAX_DEPTH;
       child = sc_xml_next_element (child))
    {
      g_autofree char *target = tei_is (child, "ref") ? sc_xml_get_attr (child, "target") : NULL;
      char *spdx = spdx_license (target);

      if (spdx == NULL)
        spdx = license_of_links (child, depth + 1);
      if (spdx != NULL)
        return spdx;
    }
  return NULL;
}

static char *
license_of (xmlNode *availability)
{
  xmlNode *licence = tei_find (availability, "licence", 0);
  g_autofree char *licence_target = sc_xml_get_attr (licence, "target");
  g_autofree char *licence_text = header_text (licence);
  g_autofree char *availability_text = header_text (availability);
  char *spdx;

  if ((spdx = spdx_license (licence_target)) != NULL || (spdx = spdx_license (licence_text)) != NULL)
    return spdx;

  if ((spdx = license_of_links (availability, 0)) != NULL ||
      (spdx = spdx_license (availability_text)) != NULL)
    return spdx;

  if (licence_target != NULL)
    return g_steal_pointer (&licence_target);
  if (licence_text != NULL)
    return g_steal_pointer (&licence_text);
  return shorten (g_steal_pointer (&availability_text), 200);
}

static void
append_source_part (GString    *source,
                    const char *part)
{
  gsize len;

  if (part == NULL)
    return;
  len = strlen (part);
  /* Catalogue punctuation between imprint parts: "Exeter [N.H.]; :" */
  while (len > 0 && strchr (" ,;:", part[len - 1]) != NULL)
    len--;
  if (len == 0)
    return;
  if (source->len > 0)
    g_string_append (source, source->str[source->len - 1] == '.' ? " " : ", ");
  g_string_append_len (source, part, len);
}

/* "Title. Place, Printer, 1779." from a biblFull or bibl, as words. */
static char *
source_of (xmlNode *source_desc)
{
  xmlNode *bibl_full = tei_child (source_desc, "biblFull");
  GString *source;

  if (bibl_full == NULL)
    {
      xmlNode *bibl = tei_child (source_desc, "bibl");

      return shorten (header_text (bibl != NULL ? bibl : source_desc), 300);
    }

  source = g_string_new (NULL);
  {
    xmlNode *publication = tei_child (bibl_full, "publicationStmt");
    g_autofree char *title = title_of (tei_child (bibl_full, "titleStmt"));
    g_autofree char *place = header_text (tei_child (publication, "pubPlace"));
    g_autofree char *publisher = header_text (tei_child (publication, "publisher"));
    g_autofree char *date = header_text (tei_child (publication, "date"));

    append_source_part (source, title);
    append_source_part (source, place);
    append_source_part (source, publisher);
    append_source_part (source, date);
  }
  if (source->len == 0)
    {
      g_string_free (source, TRUE);
      return NULL;
    }
  return shorten (g_string_free (source, FALSE), 300);
}

/* The source's own date first (when it was printed), then the edition's. */
static void
read_date (ScText  *text,
           xmlNode *header)
{
  xmlNode *file_desc = tei_child (header, "fileDesc");
  xmlNode *candidates[] = {
    tei_find (tei_child (file_desc, "sourceDesc"), "date", 0),
    tei_find (tei_child (header, "profileDesc"), "date", 0),
    tei_child (tei_child (file_desc, "publicationStmt"), "date"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (candidates) && text->year == 0; i++)
    {
      g_autofree char *when = sc_xml_get_attr (candidates[i], "when");
      char *date = header_text (candidates[i]);

      if (date == NULL && when == NULL)
        continue;
      g_free (text->date);
      text->date = date != NULL ? date : g_strdup (when);
      text->year = sc_year_from_date (text->date);
      if (text->year == 0)
        text->year = sc_year_from_date (when);
    }
}

static void
read_header (TeiReader *r,
             xmlNode   *tei,
             xmlNode   *header,
             xmlNode   *text_node)
{
  ScText *text = r->text;
  xmlNode *file_desc = tei_child (header, "fileDesc");
  xmlNode *title_stmt = tei_child (file_desc, "titleStmt");
  xmlNode *publication = tei_child (file_desc, "publicationStmt");
  xmlNode *profile = tei_child (header, "profileDesc");
  g_autoptr(GPtrArray) topics = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *lang = sc_xml_get_attr (tei_find (tei_child (profile, "langUsage"), "language", 0), "ident");

  text->id = text_id (tei, publication, text->path);
  text->title = title_of (title_stmt);
  text->authors = authors_of (title_stmt);
  read_date (text, header);

  if (lang == NULL)
    lang = sc_xml_get_ns_attr (text_node, "lang", XML_NS);
  if (lang == NULL)
    lang = sc_xml_get_ns_attr (tei, "lang", XML_NS);
  text->lang = sc_lang_normalize (lang);

  add_topics (topics, tei_child (tei_child (profile, "textClass"), "keywords"), 0);
  g_ptr_array_add (topics, NULL);
  text->topics = (char **) g_ptr_array_free (g_steal_pointer (&topics), FALSE);

  text->license = license_of (tei_find (publication, "availability", 0));
  text->source = source_of (tei_child (file_desc, "sourceDesc"));
}

gboolean
sc_tei_is_document (xmlNode *root)
{
  return tei_is (root, "TEI");
}

/**
 * sc_tei_read:
 * @doc: a parsed document whose root is <TEI>
 * @path: (nullable): the file it came from
 * @display: how to name the file in errors
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the text, or %NULL with @error set
 */
ScText *
sc_tei_read (xmlDoc      *doc,
             const char  *path,
             const char  *display,
             GError     **error)
{
  g_autoptr(ScText) text = sc_text_new (path, SC_TEXT_FORMAT_TEI);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) reserved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  TeiReader r = { text, display, ids, reserved, 0, 0, NULL };
  xmlNode *tei = xmlDocGetRootElement (doc);
  xmlNode *text_node = tei_child (tei, "text");

  g_return_val_if_fail (sc_tei_is_document (tei), NULL);

  read_header (&r, tei, tei_child (tei, "teiHeader"), text_node);
  if (text_node != NULL)
    {
      reserve_ids (&r, text_node, 2);
      read_text_element (&r, text_node, 2);
    }

  if (r.error != NULL)
    {
      g_propagate_error (error, r.error);
      return NULL;
    }

  sc_text_finish (text);
  return g_steal_pointer (&text);
}
