/* sc-catalog.h: the library as the app sees it
 *
 * The one object the app's pages share: it knows the library folders and
 * the index, keeps the index up to date in a background thread (with
 * progress), and answers listings, searches and text loads asynchronously,
 * each job on a SQLite connection of its own off the main thread (kept open
 * for the next job, so searches run on warm connections). GTK-free, so
 * tests can drive it without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sc-index.h"
#include "sc-search.h"
#include "sc-text.h"
#include "sc-guide.h"

G_BEGIN_DECLS

#define SC_TYPE_CATALOG (sc_catalog_get_type ())
G_DECLARE_FINAL_TYPE (ScCatalog, sc_catalog, SC, CATALOG, GObject)

/* One document of the library, as a list row shows it. */
#define SC_TYPE_DOCUMENT (sc_document_get_type ())
G_DECLARE_FINAL_TYPE (ScDocument, sc_document, SC, DOCUMENT, GObject)

/* One search result: the best section of a text, or one section. */
#define SC_TYPE_SEARCH_RESULT (sc_search_result_get_type ())
G_DECLARE_FINAL_TYPE (ScSearchResult, sc_search_result, SC, SEARCH_RESULT, GObject)

ScCatalog          *sc_catalog_new                  (const char           *index_path,
                                                     const char * const   *extra_folders);
const char         *sc_catalog_get_index_path       (ScCatalog            *self);
/* The extra folders (besides the bundled texts and the user's own folder).
 * Setting them starts a refresh. */
void                sc_catalog_set_folders          (ScCatalog            *self,
                                                     const char * const   *folders);
const char * const *sc_catalog_get_folders          (ScCatalog            *self);

/* Brings the index up to date in a worker thread. While it runs, the
 * "indexing" property is TRUE and "progress" goes from 0 to 1; at the end
 * "changed" is emitted and the problems are known ("failed", with the
 * GError, comes first when the index could not be updated at all). A
 * refresh asked for while one runs starts again when it ends. */
void                sc_catalog_refresh              (ScCatalog            *self);
gboolean            sc_catalog_get_indexing         (ScCatalog            *self);
/* Watches the library folders (the bundled texts, the user's own folder,
 * created if missing, and the extra folders) and refreshes a second after
 * texts or folders in them change. Off by default; the app turns it on. */
void                sc_catalog_set_watching         (ScCatalog            *self,
                                                     gboolean              watching);
gboolean            sc_catalog_get_watching         (ScCatalog            *self);
double              sc_catalog_get_progress         (ScCatalog            *self);
/* (element-type utf8): "FILE:LINE: message" of every file not indexed */
GPtrArray          *sc_catalog_get_problems         (ScCatalog            *self);
guint               sc_catalog_get_n_documents      (ScCatalog            *self);

/* A GListModel of ScDocument, introductory texts first. */
void                sc_catalog_list_async           (ScCatalog            *self,
                                                     const ScDocFilter    *filter,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GListModel         *sc_catalog_list_finish          (ScCatalog            *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* A GListModel of ScSearchResult, best first. */
void                sc_catalog_search_async         (ScCatalog            *self,
                                                     const char           *query,
                                                     const ScSearchOptions *options,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
/* @estimated: (out) (optional): set when @total is extrapolated
 * (sc_search_count_full()). */
GListModel         *sc_catalog_search_finish        (ScCatalog            *self,
                                                     GAsyncResult         *result,
                                                     guint                *total,
                                                     gboolean             *estimated,
                                                     GError              **error);
/* Readies a connection for searching, in the background: the search page
 * asks when it is shown, so that the first search does not wait for what
 * sc_search() loads with a connection. */
void                sc_catalog_warm_up_search       (ScCatalog            *self);

/* The text of a document id, read from its file. */
void                sc_catalog_load_text_async      (ScCatalog            *self,
                                                     const char           *text_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
ScText             *sc_catalog_load_text_finish     (ScCatalog            *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* The guide of a document id, read from its file, each reading's
 * in_library set from the index. */
void                sc_catalog_load_guide_async     (ScCatalog            *self,
                                                     const char           *guide_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
ScGuide            *sc_catalog_load_guide_finish    (ScCatalog            *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* The glossary in @lang ("glossary-LANG" when the library has several),
 * read from its file. SC_ERROR_NOT_FOUND when the library has none. */
void                sc_catalog_load_glossary_async  (ScCatalog            *self,
                                                     const char           *lang,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
ScGlossary         *sc_catalog_load_glossary_finish (ScCatalog            *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* ScDocument */
ScDocument         *sc_document_new                 (const ScDocInfo      *info);
const char         *sc_document_get_id              (ScDocument           *self);
const char         *sc_document_get_kind            (ScDocument           *self);
const char         *sc_document_get_title           (ScDocument           *self);
const char         *sc_document_get_authors         (ScDocument           *self);
const char         *sc_document_get_lang            (ScDocument           *self);
const char         *sc_document_get_level           (ScDocument           *self);
const char         *sc_document_get_topics          (ScDocument           *self);
const char         *sc_document_get_summary         (ScDocument           *self);
int                 sc_document_get_year            (ScDocument           *self);
guint               sc_document_get_words           (ScDocument           *self);
/* At 200 words a minute, at least 1 for a non-empty text. */
guint               sc_document_get_minutes         (ScDocument           *self);

/* ScSearchResult */
ScSearchResult     *sc_search_result_new            (const ScSearchHit    *hit);
const ScSearchHit  *sc_search_result_get_hit        (ScSearchResult       *self);
/* The snippet as Pango markup, matched words in bold. */
char               *sc_search_result_dup_markup     (ScSearchResult       *self);

G_END_DECLS
