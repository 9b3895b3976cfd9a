/* test-gui-bad-inputs.c: hostile files show up in "Library problems"
 *
 * The real ScApplication, its library folders pointed (through GSettings,
 * as Preferences does) at a folder of every input of tests/bad/ plus the
 * large ones tests/bad/generate.py writes. Once the app has indexed it,
 * Preferences (app.preferences) lists each refused file as a row titled
 * FILE:LINE, LINE being the line of the problem, with the message as its
 * subtitle (tests/bad/cases.txt says which); the valid ones are not listed
 * and count as documents.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "sc-application.h"
#include "sc-gui-test-util.h"
#include "sc-preferences-window.h"

typedef struct {
  char   *file;
  char   *where;     /* a line number, "last", "generated", "read" or text on the line */
  char   *message;   /* part of the message; for "read", the text's id */
  guint   line;      /* the line the row must name; 0 for a valid file */
} Case;

static void
case_free (Case *c)
{
  g_free (c->file);
  g_free (c->where);
  g_free (c->message);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Case, case_free)

static char *tmp_dir;
static char *library_dir;

/* cases.txt's text with its octal escapes (\303, \000) decoded. */
static GBytes *
unescape (const char *text)
{
  GByteArray *bytes = g_byte_array_new ();

  for (const char *p = text; *p != '\0'; p++)
    {
      guint8 byte = (guint8) *p;

      if (p[0] == '\\' && p[1] >= '0' && p[1] <= '7' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7')
        {
          byte = (guint8) ((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
          p += 3;
        }
      g_byte_array_append (bytes, &byte, 1);
    }
  return g_byte_array_free_to_bytes (bytes);
}

/* The line on which @where first occurs in @path, or its last line. */
static guint
line_in_file (const char *path,
              const char *where)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  gsize end = 0;
  guint line = 1;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  if (strcmp (where, "last") == 0)
    end = length;
  else
    {
      g_autoptr(GBytes) needle = unescape (where);
      gsize size = 0;
      const char *bytes = g_bytes_get_data (needle, &size);

      g_assert_cmpuint (size, >, 0);
      while (end + size <= length && memcmp (data + end, bytes, size) != 0)
        end++;
      g_assert_cmpuint (end + size, <=, length);
    }
  for (gsize i = 0; i < end; i++)
    line += data[i] == '\n';
  return line;
}

/* The committed inputs and the generated ones in @dir; returns
 * {file name: line of the problem} for the generated ones. */
static GHashTable *
make_library (const char *dir)
{
  g_autofree char *bad = g_test_build_filename (G_TEST_DIST, "bad", NULL);
  g_autofree char *script = g_build_filename (bad, "generate.py", NULL);
  const char *argv[] = { "python3", script, dir, NULL };
  GHashTable *lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) listing = g_dir_open (bad, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) rows = NULL;
  const char *name;
  int status = 0;

  g_assert_nonnull (listing);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".xml"))
      {
        g_autofree char *from = g_build_filename (bad, name, NULL);
        g_autofree char *to = g_build_filename (dir, name, NULL);
        g_autofree char *data = NULL;
        gsize length = 0;

        g_assert_true (g_file_get_contents (from, &data, &length, NULL));
        g_assert_true (g_file_set_contents (to, data, length, NULL));
      }

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  rows = g_strsplit (out, "\n", -1);
  for (guint i = 0; rows[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (rows[i], " ", 2);

      if (g_strv_length (fields) == 2)
        g_hash_table_insert (lines, g_strdup (fields[0]), GUINT_TO_POINTER (atoi (fields[1])));
    }
  g_assert_cmpuint (g_hash_table_size (lines), >, 0);
  return lines;
}

/* tests/bad/cases.txt, each case with the line its row must name. */
static GPtrArray *
load_cases (GHashTable *generated)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "bad", "cases.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) rows = NULL;
  GPtrArray *cases = g_ptr_array_new_with_free_func ((GDestroyNotify) case_free);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  rows = g_strsplit (text, "\n", -1);
  for (guint i = 0; rows[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autoptr(Case) c = NULL;
      g_autofree char *file_path = NULL;

      if (rows[i][0] == '#' || rows[i][0] == '\0')
        continue;
      fields = g_strsplit (rows[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (fields), >=, 3);
      c = g_new0 (Case, 1);
      c->file = g_strdup (fields[0]);
      c->where = g_strdup (fields[1]);
      c->message = g_strdup (fields[2]);
      file_path = g_build_filename (library_dir, c->file, NULL);
      g_assert_true (g_file_test (file_path, G_FILE_TEST_EXISTS));

      if (strcmp (c->where, "read") == 0)
        c->line = 0;
      else if (strcmp (c->where, "generated") == 0)
        c->line = GPOINTER_TO_UINT (g_hash_table_lookup (generated, c->file));
      else if (g_ascii_isdigit (c->where[0]) && strspn (c->where, "0123456789") == strlen (c->where))
        c->line = (guint) atoi (c->where);
      else
        c->line = line_in_file (file_path, c->where);
      g_assert_true (c->line > 0 || strcmp (c->where, "read") == 0);
      g_ptr_array_add (cases, g_steal_pointer (&c));
    }
  return cases;
}

/* Every row under the problems expander: its title ("FILE:LINE") and
 * subtitle (the message), alternately. */
static void
collect_problem_rows (GtkWidget *root,
                      GPtrArray *rows)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      if (gtk_widget_has_css_class (w, "problem-row"))
        {
          g_ptr_array_add (rows, g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w))));
          g_ptr_array_add (rows, g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (w))));
        }
      collect_problem_rows (w, rows);
    }
}

typedef struct {
  GPtrArray *cases;
  gboolean   checked;
} Run;

static void
check_preferences (Run *run)
{
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  ScCatalog *catalog = sc_application_get_catalog (SC_APPLICATION (app));
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  ScPreferencesWindow *preferences = NULL;
  GtkWidget *problems_row;
  guint n_valid = 0, n_refused = 0;

  /* The app indexes its folders in the background from the start; under
   * the sanitizers the 12 MB texts take a while. */
  SC_GUI_WAIT_UNTIL (!sc_catalog_get_indexing (catalog) && sc_catalog_get_problems (catalog)->len > 0, 300);

  /* Preferences as the menu opens it. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  {
    g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

        if (SC_IS_PREFERENCES_WINDOW (window))
          preferences = SC_PREFERENCES_WINDOW (window);
      }
  }
  g_assert_nonnull (preferences);
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (preferences)), 10);
  problems_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (preferences), SC_TYPE_PREFERENCES_WINDOW,
                                                             "problems_row"));
  g_assert_true (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (problems_row)));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (problems_row), TRUE);
  sc_gui_spin (100);
  collect_problem_rows (problems_row, rows);

  for (guint i = 0; i < run->cases->len; i++)
    {
      Case *c = g_ptr_array_index (run->cases, i);
      g_autofree char *path = g_build_filename (library_dir, c->file, NULL);
      g_autofree char *prefix = g_strconcat (path, ":", NULL);
      g_autofree char *title = g_strdup_printf ("%s:%u", path, c->line);
      guint listed = 0;
      const char *subtitle = NULL;

      for (guint r = 0; r < rows->len; r += 2)
        if (g_str_has_prefix (g_ptr_array_index (rows, r), prefix))
          {
            listed++;
            subtitle = g_ptr_array_index (rows, r + 1);
            if (c->line > 0)
              {
                g_test_message ("%s: %s", (const char *) g_ptr_array_index (rows, r), subtitle);
                g_assert_cmpstr (g_ptr_array_index (rows, r), ==, title);
              }
          }

      if (c->line == 0)
        {
          g_assert_cmpuint (listed, ==, 0);
          n_valid++;
          continue;
        }
      g_assert_cmpuint (listed, ==, 1);
      g_assert_nonnull (strstr (subtitle, c->message));
      n_refused++;
    }

  /* Nothing else is listed, and the valid inputs are in the library. */
  g_assert_cmpuint (rows->len / 2, ==, n_refused);
  g_assert_cmpuint (sc_catalog_get_n_documents (catalog), ==, n_valid);
  {
    g_autofree char *count = g_strdup_printf ("%u", n_refused);
    GtkLabel *label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (preferences), SC_TYPE_PREFERENCES_WINDOW,
                                                                 "problems_count"));

    g_assert_cmpstr (gtk_label_get_text (label), ==, count);
  }
  gtk_window_destroy (GTK_WINDOW (preferences));
  run->checked = TRUE;
}

static gboolean
check_cb (gpointer user_data)
{
  check_preferences (user_data);
  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_activate_cb (GApplication *app,
                Run          *run)
{
  g_idle_add (check_cb, run);
}

static void
test_bad_inputs_listed (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GHashTable) generated = make_library (library_dir);
  g_autoptr(GPtrArray) cases = load_cases (generated);
  g_autoptr(ScApplication) app = sc_application_new ();
  char *argv[] = { (char *) "studycircle", NULL };
  const char *folders[] = { library_dir, NULL };
  Run run = { cases, FALSE };

  /* What adding the folder in Preferences stores. */
  g_settings_set_strv (settings, "library-folders", folders);

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_cb), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);
  g_assert_true (run.checked);

  g_settings_reset (settings, "library-folders");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *dirs[] = { "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME" };
  g_autofree char *bundled = NULL;
  int status;

  /* A home of the test's own (index, study data) and no bundled texts. */
  tmp_dir = g_dir_make_tmp ("sc-gui-bad-inputs-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (tmp_dir, dirs[i], NULL);

      g_setenv (dirs[i], dir, TRUE);
    }
  bundled = g_build_filename (tmp_dir, "bundled", NULL);
  g_mkdir_with_parents (bundled, 0700);
  g_setenv ("STUDYCIRCLE_DATADIR", bundled, TRUE);
  library_dir = g_build_filename (tmp_dir, "library", NULL);

  if (!sc_gui_init (&argc, &argv))
    {
      sc_test_remove_tree (tmp_dir);
      return 0;
    }

  g_test_add_func ("/bad-inputs/listed-in-library-problems", test_bad_inputs_listed);
  status = g_test_run ();

  sc_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (library_dir);
  return status;
}
