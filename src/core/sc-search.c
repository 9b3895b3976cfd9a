/* sc-search.c: ranked search over the index
 *
 * Ranking is bm25 with the column weights of SC_FTS_RANK (title > authors >
 * heading > body), computed by sc_rank() (sc-fts.c). A search takes one of
 * three ways, chosen by how many sections match:
 *
 *  - Few (under the frequent-word threshold, found by a cheap probe that
 *    stops there): every match is scored. Exact.
 *  - One frequent word: the answer is read from its precomputed best
 *    sections (sc-fts.c) without touching FTS5, save for the snippets and
 *    the per-text counts of the texts shown. Exact as long as the lists are:
 *    they hold the best SC_FTS_KEEP sections of every language and kind.
 *  - Anything else that matches many sections: the candidates are the best
 *    sections of the query's frequent words (and every match of its other
 *    phrases); one walk over the matches scores only those and counts the
 *    rest. A candidate set that yields too few results falls back to
 *    scoring every match.
 *
 * What the search keeps with the connection (State): the documents, for
 * filters and for building hits without joins, reloaded when the database
 * changes (PRAGMA data_version); and the prepared statements. Snippets are
 * made only for the hits returned.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sc-error.h"
#include "sc-fts.h"
#include "sc-query.h"
#include "sc-search.h"
#include "sc-sqlite.h"

/* Tokens in a snippet. */
#define SNIPPET_TOKENS 24
/* Counting a phrase's matches for its idf stops here. */
#define IDF_COUNT_CAP 5000
/* Scoring every match stops here (about 10 ms of work). */
#define WALK_CAP 20000

void
sc_search_hit_free (ScSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->doc_id);
  g_free (hit->doc_kind);
  g_free (hit->title);
  g_free (hit->authors);
  g_free (hit->lang);
  g_free (hit->section_id);
  g_free (hit->heading);
  g_free (hit->heading_path);
  g_free (hit->snippet);
  g_clear_pointer (&hit->marks, g_array_unref);
  g_free (hit);
}

/* ------------------------------------------------------------------------ */
/* What is kept with the connection                                          */

typedef struct {
  gint64   num;
  char    *id;
  char    *kind;
  char    *title;
  char    *authors;
  char    *lang;
  char    *level;
  int      year;
  gint64   sections;
  char   **authors_folded;  /* each author, case-folded */
  char   **topics_folded;
  guint64  walk;            /* the walk that counted matches */
  guint    matches;         /* allowed matching sections, in that walk */
} Doc;

typedef struct {
  sqlite3      *db;
  gint64        data_version;
  gint64        total_changes;
  gboolean      loaded;
  gboolean      people;     /* the documents' authors and topics are loaded */
  guint64       walks;      /* walks that counted per document, so far */
  GHashTable   *docs;       /* num → Doc */
  GHashTable   *doc_nums;   /* id → Doc */
  gint64        max_num;    /* the highest document number loaded */
  gint64        removed;    /* meta docs_removed, when loaded */
  gboolean      lists;      /* the frequent words' lists can be used */
  gint64        threshold;
  gint64        rows_total;
  double        average;    /* tokens per row, when the lists were made */
  gint64        rowid_min;
  gint64        rowid_max;
  sqlite3_stmt *section;
  sqlite3_stmt *range_count;
  sqlite3_stmt *best;
  sqlite3_stmt *best_range;
  sqlite3_stmt *content;
  fts5_tokenizer tokenizer;  /* the index's own, for snippets */
  Fts5Tokenizer *tok;
} State;

static void
doc_free (Doc *doc)
{
  g_free (doc->id);
  g_free (doc->kind);
  g_free (doc->title);
  g_free (doc->authors);
  g_free (doc->lang);
  g_free (doc->level);
  g_strfreev (doc->authors_folded);
  g_strfreev (doc->topics_folded);
  g_free (doc);
}

static void
state_free (State *state)
{
  sqlite3_finalize (state->section);
  sqlite3_finalize (state->range_count);
  sqlite3_finalize (state->best);
  sqlite3_finalize (state->best_range);
  sqlite3_finalize (state->content);
  if (state->tok != NULL)
    state->tokenizer.xDelete (state->tok);
  g_clear_pointer (&state->doc_nums, g_hash_table_unref);
  g_clear_pointer (&state->docs, g_hash_table_unref);
  g_free (state);
}

static gboolean
db_error (GError  **error,
          sqlite3  *db)
{
  g_set_error (error, SC_ERROR, SC_ERROR_DATABASE, "%s", sqlite3_errmsg (db));
  return FALSE;
}

static char **
fold_list (GPtrArray *list)
{
  char **strv = g_new0 (char *, list->len + 1);

  for (guint i = 0; i < list->len; i++)
    strv[i] = g_strdup (g_ptr_array_index (list, i));
  return strv;
}

/* The documents, for filters and for hits: all of them, or (@after ≥ 0)
 * those numbered after @after, which is all that changed while a library
 * is indexed without removals (numbers only grow). Their authors and
 * topics (folded, for the author and topic filters) only when a search
 * asks. */
static gboolean
load_docs (State   *state,
           gint64   after,
           GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (after < 0)
    {
      g_clear_pointer (&state->doc_nums, g_hash_table_unref);
      g_clear_pointer (&state->docs, g_hash_table_unref);
      state->people = FALSE;
      state->docs = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) doc_free);
      state->doc_nums = g_hash_table_new (g_str_hash, g_str_equal);
      state->max_num = 0;
      state->rows_total = 0;
    }
  if (sqlite3_prepare_v2 (state->db, "SELECT num, id, kind, title, authors, lang, level, year, sections"
                                     " FROM docs WHERE num > ?1 ORDER BY num",
                          -1, &stmt, NULL) != SQLITE_OK)
    return db_error (error, state->db);
  sqlite3_bind_int64 (stmt, 1, after);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Doc *doc = g_new0 (Doc, 1);

      doc->num = sqlite3_column_int64 (stmt, 0);
      doc->id = sc_sqlite_column_dup (stmt, 1);
      doc->kind = sc_sqlite_column_dup (stmt, 2);
      doc->title = sc_sqlite_column_dup (stmt, 3);
      doc->authors = sc_sqlite_column_dup (stmt, 4);
      doc->lang = sc_sqlite_column_dup (stmt, 5);
      doc->level = sc_sqlite_column_dup (stmt, 6);
      doc->year = sqlite3_column_int (stmt, 7);
      doc->sections = sqlite3_column_int64 (stmt, 8);
      state->max_num = MAX (state->max_num, doc->num);
      state->rows_total += doc->sections;
      g_hash_table_replace (state->doc_nums, doc->id, doc);
      g_hash_table_replace (state->docs, &doc->num, doc);
    }
  if (rc != SQLITE_DONE)
    return db_error (error, state->db);
  return TRUE;
}

/* The authors and topics of the documents numbered after @after (all:
 * -1). */
static gboolean
load_people_after (State   *state,
                   gint64   after,
                   GError **error)
{
  g_autoptr(GHashTable) authors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) topics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  struct { const char *sql; GHashTable *into; } lists[] = {
    { "SELECT a.doc_id, a.author FROM doc_authors a JOIN docs d ON d.id = a.doc_id WHERE d.num > ?1", authors },
    { "SELECT t.doc_id, t.topic FROM doc_topics t JOIN docs d ON d.id = t.doc_id WHERE d.num > ?1", topics },
  };
  GHashTableIter iter;
  gpointer value;
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(sqlite3_stmt) list = NULL;

      if (sqlite3_prepare_v2 (state->db, lists[i].sql, -1, &list, NULL) != SQLITE_OK)
        return db_error (error, state->db);
      sqlite3_bind_int64 (list, 1, after);
      while ((rc = sqlite3_step (list)) == SQLITE_ROW)
        {
          const char *id = (const char *) sqlite3_column_text (list, 0);
          GPtrArray *values = g_hash_table_lookup (lists[i].into, id);

          if (values == NULL)
            {
              values = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (lists[i].into, g_strdup (id), values);
            }
          g_ptr_array_add (values, g_utf8_casefold ((const char *) sqlite3_column_text (list, 1), -1));
        }
      if (rc != SQLITE_DONE)
        return db_error (error, state->db);
    }

  g_hash_table_iter_init (&iter, state->docs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Doc *doc = value;
      GPtrArray *list;

      if (doc->num <= after)
        continue;
      g_clear_pointer (&doc->authors_folded, g_strfreev);
      g_clear_pointer (&doc->topics_folded, g_strfreev);
      list = g_hash_table_lookup (authors, doc->id);
      doc->authors_folded = list != NULL ? fold_list (list) : NULL;
      list = g_hash_table_lookup (topics, doc->id);
      doc->topics_folded = list != NULL ? fold_list (list) : NULL;
    }
  return TRUE;
}

static gboolean
load_people (State   *state,
             GError **error)
{
  if (state->people)
    return TRUE;
  if (!load_people_after (state, -1, error))
    return FALSE;
  state->people = TRUE;
  return TRUE;
}

static gint64
meta_value (sqlite3    *db,
            const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

static void pick_function (sqlite3_context  *context,
                           int               n_values,
                           sqlite3_value   **values);

static State *
get_state (ScIndex  *index,
           GError  **error)
{
  State *state = sc_index_get_search_state (index);
  gint64 version = 0;

  if (state == NULL)
    {
      sqlite3 *db = sc_index_get_db (index);

      state = g_new0 (State, 1);
      state->db = db;
      sc_index_set_search_state (index, state, (GDestroyNotify) state_free);
      /* A search reads sections' text to match and to make snippets: keep
       * the pages it read. */
      sqlite3_exec (db, "PRAGMA cache_size=-16384", NULL, NULL, NULL);
      if (sqlite3_create_function (db, "sc_pick", 2, SQLITE_UTF8, NULL, pick_function, NULL, NULL) != SQLITE_OK ||
          sqlite3_prepare_v3 (db, "SELECT section_id, heading, heading_path FROM sections WHERE rowid = ?1",
                              -1, SQLITE_PREPARE_PERSISTENT, &state->section, NULL) != SQLITE_OK ||
          sqlite3_prepare_v3 (db, "SELECT c3, c2, c0, c1 FROM fts_content WHERE id = ?1",
                              -1, SQLITE_PREPARE_PERSISTENT, &state->content, NULL) != SQLITE_OK ||
          !sc_fts_get_tokenizer (db, &state->tokenizer, &state->tok) ||
          sqlite3_prepare_v3 (db, "SELECT count(*) FROM fts WHERE fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3",
                              -1, SQLITE_PREPARE_PERSISTENT, &state->range_count, NULL) != SQLITE_OK ||
          sqlite3_prepare_v3 (db, "SELECT lang, kind, rows, docs, complete, list FROM best WHERE term = ?1",
                              -1, SQLITE_PREPARE_PERSISTENT, &state->best, NULL) != SQLITE_OK ||
          sqlite3_prepare_v3 (db, "SELECT term, lang, kind, rows, docs, complete, list FROM best"
                              " WHERE term >= ?1 AND term < ?2",
                              -1, SQLITE_PREPARE_PERSISTENT, &state->best_range, NULL) != SQLITE_OK)
        {
          db_error (error, db);
          sc_index_set_search_state (index, NULL, NULL);
          return NULL;
        }
    }

  /* Reload what is kept when the database changed, here or elsewhere. */
  if (sc_sqlite_query_int (state->db, "PRAGMA data_version", &version) != SQLITE_OK)
    {
      db_error (error, state->db);
      return NULL;
    }
  if (!state->loaded || version != state->data_version ||
      sqlite3_total_changes64 (state->db) != state->total_changes)
    {
      gint64 removed = meta_value (state->db, "docs_removed");
      /* While a library is indexed, documents are only added: only the
       * new ones are read (at 10,000 texts, reading them all after every
       * commit was the larger part of a search's time). */
      gint64 after = state->loaded && removed == state->removed ? state->max_num : -1;

      if (!load_docs (state, after, error) ||
          (after >= 0 && state->people && !load_people_after (state, after, error)))
        return NULL;
      state->removed = removed;
      state->lists = meta_value (state->db, "best_valid") == 1;
      state->threshold = meta_value (state->db, "best_threshold");
      if (state->threshold <= 0)
        state->lists = FALSE;
      state->average = MAX (1.0, (double) meta_value (state->db, "best_average"));
      if (sc_sqlite_query_int (state->db, "SELECT coalesce (min (rowid), 0) FROM sections", &state->rowid_min) != SQLITE_OK ||
          sc_sqlite_query_int (state->db, "SELECT coalesce (max (rowid), 0) FROM sections", &state->rowid_max) != SQLITE_OK)
        {
          db_error (error, state->db);
          return NULL;
        }
      state->data_version = version;
      state->total_changes = sqlite3_total_changes64 (state->db);
      state->loaded = TRUE;
    }
  return state;
}

/* ------------------------------------------------------------------------ */
/* Filters                                                                   */

static gboolean
list_has (char       **folded,
          const char  *part)
{
  for (guint i = 0; folded != NULL && folded[i] != NULL; i++)
    if (strstr (folded[i], part) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
lang_matches (const char *lang,
              const char *wanted)
{
  gsize n = strlen (wanted);

  return lang != NULL && (g_ascii_strcasecmp (lang, wanted) == 0 ||
                          (g_ascii_strncasecmp (lang, wanted, n) == 0 && lang[n] == '-'));
}

typedef struct {
  const ScSearchOptions *options;
  char                  *author;   /* folded */
  char                  *topic;
} Filter;

static void
filter_init (Filter                *filter,
             const ScSearchOptions *options)
{
  filter->options = options;
  filter->author = options->author != NULL && *options->author != '\0' ? g_utf8_casefold (options->author, -1) : NULL;
  filter->topic = options->topic != NULL && *options->topic != '\0' ? g_utf8_casefold (options->topic, -1) : NULL;
}

static void
filter_clear (Filter *filter)
{
  g_free (filter->author);
  g_free (filter->topic);
}

static gboolean
is_set (const char *value)
{
  return value != NULL && *value != '\0';
}

/* Filters the lists' buckets cannot answer. */
static gboolean
filter_needs_docs (const Filter *filter)
{
  return filter->author != NULL || filter->topic != NULL || is_set (filter->options->level) ||
         is_set (filter->options->text_id);
}

static gboolean
doc_allowed (const Filter *filter,
             const Doc    *doc)
{
  const ScSearchOptions *options = filter->options;

  if (doc == NULL)
    return FALSE;
  if (is_set (options->lang) && !lang_matches (doc->lang, options->lang))
    return FALSE;
  if (is_set (options->kind) && g_strcmp0 (doc->kind, options->kind) != 0)
    return FALSE;
  if (is_set (options->level) && g_strcmp0 (doc->level, options->level) != 0)
    return FALSE;
  if (is_set (options->text_id) && g_strcmp0 (doc->id, options->text_id) != 0)
    return FALSE;
  if (filter->author != NULL && !list_has (doc->authors_folded, filter->author))
    return FALSE;
  if (filter->topic != NULL && !list_has (doc->topics_folded, filter->topic))
    return FALSE;
  return TRUE;
}

static gboolean
bucket_allowed (const Filter *filter,
                const char   *lang,
                const char   *kind)
{
  if (is_set (filter->options->lang) && !lang_matches (lang, filter->options->lang))
    return FALSE;
  return !is_set (filter->options->kind) || g_strcmp0 (kind, filter->options->kind) == 0;
}

/* ------------------------------------------------------------------------ */
/* Walking the matches                                                       */

typedef struct {
  gint64 rowid;
  double rank;   /* lower is better */
} Scored;

/* What sc_pick(rowid, pick) sees: it counts the allowed matches, per
 * document too (in Doc.matches, for this walk), and says which to score. */
typedef struct {
  State        *state;
  const Filter *filter;
  GHashTable   *candidates;  /* rowids to score; NULL: all */
  gint64        stop_after;  /* > 0: let the row that reaches this count through */
  guint64       walk;        /* 0: not counted per document */
  gint64        total;
  gint64        docs;
  gint64        last_num;
  Doc          *last_doc;    /* NULL when not allowed */
} Pick;

static void
pick_function (sqlite3_context  *context,
               int               n_values,
               sqlite3_value   **values)
{
  Pick *pick = sqlite3_value_pointer (values[1], "sc_pick");
  gint64 rowid = sqlite3_value_int64 (values[0]);
  gint64 num = SC_INDEX_ROWID_NUM (rowid);

  if (pick == NULL)
    {
      sqlite3_result_int (context, 1);
      return;
    }
  if (num != pick->last_num)
    {
      Doc *doc = g_hash_table_lookup (pick->state->docs, &num);

      pick->last_num = num;
      pick->last_doc = doc_allowed (pick->filter, doc) ? doc : NULL;
      if (pick->last_doc != NULL)
        {
          pick->docs++;
          doc->walk = pick->walk;
          doc->matches = 0;
        }
    }
  if (pick->last_doc == NULL)
    {
      sqlite3_result_int (context, 0);
      return;
    }
  pick->total++;
  pick->last_doc->matches++;
  if (pick->stop_after > 0 && pick->total >= pick->stop_after)
    {
      sqlite3_result_int (context, 1);
      return;
    }
  sqlite3_result_int (context, pick->candidates == NULL || g_hash_table_contains (pick->candidates, &rowid));
}

static void
pick_init (Pick         *pick,
           State        *state,
           const Filter *filter,
           gboolean      per_doc)
{
  *pick = (Pick) { state, filter, NULL, 0, per_doc ? ++state->walks : 0, 0, 0, -1, NULL };
}

static int
progress_cb (void *user_data)
{
  /* Non-zero interrupts the statement: a stale query really stops. */
  return g_cancellable_is_cancelled (user_data);
}

static gboolean
set_error_from_db (GError       **error,
                   sqlite3       *db,
                   GCancellable  *cancellable)
{
  /* An interrupted statement is a cancelled search, not a broken index. */
  if (!g_cancellable_set_error_if_cancelled (cancellable, error))
    g_set_error (error, SC_ERROR, SC_ERROR_DATABASE, "%s", sqlite3_errmsg (db));
  return FALSE;
}

/* Every match of @match (within [lo, hi]), up to @limit rows: their rowids,
 * scored when @idfs is given, picked by @pick when given. */
static gboolean
walk (State         *state,
      const char    *match,
      gint64         lo,
      gint64         hi,
      GBytes        *idfs,
      Pick          *pick,
      gint64         limit,
      GArray        *out,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT rowid");
  int rc;

  g_string_append (sql, idfs != NULL ? ", sc_rank (fts, ?4, ?7)" : ", 0");
  g_string_append (sql, " FROM fts WHERE fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3");
  if (pick != NULL)
    g_string_append (sql, " AND sc_pick (rowid, ?5)");
  if (limit > 0)
    g_string_append (sql, " LIMIT ?6");

  if (sqlite3_prepare_v2 (state->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    return db_error (error, state->db);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, lo);
  sqlite3_bind_int64 (stmt, 3, hi);
  if (idfs != NULL)
    sqlite3_bind_blob (stmt, 4, g_bytes_get_data (idfs, NULL), (int) g_bytes_get_size (idfs), SQLITE_STATIC);
  if (pick != NULL)
    sqlite3_bind_pointer (stmt, 5, pick, "sc_pick", NULL);
  if (limit > 0)
    sqlite3_bind_int64 (stmt, 6, limit);
  if (idfs != NULL)
    sqlite3_bind_double (stmt, 7, state->lists ? state->average : 0.0);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Scored scored = { sqlite3_column_int64 (stmt, 0), sqlite3_column_double (stmt, 1) };
      g_array_append_val (out, scored);
    }
  if (rc != SQLITE_DONE)
    return set_error_from_db (error, state->db, cancellable);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The frequent words' lists                                                 */

typedef struct {
  gint64   rows;       /* matching sections in the allowed buckets */
  gint64   docs;
  gint64   rows_all;   /* in every bucket: for the idf */
  gboolean complete;   /* every allowed bucket holds all its matches */
  gboolean found;
  double   floor;      /* no row missing from the lists has a higher impact */
  GArray  *entries;    /* ScFtsEntry */
} Lists;

static void
lists_add_row (Lists        *lists,
               const Filter *filter,
               sqlite3_stmt *stmt,
               int           first)
{
  const char *lang = (const char *) sqlite3_column_text (stmt, first);
  const char *kind = (const char *) sqlite3_column_text (stmt, first + 1);
  gint64 rows = sqlite3_column_int64 (stmt, first + 2);

  lists->found = TRUE;
  lists->rows_all += rows;
  if (!bucket_allowed (filter, lang, kind))
    return;
  lists->rows += rows;
  lists->docs += sqlite3_column_int64 (stmt, first + 3);
  if (!sqlite3_column_int (stmt, first + 4))
    {
      int bytes = sqlite3_column_bytes (stmt, first + 5);
      const ScFtsEntry *list = sqlite3_column_blob (stmt, first + 5);

      lists->complete = FALSE;
      /* Best first: the last kept is the highest a missing row can have. */
      lists->floor = MAX (lists->floor, bytes >= (int) sizeof (ScFtsEntry)
                                        ? list[bytes / sizeof (ScFtsEntry) - 1].impact
                                        : SC_FTS_MAX_IMPACT);
    }
  if (lists->entries != NULL)
    g_array_append_vals (lists->entries, sqlite3_column_blob (stmt, first + 5),
                         (guint) sqlite3_column_bytes (stmt, first + 5) / sizeof (ScFtsEntry));
}

/* The lists of @word, or of every frequent word it begins when @prefix. */
static gboolean
read_lists (State        *state,
            const Filter *filter,
            const char   *word,
            gboolean      prefix,
            Lists        *lists,
            GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  lists->complete = TRUE;
  if (prefix)
    {
      g_autofree char *end = g_strdup (word);
      gsize n = strlen (end);

      if (n == 0)
        return TRUE;
      /* Every word that starts with @word sorts below this one. */
      end[n - 1]++;
      stmt = state->best_range;
      sqlite3_bind_text (stmt, 1, word, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, end, -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        lists_add_row (lists, filter, stmt, 1);
    }
  else
    {
      stmt = state->best;
      sqlite3_bind_text (stmt, 1, word, -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        lists_add_row (lists, filter, stmt, 0);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return db_error (error, state->db);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Results                                                                   */

static int
compare_scored (gconstpointer a,
                gconstpointer b)
{
  const Scored *x = a, *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

/* A phrase to find in text, in the index's folded form. */
typedef struct {
  GPtrArray *tokens;   /* (element-type utf8) */
  gboolean   prefix;
  gboolean   negated;
  guint      phrase;   /* FTS5's number for it */
  guint      group;
} Wanted;

static void
wanted_free (Wanted *wanted)
{
  g_ptr_array_unref (wanted->tokens);
  g_free (wanted);
}

typedef struct {
  int   start;     /* bytes in the text */
  int   end;
  guint word;      /* the folded token: offset in the arena */
  guint length;
} Token;

/* A text's tokens as the index sees them, folded, in one arena. */
typedef struct {
  GArray  *tokens;
  GString *arena;
} Tokens;

static int
collect_token (void       *user_data,
               int         flags,
               const char *text,
               int         length,
               int         start,
               int         end)
{
  Tokens *tokens = user_data;
  Token token = { start, end, (guint) tokens->arena->len, (guint) length };

  if (flags & FTS5_TOKEN_COLOCATED)
    return SQLITE_OK;
  g_string_append_len (tokens->arena, text, length);
  g_string_append_c (tokens->arena, '\0');
  g_array_append_val (tokens->tokens, token);
  return SQLITE_OK;
}

static void
tokens_init (Tokens *tokens)
{
  tokens->tokens = g_array_sized_new (FALSE, FALSE, sizeof (Token), 512);
  tokens->arena = g_string_sized_new (4096);
}

static void
tokens_clear (Tokens *tokens)
{
  g_array_unref (tokens->tokens);
  g_string_free (tokens->arena, TRUE);
}

static void
tokenize_into (State      *state,
               Tokens     *tokens,
               const char *text,
               int         length,
               int         flags)
{
  g_array_set_size (tokens->tokens, 0);
  g_string_truncate (tokens->arena, 0);
  if (text != NULL && length > 0)
    state->tokenizer.xTokenize (state->tok, tokens, flags, text, length, collect_token);
}

static inline const char *
token_word (const Tokens *tokens,
            guint         i)
{
  return tokens->arena->str + g_array_index (tokens->tokens, Token, i).word;
}

/* The phrases of @query, folded by the index's tokenizer. */
static GPtrArray *
wanted_phrases (State   *state,
                ScQuery *query)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) wanted_free);

  for (guint i = 0; i < query->phrases->len; i++)
    {
      ScQueryPhrase *phrase = g_ptr_array_index (query->phrases, i);
      Wanted *wanted;

      wanted = g_new0 (Wanted, 1);
      wanted->tokens = g_ptr_array_new_with_free_func (g_free);
      wanted->prefix = phrase->prefix;
      wanted->phrase = i;
      wanted->group = phrase->group;
      wanted->negated = phrase->negated;
      for (guint t = 0; phrase->tokens[t] != NULL; t++)
        {
          Tokens folded;

          tokens_init (&folded);
          tokenize_into (state, &folded, phrase->tokens[t], (int) strlen (phrase->tokens[t]), FTS5_TOKENIZE_QUERY);
          for (guint k = 0; k < folded.tokens->len; k++)
            g_ptr_array_add (wanted->tokens, g_strdup (token_word (&folded, k)));
          tokens_clear (&folded);
        }
      if (wanted->tokens->len > 0)
        g_ptr_array_add (all, wanted);
      else
        wanted_free (wanted);
    }
  return all;
}

/* Whether @phrase starts at token @at. */
static gboolean
phrase_at (const Tokens *tokens,
           guint         at,
           const Wanted *phrase)
{
  guint n = phrase->tokens->len;

  if (at + n > tokens->tokens->len)
    return FALSE;
  for (guint k = 0; k < n; k++)
    {
      const char *word = token_word (tokens, at + k);
      const char *want = g_ptr_array_index (phrase->tokens, k);

      if ((phrase->prefix && k == n - 1) ? !g_str_has_prefix (word, want) : strcmp (word, want) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Where a positive phrase of @wanted starts at token @at: its index + 1, or 0. */
static guint
match_at (const Tokens *tokens,
          guint         at,
          GPtrArray    *wanted,
          guint        *length)
{
  for (guint w = 0; w < wanted->len; w++)
    {
      Wanted *phrase = g_ptr_array_index (wanted, w);

      if (!phrase->negated && phrase_at (tokens, at, phrase))
        {
          *length = phrase->tokens->len;
          return w + 1;
        }
    }
  return 0;
}

/* Up to SNIPPET_TOKENS tokens of @text around its best matches — the
 * window with the most different phrases, then the most matches — with
 * the matches marked. FALSE when nothing in @text matches. */
static gboolean
make_snippet (State       *state,
              ScSearchHit *hit,
              const char  *text,
              int          length,
              GPtrArray   *wanted,
              gboolean     always)
{
  Tokens all;
  GArray *tokens;
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));   /* token, phrase, length */
  guint best_from = 0, best_score = 0, to;
  GString *plain;

  tokens_init (&all);
  tokenize_into (state, &all, text, length, FTS5_TOKENIZE_DOCUMENT);
  tokens = all.tokens;
  for (guint i = 0; i < tokens->len; i++)
    {
      guint n = 0, w = match_at (&all, i, wanted, &n);

      if (w > 0)
        {
          guint entry[3] = { i, w, n };
          g_array_append_vals (starts, entry, 3);
        }
    }
  if (starts->len == 0 && !always)
    {
      tokens_clear (&all);
      return FALSE;
    }

  for (guint m = 0; m < starts->len; m += 3)
    {
      guint from = g_array_index (starts, guint, m) > 3 ? g_array_index (starts, guint, m) - 3 : 0;
      guint64 seen = 0;
      guint count = 0, score;

      for (guint k = m; k < starts->len && g_array_index (starts, guint, k) < from + SNIPPET_TOKENS; k += 3)
        {
          seen |= G_GUINT64_CONSTANT (1) << MIN (g_array_index (starts, guint, k + 1), 63);
          count++;
        }
      /* Starts are in token order: only the few just before m can be in
       * the window (walking them all made a 12 MB section with a million
       * matches take hours). */
      for (guint k = m; k >= 3 && g_array_index (starts, guint, k - 3) >= from; k -= 3)
        {
          seen |= G_GUINT64_CONSTANT (1) << MIN (g_array_index (starts, guint, k - 2), 63);
          count++;
        }
      score = (guint) __builtin_popcountll (seen) * 1000 + count;
      if (score > best_score)
        {
          best_score = score;
          best_from = from;
        }
    }

  /* A short text is shown whole. */
  if (tokens->len <= SNIPPET_TOKENS)
    best_from = 0;
  to = MIN (best_from + SNIPPET_TOKENS, tokens->len);

  plain = g_string_new (NULL);
  hit->marks = g_array_new (FALSE, FALSE, sizeof (ScSearchMark));
  if (tokens->len > 0)
    {
      int text_from = best_from > 0 ? g_array_index (tokens, Token, best_from).start : 0;
      int text_to = to < tokens->len ? g_array_index (tokens, Token, to - 1).end : length;

      if (best_from > 0)
        g_string_append (plain, "…");
      for (guint m = 0; m < starts->len; m += 3)
        {
          guint first = g_array_index (starts, guint, m);
          guint last = first + g_array_index (starts, guint, m + 2) - 1;
          ScSearchMark mark;

          if (first < best_from || last >= to)
            continue;
          mark.start = plain->len + (g_array_index (tokens, Token, first).start - text_from);
          mark.end = plain->len + (g_array_index (tokens, Token, last).end - text_from);
          if (hit->marks->len > 0 && g_array_index (hit->marks, ScSearchMark, hit->marks->len - 1).end > mark.start)
            continue;   /* overlaps the one before */
          g_array_append_val (hit->marks, mark);
        }
      g_string_append_len (plain, text + text_from, text_to - text_from);
      if (to < tokens->len)
        g_string_append (plain, "…");
    }
  hit->snippet = g_string_free (plain, FALSE);
  tokens_clear (&all);
  return TRUE;
}

static gboolean
fill_hit (State         *state,
          ScSearchHit   *hit,
          const Doc     *doc,
          GPtrArray     *wanted,
          Scored        *scored,
          GCancellable  *cancellable,
          GError       **error)
{
  int rc;

  hit->doc_id = g_strdup (doc->id);
  hit->doc_kind = g_strdup (doc->kind);
  hit->title = g_strdup (doc->title);
  hit->authors = g_strdup (doc->authors);
  hit->lang = g_strdup (doc->lang);
  hit->year = doc->year;
  hit->rank = scored->rank;

  sqlite3_bind_int64 (state->section, 1, scored->rowid);
  if ((rc = sqlite3_step (state->section)) == SQLITE_ROW)
    {
      hit->section_id = sc_sqlite_column_dup (state->section, 0);
      hit->heading = sc_sqlite_column_dup (state->section, 1);
      hit->heading_path = sc_sqlite_column_dup (state->section, 2);
    }
  sqlite3_reset (state->section);
  if (rc != SQLITE_ROW)
    return set_error_from_db (error, state->db, cancellable);

  /* The body's words around the match read best; when only the heading,
   * title or authors matched, show that instead. */
  sqlite3_bind_int64 (state->content, 1, scored->rowid);
  rc = sqlite3_step (state->content);
  if (rc == SQLITE_ROW)
    {
      gboolean done = FALSE;

      for (int c = 0; c < 4 && !done; c++)
        done = make_snippet (state, hit, (const char *) sqlite3_column_text (state->content, c),
                             sqlite3_column_bytes (state->content, c), wanted, FALSE);
      if (!done)
        make_snippet (state, hit, (const char *) sqlite3_column_text (state->content, 0),
                      sqlite3_column_bytes (state->content, 0), wanted, TRUE);
    }
  sqlite3_reset (state->content);
  if (rc != SQLITE_ROW)
    return set_error_from_db (error, state->db, cancellable);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Planning                                                                  */

typedef struct {
  State                 *state;
  ScQuery               *query;
  const ScSearchOptions *options;
  Filter                 filter;
  gint64                 lo, hi;      /* the rowids searched */
  GArray                *scored;      /* Scored: what ranking found */
  gboolean               exact;       /* scored holds every allowed match */
  guint64                walk;        /* Doc.matches is right for docs of this walk */
  gboolean               no_fts;      /* a frequent prefix: keep FTS5 out (it would merge) */
  gint64                 total_rows;  /* allowed matches; -1 unknown */
  gint64                 total_docs;
  guint                  needed;      /* offset + limit */
} Plan;

static void
plan_clear (Plan *plan)
{
  filter_clear (&plan->filter);
  g_clear_pointer (&plan->scored, g_array_unref);
}

/* One frequent word, alone: answered from its lists. */
static gboolean
single_word (Plan  *plan)
{
  ScQueryPhrase *phrase;

  if (plan->query->phrases->len != 1)
    return FALSE;
  phrase = g_ptr_array_index (plan->query->phrases, 0);
  return !phrase->prefix && !phrase->negated && phrase->tokens[0] != NULL && phrase->tokens[1] == NULL;
}

/* Distinct documents among the first rows of @scored, sorted. */
static guint
count_docs (GArray *scored,
            guint   enough)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < scored->len && g_hash_table_size (seen) < enough; i++)
    {
      gint64 num = SC_INDEX_ROWID_NUM (g_array_index (scored, Scored, i).rowid);
      if (!g_hash_table_contains (seen, &num))
        g_hash_table_add (seen, g_memdup2 (&num, sizeof num));
    }
  return g_hash_table_size (seen);
}

static gboolean
enough (Plan *plan)
{
  if (plan->options->per_text)
    return count_docs (plan->scored, plan->needed) >= plan->needed;
  return plan->scored->len >= plan->needed;
}

static gboolean
plan_from_lists (Plan    *plan,
                 GError **error)
{
  ScQueryPhrase *phrase = g_ptr_array_index (plan->query->phrases, 0);
  Lists lists = { 0 };
  double idf;

  lists.entries = g_array_new (FALSE, FALSE, sizeof (ScFtsEntry));
  if (!read_lists (plan->state, &plan->filter, phrase->tokens[0], FALSE, &lists, error))
    {
      g_array_unref (lists.entries);
      return FALSE;
    }
  if (!lists.found)
    {
      g_array_unref (lists.entries);
      return TRUE;
    }

  idf = sc_fts_idf (plan->state->rows_total, lists.rows_all);
  plan->scored = g_array_sized_new (FALSE, FALSE, sizeof (Scored), lists.entries->len);
  for (guint i = 0; i < lists.entries->len; i++)
    {
      ScFtsEntry *entry = &g_array_index (lists.entries, ScFtsEntry, i);
      gint64 num = SC_INDEX_ROWID_NUM (entry->rowid);
      Scored scored = { entry->rowid, -idf * entry->impact };

      if (doc_allowed (&plan->filter, g_hash_table_lookup (plan->state->docs, &num)))
        g_array_append_val (plan->scored, scored);
    }
  g_array_unref (lists.entries);
  g_array_sort (plan->scored, compare_scored);

  plan->exact = lists.complete && !filter_needs_docs (&plan->filter);
  if (!filter_needs_docs (&plan->filter))
    {
      plan->total_rows = lists.rows;
      plan->total_docs = lists.docs;
    }
  if (!plan->exact && !enough (plan))
    g_clear_pointer (&plan->scored, g_array_unref);   /* not enough: walk instead */
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Reading rows as FTS5 matches them                                         */

typedef struct {
  double freq[SC_QUERY_MAX_TERMS * 2];  /* weighted count, by FTS5 phrase number */
  double length;                        /* tokens in the row */
} RowEval;

/* The content columns as state->content returns them: body, heading,
 * title, authors. */
static const int content_column[SC_FTS_COLUMNS] = { 3, 2, 0, 1 };

/* Reading a row for evaluate_row(): each token becomes a bit mask of the
 * (phrase, position) pairs it can stand for; a phrase is found where its
 * positions line up. No token is copied. */
typedef struct {
  GPtrArray *wanted;
  GArray    *masks;    /* guint64 per token of the column */
  guint     *lengths;  /* of each wanted token, in bit order */
  RowEval   *eval;
  double     weight;
  guint      n_groups;  /* > 0: stop at the first token that makes the row match */
  guint64    groups;
  gboolean   stopped;
} EvalContext;

static int
eval_token (void       *user_data,
            int         flags,
            const char *token,
            int         length,
            int         start,
            int         end)
{
  EvalContext *context = user_data;
  guint64 mask = 0;
  guint bit = 0, at;

  if (flags & FTS5_TOKEN_COLOCATED)
    return SQLITE_OK;
  for (guint w = 0; w < context->wanted->len; w++)
    {
      Wanted *phrase = g_ptr_array_index (context->wanted, w);

      for (guint k = 0; k < phrase->tokens->len; k++, bit++)
        {
          guint want = context->lengths[bit];
          gboolean prefix = phrase->prefix && k == phrase->tokens->len - 1;

          if ((prefix ? (guint) length >= want : (guint) length == want) &&
              memcmp (token, g_ptr_array_index (phrase->tokens, k), want) == 0)
            mask |= G_GUINT64_CONSTANT (1) << bit;
        }
    }
  g_array_append_val (context->masks, mask);
  context->eval->length++;
  if (mask == 0)
    return SQLITE_OK;

  at = context->masks->len - 1;
  bit = 0;
  for (guint w = 0; w < context->wanted->len; w++)
    {
      Wanted *phrase = g_ptr_array_index (context->wanted, w);
      guint n = phrase->tokens->len;
      gboolean found = at + 1 >= n;

      for (guint k = 0; found && k < n; k++)
        found = (g_array_index (context->masks, guint64, at + 1 - n + k) >> (bit + k)) & 1;
      if (found && phrase->phrase < G_N_ELEMENTS (context->eval->freq))
        {
          context->eval->freq[phrase->phrase] += context->weight;
          if (!phrase->negated)
            context->groups |= G_GUINT64_CONSTANT (1) << MIN (phrase->group, 63);
        }
      bit += n;
    }
  if (context->n_groups > 0 && (guint) __builtin_popcountll (context->groups) >= MIN (context->n_groups, 64))
    {
      /* Enough to say it matches: tokenizing stops here. */
      context->stopped = TRUE;
      return SQLITE_DONE;
    }
  return SQLITE_OK;
}

static guint
wanted_bits (GPtrArray *wanted)
{
  guint bits = 0;

  for (guint w = 0; w < wanted->len; w++)
    bits += ((Wanted *) g_ptr_array_index (wanted, w))->tokens->len;
  return bits;
}

/* Reads row @rowid. With @stop_groups (no NOT in the query), only until
 * it is known to match: then eval's counts are partial. */
static gboolean
evaluate_row_full (State      *state,
                   Tokens     *scratch,
                   GPtrArray  *wanted,
                   gint64      rowid,
                   guint       stop_groups,
                   RowEval    *eval)
{
  g_autofree guint *lengths = NULL;
  EvalContext context = { wanted, NULL, NULL, eval, 0, stop_groups, 0, FALSE };
  guint bits = wanted_bits (wanted), bit = 0;
  int rc;

  memset (eval, 0, sizeof *eval);
  if (bits > 64)
    return FALSE;
  lengths = g_new (guint, MAX (bits, 1));
  for (guint w = 0; w < wanted->len; w++)
    {
      Wanted *phrase = g_ptr_array_index (wanted, w);

      for (guint k = 0; k < phrase->tokens->len; k++)
        lengths[bit++] = (guint) strlen (g_ptr_array_index (phrase->tokens, k));
    }
  context.lengths = lengths;
  context.masks = scratch->tokens;   /* reused as the mask array */
  g_array_set_size (context.masks, 0);
  if (g_array_get_element_size (context.masks) != sizeof (guint64))
    return FALSE;

  sqlite3_bind_int64 (state->content, 1, rowid);
  rc = sqlite3_step (state->content);
  if (rc == SQLITE_ROW)
    for (int c = 0; c < SC_FTS_COLUMNS && !context.stopped; c++)
      {
        const char *text = (const char *) sqlite3_column_text (state->content, c);
        int length = sqlite3_column_bytes (state->content, c);

        context.weight = sc_fts_weights[content_column[c]];
        g_array_set_size (context.masks, 0);
        if (text != NULL && length > 0)
          state->tokenizer.xTokenize (state->tok, &context, FTS5_TOKENIZE_DOCUMENT, text, length, eval_token);
      }
  sqlite3_reset (state->content);
  return rc == SQLITE_ROW;
}

static gboolean
evaluate_row (State      *state,
              Tokens     *scratch,
              GPtrArray  *wanted,
              gint64      rowid,
              RowEval    *eval)
{
  return evaluate_row_full (state, scratch, wanted, rowid, 0, eval);
}

/* Whether the row matches: every AND group has a phrase, no NOT phrase. */
static gboolean
row_matches (GPtrArray     *wanted,
             guint          n_groups,
             const RowEval *eval)
{
  guint64 groups = 0;

  for (guint w = 0; w < wanted->len; w++)
    {
      Wanted *phrase = g_ptr_array_index (wanted, w);

      if (phrase->phrase >= G_N_ELEMENTS (eval->freq) || eval->freq[phrase->phrase] <= 0.0)
        continue;
      if (phrase->negated)
        return FALSE;
      groups |= G_GUINT64_CONSTANT (1) << MIN (phrase->group, 63);
    }
  return (guint) __builtin_popcountll (groups) >= MIN (n_groups, 64);
}

static double
row_score (GPtrArray     *wanted,
           const double  *idfs,
           const RowEval *eval,
           double         average)
{
  double score = 0.0;

  for (guint w = 0; w < wanted->len; w++)
    {
      Wanted *phrase = g_ptr_array_index (wanted, w);
      double freq = phrase->phrase < G_N_ELEMENTS (eval->freq) ? eval->freq[phrase->phrase] : 0.0;

      if (!phrase->negated && freq > 0.0)
        score += idfs[phrase->phrase] * sc_fts_impact (freq, eval->length, average);
    }
  return score;
}

/* ------------------------------------------------------------------------ */
/* Many matches: the best of the candidates, as max-score does               */

/* Read at most this many candidates, then settle for the best found: an
 * approximation bench/run measures against exact ranking ("same top 20").
 * A row costs about 20 µs to read (tokenizing its text). */
#define MAX_VERIFY 96
/* A prefix's candidates: its frequent words' best entries, this many. */
#define PREFIX_CANDIDATES 192
/* Tokens of the query tracked per candidate. */
#define MAX_TOKENS 64

typedef struct {
  gint64 rowid;
  double bound;               /* no higher score is possible */
  gboolean exact;             /* bound is the score: every phrase known */
  gboolean verified;          /* in plan->scored (or read and not matching) */
  float  known[MAX_TOKENS];   /* the token's impact from its list; < 0 unknown */
} Candidate;

/* Where a token's candidates come from: its word's lists, or for a prefix
 * the best entries of the frequent words it begins. */
typedef struct {
  Lists    lists;
  guint    phrase;    /* index into the query's phrases */
  gboolean bounded;   /* rows missing from the lists are bounded by lists.floor */
  gboolean single;    /* the phrase is this one word, no prefix */
} Source;

static int
compare_entries_best (gconstpointer a,
                      gconstpointer b)
{
  const ScFtsEntry *x = a, *y = b;

  return x->impact > y->impact ? -1 : x->impact < y->impact;
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = *(Candidate **) a, *y = *(Candidate **) b;

  if (x->bound != y->bound)
    return x->bound > y->bound ? -1 : 1;
  return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

static void
sources_free (GArray *sources)
{
  for (guint i = 0; i < sources->len; i++)
    g_clear_pointer (&g_array_index (sources, Source, i).lists.entries, g_array_unref);
  g_array_unref (sources);
}

/* One token's source; FALSE with no error when the word has no lists. */
static gboolean
token_source (Plan          *plan,
              const char    *word,
              gboolean       prefix,
              Source        *source,
              GError       **error)
{
  source->lists = (Lists) { 0 };
  source->lists.entries = g_array_new (FALSE, FALSE, sizeof (ScFtsEntry));
  if (!read_lists (plan->state, &plan->filter, word, prefix, &source->lists, error) || !source->lists.found)
    {
      g_clear_pointer (&source->lists.entries, g_array_unref);
      return FALSE;
    }
  source->bounded = !prefix;
  if (prefix && source->lists.entries->len > PREFIX_CANDIDATES)
    {
      g_autoptr(GHashTable) docs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      guint keep = 0;

      /* The best entries of all the words the prefix begins, enough of
       * them to cover four pages of texts. */
      g_array_sort (source->lists.entries, compare_entries_best);
      while (keep < source->lists.entries->len &&
             (keep < PREFIX_CANDIDATES || g_hash_table_size (docs) < 4 * plan->needed) &&
             keep < 8 * PREFIX_CANDIDATES)
        {
          gint64 num = SC_INDEX_ROWID_NUM (g_array_index (source->lists.entries, ScFtsEntry, keep).rowid);

          if (!g_hash_table_contains (docs, &num))
            g_hash_table_add (docs, g_memdup2 (&num, sizeof num));
          keep++;
        }
      g_array_set_size (source->lists.entries, keep);
    }
  return TRUE;
}

static double
source_ceiling (const Source *source)
{
  return source->lists.entries == NULL ? SC_FTS_MAX_IMPACT
         : source->bounded ? source->lists.floor : SC_FTS_MAX_IMPACT;
}

/* Many matches: verify the candidates most likely to be best first, and
 * stop as soon as no candidate left can enter the page (max-score). A row
 * found in the list of every word of the query is scored from the lists;
 * others are read (evaluate_row). Sets @done when the page is full. */
static gboolean
plan_maxscore (Plan          *plan,
               GArray        *pool,
               gboolean      *done,
               GCancellable  *cancellable,
               GError       **error)
{
  GPtrArray *phrases = plan->query->phrases;
  g_autoptr(GPtrArray) wanted = wanted_phrases (plan->state, plan->query);
  g_autoptr(GHashTable) by_rowid = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  g_autoptr(GHashTable) found_docs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) order = NULL;
  GArray *sources = g_array_new (FALSE, TRUE, sizeof (Source));   /* by token bit */
  double idfs[SC_QUERY_MAX_TERMS * 2] = { 0 };
  guint positive = 0, verified = 0, negated = 0;
  Tokens scratch = { NULL, NULL };
  GHashTableIter iter;
  gpointer value;

  *done = FALSE;
  if (phrases->len > G_N_ELEMENTS (idfs) || wanted_bits (wanted) > MAX_TOKENS)
    {
      sources_free (sources);
      return TRUE;
    }

  /* wanted holds every phrase in FTS5 order, so bits follow it. */
  for (guint w = 0; w < wanted->len; w++)
    {
      Wanted *phrase = g_ptr_array_index (wanted, w);
      guint n = phrase->tokens->len;
      gboolean any = FALSE;
      gint64 rows = G_MAXINT64, sum = 0;

      for (guint k = 0; k < n; k++)
        {
          Source source = { { 0 }, w, FALSE, FALSE };

          if (!phrase->negated)
            {
              g_autoptr(GError) local_error = NULL;

              if (token_source (plan, g_ptr_array_index (phrase->tokens, k), phrase->prefix && k == n - 1,
                                &source, &local_error))
                {
                  any = TRUE;
                  rows = MIN (rows, source.lists.rows_all);
                  sum += source.lists.rows_all;
                  source.single = n == 1 && !phrase->prefix;
                }
              else if (local_error != NULL)
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  sources_free (sources);
                  return FALSE;
                }
            }
          g_array_append_val (sources, source);
        }
      if (phrase->negated)
        {
          negated++;
          continue;
        }
      positive++;
      if (!any)
        {
          /* A phrase without frequent words: not this way. */
          sources_free (sources);
          return TRUE;
        }
      idfs[phrase->phrase] = sc_fts_idf (plan->state->rows_total,
                                         MIN (phrase->prefix ? sum : rows, plan->state->rows_total));
    }
  /* One phrase: its idf scales every row alike. */
  if (positive == 1)
    for (guint p = 0; p < G_N_ELEMENTS (idfs); p++)
      idfs[p] = idfs[p] > 0.0 ? 1.0 : 0.0;

  for (guint bit = 0; bit < sources->len; bit++)
    {
      GArray *entries = g_array_index (sources, Source, bit).lists.entries;

      for (guint e = 0; entries != NULL && e < entries->len; e++)
        {
          ScFtsEntry *entry = &g_array_index (entries, ScFtsEntry, e);
          Candidate *candidate = g_hash_table_lookup (by_rowid, &entry->rowid);

          if (candidate == NULL)
            {
              gint64 num = SC_INDEX_ROWID_NUM (entry->rowid);

              if (!doc_allowed (&plan->filter, g_hash_table_lookup (plan->state->docs, &num)))
                continue;
              candidate = g_new (Candidate, 1);
              candidate->rowid = entry->rowid;
              for (guint k = 0; k < MAX_TOKENS; k++)
                candidate->known[k] = -1.0f;
              g_hash_table_insert (by_rowid, &candidate->rowid, candidate);
            }
          candidate->known[bit] = MAX (candidate->known[bit], (float) entry->impact);
        }
    }

  /* Bounds: a phrase's impact is at most its rarest... least impactful
   * word's (a phrase occurs no more often than any of its words). */
  order = g_ptr_array_sized_new (g_hash_table_size (by_rowid));
  g_hash_table_iter_init (&iter, by_rowid);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Candidate *candidate = value;
      guint bit = 0;

      candidate->bound = 0.0;
      candidate->exact = negated == 0;
      for (guint w = 0; w < wanted->len; w++)
        {
          Wanted *phrase = g_ptr_array_index (wanted, w);
          double ceiling = SC_FTS_MAX_IMPACT;

          for (guint k = 0; k < phrase->tokens->len; k++, bit++)
            {
              Source *source = &g_array_index (sources, Source, bit);
              double known = candidate->known[bit];

              if (known >= 0.0 && source->bounded)
                ceiling = MIN (ceiling, known);
              else
                ceiling = MIN (ceiling, source_ceiling (source));
              if (!(source->single && known >= 0.0))
                candidate->exact = FALSE;
            }
          if (!phrase->negated)
            candidate->bound += idfs[phrase->phrase] * ceiling;
        }
      g_ptr_array_add (order, candidate);
    }
  g_ptr_array_sort (order, compare_candidates);

  scratch.tokens = g_array_new (FALSE, FALSE, sizeof (guint64));
  plan->scored = g_array_new (FALSE, FALSE, sizeof (Scored));
  for (guint i = 0; i < order->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (order, i);
      gint64 num = SC_INDEX_ROWID_NUM (candidate->rowid);
      RowEval eval;

      /* Grouping by text: a text already found needs no second section. */
      if (plan->options->per_text && !candidate->exact && g_hash_table_contains (found_docs, &num))
        continue;
      /* With the probe's matches to fall back on, reading stops at the
       * budget; without (a frequent prefix), once the page is full. */
      if (verified >= MAX_VERIFY && (pool != NULL || enough (plan)))
        break;
      if ((i & 15) == 0 && i > 0)
        {
          if (g_cancellable_is_cancelled (cancellable))
            break;
          g_array_sort (plan->scored, compare_scored);
          if (enough (plan))
            {
              /* The needed-th result's score, per text when grouping. */
              g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
              double kth = 0.0;
              guint count = 0;

              for (guint k = 0; k < plan->scored->len && count < plan->needed; k++)
                {
                  Scored *scored = &g_array_index (plan->scored, Scored, k);
                  gint64 its = SC_INDEX_ROWID_NUM (scored->rowid);

                  if (plan->options->per_text)
                    {
                      if (g_hash_table_contains (seen, &its))
                        continue;
                      g_hash_table_add (seen, g_memdup2 (&its, sizeof its));
                    }
                  count++;
                  kth = -scored->rank;
                }
              if (kth >= candidate->bound)
                break;
            }
        }

      candidate->verified = TRUE;
      if (candidate->exact)
        {
          Scored scored = { candidate->rowid, -candidate->bound };
          g_array_append_val (plan->scored, scored);
          g_hash_table_add (found_docs, g_memdup2 (&num, sizeof num));
          continue;
        }
      verified++;
      if (!evaluate_row (plan->state, &scratch, wanted, candidate->rowid, &eval) ||
          !row_matches (wanted, plan->query->n_groups, &eval))
        continue;
      {
        Scored scored = { candidate->rowid, -row_score (wanted, idfs, &eval, plan->state->average) };
        g_array_append_val (plan->scored, scored);
        g_hash_table_add (found_docs, g_memdup2 (&num, sizeof num));
      }
    }
  if (g_getenv ("SC_SEARCH_TRACE"))
    g_printerr ("maxscore: %u candidates, %u verified, %u results\n", order->len, verified, plan->scored->len);
  g_array_unref (scratch.tokens);
  sources_free (sources);

  /* The probe's matches (the first in rowid order, scored exactly) fill
   * what the candidates left. */
  for (guint i = 0; pool != NULL && i < pool->len; i++)
    {
      Scored *scored = &g_array_index (pool, Scored, i);
      gint64 num = SC_INDEX_ROWID_NUM (scored->rowid);
      Candidate *candidate = g_hash_table_lookup (by_rowid, &scored->rowid);

      if ((candidate == NULL || !candidate->verified) &&
          doc_allowed (&plan->filter, g_hash_table_lookup (plan->state->docs, &num)))
        g_array_append_val (plan->scored, *scored);
    }
  g_array_sort (plan->scored, compare_scored);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  plan->exact = FALSE;
  /* FTS5 cannot do better for a frequent prefix in time: keep what the
   * lists gave, however few. */
  *done = enough (plan) || plan->no_fts;
  if (!*done)
    g_clear_pointer (&plan->scored, g_array_unref);
  return TRUE;
}

/* Each phrase's idf, in FTS5's phrase order; NULL when there is only one
 * positive phrase (its idf is the same for every row). A frequent word's
 * count comes from its lists; other phrases are counted, up to a cap. */
static GBytes *
phrase_idfs (Plan          *plan,
             GCancellable  *cancellable,
             GError       **error)
{
  GPtrArray *phrases = plan->query->phrases;
  g_autoptr(GArray) idfs = g_array_new (FALSE, FALSE, sizeof (double));
  guint positive = 0;

  for (guint i = 0; i < phrases->len; i++)
    positive += !((ScQueryPhrase *) g_ptr_array_index (phrases, i))->negated;
  if (positive <= 1)
    return NULL;

  for (guint i = 0; i < phrases->len; i++)
    {
      ScQueryPhrase *phrase = g_ptr_array_index (phrases, i);
      double idf = 0.0;

      if (!phrase->negated)
        {
          Lists lists = { 0 };
          gint64 rows = -1;

          if (plan->state->lists && !phrase->prefix && phrase->tokens[0] != NULL && phrase->tokens[1] == NULL)
            {
              if (!read_lists (plan->state, &plan->filter, phrase->tokens[0], FALSE, &lists, error))
                return NULL;
              if (lists.found)
                rows = lists.rows_all;
            }
          if (rows < 0)
            {
              g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Scored));

              if (!walk (plan->state, phrase->match, 0, G_MAXINT64, NULL, NULL, IDF_COUNT_CAP, found,
                         cancellable, error))
                return NULL;
              rows = found->len;
            }
          idf = sc_fts_idf (plan->state->rows_total, rows);
        }
      g_array_append_val (idfs, idf);
    }
  return g_bytes_new (idfs->data, idfs->len * sizeof (double));
}

/* Scores the matches: all of them, or only @chosen (NULL: all). Counts
 * the allowed matches, per document too when grouping by text. */
static gboolean
plan_walk (Plan          *plan,
           GHashTable    *chosen,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GBytes) idfs = NULL;
  g_autoptr(GError) local_error = NULL;
  Pick pick;
  gboolean ok;

  idfs = phrase_idfs (plan, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (idfs == NULL)
    idfs = g_bytes_new (NULL, 0);

  pick_init (&pick, plan->state, &plan->filter, plan->options->per_text);
  pick.candidates = chosen;
  g_clear_pointer (&plan->scored, g_array_unref);
  plan->scored = g_array_new (FALSE, FALSE, sizeof (Scored));
  /* Across the whole library, scoring stops after WALK_CAP matches: only
   * without lists (the first indexing of a big library is still going)
   * or with filters the lists cannot help with does that happen. */
  ok = walk (plan->state, plan->query->match, plan->lo, plan->hi, idfs, &pick,
             plan->lo == 0 ? WALK_CAP : 0, plan->scored, cancellable, error);
  if (ok)
    {
      gboolean capped = plan->lo == 0 && plan->scored->len >= WALK_CAP;

      g_array_sort (plan->scored, compare_scored);
      plan->exact = chosen == NULL && !capped;
      plan->total_rows = capped ? -1 : pick.total;
      plan->total_docs = pick.docs;
      plan->walk = capped ? 0 : pick.walk;
    }
  return ok;
}

/* Every match, scored (the probe found fewer than the threshold): keeps
 * the allowed ones and counts them, per text too. */
static void
plan_take_all (Plan   *plan,
               GArray *rows)
{
  guint64 walk_id = ++plan->state->walks;
  gint64 last = -1;
  Doc *doc = NULL;

  plan->scored = g_array_sized_new (FALSE, FALSE, sizeof (Scored), rows->len);
  plan->total_rows = plan->total_docs = 0;
  for (guint i = 0; i < rows->len; i++)
    {
      Scored *scored = &g_array_index (rows, Scored, i);
      gint64 num = SC_INDEX_ROWID_NUM (scored->rowid);

      if (num != last)
        {
          last = num;
          doc = g_hash_table_lookup (plan->state->docs, &num);
          if (!doc_allowed (&plan->filter, doc))
            doc = NULL;
          if (doc != NULL)
            {
              doc->walk = walk_id;
              doc->matches = 0;
              plan->total_docs++;
            }
        }
      if (doc == NULL)
        continue;
      doc->matches++;
      plan->total_rows++;
      g_array_append_val (plan->scored, *scored);
    }
  g_array_sort (plan->scored, compare_scored);
  plan->exact = TRUE;
  plan->walk = walk_id;
}

/* A prefix that begins frequent words: FTS5 would merge the lists of all
 * the words it begins before returning a single row, so such a query goes
 * to the lists directly. */
static gboolean
has_frequent_prefix (Plan    *plan,
                     GError **error)
{
  for (guint p = 0; p < plan->query->phrases->len; p++)
    {
      ScQueryPhrase *phrase = g_ptr_array_index (plan->query->phrases, p);
      Lists lists = { 0 };
      guint last;

      if (phrase->negated || !phrase->prefix)
        continue;
      last = g_strv_length (phrase->tokens);
      if (last == 0)
        continue;
      if (!read_lists (plan->state, &plan->filter, phrase->tokens[last - 1], TRUE, &lists, error))
        return FALSE;
      if (lists.found)
        return TRUE;
    }
  return FALSE;
}

static gboolean
plan_run (Plan          *plan,
          GCancellable  *cancellable,
          GError       **error)
{
  State *state = plan->state;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) pool = NULL;
  gboolean done = FALSE;

  plan->lo = 0;
  plan->hi = G_MAXINT64;
  plan->total_rows = -1;
  if (is_set (plan->options->text_id))
    {
      Doc *doc = g_hash_table_lookup (state->doc_nums, plan->options->text_id);

      if (doc == NULL)
        {
          plan->scored = g_array_new (FALSE, FALSE, sizeof (Scored));
          plan->exact = TRUE;
          plan->total_rows = plan->total_docs = 0;
          return TRUE;
        }
      plan->lo = SC_INDEX_ROWID (doc->num, 0);
      plan->hi = SC_INDEX_ROWID (doc->num + 1, 0) - 1;
      return plan_walk (plan, NULL, cancellable, error);
    }

  if (state->lists)
    {
      gboolean many = has_frequent_prefix (plan, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      plan->no_fts = many;
      /* One frequent word: its lists know it matches many. */
      if (!many && single_word (plan))
        {
          Lists lists = { 0 };
          ScQueryPhrase *phrase = g_ptr_array_index (plan->query->phrases, 0);

          if (!read_lists (state, &plan->filter, phrase->tokens[0], FALSE, &lists, error))
            return FALSE;
          many = lists.found;
        }
      if (!many)
        {
          /* The probe scores the matches in rowid order and stops at the
           * threshold: when there are fewer, it has scored them all. */
          g_autoptr(GBytes) idfs = phrase_idfs (plan, cancellable, &local_error);

          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (idfs == NULL)
            idfs = g_bytes_new (NULL, 0);
          pool = g_array_new (FALSE, FALSE, sizeof (Scored));
          if (!walk (state, plan->query->match, plan->lo, plan->hi, idfs, NULL, state->threshold, pool,
                     cancellable, error))
            return FALSE;
          many = pool->len >= state->threshold;
          if (!many)
            {
              plan_take_all (plan, pool);
              return TRUE;
            }
        }

      if (single_word (plan) && !plan_from_lists (plan, error))
        return FALSE;
      if (plan->scored != NULL)
        return TRUE;
      if (!plan_maxscore (plan, pool, &done, cancellable, error))
        return FALSE;
      if (done)
        return TRUE;
    }

  /* Without lists, or the candidates came up short: score every match. */
  return plan_walk (plan, NULL, cancellable, error);
}

static gboolean
plan_start (Plan                   *plan,
            ScIndex                *index,
            ScQuery                *query,
            const ScSearchOptions  *options,
            GError                **error)
{
  *plan = (Plan) { 0 };
  plan->query = query;
  plan->options = options;
  filter_init (&plan->filter, options);
  plan->needed = options->offset + (options->limit > 0 ? options->limit : SC_SEARCH_DEFAULT_LIMIT);
  plan->state = get_state (index, error);
  if (plan->state != NULL && (plan->filter.author != NULL || plan->filter.topic != NULL) &&
      !load_people (plan->state, error))
    return FALSE;
  return plan->state != NULL;
}

/* A read transaction: the documents, lists and matches of one search all
 * come from the same moment, even while the library is being indexed. */
static gboolean
read_begin (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    return FALSE;
  return sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

static void
read_end (sqlite3  *db,
          gboolean  began)
{
  if (began)
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
}

static gboolean
has_negation (GPtrArray *wanted)
{
  for (guint w = 0; w < wanted->len; w++)
    if (((Wanted *) g_ptr_array_index (wanted, w))->negated)
      return TRUE;
  return FALSE;
}

/* The matching sections of one document, for "N sections match". */
static guint
count_in_doc (State     *state,
              Plan      *plan,
              GPtrArray *wanted,
              gint64     num)
{
  gint64 count = 0;

  if (plan->no_fts)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      Tokens scratch = { NULL, NULL };

      /* Read the document's sections as FTS5 would. */
      if (sqlite3_prepare_v2 (state->db, "SELECT id FROM fts_content WHERE id BETWEEN ?1 AND ?2",
                              -1, &stmt, NULL) != SQLITE_OK)
        return 0;
      sqlite3_bind_int64 (stmt, 1, SC_INDEX_ROWID (num, 0));
      sqlite3_bind_int64 (stmt, 2, SC_INDEX_ROWID (num + 1, 0) - 1);
      scratch.tokens = g_array_new (FALSE, FALSE, sizeof (guint64));
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          RowEval eval;

          if (evaluate_row_full (state, &scratch, wanted, sqlite3_column_int64 (stmt, 0),
                                 has_negation (wanted) ? 0 : plan->query->n_groups, &eval) &&
              row_matches (wanted, plan->query->n_groups, &eval))
            count++;
        }
      g_array_unref (scratch.tokens);
      return (guint) count;
    }

  sqlite3_bind_text (state->range_count, 1, plan->query->match, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (state->range_count, 2, SC_INDEX_ROWID (num, 0));
  sqlite3_bind_int64 (state->range_count, 3, SC_INDEX_ROWID (num + 1, 0) - 1);
  if (sqlite3_step (state->range_count) == SQLITE_ROW)
    count = sqlite3_column_int64 (state->range_count, 0);
  sqlite3_reset (state->range_count);
  return (guint) count;
}

/**
 * sc_search:
 * @query: what the person typed; any string is fine
 * @options: (nullable): filters and paging
 *
 * Returns: (transfer full): the hits, best first
 */
GPtrArray *
sc_search (ScIndex                *index,
           const char             *query,
           const ScSearchOptions  *options,
           GCancellable           *cancellable,
           GError                **error)
{
  static const ScSearchOptions defaults = { 0 };
  g_autoptr(ScQuery) parsed = NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_search_hit_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) wanted = NULL;
  sqlite3 *db;
  Plan plan;
  gboolean began, ok;
  guint skipped = 0;

  g_return_val_if_fail (index != NULL, NULL);

  if (options == NULL)
    options = &defaults;

  parsed = sc_query_parse (query != NULL ? query : "");
  if (parsed->match == NULL)
    return g_steal_pointer (&hits);

  db = sc_index_get_db (index);
  began = read_begin (db);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 1000, progress_cb, cancellable);

  ok = plan_start (&plan, index, parsed, options, error) && plan_run (&plan, cancellable, error);
  for (guint i = 0; ok && i < plan.scored->len && hits->len < plan.needed - options->offset; i++)
    {
      Scored *scored = &g_array_index (plan.scored, Scored, i);
      gint64 num = SC_INDEX_ROWID_NUM (scored->rowid);
      Doc *doc = g_hash_table_lookup (plan.state->docs, &num);
      ScSearchHit *hit;

      if (doc == NULL)
        continue;
      if (options->per_text)
        {
          if (g_hash_table_contains (seen, &num))
            continue;
          g_hash_table_add (seen, g_memdup2 (&num, sizeof num));
        }
      if (skipped < options->offset)
        {
          skipped++;
          continue;
        }

      hit = g_new0 (ScSearchHit, 1);
      g_ptr_array_add (hits, hit);
      if (wanted == NULL)
        wanted = wanted_phrases (plan.state, parsed);
      ok = fill_hit (plan.state, hit, doc, wanted, scored, cancellable, error);
      if (options->per_text)
        {
          hit->matches_in_text = plan.walk != 0 && doc->walk == plan.walk
                                 ? doc->matches
                                 : count_in_doc (plan.state, &plan, wanted, num);
        }
      else
        hit->matches_in_text = 1;
    }

  if (ok)
    ok = !g_cancellable_set_error_if_cancelled (cancellable, error);
  sqlite3_progress_handler (db, 0, NULL, NULL);
  read_end (db, began);
  plan_clear (&plan);
  return ok ? g_steal_pointer (&hits) : NULL;
}

/* Counting stops after this many matching sections and extrapolates. */
#define COUNT_SAMPLE 2000

/**
 * sc_search_count_full:
 * @estimated: (out) (optional): set when the count is an estimate
 *
 * The number of matching sections (texts, with per_text). Counting every
 * match of a query that matches most of a big library costs as much as
 * ranking it, so past COUNT_SAMPLE matches the count is extrapolated from
 * the share of the index already walked (rowids go in document order), as
 * search engines do; a frequent prefix is estimated from its words' lists.
 */
guint
sc_search_count_full (ScIndex                *index,
                      const char             *query,
                      const ScSearchOptions  *options,
                      gboolean               *estimated,
                      GError                **error)
{
  static const ScSearchOptions defaults = { 0 };
  g_autoptr(ScQuery) parsed = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3 *db;
  Plan plan;
  gboolean began, guess = FALSE;
  gint64 count = 0;

  g_return_val_if_fail (index != NULL, 0);

  if (estimated != NULL)
    *estimated = FALSE;
  if (options == NULL)
    options = &defaults;
  parsed = sc_query_parse (query != NULL ? query : "");
  if (parsed->match == NULL)
    return 0;

  db = sc_index_get_db (index);
  began = read_begin (db);
  if (plan_start (&plan, index, parsed, options, error))
    {
      Lists lists = { 0 };

      plan.lo = 0;
      plan.hi = G_MAXINT64;
      plan.total_rows = -1;
      if (is_set (options->text_id))
        {
          Doc *doc = g_hash_table_lookup (plan.state->doc_nums, options->text_id);

          plan.lo = doc != NULL ? SC_INDEX_ROWID (doc->num, 0) : 1;
          plan.hi = doc != NULL ? SC_INDEX_ROWID (doc->num + 1, 0) - 1 : 0;
        }
      else if (plan.state->lists && single_word (&plan))
        {
          ScQueryPhrase *phrase = g_ptr_array_index (parsed->phrases, 0);

          if (read_lists (plan.state, &plan.filter, phrase->tokens[0], FALSE, &lists, &local_error) &&
              lists.found && !filter_needs_docs (&plan.filter))
            plan.total_rows = options->per_text ? lists.docs : lists.rows;
        }
      else if (plan.state->lists && !filter_needs_docs (&plan.filter) && parsed->phrases->len == 1 &&
               has_frequent_prefix (&plan, &local_error))
        {
          ScQueryPhrase *phrase = g_ptr_array_index (parsed->phrases, 0);

          /* At least the most frequent word's, at most all of theirs. */
          if (read_lists (plan.state, &plan.filter, phrase->tokens[g_strv_length (phrase->tokens) - 1], TRUE,
                          &lists, &local_error))
            {
              plan.total_rows = options->per_text ? MIN (lists.docs, (gint64) g_hash_table_size (plan.state->docs))
                                                  : MIN (lists.rows, plan.state->rows_total);
              guess = TRUE;
            }
        }

      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (plan.total_rows < 0)
        {
          g_autoptr(GArray) none = g_array_new (FALSE, FALSE, sizeof (Scored));
          g_autoptr(GHashTable) empty = g_hash_table_new (g_int64_hash, g_int64_equal);
          gint64 limit = plan.lo == 0 ? COUNT_SAMPLE : 0;
          Pick pick;

          /* Count without scoring: no row is a candidate, save the one
           * that reaches the sample, which ends the walk. */
          pick_init (&pick, plan.state, &plan.filter, FALSE);
          pick.candidates = empty;
          pick.stop_after = limit;
          if (walk (plan.state, parsed->match, plan.lo, plan.hi, NULL, &pick, limit > 0 ? 1 : 0, none, NULL, error))
            {
              plan.total_rows = options->per_text ? pick.docs : pick.total;
              if (none->len > 0)
                {
                  gint64 last = g_array_index (none, Scored, 0).rowid;
                  double share = (double) (last - plan.state->rowid_min + 1) /
                                 (double) (plan.state->rowid_max - plan.state->rowid_min + 1);

                  plan.total_rows = (gint64) (plan.total_rows / CLAMP (share, 1e-6, 1.0) + 0.5);
                  guess = TRUE;
                }
            }
        }
      count = MAX (plan.total_rows, 0);
    }
  read_end (db, began);
  plan_clear (&plan);
  if (estimated != NULL)
    *estimated = guess;
  return (guint) count;
}

guint
sc_search_count (ScIndex                *index,
                 const char             *query,
                 const ScSearchOptions  *options,
                 GError                **error)
{
  return sc_search_count_full (index, query, options, NULL, error);
}
