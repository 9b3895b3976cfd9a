/* sc-assign-dialog.h: "Assign to Group…": a reading beyond the guide
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-catalog.h"

G_BEGIN_DECLS

#define SC_TYPE_ASSIGN_DIALOG (sc_assign_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ScAssignDialog, sc_assign_dialog, SC, ASSIGN_DIALOG, AdwWindow)

/* Every argument but @catalog and @study_db may be NULL: @group_id the
 * group chosen first (else the first one), @text_id the text (else the
 * person chooses), @from and @to its section range (both NULL: the whole
 * text; @to NULL: @from alone). "saved" is emitted with the new
 * assignment's id, then the dialog closes. */
ScAssignDialog *sc_assign_dialog_new        (ScCatalog      *catalog,
                                             const char     *study_db,
                                             const char     *group_id,
                                             const char     *text_id,
                                             const char     *from,
                                             const char     *to);
/* Chooses the member the reading is for (NULL: the whole group). FALSE
 * when the chosen group has no such member. */
gboolean        sc_assign_dialog_set_member (ScAssignDialog *self,
                                             const char     *member_id);
/* TRUE once the texts, the chosen text's sections and the group's guide
 * are loaded. */
gboolean        sc_assign_dialog_is_ready   (ScAssignDialog *self);
gboolean        sc_assign_dialog_can_save   (ScAssignDialog *self);
/* What the Assign button does: TRUE when the assignment was saved. */
gboolean        sc_assign_dialog_save       (ScAssignDialog *self);

G_END_DECLS
