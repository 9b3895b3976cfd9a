/* sc-search-page.c: first cut, to be replaced by the real page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-search-page.h"

struct _ScSearchPage {
  AdwBin     parent_instance;
  ScCatalog *catalog;
};

G_DEFINE_FINAL_TYPE (ScSearchPage, sc_search_page, ADW_TYPE_BIN)

static void
sc_search_page_dispose (GObject *object)
{
  ScSearchPage *self = SC_SEARCH_PAGE (object);

  g_clear_object (&self->catalog);
  G_OBJECT_CLASS (sc_search_page_parent_class)->dispose (object);
}

static void
sc_search_page_class_init (ScSearchPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sc_search_page_dispose;
}

static void
sc_search_page_init (ScSearchPage *self)
{
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Search the library"));
  adw_bin_set_child (ADW_BIN (self), status);
}

GtkWidget *
sc_search_page_new (ScCatalog *catalog)
{
  ScSearchPage *self = g_object_new (SC_TYPE_SEARCH_PAGE, NULL);

  self->catalog = g_object_ref (catalog);
  return GTK_WIDGET (self);
}

void
sc_search_page_focus (ScSearchPage *self)
{
  g_return_if_fail (SC_IS_SEARCH_PAGE (self));
}
