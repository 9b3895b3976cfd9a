/* sc-search-row.h: one row of the search results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SC_TYPE_SEARCH_ROW (sc_search_row_get_type ())
G_DECLARE_FINAL_TYPE (ScSearchRow, sc_search_row, SC, SEARCH_ROW, GtkWidget)

/* @item: (nullable): a GtkTreeListRow whose item is an ScSearchResult. At
 * depth 0 the row shows a text's best section, with its title and author
 * and a button for the other matching sections; at depth 1, one of those
 * sections. */
void            sc_search_row_set_item (ScSearchRow    *self,
                                        GtkTreeListRow *item);
GtkTreeListRow *sc_search_row_get_item (ScSearchRow    *self);

G_END_DECLS
