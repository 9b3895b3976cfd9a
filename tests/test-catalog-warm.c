/* test-catalog-warm.c: the catalog's jobs share warm connections
 *
 * Searches and lists keep their index open for the next job. These tests
 * check that this never shows what an index no longer says: a connection
 * to a file that was replaced is not used again, and jobs running at the
 * same time each have a connection of their own. GIO only, real files in a
 * temporary copy of tests/fixtures/library, a real index.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sc-catalog.h"
#include "sc-test-util.h"

#define WAIT_SECONDS 30

typedef struct {
  char      *tmp;
  char      *library_dir;
  char      *index_path;
  ScCatalog *catalog;
  guint      n_changed;
} Fixture;

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop until @cond holds or WAIT_SECONDS pass. */
#define WAIT_UNTIL(cond)                                                           \
  G_STMT_START {                                                                   \
    gint64 _deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;    \
    guint _tick = g_timeout_add (20, tick_cb, NULL);                               \
    while (!(cond) && g_get_monotonic_time () < _deadline)                         \
      g_main_context_iteration (NULL, TRUE);                                       \
    g_source_remove (_tick);                                                       \
    g_assert_true (cond);                                                          \
  } G_STMT_END

static void
on_changed_cb (ScCatalog *catalog,
               Fixture   *f)
{
  f->n_changed++;
}

static void
refresh_and_wait (Fixture *f)
{
  f->n_changed = 0;
  sc_catalog_refresh (f->catalog);
  WAIT_UNTIL (f->n_changed > 0 && !sc_catalog_get_indexing (f->catalog));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *fixtures = g_test_build_filename (G_TEST_DIST, "fixtures", "library", NULL);
  g_autofree char *bundled = NULL;
  g_autoptr(GError) error = NULL;
  const char *folders[2] = { NULL, NULL };

  f->tmp = g_dir_make_tmp ("sc-catalog-warm-XXXXXX", &error);
  g_assert_no_error (error);
  f->library_dir = g_build_filename (f->tmp, "library", NULL);
  sc_test_copy_tree (fixtures, f->library_dir);
  /* Only the fixtures: an empty bundled library. */
  bundled = g_build_filename (f->tmp, "bundled", NULL);
  g_assert_cmpint (g_mkdir_with_parents (bundled, 0700), ==, 0);
  g_setenv ("STUDYCIRCLE_DATADIR", bundled, TRUE);

  f->index_path = g_build_filename (f->tmp, "index.db", NULL);
  folders[0] = f->library_dir;
  f->catalog = sc_catalog_new (f->index_path, folders);
  g_signal_connect (f->catalog, "changed", G_CALLBACK (on_changed_cb), f);
  refresh_and_wait (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->catalog);
  sc_test_remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->library_dir);
  g_free (f->index_path);
}

typedef struct {
  GListModel *model;
  GError     *error;
  gboolean    done;
} Answer;

static void
on_search_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Answer *answer = user_data;

  answer->model = sc_catalog_search_finish (SC_CATALOG (source), result, NULL, NULL, &answer->error);
  answer->done = TRUE;
}

static void
answer_clear (Answer *answer)
{
  g_clear_object (&answer->model);
  g_clear_error (&answer->error);
  answer->done = FALSE;
}

/* The ids of the texts that match @query, ","-joined in rank order. */
static char *
search_ids (Fixture    *f,
            const char *query)
{
  ScSearchOptions options = { .kind = "text", .per_text = TRUE };
  Answer answer = { NULL, NULL, FALSE };
  g_autoptr(GString) ids = g_string_new (NULL);

  sc_catalog_search_async (f->catalog, query, &options, NULL, on_search_done_cb, &answer);
  WAIT_UNTIL (answer.done);
  g_assert_no_error (answer.error);
  for (guint i = 0; i < g_list_model_get_n_items (answer.model); i++)
    {
      g_autoptr(ScSearchResult) result = g_list_model_get_item (answer.model, i);

      g_string_append_printf (ids, "%s%s", i > 0 ? "," : "", sc_search_result_get_hit (result)->doc_id);
    }
  answer_clear (&answer);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* The same search twice (the second on the connection the first left
 * open) gives the same answer. */
static void
test_same_answer_warm (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *cold = search_ids (f, "general");
  g_autofree char *warm = search_ids (f, "general");

  g_assert_cmpstr (cold, ==, "la-huelga-general,the-general-strike");
  g_assert_cmpstr (warm, ==, cold);
}

/* The index is deleted and built again from a library that lost a text:
 * a connection kept from before would still find it in the deleted file. */
static void
test_replaced_index_not_reused (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *before = search_ids (f, "general");
  g_autofree char *after = NULL;
  g_autofree char *text = g_build_filename (f->library_dir, "es", "la-huelga-general.xml", NULL);
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_assert_cmpstr (before, ==, "la-huelga-general,the-general-strike");

  g_assert_cmpint (g_unlink (text), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (f->index_path, suffixes[i], NULL);

      g_unlink (path);
    }
  refresh_and_wait (f);

  after = search_ids (f, "general");
  g_assert_cmpstr (after, ==, "the-general-strike");
}

static gboolean
all_done (const Answer *answers,
          guint         n)
{
  for (guint i = 0; i < n; i++)
    if (!answers[i].done)
      return FALSE;
  return TRUE;
}

/* Many searches at once: each has a connection of its own, and each gets
 * the answer it gets alone. */
static void
test_searches_at_once (Fixture       *f,
                       gconstpointer  data)
{
  const char *queries[] = { "general", "strike", "huelga", "wages", "general", "profit", "strike", "huelga" };
  char *alone[G_N_ELEMENTS (queries)];
  Answer answers[G_N_ELEMENTS (queries)] = { { NULL, NULL, FALSE } };
  ScSearchOptions options = { .kind = "text", .per_text = TRUE };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    alone[i] = search_ids (f, queries[i]);
  g_assert_cmpstr (alone[0], ==, "la-huelga-general,the-general-strike");

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    sc_catalog_search_async (f->catalog, queries[i], &options, NULL, on_search_done_cb, &answers[i]);
  WAIT_UNTIL (all_done (answers, G_N_ELEMENTS (answers)));

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GString) ids = g_string_new (NULL);

      g_assert_no_error (answers[i].error);
      for (guint r = 0; r < g_list_model_get_n_items (answers[i].model); r++)
        {
          g_autoptr(ScSearchResult) result = g_list_model_get_item (answers[i].model, r);

          g_string_append_printf (ids, "%s%s", r > 0 ? "," : "", sc_search_result_get_hit (result)->doc_id);
        }
      g_assert_cmpstr (ids->str, ==, alone[i]);
      answer_clear (&answers[i]);
      g_free (alone[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("sc-catalog-warm-home-XXXXXX", NULL);
  g_autofree char *data_home = g_build_filename (home, "data", NULL);
  g_autofree char *cache_home = g_build_filename (home, "cache", NULL);
  int status;

  /* Nothing reaches the real home: set before GLib reads them. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/catalog-warm/same-answer", Fixture, NULL, fixture_setup, test_same_answer_warm, fixture_teardown);
  g_test_add ("/catalog-warm/replaced-index", Fixture, NULL, fixture_setup, test_replaced_index_not_reused,
              fixture_teardown);
  g_test_add ("/catalog-warm/at-once", Fixture, NULL, fixture_setup, test_searches_at_once, fixture_teardown);

  status = g_test_run ();
  sc_test_remove_tree (home);
  return status;
}
