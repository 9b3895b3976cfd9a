/* test-bundled.c: the library Study Circle ships holds together
 *
 * Every bundled file validates; every guide reading and glossary reference
 * resolves; English and Spanish hold the same texts and guides; and search
 * finds every marked glossary term in the text that uses it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sc-guide.h"
#include "sc-index.h"
#include "sc-search.h"
#include "sc-text.h"
#include "sc-validate.h"
#include "sc-xml.h"
#include "sc-test-util.h"

static const char *languages[] = { "en", "es" };

typedef struct {
  GPtrArray  *texts;       /* ScText */
  GPtrArray  *guides;      /* ScGuide */
  ScGlossary *glossary;
} Language;

static Language library[G_N_ELEMENTS (languages)];
static GHashTable *texts_by_id;   /* id → ScText, both languages */
static char *texts_dir;

static GPtrArray *
xml_files (const char *lang)
{
  g_autofree char *dir_path = g_build_filename (texts_dir, lang, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (files, g_build_filename (dir_path, name, NULL));
  return files;
}

static void
load_library (void)
{
  texts_by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autoptr(GPtrArray) files = xml_files (languages[l]);

      library[l].texts = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_text_free);
      library[l].guides = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_guide_free);
      for (guint i = 0; i < files->len; i++)
        {
          const char *path = g_ptr_array_index (files, i);
          g_autofree char *data = NULL;
          gsize length = 0;
          g_autoptr(GError) error = NULL;

          g_assert_true (g_file_get_contents (path, &data, &length, NULL));
          switch (sc_doc_kind_sniff (data, length))
            {
            case SC_DOC_TEXT:
              {
                ScText *text = sc_text_read_memory (data, length, path, &error);
                g_assert_no_error (error);
                g_ptr_array_add (library[l].texts, text);
                g_hash_table_insert (texts_by_id, text->id, text);
              }
              break;
            case SC_DOC_GUIDE:
              g_ptr_array_add (library[l].guides, sc_guide_read_memory (data, length, path, &error));
              g_assert_no_error (error);
              break;
            case SC_DOC_GLOSSARY:
              g_assert_null (library[l].glossary);
              library[l].glossary = sc_glossary_read_memory (data, length, path, &error);
              g_assert_no_error (error);
              break;
            case SC_DOC_TEI:
            case SC_DOC_PROGRESS:
            case SC_DOC_UNKNOWN:
            default:
              g_error ("%s: not a text, guide or glossary", path);
            }
        }
      g_assert_nonnull (library[l].glossary);
    }
}

static void
test_bundled_validates (void)
{
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autoptr(GPtrArray) files = xml_files (languages[l]);

      for (guint i = 0; i < files->len; i++)
        {
          g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
          gboolean valid = sc_validate_file (g_ptr_array_index (files, i), problems);

          for (guint p = 0; p < problems->len; p++)
            g_test_message ("%s", (const char *) g_ptr_array_index (problems, p));
          g_assert_true (valid);
        }
    }
}

static void
test_bundled_shape (void)
{
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_assert_cmpuint (library[l].texts->len, >=, 12);
      g_assert_cmpuint (library[l].glossary->entries->len, >=, 80);
      g_assert_cmpstr (library[l].glossary->lang, ==, languages[l]);

      for (guint i = 0; i < library[l].texts->len; i++)
        {
          ScText *text = g_ptr_array_index (library[l].texts, i);

          g_test_message ("%s: %u words, %u sections", text->id, text->word_count, sc_text_count_sections (text));
          g_assert_cmpstr (text->lang, ==, languages[l]);
          g_assert_cmpuint (text->word_count, >=, 1500);
          g_assert_cmpuint (text->word_count, <=, 4000);
          g_assert_cmpuint (text->sections->len, >=, 3);
          g_assert_nonnull (text->summary);
          g_assert_cmpint (text->level, !=, SC_LEVEL_UNKNOWN);
          for (guint s = 0; s < text->sections->len; s++)
            g_assert_nonnull (((ScSection *) g_ptr_array_index (text->sections, s))->heading);
        }
    }
}

static gboolean
lookup_cb (const char *text_id,
           const char *section_id,
           gpointer    user_data)
{
  const char *lang = user_data;
  ScText *text = g_hash_table_lookup (texts_by_id, text_id);

  return text != NULL && g_str_equal (text->lang, lang) &&
         (section_id == NULL || sc_text_find_section (text, section_id) != NULL);
}

/* Position of a section in document order. */
static int
section_position (ScText     *text,
                  const char *section_id)
{
  g_autoptr(GPtrArray) flat = sc_text_flatten (text);

  for (guint i = 0; i < flat->len; i++)
    if (g_str_equal (((ScSection *) g_ptr_array_index (flat, i))->id, section_id))
      return (int) i;
  return -1;
}

static void
test_bundled_guides_resolve (void)
{
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    for (guint g = 0; g < library[l].guides->len; g++)
      {
        ScGuide *guide = g_ptr_array_index (library[l].guides, g);
        g_autoptr(GPtrArray) problems = sc_guide_check_references (guide, lookup_cb, (gpointer) languages[l]);

        for (guint p = 0; p < problems->len; p++)
          g_test_message ("%s", (const char *) g_ptr_array_index (problems, p));
        g_assert_cmpuint (problems->len, ==, 0);
        g_assert_cmpstr (guide->lang, ==, languages[l]);

        for (guint s = 0; s < guide->sessions->len; s++)
          {
            ScGuideSession *session = g_ptr_array_index (guide->sessions, s);

            g_assert_cmpuint (g_strv_length (session->questions), >=, 1);
            for (guint r = 0; r < session->readings->len; r++)
              {
                ScReading *reading = g_ptr_array_index (session->readings, r);
                ScText *text;

                if (reading->text_id == NULL || reading->from == NULL || reading->to == NULL)
                  continue;
                text = g_hash_table_lookup (texts_by_id, reading->text_id);
                g_assert_cmpint (section_position (text, reading->from), <=,
                                 section_position (text, reading->to));
              }
            for (guint t = 0; session->terms[t] != NULL; t++)
              g_assert_nonnull (sc_glossary_lookup (library[l].glossary, session->terms[t]));
          }
      }
}

static void
test_bundled_new_member_guide (void)
{
  const char *ids[] = { "new-member-introduction", "introduccion-nuevos-miembros" };

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      ScGuide *found = NULL;

      for (guint g = 0; g < library[l].guides->len; g++)
        if (g_str_equal (((ScGuide *) g_ptr_array_index (library[l].guides, g))->id, ids[l]))
          found = g_ptr_array_index (library[l].guides, g);
      g_assert_nonnull (found);
      g_assert_cmpuint (found->sessions->len, ==, 8);
      for (guint s = 0; s < found->sessions->len; s++)
        {
          ScGuideSession *session = g_ptr_array_index (found->sessions, s);
          gboolean bundled = FALSE, external = FALSE;

          g_assert_cmpuint (g_strv_length (session->goals), >=, 1);
          g_assert_cmpuint (g_strv_length (session->questions), >=, 4);
          g_assert_cmpuint (g_strv_length (session->questions), <=, 6);
          g_assert_cmpuint (g_strv_length (session->terms), >=, 1);
          for (guint r = 0; r < session->readings->len; r++)
            {
              ScReading *reading = g_ptr_array_index (session->readings, r);

              if (reading->text_id != NULL)
                bundled |= reading->from != NULL;
              else
                external |= reading->minutes > 0 && reading->url != NULL;
            }
          g_assert_true (bundled);
          g_assert_true (external);
        }
    }
}

static void
test_bundled_glossary_resolves (void)
{
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autoptr(GPtrArray) problems = sc_glossary_check_references (library[l].glossary);

      g_assert_cmpuint (problems->len, ==, 0);
      /* Both glossaries define the same entries. */
      g_assert_cmpuint (library[l].glossary->entries->len, ==, library[0].glossary->entries->len);
      for (guint e = 0; e < library[0].glossary->entries->len; e++)
        {
          ScGlossaryEntry *entry = g_ptr_array_index (library[0].glossary->entries, e);
          g_assert_nonnull (sc_glossary_lookup (library[l].glossary, entry->id));
        }

      /* Every term a text marks is defined in its language's glossary. */
      for (guint i = 0; i < library[l].texts->len; i++)
        {
          ScText *text = g_ptr_array_index (library[l].texts, i);
          g_autoptr(GPtrArray) flat = sc_text_flatten (text);
          guint terms = 0;

          for (guint s = 0; s < flat->len; s++)
            {
              ScSection *section = g_ptr_array_index (flat, s);

              for (guint b = 0; b < section->blocks->len; b++)
                {
                  ScBlock *block = g_ptr_array_index (section->blocks, b);

                  for (guint p = 0; p < block->spans->len; p++)
                    {
                      ScSpan *span = g_ptr_array_index (block->spans, p);

                      if (span->kind != SC_SPAN_TERM)
                        continue;
                      terms++;
                      if (sc_glossary_lookup (library[l].glossary, span->target) == NULL)
                        g_error ("%s: term \"%s\" is not in the %s glossary", text->path, span->target, languages[l]);
                    }
                }
            }
          g_assert_cmpuint (terms, >=, 6);
        }
    }
}

static void
test_bundled_translations (void)
{
  /* Each Spanish text and guide translates an English one, and each English
   * one has exactly one translation. */
  g_autoptr(GHashTable) translated = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < library[1].texts->len; i++)
    {
      ScText *es = g_ptr_array_index (library[1].texts, i);
      ScText *en;
      g_autoptr(GPtrArray) flat_es = sc_text_flatten (es);
      g_autoptr(GPtrArray) flat_en = NULL;

      g_assert_nonnull (es->translation_of);
      en = g_hash_table_lookup (texts_by_id, es->translation_of);
      g_assert_nonnull (en);
      g_assert_cmpstr (en->lang, ==, "en");
      g_assert_true (g_hash_table_add (translated, en->id));

      /* Same sections, so guides point at the same places in both. */
      flat_en = sc_text_flatten (en);
      g_assert_cmpuint (flat_es->len, ==, flat_en->len);
      for (guint s = 0; s < flat_en->len; s++)
        g_assert_cmpstr (((ScSection *) g_ptr_array_index (flat_es, s))->id, ==,
                         ((ScSection *) g_ptr_array_index (flat_en, s))->id);
    }
  g_assert_cmpuint (g_hash_table_size (translated), ==, library[0].texts->len);

  g_hash_table_remove_all (translated);
  for (guint g = 0; g < library[1].guides->len; g++)
    {
      ScGuide *es = g_ptr_array_index (library[1].guides, g);
      ScGuide *en = NULL;

      g_assert_nonnull (es->translation_of);
      for (guint h = 0; h < library[0].guides->len; h++)
        if (g_str_equal (((ScGuide *) g_ptr_array_index (library[0].guides, h))->id, es->translation_of))
          en = g_ptr_array_index (library[0].guides, h);
      g_assert_nonnull (en);
      g_assert_cmpuint (es->sessions->len, ==, en->sessions->len);
      g_assert_true (g_hash_table_add (translated, en->id));
    }
  g_assert_cmpuint (g_hash_table_size (translated), ==, library[0].guides->len);
  g_assert_cmpuint (library[0].guides->len, >=, 3);
}

/* Search finds every marked term, as written, in the section that marks it. */
static void
test_bundled_terms_searchable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sc-test-bundled-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (tmp, "index.db", NULL);
  g_autoptr(ScLibrary) lib = sc_library_new ();
  g_autoptr(ScIndex) index = NULL;
  ScIndexStats stats;
  guint checked = 0;

  g_assert_no_error (error);
  sc_library_add_folder (lib, texts_dir, TRUE);
  index = sc_index_open (db_path, &error);
  g_assert_no_error (error);
  sc_index_stats_init (&stats);
  g_assert_true (sc_index_update (index, lib, NULL, NULL, NULL, &stats, &error));
  g_assert_cmpuint (stats.problems->len, ==, 0);
  g_assert_cmpuint (stats.warnings->len, ==, 0);
  sc_index_stats_clear (&stats);

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    for (guint i = 0; i < library[l].texts->len; i++)
      {
        ScText *text = g_ptr_array_index (library[l].texts, i);
        g_autoptr(GPtrArray) flat = sc_text_flatten (text);

        for (guint s = 0; s < flat->len; s++)
          {
            ScSection *section = g_ptr_array_index (flat, s);

            for (guint b = 0; b < section->blocks->len; b++)
              {
                ScBlock *block = g_ptr_array_index (section->blocks, b);

                for (guint p = 0; p < block->spans->len; p++)
                  {
                    ScSpan *span = g_ptr_array_index (block->spans, p);
                    g_autofree char *surface = NULL;
                    g_autofree char *phrase = NULL;
                    g_autoptr(GPtrArray) hits = NULL;
                    ScSearchOptions options = { .text_id = text->id, .limit = 200 };
                    gboolean found = FALSE;

                    if (span->kind != SC_SPAN_TERM)
                      continue;
                    surface = g_strndup (block->text + span->start, span->end - span->start);
                    phrase = g_strdup_printf ("\"%s\"", surface);
                    hits = sc_search (index, phrase, &options, NULL, &error);
                    g_assert_no_error (error);
                    for (guint h = 0; h < hits->len; h++)
                      found |= g_str_equal (((ScSearchHit *) g_ptr_array_index (hits, h))->section_id, section->id);
                    if (!found)
                      g_error ("%s: searching %s does not find section %s", text->id, phrase, section->id);
                    checked++;
                  }
              }
          }
      }
  g_test_message ("%u marked terms found by search", checked);
  g_assert_cmpuint (checked, >, 300);

  /* The example every member tries first, in both languages. */
  {
    g_autoptr(GPtrArray) strike = sc_search (index, "strike", &(ScSearchOptions) { .per_text = TRUE, .kind = "text" }, NULL, NULL);
    g_autoptr(GPtrArray) huelga = sc_search (index, "huelga", &(ScSearchOptions) { .per_text = TRUE, .kind = "text" }, NULL, NULL);

    g_assert_cmpstr (((ScSearchHit *) g_ptr_array_index (strike, 0))->doc_id, ==, "the-strike");
    g_assert_cmpstr (((ScSearchHit *) g_ptr_array_index (huelga, 0))->doc_id, ==, "la-huelga");
  }

  g_clear_pointer (&index, sc_index_close);
  sc_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  const char *datadir = g_getenv ("STUDYCIRCLE_DATADIR");
  int status;

  g_test_init (&argc, &argv, NULL);
  sc_xml_init ();

  g_assert_nonnull (datadir);
  texts_dir = g_build_filename (datadir, "texts", NULL);
  load_library ();

  g_test_add_func ("/bundled/validates", test_bundled_validates);
  g_test_add_func ("/bundled/shape", test_bundled_shape);
  g_test_add_func ("/bundled/guides-resolve", test_bundled_guides_resolve);
  g_test_add_func ("/bundled/new-member-guide", test_bundled_new_member_guide);
  g_test_add_func ("/bundled/glossary-resolves", test_bundled_glossary_resolves);
  g_test_add_func ("/bundled/translations", test_bundled_translations);
  g_test_add_func ("/bundled/terms-searchable", test_bundled_terms_searchable);

  status = g_test_run ();

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_ptr_array_unref (library[l].texts);
      g_ptr_array_unref (library[l].guides);
      sc_glossary_free (library[l].glossary);
    }
  g_hash_table_unref (texts_by_id);
  g_free (texts_dir);
  return status;
}
