/* sc-catalog.c: the library as the app sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sc-catalog.h"
#include "sc-error.h"
#include "sc-folder-watch.h"
#include "sc-paths.h"

/* Words a minute, for "12 min" on a row: a careful reading. */
#define READING_SPEED_WPM 200

/* ------------------------------------------------------------------------ */
/* ScDocument                                                                */

struct _ScDocument {
  GObject    parent_instance;
  ScDocInfo *info;
};

G_DEFINE_FINAL_TYPE (ScDocument, sc_document, G_TYPE_OBJECT)

static void
sc_document_finalize (GObject *object)
{
  ScDocument *self = SC_DOCUMENT (object);

  g_clear_pointer (&self->info, sc_doc_info_free);
  G_OBJECT_CLASS (sc_document_parent_class)->finalize (object);
}

static void
sc_document_class_init (ScDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_document_finalize;
}

static void
sc_document_init (ScDocument *self)
{
}

static ScDocInfo *
doc_info_copy (const ScDocInfo *info)
{
  ScDocInfo *copy = g_new0 (ScDocInfo, 1);

  copy->id = g_strdup (info->id);
  copy->kind = g_strdup (info->kind);
  copy->path = g_strdup (info->path);
  copy->title = g_strdup (info->title);
  copy->authors = g_strdup (info->authors);
  copy->lang = g_strdup (info->lang);
  copy->level = g_strdup (info->level);
  copy->topics = g_strdup (info->topics);
  copy->summary = g_strdup (info->summary);
  copy->date = g_strdup (info->date);
  copy->year = info->year;
  copy->translation_of = g_strdup (info->translation_of);
  copy->license = g_strdup (info->license);
  copy->words = info->words;
  copy->sections = info->sections;
  return copy;
}

/* Takes ownership of @info. */
static ScDocument *
document_take (ScDocInfo *info)
{
  ScDocument *self = g_object_new (SC_TYPE_DOCUMENT, NULL);

  self->info = info;
  return self;
}

ScDocument *
sc_document_new (const ScDocInfo *info)
{
  ScDocument *self = g_object_new (SC_TYPE_DOCUMENT, NULL);

  g_return_val_if_fail (info != NULL, NULL);
  self->info = doc_info_copy (info);
  return self;
}

const char *
sc_document_get_id (ScDocument *self)
{
  g_return_val_if_fail (SC_IS_DOCUMENT (self), NULL);
  return self->info->id;
}

const char *
sc_document_get_kind (ScDocument *self)
{
  g_return_val_if_fail (SC_IS_DOCUMENT (self), NULL);
  return self->info->kind;
}

const char *
sc_document_get_title (ScDocument *self)
{
  g_return_val_if_fail (SC_IS_DOCUMENT (self), NULL);
  return self->info->title;
}

const char *
sc_document_get_authors (ScDocument *self)
{
  g_return_val_if_fail (SC_IS_DOCUMENT (self), NULL);
  return self->info->authors;
}

const char *
sc_document_get_lang (ScDocument *self)
{
  g_return_val_if_fail (SC_IS_DOCUMENT (self), NULL);
  return self->info->lang;
}

const char *
sc_document_get_level (ScDocument *self)
{
  g_return_val_if_fail (SC_IS_DOCUMENT (self), NULL);
  return self->info->level;
}

const char *
sc_document_get_topics (ScDocument *self)
{
  g_return_val_if_fail (SC_IS_DOCUMENT (self), NULL);
  return self->info->topics;
}

const char *
sc_document_get_summary (ScDocument *self)
{
  g_return_val_if_fail (SC_IS_DOCUMENT (self), NULL);
  return self->info->summary;
}

int
sc_document_get_year (ScDocument *self)
{
  g_return_val_if_fail (SC_IS_DOCUMENT (self), 0);
  return self->info->year;
}

guint
sc_document_get_words (ScDocument *self)
{
  g_return_val_if_fail (SC_IS_DOCUMENT (self), 0);
  return self->info->words;
}

guint
sc_document_get_minutes (ScDocument *self)
{
  g_return_val_if_fail (SC_IS_DOCUMENT (self), 0);
  if (self->info->words == 0)
    return 0;
  return MAX (1, (self->info->words + READING_SPEED_WPM / 2) / READING_SPEED_WPM);
}

/* ------------------------------------------------------------------------ */
/* ScSearchResult                                                            */

struct _ScSearchResult {
  GObject      parent_instance;
  ScSearchHit *hit;
};

G_DEFINE_FINAL_TYPE (ScSearchResult, sc_search_result, G_TYPE_OBJECT)

static void
sc_search_result_finalize (GObject *object)
{
  ScSearchResult *self = SC_SEARCH_RESULT (object);

  g_clear_pointer (&self->hit, sc_search_hit_free);
  G_OBJECT_CLASS (sc_search_result_parent_class)->finalize (object);
}

static void
sc_search_result_class_init (ScSearchResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_search_result_finalize;
}

static void
sc_search_result_init (ScSearchResult *self)
{
}

/* Takes ownership of @hit. */
static ScSearchResult *
search_result_take (ScSearchHit *hit)
{
  ScSearchResult *self = g_object_new (SC_TYPE_SEARCH_RESULT, NULL);

  self->hit = hit;
  return self;
}

ScSearchResult *
sc_search_result_new (const ScSearchHit *hit)
{
  ScSearchHit *copy = g_new0 (ScSearchHit, 1);

  g_return_val_if_fail (hit != NULL, NULL);

  copy->doc_id = g_strdup (hit->doc_id);
  copy->doc_kind = g_strdup (hit->doc_kind);
  copy->title = g_strdup (hit->title);
  copy->authors = g_strdup (hit->authors);
  copy->lang = g_strdup (hit->lang);
  copy->year = hit->year;
  copy->section_id = g_strdup (hit->section_id);
  copy->heading = g_strdup (hit->heading);
  copy->heading_path = g_strdup (hit->heading_path);
  copy->rank = hit->rank;
  copy->snippet = g_strdup (hit->snippet);
  copy->marks = g_array_copy (hit->marks);
  copy->matches_in_text = hit->matches_in_text;
  return search_result_take (copy);
}

const ScSearchHit *
sc_search_result_get_hit (ScSearchResult *self)
{
  g_return_val_if_fail (SC_IS_SEARCH_RESULT (self), NULL);
  return self->hit;
}

char *
sc_search_result_dup_markup (ScSearchResult *self)
{
  GString *markup = g_string_new (NULL);
  const ScSearchHit *hit;
  guint pos = 0;

  g_return_val_if_fail (SC_IS_SEARCH_RESULT (self), NULL);

  hit = self->hit;
  for (guint i = 0; i < hit->marks->len; i++)
    {
      ScSearchMark *mark = &g_array_index (hit->marks, ScSearchMark, i);
      g_autofree char *before = g_markup_escape_text (hit->snippet + pos, mark->start - pos);
      g_autofree char *word = g_markup_escape_text (hit->snippet + mark->start, mark->end - mark->start);

      g_string_append_printf (markup, "%s<b>%s</b>", before, word);
      pos = mark->end;
    }
  {
    g_autofree char *rest = g_markup_escape_text (hit->snippet + pos, -1);
    g_string_append (markup, rest);
  }
  g_strdelimit (markup->str, "\n", ' ');
  return g_string_free (markup, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Warm connections                                                          */

/* Jobs run in GTask's worker threads, each on an open index of its own for
 * as long as it runs. An index is kept open for the next job when its job
 * is done: a warm connection keeps SQLite's page cache and what sc_search()
 * keeps with it (the documents, its prepared statements), so a search pays
 * for none of that again. At most MAX_IDLE_INDEXES wait; a job that finds
 * none opens one. An index whose file was replaced since it was opened
 * (rebuilt, or deleted and made again) is closed instead of used. The pool
 * is shared with the jobs by reference, so a job may outlive the catalog. */
#define MAX_IDLE_INDEXES 2

typedef struct {
  char      *path;
  GMutex     lock;
  GPtrArray *idle;    /* (element-type ScIndex) */
} IndexPool;

static void
index_pool_clear (IndexPool *pool)
{
  g_ptr_array_unref (pool->idle);
  g_free (pool->path);
  g_mutex_clear (&pool->lock);
}

static IndexPool *
index_pool_new (const char *path)
{
  IndexPool *pool = g_atomic_rc_box_new0 (IndexPool);

  pool->path = g_strdup (path);
  g_mutex_init (&pool->lock);
  pool->idle = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_index_close);
  return pool;
}

static IndexPool *
index_pool_ref (IndexPool *pool)
{
  return g_atomic_rc_box_acquire (pool);
}

static void
index_pool_unref (IndexPool *pool)
{
  g_atomic_rc_box_release_full (pool, (GDestroyNotify) index_pool_clear);
}

/* Whether the file @index has open is gone from its path. */
static gboolean
index_file_replaced (ScIndex *index)
{
  int moved = 0;

  return sqlite3_file_control (sc_index_get_db (index), "main", SQLITE_FCNTL_HAS_MOVED, &moved) != SQLITE_OK ||
         moved;
}

/* An open index, for this thread alone until index_pool_give_back(). */
static ScIndex *
index_pool_take (IndexPool  *pool,
                 GError    **error)
{
  ScIndex *index = NULL;

  g_mutex_lock (&pool->lock);
  while (index == NULL && pool->idle->len > 0)
    {
      index = g_ptr_array_steal_index_fast (pool->idle, pool->idle->len - 1);
      if (index_file_replaced (index))
        g_clear_pointer (&index, sc_index_close);
    }
  g_mutex_unlock (&pool->lock);

  return index != NULL ? index : sc_index_open (pool->path, error);
}

/* Keeps @index (if not NULL) for the next job; @keep FALSE closes it. */
static void
index_pool_give_back (IndexPool *pool,
                      ScIndex   *index,
                      gboolean   keep)
{
  if (index == NULL)
    return;
  if (keep)
    {
      g_mutex_lock (&pool->lock);
      if (pool->idle->len < MAX_IDLE_INDEXES)
        g_ptr_array_add (pool->idle, g_steal_pointer (&index));
      g_mutex_unlock (&pool->lock);
    }
  g_clear_pointer (&index, sc_index_close);
}

/* Whether a connection is still to be trusted after @error: after a
 * cancellation or a missing document, yes; after anything else, it is
 * closed rather than kept. */
static gboolean
keep_after (const GError *error)
{
  return error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, SC_ERROR, SC_ERROR_NOT_FOUND);
}

/* ------------------------------------------------------------------------ */
/* ScCatalog                                                                 */

struct _ScCatalog {
  GObject     parent_instance;

  char       *index_path;
  IndexPool  *pool;          /* for lists and loads */
  IndexPool  *search_pool;   /* for searches: what sc_search() keeps stays warm */
  GStrv       folders;
  GPtrArray  *problems;
  guint       n_documents;
  double      progress;
  gboolean    indexing;
  gboolean    refresh_again;
  ScFolderWatch *watch;    /* NULL unless watching */
};

G_DEFINE_FINAL_TYPE (ScCatalog, sc_catalog, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INDEX_PATH,
  PROP_INDEXING,
  PROP_PROGRESS,
  PROP_N_DOCUMENTS,
  N_PROPS
};

enum {
  CHANGED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
sc_catalog_dispose (GObject *object)
{
  ScCatalog *self = SC_CATALOG (object);

  g_clear_object (&self->watch);
  G_OBJECT_CLASS (sc_catalog_parent_class)->dispose (object);
}

static void
sc_catalog_finalize (GObject *object)
{
  ScCatalog *self = SC_CATALOG (object);

  g_clear_pointer (&self->index_path, g_free);
  g_clear_pointer (&self->pool, index_pool_unref);
  g_clear_pointer (&self->search_pool, index_pool_unref);
  g_clear_pointer (&self->folders, g_strfreev);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  G_OBJECT_CLASS (sc_catalog_parent_class)->finalize (object);
}

static void
sc_catalog_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ScCatalog *self = SC_CATALOG (object);

  switch (prop_id)
    {
    case PROP_INDEX_PATH:
      g_value_set_string (value, self->index_path);
      break;
    case PROP_INDEXING:
      g_value_set_boolean (value, self->indexing);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_N_DOCUMENTS:
      g_value_set_uint (value, self->n_documents);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_catalog_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  ScCatalog *self = SC_CATALOG (object);

  switch (prop_id)
    {
    case PROP_INDEX_PATH:
      self->index_path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_catalog_constructed (GObject *object)
{
  ScCatalog *self = SC_CATALOG (object);

  G_OBJECT_CLASS (sc_catalog_parent_class)->constructed (object);
  self->pool = index_pool_new (self->index_path);
  self->search_pool = index_pool_new (self->index_path);
}

static void
sc_catalog_class_init (ScCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sc_catalog_constructed;
  object_class->dispose = sc_catalog_dispose;
  object_class->finalize = sc_catalog_finalize;
  object_class->get_property = sc_catalog_get_property;
  object_class->set_property = sc_catalog_set_property;

  properties[PROP_INDEX_PATH] =
    g_param_spec_string ("index-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INDEXING] =
    g_param_spec_boolean ("indexing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_DOCUMENTS] =
    g_param_spec_uint ("n-documents", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ScCatalog::changed:
   *
   * The index was brought up to date: lists and searches may differ now.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * ScCatalog::failed:
   * @error: why
   *
   * A refresh could not update the index (the cache folder cannot be
   * written, the disk is full…); "changed" follows, and the index keeps
   * what it had.
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
sc_catalog_init (ScCatalog *self)
{
  self->folders = g_new0 (char *, 1);
  self->problems = g_ptr_array_new_with_free_func (g_free);
}

ScCatalog *
sc_catalog_new (const char         *index_path,
                const char * const *extra_folders)
{
  ScCatalog *self;

  g_return_val_if_fail (index_path != NULL, NULL);

  self = g_object_new (SC_TYPE_CATALOG, "index-path", index_path, NULL);
  if (extra_folders != NULL)
    {
      g_strfreev (self->folders);
      self->folders = g_strdupv ((char **) extra_folders);
    }
  return self;
}

const char *
sc_catalog_get_index_path (ScCatalog *self)
{
  g_return_val_if_fail (SC_IS_CATALOG (self), NULL);
  return self->index_path;
}

const char * const *
sc_catalog_get_folders (ScCatalog *self)
{
  g_return_val_if_fail (SC_IS_CATALOG (self), NULL);
  return (const char * const *) self->folders;
}

void
sc_catalog_set_folders (ScCatalog          *self,
                        const char * const *folders)
{
  g_return_if_fail (SC_IS_CATALOG (self));

  if (folders != NULL && self->folders != NULL &&
      g_strv_equal ((const char * const *) self->folders, folders))
    return;
  g_strfreev (self->folders);
  self->folders = folders != NULL ? g_strdupv ((char **) folders) : g_new0 (char *, 1);
  if (self->watch != NULL)
    {
      /* Watch the new set of folders. */
      sc_catalog_set_watching (self, FALSE);
      sc_catalog_set_watching (self, TRUE);
    }
  sc_catalog_refresh (self);
}

gboolean
sc_catalog_get_indexing (ScCatalog *self)
{
  g_return_val_if_fail (SC_IS_CATALOG (self), FALSE);
  return self->indexing;
}

double
sc_catalog_get_progress (ScCatalog *self)
{
  g_return_val_if_fail (SC_IS_CATALOG (self), 0.0);
  return self->progress;
}

GPtrArray *
sc_catalog_get_problems (ScCatalog *self)
{
  g_return_val_if_fail (SC_IS_CATALOG (self), NULL);
  return self->problems;
}

guint
sc_catalog_get_n_documents (ScCatalog *self)
{
  g_return_val_if_fail (SC_IS_CATALOG (self), 0);
  return self->n_documents;
}

/* Refreshing ---------------------------------------------------------------- */

typedef struct {
  char        *index_path;
  GStrv        folders;
  ScIndexStats stats;
} RefreshJob;

static void
refresh_job_free (RefreshJob *job)
{
  g_free (job->index_path);
  g_strfreev (job->folders);
  sc_index_stats_clear (&job->stats);
  g_free (job);
}

typedef struct {
  ScCatalog *catalog;
  double     progress;
} ProgressUpdate;

static gboolean
apply_progress_cb (gpointer user_data)
{
  ProgressUpdate *update = user_data;

  if (update->catalog->indexing && update->progress > update->catalog->progress)
    {
      update->catalog->progress = update->progress;
      g_object_notify_by_pspec (G_OBJECT (update->catalog), properties[PROP_PROGRESS]);
    }
  g_object_unref (update->catalog);
  g_free (update);
  return G_SOURCE_REMOVE;
}

static void
refresh_progress_cb (guint       done,
                     guint       total,
                     const char *path,
                     gpointer    user_data)
{
  GTask *task = user_data;
  static gint64 last = 0;
  gint64 now = g_get_monotonic_time ();
  ProgressUpdate *update;

  /* At most ten updates a second reach the main thread. */
  if (done != total && now - last < G_USEC_PER_SEC / 10)
    return;
  last = now;

  update = g_new0 (ProgressUpdate, 1);
  update->catalog = g_object_ref (g_task_get_source_object (task));
  update->progress = total > 0 ? (double) done / total : 1.0;
  g_main_context_invoke (g_task_get_context (task), apply_progress_cb, update);
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RefreshJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScIndex) index = sc_index_open (job->index_path, &error);
  g_autoptr(ScLibrary) library = NULL;
  gboolean ok;

  if (index == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  library = sc_library_new_default ((const char * const *) job->folders);
  ok = sc_index_update (index, library, refresh_progress_cb, task, cancellable, &job->stats, &error);
  /* Closed (its WAL checkpointed into the file) before the refresh is
   * said to be over. */
  g_clear_pointer (&index, sc_index_close);
  if (!ok)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static gpointer
refresh_thread_main (gpointer data)
{
  g_autoptr(GTask) task = data;

  sc_index_set_background_thread ();
  refresh_thread (task, g_task_get_source_object (task), g_task_get_task_data (task),
                  g_task_get_cancellable (task));
  return NULL;
}

static void
set_indexing (ScCatalog *self,
              gboolean   indexing)
{
  self->indexing = indexing;
  self->progress = 0.0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEXING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

/* A search on a connection of the search pool, its answer dropped: the
 * connection loads what sc_search() keeps with it (the library's
 * documents: a fifth of a second or more for 10,000 texts) now, in the
 * background, instead of at the first search someone types. */
static void
warm_up_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  IndexPool *pool = task_data;
  g_autoptr(GError) error = NULL;
  ScIndex *index = index_pool_take (pool, &error);
  ScSearchOptions options = { .limit = 1 };
  g_autoptr(GPtrArray) hits = NULL;

  if (index == NULL)
    return;
  hits = sc_search (index, "warm", &options, NULL, &error);
  index_pool_give_back (pool, index, keep_after (error));
}

void
sc_catalog_warm_up_search (ScCatalog *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SC_IS_CATALOG (self));

  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, sc_catalog_warm_up_search);
  g_task_set_task_data (task, index_pool_ref (self->search_pool), (GDestroyNotify) index_pool_unref);
  g_task_run_in_thread (task, warm_up_thread);
}

static void
refresh_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ScCatalog *self = SC_CATALOG (source);
  RefreshJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_ptr_array_set_size (self->problems, 0);
      for (guint i = 0; i < job->stats.problems->len; i++)
        g_ptr_array_add (self->problems, g_strdup (g_ptr_array_index (job->stats.problems, i)));
      for (guint i = 0; i < job->stats.warnings->len; i++)
        g_ptr_array_add (self->problems, g_strdup (g_ptr_array_index (job->stats.warnings, i)));
      self->n_documents = job->stats.documents;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DOCUMENTS]);
    }
  else
    g_message ("Could not update the library index: %s", error->message);

  set_indexing (self, FALSE);
  if (error != NULL)
    g_signal_emit (self, signals[FAILED], 0, error);
  g_signal_emit (self, signals[CHANGED], 0);

  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      sc_catalog_refresh (self);
    }
}

void
sc_catalog_refresh (ScCatalog *self)
{
  g_autoptr(GTask) task = NULL;
  RefreshJob *job;

  g_return_if_fail (SC_IS_CATALOG (self));

  if (self->indexing)
    {
      self->refresh_again = TRUE;
      return;
    }

  job = g_new0 (RefreshJob, 1);
  job->index_path = g_strdup (self->index_path);
  job->folders = g_strdupv (self->folders);
  sc_index_stats_init (&job->stats);

  set_indexing (self, TRUE);
  task = g_task_new (self, NULL, refresh_done_cb, NULL);
  g_task_set_source_tag (task, sc_catalog_refresh);
  g_task_set_task_data (task, job, (GDestroyNotify) refresh_job_free);
  /* A thread of its own, at a lower priority than searches and the
   * window: see sc_index_set_background_thread(). */
  g_thread_unref (g_thread_new ("sc-refresh", refresh_thread_main, g_steal_pointer (&task)));
}

/* Watching ------------------------------------------------------------------ */

static void
on_folders_changed_cb (ScCatalog *self)
{
  g_debug ("Library folders changed: refreshing the index");
  sc_catalog_refresh (self);
}

void
sc_catalog_set_watching (ScCatalog *self,
                         gboolean   watching)
{
  g_return_if_fail (SC_IS_CATALOG (self));

  if (!watching)
    {
      g_clear_object (&self->watch);
      return;
    }
  if (self->watch == NULL)
    {
      g_autofree char *bundled = sc_paths_bundled_texts_dir ();
      g_autofree char *user = sc_paths_user_texts_dir ();
      g_autoptr(GStrvBuilder) roots = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;

      /* The user's own folder exists from the start, so that texts saved
       * into it are noticed at once. */
      if (g_mkdir_with_parents (user, 0700) != 0)
        g_debug ("Could not create %s: %s", user, g_strerror (errno));

      g_strv_builder_add (roots, bundled);
      g_strv_builder_add (roots, user);
      g_strv_builder_addv (roots, (const char **) self->folders);
      strv = g_strv_builder_end (roots);

      self->watch = sc_folder_watch_new ((const char * const *) strv);
      g_signal_connect_object (self->watch, "changed", G_CALLBACK (on_folders_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
}

gboolean
sc_catalog_get_watching (ScCatalog *self)
{
  g_return_val_if_fail (SC_IS_CATALOG (self), FALSE);
  return self->watch != NULL;
}

/* Damage found by a query: the index is emptied at once, and a refresh on
 * the main thread builds it again; "changed" follows, and the pages ask
 * again. The query says why it found nothing. */
static gboolean
refresh_after_damage_cb (gpointer user_data)
{
  sc_catalog_refresh (SC_CATALOG (user_data));
  return G_SOURCE_REMOVE;
}

static void
return_error (GTask   *task,
              ScIndex *index,
              GError  *error)
{
  if (sc_index_reset_if_damaged (index, error))
    {
      g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT, refresh_after_damage_cb,
                                  g_object_ref (g_task_get_source_object (task)), g_object_unref);
      g_clear_error (&error);
      g_set_error_literal (&error, SC_ERROR, SC_ERROR_INDEX_DAMAGED,
                           _("The search index was damaged. It is being rebuilt from your texts."));
    }
  g_task_return_error (task, error);
}

/* Listing ------------------------------------------------------------------- */

typedef struct {
  IndexPool  *pool;
  ScDocFilter filter;       /* strings owned below */
  char       *strings[5];
} ListJob;

static void
list_job_free (ListJob *job)
{
  index_pool_unref (job->pool);
  for (guint i = 0; i < G_N_ELEMENTS (job->strings); i++)
    g_free (job->strings[i]);
  g_free (job);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ListJob *job = task_data;
  g_autoptr(GError) error = NULL;
  ScIndex *index = index_pool_take (job->pool, &error);
  g_autoptr(GPtrArray) docs = NULL;
  GListStore *store;

  if (index == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  docs = sc_index_list_documents (index, &job->filter, &error);
  if (docs == NULL)
    {
      gboolean keep = keep_after (error);

      return_error (task, index, g_steal_pointer (&error));
      index_pool_give_back (job->pool, index, keep);
      return;
    }
  index_pool_give_back (job->pool, index, TRUE);

  store = g_list_store_new (SC_TYPE_DOCUMENT);
  {
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < docs->len; i++)
      {
        /* Each document's strings move over without a copy: a listing of
         * a large library holds them once. */
        g_ptr_array_add (items, document_take (g_ptr_array_index (docs, i)));
        docs->pdata[i] = NULL;
      }
    /* One items-changed for the whole list. */
    g_list_store_splice (store, 0, 0, items->pdata, items->len);
  }
  g_task_return_pointer (task, store, g_object_unref);
}

void
sc_catalog_list_async (ScCatalog           *self,
                       const ScDocFilter   *filter,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListJob *job;

  g_return_if_fail (SC_IS_CATALOG (self));

  job = g_new0 (ListJob, 1);
  job->pool = index_pool_ref (self->pool);
  if (filter != NULL)
    {
      job->strings[0] = g_strdup (filter->lang);
      job->strings[1] = g_strdup (filter->level);
      job->strings[2] = g_strdup (filter->kind);
      job->strings[3] = g_strdup (filter->author);
      job->strings[4] = g_strdup (filter->topic);
    }
  job->filter = (ScDocFilter) { job->strings[0], job->strings[1], job->strings[2],
                                job->strings[3], job->strings[4] };

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_catalog_list_async);
  g_task_set_task_data (task, job, (GDestroyNotify) list_job_free);
  g_task_run_in_thread (task, list_thread);
}

GListModel *
sc_catalog_list_finish (ScCatalog     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Searching ----------------------------------------------------------------- */

typedef struct {
  IndexPool       *pool;
  char            *query;
  ScSearchOptions  options;
  char            *strings[6];
  guint            total;
  gboolean         estimated;  /* total is extrapolated */
} SearchJob;

static void
search_job_free (SearchJob *job)
{
  index_pool_unref (job->pool);
  g_free (job->query);
  for (guint i = 0; i < G_N_ELEMENTS (job->strings); i++)
    g_free (job->strings[i]);
  g_free (job);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchJob *job = task_data;
  g_autoptr(GError) error = NULL;
  ScIndex *index = index_pool_take (job->pool, &error);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GListStore *store;

  if (index == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  hits = sc_search (index, job->query, &job->options, cancellable, &error);
  if (hits == NULL)
    {
      gboolean keep = keep_after (error);

      return_error (task, index, g_steal_pointer (&error));
      index_pool_give_back (job->pool, index, keep);
      return;
    }
  job->total = sc_search_count_full (index, job->query, &job->options, &job->estimated, NULL);
  index_pool_give_back (job->pool, index, TRUE);

  /* Hand each hit over without copying it. */
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < hits->len; i++)
    {
      ScSearchHit *hit = g_ptr_array_index (hits, i);
      hits->pdata[i] = NULL;
      g_ptr_array_add (items, search_result_take (hit));
    }

  store = g_list_store_new (SC_TYPE_SEARCH_RESULT);
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  g_task_return_pointer (task, store, g_object_unref);
}

void
sc_catalog_search_async (ScCatalog             *self,
                         const char            *query,
                         const ScSearchOptions *options,
                         GCancellable          *cancellable,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  SearchJob *job;

  g_return_if_fail (SC_IS_CATALOG (self));
  g_return_if_fail (query != NULL);

  job = g_new0 (SearchJob, 1);
  job->pool = index_pool_ref (self->search_pool);
  job->query = g_strdup (query);
  if (options != NULL)
    {
      job->options = *options;
      job->strings[0] = g_strdup (options->lang);
      job->strings[1] = g_strdup (options->author);
      job->strings[2] = g_strdup (options->topic);
      job->strings[3] = g_strdup (options->level);
      job->strings[4] = g_strdup (options->text_id);
      job->strings[5] = g_strdup (options->kind);
    }
  job->options.lang = job->strings[0];
  job->options.author = job->strings[1];
  job->options.topic = job->strings[2];
  job->options.level = job->strings[3];
  job->options.text_id = job->strings[4];
  job->options.kind = job->strings[5];

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_catalog_search_async);
  g_task_set_task_data (task, job, (GDestroyNotify) search_job_free);
  /* A stale search returns its cancellation, never its results. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, search_thread);
}

GListModel *
sc_catalog_search_finish (ScCatalog     *self,
                          GAsyncResult  *result,
                          guint         *total,
                          gboolean      *estimated,
                          GError       **error)
{
  SearchJob *job;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  job = g_task_get_task_data (G_TASK (result));
  if (total != NULL)
    *total = job->total;
  if (estimated != NULL)
    *estimated = job->estimated;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Loading ------------------------------------------------------------------- */

typedef struct {
  IndexPool *pool;
  char      *id;
  char      *kind;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  index_pool_unref (job->pool);
  g_free (job->id);
  g_free (job->kind);
  g_free (job);
}

/* @index: (nullable): NULL when it could not be opened (@error is set) */
static char *
document_path (LoadJob  *job,
               ScIndex  *index,
               GError  **error)
{
  g_autoptr(ScDocInfo) info = NULL;

  if (index == NULL)
    return NULL;
  info = sc_index_get_document (index, job->id, error);
  if (info == NULL)
    return NULL;
  if (g_strcmp0 (info->kind, job->kind) != 0)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, "“%s” is not a %s", job->id, job->kind);
      return NULL;
    }
  return g_strdup (info->path);
}

static void
load_text_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LoadJob *job = task_data;
  g_autoptr(GError) error = NULL;
  ScIndex *index = index_pool_take (job->pool, &error);
  g_autofree char *path = document_path (job, index, &error);
  ScText *text;

  /* Back to the pool before the text is parsed. */
  index_pool_give_back (job->pool, index, keep_after (error));
  text = path != NULL ? sc_text_read_file (path, &error) : NULL;

  if (text == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, text, (GDestroyNotify) sc_text_free);
}

static gboolean
index_has_section_cb (const char *text_id,
                      const char *section_id,
                      gpointer    user_data)
{
  return sc_index_has_section (user_data, text_id, section_id);
}

static void
load_guide_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  LoadJob *job = task_data;
  g_autoptr(GError) error = NULL;
  ScIndex *index = index_pool_take (job->pool, &error);
  g_autofree char *path = document_path (job, index, &error);
  ScGuide *guide = path != NULL ? sc_guide_read_file (path, &error) : NULL;

  /* Each reading learns whether the library has its text and sections, so
   * pages can offer the ones it lacks as "not in the library". */
  if (guide != NULL)
    g_ptr_array_unref (sc_guide_check_references (guide, index_has_section_cb, index));
  index_pool_give_back (job->pool, index, keep_after (error));

  if (guide == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, guide, (GDestroyNotify) sc_guide_free);
}

static void
load_async (ScCatalog           *self,
            const char          *id,
            const char          *kind,
            GTaskThreadFunc      thread_func,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job = g_new0 (LoadJob, 1);

  job->pool = index_pool_ref (self->pool);
  job->id = g_strdup (id);
  job->kind = g_strdup (kind);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, thread_func);
}

void
sc_catalog_load_text_async (ScCatalog           *self,
                            const char          *text_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (SC_IS_CATALOG (self));
  g_return_if_fail (text_id != NULL);
  load_async (self, text_id, "text", load_text_thread, sc_catalog_load_text_async,
              cancellable, callback, user_data);
}

ScText *
sc_catalog_load_text_finish (ScCatalog     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sc_catalog_load_guide_async (ScCatalog           *self,
                             const char          *guide_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (SC_IS_CATALOG (self));
  g_return_if_fail (guide_id != NULL);
  load_async (self, guide_id, "guide", load_guide_thread, sc_catalog_load_guide_async,
              cancellable, callback, user_data);
}

ScGuide *
sc_catalog_load_guide_finish (ScCatalog     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The glossary of a language: the one named "glossary-LANG" if there is
 * one, else the first the index lists. @job->id holds the language. */
static void
load_glossary_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  LoadJob *job = task_data;
  g_autoptr(GError) error = NULL;
  ScIndex *index = index_pool_take (job->pool, &error);
  g_autoptr(GPtrArray) docs = NULL;
  g_autofree char *wanted = g_strconcat ("glossary-", job->id, NULL);
  ScDocFilter filter = { .lang = job->id, .kind = "glossary" };
  ScDocInfo *found = NULL;
  ScGlossary *glossary;

  if (index != NULL)
    docs = sc_index_list_documents (index, &filter, &error);
  index_pool_give_back (job->pool, index, keep_after (error));
  if (docs == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < docs->len; i++)
    {
      ScDocInfo *info = g_ptr_array_index (docs, i);

      if (found == NULL || g_strcmp0 (info->id, wanted) == 0)
        found = info;
    }
  if (found == NULL)
    {
      g_task_return_new_error (task, SC_ERROR, SC_ERROR_NOT_FOUND,
                               "The library has no glossary in “%s”", job->id);
      return;
    }

  glossary = sc_glossary_read_file (found->path, &error);
  if (glossary == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, glossary, (GDestroyNotify) sc_glossary_free);
}

void
sc_catalog_load_glossary_async (ScCatalog           *self,
                                const char          *lang,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (SC_IS_CATALOG (self));
  g_return_if_fail (lang != NULL);
  load_async (self, lang, "glossary", load_glossary_thread, sc_catalog_load_glossary_async,
              cancellable, callback, user_data);
}

ScGlossary *
sc_catalog_load_glossary_finish (ScCatalog     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
