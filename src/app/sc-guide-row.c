/* sc-guide-row.c: a guide in the Guides page's list
 *
 * The page's list item factory makes one per visible item and binds it
 * to an ScDocument with sc_guide_row_set().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-guide-row.h"

struct _ScGuideRow
{
  GtkBox     parent_instance;

  GtkLabel  *title_label;
  GtkLabel  *lang_label;
  GtkLabel  *summary_label;
};

G_DEFINE_FINAL_TYPE (ScGuideRow, sc_guide_row, GTK_TYPE_BOX)

static void
sc_guide_row_class_init (ScGuideRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/studycircle/StudyCircle/sc-guide-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ScGuideRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, ScGuideRow, lang_label);
  gtk_widget_class_bind_template_child (widget_class, ScGuideRow, summary_label);
}

static void
sc_guide_row_init (ScGuideRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sc_guide_row_new (void)
{
  return g_object_new (SC_TYPE_GUIDE_ROW, NULL);
}

void
sc_guide_row_set (ScGuideRow *self,
                  const char *title,
                  const char *summary,
                  const char *language,
                  gboolean    show_language)
{
  g_return_if_fail (SC_IS_GUIDE_ROW (self));

  gtk_label_set_text (self->title_label, title != NULL ? title : "");
  gtk_label_set_text (self->summary_label, summary != NULL ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), summary != NULL);
  gtk_label_set_text (self->lang_label, language != NULL ? language : "");
  gtk_widget_set_visible (GTK_WIDGET (self->lang_label), show_language);
}
