/* sc-cli.h: what the commands of studycircle-cli share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sc-index.h"
#include "sc-library.h"

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

G_END_DECLS
