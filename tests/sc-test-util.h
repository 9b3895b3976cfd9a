/* sc-test-util.h: small helpers the core tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

/* Copies the fixture tree @src into @dst, recursively. */
static inline void
sc_test_copy_tree (const char *src,
                   const char *dst)
{
  g_autoptr(GDir) dir = g_dir_open (src, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (dst, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (src, name, NULL);
      g_autofree char *to = g_build_filename (dst, name, NULL);

      if (g_file_test (from, G_FILE_TEST_IS_DIR))
        sc_test_copy_tree (from, to);
      else
        {
          g_autofree char *data = NULL;
          gsize length = 0;

          g_assert_true (g_file_get_contents (from, &data, &length, NULL));
          g_assert_true (g_file_set_contents (to, data, length, NULL));
        }
    }
}

static inline void
sc_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        sc_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* The 1-based line of the first occurrence of @needle in file @path. */
static inline guint
sc_test_line_of (const char *path,
                 const char *needle)
{
  g_autofree char *data = NULL;
  const char *found;
  guint line = 1;

  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  found = strstr (data, needle);
  g_assert_nonnull (found);
  for (const char *p = data; p < found; p++)
    line += *p == '\n';
  return line;
}

static inline gboolean
sc_test_strv_has_substring (GPtrArray  *strings,
                            const char *needle)
{
  for (guint i = 0; i < strings->len; i++)
    if (strstr (g_ptr_array_index (strings, i), needle) != NULL)
      return TRUE;
  return FALSE;
}
