/* sc-group-grid.h: the members × sessions grid of a study group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sc-group-view.h"

G_BEGIN_DECLS

#define SC_TYPE_GROUP_GRID (sc_group_grid_get_type ())
G_DECLARE_FINAL_TYPE (ScGroupGrid, sc_group_grid, SC, GROUP_GRID, GtkWidget)

GtkWidget   *sc_group_grid_new                   (void);
/* Shows @view (referenced). With the same members and sessions as before,
 * the cells change in place, so an open popover stays open. */
void         sc_group_grid_set_view              (ScGroupGrid *self,
                                                  ScGroupView *view);
/* A cell's two parts: the readings (a GtkMenuButton whose popover ticks
 * them) and the attendance (a GtkButton that steps through it). NULL for a
 * member or session the grid does not show. */
GtkWidget   *sc_group_grid_get_reading_button    (ScGroupGrid *self,
                                                  const char  *member_id,
                                                  guint        session);
GtkWidget   *sc_group_grid_get_attendance_button (ScGroupGrid *self,
                                                  const char  *member_id,
                                                  guint        session);

G_END_DECLS
