/* sc-search.h: ranked search over the index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sc-index.h"

G_BEGIN_DECLS

#define SC_SEARCH_DEFAULT_LIMIT 20

typedef struct {
  const char *lang;      /* "en", "es": also matches "en-US" */
  const char *author;    /* part of an author's name, any case */
  const char *topic;     /* part of a topic, any case */
  const char *level;     /* "introductory", "intermediate", "advanced" */
  const char *text_id;   /* only this text (or guide): every matching section */
  const char *kind;      /* "text", "guide", "glossary" */
  guint       limit;     /* 0: SC_SEARCH_DEFAULT_LIMIT */
  guint       offset;
  gboolean    per_text;  /* the best section of each text, with matches_in_text */
} ScSearchOptions;

typedef struct {
  guint start;           /* byte offsets into the snippet */
  guint end;
} ScSearchMark;

typedef struct {
  char    *doc_id;
  char    *doc_kind;
  char    *title;
  char    *authors;
  char    *lang;
  int      year;
  char    *section_id;
  char    *heading;        /* may be NULL */
  char    *heading_path;   /* may be NULL */
  double   rank;           /* bm25: lower is better */
  char    *snippet;        /* plain text around the match */
  GArray  *marks;          /* (element-type ScSearchMark) the matched words in snippet */
  guint    matches_in_text;/* matching sections in this text (with per_text) */
} ScSearchHit;

/* (element-type ScSearchHit): best first. An empty array when the query has
 * nothing searchable. Fails only on cancellation or a broken index. */
GPtrArray *sc_search          (ScIndex                *index,
                               const char             *query,
                               const ScSearchOptions  *options,
                               GCancellable           *cancellable,
                               GError                **error);
/* The number of matching sections, for "N results". */
guint      sc_search_count    (ScIndex                *index,
                               const char             *query,
                               const ScSearchOptions  *options,
                               GError                **error);
/* The same, saying whether it is an estimate (see sc-search.c). */
guint      sc_search_count_full (ScIndex              *index,
                                 const char           *query,
                                 const ScSearchOptions *options,
                                 gboolean             *estimated,
                                 GError              **error);
void       sc_search_hit_free (ScSearchHit            *hit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScSearchHit, sc_search_hit_free)

G_END_DECLS
