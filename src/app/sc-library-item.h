/* sc-library-item.h: one row of the library list, a section header or a document
 *
 * GTK 4.8 has no section headers in GtkListView (they came in 4.12), so the
 * library page feeds its list a flat model in which a header item stands
 * before the documents of its section.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sc-catalog.h"

G_BEGIN_DECLS

#define SC_TYPE_LIBRARY_ITEM (sc_library_item_get_type ())
G_DECLARE_FINAL_TYPE (ScLibraryItem, sc_library_item, SC, LIBRARY_ITEM, GObject)

/* Progress of a document I have never opened, or when there is no study store. */
#define SC_LIBRARY_ITEM_NO_PROGRESS (-1.0)

/* @subtitle: what the count says, "12 texts"; @description may be NULL. */
ScLibraryItem *sc_library_item_new_header       (const char    *title,
                                                 const char    *subtitle,
                                                 const char    *description,
                                                 guint          n_documents);
ScLibraryItem *sc_library_item_new_document     (ScDocument    *document,
                                                 double         progress);
gboolean       sc_library_item_is_header        (ScLibraryItem *self);
/* A header's title and description, or the document's title and summary. */
const char    *sc_library_item_get_title        (ScLibraryItem *self);
const char    *sc_library_item_get_description  (ScLibraryItem *self);
/* A header's count ("12 texts"), or NULL for a document. */
const char    *sc_library_item_get_subtitle     (ScLibraryItem *self);
/* A header's number of documents. */
guint          sc_library_item_get_n_documents  (ScLibraryItem *self);
/* NULL for a header. */
ScDocument    *sc_library_item_get_document     (ScLibraryItem *self);
/* Percent read, 0..100, or SC_LIBRARY_ITEM_NO_PROGRESS. */
double         sc_library_item_get_progress     (ScLibraryItem *self);
void           sc_library_item_set_progress     (ScLibraryItem *self,
                                                 double         progress);

G_END_DECLS
