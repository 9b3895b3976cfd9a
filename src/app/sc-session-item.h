/* sc-session-item.h: a goal, question, key term or activity of a session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SC_TYPE_SESSION_ITEM (sc_session_item_get_type ())
G_DECLARE_FINAL_TYPE (ScSessionItem, sc_session_item, SC, SESSION_ITEM, GtkBox)

/* "• item" or "1. item" (@mark NULL: no mark); the text wraps and can be
 * selected, but takes no focus, so Tab goes from row to row. */
GtkWidget *sc_session_item_new        (const char    *mark,
                                       const char    *text);
void       sc_session_item_set_mark   (ScSessionItem *self,
                                       const char    *mark);
void       sc_session_item_set_text   (ScSessionItem *self,
                                       const char    *text);
void       sc_session_item_set_markup (ScSessionItem *self,
                                       const char    *markup);
GtkLabel  *sc_session_item_get_label  (ScSessionItem *self);

G_END_DECLS
