/* sc-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-catalog.h"

G_BEGIN_DECLS

#define SC_TYPE_WINDOW (sc_window_get_type ())
G_DECLARE_FINAL_TYPE (ScWindow, sc_window, SC, WINDOW, AdwApplicationWindow)

ScWindow  *sc_window_new          (AdwApplication *application,
                                   ScCatalog      *catalog);
ScCatalog *sc_window_get_catalog  (ScWindow       *self);
/* The Groups page, or NULL while there is none. */
GtkWidget *sc_window_get_groups_page (ScWindow     *self);
/* "library", "search", "guides", "groups" */
void       sc_window_show_page    (ScWindow       *self,
                                   const char     *name);
void       sc_window_open_text    (ScWindow       *self,
                                   const char     *text_id,
                                   const char     *section_id,
                                   const char     *query);
void       sc_window_add_toast    (ScWindow       *self,
                                   const char     *message);

G_END_DECLS
