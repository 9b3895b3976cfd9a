/* sc-folder-watch.c: notice when the library folders change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "sc-folder-watch.h"

/* As deep as the library scan goes (sc-library.c). */
#define MAX_DEPTH 32
#define DEFAULT_QUIET_MS 1000
/* A steady stream of changes (a big copy) still refreshes now and then. */
#define MAX_WAIT_PERIODS 5

typedef struct {
  GFileMonitor *monitor;
  char         *inode;       /* "dev:ino", or NULL while the folder does not exist */
  guint         depth;
  gboolean      root;
} Watched;

struct _ScFolderWatch {
  GObject     parent_instance;

  GHashTable *folders;       /* path → Watched */
  GHashTable *inodes;        /* "dev:ino" of watched folders: a symlink loop is watched once */
  guint       quiet_ms;
  guint       quiet_source;
  gint64      first_change;  /* monotonic µs of the first change of this burst */
  gboolean    capped;        /* told once that the limit was reached */
};

G_DEFINE_FINAL_TYPE (ScFolderWatch, sc_folder_watch, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void watch_tree (ScFolderWatch *self, const char *path, guint depth, gboolean root);

static void
watched_free (gpointer data)
{
  Watched *watched = data;

  g_signal_handlers_disconnect_matched (watched->monitor, G_SIGNAL_MATCH_ID,
                                        g_signal_lookup ("changed", G_TYPE_FILE_MONITOR),
                                        0, NULL, NULL, NULL);
  g_file_monitor_cancel (watched->monitor);
  g_object_unref (watched->monitor);
  g_free (watched->inode);
  g_free (watched);
}

static char *
inode_key (const char *path)
{
  struct stat st;

  if (stat (path, &st) != 0 || !S_ISDIR (st.st_mode))
    return NULL;
  return g_strdup_printf ("%ju:%ju", (uintmax_t) st.st_dev, (uintmax_t) st.st_ino);
}

static gboolean
is_text_name (const char *name)
{
  gsize len = strlen (name);

  return len > 4 && g_ascii_strcasecmp (name + len - 4, ".xml") == 0;
}

static gboolean
quiet_cb (gpointer user_data)
{
  ScFolderWatch *self = user_data;

  self->quiet_source = 0;
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/* Each change restarts the quiet period, unless the burst has already
 * waited several periods: then the pending emission stands. */
static void
schedule_changed (ScFolderWatch *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->quiet_source != 0)
    {
      if (now - self->first_change >= (gint64) self->quiet_ms * 1000 * (MAX_WAIT_PERIODS - 1))
        return;
      g_source_remove (self->quiet_source);
    }
  else
    self->first_change = now;

  self->quiet_source = g_timeout_add (self->quiet_ms, quiet_cb, self);
  g_source_set_name_by_id (self->quiet_source, "[studycircle] folder watch quiet period");
}

/* Whether @path is a watched folder or has watched folders under it. */
static gboolean
has_tree (ScFolderWatch *self,
          const char    *path)
{
  return g_hash_table_contains (self->folders, path);
}

/* Stops watching @path and the folders under it; a root stays watched
 * (its monitor notices when it comes back). */
static void
unwatch_tree (ScFolderWatch *self,
              const char    *path)
{
  g_autofree char *prefix = g_strconcat (path, G_DIR_SEPARATOR_S, NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->folders);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Watched *watched = value;

      if (!g_str_equal (key, path) && !g_str_has_prefix (key, prefix))
        continue;
      if (watched->inode != NULL)
        g_hash_table_remove (self->inodes, watched->inode);
      if (watched->root)
        g_clear_pointer (&watched->inode, g_free);
      else
        g_hash_table_iter_remove (&iter);
    }
}

static guint
depth_under_parent (ScFolderWatch *self,
                    const char    *path)
{
  g_autofree char *parent = g_path_get_dirname (path);
  Watched *watched = g_hash_table_lookup (self->folders, parent);

  return watched != NULL ? watched->depth + 1 : 0;
}

static void
on_monitor_changed_cb (GFileMonitor      *monitor,
                       GFile             *file,
                       GFile             *other_file,
                       GFileMonitorEvent  event,
                       gpointer           user_data)
{
  ScFolderWatch *self = user_data;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = NULL;
  Watched *watched;
  gboolean relevant = FALSE;

  if (path == NULL)
    return;
  name = g_path_get_basename (path);
  watched = g_hash_table_lookup (self->folders, path);

  /* A root that appears: watch what it holds. */
  if (watched != NULL && watched->root)
    {
      if (event == G_FILE_MONITOR_EVENT_CREATED || event == G_FILE_MONITOR_EVENT_MOVED_IN)
        {
          watch_tree (self, path, 0, TRUE);
          schedule_changed (self);
        }
      else if (event == G_FILE_MONITOR_EVENT_DELETED || event == G_FILE_MONITOR_EVENT_MOVED_OUT)
        {
          unwatch_tree (self, path);
          schedule_changed (self);
        }
      return;
    }

  /* Hidden entries are never read (sc-library.c), editors' temporary
   * files among them. */
  if (name[0] == '.')
    return;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          watch_tree (self, path, depth_under_parent (self, path), FALSE);
          relevant = TRUE;
        }
      else
        relevant = is_text_name (name);
      break;

    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
      relevant = is_text_name (name) || has_tree (self, path);
      unwatch_tree (self, path);
      break;

    case G_FILE_MONITOR_EVENT_RENAMED:
      relevant = is_text_name (name) || has_tree (self, path);
      unwatch_tree (self, path);
      if (other_file != NULL)
        {
          g_autofree char *new_path = g_file_get_path (other_file);
          g_autofree char *new_name = new_path != NULL ? g_path_get_basename (new_path) : NULL;

          if (new_path != NULL && new_name[0] != '.')
            {
              if (g_file_test (new_path, G_FILE_TEST_IS_DIR))
                {
                  watch_tree (self, new_path, depth_under_parent (self, new_path), FALSE);
                  relevant = TRUE;
                }
              else
                relevant |= is_text_name (new_name);
            }
        }
      break;

    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
      relevant = is_text_name (name);
      break;

    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      break;
    }

  if (relevant)
    schedule_changed (self);
}

/* Watches @path (unless it is already) and every folder under it that is
 * not watched yet. */
static void
watch_tree (ScFolderWatch *self,
            const char    *path,
            guint          depth,
            gboolean       root)
{
  Watched *watched = g_hash_table_lookup (self->folders, path);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (depth > MAX_DEPTH)
    return;

  if (watched == NULL)
    {
      g_autoptr(GFile) file = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *inode = inode_key (path);
      GFileMonitor *monitor;

      if (inode != NULL && g_hash_table_contains (self->inodes, inode))
        return;   /* reached again through a symbolic link */
      if (g_hash_table_size (self->folders) >= SC_FOLDER_WATCH_MAX_FOLDERS)
        {
          if (!self->capped)
            g_message ("Watching the first %u library folders only: changes elsewhere show after a restart",
                       SC_FOLDER_WATCH_MAX_FOLDERS);
          self->capped = TRUE;
          return;
        }

      file = g_file_new_for_path (path);
      monitor = g_file_monitor_directory (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
      if (monitor == NULL)
        {
          g_debug ("Not watching %s: %s", path, error->message);
          return;
        }
      g_signal_connect (monitor, "changed", G_CALLBACK (on_monitor_changed_cb), self);

      watched = g_new0 (Watched, 1);
      watched->monitor = monitor;
      watched->depth = depth;
      watched->root = root;
      g_hash_table_insert (self->folders, g_strdup (path), watched);
    }

  /* A folder that (re)appeared: remember its inode from now on. */
  if (watched->inode == NULL)
    {
      watched->inode = inode_key (path);
      if (watched->inode != NULL)
        g_hash_table_add (self->inodes, g_strdup (watched->inode));
    }

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = NULL;

      if (name[0] == '.')
        continue;
      child = g_build_filename (path, name, NULL);
      if (!g_hash_table_contains (self->folders, child) && g_file_test (child, G_FILE_TEST_IS_DIR))
        watch_tree (self, child, depth + 1, FALSE);
    }
}

static void
sc_folder_watch_dispose (GObject *object)
{
  ScFolderWatch *self = SC_FOLDER_WATCH (object);

  g_clear_handle_id (&self->quiet_source, g_source_remove);
  if (self->folders != NULL)
    g_hash_table_remove_all (self->folders);
  G_OBJECT_CLASS (sc_folder_watch_parent_class)->dispose (object);
}

static void
sc_folder_watch_finalize (GObject *object)
{
  ScFolderWatch *self = SC_FOLDER_WATCH (object);

  g_clear_pointer (&self->folders, g_hash_table_unref);
  g_clear_pointer (&self->inodes, g_hash_table_unref);
  G_OBJECT_CLASS (sc_folder_watch_parent_class)->finalize (object);
}

static void
sc_folder_watch_class_init (ScFolderWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_folder_watch_dispose;
  object_class->finalize = sc_folder_watch_finalize;

  /**
   * ScFolderWatch::changed:
   *
   * Texts or folders under the roots were added, changed or removed, and
   * the changes have been quiet for the quiet period.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sc_folder_watch_init (ScFolderWatch *self)
{
  self->folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, watched_free);
  self->inodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->quiet_ms = DEFAULT_QUIET_MS;
}

ScFolderWatch *
sc_folder_watch_new (const char * const *roots)
{
  ScFolderWatch *self = g_object_new (SC_TYPE_FOLDER_WATCH, NULL);

  for (guint i = 0; roots != NULL && roots[i] != NULL; i++)
    {
      g_autofree char *canonical = g_canonicalize_filename (roots[i], NULL);

      watch_tree (self, canonical, 0, TRUE);
    }
  return self;
}

void
sc_folder_watch_set_quiet_ms (ScFolderWatch *self,
                              guint          quiet_ms)
{
  g_return_if_fail (SC_IS_FOLDER_WATCH (self));
  g_return_if_fail (quiet_ms > 0);
  self->quiet_ms = quiet_ms;
}

guint
sc_folder_watch_get_n_folders (ScFolderWatch *self)
{
  g_return_val_if_fail (SC_IS_FOLDER_WATCH (self), 0);
  return g_hash_table_size (self->folders);
}

gboolean
sc_folder_watch_is_watching (ScFolderWatch *self,
                             const char    *folder)
{
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (SC_IS_FOLDER_WATCH (self), FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);

  canonical = g_canonicalize_filename (folder, NULL);
  return g_hash_table_contains (self->folders, canonical);
}
