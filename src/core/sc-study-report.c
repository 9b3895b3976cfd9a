/* sc-study-report.c: what a study group did, as tables and printable pages
 *
 * The reports show sc_group_progress_compute()'s numbers (one rule, said
 * in sc-study-progress.h) and never count on their own.
 *
 * The pages are HTML 4 vocabulary under an HTML5 doctype (no <section> or
 * <header>), so every HTML parser, libxml2's included, reads them without a
 * complaint; every name, title and note is escaped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-study-progress.h"
#include "sc-study-report.h"
#include "sc-text.h"

/* ===== Sources ============================================================ */

guint
sc_study_index_word_count (const char *text_id,
                           const char *from,
                           const char *to,
                           gpointer    index)
{
  return sc_index_count_words (index, text_id, from, to);
}

/* With no section: whether the text itself is there. */
gboolean
sc_study_index_lookup (const char *text_id,
                       const char *section_id,
                       gpointer    index)
{
  return sc_index_has_section (index, text_id, section_id);
}

/* The glossary in @lang, if the library has one. */
static ScGlossary *
load_glossary (ScIndex     *index,
               const char  *lang,
               GError     **error)
{
  ScDocFilter filter = { .lang = lang, .kind = "glossary" };
  g_autoptr(GPtrArray) docs = NULL;
  const ScDocInfo *info;

  docs = sc_index_list_documents (index, &filter, error);
  if (docs == NULL)
    return NULL;
  if (docs->len == 0)
    return NULL;

  info = g_ptr_array_index (docs, 0);
  return sc_glossary_read_file (info->path, error);
}

/**
 * sc_study_report_sources_load:
 * @sources: (out caller-allocates): what to fill, from scratch (whatever
 *   it held is not freed: clear it before loading again)
 * @index: the library's index (borrowed: it must outlive @sources)
 * @guide_id: (nullable): the guide the group follows
 * @error: return location for a #GError
 *
 * Returns: %FALSE when the guide or its glossary is in the library but
 *   cannot be read
 */
gboolean
sc_study_report_sources_load (ScStudyReportSources  *sources,
                              ScIndex               *index,
                              const char            *guide_id,
                              GError               **error)
{
  g_autoptr(ScDocInfo) info = NULL;
  g_autoptr(GPtrArray) unresolved = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (sources != NULL, FALSE);
  g_return_val_if_fail (index != NULL, FALSE);

  memset (sources, 0, sizeof *sources);
  sources->index = index;

  if (guide_id == NULL)
    return TRUE;

  info = sc_index_get_document (index, guide_id, &local_error);
  if (info == NULL)
    {
      /* A guide that left the library: the group goes on with its
       * assignments, as the store keeps readings whose text left. */
      if (g_error_matches (local_error, SC_ERROR, SC_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (g_strcmp0 (info->kind, "guide") != 0)
    return TRUE;

  sources->guide = sc_guide_read_file (info->path, error);
  if (sources->guide == NULL)
    return FALSE;

  /* Only in_library matters here; the problems are the validator's. */
  unresolved = sc_guide_check_references (sources->guide, sc_study_index_lookup, index);

  sources->glossary = load_glossary (index, sources->guide->lang, &local_error);
  if (sources->glossary == NULL && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      sc_study_report_sources_clear (sources);
      return FALSE;
    }

  return TRUE;
}

void
sc_study_report_sources_clear (ScStudyReportSources *sources)
{
  g_return_if_fail (sources != NULL);

  g_clear_pointer (&sources->guide, sc_guide_free);
  g_clear_pointer (&sources->glossary, sc_glossary_free);
  sources->index = NULL;
}

/* ===== Everything a report reads from the store =========================== */

static guint
words_per_minute (const ScStudyReportSources *sources)
{
  return sources->words_per_minute > 0 ? sources->words_per_minute : SC_STUDY_WORDS_PER_MINUTE;
}

typedef struct {
  ScGroup         *group;
  ScGroupProgress *progress;      /* the numbers */
  GPtrArray       *members;       /* (element-type ScMember) current members, by name */
  GPtrArray       *meetings;      /* (element-type ScMeeting) sessions 1 … n_sessions */
  GHashTable      *attendance;    /* "MEMBER\nSESSION" → ScAttendanceRecord (unowned) */
  GPtrArray       *attendance_list;
} GroupData;

static void
group_data_free (GroupData *data)
{
  g_clear_pointer (&data->group, sc_study_group_free);
  g_clear_pointer (&data->progress, sc_group_progress_free);
  g_clear_pointer (&data->members, g_ptr_array_unref);
  g_clear_pointer (&data->meetings, g_ptr_array_unref);
  g_clear_pointer (&data->attendance, g_hash_table_unref);
  g_clear_pointer (&data->attendance_list, g_ptr_array_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GroupData, group_data_free)

static GroupData *
group_data_load (ScStudyStore               *store,
                 const char                 *group_id,
                 const ScStudyReportSources *sources,
                 GError                    **error)
{
  g_autoptr(GroupData) data = g_new0 (GroupData, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  data->group = sc_study_store_find_group (store, group_id, error);
  if (data->group == NULL)
    return NULL;
  group_id = data->group->id;

  /* Today only decides which session is next, which no report shows. */
  data->progress = sc_group_progress_compute (store, group_id, sources->guide, today,
                                              sources->index != NULL ? sc_study_index_word_count : NULL,
                                              sources->index != NULL ? sc_study_index_lookup : NULL,
                                              sources->index, words_per_minute (sources), error);
  if (data->progress == NULL)
    return NULL;

  data->meetings = sc_study_store_list_meetings (store, group_id, data->progress->n_sessions, error);
  if (data->meetings == NULL)
    return NULL;
  data->members = sc_study_store_list_members (store, group_id, error);
  if (data->members == NULL)
    return NULL;
  data->attendance_list = sc_study_store_list_attendance (store, group_id, error);
  if (data->attendance_list == NULL)
    return NULL;

  data->attendance = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < data->attendance_list->len; i++)
    {
      ScAttendanceRecord *record = g_ptr_array_index (data->attendance_list, i);

      g_hash_table_insert (data->attendance,
                           g_strdup_printf ("%s\n%u", record->member_id, record->session),
                           record);
    }

  return g_steal_pointer (&data);
}

static const ScMeeting *
find_meeting (GPtrArray *meetings,
              guint      session)
{
  for (guint i = 0; i < meetings->len; i++)
    {
      const ScMeeting *meeting = g_ptr_array_index (meetings, i);

      if (meeting->session == session)
        return meeting;
    }
  return NULL;
}

/* ===== The roster ========================================================= */

static const ScMemberProgress *
find_member_progress (const ScGroupProgress *progress,
                      const char            *member_id)
{
  for (guint i = 0; i < progress->members->len; i++)
    {
      const ScMemberProgress *mp = g_ptr_array_index (progress->members, i);

      if (g_strcmp0 (mp->member_id, member_id) == 0)
        return mp;
    }
  return NULL;
}

static ScStudyRosterCell
compute_cell (GroupData      *data,
              const ScMember *member,
              guint           session)
{
  g_autofree char *attendance_key = g_strdup_printf ("%s\n%u", member->id, session);
  const ScMemberProgress *mp = find_member_progress (data->progress, member->id);
  ScStudyRosterCell cell = { 0, 0, SC_ATTENDANCE_UNKNOWN, FALSE };
  const ScAttendanceRecord *record;

  if (mp != NULL)
    {
      cell.done = mp->sessions[session - 1].done;
      cell.total = mp->sessions[session - 1].assigned;
    }

  record = g_hash_table_lookup (data->attendance, attendance_key);
  if (record != NULL)
    {
      cell.attendance = record->attendance;
      cell.questions_prepared = record->questions_prepared;
    }

  return cell;
}

static ScStudyRoster *
roster_from_data (GroupData *data)
{
  ScStudyRoster *roster = g_new0 (ScStudyRoster, 1);
  guint n_sessions = data->progress->n_sessions;

  roster->n_sessions = n_sessions;
  roster->cells = g_new0 (ScStudyRosterCell, MAX (1, data->members->len * n_sessions));
  for (guint m = 0; m < data->members->len; m++)
    for (guint s = 1; s <= n_sessions; s++)
      roster->cells[m * n_sessions + (s - 1)] =
        compute_cell (data, g_ptr_array_index (data->members, m), s);

  roster->group = g_steal_pointer (&data->group);
  roster->members = g_steal_pointer (&data->members);
  roster->meetings = g_steal_pointer (&data->meetings);

  return roster;
}

/**
 * sc_study_roster_compute:
 * @store: the study store
 * @group_id: a group's id (or anything sc_study_store_find_group() takes)
 * @sources: the guide and index, or empty
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the roster × sessions table, or %NULL
 */
ScStudyRoster *
sc_study_roster_compute (ScStudyStore               *store,
                         const char                 *group_id,
                         const ScStudyReportSources *sources,
                         GError                    **error)
{
  g_autoptr(GroupData) data = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (sources != NULL, NULL);

  data = group_data_load (store, group_id, sources, error);
  if (data == NULL)
    return NULL;
  return roster_from_data (data);
}

/**
 * sc_study_roster_get_cell:
 * @member_index: the row, an index into @roster's members
 * @session: the column, 1-based
 */
const ScStudyRosterCell *
sc_study_roster_get_cell (const ScStudyRoster *roster,
                          guint                member_index,
                          guint                session)
{
  g_return_val_if_fail (roster != NULL, NULL);
  g_return_val_if_fail (member_index < roster->members->len, NULL);
  g_return_val_if_fail (session >= 1 && session <= roster->n_sessions, NULL);

  return &roster->cells[member_index * roster->n_sessions + (session - 1)];
}

void
sc_study_roster_free (ScStudyRoster *roster)
{
  if (roster == NULL)
    return;

  g_clear_pointer (&roster->group, sc_study_group_free);
  g_clear_pointer (&roster->members, g_ptr_array_unref);
  g_clear_pointer (&roster->meetings, g_ptr_array_unref);
  g_free (roster->cells);
  g_free (roster);
}

/* ===== Words shared by the reports ======================================== */

static const char *
attendance_label (ScAttendance attendance)
{
  switch (attendance)
    {
    case SC_ATTENDANCE_PRESENT:
      return C_("attendance", "present");
    case SC_ATTENDANCE_ABSENT:
      return C_("attendance", "absent");
    case SC_ATTENDANCE_EXCUSED:
      return C_("attendance", "excused");
    case SC_ATTENDANCE_UNKNOWN:
    default:
      return "";
    }
}

/* "2/3"; nothing when the session has nothing to read. */
static char *
cell_progress_text (const ScStudyRosterCell *cell)
{
  if (cell->total == 0)
    return g_strdup ("");
  return g_strdup_printf ("%u/%u", cell->done, cell->total);
}

/* ===== CSV ================================================================ */

/* RFC 4180: a field with a comma, a quote or a line break is quoted, its
 * quotes doubled. A spreadsheet would also run a field that starts like a
 * formula ("=", "+", "-", "@"): such a field gets a leading apostrophe, the
 * usual guard, so a member called "=HYPERLINK(…)" stays a name. */
static void
append_csv_field (GString    *csv,
                  const char *field)
{
  gboolean quote;

  if (field == NULL)
    field = "";

  quote = strpbrk (field, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (csv, '"');
  if (field[0] != '\0' && strchr ("=+-@\t\r", field[0]) != NULL)
    g_string_append_c (csv, '\'');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  if (quote)
    g_string_append_c (csv, '"');
}

static void
append_csv_row (GString    *csv,
                GPtrArray  *fields)
{
  for (guint i = 0; i < fields->len; i++)
    {
      if (i > 0)
        g_string_append_c (csv, ',');
      append_csv_field (csv, g_ptr_array_index (fields, i));
    }
  g_string_append (csv, "\r\n");
}

/**
 * sc_study_report_csv:
 * @store: the study store
 * @group_id: a group's id (or anything sc_study_store_find_group() takes)
 * @sources: the guide and index, or empty
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the roster × sessions table as CSV, or %NULL
 */
char *
sc_study_report_csv (ScStudyStore               *store,
                     const char                 *group_id,
                     const ScStudyReportSources *sources,
                     GError                    **error)
{
  g_autoptr(ScStudyRoster) roster = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  GString *csv;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (sources != NULL, NULL);

  roster = sc_study_roster_compute (store, group_id, sources, error);
  if (roster == NULL)
    return NULL;

  csv = g_string_new (NULL);

  g_ptr_array_add (fields, g_strdup (_("Member")));
  for (guint s = 1; s <= roster->n_sessions; s++)
    {
      /* Translators: a column of the CSV report: readings done at session %u */
      g_ptr_array_add (fields, g_strdup_printf (_("Session %u read"), s));
      /* Translators: a column of the CSV report: attendance at session %u */
      g_ptr_array_add (fields, g_strdup_printf (_("Session %u attendance"), s));
    }
  append_csv_row (csv, fields);

  for (guint m = 0; m < roster->members->len; m++)
    {
      const ScMember *member = g_ptr_array_index (roster->members, m);

      g_ptr_array_set_size (fields, 0);
      g_ptr_array_add (fields, g_strdup (member->name));
      for (guint s = 1; s <= roster->n_sessions; s++)
        {
          const ScStudyRosterCell *cell = sc_study_roster_get_cell (roster, m, s);

          g_ptr_array_add (fields, cell_progress_text (cell));
          g_ptr_array_add (fields, g_strdup (attendance_label (cell->attendance)));
        }
      append_csv_row (csv, fields);
    }

  return g_string_free (csv, FALSE);
}

/* ===== HTML pages ========================================================= */

static const char page_css[] =
  "body { font-family: Cantarell, 'Noto Sans', 'DejaVu Sans', sans-serif;"
  " color: #1e1e1e; margin: 2em auto; max-width: 60em; padding: 0 1em; line-height: 1.4; }\n"
  "h1 { font-size: 1.6em; margin: 0 0 0.2em; }\n"
  "h2 { font-size: 1.25em; margin: 1.4em 0 0.4em; border-bottom: 1px solid #ccc; }\n"
  ".subtitle { color: #555; margin: 0 0 1em; }\n"
  "table { border-collapse: collapse; width: 100%; }\n"
  "th, td { border: 1px solid #999; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }\n"
  "thead th { background: #eee; }\n"
  "th .date { display: block; font-weight: normal; font-size: 0.85em; color: #444; }\n"
  "td.all-done { background: #e3f4e1; }\n"
  "td.some-done { background: #fff4d6; }\n"
  "td.none-done { background: #fbe3e3; }\n"
  ".attendance, .questions, .role { display: block; font-size: 0.85em; color: #444; }\n"
  ".sections { display: block; }\n"
  ".missing { color: #a51d2d; }\n"
  ".details { color: #444; font-size: 0.9em; margin: 0.1em 0; }\n"
  ".note { font-style: italic; margin: 0.1em 0; }\n"
  "dt { font-weight: bold; margin-top: 0.4em; }\n"
  "dd { margin: 0 0 0 1.5em; }\n"
  "li { margin-bottom: 0.5em; }\n"
  ".footer { margin-top: 2em; font-size: 0.8em; color: #666; }\n"
  "@media print {\n"
  "  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; color: #000; }\n"
  "  @page { margin: 1.5cm; }\n"
  "  thead { display: table-header-group; }\n"
  "  tr, li, dt, dd { page-break-inside: avoid; }\n"
  "  h2 { page-break-after: avoid; }\n"
  "  td.all-done, td.some-done, td.none-done, thead th {"
  " -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
  "}\n";

static void append_escaped (GString    *html,
                            const char *format,
                            ...) G_GNUC_PRINTF (2, 3);

/* Appends @format with every string argument escaped for HTML. */
static void
append_escaped (GString    *html,
                const char *format,
                ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_markup_vprintf_escaped (format, args);
  va_end (args);
  g_string_append (html, text);
}

static GString *
page_begin (const char *title)
{
  GString *html = g_string_new ("<!DOCTYPE html>\n");
  /* Translators: the language code of this translation ("es"), for the
   * lang attribute of the printable reports */
  const char *lang = C_("html lang", "en");

  append_escaped (html, "<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", lang);
  append_escaped (html, "<title>%s</title>\n", title);
  g_string_append_printf (html, "<style>\n%s</style>\n</head>\n<body>\n", page_css);
  return html;
}

static char *
page_end (GString *html)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  /* Translators: the foot of a printed report; %s is today's date */
  g_autofree char *footer = g_strdup_printf (_("Printed from Study Circle on %s"), today);

  append_escaped (html, "<p class=\"footer\">%s</p>\n", footer);
  g_string_append (html, "</body>\n</html>\n");
  return g_string_free (html, FALSE);
}

/* "Group — Branch" under the title. */
static void
append_group_subtitle (GString                    *html,
                       const ScGroup              *group,
                       const ScStudyReportSources *sources)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  if (group->branch != NULL && *group->branch != '\0')
    g_ptr_array_add (parts, group->branch);
  if (sources->guide != NULL && sources->guide->title != NULL)
    g_ptr_array_add (parts, sources->guide->title);
  else if (group->guide_id != NULL)
    g_ptr_array_add (parts, group->guide_id);
  if (group->facilitator != NULL && *group->facilitator != '\0')
    g_ptr_array_add (parts, group->facilitator);
  if (parts->len == 0)
    return;

  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv (" · ", (char **) parts->pdata);
  append_escaped (html, "<p class=\"subtitle\">%s</p>\n", joined);
}

static const char *
cell_class (const ScStudyRosterCell *cell)
{
  if (cell->total == 0)
    return "nothing-due";
  if (cell->done == cell->total)
    return "all-done";
  return cell->done > 0 ? "some-done" : "none-done";
}

static void
append_roster_table (GString             *html,
                     const ScStudyRoster *roster)
{
  g_string_append (html, "<table>\n<thead>\n<tr><th scope=\"col\">");
  append_escaped (html, "%s", _("Member"));
  g_string_append (html, "</th>");
  for (guint s = 1; s <= roster->n_sessions; s++)
    {
      const ScMeeting *meeting = find_meeting (roster->meetings, s);
      g_autofree char *label = g_strdup_printf (_("Session %u"), s);

      append_escaped (html, "<th scope=\"col\">%s", label);
      if (meeting != NULL && meeting->date != NULL)
        append_escaped (html, "<span class=\"date\">%s</span>", meeting->date);
      g_string_append (html, "</th>");
    }
  g_string_append (html, "</tr>\n</thead>\n<tbody>\n");

  for (guint m = 0; m < roster->members->len; m++)
    {
      const ScMember *member = g_ptr_array_index (roster->members, m);

      append_escaped (html, "<tr><th scope=\"row\">%s", member->name);
      if (member->role == SC_ROLE_FACILITATOR)
        append_escaped (html, "<span class=\"role\">%s</span>", _("facilitator"));
      g_string_append (html, "</th>");

      for (guint s = 1; s <= roster->n_sessions; s++)
        {
          const ScStudyRosterCell *cell = sc_study_roster_get_cell (roster, m, s);
          g_autofree char *done = cell_progress_text (cell);

          append_escaped (html, "<td class=\"%s\">%s", cell_class (cell), done);
          if (cell->attendance != SC_ATTENDANCE_UNKNOWN)
            append_escaped (html, "<span class=\"attendance\">%s</span>",
                            attendance_label (cell->attendance));
          if (cell->questions_prepared)
            append_escaped (html, "<span class=\"questions\">%s</span>", _("questions prepared"));
          g_string_append (html, "</td>");
        }
      g_string_append (html, "</tr>\n");
    }
  g_string_append (html, "</tbody>\n</table>\n");
}

/**
 * sc_study_report_html:
 * @store: the study store
 * @group_id: a group's id (or anything sc_study_store_find_group() takes)
 * @sources: the guide and index, or empty
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a printable HTML page, or %NULL
 */
char *
sc_study_report_html (ScStudyStore               *store,
                      const char                 *group_id,
                      const ScStudyReportSources *sources,
                      GError                    **error)
{
  g_autoptr(ScStudyRoster) roster = NULL;
  g_autofree char *title = NULL;
  GString *html;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (sources != NULL, NULL);

  roster = sc_study_roster_compute (store, group_id, sources, error);
  if (roster == NULL)
    return NULL;

  /* Translators: the title of the printable progress report; %s is a group */
  title = g_strdup_printf (_("%s: reading and attendance"), roster->group->name);
  html = page_begin (title);
  append_escaped (html, "<h1>%s</h1>\n", title);
  append_group_subtitle (html, roster->group, sources);

  if (roster->members->len == 0)
    append_escaped (html, "<p>%s</p>\n", _("The group has no members yet."));
  else if (roster->n_sessions == 0)
    append_escaped (html, "<p>%s</p>\n", _("The group has no sessions yet."));
  else
    {
      append_roster_table (html, roster);
      append_escaped (html, "<p class=\"details\">%s</p>\n",
                      _("Each cell: readings done of those due at the session, then attendance."));
    }

  return page_end (html);
}

/* ===== The handout ======================================================== */

/* Names texts and sections for people, reading each text once. */
typedef struct {
  ScIndex    *index;
  GHashTable *texts;   /* text id → ScText, or NULL when it cannot be read */
} Namer;

static void
namer_clear (Namer *namer)
{
  g_clear_pointer (&namer->texts, g_hash_table_unref);
}

static ScText *
namer_text (Namer      *namer,
            const char *text_id)
{
  g_autoptr(ScDocInfo) info = NULL;
  ScText *text = NULL;

  if (namer->index == NULL || text_id == NULL)
    return NULL;
  if (g_hash_table_lookup_extended (namer->texts, text_id, NULL, (gpointer *) &text))
    return text;

  info = sc_index_get_document (namer->index, text_id, NULL);
  if (info != NULL && g_strcmp0 (info->kind, "text") == 0)
    text = sc_text_read_file (info->path, NULL);
  g_hash_table_insert (namer->texts, g_strdup (text_id), text);
  return text;
}

static const char *
namer_section (Namer      *namer,
               const char *text_id,
               const char *section_id)
{
  ScText *text = namer_text (namer, text_id);
  ScSection *section = text != NULL ? sc_text_find_section (text, section_id) : NULL;

  return section != NULL && section->heading != NULL ? section->heading : section_id;
}

/* The guide's own reading behind a "guide:SESSION-ID:N" key, or NULL. */
static const ScReading *
guide_reading (const ScStudyReportSources *sources,
               const ScStudyReading       *reading)
{
  const ScGuideSession *session;

  if (sources->guide == NULL || reading->session == 0 ||
      reading->session > sources->guide->sessions->len ||
      !g_str_has_prefix (reading->key, "guide:"))
    return NULL;

  session = g_ptr_array_index (sources->guide->sessions, reading->session - 1);
  for (guint i = 0; i < session->readings->len; i++)
    {
      g_autofree char *key = g_strdup_printf ("guide:%s:%u", session->id, i + 1);

      if (strcmp (key, reading->key) == 0)
        return g_ptr_array_index (session->readings, i);
    }
  return NULL;
}

/* "Wages – Profit", "Wages", or "the whole text". */
static char *
describe_sections (Namer                *namer,
                   const ScStudyReading *reading)
{
  const char *from = reading->from;
  const char *to = reading->to;

  if (from == NULL && to == NULL)
    return g_strdup (_("the whole text"));
  if (from == NULL || to == NULL || strcmp (from, to) == 0)
    return g_strdup (namer_section (namer, reading->text_id, from != NULL ? from : to));
  /* Translators: a range of sections, "Wages – Profit" */
  return g_strdup_printf (_("%s – %s"), namer_section (namer, reading->text_id, from),
                          namer_section (namer, reading->text_id, to));
}

static const char *
member_name (GPtrArray  *members,
             const char *member_id)
{
  for (guint i = 0; i < members->len; i++)
    {
      const ScMember *member = g_ptr_array_index (members, i);

      if (strcmp (member->id, member_id) == 0)
        return member->name;
    }
  return member_id;
}

static void
append_reading_title (GString              *html,
                      Namer                *namer,
                      const ScStudyReading *reading,
                      const ScReading      *from_guide)
{
  g_autofree char *sections = NULL;
  ScText *text;

  if (reading->text_id == NULL)
    {
      /* An outside work the library does not have. */
      append_escaped (html, "<strong>%s</strong>", reading->title != NULL ? reading->title : "");
      if (from_guide != NULL && from_guide->author != NULL)
        append_escaped (html, ", %s", from_guide->author);
      if (from_guide != NULL && from_guide->year != NULL)
        append_escaped (html, " (%s)", from_guide->year);
      return;
    }

  text = namer_text (namer, reading->text_id);
  sections = describe_sections (namer, reading);
  append_escaped (html, "<strong>%s</strong>", text != NULL ? text->title : reading->text_id);
  if (text != NULL && text->authors[0] != NULL)
    append_escaped (html, ", %s", text->authors[0]);
  append_escaped (html, "<span class=\"sections\">%s</span>", sections);
}

static void
append_reading (GString                    *html,
                const ScStudyReportSources *sources,
                Namer                      *namer,
                GPtrArray                  *members,
                const ScStudyReading       *reading)
{
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
  const ScReading *from_guide = guide_reading (sources, reading);
  gboolean is_assignment = g_str_has_prefix (reading->key, "assignment:");

  g_string_append (html, "<li>");
  append_reading_title (html, namer, reading, from_guide);

  if (reading->minutes > 0)
    {
      gboolean estimated = from_guide == NULL || from_guide->minutes == 0;

      /* Translators: reading time; "about" when estimated from the words */
      g_ptr_array_add (details, g_strdup_printf (estimated ? _("about %u min") : _("%u min"),
                                                 reading->minutes));
    }
  if (is_assignment && reading->member_id != NULL)
    g_ptr_array_add (details, g_strdup_printf (_("assigned to %s"),
                                               member_name (members, reading->member_id)));
  else if (is_assignment)
    g_ptr_array_add (details, g_strdup (_("assigned to the whole group")));
  if (reading->due_date != NULL)
    g_ptr_array_add (details, g_strdup_printf (_("due %s"), reading->due_date));

  if (details->len > 0)
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (details, NULL);
      joined = g_strjoinv (" · ", (char **) details->pdata);
      append_escaped (html, "<p class=\"details\">%s</p>", joined);
    }
  if (reading->text_id != NULL && !reading->in_library)
    append_escaped (html, "<p class=\"missing\">%s</p>", _("Not in the library"));
  if (reading->note != NULL && *reading->note != '\0')
    append_escaped (html, "<p class=\"note\">%s</p>", reading->note);
  g_string_append (html, "</li>\n");
}

static void
append_content_start (GString              *html,
                      const char           *element,
                      const ScGuide        *guide)
{
  if (guide != NULL && guide->lang != NULL)
    append_escaped (html, "<%s lang=\"%s\">\n", element, guide->lang);
  else
    g_string_append_printf (html, "<%s>\n", element);
}

static void
append_list (GString        *html,
             const char     *heading,
             char          **items,
             const ScGuide  *guide)
{
  if (items == NULL || items[0] == NULL)
    return;

  append_escaped (html, "<h2>%s</h2>\n", heading);
  append_content_start (html, "ul", guide);
  for (guint i = 0; items[i] != NULL; i++)
    append_escaped (html, "<li>%s</li>\n", items[i]);
  g_string_append (html, "</ul>\n");
}

static void
append_questions (GString              *html,
                  const ScGuideSession *session,
                  const ScGuide        *guide)
{
  if (session->questions == NULL || session->questions[0] == NULL)
    return;

  append_escaped (html, "<h2>%s</h2>\n", _("Discussion questions"));
  append_content_start (html, "ol", guide);
  for (guint i = 0; session->questions[i] != NULL; i++)
    append_escaped (html, "<li>%s</li>\n", session->questions[i]);
  g_string_append (html, "</ol>\n");
}

static void
append_terms (GString              *html,
              const ScGuideSession *session,
              const ScGuide        *guide,
              ScGlossary           *glossary)
{
  if (session->terms == NULL || session->terms[0] == NULL)
    return;

  append_escaped (html, "<h2>%s</h2>\n", _("Key terms"));
  append_content_start (html, "dl", guide);
  for (guint i = 0; session->terms[i] != NULL; i++)
    {
      ScGlossaryEntry *entry = glossary != NULL ? sc_glossary_lookup (glossary, session->terms[i]) : NULL;

      if (entry != NULL)
        append_escaped (html, "<dt>%s</dt>\n<dd>%s</dd>\n", entry->term,
                        entry->definition != NULL ? entry->definition : "");
      else
        append_escaped (html, "<dt>%s</dt>\n", session->terms[i]);
    }
  g_string_append (html, "</dl>\n");
}

/* "Tuesday 5 March 2024 · Union hall", or what is known of it. */
static void
append_when_and_where (GString         *html,
                       const ScMeeting *meeting)
{
  g_autofree char *when = NULL;
  g_autofree char *line = NULL;

  if (meeting != NULL && meeting->date != NULL)
    {
      int y, m, d;
      g_autoptr(GDateTime) date = NULL;

      if (sscanf (meeting->date, "%4d-%2d-%2d", &y, &m, &d) == 3)
        date = g_date_time_new_local (y, m, d, 12, 0, 0);
      /* Translators: a meeting's date on the handout (g_date_time_format()) */
      /* xgettext:no-c-format */
      when = date != NULL ? g_date_time_format (date, C_("handout date", "%A %-d %B %Y")) : NULL;
      if (when == NULL)
        when = g_strdup (meeting->date);
    }
  else
    when = g_strdup (_("Date not set"));

  if (meeting != NULL && meeting->place != NULL && *meeting->place != '\0')
    line = g_strdup_printf ("%s · %s", when, meeting->place);
  else
    line = g_steal_pointer (&when);

  append_escaped (html, "<p class=\"subtitle\">%s</p>\n", line);
}

/* Every reading that counts for the session, then the reading time the
 * progress numbers give it: the readings for everyone (one member's own
 * reading shows its minutes but is theirs alone). */
static gboolean
append_readings (GString                    *html,
                 ScStudyStore               *store,
                 const ScStudyReportSources *sources,
                 GroupData                  *data,
                 guint                       session,
                 GError                    **error)
{
  Namer namer = { sources->index, NULL };
  g_autoptr(GPtrArray) readings = NULL;
  const ScSessionProgress *sp = g_ptr_array_index (data->progress->sessions, session - 1);

  readings = sc_study_group_readings (store, data->group->id, sources->guide, session,
                                      sources->index != NULL ? sc_study_index_word_count : NULL,
                                      sources->index != NULL ? sc_study_index_lookup : NULL,
                                      sources->index, words_per_minute (sources), error);
  if (readings == NULL)
    return FALSE;

  append_escaped (html, "<h2>%s</h2>\n", _("Readings"));
  if (readings->len == 0)
    {
      append_escaped (html, "<p>%s</p>\n", _("Nothing to read for this session."));
      return TRUE;
    }

  namer.texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) sc_text_free);
  g_string_append (html, "<ol>\n");
  for (guint i = 0; i < readings->len; i++)
    append_reading (html, sources, &namer, data->members, g_ptr_array_index (readings, i));
  g_string_append (html, "</ol>\n");
  namer_clear (&namer);

  if (sp->minutes > 0)
    {
      /* Translators: on the handout, the minutes of the readings everyone does */
      g_autofree char *total = g_strdup_printf (_("Reading time for everyone: %u min"), sp->minutes);

      append_escaped (html, "<p class=\"details\">%s</p>\n", total);
    }
  return TRUE;
}

/**
 * sc_study_report_handout_html:
 * @store: the study store
 * @group_id: a group's id (or anything sc_study_store_find_group() takes)
 * @sources: the guide, glossary and index, or empty
 * @session: the session, 1-based
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a printable HTML page, or %NULL
 */
char *
sc_study_report_handout_html (ScStudyStore               *store,
                              const char                 *group_id,
                              const ScStudyReportSources *sources,
                              guint                       session,
                              GError                    **error)
{
  g_autoptr(GroupData) data = NULL;
  g_autofree char *title = NULL;
  const ScGuideSession *guide_session = NULL;
  GString *html;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (sources != NULL, NULL);

  data = group_data_load (store, group_id, sources, error);
  if (data == NULL)
    return NULL;

  if (session == 0 || session > data->progress->n_sessions)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND,
                   _("the schedule of group “%s” has no session %u (it has %u)"),
                   data->group->name, session, data->progress->n_sessions);
      return NULL;
    }

  if (sources->guide != NULL && session <= sources->guide->sessions->len)
    guide_session = g_ptr_array_index (sources->guide->sessions, session - 1);

  if (guide_session != NULL && guide_session->title != NULL)
    /* Translators: the handout's title: session number and its title */
    title = g_strdup_printf (_("Session %u: %s"), session, guide_session->title);
  else
    title = g_strdup_printf (_("Session %u"), session);

  html = page_begin (title);
  append_escaped (html, "<p class=\"subtitle\"><strong>%s</strong></p>\n", data->group->name);
  append_escaped (html, "<h1>%s</h1>\n", title);
  append_when_and_where (html, find_meeting (data->meetings, session));

  if (guide_session != NULL)
    append_list (html, _("Goals"), guide_session->goals, sources->guide);
  if (!append_readings (html, store, sources, data, session, error))
    {
      g_string_free (html, TRUE);
      return NULL;
    }
  if (guide_session != NULL)
    {
      append_questions (html, guide_session, sources->guide);
      append_terms (html, guide_session, sources->guide, sources->glossary);
      append_list (html, _("Activities"), guide_session->activities, sources->guide);
    }

  return page_end (html);
}
