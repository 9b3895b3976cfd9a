/* sc-document-row.h: one row of the library list
 *
 * Shows an ScLibraryItem: a section header (title, count, what the section
 * holds) or a document (title, authors, year, reading time, language, level
 * badge and my progress).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sc-library-item.h"

G_BEGIN_DECLS

#define SC_TYPE_DOCUMENT_ROW (sc_document_row_get_type ())
G_DECLARE_FINAL_TYPE (ScDocumentRow, sc_document_row, SC, DOCUMENT_ROW, GtkWidget)

GtkWidget     *sc_document_row_new             (void);
ScLibraryItem *sc_document_row_get_item        (ScDocumentRow *self);
void           sc_document_row_set_item        (ScDocumentRow *self,
                                                ScLibraryItem *item);

G_END_DECLS
