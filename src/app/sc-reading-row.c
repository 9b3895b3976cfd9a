/* sc-reading-row.c: a reading of a guide's session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-reading-row.h"

struct _ScReadingRow
{
  AdwActionRow  parent_instance;

  GtkImage     *prefix_icon;
  GtkLabel     *minutes_label;
  GtkWidget    *link_button;
  GtkWidget    *open_icon;

  char         *url;
};

G_DEFINE_FINAL_TYPE (ScReadingRow, sc_reading_row, ADW_TYPE_ACTION_ROW)

static void
on_link_clicked_cb (GtkButton    *button,
                    ScReadingRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->url, GDK_CURRENT_TIME);
}

/* The link button is named by the reading's title, which may come late. */
static void
on_title_changed_cb (ScReadingRow *self)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));
  /* Translators: accessible label of a button that opens a reading's web page */
  g_autofree char *label = g_strdup_printf (_("Open “%s” on the Web"), title != NULL ? title : "");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->link_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
sc_reading_row_finalize (GObject *object)
{
  ScReadingRow *self = SC_READING_ROW (object);

  g_free (self->url);
  G_OBJECT_CLASS (sc_reading_row_parent_class)->finalize (object);
}

static void
sc_reading_row_class_init (ScReadingRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sc_reading_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/studycircle/StudyCircle/sc-reading-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ScReadingRow, prefix_icon);
  gtk_widget_class_bind_template_child (widget_class, ScReadingRow, minutes_label);
  gtk_widget_class_bind_template_child (widget_class, ScReadingRow, link_button);
  gtk_widget_class_bind_template_child (widget_class, ScReadingRow, open_icon);
  gtk_widget_class_bind_template_callback (widget_class, on_link_clicked_cb);
}

static void
sc_reading_row_init (ScReadingRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "notify::title", G_CALLBACK (on_title_changed_cb), NULL);
}

/* "Karl Marx, 1849" */
static char *
author_year (const char *author,
             const char *year)
{
  if (author != NULL && year != NULL)
    /* Translators: a work's author and year */
    return g_strdup_printf (_("%s, %s"), author, year);
  return g_strdup (author != NULL ? author : year);
}

static void
subtitle_add_line (GString    *subtitle,
                   const char *line)
{
  if (line == NULL || *line == '\0')
    return;
  if (subtitle->len > 0)
    g_string_append_c (subtitle, '\n');
  g_string_append (subtitle, line);
}

gboolean
sc_reading_row_wants_library_title (const ScReading *reading)
{
  g_return_val_if_fail (reading != NULL, FALSE);
  return reading->text_id != NULL && (reading->in_library || reading->title == NULL);
}

void
sc_reading_row_set_reading (ScReadingRow    *self,
                            const ScReading *reading)
{
  g_autoptr(GString) subtitle = NULL;
  g_autofree char *byline = NULL;
  gboolean library = FALSE;

  g_return_if_fail (SC_IS_READING_ROW (self));
  g_return_if_fail (reading != NULL);

  subtitle = g_string_new (NULL);
  byline = author_year (reading->author, reading->year);
  gtk_widget_remove_css_class (GTK_WIDGET (self), "missing-reading");
  gtk_widget_remove_css_class (GTK_WIDGET (self->prefix_icon), "warning");

  if (reading->text_id != NULL && reading->in_library)
    {
      /* A library text: opens the reader at its first section. */
      library = TRUE;
      gtk_image_set_from_icon_name (self->prefix_icon, "x-office-document-symbolic");
      subtitle_add_line (subtitle, reading->note);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self), "win.open-text");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "(sss)", reading->text_id,
                                        reading->from != NULL ? reading->from : "", "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), _("Open in the reader"));
    }
  else if (reading->text_id != NULL)
    {
      /* Named as a library text, but the library lacks it (or a section). */
      gtk_image_set_from_icon_name (self->prefix_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->prefix_icon), "warning");
      if (reading->title != NULL)
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), reading->title);
      subtitle_add_line (subtitle, reading->url != NULL
                                   ? _("Not in this library: you can find it on the web.")
                                   : _("Not in this library: ask your group for a copy."));
      gtk_widget_add_css_class (GTK_WIDGET (self), "missing-reading");
    }
  else
    {
      /* An outside work. */
      gtk_image_set_from_icon_name (self->prefix_icon, "web-browser-symbolic");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                     reading->title != NULL ? reading->title : _("Untitled reading"));
    }
  if (!library)
    {
      subtitle_add_line (subtitle, byline);
      subtitle_add_line (subtitle, reading->note);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self), NULL);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
    }

  if (reading->minutes > 0)
    {
      /* Translators: reading time, short */
      g_autofree char *minutes = g_strdup_printf (_("%u min"), reading->minutes);

      gtk_label_set_text (self->minutes_label, minutes);
    }
  else
    gtk_label_set_text (self->minutes_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->minutes_label), reading->minutes > 0);
  gtk_widget_set_visible (self->open_icon, library);

  g_free (self->url);
  self->url = !library ? g_strdup (reading->url) : NULL;
  g_object_set_data_full (G_OBJECT (self->link_button), "url", g_strdup (self->url), g_free);
  gtk_widget_set_tooltip_text (self->link_button, self->url);
  gtk_widget_set_visible (self->link_button, self->url != NULL);
  if (self->url != NULL)
    adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), self->link_button);
  on_title_changed_cb (self);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle->str);
}

GtkWidget *
sc_reading_row_new (const ScReading *reading)
{
  ScReadingRow *self = g_object_new (SC_TYPE_READING_ROW, NULL);

  sc_reading_row_set_reading (self, reading);
  return GTK_WIDGET (self);
}
