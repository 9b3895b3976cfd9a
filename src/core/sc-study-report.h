/* sc-study-report.h: what a study group did, as tables and printable pages
 *
 * The roster × sessions table (per member and session: readings done of
 * those due, and attendance) as CSV for spreadsheets or as a printable HTML
 * page, and the facilitator's handout for one session: date and place, the
 * readings with their exact sections and minutes, the discussion questions
 * and the key terms.
 *
 * Everything here reads the store and never writes it. Headings and labels
 * are translated (gettext); names, titles and notes are shown as they are,
 * escaped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sc-guide.h"
#include "sc-index.h"
#include "sc-study.h"
#include "sc-study-progress.h"

G_BEGIN_DECLS

/* What a report needs beyond the store. Every field may be NULL / 0: a
 * report without the guide shows only the assigned readings, one without
 * the index names texts and sections by their ids. */
typedef struct {
  ScGuide    *guide;              /* the guide the group follows */
  ScGlossary *glossary;           /* defines the handout's key terms */
  ScIndex    *index;              /* names texts and sections, counts their words */
  guint       words_per_minute;   /* 0: SC_STUDY_WORDS_PER_MINUTE */
} ScStudyReportSources;

/* One member at one session. */
typedef struct {
  guint         done;             /* readings due at the session that are done */
  guint         total;            /* readings due at the session for the member */
  ScAttendance  attendance;
  gboolean      questions_prepared;
} ScStudyRosterCell;

/* The roster × sessions table as plain data, for the reports and the app. */
typedef struct {
  ScGroup            *group;
  GPtrArray          *members;    /* (element-type ScMember) the rows */
  GPtrArray          *meetings;   /* (element-type ScMeeting) the columns, session 1…n */
  guint               n_sessions;
  ScStudyRosterCell  *cells;      /* members->len × n_sessions, row by row */
} ScStudyRoster;

/* The library's index as the progress numbers ask for it (@index: an
 * ScIndex): an ScWordCountFunc and an ScLookupFunc. */
guint              sc_study_index_word_count     (const char                 *text_id,
                                                  const char                 *from,
                                                  const char                 *to,
                                                  gpointer                    index);
gboolean           sc_study_index_lookup         (const char                 *text_id,
                                                  const char                 *section_id,
                                                  gpointer                    index);

/* Fills @sources for a group following @guide_id (may be NULL): reads the
 * guide from the index's library, marks its readings in or out of the
 * library, and finds the glossary in the guide's language. A guide the
 * library does not have is no error (the reports show assigned readings
 * only); a guide file that cannot be read is. @index is borrowed. */
gboolean           sc_study_report_sources_load  (ScStudyReportSources  *sources,
                                                  ScIndex               *index,
                                                  const char            *guide_id,
                                                  GError               **error);
/* Frees what sc_study_report_sources_load() read; the index is not closed. */
void               sc_study_report_sources_clear (ScStudyReportSources  *sources);

/* The numbers are sc_group_progress_compute()'s, so the reports, the app
 * and the CLI agree: the schedule has the guide's sessions, or as many as
 * the group's records name; a session's readings are the guide's and the
 * assignments due at it, for everyone or for one member, and an assignment
 * due on a date only counts for the first meeting on or after that date. */
ScStudyRoster     *sc_study_roster_compute       (ScStudyStore               *store,
                                                  const char                 *group_id,
                                                  const ScStudyReportSources *sources,
                                                  GError                    **error);
const ScStudyRosterCell *sc_study_roster_get_cell (const ScStudyRoster       *roster,
                                                  guint                       member_index,
                                                  guint                       session);
void               sc_study_roster_free          (ScStudyRoster              *roster);

/* The roster × sessions table as CSV (RFC 4180: CRLF line ends, fields
 * quoted when needed): a header row, then one row per member with, for
 * each session, "done/total" and the attendance. */
char              *sc_study_report_csv           (ScStudyStore               *store,
                                                  const char                 *group_id,
                                                  const ScStudyReportSources *sources,
                                                  GError                    **error);
/* The same table as a complete, printable HTML page (UTF-8). */
char              *sc_study_report_html          (ScStudyStore               *store,
                                                  const char                 *group_id,
                                                  const ScStudyReportSources *sources,
                                                  GError                    **error);
/* The facilitator's handout for @session (1-based), a complete printable
 * HTML page: every reading that counts for the session with its minutes,
 * and the reading time for everyone (ScSessionProgress.minutes).
 * SC_ERROR_NOT_FOUND when the schedule has no such session. */
char              *sc_study_report_handout_html  (ScStudyStore               *store,
                                                  const char                 *group_id,
                                                  const ScStudyReportSources *sources,
                                                  guint                       session,
                                                  GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScStudyRoster, sc_study_roster_free)

G_END_DECLS
