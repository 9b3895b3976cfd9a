/* sc-checklist-row.h: a reading to tick off before the next session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SC_TYPE_CHECKLIST_ROW (sc_checklist_row_get_type ())
G_DECLARE_FINAL_TYPE (ScChecklistRow, sc_checklist_row, SC, CHECKLIST_ROW, AdwActionRow)

/* A check box named by the row's title, carrying @key as "reading-key"
 * data. @title NULL with a @text_id: the owner sets the title (the
 * library text's own); NULL without: the row is titled @text_id. */
GtkWidget      *sc_checklist_row_new       (const char     *key,
                                            const char     *text_id,
                                            const char     *title,
                                            guint           minutes,
                                            gboolean        in_library,
                                            gboolean        done,
                                            gboolean        can_tick);
GtkCheckButton *sc_checklist_row_get_check (ScChecklistRow *self);
const char     *sc_checklist_row_get_key   (ScChecklistRow *self);

G_END_DECLS
