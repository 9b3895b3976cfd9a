/* sc-cli-study-report.c: studycircle-cli report: a group's roster as CSV
 * or a printable page, and a session's handout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "sc-cli.h"

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
    return sc_cli_rejected (error);

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
      sc_cli_print_json_builder (builder);
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
