/* test-catalog.c: the catalog watches its folders and reports failures
 *
 * GIO only: no display needed. Real files in a temporary copy of
 * tests/fixtures/library, real inotify monitors, a real index.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sc-catalog.h"
#include "sc-error.h"
#include "sc-folder-watch.h"
#include "sc-paths.h"
#include "sc-test-util.h"

#define FIXTURE_DOCUMENTS 6
/* Generous: inotify is quick, but a folder that does not exist yet is
 * polled by GLib every few seconds, and CI machines are slow. */
#define WAIT_SECONDS 20

typedef struct {
  char      *tmp;
  char      *library_dir;
  ScCatalog *catalog;
  guint      n_changed;
  guint      n_failed;
  GError    *failure;
} Fixture;

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop until @cond holds or @seconds pass. */
#define WAIT_UNTIL(cond, seconds)                                              \
  G_STMT_START {                                                               \
    gint64 _deadline = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;   \
    guint _tick = g_timeout_add (20, tick_cb, NULL);                           \
    while (!(cond) && g_get_monotonic_time () < _deadline)                     \
      g_main_context_iteration (NULL, TRUE);                                   \
    g_source_remove (_tick);                                                   \
    g_assert_true (cond);                                                      \
  } G_STMT_END

static void
spin (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * 1000;
  guint tick = g_timeout_add (10, tick_cb, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

static void
on_changed_cb (ScCatalog *catalog,
               Fixture   *f)
{
  f->n_changed++;
}

static void
on_failed_cb (ScCatalog    *catalog,
              const GError *error,
              Fixture      *f)
{
  f->n_failed++;
  g_clear_error (&f->failure);
  f->failure = g_error_copy (error);
}

static ScCatalog *
catalog_new (Fixture            *f,
             const char         *index_path,
             const char * const *folders)
{
  ScCatalog *catalog = sc_catalog_new (index_path, folders);

  g_signal_connect (catalog, "changed", G_CALLBACK (on_changed_cb), f);
  g_signal_connect (catalog, "failed", G_CALLBACK (on_failed_cb), f);
  return catalog;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *fixtures = g_test_build_filename (G_TEST_DIST, "fixtures", "library", NULL);
  g_autofree char *index_path = NULL;
  g_autofree char *bundled = NULL;
  g_autoptr(GError) error = NULL;
  const char *folders[2] = { NULL, NULL };

  f->tmp = g_dir_make_tmp ("sc-catalog-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->library_dir = g_build_filename (f->tmp, "library", NULL);
  sc_test_copy_tree (fixtures, f->library_dir);

  /* Only the fixtures: an empty bundled library, and no user's folder yet
   * (an earlier test's watching made it). */
  {
    g_autofree char *user = sc_paths_user_texts_dir ();

    sc_test_remove_tree (user);
  }
  bundled = g_build_filename (f->tmp, "bundled", NULL);
  g_assert_cmpint (g_mkdir_with_parents (bundled, 0700), ==, 0);
  g_setenv ("STUDYCIRCLE_DATADIR", bundled, TRUE);

  index_path = g_build_filename (f->tmp, "index.db", NULL);
  folders[0] = f->library_dir;
  f->catalog = catalog_new (f, index_path, folders);
  sc_catalog_refresh (f->catalog);
  WAIT_UNTIL (!sc_catalog_get_indexing (f->catalog), 30);
  g_assert_cmpuint (sc_catalog_get_n_documents (f->catalog), ==, FIXTURE_DOCUMENTS);
  f->n_changed = 0;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->catalog);
  g_clear_error (&f->failure);
  sc_test_remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->library_dir);
}

/* A small, valid text in the native format. */
static void
write_text (const char *path,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<text id=\"%s\" lang=\"en\" version=\"1\">\n"
    "  <meta><title>Watched %s</title><author>Test Author</author><date>2024</date>\n"
    "    <level>introductory</level><license>CC0-1.0</license></meta>\n"
    "  <body><section id=\"one\"><head>One</head>\n"
    "    <p>A text that arrived while the app was running.</p></section></body>\n"
    "</text>\n", id, id);

  g_file_set_contents (path, xml, -1, &error);
  g_assert_no_error (error);
}

/* Waits for the refresh that a change started, and for it to end. */
static void
wait_for_refresh (Fixture *f,
                  guint    documents)
{
  WAIT_UNTIL (f->n_changed > 0 && !sc_catalog_get_indexing (f->catalog) &&
              sc_catalog_get_n_documents (f->catalog) == documents, WAIT_SECONDS);
  f->n_changed = 0;
}

static void
test_watch_add_and_remove (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->library_dir, "en", "watched.xml", NULL);

  sc_catalog_set_watching (f->catalog, TRUE);
  g_assert_true (sc_catalog_get_watching (f->catalog));

  write_text (path, "watched-text");
  wait_for_refresh (f, FIXTURE_DOCUMENTS + 1);

  g_assert_cmpint (g_unlink (path), ==, 0);
  wait_for_refresh (f, FIXTURE_DOCUMENTS);
  g_assert_cmpuint (f->n_failed, ==, 0);
}

/* A folder made after watching began is watched too, however deep. */
static void
test_watch_new_folders (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *top = g_build_filename (f->library_dir, "new", NULL);
  g_autofree char *deep = g_build_filename (top, "deeper", "deepest", NULL);
  g_autofree char *path = g_build_filename (deep, "deep.xml", NULL);

  sc_catalog_set_watching (f->catalog, TRUE);
  g_assert_cmpint (g_mkdir_with_parents (deep, 0700), ==, 0);
  /* The folders themselves count as a change (a folder may be moved in
   * full of texts); nothing new to index yet. */
  wait_for_refresh (f, FIXTURE_DOCUMENTS);

  write_text (path, "deep-text");
  wait_for_refresh (f, FIXTURE_DOCUMENTS + 1);

  /* Removing the folder removes its text. */
  sc_test_remove_tree (top);
  wait_for_refresh (f, FIXTURE_DOCUMENTS);
}

/* A folder moved in, texts and all, is read; moved out, forgotten. */
static void
test_watch_move_folder (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *outside = g_build_filename (f->tmp, "outside", NULL);
  g_autofree char *inside = g_build_filename (f->library_dir, "moved-in", NULL);
  g_autofree char *text = g_build_filename (outside, "moved.xml", NULL);

  g_assert_cmpint (g_mkdir_with_parents (outside, 0700), ==, 0);
  write_text (text, "moved-text");

  sc_catalog_set_watching (f->catalog, TRUE);
  g_assert_cmpint (g_rename (outside, inside), ==, 0);
  wait_for_refresh (f, FIXTURE_DOCUMENTS + 1);

  g_assert_cmpint (g_rename (inside, outside), ==, 0);
  wait_for_refresh (f, FIXTURE_DOCUMENTS);
}

/* The user's own folder is created and watched. */
static void
test_watch_user_folder (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *user = sc_paths_user_texts_dir ();
  g_autofree char *path = g_build_filename (user, "mine.xml", NULL);

  g_assert_true (g_str_has_prefix (user, g_get_user_data_dir ()));
  g_assert_false (g_file_test (user, G_FILE_TEST_EXISTS));

  sc_catalog_set_watching (f->catalog, TRUE);
  g_assert_true (g_file_test (user, G_FILE_TEST_IS_DIR));

  write_text (path, "my-own-text");
  wait_for_refresh (f, FIXTURE_DOCUMENTS + 1);
  g_assert_cmpint (g_unlink (path), ==, 0);
  wait_for_refresh (f, FIXTURE_DOCUMENTS);
}

/* A configured folder that does not exist yet is noticed when it does. */
static void
test_watch_missing_folder (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *later = g_build_filename (f->tmp, "later", NULL);
  g_autofree char *path = g_build_filename (later, "later.xml", NULL);
  const char *folders[] = { f->library_dir, later, NULL };

  sc_catalog_set_watching (f->catalog, TRUE);
  sc_catalog_set_folders (f->catalog, folders);
  g_assert_true (sc_catalog_get_watching (f->catalog));
  wait_for_refresh (f, FIXTURE_DOCUMENTS);

  g_assert_cmpint (g_mkdir_with_parents (later, 0700), ==, 0);
  write_text (path, "later-text");
  wait_for_refresh (f, FIXTURE_DOCUMENTS + 1);
}

/* Editors' hidden files and other files are not texts: no refresh. */
static void
test_watch_ignores_other_files (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *hidden = g_build_filename (f->library_dir, "en", ".watched.xml.swp", NULL);
  g_autofree char *notes = g_build_filename (f->library_dir, "en", "notes.txt", NULL);

  sc_catalog_set_watching (f->catalog, TRUE);
  g_assert_true (g_file_set_contents (hidden, "x", -1, NULL));
  g_assert_true (g_file_set_contents (notes, "x", -1, NULL));
  spin (2500);
  g_assert_cmpuint (f->n_changed, ==, 0);
  g_assert_false (sc_catalog_get_indexing (f->catalog));
}

/* Watching off: changes wait for the next refresh. */
static void
test_watch_off (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->library_dir, "en", "unwatched.xml", NULL);

  sc_catalog_set_watching (f->catalog, TRUE);
  sc_catalog_set_watching (f->catalog, FALSE);
  g_assert_false (sc_catalog_get_watching (f->catalog));

  write_text (path, "unwatched-text");
  spin (2500);
  g_assert_cmpuint (f->n_changed, ==, 0);
  g_assert_cmpuint (sc_catalog_get_n_documents (f->catalog), ==, FIXTURE_DOCUMENTS);

  sc_catalog_refresh (f->catalog);
  wait_for_refresh (f, FIXTURE_DOCUMENTS + 1);
}

/* A burst of changes is one refresh, not one per file. */
static void
test_watch_coalesces (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->library_dir, "burst", NULL);
  guint changed;

  sc_catalog_set_watching (f->catalog, TRUE);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("burst-%u", i);
      g_autofree char *name = g_strdup_printf ("%s.xml", id);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      write_text (path, id);
      spin (30);
    }
  WAIT_UNTIL (f->n_changed > 0 && !sc_catalog_get_indexing (f->catalog), WAIT_SECONDS);
  changed = f->n_changed;
  spin (1500);
  g_assert_cmpuint (f->n_changed, ==, changed);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (sc_catalog_get_n_documents (f->catalog), ==, FIXTURE_DOCUMENTS + 10);
}

/* The watch itself: one monitor per folder, added and dropped with them. */
static void
test_folder_watch_tree (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *a = g_build_filename (f->tmp, "tree", NULL);
  g_autofree char *b = g_build_filename (a, "b", NULL);
  g_autofree char *c = g_build_filename (b, "c", NULL);
  g_autofree char *hidden = g_build_filename (a, ".hidden", NULL);
  g_autofree char *loop = g_build_filename (b, "loop", NULL);
  const char *roots[] = { a, NULL };
  g_autoptr(ScFolderWatch) watch = NULL;

  g_assert_cmpint (g_mkdir_with_parents (c, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (hidden, 0700), ==, 0);
  /* A symbolic link back up the tree is not followed forever. */
  g_assert_cmpint (symlink (a, loop), ==, 0);

  watch = sc_folder_watch_new (roots);
  g_assert_cmpuint (sc_folder_watch_get_n_folders (watch), ==, 3);
  g_assert_true (sc_folder_watch_is_watching (watch, c));
  g_assert_false (sc_folder_watch_is_watching (watch, hidden));

  {
    g_autofree char *d = g_build_filename (c, "d", NULL);

    g_assert_cmpint (g_mkdir (d, 0700), ==, 0);
    WAIT_UNTIL (sc_folder_watch_is_watching (watch, d), WAIT_SECONDS);
    g_assert_cmpuint (sc_folder_watch_get_n_folders (watch), ==, 4);
  }

  g_assert_cmpint (g_unlink (loop), ==, 0);
  sc_test_remove_tree (b);
  WAIT_UNTIL (sc_folder_watch_get_n_folders (watch) == 1, WAIT_SECONDS);
  g_assert_true (sc_folder_watch_is_watching (watch, a));
}

/* An index that cannot be written: "failed" with the error, then
 * "changed", and no crash. */
static void
test_refresh_failure (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (f->tmp, "not-a-folder", NULL);
  g_autofree char *index_path = g_build_filename (blocker, "index.db", NULL);
  const char *folders[] = { f->library_dir, NULL };
  g_autoptr(ScCatalog) catalog = NULL;

  g_assert_true (g_file_set_contents (blocker, "a file where a folder should be", -1, NULL));
  catalog = catalog_new (f, index_path, folders);
  f->n_changed = 0;
  sc_catalog_refresh (catalog);
  WAIT_UNTIL (f->n_changed > 0, 30);
  g_assert_cmpuint (f->n_failed, ==, 1);
  g_assert_nonnull (f->failure);
  g_assert_nonnull (f->failure->message);
  g_assert_cmpstr (f->failure->message, !=, "");
  g_assert_false (sc_catalog_get_indexing (catalog));
  g_assert_cmpuint (sc_catalog_get_n_documents (catalog), ==, 0);
}

static void
on_search_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Searches @catalog for @query; the results, or NULL with @error set. */
static GListModel *
search_and_wait (ScCatalog   *catalog,
                 const char  *query,
                 GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_catalog_search_async (catalog, query, NULL, NULL, on_search_done_cb, &result);
  WAIT_UNTIL (result != NULL, WAIT_SECONDS);
  return sc_catalog_search_finish (catalog, result, NULL, NULL, error);
}

/* Damage that only a search finds (a page of the FTS5 data overwritten):
 * the search says the index is being rebuilt, a refresh rebuilds it
 * without being asked, and the same search then finds its results. */
static void
test_damaged_index (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *index_path = g_build_filename (f->tmp, "index.db", NULL);
  const char *folders[] = { f->library_dir, NULL };
  g_autoptr(ScCatalog) catalog = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 root, page_size;
  g_autofree char *junk = NULL;
  FILE *file;

  g_assert_cmpint (sqlite3_open_v2 (index_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rootpage, (SELECT page_size FROM pragma_page_size)"
                                       " FROM sqlite_schema WHERE name = 'fts_data'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  root = sqlite3_column_int64 (stmt, 0);
  page_size = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  junk = g_malloc (page_size);
  memset (junk, 0xa5, page_size);
  file = fopen (index_path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, (long) ((root - 1) * page_size), SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (junk, 1, page_size, file), ==, (gsize) page_size);
  g_assert_cmpint (fclose (file), ==, 0);

  /* A catalog of its own: no connection that read the index before. */
  catalog = catalog_new (f, index_path, folders);
  f->n_changed = 0;
  results = search_and_wait (catalog, "Seattle", &error);
  g_assert_null (results);
  g_assert_error (error, SC_ERROR, SC_ERROR_INDEX_DAMAGED);
  g_clear_error (&error);

  WAIT_UNTIL (f->n_changed > 0 && !sc_catalog_get_indexing (catalog), 30);
  g_assert_cmpuint (sc_catalog_get_n_documents (catalog), ==, FIXTURE_DOCUMENTS);
  results = search_and_wait (catalog, "Seattle", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (results), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  int status;

  /* Private XDG folders, before GLib reads them: the user's own texts
   * folder is created by watching. (Not G_TEST_OPTION_ISOLATE_DIRS: on
   * GLib 2.74 it leaks what it sets, which fails the sanitizer build.) */
  home = g_dir_make_tmp ("sc-catalog-home-XXXXXX", NULL);
  g_assert_nonnull (home);
  for (guint i = 0; i < 3; i++)
    {
      const char *names[] = { "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME" };
      g_autofree char *dir = g_build_filename (home, names[i], NULL);

      g_setenv (names[i], dir, TRUE);
    }
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/catalog/watch/add-and-remove", test_watch_add_and_remove);
  ADD ("/catalog/watch/new-folders", test_watch_new_folders);
  ADD ("/catalog/watch/move-folder", test_watch_move_folder);
  ADD ("/catalog/watch/user-folder", test_watch_user_folder);
  ADD ("/catalog/watch/missing-folder", test_watch_missing_folder);
  ADD ("/catalog/watch/ignores-other-files", test_watch_ignores_other_files);
  ADD ("/catalog/watch/off", test_watch_off);
  ADD ("/catalog/watch/coalesces", test_watch_coalesces);
  ADD ("/catalog/folder-watch/tree", test_folder_watch_tree);
  ADD ("/catalog/refresh-failure", test_refresh_failure);
  ADD ("/catalog/damaged-index", test_damaged_index);
#undef ADD
  status = g_test_run ();
  sc_test_remove_tree (home);
  return status;
}
