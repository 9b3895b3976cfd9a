/* test-study-report.c: the roster table and the handout, from a real store
 * and a real index of the fixture library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libxml/HTMLparser.h>

#include "sc-error.h"
#include "sc-study-report.h"
#include "sc-test-util.h"

typedef struct {
  char                 *tmp;
  ScStudyStore         *store;
  ScIndex              *index;
  ScStudyReportSources  sources;
  char                 *group_id;
  char                 *ana;
  char                 *ben;
  char                 *script;
  char                 *formula;
  char                 *ben_assignment;
} Fixture;

static char *
add_member (Fixture    *f,
            const char *name)
{
  g_autoptr(ScMember) member = sc_study_member_new (name);
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_study_store_add_member (f->store, f->group_id, member, &error));
  g_assert_no_error (error);
  return g_strdup (member->id);
}

static void
set_progress (Fixture         *f,
              const char      *member_id,
              const char      *key,
              ScReadingStatus  status)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_study_store_set_progress (f->store, f->group_id, member_id, key, status,
                                              NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
set_attendance (Fixture      *f,
                const char   *member_id,
                guint         session,
                ScAttendance  attendance,
                gboolean      questions)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_study_store_set_attendance (f->store, f->group_id, member_id, session,
                                                attendance, questions, &error));
  g_assert_no_error (error);
}

static char *
add_assignment (Fixture    *f,
                const char *member_id,
                const char *text_id,
                const char *from,
                guint       due_session)
{
  g_autoptr(ScAssignment) assignment = sc_study_assignment_new (f->group_id, text_id);
  g_autoptr(GError) error = NULL;

  assignment->member_id = g_strdup (member_id);
  assignment->from = g_strdup (from);
  assignment->due_session = due_session;
  g_assert_true (sc_study_store_add_assignment (f->store, assignment, &error));
  g_assert_no_error (error);
  return g_strdup (assignment->id);
}

/* The fixture guide has two sessions: one reading in the first, three in
 * the second (one in the library, one whose text is missing, one outside
 * work). Assignments add one reading for everyone at session 1 and one for
 * Ben at session 2. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *library_dir = g_test_build_filename (G_TEST_DIST, "fixtures", "library", NULL);
  g_autofree char *index_path = NULL;
  g_autofree char *store_path = NULL;
  g_autoptr(ScLibrary) library = sc_library_new ();
  g_autoptr(ScGroup) group = sc_study_group_new ("Tuesday <b>group</b>");
  g_autoptr(GError) error = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *everyone = NULL;
  ScIndexStats stats;

  f->tmp = g_dir_make_tmp ("sc-test-report-XXXXXX", &error);
  g_assert_no_error (error);

  index_path = g_build_filename (f->tmp, "index.db", NULL);
  f->index = sc_index_open (index_path, &error);
  g_assert_no_error (error);
  sc_library_add_folder (library, library_dir, TRUE);
  sc_index_stats_init (&stats);
  g_assert_true (sc_index_update (f->index, library, NULL, NULL, NULL, &stats, &error));
  g_assert_no_error (error);
  sc_index_stats_clear (&stats);

  store_path = g_build_filename (f->tmp, "study.db", NULL);
  f->store = sc_study_store_open (store_path, &error);
  g_assert_no_error (error);

  group->branch = g_strdup ("Local 12");
  group->guide_id = g_strdup ("fixture-guide");
  group->start_date = g_strdup ("2024-03-05");
  group->cadence = SC_CADENCE_WEEKLY;
  group->status = SC_GROUP_ACTIVE;
  g_assert_true (sc_study_store_save_group (f->store, group, &error));
  g_assert_no_error (error);
  f->group_id = g_strdup (group->id);

  f->ana = add_member (f, "Ana, the \"reader\"");
  f->ben = add_member (f, "Ben");
  f->script = add_member (f, "Zoe<script>alert(1)</script>");
  f->formula = add_member (f, "=HYPERLINK(\"x\")");
  removed = add_member (f, "Carla");
  g_assert_true (sc_study_store_remove_member (f->store, f->group_id, removed, &error));
  g_assert_true (sc_study_store_set_meeting (f->store, f->group_id, 2, NULL, "Union hall", &error));
  g_assert_no_error (error);

  everyone = add_assignment (f, NULL, "wages-and-profit", "crisis", 1);
  f->ben_assignment = add_assignment (f, f->ben, "the-general-strike", "seattle-1919", 2);

  set_progress (f, f->ana, "guide:session-1:1", SC_READING_DONE);
  set_progress (f, f->ana, "guide:session-2:1", SC_READING_DONE);
  set_progress (f, f->ana, "guide:session-2:2", SC_READING_READING);
  {
    g_autofree char *key = g_strconcat ("assignment:", f->ben_assignment, NULL);

    set_progress (f, f->ben, key, SC_READING_DONE);
  }
  set_attendance (f, f->ana, 1, SC_ATTENDANCE_PRESENT, TRUE);
  set_attendance (f, f->ben, 1, SC_ATTENDANCE_ABSENT, FALSE);
  set_attendance (f, f->script, 2, SC_ATTENDANCE_EXCUSED, FALSE);

  g_assert_true (sc_study_report_sources_load (&f->sources, f->index, "fixture-guide", &error));
  g_assert_no_error (error);
  g_assert_nonnull (f->sources.guide);
  g_assert_nonnull (f->sources.glossary);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sc_study_report_sources_clear (&f->sources);
  g_clear_pointer (&f->store, sc_study_store_close);
  g_clear_pointer (&f->index, sc_index_close);
  sc_test_remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->group_id);
  g_free (f->ana);
  g_free (f->ben);
  g_free (f->script);
  g_free (f->formula);
  g_free (f->ben_assignment);
}

/* ===== HTML checks ======================================================== */

static void
count_html_errors_cb (void        *user_data,
                      xmlErrorPtr  error)
{
  GPtrArray *errors = user_data;

  g_ptr_array_add (errors, g_strdup_printf ("%d: %s", error->line, error->message));
}

/* Parses @html with libxml2's HTML parser, which complains about unknown
 * or misplaced elements and unclosed tags. */
static htmlDocPtr
parse_html (const char *html)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt ();
  htmlDocPtr doc;

  xmlSetStructuredErrorFunc (errors, count_html_errors_cb);
  doc = htmlCtxtReadMemory (ctxt, html, (int) strlen (html), "report.html", "UTF-8",
                            HTML_PARSE_NONET | HTML_PARSE_PEDANTIC);
  xmlSetStructuredErrorFunc (NULL, NULL);
  htmlFreeParserCtxt (ctxt);

  for (guint i = 0; i < errors->len; i++)
    g_test_message ("HTML problem: %s", (char *) g_ptr_array_index (errors, i));
  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_nonnull (doc);
  return doc;
}

static void
collect_elements (xmlNode    *node,
                  const char *name,
                  GPtrArray  *found)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      {
        if (g_ascii_strcasecmp ((const char *) child->name, name) == 0)
          g_ptr_array_add (found, child);
        collect_elements (child, name, found);
      }
}

/* The text of every @name element, in document order. */
static GPtrArray *
element_texts (htmlDocPtr  doc,
               const char *name)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  collect_elements ((xmlNode *) doc, name, nodes);
  for (guint i = 0; i < nodes->len; i++)
    {
      xmlChar *content = xmlNodeGetContent (g_ptr_array_index (nodes, i));

      g_ptr_array_add (texts, g_strdup ((const char *) content));
      xmlFree (content);
    }
  return texts;
}

static gboolean
texts_have (GPtrArray  *texts,
            const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_page_frame (const char *html)
{
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"en\">"));
  g_assert_nonnull (strstr (html, "<meta charset=\"utf-8\">"));
  g_assert_nonnull (strstr (html, "@media print"));
  g_assert_true (g_str_has_suffix (html, "</body>\n</html>\n"));
  g_assert_true (g_utf8_validate (html, -1, NULL));
}

/* ===== Tests ============================================================== */

static void
test_roster (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStudyRoster) roster = sc_study_roster_compute (f->store, f->group_id, &f->sources, &error);
  const ScStudyRosterCell *cell;

  g_assert_no_error (error);
  g_assert_cmpuint (roster->n_sessions, ==, 2);
  g_assert_cmpuint (roster->members->len, ==, 4);   /* Carla was removed */

  /* By name: "=HYPERLINK…", Ana, Ben, Zoe. */
  g_assert_cmpstr (((ScMember *) g_ptr_array_index (roster->members, 1))->id, ==, f->ana);
  cell = sc_study_roster_get_cell (roster, 1, 1);
  g_assert_cmpuint (cell->done, ==, 1);
  g_assert_cmpuint (cell->total, ==, 2);   /* the guide's reading and the group's assignment */
  g_assert_cmpint (cell->attendance, ==, SC_ATTENDANCE_PRESENT);
  g_assert_true (cell->questions_prepared);
  cell = sc_study_roster_get_cell (roster, 1, 2);
  g_assert_cmpuint (cell->done, ==, 1);    /* "reading" is not done */
  g_assert_cmpuint (cell->total, ==, 3);

  g_assert_cmpstr (((ScMember *) g_ptr_array_index (roster->members, 2))->id, ==, f->ben);
  cell = sc_study_roster_get_cell (roster, 2, 2);
  g_assert_cmpuint (cell->done, ==, 1);
  g_assert_cmpuint (cell->total, ==, 4);   /* his own assignment counts for him only */
  g_assert_cmpint (cell->attendance, ==, SC_ATTENDANCE_UNKNOWN);
}

static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = sc_study_report_csv (f->store, f->group_id, &f->sources, &error);
  const char *expected =
    "Member,Session 1 read,Session 1 attendance,Session 2 read,Session 2 attendance\r\n"
    "\"'=HYPERLINK(\"\"x\"\")\",0/2,,0/3,\r\n"
    "\"Ana, the \"\"reader\"\"\",1/2,present,1/3,\r\n"
    "Ben,0/2,absent,1/4,\r\n"
    "Zoe<script>alert(1)</script>,0/2,,0/3,excused\r\n";

  g_assert_no_error (error);
  g_assert_cmpstr (csv, ==, expected);
}

static void
test_csv_unknown_group (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = sc_study_report_csv (f->store, "no such group", &f->sources, &error);

  g_assert_null (csv);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
}

static void
test_html_report (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *html = sc_study_report_html (f->store, f->group_id, &f->sources, &error);
  g_autoptr(GPtrArray) headers = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  htmlDocPtr doc;

  g_assert_no_error (error);
  assert_page_frame (html);

  /* Names are text, never markup. */
  g_assert_null (strstr (html, "<script>"));
  g_assert_null (strstr (html, "<b>group"));
  g_assert_nonnull (strstr (html, "Zoe&lt;script&gt;alert(1)&lt;/script&gt;"));

  doc = parse_html (html);
  headers = element_texts (doc, "th");
  cells = element_texts (doc, "td");

  g_assert_true (texts_have (headers, "Member"));
  g_assert_true (texts_have (headers, "Session 1" "2024-03-05"));   /* a date under the title */
  g_assert_true (texts_have (headers, "Session 2" "2024-03-12"));
  g_assert_true (texts_have (headers, "Zoe<script>alert(1)</script>"));
  g_assert_true (texts_have (headers, "Ana, the \"reader\""));
  g_assert_true (texts_have (cells, "1/2" "present" "questions prepared"));
  g_assert_true (texts_have (cells, "0/3" "excused"));
  g_assert_true (texts_have (cells, "1/4"));

  collect_elements ((xmlNode *) doc, "tr", rows);
  g_assert_cmpuint (rows->len, ==, 1 + 4);   /* the header and four members */
  g_assert_cmpuint (cells->len, ==, 4 * 2);

  xmlFreeDoc (doc);
}

static void
test_handout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *html = sc_study_report_handout_html (f->store, f->group_id, &f->sources, 2, &error);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) headings = NULL;
  g_autoptr(GPtrArray) paragraphs = NULL;
  htmlDocPtr doc;

  g_assert_no_error (error);
  assert_page_frame (html);
  doc = parse_html (html);

  headings = element_texts (doc, "h1");
  g_assert_cmpuint (headings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (headings, 0), ==, "Session 2: Strikes");

  paragraphs = element_texts (doc, "p");
  g_assert_true (texts_have (paragraphs, "Tuesday <b>group</b>"));
  g_assert_true (texts_have (paragraphs, "Tuesday 12 March 2024 · Union hall"));
  /* 15 + 30 + 45 from the guide: the readings for everyone. Ben's one
   * short section (14 words at 200 a minute, rounded up: 1 min) is his
   * alone, as progress counts a session's minutes. */
  g_assert_true (texts_have (paragraphs, "Reading time for everyone: 90 min"));

  items = element_texts (doc, "li");
  /* The guide's readings, exact sections by their headings, and minutes. */
  g_assert_true (texts_have (items, "The General Strike, Another Writer"
                                    "What a general strike is – Lessons" "15 min"));
  g_assert_true (texts_have (items, "not-in-this-library" "the whole text" "30 min" "Not in the library"));
  g_assert_true (texts_have (items, "Wage Labour and Capital, Karl Marx (1849)" "45 min"
                                    "Sections I to III."));
  /* Ben's assignment: one section, minutes from its words. */
  g_assert_true (texts_have (items, "The General Strike, Another Writer" "Seattle, 1919"
                                    "about 1 min · assigned to Ben"));
  g_assert_true (texts_have (items, "Why did Seattle stop?"));
  g_assert_true (texts_have (items, "Understand the general strike."));

  /* The guide's words carry the guide's language. */
  g_assert_nonnull (strstr (html, "<ol lang=\"en\">\n<li>Why did Seattle stop?</li>"));

  xmlFreeDoc (doc);
}

static void
test_handout_terms (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *html = sc_study_report_handout_html (f->store, f->group_id, &f->sources, 1, &error);
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GPtrArray) definitions = NULL;
  g_autoptr(GPtrArray) paragraphs = NULL;
  htmlDocPtr doc;

  g_assert_no_error (error);
  doc = parse_html (html);

  terms = element_texts (doc, "dt");
  definitions = element_texts (doc, "dd");
  g_assert_cmpuint (terms->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (terms, 0), ==, "wages");
  g_assert_cmpstr (g_ptr_array_index (definitions, 0), ==, "The price paid for labor power, usually by the hour.");

  /* Session 1 follows the start date; no place was set. */
  paragraphs = element_texts (doc, "p");
  g_assert_true (texts_have (paragraphs, "Tuesday 5 March 2024"));

  xmlFreeDoc (doc);
}

static void
test_handout_no_such_session (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *html = sc_study_report_handout_html (f->store, f->group_id, &f->sources, 3, &error);

  g_assert_null (html);
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no session 3"));
}

/* An assignment due on a date only counts for the first meeting on or
 * after it, in the roster and on the handout as in the progress numbers:
 * due Sunday 2024-03-10, it is read for Tuesday 2024-03-12, session 2. */
static void
test_due_on_a_date (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ScAssignment) assignment = sc_study_assignment_new (f->group_id, "wages-and-profit");
  g_autoptr(ScStudyRoster) roster = NULL;
  g_autoptr(ScGroupProgress) progress = NULL;
  g_autoptr(GPtrArray) paragraphs = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  g_autofree char *expected = NULL;
  guint minutes;
  htmlDocPtr doc;

  assignment->from = g_strdup ("crisis");
  assignment->due_date = g_strdup ("2024-03-10");
  g_assert_true (sc_study_store_add_assignment (f->store, assignment, &error));
  g_assert_no_error (error);
  minutes = sc_study_reading_minutes (sc_index_count_words (f->index, "wages-and-profit", "crisis", NULL),
                                      SC_STUDY_WORDS_PER_MINUTE);
  g_assert_cmpuint (minutes, >, 0);

  roster = sc_study_roster_compute (f->store, f->group_id, &f->sources, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (roster->n_sessions, ==, 2);
  g_assert_cmpuint (sc_study_roster_get_cell (roster, 1, 1)->total, ==, 2);   /* Ana, unchanged */
  g_assert_cmpuint (sc_study_roster_get_cell (roster, 1, 2)->total, ==, 4);   /* 3 + this one */
  g_assert_cmpuint (sc_study_roster_get_cell (roster, 2, 2)->total, ==, 5);   /* Ben: 4 + this one */

  /* The same numbers as progress. */
  progress = sc_group_progress_compute (f->store, f->group_id, f->sources.guide, "2024-03-06",
                                        NULL, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (((ScMemberProgress *) progress->members->pdata[1])->next_assigned, ==, 4);
  g_assert_cmpuint (((ScSessionProgress *) progress->sessions->pdata[1])->readings, ==, 5);

  html = sc_study_report_handout_html (f->store, f->group_id, &f->sources, 2, &error);
  g_assert_no_error (error);
  doc = parse_html (html);
  items = element_texts (doc, "li");
  {
    g_autofree char *item = g_strdup_printf ("Wages and Profit, Test Author" "Crisis"
                                             "about %u min · assigned to the whole group · "
                                             "due 2024-03-10", minutes);

    g_assert_true (texts_have (items, item));
  }
  paragraphs = element_texts (doc, "p");
  /* For everyone now: the guide's 90 minutes and this one's. */
  expected = g_strdup_printf ("Reading time for everyone: %u min", 90 + minutes);
  g_assert_true (texts_have (paragraphs, expected));
  xmlFreeDoc (doc);
}

/* Without the guide (it left the library) the report still stands, on the
 * assignments alone. */
static void
test_without_guide (Fixture       *f,
                    gconstpointer  data)
{
  ScStudyReportSources none = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = sc_study_report_csv (f->store, f->group_id, &none, &error);
  g_autofree char *handout = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (csv, "Member,Session 1 read,Session 1 attendance,"
                                        "Session 2 read,Session 2 attendance\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nBen,0/1,absent,1/1,\r\n"));

  handout = sc_study_report_handout_html (f->store, f->group_id, &none, 2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (handout, "<h1>Session 2</h1>"));
  g_assert_nonnull (strstr (handout, "<strong>the-general-strike</strong>"));
  g_assert_null (strstr (handout, "Discussion questions"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/report/roster", test_roster);
  ADD ("/report/csv", test_csv);
  ADD ("/report/csv-unknown-group", test_csv_unknown_group);
  ADD ("/report/html", test_html_report);
  ADD ("/report/handout", test_handout);
  ADD ("/report/handout-terms", test_handout_terms);
  ADD ("/report/handout-no-such-session", test_handout_no_such_session);
  ADD ("/report/due-on-a-date", test_due_on_a_date);
  ADD ("/report/without-guide", test_without_guide);

  return g_test_run ();
}
