/* sc-group-rows.h: the parts of a study group's page, as widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-group-list-row.h"
#include "sc-group-view.h"

G_BEGIN_DECLS

/* The list of groups: a row per group (sc-group-list-row.h), under a
 * header per status. */
void        sc_group_list_header_func  (GtkListBoxRow                  *row,
                                        GtkListBoxRow                  *before,
                                        gpointer                        user_data);

/* "Weekly from Tue, 5 Mar 2024" */
char       *sc_group_cadence_text      (const ScGroup                  *group);
/* The group's menu: edit, add a member, assign, handout, export, import
 * (the "group." actions). */
GMenuModel *sc_group_menu_new          (ScGroupView                    *view);

/* The next meeting: when and where, its readings (library texts open in
 * the reader), who is ready and who is behind. */
GtkWidget  *sc_group_next_meeting_new  (ScGroupView                    *view);
/* Each member's completion, readiness and attendance as bars, with a
 * menu ("This Is Me", edit). Rows are named by the member's id; their
 * bars "completion-bar", "ready-bar" and "attendance-bar". */
GtkWidget  *sc_group_members_new       (ScGroupView                    *view);

/* The schedule's rows call these with themselves: the entries of a
 * session's date and place (AdwEntryRow::apply) and its expander row
 * (notify::expanded) carry the session's number as "session" data. */
typedef struct {
  GCallback  date_applied;
  GCallback  place_applied;
  GCallback  expanded_changed;
  gpointer   user_data;
} ScGroupScheduleCallbacks;

/* Every session, the next first; @expanded_session (0: none) is open. */
GtkWidget  *sc_group_schedule_new      (ScGroupView                    *view,
                                        guint                           expanded_session,
                                        const ScGroupScheduleCallbacks *callbacks);

/* The key to the grid's marks. */
void        sc_group_legend_fill       (GtkFlowBox                     *legend);

G_END_DECLS
