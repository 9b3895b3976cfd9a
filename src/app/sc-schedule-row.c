/* sc-schedule-row.c: a session in a study group's schedule
 *
 * The page connects to the entries' "apply" and the row's
 * notify::expanded; the "session" data tells it which session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-schedule-row.h"

struct _ScScheduleRow
{
  AdwExpanderRow  parent_instance;

  GtkWidget      *next_badge;
  AdwEntryRow    *date_row;
  AdwEntryRow    *place_row;

  guint           session;
};

G_DEFINE_FINAL_TYPE (ScScheduleRow, sc_schedule_row, ADW_TYPE_EXPANDER_ROW)

static void
sc_schedule_row_class_init (ScScheduleRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/studycircle/StudyCircle/sc-schedule-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ScScheduleRow, next_badge);
  gtk_widget_class_bind_template_child (widget_class, ScScheduleRow, date_row);
  gtk_widget_class_bind_template_child (widget_class, ScScheduleRow, place_row);
}

static void
sc_schedule_row_init (ScScheduleRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
sc_schedule_row_set_session (ScScheduleRow            *self,
                             const ScGroupViewSession *session)
{
  g_autofree char *when = NULL;

  g_return_if_fail (SC_IS_SCHEDULE_ROW (self));
  g_return_if_fail (session != NULL);

  when = session->place != NULL ? g_strdup_printf ("%s · %s", session->date_label, session->place)
                                : g_strdup (session->date_label);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), session->heading);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), when);
  /* A hidden badge holds no text, so that nothing reads it. */
  gtk_label_set_text (GTK_LABEL (self->next_badge), session->is_next ? _("Next") : "");
  gtk_widget_set_visible (self->next_badge, session->is_next);
  if (session->is_next)
    gtk_widget_add_css_class (GTK_WIDGET (self), "next-session");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "next-session");
  if (session->is_past)
    gtk_widget_add_css_class (GTK_WIDGET (self), "past-session");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "past-session");

  gtk_editable_set_text (GTK_EDITABLE (self->date_row), session->date != NULL ? session->date : "");
  gtk_editable_set_text (GTK_EDITABLE (self->place_row), session->place != NULL ? session->place : "");

  self->session = session->session;
  g_object_set_data (G_OBJECT (self), "session", GUINT_TO_POINTER (session->session));
  g_object_set_data (G_OBJECT (self->date_row), "session", GUINT_TO_POINTER (session->session));
  g_object_set_data (G_OBJECT (self->place_row), "session", GUINT_TO_POINTER (session->session));
}

guint
sc_schedule_row_get_session (ScScheduleRow *self)
{
  g_return_val_if_fail (SC_IS_SCHEDULE_ROW (self), 0);
  return self->session;
}

AdwEntryRow *
sc_schedule_row_get_date_row (ScScheduleRow *self)
{
  g_return_val_if_fail (SC_IS_SCHEDULE_ROW (self), NULL);
  return self->date_row;
}

AdwEntryRow *
sc_schedule_row_get_place_row (ScScheduleRow *self)
{
  g_return_val_if_fail (SC_IS_SCHEDULE_ROW (self), NULL);
  return self->place_row;
}

GtkWidget *
sc_schedule_row_new (const ScGroupViewSession *session)
{
  ScScheduleRow *self = g_object_new (SC_TYPE_SCHEDULE_ROW, NULL);

  sc_schedule_row_set_session (self, session);
  return GTK_WIDGET (self);
}
