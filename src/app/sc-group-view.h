/* sc-group-view.h: what the Groups page shows, as plain data
 *
 * The page draws a group from one ScGroupView: the schedule with the next
 * meeting first, the members × sessions grid (readings done and
 * attendance per cell), completion per session as chart bars, per member
 * progress, and who is behind for the next meeting. Everything is
 * computed here from the study store and the group's guide with
 * sc_group_progress_compute(), so the numbers are the CLI's and the
 * reports', and a test checks them without a display. GTK-free.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sc-guide.h"
#include "sc-study.h"
#include "sc-study-progress.h"

G_BEGIN_DECLS

/* A reading's name for people ("Wages and Profit — Wages to Profit"), or
 * NULL to fall back on its ids. @from and @to may be NULL. */
typedef char *(*ScGroupViewNameFunc) (const char *text_id,
                                      const char *from,
                                      const char *to,
                                      gpointer    user_data);

/* What the view needs beyond the store: every field may be NULL / 0. */
typedef struct {
  ScGuide              *guide;             /* the group's guide */
  ScWordCountFunc       word_count;        /* minutes of readings without them */
  ScLookupFunc          lookup;            /* in_library of assigned texts */
  ScGroupViewNameFunc   name;              /* names of library readings */
  gpointer              user_data;         /* for the three functions */
} ScGroupViewSources;

typedef struct {
  char             *key;          /* the reading's key in progress records */
  char             *title;        /* for people */
  char             *text_id;      /* NULL for an external work */
  char             *from;         /* first section, may be NULL */
  guint             minutes;      /* 0 when unknown */
  gboolean          in_library;
  char             *member_id;    /* assigned to one member only, or NULL */
  char             *member_name;  /* that member's name, or NULL */
  ScReadingStatus   status;       /* in a member's list: theirs */
} ScGroupViewReading;

/* One member at one session. */
typedef struct {
  guint          assigned;        /* readings due there for them */
  guint          done;
  char          *reading_label;   /* "1/3", "✓" when all done, "–" when none */
  ScAttendance   attendance;
  gboolean       questions_prepared;
} ScGroupViewCell;

typedef struct {
  char             *member_id;
  char             *name;
  ScRole            role;
  gboolean          is_me;        /* the person at this computer */
  gboolean          behind;       /* not ready for the next meeting */
  double            completion;   /* sc-study-progress.h's numbers */
  double            ready;
  double            attendance_rate;
  gboolean          attendance_known;   /* present or absent recorded */
  char             *completion_label;   /* "3 of 4 readings" */
  char             *ready_label;        /* "1 of 2 for session 2" */
  char             *attendance_label;   /* "2 of 3 meetings" */
  ScGroupViewCell  *cells;        /* [session - 1], n_sessions of them */
} ScGroupViewMember;

typedef struct {
  guint      session;
  char      *title;               /* the guide's session title, or NULL */
  char      *heading;             /* "Session 2 · Strikes" or "Session 2" */
  char      *date;                /* "YYYY-MM-DD", or NULL */
  char      *date_label;          /* "Tue, 12 Mar 2024", or "No date yet" */
  char      *place;               /* may be NULL */
  gboolean   date_set;            /* set by hand, not from the cadence */
  gboolean   is_next;
  gboolean   is_past;
  guint      readings;            /* that count for the session */
  guint      minutes;             /* of the readings for everyone */
  guint      pairs;               /* member × reading pairs to be done */
  guint      pairs_done;
  double     completion;          /* pairs_done / pairs; 1.0 when none */
} ScGroupViewSession;

/* One bar of the completion chart: one session. */
typedef struct {
  char      *label;               /* "2" */
  char      *value_label;         /* "25%", or "–" with nothing to read */
  char      *description;         /* for screen readers: "Session 2: 25% of the readings done" */
  double     value;               /* 0 … 1 */
  gboolean   empty;               /* nothing to read at that session */
  gboolean   highlight;           /* the next meeting */
  gboolean   past;
} ScGroupViewBar;

typedef struct {
  ScGroup      *group;
  char         *guide_title;      /* NULL without a guide in the library */
  char         *status_label;     /* "Active" */
  guint         n_sessions;
  guint         next_session;     /* 0: every session is past */
  GPtrArray    *sessions;         /* (element-type ScGroupViewSession) 1 … n_sessions */
  GPtrArray    *schedule;         /* the same, unowned: the next first, then the rest in order */
  GPtrArray    *members;          /* (element-type ScGroupViewMember) by name */
  GPtrArray    *bars;             /* (element-type ScGroupViewBar) 1 … n_sessions */
  GPtrArray    *next_readings;    /* (element-type ScGroupViewReading) due at the next meeting */
  guint         next_minutes;     /* of the next meeting's readings for everyone */
  char        **behind;           /* names of members behind, NULL-terminated */
  guint         n_ready;          /* members ready for the next meeting */
  double        ready_share;      /* n_ready / members; 0 without members */
  char         *ready_label;      /* "1 of 3 members ready" */
  double        completion;       /* all members' readings done up to the next meeting */
  gboolean      has_completion;   /* anything was due at all */
  char         *next_label;       /* for the list: "Next: Tue, 12 Mar 2024" */
  char         *me_id;            /* who I am in the group, or NULL */

  /* For sc_group_view_member_readings() */
  GPtrArray    *readings;         /* (element-type ScGroupViewReading) all, with counts_at */
  guint        *counts_at;        /* parallel to @readings */
  GHashTable   *status;           /* "MEMBER\nKEY" → ScReadingStatus */
  gint          ref_count;
} ScGroupView;

/* @today: "YYYY-MM-DD". @sources may be NULL. */
ScGroupView        *sc_group_view_compute           (ScStudyStore             *store,
                                                     const char               *group_id,
                                                     const ScGroupViewSources *sources,
                                                     const char               *today,
                                                     GError                  **error);
/* A view is shared by the widgets that show it (a grid cell's popover
 * reads it when it opens): reference counted. */
ScGroupView        *sc_group_view_ref               (ScGroupView              *view);
void                sc_group_view_unref             (ScGroupView              *view);

/* The member's row, or NULL; @index (nullable) gets its position. */
ScGroupViewMember  *sc_group_view_find_member       (ScGroupView              *view,
                                                     const char               *member_id,
                                                     guint                    *index);
const ScGroupViewSession *sc_group_view_get_session (ScGroupView              *view,
                                                     guint                     session);
/* The readings due at @session for the member (element-type
 * ScGroupViewReading, with the member's status): what a grid cell's
 * popover lists. */
GPtrArray          *sc_group_view_member_readings   (ScGroupView              *view,
                                                     const char               *member_id,
                                                     guint                     session);

/* The groups as the list shows them: active first, then planned,
 * finished and archived, each by name. Sorts @groups (element-type
 * ScGroup) in place. */
void                sc_group_view_sort_groups       (GPtrArray                *groups);

/* A click on a cell's attendance: not recorded → present → absent →
 * excused → not recorded. */
ScAttendance        sc_group_view_next_attendance   (ScAttendance              attendance);
const char         *sc_group_view_attendance_label  (ScAttendance              attendance);
const char         *sc_group_view_status_label      (ScGroupStatus             status);
/* "Tue, 12 Mar 2024" from "2024-03-12"; NULL for anything else. */
char               *sc_group_view_format_date       (const char               *iso);
/* "2/3", "✓" (all done) or "–" (none due). */
char               *sc_group_view_reading_label     (guint                     done,
                                                     guint                     assigned);
/* "67%" */
char               *sc_group_view_percent           (double                    share);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScGroupView, sc_group_view_unref)

G_END_DECLS
