/* sc-library-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-catalog.h"

G_BEGIN_DECLS

#define SC_TYPE_LIBRARY_PAGE (sc_library_page_get_type ())
G_DECLARE_FINAL_TYPE (ScLibraryPage, sc_library_page, SC, LIBRARY_PAGE, AdwBin)

GtkWidget *sc_library_page_new (ScCatalog *catalog);

G_END_DECLS
