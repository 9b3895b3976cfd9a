/* sc-group-list-row.h: a study group in the list of groups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-group-view.h"

G_BEGIN_DECLS

#define SC_TYPE_GROUP_LIST_ROW (sc_group_list_row_get_type ())
G_DECLARE_FINAL_TYPE (ScGroupListRow, sc_group_list_row, SC, GROUP_LIST_ROW, GtkListBoxRow)

/* A row per group (named by the group's id, with "group-id" and "status"
 * data for the list's header function); @view may be NULL. */
GtkWidget  *sc_group_list_row_new       (ScGroup        *group,
                                         ScGroupView    *view);
void        sc_group_list_row_set_group (ScGroupListRow *self,
                                         ScGroup        *group,
                                         ScGroupView    *view);
const char *sc_group_list_row_get_group_id (ScGroupListRow *self);

G_END_DECLS
