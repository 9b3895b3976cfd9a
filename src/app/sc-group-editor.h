/* sc-group-editor.h: the dialog that creates or edits a study group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-catalog.h"

G_BEGIN_DECLS

#define SC_TYPE_GROUP_EDITOR (sc_group_editor_get_type ())
G_DECLARE_FINAL_TYPE (ScGroupEditor, sc_group_editor, SC, GROUP_EDITOR, AdwWindow)

/* @group_id NULL: a new group. The group is saved to the study store at
 * @study_db ("saved" is emitted with its id, then the dialog closes). */
ScGroupEditor *sc_group_editor_new      (ScCatalog     *catalog,
                                         const char    *study_db,
                                         const char    *group_id);
/* What the Save button does: TRUE when the group was saved. When it was
 * not, the dialog says why and nothing was written. */
gboolean       sc_group_editor_save     (ScGroupEditor *self);
/* FALSE while something the person typed is wrong or missing. */
gboolean       sc_group_editor_can_save (ScGroupEditor *self);
/* TRUE once the library's guides are listed in the dialog. */
gboolean       sc_group_editor_is_ready (ScGroupEditor *self);

G_END_DECLS
