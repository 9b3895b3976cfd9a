/* sc-fts.h: the best sections of frequent words (private to the core)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Sections kept per word and (language, kind) bucket. */
#define SC_FTS_KEEP 256
/* A word found in at least this many sections is frequent and gets lists;
 * the environment variable SC_INDEX_FREQUENT_ROWS overrides it (tests). */
#define SC_FTS_FREQUENT_ROWS 1500

/* The column weights of the ranking (title, authors, heading, body). */
#define SC_FTS_RANK "bm25(10.0, 6.0, 4.0, 1.0)"
#define SC_FTS_COLUMNS 4
extern const double sc_fts_weights[SC_FTS_COLUMNS];
/* bm25's k1 + 1: no row's impact reaches it. */
#define SC_FTS_MAX_IMPACT 2.2

typedef struct {
  gint64 rowid;
  double impact;   /* bm25 without the word's idf: the row's share */
} ScFtsEntry;

typedef struct _ScFtsChanges ScFtsChanges;

/* Registers what the index's SQL needs on a connection: sc_wtf(fts) and
 * sc_rank(fts, idfs). */
gboolean      sc_fts_setup              (sqlite3       *db,
                                         GError       **error);

/* Called while a run changes the index: forget a document before its rows
 * are deleted; after the run, bring the lists up to date with every
 * document numbered @first_new_num or above (the ones the run added). */
ScFtsChanges *sc_fts_changes_new        (sqlite3       *db);
/* Marks the lists stale until sc_fts_changes_apply(): call it in the
 * transaction that makes the run's first change. */
gboolean      sc_fts_changes_begin      (ScFtsChanges  *changes,
                                         GError       **error);
/* Whether the lists need sc_fts_changes_apply() even if nothing changed. */
gboolean      sc_fts_lists_stale        (sqlite3       *db);
gboolean      sc_fts_changes_forget_doc (ScFtsChanges  *changes,
                                         gint64         num,
                                         GError       **error);
gboolean      sc_fts_changes_apply      (ScFtsChanges  *changes,
                                         gint64         first_new_num,
                                         GError       **error);
void          sc_fts_changes_free       (ScFtsChanges  *changes);

/* The tokenizer the index uses (unicode61, diacritics removed), for
 * reading text as the index reads it. Free with tokenizer->xDelete(). */
gboolean      sc_fts_get_tokenizer      (sqlite3        *db,
                                         fts5_tokenizer *tokenizer,
                                         Fts5Tokenizer **tok);

/* What the search reads. The word's total over all buckets: rows, and the
 * bm25 idf FTS5 would use for it. */
double        sc_fts_idf                (gint64         rows_total,
                                         gint64         rows_matching);
/* BM25's share of a row for a word found @wtf times (weighted by column) in
 * a row of @length tokens, when rows average @avg_length. */
double        sc_fts_impact             (double         wtf,
                                         double         length,
                                         double         avg_length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScFtsChanges, sc_fts_changes_free)

G_END_DECLS
