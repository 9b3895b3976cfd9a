/* sc-session-item.c: a goal, question, key term or activity of a session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-session-item.h"

struct _ScSessionItem
{
  GtkBox    parent_instance;

  GtkLabel *mark_label;
  GtkLabel *text_label;
};

G_DEFINE_FINAL_TYPE (ScSessionItem, sc_session_item, GTK_TYPE_BOX)

static void
sc_session_item_class_init (ScSessionItemClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/studycircle/StudyCircle/sc-session-item.ui");
  gtk_widget_class_bind_template_child (widget_class, ScSessionItem, mark_label);
  gtk_widget_class_bind_template_child (widget_class, ScSessionItem, text_label);
}

static void
sc_session_item_init (ScSessionItem *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
sc_session_item_set_mark (ScSessionItem *self,
                          const char    *mark)
{
  g_return_if_fail (SC_IS_SESSION_ITEM (self));

  gtk_label_set_text (self->mark_label, mark != NULL ? mark : "");
  gtk_widget_set_visible (GTK_WIDGET (self->mark_label), mark != NULL);
}

void
sc_session_item_set_text (ScSessionItem *self,
                          const char    *text)
{
  g_return_if_fail (SC_IS_SESSION_ITEM (self));

  gtk_label_set_text (self->text_label, text != NULL ? text : "");
}

void
sc_session_item_set_markup (ScSessionItem *self,
                            const char    *markup)
{
  g_return_if_fail (SC_IS_SESSION_ITEM (self));

  gtk_label_set_markup (self->text_label, markup != NULL ? markup : "");
}

GtkLabel *
sc_session_item_get_label (ScSessionItem *self)
{
  g_return_val_if_fail (SC_IS_SESSION_ITEM (self), NULL);
  return self->text_label;
}

GtkWidget *
sc_session_item_new (const char *mark,
                     const char *text)
{
  ScSessionItem *self = g_object_new (SC_TYPE_SESSION_ITEM, NULL);

  sc_session_item_set_mark (self, mark);
  sc_session_item_set_text (self, text);
  return GTK_WIDGET (self);
}
