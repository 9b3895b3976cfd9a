/* sc-study.c: the study store in SQLite: opening, the schema and its
 * migrations, transactions, and the helpers the store's files share
 *
 * study.db is user data: months of a group's work. So the connection runs
 * in WAL mode with synchronous=FULL (a write that returned is on disk),
 * every user action is one BEGIN IMMEDIATE transaction (a second program
 * waits for the write lock at the start instead of failing half-way), and
 * a file that fails its check at open is refused and never written to.
 *
 * Shared records carry `updated` (Unix ms, UTC) and deletions of shared
 * records are tombstones, so two copies of the data merge record by record
 * (see sc_study_store_merge_*()). The records themselves are kept by
 * sc-study-groups.c, sc-study-members.c, sc-study-assignments.c,
 * sc-study-records.c and sc-study-reading.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sc-error.h"
#include "sc-study-backup.h"
#include "sc-study-private.h"

/* Long enough for the app and the CLI to take turns on any real write. */
#define BUSY_TIMEOUT_MS 15000

/* exchange_base: per record of a group, what was last exchanged with other
 * computers (sc-study-exchange.c tells updates from conflicts with it). */
#define EXCHANGE_BASE_SQL                                                    \
  "CREATE TABLE exchange_base ("                                             \
  "  group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,"       \
  "  kind TEXT NOT NULL,"                                                    \
  "  key TEXT NOT NULL,"                                                     \
  "  received INTEGER NOT NULL DEFAULT 0,"                                   \
  "  sent INTEGER NOT NULL DEFAULT 0,"                                       \
  "  sent_at INTEGER NOT NULL DEFAULT 0,"                                    \
  "  PRIMARY KEY (group_id, kind, key)) WITHOUT ROWID;"

/* identity: which member of each group is the person at this computer.
 * Local only: never exported nor merged (each computer has its own). */
#define IDENTITY_SQL                                                         \
  "CREATE TABLE identity ("                                                  \
  "  group_id TEXT PRIMARY KEY NOT NULL REFERENCES groups (id) ON DELETE CASCADE," \
  "  member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE);"

/* The current schema (version 2), for a new file. */
static const char schema_sql[] =
  "CREATE TABLE groups ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT NOT NULL,"
  "  branch TEXT,"
  "  guide_id TEXT,"
  "  facilitator TEXT,"
  "  start_date TEXT,"
  "  cadence TEXT NOT NULL CHECK (cadence IN ('weekly', 'fortnightly', 'custom')),"
  "  status TEXT NOT NULL CHECK (status IN ('planned', 'active', 'finished', 'archived')),"
  "  updated INTEGER NOT NULL);"
  "CREATE TABLE members ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT NOT NULL,"
  "  contact TEXT,"
  "  updated INTEGER NOT NULL);"
  "CREATE TABLE memberships ("
  "  group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,"
  "  member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,"
  "  role TEXT NOT NULL CHECK (role IN ('member', 'facilitator')),"
  "  joined TEXT,"
  "  removed INTEGER NOT NULL DEFAULT 0,"
  "  updated INTEGER NOT NULL,"
  "  PRIMARY KEY (group_id, member_id));"
  "CREATE INDEX memberships_member ON memberships (member_id);"
  "CREATE TABLE meetings ("
  "  group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,"
  "  session INTEGER NOT NULL CHECK (session >= 1),"
  "  date TEXT,"
  "  place TEXT,"
  "  updated INTEGER NOT NULL,"
  "  PRIMARY KEY (group_id, session));"
  "CREATE TABLE assignments ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,"
  "  member_id TEXT REFERENCES members (id),"
  "  text_id TEXT NOT NULL,"
  "  from_section TEXT,"
  "  to_section TEXT,"
  "  due_session INTEGER NOT NULL DEFAULT 0,"
  "  due_date TEXT,"
  "  note TEXT,"
  "  removed INTEGER NOT NULL DEFAULT 0,"
  "  updated INTEGER NOT NULL);"
  "CREATE INDEX assignments_group ON assignments (group_id);"
  "CREATE TABLE progress ("
  "  group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,"
  "  member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,"
  "  reading_key TEXT NOT NULL,"
  "  status TEXT NOT NULL CHECK (status IN ('not-started', 'reading', 'done')),"
  "  done_date TEXT,"
  "  note TEXT,"
  "  updated INTEGER NOT NULL,"
  "  PRIMARY KEY (group_id, member_id, reading_key));"
  "CREATE TABLE attendance ("
  "  group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,"
  "  member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,"
  "  session INTEGER NOT NULL CHECK (session >= 1),"
  "  attendance TEXT NOT NULL CHECK (attendance IN ('unknown', 'present', 'absent', 'excused')),"
  "  questions_prepared INTEGER NOT NULL DEFAULT 0,"
  "  updated INTEGER NOT NULL,"
  "  PRIMARY KEY (group_id, member_id, session));"
  EXCHANGE_BASE_SQL
  IDENTITY_SQL
  "CREATE TABLE positions ("
  "  text_id TEXT PRIMARY KEY NOT NULL,"
  "  section_id TEXT,"
  "  char_offset INTEGER NOT NULL DEFAULT 0,"
  "  percent REAL NOT NULL DEFAULT 0,"
  "  last_opened INTEGER NOT NULL);"
  "CREATE INDEX positions_recent ON positions (last_opened);"
  "CREATE TABLE bookmarks ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  text_id TEXT NOT NULL,"
  "  section_id TEXT,"
  "  char_offset INTEGER NOT NULL DEFAULT 0,"
  "  label TEXT,"
  "  created INTEGER NOT NULL);"
  "CREATE INDEX bookmarks_text ON bookmarks (text_id);"
  "CREATE TABLE highlights ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  text_id TEXT NOT NULL,"
  "  section_id TEXT NOT NULL,"
  "  start_char INTEGER NOT NULL,"
  "  end_char INTEGER NOT NULL,"
  "  note TEXT,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL);"
  "CREATE INDEX highlights_text ON highlights (text_id);";

/* Migrations: migrations[N - 1] takes a version-N file to version N + 1.
 * Version 1 knew no meeting places, kept no record of exchanges nor of who
 * is "me" in each group, and highlights had no `updated`: an old highlight
 * was last changed when it was made. */
static const char *const migrations[] = {
  "ALTER TABLE meetings ADD COLUMN place TEXT;"
  "ALTER TABLE highlights ADD COLUMN updated INTEGER NOT NULL DEFAULT 0;"
  "UPDATE highlights SET updated = created;"
  EXCHANGE_BASE_SQL
  IDENTITY_SQL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SC_STUDY_SCHEMA_VERSION - 1);

/* ===== Enumerations, as they are stored and written ====================== */

const char *const sc_study_status_names[4] = { "planned", "active", "finished", "archived" };
const char *const sc_study_cadence_names[3] = { "weekly", "fortnightly", "custom" };
const char *const sc_study_role_names[2] = { "member", "facilitator" };
const char *const sc_study_reading_names[3] = { "not-started", "reading", "done" };
const char *const sc_study_attendance_names[4] = { "unknown", "present", "absent", "excused" };

static gboolean
enum_from_string (const char         *str,
                  const char *const  *names,
                  guint               n_names,
                  guint              *value)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    if (g_ascii_strcasecmp (str, names[i]) == 0)
      {
        *value = i;
        return TRUE;
      }

  return FALSE;
}

#define ENUM_STRINGS(Type, prefix, names)                                   \
  const char *                                                              \
  prefix##_to_string (Type value)                                           \
  {                                                                         \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (names), NULL);      \
    return names[value];                                                    \
  }                                                                         \
                                                                            \
  gboolean                                                                  \
  prefix##_from_string (const char *str,                                    \
                        Type       *value)                                  \
  {                                                                         \
    guint v;                                                                \
                                                                            \
    g_return_val_if_fail (value != NULL, FALSE);                            \
                                                                            \
    if (!enum_from_string (str, names, G_N_ELEMENTS (names), &v))           \
      return FALSE;                                                         \
    *value = (Type) v;                                                      \
    return TRUE;                                                            \
  }

ENUM_STRINGS (ScGroupStatus, sc_group_status, sc_study_status_names)
ENUM_STRINGS (ScCadence, sc_cadence, sc_study_cadence_names)
ENUM_STRINGS (ScRole, sc_role, sc_study_role_names)
ENUM_STRINGS (ScReadingStatus, sc_reading_status, sc_study_reading_names)
ENUM_STRINGS (ScAttendance, sc_attendance, sc_study_attendance_names)

guint
sc_study_column_enum (sqlite3_stmt      *stmt,
                      int                column,
                      const char *const *names,
                      guint              n_names)
{
  guint value = 0;

  enum_from_string ((const char *) sqlite3_column_text (stmt, column), names, n_names, &value);
  return value;
}

/* ===== Dates and strings ================================================== */

gboolean
sc_date_is_valid (const char *date)
{
  guint year, month, day;

  if (date == NULL || strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (date, NULL, 10);
  month = (guint) g_ascii_strtoull (date + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (date + 8, NULL, 10);

  return year >= 1 && g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

char *
sc_study_date_add_days (const char *date,
                        guint       days)
{
  g_autoptr(GDate) d = NULL;

  g_assert (sc_date_is_valid (date));

  d = g_date_new_dmy ((GDateDay) g_ascii_strtoull (date + 8, NULL, 10),
                      (GDateMonth) g_ascii_strtoull (date + 5, NULL, 10),
                      (GDateYear) g_ascii_strtoull (date, NULL, 10));
  g_date_add_days (d, days);
  if (!g_date_valid (d))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (d),
                          (guint) g_date_get_month (d),
                          (guint) g_date_get_day (d));
}

char *
sc_study_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

gboolean
sc_study_str_empty (const char *str)
{
  if (str == NULL)
    return TRUE;

  while (g_ascii_isspace (*str))
    str++;

  return *str == '\0';
}

static char *
name_key (const char *name)
{
  g_autofree char *normal = g_utf8_normalize (name, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  g_autofree char *stripped = g_strstrip (g_strdup (normal != NULL ? normal : name));

  return g_utf8_casefold (stripped, -1);
}

gboolean
sc_study_names_equal (const char *a,
                      const char *b)
{
  g_autofree char *ka = name_key (a);
  g_autofree char *kb = name_key (b);

  return g_strcmp0 (ka, kb) == 0;
}

gboolean
sc_study_invalid (GError    **error,
                  const char *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, SC_ERROR, SC_ERROR_INVALID, message);
  return FALSE;
}

/* ===== Statements ========================================================= */

gboolean
sc_study_db_error (ScStudyStore  *store,
                   int            rc,
                   GError       **error)
{
  /* Another program held the write lock for longer than the busy timeout:
   * say what happened in words a person can act on. */
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    g_set_error (error, SC_ERROR, SC_ERROR_DATABASE,
                 /* Translators: “%s: ” is the study data's file name: keep
                  * it at the start. */
                 _("%s: the study data is busy in another program (Study Circle or "
                   "studycircle-cli); try again in a moment"),
                 store->path);
  /* The disk is full (or the size limit of the tests is reached): the
   * transaction is rolled back whole, so nothing of the change is there. */
  else if ((rc & 0xff) == SQLITE_FULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                 /* Translators: “%s: ” is the study data's file name: keep
                  * it at the start. */
                 _("%s: not enough disk space to save the study data; nothing of this change "
                   "was written. Free some space, then try again"),
                 store->path);
  else if ((rc & 0xff) == SQLITE_READONLY)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                 /* Translators: “%s: ” is the study data's file name: keep
                  * it at the start. */
                 _("%s: the study data cannot be written here (the file or its folder is "
                   "read-only); nothing of this change was written"),
                 store->path);
  else
    g_set_error (error, SC_ERROR, SC_ERROR_DATABASE,
                 "%s: %s", store->path, sqlite3_errmsg (store->db));
  return FALSE;
}

sqlite3_stmt *
sc_study_prepare (ScStudyStore  *store,
                  const char    *sql,
                  GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      sc_study_db_error (store, rc, error);
      return NULL;
    }

  return stmt;
}

gboolean
sc_study_exec (ScStudyStore  *store,
               const char    *sql,
               GError       **error)
{
  int rc = sqlite3_exec (store->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return sc_study_db_error (store, rc, error);

  return TRUE;
}

gboolean
sc_study_run (ScStudyStore  *store,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;

  if (rc != SQLITE_DONE)
    return sc_study_db_error (store, rc, error);

  return TRUE;
}

void
sc_study_bind_optional (sqlite3_stmt *stmt,
                        int           column,
                        const char   *text)
{
  sc_sqlite_bind_text (stmt, column, sc_study_str_empty (text) ? NULL : text);
}

gboolean
sc_study_lookup_updated (ScStudyStore       *store,
                         const char         *sql,
                         const char *const  *keys,
                         gint64              number,
                         gint64             *updated,
                         GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = sc_study_prepare (store, sql, error);
  int column = 1;
  int rc;

  *updated = 0;
  if (stmt == NULL)
    return FALSE;

  for (; keys[column - 1] != NULL; column++)
    sc_sqlite_bind_text (stmt, column, keys[column - 1]);
  if (number != 0)
    sqlite3_bind_int64 (stmt, column, number);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *updated = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return sc_study_db_error (store, rc, error);

  return TRUE;
}

/* Later than any time this connection gave before, even when two writes
 * fall in one millisecond or the clock steps back. The SQL also keeps each
 * record's own `updated` strictly increasing across connections
 * (MAX (new, old + 1)). */
gint64
sc_study_next_stamp (ScStudyStore *store)
{
  gint64 now = g_get_real_time () / 1000;

  /* Two writes in one millisecond: wait for the next one rather than run
   * ahead of the clock, since merging compares these times with the times
   * of exports (which come from here too). Only a clock that stepped back
   * further than a moment is outrun. */
  while (now <= store->last_stamp && store->last_stamp - now < 50)
    {
      g_usleep (100);
      now = g_get_real_time () / 1000;
    }
  store->last_stamp = MAX (now, store->last_stamp + 1);
  return store->last_stamp;
}

/* ===== Transactions ======================================================= */

gboolean
sc_study_txn_begin (ScStudyStore  *store,
                    gboolean      *owned,
                    GError       **error)
{
  *owned = sqlite3_get_autocommit (store->db) != 0;
  if (!*owned)
    return TRUE;

  return sc_study_exec (store, "BEGIN IMMEDIATE", error);
}

gboolean
sc_study_txn_end (ScStudyStore  *store,
                  gboolean       owned,
                  gboolean       ok,
                  GError       **error)
{
  if (!owned)
    return ok;

  if (ok && sc_study_exec (store, "COMMIT", error))
    return TRUE;

  if (sqlite3_get_autocommit (store->db) == 0)
    sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

gboolean
sc_study_store_begin (ScStudyStore  *store,
                      GError       **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sqlite3_get_autocommit (store->db) == 0)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_USAGE, "%s: %s", store->path,
                   _("a transaction is already open"));
      return FALSE;
    }

  return sc_study_exec (store, "BEGIN IMMEDIATE", error);
}

gboolean
sc_study_store_commit (ScStudyStore  *store,
                       GError       **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sc_study_exec (store, "COMMIT", error))
    return TRUE;

  sc_study_store_rollback (store);
  return FALSE;
}

void
sc_study_store_rollback (ScStudyStore *store)
{
  g_return_if_fail (store != NULL);

  if (sqlite3_get_autocommit (store->db) == 0)
    sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Merging: each sc_study_store_merge_*() looks up the record's `updated`
 * in the store and writes the incoming record, with its own time, only
 * when it is later: merging the same file twice changes nothing, and a
 * newer local change stays. */

gboolean
sc_study_merge_begin (ScStudyStore  *store,
                      gboolean      *applied,
                      gboolean      *owned,
                      GError       **error)
{
  if (applied != NULL)
    *applied = FALSE;

  return sc_study_txn_begin (store, owned, error);
}

gboolean
sc_study_merge_end (ScStudyStore  *store,
                    gboolean       owned,
                    gboolean       ok,
                    gboolean       wrote,
                    gboolean      *applied,
                    GError       **error)
{
  if (!sc_study_txn_end (store, owned, ok, error))
    return FALSE;

  if (applied != NULL)
    *applied = wrote;
  return TRUE;
}

gboolean
sc_study_check_stamp (gint64   updated,
                      GError **error)
{
  if (updated <= 0)
    return sc_study_invalid (error, _("A merged record needs its time of change"));
  return TRUE;
}

gboolean
sc_study_check_session (guint    session,
                        GError **error)
{
  if (session == 0 || session > G_MAXINT32)
    return sc_study_invalid (error, _("Sessions are numbered from 1"));
  return TRUE;
}

/* ===== Finding by id, name or id prefix =================================== */

/* Whole sentences for each kind of record, so that translators never have
 * to fit a noun into someone else's sentence. */
static void
set_not_found (GError     **error,
               const char  *what,
               const char  *key)
{
  if (g_str_equal (what, "group"))
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, _("No group “%s”"), key);
  else if (g_str_equal (what, "member"))
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, _("No member “%s”"), key);
  else if (g_str_equal (what, "assignment"))
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, _("No assignment “%s”"), key);
  else if (g_str_equal (what, "bookmark"))
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, _("No bookmark “%s”"), key);
  else if (g_str_equal (what, "highlight"))
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, _("No highlight “%s”"), key);
  else
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, _("No record “%s”"), key);
}

static void
set_ambiguous (GError     **error,
               const char  *what,
               const char  *key,
               guint        n)
{
  if (g_str_equal (what, "group"))
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND,
                 /* Translators: “%s” is what the person typed; it matches
                  * the start of %u ids (always 2 or more). */
                 g_dngettext (GETTEXT_PACKAGE, "“%s” names %u group; use more of the id",
                              "“%s” names %u groups; use more of the id", n), key, n);
  else if (g_str_equal (what, "member"))
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND,
                 g_dngettext (GETTEXT_PACKAGE, "“%s” names %u member; use more of the id",
                              "“%s” names %u members; use more of the id", n), key, n);
  else if (g_str_equal (what, "assignment"))
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND,
                 g_dngettext (GETTEXT_PACKAGE, "“%s” names %u assignment; use more of the id",
                              "“%s” names %u assignments; use more of the id", n), key, n);
  else if (g_str_equal (what, "bookmark"))
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND,
                 g_dngettext (GETTEXT_PACKAGE, "“%s” names %u bookmark; use more of the id",
                              "“%s” names %u bookmarks; use more of the id", n), key, n);
  else if (g_str_equal (what, "highlight"))
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND,
                 g_dngettext (GETTEXT_PACKAGE, "“%s” names %u highlight; use more of the id",
                              "“%s” names %u highlights; use more of the id", n), key, n);
  else
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND,
                 g_dngettext (GETTEXT_PACKAGE, "“%s” names %u record; use more of the id",
                              "“%s” names %u records; use more of the id", n), key, n);
}

char *
sc_study_resolve_id (ScStudyStore  *store,
                     sqlite3_stmt  *stmt,
                     const char    *what,
                     const char    *key,
                     GError       **error)
{
  g_autoptr(GPtrArray) by_name = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) by_prefix = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *prefix = g_ascii_strdown (key, -1);
  gboolean use_prefix = strlen (key) >= SC_STUDY_MIN_PREFIX;
  GPtrArray *matches;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);

      if (g_strcmp0 (id, key) == 0)
        return g_strdup (id);
      if (name != NULL && sc_study_names_equal (name, key))
        g_ptr_array_add (by_name, g_strdup (id));
      if (use_prefix && g_str_has_prefix (id, prefix))
        g_ptr_array_add (by_prefix, g_strdup (id));
    }

  if (rc != SQLITE_DONE)
    {
      sc_study_db_error (store, rc, error);
      return NULL;
    }

  matches = by_name->len > 0 ? by_name : by_prefix;
  if (matches->len == 1)
    return g_strdup (g_ptr_array_index (matches, 0));

  if (matches->len == 0)
    set_not_found (error, what, key);
  else
    set_ambiguous (error, what, key, matches->len);
  return NULL;
}

/* ===== Opening, checks and migrations ===================================== */

static gboolean
pragma_int (ScStudyStore  *store,
            const char    *sql,
            int           *value,
            GError       **error)
{
  gint64 result = 0;
  int rc = sc_sqlite_query_int (store->db, sql, &result);

  if (rc != SQLITE_OK)
    return sc_study_db_error (store, rc, error);

  *value = (int) result;
  return TRUE;
}

/* Refuses the file, leaving every byte of it as it is. When it is
 * @damaged, the error (SC_ERROR_DAMAGED) names the newest usable backup:
 * the person's way back. A file of a newer version is not damaged, and an
 * older backup is no cure for it. */
static gboolean
refuse (ScStudyStore  *store,
        gboolean       damaged,
        const char    *reason,
        GError       **error)
{
  g_autoptr(ScStudyBackup) backup = damaged ? sc_study_find_backup (store->path) : NULL;
  g_autofree char *offer = NULL;

  if (backup != NULL)
    {
      g_autofree char *when = sc_study_backup_format_time (backup);

      /* Translators: keep the space at the start; the time of the
       * backup, then its file name. */
      offer = g_strdup_printf (_(" The newest backup, from %s, is %s."), when, backup->path);
    }

  g_set_error (error, SC_ERROR, damaged ? SC_ERROR_DAMAGED : SC_ERROR_DATABASE,
               /* Translators: the study data's file name, why it was refused,
                * and either nothing or “ The newest backup, from …, is ….” */
               _("%s: %s; the file was left untouched.%s"),
               store->path, reason, offer != NULL ? offer : "");
  return FALSE;
}

/* Everything read before anything is written: is this our file, is it
 * whole, and is it a version this code knows? */
static gboolean
check_file (ScStudyStore  *store,
            int           *version,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *reason = NULL;
  int rc, app_id = 0, tables = 0;

  rc = sqlite3_prepare_v2 (store->db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if ((rc & 0xff) == SQLITE_BUSY)
        return sc_study_db_error (store, rc, error);
      /* Translators: in brackets, SQLite's reason (in English). */
      reason = g_strdup_printf (_("not a readable study database (%s)"), sqlite3_errmsg (store->db));
      return refuse (store, TRUE, reason, error);
    }

  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      /* Translators: in brackets, SQLite's report (in English). */
      reason = g_strdup_printf (_("the database is damaged (%s)"), sqlite3_column_text (stmt, 0));
      return refuse (store, TRUE, reason, error);
    }

  if (!pragma_int (store, "PRAGMA application_id", &app_id, error) ||
      !pragma_int (store, "PRAGMA user_version", version, error) ||
      !pragma_int (store, "SELECT count(*) FROM sqlite_master", &tables, error))
    return FALSE;

  if (app_id != SC_STUDY_APPLICATION_ID && (app_id != 0 || *version != 0 || tables != 0))
    return refuse (store, TRUE, _("not a Study Circle study database"), error);

  if (*version > SC_STUDY_SCHEMA_VERSION)
    {
      reason = g_strdup_printf (_("written by a newer Study Circle (schema version %d; this one "
                                  "knows up to %d)"), *version, SC_STUDY_SCHEMA_VERSION);
      return refuse (store, FALSE, reason, error);
    }

  return TRUE;
}

/* A copy of the whole database before a migration touches it:
 * study.db.bak-vN, or study.db.bak-vN.K when that name is taken (an earlier
 * copy is never overwritten). */
static gboolean
backup_before_migration (ScStudyStore  *store,
                         int            version,
                         GError       **error)
{
  g_autofree char *target = g_strdup_printf ("%s.bak-v%d", store->path, version);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  for (guint k = 1; g_file_test (target, G_FILE_TEST_EXISTS); k++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.bak-v%d.%u", store->path, version, k);
    }

  stmt = sc_study_prepare (store, "VACUUM INTO ?", error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, target);
  if (!sc_study_run (store, stmt, error))
    {
      /* Translators: %s is a file name; the reason follows the colon. */
      g_prefix_error (error, _("backup before migration to %s: "), target);
      return FALSE;
    }

  return TRUE;
}

/* Creates or upgrades the schema in one transaction. The version is read
 * again under the write lock: another program may have just done it. */
static gboolean
migrate (ScStudyStore  *store,
         GError       **error)
{
  g_autofree char *set_version = NULL;
  gboolean ok = TRUE;
  int version = 0;

  if (!sc_study_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;

  ok = pragma_int (store, "PRAGMA user_version", &version, error);
  if (ok && version == 0)
    ok = sc_study_exec (store, schema_sql, error);
  else
    for (int v = version; ok && v < SC_STUDY_SCHEMA_VERSION; v++)
      ok = sc_study_exec (store, migrations[v - 1], error);

  if (ok && version < SC_STUDY_SCHEMA_VERSION)
    {
      set_version = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                     SC_STUDY_APPLICATION_ID, SC_STUDY_SCHEMA_VERSION);
      ok = sc_study_exec (store, set_version, error);
    }

  if (ok)
    ok = sc_study_exec (store, "COMMIT", error);
  if (!ok)
    {
      sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
      /* Translators: the reason follows the colon. */
      g_prefix_error (error, _("migrating from schema version %d: "), version);
    }

  return ok;
}

static gboolean
check_writable (const char  *path,
                const char  *dir,
                GError     **error)
{
  int saved_errno;

  if (g_access (dir, W_OK) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: “%s: ” is the study data's file name: keep
                    * it at the start. Then a folder, and the system's reason. */
                   _("%s: study data cannot be saved: the folder %s is read-only (%s)"),
                   path, dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (g_file_test (path, G_FILE_TEST_EXISTS) && g_access (path, W_OK) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: “%s: ” is the study data's file name: keep
                    * it at the start. Then the system's reason. */
                   _("%s: study data cannot be saved: the file is read-only (%s)"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

gboolean
sc_study_check_location (const char  *path,
                         GError     **error)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The folders not made yet would be made in the nearest one that is. */
  dir = g_path_get_dirname (path);
  while (!g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      char *parent = g_path_get_dirname (dir);

      if (g_str_equal (parent, dir))
        {
          g_free (parent);
          break;
        }
      g_free (dir);
      dir = parent;
    }

  return check_writable (path, dir, error);
}

/* Zero bytes, and no write-ahead log that would fill it. */
static gboolean
is_empty_file (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  if (g_stat (path, &st) != 0 || st.st_size != 0)
    return FALSE;
  return g_stat (wal, &st) != 0 || st.st_size == 0;
}

static gboolean
set_wal (ScStudyStore  *store,
         GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = sc_study_prepare (store, "PRAGMA journal_mode = WAL", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return sc_study_db_error (store, rc, error);

  if (g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") != 0)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_DATABASE,
                   /* Translators: “%s: ” is the study data's file name: keep
                    * it at the start. The last %s is an SQLite journal mode,
                    * such as delete. */
                   _("%s: cannot use write-ahead logging here (journal mode %s)"),
                   store->path, sqlite3_column_text (stmt, 0));
      return FALSE;
    }

  return TRUE;
}

ScStudyStore *
sc_study_store_open (const char  *path,
                     GError     **error)
{
  g_autoptr(ScStudyStore) store = NULL;
  g_autofree char *dir = NULL;
  int rc, version = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: “%s: ” is the study data's file name: keep
                    * it at the start. Then a folder, and why it cannot be made. */
                   _("%s: study data cannot be saved: the folder %s cannot be made (%s)"),
                   path, dir, g_strerror (saved_errno));
      return NULL;
    }

  if (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_IO, "%s: %s", path, _("not a regular file"));
      return NULL;
    }

  /* SQLite would say "unable to open database file", or fail at the first
   * write: say which folder or file is read-only, before anything. */
  if (!check_writable (path, dir, error))
    return NULL;

  store = g_new0 (ScStudyStore, 1);
  store->path = g_strdup (path);

  /* An empty file is what SQLite makes of a new database before its first
   * write, and SQLite reads it as an empty database. When there are
   * backups, it is what is left of a file that held records: refused, so
   * that the backup is offered instead of an empty store. */
  if (is_empty_file (path))
    {
      g_autoptr(ScStudyBackup) backup = sc_study_find_backup (path);

      if (backup != NULL)
        {
          refuse (store, TRUE, _("the file is empty"), error);
          return NULL;
        }
    }

  rc = sqlite3_open_v2 (path, &store->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_DATABASE, "%s: %s", path,
                   store->db != NULL ? sqlite3_errmsg (store->db) : _("cannot open"));
      return NULL;
    }

  sqlite3_extended_result_codes (store->db, 1);
  sqlite3_busy_timeout (store->db, BUSY_TIMEOUT_MS);

  /* Closing the last connection checkpoints the write-ahead log into the
   * file and deletes it: not before the file has passed its check. A
   * refused file and its log stay exactly as they were. */
  sqlite3_db_config (store->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  if (!check_file (store, &version, error))
    return NULL;
  sqlite3_db_config (store->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);

  /* For tests only: a disk that is full once the file has grown to this
   * many pages (SQLite never shrinks the limit below the file's size). */
  if (g_getenv ("STUDYCIRCLE_TEST_STUDY_MAX_PAGES") != NULL)
    {
      guint64 pages = g_ascii_strtoull (g_getenv ("STUDYCIRCLE_TEST_STUDY_MAX_PAGES"), NULL, 10);
      g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GUINT64_FORMAT,
                                              MAX (pages, 1));

      if (!sc_study_exec (store, sql, error))
        return NULL;
    }

  if (version > 0 && version < SC_STUDY_SCHEMA_VERSION &&
      !backup_before_migration (store, version, error))
    return NULL;

  if (!set_wal (store, error) ||
      !sc_study_exec (store, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", error) ||
      !migrate (store, error))
    return NULL;

  return g_steal_pointer (&store);
}

void
sc_study_store_close (ScStudyStore *store)
{
  if (store == NULL)
    return;

  sqlite3_close_v2 (store->db);
  g_free (store->path);
  g_free (store);
}

const char *
sc_study_store_get_path (ScStudyStore *store)
{
  g_return_val_if_fail (store != NULL, NULL);

  return store->path;
}

sqlite3 *
sc_study_store_get_db (ScStudyStore *store)
{
  g_return_val_if_fail (store != NULL, NULL);

  return store->db;
}
