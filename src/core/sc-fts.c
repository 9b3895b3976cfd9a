/* sc-fts.c: the best sections of frequent words
 *
 * FTS5 ranks by scoring every matching row: a word found in most sections
 * of a 10,000-text library costs tens of milliseconds to rank, whatever the
 * LIMIT. So for each frequent word (found in SC_FTS_FREQUENT_ROWS sections
 * or more) the index keeps its best sections precomputed, as Xapian keeps
 * impact-ordered lists: per bucket (a language and a kind of document), the
 * SC_FTS_KEEP sections with the highest bm25 share, and how many sections
 * and documents of the bucket match. sc-search.c answers a frequent word
 * from these lists alone and takes them as the candidates for other queries
 * that match many sections.
 *
 * A row's share ("impact") is bm25 without the word's idf, which is the same
 * for every row: the order of a word's rows does not change when the idf
 * does, so lists stay right as the library grows.
 *
 * After a big change the lists are rebuilt: one walk over each frequent
 * word's matches with sc_wtf() (the weighted count of the word in the row),
 * the row lengths read once from FTS5's docsize table. After a small change
 * the run tokenizes only the documents it removes and adds, with the index's
 * own tokenizer, and merges them in. While a run goes, searches keep using
 * the lists (meta best_valid); a run that dies half-way leaves them marked
 * (best_dirty) and the next run rebuilds them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sc-error.h"
#include "sc-fts.h"
#include "sc-index.h"
#include "sc-sqlite.h"

#define K1 1.2
#define B 0.75
#define N_COLUMNS SC_FTS_COLUMNS

const double sc_fts_weights[SC_FTS_COLUMNS] = { 10.0, 6.0, 4.0, 1.0 };
#define weights sc_fts_weights

/* A run that changes more documents than this share of the library since
 * the last rebuild rebuilds the lists (new words may have become frequent). */
#define REBUILD_SHARE 0.1
/* Removing more documents than this in one run: rebuild instead. */
#define MAX_FORGET 200

double
sc_fts_idf (gint64 rows_total,
            gint64 rows_matching)
{
  double idf = log ((rows_total - rows_matching + 0.5) / (rows_matching + 0.5));

  /* As FTS5's bm25 does for words in more than half the rows. */
  return idf <= 0.0 ? 1e-6 : idf;
}

double
sc_fts_impact (double wtf,
               double length,
               double avg_length)
{
  return (wtf * (K1 + 1.0)) / (wtf + K1 * (1.0 - B + B * length / MAX (avg_length, 1.0)));
}

static gboolean
set_error (GError  **error,
           sqlite3  *db)
{
  g_set_error (error, SC_ERROR, SC_ERROR_DATABASE, "%s", sqlite3_errmsg (db));
  return FALSE;
}

/* sc_wtf(fts): how often the query's words occur in the row, each
 * occurrence weighted by its column. */
static void
wtf_function (const Fts5ExtensionApi *api,
              Fts5Context            *fts,
              sqlite3_context        *context,
              int                     n_values,
              sqlite3_value         **values)
{
  int count = 0;
  double wtf = 0.0;

  if (api->xInstCount (fts, &count) != SQLITE_OK)
    {
      sqlite3_result_error (context, "sc_wtf: cannot count", -1);
      return;
    }
  for (int i = 0; i < count; i++)
    {
      int phrase, column, offset;

      if (api->xInst (fts, i, &phrase, &column, &offset) == SQLITE_OK && column >= 0 && column < N_COLUMNS)
        wtf += weights[column];
    }
  sqlite3_result_double (context, wtf);
}

/* sc_rank(fts, idfs[, average]): bm25 as FTS5 computes it with SC_FTS_RANK,
 * except that the idf of each phrase comes from the caller (a blob of
 * doubles, one per phrase; 1.0 where missing). FTS5's own bm25 walks every match of every
 * phrase to count them before it scores the first row; the search knows the
 * counts of frequent words already, or does not need them. */
static void
rank_function (const Fts5ExtensionApi *api,
               Fts5Context            *fts,
               sqlite3_context        *context,
               int                     n_values,
               sqlite3_value         **values)
{
  const double *idfs = NULL;
  int n_idfs = 0, n_phrases, count = 0, length = 0;
  double freq[64] = { 0 };
  double *average, score = 0.0;

  if (n_values > 0 && sqlite3_value_type (values[0]) == SQLITE_BLOB)
    {
      idfs = sqlite3_value_blob (values[0]);
      n_idfs = sqlite3_value_bytes (values[0]) / (int) sizeof (double);
    }
  n_phrases = MIN (api->xPhraseCount (fts), (int) G_N_ELEMENTS (freq));

  average = api->xGetAuxdata (fts, 0);
  if (average == NULL)
    {
      sqlite3_int64 rows = 0, total = 0;

      average = g_new (double, 1);
      /* The caller may say which average row length to use (the one the
       * frequent words' lists were scored with), so that scores of both
       * kinds compare. */
      if (n_values > 1 && sqlite3_value_double (values[1]) > 0.0)
        *average = sqlite3_value_double (values[1]);
      else
        {
          api->xRowCount (fts, &rows);
          api->xColumnTotalSize (fts, -1, &total);
          *average = rows > 0 ? (double) total / (double) rows : 1.0;
        }
      api->xSetAuxdata (fts, average, g_free);
    }

  if (api->xInstCount (fts, &count) != SQLITE_OK ||
      api->xColumnSize (fts, -1, &length) != SQLITE_OK)
    {
      sqlite3_result_error (context, "sc_rank: cannot read the row", -1);
      return;
    }
  for (int i = 0; i < count; i++)
    {
      int phrase, column, offset;

      if (api->xInst (fts, i, &phrase, &column, &offset) == SQLITE_OK &&
          phrase >= 0 && phrase < n_phrases && column >= 0 && column < N_COLUMNS)
        freq[phrase] += weights[column];
    }
  for (int p = 0; p < n_phrases; p++)
    if (freq[p] > 0.0)
      score += (p < n_idfs ? idfs[p] : 1.0) * sc_fts_impact (freq[p], length, *average);
  sqlite3_result_double (context, -score);
}

static fts5_api *
get_fts5_api (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return api;
}

gboolean
sc_fts_setup (sqlite3  *db,
              GError  **error)
{
  fts5_api *api = get_fts5_api (db);

  if (api == NULL || api->iVersion < 2)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_DATABASE, "%s", "SQLite has no FTS5");
      return FALSE;
    }
  if (api->xCreateFunction (api, "sc_wtf", NULL, wtf_function, NULL) != SQLITE_OK ||
      api->xCreateFunction (api, "sc_rank", NULL, rank_function, NULL) != SQLITE_OK)
    return set_error (error, db);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Lists in memory                                                           */

typedef struct {
  int      id;         /* index into the run's bucket keys */
  gint64   rows;
  gint64   docs;
  gint64   last_num;   /* the document last counted, while walking */
  gboolean dirty;
  GArray  *entries;    /* ScFtsEntry, best first once sorted */
  gboolean heap;       /* entries is a min-heap on impact */
} Bucket;

typedef struct {
  char      *term;
  GPtrArray *buckets;  /* Bucket, by id; NULL where the word has none */
  gint64     rows_hint;/* rows with the word, when known: to share work */
} Term;

static void
bucket_free (Bucket *bucket)
{
  if (bucket == NULL)
    return;
  g_array_unref (bucket->entries);
  g_free (bucket);
}

static void
term_free (Term *term)
{
  g_free (term->term);
  g_ptr_array_unref (term->buckets);
  g_free (term);
}

static Term *
term_new (const char *word)
{
  Term *term = g_new0 (Term, 1);

  term->term = g_strdup (word);
  term->buckets = g_ptr_array_new_with_free_func ((GDestroyNotify) bucket_free);
  return term;
}

static Bucket *
term_bucket (Term *term,
             int   id)
{
  Bucket *bucket;

  if ((guint) id >= term->buckets->len)
    g_ptr_array_set_size (term->buckets, id + 1);
  bucket = g_ptr_array_index (term->buckets, id);
  if (bucket == NULL)
    {
      bucket = g_new0 (Bucket, 1);
      bucket->id = id;
      bucket->last_num = -1;
      bucket->entries = g_array_new (FALSE, FALSE, sizeof (ScFtsEntry));
      g_ptr_array_index (term->buckets, id) = bucket;
    }
  return bucket;
}

static void
heap_down (ScFtsEntry *a,
           guint       n,
           guint       i)
{
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      ScFtsEntry t;

      if (l < n && a[l].impact < a[m].impact)
        m = l;
      if (r < n && a[r].impact < a[m].impact)
        m = r;
      if (m == i)
        return;
      t = a[i];
      a[i] = a[m];
      a[m] = t;
      i = m;
    }
}

static void
heap_up (ScFtsEntry *a,
         guint       i)
{
  while (i > 0)
    {
      guint p = (i - 1) / 2;
      ScFtsEntry t;

      if (a[p].impact <= a[i].impact)
        return;
      t = a[i];
      a[i] = a[p];
      a[p] = t;
      i = p;
    }
}

static int
compare_best_first (gconstpointer a,
                    gconstpointer b)
{
  const ScFtsEntry *x = a, *y = b;

  if (x->impact != y->impact)
    return x->impact > y->impact ? -1 : 1;
  return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

static void
bucket_make_heap (Bucket *bucket)
{
  ScFtsEntry *a = (ScFtsEntry *) (void *) bucket->entries->data;

  if (bucket->heap)
    return;
  for (guint i = bucket->entries->len / 2; i-- > 0;)
    heap_down (a, bucket->entries->len, i);
  bucket->heap = TRUE;
}

/* Keeps the SC_FTS_KEEP best. */
static void
bucket_offer (Bucket *bucket,
              gint64  rowid,
              double  impact)
{
  ScFtsEntry entry = { rowid, impact };
  ScFtsEntry *a;

  bucket_make_heap (bucket);
  bucket->dirty = TRUE;
  if (bucket->entries->len < SC_FTS_KEEP)
    {
      g_array_append_val (bucket->entries, entry);
      heap_up ((ScFtsEntry *) (void *) bucket->entries->data, bucket->entries->len - 1);
      return;
    }
  a = (ScFtsEntry *) (void *) bucket->entries->data;
  if (impact <= a[0].impact)
    return;
  a[0] = entry;
  heap_down (a, bucket->entries->len, 0);
}

static void
bucket_sort (Bucket *bucket)
{
  g_array_sort (bucket->entries, compare_best_first);
  bucket->heap = FALSE;
}

static void
bucket_count_row (Bucket *bucket,
                  gint64  num)
{
  bucket->rows++;
  if (bucket->last_num != num)
    {
      bucket->docs++;
      bucket->last_num = num;
    }
  bucket->dirty = TRUE;
}

/* ------------------------------------------------------------------------ */
/* A run's changes                                                           */

struct _ScFtsChanges {
  sqlite3     *db;
  gboolean     loaded;
  gboolean     rebuild;      /* the lists are stale or the change is big */
  gint64       threshold;
  GHashTable  *terms;        /* word → Term, the frequent words */
  GPtrArray   *bucket_keys;  /* "lang\tkind" by bucket id */
  GHashTable  *bucket_ids;   /* "lang\tkind" → id + 1 */
  GHashTable  *doc_buckets;  /* num → id + 1 */
  GHashTable  *removed;      /* nums forgotten this run */
  gint64       forgotten;
  /* The tokenizer the index uses, to read changed documents. */
  fts5_tokenizer tokenizer;
  Fts5Tokenizer *tok;
};

static gint64
frequent_rows (void)
{
  const char *value = g_getenv ("SC_INDEX_FREQUENT_ROWS");
  gint64 rows = value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;

  return rows > 0 ? rows : SC_FTS_FREQUENT_ROWS;
}

static double
meta_double (sqlite3    *db,
             const char *key,
             double      fallback)
{
  sqlite3_stmt *stmt = NULL;
  double value = fallback;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, NULL) != SQLITE_OK)
    return fallback;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gint64
meta_int (sqlite3    *db,
          const char *key,
          gint64      fallback)
{
  return (gint64) meta_double (db, key, (double) fallback);
}

static gboolean
set_meta (sqlite3     *db,
          const char  *key,
          double       value,
          GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", -1, &stmt, NULL) != SQLITE_OK)
    return set_error (error, db);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value == floor (value))
    sqlite3_bind_int64 (stmt, 2, (gint64) value);
  else
    sqlite3_bind_double (stmt, 2, value);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? TRUE : set_error (error, db);
}

ScFtsChanges *
sc_fts_changes_new (sqlite3 *db)
{
  ScFtsChanges *changes = g_new0 (ScFtsChanges, 1);

  changes->db = db;
  changes->terms = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) term_free);
  changes->bucket_keys = g_ptr_array_new_with_free_func (g_free);
  changes->bucket_ids = g_hash_table_new (g_str_hash, g_str_equal);
  changes->doc_buckets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  changes->removed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return changes;
}

void
sc_fts_changes_free (ScFtsChanges *changes)
{
  if (changes == NULL)
    return;
  if (changes->tok != NULL)
    changes->tokenizer.xDelete (changes->tok);
  g_hash_table_unref (changes->terms);
  g_hash_table_unref (changes->bucket_ids);
  g_ptr_array_unref (changes->bucket_keys);
  g_hash_table_unref (changes->doc_buckets);
  g_hash_table_unref (changes->removed);
  g_free (changes);
}

static int
bucket_id (ScFtsChanges *changes,
           const char   *lang,
           const char   *kind)
{
  g_autofree char *key = g_strdup_printf ("%s\t%s", lang != NULL ? lang : "", kind != NULL ? kind : "");
  gpointer id = g_hash_table_lookup (changes->bucket_ids, key);

  if (id != NULL)
    return GPOINTER_TO_INT (id) - 1;
  g_ptr_array_add (changes->bucket_keys, key);
  g_hash_table_insert (changes->bucket_ids, g_steal_pointer (&key), GINT_TO_POINTER ((int) changes->bucket_keys->len));
  return (int) changes->bucket_keys->len - 1;
}

static gboolean
load_doc_buckets (ScFtsChanges  *changes,
                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_hash_table_remove_all (changes->doc_buckets);
  if (sqlite3_prepare_v2 (changes->db, "SELECT num, lang, kind FROM docs", -1, &stmt, NULL) != SQLITE_OK)
    return set_error (error, changes->db);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int id = bucket_id (changes, (const char *) sqlite3_column_text (stmt, 1),
                          (const char *) sqlite3_column_text (stmt, 2));

      g_hash_table_insert (changes->doc_buckets, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                           GINT_TO_POINTER (id + 1));
    }
  return TRUE;
}

static int
doc_bucket (ScFtsChanges *changes,
            gint64        num)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (changes->doc_buckets, &num)) - 1;
}

static void
decode_list (Bucket     *bucket,
             const void *blob,
             int         bytes)
{
  guint n = bytes > 0 ? (guint) bytes / sizeof (ScFtsEntry) : 0;

  g_array_set_size (bucket->entries, 0);
  if (n > 0)
    g_array_append_vals (bucket->entries, blob, n);
  bucket->heap = FALSE;
}

/* Reads the lists as they are, unless a rebuild is due anyway. */
static gboolean
load (ScFtsChanges  *changes,
      GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (changes->loaded)
    return TRUE;
  changes->loaded = TRUE;
  changes->threshold = frequent_rows ();

  /* Lists never finished, made for another threshold, or left behind by a
   * run that died (best_dirty): rebuilt at the end of this run. */
  if (meta_int (changes->db, "best_valid", 0) != 1 ||
      meta_int (changes->db, "best_dirty", 0) != 0 ||
      meta_int (changes->db, "best_threshold", 0) != changes->threshold)
    {
      changes->rebuild = TRUE;
      return set_meta (changes->db, "best_dirty", 1, error);
    }

  if (!load_doc_buckets (changes, error))
    return FALSE;
  if (sqlite3_prepare_v2 (changes->db, "SELECT term, lang, kind, rows, docs, list FROM best", -1, &stmt, NULL) != SQLITE_OK)
    return set_error (error, changes->db);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *word = (const char *) sqlite3_column_text (stmt, 0);
      Term *term = g_hash_table_lookup (changes->terms, word);
      Bucket *bucket;

      if (term == NULL)
        {
          term = term_new (word);
          g_hash_table_insert (changes->terms, term->term, term);
        }
      bucket = term_bucket (term, bucket_id (changes, (const char *) sqlite3_column_text (stmt, 1),
                                             (const char *) sqlite3_column_text (stmt, 2)));
      bucket->rows = sqlite3_column_int64 (stmt, 3);
      bucket->docs = sqlite3_column_int64 (stmt, 4);
      decode_list (bucket, sqlite3_column_blob (stmt, 5), sqlite3_column_bytes (stmt, 5));
    }

  /* Searches go on using the lists while the run changes the library
   * under them (what they name and is gone is skipped; what is new is
   * missing from them for a while); should this run die, the next one
   * rebuilds them. */
  return set_meta (changes->db, "best_dirty", 1, error);
}

/* ------------------------------------------------------------------------ */
/* Tokenizing changed documents                                              */

typedef struct {
  GHashTable *counts;  /* word → weighted count (double *), this row */
  double      weight;
  gint64      tokens;
} RowWords;

static int
token_cb (void       *user_data,
          int         flags,
          const char *token,
          int         length,
          int         start,
          int         end)
{
  RowWords *row = user_data;
  g_autofree char *word = NULL;
  double *count;

  if (flags & FTS5_TOKEN_COLOCATED)
    return SQLITE_OK;
  row->tokens++;
  word = g_strndup (token, length);
  count = g_hash_table_lookup (row->counts, word);
  if (count == NULL)
    {
      count = g_new0 (double, 1);
      g_hash_table_insert (row->counts, g_steal_pointer (&word), count);
    }
  *count += row->weight;
  return SQLITE_OK;
}

gboolean
sc_fts_get_tokenizer (sqlite3         *db,
                      fts5_tokenizer  *tokenizer,
                      Fts5Tokenizer  **tok)
{
  const char *args[] = { "remove_diacritics", "2" };
  fts5_api *api = get_fts5_api (db);
  void *user_data = NULL;

  *tok = NULL;
  if (api == NULL ||
      api->xFindTokenizer (api, "unicode61", &user_data, tokenizer) != SQLITE_OK ||
      tokenizer->xCreate (user_data, args, G_N_ELEMENTS (args), tok) != SQLITE_OK)
    {
      *tok = NULL;
      return FALSE;
    }
  return TRUE;
}

static gboolean
ensure_tokenizer (ScFtsChanges  *changes,
                  GError       **error)
{
  if (changes->tok != NULL)
    return TRUE;
  if (!sc_fts_get_tokenizer (changes->db, &changes->tokenizer, &changes->tok))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_DATABASE, "%s", "FTS5 has no unicode61 tokenizer");
      return FALSE;
    }
  return TRUE;
}

typedef void (*RowFunc) (ScFtsChanges *changes,
                         gint64        rowid,
                         RowWords     *row,
                         gpointer      user_data);

/* Tokenizes the rows in [from, to] as FTS5 did when they were inserted. */
static gboolean
read_rows (ScFtsChanges  *changes,
           gint64         from,
           gint64         to,
           RowFunc        func,
           gpointer       user_data,
           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!ensure_tokenizer (changes, error))
    return FALSE;
  if (sqlite3_prepare_v2 (changes->db, "SELECT id, c0, c1, c2, c3 FROM fts_content WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
                          -1, &stmt, NULL) != SQLITE_OK)
    return set_error (error, changes->db);
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RowWords row = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free), 0, 0 };

      for (int c = 0; c < N_COLUMNS; c++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, c + 1);

          row.weight = weights[c];
          if (text != NULL)
            changes->tokenizer.xTokenize (changes->tok, &row, FTS5_TOKENIZE_DOCUMENT, text,
                                          sqlite3_column_bytes (stmt, c + 1), token_cb);
        }
      func (changes, sqlite3_column_int64 (stmt, 0), &row, user_data);
      g_hash_table_unref (row.counts);
    }
  return rc == SQLITE_DONE ? TRUE : set_error (error, changes->db);
}

static void
forget_row (ScFtsChanges *changes,
            gint64        rowid,
            RowWords     *row,
            gpointer      user_data)
{
  gint64 num = SC_INDEX_ROWID_NUM (rowid);
  int id = GPOINTER_TO_INT (user_data);
  GHashTableIter iter;
  gpointer word;

  g_hash_table_iter_init (&iter, row->counts);
  while (g_hash_table_iter_next (&iter, &word, NULL))
    {
      Term *term = g_hash_table_lookup (changes->terms, word);
      Bucket *bucket;

      if (term == NULL || (guint) id >= term->buckets->len || (bucket = g_ptr_array_index (term->buckets, id)) == NULL)
        continue;
      bucket->rows = MAX (bucket->rows - 1, 0);
      if (bucket->last_num != -num - 2)
        {
          /* Counted once per document: last_num marks it as seen. */
          bucket->docs = MAX (bucket->docs - 1, 0);
          bucket->last_num = -num - 2;
        }
      bucket->dirty = TRUE;
    }
}

gboolean
sc_fts_changes_begin (ScFtsChanges  *changes,
                      GError       **error)
{
  return load (changes, error);
}

gboolean
sc_fts_lists_stale (sqlite3 *db)
{
  return meta_int (db, "best_valid", 0) != 1 || meta_int (db, "best_dirty", 0) != 0 ||
         meta_int (db, "best_threshold", 0) != frequent_rows ();
}

gboolean
sc_fts_changes_forget_doc (ScFtsChanges  *changes,
                           gint64         num,
                           GError       **error)
{
  if (!load (changes, error))
    return FALSE;
  if (changes->rebuild)
    return TRUE;
  if (++changes->forgotten > MAX_FORGET)
    {
      changes->rebuild = TRUE;
      return TRUE;
    }
  g_hash_table_add (changes->removed, g_memdup2 (&num, sizeof num));
  return read_rows (changes, SC_INDEX_ROWID (num, 0), SC_INDEX_ROWID (num + 1, 0) - 1, forget_row,
                    GINT_TO_POINTER (doc_bucket (changes, num)), error);
}

typedef struct {
  double avg_length;
} AddContext;

static void
add_row (ScFtsChanges *changes,
         gint64        rowid,
         RowWords     *row,
         gpointer      user_data)
{
  AddContext *context = user_data;
  gint64 num = SC_INDEX_ROWID_NUM (rowid);
  int id = doc_bucket (changes, num);
  GHashTableIter iter;
  gpointer word, count;

  if (id < 0)
    return;
  g_hash_table_iter_init (&iter, row->counts);
  while (g_hash_table_iter_next (&iter, &word, &count))
    {
      Term *term = g_hash_table_lookup (changes->terms, word);
      Bucket *bucket;

      if (term == NULL)
        continue;
      bucket = term_bucket (term, id);
      bucket_count_row (bucket, num);
      bucket_offer (bucket, rowid, sc_fts_impact (*(double *) count, (double) row->tokens, context->avg_length));
    }
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                   */

static gboolean
write_bucket (ScFtsChanges  *changes,
              sqlite3_stmt  *insert,
              Term          *term,
              Bucket        *bucket,
              GError       **error)
{
  const char *key = g_ptr_array_index (changes->bucket_keys, bucket->id);
  const char *tab = strchr (key, '\t');
  int rc;

  bucket_sort (bucket);
  sqlite3_bind_text (insert, 1, term->term, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, key, (int) (tab - key), SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, tab + 1, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 4, bucket->rows);
  sqlite3_bind_int64 (insert, 5, bucket->docs);
  sqlite3_bind_int (insert, 6, bucket->rows <= (gint64) bucket->entries->len);
  sqlite3_bind_blob (insert, 7, bucket->entries->data, (int) (bucket->entries->len * sizeof (ScFtsEntry)), SQLITE_STATIC);
  rc = sqlite3_step (insert);
  sqlite3_reset (insert);
  return rc == SQLITE_DONE ? TRUE : set_error (error, changes->db);
}

static gboolean
write_terms (ScFtsChanges  *changes,
             gboolean       all,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  GHashTableIter iter;
  gpointer value;

  if (sqlite3_prepare_v2 (changes->db,
                          "INSERT OR REPLACE INTO best (term, lang, kind, rows, docs, complete, list)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1, &insert, NULL) != SQLITE_OK)
    return set_error (error, changes->db);

  g_hash_table_iter_init (&iter, changes->terms);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Term *term = value;

      for (guint i = 0; i < term->buckets->len; i++)
        {
          Bucket *bucket = g_ptr_array_index (term->buckets, i);

          if (bucket != NULL && (all || bucket->dirty) &&
              !write_bucket (changes, insert, term, bucket, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Rebuilding                                                                */

typedef struct {
  GArray *rowids;   /* gint64, ascending */
  GArray *lengths;  /* guint32: tokens in the row */
  double  average;
} Lengths;

static guint64
read_varint (const guchar **p,
             const guchar  *end)
{
  guint64 value = 0;

  for (int i = 0; i < 9 && *p < end; i++)
    {
      guchar byte = *(*p)++;

      if (i == 8)
        return (value << 8) | byte;
      value = (value << 7) | (byte & 0x7f);
      if (!(byte & 0x80))
        break;
    }
  return value;
}

/* FTS5's docsize table: per row, the token count of each column as varints. */
static gboolean
load_lengths (sqlite3  *db,
              Lengths  *lengths,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  double total = 0;
  int rc;

  lengths->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  lengths->lengths = g_array_new (FALSE, FALSE, sizeof (guint32));
  if (sqlite3_prepare_v2 (db, "SELECT id, sz FROM fts_docsize ORDER BY id", -1, &stmt, NULL) != SQLITE_OK)
    return set_error (error, db);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      const guchar *p = sqlite3_column_blob (stmt, 1);
      const guchar *end = p + sqlite3_column_bytes (stmt, 1);
      guint32 length = 0;

      while (p != NULL && p < end)
        length += (guint32) read_varint (&p, end);
      g_array_append_val (lengths->rowids, rowid);
      g_array_append_val (lengths->lengths, length);
      total += length;
    }
  if (rc != SQLITE_DONE)
    return set_error (error, db);
  lengths->average = lengths->rowids->len > 0 ? total / lengths->rowids->len : 1.0;
  return TRUE;
}

static void
lengths_clear (Lengths *lengths)
{
  g_clear_pointer (&lengths->rowids, g_array_unref);
  g_clear_pointer (&lengths->lengths, g_array_unref);
}

/* "word" as an FTS5 string: a double quote inside doubles. */
static char *
quote_word (const char *word)
{
  GString *quoted = g_string_new ("\"");

  for (const char *p = word; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (quoted, '"');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (quoted, FALSE);
}

/* One walk over the word's matches, in rowid order. */
static gboolean
walk_term (ScFtsChanges  *changes,
           sqlite3_stmt  *walk,
           Lengths       *lengths,
           Term          *term,
           GError       **error)
{
  g_autofree char *match = quote_word (term->term);
  const gint64 *rowids = (const gint64 *) (void *) lengths->rowids->data;
  const guint32 *sizes = (const guint32 *) (void *) lengths->lengths->data;
  guint at = 0;
  int rc;

  sqlite3_bind_text (walk, 1, match, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (walk)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (walk, 0);
      gint64 num = SC_INDEX_ROWID_NUM (rowid);
      int id = doc_bucket (changes, num);
      Bucket *bucket;

      while (at < lengths->rowids->len && rowids[at] < rowid)
        at++;
      if (id < 0)
        continue;
      bucket = term_bucket (term, id);
      bucket_count_row (bucket, num);
      bucket_offer (bucket, rowid,
                    sc_fts_impact (sqlite3_column_double (walk, 1),
                                   at < lengths->rowids->len && rowids[at] == rowid ? sizes[at] : lengths->average,
                                   lengths->average));
    }
  sqlite3_reset (walk);
  return rc == SQLITE_DONE ? TRUE : set_error (error, sqlite3_db_handle (walk));
}

/* Half of a rebuild's walks, on a connection of its own in a second
 * thread: the walks only read what the run has committed. */
typedef struct {
  ScFtsChanges *changes;
  Lengths      *lengths;
  GPtrArray    *terms;     /* Term, borrowed: this thread's only */
  char         *path;
  gboolean      ok;
} WalkJob;

static gpointer
walk_thread (gpointer user_data)
{
  WalkJob *job = user_data;
  sqlite3 *db = NULL;
  sqlite3_stmt *walk = NULL;
  guint i = 0;

  if (sqlite3_open_v2 (job->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
      sc_fts_setup (db, NULL) &&
      sqlite3_exec (db, "PRAGMA cache_size=-4096", NULL, NULL, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT rowid, sc_wtf (fts) FROM fts WHERE fts MATCH ?1", -1, &walk, NULL) == SQLITE_OK)
    for (; i < job->terms->len; i++)
      {
        Term *term = g_ptr_array_index (job->terms, i);

        if (!walk_term (job->changes, walk, job->lengths, term, NULL))
          break;
      }
  job->ok = walk != NULL && i == job->terms->len;
  sqlite3_finalize (walk);
  sqlite3_close (db);
  return NULL;
}

static int
compare_terms_by_rows (gconstpointer a,
                       gconstpointer b)
{
  const Term *x = *(Term **) a, *y = *(Term **) b;

  return x->rows_hint > y->rows_hint ? -1 : x->rows_hint < y->rows_hint;
}

/* Finding the frequent words reads every word's list of rows to count
 * them: the words are shared out by their first letters between two
 * threads. Any split is right; this one halves the rows of English and
 * Spanish text about evenly. */
#define VOCAB_SPLIT "m"

/* The frequent words in [@from, @to) (NULL: open), on @db. */
static gboolean
find_frequent (sqlite3     *db,
               gint64       threshold,
               const char  *from,
               const char  *to,
               GPtrArray   *terms)
{
  g_autoptr(sqlite3_stmt) vocab = NULL;
  int rc;

  if (sqlite3_exec (db, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.sc_vocab USING fts5vocab (main, fts, row)",
                    NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT term, doc FROM temp.sc_vocab"
                              " WHERE doc >= ?1 AND term >= ?2 AND (?3 IS NULL OR term < ?3)",
                          -1, &vocab, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_int64 (vocab, 1, threshold);
  sqlite3_bind_text (vocab, 2, from != NULL ? from : "", -1, SQLITE_STATIC);
  if (to != NULL)
    sqlite3_bind_text (vocab, 3, to, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (vocab)) == SQLITE_ROW)
    {
      Term *term = term_new ((const char *) sqlite3_column_text (vocab, 0));

      term->rows_hint = sqlite3_column_int64 (vocab, 1);
      g_ptr_array_add (terms, term);
    }
  return rc == SQLITE_DONE;
}

typedef struct {
  char      *path;
  gint64     threshold;
  GPtrArray *terms;   /* Term, owned */
  gboolean   ok;
} VocabJob;

static gpointer
vocab_thread (gpointer user_data)
{
  VocabJob *job = user_data;
  sqlite3 *db = NULL;

  job->ok = sqlite3_open_v2 (job->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
            sqlite3_exec (db, "PRAGMA cache_size=-4096", NULL, NULL, NULL) == SQLITE_OK &&
            find_frequent (db, job->threshold, VOCAB_SPLIT, NULL, job->terms);
  sqlite3_close (db);
  return NULL;
}

static gboolean
rebuild (ScFtsChanges  *changes,
         GError       **error)
{
  g_autoptr(sqlite3_stmt) walk = NULL;
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  g_autoptr(GPtrArray) theirs = g_ptr_array_new ();
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  const char *path = sqlite3_db_filename (changes->db, "main");
  gboolean two_threads = path != NULL && *path != '\0';
  VocabJob vocab_job = { 0 };
  WalkJob job = { 0 };
  GThread *thread = NULL;
  Lengths lengths = { 0 };
  gboolean ok = FALSE;

  g_hash_table_remove_all (changes->terms);

  /* The second thread reads what the run has committed: all of it. */
  if (two_threads)
    {
      vocab_job = (VocabJob) { g_strdup (path), changes->threshold, g_ptr_array_new (), FALSE };
      thread = g_thread_new ("sc-index-vocab", vocab_thread, &vocab_job);
    }

  /* The walks read each word's list once: no need for a big cache, and
   * memory goes to the lists being built. */
  ok = load_doc_buckets (changes, error) && load_lengths (changes->db, &lengths, error);
  if (ok &&
      (sqlite3_exec (changes->db, "PRAGMA cache_size=-4096; DELETE FROM best;", NULL, NULL, NULL) != SQLITE_OK ||
       sqlite3_prepare_v2 (changes->db, "SELECT rowid, sc_wtf (fts) FROM fts WHERE fts MATCH ?1", -1, &walk, NULL) != SQLITE_OK ||
       !find_frequent (changes->db, changes->threshold, NULL, two_threads ? VOCAB_SPLIT : NULL, all)))
    ok = set_error (error, changes->db);
  if (thread != NULL)
    {
      g_thread_join (thread);
      g_free (vocab_job.path);
      if (vocab_job.ok)
        g_ptr_array_extend_and_steal (all, vocab_job.terms);
      else
        {
          /* The second thread could not read (all of) its words: here. */
          g_ptr_array_set_free_func (vocab_job.terms, (GDestroyNotify) term_free);
          g_ptr_array_unref (vocab_job.terms);
          if (ok && !find_frequent (changes->db, changes->threshold, VOCAB_SPLIT, NULL, all))
            ok = set_error (error, changes->db);
        }
    }
  for (guint i = 0; i < all->len; i++)
    {
      Term *term = g_ptr_array_index (all, i);

      g_hash_table_insert (changes->terms, term->term, term);
    }
  if (!ok)
    goto out;
  thread = NULL;

  /* The words by how many rows they have, dealt alternately to the two
   * threads: about the same work each. */
  g_ptr_array_sort (all, compare_terms_by_rows);
  for (guint i = 0; i < all->len; i++)
    g_ptr_array_add (i % 2 == 0 || path == NULL || *path == '\0' ? mine : theirs, g_ptr_array_index (all, i));
  if (theirs->len > 0)
    {
      job = (WalkJob) { changes, &lengths, theirs, g_strdup (path), FALSE };
      thread = g_thread_new ("sc-index-best", walk_thread, &job);
    }

  ok = TRUE;
  for (guint i = 0; ok && i < mine->len; i++)
    ok = walk_term (changes, walk, &lengths, g_ptr_array_index (mine, i), error);
  if (thread != NULL)
    {
      g_thread_join (thread);
      g_free (job.path);
      /* The second thread could not read: do its share here. */
      for (guint i = 0; ok && !job.ok && i < theirs->len; i++)
        {
          Term *term = g_ptr_array_index (theirs, i);

          g_ptr_array_set_size (term->buckets, 0);
          ok = walk_term (changes, walk, &lengths, term, error);
        }
    }

  ok = ok &&
       write_terms (changes, TRUE, error) &&
       set_meta (changes->db, "best_average", lengths.average, error) &&
       set_meta (changes->db, "best_docs", g_hash_table_size (changes->doc_buckets), error) &&
       set_meta (changes->db, "best_changed", 0, error);

out:
  lengths_clear (&lengths);
  return ok;
}

/* Drops the entries of removed documents; a list left too short to trust
 * is rebuilt by walking its word again. */
static gboolean
drop_removed (ScFtsChanges  *changes,
              GPtrArray     *short_terms)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, changes->terms);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Term *term = value;
      gboolean too_short = FALSE;

      for (guint b = 0; b < term->buckets->len; b++)
        {
          Bucket *bucket = g_ptr_array_index (term->buckets, b);
          guint kept = 0;

          if (bucket == NULL)
            continue;
          for (guint i = 0; i < bucket->entries->len; i++)
            {
              ScFtsEntry entry = g_array_index (bucket->entries, ScFtsEntry, i);
              gint64 num = SC_INDEX_ROWID_NUM (entry.rowid);

              if (!g_hash_table_contains (changes->removed, &num))
                g_array_index (bucket->entries, ScFtsEntry, kept++) = entry;
            }
          if (kept != bucket->entries->len)
            {
              g_array_set_size (bucket->entries, kept);
              bucket->dirty = TRUE;
              bucket->heap = FALSE;
            }
          if (bucket->rows > (gint64) kept && kept < SC_FTS_KEEP / 2)
            too_short = TRUE;
        }
      if (too_short)
        g_ptr_array_add (short_terms, term);
    }
  return TRUE;
}

gboolean
sc_fts_changes_apply (ScFtsChanges  *changes,
                      gint64         first_new_num,
                      GError       **error)
{
  g_autoptr(GPtrArray) short_terms = g_ptr_array_new ();
  gint64 changed, docs;
  AddContext context;

  if (!load (changes, error))
    return FALSE;

  docs = meta_int (changes->db, "best_docs", 0);
  changed = meta_int (changes->db, "best_changed", 0) + changes->forgotten;
  if (!changes->rebuild)
    {
      gint64 added = 0;

      g_autoptr(sqlite3_stmt) stmt = NULL;

      if (sqlite3_prepare_v2 (changes->db, "SELECT count(*) FROM docs WHERE num >= ?1", -1, &stmt, NULL) != SQLITE_OK)
        return set_error (error, changes->db);
      sqlite3_bind_int64 (stmt, 1, first_new_num);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        added = sqlite3_column_int64 (stmt, 0);
      changed += added;
      if (changed > REBUILD_SHARE * MAX (docs, 100))
        changes->rebuild = TRUE;
    }

  if (changes->rebuild)
    {
      if (!rebuild (changes, error))
        return FALSE;
    }
  else
    {
      Lengths lengths = { 0 };
      gboolean ok = TRUE;

      /* Documents numbered since the lists were loaded may be new buckets. */
      if (!load_doc_buckets (changes, error) || !drop_removed (changes, short_terms))
        return FALSE;

      context.avg_length = meta_double (changes->db, "best_average", 1.0);
      if (!read_rows (changes, SC_INDEX_ROWID (first_new_num, 0), G_MAXINT64, add_row, &context, error))
        return FALSE;

      if (short_terms->len > 0)
        {
          g_autoptr(sqlite3_stmt) walk = NULL;

          if (!load_lengths (changes->db, &lengths, error) ||
              sqlite3_prepare_v2 (changes->db, "SELECT rowid, sc_wtf (fts) FROM fts WHERE fts MATCH ?1",
                                  -1, &walk, NULL) != SQLITE_OK)
            ok = set_error (error, changes->db);
          for (guint i = 0; ok && i < short_terms->len; i++)
            {
              Term *term = g_ptr_array_index (short_terms, i);

              g_ptr_array_set_size (term->buckets, 0);
              ok = walk_term (changes, walk, &lengths, term, error);
              for (guint b = 0; ok && b < term->buckets->len; b++)
                if (g_ptr_array_index (term->buckets, b) != NULL)
                  ((Bucket *) g_ptr_array_index (term->buckets, b))->dirty = TRUE;
            }
          lengths_clear (&lengths);
          if (!ok)
            return FALSE;
        }

      if (!write_terms (changes, FALSE, error) ||
          !set_meta (changes->db, "best_changed", changed, error))
        return FALSE;
    }

  return set_meta (changes->db, "best_threshold", changes->threshold, error) &&
         set_meta (changes->db, "best_dirty", 0, error) &&
         set_meta (changes->db, "best_valid", 1, error);
}
