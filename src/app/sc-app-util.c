/* sc-app-util.c: small things every page needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sc-app-util.h"
#include "sc-error.h"
#include "sc-paths.h"

/* Long enough to read a sentence and reach the Details button. */
#define ERROR_TOAST_SECONDS 10
/* The same failure again within this time (a broken disk fails every
 * save; a broken index every page) is logged, not shown again. */
#define REPEAT_SECONDS 30

gboolean
sc_app_error_is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, SC_ERROR, SC_ERROR_CANCELLED);
}

char *
sc_app_display_path (const char *path)
{
  const char *home = g_get_home_dir ();
  gsize len = home != NULL ? strlen (home) : 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (len > 1 && strncmp (path, home, len) == 0 && (path[len] == G_DIR_SEPARATOR || path[len] == '\0'))
    {
      g_autofree char *rest = g_filename_display_name (path + len);

      return g_strconcat ("~", rest, NULL);
    }
  return g_filename_display_name (path);
}

static char *
io_advice (int code)
{
  switch (code)
    {
    case G_IO_ERROR_NO_SPACE:
      return g_strdup (_("The disk is full. Free some space, then try again."));
    case G_IO_ERROR_PERMISSION_DENIED:
    case G_IO_ERROR_READ_ONLY:
      return g_strdup (_("You are not allowed to read or change this file or folder. "
                         "Check its permissions, or choose another one."));
    case G_IO_ERROR_NOT_FOUND:
      return g_strdup (_("The file or folder is not there any more. "
                         "Check that it was not moved or removed, then try again."));
    default:
      return g_strdup (_("Check that the file or folder is still there and that you may read it, "
                         "then try again."));
    }
}

char *
sc_app_error_advice (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == G_IO_ERROR)
    return io_advice (error->code);
  if (error->domain == G_FILE_ERROR)
    return io_advice (g_io_error_from_file_error (error->code));

  if (error->domain == SC_ERROR)
    switch ((ScError) error->code)
      {
      case SC_ERROR_PARSE:
      case SC_ERROR_INVALID:
        return g_strdup (_("The file has a mistake at the place named above. Correct it, or move the "
                           "file out of the library folder. Preferences lists every file that could "
                           "not be read."));
      case SC_ERROR_LIMIT:
        return g_strdup (_("The file is too large or too deeply nested to be read safely. "
                           "Split it into smaller texts."));
      case SC_ERROR_NOT_FOUND:
        return g_strdup (_("It may have been removed from the library. Wait until the library "
                           "has been updated, then try again."));
      case SC_ERROR_DATABASE:
        {
          g_autofree char *index = sc_paths_index_db ();

          return g_strdup_printf (_("Quit Study Circle and start it again. If that does not help, "
                                    "delete “%s”: it is rebuilt from your texts."), index);
        }
      case SC_ERROR_IO:
        return io_advice (G_IO_ERROR_FAILED);
      case SC_ERROR_DUPLICATE:
        return g_strdup (_("Two files use the same id. Give one of them another id, "
                           "or remove one from the library folder."));
      case SC_ERROR_DAMAGED:
        return g_strdup (_("The file was left as it is. Start Study Circle again to put a backup "
                           "in its place, or run “studycircle-cli restore-backup”."));
      case SC_ERROR_INDEX_DAMAGED:
        return g_strdup (_("The search index is being rebuilt from your texts. "
                           "Try again when the library has been updated."));
      case SC_ERROR_FAILED:
      case SC_ERROR_CANCELLED:
      case SC_ERROR_USAGE:
      default:
        break;
      }

  return g_strdup (_("Try again. If it keeps happening, please report it as a problem, "
                     "with the details above."));
}

typedef struct {
  GtkWindow *parent;   /* weak */
  char      *what;
  char      *details;
} ErrorReport;

static void
error_report_free (ErrorReport *report)
{
  g_clear_weak_pointer (&report->parent);
  g_free (report->what);
  g_free (report->details);
  g_free (report);
}

static void
on_details_clicked_cb (AdwToast    *toast,
                       ErrorReport *report)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (report->parent, report->what, report->details);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The outermost toast overlay under @widget. */
static AdwToastOverlay *
find_toast_overlay (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget))
    return ADW_TOAST_OVERLAY (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwToastOverlay *overlay = find_toast_overlay (child);

      if (overlay != NULL)
        return overlay;
    }
  return NULL;
}

/* The window of @widget if it can show toasts, else the window it belongs
 * to (a dialog's parent), else the application's active window. */
static GtkWindow *
find_toast_window (GtkWidget *widget)
{
  GtkRoot *root = widget != NULL ? gtk_widget_get_root (widget) : NULL;
  GApplication *app;

  for (GtkWindow *window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL; window != NULL;
       window = gtk_window_get_transient_for (window))
    if (ADW_IS_PREFERENCES_WINDOW (window) || find_toast_overlay (GTK_WIDGET (window)) != NULL)
      return window;

  app = g_application_get_default ();
  if (GTK_IS_APPLICATION (app))
    {
      GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));

      if (active != NULL && find_toast_overlay (GTK_WIDGET (active)) != NULL)
        return active;
    }
  return NULL;
}

/* Whether @window showed @what, or the same failure under another name
 * (one broken index fails every page), a moment ago. Remembers both. */
static gboolean
is_repeat (GtkWindow    *window,
           const char   *what,
           const GError *error)
{
  GHashTable *shown = g_object_get_data (G_OBJECT (window), "sc-errors-shown");
  gint64 now = g_get_monotonic_time ();
  const char *keys[] = { what, error->message };
  gboolean repeat = FALSE;

  if (shown == NULL)
    {
      shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_object_set_data_full (G_OBJECT (window), "sc-errors-shown", shown, (GDestroyNotify) g_hash_table_unref);
    }
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      gint64 *when = g_hash_table_lookup (shown, keys[i]);

      if (when != NULL && now - *when < REPEAT_SECONDS * G_USEC_PER_SEC)
        repeat = TRUE;
    }
  if (!repeat)
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      g_hash_table_insert (shown, g_strdup (keys[i]), g_memdup2 (&now, sizeof now));
  return repeat;
}

void
sc_app_report_error (GtkWidget    *widget,
                     const char   *what,
                     const GError *error)
{
  g_autofree char *advice = NULL;
  g_autofree char *title = NULL;
  ErrorReport *report;
  GtkWindow *window;
  AdwToast *toast;

  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));
  g_return_if_fail (what != NULL);

  if (error == NULL || sc_app_error_is_cancelled (error))
    return;

  g_message ("%s: %s", what, error->message);

  window = find_toast_window (widget);
  if (window == NULL || is_repeat (window, what, error))
    return;

  advice = sc_app_error_advice (error);
  report = g_new0 (ErrorReport, 1);
  g_set_weak_pointer (&report->parent, window);
  report->what = g_strdup (what);
  report->details = g_strdup_printf ("%s\n\n%s", error->message, advice);

  title = g_markup_escape_text (what, -1);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_timeout (toast, ERROR_TOAST_SECONDS);
  /* A failure goes before news; the newest failure first. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_details_clicked_cb),
                         report, (GClosureNotify) error_report_free, 0);

  if (ADW_IS_PREFERENCES_WINDOW (window))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), toast);
  else
    adw_toast_overlay_add_toast (find_toast_overlay (GTK_WIDGET (window)), toast);
}

void
sc_app_name_drop_down (GtkDropDown *drop_down,
                       const char  *label)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));
  g_return_if_fail (label != NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (drop_down)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}
