/* sc-guides-page.h: the study guides of the library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-catalog.h"

G_BEGIN_DECLS

#define SC_TYPE_GUIDES_PAGE (sc_guides_page_get_type ())
G_DECLARE_FINAL_TYPE (ScGuidesPage, sc_guides_page, SC, GUIDES_PAGE, AdwBin)

GtkWidget  *sc_guides_page_new           (ScCatalog    *catalog);
/* Shows the guide @guide_id (selecting it in the list once listed). */
void        sc_guides_page_show_guide    (ScGuidesPage *self,
                                          const char   *guide_id);
/* The id of the guide shown or being opened, or NULL. */
const char *sc_guides_page_get_guide_id  (ScGuidesPage *self);
/* TRUE while the list or the guide is loading. */
gboolean    sc_guides_page_get_busy      (ScGuidesPage *self);

G_END_DECLS
