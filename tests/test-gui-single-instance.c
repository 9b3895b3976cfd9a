/* test-gui-single-instance.c: starting studycircle again activates the first
 *
 * This process is the running app: the real ScApplication with its real
 * flags, registered under its application id on the test's private
 * session bus (tests/xvfb-wrap.sh). Then the real studycircle binary
 * (STUDYCIRCLE_APP_EXE) is started again, as from a launcher: it finds the
 * first instance on the bus, asks it to activate, and exits with 0; the
 * first presents its one window again and opens no second one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-application.h"
#include "sc-gui-test-util.h"
#include "sc-window.h"

static char *data_home;

typedef struct {
  guint        activations;
  GtkWindow   *first_window;
  gboolean     checked;
} Run;

static void
on_second_exited_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  gboolean *exited = user_data;

  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL));
  *exited = TRUE;
}

static void
start_second_instance (Run *run)
{
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  const char *exe = g_getenv ("STUDYCIRCLE_APP_EXE");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GBytes) err = NULL;
  gboolean exited = FALSE;
  GList *windows;

  g_assert_nonnull (exe);
  g_assert_cmpuint (run->activations, ==, 1);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));
  run->first_window = gtk_application_get_active_window (app);
  g_assert_true (SC_IS_WINDOW (run->first_window));
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (run->first_window)), 10);

  /* The same command a launcher runs, in the same session. */
  second = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, exe, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (second, NULL, on_second_exited_cb, &exited);
  /* Generous: under the sanitizers a start takes seconds. */
  SC_GUI_WAIT_UNTIL (exited, 120);

  g_assert_true (g_subprocess_get_if_exited (second));
  if (g_subprocess_get_exit_status (second) != 0)
    {
      g_autoptr(GInputStream) stream = g_object_ref (g_subprocess_get_stderr_pipe (second));

      err = g_input_stream_read_bytes (stream, 64 * 1024, NULL, NULL);
      g_printerr ("%.*s", err != NULL ? (int) g_bytes_get_size (err) : 0,
                  err != NULL ? (const char *) g_bytes_get_data (err, NULL) : "");
    }
  g_assert_cmpint (g_subprocess_get_exit_status (second), ==, 0);

  /* The first instance was asked to activate: the same one window. */
  SC_GUI_WAIT_UNTIL (run->activations == 2, 30);
  sc_gui_spin (100);
  windows = gtk_application_get_windows (app);
  g_assert_cmpuint (g_list_length (windows), ==, 1);
  g_assert_true (windows->data == run->first_window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (run->first_window)));
  run->checked = TRUE;
}

static gboolean
check_cb (gpointer user_data)
{
  Run *run = user_data;

  start_second_instance (run);
  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_activate_cb (GApplication *app,
                Run          *run)
{
  if (++run->activations == 1)
    g_idle_add (check_cb, run);
}

static void
test_second_instance_activates_first (void)
{
  g_autoptr(ScApplication) app = sc_application_new ();
  char *argv[] = { (char *) "studycircle", NULL };
  Run run = { 0 };

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no session bus: run under tests/xvfb-wrap.sh");
      return;
    }

  /* The flags main.c runs with: unique, so this is the primary instance. */
  g_assert_false (g_application_get_flags (G_APPLICATION (app)) & G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_cb), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
  g_assert_true (run.checked);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bundled = NULL;
  int status;

  /* Both instances get a home of the test's own, and no bundled texts. */
  data_home = g_dir_make_tmp ("sc-gui-single-instance-XXXXXX", &error);
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

  g_test_add_func ("/single-instance/second-activates-first", test_second_instance_activates_first);
  status = g_test_run ();

  sc_test_remove_tree (data_home);
  g_free (data_home);
  return status;
}
