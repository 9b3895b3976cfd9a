/* sc-cli-progress.c: studycircle-cli progress mark and show
 *
 * A reading is named on the command line by its key in the store
 * ("guide:session-1:2", "assignment:UUID"), by "S:N" (the N-th reading
 * that counts for session S, in the order “progress show GROUP --member M”
 * lists them: the guide's readings, then the assigned ones), or by the id
 * of an assignment or the start of it (at least 4 characters).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sc-cli.h"
#include "sc-study-progress.h"

#define ASSIGNMENT_PREFIX "assignment:"
#define MIN_ID_PREFIX 4

/* By the session each counts for; those that count for none last. */
static int
compare_counts_at (gconstpointer a,
                   gconstpointer b)
{
  const ScStudyReading *ra = *(const ScStudyReading **) a;
  const ScStudyReading *rb = *(const ScStudyReading **) b;
  guint sa = ra->counts_at != 0 ? ra->counts_at : G_MAXUINT;
  guint sb = rb->counts_at != 0 ? rb->counts_at : G_MAXUINT;

  return (sa > sb) - (sa < sb);
}

/* The group's readings as the members' lists show them: session by
 * session, an assignment due on a date with the meeting it falls to. */
static GPtrArray *
listed_readings (ScCliStudy  *study,
                 GError     **error)
{
  GPtrArray *readings = sc_cli_study_readings (study, error);

  /* Stable: the guide's readings, then the assigned ones. */
  if (readings != NULL)
    g_ptr_array_sort (readings, compare_counts_at);
  return readings;
}

/* "S:N" for the readings that count for session S, in list order; the
 * start of the assignment's id for one that counts for no session.
 * Parallel to @readings. */
static GPtrArray *
reading_labels (GPtrArray *readings)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);
  guint session = 0, n = 0;

  for (guint i = 0; i < readings->len; i++)
    {
      ScStudyReading *reading = g_ptr_array_index (readings, i);

      if (reading->counts_at == 0)
        {
          g_ptr_array_add (labels, g_strndup (reading->key + strlen (ASSIGNMENT_PREFIX), 8));
          continue;
        }
      if (reading->counts_at != session)
        {
          session = reading->counts_at;
          n = 0;
        }
      g_ptr_array_add (labels, g_strdup_printf ("%u:%u", session, ++n));
    }
  return labels;
}

/* What a reading is, in a few words: "text from → to" or an external
 * work's title. */
static char *
describe_reading (const ScStudyReading *reading)
{
  if (reading->text_id != NULL)
    return sc_cli_describe_range (reading->text_id, reading->from, reading->to);
  return g_strdup (reading->title != NULL ? reading->title : "");
}

/* The reading @arg names, by key, "S:N" or assignment id (prefix). */
static int
find_reading (GPtrArray   *readings,
              GPtrArray   *labels,
              const char  *arg,
              const char  *group_name,
              guint       *found)
{
  g_autofree char *prefix = g_strconcat (ASSIGNMENT_PREFIX, arg, NULL);
  guint matches = 0;

  for (guint i = 0; i < readings->len; i++)
    {
      ScStudyReading *reading = g_ptr_array_index (readings, i);

      if (g_strcmp0 (reading->key, arg) == 0 || g_strcmp0 (g_ptr_array_index (labels, i), arg) == 0)
        {
          *found = i;
          return SC_EXIT_OK;
        }
    }

  if (strlen (arg) >= MIN_ID_PREFIX)
    for (guint i = 0; i < readings->len; i++)
      if (g_str_has_prefix (((ScStudyReading *) g_ptr_array_index (readings, i))->key, prefix))
        {
          *found = i;
          matches++;
        }
  if (matches == 1)
    return SC_EXIT_OK;

  if (matches > 1)
    sc_cli_error (_("“%s” names %u assignments; use more of the id"), arg, matches);
  else
    sc_cli_error (_("no reading “%s” in “%s”: name it S:N (the N-th reading of session S, as "
                    "“progress show GROUP --member MEMBER” lists them), by an assignment id, or by its key"),
                  arg, group_name);
  return SC_EXIT_REJECTED;
}

static const ScProgress *
find_progress (GPtrArray  *progress,
               const char *member_id,
               const char *key)
{
  for (guint i = 0; progress != NULL && i < progress->len; i++)
    {
      const ScProgress *p = g_ptr_array_index (progress, i);

      if (g_strcmp0 (p->member_id, member_id) == 0 && g_strcmp0 (p->reading_key, key) == 0)
        return p;
    }
  return NULL;
}

/* One reading of @member's, with how far they are. */
static void
print_reading_line (const char           *label,
                    const ScStudyReading *reading,
                    const ScProgress     *progress,
                    const ScMember       *member)
{
  g_autofree char *what = describe_reading (reading);
  ScReadingStatus state = progress != NULL ? progress->status : SC_READING_NOT_STARTED;

  printf ("  %-6s ", label);
  sc_cli_print_padded (sc_cli_reading_status_label (state), 12);
  printf (" %s", what);
  if (reading->minutes > 0)
    printf (_(" (%u min)"), reading->minutes);
  if (reading->text_id == NULL)
    printf (" — %s", _("not in the library"));
  else if (!reading->in_library)
    printf (" — %s", _("missing from the library"));
  if (reading->member_id != NULL)
    printf (_(" — for %s only"), member->name);
  if (reading->session == 0 && reading->due_date != NULL)
    printf (_(", due on %s"), reading->due_date);
  if (progress != NULL && progress->done_date != NULL)
    printf (_(", done %s"), progress->done_date);
  printf ("\n");
  if (progress != NULL && progress->note != NULL)
    printf ("         %s\n", progress->note);
}

static int
progress_mark (int    argc,
               char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScMember) member = NULL;
  g_autoptr(GPtrArray) readings = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) progress = NULL;
  g_autofree char *status_arg = NULL;
  g_autofree char *date = NULL;
  g_autofree char *note = NULL;
  GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_arg, N_("not-started, reading or done"), N_("STATUS") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("When it was done (default: today, or the date marked before)"), N_("YYYY-MM-DD") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note on the reading (\"\" clears it)"), N_("TEXT") },
    { NULL }
  };
  const ScStudyReading *reading;
  ScReadingStatus state;
  guint found = 0;
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("progress mark", _("GROUP MEMBER READING"),
                     _("Mark how far a member is with a reading. READING is S:N, the N-th reading of "
                       "session S as “progress show GROUP --member MEMBER” lists them; or an "
                       "assignment's id (or its first characters); or the reading's key."),
                     entries, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc != 4)
    {
      sc_cli_error (_("progress mark takes a group, a member and a reading"));
      return SC_EXIT_USAGE;
    }
  if (status_arg == NULL)
    {
      sc_cli_error (_("progress mark needs --status not-started, reading or done"));
      return SC_EXIT_USAGE;
    }
  if (!sc_reading_status_from_string (status_arg, &state))
    {
      sc_cli_error (_("unknown reading status “%s”: use not-started, reading or done"), status_arg);
      return SC_EXIT_USAGE;
    }
  if (!sc_cli_check_date ("--date", date, FALSE))
    return SC_EXIT_USAGE;
  if (date != NULL && state != SC_READING_DONE)
    {
      sc_cli_error (_("--date is when a reading was done: use it with --status done"));
      return SC_EXIT_USAGE;
    }

  if (!sc_cli_study_open (&study, &common, argv[1], TRUE, &status))
    return status;
  member = sc_study_store_find_member (study.store, study.group->id, argv[2], &error);
  if (member != NULL)
    readings = listed_readings (&study, &error);
  if (readings == NULL)
    return sc_cli_rejected (error);
  labels = reading_labels (readings);
  status = find_reading (readings, labels, argv[3], study.group->name, &found);
  if (status != SC_EXIT_OK)
    return status;
  reading = g_ptr_array_index (readings, found);
  if (reading->member_id != NULL && g_strcmp0 (reading->member_id, member->id) != 0)
    {
      sc_cli_error (_("reading %s is assigned to another member, not to %s"),
                    (const char *) g_ptr_array_index (labels, found), member->name);
      return SC_EXIT_REJECTED;
    }

  if (!sc_study_store_set_progress (study.store, study.group->id, member->id, reading->key, state,
                                    date, note, &error) ||
      (progress = sc_study_store_list_progress (study.store, study.group->id, &error)) == NULL)
    return sc_cli_rejected (error);

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      const ScProgress *p = find_progress (progress, member->id, reading->key);

      json_builder_begin_object (builder);
      sc_cli_json_string (builder, "member", member->id);
      sc_cli_json_string (builder, "name", member->name);
      sc_cli_json_string (builder, "reading", reading->key);
      sc_cli_json_string (builder, "label", g_ptr_array_index (labels, found));
      sc_cli_json_string (builder, "status", sc_reading_status_to_string (state));
      sc_cli_json_string (builder, "done_date", p != NULL ? p->done_date : NULL);
      sc_cli_json_string (builder, "note", p != NULL ? p->note : NULL);
      json_builder_end_object (builder);
      sc_cli_print_json_builder (builder);
      return SC_EXIT_OK;
    }

  printf ("%s:\n", member->name);
  print_reading_line (g_ptr_array_index (labels, found), reading,
                      find_progress (progress, member->id, reading->key), member);
  return SC_EXIT_OK;
}

static void
roster_json (JsonBuilder         *builder,
             const ScStudyRoster *roster)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "group");
  sc_cli_json_group (builder, roster->group);
  sc_cli_json_int (builder, "sessions", roster->n_sessions);
  json_builder_set_member_name (builder, "dates");
  json_builder_begin_array (builder);
  for (guint s = 0; s < roster->n_sessions; s++)
    {
      const ScMeeting *meeting = s < roster->meetings->len ? g_ptr_array_index (roster->meetings, s) : NULL;

      if (meeting != NULL && meeting->date != NULL)
        json_builder_add_string_value (builder, meeting->date);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "members");
  json_builder_begin_array (builder);
  for (guint m = 0; m < roster->members->len; m++)
    {
      const ScMember *member = g_ptr_array_index (roster->members, m);

      json_builder_begin_object (builder);
      sc_cli_json_string (builder, "id", member->id);
      sc_cli_json_string (builder, "name", member->name);
      json_builder_set_member_name (builder, "sessions");
      json_builder_begin_array (builder);
      for (guint s = 1; s <= roster->n_sessions; s++)
        {
          const ScStudyRosterCell *cell = sc_study_roster_get_cell (roster, m, s);

          json_builder_begin_object (builder);
          sc_cli_json_int (builder, "session", s);
          sc_cli_json_int (builder, "done", cell->done);
          sc_cli_json_int (builder, "total", cell->total);
          sc_cli_json_string (builder, "attendance", cell->attendance != SC_ATTENDANCE_UNKNOWN
                                                     ? sc_attendance_to_string (cell->attendance) : NULL);
          sc_cli_json_boolean (builder, "questions_prepared", cell->questions_prepared);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static const char *
attendance_letter (ScAttendance attendance)
{
  switch (attendance)
    {
    case SC_ATTENDANCE_PRESENT:
      /* TRANSLATORS: one letter for "present" in the progress grid */
      return C_("attendance", "P");
    case SC_ATTENDANCE_ABSENT:
      /* TRANSLATORS: one letter for "absent" in the progress grid */
      return C_("attendance", "A");
    case SC_ATTENDANCE_EXCUSED:
      /* TRANSLATORS: one letter for "excused" in the progress grid */
      return C_("attendance", "E");
    case SC_ATTENDANCE_UNKNOWN:
    default:
      return " ";
    }
}

#define GRID_CELL 9

static void
print_grid (const ScStudyRoster *roster)
{
  guint name_width = g_utf8_strlen (_("Member"), -1);

  for (guint m = 0; m < roster->members->len; m++)
    {
      const ScMember *member = g_ptr_array_index (roster->members, m);

      name_width = MAX (name_width, (guint) g_utf8_strlen (member->name, -1));
    }

  sc_cli_print_padded (_("Member"), name_width);
  for (guint s = 1; s <= roster->n_sessions; s++)
    {
      g_autofree char *head = g_strdup_printf ("%u", s);

      printf (" ");
      if (s < roster->n_sessions)
        sc_cli_print_padded (head, GRID_CELL);
      else
        printf ("%s", head);
    }
  printf ("\n");

  for (guint m = 0; m < roster->members->len; m++)
    {
      sc_cli_print_padded (((ScMember *) g_ptr_array_index (roster->members, m))->name, name_width);
      for (guint s = 1; s <= roster->n_sessions; s++)
        {
          const ScStudyRosterCell *cell = sc_study_roster_get_cell (roster, m, s);
          g_autofree char *text = cell->total > 0 ? g_strdup_printf ("%u/%u", cell->done, cell->total)
                                                  : g_strdup ("-");
          g_autofree char *full = g_strdup_printf ("%s %s%s", text, attendance_letter (cell->attendance),
                                                   cell->questions_prepared ? "?" : "");

          printf (" ");
          if (s < roster->n_sessions)
            sc_cli_print_padded (full, GRID_CELL);
          else
            printf ("%s", g_strchomp (full));
        }
      printf ("\n");
    }
  printf ("\n%s\n", _("Each cell: readings done of those due at the session; P present, A absent, "
                      "E excused; ? questions prepared."));
}

static void
member_readings_json (JsonBuilder    *builder,
                      const ScMember *member,
                      GPtrArray      *readings,
                      GPtrArray      *labels,
                      GPtrArray      *progress)
{
  json_builder_begin_object (builder);
  sc_cli_json_string (builder, "member", member->id);
  sc_cli_json_string (builder, "name", member->name);
  json_builder_set_member_name (builder, "readings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < readings->len; i++)
    {
      const ScStudyReading *reading = g_ptr_array_index (readings, i);
      const ScProgress *p = find_progress (progress, member->id, reading->key);

      if (reading->member_id != NULL && g_strcmp0 (reading->member_id, member->id) != 0)
        continue;
      json_builder_begin_object (builder);
      sc_cli_json_string (builder, "label", g_ptr_array_index (labels, i));
      sc_cli_json_string (builder, "key", reading->key);
      sc_cli_json_int (builder, "session", reading->session);
      sc_cli_json_int (builder, "counts_for_session", reading->counts_at);
      sc_cli_json_string (builder, "text", reading->text_id);
      sc_cli_json_string (builder, "from", reading->from);
      sc_cli_json_string (builder, "to", reading->to);
      sc_cli_json_string (builder, "title", reading->title);
      sc_cli_json_string (builder, "due_date", reading->due_date);
      sc_cli_json_int (builder, "minutes", reading->minutes);
      sc_cli_json_boolean (builder, "in_library", reading->in_library);
      sc_cli_json_boolean (builder, "only_for_member", reading->member_id != NULL);
      sc_cli_json_string (builder, "status",
                          sc_reading_status_to_string (p != NULL ? p->status : SC_READING_NOT_STARTED));
      sc_cli_json_string (builder, "done_date", p != NULL ? p->done_date : NULL);
      sc_cli_json_string (builder, "note", p != NULL ? p->note : NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_member_readings (ScCliStudy     *study,
                       const ScMember *member,
                       GPtrArray      *readings,
                       GPtrArray      *labels,
                       GPtrArray      *progress)
{
  guint session = G_MAXUINT;

  printf (_("%s in “%s”:\n"), member->name, study->group->name);
  for (guint i = 0; i < readings->len; i++)
    {
      const ScStudyReading *reading = g_ptr_array_index (readings, i);

      if (reading->member_id != NULL && g_strcmp0 (reading->member_id, member->id) != 0)
        continue;
      if (reading->counts_at != session)
        {
          ScGuideSession *guide_session = sc_cli_study_guide_session (study, reading->counts_at);

          session = reading->counts_at;
          if (session == 0)
            printf ("%s\n", _("Due at no meeting of the schedule:"));
          else if (guide_session != NULL)
            printf (_("Session %u — %s\n"), session, guide_session->title);
          else
            printf (_("Session %u\n"), session);
        }
      print_reading_line (g_ptr_array_index (labels, i), reading,
                          find_progress (progress, member->id, reading->key), member);
    }
  if (readings->len == 0)
    printf ("  %s\n", _("nothing to read yet"));
}

/* One member's readings, one by one, with the S:N names they go by. */
static int
show_member_readings (ScCliStudy  *study,
                      ScCliCommon *common,
                      const char  *member_arg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScMember) member = NULL;
  g_autoptr(GPtrArray) readings = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) progress = NULL;

  member = sc_study_store_find_member (study->store, study->group->id, member_arg, &error);
  if (member != NULL)
    readings = listed_readings (study, &error);
  if (readings != NULL)
    progress = sc_study_store_list_progress (study->store, study->group->id, &error);
  if (progress == NULL)
    return sc_cli_rejected (error);

  labels = reading_labels (readings);
  if (common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      member_readings_json (builder, member, readings, labels, progress);
      sc_cli_print_json_builder (builder);
    }
  else
    print_member_readings (study, member, readings, labels, progress);
  return SC_EXIT_OK;
}

/* The members × sessions grid. */
static int
show_grid (ScCliStudy  *study,
           ScCliCommon *common)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStudyRoster) roster = NULL;

  roster = sc_study_roster_compute (study->store, study->group->id, &study->sources, &error);
  if (roster == NULL)
    return sc_cli_rejected (error);

  if (common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      roster_json (builder, roster);
      sc_cli_print_json_builder (builder);
    }
  else if (roster->members->len == 0)
    printf (_("“%s” has no members yet. Add them with “studycircle-cli member add GROUP NAME”.\n"),
            study->group->name);
  else
    print_grid (roster);
  return SC_EXIT_OK;
}

static int
progress_show (int    argc,
               char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  g_autofree char *member_arg = NULL;
  GOptionEntry entries[] = {
    { "member", 'm', 0, G_OPTION_ARG_STRING, &member_arg, N_("One member's readings, one by one"), N_("MEMBER") },
    { NULL }
  };
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("progress show", _("GROUP"),
                     _("Show the members × sessions grid of a group's readings and attendance, or one "
                       "member's readings with the names (S:N) that “progress mark” takes."),
                     entries, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc != 2)
    {
      sc_cli_error (_("progress show takes one group"));
      return SC_EXIT_USAGE;
    }
  if (!sc_cli_study_open (&study, &common, argv[1], TRUE, &status))
    return status;

  if (member_arg != NULL)
    return show_member_readings (&study, &common, member_arg);
  return show_grid (&study, &common);
}

static const ScCliSubcommand progress_subcommands[] = {
  { "mark", progress_mark, N_("GROUP MEMBER READING --status not-started|reading|done [--date DATE] [--note TEXT]"), N_("Mark how far a member is with a reading") },
  { "show", progress_show, N_("GROUP [--member MEMBER]"), N_("Show the members × sessions grid, or one member's readings") },
};

int
sc_cli_progress (int    argc,
                 char **argv)
{
  return sc_cli_dispatch ("progress", progress_subcommands, G_N_ELEMENTS (progress_subcommands), argc, argv);
}
