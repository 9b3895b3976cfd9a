/* sc-group-exchange.h: progress files, from the app
 *
 * Export a group, or one member's progress, to a progress file another
 * computer imports; import such files and say what they changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-window.h"

G_BEGIN_DECLS

/* Asks where to save (GtkFileChooserNative), then writes the file. */
void       sc_group_exchange_export          (ScWindow    *window,
                                              const char  *group_id,
                                              const char  *member_id);
/* What Save in that file chooser does: writes the progress file of the
 * group (or @member_id's) in the store at @study_db to @file and tells the
 * person (a toast on @parent's window, or a dialog saying what to do). */
gboolean   sc_group_exchange_export_to_file  (GtkWindow   *parent,
                                              const char  *study_db,
                                              const char  *group_id,
                                              const char  *member_id,
                                              GFile       *file);

/* Asks for progress files (several at once), then imports them. */
void       sc_group_exchange_import          (ScWindow    *window);
/* What Open in that file chooser does: merges each of @files (element-type
 * GFile) into the store at @study_db, then shows an AdwMessageDialog over
 * @parent that says, for each file, what was added, updated, unchanged and
 * in conflict, and why a file was refused. Returns: (transfer none): the
 * dialog. */
GtkWidget *sc_group_exchange_import_files    (GtkWindow   *parent,
                                              const char  *study_db,
                                              GListModel  *files);

G_END_DECLS
