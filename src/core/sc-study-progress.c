/* sc-study-progress.c: what a group's records add up to
 *
 * Everything here is derived: nothing is stored, so the numbers follow the
 * records (and the guide) whatever changed them — the app, the CLI or an
 * import.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-study-progress.h"

/* Readings */

guint
sc_study_reading_minutes (guint words,
                          guint words_per_minute)
{
  if (words_per_minute == 0)
    return 0;

  return words / words_per_minute + (words % words_per_minute != 0 ? 1 : 0);
}

static guint
reading_minutes (guint            given,
                 const char      *text_id,
                 const char      *from,
                 const char      *to,
                 ScWordCountFunc  word_count,
                 gpointer         user_data,
                 guint            words_per_minute)
{
  if (given > 0)
    return given;
  if (text_id == NULL || word_count == NULL || words_per_minute == 0)
    return 0;

  return sc_study_reading_minutes (word_count (text_id, from, to, user_data), words_per_minute);
}

/* An external work is never in the library; a text is when the lookup
 * knows it and the sections it names. */
static gboolean
reading_in_library (const char   *text_id,
                    const char   *from,
                    const char   *to,
                    ScLookupFunc  lookup,
                    gpointer      user_data)
{
  if (text_id == NULL)
    return FALSE;
  if (lookup == NULL)
    return TRUE;

  return lookup (text_id, NULL, user_data) &&
         (from == NULL || lookup (text_id, from, user_data)) &&
         (to == NULL || lookup (text_id, to, user_data));
}

typedef struct {
  ScWordCountFunc  word_count;
  ScLookupFunc     lookup;
  gpointer         user_data;
  guint            words_per_minute;
} ReadingContext;

static void
add_guide_readings (GPtrArray            *readings,
                    ScGuide              *guide,
                    const ReadingContext *context)
{
  for (guint i = 0; i < guide->sessions->len; i++)
    {
      ScGuideSession *session = g_ptr_array_index (guide->sessions, i);

      for (guint j = 0; j < session->readings->len; j++)
        {
          ScReading *from_guide = g_ptr_array_index (session->readings, j);
          ScStudyReading *reading = g_new0 (ScStudyReading, 1);

          reading->key = g_strdup_printf ("guide:%s:%u", session->id, j + 1);
          reading->session = session->number;
          reading->text_id = g_strdup (from_guide->text_id);
          reading->from = g_strdup (from_guide->from);
          reading->to = g_strdup (from_guide->to);
          reading->title = g_strdup (from_guide->title);
          reading->note = g_strdup (from_guide->note);
          reading->minutes = reading_minutes (from_guide->minutes, reading->text_id,
                                              reading->from, reading->to,
                                              context->word_count, context->user_data,
                                              context->words_per_minute);
          reading->in_library = reading_in_library (reading->text_id, reading->from, reading->to,
                                                    context->lookup, context->user_data);
          g_ptr_array_add (readings, reading);
        }
    }
}

/* @members: ids of the current members. A reading for one member who left
 * the group is nobody's now. */
static void
add_assignment_readings (GPtrArray            *readings,
                         GPtrArray            *assignments,
                         GHashTable           *members,
                         const ReadingContext *context)
{
  for (guint i = 0; i < assignments->len; i++)
    {
      ScAssignment *assignment = g_ptr_array_index (assignments, i);
      ScStudyReading *reading;

      if (assignment->member_id != NULL && !g_hash_table_contains (members, assignment->member_id))
        continue;

      reading = g_new0 (ScStudyReading, 1);

      reading->key = g_strconcat ("assignment:", assignment->id, NULL);
      reading->session = assignment->due_session;
      reading->text_id = g_strdup (assignment->text_id);
      reading->from = g_strdup (assignment->from);
      reading->to = g_strdup (assignment->to);
      reading->member_id = g_strdup (assignment->member_id);
      reading->due_date = g_strdup (assignment->due_date);
      reading->note = g_strdup (assignment->note);
      reading->minutes = reading_minutes (0, reading->text_id, reading->from, reading->to,
                                          context->word_count, context->user_data,
                                          context->words_per_minute);
      reading->in_library = reading_in_library (reading->text_id, reading->from, reading->to,
                                                context->lookup, context->user_data);
      g_ptr_array_add (readings, reading);
    }
}

/* By session; readings not tied to a session last. */
static int
compare_reading_sessions (gconstpointer a,
                          gconstpointer b)
{
  const ScStudyReading *ra = *(const ScStudyReading **) a;
  const ScStudyReading *rb = *(const ScStudyReading **) b;
  guint sa = ra->session != 0 ? ra->session : G_MAXUINT;
  guint sb = rb->session != 0 ? rb->session : G_MAXUINT;

  return (sa > sb) - (sa < sb);
}

/* The session a reading counts for: its own, or for one due on a date
 * only, the first meeting on or after that date (0: none, or no date). */
static guint
effective_session (const ScStudyReading *reading,
                   GPtrArray            *meetings)
{
  if (reading->session != 0 || reading->due_date == NULL)
    return reading->session;

  for (guint i = 0; i < meetings->len; i++)
    {
      ScMeeting *meeting = g_ptr_array_index (meetings, i);

      if (meeting->date != NULL && strcmp (meeting->date, reading->due_date) >= 0)
        return meeting->session;
    }

  return 0;
}

static guint
count_sessions (ScGuide   *guide,
                GPtrArray *readings,
                guint      from_store)
{
  guint n = from_store;

  if (guide != NULL)
    for (guint i = 0; i < guide->sessions->len; i++)
      n = MAX (n, ((ScGuideSession *) g_ptr_array_index (guide->sessions, i))->number);

  for (guint i = 0; i < readings->len; i++)
    n = MAX (n, ((ScStudyReading *) g_ptr_array_index (readings, i))->session);

  return n;
}

/* The group's schedule: the guide's sessions, or as far as the readings
 * and the store's records go. */
static GPtrArray *
schedule (ScStudyStore   *store,
          const ScGroup  *group,
          ScGuide        *guide,
          GPtrArray      *readings,
          GError        **error)
{
  g_autoptr(GPtrArray) known = sc_study_store_list_meetings (store, group->id, 0, error);

  if (known == NULL)
    return NULL;

  return sc_study_store_list_meetings (store, group->id, count_sessions (guide, readings, known->len),
                                       error);
}

static GPtrArray *
all_readings (ScStudyStore          *store,
              const ScGroup         *group,
              ScGuide               *guide,
              const ReadingContext  *context,
              GError               **error)
{
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GHashTable) member_ids = NULL;
  g_autoptr(GPtrArray) readings = NULL;

  if (guide != NULL && group->guide_id != NULL && g_strcmp0 (guide->id, group->guide_id) != 0)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID,
                   _("Group “%s” follows guide “%s”, not “%s”"),
                   group->name, group->guide_id, guide->id);
      return NULL;
    }

  assignments = sc_study_store_list_assignments (store, group->id, error);
  members = sc_study_store_list_members (store, group->id, error);
  if (assignments == NULL || members == NULL)
    return NULL;

  member_ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < members->len; i++)
    g_hash_table_add (member_ids, ((ScMember *) g_ptr_array_index (members, i))->id);

  readings = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_study_reading_free);
  if (guide != NULL)
    add_guide_readings (readings, guide, context);
  add_assignment_readings (readings, assignments, member_ids, context);

  /* g_ptr_array_sort() is stable: guide order, then assignment order. */
  g_ptr_array_sort (readings, compare_reading_sessions);
  return g_steal_pointer (&readings);
}

/* The readings, each with the session it counts for, and the schedule. */
static GPtrArray *
readings_and_schedule (ScStudyStore          *store,
                       const ScGroup         *group,
                       ScGuide               *guide,
                       const ReadingContext  *context,
                       GPtrArray            **meetings,
                       GError               **error)
{
  g_autoptr(GPtrArray) readings = all_readings (store, group, guide, context, error);

  if (readings == NULL)
    return NULL;

  *meetings = schedule (store, group, guide, readings, error);
  if (*meetings == NULL)
    return NULL;

  for (guint i = 0; i < readings->len; i++)
    {
      ScStudyReading *reading = g_ptr_array_index (readings, i);

      reading->counts_at = effective_session (reading, *meetings);
    }
  return g_steal_pointer (&readings);
}

/* Group progress */

static void
member_progress_free (ScMemberProgress *member)
{
  g_free (member->member_id);
  g_free (member->name);
  g_free (member->sessions);
  g_free (member);
}

static void
session_progress_free (ScSessionProgress *session)
{
  g_free (session->date);
  g_free (session);
}

void
sc_group_progress_free (ScGroupProgress *progress)
{
  if (progress == NULL)
    return;

  g_free (progress->group_id);
  g_free (progress->next_date);
  g_clear_pointer (&progress->members, g_ptr_array_unref);
  g_clear_pointer (&progress->sessions, g_ptr_array_unref);
  g_strfreev (progress->behind);
  g_free (progress);
}

static double
share (guint part,
       guint whole)
{
  return whole > 0 ? (double) part / whole : 1.0;
}

static char *
progress_key (const char *member_id,
              const char *reading_key)
{
  return g_strconcat (member_id, "\n", reading_key, NULL);
}

/* Everything sc_group_progress_compute() needs, loaded once. */
typedef struct {
  GPtrArray  *readings;   /* ScStudyReading, with counts_at */
  GPtrArray  *meetings;   /* ScMeeting, 1 … n */
  GPtrArray  *members;    /* ScMember, current */
  GHashTable *done;       /* progress_key() of each reading done */
  gboolean   *recorded;   /* [session]: anyone's attendance recorded */
  GPtrArray  *attendance; /* ScAttendanceRecord */
} Records;

static void
records_clear (Records *records)
{
  g_clear_pointer (&records->readings, g_ptr_array_unref);
  g_clear_pointer (&records->meetings, g_ptr_array_unref);
  g_clear_pointer (&records->members, g_ptr_array_unref);
  g_clear_pointer (&records->done, g_hash_table_unref);
  g_clear_pointer (&records->recorded, g_free);
  g_clear_pointer (&records->attendance, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Records, records_clear)

static gboolean
load_records (ScStudyStore          *store,
              const ScGroup         *group,
              ScGuide               *guide,
              const ReadingContext  *context,
              Records               *records,
              GError               **error)
{
  g_autoptr(GPtrArray) progress = NULL;
  guint n_sessions;

  records->readings = readings_and_schedule (store, group, guide, context, &records->meetings, error);
  if (records->readings == NULL)
    return FALSE;

  n_sessions = records->meetings->len;
  records->members = sc_study_store_list_members (store, group->id, error);
  if (records->members == NULL)
    return FALSE;
  progress = sc_study_store_list_progress (store, group->id, error);
  if (progress == NULL)
    return FALSE;
  records->attendance = sc_study_store_list_attendance (store, group->id, error);
  if (records->attendance == NULL)
    return FALSE;

  records->done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < progress->len; i++)
    {
      ScProgress *p = g_ptr_array_index (progress, i);

      if (p->status == SC_READING_DONE)
        g_hash_table_add (records->done, progress_key (p->member_id, p->reading_key));
    }

  records->recorded = g_new0 (gboolean, n_sessions + 1);
  for (guint i = 0; i < records->attendance->len; i++)
    {
      ScAttendanceRecord *a = g_ptr_array_index (records->attendance, i);

      if (a->attendance != SC_ATTENDANCE_UNKNOWN && a->session <= n_sessions)
        records->recorded[a->session] = TRUE;
    }

  return TRUE;
}

/* A session is past when its meeting was before today; one without a
 * date is past once anyone's attendance has been recorded for it. */
static guint
find_next_session (const Records *records,
                   const char    *today)
{
  for (guint i = 0; i < records->meetings->len; i++)
    {
      ScMeeting *meeting = g_ptr_array_index (records->meetings, i);
      gboolean past;

      if (meeting->date != NULL)
        past = strcmp (meeting->date, today) < 0;
      else
        past = records->recorded[meeting->session];

      if (!past)
        return meeting->session;
    }

  return 0;
}

static gboolean
reading_is_for (const ScStudyReading *reading,
                const ScMember       *member)
{
  return reading->member_id == NULL || g_strcmp0 (reading->member_id, member->id) == 0;
}

static gboolean
reading_is_done (const Records        *records,
                 const ScStudyReading *reading,
                 const ScMember       *member)
{
  g_autofree char *key = progress_key (member->id, reading->key);

  return g_hash_table_contains (records->done, key);
}

static ScMemberProgress *
compute_member (const Records  *records,
                const ScMember *member,
                guint           next)
{
  ScMemberProgress *mp = g_new0 (ScMemberProgress, 1);

  mp->member_id = g_strdup (member->id);
  mp->name = g_strdup (member->name);
  mp->sessions = g_new0 (ScMemberSessionProgress, MAX (1, records->meetings->len));

  for (guint i = 0; i < records->readings->len; i++)
    {
      ScStudyReading *reading = g_ptr_array_index (records->readings, i);
      guint session = reading->counts_at;
      gboolean done;

      if (session == 0 || !reading_is_for (reading, member))
        continue;

      done = reading_is_done (records, reading, member);
      mp->sessions[session - 1].assigned++;
      mp->sessions[session - 1].done += done;
      if (next != 0 && session > next)
        continue;

      mp->assigned++;
      mp->done += done;
      if (session == next)
        {
          mp->next_assigned++;
          mp->next_done += done;
        }
    }

  for (guint i = 0; i < records->attendance->len; i++)
    {
      ScAttendanceRecord *a = g_ptr_array_index (records->attendance, i);

      if (g_strcmp0 (a->member_id, member->id) != 0)
        continue;

      mp->present += a->attendance == SC_ATTENDANCE_PRESENT;
      mp->absent += a->attendance == SC_ATTENDANCE_ABSENT;
      mp->excused += a->attendance == SC_ATTENDANCE_EXCUSED;
    }

  mp->ready = share (mp->next_done, mp->next_assigned);
  mp->completion = share (mp->done, mp->assigned);
  /* Excused counts as neither present nor absent: a member who sent word
   * is not held to a rate of sessions they could not come to. */
  mp->attendance_rate = mp->present + mp->absent > 0 ?
                        (double) mp->present / (mp->present + mp->absent) : 0.0;
  mp->behind = next != 0 && mp->ready < 1.0;
  return mp;
}

static ScSessionProgress *
compute_session (const Records   *records,
                 const ScMeeting *meeting)
{
  ScSessionProgress *sp = g_new0 (ScSessionProgress, 1);

  sp->session = meeting->session;
  sp->date = g_strdup (meeting->date);

  for (guint i = 0; i < records->readings->len; i++)
    {
      ScStudyReading *reading = g_ptr_array_index (records->readings, i);

      if (reading->counts_at != meeting->session)
        continue;

      sp->readings++;
      for (guint m = 0; m < records->members->len; m++)
        {
          ScMember *member = g_ptr_array_index (records->members, m);

          if (!reading_is_for (reading, member))
            continue;

          sp->pairs++;
          sp->pairs_done += reading_is_done (records, reading, member);
        }

      /* Minutes are what everyone reads: one member's extra reading would
       * not say how long the group's preparation takes. */
      if (reading->member_id == NULL)
        sp->minutes += reading->minutes;
    }

  sp->completion = share (sp->pairs_done, sp->pairs);
  return sp;
}

GPtrArray *
sc_study_group_readings (ScStudyStore     *store,
                         const char       *group_id,
                         ScGuide          *guide,
                         guint             session,
                         ScWordCountFunc   word_count,
                         ScLookupFunc      lookup,
                         gpointer          user_data,
                         guint             words_per_minute,
                         GError          **error)
{
  ReadingContext context = { word_count, lookup, user_data, words_per_minute };
  g_autoptr(ScGroup) group = NULL;
  g_autoptr(GPtrArray) readings = NULL;
  g_autoptr(GPtrArray) meetings = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  group = sc_study_store_find_group (store, group_id, error);
  if (group == NULL)
    return NULL;

  readings = readings_and_schedule (store, group, guide, &context, &meetings, error);
  if (readings == NULL)
    return NULL;

  if (session != 0)
    for (guint i = readings->len; i > 0; i--)
      if (((ScStudyReading *) g_ptr_array_index (readings, i - 1))->counts_at != session)
        g_ptr_array_remove_index (readings, i - 1);

  return g_steal_pointer (&readings);
}

ScGroupProgress *
sc_group_progress_compute (ScStudyStore     *store,
                           const char       *group_id,
                           ScGuide          *guide,
                           const char       *today,
                           ScWordCountFunc   word_count,
                           ScLookupFunc      lookup,
                           gpointer          user_data,
                           guint             words_per_minute,
                           GError          **error)
{
  ReadingContext context = { word_count, lookup, user_data, words_per_minute };
  g_auto(Records) records = { 0, };
  g_autoptr(ScGroup) group = NULL;
  g_autoptr(GStrvBuilder) behind = NULL;
  ScGroupProgress *progress;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (today != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sc_date_is_valid (today))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID, _("Not a date (YYYY-MM-DD): “%s”"), today);
      return NULL;
    }

  group = sc_study_store_find_group (store, group_id, error);
  if (group == NULL || !load_records (store, group, guide, &context, &records, error))
    return NULL;

  progress = g_new0 (ScGroupProgress, 1);
  progress->group_id = g_strdup (group->id);
  progress->n_sessions = records.meetings->len;
  progress->next_session = find_next_session (&records, today);
  if (progress->next_session != 0)
    progress->next_date = g_strdup (((ScMeeting *) g_ptr_array_index (records.meetings,
                                                                      progress->next_session - 1))->date);

  progress->members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_progress_free);
  behind = g_strv_builder_new ();
  for (guint i = 0; i < records.members->len; i++)
    {
      ScMemberProgress *mp = compute_member (&records, g_ptr_array_index (records.members, i),
                                             progress->next_session);

      if (mp->behind)
        g_strv_builder_add (behind, mp->name);
      g_ptr_array_add (progress->members, mp);
    }
  progress->behind = g_strv_builder_end (behind);

  progress->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) session_progress_free);
  for (guint i = 0; i < records.meetings->len; i++)
    g_ptr_array_add (progress->sessions,
                     compute_session (&records, g_ptr_array_index (records.meetings, i)));

  return progress;
}
