/* sc-study-assignments.c: readings assigned beyond the guide, in the
 * study store
 *
 * An assignment is removed by a tombstone (removed, updated), so that the
 * removal travels with progress files like any other change; progress on
 * it stays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-study-private.h"

ScAssignment *
sc_study_assignment_new (const char *group_id,
                         const char *text_id)
{
  ScAssignment *assignment = g_new0 (ScAssignment, 1);

  assignment->group_id = g_strdup (group_id);
  assignment->text_id = g_strdup (text_id);
  return assignment;
}

ScAssignment *
sc_study_assignment_copy (const ScAssignment *assignment)
{
  ScAssignment *copy;

  g_return_val_if_fail (assignment != NULL, NULL);

  copy = g_memdup2 (assignment, sizeof *assignment);
  copy->id = g_strdup (assignment->id);
  copy->group_id = g_strdup (assignment->group_id);
  copy->member_id = g_strdup (assignment->member_id);
  copy->text_id = g_strdup (assignment->text_id);
  copy->from = g_strdup (assignment->from);
  copy->to = g_strdup (assignment->to);
  copy->due_date = g_strdup (assignment->due_date);
  copy->note = g_strdup (assignment->note);
  return copy;
}

void
sc_study_assignment_free (ScAssignment *assignment)
{
  if (assignment == NULL)
    return;

  g_free (assignment->id);
  g_free (assignment->group_id);
  g_free (assignment->member_id);
  g_free (assignment->text_id);
  g_free (assignment->from);
  g_free (assignment->to);
  g_free (assignment->due_date);
  g_free (assignment->note);
  g_free (assignment);
}

#define ASSIGNMENT_COLUMNS \
  "id, group_id, member_id, text_id, from_section, to_section, due_session, due_date, note, " \
  "updated, removed"

static ScAssignment *
assignment_from_row (sqlite3_stmt *stmt)
{
  ScAssignment *assignment = g_new0 (ScAssignment, 1);

  assignment->id = sc_sqlite_column_dup (stmt, 0);
  assignment->group_id = sc_sqlite_column_dup (stmt, 1);
  assignment->member_id = sc_sqlite_column_dup (stmt, 2);
  assignment->text_id = sc_sqlite_column_dup (stmt, 3);
  assignment->from = sc_sqlite_column_dup (stmt, 4);
  assignment->to = sc_sqlite_column_dup (stmt, 5);
  assignment->due_session = (guint) sqlite3_column_int (stmt, 6);
  assignment->due_date = sc_sqlite_column_dup (stmt, 7);
  assignment->note = sc_sqlite_column_dup (stmt, 8);
  assignment->updated = sqlite3_column_int64 (stmt, 9);
  assignment->removed = sqlite3_column_int (stmt, 10) != 0;
  return assignment;
}

static gboolean
validate_assignment (const ScAssignment  *assignment,
                     GError             **error)
{
  if (sc_study_str_empty (assignment->group_id))
    return sc_study_invalid (error, _("An assignment needs a group"));
  if (sc_study_str_empty (assignment->text_id))
    return sc_study_invalid (error, _("An assignment needs a text"));
  if (sc_study_str_empty (assignment->from) && !sc_study_str_empty (assignment->to))
    return sc_study_invalid (error, _("A section range needs its first section"));
  if (assignment->due_date != NULL && assignment->due_date[0] != '\0' &&
      !sc_date_is_valid (assignment->due_date))
    /* Translators: YYYY-MM-DD shows how to write a date (year, month, day). */
    return sc_study_invalid (error, _("Not a date (YYYY-MM-DD): “%s”"), assignment->due_date);
  if (assignment->due_session > G_MAXINT32)
    return sc_study_invalid (error, _("No session %u"), assignment->due_session);
  return TRUE;
}

static gboolean
write_assignment (ScStudyStore        *store,
                  const ScAssignment  *assignment,
                  gint64               updated,
                  gint64              *out_updated,
                  GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = sc_study_prepare (store,
                           "INSERT INTO assignments (" ASSIGNMENT_COLUMNS ") "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
                           "ON CONFLICT (id) DO UPDATE SET group_id = ?2, member_id = ?3, text_id = ?4, "
                           "  from_section = ?5, to_section = ?6, due_session = ?7, due_date = ?8, "
                           "  note = ?9, removed = ?11, "
                           "  updated = CASE WHEN ?12 THEN ?10 ELSE MAX (?10, updated + 1) END "
                           "RETURNING updated",
                           error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, assignment->id);
  sc_sqlite_bind_text (stmt, 2, assignment->group_id);
  sc_study_bind_optional (stmt, 3, assignment->member_id);
  sc_sqlite_bind_text (stmt, 4, assignment->text_id);
  sc_study_bind_optional (stmt, 5, assignment->from);
  sc_study_bind_optional (stmt, 6, assignment->to);
  sqlite3_bind_int64 (stmt, 7, assignment->due_session);
  sc_study_bind_optional (stmt, 8, assignment->due_date);
  sc_study_bind_optional (stmt, 9, assignment->note);
  sqlite3_bind_int64 (stmt, 10, updated != 0 ? updated : sc_study_next_stamp (store));
  sqlite3_bind_int (stmt, 11, updated != 0 && assignment->removed);
  sqlite3_bind_int (stmt, 12, updated != 0);

  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return sc_study_db_error (store, rc, error);
  if (out_updated != NULL)
    *out_updated = sqlite3_column_int64 (stmt, 0);

  return sc_study_run (store, stmt, error);
}

gboolean
sc_study_store_add_assignment (ScStudyStore  *store,
                               ScAssignment  *assignment,
                               GError       **error)
{
  g_autofree char *id = NULL;
  gint64 updated = 0;
  gboolean owned, ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (assignment != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_assignment (assignment, error))
    return FALSE;

  id = assignment->id != NULL ? g_strdup (assignment->id) : g_uuid_string_random ();

  if (!sc_study_txn_begin (store, &owned, error))
    return FALSE;

  {
    ScAssignment with_id = *assignment;

    with_id.id = id;
    if (sc_study_str_empty (assignment->member_id))
      ok = sc_study_group_exists (store, assignment->group_id, error);
    else
      ok = sc_study_is_current_member (store, assignment->group_id, assignment->member_id, error);
    ok = ok && write_assignment (store, &with_id, 0, &updated, error);
  }

  if (!sc_study_txn_end (store, owned, ok, error))
    return FALSE;

  g_free (assignment->id);
  assignment->id = g_steal_pointer (&id);
  assignment->updated = updated;
  assignment->removed = FALSE;
  return TRUE;
}

static ScAssignment *
find_assignment (ScStudyStore  *store,
                 const char    *assignment_id,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = NULL;
  int rc;

  stmt = sc_study_prepare (store, "SELECT id, NULL FROM assignments WHERE removed = 0 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  id = sc_study_resolve_id (store, stmt, "assignment", assignment_id, error);
  if (id == NULL)
    return NULL;

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = sc_study_prepare (store, "SELECT " ASSIGNMENT_COLUMNS " FROM assignments WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  sc_sqlite_bind_text (stmt, 1, id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      sc_study_db_error (store, rc, error);
      return NULL;
    }

  return assignment_from_row (stmt);
}

ScAssignment *
sc_study_store_find_assignment (ScStudyStore  *store,
                                const char    *assignment_id,
                                GError       **error)
{
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (assignment_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return find_assignment (store, assignment_id, error);
}

static gboolean
remove_assignment (ScStudyStore  *store,
                   const char    *assignment_id,
                   GError       **error)
{
  g_autoptr(ScAssignment) assignment = find_assignment (store, assignment_id, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (assignment == NULL)
    return FALSE;

  stmt = sc_study_prepare (store,
                           "UPDATE assignments SET removed = 1, updated = MAX (?2, updated + 1) "
                           "WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, assignment->id);
  sqlite3_bind_int64 (stmt, 2, sc_study_next_stamp (store));
  return sc_study_run (store, stmt, error);
}

gboolean
sc_study_store_remove_assignment (ScStudyStore  *store,
                                  const char    *assignment_id,
                                  GError       **error)
{
  gboolean owned, ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (assignment_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sc_study_txn_begin (store, &owned, error))
    return FALSE;

  ok = remove_assignment (store, assignment_id, error);
  return sc_study_txn_end (store, owned, ok, error);
}

static GPtrArray *
list_assignments (ScStudyStore  *store,
                  const char    *group_id,
                  gboolean       with_removed,
                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) assignments = NULL;
  int rc;

  if (!sc_study_group_exists (store, group_id, error))
    return NULL;

  /* Tied to a session first, in session order, then by date, then as made. */
  stmt = sc_study_prepare (store,
                           "SELECT " ASSIGNMENT_COLUMNS " FROM assignments "
                           "WHERE group_id = ?1 AND (?2 OR removed = 0) "
                           "ORDER BY due_session = 0, due_session, due_date IS NULL, due_date, rowid",
                           error);
  if (stmt == NULL)
    return NULL;

  sc_sqlite_bind_text (stmt, 1, group_id);
  sqlite3_bind_int (stmt, 2, with_removed);
  assignments = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_study_assignment_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (assignments, assignment_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      sc_study_db_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&assignments);
}

GPtrArray *
sc_study_store_list_assignments (ScStudyStore  *store,
                                 const char    *group_id,
                                 GError       **error)
{
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_assignments (store, group_id, FALSE, error);
}

GPtrArray *
sc_study_store_list_all_assignments (ScStudyStore  *store,
                                     const char    *group_id,
                                     GError       **error)
{
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_assignments (store, group_id, TRUE, error);
}

gboolean
sc_study_store_merge_assignment (ScStudyStore        *store,
                                 const ScAssignment  *assignment,
                                 gboolean            *applied,
                                 GError             **error)
{
  const char *keys[] = { NULL, NULL };
  gboolean owned, ok, wrote = FALSE;
  gint64 local;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (assignment != NULL && assignment->id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sc_study_check_stamp (assignment->updated, error) || !validate_assignment (assignment, error) ||
      !sc_study_merge_begin (store, applied, &owned, error))
    return FALSE;

  keys[0] = assignment->id;
  ok = sc_study_group_exists (store, assignment->group_id, error) &&
       (sc_study_str_empty (assignment->member_id) ||
        sc_study_member_exists (store, assignment->member_id, error)) &&
       sc_study_lookup_updated (store, "SELECT updated FROM assignments WHERE id = ?", keys, 0,
                                &local, error);
  if (ok && assignment->updated > local)
    ok = wrote = write_assignment (store, assignment, assignment->updated, NULL, error);

  return sc_study_merge_end (store, owned, ok, wrote, applied, error);
}
