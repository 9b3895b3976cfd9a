/* sc-search-page.h: search the library as you type
 *
 * Properties: "catalog" (construct-only), "query" (the query whose results
 * show, NULL before typing), "searching" (a newer query is being answered),
 * "page-size" (texts fetched at a time, default 50).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-catalog.h"

G_BEGIN_DECLS

#define SC_TYPE_SEARCH_PAGE (sc_search_page_get_type ())
G_DECLARE_FINAL_TYPE (ScSearchPage, sc_search_page, SC, SEARCH_PAGE, AdwBin)

GtkWidget *sc_search_page_new (ScCatalog *catalog);
/* Shows the page's search entry focused, with its text selected. */
void       sc_search_page_focus (ScSearchPage *self);
/* For bench/run (studycircle --benchmark=search): see the .c file. */
void       sc_search_page_run_benchmark (ScSearchPage       *self,
                                         const char * const *queries,
                                         GFunc               done,
                                         gpointer            user_data);

G_END_DECLS
