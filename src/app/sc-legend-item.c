/* sc-legend-item.c: one mark of the key to a study group's grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-legend-item.h"

struct _ScLegendItem
{
  GtkBox     parent_instance;

  GtkLabel  *mark_label;
  GtkImage  *mark_icon;
  GtkLabel  *meaning_label;
};

G_DEFINE_FINAL_TYPE (ScLegendItem, sc_legend_item, GTK_TYPE_BOX)

static void
sc_legend_item_class_init (ScLegendItemClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/studycircle/StudyCircle/sc-legend-item.ui");
  gtk_widget_class_bind_template_child (widget_class, ScLegendItem, mark_label);
  gtk_widget_class_bind_template_child (widget_class, ScLegendItem, mark_icon);
  gtk_widget_class_bind_template_child (widget_class, ScLegendItem, meaning_label);
}

static void
sc_legend_item_init (ScLegendItem *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sc_legend_item_new_text (const char *mark,
                         const char *css_class,
                         const char *meaning)
{
  ScLegendItem *self = g_object_new (SC_TYPE_LEGEND_ITEM, NULL);

  gtk_label_set_text (self->mark_label, mark);
  gtk_widget_set_visible (GTK_WIDGET (self->mark_label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->mark_label), css_class);
  /* The text of a legend item wraps; an icon's meaning is short. */
  gtk_label_set_wrap (self->meaning_label, TRUE);
  gtk_label_set_xalign (self->meaning_label, 0);
  gtk_label_set_text (self->meaning_label, meaning);
  return GTK_WIDGET (self);
}

GtkWidget *
sc_legend_item_new_icon (const char *icon_name,
                         const char *css_class,
                         const char *meaning)
{
  ScLegendItem *self = g_object_new (SC_TYPE_LEGEND_ITEM, NULL);

  gtk_image_set_from_icon_name (self->mark_icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->mark_icon), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->mark_icon), css_class);
  gtk_label_set_text (self->meaning_label, meaning);
  return GTK_WIDGET (self);
}
