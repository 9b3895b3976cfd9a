/* sc-group-list-row.c: a study group in the list of groups
 *
 * Its name, branch and guide, when it meets next and, once readings are
 * due, how much of them the group has done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-group-list-row.h"

struct _ScGroupListRow
{
  GtkListBoxRow   parent_instance;

  GtkLabel       *name_label;
  GtkLabel       *facts_label;
  GtkLabel       *next_label;
  GtkWidget      *completion_box;
  GtkProgressBar *completion_bar;
  GtkLabel       *percent_label;

  char           *group_id;
};

G_DEFINE_FINAL_TYPE (ScGroupListRow, sc_group_list_row, GTK_TYPE_LIST_BOX_ROW)

static void
sc_group_list_row_finalize (GObject *object)
{
  ScGroupListRow *self = SC_GROUP_LIST_ROW (object);

  g_free (self->group_id);
  G_OBJECT_CLASS (sc_group_list_row_parent_class)->finalize (object);
}

static void
sc_group_list_row_class_init (ScGroupListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sc_group_list_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/studycircle/StudyCircle/sc-group-list-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ScGroupListRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, ScGroupListRow, facts_label);
  gtk_widget_class_bind_template_child (widget_class, ScGroupListRow, next_label);
  gtk_widget_class_bind_template_child (widget_class, ScGroupListRow, completion_box);
  gtk_widget_class_bind_template_child (widget_class, ScGroupListRow, completion_bar);
  gtk_widget_class_bind_template_child (widget_class, ScGroupListRow, percent_label);
}

static void
sc_group_list_row_init (ScGroupListRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
sc_group_list_row_set_group (ScGroupListRow *self,
                             ScGroup        *group,
                             ScGroupView    *view)
{
  g_autoptr(GString) facts = NULL;
  const char *guide;

  g_return_if_fail (SC_IS_GROUP_LIST_ROW (self));
  g_return_if_fail (group != NULL);

  facts = g_string_new (group->branch);
  guide = view != NULL && view->guide_title != NULL ? view->guide_title : group->guide_id;
  if (guide != NULL)
    g_string_append_printf (facts, "%s%s", facts->len > 0 ? " · " : "", guide);

  gtk_label_set_text (self->name_label, group->name);
  gtk_label_set_text (self->facts_label, facts->str);
  gtk_widget_set_visible (GTK_WIDGET (self->facts_label), facts->len > 0);
  gtk_label_set_text (self->next_label, view != NULL ? view->next_label : "");
  gtk_widget_set_visible (GTK_WIDGET (self->next_label), view != NULL);

  gtk_widget_set_visible (self->completion_box, view != NULL && view->has_completion);
  if (view != NULL && view->has_completion)
    {
      g_autofree char *percent = sc_group_view_percent (view->completion);
      /* Translators: the accessible name of a group's completion bar in the list */
      g_autofree char *a11y = g_strdup_printf (_("%s of the readings done"), percent);

      gtk_progress_bar_set_fraction (self->completion_bar, view->completion);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->completion_bar),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      gtk_label_set_text (self->percent_label, percent);
    }

  g_free (self->group_id);
  self->group_id = g_strdup (group->id);
  gtk_widget_set_name (GTK_WIDGET (self), group->id);
  g_object_set_data_full (G_OBJECT (self), "group-id", g_strdup (group->id), g_free);
  g_object_set_data (G_OBJECT (self), "status", GINT_TO_POINTER (group->status));
}

const char *
sc_group_list_row_get_group_id (ScGroupListRow *self)
{
  g_return_val_if_fail (SC_IS_GROUP_LIST_ROW (self), NULL);
  return self->group_id;
}

GtkWidget *
sc_group_list_row_new (ScGroup     *group,
                       ScGroupView *view)
{
  ScGroupListRow *self = g_object_new (SC_TYPE_GROUP_LIST_ROW, NULL);

  sc_group_list_row_set_group (self, group, view);
  return GTK_WIDGET (self);
}
