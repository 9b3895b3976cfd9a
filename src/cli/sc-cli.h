/* sc-cli.h: what the commands of studycircle-cli share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sc-index.h"
#include "sc-library.h"
#include "sc-study.h"
#include "sc-study-progress.h"
#include "sc-study-report.h"

G_BEGIN_DECLS

/* Exit statuses, as DESIGN.md says. */
enum {
  SC_EXIT_OK = 0,
  SC_EXIT_REJECTED = 1,   /* some input rejected or not found; the rest done */
  SC_EXIT_USAGE = 2,
};

typedef struct {
  char     **libraries;   /* --library DIR, repeatable */
  gboolean   json;        /* --json */
} ScCliCommon;

typedef int (*ScCliCommand) (int argc, char **argv);

int        sc_cli_index      (int argc, char **argv);
int        sc_cli_search     (int argc, char **argv);
int        sc_cli_list       (int argc, char **argv);
int        sc_cli_show       (int argc, char **argv);
int        sc_cli_validate   (int argc, char **argv);
int        sc_cli_import     (int argc, char **argv);
int        sc_cli_group      (int argc, char **argv);
int        sc_cli_group_show (int argc, char **argv);
int        sc_cli_member     (int argc, char **argv);
int        sc_cli_schedule   (int argc, char **argv);
int        sc_cli_assign     (int argc, char **argv);
int        sc_cli_progress   (int argc, char **argv);
int        sc_cli_attend     (int argc, char **argv);
int        sc_cli_export     (int argc, char **argv);
/* "import FILE…" when every file is a progress file (sc-cli-exchange.c):
 * each is merged, any other document refused. sc_cli_import() calls it, and
 * sc_cli_import_progress_file() for progress files among texts. */
int        sc_cli_import_progress (int argc, char **argv);
int        sc_cli_report     (int argc, char **argv);
int        sc_cli_restore_backup (int argc, char **argv);

/* Parses argv with the common options plus @entries; on a usage error
 * prints it and returns FALSE. */
gboolean   sc_cli_parse      (const char    *command,
                              const char    *parameters,
                              const char    *summary,
                              GOptionEntry  *entries,
                              ScCliCommon   *common,
                              int           *argc,
                              char        ***argv);
void       sc_cli_common_clear (ScCliCommon *common);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScCliCommon, sc_cli_common_clear)
ScLibrary *sc_cli_library    (ScCliCommon   *common);
/* Opens the index; when @refresh, or when it was never built, brings it up
 * to date first (quietly, problems printed on stderr). */
ScIndex   *sc_cli_open_index (ScCliCommon   *common,
                              gboolean       refresh,
                              int           *status);
/* After a query on @index failed with @error: when the index is damaged,
 * rebuilds it (as sc_cli_open_index() does) and returns TRUE: run the
 * query again. */
gboolean   sc_cli_recover_index (ScCliCommon  *common,
                              ScIndex      *index,
                              const GError *error,
                              int          *status);
void       sc_cli_print_json (JsonNode      *node);
void       sc_cli_error      (const char    *format,
                              ...) G_GNUC_PRINTF (1, 2);
gboolean   sc_cli_color      (void);
guint      sc_cli_reading_minutes (guint words);

/* The study commands (sc-cli-study.c shares what sc-cli-group.c,
 * sc-cli-member.c, sc-cli-schedule.c, sc-cli-progress.c,
 * sc-cli-exchange.c and sc-cli-study-report.c need) */

/* How much of a UUID the human output shows: enough to tell records
 * apart and to type back (ids are found by a prefix of 4 or more). */
#define SC_CLI_SHORT_ID 8

/* Merges the progress file @path into the study records (for the import
 * command: call it for files whose root element is <progress>, as
 * sc_doc_kind_sniff() tells). Prints what the merge did — added, updated,
 * unchanged, conflicts — or, with @json (an array the caller has begun),
 * adds it there as one object. A file that cannot be merged is left out as
 * a whole and reported on stderr as "FILE:LINE: message". Returns
 * SC_EXIT_OK or SC_EXIT_REJECTED. */
int        sc_cli_import_progress_file (const char  *path,
                              JsonBuilder  *json);

typedef struct {
  const char   *name;
  ScCliCommand  run;
  const char   *parameters;
  const char   *summary;
} ScCliSubcommand;

/* "group create …": runs the subcommand named by argv[1] with argv + 1;
 * none, an unknown one or --help prints the subcommands. */
int        sc_cli_dispatch   (const char             *command,
                              const ScCliSubcommand  *subcommands,
                              guint                   n_subcommands,
                              int                     argc,
                              char                  **argv);

typedef struct {
  ScStudyStore         *store;
  ScIndex              *index;       /* NULL until the library is needed */
  ScGroup              *group;       /* the group named on the command line */
  ScStudyReportSources  sources;     /* its guide and glossary, when loaded */
  guint                 n_sessions;  /* its schedule, when the library is loaded */
} ScCliStudy;

/* Opens the study store at sc_paths_study_db() and makes the daily backup
 * when it is due; NULL with the problem printed (for a damaged file, also
 * how to restore its backup). */
ScStudyStore *sc_cli_open_study_store (void);
/* Opens the study store and finds @group (NULL: none); @with_library
 * also opens the index and reads the group's guide. Problems are printed;
 * on failure *@status says how to exit. */
gboolean   sc_cli_study_open (ScCliStudy   *study,
                              ScCliCommon  *common,
                              const char   *group,
                              gboolean      with_library,
                              int          *status);
ScIndex   *sc_cli_study_open_index (ScCliStudy  *study,
                              ScCliCommon  *common,
                              int          *status);
void       sc_cli_study_clear (ScCliStudy  *study);
gboolean   sc_cli_study_guide_missing (ScCliStudy *study);
/* A session by number, or by its id in the group's guide; returns the
 * exit status (printed: a session the guide lacks, a bad number). */
int        sc_cli_study_session (ScCliStudy *study,
                              const char   *arg,
                              guint        *session);
ScGuideSession *sc_cli_study_guide_session (ScCliStudy *study,
                              guint         session);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScCliStudy, sc_cli_study_clear)

char      *sc_cli_today      (void);
/* Prints an error and returns FALSE when @value is not a date ("" is one
 * when @may_be_empty: it clears). */
gboolean   sc_cli_check_date (const char   *option,
                              const char   *value,
                              gboolean      may_be_empty);
char      *sc_cli_describe_range (const char *text_id,
                              const char   *from,
                              const char   *to);
const char *sc_cli_group_status_label   (ScGroupStatus   status);
const char *sc_cli_cadence_label        (ScCadence       cadence);
const char *sc_cli_reading_status_label (ScReadingStatus status);
const char *sc_cli_attendance_label     (ScAttendance    attendance);
void       sc_cli_print_meeting (ScCliStudy      *study,
                              const ScMeeting *meeting);

/* Prints @error's message and returns SC_EXIT_REJECTED. */
int        sc_cli_rejected   (const GError *error);
void       sc_cli_print_json_builder (JsonBuilder *builder);
const char *sc_cli_role_label (ScRole         role);
/* Rounded to the nearest whole percent. */
int        sc_cli_percent    (double        share);
/* Prints @text padded to @width characters (not bytes: names are UTF-8). */
void       sc_cli_print_padded (const char  *text,
                              guint         width);
/* A member of @members by id; the name, or the id when not there. */
const ScMember *sc_cli_find_member (GPtrArray  *members,
                              const char   *member_id);
const char *sc_cli_member_name (GPtrArray  *members,
                              const char   *member_id);
/* The group's readings (sc_study_group_readings(), all of them) and
 * numbers (sc_group_progress_compute()), with word counts and sections
 * from the library when its index is open. */
GPtrArray *sc_cli_study_readings (ScCliStudy *study,
                              GError      **error);
ScGroupProgress *sc_cli_study_progress (ScCliStudy *study,
                              const char   *today,
                              GError      **error);

void       sc_cli_json_string (JsonBuilder *builder,
                              const char   *name,
                              const char   *value);
void       sc_cli_json_int   (JsonBuilder  *builder,
                              const char   *name,
                              gint64        value);
void       sc_cli_json_double (JsonBuilder *builder,
                              const char   *name,
                              double        value);
void       sc_cli_json_boolean (JsonBuilder *builder,
                              const char   *name,
                              gboolean      value);
void       sc_cli_json_group (JsonBuilder  *builder,
                              const ScGroup *group);
/* With @numbers (nullable): the session's readings, minutes and completion. */
void       sc_cli_json_meeting (JsonBuilder     *builder,
                              ScCliStudy      *study,
                              const ScMeeting *meeting,
                              const ScSessionProgress *numbers);

G_END_DECLS
