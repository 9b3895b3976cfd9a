/* sc-member-progress-row.h: a member's progress in a study group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-group-view.h"

G_BEGIN_DECLS

#define SC_TYPE_MEMBER_PROGRESS_ROW (sc_member_progress_row_get_type ())
G_DECLARE_FINAL_TYPE (ScMemberProgressRow, sc_member_progress_row, SC, MEMBER_PROGRESS_ROW, AdwPreferencesRow)

/* Each member's completion, readiness and attendance as bars, with a
 * menu ("This Is Me", edit). The row is named by the member's id; its
 * bars "completion-bar", "ready-bar" and "attendance-bar". */
GtkWidget *sc_member_progress_row_new        (ScGroupView         *view,
                                              ScGroupViewMember   *member);
void       sc_member_progress_row_set_member (ScMemberProgressRow *self,
                                              ScGroupView         *view,
                                              ScGroupViewMember   *member);

G_END_DECLS
