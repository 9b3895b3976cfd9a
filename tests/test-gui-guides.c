/* test-gui-guides.c: the Guides page on the fixture library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-gui-test-util.h"
#include "sc-guides-page.h"
#include "sc-paths.h"
#include "sc-study.h"

static char *data_home;

/* A window holding the page, with a "win.open-text" that records what it
 * was asked to open, as ScWindow's would open it. */
typedef struct {
  GtkWindow    *window;
  ScGuidesPage *page;
  char         *opened;
} Harness;

static void
on_open_text_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  Harness *h = user_data;

  g_free (h->opened);
  h->opened = g_variant_print (parameter, FALSE);
}

static void
harness_init (Harness   *h,
              ScCatalog *catalog)
{
  const GActionEntry entries[] = { { "open-text", on_open_text_cb, "(sss)" } };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), h);
  h->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (h->window, 1100, 800);
  gtk_widget_insert_action_group (GTK_WIDGET (h->window), "win", G_ACTION_GROUP (group));
  h->page = SC_GUIDES_PAGE (sc_guides_page_new (catalog));
  gtk_window_set_child (h->window, GTK_WIDGET (h->page));
  gtk_window_present (h->window);
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (h->page)), 10);
  SC_GUI_WAIT_UNTIL (!sc_guides_page_get_busy (h->page), 60);
  sc_gui_spin (100);
}

static void
harness_clear (Harness *h)
{
  gtk_window_destroy (h->window);
  g_clear_pointer (&h->opened, g_free);
}

/* Every label's text under @root, one a line (hidden ones too: a folded
 * session still holds its content). */
static void
collect_labels (GtkWidget *root,
                GString   *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
      collect_labels (child, out);
    }
}

static char *
page_text (Harness *h)
{
  GString *out = g_string_new (NULL);

  collect_labels (GTK_WIDGET (h->page), out);
  return g_string_free (out, FALSE);
}

static gboolean
has_line (const char *text,
          const char *line)
{
  g_autofree char *needle = g_strdup_printf ("\n%s\n", line);
  g_autofree char *haystack = g_strdup_printf ("\n%s", text);

  return strstr (haystack, needle) != NULL;
}

/* The first reading row of a session under @root whose title is @title. */
static GtkWidget *
find_row (GtkWidget  *root,
          GType       type,
          const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          gtk_widget_has_css_class (child, "reading-row") &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      found = find_row (child, type, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The rows of the "Ready for the next session?" group, in order. */
static GPtrArray *
ready_rows (Harness *h)
{
  GtkWidget *ready = sc_gui_find (GTK_WIDGET (h->page), ADW_TYPE_PREFERENCES_GROUP, NULL);
  GPtrArray *rows = g_ptr_array_new ();
  GtkWidget *list;

  g_assert_nonnull (ready);
  g_assert_true (gtk_widget_has_css_class (ready, "ready-list"));
  list = sc_gui_find (ready, GTK_TYPE_LIST_BOX, NULL);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_has_css_class (row, "ready-row"))
      g_ptr_array_add (rows, row);
  return rows;
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
  /* Past the stack's crossfade and the expanders' animation. */
  sc_gui_spin (400);
  path = g_build_filename (dir, name, NULL);
  sc_gui_screenshot (widget, path);
}

static gboolean
ready_check_sensitive (Harness *h)
{
  g_autoptr(GPtrArray) rows = ready_rows (h);

  return rows->len > 0 &&
         gtk_widget_get_sensitive (adw_action_row_get_activatable_widget (g_ptr_array_index (rows, 0)));
}

static void
test_guides_list (ScGuiFixture  *f,
                  gconstpointer  data)
{
  Harness h = { 0 };
  g_autofree char *text = NULL;
  GtkListView *list;

  harness_init (&h, f->catalog);
  list = GTK_LIST_VIEW (sc_gui_find (GTK_WIDGET (h.page), GTK_TYPE_LIST_VIEW, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))), ==, 1);
  text = page_text (&h);
  g_assert_true (has_line (text, "Fixture Guide"));
  g_assert_true (has_line (text, "Two sessions over the fixture texts."));
  /* The only guide is chosen and shown. */
  g_assert_cmpstr (sc_guides_page_get_guide_id (h.page), ==, "fixture-guide");
  harness_clear (&h);
}

static void
test_guides_sessions (ScGuiFixture  *f,
                      gconstpointer  data)
{
  Harness h = { 0 };
  g_autofree char *text = NULL;

  harness_init (&h, f->catalog);
  text = page_text (&h);

  /* The guide's own facts. */
  g_assert_true (has_line (text, "Testers · 2 weeks · 2 sessions"));
  g_assert_true (has_line (text, "By Test Author"));

  /* Both sessions, their goals and questions, in order. */
  g_assert_true (has_line (text, "Wages first"));
  g_assert_true (has_line (text, "Strikes"));
  g_assert_true (has_line (text, "Understand wages."));
  g_assert_true (has_line (text, "What do wages pay for?"));
  g_assert_true (has_line (text, "Why did Seattle stop?"));
  g_assert_cmpint (strstr (text, "Wages first") - text, <, strstr (text, "Strikes") - text);
  g_assert_true (has_line (text, "1 reading · 10 minutes"));
  g_assert_true (has_line (text, "3 readings · 90 minutes"));

  /* Key terms carry their definition from the guide's glossary. */
  g_assert_true (has_line (text, "wages — The price paid for labor power, usually by the hour."));

  /* Library readings are named by their text's title and headings. */
  g_assert_true (has_line (text, "Wages and Profit — Wages to Profit"));
  g_assert_true (has_line (text, "10 min"));

  /* The missing text says so; the outside work names author and year. */
  g_assert_nonnull (find_row (GTK_WIDGET (h.page), ADW_TYPE_ACTION_ROW, "not-in-this-library"));
  g_assert_true (has_line (text, "Not in this library: ask your group for a copy."));
  g_assert_true (has_line (text, "Wage Labour and Capital"));
  g_assert_true (strstr (text, "Karl Marx, 1849\nSections I to III.") != NULL);
  harness_clear (&h);
}

static void
test_guides_open_reading (ScGuiFixture  *f,
                          gconstpointer  data)
{
  Harness h = { 0 };
  GtkWidget *first, *missing, *external;

  harness_init (&h, f->catalog);

  /* The first session's reading opens the reader at its first section. */
  first = find_row (GTK_WIDGET (h.page), ADW_TYPE_ACTION_ROW, "Wages and Profit — Wages to Profit");
  g_assert_nonnull (first);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (first)), ==, "win.open-text");
  g_assert_true (gtk_widget_activate (first));
  g_assert_cmpstr (h.opened, ==, "('wages-and-profit', 'wages', '')");

  /* What the library lacks opens nothing in the reader. */
  g_clear_pointer (&h.opened, g_free);
  missing = find_row (GTK_WIDGET (h.page), ADW_TYPE_ACTION_ROW, "not-in-this-library");
  g_assert_null (gtk_actionable_get_action_name (GTK_ACTIONABLE (missing)));
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (missing)));
  g_assert_true (gtk_widget_has_css_class (missing, "missing-reading"));

  /* An outside work has a button to its web page. */
  external = find_row (GTK_WIDGET (h.page), ADW_TYPE_ACTION_ROW, "Wage Labour and Capital");
  g_assert_nonnull (external);
  g_assert_nonnull (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (external)));
  g_assert_cmpstr (g_object_get_data (G_OBJECT (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (external))), "url"),
                   ==, "https://www.marxists.org/archive/marx/works/1847/wage-labour/index.htm");
  g_assert_null (h.opened);

  /* The second session, open, for a look. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (gtk_widget_get_ancestor (missing, ADW_TYPE_EXPANDER_ROW)), TRUE);
  {
    GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (missing, GTK_TYPE_SCROLLED_WINDOW));

    sc_gui_spin (400);
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), 480);
  }
  maybe_screenshot (GTK_WIDGET (h.window), "guides-fixture.png");

  harness_clear (&h);
}

/* Without a study group: the first session's readings, to tick for now. */
static void
test_guides_ready_first_session (ScGuiFixture  *f,
                                 gconstpointer  data)
{
  Harness h = { 0 };
  g_autoptr(GPtrArray) rows = NULL;

  harness_init (&h, f->catalog);
  rows = ready_rows (&h);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==,
                   "Wages and Profit — Wages to Profit");
  harness_clear (&h);
}

/* With a group that follows the guide: the next session's readings, and
 * ticking one saves my progress in the study store. */
static void
test_guides_ready_group (ScGuiFixture  *f,
                         gconstpointer  data)
{
  g_autofree char *path = sc_paths_study_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStudyStore) store = sc_study_store_open (path, &error);
  g_autoptr(ScGroup) group = sc_study_group_new ("Tuesday circle");
  g_autoptr(ScMember) ana = sc_study_member_new ("Ana");
  g_autoptr(ScMember) ben = sc_study_member_new ("Ben");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = g_date_time_add_days (now, -3);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) progress = NULL;
  Harness h = { 0 };
  AdwComboRow *me;
  GtkWidget *check;

  g_assert_no_error (error);
  group->guide_id = g_strdup ("fixture-guide");
  group->start_date = g_date_time_format (start, "%Y-%m-%d");
  group->status = SC_GROUP_ACTIVE;
  g_assert_true (sc_study_store_save_group (store, group, &error));
  g_assert_true (sc_study_store_add_member (store, group->id, ana, &error));
  g_assert_true (sc_study_store_add_member (store, group->id, ben, &error));
  g_assert_no_error (error);

  harness_init (&h, f->catalog);

  /* Session 1 met three days ago: session 2 is next, with its 3 readings. */
  rows = ready_rows (&h);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==,
                   "The General Strike — What a general strike is to Lessons");
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 2)), ==, "Wage Labour and Capital");

  /* Who I am is asked; until then nothing can be ticked. */
  me = ADW_COMBO_ROW (sc_gui_find (GTK_WIDGET (h.page), ADW_TYPE_COMBO_ROW, NULL));
  g_assert_nonnull (me);
  check = adw_action_row_get_activatable_widget (g_ptr_array_index (rows, 0));
  if (adw_combo_row_get_selected (me) == GTK_INVALID_LIST_POSITION)
    g_assert_false (gtk_widget_get_sensitive (check));
  adw_combo_row_set_selected (me, 1);   /* Ben */
  /* The checklist is rebuilt for Ben once the loop is idle. */
  SC_GUI_WAIT_UNTIL (ready_check_sensitive (&h), 10);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = ready_rows (&h);
  check = adw_action_row_get_activatable_widget (g_ptr_array_index (rows, 0));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  progress = sc_study_store_list_progress (store, group->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progress->len, ==, 1);
  g_assert_cmpstr (((ScProgress *) g_ptr_array_index (progress, 0))->member_id, ==, ben->id);
  g_assert_cmpstr (((ScProgress *) g_ptr_array_index (progress, 0))->reading_key, ==, "guide:session-2:1");
  g_assert_cmpint (((ScProgress *) g_ptr_array_index (progress, 0))->status, ==, SC_READING_DONE);

  /* Shown again, the tick is read back from the store. */
  gtk_widget_set_visible (GTK_WIDGET (h.page), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (h.page), TRUE);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = ready_rows (&h);
  check = adw_action_row_get_activatable_widget (g_ptr_array_index (rows, 0));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));

  harness_clear (&h);
  g_assert_true (sc_study_store_remove_member (store, group->id, ana->id, &error));
  g_assert_true (sc_study_store_remove_member (store, group->id, ben->id, &error));
  group->status = SC_GROUP_ARCHIVED;
  g_assert_true (sc_study_store_save_group (store, group, &error));
}

/* On the bundled library, guides in the language of the interface come
 * first. */
static void
test_guides_language_first (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sc-gui-guides-XXXXXX", &error);
  g_autofree char *index_path = g_build_filename (tmp, "index.db", NULL);
  g_autofree char *datadir = g_test_build_filename (G_TEST_DIST, "..", "data", NULL);
  g_autoptr(ScCatalog) catalog = NULL;
  const char *langs[] = { "es", "en" };

  g_setenv ("STUDYCIRCLE_DATADIR", datadir, TRUE);
  catalog = sc_catalog_new (index_path, NULL);
  sc_catalog_refresh (catalog);
  SC_GUI_WAIT_UNTIL (!sc_catalog_get_indexing (catalog), 60);

  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      Harness h = { 0 };
      GListModel *model;
      guint n, seen_other = 0;

      g_setenv ("LANGUAGE", langs[l], TRUE);
      harness_init (&h, catalog);
      model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (sc_gui_find (GTK_WIDGET (h.page), GTK_TYPE_LIST_VIEW, NULL))));
      n = g_list_model_get_n_items (model);
      g_assert_cmpuint (n, >=, 2);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(ScDocument) doc = g_list_model_get_item (model, i);
          gboolean mine = g_strcmp0 (sc_document_get_lang (doc), langs[l]) == 0;

          /* Never one of mine after one of the others. */
          g_assert_false (mine && seen_other > 0);
          seen_other += !mine;
        }
      g_assert_cmpuint (seen_other, <, n);
      g_assert_cmpuint (seen_other, >, 0);
      harness_clear (&h);
    }
  g_unsetenv ("LANGUAGE");

  g_clear_object (&catalog);
  sc_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* The study store of these tests lives in a temporary home. */
  data_home = g_dir_make_tmp ("sc-gui-guides-home-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  if (!sc_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/guides/list", ScGuiFixture, NULL, sc_gui_fixture_setup, test_guides_list, sc_gui_fixture_teardown);
  g_test_add ("/guides/sessions", ScGuiFixture, NULL, sc_gui_fixture_setup, test_guides_sessions, sc_gui_fixture_teardown);
  g_test_add ("/guides/open-reading", ScGuiFixture, NULL, sc_gui_fixture_setup, test_guides_open_reading, sc_gui_fixture_teardown);
  g_test_add ("/guides/ready/first-session", ScGuiFixture, NULL, sc_gui_fixture_setup, test_guides_ready_first_session, sc_gui_fixture_teardown);
  g_test_add ("/guides/ready/group", ScGuiFixture, NULL, sc_gui_fixture_setup, test_guides_ready_group, sc_gui_fixture_teardown);
  g_test_add_func ("/guides/language-first", test_guides_language_first);
  status = g_test_run ();

  sc_test_remove_tree (data_home);
  g_free (data_home);
  return status;
}
