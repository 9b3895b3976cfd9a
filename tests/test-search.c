/* test-search.c: ranking, snippets and filters on a small real library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "sc-index.h"
#include "sc-search.h"
#include "sc-xml.h"
#include "sc-test-util.h"

static char *tmp_dir;
static ScIndex *index_;

static GPtrArray *
search (const char            *query,
        const ScSearchOptions *options)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = sc_search (index_, query, options, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

static ScSearchHit *
hit (GPtrArray *hits,
     guint      i)
{
  g_assert_cmpuint (i, <, hits->len);
  return g_ptr_array_index (hits, i);
}

/* Every mark covers a word that folds to one of @words. */
static void
assert_marks (ScSearchHit *h,
              const char  *word)
{
  g_assert_cmpuint (h->marks->len, >, 0);
  for (guint i = 0; i < h->marks->len; i++)
    {
      ScSearchMark *mark = &g_array_index (h->marks, ScSearchMark, i);
      g_autofree char *marked = g_strndup (h->snippet + mark->start, mark->end - mark->start);
      g_autofree char *folded = g_utf8_casefold (marked, -1);

      g_assert_cmpuint (mark->end, <=, strlen (h->snippet));
      g_assert_cmpstr (folded, ==, word);
    }
}

static void
test_search_ranking (void)
{
  ScSearchOptions options = { .per_text = TRUE };
  g_autoptr(GPtrArray) hits = search ("general strike", &options);

  /* The text with both words in its title comes first. */
  g_assert_cmpuint (hits->len, >=, 1);
  g_assert_cmpstr (hit (hits, 0)->doc_id, ==, "the-general-strike");
  g_assert_cmpuint (hit (hits, 0)->matches_in_text, ==, 3);

  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search ("wages", &options);
  g_assert_cmpstr (hit (hits, 0)->doc_id, ==, "wages-and-profit");
  /* Within it, the section headed "Wages" is the best. */
  g_assert_cmpstr (hit (hits, 0)->section_id, ==, "wages");
  g_assert_cmpstr (hit (hits, 0)->heading_path, ==, "Wages");

  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search ("piece", &options);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (hit (hits, 0)->section_id, ==, "piece-rates");
  g_assert_cmpstr (hit (hits, 0)->heading_path, ==, "Wages › Piece rates");
}

static void
test_search_every_section_reachable (void)
{
  ScSearchOptions per_text = { .per_text = TRUE };
  ScSearchOptions in_text = { .text_id = "the-general-strike" };
  g_autoptr(GPtrArray) best = search ("strike", &per_text);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint matches = 0;

  for (guint i = 0; i < best->len; i++)
    if (g_str_equal (hit (best, i)->doc_id, "the-general-strike"))
      matches = hit (best, i)->matches_in_text;
  g_assert_cmpuint (matches, ==, 3);

  all = search ("strike", &in_text);
  g_assert_cmpuint (all->len, ==, matches);
  for (guint i = 0; i < all->len; i++)
    {
      g_assert_cmpstr (hit (all, i)->doc_id, ==, "the-general-strike");
      g_assert_true (g_hash_table_add (seen, hit (all, i)->section_id));
    }
  g_assert_true (g_hash_table_contains (seen, "seattle-1919"));
  g_assert_cmpuint (sc_search_count (index_, "strike", &in_text, NULL), ==, 3);
}

static void
test_search_snippets (void)
{
  g_autoptr(GPtrArray) hits = search ("Seattle", &(ScSearchOptions) { .kind = "text" });

  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_nonnull (strstr (hit (hits, 0)->snippet, "Seattle ran the city"));
  assert_marks (hit (hits, 0), "seattle");

  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search ("Banneker", NULL);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (hit (hits, 0)->doc_id, ==, "s00001");
  assert_marks (hit (hits, 0), "banneker");
}

static void
test_search_folding (void)
{
  struct { const char *query; const char *doc_id; } cases[] = {
    { "constitucion", "la-huelga-general" },     /* accents */
    { "CONSTITUCIÓN", "la-huelga-general" },     /* case */
    { "accion", "la-huelga-general" },
    { "constitution", "s00001" },                /* ſ in the text */
    { "conſtitution", "s00001" },                /* ſ in the query */
    { "miscellaneous", "s00001" },               /* mis<g/>cellaneous */
    { "\"six nations\"", "s00001" },
    { "huelga", "la-huelga-general" },
    { "overprod*", "wages-and-profit" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) hits = search (cases[i].query, &(ScSearchOptions) { .per_text = TRUE });

      g_test_message ("query %s", cases[i].query);
      g_assert_cmpuint (hits->len, >=, 1);
      g_assert_cmpstr (hit (hits, 0)->doc_id, ==, cases[i].doc_id);
    }

  /* The gap's description is not text. */
  {
    g_autoptr(GPtrArray) hits = search ("illegible", NULL);
    g_assert_cmpuint (hits->len, ==, 0);
  }
}

static void
test_search_filters (void)
{
  g_autoptr(GPtrArray) hits = NULL;

  hits = search ("solidarity OR solidaridad", &(ScSearchOptions) { .per_text = TRUE });
  g_assert_cmpuint (hits->len, ==, 2);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search ("solidarity OR solidaridad", &(ScSearchOptions) { .per_text = TRUE, .lang = "es" });
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (hit (hits, 0)->doc_id, ==, "la-huelga-general");
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search ("strike OR huelga", &(ScSearchOptions) { .per_text = TRUE, .author = "another" });
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (hit (hits, 0)->doc_id, ==, "the-general-strike");
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search ("strike OR huelga", &(ScSearchOptions) { .per_text = TRUE, .topic = "history" });
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search ("strike OR huelga", &(ScSearchOptions) { .per_text = TRUE, .level = "introductory" });
  for (guint i = 0; i < hits->len; i++)
    g_assert_cmpstr (hit (hits, i)->doc_id, !=, "the-general-strike");
  g_assert_cmpuint (hits->len, >=, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search ("strikes", &(ScSearchOptions) { .per_text = TRUE, .kind = "guide" });
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (hit (hits, 0)->doc_id, ==, "fixture-guide");
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search ("strike", &(ScSearchOptions) { .kind = "glossary" });
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (hit (hits, 0)->doc_id, ==, "glossary-fixture");
  g_assert_cmpstr (hit (hits, 0)->section_id, ==, "general-strike");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Exclusion. */
  hits = search ("strike -seattle", &(ScSearchOptions) { .text_id = "the-general-strike" });
  g_assert_cmpuint (hits->len, ==, 2);
}

static void
test_search_paging (void)
{
  g_autoptr(GPtrArray) first = search ("strike OR huelga OR wages", &(ScSearchOptions) { .limit = 2 });
  g_autoptr(GPtrArray) second = search ("strike OR huelga OR wages", &(ScSearchOptions) { .limit = 2, .offset = 2 });
  guint total = sc_search_count (index_, "strike OR huelga OR wages", NULL, NULL);

  g_assert_cmpuint (first->len, ==, 2);
  g_assert_cmpuint (second->len, ==, 2);
  g_assert_cmpuint (total, >, 4);
  for (guint i = 0; i < 2; i++)
    g_assert_true (hit (first, i)->rank <= hit (second, 0)->rank);
}

/* Whatever a person types, search answers: results or none, no error. */
static void
test_search_any_input (void)
{
  const char *inputs[] = {
    "c++", "U.S.A.", "don't", "50%", "state-of-the-art", "\"unbalanced", "AND", "OR", "NOT",
    "col:x", "title:strike", "*", "**", "-", "--", "\"\"", "(", ")", "^strike", "NEAR(a b)",
    "strike*", "-only", "", "   ", "\x01\x02", "\xff\xfe", "🙂", "罢工", "إضراب",
  };
  g_autoptr(GString) big = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GPtrArray) hits = search (inputs[i], NULL);
      g_assert_nonnull (hits);
    }
  while (big->len < 10 * 1024)
    g_string_append (big, "strike \"( OR -col:x* ");
  {
    g_autoptr(GPtrArray) hits = search (big->str, NULL);
    g_assert_nonnull (hits);
  }
  {
    g_autoptr(GPtrArray) hits = search ("c++", NULL);   /* "c" is in no fixture */
    g_assert_cmpuint (hits->len, ==, 0);
  }
}

static void
test_search_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  g_cancellable_cancel (cancellable);
  hits = sc_search (index_, "strike OR huelga OR wages OR profit", NULL, cancellable, &error);
  /* A query already cancelled either stops with G_IO_ERROR_CANCELLED or,
   * when SQLite finished before its first check, returns normally. */
  if (hits == NULL)
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* What a search keeps between searches (the documents, read again only
 * where they changed) follows the index as another connection changes it:
 * texts added (read incrementally), removed, and the whole index emptied
 * and refilled so that document numbers come back for other texts. */
static void
write_small_text (const char *dir,
                  const char *id,
                  const char *author,
                  const char *title)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.xml", dir, id);
  g_autofree char *xml =
    g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<text id=\"%s\" lang=\"en\" version=\"1\"><meta><title>%s</title>"
                     "<author>%s</author><topics><topic>keeping</topic></topics></meta><body>"
                     "<section id=\"s1\"><head>One</head><p>Branch minutes of %s, zephyrine.</p></section>"
                     "</body></text>\n", id, title, author, id);

  g_assert_true (g_file_set_contents (path, xml, -1, NULL));
}

static void
update_library (ScIndex    *index,
                const char *dir)
{
  g_autoptr(ScLibrary) library = sc_library_new ();
  g_autoptr(GError) error = NULL;
  ScIndexStats stats;

  sc_library_add_folder (library, dir, TRUE);
  sc_index_stats_init (&stats);
  g_assert_true (sc_index_update (index, library, NULL, NULL, NULL, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.problems->len, ==, 0);
  sc_index_stats_clear (&stats);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The texts "zephyrine" finds in @reader, as "id=title" by id, filtered by
 * @author (NULL: all). */
static char *
found (ScIndex    *reader,
       const char *author)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  hits = sc_search (reader, "zephyrine", &(ScSearchOptions) { .per_text = TRUE, .author = author }, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    g_ptr_array_add (names, g_strdup_printf ("%s=%s", hit (hits, i)->doc_id, hit (hits, i)->title));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
test_search_follows_changes (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "changing", NULL);
  g_autofree char *library_dir = g_build_filename (dir, "library", NULL);
  g_autofree char *db_path = g_build_filename (dir, "index.db", NULL);
  g_autofree char *gone = g_build_filename (library_dir, "b.xml", NULL);
  g_autoptr(GError) error = NULL;
  ScIndex *writer, *reader;
  char *names;

  g_assert_cmpint (g_mkdir_with_parents (library_dir, 0700), ==, 0);
  write_small_text (library_dir, "a", "Ada", "First");
  write_small_text (library_dir, "b", "Bea", "Second");
  writer = sc_index_open (db_path, &error);
  g_assert_no_error (error);
  update_library (writer, library_dir);
  reader = sc_index_open (db_path, &error);
  g_assert_no_error (error);

  names = found (reader, NULL);
  g_assert_cmpstr (names, ==, "a=First b=Second");
  g_free (names);
  names = found (reader, "bea");
  g_assert_cmpstr (names, ==, "b=Second");
  g_free (names);

  /* Added: read after what the reader has, authors included. */
  write_small_text (library_dir, "c", "Cai", "Third");
  update_library (writer, library_dir);
  names = found (reader, NULL);
  g_assert_cmpstr (names, ==, "a=First b=Second c=Third");
  g_free (names);
  names = found (reader, "cai");
  g_assert_cmpstr (names, ==, "c=Third");
  g_free (names);

  /* Removed, then the highest number given again to another text. */
  g_assert_cmpint (g_remove (gone), ==, 0);
  write_small_text (library_dir, "c", "Cai", "Third, revised");
  update_library (writer, library_dir);
  names = found (reader, NULL);
  g_assert_cmpstr (names, ==, "a=First c=Third, revised");
  g_free (names);
  names = found (reader, "bea");
  g_assert_cmpstr (names, ==, "");
  g_free (names);

  /* Emptied (as a damaged index is) and filled again by another
   * connection: the same numbers now belong to other texts. */
  sqlite3_db_config (sc_index_get_db (writer), SQLITE_DBCONFIG_RESET_DATABASE, 1, NULL);
  g_assert_cmpint (sqlite3_exec (sc_index_get_db (writer), "VACUUM", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_db_config (sc_index_get_db (writer), SQLITE_DBCONFIG_RESET_DATABASE, 0, NULL);
  sc_index_close (writer);
  sc_test_remove_tree (library_dir);
  g_assert_cmpint (g_mkdir_with_parents (library_dir, 0700), ==, 0);
  write_small_text (library_dir, "d", "Dee", "Fourth");
  write_small_text (library_dir, "e", "Eli", "Fifth");
  write_small_text (library_dir, "f", "Fay", "Sixth");
  writer = sc_index_open (db_path, &error);
  g_assert_no_error (error);
  update_library (writer, library_dir);
  names = found (reader, NULL);
  g_assert_cmpstr (names, ==, "d=Fourth e=Fifth f=Sixth");
  g_free (names);
  names = found (reader, "eli");
  g_assert_cmpstr (names, ==, "e=Fifth");
  g_free (names);

  sc_index_close (reader);
  sc_index_close (writer);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *fixtures = NULL;
  g_autofree char *library_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(ScLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  ScIndexStats stats;
  int status;

  g_test_init (&argc, &argv, NULL);
  sc_xml_init ();

  fixtures = g_test_build_filename (G_TEST_DIST, "fixtures", "library", NULL);
  tmp_dir = g_dir_make_tmp ("sc-test-search-XXXXXX", &error);
  g_assert_no_error (error);
  library_dir = g_build_filename (tmp_dir, "library", NULL);
  db_path = g_build_filename (tmp_dir, "index.db", NULL);
  sc_test_copy_tree (fixtures, library_dir);

  library = sc_library_new ();
  sc_library_add_folder (library, library_dir, TRUE);
  index_ = sc_index_open (db_path, &error);
  g_assert_no_error (error);
  sc_index_stats_init (&stats);
  g_assert_true (sc_index_update (index_, library, NULL, NULL, NULL, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.problems->len, ==, 0);
  sc_index_stats_clear (&stats);

  g_test_add_func ("/search/ranking", test_search_ranking);
  g_test_add_func ("/search/every-section-reachable", test_search_every_section_reachable);
  g_test_add_func ("/search/snippets", test_search_snippets);
  g_test_add_func ("/search/folding", test_search_folding);
  g_test_add_func ("/search/filters", test_search_filters);
  g_test_add_func ("/search/paging", test_search_paging);
  g_test_add_func ("/search/any-input", test_search_any_input);
  g_test_add_func ("/search/cancelled", test_search_cancelled);
  g_test_add_func ("/search/follows-changes", test_search_follows_changes);

  status = g_test_run ();

  sc_index_close (index_);
  sc_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
