/* sc-member-editor.c: the dialog that adds a member to a group or edits one
 *
 * A member has a name (required, and no other current member's of the
 * group), an optional contact, a role in the group and the date they
 * joined it. Removing asks first; it leaves the member's progress and
 * attendance in the group's records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-app-resources.h"
#include "sc-date-row.h"
#include "sc-error.h"
#include "sc-group-actions.h"
#include "sc-member-editor.h"
#include "sc-study.h"

struct _ScMemberEditor {
  AdwWindow       parent_instance;

  char           *study_db;
  char           *group_id;
  char           *member_id;

  ScGroup        *group;
  ScMember       *member;        /* the member being edited, or NULL for a new one */
  GPtrArray      *taken_names;   /* (element-type utf8) other members' name keys */
  char           *load_error;
  char           *save_error;
  guint           name_touched : 1;

  AdwWindowTitle *window_title;
  GtkWidget      *save_button;
  AdwEntryRow    *name_row;
  AdwEntryRow    *contact_row;
  GtkLabel       *name_error_label;
  AdwComboRow    *role_row;
  AdwEntryRow    *joined_row;
  GtkLabel       *date_error_label;
  GtkWidget      *remove_group;
};

G_DEFINE_FINAL_TYPE (ScMemberEditor, sc_member_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STUDY_DB,
  PROP_GROUP_ID,
  PROP_MEMBER_ID,
  N_PROPS
};

enum {
  SAVED,
  REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static gboolean
name_is_taken (ScMemberEditor *self,
               const char     *name)
{
  g_autofree char *key = sc_group_name_key (name);

  for (guint i = 0; i < self->taken_names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->taken_names, i), key) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
validate (ScMemberEditor *self)
{
  g_autofree char *name = row_text (self->name_row);
  g_autofree char *joined = row_text (self->joined_row);
  g_autofree char *name_error = NULL;
  g_autofree char *date_error = NULL;
  gboolean name_ok, date_ok, ok;

  if (*name == '\0')
    name_error = self->name_touched ? g_strdup (_("Give the member’s name.")) : NULL;
  else if (name_is_taken (self, name))
    name_error = g_strdup_printf (_("The group already has a member called “%s”. Add something "
                                    "that tells them apart, such as a surname’s initial."), name);
  name_ok = *name != '\0' && name_error == NULL;

  date_ok = sc_date_row_get_date (self->joined_row, NULL);
  if (!date_ok)
    date_error = g_strdup_printf (_("“%s” is not a date. Write it as year-month-day, such as 2024-03-05, "
                                    "or pick it from the calendar."), joined);

  sc_date_row_set_invalid (GTK_WIDGET (self->name_row), name_error != NULL);
  sc_date_row_set_invalid (GTK_WIDGET (self->joined_row), !date_ok);

  if (self->load_error != NULL)
    show_error (self->name_error_label, self->load_error);
  else if (name_error != NULL)
    show_error (self->name_error_label, name_error);
  else
    show_error (self->name_error_label, self->save_error);
  show_error (self->date_error_label, date_error);

  ok = name_ok && date_ok && self->load_error == NULL;
  gtk_widget_set_sensitive (self->save_button, ok);
  return ok;
}

static void
on_name_changed_cb (ScMemberEditor *self)
{
  self->name_touched = TRUE;
  g_clear_pointer (&self->save_error, g_free);
  validate (self);
}

static void
on_joined_changed_cb (ScMemberEditor *self)
{
  g_clear_pointer (&self->save_error, g_free);
  validate (self);
}

gboolean
sc_member_editor_can_save (ScMemberEditor *self)
{
  g_return_val_if_fail (SC_IS_MEMBER_EDITOR (self), FALSE);
  return validate (self);
}

static void
load (ScMemberEditor *self)
{
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;

  store = sc_group_open_store (self->study_db, FALSE, &error);
  if (store == NULL && error == NULL)
    g_set_error_literal (&error, SC_ERROR, SC_ERROR_NOT_FOUND, _("There are no study groups yet."));
  if (store != NULL)
    self->group = sc_study_store_find_group (store, self->group_id, &error);
  if (self->group != NULL)
    members = sc_study_store_list_members (store, self->group->id, &error);
  if (members != NULL && self->member_id != NULL)
    self->member = sc_study_store_find_member (store, self->group->id, self->member_id, &error);

  if (error != NULL)
    {
      self->load_error = g_strdup_printf (_("The group’s members could not be read: %s"), error->message);
      return;
    }

  adw_window_title_set_subtitle (self->window_title, self->group->name);
  for (guint i = 0; i < members->len; i++)
    {
      const ScMember *member = g_ptr_array_index (members, i);

      if (self->member == NULL || g_strcmp0 (member->id, self->member->id) != 0)
        g_ptr_array_add (self->taken_names, sc_group_name_key (member->name));
    }

  if (self->member == NULL)
    {
      g_autofree char *today = sc_date_today ();

      gtk_editable_set_text (GTK_EDITABLE (self->joined_row), today);
      return;
    }

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Member"));
  adw_window_title_set_title (self->window_title, _("Edit Member"));
  gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Save"));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->member->name);
  gtk_editable_set_text (GTK_EDITABLE (self->contact_row), self->member->contact ? self->member->contact : "");
  adw_combo_row_set_selected (self->role_row, self->member->role);
  gtk_editable_set_text (GTK_EDITABLE (self->joined_row), self->member->joined ? self->member->joined : "");
  gtk_widget_set_visible (self->remove_group, TRUE);
}

gboolean
sc_member_editor_save (ScMemberEditor *self)
{
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(ScMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contact = NULL;

  g_return_val_if_fail (SC_IS_MEMBER_EDITOR (self), FALSE);

  if (!validate (self))
    return FALSE;

  name = row_text (self->name_row);
  contact = row_text (self->contact_row);
  member = self->member != NULL ? sc_study_member_copy (self->member) : sc_study_member_new (name);
  g_free (member->name);
  member->name = g_steal_pointer (&name);
  g_free (member->contact);
  member->contact = *contact != '\0' ? g_steal_pointer (&contact) : NULL;
  member->role = (ScRole) adw_combo_row_get_selected (self->role_row);
  g_free (member->joined);
  sc_date_row_get_date (self->joined_row, &member->joined);

  store = sc_group_open_store (self->study_db, TRUE, &error);
  if (store == NULL || !sc_study_store_add_member (store, self->group->id, member, &error))
    {
      if (g_error_matches (error, SC_ERROR, SC_ERROR_DUPLICATE))
        g_ptr_array_add (self->taken_names, sc_group_name_key (member->name));
      else
        self->save_error = g_strdup_printf (_("The member could not be saved: %s"), error->message);
      validate (self);
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0, member->id);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
on_save_clicked_cb (ScMemberEditor *self)
{
  sc_member_editor_save (self);
}

static void
remove_member (ScMemberEditor *self)
{
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = sc_group_open_store (self->study_db, FALSE, &error);
  if (store == NULL ||
      !sc_study_store_remove_member (store, self->group->id, self->member->id, &error))
    {
      self->save_error = g_strdup_printf (_("The member could not be removed: %s"),
                                          error != NULL ? error->message : _("the study groups are gone"));
      validate (self);
      return;
    }

  g_signal_emit (self, signals[REMOVED], 0, self->member->id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       ScMemberEditor   *self)
{
  if (g_strcmp0 (response, "remove") == 0)
    remove_member (self);
}

GtkWidget *
sc_member_editor_confirm_remove (ScMemberEditor *self)
{
  GtkWidget *dialog;

  g_return_val_if_fail (SC_IS_MEMBER_EDITOR (self), NULL);
  g_return_val_if_fail (self->member != NULL, NULL);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  /* Translators: asking before a member is removed from a group */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Remove %s?"), self->member->name);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s will no longer be listed in “%s”. What they read and the meetings "
                                    "they came to stay in the group’s records."),
                                  self->member->name, self->group->name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
on_remove_clicked_cb (ScMemberEditor *self)
{
  sc_member_editor_confirm_remove (self);
}

/* GObject ------------------------------------------------------------------- */

static void
sc_member_editor_constructed (GObject *object)
{
  ScMemberEditor *self = SC_MEMBER_EDITOR (object);

  G_OBJECT_CLASS (sc_member_editor_parent_class)->constructed (object);

  load (self);
  validate (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
sc_member_editor_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SC_TYPE_MEMBER_EDITOR);
  G_OBJECT_CLASS (sc_member_editor_parent_class)->dispose (object);
}

static void
sc_member_editor_finalize (GObject *object)
{
  ScMemberEditor *self = SC_MEMBER_EDITOR (object);

  g_clear_pointer (&self->group, sc_study_group_free);
  g_clear_pointer (&self->member, sc_study_member_free);
  g_clear_pointer (&self->taken_names, g_ptr_array_unref);
  g_free (self->study_db);
  g_free (self->group_id);
  g_free (self->member_id);
  g_free (self->load_error);
  g_free (self->save_error);
  G_OBJECT_CLASS (sc_member_editor_parent_class)->finalize (object);
}

static void
sc_member_editor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScMemberEditor *self = SC_MEMBER_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STUDY_DB:
      g_value_set_string (value, self->study_db);
      break;
    case PROP_GROUP_ID:
      g_value_set_string (value, self->group_id);
      break;
    case PROP_MEMBER_ID:
      g_value_set_string (value, self->member_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_member_editor_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ScMemberEditor *self = SC_MEMBER_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STUDY_DB:
      self->study_db = g_value_dup_string (value);
      break;
    case PROP_GROUP_ID:
      self->group_id = g_value_dup_string (value);
      break;
    case PROP_MEMBER_ID:
      self->member_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_member_editor_class_init (ScMemberEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  (void) sc_app_get_resource ();

  object_class->constructed = sc_member_editor_constructed;
  object_class->dispose = sc_member_editor_dispose;
  object_class->finalize = sc_member_editor_finalize;
  object_class->get_property = sc_member_editor_get_property;
  object_class->set_property = sc_member_editor_set_property;

  properties[PROP_STUDY_DB] =
    g_param_spec_string ("study-db", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GROUP_ID] =
    g_param_spec_string ("group-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEMBER_ID] =
    g_param_spec_string ("member-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/studycircle/StudyCircle/sc-member-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ScMemberEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, ScMemberEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, ScMemberEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, ScMemberEditor, contact_row);
  gtk_widget_class_bind_template_child (widget_class, ScMemberEditor, name_error_label);
  gtk_widget_class_bind_template_child (widget_class, ScMemberEditor, role_row);
  gtk_widget_class_bind_template_child (widget_class, ScMemberEditor, joined_row);
  gtk_widget_class_bind_template_child (widget_class, ScMemberEditor, date_error_label);
  gtk_widget_class_bind_template_child (widget_class, ScMemberEditor, remove_group);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_joined_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sc_member_editor_init (ScMemberEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->taken_names = g_ptr_array_new_with_free_func (g_free);
  sc_date_row_setup (self->joined_row);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
}

ScMemberEditor *
sc_member_editor_new (const char *study_db,
                      const char *group_id,
                      const char *member_id)
{
  g_return_val_if_fail (study_db != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);

  return g_object_new (SC_TYPE_MEMBER_EDITOR,
                       "study-db", study_db,
                       "group-id", group_id,
                       "member-id", member_id,
                       NULL);
}
