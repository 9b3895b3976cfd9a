/* test-gui-errors.c: failures reach the person, as a toast with details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sc-app-util.h"
#include "sc-error.h"
#include "sc-gui-test-util.h"
#include "sc-library-page.h"
#include "sc-reader-page.h"
#include "sc-window.h"

static ScWindow *
present_window (ScCatalog *catalog)
{
  ScWindow *window = g_object_new (SC_TYPE_WINDOW, "catalog", catalog, NULL);

  gtk_window_present (GTK_WINDOW (window));
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)), 10);
  sc_gui_spin (100);
  return window;
}

/* A label under @root showing @text, or NULL. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return child;
      found = find_label (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      found = find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The message dialog among the toplevels, or NULL. */
static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_report_shows_toast_and_details (ScGuiFixture  *f,
                                     gconstpointer  data)
{
  ScWindow *window = present_window (f->catalog);
  GtkWidget *page = sc_gui_find (GTK_WIDGET (window), SC_TYPE_LIBRARY_PAGE, NULL);
  g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NO_SPACE, "study.db: No space left on device");
  g_autofree char *advice = sc_app_error_advice (error);
  AdwMessageDialog *dialog;
  GtkWidget *details;

  g_assert_nonnull (page);
  g_assert_null (find_label (GTK_WIDGET (window), "Could not keep the note"));

  /* From any widget of the window: the toast is in the window. */
  sc_app_report_error (page, "Could not keep the note", error);
  sc_gui_spin (50);
  g_assert_nonnull (find_label (GTK_WIDGET (window), "Could not keep the note"));

  /* Details: the message, and what to do. */
  details = find_button (GTK_WIDGET (window), "_Details");
  g_assert_nonnull (details);
  g_assert_null (find_message_dialog ());
  g_signal_emit_by_name (details, "clicked");
  SC_GUI_WAIT_UNTIL (find_message_dialog () != NULL, 5);
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could not keep the note");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "study.db: No space left on device"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), advice));
  g_assert_nonnull (strstr (advice, "disk is full"));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_cancellation_is_silent (ScGuiFixture  *f,
                             gconstpointer  data)
{
  ScWindow *window = present_window (f->catalog);
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  g_autoptr(GError) stopped = g_error_new_literal (SC_ERROR, SC_ERROR_CANCELLED, "stopped");

  sc_app_report_error (GTK_WIDGET (window), "Could not search the library", cancelled);
  sc_app_report_error (GTK_WIDGET (window), "Could not search the library", stopped);
  sc_app_report_error (GTK_WIDGET (window), "Could not search the library", NULL);
  sc_gui_spin (50);
  g_assert_null (find_label (GTK_WIDGET (window), "Could not search the library"));
  g_assert_null (find_button (GTK_WIDGET (window), "_Details"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every kind of error has advice, never the bare message alone. */
static void
test_advice (ScGuiFixture  *f,
             gconstpointer  data)
{
  const struct { GQuark domain; int code; const char *expect; } cases[] = {
    { SC_ERROR, SC_ERROR_PARSE, "Preferences" },
    { SC_ERROR, SC_ERROR_INVALID, "Preferences" },
    { SC_ERROR, SC_ERROR_NOT_FOUND, "removed" },
    { SC_ERROR, SC_ERROR_DATABASE, "index.db" },
    { SC_ERROR, SC_ERROR_LIMIT, "Split" },
    { G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "permissions" },
    { G_FILE_ERROR, G_FILE_ERROR_NOSPC, "disk is full" },
    { G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "moved or removed" },
    { SC_ERROR, SC_ERROR_FAILED, "report" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (cases[i].domain, cases[i].code, "x");
      g_autofree char *advice = sc_app_error_advice (error);

      g_assert_nonnull (strstr (advice, cases[i].expect));
    }
}

/* A text whose file went away after indexing: the reader says so, and a
 * toast tells what happened. */
static void
test_open_missing_text (ScGuiFixture  *f,
                        gconstpointer  data)
{
  ScWindow *window = present_window (f->catalog);
  g_autofree char *path = g_build_filename (f->library_dir, "en", "wages-and-profit.xml", NULL);
  GtkWidget *reader = sc_gui_find (GTK_WIDGET (window), SC_TYPE_READER_PAGE, NULL);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-text", "(sss)",
                                             "wages-and-profit", "", ""));
  SC_GUI_WAIT_UNTIL (find_label (GTK_WIDGET (window), "Could not open the text") != NULL, 10);
  g_assert_nonnull (find_button (GTK_WIDGET (window), "_Details"));
  g_assert_nonnull (reader);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The index breaks while the app runs: the window says the library could
 * not be updated, once (the pages failing the same way after it add no
 * toast of their own), with details, and the app goes on. */
static void
test_catalog_failure (ScGuiFixture  *f,
                      gconstpointer  data)
{
  ScWindow *window = present_window (f->catalog);
  const char *index_path = sc_catalog_get_index_path (f->catalog);
  g_autofree char *wal = g_strconcat (index_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (index_path, "-shm", NULL);
  AdwMessageDialog *dialog;

  sc_gui_spin (300);
  g_assert_null (find_button (GTK_WIDGET (window), "_Details"));

  /* A folder where the index was: it cannot be opened any more. */
  g_unlink (wal);
  g_unlink (shm);
  g_assert_cmpint (g_unlink (index_path), ==, 0);
  g_assert_cmpint (g_mkdir (index_path, 0700), ==, 0);

  sc_catalog_refresh (f->catalog);
  SC_GUI_WAIT_UNTIL (!sc_catalog_get_indexing (f->catalog), 30);
  SC_GUI_WAIT_UNTIL (find_label (GTK_WIDGET (window), "Could not update the library") != NULL, 5);
  sc_gui_spin (500);
  g_assert_nonnull (find_label (GTK_WIDGET (window), "Could not update the library"));
  g_assert_null (find_label (GTK_WIDGET (window), "Could not show the library"));

  g_signal_emit_by_name (find_button (GTK_WIDGET (window), "_Details"), "clicked");
  SC_GUI_WAIT_UNTIL (find_message_dialog () != NULL, 5);
  dialog = find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), index_path));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* In the preferences window, the toast shows there. */
static void
test_report_in_preferences_window (ScGuiFixture  *f,
                                   gconstpointer  data)
{
  GtkWidget *preferences = adw_preferences_window_new ();
  GtkWidget *page = adw_preferences_page_new ();
  g_autoptr(GError) error = g_error_new_literal (SC_ERROR, SC_ERROR_IO, "cannot read");

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (preferences), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (preferences));
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (preferences), 10);

  sc_app_report_error (page, "Could not add the folder", error);
  sc_gui_spin (50);
  g_assert_nonnull (find_label (preferences, "Could not add the folder"));

  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* Paths under the home folder read "~/…"; others stay as they are. */
static void
test_display_path (ScGuiFixture  *f,
                   gconstpointer  data)
{
  const char *home = g_get_home_dir ();
  g_autofree char *inside = g_build_filename (home, "Documents", "texts", NULL);
  g_autofree char *sibling = g_strconcat (home, "-other", NULL);
  g_autofree char *shown_inside = sc_app_display_path (inside);
  g_autofree char *shown_home = sc_app_display_path (home);
  g_autofree char *shown_sibling = sc_app_display_path (sibling);
  g_autofree char *shown_elsewhere = sc_app_display_path ("/srv/library");

  g_assert_cmpstr (shown_inside, ==, "~/Documents/texts");
  g_assert_cmpstr (shown_home, ==, "~");
  g_assert_cmpstr (shown_sibling, ==, sibling);
  g_assert_cmpstr (shown_elsewhere, ==, "/srv/library");
}

int
main (int   argc,
      char *argv[])
{
  if (!sc_gui_init (&argc, &argv))
    return 0;

#define ADD(path, func) g_test_add (path, ScGuiFixture, NULL, sc_gui_fixture_setup, func, sc_gui_fixture_teardown)
  ADD ("/errors/toast-and-details", test_report_shows_toast_and_details);
  ADD ("/errors/cancellation-is-silent", test_cancellation_is_silent);
  ADD ("/errors/advice", test_advice);
  ADD ("/errors/open-missing-text", test_open_missing_text);
  ADD ("/errors/catalog-failure", test_catalog_failure);
  ADD ("/errors/preferences-window", test_report_in_preferences_window);
  ADD ("/util/display-path", test_display_path);
#undef ADD
  return g_test_run ();
}
