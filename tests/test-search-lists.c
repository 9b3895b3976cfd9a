/* test-search-lists.c: the best sections of frequent words (sc-fts.c) and
 * the ways the search uses them (sc-search.c), against FTS5's own exact
 * ranking on a generated library where many words are frequent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sc-index.h"
#include "sc-library.h"
#include "sc-search.h"
#include "sc-test-util.h"

#define N_TEXTS 90
#define N_SECTIONS 8
/* Words in this many sections or more get lists: most of the common ones. */
#define FREQUENT "40"

static const char *common_en[] = {
  "the", "of", "and", "to", "workers", "union", "strike", "wages", "class", "party",
  "history", "labor", "struggle", "organize", "meeting", "solidarity", "capital", "state",
};
static const char *common_es[] = {
  "de", "la", "que", "el", "trabajadores", "sindicato", "huelga", "salarios", "clase", "partido",
  "historia", "trabajo", "lucha", "organizar", "reunión", "solidaridad", "capital", "estado",
};

static char *tmp_dir;

/* A word with Zipf-like odds: the first ones far more often. */
static const char *
pick_word (GRand       *rand,
           const char **words,
           guint        n)
{
  double u = g_rand_double (rand);
  guint i = (guint) floor (pow ((double) n + 1.0, u)) - 1;

  return words[MIN (i, n - 1)];
}

static void
write_text (const char *dir,
            guint       number,
            guint       variant)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (number * 7919 + variant);
  g_autoptr(GString) xml = g_string_new (NULL);
  gboolean es = number % 3 == 0;
  const char **words = es ? common_es : common_en;
  g_autofree char *path = g_strdup_printf ("%s/text-%03u.xml", dir, number);
  g_autoptr(GError) error = NULL;

  g_string_append_printf (xml,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<text id=\"text-%03u\" lang=\"%s\" version=\"1\">\n"
                          "  <meta><title>%s %s %u</title><author>Author %u</author><level>introductory</level></meta>\n"
                          "  <body>\n",
                          number, es ? "es" : "en", pick_word (rand, words, G_N_ELEMENTS (common_en)),
                          pick_word (rand, words, G_N_ELEMENTS (common_en)), number, number % 7);
  for (guint s = 0; s < N_SECTIONS; s++)
    {
      guint length = 20 + g_rand_int_range (rand, 0, 80);

      g_string_append_printf (xml, "    <section id=\"s%u\"><head>%s</head><p>", s,
                              pick_word (rand, words, G_N_ELEMENTS (common_en)));
      for (guint w = 0; w < length; w++)
        g_string_append_printf (xml, "%s%s", w > 0 ? " " : "", pick_word (rand, words, G_N_ELEMENTS (common_en)));
      g_string_append (xml, ".</p></section>\n");
    }
  g_string_append (xml, "  </body>\n</text>\n");
  g_file_set_contents (path, xml->str, xml->len, &error);
  g_assert_no_error (error);
}

static ScIndex *
index_folder (const char *db_path,
              const char *folder)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScLibrary) library = sc_library_new ();
  ScIndexStats stats;
  ScIndex *index = sc_index_open (db_path, &error);

  g_assert_no_error (error);
  sc_library_add_folder (library, folder, TRUE);
  sc_index_stats_init (&stats);
  g_assert_true (sc_index_update (index, library, NULL, NULL, NULL, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.problems->len, ==, 0);
  sc_index_stats_clear (&stats);
  return index;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

typedef struct {
  char   *doc_id;
  char   *section_id;
  double  rank;
} Exact;

static void
exact_free (Exact *exact)
{
  g_free (exact->doc_id);
  g_free (exact->section_id);
  g_free (exact);
}

/* FTS5's own ranking over every match: the best section of each text when
 * @per_text. */
static GPtrArray *
exact_ranking (ScIndex    *index,
               const char *match,
               const char *lang,
               gboolean    per_text)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) exact_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (sc_index_get_db (index),
                                       "SELECT s.doc_id, s.section_id, bm25 (fts, 10.0, 6.0, 4.0, 1.0) AS r"
                                       " FROM fts JOIN sections s ON s.rowid = fts.rowid JOIN docs d ON d.id = s.doc_id"
                                       " WHERE fts MATCH ?1 AND (?2 IS NULL OR d.lang = ?2) ORDER BY r, fts.rowid",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  if (lang != NULL)
    sqlite3_bind_text (stmt, 2, lang, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Exact *exact = g_new0 (Exact, 1);

      exact->doc_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      exact->section_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      exact->rank = sqlite3_column_double (stmt, 2);
      if (per_text && g_hash_table_contains (seen, exact->doc_id))
        {
          exact_free (exact);
          continue;
        }
      g_hash_table_add (seen, g_strdup (exact->doc_id));
      g_ptr_array_add (out, exact);
    }
  sqlite3_finalize (stmt);
  return out;
}

static void
setup_library (void)
{
  g_autofree char *texts = g_build_filename (tmp_dir, "texts", NULL);

  g_mkdir_with_parents (texts, 0700);
  for (guint i = 0; i < N_TEXTS; i++)
    write_text (texts, i, 0);
}

static GPtrArray *
search (ScIndex               *index,
        const char            *query,
        const ScSearchOptions *options)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = sc_search (index, query, options, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

/* A single frequent word is answered from its lists: the same sections,
 * in the same order, with the same scores as FTS5's bm25 over every match,
 * per section and per text, with and without a language filter; and the
 * same counts. */
static void
test_single_word_exact (void)
{
  g_autofree char *db_path = g_build_filename (tmp_dir, "single.db", NULL);
  g_autofree char *texts = g_build_filename (tmp_dir, "texts", NULL);
  g_autoptr(ScIndex) index = index_folder (db_path, texts);
  const char *words[] = { "the", "of", "workers", "de", "trabajadores", "reunion", "capital", "solidarity" };
  const char *langs[] = { NULL, "es", "en" };

  /* The words above are frequent: they have lists. */
  g_assert_cmpint (query_int (sc_index_get_db (index), "SELECT count(DISTINCT term) FROM best"), >=, 20);
  g_assert_cmpint (query_int (sc_index_get_db (index), "SELECT value FROM meta WHERE key = 'best_valid'"), ==, 1);

  for (guint w = 0; w < G_N_ELEMENTS (words); w++)
    for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
      for (int per_text = 0; per_text <= 1; per_text++)
        {
          ScSearchOptions options = { .lang = langs[l], .per_text = per_text, .limit = 20 };
          g_autofree char *match = g_strdup_printf ("\"%s\"", words[w]);
          g_autoptr(GPtrArray) hits = search (index, words[w], &options);
          g_autoptr(GPtrArray) exact = exact_ranking (index, match, langs[l], per_text);
          guint count = sc_search_count (index, words[w], &options, NULL);

          g_test_message ("%s lang=%s per_text=%d: %u hits, %u exact", words[w], langs[l], per_text,
                          hits->len, exact->len);
          g_assert_cmpuint (hits->len, ==, MIN (20, exact->len));
          g_assert_cmpuint (count, ==, exact->len);
          for (guint i = 0; i < hits->len; i++)
            {
              ScSearchHit *hit = g_ptr_array_index (hits, i);
              Exact *want = g_ptr_array_index (exact, i);

              /* Equal scores; ties may come in either order. */
              g_assert_cmpfloat_with_epsilon (hit->rank, want->rank, 1e-9 + fabs (want->rank) * 1e-6);
              if (fabs (hit->rank - want->rank) > 1e-12 &&
                  (i + 1 >= exact->len || fabs (((Exact *) g_ptr_array_index (exact, i + 1))->rank - want->rank) > 1e-9))
                {
                  g_assert_cmpstr (hit->doc_id, ==, want->doc_id);
                }
              g_assert_nonnull (hit->snippet);
              g_assert_cmpuint (hit->marks->len, >, 0);
            }
        }
}

static gboolean
hit_matches (ScIndex     *index,
             const char  *match,
             ScSearchHit *hit)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  g_assert_cmpint (sqlite3_prepare_v2 (sc_index_get_db (index),
                                       "SELECT count(*) FROM fts JOIN sections s ON s.rowid = fts.rowid"
                                       " WHERE fts MATCH ?1 AND s.doc_id = ?2 AND s.section_id = ?3",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, hit->doc_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, hit->section_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  found = sqlite3_column_int (stmt, 0) == 1;
  sqlite3_finalize (stmt);
  return found;
}

/* Queries that match many sections and are not one word go through the
 * candidates: whatever they return matches, each text once, best first,
 * with the right number of matching sections per text; the best exact
 * result is among them; counts are exact below the sample size. */
static void
test_candidates (void)
{
  g_autofree char *db_path = g_build_filename (tmp_dir, "candidates.db", NULL);
  g_autofree char *texts = g_build_filename (tmp_dir, "texts", NULL);
  g_autoptr(ScIndex) index = index_folder (db_path, texts);
  struct { const char *typed; const char *match; gboolean prefix; } queries[] = {
    { "the of", "\"the\" AND \"of\"", FALSE },
    { "workers union", "\"workers\" AND \"union\"", FALSE },
    { "\"the workers\"", "\"the workers\"", FALSE },
    { "de la", "\"de\" AND \"la\"", FALSE },
    { "the -strike", "\"the\" NOT \"strike\"", FALSE },
    { "strike OR huelga", "\"strike\" OR \"huelga\"", FALSE },
    { "wor*", "\"wor\"*", TRUE },
    { "tra*", "\"tra\"*", TRUE },
    { "th*", "\"th\"*", TRUE },
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      ScSearchOptions options = { .per_text = TRUE, .limit = 10 };
      g_autoptr(GPtrArray) hits = search (index, queries[q].typed, &options);
      g_autoptr(GPtrArray) exact = exact_ranking (index, queries[q].match, NULL, TRUE);
      g_autoptr(GHashTable) docs = g_hash_table_new (g_str_hash, g_str_equal);
      gboolean estimated = TRUE;
      guint count = sc_search_count_full (index, queries[q].typed, &options, &estimated, NULL);
      gboolean best_found = FALSE;

      g_test_message ("%s: %u hits, %u texts match, count %u%s", queries[q].typed, hits->len, exact->len,
                      count, estimated ? " (estimated)" : "");
      g_assert_cmpuint (exact->len, >, 10);
      g_assert_cmpuint (hits->len, ==, 10);
      /* A frequent prefix is counted from its words' lists: an estimate,
       * and said to be one ("About N texts"). */
      if (queries[q].prefix)
        {
          g_assert_true (estimated);
          g_assert_cmpuint (count, >=, 1);
        }
      else
        {
          g_assert_false (estimated);
          g_assert_cmpuint (count, ==, exact->len);
        }

      for (guint i = 0; i < hits->len; i++)
        {
          ScSearchHit *hit = g_ptr_array_index (hits, i);
          g_autofree char *in_text = g_strdup_printf ("(%s) AND id_%s", queries[q].match, hit->doc_id);
          ScSearchOptions text_options = { .text_id = hit->doc_id, .limit = 100 };

          g_assert_true (hit_matches (index, queries[q].match, hit));
          g_assert_false (g_hash_table_contains (docs, hit->doc_id));
          g_hash_table_add (docs, hit->doc_id);
          if (i > 0)
            g_assert_cmpfloat (hit->rank, >=, ((ScSearchHit *) g_ptr_array_index (hits, i - 1))->rank);
          if (g_strcmp0 (hit->doc_id, ((Exact *) g_ptr_array_index (exact, 0))->doc_id) == 0)
            best_found = TRUE;

          /* "N sections match" is every matching section of the text. */
          {
            g_autoptr(GPtrArray) in_doc = search (index, queries[q].typed, &text_options);
            g_assert_cmpuint (hit->matches_in_text, ==, in_doc->len);
          }
          (void) in_text;
        }
      g_assert_true (best_found);
    }
}

typedef struct {
  gint64   rows;
  gint64   docs;
  gboolean complete;
  char    *list;   /* "doc:section,…" when complete */
} BestRow;

static void
best_row_free (BestRow *row)
{
  g_free (row->list);
  g_free (row);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The lists, with rowids turned into (text, section) so that two indexes
 * that numbered their texts differently compare. */
static GHashTable *
dump_best (ScIndex *index)
{
  GHashTable *dump = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) best_row_free);
  sqlite3 *db = sc_index_get_db (index);
  sqlite3_stmt *stmt = NULL, *where = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT term, lang, kind, rows, docs, complete, list FROM best",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT doc_id || ':' || section_id FROM sections WHERE rowid = ?1",
                                       -1, &where, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BestRow *row = g_new0 (BestRow, 1);
      const gint64 *list = sqlite3_column_blob (stmt, 6);
      guint n = (guint) sqlite3_column_bytes (stmt, 6) / 16;
      g_autoptr(GPtrArray) places = g_ptr_array_new_with_free_func (g_free);

      row->rows = sqlite3_column_int64 (stmt, 3);
      row->docs = sqlite3_column_int64 (stmt, 4);
      row->complete = sqlite3_column_int (stmt, 5);
      if (row->complete)
        {
          for (guint i = 0; i < n; i++)
            {
              sqlite3_bind_int64 (where, 1, list[2 * i]);
              g_assert_cmpint (sqlite3_step (where), ==, SQLITE_ROW);
              g_ptr_array_add (places, g_strdup ((const char *) sqlite3_column_text (where, 0)));
              sqlite3_reset (where);
            }
          g_ptr_array_sort (places, compare_strings);
          g_ptr_array_add (places, NULL);
          row->list = g_strjoinv (",", (char **) places->pdata);
        }
      g_hash_table_insert (dump, g_strdup_printf ("%s/%s/%s", sqlite3_column_text (stmt, 0),
                                                  sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2)),
                           row);
    }
  sqlite3_finalize (where);
  sqlite3_finalize (stmt);
  return dump;
}

static void
assert_same_lists (GHashTable *a,
                   GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (a), ==, g_hash_table_size (b));
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      BestRow *x = value, *y = g_hash_table_lookup (b, key);

      g_assert_nonnull (y);
      g_assert_cmpint (x->rows, ==, y->rows);
      g_assert_cmpint (x->docs, ==, y->docs);
      g_assert_cmpint (x->complete, ==, y->complete);
      g_assert_cmpstr (x->list, ==, y->list);
    }
}

/* Small changes update the lists in place (the changed texts are read with
 * the index's tokenizer); they end up as a rebuild from scratch would make
 * them. Big changes rebuild. A run that never finished leaves them stale,
 * and searches do without them until the next run. */
static void
test_incremental (void)
{
  g_autofree char *folder = g_build_filename (tmp_dir, "changing", NULL);
  g_autofree char *db_path = g_build_filename (tmp_dir, "incremental.db", NULL);
  g_autofree char *fresh_path = g_build_filename (tmp_dir, "fresh.db", NULL);
  g_autofree char *fresh2_path = g_build_filename (tmp_dir, "fresh2.db", NULL);
  g_autoptr(ScIndex) index = NULL;
  g_autoptr(ScIndex) fresh = NULL;
  g_autoptr(ScIndex) fresh2 = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GHashTable) expected = NULL;

  g_mkdir_with_parents (folder, 0700);
  for (guint i = 0; i < N_TEXTS; i++)
    write_text (folder, i, 0);
  index = index_folder (db_path, folder);
  sc_index_close (g_steal_pointer (&index));

  /* Three gone, two changed, two new: under a tenth of the library. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/text-%03u.xml", folder, 10 + i);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  write_text (folder, 20, 1);
  write_text (folder, 21, 1);
  write_text (folder, N_TEXTS, 0);
  write_text (folder, N_TEXTS + 1, 0);

  index = index_folder (db_path, folder);
  g_assert_cmpint (query_int (sc_index_get_db (index), "SELECT value FROM meta WHERE key = 'best_changed'"), ==, 9);
  after = dump_best (index);
  fresh = index_folder (fresh_path, folder);
  expected = dump_best (fresh);
  assert_same_lists (after, expected);

  /* A run that died half-way: stale lists are not used, and the next run
   * rebuilds them. */
  g_assert_cmpint (sqlite3_exec (sc_index_get_db (index), "UPDATE meta SET value = 0 WHERE key = 'best_valid';"
                                 "DELETE FROM best WHERE term = 'the'", NULL, NULL, NULL), ==, SQLITE_OK);
  {
    ScSearchOptions options = { .per_text = FALSE, .limit = 5 };
    g_autoptr(GPtrArray) hits = search (index, "the", &options);
    g_autoptr(GPtrArray) exact = exact_ranking (index, "\"the\"", NULL, FALSE);

    /* Scores in the same proportions (one word: its idf is left out). */
    g_assert_cmpuint (hits->len, ==, 5);
    for (guint i = 0; i < hits->len; i++)
      {
        double ours = ((ScSearchHit *) g_ptr_array_index (hits, i))->rank;
        double theirs = ((Exact *) g_ptr_array_index (exact, i))->rank;
        double first_ours = ((ScSearchHit *) g_ptr_array_index (hits, 0))->rank;
        double first_theirs = ((Exact *) g_ptr_array_index (exact, 0))->rank;

        g_assert_cmpfloat_with_epsilon (ours / first_ours, theirs / first_theirs, 1e-6);
      }
  }
  sc_index_close (g_steal_pointer (&index));
  index = index_folder (db_path, folder);
  g_assert_cmpint (query_int (sc_index_get_db (index), "SELECT value FROM meta WHERE key = 'best_valid'"), ==, 1);
  g_clear_pointer (&after, g_hash_table_unref);
  after = dump_best (index);
  assert_same_lists (after, expected);

  /* A run killed half-way leaves its mark: the next run, even with nothing
   * to index, rebuilds the lists. */
  g_assert_cmpint (sqlite3_exec (sc_index_get_db (index), "UPDATE meta SET value = 1 WHERE key = 'best_dirty';"
                                 "DELETE FROM best WHERE term = 'of'", NULL, NULL, NULL), ==, SQLITE_OK);
  sc_index_close (g_steal_pointer (&index));
  index = index_folder (db_path, folder);
  g_assert_cmpint (query_int (sc_index_get_db (index), "SELECT value FROM meta WHERE key = 'best_dirty'"), ==, 0);
  g_clear_pointer (&after, g_hash_table_unref);
  after = dump_best (index);
  assert_same_lists (after, expected);

  /* A big change: a third of the texts rewritten. */
  sc_index_close (g_steal_pointer (&index));
  for (guint i = 0; i < N_TEXTS; i += 3)
    write_text (folder, i, 2);
  index = index_folder (db_path, folder);
  g_assert_cmpint (query_int (sc_index_get_db (index), "SELECT value FROM meta WHERE key = 'best_changed'"), ==, 0);
  fresh2 = index_folder (fresh2_path, folder);
  g_clear_pointer (&after, g_hash_table_unref);
  g_clear_pointer (&expected, g_hash_table_unref);
  after = dump_best (index);
  expected = dump_best (fresh2);
  assert_same_lists (after, expected);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("SC_INDEX_FREQUENT_ROWS", FREQUENT, TRUE);
  tmp_dir = g_dir_make_tmp ("sc-test-lists-XXXXXX", NULL);
  setup_library ();

  g_test_add_func ("/search-lists/single-word-exact", test_single_word_exact);
  g_test_add_func ("/search-lists/candidates", test_candidates);
  g_test_add_func ("/search-lists/incremental", test_incremental);

  status = g_test_run ();
  sc_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
