/* baseline.c: the bare FTS5 baseline of bench/run
 *
 *   baseline load SECTIONS.tsv DB
 *   baseline search DB QUERIES.tsv RUNS
 *
 * "load" bulk-loads the sections that bench/gen-corpus extracted (exactly
 * the text Study Circle indexes) into one FTS5 table, the way anyone would
 * who wanted a fast bulk load: no journal, no syncing, a large cache, one
 * transaction, then 'optimize'. It prints one JSON object: seconds, rows,
 * bytes of text.
 *
 * "search" runs every query of QUERIES.tsv (kind, query, lang or empty:
 * what bench/run writes) RUNS times as `ORDER BY rank LIMIT 20` with
 * snippet(), and prints one line per query: kind, rows, then the time of
 * each run in milliseconds.
 *
 * Plain SQLite and libc only: the baseline must owe nothing to the code it
 * is compared with.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#define N_FIELDS 7   /* doc, section, lang, title, authors, heading, body */

static double
now_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
die (sqlite3    *db,
     const char *what)
{
  fprintf (stderr, "baseline: %s: %s\n", what, db != NULL ? sqlite3_errmsg (db) : "failed");
  exit (1);
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    die (db, sql);
}

/* Splits @line (without its newline) at tabs into @fields, undoing the
 * \\, \t and \n escapes in place. Returns the number of fields. */
static int
split_tsv (char  *line,
           char **fields,
           int    max_fields)
{
  int n = 0;
  char *in = line;
  char *out = line;

  fields[n++] = out;
  for (; *in != '\0'; in++)
    {
      if (*in == '\t')
        {
          *out++ = '\0';
          if (n == max_fields)
            return -1;
          fields[n++] = out;
        }
      else if (*in == '\\' && in[1] != '\0')
        {
          in++;
          *out++ = *in == 'n' ? '\n' : *in == 't' ? '\t' : *in;
        }
      else
        *out++ = *in;
    }
  *out = '\0';
  return n;
}

static int
load (const char *tsv_path,
      const char *db_path)
{
  FILE *tsv = fopen (tsv_path, "r");
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;
  char *line = NULL;
  size_t size = 0;
  ssize_t len;
  long rows = 0;
  long long bytes = 0;
  double start;

  if (tsv == NULL)
    {
      perror (tsv_path);
      return 1;
    }
  remove (db_path);
  if (sqlite3_open (db_path, &db) != SQLITE_OK)
    die (db, db_path);

  start = now_seconds ();
  exec_or_die (db,
               "PRAGMA journal_mode=OFF;"
               "PRAGMA synchronous=OFF;"
               "PRAGMA locking_mode=EXCLUSIVE;"
               "PRAGMA temp_store=MEMORY;"
               "PRAGMA cache_size=-65536;"
               "CREATE VIRTUAL TABLE fts USING fts5 ("
               "  title, authors, heading, body, lang UNINDEXED,"
               "  tokenize = 'unicode61 remove_diacritics 2');"
               "INSERT INTO fts (fts, rank) VALUES ('rank', 'bm25(10.0, 6.0, 4.0, 1.0, 0.0)');"
               "BEGIN;");
  if (sqlite3_prepare_v2 (db, "INSERT INTO fts (title, authors, heading, body, lang) VALUES (?,?,?,?,?)",
                          -1, &insert, NULL) != SQLITE_OK)
    die (db, "prepare");

  /* The header line first. */
  if (getline (&line, &size, tsv) < 0)
    {
      fprintf (stderr, "baseline: %s is empty\n", tsv_path);
      return 1;
    }
  while ((len = getline (&line, &size, tsv)) > 0)
    {
      char *fields[N_FIELDS];

      if (line[len - 1] == '\n')
        line[--len] = '\0';
      if (split_tsv (line, fields, N_FIELDS) != N_FIELDS)
        {
          fprintf (stderr, "baseline: %s: line %ld has not %d fields\n", tsv_path, rows + 2, N_FIELDS);
          return 1;
        }
      sqlite3_bind_text (insert, 1, fields[3], -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, fields[4], -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, fields[5], -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, fields[6], -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 5, fields[2], -1, SQLITE_STATIC);
      if (sqlite3_step (insert) != SQLITE_DONE)
        die (db, "insert");
      sqlite3_reset (insert);
      rows++;
      bytes += strlen (fields[6]);
    }
  sqlite3_finalize (insert);
  exec_or_die (db, "COMMIT; INSERT INTO fts (fts) VALUES ('optimize');");
  if (sqlite3_close (db) != SQLITE_OK)
    die (db, "close");

  printf ("{\"seconds\": %.3f, \"rows\": %ld, \"body_bytes\": %lld}\n", now_seconds () - start, rows, bytes);
  free (line);
  fclose (tsv);
  return 0;
}

static int
search (const char *db_path,
        const char *queries_path,
        int         runs)
{
  FILE *queries = fopen (queries_path, "r");
  sqlite3 *db = NULL;
  sqlite3_stmt *plain = NULL;
  sqlite3_stmt *by_lang = NULL;
  char *line = NULL;
  size_t size = 0;
  ssize_t len;

  if (queries == NULL)
    {
      perror (queries_path);
      return 1;
    }
  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    die (db, db_path);
  if (sqlite3_prepare_v2 (db,
                          "SELECT rowid, snippet(fts, 3, '[', ']', '…', 16) FROM fts"
                          " WHERE fts MATCH ?1 ORDER BY rank LIMIT 20",
                          -1, &plain, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "SELECT rowid, snippet(fts, 3, '[', ']', '…', 16) FROM fts"
                          " WHERE fts MATCH ?1 AND lang = ?2 ORDER BY rank LIMIT 20",
                          -1, &by_lang, NULL) != SQLITE_OK)
    die (db, "prepare");

  while ((len = getline (&line, &size, queries)) > 0)
    {
      char *fields[3];
      sqlite3_stmt *stmt;
      int n_rows = 0;

      if (line[len - 1] == '\n')
        line[--len] = '\0';
      if (split_tsv (line, fields, 3) != 3)
        continue;
      stmt = *fields[2] != '\0' ? by_lang : plain;
      printf ("%s", fields[0]);
      for (int run = 0; run < runs; run++)
        {
          double start = now_seconds ();
          int rc;

          sqlite3_bind_text (stmt, 1, fields[1], -1, SQLITE_STATIC);
          if (stmt == by_lang)
            sqlite3_bind_text (stmt, 2, fields[2], -1, SQLITE_STATIC);
          n_rows = 0;
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            {
              /* Read the snippet, as a program showing it would. */
              if (sqlite3_column_text (stmt, 1) != NULL)
                n_rows++;
            }
          if (rc != SQLITE_DONE)
            die (db, fields[1]);
          sqlite3_reset (stmt);
          if (run == 0)
            printf ("\t");
          printf ("%s%.3f", run == 0 ? "" : ",", (now_seconds () - start) * 1000.0);
        }
      printf ("\t%d\n", n_rows);
    }
  sqlite3_finalize (plain);
  sqlite3_finalize (by_lang);
  sqlite3_close (db);
  free (line);
  fclose (queries);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc == 4 && strcmp (argv[1], "load") == 0)
    return load (argv[2], argv[3]);
  if (argc == 5 && strcmp (argv[1], "search") == 0)
    return search (argv[2], argv[3], atoi (argv[4]));

  fprintf (stderr, "usage: baseline load SECTIONS.tsv DB\n"
                   "       baseline search DB QUERIES.tsv RUNS\n");
  return 2;
}
