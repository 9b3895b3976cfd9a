/* sc-next-meeting.c: a study group's next meeting, as a card
 *
 * The template holds every row the card can show; those a view does not
 * need stay hidden and hold no text, so that nothing reads them. The
 * readings go between the meeting and the "Ready" row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-group-reading-row.h"
#include "sc-next-meeting.h"

struct _ScNextMeeting
{
  AdwPreferencesGroup  parent_instance;

  AdwActionRow        *meeting_row;
  GtkWidget           *handout_button;
  AdwActionRow        *nothing_row;
  AdwActionRow        *ready_row;
  GtkProgressBar      *ready_bar;
  GtkLabel            *ready_value;
  AdwActionRow        *behind_row;
  GtkImage            *behind_icon;
};

G_DEFINE_FINAL_TYPE (ScNextMeeting, sc_next_meeting, ADW_TYPE_PREFERENCES_GROUP)

static void
sc_next_meeting_class_init (ScNextMeetingClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/studycircle/StudyCircle/sc-next-meeting.ui");
  gtk_widget_class_bind_template_child (widget_class, ScNextMeeting, meeting_row);
  gtk_widget_class_bind_template_child (widget_class, ScNextMeeting, handout_button);
  gtk_widget_class_bind_template_child (widget_class, ScNextMeeting, nothing_row);
  gtk_widget_class_bind_template_child (widget_class, ScNextMeeting, ready_row);
  gtk_widget_class_bind_template_child (widget_class, ScNextMeeting, ready_bar);
  gtk_widget_class_bind_template_child (widget_class, ScNextMeeting, ready_value);
  gtk_widget_class_bind_template_child (widget_class, ScNextMeeting, behind_row);
  gtk_widget_class_bind_template_child (widget_class, ScNextMeeting, behind_icon);
}

static void
sc_next_meeting_init (ScNextMeeting *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
show_row (AdwActionRow *row,
          const char   *title,
          const char   *subtitle)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  adw_action_row_set_subtitle (row, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (row), title != NULL);
}

static void
show_members (ScNextMeeting *self,
              ScGroupView   *view)
{
  g_autofree char *percent = sc_group_view_percent (view->ready_share);
  g_autofree char *names = g_strjoinv (", ", view->behind);
  gboolean anyone = view->behind[0] != NULL;

  show_row (self->ready_row, _("Ready"), view->ready_label);
  gtk_progress_bar_set_fraction (self->ready_bar, view->ready_share);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->ready_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  view->ready_label, -1);
  gtk_label_set_text (self->ready_value, percent);

  show_row (self->behind_row, _("Behind"), anyone ? names : _("Nobody: everyone has done the reading"));
  gtk_image_set_from_icon_name (self->behind_icon, anyone ? "dialog-warning-symbolic" : "emblem-ok-symbolic");
  if (anyone)
    gtk_widget_add_css_class (GTK_WIDGET (self->behind_row), "behind");
}

static void
sc_next_meeting_set_view (ScNextMeeting *self,
                          ScGroupView   *view)
{
  const ScGroupViewSession *next = sc_group_view_get_session (view, view->next_session);
  g_autofree char *when = NULL;
  GtkListBox *list;

  if (next == NULL)
    {
      show_row (self->meeting_row, view->next_label, NULL);
      return;
    }

  when = next->place != NULL ? g_strdup_printf ("%s · %s", next->date_label, next->place)
                             : g_strdup (next->date_label);
  show_row (self->meeting_row, next->heading, when);
  /* Action and target together: a hidden button without a target would
   * still be checked against the action's parameter type. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->handout_button), "group.print-handout");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->handout_button),
                                          g_variant_new ("(su)", view->group->id, next->session));
  gtk_widget_set_visible (self->handout_button, TRUE);

  if (view->next_minutes > 0)
    {
      /* Translators: reading time for everyone before the next meeting */
      g_autofree char *description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                   "About %u minute of reading for everyone",
                                                                   "About %u minutes of reading for everyone",
                                                                   view->next_minutes),
                                                      view->next_minutes);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), description);
    }

  /* The readings follow the meeting's row, in the group's own list. */
  list = GTK_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (self->meeting_row)));
  for (guint i = 0; i < view->next_readings->len; i++)
    gtk_list_box_insert (list, sc_group_reading_row_new (g_ptr_array_index (view->next_readings, i)), (int) i + 1);
  if (view->next_readings->len == 0)
    show_row (self->nothing_row, _("Nothing to read for this meeting"), NULL);

  if (view->members->len > 0)
    show_members (self, view);
}

GtkWidget *
sc_next_meeting_new (ScGroupView *view)
{
  ScNextMeeting *self;

  g_return_val_if_fail (view != NULL, NULL);

  self = g_object_new (SC_TYPE_NEXT_MEETING, NULL);
  sc_next_meeting_set_view (self, view);
  return GTK_WIDGET (self);
}
