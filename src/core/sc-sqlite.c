/* sc-sqlite.c: small SQLite helpers the core's databases share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-sqlite.h"

void
sc_sqlite_bind_text (sqlite3_stmt *stmt,
                     int           column,
                     const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

char *
sc_sqlite_column_dup (sqlite3_stmt *stmt,
                      int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

int
sc_sqlite_query_int (sqlite3    *db,
                     const char *sql,
                     gint64     *value)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *value = 0;
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *value = sqlite3_column_int64 (stmt, 0);
      return SQLITE_OK;
    }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}
