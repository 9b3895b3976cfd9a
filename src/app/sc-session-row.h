/* sc-session-row.h: a session of a study guide, folded or open
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SC_TYPE_SESSION_ROW (sc_session_row_get_type ())
G_DECLARE_FINAL_TYPE (ScSessionRow, sc_session_row, SC, SESSION_ROW, AdwExpanderRow)

/* A row titled @title (plain text, not markup) over @subtitle, with the
 * session's @number in a badge before it. */
GtkWidget *sc_session_row_new         (guint         number,
                                       const char   *title,
                                       const char   *subtitle);
guint      sc_session_row_get_number  (ScSessionRow *self);

/* The vertical box shown when the row is open, for the session's contents. */
GtkBox    *sc_session_row_get_content (ScSessionRow *self);

G_END_DECLS
