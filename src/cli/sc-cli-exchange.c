/* sc-cli-exchange.c: studycircle-cli export, and the import of progress
 * files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "sc-cli.h"
#include "sc-error.h"
#include "sc-paths.h"
#include "sc-study-exchange.h"
#include "sc-validate.h"

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
        return sc_cli_rejected (error);
    }

  if (g_str_equal (output, "-"))
    {
      g_autofree char *xml = sc_study_export (study.store, study.group->id,
                                              member != NULL ? member->id : NULL, from, &error);

      if (xml == NULL)
        return sc_cli_rejected (error);
      fputs (xml, stdout);
      return SC_EXIT_OK;
    }

  if (!sc_study_export_to_file (study.store, study.group->id, member != NULL ? member->id : NULL,
                                from, output, &error))
    return sc_cli_rejected (error);

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autofree char *display = g_filename_display_name (output);

      json_builder_begin_object (builder);
      sc_cli_json_string (builder, "file", display);
      sc_cli_json_string (builder, "group", study.group->id);
      sc_cli_json_string (builder, "member", member != NULL ? member->id : NULL);
      json_builder_end_object (builder);
      sc_cli_print_json_builder (builder);
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

/**
 * sc_cli_import_progress_file:
 *
 * The store is opened for each file: a command merges a few files, and the
 * text importer that calls this has no store of its own.
 */
int
sc_cli_import_progress_file (const char  *path,
                             JsonBuilder *json)
{
  g_auto(ScStudyImportReport) report;
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = g_filename_display_name (path);

  g_return_val_if_fail (path != NULL, SC_EXIT_USAGE);

  store = sc_cli_open_study_store ();
  if (store == NULL)
    return SC_EXIT_REJECTED;

  sc_study_import_report_init (&report);
  if (!sc_study_import_file (store, path, &report, &error))
    {
      /* The message already reads "FILE:LINE: message". */
      fprintf (stderr, "%s\n", error->message);
      return SC_EXIT_REJECTED;
    }

  if (json != NULL)
    import_report_json (json, display, &report);
  else
    print_import_report (display, &report);
  return SC_EXIT_OK;
}

/* The kind of file @path is, from its first bytes. */
static gboolean
sniff_file (const char  *path,
            ScDocKind   *kind,
            GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  char buffer[16 * 1024];
  gsize length = 0;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, sizeof buffer, &length, NULL,
                                &local_error))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, SC_ERROR, SC_ERROR_IO, "%s:1: %s", display, local_error->message);
      return FALSE;
    }

  *kind = sc_doc_kind_sniff (buffer, length);
  return TRUE;
}

/* "import" with progress files only (sc_cli_import() in sc-cli-import.c
 * sends them here): each is merged, any other document refused. */
int
sc_cli_import_progress (int    argc,
                        char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
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

  json_builder_begin_array (builder);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      ScDocKind kind = SC_DOC_UNKNOWN;

      if (!sniff_file (argv[i], &kind, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          status = SC_EXIT_REJECTED;
        }
      else if (kind != SC_DOC_PROGRESS && kind != SC_DOC_UNKNOWN)
        {
          g_autofree char *display = g_filename_display_name (argv[i]);

          /* Translators: the second %s is a kind of document: text, tei, guide, glossary */
          fprintf (stderr, _("%s:1: not a progress file but a %s\n"), display, sc_doc_kind_to_string (kind));
          status = SC_EXIT_REJECTED;
        }
      else
        /* Not well-formed, or another root: the importer says which, with
         * the line. */
        {
          /* Not inside MAX (): it would merge the file twice. */
          int file_status = sc_cli_import_progress_file (argv[i], common.json ? builder : NULL);
          status = MAX (status, file_status);
        }
    }
  json_builder_end_array (builder);

  if (common.json)
    sc_cli_print_json_builder (builder);
  return status;
}
