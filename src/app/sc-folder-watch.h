/* sc-folder-watch.h: notice when the library folders change
 *
 * Watches folder trees with one GFileMonitor per folder (GIO, GTK-free),
 * adding and dropping monitors as subfolders appear and disappear, and
 * emits "changed" once a burst of changes to texts (*.xml) or folders has
 * been quiet for a moment. Folders that do not exist yet are watched too:
 * their creation counts as a change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SC_TYPE_FOLDER_WATCH (sc_folder_watch_get_type ())
G_DECLARE_FINAL_TYPE (ScFolderWatch, sc_folder_watch, SC, FOLDER_WATCH, GObject)

/* At most this many folders are watched in all; deeper or further folders
 * are still read by a refresh, just not noticed when they change. */
#define SC_FOLDER_WATCH_MAX_FOLDERS 2000

ScFolderWatch *sc_folder_watch_new             (const char * const *roots);
/* How long changes must stop before "changed" (default 1000 ms). A steady
 * stream of changes still emits at least every five quiet periods. */
void           sc_folder_watch_set_quiet_ms    (ScFolderWatch      *self,
                                                guint               quiet_ms);
/* Folders watched now (roots included, whether they exist or not). */
guint          sc_folder_watch_get_n_folders   (ScFolderWatch      *self);
gboolean       sc_folder_watch_is_watching     (ScFolderWatch      *self,
                                                const char         *folder);

G_END_DECLS
