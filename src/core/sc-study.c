/* sc-study.c: the study store (groups, members, schedules, progress and
 * my own reading) in SQLite
 *
 * study.db is user data: months of a group's work. So the connection runs
 * in WAL mode with synchronous=FULL (a write that returned is on disk),
 * every user action is one BEGIN IMMEDIATE transaction (a second program
 * waits for the write lock at the start instead of failing half-way), and
 * a file that fails its check at open is refused and never written to.
 *
 * Shared records carry `updated` (Unix ms, UTC) and deletions of shared
 * records are tombstones, so two copies of the data merge record by record
 * (see sc_study_store_merge_*()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sc-error.h"
#include "sc-study.h"

/* "SCst": marks a file as a Study Circle study database, so that another
 * program's database (or our own search index) is never migrated. */
#define STUDY_APPLICATION_ID 0x53437374
/* Long enough for the app and the CLI to take turns on any real write. */
#define BUSY_TIMEOUT_MS 15000
#define MIN_PREFIX 4

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

struct _ScStudyStore {
  char    *path;
  sqlite3 *db;
  gint64   last_stamp;
};

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
 * Version 1 knew no meeting places, and highlights had no `updated`: an
 * old highlight was last changed when it was made. */
static const char *const migrations[] = {
  "ALTER TABLE meetings ADD COLUMN place TEXT;"
  "ALTER TABLE highlights ADD COLUMN updated INTEGER NOT NULL DEFAULT 0;"
  "UPDATE highlights SET updated = created;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SC_STUDY_SCHEMA_VERSION - 1);

/* Enumerations, as they are stored and written. */

static const char *const status_names[] = { "planned", "active", "finished", "archived" };
static const char *const cadence_names[] = { "weekly", "fortnightly", "custom" };
static const char *const role_names[] = { "member", "facilitator" };
static const char *const reading_names[] = { "not-started", "reading", "done" };
static const char *const attendance_names[] = { "unknown", "present", "absent", "excused" };

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

ENUM_STRINGS (ScGroupStatus, sc_group_status, status_names)
ENUM_STRINGS (ScCadence, sc_cadence, cadence_names)
ENUM_STRINGS (ScRole, sc_role, role_names)
ENUM_STRINGS (ScReadingStatus, sc_reading_status, reading_names)
ENUM_STRINGS (ScAttendance, sc_attendance, attendance_names)

/* Reads a stored enumeration; a value the schema's CHECK let through but
 * this code does not know (impossible short of hand edits) reads as 0. */
static guint
column_enum (sqlite3_stmt      *stmt,
             int                column,
             const char *const *names,
             guint              n_names)
{
  guint value = 0;

  enum_from_string ((const char *) sqlite3_column_text (stmt, column), names, n_names, &value);
  return value;
}

/* Dates */

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

static char *
date_add_days (const char *date,
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

static char *
today_local (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* Small helpers */

static gboolean
str_empty (const char *str)
{
  if (str == NULL)
    return TRUE;

  while (g_ascii_isspace (*str))
    str++;

  return *str == '\0';
}

/* Names compare case-insensitively in any script ("Círculo" = "CÍRCULO"). */
static char *
name_key (const char *name)
{
  g_autofree char *normal = g_utf8_normalize (name, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  g_autofree char *stripped = g_strstrip (g_strdup (normal != NULL ? normal : name));

  return g_utf8_casefold (stripped, -1);
}

static gboolean
names_equal (const char *a,
             const char *b)
{
  g_autofree char *ka = name_key (a);
  g_autofree char *kb = name_key (b);

  return g_strcmp0 (ka, kb) == 0;
}

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
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

/* SQLite helpers */

static gboolean
db_error (ScStudyStore  *store,
          int            rc,
          GError       **error)
{
  /* Another program held the write lock for longer than the busy timeout:
   * say what happened in words a person can act on. */
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    g_set_error (error, SC_ERROR, SC_ERROR_DATABASE,
                 "%s: the study data is busy in another program (Study Circle or "
                 "studycircle-cli); try again in a moment",
                 store->path);
  else
    g_set_error (error, SC_ERROR, SC_ERROR_DATABASE,
                 "%s: %s", store->path, sqlite3_errmsg (store->db));
  return FALSE;
}

static sqlite3_stmt *
prepare (ScStudyStore  *store,
         const char    *sql,
         GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      db_error (store, rc, error);
      return NULL;
    }

  return stmt;
}

static gboolean
exec_sql (ScStudyStore  *store,
          const char    *sql,
          GError       **error)
{
  int rc = sqlite3_exec (store->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return db_error (store, rc, error);

  return TRUE;
}

/* Steps a statement that returns nothing (or whose rows are not needed). */
static gboolean
run (ScStudyStore  *store,
     sqlite3_stmt  *stmt,
     GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;

  if (rc != SQLITE_DONE)
    return db_error (store, rc, error);

  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

/* Binds NULL for an empty string, so "" and NULL never both mean "none". */
static void
bind_optional (sqlite3_stmt *stmt,
               int           column,
               const char   *text)
{
  bind_text (stmt, column, str_empty (text) ? NULL : text);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* A time for `updated`: later than any this connection gave before, even
 * when two writes fall in one millisecond or the clock steps back. The SQL
 * also keeps each record's own `updated` strictly increasing across
 * connections (MAX (new, old + 1)). */
static gint64
next_stamp (ScStudyStore *store)
{
  gint64 now = g_get_real_time () / 1000;

  store->last_stamp = MAX (now, store->last_stamp + 1);
  return store->last_stamp;
}

/* Transactions: one per user action. A call inside sc_study_store_begin()
 * joins the caller's transaction instead. */
static gboolean
txn_begin (ScStudyStore  *store,
           gboolean      *owned,
           GError       **error)
{
  *owned = sqlite3_get_autocommit (store->db) != 0;
  if (!*owned)
    return TRUE;

  return exec_sql (store, "BEGIN IMMEDIATE", error);
}

static gboolean
txn_end (ScStudyStore  *store,
         gboolean       owned,
         gboolean       ok,
         GError       **error)
{
  if (!owned)
    return ok;

  if (ok && exec_sql (store, "COMMIT", error))
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
      g_set_error (error, SC_ERROR, SC_ERROR_USAGE, "%s: a transaction is already open", store->path);
      return FALSE;
    }

  return exec_sql (store, "BEGIN IMMEDIATE", error);
}

gboolean
sc_study_store_commit (ScStudyStore  *store,
                       GError       **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (exec_sql (store, "COMMIT", error))
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

/* Opening, checks and migrations */

static gboolean
pragma_int (ScStudyStore  *store,
            const char    *sql,
            int           *value,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return db_error (store, rc, error);

  *value = sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* " Backup copies next to it: a, b." when there are any, for an error that
 * refuses the file: the person's next step is one of those copies. */
static char *
describe_backups (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base, ".bak-v", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  GString *text;
  const char *name;

  if (d == NULL)
    return g_strdup ("");

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      g_ptr_array_add (found, g_build_filename (dir, name, NULL));

  if (found->len == 0)
    return g_strdup ("");

  g_ptr_array_sort (found, (GCompareFunc) g_strcmp0);
  text = g_string_new (" Backup copies next to it: ");
  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", (const char *) g_ptr_array_index (found, i));
  g_string_append_c (text, '.');
  return g_string_free (text, FALSE);
}

static gboolean
refuse (ScStudyStore  *store,
        const char    *reason,
        GError       **error)
{
  g_autofree char *backups = describe_backups (store->path);

  g_set_error (error, SC_ERROR, SC_ERROR_DATABASE,
               "%s: %s; the file was left untouched.%s",
               store->path, reason, backups);
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
        return db_error (store, rc, error);
      reason = g_strdup_printf ("not a readable study database (%s)", sqlite3_errmsg (store->db));
      return refuse (store, reason, error);
    }

  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      reason = g_strdup_printf ("the database is damaged (%s)", sqlite3_column_text (stmt, 0));
      return refuse (store, reason, error);
    }

  if (!pragma_int (store, "PRAGMA application_id", &app_id, error) ||
      !pragma_int (store, "PRAGMA user_version", version, error) ||
      !pragma_int (store, "SELECT count(*) FROM sqlite_master", &tables, error))
    return FALSE;

  if (app_id != STUDY_APPLICATION_ID && (app_id != 0 || *version != 0 || tables != 0))
    return refuse (store, "not a Study Circle study database", error);

  if (*version > SC_STUDY_SCHEMA_VERSION)
    {
      reason = g_strdup_printf ("written by a newer Study Circle (schema version %d; this one "
                                "knows up to %d)", *version, SC_STUDY_SCHEMA_VERSION);
      return refuse (store, reason, error);
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

  stmt = prepare (store, "VACUUM INTO ?", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, target);
  if (!run (store, stmt, error))
    {
      g_prefix_error (error, "backup before migration to %s: ", target);
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

  if (!exec_sql (store, "BEGIN IMMEDIATE", error))
    return FALSE;

  ok = pragma_int (store, "PRAGMA user_version", &version, error);
  if (ok && version == 0)
    ok = exec_sql (store, schema_sql, error);
  else
    for (int v = version; ok && v < SC_STUDY_SCHEMA_VERSION; v++)
      ok = exec_sql (store, migrations[v - 1], error);

  if (ok && version < SC_STUDY_SCHEMA_VERSION)
    {
      set_version = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                     STUDY_APPLICATION_ID, SC_STUDY_SCHEMA_VERSION);
      ok = exec_sql (store, set_version, error);
    }

  if (ok)
    ok = exec_sql (store, "COMMIT", error);
  if (!ok)
    {
      sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
      g_prefix_error (error, "migrating from schema version %d: ", version);
    }

  return ok;
}

static gboolean
set_wal (ScStudyStore  *store,
         GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (store, "PRAGMA journal_mode = WAL", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return db_error (store, rc, error);

  if (g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") != 0)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_DATABASE,
                   "%s: cannot use write-ahead logging here (journal mode %s)",
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

      g_set_error (error, SC_ERROR, SC_ERROR_IO, "%s: %s", dir, g_strerror (saved_errno));
      return NULL;
    }

  if (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_IO, "%s: not a regular file", path);
      return NULL;
    }

  store = g_new0 (ScStudyStore, 1);
  store->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &store->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_DATABASE, "%s: %s", path,
                   store->db != NULL ? sqlite3_errmsg (store->db) : "cannot open");
      return NULL;
    }

  sqlite3_extended_result_codes (store->db, 1);
  sqlite3_busy_timeout (store->db, BUSY_TIMEOUT_MS);

  if (!check_file (store, &version, error))
    return NULL;

  if (version > 0 && version < SC_STUDY_SCHEMA_VERSION &&
      !backup_before_migration (store, version, error))
    return NULL;

  if (!set_wal (store, error) ||
      !exec_sql (store, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", error) ||
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

/* Finding by id, name or id prefix */

/* @stmt yields (id, name) rows, name may be NULL. Exact id first, then
 * exact name (case-insensitive), then a unique prefix of the id. */
static char *
resolve_id (ScStudyStore  *store,
            sqlite3_stmt  *stmt,
            const char    *what,
            const char    *key,
            GError       **error)
{
  g_autoptr(GPtrArray) by_name = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) by_prefix = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *prefix = g_ascii_strdown (key, -1);
  gboolean use_prefix = strlen (key) >= MIN_PREFIX;
  GPtrArray *matches;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);

      if (g_strcmp0 (id, key) == 0)
        return g_strdup (id);
      if (name != NULL && names_equal (name, key))
        g_ptr_array_add (by_name, g_strdup (id));
      if (use_prefix && g_str_has_prefix (id, prefix))
        g_ptr_array_add (by_prefix, g_strdup (id));
    }

  if (rc != SQLITE_DONE)
    {
      db_error (store, rc, error);
      return NULL;
    }

  matches = by_name->len > 0 ? by_name : by_prefix;
  if (matches->len == 1)
    return g_strdup (g_ptr_array_index (matches, 0));

  if (matches->len == 0)
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, "No %s “%s”", what, key);
  else
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND,
                 "“%s” names %u %ss; use more of the id", key, matches->len, what);
  return NULL;
}

static gboolean
group_exists (ScStudyStore  *store,
              const char    *group_id,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (store, "SELECT 1 FROM groups WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, group_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return db_error (store, rc, error);

  g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, "No group “%s”", group_id);
  return FALSE;
}

/* TRUE when @member_id is a current (not removed) member of the group. */
static gboolean
is_current_member (ScStudyStore  *store,
                   const char    *group_id,
                   const char    *member_id,
                   GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!group_exists (store, group_id, error))
    return FALSE;

  stmt = prepare (store,
                  "SELECT 1 FROM memberships WHERE group_id = ? AND member_id = ? AND removed = 0",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, group_id);
  bind_text (stmt, 2, member_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return db_error (store, rc, error);

  g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, "No member “%s” in this group", member_id);
  return FALSE;
}

/* Groups */

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

  group->id = column_dup (stmt, 0);
  group->name = column_dup (stmt, 1);
  group->branch = column_dup (stmt, 2);
  group->guide_id = column_dup (stmt, 3);
  group->facilitator = column_dup (stmt, 4);
  group->start_date = column_dup (stmt, 5);
  group->cadence = column_enum (stmt, 6, cadence_names, G_N_ELEMENTS (cadence_names));
  group->status = column_enum (stmt, 7, status_names, G_N_ELEMENTS (status_names));
  group->updated = sqlite3_column_int64 (stmt, 8);
  return group;
}

static ScGroup *
get_group (ScStudyStore  *store,
           const char    *group_id,
           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (store, "SELECT " GROUP_COLUMNS " FROM groups WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, group_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return group_from_row (stmt);

  if (rc != SQLITE_DONE)
    db_error (store, rc, error);
  else
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, "No group “%s”", group_id);
  return NULL;
}

static gboolean
validate_group (const ScGroup  *group,
                GError        **error)
{
  if (str_empty (group->name))
    return invalid (error, "A group needs a name");
  if (group->start_date != NULL && group->start_date[0] != '\0' && !sc_date_is_valid (group->start_date))
    return invalid (error, "Not a date (YYYY-MM-DD): “%s”", group->start_date);
  if ((guint) group->cadence >= G_N_ELEMENTS (cadence_names))
    return invalid (error, "Unknown cadence %d", group->cadence);
  if ((guint) group->status >= G_N_ELEMENTS (status_names))
    return invalid (error, "Unknown group status %d", group->status);
  return TRUE;
}

static gboolean
check_group_name_free (ScStudyStore   *store,
                       const ScGroup  *group,
                       GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (store, "SELECT id, name FROM groups", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), group->id) != 0 &&
        names_equal ((const char *) sqlite3_column_text (stmt, 1), group->name))
      {
        g_set_error (error, SC_ERROR, SC_ERROR_DUPLICATE,
                     "There is already a group called “%s”", group->name);
        return FALSE;
      }

  if (rc != SQLITE_DONE)
    return db_error (store, rc, error);

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

  stmt = prepare (store,
                  "INSERT INTO groups (" GROUP_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                  "ON CONFLICT (id) DO UPDATE SET name = ?2, branch = ?3, guide_id = ?4, "
                  "  facilitator = ?5, start_date = ?6, cadence = ?7, status = ?8, "
                  "  updated = CASE WHEN ?10 THEN ?9 ELSE MAX (?9, updated + 1) END "
                  "RETURNING updated",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, group->id);
  bind_text (stmt, 2, name);
  bind_optional (stmt, 3, group->branch);
  bind_optional (stmt, 4, group->guide_id);
  bind_optional (stmt, 5, group->facilitator);
  bind_optional (stmt, 6, group->start_date);
  bind_text (stmt, 7, cadence_names[group->cadence]);
  bind_text (stmt, 8, status_names[group->status]);
  sqlite3_bind_int64 (stmt, 9, updated != 0 ? updated : next_stamp (store));
  sqlite3_bind_int (stmt, 10, updated != 0);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return db_error (store, rc, error);
  if (out_updated != NULL)
    *out_updated = sqlite3_column_int64 (stmt, 0);

  return run (store, stmt, error);
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

  if (group->id == NULL)
    id = g_uuid_string_random ();
  else
    id = g_strdup (group->id);

  if (!txn_begin (store, &owned, error))
    return FALSE;

  {
    ScGroup named = *group;

    named.id = id;
    ok = check_group_name_free (store, &named, error) &&
         write_group (store, &named, 0, &updated, error);
  }

  if (!txn_end (store, owned, ok, error))
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

  stmt = prepare (store, "SELECT id, name FROM groups ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  id = resolve_id (store, stmt, "group", id_or_name, error);
  if (id == NULL)
    return NULL;

  return get_group (store, id, error);
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

  stmt = prepare (store,
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
      db_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&groups);
}

/* Meetings */

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

  stmt = prepare (store,
                  "SELECT MAX ("
                  "  (SELECT COALESCE (MAX (session), 0) FROM meetings WHERE group_id = ?1),"
                  "  (SELECT COALESCE (MAX (due_session), 0) FROM assignments "
                  "     WHERE group_id = ?1 AND removed = 0),"
                  "  (SELECT COALESCE (MAX (session), 0) FROM attendance WHERE group_id = ?1))",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, group_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return db_error (store, rc, error);

  *n_sessions = (guint) sqlite3_column_int (stmt, 0);
  return TRUE;
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
  gboolean computed;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  group = get_group (store, group_id, error);
  if (group == NULL)
    return NULL;

  if (n_sessions == 0 && !highest_session (store, group_id, &n_sessions, error))
    return NULL;

  meetings = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_meeting_free);
  computed = group->cadence != SC_CADENCE_CUSTOM && sc_date_is_valid (group->start_date);
  for (guint s = 1; s <= n_sessions; s++)
    {
      ScMeeting *meeting = g_new0 (ScMeeting, 1);

      meeting->session = s;
      if (computed)
        meeting->date = date_add_days (group->start_date,
                                       (s - 1) * (group->cadence == SC_CADENCE_WEEKLY ? 7 : 14));
      g_ptr_array_add (meetings, meeting);
    }

  stmt = prepare (store,
                  "SELECT session, date, place, updated FROM meetings "
                  "WHERE group_id = ? AND session <= ? ORDER BY session",
                  error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, group_id);
  sqlite3_bind_int64 (stmt, 2, n_sessions);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScMeeting *meeting = g_ptr_array_index (meetings, sqlite3_column_int (stmt, 0) - 1);

      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        {
          g_free (meeting->date);
          meeting->date = column_dup (stmt, 1);
          meeting->date_set = TRUE;
        }
      meeting->place = column_dup (stmt, 2);
      meeting->updated = sqlite3_column_int64 (stmt, 3);
    }

  if (rc != SQLITE_DONE)
    {
      db_error (store, rc, error);
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

  stmt = prepare (store,
                  "INSERT INTO meetings (group_id, session, date, place, updated) "
                  "VALUES (?1, ?2, ?3, ?4, ?5) "
                  "ON CONFLICT (group_id, session) DO UPDATE SET date = ?3, place = ?4, "
                  "  updated = CASE WHEN ?6 THEN ?5 ELSE MAX (?5, updated + 1) END",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, group_id);
  sqlite3_bind_int64 (stmt, 2, session);
  bind_optional (stmt, 3, date);
  bind_optional (stmt, 4, place);
  sqlite3_bind_int64 (stmt, 5, updated != 0 ? updated : next_stamp (store));
  sqlite3_bind_int (stmt, 6, updated != 0);
  return run (store, stmt, error);
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

  if (!group_exists (store, group_id, error))
    return FALSE;

  stmt = prepare (store, "SELECT date, place FROM meetings WHERE group_id = ? AND session = ?", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, group_id);
  sqlite3_bind_int64 (stmt, 2, session);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      old_date = column_dup (stmt, 0);
      old_place = column_dup (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    return db_error (store, rc, error);

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
    return invalid (error, "Sessions are numbered from 1");
  if (date != NULL && date[0] != '\0' && !sc_date_is_valid (date))
    return invalid (error, "Not a date (YYYY-MM-DD): “%s”", date);

  if (!txn_begin (store, &owned, error))
    return FALSE;

  ok = set_meeting (store, group_id, session, date, place, error);
  return txn_end (store, owned, ok, error);
}

/* Members */

ScMember *
sc_study_member_new (const char *name)
{
  ScMember *member = g_new0 (ScMember, 1);

  member->name = g_strdup (name);
  member->role = SC_ROLE_MEMBER;
  return member;
}

ScMember *
sc_study_member_copy (const ScMember *member)
{
  ScMember *copy;

  g_return_val_if_fail (member != NULL, NULL);

  copy = g_memdup2 (member, sizeof *member);
  copy->id = g_strdup (member->id);
  copy->name = g_strdup (member->name);
  copy->contact = g_strdup (member->contact);
  copy->joined = g_strdup (member->joined);
  return copy;
}

void
sc_study_member_free (ScMember *member)
{
  if (member == NULL)
    return;

  g_free (member->id);
  g_free (member->name);
  g_free (member->contact);
  g_free (member->joined);
  g_free (member);
}

#define MEMBER_SELECT                                                          \
  "SELECT m.id, m.name, m.contact, s.role, s.joined, MAX (m.updated, s.updated), s.removed " \
  "FROM memberships s JOIN members m ON m.id = s.member_id "

static ScMember *
member_from_row (sqlite3_stmt *stmt)
{
  ScMember *member = g_new0 (ScMember, 1);

  member->id = column_dup (stmt, 0);
  member->name = column_dup (stmt, 1);
  member->contact = column_dup (stmt, 2);
  member->role = column_enum (stmt, 3, role_names, G_N_ELEMENTS (role_names));
  member->joined = column_dup (stmt, 4);
  member->updated = sqlite3_column_int64 (stmt, 5);
  member->removed = sqlite3_column_int (stmt, 6) != 0;
  return member;
}

static gboolean
validate_member (const ScMember  *member,
                 GError         **error)
{
  if (str_empty (member->name))
    return invalid (error, "A member needs a name");
  if ((guint) member->role >= G_N_ELEMENTS (role_names))
    return invalid (error, "Unknown role %d", member->role);
  if (member->joined != NULL && member->joined[0] != '\0' && !sc_date_is_valid (member->joined))
    return invalid (error, "Not a date (YYYY-MM-DD): “%s”", member->joined);
  return TRUE;
}

static gboolean
check_member_name_free (ScStudyStore    *store,
                        const char      *group_id,
                        const ScMember  *member,
                        GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (store, MEMBER_SELECT "WHERE s.group_id = ? AND s.removed = 0", error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, group_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), member->id) != 0 &&
        names_equal ((const char *) sqlite3_column_text (stmt, 1), member->name))
      {
        g_set_error (error, SC_ERROR, SC_ERROR_DUPLICATE,
                     "The group already has a member called “%s”", member->name);
        return FALSE;
      }

  if (rc != SQLITE_DONE)
    return db_error (store, rc, error);

  return TRUE;
}

/* Writes the person and the membership. @updated as in write_group(). */
static gboolean
write_member (ScStudyStore    *store,
              const char      *group_id,
              const ScMember  *member,
              gint64           updated,
              gint64          *out_updated,
              GError         **error)
{
  g_autoptr(sqlite3_stmt) person = NULL;
  g_autoptr(sqlite3_stmt) membership = NULL;
  g_autofree char *name = g_strstrip (g_strdup (member->name));
  gint64 stamp = updated != 0 ? updated : next_stamp (store);
  gint64 person_updated, membership_updated;
  int rc;

  person = prepare (store,
                    "INSERT INTO members (id, name, contact, updated) VALUES (?1, ?2, ?3, ?4) "
                    "ON CONFLICT (id) DO UPDATE SET name = ?2, contact = ?3, "
                    "  updated = CASE WHEN ?5 THEN ?4 ELSE MAX (?4, updated + 1) END "
                    "RETURNING updated",
                    error);
  membership = prepare (store,
                        "INSERT INTO memberships (group_id, member_id, role, joined, removed, updated) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                        "ON CONFLICT (group_id, member_id) DO UPDATE SET role = ?3, joined = ?4, "
                        "  removed = ?5, "
                        "  updated = CASE WHEN ?7 THEN ?6 ELSE MAX (?6, updated + 1) END "
                        "RETURNING updated",
                        error);
  if (person == NULL || membership == NULL)
    return FALSE;

  bind_text (person, 1, member->id);
  bind_text (person, 2, name);
  bind_optional (person, 3, member->contact);
  sqlite3_bind_int64 (person, 4, stamp);
  sqlite3_bind_int (person, 5, updated != 0);
  if ((rc = sqlite3_step (person)) != SQLITE_ROW)
    return db_error (store, rc, error);
  person_updated = sqlite3_column_int64 (person, 0);
  if (!run (store, person, error))
    return FALSE;

  bind_text (membership, 1, group_id);
  bind_text (membership, 2, member->id);
  bind_text (membership, 3, role_names[member->role]);
  bind_optional (membership, 4, member->joined);
  sqlite3_bind_int (membership, 5, updated != 0 && member->removed);
  sqlite3_bind_int64 (membership, 6, stamp);
  sqlite3_bind_int (membership, 7, updated != 0);
  if ((rc = sqlite3_step (membership)) != SQLITE_ROW)
    return db_error (store, rc, error);
  membership_updated = sqlite3_column_int64 (membership, 0);
  if (!run (store, membership, error))
    return FALSE;

  if (out_updated != NULL)
    *out_updated = MAX (person_updated, membership_updated);
  return TRUE;
}

gboolean
sc_study_store_add_member (ScStudyStore  *store,
                           const char    *group_id,
                           ScMember      *member,
                           GError       **error)
{
  g_autofree char *id = NULL;
  gint64 updated = 0;
  gboolean owned, ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_member (member, error))
    return FALSE;

  id = member->id != NULL ? g_strdup (member->id) : g_uuid_string_random ();

  if (!txn_begin (store, &owned, error))
    return FALSE;

  {
    ScMember with_id = *member;

    with_id.id = id;
    ok = group_exists (store, group_id, error) &&
         check_member_name_free (store, group_id, &with_id, error) &&
         write_member (store, group_id, &with_id, 0, &updated, error);
  }

  if (!txn_end (store, owned, ok, error))
    return FALSE;

  g_free (member->id);
  member->id = g_steal_pointer (&id);
  member->updated = updated;
  member->removed = FALSE;
  return TRUE;
}

static gboolean
remove_member (ScStudyStore  *store,
               const char    *group_id,
               const char    *member_id,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!is_current_member (store, group_id, member_id, error))
    return FALSE;

  stmt = prepare (store,
                  "UPDATE memberships SET removed = 1, updated = MAX (?3, updated + 1) "
                  "WHERE group_id = ?1 AND member_id = ?2",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, group_id);
  bind_text (stmt, 2, member_id);
  sqlite3_bind_int64 (stmt, 3, next_stamp (store));
  return run (store, stmt, error);
}

gboolean
sc_study_store_remove_member (ScStudyStore  *store,
                              const char    *group_id,
                              const char    *member_id,
                              GError       **error)
{
  gboolean owned, ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (member_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!txn_begin (store, &owned, error))
    return FALSE;

  ok = remove_member (store, group_id, member_id, error);
  return txn_end (store, owned, ok, error);
}

static GPtrArray *
list_members (ScStudyStore  *store,
              const char    *group_id,
              gboolean       with_removed,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) members = NULL;
  int rc;

  if (!group_exists (store, group_id, error))
    return NULL;

  stmt = prepare (store,
                  MEMBER_SELECT "WHERE s.group_id = ?1 AND (?2 OR s.removed = 0) "
                  "ORDER BY m.name COLLATE NOCASE, m.id",
                  error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, group_id);
  sqlite3_bind_int (stmt, 2, with_removed);
  members = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_study_member_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (members, member_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      db_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&members);
}

GPtrArray *
sc_study_store_list_members (ScStudyStore  *store,
                             const char    *group_id,
                             GError       **error)
{
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_members (store, group_id, FALSE, error);
}

GPtrArray *
sc_study_store_list_all_members (ScStudyStore  *store,
                                 const char    *group_id,
                                 GError       **error)
{
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_members (store, group_id, TRUE, error);
}

ScMember *
sc_study_store_find_member (ScStudyStore  *store,
                            const char    *group_id,
                            const char    *id_or_name,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (id_or_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!group_exists (store, group_id, error))
    return NULL;

  stmt = prepare (store, MEMBER_SELECT "WHERE s.group_id = ? AND s.removed = 0 ORDER BY m.id", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, group_id);
  id = resolve_id (store, stmt, "member", id_or_name, error);
  if (id == NULL)
    return NULL;

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = prepare (store, MEMBER_SELECT "WHERE s.group_id = ? AND s.member_id = ?", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, group_id);
  bind_text (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      db_error (store, rc, error);
      return NULL;
    }

  return member_from_row (stmt);
}

/* Assignments */

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

  assignment->id = column_dup (stmt, 0);
  assignment->group_id = column_dup (stmt, 1);
  assignment->member_id = column_dup (stmt, 2);
  assignment->text_id = column_dup (stmt, 3);
  assignment->from = column_dup (stmt, 4);
  assignment->to = column_dup (stmt, 5);
  assignment->due_session = (guint) sqlite3_column_int (stmt, 6);
  assignment->due_date = column_dup (stmt, 7);
  assignment->note = column_dup (stmt, 8);
  assignment->updated = sqlite3_column_int64 (stmt, 9);
  assignment->removed = sqlite3_column_int (stmt, 10) != 0;
  return assignment;
}

static gboolean
validate_assignment (const ScAssignment  *assignment,
                     GError             **error)
{
  if (str_empty (assignment->group_id))
    return invalid (error, "An assignment needs a group");
  if (str_empty (assignment->text_id))
    return invalid (error, "An assignment needs a text");
  if (str_empty (assignment->from) && !str_empty (assignment->to))
    return invalid (error, "A section range needs its first section");
  if (assignment->due_date != NULL && assignment->due_date[0] != '\0' &&
      !sc_date_is_valid (assignment->due_date))
    return invalid (error, "Not a date (YYYY-MM-DD): “%s”", assignment->due_date);
  if (assignment->due_session > G_MAXINT32)
    return invalid (error, "No session %u", assignment->due_session);
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

  stmt = prepare (store,
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

  bind_text (stmt, 1, assignment->id);
  bind_text (stmt, 2, assignment->group_id);
  bind_optional (stmt, 3, assignment->member_id);
  bind_text (stmt, 4, assignment->text_id);
  bind_optional (stmt, 5, assignment->from);
  bind_optional (stmt, 6, assignment->to);
  sqlite3_bind_int64 (stmt, 7, assignment->due_session);
  bind_optional (stmt, 8, assignment->due_date);
  bind_optional (stmt, 9, assignment->note);
  sqlite3_bind_int64 (stmt, 10, updated != 0 ? updated : next_stamp (store));
  sqlite3_bind_int (stmt, 11, updated != 0 && assignment->removed);
  sqlite3_bind_int (stmt, 12, updated != 0);

  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return db_error (store, rc, error);
  if (out_updated != NULL)
    *out_updated = sqlite3_column_int64 (stmt, 0);

  return run (store, stmt, error);
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

  if (!txn_begin (store, &owned, error))
    return FALSE;

  {
    ScAssignment with_id = *assignment;

    with_id.id = id;
    if (str_empty (assignment->member_id))
      ok = group_exists (store, assignment->group_id, error);
    else
      ok = is_current_member (store, assignment->group_id, assignment->member_id, error);
    ok = ok && write_assignment (store, &with_id, 0, &updated, error);
  }

  if (!txn_end (store, owned, ok, error))
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

  stmt = prepare (store, "SELECT id, NULL FROM assignments WHERE removed = 0 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  id = resolve_id (store, stmt, "assignment", assignment_id, error);
  if (id == NULL)
    return NULL;

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = prepare (store, "SELECT " ASSIGNMENT_COLUMNS " FROM assignments WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      db_error (store, rc, error);
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

  stmt = prepare (store,
                  "UPDATE assignments SET removed = 1, updated = MAX (?2, updated + 1) WHERE id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, assignment->id);
  sqlite3_bind_int64 (stmt, 2, next_stamp (store));
  return run (store, stmt, error);
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

  if (!txn_begin (store, &owned, error))
    return FALSE;

  ok = remove_assignment (store, assignment_id, error);
  return txn_end (store, owned, ok, error);
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

  if (!group_exists (store, group_id, error))
    return NULL;

  /* Tied to a session first, in session order, then by date, then as made. */
  stmt = prepare (store,
                  "SELECT " ASSIGNMENT_COLUMNS " FROM assignments "
                  "WHERE group_id = ?1 AND (?2 OR removed = 0) "
                  "ORDER BY due_session = 0, due_session, due_date IS NULL, due_date, rowid",
                  error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, group_id);
  sqlite3_bind_int (stmt, 2, with_removed);
  assignments = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_study_assignment_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (assignments, assignment_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      db_error (store, rc, error);
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

/* Progress */

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

  stmt = prepare (store,
                  "INSERT INTO progress (group_id, member_id, reading_key, status, done_date, "
                  "  note, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                  "ON CONFLICT (group_id, member_id, reading_key) DO UPDATE SET status = ?4, "
                  "  done_date = ?5, note = ?6, "
                  "  updated = CASE WHEN ?8 THEN ?7 ELSE MAX (?7, updated + 1) END",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, group_id);
  bind_text (stmt, 2, progress->member_id);
  bind_text (stmt, 3, progress->reading_key);
  bind_text (stmt, 4, reading_names[progress->status]);
  bind_optional (stmt, 5, progress->done_date);
  bind_optional (stmt, 6, progress->note);
  sqlite3_bind_int64 (stmt, 7, updated != 0 ? updated : next_stamp (store));
  sqlite3_bind_int (stmt, 8, updated != 0);
  return run (store, stmt, error);
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

  if (!is_current_member (store, group_id, member_id, error))
    return FALSE;

  stmt = prepare (store,
                  "SELECT done_date, note FROM progress "
                  "WHERE group_id = ? AND member_id = ? AND reading_key = ?",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, group_id);
  bind_text (stmt, 2, member_id);
  bind_text (stmt, 3, reading_key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      old_done = column_dup (stmt, 0);
      old_note = column_dup (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    return db_error (store, rc, error);

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
        progress.done_date = today = today_local ();
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

  if (str_empty (reading_key))
    return invalid (error, "A reading needs a key");
  if ((guint) status >= G_N_ELEMENTS (reading_names))
    return invalid (error, "Unknown reading status %d", status);
  if (done_date != NULL && done_date[0] != '\0' && !sc_date_is_valid (done_date))
    return invalid (error, "Not a date (YYYY-MM-DD): “%s”", done_date);

  if (!txn_begin (store, &owned, error))
    return FALSE;

  ok = set_progress (store, group_id, member_id, reading_key, status, done_date, note, error);
  return txn_end (store, owned, ok, error);
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

  if (!group_exists (store, group_id, error))
    return NULL;

  stmt = prepare (store,
                  "SELECT member_id, reading_key, status, done_date, note, updated FROM progress "
                  "WHERE group_id = ? ORDER BY member_id, reading_key",
                  error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, group_id);
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_progress_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScProgress *progress = g_new0 (ScProgress, 1);

      progress->member_id = column_dup (stmt, 0);
      progress->reading_key = column_dup (stmt, 1);
      progress->status = column_enum (stmt, 2, reading_names, G_N_ELEMENTS (reading_names));
      progress->done_date = column_dup (stmt, 3);
      progress->note = column_dup (stmt, 4);
      progress->updated = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (records, progress);
    }

  if (rc != SQLITE_DONE)
    {
      db_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

/* Attendance */

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

  stmt = prepare (store,
                  "INSERT INTO attendance (group_id, member_id, session, attendance, "
                  "  questions_prepared, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                  "ON CONFLICT (group_id, member_id, session) DO UPDATE SET attendance = ?4, "
                  "  questions_prepared = ?5, "
                  "  updated = CASE WHEN ?7 THEN ?6 ELSE MAX (?6, updated + 1) END",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, group_id);
  bind_text (stmt, 2, record->member_id);
  sqlite3_bind_int64 (stmt, 3, record->session);
  bind_text (stmt, 4, attendance_names[record->attendance]);
  sqlite3_bind_int (stmt, 5, record->questions_prepared != FALSE);
  sqlite3_bind_int64 (stmt, 6, updated != 0 ? updated : next_stamp (store));
  sqlite3_bind_int (stmt, 7, updated != 0);
  return run (store, stmt, error);
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
    return invalid (error, "Sessions are numbered from 1");
  if ((guint) attendance >= G_N_ELEMENTS (attendance_names))
    return invalid (error, "Unknown attendance %d", attendance);

  record.member_id = (char *) member_id;
  record.session = session;
  record.attendance = attendance;
  record.questions_prepared = questions_prepared;

  if (!txn_begin (store, &owned, error))
    return FALSE;

  ok = is_current_member (store, group_id, member_id, error) &&
       write_attendance (store, group_id, &record, 0, error);
  return txn_end (store, owned, ok, error);
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

  if (!group_exists (store, group_id, error))
    return NULL;

  stmt = prepare (store,
                  "SELECT member_id, session, attendance, questions_prepared, updated "
                  "FROM attendance WHERE group_id = ? ORDER BY session, member_id",
                  error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, group_id);
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_attendance_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScAttendanceRecord *record = g_new0 (ScAttendanceRecord, 1);

      record->member_id = column_dup (stmt, 0);
      record->session = (guint) sqlite3_column_int (stmt, 1);
      record->attendance = column_enum (stmt, 2, attendance_names, G_N_ELEMENTS (attendance_names));
      record->questions_prepared = sqlite3_column_int (stmt, 3) != 0;
      record->updated = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (records, record);
    }

  if (rc != SQLITE_DONE)
    {
      db_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

/* Merging */

/* The store's `updated` of one record, 0 when there is none. @stmt has the
 * record's key bound and yields one integer. */
static gboolean
local_updated (ScStudyStore  *store,
               sqlite3_stmt  *stmt,
               gint64        *updated,
               GError       **error)
{
  int rc = sqlite3_step (stmt);

  *updated = 0;
  if (rc == SQLITE_ROW)
    *updated = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return db_error (store, rc, error);

  return TRUE;
}

static gboolean
check_stamp (gint64   updated,
             GError **error)
{
  if (updated <= 0)
    return invalid (error, "A merged record needs its time of change");
  return TRUE;
}

/* Runs one merge step inside the caller's transaction, or its own. */
#define MERGE_BODY(check_expr, lookup_sql, bind_key, write_expr)           \
  G_STMT_START {                                                           \
    g_autoptr(sqlite3_stmt) lookup = NULL;                                 \
    gint64 local = 0;                                                      \
    gboolean owned, ok;                                                    \
                                                                           \
    if (applied != NULL)                                                   \
      *applied = FALSE;                                                    \
    if (!(check_expr))                                                     \
      return FALSE;                                                        \
    if (!txn_begin (store, &owned, error))                                 \
      return FALSE;                                                        \
    lookup = prepare (store, lookup_sql, error);                           \
    ok = lookup != NULL;                                                   \
    if (ok)                                                                \
      {                                                                    \
        bind_key;                                                          \
        ok = local_updated (store, lookup, &local, error);                 \
      }                                                                    \
    if (ok && newer > local)                                               \
      {                                                                    \
        ok = (write_expr);                                                 \
        if (ok && applied != NULL)                                         \
          *applied = TRUE;                                                 \
      }                                                                    \
    if (!txn_end (store, owned, ok, error))                                \
      {                                                                    \
        if (applied != NULL)                                               \
          *applied = FALSE;                                                \
        return FALSE;                                                      \
      }                                                                    \
    return TRUE;                                                           \
  } G_STMT_END

gboolean
sc_study_store_merge_group (ScStudyStore   *store,
                            const ScGroup  *group,
                            gboolean       *applied,
                            GError        **error)
{
  gint64 newer;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group != NULL && group->id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  newer = group->updated;
  MERGE_BODY (check_stamp (newer, error) && validate_group (group, error),
              "SELECT updated FROM groups WHERE id = ?",
              bind_text (lookup, 1, group->id),
              write_group (store, group, newer, NULL, error));
}

gboolean
sc_study_store_merge_member (ScStudyStore    *store,
                             const char      *group_id,
                             const ScMember  *member,
                             gboolean        *applied,
                             GError         **error)
{
  gint64 newer;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (member != NULL && member->id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  newer = member->updated;
  MERGE_BODY (check_stamp (newer, error) && validate_member (member, error),
              "SELECT MAX (m.updated, COALESCE ((SELECT s.updated FROM memberships s "
              "  WHERE s.group_id = ?1 AND s.member_id = m.id), 0)) "
              "FROM members m WHERE m.id = ?2",
              (bind_text (lookup, 1, group_id), bind_text (lookup, 2, member->id)),
              group_exists (store, group_id, error) &&
              write_member (store, group_id, member, newer, NULL, error));
}

gboolean
sc_study_store_merge_meeting (ScStudyStore     *store,
                              const char       *group_id,
                              const ScMeeting  *meeting,
                              gboolean         *applied,
                              GError          **error)
{
  gint64 newer;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (meeting != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  newer = meeting->updated;
  MERGE_BODY (check_stamp (newer, error) &&
              (meeting->session >= 1 && meeting->session <= G_MAXINT32 ?
               TRUE : invalid (error, "Sessions are numbered from 1")) &&
              (!meeting->date_set || sc_date_is_valid (meeting->date) ?
               TRUE : invalid (error, "Not a date (YYYY-MM-DD): “%s”", meeting->date)),
              "SELECT updated FROM meetings WHERE group_id = ? AND session = ?",
              (bind_text (lookup, 1, group_id), sqlite3_bind_int64 (lookup, 2, meeting->session)),
              group_exists (store, group_id, error) &&
              write_meeting (store, group_id, meeting->session,
                             meeting->date_set ? meeting->date : NULL,
                             meeting->place, newer, error));
}

gboolean
sc_study_store_merge_assignment (ScStudyStore        *store,
                                 const ScAssignment  *assignment,
                                 gboolean            *applied,
                                 GError             **error)
{
  gint64 newer;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (assignment != NULL && assignment->id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  newer = assignment->updated;
  MERGE_BODY (check_stamp (newer, error) && validate_assignment (assignment, error),
              "SELECT updated FROM assignments WHERE id = ?",
              bind_text (lookup, 1, assignment->id),
              group_exists (store, assignment->group_id, error) &&
              write_assignment (store, assignment, newer, NULL, error));
}

static gboolean
validate_progress (const ScProgress  *progress,
                   GError           **error)
{
  if (str_empty (progress->member_id) || str_empty (progress->reading_key))
    return invalid (error, "A progress record needs a member and a reading");
  if ((guint) progress->status >= G_N_ELEMENTS (reading_names))
    return invalid (error, "Unknown reading status %d", progress->status);
  if (progress->done_date != NULL && progress->done_date[0] != '\0' &&
      !sc_date_is_valid (progress->done_date))
    return invalid (error, "Not a date (YYYY-MM-DD): “%s”", progress->done_date);
  return TRUE;
}

gboolean
sc_study_store_merge_progress (ScStudyStore      *store,
                               const char        *group_id,
                               const ScProgress  *progress,
                               gboolean          *applied,
                               GError           **error)
{
  gint64 newer;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (progress != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  newer = progress->updated;
  MERGE_BODY (check_stamp (newer, error) && validate_progress (progress, error),
              "SELECT updated FROM progress WHERE group_id = ? AND member_id = ? AND reading_key = ?",
              (bind_text (lookup, 1, group_id), bind_text (lookup, 2, progress->member_id),
               bind_text (lookup, 3, progress->reading_key)),
              group_exists (store, group_id, error) &&
              write_progress (store, group_id, progress, newer, error));
}

gboolean
sc_study_store_merge_attendance (ScStudyStore              *store,
                                 const char                *group_id,
                                 const ScAttendanceRecord  *record,
                                 gboolean                  *applied,
                                 GError                   **error)
{
  gint64 newer;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (record != NULL && record->member_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  newer = record->updated;
  MERGE_BODY (check_stamp (newer, error) &&
              (record->session >= 1 && record->session <= G_MAXINT32 ?
               TRUE : invalid (error, "Sessions are numbered from 1")) &&
              ((guint) record->attendance < G_N_ELEMENTS (attendance_names) ?
               TRUE : invalid (error, "Unknown attendance %d", record->attendance)),
              "SELECT updated FROM attendance WHERE group_id = ? AND member_id = ? AND session = ?",
              (bind_text (lookup, 1, group_id), bind_text (lookup, 2, record->member_id),
               sqlite3_bind_int64 (lookup, 3, record->session)),
              group_exists (store, group_id, error) &&
              write_attendance (store, group_id, record, newer, error));
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

/* My own reading */

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

  if (!txn_begin (store, &owned, error))
    return FALSE;

  ok = run (store, stmt, error);
  return txn_end (store, owned, ok, error);
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

  if (str_empty (text_id))
    return invalid (error, "A position needs a text");
  if (!(percent >= 0.0 && percent <= 100.0))
    return invalid (error, "A share read must be between 0 and 100, not %g", percent);

  stmt = prepare (store,
                  "INSERT INTO positions (text_id, section_id, char_offset, percent, last_opened) "
                  "VALUES (?1, ?2, ?3, ?4, ?5) "
                  "ON CONFLICT (text_id) DO UPDATE SET section_id = ?2, char_offset = ?3, "
                  "  percent = ?4, last_opened = MAX (?5, last_opened + 1)",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, text_id);
  bind_optional (stmt, 2, section_id);
  sqlite3_bind_int64 (stmt, 3, offset);
  sqlite3_bind_double (stmt, 4, percent);
  sqlite3_bind_int64 (stmt, 5, next_stamp (store));
  return run_write (store, stmt, error);
}

#define POSITION_SELECT "SELECT text_id, section_id, char_offset, percent, last_opened FROM positions "

static ScPosition *
position_from_row (sqlite3_stmt *stmt)
{
  ScPosition *position = g_new0 (ScPosition, 1);

  position->text_id = column_dup (stmt, 0);
  position->section_id = column_dup (stmt, 1);
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

  stmt = prepare (store, POSITION_SELECT "WHERE text_id = ?", error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, text_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return position_from_row (stmt);

  if (rc != SQLITE_DONE)
    db_error (store, rc, error);
  else
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, "No reading position in “%s”", text_id);
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

  stmt = prepare (store, POSITION_SELECT "ORDER BY last_opened DESC, text_id LIMIT ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (sqlite3_int64) limit : -1);
  positions = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_position_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (positions, position_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      db_error (store, rc, error);
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

  if (str_empty (text_id))
    {
      invalid (error, "A bookmark needs a text");
      return NULL;
    }

  bookmark = g_new0 (ScBookmark, 1);
  bookmark->id = g_uuid_string_random ();
  bookmark->text_id = g_strdup (text_id);
  bookmark->section_id = str_empty (section_id) ? NULL : g_strdup (section_id);
  bookmark->offset = offset;
  bookmark->label = str_empty (label) ? NULL : g_strdup (label);
  bookmark->created = next_stamp (store);

  stmt = prepare (store,
                  "INSERT INTO bookmarks (id, text_id, section_id, char_offset, label, created) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, bookmark->id);
      bind_text (stmt, 2, bookmark->text_id);
      bind_text (stmt, 3, bookmark->section_id);
      sqlite3_bind_int64 (stmt, 4, bookmark->offset);
      bind_text (stmt, 5, bookmark->label);
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

  if (!txn_begin (store, &owned, error))
    return FALSE;

  stmt = prepare (store, list_sql, error);
  if (stmt != NULL)
    full_id = resolve_id (store, stmt, what, id, error);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (full_id != NULL)
    stmt = prepare (store, delete_sql, error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, full_id);
      ok = run (store, stmt, error);
    }

  return txn_end (store, owned, ok, error);
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

  stmt = prepare (store,
                  "SELECT id, text_id, section_id, char_offset, label, created FROM bookmarks "
                  "WHERE ?1 IS NULL OR text_id = ?1 ORDER BY text_id, created, id",
                  error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, text_id);
  bookmarks = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_bookmark_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScBookmark *bookmark = g_new0 (ScBookmark, 1);

      bookmark->id = column_dup (stmt, 0);
      bookmark->text_id = column_dup (stmt, 1);
      bookmark->section_id = column_dup (stmt, 2);
      bookmark->offset = (guint) sqlite3_column_int64 (stmt, 3);
      bookmark->label = column_dup (stmt, 4);
      bookmark->created = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (bookmarks, bookmark);
    }

  if (rc != SQLITE_DONE)
    {
      db_error (store, rc, error);
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

  if (str_empty (text_id) || str_empty (section_id))
    {
      invalid (error, "A highlight needs a text and a section");
      return NULL;
    }
  if (start >= end)
    {
      invalid (error, "A highlight must cover some text (%u–%u)", start, end);
      return NULL;
    }

  highlight = g_new0 (ScHighlight, 1);
  highlight->id = g_uuid_string_random ();
  highlight->text_id = g_strdup (text_id);
  highlight->section_id = g_strdup (section_id);
  highlight->start = start;
  highlight->end = end;
  highlight->note = str_empty (note) ? NULL : g_strdup (note);
  highlight->created = highlight->updated = next_stamp (store);

  stmt = prepare (store,
                  "INSERT INTO highlights (id, text_id, section_id, start_char, end_char, note, "
                  "  created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                  error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, highlight->id);
      bind_text (stmt, 2, highlight->text_id);
      bind_text (stmt, 3, highlight->section_id);
      sqlite3_bind_int64 (stmt, 4, highlight->start);
      sqlite3_bind_int64 (stmt, 5, highlight->end);
      bind_text (stmt, 6, highlight->note);
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
  g_autoptr(sqlite3_stmt) stmt = prepare (store, "SELECT id, NULL FROM highlights ORDER BY id", error);
  g_autofree char *id = NULL;

  if (stmt == NULL)
    return FALSE;

  id = resolve_id (store, stmt, "highlight", highlight_id, error);
  if (id == NULL)
    return FALSE;

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = prepare (store,
                  "UPDATE highlights SET note = ?2, updated = MAX (?3, updated + 1) WHERE id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, id);
  bind_optional (stmt, 2, note);
  sqlite3_bind_int64 (stmt, 3, next_stamp (store));
  return run (store, stmt, error);
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

  if (!txn_begin (store, &owned, error))
    return FALSE;

  ok = set_highlight_note (store, highlight_id, note, error);
  return txn_end (store, owned, ok, error);
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

  stmt = prepare (store,
                  "SELECT id, text_id, section_id, start_char, end_char, note, created, updated "
                  "FROM highlights WHERE ?1 IS NULL OR text_id = ?1 "
                  "ORDER BY text_id, section_id, start_char, id",
                  error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, text_id);
  highlights = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_highlight_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ScHighlight *highlight = g_new0 (ScHighlight, 1);

      highlight->id = column_dup (stmt, 0);
      highlight->text_id = column_dup (stmt, 1);
      highlight->section_id = column_dup (stmt, 2);
      highlight->start = (guint) sqlite3_column_int64 (stmt, 3);
      highlight->end = (guint) sqlite3_column_int64 (stmt, 4);
      highlight->note = column_dup (stmt, 5);
      highlight->created = sqlite3_column_int64 (stmt, 6);
      highlight->updated = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (highlights, highlight);
    }

  if (rc != SQLITE_DONE)
    {
      db_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&highlights);
}
