/* sc-import-controller.h: importing texts from the window
 *
 * HTML, XHTML, plain text and EPUB files become texts of the user's own
 * folder of the library: chosen with Import Texts… (Ctrl+I) or Import a
 * Folder…, or dropped on the window. The import runs in a worker thread
 * (sc_import_files_async()) with its progress in a bar under the header
 * bar and a Cancel button; then the library is indexed and a dialog says
 * what was made, what was renamed and what could not be imported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-text.h"
#include "sc-window.h"

G_BEGIN_DECLS

#define SC_TYPE_IMPORT_CONTROLLER (sc_import_controller_get_type ())
G_DECLARE_FINAL_TYPE (ScImportController, sc_import_controller, SC, IMPORT_CONTROLLER, GObject)

/* Installs win.import (Ctrl+I), win.import-folder and win.cancel-import on
 * the window's class. */
void                sc_import_controller_install_actions (GtkWidgetClass     *widget_class);
/* Sets up importing for @window: the progress bar goes right below
 * @anchor (a child of a vertical GtkBox), the drop target on the window.
 * The window owns the controller. */
ScImportController *sc_import_controller_attach          (ScWindow           *window,
                                                          GtkWidget          *anchor);
/* The controller attached to @window, or NULL. */
ScImportController *sc_import_controller_get             (ScWindow           *window);

/* What the file chooser and the drop target do: imports @files (files and
 * folders) at @level into the user's texts folder. Refused with a toast
 * while another import runs. */
void                sc_import_controller_import_files    (ScImportController *self,
                                                          GFile             **files,
                                                          guint               n_files,
                                                          ScLevel             level);
/* From the start of an import until its results are shown. */
gboolean            sc_import_controller_get_busy        (ScImportController *self);
void                sc_import_controller_cancel          (ScImportController *self);

G_END_DECLS
