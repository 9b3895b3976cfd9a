/* sc-gui-test-util.h: what GUI tests share
 *
 * A GUI test builds real widgets under Xvfb (tests/xvfb-wrap.sh), over a
 * real index of a temporary copy of tests/fixtures/library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-catalog.h"
#include "sc-test-util.h"

typedef struct {
  char      *tmp;
  char      *library_dir;
  ScCatalog *catalog;
} ScGuiFixture;

static inline gboolean
sc_gui_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop until @cond (evaluated each time) holds or
 * @seconds pass. */
#define SC_GUI_WAIT_UNTIL(cond, seconds)                                       \
  G_STMT_START {                                                               \
    gint64 _deadline = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;   \
    guint _tick = g_timeout_add (20, sc_gui_tick_cb, NULL);            \
    while (!(cond) && g_get_monotonic_time () < _deadline)                     \
      g_main_context_iteration (NULL, TRUE);                                   \
    g_source_remove (_tick);                                                   \
    g_assert_true (cond);                                                      \
  } G_STMT_END

/* Lets pending work and a frame or two happen. */
static inline void
sc_gui_spin (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * 1000;
  guint tick = g_timeout_add (10, sc_gui_tick_cb, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

/* gtk_init + fatal warnings, or a TAP skip when there is no display. */
static inline gboolean
sc_gui_init (int    *argc,
             char ***argv)
{
  g_test_init (argc, argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display: run under tests/xvfb-wrap.sh\n");
      return FALSE;
    }
  adw_init ();
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
  return TRUE;
}

static inline void
sc_gui_fixture_setup (ScGuiFixture  *f,
                      gconstpointer  data)
{
  g_autofree char *fixtures = g_test_build_filename (G_TEST_DIST, "fixtures", "library", NULL);
  g_autofree char *index_path = NULL;
  g_autofree char *empty = NULL;
  g_autoptr(GError) error = NULL;
  const char *folders[2] = { NULL, NULL };

  f->tmp = g_dir_make_tmp ("sc-gui-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->library_dir = g_build_filename (f->tmp, "library", NULL);
  sc_test_copy_tree (fixtures, f->library_dir);

  /* Only the fixtures: an empty bundled library and user folder. */
  empty = g_build_filename (f->tmp, "bundled", NULL);
  g_mkdir_with_parents (empty, 0700);
  g_setenv ("STUDYCIRCLE_DATADIR", empty, TRUE);

  index_path = g_build_filename (f->tmp, "index.db", NULL);
  folders[0] = f->library_dir;
  f->catalog = sc_catalog_new (index_path, folders);
  sc_catalog_refresh (f->catalog);
  SC_GUI_WAIT_UNTIL (!sc_catalog_get_indexing (f->catalog), 30);
  g_assert_cmpuint (sc_catalog_get_n_documents (f->catalog), ==, 6);
}

static inline void
sc_gui_fixture_teardown (ScGuiFixture  *f,
                         gconstpointer  data)
{
  g_clear_object (&f->catalog);
  sc_test_remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->library_dir);
}

/* The first descendant of @root (depth first) of @type whose widget name or
 * accessible label… is @name, or any of that type when @name is NULL. */
static inline GtkWidget *
sc_gui_find (GtkWidget  *root,
             GType       type,
             const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (name == NULL || g_strcmp0 (gtk_widget_get_name (child), name) == 0))
        return child;
      found = sc_gui_find (child, type, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Saves a PNG of @widget (for a person to look at; never compared). */
static inline void
sc_gui_screenshot (GtkWidget  *widget,
                   const char *path)
{
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gdk_texture_save_to_png (texture, path);
}
