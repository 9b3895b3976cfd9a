/* sc-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "sc-application.h"
#include "sc-paths.h"
#include "sc-preferences-window.h"
#include "sc-search-page.h"
#include "sc-study-recovery-window.h"
#include "sc-window.h"

/* --benchmark=MODE, for bench/run: not in --help, inert when not given. */
typedef enum {
  BENCHMARK_NONE,
  BENCHMARK_FIRST_FRAME,   /* the first frame painted: time since start, RSS */
  BENCHMARK_LIBRARY,       /* the library page listed, the index refreshed */
  BENCHMARK_SEARCH,        /* queries typed into the search page */
} BenchmarkMode;

struct _ScApplication {
  AdwApplication  parent_instance;

  GSettings      *settings;
  ScCatalog      *catalog;
  GStrv           extra_folders;   /* --library DIR, for this run only */
  gboolean        study_checked;   /* study.db was opened once, before the first window */

  gboolean        catalog_started;
  guint           catalog_start_id;    /* the latest start, if no frame comes */
  GdkFrameClock  *first_paint_clock;
  gulong          first_paint_id;

  BenchmarkMode   benchmark;
  char           *benchmark_queries;   /* a file, one query a line */
  GtkWidget      *benchmark_window;
  GdkFrameClock  *benchmark_clock;
  gulong          benchmark_paint_id;
  gboolean        benchmark_refreshed; /* the start's refresh is done */
  double          benchmark_listed_ms; /* the library first painted with its list */
  double          benchmark_listed_cpu_ms;
  guint           benchmark_settle_id;
};

G_DEFINE_FINAL_TYPE (ScApplication, sc_application, ADW_TYPE_APPLICATION)

ScCatalog *
sc_application_get_catalog (ScApplication *self)
{
  g_return_val_if_fail (SC_IS_APPLICATION (self), NULL);
  return self->catalog;
}

/* The folders of Preferences, then those given with --library. */
static GStrv
library_folders (ScApplication *self)
{
  g_auto(GStrv) configured = g_settings_get_strv (self->settings, "library-folders");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_addv (builder, (const char **) configured);
  if (self->extra_folders != NULL)
    g_strv_builder_addv (builder, (const char **) self->extra_folders);
  return g_strv_builder_end (builder);
}

/* Starting the catalog ------------------------------------------------------- */

/* The catalog's refresh and its folder watch look at every file of the
 * library (a stat each: a noticeable time for 10,000 texts), so they start
 * once the window's first frame is painted, so that the window does not
 * wait for them; at the latest after this long. */
#define CATALOG_START_LATEST_MS 1000

static void
start_catalog (ScApplication *self)
{
  g_clear_handle_id (&self->catalog_start_id, g_source_remove);
  g_clear_signal_handler (&self->first_paint_id, self->first_paint_clock);
  g_clear_object (&self->first_paint_clock);
  if (self->catalog_started || self->catalog == NULL)
    return;
  self->catalog_started = TRUE;
  /* Watched first, then scanned: no change made during the scan is lost. */
  sc_catalog_set_watching (self->catalog, TRUE);
  sc_catalog_refresh (self->catalog);
}

static gboolean
catalog_start_timeout_cb (gpointer user_data)
{
  ScApplication *self = user_data;

  self->catalog_start_id = 0;
  start_catalog (self);
  return G_SOURCE_REMOVE;
}

static gboolean
catalog_start_idle_cb (gpointer user_data)
{
  start_catalog (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_first_paint_cb (GdkFrameClock *clock,
                   ScApplication *self)
{
  g_clear_signal_handler (&self->first_paint_id, self->first_paint_clock);
  /* Out of the frame clock's signal: the frame is done. */
  g_idle_add_full (G_PRIORITY_DEFAULT, catalog_start_idle_cb, g_object_ref (self), g_object_unref);
}

static void
on_first_window_realize_cb (GtkWidget     *window,
                            ScApplication *self)
{
  if (self->catalog_started || self->first_paint_clock != NULL)
    return;
  self->first_paint_clock = g_object_ref (gtk_widget_get_frame_clock (window));
  self->first_paint_id = g_signal_connect (self->first_paint_clock, "after-paint",
                                           G_CALLBACK (on_first_paint_cb), self);
}

/* ---------------------------------------------------------------------------- */

static void
on_library_folders_changed_cb (ScApplication *self)
{
  g_auto(GStrv) folders = library_folders (self);

  sc_catalog_set_folders (self->catalog, (const char * const *) folders);
}

static void
sc_application_startup (GApplication *app)
{
  ScApplication *self = SC_APPLICATION (app);
  g_autofree char *index_path = sc_paths_index_db ();
  g_auto(GStrv) folders = NULL;

  G_APPLICATION_CLASS (sc_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);
  folders = library_folders (self);
  self->catalog = sc_catalog_new (index_path, (const char * const *) folders);
  g_signal_connect_object (self->settings, "changed::library-folders",
                           G_CALLBACK (on_library_folders_changed_cb), self, G_CONNECT_SWAPPED);

  /* The index catches up in the background once the window is on screen,
   * and again whenever texts are added to or removed from the folders. */
  self->catalog_start_id = g_timeout_add (CATALOG_START_LATEST_MS, catalog_start_timeout_cb, self);
}

/* Benchmark ------------------------------------------------------------------ */

/* Milliseconds since this process started, by the kernel's record of its
 * start in /proc/self/stat: clock ticks since boot, so ±10 ms. */
static double
ms_since_process_start (void)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;
  struct timespec now;
  double started_ms;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL)
    return -1.0;
  /* After "pid (name) ": the state is field 3, the start time field 22. */
  fields = g_strsplit (after_name + 2, " ", 0);
  if (g_strv_length (fields) < 20)
    return -1.0;
  started_ms = g_ascii_strtod (fields[19], NULL) * 1000.0 / sysconf (_SC_CLK_TCK);
  clock_gettime (CLOCK_BOOTTIME, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6 - started_ms;
}

/* The CPU time this process has used, in ms (all threads): the work
 * behind the figure, whatever else the machine is busy with. */
static double
process_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* This process's resident memory in MB (VmRSS), or -1. */
static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "\nVmRSS:")) == NULL)
    return -1.0;
  return g_ascii_strtod (line + strlen ("\nVmRSS:"), NULL) * 1024.0 / 1e6;
}

static gboolean
benchmark_quit_cb (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_REMOVE;
}

/* Quits once the frame clock's signal is over. */
static void
benchmark_quit (ScApplication *self)
{
  g_clear_signal_handler (&self->benchmark_paint_id, self->benchmark_clock);
  g_idle_add_full (G_PRIORITY_DEFAULT, benchmark_quit_cb, g_object_ref (self), g_object_unref);
}

static void
on_benchmark_search_done_cb (gpointer page,
                             gpointer user_data)
{
  benchmark_quit (user_data);
}

static gboolean
find_widget (GtkWidget  *root,
             gboolean  (*match) (GtkWidget *widget),
             GtkWidget **found)
{
  if (match (root))
    {
      *found = root;
      return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_widget (child, match, found))
      return TRUE;
  return FALSE;
}

/* The library page's stack shows its list (its other pages say loading,
 * empty, no library). */
static gboolean
is_library_list (GtkWidget *widget)
{
  return GTK_IS_STACK (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (widget)), "list") == 0;
}

static gboolean
is_search_page (GtkWidget *widget)
{
  return SC_IS_SEARCH_PAGE (widget);
}

static void
benchmark_start_search (ScApplication *self)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) queries = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page = NULL;

  if (self->benchmark_queries == NULL ||
      !g_file_get_contents (self->benchmark_queries, &contents, NULL, &error))
    {
      g_printerr ("benchmark: no queries: %s\n", error != NULL ? error->message : "--benchmark-queries=FILE");
      benchmark_quit (self);
      return;
    }
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      g_strv_builder_add (queries, lines[i]);
  strv = g_strv_builder_end (queries);

  gtk_widget_activate_action (self->benchmark_window, "win.search", NULL);
  if (!find_widget (self->benchmark_window, is_search_page, &page))
    {
      g_printerr ("benchmark: no search page\n");
      benchmark_quit (self);
      return;
    }
  sc_search_page_run_benchmark (SC_SEARCH_PAGE (page), (const char * const *) strv,
                                on_benchmark_search_done_cb, self);
}

static gboolean
benchmark_settled_cb (gpointer user_data)
{
  ScApplication *self = user_data;

  self->benchmark_settle_id = 0;
  if (self->benchmark == BENCHMARK_SEARCH)
    {
      g_clear_signal_handler (&self->benchmark_paint_id, self->benchmark_clock);
      benchmark_start_search (self);
    }
  else
    {
      g_print ("benchmark library ms=%.1f listed_cpu_ms=%.1f rss_mb=%.1f documents=%u\n",
               self->benchmark_listed_ms, self->benchmark_listed_cpu_ms, rss_mb (),
               sc_catalog_get_n_documents (self->catalog));
      benchmark_quit (self);
    }
  return G_SOURCE_REMOVE;
}

static void
on_benchmark_after_paint_cb (GdkFrameClock *clock,
                             ScApplication *self)
{
  GtkWidget *list = NULL;

  if (self->benchmark == BENCHMARK_FIRST_FRAME)
    {
      g_print ("benchmark first-frame ms=%.1f cpu_ms=%.1f rss_mb=%.1f clock=proc-self-stat-starttime\n",
               ms_since_process_start (), process_cpu_ms (), rss_mb ());
      benchmark_quit (self);
      return;
    }

  if (self->benchmark_listed_ms == 0.0 && find_widget (self->benchmark_window, is_library_list, &list))
    {
      self->benchmark_listed_ms = ms_since_process_start ();
      self->benchmark_listed_cpu_ms = process_cpu_ms ();
    }
  /* Measured once the start's refresh is done and things have settled. */
  if (self->benchmark_listed_ms > 0.0 && self->benchmark_refreshed && self->benchmark_settle_id == 0)
    self->benchmark_settle_id = g_timeout_add (1000, benchmark_settled_cb, self);
}

static void
on_benchmark_refreshed_cb (ScApplication *self)
{
  self->benchmark_refreshed = TRUE;
  if (self->benchmark_window != NULL)
    gtk_widget_queue_draw (self->benchmark_window);
}

static void
on_benchmark_realize_cb (GtkWidget     *window,
                         ScApplication *self)
{
  self->benchmark_clock = g_object_ref (gtk_widget_get_frame_clock (window));
  self->benchmark_paint_id = g_signal_connect (self->benchmark_clock, "after-paint",
                                               G_CALLBACK (on_benchmark_after_paint_cb), self);
}

static void
benchmark_watch (ScApplication *self,
                 GtkWidget     *window)
{
  self->benchmark_window = window;
  g_signal_connect (window, "realize", G_CALLBACK (on_benchmark_realize_cb), self);
  g_signal_connect_object (self->catalog, "changed", G_CALLBACK (on_benchmark_refreshed_cb),
                           self, G_CONNECT_SWAPPED);
}

/* ---------------------------------------------------------------------------- */

/* The study data is opened once before the first window: a file that
 * cannot be used is said once, with a way out (sc-study-recovery-window.c),
 * instead of by every page; a whole one gets its daily backup. A missing
 * file is made by the first page that saves something; until then only
 * its folder is checked. */
static gboolean
open_study_data (GError **error)
{
  g_autofree char *path = sc_paths_study_db ();
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(GError) backup_error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return sc_study_check_location (path, error);

  store = sc_study_store_open (path, error);
  if (store == NULL)
    return FALSE;
  /* Not a reason to stop the start: tried again at the next one. */
  if (!sc_study_store_backup_if_due (store, NULL, &backup_error))
    g_message ("%s", backup_error->message);
  return TRUE;
}

static void
on_study_recovery_finished_cb (ScApplication         *self,
                               const char            *message,
                               ScStudyRecoveryWindow *recovery)
{
  ScWindow *window = sc_window_new (ADW_APPLICATION (self), self->catalog);

  /* The main window first: the app ends when its last window closes. */
  gtk_window_present (GTK_WINDOW (window));
  if (message != NULL)
    sc_window_add_toast (window, message);
  gtk_window_destroy (GTK_WINDOW (recovery));
}

static void
sc_application_activate (GApplication *app)
{
  ScApplication *self = SC_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL && !self->study_checked)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = sc_paths_study_db ();

      self->study_checked = TRUE;
      if (!open_study_data (&error))
        {
          ScStudyRecoveryWindow *recovery = sc_study_recovery_window_new (GTK_APPLICATION (app), path, error);

          g_signal_connect_object (recovery, "finished", G_CALLBACK (on_study_recovery_finished_cb),
                                   self, G_CONNECT_SWAPPED);
          gtk_window_present (GTK_WINDOW (recovery));
          return;
        }
    }

  if (window == NULL)
    {
      window = GTK_WINDOW (sc_window_new (ADW_APPLICATION (app), self->catalog));
      g_signal_connect_object (window, "realize", G_CALLBACK (on_first_window_realize_cb), self, 0);
      if (self->benchmark != BENCHMARK_NONE && self->benchmark_window == NULL)
        benchmark_watch (self, GTK_WIDGET (window));
    }
  gtk_window_present (window);
}

static int
sc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  ScApplication *self = SC_APPLICATION (app);
  g_autofree const char **libraries = NULL;
  g_autofree char *benchmark = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("studycircle %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "benchmark", "s", &benchmark))
    {
      if (g_str_equal (benchmark, "first-frame"))
        self->benchmark = BENCHMARK_FIRST_FRAME;
      else if (g_str_equal (benchmark, "library"))
        self->benchmark = BENCHMARK_LIBRARY;
      else if (g_str_equal (benchmark, "search"))
        self->benchmark = BENCHMARK_SEARCH;
      else
        {
          g_printerr ("--benchmark: first-frame, library or search\n");
          return 2;
        }
      g_variant_dict_lookup (options, "benchmark-queries", "^ay", &self->benchmark_queries);
      /* A run of its own, even beside a running Study Circle. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }
  if (g_variant_dict_lookup (options, "library", "^a&ay", &libraries))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; libraries[i] != NULL; i++)
        {
          g_autoptr(GFile) file = g_file_new_for_commandline_arg (libraries[i]);
          g_autofree char *path = g_file_get_path (file);

          g_strv_builder_add (builder, path);
        }
      self->extra_folders = g_strv_builder_end (builder);
    }
  return -1;
}

static void
sc_application_shutdown (GApplication *app)
{
  ScApplication *self = SC_APPLICATION (app);

  G_APPLICATION_CLASS (sc_application_parent_class)->shutdown (app);
  g_clear_handle_id (&self->catalog_start_id, g_source_remove);
  g_clear_signal_handler (&self->first_paint_id, self->first_paint_clock);
  g_clear_object (&self->first_paint_clock);
  g_clear_object (&self->catalog);
  g_clear_object (&self->settings);
}

static void
sc_application_finalize (GObject *object)
{
  ScApplication *self = SC_APPLICATION (object);

  g_clear_pointer (&self->extra_folders, g_strfreev);
  g_clear_handle_id (&self->benchmark_settle_id, g_source_remove);
  g_clear_object (&self->benchmark_clock);
  g_free (self->benchmark_queries);
  G_OBJECT_CLASS (sc_application_parent_class)->finalize (object);
}

static void
sc_application_class_init (ScApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = sc_application_finalize;
  app_class->startup = sc_application_startup;
  app_class->activate = sc_application_activate;
  app_class->shutdown = sc_application_shutdown;
  app_class->handle_local_options = sc_application_handle_local_options;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { _("The Study Circle developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Study Circle"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Study Circle developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("A reading library for study groups: read, search and study together."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  ScApplication *self = SC_APPLICATION (user_data);
  ScPreferencesWindow *preferences = sc_preferences_window_new (self->catalog);

  gtk_window_set_transient_for (GTK_WINDOW (preferences),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Close windows first so they can save what they hold. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;
      l = l->next;
      gtk_window_destroy (window);
    }
  g_application_quit (G_APPLICATION (app));
}

static void
sc_application_init (ScApplication *self)
{
  static const GActionEntry actions[] = {
    { "about", about_action },
    { "preferences", preferences_action },
    { "quit", quit_action },
  };
  const GOptionEntry options[] = {
    { "library", 'L', 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
      N_("Add a folder of texts to the library for this run (repeatable)"), N_("DIR") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    /* For bench/run (HACKING.md, "Benchmarks"); not shown in --help. */
    { "benchmark", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL, NULL, NULL },
    { "benchmark-queries", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL, NULL, NULL },
    { NULL }
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.back", (const char *[]) { "<Alt>Left", NULL });
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

ScApplication *
sc_application_new (void)
{
  return g_object_new (SC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/studycircle/StudyCircle",
                       NULL);
}
