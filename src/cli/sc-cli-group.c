/* sc-cli-group.c: studycircle-cli group create, list, show, edit and archive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "sc-cli.h"
#include "sc-error.h"
#include "sc-study-progress.h"

typedef struct {
  char *name;
  char *branch;
  char *guide;
  char *facilitator;
  char *start;
  char *cadence;
  char *status;
} GroupOptions;

static void
group_options_clear (GroupOptions *options)
{
  g_clear_pointer (&options->name, g_free);
  g_clear_pointer (&options->branch, g_free);
  g_clear_pointer (&options->guide, g_free);
  g_clear_pointer (&options->facilitator, g_free);
  g_clear_pointer (&options->start, g_free);
  g_clear_pointer (&options->cadence, g_free);
  g_clear_pointer (&options->status, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GroupOptions, group_options_clear)

/* The option entries of group create and edit; @with_name adds --name. */
static GOptionEntry *
group_option_entries (GroupOptions *options,
                      gboolean      with_name)
{
  GOptionEntry entries[] = {
    { "branch", 0, 0, G_OPTION_ARG_STRING, &options->branch, N_("The branch or place the group belongs to"), N_("BRANCH") },
    { "guide", 0, 0, G_OPTION_ARG_STRING, &options->guide, N_("The guide the group follows (its id in the library)"), N_("GUIDE-ID") },
    { "facilitator", 0, 0, G_OPTION_ARG_STRING, &options->facilitator, N_("Who facilitates the group"), N_("NAME") },
    { "start", 0, 0, G_OPTION_ARG_STRING, &options->start, N_("Date of the first meeting"), N_("YYYY-MM-DD") },
    { "cadence", 0, 0, G_OPTION_ARG_STRING, &options->cadence, N_("How often the group meets: weekly, fortnightly or custom"), N_("CADENCE") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &options->status, N_("planned, active, finished or archived"), N_("STATUS") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &options->name, N_("A new name for the group"), N_("NAME") },
    { NULL }
  };

  if (!with_name)
    entries[6] = (GOptionEntry) { NULL };
  return g_memdup2 (entries, sizeof entries);
}

/* An option given replaces the field; given empty, it clears it. */
static void
take_option (char       **field,
             const char  *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = *value != '\0' ? g_strdup (value) : NULL;
}

/* Copies the given options onto @group; "" clears an optional field.
 * Returns an exit status. */
static int
apply_group_options (ScCliStudy   *study,
                     ScCliCommon  *common,
                     GroupOptions *options,
                     ScGroup      *group)
{
  if (options->cadence != NULL && !sc_cadence_from_string (options->cadence, &group->cadence))
    {
      sc_cli_error (_("unknown cadence “%s”: use weekly, fortnightly or custom"), options->cadence);
      return SC_EXIT_USAGE;
    }
  if (options->status != NULL && !sc_group_status_from_string (options->status, &group->status))
    {
      sc_cli_error (_("unknown status “%s”: use planned, active, finished or archived"), options->status);
      return SC_EXIT_USAGE;
    }
  if (!sc_cli_check_date ("--start", options->start, TRUE))
    return SC_EXIT_USAGE;
  if (options->name != NULL && g_strstrip (options->name)[0] == '\0')
    {
      sc_cli_error (_("a group needs a name"));
      return SC_EXIT_USAGE;
    }

  if (options->guide != NULL && *options->guide != '\0')
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScDocInfo) info = NULL;
      int status = SC_EXIT_OK;

      if (sc_cli_study_open_index (study, common, &status) == NULL)
        return status;
      info = sc_index_get_document (study->index, options->guide, &error);
      if (info == NULL)
        {
          sc_cli_error (_("no guide “%s” in the library; “studycircle-cli list --kind guide” lists them"),
                        options->guide);
          return SC_EXIT_REJECTED;
        }
      if (g_strcmp0 (info->kind, "guide") != 0)
        {
          sc_cli_error (_("“%s” is not a guide but a %s; “studycircle-cli list --kind guide” lists the guides"),
                        options->guide, info->kind);
          return SC_EXIT_REJECTED;
        }
    }

  take_option (&group->name, options->name);
  take_option (&group->branch, options->branch);
  take_option (&group->guide_id, options->guide);
  take_option (&group->facilitator, options->facilitator);
  take_option (&group->start_date, options->start);

  return SC_EXIT_OK;
}

static void
print_group_line (const ScGroup *group)
{
  g_autoptr(GString) details = g_string_new (sc_cli_group_status_label (group->status));

  if (group->guide_id != NULL)
    g_string_append_printf (details, ", %s", group->guide_id);
  if (group->start_date != NULL)
    /* TRANSLATORS: a group's start date and cadence, "from 2025-01-07, weekly" */
    g_string_append_printf (details, _(", from %s, %s"), group->start_date, sc_cli_cadence_label (group->cadence));
  if (group->branch != NULL)
    g_string_append_printf (details, ", %s", group->branch);
  printf ("%.*s  %s  (%s)\n", SC_CLI_SHORT_ID, group->id, group->name, details->str);
}

typedef enum {
  GROUP_CREATED,
  GROUP_SAVED,
  GROUP_ARCHIVED,
} GroupChange;

static int
group_save (ScCliStudy  *study,
            ScCliCommon *common,
            ScGroup     *group,
            GroupChange  change)
{
  g_autoptr(GError) error = NULL;

  if (!sc_study_store_save_group (study->store, group, &error))
    {
      sc_cli_error ("%s", error->message);
      return g_error_matches (error, SC_ERROR, SC_ERROR_USAGE) ? SC_EXIT_USAGE : SC_EXIT_REJECTED;
    }

  if (common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      sc_cli_json_group (builder, group);
      sc_cli_print_json_builder (builder);
    }
  else
    {
      if (change == GROUP_CREATED)
        printf (_("Created the group “%s”.\n"), group->name);
      else if (change == GROUP_ARCHIVED)
        printf (_("Archived the group “%s”.\n"), group->name);
      else
        printf (_("Saved the group “%s”.\n"), group->name);
      print_group_line (group);
    }
  return SC_EXIT_OK;
}

static int
group_create (int    argc,
              char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  g_auto(GroupOptions) options = { 0 };
  g_autofree GOptionEntry *entries = group_option_entries (&options, FALSE);
  g_autoptr(ScGroup) group = NULL;
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("group create", _("NAME"), _("Create a study group."),
                     entries, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc != 2 || g_strstrip (argv[1])[0] == '\0')
    {
      sc_cli_error (_("group create takes the group's name"));
      return SC_EXIT_USAGE;
    }

  group = sc_study_group_new (argv[1]);
  if (!sc_cli_study_open (&study, &common, NULL, FALSE, &status))
    return status;
  status = apply_group_options (&study, &common, &options, group);
  if (status != SC_EXIT_OK)
    return status;
  return group_save (&study, &common, group, GROUP_CREATED);
}

static int
group_edit (int    argc,
            char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  g_auto(GroupOptions) options = { 0 };
  g_autofree GOptionEntry *entries = group_option_entries (&options, TRUE);
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("group edit", _("GROUP"),
                     _("Change a study group. Give only what changes; an empty value (\"\") clears "
                       "the branch, guide, facilitator or start date."),
                     entries, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc != 2)
    {
      sc_cli_error (_("group edit takes one group"));
      return SC_EXIT_USAGE;
    }
  if (!sc_cli_study_open (&study, &common, argv[1], FALSE, &status))
    return status;
  status = apply_group_options (&study, &common, &options, study.group);
  if (status != SC_EXIT_OK)
    return status;
  return group_save (&study, &common, study.group, GROUP_SAVED);
}

static int
group_archive (int    argc,
               char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("group archive", _("GROUP"),
                     _("Archive a study group: it leaves “group list” (see it with --all) and keeps "
                       "all its records. “group edit GROUP --status active” brings it back."),
                     NULL, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc != 2)
    {
      sc_cli_error (_("group archive takes one group"));
      return SC_EXIT_USAGE;
    }
  if (!sc_cli_study_open (&study, &common, argv[1], FALSE, &status))
    return status;
  study.group->status = SC_GROUP_ARCHIVED;
  return group_save (&study, &common, study.group, GROUP_ARCHIVED);
}

static int
group_list (int    argc,
            char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_auto(ScCliStudy) study = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Archived groups too"), NULL },
    { NULL }
  };
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("group list", NULL, _("List the study groups."), entries, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc != 1)
    {
      sc_cli_error (_("group list takes no arguments"));
      return SC_EXIT_USAGE;
    }
  if (!sc_cli_study_open (&study, &common, NULL, FALSE, &status))
    return status;

  groups = sc_study_store_list_groups (study.store, all, &error);
  if (groups == NULL)
    return sc_cli_rejected (error);

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < groups->len; i++)
        sc_cli_json_group (builder, g_ptr_array_index (groups, i));
      json_builder_end_array (builder);
      sc_cli_print_json_builder (builder);
      return SC_EXIT_OK;
    }

  for (guint i = 0; i < groups->len; i++)
    print_group_line (g_ptr_array_index (groups, i));
  if (groups->len == 0)
    printf ("%s\n", _("No study groups yet. Create one with “studycircle-cli group create NAME”."));
  return SC_EXIT_OK;
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
      sc_cli_json_boolean (builder, "in_library", guide != NULL);
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
  /* The meetings are the progress numbers' sessions, one for one. */
  for (guint i = 0; i < meetings->len; i++)
    sc_cli_json_meeting (builder, study, g_ptr_array_index (meetings, i),
                         g_ptr_array_index (progress->sessions, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "members");
  json_builder_begin_array (builder);
  for (guint i = 0; i < progress->members->len; i++)
    {
      ScMemberProgress *mp = g_ptr_array_index (progress->members, i);
      const ScMember *member = sc_cli_find_member (members, mp->member_id);

      json_builder_begin_object (builder);
      sc_cli_json_string (builder, "id", mp->member_id);
      sc_cli_json_string (builder, "name", mp->name);
      sc_cli_json_string (builder, "role", member != NULL ? sc_role_to_string (member->role) : NULL);
      sc_cli_json_int (builder, "next_assigned", mp->next_assigned);
      sc_cli_json_int (builder, "next_done", mp->next_done);
      sc_cli_json_double (builder, "ready", mp->ready);
      sc_cli_json_int (builder, "assigned", mp->assigned);
      sc_cli_json_int (builder, "done", mp->done);
      sc_cli_json_double (builder, "completion", mp->completion);
      sc_cli_json_int (builder, "present", mp->present);
      sc_cli_json_int (builder, "absent", mp->absent);
      sc_cli_json_int (builder, "excused", mp->excused);
      sc_cli_json_double (builder, "attendance_rate", mp->attendance_rate);
      sc_cli_json_boolean (builder, "behind", mp->behind);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "behind");
  json_builder_begin_array (builder);
  for (guint i = 0; progress->behind[i] != NULL; i++)
    json_builder_add_string_value (builder, progress->behind[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  sc_cli_print_json_builder (builder);
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
                                                          mp->next_assigned, sc_cli_percent (mp->ready))
                                       : g_strdup ("");
  /* TRANSLATORS: readings done of those due up to the next session */
  row[COLUMN_COMPLETION] = g_strdup_printf (_("completion %u/%u (%d%%)"), mp->done, mp->assigned,
                                            sc_cli_percent (mp->completion));
  if (mp->present + mp->absent > 0 && mp->excused > 0)
    row[COLUMN_ATTENDANCE] = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "attendance %d%%, %u excused",
                                                           "attendance %d%%, %u excused", mp->excused),
                                              sc_cli_percent (mp->attendance_rate), mp->excused);
  else if (mp->present + mp->absent > 0)
    row[COLUMN_ATTENDANCE] = g_strdup_printf (_("attendance %d%%"), sc_cli_percent (mp->attendance_rate));
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
      char **row = member_progress_row (mp, sc_cli_find_member (members, mp->member_id), progress->next_session);

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
            sc_cli_print_padded (row[c], widths[c] + 1);
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

  progress = sc_cli_study_progress (&study, today, &error);
  if (progress != NULL)
    meetings = sc_study_store_list_meetings (study.store, study.group->id, progress->n_sessions, &error);
  if (meetings != NULL)
    members = sc_study_store_list_members (study.store, study.group->id, &error);
  if (members == NULL)
    return sc_cli_rejected (error);

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
        printf (_("      %d%% of the readings done\n"), sc_cli_percent (sp->completion));
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

static const ScCliSubcommand group_subcommands[] = {
  { "create", group_create, N_("NAME [--branch B] [--guide GUIDE-ID] [--facilitator NAME] [--start DATE] [--cadence C] [--status S]"), N_("Create a study group") },
  { "list", group_list, N_("[--all]"), N_("List the study groups") },
  { "show", sc_cli_group_show, N_("GROUP [--today DATE]"), N_("Show a group: schedule, members, who is ready and who is behind") },
  { "edit", group_edit, N_("GROUP [--name N] [same options as create]"), N_("Change a group") },
  { "archive", group_archive, N_("GROUP"), N_("Archive a group") },
};

int
sc_cli_group (int    argc,
              char **argv)
{
  return sc_cli_dispatch ("group", group_subcommands, G_N_ELEMENTS (group_subcommands), argc, argv);
}
