/* sc-study-exchange.h: sharing a study group's records without a server
 *
 * A progress file (data/schema/progress.rng) carries a whole group, or one
 * member's progress, from one computer to another through any shared
 * folder. Importing merges it record by record: the newer change wins,
 * importing the same file twice changes nothing, and a record that both
 * sides changed since they last exchanged it is reported as a conflict
 * (the newer version is kept). Exporting notes what the file carries as
 * sent, so a change the other side makes to it later is an update here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sc-study.h"

G_BEGIN_DECLS

/* What an import did. Every record of the file is counted once, in exactly
 * one of added, updated, unchanged and conflicts; a <member> counts once
 * although it carries two records (the person and the membership): as
 * the more telling of the two (a conflict, else added, else updated). */
typedef struct {
  guint      added;          /* records the store did not have */
  guint      updated;        /* records changed on their side only: theirs taken */
  guint      unchanged;      /* the same, or older than the store's */
  guint      conflicts;      /* changed on both sides: the newer kept */
  GPtrArray *conflict_lines; /* (element-type utf8) one line per record in conflict, for people:
                              * "member Ana, reading guide:s1:1: kept theirs (newer: …)" */
  char      *group_id;       /* the group the file is about */
  char      *group_name;
  char      *from;           /* who wrote the file, as it says; may be NULL */
  gint64     exported;       /* when, Unix ms UTC */
} ScStudyImportReport;

void      sc_study_import_report_init   (ScStudyImportReport  *report);
void      sc_study_import_report_clear  (ScStudyImportReport  *report);

/* Writes the group's records as a progress file: all of them, or with
 * @member_id only that member's (member, progress, attendance and
 * assignments) with the group and its group-wide assignments. One
 * transaction, which notes the records as sent (so not inside
 * sc_study_store_begin()). Tombstones
 * (removed members and assignments) are included so removals travel.
 * @group_id and @member_id may be anything sc_study_store_find_group() and
 * sc_study_store_find_member() take; @from (nullable) says who wrote the
 * file (default: the member's name for a one-member file).
 * Returns: (transfer full): the XML document, UTF-8 */
char     *sc_study_export                (ScStudyStore         *store,
                                          const char           *group_id,
                                          const char           *member_id,
                                          const char           *from,
                                          GError              **error);
/* The same, written to @path (replaced atomically); the records count as
 * sent only once the file is written. */
gboolean  sc_study_export_to_file        (ScStudyStore         *store,
                                          const char           *group_id,
                                          const char           *member_id,
                                          const char           *from,
                                          const char           *path,
                                          GError              **error);

/* Merges a progress file into the store in one transaction. A file that is
 * not well-formed, not a progress file, invalid against the schema or
 * inconsistent (a record twice, a member nobody knows) is refused as a
 * whole with "DISPLAY_NAME:LINE: message" and the store is untouched.
 * @report (nullable, initialized with sc_study_import_report_init()) is
 * filled on success. */
gboolean  sc_study_import_memory         (ScStudyStore         *store,
                                          const char           *data,
                                          gsize                 length,
                                          const char           *display_name,
                                          ScStudyImportReport  *report,
                                          GError              **error);
gboolean  sc_study_import_file           (ScStudyStore         *store,
                                          const char           *path,
                                          ScStudyImportReport  *report,
                                          GError              **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScStudyImportReport, sc_study_import_report_clear)

G_END_DECLS
