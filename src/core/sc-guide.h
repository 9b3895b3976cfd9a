/* sc-guide.h: study guides and glossaries
 *
 * A guide walks a group through readings, session by session. A glossary
 * defines the terms texts mark with <term ref="">.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  /* A reading of a library text… */
  char     *text_id;     /* NULL for an external work */
  char     *from;        /* first section id, may be NULL (whole text) */
  char     *to;          /* last section id, may be NULL (= from, or whole text) */
  /* …or of an external work */
  char     *title;
  char     *author;
  char     *year;
  char     *url;
  char     *note;        /* the element's own text, may be NULL */
  guint     minutes;     /* 0 when not given */
  guint     line;
  /* Set by sc_guide_check_references(): FALSE when text_id, from or to
   * names nothing in the library. Such a reading is kept and shown as
   * "not in library", never dropped. */
  gboolean  in_library;
} ScReading;

typedef struct {
  char       *id;
  guint       number;      /* 1-based position in the guide */
  char       *title;
  char      **goals;       /* NULL-terminated */
  GPtrArray  *readings;    /* (element-type ScReading) */
  char      **questions;   /* NULL-terminated */
  char      **terms;       /* glossary entry ids, NULL-terminated */
  char      **activities;  /* NULL-terminated */
  guint       line;
} ScGuideSession;

typedef struct {
  char       *id;
  char       *path;
  char       *lang;
  char       *title;
  char      **authors;      /* NULL-terminated */
  char       *audience;
  char       *summary;
  char       *translation_of;
  guint       weeks;
  GPtrArray  *sessions;     /* (element-type ScGuideSession) */
} ScGuide;

typedef struct {
  char   *id;
  char   *term;
  char   *definition;
  char  **see;             /* entry ids, NULL-terminated */
  guint   line;
  guint  *see_lines;       /* the line of each <see>, parallel to @see */
} ScGlossaryEntry;

typedef struct {
  char       *id;           /* @id, or "glossary-LANG" */
  char       *path;
  char       *lang;
  GPtrArray  *entries;      /* (element-type ScGlossaryEntry) document order */
  GHashTable *by_id;        /* id → ScGlossaryEntry (unowned) */
} ScGlossary;

/* Looks up a text's section ids for reference checks: return TRUE when the
 * library has @text_id (and, when @section_id is not NULL, that section). */
typedef gboolean (*ScLookupFunc) (const char *text_id,
                                  const char *section_id,
                                  gpointer    user_data);

ScGuide         *sc_guide_read_file           (const char    *path,
                                               GError       **error);
ScGuide         *sc_guide_read_memory         (const char    *data,
                                               gsize          length,
                                               const char    *path,
                                               GError       **error);
void             sc_guide_free                (ScGuide       *guide);
ScGuideSession  *sc_guide_find_session        (ScGuide       *guide,
                                               const char    *session_id_or_number);
/* Marks each reading in or out of the library and returns one
 * "FILE:LINE: message" string per unresolved reference (element-type utf8). */
GPtrArray       *sc_guide_check_references    (ScGuide       *guide,
                                               ScLookupFunc   lookup,
                                               gpointer       user_data);

ScGlossary      *sc_glossary_read_file        (const char    *path,
                                               GError       **error);
ScGlossary      *sc_glossary_read_memory      (const char    *data,
                                               gsize          length,
                                               const char    *path,
                                               GError       **error);
void             sc_glossary_free             (ScGlossary    *glossary);
ScGlossaryEntry *sc_glossary_lookup           (ScGlossary    *glossary,
                                               const char    *entry_id);
/* "FILE:LINE: message" for each see-also that names no entry. */
GPtrArray       *sc_glossary_check_references (ScGlossary    *glossary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScGuide, sc_guide_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScGlossary, sc_glossary_free)

G_END_DECLS
