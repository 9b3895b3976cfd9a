/* sc-library-page.h: every text and study guide of the library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-catalog.h"

G_BEGIN_DECLS

#define SC_TYPE_LIBRARY_PAGE (sc_library_page_get_type ())
G_DECLARE_FINAL_TYPE (ScLibraryPage, sc_library_page, SC, LIBRARY_PAGE, AdwBin)

GtkWidget  *sc_library_page_new          (ScCatalog     *catalog);
/* The study store's file ($XDG_DATA_HOME/studycircle/study.db, from
 * sc_paths_study_db()), or NULL. With it, rows show my progress and the
 * "Continue reading" strip shows the texts I opened last; it is read on
 * its own connection in a worker thread, like the catalog's index, and a
 * file that does not exist yet is not created. The window sets it. */
void        sc_library_page_set_study_db (ScLibraryPage *self,
                                          const char    *path);
const char *sc_library_page_get_study_db (ScLibraryPage *self);
/* Reads my reading positions again (the page does so itself whenever it
 * is shown again, e.g. back from the reader). */
void        sc_library_page_reload_progress (ScLibraryPage *self);

G_END_DECLS
