/* sc-group-reading-row.h: a reading for a study group's next meeting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-group-view.h"

G_BEGIN_DECLS

#define SC_TYPE_GROUP_READING_ROW (sc_group_reading_row_get_type ())
G_DECLARE_FINAL_TYPE (ScGroupReadingRow, sc_group_reading_row, SC, GROUP_READING_ROW, AdwActionRow)

/* A library text opens in the reader (win.open-text) at the reading's
 * first section; anything else only says where it is. */
GtkWidget *sc_group_reading_row_new         (const ScGroupViewReading *reading);
void       sc_group_reading_row_set_reading (ScGroupReadingRow        *self,
                                             const ScGroupViewReading *reading);

G_END_DECLS
