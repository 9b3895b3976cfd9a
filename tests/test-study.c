/* test-study.c: the study store on real SQLite files
 *
 * Every store operation, reopening, tombstones, finding, meeting dates,
 * merging, the version-1 migration, refused files (newer, garbage, a
 * damaged page, someone else's database), two writers at once, and a
 * writer killed with SIGKILL again and again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "sc-error.h"
#include "sc-study.h"
#include "sc-study-private.h"   /* the connection, for its settings */
#include "sc-study-exchange.h"
#include "sc-study-progress.h"
#include "sc-test-util.h"
#include "sc-test-study.h"

typedef struct {
  char *tmp;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->tmp = g_dir_make_tmp ("sc-test-study-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->tmp, "data", "study.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sc_test_remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->path);
}

#define TEST(name, func) \
  g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)

/* Helpers */

static ScGroup *
add_group (ScStudyStore *store,
           const char   *name,
           const char   *start_date,
           ScCadence     cadence)
{
  g_autoptr(GError) error = NULL;
  ScGroup *group = sc_study_group_new (name);

  group->start_date = g_strdup (start_date);
  group->cadence = cadence;
  g_assert_true (sc_study_store_save_group (store, group, &error));
  g_assert_no_error (error);
  return group;
}

static ScMember *
add_member (ScStudyStore *store,
            const char   *group_id,
            const char   *name)
{
  g_autoptr(GError) error = NULL;
  ScMember *member = sc_study_member_new (name);

  g_assert_true (sc_study_store_add_member (store, group_id, member, &error));
  g_assert_no_error (error);
  return member;
}

/* One integer from a plain SQLite connection: the test looks at the file
 * without going through the store. */
static gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static char *
raw_text (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static GBytes *
file_bytes (const char *path)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return g_bytes_new_take (g_steal_pointer (&data), length);
}

/* Opening must fail with an error that names the file, and leave every
 * byte of it as it was. */
static void
assert_refused_as (const char *path,
                   ScError     code,
                   const char *expected)
{
  g_autoptr(GBytes) before = file_bytes (path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  ScStudyStore *store = sc_study_store_open (path, &error);

  g_assert_null (store);
  g_assert_error (error, SC_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_nonnull (strstr (error->message, "left untouched"));

  after = file_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
}

/* Damaged, or not ours: the backup is the way back (SC_ERROR_DAMAGED). */
static void
assert_refused (const char *path,
                const char *expected)
{
  assert_refused_as (path, SC_ERROR_DAMAGED, expected);
}

/* Opening */

static void
test_open_new (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autofree char *mode = NULL;

  g_assert_cmpstr (sc_study_store_get_path (store), ==, f->path);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, SC_STUDY_SCHEMA_VERSION);
  g_assert_cmpint (SC_STUDY_SCHEMA_VERSION, ==, 2);
  mode = raw_text (f->path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");

  /* The connection's own settings: these do not live in the file. */
  {
    const struct { const char *sql; int min; int max; } settings[] = {
      { "PRAGMA foreign_keys", 1, 1 },
      { "PRAGMA synchronous", 2, 2 },          /* FULL */
      { "PRAGMA busy_timeout", 10000, G_MAXINT },
    };

    for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
      {
        sqlite3_stmt *stmt = NULL;

        g_assert_cmpint (sqlite3_prepare_v2 (sc_study_store_get_db (store), settings[i].sql, -1,
                                             &stmt, NULL), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        g_assert_cmpint (sqlite3_column_int (stmt, 0), >=, settings[i].min);
        g_assert_cmpint (sqlite3_column_int (stmt, 0), <=, settings[i].max);
        sqlite3_finalize (stmt);
      }
  }

  /* Reopening a current file changes nothing and makes no backup. */
  g_clear_pointer (&store, sc_study_store_close);
  store = sc_test_open_store (f->path);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, SC_STUDY_SCHEMA_VERSION);
  {
    g_autofree char *backup = g_strconcat (f->path, ".bak-v1", NULL);
    g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  }
}

/* Groups */

static void
test_groups (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autoptr(ScGroup) capital = add_group (store, "Capital, volume I", "2024-09-02", SC_CADENCE_WEEKLY);
  g_autoptr(ScGroup) circulo = add_group (store, "Círculo Obrero", NULL, SC_CADENCE_CUSTOM);
  g_autoptr(ScGroup) found = NULL;
  g_autoptr(ScGroup) bad = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;
  gint64 first_updated;

  g_assert_true (g_uuid_string_is_valid (capital->id));
  g_assert_cmpint (capital->updated, >, 0);
  g_assert_cmpint (circulo->updated, >, capital->updated);

  /* Edit: same id, a strictly later `updated`. */
  first_updated = capital->updated;
  g_free (capital->branch);
  capital->branch = g_strdup ("Local 12");
  capital->status = SC_GROUP_ACTIVE;
  capital->guide_id = g_strdup ("guide-capital");
  capital->facilitator = g_strdup ("Rosa");
  g_assert_true (sc_study_store_save_group (store, capital, &error));
  g_assert_no_error (error);
  g_assert_cmpint (capital->updated, >, first_updated);

  /* Find by id, by a prefix, by name in another case (and script). */
  found = sc_study_store_find_group (store, capital->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->branch, ==, "Local 12");
  g_assert_cmpstr (found->guide_id, ==, "guide-capital");
  g_assert_cmpstr (found->facilitator, ==, "Rosa");
  g_assert_cmpstr (found->start_date, ==, "2024-09-02");
  g_assert_cmpint (found->status, ==, SC_GROUP_ACTIVE);
  g_assert_cmpint (found->updated, ==, capital->updated);
  g_clear_pointer (&found, sc_study_group_free);

  prefix = g_strndup (circulo->id, 8);
  found = sc_study_store_find_group (store, prefix, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->id, ==, circulo->id);
  g_clear_pointer (&found, sc_study_group_free);

  found = sc_study_store_find_group (store, "CÍRCULO OBRERO", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->id, ==, circulo->id);
  g_assert_cmpint (found->cadence, ==, SC_CADENCE_CUSTOM);
  g_clear_pointer (&found, sc_study_group_free);

  /* Too short a prefix, or nothing at all. */
  found = sc_study_store_find_group (store, "cap", &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "cap"));
  g_assert_null (found);
  g_clear_error (&error);
  prefix[3] = '\0';
  found = sc_study_store_find_group (store, prefix, &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Names are unique, whatever the case; a name is needed; dates are real. */
  bad = sc_study_group_new ("capital, VOLUME i");
  g_assert_false (sc_study_store_save_group (store, bad, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_DUPLICATE);
  g_assert_null (bad->id);
  g_clear_error (&error);
  g_free (bad->name);
  bad->name = g_strdup ("   ");
  g_assert_false (sc_study_store_save_group (store, bad, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_clear_error (&error);
  g_free (bad->name);
  bad->name = g_strdup ("Later");
  bad->start_date = g_strdup ("2025-02-30");
  g_assert_false (sc_study_store_save_group (store, bad, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2025-02-30"));
  g_clear_error (&error);

  /* Archived groups only when asked for. */
  circulo->status = SC_GROUP_ARCHIVED;
  g_assert_true (sc_study_store_save_group (store, circulo, &error));
  g_assert_no_error (error);
  groups = sc_study_store_list_groups (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 1);
  g_assert_cmpstr (((ScGroup *) groups->pdata[0])->id, ==, capital->id);
  g_clear_pointer (&groups, g_ptr_array_unref);
  groups = sc_study_store_list_groups (store, TRUE, &error);
  g_assert_cmpuint (groups->len, ==, 2);
  g_clear_pointer (&groups, g_ptr_array_unref);

  /* Everything is still there after reopening. */
  g_clear_pointer (&store, sc_study_store_close);
  store = sc_test_open_store (f->path);
  found = sc_study_store_find_group (store, "capital, volume i", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->id, ==, capital->id);
  g_assert_cmpstr (found->branch, ==, "Local 12");
  g_assert_cmpint (found->updated, ==, capital->updated);
  g_clear_pointer (&found, sc_study_group_free);
  found = sc_study_store_find_group (store, circulo->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->status, ==, SC_GROUP_ARCHIVED);
}

/* Two groups whose ids share a prefix, and two with one name (an import
 * can bring that about), made with merge so their ids are chosen. */
static void
test_find_ambiguous (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  const char *ids[] = {
    "abcd1111-0000-4000-8000-000000000001",
    "abcd2222-0000-4000-8000-000000000002",
    "ef001111-0000-4000-8000-000000000003",
  };
  const char *names[] = { "Alpha", "Beta", "alpha" };
  g_autoptr(ScGroup) found = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(ScGroup) group = sc_study_group_new (names[i]);
      gboolean applied = FALSE;

      group->id = g_strdup (ids[i]);
      group->updated = 1700000000000 + i;
      g_assert_true (sc_study_store_merge_group (store, group, &applied, &error));
      g_assert_no_error (error);
      g_assert_true (applied);
    }

  found = sc_study_store_find_group (store, "abcd", &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "abcd"));
  g_assert_null (found);
  g_clear_error (&error);

  found = sc_study_store_find_group (store, "ABCD2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->id, ==, ids[1]);
  g_clear_pointer (&found, sc_study_group_free);

  found = sc_study_store_find_group (store, "ALPHA", &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* An exact id wins over everything. */
  found = sc_study_store_find_group (store, ids[2], &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->name, ==, "alpha");
  g_clear_pointer (&found, sc_study_group_free);

  found = sc_study_store_find_group (store, "Gamma", &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Gamma"));
}

/* Meetings */

static void
assert_meeting (GPtrArray  *meetings,
                guint       session,
                const char *date,
                const char *place,
                gboolean    date_set)
{
  ScMeeting *meeting = g_ptr_array_index (meetings, session - 1);

  g_assert_cmpuint (meeting->session, ==, session);
  g_assert_cmpstr (meeting->date, ==, date);
  g_assert_cmpstr (meeting->place, ==, place);
  g_assert_cmpint (meeting->date_set, ==, date_set);
}

static void
test_meetings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autoptr(ScGroup) weekly = add_group (store, "Weekly", "2024-12-18", SC_CADENCE_WEEKLY);
  g_autoptr(ScGroup) fortnightly = add_group (store, "Fortnightly", "2024-01-31", SC_CADENCE_FORTNIGHTLY);
  g_autoptr(ScGroup) custom = add_group (store, "Custom", "2024-05-01", SC_CADENCE_CUSTOM);
  g_autoptr(ScGroup) planned = add_group (store, "Planned", NULL, SC_CADENCE_WEEKLY);
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(GError) error = NULL;

  /* Weekly across the year's end: Dec 18, 25, Jan 1, 8. */
  meetings = sc_study_store_list_meetings (store, weekly->id, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (meetings->len, ==, 4);
  assert_meeting (meetings, 1, "2024-12-18", NULL, FALSE);
  assert_meeting (meetings, 2, "2024-12-25", NULL, FALSE);
  assert_meeting (meetings, 3, "2025-01-01", NULL, FALSE);
  assert_meeting (meetings, 4, "2025-01-08", NULL, FALSE);
  g_clear_pointer (&meetings, g_ptr_array_unref);

  /* Fortnightly through a leap February: Jan 31, Feb 14, Feb 28, Mar 13. */
  meetings = sc_study_store_list_meetings (store, fortnightly->id, 4, &error);
  g_assert_no_error (error);
  assert_meeting (meetings, 2, "2024-02-14", NULL, FALSE);
  assert_meeting (meetings, 3, "2024-02-28", NULL, FALSE);
  assert_meeting (meetings, 4, "2024-03-13", NULL, FALSE);
  g_clear_pointer (&meetings, g_ptr_array_unref);

  /* A date set by hand moves one session only; a place alone keeps the
   * computed date; clearing the date goes back to the schedule. */
  g_assert_true (sc_study_store_set_meeting (store, weekly->id, 3, "2025-01-02", "Union hall", &error));
  g_assert_no_error (error);
  g_assert_true (sc_study_store_set_meeting (store, weekly->id, 4, NULL, "Library", &error));
  g_assert_no_error (error);
  meetings = sc_study_store_list_meetings (store, weekly->id, 5, &error);
  g_assert_no_error (error);
  assert_meeting (meetings, 2, "2024-12-25", NULL, FALSE);
  assert_meeting (meetings, 3, "2025-01-02", "Union hall", TRUE);
  assert_meeting (meetings, 4, "2025-01-08", "Library", FALSE);
  assert_meeting (meetings, 5, "2025-01-15", NULL, FALSE);
  g_assert_cmpint (((ScMeeting *) meetings->pdata[2])->updated, >, 0);
  g_assert_cmpint (((ScMeeting *) meetings->pdata[4])->updated, ==, 0);
  g_clear_pointer (&meetings, g_ptr_array_unref);

  g_assert_true (sc_study_store_set_meeting (store, weekly->id, 3, "", NULL, &error));
  g_assert_no_error (error);
  /* 0 sessions: as far as anything recorded goes (here, session 4). */
  meetings = sc_study_store_list_meetings (store, weekly->id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (meetings->len, ==, 4);
  assert_meeting (meetings, 3, "2025-01-01", "Union hall", FALSE);
  g_clear_pointer (&meetings, g_ptr_array_unref);

  /* Custom: only dates set by hand; no start date: no dates at all. */
  g_assert_true (sc_study_store_set_meeting (store, custom->id, 2, "2024-06-13", NULL, &error));
  g_assert_no_error (error);
  meetings = sc_study_store_list_meetings (store, custom->id, 3, &error);
  g_assert_no_error (error);
  assert_meeting (meetings, 1, NULL, NULL, FALSE);
  assert_meeting (meetings, 2, "2024-06-13", NULL, TRUE);
  assert_meeting (meetings, 3, NULL, NULL, FALSE);
  g_clear_pointer (&meetings, g_ptr_array_unref);
  meetings = sc_study_store_list_meetings (store, planned->id, 2, &error);
  g_assert_no_error (error);
  assert_meeting (meetings, 1, NULL, NULL, FALSE);
  g_clear_pointer (&meetings, g_ptr_array_unref);

  /* Bad input. */
  g_assert_false (sc_study_store_set_meeting (store, weekly->id, 1, "2025-13-01", NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sc_study_store_set_meeting (store, weekly->id, 1, "1 May", NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sc_study_store_set_meeting (store, weekly->id, 0, "2025-01-01", NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sc_study_store_set_meeting (store, "no-such-group", 1, "2025-01-01", NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Kept on disk. */
  g_clear_pointer (&store, sc_study_store_close);
  store = sc_test_open_store (f->path);
  meetings = sc_study_store_list_meetings (store, custom->id, 2, &error);
  g_assert_no_error (error);
  assert_meeting (meetings, 2, "2024-06-13", NULL, TRUE);
}

static void
test_dates (void)
{
  const char *good[] = { "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "2025-01-31" };
  const char *bad[] = { "2023-02-29", "1900-02-29", "2025-04-31", "2025-00-10", "2025-1-10",
                        "2025/01/10", "20250110", "2025-01-10T00:00", "", "0000-01-01",
                        "２０２５-01-10" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (sc_date_is_valid (good[i]));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (sc_date_is_valid (bad[i]));
  g_assert_false (sc_date_is_valid (NULL));
}

static void
test_enum_strings (void)
{
  ScGroupStatus status;
  ScCadence cadence;
  ScRole role;
  ScReadingStatus reading;
  ScAttendance attendance;

  for (guint i = SC_GROUP_PLANNED; i <= SC_GROUP_ARCHIVED; i++)
    {
      g_assert_true (sc_group_status_from_string (sc_group_status_to_string (i), &status));
      g_assert_cmpuint (status, ==, i);
    }
  for (guint i = SC_CADENCE_WEEKLY; i <= SC_CADENCE_CUSTOM; i++)
    {
      g_assert_true (sc_cadence_from_string (sc_cadence_to_string (i), &cadence));
      g_assert_cmpuint (cadence, ==, i);
    }
  for (guint i = SC_ROLE_MEMBER; i <= SC_ROLE_FACILITATOR; i++)
    {
      g_assert_true (sc_role_from_string (sc_role_to_string (i), &role));
      g_assert_cmpuint (role, ==, i);
    }
  for (guint i = SC_READING_NOT_STARTED; i <= SC_READING_DONE; i++)
    {
      g_assert_true (sc_reading_status_from_string (sc_reading_status_to_string (i), &reading));
      g_assert_cmpuint (reading, ==, i);
    }
  for (guint i = SC_ATTENDANCE_UNKNOWN; i <= SC_ATTENDANCE_EXCUSED; i++)
    {
      g_assert_true (sc_attendance_from_string (sc_attendance_to_string (i), &attendance));
      g_assert_cmpuint (attendance, ==, i);
    }

  g_assert_cmpstr (sc_reading_status_to_string (SC_READING_NOT_STARTED), ==, "not-started");
  g_assert_cmpstr (sc_cadence_to_string (SC_CADENCE_FORTNIGHTLY), ==, "fortnightly");
  g_assert_true (sc_attendance_from_string ("Present", &attendance));
  g_assert_false (sc_attendance_from_string ("late", &attendance));
  g_assert_false (sc_cadence_from_string ("monthly", &cadence));
  g_assert_false (sc_group_status_from_string (NULL, &status));
}

/* Members */

static void
test_members (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autoptr(ScGroup) group = add_group (store, "Group", "2025-03-03", SC_CADENCE_WEEKLY);
  g_autoptr(ScGroup) other = add_group (store, "Other group", NULL, SC_CADENCE_WEEKLY);
  g_autoptr(ScMember) ana = sc_study_member_new ("Ana Rojas");
  g_autoptr(ScMember) luis = add_member (store, group->id, "Luis Pérez");
  g_autoptr(ScMember) found = NULL;
  g_autoptr(ScMember) dup = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before_removal, person_before_removal;

  ana->contact = g_strdup ("ana@example.org");
  ana->role = SC_ROLE_FACILITATOR;
  ana->joined = g_strdup ("2025-02-20");
  g_assert_true (sc_study_store_add_member (store, group->id, ana, &error));
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (ana->id));
  g_assert_cmpint (ana->updated, >, 0);
  g_assert_cmpint (ana->person_updated, ==, ana->updated);   /* one action, one time */

  members = sc_study_store_list_members (store, group->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 2);
  found = members->pdata[0];
  g_assert_cmpstr (found->name, ==, "Ana Rojas");
  g_assert_cmpstr (found->contact, ==, "ana@example.org");
  g_assert_cmpstr (found->joined, ==, "2025-02-20");
  g_assert_cmpint (found->role, ==, SC_ROLE_FACILITATOR);
  g_assert_false (found->removed);
  found = NULL;
  g_clear_pointer (&members, g_ptr_array_unref);

  /* Find by name (any case, accents folded too), prefix, id. */
  found = sc_study_store_find_member (store, group->id, "LUIS PÉREZ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->id, ==, luis->id);
  g_clear_pointer (&found, sc_study_member_free);
  {
    g_autofree char *prefix = g_strndup (ana->id, 6);

    found = sc_study_store_find_member (store, group->id, prefix, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (found->id, ==, ana->id);
    g_clear_pointer (&found, sc_study_member_free);
  }
  found = sc_study_store_find_member (store, group->id, "Marta", &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Marta"));
  g_clear_error (&error);
  found = sc_study_store_find_member (store, other->id, "Luis Pérez", &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* One name per group; a name is needed; joined is a date. */
  dup = sc_study_member_new ("luis pérez");
  g_assert_false (sc_study_store_add_member (store, group->id, dup, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_free (dup->name);
  dup->name = g_strdup ("");
  g_assert_false (sc_study_store_add_member (store, group->id, dup, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_clear_error (&error);
  g_free (dup->name);
  dup->name = g_strdup ("Marta");
  dup->joined = g_strdup ("yesterday");
  g_assert_false (sc_study_store_add_member (store, group->id, dup, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sc_study_store_add_member (store, "no-such-group", luis, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* One person in two groups: the same id, a membership each. */
  {
    g_autoptr(ScMember) again = sc_study_member_copy (luis);

    again->role = SC_ROLE_FACILITATOR;
    g_assert_true (sc_study_store_add_member (store, other->id, again, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (again->id, ==, luis->id);
    found = sc_study_store_find_member (store, other->id, luis->id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (found->role, ==, SC_ROLE_FACILITATOR);
    g_clear_pointer (&found, sc_study_member_free);
    found = sc_study_store_find_member (store, group->id, luis->id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (found->role, ==, SC_ROLE_MEMBER);
    before_removal = found->updated;
    person_before_removal = found->person_updated;
    g_clear_pointer (&found, sc_study_member_free);
  }

  /* Removing leaves a tombstone: gone from lists and finding, kept for
   * merging, and the other group's membership stays. */
  g_assert_true (sc_study_store_remove_member (store, group->id, luis->id, &error));
  g_assert_no_error (error);
  members = sc_study_store_list_members (store, group->id, &error);
  g_assert_cmpuint (members->len, ==, 1);
  g_clear_pointer (&members, g_ptr_array_unref);
  members = sc_study_store_list_all_members (store, group->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 2);
  found = members->pdata[1];
  g_assert_cmpstr (found->id, ==, luis->id);
  g_assert_true (found->removed);
  g_assert_cmpint (found->updated, >, before_removal);
  /* Leaving a group changes the membership, not the person. */
  g_assert_cmpint (found->person_updated, ==, person_before_removal);
  found = NULL;
  g_clear_pointer (&members, g_ptr_array_unref);
  found = sc_study_store_find_member (store, group->id, luis->id, &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  found = sc_study_store_find_member (store, other->id, luis->id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&found, sc_study_member_free);

  /* No progress or attendance for someone who left; removing twice fails. */
  g_assert_false (sc_study_store_set_progress (store, group->id, luis->id, "guide:s1:1",
                                               SC_READING_DONE, NULL, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sc_study_store_set_attendance (store, group->id, luis->id, 1,
                                                 SC_ATTENDANCE_PRESENT, FALSE, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sc_study_store_remove_member (store, group->id, luis->id, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Coming back clears the tombstone; all of it survives reopening. */
  g_assert_true (sc_study_store_add_member (store, group->id, luis, &error));
  g_assert_no_error (error);
  g_clear_pointer (&store, sc_study_store_close);
  store = sc_test_open_store (f->path);
  members = sc_study_store_list_members (store, group->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 2);
  g_assert_cmpstr (((ScMember *) members->pdata[1])->name, ==, "Luis Pérez");
  g_assert_false (((ScMember *) members->pdata[1])->removed);
}

/* Assignments */

static void
test_assignments (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autoptr(ScGroup) group = add_group (store, "Group", "2025-03-03", SC_CADENCE_WEEKLY);
  g_autoptr(ScMember) marta = add_member (store, group->id, "Marta");
  g_autoptr(ScAssignment) everyone = sc_study_assignment_new (group->id, "wage-labour");
  g_autoptr(ScAssignment) one = sc_study_assignment_new (group->id, "value-price-profit");
  g_autoptr(ScAssignment) bad = sc_study_assignment_new (group->id, "x");
  g_autoptr(ScAssignment) found = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;
  gint64 added;

  everyone->from = g_strdup ("ch-1");
  everyone->to = g_strdup ("ch-3");
  everyone->due_session = 2;
  everyone->note = g_strdup ("Before the strike meeting");
  g_assert_true (sc_study_store_add_assignment (store, everyone, &error));
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (everyone->id));

  one->member_id = g_strdup (marta->id);
  one->due_date = g_strdup ("2025-03-12");
  g_assert_true (sc_study_store_add_assignment (store, one, &error));
  g_assert_no_error (error);

  list = sc_study_store_list_assignments (store, group->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  found = list->pdata[0];
  g_assert_cmpstr (found->id, ==, everyone->id);
  g_assert_cmpstr (found->text_id, ==, "wage-labour");
  g_assert_cmpstr (found->from, ==, "ch-1");
  g_assert_cmpstr (found->to, ==, "ch-3");
  g_assert_cmpuint (found->due_session, ==, 2);
  g_assert_null (found->member_id);
  g_assert_cmpstr (found->note, ==, "Before the strike meeting");
  found = list->pdata[1];
  g_assert_cmpstr (found->member_id, ==, marta->id);
  g_assert_cmpstr (found->due_date, ==, "2025-03-12");
  g_assert_cmpuint (found->due_session, ==, 0);
  g_assert_null (found->from);
  found = NULL;
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Bad assignments change nothing. */
  g_clear_pointer (&bad->text_id, g_free);
  g_assert_false (sc_study_store_add_assignment (store, bad, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_clear_error (&error);
  bad->text_id = g_strdup ("x");
  bad->to = g_strdup ("ch-9");
  g_assert_false (sc_study_store_add_assignment (store, bad, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&bad->to, g_free);
  bad->due_date = g_strdup ("2025-02-29");
  g_assert_false (sc_study_store_add_assignment (store, bad, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&bad->due_date, g_free);
  bad->member_id = g_strdup ("not-a-member");
  g_assert_false (sc_study_store_add_assignment (store, bad, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&bad->member_id, g_free);
  g_free (bad->group_id);
  bad->group_id = g_strdup ("no-such-group");
  g_assert_false (sc_study_store_add_assignment (store, bad, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (bad->id);

  /* Find and remove by prefix: a tombstone with a later `updated`. */
  prefix = g_strndup (one->id, 5);
  found = sc_study_store_find_assignment (store, prefix, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->id, ==, one->id);
  added = found->updated;
  g_clear_pointer (&found, sc_study_assignment_free);
  g_assert_true (sc_study_store_remove_assignment (store, prefix, &error));
  g_assert_no_error (error);
  g_assert_false (sc_study_store_remove_assignment (store, one->id, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sc_study_store_remove_assignment (store, "ffffffff", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_pointer (&store, sc_study_store_close);
  store = sc_test_open_store (f->path);
  list = sc_study_store_list_assignments (store, group->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((ScAssignment *) list->pdata[0])->id, ==, everyone->id);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sc_study_store_list_all_assignments (store, group->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  found = sc_study_assignment_copy (list->pdata[1]);
  g_assert_cmpstr (found->id, ==, one->id);
  g_assert_true (found->removed);
  g_assert_cmpint (found->updated, >, added);
  g_assert_cmpstr (found->member_id, ==, marta->id);
}

/* Progress and attendance */

static ScProgress *
find_progress (GPtrArray  *records,
               const char *member_id,
               const char *key)
{
  for (guint i = 0; i < records->len; i++)
    {
      ScProgress *p = g_ptr_array_index (records, i);

      if (g_strcmp0 (p->member_id, member_id) == 0 && g_strcmp0 (p->reading_key, key) == 0)
        return p;
    }
  return NULL;
}

static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autoptr(ScGroup) group = add_group (store, "Group", "2025-03-03", SC_CADENCE_WEEKLY);
  g_autoptr(ScMember) ana = add_member (store, group->id, "Ana");
  g_autoptr(ScMember) luis = add_member (store, group->id, "Luis");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;
  ScProgress *p;
  ScAttendanceRecord *a;

  g_assert_true (sc_study_store_set_progress (store, group->id, ana->id, "guide:s1:1",
                                              SC_READING_READING, NULL, "Halfway", &error));
  g_assert_no_error (error);
  /* Done without a date: today. The note stays when not given. */
  g_assert_true (sc_study_store_set_progress (store, group->id, ana->id, "guide:s1:1",
                                              SC_READING_DONE, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sc_study_store_set_progress (store, group->id, luis->id, "guide:s1:1",
                                              SC_READING_DONE, "2025-03-01", "Read twice", &error));
  g_assert_no_error (error);
  g_assert_true (sc_study_store_set_progress (store, group->id, luis->id, "assignment:x",
                                              SC_READING_DONE, "2025-03-02", NULL, &error));
  g_assert_no_error (error);
  /* Back to reading: no done date; "" clears the note. */
  g_assert_true (sc_study_store_set_progress (store, group->id, luis->id, "guide:s1:1",
                                              SC_READING_READING, NULL, "", &error));
  g_assert_no_error (error);

  g_assert_false (sc_study_store_set_progress (store, group->id, ana->id, "guide:s1:2",
                                               SC_READING_DONE, "2025-02-30", NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sc_study_store_set_progress (store, group->id, ana->id, "",
                                               SC_READING_DONE, NULL, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sc_study_store_set_progress (store, group->id, "nobody", "guide:s1:1",
                                               SC_READING_DONE, NULL, NULL, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (sc_study_store_set_attendance (store, group->id, ana->id, 1,
                                                SC_ATTENDANCE_PRESENT, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (sc_study_store_set_attendance (store, group->id, luis->id, 1,
                                                SC_ATTENDANCE_ABSENT, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (sc_study_store_set_attendance (store, group->id, luis->id, 1,
                                                SC_ATTENDANCE_EXCUSED, TRUE, &error));
  g_assert_no_error (error);
  g_assert_false (sc_study_store_set_attendance (store, group->id, luis->id, 0,
                                                 SC_ATTENDANCE_PRESENT, FALSE, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_clear_error (&error);

  g_clear_pointer (&store, sc_study_store_close);
  store = sc_test_open_store (f->path);

  records = sc_study_store_list_progress (store, group->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  p = find_progress (records, ana->id, "guide:s1:1");
  g_assert_nonnull (p);
  g_assert_cmpint (p->status, ==, SC_READING_DONE);
  g_assert_cmpstr (p->done_date, ==, today);
  g_assert_cmpstr (p->note, ==, "Halfway");
  p = find_progress (records, luis->id, "guide:s1:1");
  g_assert_cmpint (p->status, ==, SC_READING_READING);
  g_assert_null (p->done_date);
  g_assert_null (p->note);
  p = find_progress (records, luis->id, "assignment:x");
  g_assert_cmpstr (p->done_date, ==, "2025-03-02");
  g_clear_pointer (&records, g_ptr_array_unref);

  records = sc_study_store_list_attendance (store, group->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  for (guint i = 0; i < records->len; i++)
    {
      a = records->pdata[i];
      g_assert_cmpuint (a->session, ==, 1);
      g_assert_true (a->questions_prepared);
      g_assert_cmpint (a->attendance, ==,
                       g_str_equal (a->member_id, ana->id) ? SC_ATTENDANCE_PRESENT : SC_ATTENDANCE_EXCUSED);
    }
}

/* `updated` grows with every write of a record, even many in one
 * millisecond and from two connections taking turns. */
static void
test_updated_increases (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(ScStudyStore) one = sc_test_open_store (f->path);
  g_autoptr(ScStudyStore) two = sc_test_open_store (f->path);
  g_autoptr(ScGroup) group = add_group (one, "Group", NULL, SC_CADENCE_WEEKLY);
  g_autoptr(ScMember) member = add_member (one, group->id, "Ana");
  g_autoptr(GError) error = NULL;
  gint64 last = 0;

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(GPtrArray) records = NULL;
      ScStudyStore *store = i % 2 == 0 ? one : two;
      ScProgress *p;

      g_assert_true (sc_study_store_set_progress (store, group->id, member->id, "guide:s1:1",
                                                  i % 3, NULL, NULL, &error));
      g_assert_no_error (error);
      records = sc_study_store_list_progress (one, group->id, &error);
      p = find_progress (records, member->id, "guide:s1:1");
      g_assert_cmpint (p->updated, >, last);
      last = p->updated;
    }

  for (guint i = 0; i < 20; i++)
    {
      gint64 before = group->updated;

      g_assert_true (sc_study_store_save_group (i % 2 == 0 ? two : one, group, &error));
      g_assert_no_error (error);
      g_assert_cmpint (group->updated, >, before);
    }
}

/* My own reading */

static void
test_own_reading (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autoptr(ScPosition) position = NULL;
  g_autoptr(ScBookmark) mark = NULL;
  g_autoptr(ScBookmark) other_mark = NULL;
  g_autoptr(ScHighlight) highlight = NULL;
  g_autoptr(ScHighlight) bad = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 highlight_updated;

  g_assert_true (sc_study_store_set_position (store, "manifesto", "ch-1", 120, 12.5, &error));
  g_assert_no_error (error);
  g_assert_true (sc_study_store_set_position (store, "wage-labour", "s-3", 40, 50.0, &error));
  g_assert_no_error (error);
  g_assert_true (sc_study_store_set_position (store, "manifesto", "ch-2", 7, 30.0, &error));
  g_assert_no_error (error);
  g_assert_false (sc_study_store_set_position (store, "manifesto", "ch-2", 7, 130.0, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_clear_error (&error);

  mark = sc_study_store_add_bookmark (store, "manifesto", "ch-2", 7, "Bourgeois and proletarians", &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (mark->id));
  other_mark = sc_study_store_add_bookmark (store, "wage-labour", NULL, 0, NULL, &error);
  g_assert_no_error (error);

  highlight = sc_study_store_add_highlight (store, "manifesto", "ch-2", 10, 42, "Key sentence", &error);
  g_assert_no_error (error);
  g_assert_cmpint (highlight->updated, ==, highlight->created);
  bad = sc_study_store_add_highlight (store, "manifesto", "ch-2", 42, 42, NULL, &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_assert_null (bad);
  g_clear_error (&error);

  g_assert_true (sc_study_store_set_highlight_note (store, highlight->id, "Key sentence, again", &error));
  g_assert_no_error (error);

  g_clear_pointer (&store, sc_study_store_close);
  store = sc_test_open_store (f->path);

  position = sc_study_store_get_position (store, "manifesto", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (position->section_id, ==, "ch-2");
  g_assert_cmpuint (position->offset, ==, 7);
  g_assert_cmpfloat (position->percent, ==, 30.0);
  g_clear_pointer (&position, sc_position_free);
  position = sc_study_store_get_position (store, "capital", &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Most recently opened first. */
  list = sc_study_store_recent_positions (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((ScPosition *) list->pdata[0])->text_id, ==, "manifesto");
  g_assert_cmpstr (((ScPosition *) list->pdata[1])->text_id, ==, "wage-labour");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sc_study_store_recent_positions (store, 1, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  list = sc_study_store_list_bookmarks (store, "manifesto", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((ScBookmark *) list->pdata[0])->label, ==, "Bourgeois and proletarians");
  g_assert_cmpuint (((ScBookmark *) list->pdata[0])->offset, ==, 7);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sc_study_store_list_bookmarks (store, NULL, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);

  list = sc_study_store_list_highlights (store, "manifesto", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((ScHighlight *) list->pdata[0])->note, ==, "Key sentence, again");
  g_assert_cmpuint (((ScHighlight *) list->pdata[0])->start, ==, 10);
  g_assert_cmpuint (((ScHighlight *) list->pdata[0])->end, ==, 42);
  highlight_updated = ((ScHighlight *) list->pdata[0])->updated;
  g_assert_cmpint (highlight_updated, >, highlight->created);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_true (sc_study_store_remove_bookmark (store, mark->id, &error));
  g_assert_no_error (error);
  g_assert_false (sc_study_store_remove_bookmark (store, mark->id, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (sc_study_store_remove_highlight (store, highlight->id, &error));
  g_assert_no_error (error);
  list = sc_study_store_list_highlights (store, NULL, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sc_study_store_list_bookmarks (store, NULL, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((ScBookmark *) list->pdata[0])->id, ==, other_mark->id);
}

/* Merging */

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autoptr(ScGroup) group = add_group (store, "Group", "2025-03-03", SC_CADENCE_WEEKLY);
  g_autoptr(ScMember) ana = add_member (store, group->id, "Ana");
  g_autoptr(ScGroup) incoming = sc_study_group_copy (group);
  g_autoptr(ScMember) newcomer = sc_study_member_new ("Pedro");
  g_autoptr(ScAssignment) assignment = sc_study_assignment_new (group->id, "manifesto");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(ScGroup) found = NULL;
  g_autoptr(GError) error = NULL;
  ScProgress progress = { 0, };
  ScAttendanceRecord record = { 0, };
  ScMeeting meeting = { 0, };
  gboolean applied = TRUE;

  /* Newer wins and keeps its own time; the same again or older changes
   * nothing. */
  g_free (incoming->branch);
  incoming->branch = g_strdup ("From the other computer");
  incoming->updated = group->updated + 1000;
  g_assert_true (sc_study_store_merge_group (store, incoming, &applied, &error));
  g_assert_no_error (error);
  g_assert_true (applied);
  g_assert_true (sc_study_store_merge_group (store, incoming, &applied, &error));
  g_assert_false (applied);
  g_free (incoming->branch);
  incoming->branch = g_strdup ("Stale");
  incoming->updated = group->updated;
  g_assert_true (sc_study_store_merge_group (store, incoming, &applied, &error));
  g_assert_false (applied);
  found = sc_study_store_find_group (store, group->id, &error);
  g_assert_cmpstr (found->branch, ==, "From the other computer");
  g_assert_cmpint (found->updated, ==, group->updated + 1000);

  /* A new person and their membership, then a tombstone that arrives
   * later: the membership changes, the person does not. */
  newcomer->id = g_uuid_string_random ();
  newcomer->updated = newcomer->person_updated = 1700000000000;
  g_assert_true (sc_study_store_merge_person (store, newcomer, &applied, &error));
  g_assert_no_error (error);
  g_assert_true (applied);
  g_assert_true (sc_study_store_merge_membership (store, group->id, newcomer, &applied, &error));
  g_assert_no_error (error);
  g_assert_true (applied);
  list = sc_study_store_list_members (store, group->id, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);
  newcomer->removed = TRUE;
  newcomer->updated++;
  g_assert_true (sc_study_store_merge_person (store, newcomer, &applied, &error));
  g_assert_false (applied);
  g_assert_true (sc_study_store_merge_membership (store, group->id, newcomer, &applied, &error));
  g_assert_true (applied);
  list = sc_study_store_list_members (store, group->id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* A membership needs its person: merge the person first. */
  {
    g_autoptr(ScMember) stranger = sc_study_member_new ("Nobody yet");

    stranger->id = g_uuid_string_random ();
    stranger->updated = stranger->person_updated = 1700000000000;
    g_assert_false (sc_study_store_merge_membership (store, group->id, stranger, &applied, &error));
    g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
    g_assert_false (applied);
    g_clear_error (&error);
  }

  /* A person renamed here later still joins another group from a file:
   * person and membership are separate records, each newer-wins, so the
   * older name in the file is not taken and the membership is made. */
  {
    g_autoptr(ScGroup) second = add_group (store, "Second group", NULL, SC_CADENCE_WEEKLY);
    g_autoptr(ScMember) old_ana = sc_study_member_copy (ana);
    g_autoptr(ScMember) in_second = NULL;

    g_free (ana->name);
    ana->name = g_strdup ("Ana María");
    g_assert_true (sc_study_store_add_member (store, group->id, ana, &error));
    g_assert_no_error (error);
    old_ana->person_updated = ana->person_updated - 1;
    old_ana->updated = ana->updated + 1000;   /* the membership is newer than anything here */
    g_assert_true (sc_study_store_merge_person (store, old_ana, &applied, &error));
    g_assert_no_error (error);
    g_assert_false (applied);
    g_assert_true (sc_study_store_merge_membership (store, second->id, old_ana, &applied, &error));
    g_assert_no_error (error);
    g_assert_true (applied);
    in_second = sc_study_store_find_member (store, second->id, ana->id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (in_second->name, ==, "Ana María");
    g_assert_cmpint (in_second->updated, ==, old_ana->updated);
    g_assert_cmpint (in_second->person_updated, ==, ana->person_updated);
    g_assert_true (sc_study_store_merge_membership (store, second->id, old_ana, &applied, &error));
    g_assert_false (applied);

    /* A newer person from a file renames them in every group. */
    g_clear_pointer (&in_second, sc_study_member_free);
    g_free (old_ana->name);
    old_ana->name = g_strdup ("Ana María Rojas");
    old_ana->person_updated = ana->person_updated + 1;
    g_assert_true (sc_study_store_merge_person (store, old_ana, &applied, &error));
    g_assert_true (applied);
    in_second = sc_study_store_find_member (store, group->id, ana->id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (in_second->name, ==, "Ana María Rojas");
    g_assert_cmpint (in_second->updated, ==, ana->updated);   /* that membership untouched */
  }

  /* Records about someone the store does not know are refused clearly. */
  progress.member_id = (char *) "no-such-member";
  progress.reading_key = (char *) "guide:s1:1";
  progress.updated = 1700000000000;
  g_assert_false (sc_study_store_merge_progress (store, group->id, &progress, &applied, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_assert_false (applied);
  g_clear_error (&error);

  /* Records with no time are refused. */
  assignment->id = g_uuid_string_random ();
  g_assert_false (sc_study_store_merge_assignment (store, assignment, &applied, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_clear_error (&error);
  assignment->updated = 1700000000000;
  assignment->due_session = 1;
  g_assert_true (sc_study_store_merge_assignment (store, assignment, &applied, &error));
  g_assert_no_error (error);
  g_assert_true (applied);

  /* A whole import is one transaction: rolled back, nothing stays. */
  progress.member_id = ana->id;
  progress.reading_key = (char *) "guide:s1:1";
  progress.status = SC_READING_DONE;
  progress.done_date = (char *) "2025-03-01";
  progress.updated = 1700000000000;
  record.member_id = ana->id;
  record.session = 1;
  record.attendance = SC_ATTENDANCE_PRESENT;
  record.updated = 1700000000000;
  meeting.session = 2;
  meeting.date = (char *) "2025-03-11";
  meeting.date_set = TRUE;
  meeting.place = (char *) "Cafe";
  meeting.updated = 1700000000000;

  g_assert_true (sc_study_store_begin (store, &error));
  g_assert_true (sc_study_store_merge_progress (store, group->id, &progress, &applied, &error));
  g_assert_true (applied);
  g_assert_true (sc_study_store_merge_attendance (store, group->id, &record, &applied, &error));
  g_assert_true (applied);
  sc_study_store_rollback (store);
  list = sc_study_store_list_progress (store, group->id, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_true (sc_study_store_begin (store, &error));
  g_assert_false (sc_study_store_begin (store, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_USAGE);
  g_clear_error (&error);
  g_assert_true (sc_study_store_merge_progress (store, group->id, &progress, &applied, &error));
  g_assert_true (sc_study_store_merge_attendance (store, group->id, &record, &applied, &error));
  g_assert_true (sc_study_store_merge_meeting (store, group->id, &meeting, &applied, &error));
  g_assert_no_error (error);
  g_assert_true (sc_study_store_commit (store, &error));
  g_assert_no_error (error);

  /* Merging again changes nothing; a newer local change wins over an
   * older incoming one. */
  g_assert_true (sc_study_store_merge_progress (store, group->id, &progress, &applied, &error));
  g_assert_false (applied);
  g_assert_true (sc_study_store_set_progress (store, group->id, ana->id, "guide:s1:1",
                                              SC_READING_READING, NULL, NULL, &error));
  progress.updated = 1700000000001;
  g_assert_true (sc_study_store_merge_progress (store, group->id, &progress, &applied, &error));
  g_assert_false (applied);

  g_clear_pointer (&store, sc_study_store_close);
  store = sc_test_open_store (f->path);
  list = sc_study_store_list_progress (store, group->id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((ScProgress *) list->pdata[0])->status, ==, SC_READING_READING);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sc_study_store_list_attendance (store, group->id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((ScAttendanceRecord *) list->pdata[0])->updated, ==, 1700000000000);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sc_study_store_list_meetings (store, group->id, 2, &error);
  assert_meeting (list, 2, "2025-03-11", "Cafe", TRUE);
  g_assert_cmpint (((ScMeeting *) list->pdata[1])->updated, ==, 1700000000000);
}

/* What was exchanged */

static void
test_exchange_base (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autoptr(ScGroup) group = add_group (store, "Group", NULL, SC_CADENCE_WEEKLY);
  g_autoptr(ScGroup) other = add_group (store, "Other", NULL, SC_CADENCE_WEEKLY);
  g_autoptr(GError) error = NULL;
  ScExchangeBase base;

  /* Never exchanged: all zero. */
  g_assert_true (sc_study_store_get_exchange_base (store, group->id, "reading-progress", "m\nk",
                                                   &base, &error));
  g_assert_no_error (error);
  g_assert_cmpint (base.received, ==, 0);
  g_assert_cmpint (base.sent, ==, 0);
  g_assert_cmpint (base.sent_at, ==, 0);

  /* Received only goes up. */
  g_assert_true (sc_study_store_note_received (store, group->id, "reading-progress", "m\nk", 100, &error));
  g_assert_true (sc_study_store_note_received (store, group->id, "reading-progress", "m\nk", 50, &error));
  g_assert_no_error (error);
  g_assert_true (sc_study_store_get_exchange_base (store, group->id, "reading-progress", "m\nk",
                                                   &base, &error));
  g_assert_cmpint (base.received, ==, 100);
  g_assert_cmpint (base.sent, ==, 0);

  /* Sent keeps the time a version was first sent; a newer one moves it. */
  g_assert_true (sc_study_store_note_sent (store, group->id, "reading-progress", "m\nk", 200, 1000, &error));
  g_assert_true (sc_study_store_note_sent (store, group->id, "reading-progress", "m\nk", 200, 2000, &error));
  g_assert_true (sc_study_store_note_sent (store, group->id, "reading-progress", "m\nk", 150, 3000, &error));
  g_assert_no_error (error);
  g_assert_true (sc_study_store_get_exchange_base (store, group->id, "reading-progress", "m\nk",
                                                   &base, &error));
  g_assert_cmpint (base.received, ==, 100);
  g_assert_cmpint (base.sent, ==, 200);
  g_assert_cmpint (base.sent_at, ==, 1000);
  g_assert_true (sc_study_store_note_sent (store, group->id, "reading-progress", "m\nk", 300, 4000, &error));
  g_assert_true (sc_study_store_get_exchange_base (store, group->id, "reading-progress", "m\nk",
                                                   &base, &error));
  g_assert_cmpint (base.sent, ==, 300);
  g_assert_cmpint (base.sent_at, ==, 4000);

  /* Per group, kind and key. */
  g_assert_true (sc_study_store_get_exchange_base (store, other->id, "reading-progress", "m\nk",
                                                   &base, &error));
  g_assert_cmpint (base.received + base.sent, ==, 0);
  g_assert_true (sc_study_store_get_exchange_base (store, group->id, "attendance", "m\nk",
                                                   &base, &error));
  g_assert_cmpint (base.received + base.sent, ==, 0);

  /* Only for groups the store has; inside a transaction, rolled back
   * with it; kept across reopening. */
  g_assert_false (sc_study_store_note_received (store, "no-such-group", "group", "x", 1, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_DATABASE);
  g_clear_error (&error);
  g_assert_true (sc_study_store_begin (store, &error));
  g_assert_true (sc_study_store_note_received (store, other->id, "group", other->id, 7, &error));
  sc_study_store_rollback (store);
  g_assert_true (sc_study_store_get_exchange_base (store, other->id, "group", other->id, &base, &error));
  g_assert_cmpint (base.received, ==, 0);
  g_clear_pointer (&store, sc_study_store_close);
  store = sc_test_open_store (f->path);
  g_assert_true (sc_study_store_get_exchange_base (store, group->id, "reading-progress", "m\nk",
                                                   &base, &error));
  g_assert_no_error (error);
  g_assert_cmpint (base.received, ==, 100);
  g_assert_cmpint (base.sent, ==, 300);
}

/* Who is "me": one member per group, on this computer only */

static void
test_me (Fixture       *f,
         gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autoptr(ScGroup) tuesday = add_group (store, "Tuesday", "2024-03-05", SC_CADENCE_WEEKLY);
  g_autoptr(ScGroup) friday = add_group (store, "Friday", NULL, SC_CADENCE_CUSTOM);
  g_autoptr(ScMember) ana = add_member (store, tuesday->id, "Ana");
  g_autoptr(ScMember) ben = add_member (store, tuesday->id, "Ben");
  g_autoptr(ScMember) carla = add_member (store, friday->id, "Carla");
  g_autoptr(GError) error = NULL;
  g_autofree char *export = NULL;
  g_autofree char *me = NULL;
  g_autofree char *other_path = g_build_filename (f->tmp, "other", "study.db", NULL);

  /* Nobody until chosen. */
  me = sc_study_store_get_me (store, tuesday->id, &error);
  g_assert_no_error (error);
  g_assert_null (me);

  /* One per group, and choosing again replaces it. */
  g_assert_true (sc_study_store_set_me (store, tuesday->id, ana->id, &error));
  g_assert_no_error (error);
  g_assert_true (sc_study_store_set_me (store, friday->id, carla->id, &error));
  g_assert_no_error (error);
  me = sc_study_store_get_me (store, tuesday->id, &error);
  g_assert_cmpstr (me, ==, ana->id);
  g_clear_pointer (&me, g_free);
  g_assert_true (sc_study_store_set_me (store, tuesday->id, ben->id, &error));
  me = sc_study_store_get_me (store, tuesday->id, &error);
  g_assert_cmpstr (me, ==, ben->id);
  g_clear_pointer (&me, g_free);
  me = sc_study_store_get_me (store, friday->id, &error);
  g_assert_cmpstr (me, ==, carla->id);
  g_clear_pointer (&me, g_free);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM identity"), ==, 2);

  /* Only a member of that group, of a group that exists; a refusal
   * changes nothing. */
  g_assert_false (sc_study_store_set_me (store, tuesday->id, carla->id, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sc_study_store_set_me (store, "no-such-group", ana->id, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  me = sc_study_store_get_me (store, tuesday->id, &error);
  g_assert_cmpstr (me, ==, ben->id);
  g_clear_pointer (&me, g_free);

  /* It lasts: a new connection reads it back. */
  g_clear_pointer (&store, sc_study_store_close);
  store = sc_test_open_store (f->path);
  me = sc_study_store_get_me (store, tuesday->id, &error);
  g_assert_cmpstr (me, ==, ben->id);
  g_clear_pointer (&me, g_free);

  /* Never exported: a copy of the group made from its progress file
   * knows the members but not who is "me" here. */
  export = sc_study_export (store, tuesday->id, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(ScStudyStore) other = sc_test_open_store (other_path);
    g_autofree char *other_me = NULL;
    g_autoptr(GPtrArray) members = NULL;

    g_assert_true (sc_study_import_memory (other, export, strlen (export), "tuesday.xml", NULL, &error));
    g_assert_no_error (error);
    members = sc_study_store_list_members (other, tuesday->id, &error);
    g_assert_cmpuint (members->len, ==, 2);
    other_me = sc_study_store_get_me (other, tuesday->id, &error);
    g_assert_no_error (error);
    g_assert_null (other_me);
  }

  /* Who left the group is nobody's "me"… */
  g_assert_true (sc_study_store_remove_member (store, tuesday->id, ben->id, &error));
  me = sc_study_store_get_me (store, tuesday->id, &error);
  g_assert_no_error (error);
  g_assert_null (me);

  /* …and forgetting leaves the other groups as they were. */
  g_assert_true (sc_study_store_set_me (store, tuesday->id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM identity"), ==, 1);
  me = sc_study_store_get_me (store, friday->id, &error);
  g_assert_cmpstr (me, ==, carla->id);
}

/* The version-1 fixture, migrated */

/* Every table's columns (name, type, NOT NULL, key), every index and every
 * foreign key of a database file, one per line and sorted: a migrated file
 * and a new one have the same shape when these are equal. */
static char *
schema_shape (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *shape = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT m.name || '.' || c.name || ' ' || c.type || ' ' || "
                                       "       c.\"notnull\" || ' ' || c.pk "
                                       "  FROM sqlite_master m, pragma_table_info (m.name) c "
                                       "  WHERE m.type = 'table' "
                                       "UNION ALL "
                                       "SELECT 'index ' || name || ' on ' || tbl_name FROM sqlite_master "
                                       "  WHERE type = 'index' AND sql IS NOT NULL "
                                       "UNION ALL "
                                       "SELECT 'foreign key ' || m.name || '.' || f.\"from\" || ' -> ' || "
                                       "       f.\"table\" || '.' || COALESCE (f.\"to\", '') || ' ' || f.on_delete "
                                       "  FROM sqlite_master m, pragma_foreign_key_list (m.name) f "
                                       "  WHERE m.type = 'table' "
                                       "ORDER BY 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (shape, "%s\n", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (shape, FALSE);
}

static void
make_v1_file (const char *path)
{
  g_autofree char *sql_path = g_test_build_filename (G_TEST_DIST, "fixtures", "study", "study-v1.sql", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *sql = NULL;

  g_assert_true (g_file_get_contents (sql_path, &sql, NULL, NULL));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  raw_exec (path, sql);
}

static void
test_migrate_v1 (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *backup = g_strconcat (f->path, ".bak-v1", NULL);
  const char *group_id = "6f1c2a40-3d5e-4b7a-9c11-0a2b3c4d5e6f";
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(ScGroup) group = NULL;
  g_autoptr(ScMember) luis = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(ScPosition) position = NULL;
  g_autoptr(GError) error = NULL;
  ScProgress *p;
  ScHighlight *h;

  make_v1_file (f->path);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, 1);

  store = sc_test_open_store (f->path);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, 2);

  /* The backup is the version-1 file as it was. */
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (raw_int (backup, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (raw_int (backup, "SELECT count(*) FROM progress"), ==, 2);
  g_assert_cmpint (raw_int (backup, "SELECT count(*) FROM pragma_table_info ('meetings') "
                                    "WHERE name = 'place'"), ==, 0);

  /* Everything kept. */
  group = sc_study_store_find_group (store, "círculo de valparaíso", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (group->id, ==, group_id);
  g_assert_cmpstr (group->branch, ==, "Sindicato Portuario");
  g_assert_cmpint (group->updated, ==, 1678060800000);

  list = sc_study_store_list_members (store, group_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sc_study_store_list_all_members (store, group_id, &error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (((ScMember *) list->pdata[2])->name, ==, "Marta Díaz");
  g_assert_true (((ScMember *) list->pdata[2])->removed);
  g_clear_pointer (&list, g_ptr_array_unref);
  luis = sc_study_store_find_member (store, group_id, "luis pérez", &error);
  g_assert_no_error (error);

  list = sc_study_store_list_meetings (store, group_id, 3, &error);
  g_assert_no_error (error);
  assert_meeting (list, 2, "2023-03-13", NULL, FALSE);
  assert_meeting (list, 3, "2023-03-22", NULL, TRUE);
  g_clear_pointer (&list, g_ptr_array_unref);

  list = sc_study_store_list_assignments (store, group_id, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sc_study_store_list_all_assignments (store, group_id, &error);
  g_assert_cmpuint (list->len, ==, 3);
  g_clear_pointer (&list, g_ptr_array_unref);

  list = sc_study_store_list_progress (store, group_id, &error);
  g_assert_cmpuint (list->len, ==, 2);
  p = find_progress (list, luis->id, "guide:s1:1");
  g_assert_cmpstr (p->note, ==, "Good questions on wages");
  g_assert_cmpstr (p->done_date, ==, "2023-03-05");
  g_clear_pointer (&list, g_ptr_array_unref);

  list = sc_study_store_list_attendance (store, group_id, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);

  position = sc_study_store_get_position (store, "wage-labour-and-capital", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (position->offset, ==, 1234);
  list = sc_study_store_list_bookmarks (store, NULL, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The new columns: an old highlight was last changed when it was made. */
  list = sc_study_store_list_highlights (store, NULL, &error);
  g_assert_cmpuint (list->len, ==, 1);
  h = list->pdata[0];
  g_assert_cmpint (h->updated, ==, 1678500000002);
  g_assert_cmpint (h->created, ==, 1678500000002);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_true (sc_study_store_set_meeting (store, group_id, 3, NULL, "Sede sindical", &error));
  g_assert_no_error (error);

  /* Version 2 knows who is "me" in each group. */
  {
    g_autofree char *me = NULL;

    g_assert_true (sc_study_store_set_me (store, group_id, luis->id, &error));
    g_assert_no_error (error);
    me = sc_study_store_get_me (store, group_id, &error);
    g_assert_cmpstr (me, ==, luis->id);
  }

  /* Version 2 keeps what was exchanged of each record. */
  {
    ScExchangeBase base;

    g_assert_true (sc_study_store_note_received (store, group_id, "group", group_id,
                                                 1678060800000, &error));
    g_assert_no_error (error);
    g_assert_true (sc_study_store_get_exchange_base (store, group_id, "group", group_id, &base, &error));
    g_assert_no_error (error);
    g_assert_cmpint (base.received, ==, 1678060800000);
  }

  /* Migrated, the file has the very shape of a new one. */
  {
    g_autofree char *fresh_path = g_build_filename (f->tmp, "fresh", "study.db", NULL);
    g_autofree char *migrated_shape = schema_shape (f->path);
    g_autofree char *fresh_shape = NULL;

    sc_study_store_close (sc_test_open_store (fresh_path));
    fresh_shape = schema_shape (fresh_path);
    g_assert_cmpstr (migrated_shape, ==, fresh_shape);
    g_assert_nonnull (strstr (fresh_shape, "exchange_base.sent_at INTEGER 1 0\n"));
    g_assert_nonnull (strstr (fresh_shape, "meetings.place TEXT 0 0\n"));
    g_assert_nonnull (strstr (fresh_shape, "foreign key exchange_base.group_id -> groups.id CASCADE\n"));
    g_assert_nonnull (strstr (fresh_shape, "identity.group_id TEXT 1 1\n"));
    g_assert_nonnull (strstr (fresh_shape, "foreign key identity.member_id -> members.id CASCADE\n"));
  }

  /* Reopening migrates nothing more and makes no second backup. */
  g_clear_pointer (&store, sc_study_store_close);
  store = sc_test_open_store (f->path);
  {
    g_autofree char *second = g_strconcat (f->path, ".bak-v1.1", NULL);
    g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
  }
  list = sc_study_store_list_meetings (store, group_id, 3, &error);
  assert_meeting (list, 3, "2023-03-22", "Sede sindical", TRUE);
  g_clear_pointer (&store, sc_study_store_close);
  {
    g_autofree char *check = raw_text (f->path, "PRAGMA integrity_check");
    g_assert_cmpstr (check, ==, "ok");
  }
}

/* A second migration never overwrites an earlier backup. */
static void
test_migrate_keeps_old_backup (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *backup = g_strconcat (f->path, ".bak-v1", NULL);
  g_autofree char *second = g_strconcat (f->path, ".bak-v1.1", NULL);
  g_autoptr(GBytes) old = NULL;
  g_autoptr(GBytes) kept = NULL;
  ScStudyStore *store;

  make_v1_file (f->path);
  g_assert_true (g_file_set_contents (backup, "an older copy", -1, NULL));
  old = file_bytes (backup);

  store = sc_test_open_store (f->path);
  sc_study_store_close (store);

  kept = file_bytes (backup);
  g_assert_true (g_bytes_equal (old, kept));
  g_assert_cmpint (raw_int (second, "PRAGMA user_version"), ==, 1);
}

/* Refused files */

static void
test_newer_version (Fixture       *f,
                    gconstpointer  data)
{
  ScStudyStore *store = sc_test_open_store (f->path);

  sc_study_store_close (store);
  raw_exec (f->path, "PRAGMA journal_mode = DELETE; CREATE TABLE future (x); "
                     "PRAGMA user_version = 3;");
  assert_refused_as (f->path, SC_ERROR_DATABASE, "newer");
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, 3);
}

static void
test_garbage_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  char garbage[8192];

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) g_test_rand_int_range (0, 256);
  /* Not even by chance SQLite's magic header. */
  memcpy (garbage, "not sqlite", 10);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->path, garbage, sizeof garbage, NULL));

  assert_refused (f->path, "not a readable study database");
}

static void
test_damaged_page (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autofree char *backup = g_strconcat (f->path, ".bak-v1", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gint64 page_size;
  int fd;

  /* Enough highlights for several pages of one table. */
  g_assert_true (sc_study_store_begin (store, &error));
  for (guint i = 0; i < 400; i++)
    {
      g_autoptr(ScHighlight) h = sc_study_store_add_highlight (store, "manifesto", "ch-1", i, i + 10,
                                                               "A note long enough to fill pages", &error);
      g_assert_no_error (error);
    }
  g_assert_true (sc_study_store_commit (store, &error));
  g_clear_pointer (&store, sc_study_store_close);

  page_size = raw_int (f->path, "PRAGMA page_size");
  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, 8 * page_size);
  /* An older copy of the whole file, made before the damage. */
  g_assert_true (g_file_set_contents (backup, contents, length, NULL));

  /* Scribble over a page in the middle of the file, behind SQLite's back. */
  fd = open (f->path, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  {
    g_autofree char *junk = g_malloc (page_size);

    memset (junk, 0x5a, page_size);
    g_assert_cmpint (pwrite (fd, junk, page_size, (length / page_size - 2) * page_size), ==, page_size);
  }
  close (fd);

  /* The backup is named in the error: the way back. */
  assert_refused (f->path, "damaged");
  {
    store = sc_study_store_open (f->path, &error);
    g_assert_null (store);
    g_assert_nonnull (strstr (error->message, backup));
  }
}

static void
test_foreign_database (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  raw_exec (f->path, "CREATE TABLE docs (id TEXT); INSERT INTO docs VALUES ('x'); "
                     "PRAGMA user_version = 1;");
  assert_refused (f->path, "not a Study Circle study database");
}

/* Two writers at once */

typedef struct {
  const char *path;
  const char *group_id;
  const char *member_id;
  guint       which;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(GError) error = NULL;
  ScStudyStore *store = sc_study_store_open (w->path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *key = g_strdup_printf ("assignment:w%u-%u", w->which, i);

      g_assert_true (sc_study_store_set_progress (store, w->group_id, w->member_id, key,
                                                  SC_READING_DONE, "2025-01-01", NULL, &error));
      g_assert_no_error (error);
      g_assert_true (sc_study_store_set_attendance (store, w->group_id, w->member_id, i % 5 + 1,
                                                    SC_ATTENDANCE_PRESENT, i % 2, &error));
      g_assert_no_error (error);
    }
  sc_study_store_close (store);
  return NULL;
}

/* Holds the write lock for a while with a plain connection, the way the
 * other program would in the middle of a long import. */
static gpointer
lock_holder_thread (gpointer data)
{
  const char *path = data;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_usleep (400 * 1000);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return NULL;
}

static void
test_two_writers (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autoptr(ScGroup) group = add_group (store, "Group", NULL, SC_CADENCE_WEEKLY);
  g_autoptr(ScMember) ana = add_member (store, group->id, "Ana");
  g_autoptr(ScMember) luis = add_member (store, group->id, "Luis");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  Writer writers[] = {
    { f->path, group->id, ana->id, 0 },
    { f->path, group->id, luis->id, 1 },
    { f->path, group->id, ana->id, 2 },
  };
  GThread *threads[G_N_ELEMENTS (writers)];
  GThread *holder;
  gint64 start;

  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    threads[i] = g_thread_new ("writer", writer_thread, &writers[i]);
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    g_thread_join (threads[i]);

  records = sc_study_store_list_progress (store, group->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3 * 60);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Another program holds the write lock: the store waits, it does not
   * fail with "database is locked". */
  holder = g_thread_new ("holder", lock_holder_thread, f->path);
  g_usleep (100 * 1000);
  start = g_get_monotonic_time ();
  g_assert_true (sc_study_store_set_progress (store, group->id, ana->id, "guide:s1:1",
                                              SC_READING_DONE, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * 1000);
  g_thread_join (holder);

  /* And opening while the lock is held waits too. */
  holder = g_thread_new ("holder", lock_holder_thread, f->path);
  g_usleep (100 * 1000);
  {
    g_autoptr(ScStudyStore) second = sc_test_open_store (f->path);
    g_assert_true (sc_study_store_set_position (second, "manifesto", NULL, 0, 1.0, &error));
    g_assert_no_error (error);
  }
  g_thread_join (holder);
}

/* A writer killed with SIGKILL, again and again */

#define CRASH_ROUNDS 36

static G_GNUC_NORETURN void
crash_child (const char *path,
             const char *group_id,
             const char *member_id,
             guint       round,
             int         ready,
             int         out)
{
  ScStudyStore *store = sc_study_store_open (path, NULL);

  if (store == NULL)
    _exit (2);
  if (write (ready, "R", 1) != 1)
    _exit (4);

  for (guint i = 0; ; i++)
    {
      g_autofree char *key = g_strdup_printf ("guide:crash:%u-%u", round, i);
      g_autofree char *note = g_strdup_printf ("round %u write %u", round, i);
      g_autofree char *line = NULL;
      ScReadingStatus status = i % 2 == 0 ? SC_READING_DONE : SC_READING_READING;

      if (!sc_study_store_set_progress (store, group_id, member_id, key, status,
                                        NULL, note, NULL))
        _exit (3);

      /* Only now is the write acknowledged. */
      line = g_strdup_printf ("%s\t%d\t%s\n", key, status, note);
      if (write (out, line, strlen (line)) != (ssize_t) strlen (line))
        _exit (4);

      /* Also keep rewriting one record: its last acknowledged value must win. */
      if (!sc_study_store_set_progress (store, group_id, member_id, "guide:crash:same",
                                        SC_READING_READING, NULL, note, NULL))
        _exit (3);
      g_free (line);
      line = g_strdup_printf ("guide:crash:same\t%d\t%s\n", SC_READING_READING, note);
      if (write (out, line, strlen (line)) != (ssize_t) strlen (line))
        _exit (4);
    }
}

static void
read_acknowledged (int         fd,
                   GHashTable *acknowledged)
{
  g_autoptr(GString) data = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  char buffer[4096];
  ssize_t n;

  while ((n = read (fd, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (data, buffer, n);

  lines = g_strsplit (data->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *tab = strchr (lines[i], '\t');

      /* The last line may be cut short by the kill: only whole ones count. */
      if (tab == NULL || lines[i + 1] == NULL)
        continue;
      *tab = '\0';
      g_hash_table_insert (acknowledged, g_strdup (lines[i]), g_strdup (tab + 1));
    }
}

static void
test_crash (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GHashTable) acknowledged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *group_id = NULL;
  g_autofree char *member_id = NULL;
  guint total_writes = 0;

  {
    g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
    g_autoptr(ScGroup) group = add_group (store, "Crash", NULL, SC_CADENCE_WEEKLY);
    g_autoptr(ScMember) member = add_member (store, group->id, "Ana");

    group_id = g_strdup (group->id);
    member_id = g_strdup (member->id);
  }

  for (guint round = 0; round < CRASH_ROUNDS; round++)
    {
      g_autoptr(ScStudyStore) store = NULL;
      g_autoptr(GPtrArray) records = NULL;
      g_autoptr(GHashTable) stored = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *check = NULL;
      GHashTableIter iter;
      gpointer key, value;
      int fds[2], ready[2];
      int status;
      pid_t pid;

      g_assert_cmpint (pipe (fds), ==, 0);
      g_assert_cmpint (pipe (ready), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          close (ready[0]);
          crash_child (f->path, group_id, member_id, round, ready[1], fds[1]);
        }
      close (fds[1]);
      close (ready[1]);

      /* Every sixth time at any moment, the open included; otherwise once
       * the store is open, in the middle of writes. */
      if (round % 6 != 0)
        {
          char c = 0;

          g_assert_cmpint (read (ready[0], &c, 1), ==, 1);
        }
      g_usleep (g_test_rand_int_range (round % 6 == 0 ? 0 : 1000, 30000));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      close (ready[0]);
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

      read_acknowledged (fds[0], acknowledged);
      close (fds[0]);

      store = sc_test_open_store (f->path);
      records = sc_study_store_list_progress (store, group_id, &error);
      g_assert_no_error (error);
      stored = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      for (guint i = 0; i < records->len; i++)
        {
          ScProgress *p = records->pdata[i];

          g_hash_table_insert (stored, p->reading_key,
                               g_strdup_printf ("%d\t%s", p->status, p->note));
        }

      /* Every acknowledged write is there with its value. The one record
       * rewritten each time may hold a later, unacknowledged value: it is
       * checked to be at least as late as the acknowledged one. */
      g_hash_table_iter_init (&iter, acknowledged);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const char *found = g_hash_table_lookup (stored, key);

          g_assert_nonnull (found);
          if (g_str_equal (key, "guide:crash:same"))
            {
              guint ack_round, ack_write, got_round, got_write;

              g_assert_cmpint (sscanf (value, "%*d\tround %u write %u", &ack_round, &ack_write), ==, 2);
              g_assert_cmpint (sscanf (found, "%*d\tround %u write %u", &got_round, &got_write), ==, 2);
              g_assert_true (got_round > ack_round || (got_round == ack_round && got_write >= ack_write));
            }
          else
            g_assert_cmpstr (found, ==, value);
        }
      total_writes = g_hash_table_size (acknowledged);

      g_clear_pointer (&store, sc_study_store_close);
      check = raw_text (f->path, "PRAGMA integrity_check");
      g_assert_cmpstr (check, ==, "ok");
    }

  /* The test did test something: the children did write. */
  g_test_message ("%u acknowledged writes over %u kills", total_writes, CRASH_ROUNDS);
  g_assert_cmpuint (total_writes, >, 0);
}

/* Derived numbers: a worked example checked by hand */

static const char worked_guide[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<guide id=\"guide-worked\" lang=\"en\" version=\"1\">\n"
  "  <meta><title>Worked example</title><author>Tests</author><weeks>3</weeks></meta>\n"
  "  <session id=\"s1\">\n"
  "    <title>One</title>\n"
  "    <reading text=\"t-a\" from=\"a1\" to=\"a2\" minutes=\"20\"/>\n"
  "    <reading text=\"t-b\"/>\n"
  "  </session>\n"
  "  <session id=\"s2\">\n"
  "    <title>Two</title>\n"
  "    <reading text=\"t-a\" from=\"a3\"/>\n"
  "    <reading title=\"A pamphlet\" author=\"Someone\"/>\n"
  "  </session>\n"
  "  <session id=\"s3\">\n"
  "    <title>Three</title>\n"
  "    <reading text=\"t-gone\" minutes=\"15\"/>\n"
  "  </session>\n"
  "</guide>\n";

typedef struct {
  guint calls;
} WorkedLibrary;

/* The library of the example: words per text or section range. */
static guint
worked_word_count (const char *text_id,
                   const char *from,
                   const char *to,
                   gpointer    user_data)
{
  WorkedLibrary *library = user_data;
  g_autofree char *key = g_strdup_printf ("%s|%s|%s", text_id, from ? from : "", to ? to : "");
  const struct { const char *key; guint words; } counts[] = {
    { "t-b||", 1000 },
    { "t-a|a3|", 450 },
    { "t-c||", 300 },
    { "t-d|d1|", 100 },
  };

  library->calls++;
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if (g_str_equal (key, counts[i].key))
      return counts[i].words;
  return 0;
}

static gboolean
worked_lookup (const char *text_id,
               const char *section_id,
               gpointer    user_data)
{
  const char *known[] = { "t-a", "t-a#a1", "t-a#a2", "t-a#a3", "t-b", "t-c", "t-d", "t-d#d1", "t-e",
                          NULL };
  g_autofree char *key = section_id != NULL ? g_strconcat (text_id, "#", section_id, NULL)
                                            : g_strdup (text_id);

  return g_strv_contains (known, key);
}

static ScAssignment *
assign (ScStudyStore *store,
        const char   *group_id,
        const char   *text_id,
        const char   *from,
        const char   *member_id,
        guint         due_session,
        const char   *due_date)
{
  g_autoptr(GError) error = NULL;
  ScAssignment *assignment = sc_study_assignment_new (group_id, text_id);

  assignment->from = g_strdup (from);
  assignment->member_id = g_strdup (member_id);
  assignment->due_session = due_session;
  assignment->due_date = g_strdup (due_date);
  g_assert_true (sc_study_store_add_assignment (store, assignment, &error));
  g_assert_no_error (error);
  return assignment;
}

static void
mark (ScStudyStore    *store,
      const char      *group_id,
      const char      *member_id,
      const char      *key,
      ScReadingStatus  status)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_study_store_set_progress (store, group_id, member_id, key, status,
                                              NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
attend (ScStudyStore *store,
        const char   *group_id,
        const char   *member_id,
        guint         session,
        ScAttendance  attendance)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_study_store_set_attendance (store, group_id, member_id, session,
                                                attendance, FALSE, &error));
  g_assert_no_error (error);
}

static void
assert_reading (GPtrArray  *readings,
                guint       index,
                const char *key,
                guint       session,
                guint       minutes,
                gboolean    in_library)
{
  ScStudyReading *reading = g_ptr_array_index (readings, index);

  g_assert_cmpstr (reading->key, ==, key);
  g_assert_cmpuint (reading->session, ==, session);
  g_assert_cmpuint (reading->minutes, ==, minutes);
  g_assert_cmpint (reading->in_library, ==, in_library);
}

static void
assert_member (ScGroupProgress *progress,
               guint            index,
               const char      *name,
               guint            next_done,
               guint            next_assigned,
               guint            done,
               guint            assigned,
               guint            present,
               guint            absent,
               guint            excused,
               double           attendance_rate,
               gboolean         behind)
{
  ScMemberProgress *mp = g_ptr_array_index (progress->members, index);

  g_assert_cmpstr (mp->name, ==, name);
  g_assert_cmpuint (mp->next_done, ==, next_done);
  g_assert_cmpuint (mp->next_assigned, ==, next_assigned);
  g_assert_cmpfloat_with_epsilon (mp->ready, next_assigned ? (double) next_done / next_assigned : 1.0, 1e-9);
  g_assert_cmpuint (mp->done, ==, done);
  g_assert_cmpuint (mp->assigned, ==, assigned);
  g_assert_cmpfloat_with_epsilon (mp->completion, assigned ? (double) done / assigned : 1.0, 1e-9);
  g_assert_cmpuint (mp->present, ==, present);
  g_assert_cmpuint (mp->absent, ==, absent);
  g_assert_cmpuint (mp->excused, ==, excused);
  g_assert_cmpfloat_with_epsilon (mp->attendance_rate, attendance_rate, 1e-9);
  g_assert_cmpint (mp->behind, ==, behind);
}

static void
assert_session (ScGroupProgress *progress,
                guint            session,
                const char      *date,
                guint            readings,
                guint            pairs_done,
                guint            pairs,
                double           completion,
                guint            minutes)
{
  ScSessionProgress *sp = g_ptr_array_index (progress->sessions, session - 1);

  g_assert_cmpuint (sp->session, ==, session);
  g_assert_cmpstr (sp->date, ==, date);
  g_assert_cmpuint (sp->readings, ==, readings);
  g_assert_cmpuint (sp->pairs_done, ==, pairs_done);
  g_assert_cmpuint (sp->pairs, ==, pairs);
  g_assert_cmpfloat_with_epsilon (sp->completion, completion, 1e-9);
  g_assert_cmpuint (sp->minutes, ==, minutes);
}

/* The example, in full:
 *
 *   Guide: s1 = G1 (t-a a1–a2, 20 min given), G2 (t-b, 1000 words);
 *          s2 = G3 (t-a a3, 450 words), G4 (an external pamphlet, no minutes);
 *          s3 = G5 (t-gone, 15 min given; the text left the library).
 *   Group: weekly from Mon 2025-01-06: s1 01-06, s2 01-13, s3 01-20.
 *   Members: Ana, Luis, Marta; Pedro joined and left.
 *   Assignments: A1 t-c (300 words) to all at s2; A2 t-d d1 (100 words)
 *     to Luis at s2; A3 t-e (no word count) to all, due 2025-01-10, so at
 *     the first meeting on or after it, s2; A4 t-c to all at s1, removed;
 *     A5 t-c to Pedro at s2 (he left: nobody's).
 *   At 200 words a minute, rounded up: G2 5, G3 ⌈2.25⌉ = 3, A1 ⌈1.5⌉ = 2,
 *     A2 ⌈0.5⌉ = 1, A3 0, G4 0; G1 20 and G5 15 from the guide.
 *   Done: Ana G1 G2 G3 G4 A1 A3 (and the removed A4, which counts for
 *     nothing); Luis G1 G3 A2 (G2 only "reading"); Marta nothing (G1
 *     "reading"); Pedro G1 before he left.
 *   Attendance: s1 Ana present, Luis excused, Marta absent;
 *               s2 Ana absent, Luis present.
 *   Today 2025-01-13: the next session is s2 (it meets today).
 */
static void
test_progress_numbers (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autoptr(ScGuide) guide = NULL;
  g_autoptr(ScGroup) group = NULL;
  g_autoptr(ScMember) ana = NULL;
  g_autoptr(ScMember) luis = NULL;
  g_autoptr(ScMember) marta = NULL;
  g_autoptr(ScMember) pedro = NULL;
  g_autoptr(ScAssignment) a1 = NULL;
  g_autoptr(ScAssignment) a2 = NULL;
  g_autoptr(ScAssignment) a3 = NULL;
  g_autoptr(ScAssignment) a4 = NULL;
  g_autoptr(ScAssignment) a5 = NULL;
  g_autoptr(GPtrArray) readings = NULL;
  g_autoptr(ScGroupProgress) progress = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *k1 = NULL, *k2 = NULL, *k3 = NULL, *k4 = NULL;
  WorkedLibrary library = { 0, };
  const char *behind[] = { "Luis Pérez", "Marta Díaz", NULL };

  guide = sc_guide_read_memory (worked_guide, strlen (worked_guide), "worked.xml", &error);
  g_assert_no_error (error);

  group = sc_study_group_new ("Worked example");
  group->guide_id = g_strdup ("guide-worked");
  group->start_date = g_strdup ("2025-01-06");
  g_assert_true (sc_study_store_save_group (store, group, &error));
  g_assert_no_error (error);
  ana = add_member (store, group->id, "Ana Rojas");
  luis = add_member (store, group->id, "Luis Pérez");
  marta = add_member (store, group->id, "Marta Díaz");
  pedro = add_member (store, group->id, "Pedro");

  a1 = assign (store, group->id, "t-c", NULL, NULL, 2, NULL);
  a2 = assign (store, group->id, "t-d", "d1", luis->id, 2, NULL);
  a3 = assign (store, group->id, "t-e", NULL, NULL, 0, "2025-01-10");
  a4 = assign (store, group->id, "t-c", NULL, NULL, 1, NULL);
  a5 = assign (store, group->id, "t-c", NULL, pedro->id, 2, NULL);
  k1 = g_strconcat ("assignment:", a1->id, NULL);
  k2 = g_strconcat ("assignment:", a2->id, NULL);
  k3 = g_strconcat ("assignment:", a3->id, NULL);
  k4 = g_strconcat ("assignment:", a4->id, NULL);

  mark (store, group->id, ana->id, "guide:s1:1", SC_READING_DONE);
  mark (store, group->id, ana->id, "guide:s1:2", SC_READING_DONE);
  mark (store, group->id, ana->id, "guide:s2:1", SC_READING_DONE);
  mark (store, group->id, ana->id, "guide:s2:2", SC_READING_DONE);
  mark (store, group->id, ana->id, k1, SC_READING_DONE);
  mark (store, group->id, ana->id, k3, SC_READING_DONE);
  mark (store, group->id, ana->id, k4, SC_READING_DONE);
  mark (store, group->id, luis->id, "guide:s1:1", SC_READING_DONE);
  mark (store, group->id, luis->id, "guide:s1:2", SC_READING_READING);
  mark (store, group->id, luis->id, "guide:s2:1", SC_READING_DONE);
  mark (store, group->id, luis->id, k2, SC_READING_DONE);
  mark (store, group->id, luis->id, k1, SC_READING_NOT_STARTED);
  mark (store, group->id, marta->id, "guide:s1:1", SC_READING_READING);
  mark (store, group->id, pedro->id, "guide:s1:1", SC_READING_DONE);
  attend (store, group->id, ana->id, 1, SC_ATTENDANCE_PRESENT);
  attend (store, group->id, luis->id, 1, SC_ATTENDANCE_EXCUSED);
  attend (store, group->id, marta->id, 1, SC_ATTENDANCE_ABSENT);
  attend (store, group->id, ana->id, 2, SC_ATTENDANCE_ABSENT);
  attend (store, group->id, luis->id, 2, SC_ATTENDANCE_PRESENT);
  g_assert_true (sc_study_store_remove_assignment (store, a4->id, &error));
  g_assert_true (sc_study_store_remove_member (store, group->id, pedro->id, &error));
  g_assert_no_error (error);

  /* The readings: by session, guide first; the one due on a date last. */
  readings = sc_study_group_readings (store, group->id, guide, 0, worked_word_count,
                                      worked_lookup, &library, 200, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (readings->len, ==, 8);
  assert_reading (readings, 0, "guide:s1:1", 1, 20, TRUE);
  assert_reading (readings, 1, "guide:s1:2", 1, 5, TRUE);
  assert_reading (readings, 2, "guide:s2:1", 2, 3, TRUE);
  assert_reading (readings, 3, "guide:s2:2", 2, 0, FALSE);
  assert_reading (readings, 4, k1, 2, 2, TRUE);
  assert_reading (readings, 5, k2, 2, 1, TRUE);
  assert_reading (readings, 6, "guide:s3:1", 3, 15, FALSE);
  assert_reading (readings, 7, k3, 0, 0, TRUE);
  g_assert_cmpstr (((ScStudyReading *) readings->pdata[3])->title, ==, "A pamphlet");
  g_assert_cmpstr (((ScStudyReading *) readings->pdata[5])->member_id, ==, luis->id);
  g_assert_cmpstr (((ScStudyReading *) readings->pdata[7])->due_date, ==, "2025-01-10");
  /* Where each counts: its own session; A3, due on Friday 2025-01-10, at
   * the next meeting, s2 on Monday 2025-01-13. */
  g_assert_cmpuint (((ScStudyReading *) readings->pdata[0])->counts_at, ==, 1);
  g_assert_cmpuint (((ScStudyReading *) readings->pdata[5])->counts_at, ==, 2);
  g_assert_cmpuint (((ScStudyReading *) readings->pdata[6])->counts_at, ==, 3);
  g_assert_cmpuint (((ScStudyReading *) readings->pdata[7])->counts_at, ==, 2);
  /* Words were counted only where the guide gave no minutes: G2 G3 A1 A2 A3. */
  g_assert_cmpuint (library.calls, ==, 5);
  g_clear_pointer (&readings, g_ptr_array_unref);

  /* Session 2's readings, with A3 that falls due to it. */
  readings = sc_study_group_readings (store, group->id, guide, 2, NULL, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (readings->len, ==, 5);
  assert_reading (readings, 0, "guide:s2:1", 2, 0, TRUE);
  assert_reading (readings, 4, k3, 0, 0, TRUE);
  g_assert_cmpuint (((ScStudyReading *) readings->pdata[4])->counts_at, ==, 2);
  g_clear_pointer (&readings, g_ptr_array_unref);

  progress = sc_group_progress_compute (store, group->id, guide, "2025-01-13", worked_word_count,
                                        worked_lookup, &library, 200, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (progress->group_id, ==, group->id);
  g_assert_cmpuint (progress->n_sessions, ==, 3);
  g_assert_cmpuint (progress->next_session, ==, 2);
  g_assert_cmpstr (progress->next_date, ==, "2025-01-13");

  /* Per session (pairs = current members × readings for them):
   *   s1: G1 G2 × 3 = 6 pairs; done Ana G1 G2, Luis G1 = 3 → 0.5;
   *       minutes 20 + 5 = 25.
   *   s2: G3 G4 A1 A3 × 3 + A2 × 1 = 13 pairs, 5 readings; done Ana G3
   *       G4 A1 A3, Luis G3 A2 = 6 → 6/13; minutes 3 + 0 + 2 + 0 = 5
   *       (A2 is Luis's alone: not in everyone's minutes).
   *   s3: G5 × 3 = 3 pairs, none done → 0; minutes 15. */
  assert_session (progress, 1, "2025-01-06", 2, 3, 6, 0.5, 25);
  assert_session (progress, 2, "2025-01-13", 5, 6, 13, 6.0 / 13, 5);
  assert_session (progress, 3, "2025-01-20", 1, 0, 3, 0.0, 15);

  /* Per member, by name:
   *   Ana:   s2 G3 G4 A1 A3, all done → ready 4/4; up to s2: 6 of 6;
   *          present 1, absent 1 → 0.5.
   *   Luis:  s2 G3 G4 A1 A2 A3, done G3 A2 → 2/5 = 0.4, behind; up to s2:
   *          7 readings, done G1 G3 A2 → 3/7; present 1, excused 1 →
   *          1/1 (excused is neither present nor absent).
   *   Marta: s2 4 readings, none done → 0, behind; 0 of 6; absent 1 → 0. */
  g_assert_cmpuint (progress->members->len, ==, 3);
  assert_member (progress, 0, "Ana Rojas", 4, 4, 6, 6, 1, 1, 0, 0.5, FALSE);
  assert_member (progress, 1, "Luis Pérez", 2, 5, 3, 7, 1, 0, 1, 1.0, TRUE);
  assert_member (progress, 2, "Marta Díaz", 0, 4, 0, 6, 0, 1, 0, 0.0, TRUE);
  g_assert_cmpfloat_with_epsilon (((ScMemberProgress *) progress->members->pdata[1])->ready, 0.4, 1e-9);
  g_assert_true (g_strv_equal ((const char * const *) progress->behind, behind));

  /* Member by session (what the roster shows), every session:
   *   Ana   s1 G1 G2 2/2, s2 G3 G4 A1 A3 4/4, s3 G5 0/1;
   *   Luis  s1 1/2, s2 G3 G4 A1 A2 A3 2/5, s3 0/1;
   *   Marta s1 0/2, s2 0/4, s3 0/1.
   * Summed over members, each session's pairs: 6, 13, 3. */
  {
    const guint expected[3][3][2] = {
      { { 2, 2 }, { 4, 4 }, { 1, 0 } },
      { { 2, 1 }, { 5, 2 }, { 1, 0 } },
      { { 2, 0 }, { 4, 0 }, { 1, 0 } },
    };

    for (guint m = 0; m < 3; m++)
      for (guint sn = 0; sn < 3; sn++)
        {
          ScMemberProgress *mp = progress->members->pdata[m];

          g_assert_cmpuint (mp->sessions[sn].assigned, ==, expected[m][sn][0]);
          g_assert_cmpuint (mp->sessions[sn].done, ==, expected[m][sn][1]);
        }
  }
  g_clear_pointer (&progress, sc_group_progress_free);

  /* Minutes from words are rounded up, at any speed. */
  g_assert_cmpuint (sc_study_reading_minutes (0, 200), ==, 0);
  g_assert_cmpuint (sc_study_reading_minutes (1, 200), ==, 1);
  g_assert_cmpuint (sc_study_reading_minutes (14, 200), ==, 1);
  g_assert_cmpuint (sc_study_reading_minutes (200, 200), ==, 1);
  g_assert_cmpuint (sc_study_reading_minutes (201, 200), ==, 2);
  g_assert_cmpuint (sc_study_reading_minutes (450, 200), ==, 3);
  g_assert_cmpuint (sc_study_reading_minutes (450, 0), ==, 0);

  /* Once Luis reads G4, A1 and A3 he is ready: only Marta is behind. */
  mark (store, group->id, luis->id, "guide:s2:2", SC_READING_DONE);
  mark (store, group->id, luis->id, k1, SC_READING_DONE);
  mark (store, group->id, luis->id, k3, SC_READING_DONE);
  progress = sc_group_progress_compute (store, group->id, guide, "2025-01-13", NULL, NULL, NULL,
                                        200, &error);
  g_assert_no_error (error);
  assert_member (progress, 1, "Luis Pérez", 5, 5, 6, 7, 1, 0, 1, 1.0, FALSE);
  g_assert_cmpstr (progress->behind[0], ==, "Marta Díaz");
  g_assert_null (progress->behind[1]);
  /* Without word counts only the guide's minutes remain: s1 20, s2 0. */
  assert_session (progress, 1, "2025-01-06", 2, 3, 6, 0.5, 20);
  assert_session (progress, 2, "2025-01-13", 5, 9, 13, 9.0 / 13, 0);
  g_clear_pointer (&progress, sc_group_progress_free);

  /* After the last meeting there is no next session: nobody is behind and
   * completion covers everything (Ana: 6 of 7 with G5 not done). */
  progress = sc_group_progress_compute (store, group->id, guide, "2025-02-01", NULL, NULL, NULL,
                                        200, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progress->next_session, ==, 0);
  g_assert_null (progress->next_date);
  g_assert_null (progress->behind[0]);
  assert_member (progress, 0, "Ana Rojas", 0, 0, 6, 7, 1, 1, 0, 0.5, FALSE);
  g_clear_pointer (&progress, sc_group_progress_free);

  /* The day before s1: s1 is next; only its two readings count. */
  progress = sc_group_progress_compute (store, group->id, guide, "2025-01-05", NULL, NULL, NULL,
                                        200, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progress->next_session, ==, 1);
  assert_member (progress, 2, "Marta Díaz", 0, 2, 0, 2, 0, 1, 0, 0.0, TRUE);
  g_clear_pointer (&progress, sc_group_progress_free);

  /* Bad input. */
  progress = sc_group_progress_compute (store, group->id, guide, "13/01/2025", NULL, NULL, NULL,
                                        200, &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_assert_null (progress);
  g_clear_error (&error);
  progress = sc_group_progress_compute (store, "no-such-group", guide, "2025-01-13", NULL, NULL,
                                        NULL, 200, &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_free (group->guide_id);
  group->guide_id = g_strdup ("another-guide");
  g_assert_true (sc_study_store_save_group (store, group, &error));
  progress = sc_group_progress_compute (store, group->id, guide, "2025-01-13", NULL, NULL, NULL,
                                        200, &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "another-guide"));
}

/* Without any dates, the next session is the first one nobody's
 * attendance has been recorded for. */
static void
test_progress_without_dates (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autoptr(ScGroup) group = add_group (store, "Sin fechas", NULL, SC_CADENCE_CUSTOM);
  g_autoptr(ScMember) xavier = add_member (store, group->id, "Xavier");
  g_autoptr(ScMember) yolanda = add_member (store, group->id, "Yolanda");
  g_autoptr(ScAssignment) b1 = assign (store, group->id, "t-a", NULL, NULL, 1, NULL);
  g_autoptr(ScAssignment) b2 = assign (store, group->id, "t-b", NULL, NULL, 2, NULL);
  g_autoptr(ScAssignment) b3 = assign (store, group->id, "t-c", NULL, yolanda->id, 2, NULL);
  g_autoptr(ScGroupProgress) progress = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *k2 = g_strconcat ("assignment:", b2->id, NULL);
  g_autofree char *k3 = g_strconcat ("assignment:", b3->id, NULL);

  progress = sc_group_progress_compute (store, group->id, NULL, "2030-01-01", NULL, NULL, NULL,
                                        200, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progress->n_sessions, ==, 2);
  g_assert_cmpuint (progress->next_session, ==, 1);
  g_assert_null (progress->next_date);
  g_clear_pointer (&progress, sc_group_progress_free);

  /* "Unknown" is not a record; "present" is. */
  attend (store, group->id, yolanda->id, 1, SC_ATTENDANCE_UNKNOWN);
  progress = sc_group_progress_compute (store, group->id, NULL, "2030-01-01", NULL, NULL, NULL,
                                        200, &error);
  g_assert_cmpuint (progress->next_session, ==, 1);
  g_clear_pointer (&progress, sc_group_progress_free);
  attend (store, group->id, xavier->id, 1, SC_ATTENDANCE_PRESENT);

  /* s2: Xavier has B2 to read, Yolanda B2 and B3; each did one. */
  mark (store, group->id, xavier->id, k2, SC_READING_DONE);
  mark (store, group->id, yolanda->id, k3, SC_READING_DONE);
  progress = sc_group_progress_compute (store, group->id, NULL, "2030-01-01", NULL, NULL, NULL,
                                        200, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progress->next_session, ==, 2);
  assert_member (progress, 0, "Xavier", 1, 1, 1, 2, 1, 0, 0, 1.0, FALSE);
  assert_member (progress, 1, "Yolanda", 1, 2, 1, 3, 0, 0, 0, 0.0, TRUE);
  assert_session (progress, 2, NULL, 2, 2, 3, 2.0 / 3, 0);
  g_assert_cmpstr (progress->behind[0], ==, "Yolanda");
  g_assert_null (progress->behind[1]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/study/dates", test_dates);
  g_test_add_func ("/study/enum-strings", test_enum_strings);
  TEST ("/study/open/new", test_open_new);
  TEST ("/study/groups", test_groups);
  TEST ("/study/groups/find-ambiguous", test_find_ambiguous);
  TEST ("/study/meetings", test_meetings);
  TEST ("/study/members", test_members);
  TEST ("/study/assignments", test_assignments);
  TEST ("/study/progress", test_progress);
  TEST ("/study/updated-increases", test_updated_increases);
  TEST ("/study/own-reading", test_own_reading);
  TEST ("/study/merge", test_merge);
  TEST ("/study/exchange-base", test_exchange_base);
  TEST ("/study/me", test_me);
  TEST ("/study/migrate/v1", test_migrate_v1);
  TEST ("/study/migrate/keeps-old-backup", test_migrate_keeps_old_backup);
  TEST ("/study/refuse/newer-version", test_newer_version);
  TEST ("/study/refuse/garbage", test_garbage_file);
  TEST ("/study/refuse/damaged-page", test_damaged_page);
  TEST ("/study/refuse/foreign-database", test_foreign_database);
  TEST ("/study/progress-numbers", test_progress_numbers);
  TEST ("/study/progress-numbers/without-dates", test_progress_without_dates);
  TEST ("/study/two-writers", test_two_writers);
  TEST ("/study/crash", test_crash);

  return g_test_run ();
}
