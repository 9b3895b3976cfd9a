/* sc-cli-search.c: studycircle-cli search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "sc-cli.h"
#include "sc-search.h"
#include "sc-text.h"

/* How many other matching sections of a text are named under its best one. */
#define MORE_SECTIONS_SHOWN 3

static char *
marked_snippet (ScSearchHit *hit,
                gboolean     color)
{
  GString *out = g_string_new (NULL);
  const char *open = color ? "\033[1m" : "[";
  const char *close = color ? "\033[0m" : "]";
  guint pos = 0;

  for (guint i = 0; i < hit->marks->len; i++)
    {
      ScSearchMark *mark = &g_array_index (hit->marks, ScSearchMark, i);

      g_string_append_len (out, hit->snippet + pos, mark->start - pos);
      g_string_append (out, open);
      g_string_append_len (out, hit->snippet + mark->start, mark->end - mark->start);
      g_string_append (out, close);
      pos = mark->end;
    }
  g_string_append (out, hit->snippet + pos);
  g_strdelimit (out->str, "\n", ' ');
  return g_string_free (out, FALSE);
}

static void
add_hit_json (JsonBuilder *builder,
              ScSearchHit *hit,
              GPtrArray   *more)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, hit->doc_id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, hit->doc_kind);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, hit->title);
  json_builder_set_member_name (builder, "authors");
  json_builder_add_string_value (builder, hit->authors);
  json_builder_set_member_name (builder, "lang");
  json_builder_add_string_value (builder, hit->lang);
  json_builder_set_member_name (builder, "year");
  if (hit->year > 0)
    json_builder_add_int_value (builder, hit->year);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "section");
  json_builder_add_string_value (builder, hit->section_id);
  json_builder_set_member_name (builder, "heading_path");
  json_builder_add_string_value (builder, hit->heading_path);
  json_builder_set_member_name (builder, "rank");
  json_builder_add_double_value (builder, hit->rank);
  json_builder_set_member_name (builder, "snippet");
  json_builder_add_string_value (builder, hit->snippet);
  json_builder_set_member_name (builder, "marks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < hit->marks->len; i++)
    {
      ScSearchMark *mark = &g_array_index (hit->marks, ScSearchMark, i);

      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, mark->start);
      json_builder_add_int_value (builder, mark->end);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "matches_in_text");
  json_builder_add_int_value (builder, hit->matches_in_text);
  if (more != NULL)
    {
      json_builder_set_member_name (builder, "more_sections");
      json_builder_begin_array (builder);
      for (guint i = 0; i < more->len; i++)
        {
          ScSearchHit *other = g_ptr_array_index (more, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "section");
          json_builder_add_string_value (builder, other->section_id);
          json_builder_set_member_name (builder, "heading_path");
          json_builder_add_string_value (builder, other->heading_path);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

/* Other sections of the hit's text that match, best first. */
static GPtrArray *
other_sections (ScIndex               *index,
                const char            *query,
                const ScSearchOptions *options,
                ScSearchHit           *hit,
                guint                  limit)
{
  ScSearchOptions text_options = *options;
  GPtrArray *hits;

  text_options.text_id = hit->doc_id;
  text_options.per_text = FALSE;
  text_options.offset = 0;
  text_options.limit = limit + 1;
  hits = sc_search (index, query, &text_options, NULL, NULL);
  if (hits == NULL)
    return g_ptr_array_new ();
  for (guint i = 0; i < hits->len; i++)
    if (g_strcmp0 (((ScSearchHit *) g_ptr_array_index (hits, i))->section_id, hit->section_id) == 0)
      {
        g_ptr_array_remove_index (hits, i);
        break;
      }
  if (hits->len > limit)
    g_ptr_array_set_size (hits, limit);
  return hits;
}

int
sc_cli_search (int    argc,
               char **argv)
{
  g_auto(ScCliCommon) common = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScIndex) index = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *query = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *author = NULL;
  g_autofree char *topic = NULL;
  g_autofree char *level = NULL;
  g_autofree char *text_id = NULL;
  g_autofree char *kind = NULL;
  gboolean all_sections = FALSE;
  int limit = SC_SEARCH_DEFAULT_LIMIT;
  GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show at most N results (default 20)"), N_("N") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, N_("Only this language (en, es, …)"), N_("LANG") },
    { "author", 0, 0, G_OPTION_ARG_STRING, &author, N_("Only texts by this author"), N_("NAME") },
    { "topic", 0, 0, G_OPTION_ARG_STRING, &topic, N_("Only texts on this topic"), N_("TOPIC") },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level, N_("Only this level: introductory, intermediate, advanced"), N_("LEVEL") },
    { "text", 0, 0, G_OPTION_ARG_STRING, &text_id, N_("Only this text: every matching section"), N_("TEXT-ID") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("Only texts, guides or glossaries"), N_("KIND") },
    { "sections", 0, 0, G_OPTION_ARG_NONE, &all_sections, N_("One result per matching section, not per text"), NULL },
    { NULL }
  };
  ScSearchOptions options = { 0 };
  gboolean color = sc_cli_color ();
  int status = SC_EXIT_OK;
  guint total;
  gboolean estimated = FALSE;

  if (!sc_cli_parse ("search", _("QUERY…"),
                     _("Search the library. Words must all appear; use \"a phrase\", prefix*, OR between words, "
                       "and -word to leave a word out. Put -- before a query that starts with -."),
                     entries, &common, &argc, &argv))
    return SC_EXIT_USAGE;
  if (argc < 2)
    {
      sc_cli_error (_("search needs a query"));
      return SC_EXIT_USAGE;
    }
  if (limit <= 0 || limit > 10000)
    {
      sc_cli_error (_("--limit must be between 1 and 10000"));
      return SC_EXIT_USAGE;
    }
  if (level != NULL && sc_level_from_string (level) == SC_LEVEL_UNKNOWN)
    {
      sc_cli_error (_("unknown level “%s”: use introductory, intermediate or advanced"), level);
      return SC_EXIT_USAGE;
    }

  query = g_strjoinv (" ", argv + 1);

  index = sc_cli_open_index (&common, FALSE, &status);
  if (index == NULL)
    return status;

  options = (ScSearchOptions) { lang, author, topic, level, text_id, kind, (guint) limit, 0,
                                !all_sections && text_id == NULL };
  hits = sc_search (index, query, &options, NULL, &error);
  if (hits == NULL && sc_cli_recover_index (&common, index, error, &status))
    {
      g_clear_error (&error);
      hits = sc_search (index, query, &options, NULL, &error);
    }
  if (hits == NULL)
    {
      sc_cli_error ("%s", error->message);
      return SC_EXIT_REJECTED;
    }
  total = sc_search_count_full (index, query, &options, &estimated, NULL);

  if (common.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "query");
      json_builder_add_string_value (builder, query);
      json_builder_set_member_name (builder, "total");
      json_builder_add_int_value (builder, total);
      json_builder_set_member_name (builder, "total_is_estimate");
      json_builder_add_boolean_value (builder, estimated);
      json_builder_set_member_name (builder, "results");
      json_builder_begin_array (builder);
      for (guint i = 0; i < hits->len; i++)
        {
          ScSearchHit *hit = g_ptr_array_index (hits, i);
          g_autoptr(GPtrArray) more = NULL;

          if (options.per_text && hit->matches_in_text > 1)
            more = other_sections (index, query, &options, hit, hit->matches_in_text);
          add_hit_json (builder, hit, more);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      sc_cli_print_json (root);
      return status;
    }

  if (hits->len == 0)
    {
      printf (_("No results for “%s”.\n"), query);
      return status;
    }

  for (guint i = 0; i < hits->len; i++)
    {
      ScSearchHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *snippet = marked_snippet (hit, color);

      printf ("%u. %s%s%s", i + 1, color ? "\033[1m" : "", hit->title, color ? "\033[0m" : "");
      if (hit->authors != NULL && *hit->authors != '\0')
        printf (" — %s", hit->authors);
      if (hit->year > 0)
        printf (", %d", hit->year);
      printf ("  [%s]\n", hit->doc_id);
      printf ("   § %s  [%s]\n", hit->heading_path != NULL && *hit->heading_path != '\0'
                                  ? hit->heading_path : _("(untitled)"), hit->section_id);
      printf ("   %s\n", snippet);

      if (options.per_text && hit->matches_in_text > 1)
        {
          g_autoptr(GPtrArray) more = other_sections (index, query, &options, hit, MORE_SECTIONS_SHOWN);
          guint rest = hit->matches_in_text - 1 - more->len;

          for (guint m = 0; m < more->len; m++)
            {
              ScSearchHit *other = g_ptr_array_index (more, m);
              printf ("   § %s  [%s]\n", other->heading_path != NULL && *other->heading_path != '\0'
                                          ? other->heading_path : _("(untitled)"), other->section_id);
            }
          if (rest > 0)
            {
              g_autofree char *quoted = g_shell_quote (query);
              printf (g_dngettext (GETTEXT_PACKAGE,
                                   "   … and %u more section: studycircle-cli search --text %s -- %s\n",
                                   "   … and %u more sections: studycircle-cli search --text %s -- %s\n", rest),
                      rest, hit->doc_id, quoted);
            }
        }
      printf ("\n");
    }

  /* Past a few thousand matches the count is extrapolated: say so. */
  if (options.per_text && estimated)
    printf (g_dngettext (GETTEXT_PACKAGE, "About %u text matches.\n", "About %u texts match.\n", total), total);
  else if (options.per_text)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u text matches.\n", "%u texts match.\n", total), total);
  else if (estimated)
    printf (g_dngettext (GETTEXT_PACKAGE, "About %u section matches.\n", "About %u sections match.\n", total), total);
  else
    printf (g_dngettext (GETTEXT_PACKAGE, "%u section matches.\n", "%u sections match.\n", total), total);
  return status;
}
