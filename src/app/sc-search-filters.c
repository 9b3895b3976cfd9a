/* sc-search-filters.c: the search page's filters popover
 *
 * A dropdown for each filter of ScSearchOptions: language, level, topic and
 * author. Their values are what the library holds, listed off the main
 * thread after each refresh; each dropdown's first value, "", means any.
 * Topic and author lists can be long: they can be searched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sc-app-util.h"
#include "sc-search-filters.h"

struct _ScSearchFilters {
  GtkPopover    parent_instance;

  ScCatalog    *catalog;
  char         *kind;
  GCancellable *cancellable;
  gboolean      updating;

  GtkDropDown  *language_dropdown;
  GtkDropDown  *level_dropdown;
  GtkDropDown  *topic_dropdown;
  GtkDropDown  *author_dropdown;
  GtkWidget    *clear_filters_button;
};

G_DEFINE_FINAL_TYPE (ScSearchFilters, sc_search_filters, GTK_TYPE_POPOVER)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkDropDown *
get_dropdown (ScSearchFilters *self,
              ScSearchFilter   filter)
{
  switch (filter)
    {
    case SC_SEARCH_FILTER_LANGUAGE: return self->language_dropdown;
    case SC_SEARCH_FILTER_LEVEL: return self->level_dropdown;
    case SC_SEARCH_FILTER_TOPIC: return self->topic_dropdown;
    case SC_SEARCH_FILTER_AUTHOR: return self->author_dropdown;
    case SC_SEARCH_N_FILTERS:
    default:
      g_assert_not_reached ();
    }
}

static const char *
language_name (const char *code)
{
  static const struct {
    const char *code;
    const char *name;
  } names[] = {
    { "ca", N_("Catalan") },
    { "de", N_("German") },
    { "en", N_("English") },
    { "es", N_("Spanish") },
    { "eu", N_("Basque") },
    { "fr", N_("French") },
    { "gl", N_("Galician") },
    { "it", N_("Italian") },
    { "pt", N_("Portuguese") },
    { "ru", N_("Russian") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (code, names[i].code) == 0)
      return _(names[i].name);
  return code;
}

static const char *
level_name (const char *level)
{
  if (g_strcmp0 (level, "introductory") == 0)
    return _("Introductory");
  if (g_strcmp0 (level, "intermediate") == 0)
    return _("Intermediate");
  if (g_strcmp0 (level, "advanced") == 0)
    return _("Advanced");
  return level;
}

/* What a value reads as, in the dropdowns and elsewhere. */
static const char *
value_label (ScSearchFilter  filter,
             const char     *value)
{
  gboolean any = value == NULL || *value == '\0';

  switch (filter)
    {
    case SC_SEARCH_FILTER_LANGUAGE: return any ? _("Any language") : language_name (value);
    case SC_SEARCH_FILTER_LEVEL: return any ? _("Any level") : level_name (value);
    case SC_SEARCH_FILTER_TOPIC: return any ? _("Any topic") : value;
    case SC_SEARCH_FILTER_AUTHOR: return any ? _("Any author") : value;
    case SC_SEARCH_N_FILTERS:
    default:
      g_assert_not_reached ();
    }
}

static char *
item_label_cb (GtkStringObject *item,
               gpointer         user_data)
{
  return g_strdup (value_label (GPOINTER_TO_INT (user_data), gtk_string_object_get_string (item)));
}

const char *
sc_search_filters_get_value (ScSearchFilters *self,
                             ScSearchFilter   filter)
{
  GObject *item;
  const char *value;

  g_return_val_if_fail (SC_IS_SEARCH_FILTERS (self), NULL);
  g_return_val_if_fail (filter < SC_SEARCH_N_FILTERS, NULL);

  item = gtk_drop_down_get_selected_item (get_dropdown (self, filter));
  value = item != NULL ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : NULL;
  return value != NULL && *value != '\0' ? value : NULL;
}

const char *
sc_search_filters_get_label (ScSearchFilters *self,
                             ScSearchFilter   filter)
{
  const char *value = sc_search_filters_get_value (self, filter);

  return value != NULL ? value_label (filter, value) : NULL;
}

gboolean
sc_search_filters_is_active (ScSearchFilters *self)
{
  g_return_val_if_fail (SC_IS_SEARCH_FILTERS (self), FALSE);

  for (ScSearchFilter filter = 0; filter < SC_SEARCH_N_FILTERS; filter++)
    if (sc_search_filters_get_value (self, filter) != NULL)
      return TRUE;
  return FALSE;
}

static guint
find_value (GtkDropDown *dropdown,
            const char  *value)
{
  GListModel *list = gtk_drop_down_get_model (dropdown);
  guint n = g_list_model_get_n_items (list);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (list), i), value) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

gboolean
sc_search_filters_set_value (ScSearchFilters *self,
                             ScSearchFilter   filter,
                             const char      *value)
{
  GtkDropDown *dropdown;
  guint position;

  g_return_val_if_fail (SC_IS_SEARCH_FILTERS (self), FALSE);
  g_return_val_if_fail (filter < SC_SEARCH_N_FILTERS, FALSE);

  dropdown = get_dropdown (self, filter);
  position = find_value (dropdown, value != NULL ? value : "");
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_drop_down_set_selected (dropdown, position);
  return TRUE;
}

void
sc_search_filters_apply (ScSearchFilters *self,
                         ScSearchOptions *options)
{
  g_return_if_fail (SC_IS_SEARCH_FILTERS (self));
  g_return_if_fail (options != NULL);

  options->lang = sc_search_filters_get_value (self, SC_SEARCH_FILTER_LANGUAGE);
  options->level = sc_search_filters_get_value (self, SC_SEARCH_FILTER_LEVEL);
  options->topic = sc_search_filters_get_value (self, SC_SEARCH_FILTER_TOPIC);
  options->author = sc_search_filters_get_value (self, SC_SEARCH_FILTER_AUTHOR);
}

static void
emit_changed (ScSearchFilters *self)
{
  gtk_widget_set_sensitive (self->clear_filters_button, sc_search_filters_is_active (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_selected_changed_cb (ScSearchFilters *self)
{
  if (!self->updating)
    emit_changed (self);
}

void
sc_search_filters_clear (ScSearchFilters *self)
{
  g_return_if_fail (SC_IS_SEARCH_FILTERS (self));

  if (!sc_search_filters_is_active (self))
    return;
  self->updating = TRUE;
  for (ScSearchFilter filter = 0; filter < SC_SEARCH_N_FILTERS; filter++)
    gtk_drop_down_set_selected (get_dropdown (self, filter), 0);
  self->updating = FALSE;
  emit_changed (self);
}

static void
on_clear_clicked_cb (ScSearchFilters *self)
{
  sc_search_filters_clear (self);
  gtk_popover_popdown (GTK_POPOVER (self));
}

/* Offering what the library holds ------------------------------------------ */

static int
compare_strings_cb (gconstpointer a,
                    gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

static int
compare_languages_cb (gconstpointer a,
                      gconstpointer b)
{
  return g_utf8_collate (language_name (*(const char **) a), language_name (*(const char **) b));
}

/* Replaces a dropdown's values ("any" first), keeping its selection when
 * the value is still offered. Returns whether the selection was lost. */
static gboolean
set_values (ScSearchFilters *self,
            ScSearchFilter   filter,
            GHashTable      *set,
            GCompareFunc     compare)
{
  GtkDropDown *dropdown = get_dropdown (self, filter);
  GtkStringList *list = GTK_STRING_LIST (gtk_drop_down_get_model (dropdown));
  g_autofree char *selected = g_strdup (sc_search_filters_get_value (self, filter));
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (set, NULL);
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  guint position;

  for (guint i = 0; keys[i] != NULL; i++)
    g_ptr_array_add (values, keys[i]);
  g_ptr_array_sort (values, compare);
  g_ptr_array_insert (values, 0, (gpointer) "");
  g_ptr_array_add (values, NULL);

  gtk_string_list_splice (list, 0, g_list_model_get_n_items (G_LIST_MODEL (list)),
                          (const char * const *) values->pdata);

  position = selected != NULL ? find_value (dropdown, selected) : 0;
  gtk_drop_down_set_selected (dropdown, position != GTK_INVALID_LIST_POSITION ? position : 0);
  return position == GTK_INVALID_LIST_POSITION;
}

static void
add_split (GHashTable *set,
           const char *joined)
{
  g_auto(GStrv) parts = NULL;

  if (joined == NULL || *joined == '\0')
    return;
  parts = g_strsplit (joined, "; ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_hash_table_add (set, g_strdup (parts[i]));
    }
}

static void
on_documents_listed_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(ScSearchFilters) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) documents = sc_catalog_list_finish (SC_CATALOG (source), result, &error);
  g_autoptr(GHashTable) langs = NULL;
  g_autoptr(GHashTable) topics = NULL;
  g_autoptr(GHashTable) authors = NULL;
  gboolean lost = FALSE;
  guint n;

  if (documents == NULL)
    {
      sc_app_report_error (GTK_WIDGET (self), _("Could not list the search filters"), error);
      return;
    }

  langs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  topics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  authors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n = g_list_model_get_n_items (documents);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScDocument) doc = g_list_model_get_item (documents, i);
      const char *lang = sc_document_get_lang (doc);

      /* "en-US" is searched as "en". */
      if (lang != NULL && *lang != '\0')
        g_hash_table_add (langs, g_strndup (lang, strcspn (lang, "-_")));
      add_split (topics, sc_document_get_topics (doc));
      add_split (authors, sc_document_get_authors (doc));
    }

  self->updating = TRUE;
  lost |= set_values (self, SC_SEARCH_FILTER_LANGUAGE, langs, compare_languages_cb);
  lost |= set_values (self, SC_SEARCH_FILTER_TOPIC, topics, compare_strings_cb);
  lost |= set_values (self, SC_SEARCH_FILTER_AUTHOR, authors, compare_strings_cb);
  self->updating = FALSE;

  /* A filter on what the library no longer holds is gone. */
  if (lost)
    emit_changed (self);
}

static void
list_documents (ScSearchFilters *self)
{
  ScDocFilter filter = { .kind = self->kind };

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  sc_catalog_list_async (self->catalog, &filter, self->cancellable,
                         on_documents_listed_cb, g_object_ref (self));
}

void
sc_search_filters_set_catalog (ScSearchFilters *self,
                               ScCatalog       *catalog,
                               const char      *kind)
{
  g_return_if_fail (SC_IS_SEARCH_FILTERS (self));
  g_return_if_fail (SC_IS_CATALOG (catalog));

  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  g_set_object (&self->catalog, catalog);
  g_free (self->kind);
  self->kind = g_strdup (kind);
  g_signal_connect_object (catalog, "changed", G_CALLBACK (list_documents), self, G_CONNECT_SWAPPED);
  list_documents (self);
}

/* GObject ------------------------------------------------------------------ */

static void
sc_search_filters_dispose (GObject *object)
{
  ScSearchFilters *self = SC_SEARCH_FILTERS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  g_clear_object (&self->catalog);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_SEARCH_FILTERS);
  G_OBJECT_CLASS (sc_search_filters_parent_class)->dispose (object);
}

static void
sc_search_filters_finalize (GObject *object)
{
  ScSearchFilters *self = SC_SEARCH_FILTERS (object);

  g_free (self->kind);
  G_OBJECT_CLASS (sc_search_filters_parent_class)->finalize (object);
}

static void
sc_search_filters_class_init (ScSearchFiltersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_search_filters_dispose;
  object_class->finalize = sc_search_filters_finalize;

  /* A filter changed: the search must run again. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/studycircle/StudyCircle/sc-search-filters.ui");
  gtk_widget_class_bind_template_child (widget_class, ScSearchFilters, language_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScSearchFilters, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScSearchFilters, topic_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScSearchFilters, author_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ScSearchFilters, clear_filters_button);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_clicked_cb);
}

static void
sc_search_filters_init (ScSearchFilters *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sc_app_name_drop_down (self->language_dropdown, _("Language"));
  sc_app_name_drop_down (self->level_dropdown, _("Level"));
  sc_app_name_drop_down (self->topic_dropdown, _("Topic"));
  sc_app_name_drop_down (self->author_dropdown, _("Author"));

  for (ScSearchFilter filter = 0; filter < SC_SEARCH_N_FILTERS; filter++)
    {
      GtkDropDown *dropdown = get_dropdown (self, filter);
      GtkStringList *list = GTK_STRING_LIST (gtk_drop_down_get_model (dropdown));
      g_autoptr(GtkExpression) expression = NULL;

      /* "Any" first; the levels are fixed, the rest comes from the
       * library (on_documents_listed_cb). */
      gtk_string_list_append (list, "");
      if (filter == SC_SEARCH_FILTER_LEVEL)
        {
          gtk_string_list_append (list, "introductory");
          gtk_string_list_append (list, "intermediate");
          gtk_string_list_append (list, "advanced");
        }
      expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                G_CALLBACK (item_label_cb),
                                                GINT_TO_POINTER (filter), NULL);
      gtk_drop_down_set_expression (dropdown, expression);
      gtk_drop_down_set_selected (dropdown, 0);
      g_signal_connect_swapped (dropdown, "notify::selected", G_CALLBACK (on_selected_changed_cb), self);
    }
  gtk_widget_set_sensitive (self->clear_filters_button, FALSE);
}
