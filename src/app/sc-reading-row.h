/* sc-reading-row.h: a reading of a guide's session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-guide.h"

G_BEGIN_DECLS

#define SC_TYPE_READING_ROW (sc_reading_row_get_type ())
G_DECLARE_FINAL_TYPE (ScReadingRow, sc_reading_row, SC, READING_ROW, AdwActionRow)

/* A library text opens the reader (win.open-text) at its first section;
 * a text the library lacks says so; an outside work links to its web
 * page (the link button carries its "url" data). */
GtkWidget *sc_reading_row_new                (const ScReading *reading);
void       sc_reading_row_set_reading        (ScReadingRow    *self,
                                              const ScReading *reading);
/* TRUE when the row's title is the library text's own (title — section),
 * which its owner sets, as the text loads; otherwise the row sets it. */
gboolean   sc_reading_row_wants_library_title (const ScReading *reading);

G_END_DECLS
