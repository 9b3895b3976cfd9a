/* sc-study-progress.h: what a group's records add up to
 *
 * The numbers a facilitator looks at before a meeting, computed from the
 * study store and the group's guide as plain data, so the app, the CLI and
 * the reports show the same thing and the tests can check it by hand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sc-guide.h"
#include "sc-study.h"

G_BEGIN_DECLS

/* Words in the sections @from … @to of a text (both NULL: the whole text),
 * 0 when unknown. The CLI and the app pass sc_index_count_words(). */
typedef guint (*ScWordCountFunc) (const char *text_id,
                                  const char *from,
                                  const char *to,
                                  gpointer    user_data);

typedef struct {
  char     *member_id;
  char     *name;
  /* Readings due at the next session (for everyone or for this member);
   * one due on a date only counts for the first meeting on or after it,
   * and one due at no session nor date counts nowhere… */
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
} ScMemberProgress;

typedef struct {
  guint     session;
  char     *date;               /* the meeting's date, or NULL */
  guint     readings;           /* for everyone or for one member */
  guint     pairs;              /* member × reading pairs to be done */
  guint     pairs_done;
  double    completion;         /* pairs_done / pairs; 1.0 when none */
  guint     minutes;            /* of the readings for everyone */
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
 * to a current member), by session; those due on a date only come last.
 * @guide may be NULL (assignments only), else it must be the group's guide.
 * @session 0: all sessions; N: session N's, with those due on a date that
 * falls to it (the first meeting on or after the due date). Minutes come
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
