/* sc-library-page.c: every text and study guide of the library
 *
 * The list is a GtkListView over a flat GListStore of ScLibraryItem. GTK
 * 4.8 has no section headers in list views (GtkSectionModel came in 4.12),
 * so when the list is sorted by level a header item stands before the
 * documents of each level: introductory first, where a new member starts.
 * Header rows are neither activatable nor selectable.
 *
 * Filtering runs in the core: the language, level, kind, topic and author
 * filters go to sc_catalog_list_async() as an ScDocFilter. Sorting the
 * result, inserting the headers and looking up my progress
 * (sc-library-arrange.c) happen in a worker thread too, so a library of
 * tens of thousands of texts never stalls the main thread; the result
 * replaces the list with a single items-changed.
 *
 * My progress and the "Continue reading" strip come from the study store,
 * opened on its own connection in a worker thread (one connection per
 * thread, as the store asks), once per reload, never per row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sc-app-util.h"
#include "sc-document-row.h"
#include "sc-library-arrange.h"
#include "sc-library-item.h"
#include "sc-library-page.h"
#include "sc-study.h"

/* How many texts the "Continue reading" strip offers. */
#define CONTINUE_READING_MAX 8

/* In the order of the level dropdown, after "All levels". */
static const char * const level_values[] = { NULL, "introductory", "intermediate", "advanced" };
/* In the order of the kind dropdown, after "Texts and guides". */
static const char * const kind_values[] = { NULL, "text", "guide" };

struct _ScLibraryPage {
  AdwBin          parent_instance;

  ScCatalog      *catalog;
  char           *study_db;

  GListModel     *documents;         /* ScDocument: the last listing, for re-sorting */
  GListStore     *items;             /* ScLibraryItem */
  GHashTable     *positions;         /* text id → ScPosition; NULL: no study store */
  GPtrArray      *language_codes;    /* parallel to @languages; [0] NULL: all */
  GtkStringList  *languages;
  GtkStringList  *topics;            /* [0] "All topics" */

  GCancellable   *rows_cancellable;
  GCancellable   *facets_cancellable;
  GCancellable   *positions_cancellable;

  guint           updating_filters;  /* > 0: filter widgets change under our hands */
  gboolean        loaded;            /* the first listing arrived */
  gboolean        was_mapped;
  gboolean        focus_offered;     /* the list took the focus at first sight, or could not */

  GtkWidget      *continue_box;
  GtkBox         *continue_cards;
  GtkSearchEntry *author_entry;
  GtkDropDown    *language_dropdown;
  GtkDropDown    *level_dropdown;
  GtkDropDown    *topic_dropdown;
  GtkDropDown    *kind_dropdown;
  GtkDropDown    *sort_dropdown;
  GtkStack       *view_stack;
  GtkListView    *list_view;
};

G_DEFINE_FINAL_TYPE (ScLibraryPage, sc_library_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_STUDY_DB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload_rows (ScLibraryPage *self);

/* ------------------------------------------------------------------------ */
/* Arranging: sorting, section headers, facets, in a worker thread          */

typedef enum {
  ARRANGE_ROWS   = 1 << 0,
  ARRANGE_FACETS = 1 << 1,
} ArrangeFlags;

typedef struct {
  GPtrArray    *documents;   /* ScDocument */
  ArrangeFlags  flags;
  ScLibrarySort sort;
  GHashTable   *positions;   /* may be NULL; read only */

  GPtrArray    *items;       /* out: ScLibraryItem */
  GPtrArray    *languages;   /* out: language codes, by name */
  GPtrArray    *topics;      /* out: topics, sorted */
} ArrangeJob;

static void
arrange_job_free (ArrangeJob *job)
{
  g_clear_pointer (&job->documents, g_ptr_array_unref);
  g_clear_pointer (&job->positions, g_hash_table_unref);
  g_clear_pointer (&job->items, g_ptr_array_unref);
  g_clear_pointer (&job->languages, g_ptr_array_unref);
  g_clear_pointer (&job->topics, g_ptr_array_unref);
  g_free (job);
}

static void
arrange_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ArrangeJob *job = task_data;

  if (job->flags & ARRANGE_FACETS)
    sc_library_collect_facets (job->documents, &job->languages, &job->topics);
  if (g_task_return_error_if_cancelled (task))
    return;
  if (job->flags & ARRANGE_ROWS)
    job->items = sc_library_arrange (job->documents, job->sort, job->positions);
  g_task_return_boolean (task, TRUE);
}

/* Arranges @documents in a worker thread. The task has no source object:
 * its last reference may be dropped in the worker, and a widget must never
 * be finalized there. @self is only touched when the task was not
 * cancelled, and dispose cancels every task. */
static void
arrange_async (ScLibraryPage       *self,
               GListModel          *documents,
               ArrangeFlags         flags,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, self);
  ArrangeJob *job = g_new0 (ArrangeJob, 1);
  guint n = g_list_model_get_n_items (documents);

  job->documents = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (job->documents, g_list_model_get_item (documents, i));
  job->flags = flags;
  job->sort = gtk_drop_down_get_selected (self->sort_dropdown);
  job->positions = self->positions != NULL ? g_hash_table_ref (self->positions) : NULL;

  g_task_set_source_tag (task, arrange_async);
  g_task_set_task_data (task, job, (GDestroyNotify) arrange_job_free);
  g_task_run_in_thread (task, arrange_thread);
}

/* ------------------------------------------------------------------------ */
/* Filters                                                                   */

static const char *
selected_language (ScLibraryPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->language_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->language_codes->len)
    return NULL;
  return g_ptr_array_index (self->language_codes, selected);
}

static const char *
selected_topic (ScLibraryPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->topic_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->topics, selected);
}

static const char *
selected_value (GtkDropDown       *dropdown,
                const char * const *values,
                guint               n_values)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  return selected < n_values ? values[selected] : NULL;
}

static const char *
author_text (ScLibraryPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->author_entry));

  while (g_ascii_isspace (*text))
    text++;
  return *text != '\0' ? text : NULL;
}

/* The filter as the widgets set it; strings owned by the widgets. */
static ScDocFilter
current_filter (ScLibraryPage *self)
{
  ScDocFilter filter = {
    .lang = selected_language (self),
    .level = selected_value (self->level_dropdown, level_values, G_N_ELEMENTS (level_values)),
    .kind = selected_value (self->kind_dropdown, kind_values, G_N_ELEMENTS (kind_values)),
    .author = author_text (self),
    .topic = selected_topic (self),
  };

  return filter;
}

static gboolean
filters_active (ScLibraryPage *self)
{
  ScDocFilter filter = current_filter (self);

  return filter.lang != NULL || filter.level != NULL || filter.kind != NULL ||
         filter.author != NULL || filter.topic != NULL;
}

static void
update_view (ScLibraryPage *self)
{
  const char *name;

  if (!self->loaded)
    name = "loading";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->items)) > 0)
    name = "list";
  else if (filters_active (self))
    name = "empty";
  else if (sc_catalog_get_indexing (self->catalog))
    name = "loading";
  else
    name = "no-library";
  gtk_stack_set_visible_child_name (self->view_stack, name);
}

static void
on_filter_changed_cb (ScLibraryPage *self)
{
  if (self->updating_filters > 0)
    return;
  reload_rows (self);
}

static void
on_author_stop_search_cb (ScLibraryPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->author_entry), "");
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ScLibraryPage *self = SC_LIBRARY_PAGE (widget);

  self->updating_filters++;
  gtk_editable_set_text (GTK_EDITABLE (self->author_entry), "");
  gtk_drop_down_set_selected (self->language_dropdown, 0);
  gtk_drop_down_set_selected (self->level_dropdown, 0);
  gtk_drop_down_set_selected (self->topic_dropdown, 0);
  gtk_drop_down_set_selected (self->kind_dropdown, 0);
  self->updating_filters--;
  reload_rows (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* Puts @labels after the "All …" choice of @dropdown and selects
 * @selected (0: all). The "All …" item itself is never replaced: the
 * dropdown keeps showing the right choice while its model changes. */
static void
replace_choices (GtkDropDown   *dropdown,
                 GtkStringList *list,
                 GPtrArray     *labels,
                 guint          selected)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (list));
  gboolean same = n_old == labels->len + 1;

  for (guint i = 0; same && i < labels->len; i++)
    same = strcmp (gtk_string_list_get_string (list, i + 1), g_ptr_array_index (labels, i)) == 0;

  if (!same)
    {
      g_ptr_array_add (labels, NULL);
      gtk_drop_down_set_selected (dropdown, 0);
      gtk_string_list_splice (list, 1, n_old - 1, (const char * const *) labels->pdata);
      g_ptr_array_remove_index (labels, labels->len - 1);
    }
  gtk_drop_down_set_selected (dropdown, selected);
}

static void
apply_facets (ScLibraryPage *self,
              ArrangeJob    *job)
{
  g_autofree char *old_language = g_strdup (selected_language (self));
  g_autofree char *old_topic = g_strdup (selected_topic (self));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint language = 0, topic = 0;

  self->updating_filters++;

  /* Languages go by name ("Español"); the filter takes the code ("es"). */
  g_ptr_array_set_size (self->language_codes, 0);
  g_ptr_array_add (self->language_codes, NULL);
  for (guint i = 0; i < job->languages->len; i++)
    {
      const char *code = g_ptr_array_index (job->languages, i);

      if (g_strcmp0 (code, old_language) == 0)
        language = i + 1;
      g_ptr_array_add (self->language_codes, g_strdup (code));
      g_ptr_array_add (names, (gpointer) sc_library_language_name (code));
    }
  replace_choices (self->language_dropdown, self->languages, names, language);

  for (guint i = 0; i < job->topics->len; i++)
    if (g_strcmp0 (g_ptr_array_index (job->topics, i), old_topic) == 0)
      topic = i + 1;
  replace_choices (self->topic_dropdown, self->topics, job->topics, topic);

  self->updating_filters--;

  /* A language or topic that left the library no longer filters. */
  if ((old_language != NULL && language == 0) || (old_topic != NULL && topic == 0))
    reload_rows (self);
}

/* ------------------------------------------------------------------------ */
/* Listing                                                                   */

/* The row widget of the first document, once the list has made it. */
static GtkWidget *
first_document_row (ScLibraryPage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);
      ScLibraryItem *item = SC_IS_DOCUMENT_ROW (row) ? sc_document_row_get_item (SC_DOCUMENT_ROW (row)) : NULL;

      if (item != NULL && !sc_library_item_is_header (item))
        return child;
    }
  return NULL;
}

static gboolean
focus_first_document_cb (GtkWidget     *widget,
                         GdkFrameClock *frame_clock,
                         gpointer       user_data)
{
  ScLibraryPage *self = SC_LIBRARY_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *row = first_document_row (self);

  /* Only while the focus is still where offer_focus() put it. GTK 4.8
   * has no API to focus an item of a list view: its row widget is
   * focused instead, which the list view follows. */
  if (root != NULL && gtk_root_get_focus (root) == GTK_WIDGET (self->list_view) && row != NULL)
    gtk_widget_grab_focus (row);
  return G_SOURCE_REMOVE;
}

/* Arrows move and Enter opens from the start, unless the person is
 * already somewhere else: typing in an entry, or on another page. Done
 * once, when the page is first both shown and filled. */
static void
offer_focus (ScLibraryPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (self->focus_offered || !self->loaded || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  self->focus_offered = TRUE;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->items)) == 0)
    return;
  if (focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT (focus) ||
                        gtk_widget_is_ancestor (focus, GTK_WIDGET (self))))
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
  /* On the first document rather than its section header, once the
   * rows exist (after the next layout). */
  gtk_widget_add_tick_callback (GTK_WIDGET (self), focus_first_document_cb, NULL, NULL);
}

static void
on_rows_arranged_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ScLibraryPage *self = user_data;
  ArrangeJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    return;   /* cancelled: @self may be gone */

  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       job->items->pdata, job->items->len);
  self->loaded = TRUE;
  update_view (self);
  offer_focus (self);

  if (job->flags & ARRANGE_FACETS)
    apply_facets (self, job);
}

static void
on_rows_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ScLibraryPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) documents = sc_catalog_list_finish (SC_CATALOG (source), result, &error);
  ArrangeFlags flags = ARRANGE_ROWS;

  if (documents == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      sc_app_report_error (GTK_WIDGET (self), _("Could not show the library"), error);
      self->loaded = TRUE;
      g_list_store_remove_all (self->items);
      update_view (self);
      return;
    }

  /* An unfiltered listing holds every language and topic there is. */
  if (!filters_active (self))
    flags |= ARRANGE_FACETS;
  g_set_object (&self->documents, documents);
  arrange_async (self, documents, flags, self->rows_cancellable, on_rows_arranged_cb);
}

static void
restart_rows (ScLibraryPage *self)
{
  g_cancellable_cancel (self->rows_cancellable);
  g_clear_object (&self->rows_cancellable);
  self->rows_cancellable = g_cancellable_new ();
}

static void
reload_rows (ScLibraryPage *self)
{
  ScDocFilter filter = current_filter (self);

  restart_rows (self);
  sc_catalog_list_async (self->catalog, &filter, self->rows_cancellable, on_rows_listed_cb, self);
}

/* Sorting needs no new listing: the last one is arranged again. */
static void
on_sort_changed_cb (ScLibraryPage *self)
{
  if (self->documents == NULL)
    {
      reload_rows (self);
      return;
    }
  restart_rows (self);
  arrange_async (self, self->documents, ARRANGE_ROWS, self->rows_cancellable, on_rows_arranged_cb);
}

static void
on_facets_arranged_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ScLibraryPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    return;
  apply_facets (self, g_task_get_task_data (G_TASK (result)));
}

static void
on_facets_listed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ScLibraryPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) documents = sc_catalog_list_finish (SC_CATALOG (source), result, &error);

  if (documents == NULL)
    {
      sc_app_report_error (GTK_WIDGET (self), _("Could not show the library"), error);
      return;
    }
  arrange_async (self, documents, ARRANGE_FACETS, self->facets_cancellable, on_facets_arranged_cb);
}

/* The languages and topics to choose from, from the whole library: needed
 * on its own only while a filter hides part of it. */
static void
reload_facets (ScLibraryPage *self)
{
  g_cancellable_cancel (self->facets_cancellable);
  g_clear_object (&self->facets_cancellable);
  self->facets_cancellable = g_cancellable_new ();

  sc_catalog_list_async (self->catalog, NULL, self->facets_cancellable, on_facets_listed_cb, self);
}

/* ------------------------------------------------------------------------ */
/* My progress and "Continue reading"                                        */

typedef struct {
  char       *study_db;
  char       *index_path;
  GHashTable *positions;   /* out: text id → ScPosition */
  GPtrArray  *recent;      /* out: ScLibraryItem, most recently opened first */
} PositionsJob;

static void
positions_job_free (PositionsJob *job)
{
  g_free (job->study_db);
  g_free (job->index_path);
  g_clear_pointer (&job->positions, g_hash_table_unref);
  g_clear_pointer (&job->recent, g_ptr_array_unref);
  g_free (job);
}

static void
positions_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  PositionsJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(GPtrArray) positions = NULL;
  g_autoptr(ScIndex) index = NULL;

  job->positions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) sc_position_free);
  job->recent = g_ptr_array_new_with_free_func (g_object_unref);

  /* Nothing read yet: no need to create the store for that. */
  if (!g_file_test (job->study_db, G_FILE_TEST_EXISTS))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  store = sc_study_store_open (job->study_db, &error);
  positions = store != NULL ? sc_study_store_recent_positions (store, 0, &error) : NULL;
  if (positions == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  index = sc_index_open (job->index_path, NULL);
  for (guint i = 0; i < positions->len; i++)
    {
      ScPosition *position = g_ptr_array_index (positions, i);
      g_autoptr(ScDocInfo) info = NULL;
      g_autoptr(ScDocument) document = NULL;

      positions->pdata[i] = NULL;
      g_hash_table_replace (job->positions, position->text_id, position);

      /* The strip offers what I am still reading and is still here. */
      if (index == NULL || job->recent->len >= CONTINUE_READING_MAX || position->percent >= 99.5)
        continue;
      info = sc_index_get_document (index, position->text_id, NULL);
      if (info == NULL || g_strcmp0 (info->kind, "text") != 0)
        continue;
      document = sc_document_new (info);
      g_ptr_array_add (job->recent, sc_library_item_new_document (document, position->percent));
    }
  g_task_return_boolean (task, TRUE);
}

static GtkWidget *
continue_card (ScLibraryItem *item)
{
  ScDocument *document = sc_library_item_get_document (item);
  double percent = sc_library_item_get_progress (item);
  guint minutes = sc_document_get_minutes (document);
  guint left = (guint) (minutes * (100.0 - percent) / 100.0 + 0.5);
  g_autofree char *caption = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *button, *box, *title, *details, *bar;

  if (left > 0)
    /* TRANSLATORS: on a "Continue reading" card: "42 % · 7 min left" */
    caption = g_strdup_printf (_("%u %% · %u min left"), (guint) percent, left);
  else
    /* TRANSLATORS: on a "Continue reading" card: "42 %" */
    caption = g_strdup_printf (_("%u %%"), (guint) percent);

  title = gtk_label_new (sc_document_get_title (document));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 24);
  gtk_label_set_width_chars (GTK_LABEL (title), 18);
  gtk_widget_add_css_class (title, "heading");

  details = gtk_label_new (caption);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "dim-label");

  bar = gtk_progress_bar_new ();
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (bar), percent / 100.0);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), details);
  gtk_box_append (GTK_BOX (box), bar);

  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "continue-card");
  gtk_widget_set_tooltip_text (button, sc_document_get_title (document));
  /* The reader opens where I stopped when no section is given. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-text");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(sss)",
                                    sc_document_get_id (document), "", "");
  accessible = g_strdup_printf ("%s, %s", sc_document_get_title (document), caption);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return button;
}

static void
show_continue_reading (ScLibraryPage *self,
                       GPtrArray     *recent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->continue_cards))) != NULL)
    gtk_box_remove (self->continue_cards, child);

  for (guint i = 0; recent != NULL && i < recent->len; i++)
    gtk_box_append (self->continue_cards, continue_card (g_ptr_array_index (recent, i)));
  gtk_widget_set_visible (self->continue_box, recent != NULL && recent->len > 0);
}

/* Sets the progress of the rows already shown: O(rows), no SQL. */
static void
apply_positions (ScLibraryPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScLibraryItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      ScDocument *document = sc_library_item_get_document (item);

      if (document != NULL)
        sc_library_item_set_progress (item, sc_library_progress_of (self->positions, document));
    }
}

static void
on_positions_read_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ScLibraryPage *self = user_data;
  PositionsJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      sc_app_report_error (GTK_WIDGET (self), _("Could not read your reading progress"), error);
      return;
    }

  g_clear_pointer (&self->positions, g_hash_table_unref);
  self->positions = g_steal_pointer (&job->positions);
  apply_positions (self);
  show_continue_reading (self, job->recent);
}

void
sc_library_page_reload_progress (ScLibraryPage *self)
{
  g_autoptr(GTask) task = NULL;
  PositionsJob *job;

  g_return_if_fail (SC_IS_LIBRARY_PAGE (self));

  g_cancellable_cancel (self->positions_cancellable);
  g_clear_object (&self->positions_cancellable);

  if (self->study_db == NULL)
    {
      g_clear_pointer (&self->positions, g_hash_table_unref);
      apply_positions (self);
      show_continue_reading (self, NULL);
      return;
    }

  self->positions_cancellable = g_cancellable_new ();
  job = g_new0 (PositionsJob, 1);
  job->study_db = g_strdup (self->study_db);
  job->index_path = g_strdup (sc_catalog_get_index_path (self->catalog));

  /* No source object: see arrange_async(). */
  task = g_task_new (NULL, self->positions_cancellable, on_positions_read_cb, self);
  g_task_set_source_tag (task, sc_library_page_reload_progress);
  g_task_set_task_data (task, job, (GDestroyNotify) positions_job_free);
  g_task_run_in_thread (task, positions_thread);
}

/* ------------------------------------------------------------------------ */
/* The list                                                                  */

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, sc_document_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  ScLibraryItem *item = gtk_list_item_get_item (list_item);
  gboolean is_document = !sc_library_item_is_header (item);

  sc_document_row_set_item (SC_DOCUMENT_ROW (gtk_list_item_get_child (list_item)), item);
  gtk_list_item_set_activatable (list_item, is_document);
  gtk_list_item_set_selectable (list_item, is_document);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  sc_document_row_set_item (SC_DOCUMENT_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
on_list_activate_cb (ScLibraryPage *self,
                     guint          position)
{
  g_autoptr(ScLibraryItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), position);
  ScDocument *document = item != NULL ? sc_library_item_get_document (item) : NULL;

  if (document == NULL)
    return;

  if (g_strcmp0 (sc_document_get_kind (document), "guide") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-guide", "s", sc_document_get_id (document));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-text", "(sss)",
                                sc_document_get_id (document), "", "");
}

static void
on_catalog_changed_cb (ScLibraryPage *self)
{
  if (filters_active (self))
    reload_facets (self);
  reload_rows (self);
  sc_library_page_reload_progress (self);
}

static void
on_catalog_indexing_cb (ScLibraryPage *self)
{
  update_view (self);
}

static void
sc_library_page_map (GtkWidget *widget)
{
  ScLibraryPage *self = SC_LIBRARY_PAGE (widget);

  GTK_WIDGET_CLASS (sc_library_page_parent_class)->map (widget);
  offer_focus (self);

  /* Back from the reader: my progress has moved on. */
  if (self->was_mapped && self->study_db != NULL)
    sc_library_page_reload_progress (self);
  self->was_mapped = TRUE;
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */

static void
sc_library_page_constructed (GObject *object)
{
  ScLibraryPage *self = SC_LIBRARY_PAGE (object);

  G_OBJECT_CLASS (sc_library_page_parent_class)->constructed (object);

  g_assert (self->catalog != NULL);
  g_signal_connect_object (self->catalog, "changed",
                           G_CALLBACK (on_catalog_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->catalog, "notify::indexing",
                           G_CALLBACK (on_catalog_indexing_cb), self, G_CONNECT_SWAPPED);
  reload_rows (self);
  sc_library_page_reload_progress (self);
}

static void
sc_library_page_dispose (GObject *object)
{
  ScLibraryPage *self = SC_LIBRARY_PAGE (object);

  g_cancellable_cancel (self->rows_cancellable);
  g_cancellable_cancel (self->facets_cancellable);
  g_cancellable_cancel (self->positions_cancellable);
  g_clear_object (&self->rows_cancellable);
  g_clear_object (&self->facets_cancellable);
  g_clear_object (&self->positions_cancellable);

  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_LIBRARY_PAGE);

  g_clear_object (&self->catalog);
  g_clear_object (&self->documents);
  g_clear_object (&self->items);
  g_clear_object (&self->languages);
  g_clear_object (&self->topics);
  g_clear_pointer (&self->positions, g_hash_table_unref);
  G_OBJECT_CLASS (sc_library_page_parent_class)->dispose (object);
}

static void
sc_library_page_finalize (GObject *object)
{
  ScLibraryPage *self = SC_LIBRARY_PAGE (object);

  g_clear_pointer (&self->study_db, g_free);
  g_clear_pointer (&self->language_codes, g_ptr_array_unref);
  G_OBJECT_CLASS (sc_library_page_parent_class)->finalize (object);
}

static void
sc_library_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScLibraryPage *self = SC_LIBRARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_STUDY_DB:
      g_value_set_string (value, self->study_db);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_library_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ScLibraryPage *self = SC_LIBRARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_STUDY_DB:
      sc_library_page_set_study_db (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_library_page_class_init (ScLibraryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sc_library_page_constructed;
  object_class->dispose = sc_library_page_dispose;
  object_class->finalize = sc_library_page_finalize;
  object_class->get_property = sc_library_page_get_property;
  object_class->set_property = sc_library_page_set_property;
  widget_class->map = sc_library_page_map;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, SC_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STUDY_DB] =
    g_param_spec_string ("study-db", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SC_TYPE_DOCUMENT_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/studycircle/StudyCircle/sc-library-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, continue_box);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, continue_cards);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, author_entry);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, language_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, topic_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, ScLibraryPage, list_view);

  gtk_widget_class_install_action (widget_class, "library.clear-filters", NULL, clear_filters_action);
}

static void
sc_library_page_init (ScLibraryPage *self)
{
  const char * const no_strings[] = { NULL };
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSelectionModel) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  sc_app_name_drop_down (self->language_dropdown, gtk_widget_get_tooltip_text (GTK_WIDGET (self->language_dropdown)));
  sc_app_name_drop_down (self->level_dropdown, gtk_widget_get_tooltip_text (GTK_WIDGET (self->level_dropdown)));
  sc_app_name_drop_down (self->topic_dropdown, gtk_widget_get_tooltip_text (GTK_WIDGET (self->topic_dropdown)));
  sc_app_name_drop_down (self->kind_dropdown, gtk_widget_get_tooltip_text (GTK_WIDGET (self->kind_dropdown)));
  sc_app_name_drop_down (self->sort_dropdown, gtk_widget_get_tooltip_text (GTK_WIDGET (self->sort_dropdown)));

  self->items = g_list_store_new (SC_TYPE_LIBRARY_ITEM);
  self->language_codes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->language_codes, NULL);

  /* Filled from the documents present once the first listing is in. */
  self->languages = gtk_string_list_new (no_strings);
  gtk_string_list_append (self->languages, _("All languages"));
  gtk_drop_down_set_model (self->language_dropdown, G_LIST_MODEL (self->languages));
  self->topics = gtk_string_list_new (no_strings);
  gtk_string_list_append (self->topics, _("All topics"));
  gtk_drop_down_set_model (self->topic_dropdown, G_LIST_MODEL (self->topics));
  {
    /* Searching the topics needs to know what to match. */
    GtkExpression *expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

    gtk_drop_down_set_expression (self->topic_dropdown, expression);
    gtk_expression_unref (expression);
  }

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items))));
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, selection);
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (on_list_activate_cb), self);

  g_signal_connect_swapped (self->author_entry, "search-changed", G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->author_entry, "stop-search", G_CALLBACK (on_author_stop_search_cb), self);
  g_signal_connect_swapped (self->language_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->level_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->topic_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->kind_dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb), self);
  g_signal_connect_swapped (self->sort_dropdown, "notify::selected", G_CALLBACK (on_sort_changed_cb), self);
}

GtkWidget *
sc_library_page_new (ScCatalog *catalog)
{
  g_return_val_if_fail (SC_IS_CATALOG (catalog), NULL);

  return g_object_new (SC_TYPE_LIBRARY_PAGE, "catalog", catalog, NULL);
}

void
sc_library_page_set_study_db (ScLibraryPage *self,
                              const char    *path)
{
  g_return_if_fail (SC_IS_LIBRARY_PAGE (self));

  if (g_strcmp0 (self->study_db, path) == 0)
    return;
  g_free (self->study_db);
  self->study_db = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STUDY_DB]);

  /* Before construction, constructed() reads it. */
  if (self->catalog != NULL)
    sc_library_page_reload_progress (self);
}

const char *
sc_library_page_get_study_db (ScLibraryPage *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_PAGE (self), NULL);
  return self->study_db;
}
