/* test-study-faults.c: the study store when the world misbehaves
 *
 * A full disk (the file's size capped with STUDYCIRCLE_TEST_STUDY_MAX_PAGES,
 * which sc_study_store_open() reads for tests), damaged files of every
 * kind refused byte for byte, daily backups and their rotation, restoring
 * a backup with the damaged file kept, and read-only folders and files.
 * The SIGKILL test of study writes is /study/crash in test-study.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE 1
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include <gio/gio.h>
#include <sqlite3.h>

#include "sc-error.h"
#include "sc-study.h"
#include "sc-study-backup.h"
#include "sc-test-faults.h"
#include "sc-test-util.h"
#include "sc-test-study.h"

#define MAX_PAGES_VAR "STUDYCIRCLE_TEST_STUDY_MAX_PAGES"

typedef struct {
  char *tmp;
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->tmp = g_dir_make_tmp ("sc-test-study-faults-XXXXXX", &error);
  g_assert_no_error (error);
  f->dir = g_build_filename (f->tmp, "data", NULL);
  f->path = g_build_filename (f->dir, "study.db", NULL);
  g_unsetenv (MAX_PAGES_VAR);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_unsetenv (MAX_PAGES_VAR);
  g_chmod (f->dir, 0700);
  g_chmod (f->path, 0600);
  sc_test_remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->dir);
  g_free (f->path);
}

#define TEST(name, func) \
  g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)

/* Helpers */

/* @n highlights with notes of @note_length characters, in one action. */
static gboolean
add_highlights (ScStudyStore  *store,
                guint          n,
                gsize          note_length,
                GError       **error)
{
  g_autofree char *note = g_strnfill (note_length, 'n');

  if (!sc_study_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScHighlight) h = sc_study_store_add_highlight (store, "manifesto", "ch-1", i, i + 5,
                                                               note, error);

      if (h == NULL)
        {
          sc_study_store_rollback (store);
          return FALSE;
        }
    }
  return sc_study_store_commit (store, error);
}

/* A store with a group and @n highlights, closed. */
static void
make_store (const char *path,
            const char *group_name,
            guint       n)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (path);
  g_autofree char *id = sc_test_add_group (store, group_name);
  g_autoptr(GError) error = NULL;

  g_assert_true (add_highlights (store, n, 200, &error));
  g_assert_no_error (error);
}

/* A plain read-only connection: the test looks at the file itself. */
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

static void
assert_integrity_ok (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
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

static void
assert_same_bytes (GBytes     *expected,
                   const char *path)
{
  g_autoptr(GBytes) now = file_bytes (path);

  g_assert_true (g_bytes_equal (expected, now));
}

/* Refused as damaged, naming the file (and @backup, when not NULL), and
 * every byte of it as it was. */
static void
assert_refused (const char *path,
                const char *reason,
                const char *backup)
{
  g_autoptr(GBytes) before = file_bytes (path);
  g_autoptr(GError) error = NULL;
  ScStudyStore *store = sc_study_store_open (path, &error);

  g_assert_null (store);
  g_assert_error (error, SC_ERROR, SC_ERROR_DAMAGED);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, reason));
  g_assert_nonnull (strstr (error->message, "left untouched"));
  if (backup != NULL)
    g_assert_nonnull (strstr (error->message, backup));
  else
    g_assert_null (strstr (error->message, "backup"));
  assert_same_bytes (before, path);
}

static guint
count_files_with_prefix (const char *dir,
                         const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      n++;
  return n;
}

/* A name of an automatic backup made @days_ago days ago. */
static char *
backup_name (const char *path,
             int         days_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days_ago);
  g_autofree char *stamp = g_date_time_format (then, "%Y%m%d-%H%M%S");

  return g_strconcat (path, ".backup-", stamp, NULL);
}

/* A full disk ================================================================ */

static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(ScMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *group_id = NULL;
  g_autofree char *contact = g_strnfill (20000, 'c');
  gint64 pages, highlights;

  store = sc_test_open_store (f->path);
  group_id = sc_test_add_group (store, "Before the disk filled");
  g_assert_true (add_highlights (store, 20, 100, &error));
  g_clear_pointer (&store, sc_study_store_close);
  pages = raw_int (f->path, "PRAGMA page_count");
  highlights = raw_int (f->path, "SELECT count(*) FROM highlights");
  g_assert_cmpint (highlights, ==, 20);
  g_assert_cmpint (raw_int (f->path, "PRAGMA freelist_count"), ==, 0);

  /* The disk is full: the file may not grow by a single page. Opening
   * needs no page; saving does. */
  g_setenv (MAX_PAGES_VAR, "1", TRUE);
  store = sc_test_open_store (f->path);

  /* One action of many writes: refused whole, with a clear message. */
  g_assert_false (add_highlights (store, 200, 2000, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "not enough disk space to save"));
  g_clear_error (&error);

  /* One write of a big record: the same. */
  member = sc_study_member_new ("Ana");
  member->contact = g_strdup (contact);
  g_assert_false (sc_study_store_add_member (store, group_id, member, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_clear_error (&error);
  g_clear_pointer (&store, sc_study_store_close);

  /* Nothing half-written, nothing lost, nothing damaged. */
  assert_integrity_ok (f->path);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM highlights"), ==, highlights);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM members"), ==, 0);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM groups WHERE name = 'Before the disk filled'"), ==, 1);
  g_assert_cmpint (raw_int (f->path, "PRAGMA page_count"), <=, pages);

  /* Space again: the same writes go through. */
  g_unsetenv (MAX_PAGES_VAR);
  store = sc_test_open_store (f->path);
  g_assert_true (add_highlights (store, 200, 2000, &error));
  g_assert_no_error (error);
  g_clear_pointer (&member->id, g_free);
  g_assert_true (sc_study_store_add_member (store, group_id, member, &error));
  g_assert_no_error (error);
  g_clear_pointer (&store, sc_study_store_close);
  assert_integrity_ok (f->path);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM highlights"), ==, highlights + 200);
  g_assert_cmpint (raw_int (f->path, "SELECT length (contact) FROM members"), ==, 20000);
}

/* A new file on a full disk: not even the empty schema fits. Nothing is
 * left that a later start would take for study data. */
static void
test_disk_full_new_file (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  ScStudyStore *store;

  g_setenv (MAX_PAGES_VAR, "2", TRUE);
  store = sc_study_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "not enough disk space to save"));

  g_unsetenv (MAX_PAGES_VAR);
  store = sc_test_open_store (f->path);
  sc_study_store_close (store);
  assert_integrity_ok (f->path);
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, SC_STUDY_SCHEMA_VERSION);
}

/* Damaged files: refused, never written ===================================== */

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  gint64 page_size;

  make_store (f->path, "Truncated", 400);
  page_size = raw_int (f->path, "PRAGMA page_size");
  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, 10 * page_size);

  /* Cut at a page boundary, and in the middle of a page. */
  g_assert_true (g_file_set_contents (f->path, contents, (length / page_size / 2) * page_size, NULL));
  assert_refused (f->path, "not a readable study database", NULL);
  g_assert_true (g_file_set_contents (f->path, contents, 3 * page_size + 100, NULL));
  assert_refused (f->path, "not a readable study database", NULL);
}

static void
test_not_a_database (Fixture       *f,
                     gconstpointer  data)
{
  g_assert_cmpint (g_mkdir_with_parents (f->dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->path, "My reading notes, saved over the wrong file.\n", -1, NULL));
  assert_refused (f->path, "not a readable study database", NULL);

  /* A database, but not ours. */
  g_assert_cmpint (g_unlink (f->path), ==, 0);
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE photos (name TEXT); INSERT INTO photos VALUES ('x');",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  assert_refused (f->path, "not a Study Circle study database", NULL);
}

/* An empty file is a new database to SQLite. With no backup it is one;
 * with a backup, it is what is left of a file that held records. */
static void
test_empty_file (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;

  g_assert_cmpint (g_mkdir_with_parents (f->dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->path, "", 0, NULL));
  store = sc_test_open_store (f->path);
  g_free (sc_test_add_group (store, "Kept"));
  backup = sc_study_store_write_backup (store, &error);
  g_assert_no_error (error);
  g_clear_pointer (&store, sc_study_store_close);

  g_assert_true (g_file_set_contents (f->path, "", 0, NULL));
  assert_refused (f->path, "the file is empty", backup);
}

/* Backups ==================================================================== */

static void
test_daily_backup (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(ScStudyBackup) newest = NULL;
  g_autofree char *made = NULL;
  g_autofree char *older = NULL;
  g_autofree char *group_id = NULL;
  GStatBuf st;

  /* Nothing in the store yet: nothing worth a copy. */
  g_assert_true (sc_study_store_backup_if_due (store, &made, &error));
  g_assert_no_error (error);
  g_assert_null (made);
  g_assert_cmpuint (count_files_with_prefix (f->dir, "study.db.backup-"), ==, 0);

  group_id = sc_test_add_group (store, "Backed up");
  g_assert_true (sc_study_store_backup_if_due (store, &made, &error));
  g_assert_no_error (error);
  g_assert_nonnull (made);
  g_assert_true (g_str_has_prefix (made, f->path));
  g_assert_true (sc_study_check_backup (made, &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (made, "SELECT count(*) FROM groups WHERE name = 'Backed up'"), ==, 1);
  g_assert_cmpint (g_stat (made, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (count_files_with_prefix (f->dir, "study.db.backup-"), ==, 1);

  /* The next start on the same day makes none. */
  g_clear_pointer (&made, g_free);
  g_assert_true (sc_study_store_backup_if_due (store, &made, &error));
  g_assert_null (made);
  g_assert_cmpuint (count_files_with_prefix (f->dir, "study.db.backup-"), ==, 1);

  /* Two days later, one more, and both are listed, newest first. */
  {
    g_autoptr(GPtrArray) only = sc_study_list_backups (f->path);

    older = backup_name (f->path, 2);
    g_assert_cmpuint (only->len, ==, 1);
    g_assert_cmpint (g_rename (((ScStudyBackup *) only->pdata[0])->path, older), ==, 0);
  }
  g_free (sc_test_add_group (store, "Added later"));
  g_assert_true (sc_study_store_backup_if_due (store, &made, &error));
  g_assert_nonnull (made);
  backups = sc_study_list_backups (f->path);
  g_assert_cmpuint (backups->len, ==, 2);
  g_assert_cmpstr (((ScStudyBackup *) backups->pdata[0])->path, ==, made);
  g_assert_cmpstr (((ScStudyBackup *) backups->pdata[1])->path, ==, older);
  for (guint i = 0; i < backups->len; i++)
    {
      g_assert_true (((ScStudyBackup *) backups->pdata[i])->usable);
      g_assert_true (((ScStudyBackup *) backups->pdata[i])->automatic);
    }
  newest = sc_study_find_backup (f->path);
  g_assert_cmpstr (newest->path, ==, made);
  g_assert_cmpint (raw_int (made, "SELECT count(*) FROM groups"), ==, 2);
  g_assert_cmpint (raw_int (older, "SELECT count(*) FROM groups"), ==, 1);
}

static void
test_backup_rotation (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autofree char *first = NULL;
  g_autofree char *made = NULL;
  g_autofree char *migration = g_strconcat (f->path, ".bak-v1", NULL);
  g_autoptr(GBytes) copy = NULL;

  g_free (sc_test_add_group (store, "Rotated"));
  first = sc_study_store_write_backup (store, &error);
  g_assert_no_error (error);
  copy = file_bytes (first);
  g_assert_cmpint (g_unlink (first), ==, 0);

  /* Five daily backups from 10 to 6 days ago, and one from a migration. */
  for (int days = 10; days >= 6; days--)
    {
      g_autofree char *name = backup_name (f->path, days);

      g_assert_true (g_file_set_contents (name, g_bytes_get_data (copy, NULL), g_bytes_get_size (copy), NULL));
    }
  g_assert_true (g_file_set_contents (migration, g_bytes_get_data (copy, NULL), g_bytes_get_size (copy), NULL));
  {
    struct utimbuf old = { .actime = time (NULL) - 20 * 86400, .modtime = time (NULL) - 20 * 86400 };

    g_assert_cmpint (g_utime (migration, &old), ==, 0);
  }

  g_assert_true (sc_study_store_backup_if_due (store, &made, &error));
  g_assert_nonnull (made);

  /* The newest three daily ones stay; the migration's is never dropped. */
  g_assert_cmpuint (count_files_with_prefix (f->dir, "study.db.backup-"), ==, SC_STUDY_BACKUPS_KEPT);
  backups = sc_study_list_backups (f->path);
  g_assert_cmpuint (backups->len, ==, SC_STUDY_BACKUPS_KEPT + 1);
  g_assert_cmpstr (((ScStudyBackup *) backups->pdata[0])->path, ==, made);
  {
    g_autofree char *six = backup_name (f->path, 6);
    g_autofree char *seven = backup_name (f->path, 7);
    g_autofree char *eight = backup_name (f->path, 8);

    /* Named to the second, and the test runs within one: compare dates. */
    g_assert_true (strncmp (((ScStudyBackup *) backups->pdata[1])->path, six, strlen (six) - 6) == 0);
    g_assert_true (strncmp (((ScStudyBackup *) backups->pdata[2])->path, seven, strlen (seven) - 6) == 0);
    g_assert_false (g_file_test (eight, G_FILE_TEST_EXISTS));
  }
  g_assert_cmpstr (((ScStudyBackup *) backups->pdata[3])->path, ==, migration);
  g_assert_false (((ScStudyBackup *) backups->pdata[3])->automatic);
}

/* Two programs starting at once make one backup: the file being written
 * is taken as a lock; one left by a program that died is not. */
static void
test_backup_one_at_a_time (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *writing = g_strconcat (f->path, ".backup-writing", NULL);
  g_autofree char *made = NULL;
  struct utimbuf old;

  g_free (sc_test_add_group (store, "Once"));
  g_assert_true (g_file_set_contents (writing, "", 0, NULL));
  g_assert_true (sc_study_store_backup_if_due (store, &made, &error));
  g_assert_no_error (error);
  g_assert_null (made);
  g_assert_true (g_file_test (writing, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files_with_prefix (f->dir, "study.db.backup-2"), ==, 0);

  old.actime = old.modtime = time (NULL) - 3600;
  g_assert_cmpint (g_utime (writing, &old), ==, 0);
  g_assert_true (sc_study_store_backup_if_due (store, &made, &error));
  g_assert_no_error (error);
  g_assert_nonnull (made);
  g_assert_false (g_file_test (writing, G_FILE_TEST_EXISTS));
  g_assert_true (sc_study_check_backup (made, NULL));
}

/* Restoring ================================================================== */

static void
damage_a_page (const char *path)
{
  gint64 page_size = raw_int (path, "PRAGMA page_size");
  GStatBuf st;
  g_autofree char *junk = g_malloc (page_size);
  int fd;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  memset (junk, 0x5a, page_size);
  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, junk, page_size, (st.st_size / page_size - 2) * page_size), ==, page_size);
  close (fd);
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(ScStudyStore) store = sc_test_open_store (f->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) damaged = NULL;
  g_autoptr(GBytes) backup_bytes = NULL;
  g_autoptr(GBytes) wal_bytes = g_bytes_new_static ("a stray write-ahead log", 23);
  g_autoptr(ScGroup) group = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *moved_wal = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  g_free (sc_test_add_group (store, "In the backup"));
  g_assert_true (add_highlights (store, 400, 200, &error));
  backup = sc_study_store_write_backup (store, &error);
  g_assert_no_error (error);
  g_free (sc_test_add_group (store, "After the backup"));
  g_clear_pointer (&store, sc_study_store_close);
  backup_bytes = file_bytes (backup);

  damage_a_page (f->path);
  g_assert_true (g_file_set_contents (wal, g_bytes_get_data (wal_bytes, NULL), g_bytes_get_size (wal_bytes), NULL));
  damaged = file_bytes (f->path);
  assert_refused (f->path, "damaged", backup);

  g_assert_true (sc_study_restore_backup (f->path, backup, &moved, &error));
  g_assert_no_error (error);

  /* The damaged file and its log, kept as they were, side by side. */
  g_assert_nonnull (moved);
  g_assert_true (g_str_has_prefix (moved, f->path));
  g_assert_nonnull (strstr (moved, ".damaged-"));
  assert_same_bytes (damaged, moved);
  moved_wal = g_strconcat (moved, "-wal", NULL);
  assert_same_bytes (wal_bytes, moved_wal);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  /* The backup stays as it was. */
  assert_same_bytes (backup_bytes, backup);

  /* The store is back as the backup had it. */
  store = sc_test_open_store (f->path);
  group = sc_study_store_find_group (store, "In the backup", &error);
  g_assert_no_error (error);
  g_assert_nonnull (group);
  g_clear_pointer (&group, sc_study_group_free);
  group = sc_study_store_find_group (store, "After the backup", &error);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_free (sc_test_add_group (store, "After the restore"));
  g_clear_pointer (&store, sc_study_store_close);
  assert_integrity_ok (f->path);
}

static void
test_restore_bad_backup (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *bad = g_strconcat (f->path, ".backup-20240101-000000", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;

  make_store (f->path, "Kept", 10);
  damage_a_page (f->path);
  g_assert_true (g_file_set_contents (bad, "not a database at all, and not a backup", -1, NULL));
  before = file_bytes (f->path);

  /* Not offered, and not taken when asked for. */
  g_assert_null (sc_study_find_backup (f->path));
  assert_refused (f->path, "left untouched", NULL);
  g_assert_false (sc_study_restore_backup (f->path, bad, &moved, &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "not a usable backup"));
  g_assert_null (moved);
  assert_same_bytes (before, f->path);
  g_assert_cmpuint (count_files_with_prefix (f->dir, "study.db.damaged-"), ==, 0);
}

/* Read-only folders and files ================================================= */

typedef enum {
  READ_ONLY_OK = 0,
  READ_ONLY_CANNOT_TEST = 77,
} ReadOnlyOutcome;

/* In a child that cannot write where the owner may not (@probe, a folder
 * or file, tells): opening the store at @path fails with a G_IO_ERROR
 * whose message holds @expected. */
static int
open_read_only_child (const char *path,
                      const char *probe,
                      const char *expected)
{
  g_autoptr(GError) error = NULL;
  ScStudyStore *store;

  if (!sc_test_drop_root_override () || !sc_test_cannot_write (probe))
    return READ_ONLY_CANNOT_TEST;

  store = sc_study_store_open (path, &error);
  if (store != NULL)
    return 10;
  g_printerr ("child: %s\n", error->message);
  if (error->domain != G_IO_ERROR)
    return 11;
  if (!g_str_has_prefix (error->message, path) || strstr (error->message, expected) == NULL)
    return 12;
  return READ_ONLY_OK;
}

/* Runs open_read_only_child() in a forked child (unshare() wants a process
 * of one thread); FALSE when this machine cannot make a folder read-only
 * for the test. */
static gboolean
expect_read_only_error (const char *path,
                        const char *probe,
                        const char *expected)
{
  int status = 0;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (open_read_only_child (path, probe, expected));
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == READ_ONLY_CANNOT_TEST)
    return FALSE;
  g_assert_cmpint (WEXITSTATUS (status), ==, READ_ONLY_OK);
  return TRUE;
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *inner = g_build_filename (f->dir, "inner", "study.db", NULL);
  g_autoptr(GBytes) before = NULL;

  make_store (f->path, "Read only", 10);
  before = file_bytes (f->path);

  /* The folder holding study.db is read-only. */
  g_assert_cmpint (g_chmod (f->dir, 0500), ==, 0);
  if (!expect_read_only_error (f->path, f->dir, "read-only"))
    {
      g_test_skip ("a folder cannot be made read-only for this process here");
      return;
    }
  /* A new store where the folder cannot even be made. */
  g_assert_true (expect_read_only_error (inner, f->dir, "cannot be made"));
  g_assert_cmpint (g_chmod (f->dir, 0700), ==, 0);
  assert_same_bytes (before, f->path);

  /* The file itself is read-only. */
  g_assert_cmpint (g_chmod (f->path, 0400), ==, 0);
  g_assert_true (expect_read_only_error (f->path, f->path, "the file is read-only"));
  g_assert_cmpint (g_chmod (f->path, 0600), ==, 0);

  assert_same_bytes (before, f->path);
  assert_integrity_ok (f->path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  TEST ("/study-faults/disk-full", test_disk_full);
  TEST ("/study-faults/disk-full/new-file", test_disk_full_new_file);
  TEST ("/study-faults/refuse/truncated", test_truncated);
  TEST ("/study-faults/refuse/not-a-database", test_not_a_database);
  TEST ("/study-faults/refuse/empty-file", test_empty_file);
  TEST ("/study-faults/backup/daily", test_daily_backup);
  TEST ("/study-faults/backup/rotation", test_backup_rotation);
  TEST ("/study-faults/backup/one-at-a-time", test_backup_one_at_a_time);
  TEST ("/study-faults/restore", test_restore);
  TEST ("/study-faults/restore/bad-backup", test_restore_bad_backup);
  TEST ("/study-faults/read-only", test_read_only);

  return g_test_run ();
}
