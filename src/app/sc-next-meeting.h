/* sc-next-meeting.h: a study group's next meeting, as a card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-group-view.h"

G_BEGIN_DECLS

#define SC_TYPE_NEXT_MEETING (sc_next_meeting_get_type ())
G_DECLARE_FINAL_TYPE (ScNextMeeting, sc_next_meeting, SC, NEXT_MEETING, AdwPreferencesGroup)

/* When and where ("next-meeting-row"), a button for the handout, its
 * readings (library texts open in the reader), who is ready and who is
 * behind ("behind-row"). Built once per view. */
GtkWidget *sc_next_meeting_new (ScGroupView *view);

G_END_DECLS
