/* sc-library-item.c: one row of the library list, a section header or a document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-library-item.h"

struct _ScLibraryItem {
  GObject     parent_instance;

  ScDocument *document;     /* NULL for a header */
  char       *title;        /* headers only */
  char       *subtitle;     /* headers only */
  char       *description;  /* headers only */
  guint       n_documents;
  double      progress;
};

G_DEFINE_FINAL_TYPE (ScLibraryItem, sc_library_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sc_library_item_finalize (GObject *object)
{
  ScLibraryItem *self = SC_LIBRARY_ITEM (object);

  g_clear_object (&self->document);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->description, g_free);
  G_OBJECT_CLASS (sc_library_item_parent_class)->finalize (object);
}

static void
sc_library_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScLibraryItem *self = SC_LIBRARY_ITEM (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_library_item_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ScLibraryItem *self = SC_LIBRARY_ITEM (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      sc_library_item_set_progress (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_library_item_class_init (ScLibraryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_library_item_finalize;
  object_class->get_property = sc_library_item_get_property;
  object_class->set_property = sc_library_item_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, SC_TYPE_DOCUMENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL,
                         SC_LIBRARY_ITEM_NO_PROGRESS, 100.0, SC_LIBRARY_ITEM_NO_PROGRESS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_library_item_init (ScLibraryItem *self)
{
  self->progress = SC_LIBRARY_ITEM_NO_PROGRESS;
}

ScLibraryItem *
sc_library_item_new_header (const char *title,
                            const char *subtitle,
                            const char *description,
                            guint       n_documents)
{
  ScLibraryItem *self;

  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (SC_TYPE_LIBRARY_ITEM, NULL);
  self->title = g_strdup (title);
  self->subtitle = g_strdup (subtitle);
  self->description = g_strdup (description);
  self->n_documents = n_documents;
  return self;
}

ScLibraryItem *
sc_library_item_new_document (ScDocument *document,
                              double      progress)
{
  ScLibraryItem *self;

  g_return_val_if_fail (SC_IS_DOCUMENT (document), NULL);

  self = g_object_new (SC_TYPE_LIBRARY_ITEM, NULL);
  self->document = g_object_ref (document);
  self->progress = CLAMP (progress, SC_LIBRARY_ITEM_NO_PROGRESS, 100.0);
  return self;
}

gboolean
sc_library_item_is_header (ScLibraryItem *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_ITEM (self), FALSE);
  return self->document == NULL;
}

const char *
sc_library_item_get_title (ScLibraryItem *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_ITEM (self), NULL);
  return self->document != NULL ? sc_document_get_title (self->document) : self->title;
}

const char *
sc_library_item_get_description (ScLibraryItem *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_ITEM (self), NULL);
  return self->document != NULL ? sc_document_get_summary (self->document) : self->description;
}

const char *
sc_library_item_get_subtitle (ScLibraryItem *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_ITEM (self), NULL);
  return self->subtitle;
}

guint
sc_library_item_get_n_documents (ScLibraryItem *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_ITEM (self), 0);
  return self->n_documents;
}

ScDocument *
sc_library_item_get_document (ScLibraryItem *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_ITEM (self), NULL);
  return self->document;
}

double
sc_library_item_get_progress (ScLibraryItem *self)
{
  g_return_val_if_fail (SC_IS_LIBRARY_ITEM (self), SC_LIBRARY_ITEM_NO_PROGRESS);
  return self->progress;
}

void
sc_library_item_set_progress (ScLibraryItem *self,
                              double         progress)
{
  g_return_if_fail (SC_IS_LIBRARY_ITEM (self));

  progress = CLAMP (progress, SC_LIBRARY_ITEM_NO_PROGRESS, 100.0);
  if (progress == self->progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}
