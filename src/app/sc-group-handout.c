/* sc-group-handout.c: a session's handout, gathered as plain data
 *
 * Gathering reads the study store, the index and a few texts (for their
 * titles and section headings): a worker thread does it, on connections
 * of its own, and hands over plain strings that sc-handout-print.c draws.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sc-error.h"
#include "sc-group-handout.h"
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
