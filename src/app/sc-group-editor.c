/* sc-group-editor.c: the dialog that creates or edits a study group
 *
 * The name is required and must be no other group's; a start date must be
 * a real date. Save stays insensitive while either is wrong, and the line
 * under the rows says what is wrong and how to put it right. The guide is
 * chosen among the library's guides, listed in the background.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-app-resources.h"
#include "sc-date-row.h"
#include "sc-error.h"
#include "sc-group-actions.h"
#include "sc-group-editor.h"
#include "sc-study.h"

struct _ScGroupEditor {
  AdwWindow      parent_instance;

  ScCatalog     *catalog;
  char          *study_db;
  char          *group_id;
  GCancellable  *cancellable;

  ScGroup       *group;          /* the group being edited, or NULL for a new one */
  GPtrArray     *taken_names;    /* (element-type utf8) other groups' name keys */
  GPtrArray     *guide_ids;      /* (element-type utf8) parallel to guide_model; [0] is NULL */
  GtkStringList *guide_model;
  char          *load_error;     /* the group could not be read: nothing can be saved */
  char          *save_error;     /* the last save failed; cleared by the next edit */
  guint          name_touched : 1;
  guint          guides_listed : 1;

  GtkWidget     *save_button;
  AdwEntryRow   *name_row;
  AdwEntryRow   *branch_row;
  AdwEntryRow   *facilitator_row;
  GtkLabel      *name_error_label;
  AdwComboRow   *guide_row;
  GtkLabel      *guide_error_label;
  AdwEntryRow   *start_row;
  AdwComboRow   *cadence_row;
  AdwComboRow   *status_row;
  GtkLabel      *date_error_label;
};

G_DEFINE_FINAL_TYPE (ScGroupEditor, sc_group_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_STUDY_DB,
  PROP_GROUP_ID,
  N_PROPS
};

enum {
  SAVED,
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
name_is_taken (ScGroupEditor *self,
               const char    *name)
{
  g_autofree char *key = sc_group_name_key (name);

  for (guint i = 0; self->taken_names != NULL && i < self->taken_names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->taken_names, i), key) == 0)
      return TRUE;
  return FALSE;
}

/* Says what is wrong, and lets Save be pressed only when nothing is. */
static gboolean
validate (ScGroupEditor *self)
{
  g_autofree char *name = row_text (self->name_row);
  g_autofree char *start = row_text (self->start_row);
  g_autofree char *name_error = NULL;
  g_autofree char *date_error = NULL;
  gboolean name_ok, date_ok;

  if (*name == '\0')
    name_error = self->name_touched ? g_strdup (_("Give the group a name.")) : NULL;
  else if (name_is_taken (self, name))
    name_error = g_strdup_printf (_("There is already a group called “%s”. Choose another name."), name);
  name_ok = *name != '\0' && name_error == NULL;

  date_ok = sc_date_row_get_date (self->start_row, NULL);
  if (!date_ok)
    date_error = g_strdup_printf (_("“%s” is not a date. Write it as year-month-day, such as 2024-03-05, "
                                    "or pick it from the calendar."), start);

  sc_date_row_set_invalid (GTK_WIDGET (self->name_row), name_error != NULL);
  sc_date_row_set_invalid (GTK_WIDGET (self->start_row), !date_ok);

  if (self->load_error != NULL)
    show_error (self->name_error_label, self->load_error);
  else if (name_error != NULL)
    show_error (self->name_error_label, name_error);
  else
    show_error (self->name_error_label, self->save_error);
  show_error (self->date_error_label, date_error);

  gtk_widget_set_sensitive (self->save_button, name_ok && date_ok && self->load_error == NULL);
  return name_ok && date_ok && self->load_error == NULL;
}

static void
on_name_changed_cb (ScGroupEditor *self)
{
  self->name_touched = TRUE;
  g_clear_pointer (&self->save_error, g_free);
  validate (self);
}

static void
on_start_changed_cb (ScGroupEditor *self)
{
  g_clear_pointer (&self->save_error, g_free);
  validate (self);
}

gboolean
sc_group_editor_can_save (ScGroupEditor *self)
{
  g_return_val_if_fail (SC_IS_GROUP_EDITOR (self), FALSE);
  return validate (self);
}

gboolean
sc_group_editor_is_ready (ScGroupEditor *self)
{
  g_return_val_if_fail (SC_IS_GROUP_EDITOR (self), FALSE);
  return self->guides_listed;
}

/* Guides ------------------------------------------------------------------- */

static guint
add_guide (ScGroupEditor *self,
           const char    *guide_id,
           const char    *title)
{
  gtk_string_list_append (self->guide_model, title);
  g_ptr_array_add (self->guide_ids, g_strdup (guide_id));
  return self->guide_ids->len - 1;
}

static void
select_guide (ScGroupEditor *self,
              const char    *guide_id)
{
  for (guint i = 0; i < self->guide_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->guide_ids, i), guide_id) == 0)
      {
        adw_combo_row_set_selected (self->guide_row, i);
        return;
      }

  /* A guide that left the library stays the group's until changed. */
  if (guide_id != NULL)
    {
      /* Translators: a guide the group follows that the library lacks */
      g_autofree char *title = g_strdup_printf (_("%s (not in the library)"), guide_id);

      adw_combo_row_set_selected (self->guide_row, add_guide (self, guide_id, title));
    }
}

static void
on_guides_listed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(ScGroupEditor) self = user_data;
  g_autoptr(GListModel) guides = NULL;
  g_autoptr(GError) error = NULL;

  guides = sc_catalog_list_finish (SC_CATALOG (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (guides == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The library’s guides could not be listed (%s). The group can be saved "
                           "without one and given a guide later."), error->message);

      show_error (self->guide_error_label, message);
    }
  else
    {
      for (guint i = 0; i < g_list_model_get_n_items (guides); i++)
        {
          g_autoptr(ScDocument) guide = g_list_model_get_item (guides, i);

          add_guide (self, sc_document_get_id (guide), sc_document_get_title (guide));
        }
    }

  select_guide (self, self->group != NULL ? self->group->guide_id : NULL);
  self->guides_listed = TRUE;
}

static void
list_guides (ScGroupEditor *self)
{
  ScDocFilter filter = { .kind = "guide" };

  if (self->catalog == NULL)
    {
      self->guides_listed = TRUE;
      select_guide (self, self->group != NULL ? self->group->guide_id : NULL);
      return;
    }
  sc_catalog_list_async (self->catalog, &filter, self->cancellable,
                         on_guides_listed_cb, g_object_ref (self));
}

/* Loading and saving -------------------------------------------------------- */

static void
load (ScGroupEditor *self)
{
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;

  store = sc_group_open_store (self->study_db, FALSE, &error);
  if (store != NULL)
    groups = sc_study_store_list_groups (store, TRUE, &error);
  if (store != NULL && groups != NULL && self->group_id != NULL)
    self->group = sc_study_store_find_group (store, self->group_id, &error);

  if (error != NULL)
    {
      self->load_error = g_strdup_printf (_("The study groups could not be read: %s"), error->message);
      return;
    }
  if (self->group_id != NULL && self->group == NULL)
    {
      self->load_error = g_strdup (_("This group is not in the study groups any more."));
      return;
    }

  for (guint i = 0; groups != NULL && i < groups->len; i++)
    {
      const ScGroup *group = g_ptr_array_index (groups, i);

      if (self->group == NULL || g_strcmp0 (group->id, self->group->id) != 0)
        g_ptr_array_add (self->taken_names, sc_group_name_key (group->name));
    }

  if (self->group != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Group"));
      gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Save"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->group->name);
      gtk_editable_set_text (GTK_EDITABLE (self->branch_row), self->group->branch ? self->group->branch : "");
      gtk_editable_set_text (GTK_EDITABLE (self->facilitator_row),
                             self->group->facilitator ? self->group->facilitator : "");
      gtk_editable_set_text (GTK_EDITABLE (self->start_row),
                             self->group->start_date ? self->group->start_date : "");
      adw_combo_row_set_selected (self->cadence_row, self->group->cadence);
      adw_combo_row_set_selected (self->status_row, self->group->status);
    }
}

static char *
optional_text (AdwEntryRow *row)
{
  char *text = row_text (row);

  if (*text != '\0')
    return text;
  g_free (text);
  return NULL;
}

gboolean
sc_group_editor_save (ScGroupEditor *self)
{
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(ScGroup) group = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  guint guide;

  g_return_val_if_fail (SC_IS_GROUP_EDITOR (self), FALSE);

  if (!validate (self))
    return FALSE;

  name = row_text (self->name_row);
  group = self->group != NULL ? sc_study_group_copy (self->group) : sc_study_group_new (name);
  g_free (group->name);
  group->name = g_steal_pointer (&name);
  g_free (group->branch);
  group->branch = optional_text (self->branch_row);
  g_free (group->facilitator);
  group->facilitator = optional_text (self->facilitator_row);
  g_free (group->start_date);
  sc_date_row_get_date (self->start_row, &group->start_date);
  group->cadence = (ScCadence) adw_combo_row_get_selected (self->cadence_row);
  group->status = (ScGroupStatus) adw_combo_row_get_selected (self->status_row);
  guide = adw_combo_row_get_selected (self->guide_row);
  g_free (group->guide_id);
  group->guide_id = guide < self->guide_ids->len ? g_strdup (g_ptr_array_index (self->guide_ids, guide)) : NULL;

  store = sc_group_open_store (self->study_db, TRUE, &error);
  if (store == NULL || !sc_study_store_save_group (store, group, &error))
    {
      if (g_error_matches (error, SC_ERROR, SC_ERROR_DUPLICATE))
        g_ptr_array_add (self->taken_names, sc_group_name_key (group->name));
      else
        self->save_error = g_strdup_printf (_("The group could not be saved: %s"), error->message);
      validate (self);
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0, group->id);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
on_save_clicked_cb (ScGroupEditor *self)
{
  sc_group_editor_save (self);
}

/* GObject ------------------------------------------------------------------- */

static void
sc_group_editor_constructed (GObject *object)
{
  ScGroupEditor *self = SC_GROUP_EDITOR (object);

  G_OBJECT_CLASS (sc_group_editor_parent_class)->constructed (object);

  load (self);
  list_guides (self);
  validate (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
sc_group_editor_dispose (GObject *object)
{
  ScGroupEditor *self = SC_GROUP_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_GROUP_EDITOR);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->catalog);
  g_clear_object (&self->guide_model);
  G_OBJECT_CLASS (sc_group_editor_parent_class)->dispose (object);
}

static void
sc_group_editor_finalize (GObject *object)
{
  ScGroupEditor *self = SC_GROUP_EDITOR (object);

  g_clear_pointer (&self->group, sc_study_group_free);
  g_clear_pointer (&self->taken_names, g_ptr_array_unref);
  g_clear_pointer (&self->guide_ids, g_ptr_array_unref);
  g_free (self->study_db);
  g_free (self->group_id);
  g_free (self->load_error);
  g_free (self->save_error);
  G_OBJECT_CLASS (sc_group_editor_parent_class)->finalize (object);
}

static void
sc_group_editor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScGroupEditor *self = SC_GROUP_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_STUDY_DB:
      g_value_set_string (value, self->study_db);
      break;
    case PROP_GROUP_ID:
      g_value_set_string (value, self->group_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_group_editor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ScGroupEditor *self = SC_GROUP_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_STUDY_DB:
      self->study_db = g_value_dup_string (value);
      break;
    case PROP_GROUP_ID:
      self->group_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_group_editor_class_init (ScGroupEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  (void) sc_app_get_resource ();

  object_class->constructed = sc_group_editor_constructed;
  object_class->dispose = sc_group_editor_dispose;
  object_class->finalize = sc_group_editor_finalize;
  object_class->get_property = sc_group_editor_get_property;
  object_class->set_property = sc_group_editor_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, SC_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STUDY_DB] =
    g_param_spec_string ("study-db", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GROUP_ID] =
    g_param_spec_string ("group-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ScGroupEditor::saved:
   * @group_id: the group saved
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/studycircle/StudyCircle/sc-group-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ScGroupEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, ScGroupEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, ScGroupEditor, branch_row);
  gtk_widget_class_bind_template_child (widget_class, ScGroupEditor, facilitator_row);
  gtk_widget_class_bind_template_child (widget_class, ScGroupEditor, name_error_label);
  gtk_widget_class_bind_template_child (widget_class, ScGroupEditor, guide_row);
  gtk_widget_class_bind_template_child (widget_class, ScGroupEditor, guide_error_label);
  gtk_widget_class_bind_template_child (widget_class, ScGroupEditor, start_row);
  gtk_widget_class_bind_template_child (widget_class, ScGroupEditor, cadence_row);
  gtk_widget_class_bind_template_child (widget_class, ScGroupEditor, status_row);
  gtk_widget_class_bind_template_child (widget_class, ScGroupEditor, date_error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_start_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sc_group_editor_init (ScGroupEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->taken_names = g_ptr_array_new_with_free_func (g_free);
  self->guide_ids = g_ptr_array_new_with_free_func (g_free);
  self->guide_model = gtk_string_list_new (NULL);
  add_guide (self, NULL, _("No Guide"));
  adw_combo_row_set_model (self->guide_row, G_LIST_MODEL (self->guide_model));

  sc_date_row_setup (self->start_row);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
}

ScGroupEditor *
sc_group_editor_new (ScCatalog  *catalog,
                     const char *study_db,
                     const char *group_id)
{
  g_return_val_if_fail (catalog == NULL || SC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (study_db != NULL, NULL);

  return g_object_new (SC_TYPE_GROUP_EDITOR,
                       "catalog", catalog,
                       "study-db", study_db,
                       "group-id", group_id,
                       NULL);
}
