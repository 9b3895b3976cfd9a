/* sc-study-exchange-private.h: the record model sc-study-exchange.c
 * (export) and sc-study-exchange-import.c (import) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sc-study-exchange.h"

G_BEGIN_DECLS

typedef enum {
  SC_EXCHANGE_GROUP,
  SC_EXCHANGE_PERSON,
  SC_EXCHANGE_MEMBER,       /* the membership of the group */
  SC_EXCHANGE_MEETING,
  SC_EXCHANGE_ASSIGNMENT,
  SC_EXCHANGE_PROGRESS,
  SC_EXCHANGE_ATTENDANCE,
  SC_EXCHANGE_N_KINDS
} ScExchangeKind;

/* One record of either side, reduced to what merging compares. */
typedef struct {
  ScExchangeKind  kind;
  guint           line;      /* in the file; 0 for the store's */
  guint           element;   /* in the file, which element carries it (from 1) */
  char           *key;       /* the record's identity within its kind and group */
  char           *values;    /* everything but `updated`, as the store keeps it */
  gint64          updated;
  gpointer        data;      /* ScGroup, ScMember (person and membership),
                              * ScMeeting, ScAssignment, ScProgress or
                              * ScAttendanceRecord; owned */
} ScExchangeRecord;

/* The kind's name in the store's exchange_base, and the element of a
 * progress file that carries it. */
const char       *sc_exchange_kind_name                (ScExchangeKind       kind);
const char       *sc_exchange_kind_element             (ScExchangeKind       kind);

/* Each takes @data (owned by the record). */
ScExchangeRecord *sc_exchange_record_from_group        (ScGroup             *group);
ScExchangeRecord *sc_exchange_record_from_person       (ScMember            *member);
ScExchangeRecord *sc_exchange_record_from_membership   (ScMember            *member);
ScExchangeRecord *sc_exchange_record_from_meeting      (ScMeeting           *meeting);
ScExchangeRecord *sc_exchange_record_from_assignment   (ScAssignment        *assignment);
ScExchangeRecord *sc_exchange_record_from_progress     (ScProgress          *progress);
ScExchangeRecord *sc_exchange_record_from_attendance   (ScAttendanceRecord  *attendance);
void              sc_exchange_record_free              (gpointer             record);
/* "KIND\nKEY": unique among a group's records. */
char             *sc_exchange_record_id                (const ScExchangeRecord *record);
/* The member a record is about or for, or NULL. */
const char       *sc_exchange_record_member_id         (const ScExchangeRecord *record);

/* Every record the store has of the group, in the file's order: the group,
 * each member (person, then membership), meetings set by hand,
 * assignments, progress and attendance. Tombstones included. */
gboolean          sc_exchange_load_records             (ScStudyStore        *store,
                                                        const ScGroup       *group,
                                                        GPtrArray           *records,
                                                        GError             **error);

/* Times as files write them, "2024-03-05T18:30:00.000Z" (Unix ms, UTC). */
char             *sc_exchange_format_time              (gint64               ms);
gboolean          sc_exchange_parse_time               (const char          *str,
                                                        gint64              *ms);
/* For people: local time to the minute. */
char             *sc_exchange_format_time_for_people   (gint64               ms);

G_END_DECLS
