/* sc-date-row.c: a date typed or picked from a calendar, in an AdwEntryRow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "sc-date-row.h"
#include "sc-study.h"

char *
sc_date_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

gboolean
sc_date_row_get_date (AdwEntryRow  *row,
                      char        **date)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (ADW_IS_ENTRY_ROW (row), FALSE);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  if (date != NULL)
    *date = NULL;
  if (*text == '\0')
    return TRUE;
  if (!sc_date_is_valid (text))
    return FALSE;
  if (date != NULL)
    *date = g_steal_pointer (&text);
  return TRUE;
}

void
sc_date_row_set_invalid (GtkWidget *row,
                         gboolean   invalid)
{
  if (invalid)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               invalid ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
on_day_selected_cb (GtkCalendar *calendar,
                    AdwEntryRow *row)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

/* The calendar opens at the row's date, or today. */
static void
on_popover_show_cb (GtkPopover  *popover,
                    GtkCalendar *calendar)
{
  AdwEntryRow *row = g_object_get_data (G_OBJECT (calendar), "sc-date-row");
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) date = NULL;
  int y, m, d;

  if (sc_date_row_get_date (row, &text) && text != NULL &&
      sscanf (text, "%4d-%2d-%2d", &y, &m, &d) == 3)
    date = g_date_time_new_local (y, m, d, 12, 0, 0);
  if (date == NULL)
    date = g_date_time_new_now_local ();

  g_signal_handlers_block_by_func (calendar, on_day_selected_cb, row);
  gtk_calendar_select_day (calendar, date);
  g_signal_handlers_unblock_by_func (calendar, on_day_selected_cb, row);
}

void
sc_date_row_setup (AdwEntryRow *row)
{
  GtkWidget *button, *popover, *calendar;

  g_return_if_fail (ADW_IS_ENTRY_ROW (row));

  calendar = gtk_calendar_new ();
  g_object_set_data (G_OBJECT (calendar), "sc-date-row", row);
  g_signal_connect (calendar, "day-selected", G_CALLBACK (on_day_selected_cb), row);

  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  g_signal_connect (popover, "show", G_CALLBACK (on_popover_show_cb), calendar);

  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Pick a Date"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pick a date from a calendar"),
                                  -1);
  adw_entry_row_add_suffix (row, button);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), _("A date such as 2024-03-05 (year-month-day)"));
}
