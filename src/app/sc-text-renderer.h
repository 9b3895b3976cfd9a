/* sc-text-renderer.h: a text set for reading in a GtkTextBuffer
 *
 * Fills a buffer from an ScText with named tags (headings by depth,
 * paragraphs, quotes, verse, lists, speeches, tables, letters, captions,
 * inline emphasis, glossary terms, note numbers, gaps) and keeps what the
 * reader needs to know about the result: the sections with a mark each,
 * the clickable places, and the way back from a place in the buffer to a
 * section and an offset in that section's text. Needs no widget and no
 * display, so it can be tested on its own.
 *
 * Offsets called "buffer offsets" count characters in the buffer; "body
 * offsets" count characters in sc_section_body() of a section: what is kept
 * in the study store, so that a change in how the reader sets a text never
 * moves a saved position or highlight.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sc-text.h"

G_BEGIN_DECLS

/* Tag names. The find and highlight tags outrank the others. */
#define SC_TEXT_TAG_BODY          "body"
#define SC_TEXT_TAG_TITLE         "title"
#define SC_TEXT_TAG_BYLINE        "byline"
#define SC_TEXT_TAG_HEADING       "heading"      /* every heading, with one of: */
#define SC_TEXT_TAG_HEADING_1     "heading-1"    /* depth 0 */
#define SC_TEXT_TAG_HEADING_2     "heading-2"
#define SC_TEXT_TAG_HEADING_3     "heading-3"
#define SC_TEXT_TAG_HEADING_4     "heading-4"    /* depth 3 and deeper */
#define SC_TEXT_TAG_PARAGRAPH     "paragraph"
#define SC_TEXT_TAG_QUOTE         "quote"
#define SC_TEXT_TAG_VERSE         "verse"
#define SC_TEXT_TAG_LIST_ITEM     "list-item"
#define SC_TEXT_TAG_SPEECH        "speech"
#define SC_TEXT_TAG_SPEAKER       "speaker"
#define SC_TEXT_TAG_STAGE         "stage"
#define SC_TEXT_TAG_TABLE_ROW     "table-row"
#define SC_TEXT_TAG_LETTER        "letter"
#define SC_TEXT_TAG_CAPTION       "caption"
#define SC_TEXT_TAG_NOTE          "note"         /* a note with no mark in the text */
#define SC_TEXT_TAG_SPACE_AFTER   "space-after"
#define SC_TEXT_TAG_TIGHT_AFTER   "tight-after"  /* between items of one list */
#define SC_TEXT_TAG_EMPHASIS      "emphasis"
#define SC_TEXT_TAG_STRONG        "strong"
#define SC_TEXT_TAG_TERM          "term"
#define SC_TEXT_TAG_LINK          "link"
#define SC_TEXT_TAG_NOTE_MARK     "note-mark"
#define SC_TEXT_TAG_GAP           "gap"
#define SC_TEXT_TAG_HIGHLIGHT     "user-highlight"
#define SC_TEXT_TAG_QUERY_MATCH   "query-match"
#define SC_TEXT_TAG_FIND_MATCH    "find-match"
#define SC_TEXT_TAG_FIND_CURRENT  "find-current"

/* What a gap shows in place of what the source could not read. */
#define SC_TEXT_GAP_MARK "[…]"

/* The colours tags take from the theme (the page looks them up by name). */
typedef struct {
  GdkRGBA accent;          /* links, note numbers, term underlines */
  GdkRGBA dim;             /* bylines, gaps, stage directions, captions */
  GdkRGBA match;           /* query words, background */
  GdkRGBA find;            /* find matches, background */
  GdkRGBA find_current;    /* the current find match, background */
  GdkRGBA find_current_fg;
  GdkRGBA highlight;       /* my highlights, background */
  GdkRGBA quote_bar;       /* quotes, paragraph background */
} ScTextColors;

typedef struct {
  int start;               /* buffer offsets, end exclusive */
  int end;
} ScTextRange;

/* A place in the text a click can open: a glossary term, a link, a note
 * number or a gap. */
typedef struct {
  ScSpanKind  kind;
  int         start;       /* buffer offsets */
  int         end;
  char       *target;      /* term: entry id; link: text id; url; note: note id; gap: reason */
  char       *target2;     /* link: section id, or NULL */
  guint       number;      /* notes: the number shown, from 1 */
} ScTextAnchor;

/* One section of a rendered text: a row of the table of contents. */
#define SC_TYPE_TEXT_SECTION (sc_text_section_get_type ())
G_DECLARE_FINAL_TYPE (ScTextSection, sc_text_section, SC, TEXT_SECTION, GObject)

const char  *sc_text_section_get_id       (ScTextSection *self);
/* The heading, or for an untitled section its first words. */
const char  *sc_text_section_get_title    (ScTextSection *self);
guint        sc_text_section_get_depth    (ScTextSection *self);
/* Where the section starts in the buffer. */
int          sc_text_section_get_offset   (ScTextSection *self);
GtkTextMark *sc_text_section_get_mark     (ScTextSection *self);

typedef struct _ScTextRendering ScTextRendering;

/* Creates the tags in @buffer's tag table unless they are there. */
void                sc_text_renderer_setup_tags     (GtkTextBuffer         *buffer);
/* Sizes follow the font: @points is the body size, @margin the view's
 * side margin in pixels (indents are added to it). */
void                sc_text_renderer_set_metrics    (GtkTextBuffer         *buffer,
                                                     double                 points,
                                                     int                    margin);
void                sc_text_renderer_set_colors     (GtkTextBuffer         *buffer,
                                                     const ScTextColors    *colors);

/* Replaces what @buffer holds with @text (the tags are set up first). The
 * rendering keeps no reference to @text. */
ScTextRendering    *sc_text_render                  (GtkTextBuffer         *buffer,
                                                     const ScText          *text);
void                sc_text_rendering_free          (ScTextRendering       *rendering);

/* (element-type ScTextSection): document order, parents before children */
GListModel         *sc_text_rendering_get_sections  (ScTextRendering       *rendering);
ScTextSection      *sc_text_rendering_find_section  (ScTextRendering       *rendering,
                                                     const char            *section_id);
/* The section @offset falls in (NULL before the first one). */
ScTextSection      *sc_text_rendering_section_at    (ScTextRendering       *rendering,
                                                     int                    offset);
/* The anchor covering @offset, or NULL. */
const ScTextAnchor *sc_text_rendering_anchor_at     (ScTextRendering       *rendering,
                                                     int                    offset);
/* The text of the note with @note_id, or NULL. */
const char         *sc_text_rendering_get_note      (ScTextRendering       *rendering,
                                                     const char            *note_id);
/* The whole buffer text, as rendered. */
const char         *sc_text_rendering_get_text      (ScTextRendering       *rendering);
guint               sc_text_rendering_get_n_chars   (ScTextRendering       *rendering);

/* Buffer offset → section and body offset. FALSE before the first section. */
gboolean            sc_text_rendering_to_body       (ScTextRendering       *rendering,
                                                     int                    offset,
                                                     ScTextSection        **section,
                                                     guint                 *body_offset);
/* [start, end) in the body of the section @start is in: the end stops at
 * the end of that section's own text. FALSE before the first section. */
gboolean            sc_text_rendering_range_to_body (ScTextRendering       *rendering,
                                                     int                    start,
                                                     int                    end,
                                                     ScTextSection        **section,
                                                     guint                 *body_start,
                                                     guint                 *body_end);
/* Where @section's own text ends in the buffer: the next section's start. */
int                 sc_text_rendering_section_end   (ScTextRendering       *rendering,
                                                     ScTextSection         *section);
/* Section and body offset → buffer offset; -1 when there is no such section. */
int                 sc_text_rendering_from_body     (ScTextRendering       *rendering,
                                                     const char            *section_id,
                                                     guint                  body_offset);

/* Every occurrence of @needle, folded like search (case and accents). */
GArray             *sc_text_rendering_find          (ScTextRendering       *rendering,
                                                     const char            *needle);
/* Every word that is one of @terms (folded, as ScQuery.terms holds them);
 * with @prefix, words that begin with one. */
GArray             *sc_text_rendering_match_words   (ScTextRendering       *rendering,
                                                     GPtrArray             *terms,
                                                     gboolean               prefix);

/* Applies @tag_name over @ranges (element-type ScTextRange). */
void                sc_text_buffer_tag_ranges       (GtkTextBuffer         *buffer,
                                                     const char            *tag_name,
                                                     GArray                *ranges);
/* Removes @tag_name from the whole buffer. */
void                sc_text_buffer_clear_tag        (GtkTextBuffer         *buffer,
                                                     const char            *tag_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScTextRendering, sc_text_rendering_free)

G_END_DECLS
