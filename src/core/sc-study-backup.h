/* sc-study-backup.h: copies of study.db to fall back on
 *
 * Two kinds of copies live next to study.db: one made before each schema
 * migration (study.db.bak-vN, see sc_study_store_open()) and automatic
 * ones, study.db.backup-YYYYMMDD-HHMMSS (UTC), made at most once a day
 * from a file that has just passed its check at open; the newest
 * SC_STUDY_BACKUPS_KEPT are kept. A damaged study.db is never written:
 * restoring moves it aside as study.db.damaged-YYYYMMDD-HHMMSS (never
 * deleted) and puts a copy of a backup in its place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sc-study.h"

G_BEGIN_DECLS

#define SC_STUDY_BACKUPS_KEPT 3
#define SC_STUDY_BACKUP_INTERVAL (24 * G_TIME_SPAN_HOUR)

typedef struct {
  char      *path;
  GDateTime *time;        /* when it was made, in the local time zone */
  gboolean   automatic;   /* a daily backup; FALSE: made before a migration */
  gboolean   usable;      /* a whole study database this version can open */
} ScStudyBackup;

void           sc_study_backup_free          (ScStudyBackup  *backup);
/* "2025-01-07 09:30", local time. */
char          *sc_study_backup_format_time   (const ScStudyBackup *backup);

/* The backups of the study data at @path, newest first, each checked. */
GPtrArray     *sc_study_list_backups         (const char     *path);
/* The newest usable backup of @path, or NULL. */
ScStudyBackup *sc_study_find_backup          (const char     *path);
/* Read-only: is @backup a whole Study Circle study database of a version
 * this code can open? The error says why not. */
gboolean       sc_study_check_backup         (const char     *backup,
                                              GError        **error);

/* Writes a backup now (VACUUM INTO a temporary file, synced, then renamed)
 * and drops automatic backups beyond the newest SC_STUDY_BACKUPS_KEPT.
 * Returns its path. */
char          *sc_study_store_write_backup   (ScStudyStore   *store,
                                              GError        **error);
/* Writes a backup when the newest automatic one is older than
 * SC_STUDY_BACKUP_INTERVAL (or there is none) and the store holds any
 * records; *@made (nullable) is the new file's path, or NULL when none was
 * due. Another program making one at the same moment is waited for by
 * nobody: this call then makes none. */
gboolean       sc_study_store_backup_if_due  (ScStudyStore   *store,
                                              char          **made,
                                              GError        **error);

/* Puts a copy of @backup in place of the study data at @path. What is at
 * @path (with its -wal, -shm and -journal files) is moved aside first as
 * @path.damaged-YYYYMMDD-HHMMSS, never deleted; *@moved_to (nullable) is
 * that name, or NULL when there was nothing to move. @backup stays. The
 * caller makes sure no program has @path open (it is refused when
 * damaged, so none can). */
gboolean       sc_study_restore_backup       (const char     *path,
                                              const char     *backup,
                                              char          **moved_to,
                                              GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScStudyBackup, sc_study_backup_free)

G_END_DECLS
