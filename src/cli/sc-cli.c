/* sc-cli.c: studycircle-cli, Study Circle's core from a terminal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "sc-cli.h"
#include "sc-paths.h"
#include "sc-xml.h"

static const struct {
  const char   *name;
  ScCliCommand  run;
  const char   *summary;
} commands[] = {
  { "index", sc_cli_index, N_("Scan the library and bring the search index up to date") },
  { "search", sc_cli_search, N_("Search every text, guide and glossary") },
  { "list", sc_cli_list, N_("List the texts and guides of the library") },
  { "show", sc_cli_show, N_("Show a text, its table of contents, or one section") },
  { "validate", sc_cli_validate, N_("Check files against Study Circle's formats") },
  { "import", sc_cli_import, N_("Add HTML, plain text and EPUB files to the library; merge progress files") },
  { "group", sc_cli_group, N_("Study groups: create, list, show, edit, archive") },
  { "member", sc_cli_member, N_("A group's members: add, list, remove") },
  { "schedule", sc_cli_schedule, N_("A group's meetings: list them, or set a date and place") },
  { "assign", sc_cli_assign, N_("Readings beyond the guide: add, list, remove") },
  { "progress", sc_cli_progress, N_("Who read what: mark, show") },
  { "attend", sc_cli_attend, N_("Record who came to a session") },
  { "export", sc_cli_export, N_("Write a group's records to a progress file") },
  { "report", sc_cli_report, N_("A group's progress as CSV or a printable page; a session's handout") },
  { "restore-backup", sc_cli_restore_backup, N_("Put a backup in place of damaged study data (the damaged file is kept)") },
};

void
sc_cli_error (const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "studycircle-cli: %s\n", message);
}

gboolean
sc_cli_color (void)
{
  return isatty (STDOUT_FILENO) && g_getenv ("NO_COLOR") == NULL;
}

/* The study numbers' rule (sc-study-progress.h): rounded up, at the same
 * speed, so a text's minutes here add up to a session's there. */
guint
sc_cli_reading_minutes (guint words)
{
  return sc_study_reading_minutes (words, SC_STUDY_WORDS_PER_MINUTE);
}

void
sc_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

gboolean
sc_cli_parse (const char    *command,
              const char    *parameters,
              const char    *summary,
              GOptionEntry  *entries,
              ScCliCommon   *common,
              int           *argc,
              char        ***argv)
{
  GOptionEntry common_entries[] = {
    { "library", 'L', 0, G_OPTION_ARG_FILENAME_ARRAY, &common->libraries,
      N_("Add a folder of texts to the library (repeatable)"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &common->json,
      N_("Print machine-readable JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *usage = g_strdup_printf ("%s %s", command, parameters != NULL ? parameters : "");

  context = g_option_context_new (usage);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* "--" ends the options, so a query may start with "-". */
  g_option_context_set_strict_posix (context, FALSE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      sc_cli_error ("%s", error->message);
      fprintf (stderr, _("Try “studycircle-cli %s --help”.\n"), command);
      return FALSE;
    }

  /* Drop the "--" that GOption leaves in place. */
  for (int i = 1; i < *argc; i++)
    if (g_strcmp0 ((*argv)[i], "--") == 0)
      {
        for (int j = i; j < *argc; j++)
          (*argv)[j] = (*argv)[j + 1];
        (*argc)--;
        break;
      }

  return TRUE;
}

void
sc_cli_common_clear (ScCliCommon *common)
{
  g_clear_pointer (&common->libraries, g_strfreev);
}

/* The folders of the last command that named any (--library), kept next
 * to the index: a command without --library sees the same library, and
 * an index that was lost or damaged is rebuilt from the same folders. */
static char *
remembered_folders_path (void)
{
  g_autofree char *index = sc_paths_index_db ();
  g_autofree char *dir = g_path_get_dirname (index);

  return g_build_filename (dir, "cli-library", NULL);
}

/* Folder names need not be UTF-8 and may hold any byte but NUL: the file
 * keeps them NUL-terminated, one after the other. */
static GStrv
remembered_folders (void)
{
  g_autofree char *path = remembered_folders_path ();
  g_autofree char *data = NULL;
  g_autoptr(GStrvBuilder) folders = g_strv_builder_new ();
  gsize length = 0;

  if (g_file_get_contents (path, &data, &length, NULL))
    for (const char *p = data; p < data + length; p += strlen (p) + 1)
      if (*p != '\0')
        g_strv_builder_add (folders, p);
  return g_strv_builder_end (folders);
}

static void
remember_folders (char **folders)
{
  g_autofree char *path = remembered_folders_path ();
  g_autoptr(GString) data = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; folders[i] != NULL; i++)
    {
      g_autofree char *absolute = g_canonicalize_filename (folders[i], NULL);

      g_string_append_len (data, absolute, (gssize) strlen (absolute) + 1);
    }
  /* Only a convenience: an index folder that cannot be written says so
   * itself. */
  if (!g_file_set_contents (path, data->str, (gssize) data->len, &error))
    g_debug ("Could not remember the library folders: %s", error->message);
}

ScLibrary *
sc_cli_library (ScCliCommon *common)
{
  g_auto(GStrv) remembered = NULL;

  if (common->libraries != NULL)
    {
      remember_folders (common->libraries);
      return sc_library_new_default ((const char * const *) common->libraries);
    }
  remembered = remembered_folders ();
  return sc_library_new_default ((const char * const *) remembered);
}

/* Brings @index up to date, quietly: problems are printed on stderr. */
static gboolean
update_index (ScCliCommon *common,
              ScIndex     *index,
              int         *status)
{
  g_autoptr(ScLibrary) library = sc_cli_library (common);
  g_autoptr(GError) error = NULL;
  ScIndexStats stats;
  gboolean ok;

  sc_index_stats_init (&stats);
  ok = sc_index_update (index, library, NULL, NULL, NULL, &stats, &error);
  if (!ok)
    {
      sc_cli_error ("%s", error->message);
      *status = SC_EXIT_REJECTED;
    }
  else
    {
      for (guint i = 0; i < stats.problems->len; i++)
        fprintf (stderr, "%s\n", (const char *) g_ptr_array_index (stats.problems, i));
      if (stats.problems->len > 0)
        *status = SC_EXIT_REJECTED;
    }
  sc_index_stats_clear (&stats);
  return ok;
}

ScIndex *
sc_cli_open_index (ScCliCommon *common,
                   gboolean     refresh,
                   int         *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sc_paths_index_db ();
  g_autoptr(ScIndex) index = sc_index_open (path, &error);

  if (index == NULL)
    {
      sc_cli_error ("%s", error->message);
      *status = SC_EXIT_REJECTED;
      return NULL;
    }

  if (refresh || common->libraries != NULL || sc_index_count_documents (index) == 0)
    {
      /* An index that cannot be written (a read-only folder, a full disk)
       * is still searched as it is. */
      if (!update_index (common, index, status) && sc_index_count_documents (index) == 0)
        return NULL;
    }

  return g_steal_pointer (&index);
}

gboolean
sc_cli_recover_index (ScCliCommon  *common,
                      ScIndex      *index,
                      const GError *error,
                      int          *status)
{
  if (!sc_index_reset_if_damaged (index, error))
    return FALSE;
  sc_cli_error ("%s", _("the search index was damaged: rebuilding it from the library"));
  return update_index (common, index, status);
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n  studycircle-cli %s\n\n%s\n", _("Usage:"), _("COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-14s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Every command takes --library DIR (repeatable) and --json; “studycircle-cli COMMAND --help” tells more."));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("STUDYCIRCLE_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("studycircle-cli");

  sc_xml_init ();

  if (argc < 2)
    {
      print_usage (stderr);
      return SC_EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return SC_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("studycircle-cli %s\n", PACKAGE_VERSION);
      return SC_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  sc_cli_error (_("unknown command “%s”"), argv[1]);
  print_usage (stderr);
  return SC_EXIT_USAGE;
}
