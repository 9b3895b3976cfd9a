/* sc-paths.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-paths.h"

char *
sc_paths_bundled_texts_dir (void)
{
  const char *env = g_getenv ("STUDYCIRCLE_DATADIR");
  g_autofree char *installed = NULL;

  if (env != NULL && *env != '\0')
    return g_build_filename (env, "texts", NULL);

  installed = g_build_filename (PKGDATADIR, "texts", NULL);
  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);

  return g_build_filename (SOURCE_DATADIR, "texts", NULL);
}

char *
sc_paths_user_texts_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "studycircle", "texts", NULL);
}

char *
sc_paths_study_db (void)
{
  return g_build_filename (g_get_user_data_dir (), "studycircle", "study.db", NULL);
}

char *
sc_paths_index_db (void)
{
  return g_build_filename (g_get_user_cache_dir (), "studycircle", "index.db", NULL);
}
