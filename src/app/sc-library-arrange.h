/* sc-library-arrange.h: what the library list shows, as plain data
 *
 * The order of a listing, the section headers of the list sorted by
 * level, my progress on each row, and the languages and topics there are
 * to filter by. GTK-free, and it only reads its inputs: the library page
 * runs it in a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sc-catalog.h"
#include "sc-library-item.h"

G_BEGIN_DECLS

/* In the order of the page's sort dropdown. */
typedef enum {
  SC_LIBRARY_SORT_LEVEL,          /* introductory first, with section headers */
  SC_LIBRARY_SORT_TITLE,
  SC_LIBRARY_SORT_AUTHOR,
  SC_LIBRARY_SORT_YEAR,           /* oldest first */
  SC_LIBRARY_SORT_READING_TIME,   /* shortest first */
} ScLibrarySort;

/* Texts and guides are listed; glossaries are not. */
gboolean    sc_library_is_listed      (ScDocument    *document);
/* The rows for @documents (ScDocument) in @sort order, with a header item
 * before each level when sorted by level. @positions (text id →
 * ScPosition, may be NULL) gives each row my progress.
 * Returns: (transfer full) (element-type ScLibraryItem) */
GPtrArray  *sc_library_arrange        (GPtrArray     *documents,
                                       ScLibrarySort  sort,
                                       GHashTable    *positions);
/* Percent read of @document, or SC_LIBRARY_ITEM_NO_PROGRESS. */
double      sc_library_progress_of    (GHashTable    *positions,
                                       ScDocument    *document);
/* The base language codes ("en" for "en-GB", which the core's language
 * filter matches too), ordered by their names, and the topics, sorted, of
 * the listed documents.
 * @languages, @topics: (out) (transfer full) (element-type utf8) */
void        sc_library_collect_facets (GPtrArray     *documents,
                                       GPtrArray    **languages,
                                       GPtrArray    **topics);
/* The name of a language in that language ("English", "Español"), or the
 * code itself when it is not known. */
const char *sc_library_language_name  (const char    *lang);
/* "Introductory", "Intermediate", "Advanced" (translated), or NULL. */
const char *sc_library_level_name     (const char    *level);

G_END_DECLS
