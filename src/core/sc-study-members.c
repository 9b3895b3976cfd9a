/* sc-study-members.c: the people of the study groups in the study store
 *
 * A person (name, contact) can be in several groups; their membership of
 * each group (role, joined, removed) is a record of its own. The two
 * change apart and merge apart: a person renamed in one group's file is
 * renamed everywhere, and joining another group does not touch the name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-study-private.h"

ScMember *
sc_study_member_new (const char *name)
{
  ScMember *member = g_new0 (ScMember, 1);

  member->name = g_strdup (name);
  member->role = SC_ROLE_MEMBER;
  return member;
}

ScMember *
sc_study_member_copy (const ScMember *member)
{
  ScMember *copy;

  g_return_val_if_fail (member != NULL, NULL);

  copy = g_memdup2 (member, sizeof *member);
  copy->id = g_strdup (member->id);
  copy->name = g_strdup (member->name);
  copy->contact = g_strdup (member->contact);
  copy->joined = g_strdup (member->joined);
  return copy;
}

void
sc_study_member_free (ScMember *member)
{
  if (member == NULL)
    return;

  g_free (member->id);
  g_free (member->name);
  g_free (member->contact);
  g_free (member->joined);
  g_free (member);
}

#define MEMBER_SELECT                                                          \
  "SELECT m.id, m.name, m.contact, s.role, s.joined, s.updated, m.updated, s.removed " \
  "FROM memberships s JOIN members m ON m.id = s.member_id "

static ScMember *
member_from_row (sqlite3_stmt *stmt)
{
  ScMember *member = g_new0 (ScMember, 1);

  member->id = sc_sqlite_column_dup (stmt, 0);
  member->name = sc_sqlite_column_dup (stmt, 1);
  member->contact = sc_sqlite_column_dup (stmt, 2);
  member->role = sc_study_column_enum (stmt, 3, sc_study_role_names, G_N_ELEMENTS (sc_study_role_names));
  member->joined = sc_sqlite_column_dup (stmt, 4);
  member->updated = sqlite3_column_int64 (stmt, 5);
  member->person_updated = sqlite3_column_int64 (stmt, 6);
  member->removed = sqlite3_column_int (stmt, 7) != 0;
  return member;
}

gboolean
sc_study_member_exists (ScStudyStore  *store,
                        const char    *member_id,
                        GError       **error)
{
  const char *keys[] = { member_id, NULL };
  gint64 updated;

  if (!sc_study_lookup_updated (store, "SELECT updated FROM members WHERE id = ?", keys, 0, &updated, error))
    return FALSE;

  if (updated == 0)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, _("No member “%s”"), member_id);
      return FALSE;
    }

  return TRUE;
}

gboolean
sc_study_is_current_member (ScStudyStore  *store,
                            const char    *group_id,
                            const char    *member_id,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!sc_study_group_exists (store, group_id, error))
    return FALSE;

  stmt = sc_study_prepare (store,
                           "SELECT 1 FROM memberships WHERE group_id = ? AND member_id = ? AND removed = 0",
                           error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, group_id);
  sc_sqlite_bind_text (stmt, 2, member_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return sc_study_db_error (store, rc, error);

  g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, _("No member “%s” in this group"), member_id);
  return FALSE;
}

static gboolean
validate_person (const ScMember  *member,
                 GError         **error)
{
  if (sc_study_str_empty (member->name))
    return sc_study_invalid (error, _("A member needs a name"));
  return TRUE;
}

static gboolean
validate_membership (const ScMember  *member,
                     GError         **error)
{
  if ((guint) member->role >= G_N_ELEMENTS (sc_study_role_names))
    return sc_study_invalid (error, _("Unknown role %d"), member->role);
  if (member->joined != NULL && member->joined[0] != '\0' && !sc_date_is_valid (member->joined))
    return sc_study_invalid (error, _("Not a date (YYYY-MM-DD): “%s”"), member->joined);
  return TRUE;
}

static gboolean
check_member_name_free (ScStudyStore    *store,
                        const char      *group_id,
                        const ScMember  *member,
                        GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = sc_study_prepare (store, MEMBER_SELECT "WHERE s.group_id = ? AND s.removed = 0", error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, group_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), member->id) != 0 &&
        sc_study_names_equal ((const char *) sqlite3_column_text (stmt, 1), member->name))
      {
        g_set_error (error, SC_ERROR, SC_ERROR_DUPLICATE,
                     _("The group already has a member called “%s”"), member->name);
        return FALSE;
      }

  if (rc != SQLITE_DONE)
    return sc_study_db_error (store, rc, error);

  return TRUE;
}

/* Writes the person. @exact: merging, keep @stamp as it is; else @stamp is
 * now and the record's time goes strictly past its last change, but only
 * when the name or contact change: joining another group is no change to
 * the person, and must not look like one to the other computers. */
static gboolean
write_person (ScStudyStore    *store,
              const ScMember  *member,
              gint64           stamp,
              gboolean         exact,
              gint64          *out_updated,
              GError         **error)
{
  const char *keys[] = { member->id, NULL };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *name = g_strstrip (g_strdup (member->name));
  int rc;

  stmt = sc_study_prepare (store,
                           "INSERT INTO members (id, name, contact, updated) VALUES (?1, ?2, ?3, ?4) "
                           "ON CONFLICT (id) DO UPDATE SET name = ?2, contact = ?3, "
                           "  updated = CASE WHEN ?5 THEN ?4 ELSE MAX (?4, updated + 1) END "
                           "  WHERE ?5 OR name IS NOT ?2 OR contact IS NOT ?3 "
                           "RETURNING updated",
                           error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, member->id);
  sc_sqlite_bind_text (stmt, 2, name);
  sc_study_bind_optional (stmt, 3, member->contact);
  sqlite3_bind_int64 (stmt, 4, stamp);
  sqlite3_bind_int (stmt, 5, exact);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)   /* nothing to change */
    return out_updated == NULL ||
           sc_study_lookup_updated (store, "SELECT updated FROM members WHERE id = ?", keys, 0,
                                    out_updated, error);
  if (rc != SQLITE_ROW)
    return sc_study_db_error (store, rc, error);
  if (out_updated != NULL)
    *out_updated = sqlite3_column_int64 (stmt, 0);

  return sc_study_run (store, stmt, error);
}

/* Writes the membership of @group_id; @stamp and @exact as in
 * write_person(). Only a merge brings a tombstone in: adding someone makes
 * them a member again. */
static gboolean
write_membership (ScStudyStore    *store,
                  const char      *group_id,
                  const ScMember  *member,
                  gint64           stamp,
                  gboolean         exact,
                  gint64          *out_updated,
                  GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = sc_study_prepare (store,
                           "INSERT INTO memberships (group_id, member_id, role, joined, removed, updated) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                           "ON CONFLICT (group_id, member_id) DO UPDATE SET role = ?3, joined = ?4, "
                           "  removed = ?5, "
                           "  updated = CASE WHEN ?7 THEN ?6 ELSE MAX (?6, updated + 1) END "
                           "RETURNING updated",
                           error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, group_id);
  sc_sqlite_bind_text (stmt, 2, member->id);
  sc_sqlite_bind_text (stmt, 3, sc_study_role_names[member->role]);
  sc_study_bind_optional (stmt, 4, member->joined);
  sqlite3_bind_int (stmt, 5, exact && member->removed);
  sqlite3_bind_int64 (stmt, 6, stamp);
  sqlite3_bind_int (stmt, 7, exact);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return sc_study_db_error (store, rc, error);
  if (out_updated != NULL)
    *out_updated = sqlite3_column_int64 (stmt, 0);

  return sc_study_run (store, stmt, error);
}

gboolean
sc_study_store_add_member (ScStudyStore  *store,
                           const char    *group_id,
                           ScMember      *member,
                           GError       **error)
{
  g_autofree char *id = NULL;
  gint64 person_updated = 0, updated = 0, stamp;
  gboolean owned, ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_person (member, error) || !validate_membership (member, error))
    return FALSE;

  id = member->id != NULL ? g_strdup (member->id) : g_uuid_string_random ();

  if (!sc_study_txn_begin (store, &owned, error))
    return FALSE;

  {
    ScMember with_id = *member;

    /* One action, one time for both records. */
    stamp = sc_study_next_stamp (store);
    with_id.id = id;
    ok = sc_study_group_exists (store, group_id, error) &&
         check_member_name_free (store, group_id, &with_id, error) &&
         write_person (store, &with_id, stamp, FALSE, &person_updated, error) &&
         write_membership (store, group_id, &with_id, stamp, FALSE, &updated, error);
  }

  if (!sc_study_txn_end (store, owned, ok, error))
    return FALSE;

  g_free (member->id);
  member->id = g_steal_pointer (&id);
  member->updated = updated;
  member->person_updated = person_updated;
  member->removed = FALSE;
  return TRUE;
}

static gboolean
remove_member (ScStudyStore  *store,
               const char    *group_id,
               const char    *member_id,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!sc_study_is_current_member (store, group_id, member_id, error))
    return FALSE;

  stmt = sc_study_prepare (store,
                           "UPDATE memberships SET removed = 1, updated = MAX (?3, updated + 1) "
                           "WHERE group_id = ?1 AND member_id = ?2",
                           error);
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, group_id);
  sc_sqlite_bind_text (stmt, 2, member_id);
  sqlite3_bind_int64 (stmt, 3, sc_study_next_stamp (store));
  return sc_study_run (store, stmt, error);
}

gboolean
sc_study_store_remove_member (ScStudyStore  *store,
                              const char    *group_id,
                              const char    *member_id,
                              GError       **error)
{
  gboolean owned, ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (member_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sc_study_txn_begin (store, &owned, error))
    return FALSE;

  ok = remove_member (store, group_id, member_id, error);
  return sc_study_txn_end (store, owned, ok, error);
}

static GPtrArray *
list_members (ScStudyStore  *store,
              const char    *group_id,
              gboolean       with_removed,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) members = NULL;
  int rc;

  if (!sc_study_group_exists (store, group_id, error))
    return NULL;

  stmt = sc_study_prepare (store,
                           MEMBER_SELECT "WHERE s.group_id = ?1 AND (?2 OR s.removed = 0) "
                           "ORDER BY m.name COLLATE NOCASE, m.id",
                           error);
  if (stmt == NULL)
    return NULL;

  sc_sqlite_bind_text (stmt, 1, group_id);
  sqlite3_bind_int (stmt, 2, with_removed);
  members = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_study_member_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (members, member_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      sc_study_db_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&members);
}

GPtrArray *
sc_study_store_list_members (ScStudyStore  *store,
                             const char    *group_id,
                             GError       **error)
{
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_members (store, group_id, FALSE, error);
}

GPtrArray *
sc_study_store_list_all_members (ScStudyStore  *store,
                                 const char    *group_id,
                                 GError       **error)
{
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_members (store, group_id, TRUE, error);
}

ScMember *
sc_study_store_find_member (ScStudyStore  *store,
                            const char    *group_id,
                            const char    *id_or_name,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (id_or_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sc_study_group_exists (store, group_id, error))
    return NULL;

  stmt = sc_study_prepare (store, MEMBER_SELECT "WHERE s.group_id = ? AND s.removed = 0 ORDER BY m.id",
                           error);
  if (stmt == NULL)
    return NULL;

  sc_sqlite_bind_text (stmt, 1, group_id);
  id = sc_study_resolve_id (store, stmt, "member", id_or_name, error);
  if (id == NULL)
    return NULL;

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = sc_study_prepare (store, MEMBER_SELECT "WHERE s.group_id = ? AND s.member_id = ?", error);
  if (stmt == NULL)
    return NULL;

  sc_sqlite_bind_text (stmt, 1, group_id);
  sc_sqlite_bind_text (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sc_study_db_error (store, rc, error);
      return NULL;
    }

  return member_from_row (stmt);
}

/* ===== Who is "me" ======================================================== */

/* A record of this computer only: sc-study-exchange.c never reads the
 * identity table, so it is neither exported nor merged. */

static gboolean
set_me (ScStudyStore  *store,
        const char    *group_id,
        const char    *member_id,
        GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (member_id == NULL)
    {
      if (!sc_study_group_exists (store, group_id, error))
        return FALSE;
      stmt = sc_study_prepare (store, "DELETE FROM identity WHERE group_id = ?", error);
    }
  else
    {
      if (!sc_study_is_current_member (store, group_id, member_id, error))
        return FALSE;
      stmt = sc_study_prepare (store,
                               "INSERT INTO identity (group_id, member_id) VALUES (?1, ?2) "
                               "ON CONFLICT (group_id) DO UPDATE SET member_id = ?2",
                               error);
    }
  if (stmt == NULL)
    return FALSE;

  sc_sqlite_bind_text (stmt, 1, group_id);
  if (member_id != NULL)
    sc_sqlite_bind_text (stmt, 2, member_id);
  return sc_study_run (store, stmt, error);
}

gboolean
sc_study_store_set_me (ScStudyStore  *store,
                       const char    *group_id,
                       const char    *member_id,
                       GError       **error)
{
  gboolean owned, ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sc_study_txn_begin (store, &owned, error))
    return FALSE;

  ok = set_me (store, group_id, member_id, error);
  return sc_study_txn_end (store, owned, ok, error);
}

/* Only a current member: one who left the group is nobody's "me". */
char *
sc_study_store_get_me (ScStudyStore  *store,
                       const char    *group_id,
                       GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (group_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = sc_study_prepare (store,
                           "SELECT i.member_id FROM identity i "
                           "JOIN memberships s ON s.group_id = i.group_id AND s.member_id = i.member_id "
                           "WHERE i.group_id = ? AND s.removed = 0",
                           error);
  if (stmt == NULL)
    return NULL;

  sc_sqlite_bind_text (stmt, 1, group_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sc_sqlite_column_dup (stmt, 0);
  if (rc != SQLITE_DONE)
    sc_study_db_error (store, rc, error);
  return NULL;
}

/* ===== Merging ============================================================ */

gboolean
sc_study_store_merge_person (ScStudyStore    *store,
                             const ScMember  *member,
                             gboolean        *applied,
                             GError         **error)
{
  const char *keys[] = { NULL, NULL };
  gboolean owned, ok, wrote = FALSE;
  gint64 local = 0;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (member != NULL && member->id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sc_study_check_stamp (member->person_updated, error) || !validate_person (member, error) ||
      !sc_study_merge_begin (store, applied, &owned, error))
    return FALSE;

  keys[0] = member->id;
  ok = sc_study_lookup_updated (store, "SELECT updated FROM members WHERE id = ?", keys, 0, &local, error);
  if (ok && member->person_updated > local)
    ok = wrote = write_person (store, member, member->person_updated, TRUE, NULL, error);

  return sc_study_merge_end (store, owned, ok, wrote, applied, error);
}

/* The person must be known: merge them first. */
gboolean
sc_study_store_merge_membership (ScStudyStore    *store,
                                 const char      *group_id,
                                 const ScMember  *member,
                                 gboolean        *applied,
                                 GError         **error)
{
  const char *keys[] = { group_id, NULL, NULL };
  gboolean owned, ok, wrote = FALSE;
  gint64 local = 0;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);
  g_return_val_if_fail (member != NULL && member->id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sc_study_check_stamp (member->updated, error) || !validate_membership (member, error) ||
      !sc_study_merge_begin (store, applied, &owned, error))
    return FALSE;

  keys[1] = member->id;
  ok = sc_study_group_exists (store, group_id, error) &&
       sc_study_member_exists (store, member->id, error) &&
       sc_study_lookup_updated (store,
                                "SELECT updated FROM memberships WHERE group_id = ? AND member_id = ?",
                                keys, 0, &local, error);
  if (ok && member->updated > local)
    ok = wrote = write_membership (store, group_id, member, member->updated, TRUE, NULL, error);

  return sc_study_merge_end (store, owned, ok, wrote, applied, error);
}
