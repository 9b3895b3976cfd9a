/* test-gui-adaptive.c: the window is usable on a phone, 360 px wide
 *
 * Every page fits in 360×640 (no page asks for more width), the view
 * switcher moves to a bar at the bottom when narrow and back to the
 * header bar when wide. With SC_SCREENSHOT_DIR set, each page is saved
 * there as a PNG for a person to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-gui-test-util.h"
#include "sc-window.h"

#define NARROW_WIDTH 360
#define NARROW_HEIGHT 640

static const char *pages[] = { "library", "search", "guides", "groups" };

static ScWindow *
present_window (ScGuiFixture *f,
                int           width,
                int           height)
{
  ScWindow *window = g_object_new (SC_TYPE_WINDOW, "catalog", f->catalog, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)), 10);
  sc_gui_spin (300);
  return window;
}

/* The widest minimum among @widget's descendants that are wider than
 * @limit, for the failure message: what to fix. */
static void
describe_too_wide (GtkWidget *widget,
                   int        limit,
                   GString   *out,
                   guint      depth)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int min = 0;

      if (!gtk_widget_get_visible (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      if (min > limit)
        {
          g_string_append_printf (out, "%*s%s “%s” needs %d px\n", depth * 2, "",
                                  G_OBJECT_TYPE_NAME (child), gtk_widget_get_name (child), min);
          describe_too_wide (child, limit, out, depth + 1);
        }
    }
}

static void
save_screenshot (ScWindow   *window,
                 const char *name)
{
  const char *dir = g_getenv ("SC_SCREENSHOT_DIR");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL || *dir == '\0')
    return;
  g_mkdir_with_parents (dir, 0755);
  file = g_strdup_printf ("narrow-%s.png", name);
  path = g_build_filename (dir, file, NULL);
  sc_gui_screenshot (GTK_WIDGET (window), path);
}

static void
test_every_page_fits (ScGuiFixture  *f,
                      gconstpointer  data)
{
  ScWindow *window = present_window (f, NARROW_WIDTH, NARROW_HEIGHT);
  AdwViewStack *stack = ADW_VIEW_STACK (sc_gui_find (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL));
  AdwLeaflet *leaflet = ADW_LEAFLET (sc_gui_find (GTK_WIDGET (window), ADW_TYPE_LEAFLET, NULL));
  g_autoptr(GString) too_wide = g_string_new (NULL);
  int min = 0;

  /* Each page on its own, so that the message names every culprit. */
  for (guint i = 0; i <= G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = i < G_N_ELEMENTS (pages)
                        ? adw_view_stack_get_child_by_name (stack, pages[i])
                        : adw_leaflet_get_child_by_name (leaflet, "reader");
      const char *name = i < G_N_ELEMENTS (pages) ? pages[i] : "reader";

      g_assert_nonnull (page);
      gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      if (min > NARROW_WIDTH)
        {
          g_string_append_printf (too_wide, "The %s page needs %d px:\n", name, min);
          describe_too_wide (page, NARROW_WIDTH, too_wide, 1);
        }
    }
  if (too_wide->len > 0)
    g_test_message ("%s", too_wide->str);
  g_assert_cmpstr (too_wide->str, ==, "");

  /* And so the window really is that narrow: nothing else (the header
   * bar, the bars around the pages) asks for more either. */
  gtk_widget_measure (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)),
                      GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min > NARROW_WIDTH)
    {
      describe_too_wide (GTK_WIDGET (window), NARROW_WIDTH, too_wide, 0);
      g_test_message ("The window needs %d px:\n%s", min, too_wide->str);
    }
  g_assert_cmpint (min, <=, NARROW_WIDTH);
  /* (The window is the default size less its frame: never wider.) */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, NARROW_WIDTH);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[i]));
      sc_gui_spin (200);
      save_screenshot (window, pages[i]);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-text", "(sss)",
                                             "the-general-strike", "seattle-1919", "Seattle"));
  sc_gui_spin (800);
  save_screenshot (window, "reader");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Narrow: the switcher is a bar at the bottom and the header shows the
 * title. Wide: the switcher is in the header bar and the bar is hidden. */
static void
test_switcher_moves (ScGuiFixture  *f,
                     gconstpointer  data)
{
  ScWindow *window = present_window (f, NARROW_WIDTH, NARROW_HEIGHT);
  AdwViewSwitcherBar *bar = ADW_VIEW_SWITCHER_BAR (sc_gui_find (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR, NULL));
  AdwViewSwitcherTitle *title = ADW_VIEW_SWITCHER_TITLE (sc_gui_find (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE, NULL));

  g_assert_nonnull (bar);
  g_assert_nonnull (title);
  SC_GUI_WAIT_UNTIL (adw_view_switcher_bar_get_reveal (bar), 5);
  g_assert_true (adw_view_switcher_title_get_title_visible (title));
  gtk_window_destroy (GTK_WINDOW (window));

  window = present_window (f, 1200, 800);
  bar = ADW_VIEW_SWITCHER_BAR (sc_gui_find (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR, NULL));
  title = ADW_VIEW_SWITCHER_TITLE (sc_gui_find (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE, NULL));
  SC_GUI_WAIT_UNTIL (!adw_view_switcher_bar_get_reveal (bar), 5);
  g_assert_false (adw_view_switcher_title_get_title_visible (title));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!sc_gui_init (&argc, &argv))
    return 0;

  /* The app's style sheet, as AdwApplication loads it: sizes depend on it. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/studycircle/StudyCircle/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add ("/adaptive/every-page-fits", ScGuiFixture, NULL, sc_gui_fixture_setup, test_every_page_fits, sc_gui_fixture_teardown);
  g_test_add ("/adaptive/switcher-moves", ScGuiFixture, NULL, sc_gui_fixture_setup, test_switcher_moves, sc_gui_fixture_teardown);
  return g_test_run ();
}
