/* sc-test-faults.h: what the fault tests share
 *
 * Read-only folders: chmod is enough for an ordinary user, but root may
 * write anywhere. In a user namespace of its own (unshare(CLONE_NEWUSER),
 * no privilege needed) root's files are still its own, and it keeps only
 * the owner's rights: a folder made 0500 is read-only to it, as to anyone.
 * unshare() needs a process with one thread: call it first thing in main()
 * or in a child just forked. It is declared with _GNU_SOURCE: define it
 * before the first #include of a file that includes this header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

/* TRUE when file permissions now bind this process (always, but for root
 * in a place where unshare() is refused). */
static inline gboolean
sc_test_drop_root_override (void)
{
  if (geteuid () != 0)
    return TRUE;
  return unshare (CLONE_NEWUSER) == 0;
}

/* TRUE when this process cannot write @path: no file can be made in it
 * when it is a folder, it cannot be opened for writing when a file. */
static inline gboolean
sc_test_cannot_write (const char *path)
{
  g_autofree char *probe = g_build_filename (path, "probe", NULL);
  gboolean dir = g_file_test (path, G_FILE_TEST_IS_DIR);
  int fd = dir ? g_open (probe, O_WRONLY | O_CREAT | O_EXCL, 0600) : g_open (path, O_WRONLY, 0);

  if (fd < 0)
    return TRUE;
  close (fd);
  if (dir)
    g_unlink (probe);
  return FALSE;
}
