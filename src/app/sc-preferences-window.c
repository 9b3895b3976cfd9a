/* sc-preferences-window.c: library folders and reader defaults
 *
 * The folders are the GSettings key library-folders: the application
 * follows its changes and refreshes the catalog, so this window only edits
 * the key. The reader reads reader-font-size and reader-line-width.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-app-resources.h"
#include "sc-app-util.h"
#include "sc-paths.h"
#include "sc-preferences-window.h"

struct _ScPreferencesWindow {
  AdwPreferencesWindow  parent_instance;

  ScCatalog            *catalog;
  GSettings            *settings;
  GtkFileChooserNative *chooser;
  GPtrArray            *folder_rows;     /* rows of library-folders, in order */
  GPtrArray            *problem_rows;

  AdwPreferencesGroup  *folders_group;
  AdwActionRow         *bundled_row;
  AdwActionRow         *user_row;
  AdwActionRow         *add_row;
  GtkLabel             *documents_label;
  AdwExpanderRow       *problems_row;
  GtkLabel             *problems_count;
  GtkAdjustment        *font_size_adjustment;
  GtkAdjustment        *line_width_adjustment;
  GtkLabel             *preview_label;
  AdwClamp             *preview_clamp;
  GtkCssProvider       *preview_css;
};

G_DEFINE_FINAL_TYPE (ScPreferencesWindow, sc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CATALOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
add_toast (ScPreferencesWindow *self,
           AdwToast            *toast)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

/* Folders ------------------------------------------------------------------- */

static gboolean
same_folder (const char *a,
             const char *b)
{
  g_autoptr(GFile) fa = g_file_new_for_path (a);
  g_autoptr(GFile) fb = g_file_new_for_path (b);

  return g_file_equal (fa, fb);
}

static void
on_remove_clicked_cb (GtkButton           *button,
                      ScPreferencesWindow *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "path");
  g_autofree char *name = g_filename_display_basename (path);
  /* Translators: a toast after a folder left the library */
  g_autofree char *title = g_strdup_printf (_("“%s” is no longer in the library"), name);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "prefs.undo-remove");
  adw_toast_set_action_target_value (toast, g_variant_new_string (path));
  sc_preferences_window_remove_folder (self, path);
  add_toast (self, toast);
}

static GtkWidget *
folder_row_new (ScPreferencesWindow *self,
                const char          *path)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *display = sc_app_display_path (path);
  /* Translators: accessible label of the button that removes a folder */
  g_autofree char *label = g_strdup_printf (_("Remove “%s” from the library"), name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), display);
  else
    {
      /* Translators: a library folder that is gone; %s is its path */
      g_autofree char *missing = g_strdup_printf (_("%s — not found"), display);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), missing);
    }
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("folder-symbolic"));

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove From Library"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (remove), "path", g_strdup (path), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  g_object_set_data_full (G_OBJECT (row), "path", g_strdup (path), g_free);
  return row;
}

static void
update_folder_rows (ScPreferencesWindow *self)
{
  g_auto(GStrv) folders = g_settings_get_strv (self->settings, "library-folders");

  for (guint i = 0; i < self->folder_rows->len; i++)
    adw_preferences_group_remove (self->folders_group, g_ptr_array_index (self->folder_rows, i));
  g_ptr_array_set_size (self->folder_rows, 0);

  /* The added folders go between the fixed rows and "Add Folder…". */
  g_object_ref (self->add_row);
  adw_preferences_group_remove (self->folders_group, GTK_WIDGET (self->add_row));
  for (guint i = 0; folders[i] != NULL; i++)
    {
      GtkWidget *row = folder_row_new (self, folders[i]);

      g_ptr_array_add (self->folder_rows, row);
      adw_preferences_group_add (self->folders_group, row);
    }
  adw_preferences_group_add (self->folders_group, GTK_WIDGET (self->add_row));
  g_object_unref (self->add_row);
}

gboolean
sc_preferences_window_add_folder (ScPreferencesWindow *self,
                                  GFile               *folder)
{
  g_autofree char *path = NULL;
  g_autofree char *bundled = sc_paths_bundled_texts_dir ();
  g_autofree char *user = sc_paths_user_texts_dir ();
  g_auto(GStrv) folders = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_val_if_fail (SC_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  path = g_file_get_path (folder);
  if (path == NULL)
    {
      add_toast (self, adw_toast_new (_("Only folders on this computer can be added")));
      return FALSE;
    }

  folders = g_settings_get_strv (self->settings, "library-folders");
  if (same_folder (path, bundled) || same_folder (path, user))
    {
      add_toast (self, adw_toast_new (_("That folder is always in the library")));
      return FALSE;
    }
  for (guint i = 0; folders[i] != NULL; i++)
    if (same_folder (path, folders[i]))
      {
        add_toast (self, adw_toast_new (_("That folder is in the library already")));
        return FALSE;
      }

  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) folders);
  g_strv_builder_add (builder, path);
  g_strfreev (folders);
  folders = g_strv_builder_end (builder);
  /* The application hears the change and refreshes the catalog. */
  if (!g_settings_set_strv (self->settings, "library-folders", (const char * const *) folders))
    {
      add_toast (self, adw_toast_new (_("The library folders are locked by the system administrator")));
      return FALSE;
    }
  return TRUE;
}

gboolean
sc_preferences_window_remove_folder (ScPreferencesWindow *self,
                                     const char          *path)
{
  g_auto(GStrv) folders = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (SC_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  folders = g_settings_get_strv (self->settings, "library-folders");
  builder = g_strv_builder_new ();
  for (guint i = 0; folders[i] != NULL; i++)
    {
      if (g_strcmp0 (folders[i], path) == 0)
        found = TRUE;
      else
        g_strv_builder_add (builder, folders[i]);
    }
  if (!found)
    return FALSE;
  g_strfreev (folders);
  folders = g_strv_builder_end (builder);
  if (!g_settings_set_strv (self->settings, "library-folders", (const char * const *) folders))
    {
      add_toast (self, adw_toast_new (_("The library folders are locked by the system administrator")));
      return FALSE;
    }
  return TRUE;
}

static void
on_chooser_response_cb (GtkNativeDialog     *chooser,
                        int                  response,
                        ScPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (folder != NULL)
        sc_preferences_window_add_folder (self, folder);
    }
  g_clear_object (&self->chooser);
}

static void
add_folder_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ScPreferencesWindow *self = SC_PREFERENCES_WINDOW (widget);

  if (self->chooser != NULL)
    return;
  /* GtkFileDialog is GTK 4.10; Debian 12 has 4.8. */
  self->chooser = gtk_file_chooser_native_new (_("Add a Folder to the Library"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
undo_remove_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) folder = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  sc_preferences_window_add_folder (SC_PREFERENCES_WINDOW (widget), folder);
}

static void
open_user_folder_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  g_autofree char *path = sc_paths_user_texts_dir ();
  g_autoptr(GFile) folder = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (folder);

  /* It exists once something is imported; make it so the user can drop files in. */
  g_mkdir_with_parents (path, 0700);
  gtk_show_uri (GTK_WINDOW (widget), uri, GDK_CURRENT_TIME);
}

/* The library check ----------------------------------------------------------- */

static GtkWidget *
problem_row_new (const char *problem)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GRegex) regex = g_regex_new ("^(.+?:[0-9]+): (.*)$", G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
  /* "FILE:LINE" above what is wrong there. */
  if (g_regex_match (regex, problem, 0, &match))
    {
      g_autofree char *where = g_match_info_fetch (match, 1);
      g_autofree char *what = g_match_info_fetch (match, 2);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), where);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), what);
    }
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), problem);
  gtk_widget_add_css_class (row, "problem-row");
  return row;
}

static void
update_problems (ScPreferencesWindow *self)
{
  GPtrArray *problems = sc_catalog_get_problems (self->catalog);
  guint n = problems->len;
  guint documents = sc_catalog_get_n_documents (self->catalog);
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autofree char *documents_text = g_strdup_printf ("%u", documents);

  for (guint i = 0; i < self->problem_rows->len; i++)
    adw_expander_row_remove (self->problems_row, g_ptr_array_index (self->problem_rows, i));
  g_ptr_array_set_size (self->problem_rows, 0);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = problem_row_new (g_ptr_array_index (problems, i));

      g_ptr_array_add (self->problem_rows, row);
      adw_expander_row_add_row (self->problems_row, row);
    }

  gtk_label_set_text (self->documents_label, documents_text);
  gtk_label_set_text (self->problems_count, count);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_count), n > 0);
  if (n == 0)
    adw_expander_row_set_subtitle (self->problems_row, _("Every file was read without problems"));
  else
    adw_expander_row_set_subtitle (self->problems_row,
                                   ngettext ("A file or reference that needs attention",
                                             "Files or references that need attention", n));
  adw_expander_row_set_enable_expansion (self->problems_row, n > 0);
  if (n == 0)
    adw_expander_row_set_expanded (self->problems_row, FALSE);
}

/* "Check Again" may fail where the person is looking: here. */
static void
on_catalog_failed_cb (ScPreferencesWindow *self,
                      const GError        *error)
{
  sc_app_report_error (GTK_WIDGET (self), _("Could not update the library"), error);
}

static void
on_indexing_changed_cb (ScPreferencesWindow *self)
{
  gboolean indexing = sc_catalog_get_indexing (self->catalog);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.check-library", !indexing);
  if (indexing)
    adw_expander_row_set_subtitle (self->problems_row, _("Checking the library…"));
}

static void
check_library_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  sc_catalog_refresh (SC_PREFERENCES_WINDOW (widget)->catalog);
}

/* The reader ------------------------------------------------------------------ */

/* The preview shows the text at the chosen size and line width: the clamp
 * holds it to that many characters of that size. */
static void
update_preview (ScPreferencesWindow *self)
{
  int size = g_settings_get_int (self->settings, "reader-font-size");
  int width = g_settings_get_int (self->settings, "reader-line-width");
  g_autofree char *css = g_strdup_printf ("label { font-size: %dpt; }", size);
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->preview_label));
  g_autoptr(PangoFontDescription) font = pango_font_description_copy (pango_context_get_font_description (context));
  PangoFontMetrics *metrics;
  int char_width;

  gtk_css_provider_load_from_data (self->preview_css, css, -1);

  pango_font_description_set_size (font, size * PANGO_SCALE);
  metrics = pango_context_get_metrics (context, font, NULL);
  char_width = pango_font_metrics_get_approximate_char_width (metrics);
  pango_font_metrics_unref (metrics);
  /* The card's own padding (24 px a side, style.css) comes on top. */
  adw_clamp_set_maximum_size (self->preview_clamp, width * char_width / PANGO_SCALE + 48);
  adw_clamp_set_tightening_threshold (self->preview_clamp, width * char_width / PANGO_SCALE + 48);
}

/* GObject --------------------------------------------------------------------- */

static void
sc_preferences_window_constructed (GObject *object)
{
  ScPreferencesWindow *self = SC_PREFERENCES_WINDOW (object);
  g_autofree char *bundled = sc_paths_bundled_texts_dir ();
  g_autofree char *user = sc_paths_user_texts_dir ();
  g_autofree char *bundled_display = sc_app_display_path (bundled);
  g_autofree char *user_display = sc_app_display_path (user);

  G_OBJECT_CLASS (sc_preferences_window_parent_class)->constructed (object);

  g_assert (self->catalog != NULL);

  adw_action_row_set_subtitle (self->bundled_row, bundled_display);
  adw_action_row_set_subtitle (self->user_row, user_display);
  update_folder_rows (self);
  update_problems (self);
  on_indexing_changed_cb (self);

  g_signal_connect_object (self->settings, "changed::library-folders",
                           G_CALLBACK (update_folder_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->catalog, "changed",
                           G_CALLBACK (update_problems), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->catalog, "notify::indexing",
                           G_CALLBACK (on_indexing_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->catalog, "failed",
                           G_CALLBACK (on_catalog_failed_cb), self, G_CONNECT_SWAPPED);
}

static void
sc_preferences_window_dispose (GObject *object)
{
  ScPreferencesWindow *self = SC_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  g_clear_pointer (&self->folder_rows, g_ptr_array_unref);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->catalog);
  g_clear_object (&self->settings);
  g_clear_object (&self->preview_css);
  G_OBJECT_CLASS (sc_preferences_window_parent_class)->dispose (object);
}

static void
sc_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ScPreferencesWindow *self = SC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ScPreferencesWindow *self = SC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_preferences_window_class_init (ScPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* The resources live in a static library: referencing them keeps the
   * linker from dropping them, with their registration. */
  (void) sc_app_get_resource ();

  object_class->constructed = sc_preferences_window_constructed;
  object_class->dispose = sc_preferences_window_dispose;
  object_class->get_property = sc_preferences_window_get_property;
  object_class->set_property = sc_preferences_window_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, SC_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/studycircle/StudyCircle/sc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, folders_group);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, bundled_row);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, user_row);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, add_row);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, documents_label);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, problems_row);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, problems_count);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, font_size_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, line_width_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, preview_label);
  gtk_widget_class_bind_template_child (widget_class, ScPreferencesWindow, preview_clamp);

  gtk_widget_class_install_action (widget_class, "prefs.add-folder", NULL, add_folder_action);
  gtk_widget_class_install_action (widget_class, "prefs.undo-remove", "s", undo_remove_action);
  gtk_widget_class_install_action (widget_class, "prefs.open-user-folder", NULL, open_user_folder_action);
  gtk_widget_class_install_action (widget_class, "prefs.check-library", NULL, check_library_action);
}

static void
sc_preferences_window_init (ScPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->folder_rows = g_ptr_array_new ();
  self->problem_rows = g_ptr_array_new ();
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "reader-font-size", self->font_size_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "reader-line-width", self->line_width_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::reader-font-size",
                           G_CALLBACK (update_preview), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::reader-line-width",
                           G_CALLBACK (update_preview), self, G_CONNECT_SWAPPED);
  self->preview_css = gtk_css_provider_new ();
  gtk_style_context_add_provider (gtk_widget_get_style_context (GTK_WIDGET (self->preview_label)),
                                  GTK_STYLE_PROVIDER (self->preview_css),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  update_preview (self);
}

ScPreferencesWindow *
sc_preferences_window_new (ScCatalog *catalog)
{
  g_return_val_if_fail (SC_IS_CATALOG (catalog), NULL);
  return g_object_new (SC_TYPE_PREFERENCES_WINDOW, "catalog", catalog, NULL);
}
