/* sc-study-exchange.c: sharing a study group's records without a server:
 * the records as both sides see them, and export
 *
 * Export writes the store's records as a progress file; import reads one
 * back and merges it record by record with sc_study_store_merge_*(), which
 * write a record only when it is newer than the store's and keep its own
 * `updated`, so a merge converges and a second import of the same file
 * changes nothing.
 *
 * Telling an update from a conflict needs to know what the other side had
 * when it changed a record: timestamps alone cannot say whether their
 * newer version was made on top of ours or beside it. So the store keeps,
 * per record, what was exchanged (sc_study_store_get_exchange_base()): the
 * newest version imported from others, and the newest version exported
 * with when it was first exported. An export is a statement that the
 * other side will have those versions: a change they made after it was
 * made on top of them. A record is in conflict when the two versions
 * differ, theirs is news to us, and ours was neither theirs nor sent to
 * them before they made their change.
 *
 * A <member> element carries two records: the person (name, contact), one
 * for all the groups they are in, and their membership of this group
 * (role, joined, removed). Each has its own time and merges on its own.
 *
 * Import (reading files, merging) is sc-study-exchange-import.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "sc-error.h"
#include "sc-study-exchange-private.h"
#include "sc-study-private.h"
#include "sc-xml.h"

#define FORMAT_VERSION "1"

/* ===== Records ============================================================ */

/* Kinds in the store's exchange_base, and the elements that carry them. */
static const struct {
  const char *name;
  const char *element;
} kinds[] = {
  { "group", "group" },
  { "person", "member" },
  { "member", "member" },
  { "meeting", "meeting" },
  { "assignment", "assignment" },
  { "reading-progress", "reading-progress" },
  { "attendance", "attendance" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == SC_EXCHANGE_N_KINDS);

const char *
sc_exchange_kind_name (ScExchangeKind kind)
{
  g_assert ((guint) kind < G_N_ELEMENTS (kinds));
  return kinds[kind].name;
}

const char *
sc_exchange_kind_element (ScExchangeKind kind)
{
  g_assert ((guint) kind < G_N_ELEMENTS (kinds));
  return kinds[kind].element;
}

void
sc_exchange_record_free (gpointer data)
{
  ScExchangeRecord *record = data;

  switch (record->kind)
    {
    case SC_EXCHANGE_GROUP:
      sc_study_group_free (record->data);
      break;
    case SC_EXCHANGE_PERSON:
    case SC_EXCHANGE_MEMBER:
      sc_study_member_free (record->data);
      break;
    case SC_EXCHANGE_MEETING:
      sc_meeting_free (record->data);
      break;
    case SC_EXCHANGE_ASSIGNMENT:
      sc_study_assignment_free (record->data);
      break;
    case SC_EXCHANGE_PROGRESS:
      sc_progress_free (record->data);
      break;
    case SC_EXCHANGE_ATTENDANCE:
      sc_attendance_record_free (record->data);
      break;
    case SC_EXCHANGE_N_KINDS:
    default:
      g_assert_not_reached ();
    }
  g_free (record->key);
  g_free (record->values);
  g_free (record);
}

static gboolean
is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;
  while (g_ascii_isspace (*str))
    str++;
  return *str == '\0';
}

/* The store keeps a blank optional value as NULL, other values as given,
 * and names without surrounding space: compare them the same way. */
static void
add_value (GString    *values,
           const char *value)
{
  if (!is_blank (value))
    g_string_append (values, value);
  g_string_append_c (values, '\x1f');
}

static void
add_name (GString    *values,
          const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name != NULL ? name : ""));

  add_value (values, stripped);
}

static ScExchangeRecord *
record_new (ScExchangeKind      kind,
            gpointer  data,
            char     *key,
            GString  *values,
            gint64    updated)
{
  ScExchangeRecord *record = g_new0 (ScExchangeRecord, 1);

  record->kind = kind;
  record->data = data;
  record->key = key;
  record->values = g_string_free (values, FALSE);
  record->updated = updated;
  return record;
}

ScExchangeRecord *
sc_exchange_record_from_group (ScGroup *group)
{
  GString *values = g_string_new (NULL);

  add_name (values, group->name);
  add_value (values, group->branch);
  add_value (values, group->guide_id);
  add_value (values, group->facilitator);
  add_value (values, group->start_date);
  add_value (values, sc_cadence_to_string (group->cadence));
  add_value (values, sc_group_status_to_string (group->status));
  return record_new (SC_EXCHANGE_GROUP, group, g_strdup (group->id), values, group->updated);
}

ScExchangeRecord *
sc_exchange_record_from_person (ScMember *member)
{
  GString *values = g_string_new (NULL);

  add_name (values, member->name);
  add_value (values, member->contact);
  return record_new (SC_EXCHANGE_PERSON, member, g_strdup (member->id), values, member->person_updated);
}

ScExchangeRecord *
sc_exchange_record_from_membership (ScMember *member)
{
  GString *values = g_string_new (NULL);

  add_value (values, sc_role_to_string (member->role));
  add_value (values, member->joined);
  add_value (values, member->removed ? "removed" : NULL);
  return record_new (SC_EXCHANGE_MEMBER, member, g_strdup (member->id), values, member->updated);
}

ScExchangeRecord *
sc_exchange_record_from_meeting (ScMeeting *meeting)
{
  GString *values = g_string_new (NULL);

  /* Only a hand-set date is part of the record. */
  add_value (values, meeting->date_set ? meeting->date : NULL);
  add_value (values, meeting->place);
  return record_new (SC_EXCHANGE_MEETING, meeting, g_strdup_printf ("%u", meeting->session),
                     values, meeting->updated);
}

ScExchangeRecord *
sc_exchange_record_from_assignment (ScAssignment *assignment)
{
  GString *values = g_string_new (NULL);

  add_value (values, assignment->member_id);
  add_value (values, assignment->text_id);
  add_value (values, assignment->from);
  add_value (values, assignment->to);
  g_string_append_printf (values, "%u\x1f", assignment->due_session);
  add_value (values, assignment->due_date);
  add_value (values, assignment->note);
  add_value (values, assignment->removed ? "removed" : NULL);
  return record_new (SC_EXCHANGE_ASSIGNMENT, assignment, g_strdup (assignment->id), values,
                     assignment->updated);
}

ScExchangeRecord *
sc_exchange_record_from_progress (ScProgress *progress)
{
  GString *values = g_string_new (NULL);

  add_value (values, sc_reading_status_to_string (progress->status));
  add_value (values, progress->done_date);
  add_value (values, progress->note);
  return record_new (SC_EXCHANGE_PROGRESS, progress,
                     g_strconcat (progress->member_id, "\n", progress->reading_key, NULL),
                     values, progress->updated);
}

ScExchangeRecord *
sc_exchange_record_from_attendance (ScAttendanceRecord *attendance)
{
  GString *values = g_string_new (NULL);

  add_value (values, sc_attendance_to_string (attendance->attendance));
  add_value (values, attendance->questions_prepared ? "questions" : NULL);
  return record_new (SC_EXCHANGE_ATTENDANCE, attendance,
                     g_strdup_printf ("%s\n%u", attendance->member_id, attendance->session),
                     values, attendance->updated);
}

const char *
sc_exchange_record_member_id (const ScExchangeRecord *record)
{
  switch (record->kind)
    {
    case SC_EXCHANGE_PERSON:
    case SC_EXCHANGE_MEMBER:
      return ((ScMember *) record->data)->id;
    case SC_EXCHANGE_ASSIGNMENT:
      return ((ScAssignment *) record->data)->member_id;
    case SC_EXCHANGE_PROGRESS:
      return ((ScProgress *) record->data)->member_id;
    case SC_EXCHANGE_ATTENDANCE:
      return ((ScAttendanceRecord *) record->data)->member_id;
    case SC_EXCHANGE_GROUP:
    case SC_EXCHANGE_MEETING:
    case SC_EXCHANGE_N_KINDS:
    default:
      return NULL;
    }
}

char *
sc_exchange_record_id (const ScExchangeRecord *record)
{
  return g_strdup_printf ("%u\n%s", record->kind, record->key);
}

gboolean
sc_exchange_load_records (ScStudyStore   *store,
              const ScGroup  *group,
              GPtrArray      *records,
              GError        **error)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(GPtrArray) progress = NULL;
  g_autoptr(GPtrArray) attendance = NULL;

  if ((members = sc_study_store_list_all_members (store, group->id, error)) == NULL ||
      (meetings = sc_study_store_list_meetings (store, group->id, 0, error)) == NULL ||
      (assignments = sc_study_store_list_all_assignments (store, group->id, error)) == NULL ||
      (progress = sc_study_store_list_progress (store, group->id, error)) == NULL ||
      (attendance = sc_study_store_list_attendance (store, group->id, error)) == NULL)
    return FALSE;

  g_ptr_array_add (records, sc_exchange_record_from_group (sc_study_group_copy (group)));
  for (guint i = 0; i < members->len; i++)
    {
      ScMember *member = g_ptr_array_index (members, i);

      g_ptr_array_add (records, sc_exchange_record_from_person (sc_study_member_copy (member)));
      g_ptr_array_add (records, sc_exchange_record_from_membership (g_steal_pointer (&members->pdata[i])));
    }
  for (guint i = 0; i < meetings->len; i++)
    {
      /* A meeting nothing was set for by hand is computed: no record. */
      if (((ScMeeting *) g_ptr_array_index (meetings, i))->updated > 0)
        g_ptr_array_add (records, sc_exchange_record_from_meeting (g_steal_pointer (&meetings->pdata[i])));
    }
  for (guint i = 0; i < assignments->len; i++)
    g_ptr_array_add (records, sc_exchange_record_from_assignment (g_steal_pointer (&assignments->pdata[i])));
  for (guint i = 0; i < progress->len; i++)
    g_ptr_array_add (records, sc_exchange_record_from_progress (g_steal_pointer (&progress->pdata[i])));
  for (guint i = 0; i < attendance->len; i++)
    g_ptr_array_add (records, sc_exchange_record_from_attendance (g_steal_pointer (&attendance->pdata[i])));

  return TRUE;
}

/* ===== Times ============================================================== */

/* "2024-03-05T18:30:00.000Z" */
char *
sc_exchange_format_time (gint64 ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *seconds = NULL;

  if (time == NULL)
    return g_strdup ("1970-01-01T00:00:00.000Z");
  seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, (int) (ms % 1000));
}

/* Parses what format_time() writes (the milliseconds may have 1 to 3
 * digits or be left out). Exact to the millisecond, which GLib's own ISO
 * 8601 parser, going through a double, is not. */
gboolean
sc_exchange_parse_time (const char *str,
            gint64     *ms)
{
  g_autoptr(GDateTime) time = NULL;
  int year, month, day, hour, minute, second, consumed = 0;
  const char *rest;
  gint64 fraction = 0;
  int digits = 0;

  if (sscanf (str, "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
              &second, &consumed) != 6 || consumed != 19)
    return FALSE;
  if (year < 1970 || !g_date_valid_dmy (day, month, year) || hour > 23 || minute > 59 ||
      second > 59 || hour < 0 || minute < 0 || second < 0)
    return FALSE;

  rest = str + consumed;
  if (*rest == '.')
    for (rest++; g_ascii_isdigit (*rest) && digits < 3; rest++, digits++)
      fraction = fraction * 10 + (*rest - '0');
  if (strcmp (rest, "Z") != 0 || (str[consumed] == '.' && digits == 0))
    return FALSE;
  for (; digits < 3; digits++)
    fraction *= 10;

  time = g_date_time_new_utc (year, month, day, hour, minute, second);
  if (time == NULL)
    return FALSE;
  *ms = g_date_time_to_unix (time) * 1000 + fraction;
  return *ms > 0;
}

char *
sc_exchange_format_time_for_people (gint64 ms)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

/* ===== Export ============================================================= */

/* Text as XML 1.0 can carry it: valid UTF-8, no control characters but
 * tab and line breaks (libxml2 would write others as character references
 * that no parser accepts). */
static char *
xml_safe (const char *str)
{
  g_autofree char *valid = g_utf8_make_valid (str, -1);
  GString *safe = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        continue;
      if (c == 0xFFFE || c == 0xFFFF)
        continue;
      g_string_append_unichar (safe, c);
    }
  return g_string_free (safe, FALSE);
}

static void
set_attr (xmlNode    *node,
          const char *name,
          const char *value)
{
  g_autofree char *safe = NULL;

  if (is_blank (value))
    return;
  safe = xml_safe (value);
  xmlSetProp (node, (const xmlChar *) name, (const xmlChar *) safe);
}

static void
set_attr_uint (xmlNode    *node,
               const char *name,
               guint       value)
{
  char buffer[16];

  g_snprintf (buffer, sizeof buffer, "%u", value);
  xmlSetProp (node, (const xmlChar *) name, (const xmlChar *) buffer);
}

static void
set_attr_time (xmlNode    *node,
               const char *name,
               gint64      ms)
{
  g_autofree char *time = sc_exchange_format_time (ms);

  xmlSetProp (node, (const xmlChar *) name, (const xmlChar *) time);
}

static void
set_attr_flag (xmlNode    *node,
               const char *name,
               gboolean    flag)
{
  if (flag)
    xmlSetProp (node, (const xmlChar *) name, (const xmlChar *) "1");
}

static xmlNode *
add_element (xmlNode    *root,
             const char *name)
{
  xmlNode *node = xmlNewChild (root, NULL, (const xmlChar *) name, NULL);

  if (node == NULL)
    g_error ("out of memory");   /* libxml2 fails only so */
  return node;
}

static void
export_group (xmlNode       *root,
              const ScGroup *group)
{
  xmlNode *node = add_element (root, "group");

  set_attr (node, "id", group->id);
  set_attr (node, "name", group->name);
  set_attr (node, "branch", group->branch);
  set_attr (node, "guide", group->guide_id);
  set_attr (node, "facilitator", group->facilitator);
  set_attr (node, "start", group->start_date);
  set_attr (node, "cadence", sc_cadence_to_string (group->cadence));
  set_attr (node, "status", sc_group_status_to_string (group->status));
  set_attr_time (node, "updated", group->updated);
}

/* The person and the membership, each with its time. */
static void
export_member (xmlNode        *root,
               const ScMember *member)
{
  xmlNode *node = add_element (root, "member");

  set_attr (node, "id", member->id);
  set_attr (node, "name", member->name);
  set_attr (node, "contact", member->contact);
  set_attr (node, "role", sc_role_to_string (member->role));
  set_attr (node, "joined", member->joined);
  set_attr_time (node, "updated", member->updated);
  set_attr_time (node, "person-updated", member->person_updated);
  set_attr_flag (node, "removed", member->removed);
}

static void
export_meeting (xmlNode         *root,
                const ScMeeting *meeting)
{
  xmlNode *node = add_element (root, "meeting");

  set_attr_uint (node, "session", meeting->session);
  if (meeting->date_set)
    set_attr (node, "date", meeting->date);
  set_attr (node, "place", meeting->place);
  set_attr_flag (node, "date-set", meeting->date_set && !is_blank (meeting->date));
  set_attr_time (node, "updated", meeting->updated);
}

static void
export_assignment (xmlNode            *root,
                   const ScAssignment *assignment)
{
  xmlNode *node = add_element (root, "assignment");

  set_attr (node, "id", assignment->id);
  set_attr (node, "member", assignment->member_id);
  set_attr (node, "text", assignment->text_id);
  set_attr (node, "from", assignment->from);
  set_attr (node, "to", assignment->to);
  if (assignment->due_session > 0)
    set_attr_uint (node, "due-session", assignment->due_session);
  set_attr (node, "due-date", assignment->due_date);
  set_attr (node, "note", assignment->note);
  set_attr_time (node, "updated", assignment->updated);
  set_attr_flag (node, "removed", assignment->removed);
}

static void
export_progress (xmlNode          *root,
                 const ScProgress *progress)
{
  xmlNode *node = add_element (root, "reading-progress");

  set_attr (node, "member", progress->member_id);
  set_attr (node, "reading", progress->reading_key);
  set_attr (node, "status", sc_reading_status_to_string (progress->status));
  set_attr (node, "done-date", progress->done_date);
  set_attr (node, "note", progress->note);
  set_attr_time (node, "updated", progress->updated);
}

static void
export_attendance (xmlNode                  *root,
                   const ScAttendanceRecord *record)
{
  xmlNode *node = add_element (root, "attendance");

  set_attr (node, "member", record->member_id);
  set_attr_uint (node, "session", record->session);
  set_attr (node, "status", sc_attendance_to_string (record->attendance));
  set_attr_flag (node, "questions-prepared", record->questions_prepared);
  set_attr_time (node, "updated", record->updated);
}

/* One record's element; a member's is written with their membership (the
 * person's record rides along). */
static void
export_record (xmlNode      *root,
               const ScExchangeRecord *record)
{
  switch (record->kind)
    {
    case SC_EXCHANGE_GROUP:
      export_group (root, record->data);
      break;
    case SC_EXCHANGE_MEMBER:
      export_member (root, record->data);
      break;
    case SC_EXCHANGE_MEETING:
      export_meeting (root, record->data);
      break;
    case SC_EXCHANGE_ASSIGNMENT:
      export_assignment (root, record->data);
      break;
    case SC_EXCHANGE_PROGRESS:
      export_progress (root, record->data);
      break;
    case SC_EXCHANGE_ATTENDANCE:
      export_attendance (root, record->data);
      break;
    case SC_EXCHANGE_PERSON:
      break;
    case SC_EXCHANGE_N_KINDS:
    default:
      g_assert_not_reached ();
    }
}

/* A whole group's file (@member_id NULL) has every record. One member's
 * has theirs, the group and the group-wide assignments; meetings are the
 * facilitator's and stay out. */
static gboolean
keep_for (const ScExchangeRecord *record,
          const char   *member_id)
{
  const char *record_member = sc_exchange_record_member_id (record);

  if (member_id == NULL)
    return TRUE;
  if (record->kind == SC_EXCHANGE_MEETING)
    return FALSE;
  if (record_member == NULL)
    return record->kind == SC_EXCHANGE_GROUP || record->kind == SC_EXCHANGE_ASSIGNMENT;
  return strcmp (record_member, member_id) == 0;
}

/* Writes the records into @root and notes them as sent at @exported. */
static gboolean
export_records (ScStudyStore   *store,
                xmlNode        *root,
                const ScGroup  *group,
                const char     *member_id,
                gint64          exported,
                GError        **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (sc_exchange_record_free);

  if (!sc_exchange_load_records (store, group, records, error))
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      const ScExchangeRecord *record = g_ptr_array_index (records, i);

      if (!keep_for (record, member_id))
        continue;
      export_record (root, record);
      if (!sc_study_store_note_sent (store, group->id, sc_exchange_kind_name (record->kind), record->key,
                                     record->updated, exported, error))
        return FALSE;
    }

  return TRUE;
}

/* The document, with what it carries noted as sent: call it inside a
 * transaction that commits once the file is out. */
static char *
export_document (ScStudyStore  *store,
                 const char    *group_id,
                 const char    *member_id,
                 const char    *from,
                 GError       **error)
{
  g_autoptr(ScGroup) group = NULL;
  g_autoptr(ScMember) member = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  /* From the store's clock: later than every change made before it here,
   * earlier than every change made after it. */
  gint64 exported = sc_study_next_stamp (store);
  xmlNode *root;
  xmlChar *buffer = NULL;
  char *result;
  int size = 0;

  group = sc_study_store_find_group (store, group_id, error);
  if (group == NULL)
    return NULL;
  if (member_id != NULL)
    {
      member = sc_study_store_find_member (store, group->id, member_id, error);
      if (member == NULL)
        return NULL;
      if (from == NULL)
        from = member->name;
    }

  doc = xmlNewDoc ((const xmlChar *) "1.0");
  root = xmlNewDocNode (doc, NULL, (const xmlChar *) "progress", NULL);
  xmlDocSetRootElement (doc, root);
  xmlSetProp (root, (const xmlChar *) "version", (const xmlChar *) FORMAT_VERSION);
  set_attr_time (root, "exported", exported);
  set_attr (root, "from", from);

  if (!export_records (store, root, group, member != NULL ? member->id : NULL, exported, error))
    return NULL;

  xmlDocDumpFormatMemoryEnc (doc, &buffer, &size, "UTF-8", 1);
  if (buffer == NULL)
    g_error ("out of memory");
  result = g_strndup ((const char *) buffer, size);
  xmlFree (buffer);
  return result;
}

/**
 * sc_study_export:
 * @store: the study store
 * @group_id: the group, by id or name
 * @member_id: (nullable): one current member, by id or name; %NULL: all
 * @from: (nullable): who writes the file, in words
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the progress file, or %NULL
 */
char *
sc_study_export (ScStudyStore  *store,
                 const char    *group_id,
                 const char    *member_id,
                 const char    *from,
                 GError       **error)
{
  g_autofree char *xml = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sc_study_store_begin (store, error))
    return NULL;

  xml = export_document (store, group_id, member_id, from, error);
  if (xml == NULL || !sc_study_store_commit (store, error))
    {
      sc_study_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&xml);
}

/**
 * sc_study_export_to_file:
 *
 * Like sc_study_export(), written to @path (atomically: a reader never sees
 * half a file, which matters in a synced folder). The records count as
 * sent only once the file is written.
 */
gboolean
sc_study_export_to_file (ScStudyStore  *store,
                         const char    *group_id,
                         const char    *member_id,
                         const char    *from,
                         const char    *path,
                         GError       **error)
{
  g_autofree char *xml = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sc_study_store_begin (store, error))
    return FALSE;

  xml = export_document (store, group_id, member_id, from, error);
  if (xml == NULL)
    {
      sc_study_store_rollback (store);
      return FALSE;
    }

  if (!g_file_set_contents (path, xml, -1, &local_error))
    {
      g_autofree char *display = g_filename_display_name (path);

      sc_study_store_rollback (store);
      g_set_error (error, SC_ERROR, SC_ERROR_IO, "%s: %s", display, local_error->message);
      return FALSE;
    }

  return sc_study_store_commit (store, error);
}
