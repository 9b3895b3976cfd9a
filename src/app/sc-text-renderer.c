/* sc-text-renderer.c: a text set for reading in a GtkTextBuffer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sc-query.h"
#include "sc-text-renderer.h"

/* Words of an untitled section's first block that name it in the table of
 * contents. */
#define UNTITLED_WORDS 8

/* ------------------------------------------------------------------------ */
/* ScTextSection                                                             */

struct _ScTextSection {
  GObject      parent_instance;

  char        *id;
  char        *title;
  guint        depth;
  int          offset;
  GtkTextMark *mark;
  guint        index;         /* in the rendering's sections */
  guint        first_piece;   /* pieces of its own blocks, in the rendering */
  guint        n_pieces;
};

G_DEFINE_FINAL_TYPE (ScTextSection, sc_text_section, G_TYPE_OBJECT)

enum {
  SECTION_PROP_0,
  SECTION_PROP_ID,
  SECTION_PROP_TITLE,
  SECTION_PROP_DEPTH,
  SECTION_N_PROPS
};

static GParamSpec *section_properties[SECTION_N_PROPS];

static void
sc_text_section_finalize (GObject *object)
{
  ScTextSection *self = SC_TEXT_SECTION (object);

  g_free (self->id);
  g_free (self->title);
  g_clear_object (&self->mark);
  G_OBJECT_CLASS (sc_text_section_parent_class)->finalize (object);
}

static void
sc_text_section_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScTextSection *self = SC_TEXT_SECTION (object);

  switch (prop_id)
    {
    case SECTION_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case SECTION_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case SECTION_PROP_DEPTH:
      g_value_set_uint (value, self->depth);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_text_section_class_init (ScTextSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_text_section_finalize;
  object_class->get_property = sc_text_section_get_property;

  section_properties[SECTION_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  section_properties[SECTION_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  section_properties[SECTION_PROP_DEPTH] =
    g_param_spec_uint ("depth", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, SECTION_N_PROPS, section_properties);
}

static void
sc_text_section_init (ScTextSection *self)
{
}

const char *
sc_text_section_get_id (ScTextSection *self)
{
  g_return_val_if_fail (SC_IS_TEXT_SECTION (self), NULL);
  return self->id;
}

const char *
sc_text_section_get_title (ScTextSection *self)
{
  g_return_val_if_fail (SC_IS_TEXT_SECTION (self), NULL);
  return self->title;
}

guint
sc_text_section_get_depth (ScTextSection *self)
{
  g_return_val_if_fail (SC_IS_TEXT_SECTION (self), 0);
  return self->depth;
}

int
sc_text_section_get_offset (ScTextSection *self)
{
  g_return_val_if_fail (SC_IS_TEXT_SECTION (self), 0);
  return self->offset;
}

GtkTextMark *
sc_text_section_get_mark (ScTextSection *self)
{
  g_return_val_if_fail (SC_IS_TEXT_SECTION (self), NULL);
  return self->mark;
}

/* ------------------------------------------------------------------------ */
/* Tags                                                                      */

static const char * const tag_names[] = {
  /* Lowest priority first: the body gives size and margins, the kinds of
   * block override them, inline tags come next, and what the reader marks
   * over the text (highlights, matches) wins over everything. */
  SC_TEXT_TAG_BODY,
  SC_TEXT_TAG_SPACE_AFTER,
  SC_TEXT_TAG_TIGHT_AFTER,
  SC_TEXT_TAG_TITLE,
  SC_TEXT_TAG_BYLINE,
  SC_TEXT_TAG_HEADING,
  SC_TEXT_TAG_HEADING_1,
  SC_TEXT_TAG_HEADING_2,
  SC_TEXT_TAG_HEADING_3,
  SC_TEXT_TAG_HEADING_4,
  SC_TEXT_TAG_PARAGRAPH,
  SC_TEXT_TAG_QUOTE,
  SC_TEXT_TAG_VERSE,
  SC_TEXT_TAG_LIST_ITEM,
  SC_TEXT_TAG_SPEECH,
  SC_TEXT_TAG_STAGE,
  SC_TEXT_TAG_TABLE_ROW,
  SC_TEXT_TAG_LETTER,
  SC_TEXT_TAG_CAPTION,
  SC_TEXT_TAG_NOTE,
  SC_TEXT_TAG_SPEAKER,
  SC_TEXT_TAG_EMPHASIS,
  SC_TEXT_TAG_STRONG,
  SC_TEXT_TAG_TERM,
  SC_TEXT_TAG_LINK,
  SC_TEXT_TAG_NOTE_MARK,
  SC_TEXT_TAG_GAP,
  SC_TEXT_TAG_HIGHLIGHT,
  SC_TEXT_TAG_QUERY_MATCH,
  SC_TEXT_TAG_FIND_MATCH,
  SC_TEXT_TAG_FIND_CURRENT,
};

static GtkTextTag *
lookup_tag (GtkTextBuffer *buffer,
            const char    *name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);

  g_assert (tag != NULL);
  return tag;
}

void
sc_text_renderer_setup_tags (GtkTextBuffer *buffer)
{
  GtkTextTagTable *table;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  table = gtk_text_buffer_get_tag_table (buffer);
  if (gtk_text_tag_table_lookup (table, SC_TEXT_TAG_BODY) != NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (tag_names); i++)
    gtk_text_buffer_create_tag (buffer, tag_names[i], NULL);

  /* What does not change with the font size. */
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_BODY),
                "wrap-mode", GTK_WRAP_WORD_CHAR,
                "family", "Serif",
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_TITLE),
                "weight", 800,
                "scale", 1.9,
                "wrap-mode", GTK_WRAP_WORD,
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_BYLINE),
                "scale", 0.95,
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_HEADING),
                "weight", PANGO_WEIGHT_BOLD,
                "wrap-mode", GTK_WRAP_WORD,
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_HEADING_1), "scale", 1.45, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_HEADING_2), "scale", 1.22, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_HEADING_3), "scale", 1.08, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_HEADING_4), "scale", 1.0, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_QUOTE), "style", PANGO_STYLE_ITALIC, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_STAGE), "style", PANGO_STYLE_ITALIC, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_CAPTION),
                "style", PANGO_STYLE_ITALIC,
                "scale", 0.92,
                "justification", GTK_JUSTIFY_CENTER,
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_NOTE), "scale", 0.9, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_SPEAKER),
                "weight", PANGO_WEIGHT_BOLD,
                "variant", PANGO_VARIANT_SMALL_CAPS,
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_EMPHASIS), "style", PANGO_STYLE_ITALIC, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_STRONG), "weight", PANGO_WEIGHT_BOLD, NULL);
  /* GTK draws the "error" underline as a row of dots: the dotted line that
   * says "there is more to know about this word". */
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_TERM), "underline", PANGO_UNDERLINE_ERROR, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_LINK), "underline", PANGO_UNDERLINE_SINGLE, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_NOTE_MARK),
                "scale", 0.72,
                "weight", PANGO_WEIGHT_BOLD,
                NULL);

  sc_text_renderer_set_metrics (buffer, 15.0, 24);
}

static int
px (double points,
    double ems)
{
  /* 96 pixels to the inch, 72 points to the inch */
  return (int) (points * 96.0 / 72.0 * ems + 0.5);
}

void
sc_text_renderer_set_metrics (GtkTextBuffer *buffer,
                              double         points,
                              int            margin)
{
  g_autoptr(PangoTabArray) list_tabs = NULL;
  g_autoptr(PangoTabArray) table_tabs = NULL;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));
  g_return_if_fail (points > 0);

  sc_text_renderer_setup_tags (buffer);

  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_BODY),
                "size-points", points,
                "left-margin", margin,
                "right-margin", margin,
                "pixels-inside-wrap", px (points, 0.42),
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_SPACE_AFTER), "pixels-below-lines", px (points, 0.95), NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_TIGHT_AFTER), "pixels-below-lines", px (points, 0.4), NULL);

  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_TITLE),
                "pixels-above-lines", px (points, 0.6),
                "pixels-below-lines", px (points, 0.4),
                "pixels-inside-wrap", px (points, 0.1),
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_BYLINE),
                "pixels-below-lines", px (points, 1.2),
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_HEADING),
                "pixels-inside-wrap", px (points, 0.15),
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_HEADING_1),
                "pixels-above-lines", px (points, 1.7),
                "pixels-below-lines", px (points, 0.6),
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_HEADING_2),
                "pixels-above-lines", px (points, 1.35),
                "pixels-below-lines", px (points, 0.5),
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_HEADING_3),
                "pixels-above-lines", px (points, 1.1),
                "pixels-below-lines", px (points, 0.4),
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_HEADING_4),
                "pixels-above-lines", px (points, 0.9),
                "pixels-below-lines", px (points, 0.35),
                NULL);

  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_QUOTE),
                "left-margin", margin + px (points, 1.8),
                "right-margin", margin + px (points, 1.2),
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_VERSE),
                "left-margin", margin + px (points, 2.2),
                NULL);

  /* Bullets hang in the margin of their item: "•<tab>text", the tab stop
   * where wrapped lines start. */
  list_tabs = pango_tab_array_new_with_positions (1, TRUE, PANGO_TAB_LEFT, px (points, 1.3));
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_LIST_ITEM),
                "left-margin", margin + px (points, 0.6),
                "indent", -px (points, 1.3),
                "tabs", list_tabs,
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_SPEECH),
                "left-margin", margin + px (points, 1.6),
                "indent", -px (points, 1.6),
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_STAGE),
                "left-margin", margin + px (points, 1.6),
                NULL);
  table_tabs = pango_tab_array_new (8, TRUE);
  for (int i = 0; i < 8; i++)
    pango_tab_array_set_tab (table_tabs, i, PANGO_TAB_LEFT, px (points, 9.0) * (i + 1));
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_TABLE_ROW),
                "tabs", table_tabs,
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_LETTER),
                "left-margin", margin + px (points, 1.0),
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_NOTE),
                "left-margin", margin + px (points, 1.0),
                NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_NOTE_MARK),
                "rise", px (points, 0.4) * PANGO_SCALE,
                NULL);
}

void
sc_text_renderer_set_colors (GtkTextBuffer      *buffer,
                             const ScTextColors *colors)
{
  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));
  g_return_if_fail (colors != NULL);

  sc_text_renderer_setup_tags (buffer);

  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_BYLINE), "foreground-rgba", &colors->dim, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_STAGE), "foreground-rgba", &colors->dim, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_CAPTION), "foreground-rgba", &colors->dim, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_NOTE), "foreground-rgba", &colors->dim, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_GAP), "foreground-rgba", &colors->dim, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_TERM), "underline-rgba", &colors->accent, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_LINK), "foreground-rgba", &colors->accent, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_NOTE_MARK), "foreground-rgba", &colors->accent, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_HIGHLIGHT), "background-rgba", &colors->highlight, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_QUERY_MATCH), "background-rgba", &colors->match, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_FIND_MATCH), "background-rgba", &colors->find, NULL);
  g_object_set (lookup_tag (buffer, SC_TEXT_TAG_FIND_CURRENT),
                "background-rgba", &colors->find_current,
                "foreground-rgba", &colors->find_current_fg,
                NULL);
}

/* ------------------------------------------------------------------------ */
/* Rendering                                                                 */

/* A run of the source's own words in the buffer: what maps buffer offsets
 * to body offsets and back. Text the reader adds (bullets, speakers, note
 * numbers, gap marks, headings) is in no piece. */
typedef struct {
  int   buf_start;
  int   length;
  guint body_start;
  guint section;
} Piece;

struct _ScTextRendering {
  GtkTextBuffer *buffer;        /* (owned) */
  GListStore    *sections;      /* (element-type ScTextSection) */
  GPtrArray     *section_array; /* the same, for binary search */
  GHashTable    *sections_by_id;
  GArray        *pieces;        /* (element-type Piece) buffer order */
  GArray        *anchors;       /* (element-type ScTextAnchor) buffer order */
  GHashTable    *notes;         /* note id → text */
  GString       *text;          /* what the buffer holds */
  guint          n_chars;

  /* Built on the first search: the text folded, and for each of its bytes
   * the buffer offset of the character it came from. */
  GString       *folded;
  GArray        *fold_map;
};

typedef struct {
  ScTextRendering *r;
  GtkTextBuffer   *buffer;
  GHashTable      *marked_notes;  /* ids of notes with a mark in the text */
  guint            n_notes;
  guint            section;       /* index of the section being set */
  guint            body;          /* body offset of the block being set */
} Renderer;

static void
anchor_clear (gpointer data)
{
  ScTextAnchor *anchor = data;

  g_free (anchor->target);
  g_free (anchor->target2);
}

/* Appends @len bytes of @str with @tags; returns the buffer offset where
 * they start. New lines inside a block become line separators, so that a
 * block stays one paragraph of the view (verse keeps its lines). */
static int
append (Renderer     *rd,
        const char   *str,
        gssize        len,
        GtkTextTag  **tags,
        guint         n_tags)
{
  ScTextRendering *r = rd->r;
  g_autoptr(GString) chunk = g_string_new_len (str, len < 0 ? (gssize) strlen (str) : len);
  int start = r->n_chars;
  GtkTextIter iter, begin;

  if (chunk->len == 0)
    return start;
  g_string_replace (chunk, "\n", "\u2028", 0);

  gtk_text_buffer_get_end_iter (rd->buffer, &iter);
  gtk_text_buffer_insert (rd->buffer, &iter, chunk->str, chunk->len);
  g_string_append_len (r->text, chunk->str, chunk->len);
  r->n_chars += g_utf8_strlen (chunk->str, chunk->len);

  gtk_text_buffer_get_iter_at_offset (rd->buffer, &begin, start);
  gtk_text_buffer_get_end_iter (rd->buffer, &iter);
  for (guint i = 0; i < n_tags; i++)
    if (tags[i] != NULL)
      gtk_text_buffer_apply_tag (rd->buffer, tags[i], &begin, &iter);
  return start;
}

static void
append_newline (Renderer    *rd,
                GtkTextTag **tags,
                guint        n_tags)
{
  GtkTextIter iter, begin;
  int start = rd->r->n_chars;

  gtk_text_buffer_get_end_iter (rd->buffer, &iter);
  gtk_text_buffer_insert (rd->buffer, &iter, "\n", 1);
  g_string_append_c (rd->r->text, '\n');
  rd->r->n_chars++;

  gtk_text_buffer_get_iter_at_offset (rd->buffer, &begin, start);
  gtk_text_buffer_get_end_iter (rd->buffer, &iter);
  for (guint i = 0; i < n_tags; i++)
    if (tags[i] != NULL)
      gtk_text_buffer_apply_tag (rd->buffer, tags[i], &begin, &iter);
}

static void
add_piece (Renderer *rd,
           int       buf_start,
           int       length,
           guint     body_start)
{
  Piece piece = { buf_start, length, body_start, rd->section };

  if (length > 0)
    g_array_append_val (rd->r->pieces, piece);
}

static void
add_anchor (Renderer         *rd,
            const ScSpan     *span,
            int               start,
            int               end,
            guint             number)
{
  ScTextAnchor anchor = {
    span->kind, start, end, g_strdup (span->target), g_strdup (span->target2), number
  };

  g_array_append_val (rd->r->anchors, anchor);
}

static GtkTextTag *
block_tag (GtkTextBuffer *buffer,
           ScBlockKind    kind)
{
  switch (kind)
    {
    case SC_BLOCK_QUOTE:
      return lookup_tag (buffer, SC_TEXT_TAG_QUOTE);
    case SC_BLOCK_LIST_ITEM:
      return lookup_tag (buffer, SC_TEXT_TAG_LIST_ITEM);
    case SC_BLOCK_NOTE:
      return lookup_tag (buffer, SC_TEXT_TAG_NOTE);
    case SC_BLOCK_VERSE:
      return lookup_tag (buffer, SC_TEXT_TAG_VERSE);
    case SC_BLOCK_SPEECH:
      return lookup_tag (buffer, SC_TEXT_TAG_SPEECH);
    case SC_BLOCK_STAGE:
      return lookup_tag (buffer, SC_TEXT_TAG_STAGE);
    case SC_BLOCK_TABLE_ROW:
      return lookup_tag (buffer, SC_TEXT_TAG_TABLE_ROW);
    case SC_BLOCK_LETTER:
      return lookup_tag (buffer, SC_TEXT_TAG_LETTER);
    case SC_BLOCK_CAPTION:
      return lookup_tag (buffer, SC_TEXT_TAG_CAPTION);
    case SC_BLOCK_PARAGRAPH:
    default:
      return lookup_tag (buffer, SC_TEXT_TAG_PARAGRAPH);
    }
}

static GtkTextTag *
span_tag (GtkTextBuffer *buffer,
          ScSpanKind     kind)
{
  switch (kind)
    {
    case SC_SPAN_EMPHASIS:
      return lookup_tag (buffer, SC_TEXT_TAG_EMPHASIS);
    case SC_SPAN_STRONG:
      return lookup_tag (buffer, SC_TEXT_TAG_STRONG);
    case SC_SPAN_TERM:
      return lookup_tag (buffer, SC_TEXT_TAG_TERM);
    case SC_SPAN_LINK:
    case SC_SPAN_URL:
      return lookup_tag (buffer, SC_TEXT_TAG_LINK);
    case SC_SPAN_NOTE_MARK:
    case SC_SPAN_GAP:
    default:
      return NULL;
    }
}

static gboolean
is_mark_span (const ScSpan *span)
{
  return span->kind == SC_SPAN_NOTE_MARK || span->kind == SC_SPAN_GAP;
}

static gboolean
is_anchor_span (const ScSpan *span)
{
  return span->kind == SC_SPAN_TERM || span->kind == SC_SPAN_LINK || span->kind == SC_SPAN_URL;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint ua = *(const guint *) a, ub = *(const guint *) b;

  return (ua > ub) - (ua < ub);
}

/* A note number or a gap mark, where the source has one. */
static void
append_mark (Renderer      *rd,
             const ScSpan  *span,
             gboolean       space_before,
             GtkTextTag   **tags,
             guint          n_tags)
{
  GtkTextTag *all[8];
  guint n = MIN (n_tags, G_N_ELEMENTS (all) - 1);
  int start;

  memcpy (all, tags, n * sizeof (GtkTextTag *));
  if (span->kind == SC_SPAN_NOTE_MARK)
    {
      g_autofree char *number = NULL;

      /* A mark whose note the text does not have shows nothing. */
      if (span->target == NULL || !g_hash_table_contains (rd->r->notes, span->target))
        return;
      number = g_strdup_printf ("%u", ++rd->n_notes);
      all[n] = lookup_tag (rd->buffer, SC_TEXT_TAG_NOTE_MARK);
      start = append (rd, number, -1, all, n + 1);
      add_anchor (rd, span, start, rd->r->n_chars, rd->n_notes);
    }
  else
    {
      /* White space collapsing leaves "word<gap/> next" for "word <gap/>
       * next": the mark gets its space back. A gap inside a word stays
       * inside it. */
      if (space_before)
        append (rd, " ", 1, tags, n);
      all[n] = lookup_tag (rd->buffer, SC_TEXT_TAG_GAP);
      start = append (rd, SC_TEXT_GAP_MARK, -1, all, n + 1);
      add_anchor (rd, span, start, rd->r->n_chars, 0);
    }
}

/* The block's text cut where spans begin and end, each run with the tags of
 * the spans covering it; empty spans (note marks, gaps) inserted where they
 * stand. */
static void
append_block_text (Renderer      *rd,
                   const ScBlock *block,
                   GtkTextTag   **block_tags,
                   guint          n_block_tags)
{
  GPtrArray *spans = block->spans;
  guint len = strlen (block->text);
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree int *start_at = NULL;   /* buffer offset where each span starts */
  guint zero = 0;

  g_array_append_val (cuts, zero);
  g_array_append_val (cuts, len);
  for (guint i = 0; spans != NULL && i < spans->len; i++)
    {
      ScSpan *span = g_ptr_array_index (spans, i);

      g_array_append_val (cuts, span->start);
      g_array_append_val (cuts, span->end);
    }
  g_array_sort (cuts, compare_uint);
  start_at = g_new0 (int, spans != NULL ? spans->len + 1 : 1);

  for (guint c = 0; c < cuts->len; c++)
    {
      guint at = g_array_index (cuts, guint, c);
      guint next;

      if (c > 0 && at == g_array_index (cuts, guint, c - 1))
        continue;

      /* Spans that end here end before the marks that stand here. */
      for (guint i = 0; spans != NULL && i < spans->len; i++)
        {
          ScSpan *span = g_ptr_array_index (spans, i);

          if (span->end == at && span->start < span->end && is_anchor_span (span))
            add_anchor (rd, span, start_at[i], rd->r->n_chars, 0);
        }
      for (guint i = 0; spans != NULL && i < spans->len; i++)
        {
          ScSpan *span = g_ptr_array_index (spans, i);

          if (span->start == at && is_mark_span (span))
            {
              gboolean space_before = at > 0 && at < len &&
                                      g_unichar_isalnum (g_utf8_get_char (g_utf8_prev_char (block->text + at))) &&
                                      g_unichar_isspace (g_utf8_get_char (block->text + at));

              append_mark (rd, span, space_before, block_tags, n_block_tags);
            }
        }
      for (guint i = 0; spans != NULL && i < spans->len; i++)
        {
          ScSpan *span = g_ptr_array_index (spans, i);

          if (span->start == at)
            start_at[i] = rd->r->n_chars;
        }

      if (at >= len)
        break;

      /* The run from here to the next cut. */
      next = len;
      for (guint k = c + 1; k < cuts->len; k++)
        if (g_array_index (cuts, guint, k) > at)
          {
            next = g_array_index (cuts, guint, k);
            break;
          }
      {
        g_autoptr(GPtrArray) tags = g_ptr_array_new ();
        int start;

        for (guint i = 0; i < n_block_tags; i++)
          g_ptr_array_add (tags, block_tags[i]);
        for (guint i = 0; spans != NULL && i < spans->len; i++)
          {
            ScSpan *span = g_ptr_array_index (spans, i);

            if (span->start <= at && span->end >= next && span->start < span->end)
              g_ptr_array_add (tags, span_tag (rd->buffer, span->kind));
          }
        start = append (rd, block->text + at, next - at, (GtkTextTag **) tags->pdata, tags->len);
        add_piece (rd, start, rd->r->n_chars - start,
                   rd->body + g_utf8_strlen (block->text, at));
      }
    }
}

static void
append_block (Renderer      *rd,
              const ScBlock *block,
              gboolean       tight)
{
  GtkTextTag *tags[3] = {
    lookup_tag (rd->buffer, SC_TEXT_TAG_BODY),
    block_tag (rd->buffer, block->kind),
    lookup_tag (rd->buffer, tight ? SC_TEXT_TAG_TIGHT_AFTER : SC_TEXT_TAG_SPACE_AFTER),
  };

  if (block->kind == SC_BLOCK_LIST_ITEM)
    {
      g_autofree char *bullet = g_strdup_printf ("%s\t", block->label != NULL ? block->label : "•");

      append (rd, bullet, -1, tags, G_N_ELEMENTS (tags));
    }
  else if (block->kind == SC_BLOCK_SPEECH && block->label != NULL)
    {
      GtkTextTag *speaker[G_N_ELEMENTS (tags) + 1];

      memcpy (speaker, tags, sizeof tags);
      speaker[G_N_ELEMENTS (tags)] = lookup_tag (rd->buffer, SC_TEXT_TAG_SPEAKER);
      append (rd, block->label, -1, speaker, G_N_ELEMENTS (speaker));
      append (rd, "  ", -1, tags, G_N_ELEMENTS (tags));
    }

  append_block_text (rd, block, tags, G_N_ELEMENTS (tags));
  append_newline (rd, tags, G_N_ELEMENTS (tags));
}

/* Consecutive items of a list, or rows of a table, sit close together. */
static gboolean
block_is_tight (ScSection *section,
                guint      index)
{
  ScBlock *block = g_ptr_array_index (section->blocks, index);
  ScBlock *next;

  if (block->kind != SC_BLOCK_LIST_ITEM && block->kind != SC_BLOCK_TABLE_ROW &&
      block->kind != SC_BLOCK_LETTER)
    return FALSE;
  if (index + 1 >= section->blocks->len)
    return FALSE;
  next = g_ptr_array_index (section->blocks, index + 1);
  return next->kind == block->kind;
}

static char *
untitled_title (ScSection *section)
{
  for (guint i = 0; i < section->blocks->len; i++)
    {
      ScBlock *block = g_ptr_array_index (section->blocks, i);
      g_auto(GStrv) words = NULL;
      g_autofree char *joined = NULL;

      if (block->kind == SC_BLOCK_NOTE || block->text[0] == '\0')
        continue;
      words = g_strsplit_set (block->text, " \n\t", UNTITLED_WORDS + 1);
      if (g_strv_length (words) > UNTITLED_WORDS)
        {
          g_free (words[UNTITLED_WORDS]);
          words[UNTITLED_WORDS] = NULL;
          joined = g_strjoinv (" ", words);
          return g_strconcat (joined, "…", NULL);
        }
      return g_strjoinv (" ", words);
    }
  /* Translators: the table of contents' name for a section with no heading and no text */
  return g_strdup (_("Untitled section"));
}

static void
append_section (Renderer  *rd,
                ScSection *section)
{
  ScTextRendering *r = rd->r;
  ScTextSection *item = g_object_new (SC_TYPE_TEXT_SECTION, NULL);
  GtkTextIter iter;

  item->id = g_strdup (section->id);
  item->depth = section->depth;
  item->offset = r->n_chars;
  item->title = section->heading != NULL ? g_strdup (section->heading) : untitled_title (section);
  item->first_piece = r->pieces->len;
  gtk_text_buffer_get_end_iter (rd->buffer, &iter);
  item->mark = g_object_ref (gtk_text_buffer_create_mark (rd->buffer, NULL, &iter, TRUE));

  rd->section = item->index = r->section_array->len;
  g_ptr_array_add (r->section_array, item);
  if (section->id != NULL)
    g_hash_table_insert (r->sections_by_id, item->id, item);

  if (section->heading != NULL)
    {
      static const char * const levels[] = {
        SC_TEXT_TAG_HEADING_1, SC_TEXT_TAG_HEADING_2, SC_TEXT_TAG_HEADING_3, SC_TEXT_TAG_HEADING_4,
      };
      GtkTextTag *tags[3] = {
        lookup_tag (rd->buffer, SC_TEXT_TAG_BODY),
        lookup_tag (rd->buffer, SC_TEXT_TAG_HEADING),
        lookup_tag (rd->buffer, levels[MIN (section->depth, G_N_ELEMENTS (levels) - 1)]),
      };

      append (rd, section->heading, -1, tags, G_N_ELEMENTS (tags));
      append_newline (rd, tags, G_N_ELEMENTS (tags));
    }

  rd->body = 0;
  for (guint i = 0; i < section->blocks->len; i++)
    {
      ScBlock *block = g_ptr_array_index (section->blocks, i);

      if (i > 0)
        rd->body += 2;   /* the "\n\n" of sc_section_body() */
      /* A note with a mark opens from its number; the others stand where
       * the source put them. */
      if (!(block->kind == SC_BLOCK_NOTE && block->id != NULL &&
            g_hash_table_contains (rd->marked_notes, block->id)))
        append_block (rd, block, block_is_tight (section, i));
      rd->body += g_utf8_strlen (block->text, -1);
    }
  item->n_pieces = r->pieces->len - item->first_piece;
}

static void
collect_notes (Renderer  *rd,
               GPtrArray *flat)
{
  for (guint s = 0; s < flat->len; s++)
    {
      ScSection *section = g_ptr_array_index (flat, s);

      for (guint b = 0; b < section->blocks->len; b++)
        {
          ScBlock *block = g_ptr_array_index (section->blocks, b);

          if (block->kind == SC_BLOCK_NOTE && block->id != NULL)
            g_hash_table_insert (rd->r->notes, g_strdup (block->id), g_strdup (block->text));
          for (guint i = 0; block->spans != NULL && i < block->spans->len; i++)
            {
              ScSpan *span = g_ptr_array_index (block->spans, i);

              if (span->kind == SC_SPAN_NOTE_MARK && span->target != NULL)
                g_hash_table_add (rd->marked_notes, span->target);
            }
        }
    }
}

static void
append_front (Renderer     *rd,
              const ScText *text)
{
  GtkTextTag *title_tags[2] = {
    lookup_tag (rd->buffer, SC_TEXT_TAG_BODY),
    lookup_tag (rd->buffer, SC_TEXT_TAG_TITLE),
  };
  GtkTextTag *byline_tags[2] = {
    lookup_tag (rd->buffer, SC_TEXT_TAG_BODY),
    lookup_tag (rd->buffer, SC_TEXT_TAG_BYLINE),
  };
  g_autoptr(GString) byline = g_string_new (NULL);

  append (rd, text->title != NULL ? text->title : text->id, -1, title_tags, G_N_ELEMENTS (title_tags));
  append_newline (rd, title_tags, G_N_ELEMENTS (title_tags));

  if (text->authors != NULL && text->authors[0] != NULL)
    {
      g_autofree char *authors = g_strjoinv (", ", text->authors);

      g_string_append (byline, authors);
    }
  if (text->year > 0)
    g_string_append_printf (byline, "%s%d", byline->len > 0 ? " · " : "", text->year);
  else if (text->date != NULL)
    g_string_append_printf (byline, "%s%s", byline->len > 0 ? " · " : "", text->date);
  if (byline->len > 0)
    {
      append (rd, byline->str, byline->len, byline_tags, G_N_ELEMENTS (byline_tags));
      append_newline (rd, byline_tags, G_N_ELEMENTS (byline_tags));
    }
}

ScTextRendering *
sc_text_render (GtkTextBuffer *buffer,
                const ScText  *text)
{
  g_autoptr(GPtrArray) flat = NULL;
  ScTextRendering *r;
  Renderer rd = { 0 };

  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  sc_text_renderer_setup_tags (buffer);

  r = g_new0 (ScTextRendering, 1);
  r->buffer = g_object_ref (buffer);
  r->sections = g_list_store_new (SC_TYPE_TEXT_SECTION);
  r->section_array = g_ptr_array_new_with_free_func (g_object_unref);
  r->sections_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  r->pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  r->anchors = g_array_new (FALSE, FALSE, sizeof (ScTextAnchor));
  g_array_set_clear_func (r->anchors, anchor_clear);
  r->notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r->text = g_string_new (NULL);

  rd.r = r;
  rd.buffer = buffer;
  rd.marked_notes = g_hash_table_new (g_str_hash, g_str_equal);

  gtk_text_buffer_set_text (buffer, "", 0);
  flat = sc_text_flatten ((ScText *) text);
  collect_notes (&rd, flat);

  append_front (&rd, text);
  for (guint i = 0; i < flat->len; i++)
    append_section (&rd, g_ptr_array_index (flat, i));

  g_list_store_splice (r->sections, 0, 0, r->section_array->pdata, r->section_array->len);
  g_hash_table_unref (rd.marked_notes);
  return r;
}

void
sc_text_rendering_free (ScTextRendering *r)
{
  if (r == NULL)
    return;

  for (guint i = 0; i < r->section_array->len; i++)
    {
      ScTextSection *section = g_ptr_array_index (r->section_array, i);

      if (!gtk_text_mark_get_deleted (section->mark))
        gtk_text_buffer_delete_mark (r->buffer, section->mark);
    }
  g_object_unref (r->buffer);
  g_object_unref (r->sections);
  g_ptr_array_unref (r->section_array);
  g_hash_table_unref (r->sections_by_id);
  g_array_unref (r->pieces);
  g_array_unref (r->anchors);
  g_hash_table_unref (r->notes);
  g_string_free (r->text, TRUE);
  if (r->folded != NULL)
    g_string_free (r->folded, TRUE);
  g_clear_pointer (&r->fold_map, g_array_unref);
  g_free (r);
}

GListModel *
sc_text_rendering_get_sections (ScTextRendering *r)
{
  g_return_val_if_fail (r != NULL, NULL);
  return G_LIST_MODEL (r->sections);
}

ScTextSection *
sc_text_rendering_find_section (ScTextRendering *r,
                                const char      *section_id)
{
  g_return_val_if_fail (r != NULL, NULL);
  return section_id != NULL ? g_hash_table_lookup (r->sections_by_id, section_id) : NULL;
}

ScTextSection *
sc_text_rendering_section_at (ScTextRendering *r,
                              int              offset)
{
  guint lo = 0, hi;

  g_return_val_if_fail (r != NULL, NULL);

  /* The last section starting at or before @offset. */
  hi = r->section_array->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      ScTextSection *section = g_ptr_array_index (r->section_array, mid);

      if (section->offset <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 ? g_ptr_array_index (r->section_array, lo - 1) : NULL;
}

const ScTextAnchor *
sc_text_rendering_anchor_at (ScTextRendering *r,
                             int              offset)
{
  g_return_val_if_fail (r != NULL, NULL);

  /* Anchors are few and in buffer order, but spans may nest (a term in a
   * link): the innermost, last opened, wins. */
  for (guint i = r->anchors->len; i > 0; i--)
    {
      const ScTextAnchor *anchor = &g_array_index (r->anchors, ScTextAnchor, i - 1);

      if (anchor->start <= offset && offset < anchor->end)
        return anchor;
    }
  return NULL;
}

const char *
sc_text_rendering_get_note (ScTextRendering *r,
                            const char      *note_id)
{
  g_return_val_if_fail (r != NULL, NULL);
  return note_id != NULL ? g_hash_table_lookup (r->notes, note_id) : NULL;
}

const char *
sc_text_rendering_get_text (ScTextRendering *r)
{
  g_return_val_if_fail (r != NULL, NULL);
  return r->text->str;
}

guint
sc_text_rendering_get_n_chars (ScTextRendering *r)
{
  g_return_val_if_fail (r != NULL, 0);
  return r->n_chars;
}

/* The body offset of @offset in @section; with @exclusive, of the end of a
 * range ending at @offset. Offsets in text the reader added (a heading, a
 * note number) count as the nearest body offset before them. */
static guint
body_offset_in (ScTextRendering *r,
                ScTextSection   *section,
                int              offset,
                gboolean         exclusive)
{
  guint lo = section->first_piece;
  guint hi = section->first_piece + section->n_pieces;
  Piece *piece;

  /* The last of the section's pieces starting before @offset (or at it). */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      int piece_start = g_array_index (r->pieces, Piece, mid).buf_start;

      if (exclusive ? piece_start < offset : piece_start <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == section->first_piece)
    return 0;
  piece = &g_array_index (r->pieces, Piece, lo - 1);
  return piece->body_start + MIN (offset - piece->buf_start, piece->length);
}

gboolean
sc_text_rendering_to_body (ScTextRendering  *r,
                           int               offset,
                           ScTextSection   **section_out,
                           guint            *body_offset)
{
  ScTextSection *section;

  g_return_val_if_fail (r != NULL, FALSE);

  section = sc_text_rendering_section_at (r, offset);
  if (section == NULL)
    return FALSE;
  if (section_out != NULL)
    *section_out = section;
  if (body_offset != NULL)
    *body_offset = body_offset_in (r, section, offset, FALSE);
  return TRUE;
}

int
sc_text_rendering_section_end (ScTextRendering *r,
                               ScTextSection   *section)
{
  g_return_val_if_fail (r != NULL, 0);
  g_return_val_if_fail (SC_IS_TEXT_SECTION (section), 0);

  if (section->index + 1 < r->section_array->len)
    return SC_TEXT_SECTION (g_ptr_array_index (r->section_array, section->index + 1))->offset;
  return r->n_chars;
}

gboolean
sc_text_rendering_range_to_body (ScTextRendering  *r,
                                 int               start,
                                 int               end,
                                 ScTextSection   **section_out,
                                 guint            *body_start,
                                 guint            *body_end)
{
  ScTextSection *section;

  g_return_val_if_fail (r != NULL, FALSE);

  section = sc_text_rendering_section_at (r, start);
  if (section == NULL)
    return FALSE;
  end = MIN (end, sc_text_rendering_section_end (r, section));
  if (section_out != NULL)
    *section_out = section;
  if (body_start != NULL)
    *body_start = body_offset_in (r, section, start, FALSE);
  if (body_end != NULL)
    *body_end = body_offset_in (r, section, MAX (start, end), TRUE);
  return TRUE;
}

int
sc_text_rendering_from_body (ScTextRendering *r,
                             const char      *section_id,
                             guint            body_offset)
{
  ScTextSection *section;
  guint lo, hi;
  Piece *piece;

  g_return_val_if_fail (r != NULL, -1);

  section = sc_text_rendering_find_section (r, section_id);
  if (section == NULL)
    return -1;
  if (section->n_pieces == 0)
    return section->offset;

  lo = section->first_piece;
  hi = section->first_piece + section->n_pieces;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (r->pieces, Piece, mid).body_start <= body_offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  piece = &g_array_index (r->pieces, Piece, lo > section->first_piece ? lo - 1 : lo);
  if (body_offset < piece->body_start)
    return piece->buf_start;
  return piece->buf_start + (int) MIN (body_offset - piece->body_start, (guint) piece->length);
}

/* Finding ------------------------------------------------------------------- */

static void
ensure_folded (ScTextRendering *r)
{
  g_autoptr(GHashTable) cache = NULL;
  int offset = 0;

  if (r->folded != NULL)
    return;

  r->folded = g_string_sized_new (r->text->len);
  r->fold_map = g_array_sized_new (FALSE, FALSE, sizeof (int), r->text->len);
  cache = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  for (const char *p = r->text->str; *p != '\0'; p = g_utf8_next_char (p), offset++)
    {
      gunichar c = g_utf8_get_char (p);
      const char *folded;
      gsize before = r->folded->len;

      if (c < 0x80)
        {
          g_string_append_c (r->folded, g_ascii_tolower ((char) c));
        }
      else
        {
          folded = g_hash_table_lookup (cache, GUINT_TO_POINTER (c));
          if (folded == NULL)
            {
              char utf8[8] = { 0 };
              char *f;

              g_unichar_to_utf8 (c, utf8);
              f = sc_query_fold (utf8);
              g_hash_table_insert (cache, GUINT_TO_POINTER (c), f);
              folded = f;
            }
          g_string_append (r->folded, folded);
        }
      for (gsize i = before; i < r->folded->len; i++)
        g_array_append_val (r->fold_map, offset);
    }
}

static ScTextRange
folded_range (ScTextRendering *r,
              gsize            start,
              gsize            len)
{
  ScTextRange range;

  range.start = g_array_index (r->fold_map, int, start);
  range.end = g_array_index (r->fold_map, int, start + len - 1) + 1;
  return range;
}

GArray *
sc_text_rendering_find (ScTextRendering *r,
                        const char      *needle)
{
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (ScTextRange));
  g_autofree char *folded = NULL;
  gsize len;
  const char *p;

  g_return_val_if_fail (r != NULL, ranges);
  g_return_val_if_fail (needle != NULL, ranges);

  folded = sc_query_fold (needle);
  len = strlen (folded);
  if (len == 0)
    return ranges;

  ensure_folded (r);
  for (p = strstr (r->folded->str, folded); p != NULL; p = strstr (p + len, folded))
    {
      ScTextRange range = folded_range (r, p - r->folded->str, len);

      g_array_append_val (ranges, range);
    }
  return ranges;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static int
compare_range (gconstpointer a,
               gconstpointer b)
{
  const ScTextRange *ra = a, *rb = b;

  if (ra->start != rb->start)
    return (ra->start > rb->start) - (ra->start < rb->start);
  return (ra->end > rb->end) - (ra->end < rb->end);
}

GArray *
sc_text_rendering_match_words (ScTextRendering *r,
                               GPtrArray       *terms,
                               gboolean         prefix)
{
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (ScTextRange));
  GArray *merged;

  g_return_val_if_fail (r != NULL, ranges);
  if (terms == NULL || terms->len == 0)
    return ranges;

  ensure_folded (r);
  for (guint t = 0; t < terms->len; t++)
    {
      const char *term = g_ptr_array_index (terms, t);
      gsize len = strlen (term);
      const char *text = r->folded->str;

      if (len == 0)
        continue;
      for (const char *p = strstr (text, term); p != NULL; p = strstr (p + len, term))
        {
          const char *after = p + len;
          ScTextRange range;

          /* Whole words only (or word starts, for a prefix). */
          if (p > text && is_word_char (g_utf8_get_char (g_utf8_prev_char (p))))
            continue;
          if (!prefix && *after != '\0' && is_word_char (g_utf8_get_char (after)))
            continue;
          range = folded_range (r, p - text, len);
          if (prefix)
            {
              /* The whole word that begins with the prefix. */
              while (*after != '\0' && is_word_char (g_utf8_get_char (after)))
                after = g_utf8_next_char (after);
              range.end = g_array_index (r->fold_map, int, (after - text) - 1) + 1;
            }
          g_array_append_val (ranges, range);
        }
    }

  /* In text order, overlaps joined. */
  g_array_sort (ranges, compare_range);
  merged = g_array_new (FALSE, FALSE, sizeof (ScTextRange));
  for (guint i = 0; i < ranges->len; i++)
    {
      ScTextRange *range = &g_array_index (ranges, ScTextRange, i);
      ScTextRange *last = merged->len > 0 ? &g_array_index (merged, ScTextRange, merged->len - 1) : NULL;

      if (last != NULL && range->start <= last->end)
        last->end = MAX (last->end, range->end);
      else
        g_array_append_val (merged, *range);
    }
  g_array_unref (ranges);
  return merged;
}

void
sc_text_buffer_tag_ranges (GtkTextBuffer *buffer,
                           const char    *tag_name,
                           GArray        *ranges)
{
  GtkTextTag *tag;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));
  g_return_if_fail (ranges != NULL);

  tag = lookup_tag (buffer, tag_name);
  for (guint i = 0; i < ranges->len; i++)
    {
      ScTextRange *range = &g_array_index (ranges, ScTextRange, i);
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_offset (buffer, &start, range->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, range->end);
      gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
    }
}

void
sc_text_buffer_clear_tag (GtkTextBuffer *buffer,
                          const char    *tag_name)
{
  GtkTextIter start, end;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, lookup_tag (buffer, tag_name), &start, &end);
}
