/* sc-preferences-window.h: library folders and reader defaults
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-catalog.h"

G_BEGIN_DECLS

#define SC_TYPE_PREFERENCES_WINDOW (sc_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (ScPreferencesWindow, sc_preferences_window, SC, PREFERENCES_WINDOW, AdwPreferencesWindow)

ScPreferencesWindow *sc_preferences_window_new           (ScCatalog           *catalog);
/* Adds @folder to the GSettings key library-folders (what the folder
 * chooser does): FALSE, with a toast saying why, when it is not a local
 * folder or the library has it already. */
gboolean             sc_preferences_window_add_folder    (ScPreferencesWindow *self,
                                                          GFile               *folder);
/* Takes @path out of library-folders; FALSE when it was not there. */
gboolean             sc_preferences_window_remove_folder (ScPreferencesWindow *self,
                                                          const char          *path);

G_END_DECLS
