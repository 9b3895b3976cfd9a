/* sc-reader-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-catalog.h"

G_BEGIN_DECLS

#define SC_TYPE_READER_PAGE (sc_reader_page_get_type ())
G_DECLARE_FINAL_TYPE (ScReaderPage, sc_reader_page, SC, READER_PAGE, AdwBin)

GtkWidget *sc_reader_page_new (ScCatalog *catalog);
/* Opens @text_id at @section_id (NULL: where I stopped reading, or the
 * start), marking the words of @query (may be NULL). */
void       sc_reader_page_open  (ScReaderPage *self,
                                 const char   *text_id,
                                 const char   *section_id,
                                 const char   *query);

G_END_DECLS
