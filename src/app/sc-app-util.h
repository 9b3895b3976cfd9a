/* sc-app-util.h: small things every page needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Tells the person that @what failed: a toast in the window of @widget
 * (@what, a short sentence such as "Could not open the text") with a
 * Details button that shows @error's message and what to do about it.
 * A cancellation is not a failure and shows nothing. When @widget is in no
 * window with a toast overlay, the application's active window is used;
 * with no window at all, the error is only logged. */
void        sc_app_report_error (GtkWidget    *widget,
                                 const char   *what,
                                 const GError *error);

/* What the person can do about @error, one or two translated sentences. */
char       *sc_app_error_advice (const GError *error);

/* @path as a person reads it: UTF-8, with the home folder as "~". */
char       *sc_app_display_path (const char *path);

/* Whether @error is a cancellation (GIO's or the core's): not a failure. */
gboolean    sc_app_error_is_cancelled (const GError *error);
/* GTK 4.8 names the button inside a GtkDropDown "GtkToggleButton" for
 * screen readers: give it the drop-down's name. */
void        sc_app_name_drop_down (GtkDropDown *drop_down,
                                   const char  *label);

G_END_DECLS
