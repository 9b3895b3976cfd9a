/* sc-window.c: the main window
 *
 * A view stack of pages (library, search, guides, groups) under a header
 * bar, and the reader stacked over them in a leaflet so that Back returns
 * to where the reader was opened from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-app-resources.h"
#include "sc-app-util.h"
#include "sc-group-actions.h"
#include "sc-groups-page.h"
#include "sc-guides-page.h"
#include "sc-import-controller.h"
#include "sc-library-page.h"
#include "sc-paths.h"
#include "sc-reader-page.h"
#include "sc-search-page.h"
#include "sc-window.h"

struct _ScWindow {
  AdwApplicationWindow  parent_instance;

  ScCatalog            *catalog;
  GSettings            *settings;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  AdwViewStack         *stack;
  GtkRevealer          *indexing_revealer;
  GtkProgressBar       *indexing_progress;
  GtkBox               *library_box;
  GtkBox               *search_box;
  GtkBox               *guides_box;
  GtkBox               *groups_box;
  GtkBox               *reader_box;

  GtkWidget            *library_page;
  GtkWidget            *search_page;
  GtkWidget            *guides_page;
  GtkWidget            *reader_page;
};

G_DEFINE_FINAL_TYPE (ScWindow, sc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CATALOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_indexing_changed_cb (ScWindow   *self,
                        GParamSpec *pspec,
                        ScCatalog  *catalog)
{
  gtk_revealer_set_reveal_child (self->indexing_revealer, sc_catalog_get_indexing (catalog));
}

static void
on_catalog_failed_cb (ScWindow     *self,
                      const GError *error,
                      ScCatalog    *catalog)
{
  sc_app_report_error (GTK_WIDGET (self), _("Could not update the library"), error);
}

static void
on_progress_changed_cb (ScWindow   *self,
                        GParamSpec *pspec,
                        ScCatalog  *catalog)
{
  gtk_progress_bar_set_fraction (self->indexing_progress, sc_catalog_get_progress (catalog));
}

void
sc_window_show_page (ScWindow   *self,
                     const char *name)
{
  g_return_if_fail (SC_IS_WINDOW (self));

  adw_leaflet_set_visible_child_name (self->leaflet, "main");
  adw_view_stack_set_visible_child_name (self->stack, name);
}

void
sc_window_open_text (ScWindow   *self,
                     const char *text_id,
                     const char *section_id,
                     const char *query)
{
  g_return_if_fail (SC_IS_WINDOW (self));
  g_return_if_fail (text_id != NULL);

  sc_reader_page_open (SC_READER_PAGE (self->reader_page), text_id, section_id, query);
  adw_leaflet_set_visible_child_name (self->leaflet, "reader");
}

void
sc_window_add_toast (ScWindow   *self,
                     const char *message)
{
  g_return_if_fail (SC_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* The groups page is the one child of its box (none until it is built). */
GtkWidget *
sc_window_get_groups_page (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);
  return gtk_widget_get_first_child (GTK_WIDGET (self->groups_box));
}

ScCatalog *
sc_window_get_catalog (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);
  return self->catalog;
}

static const char *
empty_to_null (const char *str)
{
  return str != NULL && *str != '\0' ? str : NULL;
}

static void
open_text_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  const char *text_id, *section_id, *query;

  g_variant_get (parameter, "(&s&s&s)", &text_id, &section_id, &query);
  sc_window_open_text (SC_WINDOW (widget), text_id, empty_to_null (section_id), empty_to_null (query));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ScWindow *self = SC_WINDOW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "main");
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ScWindow *self = SC_WINDOW (widget);

  sc_window_show_page (self, "search");
  sc_search_page_focus (SC_SEARCH_PAGE (self->search_page));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  sc_window_show_page (SC_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
open_guide_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ScWindow *self = SC_WINDOW (widget);

  sc_window_show_page (self, "guides");
  sc_guides_page_show_guide (SC_GUIDES_PAGE (self->guides_page), g_variant_get_string (parameter, NULL));
}

static void
sc_window_constructed (GObject *object)
{
  ScWindow *self = SC_WINDOW (object);
  g_autofree char *study_db = sc_paths_study_db ();

  G_OBJECT_CLASS (sc_window_parent_class)->constructed (object);

  g_assert (self->catalog != NULL);

  self->library_page = sc_library_page_new (self->catalog);
  sc_library_page_set_study_db (SC_LIBRARY_PAGE (self->library_page), study_db);
  gtk_widget_set_vexpand (self->library_page, TRUE);
  gtk_box_append (self->library_box, self->library_page);

  self->search_page = sc_search_page_new (self->catalog);
  gtk_widget_set_vexpand (self->search_page, TRUE);
  gtk_box_append (self->search_box, self->search_page);

  self->guides_page = sc_guides_page_new (self->catalog);
  gtk_box_append (self->guides_box, self->guides_page);

  gtk_box_append (self->groups_box, sc_groups_page_new (self->catalog));

  self->reader_page = sc_reader_page_new (self->catalog);
  gtk_widget_set_vexpand (self->reader_page, TRUE);
  gtk_box_append (self->reader_box, self->reader_page);

  g_signal_connect_object (self->catalog, "notify::indexing",
                           G_CALLBACK (on_indexing_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->catalog, "notify::progress",
                           G_CALLBACK (on_progress_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->catalog, "failed",
                           G_CALLBACK (on_catalog_failed_cb), self, G_CONNECT_SWAPPED);
  on_indexing_changed_cb (self, NULL, self->catalog);

  /* Import: its progress under the indexing bar, files dropped on the window. */
  sc_import_controller_attach (self, GTK_WIDGET (self->indexing_revealer));
}

static void
sc_window_dispose (GObject *object)
{
  ScWindow *self = SC_WINDOW (object);

  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_WINDOW);
  g_clear_object (&self->catalog);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (sc_window_parent_class)->dispose (object);
}

static void
sc_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ScWindow *self = SC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  ScWindow *self = SC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_window_class_init (ScWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* The resources live in a static library: referencing them keeps the
   * linker from dropping them, with their registration. */
  (void) sc_app_get_resource ();

  object_class->constructed = sc_window_constructed;
  object_class->dispose = sc_window_dispose;
  object_class->get_property = sc_window_get_property;
  object_class->set_property = sc_window_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, SC_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/studycircle/StudyCircle/sc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ScWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, indexing_revealer);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, indexing_progress);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, library_box);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, search_box);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, guides_box);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, groups_box);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, reader_box);

  gtk_widget_class_install_action (widget_class, "win.open-text", "(sss)", open_text_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.open-guide", "s", open_guide_action);
  sc_import_controller_install_actions (widget_class);
  sc_group_actions_install (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
}

static void
sc_window_init (ScWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

ScWindow *
sc_window_new (AdwApplication *application,
               ScCatalog      *catalog)
{
  return g_object_new (SC_TYPE_WINDOW,
                       "application", application,
                       "catalog", catalog,
                       NULL);
}
