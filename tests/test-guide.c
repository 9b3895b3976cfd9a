/* test-guide.c: study guides, glossaries and validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sc-error.h"
#include "sc-guide.h"
#include "sc-text.h"
#include "sc-validate.h"

static char *
fixture (const char *area,
         const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", area, name, NULL);
}

/* Compares @problems with @expected, each "LINE: message" about @path. */
static void
assert_problems (GPtrArray          *problems,
                 const char         *path,
                 const char * const *expected)
{
  guint n_expected = g_strv_length ((char **) expected);

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("got: %s", (const char *) g_ptr_array_index (problems, i));

  g_assert_cmpuint (problems->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      g_autofree char *want = g_strdup_printf ("%s:%s", path, expected[i]);

      g_assert_cmpstr (g_ptr_array_index (problems, i), ==, want);
    }
}

static void
assert_error_at (const GError *error,
                 int           code,
                 const char   *path,
                 const char   *line_and_message)
{
  g_autofree char *want = g_strdup_printf ("%s:%s", path, line_and_message);

  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, want);
  g_assert_error (error, SC_ERROR, code);
}

/* ===== Guides ============================================================= */

static void
test_guide_read (void)
{
  g_autofree char *path = fixture ("guides", "guide-valid.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScGuide) guide = NULL;
  ScGuideSession *session;
  ScReading *reading;

  guide = sc_guide_read_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (guide);

  g_assert_cmpstr (guide->id, ==, "fixture-guide");
  g_assert_cmpstr (guide->path, ==, path);
  g_assert_cmpstr (guide->lang, ==, "en");
  g_assert_cmpstr (guide->title, ==, "Fixture Guide");
  g_assert_cmpuint (g_strv_length (guide->authors), ==, 2);
  g_assert_cmpstr (guide->authors[0], ==, "First Author");
  g_assert_cmpstr (guide->authors[1], ==, "Second Author");
  g_assert_cmpstr (guide->audience, ==, "Test readers");
  g_assert_cmpstr (guide->summary, ==, "A guide for the tests.");
  g_assert_null (guide->translation_of);
  g_assert_cmpuint (guide->weeks, ==, 3);
  g_assert_cmpuint (guide->sessions->len, ==, 3);

  session = g_ptr_array_index (guide->sessions, 0);
  g_assert_cmpstr (session->id, ==, "session-1");
  g_assert_cmpuint (session->number, ==, 1);
  g_assert_cmpuint (session->line, ==, 13);
  g_assert_cmpstr (session->title, ==, "Wages and profit");
  g_assert_cmpuint (g_strv_length (session->goals), ==, 2);
  g_assert_cmpstr (session->goals[1], ==, "Understand profit.");
  g_assert_cmpuint (g_strv_length (session->questions), ==, 1);
  g_assert_cmpstr (session->questions[0], ==, "Who decides the wage?");
  g_assert_cmpuint (g_strv_length (session->terms), ==, 2);
  g_assert_cmpstr (session->terms[0], ==, "wages");
  g_assert_cmpstr (session->terms[1], ==, "profit");
  g_assert_cmpuint (g_strv_length (session->activities), ==, 1);
  g_assert_cmpuint (session->readings->len, ==, 2);

  reading = g_ptr_array_index (session->readings, 0);
  g_assert_cmpstr (reading->text_id, ==, "fixture-text");
  g_assert_cmpstr (reading->from, ==, "wages");
  g_assert_cmpstr (reading->to, ==, "profit");
  g_assert_null (reading->title);
  g_assert_null (reading->note);
  g_assert_cmpuint (reading->minutes, ==, 20);
  g_assert_cmpuint (reading->line, ==, 17);

  reading = g_ptr_array_index (session->readings, 1);
  g_assert_null (reading->text_id);
  g_assert_cmpstr (reading->title, ==, "Wage Labour and Capital");
  g_assert_cmpstr (reading->author, ==, "Karl Marx");
  g_assert_cmpstr (reading->year, ==, "1849");
  g_assert_cmpstr (reading->url, ==, "https://example.org/wage-labour");
  g_assert_cmpstr (reading->note, ==, "Sections I–III.");
  g_assert_cmpuint (reading->minutes, ==, 45);
  /* A start tag over two lines: libxml2 records the line where it ends. */
  g_assert_cmpuint (reading->line, ==, 19);

  session = g_ptr_array_index (guide->sessions, 1);
  g_assert_cmpuint (session->number, ==, 2);
  g_assert_cmpuint (session->line, ==, 25);
  g_assert_cmpuint (g_strv_length (session->goals), ==, 0);
  g_assert_cmpuint (g_strv_length (session->terms), ==, 0);
  g_assert_cmpuint (g_strv_length (session->questions), ==, 2);
  reading = g_ptr_array_index (session->readings, 0);
  g_assert_cmpstr (reading->from, ==, "profit");
  g_assert_null (reading->to);
  g_assert_cmpuint (reading->minutes, ==, 0);

  session = g_ptr_array_index (guide->sessions, 2);
  g_assert_cmpstr (session->id, ==, "1");
  g_assert_cmpuint (session->number, ==, 3);
  g_assert_cmpuint (session->line, ==, 33);
}

static void
test_guide_read_memory (void)
{
  g_autofree char *path = fixture ("guides", "guide-valid.xml");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScGuide) guide = NULL;
  const char *cut = "<guide id=\"g\" lang=\"en\">\n<meta>";
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  guide = sc_guide_read_memory (contents, length, "memory/guide.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guide->path, ==, "memory/guide.xml");
  g_assert_cmpuint (guide->sessions->len, ==, 3);
  g_clear_pointer (&guide, sc_guide_free);

  guide = sc_guide_read_memory (cut, strlen (cut), "memory/cut.xml", &error);
  g_assert_null (guide);
  g_assert_error (error, SC_ERROR, SC_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "memory/cut.xml:2: "));
  g_clear_error (&error);

  guide = sc_guide_read_memory ("", 0, "memory/empty.xml", &error);
  g_assert_null (guide);
  g_assert_error (error, SC_ERROR, SC_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "memory/empty.xml:1: "));
}

static const struct {
  const char *file;
  int         code;
  const char *error;   /* "LINE: message" */
} guide_errors[] = {
  { "guide-wrong-root.xml", SC_ERROR_INVALID,
    "4: not a study guide: the root element is <glossary>, not <guide>" },
  { "guide-no-id.xml", SC_ERROR_INVALID, "3: <guide> has no id attribute" },
  { "guide-no-title.xml", SC_ERROR_INVALID, "4: the guide's <meta> has no <title>" },
  { "guide-session-no-id.xml", SC_ERROR_INVALID, "7: <session> 2 has no id attribute" },
  { "guide-reading-neither.xml", SC_ERROR_INVALID,
    "8: a <reading> needs text=\"\" (a library text) or title=\"\" (an outside work)" },
  { "guide-bad-minutes.xml", SC_ERROR_INVALID,
    "7: minutes must be a whole number of 1 or more, not \"twenty\"" },
  { "guide-duplicate-session.xml", SC_ERROR_DUPLICATE,
    "7: session id \"week-1\" is used twice (first on line 5)" },
  { "guide-malformed.xml", SC_ERROR_PARSE,
    "6: Opening and ending tag mismatch: title line 6 and titel" },
  { "glossary-valid.xml", SC_ERROR_INVALID,
    "3: not a study guide: the root element is <glossary>, not <guide>" },
};

static void
test_guide_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (guide_errors); i++)
    {
      g_autofree char *path = fixture ("guides", guide_errors[i].file);
      g_autoptr(GError) error = NULL;
      g_autoptr(ScGuide) guide = NULL;

      g_test_message ("%s", guide_errors[i].file);
      guide = sc_guide_read_file (path, &error);
      g_assert_null (guide);
      assert_error_at (error, guide_errors[i].code, path, guide_errors[i].error);
    }
}

static void
test_guide_missing_file (void)
{
  g_autofree char *path = fixture ("guides", "no-such-guide.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScGuide) guide = NULL;
  g_autofree char *prefix = g_strdup_printf ("%s:1: ", path);

  guide = sc_guide_read_file (path, &error);
  g_assert_null (guide);
  g_assert_error (error, SC_ERROR, SC_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, prefix));
}

static void
test_guide_find_session (void)
{
  g_autofree char *path = fixture ("guides", "guide-valid.xml");
  g_autoptr(ScGuide) guide = sc_guide_read_file (path, NULL);
  const char *not_found[] = {
    "0", "4", "", "session-9", "-1", "2x", " 2", "+2", "99999999999999999999",
  };
  ScGuideSession *session;

  g_assert_nonnull (guide);

  session = sc_guide_find_session (guide, "session-2");
  g_assert_nonnull (session);
  g_assert_cmpuint (session->number, ==, 2);

  session = sc_guide_find_session (guide, "2");
  g_assert_nonnull (session);
  g_assert_cmpstr (session->id, ==, "session-2");

  session = sc_guide_find_session (guide, "3");
  g_assert_nonnull (session);
  g_assert_cmpstr (session->id, ==, "1");

  /* The third session's id is "1": an id wins over a number. */
  session = sc_guide_find_session (guide, "1");
  g_assert_nonnull (session);
  g_assert_cmpuint (session->number, ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (not_found); i++)
    g_assert_null (sc_guide_find_session (guide, not_found[i]));
}

/* A small library for reference checks: texts and their section ids. */
static const char * const library[][4] = {
  { "fixture-text", "wages", "profit", NULL },
  { "other-text", "intro", NULL, NULL },
};

static gboolean
lookup_in_table (const char *text_id,
                 const char *section_id,
                 gpointer    user_data)
{
  guint *calls = user_data;

  (*calls)++;
  for (guint i = 0; i < G_N_ELEMENTS (library); i++)
    {
      if (strcmp (library[i][0], text_id) != 0)
        continue;
      if (section_id == NULL)
        return TRUE;
      for (guint j = 1; library[i][j] != NULL; j++)
        if (strcmp (library[i][j], section_id) == 0)
          return TRUE;
      return FALSE;
    }
  return FALSE;
}

static void
test_guide_check_references (void)
{
  g_autofree char *path = fixture ("guides", "guide-valid.xml");
  g_autoptr(ScGuide) guide = sc_guide_read_file (path, NULL);
  const char * const expected[] = {
    "28: reading names text \"missing-text\" that is not in the library",
    "29: reading names section \"no-such-section\" that text \"fixture-text\" does not have",
    NULL,
  };
  /* In document order: session 1 (2 readings), 2 (3), 3 (1). */
  const gboolean in_library[] = { TRUE, FALSE, TRUE, FALSE, FALSE, TRUE };
  guint n = 0;
  guint calls = 0;

  g_assert_nonnull (guide);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) problems = sc_guide_check_references (guide, lookup_in_table, &calls);

      assert_problems (problems, path, expected);

      n = 0;
      for (guint i = 0; i < guide->sessions->len; i++)
        {
          ScGuideSession *session = g_ptr_array_index (guide->sessions, i);

          /* Readings that name what the library lacks are kept. */
          for (guint j = 0; j < session->readings->len; j++, n++)
            {
              ScReading *reading = g_ptr_array_index (session->readings, j);

              g_assert_cmpuint (n, <, G_N_ELEMENTS (in_library));
              g_assert_cmpint (reading->in_library, ==, in_library[n]);
            }
        }
      g_assert_cmpuint (n, ==, G_N_ELEMENTS (in_library));
    }

  /* Per round: 5 texts looked up, then sections wages and profit, profit,
   * wages and no-such-section; the outside work is never looked up. */
  g_assert_cmpuint (calls, ==, 2 * (5 + 5));
}

/* ===== Glossaries ========================================================= */

static void
test_glossary_read (void)
{
  g_autofree char *path = fixture ("guides", "glossary-valid.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScGlossary) glossary = NULL;
  ScGlossaryEntry *entry;

  glossary = sc_glossary_read_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (glossary);

  /* No id attribute: named after its language. */
  g_assert_cmpstr (glossary->id, ==, "glossary-en");
  g_assert_cmpstr (glossary->lang, ==, "en");
  g_assert_cmpstr (glossary->path, ==, path);
  g_assert_cmpuint (glossary->entries->len, ==, 3);

  entry = g_ptr_array_index (glossary->entries, 0);
  g_assert_cmpstr (entry->id, ==, "wages");
  g_assert_cmpstr (entry->term, ==, "wages");
  g_assert_cmpstr (entry->definition, ==, "What an employer pays for labor power.");
  g_assert_cmpuint (entry->line, ==, 4);
  g_assert_cmpuint (g_strv_length (entry->see), ==, 2);
  g_assert_cmpstr (entry->see[0], ==, "profit");
  g_assert_cmpstr (entry->see[1], ==, "labor-power");
  g_assert_cmpuint (entry->see_lines[0], ==, 8);
  g_assert_cmpuint (entry->see_lines[1], ==, 9);

  entry = g_ptr_array_index (glossary->entries, 2);
  g_assert_cmpstr (entry->id, ==, "strike");
  g_assert_cmpuint (entry->line, ==, 16);
  g_assert_cmpuint (g_strv_length (entry->see), ==, 0);

  g_assert_true (sc_glossary_lookup (glossary, "profit") ==
                 g_ptr_array_index (glossary->entries, 1));
  g_assert_true (sc_glossary_lookup (glossary, "strike") == entry);
  g_assert_null (sc_glossary_lookup (glossary, "labor-power"));
  g_assert_null (sc_glossary_lookup (glossary, ""));
}

static void
test_glossary_read_memory (void)
{
  const char *data = "<glossary id=\"glossary-main\" lang=\"es\">\n"
                     "  <entry id=\"huelga\"><term>huelga</term>"
                     "<definition>Paro.</definition></entry>\n"
                     "</glossary>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(ScGlossary) glossary = NULL;

  glossary = sc_glossary_read_memory (data, strlen (data), "memory/glosario.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (glossary->id, ==, "glossary-main");
  g_assert_cmpstr (glossary->lang, ==, "es");
  g_assert_cmpstr (glossary->path, ==, "memory/glosario.xml");
  g_assert_cmpuint (glossary->entries->len, ==, 1);
  g_assert_cmpuint (sc_glossary_lookup (glossary, "huelga")->line, ==, 2);
}

static const struct {
  const char *file;
  int         code;
  const char *error;
} glossary_errors[] = {
  { "glossary-wrong-root.xml", SC_ERROR_INVALID,
    "3: not a glossary: the root element is <glossary> in namespace "
    "http://www.tei-c.org/ns/1.0, not <glossary>" },
  { "glossary-no-lang.xml", SC_ERROR_INVALID, "4: <glossary> has no lang attribute" },
  { "glossary-entry-no-term.xml", SC_ERROR_INVALID, "5: entry \"profit\" has no <term>" },
  { "glossary-duplicate-entry.xml", SC_ERROR_DUPLICATE,
    "8: entry id \"wages\" is used twice (first on line 4)" },
  { "glossary-see-no-ref.xml", SC_ERROR_INVALID, "7: <see> has no ref attribute" },
  { "guide-valid.xml", SC_ERROR_INVALID,
    "3: not a glossary: the root element is <guide>, not <glossary>" },
};

static void
test_glossary_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (glossary_errors); i++)
    {
      g_autofree char *path = fixture ("guides", glossary_errors[i].file);
      g_autoptr(GError) error = NULL;
      g_autoptr(ScGlossary) glossary = NULL;

      g_test_message ("%s", glossary_errors[i].file);
      glossary = sc_glossary_read_file (path, &error);
      g_assert_null (glossary);
      assert_error_at (error, glossary_errors[i].code, path, glossary_errors[i].error);
    }
}

static void
test_glossary_check_references (void)
{
  g_autofree char *path = fixture ("guides", "glossary-valid.xml");
  g_autoptr(ScGlossary) glossary = sc_glossary_read_file (path, NULL);
  g_autoptr(GPtrArray) problems = NULL;
  const char * const expected[] = {
    "9: entry \"wages\" sees entry \"labor-power\" that is not in the glossary",
    NULL,
  };

  g_assert_nonnull (glossary);
  problems = sc_glossary_check_references (glossary);
  assert_problems (problems, path, expected);
}

/* ===== Validation ========================================================= */

static void
test_validate_valid (void)
{
  const char *files[][2] = {
    { "validate", "text-valid.xml" },
    { "guides", "guide-valid.xml" },
    { "guides", "glossary-valid.xml" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = fixture (files[i][0], files[i][1]);
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

      g_test_message ("%s", path);
      g_assert_true (sc_validate_file (path, problems));
      g_assert_cmpuint (problems->len, ==, 0);
      g_assert_true (sc_validate_file (path, NULL));
    }
}

typedef struct {
  const char *file;
  const char *problems[12];   /* "LINE: message", NULL-terminated */
} Expectation;

static const Expectation validate_expectations[] = {
  { "guide-missing-attributes.xml", {
      "3: element <guide> has no id attribute",
      "3: element <guide> has no version attribute",
      "8: element <session> has no id attribute",
      "10: a <reading> needs text=\"\" (a library text) or title=\"\" (an outside work)",
      "11: element <term> has no ref attribute",
      NULL } },
  { "guide-unknown-element.xml", {
      "7: element <audiense> is not allowed here in <meta> (misspelt, misplaced or out of order?)",
      "11: element <questoin> is not allowed here in <session> "
      "(misspelt, misplaced or out of order?)",
      NULL } },
  { "text-bad-level.xml", {
      "7: element <level> must be introductory, intermediate or advanced, not \"beginner\"",
      NULL } },
  { "guide-reading-both.xml", {
      "11: a <reading> names a library text (text=\"\") or an outside work (title=\"\"), not both",
      NULL } },
  { "text-duplicate-sections.xml", {
      "15: section id \"two\" is used twice (first on line 11)",
      "17: section id \"one\" is used twice (first on line 9)",
      NULL } },
  { "guide-duplicate-sessions.xml", {
      "10: session id \"week-1\" is used twice (first on line 8)",
      "11: session id \"week-1\" is used twice (first on line 8)",
      NULL } },
  { "glossary-duplicate-entries.xml", {
      "6: entry id \"wages\" is used twice (first on line 4)",
      NULL } },
  { "malformed.xml", {
      "6: xmlParseEntityRef: no name",
      NULL } },
  { "unknown-root.xml", {
      "4: unknown document type <book>",
      NULL } },
  { "several-problems.xml", {
      "4: attribute id of <guide> must be an id (lowercase letters a-z, digits and \"-\"), "
      "not \"Several_Problems\"",
      "4: attribute version of <guide> must be \"1\", not \"2\"",
      "8: element <weeks> must be a whole number of 1 or more, not \"0\"",
      "12: attribute minutes of <reading> must be a whole number of 1 or more, not \"-5\"",
      "16: attribute lang is not allowed on <term>",
      "19: element <goal> is not allowed here in <session> (misspelt, misplaced or out of order?)",
      "23: element <term> may not contain text",
      "25: session id \"s1\" is used twice (first on line 10)",
      "27: attribute from is for a reading of a library text (text=\"\"), not of an outside work",
      NULL } },
};

static void
test_validate_problems (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (validate_expectations); i++)
    {
      const Expectation *expectation = &validate_expectations[i];
      g_autofree char *path = fixture ("validate", expectation->file);
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

      g_test_message ("%s", expectation->file);
      g_assert_false (sc_validate_file (path, problems));
      assert_problems (problems, path, expectation->problems);
      g_assert_false (sc_validate_file (path, NULL));
    }
}

static void
test_validate_memory (void)
{
  const char *guide = "<guide id=\"g\" lang=\"en\" version=\"1\">\n"
                      "  <meta><title>T</title><author>A</author></meta>\n"
                      "  <session id=\"s\"><title>S</title><reading/></session>\n"
                      "</guide>\n";
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  /* Problems are appended to what the caller already has. */
  g_ptr_array_add (problems, g_strdup ("earlier"));
  g_assert_false (sc_validate_memory (guide, strlen (guide), "in memory", problems));
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, "earlier");
  g_assert_cmpstr (g_ptr_array_index (problems, 1), ==,
                   "in memory:3: a <reading> needs text=\"\" (a library text) or title=\"\" "
                   "(an outside work)");

  g_assert_false (sc_validate_memory ("", 0, "empty", problems));
  g_assert_cmpuint (problems->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (problems, 2), ==, "empty:1: the file is empty");

  /* Study exchange files are checked against progress.rng: a bare
   * <progress/> lacks what every progress file carries. */
  g_assert_false (sc_validate_memory ("<progress/>", 11, "progress.xml", problems));
  g_assert_cmpuint (problems->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (problems, 3), ==,
                   "progress.xml:1: element <progress> has no version attribute");
  g_assert_cmpstr (g_ptr_array_index (problems, 4), ==,
                   "progress.xml:1: element <progress> has no exported attribute");
}

/* Lines past 65535 are right: libxml2 keeps them only in the nodes. */
static void
test_validate_big_lines (void)
{
  g_autoptr(GString) guide = g_string_new ("<guide id=\"g\" lang=\"en\" version=\"1\">\n"
                                           "<meta><title>T</title><author>A</author></meta>\n"
                                           "<session id=\"s\"><title>S</title>\n");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  for (guint line = 4; line < 70000; line++)
    g_string_append_c (guide, '\n');
  g_string_append (guide, "<questoin>?</questoin></session>\n"
                          "<session id=\"s\"><title>Again</title></session>\n"
                          "</guide>\n");

  g_assert_false (sc_validate_memory (guide->str, guide->len, "big.xml", problems));
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==,
                   "big.xml:70000: element <questoin> is not allowed here in <session> "
                   "(misspelt, misplaced or out of order?)");
  g_assert_cmpstr (g_ptr_array_index (problems, 1), ==,
                   "big.xml:70001: session id \"s\" is used twice (first on line 3)");
}

static void
test_validate_missing_file (void)
{
  g_autofree char *path = fixture ("validate", "no-such-file.xml");
  g_autofree char *prefix = g_strdup_printf ("%s:1: ", path);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  g_assert_false (sc_validate_file (path, problems));
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 0), prefix));
}

static void
test_validate_tei (void)
{
  g_autofree char *good = fixture ("validate", "tei-minimal.xml");
  g_autofree char *bad = fixture ("validate", "tei-broken.xml");
  g_autofree char *prefix = g_strdup_printf ("%s:", bad);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  const char *malformed = "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n<teiHeader>\n</TEI>\n";

  /* TEI is valid when the text reader reads it, and its error is the
   * problem reported. */
  g_assert_true (sc_validate_file (good, problems));
  g_assert_cmpuint (problems->len, ==, 0);

  g_assert_false (sc_validate_file (bad, problems));
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 0), prefix));

  /* Malformed TEI is reported by the text reader, once. */
  g_assert_false (sc_validate_memory (malformed, strlen (malformed), "malformed-tei.xml",
                                      problems));
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 1), "malformed-tei.xml:3: "));
}

static const struct {
  const char *data;
  ScDocKind   kind;
} sniff_cases[] = {
  { "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a comment -->\n<text id=\"a\"/>",
    SC_DOC_TEXT },
  { "<guide/>", SC_DOC_GUIDE },
  { "\xef\xbb\xbf<glossary lang=\"en\">", SC_DOC_GLOSSARY },
  { "<progress>", SC_DOC_PROGRESS },
  { "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader/></TEI>", SC_DOC_TEI },
  { "<tei:TEI xmlns:tei=\"http://www.tei-c.org/ns/1.0\">", SC_DOC_TEI },
  { "<TEI><teiHeader>", SC_DOC_TEI },
  /* A DTD is neither loaded nor needed to see the root. */
  { "<!DOCTYPE guide SYSTEM \"http://example.org/guide.dtd\">\n<guide/>", SC_DOC_GUIDE },
  /* The root decides, however broken the rest. */
  { "<text id=\"a\"><meta><title>unclosed", SC_DOC_TEXT },
  { "<text xmlns=\"http://www.tei-c.org/ns/1.0\"/>", SC_DOC_UNKNOWN },
  { "<guide xmlns=\"urn:example\"/>", SC_DOC_UNKNOWN },
  { "<TEI xmlns=\"urn:example\"/>", SC_DOC_UNKNOWN },
  { "<html><body/></html>", SC_DOC_UNKNOWN },
  { "<Guide/>", SC_DOC_UNKNOWN },
  { "plain text, not XML", SC_DOC_UNKNOWN },
  { "<?xml version=\"1.0\"?>", SC_DOC_UNKNOWN },
  { "", SC_DOC_UNKNOWN },
};

static void
test_validate_sniff (void)
{
  g_autoptr(GString) big = g_string_new ("<guide id=\"g\">");

  for (guint i = 0; i < G_N_ELEMENTS (sniff_cases); i++)
    {
      g_test_message ("sniff case %u", i);
      g_assert_cmpint (sc_doc_kind_sniff (sniff_cases[i].data, strlen (sniff_cases[i].data)), ==,
                       sniff_cases[i].kind);
    }

  /* Only the start matters: 8 MiB of broken markup after the root. */
  while (big->len < 8 * 1024 * 1024)
    g_string_append (big, "<<<&&&");
  g_assert_cmpint (sc_doc_kind_sniff (big->str, big->len), ==, SC_DOC_GUIDE);

  g_assert_cmpstr (sc_doc_kind_to_string (SC_DOC_UNKNOWN), ==, "unknown");
  g_assert_cmpstr (sc_doc_kind_to_string (SC_DOC_TEXT), ==, "text");
  g_assert_cmpstr (sc_doc_kind_to_string (SC_DOC_TEI), ==, "tei");
  g_assert_cmpstr (sc_doc_kind_to_string (SC_DOC_GUIDE), ==, "guide");
  g_assert_cmpstr (sc_doc_kind_to_string (SC_DOC_GLOSSARY), ==, "glossary");
  g_assert_cmpstr (sc_doc_kind_to_string (SC_DOC_PROGRESS), ==, "progress");
}

/* Several threads validate at once: each schema is compiled once, and every
 * thread gets the same answers as a lone caller. */
static gpointer
validate_fixtures_thread (gpointer user_data)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (g_free);

  for (guint round = 0; round < 5; round++)
    for (guint i = 0; i < G_N_ELEMENTS (validate_expectations); i++)
      {
        g_autofree char *path = fixture ("validate", validate_expectations[i].file);

        sc_validate_file (path, all);
      }

  return all;
}

static void
test_validate_threads (void)
{
  GThread *threads[4];
  g_autoptr(GPtrArray) alone = validate_fixtures_thread (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("validate", validate_fixtures_thread, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autoptr(GPtrArray) got = g_thread_join (threads[i]);

      g_assert_cmpuint (got->len, ==, alone->len);
      for (guint j = 0; j < got->len; j++)
        g_assert_cmpstr (g_ptr_array_index (got, j), ==, g_ptr_array_index (alone, j));
    }
}

/* The examples that data/texts/README.md shows content authors must be
 * valid: the schemas accept what the documentation teaches. */
static void
test_validate_readme_examples (void)
{
  const char *datadir = g_getenv ("STUDYCIRCLE_DATADIR");
  g_autofree char *readme = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) parts = NULL;
  guint kinds_seen = 0;

  if (datadir == NULL)
    {
      g_test_skip ("STUDYCIRCLE_DATADIR is not set");
      return;
    }

  readme = g_build_filename (datadir, "texts", "README.md", NULL);
  g_assert_true (g_file_get_contents (readme, &contents, NULL, NULL));

  /* Every "```xml" fence opens an example that the next "```" closes. */
  parts = g_strsplit (contents, "```xml\n", -1);
  for (guint i = 1; parts[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *name = g_strdup_printf ("README.md example %u", i);
      const char *end = strstr (parts[i], "```");
      gsize length;

      g_assert_nonnull (end);
      length = end - parts[i];
      kinds_seen |= 1u << sc_doc_kind_sniff (parts[i], length);
      if (!sc_validate_memory (parts[i], length, name, problems))
        for (guint j = 0; j < problems->len; j++)
          g_test_message ("%s", (const char *) g_ptr_array_index (problems, j));
      g_assert_cmpuint (problems->len, ==, 0);
    }

  g_assert_cmpuint (kinds_seen, ==,
                    (1u << SC_DOC_TEXT) | (1u << SC_DOC_GUIDE) | (1u << SC_DOC_GLOSSARY));
}

/* ===== The bundled library (informational while it is being written) ===== */

static void
collect_xml_files (const char *dir,
                   GPtrArray  *files,
                   guint       depth)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL || depth > 8)
    return;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_xml_files (path, files, depth + 1);
      else if (g_str_has_suffix (name, ".xml"))
        g_ptr_array_add (files, g_steal_pointer (&path));
    }
}

static gboolean
lookup_in_texts (const char *text_id,
                 const char *section_id,
                 gpointer    user_data)
{
  GHashTable *texts = user_data;
  ScText *text = g_hash_table_lookup (texts, text_id);

  return text != NULL && (section_id == NULL || sc_text_find_section (text, section_id) != NULL);
}

static void
report_all (GPtrArray *problems,
            guint     *count)
{
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (problems, i));
  *count += problems->len;
}

static void
test_bundled_library (void)
{
  const char *datadir = g_getenv ("STUDYCIRCLE_DATADIR");
  g_autofree char *texts_dir = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) guides = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_guide_free);
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       (GDestroyNotify) sc_text_free);
  guint count = 0;

  if (datadir == NULL)
    {
      g_test_skip ("STUDYCIRCLE_DATADIR is not set");
      return;
    }

  texts_dir = g_build_filename (datadir, "texts", NULL);
  collect_xml_files (texts_dir, files, 0);
  if (files->len == 0)
    {
      g_test_skip ("no bundled texts yet");
      return;
    }

  /* Content authors are writing these files now: their problems are listed,
   * not yet asserted. */
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *contents = NULL;
      gsize length = 0;

      sc_validate_file (path, problems);
      report_all (problems, &count);

      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;

      switch (sc_doc_kind_sniff (contents, length))
        {
        case SC_DOC_TEXT:
        case SC_DOC_TEI:
          {
            ScText *text = sc_text_read_file (path, NULL);

            if (text != NULL && !g_hash_table_contains (texts, text->id))
              g_hash_table_insert (texts, text->id, text);
            else
              sc_text_free (text);
          }
          break;

        case SC_DOC_GUIDE:
          {
            ScGuide *guide = sc_guide_read_file (path, NULL);

            if (guide != NULL)
              g_ptr_array_add (guides, guide);
          }
          break;

        case SC_DOC_GLOSSARY:
          {
            g_autoptr(ScGlossary) glossary = sc_glossary_read_file (path, NULL);
            g_autoptr(GPtrArray) see_problems = NULL;

            if (glossary == NULL)
              break;
            see_problems = sc_glossary_check_references (glossary);
            report_all (see_problems, &count);
          }
          break;

        case SC_DOC_UNKNOWN:
        case SC_DOC_PROGRESS:
        default:
          break;
        }
    }

  for (guint i = 0; i < guides->len; i++)
    {
      g_autoptr(GPtrArray) problems = sc_guide_check_references (g_ptr_array_index (guides, i),
                                                                 lookup_in_texts, texts);

      report_all (problems, &count);
    }

  g_test_message ("bundled library: %u files, %u texts, %u guides, %u problems",
                  files->len, g_hash_table_size (texts), guides->len, count);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/guide/read", test_guide_read);
  g_test_add_func ("/guide/read-memory", test_guide_read_memory);
  g_test_add_func ("/guide/errors", test_guide_errors);
  g_test_add_func ("/guide/missing-file", test_guide_missing_file);
  g_test_add_func ("/guide/find-session", test_guide_find_session);
  g_test_add_func ("/guide/check-references", test_guide_check_references);
  g_test_add_func ("/glossary/read", test_glossary_read);
  g_test_add_func ("/glossary/read-memory", test_glossary_read_memory);
  g_test_add_func ("/glossary/errors", test_glossary_errors);
  g_test_add_func ("/glossary/check-references", test_glossary_check_references);
  g_test_add_func ("/validate/valid", test_validate_valid);
  g_test_add_func ("/validate/problems", test_validate_problems);
  g_test_add_func ("/validate/memory", test_validate_memory);
  g_test_add_func ("/validate/big-lines", test_validate_big_lines);
  g_test_add_func ("/validate/missing-file", test_validate_missing_file);
  g_test_add_func ("/validate/tei", test_validate_tei);
  g_test_add_func ("/validate/sniff", test_validate_sniff);
  g_test_add_func ("/validate/threads", test_validate_threads);
  g_test_add_func ("/validate/readme-examples", test_validate_readme_examples);
  g_test_add_func ("/validate/bundled-library", test_bundled_library);

  return g_test_run ();
}
