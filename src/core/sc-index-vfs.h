/* sc-index-vfs.h: the index's files, without waiting for the disk in a run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The name to pass to sqlite3_open_v2(). */
#define SC_INDEX_VFS "studycircle-index"

gboolean sc_index_vfs_register       (void);
void     sc_index_vfs_begin_unsynced (void);
void     sc_index_vfs_end_unsynced   (void);

G_END_DECLS
