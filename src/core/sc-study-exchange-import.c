/* sc-study-exchange-import.c: reading a progress file and merging it
 *
 * Files come from other people's computers: they are parsed with
 * sc_xml_read_memory(), checked against progress.rng, then checked for
 * what a schema cannot say, all before the store is touched. The merge is
 * one transaction: the whole file or nothing. How an update is told from a
 * conflict is said in sc-study-exchange.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/tree.h>

#include "sc-error.h"
#include "sc-study-exchange-private.h"
#include "sc-validate.h"
#include "sc-xml.h"

/* ===== Reading a progress file ============================================ */

typedef struct {
  const char *display_name;
  GError    **error;
  ScGroup    *group;       /* (unowned) the group record's data */
  gint64      exported;
  char       *from;
  GPtrArray  *records;     /* (element-type ScExchangeRecord) file order: the schema's */
  GHashTable *seen;        /* "KIND\nKEY" → first line */
  guint       elements;    /* read so far */
} FileReader;

static gboolean fail_at (FileReader *reader,
                         xmlNode    *node,
                         const char *format,
                         ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail_at (FileReader *reader,
         xmlNode    *node,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (reader->error, SC_ERROR, SC_ERROR_INVALID, "%s:%u: %s",
               reader->display_name, sc_xml_node_line (node), message);
  return FALSE;
}

/* A typed attribute's value, without the white space the schema's token
 * type allows around it. */
static char *
attr_token (xmlNode    *node,
            const char *name)
{
  char *value = sc_xml_get_attr (node, name);

  return value != NULL ? g_strstrip (value) : NULL;
}

static gboolean
attr_flag (xmlNode    *node,
           const char *name)
{
  g_autofree char *value = attr_token (node, name);

  return g_strcmp0 (value, "1") == 0;
}

static gboolean
read_date (FileReader  *reader,
           xmlNode     *node,
           const char  *name,
           char       **date)
{
  *date = attr_token (node, name);
  if (*date != NULL && !sc_date_is_valid (*date))
    return fail_at (reader, node, _("%s=\"%s\" is not a real date"), name, *date);
  return TRUE;
}

static gboolean
read_session (FileReader *reader,
              xmlNode    *node,
              const char *name,
              guint      *session)
{
  g_autofree char *value = attr_token (node, name);
  guint64 number;

  *session = 0;
  if (value == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (value, 10, 1, G_MAXINT32, &number, NULL))
    return fail_at (reader, node, _("%s=\"%s\" is not a session number"), name, value);
  *session = (guint) number;
  return TRUE;
}

static gboolean
read_time (FileReader *reader,
           xmlNode    *node,
           const char *name,
           gint64     *time)
{
  g_autofree char *value = attr_token (node, name);

  if (value == NULL || !sc_exchange_parse_time (value, time))
    return fail_at (reader, node, _("%s=\"%s\" is not a time such as 2024-03-05T18:30:00.000Z"),
                    name, value != NULL ? value : "");
  return TRUE;
}

static gboolean
read_updated (FileReader *reader,
              xmlNode    *node,
              gint64     *updated)
{
  return read_time (reader, node, "updated", updated);
}

static ScExchangeRecord *
read_group (FileReader *reader,
            xmlNode    *node)
{
  g_autoptr(ScGroup) group = g_new0 (ScGroup, 1);
  g_autofree char *cadence = attr_token (node, "cadence");
  g_autofree char *status = attr_token (node, "status");

  group->id = attr_token (node, "id");
  group->name = sc_xml_get_attr (node, "name");
  group->branch = sc_xml_get_attr (node, "branch");
  group->guide_id = attr_token (node, "guide");
  group->facilitator = sc_xml_get_attr (node, "facilitator");
  if (!read_date (reader, node, "start", &group->start_date) ||
      !read_updated (reader, node, &group->updated))
    return NULL;
  /* The schema allows only the known words. */
  if (!sc_cadence_from_string (cadence, &group->cadence) ||
      !sc_group_status_from_string (status, &group->status))
    {
      fail_at (reader, node, _("unknown cadence or status"));
      return NULL;
    }

  reader->group = group;
  return sc_exchange_record_from_group (g_steal_pointer (&group));
}

/* The person and the membership; a file that gives one time for both
 * (no person-updated="") changed them together. */
static ScExchangeRecord *
read_member (FileReader  *reader,
             xmlNode     *node,
             ScExchangeRecord     **person)
{
  g_autoptr(ScMember) member = g_new0 (ScMember, 1);
  g_autofree char *role = attr_token (node, "role");
  g_autofree char *person_updated = attr_token (node, "person-updated");

  member->id = attr_token (node, "id");
  member->name = sc_xml_get_attr (node, "name");
  member->contact = sc_xml_get_attr (node, "contact");
  member->removed = attr_flag (node, "removed");
  if (!read_date (reader, node, "joined", &member->joined) ||
      !read_updated (reader, node, &member->updated))
    return NULL;
  member->person_updated = member->updated;
  if (person_updated != NULL && !read_time (reader, node, "person-updated", &member->person_updated))
    return NULL;
  if (!sc_role_from_string (role, &member->role))
    {
      fail_at (reader, node, _("unknown role “%s”"), role != NULL ? role : "");
      return NULL;
    }
  *person = sc_exchange_record_from_person (sc_study_member_copy (member));
  return sc_exchange_record_from_membership (g_steal_pointer (&member));
}

static ScExchangeRecord *
read_meeting (FileReader *reader,
              xmlNode    *node)
{
  g_autoptr(ScMeeting) meeting = g_new0 (ScMeeting, 1);

  meeting->place = sc_xml_get_attr (node, "place");
  if (!read_session (reader, node, "session", &meeting->session) ||
      !read_date (reader, node, "date", &meeting->date) ||
      !read_updated (reader, node, &meeting->updated))
    return NULL;
  /* A date not set by hand follows the group's start and cadence on every
   * computer: only a hand-set one travels. */
  meeting->date_set = attr_flag (node, "date-set") && meeting->date != NULL;
  if (!meeting->date_set)
    g_clear_pointer (&meeting->date, g_free);
  return sc_exchange_record_from_meeting (g_steal_pointer (&meeting));
}

static ScExchangeRecord *
read_assignment (FileReader *reader,
                 xmlNode    *node)
{
  g_autoptr(ScAssignment) assignment = g_new0 (ScAssignment, 1);

  assignment->id = attr_token (node, "id");
  assignment->group_id = g_strdup (reader->group->id);
  assignment->member_id = attr_token (node, "member");
  assignment->text_id = attr_token (node, "text");
  assignment->from = attr_token (node, "from");
  assignment->to = attr_token (node, "to");
  assignment->note = sc_xml_get_attr (node, "note");
  assignment->removed = attr_flag (node, "removed");
  if (!read_session (reader, node, "due-session", &assignment->due_session) ||
      !read_date (reader, node, "due-date", &assignment->due_date) ||
      !read_updated (reader, node, &assignment->updated))
    return NULL;
  if (assignment->from == NULL && assignment->to != NULL)
    {
      fail_at (reader, node, _("a section range needs its first section (from=\"\")"));
      return NULL;
    }
  return sc_exchange_record_from_assignment (g_steal_pointer (&assignment));
}

static ScExchangeRecord *
read_progress (FileReader *reader,
               xmlNode    *node)
{
  g_autoptr(ScProgress) progress = g_new0 (ScProgress, 1);
  g_autofree char *status = attr_token (node, "status");

  progress->member_id = attr_token (node, "member");
  progress->reading_key = attr_token (node, "reading");
  progress->note = sc_xml_get_attr (node, "note");
  if (!read_date (reader, node, "done-date", &progress->done_date) ||
      !read_updated (reader, node, &progress->updated))
    return NULL;
  if (!sc_reading_status_from_string (status, &progress->status))
    {
      fail_at (reader, node, _("unknown reading status “%s”"), status != NULL ? status : "");
      return NULL;
    }
  return sc_exchange_record_from_progress (g_steal_pointer (&progress));
}

static ScExchangeRecord *
read_attendance (FileReader *reader,
                 xmlNode    *node)
{
  g_autoptr(ScAttendanceRecord) record = g_new0 (ScAttendanceRecord, 1);
  g_autofree char *status = attr_token (node, "status");

  record->member_id = attr_token (node, "member");
  record->questions_prepared = attr_flag (node, "questions-prepared");
  if (!read_session (reader, node, "session", &record->session) ||
      !read_updated (reader, node, &record->updated))
    return NULL;
  if (!sc_attendance_from_string (status, &record->attendance))
    {
      fail_at (reader, node, _("unknown attendance “%s”"), status != NULL ? status : "");
      return NULL;
    }
  return sc_exchange_record_from_attendance (g_steal_pointer (&record));
}

/* Each record once: two versions of one record in one file cannot both
 * be the sender's. */
static gboolean
check_unique (FileReader *reader,
              xmlNode    *node,
              ScExchangeRecord     *record)
{
  g_autofree char *id = sc_exchange_record_id (record);
  gpointer first;

  if (g_hash_table_lookup_extended (reader->seen, id, NULL, &first))
    return fail_at (reader, node, _("the same <%s> record is in the file twice (first on line %u)"),
                    sc_exchange_kind_element (record->kind), GPOINTER_TO_UINT (first));

  g_hash_table_insert (reader->seen, g_steal_pointer (&id), GUINT_TO_POINTER (record->line));
  return TRUE;
}

static gboolean
push_record (FileReader *reader,
             xmlNode    *node,
             ScExchangeRecord     *record)
{
  record->line = sc_xml_node_line (node);
  record->element = reader->elements;
  g_ptr_array_add (reader->records, record);
  return check_unique (reader, node, record);
}

static gboolean
read_record (FileReader *reader,
             xmlNode    *node)
{
  ScExchangeRecord *record = NULL;
  ScExchangeRecord *person = NULL;
  gboolean known = TRUE;

  reader->elements++;
  if (sc_xml_is (node, "group"))
    record = read_group (reader, node);
  else if (reader->group == NULL)
    known = FALSE;   /* the schema puts the group first: the others belong to it */
  else if (sc_xml_is (node, "member"))
    record = read_member (reader, node, &person);
  else if (sc_xml_is (node, "meeting"))
    record = read_meeting (reader, node);
  else if (sc_xml_is (node, "assignment"))
    record = read_assignment (reader, node);
  else if (sc_xml_is (node, "reading-progress"))
    record = read_progress (reader, node);
  else if (sc_xml_is (node, "attendance"))
    record = read_attendance (reader, node);
  else
    known = FALSE;

  if (!known)
    return fail_at (reader, node, _("element <%s> is not allowed here"), (const char *) node->name);
  if (record == NULL)
    return FALSE;
  if (person != NULL && !push_record (reader, node, person))
    {
      sc_exchange_record_free (record);
      return FALSE;
    }
  return push_record (reader, node, record);
}

static gboolean
read_records (FileReader *reader,
              xmlNode    *root)
{
  g_autofree char *exported = attr_token (root, "exported");

  if (exported == NULL || !sc_exchange_parse_time (exported, &reader->exported))
    return fail_at (reader, root, _("exported=\"%s\" is not a time such as 2024-03-05T18:30:00.000Z"),
                    exported != NULL ? exported : "");
  reader->from = sc_xml_get_attr (root, "from");

  for (xmlNode *node = sc_xml_first_element (root); node != NULL; node = sc_xml_next_element (node))
    if (!read_record (reader, node))
      return FALSE;

  if (reader->group == NULL)
    return fail_at (reader, root, _("the file has no <group>"));
  return TRUE;
}

/* Parses, validates and reads @data; on failure @error says
 * "DISPLAY_NAME:LINE: message". */
static gboolean
read_file (FileReader *reader,
           const char *data,
           gsize       length)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  xmlNode *root;

  doc = sc_xml_read_memory (data, length, reader->display_name, reader->error);
  if (doc == NULL)
    return FALSE;

  root = xmlDocGetRootElement (doc);
  if (!sc_xml_is (root, "progress") || root->ns != NULL)
    return fail_at (reader, root, _("not a Study Circle progress file (its root element is <%s>)"),
                    (const char *) root->name);

  problems = g_ptr_array_new_with_free_func (g_free);
  if (!sc_validate_memory (data, length, reader->display_name, problems))
    {
      /* The first problem names the line; the others are usually its
       * consequences. */
      if (problems->len > 1)
        g_set_error (reader->error, SC_ERROR, SC_ERROR_INVALID,
                     g_dngettext (GETTEXT_PACKAGE, "%s (and %u more problem)",
                                  "%s (and %u more problems)", problems->len - 1),
                     (const char *) g_ptr_array_index (problems, 0), problems->len - 1);
      else
        g_set_error (reader->error, SC_ERROR, SC_ERROR_INVALID, "%s",
                     problems->len > 0 ? (const char *) g_ptr_array_index (problems, 0)
                                       : reader->display_name);
      return FALSE;
    }

  return read_records (reader, root);
}

/* ===== Merging ============================================================ */

/* What one record of the file did, from least to most worth telling: an
 * element that carries two records (a member) counts as the more telling
 * of the two. */
typedef enum {
  OUTCOME_UNCHANGED,
  OUTCOME_UPDATED,
  OUTCOME_ADDED,
  OUTCOME_CONFLICT,
} Outcome;

typedef struct {
  ScStudyStore        *store;
  const char          *display_name;
  const char          *group_id;
  GHashTable          *ours;     /* sc_exchange_record_id () → ScExchangeRecord (owned) */
  GHashTable          *names;    /* member id → name (owned) */
  ScStudyImportReport *report;
} Merge;

/* The store's side of every record of the group, before the merge. */
static gboolean
load_ours (Merge   *merge,
           GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(ScGroup) group = NULL;
  g_autoptr(GPtrArray) records = NULL;

  group = sc_study_store_find_group (merge->store, merge->group_id, &local_error);
  if (group == NULL && !g_error_matches (local_error, SC_ERROR, SC_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* find_group() also takes names and prefixes: only the very id counts. */
  if (group == NULL || strcmp (group->id, merge->group_id) != 0)
    return TRUE;

  records = g_ptr_array_new ();
  if (!sc_exchange_load_records (merge->store, group, records, error))
    {
      g_ptr_array_foreach (records, (GFunc) sc_exchange_record_free, NULL);
      return FALSE;
    }
  for (guint i = 0; i < records->len; i++)
    {
      ScExchangeRecord *record = g_ptr_array_index (records, i);

      g_hash_table_replace (merge->ours, sc_exchange_record_id (record), record);
    }
  return TRUE;
}

/* Who is who, for the checks and for people: the store's members, then
 * the file's (newer or not, a name is a name). */
static void
learn_names (Merge     *merge,
             GPtrArray *records)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, merge->ours);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const ScExchangeRecord *record = value;

      if (record->kind == SC_EXCHANGE_PERSON)
        g_hash_table_replace (merge->names, g_strdup (((ScMember *) record->data)->id),
                              g_strdup (((ScMember *) record->data)->name));
    }

  for (guint i = 0; i < records->len; i++)
    {
      const ScExchangeRecord *record = g_ptr_array_index (records, i);

      if (record->kind == SC_EXCHANGE_PERSON)
        g_hash_table_replace (merge->names, g_strdup (((ScMember *) record->data)->id),
                              g_strstrip (g_strdup (((ScMember *) record->data)->name)));
    }
}

/* Progress, attendance and assignments must name a member the file or the
 * store has in this group. */
static gboolean
check_members (Merge      *merge,
               GPtrArray  *records,
               GError    **error)
{
  for (guint i = 0; i < records->len; i++)
    {
      const ScExchangeRecord *record = g_ptr_array_index (records, i);
      const char *member_id = sc_exchange_record_member_id (record);

      if (member_id != NULL && !g_hash_table_contains (merge->names, member_id))
        {
          g_set_error (error, SC_ERROR, SC_ERROR_INVALID,
                       _("%s:%u: member “%s” is neither in the file nor in the group"),
                       merge->display_name, record->line, member_id);
          return FALSE;
        }
    }
  return TRUE;
}

/* How a conflict line names a record. */
static char *
describe (Merge        *merge,
          const ScExchangeRecord *record)
{
  const char *member_id = sc_exchange_record_member_id (record);
  const char *member = NULL;

  if (member_id != NULL)
    {
      member = g_hash_table_lookup (merge->names, member_id);
      if (member == NULL)
        member = member_id;
    }

  switch (record->kind)
    {
    case SC_EXCHANGE_GROUP:
      return g_strdup_printf (_("group %s"), ((ScGroup *) record->data)->name);
    case SC_EXCHANGE_PERSON:
      return g_strdup_printf (_("member %s, name and contact"), member);
    case SC_EXCHANGE_MEMBER:
      return g_strdup_printf (_("member %s"), member);
    case SC_EXCHANGE_MEETING:
      return g_strdup_printf (_("session %u meeting"), ((ScMeeting *) record->data)->session);
    case SC_EXCHANGE_ASSIGNMENT:
      if (member != NULL)
        return g_strdup_printf (_("assignment of %s to %s"),
                                ((ScAssignment *) record->data)->text_id, member);
      return g_strdup_printf (_("assignment of %s to the group"),
                              ((ScAssignment *) record->data)->text_id);
    case SC_EXCHANGE_PROGRESS:
      return g_strdup_printf (_("member %s, reading %s"), member,
                              ((ScProgress *) record->data)->reading_key);
    case SC_EXCHANGE_ATTENDANCE:
      return g_strdup_printf (_("member %s, session %u attendance"), member,
                              ((ScAttendanceRecord *) record->data)->session);
    case SC_EXCHANGE_N_KINDS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
merge_into_store (Merge         *merge,
                  const ScExchangeRecord  *theirs,
                  gboolean      *applied,
                  GError       **error)
{
  ScStudyStore *store = merge->store;
  const char *group_id = merge->group_id;

  switch (theirs->kind)
    {
    case SC_EXCHANGE_GROUP:
      return sc_study_store_merge_group (store, theirs->data, applied, error);
    case SC_EXCHANGE_PERSON:
      return sc_study_store_merge_person (store, theirs->data, applied, error);
    case SC_EXCHANGE_MEMBER:
      return sc_study_store_merge_membership (store, group_id, theirs->data, applied, error);
    case SC_EXCHANGE_MEETING:
      return sc_study_store_merge_meeting (store, group_id, theirs->data, applied, error);
    case SC_EXCHANGE_ASSIGNMENT:
      return sc_study_store_merge_assignment (store, theirs->data, applied, error);
    case SC_EXCHANGE_PROGRESS:
      return sc_study_store_merge_progress (store, group_id, theirs->data, applied, error);
    case SC_EXCHANGE_ATTENDANCE:
      return sc_study_store_merge_attendance (store, group_id, theirs->data, applied, error);
    case SC_EXCHANGE_N_KINDS:
    default:
      g_assert_not_reached ();
    }
}

/* Was their version made on top of ours? Yes when ours is a version they
 * sent us, or one we sent them before they made theirs (an export says the
 * other side will have it; clocks are trusted to the millisecond). */
static gboolean
made_on_ours (const ScExchangeRecord         *ours,
              const ScExchangeRecord         *theirs,
              const ScExchangeBase *base)
{
  if (ours->updated <= base->received)
    return TRUE;
  return ours->updated <= base->sent && theirs->updated >= base->sent_at;
}

static Outcome
classify (const ScExchangeRecord         *ours,
          const ScExchangeRecord         *theirs,
          const ScExchangeBase *base,
          gboolean              applied)
{
  if (ours == NULL)
    /* Not applied: a person the store knows, newer, from another group. */
    return applied ? OUTCOME_ADDED : OUTCOME_UNCHANGED;
  if (strcmp (ours->values, theirs->values) == 0)
    return OUTCOME_UNCHANGED;   /* at most a newer time taken */
  if (theirs->updated <= base->received || theirs->updated == base->sent)
    return OUTCOME_UNCHANGED;   /* theirs is a version we had before */
  if (made_on_ours (ours, theirs, base))
    return applied ? OUTCOME_UPDATED : OUTCOME_UNCHANGED;
  return OUTCOME_CONFLICT;
}

static void
report_conflict (Merge        *merge,
                 const ScExchangeRecord *theirs,
                 const ScExchangeRecord *ours)
{
  g_autofree char *what = describe (merge, theirs);
  g_autofree char *when = NULL;
  char *line;

  if (theirs->updated > ours->updated)
    {
      when = sc_exchange_format_time_for_people (theirs->updated);
      /* Translators: a merge conflict: "member Ana, reading X: kept theirs (newer: 2024-03-05 18:30)" */
      line = g_strdup_printf (_("%s: kept theirs (newer: %s)"), what, when);
    }
  else if (theirs->updated < ours->updated)
    {
      when = sc_exchange_format_time_for_people (ours->updated);
      line = g_strdup_printf (_("%s: kept yours (newer: %s)"), what, when);
    }
  else
    line = g_strdup_printf (_("%s: kept yours (both changed at the same moment)"), what);

  g_ptr_array_add (merge->report->conflict_lines, line);
}

/* One record: merge it, say what it did, remember that we have seen it. */
static gboolean
merge_record (Merge         *merge,
              const ScExchangeRecord  *theirs,
              Outcome       *outcome,
              GError       **error)
{
  g_autofree char *id = sc_exchange_record_id (theirs);
  const ScExchangeRecord *ours = g_hash_table_lookup (merge->ours, id);
  const char *kind = sc_exchange_kind_name (theirs->kind);
  g_autoptr(GError) local_error = NULL;
  ScExchangeBase base;
  gboolean applied = FALSE;

  if (!sc_study_store_get_exchange_base (merge->store, merge->group_id, kind, theirs->key,
                                         &base, error))
    return FALSE;

  if (!merge_into_store (merge, theirs, &applied, &local_error))
    {
      g_set_error (error, SC_ERROR, local_error->domain == SC_ERROR ? local_error->code : SC_ERROR_FAILED,
                   "%s:%u: %s", merge->display_name, theirs->line, local_error->message);
      return FALSE;
    }

  *outcome = classify (ours, theirs, &base, applied);
  if (*outcome == OUTCOME_CONFLICT)
    report_conflict (merge, theirs, ours);

  /* Their version is seen now, kept or not: the same file again, or a later
   * one that has not changed this record, is no news and no conflict. */
  return sc_study_store_note_received (merge->store, merge->group_id, kind, theirs->key,
                                       theirs->updated, error);
}

static void
count_outcome (ScStudyImportReport *report,
               Outcome              outcome)
{
  switch (outcome)
    {
    case OUTCOME_ADDED:
      report->added++;
      break;
    case OUTCOME_UPDATED:
      report->updated++;
      break;
    case OUTCOME_CONFLICT:
      report->conflicts++;
      break;
    case OUTCOME_UNCHANGED:
    default:
      report->unchanged++;
      break;
    }
}

static gboolean
merge_records (Merge      *merge,
               GPtrArray  *records,
               GError    **error)
{
  Outcome element_outcome = OUTCOME_UNCHANGED;

  if (!load_ours (merge, error))
    return FALSE;

  learn_names (merge, records);

  if (!check_members (merge, records, error))
    return FALSE;

  /* File order is the schema's: the group, its members, then what refers
   * to them; a member's person comes before their membership. */
  for (guint i = 0; i < records->len; i++)
    {
      const ScExchangeRecord *record = g_ptr_array_index (records, i);
      const ScExchangeRecord *next = i + 1 < records->len ? g_ptr_array_index (records, i + 1) : NULL;
      Outcome outcome;

      if (!merge_record (merge, record, &outcome, error))
        return FALSE;

      element_outcome = MAX (element_outcome, outcome);
      if (next == NULL || next->element != record->element)
        {
          count_outcome (merge->report, element_outcome);
          element_outcome = OUTCOME_UNCHANGED;
        }
    }

  return TRUE;
}

/* ===== Import ============================================================= */

void
sc_study_import_report_init (ScStudyImportReport *report)
{
  g_return_if_fail (report != NULL);

  memset (report, 0, sizeof *report);
  report->conflict_lines = g_ptr_array_new_with_free_func (g_free);
}

void
sc_study_import_report_clear (ScStudyImportReport *report)
{
  g_return_if_fail (report != NULL);

  g_clear_pointer (&report->conflict_lines, g_ptr_array_unref);
  g_clear_pointer (&report->group_id, g_free);
  g_clear_pointer (&report->group_name, g_free);
  g_clear_pointer (&report->from, g_free);
  memset (report, 0, sizeof *report);
}

/**
 * sc_study_import_memory:
 * @store: the study store
 * @data: the bytes of a progress file
 * @length: their length
 * @display_name: how to name the file in errors (usually its path)
 * @report: (nullable): where to say what the import did
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the file was merged; %FALSE with the store untouched
 */
gboolean
sc_study_import_memory (ScStudyStore         *store,
                        const char           *data,
                        gsize                 length,
                        const char           *display_name,
                        ScStudyImportReport  *report,
                        GError              **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (sc_exchange_record_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ours = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_auto(ScStudyImportReport) local_report = { 0, };
  FileReader reader = { display_name, error, NULL, 0, NULL, records, seen, 0 };
  Merge merge = { store, display_name, NULL, NULL, NULL, &local_report };
  gboolean ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!read_file (&reader, data, length))
    {
      g_free (reader.from);
      return FALSE;
    }

  sc_study_import_report_init (&local_report);
  local_report.group_id = g_strdup (reader.group->id);
  local_report.group_name = g_strstrip (g_strdup (reader.group->name));
  local_report.from = g_steal_pointer (&reader.from);
  local_report.exported = reader.exported;

  ours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, sc_exchange_record_free);
  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  merge.group_id = local_report.group_id;
  merge.ours = ours;
  merge.names = names;

  /* One transaction: the whole file or nothing. */
  ok = sc_study_store_begin (store, error);
  if (ok)
    {
      ok = merge_records (&merge, records, error) && sc_study_store_commit (store, error);
      if (!ok)
        sc_study_store_rollback (store);
    }

  if (ok && report != NULL)
    {
      sc_study_import_report_clear (report);
      *report = local_report;
      memset (&local_report, 0, sizeof local_report);
    }
  return ok;
}

/**
 * sc_study_import_file:
 *
 * Reads @path and merges it with sc_study_import_memory(); errors name the
 * file by its display name.
 */
gboolean
sc_study_import_file (ScStudyStore         *store,
                      const char           *path,
                      ScStudyImportReport  *report,
                      GError              **error)
{
  g_autofree char *display = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  gsize length = 0;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);

  if (g_stat (path, &st) == 0 && st.st_size > SC_XML_MAX_FILE_SIZE)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_LIMIT,
                   /* Translators: “%s:1: ” is the file's name and line:
                    * keep it at the start. */
                   _("%s:1: the file is larger than %d MiB"),
                   display, SC_XML_MAX_FILE_SIZE / (1024 * 1024));
      return FALSE;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_IO, "%s:1: %s", display, local_error->message);
      return FALSE;
    }

  return sc_study_import_memory (store, contents, length, display, report, error);
}
