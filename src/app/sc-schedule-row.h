/* sc-schedule-row.h: a session in a study group's schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-group-view.h"

G_BEGIN_DECLS

#define SC_TYPE_SCHEDULE_ROW (sc_schedule_row_get_type ())
G_DECLARE_FINAL_TYPE (ScScheduleRow, sc_schedule_row, SC, SCHEDULE_ROW, AdwExpanderRow)

/* An expander row named "session-row": the session's heading, when and
 * where, a "Next" badge, and entries for its date and place. The row and
 * both entries carry the session's number as "session" data. */
GtkWidget   *sc_schedule_row_new            (const ScGroupViewSession *session);
void         sc_schedule_row_set_session    (ScScheduleRow            *self,
                                             const ScGroupViewSession *session);
guint        sc_schedule_row_get_session    (ScScheduleRow            *self);
AdwEntryRow *sc_schedule_row_get_date_row   (ScScheduleRow            *self);
AdwEntryRow *sc_schedule_row_get_place_row  (ScScheduleRow            *self);

G_END_DECLS
