/* sc-test-study.h: helpers the study-data tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sc-study.h"

/* The store at @path, which must open. */
static inline ScStudyStore *
sc_test_open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  ScStudyStore *store = sc_study_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* Saves a new group named @name in @store; returns its id. */
static inline char *
sc_test_add_group (ScStudyStore *store,
                   const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScGroup) group = sc_study_group_new (name);

  g_assert_true (sc_study_store_save_group (store, group, &error));
  g_assert_no_error (error);
  return g_strdup (group->id);
}
