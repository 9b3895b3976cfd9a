/* sc-cli-member.c: studycircle-cli member add, list and remove, and attend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "sc-cli.h"

static void
add_member_json (JsonBuilder    *builder,
                 const ScMember *member)
{
  json_builder_begin_object (builder);
  sc_cli_json_string (builder, "id", member->id);
  sc_cli_json_string (builder, "name", member->name);
  sc_cli_json_string (builder, "contact", member->contact);
  sc_cli_json_string (builder, "role", sc_role_to_string (member->role));
  sc_cli_json_string (builder, "joined", member->joined);
  sc_cli_json_int (builder, "updated", member->updated);
  json_builder_end_object (builder);
}

static void
print_member_line (const ScMember *member)
{
  printf ("%.*s  %s (%s)", SC_CLI_SHORT_ID, member->id, member->name, sc_cli_role_label (member->role));
  if (member->contact != NULL)
    printf (" — %s", member->contact);
  if (member->joined != NULL)
    printf (_(", joined %s"), member->joined);
  printf ("\n");
}

static int
member_add (int    argc,
            char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScMember) member = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *role = NULL;
  g_autofree char *joined = NULL;
  GOptionEntry entries[] = {
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact, N_("How to reach them: e-mail, phone…"), N_("CONTACT") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("member or facilitator (default: member)"), N_("ROLE") },
    { "joined", 0, 0, G_OPTION_ARG_STRING, &joined, N_("When they joined the group (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("member add", _("GROUP NAME"), _("Add a member to a study group."),
                     entries, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc != 3 || g_strstrip (argv[2])[0] == '\0')
    {
      sc_cli_error (_("member add takes a group and the member's name"));
      return SC_EXIT_USAGE;
    }

  member = sc_study_member_new (argv[2]);
  if (role != NULL && !sc_role_from_string (role, &member->role))
    {
      sc_cli_error (_("unknown role “%s”: use member or facilitator"), role);
      return SC_EXIT_USAGE;
    }
  if (!sc_cli_check_date ("--joined", joined, FALSE))
    return SC_EXIT_USAGE;
  member->contact = contact != NULL && *contact != '\0' ? g_strdup (contact) : NULL;
  member->joined = joined != NULL ? g_strdup (joined) : sc_cli_today ();

  if (!sc_cli_study_open (&study, &common, argv[1], FALSE, &status))
    return status;
  if (!sc_study_store_add_member (study.store, study.group->id, member, &error))
    return sc_cli_rejected (error);

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      add_member_json (builder, member);
      sc_cli_print_json_builder (builder);
      return SC_EXIT_OK;
    }
  printf (_("Added %s to “%s”.\n"), member->name, study.group->name);
  print_member_line (member);
  return SC_EXIT_OK;
}

static int
member_list (int    argc,
             char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("member list", _("GROUP"), _("List a study group's members."),
                     NULL, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc != 2)
    {
      sc_cli_error (_("member list takes one group"));
      return SC_EXIT_USAGE;
    }
  if (!sc_cli_study_open (&study, &common, argv[1], FALSE, &status))
    return status;

  members = sc_study_store_list_members (study.store, study.group->id, &error);
  if (members == NULL)
    return sc_cli_rejected (error);

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < members->len; i++)
        add_member_json (builder, g_ptr_array_index (members, i));
      json_builder_end_array (builder);
      sc_cli_print_json_builder (builder);
      return SC_EXIT_OK;
    }

  for (guint i = 0; i < members->len; i++)
    print_member_line (g_ptr_array_index (members, i));
  if (members->len == 0)
    printf (_("“%s” has no members yet. Add them with “studycircle-cli member add GROUP NAME”.\n"),
            study.group->name);
  return SC_EXIT_OK;
}

static int
member_remove (int    argc,
               char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScMember) member = NULL;
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("member remove", _("GROUP MEMBER"),
                     _("Remove a member from a study group. Their records stay in the file and the "
                       "removal travels with exports."),
                     NULL, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc != 3)
    {
      sc_cli_error (_("member remove takes a group and a member"));
      return SC_EXIT_USAGE;
    }
  if (!sc_cli_study_open (&study, &common, argv[1], FALSE, &status))
    return status;

  member = sc_study_store_find_member (study.store, study.group->id, argv[2], &error);
  if (member == NULL || !sc_study_store_remove_member (study.store, study.group->id, member->id, &error))
    return sc_cli_rejected (error);

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sc_cli_json_string (builder, "removed", member->id);
      sc_cli_json_string (builder, "name", member->name);
      json_builder_end_object (builder);
      sc_cli_print_json_builder (builder);
      return SC_EXIT_OK;
    }
  printf (_("Removed %s from “%s”.\n"), member->name, study.group->name);
  return SC_EXIT_OK;
}

static const ScCliSubcommand member_subcommands[] = {
  { "add", member_add, N_("GROUP NAME [--contact C] [--role member|facilitator] [--joined DATE]"), N_("Add a member") },
  { "list", member_list, N_("GROUP"), N_("List a group's members") },
  { "remove", member_remove, N_("GROUP MEMBER"), N_("Remove a member") },
};

int
sc_cli_member (int    argc,
               char **argv)
{
  return sc_cli_dispatch ("member", member_subcommands, G_N_ELEMENTS (member_subcommands), argc, argv);
}

static gboolean
find_attendance (GPtrArray          *records,
                 const char         *member_id,
                 guint               session,
                 ScAttendanceRecord **found)
{
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      ScAttendanceRecord *record = g_ptr_array_index (records, i);

      if (record->session == session && g_strcmp0 (record->member_id, member_id) == 0)
        {
          *found = record;
          return TRUE;
        }
    }
  *found = NULL;
  return FALSE;
}

int
sc_cli_attend (int    argc,
               char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *status_arg = NULL;
  gboolean questions = FALSE;
  gboolean no_questions = FALSE;
  GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_arg, N_("present, absent or excused"), N_("STATUS") },
    { "questions", 'q', 0, G_OPTION_ARG_NONE, &questions, N_("They came with questions prepared"), NULL },
    { "no-questions", 0, 0, G_OPTION_ARG_NONE, &no_questions, N_("They came without questions prepared"), NULL },
    { NULL }
  };
  ScAttendance attendance;
  guint session = 0;
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("attend", _("GROUP SESSION MEMBER…"),
                     _("Record who came to a session. Without --questions or --no-questions, what was "
                       "recorded about prepared questions stays."),
                     entries, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc < 4)
    {
      sc_cli_error (_("attend takes a group, a session and one or more members"));
      return SC_EXIT_USAGE;
    }
  if (status_arg == NULL)
    {
      sc_cli_error (_("attend needs --status present, absent or excused"));
      return SC_EXIT_USAGE;
    }
  if (!sc_attendance_from_string (status_arg, &attendance) || attendance == SC_ATTENDANCE_UNKNOWN)
    {
      sc_cli_error (_("unknown attendance “%s”: use present, absent or excused"), status_arg);
      return SC_EXIT_USAGE;
    }
  if (questions && no_questions)
    {
      sc_cli_error (_("give either --questions or --no-questions, not both"));
      return SC_EXIT_USAGE;
    }

  if (!sc_cli_study_open (&study, &common, argv[1], TRUE, &status))
    return status;
  status = sc_cli_study_session (&study, argv[2], &session);
  if (status != SC_EXIT_OK)
    return status;
  records = sc_study_store_list_attendance (study.store, study.group->id, &error);
  if (records == NULL)
    return sc_cli_rejected (error);

  /* Each member is one action: an unknown name is reported and the others
   * are recorded, as DESIGN.md asks of every command. */
  json_builder_begin_array (builder);
  for (int i = 3; i < argc; i++)
    {
      g_autoptr(ScMember) member = sc_study_store_find_member (study.store, study.group->id, argv[i], &error);
      ScAttendanceRecord *earlier = NULL;
      gboolean prepared;

      if (member == NULL)
        {
          sc_cli_error ("%s", error->message);
          g_clear_error (&error);
          status = SC_EXIT_REJECTED;
          continue;
        }
      prepared = questions || (!no_questions && find_attendance (records, member->id, session, &earlier) &&
                               earlier->questions_prepared);
      if (!sc_study_store_set_attendance (study.store, study.group->id, member->id, session,
                                          attendance, prepared, &error))
        {
          sc_cli_error ("%s", error->message);
          g_clear_error (&error);
          status = SC_EXIT_REJECTED;
          continue;
        }

      if (common.json)
        {
          json_builder_begin_object (builder);
          sc_cli_json_string (builder, "member", member->id);
          sc_cli_json_string (builder, "name", member->name);
          sc_cli_json_int (builder, "session", session);
          sc_cli_json_string (builder, "status", sc_attendance_to_string (attendance));
          json_builder_set_member_name (builder, "questions_prepared");
          json_builder_add_boolean_value (builder, prepared);
          json_builder_end_object (builder);
        }
      else
        printf (prepared ? _("Session %u: %s %s, with questions prepared\n") : _("Session %u: %s %s\n"),
                session, member->name, sc_cli_attendance_label (attendance));
    }
  json_builder_end_array (builder);

  if (common.json)
    sc_cli_print_json_builder (builder);
  return status;
}
