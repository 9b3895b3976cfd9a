/* test-gui-spanish.c: the window speaks Spanish when asked to
 *
 * LANGUAGE=es with the build's translations (STUDYCIRCLE_LOCALEDIR): the
 * view switcher, the search page's empty and no-results states, and an
 * error toast read in Spanish.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sc-gui-test-util.h"
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

static void
test_view_switcher (ScGuiFixture  *f,
                    gconstpointer  data)
{
  ScWindow *window = present_window (f);
  AdwViewStack *stack = ADW_VIEW_STACK (sc_gui_find (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL));
  const struct { const char *name, *title; } pages[] = {
    { "library", "Biblioteca" },
    { "search", "Buscar" },
    { "guides", "Guías" },
    { "groups", "Grupos" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (stack, pages[i].name);
      AdwViewStackPage *page = adw_view_stack_get_page (stack, child);

      g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, pages[i].title);
      /* And the switcher shows it: a label in the window reads so. */
      g_assert_nonnull (find_label (GTK_WIDGET (window), pages[i].title));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_search_states (ScGuiFixture  *f,
                    gconstpointer  data)
{
  ScWindow *window = present_window (f);
  GtkWidget *page = sc_gui_find (GTK_WIDGET (window), SC_TYPE_SEARCH_PAGE, NULL);
  GtkWidget *entry;
  AdwStatusPage *empty, *none;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  entry = GTK_WIDGET (gtk_widget_get_template_child (page, SC_TYPE_SEARCH_PAGE, "search_entry"));
  empty = ADW_STATUS_PAGE (gtk_widget_get_template_child (page, SC_TYPE_SEARCH_PAGE, "empty_status"));
  none = ADW_STATUS_PAGE (gtk_widget_get_template_child (page, SC_TYPE_SEARCH_PAGE, "no_results_status"));

  /* Nothing typed: the invitation to search. */
  g_assert_cmpstr (adw_status_page_get_title (empty), ==, "Buscar en la biblioteca");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (empty)));

  /* A word the library does not have. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "zzyzxqq");
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (none)), 10);
  g_assert_cmpstr (adw_status_page_get_title (none), ==, "No se encontraron resultados");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A failure reaches the person in Spanish too. */
static void
test_error_toast (ScGuiFixture  *f,
                  gconstpointer  data)
{
  ScWindow *window = present_window (f);
  g_autofree char *path = g_build_filename (f->library_dir, "en", "wages-and-profit.xml", NULL);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-text", "(sss)",
                                             "wages-and-profit", "", ""));
  SC_GUI_WAIT_UNTIL (find_label (GTK_WIDGET (window), "No se pudo abrir el texto") != NULL, 10);
  g_assert_nonnull (find_button (GTK_WIDGET (window), "_Detalles"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("STUDYCIRCLE_LOCALEDIR");

  /* As main.c does, in Spanish. Setting the locale again after LANGUAGE
   * makes gettext forget what it had looked up. */
  g_setenv ("LANGUAGE", "es", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!sc_gui_init (&argc, &argv))
    return 0;

  /* The translation is there at all: else every check below would fail
   * for a reason that is not the window's. */
  g_assert_cmpstr (_("Library"), ==, "Biblioteca");

  g_test_add ("/spanish/view-switcher", ScGuiFixture, NULL, sc_gui_fixture_setup, test_view_switcher, sc_gui_fixture_teardown);
  g_test_add ("/spanish/search-states", ScGuiFixture, NULL, sc_gui_fixture_setup, test_search_states, sc_gui_fixture_teardown);
  g_test_add ("/spanish/error-toast", ScGuiFixture, NULL, sc_gui_fixture_setup, test_error_toast, sc_gui_fixture_teardown);
  return g_test_run ();
}
