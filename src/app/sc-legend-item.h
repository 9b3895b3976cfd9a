/* sc-legend-item.h: one mark of the key to a study group's grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SC_TYPE_LEGEND_ITEM (sc_legend_item_get_type ())
G_DECLARE_FINAL_TYPE (ScLegendItem, sc_legend_item, SC, LEGEND_ITEM, GtkBox)

/* A mark, drawn as a text (@mark: "✓") or an icon, with @css_class on it,
 * and what it means. */
GtkWidget *sc_legend_item_new_text (const char *mark,
                                    const char *css_class,
                                    const char *meaning);
GtkWidget *sc_legend_item_new_icon (const char *icon_name,
                                    const char *css_class,
                                    const char *meaning);

G_END_DECLS
