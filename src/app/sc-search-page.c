/* sc-search-page.c: search the library as you type
 *
 * Each query (after the entry's short delay) gets its own GCancellable and
 * cancels the one before, which stops the stale SQLite statement and makes
 * its task return a cancellation: only the newest query's results are ever
 * shown. Results are the best section of each text (per_text); a tree list
 * model gives each text its other matching sections, fetched when the row
 * is expanded, so every matching section is one click or key away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <time.h>

#include <glib/gi18n.h>

#include "sc-app-util.h"
#include "sc-search-filters.h"
#include "sc-search-page.h"
#include "sc-search-row.h"

/* Texts fetched at a time; more come when the list is scrolled to its end.
 * Twenty cards (about 2,000 pixels) overflow any window, so the end can be
 * reached; each costs its snippet, and at 10,000 texts fifty made the
 * search itself take up to 35 ms (issue #7, keystroke to results). */
#define DEFAULT_PAGE_SIZE 20

/* GTK makes a row widget for every item of the list (up to 200) in the
 * frame after the list changes, and laying out a card's wrapped labels is
 * the costly part of showing an answer (mostly shaping their text). So a
 * new answer goes into the list a few cards a frame: the first four at
 * once, which fill the top of the window, the rest in the frames after. */
#define ROWS_FIRST_FRAME 4
#define ROWS_PER_FRAME 8

/* Every result opens in the reader (win.open-text), which reads texts:
 * guides and glossaries have their own pages.
 * TODO(lead): include them once the window can open a guide or glossary
 * entry at a section. */
#define SEARCH_KIND "text"

typedef struct _Benchmark Benchmark;

struct _ScSearchPage {
  AdwBin              parent_instance;

  ScCatalog          *catalog;

  /* The query being answered, and the one whose results are shown. */
  GCancellable       *cancellable;
  char               *query;
  char               *pending_query;
  guint               total;
  gboolean            total_estimated;  /* total is extrapolated: "About N texts" */
  guint               page_size;
  guint               clear_idle_id;
  gboolean            refreshing;
  gboolean            searching;
  gboolean            loading_more;

  GListStore         *results;
  GListModel         *unshown;       /* the answer, while its last cards wait */
  guint               unshown_from;  /* the first of them in @unshown */
  guint               unshown_tick_id;
  gboolean            unshown_wait;  /* the first cards' frame comes first */
  GtkTreeListModel   *tree;
  GtkSingleSelection *selection;

  GtkSearchEntry     *search_entry;
  GtkMenuButton      *filter_button;
  ScSearchFilters    *filters;
  GtkLabel           *count_label;
  GtkBox             *chips_box;
  GtkStack           *state_stack;
  AdwStatusPage      *empty_status;
  AdwStatusPage      *no_results_status;
  GtkWidget          *no_results_clear_button;
  GtkScrolledWindow  *results_scroller;
  GtkListView        *results_view;

  Benchmark          *benchmark;   /* NULL unless bench/run drives the page */
};

G_DEFINE_FINAL_TYPE (ScSearchPage, sc_search_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_QUERY,
  PROP_SEARCHING,
  PROP_PAGE_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_search (ScSearchPage *self);
static void benchmark_changed (ScSearchPage *self);
static void benchmark_free (Benchmark *benchmark);
static void benchmark_shown (ScSearchPage *self);

/* Filters ------------------------------------------------------------------ */

static void
on_chip_clicked_cb (GtkButton    *chip,
                    ScSearchPage *self)
{
  ScSearchFilter filter = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chip), "filter"));

  sc_search_filters_set_value (self->filters, filter, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static GtkWidget *
chip_new (ScSearchPage   *self,
          ScSearchFilter  filter)
{
  const char *label = sc_search_filters_get_label (self->filters, filter);
  /* Translators: the accessible name and tooltip of a filter's chip; %s is
   * the filter's value, such as "Spanish" or an author's name */
  g_autofree char *description = g_strdup_printf (_("Remove filter: %s"), label);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *text = gtk_label_new (label);
  GtkWidget *image = g_object_new (GTK_TYPE_IMAGE,
                                   "icon-name", "window-close-symbolic",
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                   NULL);

  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 24);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), image);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_set_tooltip_text (button, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
  gtk_widget_add_css_class (button, "filter-chip");
  g_object_set_data (G_OBJECT (button), "filter", GINT_TO_POINTER (filter));
  g_signal_connect (button, "clicked", G_CALLBACK (on_chip_clicked_cb), self);
  return button;
}

/* Shows each active filter as a chip that removes it. */
static void
update_filter_chips (ScSearchPage *self)
{
  gboolean active = sc_search_filters_is_active (self->filters);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chips_box))) != NULL)
    gtk_box_remove (self->chips_box, child);
  for (ScSearchFilter filter = 0; filter < SC_SEARCH_N_FILTERS; filter++)
    if (sc_search_filters_get_value (self->filters, filter) != NULL)
      gtk_box_append (self->chips_box, chip_new (self, filter));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.clear-filters", active);
  if (active)
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "filters-active");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "filters-active");
}

/* What "No Results Found" suggests: filters may be the cause. Or why the
 * search failed (a broken index, rebuilt at the next refresh). */
static void
update_no_results (ScSearchPage *self,
                   const GError *error)
{
  gboolean active = sc_search_filters_is_active (self->filters);

  if (error != NULL)
    {
      adw_status_page_set_title (self->no_results_status, _("Search Failed"));
      adw_status_page_set_description (self->no_results_status, error->message);
    }
  else
    {
      adw_status_page_set_title (self->no_results_status, _("No Results Found"));
      adw_status_page_set_description (self->no_results_status,
                                       active
                                       ? _("Check the spelling, try other words, or remove the filters to search the whole library.")
                                       : _("Check the spelling or try other words."));
    }
  gtk_widget_set_visible (self->no_results_clear_button, active);
}

static void
on_filters_changed_cb (ScSearchPage *self)
{
  update_filter_chips (self);
  start_search (self);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  sc_search_filters_clear (SC_SEARCH_PAGE (widget)->filters);
}

/* Searching ---------------------------------------------------------------- */

/* One asynchronous search: the query it answers, and for a text's other
 * sections, the list they go into. */
typedef struct {
  ScSearchPage *self;
  char         *query;
  GListStore   *sections;
  char         *skip_section;
} SearchCall;

static SearchCall *
search_call_new (ScSearchPage *self,
                 const char   *query)
{
  SearchCall *call = g_new0 (SearchCall, 1);

  call->self = g_object_ref (self);
  call->query = g_strdup (query);
  return call;
}

static void
search_call_free (SearchCall *call)
{
  g_clear_object (&call->self);
  g_clear_object (&call->sections);
  g_free (call->query);
  g_free (call->skip_section);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SearchCall, search_call_free)

static void
get_options (ScSearchPage    *self,
             ScSearchOptions *options)
{
  *options = (ScSearchOptions) {
    .kind = SEARCH_KIND,
    .limit = self->page_size,
    .per_text = TRUE,
  };
  sc_search_filters_apply (self->filters, options);
}

static void
update_count (ScSearchPage *self)
{
  g_autofree char *label = NULL;

  /* Nothing to count before typing; "No Results Found" says the rest. */
  if (self->query == NULL || self->total == 0)
    {
      gtk_label_set_text (self->count_label, "");
      return;
    }
  if (self->total_estimated)
    /* Translators: how many texts match the search, counted from a sample
     * (a search that matches thousands of texts) */
    label = g_strdup_printf (ngettext ("About %'u text", "About %'u texts", self->total), self->total);
  else
    /* Translators: how many texts match the search */
    label = g_strdup_printf (ngettext ("%'u text", "%'u texts", self->total), self->total);
  gtk_label_set_text (self->count_label, label);
}

/* Puts @model's items @from … @from + @count - 1 (all but
 * @skip_section's) into @store at @position, replacing @n_removed items,
 * in one items-changed. */
static void
splice_range (GListStore *store,
              guint       position,
              guint       n_removed,
              GListModel *model,
              guint       from,
              guint       count,
              const char *skip_section)
{
  guint n = model != NULL ? MIN (g_list_model_get_n_items (model), from + count) : 0;
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = from; i < n; i++)
    {
      ScSearchResult *result = g_list_model_get_item (model, i);

      if (skip_section != NULL &&
          g_strcmp0 (sc_search_result_get_hit (result)->section_id, skip_section) == 0)
        g_object_unref (result);
      else
        g_ptr_array_add (items, result);
    }
  g_list_store_splice (store, position, n_removed, items->pdata, items->len);
}

/* All of @model's items (but @skip_section's). */
static void
splice_results (GListStore *store,
                guint       position,
                guint       n_removed,
                GListModel *model,
                const char *skip_section)
{
  splice_range (store, position, n_removed, model, 0, G_MAXUINT, skip_section);
}

static void
forget_unshown (ScSearchPage *self)
{
  if (self->unshown_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->results_view), self->unshown_tick_id);
  self->unshown_tick_id = 0;
  g_clear_object (&self->unshown);
}

/* Up to @count more of the answer's cards into the list. */
static void
show_unshown (ScSearchPage *self,
              guint         count)
{
  guint n;

  if (self->unshown == NULL)
    return;
  n = g_list_model_get_n_items (self->unshown);
  splice_range (self->results, g_list_model_get_n_items (G_LIST_MODEL (self->results)), 0,
                self->unshown, self->unshown_from, count, NULL);
  self->unshown_from = MIN (n, self->unshown_from + count);
  /* All in: the tick sees it and ends. */
  if (self->unshown_from >= n)
    g_clear_object (&self->unshown);
}

static gboolean
show_unshown_tick_cb (GtkWidget     *widget,
                      GdkFrameClock *clock,
                      gpointer       user_data)
{
  ScSearchPage *self = user_data;

  /* Ticks come before a frame's layout: the first one would put more
   * cards into the very frame that shows the first ones. */
  if (self->unshown_wait)
    self->unshown_wait = FALSE;
  else
    show_unshown (self, ROWS_PER_FRAME);
  if (self->unshown != NULL)
    return G_SOURCE_CONTINUE;
  self->unshown_tick_id = 0;
  return G_SOURCE_REMOVE;
}

/* Shows @model in place of the list's items: the first cards now, the
 * others a few a frame after (@at_once: all now). */
static void
replace_results (ScSearchPage *self,
                 GListModel   *model,
                 gboolean      at_once)
{
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;

  forget_unshown (self);
  splice_range (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)), model,
                0, at_once ? n : ROWS_FIRST_FRAME, NULL);
  if (n > g_list_model_get_n_items (G_LIST_MODEL (self->results)))
    {
      self->unshown = g_object_ref (model);
      self->unshown_from = ROWS_FIRST_FRAME;
      self->unshown_wait = TRUE;
      /* The tick ends itself when all are in; forget_unshown() ends it
       * before that. */
      if (self->unshown_tick_id == 0)
        self->unshown_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->results_view),
                                                              show_unshown_tick_cb, self, NULL);
    }
}

/* The answer's cards in the list or waiting to be. */
static guint
n_loaded (ScSearchPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));

  if (self->unshown != NULL)
    n += g_list_model_get_n_items (self->unshown) - self->unshown_from;
  return n;
}

static void
set_searching (ScSearchPage *self,
               gboolean      searching)
{
  if (self->searching == searching)
    return;
  self->searching = searching;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

/* Shows @model (NULL: nothing) as the results of @query (NULL: before
 * typing, the hint), or that it failed with @error. Takes @query. */
static void
show_results (ScSearchPage *self,
              char         *query,
              GListModel   *model,
              guint         total,
              const GError *error)
{
  gboolean query_changed = g_strcmp0 (self->query, query) != 0;
  guint n;

  g_free (self->query);
  self->query = query;
  self->total = total;
  /* The same query after a library refresh keeps the reader's place: all
   * cards at once. */
  replace_results (self, model, self->refreshing);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  update_count (self);
  update_no_results (self, error);
  /* New answers start at the top; the same query after a library refresh
   * stays where the reader was. */
  if (!self->refreshing)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->results_scroller), 0);
  self->refreshing = FALSE;
  gtk_stack_set_visible_child_name (self->state_stack,
                                    query == NULL ? "empty" : n > 0 ? "results" : "no-results");
  g_clear_pointer (&self->pending_query, g_free);
  if (query_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
  set_searching (self, FALSE);
  benchmark_shown (self);
}

static void
on_search_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SearchCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = NULL;
  gboolean estimated = FALSE;
  guint total = 0;

  model = sc_catalog_search_finish (SC_CATALOG (source), result, &total, &estimated, &error);
  /* A newer query replaced this one: its results must never show. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (model == NULL)
    total = 0;
  call->self->total_estimated = estimated;
  sc_app_report_error (GTK_WIDGET (call->self), _("Could not search the library"), error);
  show_results (call->self, g_steal_pointer (&call->query), model, total, error);
}

static void
start_search (ScSearchPage *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  ScSearchOptions options;

  /* Whatever runs now is stale: its statement stops, its results are
   * dropped. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending_query, g_free);
  self->loading_more = FALSE;

  if (*query == '\0')
    {
      show_results (self, NULL, NULL, 0, NULL);
      return;
    }

  self->cancellable = g_cancellable_new ();
  self->refreshing = FALSE;
  self->pending_query = g_strdup (query);
  set_searching (self, TRUE);
  get_options (self, &options);
  sc_catalog_search_async (self->catalog, query, &options, self->cancellable,
                           on_search_done_cb, search_call_new (self, query));
}

static gboolean
clear_idle_cb (gpointer user_data)
{
  ScSearchPage *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  self->clear_idle_id = 0;
  if (*text == '\0')
    start_search (self);
  return G_SOURCE_REMOVE;
}

static void
on_search_changed_cb (ScSearchPage *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  const char *current = self->searching ? self->pending_query : self->query;

  /* "strike " asks what "strike" asked: keep its answer. */
  if (g_strcmp0 (*query != '\0' ? query : NULL, current) == 0)
    return;

  /* The entry says "changed" (at once) when replacing its text empties it
   * for a moment: only an entry still empty after that shows the hint. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) == '\0')
    {
      if (self->clear_idle_id == 0)
        self->clear_idle_id = g_idle_add (clear_idle_cb, self);
      return;
    }
  benchmark_changed (self);
  start_search (self);
}

static void
on_more_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SearchCall) call = user_data;
  ScSearchPage *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = sc_catalog_search_finish (SC_CATALOG (source), result, NULL, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading_more = FALSE;
  if (model == NULL)
    {
      sc_app_report_error (GTK_WIDGET (self), _("Could not show more results"), error);
      return;
    }
  splice_results (self->results, g_list_model_get_n_items (G_LIST_MODEL (self->results)), 0, model, NULL);
}

/* The next texts of the shown query, when the list reaches its end. */
static void
load_more (ScSearchPage *self)
{
  guint loaded;
  ScSearchOptions options;

  /* The end of the list while cards still wait: they come first. */
  if (self->unshown != NULL)
    {
      show_unshown (self, G_MAXUINT);
      return;
    }
  loaded = n_loaded (self);

  if (self->query == NULL || self->searching || self->loading_more || loaded >= self->total)
    return;

  self->loading_more = TRUE;
  get_options (self, &options);
  options.offset = loaded;
  sc_catalog_search_async (self->catalog, self->query, &options, self->cancellable,
                           on_more_done_cb, search_call_new (self, self->query));
}

static void
on_edge_reached_cb (ScSearchPage    *self,
                    GtkPositionType  position)
{
  if (position == GTK_POS_BOTTOM)
    load_more (self);
}

static void
on_sections_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SearchCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = sc_catalog_search_finish (SC_CATALOG (source), result, NULL, NULL, &error);

  if (model == NULL)
    {
      sc_app_report_error (GTK_WIDGET (call->self), _("Could not show the other matching sections"), error);
      return;
    }
  splice_results (call->sections, 0, 0, model, call->skip_section);
}

/* The children of a text's row: its other matching sections, in the order
 * of their rank, fetched now (the tree asks when the row is expanded). */
static GListModel *
create_sections_model_cb (gpointer item,
                          gpointer user_data)
{
  ScSearchPage *self = user_data;
  const ScSearchHit *hit = sc_search_result_get_hit (item);
  ScSearchOptions options = { 0 };
  SearchCall *call;

  /* Sections themselves (one match each) and single-section texts. */
  if (hit->matches_in_text <= 1 || self->query == NULL)
    return NULL;

  call = search_call_new (self, self->query);
  call->sections = g_list_store_new (SC_TYPE_SEARCH_RESULT);
  call->skip_section = g_strdup (hit->section_id);
  options.text_id = hit->doc_id;
  options.limit = hit->matches_in_text;
  sc_catalog_search_async (self->catalog, self->query, &options, self->cancellable,
                           on_sections_done_cb, call);
  return g_object_ref (G_LIST_MODEL (call->sections));
}

/* Opening and keyboard ----------------------------------------------------- */

static GtkTreeListRow *
get_row (ScSearchPage *self,
         guint         position)
{
  if (position == GTK_INVALID_LIST_POSITION)
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->selection), position);
}

static void
on_result_activate_cb (ScSearchPage *self,
                       guint         position)
{
  g_autoptr(GtkTreeListRow) row = get_row (self, position);
  g_autoptr(ScSearchResult) result = NULL;
  const ScSearchHit *hit;

  if (row == NULL)
    return;
  result = gtk_tree_list_row_get_item (row);
  hit = sc_search_result_get_hit (result);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-text", "(sss)",
                              hit->doc_id,
                              hit->section_id != NULL ? hit->section_id : "",
                              self->query != NULL ? self->query : "");
}

/* Moves the keyboard focus (and the selection) to the row at @position. */
static gboolean
focus_row (ScSearchPage *self,
           guint         position)
{
  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  /* Scrolling to an item also makes it the list's focus item. */
  gtk_widget_activate_action (GTK_WIDGET (self->results_view), "list.scroll-to-item", "u", position);
  return gtk_widget_grab_focus (GTK_WIDGET (self->results_view));
}

static gboolean
focus_results (ScSearchPage *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->state_stack), "results") != 0)
    return FALSE;
  return focus_row (self, position != GTK_INVALID_LIST_POSITION ? position : 0);
}

static void
focus_entry_without_selecting (ScSearchPage *self)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (self->search_entry));

  if (GTK_IS_TEXT (text))
    gtk_text_grab_focus_without_selecting (GTK_TEXT (text));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static gboolean
entry_has_focus (ScSearchPage *self)
{
  return gtk_widget_has_focus (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->search_entry))));
}

static gboolean
on_entry_key_pressed_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         ScSearchPage          *self)
{
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) &&
      (state & gtk_accelerator_get_default_mod_mask ()) == 0)
    return focus_results (self);
  return GDK_EVENT_PROPAGATE;
}

static void
on_entry_activate_cb (ScSearchPage *self)
{
  focus_results (self);
}

static void
on_search_started_cb (ScSearchPage *self)
{
  /* Type-to-search: the keys went to the entry, so should the focus. */
  if (!entry_has_focus (self))
    focus_entry_without_selecting (self);
}

static void
on_entry_changed_cb (ScSearchPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && !entry_has_focus (self))
    focus_entry_without_selecting (self);
}

static void
on_stop_search_cb (ScSearchPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* Right/+ shows a text's other sections, Left/- hides them (from a
 * section: goes back to its text), Up from the first row: the entry. */
static gboolean
on_results_key_pressed_cb (GtkEventControllerKey *controller,
                           guint                  keyval,
                           guint                  keycode,
                           GdkModifierType        state,
                           ScSearchPage          *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  g_autoptr(GtkTreeListRow) row = get_row (self, position);

  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (position == 0 || position == GTK_INVALID_LIST_POSITION)
        {
          focus_entry_without_selecting (self);
          return GDK_EVENT_STOP;
        }
      return GDK_EVENT_PROPAGATE;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
    case GDK_KEY_plus:
    case GDK_KEY_KP_Add:
      if (row != NULL && gtk_tree_list_row_get_depth (row) == 0)
        {
          g_autoptr(ScSearchResult) result = gtk_tree_list_row_get_item (row);

          if (sc_search_result_get_hit (result)->matches_in_text > 1)
            gtk_tree_list_row_set_expanded (row, TRUE);
          return GDK_EVENT_STOP;
        }
      return GDK_EVENT_PROPAGATE;

    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      if (row == NULL)
        return GDK_EVENT_PROPAGATE;
      if (gtk_tree_list_row_get_depth (row) > 0)
        {
          g_autoptr(GtkTreeListRow) parent = gtk_tree_list_row_get_parent (row);

          focus_row (self, gtk_tree_list_row_get_position (parent));
        }
      else
        gtk_tree_list_row_set_expanded (row, FALSE);
      return GDK_EVENT_STOP;

    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static void
on_catalog_changed_cb (ScSearchPage *self)
{
  /* The library changed: maybe the results too. (The filters list their
   * values again themselves.) */
  if (self->query != NULL || self->searching)
    {
      start_search (self);
      self->refreshing = self->searching;
    }
}

/* GObject ------------------------------------------------------------------ */

static void
sc_search_page_map (GtkWidget *widget)
{
  ScSearchPage *self = SC_SEARCH_PAGE (widget);

  GTK_WIDGET_CLASS (sc_search_page_parent_class)->map (widget);
  /* Type-to-search, while the page shows. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (gtk_widget_get_root (widget)));
  /* A connection ready for the first query while it is being typed. */
  sc_catalog_warm_up_search (self->catalog);
}

static void
sc_search_page_unmap (GtkWidget *widget)
{
  ScSearchPage *self = SC_SEARCH_PAGE (widget);

  gtk_search_entry_set_key_capture_widget (self->search_entry, NULL);
  GTK_WIDGET_CLASS (sc_search_page_parent_class)->unmap (widget);
}

static void
sc_search_page_constructed (GObject *object)
{
  ScSearchPage *self = SC_SEARCH_PAGE (object);

  G_OBJECT_CLASS (sc_search_page_parent_class)->constructed (object);

  g_assert (SC_IS_CATALOG (self->catalog));
  g_signal_connect_object (self->catalog, "changed",
                           G_CALLBACK (on_catalog_changed_cb), self, G_CONNECT_SWAPPED);
  sc_search_filters_set_catalog (self->filters, self->catalog, SEARCH_KIND);
}

static void
sc_search_page_dispose (GObject *object)
{
  ScSearchPage *self = SC_SEARCH_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->clear_idle_id, g_source_remove);
  g_clear_pointer (&self->benchmark, benchmark_free);
  forget_unshown (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_SEARCH_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
  g_clear_object (&self->results);
  g_clear_object (&self->catalog);
  G_OBJECT_CLASS (sc_search_page_parent_class)->dispose (object);
}

static void
sc_search_page_finalize (GObject *object)
{
  ScSearchPage *self = SC_SEARCH_PAGE (object);

  g_free (self->query);
  g_free (self->pending_query);
  G_OBJECT_CLASS (sc_search_page_parent_class)->finalize (object);
}

static void
sc_search_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ScSearchPage *self = SC_SEARCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;
    case PROP_SEARCHING:
      g_value_set_boolean (value, self->searching);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_search_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ScSearchPage *self = SC_SEARCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_PAGE_SIZE:
      self->page_size = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_search_page_class_init (ScSearchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sc_search_page_constructed;
  object_class->dispose = sc_search_page_dispose;
  object_class->finalize = sc_search_page_finalize;
  object_class->get_property = sc_search_page_get_property;
  object_class->set_property = sc_search_page_set_property;
  widget_class->map = sc_search_page_map;
  widget_class->unmap = sc_search_page_unmap;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, SC_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The query whose results show (NULL before typing), and whether a newer
   * one is being answered. */
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, G_MAXUINT, DEFAULT_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SC_TYPE_SEARCH_FILTERS);
  g_type_ensure (SC_TYPE_SEARCH_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/studycircle/StudyCircle/sc-search-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ScSearchPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ScSearchPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, ScSearchPage, filters);
  gtk_widget_class_bind_template_child (widget_class, ScSearchPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, ScSearchPage, chips_box);
  gtk_widget_class_bind_template_child (widget_class, ScSearchPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, ScSearchPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, ScSearchPage, no_results_status);
  gtk_widget_class_bind_template_child (widget_class, ScSearchPage, no_results_clear_button);
  gtk_widget_class_bind_template_child (widget_class, ScSearchPage, results_scroller);
  gtk_widget_class_bind_template_child (widget_class, ScSearchPage, results_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_started_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_edge_reached_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_result_activate_cb);

  gtk_widget_class_install_action (widget_class, "search.clear-filters", NULL, clear_filters_action);
}

static void
sc_search_page_init (ScSearchPage *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->results = g_list_store_new (SC_TYPE_SEARCH_RESULT);
  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->results)),
                                        FALSE, FALSE, create_sections_model_cb, self, NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (self->selection));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);
  g_signal_connect_swapped (self->search_entry, "changed", G_CALLBACK (on_entry_changed_cb), self);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_results_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->results_view), controller);

  update_filter_chips (self);
  update_no_results (self, NULL);
  gtk_stack_set_visible_child_name (self->state_stack, "empty");
}

GtkWidget *
sc_search_page_new (ScCatalog *catalog)
{
  g_return_val_if_fail (SC_IS_CATALOG (catalog), NULL);
  return g_object_new (SC_TYPE_SEARCH_PAGE, "catalog", catalog, NULL);
}

void
sc_search_page_focus (ScSearchPage *self)
{
  g_return_if_fail (SC_IS_SEARCH_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/* Benchmark ---------------------------------------------------------------- */

/* bench/run's keystroke figure (studycircle --benchmark=search): each query
 * is put into the entry as if typed, and the time runs from the entry's
 * search-changed (its delay is over) to the end of the frame that shows
 * the query's results. Inert unless sc_search_page_run_benchmark() ran. */
struct _Benchmark {
  char          **queries;
  guint           next;
  gint64          changed_at;   /* 0: no query under way */
  double          changed_cpu;  /* this thread's CPU time then, ms */
  gint64          shown_at;     /* 0: its results are not in the list yet */
  gboolean        settling;     /* measured; waiting for the last cards */
  GdkFrameClock  *clock;
  gulong          paint_id;
  guint           pause_id;
  GArray         *shown;        /* (element-type double) ms, per query */
  GArray         *painted;
  GArray         *painted_cpu;  /* the main thread's CPU time in it */
  GFunc           done;
  gpointer        done_data;
};

static void
benchmark_free (Benchmark *benchmark)
{
  g_clear_signal_handler (&benchmark->paint_id, benchmark->clock);
  g_clear_handle_id (&benchmark->pause_id, g_source_remove);
  g_clear_object (&benchmark->clock);
  g_strfreev (benchmark->queries);
  g_array_unref (benchmark->shown);
  g_array_unref (benchmark->painted);
  g_array_unref (benchmark->painted_cpu);
  g_free (benchmark);
}

/* The CPU time of the calling thread, in ms: the work behind a figure,
 * whatever else the machine is busy with. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
benchmark_changed (ScSearchPage *self)
{
  if (self->benchmark != NULL && self->benchmark->changed_at == 0)
    {
      self->benchmark->changed_at = g_get_monotonic_time ();
      self->benchmark->changed_cpu = thread_cpu_ms ();
    }
}

static void
benchmark_shown (ScSearchPage *self)
{
  Benchmark *benchmark = self->benchmark;

  if (benchmark == NULL || benchmark->changed_at == 0 || benchmark->shown_at != 0)
    return;
  benchmark->shown_at = g_get_monotonic_time ();
  /* A frame comes anyway for new rows; this one also comes for none. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The median and the largest of @values (sorted here). */
static void
median_and_max (GArray *values,
                double *median,
                double *max)
{
  g_array_sort (values, compare_doubles);
  *median = values->len > 0 ? g_array_index (values, double, (values->len - 1) / 2) : 0.0;
  *max = values->len > 0 ? g_array_index (values, double, values->len - 1) : 0.0;
}

static void
benchmark_finish (ScSearchPage *self)
{
  Benchmark *benchmark = self->benchmark;
  double painted_median, painted_max, shown_median, shown_max, cpu_median, cpu_max;
  GFunc done = benchmark->done;
  gpointer done_data = benchmark->done_data;

  median_and_max (benchmark->painted, &painted_median, &painted_max);
  median_and_max (benchmark->shown, &shown_median, &shown_max);
  median_and_max (benchmark->painted_cpu, &cpu_median, &cpu_max);
  g_print ("benchmark search n=%u p50=%.1f max=%.1f search_p50=%.1f search_max=%.1f"
           " main_cpu_p50=%.1f main_cpu_max=%.1f\n",
           benchmark->painted->len, painted_median, painted_max, shown_median, shown_max,
           cpu_median, cpu_max);
  g_clear_pointer (&self->benchmark, benchmark_free);
  done (self, done_data);
}

static void benchmark_type_next (ScSearchPage *self);

static gboolean
benchmark_pause_over_cb (gpointer user_data)
{
  ScSearchPage *self = user_data;

  self->benchmark->pause_id = 0;
  benchmark_type_next (self);
  return G_SOURCE_REMOVE;
}

static void
on_benchmark_after_paint_cb (GdkFrameClock *clock,
                             ScSearchPage  *self)
{
  Benchmark *benchmark = self->benchmark;
  double shown, painted, cpu;
  guint rows = 0;

  /* The next query once every card of this one is in, after a pause, as
   * between a person's searches. */
  if (benchmark->settling && self->unshown == NULL && benchmark->pause_id == 0)
    {
      benchmark->settling = FALSE;
      benchmark->pause_id = g_timeout_add (100, benchmark_pause_over_cb, self);
      return;
    }
  if (benchmark->shown_at == 0)
    return;
  shown = (benchmark->shown_at - benchmark->changed_at) / 1000.0;
  painted = (g_get_monotonic_time () - benchmark->changed_at) / 1000.0;
  cpu = thread_cpu_ms () - benchmark->changed_cpu;
  g_array_append_val (benchmark->shown, shown);
  g_array_append_val (benchmark->painted, painted);
  g_array_append_val (benchmark->painted_cpu, cpu);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->results_view)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    rows++;
  g_print ("benchmark search-query shown_ms=%.1f painted_ms=%.1f main_cpu_ms=%.1f rows=%u query=%s\n",
           shown, painted, cpu, rows, benchmark->queries[benchmark->next - 1]);
  benchmark->changed_at = benchmark->shown_at = 0;
  benchmark->settling = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
benchmark_type_next (ScSearchPage *self)
{
  Benchmark *benchmark = self->benchmark;

  if (benchmark->queries[benchmark->next] == NULL)
    {
      benchmark_finish (self);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), benchmark->queries[benchmark->next++]);
}

/**
 * sc_search_page_run_benchmark:
 * @queries: what to type, one query after the other (all different)
 * @done: called with the page and @user_data when the report is printed
 *
 * For bench/run only: types each query into the realized page's entry and
 * prints the time from the entry's search-changed to the frame showing its
 * results ("benchmark search-query …" lines, then "benchmark search …").
 */
void
sc_search_page_run_benchmark (ScSearchPage       *self,
                              const char * const *queries,
                              GFunc               done,
                              gpointer            user_data)
{
  Benchmark *benchmark;

  g_return_if_fail (SC_IS_SEARCH_PAGE (self));
  g_return_if_fail (gtk_widget_get_realized (GTK_WIDGET (self)));
  g_return_if_fail (self->benchmark == NULL);

  benchmark = g_new0 (Benchmark, 1);
  benchmark->queries = g_strdupv ((char **) queries);
  benchmark->clock = g_object_ref (gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  benchmark->shown = g_array_new (FALSE, FALSE, sizeof (double));
  benchmark->painted = g_array_new (FALSE, FALSE, sizeof (double));
  benchmark->painted_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  benchmark->done = done;
  benchmark->done_data = user_data;
  benchmark->paint_id = g_signal_connect (benchmark->clock, "after-paint",
                                          G_CALLBACK (on_benchmark_after_paint_cb), self);
  self->benchmark = benchmark;
  benchmark_type_next (self);
}
