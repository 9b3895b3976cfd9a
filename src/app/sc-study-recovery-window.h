/* sc-study-recovery-window.h: shown at start when study.db cannot be opened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-study-backup.h"

G_BEGIN_DECLS

#define SC_TYPE_STUDY_RECOVERY_WINDOW (sc_study_recovery_window_get_type ())
G_DECLARE_FINAL_TYPE (ScStudyRecoveryWindow, sc_study_recovery_window, SC, STUDY_RECOVERY_WINDOW,
                      AdwApplicationWindow)

/* Says what @error (from opening the study data at @path) means. When the
 * file was refused as damaged and a usable backup exists, offers "Restore
 * Backup from DATE"; always "Continue Without Study Data" and "Quit".
 * "finished" is emitted (with a sentence for a toast, or NULL) when the
 * person restored the backup or chose to go on; the window is then theirs
 * to close. */
ScStudyRecoveryWindow *sc_study_recovery_window_new         (GtkApplication        *application,
                                                             const char            *path,
                                                             const GError          *error);
/* The backup offered, or NULL. */
const ScStudyBackup   *sc_study_recovery_window_get_backup  (ScStudyRecoveryWindow *self);
/* What "Restore Backup" does: TRUE when the backup is in place (then
 * "finished" was emitted); FALSE with an AdwMessageDialog saying why. */
gboolean               sc_study_recovery_window_restore     (ScStudyRecoveryWindow *self);

G_END_DECLS
