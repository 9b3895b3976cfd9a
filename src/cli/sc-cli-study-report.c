/* sc-cli-study-report.c: studycircle-cli group show, progress, export, import
 * and report: what a group's records add up to, and how they travel
 *
 * A reading is named on the command line by its key in the store
 * ("guide:session-1:2", "assignment:UUID"), by "S:N" (the N-th reading of
 * session S, in the order “progress show GROUP --member M” lists them: the
 * guide's readings, then the assigned ones), or by the id of an assignment
 * or the start of it (at least 4 characters).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sc-cli.h"
#include "sc-error.h"
#include "sc-study-exchange.h"
#include "sc-study-progress.h"

#define ASSIGNMENT_PREFIX "assignment:"
#define MIN_ID_PREFIX 4

/* ------------------------------------------------------------------------ */
/* The library, as the derived numbers ask for it                            */

static guint
word_count_cb (const char *text_id,
               const char *from,
               const char *to,
               gpointer    user_data)
{
  return sc_index_count_words (user_data, text_id, from, to);
}

static gboolean
lookup_cb (const char *text_id,
           const char *section_id,
           gpointer    user_data)
{
  return sc_index_has_section (user_data, text_id, section_id);
}

static GPtrArray *
group_readings (ScCliStudy  *study,
                GError     **error)
{
  return sc_study_group_readings (study->store, study->group->id, study->sources.guide, 0,
                                  word_count_cb, lookup_cb, study->index,
                                  SC_STUDY_REPORT_DEFAULT_WPM, error);
}

/* "S:N" for the readings of a session, in list order; the start of the
 * assignment's id for one due on a date only. Parallel to @readings. */
static GPtrArray *
reading_labels (GPtrArray *readings)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);
  guint session = 0, n = 0;

  for (guint i = 0; i < readings->len; i++)
    {
      ScStudyReading *reading = g_ptr_array_index (readings, i);

      if (reading->session == 0)
        {
          g_ptr_array_add (labels, g_strndup (reading->key + strlen (ASSIGNMENT_PREFIX), 8));
          continue;
        }
      if (reading->session != session)
        {
          session = reading->session;
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

static void
print_json_root (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  sc_cli_print_json (root);
}

static void
json_double (JsonBuilder *builder,
             const char  *name,
             double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
json_boolean (JsonBuilder *builder,
              const char  *name,
              gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static int
percent (double share)
{
  return (int) (share * 100.0 + 0.5);
}

/* Prints @text and pads it to @width characters (not bytes: names are
 * UTF-8). */
static void
print_padded (const char *text,
              guint       width)
{
  glong length = g_utf8_strlen (text, -1);

  printf ("%s%*s", text, (int) (width > length ? width - length : 0), "");
}

/* ------------------------------------------------------------------------ */
/* group show                                                                */

static const ScMember *
find_member (GPtrArray  *members,
             const char *member_id)
{
  for (guint i = 0; i < members->len; i++)
    if (g_strcmp0 (((ScMember *) g_ptr_array_index (members, i))->id, member_id) == 0)
      return g_ptr_array_index (members, i);
  return NULL;
}

static void
group_show_json (ScCliStudy      *study,
                 ScGroupProgress *progress,
                 GPtrArray       *meetings,
                 GPtrArray       *members,
                 const char      *today)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  ScGuide *guide = study->sources.guide;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "group");
  sc_cli_json_group (builder, study->group);

  json_builder_set_member_name (builder, "guide");
  if (study->group->guide_id != NULL)
    {
      json_builder_begin_object (builder);
      sc_cli_json_string (builder, "id", study->group->guide_id);
      sc_cli_json_string (builder, "title", guide != NULL ? guide->title : NULL);
      json_boolean (builder, "in_library", guide != NULL);
      sc_cli_json_int (builder, "sessions", guide != NULL ? guide->sessions->len : 0);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  sc_cli_json_string (builder, "today", today);
  json_builder_set_member_name (builder, "next_session");
  if (progress->next_session > 0)
    json_builder_add_int_value (builder, progress->next_session);
  else
    json_builder_add_null_value (builder);
  sc_cli_json_string (builder, "next_date", progress->next_date);

  json_builder_set_member_name (builder, "meetings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < meetings->len; i++)
    {
      const ScMeeting *meeting = g_ptr_array_index (meetings, i);
      ScSessionProgress *sp = i < progress->sessions->len ? g_ptr_array_index (progress->sessions, i) : NULL;
      ScGuideSession *session = sc_cli_study_guide_session (study, meeting->session);

      json_builder_begin_object (builder);
      sc_cli_json_int (builder, "session", meeting->session);
      sc_cli_json_string (builder, "session_id", session != NULL ? session->id : NULL);
      sc_cli_json_string (builder, "title", session != NULL ? session->title : NULL);
      sc_cli_json_string (builder, "date", meeting->date);
      json_boolean (builder, "date_set", meeting->date_set);
      sc_cli_json_string (builder, "place", meeting->place);
      sc_cli_json_int (builder, "readings", sp != NULL ? sp->readings : 0);
      sc_cli_json_int (builder, "minutes", sp != NULL ? sp->minutes : 0);
      json_double (builder, "completion", sp != NULL ? sp->completion : 1.0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "members");
  json_builder_begin_array (builder);
  for (guint i = 0; i < progress->members->len; i++)
    {
      ScMemberProgress *mp = g_ptr_array_index (progress->members, i);
      const ScMember *member = find_member (members, mp->member_id);

      json_builder_begin_object (builder);
      sc_cli_json_string (builder, "id", mp->member_id);
      sc_cli_json_string (builder, "name", mp->name);
      sc_cli_json_string (builder, "role", member != NULL ? sc_role_to_string (member->role) : NULL);
      sc_cli_json_int (builder, "next_assigned", mp->next_assigned);
      sc_cli_json_int (builder, "next_done", mp->next_done);
      json_double (builder, "ready", mp->ready);
      sc_cli_json_int (builder, "assigned", mp->assigned);
      sc_cli_json_int (builder, "done", mp->done);
      json_double (builder, "completion", mp->completion);
      sc_cli_json_int (builder, "present", mp->present);
      sc_cli_json_int (builder, "absent", mp->absent);
      sc_cli_json_int (builder, "excused", mp->excused);
      json_double (builder, "attendance_rate", mp->attendance_rate);
      json_boolean (builder, "behind", mp->behind);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "behind");
  json_builder_begin_array (builder);
  for (guint i = 0; progress->behind[i] != NULL; i++)
    json_builder_add_string_value (builder, progress->behind[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  print_json_root (builder);
}

static void
print_group_details (ScCliStudy *study)
{
  ScGroup *group = study->group;
  ScGuide *guide = study->sources.guide;

  printf ("%s  [%s]\n", group->name, group->id);
  if (group->branch != NULL)
    printf (_("  Branch: %s\n"), group->branch);
  if (guide != NULL)
    printf (g_dngettext (GETTEXT_PACKAGE, "  Guide: %s (%s), %u session\n", "  Guide: %s (%s), %u sessions\n",
                         guide->sessions->len),
            guide->title, guide->id, guide->sessions->len);
  else if (group->guide_id != NULL)
    printf (_("  Guide: %s — not in the library\n"), group->guide_id);
  if (group->facilitator != NULL)
    printf (_("  Facilitator: %s\n"), group->facilitator);
  printf (_("  Status: %s\n"), sc_cli_group_status_label (group->status));
  if (group->start_date != NULL)
    printf (_("  Starts: %s, %s\n"), group->start_date,
            sc_cli_cadence_label (group->cadence));
}

static void
print_next_meeting (ScCliStudy      *study,
                    ScGroupProgress *progress,
                    GPtrArray       *meetings)
{
  const ScMeeting *meeting;
  ScSessionProgress *sp;

  printf ("\n");
  if (progress->next_session == 0)
    {
      printf ("%s\n", meetings->len > 0 ? _("No meetings ahead: every session is past.")
                                        : _("No meetings yet."));
      return;
    }

  meeting = g_ptr_array_index (meetings, progress->next_session - 1);
  sp = g_ptr_array_index (progress->sessions, progress->next_session - 1);
  printf ("%s ", _("Next meeting:"));
  sc_cli_print_meeting (study, meeting);
  printf (g_dngettext (GETTEXT_PACKAGE, "  %u reading", "  %u readings", sp->readings), sp->readings);
  if (sp->minutes > 0)
    printf (_(", about %u min for everyone"), sp->minutes);
  printf ("\n");
}

enum {
  COLUMN_NAME,
  COLUMN_READY,
  COLUMN_COMPLETION,
  COLUMN_ATTENDANCE,
  COLUMN_ROLE,
  N_COLUMNS
};

/* The cells of one member's row in “group show”. */
static char **
member_progress_row (ScMemberProgress *mp,
                     const ScMember   *member,
                     guint             next_session)
{
  char **row = g_new0 (char *, N_COLUMNS + 1);

  row[COLUMN_NAME] = g_strdup (mp->name);
  /* TRANSLATORS: readings done of those due at the next session */
  row[COLUMN_READY] = next_session > 0 ? g_strdup_printf (_("ready %u/%u (%d%%)"), mp->next_done,
                                                          mp->next_assigned, percent (mp->ready))
                                       : g_strdup ("");
  /* TRANSLATORS: readings done of those due up to the next session */
  row[COLUMN_COMPLETION] = g_strdup_printf (_("completion %u/%u (%d%%)"), mp->done, mp->assigned,
                                            percent (mp->completion));
  if (mp->present + mp->absent > 0 && mp->excused > 0)
    row[COLUMN_ATTENDANCE] = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "attendance %d%%, %u excused",
                                                           "attendance %d%%, %u excused", mp->excused),
                                              percent (mp->attendance_rate), mp->excused);
  else if (mp->present + mp->absent > 0)
    row[COLUMN_ATTENDANCE] = g_strdup_printf (_("attendance %d%%"), percent (mp->attendance_rate));
  else if (mp->excused > 0)
    row[COLUMN_ATTENDANCE] = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u excused", "%u excused",
                                                           mp->excused), mp->excused);
  else
    row[COLUMN_ATTENDANCE] = g_strdup (_("attendance not recorded"));
  row[COLUMN_ROLE] = g_strdup (member != NULL && member->role == SC_ROLE_FACILITATOR ? _("facilitator") : "");
  return row;
}

static void
print_members_table (ScGroupProgress *progress,
                     GPtrArray       *members)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint widths[N_COLUMNS] = { 0 };

  for (guint i = 0; i < progress->members->len; i++)
    {
      ScMemberProgress *mp = g_ptr_array_index (progress->members, i);
      char **row = member_progress_row (mp, find_member (members, mp->member_id), progress->next_session);

      for (guint c = 0; c < N_COLUMNS; c++)
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (row[c], -1));
      g_ptr_array_add (rows, row);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      guint last = N_COLUMNS - 1;

      /* No padding after the last cell that says something. */
      while (last > 0 && *row[last] == '\0')
        last--;
      printf (" ");
      for (guint c = 0; c <= last; c++)
        {
          if (widths[c] == 0)
            continue;
          printf (" ");
          if (c < last)
            print_padded (row[c], widths[c] + 1);
          else
            printf ("%s", row[c]);
        }
      printf ("\n");
    }
  if (rows->len == 0)
    printf ("  %s\n", _("none yet"));
}

int
sc_cli_group_show (int    argc,
                   char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScGroupProgress) progress = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *today = NULL;
  GOptionEntry entries[] = {
    { "today", 0, 0, G_OPTION_ARG_STRING, &today, N_("Take this date as today (default: the real one)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("group show", _("GROUP"),
                     _("Show a study group: its details, the next meeting and the schedule, and each "
                       "member's readiness for the next meeting, completion and attendance."),
                     entries, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc != 2)
    {
      sc_cli_error (_("group show takes one group"));
      return SC_EXIT_USAGE;
    }
  if (!sc_cli_check_date ("--today", today, FALSE))
    return SC_EXIT_USAGE;
  if (today == NULL)
    today = sc_cli_today ();

  if (!sc_cli_study_open (&study, &common, argv[1], TRUE, &status))
    return status;

  progress = sc_group_progress_compute (study.store, study.group->id, study.sources.guide, today,
                                        word_count_cb, lookup_cb, study.index,
                                        SC_STUDY_REPORT_DEFAULT_WPM, &error);
  if (progress != NULL)
    meetings = sc_study_store_list_meetings (study.store, study.group->id, progress->n_sessions, &error);
  if (meetings != NULL)
    members = sc_study_store_list_members (study.store, study.group->id, &error);
  if (members == NULL)
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  if (common.json)
    {
      group_show_json (&study, progress, meetings, members, today);
      return SC_EXIT_OK;
    }

  print_group_details (&study);
  print_next_meeting (&study, progress, meetings);

  if (meetings->len > 0)
    printf ("\n%s\n", _("Schedule:"));
  for (guint i = 0; i < meetings->len; i++)
    {
      ScSessionProgress *sp = g_ptr_array_index (progress->sessions, i);

      printf ("  %s", i + 1 == progress->next_session ? "→ " : "  ");
      sc_cli_print_meeting (&study, g_ptr_array_index (meetings, i));
      /* How far the group got, for the meetings up to the next one. */
      if (sp->pairs > 0 && (progress->next_session == 0 || i < progress->next_session))
        printf (_("      %d%% of the readings done\n"), percent (sp->completion));
    }

  printf ("\n%s\n", _("Members:"));
  print_members_table (progress, members);

  if (progress->next_session > 0 && progress->behind[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", progress->behind);

      printf ("\n");
      printf (_("Behind for session %u: %s\n"), progress->next_session, names);
    }
  else if (progress->next_session > 0 && progress->members->len > 0)
    printf ("\n%s\n", _("Everyone is ready for the next meeting."));
  return SC_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* progress mark                                                             */

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
  print_padded (sc_cli_reading_status_label (state), 12);
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
    readings = group_readings (&study, &error);
  if (readings == NULL)
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }
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
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

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
      print_json_root (builder);
      return SC_EXIT_OK;
    }

  printf ("%s:\n", member->name);
  print_reading_line (g_ptr_array_index (labels, found), reading,
                      find_progress (progress, member->id, reading->key), member);
  return SC_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* progress show                                                             */

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
          json_boolean (builder, "questions_prepared", cell->questions_prepared);
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

  print_padded (_("Member"), name_width);
  for (guint s = 1; s <= roster->n_sessions; s++)
    {
      g_autofree char *head = g_strdup_printf ("%u", s);

      printf (" ");
      if (s < roster->n_sessions)
        print_padded (head, GRID_CELL);
      else
        printf ("%s", head);
    }
  printf ("\n");

  for (guint m = 0; m < roster->members->len; m++)
    {
      print_padded (((ScMember *) g_ptr_array_index (roster->members, m))->name, name_width);
      for (guint s = 1; s <= roster->n_sessions; s++)
        {
          const ScStudyRosterCell *cell = sc_study_roster_get_cell (roster, m, s);
          g_autofree char *text = cell->total > 0 ? g_strdup_printf ("%u/%u", cell->done, cell->total)
                                                  : g_strdup ("-");
          g_autofree char *full = g_strdup_printf ("%s %s%s", text, attendance_letter (cell->attendance),
                                                   cell->questions_prepared ? "?" : "");

          printf (" ");
          if (s < roster->n_sessions)
            print_padded (full, GRID_CELL);
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
      sc_cli_json_string (builder, "text", reading->text_id);
      sc_cli_json_string (builder, "from", reading->from);
      sc_cli_json_string (builder, "to", reading->to);
      sc_cli_json_string (builder, "title", reading->title);
      sc_cli_json_string (builder, "due_date", reading->due_date);
      sc_cli_json_int (builder, "minutes", reading->minutes);
      json_boolean (builder, "in_library", reading->in_library);
      json_boolean (builder, "only_for_member", reading->member_id != NULL);
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
      if (reading->session != session)
        {
          ScGuideSession *guide_session = sc_cli_study_guide_session (study, reading->session);

          session = reading->session;
          if (session == 0)
            printf ("%s\n", _("Due on a date:"));
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
    readings = group_readings (study, &error);
  if (readings != NULL)
    progress = sc_study_store_list_progress (study->store, study->group->id, &error);
  if (progress == NULL)
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  labels = reading_labels (readings);
  if (common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      member_readings_json (builder, member, readings, labels, progress);
      print_json_root (builder);
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
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  if (common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      roster_json (builder, roster);
      print_json_root (builder);
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

/* ------------------------------------------------------------------------ */
/* export and import                                                         */

int
sc_cli_export (int    argc,
               char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScMember) member = NULL;
  g_autofree char *member_arg = NULL;
  g_autofree char *output = NULL;
  g_autofree char *from = NULL;
  GOptionEntry entries[] = {
    { "member", 'm', 0, G_OPTION_ARG_STRING, &member_arg, N_("Only this member's progress (with the group and its assignments)"), N_("MEMBER") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write (“-”: standard output)"), N_("FILE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Who wrote the file (default: the member, for one member's file)"), N_("NAME") },
    { NULL }
  };
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("export", _("GROUP --output FILE"),
                     _("Write a group's records, or one member's progress, to a progress file that "
                       "“studycircle-cli import” merges on another computer."),
                     entries, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc != 2)
    {
      sc_cli_error (_("export takes one group"));
      return SC_EXIT_USAGE;
    }
  if (output == NULL)
    {
      sc_cli_error (_("export needs --output FILE (“-” for standard output)"));
      return SC_EXIT_USAGE;
    }
  if (!sc_cli_study_open (&study, &common, argv[1], FALSE, &status))
    return status;
  if (member_arg != NULL)
    {
      member = sc_study_store_find_member (study.store, study.group->id, member_arg, &error);
      if (member == NULL)
        {
          sc_cli_error ("%s", error->message);
          return SC_EXIT_REJECTED;
        }
    }

  if (g_str_equal (output, "-"))
    {
      g_autofree char *xml = sc_study_export (study.store, study.group->id,
                                              member != NULL ? member->id : NULL, from, &error);

      if (xml == NULL)
        {
          sc_cli_error ("%s", error->message);
          return SC_EXIT_REJECTED;
        }
      fputs (xml, stdout);
      return SC_EXIT_OK;
    }

  if (!sc_study_export_to_file (study.store, study.group->id, member != NULL ? member->id : NULL,
                                from, output, &error))
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autofree char *display = g_filename_display_name (output);

      json_builder_begin_object (builder);
      sc_cli_json_string (builder, "file", display);
      sc_cli_json_string (builder, "group", study.group->id);
      sc_cli_json_string (builder, "member", member != NULL ? member->id : NULL);
      json_builder_end_object (builder);
      print_json_root (builder);
    }
  else
    {
      g_autofree char *display = g_filename_display_name (output);

      if (member != NULL)
        printf (_("Wrote %s’s progress in “%s” to %s.\n"), member->name, study.group->name, display);
      else
        printf (_("Wrote “%s” to %s.\n"), study.group->name, display);
    }
  return SC_EXIT_OK;
}

static void
import_report_json (JsonBuilder               *builder,
                    const char                *display,
                    const ScStudyImportReport *report)
{
  json_builder_begin_object (builder);
  sc_cli_json_string (builder, "file", display);
  sc_cli_json_string (builder, "group", report->group_id);
  sc_cli_json_string (builder, "group_name", report->group_name);
  sc_cli_json_string (builder, "from", report->from);
  sc_cli_json_int (builder, "exported", report->exported);
  sc_cli_json_int (builder, "added", report->added);
  sc_cli_json_int (builder, "updated", report->updated);
  sc_cli_json_int (builder, "unchanged", report->unchanged);
  sc_cli_json_int (builder, "conflicts", report->conflicts);
  json_builder_set_member_name (builder, "conflict_lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->conflict_lines->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (report->conflict_lines, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_import_report (const char                *display,
                     const ScStudyImportReport *report)
{
  printf ("%s: ", display);
  if (report->from != NULL)
    printf (_("“%s”, from %s: "), report->group_name, report->from);
  else
    printf (_("“%s”: "), report->group_name);
  printf (_("%u added, %u updated, %u unchanged, "), report->added, report->updated, report->unchanged);
  printf (g_dngettext (GETTEXT_PACKAGE, "%u conflict\n", "%u conflicts\n", report->conflicts), report->conflicts);
  for (guint i = 0; i < report->conflict_lines->len; i++)
    printf (_("  conflict: %s\n"), (const char *) g_ptr_array_index (report->conflict_lines, i));
}

int
sc_cli_import (int    argc,
               char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("import", _("FILE…"),
                     _("Merge progress files written by “studycircle-cli export”: record by record the "
                       "newer change wins, and importing a file twice changes nothing. A file that "
                       "cannot be merged is refused as a whole; the others are merged."),
                     NULL, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc < 2)
    {
      sc_cli_error (_("import takes one or more progress files"));
      return SC_EXIT_USAGE;
    }
  if (!sc_cli_study_open (&study, &common, NULL, FALSE, &status))
    return status;

  json_builder_begin_array (builder);
  for (int i = 1; i < argc; i++)
    {
      g_auto(ScStudyImportReport) report;
      g_autoptr(GError) error = NULL;
      g_autofree char *display = g_filename_display_name (argv[i]);

      sc_study_import_report_init (&report);
      if (!sc_study_import_file (study.store, argv[i], &report, &error))
        {
          /* The message already reads "FILE:LINE: message". */
          fprintf (stderr, "%s\n", error->message);
          status = SC_EXIT_REJECTED;
          continue;
        }
      if (common.json)
        import_report_json (builder, display, &report);
      else
        print_import_report (display, &report);
    }
  json_builder_end_array (builder);

  if (common.json)
    print_json_root (builder);
  return status;
}

/* ------------------------------------------------------------------------ */
/* report                                                                    */

static gboolean
write_output (const char  *output,
              const char  *contents,
              GError     **error)
{
  if (output == NULL || g_str_equal (output, "-"))
    {
      fputs (contents, stdout);
      return TRUE;
    }
  return g_file_set_contents (output, contents, -1, error);
}

int
sc_cli_report (int    argc,
               char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL;
  g_autofree char *session_arg = NULL;
  g_autofree char *output = NULL;
  g_autofree char *contents = NULL;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("csv (the default) or html"), N_("FORMAT") },
    { "session", 's', 0, G_OPTION_ARG_STRING, &session_arg, N_("The facilitator's handout for this session (html)"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to this file (default: standard output)"), N_("FILE") },
    { NULL }
  };
  gboolean html;
  guint session = 0;
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("report", _("GROUP [--format csv|html] [--session N] [--output FILE]"),
                     _("The roster × sessions table of a group (readings done and attendance) as CSV or a "
                       "printable HTML page; with --session N, the facilitator's handout for that "
                       "session: date and place, readings, questions and key terms."),
                     entries, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc != 2)
    {
      sc_cli_error (_("report takes one group"));
      return SC_EXIT_USAGE;
    }
  if (format != NULL && !g_str_equal (format, "csv") && !g_str_equal (format, "html"))
    {
      sc_cli_error (_("unknown format “%s”: use csv or html"), format);
      return SC_EXIT_USAGE;
    }
  html = format != NULL && g_str_equal (format, "html");
  if (session_arg != NULL && !html)
    {
      sc_cli_error (_("the handout of --session N is a page: add --format html"));
      return SC_EXIT_USAGE;
    }

  if (!sc_cli_study_open (&study, &common, argv[1], TRUE, &status))
    return status;
  if (session_arg != NULL)
    {
      status = sc_cli_study_session (&study, session_arg, &session);
      if (status != SC_EXIT_OK)
        return status;
    }

  if (session > 0)
    contents = sc_study_report_handout_html (study.store, study.group->id, &study.sources,
                                             session, &error);
  else if (html)
    contents = sc_study_report_html (study.store, study.group->id, &study.sources, &error);
  else
    contents = sc_study_report_csv (study.store, study.group->id, &study.sources, &error);

  if (contents == NULL || !write_output (output, contents, &error))
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  if (output == NULL || g_str_equal (output, "-"))
    return SC_EXIT_OK;

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autofree char *display = g_filename_display_name (output);

      json_builder_begin_object (builder);
      sc_cli_json_string (builder, "file", display);
      sc_cli_json_string (builder, "format", html ? "html" : "csv");
      json_builder_set_member_name (builder, "session");
      if (session > 0)
        json_builder_add_int_value (builder, session);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      print_json_root (builder);
    }
  else
    {
      g_autofree char *display = g_filename_display_name (output);

      if (session > 0)
        printf (_("Wrote the handout for session %u to %s.\n"), session, display);
      else
        printf (_("Wrote the report to %s.\n"), display);
    }
  return SC_EXIT_OK;
}
