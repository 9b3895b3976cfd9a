/* test-gui-preferences.c: the Preferences window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-gui-test-util.h"
#include "sc-paths.h"
#include "sc-preferences-window.h"

static ScPreferencesWindow *
present_preferences (ScGuiFixture *f)
{
  ScPreferencesWindow *window = sc_preferences_window_new (f->catalog);

  gtk_window_present (GTK_WINDOW (window));
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)), 10);
  sc_gui_spin (100);
  return window;
}

static GtkWidget *
template_child (ScPreferencesWindow *window,
                const char          *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), SC_TYPE_PREFERENCES_WINDOW, name));
}

/* The rows of the group that are added folders, in order. */
static GPtrArray *
folder_rows (ScPreferencesWindow *window)
{
  GtkWidget *list = sc_gui_find (template_child (window, "folders_group"), GTK_TYPE_LIST_BOX, NULL);
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (g_object_get_data (G_OBJECT (row), "path") != NULL)
      g_ptr_array_add (rows, row);
  return rows;
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "library-folders");
  g_settings_reset (settings, "reader-font-size");
  g_settings_reset (settings, "reader-line-width");
}

static void
test_preferences_folders (ScGuiFixture  *f,
                          gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  ScPreferencesWindow *window = NULL;
  g_autofree char *extra = g_build_filename (f->tmp, "more texts", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (extra);
  g_autoptr(GFile) again = g_file_new_for_path (extra);
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(GStrv) folders = NULL;
  GtkWidget *remove;
  GtkWidget *list;

  reset_settings ();
  window = present_preferences (f);
  g_mkdir_with_parents (extra, 0700);
  rows = folder_rows (window);
  g_assert_cmpuint (rows->len, ==, 0);

  /* What the folder chooser's answer does: the key and a row. */
  g_assert_true (sc_preferences_window_add_folder (window, folder));
  folders = g_settings_get_strv (settings, "library-folders");
  g_assert_cmpuint (g_strv_length (folders), ==, 1);
  g_assert_cmpstr (folders[0], ==, extra);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = folder_rows (window);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==, "more texts");
  g_assert_cmpstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, 0)), ==, extra);

  /* The new row sits before "Add Folder…", which stays last. */
  list = gtk_widget_get_parent (g_ptr_array_index (rows, 0));
  g_assert_true (gtk_widget_get_last_child (list) == template_child (window, "add_row"));

  /* The same folder twice, or the user's own folder, is refused. */
  g_assert_false (sc_preferences_window_add_folder (window, again));
  {
    g_autofree char *user = sc_paths_user_texts_dir ();
    g_autoptr(GFile) user_folder = g_file_new_for_path (user);

    g_assert_false (sc_preferences_window_add_folder (window, user_folder));
  }
  g_strfreev (folders);
  folders = g_settings_get_strv (settings, "library-folders");
  g_assert_cmpuint (g_strv_length (folders), ==, 1);

  /* The row's remove button takes it out of the key and of the list. */
  remove = sc_gui_find (g_ptr_array_index (rows, 0), GTK_TYPE_BUTTON, NULL);
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  g_strfreev (folders);
  folders = g_settings_get_strv (settings, "library-folders");
  g_assert_cmpuint (g_strv_length (folders), ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = folder_rows (window);
  g_assert_cmpuint (rows->len, ==, 0);

  /* The toast's Undo puts it back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "prefs.undo-remove", "s", extra));
  g_strfreev (folders);
  folders = g_settings_get_strv (settings, "library-folders");
  g_assert_cmpstrv (folders, ((const char *[]) { extra, NULL }));

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
}

static void
test_preferences_fixed_folders (ScGuiFixture  *f,
                                gconstpointer  data)
{
  ScPreferencesWindow *window = present_preferences (f);
  g_autofree char *bundled = sc_paths_bundled_texts_dir ();
  g_autofree char *user = sc_paths_user_texts_dir ();

  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (template_child (window, "bundled_row"))), ==, bundled);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (template_child (window, "user_row"))), ==, user);
  /* Neither has a remove button. */
  g_assert_null (g_object_get_data (G_OBJECT (template_child (window, "bundled_row")), "path"));
  g_assert_null (g_object_get_data (G_OBJECT (template_child (window, "user_row")), "path"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every row under the problems expander, as "TITLE: SUBTITLE". */
static void
collect_problems (GtkWidget *root,
                  GPtrArray *lines)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      if (gtk_widget_has_css_class (w, "problem-row"))
        g_ptr_array_add (lines, g_strdup_printf ("%s: %s",
                                                 adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)),
                                                 adw_action_row_get_subtitle (ADW_ACTION_ROW (w))));
      collect_problems (w, lines);
    }
}

static GPtrArray *
problem_lines (ScPreferencesWindow *window)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  collect_problems (template_child (window, "problems_row"), lines);
  return lines;
}

/* With SC_SCREENSHOT_DIR set, a PNG of @widget for a person to look at. */
static void
maybe_screenshot (GtkWidget  *widget,
                  const char *name)
{
  const char *dir = g_getenv ("SC_SCREENSHOT_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  sc_gui_spin (400);
  path = g_build_filename (dir, name, NULL);
  sc_gui_screenshot (widget, path);
}

static void
test_preferences_problems (ScGuiFixture  *f,
                           gconstpointer  data)
{
  ScPreferencesWindow *window = present_preferences (f);
  g_autofree char *broken = g_build_filename (f->library_dir, "en", "broken.xml", NULL);
  g_autofree char *count_before = NULL;
  g_autoptr(GPtrArray) before = problem_lines (window);
  g_autoptr(GPtrArray) after = NULL;
  GPtrArray *problems = sc_catalog_get_problems (f->catalog);
  GtkLabel *count = GTK_LABEL (template_child (window, "problems_count"));
  const char *found = NULL;
  g_autoptr(GError) error = NULL;

  /* What the catalog reports is what the rows show. */
  g_assert_cmpuint (before->len, ==, problems->len);
  count_before = g_strdup (gtk_label_get_text (count));

  /* A file that stops being XML on its fifth line. */
  g_file_set_contents (broken,
                       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<text id=\"broken\" lang=\"en\" version=\"1\">\n"
                       "  <meta>\n"
                       "    <title>Broken</title>\n"
                       "  </oops>\n"
                       "</text>\n", -1, &error);
  g_assert_no_error (error);
  sc_catalog_refresh (f->catalog);
  SC_GUI_WAIT_UNTIL (!sc_catalog_get_indexing (f->catalog), 30);
  sc_gui_spin (50);

  after = problem_lines (window);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  g_assert_cmpuint (after->len, ==, problems->len);
  for (guint i = 0; i < after->len; i++)
    {
      /* Each row is a "FILE:LINE: message" of the catalog. */
      g_assert_cmpstr (g_ptr_array_index (after, i), ==, g_ptr_array_index (problems, i));
      if (strstr (g_ptr_array_index (after, i), "broken.xml:5: ") != NULL)
        found = g_ptr_array_index (after, i);
    }
  g_assert_nonnull (found);
  g_assert_true (g_str_has_prefix (found, broken));
  {
    g_autofree char *expected = g_strdup_printf ("%u", after->len);

    g_assert_cmpstr (gtk_label_get_text (count), ==, expected);
    g_assert_cmpstr (gtk_label_get_text (count), !=, count_before);
  }
  g_assert_true (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (template_child (window, "problems_row"))));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (template_child (window, "problems_row")), TRUE);
  maybe_screenshot (GTK_WIDGET (window), "preferences-problems.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_preferences_reader (ScGuiFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  ScPreferencesWindow *window;
  GtkAdjustment *size, *width;

  reset_settings ();
  window = present_preferences (f);
  size = GTK_ADJUSTMENT (gtk_widget_get_template_child (GTK_WIDGET (window), SC_TYPE_PREFERENCES_WINDOW, "font_size_adjustment"));
  width = GTK_ADJUSTMENT (gtk_widget_get_template_child (GTK_WIDGET (window), SC_TYPE_PREFERENCES_WINDOW, "line_width_adjustment"));
  /* The spin buttons show the keys and write them back. */
  g_assert_cmpfloat (gtk_adjustment_get_value (size), ==, g_settings_get_int (settings, "reader-font-size"));
  gtk_adjustment_set_value (size, 21);
  g_assert_cmpint (g_settings_get_int (settings, "reader-font-size"), ==, 21);
  gtk_adjustment_set_value (width, 55);
  g_assert_cmpint (g_settings_get_int (settings, "reader-line-width"), ==, 55);
  g_settings_set_int (settings, "reader-line-width", 90);
  g_assert_cmpfloat (gtk_adjustment_get_value (width), ==, 90);
  /* Within the keys' ranges only. */
  gtk_adjustment_set_value (size, 99);
  g_assert_cmpint (g_settings_get_int (settings, "reader-font-size"), ==, 32);

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("sc-gui-prefs-home-XXXXXX", NULL);
  int status;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  if (!sc_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/preferences/folders", ScGuiFixture, NULL, sc_gui_fixture_setup, test_preferences_folders, sc_gui_fixture_teardown);
  g_test_add ("/preferences/fixed-folders", ScGuiFixture, NULL, sc_gui_fixture_setup, test_preferences_fixed_folders, sc_gui_fixture_teardown);
  g_test_add ("/preferences/problems", ScGuiFixture, NULL, sc_gui_fixture_setup, test_preferences_problems, sc_gui_fixture_teardown);
  g_test_add ("/preferences/reader", ScGuiFixture, NULL, sc_gui_fixture_setup, test_preferences_reader, sc_gui_fixture_teardown);
  status = g_test_run ();

  sc_test_remove_tree (data_home);
  return status;
}
