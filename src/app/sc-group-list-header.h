/* sc-group-list-header.h: the heading over the groups of one status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SC_TYPE_GROUP_LIST_HEADER (sc_group_list_header_get_type ())
G_DECLARE_FINAL_TYPE (ScGroupListHeader, sc_group_list_header, SC, GROUP_LIST_HEADER, GtkBox)

/* A heading that reads @text ("Active", "Planned", …). */
GtkWidget *sc_group_list_header_new (const char *text);

G_END_DECLS
