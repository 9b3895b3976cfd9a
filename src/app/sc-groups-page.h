/* sc-groups-page.h: the study groups, one at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-catalog.h"

G_BEGIN_DECLS

#define SC_TYPE_GROUPS_PAGE (sc_groups_page_get_type ())
G_DECLARE_FINAL_TYPE (ScGroupsPage, sc_groups_page, SC, GROUPS_PAGE, AdwBin)

GtkWidget  *sc_groups_page_new         (ScCatalog    *catalog);
/* Reads the study store again: after a dialog saved a group, a member or
 * an assignment, or an import. The page also does it each time it is
 * shown. */
void        sc_groups_page_reload      (ScGroupsPage *self);
/* Shows the group @group_id (selecting it in the list). */
void        sc_groups_page_show_group  (ScGroupsPage *self,
                                        const char   *group_id);
/* The id of the group shown, or NULL. */
const char *sc_groups_page_get_group_id (ScGroupsPage *self);
/* TRUE while guides or texts the page shows are loading. */
gboolean    sc_groups_page_get_busy    (ScGroupsPage *self);

G_END_DECLS
