/* sc-cli-study.c: what the study commands of studycircle-cli share
 *
 * The study commands (sc-cli-group.c, sc-cli-member.c, sc-cli-schedule.c,
 * sc-cli-progress.c, sc-cli-exchange.c, sc-cli-study-report.c) share one
 * shape: a subcommand, a group named by id, unique id prefix or exact
 * name, and the store at sc_paths_study_db(). Malformed values (a bad
 * date, an unknown status) are usage errors (exit 2); well-formed names of
 * things that do not exist (a group, a member, a text, a guide's session)
 * are rejected input (exit 1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "sc-cli.h"
#include "sc-error.h"
#include "sc-paths.h"
#include "sc-study-backup.h"
#include "sc-study-progress.h"

/* Sessions a schedule without a guide may have: enough for years of
 * weekly meetings, few enough to catch a typing slip. */
#define MAX_SESSIONS 500

void
sc_cli_study_clear (ScCliStudy *study)
{
  sc_study_report_sources_clear (&study->sources);
  g_clear_pointer (&study->index, sc_index_close);
  g_clear_pointer (&study->group, sc_study_group_free);
  g_clear_pointer (&study->store, sc_study_store_close);
}

/* Opens the index quietly: a bad file in the library is reported on
 * stderr but does not fail a study command. */
ScIndex *
sc_cli_study_open_index (ScCliStudy  *study,
                         ScCliCommon *common,
                         int         *status)
{
  int index_status = SC_EXIT_OK;

  if (study->index == NULL)
    study->index = sc_cli_open_index (common, FALSE, &index_status);
  if (study->index == NULL)
    *status = index_status;
  return study->index;
}

ScStudyStore *
sc_cli_open_study_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sc_paths_study_db ();
  g_autofree char *made = NULL;
  g_autoptr(ScStudyStore) store = sc_study_store_open (path, &error);

  if (store == NULL)
    {
      sc_cli_error ("%s", error->message);
      /* The message names the backup when there is one: say how to use it. */
      if (g_error_matches (error, SC_ERROR, SC_ERROR_DAMAGED))
        {
          g_autoptr(ScStudyBackup) backup = sc_study_find_backup (path);

          if (backup != NULL)
            fprintf (stderr, _("To put the backup in its place (the damaged file is kept, renamed), "
                               "run “studycircle-cli restore-backup”.\n"));
          else
            fprintf (stderr, _("There is no backup of it. Move the file away to start with "
                               "empty study data, or restore a copy of your own.\n"));
        }
      return NULL;
    }

  /* A copy a day, while the file is known to be whole. Not making it does
   * not stop the command; it is said, and tried again next time. */
  if (!sc_study_store_backup_if_due (store, &made, &error))
    sc_cli_error (_("could not make the daily backup of the study data: %s"), error->message);

  return g_steal_pointer (&store);
}

gboolean
sc_cli_study_open (ScCliStudy  *study,
                   ScCliCommon *common,
                   const char  *group,
                   gboolean     with_library,
                   int         *status)
{
  g_autoptr(GError) error = NULL;

  study->store = sc_cli_open_study_store ();
  if (study->store == NULL)
    {
      *status = SC_EXIT_REJECTED;
      return FALSE;
    }

  if (group != NULL)
    {
      study->group = sc_study_store_find_group (study->store, group, &error);
      if (study->group == NULL)
        {
          sc_cli_error ("%s", error->message);
          *status = SC_EXIT_REJECTED;
          return FALSE;
        }
    }

  if (!with_library)
    return TRUE;

  if (sc_cli_study_open_index (study, common, status) == NULL)
    return FALSE;
  if (!sc_study_report_sources_load (&study->sources, study->index,
                                     study->group != NULL ? study->group->guide_id : NULL, &error))
    {
      sc_cli_error ("%s", error->message);
      *status = SC_EXIT_REJECTED;
      return FALSE;
    }
  if (study->group != NULL)
    {
      /* The guide's sessions, or as many as the records name. */
      g_autoptr(GPtrArray) known = sc_study_store_list_meetings (study->store, study->group->id, 0, &error);

      if (known == NULL)
        {
          sc_cli_error ("%s", error->message);
          *status = SC_EXIT_REJECTED;
          return FALSE;
        }
      study->n_sessions = known->len;
      if (study->sources.guide != NULL)
        study->n_sessions = MAX (study->n_sessions, study->sources.guide->sessions->len);
    }
  return TRUE;
}

/* TRUE when the group follows a guide the library does not have (any more). */
gboolean
sc_cli_study_guide_missing (ScCliStudy *study)
{
  return study->group != NULL && study->group->guide_id != NULL && study->sources.guide == NULL;
}

int
sc_cli_study_session (ScCliStudy *study,
                      const char *arg,
                      guint      *session)
{
  ScGuide *guide = study->sources.guide;
  guint64 number = 0;

  /* A guide's own session id ("session-3") names a session too. */
  if (guide != NULL)
    {
      ScGuideSession *found = sc_guide_find_session (guide, arg);

      if (found != NULL)
        {
          *session = found->number;
          return SC_EXIT_OK;
        }
    }

  if (!g_ascii_string_to_unsigned (arg, 10, 1, G_MAXUINT32, &number, NULL))
    {
      if (guide != NULL)
        {
          sc_cli_error (_("guide “%s” has no session “%s”"), guide->id, arg);
          return SC_EXIT_REJECTED;
        }
      sc_cli_error (_("“%s” is not a session number"), arg);
      return SC_EXIT_USAGE;
    }
  if (guide != NULL && number > guide->sessions->len)
    {
      sc_cli_error (g_dngettext (GETTEXT_PACKAGE,
                                 "guide “%s” has no session %s: it has %u session",
                                 "guide “%s” has no session %s: it has %u sessions",
                                 guide->sessions->len),
                    guide->id, arg, guide->sessions->len);
      return SC_EXIT_REJECTED;
    }
  if (number > MAX_SESSIONS)
    {
      sc_cli_error (_("session %s is out of range: sessions go from 1 to %u"), arg, MAX_SESSIONS);
      return SC_EXIT_USAGE;
    }

  *session = (guint) number;
  return SC_EXIT_OK;
}

ScGuideSession *
sc_cli_study_guide_session (ScCliStudy *study,
                            guint       session)
{
  ScGuide *guide = study->sources.guide;

  if (guide == NULL || session == 0 || session > guide->sessions->len)
    return NULL;
  return g_ptr_array_index (guide->sessions, session - 1);
}

char *
sc_cli_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

gboolean
sc_cli_check_date (const char *option,
                   const char *value,
                   gboolean    may_be_empty)
{
  if (value == NULL || (may_be_empty && *value == '\0') || sc_date_is_valid (value))
    return TRUE;
  sc_cli_error (_("%s: “%s” is not a date; write it as YYYY-MM-DD"), option, value);
  return FALSE;
}

void
sc_cli_json_string (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
sc_cli_json_int (JsonBuilder *builder,
                 const char  *name,
                 gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* Dispatches "COMMAND SUBCOMMAND …" to the subcommand's function, which
 * gets its own argv starting at the subcommand. */
int
sc_cli_dispatch (const char               *command,
                 const ScCliSubcommand    *subcommands,
                 guint                     n_subcommands,
                 int                       argc,
                 char                    **argv)
{
  gboolean help = argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
                                g_str_equal (argv[1], "help"));

  if (argc >= 2 && !help)
    for (guint i = 0; i < n_subcommands; i++)
      if (g_str_equal (argv[1], subcommands[i].name))
        return subcommands[i].run (argc - 1, argv + 1);

  if (argc >= 2 && !help)
    sc_cli_error (_("unknown subcommand “%s %s”"), command, argv[1]);
  else if (!help)
    sc_cli_error (_("%s needs a subcommand"), command);

  fprintf (help ? stdout : stderr, "%s\n", _("Usage:"));
  for (guint i = 0; i < n_subcommands; i++)
    fprintf (help ? stdout : stderr, "  studycircle-cli %s %s %s\n      %s\n", command,
             subcommands[i].name, _(subcommands[i].parameters), _(subcommands[i].summary));
  return help ? SC_EXIT_OK : SC_EXIT_USAGE;
}

const char *
sc_cli_group_status_label (ScGroupStatus status)
{
  switch (status)
    {
    case SC_GROUP_PLANNED:
      return _("planned");
    case SC_GROUP_ACTIVE:
      return _("active");
    case SC_GROUP_FINISHED:
      return _("finished");
    case SC_GROUP_ARCHIVED:
      return _("archived");
    default:
      return "";
    }
}

const char *
sc_cli_cadence_label (ScCadence cadence)
{
  switch (cadence)
    {
    case SC_CADENCE_WEEKLY:
      return _("weekly");
    case SC_CADENCE_FORTNIGHTLY:
      return _("fortnightly");
    case SC_CADENCE_CUSTOM:
      return _("dates set by hand");
    default:
      return "";
    }
}

const char *
sc_cli_role_label (ScRole role)
{
  return role == SC_ROLE_FACILITATOR ? _("facilitator") : _("member");
}

const char *
sc_cli_reading_status_label (ScReadingStatus status)
{
  switch (status)
    {
    case SC_READING_NOT_STARTED:
      return _("not started");
    case SC_READING_READING:
      return _("reading");
    case SC_READING_DONE:
      return _("done");
    default:
      return "";
    }
}

const char *
sc_cli_attendance_label (ScAttendance attendance)
{
  switch (attendance)
    {
    case SC_ATTENDANCE_PRESENT:
      return _("present");
    case SC_ATTENDANCE_ABSENT:
      return _("absent");
    case SC_ATTENDANCE_EXCUSED:
      return _("excused");
    case SC_ATTENDANCE_UNKNOWN:
    default:
      return _("not recorded");
    }
}

void
sc_cli_json_group (JsonBuilder   *builder,
                   const ScGroup *group)
{
  json_builder_begin_object (builder);
  sc_cli_json_string (builder, "id", group->id);
  sc_cli_json_string (builder, "name", group->name);
  sc_cli_json_string (builder, "branch", group->branch);
  sc_cli_json_string (builder, "guide", group->guide_id);
  sc_cli_json_string (builder, "facilitator", group->facilitator);
  sc_cli_json_string (builder, "start_date", group->start_date);
  sc_cli_json_string (builder, "cadence", sc_cadence_to_string (group->cadence));
  sc_cli_json_string (builder, "status", sc_group_status_to_string (group->status));
  sc_cli_json_int (builder, "updated", group->updated);
  json_builder_end_object (builder);
}

void
sc_cli_json_meeting (JsonBuilder             *builder,
                     ScCliStudy              *study,
                     const ScMeeting         *meeting,
                     const ScSessionProgress *numbers)
{
  ScGuideSession *session = sc_cli_study_guide_session (study, meeting->session);

  json_builder_begin_object (builder);
  sc_cli_json_int (builder, "session", meeting->session);
  sc_cli_json_string (builder, "session_id", session != NULL ? session->id : NULL);
  sc_cli_json_string (builder, "title", session != NULL ? session->title : NULL);
  sc_cli_json_string (builder, "date", meeting->date);
  sc_cli_json_boolean (builder, "date_set", meeting->date_set);
  sc_cli_json_string (builder, "place", meeting->place);
  if (numbers != NULL)
    {
      sc_cli_json_int (builder, "readings", numbers->readings);
      sc_cli_json_int (builder, "minutes", numbers->minutes);
      sc_cli_json_double (builder, "completion", numbers->completion);
    }
  json_builder_end_object (builder);
}

/* "text from → to", "text §from", or just "text". */
char *
sc_cli_describe_range (const char *text_id,
                       const char *from,
                       const char *to)
{
  if (from != NULL && to != NULL && g_strcmp0 (from, to) != 0)
    return g_strdup_printf ("%s %s → %s", text_id, from, to);
  if (from != NULL)
    return g_strdup_printf ("%s %s", text_id, from);
  return g_strdup (text_id);
}

void
sc_cli_print_meeting (ScCliStudy      *study,
                      const ScMeeting *meeting)
{
  ScGuideSession *session = sc_cli_study_guide_session (study, meeting->session);

  printf (_("Session %u"), meeting->session);
  printf ("  %s", meeting->date != NULL ? meeting->date : _("no date yet"));
  if (meeting->date_set)
    printf (" %s", _("(set by hand)"));
  if (meeting->place != NULL)
    printf (_(" at %s"), meeting->place);
  if (session != NULL)
    printf (" — %s", session->title);
  printf ("\n");
}

void
sc_cli_json_double (JsonBuilder *builder,
                    const char  *name,
                    double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

void
sc_cli_json_boolean (JsonBuilder *builder,
                     const char  *name,
                     gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

int
sc_cli_percent (double share)
{
  return (int) (share * 100.0 + 0.5);
}

/* Prints @text and pads it to @width characters (not bytes: names are
 * UTF-8). */
void
sc_cli_print_padded (const char *text,
                     guint       width)
{
  glong length = g_utf8_strlen (text, -1);

  printf ("%s%*s", text, (int) (width > length ? width - length : 0), "");
}

int
sc_cli_rejected (const GError *error)
{
  sc_cli_error ("%s", error->message);
  return SC_EXIT_REJECTED;
}

void
sc_cli_print_json_builder (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  sc_cli_print_json (root);
}

const ScMember *
sc_cli_find_member (GPtrArray  *members,
                    const char *member_id)
{
  for (guint i = 0; members != NULL && i < members->len; i++)
    {
      const ScMember *member = g_ptr_array_index (members, i);

      if (g_strcmp0 (member->id, member_id) == 0)
        return member;
    }
  return NULL;
}

const char *
sc_cli_member_name (GPtrArray  *members,
                    const char *member_id)
{
  const ScMember *member = sc_cli_find_member (members, member_id);

  return member != NULL ? member->name : member_id;
}

/* The group's readings and numbers, with the library's word counts and
 * sections when the index is open. */
GPtrArray *
sc_cli_study_readings (ScCliStudy  *study,
                       GError     **error)
{
  return sc_study_group_readings (study->store, study->group->id, study->sources.guide, 0,
                                  study->index != NULL ? sc_study_index_word_count : NULL,
                                  study->index != NULL ? sc_study_index_lookup : NULL,
                                  study->index, SC_STUDY_WORDS_PER_MINUTE, error);
}

ScGroupProgress *
sc_cli_study_progress (ScCliStudy  *study,
                       const char  *today,
                       GError     **error)
{
  return sc_group_progress_compute (study->store, study->group->id, study->sources.guide, today,
                                    study->index != NULL ? sc_study_index_word_count : NULL,
                                    study->index != NULL ? sc_study_index_lookup : NULL,
                                    study->index, SC_STUDY_WORDS_PER_MINUTE, error);
}
