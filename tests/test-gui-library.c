/* test-gui-library.c: the library page over the fixture library
 *
 * The fixture library holds six documents: four texts (two introductory,
 * one intermediate, one TEI text without a level), one guide and one
 * glossary. The page lists the texts and the guide, not the glossary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-document-row.h"
#include "sc-gui-test-util.h"
#include "sc-library-item.h"
#include "sc-library-page.h"
#include "sc-study.h"
#include "sc-window.h"

typedef struct {
  GtkWidget     *window;
  ScLibraryPage *page;
  GPtrArray     *activations;   /* "action(parameter)" of each win. action */
} PageHarness;

static void
record_activation_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  PageHarness *h = user_data;
  g_autofree char *printed = g_variant_print (parameter, FALSE);

  g_ptr_array_add (h->activations, g_strdup_printf ("%s%s", g_action_get_name (G_ACTION (action)), printed));
}

static GtkWidget *
child_named (ScLibraryPage *page,
             GType          type,
             const char    *name)
{
  GtkWidget *widget = sc_gui_find (GTK_WIDGET (page), type, name);

  g_assert_nonnull (widget);
  return widget;
}

static const char *
visible_view (ScLibraryPage *page)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child_named (page, GTK_TYPE_STACK, "library-stack")));
}

static GListModel *
list_model (ScLibraryPage *page)
{
  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (child_named (page, GTK_TYPE_LIST_VIEW, "library-list"))));
}

/* The titles of the list in order, headers as "# Title". */
static char *
listed (ScLibraryPage *page)
{
  GListModel *model = list_model (page);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ScLibraryItem) item = g_list_model_get_item (model, i);

      if (out->len > 0)
        g_string_append (out, " | ");
      if (sc_library_item_is_header (item))
        g_string_append (out, "# ");
      g_string_append (out, sc_library_item_get_title (item));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
listed_is (ScLibraryPage *page,
           const char    *expected)
{
  g_autofree char *titles = listed (page);

  return strcmp (titles, expected) == 0;
}

static guint
position_of (ScLibraryPage *page,
             const char    *title)
{
  GListModel *model = list_model (page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ScLibraryItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (sc_library_item_get_title (item), title) == 0)
        return i;
    }
  g_assert_not_reached ();
}

static ScLibraryItem *
item_titled (ScLibraryPage *page,
             const char    *title)
{
  return g_list_model_get_item (list_model (page), position_of (page, title));
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (SC_IS_DOCUMENT_ROW (child))
        g_ptr_array_add (rows, child);
      else
        collect_rows (child, rows);
    }
}

/* The row widget showing @title, as drawn. */
static GtkWidget *
row_showing (ScLibraryPage *page,
             const char    *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (child_named (page, GTK_TYPE_LIST_VIEW, "library-list"), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      ScLibraryItem *item = sc_document_row_get_item (g_ptr_array_index (rows, i));

      if (item != NULL && gtk_widget_get_mapped (g_ptr_array_index (rows, i)) &&
          g_strcmp0 (sc_library_item_get_title (item), title) == 0)
        return g_ptr_array_index (rows, i);
    }
  return NULL;
}

static gboolean
has_label (GtkWidget  *root,
           const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child) &&
          g_strcmp0 (gtk_label_get_label (GTK_LABEL (child)), text) == 0)
        return TRUE;
      if (has_label (child, text))
        return TRUE;
    }
  return FALSE;
}

/* Whether @root draws a label reading @text. */
static gboolean
shows_label (GtkWidget  *root,
             const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) &&
          g_strcmp0 (gtk_label_get_label (GTK_LABEL (child)), text) == 0)
        return TRUE;
      if (shows_label (child, text))
        return TRUE;
    }
  return FALSE;
}

static void
select_choice (ScLibraryPage *page,
               const char    *dropdown_name,
               const char    *choice)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (child_named (page, GTK_TYPE_DROP_DOWN, dropdown_name));
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) string = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (string), choice) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }
  g_error ("no “%s” in %s", choice, dropdown_name);
}

static char *
choices (ScLibraryPage *page,
         const char    *dropdown_name)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (child_named (page, GTK_TYPE_DROP_DOWN, dropdown_name)));
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) string = g_list_model_get_item (model, i);

      g_string_append_printf (out, "%s%s", i > 0 ? " | " : "", gtk_string_object_get_string (string));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
maybe_screenshot (GtkWidget  *widget,
                  const char *name)
{
  const char *dir = g_getenv ("SC_SCREENSHOT_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  /* Past the stack's crossfade. */
  sc_gui_spin (400);
  path = g_build_filename (dir, name, NULL);
  sc_gui_screenshot (widget, path);
}

static void
harness_setup (PageHarness  *h,
               ScGuiFixture *f)
{
  static const GActionEntry entries[] = {
    { "open-text", record_activation_cb, "(sss)", NULL, NULL, { 0 } },
    { "show-page", record_activation_cb, "s", NULL, NULL, { 0 } },
    { "open-guide", record_activation_cb, "s", NULL, NULL, { 0 } },
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

  h->activations = g_ptr_array_new_with_free_func (g_free);
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), h);

  h->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (h->window), 960, 760);
  gtk_widget_insert_action_group (h->window, "win", G_ACTION_GROUP (group));
  h->page = SC_LIBRARY_PAGE (sc_library_page_new (f->catalog));
  gtk_window_set_child (GTK_WINDOW (h->window), GTK_WIDGET (h->page));
  gtk_window_present (GTK_WINDOW (h->window));
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (h->window), 10);
  SC_GUI_WAIT_UNTIL (g_strcmp0 (visible_view (h->page), "list") == 0, 10);
  sc_gui_spin (100);
}

static void
harness_teardown (PageHarness *h)
{
  gtk_window_destroy (GTK_WINDOW (h->window));
  g_ptr_array_unref (h->activations);
  sc_gui_spin (50);
}

#define ALL_BY_LEVEL \
  "# Introductory | Wages and Profit | La huelga general" \
  " | # Intermediate | The General Strike" \
  " | # Other Texts | A Sample of Old Print" \
  " | # Study Guides | Fixture Guide"

static void
test_library_rows (ScGuiFixture  *f,
                   gconstpointer  data)
{
  PageHarness h;
  GtkWidget *row;
  g_autoptr(ScLibraryItem) header = NULL;

  harness_setup (&h, f);

  /* Texts and the guide, introductory first; no glossary. */
  SC_GUI_WAIT_UNTIL (listed_is (h.page, ALL_BY_LEVEL), 10);
  g_assert_cmpuint (position_of (h.page, "Wages and Profit"), <, position_of (h.page, "The General Strike"));
  header = g_list_model_get_item (list_model (h.page), 0);
  g_assert_cmpuint (sc_library_item_get_n_documents (header), ==, 2);
  g_assert_cmpstr (sc_library_item_get_subtitle (header), ==, "2 texts");

  /* What a row shows, as drawn. */
  row = row_showing (h.page, "Wages and Profit");
  g_assert_nonnull (row);
  g_assert_true (has_label (row, "Wages and Profit"));
  g_assert_true (has_label (row, "Test Author · 2020 · 1 min · English"));
  g_assert_true (has_label (row, "A fixture about wages, profit and crises."));
  g_assert_true (has_label (row, "Introductory"));
  row = row_showing (h.page, "La huelga general");
  g_assert_nonnull (row);
  g_assert_true (has_label (row, "Autora de Prueba · 2022 · 1 min · Español"));
  row = row_showing (h.page, "Fixture Guide");
  g_assert_nonnull (row);
  g_assert_true (has_label (row, "Study guide"));
  /* No study store: no progress shown, no "Continue reading". */
  g_assert_false (gtk_widget_get_visible (child_named (h.page, GTK_TYPE_BOX, "continue-reading")));
  g_assert_cmpfloat (sc_library_item_get_progress (sc_document_row_get_item (SC_DOCUMENT_ROW (row))), <, 0);

  /* The choices come from the documents present. */
  {
    g_autofree char *languages = choices (h.page, "language-dropdown");
    g_autofree char *topics = choices (h.page, "topic-dropdown");

    g_assert_cmpstr (languages, ==, "All languages | English | Español");
    g_assert_true (shows_label (child_named (h.page, GTK_TYPE_DROP_DOWN, "language-dropdown"), "All languages"));
    g_assert_false (shows_label (child_named (h.page, GTK_TYPE_DROP_DOWN, "language-dropdown"), "English"));
    g_assert_nonnull (strstr (topics, "economics"));
    g_assert_nonnull (strstr (topics, "huelgas"));
  }

  maybe_screenshot (h.window, "library-fixture.png");
  harness_teardown (&h);
}

/* A loading state while the first listing runs; an empty library says so. */
static void
test_library_states (ScGuiFixture  *f,
                     gconstpointer  data)
{
  g_autofree char *empty_dir = g_build_filename (f->tmp, "empty-library", NULL);
  g_autofree char *empty_index = g_build_filename (f->tmp, "empty-index.db", NULL);
  const char *folders[] = { empty_dir, NULL };
  g_autoptr(ScCatalog) empty = NULL;
  GtkWidget *window = gtk_window_new ();
  ScLibraryPage *page = SC_LIBRARY_PAGE (sc_library_page_new (f->catalog));

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  g_assert_cmpstr (visible_view (page), ==, "loading");
  gtk_window_present (GTK_WINDOW (window));
  SC_GUI_WAIT_UNTIL (g_strcmp0 (visible_view (page), "list") == 0, 10);
  gtk_window_destroy (GTK_WINDOW (window));

  g_assert_cmpint (g_mkdir_with_parents (empty_dir, 0700), ==, 0);
  empty = sc_catalog_new (empty_index, folders);
  sc_catalog_refresh (empty);
  SC_GUI_WAIT_UNTIL (!sc_catalog_get_indexing (empty), 30);
  window = gtk_window_new ();
  page = SC_LIBRARY_PAGE (sc_library_page_new (empty));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  SC_GUI_WAIT_UNTIL (g_strcmp0 (visible_view (page), "no-library") == 0, 10);
  gtk_window_destroy (GTK_WINDOW (window));
  sc_gui_spin (50);
}

static void
test_library_filters (ScGuiFixture  *f,
                      gconstpointer  data)
{
  PageHarness h;
  GtkEditable *author;

  harness_setup (&h, f);

  select_choice (h.page, "language-dropdown", "Español");
  SC_GUI_WAIT_UNTIL (listed_is (h.page, "# Introductory | La huelga general"), 10);
  sc_gui_spin (50);
  g_assert_true (shows_label (child_named (h.page, GTK_TYPE_DROP_DOWN, "language-dropdown"), "Español"));
  /* Filtering does not shrink the choices. */
  {
    g_autofree char *languages = choices (h.page, "language-dropdown");

    g_assert_cmpstr (languages, ==, "All languages | English | Español");
  }
  select_choice (h.page, "language-dropdown", "All languages");
  SC_GUI_WAIT_UNTIL (listed_is (h.page, ALL_BY_LEVEL), 10);

  select_choice (h.page, "level-dropdown", "Intermediate");
  SC_GUI_WAIT_UNTIL (listed_is (h.page, "# Intermediate | The General Strike"), 10);
  select_choice (h.page, "level-dropdown", "All levels");

  select_choice (h.page, "kind-dropdown", "Study guides");
  SC_GUI_WAIT_UNTIL (listed_is (h.page, "# Study Guides | Fixture Guide"), 10);
  select_choice (h.page, "kind-dropdown", "Texts");
  SC_GUI_WAIT_UNTIL (listed_is (h.page, "# Introductory | Wages and Profit | La huelga general"
                                        " | # Intermediate | The General Strike"
                                        " | # Other Texts | A Sample of Old Print"), 10);
  select_choice (h.page, "kind-dropdown", "Texts and guides");

  select_choice (h.page, "topic-dropdown", "economics");
  SC_GUI_WAIT_UNTIL (listed_is (h.page, "# Introductory | Wages and Profit"), 10);
  select_choice (h.page, "topic-dropdown", "All topics");

  author = GTK_EDITABLE (child_named (h.page, GTK_TYPE_SEARCH_ENTRY, "author-entry"));
  gtk_editable_set_text (author, "autora");
  SC_GUI_WAIT_UNTIL (listed_is (h.page, "# Introductory | La huelga general"), 10);

  /* Nothing matches: the empty state, and its button clears every filter. */
  select_choice (h.page, "level-dropdown", "Advanced");
  SC_GUI_WAIT_UNTIL (g_strcmp0 (visible_view (h.page), "empty") == 0, 10);
  g_assert_true (gtk_widget_get_mapped (child_named (h.page, GTK_TYPE_BUTTON, "clear-filters-button")));
  maybe_screenshot (h.window, "library-empty.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "library.clear-filters", NULL));
  SC_GUI_WAIT_UNTIL (listed_is (h.page, ALL_BY_LEVEL), 10);
  g_assert_cmpstr (visible_view (h.page), ==, "list");
  g_assert_cmpstr (gtk_editable_get_text (author), ==, "");

  harness_teardown (&h);
}

static void
test_library_sorting (ScGuiFixture  *f,
                      gconstpointer  data)
{
  PageHarness h;

  harness_setup (&h, f);

  /* Other orders have no section headers. */
  select_choice (h.page, "sort-dropdown", "By title");
  SC_GUI_WAIT_UNTIL (listed_is (h.page, "A Sample of Old Print | Fixture Guide | La huelga general"
                                        " | The General Strike | Wages and Profit"), 10);
  select_choice (h.page, "sort-dropdown", "By year");
  SC_GUI_WAIT_UNTIL (listed_is (h.page, "A Sample of Old Print | Wages and Profit | The General Strike"
                                        " | La huelga general | Fixture Guide"), 10);
  select_choice (h.page, "sort-dropdown", "By author");
  SC_GUI_WAIT_UNTIL (listed_is (h.page, "The General Strike | La huelga general | A Sample of Old Print"
                                        " | Fixture Guide | Wages and Profit"), 10);
  /* Guides have no reading time: last. The texts all take a minute. */
  select_choice (h.page, "sort-dropdown", "By reading time");
  SC_GUI_WAIT_UNTIL (listed_is (h.page, "A Sample of Old Print | La huelga general | The General Strike"
                                        " | Wages and Profit | Fixture Guide"), 10);

  /* Sorting survives filtering. */
  select_choice (h.page, "sort-dropdown", "By title");
  select_choice (h.page, "language-dropdown", "English");
  SC_GUI_WAIT_UNTIL (listed_is (h.page, "A Sample of Old Print | Fixture Guide"
                                        " | The General Strike | Wages and Profit"), 10);
  select_choice (h.page, "sort-dropdown", "By level");
  SC_GUI_WAIT_UNTIL (listed_is (h.page, "# Introductory | Wages and Profit | # Intermediate | The General Strike"
                                        " | # Other Texts | A Sample of Old Print | # Study Guides | Fixture Guide"), 10);

  harness_teardown (&h);
}

static void
test_library_activate (ScGuiFixture  *f,
                       gconstpointer  data)
{
  PageHarness h;
  GtkWidget *list;

  harness_setup (&h, f);
  SC_GUI_WAIT_UNTIL (listed_is (h.page, ALL_BY_LEVEL), 10);
  list = child_named (h.page, GTK_TYPE_LIST_VIEW, "library-list");

  /* A text opens in the reader, at the start (or where I stopped). */
  g_assert_true (gtk_widget_activate_action (list, "list.activate-item", "u", position_of (h.page, "The General Strike")));
  g_assert_cmpuint (h.activations->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (h.activations, 0), ==, "open-text('the-general-strike', '', '')");

  /* A guide opens on the guides page. */
  g_assert_true (gtk_widget_activate_action (list, "list.activate-item", "u", position_of (h.page, "Fixture Guide")));
  g_assert_cmpuint (h.activations->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (h.activations, 1), ==, "open-guide'fixture-guide'");

  /* A section header does nothing. */
  gtk_widget_activate_action (list, "list.activate-item", "u", position_of (h.page, "Introductory"));
  g_assert_cmpuint (h.activations->len, ==, 2);

  harness_teardown (&h);
}

static void
test_library_in_window (ScGuiFixture  *f,
                        gconstpointer  data)
{
  ScWindow *window = g_object_new (SC_TYPE_WINDOW, "catalog", f->catalog, NULL);
  AdwLeaflet *leaflet;
  ScLibraryPage *page;
  GtkWidget *list;

  gtk_window_present (GTK_WINDOW (window));
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)), 10);
  page = SC_LIBRARY_PAGE (sc_gui_find (GTK_WIDGET (window), SC_TYPE_LIBRARY_PAGE, NULL));
  leaflet = ADW_LEAFLET (sc_gui_find (GTK_WIDGET (window), ADW_TYPE_LEAFLET, NULL));
  SC_GUI_WAIT_UNTIL (listed_is (page, ALL_BY_LEVEL), 10);
  list = child_named (page, GTK_TYPE_LIST_VIEW, "library-list");

  /* Arrows and Enter work at once: the first text has the focus. */
  {
    GtkWidget *focus;

    SC_GUI_WAIT_UNTIL ((focus = gtk_root_get_focus (GTK_ROOT (window))) != NULL &&
                       gtk_widget_is_ancestor (focus, list), 10);
    g_assert_true (SC_IS_DOCUMENT_ROW (gtk_widget_get_first_child (focus)));
    g_assert_cmpstr (sc_library_item_get_title (sc_document_row_get_item (SC_DOCUMENT_ROW (gtk_widget_get_first_child (focus)))),
                     ==, "Wages and Profit");
  }

  /* The window's own win.open-text: the reader comes up. */
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "main");
  g_assert_true (gtk_widget_activate_action (list, "list.activate-item", "u", position_of (page, "Wages and Profit")));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "reader");

  gtk_window_destroy (GTK_WINDOW (window));
  sc_gui_spin (50);
}

static void
test_library_reload (ScGuiFixture  *f,
                     gconstpointer  data)
{
  g_autofree char *source = g_build_filename (f->library_dir, "en", "wages-and-profit.xml", NULL);
  g_autofree char *target = g_build_filename (f->library_dir, "en", "strikes-and-lockouts.xml", NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GString) changed = NULL;
  PageHarness h;

  harness_setup (&h, f);
  SC_GUI_WAIT_UNTIL (listed_is (h.page, ALL_BY_LEVEL), 10);

  /* A new introductory text arrives in the library folder. */
  g_assert_true (g_file_get_contents (source, &xml, NULL, NULL));
  changed = g_string_new (xml);
  g_assert_cmpuint (g_string_replace (changed, "id=\"wages-and-profit\"", "id=\"strikes-and-lockouts\"", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (changed, "<title>Wages and Profit</title>", "<title>Strikes and Lockouts</title>", 1), ==, 1);
  g_assert_true (g_file_set_contents (target, changed->str, changed->len, NULL));

  sc_catalog_refresh (f->catalog);
  SC_GUI_WAIT_UNTIL (listed_is (h.page, "# Introductory | Strikes and Lockouts | Wages and Profit | La huelga general"
                                        " | # Intermediate | The General Strike"
                                        " | # Other Texts | A Sample of Old Print"
                                        " | # Study Guides | Fixture Guide"), 30);
  SC_GUI_WAIT_UNTIL (row_showing (h.page, "Strikes and Lockouts") != NULL, 10);

  /* And leaves again. */
  g_assert_cmpint (g_unlink (target), ==, 0);
  sc_catalog_refresh (f->catalog);
  SC_GUI_WAIT_UNTIL (listed_is (h.page, ALL_BY_LEVEL), 30);

  harness_teardown (&h);
}

static void
test_library_progress (ScGuiFixture  *f,
                       gconstpointer  data)
{
  g_autofree char *study_db = g_build_filename (f->tmp, "study.db", NULL);
  g_autofree char *missing_db = g_build_filename (f->tmp, "no-such", "study.db", NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *strip, *row;
  PageHarness h;

  {
    g_autoptr(ScStudyStore) store = sc_study_store_open (study_db, &error);

    g_assert_no_error (error);
    g_assert_true (sc_study_store_set_position (store, "the-general-strike", "seattle-1919", 0, 100.0, &error));
    g_assert_true (sc_study_store_set_position (store, "not-in-this-library", NULL, 0, 10.0, &error));
    g_assert_true (sc_study_store_set_position (store, "wages-and-profit", "profit", 12, 40.0, &error));
    g_assert_no_error (error);
  }

  harness_setup (&h, f);
  strip = child_named (h.page, GTK_TYPE_BOX, "continue-reading");

  /* A store that does not exist yet: nothing read. */
  sc_library_page_set_study_db (h.page, missing_db);
  sc_gui_spin (200);
  g_assert_false (gtk_widget_get_visible (strip));
  g_assert_false (g_file_test (missing_db, G_FILE_TEST_EXISTS));

  sc_library_page_set_study_db (h.page, study_db);
  SC_GUI_WAIT_UNTIL (gtk_widget_get_visible (strip), 10);
  sc_gui_spin (100);

  /* What I am still reading, and is in the library, only. */
  g_assert_true (has_label (strip, "Wages and Profit"));
  g_assert_false (has_label (strip, "The General Strike"));
  g_assert_true (has_label (strip, "40 % · 1 min left"));

  /* My progress on the rows. */
  {
    g_autoptr(ScLibraryItem) wages = item_titled (h.page, "Wages and Profit");
    g_autoptr(ScLibraryItem) strike = item_titled (h.page, "The General Strike");
    g_autoptr(ScLibraryItem) huelga = item_titled (h.page, "La huelga general");

    g_assert_cmpfloat (sc_library_item_get_progress (wages), ==, 40.0);
    g_assert_cmpfloat (sc_library_item_get_progress (strike), ==, 100.0);
    g_assert_cmpfloat (sc_library_item_get_progress (huelga), <, 0);
  }
  row = row_showing (h.page, "Wages and Profit");
  g_assert_true (has_label (row, "40 %"));
  row = row_showing (h.page, "The General Strike");
  g_assert_true (has_label (row, "Read"));
  maybe_screenshot (h.window, "library-progress.png");

  /* Rows made after a filter change keep the progress. */
  select_choice (h.page, "language-dropdown", "English");
  SC_GUI_WAIT_UNTIL (!listed_is (h.page, ALL_BY_LEVEL), 10);
  {
    g_autoptr(ScLibraryItem) wages = item_titled (h.page, "Wages and Profit");

    g_assert_cmpfloat (sc_library_item_get_progress (wages), ==, 40.0);
  }

  /* The strip opens the text where I stopped. */
  {
    GtkWidget *card = sc_gui_find (strip, GTK_TYPE_BUTTON, NULL);

    g_assert_nonnull (card);
    g_signal_emit_by_name (card, "clicked");
    g_assert_cmpuint (h.activations->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (h.activations, 0), ==, "open-text('wages-and-profit', '', '')");
  }

  /* I read on: the page reads the positions again. */
  {
    g_autoptr(ScStudyStore) store = sc_study_store_open (study_db, &error);

    g_assert_no_error (error);
    g_assert_true (sc_study_store_set_position (store, "wages-and-profit", "crisis", 0, 100.0, &error));
  }
  sc_library_page_reload_progress (h.page);
  SC_GUI_WAIT_UNTIL (!gtk_widget_get_visible (strip), 10);
  {
    g_autoptr(ScLibraryItem) wages = item_titled (h.page, "Wages and Profit");

    g_assert_cmpfloat (sc_library_item_get_progress (wages), ==, 100.0);
  }

  harness_teardown (&h);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;

  if (!sc_gui_init (&argc, &argv))
    return 0;

  /* The app's style sheet, as the application loads it. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/studycircle/StudyCircle/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add ("/library/rows", ScGuiFixture, NULL, sc_gui_fixture_setup, test_library_rows, sc_gui_fixture_teardown);
  g_test_add ("/library/states", ScGuiFixture, NULL, sc_gui_fixture_setup, test_library_states, sc_gui_fixture_teardown);
  g_test_add ("/library/filters", ScGuiFixture, NULL, sc_gui_fixture_setup, test_library_filters, sc_gui_fixture_teardown);
  g_test_add ("/library/sorting", ScGuiFixture, NULL, sc_gui_fixture_setup, test_library_sorting, sc_gui_fixture_teardown);
  g_test_add ("/library/activate", ScGuiFixture, NULL, sc_gui_fixture_setup, test_library_activate, sc_gui_fixture_teardown);
  g_test_add ("/library/in-window", ScGuiFixture, NULL, sc_gui_fixture_setup, test_library_in_window, sc_gui_fixture_teardown);
  g_test_add ("/library/reload", ScGuiFixture, NULL, sc_gui_fixture_setup, test_library_reload, sc_gui_fixture_teardown);
  g_test_add ("/library/progress", ScGuiFixture, NULL, sc_gui_fixture_setup, test_library_progress, sc_gui_fixture_teardown);
  return g_test_run ();
}
