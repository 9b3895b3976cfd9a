/* sc-cli-backup.c: studycircle-cli restore-backup
 *
 * The way back when study.db is refused as damaged: the damaged file is
 * moved aside (renamed, never deleted) and a copy of a backup is put in
 * its place. A study.db that opens is never replaced: there is nothing to
 * repair, and the app may be using it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sc-cli.h"
#include "sc-error.h"
#include "sc-paths.h"
#include "sc-study-backup.h"

static void
json_backup (JsonBuilder         *builder,
             const ScStudyBackup *backup)
{
  g_autofree char *when = g_date_time_format_iso8601 (backup->time);

  json_builder_begin_object (builder);
  sc_cli_json_string (builder, "path", backup->path);
  sc_cli_json_string (builder, "time", when);
  sc_cli_json_string (builder, "kind", backup->automatic ? "daily" : "before-migration");
  sc_cli_json_boolean (builder, "usable", backup->usable);
  json_builder_end_object (builder);
}

static int
list_backups (const char *path,
              gboolean    json)
{
  g_autoptr(GPtrArray) backups = sc_study_list_backups (path);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < backups->len; i++)
        json_backup (builder, g_ptr_array_index (backups, i));
      json_builder_end_array (builder);
      sc_cli_print_json_builder (builder);
      return SC_EXIT_OK;
    }

  if (backups->len == 0)
    {
      printf (_("No backups of %s.\n"), path);
      return SC_EXIT_OK;
    }

  for (guint i = 0; i < backups->len; i++)
    {
      const ScStudyBackup *backup = g_ptr_array_index (backups, i);
      g_autofree char *when = sc_study_backup_format_time (backup);

      printf ("%s  %s  %s%s\n", when, backup->path,
              backup->automatic ? _("(daily)") : _("(before a migration)"),
              backup->usable ? "" : _(" — damaged, cannot be used"));
    }
  return SC_EXIT_OK;
}

/* The backup to restore: @chosen, or else the newest usable one. */
static ScStudyBackup *
choose_backup (const char  *path,
               const char  *chosen,
               GError     **error)
{
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(ScStudyBackup) backup = NULL;
  GStatBuf st;

  if (chosen == NULL)
    {
      backup = sc_study_find_backup (path);
      if (backup == NULL)
        g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND,
                     _("%s: there is no usable backup of it; nothing was changed"), path);
      return g_steal_pointer (&backup);
    }

  if (!sc_study_check_backup (chosen, error))
    return NULL;

  backup = g_new0 (ScStudyBackup, 1);
  backup->path = g_strdup (chosen);
  backup->usable = TRUE;
  backups = sc_study_list_backups (path);
  for (guint i = 0; i < backups->len; i++)
    {
      ScStudyBackup *listed = g_ptr_array_index (backups, i);

      if (g_str_equal (listed->path, chosen))
        {
          backup->time = g_date_time_ref (listed->time);
          backup->automatic = listed->automatic;
        }
    }
  if (backup->time == NULL)
    backup->time = g_stat (chosen, &st) == 0 ? g_date_time_new_from_unix_local (st.st_mtime)
                                              : g_date_time_new_now_local ();
  return g_steal_pointer (&backup);
}

int
sc_cli_restore_backup (int    argc,
                       char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStudyBackup) backup = NULL;
  g_autoptr(ScStudyStore) store = NULL;
  g_autofree char *path = sc_paths_study_db ();
  g_autofree char *moved_to = NULL;
  g_autofree char *when = NULL;
  gboolean list = FALSE;
  GOptionEntry entries[] = {
    { "list", 0, 0, G_OPTION_ARG_NONE, &list,
      N_("List the backups, newest first, and whether each can be used"), NULL },
    { NULL }
  };

  if (!sc_cli_parse ("restore-backup", _("[BACKUP]"),
                     _("Put a backup in place of damaged study data. The damaged file is kept "
                       "next to it as study.db.damaged-TIME; without BACKUP, the newest usable "
                       "backup is used."),
                     entries, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc > 2 || (list && argc > 1))
    {
      sc_cli_error (_("restore-backup takes at most one backup file, and none with --list"));
      return SC_EXIT_USAGE;
    }

  if (list)
    return list_backups (path, common.json);

  /* A file that opens is whole: nothing to repair. A missing or refused
   * one is what this command is for. Opening a missing one would make
   * an empty store, so it is not tried. */
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      store = sc_study_store_open (path, &error);
      if (store != NULL)
        {
          sc_cli_error (_("%s opens without problems: there is nothing to restore"), path);
          return SC_EXIT_REJECTED;
        }
      if (!g_error_matches (error, SC_ERROR, SC_ERROR_DAMAGED))
        return sc_cli_rejected (error);
      g_clear_error (&error);
    }

  backup = choose_backup (path, argc == 2 ? argv[1] : NULL, &error);
  if (backup == NULL)
    return sc_cli_rejected (error);
  if (!sc_study_restore_backup (path, backup->path, &moved_to, &error))
    return sc_cli_rejected (error);

  /* Opened once: checked, and migrated when the backup is older. */
  store = sc_study_store_open (path, &error);
  if (store == NULL)
    return sc_cli_rejected (error);

  when = sc_study_backup_format_time (backup);
  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sc_cli_json_string (builder, "restored", path);
      json_builder_set_member_name (builder, "backup");
      json_backup (builder, backup);
      sc_cli_json_string (builder, "damaged_kept_as", moved_to);
      json_builder_end_object (builder);
      sc_cli_print_json_builder (builder);
      return SC_EXIT_OK;
    }

  printf (_("Restored the backup from %s (%s) to %s.\n"), when, backup->path, path);
  if (moved_to != NULL)
    printf (_("The damaged file was kept as %s.\n"), moved_to);
  return SC_EXIT_OK;
}
