/* test-gui-import.c: importing texts from the window
 *
 * Every test imports real files of tests/fixtures/import/ through the
 * function the file chooser and the drop target call (or through the drop
 * target's own signal), into the user's texts folder of a temporary
 * XDG_DATA_HOME, and checks the results dialog, the files written and the
 * catalog after its refresh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sc-gui-test-util.h"
#include "sc-import-controller.h"
#include "sc-paths.h"
#include "sc-window.h"

/* STUDYCIRCLE_DATADIR as meson gave it (the source tree's data), before
 * the fixture points it at an empty folder. */
static char *bundled_datadir;
static char *data_home;

typedef struct {
  ScGuiFixture  base;
  ScWindow     *window;
  GPtrArray    *labels;      /* every text the progress bar's label showed */
} Fixture;

static void
load_app_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/studycircle/StudyCircle/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  loaded = TRUE;
}

static void
on_label_changed_cb (GtkLabel   *label,
                     GParamSpec *pspec,
                     Fixture    *f)
{
  g_ptr_array_add (f->labels, g_strdup (gtk_label_get_label (label)));
}

static GtkWidget *
find_in_window (ScWindow   *window,
                GType       type,
                const char *name)
{
  GtkWidget *widget = sc_gui_find (GTK_WIDGET (window), type, name);

  g_assert_nonnull (widget);
  return widget;
}

static void
present_window (Fixture *f)
{
  f->window = g_object_new (SC_TYPE_WINDOW, "catalog", f->base.catalog, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 720);
  gtk_window_present (GTK_WINDOW (f->window));
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->window)), 10);
  sc_gui_spin (100);

  f->labels = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (find_in_window (f->window, GTK_TYPE_LABEL, "import-label"), "notify::label",
                    G_CALLBACK (on_label_changed_cb), f);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  sc_gui_fixture_setup (&f->base, data);
  load_app_css ();
  present_window (f);
}

static void
destroy_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_MESSAGE_DIALOG (window))
        gtk_window_destroy (window);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *user_dir = g_build_filename (data_home, "studycircle", NULL);

  destroy_dialogs ();
  gtk_window_destroy (GTK_WINDOW (f->window));
  sc_gui_spin (50);
  g_clear_pointer (&f->labels, g_ptr_array_unref);
  sc_gui_fixture_teardown (&f->base, data);
  /* The next test starts with an empty texts folder again. */
  sc_test_remove_tree (user_dir);
}

static char *
fixture_path (const char *folder,
              const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "import", folder, name, NULL);
}

/* The .xml files of the user's texts folder, sorted. */
static GPtrArray *
user_texts (void)
{
  g_autofree char *dir_path = sc_paths_user_texts_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return names;
}

static guint
n_user_texts (void)
{
  g_autoptr(GPtrArray) names = user_texts ();

  return names->len;
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* Waits for the import to end and returns its results dialog, shown. */
static AdwMessageDialog *
wait_for_results (Fixture *f)
{
  ScImportController *controller = sc_import_controller_get (f->window);
  AdwMessageDialog *dialog;

  SC_GUI_WAIT_UNTIL (!sc_import_controller_get_busy (controller), 60);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)), 10);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));
  return dialog;
}

/* Starts importing @paths as the file chooser would, and checks that the
 * window shows it is busy. */
static void
start_import (Fixture            *f,
              const char * const *paths)
{
  ScImportController *controller = sc_import_controller_get (f->window);
  GtkRevealer *bar = GTK_REVEALER (find_in_window (f->window, GTK_TYPE_REVEALER, "import-revealer"));
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths[i]));

  g_assert_false (sc_import_controller_get_busy (controller));
  g_assert_false (gtk_revealer_get_reveal_child (bar));
  sc_import_controller_import_files (controller, (GFile **) files->pdata, files->len, SC_LEVEL_INTERMEDIATE);
  g_assert_true (sc_import_controller_get_busy (controller));
  g_assert_true (gtk_revealer_get_reveal_child (bar));
}

typedef struct {
  char     *title;
  char     *subtitle;
  char     *text_id;   /* NULL: a file not imported */
  gboolean  failed;
} Row;

static void
row_free (Row *row)
{
  g_free (row->title);
  g_free (row->subtitle);
  g_free (row->text_id);
  g_free (row);
}

static GPtrArray *
dialog_rows (AdwMessageDialog *dialog)
{
  GtkWidget *list = sc_gui_find (GTK_WIDGET (dialog), GTK_TYPE_LIST_BOX, "import-results");
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);

  g_assert_nonnull (list);
  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Row *row;

      if (!ADW_IS_ACTION_ROW (child))
        continue;
      row = g_new0 (Row, 1);
      row->title = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)));
      row->subtitle = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (child)) ?: "");
      row->text_id = g_strdup (g_object_get_data (G_OBJECT (child), "text-id"));
      row->failed = gtk_widget_has_css_class (child, "import-failed");
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static Row *
row_from (GPtrArray  *rows,
          const char *file_name)
{
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);

      if (strstr (row->subtitle, file_name) != NULL || g_str_equal (row->title, file_name))
        return row;
    }
  g_assert_not_reached ();
}

static void
on_search_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GListModel **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = sc_catalog_search_finish (SC_CATALOG (source), result, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* The ids of the texts a search finds. */
static GPtrArray *
search_ids (ScCatalog  *catalog,
            const char *query)
{
  g_autoptr(GListModel) results = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  sc_catalog_search_async (catalog, query, NULL, NULL, on_search_cb, &results);
  SC_GUI_WAIT_UNTIL (results != NULL, 20);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(ScSearchResult) result = g_list_model_get_item (results, i);

      g_ptr_array_add (ids, g_strdup (sc_search_result_get_hit (result)->doc_id));
    }
  return ids;
}

static gboolean
ptr_array_has_string (GPtrArray  *array,
                      const char *string)
{
  return g_ptr_array_find_with_equal_func (array, string, g_str_equal, NULL);
}

/* A few files, as the file chooser gives them: each becomes a text of the
 * user's folder, listed in the dialog, indexed and found by a search. */
static void
test_import_files (Fixture       *f,
                   gconstpointer  data)
{
  const char *names[] = { "article.html", "chapters.txt", "fragment.htm",
                          "gutenberg-sections.html", "gutenberg.html", "gutenberg.txt" };
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) written = NULL;
  g_autoptr(GPtrArray) found = NULL;
  AdwMessageDialog *dialog;
  Row *row;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (paths, fixture_path ("good", names[i]));
  g_ptr_array_add (paths, NULL);

  g_assert_cmpuint (n_user_texts (), ==, 0);
  start_import (f, (const char * const *) paths->pdata);
  dialog = wait_for_results (f);

  /* The progress bar said which file it was at. */
  g_assert_true (ptr_array_has_string (f->labels, "Importing 1 of 6: “article.html”"));
  g_assert_true (ptr_array_has_string (f->labels, "Importing 6 of 6: “gutenberg.txt”"));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (find_in_window (f->window, GTK_TYPE_REVEALER,
                                                                                "import-revealer"))));

  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Imported 6 Texts");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, "They are in your library now.");
  g_assert_false (adw_message_dialog_has_response (dialog, "open"));
  rows = dialog_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 6);
  for (guint i = 0; i < rows->len; i++)
    {
      row = g_ptr_array_index (rows, i);
      g_assert_false (row->failed);
      g_assert_nonnull (row->text_id);
      g_assert_cmpstr (row->title, !=, "");
    }

  /* Every text is a file of the user's folder named after its id. */
  written = user_texts ();
  g_assert_cmpuint (written->len, ==, 6);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *file = g_strconcat (((Row *) g_ptr_array_index (rows, i))->text_id, ".xml", NULL);

      g_assert_true (ptr_array_has_string (written, file));
    }

  /* Indexed before the dialog came: the library has them, and a word of
   * the plain text file finds it. */
  g_assert_false (sc_catalog_get_indexing (f->base.catalog));
  g_assert_cmpuint (sc_catalog_get_n_documents (f->base.catalog), ==, 6 + 6);
  row = row_from (rows, "chapters.txt");
  /* (the importer keeps the capitals of a plain text's title line) */
  g_assert_cmpint (g_ascii_strcasecmp (row->title, "The Cooperative Mill"), ==, 0);
  found = search_ids (f->base.catalog, "looms");
  g_assert_true (ptr_array_has_string (found, row->text_id));
}

/* One bad file in a batch is reported with its FILE:LINE message, nothing
 * is written for it, and the rest are imported. */
static void
test_import_bad_in_batch (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *article = fixture_path ("good", "article.html");
  g_autofree char *not_html = fixture_path ("bad", "not-html.html");
  g_autofree char *fragment = fixture_path ("good", "fragment.htm");
  g_autofree char *nothing = fixture_path ("bad", "nothing.html");
  const char *paths[] = { article, not_html, fragment, nothing, NULL };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) written = NULL;
  AdwMessageDialog *dialog;
  Row *row;

  start_import (f, paths);
  dialog = wait_for_results (f);

  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Imported 2 Texts");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "They are in your library now. 2 files could not be imported.");
  rows = dialog_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 4);

  /* The failures first, then the texts, each in the order given. A
   * failure names its file and line, without the folders (the row's
   * title names the file). */
  row = rows->pdata[0];
  g_assert_true (row->failed);
  g_assert_null (row->text_id);
  g_assert_cmpstr (row->title, ==, "not-html.html");
  g_assert_true (g_str_has_prefix (row->subtitle, "not-html.html:1: "));
  row = rows->pdata[1];
  g_assert_true (row->failed);
  g_assert_cmpstr (row->title, ==, "nothing.html");
  g_assert_true (g_str_has_prefix (row->subtitle, "nothing.html:"));
  g_assert_false (((Row *) rows->pdata[2])->failed);
  g_assert_true (strstr (((Row *) rows->pdata[2])->subtitle, "article.html") != NULL);
  g_assert_false (((Row *) rows->pdata[3])->failed);
  g_assert_true (strstr (((Row *) rows->pdata[3])->subtitle, "fragment.htm") != NULL);

  written = user_texts ();
  g_assert_cmpuint (written->len, ==, 2);
  g_assert_cmpuint (sc_catalog_get_n_documents (f->base.catalog), ==, 6 + 2);
}

/* Only bad files: nothing written, no refresh needed, the dialog says so. */
static void
test_import_nothing (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *not_html = fixture_path ("bad", "not-html.html");
  const char *paths[] = { not_html, NULL };
  g_autoptr(GPtrArray) rows = NULL;
  AdwMessageDialog *dialog;

  start_import (f, paths);
  dialog = wait_for_results (f);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Nothing Imported");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "The file could not be imported, and nothing was written.");
  rows = dialog_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (((Row *) rows->pdata[0])->failed);
  g_assert_cmpuint (n_user_texts (), ==, 0);
  g_assert_cmpuint (sc_catalog_get_n_documents (f->base.catalog), ==, 6);
}

/* An id the library already has (here a text of the fixture library, not
 * in the user's folder) is never taken: the import picks another and says
 * so; importing the same file again never overwrites the first. */
static void
test_import_renamed (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->base.tmp, "downloads", NULL);
  g_autofree char *page = g_build_filename (dir, "general-strike.html", NULL);
  const char *paths[] = { page, NULL };
  g_autofree char *first_path = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) found = NULL;
  AdwMessageDialog *dialog;
  Row *row;

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (page,
                                      "<!DOCTYPE html><html lang=\"en\"><head><title>The General Strike</title></head>"
                                      "<body><h1>The General Strike</h1>"
                                      "<p>A page saved from the web about the shipyard walkout and its soup kitchens.</p>"
                                      "</body></html>", -1, NULL));

  start_import (f, paths);
  dialog = wait_for_results (f);
  rows = dialog_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 1);
  row = rows->pdata[0];
  g_assert_false (row->failed);
  g_assert_cmpstr (row->title, ==, "The General Strike");
  g_assert_cmpstr (row->text_id, !=, "the-general-strike");
  g_assert_nonnull (strstr (row->subtitle, "because “the-general-strike” was already taken"));
  g_assert_nonnull (strstr (row->subtitle, row->text_id));

  /* One text: the dialog offers to open it. */
  g_assert_true (adw_message_dialog_has_response (dialog, "open"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "open");
  if (g_getenv ("SC_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("SC_SCREENSHOT_DIR"), "import-renamed.png", NULL);

      sc_gui_spin (300);
      sc_gui_screenshot (GTK_WIDGET (dialog), path);
    }

  /* Both texts are in the library, each its own. */
  found = search_ids (f->base.catalog, "shipyard walkout");
  g_assert_true (ptr_array_has_string (found, row->text_id));
  {
    g_autofree char *user_dir = sc_paths_user_texts_dir ();
    g_autofree char *file = g_strconcat (row->text_id, ".xml", NULL);

    first_path = g_build_filename (user_dir, file, NULL);
  }
  g_assert_true (g_file_get_contents (first_path, &first, NULL, NULL));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Again: a third id, and the first file untouched. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  start_import (f, paths);
  dialog = wait_for_results (f);
  rows = dialog_rows (dialog);
  row = rows->pdata[0];
  g_assert_false (row->failed);
  g_assert_nonnull (strstr (row->subtitle, "was already taken"));
  g_assert_cmpuint (n_user_texts (), ==, 2);
  g_assert_true (g_file_get_contents (first_path, &again, NULL, NULL));
  g_assert_cmpstr (first, ==, again);
  g_assert_cmpuint (sc_catalog_get_n_documents (f->base.catalog), ==, 6 + 2);
}

/* The single text's Open response opens it in the reader. */
static void
test_import_open (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *text = fixture_path ("good", "chapters.txt");
  const char *paths[] = { text, NULL };
  AdwLeaflet *leaflet = ADW_LEAFLET (find_in_window (f->window, ADW_TYPE_LEAFLET, NULL));
  AdwMessageDialog *dialog;

  start_import (f, paths);
  dialog = wait_for_results (f);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Imported 1 Text");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, "It is in your library now.");
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "main");

  adw_message_dialog_response (dialog, "open");
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "reader");
}

static GtkDropTarget *
window_drop_target (ScWindow *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

/* A folder and a file dropped on the window: the drop target's own
 * signals, with the GdkFileList a drag brings. */
static void
test_import_drop (Fixture       *f,
                  gconstpointer  data)
{
  GtkDropTarget *target = window_drop_target (f->window);
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (f->window));
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "fixtures", "import", "good", NULL);
  g_autofree char *bad = fixture_path ("bad", "nothing.html");
  g_autoptr(GFile) folder = g_file_new_for_path (good);
  g_autoptr(GFile) file = g_file_new_for_path (bad);
  g_autoptr(GSList) list = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GPtrArray) rows = NULL;
  GdkDragAction action = 0;
  gboolean handled = FALSE;
  AdwMessageDialog *dialog;

  g_assert_nonnull (target);
  g_assert_true (gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (target), GDK_TYPE_FILE_LIST));

  /* Dragging over: the window shows where to drop. */
  g_signal_emit_by_name (target, "enter", 20.0, 20.0, &action);
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  g_assert_true (gtk_widget_has_css_class (content, "import-drop"));
  if (g_getenv ("SC_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("SC_SCREENSHOT_DIR"), "import-drop.png", NULL);

      sc_gui_spin (300);
      sc_gui_screenshot (GTK_WIDGET (f->window), path);
    }
  g_signal_emit_by_name (target, "leave");
  g_assert_false (gtk_widget_has_css_class (content, "import-drop"));

  list = g_slist_append (list, folder);
  list = g_slist_append (list, file);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (list));

  g_signal_emit_by_name (target, "enter", 20.0, 20.0, &action);
  g_signal_emit_by_name (target, "drop", &value, 20.0, 20.0, &handled);
  g_assert_true (handled);
  g_assert_false (gtk_widget_has_css_class (content, "import-drop"));
  g_assert_true (sc_import_controller_get_busy (sc_import_controller_get (f->window)));

  /* While it runs, the window takes no more files. */
  action = GDK_ACTION_COPY;
  g_signal_emit_by_name (target, "enter", 20.0, 20.0, &action);
  g_assert_cmpint (action, ==, 0);
  g_assert_false (gtk_widget_has_css_class (content, "import-drop"));
  g_signal_emit_by_name (target, "leave");

  dialog = wait_for_results (f);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Imported 6 Texts");
  rows = dialog_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 7);
  g_assert_true (row_from (rows, "nothing.html")->failed);
  g_assert_cmpuint (n_user_texts (), ==, 6);
  g_assert_cmpuint (sc_catalog_get_n_documents (f->base.catalog), ==, 6 + 6);
}

static GtkFileChooser *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_FILE_CHOOSER (window);
    }
  return NULL;
}

/* Import Texts… and Import a Folder… open a file chooser for several
 * files (filtered to what can be imported) or folders, with the level. */
static void
test_import_chooser (Fixture       *f,
                     gconstpointer  data)
{
  GtkFileChooser *chooser;
  g_autoptr(GListModel) filters = NULL;

#ifdef __SANITIZE_ADDRESS__
  /* GTK's own file chooser leaks inside libcloudproviders (its places
   * sidebar) and grows GLib's quark table past its first size, which GLib
   * leaks on purpose: neither is ours, and LeakSanitizer fails the run. */
  g_test_skip ("GtkFileChooserDialog leaks inside GLib and libcloudproviders under LeakSanitizer");
  return;
#endif

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import", NULL));
  SC_GUI_WAIT_UNTIL ((chooser = find_file_chooser ()) != NULL, 10);
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_OPEN);
  g_assert_true (gtk_file_chooser_get_select_multiple (chooser));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (chooser)));
  filters = gtk_file_chooser_get_filters (chooser);
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 5);
  g_assert_cmpstr (gtk_file_chooser_get_choice (chooser, "level"), ==, "intermediate");
  if (g_getenv ("SC_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("SC_SCREENSHOT_DIR"), "import-chooser.png", NULL);

      sc_gui_spin (500);
      sc_gui_screenshot (GTK_WIDGET (chooser), path);
    }
  /* Cancelled: nothing imported, and the chooser can open again. */
  gtk_window_close (GTK_WINDOW (chooser));
  SC_GUI_WAIT_UNTIL (find_file_chooser () == NULL, 10);
  g_assert_false (sc_import_controller_get_busy (sc_import_controller_get (f->window)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import-folder", NULL));
  SC_GUI_WAIT_UNTIL ((chooser = find_file_chooser ()) != NULL, 10);
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  g_assert_true (gtk_file_chooser_get_select_multiple (chooser));
  gtk_window_close (GTK_WINDOW (chooser));
  SC_GUI_WAIT_UNTIL (find_file_chooser () == NULL, 10);
}

/* Cancel stops the import: the window is free again, and no dialog. */
static void
test_import_cancel (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "fixtures", "import", "good", NULL);
  const char *paths[] = { good, NULL };
  ScImportController *controller = sc_import_controller_get (f->window);

  start_import (f, paths);
  /* The bar's Cancel button is the window's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel-import", NULL));
  SC_GUI_WAIT_UNTIL (!sc_import_controller_get_busy (controller), 30);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (find_in_window (f->window, GTK_TYPE_REVEALER,
                                                                                "import-revealer"))));
  g_assert_null (find_dialog ());
  /* Stopped before the first file. */
  g_assert_cmpuint (n_user_texts (), ==, 0);

  /* And a new import runs. */
  start_import (f, paths);
  wait_for_results (f);
  g_assert_cmpuint (n_user_texts (), ==, 6);
}

/* Enough files for the progress bar to be seen. */
#define N_GENERATED 400

/* Many files into the real bundled library: the progress bar half way and
 * the results dialog, as PNGs when SC_SCREENSHOT_DIR is set. */
static void
test_import_bundled (void)
{
  const char *shots = g_getenv ("SC_SCREENSHOT_DIR");
  g_autofree char *tmp = g_dir_make_tmp ("sc-gui-import-bundled-XXXXXX", NULL);
  g_autofree char *downloads = g_build_filename (tmp, "Downloads", NULL);
  g_autofree char *index_path = g_build_filename (tmp, "index.db", NULL);
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "fixtures", "import", "good", NULL);
  g_autofree char *bad = fixture_path ("bad", "not-html.html");
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ScCatalog) catalog = NULL;
  GtkProgressBar *progress;
  GtkRevealer *bar;
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  Fixture f = { { 0 } };
  guint before;

  if (bundled_datadir == NULL)
    {
      g_test_skip ("STUDYCIRCLE_DATADIR not set");
      sc_test_remove_tree (tmp);
      return;
    }
  g_setenv ("STUDYCIRCLE_DATADIR", bundled_datadir, TRUE);
  catalog = sc_catalog_new (index_path, NULL);
  sc_catalog_refresh (catalog);
  SC_GUI_WAIT_UNTIL (!sc_catalog_get_indexing (catalog), 60);
  before = sc_catalog_get_n_documents (catalog);
  g_assert_cmpuint (before, >, 10);

  /* A folder of saved pages, big enough for the bar to be seen. */
  sc_test_copy_tree (good, downloads);
  for (guint i = 0; i < N_GENERATED; i++)
    {
      g_autofree char *name = g_strdup_printf ("meeting-notes-%02u.txt", i + 1);
      g_autofree char *path = g_build_filename (downloads, name, NULL);
      g_autoptr(GString) body = g_string_new (NULL);

      g_string_append_printf (body, "MEETING NOTES %u\n\nby the branch secretary\n\n", i + 1);
      for (guint j = 0; j < 600; j++)
        g_string_append (body, "The branch met in the union hall and read the chapter together. ");
      g_assert_true (g_file_set_contents (path, body->str, body->len, NULL));
    }
  g_ptr_array_add (paths, g_strdup (downloads));
  g_ptr_array_add (paths, g_strdup (bad));
  g_ptr_array_add (paths, NULL);

  f.base.catalog = catalog;
  load_app_css ();
  present_window (&f);
  /* The library listed before the import starts. */
  sc_gui_spin (1000);
  start_import (&f, (const char * const *) paths->pdata);

  progress = GTK_PROGRESS_BAR (find_in_window (f.window, GTK_TYPE_PROGRESS_BAR, "import-progress"));
  bar = GTK_REVEALER (find_in_window (f.window, GTK_TYPE_REVEALER, "import-revealer"));
  SC_GUI_WAIT_UNTIL ((gtk_revealer_get_child_revealed (bar) && gtk_progress_bar_get_fraction (progress) > 0.0) ||
                     !sc_import_controller_get_busy (sc_import_controller_get (f.window)), 60);
  if (shots != NULL && sc_import_controller_get_busy (sc_import_controller_get (f.window)))
    {
      g_autofree char *path = g_build_filename (shots, "import-progress.png", NULL);

      sc_gui_screenshot (GTK_WIDGET (f.window), path);
    }

  dialog = wait_for_results (&f);
  heading = g_strdup_printf ("Imported %u Texts", N_GENERATED + 6);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  /* The one failure first, then as many texts as the dialog lists. */
  rows = dialog_rows (dialog);
  g_assert_true (((Row *) rows->pdata[0])->failed);
  g_assert_cmpstr (((Row *) rows->pdata[0])->title, ==, "not-html.html");
  g_assert_false (((Row *) rows->pdata[1])->failed);
  g_assert_cmpuint (rows->len, ==, 100 + 1);
  g_assert_cmpstr (((Row *) rows->pdata[100])->title, ==, "And 307 more files");
  g_assert_cmpuint (sc_catalog_get_n_documents (catalog), ==, before + N_GENERATED + 6);
  if (shots != NULL)
    {
      g_autofree char *path = g_build_filename (shots, "import-results.png", NULL);
      g_autofree char *window_path = g_build_filename (shots, "import-window.png", NULL);

      /* The window's indexing bar slides away slowly under Xvfb. */
      SC_GUI_WAIT_UNTIL (!gtk_revealer_get_child_revealed (GTK_REVEALER (find_in_window (f.window, GTK_TYPE_REVEALER,
                                                                                         "indexing-revealer"))), 10);
      sc_gui_spin (200);
      sc_gui_screenshot (GTK_WIDGET (dialog), path);
      sc_gui_screenshot (GTK_WIDGET (f.window), window_path);
    }

  destroy_dialogs ();
  gtk_window_destroy (GTK_WINDOW (f.window));
  sc_gui_spin (50);
  g_clear_pointer (&f.labels, g_ptr_array_unref);
  g_clear_object (&catalog);
  {
    g_autofree char *user_dir = g_build_filename (data_home, "studycircle", NULL);

    sc_test_remove_tree (user_dir);
  }
  sc_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The user's texts folder is under XDG_DATA_HOME, which GLib reads once:
   * a folder of the test's own, before anything asks. */
  data_home = g_dir_make_tmp ("sc-gui-import-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  bundled_datadir = g_strdup (g_getenv ("STUDYCIRCLE_DATADIR"));

  if (!sc_gui_init (&argc, &argv))
    {
      sc_test_remove_tree (data_home);
      return 0;
    }

  g_test_add ("/import/files", Fixture, NULL, fixture_setup, test_import_files, fixture_teardown);
  g_test_add ("/import/bad-in-batch", Fixture, NULL, fixture_setup, test_import_bad_in_batch, fixture_teardown);
  g_test_add ("/import/nothing", Fixture, NULL, fixture_setup, test_import_nothing, fixture_teardown);
  g_test_add ("/import/renamed", Fixture, NULL, fixture_setup, test_import_renamed, fixture_teardown);
  g_test_add ("/import/open", Fixture, NULL, fixture_setup, test_import_open, fixture_teardown);
  g_test_add ("/import/drop", Fixture, NULL, fixture_setup, test_import_drop, fixture_teardown);
  g_test_add ("/import/chooser", Fixture, NULL, fixture_setup, test_import_chooser, fixture_teardown);
  g_test_add ("/import/cancel", Fixture, NULL, fixture_setup, test_import_cancel, fixture_teardown);
  g_test_add_func ("/import/bundled", test_import_bundled);
  status = g_test_run ();

  sc_test_remove_tree (data_home);
  g_free (data_home);
  g_free (bundled_datadir);
  return status;
}
