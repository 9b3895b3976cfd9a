/* sc-study-recovery-window.c: shown at start when study.db cannot be opened
 *
 * The app opens the study data once before its main window
 * (sc-application.c). When that fails, this window says what happened in
 * an AdwStatusPage instead of letting every page fail on its own. For a
 * damaged file with a usable backup it offers to restore it: the damaged
 * file is moved aside, never deleted (sc_study_restore_backup()). The
 * person may also go on without study data (reading and search work; the
 * pages that need the store say so) or quit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-app-resources.h"
#include "sc-app-util.h"
#include "sc-error.h"
#include "sc-study-recovery-window.h"

struct _ScStudyRecoveryWindow {
  AdwApplicationWindow  parent_instance;

  char                 *path;
  ScStudyBackup        *backup;        /* offered, or NULL */

  AdwStatusPage        *status_page;
  GtkButton            *restore_button;
  GtkWidget            *continue_button;
  GtkWidget            *quit_button;
};

G_DEFINE_FINAL_TYPE (ScStudyRecoveryWindow, sc_study_recovery_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_continue_clicked_cb (ScStudyRecoveryWindow *self)
{
  g_signal_emit (self, signals[FINISHED], 0, NULL);
}

static void
on_restore_clicked_cb (ScStudyRecoveryWindow *self)
{
  sc_study_recovery_window_restore (self);
}

gboolean
sc_study_recovery_window_restore (ScStudyRecoveryWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStudyStore) store = NULL;
  g_autofree char *moved_to = NULL;
  g_autofree char *when = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (SC_IS_STUDY_RECOVERY_WINDOW (self), FALSE);
  g_return_val_if_fail (self->backup != NULL, FALSE);

  /* Opened once after: checked, and migrated when the backup is older. */
  if (sc_study_restore_backup (self->path, self->backup->path, &moved_to, &error))
    store = sc_study_store_open (self->path, &error);
  if (store == NULL)
    {
      g_autofree char *advice = sc_app_error_advice (error);
      g_autofree char *body = g_strdup_printf ("%s\n\n%s", error->message, advice);
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                           _("The Backup Could Not Be Restored"),
                                                           body));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return FALSE;
    }

  when = sc_study_backup_format_time (self->backup);
  if (moved_to != NULL)
    {
      g_autofree char *kept = sc_app_display_path (moved_to);

      /* Translators: the backup's date and time, then a file name. */
      message = g_strdup_printf (_("Study data restored from the backup of %s. The damaged file "
                                   "was kept as %s."), when, kept);
    }
  else
    message = g_strdup_printf (_("Study data restored from the backup of %s."), when);

  g_signal_emit (self, signals[FINISHED], 0, message);
  return TRUE;
}

const ScStudyBackup *
sc_study_recovery_window_get_backup (ScStudyRecoveryWindow *self)
{
  g_return_val_if_fail (SC_IS_STUDY_RECOVERY_WINDOW (self), NULL);
  return self->backup;
}

/* What happened, and what each choice does. */
static void
describe (ScStudyRecoveryWindow *self,
          const GError          *error)
{
  g_autoptr(GString) text = g_string_new (error->message);
  g_autofree char *valid = NULL;
  g_autofree char *markup = NULL;

  g_string_append (text, "\n\n");
  if (self->backup != NULL)
    {
      g_autofree char *when = sc_study_backup_format_time (self->backup);
      g_autofree char *label = NULL;
      g_autofree char *plain = NULL;

      /* Translators: the date and time of the backup. */
      g_string_append_printf (text, _("The damaged file was not changed. The backup from %s can "
                                      "take its place; the damaged file is then kept next to it, "
                                      "renamed. Changes made after the backup are not in it."),
                              when);
      /* Translators: a button; the date and time of the backup. */
      label = g_strdup_printf (_("_Restore Backup from %s"), when);
      plain = g_strdup_printf (_("Restore Backup from %s"), when);
      gtk_button_set_label (self->restore_button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->restore_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
      gtk_widget_set_visible (GTK_WIDGET (self->restore_button), TRUE);
    }
  else if (g_error_matches (error, SC_ERROR, SC_ERROR_DAMAGED))
    g_string_append (text, _("The damaged file was not changed, and there is no backup of it."));
  else
    {
      g_autofree char *advice = sc_app_error_advice (error);

      g_string_append (text, advice);
    }

  g_string_append (text, "\n\n");
  g_string_append (text, _("Without study data you can still read and search; groups, progress "
                           "and your place in texts are not kept."));
  /* File names in the message may not be UTF-8. */
  valid = g_utf8_make_valid (text->str, -1);
  markup = g_markup_escape_text (valid, -1);
  adw_status_page_set_description (self->status_page, markup);
}

static void
sc_study_recovery_window_finalize (GObject *object)
{
  ScStudyRecoveryWindow *self = SC_STUDY_RECOVERY_WINDOW (object);

  g_free (self->path);
  g_clear_pointer (&self->backup, sc_study_backup_free);
  G_OBJECT_CLASS (sc_study_recovery_window_parent_class)->finalize (object);
}

static void
sc_study_recovery_window_class_init (ScStudyRecoveryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  (void) sc_app_get_resource ();

  object_class->finalize = sc_study_recovery_window_finalize;

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/studycircle/StudyCircle/sc-study-recovery-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ScStudyRecoveryWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, ScStudyRecoveryWindow, restore_button);
  gtk_widget_class_bind_template_child (widget_class, ScStudyRecoveryWindow, continue_button);
  gtk_widget_class_bind_template_child (widget_class, ScStudyRecoveryWindow, quit_button);
  gtk_widget_class_bind_template_callback (widget_class, on_restore_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_continue_clicked_cb);
}

static void
sc_study_recovery_window_init (ScStudyRecoveryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

ScStudyRecoveryWindow *
sc_study_recovery_window_new (GtkApplication *application,
                              const char     *path,
                              const GError   *error)
{
  ScStudyRecoveryWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error != NULL, NULL);

  self = g_object_new (SC_TYPE_STUDY_RECOVERY_WINDOW, "application", application, NULL);
  self->path = g_strdup (path);
  /* Only a damaged file is replaced: a read-only folder or a file of a
   * newer Study Circle is not cured by an older copy. */
  if (g_error_matches (error, SC_ERROR, SC_ERROR_DAMAGED))
    self->backup = sc_study_find_backup (path);
  describe (self, error);
  return self;
}
