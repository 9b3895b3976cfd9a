/* sc-cli-schedule.c: studycircle-cli schedule and assign: when a group
 * meets, and what it reads beyond the guide
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "sc-cli.h"
#include "sc-error.h"
#include "sc-text.h"

static int
schedule_set (ScCliStudy  *study,
              ScCliCommon *common,
              const char  *session_arg,
              const char  *date,
              const char  *place)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  const ScMeeting *meeting;
  guint session = 0;
  int status;

  status = sc_cli_study_session (study, session_arg, &session);
  if (status != SC_EXIT_OK)
    return status;
  if (!sc_study_store_set_meeting (study->store, study->group->id, session, date, place, &error))
    return sc_cli_rejected (error);

  meetings = sc_study_store_list_meetings (study->store, study->group->id,
                                           MAX (study->n_sessions, session), &error);
  if (meetings == NULL)
    return sc_cli_rejected (error);
  meeting = g_ptr_array_index (meetings, session - 1);
  if (common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      sc_cli_json_meeting (builder, study, meeting, NULL);
      sc_cli_print_json_builder (builder);
    }
  else
    sc_cli_print_meeting (study, meeting);
  return SC_EXIT_OK;
}

int
sc_cli_schedule (int    argc,
                 char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autofree char *session = NULL;
  g_autofree char *date = NULL;
  g_autofree char *place = NULL;
  GOptionEntry entries[] = {
    { "session", 's', 0, G_OPTION_ARG_STRING, &session, N_("The session to change: its number, or its id in the guide"), N_("N") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Meet on this date (\"\": follow the start date and cadence again)"), N_("YYYY-MM-DD") },
    { "place", 0, 0, G_OPTION_ARG_STRING, &place, N_("Meet at this place (\"\": no place)"), N_("PLACE") },
    { NULL }
  };
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("schedule", _("GROUP [--session N [--date DATE] [--place PLACE]]"),
                     _("Show a group's meetings, or set one meeting's date and place. Dates not set "
                       "by hand follow the start date and the cadence."),
                     entries, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc != 2)
    {
      sc_cli_error (_("schedule takes one group"));
      return SC_EXIT_USAGE;
    }
  if (session == NULL && (date != NULL || place != NULL))
    {
      sc_cli_error (_("--date and --place change one meeting: say which with --session N"));
      return SC_EXIT_USAGE;
    }
  if (session != NULL && date == NULL && place == NULL)
    {
      sc_cli_error (_("--session N needs --date or --place (or both)"));
      return SC_EXIT_USAGE;
    }
  if (!sc_cli_check_date ("--date", date, TRUE))
    return SC_EXIT_USAGE;

  if (!sc_cli_study_open (&study, &common, argv[1], TRUE, &status))
    return status;
  if (session != NULL)
    return schedule_set (&study, &common, session, date, place);

  meetings = sc_study_store_list_meetings (study.store, study.group->id, study.n_sessions, &error);
  if (meetings == NULL)
    return sc_cli_rejected (error);

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < meetings->len; i++)
        sc_cli_json_meeting (builder, &study, g_ptr_array_index (meetings, i), NULL);
      json_builder_end_array (builder);
      sc_cli_print_json_builder (builder);
      return SC_EXIT_OK;
    }

  if (sc_cli_study_guide_missing (&study))
    printf (_("The guide “%s” is not in the library.\n"), study.group->guide_id);
  for (guint i = 0; i < meetings->len; i++)
    sc_cli_print_meeting (&study, g_ptr_array_index (meetings, i));
  if (meetings->len == 0)
    printf ("%s\n", _("No meetings yet: give the group a guide, or set a meeting with --session N --date DATE."));
  return SC_EXIT_OK;
}

static void
add_assignment_json (JsonBuilder        *builder,
                     const ScAssignment *assignment,
                     GPtrArray          *members)
{
  g_autofree char *key = g_strconcat ("assignment:", assignment->id, NULL);

  json_builder_begin_object (builder);
  sc_cli_json_string (builder, "id", assignment->id);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, key);
  sc_cli_json_string (builder, "text", assignment->text_id);
  sc_cli_json_string (builder, "from", assignment->from);
  sc_cli_json_string (builder, "to", assignment->to);
  sc_cli_json_string (builder, "member", assignment->member_id);
  sc_cli_json_string (builder, "member_name",
                      assignment->member_id != NULL ? sc_cli_member_name (members, assignment->member_id) : NULL);
  json_builder_set_member_name (builder, "due_session");
  if (assignment->due_session > 0)
    json_builder_add_int_value (builder, assignment->due_session);
  else
    json_builder_add_null_value (builder);
  sc_cli_json_string (builder, "due_date", assignment->due_date);
  sc_cli_json_string (builder, "note", assignment->note);
  sc_cli_json_int (builder, "updated", assignment->updated);
  json_builder_end_object (builder);
}

/* Index of a section in the text's document order, or -1. */
static int
section_position (GPtrArray  *flat,
                  const char *section_id)
{
  for (guint i = 0; i < flat->len; i++)
    if (g_strcmp0 (((ScSection *) g_ptr_array_index (flat, i))->id, section_id) == 0)
      return (int) i;
  return -1;
}

/* The text must be a text of the library, its sections must exist, and
 * @from must not come after @to. */
static int
check_text_range (ScCliStudy  *study,
                  ScCliCommon *common,
                  const char  *text_id,
                  const char  *from,
                  const char  *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScDocInfo) info = NULL;
  g_autoptr(ScText) text = NULL;
  g_autoptr(GPtrArray) flat = NULL;
  int status = SC_EXIT_OK;
  int first, last;

  if (sc_cli_study_open_index (study, common, &status) == NULL)
    return status;
  info = sc_index_get_document (study->index, text_id, &error);
  if (info == NULL)
    {
      sc_cli_error (_("no text “%s” in the library; “studycircle-cli list” lists them"), text_id);
      return SC_EXIT_REJECTED;
    }
  if (g_strcmp0 (info->kind, "text") != 0)
    {
      sc_cli_error (_("“%s” is a %s, not a text to read"), text_id, info->kind);
      return SC_EXIT_REJECTED;
    }
  if (from == NULL)
    return SC_EXIT_OK;

  text = sc_text_read_file (info->path, &error);
  if (text == NULL)
    return sc_cli_rejected (error);
  flat = sc_text_flatten (text);
  first = section_position (flat, from);
  last = to != NULL ? section_position (flat, to) : first;
  if (first < 0 || last < 0)
    {
      sc_cli_error (_("text “%s” has no section “%s”; “studycircle-cli show %s” lists its sections"),
                    text_id, first < 0 ? from : to, text_id);
      return SC_EXIT_REJECTED;
    }
  if (last < first)
    {
      sc_cli_error (_("section “%s” comes before “%s” in “%s”: give the range in reading order"),
                    to, from, text_id);
      return SC_EXIT_REJECTED;
    }
  return SC_EXIT_OK;
}

static void
print_assignment_line (const ScAssignment *assignment,
                       GPtrArray          *members)
{
  g_autofree char *range = sc_cli_describe_range (assignment->text_id, assignment->from, assignment->to);

  printf ("%.*s  %s", SC_CLI_SHORT_ID, assignment->id, range);
  if (assignment->member_id != NULL)
    printf (_(" — for %s"), sc_cli_member_name (members, assignment->member_id));
  else
    printf (" — %s", _("for the whole group"));
  if (assignment->due_session > 0)
    printf (_(", due at session %u"), assignment->due_session);
  else if (assignment->due_date != NULL)
    printf (_(", due on %s"), assignment->due_date);
  printf ("\n");
  if (assignment->note != NULL)
    printf ("    %s\n", assignment->note);
}

static int
assign_add (int    argc,
            char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScAssignment) assignment = NULL;
  g_autoptr(ScMember) member = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *member_arg = NULL;
  g_autofree char *session_arg = NULL;
  g_autofree char *due = NULL;
  g_autofree char *note = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First section to read (default: the whole text)"), N_("SECTION-ID") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last section to read (default: --from alone)"), N_("SECTION-ID") },
    { "member", 'm', 0, G_OPTION_ARG_STRING, &member_arg, N_("Only for this member (default: the whole group)"), N_("MEMBER") },
    { "session", 's', 0, G_OPTION_ARG_STRING, &session_arg, N_("Due at this session"), N_("N") },
    { "due", 0, 0, G_OPTION_ARG_STRING, &due, N_("Due on this date"), N_("YYYY-MM-DD") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note for the readers"), N_("TEXT") },
    { NULL }
  };
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("assign add", _("GROUP TEXT-ID"),
                     _("Assign a reading beyond the guide: a text, or a range of its sections, to the "
                       "whole group or one member, due at a session or on a date."),
                     entries, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc != 3)
    {
      sc_cli_error (_("assign add takes a group and a text id"));
      return SC_EXIT_USAGE;
    }
  if (to != NULL && from == NULL)
    {
      sc_cli_error (_("--to needs --from: the range starts somewhere"));
      return SC_EXIT_USAGE;
    }
  if (session_arg != NULL && due != NULL)
    {
      sc_cli_error (_("give either --session or --due, not both"));
      return SC_EXIT_USAGE;
    }
  if (!sc_cli_check_date ("--due", due, FALSE))
    return SC_EXIT_USAGE;

  if (!sc_cli_study_open (&study, &common, argv[1], TRUE, &status))
    return status;

  assignment = sc_study_assignment_new (study.group->id, argv[2]);
  if (session_arg != NULL)
    {
      status = sc_cli_study_session (&study, session_arg, &assignment->due_session);
      if (status != SC_EXIT_OK)
        return status;
    }
  status = check_text_range (&study, &common, argv[2], from, to);
  if (status != SC_EXIT_OK)
    return status;
  if (member_arg != NULL)
    {
      member = sc_study_store_find_member (study.store, study.group->id, member_arg, &error);
      if (member == NULL)
        return sc_cli_rejected (error);
      assignment->member_id = g_strdup (member->id);
    }
  assignment->from = g_strdup (from);
  assignment->to = g_strdup (to != NULL && g_strcmp0 (to, from) != 0 ? to : NULL);
  assignment->due_date = g_strdup (due);
  assignment->note = note != NULL && *note != '\0' ? g_strdup (note) : NULL;

  if (!sc_study_store_add_assignment (study.store, assignment, &error))
    return sc_cli_rejected (error);

  members = sc_study_store_list_members (study.store, study.group->id, NULL);
  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      add_assignment_json (builder, assignment, members);
      sc_cli_print_json_builder (builder);
      return SC_EXIT_OK;
    }
  printf (_("Assigned in “%s”:\n"), study.group->name);
  print_assignment_line (assignment, members);
  return SC_EXIT_OK;
}

static int
assign_list (int    argc,
             char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(GPtrArray) members = NULL;
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("assign list", _("GROUP"), _("List the readings assigned beyond the guide."),
                     NULL, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc != 2)
    {
      sc_cli_error (_("assign list takes one group"));
      return SC_EXIT_USAGE;
    }
  if (!sc_cli_study_open (&study, &common, argv[1], FALSE, &status))
    return status;

  assignments = sc_study_store_list_assignments (study.store, study.group->id, &error);
  members = assignments != NULL ? sc_study_store_list_members (study.store, study.group->id, &error) : NULL;
  if (members == NULL)
    return sc_cli_rejected (error);

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < assignments->len; i++)
        add_assignment_json (builder, g_ptr_array_index (assignments, i), members);
      json_builder_end_array (builder);
      sc_cli_print_json_builder (builder);
      return SC_EXIT_OK;
    }

  for (guint i = 0; i < assignments->len; i++)
    print_assignment_line (g_ptr_array_index (assignments, i), members);
  if (assignments->len == 0)
    printf ("%s\n", _("Nothing assigned beyond the guide."));
  return SC_EXIT_OK;
}

static int
assign_remove (int    argc,
               char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScAssignment) assignment = NULL;
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("assign remove", _("GROUP ASSIGNMENT-ID"),
                     _("Remove an assigned reading (its id or the start of it, as “assign list” shows)."),
                     NULL, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc != 3)
    {
      sc_cli_error (_("assign remove takes a group and an assignment id"));
      return SC_EXIT_USAGE;
    }
  if (!sc_cli_study_open (&study, &common, argv[1], FALSE, &status))
    return status;

  assignment = sc_study_store_find_assignment (study.store, argv[2], &error);
  if (assignment != NULL && g_strcmp0 (assignment->group_id, study.group->id) != 0)
    {
      g_clear_pointer (&assignment, sc_study_assignment_free);
      g_set_error (&error, SC_ERROR, SC_ERROR_NOT_FOUND, _("“%s” has no assignment “%s”"),
                   study.group->name, argv[2]);
    }
  if (assignment == NULL || !sc_study_store_remove_assignment (study.store, assignment->id, &error))
    return sc_cli_rejected (error);

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sc_cli_json_string (builder, "removed", assignment->id);
      json_builder_end_object (builder);
      sc_cli_print_json_builder (builder);
      return SC_EXIT_OK;
    }
  {
    g_autofree char *range = sc_cli_describe_range (assignment->text_id, assignment->from, assignment->to);
    printf (_("Removed the assignment %.*s (%s).\n"), SC_CLI_SHORT_ID, assignment->id, range);
  }
  return SC_EXIT_OK;
}

static const ScCliSubcommand assign_subcommands[] = {
  { "add", assign_add, N_("GROUP TEXT-ID [--from S] [--to S] [--member M] [--session N | --due DATE] [--note TEXT]"), N_("Assign a reading beyond the guide") },
  { "list", assign_list, N_("GROUP"), N_("List the assigned readings") },
  { "remove", assign_remove, N_("GROUP ASSIGNMENT-ID"), N_("Remove an assigned reading") },
};

int
sc_cli_assign (int    argc,
               char **argv)
{
  return sc_cli_dispatch ("assign", assign_subcommands, G_N_ELEMENTS (assign_subcommands), argc, argv);
}
