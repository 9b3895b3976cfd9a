/* sc-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-application.h"
#include "sc-paths.h"
#include "sc-preferences-window.h"
#include "sc-window.h"

struct _ScApplication {
  AdwApplication  parent_instance;

  GSettings      *settings;
  ScCatalog      *catalog;
  GStrv           extra_folders;   /* --library DIR, for this run only */
};

G_DEFINE_FINAL_TYPE (ScApplication, sc_application, ADW_TYPE_APPLICATION)

ScCatalog *
sc_application_get_catalog (ScApplication *self)
{
  g_return_val_if_fail (SC_IS_APPLICATION (self), NULL);
  return self->catalog;
}

/* The folders of Preferences, then those given with --library. */
static GStrv
library_folders (ScApplication *self)
{
  g_auto(GStrv) configured = g_settings_get_strv (self->settings, "library-folders");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_addv (builder, (const char **) configured);
  if (self->extra_folders != NULL)
    g_strv_builder_addv (builder, (const char **) self->extra_folders);
  return g_strv_builder_end (builder);
}

static void
on_library_folders_changed_cb (ScApplication *self)
{
  g_auto(GStrv) folders = library_folders (self);

  sc_catalog_set_folders (self->catalog, (const char * const *) folders);
}

static void
sc_application_startup (GApplication *app)
{
  ScApplication *self = SC_APPLICATION (app);
  g_autofree char *index_path = sc_paths_index_db ();
  g_auto(GStrv) folders = NULL;

  G_APPLICATION_CLASS (sc_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);
  folders = library_folders (self);
  self->catalog = sc_catalog_new (index_path, (const char * const *) folders);
  g_signal_connect_object (self->settings, "changed::library-folders",
                           G_CALLBACK (on_library_folders_changed_cb), self, G_CONNECT_SWAPPED);

  /* The index catches up in the background while the window opens, and
   * again whenever texts are added to or removed from the folders. */
  sc_catalog_refresh (self->catalog);
  sc_catalog_set_watching (self->catalog, TRUE);
}

static void
sc_application_activate (GApplication *app)
{
  ScApplication *self = SC_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (sc_window_new (ADW_APPLICATION (app), self->catalog));
  gtk_window_present (window);
}

static int
sc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  ScApplication *self = SC_APPLICATION (app);
  g_autofree const char **libraries = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("studycircle %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "library", "^a&ay", &libraries))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; libraries[i] != NULL; i++)
        {
          g_autoptr(GFile) file = g_file_new_for_commandline_arg (libraries[i]);
          g_autofree char *path = g_file_get_path (file);

          g_strv_builder_add (builder, path);
        }
      self->extra_folders = g_strv_builder_end (builder);
    }
  return -1;
}

static void
sc_application_shutdown (GApplication *app)
{
  ScApplication *self = SC_APPLICATION (app);

  G_APPLICATION_CLASS (sc_application_parent_class)->shutdown (app);
  g_clear_object (&self->catalog);
  g_clear_object (&self->settings);
}

static void
sc_application_finalize (GObject *object)
{
  ScApplication *self = SC_APPLICATION (object);

  g_clear_pointer (&self->extra_folders, g_strfreev);
  G_OBJECT_CLASS (sc_application_parent_class)->finalize (object);
}

static void
sc_application_class_init (ScApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = sc_application_finalize;
  app_class->startup = sc_application_startup;
  app_class->activate = sc_application_activate;
  app_class->shutdown = sc_application_shutdown;
  app_class->handle_local_options = sc_application_handle_local_options;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { _("The Study Circle developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Study Circle"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Study Circle developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("A reading library for study groups: read, search and study together."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  ScApplication *self = SC_APPLICATION (user_data);
  ScPreferencesWindow *preferences = sc_preferences_window_new (self->catalog);

  gtk_window_set_transient_for (GTK_WINDOW (preferences),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Close windows first so they can save what they hold. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;
      l = l->next;
      gtk_window_destroy (window);
    }
  g_application_quit (G_APPLICATION (app));
}

static void
sc_application_init (ScApplication *self)
{
  static const GActionEntry actions[] = {
    { "about", about_action },
    { "preferences", preferences_action },
    { "quit", quit_action },
  };
  const GOptionEntry options[] = {
    { "library", 'L', 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
      N_("Add a folder of texts to the library for this run (repeatable)"), N_("DIR") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.back", (const char *[]) { "<Alt>Left", NULL });
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

ScApplication *
sc_application_new (void)
{
  return g_object_new (SC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/studycircle/StudyCircle",
                       NULL);
}
