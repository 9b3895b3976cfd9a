/* test-study-exchange.c: progress files between real study stores
 *
 * Two or three stores in a temporary folder stand for the computers of a
 * group; files go between them as they would through a shared folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "sc-error.h"
#include "sc-study-exchange.h"
#include "sc-validate.h"
#include "sc-xml.h"
#include "sc-test-util.h"

typedef struct {
  char         *tmp;
  ScStudyStore *a;          /* the facilitator's computer */
  ScStudyStore *b;          /* a member's */
  char         *group_id;
  char         *ana;        /* member ids */
  char         *ben;
  char         *carla;
  char         *group_assignment;
  char         *ana_assignment;
} Fixture;

static ScStudyStore *
open_store (Fixture    *f,
            const char *name)
{
  g_autofree char *path = g_build_filename (f->tmp, name, NULL);
  g_autoptr(GError) error = NULL;
  ScStudyStore *store = sc_study_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static char *
add_member (ScStudyStore *store,
            const char   *group_id,
            const char   *name,
            ScRole        role)
{
  g_autoptr(ScMember) member = sc_study_member_new (name);
  g_autoptr(GError) error = NULL;

  member->role = role;
  member->joined = g_strdup ("2024-03-05");
  g_assert_true (sc_study_store_add_member (store, group_id, member, &error));
  g_assert_no_error (error);
  return g_strdup (member->id);
}

static char *
add_assignment (ScStudyStore *store,
                const char   *group_id,
                const char   *member_id,
                const char   *text_id,
                guint         due_session,
                const char   *note)
{
  g_autoptr(ScAssignment) assignment = sc_study_assignment_new (group_id, text_id);
  g_autoptr(GError) error = NULL;

  assignment->member_id = g_strdup (member_id);
  assignment->from = g_strdup ("seattle-1919");
  assignment->due_session = due_session;
  assignment->note = g_strdup (note);
  g_assert_true (sc_study_store_add_assignment (store, assignment, &error));
  g_assert_no_error (error);
  return g_strdup (assignment->id);
}

/* Store a: a group with every kind of record, tombstones included. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScGroup) group = sc_study_group_new ("Tuesday group");
  g_autofree char *removed = NULL;

  f->tmp = g_dir_make_tmp ("sc-test-exchange-XXXXXX", &error);
  g_assert_no_error (error);
  f->a = open_store (f, "a.db");
  f->b = open_store (f, "b.db");

  group->branch = g_strdup ("Local 12, \"east\" side");
  group->guide_id = g_strdup ("fixture-guide");
  group->facilitator = g_strdup ("María");
  group->start_date = g_strdup ("2024-03-05");
  group->cadence = SC_CADENCE_WEEKLY;
  group->status = SC_GROUP_ACTIVE;
  g_assert_true (sc_study_store_save_group (f->a, group, &error));
  g_assert_no_error (error);
  f->group_id = g_strdup (group->id);

  f->ana = add_member (f->a, f->group_id, "Ana \"Anita\" Pérez", SC_ROLE_MEMBER);
  f->ben = add_member (f->a, f->group_id, "Ben <Benny>", SC_ROLE_MEMBER);
  f->carla = add_member (f->a, f->group_id, "Carla", SC_ROLE_FACILITATOR);
  g_assert_true (sc_study_store_remove_member (f->a, f->group_id, f->carla, &error));

  g_assert_true (sc_study_store_set_meeting (f->a, f->group_id, 2, "2024-03-14", "Library\nroom 2", &error));
  g_assert_true (sc_study_store_set_meeting (f->a, f->group_id, 3, NULL, "Union hall", &error));
  g_assert_no_error (error);

  f->group_assignment = add_assignment (f->a, f->group_id, NULL, "the-general-strike", 2,
                                        "Read it twice, & take notes.");
  f->ana_assignment = add_assignment (f->a, f->group_id, f->ana, "wages-and-profit", 1, NULL);
  removed = add_assignment (f->a, f->group_id, f->ben, "wages-and-profit", 2, "dropped");
  g_assert_true (sc_study_store_remove_assignment (f->a, removed, &error));

  g_assert_true (sc_study_store_set_progress (f->a, f->group_id, f->ana, "guide:session-1:1",
                                              SC_READING_DONE, "2024-03-11", "Hard, but good.", &error));
  g_assert_true (sc_study_store_set_progress (f->a, f->group_id, f->ben, "guide:session-1:1",
                                              SC_READING_READING, NULL, NULL, &error));
  g_assert_true (sc_study_store_set_attendance (f->a, f->group_id, f->ana, 1,
                                                SC_ATTENDANCE_PRESENT, TRUE, &error));
  g_assert_true (sc_study_store_set_attendance (f->a, f->group_id, f->ben, 1,
                                                SC_ATTENDANCE_EXCUSED, FALSE, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->a, sc_study_store_close);
  g_clear_pointer (&f->b, sc_study_store_close);
  sc_test_remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->group_id);
  g_free (f->ana);
  g_free (f->ben);
  g_free (f->carla);
  g_free (f->group_assignment);
  g_free (f->ana_assignment);
}

/* ===== Helpers ============================================================ */

/* Every record of the group, tombstones and times included, one per line:
 * two stores with the same text hold the same records. */
static char *
dump_group (ScStudyStore *store,
            const char   *group_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScGroup) group = sc_study_store_find_group (store, group_id, &error);
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(GPtrArray) progress = NULL;
  g_autoptr(GPtrArray) attendance = NULL;
  GString *dump = g_string_new (NULL);

  g_assert_no_error (error);
  g_string_append_printf (dump, "group %s|%s|%s|%s|%s|%s|%d|%d|%" G_GINT64_FORMAT "\n",
                          group->id, group->name, group->branch, group->guide_id,
                          group->facilitator, group->start_date, group->cadence, group->status,
                          group->updated);

  members = sc_study_store_list_all_members (store, group_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < members->len; i++)
    {
      ScMember *m = g_ptr_array_index (members, i);

      g_string_append_printf (dump, "member %s|%s|%s|%d|%s|%d|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "\n",
                              m->id, m->name, m->contact, m->role, m->joined, m->removed, m->updated,
                              m->person_updated);
    }

  meetings = sc_study_store_list_meetings (store, group_id, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < meetings->len; i++)
    {
      ScMeeting *m = g_ptr_array_index (meetings, i);

      g_string_append_printf (dump, "meeting %u|%s|%s|%d|%" G_GINT64_FORMAT "\n",
                              m->session, m->date, m->place, m->date_set, m->updated);
    }

  assignments = sc_study_store_list_all_assignments (store, group_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < assignments->len; i++)
    {
      ScAssignment *a = g_ptr_array_index (assignments, i);

      g_string_append_printf (dump, "assignment %s|%s|%s|%s|%s|%s|%u|%s|%s|%d|%" G_GINT64_FORMAT "\n",
                              a->id, a->group_id, a->member_id, a->text_id, a->from, a->to,
                              a->due_session, a->due_date, a->note, a->removed, a->updated);
    }

  progress = sc_study_store_list_progress (store, group_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < progress->len; i++)
    {
      ScProgress *p = g_ptr_array_index (progress, i);

      g_string_append_printf (dump, "progress %s|%s|%d|%s|%s|%" G_GINT64_FORMAT "\n",
                              p->member_id, p->reading_key, p->status, p->done_date, p->note,
                              p->updated);
    }

  attendance = sc_study_store_list_attendance (store, group_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < attendance->len; i++)
    {
      ScAttendanceRecord *r = g_ptr_array_index (attendance, i);

      g_string_append_printf (dump, "attendance %s|%u|%d|%d|%" G_GINT64_FORMAT "\n",
                              r->member_id, r->session, r->attendance, r->questions_prepared,
                              r->updated);
    }

  return g_string_free (dump, FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Every row of every table of a database file, through a connection of its
 * own: equal dumps, equal databases. */
static char *
dump_database (ScStudyStore *store)
{
  const char *path = sc_study_store_get_path (store);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *dump = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_master ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *type_sql = (const char *) sqlite3_column_text (stmt, 1);

      g_string_append_printf (dump, "schema %s: %s\n", sqlite3_column_text (stmt, 0), type_sql);
      if (type_sql != NULL && g_str_has_prefix (type_sql, "CREATE TABLE"))
        g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    }
  sqlite3_finalize (stmt);

  for (guint t = 0; t < tables->len; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", (char *) g_ptr_array_index (tables, t));

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_ptr_array_set_size (rows, 0);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          GString *row = g_string_new ((char *) g_ptr_array_index (tables, t));

          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (row, "|%s", sqlite3_column_text (stmt, c));
          g_ptr_array_add (rows, g_string_free (row, FALSE));
        }
      sqlite3_finalize (stmt);
      g_ptr_array_sort (rows, compare_strings);
      for (guint r = 0; r < rows->len; r++)
        g_string_append_printf (dump, "%s\n", (char *) g_ptr_array_index (rows, r));
    }

  sqlite3_close (db);
  return g_string_free (dump, FALSE);
}

static char *
export (ScStudyStore *store,
        const char   *group_id,
        const char   *member_id)
{
  g_autoptr(GError) error = NULL;
  char *xml = sc_study_export (store, group_id, member_id, "test", &error);

  g_assert_no_error (error);
  g_assert_nonnull (xml);
  return xml;
}

static void
import (ScStudyStore        *store,
        const char          *xml,
        ScStudyImportReport *report)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_study_import_memory (store, xml, strlen (xml), "in memory", report, &error));
  g_assert_no_error (error);
}

/* a's whole group into b: from then on both have the same records. */
static void
sync_a_to_b (Fixture *f)
{
  g_autofree char *xml = export (f->a, f->group_id, NULL);
  g_auto(ScStudyImportReport) report;

  sc_study_import_report_init (&report);
  import (f->b, xml, &report);
  g_assert_cmpuint (report.conflicts, ==, 0);
}

static guint
count_elements (xmlNode    *root,
                const char *name)
{
  guint n = 0;

  for (xmlNode *node = sc_xml_first_element (root); node != NULL; node = sc_xml_next_element (node))
    n += sc_xml_is (node, name);
  return n;
}

/* A changed millisecond clock between two edits, so "newer" is certain. */
static void
next_millisecond (void)
{
  g_usleep (3000);
}

static gboolean
lines_contain (GPtrArray  *lines,
               const char *a,
               const char *b)
{
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (strstr (line, a) != NULL && strstr (line, b) != NULL)
        return TRUE;
    }
  return FALSE;
}

static ScProgress *
find_progress (ScStudyStore *store,
               const char   *group_id,
               const char   *member_id,
               const char   *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) progress = sc_study_store_list_progress (store, group_id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < progress->len; i++)
    {
      ScProgress *p = g_ptr_array_index (progress, i);

      if (g_strcmp0 (p->member_id, member_id) == 0 && g_strcmp0 (p->reading_key, key) == 0)
        return g_ptr_array_steal_index (progress, i);
    }
  return NULL;
}

/* ===== Tests ============================================================== */

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *xml = export (f->a, f->group_id, NULL);
  g_autofree char *dump_a = dump_group (f->a, f->group_id);
  g_autofree char *dump_b = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_auto(ScStudyImportReport) report;

  /* What we write, our schema accepts. */
  if (!sc_validate_memory (xml, strlen (xml), "export.xml", problems))
    g_error ("export is invalid: %s\n%s", (char *) g_ptr_array_index (problems, 0), xml);

  sc_study_import_report_init (&report);
  import (f->b, xml, &report);

  dump_b = dump_group (f->b, f->group_id);
  g_assert_cmpstr (dump_b, ==, dump_a);

  /* 1 group, 3 members, 2 meetings, 3 assignments, 2 progress, 2 attendance */
  g_assert_cmpuint (report.added, ==, 13);
  g_assert_cmpuint (report.updated, ==, 0);
  g_assert_cmpuint (report.unchanged, ==, 0);
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (report.conflict_lines->len, ==, 0);
  g_assert_cmpstr (report.group_id, ==, f->group_id);
  g_assert_cmpstr (report.group_name, ==, "Tuesday group");
  g_assert_cmpstr (report.from, ==, "test");
  g_assert_cmpint (report.exported, >, 0);
}

static void
test_reimport_changes_nothing (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *xml = export (f->a, f->group_id, NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *before_a = NULL;
  g_autofree char *after_a = NULL;
  g_auto(ScStudyImportReport) report;

  sc_study_import_report_init (&report);
  import (f->b, xml, &report);
  before = dump_database (f->b);

  import (f->b, xml, &report);
  after = dump_database (f->b);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (report.added, ==, 0);
  g_assert_cmpuint (report.updated, ==, 0);
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (report.unchanged, ==, 13);

  /* Back where it came from, the file adds nothing either. */
  before_a = dump_group (f->a, f->group_id);
  import (f->a, xml, &report);
  after_a = dump_group (f->a, f->group_id);
  g_assert_cmpstr (after_a, ==, before_a);
  g_assert_cmpuint (report.unchanged, ==, 13);
}

static void
test_update_without_conflict (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *xml = NULL;
  g_autoptr(ScProgress) progress = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(ScStudyImportReport) report;

  sync_a_to_b (f);
  next_millisecond ();

  /* Only a changes Ben's progress: b takes it, nobody is in conflict. */
  g_assert_true (sc_study_store_set_progress (f->a, f->group_id, f->ben, "guide:session-1:1",
                                              SC_READING_DONE, "2024-03-12", NULL, &error));
  g_assert_no_error (error);
  xml = export (f->a, f->group_id, NULL);

  sc_study_import_report_init (&report);
  import (f->b, xml, &report);
  g_assert_cmpuint (report.updated, ==, 1);
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (report.added, ==, 0);
  g_assert_cmpuint (report.unchanged, ==, 12);

  progress = find_progress (f->b, f->group_id, f->ben, "guide:session-1:1");
  g_assert_nonnull (progress);
  g_assert_cmpint (progress->status, ==, SC_READING_DONE);
  g_assert_cmpstr (progress->done_date, ==, "2024-03-12");
}

/* The usual round: the facilitator sends the group, a member reads and
 * sends their progress back, the facilitator sends the group again. Each
 * change was made on top of what the other side had sent: updates, never
 * conflicts, although the facilitator never imported anything before. */
static void
test_member_sends_back (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *to_member = export (f->a, f->group_id, NULL);
  g_autofree char *to_facilitator = NULL;
  g_autofree char *again = NULL;
  g_autofree char *assignment_key = g_strconcat ("assignment:", f->group_assignment, NULL);
  g_autoptr(ScProgress) finished = NULL;
  g_autoptr(ScProgress) started = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(ScStudyImportReport) report;

  sc_study_import_report_init (&report);
  import (f->b, to_member, &report);
  g_assert_cmpuint (report.added, ==, 13);
  next_millisecond ();

  /* Ben, at home, finishes the reading a has him "reading", and starts
   * the group's assignment. */
  g_assert_true (sc_study_store_set_progress (f->b, f->group_id, f->ben, "guide:session-1:1",
                                              SC_READING_DONE, "2024-03-12", "Finished it", &error));
  g_assert_true (sc_study_store_set_progress (f->b, f->group_id, f->ben, assignment_key,
                                              SC_READING_READING, NULL, NULL, &error));
  g_assert_no_error (error);
  to_facilitator = export (f->b, f->group_id, f->ben);

  import (f->a, to_facilitator, &report);
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (report.conflict_lines->len, ==, 0);
  g_assert_cmpuint (report.updated, ==, 1);     /* guide:session-1:1 */
  g_assert_cmpuint (report.added, ==, 1);       /* the assignment's progress */
  /* The group, Ben, the group's assignment, Ben's removed one and his
   * attendance, as a sent them. */
  g_assert_cmpuint (report.unchanged, ==, 5);
  finished = find_progress (f->a, f->group_id, f->ben, "guide:session-1:1");
  g_assert_cmpint (finished->status, ==, SC_READING_DONE);
  g_assert_cmpstr (finished->done_date, ==, "2024-03-12");
  g_assert_cmpstr (finished->note, ==, "Finished it");
  started = find_progress (f->a, f->group_id, f->ben, assignment_key);
  g_assert_nonnull (started);
  g_assert_cmpint (started->status, ==, SC_READING_READING);

  /* The facilitator's next file holds nothing the member lacks. */
  next_millisecond ();
  again = export (f->a, f->group_id, NULL);
  import (f->b, again, &report);
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (report.added + report.updated, ==, 0);
  g_assert_cmpuint (report.unchanged, ==, 14);
}

/* A person is one record for every group they are in; their membership of
 * each group is another. b knows Ana from the Tuesday group, under a name
 * corrected there after a put her in a second group: importing that
 * group adds her membership and keeps the newer name. */
static void
test_person_in_two_groups (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(ScGroup) thursday = sc_study_group_new ("Thursday group");
  g_autoptr(ScMember) joining = NULL;
  g_autoptr(ScMember) renamed = NULL;
  g_autoptr(ScMember) in_thursday = NULL;
  g_autoptr(ScMember) in_tuesday = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_auto(ScStudyImportReport) report;

  sync_a_to_b (f);

  g_assert_true (sc_study_store_save_group (f->a, thursday, &error));
  joining = sc_study_store_find_member (f->a, f->group_id, f->ana, &error);
  g_assert_no_error (error);
  joining->role = SC_ROLE_FACILITATOR;
  g_assert_true (sc_study_store_add_member (f->a, thursday->id, joining, &error));
  g_assert_no_error (error);
  next_millisecond ();

  renamed = sc_study_store_find_member (f->b, f->group_id, f->ana, &error);
  g_assert_no_error (error);
  g_free (renamed->name);
  renamed->name = g_strdup ("Ana Pérez Soto");
  g_assert_true (sc_study_store_add_member (f->b, f->group_id, renamed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (renamed->person_updated, >, joining->person_updated);

  xml = export (f->a, thursday->id, NULL);
  sc_study_import_report_init (&report);
  import (f->b, xml, &report);
  g_assert_cmpuint (report.added, ==, 2);       /* the group, and Ana in it */
  g_assert_cmpuint (report.updated + report.unchanged + report.conflicts, ==, 0);

  in_thursday = sc_study_store_find_member (f->b, thursday->id, f->ana, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (in_thursday->name, ==, "Ana Pérez Soto");
  g_assert_cmpint (in_thursday->role, ==, SC_ROLE_FACILITATOR);
  g_assert_cmpint (in_thursday->updated, ==, joining->updated);
  g_assert_cmpint (in_thursday->person_updated, ==, renamed->person_updated);
  in_tuesday = sc_study_store_find_member (f->b, f->group_id, f->ana, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (in_tuesday->name, ==, "Ana Pérez Soto");
  g_assert_cmpint (in_tuesday->role, ==, SC_ROLE_MEMBER);

  /* The same file again is no news. */
  import (f->b, xml, &report);
  g_assert_cmpuint (report.unchanged, ==, 2);
  g_assert_cmpuint (report.added + report.updated + report.conflicts, ==, 0);

  /* The correction travels back: a takes the newer name in both groups. */
  {
    g_autofree char *back = export (f->b, f->group_id, f->ana);
    g_autoptr(ScMember) at_a = NULL;

    import (f->a, back, &report);
    g_assert_cmpuint (report.conflicts, ==, 0);
    at_a = sc_study_store_find_member (f->a, thursday->id, f->ana, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (at_a->name, ==, "Ana Pérez Soto");
    g_assert_cmpint (at_a->role, ==, SC_ROLE_FACILITATOR);
  }
}

/* Both sides edit Ana's progress after a sync. @a_last: a's edit is the
 * newer one. b imports a's file; then a imports b's. */
static void
both_edit (Fixture  *f,
           gboolean  a_last)
{
  g_autofree char *from_a = NULL;
  g_autofree char *from_b = NULL;
  g_autoptr(ScProgress) in_a = NULL;
  g_autoptr(ScProgress) in_b = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(ScStudyImportReport) report;
  const char *key = "guide:session-1:1";

  sync_a_to_b (f);
  next_millisecond ();
  for (guint turn = 0; turn < 2; turn++)
    {
      gboolean edit_a = (turn == 1) == a_last;

      if (edit_a)
        g_assert_true (sc_study_store_set_progress (f->a, f->group_id, f->ana, key,
                                                    SC_READING_READING, NULL, "a's note", &error));
      else
        g_assert_true (sc_study_store_set_progress (f->b, f->group_id, f->ana, key,
                                                    SC_READING_NOT_STARTED, NULL, "b's note", &error));
      g_assert_no_error (error);
      next_millisecond ();
    }

  from_a = export (f->a, f->group_id, NULL);
  from_b = export (f->b, f->group_id, NULL);

  sc_study_import_report_init (&report);
  import (f->b, from_a, &report);
  g_assert_cmpuint (report.conflicts, ==, 1);
  g_assert_cmpuint (report.conflict_lines->len, ==, 1);
  g_assert_cmpuint (report.added + report.updated, ==, 0);
  g_assert_true (lines_contain (report.conflict_lines, "member Ana \"Anita\" Pérez, reading guide:session-1:1",
                                a_last ? "kept theirs (newer: " : "kept yours (newer: "));

  import (f->a, from_b, &report);
  g_assert_cmpuint (report.conflicts, ==, 1);
  g_assert_true (lines_contain (report.conflict_lines, "reading guide:session-1:1",
                                a_last ? "kept yours (newer: " : "kept theirs (newer: "));

  /* Both computers now have the newer edit. */
  in_a = find_progress (f->a, f->group_id, f->ana, key);
  in_b = find_progress (f->b, f->group_id, f->ana, key);
  g_assert_cmpstr (in_a->note, ==, a_last ? "a's note" : "b's note");
  g_assert_cmpstr (in_b->note, ==, in_a->note);
  g_assert_cmpint (in_b->status, ==, in_a->status);
  g_assert_cmpint (in_b->updated, ==, in_a->updated);

  /* Settled: another exchange finds nothing to report. */
  import (f->b, from_a, &report);
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (report.updated, ==, 0);
}

static void
test_conflict_theirs_newer (Fixture       *f,
                            gconstpointer  data)
{
  both_edit (f, TRUE);
}

static void
test_conflict_yours_newer (Fixture       *f,
                           gconstpointer  data)
{
  both_edit (f, FALSE);
}

/* Never exchanged before: two different versions are a conflict. */
static void
test_conflict_first_exchange (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *one_member = export (f->a, f->group_id, f->ana);
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(ScStudyImportReport) report;

  sc_study_import_report_init (&report);
  import (f->b, one_member, &report);   /* b knows Ana, not her records' history with a */
  next_millisecond ();
  g_assert_true (sc_study_store_set_attendance (f->b, f->group_id, f->ana, 2,
                                                SC_ATTENDANCE_ABSENT, FALSE, &error));
  next_millisecond ();
  g_assert_true (sc_study_store_set_attendance (f->a, f->group_id, f->ana, 2,
                                                SC_ATTENDANCE_PRESENT, FALSE, &error));
  g_assert_no_error (error);

  xml = export (f->a, f->group_id, NULL);
  import (f->b, xml, &report);
  g_assert_cmpuint (report.conflicts, ==, 1);
  g_assert_true (lines_contain (report.conflict_lines, "session 2 attendance", "kept theirs"));
}

static void
test_tombstones_travel (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *xml = NULL;
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(ScStudyImportReport) report;

  sync_a_to_b (f);
  next_millisecond ();
  g_assert_true (sc_study_store_remove_member (f->a, f->group_id, f->ben, &error));
  g_assert_true (sc_study_store_remove_assignment (f->a, f->group_assignment, &error));
  g_assert_no_error (error);

  xml = export (f->a, f->group_id, NULL);
  sc_study_import_report_init (&report);
  import (f->b, xml, &report);
  g_assert_cmpuint (report.updated, ==, 2);
  g_assert_cmpuint (report.conflicts, ==, 0);

  members = sc_study_store_list_members (f->b, f->group_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 1);   /* Ana; Ben and Carla removed */
  g_assert_cmpstr (((ScMember *) g_ptr_array_index (members, 0))->id, ==, f->ana);

  assignments = sc_study_store_list_assignments (f->b, f->group_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assignments->len, ==, 1);
  g_assert_cmpstr (((ScAssignment *) g_ptr_array_index (assignments, 0))->id, ==, f->ana_assignment);

  dump_a = dump_group (f->a, f->group_id);
  dump_b = dump_group (f->b, f->group_id);
  g_assert_cmpstr (dump_b, ==, dump_a);
}

static void
test_one_member (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *xml = export (f->a, f->group_id, f->ana);
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) progress = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_auto(ScStudyImportReport) report;
  xmlNode *root;

  doc = sc_xml_read_memory (xml, strlen (xml), "ana.xml", &error);
  g_assert_no_error (error);
  root = xmlDocGetRootElement (doc);

  g_assert_cmpuint (count_elements (root, "group"), ==, 1);
  g_assert_cmpuint (count_elements (root, "member"), ==, 1);
  g_assert_cmpuint (count_elements (root, "meeting"), ==, 0);
  g_assert_cmpuint (count_elements (root, "assignment"), ==, 2);   /* the group's and Ana's */
  g_assert_cmpuint (count_elements (root, "reading-progress"), ==, 1);
  g_assert_cmpuint (count_elements (root, "attendance"), ==, 1);

  for (xmlNode *node = sc_xml_first_element (root); node != NULL; node = sc_xml_next_element (node))
    {
      g_autofree char *member = sc_xml_get_attr (node, sc_xml_is (node, "member") ? "id" : "member");

      if (sc_xml_is (node, "group"))
        continue;
      /* Only Ana's records, and assignments for the whole group. */
      if (!(sc_xml_is (node, "assignment") && member == NULL))
        g_assert_cmpstr (member, ==, f->ana);
    }
  g_assert_null (strstr (xml, f->ben));
  g_assert_null (strstr (xml, f->carla));

  sc_study_import_report_init (&report);
  import (f->b, xml, &report);
  g_assert_cmpuint (report.added, ==, 6);
  members = sc_study_store_list_members (f->b, f->group_id, &error);
  progress = sc_study_store_list_progress (f->b, f->group_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 1);
  g_assert_cmpuint (progress->len, ==, 1);
}

/* A file written by hand: every value as the file says, to the
 * millisecond. */
static void
test_import_hand_written (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "exchange", "valid.xml", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScGroup) group = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(ScProgress) progress = NULL;
  g_auto(ScStudyImportReport) report;
  const char *group_id = "0b6f2a52-7d3e-4c1e-9a40-2f1c5e8d9a01";
  const ScMeeting *meeting;
  const ScAssignment *assignment;

  g_assert_true (sc_validate_file (path, problems));

  sc_study_import_report_init (&report);
  g_assert_true (sc_study_import_file (f->b, path, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.added, ==, 11);
  g_assert_cmpstr (report.from, ==, "María & Co.");
  g_assert_cmpint (report.exported, ==, G_GINT64_CONSTANT (1710959400000));

  group = sc_study_store_find_group (f->b, group_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (group->name, ==, "Tuesday group");
  g_assert_cmpstr (group->guide_id, ==, "fixture-guide");
  g_assert_cmpint (group->updated, ==, G_GINT64_CONSTANT (1709283600123));

  members = sc_study_store_list_members (f->b, group_id, &error);
  all = sc_study_store_list_all_members (f->b, group_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 2);   /* Carla came as a tombstone */
  g_assert_cmpuint (all->len, ==, 3);
  for (guint i = 0; i < all->len; i++)
    {
      ScMember *member = g_ptr_array_index (all, i);

      if (g_str_has_suffix (member->id, "0001"))
        {
          /* One time for the person and the membership. */
          g_assert_cmpstr (member->name, ==, "Ana \"Anita\" Pérez");
          g_assert_cmpint (member->updated, ==, G_GINT64_CONSTANT (1709632800001));
          g_assert_cmpint (member->person_updated, ==, G_GINT64_CONSTANT (1709632800001));
        }
      if (g_str_has_suffix (member->id, "0002"))
        {
          /* The person changed before the membership: a time each. */
          g_assert_cmpint (member->updated, ==, G_GINT64_CONSTANT (1709283600000));
          g_assert_cmpint (member->person_updated, ==, G_GINT64_CONSTANT (1708451110750));
        }
      if (g_str_has_suffix (member->id, "0003"))
        {
          g_assert_true (member->removed);
          g_assert_cmpint (member->updated, ==, G_GINT64_CONSTANT (1710273600500));
        }
    }

  meetings = sc_study_store_list_meetings (f->b, group_id, 2, &error);
  g_assert_no_error (error);
  meeting = g_ptr_array_index (meetings, 1);
  g_assert_cmpstr (meeting->date, ==, "2024-03-14");
  g_assert_true (meeting->date_set);
  g_assert_cmpstr (meeting->place, ==, "Library, room 2");

  assignments = sc_study_store_list_all_assignments (f->b, group_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assignments->len, ==, 2);
  assignment = g_ptr_array_index (assignments, 0);
  if (assignment->removed)
    assignment = g_ptr_array_index (assignments, 1);
  g_assert_cmpstr (assignment->note, ==, "Read it twice.\nTake notes.");
  g_assert_cmpuint (assignment->due_session, ==, 2);

  progress = find_progress (f->b, group_id, "5a1d7c0e-1111-4e2b-8c3d-000000000001", "guide:session-1:1");
  g_assert_cmpint (progress->status, ==, SC_READING_DONE);
  g_assert_cmpstr (progress->done_date, ==, "2024-03-11");
  g_assert_cmpint (progress->updated, ==, G_GINT64_CONSTANT (1710191742250));
}

typedef struct {
  const char *file;
  const char *line_of;     /* text on the line the error must name */
  const char *message;     /* part of the message */
} BadFile;

static const BadFile bad_files[] = {
  { "malformed.xml", "</progress>", "" },
  { "wrong-root.xml", "<glossary", "not a Study Circle progress file" },
  /* Refused at the declaration, before anything uses it. */
  { "external-entity.xml", "<!ENTITY", "entity declarations are not allowed" },
  { "external-entity-attribute.xml", "<!ENTITY", "entity declarations are not allowed" },
  /* libxml2 gives an element the line its start tag ends on. */
  { "invalid-status.xml", "updated=\"2024-03-11T21:15:42.250Z\"/>",
    "attribute status of <reading-progress> must be not-started, reading or done, not \"finished\"" },
  { "bad-date.xml", "done-date=", "done-date=\"2024-02-30\" is not a real date" },
  { "duplicate-record.xml", "status=\"absent\"", "twice (first on line 7)" },
  { "unknown-member.xml", "member=\"nobody\"", "member “nobody” is neither in the file nor in the group" },
};

static void
test_bad_files_rejected (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *before = NULL;

  sync_a_to_b (f);
  before = dump_database (f->b);

  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "exchange",
                                                     bad_files[i].file, NULL);
      g_autofree char *prefix = g_strdup_printf ("%s:%u: ", path, sc_test_line_of (path, bad_files[i].line_of));
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(ScStudyImportReport) report;

      sc_study_import_report_init (&report);
      g_test_message ("%s", bad_files[i].file);
      g_assert_false (sc_study_import_file (f->b, path, &report, &error));
      g_assert_nonnull (error);
      g_test_message ("got: %s", error->message);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      g_assert_nonnull (strstr (error->message, bad_files[i].message));
      g_assert_cmpuint (report.added + report.updated + report.unchanged, ==, 0);

      after = dump_database (f->b);
      g_assert_cmpstr (after, ==, before);
    }
}

/* A file that fails half-way through the merge leaves nothing behind:
 * the group's new name, merged first, goes with the member after it. */
static void
test_failed_merge_rolls_back (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *xml = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GString) broken = NULL;
  g_autoptr(ScGroup) group = NULL;
  g_autoptr(GError) error = NULL;

  sync_a_to_b (f);
  before = dump_database (f->b);

  next_millisecond ();
  group = sc_study_store_find_group (f->a, f->group_id, &error);
  g_free (group->name);
  group->name = g_strdup ("Renamed group");
  g_assert_true (sc_study_store_save_group (f->a, group, &error));
  g_assert_no_error (error);
  xml = export (f->a, f->group_id, NULL);

  /* A name of spaces passes the schema, not the store. */
  broken = g_string_new (xml);
  g_assert_cmpuint (g_string_replace (broken, "name=\"Carla\"", "name=\"   \"", 1), ==, 1);
  g_assert_false (sc_study_import_memory (f->b, broken->str, broken->len, "broken.xml", NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("got: %s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "broken.xml:"));

  after = dump_database (f->b);
  g_assert_cmpstr (after, ==, before);
}

static void
test_validate_progress_files (void)
{
  g_autofree char *valid = g_test_build_filename (G_TEST_DIST, "fixtures", "exchange", "valid.xml", NULL);
  g_autofree char *invalid = g_test_build_filename (G_TEST_DIST, "fixtures", "exchange", "invalid-status.xml", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *expected = NULL;

  g_assert_true (sc_validate_file (valid, problems));
  g_assert_cmpuint (problems->len, ==, 0);

  g_assert_false (sc_validate_file (invalid, problems));
  g_assert_cmpuint (problems->len, ==, 1);
  expected = g_strdup_printf ("%s:%u: attribute status of <reading-progress> must be not-started, "
                              "reading or done, not \"finished\"",
                              invalid, sc_test_line_of (invalid, "updated=\"2024-03-11T21:15:42.250Z\"/>"));
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, expected);

  /* A required attribute left out is named. */
  g_ptr_array_set_size (problems, 0);
  {
    const char *missing = "<progress version=\"1\">\n<group/>\n</progress>";

    g_assert_false (sc_validate_memory (missing, strlen (missing), "p.xml", problems));
  }
  g_assert_true (sc_test_strv_has_substring (problems, "p.xml:1: element <progress> has no exported attribute"));
  g_assert_true (sc_test_strv_has_substring (problems, "p.xml:2: element <group> has no id attribute"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/exchange/round-trip", test_round_trip);
  ADD ("/exchange/reimport-changes-nothing", test_reimport_changes_nothing);
  ADD ("/exchange/update-without-conflict", test_update_without_conflict);
  ADD ("/exchange/member-sends-back", test_member_sends_back);
  ADD ("/exchange/person-in-two-groups", test_person_in_two_groups);
  ADD ("/exchange/conflict/theirs-newer", test_conflict_theirs_newer);
  ADD ("/exchange/conflict/yours-newer", test_conflict_yours_newer);
  ADD ("/exchange/conflict/first-exchange", test_conflict_first_exchange);
  ADD ("/exchange/tombstones-travel", test_tombstones_travel);
  ADD ("/exchange/one-member", test_one_member);
  ADD ("/exchange/hand-written", test_import_hand_written);
  ADD ("/exchange/bad-files-rejected", test_bad_files_rejected);
  ADD ("/exchange/failed-merge-rolls-back", test_failed_merge_rolls_back);
  g_test_add_func ("/exchange/validate", test_validate_progress_files);

  return g_test_run ();
}
