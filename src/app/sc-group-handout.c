/* sc-group-handout.c: a session's handout, printed or saved as PDF
 *
 * Gathering reads the study store, the index and a few texts (for their
 * titles and section headings): a worker thread does it, on connections
 * of its own, and hands over plain strings. Drawing lays the handout out
 * as blocks of Pango text, one layout per block, and breaks pages between
 * lines; a heading never ends a page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sc-error.h"
#include "sc-group-actions.h"
#include "sc-group-handout.h"
#include "sc-paths.h"
#include "sc-study-progress.h"
#include "sc-study-report.h"

/* Plain data ---------------------------------------------------------------- */

static void
handout_reading_free (ScHandoutReading *reading)
{
  g_free (reading->title);
  g_free (reading->sections);
  g_free (reading->details);
  g_free (reading->note);
  g_free (reading);
}

static void
handout_term_free (ScHandoutTerm *term)
{
  g_free (term->term);
  g_free (term->definition);
  g_free (term);
}

static void
handout_clear (ScGroupHandout *handout)
{
  g_free (handout->group_name);
  g_free (handout->title);
  g_free (handout->when_where);
  g_free (handout->lang);
  g_free (handout->reading_time);
  g_clear_pointer (&handout->goals, g_ptr_array_unref);
  g_clear_pointer (&handout->readings, g_ptr_array_unref);
  g_clear_pointer (&handout->questions, g_ptr_array_unref);
  g_clear_pointer (&handout->terms, g_ptr_array_unref);
  g_clear_pointer (&handout->activities, g_ptr_array_unref);
}

static ScGroupHandout *
handout_new (void)
{
  ScGroupHandout *handout = g_atomic_rc_box_new0 (ScGroupHandout);

  handout->goals = g_ptr_array_new_with_free_func (g_free);
  handout->readings = g_ptr_array_new_with_free_func ((GDestroyNotify) handout_reading_free);
  handout->questions = g_ptr_array_new_with_free_func (g_free);
  handout->terms = g_ptr_array_new_with_free_func ((GDestroyNotify) handout_term_free);
  handout->activities = g_ptr_array_new_with_free_func (g_free);
  return handout;
}

ScGroupHandout *
sc_group_handout_ref (ScGroupHandout *handout)
{
  g_return_val_if_fail (handout != NULL, NULL);
  return g_atomic_rc_box_acquire (handout);
}

void
sc_group_handout_unref (ScGroupHandout *handout)
{
  g_return_if_fail (handout != NULL);
  g_atomic_rc_box_release_full (handout, (GDestroyNotify) handout_clear);
}

static void
add_strings (GPtrArray *array,
             char     **strings)
{
  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    g_ptr_array_add (array, g_strdup (strings[i]));
}

/* Gathering, in a worker thread -------------------------------------------- */

typedef struct {
  char  *index_path;
  char  *study_db;
  char  *group_id;
  guint  session;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_free (job->index_path);
  g_free (job->study_db);
  g_free (job->group_id);
  g_free (job);
}

/* Names texts and sections, reading each text once. */
typedef struct {
  ScIndex    *index;
  GHashTable *texts;   /* text id → ScText, or NULL when it cannot be read */
} Namer;

static ScText *
namer_text (Namer      *namer,
            const char *text_id)
{
  g_autoptr(ScDocInfo) info = NULL;
  ScText *text = NULL;

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
guide_reading (ScGuide              *guide,
               const ScStudyReading *reading)
{
  const ScGuideSession *session;

  if (guide == NULL || reading->session == 0 || reading->session > guide->sessions->len ||
      !g_str_has_prefix (reading->key, "guide:"))
    return NULL;

  session = g_ptr_array_index (guide->sessions, reading->session - 1);
  for (guint i = 0; i < session->readings->len; i++)
    {
      g_autofree char *key = g_strdup_printf ("guide:%s:%u", session->id, i + 1);

      if (strcmp (key, reading->key) == 0)
        return g_ptr_array_index (session->readings, i);
    }
  return NULL;
}

static const char *
member_name (GPtrArray  *members,
             const char *member_id)
{
  for (guint i = 0; members != NULL && i < members->len; i++)
    {
      const ScMember *member = g_ptr_array_index (members, i);

      if (g_strcmp0 (member->id, member_id) == 0)
        return member->name;
    }
  return member_id;
}

static ScHandoutReading *
describe_reading (Namer                *namer,
                  ScGuide              *guide,
                  GPtrArray            *members,
                  const ScStudyReading *reading)
{
  ScHandoutReading *out = g_new0 (ScHandoutReading, 1);
  const ScReading *from_guide = guide_reading (guide, reading);
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);

  if (reading->text_id == NULL)
    {
      GString *title = g_string_new (reading->title != NULL ? reading->title : "");

      if (from_guide != NULL && from_guide->author != NULL)
        g_string_append_printf (title, ", %s", from_guide->author);
      if (from_guide != NULL && from_guide->year != NULL)
        g_string_append_printf (title, " (%s)", from_guide->year);
      out->title = g_string_free (title, FALSE);
    }
  else
    {
      ScText *text = namer_text (namer, reading->text_id);
      const char *from = reading->from, *to = reading->to;

      if (text != NULL && text->authors[0] != NULL)
        out->title = g_strdup_printf ("%s, %s", text->title, text->authors[0]);
      else
        out->title = g_strdup (text != NULL ? text->title : reading->text_id);

      if (from == NULL && to == NULL)
        out->sections = g_strdup (_("The whole text"));
      else if (from == NULL || to == NULL || strcmp (from, to) == 0)
        out->sections = g_strdup (namer_section (namer, reading->text_id, from != NULL ? from : to));
      else
        /* Translators: a range of sections, "Wages – Profit" */
        out->sections = g_strdup_printf (_("%s – %s"), namer_section (namer, reading->text_id, from),
                                         namer_section (namer, reading->text_id, to));
      out->missing = !reading->in_library;
    }

  if (reading->minutes > 0)
    {
      gboolean estimated = from_guide == NULL || from_guide->minutes == 0;

      /* Translators: reading time; "about" when estimated from the words */
      g_ptr_array_add (details, g_strdup_printf (estimated ? _("about %u min") : _("%u min"), reading->minutes));
    }
  if (g_str_has_prefix (reading->key, "assignment:"))
    {
      if (reading->member_id != NULL)
        g_ptr_array_add (details, g_strdup_printf (_("assigned to %s"), member_name (members, reading->member_id)));
      else
        g_ptr_array_add (details, g_strdup (_("assigned to the whole group")));
    }
  if (reading->due_date != NULL)
    g_ptr_array_add (details, g_strdup_printf (_("due %s"), reading->due_date));
  if (out->missing)
    g_ptr_array_add (details, g_strdup (_("not in the library")));
  g_ptr_array_add (details, NULL);
  out->details = g_strjoinv (" · ", (char **) details->pdata);
  out->note = reading->note != NULL && *reading->note != '\0' ? g_strdup (reading->note) : NULL;
  return out;
}

/* "Tuesday 5 March 2024 · Union hall", or what is known of it. */
static char *
when_and_where (const ScMeeting *meeting)
{
  g_autofree char *when = NULL;
  int y, m, d;

  if (meeting != NULL && meeting->date != NULL && sscanf (meeting->date, "%4d-%2d-%2d", &y, &m, &d) == 3)
    {
      g_autoptr(GDateTime) date = g_date_time_new_local (y, m, d, 12, 0, 0);

      /* Translators: a meeting's date on the handout (g_date_time_format()) */
      /* xgettext:no-c-format */
      when = date != NULL ? g_date_time_format (date, C_("handout date", "%A %-d %B %Y")) : NULL;
      if (when == NULL)
        when = g_strdup (meeting->date);
    }
  else
    when = g_strdup (_("Date not set"));

  if (meeting != NULL && meeting->place != NULL && *meeting->place != '\0')
    return g_strdup_printf ("%s · %s", when, meeting->place);
  return g_steal_pointer (&when);
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static gboolean
gather_readings (ScGroupHandout  *handout,
                 ScStudyStore    *store,
                 const ScGroup   *group,
                 ScIndex         *index,
                 ScGuide         *guide,
                 guint            session,
                 GError         **error)
{
  g_autoptr(GPtrArray) readings = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(ScGroupProgress) progress = NULL;
  g_autofree char *now = today ();
  Namer namer = { index, NULL };
  const ScSessionProgress *sp;

  readings = sc_study_group_readings (store, group->id, guide, session, sc_study_index_word_count,
                                      sc_study_index_lookup, index, SC_STUDY_WORDS_PER_MINUTE, error);
  members = readings != NULL ? sc_study_store_list_members (store, group->id, error) : NULL;
  progress = members != NULL ? sc_group_progress_compute (store, group->id, guide, now, sc_study_index_word_count,
                                                         sc_study_index_lookup, index,
                                                         SC_STUDY_WORDS_PER_MINUTE, error) : NULL;
  if (progress == NULL)
    return FALSE;

  namer.texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) sc_text_free);
  for (guint i = 0; i < readings->len; i++)
    g_ptr_array_add (handout->readings, describe_reading (&namer, guide, members, g_ptr_array_index (readings, i)));
  g_hash_table_unref (namer.texts);

  /* The progress numbers' reading time, so the handout agrees with them. */
  sp = session <= progress->sessions->len ? g_ptr_array_index (progress->sessions, session - 1) : NULL;
  if (sp != NULL && sp->minutes > 0)
    /* Translators: on the handout, the minutes of the readings everyone does */
    handout->reading_time = g_strdup_printf (_("Reading time for everyone: %u min"), sp->minutes);
  return TRUE;
}

static ScGroupHandout *
gather (LoadJob  *job,
        GError  **error)
{
  g_autoptr(ScGroupHandout) handout = handout_new ();
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(ScGroup) group = NULL;
  g_autoptr(ScIndex) index = NULL;
  g_autoptr(GPtrArray) known = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  ScStudyReportSources sources = { 0 };
  const ScGuideSession *guide_session = NULL;
  guint n_sessions;
  gboolean ok = FALSE;

  if (!g_file_test (job->study_db, G_FILE_TEST_EXISTS))
    {
      g_set_error_literal (error, SC_ERROR, SC_ERROR_NOT_FOUND, _("There are no study groups yet."));
      return NULL;
    }
  store = sc_study_store_open (job->study_db, error);
  group = store != NULL ? sc_study_store_find_group (store, job->group_id, error) : NULL;
  index = group != NULL ? sc_index_open (job->index_path, error) : NULL;
  if (index == NULL)
    return NULL;
  if (!sc_study_report_sources_load (&sources, index, group->guide_id, error))
    {
      sc_study_report_sources_clear (&sources);
      return NULL;
    }

  known = sc_study_store_list_meetings (store, group->id, 0, error);
  if (known == NULL)
    goto out;
  n_sessions = MAX (known->len, sources.guide != NULL ? sources.guide->sessions->len : 0);
  if (job->session == 0 || job->session > n_sessions)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND,
                   _("The schedule of “%s” has no session %u."), group->name, job->session);
      goto out;
    }
  meetings = sc_study_store_list_meetings (store, group->id, n_sessions, error);
  if (meetings == NULL)
    goto out;

  if (sources.guide != NULL && job->session <= sources.guide->sessions->len)
    guide_session = g_ptr_array_index (sources.guide->sessions, job->session - 1);

  handout->group_name = g_strdup (group->name);
  if (guide_session != NULL && guide_session->title != NULL)
    /* Translators: the handout's title: session number and its title */
    handout->title = g_strdup_printf (_("Session %u: %s"), job->session, guide_session->title);
  else
    handout->title = g_strdup_printf (_("Session %u"), job->session);
  handout->when_where = when_and_where (g_ptr_array_index (meetings, job->session - 1));
  handout->lang = sources.guide != NULL ? g_strdup (sources.guide->lang) : NULL;

  if (guide_session != NULL)
    {
      add_strings (handout->goals, guide_session->goals);
      add_strings (handout->questions, guide_session->questions);
      add_strings (handout->activities, guide_session->activities);
      for (guint i = 0; guide_session->terms != NULL && guide_session->terms[i] != NULL; i++)
        {
          ScGlossaryEntry *entry = sources.glossary != NULL
                                   ? sc_glossary_lookup (sources.glossary, guide_session->terms[i]) : NULL;
          ScHandoutTerm *term = g_new0 (ScHandoutTerm, 1);

          term->term = g_strdup (entry != NULL ? entry->term : guide_session->terms[i]);
          term->definition = entry != NULL ? g_strdup (entry->definition) : NULL;
          g_ptr_array_add (handout->terms, term);
        }
    }

  ok = gather_readings (handout, store, group, index, sources.guide, job->session, error);

out:
  sc_study_report_sources_clear (&sources);
  return ok ? g_steal_pointer (&handout) : NULL;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  ScGroupHandout *handout = gather (task_data, &error);

  if (handout == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, handout, (GDestroyNotify) sc_group_handout_unref);
}

void
sc_group_handout_load_async (ScCatalog           *catalog,
                             const char          *study_db,
                             const char          *group_id,
                             guint                session,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job;

  g_return_if_fail (SC_IS_CATALOG (catalog));
  g_return_if_fail (study_db != NULL);
  g_return_if_fail (group_id != NULL);

  job = g_new0 (LoadJob, 1);
  job->index_path = g_strdup (sc_catalog_get_index_path (catalog));
  job->study_db = g_strdup (study_db);
  job->group_id = g_strdup (group_id);
  job->session = session;

  task = g_task_new (catalog, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_group_handout_load_async);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_thread);
}

ScGroupHandout *
sc_group_handout_load_finish (ScCatalog     *catalog,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, catalog), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Drawing ------------------------------------------------------------------- */

/* Points, on paper. */
#define FOOTER_HEIGHT 28.0
#define LIST_INDENT   20.0

typedef struct {
  PangoLayout *layout;
  PangoLayout *marker;          /* "1." or "•" before the first line, or NULL */
  double       indent;
  double       space_before;
  double       gray;            /* 0: black */
  gboolean     keep_with_next;  /* a heading */
} Block;

typedef struct {
  const Block *block;
  PangoLayout *layout;
  int          line;
  double       x;
  double       baseline;
} Placed;

typedef struct {
  ScGroupHandout *handout;
  GPtrArray      *blocks;       /* (element-type Block) */
  GPtrArray      *pages;        /* (element-type GArray of Placed) */
} Printer;

static void
block_free (Block *block)
{
  g_clear_object (&block->layout);
  g_clear_object (&block->marker);
  g_free (block);
}

static void
printer_free (Printer *printer)
{
  g_clear_pointer (&printer->handout, sc_group_handout_unref);
  g_clear_pointer (&printer->blocks, g_ptr_array_unref);
  g_clear_pointer (&printer->pages, g_ptr_array_unref);
  g_free (printer);
}

static PangoLayout *
new_layout (GtkPrintContext *context,
            const char      *font,
            const char      *markup,
            double           width)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static Block *
add_block (Printer         *printer,
           GtkPrintContext *context,
           const char      *font,
           double           space_before,
           const char      *format,
           ...) G_GNUC_PRINTF (5, 6);

/* A block of text in @font, its markup from @format with the arguments
 * escaped. */
static Block *
add_block (Printer         *printer,
           GtkPrintContext *context,
           const char      *font,
           double           space_before,
           const char      *format,
           ...)
{
  Block *block = g_new0 (Block, 1);
  g_autofree char *markup = NULL;
  va_list args;

  va_start (args, format);
  markup = g_markup_vprintf_escaped (format, args);
  va_end (args);

  block->layout = new_layout (context, font, markup, gtk_print_context_get_width (context));
  block->space_before = space_before;
  g_ptr_array_add (printer->blocks, block);
  return block;
}

/* Turns @block into a list item: indented, with @marker before it. */
static void
make_item (Block           *block,
           GtkPrintContext *context,
           const char      *font,
           const char      *marker)
{
  block->indent = LIST_INDENT;
  pango_layout_set_width (block->layout, (int) ((gtk_print_context_get_width (context) - LIST_INDENT) * PANGO_SCALE));
  block->marker = new_layout (context, font, marker, LIST_INDENT);
}

static void
add_heading (Printer         *printer,
             GtkPrintContext *context,
             const char      *heading)
{
  Block *block = add_block (printer, context, "Sans Bold 13", 16, "%s", heading);

  block->keep_with_next = TRUE;
}

static void
add_list (Printer         *printer,
          GtkPrintContext *context,
          const char      *heading,
          GPtrArray       *items,
          gboolean         numbered)
{
  if (items->len == 0)
    return;

  add_heading (printer, context, heading);
  for (guint i = 0; i < items->len; i++)
    {
      Block *block = add_block (printer, context, "Sans 11", 5, "%s", (const char *) g_ptr_array_index (items, i));
      g_autofree char *marker = numbered ? g_strdup_printf ("%u.", i + 1) : g_strdup ("•");

      make_item (block, context, "Sans 11", marker);
    }
}

static void
build_blocks (Printer         *printer,
              GtkPrintContext *context)
{
  ScGroupHandout *handout = printer->handout;
  Block *block;

  block = add_block (printer, context, "Sans Bold 10", 0, "%s", handout->group_name);
  block->gray = 0.35;
  add_block (printer, context, "Sans Bold 20", 4, "%s", handout->title);
  block = add_block (printer, context, "Sans 11", 4, "%s", handout->when_where);
  block->gray = 0.35;

  add_list (printer, context, _("Goals"), handout->goals, FALSE);

  add_heading (printer, context, _("Readings"));
  if (handout->readings->len == 0)
    add_block (printer, context, "Sans 11", 5, "%s", _("Nothing to read for this session."));
  for (guint i = 0; i < handout->readings->len; i++)
    {
      const ScHandoutReading *reading = g_ptr_array_index (handout->readings, i);
      g_autoptr(GString) markup = g_string_new (NULL);
      g_autofree char *marker = g_strdup_printf ("%u.", i + 1);
      g_autofree char *title = g_markup_escape_text (reading->title, -1);

      g_string_append_printf (markup, "<b>%s</b>", title);
      if (reading->sections != NULL)
        {
          g_autofree char *sections = g_markup_escape_text (reading->sections, -1);

          g_string_append_printf (markup, "\n%s", sections);
        }
      if (reading->details != NULL && *reading->details != '\0')
        {
          g_autofree char *details = g_markup_escape_text (reading->details, -1);

          g_string_append_printf (markup, "\n<span foreground=\"#595959\">%s</span>", details);
        }
      if (reading->note != NULL)
        {
          g_autofree char *note = g_markup_escape_text (reading->note, -1);

          g_string_append_printf (markup, "\n<i>%s</i>", note);
        }
      block = add_block (printer, context, "Sans 11", 8, "%s", "");
      pango_layout_set_markup (block->layout, markup->str, -1);
      make_item (block, context, "Sans 11", marker);
    }
  if (handout->reading_time != NULL)
    {
      block = add_block (printer, context, "Sans Italic 10", 8, "%s", handout->reading_time);
      block->gray = 0.35;
    }

  add_list (printer, context, _("Discussion questions"), handout->questions, TRUE);

  if (handout->terms->len > 0)
    {
      add_heading (printer, context, _("Key terms"));
      for (guint i = 0; i < handout->terms->len; i++)
        {
          const ScHandoutTerm *term = g_ptr_array_index (handout->terms, i);

          if (term->definition != NULL)
            /* Translators: a key term and its definition on the handout */
            add_block (printer, context, "Sans 11", 5, _("<b>%s</b> — %s"), term->term, term->definition);
          else
            add_block (printer, context, "Sans 11", 5, "<b>%s</b>", term->term);
        }
    }

  add_list (printer, context, _("Activities"), handout->activities, FALSE);
}

typedef struct {
  double top;        /* of the line, from the layout's top */
  double height;
  double baseline;   /* from the line's top */
} LineBox;

static GArray *
line_boxes (PangoLayout *layout)
{
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (LineBox));
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoRectangle logical;
      LineBox box;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      box.top = (double) logical.y / PANGO_SCALE;
      box.height = (double) logical.height / PANGO_SCALE;
      box.baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE - box.top;
      g_array_append_val (boxes, box);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  return boxes;
}

static GArray *
new_page (Printer *printer)
{
  GArray *page = g_array_new (FALSE, FALSE, sizeof (Placed));

  g_ptr_array_add (printer->pages, page);
  return page;
}

/* Lays the blocks out on pages of @height, line by line. */
static void
paginate (Printer *printer,
          double   height)
{
  GArray *page = new_page (printer);
  double y = 0;

  for (guint i = 0; i < printer->blocks->len; i++)
    {
      const Block *block = g_ptr_array_index (printer->blocks, i);
      g_autoptr(GArray) boxes = line_boxes (block->layout);
      double needed = 0;

      /* A heading goes with the first line of what follows it. */
      for (guint j = 0; j < boxes->len; j++)
        needed += g_array_index (boxes, LineBox, j).height;
      if (block->keep_with_next && i + 1 < printer->blocks->len)
        {
          const Block *next = g_ptr_array_index (printer->blocks, i + 1);
          g_autoptr(GArray) next_boxes = line_boxes (next->layout);

          needed += next->space_before + g_array_index (next_boxes, LineBox, 0).height;
        }
      if (y > 0 && y + block->space_before + needed > height && needed <= height)
        {
          page = new_page (printer);
          y = 0;
        }
      if (y > 0)
        y += block->space_before;

      for (guint j = 0; j < boxes->len; j++)
        {
          const LineBox *box = &g_array_index (boxes, LineBox, j);
          Placed placed = { block, block->layout, j, block->indent, 0 };

          if (y > 0 && y + box->height > height)
            {
              page = new_page (printer);
              y = 0;
            }
          placed.baseline = y + box->baseline;
          g_array_append_val (page, placed);
          if (j == 0 && block->marker != NULL)
            {
              Placed marker = { block, block->marker, 0, 0, placed.baseline };

              g_array_append_val (page, marker);
            }
          y += box->height;
        }
    }
}

static void
on_begin_print_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   Printer           *printer)
{
  g_clear_pointer (&printer->blocks, g_ptr_array_unref);
  g_clear_pointer (&printer->pages, g_ptr_array_unref);
  printer->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  printer->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  build_blocks (printer, context);
  paginate (printer, gtk_print_context_get_height (context) - FOOTER_HEIGHT);
  gtk_print_operation_set_n_pages (operation, printer->pages->len);
}

static void
draw_footer (Printer         *printer,
             GtkPrintContext *context,
             int              page_nr)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  g_autofree char *left = g_strdup_printf ("%s · %s", printer->handout->group_name, printer->handout->title);
  /* Translators: page numbers at the foot of the handout */
  g_autofree char *right = g_strdup_printf (_("Page %d of %u"), page_nr + 1, printer->pages->len);
  g_autoptr(PangoLayout) left_layout = new_layout (context, "Sans 8", "", width * 0.7);
  g_autoptr(PangoLayout) right_layout = new_layout (context, "Sans 8", "", width);
  int left_height, right_height;

  pango_layout_set_text (left_layout, left, -1);
  pango_layout_set_ellipsize (left_layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (right_layout, right, -1);
  pango_layout_set_alignment (right_layout, PANGO_ALIGN_RIGHT);
  pango_layout_get_size (left_layout, NULL, &left_height);
  pango_layout_get_size (right_layout, NULL, &right_height);

  cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, 0, height - FOOTER_HEIGHT + 8);
  cairo_line_to (cr, width, height - FOOTER_HEIGHT + 8);
  cairo_stroke (cr);
  cairo_move_to (cr, 0, height - (double) left_height / PANGO_SCALE);
  pango_cairo_show_layout (cr, left_layout);
  cairo_move_to (cr, 0, height - (double) right_height / PANGO_SCALE);
  pango_cairo_show_layout (cr, right_layout);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 Printer           *printer)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  GArray *page;

  if (page_nr < 0 || (guint) page_nr >= printer->pages->len)
    return;

  page = g_ptr_array_index (printer->pages, page_nr);
  for (guint i = 0; i < page->len; i++)
    {
      const Placed *placed = &g_array_index (page, Placed, i);

      cairo_set_source_rgb (cr, placed->block->gray, placed->block->gray, placed->block->gray);
      cairo_move_to (cr, placed->x, placed->baseline);
      pango_cairo_show_layout_line (cr, pango_layout_get_line_readonly (placed->layout, placed->line));
    }
  draw_footer (printer, context, page_nr);
}

GtkPrintOperation *
sc_group_handout_print_operation_new (ScGroupHandout *handout)
{
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autofree char *basename = NULL;
  GtkPrintOperation *operation;
  Printer *printer;

  g_return_val_if_fail (handout != NULL, NULL);

  printer = g_new0 (Printer, 1);
  printer->handout = sc_group_handout_ref (handout);

  /* "Print to File" proposes "Group – Session 1: Title.pdf". */
  settings = gtk_print_settings_new ();
  basename = g_strdelimit (g_strdup_printf ("%s – %s", handout->group_name, handout->title), "/\\", '-');
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_BASENAME, basename);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_job_name (operation, handout->title);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_object_set_data_full (G_OBJECT (operation), "sc-printer", printer, (GDestroyNotify) printer_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print_cb), printer);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), printer);
  return operation;
}

gboolean
sc_group_handout_export_pdf (ScGroupHandout  *handout,
                             const char      *path,
                             GError         **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;

  g_return_val_if_fail (handout != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  operation = sc_group_handout_print_operation_new (handout);
  gtk_print_operation_set_export_filename (operation, path);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

/* group.print-handout ------------------------------------------------------- */

static void
on_print_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  result,
                  ScWindow                *window)
{
  g_autoptr(GError) error = NULL;

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;

  gtk_print_operation_get_error (operation, &error);
  {
    /* Translators: a toast when the handout could not be printed */
    g_autofree char *message = g_strdup_printf (_("The handout could not be printed: %s"),
                                                error != NULL ? error->message : _("unknown error"));

    sc_window_add_toast (window, message);
  }
}

static void
on_handout_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(ScWindow) window = user_data;
  g_autoptr(ScGroupHandout) handout = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  handout = sc_group_handout_load_finish (SC_CATALOG (source), result, &error);
  if (handout == NULL)
    {
      /* Translators: a toast when the handout could not be made */
      g_autofree char *message = g_strdup_printf (_("The handout could not be made: %s"), error->message);

      sc_window_add_toast (window, message);
      return;
    }

  operation = sc_group_handout_print_operation_new (handout);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (on_print_done_cb), window, 0);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (window), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *message = g_strdup_printf (_("The handout could not be printed: %s"), error->message);

      sc_window_add_toast (window, message);
    }
}

void
sc_group_handout_print (ScWindow   *window,
                        const char *group_id,
                        guint       session)
{
  g_autofree char *study_db = sc_paths_study_db ();

  g_return_if_fail (SC_IS_WINDOW (window));
  g_return_if_fail (group_id != NULL);

  sc_group_handout_load_async (sc_window_get_catalog (window), study_db, group_id, session, NULL,
                               on_handout_loaded_cb, g_object_ref (window));
}
