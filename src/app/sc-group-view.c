/* sc-group-view.c: what the Groups page shows, as plain data
 *
 * Counting is sc_group_progress_compute()'s: this file only arranges its
 * numbers the way the page shows them (a cell per member and session, a
 * bar per session, the schedule with the next meeting first) and words
 * them for people.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sc-group-view.h"

/* Freeing ----------------------------------------------------------------- */

static void
view_reading_free (ScGroupViewReading *reading)
{
  g_free (reading->key);
  g_free (reading->title);
  g_free (reading->text_id);
  g_free (reading->from);
  g_free (reading->member_id);
  g_free (reading->member_name);
  g_free (reading);
}

static void
view_member_free (gpointer data,
                  guint    n_sessions)
{
  ScGroupViewMember *member = data;

  for (guint s = 0; s < n_sessions; s++)
    g_free (member->cells[s].reading_label);
  g_free (member->cells);
  g_free (member->member_id);
  g_free (member->name);
  g_free (member->completion_label);
  g_free (member->ready_label);
  g_free (member->attendance_label);
  g_free (member);
}

static void
view_session_free (ScGroupViewSession *session)
{
  g_free (session->title);
  g_free (session->heading);
  g_free (session->date);
  g_free (session->date_label);
  g_free (session->place);
  g_free (session);
}

static void
view_bar_free (ScGroupViewBar *bar)
{
  g_free (bar->label);
  g_free (bar->value_label);
  g_free (bar->description);
  g_free (bar);
}

ScGroupView *
sc_group_view_ref (ScGroupView *view)
{
  g_return_val_if_fail (view != NULL, NULL);

  g_atomic_int_inc (&view->ref_count);
  return view;
}

void
sc_group_view_unref (ScGroupView *view)
{
  if (view == NULL || !g_atomic_int_dec_and_test (&view->ref_count))
    return;

  if (view->members != NULL)
    for (guint i = 0; i < view->members->len; i++)
      view_member_free (g_ptr_array_index (view->members, i), view->n_sessions);
  g_clear_pointer (&view->members, g_ptr_array_unref);
  g_clear_pointer (&view->group, sc_study_group_free);
  g_free (view->guide_title);
  g_free (view->status_label);
  g_clear_pointer (&view->schedule, g_ptr_array_unref);
  g_clear_pointer (&view->sessions, g_ptr_array_unref);
  g_clear_pointer (&view->bars, g_ptr_array_unref);
  g_clear_pointer (&view->next_readings, g_ptr_array_unref);
  g_strfreev (view->behind);
  g_free (view->ready_label);
  g_free (view->next_label);
  g_free (view->me_id);
  g_clear_pointer (&view->readings, g_ptr_array_unref);
  g_free (view->counts_at);
  g_clear_pointer (&view->status, g_hash_table_unref);
  g_free (view);
}

/* Words ------------------------------------------------------------------- */

char *
sc_group_view_percent (double share)
{
  return g_strdup_printf ("%d%%", (int) (CLAMP (share, 0.0, 1.0) * 100.0 + 0.5));
}

char *
sc_group_view_reading_label (guint done,
                             guint assigned)
{
  if (assigned == 0)
    return g_strdup ("–");
  if (done >= assigned)
    return g_strdup ("✓");
  return g_strdup_printf ("%u/%u", done, assigned);
}

char *
sc_group_view_format_date (const char *iso)
{
  g_autoptr(GDateTime) date = NULL;

  if (!sc_date_is_valid (iso))
    return NULL;

  date = g_date_time_new_utc ((int) g_ascii_strtoull (iso, NULL, 10),
                              (int) g_ascii_strtoull (iso + 5, NULL, 10),
                              (int) g_ascii_strtoull (iso + 8, NULL, 10),
                              0, 0, 0);
  if (date == NULL)
    return g_strdup (iso);
  /* Translators: a meeting's date, "Tue, 12 Mar 2024"; see
   * g_date_time_format() for the codes */
  /* xgettext:no-c-format */
  return g_date_time_format (date, _("%a, %-d %b %Y"));
}

const char *
sc_group_view_attendance_label (ScAttendance attendance)
{
  switch (attendance)
    {
    case SC_ATTENDANCE_PRESENT:
      return _("Present");
    case SC_ATTENDANCE_ABSENT:
      return _("Absent");
    case SC_ATTENDANCE_EXCUSED:
      return _("Excused");
    case SC_ATTENDANCE_UNKNOWN:
    default:
      return _("Not recorded");
    }
}

ScAttendance
sc_group_view_next_attendance (ScAttendance attendance)
{
  switch (attendance)
    {
    case SC_ATTENDANCE_UNKNOWN:
      return SC_ATTENDANCE_PRESENT;
    case SC_ATTENDANCE_PRESENT:
      return SC_ATTENDANCE_ABSENT;
    case SC_ATTENDANCE_ABSENT:
      return SC_ATTENDANCE_EXCUSED;
    case SC_ATTENDANCE_EXCUSED:
    default:
      return SC_ATTENDANCE_UNKNOWN;
    }
}

const char *
sc_group_view_status_label (ScGroupStatus status)
{
  switch (status)
    {
    case SC_GROUP_PLANNED:
      return _("Planned");
    case SC_GROUP_ACTIVE:
      return _("Active");
    case SC_GROUP_FINISHED:
      return _("Finished");
    case SC_GROUP_ARCHIVED:
    default:
      return _("Archived");
    }
}

/* The order of the list: what meets now first. */
static int
status_rank (ScGroupStatus status)
{
  switch (status)
    {
    case SC_GROUP_ACTIVE:
      return 0;
    case SC_GROUP_PLANNED:
      return 1;
    case SC_GROUP_FINISHED:
      return 2;
    case SC_GROUP_ARCHIVED:
    default:
      return 3;
    }
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const ScGroup *ga = *(const ScGroup **) a;
  const ScGroup *gb = *(const ScGroup **) b;
  g_autofree char *ka = NULL;
  g_autofree char *kb = NULL;
  int rank = status_rank (ga->status) - status_rank (gb->status);

  if (rank != 0)
    return rank;
  ka = g_utf8_collate_key (ga->name, -1);
  kb = g_utf8_collate_key (gb->name, -1);
  return strcmp (ka, kb);
}

void
sc_group_view_sort_groups (GPtrArray *groups)
{
  g_return_if_fail (groups != NULL);

  g_ptr_array_sort (groups, compare_groups);
}

/* Readings ---------------------------------------------------------------- */

static char *
fallback_title (const char *text_id,
                const char *from,
                const char *to)
{
  if (from == NULL)
    return g_strdup (text_id);
  if (to == NULL || strcmp (from, to) == 0)
    /* Translators: a reading: the text's title — the section's heading */
    return g_strdup_printf (_("%s — %s"), text_id, from);
  /* Translators: a reading: the text's title — first to last section */
  return g_strdup_printf (_("%s — %s to %s"), text_id, from, to);
}

static char *
reading_title (const ScStudyReading       *reading,
               const ScGroupViewSources   *sources)
{
  char *title = NULL;

  if (reading->text_id == NULL)
    return g_strdup (reading->title != NULL ? reading->title : _("Untitled reading"));

  if (sources->name != NULL)
    title = sources->name (reading->text_id, reading->from, reading->to, sources->user_data);
  return title != NULL ? title : fallback_title (reading->text_id, reading->from, reading->to);
}

static const char *
member_name (GPtrArray  *members,
             const char *member_id)
{
  for (guint i = 0; members != NULL && i < members->len; i++)
    {
      ScMember *member = g_ptr_array_index (members, i);

      if (g_strcmp0 (member->id, member_id) == 0)
        return member->name;
    }
  return NULL;
}

static ScGroupViewReading *
view_reading_new (const ScStudyReading     *reading,
                  const ScGroupViewSources *sources,
                  GPtrArray                *members)
{
  ScGroupViewReading *view_reading = g_new0 (ScGroupViewReading, 1);

  view_reading->key = g_strdup (reading->key);
  view_reading->title = reading_title (reading, sources);
  view_reading->text_id = g_strdup (reading->text_id);
  view_reading->from = g_strdup (reading->from);
  view_reading->minutes = reading->minutes;
  view_reading->in_library = reading->in_library;
  view_reading->member_id = g_strdup (reading->member_id);
  view_reading->member_name = g_strdup (member_name (members, reading->member_id));
  return view_reading;
}

static ScGroupViewReading *
view_reading_copy (const ScGroupViewReading *reading)
{
  ScGroupViewReading *copy = g_memdup2 (reading, sizeof *reading);

  copy->key = g_strdup (reading->key);
  copy->title = g_strdup (reading->title);
  copy->text_id = g_strdup (reading->text_id);
  copy->from = g_strdup (reading->from);
  copy->member_id = g_strdup (reading->member_id);
  copy->member_name = g_strdup (reading->member_name);
  return copy;
}

static char *
status_key (const char *member_id,
            const char *reading_key)
{
  return g_strconcat (member_id, "\n", reading_key, NULL);
}

/* The view ---------------------------------------------------------------- */

typedef struct {
  ScGroupProgress *progress;
  GPtrArray       *meetings;     /* ScMeeting, 1 … n */
  GPtrArray       *members;      /* ScMember, current */
  GPtrArray       *attendance;   /* ScAttendanceRecord */
  GPtrArray       *records;      /* ScProgress */
  GPtrArray       *readings;     /* ScStudyReading */
} Loaded;

static void
loaded_clear (Loaded *loaded)
{
  g_clear_pointer (&loaded->progress, sc_group_progress_free);
  g_clear_pointer (&loaded->meetings, g_ptr_array_unref);
  g_clear_pointer (&loaded->members, g_ptr_array_unref);
  g_clear_pointer (&loaded->attendance, g_ptr_array_unref);
  g_clear_pointer (&loaded->records, g_ptr_array_unref);
  g_clear_pointer (&loaded->readings, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Loaded, loaded_clear)

static gboolean
load (ScStudyStore              *store,
      const ScGroup             *group,
      const ScGroupViewSources  *sources,
      const char                *today,
      Loaded                    *loaded,
      GError                   **error)
{
  loaded->progress = sc_group_progress_compute (store, group->id, sources->guide, today,
                                                sources->word_count, sources->lookup, sources->user_data,
                                                SC_STUDY_WORDS_PER_MINUTE, error);
  if (loaded->progress == NULL)
    return FALSE;
  loaded->meetings = sc_study_store_list_meetings (store, group->id, loaded->progress->n_sessions, error);
  if (loaded->meetings == NULL)
    return FALSE;
  loaded->members = sc_study_store_list_members (store, group->id, error);
  if (loaded->members == NULL)
    return FALSE;
  loaded->attendance = sc_study_store_list_attendance (store, group->id, error);
  if (loaded->attendance == NULL)
    return FALSE;
  loaded->records = sc_study_store_list_progress (store, group->id, error);
  if (loaded->records == NULL)
    return FALSE;
  loaded->readings = sc_study_group_readings (store, group->id, sources->guide, 0,
                                              sources->word_count, sources->lookup, sources->user_data,
                                              SC_STUDY_WORDS_PER_MINUTE, error);
  return loaded->readings != NULL;
}

static ScGroupViewSession *
view_session_new (ScGroupView             *view,
                  const ScMeeting         *meeting,
                  const ScSessionProgress *numbers,
                  ScGuide                 *guide)
{
  ScGroupViewSession *session = g_new0 (ScGroupViewSession, 1);
  ScGuideSession *from_guide = NULL;
  char *date_label;

  if (guide != NULL && meeting->session <= guide->sessions->len)
    from_guide = g_ptr_array_index (guide->sessions, meeting->session - 1);

  session->session = meeting->session;
  session->title = from_guide != NULL ? g_strdup (from_guide->title) : NULL;
  session->heading = session->title != NULL
    /* Translators: a session's number and its title in the guide */
    ? g_strdup_printf (_("Session %u · %s"), meeting->session, session->title)
    : g_strdup_printf (_("Session %u"), meeting->session);
  session->date = g_strdup (meeting->date);
  date_label = sc_group_view_format_date (meeting->date);
  session->date_label = date_label != NULL ? date_label : g_strdup (_("No date yet"));
  session->place = g_strdup (meeting->place);
  session->date_set = meeting->date_set;
  session->is_next = meeting->session == view->next_session;
  session->is_past = view->next_session == 0 || meeting->session < view->next_session;
  session->readings = numbers->readings;
  session->minutes = numbers->minutes;
  session->pairs = numbers->pairs;
  session->pairs_done = numbers->pairs_done;
  session->completion = numbers->completion;
  return session;
}

static ScGroupViewBar *
view_bar_new (const ScGroupViewSession *session)
{
  ScGroupViewBar *bar = g_new0 (ScGroupViewBar, 1);

  bar->label = g_strdup_printf ("%u", session->session);
  bar->empty = session->pairs == 0;
  bar->value = bar->empty ? 0.0 : session->completion;
  bar->value_label = bar->empty ? g_strdup ("–") : sc_group_view_percent (bar->value);
  bar->highlight = session->is_next;
  bar->past = session->is_past;
  if (bar->empty)
    bar->description = g_strdup_printf (_("Session %u: nothing to read"), session->session);
  else
    /* Translators: a bar of the completion chart, for screen readers */
    bar->description = g_strdup_printf (_("Session %u: %s of the readings done"),
                                        session->session, bar->value_label);
  return bar;
}

static const ScAttendanceRecord *
find_attendance (GPtrArray  *attendance,
                 const char *member_id,
                 guint       session)
{
  for (guint i = 0; i < attendance->len; i++)
    {
      ScAttendanceRecord *record = g_ptr_array_index (attendance, i);

      if (record->session == session && g_strcmp0 (record->member_id, member_id) == 0)
        return record;
    }
  return NULL;
}

static char *
completion_label (const ScMemberProgress *mp)
{
  if (mp->assigned == 0)
    return g_strdup (_("Nothing to read yet"));
  /* Translators: readings done of those due so far */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u reading", "%u of %u readings", mp->assigned),
                          mp->done, mp->assigned);
}

static char *
ready_label (const ScMemberProgress *mp,
             guint                   next_session)
{
  if (next_session == 0)
    return g_strdup (_("No meeting ahead"));
  if (mp->next_assigned == 0)
    return g_strdup_printf (_("Nothing due for session %u"), next_session);
  /* Translators: readings done of those due at the next session */
  return g_strdup_printf (_("%u of %u for session %u"), mp->next_done, mp->next_assigned, next_session);
}

static char *
attendance_label (const ScMemberProgress *mp)
{
  guint counted = mp->present + mp->absent;
  g_autofree char *excused = NULL;

  if (mp->excused > 0)
    excused = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u excused", "%u excused", mp->excused),
                               mp->excused);
  if (counted == 0)
    return excused != NULL ? g_steal_pointer (&excused) : g_strdup (_("Not recorded"));
  if (excused != NULL)
    /* Translators: meetings attended of those recorded, then how many excused */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u meeting, %s", "%u of %u meetings, %s",
                                         counted),
                            mp->present, counted, excused);
  /* Translators: meetings attended of those recorded */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u meeting", "%u of %u meetings", counted),
                          mp->present, counted);
}

static ScGroupViewMember *
view_member_new (ScGroupView            *view,
                 const ScMemberProgress *mp,
                 const ScMember         *member,
                 GPtrArray              *attendance)
{
  ScGroupViewMember *row = g_new0 (ScGroupViewMember, 1);

  row->member_id = g_strdup (mp->member_id);
  row->name = g_strdup (mp->name);
  row->role = member != NULL ? member->role : SC_ROLE_MEMBER;
  row->is_me = g_strcmp0 (view->me_id, mp->member_id) == 0;
  row->behind = mp->behind;
  row->completion = mp->completion;
  row->ready = mp->ready;
  row->attendance_rate = mp->attendance_rate;
  row->attendance_known = mp->present + mp->absent > 0;
  row->completion_label = completion_label (mp);
  row->ready_label = ready_label (mp, view->next_session);
  row->attendance_label = attendance_label (mp);

  row->cells = g_new0 (ScGroupViewCell, MAX (1, view->n_sessions));
  for (guint s = 0; s < view->n_sessions; s++)
    {
      ScGroupViewCell *cell = &row->cells[s];
      const ScAttendanceRecord *record = find_attendance (attendance, mp->member_id, s + 1);

      cell->assigned = mp->sessions[s].assigned;
      cell->done = mp->sessions[s].done;
      cell->reading_label = sc_group_view_reading_label (cell->done, cell->assigned);
      cell->attendance = record != NULL ? record->attendance : SC_ATTENDANCE_UNKNOWN;
      cell->questions_prepared = record != NULL && record->questions_prepared;
    }
  return row;
}

static void
add_sessions (ScGroupView              *view,
              Loaded                   *loaded,
              const ScGroupViewSources *sources)
{
  view->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) view_session_free);
  view->bars = g_ptr_array_new_with_free_func ((GDestroyNotify) view_bar_free);
  view->schedule = g_ptr_array_new ();

  for (guint i = 0; i < view->n_sessions; i++)
    {
      ScGroupViewSession *session = view_session_new (view, g_ptr_array_index (loaded->meetings, i),
                                                      g_ptr_array_index (loaded->progress->sessions, i),
                                                      sources->guide);

      g_ptr_array_add (view->sessions, session);
      g_ptr_array_add (view->bars, view_bar_new (session));
    }

  /* The next meeting first, then the schedule in order. */
  if (view->next_session != 0)
    g_ptr_array_add (view->schedule, g_ptr_array_index (view->sessions, view->next_session - 1));
  for (guint i = 0; i < view->n_sessions; i++)
    if (i + 1 != view->next_session)
      g_ptr_array_add (view->schedule, g_ptr_array_index (view->sessions, i));
}

static void
add_members (ScGroupView *view,
             Loaded      *loaded)
{
  GStrvBuilder *behind = g_strv_builder_new ();
  guint assigned = 0, done = 0;

  view->members = g_ptr_array_new ();
  for (guint i = 0; i < loaded->progress->members->len; i++)
    {
      ScMemberProgress *mp = g_ptr_array_index (loaded->progress->members, i);
      const ScMember *member = NULL;

      for (guint m = 0; m < loaded->members->len; m++)
        if (g_strcmp0 (((ScMember *) g_ptr_array_index (loaded->members, m))->id, mp->member_id) == 0)
          member = g_ptr_array_index (loaded->members, m);

      g_ptr_array_add (view->members, view_member_new (view, mp, member, loaded->attendance));
      if (mp->behind)
        g_strv_builder_add (behind, mp->name);
      else if (view->next_session != 0)
        view->n_ready++;
      assigned += mp->assigned;
      done += mp->done;
    }

  view->behind = g_strv_builder_end (behind);
  g_strv_builder_unref (behind);
  view->ready_share = view->members->len > 0 ? (double) view->n_ready / view->members->len : 0.0;
  /* Translators: how many of the group's members did every reading for the next meeting */
  view->ready_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u member ready",
                                                    "%u of %u members ready", view->members->len),
                                       view->n_ready, view->members->len);
  view->has_completion = assigned > 0;
  view->completion = assigned > 0 ? (double) done / assigned : 0.0;
}

static void
add_readings (ScGroupView              *view,
              Loaded                   *loaded,
              const ScGroupViewSources *sources)
{
  view->readings = g_ptr_array_new_with_free_func ((GDestroyNotify) view_reading_free);
  view->next_readings = g_ptr_array_new_with_free_func ((GDestroyNotify) view_reading_free);
  view->counts_at = g_new0 (guint, MAX (1, loaded->readings->len));

  for (guint i = 0; i < loaded->readings->len; i++)
    {
      ScStudyReading *reading = g_ptr_array_index (loaded->readings, i);

      view->counts_at[i] = reading->counts_at;
      g_ptr_array_add (view->readings, view_reading_new (reading, sources, loaded->members));
      if (view->next_session != 0 && reading->counts_at == view->next_session)
        {
          g_ptr_array_add (view->next_readings, view_reading_new (reading, sources, loaded->members));
          if (reading->member_id == NULL)
            view->next_minutes += reading->minutes;
        }
    }

  view->status = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < loaded->records->len; i++)
    {
      ScProgress *record = g_ptr_array_index (loaded->records, i);

      g_hash_table_insert (view->status, status_key (record->member_id, record->reading_key),
                           GUINT_TO_POINTER (record->status));
    }
}

static void
add_next_label (ScGroupView *view)
{
  const ScGroupViewSession *next;

  if (view->next_session == 0)
    {
      view->next_label = g_strdup (view->n_sessions > 0 ? _("Every session has met") : _("No meetings yet"));
      return;
    }

  next = g_ptr_array_index (view->sessions, view->next_session - 1);
  if (next->date != NULL)
    /* Translators: the date of a group's next meeting, in the list of groups */
    view->next_label = g_strdup_printf (_("Next: %s"), next->date_label);
  else
    view->next_label = g_strdup_printf (_("Next: session %u, no date yet"), next->session);
}

ScGroupView *
sc_group_view_compute (ScStudyStore              *store,
                       const char                *group_id,
                       const ScGroupViewSources  *sources,
                       const char                *today,
                       GError                   **error)
{
  const ScGroupViewSources none = { 0 };
  ScGroupViewSources own;
  g_autoptr(GError) local_error = NULL;
  g_auto(Loaded) loaded = { 0 };
  g_autoptr(ScGroupView) view = NULL;
  g_autoptr(ScGroup) group = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (today != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  group = sc_study_store_find_group (store, group_id, error);
  if (group == NULL)
    return NULL;
  own = sources != NULL ? *sources : none;
  /* A guide that is not the group's would count the wrong readings. */
  if (own.guide != NULL && g_strcmp0 (own.guide->id, group->guide_id) != 0)
    own.guide = NULL;
  sources = &own;
  if (!load (store, group, sources, today, &loaded, error))
    return NULL;

  view = g_new0 (ScGroupView, 1);
  view->ref_count = 1;
  view->me_id = sc_study_store_get_me (store, group->id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  view->guide_title = sources->guide != NULL ? g_strdup (sources->guide->title) : NULL;
  view->status_label = g_strdup (sc_group_view_status_label (group->status));
  view->group = g_steal_pointer (&group);
  view->n_sessions = loaded.progress->n_sessions;
  view->next_session = loaded.progress->next_session;

  add_sessions (view, &loaded, sources);
  add_members (view, &loaded);
  add_readings (view, &loaded, sources);
  add_next_label (view);
  return g_steal_pointer (&view);
}

/* Looking things up ------------------------------------------------------- */

ScGroupViewMember *
sc_group_view_find_member (ScGroupView *view,
                           const char  *member_id,
                           guint       *index)
{
  g_return_val_if_fail (view != NULL, NULL);

  for (guint i = 0; i < view->members->len; i++)
    {
      ScGroupViewMember *member = g_ptr_array_index (view->members, i);

      if (g_strcmp0 (member->member_id, member_id) == 0)
        {
          if (index != NULL)
            *index = i;
          return member;
        }
    }
  return NULL;
}

const ScGroupViewSession *
sc_group_view_get_session (ScGroupView *view,
                           guint        session)
{
  g_return_val_if_fail (view != NULL, NULL);

  if (session == 0 || session > view->n_sessions)
    return NULL;
  return g_ptr_array_index (view->sessions, session - 1);
}

GPtrArray *
sc_group_view_member_readings (ScGroupView *view,
                               const char  *member_id,
                               guint        session)
{
  GPtrArray *readings;

  g_return_val_if_fail (view != NULL, NULL);
  g_return_val_if_fail (member_id != NULL, NULL);

  readings = g_ptr_array_new_with_free_func ((GDestroyNotify) view_reading_free);
  for (guint i = 0; i < view->readings->len; i++)
    {
      ScGroupViewReading *reading = g_ptr_array_index (view->readings, i);
      ScGroupViewReading *copy;
      g_autofree char *key = NULL;

      if (view->counts_at[i] != session ||
          (reading->member_id != NULL && g_strcmp0 (reading->member_id, member_id) != 0))
        continue;

      key = status_key (member_id, reading->key);
      copy = view_reading_copy (reading);
      copy->status = GPOINTER_TO_UINT (g_hash_table_lookup (view->status, key));
      g_ptr_array_add (readings, copy);
    }
  return readings;
}
