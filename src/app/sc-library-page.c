/* sc-library-page.c: first cut, to be replaced by the real page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-library-page.h"

struct _ScLibraryPage {
  AdwBin     parent_instance;
  ScCatalog *catalog;
};

G_DEFINE_FINAL_TYPE (ScLibraryPage, sc_library_page, ADW_TYPE_BIN)

static void
sc_library_page_dispose (GObject *object)
{
  ScLibraryPage *self = SC_LIBRARY_PAGE (object);

  g_clear_object (&self->catalog);
  G_OBJECT_CLASS (sc_library_page_parent_class)->dispose (object);
}

static void
sc_library_page_class_init (ScLibraryPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sc_library_page_dispose;
}

static void
sc_library_page_init (ScLibraryPage *self)
{
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("The library is loading"));
  adw_bin_set_child (ADW_BIN (self), status);
}

GtkWidget *
sc_library_page_new (ScCatalog *catalog)
{
  ScLibraryPage *self = g_object_new (SC_TYPE_LIBRARY_PAGE, NULL);

  self->catalog = g_object_ref (catalog);
  return GTK_WIDGET (self);
}
