/* test-group-view.c: what the Groups page shows, without a display
 *
 * A worked example checked by hand: a three-session guide, a group of
 * three with an extra reading for one of them, some progress and some
 * attendance; the schedule, the members × sessions cells, the chart's bars,
 * the member numbers and who is behind must be exactly what a facilitator
 * would count on paper.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sc-error.h"
#include "sc-group-view.h"
#include "sc-test-util.h"

static const char guide_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<guide id=\"circle-guide\" lang=\"en\" version=\"1\">\n"
  "  <meta>\n"
  "    <title>Circle Guide</title>\n"
  "    <author>Test Author</author>\n"
  "    <summary>Three sessions.</summary>\n"
  "  </meta>\n"
  "  <session id=\"session-1\">\n"
  "    <title>Wages</title>\n"
  "    <reading text=\"wages\" from=\"w1\" to=\"w3\" minutes=\"10\"/>\n"
  "    <reading text=\"profit\" minutes=\"20\"/>\n"
  "  </session>\n"
  "  <session id=\"session-2\">\n"
  "    <title>Strikes</title>\n"
  "    <reading text=\"strike\"/>\n"
  "  </session>\n"
  "  <session id=\"session-3\">\n"
  "    <title>Capital</title>\n"
  "    <reading title=\"Wage Labour and Capital\" author=\"Karl Marx\" minutes=\"45\"/>\n"
  "  </session>\n"
  "</guide>\n";

typedef struct {
  char         *tmp;
  ScStudyStore *store;
  ScGuide      *guide;
  ScGroup      *group;
  ScMember     *ana;
  ScMember     *ben;
  ScMember     *carla;
  ScAssignment *extra;
  guint         word_counts;    /* calls of word_count() */
} Fixture;

/* The library as the view asks for it: 450 words of "strike" (3 minutes at
 * 200 a minute), 1000 of "extra" (5 minutes). */
static guint
word_count (const char *text_id,
            const char *from,
            const char *to,
            gpointer    user_data)
{
  Fixture *f = user_data;

  f->word_counts++;
  if (g_strcmp0 (text_id, "strike") == 0)
    return 450;
  if (g_strcmp0 (text_id, "extra") == 0)
    return 1000;
  return 0;
}

/* Names "wages" and "strike"; "profit" and "extra" fall back on their ids. */
static char *
name_reading (const char *text_id,
              const char *from,
              const char *to,
              gpointer    user_data)
{
  if (g_strcmp0 (text_id, "wages") == 0)
    return g_strdup_printf ("Wages and Profit — %s to %s", from, to);
  if (g_strcmp0 (text_id, "strike") == 0)
    return g_strdup ("The General Strike");
  return NULL;
}

static void
mark (Fixture         *f,
      ScMember        *member,
      const char      *key,
      ScReadingStatus  status)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_study_store_set_progress (f->store, f->group->id, member->id, key, status,
                                              NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
attend (Fixture      *f,
        ScMember     *member,
        guint         session,
        ScAttendance  attendance)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_study_store_set_attendance (f->store, f->group->id, member->id, session,
                                                attendance, FALSE, &error));
  g_assert_no_error (error);
}

static ScMember *
add_member (Fixture    *f,
            const char *name,
            ScRole      role)
{
  g_autoptr(GError) error = NULL;
  ScMember *member = sc_study_member_new (name);

  member->role = role;
  g_assert_true (sc_study_store_add_member (f->store, f->group->id, member, &error));
  g_assert_no_error (error);
  return member;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->tmp = g_dir_make_tmp ("sc-test-group-view-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->tmp, "study.db", NULL);
  f->store = sc_study_store_open (path, &error);
  g_assert_no_error (error);
  f->guide = sc_guide_read_memory (guide_xml, strlen (guide_xml), "circle-guide.xml", &error);
  g_assert_no_error (error);

  /* Weekly from Tuesday 5 March 2024; the second meeting moved by hand to
   * Wednesday the 13th, at the union hall. */
  f->group = sc_study_group_new ("Tuesday circle");
  f->group->guide_id = g_strdup ("circle-guide");
  f->group->start_date = g_strdup ("2024-03-05");
  f->group->status = SC_GROUP_ACTIVE;
  f->group->branch = g_strdup ("Harbour Branch");
  g_assert_true (sc_study_store_save_group (f->store, f->group, &error));
  g_assert_true (sc_study_store_set_meeting (f->store, f->group->id, 2, "2024-03-13", "Union hall", &error));
  g_assert_no_error (error);

  f->ana = add_member (f, "Ana", SC_ROLE_FACILITATOR);
  f->ben = add_member (f, "Ben", SC_ROLE_MEMBER);
  f->carla = add_member (f, "Carla", SC_ROLE_MEMBER);
  g_assert_true (sc_study_store_set_me (f->store, f->group->id, f->ben->id, &error));
  g_assert_no_error (error);

  /* Ben alone has an extra reading for session 2. */
  f->extra = sc_study_assignment_new (f->group->id, "extra");
  f->extra->member_id = g_strdup (f->ben->id);
  f->extra->due_session = 2;
  g_assert_true (sc_study_store_add_assignment (f->store, f->extra, &error));
  g_assert_no_error (error);

  /* Ana read everything up to session 2; Ben one reading of session 1 and
   * is still reading his extra one; Carla nothing. */
  mark (f, f->ana, "guide:session-1:1", SC_READING_DONE);
  mark (f, f->ana, "guide:session-1:2", SC_READING_DONE);
  mark (f, f->ana, "guide:session-2:1", SC_READING_DONE);
  mark (f, f->ben, "guide:session-1:1", SC_READING_DONE);
  {
    g_autofree char *key = g_strconcat ("assignment:", f->extra->id, NULL);

    mark (f, f->ben, key, SC_READING_READING);
  }

  /* Session 1: Ana came, Ben did not, Carla sent word. */
  attend (f, f->ana, 1, SC_ATTENDANCE_PRESENT);
  attend (f, f->ben, 1, SC_ATTENDANCE_ABSENT);
  attend (f, f->carla, 1, SC_ATTENDANCE_EXCUSED);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->store, sc_study_store_close);
  g_clear_pointer (&f->guide, sc_guide_free);
  g_clear_pointer (&f->group, sc_study_group_free);
  g_clear_pointer (&f->ana, sc_study_member_free);
  g_clear_pointer (&f->ben, sc_study_member_free);
  g_clear_pointer (&f->carla, sc_study_member_free);
  g_clear_pointer (&f->extra, sc_study_assignment_free);
  sc_test_remove_tree (f->tmp);
  g_free (f->tmp);
}

static ScGroupView *
compute (Fixture    *f,
         const char *today)
{
  ScGroupViewSources sources = { f->guide, word_count, NULL, name_reading, f };
  g_autoptr(GError) error = NULL;
  ScGroupView *view = sc_group_view_compute (f->store, f->group->id, &sources, today, &error);

  g_assert_no_error (error);
  g_assert_nonnull (view);
  return view;
}

static void
assert_cell (ScGroupView  *view,
             guint         member,
             guint         session,
             guint         done,
             guint         assigned,
             const char   *label,
             ScAttendance  attendance)
{
  ScGroupViewMember *row = g_ptr_array_index (view->members, member);
  ScGroupViewCell *cell = &row->cells[session - 1];

  g_assert_cmpuint (cell->done, ==, done);
  g_assert_cmpuint (cell->assigned, ==, assigned);
  g_assert_cmpstr (cell->reading_label, ==, label);
  g_assert_cmpint (cell->attendance, ==, attendance);
}

static void
assert_bar (ScGroupView *view,
            guint        session,
            double       value,
            const char  *value_label,
            gboolean     highlight,
            gboolean     past)
{
  ScGroupViewBar *bar = g_ptr_array_index (view->bars, session - 1);
  g_autofree char *label = g_strdup_printf ("%u", session);

  g_assert_cmpstr (bar->label, ==, label);
  g_assert_cmpfloat_with_epsilon (bar->value, value, 1e-9);
  g_assert_cmpstr (bar->value_label, ==, value_label);
  g_assert_cmpint (bar->highlight, ==, highlight);
  g_assert_cmpint (bar->past, ==, past);
  g_assert_false (bar->empty);
}

static void
assert_session (ScGroupView *view,
                guint        session,
                const char  *heading,
                const char  *date_label,
                const char  *place,
                guint        readings,
                guint        minutes,
                guint        pairs,
                guint        pairs_done)
{
  const ScGroupViewSession *s = sc_group_view_get_session (view, session);

  g_assert_nonnull (s);
  g_assert_cmpuint (s->session, ==, session);
  g_assert_cmpstr (s->heading, ==, heading);
  g_assert_cmpstr (s->date_label, ==, date_label);
  g_assert_cmpstr (s->place, ==, place);
  g_assert_cmpuint (s->readings, ==, readings);
  g_assert_cmpuint (s->minutes, ==, minutes);
  g_assert_cmpuint (s->pairs, ==, pairs);
  g_assert_cmpuint (s->pairs_done, ==, pairs_done);
}

/* The schedule: the next meeting first, then the rest in order. */
static void
test_schedule (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ScGroupView) view = compute (f, "2024-03-10");
  guint order[] = { 2, 1, 3 };

  g_assert_cmpstr (view->group->name, ==, "Tuesday circle");
  g_assert_cmpstr (view->guide_title, ==, "Circle Guide");
  g_assert_cmpstr (view->status_label, ==, "Active");
  g_assert_cmpuint (view->n_sessions, ==, 3);
  g_assert_cmpuint (view->next_session, ==, 2);
  g_assert_cmpstr (view->next_label, ==, "Next: Wed, 13 Mar 2024");

  g_assert_cmpuint (view->schedule->len, ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpuint (((ScGroupViewSession *) g_ptr_array_index (view->schedule, i))->session, ==, order[i]);

  /* Session 1: 2 readings × 3 members, Ana's two and Ben's one done;
   * 10 + 20 minutes. */
  assert_session (view, 1, "Session 1 · Wages", "Tue, 5 Mar 2024", NULL, 2, 30, 6, 3);
  /* Session 2: the guide's reading for all three and Ben's extra one;
   * minutes for everyone only: 450 words = 3 minutes. */
  assert_session (view, 2, "Session 2 · Strikes", "Wed, 13 Mar 2024", "Union hall", 2, 3, 4, 1);
  /* Session 3: weekly from the start (the 19th), an outside work. */
  assert_session (view, 3, "Session 3 · Capital", "Tue, 19 Mar 2024", NULL, 1, 45, 3, 0);

  g_assert_true (sc_group_view_get_session (view, 1)->is_past);
  g_assert_false (sc_group_view_get_session (view, 1)->date_set);
  g_assert_true (sc_group_view_get_session (view, 2)->is_next);
  g_assert_true (sc_group_view_get_session (view, 2)->date_set);
  g_assert_false (sc_group_view_get_session (view, 2)->is_past);
  g_assert_false (sc_group_view_get_session (view, 3)->is_past);
  g_assert_false (sc_group_view_get_session (view, 3)->is_next);
  g_assert_null (sc_group_view_get_session (view, 4));

  /* The word counts were asked for the readings without minutes only. */
  g_assert_cmpuint (f->word_counts, >, 0);
}

/* The members × sessions grid and the member numbers. */
static void
test_grid (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(ScGroupView) view = compute (f, "2024-03-10");
  ScGroupViewMember *ana, *ben, *carla;
  guint index = 99;

  g_assert_cmpuint (view->members->len, ==, 3);
  ana = g_ptr_array_index (view->members, 0);
  ben = g_ptr_array_index (view->members, 1);
  carla = g_ptr_array_index (view->members, 2);
  g_assert_cmpstr (ana->name, ==, "Ana");
  g_assert_cmpstr (ben->name, ==, "Ben");
  g_assert_cmpstr (carla->name, ==, "Carla");
  g_assert_true (sc_group_view_find_member (view, f->carla->id, &index) == carla);
  g_assert_cmpuint (index, ==, 2);
  g_assert_null (sc_group_view_find_member (view, "nobody", NULL));

  /* Ana: everything up to session 2, present at session 1. */
  assert_cell (view, 0, 1, 2, 2, "✓", SC_ATTENDANCE_PRESENT);
  assert_cell (view, 0, 2, 1, 1, "✓", SC_ATTENDANCE_UNKNOWN);
  assert_cell (view, 0, 3, 0, 1, "0/1", SC_ATTENDANCE_UNKNOWN);
  /* Ben: one of two, absent; his extra reading makes session 2 two. */
  assert_cell (view, 1, 1, 1, 2, "1/2", SC_ATTENDANCE_ABSENT);
  assert_cell (view, 1, 2, 0, 2, "0/2", SC_ATTENDANCE_UNKNOWN);
  assert_cell (view, 1, 3, 0, 1, "0/1", SC_ATTENDANCE_UNKNOWN);
  /* Carla: nothing, excused. */
  assert_cell (view, 2, 1, 0, 2, "0/2", SC_ATTENDANCE_EXCUSED);
  assert_cell (view, 2, 2, 0, 1, "0/1", SC_ATTENDANCE_UNKNOWN);
  assert_cell (view, 2, 3, 0, 1, "0/1", SC_ATTENDANCE_UNKNOWN);

  /* Up to the next meeting: Ana 3 of 3, Ben 1 of 4, Carla 0 of 3. */
  g_assert_cmpint (ana->role, ==, SC_ROLE_FACILITATOR);
  g_assert_cmpfloat_with_epsilon (ana->completion, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ana->ready, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ana->attendance_rate, 1.0, 1e-9);
  g_assert_cmpstr (ana->completion_label, ==, "3 of 3 readings");
  g_assert_cmpstr (ana->ready_label, ==, "1 of 1 for session 2");
  g_assert_cmpstr (ana->attendance_label, ==, "1 of 1 meeting");
  g_assert_false (ana->behind);
  g_assert_false (ana->is_me);

  g_assert_cmpfloat_with_epsilon (ben->completion, 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (ben->ready, 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ben->attendance_rate, 0.0, 1e-9);
  g_assert_true (ben->attendance_known);
  g_assert_cmpstr (ben->completion_label, ==, "1 of 4 readings");
  g_assert_cmpstr (ben->ready_label, ==, "0 of 2 for session 2");
  g_assert_cmpstr (ben->attendance_label, ==, "0 of 1 meeting");
  g_assert_true (ben->behind);
  g_assert_true (ben->is_me);
  g_assert_cmpstr (view->me_id, ==, f->ben->id);

  /* Excused is neither present nor absent. */
  g_assert_cmpfloat_with_epsilon (carla->completion, 0.0, 1e-9);
  g_assert_false (carla->attendance_known);
  g_assert_cmpstr (carla->completion_label, ==, "0 of 3 readings");
  g_assert_cmpstr (carla->attendance_label, ==, "1 excused");
  g_assert_true (carla->behind);
}

/* The chart, who is behind, the next meeting's readings. */
static void
test_chart_and_behind (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ScGroupView) view = compute (f, "2024-03-10");
  ScGroupViewReading *reading;
  g_autofree char *extra_key = g_strconcat ("assignment:", f->extra->id, NULL);

  /* 3 of 6, 1 of 4, 0 of 3. */
  g_assert_cmpuint (view->bars->len, ==, 3);
  assert_bar (view, 1, 0.5, "50%", FALSE, TRUE);
  assert_bar (view, 2, 0.25, "25%", TRUE, FALSE);
  assert_bar (view, 3, 0.0, "0%", FALSE, FALSE);
  g_assert_cmpstr (((ScGroupViewBar *) g_ptr_array_index (view->bars, 1))->description, ==,
                   "Session 2: 25% of the readings done");

  g_assert_cmpuint (g_strv_length (view->behind), ==, 2);
  g_assert_cmpstr (view->behind[0], ==, "Ben");
  g_assert_cmpstr (view->behind[1], ==, "Carla");
  g_assert_cmpuint (view->n_ready, ==, 1);
  g_assert_cmpfloat_with_epsilon (view->ready_share, 1.0 / 3, 1e-9);
  g_assert_cmpstr (view->ready_label, ==, "1 of 3 members ready");
  /* The whole group: 4 of 10 readings done up to the next meeting. */
  g_assert_true (view->has_completion);
  g_assert_cmpfloat_with_epsilon (view->completion, 0.4, 1e-9);

  /* The next meeting: the guide's reading for all, Ben's for him. */
  g_assert_cmpuint (view->next_readings->len, ==, 2);
  reading = g_ptr_array_index (view->next_readings, 0);
  g_assert_cmpstr (reading->key, ==, "guide:session-2:1");
  g_assert_cmpstr (reading->title, ==, "The General Strike");
  g_assert_cmpuint (reading->minutes, ==, 3);
  g_assert_null (reading->member_name);
  reading = g_ptr_array_index (view->next_readings, 1);
  g_assert_cmpstr (reading->key, ==, extra_key);
  g_assert_cmpstr (reading->title, ==, "extra");
  g_assert_cmpuint (reading->minutes, ==, 5);
  g_assert_cmpstr (reading->member_name, ==, "Ben");
  g_assert_cmpuint (view->next_minutes, ==, 3);
}

/* What a cell's popover lists: the member's readings with their status. */
static void
test_member_readings (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(ScGroupView) view = compute (f, "2024-03-10");
  g_autoptr(GPtrArray) ben_1 = sc_group_view_member_readings (view, f->ben->id, 1);
  g_autoptr(GPtrArray) ben_2 = sc_group_view_member_readings (view, f->ben->id, 2);
  g_autoptr(GPtrArray) ana_2 = sc_group_view_member_readings (view, f->ana->id, 2);
  g_autoptr(GPtrArray) ana_3 = sc_group_view_member_readings (view, f->ana->id, 3);
  ScGroupViewReading *r;

  g_assert_cmpuint (ben_1->len, ==, 2);
  r = g_ptr_array_index (ben_1, 0);
  g_assert_cmpstr (r->title, ==, "Wages and Profit — w1 to w3");
  g_assert_cmpint (r->status, ==, SC_READING_DONE);
  r = g_ptr_array_index (ben_1, 1);
  g_assert_cmpstr (r->title, ==, "profit");
  g_assert_cmpint (r->status, ==, SC_READING_NOT_STARTED);

  /* Ben's own reading is his alone. */
  g_assert_cmpuint (ben_2->len, ==, 2);
  g_assert_cmpint (((ScGroupViewReading *) g_ptr_array_index (ben_2, 0))->status, ==, SC_READING_NOT_STARTED);
  g_assert_cmpint (((ScGroupViewReading *) g_ptr_array_index (ben_2, 1))->status, ==, SC_READING_READING);
  g_assert_cmpuint (ana_2->len, ==, 1);
  g_assert_cmpint (((ScGroupViewReading *) g_ptr_array_index (ana_2, 0))->status, ==, SC_READING_DONE);

  /* An outside work keeps its own title and is never in the library. */
  g_assert_cmpuint (ana_3->len, ==, 1);
  r = g_ptr_array_index (ana_3, 0);
  g_assert_cmpstr (r->title, ==, "Wage Labour and Capital");
  g_assert_null (r->text_id);
  g_assert_false (r->in_library);
}

/* What a click in the grid writes shows at once in a new view. */
static void
test_after_toggles (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ScGroupView) before = compute (f, "2024-03-10");
  g_autoptr(ScGroupView) after = NULL;
  ScGroupViewMember *carla = sc_group_view_find_member (before, f->carla->id, NULL);
  ScAttendance next = sc_group_view_next_attendance (carla->cells[0].attendance);

  /* Ben ticks the guide's reading of session 2; Carla's attendance at
   * session 1 goes one step round: excused → not recorded. */
  mark (f, f->ben, "guide:session-2:1", SC_READING_DONE);
  attend (f, f->carla, 1, next);
  after = compute (f, "2024-03-10");

  assert_cell (after, 1, 2, 1, 2, "1/2", SC_ATTENDANCE_UNKNOWN);
  assert_cell (after, 2, 1, 0, 2, "0/2", SC_ATTENDANCE_UNKNOWN);
  /* 2 of 4 now; Ben 2 of 4 up to session 2. */
  assert_bar (after, 2, 0.5, "50%", TRUE, FALSE);
  g_assert_cmpfloat_with_epsilon (((ScGroupViewMember *) g_ptr_array_index (after->members, 1))->completion,
                                  0.5, 1e-9);
  g_assert_cmpstr (((ScGroupViewMember *) g_ptr_array_index (after->members, 2))->attendance_label, ==,
                   "Not recorded");
  /* Still behind: his extra reading is not done. */
  g_assert_cmpuint (g_strv_length (after->behind), ==, 2);
}

/* After the last meeting nothing is next, and every session is past. */
static void
test_all_past (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ScGroupView) view = compute (f, "2024-04-01");

  g_assert_cmpuint (view->next_session, ==, 0);
  g_assert_cmpstr (view->next_label, ==, "Every session has met");
  g_assert_cmpuint (view->next_readings->len, ==, 0);
  g_assert_cmpuint (g_strv_length (view->behind), ==, 0);
  g_assert_cmpstr (((ScGroupViewMember *) g_ptr_array_index (view->members, 0))->ready_label, ==,
                   "No meeting ahead");
  for (guint i = 0; i < view->n_sessions; i++)
    {
      ScGroupViewSession *session = g_ptr_array_index (view->schedule, i);

      g_assert_cmpuint (session->session, ==, i + 1);
      g_assert_true (session->is_past);
    }
}

/* Without its guide (not in the library), the group shows its assigned
 * readings only; another guide than its own is not used. */
static void
test_without_guide (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScGroupView) view = sc_group_view_compute (f->store, f->group->id, NULL, "2024-03-10", &error);
  g_autofree char *other_xml = g_strdup (guide_xml);
  g_autoptr(ScGuide) other = NULL;
  g_autoptr(ScGroupView) with_other = NULL;
  ScGroupViewSources sources = { 0 };

  g_assert_no_error (error);
  g_assert_null (view->guide_title);
  g_assert_cmpuint (view->n_sessions, ==, 2);
  g_assert_cmpstr (sc_group_view_get_session (view, 2)->heading, ==, "Session 2");
  assert_cell (view, 1, 2, 0, 1, "0/1", SC_ATTENDANCE_UNKNOWN);
  assert_cell (view, 0, 2, 0, 0, "–", SC_ATTENDANCE_UNKNOWN);
  g_assert_true (((ScGroupViewBar *) g_ptr_array_index (view->bars, 0))->empty);
  g_assert_cmpstr (((ScGroupViewBar *) g_ptr_array_index (view->bars, 0))->value_label, ==, "–");

  memcpy (strstr (other_xml, "circle-guide"), "other--guide", strlen ("circle-guide"));
  other = sc_guide_read_memory (other_xml, strlen (other_xml), "other.xml", &error);
  g_assert_no_error (error);
  sources.guide = other;
  with_other = sc_group_view_compute (f->store, f->group->id, &sources, "2024-03-10", &error);
  g_assert_no_error (error);
  g_assert_null (with_other->guide_title);
  g_assert_cmpuint (with_other->n_sessions, ==, 2);

  /* An unknown group is an error, not an empty view. */
  g_assert_null (sc_group_view_compute (f->store, "no-such-group", NULL, "2024-03-10", &error));
  g_assert_error (error, SC_ERROR, SC_ERROR_NOT_FOUND);
}

static void
test_sort_groups (void)
{
  struct { const char *name; ScGroupStatus status; } groups[] = {
    { "Alpha", SC_GROUP_FINISHED },
    { "Zeta", SC_GROUP_ACTIVE },
    { "Beta", SC_GROUP_PLANNED },
    { "Gamma", SC_GROUP_ARCHIVED },
    { "Mu", SC_GROUP_ACTIVE },
  };
  const char *expected[] = { "Mu", "Zeta", "Beta", "Alpha", "Gamma" };
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_study_group_free);

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      ScGroup *group = sc_study_group_new (groups[i].name);

      group->status = groups[i].status;
      g_ptr_array_add (list, group);
    }
  sc_group_view_sort_groups (list);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (((ScGroup *) g_ptr_array_index (list, i))->name, ==, expected[i]);
}

static void
test_words (void)
{
  g_autofree char *leap = sc_group_view_format_date ("2024-02-29");
  g_autofree char *bad = sc_group_view_format_date ("2023-02-29");
  g_autofree char *none = sc_group_view_format_date (NULL);
  const char *labels[][3] = { { "0", "0", "–" }, { "2", "3", "2/3" }, { "3", "3", "✓" }, { "0", "2", "0/2" } };
  ScAttendance a = SC_ATTENDANCE_UNKNOWN;
  const char *cycle[] = { "Present", "Absent", "Excused", "Not recorded" };

  g_assert_cmpstr (leap, ==, "Thu, 29 Feb 2024");
  g_assert_null (bad);
  g_assert_null (none);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *label = sc_group_view_reading_label ((guint) atoi (labels[i][0]), (guint) atoi (labels[i][1]));

      g_assert_cmpstr (label, ==, labels[i][2]);
    }

  /* Four clicks go round to where they started. */
  for (guint i = 0; i < G_N_ELEMENTS (cycle); i++)
    {
      a = sc_group_view_next_attendance (a);
      g_assert_cmpstr (sc_group_view_attendance_label (a), ==, cycle[i]);
    }
  g_assert_cmpint (a, ==, SC_ATTENDANCE_UNKNOWN);

  {
    g_autofree char *third = sc_group_view_percent (1.0 / 3);
    g_autofree char *two_thirds = sc_group_view_percent (2.0 / 3);
    g_autofree char *all = sc_group_view_percent (1.0);

    g_assert_cmpstr (third, ==, "33%");
    g_assert_cmpstr (two_thirds, ==, "67%");
    g_assert_cmpstr (all, ==, "100%");
  }
}

#define TEST(name, func) \
  g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/group-view/words", test_words);
  g_test_add_func ("/group-view/sort-groups", test_sort_groups);
  TEST ("/group-view/schedule", test_schedule);
  TEST ("/group-view/grid", test_grid);
  TEST ("/group-view/chart-and-behind", test_chart_and_behind);
  TEST ("/group-view/member-readings", test_member_readings);
  TEST ("/group-view/after-toggles", test_after_toggles);
  TEST ("/group-view/all-past", test_all_past);
  TEST ("/group-view/without-guide", test_without_guide);

  return g_test_run ();
}
