/* sc-group-exchange.c: progress files, from the app
 *
 * A group stays in sync through any shared folder: the facilitator
 * exports the group, members export their own progress, and each imports
 * the others' files. The file choosers are GtkFileChooserNative (portals
 * in a sandbox); the work after them is in plain functions that tests
 * call directly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-group-actions.h"
#include "sc-group-exchange.h"
#include "sc-paths.h"
#include "sc-study-exchange.h"

static void
tell_failure (GtkWindow  *parent,
              const char *heading,
              const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkFileFilter *
progress_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Progress Files"));
  gtk_file_filter_add_pattern (filter, "*.xml");
  gtk_file_filter_add_mime_type (filter, "application/xml");
  gtk_file_filter_add_mime_type (filter, "text/xml");
  return filter;
}

/* A file name from a group's or member's name: no folder separators. */
static char *
file_name_for (const char *group_name,
               const char *member_name)
{
  g_autofree char *name = NULL;

  if (member_name != NULL)
    /* Translators: the file name a member's progress is exported to */
    name = g_strdup_printf (_("%s – %s progress.xml"), group_name, member_name);
  else
    /* Translators: the file name a group is exported to */
    name = g_strdup_printf (_("%s progress.xml"), group_name);
  return g_strdelimit (g_steal_pointer (&name), "/\\:", '-');
}

/* Exporting ----------------------------------------------------------------- */

gboolean
sc_group_exchange_export_to_file (GtkWindow  *parent,
                                  const char *study_db,
                                  const char *group_id,
                                  const char *member_id,
                                  GFile      *file)
{
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (study_db != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  display = g_file_get_parse_name (file);
  if (path == NULL)
    {
      tell_failure (parent, _("Could Not Export Progress"),
                    _("The file must be in a folder of this computer (a synced folder is fine). "
                      "Choose another place."));
      return FALSE;
    }

  store = sc_group_open_store (study_db, FALSE, &error);
  if (store == NULL && error == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("there are no study groups yet"));
  if (store == NULL || !sc_study_export_to_file (store, group_id, member_id, NULL, path, &error))
    {
      g_autofree char *body = g_strdup_printf (_("%s could not be written: %s. Check that the folder "
                                                 "exists and can be written to, then try again."),
                                               display, error->message);

      tell_failure (parent, _("Could Not Export Progress"), body);
      return FALSE;
    }

  {
    g_autofree char *base = g_file_get_basename (file);
    g_autofree char *base_display = g_filename_display_name (base);

    /* Translators: a toast after exporting a progress file */
    message = g_strdup_printf (_("Exported to “%s”"), base_display);
  }
  sc_group_actions_notify (parent != NULL ? GTK_WIDGET (parent) : NULL, message);
  return TRUE;
}

static void
on_export_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       ScWindow        *window)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *study_db = sc_paths_study_db ();

      sc_group_exchange_export_to_file (GTK_WINDOW (window), study_db,
                                        g_object_get_data (G_OBJECT (chooser), "group-id"),
                                        g_object_get_data (G_OBJECT (chooser), "member-id"),
                                        file);
    }
  g_object_unref (chooser);
}

void
sc_group_exchange_export (ScWindow   *window,
                          const char *group_id,
                          const char *member_id)
{
  g_autofree char *study_db = sc_paths_study_db ();
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(ScGroup) group = NULL;
  g_autoptr(ScMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkFileFilter) filter = progress_filter ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  g_return_if_fail (SC_IS_WINDOW (window));
  g_return_if_fail (group_id != NULL);

  store = sc_group_open_store (study_db, FALSE, &error);
  if (store != NULL)
    group = sc_study_store_find_group (store, group_id, &error);
  if (group != NULL && member_id != NULL)
    member = sc_study_store_find_member (store, group->id, member_id, &error);
  if (group == NULL || (member_id != NULL && member == NULL))
    {
      g_autofree char *body = g_strdup_printf (_("The group could not be read: %s"),
                                               error != NULL ? error->message : _("there are no study groups yet"));

      tell_failure (GTK_WINDOW (window), _("Could Not Export Progress"), body);
      return;
    }

  chooser = gtk_file_chooser_native_new (member != NULL ? _("Export Member’s Progress") : _("Export Group"),
                                         GTK_WINDOW (window), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  name = file_name_for (group->name, member != NULL ? member->name : NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "group-id", g_strdup (group->id), g_free);
  g_object_set_data_full (G_OBJECT (chooser), "member-id", member != NULL ? g_strdup (member->id) : NULL, g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_response_cb), window, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Importing ----------------------------------------------------------------- */

/* "3 added, 1 updated, 12 unchanged, no conflicts" */
static char *
describe_counts (const ScStudyImportReport *report)
{
  g_autofree char *added = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *unchanged = NULL;
  g_autofree char *conflicts = NULL;

  /* Translators: records a progress file added (part of a list) */
  added = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u added", "%u added", report->added), report->added);
  /* Translators: records a progress file updated (part of a list) */
  updated = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u updated", "%u updated", report->updated),
                             report->updated);
  /* Translators: records a progress file left as they were (part of a list) */
  unchanged = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unchanged", "%u unchanged", report->unchanged),
                               report->unchanged);
  if (report->conflicts == 0)
    conflicts = g_strdup (_("no conflicts"));
  else
    conflicts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u conflict", "%u conflicts", report->conflicts),
                                 report->conflicts);
  /* Translators: the four counts of an import, in a list */
  return g_strdup_printf (_("%s, %s, %s, %s"), added, updated, unchanged, conflicts);
}

static void
append_report (GString                   *body,
               const char                *display,
               const ScStudyImportReport *report)
{
  g_autofree char *counts = describe_counts (report);

  if (body->len > 0)
    g_string_append (body, "\n\n");
  if (report->from != NULL)
    /* Translators: file name, group name, who wrote the file, the counts */
    g_string_append_printf (body, _("%s: “%s”, from %s: %s."), display, report->group_name, report->from, counts);
  else
    /* Translators: file name, group name, the counts */
    g_string_append_printf (body, _("%s: “%s”: %s."), display, report->group_name, counts);
}

/* The lines of the records in conflict, scrollable when there are many. */
static GtkWidget *
conflicts_widget (GPtrArray *lines)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *box, *caption, *label, *scroller;

  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s• %s", i > 0 ? "\n" : "", (const char *) g_ptr_array_index (lines, i));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  caption = gtk_label_new (_("Both computers changed these records since they last exchanged them. "
                             "The newer change was kept:"));
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_box_append (GTK_BOX (box), caption);

  label = gtk_label_new (text->str);
  gtk_widget_set_name (label, "conflict-lines");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 180);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
  gtk_widget_add_css_class (scroller, "card");
  gtk_widget_add_css_class (scroller, "import-conflicts");
  gtk_box_append (GTK_BOX (box), scroller);
  return box;
}

GtkWidget *
sc_group_exchange_import_files (GtkWindow  *parent,
                                const char *study_db,
                                GListModel *files)
{
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(GError) open_error = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func (g_free);
  guint n_files, imported = 0, refused = 0;
  GtkWidget *dialog;
  const char *heading;

  g_return_val_if_fail (study_db != NULL, NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (files), NULL);

  n_files = g_list_model_get_n_items (files);
  store = sc_group_open_store (study_db, TRUE, &open_error);
  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *display = g_file_get_basename (file);
      g_auto(ScStudyImportReport) report;
      g_autoptr(GError) error = NULL;

      sc_study_import_report_init (&report);
      if (store == NULL)
        error = g_error_copy (open_error);
      else if (path == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("only files in a folder of this computer can be imported"));
      else if (!sc_study_import_file (store, path, &report, &error))
        g_assert (error != NULL);

      if (error != NULL)
        {
          refused++;
          if (body->len > 0)
            g_string_append (body, "\n\n");
          /* Translators: a file that was not imported, and why */
          g_string_append_printf (body, _("%s was not imported: %s"), display, error->message);
          continue;
        }

      imported++;
      append_report (body, display, &report);
      for (guint j = 0; j < report.conflict_lines->len; j++)
        g_ptr_array_add (conflicts, g_strdup (g_ptr_array_index (report.conflict_lines, j)));
    }

  if (refused == 0)
    heading = g_dngettext (GETTEXT_PACKAGE, "Progress File Imported", "Progress Files Imported", n_files);
  else if (imported == 0)
    heading = g_dngettext (GETTEXT_PACKAGE, "Progress File Not Imported", "Progress Files Not Imported", n_files);
  else
    heading = _("Some Files Were Not Imported");
  if (refused > 0)
    g_string_append_printf (body, "\n\n%s", _("A file that was not imported changed nothing. Ask for a new "
                                               "copy of it, or check that it is a Study Circle progress file."));

  dialog = adw_message_dialog_new (parent, heading, body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  if (conflicts->len > 0)
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), conflicts_widget (conflicts));
  gtk_window_present (GTK_WINDOW (dialog));

  if (imported > 0 && parent != NULL)
    sc_group_actions_reload (GTK_WIDGET (parent));
  return dialog;
}

static void
on_import_response_cb (GtkNativeDialog *chooser,
                       int              response,
                       ScWindow        *window)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autofree char *study_db = sc_paths_study_db ();

      sc_group_exchange_import_files (GTK_WINDOW (window), study_db, files);
    }
  g_object_unref (chooser);
}

void
sc_group_exchange_import (ScWindow *window)
{
  g_autoptr(GtkFileFilter) filter = progress_filter ();
  GtkFileChooserNative *chooser;

  g_return_if_fail (SC_IS_WINDOW (window));

  chooser = gtk_file_chooser_native_new (_("Import Progress Files"), GTK_WINDOW (window),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_import_response_cb), window, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
