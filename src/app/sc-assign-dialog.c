/* sc-assign-dialog.c: "Assign to Group…": a reading beyond the guide
 *
 * An educator or facilitator gives a group, or one of its members, a text
 * to read — whole, or an exact range of its sections — due at one of the
 * group's meetings or by a date, with an optional note. The readings then
 * count like the guide's in progress and readiness.
 *
 * The groups and members come from the study store (small, read at once);
 * the texts, the chosen text's sections and the group's guide (its
 * sessions) are loaded in the background, each with its own cancellable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "sc-app-resources.h"
#include "sc-assign-dialog.h"
#include "sc-date-row.h"
#include "sc-group-actions.h"
#include "sc-study.h"

typedef enum {
  DUE_SESSION,
  DUE_DATE,
  DUE_NONE,
} DueMode;

struct _ScAssignDialog {
  AdwWindow      parent_instance;

  ScCatalog     *catalog;
  char          *study_db;
  char          *preset_group;
  char          *preset_text;
  char          *preset_from;
  char          *preset_to;
  GCancellable  *cancellable;        /* the dialog's life: the list of texts */
  GCancellable  *text_cancellable;   /* the text whose sections are loading */
  GCancellable  *guide_cancellable;  /* the guide of the group chosen */

  GPtrArray     *groups;             /* (element-type ScGroup) */
  GtkStringList *group_model;
  GPtrArray     *members;            /* (element-type ScMember) of the group chosen */
  GtkStringList *member_model;       /* [0]: the whole group, then members[i] at i + 1 */
  char          *group_id;           /* the group whose members and meetings are listed */
  char          *text_id;            /* the text whose sections are listed */
  GPtrArray     *section_ids;        /* (element-type utf8) document order */
  GtkStringList *from_model;
  GtkStringList *to_model;
  GtkStringList *session_model;      /* session N at N - 1 */

  char          *group_error;        /* no groups, or they could not be read */
  char          *text_error;
  char          *guide_error;
  char          *save_error;
  guint          texts_loading : 1;
  guint          text_loading : 1;
  guint          guide_loading : 1;
  guint          range_preset : 1;   /* the preset range was applied */

  GtkWidget     *save_button;
  AdwComboRow   *group_row;
  AdwComboRow   *member_row;
  GtkLabel      *group_error_label;
  GtkDropDown   *text_dropdown;
  GtkSwitch     *whole_switch;
  AdwComboRow   *from_row;
  AdwComboRow   *to_row;
  GtkLabel      *text_error_label;
  AdwComboRow   *due_row;
  AdwComboRow   *session_row;
  AdwEntryRow   *due_date_row;
  GtkLabel      *due_error_label;
  AdwEntryRow   *note_row;
  GtkLabel      *save_error_label;
};

G_DEFINE_FINAL_TYPE (ScAssignDialog, sc_assign_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_STUDY_DB,
  PROP_GROUP_ID,
  PROP_TEXT_ID,
  PROP_FROM,
  PROP_TO,
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

static void
replace_strings (GtkStringList *list,
                 GPtrArray     *strings)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  g_ptr_array_add (strings, NULL);
  gtk_string_list_splice (list, 0, n, (const char * const *) strings->pdata);
  g_ptr_array_remove_index (strings, strings->len - 1);
}

static const ScGroup *
chosen_group (ScAssignDialog *self)
{
  guint i = adw_combo_row_get_selected (self->group_row);

  return self->groups != NULL && i < self->groups->len ? g_ptr_array_index (self->groups, i) : NULL;
}

static ScDocument *
chosen_text (ScAssignDialog *self)
{
  return gtk_drop_down_get_selected_item (self->text_dropdown);
}

/* Validation ---------------------------------------------------------------- */

static gboolean
validate (ScAssignDialog *self)
{
  gboolean whole = gtk_switch_get_active (self->whole_switch);
  guint from = adw_combo_row_get_selected (self->from_row);
  guint to = adw_combo_row_get_selected (self->to_row);
  DueMode due = (DueMode) adw_combo_row_get_selected (self->due_row);
  g_autofree char *text_error = NULL;
  g_autofree char *due_error = NULL;
  gboolean range_ok, due_ok, date_ok = TRUE;
  gboolean loading = self->texts_loading || self->text_loading || self->guide_loading;
  gboolean has_sections;

  /* Rows notify while the template is built, before there is anything. */
  if (self->section_ids == NULL)
    return FALSE;
  has_sections = self->section_ids->len > 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->from_row), !whole && has_sections);
  gtk_widget_set_sensitive (GTK_WIDGET (self->to_row), !whole && has_sections);
  gtk_widget_set_visible (GTK_WIDGET (self->session_row), due == DUE_SESSION);
  gtk_widget_set_visible (GTK_WIDGET (self->due_date_row), due == DUE_DATE);

  range_ok = whole || (has_sections && from != GTK_INVALID_LIST_POSITION &&
                       to != GTK_INVALID_LIST_POSITION && from <= to);
  if (self->text_error != NULL)
    text_error = g_strdup (self->text_error);
  else if (!self->texts_loading && chosen_text (self) == NULL)
    text_error = g_strdup (_("Choose the text to read."));
  else if (!whole && !has_sections && !self->text_loading)
    text_error = g_strdup (_("This text has no sections: it can only be assigned whole."));
  else if (!range_ok && has_sections)
    text_error = g_strdup (_("The range ends before it begins: choose a “To” section after the “From” one."));

  if (due == DUE_SESSION && !self->guide_loading &&
      adw_combo_row_get_selected (self->session_row) == GTK_INVALID_LIST_POSITION)
    due_error = g_strdup (_("The group has no meetings yet: choose a date instead."));
  else if (due == DUE_DATE)
    {
      g_autofree char *date = NULL;

      date_ok = sc_date_row_get_date (self->due_date_row, &date) && date != NULL;
      /* Empty is not wrong yet, only not done. */
      if (!date_ok && *gtk_editable_get_text (GTK_EDITABLE (self->due_date_row)) != '\0')
        due_error = g_strdup (_("Write the date as year-month-day, such as 2024-03-05, or pick it from "
                                "the calendar."));
    }
  if (due_error == NULL && self->guide_error != NULL && due == DUE_SESSION)
    due_error = g_strdup (self->guide_error);
  due_ok = due == DUE_NONE || (due == DUE_DATE && date_ok) ||
           (due == DUE_SESSION && adw_combo_row_get_selected (self->session_row) != GTK_INVALID_LIST_POSITION);

  /* Without a group, the group's own error says what to do first. */
  if (chosen_group (self) == NULL)
    g_clear_pointer (&due_error, g_free);

  sc_date_row_set_invalid (GTK_WIDGET (self->due_date_row), due == DUE_DATE && !date_ok &&
                           *gtk_editable_get_text (GTK_EDITABLE (self->due_date_row)) != '\0');
  show_error (self->group_error_label, self->group_error);
  show_error (self->text_error_label, text_error);
  show_error (self->due_error_label, due_error);
  show_error (self->save_error_label, self->save_error);

  gtk_widget_set_sensitive (self->save_button,
                            !loading && chosen_group (self) != NULL && chosen_text (self) != NULL &&
                            self->text_error == NULL && range_ok && due_ok);
  return gtk_widget_get_sensitive (self->save_button);
}

static void
on_range_changed_cb (ScAssignDialog *self)
{
  g_clear_pointer (&self->save_error, g_free);
  validate (self);
}

/* "From" past "To" moves "To" along: a range of one section at least. */
static void
on_from_selected_cb (ScAssignDialog *self)
{
  guint from = adw_combo_row_get_selected (self->from_row);
  guint to = adw_combo_row_get_selected (self->to_row);

  if (from != GTK_INVALID_LIST_POSITION && (to == GTK_INVALID_LIST_POSITION || to < from))
    adw_combo_row_set_selected (self->to_row, from);
  validate (self);
}

static void
on_due_selected_cb (ScAssignDialog *self)
{
  validate (self);
}

gboolean
sc_assign_dialog_can_save (ScAssignDialog *self)
{
  g_return_val_if_fail (SC_IS_ASSIGN_DIALOG (self), FALSE);
  return validate (self);
}

gboolean
sc_assign_dialog_is_ready (ScAssignDialog *self)
{
  g_return_val_if_fail (SC_IS_ASSIGN_DIALOG (self), FALSE);
  return !self->texts_loading && !self->text_loading && !self->guide_loading;
}

/* The group's meetings ------------------------------------------------------ */

/* "Session 2: Strikes · 12 March 2024" */
static char *
session_label (guint            number,
               const char      *title,
               const ScMeeting *meeting)
{
  g_autofree char *when = NULL;
  int y, m, d;

  if (meeting != NULL && meeting->date != NULL && sscanf (meeting->date, "%4d-%2d-%2d", &y, &m, &d) == 3)
    {
      g_autoptr(GDateTime) date = g_date_time_new_local (y, m, d, 12, 0, 0);

      /* Translators: a meeting's date in the list of meetings (g_date_time_format()) */
      /* xgettext:no-c-format */
      when = date != NULL ? g_date_time_format (date, C_("meeting date", "%-d %B %Y")) : NULL;
    }

  if (title != NULL && when != NULL)
    /* Translators: session number, its title and its date */
    return g_strdup_printf (_("Session %u: %s · %s"), number, title, when);
  if (title != NULL)
    return g_strdup_printf (_("Session %u: %s"), number, title);
  if (when != NULL)
    /* Translators: session number and its date */
    return g_strdup_printf (_("Session %u · %s"), number, when);
  return g_strdup_printf (_("Session %u"), number);
}

/* The sessions of the group's schedule: the guide's, or as many as its
 * records name and one more. The next meeting from today is chosen. */
static void
fill_sessions (ScAssignDialog *self,
               ScGuide        *guide)
{
  const ScGroup *group = chosen_group (self);
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(GPtrArray) known = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *today = sc_date_today ();
  guint n_sessions, next = GTK_INVALID_LIST_POSITION;

  if (group == NULL)
    {
      replace_strings (self->session_model, labels);
      return;
    }

  store = sc_group_open_store (self->study_db, FALSE, &error);
  if (store != NULL)
    known = sc_study_store_list_meetings (store, group->id, 0, &error);
  if (known != NULL)
    {
      n_sessions = guide != NULL ? MAX (guide->sessions->len, known->len) : known->len + 1;
      meetings = sc_study_store_list_meetings (store, group->id, n_sessions, &error);
    }
  if (meetings == NULL && error != NULL)
    {
      g_free (self->guide_error);
      self->guide_error = g_strdup_printf (_("The group’s meetings could not be read: %s"), error->message);
    }

  for (guint i = 0; meetings != NULL && i < meetings->len; i++)
    {
      const ScMeeting *meeting = g_ptr_array_index (meetings, i);
      const ScGuideSession *session = guide != NULL && i < guide->sessions->len
                                      ? g_ptr_array_index (guide->sessions, i) : NULL;

      g_ptr_array_add (labels, session_label (meeting->session, session != NULL ? session->title : NULL, meeting));
      if (next == GTK_INVALID_LIST_POSITION && meeting->date != NULL && g_strcmp0 (meeting->date, today) >= 0)
        next = i;
    }

  replace_strings (self->session_model, labels);
  if (labels->len > 0)
    {
      gboolean any_date = FALSE;

      for (guint i = 0; i < meetings->len; i++)
        any_date |= ((ScMeeting *) g_ptr_array_index (meetings, i))->date != NULL;
      if (next == GTK_INVALID_LIST_POSITION)
        next = any_date ? labels->len - 1 : 0;
      adw_combo_row_set_selected (self->session_row, next);
    }
  else if (adw_combo_row_get_selected (self->due_row) == DUE_SESSION)
    adw_combo_row_set_selected (self->due_row, DUE_DATE);
}

static void
on_guide_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ScAssignDialog) self = user_data;
  g_autoptr(ScGuide) guide = NULL;
  g_autoptr(GError) error = NULL;

  guide = sc_catalog_load_guide_finish (SC_CATALOG (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->guide_loading = FALSE;
  if (guide == NULL)
    self->guide_error = g_strdup_printf (_("The group’s guide could not be read (%s): its meetings are "
                                           "listed without their titles."), error->message);
  fill_sessions (self, guide);
  validate (self);
}

static void
fill_members (ScAssignDialog *self,
              const ScGroup  *group)
{
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->members, g_ptr_array_unref);
  store = sc_group_open_store (self->study_db, FALSE, &error);
  if (store != NULL)
    self->members = sc_study_store_list_members (store, group->id, &error);
  if (self->members == NULL && error != NULL)
    self->group_error = g_strdup_printf (_("The group’s members could not be read: %s"), error->message);

  g_ptr_array_add (labels, g_strdup (_("Everyone in the Group")));
  for (guint i = 0; self->members != NULL && i < self->members->len; i++)
    g_ptr_array_add (labels, g_strdup (((ScMember *) g_ptr_array_index (self->members, i))->name));
  replace_strings (self->member_model, labels);
  adw_combo_row_set_selected (self->member_row, 0);
}

static void
on_group_selected_cb (ScAssignDialog *self)
{
  const ScGroup *group = chosen_group (self);

  if (group == NULL || g_strcmp0 (group->id, self->group_id) == 0)
    return;
  g_free (self->group_id);
  self->group_id = g_strdup (group->id);

  g_cancellable_cancel (self->guide_cancellable);
  g_clear_object (&self->guide_cancellable);
  g_clear_pointer (&self->guide_error, g_free);
  g_clear_pointer (&self->save_error, g_free);
  self->guide_loading = FALSE;

  fill_members (self, group);
  if (group->guide_id != NULL && self->catalog != NULL)
    {
      self->guide_loading = TRUE;
      self->guide_cancellable = g_cancellable_new ();
      sc_catalog_load_guide_async (self->catalog, group->guide_id, self->guide_cancellable,
                                   on_guide_loaded_cb, g_object_ref (self));
    }
  else
    fill_sessions (self, NULL);
  validate (self);
}

gboolean
sc_assign_dialog_set_member (ScAssignDialog *self,
                             const char     *member_id)
{
  g_return_val_if_fail (SC_IS_ASSIGN_DIALOG (self), FALSE);

  if (member_id == NULL)
    {
      adw_combo_row_set_selected (self->member_row, 0);
      return TRUE;
    }
  for (guint i = 0; self->members != NULL && i < self->members->len; i++)
    if (g_strcmp0 (((ScMember *) g_ptr_array_index (self->members, i))->id, member_id) == 0)
      {
        adw_combo_row_set_selected (self->member_row, i + 1);
        return TRUE;
      }
  return FALSE;
}

static void
load_groups (ScAssignDialog *self)
{
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint chosen = 0;

  store = sc_group_open_store (self->study_db, FALSE, &error);
  if (store != NULL)
    self->groups = sc_study_store_list_groups (store, FALSE, &error);
  if (error != NULL)
    {
      self->group_error = g_strdup_printf (_("The study groups could not be read: %s"), error->message);
      return;
    }
  if (self->groups == NULL || self->groups->len == 0)
    {
      self->group_error = g_strdup (_("There are no study groups yet. Create one on the Groups page, "
                                      "then assign it readings."));
      return;
    }

  for (guint i = 0; i < self->groups->len; i++)
    {
      const ScGroup *group = g_ptr_array_index (self->groups, i);

      g_ptr_array_add (labels, g_strdup (group->name));
      if (g_strcmp0 (group->id, self->preset_group) == 0)
        chosen = i;
    }
  replace_strings (self->group_model, labels);
  adw_combo_row_set_selected (self->group_row, chosen);
  on_group_selected_cb (self);
}

/* The text and its sections ---------------------------------------------------- */

static guint
section_index (ScAssignDialog *self,
               const char     *section_id)
{
  guint index;

  if (section_id != NULL && g_ptr_array_find_with_equal_func (self->section_ids, section_id, g_str_equal, &index))
    return index;
  return GTK_INVALID_LIST_POSITION;
}

/* The range the caller asked for, once its text is loaded. */
static void
apply_preset_range (ScAssignDialog *self)
{
  const char *from = self->preset_from;
  const char *to = self->preset_to != NULL ? self->preset_to : self->preset_from;
  guint from_index, to_index;

  self->range_preset = TRUE;
  if (from == NULL && to == NULL)
    return;

  from_index = section_index (self, from != NULL ? from : to);
  to_index = section_index (self, to);
  if (from_index == GTK_INVALID_LIST_POSITION || to_index == GTK_INVALID_LIST_POSITION)
    {
      self->text_error = g_strdup_printf (_("The text has no section “%s” any more: choose the range again."),
                                          from_index == GTK_INVALID_LIST_POSITION ? from : to);
      return;
    }
  gtk_switch_set_active (self->whole_switch, FALSE);
  adw_combo_row_set_selected (self->from_row, from_index);
  adw_combo_row_set_selected (self->to_row, to_index);
}

static void
on_text_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ScAssignDialog) self = user_data;
  g_autoptr(ScText) text = NULL;
  g_autoptr(GPtrArray) sections = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  text = sc_catalog_load_text_finish (SC_CATALOG (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->text_loading = FALSE;
  g_ptr_array_set_size (self->section_ids, 0);
  if (text == NULL)
    {
      /* The whole text can still be assigned: it is known by its id. */
      gtk_switch_set_active (self->whole_switch, TRUE);
      g_free (self->save_error);
      self->save_error = g_strdup_printf (_("The text’s sections could not be read (%s): it can be "
                                            "assigned whole."), error->message);
    }
  else
    {
      sections = sc_text_flatten (text);
      for (guint i = 0; i < sections->len; i++)
        {
          ScSection *section = g_ptr_array_index (sections, i);
          char *label = section->heading != NULL ? sc_section_heading_path (section) : NULL;

          g_ptr_array_add (self->section_ids, g_strdup (section->id));
          /* Translators: a section without a heading, by its id */
          g_ptr_array_add (labels, label != NULL ? label : g_strdup_printf (_("Section “%s”"), section->id));
        }
    }

  replace_strings (self->from_model, labels);
  replace_strings (self->to_model, labels);
  if (labels->len > 0)
    {
      adw_combo_row_set_selected (self->from_row, 0);
      adw_combo_row_set_selected (self->to_row, labels->len - 1);
    }

  if (!self->range_preset && g_strcmp0 (self->text_id, self->preset_text) == 0)
    apply_preset_range (self);
  validate (self);
}

static void
on_text_selected_cb (ScAssignDialog *self)
{
  ScDocument *document = chosen_text (self);
  g_autoptr(GPtrArray) none = NULL;

  if (document != NULL && g_strcmp0 (sc_document_get_id (document), self->text_id) == 0)
    {
      validate (self);
      return;
    }

  g_cancellable_cancel (self->text_cancellable);
  g_clear_object (&self->text_cancellable);
  g_clear_pointer (&self->save_error, g_free);
  self->text_loading = FALSE;

  if (document == NULL)
    {
      /* No text: no sections either (not those of the one before). */
      none = g_ptr_array_new ();
      g_clear_pointer (&self->text_id, g_free);
      g_ptr_array_set_size (self->section_ids, 0);
      replace_strings (self->from_model, none);
      replace_strings (self->to_model, none);
      validate (self);
      return;
    }

  g_clear_pointer (&self->text_error, g_free);
  g_free (self->text_id);
  self->text_id = g_strdup (sc_document_get_id (document));
  gtk_switch_set_active (self->whole_switch, TRUE);

  self->text_loading = TRUE;
  self->text_cancellable = g_cancellable_new ();
  sc_catalog_load_text_async (self->catalog, self->text_id, self->text_cancellable,
                              on_text_loaded_cb, g_object_ref (self));
  validate (self);
}

static void
on_texts_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ScAssignDialog) self = user_data;
  g_autoptr(GListModel) texts = NULL;
  g_autoptr(GError) error = NULL;
  guint chosen = GTK_INVALID_LIST_POSITION;

  texts = sc_catalog_list_finish (SC_CATALOG (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->texts_loading = FALSE;
  if (texts == NULL)
    {
      self->text_error = g_strdup_printf (_("The library’s texts could not be listed: %s"), error->message);
      validate (self);
      return;
    }

  for (guint i = 0; self->preset_text != NULL && i < g_list_model_get_n_items (texts); i++)
    {
      g_autoptr(ScDocument) document = g_list_model_get_item (texts, i);

      if (g_strcmp0 (sc_document_get_id (document), self->preset_text) == 0)
        chosen = i;
    }

  /* A new model selects its first item: not a choice, nothing to load. */
  g_signal_handlers_block_by_func (self->text_dropdown, on_text_selected_cb, self);
  gtk_drop_down_set_model (self->text_dropdown, texts);
  gtk_drop_down_set_selected (self->text_dropdown, chosen);
  g_signal_handlers_unblock_by_func (self->text_dropdown, on_text_selected_cb, self);
  if (self->preset_text != NULL && chosen == GTK_INVALID_LIST_POSITION)
    self->text_error = g_strdup_printf (_("“%s” is not in the library. Choose another text."), self->preset_text);
  on_text_selected_cb (self);
}

/* The text drop-down: titles, ellipsized in the button, whole in the list. */

static char *
document_title (ScDocument *document)
{
  return g_strdup (document != NULL ? sc_document_get_title (document) : "");
}

static void
on_setup_text_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  in_list)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (in_list))
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
    }
  else
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 26);
    }
  gtk_list_item_set_child (item, label);
}

static void
on_bind_text_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  in_list)
{
  ScDocument *document = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), sc_document_get_title (document));
}

static GtkListItemFactory *
text_factory (gboolean in_list)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_text_cb), GINT_TO_POINTER (in_list));
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_text_cb), GINT_TO_POINTER (in_list));
  return factory;
}

/* Saving -------------------------------------------------------------------- */

gboolean
sc_assign_dialog_save (ScAssignDialog *self)
{
  const ScGroup *group;
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(ScAssignment) assignment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  guint member;

  g_return_val_if_fail (SC_IS_ASSIGN_DIALOG (self), FALSE);

  if (!validate (self))
    return FALSE;

  group = chosen_group (self);
  assignment = sc_study_assignment_new (group->id, sc_document_get_id (chosen_text (self)));
  member = adw_combo_row_get_selected (self->member_row);
  if (member != GTK_INVALID_LIST_POSITION && member > 0)
    assignment->member_id = g_strdup (((ScMember *) g_ptr_array_index (self->members, member - 1))->id);
  if (!gtk_switch_get_active (self->whole_switch))
    {
      assignment->from = g_strdup (g_ptr_array_index (self->section_ids, adw_combo_row_get_selected (self->from_row)));
      assignment->to = g_strdup (g_ptr_array_index (self->section_ids, adw_combo_row_get_selected (self->to_row)));
    }
  switch ((DueMode) adw_combo_row_get_selected (self->due_row))
    {
    case DUE_SESSION:
      assignment->due_session = adw_combo_row_get_selected (self->session_row) + 1;
      break;
    case DUE_DATE:
      sc_date_row_get_date (self->due_date_row, &assignment->due_date);
      break;
    case DUE_NONE:
    default:
      break;
    }
  note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_row))));
  assignment->note = *note != '\0' ? g_steal_pointer (&note) : NULL;

  store = sc_group_open_store (self->study_db, TRUE, &error);
  if (store == NULL || !sc_study_store_add_assignment (store, assignment, &error))
    {
      g_free (self->save_error);
      self->save_error = g_strdup_printf (_("The reading could not be assigned: %s"), error->message);
      validate (self);
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0, assignment->id);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
on_save_clicked_cb (ScAssignDialog *self)
{
  sc_assign_dialog_save (self);
}

/* GObject ------------------------------------------------------------------- */

static void
sc_assign_dialog_constructed (GObject *object)
{
  ScAssignDialog *self = SC_ASSIGN_DIALOG (object);
  ScDocFilter filter = { .kind = "text" };

  G_OBJECT_CLASS (sc_assign_dialog_parent_class)->constructed (object);

  load_groups (self);

  self->texts_loading = TRUE;
  sc_catalog_list_async (self->catalog, &filter, self->cancellable, on_texts_listed_cb, g_object_ref (self));
  validate (self);
}

static void
sc_assign_dialog_dispose (GObject *object)
{
  ScAssignDialog *self = SC_ASSIGN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->text_cancellable);
  g_cancellable_cancel (self->guide_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_ASSIGN_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->text_cancellable);
  g_clear_object (&self->guide_cancellable);
  g_clear_object (&self->catalog);
  g_clear_object (&self->group_model);
  g_clear_object (&self->member_model);
  g_clear_object (&self->from_model);
  g_clear_object (&self->to_model);
  g_clear_object (&self->session_model);
  G_OBJECT_CLASS (sc_assign_dialog_parent_class)->dispose (object);
}

static void
sc_assign_dialog_finalize (GObject *object)
{
  ScAssignDialog *self = SC_ASSIGN_DIALOG (object);

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->section_ids, g_ptr_array_unref);
  g_free (self->study_db);
  g_free (self->preset_group);
  g_free (self->preset_text);
  g_free (self->preset_from);
  g_free (self->preset_to);
  g_free (self->text_id);
  g_free (self->group_id);
  g_free (self->group_error);
  g_free (self->text_error);
  g_free (self->guide_error);
  g_free (self->save_error);
  G_OBJECT_CLASS (sc_assign_dialog_parent_class)->finalize (object);
}

static void
sc_assign_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScAssignDialog *self = SC_ASSIGN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_STUDY_DB:
      g_value_set_string (value, self->study_db);
      break;
    case PROP_GROUP_ID:
      g_value_set_string (value, self->preset_group);
      break;
    case PROP_TEXT_ID:
      g_value_set_string (value, self->preset_text);
      break;
    case PROP_FROM:
      g_value_set_string (value, self->preset_from);
      break;
    case PROP_TO:
      g_value_set_string (value, self->preset_to);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static char *
dup_nonempty (const GValue *value)
{
  const char *str = g_value_get_string (value);

  return str != NULL && *str != '\0' ? g_strdup (str) : NULL;
}

static void
sc_assign_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ScAssignDialog *self = SC_ASSIGN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_STUDY_DB:
      self->study_db = g_value_dup_string (value);
      break;
    case PROP_GROUP_ID:
      self->preset_group = dup_nonempty (value);
      break;
    case PROP_TEXT_ID:
      self->preset_text = dup_nonempty (value);
      break;
    case PROP_FROM:
      self->preset_from = dup_nonempty (value);
      break;
    case PROP_TO:
      self->preset_to = dup_nonempty (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_assign_dialog_class_init (ScAssignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  (void) sc_app_get_resource ();

  object_class->constructed = sc_assign_dialog_constructed;
  object_class->dispose = sc_assign_dialog_dispose;
  object_class->finalize = sc_assign_dialog_finalize;
  object_class->get_property = sc_assign_dialog_get_property;
  object_class->set_property = sc_assign_dialog_set_property;

  properties[PROP_CATALOG] = g_param_spec_object ("catalog", NULL, NULL, SC_TYPE_CATALOG, flags);
  properties[PROP_STUDY_DB] = g_param_spec_string ("study-db", NULL, NULL, NULL, flags);
  properties[PROP_GROUP_ID] = g_param_spec_string ("group-id", NULL, NULL, NULL, flags);
  properties[PROP_TEXT_ID] = g_param_spec_string ("text-id", NULL, NULL, NULL, flags);
  properties[PROP_FROM] = g_param_spec_string ("from", NULL, NULL, NULL, flags);
  properties[PROP_TO] = g_param_spec_string ("to", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/studycircle/StudyCircle/sc-assign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ScAssignDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, ScAssignDialog, group_row);
  gtk_widget_class_bind_template_child (widget_class, ScAssignDialog, member_row);
  gtk_widget_class_bind_template_child (widget_class, ScAssignDialog, group_error_label);
  gtk_widget_class_bind_template_child (widget_class, ScAssignDialog, text_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScAssignDialog, whole_switch);
  gtk_widget_class_bind_template_child (widget_class, ScAssignDialog, from_row);
  gtk_widget_class_bind_template_child (widget_class, ScAssignDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, ScAssignDialog, text_error_label);
  gtk_widget_class_bind_template_child (widget_class, ScAssignDialog, due_row);
  gtk_widget_class_bind_template_child (widget_class, ScAssignDialog, session_row);
  gtk_widget_class_bind_template_child (widget_class, ScAssignDialog, due_date_row);
  gtk_widget_class_bind_template_child (widget_class, ScAssignDialog, due_error_label);
  gtk_widget_class_bind_template_child (widget_class, ScAssignDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, ScAssignDialog, save_error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_group_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_text_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_range_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_from_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_due_selected_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sc_assign_dialog_init (ScAssignDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkListItemFactory) list_factory = NULL;
  GtkExpression *title;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->section_ids = g_ptr_array_new_with_free_func (g_free);

  self->group_model = gtk_string_list_new (NULL);
  self->member_model = gtk_string_list_new (NULL);
  self->from_model = gtk_string_list_new (NULL);
  self->to_model = gtk_string_list_new (NULL);
  self->session_model = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->group_row, G_LIST_MODEL (self->group_model));
  adw_combo_row_set_model (self->member_row, G_LIST_MODEL (self->member_model));
  adw_combo_row_set_model (self->from_row, G_LIST_MODEL (self->from_model));
  adw_combo_row_set_model (self->to_row, G_LIST_MODEL (self->to_model));
  adw_combo_row_set_model (self->session_row, G_LIST_MODEL (self->session_model));

  /* Typing in the drop-down's search finds a text by its title. */
  title = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                       G_CALLBACK (document_title), NULL, NULL);
  gtk_drop_down_set_expression (self->text_dropdown, title);
  gtk_expression_unref (title);
  factory = text_factory (FALSE);
  list_factory = text_factory (TRUE);
  gtk_drop_down_set_factory (self->text_dropdown, factory);
  gtk_drop_down_set_list_factory (self->text_dropdown, list_factory);

  sc_date_row_setup (self->due_date_row);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
}

ScAssignDialog *
sc_assign_dialog_new (ScCatalog  *catalog,
                      const char *study_db,
                      const char *group_id,
                      const char *text_id,
                      const char *from,
                      const char *to)
{
  g_return_val_if_fail (SC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (study_db != NULL, NULL);

  return g_object_new (SC_TYPE_ASSIGN_DIALOG,
                       "catalog", catalog,
                       "study-db", study_db,
                       "group-id", group_id,
                       "text-id", text_id,
                       "from", from,
                       "to", to,
                       NULL);
}
