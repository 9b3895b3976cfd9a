/* sc-group-actions.h: the study-group actions of the main window
 *
 * group.new, group.edit "s", group.add-member "s", group.edit-member "(ss)",
 * group.remove-member "(ss)", group.assign "s", group.export "s",
 * group.export-member "(ss)", group.import, group.print-handout "(su)", and
 * win.assign-reading "(sss)" (text id, first and last section or ""). Each
 * opens a dialog over the window; what they save goes to the study store
 * at sc_paths_study_db(), and the groups page is reloaded after.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-study.h"

G_BEGIN_DECLS

/* Installs the actions on ScWindow's class (from its class_init). */
void          sc_group_actions_install          (GtkWidgetClass *widget_class);

/* Opens the study store at @path. With @create FALSE a missing file is
 * left missing: NULL without an error (nothing saved yet). */
ScStudyStore *sc_group_open_store               (const char     *path,
                                                 gboolean        create,
                                                 GError        **error);

/* The key two names are the same by for the store: normalized, trimmed,
 * case-folded. */
char         *sc_group_name_key                 (const char     *name);

/* After a change to the study store: reloads the groups page of @window
 * (an ScWindow, or any widget inside one; nothing when there is none). */
void          sc_group_actions_reload           (GtkWidget      *widget);

/* Tells the person, as a toast on @widget's ScWindow when there is one,
 * else in a message dialog. */
void          sc_group_actions_notify           (GtkWidget      *widget,
                                                 const char     *message);

/* An "Assign to Group…" context menu (right click, long press, Menu key,
 * Shift+F10, or the row's "assign.menu" action) on a row showing a text;
 * its item activates win.assign-reading. @func says what the row shows
 * now: FALSE when it is nothing to assign. */
typedef gboolean (*ScAssignTargetFunc) (GtkWidget  *row,
                                        char      **text_id,
                                        char      **from,
                                        char      **to);
void          sc_group_actions_add_assign_menu  (GtkWidget          *row,
                                                 ScAssignTargetFunc  func);

G_END_DECLS
