/* fuzz-progress.c: importing a progress file into a study database
 *
 * A progress file comes from someone else's computer and is merged into
 * months of a group's records. Each input is imported into a fresh study
 * database (a new study.db in a temporary folder, made again after every
 * import that changed it). Properties: a refusal names the file and a
 * line; an accepted file imported a second time changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>

#include "sc-fuzz.h"
#include "sc-study-exchange.h"

static ScStudyStore *store;

static void
remove_store (void)
{
  g_autofree char *path = g_build_filename (sc_fuzz_tmp_dir (), "study.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_pointer (&store, sc_study_store_close);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

static ScStudyStore *
get_store (void)
{
  static gboolean registered;

  if (store == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (sc_fuzz_tmp_dir (), "study.db", NULL);

      store = sc_study_store_open (path, &error);
      g_assert_no_error (error);
      if (!registered)
        atexit (remove_store);   /* runs before the folder is removed */
      registered = TRUE;
    }
  return store;
}

int
sc_fuzz_progress (const uint8_t *data,
                  size_t         size)
{
  g_auto(ScStudyImportReport) report = { 0, };
  g_auto(ScStudyImportReport) again = { 0, };
  g_autoptr(GError) error = NULL;

  sc_fuzz_init ();
  sc_study_import_report_init (&report);
  sc_study_import_report_init (&again);

  if (!sc_study_import_memory (get_store (), (const char *) data, size, "fuzz.xml", &report, &error))
    {
      /* Refused as a whole: the store is as it was, fresh. */
      sc_fuzz_check_refusal (error, "fuzz.xml", data, size);
      return 0;
    }

  if (!sc_study_import_memory (store, (const char *) data, size, "fuzz.xml", &again, &error))
    sc_fuzz_fail ("an accepted file is refused the second time", data, size, error->message);
  if (again.added != 0 || again.updated != 0 || again.conflicts != 0)
    {
      g_autofree char *detail = g_strdup_printf ("second import: %u added, %u updated, %u conflicts",
                                                 again.added, again.updated, again.conflicts);

      sc_fuzz_fail ("importing the same file twice changed something", data, size, detail);
    }

  remove_store ();
  return 0;
}

SC_FUZZ_ENTRY (sc_fuzz_progress)
