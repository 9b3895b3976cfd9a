/* sc-cli-index.c: studycircle-cli index, list, show and validate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "sc-cli.h"
#include "sc-guide.h"
#include "sc-paths.h"
#include "sc-text.h"
#include "sc-validate.h"

/* ------------------------------------------------------------------------ */
/* index                                                                     */

typedef struct {
  gboolean tty;
  gint64   started;
  gint64   last;
} Progress;

static void
progress_cb (guint       done,
             guint       total,
             const char *path,
             gpointer    user_data)
{
  Progress *progress = user_data;
  gint64 now = g_get_monotonic_time ();

  /* Long runs say how far they are: on a terminal in place, elsewhere a
   * line every two seconds. */
  if (progress->tty)
    {
      if (now - progress->last < G_USEC_PER_SEC / 10 && done != total)
        return;
      fprintf (stderr, "\r\033[K");
      fprintf (stderr, _("Indexing %u of %u files…"), done, total);
      if (done == total)
        fputc ('\n', stderr);
    }
  else
    {
      if (now - progress->last < 2 * G_USEC_PER_SEC)
        return;
      fprintf (stderr, _("Indexing %u of %u files…"), done, total);
      fputc ('\n', stderr);
    }
  progress->last = now;
}

static JsonNode *
strings_to_json (GPtrArray *strings)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < strings->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (strings, i));
  return json_node_init_array (json_node_alloc (), array);
}

int
sc_cli_index (int    argc,
              char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScLibrary) library = NULL;
  g_autoptr(ScIndex) index = NULL;
  g_autofree char *path = sc_paths_index_db ();
  Progress progress = { isatty (STDERR_FILENO), 0, 0 };
  ScIndexStats stats;
  double seconds;
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("index", NULL, _("Scan the library folders and bring the search index up to date."),
                     NULL, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc > 1)
    {
      sc_cli_error (_("index takes no arguments; add folders with --library DIR"));
      return SC_EXIT_USAGE;
    }

  index = sc_index_open (path, &error);
  if (index == NULL)
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  library = sc_cli_library (&common);
  sc_index_stats_init (&stats);
  progress.started = progress.last = g_get_monotonic_time ();
  if (!sc_index_update (index, library, progress_cb, &progress, NULL, &stats, &error))
    {
      sc_cli_error ("%s", error->message);
      sc_index_stats_clear (&stats);
      return SC_EXIT_REJECTED;
    }
  seconds = (g_get_monotonic_time () - progress.started) / (double) G_USEC_PER_SEC;

  for (guint i = 0; i < stats.problems->len; i++)
    fprintf (stderr, "%s\n", (const char *) g_ptr_array_index (stats.problems, i));
  for (guint i = 0; i < stats.warnings->len; i++)
    fprintf (stderr, "%s\n", (const char *) g_ptr_array_index (stats.warnings, i));
  if (stats.problems->len > 0)
    status = SC_EXIT_REJECTED;

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "files");
      json_builder_add_int_value (builder, stats.files);
      json_builder_set_member_name (builder, "parsed");
      json_builder_add_int_value (builder, stats.parsed);
      json_builder_set_member_name (builder, "unchanged");
      json_builder_add_int_value (builder, stats.unchanged);
      json_builder_set_member_name (builder, "moved");
      json_builder_add_int_value (builder, stats.moved);
      json_builder_set_member_name (builder, "removed");
      json_builder_add_int_value (builder, stats.removed);
      json_builder_set_member_name (builder, "rejected");
      json_builder_add_int_value (builder, stats.rejected);
      json_builder_set_member_name (builder, "duplicates");
      json_builder_add_int_value (builder, stats.duplicates);
      json_builder_set_member_name (builder, "documents");
      json_builder_add_int_value (builder, stats.documents);
      json_builder_set_member_name (builder, "seconds");
      json_builder_add_double_value (builder, seconds);
      json_builder_set_member_name (builder, "index");
      json_builder_add_string_value (builder, path);
      json_builder_set_member_name (builder, "problems");
      json_builder_add_value (builder, strings_to_json (stats.problems));
      json_builder_set_member_name (builder, "warnings");
      json_builder_add_value (builder, strings_to_json (stats.warnings));
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      sc_cli_print_json (root);
    }
  else
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u file: ", "%u files: ", stats.files), stats.files);
      printf (_("%u read, %u unchanged, %u moved, %u removed, %u rejected, %u duplicates"),
              stats.parsed, stats.unchanged, stats.moved, stats.removed, stats.rejected, stats.duplicates);
      printf ("\n");
      printf (g_dngettext (GETTEXT_PACKAGE, "%u document in the index (%.2f s)\n",
                           "%u documents in the index (%.2f s)\n", stats.documents),
              stats.documents, seconds);
    }

  sc_index_stats_clear (&stats);
  return status;
}

/* ------------------------------------------------------------------------ */
/* list                                                                      */

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
add_split_member (JsonBuilder *builder,
                  const char  *name,
                  const char  *joined)
{
  g_auto(GStrv) parts = g_strsplit (joined != NULL ? joined : "", "; ", -1);

  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      json_builder_add_string_value (builder, parts[i]);
  json_builder_end_array (builder);
}

static void
add_doc_info (JsonBuilder *builder,
              ScDocInfo   *info)
{
  g_autofree char *path = g_filename_display_name (info->path);

  json_builder_begin_object (builder);
  add_string_member (builder, "id", info->id);
  add_string_member (builder, "kind", info->kind);
  add_string_member (builder, "title", info->title);
  add_split_member (builder, "authors", info->authors);
  add_string_member (builder, "lang", info->lang);
  add_string_member (builder, "level", info->level);
  add_split_member (builder, "topics", info->topics);
  add_string_member (builder, "summary", info->summary);
  add_string_member (builder, "date", info->date);
  json_builder_set_member_name (builder, "year");
  if (info->year > 0)
    json_builder_add_int_value (builder, info->year);
  else
    json_builder_add_null_value (builder);
  add_string_member (builder, "translation_of", info->translation_of);
  add_string_member (builder, "license", info->license);
  json_builder_set_member_name (builder, "words");
  json_builder_add_int_value (builder, info->words);
  json_builder_set_member_name (builder, "minutes");
  json_builder_add_int_value (builder, sc_cli_reading_minutes (info->words));
  json_builder_set_member_name (builder, "sections");
  json_builder_add_int_value (builder, info->sections);
  add_string_member (builder, "path", path);
  json_builder_end_object (builder);
}

static const char *
level_label (const char *level)
{
  if (g_strcmp0 (level, "introductory") == 0)
    return _("introductory");
  if (g_strcmp0 (level, "intermediate") == 0)
    return _("intermediate");
  if (g_strcmp0 (level, "advanced") == 0)
    return _("advanced");
  return "";
}

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "guide") == 0)
    return _("guide");
  if (g_strcmp0 (kind, "glossary") == 0)
    return _("glossary");
  return _("text");
}

int
sc_cli_list (int    argc,
             char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScIndex) index = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *level = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *author = NULL;
  g_autofree char *topic = NULL;
  GOptionEntry entries[] = {
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, N_("Only this language (en, es, …)"), N_("LANG") },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level, N_("Only this level: introductory, intermediate, advanced"), N_("LEVEL") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("Only texts, guides or glossaries"), N_("KIND") },
    { "author", 0, 0, G_OPTION_ARG_STRING, &author, N_("Only texts by this author"), N_("NAME") },
    { "topic", 0, 0, G_OPTION_ARG_STRING, &topic, N_("Only texts on this topic"), N_("TOPIC") },
    { NULL }
  };
  ScDocFilter filter;
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("list", NULL, _("List the texts, guides and glossaries of the library."),
                     entries, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc > 1)
    {
      sc_cli_error (_("list takes no arguments"));
      return SC_EXIT_USAGE;
    }
  if (level != NULL && sc_level_from_string (level) == SC_LEVEL_UNKNOWN)
    {
      sc_cli_error (_("unknown level “%s”: use introductory, intermediate or advanced"), level);
      return SC_EXIT_USAGE;
    }

  index = sc_cli_open_index (&common, FALSE, &status);
  if (index == NULL)
    return status;

  filter = (ScDocFilter) { lang, level, kind, author, topic };
  docs = sc_index_list_documents (index, &filter, &error);
  if (docs == NULL && sc_cli_recover_index (&common, index, error, &status))
    {
      g_clear_error (&error);
      docs = sc_index_list_documents (index, &filter, &error);
    }
  if (docs == NULL)
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < docs->len; i++)
        add_doc_info (builder, g_ptr_array_index (docs, i));
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      sc_cli_print_json (root);
      return status;
    }

  /* Columns as wide as their longest cell, counted in characters. */
  {
    guint widths[4] = { 0, 0, 0, 0 };

    for (guint i = 0; i < docs->len; i++)
      {
        ScDocInfo *info = g_ptr_array_index (docs, i);
        const char *cells[4] = { info->id, info->lang, kind_label (info->kind), level_label (info->level) };

        for (guint c = 0; c < 4; c++)
          widths[c] = MAX (widths[c], (guint) g_utf8_strlen (cells[c], -1));
      }

    for (guint i = 0; i < docs->len; i++)
      {
        ScDocInfo *info = g_ptr_array_index (docs, i);
        const char *cells[4] = { info->id, info->lang, kind_label (info->kind), level_label (info->level) };
        g_autofree char *byline = NULL;

        if (info->authors != NULL && *info->authors != '\0' && info->year > 0)
          byline = g_strdup_printf (" — %s, %d", info->authors, info->year);
        else if (info->authors != NULL && *info->authors != '\0')
          byline = g_strdup_printf (" — %s", info->authors);
        else if (info->year > 0)
          byline = g_strdup_printf (" — %d", info->year);

        for (guint c = 0; c < 4; c++)
          printf ("%s%*s  ", cells[c], (int) (widths[c] - g_utf8_strlen (cells[c], -1)), "");
        printf ("%s%s", info->title, byline != NULL ? byline : "");
        if (g_strcmp0 (info->kind, "text") == 0)
          printf (_(" (%u min)"), sc_cli_reading_minutes (info->words));
        printf ("\n");
      }
  }
  if (docs->len == 0)
    printf ("%s\n", _("Nothing in the library matches."));
  return status;
}

/* ------------------------------------------------------------------------ */
/* show                                                                      */

static void
print_toc (GPtrArray *sections)
{
  for (guint i = 0; i < sections->len; i++)
    {
      ScSection *section = g_ptr_array_index (sections, i);

      printf ("%*s%s  [%s]\n", (int) (2 + 2 * section->depth), "",
              section->heading != NULL ? section->heading : _("(untitled)"), section->id);
      print_toc (section->children);
    }
}

static void
print_section (ScSection *section)
{
  g_autofree char *path = sc_section_heading_path (section);

  printf ("\n%s  [%s]\n\n", path != NULL && *path != '\0' ? path : _("(untitled)"), section->id);
  for (guint i = 0; i < section->blocks->len; i++)
    {
      ScBlock *block = g_ptr_array_index (section->blocks, i);

      switch (block->kind)
        {
        case SC_BLOCK_QUOTE:
          printf ("    %s\n\n", block->text);
          break;
        case SC_BLOCK_LIST_ITEM:
          printf ("  • %s\n", block->text);
          break;
        case SC_BLOCK_NOTE:
          printf ("  [%s] %s\n\n", block->id != NULL ? block->id : _("note"), block->text);
          break;
        case SC_BLOCK_SPEECH:
          printf ("%s: %s\n\n", block->label != NULL ? block->label : "", block->text);
          break;
        case SC_BLOCK_PARAGRAPH:
        case SC_BLOCK_VERSE:
        case SC_BLOCK_STAGE:
        case SC_BLOCK_TABLE_ROW:
        case SC_BLOCK_LETTER:
        case SC_BLOCK_CAPTION:
        default:
          printf ("%s\n\n", block->text);
          break;
        }
    }
  for (guint i = 0; i < section->children->len; i++)
    print_section (g_ptr_array_index (section->children, i));
}

static void
add_section_json (JsonBuilder *builder,
                  ScSection   *section,
                  gboolean     with_body)
{
  json_builder_begin_object (builder);
  add_string_member (builder, "id", section->id);
  add_string_member (builder, "heading", section->heading);
  json_builder_set_member_name (builder, "depth");
  json_builder_add_int_value (builder, section->depth);
  json_builder_set_member_name (builder, "words");
  json_builder_add_int_value (builder, sc_section_word_count (section));
  if (with_body)
    {
      g_autofree char *body = sc_section_body (section);
      add_string_member (builder, "body", body);
    }
  json_builder_set_member_name (builder, "sections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < section->children->len; i++)
    add_section_json (builder, g_ptr_array_index (section->children, i), with_body);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static int
show_text (ScCliCommon *common,
           ScDocInfo   *info,
           const char  *section_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScText) text = sc_text_read_file (info->path, &error);
  ScSection *section = NULL;

  if (text == NULL)
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }
  if (section_id != NULL)
    {
      section = sc_text_find_section (text, section_id);
      if (section == NULL)
        {
          sc_cli_error (_("text “%s” has no section “%s”"), text->id, section_id);
          return SC_EXIT_REJECTED;
        }
    }

  if (common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      if (section != NULL)
        add_section_json (builder, section, TRUE);
      else
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "document");
          add_doc_info (builder, info);
          json_builder_set_member_name (builder, "sections");
          json_builder_begin_array (builder);
          for (guint i = 0; i < text->sections->len; i++)
            add_section_json (builder, g_ptr_array_index (text->sections, i), FALSE);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      root = json_builder_get_root (builder);
      sc_cli_print_json (root);
      return SC_EXIT_OK;
    }

  if (section != NULL)
    {
      printf ("%s\n", text->title);
      print_section (section);
      return SC_EXIT_OK;
    }

  printf ("%s\n", text->title);
  if (info->authors != NULL && *info->authors != '\0')
    printf ("%s\n", info->authors);
  if (text->date != NULL)
    printf ("%s\n", text->date);
  printf ("\n");
  printf (_("Language: %s    Level: %s    %u words, about %u min\n"), text->lang,
          text->level != SC_LEVEL_UNKNOWN ? level_label (sc_level_to_string (text->level)) : _("not given"),
          text->word_count, sc_cli_reading_minutes (text->word_count));
  if (text->topics != NULL && text->topics[0] != NULL)
    {
      g_autofree char *topics = g_strjoinv (", ", text->topics);
      printf (_("Topics: %s\n"), topics);
    }
  if (text->summary != NULL)
    printf ("\n%s\n", text->summary);
  printf ("\n%s\n", _("Contents:"));
  print_toc (text->sections);
  printf ("\n%s\n", _("Show a section with “studycircle-cli show TEXT-ID SECTION-ID”."));
  return SC_EXIT_OK;
}

static void
print_strv (const char  *label,
            char       **strv)
{
  if (strv == NULL || strv[0] == NULL)
    return;
  printf ("  %s\n", label);
  for (guint i = 0; strv[i] != NULL; i++)
    printf ("    • %s\n", strv[i]);
}

static int
show_guide (ScCliCommon *common,
            ScIndex     *index,
            ScDocInfo   *info,
            const char  *session_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScGuide) guide = sc_guide_read_file (info->path, &error);

  if (guide == NULL)
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  if (common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "document");
      add_doc_info (builder, info);
      json_builder_set_member_name (builder, "sessions");
      json_builder_begin_array (builder);
      for (guint i = 0; i < guide->sessions->len; i++)
        {
          ScGuideSession *session = g_ptr_array_index (guide->sessions, i);

          if (session_id != NULL && session != sc_guide_find_session (guide, session_id))
            continue;
          json_builder_begin_object (builder);
          add_string_member (builder, "id", session->id);
          json_builder_set_member_name (builder, "number");
          json_builder_add_int_value (builder, session->number);
          add_string_member (builder, "title", session->title);
          json_builder_set_member_name (builder, "readings");
          json_builder_begin_array (builder);
          for (guint r = 0; r < session->readings->len; r++)
            {
              ScReading *reading = g_ptr_array_index (session->readings, r);

              json_builder_begin_object (builder);
              add_string_member (builder, "text", reading->text_id);
              add_string_member (builder, "from", reading->from);
              add_string_member (builder, "to", reading->to);
              add_string_member (builder, "title", reading->title);
              add_string_member (builder, "author", reading->author);
              add_string_member (builder, "url", reading->url);
              json_builder_set_member_name (builder, "minutes");
              json_builder_add_int_value (builder, reading->minutes);
              json_builder_set_member_name (builder, "in_library");
              json_builder_add_boolean_value (builder,
                                              reading->text_id != NULL &&
                                              sc_index_has_section (index, reading->text_id, reading->from) &&
                                              (reading->to == NULL || sc_index_has_section (index, reading->text_id, reading->to)));
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      sc_cli_print_json (root);
      return SC_EXIT_OK;
    }

  printf ("%s\n", guide->title);
  if (guide->summary != NULL)
    printf ("%s\n", guide->summary);
  for (guint i = 0; i < guide->sessions->len; i++)
    {
      ScGuideSession *session = g_ptr_array_index (guide->sessions, i);

      if (session_id != NULL && session != sc_guide_find_session (guide, session_id))
        continue;
      printf ("\n");
      printf (_("Session %u: %s  [%s]\n"), session->number, session->title, session->id);
      print_strv (_("Goals:"), session->goals);
      if (session->readings->len > 0)
        printf ("  %s\n", _("Readings:"));
      for (guint r = 0; r < session->readings->len; r++)
        {
          ScReading *reading = g_ptr_array_index (session->readings, r);
          g_autofree char *minutes = reading->minutes > 0 ? g_strdup_printf (_(" (%u min)"), reading->minutes)
                                                          : g_strdup ("");

          if (reading->text_id != NULL)
            {
              gboolean present = sc_index_has_section (index, reading->text_id, reading->from) &&
                                 (reading->to == NULL || sc_index_has_section (index, reading->text_id, reading->to));
              printf ("    • %s%s%s%s%s%s%s\n", reading->text_id,
                      reading->from != NULL ? " " : "", reading->from != NULL ? reading->from : "",
                      reading->to != NULL ? " → " : "", reading->to != NULL ? reading->to : "",
                      minutes, present ? "" : _("  — not in library"));
            }
          else
            printf ("    • %s%s%s%s%s\n", reading->title,
                    reading->author != NULL ? ", " : "", reading->author != NULL ? reading->author : "",
                    minutes, reading->url != NULL ? "" : "");
          if (reading->text_id == NULL && reading->url != NULL)
            printf ("      %s\n", reading->url);
        }
      print_strv (_("Questions:"), session->questions);
      print_strv (_("Key terms:"), session->terms);
    }
  return SC_EXIT_OK;
}

static int
show_glossary (ScCliCommon *common,
               ScDocInfo   *info,
               const char  *entry_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScGlossary) glossary = sc_glossary_read_file (info->path, &error);

  if (glossary == NULL)
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }
  if (entry_id != NULL && sc_glossary_lookup (glossary, entry_id) == NULL)
    {
      sc_cli_error (_("glossary “%s” has no entry “%s”"), glossary->id, entry_id);
      return SC_EXIT_REJECTED;
    }

  if (common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < glossary->entries->len; i++)
        {
          ScGlossaryEntry *entry = g_ptr_array_index (glossary->entries, i);

          if (entry_id != NULL && g_strcmp0 (entry->id, entry_id) != 0)
            continue;
          json_builder_begin_object (builder);
          add_string_member (builder, "id", entry->id);
          add_string_member (builder, "term", entry->term);
          add_string_member (builder, "definition", entry->definition);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      sc_cli_print_json (root);
      return SC_EXIT_OK;
    }

  for (guint i = 0; i < glossary->entries->len; i++)
    {
      ScGlossaryEntry *entry = g_ptr_array_index (glossary->entries, i);

      if (entry_id != NULL && g_strcmp0 (entry->id, entry_id) != 0)
        continue;
      printf ("%s  [%s]\n    %s\n", entry->term, entry->id, entry->definition);
    }
  return SC_EXIT_OK;
}

int
sc_cli_show (int    argc,
             char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScIndex) index = NULL;
  g_autoptr(ScDocInfo) info = NULL;
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("show", _("TEXT-ID [SECTION-ID]"),
                     _("Show a text's details and contents, one of its sections, a guide or a glossary."),
                     NULL, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc < 2 || argc > 3)
    {
      sc_cli_error (_("show takes a text id and, optionally, a section id"));
      return SC_EXIT_USAGE;
    }

  index = sc_cli_open_index (&common, FALSE, &status);
  if (index == NULL)
    return status;

  info = sc_index_get_document (index, argv[1], &error);
  if (info == NULL)
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }

  if (g_strcmp0 (info->kind, "guide") == 0)
    return show_guide (&common, index, info, argc > 2 ? argv[2] : NULL);
  if (g_strcmp0 (info->kind, "glossary") == 0)
    return show_glossary (&common, info, argc > 2 ? argv[2] : NULL);
  return show_text (&common, info, argc > 2 ? argv[2] : NULL);
}

/* ------------------------------------------------------------------------ */
/* validate                                                                  */

static gboolean
lookup_in_index_cb (const char *text_id,
                    const char *section_id,
                    gpointer    user_data)
{
  return sc_index_has_section (user_data, text_id, section_id);
}

int
sc_cli_validate (int    argc,
                 char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_autoptr(ScIndex) index = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int status = SC_EXIT_OK;

  if (!sc_cli_parse ("validate", _("FILE…"),
                     _("Check files against Study Circle's formats. Guides are also checked against the library: "
                       "every reading must name a text and sections that exist."),
                     NULL, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc < 2)
    {
      sc_cli_error (_("validate takes one or more files"));
      return SC_EXIT_USAGE;
    }

  json_builder_begin_array (builder);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *display = g_filename_display_name (argv[i]);
      g_autofree char *data = NULL;
      gsize length = 0;
      ScDocKind kind = SC_DOC_UNKNOWN;
      gboolean valid;

      if (g_file_get_contents (argv[i], &data, &length, NULL))
        kind = sc_doc_kind_sniff (data, length);
      valid = sc_validate_file (argv[i], problems);

      /* A guide that reads well may still point at texts the library lacks. */
      if (valid && kind == SC_DOC_GUIDE)
        {
          g_autoptr(ScGuide) guide = sc_guide_read_file (argv[i], NULL);

          if (index == NULL)
            index = sc_cli_open_index (&common, TRUE, &(int) { 0 });
          if (guide != NULL && index != NULL)
            {
              g_autoptr(GPtrArray) refs = sc_guide_check_references (guide, lookup_in_index_cb, index);

              for (guint r = 0; r < refs->len; r++)
                g_ptr_array_add (problems, g_strdup (g_ptr_array_index (refs, r)));
              valid = refs->len == 0;
            }
        }

      if (!valid)
        status = SC_EXIT_REJECTED;
      for (guint p = 0; p < problems->len; p++)
        fprintf (stderr, "%s\n", (const char *) g_ptr_array_index (problems, p));

      if (common.json)
        {
          json_builder_begin_object (builder);
          add_string_member (builder, "file", display);
          add_string_member (builder, "kind", sc_doc_kind_to_string (kind));
          json_builder_set_member_name (builder, "valid");
          json_builder_add_boolean_value (builder, valid);
          json_builder_set_member_name (builder, "problems");
          json_builder_add_value (builder, strings_to_json (problems));
          json_builder_end_object (builder);
        }
      else if (valid)
        printf (_("%s: valid %s\n"), display, sc_doc_kind_to_string (kind));
    }
  json_builder_end_array (builder);

  if (common.json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      sc_cli_print_json (root);
    }
  return status;
}
