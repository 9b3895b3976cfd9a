/* sc-groups-page.c: the study groups, one at a time
 *
 * A sidebar lists my groups (active first, then planned and finished;
 * archived ones behind a menu toggle), each with its guide, next meeting
 * and how much of the reading is done. The group chosen shows its header,
 * the next meeting (readings with minutes, who is behind), the members ×
 * sessions grid a facilitator ticks, completion per session as a chart,
 * each member's progress, and the schedule with dates and places editable
 * in place. At narrow widths the leaflet folds: list, then group.
 *
 * The numbers come from sc-group-view.c (plain data over the core's
 * sc_group_progress_compute()). The study store is opened on the main
 * thread: its queries are small and it waits out another program's write
 * lock (busy timeout). It is opened only when study.db exists: showing the
 * page never creates it; the first "New Group" does. Each toggle is one
 * store write, after which the group's view is computed again.
 *
 * The dialogs (new or edited group, member, assignment, export, import,
 * handout) are window actions in the "group." namespace that live
 * elsewhere; they call sc_groups_page_reload() after saving, and the page
 * reloads whenever it is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sc-app-resources.h"
#include "sc-app-util.h"
#include "sc-bar-chart.h"
#include "sc-error.h"
#include "sc-group-grid.h"
#include "sc-group-rows.h"
#include "sc-group-view.h"
#include "sc-groups-page.h"
#include "sc-index.h"
#include "sc-paths.h"
#include "sc-study.h"

/* What a reading's name needs from its text. */
typedef struct {
  char       *title;      /* NULL when unknown */
  GHashTable *headings;   /* section id → heading; NULL until the text loads */
} TextInfo;

struct _ScGroupsPage {
  AdwBin          parent_instance;

  ScCatalog      *catalog;
  GCancellable   *cancellable;      /* the page's life: guide and text loads */

  ScStudyStore   *store;            /* NULL until study.db exists */
  ScIndex        *index;            /* word counts, titles; NULL when unavailable */
  gboolean        index_tried;

  GHashTable     *guides;           /* guide id → ScGuide, or NULL when not in the library */
  GHashTable     *guides_loading;   /* guide ids */
  GHashTable     *texts;            /* text id → TextInfo */
  GHashTable     *texts_loading;    /* text ids */
  GHashTable     *word_counts;      /* "TEXT\nFROM\nTO" → words */
  gboolean        load_texts;       /* naming the group shown: load its texts' headings */

  GPtrArray      *groups;           /* (element-type ScGroup) all, in list order */
  GHashTable     *views;            /* group id → ScGroupView, for the list */
  ScGroupView    *view;             /* the group shown */
  char           *group_id;
  gboolean        show_archived;
  gboolean        loaded;
  guint           expanded_session; /* the schedule row left open, 0: none */
  guint           rerender_source;

  AdwToastOverlay *toast_overlay;
  GtkStack       *main_stack;
  AdwStatusPage  *error_page;
  AdwLeaflet     *leaflet;
  GtkListBox     *group_list;
  GtkScrolledWindow *group_scroller;
  GtkLabel       *status_label;
  GtkLabel       *cadence_label;
  GtkLabel       *name_label;
  GtkLabel       *facts_label;
  GtkWidget      *edit_button;
  GtkWidget      *add_member_button;
  GtkWidget      *assign_button;
  GtkMenuButton  *group_menu_button;
  GtkWidget      *add_members_button;
  GtkBox         *next_box;
  GtkStack       *members_stack;
  ScGroupGrid    *grid;
  GtkWidget      *grid_scroller;
  GtkFlowBox     *legend_box;
  ScBarChart     *chart;
  GtkBox         *members_box;
  GtkBox         *schedule_box;
};

G_DEFINE_FINAL_TYPE (ScGroupsPage, sc_groups_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_SHOW_ARCHIVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void render_group      (ScGroupsPage *self);
static void schedule_rerender (ScGroupsPage *self);

/* Helpers ------------------------------------------------------------------- */

static void
text_info_free (TextInfo *info)
{
  g_free (info->title);
  g_clear_pointer (&info->headings, g_hash_table_unref);
  g_free (info);
}

static void
guide_free (gpointer guide)
{
  if (guide != NULL)
    sc_guide_free (guide);
}

static void
box_remove_all (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static char *
today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static void
add_toast (ScGroupsPage *self,
           const char   *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* The target first: a "group." action takes the group's id. */
static void
set_group_action (GtkWidget  *widget,
                  const char *action_name,
                  const char *group_id)
{
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (widget), g_variant_new_string (group_id));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (widget), action_name);
}

/* The library: word counts, titles and headings ---------------------------- */

static ScIndex *
ensure_index (ScGroupsPage *self)
{
  if (!self->index_tried)
    {
      g_autoptr(GError) error = NULL;

      self->index_tried = TRUE;
      self->index = sc_index_open (sc_catalog_get_index_path (self->catalog), &error);
      if (self->index == NULL)
        sc_app_report_error (GTK_WIDGET (self), _("Reading times and titles of the groups’ readings are unknown"), error);
    }
  return self->index;
}

static guint
word_count_cb (const char *text_id,
               const char *from,
               const char *to,
               gpointer    user_data)
{
  ScGroupsPage *self = user_data;
  g_autofree char *key = g_strdup_printf ("%s\n%s\n%s", text_id, from ? from : "", to ? to : "");
  gpointer cached;
  guint words = 0;

  if (g_hash_table_lookup_extended (self->word_counts, key, NULL, &cached))
    return GPOINTER_TO_UINT (cached);
  if (ensure_index (self) != NULL)
    words = sc_index_count_words (self->index, text_id, from, to);
  g_hash_table_insert (self->word_counts, g_steal_pointer (&key), GUINT_TO_POINTER (words));
  return words;
}

static gboolean
lookup_cb (const char *text_id,
           const char *section_id,
           gpointer    user_data)
{
  ScGroupsPage *self = user_data;

  /* Without the index nothing can be said missing. */
  if (ensure_index (self) == NULL)
    return TRUE;
  return sc_index_has_section (self->index, text_id, section_id);
}

typedef struct {
  ScGroupsPage *self;
  char         *text_id;
} TextLoad;

static void
on_text_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TextLoad *load = user_data;
  ScGroupsPage *self = load->self;
  g_autofree char *text_id = load->text_id;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScText) text = sc_catalog_load_text_finish (SC_CATALOG (source), result, &error);
  TextInfo *info;

  g_free (load);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_hash_table_remove (self->texts_loading, text_id);
  info = g_hash_table_lookup (self->texts, text_id);
  if (info == NULL)
    return;
  info->headings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (text != NULL)
    {
      g_autoptr(GPtrArray) sections = sc_text_flatten (text);

      g_free (info->title);
      info->title = g_strdup (text->title);
      for (guint i = 0; i < sections->len; i++)
        {
          ScSection *section = g_ptr_array_index (sections, i);

          if (section->heading != NULL)
            g_hash_table_insert (info->headings, g_strdup (section->id), g_strdup (section->heading));
        }
    }
  else if (!g_error_matches (error, SC_ERROR, SC_ERROR_NOT_FOUND))
    sc_app_report_error (GTK_WIDGET (self), _("Could not read a text of this group"), error);

  schedule_rerender (self);
}

static TextInfo *
ensure_text_info (ScGroupsPage *self,
                  const char   *text_id)
{
  TextInfo *info = g_hash_table_lookup (self->texts, text_id);

  if (info == NULL)
    {
      info = g_new0 (TextInfo, 1);
      /* The title at once from the index; the headings when the text loads. */
      if (ensure_index (self) != NULL)
        {
          g_autoptr(ScDocInfo) doc = sc_index_get_document (self->index, text_id, NULL);

          if (doc != NULL)
            info->title = g_strdup (doc->title);
        }
      g_hash_table_insert (self->texts, g_strdup (text_id), info);
    }

  if (self->load_texts && info->headings == NULL && !g_hash_table_contains (self->texts_loading, text_id))
    {
      TextLoad *load = g_new0 (TextLoad, 1);

      load->self = self;
      load->text_id = g_strdup (text_id);
      g_hash_table_add (self->texts_loading, g_strdup (text_id));
      sc_catalog_load_text_async (self->catalog, text_id, self->cancellable, on_text_loaded_cb, load);
    }
  return info;
}

static const char *
section_heading (TextInfo   *info,
                 const char *section_id)
{
  const char *heading = info->headings != NULL ? g_hash_table_lookup (info->headings, section_id) : NULL;

  return heading != NULL ? heading : section_id;
}

/* "Wages and Profit — Wages to Profit", as the Guides page names readings. */
static char *
name_reading_cb (const char *text_id,
                 const char *from,
                 const char *to,
                 gpointer    user_data)
{
  ScGroupsPage *self = user_data;
  TextInfo *info = ensure_text_info (self, text_id);

  if (info->title == NULL)
    return NULL;
  if (from == NULL)
    return g_strdup (info->title);
  if (to == NULL || strcmp (from, to) == 0)
    /* Translators: a reading: the text's title — the section's heading */
    return g_strdup_printf (_("%s — %s"), info->title, section_heading (info, from));
  /* Translators: a reading: the text's title — first to last section */
  return g_strdup_printf (_("%s — %s to %s"), info->title, section_heading (info, from),
                          section_heading (info, to));
}

/* Guides -------------------------------------------------------------------- */

typedef struct {
  ScGroupsPage *self;
  char         *guide_id;
} GuideLoad;

static void
on_guide_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GuideLoad *load = user_data;
  ScGroupsPage *self = load->self;
  g_autofree char *guide_id = load->guide_id;
  g_autoptr(GError) error = NULL;
  ScGuide *guide = sc_catalog_load_guide_finish (SC_CATALOG (source), result, &error);

  g_free (load);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A guide that left the library: the group goes on with its assigned
   * readings, as the CLI and the reports do. */
  if (guide == NULL && !g_error_matches (error, SC_ERROR, SC_ERROR_NOT_FOUND))
    sc_app_report_error (GTK_WIDGET (self), _("Could not read the guide of this group"), error);
  g_hash_table_remove (self->guides_loading, guide_id);
  g_hash_table_replace (self->guides, g_strdup (guide_id), guide);
  if (g_hash_table_size (self->guides_loading) == 0)
    sc_groups_page_reload (self);
}

/* TRUE when every group's guide is known (loaded or missing). */
static gboolean
ensure_guides (ScGroupsPage *self)
{
  for (guint i = 0; i < self->groups->len; i++)
    {
      ScGroup *group = g_ptr_array_index (self->groups, i);
      GuideLoad *load;

      if (group->guide_id == NULL || g_hash_table_contains (self->guides, group->guide_id) ||
          g_hash_table_contains (self->guides_loading, group->guide_id))
        continue;

      load = g_new0 (GuideLoad, 1);
      load->self = self;
      load->guide_id = g_strdup (group->guide_id);
      g_hash_table_add (self->guides_loading, g_strdup (group->guide_id));
      sc_catalog_load_guide_async (self->catalog, group->guide_id, self->cancellable,
                                   on_guide_loaded_cb, load);
    }
  return g_hash_table_size (self->guides_loading) == 0;
}

/* Views ----------------------------------------------------------------------- */

static ScGroupView *
compute_view (ScGroupsPage  *self,
              ScGroup       *group,
              GError       **error)
{
  ScGroupViewSources sources = { 0 };
  g_autofree char *today = today_iso ();
  ScGroupView *view;

  sources.guide = group->guide_id != NULL ? g_hash_table_lookup (self->guides, group->guide_id) : NULL;
  sources.word_count = word_count_cb;
  sources.lookup = lookup_cb;
  sources.name = name_reading_cb;
  sources.user_data = self;

  /* Only the group shown loads its texts to name their sections. */
  self->load_texts = g_strcmp0 (group->id, self->group_id) == 0;
  view = sc_group_view_compute (self->store, group->id, &sources, today, error);
  self->load_texts = FALSE;
  return view;
}

static ScGroup *
find_group (ScGroupsPage *self,
            const char   *group_id)
{
  for (guint i = 0; self->groups != NULL && i < self->groups->len; i++)
    {
      ScGroup *group = g_ptr_array_index (self->groups, i);

      if (g_strcmp0 (group->id, group_id) == 0)
        return group;
    }
  return NULL;
}

static gboolean
group_listed (ScGroupsPage  *self,
              const ScGroup *group)
{
  return group->status != SC_GROUP_ARCHIVED || self->show_archived ||
         g_strcmp0 (group->id, self->group_id) == 0;
}

/* The list -------------------------------------------------------------------- */

static void
rebuild_list (ScGroupsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->group_list))) != NULL)
    gtk_list_box_remove (self->group_list, child);

  for (guint i = 0; i < self->groups->len; i++)
    {
      ScGroup *group = g_ptr_array_index (self->groups, i);
      GtkWidget *row;

      if (!group_listed (self, group))
        continue;
      row = sc_group_list_row_new (group, g_hash_table_lookup (self->views, group->id));
      gtk_list_box_append (self->group_list, row);
      if (g_strcmp0 (group->id, self->group_id) == 0)
        gtk_list_box_select_row (self->group_list, GTK_LIST_BOX_ROW (row));
    }
}

static void
on_group_row_activated_cb (ScGroupsPage  *self,
                           GtkListBoxRow *row,
                           GtkListBox    *list)
{
  sc_groups_page_show_group (self, g_object_get_data (G_OBJECT (row), "group-id"));
  adw_leaflet_set_visible_child_name (self->leaflet, "group");
}

/* Loading --------------------------------------------------------------------- */

/* The store, when study.db exists; FALSE (with the page showing why) when
 * there is nothing to show. */
static gboolean
ensure_store (ScGroupsPage *self)
{
  g_autofree char *path = sc_paths_study_db ();
  g_autoptr(GError) error = NULL;

  if (self->store != NULL && g_strcmp0 (sc_study_store_get_path (self->store), path) == 0)
    return TRUE;
  g_clear_pointer (&self->store, sc_study_store_close);

  /* Showing the page must never create the file. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      return FALSE;
    }

  self->store = sc_study_store_open (path, &error);
  if (self->store == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      return FALSE;
    }
  return TRUE;
}

/* The grid keeps its view until the next one: with the same members and
 * sessions its cells stay (an open popover too). */
static void
clear_groups (ScGroupsPage *self)
{
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_hash_table_remove_all (self->views);
  g_clear_pointer (&self->view, sc_group_view_unref);
}

/* The group to show: the one shown before when it is still there, else
 * the first listed. */
static void
choose_group (ScGroupsPage *self)
{
  ScGroup *current = find_group (self, self->group_id);

  if (current != NULL && (current->status != SC_GROUP_ARCHIVED || self->show_archived))
    return;

  g_clear_pointer (&self->group_id, g_free);
  for (guint i = 0; i < self->groups->len; i++)
    {
      ScGroup *group = g_ptr_array_index (self->groups, i);

      if (group_listed (self, group))
        {
          self->group_id = g_strdup (group->id);
          return;
        }
    }
}

void
sc_groups_page_reload (ScGroupsPage *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SC_IS_GROUPS_PAGE (self));

  g_clear_handle_id (&self->rerender_source, g_source_remove);
  if (!ensure_store (self))
    {
      clear_groups (self);
      return;
    }

  clear_groups (self);
  self->groups = sc_study_store_list_groups (self->store, TRUE, &error);
  if (self->groups == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      return;
    }
  if (self->groups->len == 0)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      return;
    }
  sc_group_view_sort_groups (self->groups);

  /* The numbers need the guides: wait for them the first time; they are
   * kept for the page's life. */
  if (!ensure_guides (self))
    {
      if (!self->loaded)
        gtk_stack_set_visible_child_name (self->main_stack, "loading");
      return;
    }

  choose_group (self);
  for (guint i = 0; i < self->groups->len; i++)
    {
      ScGroup *group = g_ptr_array_index (self->groups, i);
      ScGroupView *view;

      g_clear_error (&error);
      view = compute_view (self, group, &error);
      if (view == NULL)
        {
          sc_app_report_error (GTK_WIDGET (self), _("A study group could not be shown"), error);
          continue;
        }
      g_hash_table_replace (self->views, g_strdup (group->id), view);
    }

  rebuild_list (self);
  if (self->group_id != NULL)
    {
      ScGroupView *view = g_hash_table_lookup (self->views, self->group_id);

      self->view = view != NULL ? sc_group_view_ref (view) : NULL;
    }
  render_group (self);
  self->loaded = TRUE;
  gtk_stack_set_visible_child_name (self->main_stack, "groups");
}

/* Computes the group shown again, after a write or a text's headings
 * arrived: the grid keeps its cells (and an open popover). @relist: its
 * numbers changed, so its row in the list too. */
static void
refresh_group (ScGroupsPage *self,
               gboolean      relist)
{
  g_autoptr(GError) error = NULL;
  ScGroup *group = find_group (self, self->group_id);
  ScGroupView *view;

  if (group == NULL || self->store == NULL)
    return;

  view = compute_view (self, group, &error);
  if (view == NULL)
    {
      add_toast (self, error->message);
      return;
    }
  g_hash_table_replace (self->views, g_strdup (group->id), sc_group_view_ref (view));
  g_clear_pointer (&self->view, sc_group_view_unref);
  self->view = view;
  if (relist)
    rebuild_list (self);
  render_group (self);
}

static gboolean
rerender_cb (gpointer user_data)
{
  ScGroupsPage *self = user_data;

  self->rerender_source = 0;
  refresh_group (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
schedule_rerender (ScGroupsPage *self)
{
  if (self->rerender_source == 0)
    self->rerender_source = g_idle_add (rerender_cb, self);
}

/* The header ------------------------------------------------------------------ */

static void
render_header (ScGroupsPage *self)
{
  ScGroup *group = self->view->group;
  g_autoptr(GString) facts = g_string_new (group->branch);
  g_autofree char *cadence = sc_group_cadence_text (group);
  g_autoptr(GMenuModel) menu = sc_group_menu_new (self->view);
  const char *status_classes[] = { "status-planned", "status-active", "status-finished", "status-archived" };

  gtk_label_set_text (self->name_label, group->name);
  gtk_label_set_text (self->status_label, self->view->status_label);
  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), status_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), status_classes[group->status]);
  gtk_label_set_text (self->cadence_label, cadence);

  if (self->view->guide_title != NULL)
    g_string_append_printf (facts, "%s%s", facts->len > 0 ? " · " : "", self->view->guide_title);
  else if (group->guide_id != NULL)
    /* Translators: a group's guide that the library does not have */
    g_string_append_printf (facts, _("%s%s (not in this library)"), facts->len > 0 ? " · " : "", group->guide_id);
  if (group->facilitator != NULL)
    /* Translators: who facilitates a group */
    g_string_append_printf (facts, _("%sFacilitated by %s"), facts->len > 0 ? " · " : "", group->facilitator);
  gtk_label_set_text (self->facts_label, facts->str);
  gtk_widget_set_visible (GTK_WIDGET (self->facts_label), facts->len > 0);

  set_group_action (self->edit_button, "group.edit", group->id);
  set_group_action (self->add_member_button, "group.add-member", group->id);
  set_group_action (self->assign_button, "group.assign", group->id);
  set_group_action (self->add_members_button, "group.add-member", group->id);
  gtk_menu_button_set_menu_model (self->group_menu_button, menu);
}

static void
render_chart (ScGroupsPage *self)
{
  g_autofree ScBarChartBar *bars = g_new0 (ScBarChartBar, MAX (1, self->view->bars->len));

  for (guint i = 0; i < self->view->bars->len; i++)
    {
      ScGroupViewBar *bar = g_ptr_array_index (self->view->bars, i);

      bars[i] = (ScBarChartBar) { bar->label, bar->value_label, bar->description, bar->value,
                                  bar->highlight, bar->past };
    }
  sc_bar_chart_set_bars (self->chart, bars, self->view->bars->len);
}

/* The schedule ------------------------------------------------------------------- */

static void
on_date_applied_cb (AdwEntryRow  *entry,
                    ScGroupsPage *self)
{
  guint session = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "session"));
  g_autofree char *date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->group_id == NULL)
    return;

  if (*date != '\0' && !sc_date_is_valid (date))
    {
      /* Translators: %s is what was typed as a meeting's date */
      g_autofree char *message = g_strdup_printf (_("“%s” is not a date: write it as YYYY-MM-DD, "
                                                    "like 2025-03-14"), date);

      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      add_toast (self, message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  /* An empty date follows the start date and cadence again. */
  if (!sc_study_store_set_meeting (self->store, self->group_id, session, date, NULL, &error))
    {
      add_toast (self, error->message);
      return;
    }
  self->expanded_session = session;
  schedule_rerender (self);
}

static void
on_place_applied_cb (AdwEntryRow  *entry,
                     ScGroupsPage *self)
{
  guint session = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "session"));
  g_autofree char *place = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->group_id == NULL)
    return;
  if (!sc_study_store_set_meeting (self->store, self->group_id, session, NULL, place, &error))
    {
      add_toast (self, error->message);
      return;
    }
  self->expanded_session = session;
  schedule_rerender (self);
}

static void
on_session_expanded_cb (AdwExpanderRow *row,
                        GParamSpec     *pspec,
                        ScGroupsPage   *self)
{
  guint session = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "session"));

  if (adw_expander_row_get_expanded (row))
    self->expanded_session = session;
  else if (self->expanded_session == session)
    self->expanded_session = 0;
}

static void
render_group (ScGroupsPage *self)
{
  const ScGroupScheduleCallbacks callbacks = {
    G_CALLBACK (on_date_applied_cb),
    G_CALLBACK (on_place_applied_cb),
    G_CALLBACK (on_session_expanded_cb),
    self,
  };

  if (self->view == NULL)
    {
      sc_group_grid_set_view (self->grid, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->group_scroller), FALSE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->group_scroller), TRUE);
  render_header (self);
  box_remove_all (self->next_box);
  gtk_box_append (self->next_box, sc_group_next_meeting_new (self->view));
  gtk_stack_set_visible_child_name (self->members_stack, self->view->members->len > 0 ? "members" : "no-members");
  sc_group_grid_set_view (self->grid, self->view);
  render_chart (self);
  box_remove_all (self->members_box);
  gtk_box_append (self->members_box, sc_group_members_new (self->view));
  box_remove_all (self->schedule_box);
  gtk_box_append (self->schedule_box, sc_group_schedule_new (self->view, self->expanded_session, &callbacks));
}

/* Writes ----------------------------------------------------------------------- */

static void
on_reading_toggled_cb (ScGroupsPage *self,
                       const char   *member_id,
                       const char   *reading_key,
                       gboolean      done,
                       ScGroupGrid  *grid)
{
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->group_id == NULL)
    return;
  if (!sc_study_store_set_progress (self->store, self->group_id, member_id, reading_key,
                                    done ? SC_READING_DONE : SC_READING_NOT_STARTED, NULL, NULL, &error))
    add_toast (self, error->message);
  refresh_group (self, TRUE);
}

static void
on_attendance_activated_cb (ScGroupsPage *self,
                            const char   *member_id,
                            guint         session,
                            ScGroupGrid  *grid)
{
  g_autoptr(GError) error = NULL;
  ScGroupViewMember *member;
  ScGroupViewCell *cell;

  if (self->store == NULL || self->view == NULL)
    return;
  member = sc_group_view_find_member (self->view, member_id, NULL);
  if (member == NULL || session == 0 || session > self->view->n_sessions)
    return;

  cell = &member->cells[session - 1];
  if (!sc_study_store_set_attendance (self->store, self->view->group->id, member_id, session,
                                      sc_group_view_next_attendance (cell->attendance),
                                      cell->questions_prepared, &error))
    add_toast (self, error->message);
  refresh_group (self, TRUE);
}

/* Actions ---------------------------------------------------------------------- */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ScGroupsPage *self = SC_GROUPS_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

static void
set_me_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ScGroupsPage *self = SC_GROUPS_PAGE (widget);
  const char *member_id = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->group_id == NULL)
    return;
  if (!sc_study_store_set_me (self->store, self->group_id, *member_id != '\0' ? member_id : NULL, &error))
    add_toast (self, error->message);
  refresh_group (self, TRUE);
}

/* The grid scrolls sideways only: a wheel turned over it scrolls the page,
 * as everywhere else on it (GtkScrolledWindow would keep the event). */
static gboolean
on_grid_scroll_cb (GtkEventControllerScroll *controller,
                   double                    dx,
                   double                    dy,
                   ScGroupsPage             *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->group_scroller);
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double step;

  if (dy == 0.0 || dx != 0.0 || (state & GDK_SHIFT_MASK) != 0)
    return GDK_EVENT_PROPAGATE;

  /* About GtkScrolledWindow's own step for a wheel's notch (it takes the
   * page size to the power 2/3: 80 px for a 700 px page). */
  step = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL
         ? MAX (40.0, gtk_adjustment_get_page_size (adjustment) / 8.0) : 1.0;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + dy * step);
  return GDK_EVENT_STOP;
}

/* The page ------------------------------------------------------------------------ */

static void
on_catalog_changed_cb (ScGroupsPage *self,
                       ScCatalog    *catalog)
{
  /* The library changed under the guides, texts and word counts; the
   * index may even be a new file. */
  g_clear_pointer (&self->index, sc_index_close);
  self->index_tried = FALSE;
  g_hash_table_remove_all (self->guides);
  g_hash_table_remove_all (self->texts);
  g_hash_table_remove_all (self->word_counts);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    sc_groups_page_reload (self);
}

static void
sc_groups_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sc_groups_page_parent_class)->map (widget);

  /* Back from a dialog, the CLI or an import: read the store again. */
  sc_groups_page_reload (SC_GROUPS_PAGE (widget));
}

static void
sc_groups_page_constructed (GObject *object)
{
  ScGroupsPage *self = SC_GROUPS_PAGE (object);

  G_OBJECT_CLASS (sc_groups_page_parent_class)->constructed (object);

  g_assert (self->catalog != NULL);
  g_signal_connect_object (self->catalog, "changed", G_CALLBACK (on_catalog_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
sc_groups_page_dispose (GObject *object)
{
  ScGroupsPage *self = SC_GROUPS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->rerender_source, g_source_remove);
  /* AdwBin lets go of its child first, so the template does not unparent
   * it behind AdwBin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_GROUPS_PAGE);
  g_clear_pointer (&self->view, sc_group_view_unref);
  g_clear_object (&self->catalog);
  G_OBJECT_CLASS (sc_groups_page_parent_class)->dispose (object);
}

static void
sc_groups_page_finalize (GObject *object)
{
  ScGroupsPage *self = SC_GROUPS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->store, sc_study_store_close);
  g_clear_pointer (&self->index, sc_index_close);
  g_clear_pointer (&self->guides, g_hash_table_unref);
  g_clear_pointer (&self->guides_loading, g_hash_table_unref);
  g_clear_pointer (&self->texts, g_hash_table_unref);
  g_clear_pointer (&self->texts_loading, g_hash_table_unref);
  g_clear_pointer (&self->word_counts, g_hash_table_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->views, g_hash_table_unref);
  g_free (self->group_id);
  G_OBJECT_CLASS (sc_groups_page_parent_class)->finalize (object);
}

static void
sc_groups_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ScGroupsPage *self = SC_GROUPS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_SHOW_ARCHIVED:
      g_value_set_boolean (value, self->show_archived);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_groups_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ScGroupsPage *self = SC_GROUPS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_SHOW_ARCHIVED:
      if (self->show_archived == g_value_get_boolean (value))
        break;
      self->show_archived = g_value_get_boolean (value);
      g_object_notify_by_pspec (object, pspec);
      if (self->loaded)
        sc_groups_page_reload (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_groups_page_class_init (ScGroupsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  (void) sc_app_get_resource ();

  object_class->constructed = sc_groups_page_constructed;
  object_class->dispose = sc_groups_page_dispose;
  object_class->finalize = sc_groups_page_finalize;
  object_class->get_property = sc_groups_page_get_property;
  object_class->set_property = sc_groups_page_set_property;
  widget_class->map = sc_groups_page_map;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, SC_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_ARCHIVED] =
    g_param_spec_boolean ("show-archived", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SC_TYPE_GROUP_GRID);
  g_type_ensure (SC_TYPE_BAR_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/studycircle/StudyCircle/sc-groups-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, group_list);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, group_scroller);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, cadence_label);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, facts_label);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, add_member_button);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, assign_button);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, group_menu_button);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, add_members_button);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, next_box);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, members_stack);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, grid);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, grid_scroller);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, legend_box);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, chart);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, members_box);
  gtk_widget_class_bind_template_child (widget_class, ScGroupsPage, schedule_box);
  /* Not kept, but reachable with gtk_widget_get_template_child(). */
  gtk_widget_class_bind_template_child_full (widget_class, "empty_new_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "back_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, on_group_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reading_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_attendance_activated_cb);

  gtk_widget_class_install_action (widget_class, "groups.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "groups.set-me", "s", set_me_action);
  gtk_widget_class_install_property_action (widget_class, "groups.show-archived", "show-archived");
}

static void
sc_groups_page_init (ScGroupsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->guides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, guide_free);
  self->guides_loading = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) text_info_free);
  self->texts_loading = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->word_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->views = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) sc_group_view_unref);

  {
    GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

    gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
    g_signal_connect (scroll, "scroll", G_CALLBACK (on_grid_scroll_cb), self);
    gtk_widget_add_controller (self->grid_scroller, scroll);
  }
  gtk_list_box_set_header_func (self->group_list, sc_group_list_header_func, NULL, NULL);
  {
    GtkWidget *placeholder = gtk_label_new (_("Only archived groups: “Show Archived Groups” in the menu lists them."));

    gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
    gtk_widget_add_css_class (placeholder, "dim-label");
    gtk_widget_set_margin_start (placeholder, 12);
    gtk_widget_set_margin_end (placeholder, 12);
    gtk_widget_set_margin_top (placeholder, 24);
    gtk_list_box_set_placeholder (self->group_list, placeholder);
  }
  sc_group_legend_fill (self->legend_box);
}

GtkWidget *
sc_groups_page_new (ScCatalog *catalog)
{
  g_return_val_if_fail (SC_IS_CATALOG (catalog), NULL);

  return g_object_new (SC_TYPE_GROUPS_PAGE, "catalog", catalog, NULL);
}

void
sc_groups_page_show_group (ScGroupsPage *self,
                           const char   *group_id)
{
  g_return_if_fail (SC_IS_GROUPS_PAGE (self));
  g_return_if_fail (group_id != NULL);

  if (g_strcmp0 (self->group_id, group_id) == 0 && self->view != NULL)
    return;
  g_free (self->group_id);
  self->group_id = g_strdup (group_id);
  self->expanded_session = 0;
  if (self->loaded)
    refresh_group (self, FALSE);
}

const char *
sc_groups_page_get_group_id (ScGroupsPage *self)
{
  g_return_val_if_fail (SC_IS_GROUPS_PAGE (self), NULL);

  return self->view != NULL ? self->view->group->id : NULL;
}

gboolean
sc_groups_page_get_busy (ScGroupsPage *self)
{
  g_return_val_if_fail (SC_IS_GROUPS_PAGE (self), FALSE);

  return g_hash_table_size (self->guides_loading) > 0 || g_hash_table_size (self->texts_loading) > 0 ||
         self->rerender_source != 0;
}
