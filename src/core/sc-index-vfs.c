/* sc-index-vfs.c: the index's files, without waiting for the disk in a run
 *
 * While a run writes the index, it sets PRAGMA synchronous=OFF: the index
 * is a cache of the library, a run killed half-way leaves a consistent
 * file (the data is with the system), and a file damaged by a power cut is
 * rebuilt. SQLite 3.40 still flushes the WAL and the database to the disk
 * at each checkpoint whatever that setting says; at 10,000 texts those
 * flushes made the run wait seconds for the disk. This VFS passes every
 * call to the default one, except that a flush is skipped while
 * sc_index_vfs_begin_unsynced() is in force. Only the index's own
 * connections use it (the study data never does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-index-vfs.h"

typedef struct {
  sqlite3_file  base;
  sqlite3_file *real;   /* the default VFS's file, right after this */
} File;

static sqlite3_vfs *real_vfs;
static gint unsynced;

#define REAL(file) (((File *) (file))->real)

static int
file_close (sqlite3_file *file)
{
  return REAL (file)->pMethods->xClose (REAL (file));
}

static int
file_read (sqlite3_file *file,
           void         *buffer,
           int           amount,
           sqlite3_int64 offset)
{
  return REAL (file)->pMethods->xRead (REAL (file), buffer, amount, offset);
}

static int
file_write (sqlite3_file *file,
            const void   *buffer,
            int           amount,
            sqlite3_int64 offset)
{
  return REAL (file)->pMethods->xWrite (REAL (file), buffer, amount, offset);
}

static int
file_truncate (sqlite3_file *file,
               sqlite3_int64 size)
{
  return REAL (file)->pMethods->xTruncate (REAL (file), size);
}

static int
file_sync (sqlite3_file *file,
           int           flags)
{
  if (g_atomic_int_get (&unsynced) > 0)
    return SQLITE_OK;
  return REAL (file)->pMethods->xSync (REAL (file), flags);
}

static int
file_size (sqlite3_file  *file,
           sqlite3_int64 *size)
{
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
file_lock (sqlite3_file *file,
           int           lock)
{
  return REAL (file)->pMethods->xLock (REAL (file), lock);
}

static int
file_unlock (sqlite3_file *file,
             int           lock)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), lock);
}

static int
file_check_reserved_lock (sqlite3_file *file,
                          int          *reserved)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), reserved);
}

static int
file_control (sqlite3_file *file,
              int           op,
              void         *arg)
{
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
file_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
file_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

static int
file_shm_map (sqlite3_file  *file,
              int            region,
              int            size,
              int            extend,
              void volatile **memory)
{
  return REAL (file)->pMethods->xShmMap (REAL (file), region, size, extend, memory);
}

static int
file_shm_lock (sqlite3_file *file,
               int           offset,
               int           n,
               int           flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
file_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
file_shm_unmap (sqlite3_file *file,
                int           delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

static int
file_fetch (sqlite3_file  *file,
            sqlite3_int64  offset,
            int            amount,
            void         **pointer)
{
  return REAL (file)->pMethods->xFetch (REAL (file), offset, amount, pointer);
}

static int
file_unfetch (sqlite3_file  *file,
              sqlite3_int64  offset,
              void          *pointer)
{
  return REAL (file)->pMethods->xUnfetch (REAL (file), offset, pointer);
}

/* Version 3, as the unix VFS's files are. A file whose methods are older
 * (none in Debian's SQLite) gets a copy of these with its own version, so
 * that SQLite makes only the calls that version has: methods[version - 1],
 * filled in at registration. */
static const sqlite3_io_methods file_methods = {
  3,
  file_close,
  file_read,
  file_write,
  file_truncate,
  file_sync,
  file_size,
  file_lock,
  file_unlock,
  file_check_reserved_lock,
  file_control,
  file_sector_size,
  file_device_characteristics,
  file_shm_map,
  file_shm_lock,
  file_shm_barrier,
  file_shm_unmap,
  file_fetch,
  file_unfetch,
};

static sqlite3_io_methods methods[3];

static int
vfs_open (sqlite3_vfs  *vfs,
          const char   *name,
          sqlite3_file *file,
          int           flags,
          int          *out_flags)
{
  File *self = (File *) file;
  int version;
  int rc;

  self->real = (sqlite3_file *) &self[1];
  rc = real_vfs->xOpen (real_vfs, name, self->real, flags, out_flags);
  if (self->real->pMethods == NULL)
    {
      file->pMethods = NULL;
      return rc;
    }
  version = CLAMP (self->real->pMethods->iVersion, 1, 3);
  file->pMethods = &methods[version - 1];
  return rc;
}

static int
vfs_delete (sqlite3_vfs *vfs,
            const char  *name,
            int          sync_dir)
{
  return real_vfs->xDelete (real_vfs, name, sync_dir);
}

static int
vfs_access (sqlite3_vfs *vfs,
            const char  *name,
            int          flags,
            int         *result)
{
  return real_vfs->xAccess (real_vfs, name, flags, result);
}

static int
vfs_full_pathname (sqlite3_vfs *vfs,
                   const char  *name,
                   int          size,
                   char        *out)
{
  return real_vfs->xFullPathname (real_vfs, name, size, out);
}

static void *
vfs_dl_open (sqlite3_vfs *vfs,
             const char  *filename)
{
  return real_vfs->xDlOpen (real_vfs, filename);
}

static void
vfs_dl_error (sqlite3_vfs *vfs,
              int          size,
              char        *message)
{
  real_vfs->xDlError (real_vfs, size, message);
}

static void (*vfs_dl_sym (sqlite3_vfs *vfs,
                          void        *handle,
                          const char  *symbol)) (void)
{
  return real_vfs->xDlSym (real_vfs, handle, symbol);
}

static void
vfs_dl_close (sqlite3_vfs *vfs,
              void        *handle)
{
  real_vfs->xDlClose (real_vfs, handle);
}

static int
vfs_randomness (sqlite3_vfs *vfs,
                int          size,
                char        *out)
{
  return real_vfs->xRandomness (real_vfs, size, out);
}

static int
vfs_sleep (sqlite3_vfs *vfs,
           int          microseconds)
{
  return real_vfs->xSleep (real_vfs, microseconds);
}

static int
vfs_current_time (sqlite3_vfs *vfs,
                  double      *now)
{
  return real_vfs->xCurrentTime (real_vfs, now);
}

static int
vfs_get_last_error (sqlite3_vfs *vfs,
                    int          size,
                    char        *message)
{
  return real_vfs->xGetLastError != NULL ? real_vfs->xGetLastError (real_vfs, size, message) : 0;
}

static int
vfs_current_time_int64 (sqlite3_vfs   *vfs,
                        sqlite3_int64 *now)
{
  return real_vfs->xCurrentTimeInt64 (real_vfs, now);
}

static sqlite3_vfs vfs = {
  2,                    /* no system call overrides */
  0,                    /* szOsFile: at registration */
  0,                    /* mxPathname: at registration */
  NULL,
  SC_INDEX_VFS,
  NULL,
  vfs_open,
  vfs_delete,
  vfs_access,
  vfs_full_pathname,
  vfs_dl_open,
  vfs_dl_error,
  vfs_dl_sym,
  vfs_dl_close,
  vfs_randomness,
  vfs_sleep,
  vfs_current_time,
  vfs_get_last_error,
  vfs_current_time_int64,
  NULL, NULL, NULL,
};

/**
 * sc_index_vfs_register:
 *
 * Makes SC_INDEX_VFS known to SQLite (once; it is never the default).
 *
 * Returns: %FALSE when SQLite has no default VFS to build on.
 */
gboolean
sc_index_vfs_register (void)
{
  static gsize done = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&done))
    {
      real_vfs = sqlite3_vfs_find (NULL);
      if (real_vfs != NULL && real_vfs->iVersion >= 2)
        {
          for (int i = 0; i < 3; i++)
            {
              methods[i] = file_methods;
              methods[i].iVersion = i + 1;
            }
          vfs.szOsFile = (int) sizeof (File) + real_vfs->szOsFile;
          vfs.mxPathname = real_vfs->mxPathname;
          ok = sqlite3_vfs_register (&vfs, 0) == SQLITE_OK;
        }
      g_once_init_leave (&done, 1);
    }
  return ok;
}

/**
 * sc_index_vfs_begin_unsynced:
 *
 * From now until the matching sc_index_vfs_end_unsynced(), files opened
 * through SC_INDEX_VFS in this process are not flushed to the disk.
 * Calls nest (two runs of two indexes at once).
 */
void
sc_index_vfs_begin_unsynced (void)
{
  g_atomic_int_inc (&unsynced);
}

void
sc_index_vfs_end_unsynced (void)
{
  g_return_if_fail (g_atomic_int_get (&unsynced) > 0);
  g_atomic_int_dec_and_test (&unsynced);
}
