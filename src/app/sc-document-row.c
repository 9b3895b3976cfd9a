/* sc-document-row.c: one row of the library list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-document-row.h"
#include "sc-group-actions.h"
#include "sc-library-arrange.h"

struct _ScDocumentRow {
  GtkWidget       parent_instance;

  ScLibraryItem  *item;
  gulong          progress_handler;

  GtkWidget      *header_box;
  GtkLabel       *header_title_label;
  GtkLabel       *header_count_label;
  GtkLabel       *header_description_label;
  GtkWidget      *document_box;
  GtkLabel       *title_label;
  GtkLabel       *details_label;
  GtkLabel       *summary_label;
  GtkWidget      *progress_box;
  GtkWidget      *done_icon;
  GtkLabel       *progress_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *level_label;
};

G_DEFINE_FINAL_TYPE (ScDocumentRow, sc_document_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_done (double progress)
{
  return progress >= 99.5;
}

static void
update_progress (ScDocumentRow *self)
{
  double progress = sc_library_item_get_progress (self->item);
  g_autofree char *percent = NULL;

  if (progress < 0)
    {
      gtk_widget_set_visible (self->progress_box, FALSE);
      return;
    }

  gtk_widget_set_visible (self->progress_box, TRUE);
  gtk_widget_set_visible (self->done_icon, is_done (progress));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), !is_done (progress));
  if (is_done (progress))
    gtk_label_set_label (self->progress_label, _("Read"));
  else
    {
      /* TRANSLATORS: how much of a text I have read, e.g. "42 %" */
      percent = g_strdup_printf (_("%u %%"), (guint) progress);
      gtk_label_set_label (self->progress_label, percent);
      gtk_progress_bar_set_fraction (self->progress_bar, progress / 100.0);
    }
}

/* "Test Author, Another · 2020 · 12 min · English" */
static char *
document_details (ScDocument *document)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *authors = sc_document_get_authors (document);
  gboolean is_guide = g_strcmp0 (sc_document_get_kind (document), "guide") == 0;

  if (authors != NULL && *authors != '\0')
    {
      g_auto(GStrv) names = g_strsplit (authors, "; ", -1);

      g_ptr_array_add (parts, g_strjoinv (", ", names));
    }
  if (sc_document_get_year (document) > 0)
    g_ptr_array_add (parts, g_strdup_printf ("%d", sc_document_get_year (document)));
  if (!is_guide && sc_document_get_minutes (document) > 0)
    /* TRANSLATORS: reading time of a text, in minutes */
    g_ptr_array_add (parts, g_strdup_printf (_("%u min"), sc_document_get_minutes (document)));
  g_ptr_array_add (parts, g_strdup (sc_library_language_name (sc_document_get_lang (document))));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}

static void
set_level_badge (ScDocumentRow *self,
                 ScDocument    *document)
{
  static const char * const badge_classes[] = { "introductory", "intermediate", "advanced", "guide" };
  const char *level = sc_document_get_level (document);
  const char *name = sc_library_level_name (level);
  const char *css_class = level;

  for (guint i = 0; i < G_N_ELEMENTS (badge_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->level_label), badge_classes[i]);

  if (g_strcmp0 (sc_document_get_kind (document), "guide") == 0)
    {
      /* A guide's own level, if any, matters less than what it is. */
      name = C_("document kind", "Study guide");
      css_class = "guide";
    }

  gtk_widget_set_visible (GTK_WIDGET (self->level_label), name != NULL);
  if (name != NULL)
    {
      gtk_label_set_label (self->level_label, name);
      gtk_widget_add_css_class (GTK_WIDGET (self->level_label), css_class);
    }
}

static void
show_document (ScDocumentRow *self,
               ScDocument    *document)
{
  g_autofree char *details = document_details (document);
  g_autofree char *accessible = NULL;
  const char *summary = sc_document_get_summary (document);
  const char *level;

  gtk_label_set_label (self->title_label, sc_document_get_title (document));
  gtk_label_set_label (self->details_label, details);
  gtk_label_set_label (self->summary_label, summary != NULL ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), summary != NULL && *summary != '\0');
  set_level_badge (self, document);
  update_progress (self);

  level = gtk_widget_get_visible (GTK_WIDGET (self->level_label))
          ? gtk_label_get_label (self->level_label) : NULL;
  accessible = g_strjoin (", ", sc_document_get_title (document), details, level, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
show_header (ScDocumentRow *self,
             ScLibraryItem *item)
{
  const char *description = sc_library_item_get_description (item);
  const char *subtitle = sc_library_item_get_subtitle (item);

  gtk_label_set_label (self->header_title_label, sc_library_item_get_title (item));
  gtk_label_set_label (self->header_count_label, subtitle != NULL ? subtitle : "");
  gtk_label_set_label (self->header_description_label, description != NULL ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->header_description_label), description != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, sc_library_item_get_title (item),
                                  -1);
}

static void
on_progress_changed_cb (ScDocumentRow *self)
{
  update_progress (self);
}

ScLibraryItem *
sc_document_row_get_item (ScDocumentRow *self)
{
  g_return_val_if_fail (SC_IS_DOCUMENT_ROW (self), NULL);
  return self->item;
}

void
sc_document_row_set_item (ScDocumentRow *self,
                          ScLibraryItem *item)
{
  g_return_if_fail (SC_IS_DOCUMENT_ROW (self));
  g_return_if_fail (item == NULL || SC_IS_LIBRARY_ITEM (item));

  if (self->item == item)
    return;

  if (self->item != NULL)
    g_clear_signal_handler (&self->progress_handler, self->item);
  g_set_object (&self->item, item);

  gtk_widget_set_visible (self->header_box, item != NULL && sc_library_item_is_header (item));
  gtk_widget_set_visible (self->document_box, item != NULL && !sc_library_item_is_header (item));
  if (item != NULL && sc_library_item_is_header (item))
    show_header (self, item);
  else if (item != NULL)
    {
      show_document (self, sc_library_item_get_document (item));
      self->progress_handler = g_signal_connect_swapped (item, "notify::progress",
                                                         G_CALLBACK (on_progress_changed_cb), self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

static void
sc_document_row_dispose (GObject *object)
{
  ScDocumentRow *self = SC_DOCUMENT_ROW (object);

  if (self->item != NULL)
    g_clear_signal_handler (&self->progress_handler, self->item);
  g_clear_object (&self->item);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_DOCUMENT_ROW);
  G_OBJECT_CLASS (sc_document_row_parent_class)->dispose (object);
}

static void
sc_document_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScDocumentRow *self = SC_DOCUMENT_ROW (object);

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
sc_document_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ScDocumentRow *self = SC_DOCUMENT_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      sc_document_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_document_row_class_init (ScDocumentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_document_row_dispose;
  object_class->get_property = sc_document_row_get_property;
  object_class->set_property = sc_document_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, SC_TYPE_LIBRARY_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/studycircle/StudyCircle/sc-document-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ScDocumentRow, header_box);
  gtk_widget_class_bind_template_child (widget_class, ScDocumentRow, header_title_label);
  gtk_widget_class_bind_template_child (widget_class, ScDocumentRow, header_count_label);
  gtk_widget_class_bind_template_child (widget_class, ScDocumentRow, header_description_label);
  gtk_widget_class_bind_template_child (widget_class, ScDocumentRow, document_box);
  gtk_widget_class_bind_template_child (widget_class, ScDocumentRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, ScDocumentRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, ScDocumentRow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ScDocumentRow, progress_box);
  gtk_widget_class_bind_template_child (widget_class, ScDocumentRow, done_icon);
  gtk_widget_class_bind_template_child (widget_class, ScDocumentRow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, ScDocumentRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, ScDocumentRow, level_label);
  gtk_widget_class_set_css_name (widget_class, "documentrow");
}

/* "Assign to Group…" in the context menu: a text, whole. */
static gboolean
assign_target (GtkWidget  *row,
               char      **text_id,
               char      **from,
               char      **to)
{
  ScDocumentRow *self = SC_DOCUMENT_ROW (row);
  ScDocument *document;

  if (self->item == NULL || sc_library_item_is_header (self->item))
    return FALSE;
  document = sc_library_item_get_document (self->item);
  if (document == NULL || g_strcmp0 (sc_document_get_kind (document), "text") != 0)
    return FALSE;
  *text_id = g_strdup (sc_document_get_id (document));
  return TRUE;
}

static void
sc_document_row_init (ScDocumentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sc_group_actions_add_assign_menu (GTK_WIDGET (self), assign_target);
  gtk_widget_set_visible (self->header_box, FALSE);
  gtk_widget_set_visible (self->progress_box, FALSE);
}

GtkWidget *
sc_document_row_new (void)
{
  return g_object_new (SC_TYPE_DOCUMENT_ROW, NULL);
}
