/* sc-import-controller.c: importing texts from the window
 *
 * One import at a time goes through four states: the catalog lists the
 * ids already in the library (LISTING), so that no import takes one; the
 * core imports in a worker thread, its progress in the bar under the header
 * bar (IMPORTING); the catalog indexes the user's folder, with the window's
 * own indexing bar (INDEXING); then a dialog lists every text made and
 * every file refused. The dialog comes after the index is up to date, so
 * its Open button opens a text the reader can find.
 *
 * The controller is not a widget: it belongs to the window (object data)
 * and adds to it a progress bar, a drop target and three actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sc-error.h"
#include "sc-import.h"
#include "sc-import-controller.h"
#include "sc-paths.h"

#define CONTROLLER_KEY "sc-import-controller"
/* On the window's content while files are dragged over it (style.css). */
#define DROP_CLASS "import-drop"
/* A folder of thousands of files: the dialog lists this many. */
#define MAX_RESULT_ROWS 100
/* Up to this many, the dialog shows every row without scrolling. */
#define FEW_RESULT_ROWS 4

typedef enum {
  STATE_IDLE,
  STATE_LISTING,
  STATE_IMPORTING,
  STATE_INDEXING,
} ImportState;

struct _ScImportController {
  GObject               parent_instance;

  ScWindow             *window;        /* (unowned): it owns us; NULL once destroyed */
  ScCatalog            *catalog;
  GtkFileChooserNative *chooser;

  ImportState           state;
  GCancellable         *cancellable;
  GStrv                 inputs;        /* local paths of the running import */
  ScLevel               level;
  GPtrArray            *results;       /* ScImportResult: refused here, then the core's */
  gulong                changed_id;
  guint                 check_id;
  guint                 pulse_id;

  GtkRevealer          *bar;
  GtkLabel             *bar_label;
  GtkProgressBar       *bar_progress;
};

G_DEFINE_FINAL_TYPE (ScImportController, sc_import_controller, G_TYPE_OBJECT)

/* States -------------------------------------------------------------------- */

static gboolean
pulse_cb (gpointer user_data)
{
  ScImportController *self = user_data;

  gtk_progress_bar_pulse (self->bar_progress);
  return G_SOURCE_CONTINUE;
}

static void
set_state (ScImportController *self,
           ImportState         state)
{
  gboolean pulsing = state == STATE_LISTING;

  self->state = state;
  if (self->window == NULL)
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self->window), "win.import", state == STATE_IDLE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self->window), "win.import-folder", state == STATE_IDLE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self->window), "win.cancel-import",
                                 state == STATE_LISTING || state == STATE_IMPORTING);

  /* While the catalog indexes, the window's indexing bar says so. */
  gtk_revealer_set_reveal_child (self->bar, state == STATE_LISTING || state == STATE_IMPORTING);

  if (pulsing && self->pulse_id == 0)
    {
      gtk_label_set_text (self->bar_label, _("Preparing the import…"));
      gtk_progress_bar_set_fraction (self->bar_progress, 0.0);
      self->pulse_id = g_timeout_add (100, pulse_cb, self);
    }
  else if (!pulsing)
    g_clear_handle_id (&self->pulse_id, g_source_remove);
}

static void
add_toast (ScImportController *self,
           const char         *message)
{
  if (self->window != NULL)
    sc_window_add_toast (self->window, message);
}

/* The results dialog -------------------------------------------------------- */

static ScImportResult *
refused_result_new (GFile *file)
{
  ScImportResult *result = g_new0 (ScImportResult, 1);

  result->input = g_file_get_parse_name (file);
  result->error = g_error_new (SC_ERROR, SC_ERROR_IO,
                               _("%s: only files on this computer can be imported"), result->input);
  return result;
}

/* The error without the folders of its file: the row's title names it. */
static char *
short_message (ScImportResult *result,
               const char     *name)
{
  g_autofree char *display = g_filename_display_name (result->input);
  const char *message = result->error->message;

  if (g_str_has_prefix (message, display))
    return g_strconcat (name, message + strlen (display), NULL);
  return g_strdup (message);
}

static GtkWidget *
result_row_new (ScImportResult *result)
{
  g_autofree char *base = g_path_get_basename (result->input);
  g_autofree char *name = g_filename_display_name (base);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  if (result->error == NULL)
    {
      g_autofree char *subtitle = NULL;

      if (result->wanted_id != NULL)
        subtitle = g_strdup_printf (_("From “%s”, renamed to “%s” because “%s” was already taken"),
                                    name, result->id, result->wanted_id);
      else
        subtitle = g_strdup_printf (_("From “%s”"), name);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), result->title != NULL ? result->title : name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      icon = gtk_image_new_from_icon_name ("object-select-symbolic");
      gtk_widget_add_css_class (icon, "success");
      gtk_widget_set_tooltip_text (icon, _("Imported"));

      /* A row opens its text. */
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "text-id", g_strdup (result->id), g_free);
    }
  else
    {
      g_autofree char *message = short_message (result, name);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message);
      icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
      gtk_widget_add_css_class (icon, "error");
      gtk_widget_set_tooltip_text (icon, _("Not imported"));
      gtk_widget_add_css_class (row, "import-failed");
    }
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
open_text (GtkWindow  *dialog,
           const char *text_id)
{
  GtkWindow *window = gtk_window_get_transient_for (dialog);

  if (window != NULL && text_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.open-text", "(sss)", text_id, "", "");
}

static void
on_dialog_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  if (g_str_equal (response, "open"))
    open_text (GTK_WINDOW (dialog), g_object_get_data (G_OBJECT (dialog), "text-id"));
}

/* A row of an imported text opens it. */
static void
on_result_activated_cb (GtkListBox    *list,
                        GtkListBoxRow *row,
                        gpointer       user_data)
{
  GtkWindow *dialog = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (list)));
  const char *text_id = g_object_get_data (G_OBJECT (row), "text-id");

  if (text_id == NULL)
    return;
  open_text (dialog, text_id);
  gtk_window_close (dialog);
}

/* The files not imported first, where they are seen, then the texts made,
 * each in the order given. */
static void
append_result_rows (GtkListBox *list,
                    GPtrArray  *results)
{
  guint shown = 0;

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < results->len && shown < MAX_RESULT_ROWS; i++)
      {
        ScImportResult *result = g_ptr_array_index (results, i);

        if ((result->error != NULL) == (pass == 0))
          {
            gtk_list_box_append (list, result_row_new (result));
            shown++;
          }
      }

  if (shown < results->len)
    {
      guint more = results->len - shown;
      g_autofree char *title = g_strdup_printf (ngettext ("And %u more file", "And %u more files", more), more);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (list, row);
    }
}

static char *
results_body (guint imported,
              guint refused)
{
  g_autofree char *made = NULL;
  g_autofree char *failed = NULL;

  if (imported > 0)
    made = g_strdup (ngettext ("It is in your library now.", "They are in your library now.", imported));
  if (refused > 0 && imported > 0)
    failed = g_strdup_printf (ngettext ("%u file could not be imported.",
                                        "%u files could not be imported.", refused), refused);
  else if (refused > 0)
    failed = g_strdup (ngettext ("The file could not be imported, and nothing was written.",
                                 "None of the files could be imported, and nothing was written.", refused));
  if (made != NULL && failed != NULL)
    return g_strconcat (made, " ", failed, NULL);
  return g_strdup (made != NULL ? made : failed);
}

static void
show_results (ScImportController *self)
{
  g_autoptr(GPtrArray) results = g_steal_pointer (&self->results);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog, *scroller, *list;
  const char *single_id = NULL;
  guint imported = 0, refused = 0;

  set_state (self, STATE_IDLE);
  if (self->window == NULL || results == NULL)
    return;

  for (guint i = 0; i < results->len; i++)
    {
      ScImportResult *result = g_ptr_array_index (results, i);

      if (result->error == NULL)
        {
          imported++;
          single_id = result->id;
        }
      else
        refused++;
    }

  list = gtk_list_box_new ();
  gtk_widget_set_name (list, "import-results");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_add_css_class (list, "import-results");
  g_signal_connect (list, "row-activated", G_CALLBACK (on_result_activated_cb), NULL);
  append_result_rows (GTK_LIST_BOX (list), results);

  if (imported > 0)
    heading = g_strdup_printf (ngettext ("Imported %u Text", "Imported %u Texts", imported), imported);
  else
    heading = g_strdup (_("Nothing Imported"));
  body = results_body (imported, refused);

  dialog = adw_message_dialog_new (GTK_WINDOW (self->window), heading, body);
  gtk_widget_add_css_class (dialog, "import-results-dialog");

  /* A few rows show whole; more scroll in a fixed height (a scrolled
   * window's natural height misses rows whose subtitles wrap). */
  if (results->len <= FEW_RESULT_ROWS)
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  else
    {
      scroller = gtk_scrolled_window_new ();
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
      gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
    }

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  if (imported == 1)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "open", _("_Open"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
      g_object_set_data_full (G_OBJECT (dialog), "text-id", g_strdup (single_id), g_free);
    }
  g_signal_connect (dialog, "response", G_CALLBACK (on_dialog_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_error (ScImportController *self,
            const GError       *error)
{
  GtkWidget *dialog;

  g_clear_pointer (&self->results, g_ptr_array_unref);
  set_state (self, STATE_IDLE);
  if (self->window == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (self->window), _("Could Not Import"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Indexing ------------------------------------------------------------------ */

/* "changed" ends a refresh, but another may start right after it (one
 * asked for while it ran): the results wait until the catalog is idle. */
static gboolean
check_indexed_cb (gpointer user_data)
{
  ScImportController *self = user_data;

  self->check_id = 0;
  if (sc_catalog_get_indexing (self->catalog))
    return G_SOURCE_REMOVE;
  g_clear_signal_handler (&self->changed_id, self->catalog);
  show_results (self);
  return G_SOURCE_REMOVE;
}

static void
on_catalog_changed_cb (ScImportController *self,
                       ScCatalog          *catalog)
{
  if (self->check_id == 0)
    self->check_id = g_idle_add (check_indexed_cb, self);
}

static void
index_then_show_results (ScImportController *self)
{
  set_state (self, STATE_INDEXING);
  self->changed_id = g_signal_connect_object (self->catalog, "changed",
                                              G_CALLBACK (on_catalog_changed_cb), self,
                                              G_CONNECT_SWAPPED);
  sc_catalog_refresh (self->catalog);
}

/* Importing ----------------------------------------------------------------- */

static void
on_progress_cb (guint       done,
                guint       total,
                const char *input,
                gpointer    user_data)
{
  ScImportController *self = user_data;
  g_autofree char *label = NULL;

  /* Late calls, and calls after Cancel (the bar says it is stopping). */
  if (self->state != STATE_IMPORTING || self->window == NULL ||
      g_cancellable_is_cancelled (self->cancellable))
    return;
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gtk_progress_bar_set_fraction (self->bar_progress, total > 0 ? (double) done / total : 1.0);
  if (input == NULL)
    return;

  {
    g_autofree char *base = g_path_get_basename (input);
    g_autofree char *name = g_filename_display_name (base);

    if (total == 1)
      label = g_strdup_printf (_("Importing “%s”…"), name);
    else
      /* Translators: “Importing 3 of 10: “article.html”” */
      label = g_strdup_printf (_("Importing %u of %u: “%s”"), done + 1, total, name);
  }
  gtk_label_set_text (self->bar_label, label);
}

static void
on_imported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ScImportController) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = sc_import_files_finish (result, &error);
  guint imported = 0;

  g_clear_pointer (&self->inputs, g_strfreev);
  g_clear_object (&self->cancellable);
  if (self->window == NULL)
    return;

  if (results == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          show_error (self, error);
          return;
        }
      /* What was written before the stop is kept: index it. */
      g_clear_pointer (&self->results, g_ptr_array_unref);
      set_state (self, STATE_IDLE);
      add_toast (self, _("Import stopped. Texts imported before it stopped are kept."));
      sc_catalog_refresh (self->catalog);
      return;
    }

  for (guint i = 0; i < results->len; i++)
    imported += ((ScImportResult *) g_ptr_array_index (results, i))->error == NULL;
  g_ptr_array_extend_and_steal (self->results, g_steal_pointer (&results));
  if (imported > 0)
    index_then_show_results (self);
  else
    show_results (self);
}

static void
on_listed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ScImportController) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) documents = sc_catalog_list_finish (SC_CATALOG (source), result, &error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *target = sc_paths_user_texts_dir ();
  g_auto(GStrv) taken = NULL;
  ScImportOptions options = { 0 };

  if (self->window == NULL)
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_pointer (&self->results, g_ptr_array_unref);
      g_clear_pointer (&self->inputs, g_strfreev);
      g_clear_object (&self->cancellable);
      set_state (self, STATE_IDLE);
      add_toast (self, _("Import cancelled"));
      return;
    }
  /* Without the index the core still keeps clear of every id in the
   * target folder; only an id elsewhere in the library could be reused. */
  if (documents == NULL)
    g_debug ("Importing without the ids of the index: %s", error->message);

  for (guint i = 0; documents != NULL && i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(ScDocument) document = g_list_model_get_item (documents, i);

      g_strv_builder_add (builder, sc_document_get_id (document));
    }
  taken = g_strv_builder_end (builder);

  /* The user's own folder, which the core makes when it is missing. */
  options.target_dir = target;
  options.level = self->level;
  options.taken_ids = (const char * const *) taken;

  set_state (self, STATE_IMPORTING);
  sc_import_files_async ((const char * const *) self->inputs, &options,
                         on_progress_cb, g_object_ref (self), g_object_unref,
                         self->cancellable, on_imported_cb, g_object_ref (self));
}

void
sc_import_controller_import_files (ScImportController  *self,
                                   GFile              **files,
                                   guint                n_files,
                                   ScLevel              level)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_if_fail (SC_IS_IMPORT_CONTROLLER (self));
  g_return_if_fail (files != NULL || n_files == 0);

  if (self->window == NULL || n_files == 0)
    return;
  if (self->state != STATE_IDLE)
    {
      add_toast (self, _("Wait for the current import to finish"));
      return;
    }

  self->level = level;
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_import_result_free);
  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path != NULL)
        g_strv_builder_add (builder, path);
      else
        g_ptr_array_add (self->results, refused_result_new (files[i]));
    }
  self->inputs = g_strv_builder_end (builder);
  if (self->inputs[0] == NULL)
    {
      g_clear_pointer (&self->inputs, g_strfreev);
      show_results (self);
      return;
    }

  /* The progress shows on the main page, not under the reader. */
  gtk_widget_activate_action (GTK_WIDGET (self->window), "win.back", NULL);

  self->cancellable = g_cancellable_new ();
  set_state (self, STATE_LISTING);
  sc_catalog_list_async (self->catalog, NULL, self->cancellable, on_listed_cb, g_object_ref (self));
}

gboolean
sc_import_controller_get_busy (ScImportController *self)
{
  g_return_val_if_fail (SC_IS_IMPORT_CONTROLLER (self), FALSE);
  return self->state != STATE_IDLE;
}

void
sc_import_controller_cancel (ScImportController *self)
{
  g_return_if_fail (SC_IS_IMPORT_CONTROLLER (self));

  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  if (self->bar_label != NULL)
    gtk_label_set_text (self->bar_label, _("Stopping the import…"));
}

/* The file chooser ---------------------------------------------------------- */

static void
on_chooser_response_cb (GtkNativeDialog    *chooser,
                        int                 response,
                        ScImportController *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) model = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
      const char *level = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "level");

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        g_ptr_array_add (files, g_list_model_get_item (model, i));
      sc_import_controller_import_files (self, (GFile **) files->pdata, files->len,
                                         sc_level_from_string (level));
    }
  g_clear_object (&self->chooser);
}

static void
add_filter (GtkFileChooser     *chooser,
            const char         *name,
            const char * const *mime_types,
            const char * const *suffixes)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; mime_types != NULL && mime_types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, mime_types[i]);
  for (guint i = 0; suffixes != NULL && suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
add_filters (GtkFileChooser *chooser)
{
  static const char * const html_types[] = { "text/html", "application/xhtml+xml", NULL };
  static const char * const html_suffixes[] = { "html", "htm", "xhtml", NULL };
  static const char * const text_types[] = { "text/plain", NULL };
  static const char * const text_suffixes[] = { "txt", NULL };
  static const char * const epub_types[] = { "application/epub+zip", NULL };
  static const char * const epub_suffixes[] = { "epub", NULL };
  static const char * const all_types[] = { "text/html", "application/xhtml+xml", "text/plain",
                                            "application/epub+zip", NULL };
  static const char * const all_suffixes[] = { "html", "htm", "xhtml", "txt", "epub", NULL };
  static const char * const anything[] = { "*", NULL };
  g_autoptr(GtkFileFilter) everything = gtk_file_filter_new ();

  /* The first filter is the one shown. */
  add_filter (chooser, _("Web Pages, Plain Text and EPUB"), all_types, all_suffixes);
  add_filter (chooser, _("Web Pages (HTML, XHTML)"), html_types, html_suffixes);
  add_filter (chooser, _("Plain Text"), text_types, text_suffixes);
  add_filter (chooser, _("EPUB Books"), epub_types, epub_suffixes);

  gtk_file_filter_set_name (everything, _("All Files"));
  for (guint i = 0; anything[i] != NULL; i++)
    gtk_file_filter_add_pattern (everything, anything[i]);
  gtk_file_chooser_add_filter (chooser, everything);
}

static void
open_chooser (ScImportController *self,
              gboolean            folders)
{
  /* The default comes first: GTK 4.8's own chooser ignores
   * gtk_file_chooser_set_choice() for a list of options. */
  static const char *level_ids[] = { "intermediate", "introductory", "advanced", NULL };
  const char *level_labels[] = { _("Intermediate"), _("Introductory"), _("Advanced"), NULL };
  GtkFileChooser *chooser;

  if (self->window == NULL || self->chooser != NULL || self->state != STATE_IDLE)
    return;

  /* GtkFileDialog is GTK 4.10; Debian 12 has 4.8. */
  self->chooser = gtk_file_chooser_native_new (folders ? _("Import a Folder") : _("Import Texts"),
                                               GTK_WINDOW (self->window),
                                               folders ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                       : GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Import"), _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (self->chooser);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (chooser, TRUE);
  if (!folders)
    add_filters (chooser);
  /* Imports are read by study groups at some level: intermediate unless
   * the person says otherwise. */
  gtk_file_chooser_add_choice (chooser, "level", _("Level"), level_ids, level_labels);
  gtk_file_chooser_set_choice (chooser, "level", "intermediate");
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Actions ------------------------------------------------------------------- */

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ScImportController *self = sc_import_controller_get (SC_WINDOW (widget));

  if (self != NULL)
    open_chooser (self, g_str_equal (action_name, "win.import-folder"));
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ScImportController *self = sc_import_controller_get (SC_WINDOW (widget));

  if (self != NULL)
    sc_import_controller_cancel (self);
}

void
sc_import_controller_install_actions (GtkWidgetClass *widget_class)
{
  g_return_if_fail (GTK_IS_WIDGET_CLASS (widget_class));

  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.import", NULL);
}

/* Drag and drop ------------------------------------------------------------- */

static void
set_drop_highlight (ScImportController *self,
                    gboolean            highlight)
{
  GtkWidget *content;

  if (self->window == NULL)
    return;
  content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (self->window));
  if (content == NULL)
    return;
  if (highlight)
    gtk_widget_add_css_class (content, DROP_CLASS);
  else
    gtk_widget_remove_css_class (content, DROP_CLASS);
}

static GdkDragAction
on_drop_enter_cb (GtkDropTarget      *target,
                  double              x,
                  double              y,
                  ScImportController *self)
{
  /* One import at a time: while one runs the window takes no files. */
  if (self->state != STATE_IDLE)
    return 0;
  set_drop_highlight (self, TRUE);
  return GDK_ACTION_COPY;
}

static void
on_drop_leave_cb (GtkDropTarget      *target,
                  ScImportController *self)
{
  set_drop_highlight (self, FALSE);
}

static gboolean
on_drop_cb (GtkDropTarget      *target,
            const GValue       *value,
            double              x,
            double              y,
            ScImportController *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  set_drop_highlight (self, FALSE);
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || self->state != STATE_IDLE)
    return FALSE;

  for (GSList *l = gdk_file_list_get_files (g_value_get_boxed (value)); l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  if (files->len == 0)
    return FALSE;
  sc_import_controller_import_files (self, (GFile **) files->pdata, files->len, SC_LEVEL_INTERMEDIATE);
  return TRUE;
}

/* Life ---------------------------------------------------------------------- */

/* The window goes first: stop, and forget its widgets. */
static void
on_window_destroy_cb (ScImportController *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_clear_handle_id (&self->check_id, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->catalog);
  self->window = NULL;
  self->bar = NULL;
  self->bar_label = NULL;
  self->bar_progress = NULL;
}

static void
sc_import_controller_dispose (GObject *object)
{
  ScImportController *self = SC_IMPORT_CONTROLLER (object);

  on_window_destroy_cb (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->catalog);
  G_OBJECT_CLASS (sc_import_controller_parent_class)->dispose (object);
}

static void
sc_import_controller_finalize (GObject *object)
{
  ScImportController *self = SC_IMPORT_CONTROLLER (object);

  g_clear_pointer (&self->inputs, g_strfreev);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  G_OBJECT_CLASS (sc_import_controller_parent_class)->finalize (object);
}

static void
sc_import_controller_class_init (ScImportControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_import_controller_dispose;
  object_class->finalize = sc_import_controller_finalize;
}

static void
sc_import_controller_init (ScImportController *self)
{
  self->level = SC_LEVEL_INTERMEDIATE;
}

ScImportController *
sc_import_controller_attach (ScWindow  *window,
                             GtkWidget *anchor)
{
  g_autoptr(GtkBuilder) builder = NULL;
  ScImportController *self;
  GtkDropTarget *target;

  g_return_val_if_fail (SC_IS_WINDOW (window), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (anchor), NULL);
  g_return_val_if_fail (GTK_IS_BOX (gtk_widget_get_parent (anchor)), NULL);

  self = g_object_new (SC_TYPE_IMPORT_CONTROLLER, NULL);
  self->window = window;
  self->catalog = g_object_ref (sc_window_get_catalog (window));

  builder = gtk_builder_new_from_resource ("/io/github/studycircle/StudyCircle/sc-import-controller.ui");
  self->bar = GTK_REVEALER (gtk_builder_get_object (builder, "import_revealer"));
  self->bar_label = GTK_LABEL (gtk_builder_get_object (builder, "import_label"));
  self->bar_progress = GTK_PROGRESS_BAR (gtk_builder_get_object (builder, "import_progress"));
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (anchor)), GTK_WIDGET (self->bar), anchor);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "enter", G_CALLBACK (on_drop_enter_cb), self, 0);
  g_signal_connect_object (target, "leave", G_CALLBACK (on_drop_leave_cb), self, 0);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), GTK_EVENT_CONTROLLER (target));

  g_signal_connect_object (window, "destroy", G_CALLBACK (on_window_destroy_cb), self, G_CONNECT_SWAPPED);
  g_object_set_data_full (G_OBJECT (window), CONTROLLER_KEY, self, g_object_unref);
  set_state (self, STATE_IDLE);
  return self;
}

ScImportController *
sc_import_controller_get (ScWindow *window)
{
  g_return_val_if_fail (SC_IS_WINDOW (window), NULL);
  return g_object_get_data (G_OBJECT (window), CONTROLLER_KEY);
}
