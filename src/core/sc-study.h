/* sc-study.h: study groups, members, schedules, progress and my own reading
 *
 * User data, kept in $XDG_DATA_HOME/studycircle/study.db: months of a
 * group's work that must never be lost. Texts are referenced by their id
 * (and section ids), never by path or index rowid, so rebuilding the index
 * or moving files changes nothing here.
 *
 * Every record that is shared between members' computers (groups, members,
 * memberships, meetings, assignments, progress, attendance) carries a
 * globally unique id or a natural key and an `updated` time (Unix ms, UTC),
 * so progress files can be merged record by record: the newer change wins.
 *
 * One ScStudyStore is one SQLite connection: use it from one thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sc-guide.h"

G_BEGIN_DECLS

/* Version 1: the first schema. Version 2 added meetings.place,
 * highlights.updated, exchange_base (what was last exchanged of each
 * record, for sc-study-exchange.c) and identity (who is "me" in each
 * group, on this computer only). */
#define SC_STUDY_SCHEMA_VERSION 2

typedef struct _ScStudyStore ScStudyStore;

typedef enum {
  SC_GROUP_PLANNED,
  SC_GROUP_ACTIVE,
  SC_GROUP_FINISHED,
  SC_GROUP_ARCHIVED,
} ScGroupStatus;

typedef enum {
  SC_CADENCE_WEEKLY,
  SC_CADENCE_FORTNIGHTLY,
  SC_CADENCE_CUSTOM,       /* every meeting date is set by hand */
} ScCadence;

typedef enum {
  SC_ROLE_MEMBER,
  SC_ROLE_FACILITATOR,
} ScRole;

typedef enum {
  SC_READING_NOT_STARTED,
  SC_READING_READING,
  SC_READING_DONE,
} ScReadingStatus;

typedef enum {
  SC_ATTENDANCE_UNKNOWN,   /* not recorded yet */
  SC_ATTENDANCE_PRESENT,
  SC_ATTENDANCE_ABSENT,
  SC_ATTENDANCE_EXCUSED,
} ScAttendance;

/* Dates are ISO 8601 calendar dates, "YYYY-MM-DD"; times are Unix ms, UTC. */

typedef struct {
  char          *id;            /* a UUID */
  char          *name;
  char          *branch;        /* branch or place; may be NULL */
  char          *guide_id;      /* the guide it follows; may be NULL */
  char          *facilitator;   /* a name; may be NULL */
  char          *start_date;    /* may be NULL for a planned group */
  ScCadence      cadence;
  ScGroupStatus  status;
  gint64         updated;
} ScGroup;

typedef struct {
  guint     session;            /* 1-based number of the guide's session */
  char     *date;               /* set by hand, or start date + cadence; may be NULL */
  char     *place;              /* may be NULL */
  gboolean  date_set;           /* TRUE when the date was set by hand */
  gint64    updated;
} ScMeeting;

typedef struct {
  char    *id;                  /* a UUID */
  char    *name;
  char    *contact;             /* may be NULL */
  ScRole   role;                /* in the group it was listed for */
  char    *joined;              /* date joined that group; may be NULL */
  gint64   updated;             /* the membership's last change (role, joined, removed) */
  gint64   person_updated;      /* the person's last change (name, contact): one
                                 * record for all the groups they are in */
  gboolean removed;             /* a tombstone: removed from the group */
} ScMember;

typedef struct {
  char   *id;                   /* a UUID */
  char   *group_id;
  char   *member_id;            /* NULL: the whole group */
  char   *text_id;
  char   *from;                 /* section range; both NULL: the whole text */
  char   *to;
  guint   due_session;          /* 0: not tied to a session */
  char   *due_date;             /* may be NULL */
  char   *note;                 /* may be NULL */
  gint64  updated;
  gboolean removed;             /* a tombstone: the assignment was removed */
} ScAssignment;

/* One thing to read, from the guide or assigned, as progress sees it. */
typedef struct {
  char     *key;                /* stable key of the reading in progress records:
                                 * guide readings "guide:SESSION-ID:N" (N: 1-based
                                 * position in the session), assignments
                                 * "assignment:UUID" */
  guint     session;            /* 0 when due on a date only */
  guint     counts_at;          /* the session it counts for: its own, or for one
                                 * due on a date only, the first meeting on or
                                 * after that date; 0: none (no session, or a
                                 * date after the last meeting) */
  char     *text_id;            /* NULL for an external work */
  char     *from;
  char     *to;
  char     *title;              /* external work's title, or NULL */
  char     *member_id;          /* assigned to one member only, or NULL */
  char     *due_date;           /* may be NULL */
  char     *note;               /* may be NULL */
  guint     minutes;            /* from the guide, or from word counts; 0 when unknown */
  gboolean  in_library;         /* FALSE when the text (or section) left the library */
} ScStudyReading;

typedef struct {
  char            *member_id;
  char            *reading_key;
  ScReadingStatus  status;
  char            *done_date;   /* may be NULL */
  char            *note;        /* may be NULL */
  gint64           updated;
} ScProgress;

typedef struct {
  char          *member_id;
  guint          session;
  ScAttendance   attendance;
  gboolean       questions_prepared;
  gint64         updated;
} ScAttendanceRecord;

/* My own reading, on this computer. */
typedef struct {
  char    *text_id;
  char    *section_id;
  guint    offset;              /* character offset in the section */
  double   percent;             /* 0..100 of the whole text */
  gint64   last_opened;
} ScPosition;

typedef struct {
  char    *id;
  char    *text_id;
  char    *section_id;
  guint    offset;
  char    *label;               /* may be NULL */
  gint64   created;
} ScBookmark;

typedef struct {
  char    *id;
  char    *text_id;
  char    *section_id;
  guint    start;               /* character range in the section's text */
  guint    end;
  char    *note;                /* may be NULL */
  gint64   created;
  gint64   updated;
} ScHighlight;

/* Opening: WAL, synchronous=FULL, foreign keys, busy timeout, quick_check.
 * A newer schema version than this code knows (SC_ERROR_DATABASE), or a
 * file that fails its check (SC_ERROR_DAMAGED: the error names the file
 * and the newest usable backup, see sc-study-backup.h), is refused and
 * never written to. A read-only folder or file is a G_IO_ERROR; so are a
 * full disk (G_IO_ERROR_NO_SPACE) and a read-only file at any later write.
 * Older versions are migrated after a backup copy made with VACUUM INTO
 * (study.db.bak-vN next to it). */
ScStudyStore *sc_study_store_open           (const char      *path,
                                             GError         **error);
void          sc_study_store_close          (ScStudyStore    *store);
/* Without making anything: could study data be saved at @path? A
 * G_IO_ERROR naming the read-only folder or file when not. */
gboolean      sc_study_check_location       (const char      *path,
                                             GError         **error);
const char   *sc_study_store_get_path       (ScStudyStore    *store);

/* Groups */
ScGroup      *sc_study_group_new            (const char      *name);
ScGroup      *sc_study_group_copy           (const ScGroup   *group);
void          sc_study_group_free           (ScGroup         *group);
/* Saving sets group->id (a new UUID when it was NULL) and group->updated.
 * The name must not be empty nor another group's (SC_ERROR_DUPLICATE). */
gboolean      sc_study_store_save_group     (ScStudyStore    *store,
                                             ScGroup         *group,
                                             GError         **error);
/* By id, by exact name (case-insensitive), or by a unique id prefix (at
 * least 4 characters), in that order; archived groups too. Unknown or
 * ambiguous: SC_ERROR_NOT_FOUND. */
ScGroup      *sc_study_store_find_group     (ScStudyStore    *store,
                                             const char      *id_or_name,
                                             GError         **error);
/* (element-type ScGroup): archived groups only when @include_archived */
GPtrArray    *sc_study_store_list_groups    (ScStudyStore    *store,
                                             gboolean         include_archived,
                                             GError         **error);

/* Meetings: one per session of the group's schedule (element-type
 * ScMeeting), sessions 1 … @n_sessions. Dates not set by hand follow the
 * start date and cadence (weekly: +7 days per session, fortnightly: +14;
 * custom: none). @n_sessions: how many sessions the schedule has (the
 * guide's); 0: up to the highest session that has a meeting, an
 * assignment or attendance recorded. `updated` is 0 for a meeting nothing
 * was set for by hand. */
GPtrArray    *sc_study_store_list_meetings  (ScStudyStore    *store,
                                             const char      *group_id,
                                             guint            n_sessions,
                                             GError         **error);
/* @date, @place: NULL leaves the value as it is, "" clears it (a cleared
 * date follows the start date and cadence again). */
gboolean      sc_study_store_set_meeting    (ScStudyStore    *store,
                                             const char      *group_id,
                                             guint            session,
                                             const char      *date,
                                             const char      *place,
                                             GError         **error);

/* Members */
ScMember     *sc_study_member_new           (const char      *name);
ScMember     *sc_study_member_copy          (const ScMember  *member);
void          sc_study_member_free          (ScMember        *member);
/* Saves the person and their membership of @group_id (role, joined), and
 * sets member->id (a new UUID when it was NULL), member->updated and
 * member->person_updated. An existing member->id adds that person (in
 * another group already) here; the person's time moves only when their
 * name or contact change.
 * The name must not be another current member's of the group. */
gboolean      sc_study_store_add_member     (ScStudyStore    *store,
                                             const char      *group_id,
                                             ScMember        *member,
                                             GError         **error);
/* Removing leaves a tombstone (removed, updated) so it merges; the lists
 * skip tombstones, the _all_ variants include them (for export). The
 * person's progress and attendance stay. */
gboolean      sc_study_store_remove_member  (ScStudyStore    *store,
                                             const char      *group_id,
                                             const char      *member_id,
                                             GError         **error);
GPtrArray    *sc_study_store_list_members   (ScStudyStore    *store,
                                             const char      *group_id,
                                             GError         **error);
GPtrArray    *sc_study_store_list_all_members (ScStudyStore  *store,
                                             const char      *group_id,
                                             GError         **error);
/* Like sc_study_store_find_group(), among the group's current members. */
ScMember     *sc_study_store_find_member    (ScStudyStore    *store,
                                             const char      *group_id,
                                             const char      *id_or_name,
                                             GError         **error);

/* Who of a group's members is the person at this computer: a record of
 * this computer only, never exported nor merged. @member_id NULL forgets
 * it; else it must be a current member of the group. Getting returns NULL
 * when nobody was chosen or the one chosen has left the group. */
gboolean      sc_study_store_set_me         (ScStudyStore    *store,
                                             const char      *group_id,
                                             const char      *member_id,
                                             GError         **error);
char         *sc_study_store_get_me         (ScStudyStore    *store,
                                             const char      *group_id,
                                             GError         **error);

/* Assignments */
ScAssignment *sc_study_assignment_new       (const char      *group_id,
                                             const char      *text_id);
ScAssignment *sc_study_assignment_copy      (const ScAssignment *assignment);
void          sc_study_assignment_free      (ScAssignment    *assignment);
/* Sets assignment->id (a new UUID when NULL) and ->updated. */
gboolean      sc_study_store_add_assignment (ScStudyStore    *store,
                                             ScAssignment    *assignment,
                                             GError         **error);
/* By id or unique id prefix (at least 4 characters); leaves a tombstone. */
gboolean      sc_study_store_remove_assignment (ScStudyStore *store,
                                             const char      *assignment_id,
                                             GError         **error);
ScAssignment *sc_study_store_find_assignment (ScStudyStore   *store,
                                             const char      *assignment_id,
                                             GError         **error);
GPtrArray    *sc_study_store_list_assignments (ScStudyStore  *store,
                                             const char      *group_id,
                                             GError         **error);
GPtrArray    *sc_study_store_list_all_assignments (ScStudyStore *store,
                                             const char      *group_id,
                                             GError         **error);

/* Progress and attendance, of current members only.
 * Progress: @note NULL keeps the note, "" clears it; @done_date NULL with
 * SC_READING_DONE keeps an earlier done date, else takes today's; other
 * statuses clear the done date. */
gboolean      sc_study_store_set_progress   (ScStudyStore    *store,
                                             const char      *group_id,
                                             const char      *member_id,
                                             const char      *reading_key,
                                             ScReadingStatus  status,
                                             const char      *done_date,
                                             const char      *note,
                                             GError         **error);
GPtrArray    *sc_study_store_list_progress  (ScStudyStore    *store,
                                             const char      *group_id,
                                             GError         **error);
gboolean      sc_study_store_set_attendance (ScStudyStore    *store,
                                             const char      *group_id,
                                             const char      *member_id,
                                             guint            session,
                                             ScAttendance     attendance,
                                             gboolean         questions_prepared,
                                             GError         **error);
GPtrArray    *sc_study_store_list_attendance (ScStudyStore   *store,
                                             const char      *group_id,
                                             GError         **error);

/* My own reading */
gboolean      sc_study_store_set_position   (ScStudyStore    *store,
                                             const char      *text_id,
                                             const char      *section_id,
                                             guint            offset,
                                             double           percent,
                                             GError         **error);
ScPosition   *sc_study_store_get_position   (ScStudyStore    *store,
                                             const char      *text_id,
                                             GError         **error);
/* Most recently opened first: the "Continue reading" strip. */
GPtrArray    *sc_study_store_recent_positions (ScStudyStore  *store,
                                             guint            limit,
                                             GError         **error);
ScBookmark   *sc_study_store_add_bookmark   (ScStudyStore    *store,
                                             const char      *text_id,
                                             const char      *section_id,
                                             guint            offset,
                                             const char      *label,
                                             GError         **error);
/* Bookmarks and highlights are this computer's own, not shared: removing
 * deletes them. By id or unique id prefix. @text_id NULL lists all. */
gboolean      sc_study_store_remove_bookmark (ScStudyStore   *store,
                                             const char      *bookmark_id,
                                             GError         **error);
GPtrArray    *sc_study_store_list_bookmarks (ScStudyStore    *store,
                                             const char      *text_id,
                                             GError         **error);
ScHighlight  *sc_study_store_add_highlight  (ScStudyStore    *store,
                                             const char      *text_id,
                                             const char      *section_id,
                                             guint            start,
                                             guint            end,
                                             const char      *note,
                                             GError         **error);
gboolean      sc_study_store_set_highlight_note (ScStudyStore *store,
                                             const char      *highlight_id,
                                             const char      *note,
                                             GError         **error);
gboolean      sc_study_store_remove_highlight (ScStudyStore  *store,
                                             const char      *highlight_id,
                                             GError         **error);
GPtrArray    *sc_study_store_list_highlights (ScStudyStore   *store,
                                             const char      *text_id,
                                             GError         **error);

/* Merging (import): each record is written only when it is newer than the
 * store's (or the store has none), keeping its own `updated` and tombstone;
 * *@applied says whether it was. Merge groups, then members, then the rest
 * (they refer to them). Wrap one import in begin/commit: one transaction. */
gboolean      sc_study_store_begin          (ScStudyStore    *store,
                                             GError         **error);
gboolean      sc_study_store_commit         (ScStudyStore    *store,
                                             GError         **error);
void          sc_study_store_rollback       (ScStudyStore    *store);
gboolean      sc_study_store_merge_group    (ScStudyStore    *store,
                                             const ScGroup   *group,
                                             gboolean        *applied,
                                             GError         **error);
/* The person (name, contact; member->person_updated) and their membership
 * of @group_id (role, joined, removed; member->updated) are two records,
 * each newer-wins on its own: merge the person first. */
gboolean      sc_study_store_merge_person   (ScStudyStore    *store,
                                             const ScMember  *member,
                                             gboolean        *applied,
                                             GError         **error);
gboolean      sc_study_store_merge_membership (ScStudyStore  *store,
                                             const char      *group_id,
                                             const ScMember  *member,
                                             gboolean        *applied,
                                             GError         **error);
/* Only the hand-set part of a meeting is a record: date (when date_set)
 * and place. */
gboolean      sc_study_store_merge_meeting  (ScStudyStore    *store,
                                             const char      *group_id,
                                             const ScMeeting *meeting,
                                             gboolean        *applied,
                                             GError         **error);
gboolean      sc_study_store_merge_assignment (ScStudyStore  *store,
                                             const ScAssignment *assignment,
                                             gboolean        *applied,
                                             GError         **error);
gboolean      sc_study_store_merge_progress (ScStudyStore    *store,
                                             const char      *group_id,
                                             const ScProgress *progress,
                                             gboolean        *applied,
                                             GError         **error);
gboolean      sc_study_store_merge_attendance (ScStudyStore  *store,
                                             const char      *group_id,
                                             const ScAttendanceRecord *record,
                                             gboolean        *applied,
                                             GError         **error);

/* What was last exchanged of one record of a group, for telling an update
 * from a conflict on import (sc-study-exchange.c). @kind and @key name the
 * record within the group. Times are the record's `updated`. */
typedef struct {
  gint64 received;              /* the newest version imported from elsewhere */
  gint64 sent;                  /* the newest version exported */
  gint64 sent_at;               /* when that version was first exported (Unix ms) */
} ScExchangeBase;

/* All zero when the record was never exchanged. */
gboolean      sc_study_store_get_exchange_base (ScStudyStore *store,
                                             const char      *group_id,
                                             const char      *kind,
                                             const char      *key,
                                             ScExchangeBase  *base,
                                             GError         **error);
/* Raise `received` (or `sent`, with @sent_at when the version is a newer
 * one) to @updated; they join the caller's transaction. */
gboolean      sc_study_store_note_received  (ScStudyStore    *store,
                                             const char      *group_id,
                                             const char      *kind,
                                             const char      *key,
                                             gint64           updated,
                                             GError         **error);
gboolean      sc_study_store_note_sent      (ScStudyStore    *store,
                                             const char      *group_id,
                                             const char      *kind,
                                             const char      *key,
                                             gint64           updated,
                                             gint64           sent_at,
                                             GError         **error);

void          sc_study_reading_free         (ScStudyReading  *reading);
void          sc_progress_free              (ScProgress      *progress);
void          sc_attendance_record_free     (ScAttendanceRecord *record);
void          sc_meeting_free               (ScMeeting       *meeting);
void          sc_position_free              (ScPosition      *position);
void          sc_bookmark_free              (ScBookmark      *bookmark);
void          sc_highlight_free             (ScHighlight     *highlight);

const char   *sc_group_status_to_string     (ScGroupStatus    status);
gboolean      sc_group_status_from_string   (const char      *str,
                                             ScGroupStatus   *status);
const char   *sc_cadence_to_string          (ScCadence        cadence);
gboolean      sc_cadence_from_string        (const char      *str,
                                             ScCadence       *cadence);
const char   *sc_role_to_string             (ScRole           role);
gboolean      sc_role_from_string           (const char      *str,
                                             ScRole          *role);
/* "not-started", "reading", "done" */
const char   *sc_reading_status_to_string   (ScReadingStatus  status);
gboolean      sc_reading_status_from_string (const char      *str,
                                             ScReadingStatus *status);
const char   *sc_attendance_to_string       (ScAttendance     attendance);
gboolean      sc_attendance_from_string     (const char      *str,
                                             ScAttendance    *attendance);
/* TRUE for a real calendar date "YYYY-MM-DD". */
gboolean      sc_date_is_valid              (const char      *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScStudyStore, sc_study_store_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScGroup, sc_study_group_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScMember, sc_study_member_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScAssignment, sc_study_assignment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScPosition, sc_position_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScMeeting, sc_meeting_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScProgress, sc_progress_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScAttendanceRecord, sc_attendance_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScBookmark, sc_bookmark_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScHighlight, sc_highlight_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScStudyReading, sc_study_reading_free)

G_END_DECLS
