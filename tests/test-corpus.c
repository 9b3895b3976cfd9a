/* test-corpus.c: reading the real TEI corpus no one on the team wrote
 *
 * Runs when STUDYCIRCLE_CORPUS names a folder with tei-p5/ in it (the
 * shared corpus beside the repository); skips, saying so, otherwise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "sc-text.h"

typedef struct {
  GPtrArray *paths;   /* (element-type filename) sorted */
  GPtrArray *texts;   /* (element-type ScText) same order */
  GPtrArray *errors;  /* (element-type utf8) */
  gdouble    seconds; /* reading them all, once */
} Corpus;

static Corpus *loaded = NULL;

static char *
corpus_dir (void)
{
  const char *root = g_getenv ("STUDYCIRCLE_CORPUS");
  g_autofree char *dir = NULL;

  if (root == NULL || *root == '\0')
    return NULL;
  dir = g_build_filename (root, "tei-p5", NULL);
  return g_file_test (dir, G_FILE_TEST_IS_DIR) ? g_steal_pointer (&dir) : NULL;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
list_xml_files (const char *dir)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = g_dir_open (dir, 0, &error);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".xml"))   /* not MANIFEST.tsv */
      g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (paths, compare_strings);
  return g_steal_pointer (&paths);
}

static void
read_all (GPtrArray  *paths,
          GPtrArray **texts,
          GPtrArray **errors)
{
  *texts = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_text_free);
  *errors = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(GError) error = NULL;
      ScText *text = sc_text_read_file (g_ptr_array_index (paths, i), &error);

      if (text == NULL)
        g_ptr_array_add (*errors, g_strdup (error->message));
      g_ptr_array_add (*texts, text);
    }
}

/* The corpus read once, for every test that needs it; NULL (and the test
 * skipped) when it is not there. */
static Corpus *
corpus (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GTimer) timer = NULL;

  if (loaded != NULL)
    return loaded;

  dir = corpus_dir ();
  if (dir == NULL)
    {
      g_test_skip ("corpus not present: set STUDYCIRCLE_CORPUS to a folder with tei-p5/");
      return NULL;
    }

  loaded = g_new0 (Corpus, 1);
  loaded->paths = list_xml_files (dir);
  timer = g_timer_new ();
  read_all (loaded->paths, &loaded->texts, &loaded->errors);
  loaded->seconds = g_timer_elapsed (timer, NULL);
  return loaded;
}

static void
corpus_free (void)
{
  if (loaded == NULL)
    return;
  g_ptr_array_unref (loaded->paths);
  g_ptr_array_unref (loaded->texts);
  g_ptr_array_unref (loaded->errors);
  g_clear_pointer (&loaded, g_free);
}

static void
test_read_all (void)
{
  Corpus *c = corpus ();
  g_autoptr(GHashTable) ids = NULL;
  guint words = 0;

  if (c == NULL)
    return;

  for (guint i = 0; i < c->errors->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (c->errors, i));
  g_assert_cmpuint (c->errors->len, ==, 0);
  g_assert_cmpuint (c->texts->len, >, 0);

  ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < c->texts->len; i++)
    {
      ScText *text = g_ptr_array_index (c->texts, i);
      g_autofree char *name = g_path_get_basename (text->path);

      g_assert_nonnull (text->id);
      g_assert_cmpstr (text->id, !=, "");
      g_assert_true (g_hash_table_add (ids, text->id));
      g_assert_nonnull (text->title);
      g_assert_cmpstr (text->title, !=, "");
      g_assert_cmpstr (text->lang, ==, "en");
      g_assert_nonnull (text->authors);
      g_assert_cmpuint (text->sections->len, >, 0);
      if (text->year < 1600 || text->year > 1850)
        g_error ("%s: year %d from date “%s”", name, text->year, text->date);

      g_test_message ("%s: %s, %u sections, %u words, %d", name, text->id,
                      sc_text_count_sections (text), text->word_count, text->year);
      words += text->word_count;
    }
  g_test_message ("read %u texts (%u words) in %.3f s", c->texts->len, words, c->seconds);
}

static char *
joined_ids (ScText *text)
{
  g_autoptr(GPtrArray) all = sc_text_flatten (text);
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < all->len; i++)
    g_string_append_printf (ids, "%s\n", ((ScSection *) g_ptr_array_index (all, i))->id);
  return g_string_free (ids, FALSE);
}

static void
test_stable_ids (void)
{
  Corpus *c = corpus ();
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) errors = NULL;

  if (c == NULL)
    return;

  read_all (c->paths, &again, &errors);
  g_assert_cmpuint (errors->len, ==, 0);
  for (guint i = 0; i < c->texts->len; i++)
    {
      g_autofree char *first = joined_ids (g_ptr_array_index (c->texts, i));
      g_autofree char *second = joined_ids (g_ptr_array_index (again, i));
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GPtrArray) all = sc_text_flatten (g_ptr_array_index (again, i));

      g_assert_cmpstr (first, ==, second);
      for (guint j = 0; j < all->len; j++)
        g_assert_true (g_hash_table_add (seen, ((ScSection *) g_ptr_array_index (all, j))->id));
    }
}

/* Words broken across lines (mis<g ref="char:EOLhyphen"/>cellaneous) come
 * back whole, and what stood for illegible letters (<desc>•</desc>) is
 * never text. */
static void
test_joins_and_gaps (void)
{
  Corpus *c = corpus ();
  gboolean found = FALSE;

  if (c == NULL)
    return;

  for (guint i = 0; i < c->texts->len; i++)
    {
      g_autoptr(GPtrArray) all = sc_text_flatten (g_ptr_array_index (c->texts, i));

      for (guint j = 0; j < all->len; j++)
        {
          ScSection *section = g_ptr_array_index (all, j);
          g_autofree char *body = sc_section_body (section);
          g_autofree char *lower = g_utf8_strdown (body, -1);

          if (strstr (lower, "miscellaneous") != NULL)
            found = TRUE;
          if (strstr (body, "•") != NULL)
            g_error ("%s: section %s has a gap's “•” in its text",
                     ((ScText *) g_ptr_array_index (c->texts, i))->path, section->id);
          g_assert_null (section->heading != NULL ? strstr (section->heading, "•") : NULL);
        }
    }
  g_assert_true (found);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/corpus/tei-p5/read-all", test_read_all);
  g_test_add_func ("/corpus/tei-p5/stable-ids", test_stable_ids);
  g_test_add_func ("/corpus/tei-p5/joins-and-gaps", test_joins_and_gaps);

  status = g_test_run ();
  corpus_free ();
  return status;
}
