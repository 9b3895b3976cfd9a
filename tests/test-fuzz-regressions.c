/* test-fuzz-regressions.c: the fuzz harnesses in every build
 *
 * Runs each harness of fuzz/ (compiled in here without libFuzzer) over the
 * files it is seeded with and over tests/fixtures/fuzz-regressions/NAME,
 * where every input that ever broke it is kept. A harness abort()s on a
 * finding, and the sanitizer build's ASan, UBSan and LeakSanitizer watch
 * the rest, so an input that fails again fails this test without clang.
 *
 * Arguments: pairs of NAME SEED-FOLDER, as fuzz/meson.build lists them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "sc-fuzz.h"

static const struct {
  const char *name;
  ScFuzzFunc  func;
} harnesses[] = {
  { "text", sc_fuzz_text },
  { "guide", sc_fuzz_guide },
  { "import-html", sc_fuzz_import_html },
  { "import-text", sc_fuzz_import_text },
  { "import-epub", sc_fuzz_import_epub },
  { "query", sc_fuzz_query },
  { "progress", sc_fuzz_progress },
};

typedef struct {
  ScFuzzFunc  func;
  char       *folder;
  gboolean    seeds;   /* a seed folder, or the regressions */
} Case;

static void
case_free (gpointer data)
{
  Case *c = data;

  g_free (c->folder);
  g_free (c);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
test_folder (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (c->folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);   /* the same order every run */

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (c->folder, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;
      g_autofree guint8 *input = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      g_test_message ("%s", path);
      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      /* An exact copy: g_file_get_contents() adds a NUL that would hide
       * reading one byte past the input. */
      input = g_memdup2 (contents, length);
      g_assert_cmpint (c->func (input, length), ==, 0);
    }

  g_assert_cmpuint (names->len, >, 0);
}

static void
add_case (ScFuzzFunc  func,
          const char *name,
          const char *folder,
          gboolean    seeds,
          GPtrArray  *cases)
{
  Case *c = g_new0 (Case, 1);
  g_autofree char *base = g_path_get_basename (folder);
  g_autofree char *path = g_strdup_printf ("/fuzz-regressions/%s/%s", name, seeds ? base : "regressions");

  c->func = func;
  c->folder = g_strdup (folder);
  c->seeds = seeds;
  g_ptr_array_add (cases, c);
  g_test_add_data_func (path, c, test_folder);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (case_free);

  g_test_init (&argc, &argv, NULL);

  g_assert_true (argc % 2 == 1);
  for (guint k = 0; k < G_N_ELEMENTS (harnesses); k++)
    {
      g_autofree char *regressions = g_test_build_filename (G_TEST_DIST, "fixtures", "fuzz-regressions",
                                                            harnesses[k].name, NULL);
      gboolean named = FALSE;

      for (int i = 1; i + 1 < argc; i += 2)
        if (g_str_equal (argv[i], harnesses[k].name))
          {
            add_case (harnesses[k].func, harnesses[k].name, argv[i + 1], TRUE, cases);
            named = TRUE;
          }
      /* Every harness is fed its seeds, and its regressions once it has any. */
      g_assert_true (named);
      if (g_file_test (regressions, G_FILE_TEST_IS_DIR))
        add_case (harnesses[k].func, harnesses[k].name, regressions, FALSE, cases);
    }

  return g_test_run ();
}
