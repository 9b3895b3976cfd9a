/* test-index.c: incremental indexing on real files and a real SQLite index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include "sc-error.h"
#include "sc-index.h"
#include "sc-search.h"
#include "sc-xml.h"
#include "sc-test-util.h"

typedef struct {
  char         *tmp;
  char         *library_dir;
  char         *db_path;
  ScLibrary    *library;
  ScIndex      *index;
  ScIndexStats  stats;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *fixtures = g_test_build_filename (G_TEST_DIST, "fixtures", "library", NULL);
  g_autoptr(GError) error = NULL;

  f->tmp = g_dir_make_tmp ("sc-test-index-XXXXXX", &error);
  g_assert_no_error (error);
  f->library_dir = g_build_filename (f->tmp, "library", NULL);
  f->db_path = g_build_filename (f->tmp, "cache", "index.db", NULL);
  sc_test_copy_tree (fixtures, f->library_dir);

  f->library = sc_library_new ();
  sc_library_add_folder (f->library, f->library_dir, TRUE);
  f->index = sc_index_open (f->db_path, &error);
  g_assert_no_error (error);
  sc_index_stats_init (&f->stats);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sc_index_stats_clear (&f->stats);
  g_clear_pointer (&f->index, sc_index_close);
  g_clear_pointer (&f->library, sc_library_free);
  sc_test_remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->library_dir);
  g_free (f->db_path);
}

static void
update (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  sc_index_stats_clear (&f->stats);
  sc_index_stats_init (&f->stats);
  g_assert_true (sc_index_update (f->index, f->library, NULL, NULL, NULL, &f->stats, &error));
  g_assert_no_error (error);
}

static gint64
query_int (ScIndex    *index,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (sc_index_get_db (index), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The index agrees with itself: SQLite's and FTS5's own checks, each
 * section with its FTS row and each FTS row with its section, no section
 * twice, no section without its document. */
static void
assert_consistent (ScIndex *index)
{
  sqlite3_stmt *stmt = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (sc_index_get_db (index), "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (sc_index_get_db (index),
                                 "INSERT INTO fts (fts, rank) VALUES ('integrity-check', 1)",
                                 NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_null (message);
  g_assert_cmpint (query_int (index, "SELECT count(*) FROM fts"), ==,
                   query_int (index, "SELECT count(*) FROM sections"));
  g_assert_cmpint (query_int (index, "SELECT count(*) FROM sections WHERE rowid NOT IN (SELECT rowid FROM fts)"), ==, 0);
  g_assert_cmpint (query_int (index, "SELECT count(*) FROM fts WHERE rowid NOT IN (SELECT rowid FROM sections)"), ==, 0);
  g_assert_cmpint (query_int (index, "SELECT count(*) FROM (SELECT 1 FROM sections GROUP BY doc_id, section_id HAVING count(*) > 1)"), ==, 0);
  g_assert_cmpint (query_int (index, "SELECT count(*) FROM sections WHERE doc_id NOT IN (SELECT id FROM docs)"), ==, 0);
  g_assert_cmpint (query_int (index, "SELECT count(*) FROM docs WHERE path NOT IN (SELECT path FROM files WHERE state = 0)"), ==, 0);
  g_assert_cmpint (query_int (index, "SELECT count(*) FROM files WHERE state = 0 AND doc_id NOT IN (SELECT id FROM docs)"), ==, 0);
}

static guint
hits_for (ScIndex    *index,
          const char *query)
{
  g_autoptr(GError) error = NULL;
  ScSearchOptions options = { .limit = 100, .kind = "text" };
  g_autoptr(GPtrArray) hits = sc_search (index, query, &options, NULL, &error);

  g_assert_no_error (error);
  return hits->len;
}

static void
test_index_fresh (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *guide = g_build_filename (f->library_dir, "en", "guide-fixture.xml", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(ScDocInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  update (f);
  g_assert_cmpuint (f->stats.files, ==, 6);
  g_assert_cmpuint (f->stats.parsed, ==, 6);
  g_assert_cmpuint (f->stats.problems->len, ==, 0);
  g_assert_cmpuint (f->stats.documents, ==, 6);
  assert_consistent (f->index);

  /* The reading of a text the library lacks is kept and reported. */
  g_assert_cmpuint (f->stats.warnings->len, ==, 1);
  expected = g_strdup_printf ("guide-fixture.xml:%u: reading names text \"not-in-this-library\"",
                              sc_test_line_of (guide, "not-in-this-library"));
  g_assert_true (sc_test_strv_has_substring (f->stats.warnings, expected));
  g_assert_cmpint (query_int (f->index, "SELECT count(*) FROM readings WHERE text_id = 'not-in-this-library'"), ==, 1);

  info = sc_index_get_document (f->index, "the-general-strike", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->title, ==, "The General Strike");
  g_assert_cmpstr (info->lang, ==, "en");
  g_assert_cmpstr (info->level, ==, "intermediate");
  g_assert_cmpstr (info->topics, ==, "strikes; history");
  g_assert_cmpint (info->year, ==, 2021);
  g_assert_cmpuint (info->sections, ==, 3);
  g_assert_true (sc_index_has_section (f->index, "wages-and-profit", "piece-rates"));
  g_assert_false (sc_index_has_section (f->index, "wages-and-profit", "no-such-section"));

  g_assert_null (sc_index_get_document (f->index, "no-such-text", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
}

static void
test_index_word_counts (Fixture       *f,
                        gconstpointer  data)
{
  guint wages, piece, profit, crisis, all;

  update (f);
  /* wages (with its subsection piece-rates), profit, crisis */
  piece = sc_index_count_words (f->index, "wages-and-profit", "piece-rates", NULL);
  wages = sc_index_count_words (f->index, "wages-and-profit", "wages", NULL);
  profit = sc_index_count_words (f->index, "wages-and-profit", "profit", NULL);
  crisis = sc_index_count_words (f->index, "wages-and-profit", "crisis", NULL);
  all = sc_index_count_words (f->index, "wages-and-profit", NULL, NULL);

  /* "Some workers are paid by the piece, which hides the hour behind the product." */
  g_assert_cmpuint (piece, ==, 14);
  g_assert_cmpuint (wages, >, piece);
  g_assert_cmpuint (all, ==, wages + profit + crisis);
  g_assert_cmpuint (sc_index_count_words (f->index, "wages-and-profit", "wages", "profit"), ==, wages + profit);
  g_assert_cmpuint (sc_index_count_words (f->index, "wages-and-profit", "piece-rates", "crisis"), ==, piece + profit + crisis);
  g_assert_cmpuint (sc_index_count_words (f->index, "wages-and-profit", "crisis", "wages"), ==, 0);
  g_assert_cmpuint (sc_index_count_words (f->index, "wages-and-profit", "nowhere", NULL), ==, 0);
  g_assert_cmpuint (sc_index_count_words (f->index, "no-such-text", NULL, NULL), ==, 0);
}

static void
test_index_unchanged (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->library_dir, "en", "wages-and-profit.xml", NULL);

  update (f);
  update (f);
  g_assert_cmpuint (f->stats.parsed, ==, 0);
  g_assert_cmpuint (f->stats.unchanged, ==, 6);

  /* A new time but the same bytes: hashed, not parsed. */
  g_assert_cmpint (utime (path, &(struct utimbuf) { 1000000000, 1000000000 }), ==, 0);
  update (f);
  g_assert_cmpuint (f->stats.parsed, ==, 0);
  g_assert_cmpuint (f->stats.unchanged, ==, 6);
  update (f);
  g_assert_cmpuint (f->stats.parsed, ==, 0);
  assert_consistent (f->index);
}

static void
replace_in_file (const char *path,
                 const char *from,
                 const char *to)
{
  g_autofree char *data = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *joined = NULL;

  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_assert_nonnull (strstr (data, from));
  parts = g_strsplit (data, from, -1);
  joined = g_strjoinv (to, parts);
  g_assert_true (g_file_set_contents (path, joined, -1, NULL));
}

static void
test_index_changed (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->library_dir, "en", "wages-and-profit.xml", NULL);

  update (f);
  g_assert_cmpuint (hits_for (f->index, "overproduction"), ==, 1);
  g_assert_cmpuint (hits_for (f->index, "zebracorn"), ==, 0);

  replace_in_file (path, "overproduction", "zebracorn");
  update (f);
  g_assert_cmpuint (f->stats.parsed, ==, 1);
  g_assert_cmpuint (f->stats.unchanged, ==, 5);
  g_assert_cmpuint (hits_for (f->index, "overproduction"), ==, 0);
  g_assert_cmpuint (hits_for (f->index, "zebracorn"), ==, 1);
  assert_consistent (f->index);
}

static void
test_index_removed (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->library_dir, "en", "the-general-strike.xml", NULL);

  update (f);
  g_assert_cmpuint (hits_for (f->index, "Seattle"), ==, 1);
  g_assert_cmpint (g_unlink (path), ==, 0);
  update (f);
  g_assert_cmpuint (f->stats.removed, ==, 1);
  g_assert_cmpuint (f->stats.parsed, ==, 0);
  g_assert_cmpuint (f->stats.documents, ==, 5);
  g_assert_cmpuint (hits_for (f->index, "Seattle"), ==, 0);
  g_assert_false (sc_index_has_section (f->index, "the-general-strike", NULL));
  assert_consistent (f->index);
}

static void
test_index_moved (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *from = g_build_filename (f->library_dir, "en", "the-general-strike.xml", NULL);
  g_autofree char *dir = g_build_filename (f->library_dir, "archive", "1919", NULL);
  g_autofree char *to = g_build_filename (dir, "renamed.xml", NULL);
  g_autoptr(ScDocInfo) info = NULL;

  update (f);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (g_rename (from, to), ==, 0);
  update (f);
  g_assert_cmpuint (f->stats.moved, ==, 1);
  g_assert_cmpuint (f->stats.parsed, ==, 0);
  g_assert_cmpuint (f->stats.removed, ==, 0);

  info = sc_index_get_document (f->index, "the-general-strike", NULL);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->path, ==, to);
  g_assert_cmpuint (hits_for (f->index, "Seattle"), ==, 1);
  assert_consistent (f->index);

  update (f);
  g_assert_cmpuint (f->stats.parsed, ==, 0);
  g_assert_cmpuint (f->stats.moved, ==, 0);
}

static void
test_index_bad_files (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *broken = g_build_filename (f->library_dir, "en", "broken.xml", NULL);
  g_autofree char *stranger = g_build_filename (f->library_dir, "en", "stranger.xml", NULL);
  g_autofree char *xxe = g_build_filename (f->library_dir, "en", "xxe.xml", NULL);
  g_autofree char *secret = g_build_filename (f->tmp, "secret.txt", NULL);
  g_autofree char *xxe_text = NULL;

  g_assert_true (g_file_set_contents (broken, "<?xml version=\"1.0\"?>\n<text id=\"broken\" lang=\"en\" version=\"1\">\n<meta><title>Broken</meta>\n</text>\n", -1, NULL));
  g_assert_true (g_file_set_contents (stranger, "<?xml version=\"1.0\"?>\n<recipe><step>Boil</step></recipe>\n", -1, NULL));
  g_assert_true (g_file_set_contents (secret, "swordfishpassword", -1, NULL));
  xxe_text = g_strdup_printf ("<?xml version=\"1.0\"?>\n<!DOCTYPE text [\n<!ENTITY leak SYSTEM \"file://%s\">\n]>\n"
                              "<text id=\"xxe\" lang=\"en\" version=\"1\"><meta><title>&leak;</title><author>x</author>"
                              "<level>introductory</level></meta><body><section id=\"a\"><head>A</head><p>&leak;</p></section></body></text>\n",
                              secret);
  g_assert_true (g_file_set_contents (xxe, xxe_text, -1, NULL));

  update (f);
  /* The bad files are reported with file and line; the rest is indexed. */
  g_assert_cmpuint (f->stats.rejected, ==, 3);
  g_assert_cmpuint (f->stats.documents, ==, 6);
  g_assert_true (sc_test_strv_has_substring (f->stats.problems, "broken.xml:3:"));
  g_assert_true (sc_test_strv_has_substring (f->stats.problems, "stranger.xml:2:"));
  g_assert_true (sc_test_strv_has_substring (f->stats.problems, "xxe.xml:"));
  g_assert_cmpuint (hits_for (f->index, "swordfishpassword"), ==, 0);
  g_assert_cmpuint (hits_for (f->index, "Seattle"), ==, 1);

  /* Reported again on the next run, without parsing again. */
  update (f);
  g_assert_cmpuint (f->stats.parsed, ==, 0);
  g_assert_cmpuint (f->stats.rejected, ==, 3);
  g_assert_true (sc_test_strv_has_substring (f->stats.problems, "broken.xml:3:"));

  /* Fixed, it is indexed. */
  g_assert_true (g_file_set_contents (broken, "<?xml version=\"1.0\"?>\n<text id=\"broken\" lang=\"en\" version=\"1\">\n"
                                      "<meta><title>Mended</title><author>x</author><level>introductory</level></meta>\n"
                                      "<body><section id=\"a\"><head>A</head><p>quuxmended</p></section></body></text>\n", -1, NULL));
  update (f);
  g_assert_cmpuint (f->stats.rejected, ==, 2);
  g_assert_cmpuint (hits_for (f->index, "quuxmended"), ==, 1);
  assert_consistent (f->index);
}

static void
test_index_duplicate_ids (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *original = g_build_filename (f->library_dir, "en", "wages-and-profit.xml", NULL);
  g_autofree char *copy_dir = g_build_filename (f->library_dir, "zz", NULL);
  g_autofree char *copy = g_build_filename (copy_dir, "copy.xml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(ScDocInfo) info = NULL;

  g_assert_true (g_file_get_contents (original, &contents, NULL, NULL));
  g_assert_cmpint (g_mkdir_with_parents (copy_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (copy, contents, -1, NULL));
  replace_in_file (copy, "overproduction", "duplicatonium");

  update (f);
  /* Both are reported; the first in library order is indexed. */
  g_assert_cmpuint (f->stats.duplicates, ==, 1);
  g_assert_true (sc_test_strv_has_substring (f->stats.problems, "copy.xml:2: id \"wages-and-profit\" is also used by"));
  g_assert_true (sc_test_strv_has_substring (f->stats.problems, "wages-and-profit.xml"));
  info = sc_index_get_document (f->index, "wages-and-profit", NULL);
  g_assert_cmpstr (info->path, ==, original);
  g_assert_cmpuint (hits_for (f->index, "duplicatonium"), ==, 0);
  assert_consistent (f->index);

  /* The same answer on every run. */
  update (f);
  g_assert_cmpuint (f->stats.duplicates, ==, 1);
  g_assert_cmpuint (f->stats.parsed, ==, 0);

  /* When the indexed one goes, the other takes its place. */
  g_assert_cmpint (g_unlink (original), ==, 0);
  update (f);
  g_assert_cmpuint (f->stats.duplicates, ==, 0);
  g_assert_cmpuint (hits_for (f->index, "duplicatonium"), ==, 1);
  g_clear_pointer (&info, sc_doc_info_free);
  info = sc_index_get_document (f->index, "wages-and-profit", NULL);
  g_assert_cmpstr (info->path, ==, copy);
  assert_consistent (f->index);
}

static void
test_index_corrupt_cache (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  update (f);
  g_clear_pointer (&f->index, sc_index_close);

  /* Garbage where the index was: it is a cache, so it is rebuilt. */
  g_assert_true (g_file_set_contents (f->db_path, "this is not a database, just words\n", -1, NULL));
  f->index = sc_index_open (f->db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_index_count_documents (f->index), ==, 0);
  update (f);
  g_assert_cmpuint (f->stats.documents, ==, 6);
  assert_consistent (f->index);
}

static void
write_generated_text (const char *dir,
                      guint       n,
                      guint       version)
{
  g_autofree char *path = g_strdup_printf ("%s/gen-%04u.xml", dir, n);
  g_autoptr(GString) xml = g_string_new (NULL);

  g_string_append_printf (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<text id=\"gen-%u\" lang=\"en\" version=\"1\">\n<meta><title>Generated %u</title>"
                          "<author>Generator</author><level>introductory</level></meta>\n<body>\n", n, n);
  for (guint s = 0; s < 5; s++)
    {
      g_string_append_printf (xml, "<section id=\"s%u\"><head>Part %u</head>\n", s, s);
      for (guint p = 0; p < 8; p++)
        g_string_append_printf (xml, "<p>Workers of branch %u meet weekly to read and discuss marker%uv%u "
                                "while the union organizes another shop floor.</p>\n", n, n, version);
      g_string_append (xml, "</section>\n");
    }
  g_string_append (xml, "</body>\n</text>\n");
  g_assert_true (g_file_set_contents (path, xml->str, xml->len, NULL));
}

/* An indexing run in a child process, killed after @delay_us (or left to
 * finish when negative). Returns whether the kill came before its end;
 * *@ran_us says how long it ran. */
static gboolean
run_and_kill (Fixture *f,
              gint64   delay_us,
              gint64  *ran_us)
{
  gint64 start = g_get_monotonic_time ();
  int status = 0;
  pid_t pid;

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(ScIndex) index = sc_index_open (f->db_path, NULL);
      ScIndexStats stats;

      sc_index_stats_init (&stats);
      sc_index_update (index, f->library, NULL, NULL, NULL, &stats, NULL);
      _exit (0);
    }
  if (delay_us >= 0)
    {
      g_usleep ((gulong) delay_us);
      kill (pid, SIGKILL);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  *ran_us = g_get_monotonic_time () - start;
  return WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL;
}

/* Kills indexing runs at random moments — from opening the index to its
 * last commit: each next run must complete a consistent index with every
 * file in it exactly once, up to date. */
static void
test_index_kill_and_resume (Fixture       *f,
                            gconstpointer  data)
{
  const guint n_files = 240;
  const guint rounds = 30;
  g_autofree char *dir = g_build_filename (f->library_dir, "generated", NULL);
  g_autofree guint *versions = g_new0 (guint, n_files);
  g_autofree char *scratch = g_build_filename (f->tmp, "scratch.db", NULL);
  g_autofree char *db_path = g_steal_pointer (&f->db_path);
  gint64 full_run;
  guint killed = 0;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < n_files; i++)
    write_generated_text (dir, i, 0);

  /* How long a whole first run takes here, on an index of its own: kills
   * are spread over that. */
  f->db_path = scratch;
  g_assert_false (run_and_kill (f, -1, &full_run));
  f->db_path = g_steal_pointer (&db_path);
  g_test_message ("a whole run: %.0f ms", full_run / 1000.0);

  for (guint round = 0; round < rounds; round++)
    {
      /* The first run has every file to index, the others a sixth. */
      gint64 span = round == 0 ? full_run : full_run / 4;
      gint64 ran;

      /* Change some files so that every run has work to do. */
      if (round > 0)
        for (guint k = 0; k < 40; k++)
          {
            guint i = (guint) g_test_rand_int_range (0, n_files);
            write_generated_text (dir, i, ++versions[i]);
          }

      killed += run_and_kill (f, g_test_rand_int_range (0, (gint32) MIN (span, G_MAXINT32)), &ran);

      /* The next run, in this process, completes the work. */
      g_clear_pointer (&f->index, sc_index_close);
      f->index = sc_index_open (f->db_path, NULL);
      g_assert_nonnull (f->index);
      update (f);
      g_assert_cmpuint (f->stats.problems->len, ==, 0);
      g_assert_cmpuint (f->stats.documents, ==, n_files + 6);
      assert_consistent (f->index);

      /* Every file's current version is what the index holds. */
      for (guint k = 0; k < 10; k++)
        {
          guint i = (guint) g_test_rand_int_range (0, n_files);
          g_autofree char *word = g_strdup_printf ("marker%uv%u", i, versions[i]);
          g_assert_cmpuint (hits_for (f->index, word), ==, 5);
        }
    }
  g_test_message ("%u of %u runs killed before their end", killed, rounds);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sc_xml_init ();

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/index/fresh", test_index_fresh);
  ADD ("/index/unchanged", test_index_unchanged);
  ADD ("/index/word-counts", test_index_word_counts);
  ADD ("/index/changed", test_index_changed);
  ADD ("/index/removed", test_index_removed);
  ADD ("/index/moved", test_index_moved);
  ADD ("/index/bad-files", test_index_bad_files);
  ADD ("/index/duplicate-ids", test_index_duplicate_ids);
  ADD ("/index/corrupt-cache", test_index_corrupt_cache);
  ADD ("/index/kill-and-resume", test_index_kill_and_resume);
#undef ADD

  return g_test_run ();
}
