/* sc-library.c: the folders that make up the library, and what is in them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sc-library.h"
#include "sc-paths.h"

/* Deeper folder trees than this are not walked (and say so). */
#define MAX_FOLDER_DEPTH 32

struct _ScLibrary {
  GPtrArray *folders;     /* (element-type filename) */
  GArray    *required;    /* (element-type gboolean) */
};

ScLibrary *
sc_library_new (void)
{
  ScLibrary *library = g_new0 (ScLibrary, 1);

  library->folders = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  library->required = g_array_new (FALSE, FALSE, sizeof (gboolean));
  return library;
}

ScLibrary *
sc_library_new_default (const char * const *extra_dirs)
{
  ScLibrary *library = sc_library_new ();
  g_autofree char *bundled = sc_paths_bundled_texts_dir ();
  g_autofree char *user = sc_paths_user_texts_dir ();

  sc_library_add_folder (library, bundled, FALSE);
  sc_library_add_folder (library, user, FALSE);
  for (guint i = 0; extra_dirs != NULL && extra_dirs[i] != NULL; i++)
    sc_library_add_folder (library, extra_dirs[i], TRUE);

  return library;
}

void
sc_library_free (ScLibrary *library)
{
  if (library == NULL)
    return;
  g_ptr_array_unref (library->folders);
  g_array_unref (library->required);
  g_free (library);
}

/**
 * sc_library_add_folder:
 * @required: when %TRUE, a folder that does not exist is a problem; the
 *   default folders (the user's own) may simply not exist yet
 *
 * Adds @folder, made absolute, unless it is already there.
 */
void
sc_library_add_folder (ScLibrary  *library,
                       const char *folder,
                       gboolean    required)
{
  g_autofree char *absolute = NULL;
  g_autofree char *canonical = NULL;

  g_return_if_fail (library != NULL);
  g_return_if_fail (folder != NULL);

  absolute = g_path_is_absolute (folder) ? g_strdup (folder)
                                         : g_build_filename (g_get_current_dir (), folder, NULL);
  canonical = g_canonicalize_filename (absolute, NULL);

  for (guint i = 0; i < library->folders->len; i++)
    if (g_str_equal (g_ptr_array_index (library->folders, i), canonical))
      return;

  g_ptr_array_add (library->folders, g_steal_pointer (&canonical));
  g_array_append_val (library->required, required);
}

const char * const *
sc_library_get_folders (ScLibrary *library)
{
  g_return_val_if_fail (library != NULL, NULL);
  return (const char * const *) library->folders->pdata;
}

void
sc_library_file_free (ScLibraryFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_free (file);
}

typedef struct {
  GPtrArray    *files;
  GPtrArray    *problems;
  GHashTable   *seen_dirs;   /* "dev:ino" of every folder walked: no symlink loop twice */
  GHashTable   *seen_files;  /* "dev:ino" of every file listed: a file behind two names once */
  GCancellable *cancellable;
  guint         folder;
} Scan;

static gboolean
has_xml_suffix (const char *name)
{
  gsize len = strlen (name);

  return len > 4 && g_ascii_strcasecmp (name + len - 4, ".xml") == 0;
}

static void
add_problem (Scan       *scan,
             const char *path,
             const char *message)
{
  g_autofree char *display = g_filename_display_name (path);

  if (scan->problems != NULL)
    g_ptr_array_add (scan->problems, g_strdup_printf ("%s: %s", display, message));
}

static int
compare_strings_cb (gconstpointer a,
                    gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
walk (Scan       *scan,
      const char *dir_path,
      guint       depth)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *key = NULL;
  struct stat st;
  GDir *dir;
  const char *name;

  if (g_cancellable_is_cancelled (scan->cancellable))
    return;

  if (stat (dir_path, &st) != 0)
    return;
  key = g_strdup_printf ("%ju:%ju", (uintmax_t) st.st_dev, (uintmax_t) st.st_ino);
  if (!g_hash_table_add (scan->seen_dirs, g_steal_pointer (&key)))
    return;   /* a folder reached twice through symbolic links */

  if (depth > MAX_FOLDER_DEPTH)
    {
      add_problem (scan, dir_path, _("folders nested too deep; not read"));
      return;
    }

  dir = g_dir_open (dir_path, 0, &error);
  if (dir == NULL)
    {
      add_problem (scan, dir_path, error->message);
      return;
    }

  /* Sorted, so that every run sees the files in the same order. */
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);
  g_ptr_array_sort (names, compare_strings_cb);

  for (guint i = 0; i < names->len; i++)
    {
      const char *entry = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir_path, entry, NULL);

      if (stat (path, &st) != 0)
        {
          /* A dangling symbolic link, links that point at each other, or a
           * file deleted during the scan: nothing to read there. */
          if (errno != ENOENT && errno != ELOOP)
            add_problem (scan, path, g_strerror (errno));
          continue;
        }

      if (S_ISDIR (st.st_mode))
        walk (scan, path, depth + 1);
      else if (S_ISREG (st.st_mode) && has_xml_suffix (entry))
        {
          ScLibraryFile *file;

          /* The first name in walking order stands for the file. */
          if (!g_hash_table_add (scan->seen_files,
                                 g_strdup_printf ("%ju:%ju", (uintmax_t) st.st_dev, (uintmax_t) st.st_ino)))
            continue;

          file = g_new0 (ScLibraryFile, 1);
          file->path = g_steal_pointer (&path);
          file->folder = scan->folder;
          file->size = st.st_size;
          file->mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
          g_ptr_array_add (scan->files, file);
        }
    }
}

GPtrArray *
sc_library_scan (ScLibrary    *library,
                 GPtrArray    *problems,
                 GCancellable *cancellable)
{
  g_autoptr(GHashTable) seen_files = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_library_file_free);
  Scan scan = { files, problems, NULL, NULL, cancellable, 0 };

  g_return_val_if_fail (library != NULL, NULL);

  scan.seen_dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  scan.seen_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < library->folders->len; i++)
    {
      const char *folder = g_ptr_array_index (library->folders, i);
      guint first = files->len;

      scan.folder = i;
      if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          if (g_array_index (library->required, gboolean, i))
            add_problem (&scan, folder, _("no such folder"));
          continue;
        }
      walk (&scan, folder, 0);

      /* A folder given twice, or nested in another, lists its files once:
       * the first folder keeps them. */
      for (guint j = first; j < files->len;)
        {
          ScLibraryFile *file = g_ptr_array_index (files, j);

          if (g_hash_table_contains (seen_files, file->path))
            g_ptr_array_remove_index (files, j);
          else
            {
              g_hash_table_add (seen_files, file->path);
              j++;
            }
        }
    }

  g_hash_table_unref (scan.seen_dirs);
  g_hash_table_unref (scan.seen_files);
  return files;
}
