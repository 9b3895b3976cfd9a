/* sc-library.h: the folders that make up the library, and what is in them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char   *path;      /* GLib file name encoding */
  guint   folder;    /* position of its folder in the library: lower wins a duplicate id */
  gint64  size;
  gint64  mtime_ns;
} ScLibraryFile;

typedef struct _ScLibrary ScLibrary;

ScLibrary          *sc_library_new          (void);
/* The bundled texts, then $XDG_DATA_HOME/studycircle/texts, then @extra_dirs. */
ScLibrary          *sc_library_new_default  (const char * const *extra_dirs);
void                sc_library_free         (ScLibrary           *library);
void                sc_library_add_folder   (ScLibrary           *library,
                                             const char          *folder,
                                             gboolean             required);
const char * const *sc_library_get_folders  (ScLibrary           *library);
/* Every *.xml file under the folders (recursively, hidden entries skipped;
 * symbolic links followed, and a folder or file reached by several names
 * listed once, under the first), sorted by folder then path. Folders that
 * cannot be read add a "FOLDER: message" problem and are skipped. */
GPtrArray          *sc_library_scan         (ScLibrary           *library,
                                             GPtrArray           *problems,
                                             GCancellable        *cancellable);
void                sc_library_file_free    (ScLibraryFile       *file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScLibrary, sc_library_free)

G_END_DECLS
