/* sc-guide-row.h: a guide in the Guides page's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SC_TYPE_GUIDE_ROW (sc_guide_row_get_type ())
G_DECLARE_FINAL_TYPE (ScGuideRow, sc_guide_row, SC, GUIDE_ROW, GtkBox)

GtkWidget *sc_guide_row_new (void);

/* Shows the guide's @title, its @summary (hidden when NULL) and the name of
 * its @language, shown only when @show_language. */
void       sc_guide_row_set (ScGuideRow *self,
                             const char *title,
                             const char *summary,
                             const char *language,
                             gboolean    show_language);

G_END_DECLS
