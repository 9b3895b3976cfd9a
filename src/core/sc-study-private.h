/* sc-study-private.h: what the files of the study store share
 *
 * The store is one type split by concern: sc-study.c opens the file and
 * keeps its schema, transactions and helpers; sc-study-groups.c groups and
 * meetings; sc-study-members.c members; sc-study-assignments.c assignments;
 * sc-study-records.c progress, attendance and what was exchanged;
 * sc-study-reading.c my own reading. Nothing outside those files includes
 * this header (the store's tests do, to look at the connection itself).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "sc-sqlite.h"
#include "sc-study.h"

G_BEGIN_DECLS

/* "SCst": marks a file as a Study Circle study database, so that another
 * program's database (or our own search index) is never migrated. */
#define SC_STUDY_APPLICATION_ID 0x53437374

/* Ids are found by a unique prefix of at least this many characters. */
#define SC_STUDY_MIN_PREFIX 4

struct _ScStudyStore {
  char    *path;
  sqlite3 *db;
  gint64   last_stamp;
};

/* The connection (same thread as the store). */
sqlite3      *sc_study_store_get_db      (ScStudyStore  *store);

/* Enumerations as they are stored and written. */
extern const char *const sc_study_status_names[4];
extern const char *const sc_study_cadence_names[3];
extern const char *const sc_study_role_names[2];
extern const char *const sc_study_reading_names[3];
extern const char *const sc_study_attendance_names[4];

/* A stored enumeration; a value the schema's CHECK let through but this
 * code does not know (impossible short of hand edits) reads as 0. */
guint         sc_study_column_enum       (sqlite3_stmt       *stmt,
                                          int                 column,
                                          const char *const  *names,
                                          guint               n_names);

/* Errors */
gboolean      sc_study_db_error          (ScStudyStore  *store,
                                          int            rc,
                                          GError       **error);
gboolean      sc_study_invalid           (GError       **error,
                                          const char    *format,
                                          ...) G_GNUC_PRINTF (2, 3);

/* Statements */
sqlite3_stmt *sc_study_prepare           (ScStudyStore  *store,
                                          const char    *sql,
                                          GError       **error);
gboolean      sc_study_exec              (ScStudyStore  *store,
                                          const char    *sql,
                                          GError       **error);
/* Steps a statement that returns nothing (or whose rows are not needed). */
gboolean      sc_study_run               (ScStudyStore  *store,
                                          sqlite3_stmt  *stmt,
                                          GError       **error);
/* Binds NULL for an empty string, so "" and NULL never both mean "none". */
void          sc_study_bind_optional     (sqlite3_stmt  *stmt,
                                          int            column,
                                          const char    *text);
/* The store's `updated` of the record @sql selects, 0 when there is none.
 * @keys (NULL-terminated) are bound first, then @number when not 0. */
gboolean      sc_study_lookup_updated    (ScStudyStore       *store,
                                          const char         *sql,
                                          const char *const  *keys,
                                          gint64              number,
                                          gint64             *updated,
                                          GError            **error);

/* A time for `updated`: later than any this connection gave before. */
gint64        sc_study_next_stamp        (ScStudyStore  *store);

/* One transaction per user action; inside sc_study_store_begin() a call
 * joins the caller's transaction (*@owned is FALSE). */
gboolean      sc_study_txn_begin         (ScStudyStore  *store,
                                          gboolean      *owned,
                                          GError       **error);
gboolean      sc_study_txn_end           (ScStudyStore  *store,
                                          gboolean       owned,
                                          gboolean       ok,
                                          GError       **error);
/* A merge step: *@applied starts FALSE and becomes @wrote on success. */
gboolean      sc_study_merge_begin       (ScStudyStore  *store,
                                          gboolean      *applied,
                                          gboolean      *owned,
                                          GError       **error);
gboolean      sc_study_merge_end         (ScStudyStore  *store,
                                          gboolean       owned,
                                          gboolean       ok,
                                          gboolean       wrote,
                                          gboolean      *applied,
                                          GError       **error);
/* A merged record needs its own time of change. */
gboolean      sc_study_check_stamp       (gint64         updated,
                                          GError       **error);
gboolean      sc_study_check_session     (guint          session,
                                          GError       **error);

/* Strings and dates */
gboolean      sc_study_str_empty         (const char    *str);
/* Names compare case-insensitively in any script ("Círculo" = "CÍRCULO"). */
gboolean      sc_study_names_equal       (const char    *a,
                                          const char    *b);
char         *sc_study_date_add_days     (const char    *date,
                                          guint          days);
char         *sc_study_today             (void);

/* @stmt yields (id, name) rows, name may be NULL. Exact id first, then
 * exact name (case-insensitive), then a unique prefix of the id;
 * SC_ERROR_NOT_FOUND when none or several. @what names the kind of record
 * for the error. */
char         *sc_study_resolve_id        (ScStudyStore  *store,
                                          sqlite3_stmt  *stmt,
                                          const char    *what,
                                          const char    *key,
                                          GError       **error);

/* Existence checks, SC_ERROR_NOT_FOUND when not. */
gboolean      sc_study_group_exists      (ScStudyStore  *store,
                                          const char    *group_id,
                                          GError       **error);
ScGroup      *sc_study_get_group         (ScStudyStore  *store,
                                          const char    *group_id,
                                          GError       **error);
gboolean      sc_study_member_exists     (ScStudyStore  *store,
                                          const char    *member_id,
                                          GError       **error);
/* TRUE when @member_id is a current (not removed) member of the group. */
gboolean      sc_study_is_current_member (ScStudyStore  *store,
                                          const char    *group_id,
                                          const char    *member_id,
                                          GError       **error);

G_END_DECLS
