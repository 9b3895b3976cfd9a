/* sc-cli-study.c: studycircle-cli group, member, schedule, assign and attend
 *
 * The study commands share one shape: a subcommand, a group named by id,
 * unique id prefix or exact name, and the store at sc_paths_study_db().
 * Malformed values (a bad date, an unknown status) are usage errors (exit
 * 2); well-formed names of things that do not exist (a group, a member, a
 * text, a guide's session) are rejected input (exit 1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "sc-cli.h"
#include "sc-error.h"
#include "sc-paths.h"
#include "sc-text.h"

/* Sessions a schedule without a guide may have: enough for years of
 * weekly meetings, few enough to catch a typing slip. */
#define MAX_SESSIONS 500

/* How much of a UUID the human output shows: enough to tell records
 * apart and to type back (ids are found by a prefix of 4 or more). */
#define SHORT_ID 8

/* ------------------------------------------------------------------------ */
/* Shared by the study commands                                              */

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

gboolean
sc_cli_study_open (ScCliStudy  *study,
                   ScCliCommon *common,
                   const char  *group,
                   gboolean     with_library,
                   int         *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sc_paths_study_db ();

  study->store = sc_study_store_open (path, &error);
  if (study->store == NULL)
    {
      sc_cli_error ("%s", error->message);
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

/* ------------------------------------------------------------------------ */
/* Words for enum values, as people read them                                */

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

static const char *
role_label (ScRole role)
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

/* ------------------------------------------------------------------------ */
/* JSON of the records                                                       */

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

void
sc_cli_json_meeting (JsonBuilder     *builder,
                     ScCliStudy      *study,
                     const ScMeeting *meeting)
{
  ScGuideSession *session = sc_cli_study_guide_session (study, meeting->session);

  json_builder_begin_object (builder);
  sc_cli_json_int (builder, "session", meeting->session);
  sc_cli_json_string (builder, "session_id", session != NULL ? session->id : NULL);
  sc_cli_json_string (builder, "title", session != NULL ? session->title : NULL);
  sc_cli_json_string (builder, "date", meeting->date);
  json_builder_set_member_name (builder, "date_set");
  json_builder_add_boolean_value (builder, meeting->date_set);
  sc_cli_json_string (builder, "place", meeting->place);
  json_builder_end_object (builder);
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
  return member_id;
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
                      assignment->member_id != NULL ? member_name (members, assignment->member_id) : NULL);
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

static void
print_json_root (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  sc_cli_print_json (root);
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

/* ------------------------------------------------------------------------ */
/* group                                                                     */

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
  printf ("%.*s  %s  (%s)\n", SHORT_ID, group->id, group->name, details->str);
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
      print_json_root (builder);
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
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < groups->len; i++)
        sc_cli_json_group (builder, g_ptr_array_index (groups, i));
      json_builder_end_array (builder);
      print_json_root (builder);
      return SC_EXIT_OK;
    }

  for (guint i = 0; i < groups->len; i++)
    print_group_line (g_ptr_array_index (groups, i));
  if (groups->len == 0)
    printf ("%s\n", _("No study groups yet. Create one with “studycircle-cli group create NAME”."));
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

/* ------------------------------------------------------------------------ */
/* member                                                                    */

static void
print_member_line (const ScMember *member)
{
  printf ("%.*s  %s (%s)", SHORT_ID, member->id, member->name, role_label (member->role));
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
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      add_member_json (builder, member);
      print_json_root (builder);
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
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < members->len; i++)
        add_member_json (builder, g_ptr_array_index (members, i));
      json_builder_end_array (builder);
      print_json_root (builder);
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
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sc_cli_json_string (builder, "removed", member->id);
      sc_cli_json_string (builder, "name", member->name);
      json_builder_end_object (builder);
      print_json_root (builder);
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

/* ------------------------------------------------------------------------ */
/* schedule                                                                  */

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
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  meetings = sc_study_store_list_meetings (study->store, study->group->id,
                                           MAX (study->n_sessions, session), &error);
  if (meetings == NULL)
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }
  meeting = g_ptr_array_index (meetings, session - 1);
  if (common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      sc_cli_json_meeting (builder, study, meeting);
      print_json_root (builder);
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
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < meetings->len; i++)
        sc_cli_json_meeting (builder, &study, g_ptr_array_index (meetings, i));
      json_builder_end_array (builder);
      print_json_root (builder);
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

/* ------------------------------------------------------------------------ */
/* assign                                                                    */

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
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }
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

  printf ("%.*s  %s", SHORT_ID, assignment->id, range);
  if (assignment->member_id != NULL)
    printf (_(" — for %s"), member_name (members, assignment->member_id));
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
        {
          sc_cli_error ("%s", error->message);
          return SC_EXIT_REJECTED;
        }
      assignment->member_id = g_strdup (member->id);
    }
  assignment->from = g_strdup (from);
  assignment->to = g_strdup (to != NULL && g_strcmp0 (to, from) != 0 ? to : NULL);
  assignment->due_date = g_strdup (due);
  assignment->note = note != NULL && *note != '\0' ? g_strdup (note) : NULL;

  if (!sc_study_store_add_assignment (study.store, assignment, &error))
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  members = sc_study_store_list_members (study.store, study.group->id, NULL);
  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      add_assignment_json (builder, assignment, members);
      print_json_root (builder);
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
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < assignments->len; i++)
        add_assignment_json (builder, g_ptr_array_index (assignments, i), members);
      json_builder_end_array (builder);
      print_json_root (builder);
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
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sc_cli_json_string (builder, "removed", assignment->id);
      json_builder_end_object (builder);
      print_json_root (builder);
      return SC_EXIT_OK;
    }
  {
    g_autofree char *range = sc_cli_describe_range (assignment->text_id, assignment->from, assignment->to);
    printf (_("Removed the assignment %.*s (%s).\n"), SHORT_ID, assignment->id, range);
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

/* ------------------------------------------------------------------------ */
/* attend                                                                    */

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
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

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
    print_json_root (builder);
  return status;
}
