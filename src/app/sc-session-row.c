/* sc-session-row.c: a session of a study guide, folded or open
 *
 * The Guides page fills the content box with the session's goals,
 * readings, questions, terms and activities. The "session-number" data
 * on the row holds the number, as before this row had a class.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-session-row.h"

struct _ScSessionRow
{
  AdwExpanderRow  parent_instance;

  GtkLabel       *number_badge;
  GtkBox         *content_box;

  guint           number;
};

G_DEFINE_FINAL_TYPE (ScSessionRow, sc_session_row, ADW_TYPE_EXPANDER_ROW)

static void
sc_session_row_class_init (ScSessionRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/studycircle/StudyCircle/sc-session-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ScSessionRow, number_badge);
  gtk_widget_class_bind_template_child (widget_class, ScSessionRow, content_box);
}

static void
sc_session_row_init (ScSessionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sc_session_row_new (guint       number,
                    const char *title,
                    const char *subtitle)
{
  ScSessionRow *self = g_object_new (SC_TYPE_SESSION_ROW, NULL);
  g_autofree char *text = g_strdup_printf ("%u", number);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
  gtk_label_set_text (self->number_badge, text);
  /* A bare number would be read as "label"; say it as the number. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->number_badge), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text, -1);
  self->number = number;
  g_object_set_data (G_OBJECT (self), "session-number", GUINT_TO_POINTER (number));
  return GTK_WIDGET (self);
}

guint
sc_session_row_get_number (ScSessionRow *self)
{
  g_return_val_if_fail (SC_IS_SESSION_ROW (self), 0);
  return self->number;
}

GtkBox *
sc_session_row_get_content (ScSessionRow *self)
{
  g_return_val_if_fail (SC_IS_SESSION_ROW (self), NULL);
  return self->content_box;
}
