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

#include "sc-group-rows.h"

static GtkWidget *
label_new (const char *text,
           const char *css_class,
           gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (wrap)
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

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
  GtkWidget *header;

  if (before != NULL && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (before), "status")) == status)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = label_new (status_heading (status), "heading", FALSE);
  gtk_widget_add_css_class (header, "group-list-header");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_list_box_row_set_header (row, header);
}

GtkWidget *
sc_group_list_row_new (ScGroup     *group,
                       ScGroupView *view)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  g_autoptr(GString) facts = g_string_new (group->branch);
  const char *guide = view != NULL && view->guide_title != NULL ? view->guide_title : group->guide_id;

  if (guide != NULL)
    g_string_append_printf (facts, "%s%s", facts->len > 0 ? " · " : "", guide);

  gtk_box_append (GTK_BOX (box), label_new (group->name, "group-row-name", FALSE));
  if (facts->len > 0)
    {
      GtkWidget *label = label_new (facts->str, "caption", FALSE);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }
  if (view != NULL)
    gtk_box_append (GTK_BOX (box), label_new (view->next_label, "caption", FALSE));

  if (view != NULL && view->has_completion)
    {
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *bar = gtk_progress_bar_new ();
      g_autofree char *percent = sc_group_view_percent (view->completion);
      GtkWidget *value = label_new (percent, "caption", FALSE);
      /* Translators: the accessible name of a group's completion bar in the list */
      g_autofree char *a11y = g_strdup_printf (_("%s of the readings done"), percent);

      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (bar), view->completion);
      gtk_widget_set_hexpand (bar, TRUE);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (bar, "group-completion");
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      gtk_widget_add_css_class (value, "numeric");
      gtk_box_append (GTK_BOX (line), bar);
      gtk_box_append (GTK_BOX (line), value);
      gtk_box_append (GTK_BOX (box), line);
    }

  gtk_widget_add_css_class (box, "group-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, group->id);
  g_object_set_data_full (G_OBJECT (row), "group-id", g_strdup (group->id), g_free);
  g_object_set_data (G_OBJECT (row), "status", GINT_TO_POINTER (group->status));
  return row;
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

static GtkWidget *
reading_row_new (const ScGroupViewReading *reading)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) subtitle = g_string_new (NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), reading->title);
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
  if (subtitle->len > 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("accessories-text-editor-symbolic"));

  /* A library text opens in the reader at the reading's first section. */
  if (reading->text_id != NULL && reading->in_library)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-text");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row),
                                              g_variant_new ("(sss)", reading->text_id,
                                                             reading->from != NULL ? reading->from : "", ""));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
    }
  gtk_widget_add_css_class (row, "next-reading");
  return row;
}

static GtkWidget *
ready_row_new (ScGroupView *view)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *bar = gtk_progress_bar_new ();
  g_autofree char *percent = sc_group_view_percent (view->ready_share);
  GtkWidget *value = gtk_label_new (percent);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Ready"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), view->ready_label);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("object-select-symbolic"));
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (bar), view->ready_share);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 80, -1);
  gtk_widget_set_name (bar, "ready-bar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, view->ready_label, -1);
  gtk_widget_add_css_class (value, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  return row;
}

static GtkWidget *
behind_row_new (ScGroupView *view)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *names = g_strjoinv (", ", view->behind);
  gboolean anyone = view->behind[0] != NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Behind"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), anyone ? names : _("Nobody: everyone has done the reading"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (anyone ? "dialog-warning-symbolic" : "emblem-ok-symbolic"));
  gtk_widget_set_name (row, "behind-row");
  if (anyone)
    gtk_widget_add_css_class (row, "behind");
  return row;
}

GtkWidget *
sc_group_next_meeting_new (ScGroupView *view)
{
  GtkWidget *group = adw_preferences_group_new ();
  const ScGroupViewSession *next = sc_group_view_get_session (view, view->next_session);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Next Meeting"));
  gtk_widget_add_css_class (group, "next-meeting");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("x-office-calendar-symbolic"));
  gtk_widget_set_name (row, "next-meeting-row");

  if (next == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), view->next_label);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      return group;
    }

  {
    g_autofree char *when = next->place != NULL ? g_strdup_printf ("%s · %s", next->date_label, next->place)
                                                : g_strdup (next->date_label);
    GtkWidget *print = gtk_button_new ();
    GtkWidget *content = adw_button_content_new ();

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), next->heading);
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

    adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "document-print-symbolic");
    adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("_Handout"));
    adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
    gtk_button_set_child (GTK_BUTTON (print), content);
    gtk_widget_set_tooltip_text (print, _("Print the facilitator's handout for this session"));
    gtk_widget_add_css_class (print, "flat");
    gtk_actionable_set_action_name (GTK_ACTIONABLE (print), "group.print-handout");
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (print),
                                            g_variant_new ("(su)", view->group->id, next->session));
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), print);
  }

  if (view->next_minutes > 0)
    {
      /* Translators: reading time for everyone before the next meeting */
      g_autofree char *description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                   "About %u minute of reading for everyone",
                                                                   "About %u minutes of reading for everyone",
                                                                   view->next_minutes),
                                                      view->next_minutes);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
    }

  for (guint i = 0; i < view->next_readings->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               reading_row_new (g_ptr_array_index (view->next_readings, i)));
  if (view->next_readings->len == 0)
    {
      GtkWidget *none = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none), _("Nothing to read for this meeting"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), none);
    }

  if (view->members->len > 0)
    {
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), ready_row_new (view));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), behind_row_new (view));
    }
  return group;
}

/* Members ------------------------------------------------------------------ */

/* A measure of a member: a title, a bar, and the share with what it is
 * of ("70% · 7 of 10 readings"), which wraps on a phone. */
static GtkWidget *
measure_new (const char *title,
             const char *name,
             double      fraction,
             const char *value,
             const char *detail)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *bar = gtk_progress_bar_new ();
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b> · %s", value, detail);
  GtkWidget *detail_label = label_new (NULL, "caption", TRUE);
  g_autofree char *a11y = g_strdup_printf ("%s: %s, %s", title, value, detail);

  gtk_box_append (GTK_BOX (box), label_new (title, "caption-heading", FALSE));
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (bar), CLAMP (fraction, 0.0, 1.0));
  gtk_widget_set_name (bar, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  gtk_box_append (GTK_BOX (box), bar);

  gtk_label_set_markup (GTK_LABEL (detail_label), markup);
  gtk_widget_add_css_class (detail_label, "dim-label");
  gtk_box_append (GTK_BOX (box), detail_label);
  gtk_widget_set_hexpand (box, TRUE);
  return box;
}

static GtkWidget *
tag_new (const char *text,
         const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "member-tag");
  gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
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

static GtkWidget *
member_row_new (ScGroupView       *view,
                ScGroupViewMember *member)
{
  GtkWidget *row = g_object_new (ADW_TYPE_PREFERENCES_ROW, "activatable", FALSE, "title", member->name, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *names = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *measures = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *menu_button = gtk_menu_button_new ();
  g_autoptr(GMenuModel) menu = member_menu_new (view, member);
  g_autofree char *completion = sc_group_view_percent (member->completion);
  g_autofree char *ready = view->next_session != 0 ? sc_group_view_percent (member->ready) : g_strdup ("–");
  g_autofree char *attendance = member->attendance_known ? sc_group_view_percent (member->attendance_rate)
                                                         : g_strdup ("–");
  /* Translators: the accessible name of a member's menu */
  g_autofree char *menu_a11y = g_strdup_printf (_("More about %s"), member->name);
  GtkWidget *name = label_new (member->name, "heading", FALSE);

  gtk_box_append (GTK_BOX (top), adw_avatar_new (32, member->name, TRUE));
  gtk_box_append (GTK_BOX (names), name);
  if (member->is_me)
    gtk_box_append (GTK_BOX (names), tag_new (_("You"), "me"));
  if (member->role == SC_ROLE_FACILITATOR)
    gtk_box_append (GTK_BOX (names), tag_new (_("Facilitator"), "facilitator"));
  if (member->behind)
    gtk_box_append (GTK_BOX (names), tag_new (_("Behind"), "behind"));
  gtk_widget_set_hexpand (names, TRUE);
  gtk_widget_set_valign (names, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (top), names);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), menu);
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_widget_set_tooltip_text (menu_button, _("More"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, menu_a11y, -1);
  gtk_box_append (GTK_BOX (top), menu_button);
  gtk_box_append (GTK_BOX (box), top);

  gtk_box_set_homogeneous (GTK_BOX (measures), TRUE);
  gtk_box_append (GTK_BOX (measures), measure_new (_("Completion"), "completion-bar", member->completion,
                                                   completion, member->completion_label));
  gtk_box_append (GTK_BOX (measures), measure_new (_("Ready"), "ready-bar",
                                                   view->next_session != 0 ? member->ready : 0.0,
                                                   ready, member->ready_label));
  gtk_box_append (GTK_BOX (measures), measure_new (_("Attendance"), "attendance-bar", member->attendance_rate,
                                                   attendance, member->attendance_label));
  gtk_box_append (GTK_BOX (box), measures);

  gtk_widget_add_css_class (box, "member-progress");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, member->member_id);
  return row;
}

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
                               member_row_new (view, g_ptr_array_index (view->members, i)));
  return group;
}

/* The schedule --------------------------------------------------------------- */

static GtkWidget *
entry_row_new (const char *title,
               const char *text,
               guint       session)
{
  GtkWidget *entry = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  g_object_set_data (G_OBJECT (entry), "session", GUINT_TO_POINTER (session));
  return entry;
}

static GtkWidget *
session_row_new (const ScGroupViewSession       *session,
                 guint                           expanded_session,
                 const ScGroupScheduleCallbacks *callbacks)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *date, *place;
  g_autofree char *when = session->place != NULL ? g_strdup_printf ("%s · %s", session->date_label, session->place)
                                                 : g_strdup (session->date_label);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), session->heading);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), when);
  g_object_set_data (G_OBJECT (row), "session", GUINT_TO_POINTER (session->session));
  if (session->is_next)
    {
      GtkWidget *badge = gtk_label_new (_("Next"));

      gtk_widget_add_css_class (badge, "next-badge");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), badge);
      gtk_widget_add_css_class (row, "next-session");
    }
  if (session->is_past)
    gtk_widget_add_css_class (row, "past-session");

  /* Translators: the title of a meeting's date field */
  date = entry_row_new (_("Date (YYYY-MM-DD)"), session->date, session->session);
  g_signal_connect (date, "apply", callbacks->date_applied, callbacks->user_data);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), date);
  place = entry_row_new (_("Place"), session->place, session->session);
  g_signal_connect (place, "apply", callbacks->place_applied, callbacks->user_data);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), place);

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), session->session == expanded_session);
  g_signal_connect (row, "notify::expanded", callbacks->expanded_changed, callbacks->user_data);
  gtk_widget_set_name (row, "session-row");
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

  GtkWidget *done = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *mark = gtk_label_new ("✓");

  gtk_widget_add_css_class (mark, "legend-done");
  gtk_box_append (GTK_BOX (done), mark);
  gtk_box_append (GTK_BOX (done), label_new (_("All read"), "caption", TRUE));
  legend_append (legend, done);

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      GtkWidget *item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *image = gtk_image_new_from_icon_name (icons[i]);
      GtkWidget *label = gtk_label_new (sc_group_view_attendance_label (states[i]));

      gtk_widget_add_css_class (image, classes[i]);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (item), image);
      gtk_box_append (GTK_BOX (item), label);
      legend_append (legend, item);
    }
}
