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
int        sc_cli_import_texts (int argc, char **argv);
int        sc_cli_group      (int argc, char **argv);
int        sc_cli_group_show (int argc, char **argv);
int        sc_cli_member     (int argc, char **argv);
int        sc_cli_schedule   (int argc, char **argv);
int        sc_cli_assign     (int argc, char **argv);
int        sc_cli_progress   (int argc, char **argv);
int        sc_cli_attend     (int argc, char **argv);
int        sc_cli_export     (int argc, char **argv);
int        sc_cli_import     (int argc, char **argv);
int        sc_cli_report     (int argc, char **argv);

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
void       sc_cli_print_json (JsonNode      *node);
void       sc_cli_error      (const char    *format,
                              ...) G_GNUC_PRINTF (1, 2);
gboolean   sc_cli_color      (void);
guint      sc_cli_reading_minutes (guint words);

/* The study commands (sc-cli-study.c, sc-cli-study-report.c) */

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

void       sc_cli_json_string (JsonBuilder *builder,
                              const char   *name,
                              const char   *value);
void       sc_cli_json_int   (JsonBuilder  *builder,
                              const char   *name,
                              gint64        value);
void       sc_cli_json_group (JsonBuilder  *builder,
                              const ScGroup *group);
void       sc_cli_json_meeting (JsonBuilder     *builder,
                              ScCliStudy      *study,
                              const ScMeeting *meeting);

G_END_DECLS
