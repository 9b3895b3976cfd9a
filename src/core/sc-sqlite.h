/* sc-sqlite.h: small SQLite helpers the core's databases share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Binds @text, or NULL when @text is NULL. */
void      sc_sqlite_bind_text   (sqlite3_stmt  *stmt,
                                 int            column,
                                 const char    *text);
/* A copy of a text column, NULL for SQL NULL. */
char     *sc_sqlite_column_dup  (sqlite3_stmt  *stmt,
                                 int            column);
/* The first column of the first row of @sql as an integer (0 when it
 * yields no row). Returns the SQLite result code: SQLITE_OK on success. */
int       sc_sqlite_query_int   (sqlite3       *db,
                                 const char    *sql,
                                 gint64        *value);

G_END_DECLS
