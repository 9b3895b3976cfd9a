/* sc-search.c: ranked search over the index
 *
 * Ranking is FTS5's bm25 with the weights set when the index was created
 * (title > authors > heading > body). Snippets are made only for the rows
 * returned, in a second, rowid-bound query, so a page of results never
 * builds a snippet for every match.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sc-error.h"
#include "sc-query.h"
#include "sc-search.h"
#include "sc-sqlite.h"

/* Marks put around matched words by snippet(); they cannot occur in
 * indexed text, which is XML character data. */
#define MARK_OPEN "\x01"
#define MARK_CLOSE "\x02"
#define SNIPPET_TOKENS 24

void
sc_search_hit_free (ScSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->doc_id);
  g_free (hit->doc_kind);
  g_free (hit->title);
  g_free (hit->authors);
  g_free (hit->lang);
  g_free (hit->section_id);
  g_free (hit->heading);
  g_free (hit->heading_path);
  g_free (hit->snippet);
  g_clear_pointer (&hit->marks, g_array_unref);
  g_free (hit);
}

static int
progress_cb (void *user_data)
{
  /* Non-zero interrupts the statement: a stale query really stops. */
  return g_cancellable_is_cancelled (user_data);
}

/* The filters, shared by the search and the count. */
#define FILTERS \
  " AND (?2 IS NULL OR d.lang = ?2 OR d.lang LIKE ?2 || '-%')" \
  " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM doc_authors a WHERE a.doc_id = d.id AND a.author LIKE '%' || ?3 || '%'))" \
  " AND (?4 IS NULL OR EXISTS (SELECT 1 FROM doc_topics t WHERE t.doc_id = d.id AND t.topic LIKE '%' || ?4 || '%'))" \
  " AND (?5 IS NULL OR d.level = ?5)" \
  " AND (?6 IS NULL OR d.id = ?6)" \
  " AND (?7 IS NULL OR d.kind = ?7)"

static void
bind_optional (sqlite3_stmt *stmt,
               int           column,
               const char   *value)
{
  if (value != NULL && *value != '\0')
    sqlite3_bind_text (stmt, column, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static void
bind_filters (sqlite3_stmt          *stmt,
              const char            *match,
              const ScSearchOptions *options)
{
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  bind_optional (stmt, 2, options->lang);
  bind_optional (stmt, 3, options->author);
  bind_optional (stmt, 4, options->topic);
  bind_optional (stmt, 5, options->level);
  bind_optional (stmt, 6, options->text_id);
  bind_optional (stmt, 7, options->kind);
}

/* Turns snippet()'s marked text into plain text and mark offsets. */
static void
take_snippet (ScSearchHit *hit,
              const char  *marked)
{
  GString *plain = g_string_new (NULL);
  ScSearchMark mark = { 0, 0 };

  hit->marks = g_array_new (FALSE, FALSE, sizeof (ScSearchMark));
  for (const char *p = marked != NULL ? marked : ""; *p != '\0'; p++)
    {
      if (*p == MARK_OPEN[0])
        mark.start = plain->len;
      else if (*p == MARK_CLOSE[0])
        {
          mark.end = plain->len;
          if (mark.end > mark.start)
            g_array_append_val (hit->marks, mark);
        }
      else
        g_string_append_c (plain, *p);
    }
  hit->snippet = g_string_free (plain, FALSE);
}

static void
set_error_from_db (GError       **error,
                   sqlite3       *db,
                   GCancellable  *cancellable)
{
  /* An interrupted statement is a cancelled search, not a broken index. */
  if (!g_cancellable_set_error_if_cancelled (cancellable, error))
    g_set_error (error, SC_ERROR, SC_ERROR_DATABASE, "%s", sqlite3_errmsg (db));
}

static gboolean
add_snippets (sqlite3       *db,
              const char    *match,
              GPtrArray     *hits,
              GArray        *rowids,
              GCancellable  *cancellable,
              GError       **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db,
                          "SELECT snippet(fts, 3, '" MARK_OPEN "', '" MARK_CLOSE "', '…', "
                          G_STRINGIFY (SNIPPET_TOKENS) "),"
                          " snippet(fts, -1, '" MARK_OPEN "', '" MARK_CLOSE "', '…', "
                          G_STRINGIFY (SNIPPET_TOKENS) ") FROM fts WHERE fts MATCH ?1 AND rowid = ?2",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_DATABASE, "%s", sqlite3_errmsg (db));
      return FALSE;
    }

  for (guint i = 0; i < hits->len; i++)
    {
      ScSearchHit *hit = g_ptr_array_index (hits, i);
      int rc;

      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, g_array_index (rowids, sqlite3_int64, i));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          /* The body's words around the match read best; when only the
           * title or heading matched, show that instead. */
          const char *body = (const char *) sqlite3_column_text (stmt, 0);
          const char *best = (const char *) sqlite3_column_text (stmt, 1);

          take_snippet (hit, body != NULL && strchr (body, MARK_OPEN[0]) != NULL ? body : best);
        }
      else
        take_snippet (hit, NULL);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          set_error_from_db (error, db, cancellable);
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/**
 * sc_search:
 * @query: what the person typed; any string is fine
 * @options: (nullable): filters and paging
 *
 * Returns: (transfer full): the hits, best first
 */
GPtrArray *
sc_search (ScIndex                *index,
           const char             *query,
           const ScSearchOptions  *options,
           GCancellable           *cancellable,
           GError                **error)
{
  static const ScSearchOptions defaults = { 0 };
  g_autoptr(ScQuery) parsed = NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_search_hit_free);
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (sqlite3_int64));
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  const char *sql;
  int rc;

  g_return_val_if_fail (index != NULL, NULL);

  if (options == NULL)
    options = &defaults;

  parsed = sc_query_parse (query != NULL ? query : "");
  if (parsed->match == NULL)
    return g_steal_pointer (&hits);

  db = sc_index_get_db (index);

  if (options->per_text)
    sql = "WITH m AS ("
          "  SELECT fts.rowid AS r, fts.rank AS rank FROM fts WHERE fts MATCH ?1),"
          " j AS ("
          "  SELECT m.r, m.rank, s.doc_id, s.section_id, s.heading, s.heading_path,"
          "   row_number () OVER (PARTITION BY s.doc_id ORDER BY m.rank, s.ord) AS n,"
          "   count (*) OVER (PARTITION BY s.doc_id) AS total"
          "  FROM m JOIN sections s ON s.rowid = m.r JOIN docs d ON d.id = s.doc_id"
          "  WHERE 1" FILTERS ")"
          " SELECT j.r, j.doc_id, d.kind, d.title, d.authors, d.lang, d.year,"
          "  j.section_id, j.heading, j.heading_path, j.rank, j.total"
          " FROM j JOIN docs d ON d.id = j.doc_id WHERE j.n = 1"
          " ORDER BY j.rank, d.id LIMIT ?8 OFFSET ?9";
  else
    sql = "SELECT fts.rowid, s.doc_id, d.kind, d.title, d.authors, d.lang, d.year,"
          "  s.section_id, s.heading, s.heading_path, fts.rank, 1"
          " FROM fts JOIN sections s ON s.rowid = fts.rowid JOIN docs d ON d.id = s.doc_id"
          " WHERE fts MATCH ?1" FILTERS
          " ORDER BY fts.rank, s.doc_id, s.ord LIMIT ?8 OFFSET ?9";

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_DATABASE, "%s", sqlite3_errmsg (db));
      return NULL;
    }
  bind_filters (stmt, parsed->match, options);
  sqlite3_bind_int (stmt, 8, (int) (options->limit > 0 ? options->limit : SC_SEARCH_DEFAULT_LIMIT));
  sqlite3_bind_int (stmt, 9, (int) options->offset);

  if (cancellable != NULL)
    sqlite3_progress_handler (db, 1000, progress_cb, cancellable);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScSearchHit *hit = g_new0 (ScSearchHit, 1);
      sqlite3_int64 rowid = sqlite3_column_int64 (stmt, 0);

      hit->doc_id = sc_sqlite_column_dup (stmt, 1);
      hit->doc_kind = sc_sqlite_column_dup (stmt, 2);
      hit->title = sc_sqlite_column_dup (stmt, 3);
      hit->authors = sc_sqlite_column_dup (stmt, 4);
      hit->lang = sc_sqlite_column_dup (stmt, 5);
      hit->year = sqlite3_column_int (stmt, 6);
      hit->section_id = sc_sqlite_column_dup (stmt, 7);
      hit->heading = sc_sqlite_column_dup (stmt, 8);
      hit->heading_path = sc_sqlite_column_dup (stmt, 9);
      hit->rank = sqlite3_column_double (stmt, 10);
      hit->matches_in_text = (guint) sqlite3_column_int (stmt, 11);
      g_ptr_array_add (hits, hit);
      g_array_append_val (rowids, rowid);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_error_from_db (error, db, cancellable);
      sqlite3_progress_handler (db, 0, NULL, NULL);
      return NULL;
    }

  if (!add_snippets (db, parsed->match, hits, rowids, cancellable, error))
    {
      sqlite3_progress_handler (db, 0, NULL, NULL);
      return NULL;
    }
  sqlite3_progress_handler (db, 0, NULL, NULL);

  return g_steal_pointer (&hits);
}

guint
sc_search_count (ScIndex                *index,
                 const char             *query,
                 const ScSearchOptions  *options,
                 GError                **error)
{
  static const ScSearchOptions defaults = { 0 };
  g_autoptr(ScQuery) parsed = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  guint count = 0;

  g_return_val_if_fail (index != NULL, 0);

  if (options == NULL)
    options = &defaults;
  parsed = sc_query_parse (query != NULL ? query : "");
  if (parsed->match == NULL)
    return 0;

  db = sc_index_get_db (index);
  if (sqlite3_prepare_v2 (db,
                          options->per_text
                            ? "SELECT count (DISTINCT s.doc_id) FROM fts JOIN sections s ON s.rowid = fts.rowid"
                              " JOIN docs d ON d.id = s.doc_id WHERE fts MATCH ?1" FILTERS
                            : "SELECT count (*) FROM fts JOIN sections s ON s.rowid = fts.rowid"
                              " JOIN docs d ON d.id = s.doc_id WHERE fts MATCH ?1" FILTERS,
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_DATABASE, "%s", sqlite3_errmsg (db));
      return 0;
    }
  bind_filters (stmt, parsed->match, options);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int (stmt, 0);
  else
    g_set_error (error, SC_ERROR, SC_ERROR_DATABASE, "%s", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return count;
}
