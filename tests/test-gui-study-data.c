/* test-gui-study-data.c: the app when study.db cannot be used
 *
 * The real ScApplication, started as `studycircle` starts it, over study
 * data that is damaged (with and without a backup), in a read-only folder,
 * or whole (the daily backup is made); and one save through a dialog on a
 * full disk (STUDYCIRCLE_TEST_STUDY_MAX_PAGES caps the file's size).
 *
 * Read-only folders bind root only in a user namespace of its own, which
 * must be entered while the process has one thread: main() does it first
 * (sc-test-faults.h). Then this process cannot use the session bus (its
 * uid no longer matches), so the app runs without one, as GApplication
 * does when there is none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE 1
#include "config.h"

#include <sqlite3.h>

#include "sc-application.h"
#include "sc-error.h"
#include "sc-gui-test-util.h"
#include "sc-test-study.h"
#include "sc-member-editor.h"
#include "sc-paths.h"
#include "sc-study.h"
#include "sc-study-backup.h"
#include "sc-study-recovery-window.h"
#include "sc-test-faults.h"
#include "sc-window.h"

#define MAX_PAGES_VAR "STUDYCIRCLE_TEST_STUDY_MAX_PAGES"

static char *data_home;
static gboolean permissions_bind;

typedef struct {
  char *dir;      /* $XDG_DATA_HOME/studycircle */
  char *path;     /* study.db in it */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_build_filename (data_home, "studycircle", NULL);
  f->path = sc_paths_study_db ();
  g_assert_true (g_str_has_prefix (f->path, f->dir));
  g_chmod (f->dir, 0700);
  sc_test_remove_tree (f->dir);
  g_assert_cmpint (g_mkdir_with_parents (f->dir, 0700), ==, 0);
  g_assert_null (g_getenv (MAX_PAGES_VAR));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_chmod (f->dir, 0700);
  sc_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

#define TEST(name, func) \
  g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)

/* Helpers ==================================================================== */

static gboolean
has_group (const char *path,
           const char *name)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (path);
  g_autoptr(ScGroup) group = sc_study_store_find_group (store, name, NULL);

  return group != NULL;
}

static GBytes *
file_bytes (const char *path)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return g_bytes_new_take (g_steal_pointer (&data), length);
}

static void
assert_same_bytes (GBytes     *expected,
                   const char *path)
{
  g_autoptr(GBytes) now = file_bytes (path);

  g_assert_true (g_bytes_equal (expected, now));
}

static void
assert_integrity_ok (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static guint
count_files_with_prefix (const char *dir,
                         const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      n++;
  return n;
}

/* The first file in @dir whose name starts with @prefix, or NULL. */
static char *
find_file_with_prefix (const char *dir,
                       const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix) && !g_str_has_suffix (name, "-shm") && !g_str_has_suffix (name, "-wal"))
      return g_build_filename (dir, name, NULL);
  return NULL;
}

/* A visible label under @root whose text contains @text, or NULL. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child) &&
          strstr (gtk_label_get_text (GTK_LABEL (child)), text) != NULL)
        return child;
      found = find_label (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GtkWidget *found = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (widget), type, name));

  g_assert_nonnull (found);
  return found;
}

/* The app's one window of @type, or NULL. */
static GtkWindow *
app_window (GtkApplication *app,
            GType           type)
{
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

static void
damage (const char *path)
{
  char garbage[8192];

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) g_test_rand_int_range (0, 256);
  memcpy (garbage, "not sqlite", 10);
  g_assert_true (g_file_set_contents (path, garbage, sizeof garbage, NULL));
}

/* Running the real app ======================================================= */

typedef void (*AppCheck) (GtkApplication *app,
                          gpointer        data);

typedef struct {
  AppCheck  check;
  gpointer  data;
  gboolean  ran;
} AppRun;

static gboolean
run_check_cb (gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  AppRun *run = user_data;

  run->check (app, run->data);
  run->ran = TRUE;
  /* What the Quit button and Ctrl+Q do, unless the check quit already. */
  if (gtk_application_get_windows (app) != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_activate_cb (GApplication *app,
                AppRun       *run)
{
  /* Once the app has done its own activation. */
  if (!run->ran)
    g_idle_add_once ((GSourceOnceFunc) run_check_cb, run);
}

/* Runs ScApplication as main.c does, @check inside it once it has started;
 * returns when the app has quit. */
static void
run_app (AppCheck check,
         gpointer data)
{
  g_autoptr(ScApplication) app = sc_application_new ();
  char *argv[] = { (char *) "studycircle", NULL };
  AppRun run = { check, data, FALSE };
  int status;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_cb), &run);
  status = g_application_run (G_APPLICATION (app), 1, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.ran);
}

static ScStudyRecoveryWindow *
wait_for_recovery (GtkApplication *app)
{
  GtkWindow *window = app_window (app, SC_TYPE_STUDY_RECOVERY_WINDOW);

  g_assert_nonnull (window);
  g_assert_null (app_window (app, SC_TYPE_WINDOW));
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)), 10);
  sc_gui_spin (50);
  return SC_STUDY_RECOVERY_WINDOW (window);
}

static const char *
recovery_description (ScStudyRecoveryWindow *recovery)
{
  AdwStatusPage *page = ADW_STATUS_PAGE (template_child (recovery, SC_TYPE_STUDY_RECOVERY_WINDOW, "status_page"));

  g_assert_cmpstr (adw_status_page_get_title (page), ==, "Study Data Cannot Be Opened");
  return adw_status_page_get_description (page);
}

/* Damaged, with a backup: restored =========================================== */

typedef struct {
  Fixture *f;
  char    *backup;
  GBytes  *damaged;
} DamagedCase;

static void
check_restore (GtkApplication *app,
               gpointer        data)
{
  DamagedCase *c = data;
  ScStudyRecoveryWindow *recovery = wait_for_recovery (app);
  GtkWidget *restore = template_child (recovery, SC_TYPE_STUDY_RECOVERY_WINDOW, "restore_button");
  const ScStudyBackup *backup = sc_study_recovery_window_get_backup (recovery);
  g_autofree char *when = NULL;
  g_autofree char *label = NULL;
  const char *description = recovery_description (recovery);
  GtkWindow *main_window;

  /* What happened, which file, and which backup. */
  g_assert_nonnull (strstr (description, c->f->path));
  g_assert_nonnull (strstr (description, "left untouched"));
  g_assert_nonnull (strstr (description, c->backup));
  g_assert_nonnull (backup);
  g_assert_cmpstr (backup->path, ==, c->backup);
  when = sc_study_backup_format_time (backup);
  label = g_strdup_printf ("_Restore Backup from %s", when);
  g_assert_true (gtk_widget_get_visible (restore));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (restore)), ==, label);
  assert_same_bytes (c->damaged, c->f->path);

  /* Restore: the main window, and a toast that says what was done. */
  g_signal_emit_by_name (restore, "clicked");
  SC_GUI_WAIT_UNTIL (app_window (app, SC_TYPE_WINDOW) != NULL, 10);
  main_window = app_window (app, SC_TYPE_WINDOW);
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (main_window)), 10);
  SC_GUI_WAIT_UNTIL (app_window (app, SC_TYPE_STUDY_RECOVERY_WINDOW) == NULL, 10);
  SC_GUI_WAIT_UNTIL (find_label (GTK_WIDGET (main_window), "restored from the backup") != NULL, 10);
  g_assert_nonnull (find_label (GTK_WIDGET (main_window), "The damaged file was kept as"));
}

static void
test_damaged_restore (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  DamagedCase c = { f, NULL, NULL };

  {
    g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);

    g_free (sc_test_add_group (store, "In the backup"));
    c.backup = sc_study_store_write_backup (store, &error);
    g_assert_no_error (error);
    g_free (sc_test_add_group (store, "After the backup"));
  }
  damage (f->path);
  c.damaged = file_bytes (f->path);

  run_app (check_restore, &c);

  /* The backup's data in place, the damaged file kept, the backup too. */
  g_assert_true (has_group (f->path, "In the backup"));
  g_assert_false (has_group (f->path, "After the backup"));
  assert_integrity_ok (f->path);
  kept = find_file_with_prefix (f->dir, "study.db.damaged-");
  g_assert_nonnull (kept);
  assert_same_bytes (c.damaged, kept);
  g_assert_true (sc_study_check_backup (c.backup, NULL));

  g_free (c.backup);
  g_bytes_unref (c.damaged);
}

/* Damaged, no backup: nothing offered, Quit ================================== */

static void
check_no_backup_quit (GtkApplication *app,
                      gpointer        data)
{
  Fixture *f = data;
  ScStudyRecoveryWindow *recovery = wait_for_recovery (app);
  GtkWidget *quit = template_child (recovery, SC_TYPE_STUDY_RECOVERY_WINDOW, "quit_button");
  const char *description = recovery_description (recovery);

  g_assert_nonnull (strstr (description, f->path));
  g_assert_nonnull (strstr (description, "there is no backup of it"));
  g_assert_null (sc_study_recovery_window_get_backup (recovery));
  g_assert_false (gtk_widget_get_visible (template_child (recovery, SC_TYPE_STUDY_RECOVERY_WINDOW,
                                                          "restore_button")));
  g_signal_emit_by_name (quit, "clicked");
  SC_GUI_WAIT_UNTIL (gtk_application_get_windows (app) == NULL, 10);
}

static void
test_damaged_no_backup (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) damaged = NULL;

  damage (f->path);
  damaged = file_bytes (f->path);
  run_app (check_no_backup_quit, f);
  assert_same_bytes (damaged, f->path);
  g_assert_cmpuint (count_files_with_prefix (f->dir, "study.db.damaged-"), ==, 0);
}

/* Damaged, go on without study data ========================================== */

static void
check_continue (GtkApplication *app,
                gpointer        data)
{
  ScStudyRecoveryWindow *recovery = wait_for_recovery (app);
  GtkWidget *go_on = template_child (recovery, SC_TYPE_STUDY_RECOVERY_WINDOW, "continue_button");
  GtkWindow *main_window;

  g_signal_emit_by_name (go_on, "clicked");
  SC_GUI_WAIT_UNTIL (app_window (app, SC_TYPE_WINDOW) != NULL, 10);
  main_window = app_window (app, SC_TYPE_WINDOW);
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (main_window)), 10);
  g_assert_null (app_window (app, SC_TYPE_STUDY_RECOVERY_WINDOW));

  /* The Groups page says what is wrong, and nothing breaks. */
  sc_window_show_page (SC_WINDOW (main_window), "groups");
  SC_GUI_WAIT_UNTIL (find_label (GTK_WIDGET (main_window), "left untouched") != NULL, 10);
}

static void
test_damaged_continue (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) damaged = NULL;
  g_autofree char *backup = NULL;

  {
    g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);

    g_free (sc_test_add_group (store, "Kept"));
    backup = sc_study_store_write_backup (store, &error);
    g_assert_no_error (error);
  }
  damage (f->path);
  damaged = file_bytes (f->path);
  run_app (check_continue, NULL);
  assert_same_bytes (damaged, f->path);
  g_assert_cmpuint (count_files_with_prefix (f->dir, "study.db.damaged-"), ==, 0);
}

/* A read-only data folder ===================================================== */

static void
check_read_only (GtkApplication *app,
                 gpointer        data)
{
  Fixture *f = data;
  ScStudyRecoveryWindow *recovery = wait_for_recovery (app);
  const char *description = recovery_description (recovery);
  GtkWindow *main_window;

  g_assert_nonnull (strstr (description, f->path));
  g_assert_nonnull (strstr (description, "is read-only"));
  /* A backup is no cure for a read-only folder: none is offered. */
  g_assert_null (sc_study_recovery_window_get_backup (recovery));
  g_assert_false (gtk_widget_get_visible (template_child (recovery, SC_TYPE_STUDY_RECOVERY_WINDOW,
                                                          "restore_button")));

  g_signal_emit_by_name (template_child (recovery, SC_TYPE_STUDY_RECOVERY_WINDOW, "continue_button"),
                         "clicked");
  SC_GUI_WAIT_UNTIL (app_window (app, SC_TYPE_WINDOW) != NULL, 10);
  main_window = app_window (app, SC_TYPE_WINDOW);
  sc_window_show_page (SC_WINDOW (main_window), "groups");
  SC_GUI_WAIT_UNTIL (find_label (GTK_WIDGET (main_window), "is read-only") != NULL, 10);
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autofree char *backup = NULL;

  if (!permissions_bind)
    {
      g_test_skip ("a folder cannot be made read-only for this process here");
      return;
    }

  {
    g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);

    g_free (sc_test_add_group (store, "Read only"));
    backup = sc_study_store_write_backup (store, &error);
    g_assert_no_error (error);
  }
  before = file_bytes (f->path);
  g_assert_cmpint (g_chmod (f->dir, 0500), ==, 0);
  g_assert_true (sc_test_cannot_write (f->dir));

  run_app (check_read_only, f);

  g_assert_cmpint (g_chmod (f->dir, 0700), ==, 0);
  assert_same_bytes (before, f->path);
  assert_integrity_ok (f->path);
}

/* Whole study data: straight to the main window, and the daily backup ======= */

static void
check_healthy (GtkApplication *app,
               gpointer        data)
{
  g_assert_null (app_window (app, SC_TYPE_STUDY_RECOVERY_WINDOW));
  g_assert_nonnull (app_window (app, SC_TYPE_WINDOW));
}

static void
test_healthy_start_makes_backup (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(ScStudyBackup) backup = NULL;

  {
    g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);

    g_free (sc_test_add_group (store, "Whole"));
  }
  g_assert_cmpuint (count_files_with_prefix (f->dir, "study.db.backup-"), ==, 0);

  run_app (check_healthy, NULL);

  backup = sc_study_find_backup (f->path);
  g_assert_nonnull (backup);
  g_assert_true (backup->automatic);
  g_assert_true (has_group (backup->path, "Whole"));

  /* The next start the same day makes none. */
  run_app (check_healthy, NULL);
  g_assert_cmpuint (count_files_with_prefix (f->dir, "study.db.backup-"), ==, 1);
}

/* A full disk, through a dialog =============================================== */

static void
test_disk_full_dialog (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *group_id = NULL;
  g_autofree char *contact = g_strnfill (20000, 'c');
  ScMemberEditor *editor;
  GtkWidget *error_label;

  {
    g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);

    group_id = sc_test_add_group (store, "Full disk");
  }

  /* The disk is full: the file may not grow by one page. */
  g_setenv (MAX_PAGES_VAR, "1", TRUE);
  editor = g_object_ref_sink (sc_member_editor_new (f->path, group_id, NULL));
  gtk_window_present (GTK_WINDOW (editor));
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (editor)), 10);
  gtk_editable_set_text (GTK_EDITABLE (template_child (editor, SC_TYPE_MEMBER_EDITOR, "name_row")), "Zed");
  gtk_editable_set_text (GTK_EDITABLE (template_child (editor, SC_TYPE_MEMBER_EDITOR, "contact_row")), contact);
  g_assert_true (sc_member_editor_can_save (editor));

  /* Saving fails in words, in the dialog, which stays open. */
  g_assert_false (sc_member_editor_save (editor));
  error_label = template_child (editor, SC_TYPE_MEMBER_EDITOR, "name_error_label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_test_message ("%s", gtk_label_get_text (GTK_LABEL (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "not enough disk space to save"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), f->path));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  assert_integrity_ok (f->path);
  {
    g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
    g_autoptr(GPtrArray) members = sc_study_store_list_members (store, group_id, NULL);

    g_assert_cmpuint (members->len, ==, 0);
  }

  /* Space again: the same Save goes through. */
  g_unsetenv (MAX_PAGES_VAR);
  g_assert_true (sc_member_editor_save (editor));
  g_object_unref (editor);
  {
    g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
    g_autoptr(GPtrArray) members = sc_study_store_list_members (store, group_id, NULL);

    g_assert_cmpuint (members->len, ==, 1);
    g_assert_cmpstr (((ScMember *) members->pdata[0])->contact, ==, contact);
  }
  assert_integrity_ok (f->path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bundled = NULL;
  int status;

  /* First, while this process has one thread (sc-test-faults.h). */
  permissions_bind = sc_test_drop_root_override ();

  /* sc_paths_study_db() reads XDG_DATA_HOME once: a home of the test's own
   * before anything does. No bundled texts: nothing to index. */
  data_home = g_dir_make_tmp ("sc-gui-study-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  bundled = g_build_filename (data_home, "bundled", NULL);
  g_mkdir_with_parents (bundled, 0700);
  g_setenv ("STUDYCIRCLE_DATADIR", bundled, TRUE);

  if (!sc_gui_init (&argc, &argv))
    {
      sc_test_remove_tree (data_home);
      return 0;
    }

  TEST ("/study-data/damaged/restore", test_damaged_restore);
  TEST ("/study-data/damaged/no-backup-quit", test_damaged_no_backup);
  TEST ("/study-data/damaged/continue", test_damaged_continue);
  TEST ("/study-data/read-only", test_read_only);
  TEST ("/study-data/healthy-start-makes-backup", test_healthy_start_makes_backup);
  TEST ("/study-data/disk-full-dialog", test_disk_full_dialog);
  status = g_test_run ();

  sc_test_remove_tree (data_home);
  g_free (data_home);
  return status;
}
