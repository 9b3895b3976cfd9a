/* sc-study-records.c: what members did, in the study store: progress on
 * each reading and attendance at each session; and what was exchanged of
 * each shared record (exchange_base, for sc-study-exchange.c)
 *
 * Progress and attendance are written by hand for current members only;
 * merging takes them for anyone the store knows, so a file that carries a
 * removal and the records before it merges in any order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-study-private.h"

/* ===== Progress =========================================================== */

void
sc_progress_free (ScProgress *progress)
{
  if (progress == NULL)
    return;

  g_free (progress->member_id);
  g_free (progress->reading_key);
  g_free (progress->done_date);
  g_free (progress->note);
  g_free (progress);
}

static gboolean
write_progress (ScStudyStore      *store,
                const char        *group_id,
                const ScProgress  *progress,
                gint64             updated,
                GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = sc_study_prepare (store,
                           "INSERT INTO progress (group_id, member_id, reading_key, status, done_date, "
                           "  note, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                           "ON CONFLICT (group_id, member_id, reading_key) DO UPDATE SET status = ?4, "
                           "  done_date = ?5, note = ?6, "
                           "  updated = CASE WHEN ?8 THEN ?7 ELSE MAX (?7, updated + 1) END",
                           error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, group_id);
  sc_sqlite_bind_text (stmt, 2, progress->member_id);
  sc_sqlite_bind_text (stmt, 3, progress->reading_key);
  sc_sqlite_bind_text (stmt, 4, sc_study_reading_names[progress->status]);
  sc_study_bind_optional (stmt, 5, progress->done_date);
  sc_study_bind_optional (stmt, 6, progress->note);
  sqlite3_bind_int64 (stmt, 7, updated != 0 ? updated : sc_study_next_stamp (store));
  sqlite3_bind_int (stmt, 8, updated != 0);
  return sc_study_run (store, stmt, error);
}

static gboolean
set_progress (ScStudyStore     *store,
              const char       *group_id,
              const char       *member_id,
              const char       *reading_key,
              ScReadingStatus   status,
              const char       *done_date,
              const char       *note,
              GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *old_done = NULL;
  g_autofree char *old_note = NULL;
  g_autofree char *today = NULL;
  ScProgress progress = { 0, };
  int rc;

  if (!sc_study_is_current_member (store, group_id, member_id, error))
    return FALSE;

  stmt = sc_study_prepare (store,
                           "SELECT done_date, note FROM progress "
                           "WHERE group_id = ? AND member_id = ? AND reading_key = ?",
                           error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, group_id);
  sc_sqlite_bind_text (stmt, 2, member_id);
  sc_sqlite_bind_text (stmt, 3, reading_key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      old_done = sc_sqlite_column_dup (stmt, 0);
      old_note = sc_sqlite_column_dup (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    return sc_study_db_error (store, rc, error);

  progress.member_id = (char *) member_id;
  progress.reading_key = (char *) reading_key;
  progress.status = status;
  progress.note = (char *) (note != NULL ? note : old_note);
  if (status == SC_READING_DONE)
    {
      if (done_date != NULL)
        progress.done_date = (char *) done_date;
      else if (old_done != NULL)
        progress.done_date = old_done;
      else
        progress.done_date = today = sc_study_today ();
    }

  return write_progress (store, group_id, &progress, 0, error);
}

gboolean
sc_study_store_set_progress (ScStudyStore     *store,
                             const char       *group_id,
                             const char       *member_id,
                             const char       *reading_key,
                             ScReadingStatus   status,
                             const char       *done_date,
                             const char       *note,
                             GError          **error)
{
  gboolean owned, ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (member_id != NULL, FALSE);
  g_return_val_if_fail (reading_key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sc_study_str_empty (reading_key))
    return sc_study_invalid (error, _("A reading needs a key"));
  if ((guint) status >= G_N_ELEMENTS (sc_study_reading_names))
    return sc_study_invalid (error, _("Unknown reading status %d"), status);
  if (done_date != NULL && done_date[0] != '\0' && !sc_date_is_valid (done_date))
    return sc_study_invalid (error, _("Not a date (YYYY-MM-DD): “%s”"), done_date);

  if (!sc_study_txn_begin (store, &owned, error))
    return FALSE;

  ok = set_progress (store, group_id, member_id, reading_key, status, done_date, note, error);
  return sc_study_txn_end (store, owned, ok, error);
}

GPtrArray *
sc_study_store_list_progress (ScStudyStore  *store,
                              const char    *group_id,
                              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sc_study_group_exists (store, group_id, error))
    return NULL;

  stmt = sc_study_prepare (store,
                           "SELECT member_id, reading_key, status, done_date, note, updated FROM progress "
                           "WHERE group_id = ? ORDER BY member_id, reading_key",
                           error);
  if (stmt == NULL)
    return NULL;

  sc_sqlite_bind_text (stmt, 1, group_id);
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_progress_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScProgress *progress = g_new0 (ScProgress, 1);

      progress->member_id = sc_sqlite_column_dup (stmt, 0);
      progress->reading_key = sc_sqlite_column_dup (stmt, 1);
      progress->status = sc_study_column_enum (stmt, 2, sc_study_reading_names,
                                               G_N_ELEMENTS (sc_study_reading_names));
      progress->done_date = sc_sqlite_column_dup (stmt, 3);
      progress->note = sc_sqlite_column_dup (stmt, 4);
      progress->updated = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (records, progress);
    }

  if (rc != SQLITE_DONE)
    {
      sc_study_db_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

/* ===== Attendance ========================================================= */

void
sc_attendance_record_free (ScAttendanceRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->member_id);
  g_free (record);
}

static gboolean
write_attendance (ScStudyStore              *store,
                  const char                *group_id,
                  const ScAttendanceRecord  *record,
                  gint64                     updated,
                  GError                   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = sc_study_prepare (store,
                           "INSERT INTO attendance (group_id, member_id, session, attendance, "
                           "  questions_prepared, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                           "ON CONFLICT (group_id, member_id, session) DO UPDATE SET attendance = ?4, "
                           "  questions_prepared = ?5, "
                           "  updated = CASE WHEN ?7 THEN ?6 ELSE MAX (?6, updated + 1) END",
                           error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, group_id);
  sc_sqlite_bind_text (stmt, 2, record->member_id);
  sqlite3_bind_int64 (stmt, 3, record->session);
  sc_sqlite_bind_text (stmt, 4, sc_study_attendance_names[record->attendance]);
  sqlite3_bind_int (stmt, 5, record->questions_prepared != FALSE);
  sqlite3_bind_int64 (stmt, 6, updated != 0 ? updated : sc_study_next_stamp (store));
  sqlite3_bind_int (stmt, 7, updated != 0);
  return sc_study_run (store, stmt, error);
}

gboolean
sc_study_store_set_attendance (ScStudyStore  *store,
                               const char    *group_id,
                               const char    *member_id,
                               guint          session,
                               ScAttendance   attendance,
                               gboolean       questions_prepared,
                               GError       **error)
{
  ScAttendanceRecord record = { 0, };
  gboolean owned, ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (member_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (session == 0 || session > G_MAXINT32)
    return sc_study_invalid (error, _("Sessions are numbered from 1"));
  if ((guint) attendance >= G_N_ELEMENTS (sc_study_attendance_names))
    return sc_study_invalid (error, _("Unknown attendance %d"), attendance);

  record.member_id = (char *) member_id;
  record.session = session;
  record.attendance = attendance;
  record.questions_prepared = questions_prepared;

  if (!sc_study_txn_begin (store, &owned, error))
    return FALSE;

  ok = sc_study_is_current_member (store, group_id, member_id, error) &&
       write_attendance (store, group_id, &record, 0, error);
  return sc_study_txn_end (store, owned, ok, error);
}

GPtrArray *
sc_study_store_list_attendance (ScStudyStore  *store,
                                const char    *group_id,
                                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sc_study_group_exists (store, group_id, error))
    return NULL;

  stmt = sc_study_prepare (store,
                           "SELECT member_id, session, attendance, questions_prepared, updated "
                           "FROM attendance WHERE group_id = ? ORDER BY session, member_id",
                           error);
  if (stmt == NULL)
    return NULL;

  sc_sqlite_bind_text (stmt, 1, group_id);
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_attendance_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScAttendanceRecord *record = g_new0 (ScAttendanceRecord, 1);

      record->member_id = sc_sqlite_column_dup (stmt, 0);
      record->session = (guint) sqlite3_column_int (stmt, 1);
      record->attendance = sc_study_column_enum (stmt, 2, sc_study_attendance_names,
                                                 G_N_ELEMENTS (sc_study_attendance_names));
      record->questions_prepared = sqlite3_column_int (stmt, 3) != 0;
      record->updated = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (records, record);
    }

  if (rc != SQLITE_DONE)
    {
      sc_study_db_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

/* ===== Merging ============================================================ */

static gboolean
validate_progress (const ScProgress  *progress,
                   GError           **error)
{
  if (sc_study_str_empty (progress->member_id) || sc_study_str_empty (progress->reading_key))
    return sc_study_invalid (error, _("A progress record needs a member and a reading"));
  if ((guint) progress->status >= G_N_ELEMENTS (sc_study_reading_names))
    return sc_study_invalid (error, _("Unknown reading status %d"), progress->status);
  if (progress->done_date != NULL && progress->done_date[0] != '\0' &&
      !sc_date_is_valid (progress->done_date))
    return sc_study_invalid (error, _("Not a date (YYYY-MM-DD): “%s”"), progress->done_date);
  return TRUE;
}

gboolean
sc_study_store_merge_progress (ScStudyStore      *store,
                               const char        *group_id,
                               const ScProgress  *progress,
                               gboolean          *applied,
                               GError           **error)
{
  const char *keys[] = { group_id, NULL, NULL, NULL };
  gboolean owned, ok, wrote = FALSE;
  gint64 local;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (progress != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sc_study_check_stamp (progress->updated, error) || !validate_progress (progress, error) ||
      !sc_study_merge_begin (store, applied, &owned, error))
    return FALSE;

  keys[1] = progress->member_id;
  keys[2] = progress->reading_key;
  ok = sc_study_group_exists (store, group_id, error) &&
       sc_study_member_exists (store, progress->member_id, error) &&
       sc_study_lookup_updated (store,
                                "SELECT updated FROM progress "
                                "WHERE group_id = ? AND member_id = ? AND reading_key = ?",
                                keys, 0, &local, error);
  if (ok && progress->updated > local)
    ok = wrote = write_progress (store, group_id, progress, progress->updated, error);

  return sc_study_merge_end (store, owned, ok, wrote, applied, error);
}

gboolean
sc_study_store_merge_attendance (ScStudyStore              *store,
                                 const char                *group_id,
                                 const ScAttendanceRecord  *record,
                                 gboolean                  *applied,
                                 GError                   **error)
{
  const char *keys[] = { group_id, NULL, NULL };
  gboolean owned, ok, wrote = FALSE;
  gint64 local;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (record != NULL && record->member_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sc_study_check_stamp (record->updated, error) || !sc_study_check_session (record->session, error))
    return FALSE;
  if ((guint) record->attendance >= G_N_ELEMENTS (sc_study_attendance_names))
    return sc_study_invalid (error, _("Unknown attendance %d"), record->attendance);
  if (!sc_study_merge_begin (store, applied, &owned, error))
    return FALSE;

  keys[1] = record->member_id;
  ok = sc_study_group_exists (store, group_id, error) &&
       sc_study_member_exists (store, record->member_id, error) &&
       sc_study_lookup_updated (store,
                                "SELECT updated FROM attendance "
                                "WHERE group_id = ? AND member_id = ? AND session = ?",
                                keys, record->session, &local, error);
  if (ok && record->updated > local)
    ok = wrote = write_attendance (store, group_id, record, record->updated, error);

  return sc_study_merge_end (store, owned, ok, wrote, applied, error);
}

/* ===== What was exchanged ================================================ */

gboolean
sc_study_store_get_exchange_base (ScStudyStore    *store,
                                  const char      *group_id,
                                  const char      *kind,
                                  const char      *key,
                                  ScExchangeBase  *base,
                                  GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL && kind != NULL && key != NULL, FALSE);
  g_return_val_if_fail (base != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (base, 0, sizeof *base);
  stmt = sc_study_prepare (store,
                           "SELECT received, sent, sent_at FROM exchange_base "
                           "WHERE group_id = ? AND kind = ? AND key = ?",
                           error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, group_id);
  sc_sqlite_bind_text (stmt, 2, kind);
  sc_sqlite_bind_text (stmt, 3, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      base->received = sqlite3_column_int64 (stmt, 0);
      base->sent = sqlite3_column_int64 (stmt, 1);
      base->sent_at = sqlite3_column_int64 (stmt, 2);
    }
  else if (rc != SQLITE_DONE)
    return sc_study_db_error (store, rc, error);

  return TRUE;
}

/* @sql inserts or raises one exchange_base row: ?1-?3 are its key, ?4 the
 * version, ?5 (when @sql has it) when it was sent. */
static gboolean
note_exchange (ScStudyStore  *store,
               const char    *sql,
               const char    *group_id,
               const char    *kind,
               const char    *key,
               gint64         updated,
               gint64         sent_at,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean owned, ok = FALSE;

  if (updated <= 0)
    return sc_study_invalid (error, _("An exchanged record needs its time of change"));
  if (!sc_study_txn_begin (store, &owned, error))
    return FALSE;

  stmt = sc_study_prepare (store, sql, error);
  if (stmt != NULL)
    {
      sc_sqlite_bind_text (stmt, 1, group_id);
      sc_sqlite_bind_text (stmt, 2, kind);
      sc_sqlite_bind_text (stmt, 3, key);
      sqlite3_bind_int64 (stmt, 4, updated);
      if (sqlite3_bind_parameter_count (stmt) >= 5)
        sqlite3_bind_int64 (stmt, 5, sent_at);
      ok = sc_study_run (store, stmt, error);
    }

  return sc_study_txn_end (store, owned, ok, error);
}

gboolean
sc_study_store_note_received (ScStudyStore  *store,
                              const char    *group_id,
                              const char    *kind,
                              const char    *key,
                              gint64         updated,
                              GError       **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL && kind != NULL && key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return note_exchange (store,
                        "INSERT INTO exchange_base (group_id, kind, key, received) "
                        "VALUES (?1, ?2, ?3, ?4) "
                        "ON CONFLICT (group_id, kind, key) DO UPDATE "
                        "  SET received = ?4 WHERE ?4 > received",
                        group_id, kind, key, updated, 0, error);
}

/* A version sent again keeps the time it was first sent: the other side
 * may have had it since then. Neither writes anything when the row
 * already says as much (a second import or export of the same records). */
gboolean
sc_study_store_note_sent (ScStudyStore  *store,
                          const char    *group_id,
                          const char    *kind,
                          const char    *key,
                          gint64         updated,
                          gint64         sent_at,
                          GError       **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL && kind != NULL && key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return note_exchange (store,
                        "INSERT INTO exchange_base (group_id, kind, key, sent, sent_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5) "
                        "ON CONFLICT (group_id, kind, key) DO UPDATE "
                        "  SET sent = ?4, sent_at = ?5 WHERE ?4 > sent",
                        group_id, kind, key, updated, sent_at, error);
}

/* ScStudyReading belongs to sc-study-progress.c's computations; its free
 * function lives with the other records. */
void
sc_study_reading_free (ScStudyReading *reading)
{
  if (reading == NULL)
    return;

  g_free (reading->key);
  g_free (reading->text_id);
  g_free (reading->from);
  g_free (reading->to);
  g_free (reading->title);
  g_free (reading->member_id);
  g_free (reading->due_date);
  g_free (reading->note);
  g_free (reading);
}
