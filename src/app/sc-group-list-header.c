/* sc-group-list-header.c: the heading over the groups of one status
 *
 * The groups list's header function puts one before the first group of
 * each status.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-group-list-header.h"

struct _ScGroupListHeader
{
  GtkBox    parent_instance;

  GtkLabel *label;
};

G_DEFINE_FINAL_TYPE (ScGroupListHeader, sc_group_list_header, GTK_TYPE_BOX)

static void
sc_group_list_header_class_init (ScGroupListHeaderClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/studycircle/StudyCircle/sc-group-list-header.ui");
  gtk_widget_class_bind_template_child (widget_class, ScGroupListHeader, label);
}

static void
sc_group_list_header_init (ScGroupListHeader *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sc_group_list_header_new (const char *text)
{
  ScGroupListHeader *self = g_object_new (SC_TYPE_GROUP_LIST_HEADER, NULL);

  gtk_label_set_text (self->label, text);
  return GTK_WIDGET (self);
}
