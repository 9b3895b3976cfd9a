/* sc-study-reading.c: my own reading, on this computer: the last position
 * in each text, bookmarks and highlights with notes
 *
 * These are the person's own and never shared: removing deletes them (no
 * tombstones), and positions keep only the last place read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-study-private.h"

void
sc_position_free (ScPosition *position)
{
  if (position == NULL)
    return;

  g_free (position->text_id);
  g_free (position->section_id);
  g_free (position);
}

void
sc_bookmark_free (ScBookmark *bookmark)
{
  if (bookmark == NULL)
    return;

  g_free (bookmark->id);
  g_free (bookmark->text_id);
  g_free (bookmark->section_id);
  g_free (bookmark->label);
  g_free (bookmark);
}

void
sc_highlight_free (ScHighlight *highlight)
{
  if (highlight == NULL)
    return;

  g_free (highlight->id);
  g_free (highlight->text_id);
  g_free (highlight->section_id);
  g_free (highlight->note);
  g_free (highlight);
}

/* Runs one prepared write as its own transaction. */
static gboolean
run_write (ScStudyStore  *store,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  gboolean owned, ok;

  if (!sc_study_txn_begin (store, &owned, error))
    return FALSE;

  ok = sc_study_run (store, stmt, error);
  return sc_study_txn_end (store, owned, ok, error);
}

gboolean
sc_study_store_set_position (ScStudyStore  *store,
                             const char    *text_id,
                             const char    *section_id,
                             guint          offset,
                             double         percent,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (text_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sc_study_str_empty (text_id))
    return sc_study_invalid (error, _("A position needs a text"));
  if (!(percent >= 0.0 && percent <= 100.0))
    /* Translators: a percentage of the text read. */
    return sc_study_invalid (error, _("A share read must be between 0 and 100, not %g"), percent);

  stmt = sc_study_prepare (store,
                           "INSERT INTO positions (text_id, section_id, char_offset, percent, last_opened) "
                           "VALUES (?1, ?2, ?3, ?4, ?5) "
                           "ON CONFLICT (text_id) DO UPDATE SET section_id = ?2, char_offset = ?3, "
                           "  percent = ?4, last_opened = MAX (?5, last_opened + 1)",
                           error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, text_id);
  sc_study_bind_optional (stmt, 2, section_id);
  sqlite3_bind_int64 (stmt, 3, offset);
  sqlite3_bind_double (stmt, 4, percent);
  sqlite3_bind_int64 (stmt, 5, sc_study_next_stamp (store));
  return run_write (store, stmt, error);
}

#define POSITION_SELECT "SELECT text_id, section_id, char_offset, percent, last_opened FROM positions "

static ScPosition *
position_from_row (sqlite3_stmt *stmt)
{
  ScPosition *position = g_new0 (ScPosition, 1);

  position->text_id = sc_sqlite_column_dup (stmt, 0);
  position->section_id = sc_sqlite_column_dup (stmt, 1);
  position->offset = (guint) sqlite3_column_int64 (stmt, 2);
  position->percent = sqlite3_column_double (stmt, 3);
  position->last_opened = sqlite3_column_int64 (stmt, 4);
  return position;
}

ScPosition *
sc_study_store_get_position (ScStudyStore  *store,
                             const char    *text_id,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (text_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = sc_study_prepare (store, POSITION_SELECT "WHERE text_id = ?", error);
  if (stmt == NULL)
    return NULL;

  sc_sqlite_bind_text (stmt, 1, text_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return position_from_row (stmt);

  if (rc != SQLITE_DONE)
    sc_study_db_error (store, rc, error);
  else
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, _("No reading position in “%s”"), text_id);
  return NULL;
}

GPtrArray *
sc_study_store_recent_positions (ScStudyStore  *store,
                                 guint          limit,
                                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) positions = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = sc_study_prepare (store, POSITION_SELECT "ORDER BY last_opened DESC, text_id LIMIT ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (sqlite3_int64) limit : -1);
  positions = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_position_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (positions, position_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      sc_study_db_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&positions);
}

ScBookmark *
sc_study_store_add_bookmark (ScStudyStore  *store,
                             const char    *text_id,
                             const char    *section_id,
                             guint          offset,
                             const char    *label,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  ScBookmark *bookmark;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (text_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (sc_study_str_empty (text_id))
    {
      sc_study_invalid (error, _("A bookmark needs a text"));
      return NULL;
    }

  bookmark = g_new0 (ScBookmark, 1);
  bookmark->id = g_uuid_string_random ();
  bookmark->text_id = g_strdup (text_id);
  bookmark->section_id = sc_study_str_empty (section_id) ? NULL : g_strdup (section_id);
  bookmark->offset = offset;
  bookmark->label = sc_study_str_empty (label) ? NULL : g_strdup (label);
  bookmark->created = sc_study_next_stamp (store);

  stmt = sc_study_prepare (store,
                           "INSERT INTO bookmarks (id, text_id, section_id, char_offset, label, created) "
                           "VALUES (?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt != NULL)
    {
      sc_sqlite_bind_text (stmt, 1, bookmark->id);
      sc_sqlite_bind_text (stmt, 2, bookmark->text_id);
      sc_sqlite_bind_text (stmt, 3, bookmark->section_id);
      sqlite3_bind_int64 (stmt, 4, bookmark->offset);
      sc_sqlite_bind_text (stmt, 5, bookmark->label);
      sqlite3_bind_int64 (stmt, 6, bookmark->created);
    }

  if (stmt == NULL || !run_write (store, stmt, error))
    {
      sc_bookmark_free (bookmark);
      return NULL;
    }

  return bookmark;
}

/* Deletes the one row of @table that @id (or a unique prefix) names. */
static gboolean
delete_by_id (ScStudyStore  *store,
              const char    *table,
              const char    *what,
              const char    *id,
              GError       **error)
{
  g_autofree char *list_sql = g_strdup_printf ("SELECT id, NULL FROM %s ORDER BY id", table);
  g_autofree char *delete_sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?", table);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *full_id = NULL;
  gboolean owned, ok = FALSE;

  if (!sc_study_txn_begin (store, &owned, error))
    return FALSE;

  stmt = sc_study_prepare (store, list_sql, error);
  if (stmt != NULL)
    full_id = sc_study_resolve_id (store, stmt, what, id, error);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (full_id != NULL)
    stmt = sc_study_prepare (store, delete_sql, error);
  if (stmt != NULL)
    {
      sc_sqlite_bind_text (stmt, 1, full_id);
      ok = sc_study_run (store, stmt, error);
    }

  return sc_study_txn_end (store, owned, ok, error);
}

gboolean
sc_study_store_remove_bookmark (ScStudyStore  *store,
                                const char    *bookmark_id,
                                GError       **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (bookmark_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return delete_by_id (store, "bookmarks", "bookmark", bookmark_id, error);
}

GPtrArray *
sc_study_store_list_bookmarks (ScStudyStore  *store,
                               const char    *text_id,
                               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) bookmarks = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = sc_study_prepare (store,
                           "SELECT id, text_id, section_id, char_offset, label, created FROM bookmarks "
                           "WHERE ?1 IS NULL OR text_id = ?1 ORDER BY text_id, created, id",
                           error);
  if (stmt == NULL)
    return NULL;

  sc_sqlite_bind_text (stmt, 1, text_id);
  bookmarks = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_bookmark_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScBookmark *bookmark = g_new0 (ScBookmark, 1);

      bookmark->id = sc_sqlite_column_dup (stmt, 0);
      bookmark->text_id = sc_sqlite_column_dup (stmt, 1);
      bookmark->section_id = sc_sqlite_column_dup (stmt, 2);
      bookmark->offset = (guint) sqlite3_column_int64 (stmt, 3);
      bookmark->label = sc_sqlite_column_dup (stmt, 4);
      bookmark->created = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (bookmarks, bookmark);
    }

  if (rc != SQLITE_DONE)
    {
      sc_study_db_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&bookmarks);
}

ScHighlight *
sc_study_store_add_highlight (ScStudyStore  *store,
                              const char    *text_id,
                              const char    *section_id,
                              guint          start,
                              guint          end,
                              const char    *note,
                              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  ScHighlight *highlight;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (text_id != NULL, NULL);
  g_return_val_if_fail (section_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (sc_study_str_empty (text_id) || sc_study_str_empty (section_id))
    {
      sc_study_invalid (error, _("A highlight needs a text and a section"));
      return NULL;
    }
  if (start >= end)
    {
      /* Translators: in brackets, where it starts and ends (in characters). */
      sc_study_invalid (error, _("A highlight must cover some text (%u–%u)"), start, end);
      return NULL;
    }

  highlight = g_new0 (ScHighlight, 1);
  highlight->id = g_uuid_string_random ();
  highlight->text_id = g_strdup (text_id);
  highlight->section_id = g_strdup (section_id);
  highlight->start = start;
  highlight->end = end;
  highlight->note = sc_study_str_empty (note) ? NULL : g_strdup (note);
  highlight->created = highlight->updated = sc_study_next_stamp (store);

  stmt = sc_study_prepare (store,
                           "INSERT INTO highlights (id, text_id, section_id, start_char, end_char, note, "
                           "  created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                           error);
  if (stmt != NULL)
    {
      sc_sqlite_bind_text (stmt, 1, highlight->id);
      sc_sqlite_bind_text (stmt, 2, highlight->text_id);
      sc_sqlite_bind_text (stmt, 3, highlight->section_id);
      sqlite3_bind_int64 (stmt, 4, highlight->start);
      sqlite3_bind_int64 (stmt, 5, highlight->end);
      sc_sqlite_bind_text (stmt, 6, highlight->note);
      sqlite3_bind_int64 (stmt, 7, highlight->created);
    }

  if (stmt == NULL || !run_write (store, stmt, error))
    {
      sc_highlight_free (highlight);
      return NULL;
    }

  return highlight;
}

static gboolean
set_highlight_note (ScStudyStore  *store,
                    const char    *highlight_id,
                    const char    *note,
                    GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = NULL;

  stmt = sc_study_prepare (store, "SELECT id, NULL FROM highlights ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;

  id = sc_study_resolve_id (store, stmt, "highlight", highlight_id, error);
  if (id == NULL)
    return FALSE;

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = sc_study_prepare (store,
                           "UPDATE highlights SET note = ?2, updated = MAX (?3, updated + 1) WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, id);
  sc_study_bind_optional (stmt, 2, note);
  sqlite3_bind_int64 (stmt, 3, sc_study_next_stamp (store));
  return sc_study_run (store, stmt, error);
}

gboolean
sc_study_store_set_highlight_note (ScStudyStore  *store,
                                   const char    *highlight_id,
                                   const char    *note,
                                   GError       **error)
{
  gboolean owned, ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (highlight_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sc_study_txn_begin (store, &owned, error))
    return FALSE;

  ok = set_highlight_note (store, highlight_id, note, error);
  return sc_study_txn_end (store, owned, ok, error);
}

gboolean
sc_study_store_remove_highlight (ScStudyStore  *store,
                                 const char    *highlight_id,
                                 GError       **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (highlight_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return delete_by_id (store, "highlights", "highlight", highlight_id, error);
}

GPtrArray *
sc_study_store_list_highlights (ScStudyStore  *store,
                                const char    *text_id,
                                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) highlights = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = sc_study_prepare (store,
                           "SELECT id, text_id, section_id, start_char, end_char, note, created, updated "
                           "FROM highlights WHERE ?1 IS NULL OR text_id = ?1 "
                           "ORDER BY text_id, section_id, start_char, id",
                           error);
  if (stmt == NULL)
    return NULL;

  sc_sqlite_bind_text (stmt, 1, text_id);
  highlights = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_highlight_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScHighlight *highlight = g_new0 (ScHighlight, 1);

      highlight->id = sc_sqlite_column_dup (stmt, 0);
      highlight->text_id = sc_sqlite_column_dup (stmt, 1);
      highlight->section_id = sc_sqlite_column_dup (stmt, 2);
      highlight->start = (guint) sqlite3_column_int64 (stmt, 3);
      highlight->end = (guint) sqlite3_column_int64 (stmt, 4);
      highlight->note = sc_sqlite_column_dup (stmt, 5);
      highlight->created = sqlite3_column_int64 (stmt, 6);
      highlight->updated = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (highlights, highlight);
    }

  if (rc != SQLITE_DONE)
    {
      sc_study_db_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&highlights);
}
