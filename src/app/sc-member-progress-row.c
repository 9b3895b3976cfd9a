/* sc-member-progress-row.c: a member's progress in a study group
 *
 * Who they are (avatar, name, "You", "Facilitator", "Behind"), their
 * menu, and three measures: a title, a bar, and the share with what it is
 * of ("70% · 7 of 10 readings"), which wraps on a phone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-member-progress-row.h"

struct _ScMemberProgressRow
{
  AdwPreferencesRow parent_instance;

  AdwAvatar        *avatar;
  GtkLabel         *name_label;
  GtkWidget        *me_tag;
  GtkWidget        *facilitator_tag;
  GtkWidget        *behind_tag;
  GtkMenuButton    *menu_button;

  GtkLabel         *completion_title;
  GtkProgressBar   *completion_bar;
  GtkLabel         *completion_label;
  GtkLabel         *ready_title;
  GtkProgressBar   *ready_bar;
  GtkLabel         *ready_label;
  GtkLabel         *attendance_title;
  GtkProgressBar   *attendance_bar;
  GtkLabel         *attendance_label;
};

G_DEFINE_FINAL_TYPE (ScMemberProgressRow, sc_member_progress_row, ADW_TYPE_PREFERENCES_ROW)

static void
sc_member_progress_row_class_init (ScMemberProgressRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/studycircle/StudyCircle/sc-member-progress-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ScMemberProgressRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, ScMemberProgressRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, ScMemberProgressRow, me_tag);
  gtk_widget_class_bind_template_child (widget_class, ScMemberProgressRow, facilitator_tag);
  gtk_widget_class_bind_template_child (widget_class, ScMemberProgressRow, behind_tag);
  gtk_widget_class_bind_template_child (widget_class, ScMemberProgressRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, ScMemberProgressRow, completion_title);
  gtk_widget_class_bind_template_child (widget_class, ScMemberProgressRow, completion_bar);
  gtk_widget_class_bind_template_child (widget_class, ScMemberProgressRow, completion_label);
  gtk_widget_class_bind_template_child (widget_class, ScMemberProgressRow, ready_title);
  gtk_widget_class_bind_template_child (widget_class, ScMemberProgressRow, ready_bar);
  gtk_widget_class_bind_template_child (widget_class, ScMemberProgressRow, ready_label);
  gtk_widget_class_bind_template_child (widget_class, ScMemberProgressRow, attendance_title);
  gtk_widget_class_bind_template_child (widget_class, ScMemberProgressRow, attendance_bar);
  gtk_widget_class_bind_template_child (widget_class, ScMemberProgressRow, attendance_label);
}

static void
sc_member_progress_row_init (ScMemberProgressRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* "This Is Me" is the page's (groups.set-me); the rest opens dialogs
 * ("group." actions). */
static GMenuModel *
member_menu_new (ScGroupView       *view,
                 ScGroupViewMember *member)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) mine = g_menu_new ();
  g_autoptr(GMenu) theirs = g_menu_new ();
  g_autoptr(GMenuItem) me = g_menu_item_new (member->is_me ? _("This Is _Not Me") : _("This Is _Me"), NULL);
  struct { const char *label; const char *action; } items[] = {
    { N_("_Edit Member…"), "group.edit-member" },
    { N_("E_xport Their Progress…"), "group.export-member" },
    { N_("_Remove from the Group…"), "group.remove-member" },
  };

  g_menu_item_set_action_and_target_value (me, "groups.set-me",
                                           g_variant_new_string (member->is_me ? "" : member->member_id));
  g_menu_append_item (mine, me);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (mine));

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, items[i].action,
                                               g_variant_new ("(ss)", view->group->id, member->member_id));
      g_menu_append_item (theirs, item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (theirs));
  return G_MENU_MODEL (menu);
}

/* A hidden tag holds no text, so that nothing reads it. */
static void
tag_set (GtkWidget  *tag,
         const char *text)
{
  gtk_label_set_text (GTK_LABEL (tag), text != NULL ? text : "");
  gtk_widget_set_visible (tag, text != NULL);
}

static void
measure_set (GtkLabel       *title,
             GtkProgressBar *bar,
             GtkLabel       *detail_label,
             double          fraction,
             const char     *value,
             const char     *detail)
{
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b> · %s", value, detail);
  g_autofree char *a11y = g_strdup_printf ("%s: %s, %s", gtk_label_get_text (title), value, detail);

  gtk_progress_bar_set_fraction (bar, CLAMP (fraction, 0.0, 1.0));
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  gtk_label_set_markup (detail_label, markup);
}

void
sc_member_progress_row_set_member (ScMemberProgressRow *self,
                                   ScGroupView         *view,
                                   ScGroupViewMember   *member)
{
  g_autoptr(GMenuModel) menu = NULL;
  g_autofree char *completion = NULL;
  g_autofree char *ready = NULL;
  g_autofree char *attendance = NULL;
  g_autofree char *menu_a11y = NULL;

  g_return_if_fail (SC_IS_MEMBER_PROGRESS_ROW (self));
  g_return_if_fail (view != NULL && member != NULL);

  menu = member_menu_new (view, member);
  completion = sc_group_view_percent (member->completion);
  ready = view->next_session != 0 ? sc_group_view_percent (member->ready) : g_strdup ("–");
  attendance = member->attendance_known ? sc_group_view_percent (member->attendance_rate) : g_strdup ("–");
  /* Translators: the accessible name of a member's menu */
  menu_a11y = g_strdup_printf (_("More about %s"), member->name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), member->name);
  adw_avatar_set_text (self->avatar, member->name);
  gtk_label_set_text (self->name_label, member->name);
  tag_set (self->me_tag, member->is_me ? _("You") : NULL);
  tag_set (self->facilitator_tag, member->role == SC_ROLE_FACILITATOR ? _("Facilitator") : NULL);
  tag_set (self->behind_tag, member->behind ? _("Behind") : NULL);

  gtk_menu_button_set_menu_model (self->menu_button, menu);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, menu_a11y, -1);

  measure_set (self->completion_title, self->completion_bar, self->completion_label,
               member->completion, completion, member->completion_label);
  measure_set (self->ready_title, self->ready_bar, self->ready_label,
               view->next_session != 0 ? member->ready : 0.0, ready, member->ready_label);
  measure_set (self->attendance_title, self->attendance_bar, self->attendance_label,
               member->attendance_rate, attendance, member->attendance_label);

  gtk_widget_set_name (GTK_WIDGET (self), member->member_id);
}

GtkWidget *
sc_member_progress_row_new (ScGroupView       *view,
                            ScGroupViewMember *member)
{
  ScMemberProgressRow *self = g_object_new (SC_TYPE_MEMBER_PROGRESS_ROW, NULL);

  sc_member_progress_row_set_member (self, view, member);
  return GTK_WIDGET (self);
}
