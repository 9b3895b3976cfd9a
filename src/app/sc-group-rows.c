/* sc-group-rows.c: the parts of a study group's page, as widgets
 *
 * Built from an ScGroupView and nothing else, so the page (sc-groups-page.c)
 * only decides when to build them: a row per group in the list, the next
 * meeting, each member's progress, the schedule with its editable dates
 * and places, and the key to the grid's marks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-group-list-header.h"
#include "sc-group-rows.h"
#include "sc-legend-item.h"
#include "sc-member-progress-row.h"
#include "sc-next-meeting.h"
#include "sc-schedule-row.h"

/* The list ------------------------------------------------------------------- */

static const char *
status_heading (ScGroupStatus status)
{
  switch (status)
    {
    case SC_GROUP_ACTIVE:
      return _("Active");
    case SC_GROUP_PLANNED:
      return _("Planned");
    case SC_GROUP_FINISHED:
      return _("Finished");
    case SC_GROUP_ARCHIVED:
    default:
      return _("Archived");
    }
}

void
sc_group_list_header_func (GtkListBoxRow *row,
                           GtkListBoxRow *before,
                           gpointer       user_data)
{
  int status = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "status"));

  if (before != NULL && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (before), "status")) == status)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  gtk_list_box_row_set_header (row, sc_group_list_header_new (status_heading (status)));
}

/* The header ----------------------------------------------------------------- */

char *
sc_group_cadence_text (const ScGroup *group)
{
  g_autofree char *start = sc_group_view_format_date (group->start_date);

  if (group->cadence == SC_CADENCE_CUSTOM)
    return g_strdup (_("Meeting dates set one by one"));
  if (start == NULL)
    return g_strdup (_("No start date yet"));
  if (group->cadence == SC_CADENCE_FORTNIGHTLY)
    /* Translators: %s is the date of the first meeting */
    return g_strdup_printf (_("Every two weeks from %s"), start);
  /* Translators: %s is the date of the first meeting */
  return g_strdup_printf (_("Weekly from %s"), start);
}

GMenuModel *
sc_group_menu_new (ScGroupView *view)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) edit = g_menu_new ();
  g_autoptr(GMenu) share = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;
  const char *id = view->group->id;
  guint handout = view->next_session != 0 ? view->next_session : view->n_sessions;

  item = g_menu_item_new (_("_Edit Group…"), NULL);
  g_menu_item_set_action_and_target_value (item, "group.edit", g_variant_new_string (id));
  g_menu_append_item (edit, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("Add _Member…"), NULL);
  g_menu_item_set_action_and_target_value (item, "group.add-member", g_variant_new_string (id));
  g_menu_append_item (edit, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("_Assign a Reading…"), NULL);
  g_menu_item_set_action_and_target_value (item, "group.assign", g_variant_new_string (id));
  g_menu_append_item (edit, item);
  g_clear_object (&item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (edit));

  if (handout > 0)
    {
      /* Translators: a menu item; %u is a session's number */
      g_autofree char *label = g_strdup_printf (_("_Print the Handout for Session %u…"), handout);

      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "group.print-handout", g_variant_new ("(su)", id, handout));
      g_menu_append_item (share, item);
      g_clear_object (&item);
    }
  item = g_menu_item_new (_("E_xport Progress…"), NULL);
  g_menu_item_set_action_and_target_value (item, "group.export", g_variant_new_string (id));
  g_menu_append_item (share, item);
  g_clear_object (&item);
  g_menu_append (share, _("_Import a Progress File…"), "group.import");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (share));
  return G_MENU_MODEL (menu);
}

/* The next meeting --------------------------------------------------------- */

GtkWidget *
sc_group_next_meeting_new (ScGroupView *view)
{
  return sc_next_meeting_new (view);
}

/* Members ------------------------------------------------------------------ */

GtkWidget *
sc_group_members_new (ScGroupView *view)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Members"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Completion counts the readings due up to the next meeting; "
                                           "ready, those due at it."));
  gtk_widget_add_css_class (group, "members");
  for (guint i = 0; i < view->members->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               sc_member_progress_row_new (view, g_ptr_array_index (view->members, i)));
  return group;
}

/* The schedule --------------------------------------------------------------- */

static GtkWidget *
session_row_new (const ScGroupViewSession       *session,
                 guint                           expanded_session,
                 const ScGroupScheduleCallbacks *callbacks)
{
  GtkWidget *row = sc_schedule_row_new (session);

  g_signal_connect (sc_schedule_row_get_date_row (SC_SCHEDULE_ROW (row)), "apply",
                    callbacks->date_applied, callbacks->user_data);
  g_signal_connect (sc_schedule_row_get_place_row (SC_SCHEDULE_ROW (row)), "apply",
                    callbacks->place_applied, callbacks->user_data);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), session->session == expanded_session);
  g_signal_connect (row, "notify::expanded", callbacks->expanded_changed, callbacks->user_data);
  return row;
}

GtkWidget *
sc_group_schedule_new (ScGroupView                    *view,
                       guint                           expanded_session,
                       const ScGroupScheduleCallbacks *callbacks)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Schedule"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The next meeting first. Dates follow the start date and cadence "
                                           "unless one is set here; clear it to follow them again."));
  gtk_widget_add_css_class (group, "schedule");
  for (guint i = 0; i < view->schedule->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               session_row_new (g_ptr_array_index (view->schedule, i), expanded_session,
                                                callbacks));
  if (view->schedule->len == 0)
    {
      GtkWidget *none = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none), _("No sessions yet: choose a guide for the group"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), none);
    }
  return group;
}

/* The legend under the grid ------------------------------------------------ */

static void
legend_append (GtkFlowBox *legend,
               GtkWidget  *item)
{
  gtk_flow_box_append (legend, item);
  /* A key to the marks, not something to choose. */
  gtk_widget_set_focusable (gtk_widget_get_parent (item), FALSE);
}

void
sc_group_legend_fill (GtkFlowBox *legend)
{
  const ScAttendance states[] = {
    SC_ATTENDANCE_PRESENT, SC_ATTENDANCE_ABSENT, SC_ATTENDANCE_EXCUSED, SC_ATTENDANCE_UNKNOWN,
  };
  const char *icons[] = {
    "object-select-symbolic", "window-close-symbolic", "action-unavailable-symbolic", "radio-symbolic",
  };
  const char *classes[] = {
    "attendance-present", "attendance-absent", "attendance-excused", "attendance-unknown",
  };

  legend_append (legend, sc_legend_item_new_text ("✓", "legend-done", _("All read")));
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    legend_append (legend, sc_legend_item_new_icon (icons[i], classes[i], sc_group_view_attendance_label (states[i])));
}
