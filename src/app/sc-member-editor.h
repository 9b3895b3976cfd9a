/* sc-member-editor.h: the dialog that adds a member to a group or edits one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SC_TYPE_MEMBER_EDITOR (sc_member_editor_get_type ())
G_DECLARE_FINAL_TYPE (ScMemberEditor, sc_member_editor, SC, MEMBER_EDITOR, AdwWindow)

/* @member_id NULL: a new member of @group_id. What it saves goes to the
 * study store at @study_db; "saved" (or "removed") is emitted with the
 * member's id, then the dialog closes. */
ScMemberEditor *sc_member_editor_new            (const char     *study_db,
                                                 const char     *group_id,
                                                 const char     *member_id);
/* What the Save button does: TRUE when the member was saved. */
gboolean        sc_member_editor_save           (ScMemberEditor *self);
gboolean        sc_member_editor_can_save       (ScMemberEditor *self);
/* What the Remove button does: asks first, in an AdwMessageDialog whose
 * "remove" response removes the member (returned, owned by GTK). */
GtkWidget      *sc_member_editor_confirm_remove (ScMemberEditor *self);

G_END_DECLS
