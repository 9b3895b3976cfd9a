/* sc-study-progress.h: what a group's records add up to
 *
 * The numbers a facilitator looks at before a meeting, computed from the
 * study store and the group's guide as plain data, so the app, the CLI and
 * the reports show the same thing and the tests can check it by hand.
 *
 * One rule for all of them: a session's readings are the guide's readings
 * of that session and the assignments due at it, for everyone or for one
 * member; an assignment due on a date only counts for the first meeting on
 * or after that date. A reading's minutes come from the guide, or from its
 * words at a reading speed, rounded up; a session's minutes are those of
 * the readings for everyone (one member's own reading is theirs alone).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sc-guide.h"
#include "sc-study.h"

G_BEGIN_DECLS

/* Words a minute when minutes come from a word count: a careful reading of
 * a study text, not skimming. */
#define SC_STUDY_WORDS_PER_MINUTE 200

/* Minutes to read @words at @words_per_minute, rounded up (a 14-word
 * section is a minute, not none); 0 when either is 0. */
guint sc_study_reading_minutes (guint words,
                                guint words_per_minute);

/* Words in the sections @from … @to of a text (both NULL: the whole text),
 * 0 when unknown. The CLI and the app pass sc_index_count_words(). */
typedef guint (*ScWordCountFunc) (const char *text_id,
                                  const char *from,
                                  const char *to,
                                  gpointer    user_data);

/* One member at one session: the readings due there for them, and done. */
typedef struct {
  guint     assigned;
  guint     done;
} ScMemberSessionProgress;

typedef struct {
  char     *member_id;
  char     *name;
  /* Readings due at the next session (for everyone or for this member),
   * where each counts (ScStudyReading.counts_at)… */
  guint     next_assigned;
  guint     next_done;
  double    ready;              /* next_done / next_assigned; 1.0 when none */
  /* …and at every session up to and including the next one (all
   * sessions when there is no next one). */
  guint     assigned;
  guint     done;
  double    completion;         /* done / assigned; 1.0 when none */
  guint     present;
  guint     absent;
  guint     excused;
  double    attendance_rate;    /* present / (present + absent); 0 when neither */
  gboolean  behind;             /* not ready for the next session */
  ScMemberSessionProgress *sessions;  /* each session's, 1 … n_sessions at [0 …] */
} ScMemberProgress;

typedef struct {
  guint     session;
  char     *date;               /* the meeting's date, or NULL */
  guint     readings;           /* for everyone or for one member */
  guint     pairs;              /* member × reading pairs to be done */
  guint     pairs_done;
  double    completion;         /* pairs_done / pairs; 1.0 when none */
  guint     minutes;            /* of the readings for everyone; each rounded up */
} ScSessionProgress;

typedef struct {
  char        *group_id;
  guint        n_sessions;
  guint        next_session;    /* 0: every session is past */
  char        *next_date;       /* may be NULL */
  GPtrArray   *members;         /* (element-type ScMemberProgress) current members, by name */
  GPtrArray   *sessions;        /* (element-type ScSessionProgress) 1 … n_sessions */
  char       **behind;          /* names of members behind, NULL-terminated */
} ScGroupProgress;

/* The readings of a group (element-type ScStudyReading): the guide's
 * readings of each session, then the group's assignments (to everyone or
 * to a current member), by session; those due on a date only come last,
 * each with the session it counts for (counts_at).
 * @guide may be NULL (assignments only), else it must be the group's guide.
 * @session 0: all of them; N: those that count for session N. Minutes come
 * from the guide, else from @word_count at @words_per_minute (rounded up),
 * else 0; in_library from @lookup (NULL: assumed present; external works:
 * never). */
GPtrArray       *sc_study_group_readings     (ScStudyStore     *store,
                                              const char       *group_id,
                                              ScGuide          *guide,
                                              guint             session,
                                              ScWordCountFunc   word_count,
                                              ScLookupFunc      lookup,
                                              gpointer          user_data,
                                              guint             words_per_minute,
                                              GError          **error);

/* @today: "YYYY-MM-DD". The next session is the first one that is not
 * past; a session is past when its meeting date is before @today or, when
 * its date is unknown, when anyone's attendance is recorded for it. */
ScGroupProgress *sc_group_progress_compute   (ScStudyStore     *store,
                                              const char       *group_id,
                                              ScGuide          *guide,
                                              const char       *today,
                                              ScWordCountFunc   word_count,
                                              ScLookupFunc      lookup,
                                              gpointer          user_data,
                                              guint             words_per_minute,
                                              GError          **error);
void             sc_group_progress_free      (ScGroupProgress  *progress);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScGroupProgress, sc_group_progress_free)

G_END_DECLS
