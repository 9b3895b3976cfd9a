/* sc-reader-page.c: first cut, to be replaced by the real page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-reader-page.h"

struct _ScReaderPage {
  AdwBin     parent_instance;
  ScCatalog *catalog;
};

G_DEFINE_FINAL_TYPE (ScReaderPage, sc_reader_page, ADW_TYPE_BIN)

static void
sc_reader_page_dispose (GObject *object)
{
  ScReaderPage *self = SC_READER_PAGE (object);

  g_clear_object (&self->catalog);
  G_OBJECT_CLASS (sc_reader_page_parent_class)->dispose (object);
}

static void
sc_reader_page_class_init (ScReaderPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sc_reader_page_dispose;
}

static void
sc_reader_page_init (ScReaderPage *self)
{
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Nothing open"));
  adw_bin_set_child (ADW_BIN (self), status);
}

GtkWidget *
sc_reader_page_new (ScCatalog *catalog)
{
  ScReaderPage *self = g_object_new (SC_TYPE_READER_PAGE, NULL);

  self->catalog = g_object_ref (catalog);
  return GTK_WIDGET (self);
}

void
sc_reader_page_open (ScReaderPage *self,
                     const char   *text_id,
                     const char   *section_id,
                     const char   *query)
{
  g_return_if_fail (SC_IS_READER_PAGE (self));
}
