/* sc-study-groups.c: study groups and their meetings in the study store
 *
 * A meeting is a record only for what was set by hand (a date, a place):
 * every other date follows the group's start date and cadence, computed
 * when the meetings are listed, so changing the start moves them all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-study-private.h"

/* ===== Groups ============================================================= */

ScGroup *
sc_study_group_new (const char *name)
{
  ScGroup *group = g_new0 (ScGroup, 1);

  group->name = g_strdup (name);
  group->cadence = SC_CADENCE_WEEKLY;
  group->status = SC_GROUP_PLANNED;
  return group;
}

ScGroup *
sc_study_group_copy (const ScGroup *group)
{
  ScGroup *copy;

  g_return_val_if_fail (group != NULL, NULL);

  copy = g_memdup2 (group, sizeof *group);
  copy->id = g_strdup (group->id);
  copy->name = g_strdup (group->name);
  copy->branch = g_strdup (group->branch);
  copy->guide_id = g_strdup (group->guide_id);
  copy->facilitator = g_strdup (group->facilitator);
  copy->start_date = g_strdup (group->start_date);
  return copy;
}

void
sc_study_group_free (ScGroup *group)
{
  if (group == NULL)
    return;

  g_free (group->id);
  g_free (group->name);
  g_free (group->branch);
  g_free (group->guide_id);
  g_free (group->facilitator);
  g_free (group->start_date);
  g_free (group);
}

#define GROUP_COLUMNS "id, name, branch, guide_id, facilitator, start_date, cadence, status, updated"

static ScGroup *
group_from_row (sqlite3_stmt *stmt)
{
  ScGroup *group = g_new0 (ScGroup, 1);

  group->id = sc_sqlite_column_dup (stmt, 0);
  group->name = sc_sqlite_column_dup (stmt, 1);
  group->branch = sc_sqlite_column_dup (stmt, 2);
  group->guide_id = sc_sqlite_column_dup (stmt, 3);
  group->facilitator = sc_sqlite_column_dup (stmt, 4);
  group->start_date = sc_sqlite_column_dup (stmt, 5);
  group->cadence = sc_study_column_enum (stmt, 6, sc_study_cadence_names,
                                         G_N_ELEMENTS (sc_study_cadence_names));
  group->status = sc_study_column_enum (stmt, 7, sc_study_status_names,
                                        G_N_ELEMENTS (sc_study_status_names));
  group->updated = sqlite3_column_int64 (stmt, 8);
  return group;
}

gboolean
sc_study_group_exists (ScStudyStore  *store,
                       const char    *group_id,
                       GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = sc_study_prepare (store, "SELECT 1 FROM groups WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, group_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return sc_study_db_error (store, rc, error);

  g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, _("No group “%s”"), group_id);
  return FALSE;
}

ScGroup *
sc_study_get_group (ScStudyStore  *store,
                    const char    *group_id,
                    GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = sc_study_prepare (store, "SELECT " GROUP_COLUMNS " FROM groups WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  sc_sqlite_bind_text (stmt, 1, group_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return group_from_row (stmt);

  if (rc != SQLITE_DONE)
    sc_study_db_error (store, rc, error);
  else
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, _("No group “%s”"), group_id);
  return NULL;
}

static gboolean
validate_group (const ScGroup  *group,
                GError        **error)
{
  if (sc_study_str_empty (group->name))
    return sc_study_invalid (error, _("A group needs a name"));
  if (group->start_date != NULL && group->start_date[0] != '\0' && !sc_date_is_valid (group->start_date))
    return sc_study_invalid (error, _("Not a date (YYYY-MM-DD): “%s”"), group->start_date);
  if ((guint) group->cadence >= G_N_ELEMENTS (sc_study_cadence_names))
    /* Translators: %d is the program's internal number for a cadence. */
    return sc_study_invalid (error, _("Unknown cadence %d"), group->cadence);
  if ((guint) group->status >= G_N_ELEMENTS (sc_study_status_names))
    return sc_study_invalid (error, _("Unknown group status %d"), group->status);
  return TRUE;
}

static gboolean
check_group_name_free (ScStudyStore   *store,
                       const ScGroup  *group,
                       GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = sc_study_prepare (store, "SELECT id, name FROM groups", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), group->id) != 0 &&
        sc_study_names_equal ((const char *) sqlite3_column_text (stmt, 1), group->name))
      {
        g_set_error (error, SC_ERROR, SC_ERROR_DUPLICATE,
                     _("There is already a group called “%s”"), group->name);
        return FALSE;
      }

  if (rc != SQLITE_DONE)
    return sc_study_db_error (store, rc, error);

  return TRUE;
}

/* Writes @group; @updated 0 stamps it now (strictly after its last change),
 * else the record keeps the given time (merging). */
static gboolean
write_group (ScStudyStore   *store,
             const ScGroup  *group,
             gint64          updated,
             gint64         *out_updated,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *name = g_strstrip (g_strdup (group->name));
  int rc;

  stmt = sc_study_prepare (store,
                           "INSERT INTO groups (" GROUP_COLUMNS ") "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                           "ON CONFLICT (id) DO UPDATE SET name = ?2, branch = ?3, guide_id = ?4, "
                           "  facilitator = ?5, start_date = ?6, cadence = ?7, status = ?8, "
                           "  updated = CASE WHEN ?10 THEN ?9 ELSE MAX (?9, updated + 1) END "
                           "RETURNING updated",
                           error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, group->id);
  sc_sqlite_bind_text (stmt, 2, name);
  sc_study_bind_optional (stmt, 3, group->branch);
  sc_study_bind_optional (stmt, 4, group->guide_id);
  sc_study_bind_optional (stmt, 5, group->facilitator);
  sc_study_bind_optional (stmt, 6, group->start_date);
  sc_sqlite_bind_text (stmt, 7, sc_study_cadence_names[group->cadence]);
  sc_sqlite_bind_text (stmt, 8, sc_study_status_names[group->status]);
  sqlite3_bind_int64 (stmt, 9, updated != 0 ? updated : sc_study_next_stamp (store));
  sqlite3_bind_int (stmt, 10, updated != 0);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return sc_study_db_error (store, rc, error);
  if (out_updated != NULL)
    *out_updated = sqlite3_column_int64 (stmt, 0);

  return sc_study_run (store, stmt, error);
}

gboolean
sc_study_store_save_group (ScStudyStore  *store,
                           ScGroup       *group,
                           GError       **error)
{
  g_autofree char *id = NULL;
  gint64 updated = 0;
  gboolean owned, ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_group (group, error))
    return FALSE;

  id = group->id != NULL ? g_strdup (group->id) : g_uuid_string_random ();

  if (!sc_study_txn_begin (store, &owned, error))
    return FALSE;

  {
    ScGroup named = *group;

    named.id = id;
    ok = check_group_name_free (store, &named, error) &&
         write_group (store, &named, 0, &updated, error);
  }

  if (!sc_study_txn_end (store, owned, ok, error))
    return FALSE;

  g_free (group->id);
  group->id = g_steal_pointer (&id);
  group->updated = updated;
  return TRUE;
}

ScGroup *
sc_study_store_find_group (ScStudyStore  *store,
                           const char    *id_or_name,
                           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (id_or_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = sc_study_prepare (store, "SELECT id, name FROM groups ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  id = sc_study_resolve_id (store, stmt, "group", id_or_name, error);
  if (id == NULL)
    return NULL;

  return sc_study_get_group (store, id, error);
}

GPtrArray *
sc_study_store_list_groups (ScStudyStore  *store,
                            gboolean       include_archived,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = sc_study_prepare (store,
                           "SELECT " GROUP_COLUMNS " FROM groups "
                           "WHERE ?1 OR status != 'archived' ORDER BY name COLLATE NOCASE, id",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, include_archived);
  groups = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_study_group_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (groups, group_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      sc_study_db_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&groups);
}

gboolean
sc_study_store_merge_group (ScStudyStore   *store,
                            const ScGroup  *group,
                            gboolean       *applied,
                            GError        **error)
{
  const char *keys[] = { NULL, NULL };
  gboolean owned, ok, wrote = FALSE;
  gint64 local;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group != NULL && group->id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sc_study_check_stamp (group->updated, error) || !validate_group (group, error) ||
      !sc_study_merge_begin (store, applied, &owned, error))
    return FALSE;

  keys[0] = group->id;
  ok = sc_study_lookup_updated (store, "SELECT updated FROM groups WHERE id = ?", keys, 0, &local, error);
  if (ok && group->updated > local)
    ok = wrote = write_group (store, group, group->updated, NULL, error);

  return sc_study_merge_end (store, owned, ok, wrote, applied, error);
}

/* ===== Meetings =========================================================== */

void
sc_meeting_free (ScMeeting *meeting)
{
  if (meeting == NULL)
    return;

  g_free (meeting->date);
  g_free (meeting->place);
  g_free (meeting);
}

/* The highest session anything of the group refers to. */
static gboolean
highest_session (ScStudyStore  *store,
                 const char    *group_id,
                 guint         *n_sessions,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = sc_study_prepare (store,
                           "SELECT MAX ("
                           "  (SELECT COALESCE (MAX (session), 0) FROM meetings WHERE group_id = ?1),"
                           "  (SELECT COALESCE (MAX (due_session), 0) FROM assignments "
                           "     WHERE group_id = ?1 AND removed = 0),"
                           "  (SELECT COALESCE (MAX (session), 0) FROM attendance WHERE group_id = ?1))",
                           error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, group_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return sc_study_db_error (store, rc, error);

  *n_sessions = (guint) sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* Sessions 1 … @n_sessions with the dates the cadence gives them. */
static GPtrArray *
computed_meetings (const ScGroup *group,
                   guint          n_sessions)
{
  GPtrArray *meetings = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_meeting_free);
  gboolean computed = group->cadence != SC_CADENCE_CUSTOM && sc_date_is_valid (group->start_date);

  for (guint s = 1; s <= n_sessions; s++)
    {
      ScMeeting *meeting = g_new0 (ScMeeting, 1);

      meeting->session = s;
      if (computed)
        meeting->date = sc_study_date_add_days (group->start_date,
                                                (s - 1) * (group->cadence == SC_CADENCE_WEEKLY ? 7 : 14));
      g_ptr_array_add (meetings, meeting);
    }

  return meetings;
}

GPtrArray *
sc_study_store_list_meetings (ScStudyStore  *store,
                              const char    *group_id,
                              guint          n_sessions,
                              GError       **error)
{
  g_autoptr(ScGroup) group = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  group = sc_study_get_group (store, group_id, error);
  if (group == NULL)
    return NULL;

  if (n_sessions == 0 && !highest_session (store, group_id, &n_sessions, error))
    return NULL;

  meetings = computed_meetings (group, n_sessions);

  stmt = sc_study_prepare (store,
                           "SELECT session, date, place, updated FROM meetings "
                           "WHERE group_id = ? AND session <= ? ORDER BY session",
                           error);
  if (stmt == NULL)
    return NULL;

  sc_sqlite_bind_text (stmt, 1, group_id);
  sqlite3_bind_int64 (stmt, 2, n_sessions);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScMeeting *meeting = g_ptr_array_index (meetings, sqlite3_column_int (stmt, 0) - 1);

      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        {
          g_free (meeting->date);
          meeting->date = sc_sqlite_column_dup (stmt, 1);
          meeting->date_set = TRUE;
        }
      meeting->place = sc_sqlite_column_dup (stmt, 2);
      meeting->updated = sqlite3_column_int64 (stmt, 3);
    }

  if (rc != SQLITE_DONE)
    {
      sc_study_db_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&meetings);
}

static gboolean
write_meeting (ScStudyStore  *store,
               const char    *group_id,
               guint          session,
               const char    *date,
               const char    *place,
               gint64         updated,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = sc_study_prepare (store,
                           "INSERT INTO meetings (group_id, session, date, place, updated) "
                           "VALUES (?1, ?2, ?3, ?4, ?5) "
                           "ON CONFLICT (group_id, session) DO UPDATE SET date = ?3, place = ?4, "
                           "  updated = CASE WHEN ?6 THEN ?5 ELSE MAX (?5, updated + 1) END",
                           error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, group_id);
  sqlite3_bind_int64 (stmt, 2, session);
  sc_study_bind_optional (stmt, 3, date);
  sc_study_bind_optional (stmt, 4, place);
  sqlite3_bind_int64 (stmt, 5, updated != 0 ? updated : sc_study_next_stamp (store));
  sqlite3_bind_int (stmt, 6, updated != 0);
  return sc_study_run (store, stmt, error);
}

static gboolean
set_meeting (ScStudyStore  *store,
             const char    *group_id,
             guint          session,
             const char    *date,
             const char    *place,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *old_date = NULL;
  g_autofree char *old_place = NULL;
  int rc;

  if (!sc_study_group_exists (store, group_id, error))
    return FALSE;

  stmt = sc_study_prepare (store, "SELECT date, place FROM meetings WHERE group_id = ? AND session = ?",
                           error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, group_id);
  sqlite3_bind_int64 (stmt, 2, session);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      old_date = sc_sqlite_column_dup (stmt, 0);
      old_place = sc_sqlite_column_dup (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    return sc_study_db_error (store, rc, error);

  return write_meeting (store, group_id, session,
                        date != NULL ? date : old_date,
                        place != NULL ? place : old_place,
                        0, error);
}

gboolean
sc_study_store_set_meeting (ScStudyStore  *store,
                            const char    *group_id,
                            guint          session,
                            const char    *date,
                            const char    *place,
                            GError       **error)
{
  gboolean owned, ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (session == 0)
    return sc_study_invalid (error, _("Sessions are numbered from 1"));
  if (date != NULL && date[0] != '\0' && !sc_date_is_valid (date))
    return sc_study_invalid (error, _("Not a date (YYYY-MM-DD): “%s”"), date);

  if (!sc_study_txn_begin (store, &owned, error))
    return FALSE;

  ok = set_meeting (store, group_id, session, date, place, error);
  return sc_study_txn_end (store, owned, ok, error);
}

gboolean
sc_study_store_merge_meeting (ScStudyStore     *store,
                              const char       *group_id,
                              const ScMeeting  *meeting,
                              gboolean         *applied,
                              GError          **error)
{
  const char *keys[] = { group_id, NULL };
  gboolean owned, ok, wrote = FALSE;
  gint64 local;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (meeting != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sc_study_check_stamp (meeting->updated, error) || !sc_study_check_session (meeting->session, error))
    return FALSE;
  if (meeting->date_set && !sc_date_is_valid (meeting->date))
    return sc_study_invalid (error, _("Not a date (YYYY-MM-DD): “%s”"), meeting->date ? meeting->date : "");
  if (!sc_study_merge_begin (store, applied, &owned, error))
    return FALSE;

  ok = sc_study_group_exists (store, group_id, error) &&
       sc_study_lookup_updated (store, "SELECT updated FROM meetings WHERE group_id = ? AND session = ?",
                                keys, meeting->session, &local, error);
  if (ok && meeting->updated > local)
    ok = wrote = write_meeting (store, group_id, meeting->session,
                                meeting->date_set ? meeting->date : NULL,
                                meeting->place, meeting->updated, error);

  return sc_study_merge_end (store, owned, ok, wrote, applied, error);
}
