/* fuzz-query.c: the query sanitizer
 *
 * Anything a person types goes through sc_query_parse(). Property: every
 * MATCH expression it produces is accepted by FTS5, on a real index opened
 * with sc_index_open() (so with the index's own table and tokenizer); any
 * SQLite error is a finding. The terms it returns for highlighting are
 * UTF-8 and never empty.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "sc-fuzz.h"
#include "sc-index.h"
#include "sc-query.h"

static ScIndex *fuzz_index;
static sqlite3_stmt *match_stmt;

static void
close_index (void)
{
  g_clear_pointer (&match_stmt, sqlite3_finalize);
  g_clear_pointer (&fuzz_index, sc_index_close);
}

static sqlite3_stmt *
get_match_stmt (void)
{
  if (match_stmt == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (sc_fuzz_tmp_dir (), "index.db", NULL);
      int rc;

      fuzz_index = sc_index_open (path, &error);
      g_assert_no_error (error);
      rc = sqlite3_prepare_v2 (sc_index_get_db (fuzz_index),
                               "SELECT count(*) FROM fts WHERE fts MATCH ?", -1, &match_stmt, NULL);
      g_assert_cmpint (rc, ==, SQLITE_OK);
      /* Before the temporary folder goes (atexit runs in reverse order). */
      atexit (close_index);
    }
  return match_stmt;
}

static void
check_match (const char    *match,
             const uint8_t *data,
             size_t         size)
{
  sqlite3_stmt *stmt = get_match_stmt ();
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    {
      g_autofree char *detail = g_strdup_printf ("%s — for the MATCH expression: %s",
                                                 sqlite3_errmsg (sc_index_get_db (fuzz_index)), match);

      sc_fuzz_fail ("FTS5 refuses what sc_query_parse() made", data, size, detail);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

int
sc_fuzz_query (const uint8_t *data,
               size_t         size)
{
  g_autoptr(ScQuery) query = NULL;
  g_autofree char *input = g_malloc (size + 1);

  sc_fuzz_init ();

  /* What the search entry and the command line hand over: a C string, not
   * always valid UTF-8 (a command line argument need not be). */
  memcpy (input, data, size);
  input[size] = '\0';

  query = sc_query_parse (input);
  if (query == NULL)
    sc_fuzz_fail ("sc_query_parse() returned NULL", data, size, NULL);

  for (guint i = 0; i < query->terms->len; i++)
    {
      const char *term = g_ptr_array_index (query->terms, i);

      if (*term == '\0' || !g_utf8_validate (term, -1, NULL))
        sc_fuzz_fail ("a highlight term is empty or not UTF-8", data, size, term);
    }

  if (query->match != NULL)
    check_match (query->match, data, size);
  return 0;
}

SC_FUZZ_ENTRY (sc_fuzz_query)
