/* sc-checklist-row.c: a reading to tick off before the next session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-checklist-row.h"

struct _ScChecklistRow
{
  AdwActionRow    parent_instance;

  GtkCheckButton *check;
};

G_DEFINE_FINAL_TYPE (ScChecklistRow, sc_checklist_row, ADW_TYPE_ACTION_ROW)

static void
sc_checklist_row_class_init (ScChecklistRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/studycircle/StudyCircle/sc-checklist-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ScChecklistRow, check);
}

/* GTK 4.8 does not name a check box after the row it is labelled by: give
 * it the row's title, whenever that changes (titles arrive late). */
static void
on_title_changed_cb (ScChecklistRow *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)), -1);
}

static void
sc_checklist_row_init (ScChecklistRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The check box is named by its row's title. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->check), GTK_ACCESSIBLE_RELATION_LABELLED_BY, self, NULL, -1);
  g_signal_connect (self, "notify::title", G_CALLBACK (on_title_changed_cb), NULL);
}

static void
subtitle_add_line (GString    *subtitle,
                   const char *line)
{
  if (subtitle->len > 0)
    g_string_append_c (subtitle, '\n');
  g_string_append (subtitle, line);
}

GtkWidget *
sc_checklist_row_new (const char *key,
                      const char *text_id,
                      const char *title,
                      guint       minutes,
                      gboolean    in_library,
                      gboolean    done,
                      gboolean    can_tick)
{
  ScChecklistRow *self = g_object_new (SC_TYPE_CHECKLIST_ROW, NULL);
  g_autoptr(GString) subtitle = g_string_new (NULL);

  if (text_id == NULL || title != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title != NULL ? title : text_id);

  if (minutes > 0)
    {
      /* Translators: reading time, short */
      g_autofree char *text = g_strdup_printf (_("%u min"), minutes);
      subtitle_add_line (subtitle, text);
    }
  if (text_id != NULL && !in_library)
    subtitle_add_line (subtitle, _("Not in this library"));
  else if (text_id == NULL)
    subtitle_add_line (subtitle, _("Outside the library"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle->str);

  gtk_check_button_set_active (self->check, done);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check), can_tick);
  g_object_set_data_full (G_OBJECT (self->check), "reading-key", g_strdup (key), g_free);
  return GTK_WIDGET (self);
}

GtkCheckButton *
sc_checklist_row_get_check (ScChecklistRow *self)
{
  g_return_val_if_fail (SC_IS_CHECKLIST_ROW (self), NULL);
  return self->check;
}

const char *
sc_checklist_row_get_key (ScChecklistRow *self)
{
  g_return_val_if_fail (SC_IS_CHECKLIST_ROW (self), NULL);
  return g_object_get_data (G_OBJECT (self->check), "reading-key");
}
