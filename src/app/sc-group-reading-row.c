/* sc-group-reading-row.c: a reading for a study group's next meeting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-group-reading-row.h"

struct _ScGroupReadingRow
{
  AdwActionRow  parent_instance;

  GtkWidget    *open_icon;
};

G_DEFINE_FINAL_TYPE (ScGroupReadingRow, sc_group_reading_row, ADW_TYPE_ACTION_ROW)

static void
sc_group_reading_row_class_init (ScGroupReadingRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/studycircle/StudyCircle/sc-group-reading-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ScGroupReadingRow, open_icon);
}

static void
sc_group_reading_row_init (ScGroupReadingRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
sc_group_reading_row_set_reading (ScGroupReadingRow        *self,
                                  const ScGroupViewReading *reading)
{
  g_autoptr(GString) subtitle = NULL;
  gboolean opens;

  g_return_if_fail (SC_IS_GROUP_READING_ROW (self));
  g_return_if_fail (reading != NULL);

  subtitle = g_string_new (NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), reading->title);
  if (reading->minutes > 0)
    /* Translators: reading time, short */
    g_string_append_printf (subtitle, _("%u min"), reading->minutes);
  if (reading->member_name != NULL)
    /* Translators: a reading assigned to one member only */
    g_string_append_printf (subtitle, _("%sfor %s only"), subtitle->len > 0 ? " · " : "", reading->member_name);
  if (reading->text_id == NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", _("outside the library"));
  else if (!reading->in_library)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", _("not in this library"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle->str);

  /* A library text opens in the reader at the reading's first section. */
  opens = reading->text_id != NULL && reading->in_library;
  if (opens)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self), "win.open-text");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self),
                                              g_variant_new ("(sss)", reading->text_id,
                                                             reading->from != NULL ? reading->from : "", ""));
    }
  else
    gtk_actionable_set_action_name (GTK_ACTIONABLE (self), NULL);
  if (opens)
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
  gtk_widget_set_visible (self->open_icon, opens);
}

GtkWidget *
sc_group_reading_row_new (const ScGroupViewReading *reading)
{
  ScGroupReadingRow *self = g_object_new (SC_TYPE_GROUP_READING_ROW, NULL);

  sc_group_reading_row_set_reading (self, reading);
  return GTK_WIDGET (self);
}
