/* sc-cli-import.c: studycircle-cli import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "sc-cli.h"
#include "sc-import.h"
#include "sc-paths.h"
#include "sc-validate.h"

typedef struct {
  gboolean tty;
  gint64   last;
} Progress;

static void
progress_cb (guint       done,
             guint       total,
             const char *input,
             gpointer    user_data)
{
  Progress *progress = user_data;
  gint64 now = g_get_monotonic_time ();

  /* Only a terminal sees progress, in place; scripts read the results. */
  if (!progress->tty || total < 2)
    return;
  if (input != NULL && now - progress->last < G_USEC_PER_SEC / 10)
    return;
  fprintf (stderr, "\r\033[K");
  if (input != NULL)
    {
      g_autofree char *base = g_path_get_basename (input);
      g_autofree char *display = g_filename_display_name (base);

      fprintf (stderr, _("Importing %u of %u: %s…"), done + 1, total, display);
    }
  progress->last = now;
}

/* The ids the index knows, so an import never takes one. */
static GStrv
taken_ids (ScIndex *index)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) docs = index != NULL ? sc_index_list_documents (index, NULL, NULL) : NULL;

  for (guint i = 0; docs != NULL && i < docs->len; i++)
    g_strv_builder_add (builder, ((ScDocInfo *) g_ptr_array_index (docs, i))->id);
  return g_strv_builder_end (builder);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_result (JsonBuilder    *builder,
            ScImportResult *result,
            gboolean        indexed)
{
  g_autofree char *input = g_filename_display_name (result->input);
  g_autofree char *path = result->path != NULL ? g_filename_display_name (result->path) : NULL;

  json_builder_begin_object (builder);
  add_string_member (builder, "input", input);
  add_string_member (builder, "format", sc_import_format_to_string (result->format));
  add_string_member (builder, "id", result->id);
  add_string_member (builder, "path", path);
  add_string_member (builder, "title", result->title);
  add_string_member (builder, "renamed_from", result->wanted_id);
  json_builder_set_member_name (builder, "sections");
  json_builder_add_int_value (builder, result->sections);
  json_builder_set_member_name (builder, "words");
  json_builder_add_int_value (builder, result->words);
  json_builder_set_member_name (builder, "indexed");
  json_builder_add_boolean_value (builder, indexed);
  add_string_member (builder, "error", result->error != NULL ? result->error->message : NULL);
  json_builder_end_object (builder);
}

static void
print_result (ScImportResult *result)
{
  g_autofree char *input = g_filename_display_name (result->input);
  g_autofree char *path = g_filename_display_name (result->path);

  printf ("%s → %s (%s)\n", input, result->id, path);
  if (result->wanted_id != NULL)
    printf (_("  the id “%s” was taken: imported as “%s”\n"), result->wanted_id, result->id);
}

/* Whether the index now has the text each result wrote. */
static GArray *
check_indexed (ScIndex   *index,
               GPtrArray *results)
{
  GArray *indexed = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), results->len);

  g_array_set_size (indexed, results->len);
  for (guint i = 0; i < results->len; i++)
    {
      ScImportResult *result = g_ptr_array_index (results, i);
      g_autoptr(ScDocInfo) info = NULL;

      if (index == NULL || result->id == NULL)
        continue;
      info = sc_index_get_document (index, result->id, NULL);
      if (info != NULL)
        {
          g_autofree char *in_index = g_canonicalize_filename (info->path, NULL);
          g_autofree char *written = g_canonicalize_filename (result->path, NULL);

          g_array_index (indexed, gboolean, i) = g_str_equal (in_index, written);
        }
    }
  return indexed;
}

/* --into DIR is part of the library for this run, so what lands there is
 * indexed (as with --library DIR). */
static void
add_library_folder (ScCliCommon *common,
                    const char  *folder)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (common->libraries != NULL)
    g_strv_builder_addv (builder, (const char **) common->libraries);
  g_strv_builder_add (builder, folder);
  g_strfreev (common->libraries);
  common->libraries = g_strv_builder_end (builder);
}

/* Whether @path is a study group's progress exchange file: an .xml file
 * (texts come as HTML, XHTML, text or EPUB; native XML is never imported),
 * or any file whose root is <progress>. */
static gboolean
is_progress_file (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *lower = g_ascii_strdown (path, -1);
  char buffer[16 * 1024];
  gsize length = 0;

  if (g_str_has_suffix (lower, ".xml") && !g_file_test (path, G_FILE_TEST_IS_DIR))
    return TRUE;
  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, sizeof buffer, &length, NULL, NULL))
    return FALSE;
  return sc_doc_kind_sniff (buffer, length) == SC_DOC_PROGRESS;
}

/* "import" also merges progress files (sc-cli-exchange.c): when every file
 * named is one, that command runs as it is, its output unchanged. Returns
 * -1 when there are texts to import. */
static int
import_only_progress_files (int    argc,
                            char **argv)
{
  static const char *with_value[] = { "--into", "--level", "--lang", "--library", "-L", NULL };
  guint progress = 0, others = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        continue;
      if (argv[i][0] == '-')
        {
          i += g_strv_contains (with_value, argv[i]);
          continue;
        }
      if (is_progress_file (argv[i]))
        progress++;
      else
        others++;
    }
  if (progress == 0 || others > 0)
    return -1;
  return sc_cli_import_progress (argc, argv);
}

int
sc_cli_import (int    argc,
                     char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScIndex) index = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GArray) indexed = NULL;
  g_auto(GStrv) taken = NULL;
  g_autofree char *into = NULL;
  g_autofree char *level = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *user_dir = sc_paths_user_texts_dir ();
  GOptionEntry entries[] = {
    { "into", 0, 0, G_OPTION_ARG_FILENAME, &into, N_("Write the texts into DIR (default: your own texts folder)"), N_("DIR") },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level, N_("Their level: introductory, intermediate (default), advanced"), N_("LEVEL") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, N_("Their language, for files that do not say (default: guessed)"), N_("LANG") },
    { NULL }
  };
  Progress progress = { isatty (STDERR_FILENO), 0 };
  ScImportOptions options = { 0 };
  guint imported = 0, rejected = 0;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new ();
  g_autoptr(JsonBuilder) progress_json = json_builder_new ();
  int status = import_only_progress_files (argc, argv);

  if (status >= 0)
    return status;
  status = SC_EXIT_OK;

  if (!sc_cli_parse ("import", _("FILE|DIR…"),
                     _("Turn HTML, XHTML, plain text and EPUB files into texts of the library, and index them. "
                       "Progress files (.xml) are merged into the study records instead."),
                     entries, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc < 2)
    {
      sc_cli_error (_("import needs at least one file or folder"));
      return SC_EXIT_USAGE;
    }
  if (level != NULL && sc_level_from_string (level) == SC_LEVEL_UNKNOWN)
    {
      sc_cli_error (_("unknown level “%s”: use introductory, intermediate or advanced"), level);
      return SC_EXIT_USAGE;
    }

  /* Progress files among the texts are merged into the study records. */
  json_builder_begin_array (progress_json);
  for (int i = 1; i < argc; i++)
    {
      if (is_progress_file (argv[i]))
        {
          /* Not inside MAX (): it would merge the file twice. */
          int file_status = sc_cli_import_progress_file (argv[i], common.json ? progress_json : NULL);
          status = MAX (status, file_status);
        }
      else
        g_ptr_array_add (inputs, argv[i]);
    }
  json_builder_end_array (progress_json);
  g_ptr_array_add (inputs, NULL);

  /* The index as it is (built if it never was) says which ids are taken. */
  index = sc_cli_open_index (&common, FALSE, &status);
  taken = taken_ids (index);
  g_clear_pointer (&index, sc_index_close);

  options.target_dir = into != NULL ? into : user_dir;
  options.level = level != NULL ? sc_level_from_string (level) : SC_LEVEL_INTERMEDIATE;
  options.lang = lang;
  options.taken_ids = (const char * const *) taken;

  results = sc_import_files ((const char * const *) inputs->pdata, &options, progress_cb, &progress, NULL, &error);
  if (progress.tty && progress.last != 0)
    fprintf (stderr, "\r\033[K");
  if (results == NULL)
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  for (guint i = 0; i < results->len; i++)
    {
      ScImportResult *result = g_ptr_array_index (results, i);

      if (result->error != NULL)
        {
          fprintf (stderr, "%s\n", result->error->message);
          rejected++;
        }
      else
        imported++;
    }

  /* Index at once, so the new texts are found right away. */
  if (imported > 0)
    {
      if (into != NULL)
        add_library_folder (&common, into);
      index = sc_cli_open_index (&common, TRUE, &status);
    }
  indexed = check_indexed (index, results);

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "imported");
      json_builder_add_int_value (builder, imported);
      json_builder_set_member_name (builder, "rejected");
      json_builder_add_int_value (builder, rejected);
      json_builder_set_member_name (builder, "results");
      json_builder_begin_array (builder);
      for (guint i = 0; i < results->len; i++)
        add_result (builder, g_ptr_array_index (results, i), g_array_index (indexed, gboolean, i));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "progress");
      json_builder_add_value (builder, json_builder_get_root (progress_json));
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      sc_cli_print_json (root);
    }
  else
    {
      for (guint i = 0; i < results->len; i++)
        {
          ScImportResult *result = g_ptr_array_index (results, i);

          if (result->error == NULL)
            print_result (result);
        }
      printf (g_dngettext (GETTEXT_PACKAGE, "%u text imported", "%u texts imported", imported), imported);
      if (rejected > 0)
        printf (g_dngettext (GETTEXT_PACKAGE, ", %u file rejected", ", %u files rejected", rejected), rejected);
      printf ("\n");
    }

  for (guint i = 0; i < results->len; i++)
    {
      ScImportResult *result = g_ptr_array_index (results, i);

      if (result->id != NULL && !g_array_index (indexed, gboolean, i))
        {
          g_autofree char *path = g_filename_display_name (result->path);

          sc_cli_error (_("%s was written but is not in the index yet; run “studycircle-cli index”"), path);
          status = SC_EXIT_REJECTED;
        }
    }

  return rejected > 0 ? SC_EXIT_REJECTED : status;
}
