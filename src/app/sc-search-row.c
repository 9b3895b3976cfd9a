/* sc-search-row.c: one row of the search results
 *
 * A row shows a GtkTreeListRow of the search page's tree: a text's best
 * section (title, author, heading path, snippet, and "N more sections",
 * which expands the tree row), or one of its other matching sections,
 * indented under it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-catalog.h"
#include "sc-group-actions.h"
#include "sc-search-row.h"

struct _ScSearchRow {
  GtkWidget       parent_instance;

  GtkTreeListRow *item;

  GtkWidget      *title_box;
  GtkLabel       *title_label;
  GtkLabel       *kind_label;
  GtkLabel       *lang_label;
  GtkLabel       *byline_label;
  GtkLabel       *heading_label;
  GtkLabel       *snippet_label;
  GtkWidget      *more_button;
  GtkLabel       *more_label;
  GtkImage       *more_icon;
};

G_DEFINE_FINAL_TYPE (ScSearchRow, sc_search_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_label_or_hide (GtkLabel   *label,
                   const char *text)
{
  gboolean has_text = text != NULL && *text != '\0';

  gtk_label_set_text (label, has_text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), has_text);
}

/* "Ann Author, Ben Author · 1919": authors come "; "-joined. */
static char *
dup_byline (const ScSearchHit *hit)
{
  GString *byline = g_string_new (NULL);

  if (hit->authors != NULL && *hit->authors != '\0')
    {
      g_auto(GStrv) authors = g_strsplit (hit->authors, "; ", -1);
      g_autofree char *joined = g_strjoinv (", ", authors);

      g_string_append (byline, joined);
    }
  if (hit->year > 0)
    {
      if (byline->len > 0)
        g_string_append (byline, " · ");
      g_string_append_printf (byline, "%d", hit->year);
    }
  return g_string_free (byline, FALSE);
}

static const char *
kind_badge (const char *kind)
{
  if (g_strcmp0 (kind, "guide") == 0)
    return _("Guide");
  if (g_strcmp0 (kind, "glossary") == 0)
    return _("Glossary");
  return NULL;
}

static void
update_more_button (ScSearchRow *self)
{
  g_autoptr(ScSearchResult) result = gtk_tree_list_row_get_item (self->item);
  const ScSearchHit *hit;
  guint others;
  gboolean expanded;
  g_autofree char *label = NULL;

  /* A row being removed from the tree loses its item first. */
  if (result == NULL)
    return;

  hit = sc_search_result_get_hit (result);
  others = hit->matches_in_text > 1 ? hit->matches_in_text - 1 : 0;
  expanded = gtk_tree_list_row_get_expanded (self->item);

  gtk_widget_set_visible (self->more_button,
                          gtk_tree_list_row_get_depth (self->item) == 0 && others > 0);
  if (expanded)
    /* Translators: the same button, to hide those sections again */
    label = g_strdup (_("Fewer sections"));
  else
    /* Translators: a button that shows the other sections of a text
     * where the search words are found */
    label = g_strdup_printf (ngettext ("%u more section", "%u more sections", others), others);
  gtk_label_set_text (self->more_label, label);
  gtk_image_set_from_icon_name (self->more_icon, expanded ? "pan-up-symbolic" : "pan-down-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->more_button),
                               GTK_ACCESSIBLE_STATE_EXPANDED, expanded,
                               -1);
}

static void
on_expanded_changed_cb (ScSearchRow    *self,
                        GParamSpec     *pspec,
                        GtkTreeListRow *item)
{
  update_more_button (self);
}

static void
on_more_clicked_cb (ScSearchRow *self)
{
  if (self->item != NULL)
    gtk_tree_list_row_set_expanded (self->item, !gtk_tree_list_row_get_expanded (self->item));
}

static void
update (ScSearchRow *self)
{
  g_autoptr(ScSearchResult) result = NULL;
  g_autofree char *byline = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *lang = NULL;
  const ScSearchHit *hit;
  gboolean is_section;

  if (self->item == NULL)
    return;

  result = gtk_tree_list_row_get_item (self->item);
  if (result == NULL)
    return;
  hit = sc_search_result_get_hit (result);
  is_section = gtk_tree_list_row_get_depth (self->item) > 0;

  /* A section under its text needs no title: the text's row says it. */
  gtk_widget_set_visible (self->title_box, !is_section);
  gtk_label_set_text (self->title_label, hit->title);
  set_label_or_hide (self->kind_label, kind_badge (hit->doc_kind));
  lang = g_ascii_strup (hit->lang != NULL ? hit->lang : "", -1);
  set_label_or_hide (self->lang_label, lang);
  byline = dup_byline (hit);
  set_label_or_hide (self->byline_label, is_section ? NULL : byline);
  set_label_or_hide (self->heading_label,
                     hit->heading_path != NULL ? hit->heading_path : hit->heading);

  markup = sc_search_result_dup_markup (result);
  gtk_label_set_markup (self->snippet_label, markup);
  gtk_widget_set_visible (GTK_WIDGET (self->snippet_label), *markup != '\0');

  if (is_section)
    gtk_widget_add_css_class (GTK_WIDGET (self), "section");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "section");

  update_more_button (self);
}

GtkTreeListRow *
sc_search_row_get_item (ScSearchRow *self)
{
  g_return_val_if_fail (SC_IS_SEARCH_ROW (self), NULL);
  return self->item;
}

void
sc_search_row_set_item (ScSearchRow    *self,
                        GtkTreeListRow *item)
{
  g_return_if_fail (SC_IS_SEARCH_ROW (self));
  g_return_if_fail (item == NULL || GTK_IS_TREE_LIST_ROW (item));

  if (self->item == item)
    return;

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_func (self->item, on_expanded_changed_cb, self);
  g_set_object (&self->item, item);
  if (self->item != NULL)
    g_signal_connect_object (self->item, "notify::expanded",
                             G_CALLBACK (on_expanded_changed_cb), self, G_CONNECT_SWAPPED);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

static void
sc_search_row_dispose (GObject *object)
{
  ScSearchRow *self = SC_SEARCH_ROW (object);

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_func (self->item, on_expanded_changed_cb, self);
  g_clear_object (&self->item);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_SEARCH_ROW);
  G_OBJECT_CLASS (sc_search_row_parent_class)->dispose (object);
}

static void
sc_search_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ScSearchRow *self = SC_SEARCH_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_search_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ScSearchRow *self = SC_SEARCH_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      sc_search_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_search_row_class_init (ScSearchRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_search_row_dispose;
  object_class->get_property = sc_search_row_get_property;
  object_class->set_property = sc_search_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, GTK_TYPE_TREE_LIST_ROW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/studycircle/StudyCircle/sc-search-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ScSearchRow, title_box);
  gtk_widget_class_bind_template_child (widget_class, ScSearchRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, ScSearchRow, kind_label);
  gtk_widget_class_bind_template_child (widget_class, ScSearchRow, lang_label);
  gtk_widget_class_bind_template_child (widget_class, ScSearchRow, byline_label);
  gtk_widget_class_bind_template_child (widget_class, ScSearchRow, heading_label);
  gtk_widget_class_bind_template_child (widget_class, ScSearchRow, snippet_label);
  gtk_widget_class_bind_template_child (widget_class, ScSearchRow, more_button);
  gtk_widget_class_bind_template_child (widget_class, ScSearchRow, more_label);
  gtk_widget_class_bind_template_child (widget_class, ScSearchRow, more_icon);
  gtk_widget_class_bind_template_callback (widget_class, on_more_clicked_cb);

  gtk_widget_class_set_css_name (widget_class, "searchrow");
}

/* "Assign to Group…" in the context menu: the text, at the section found. */
static gboolean
assign_target (GtkWidget  *row,
               char      **text_id,
               char      **from,
               char      **to)
{
  ScSearchRow *self = SC_SEARCH_ROW (row);
  g_autoptr(ScSearchResult) result = self->item != NULL ? gtk_tree_list_row_get_item (self->item) : NULL;
  const ScSearchHit *hit = result != NULL ? sc_search_result_get_hit (result) : NULL;

  if (hit == NULL || g_strcmp0 (hit->doc_kind, "text") != 0)
    return FALSE;
  *text_id = g_strdup (hit->doc_id);
  *from = g_strdup (hit->section_id);
  *to = g_strdup (hit->section_id);
  return TRUE;
}

static void
sc_search_row_init (ScSearchRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sc_group_actions_add_assign_menu (GTK_WIDGET (self), assign_target);
}
