/* sc-text.h: one text of the library, read into a model
 *
 * A text is metadata plus a tree of sections holding blocks. Native Study
 * Circle XML and TEI P5 both read into this one model, so indexing, search,
 * the reader and the CLI never care which format a file was in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SC_TEXT_FORMAT_NATIVE,
  SC_TEXT_FORMAT_TEI,
} ScTextFormat;

typedef enum {
  SC_LEVEL_UNKNOWN,
  SC_LEVEL_INTRODUCTORY,
  SC_LEVEL_INTERMEDIATE,
  SC_LEVEL_ADVANCED,
} ScLevel;

typedef enum {
  SC_BLOCK_PARAGRAPH,
  SC_BLOCK_QUOTE,       /* a quoted paragraph (native quote/p, TEI quote, q as block) */
  SC_BLOCK_LIST_ITEM,   /* one item of a list */
  SC_BLOCK_NOTE,        /* a note; its place in the text is a SC_SPAN_NOTE_MARK */
  SC_BLOCK_VERSE,       /* one line group; lines separated by '\n' */
  SC_BLOCK_SPEECH,      /* a play's speech: speaker in @label, words in text */
  SC_BLOCK_STAGE,       /* a stage direction */
  SC_BLOCK_TABLE_ROW,   /* one table row; cells separated by '\t' */
  SC_BLOCK_LETTER,      /* opener, closer, salute, signed, dateline, postscript */
  SC_BLOCK_CAPTION,     /* trailer, byline, epigraph, argument, figure description */
} ScBlockKind;

typedef enum {
  SC_SPAN_EMPHASIS,     /* em, TEI hi */
  SC_SPAN_STRONG,       /* strong */
  SC_SPAN_TERM,         /* a glossary term; target = glossary entry id */
  SC_SPAN_LINK,         /* a link to a text; target = text id, target2 = section id or NULL */
  SC_SPAN_URL,          /* a link to a web page; target = URL */
  SC_SPAN_NOTE_MARK,    /* where a note belongs; target = the note block's id */
  SC_SPAN_GAP,          /* something the source could not read; shown as a mark, never indexed */
} ScSpanKind;

typedef struct {
  ScSpanKind  kind;
  guint       start;     /* byte offset into the block's text */
  guint       end;       /* byte offset, exclusive */
  char       *target;
  char       *target2;
} ScSpan;

typedef struct {
  ScBlockKind  kind;
  char        *id;       /* notes: "note-N" (unique in the text); others NULL */
  char        *label;    /* speaker, list label, note place ("foot", "margin"); may be NULL */
  char        *text;     /* UTF-8, white space collapsed, inline elements joined with no space */
  GPtrArray   *spans;    /* (element-type ScSpan) ordered by start */
  guint        line;     /* line of the source element */
} ScBlock;

typedef struct _ScSection ScSection;

struct _ScSection {
  char       *id;        /* stable: given by the file, or generated from the section's position */
  char       *heading;   /* may be NULL (an untitled TEI div) */
  char       *kind;      /* native: "section"; TEI: the div's @type or "front"/"back"/"letter"… ; may be NULL */
  guint       depth;     /* 0 for a top-level section */
  guint       line;
  ScSection  *parent;    /* (nullable) (unowned) */
  GPtrArray  *blocks;    /* (element-type ScBlock) blocks directly in this section */
  GPtrArray  *children;  /* (element-type ScSection) */
};

typedef struct {
  char         *id;
  char         *path;          /* the file it was read from (GLib file name encoding) */
  ScTextFormat  format;
  char         *title;
  char        **authors;       /* NULL-terminated, possibly empty */
  char         *date;          /* as written, may be NULL */
  int           year;          /* 0 when unknown */
  char         *lang;          /* BCP 47 ("en", "es", "fr"…), "und" when unknown */
  char        **topics;        /* NULL-terminated, possibly empty */
  ScLevel       level;
  char         *summary;       /* may be NULL */
  char         *source;        /* where it came from, as words; may be NULL */
  char         *source_url;    /* may be NULL */
  char         *license;       /* may be NULL */
  char         *translation_of;/* id of the original; may be NULL */
  GPtrArray    *sections;      /* (element-type ScSection) top-level sections, document order */
  guint         word_count;
} ScText;

ScText      *sc_text_read_file        (const char    *path,
                                       GError       **error);
ScText      *sc_text_read_memory      (const char    *data,
                                       gsize          length,
                                       const char    *path,
                                       GError       **error);
void         sc_text_free             (ScText        *text);

/* Every section in document order (parents before their children). */
GPtrArray   *sc_text_flatten          (ScText        *text);
ScSection   *sc_text_find_section     (ScText        *text,
                                       const char    *section_id);
guint        sc_text_count_sections   (ScText        *text);

/* The text of a section's own blocks (not its children), blocks separated by
 * "\n\n" — what the index stores as the section's body. */
char        *sc_section_body          (ScSection     *section);
/* "Part I › Chapter 2 › The strike" */
char        *sc_section_heading_path  (ScSection     *section);
guint        sc_section_word_count    (ScSection     *section);

const char  *sc_level_to_string       (ScLevel        level);
ScLevel      sc_level_from_string     (const char    *str);
/* "eng" → "en", "spa" → "es", "en-US" stays; NULL or junk → "und" */
char        *sc_lang_normalize        (const char    *code);
/* "MDCCLXXVI. [1776]" → 1776, "1719." → 1719, "[1687]" → 1687, "2004-08" → 2004 */
int          sc_year_from_date        (const char    *date);
guint        sc_count_words           (const char    *utf8);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScText, sc_text_free)

G_END_DECLS
