/* sc-index.h: the SQLite FTS5 index of the library
 *
 * A cache: one row per section (title, authors, heading, body), kept up to
 * date incrementally, rebuilt without asking when lost or damaged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "sc-library.h"
#include "sc-text.h"

G_BEGIN_DECLS

/* A section's rowid in `sections` and `fts` says which document it belongs
 * to: the document's number (docs.num) in the high bits, the section's
 * place in the document in the low ones. So the sections of one document
 * are one rowid range, and grouping matches by document needs no join. */
#define SC_INDEX_SECTION_BITS 20
#define SC_INDEX_MAX_SECTIONS (G_GINT64_CONSTANT (1) << SC_INDEX_SECTION_BITS)
#define SC_INDEX_ROWID(num, ord) (((gint64) (num) << SC_INDEX_SECTION_BITS) | (gint64) (ord))
#define SC_INDEX_ROWID_NUM(rowid) ((gint64) (rowid) >> SC_INDEX_SECTION_BITS)

typedef struct _ScIndex ScIndex;

typedef struct {
  guint       files;        /* files in the library */
  guint       unchanged;    /* not parsed: same size and time, or same content */
  guint       parsed;       /* read and indexed (or rejected) this run */
  guint       moved;        /* same content at a new path: kept without parsing */
  guint       removed;      /* gone from the library */
  guint       rejected;     /* bad files, now and from earlier runs */
  guint       duplicates;   /* files not indexed because another file has their id */
  guint       documents;    /* texts, guides and glossaries in the index */
  GPtrArray  *problems;     /* (element-type utf8) "FILE:LINE: message": files not indexed */
  GPtrArray  *warnings;     /* (element-type utf8) "FILE:LINE: message": indexed, but with a dangling reference */
} ScIndexStats;

typedef void (*ScIndexProgressFunc) (guint       done,
                                     guint       total,
                                     const char *path,
                                     gpointer    user_data);

typedef struct {
  char    *id;
  char    *kind;            /* "text", "guide", "glossary" */
  char    *path;
  char    *title;
  char    *authors;         /* "; "-joined, may be empty */
  char    *lang;
  char    *level;           /* may be NULL */
  char    *topics;          /* "; "-joined, may be empty */
  char    *summary;         /* may be NULL */
  char    *date;            /* may be NULL */
  int      year;
  char    *translation_of;  /* may be NULL */
  char    *license;         /* may be NULL */
  guint    words;
  guint    sections;
} ScDocInfo;

typedef struct {
  const char *lang;
  const char *level;
  const char *kind;
  const char *author;
  const char *topic;
} ScDocFilter;

ScIndex    *sc_index_open              (const char           *path,
                                        GError              **error);
void        sc_index_close             (ScIndex              *index);
const char *sc_index_get_path          (ScIndex              *index);
sqlite3    *sc_index_get_db            (ScIndex              *index);
/* For sc-search.c: what it keeps with the connection between searches. */
gpointer     sc_index_get_search_state (ScIndex        *index);
void         sc_index_set_search_state (ScIndex        *index,
                                        gpointer        state,
                                        GDestroyNotify  destroy);

gboolean    sc_index_update            (ScIndex              *index,
                                        ScLibrary            *library,
                                        ScIndexProgressFunc   progress,
                                        gpointer              progress_data,
                                        GCancellable         *cancellable,
                                        ScIndexStats         *stats,
                                        GError              **error);
/* After a call on @index failed with @error: when the index is damaged,
 * empties it for sc_index_update() to fill again, and returns TRUE. */
gboolean    sc_index_set_background_thread (void);
gboolean    sc_index_reset_if_damaged  (ScIndex              *index,
                                        const GError         *error);
void        sc_index_stats_init        (ScIndexStats         *stats);
void        sc_index_stats_clear       (ScIndexStats         *stats);

guint       sc_index_count_documents   (ScIndex              *index);
/* (element-type ScDocInfo): ordered by level, title */
GPtrArray  *sc_index_list_documents    (ScIndex              *index,
                                        const ScDocFilter    *filter,
                                        GError              **error);
ScDocInfo  *sc_index_get_document      (ScIndex              *index,
                                        const char           *id,
                                        GError              **error);
gboolean    sc_index_has_section       (ScIndex              *index,
                                        const char           *text_id,
                                        const char           *section_id);
/* Words in the sections @from … @to of a text, in document order (both
 * NULL: the whole text; @to NULL: @from alone with its subsections).
 * Returns 0 when the text or a section is not in the index. */
guint       sc_index_count_words       (ScIndex              *index,
                                        const char           *text_id,
                                        const char           *from,
                                        const char           *to);
void        sc_doc_info_free           (ScDocInfo            *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScIndex, sc_index_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScDocInfo, sc_doc_info_free)

G_END_DECLS
