/* sc-date-row.h: a date typed or picked from a calendar, in an AdwEntryRow
 *
 * The study store keeps dates as "YYYY-MM-DD". A person may type one, or
 * pick it from the calendar that a button at the end of the row opens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Adds the calendar button to @row. */
void      sc_date_row_setup    (AdwEntryRow  *row);
/* TRUE when the row is empty (*@date = NULL) or holds a real date
 * (*@date = a copy of it, white space trimmed); FALSE otherwise. @date may
 * be NULL to check only. */
gboolean  sc_date_row_get_date (AdwEntryRow  *row,
                                char        **date);
/* Marks @row as wrong (or not) for sight and for assistive technologies. */
void      sc_date_row_set_invalid (GtkWidget *row,
                                   gboolean   invalid);
/* Today, "YYYY-MM-DD", in local time. */
char     *sc_date_today        (void);

G_END_DECLS
