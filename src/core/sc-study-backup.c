/* sc-study-backup.c: copies of study.db to fall back on
 *
 * A backup is only ever made from a store that passed its check at open
 * (quick_check, application id, version), with VACUUM INTO: a consistent
 * snapshot even while another program writes. VACUUM INTO does not sync
 * the new file, so it is written under a temporary name, synced, and only
 * then renamed into place; a crash leaves at worst the temporary file,
 * never a half backup under a backup's name. The temporary file is created
 * with O_EXCL, so two programs starting at once make one backup, not two.
 *
 * Restoring never deletes: what was at study.db is renamed aside with its
 * -wal (a WAL left next to a restored file would be replayed into it),
 * -shm and -journal files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sc-error.h"
#include "sc-study-backup.h"
#include "sc-study-private.h"

#define AUTOMATIC_INFIX ".backup-"
#define MIGRATION_INFIX ".bak-v"
#define DAMAGED_INFIX ".damaged-"
/* The file a backup is written to before it gets its name; it is also
 * what tells a second program that a backup is being made. */
#define WRITING_SUFFIX ".backup-writing"
#define RESTORING_SUFFIX ".restoring"
/* A temporary file older than this was left by a program that died. */
#define STALE_SECONDS (10 * 60)
/* "20250107-093000" */
#define STAMP_LENGTH 15

/* The files SQLite may keep next to a database. */
static const char *const companions[] = { "", "-wal", "-shm", "-journal" };

void
sc_study_backup_free (ScStudyBackup *backup)
{
  if (backup == NULL)
    return;

  g_free (backup->path);
  g_clear_pointer (&backup->time, g_date_time_unref);
  g_free (backup);
}

char *
sc_study_backup_format_time (const ScStudyBackup *backup)
{
  g_return_val_if_fail (backup != NULL, NULL);

  return g_date_time_format (backup->time, "%Y-%m-%d %H:%M");
}

/* ===== Names ============================================================== */

static char *
stamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y%m%d-%H%M%S");
}

static gboolean
all_digits (const char *s,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return n > 0;
}

/* "20250107-093000", then nothing or "-N": the time (local zone), or NULL. */
static GDateTime *
parse_stamp (const char *s)
{
  g_autoptr(GDateTime) utc = NULL;
  int part[6];
  static const int offsets[6] = { 0, 4, 6, 9, 11, 13 };
  static const int widths[6] = { 4, 2, 2, 2, 2, 2 };

  if (strlen (s) < STAMP_LENGTH || s[8] != '-' || !all_digits (s, 8) || !all_digits (s + 9, 6))
    return NULL;
  if (s[STAMP_LENGTH] != '\0' &&
      (s[STAMP_LENGTH] != '-' || !all_digits (s + STAMP_LENGTH + 1, strlen (s + STAMP_LENGTH + 1))))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (part); i++)
    {
      char digits[5] = { 0 };

      memcpy (digits, s + offsets[i], widths[i]);
      part[i] = atoi (digits);
    }

  utc = g_date_time_new_utc (part[0], part[1], part[2], part[3], part[4], part[5]);
  return utc != NULL ? g_date_time_to_local (utc) : NULL;
}

/* A migration backup's own part after ".bak-v": "1" or "1.2". */
static gboolean
is_migration_suffix (const char *s)
{
  const char *dot = strchr (s, '.');

  if (dot == NULL)
    return all_digits (s, strlen (s));
  return all_digits (s, dot - s) && all_digits (dot + 1, strlen (dot + 1));
}

/* @prefix + @stamp, with "-N" added while any of its files exists. */
static char *
unique_name (const char *prefix,
             const char *stamp)
{
  for (guint n = 0; ; n++)
    {
      g_autofree char *name = n == 0 ? g_strconcat (prefix, stamp, NULL)
                                     : g_strdup_printf ("%s%s-%u", prefix, stamp, n);
      gboolean taken = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
        {
          g_autofree char *file = g_strconcat (name, companions[i], NULL);

          taken = taken || g_file_test (file, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK);
        }
      if (!taken)
        return g_steal_pointer (&name);
    }
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const ScStudyBackup *x = *(ScStudyBackup * const *) a;
  const ScStudyBackup *y = *(ScStudyBackup * const *) b;
  int by_time = g_date_time_compare (y->time, x->time);

  return by_time != 0 ? by_time : g_strcmp0 (y->path, x->path);
}

/* The backups next to @path, newest first, not yet checked. */
static GPtrArray *
find_backups (const char *path,
              gboolean    automatic_only)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *automatic = g_strconcat (base, AUTOMATIC_INFIX, NULL);
  g_autofree char *migration = g_strconcat (base, MIGRATION_INFIX, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_study_backup_free);
  const char *name;

  if (d == NULL)
    return found;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autoptr(ScStudyBackup) backup = g_new0 (ScStudyBackup, 1);

      backup->path = g_build_filename (dir, name, NULL);
      if (g_str_has_prefix (name, automatic))
        {
          backup->automatic = TRUE;
          backup->time = parse_stamp (name + strlen (automatic));
        }
      else if (!automatic_only && g_str_has_prefix (name, migration) &&
               is_migration_suffix (name + strlen (migration)))
        {
          GStatBuf st;

          if (g_stat (backup->path, &st) == 0)
            backup->time = g_date_time_new_from_unix_local (st.st_mtime);
        }

      if (backup->time != NULL && g_file_test (backup->path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (found, g_steal_pointer (&backup));
    }

  g_ptr_array_sort (found, compare_newest_first);
  return found;
}

/* ===== Checking =========================================================== */

static gboolean
io_error (const char  *path,
          int          saved_errno,
          GError     **error)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s",
               path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
not_usable (const char  *backup,
            const char  *reason,
            GError     **error)
{
  g_set_error (error, SC_ERROR, SC_ERROR_DAMAGED,
               /* Translators: a backup's file name, then why it cannot be used. */
               _("%s: not a usable backup (%s)"), backup, reason);
  return FALSE;
}

gboolean
sc_study_check_backup (const char  *backup,
                       GError     **error)
{
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *check = NULL;
  sqlite3 *db = NULL;
  gint64 app_id = 0, version = 0;
  GStatBuf st;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (backup != NULL, FALSE);

  if (g_stat (backup, &st) != 0)
    return io_error (backup, errno, error);
  if (!S_ISREG (st.st_mode))
    return not_usable (backup, _("not a regular file"), error);
  if (st.st_size == 0)
    return not_usable (backup, _("the file is empty"), error);

  /* immutable: read as it is, no lock, no -wal or -shm made next to it. */
  escaped = g_uri_escape_string (backup, "/", FALSE);
  uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);
  rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_stmt *stmt = NULL;

      rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
      if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
        check = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
    }

  if (check == NULL)
    not_usable (backup, db != NULL ? sqlite3_errmsg (db) : _("cannot open"), error);
  else if (!g_str_equal (check, "ok"))
    not_usable (backup, check, error);
  else if (sc_sqlite_query_int (db, "PRAGMA application_id", &app_id) != SQLITE_OK ||
           sc_sqlite_query_int (db, "PRAGMA user_version", &version) != SQLITE_OK ||
           app_id != SC_STUDY_APPLICATION_ID || version < 1)
    not_usable (backup, _("not a Study Circle study database"), error);
  else if (version > SC_STUDY_SCHEMA_VERSION)
    not_usable (backup, _("written by a newer Study Circle"), error);
  else
    ok = TRUE;

  sqlite3_close_v2 (db);
  return ok;
}

GPtrArray *
sc_study_list_backups (const char *path)
{
  GPtrArray *backups;

  g_return_val_if_fail (path != NULL, NULL);

  backups = find_backups (path, FALSE);
  for (guint i = 0; i < backups->len; i++)
    {
      ScStudyBackup *backup = g_ptr_array_index (backups, i);

      backup->usable = sc_study_check_backup (backup->path, NULL);
    }
  return backups;
}

ScStudyBackup *
sc_study_find_backup (const char *path)
{
  g_autoptr(GPtrArray) backups = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  backups = find_backups (path, FALSE);
  for (guint i = 0; i < backups->len; i++)
    {
      ScStudyBackup *backup = g_ptr_array_index (backups, i);

      if (sc_study_check_backup (backup->path, NULL))
        {
          backup->usable = TRUE;
          return g_ptr_array_steal_index (backups, i);
        }
    }
  return NULL;
}

/* ===== Files, synced ====================================================== */

static gboolean
sync_path (const char  *path,
           gboolean     directory,
           GError     **error)
{
  int fd = g_open (path, (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      return io_error (path, saved_errno, error);
    }
  close (fd);
  return TRUE;
}

static gboolean
sync_dir_of (const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  return sync_path (dir, TRUE, error);
}

static gboolean
copy_synced (const char  *from,
             const char  *to,
             GError     **error)
{
  char buffer[64 * 1024];
  int in, out;
  ssize_t n = 0;

  in = g_open (from, O_RDONLY | O_CLOEXEC, 0);
  if (in < 0)
    return io_error (from, errno, error);
  out = g_open (to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0)
    {
      int saved_errno = errno;

      close (in);
      return io_error (to, saved_errno, error);
    }

  while ((n = read (in, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
    {
      ssize_t done = 0;

      while (n > 0 && done < n)
        {
          ssize_t w = write (out, buffer + done, n - done);

          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            break;
          done += w;
        }
      if (done < n)
        {
          n = -1;
          break;
        }
    }

  if (n < 0 || fsync (out) != 0)
    {
      int saved_errno = errno;

      close (in);
      close (out);
      g_unlink (to);
      return io_error (to, saved_errno, error);
    }

  close (in);
  if (close (out) != 0)
    {
      int saved_errno = errno;

      g_unlink (to);
      return io_error (to, saved_errno, error);
    }
  return TRUE;
}

/* Creates @path empty, exclusively. A file left there by a program that
 * died long ago is removed first (it is only ever a partial copy). */
static gboolean
create_exclusive (const char  *path,
                  GError     **error)
{
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      GStatBuf st;

      if (fd >= 0)
        {
          close (fd);
          return TRUE;
        }
      if (errno != EEXIST)
        return io_error (path, errno, error);
      if (attempt > 0 || g_stat (path, &st) != 0 ||
          g_get_real_time () / G_USEC_PER_SEC - st.st_mtime < STALE_SECONDS)
        break;
      g_unlink (path);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               /* Translators: a temporary file's name. */
               _("%s: another program is making a backup right now"), path);
  return FALSE;
}

/* ===== Making backups ===================================================== */

/* Drops the automatic backups beyond the newest SC_STUDY_BACKUPS_KEPT.
 * Backups made before migrations stay. */
static void
prune (const char *path)
{
  g_autoptr(GPtrArray) automatic = find_backups (path, TRUE);

  for (guint i = SC_STUDY_BACKUPS_KEPT; i < automatic->len; i++)
    g_unlink (((ScStudyBackup *) g_ptr_array_index (automatic, i))->path);
}

char *
sc_study_store_write_backup (ScStudyStore  *store,
                             GError       **error)
{
  g_autofree char *writing = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *target = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  writing = g_strconcat (store->path, WRITING_SUFFIX, NULL);
  if (!create_exclusive (writing, error))
    return NULL;

  /* VACUUM INTO writes into an empty file as into a new one. */
  stmt = sc_study_prepare (store, "VACUUM INTO ?", error);
  if (stmt != NULL)
    sc_sqlite_bind_text (stmt, 1, writing);
  if (stmt == NULL || !sc_study_run (store, stmt, error) || !sync_path (writing, FALSE, error))
    {
      g_unlink (writing);
      /* Translators: the reason follows the colon. */
      g_prefix_error (error, _("making a backup: "));
      return NULL;
    }

  prefix = g_strconcat (store->path, AUTOMATIC_INFIX, NULL);
  stamp = stamp_now ();
  target = unique_name (prefix, stamp);
  if (g_rename (writing, target) != 0)
    {
      int saved_errno = errno;

      g_unlink (writing);
      io_error (target, saved_errno, error);
      return NULL;
    }
  if (!sync_dir_of (target, error))
    return NULL;

  prune (store->path);
  return g_steal_pointer (&target);
}

/* Whether the store holds anything a person made: an empty store is not
 * worth a backup (and must not push out the backups of a full one). */
static gboolean
holds_records (ScStudyStore  *store,
               gboolean      *any,
               GError       **error)
{
  gint64 count = 0;
  int rc = sc_sqlite_query_int (store->db,
                                "SELECT (SELECT count(*) FROM groups) + (SELECT count(*) FROM members)"
                                " + (SELECT count(*) FROM positions) + (SELECT count(*) FROM bookmarks)"
                                " + (SELECT count(*) FROM highlights)",
                                &count);

  if (rc != SQLITE_OK)
    return sc_study_db_error (store, rc, error);
  *any = count > 0;
  return TRUE;
}

gboolean
sc_study_store_backup_if_due (ScStudyStore  *store,
                              char         **made,
                              GError       **error)
{
  g_autoptr(GPtrArray) automatic = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *written = NULL;
  gboolean any = FALSE;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (made != NULL)
    *made = NULL;

  automatic = find_backups (store->path, TRUE);
  now = g_date_time_new_now_local ();
  if (automatic->len > 0)
    {
      GTimeSpan age = g_date_time_difference (now, ((ScStudyBackup *) automatic->pdata[0])->time);

      /* A backup "from the future" means the clock was set back: make one. */
      if (age >= 0 && age < SC_STUDY_BACKUP_INTERVAL)
        return TRUE;
    }

  if (!holds_records (store, &any, error))
    return FALSE;
  if (!any)
    return TRUE;

  written = sc_study_store_write_backup (store, &local_error);
  if (written == NULL)
    {
      /* Another program is making the same backup: one is enough. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (made != NULL)
    *made = g_steal_pointer (&written);
  return TRUE;
}

/* ===== Restoring ========================================================== */

gboolean
sc_study_restore_backup (const char  *path,
                         const char  *backup,
                         char       **moved_to,
                         GError     **error)
{
  g_autofree char *restoring = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *aside = NULL;
  gboolean moved = FALSE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (backup != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (moved_to != NULL)
    *moved_to = NULL;

  if (!sc_study_check_backup (backup, error))
    return FALSE;

  /* First the copy, whole and synced, under a name of its own: until the
   * last rename nothing at @path has changed. A leftover copy from an
   * interrupted restore is only ever a partial copy of a backup. */
  restoring = g_strconcat (path, RESTORING_SUFFIX, NULL);
  g_unlink (restoring);
  if (!copy_synced (backup, restoring, error))
    return FALSE;

  prefix = g_strconcat (path, DAMAGED_INFIX, NULL);
  stamp = stamp_now ();
  aside = unique_name (prefix, stamp);
  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *from = g_strconcat (path, companions[i], NULL);
      g_autofree char *to = g_strconcat (aside, companions[i], NULL);

      if (!g_file_test (from, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_rename (from, to) != 0)
        {
          int saved_errno = errno;

          g_unlink (restoring);
          return io_error (from, saved_errno, error);
        }
      moved = TRUE;
    }

  if (g_rename (restoring, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (restoring);
      return io_error (path, saved_errno, error);
    }
  if (!sync_dir_of (path, error))
    return FALSE;

  if (moved_to != NULL && moved)
    *moved_to = g_steal_pointer (&aside);
  return TRUE;
}
