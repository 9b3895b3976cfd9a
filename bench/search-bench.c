/* search-bench.c: Study Circle's side of bench/run's search figures
 *
 *   search-bench INDEX.db QUERIES.tsv RUNS [LIMIT]
 *
 * Opens the index once (one warm ScIndex, as a long-running app would keep
 * it) and runs every query of QUERIES.tsv (kind, query, lang or empty)
 * through sc_search() RUNS times in each of two modes: per text (the best
 * section of each text, as the search page asks: per_text, kind "text")
 * and per section; first LIMIT results (20), snippets included. It also times
 * sc_search_count(), which the app runs beside each search for "N texts".
 *
 * For each mode it then asks the same index, in plain SQL, for the exact
 * top LIMIT by FTS5's `ORDER BY rank` (bm25 over every match) and says
 * which share of our results that exact ranking also has in its top LIMIT,
 * so an approximate ranking shows in the numbers.
 *
 * One line per query, tab-separated:
 *   kind, per-text ms (comma-separated runs), section ms, count ms,
 *   results, share per text, share per section
 * ("-" when the exact ranking cannot be computed). The first line is
 * "open" with the milliseconds of sc_index_open() and the first query.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc-index.h"
#include "sc-query.h"
#include "sc-search.h"

#define DEFAULT_LIMIT 20

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The exact top @limit, by plain `ORDER BY rank`: "doc_id" per text,
 * "doc_id/section_id" per section. NULL when the SQL fails (an index whose
 * schema changed under this program). */
static GHashTable *
exact_top (ScIndex    *index,
           const char *match,
           const char *lang,
           gboolean    per_text,
           guint       limit)
{
  static const char per_text_sql[] =
    "SELECT s.doc_id, min(m.rank) AS best"
    " FROM (SELECT rowid, rank FROM fts WHERE fts MATCH ?1) m"
    " JOIN sections s ON s.rowid = m.rowid JOIN docs d ON d.id = s.doc_id"
    " WHERE d.kind = 'text' AND (?2 IS NULL OR d.lang = ?2 OR d.lang LIKE ?2 || '-%')"
    " GROUP BY s.doc_id ORDER BY best, s.doc_id LIMIT ?3";
  static const char section_sql[] =
    "SELECT s.doc_id || '/' || s.section_id"
    " FROM (SELECT rowid, rank FROM fts WHERE fts MATCH ?1) m"
    " JOIN sections s ON s.rowid = m.rowid JOIN docs d ON d.id = s.doc_id"
    " WHERE (?2 IS NULL OR d.lang = ?2 OR d.lang LIKE ?2 || '-%')"
    " ORDER BY m.rank, m.rowid LIMIT ?3";
  sqlite3 *db = sc_index_get_db (index);
  sqlite3_stmt *stmt = NULL;
  GHashTable *top;
  int rc;

  if (sqlite3_prepare_v2 (db, per_text ? per_text_sql : section_sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_printerr ("search-bench: exact ranking: %s\n", sqlite3_errmsg (db));
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  if (lang != NULL)
    sqlite3_bind_text (stmt, 2, lang, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, (int) limit);
  top = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (top, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      g_printerr ("search-bench: exact ranking: %s\n", sqlite3_errmsg (db));
      g_clear_pointer (&top, g_hash_table_unref);
    }
  sqlite3_finalize (stmt);
  return top;
}

/* The share of @hits in the exact top, as text for the output. */
static char *
share_in_exact (ScIndex    *index,
                const char *query,
                const char *lang,
                gboolean    per_text,
                guint       limit,
                GPtrArray  *hits)
{
  g_autoptr(ScQuery) parsed = sc_query_parse (query);
  g_autoptr(GHashTable) top = NULL;
  guint same = 0;

  if (parsed->match == NULL)
    return g_strdup ("-");
  top = exact_top (index, parsed->match, lang, per_text, limit);
  if (top == NULL)
    return g_strdup ("-");
  if (hits->len == 0)
    return g_strdup (g_hash_table_size (top) == 0 ? "1.000" : "0.000");

  for (guint i = 0; i < hits->len; i++)
    {
      ScSearchHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *key = per_text ? g_strdup (hit->doc_id)
                                      : g_strdup_printf ("%s/%s", hit->doc_id, hit->section_id);

      if (g_hash_table_contains (top, key))
        same++;
    }
  return g_strdup_printf ("%.3f", (double) same / hits->len);
}

/* Runs @query @runs times; appends the times to @times. Returns the hits
 * of the last run. */
static GPtrArray *
run_search (ScIndex               *index,
            const char            *query,
            const ScSearchOptions *options,
            int                    runs,
            GString               *times)
{
  GPtrArray *hits = NULL;

  for (int run = 0; run < runs; run++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      g_clear_pointer (&hits, g_ptr_array_unref);
      hits = sc_search (index, query, options, NULL, &error);
      g_string_append_printf (times, "%s%.3f", run == 0 ? "" : ",", elapsed_ms (start));
      if (hits == NULL)
        {
          g_printerr ("search-bench: %s: %s\n", query, error->message);
          hits = g_ptr_array_new ();
        }
    }
  return hits;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScIndex) index = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean first = TRUE;
  gint64 start;
  int runs;
  guint limit;

  if (argc != 4 && argc != 5)
    {
      g_printerr ("usage: search-bench INDEX.db QUERIES.tsv RUNS [LIMIT]\n");
      return 2;
    }
  runs = MAX (1, atoi (argv[3]));
  limit = argc == 5 ? (guint) MAX (1, atoi (argv[4])) : DEFAULT_LIMIT;
  if (!g_file_get_contents (argv[2], &contents, NULL, &error))
    {
      g_printerr ("search-bench: %s\n", error->message);
      return 1;
    }
  lines = g_strsplit (contents, "\n", -1);

  start = g_get_monotonic_time ();
  index = sc_index_open (argv[1], &error);
  if (index == NULL)
    {
      g_printerr ("search-bench: %s\n", error->message);
      return 1;
    }
  printf ("open\t%.3f", elapsed_ms (start));

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 3);
      const char *lang;
      ScSearchOptions per_text, per_section;
      g_autoptr(GString) text_times = g_string_new (NULL);
      g_autoptr(GString) section_times = g_string_new (NULL);
      g_autoptr(GPtrArray) text_hits = NULL;
      g_autoptr(GPtrArray) section_hits = NULL;
      g_autofree char *text_share = NULL;
      g_autofree char *section_share = NULL;
      double count_ms;

      if (g_strv_length (fields) != 3)
        continue;
      lang = *fields[2] != '\0' ? fields[2] : NULL;
      per_text = (ScSearchOptions) { .lang = lang, .kind = "text", .limit = limit, .per_text = TRUE };
      per_section = (ScSearchOptions) { .lang = lang, .limit = limit };

      if (first)
        {
          /* The first query of a fresh connection, alone: what a person
           * waits for after starting the app. */
          g_autoptr(GString) ignored = g_string_new (NULL);
          gint64 first_start = g_get_monotonic_time ();

          g_ptr_array_unref (run_search (index, fields[1], &per_text, 1, ignored));
          printf ("\t%.3f\n", elapsed_ms (first_start));
          first = FALSE;
        }

      text_hits = run_search (index, fields[1], &per_text, runs, text_times);
      section_hits = run_search (index, fields[1], &per_section, runs, section_times);
      start = g_get_monotonic_time ();
      sc_search_count (index, fields[1], &per_text, NULL);
      count_ms = elapsed_ms (start);

      text_share = share_in_exact (index, fields[1], lang, TRUE, limit, text_hits);
      section_share = share_in_exact (index, fields[1], lang, FALSE, limit, section_hits);
      printf ("%s\t%s\t%s\t%.3f\t%u\t%s\t%s\n", fields[0], text_times->str, section_times->str, count_ms,
              text_hits->len, text_share, section_share);
      fflush (stdout);
    }
  return 0;
}
