/* test-gui-groups.c: the Groups page on the fixture library
 *
 * A study store filled through the core API in a temporary data home: a
 * group following "fixture-guide" whose first meeting was three days ago
 * (so session 2 is next), with Ana and Ben. The page must list it, show
 * its next meeting and members, write each toggle of the grid to the store
 * at once and show the new numbers, and read them back after a restart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sc-bar-chart.h"
#include "sc-group-grid.h"
#include "sc-groups-page.h"
#include "sc-gui-test-util.h"
#include "sc-paths.h"
#include "sc-study.h"

static char *data_home;

typedef struct {
  ScGuiFixture  gui;
  ScStudyStore *store;
  ScGroup      *group;
  ScMember     *ana;
  ScMember     *ben;
  GtkWindow    *window;
  ScGroupsPage *page;
} Fixture;

/* Setup ------------------------------------------------------------------- */

static void
remove_study_db (void)
{
  g_autofree char *path = sc_paths_study_db ();
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static ScGroup *
save_group (Fixture       *f,
            const char    *name,
            const char    *guide_id,
            ScGroupStatus  status,
            int            start_days)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = g_date_time_add_days (now, start_days);
  ScGroup *group = sc_study_group_new (name);

  group->guide_id = g_strdup (guide_id);
  group->start_date = g_date_time_format (start, "%Y-%m-%d");
  group->status = status;
  g_assert_true (sc_study_store_save_group (f->store, group, &error));
  g_assert_no_error (error);
  return group;
}

static ScMember *
add_member (Fixture    *f,
            const char *group_id,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  ScMember *member = sc_study_member_new (name);

  g_assert_true (sc_study_store_add_member (f->store, group_id, member, &error));
  g_assert_no_error (error);
  return member;
}

/* The fixture library, and a store with the Tuesday circle. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = sc_paths_study_db ();
  g_autoptr(GError) error = NULL;

  sc_gui_fixture_setup (&f->gui, data);
  remove_study_db ();
  if (data != NULL)     /* no store at all */
    return;

  f->store = sc_study_store_open (path, &error);
  g_assert_no_error (error);
  f->group = save_group (f, "Tuesday circle", "fixture-guide", SC_GROUP_ACTIVE, -3);
  g_free (f->group->branch);
  f->group->branch = g_strdup ("Harbour Branch");
  f->group->facilitator = g_strdup ("Ana");
  g_assert_true (sc_study_store_save_group (f->store, f->group, &error));
  g_assert_no_error (error);
  f->ana = add_member (f, f->group->id, "Ana");
  f->ben = add_member (f, f->group->id, "Ben");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  g_clear_pointer (&f->store, sc_study_store_close);
  g_clear_pointer (&f->group, sc_study_group_free);
  g_clear_pointer (&f->ana, sc_study_member_free);
  g_clear_pointer (&f->ben, sc_study_member_free);
  remove_study_db ();
  sc_gui_fixture_teardown (&f->gui, data);
}

/* A window with the page, as the main window holds it. */
static void
open_page (Fixture *f,
           int      width)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, width, 800);
  f->page = SC_GROUPS_PAGE (sc_groups_page_new (f->gui.catalog));
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->page)), 10);
  SC_GUI_WAIT_UNTIL (!sc_groups_page_get_busy (f->page), 30);
  sc_gui_spin (100);
}

static void
close_page (Fixture *f)
{
  gtk_window_destroy (f->window);
  f->window = NULL;
  f->page = NULL;
  sc_gui_spin (50);
}

/* Looking at the page --------------------------------------------------------- */

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  GtkWidget *widget = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->page), SC_TYPE_GROUPS_PAGE, name));

  g_assert_nonnull (widget);
  return widget;
}

static void
collect_labels (GtkWidget *root,
                GString   *out)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_LABEL (c))
        g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (c)));
      collect_labels (c, out);
    }
}

static char *
text_of (GtkWidget *root)
{
  GString *out = g_string_new ("\n");

  collect_labels (root, out);
  return g_string_free (out, FALSE);
}

static gboolean
has_line (const char *text,
          const char *line)
{
  g_autofree char *needle = g_strdup_printf ("\n%s\n", line);

  return strstr (text, needle) != NULL;
}

static GPtrArray *
list_rows (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *c = gtk_widget_get_first_child (child (f, "group_list")); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LIST_BOX_ROW (c) && g_object_get_data (G_OBJECT (c), "group-id") != NULL)
      g_ptr_array_add (rows, c);
  return rows;
}

/* The progress bar @bar_name in the member's row. */
static double
member_fraction (Fixture    *f,
                 ScMember   *member,
                 const char *bar_name)
{
  GtkWidget *row = sc_gui_find (child (f, "members_box"), ADW_TYPE_PREFERENCES_ROW, member->id);
  GtkWidget *bar;

  g_assert_nonnull (row);
  bar = sc_gui_find (row, GTK_TYPE_PROGRESS_BAR, bar_name);
  g_assert_nonnull (bar);
  return gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar));
}

static const char *
reading_label (Fixture  *f,
               ScMember *member,
               guint     session)
{
  GtkWidget *button = sc_group_grid_get_reading_button (SC_GROUP_GRID (child (f, "grid")), member->id, session);

  g_assert_nonnull (button);
  return gtk_label_get_text (GTK_LABEL (gtk_menu_button_get_child (GTK_MENU_BUTTON (button))));
}

static void
maybe_screenshot (Fixture    *f,
                  const char *name)
{
  const char *dir = g_getenv ("SC_SCREENSHOT_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  sc_gui_spin (400);
  path = g_build_filename (dir, name, NULL);
  sc_gui_screenshot (GTK_WIDGET (f->window), path);
}

/* Tests ------------------------------------------------------------------------ */

/* Without study.db: the empty state, and the file is not created. */
static void
test_groups_empty (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = sc_paths_study_db ();
  GtkWidget *button;

  open_page (f, 1100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (f, "main_stack"))), ==, "empty");
  button = child (f, "empty_new_button");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "group.new");
  g_assert_null (sc_groups_page_get_group_id (f->page));

  /* Shown again, reloaded: still nothing written. */
  gtk_widget_set_visible (GTK_WIDGET (f->page), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (f->page), TRUE);
  sc_groups_page_reload (f->page);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* The list (active first, archived behind the toggle), the group's
 * header, next meeting and members. */
static void
test_groups_list_and_group (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(ScGroup) planned = save_group (f, "Autumn circle", NULL, SC_GROUP_PLANNED, 30);
  g_autoptr(ScGroup) archived = save_group (f, "Old circle", "fixture-guide", SC_GROUP_ARCHIVED, -400);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *list_text = NULL;
  g_autofree char *next_text = NULL;
  g_autofree char *members_text = NULL;
  GtkWidget *behind, *reading;

  open_page (f, 1100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (f, "main_stack"))), ==, "groups");

  /* Active before planned; the archived one hidden. */
  rows = list_rows (f);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (g_object_get_data (rows->pdata[0], "group-id"), ==, f->group->id);
  g_assert_cmpstr (g_object_get_data (rows->pdata[1], "group-id"), ==, planned->id);
  list_text = text_of (child (f, "group_list"));
  g_assert_true (has_line (list_text, "Tuesday circle"));
  g_assert_true (has_line (list_text, "Harbour Branch · Fixture Guide"));
  g_assert_true (has_line (list_text, "Active"));
  g_assert_true (has_line (list_text, "Planned"));
  g_assert_false (has_line (list_text, "Old circle"));

  /* The first group is shown. */
  g_assert_cmpstr (sc_groups_page_get_group_id (f->page), ==, f->group->id);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (f, "name_label"))), ==, "Tuesday circle");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (f, "facts_label"))), ==,
                   "Harbour Branch · Fixture Guide · Facilitated by Ana");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (f, "status_label"))), ==, "Active");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (child (f, "add_member_button"))), ==,
                   "group.add-member");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (child (f, "add_member_button"))), NULL),
                   ==, f->group->id);

  /* Session 1 met three days ago: session 2 is next, with its readings
   * named by their texts' headings and its 15 + 30 + 45 minutes. */
  next_text = text_of (child (f, "next_box"));
  g_assert_true (has_line (next_text, "Session 2 · Strikes"));
  g_assert_true (has_line (next_text, "The General Strike — What a general strike is to Lessons"));
  g_assert_true (has_line (next_text, "15 min"));
  g_assert_true (has_line (next_text, "Wage Labour and Capital"));
  g_assert_true (has_line (next_text, "About 90 minutes of reading for everyone"));
  g_assert_true (has_line (next_text, "0 of 2 members ready"));
  behind = sc_gui_find (child (f, "next_box"), ADW_TYPE_ACTION_ROW, "behind-row");
  g_assert_nonnull (behind);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (behind)), ==, "Ana, Ben");

  /* A library reading opens in the reader, at its first section. */
  reading = sc_gui_find (child (f, "next_box"), ADW_TYPE_ACTION_ROW, NULL);
  for (; reading != NULL; reading = gtk_widget_get_next_sibling (reading))
    if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (reading)), "win.open-text") == 0)
      break;
  g_assert_nonnull (reading);
  {
    g_autofree char *target = g_variant_print (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (reading)), FALSE);

    g_assert_cmpstr (target, ==, "('the-general-strike', 'what-it-is', '')");
  }

  /* Both members, with their bars. */
  members_text = text_of (child (f, "members_box"));
  g_assert_true (has_line (members_text, "Ana"));
  g_assert_true (has_line (members_text, "Ben"));
  g_assert_false (has_line (members_text, "Facilitator"));
  g_assert_cmpfloat (member_fraction (f, f->ben, "completion-bar"), ==, 0.0);
  g_assert_cmpstr (reading_label (f, f->ben, 2), ==, "0/3");
  g_assert_cmpstr (reading_label (f, f->ben, 1), ==, "0/1");
  g_assert_cmpuint (sc_bar_chart_get_n_bars (SC_BAR_CHART (child (f, "chart"))), ==, 2);

  /* The archived group comes back with the toggle. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "groups.show-archived", NULL));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = list_rows (f);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (g_object_get_data (rows->pdata[2], "group-id"), ==, archived->id);

  /* Choosing the planned group shows it. */
  g_signal_emit_by_name (child (f, "group_list"), "row-activated", rows->pdata[1]);
  g_assert_cmpstr (sc_groups_page_get_group_id (f->page), ==, planned->id);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (f, "name_label"))), ==, "Autumn circle");
  /* It has no members yet: the empty state asks for them. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (f, "members_stack"))), ==, "no-members");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (child (f, "add_members_button"))), ==,
                   "group.add-member");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (child (f, "add_members_button"))), NULL),
                   ==, planned->id);
}

/* Ticking a reading in a cell's popover: one store write, the member's bar
 * and the chart move at once, and a new page reads them back. */
static void
test_groups_toggle_reading (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) progress = NULL;
  ScBarChart *chart;
  GtkWidget *button, *popover, *check;

  open_page (f, 1100);
  chart = SC_BAR_CHART (child (f, "chart"));
  g_assert_cmpfloat (sc_bar_chart_get_value (chart, 1), ==, 0.0);

  button = sc_group_grid_get_reading_button (SC_GROUP_GRID (child (f, "grid")), f->ben->id, 2);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_nonnull (popover);
  check = sc_gui_find (popover, GTK_TYPE_CHECK_BUTTON, NULL);
  g_assert_nonnull (check);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  maybe_screenshot (f, "groups-popover.png");

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);

  /* The store has it… */
  progress = sc_study_store_list_progress (f->store, f->group->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progress->len, ==, 1);
  g_assert_cmpstr (((ScProgress *) progress->pdata[0])->member_id, ==, f->ben->id);
  g_assert_cmpstr (((ScProgress *) progress->pdata[0])->reading_key, ==, "guide:session-2:1");
  g_assert_cmpint (((ScProgress *) progress->pdata[0])->status, ==, SC_READING_DONE);

  /* …and the page shows it: Ben did 1 of the 4 readings up to session 2,
   * 1 of 3 for it; the group 1 of 6 at session 2. The popover stays. */
  g_assert_cmpstr (reading_label (f, f->ben, 2), ==, "1/3");
  g_assert_cmpfloat_with_epsilon (member_fraction (f, f->ben, "completion-bar"), 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (member_fraction (f, f->ben, "ready-bar"), 1.0 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (member_fraction (f, f->ana, "completion-bar"), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (sc_bar_chart_get_value (chart, 1), 1.0 / 6, 1e-9);
  g_assert_cmpstr (sc_bar_chart_get_value_label (chart, 1), ==, "17%");
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_true (sc_group_grid_get_reading_button (SC_GROUP_GRID (child (f, "grid")), f->ben->id, 2) == button);
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* A restart: a new page over the same study.db. */
  close_page (f);
  open_page (f, 1100);
  chart = SC_BAR_CHART (child (f, "chart"));
  g_assert_cmpstr (reading_label (f, f->ben, 2), ==, "1/3");
  g_assert_cmpfloat_with_epsilon (member_fraction (f, f->ben, "completion-bar"), 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (sc_bar_chart_get_value (chart, 1), 1.0 / 6, 1e-9);

  /* Unticked, it is undone in the store too. */
  button = sc_group_grid_get_reading_button (SC_GROUP_GRID (child (f, "grid")), f->ben->id, 2);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  check = sc_gui_find (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))), GTK_TYPE_CHECK_BUTTON, NULL);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
  g_clear_pointer (&progress, g_ptr_array_unref);
  progress = sc_study_store_list_progress (f->store, f->group->id, &error);
  g_assert_cmpint (((ScProgress *) progress->pdata[0])->status, ==, SC_READING_NOT_STARTED);
  g_assert_cmpstr (reading_label (f, f->ben, 2), ==, "0/3");
}

/* Each click on a cell's attendance writes the next state. */
static void
test_groups_attendance (Fixture       *f,
                        gconstpointer  data)
{
  const ScAttendance expected[] = {
    SC_ATTENDANCE_PRESENT, SC_ATTENDANCE_ABSENT, SC_ATTENDANCE_EXCUSED, SC_ATTENDANCE_UNKNOWN,
  };
  const char *classes[] = {
    "attendance-present", "attendance-absent", "attendance-excused", "attendance-unknown",
  };
  const double rates[] = { 1.0, 0.0, 0.0, 0.0 };

  open_page (f, 1100);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = NULL;
      GtkWidget *button = sc_group_grid_get_attendance_button (SC_GROUP_GRID (child (f, "grid")), f->ana->id, 1);

      g_signal_emit_by_name (button, "clicked");
      records = sc_study_store_list_attendance (f->store, f->group->id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (records->len, ==, 1);
      g_assert_cmpstr (((ScAttendanceRecord *) records->pdata[0])->member_id, ==, f->ana->id);
      g_assert_cmpuint (((ScAttendanceRecord *) records->pdata[0])->session, ==, 1);
      g_assert_cmpint (((ScAttendanceRecord *) records->pdata[0])->attendance, ==, expected[i]);
      g_assert_true (gtk_widget_has_css_class (button, classes[i]));
      g_assert_cmpfloat (member_fraction (f, f->ana, "attendance-bar"), ==, rates[i]);
    }
}

/* Dates are checked before they are written; a good one moves the
 * meeting. */
static void
test_groups_schedule (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *row, *entry;

  open_page (f, 1100);
  meetings = sc_study_store_list_meetings (f->store, f->group->id, 2, &error);
  before = g_strdup (((ScMeeting *) meetings->pdata[1])->date);

  /* The next meeting's row comes first, open to edit. */
  row = sc_gui_find (child (f, "schedule_box"), ADW_TYPE_EXPANDER_ROW, "session-row");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Session 2 · Strikes");
  g_assert_true (gtk_widget_has_css_class (row, "next-session"));
  entry = sc_gui_find (row, ADW_TYPE_ENTRY_ROW, NULL);
  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, before);

  gtk_editable_set_text (GTK_EDITABLE (entry), "2030-02-30");
  g_signal_emit_by_name (entry, "apply");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_clear_pointer (&meetings, g_ptr_array_unref);
  meetings = sc_study_store_list_meetings (f->store, f->group->id, 2, &error);
  g_assert_cmpstr (((ScMeeting *) meetings->pdata[1])->date, ==, before);
  g_assert_false (((ScMeeting *) meetings->pdata[1])->date_set);

  gtk_editable_set_text (GTK_EDITABLE (entry), "2030-01-15");
  g_signal_emit_by_name (entry, "apply");
  g_clear_pointer (&meetings, g_ptr_array_unref);
  meetings = sc_study_store_list_meetings (f->store, f->group->id, 2, &error);
  g_assert_cmpstr (((ScMeeting *) meetings->pdata[1])->date, ==, "2030-01-15");
  g_assert_true (((ScMeeting *) meetings->pdata[1])->date_set);

  /* Shown anew, and still open. */
  SC_GUI_WAIT_UNTIL (!sc_groups_page_get_busy (f->page), 10);
  row = sc_gui_find (child (f, "schedule_box"), ADW_TYPE_EXPANDER_ROW, "session-row");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==, "Tue, 15 Jan 2030");
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  after = text_of (child (f, "next_box"));
  g_assert_true (has_line (after, "Tue, 15 Jan 2030"));

  /* A place, too. */
  entry = gtk_widget_get_next_sibling (sc_gui_find (row, ADW_TYPE_ENTRY_ROW, NULL));
  g_assert_true (ADW_IS_ENTRY_ROW (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "Union hall");
  g_signal_emit_by_name (entry, "apply");
  g_clear_pointer (&meetings, g_ptr_array_unref);
  meetings = sc_study_store_list_meetings (f->store, f->group->id, 2, &error);
  g_assert_cmpstr (((ScMeeting *) meetings->pdata[1])->place, ==, "Union hall");
}

/* "This is me" is stored and shown. */
static void
test_groups_me (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *me = NULL;
  g_autofree char *grid = NULL;
  g_autofree char *members = NULL;

  open_page (f, 1100);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "groups.set-me", "s", f->ben->id));
  me = sc_study_store_get_me (f->store, f->group->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (me, ==, f->ben->id);

  grid = text_of (child (f, "grid"));
  g_assert_true (has_line (grid, "Ben (you)"));
  g_assert_true (has_line (grid, "Ana"));
  members = text_of (child (f, "members_box"));
  g_assert_true (has_line (members, "You"));

  /* And forgotten. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "groups.set-me", "s", ""));
  g_clear_pointer (&me, g_free);
  me = sc_study_store_get_me (f->store, f->group->id, &error);
  g_assert_null (me);
}

/* At 360 px the page fits: the leaflet folds, the list first. */
static void
test_groups_narrow (Fixture       *f,
                    gconstpointer  data)
{
  int minimum = 0, natural = 0;
  AdwLeaflet *leaflet;
  g_autoptr(GPtrArray) rows = NULL;

  open_page (f, 360);
  gtk_widget_measure (GTK_WIDGET (f->page), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);

  leaflet = ADW_LEAFLET (child (f, "leaflet"));
  SC_GUI_WAIT_UNTIL (adw_leaflet_get_folded (leaflet), 5);
  maybe_screenshot (f, "groups-narrow-list.png");

  rows = list_rows (f);
  g_signal_emit_by_name (child (f, "group_list"), "row-activated", rows->pdata[0]);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "group");
  g_assert_true (gtk_widget_get_visible (child (f, "back_button")));
  maybe_screenshot (f, "groups-narrow-group.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "groups.back", NULL));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "list");
}

static void
test_groups_wide_screenshot (Fixture       *f,
                             gconstpointer  data)
{
  open_page (f, 1280);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->page)));
  maybe_screenshot (f, "groups-wide.png");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* The study store of these tests lives in a temporary home. */
  data_home = g_dir_make_tmp ("sc-gui-groups-home-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  if (!sc_gui_init (&argc, &argv))
    return 0;

  /* The app's style sheet, as AdwApplication loads it: it decides how
   * narrow the page can be. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/studycircle/StudyCircle/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

#define TEST(name, func, data) \
  g_test_add (name, Fixture, data, fixture_setup, func, fixture_teardown)

  TEST ("/groups/empty", test_groups_empty, "no store");
  TEST ("/groups/list-and-group", test_groups_list_and_group, NULL);
  TEST ("/groups/toggle-reading", test_groups_toggle_reading, NULL);
  TEST ("/groups/attendance", test_groups_attendance, NULL);
  TEST ("/groups/schedule", test_groups_schedule, NULL);
  TEST ("/groups/me", test_groups_me, NULL);
  TEST ("/groups/narrow", test_groups_narrow, NULL);
  TEST ("/groups/wide-screenshot", test_groups_wide_screenshot, NULL);
  status = g_test_run ();

  sc_test_remove_tree (data_home);
  g_free (data_home);
  return status;
}
