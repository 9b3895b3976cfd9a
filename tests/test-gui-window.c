/* test-gui-window.c: the main window, its pages and its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-gui-test-util.h"
#include "sc-library-page.h"
#include "sc-reader-page.h"
#include "sc-search-page.h"
#include "sc-window.h"

static ScWindow *
present_window (ScGuiFixture *f)
{
  ScWindow *window = g_object_new (SC_TYPE_WINDOW, "catalog", f->catalog, NULL);

  gtk_window_present (GTK_WINDOW (window));
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)), 10);
  sc_gui_spin (100);
  return window;
}

static void
test_window_pages (ScGuiFixture  *f,
                   gconstpointer  data)
{
  ScWindow *window = present_window (f);
  GtkWidget *root = GTK_WIDGET (window);
  AdwViewStack *stack = ADW_VIEW_STACK (sc_gui_find (root, ADW_TYPE_VIEW_STACK, NULL));
  AdwLeaflet *leaflet = ADW_LEAFLET (sc_gui_find (root, ADW_TYPE_LEAFLET, NULL));

  g_assert_nonnull (sc_gui_find (root, SC_TYPE_LIBRARY_PAGE, NULL));
  g_assert_nonnull (sc_gui_find (root, SC_TYPE_SEARCH_PAGE, NULL));
  g_assert_nonnull (sc_gui_find (root, SC_TYPE_READER_PAGE, NULL));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "library");

  /* Ctrl+F: the search page. */
  g_assert_true (gtk_widget_activate_action (root, "win.search", NULL));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "search");

  /* Opening a text shows the reader; Back returns. */
  g_assert_true (gtk_widget_activate_action (root, "win.open-text", "(sss)", "the-general-strike", "seattle-1919", "Seattle"));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "reader");
  g_assert_true (gtk_widget_activate_action (root, "win.back", NULL));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "main");

  g_assert_true (gtk_widget_activate_action (root, "win.show-page", "s", "groups"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "groups");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_indexing_progress (ScGuiFixture  *f,
                               gconstpointer  data)
{
  ScWindow *window = present_window (f);
  GtkRevealer *revealer = GTK_REVEALER (sc_gui_find (GTK_WIDGET (window), GTK_TYPE_REVEALER, "indexing-revealer"));

  /* A refresh shows the progress bar while it runs, and hides it after. */
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  sc_catalog_refresh (f->catalog);
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  SC_GUI_WAIT_UNTIL (!sc_catalog_get_indexing (f->catalog), 30);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!sc_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/window/pages", ScGuiFixture, NULL, sc_gui_fixture_setup, test_window_pages, sc_gui_fixture_teardown);
  g_test_add ("/window/indexing-progress", ScGuiFixture, NULL, sc_gui_fixture_setup, test_window_indexing_progress, sc_gui_fixture_teardown);
  return g_test_run ();
}
