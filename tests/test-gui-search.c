/* test-gui-search.c: the search page, typed into, filtered, navigated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-gui-test-util.h"
#include "sc-search-filters.h"
#include "sc-search-page.h"
#include "sc-search-row.h"
#include "sc-window.h"

/* STUDYCIRCLE_DATADIR as meson gave it (the source tree's data), before
 * the fixture points it at an empty folder. */
static char *bundled_datadir;

typedef struct {
  GtkWidget    *window;
  ScSearchPage *page;
  GVariant     *opened;   /* the last win.open-text parameter */
} Harness;

static void
open_text_cb (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  Harness *h = user_data;

  g_clear_pointer (&h->opened, g_variant_unref);
  h->opened = g_variant_ref (parameter);
}

/* The page alone in a window, with a win.open-text that records what it
 * was asked to open. */
static void
harness_init (Harness      *h,
              ScCatalog    *catalog)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) open_text = g_simple_action_new ("open-text", G_VARIANT_TYPE ("(sss)"));

  g_signal_connect (open_text, "activate", G_CALLBACK (open_text_cb), h);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (open_text));

  h->opened = NULL;
  h->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (h->window), 800, 700);
  gtk_widget_insert_action_group (h->window, "win", G_ACTION_GROUP (group));
  h->page = SC_SEARCH_PAGE (sc_search_page_new (catalog));
  gtk_window_set_child (GTK_WINDOW (h->window), GTK_WIDGET (h->page));
  gtk_window_present (GTK_WINDOW (h->window));
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (h->page)), 10);
  sc_gui_spin (100);
}

static void
harness_clear (Harness *h)
{
  gtk_window_destroy (GTK_WINDOW (h->window));
  g_clear_pointer (&h->opened, g_variant_unref);
  /* Let cancelled tasks hand back their references. */
  sc_gui_spin (200);
}

static GtkWidget *
child (ScSearchPage *page,
       const char   *name)
{
  GtkWidget *widget = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), SC_TYPE_SEARCH_PAGE, name));

  g_assert_nonnull (widget);
  return widget;
}

static GtkWidget *
row_child (GtkWidget  *row,
           const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (row, SC_TYPE_SEARCH_ROW, name));
}

static GListModel *
results (ScSearchPage *page)
{
  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (child (page, "results_view"))));
}

static const char *
visible_state (ScSearchPage *page)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (page, "state_stack")));
}

static gboolean
shows_query (ScSearchPage *page,
             const char   *query)
{
  g_autofree char *shown = NULL;
  gboolean searching;

  g_object_get (page, "query", &shown, "searching", &searching, NULL);
  return !searching && g_strcmp0 (shown, query) == 0;
}

static gboolean
is_searching (ScSearchPage *page)
{
  gboolean searching;

  g_object_get (page, "searching", &searching, NULL);
  return searching;
}

/* Types @query (the entry's own delay applies) and waits for its results
 * and for the rows to be drawn. */
static void
search_for (ScSearchPage *page,
            const char   *query)
{
  gtk_editable_set_text (GTK_EDITABLE (child (page, "search_entry")), query);
  SC_GUI_WAIT_UNTIL (shows_query (page, query), 10);
  sc_gui_spin (100);
}

static const ScSearchHit *
hit_at (GListModel *model,
        guint       position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, position);
  g_autoptr(ScSearchResult) result = gtk_tree_list_row_get_item (row);

  /* The model holds the result: the hit outlives these references. */
  return sc_search_result_get_hit (result);
}

/* The doc ids of the results, in order, ","-joined. */
static char *
dup_doc_ids (ScSearchPage *page)
{
  GListModel *model = results (page);
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? "," : "", hit_at (model, i)->doc_id);
  return g_string_free (ids, FALSE);
}

/* The row widgets the list shows, in order. */
static GPtrArray *
shown_rows (ScSearchPage *page)
{
  GPtrArray *rows = g_ptr_array_new ();
  GtkWidget *view = child (page, "results_view");

  for (GtkWidget *item = gtk_widget_get_first_child (view); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);

      if (SC_IS_SEARCH_ROW (row) && gtk_widget_get_mapped (row) &&
          sc_search_row_get_item (SC_SEARCH_ROW (row)) != NULL)
        g_ptr_array_add (rows, row);
    }
  return rows;
}

static GtkWidget *
shown_row_of (ScSearchPage *page,
              const char   *doc_id,
              guint         depth)
{
  g_autoptr(GPtrArray) rows = shown_rows (page);

  for (guint i = 0; i < rows->len; i++)
    {
      GtkTreeListRow *item = sc_search_row_get_item (rows->pdata[i]);
      g_autoptr(ScSearchResult) result = gtk_tree_list_row_get_item (item);

      if (gtk_tree_list_row_get_depth (item) == depth &&
          g_strcmp0 (sc_search_result_get_hit (result)->doc_id, doc_id) == 0)
        return rows->pdata[i];
    }
  return NULL;
}

static void
test_search_empty_state (ScGuiFixture  *f,
                         gconstpointer  data)
{
  Harness h;

  harness_init (&h, f->catalog);

  /* Before typing: the hint, no count. */
  g_assert_cmpstr (visible_state (h.page), ==, "empty");
  g_assert_true (gtk_widget_get_mapped (child (h.page, "empty_status")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (h.page, "count_label"))), ==, "");

  /* Spaces are no query; clearing returns to the hint. */
  search_for (h.page, "strike");
  g_assert_cmpstr (visible_state (h.page), ==, "results");
  gtk_editable_set_text (GTK_EDITABLE (child (h.page, "search_entry")), "   ");
  SC_GUI_WAIT_UNTIL (g_strcmp0 (visible_state (h.page), "empty") == 0, 10);
  g_assert_cmpuint (g_list_model_get_n_items (results (h.page)), ==, 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (h.page, "count_label"))), ==, "");

  harness_clear (&h);
}

static void
test_search_one_result (ScGuiFixture  *f,
                        gconstpointer  data)
{
  Harness h;
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *row;
  const char *snippet;

  harness_init (&h, f->catalog);
  search_for (h.page, "Seattle");

  g_assert_cmpstr (visible_state (h.page), ==, "results");
  g_assert_cmpuint (g_list_model_get_n_items (results (h.page)), ==, 1);
  g_assert_cmpstr (hit_at (results (h.page), 0)->doc_id, ==, "the-general-strike");
  g_assert_cmpstr (hit_at (results (h.page), 0)->section_id, ==, "seattle-1919");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (h.page, "count_label"))), ==, "1 text");

  /* What the row shows. */
  rows = shown_rows (h.page);
  g_assert_cmpuint (rows->len, ==, 1);
  row = rows->pdata[0];
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (row_child (row, "title_label"))), ==, "The General Strike");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (row_child (row, "byline_label"))), ==, "Another Writer · 2021");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (row_child (row, "heading_label"))), ==, "Seattle, 1919");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (row_child (row, "lang_label"))), ==, "EN");
  snippet = gtk_label_get_label (GTK_LABEL (row_child (row, "snippet_label")));
  g_assert_nonnull (strstr (snippet, "<b>Seattle</b>"));
  g_assert_true (gtk_widget_get_visible (row_child (row, "snippet_label")));
  /* One matching section: nothing more to show. */
  g_assert_false (gtk_widget_get_visible (row_child (row, "more_button")));

  harness_clear (&h);
}

static void
test_search_more_sections (ScGuiFixture  *f,
                           gconstpointer  data)
{
  Harness h;
  GListModel *model;
  GtkWidget *row, *more;
  g_autoptr(GHashTable) sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_before;

  harness_init (&h, f->catalog);
  search_for (h.page, "strike");
  model = results (h.page);
  n_before = g_list_model_get_n_items (model);
  g_assert_cmpuint (n_before, ==, 2);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (h.page, "count_label"))), ==, "2 texts");

  /* Every section of The General Strike matches (its title does). */
  row = shown_row_of (h.page, "the-general-strike", 0);
  g_assert_nonnull (row);
  more = row_child (row, "more_button");
  g_assert_true (gtk_widget_get_visible (more));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (row_child (row, "more_label"))), ==, "2 more sections");

  g_signal_emit_by_name (more, "clicked");
  SC_GUI_WAIT_UNTIL (g_list_model_get_n_items (model) == n_before + 2, 10);
  sc_gui_spin (100);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (row_child (row, "more_label"))), ==, "Fewer sections");

  /* The text's row and its two others: all three sections, each once. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      const ScSearchHit *hit = hit_at (model, i);

      if (g_strcmp0 (hit->doc_id, "the-general-strike") == 0)
        g_assert_true (g_hash_table_add (sections, g_strdup (hit->section_id)));
    }
  g_assert_cmpuint (g_hash_table_size (sections), ==, 3);
  g_assert_true (g_hash_table_contains (sections, "what-it-is"));
  g_assert_true (g_hash_table_contains (sections, "seattle-1919"));
  g_assert_true (g_hash_table_contains (sections, "lessons"));

  /* The sections are drawn under the text, without its title again. */
  {
    GtkWidget *section = shown_row_of (h.page, "the-general-strike", 1);

    g_assert_nonnull (section);
    g_assert_true (gtk_widget_has_css_class (section, "section"));
    g_assert_false (gtk_widget_get_visible (row_child (section, "title_box")));
    g_assert_true (gtk_widget_get_visible (row_child (section, "heading_label")));
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (row_child (section, "snippet_label"))), "<b>"));
    g_assert_false (gtk_widget_get_visible (row_child (section, "more_button")));
  }

  /* A section opens at itself. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) item = g_list_model_get_item (model, i);
      const char *text_id, *section_id, *query;

      if (gtk_tree_list_row_get_depth (item) == 0)
        continue;
      g_assert_true (gtk_widget_activate_action (child (h.page, "results_view"), "list.activate-item", "u", i));
      g_assert_nonnull (h.opened);
      g_variant_get (h.opened, "(&s&s&s)", &text_id, &section_id, &query);
      g_assert_cmpstr (text_id, ==, "the-general-strike");
      g_assert_cmpstr (section_id, ==, hit_at (model, i)->section_id);
      g_assert_cmpstr (query, ==, "strike");
      break;
    }
  g_assert_nonnull (h.opened);

  /* Collapsing hides them again. */
  g_signal_emit_by_name (more, "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_before);

  harness_clear (&h);
}

static void
test_search_no_results (ScGuiFixture  *f,
                        gconstpointer  data)
{
  Harness h;

  harness_init (&h, f->catalog);
  search_for (h.page, "zzzqqq");

  g_assert_cmpstr (visible_state (h.page), ==, "no-results");
  g_assert_true (gtk_widget_get_mapped (child (h.page, "no_results_status")));
  g_assert_false (gtk_widget_get_mapped (child (h.page, "results_view")));
  /* The status page says it all: no "0 texts". */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (h.page, "count_label"))), ==, "");
  /* No filters: nothing to remove. */
  g_assert_false (gtk_widget_get_visible (child (h.page, "no_results_clear_button")));

  harness_clear (&h);
}

static void
test_search_paging (ScGuiFixture  *f,
                    gconstpointer  data)
{
  Harness h;
  GtkWidget *scroller;
  g_autofree char *ids = NULL;

  harness_init (&h, f->catalog);
  g_object_set (h.page, "page-size", 1, NULL);
  scroller = child (h.page, "results_scroller");

  /* Two texts match, one comes at a time. */
  search_for (h.page, "general");
  g_assert_cmpuint (g_list_model_get_n_items (results (h.page)), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (h.page, "count_label"))), ==, "2 texts");

  /* The end of the list brings the next, then nothing more. */
  g_signal_emit_by_name (scroller, "edge-reached", GTK_POS_BOTTOM);
  SC_GUI_WAIT_UNTIL (g_list_model_get_n_items (results (h.page)) == 2, 10);
  ids = dup_doc_ids (h.page);
  g_assert_cmpstr (ids, ==, "la-huelga-general,the-general-strike");
  g_signal_emit_by_name (scroller, "edge-reached", GTK_POS_BOTTOM);
  sc_gui_spin (200);
  g_assert_cmpuint (g_list_model_get_n_items (results (h.page)), ==, 2);

  /* A new query starts again from its first page. */
  search_for (h.page, "strike");
  g_assert_cmpuint (g_list_model_get_n_items (results (h.page)), ==, 1);
  g_clear_pointer (&ids, g_free);
  ids = dup_doc_ids (h.page);
  g_assert_cmpstr (ids, ==, "the-general-strike");

  harness_clear (&h);
}

/* Picks @value (NULL: any) in a filter and waits for the new results. */
static void
set_filter (ScSearchPage   *page,
            ScSearchFilter  filter,
            const char     *value)
{
  ScSearchFilters *filters = SC_SEARCH_FILTERS (child (page, "filters"));

  /* The values come from the library, once it is listed. */
  SC_GUI_WAIT_UNTIL (sc_search_filters_set_value (filters, filter, value), 10);
  SC_GUI_WAIT_UNTIL (!is_searching (page), 10);
  sc_gui_spin (50);
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

static void
test_search_filters (ScGuiFixture  *f,
                     gconstpointer  data)
{
  Harness h;
  g_autofree char *ids = NULL;

  harness_init (&h, f->catalog);

  /* "general" is in an English and a Spanish text. */
  search_for (h.page, "general");
  ids = dup_doc_ids (h.page);
  g_assert_cmpstr (ids, ==, "la-huelga-general,the-general-strike");
  g_clear_pointer (&ids, g_free);
  g_assert_cmpuint (count_children (child (h.page, "chips_box")), ==, 0);

  set_filter (h.page, SC_SEARCH_FILTER_LANGUAGE, "es");
  ids = dup_doc_ids (h.page);
  g_assert_cmpstr (ids, ==, "la-huelga-general");
  g_clear_pointer (&ids, g_free);
  g_assert_cmpuint (count_children (child (h.page, "chips_box")), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (h.page, "count_label"))), ==, "1 text");

  search_for (h.page, "huelga");
  ids = dup_doc_ids (h.page);
  g_assert_cmpstr (ids, ==, "la-huelga-general");
  g_clear_pointer (&ids, g_free);

  /* Spanish words in English texts: nothing, and a way out. */
  set_filter (h.page, SC_SEARCH_FILTER_LANGUAGE, "en");
  g_assert_cmpstr (visible_state (h.page), ==, "no-results");
  g_assert_true (gtk_widget_get_mapped (child (h.page, "no_results_clear_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "search.clear-filters", NULL));
  SC_GUI_WAIT_UNTIL (!is_searching (h.page), 10);
  g_assert_cmpstr (visible_state (h.page), ==, "results");
  ids = dup_doc_ids (h.page);
  g_assert_cmpstr (ids, ==, "la-huelga-general");
  g_clear_pointer (&ids, g_free);
  g_assert_cmpuint (count_children (child (h.page, "chips_box")), ==, 0);

  /* Level, topic and author. */
  search_for (h.page, "strike");
  ids = dup_doc_ids (h.page);
  g_assert_cmpstr (ids, ==, "the-general-strike,wages-and-profit");
  g_clear_pointer (&ids, g_free);

  set_filter (h.page, SC_SEARCH_FILTER_LEVEL, "introductory");
  ids = dup_doc_ids (h.page);
  g_assert_cmpstr (ids, ==, "wages-and-profit");
  g_clear_pointer (&ids, g_free);
  set_filter (h.page, SC_SEARCH_FILTER_LEVEL, NULL);

  set_filter (h.page, SC_SEARCH_FILTER_TOPIC, "strikes");
  ids = dup_doc_ids (h.page);
  g_assert_cmpstr (ids, ==, "the-general-strike");
  g_clear_pointer (&ids, g_free);
  set_filter (h.page, SC_SEARCH_FILTER_TOPIC, NULL);

  set_filter (h.page, SC_SEARCH_FILTER_AUTHOR, "Test Author");
  ids = dup_doc_ids (h.page);
  g_assert_cmpstr (ids, ==, "wages-and-profit");
  g_clear_pointer (&ids, g_free);
  g_assert_cmpuint (count_children (child (h.page, "chips_box")), ==, 1);

  /* A chip removes its filter. */
  g_signal_emit_by_name (gtk_widget_get_first_child (child (h.page, "chips_box")), "clicked");
  SC_GUI_WAIT_UNTIL (!is_searching (h.page), 10);
  ids = dup_doc_ids (h.page);
  g_assert_cmpstr (ids, ==, "the-general-strike,wages-and-profit");
  g_assert_cmpuint (count_children (child (h.page, "chips_box")), ==, 0);

  harness_clear (&h);
}

/* The values a filter's dropdown offers, "|"-joined ("" is any). */
static char *
dup_offered (ScSearchPage   *page,
             const char     *dropdown_name)
{
  ScSearchFilters *filters = SC_SEARCH_FILTERS (child (page, "filters"));
  GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (filters), SC_TYPE_SEARCH_FILTERS,
                                                                        dropdown_name));
  GListModel *model = gtk_drop_down_get_model (dropdown);
  GString *values = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_string_append_printf (values, "%s%s", i > 0 ? "|" : "", gtk_string_list_get_string (GTK_STRING_LIST (model), i));
  return g_string_free (values, FALSE);
}

static void
test_search_filter_values (ScGuiFixture  *f,
                           gconstpointer  data)
{
  Harness h;
  ScSearchFilters *filters;
  g_autofree char *langs = NULL;
  g_autofree char *levels = NULL;
  g_autofree char *topics = NULL;
  g_autofree char *authors = NULL;

  harness_init (&h, f->catalog);
  filters = SC_SEARCH_FILTERS (child (h.page, "filters"));
  SC_GUI_WAIT_UNTIL (sc_search_filters_set_value (filters, SC_SEARCH_FILTER_LANGUAGE, "es"), 10);

  /* What the library's texts hold (not the guide's or glossary's), sorted,
   * after "any". */
  langs = dup_offered (h.page, "language_dropdown");
  g_assert_cmpstr (langs, ==, "|en|es");
  levels = dup_offered (h.page, "level_dropdown");
  g_assert_cmpstr (levels, ==, "|introductory|intermediate|advanced");
  topics = dup_offered (h.page, "topic_dropdown");
  g_assert_cmpstr (topics, ==, "|economics|history|huelgas|strikes");
  authors = dup_offered (h.page, "author_dropdown");
  g_assert_cmpstr (authors, ==, "|Another Writer|Autora de Prueba|Printer, Anonymous, 1700-1780.|Test Author");

  /* Shown by name. */
  g_assert_cmpstr (sc_search_filters_get_label (filters, SC_SEARCH_FILTER_LANGUAGE), ==, "Spanish");
  g_assert_true (sc_search_filters_set_value (filters, SC_SEARCH_FILTER_LEVEL, "advanced"));
  g_assert_cmpstr (sc_search_filters_get_label (filters, SC_SEARCH_FILTER_LEVEL), ==, "Advanced");
  g_assert_true (sc_search_filters_is_active (filters));
  g_assert_false (sc_search_filters_set_value (filters, SC_SEARCH_FILTER_TOPIC, "not in the library"));

  /* One clear for all, and the chips follow. */
  g_assert_cmpuint (count_children (child (h.page, "chips_box")), ==, 2);
  sc_search_filters_clear (filters);
  g_assert_false (sc_search_filters_is_active (filters));
  g_assert_null (sc_search_filters_get_value (filters, SC_SEARCH_FILTER_LANGUAGE));
  g_assert_cmpuint (count_children (child (h.page, "chips_box")), ==, 0);

  harness_clear (&h);
}

typedef struct {
  GHashTable *seen;     /* doc ids that were ever in the results */
  GString    *queries;  /* each query whose results were shown, "|"-joined */
} Recorder;

static void
on_query_shown_cb (ScSearchPage *page,
                   GParamSpec   *pspec,
                   Recorder     *recorder)
{
  g_autofree char *query = NULL;

  g_object_get (page, "query", &query, NULL);
  g_string_append_printf (recorder->queries, "%s|", query);
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Recorder   *recorder)
{
  for (guint i = position; i < position + added; i++)
    g_hash_table_add (recorder->seen, g_strdup (hit_at (model, i)->doc_id));
}

static void
test_search_stale_results (ScGuiFixture  *f,
                           gconstpointer  data)
{
  const char *queries[] = { "strike", "Seattle", "profit", "huelga", "general" };
  Harness h;
  Recorder recorder = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), g_string_new (NULL) };
  GtkWidget *entry;
  g_autofree char *ids = NULL;
  gulong handler, query_handler;

  harness_init (&h, f->catalog);
  entry = child (h.page, "search_entry");
  handler = g_signal_connect (results (h.page), "items-changed", G_CALLBACK (on_items_changed_cb), &recorder);
  query_handler = g_signal_connect (h.page, "notify::query", G_CALLBACK (on_query_shown_cb), &recorder);

  /* Fast typing: each query starts at once and cancels the one before,
   * before any of them can answer. */
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      gtk_editable_set_text (GTK_EDITABLE (entry), queries[i]);
      g_signal_emit_by_name (entry, "search-changed");
      g_assert_true (is_searching (h.page));
    }
  SC_GUI_WAIT_UNTIL (shows_query (h.page, "general"), 10);
  /* The entry's own delayed search-changed comes too: let it finish. */
  sc_gui_spin (300);
  SC_GUI_WAIT_UNTIL (shows_query (h.page, "general"), 10);

  ids = dup_doc_ids (h.page);
  g_assert_cmpstr (ids, ==, "la-huelga-general,the-general-strike");
  /* wages-and-profit answers "strike" and "profit" only: never shown. */
  g_assert_false (g_hash_table_contains (recorder.seen, "wages-and-profit"));
  g_assert_cmpuint (g_hash_table_size (recorder.seen), ==, 2);
  /* No stale query ever showed, not even as an empty list. */
  g_assert_cmpstr (recorder.queries->str, ==, "general|");

  /* Typing within the delay searches once, for the last text. */
  g_hash_table_remove_all (recorder.seen);
  for (guint i = 0; i < 3; i++)
    {
      gtk_editable_set_text (GTK_EDITABLE (entry), queries[i]);
      sc_gui_spin (30);
    }
  SC_GUI_WAIT_UNTIL (shows_query (h.page, "profit"), 10);
  g_clear_pointer (&ids, g_free);
  ids = dup_doc_ids (h.page);
  g_assert_cmpstr (ids, ==, "wages-and-profit");
  g_assert_false (g_hash_table_contains (recorder.seen, "the-general-strike"));

  g_assert_cmpstr (recorder.queries->str, ==, "general|profit|");

  g_signal_handler_disconnect (results (h.page), handler);
  g_signal_handler_disconnect (h.page, query_handler);
  g_hash_table_unref (recorder.seen);
  g_string_free (recorder.queries, TRUE);
  harness_clear (&h);
}

/* Sends a key press to the first capture-phase key controller of @widget
 * (GTK 4 cannot make key events). */
static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
          return handled;
        }
    }
  g_assert_not_reached ();
}

static gboolean
focus_is_in (GtkWidget *root,
             GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (root));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
test_search_keyboard (ScGuiFixture  *f,
                      gconstpointer  data)
{
  Harness h;
  GtkWidget *entry, *view;
  GtkSingleSelection *selection;
  const char *text_id, *section_id, *query;

  harness_init (&h, f->catalog);
  entry = child (h.page, "search_entry");
  view = child (h.page, "results_view");
  selection = GTK_SINGLE_SELECTION (results (h.page));

  /* Ctrl+F's half: the entry, its text selected for retyping. */
  search_for (h.page, "strike");
  sc_search_page_focus (h.page);
  g_assert_true (focus_is_in (h.window, entry));
  {
    int start, end;

    g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (entry), &start, &end));
    g_assert_cmpint (start, ==, 0);
    g_assert_cmpint (end, ==, 6);
  }

  /* Down: into the results, on the first one. */
  g_assert_true (press_key (entry, GDK_KEY_Down));
  sc_gui_spin (50);
  g_assert_true (focus_is_in (h.window, view));
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);
  g_assert_cmpstr (hit_at (G_LIST_MODEL (selection), 0)->doc_id, ==, "the-general-strike");

  /* Right: the text's other sections; Left from one of them: back to it. */
  g_assert_true (press_key (view, GDK_KEY_Right));
  SC_GUI_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (selection)) == 4, 10);
  gtk_single_selection_set_selected (selection, 1);
  {
    g_autoptr(GtkTreeListRow) section = g_list_model_get_item (G_LIST_MODEL (selection), 1);

    g_assert_cmpuint (gtk_tree_list_row_get_depth (section), ==, 1);
  }
  g_assert_true (press_key (view, GDK_KEY_Left));
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);
  g_assert_true (press_key (view, GDK_KEY_Left));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 2);

  /* Up from the first result: back to the entry. */
  g_assert_true (press_key (view, GDK_KEY_Up));
  g_assert_true (focus_is_in (h.window, entry));

  /* Enter on a result opens it at its section, with the query. */
  g_assert_null (h.opened);
  g_assert_true (gtk_widget_activate_action (view, "list.activate-item", "u", 1));
  g_assert_nonnull (h.opened);
  g_variant_get (h.opened, "(&s&s&s)", &text_id, &section_id, &query);
  g_assert_cmpstr (text_id, ==, hit_at (G_LIST_MODEL (selection), 1)->doc_id);
  g_assert_cmpstr (section_id, ==, hit_at (G_LIST_MODEL (selection), 1)->section_id);
  g_assert_cmpstr (query, ==, "strike");

  harness_clear (&h);
}

static void
test_search_in_window (ScGuiFixture  *f,
                       gconstpointer  data)
{
  ScWindow *window = g_object_new (SC_TYPE_WINDOW, "catalog", f->catalog, NULL);
  GtkWidget *root = GTK_WIDGET (window);
  AdwLeaflet *leaflet;
  ScSearchPage *page;
  GtkWidget *entry;

  gtk_window_present (GTK_WINDOW (window));
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (root), 10);
  leaflet = ADW_LEAFLET (sc_gui_find (root, ADW_TYPE_LEAFLET, NULL));
  page = SC_SEARCH_PAGE (sc_gui_find (root, SC_TYPE_SEARCH_PAGE, NULL));
  entry = child (page, "search_entry");

  /* Type-to-search only while the page shows. */
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_null (gtk_search_entry_get_key_capture_widget (GTK_SEARCH_ENTRY (entry)));

  /* Ctrl+F shows the page and focuses the entry. */
  g_assert_true (gtk_widget_activate_action (root, "win.search", NULL));
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)), 10);
  g_assert_true (gtk_search_entry_get_key_capture_widget (GTK_SEARCH_ENTRY (entry)) == root);
  g_assert_true (focus_is_in (root, entry));

  search_for (page, "Seattle");
  g_assert_cmpuint (g_list_model_get_n_items (results (page)), ==, 1);

  /* Activating the result opens the reader. */
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "main");
  g_assert_true (gtk_widget_activate_action (child (page, "results_view"), "list.activate-item", "u", 0));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "reader");
  SC_GUI_WAIT_UNTIL (!gtk_widget_get_mapped (GTK_WIDGET (page)), 10);
  g_assert_null (gtk_search_entry_get_key_capture_widget (GTK_SEARCH_ENTRY (entry)));

  gtk_window_destroy (GTK_WINDOW (window));
  sc_gui_spin (200);
}

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

/* The real bundled library: results for the searches a member would try,
 * and PNGs of them when SC_SCREENSHOT_DIR is set. */
static void
test_search_bundled (void)
{
  const char *queries[] = { "huelga general", "surplus value" };
  const char *shots = g_getenv ("SC_SCREENSHOT_DIR");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sc-gui-search-XXXXXX", &error);
  g_autofree char *index_path = g_build_filename (tmp, "index.db", NULL);
  g_autofree char *data_home = g_build_filename (tmp, "data", NULL);
  g_autoptr(ScCatalog) catalog = NULL;
  Harness h;

  g_assert_no_error (error);
  if (bundled_datadir == NULL)
    {
      g_test_skip ("STUDYCIRCLE_DATADIR not set");
      sc_test_remove_tree (tmp);
      return;
    }
  g_setenv ("STUDYCIRCLE_DATADIR", bundled_datadir, TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  catalog = sc_catalog_new (index_path, NULL);
  sc_catalog_refresh (catalog);
  SC_GUI_WAIT_UNTIL (!sc_catalog_get_indexing (catalog), 60);
  g_assert_cmpuint (sc_catalog_get_n_documents (catalog), >, 10);

  load_app_css ();
  harness_init (&h, catalog);
  gtk_window_set_default_size (GTK_WINDOW (h.window), 900, 760);
  sc_gui_spin (200);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) rows = NULL;

      search_for (h.page, queries[i]);
      g_assert_cmpstr (visible_state (h.page), ==, "results");
      rows = shown_rows (h.page);
      g_assert_cmpuint (rows->len, >, 0);
      /* Every shown result marks what matched. */
      for (guint j = 0; j < rows->len; j++)
        g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (row_child (rows->pdata[j], "snippet_label"))), "<b>"));

      if (i == 0)
        {
          /* Open the first text's other sections, for the picture. */
          for (guint j = 0; j < rows->len; j++)
            if (gtk_widget_get_visible (row_child (rows->pdata[j], "more_button")))
              {
                g_signal_emit_by_name (row_child (rows->pdata[j], "more_button"), "clicked");
                break;
              }
          sc_gui_spin (300);
        }
      if (shots != NULL)
        {
          g_autofree char *name = g_strdup_printf ("search-%u.png", i + 1);
          g_autofree char *path = g_build_filename (shots, name, NULL);

          /* Past the state crossfade. */
          sc_gui_spin (300);
          sc_gui_screenshot (h.window, path);
          g_test_message ("screenshot: %s", path);
        }
    }

  harness_clear (&h);
  g_clear_object (&catalog);
  sc_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  bundled_datadir = g_strdup (g_getenv ("STUDYCIRCLE_DATADIR"));
  if (!sc_gui_init (&argc, &argv))
    return 0;

  g_test_add ("/search/empty-state", ScGuiFixture, NULL, sc_gui_fixture_setup, test_search_empty_state, sc_gui_fixture_teardown);
  g_test_add ("/search/one-result", ScGuiFixture, NULL, sc_gui_fixture_setup, test_search_one_result, sc_gui_fixture_teardown);
  g_test_add ("/search/more-sections", ScGuiFixture, NULL, sc_gui_fixture_setup, test_search_more_sections, sc_gui_fixture_teardown);
  g_test_add ("/search/no-results", ScGuiFixture, NULL, sc_gui_fixture_setup, test_search_no_results, sc_gui_fixture_teardown);
  g_test_add ("/search/paging", ScGuiFixture, NULL, sc_gui_fixture_setup, test_search_paging, sc_gui_fixture_teardown);
  g_test_add ("/search/filter-values", ScGuiFixture, NULL, sc_gui_fixture_setup, test_search_filter_values, sc_gui_fixture_teardown);
  g_test_add ("/search/filters", ScGuiFixture, NULL, sc_gui_fixture_setup, test_search_filters, sc_gui_fixture_teardown);
  g_test_add ("/search/stale-results", ScGuiFixture, NULL, sc_gui_fixture_setup, test_search_stale_results, sc_gui_fixture_teardown);
  g_test_add ("/search/keyboard", ScGuiFixture, NULL, sc_gui_fixture_setup, test_search_keyboard, sc_gui_fixture_teardown);
  g_test_add ("/search/in-window", ScGuiFixture, NULL, sc_gui_fixture_setup, test_search_in_window, sc_gui_fixture_teardown);
  g_test_add_func ("/search/bundled", test_search_bundled);
  return g_test_run ();
}
