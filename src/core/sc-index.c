/* sc-index.c: the SQLite FTS5 index of the library
 *
 * The index is a cache of what the library's files say. Each file has a
 * bookkeeping row in `files` (size, time, content hash, the id it declares,
 * whether it is indexed); each document a row in `docs`; each section a row
 * in `sections` and, with the same rowid, in the FTS5 table `fts`. A file's
 * rows and its bookkeeping row always change in one transaction, so a run
 * that is killed leaves a consistent index that the next run completes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "sc-error.h"
#include "sc-fts.h"
#include "sc-index-vfs.h"
#include "sc-guide.h"
#include "sc-index.h"
#include "sc-sqlite.h"
#include "sc-validate.h"
#include "sc-xml.h"

/* 2: documents are numbered and a section's rowid says its document
 * (SC_INDEX_ROWID); the best sections of frequent words (sc-fts.c). */
#define SCHEMA_VERSION 2
/* Files per transaction when indexing many: big enough to amortize the
 * commit, small enough that a killed run loses little. */
/* A run commits every BATCH_BYTES of files read, or every BATCH_FILES
 * files: about once a second on a first build. Each commit makes FTS5
 * write its pending words out as a new segment, which it later merges, so
 * fewer and larger ones save work; FTS5 keeps up to HASH_SIZE of pending
 * words in memory (its default, 1 MB, would write them out sooner). */
#define BATCH_FILES 1024
#define BATCH_BYTES (16 * 1024 * 1024)
#define HASH_SIZE (16 * 1024 * 1024)

/* SQLite's page size for a new index, and FTS5's leaves: as large as
 * fits in one page with the record's header (FTS5's default, 4050, is the
 * same for 4096-byte pages). */
#define PAGE_SIZE 32768
#define FTS_LEAF_SIZE (PAGE_SIZE - 46)
#define BUSY_TIMEOUT_MS 10000

typedef enum {
  FILE_INDEXED = 0,
  FILE_DUPLICATE = 1,
  FILE_REJECTED = 2,
} FileState;

struct _ScIndex {
  char           *path;
  sqlite3        *db;
  gpointer        search_state;
  GDestroyNotify  search_state_destroy;
};

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);"
  "CREATE TABLE IF NOT EXISTS files ("
  "  path BLOB PRIMARY KEY,"
  "  folder INTEGER NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  mtime INTEGER NOT NULL,"
  "  hash TEXT NOT NULL,"
  "  doc_id TEXT,"
  "  state INTEGER NOT NULL,"
  "  problem TEXT);"
  "CREATE INDEX IF NOT EXISTS files_doc ON files (doc_id);"
  "CREATE INDEX IF NOT EXISTS files_hash ON files (hash);"
  "CREATE TABLE IF NOT EXISTS docs ("
  "  id TEXT PRIMARY KEY,"
  "  num INTEGER NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL,"
  "  path BLOB NOT NULL,"
  "  title TEXT NOT NULL,"
  "  authors TEXT NOT NULL,"
  "  lang TEXT NOT NULL,"
  "  level TEXT,"
  "  topics TEXT NOT NULL,"
  "  summary TEXT,"
  "  date TEXT,"
  "  year INTEGER,"
  "  translation_of TEXT,"
  "  license TEXT,"
  "  words INTEGER NOT NULL,"
  "  sections INTEGER NOT NULL);"
  "CREATE INDEX IF NOT EXISTS docs_path ON docs (path);"
  "CREATE TABLE IF NOT EXISTS doc_authors (doc_id TEXT NOT NULL, author TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS doc_authors_doc ON doc_authors (doc_id);"
  "CREATE TABLE IF NOT EXISTS doc_topics (doc_id TEXT NOT NULL, topic TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS doc_topics_doc ON doc_topics (doc_id);"
  "CREATE TABLE IF NOT EXISTS sections ("
  "  rowid INTEGER PRIMARY KEY,"
  "  doc_id TEXT NOT NULL,"
  "  section_id TEXT NOT NULL,"
  "  ord INTEGER NOT NULL,"
  "  depth INTEGER NOT NULL,"
  "  heading TEXT,"
  "  heading_path TEXT,"
  "  words INTEGER NOT NULL);"
  "CREATE INDEX IF NOT EXISTS sections_doc ON sections (doc_id, section_id);"
  "CREATE TABLE IF NOT EXISTS readings ("
  "  guide_id TEXT NOT NULL,"
  "  session_id TEXT NOT NULL,"
  "  line INTEGER NOT NULL,"
  "  text_id TEXT,"
  "  from_id TEXT,"
  "  to_id TEXT);"
  "CREATE INDEX IF NOT EXISTS readings_guide ON readings (guide_id);"
  /* The best sections of frequent words: sc-fts.c. */
  "CREATE TABLE IF NOT EXISTS best ("
  "  term TEXT NOT NULL,"
  "  lang TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  rows INTEGER NOT NULL,"
  "  docs INTEGER NOT NULL,"
  "  complete INTEGER NOT NULL,"
  "  list BLOB NOT NULL,"
  "  PRIMARY KEY (term, lang, kind)) WITHOUT ROWID;"
  /* Accent- and case-insensitive; the long s folds to s in unicode61. No
   * stemmer: the library is bilingual and Porter is English-only (HACKING.md
   * has the measurements). */
  "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 ("
  "  title, authors, heading, body,"
  "  tokenize = 'unicode61 remove_diacritics 2');";

static gboolean
set_unwritable_error (GError     **error,
                      const char  *path,
                      int          saved_errno)
{
  g_autofree char *folder = g_path_get_dirname (path);

  g_set_error (error, SC_ERROR, SC_ERROR_IO,
               /* Translators: “%s: ” is a folder's name: keep it at the
                * start. Then the reason: the system's, or “read-only”. */
               _("%s: cannot write the search index in this folder: %s"),
               folder, saved_errno != 0 ? g_strerror (saved_errno) : _("read-only"));
  return FALSE;
}

/* When SQLite's last error on @db is one a person can act on — a full
 * disk, an index that cannot be written, a damaged file — says so in a
 * sentence that names the file or its folder, and returns %TRUE. */
static gboolean
set_special_error (GError  **error,
                   sqlite3  *db)
{
  const char *file = sqlite3_db_filename (db, "main");

  if (file == NULL || *file == '\0')
    return FALSE;
  switch (sqlite3_extended_errcode (db) & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, SC_ERROR, SC_ERROR_IO,
                   /* Translators: “%s: ” is the search index's file name:
                    * keep it at the start. */
                   _("%s: the disk is full. What was indexed so far is kept; free some space and index again."),
                   file);
      return TRUE;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      set_unwritable_error (error, file, 0);
      return TRUE;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, SC_ERROR, SC_ERROR_INDEX_DAMAGED,
                   /* Translators: “%s: ” is the search index's file name:
                    * keep it at the start. */
                   _("%s: the search index is damaged; it is rebuilt from the library"),
                   file);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
set_db_error (GError     **error,
              sqlite3     *db,
              const char  *what)
{
  if (!set_special_error (error, db))
    g_set_error (error, SC_ERROR, SC_ERROR_DATABASE, "%s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

static char *problem_at (const char *display,
                         guint       line,
                         const char *format,
                         ...) G_GNUC_PRINTF (3, 4);

/* "FILE:LINE: message": the message is translated, the place is not. */
static char *
problem_at (const char *display,
            guint       line,
            const char *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  return g_strdup_printf ("%s:%u: %s", display, line, message);
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      if (!set_special_error (error, db))
        g_set_error (error, SC_ERROR, SC_ERROR_DATABASE, "%s", message != NULL ? message : _("SQLite error"));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      /* Translators: what failed; SQLite's reason (in English) follows. */
      set_db_error (error, db, _("preparing a statement"));
      return NULL;
    }
  return stmt;
}

static void
remove_database_files (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

static gboolean
is_unwritable (sqlite3 *db)
{
  int code = sqlite3_extended_errcode (db) & 0xff;

  return code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM;
}

/* Empties a damaged index in place, through SQLite, so that connections
 * that other threads or processes have open on it stay coherent (deleting
 * the file under them would not be). */
static gboolean
reset_database (sqlite3  *db,
                GError  **error)
{
  gboolean ok;

  sqlite3_db_config (db, SQLITE_DBCONFIG_RESET_DATABASE, 1, NULL);
  ok = exec_sql (db, "VACUUM", error);
  sqlite3_db_config (db, SQLITE_DBCONFIG_RESET_DATABASE, 0, NULL);
  return ok;
}

/* The journal mode, then the tables when the index is new. *@damaged
 * tells whether a failure means that rebuilding the index is the cure: a
 * damaged file, or one from another version. */
static gboolean
setup_database (sqlite3     *db,
                const char  *path,
                gboolean     read_only,
                gboolean    *damaged,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 version = -1;

  *damaged = FALSE;

  /* Large pages for a new index (an existing one keeps its own): a first
   * build writes each page twice, to the WAL and back, and FTS5's leaves
   * (sized to the page, below) need fewer of them, fewer writes and fewer
   * merges. HACKING.md ("Measurements") has the figures. */
  if (!read_only)
    exec_sql (db, "PRAGMA page_size=" G_STRINGIFY (PAGE_SIZE), NULL);

  /* The index is a cache: NORMAL durability is enough in WAL mode. Two
   * processes that open a new index at once both switch it to WAL, which
   * needs an exclusive lock, and SQLite gives one of them "database is
   * locked" at once rather than wait (each holds a shared lock the other
   * needs gone): that one tries again, within the busy timeout. */
  if (!read_only)
    {
      gint64 deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

      while (!exec_sql (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", &local_error))
        {
          if ((sqlite3_errcode (db) & 0xff) != SQLITE_BUSY || g_get_monotonic_time () > deadline)
            goto fail;
          g_clear_error (&local_error);
          g_usleep (10 * 1000);
        }
    }

  if (sc_sqlite_query_int (db, "PRAGMA user_version", &version) != SQLITE_OK)
    {
      set_db_error (&local_error, db, path);
      goto fail;
    }

  if (version != 0 && version != SCHEMA_VERSION)
    {
      g_set_error (&local_error, SC_ERROR, SC_ERROR_INDEX_DAMAGED,
                   /* Translators: “%s: ” is the search index's file name:
                    * keep it at the start. The numbers are format versions. */
                   _("%s: index format %d, expected %d"),
                   path, (int) version, SCHEMA_VERSION);
      goto fail;
    }

  if (version == 0 && read_only)
    return set_unwritable_error (error, path, 0);

  if (version == 0)
    {
      g_autofree char *sql = g_strdup_printf ("BEGIN IMMEDIATE; %s"
                                              "INSERT INTO fts (fts, rank) VALUES ('rank', '" SC_FTS_RANK "');"
                                              "INSERT INTO fts (fts, rank) VALUES ('pgsz', %d);"
                                              /* Not 0: searches that kept documents of an
                                               * index emptied since then see the change. */
                                              "INSERT OR REPLACE INTO meta (key, value)"
                                              " VALUES ('docs_removed', abs (random () %% 1000000000000));"
                                              "INSERT INTO fts (fts, rank) VALUES ('hashsize', %d);"
                                              "PRAGMA user_version = %d; COMMIT;",
                                              schema_sql, FTS_LEAF_SIZE, HASH_SIZE, SCHEMA_VERSION);
      if (!exec_sql (db, sql, &local_error))
        {
          exec_sql (db, "ROLLBACK", NULL);
          goto fail;
        }
    }

  return TRUE;

fail:
  *damaged = g_error_matches (local_error, SC_ERROR, SC_ERROR_INDEX_DAMAGED);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static sqlite3 *
connect_database (const char  *filename,
                  int          flags,
                  GError     **error)
{
  sqlite3 *db = NULL;
  /* Files that are written go through our VFS (sc-index-vfs.c). */
  const char *vfs = (flags & SQLITE_OPEN_READWRITE) && sc_index_vfs_register () ? SC_INDEX_VFS : NULL;

  if (sqlite3_open_v2 (filename, &db, flags | SQLITE_OPEN_NOMUTEX, vfs) != SQLITE_OK)
    {
      g_autofree char *folder = g_path_get_dirname (filename);
      int saved_errno = db != NULL ? sqlite3_system_errno (db) : 0;

      /* A folder that cannot be written is named; else the file, with the
       * system's reason when there is one (a folder in its place…). */
      if (g_access (folder, W_OK) != 0)
        set_unwritable_error (error, filename, errno);
      else
        g_set_error (error, SC_ERROR, SC_ERROR_DATABASE, "%s: %s", filename,
                     saved_errno != 0 ? g_strerror (saved_errno)
                     : db != NULL ? sqlite3_errmsg (db) : _("cannot open"));
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (db, 1);
  if (!sc_fts_setup (db, error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/* An index in a folder we may not write in, read as it is. SQLite needs
 * to create a -shm file next to a WAL database even to read it, unless the
 * file is opened as immutable: nobody can change it here anyway. */
static sqlite3 *
open_read_only (const char  *path,
                gboolean    *damaged,
                GError     **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);
  g_autofree char *immutable = NULL;
  sqlite3 *db;

  if (uri == NULL)
    return NULL;
  immutable = g_strconcat (uri, "?immutable=1", NULL);
  db = connect_database (immutable, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, error);
  if (db != NULL && !setup_database (db, path, TRUE, damaged, error))
    g_clear_pointer (&db, sqlite3_close);
  return db;
}

static sqlite3 *
open_database (const char  *path,
               gboolean    *damaged,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *max_pages;
  sqlite3 *db;

  *damaged = FALSE;
  db = connect_database (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
  if (db == NULL)
    return NULL;

  if (!setup_database (db, path, FALSE, damaged, &local_error))
    {
      gboolean unwritable = is_unwritable (db);

      sqlite3_close (db);
      if (unwritable && g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_debug ("%s: reading the index as it is: %s", path, local_error->message);
          return open_read_only (path, damaged, error);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* For tests only (HACKING.md, "Faults"): a size limit stands in for a
   * full disk. */
  max_pages = g_getenv ("STUDYCIRCLE_TEST_INDEX_MAX_PAGES");
  if (max_pages != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GUINT64_FORMAT,
                                              g_ascii_strtoull (max_pages, NULL, 10));
      exec_sql (db, sql, NULL);
    }

  return db;
}

/* One update at a time, across threads and processes: a lock file next to
 * the index. Without it two runs would each redo the other's work and wait
 * for SQLite's write lock file by file. Returns the locked file, or -1
 * when no lock can be had (a read-only folder: then nothing can be written
 * anyway) or on cancellation (with @error set). Emptying a damaged index
 * takes it too, so that it never happens under a running update. */
static int
lock_updates (const char    *path,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *lock_path = g_strconcat (path, "-lock", NULL);
  int fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    return -1;
  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      if (errno != EWOULDBLOCK && errno != EINTR)
        break;    /* a file system without locks: go on as before */
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_close (fd, NULL);
          return -1;
        }
      g_usleep (20 * 1000);
    }
  return fd;
}

/**
 * sc_index_open:
 * @path: where the index lives, usually sc_paths_index_db()
 *
 * Opens the index, creating it (and its folder) when missing. An index that
 * cannot be read — damaged, or written by another version — is emptied and
 * created anew: it holds nothing that the library's files do not. An index
 * in a folder that cannot be written is opened to be read as it is; then
 * sc_index_update() fails with a message that names the folder.
 */
ScIndex *
sc_index_open (const char  *path,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  gboolean damaged = FALSE;
  ScIndex *index;
  sqlite3 *db;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, SC_ERROR, SC_ERROR_IO,
                   /* Translators: “%s: ” is a folder's name: keep it at the
                    * start. Then the system's reason. */
                   _("%s: cannot create folder: %s"),
                   dir, g_strerror (saved_errno));
      return NULL;
    }

  db = open_database (path, &damaged, &local_error);
  if (db == NULL && damaged)
    {
      g_autoptr(GError) reset_error = NULL;
      int lock = lock_updates (path, NULL, NULL);

      g_debug ("Rebuilding the index: %s", local_error->message);
      g_clear_error (&local_error);
      db = connect_database (path, SQLITE_OPEN_READWRITE, NULL);
      /* Unless another process emptied it while this one waited. */
      if (db != NULL && !setup_database (db, path, FALSE, &damaged, NULL) && damaged &&
          !reset_database (db, &reset_error))
        {
          /* Too damaged even to be emptied by SQLite: start from nothing. */
          g_debug ("Deleting the index: %s", reset_error->message);
          g_clear_pointer (&db, sqlite3_close);
          remove_database_files (path);
        }
      g_clear_pointer (&db, sqlite3_close);
      if (lock >= 0)
        g_close (lock, NULL);
      db = open_database (path, &damaged, &local_error);
    }
  if (db == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  index = g_new0 (ScIndex, 1);
  index->path = g_strdup (path);
  index->db = db;
  return index;
}

void
sc_index_close (ScIndex *index)
{
  if (index == NULL)
    return;
  if (index->search_state_destroy != NULL)
    index->search_state_destroy (index->search_state);
  sqlite3_close (index->db);
  g_free (index->path);
  g_free (index);
}

gpointer
sc_index_get_search_state (ScIndex *index)
{
  return index->search_state;
}

void
sc_index_set_search_state (ScIndex        *index,
                           gpointer        state,
                           GDestroyNotify  destroy)
{
  if (index->search_state_destroy != NULL)
    index->search_state_destroy (index->search_state);
  index->search_state = state;
  index->search_state_destroy = destroy;
}

const char *
sc_index_get_path (ScIndex *index)
{
  g_return_val_if_fail (index != NULL, NULL);
  return index->path;
}

sqlite3 *
sc_index_get_db (ScIndex *index)
{
  g_return_val_if_fail (index != NULL, NULL);
  return index->db;
}

void
sc_index_stats_init (ScIndexStats *stats)
{
  memset (stats, 0, sizeof *stats);
  stats->problems = g_ptr_array_new_with_free_func (g_free);
  stats->warnings = g_ptr_array_new_with_free_func (g_free);
}

void
sc_index_stats_clear (ScIndexStats *stats)
{
  g_clear_pointer (&stats->problems, g_ptr_array_unref);
  g_clear_pointer (&stats->warnings, g_ptr_array_unref);
}

/* ------------------------------------------------------------------------ */
/* One run of sc_index_update()                                              */

typedef struct {
  gint64     size;
  gint64     mtime;
  char      *hash;
  char      *doc_id;
  FileState  state;
  guint      folder;
  gboolean   seen;       /* still in the library this run */
} Known;

typedef struct {
  ScIndex       *index;
  sqlite3       *db;
  ScIndexStats  *stats;
  GHashTable    *known;  /* path → Known */
  GHashTable    *current;/* path → ScLibraryFile: the library as scanned now */
  guint          in_batch;
  goffset        batch_bytes;
  gboolean       in_transaction;
  sqlite3_stmt  *insert_doc;
  sqlite3_stmt  *insert_author;
  sqlite3_stmt  *insert_topic;
  sqlite3_stmt  *insert_section;
  sqlite3_stmt  *insert_fts;
  sqlite3_stmt  *insert_reading;
  sqlite3_stmt  *upsert_file;
  gint64         next_num;    /* the number the next document gets */
  sqlite3_int64  doc_num;     /* the document being written */
  gint64         first_new_num;
  guint          removed;     /* documents that left */
  ScFtsChanges  *fts_changes;
} Run;

static void
known_free (Known *known)
{
  g_free (known->hash);
  g_free (known->doc_id);
  g_free (known);
}

/* Whether some file indexed before is gone from the library. */
static gboolean
has_unseen (Run *run)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, run->known);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!((Known *) value)->seen)
      return TRUE;
  return FALSE;
}

static gboolean
begin (Run     *run,
       GError **error)
{
  if (run->in_transaction)
    return TRUE;
  if (!exec_sql (run->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  run->in_transaction = TRUE;
  run->in_batch = 0;
  run->batch_bytes = 0;
  return TRUE;
}

static gboolean
commit (Run     *run,
        GError **error)
{
  if (!run->in_transaction)
    return TRUE;
  run->in_transaction = FALSE;
  if (!exec_sql (run->db, "COMMIT", error))
    {
      exec_sql (run->db, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

/* Ends the transaction after BATCH_BYTES of files (or BATCH_FILES files),
 * so that a long first run keeps its work as it goes. */
static gboolean
file_done (Run     *run,
           goffset  bytes,
           GError **error)
{
  run->in_batch++;
  run->batch_bytes += bytes;
  if (run->in_batch >= BATCH_FILES || run->batch_bytes >= BATCH_BYTES)
    return commit (run, error) && begin (run, error);
  return TRUE;
}

static gboolean
step_done (sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);
  gboolean ok = rc == SQLITE_DONE || rc == SQLITE_ROW;

  if (!ok && !set_special_error (error, sqlite3_db_handle (stmt)))
    g_set_error (error, SC_ERROR, SC_ERROR_DATABASE, "%s", sqlite3_errmsg (sqlite3_db_handle (stmt)));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return ok;
}

/* Bound as a blob: file names need not be UTF-8. */
static void
bind_path (sqlite3_stmt *stmt,
           int           column,
           const char   *path)
{
  sqlite3_bind_blob (stmt, column, path, (int) strlen (path), SQLITE_TRANSIENT);
}

#define COUNT_REMOVAL \
  "INSERT INTO meta (key, value) SELECT 'docs_removed', 1 WHERE changes () > 0" \
  " ON CONFLICT (key) DO UPDATE SET value = value + 1"

static gboolean
delete_doc (Run         *run,
            const char  *doc_id,
            GError     **error)
{
  /* Blob and text compare differently in SQLite, so ids are bound as text
   * here rather than through run_sql(). */
  static const char *statements[] = {
    "DELETE FROM fts WHERE rowid IN (SELECT rowid FROM sections WHERE doc_id = ?1)",
    "DELETE FROM sections WHERE doc_id = ?1",
    "DELETE FROM doc_authors WHERE doc_id = ?1",
    "DELETE FROM doc_topics WHERE doc_id = ?1",
    "DELETE FROM readings WHERE guide_id = ?1",
    "DELETE FROM docs WHERE id = ?1",
    /* Searches keep the documents and read only new ones while this
     * stays the same (sc-search.c). */
    COUNT_REMOVAL,
  };

  sqlite3_stmt *num_stmt = prepare (run->db, "SELECT num FROM docs WHERE id = ?1", error);

  if (num_stmt == NULL)
    return FALSE;
  sc_sqlite_bind_text (num_stmt, 1, doc_id);
  if (sqlite3_step (num_stmt) == SQLITE_ROW)
    {
      gint64 num = sqlite3_column_int64 (num_stmt, 0);

      sqlite3_finalize (num_stmt);
      run->removed++;
      if (!sc_fts_changes_forget_doc (run->fts_changes, num, error))
        return FALSE;
    }
  else
    sqlite3_finalize (num_stmt);

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      sqlite3_stmt *stmt = prepare (run->db, statements[i], error);
      gboolean ok;

      if (stmt == NULL)
        return FALSE;
      sc_sqlite_bind_text (stmt, 1, doc_id);
      ok = step_done (stmt, error);
      sqlite3_finalize (stmt);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* The id of the document that @path provides, if it is indexed. */
static char *
doc_of_path (Run        *run,
             const char *path)
{
  sqlite3_stmt *stmt = prepare (run->db, "SELECT id FROM docs WHERE path = ?", NULL);
  char *id = NULL;

  if (stmt == NULL)
    return NULL;
  bind_path (stmt, 1, path);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return id;
}

/* The path that provides document @id, if it is indexed. */
static char *
path_of_doc (Run        *run,
             const char *id)
{
  sqlite3_stmt *stmt = prepare (run->db, "SELECT path FROM docs WHERE id = ?", NULL);
  char *path = NULL;

  if (stmt == NULL)
    return NULL;
  sc_sqlite_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    path = g_strndup (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  return path;
}

static gboolean
delete_path_doc (Run         *run,
                 const char  *path,
                 GError     **error)
{
  g_autofree char *doc_id = doc_of_path (run, path);

  return doc_id == NULL || delete_doc (run, doc_id, error);
}

static gboolean
write_file_row (Run         *run,
                const char  *path,
                guint        folder,
                gint64       size,
                gint64       mtime,
                const char  *hash,
                const char  *doc_id,
                FileState    state,
                const char  *problem,
                GError     **error)
{
  sqlite3_stmt *stmt = run->upsert_file;

  bind_path (stmt, 1, path);
  sqlite3_bind_int (stmt, 2, (int) folder);
  sqlite3_bind_int64 (stmt, 3, size);
  sqlite3_bind_int64 (stmt, 4, mtime);
  sc_sqlite_bind_text (stmt, 5, hash);
  sc_sqlite_bind_text (stmt, 6, doc_id);
  sqlite3_bind_int (stmt, 7, state);
  sc_sqlite_bind_text (stmt, 8, problem);
  return step_done (stmt, error);
}

static char *
join_strv (char **strv)
{
  return g_strjoinv ("; ", strv != NULL ? strv : (char *[]) { NULL });
}

static gboolean
insert_doc_row (Run         *run,
                const char  *id,
                const char  *kind,
                const char  *path,
                const char  *title,
                char       **authors,
                const char  *lang,
                const char  *level,
                char       **topics,
                const char  *summary,
                const char  *date,
                int          year,
                const char  *translation_of,
                const char  *license,
                guint        words,
                guint        sections,
                GError     **error)
{
  sqlite3_stmt *stmt = run->insert_doc;
  g_autofree char *authors_str = join_strv (authors);
  g_autofree char *topics_str = join_strv (topics);

  sc_sqlite_bind_text (stmt, 1, id);
  sc_sqlite_bind_text (stmt, 2, kind);
  bind_path (stmt, 3, path);
  sqlite3_bind_int64 (stmt, 16, run->doc_num);
  sc_sqlite_bind_text (stmt, 4, title != NULL && *title != '\0' ? title : id);
  sc_sqlite_bind_text (stmt, 5, authors_str);
  sc_sqlite_bind_text (stmt, 6, lang != NULL ? lang : "und");
  sc_sqlite_bind_text (stmt, 7, level);
  sc_sqlite_bind_text (stmt, 8, topics_str);
  sc_sqlite_bind_text (stmt, 9, summary);
  sc_sqlite_bind_text (stmt, 10, date);
  if (year > 0)
    sqlite3_bind_int (stmt, 11, year);
  else
    sqlite3_bind_null (stmt, 11);
  sc_sqlite_bind_text (stmt, 12, translation_of);
  sc_sqlite_bind_text (stmt, 13, license);
  sqlite3_bind_int (stmt, 14, (int) words);
  sqlite3_bind_int (stmt, 15, (int) sections);
  if (!step_done (stmt, error))
    return FALSE;

  for (guint i = 0; authors != NULL && authors[i] != NULL; i++)
    {
      sc_sqlite_bind_text (run->insert_author, 1, id);
      sc_sqlite_bind_text (run->insert_author, 2, authors[i]);
      if (!step_done (run->insert_author, error))
        return FALSE;
    }
  for (guint i = 0; topics != NULL && topics[i] != NULL; i++)
    {
      sc_sqlite_bind_text (run->insert_topic, 1, id);
      sc_sqlite_bind_text (run->insert_topic, 2, topics[i]);
      if (!step_done (run->insert_topic, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_section_row (Run         *run,
                    const char  *doc_id,
                    const char  *title,
                    const char  *authors,
                    const char  *section_id,
                    guint        ord,
                    guint        depth,
                    const char  *heading,
                    const char  *heading_path,
                    const char  *body,
                    guint        words,
                    GError     **error)
{
  sqlite3_int64 rowid;

  g_assert (ord < SC_INDEX_MAX_SECTIONS);
  rowid = SC_INDEX_ROWID (run->doc_num, ord);
  sqlite3_bind_int64 (run->insert_section, 8, rowid);
  sc_sqlite_bind_text (run->insert_section, 1, doc_id);
  sc_sqlite_bind_text (run->insert_section, 2, section_id);
  sqlite3_bind_int (run->insert_section, 3, (int) ord);
  sqlite3_bind_int (run->insert_section, 4, (int) depth);
  sc_sqlite_bind_text (run->insert_section, 5, heading);
  sc_sqlite_bind_text (run->insert_section, 6, heading_path);
  sqlite3_bind_int (run->insert_section, 7, (int) words);
  if (!step_done (run->insert_section, error))
    return FALSE;

  sqlite3_bind_int64 (run->insert_fts, 1, rowid);
  sc_sqlite_bind_text (run->insert_fts, 2, title);
  sc_sqlite_bind_text (run->insert_fts, 3, authors);
  sc_sqlite_bind_text (run->insert_fts, 4, heading != NULL ? heading : "");
  sc_sqlite_bind_text (run->insert_fts, 5, body);
  return step_done (run->insert_fts, error);
}

/* A text's sections as rows, worked out where there is time for it: in the
 * prefetcher's thread (sc_index_update). */
typedef struct {
  GPtrArray *flat;     /* ScSection, the text's own */
  GPtrArray *bodies;   /* (element-type utf8) */
  GPtrArray *paths;    /* (element-type utf8) heading paths */
  GArray    *words;    /* guint */
} TextRows;

static void
text_rows_free (TextRows *rows)
{
  if (rows == NULL)
    return;
  g_ptr_array_unref (rows->flat);
  g_ptr_array_unref (rows->bodies);
  g_ptr_array_unref (rows->paths);
  g_array_unref (rows->words);
  g_free (rows);
}

static TextRows *
text_rows_new (ScText *text)
{
  TextRows *rows = g_new0 (TextRows, 1);

  rows->flat = sc_text_flatten (text);
  rows->bodies = g_ptr_array_new_full (rows->flat->len, g_free);
  rows->paths = g_ptr_array_new_full (rows->flat->len, g_free);
  rows->words = g_array_sized_new (FALSE, FALSE, sizeof (guint), rows->flat->len);
  for (guint i = 0; i < rows->flat->len; i++)
    {
      ScSection *section = g_ptr_array_index (rows->flat, i);
      char *body = sc_section_body (section);
      guint words = sc_count_words (body);

      g_ptr_array_add (rows->bodies, body);
      g_ptr_array_add (rows->paths, sc_section_heading_path (section));
      g_array_append_val (rows->words, words);
    }
  return rows;
}

static gboolean
index_text (Run         *run,
            ScText      *text,
            TextRows    *prepared,
            const char  *path,
            GError     **error)
{
  TextRows *rows = prepared != NULL ? prepared : text_rows_new (text);
  g_autofree char *authors = join_strv (text->authors);
  const char *level = text->level != SC_LEVEL_UNKNOWN ? sc_level_to_string (text->level) : NULL;
  gboolean ok;

  ok = insert_doc_row (run, text->id, "text", path, text->title, text->authors, text->lang,
                       level, text->topics, text->summary, text->date, text->year,
                       text->translation_of, text->license, text->word_count, rows->flat->len, error);

  for (guint i = 0; ok && i < rows->flat->len; i++)
    {
      ScSection *section = g_ptr_array_index (rows->flat, i);

      ok = insert_section_row (run, text->id, text->title, authors, section->id, i, section->depth,
                               section->heading, g_ptr_array_index (rows->paths, i),
                               g_ptr_array_index (rows->bodies, i), g_array_index (rows->words, guint, i),
                               error);
    }
  if (prepared == NULL)
    text_rows_free (rows);
  return ok;
}

static void
append_lines (GString     *body,
              const char  *label,
              char       **lines)
{
  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      if (body->len > 0)
        g_string_append (body, "\n\n");
      if (label != NULL)
        g_string_append_printf (body, "%s: ", label);
      g_string_append (body, lines[i]);
    }
}

static gboolean
index_guide (Run         *run,
             ScGuide     *guide,
             const char  *path,
             GError     **error)
{
  g_autofree char *authors = join_strv (guide->authors);
  guint words = sc_count_words (guide->summary);

  for (guint i = 0; i < guide->sessions->len; i++)
    {
      ScGuideSession *session = g_ptr_array_index (guide->sessions, i);
      g_autoptr(GString) body = g_string_new (NULL);

      append_lines (body, NULL, session->goals);
      for (guint r = 0; r < session->readings->len; r++)
        {
          ScReading *reading = g_ptr_array_index (session->readings, r);
          const char *parts[] = { reading->title, reading->author, reading->note };

          for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
            if (parts[p] != NULL)
              {
                if (body->len > 0)
                  g_string_append (body, "\n\n");
                g_string_append (body, parts[p]);
              }

          sc_sqlite_bind_text (run->insert_reading, 1, guide->id);
          sc_sqlite_bind_text (run->insert_reading, 2, session->id);
          sqlite3_bind_int (run->insert_reading, 3, (int) reading->line);
          sc_sqlite_bind_text (run->insert_reading, 4, reading->text_id);
          sc_sqlite_bind_text (run->insert_reading, 5, reading->from);
          sc_sqlite_bind_text (run->insert_reading, 6, reading->to);
          if (!step_done (run->insert_reading, error))
            return FALSE;
        }
      append_lines (body, NULL, session->questions);
      append_lines (body, NULL, session->activities);
      words += sc_count_words (body->str);

      if (!insert_section_row (run, guide->id, guide->title, authors, session->id, i, 0,
                               session->title, session->title, body->str, sc_count_words (body->str), error))
        return FALSE;
    }

  return insert_doc_row (run, guide->id, "guide", path, guide->title, guide->authors, guide->lang,
                         NULL, NULL, guide->summary, NULL, 0, guide->translation_of, NULL,
                         words, guide->sessions->len, error);
}

/* A glossary's title is content, in the glossary's own language — not the
 * language of whoever happened to build the index. */
static char *
glossary_title (const char *lang)
{
  static const struct { const char *lang; const char *title; } titles[] = {
    { "en", "Glossary" },
    { "es", "Glosario" },
    { "fr", "Glossaire" },
    { "de", "Glossar" },
    { "it", "Glossario" },
    { "pt", "Glossário" },
  };
  g_autofree char *primary = g_strndup (lang != NULL ? lang : "und", strcspn (lang != NULL ? lang : "und", "-"));

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (primary, titles[i].lang))
      return g_strdup (titles[i].title);
  return g_strdup_printf ("Glossary (%s)", lang != NULL ? lang : "und");
}

static gboolean
index_glossary (Run         *run,
                ScGlossary  *glossary,
                const char  *path,
                GError     **error)
{
  /* Translators: the title of a glossary in the library; %s is its
   * language code, such as “es”. */
  g_autofree char *title = glossary_title (glossary->lang);
  guint words = 0;

  for (guint i = 0; i < glossary->entries->len; i++)
    {
      ScGlossaryEntry *entry = g_ptr_array_index (glossary->entries, i);

      words += sc_count_words (entry->definition);
      if (!insert_section_row (run, glossary->id, title, "", entry->id, i, 0,
                               entry->term, entry->term, entry->definition, sc_count_words (entry->definition), error))
        return FALSE;
    }

  return insert_doc_row (run, glossary->id, "glossary", path, title, NULL, glossary->lang,
                         NULL, NULL, NULL, NULL, 0, NULL, NULL, words, glossary->entries->len, error);
}

/* What one file holds, read but not yet written. */
typedef struct {
  ScDocKind   kind;
  ScText     *text;
  TextRows   *rows;      /* the text's, when worked out ahead */
  ScGuide    *guide;
  ScGlossary *glossary;
} Parsed;

static void
parsed_clear (Parsed *parsed)
{
  g_clear_pointer (&parsed->rows, text_rows_free);
  g_clear_pointer (&parsed->text, sc_text_free);
  g_clear_pointer (&parsed->guide, sc_guide_free);
  g_clear_pointer (&parsed->glossary, sc_glossary_free);
}

static const char *
parsed_id (Parsed *parsed)
{
  if (parsed->text != NULL)
    return parsed->text->id;
  if (parsed->guide != NULL)
    return parsed->guide->id;
  if (parsed->glossary != NULL)
    return parsed->glossary->id;
  return NULL;
}

static gboolean
parse_document (const char  *data,
                gsize        length,
                const char  *path,
                Parsed      *parsed,
                GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);

  parsed->kind = sc_doc_kind_sniff (data, length);

  /* Native formats are held to their schema; TEI is read as it is. */
  if (parsed->kind == SC_DOC_TEXT || parsed->kind == SC_DOC_GUIDE || parsed->kind == SC_DOC_GLOSSARY)
    {
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

      if (!sc_validate_memory (data, length, display, problems))
        {
          g_set_error_literal (error, SC_ERROR, SC_ERROR_INVALID,
                               problems->len > 0 ? (const char *) g_ptr_array_index (problems, 0)
                                                 : _("invalid document"));
          return FALSE;
        }
    }

  switch (parsed->kind)
    {
    case SC_DOC_TEXT:
    case SC_DOC_TEI:
      parsed->text = sc_text_read_memory (data, length, path, error);
      return parsed->text != NULL;
    case SC_DOC_GUIDE:
      parsed->guide = sc_guide_read_memory (data, length, path, error);
      return parsed->guide != NULL;
    case SC_DOC_GLOSSARY:
      parsed->glossary = sc_glossary_read_memory (data, length, path, error);
      return parsed->glossary != NULL;
    case SC_DOC_PROGRESS:
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID, "%s:1: %s", display,
                   _("a study group progress file, not a library document"));
      return FALSE;
    case SC_DOC_UNKNOWN:
    default:
      /* Let the text reader say what is wrong: malformed XML, or a root
       * element it does not know, with the line. */
      parsed->text = sc_text_read_memory (data, length, path, error);
      if (parsed->text != NULL)
        {
          parsed->kind = parsed->text->format == SC_TEXT_FORMAT_TEI ? SC_DOC_TEI : SC_DOC_TEXT;
          return TRUE;
        }
      return FALSE;
    }
}

static guint
parsed_sections (Parsed *parsed)
{
  if (parsed->rows != NULL)
    return parsed->rows->flat->len;
  if (parsed->text != NULL)
    {
      g_autoptr(GPtrArray) flat = sc_text_flatten (parsed->text);
      return flat->len;
    }
  if (parsed->guide != NULL)
    return parsed->guide->sessions->len;
  return parsed->glossary->entries->len;
}

static gboolean
index_parsed (Run         *run,
              Parsed      *parsed,
              const char  *path,
              GError     **error)
{
  /* Each document takes a new number: its sections' rowids start there. */
  run->doc_num = run->next_num++;
  if (parsed->text != NULL)
    return index_text (run, parsed->text, parsed->rows, path, error);
  if (parsed->guide != NULL)
    return index_guide (run, parsed->guide, path, error);
  return index_glossary (run, parsed->glossary, path, error);
}

static char *
compute_hash (const char *data,
              gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

/* The line where @id first appears in @data: where a duplicate id is declared. */
static guint
line_of (const char *data,
         gsize       length,
         const char *id)
{
  g_autofree char *needle = g_strdup_printf ("\"%s\"", id);
  const char *found = g_strstr_len (data, length, needle);
  guint line = 1;

  if (found == NULL)
    return 1;
  for (const char *p = data; p < found; p++)
    line += *p == '\n';
  return line;
}

static int
compare_rank (guint       folder_a,
              const char *path_a,
              guint       folder_b,
              const char *path_b)
{
  if (folder_a != folder_b)
    return folder_a < folder_b ? -1 : 1;
  return strcmp (path_a, path_b);
}

typedef enum {
  DUPLICATE_NONE,    /* nobody else has the id, or the other file gave way */
  DUPLICATE_LOSES,   /* another file keeps the id */
  DUPLICATE_ERROR,
} Duplicate;

/* When another indexed file already provides @id, the one in the earlier
 * folder, then with the smaller path, keeps it. The other is kept in
 * `files` as a duplicate and reported on every run until resolved. */
static Duplicate
settle_duplicate (Run                  *run,
                  const ScLibraryFile  *file,
                  const char           *id,
                  const char           *data,
                  gsize                 length,
                  GError              **error)
{
  g_autofree char *owner = path_of_doc (run, id);
  g_autofree char *owner_display = NULL;
  g_autofree char *owner_data = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *display = NULL;
  ScLibraryFile *owner_file;
  gsize owner_length = 0;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (owner == NULL)
    return DUPLICATE_NONE;

  owner_file = g_hash_table_lookup (run->current, owner);
  if (compare_rank (owner_file != NULL ? owner_file->folder : G_MAXUINT, owner,
                    file->folder, file->path) < 0)
    return DUPLICATE_LOSES;

  /* The new file wins: the owner's rows leave, its file is a duplicate now. */
  if (!delete_doc (run, id, error))
    return DUPLICATE_ERROR;

  if (!g_file_get_contents (owner, &owner_data, &owner_length, NULL))
    owner_length = 0;
  owner_display = g_filename_display_name (owner);
  display = g_filename_display_name (file->path);
  problem = problem_at (owner_display, line_of (owner_data != NULL ? owner_data : "", owner_length, id),
                        /* Translators: the second %s is another file's name. */
                        _("id \"%s\" is also used by %s, which is indexed instead"),
                        id, display);

  stmt = prepare (run->db, "UPDATE files SET state = ?2, problem = ?3 WHERE path = ?1", error);
  if (stmt == NULL)
    return DUPLICATE_ERROR;
  bind_path (stmt, 1, owner);
  sqlite3_bind_int (stmt, 2, FILE_DUPLICATE);
  sc_sqlite_bind_text (stmt, 3, problem);
  ok = step_done (stmt, error);
  sqlite3_finalize (stmt);
  return ok ? DUPLICATE_NONE : DUPLICATE_ERROR;
}

static gboolean forget_file (Run         *run,
                             const char  *path,
                             GError     **error);

/* A file read and parsed, ahead of being written (see Prefetcher). */
typedef struct {
  const ScLibraryFile *file;
  char                *data;
  gsize                length;
  char                *hash;
  GError              *read_error;
  Parsed               parsed;
  GError              *parse_error;
  gboolean             parsed_ok;
} Prefetched;

static void
prefetched_free (Prefetched *item)
{
  g_free (item->data);
  g_free (item->hash);
  g_clear_error (&item->read_error);
  g_clear_error (&item->parse_error);
  parsed_clear (&item->parsed);
  g_free (item);
}

/* The part of indexing a file that needs no database: reading, hashing
 * and parsing. Thread-safe. */
static Prefetched *
prefetch_file (const ScLibraryFile *file)
{
  Prefetched *item = g_new0 (Prefetched, 1);

  item->file = file;
  /* Too big to be a text: refused without reading it into memory. */
  if (file->size > SC_XML_MAX_FILE_SIZE)
    {
      g_autofree char *display = g_filename_display_name (file->path);

      item->data = g_strdup ("");
      item->hash = g_strdup ("");
      g_set_error (&item->parse_error, SC_ERROR, SC_ERROR_LIMIT,
                   /* Translators: “%s:1: ” is the file's name and line: keep it at the start. */
                   _("%s:1: the file is larger than %d MiB"), display, SC_XML_MAX_FILE_SIZE / (1024 * 1024));
      return item;
    }
  if (!g_file_get_contents (file->path, &item->data, &item->length, &item->read_error))
    return item;
  item->hash = compute_hash (item->data, item->length);
  item->parsed_ok = parse_document (item->data, item->length, file->path, &item->parsed, &item->parse_error);
  if (item->parsed_ok && item->parsed.text != NULL)
    item->parsed.rows = text_rows_new (item->parsed.text);
  return item;
}

/* Reads and parses the files to index in a second thread while the first
 * writes the ones before them into the index: on two cores, parsing costs
 * the run no time. At most PREFETCH_AHEAD files wait, in library order,
 * and no more than PREFETCH_BYTES of them (save one, however big). */
#define PREFETCH_AHEAD 8
#define PREFETCH_BYTES (16 * 1024 * 1024)

typedef struct {
  GPtrArray   *files;     /* ScLibraryFile, borrowed */
  GQueue       ready;     /* Prefetched */
  gsize        bytes;     /* of the files in ready */
  GMutex       lock;
  GCond        cond;
  gboolean     stop;
  GThread     *thread;
} Prefetcher;

static gpointer
prefetch_thread (gpointer user_data)
{
  Prefetcher *prefetcher = user_data;

  for (guint i = 0; i < prefetcher->files->len; i++)
    {
      Prefetched *item;

      g_mutex_lock (&prefetcher->lock);
      while (!prefetcher->stop &&
             (prefetcher->ready.length >= PREFETCH_AHEAD ||
              (prefetcher->ready.length > 0 && prefetcher->bytes >= PREFETCH_BYTES)))
        g_cond_wait (&prefetcher->cond, &prefetcher->lock);
      if (prefetcher->stop)
        {
          g_mutex_unlock (&prefetcher->lock);
          break;
        }
      g_mutex_unlock (&prefetcher->lock);

      item = prefetch_file (g_ptr_array_index (prefetcher->files, i));

      g_mutex_lock (&prefetcher->lock);
      g_queue_push_tail (&prefetcher->ready, item);
      prefetcher->bytes += item->length;
      g_cond_broadcast (&prefetcher->cond);
      g_mutex_unlock (&prefetcher->lock);
    }
  return NULL;
}

static void
prefetcher_start (Prefetcher *prefetcher,
                  GPtrArray  *files)
{
  prefetcher->files = files;
  g_queue_init (&prefetcher->ready);
  prefetcher->bytes = 0;
  g_mutex_init (&prefetcher->lock);
  g_cond_init (&prefetcher->cond);
  prefetcher->stop = FALSE;
  prefetcher->thread = g_thread_new ("sc-index-read", prefetch_thread, prefetcher);
}

/* The next file, in order; waits for it. */
static Prefetched *
prefetcher_next (Prefetcher *prefetcher)
{
  Prefetched *item;

  g_mutex_lock (&prefetcher->lock);
  while (prefetcher->ready.length == 0)
    g_cond_wait (&prefetcher->cond, &prefetcher->lock);
  item = g_queue_pop_head (&prefetcher->ready);
  prefetcher->bytes -= item->length;
  g_cond_broadcast (&prefetcher->cond);
  g_mutex_unlock (&prefetcher->lock);
  return item;
}

static void
prefetcher_stop (Prefetcher *prefetcher)
{
  if (prefetcher->thread == NULL)
    return;
  g_mutex_lock (&prefetcher->lock);
  prefetcher->stop = TRUE;
  g_cond_broadcast (&prefetcher->cond);
  g_mutex_unlock (&prefetcher->lock);
  g_thread_join (prefetcher->thread);
  prefetcher->thread = NULL;
  g_queue_clear_full (&prefetcher->ready, (GDestroyNotify) prefetched_free);
  g_mutex_clear (&prefetcher->lock);
  g_cond_clear (&prefetcher->cond);
}

/* Indexes one file, replacing what it provided before: read here, or
 * already read and parsed by the prefetcher (@item, taken). */
static gboolean
process_file (Run                 *run,
              const ScLibraryFile *file,
              Prefetched          *item,
              GError             **error)
{
  g_autofree char *display = g_filename_display_name (file->path);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *data = NULL;
  g_autofree char *hash = NULL;
  Parsed parsed = { 0 };
  gsize length = 0;
  gboolean ok;

  if (item == NULL)
    item = prefetch_file (file);
  data = g_steal_pointer (&item->data);
  length = item->length;
  hash = g_steal_pointer (&item->hash);
  parsed = item->parsed;
  item->parsed = (Parsed) { 0 };
  ok = data != NULL && item->read_error == NULL && item->parsed_ok;
  local_error = item->read_error != NULL ? g_steal_pointer (&item->read_error) : g_steal_pointer (&item->parse_error);
  prefetched_free (item);

  if (!delete_path_doc (run, file->path, error))
    {
      parsed_clear (&parsed);
      return FALSE;
    }

  if (data == NULL)
    {
      g_autofree char *problem = NULL;

      /* Deleted since the scan listed it: it simply left the library. */
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return forget_file (run, file->path, error);

      problem = g_strdup_printf ("%s:1: %s", display, local_error->message);
      return write_file_row (run, file->path, file->folder, file->size, file->mtime_ns, "",
                             NULL, FILE_REJECTED, problem, error);
    }
  run->stats->parsed++;

  if (!ok)
    return write_file_row (run, file->path, file->folder, file->size, file->mtime_ns, hash,
                           NULL, FILE_REJECTED, local_error->message, error);

  if (parsed_sections (&parsed) >= SC_INDEX_MAX_SECTIONS)
    {
      g_autofree char *problem =
        problem_at (display, 1,
                    /* Translators: the number is a limit */
                    _("more than %u sections"), (guint) SC_INDEX_MAX_SECTIONS - 1);

      parsed_clear (&parsed);
      return write_file_row (run, file->path, file->folder, file->size, file->mtime_ns, hash,
                             NULL, FILE_REJECTED, problem, error);
    }

  id = g_strdup (parsed_id (&parsed));
  switch (settle_duplicate (run, file, id, data, length, error))
    {
    case DUPLICATE_NONE:
      break;
    case DUPLICATE_LOSES:
      {
        g_autofree char *owner = path_of_doc (run, id);
        g_autofree char *owner_display = g_filename_display_name (owner);
        g_autofree char *problem =
          problem_at (display, line_of (data, length, id),
                      /* Translators: the second %s is another file's name. */
                      _("id \"%s\" is also used by %s, which is indexed instead"),
                      id, owner_display);

        parsed_clear (&parsed);
        return write_file_row (run, file->path, file->folder, file->size, file->mtime_ns,
                               hash, id, FILE_DUPLICATE, problem, error);
      }
    case DUPLICATE_ERROR:
    default:
      parsed_clear (&parsed);
      return FALSE;
    }

  ok = index_parsed (run, &parsed, file->path, error) &&
       write_file_row (run, file->path, file->folder, file->size, file->mtime_ns, hash, id,
                       FILE_INDEXED, NULL, error);

  parsed_clear (&parsed);
  return ok;
}

static gboolean
load_known (Run     *run,
            GError **error)
{
  sqlite3_stmt *stmt = prepare (run->db, "SELECT path, size, mtime, hash, doc_id, state, folder FROM files", error);

  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Known *known = g_new0 (Known, 1);
      char *path = g_strndup (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));

      known->size = sqlite3_column_int64 (stmt, 1);
      known->mtime = sqlite3_column_int64 (stmt, 2);
      known->hash = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      known->doc_id = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      known->state = sqlite3_column_int (stmt, 5);
      known->folder = (guint) sqlite3_column_int (stmt, 6);
      g_hash_table_insert (run->known, path, known);
    }
  /* A damaged index shows here first, on a run with nothing to parse. */
  if (rc != SQLITE_DONE)
    set_db_error (error, run->db, sc_index_get_path (run->index));
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

static gboolean
forget_file (Run         *run,
             const char  *path,
             GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!delete_path_doc (run, path, error))
    return FALSE;
  stmt = prepare (run->db, "DELETE FROM files WHERE path = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_path (stmt, 1, path);
  ok = step_done (stmt, error);
  sqlite3_finalize (stmt);
  return ok;
}

/* Same content at a new path (a file moved or renamed): the document keeps
 * its id and rows; only the paths change. */
static gboolean
move_file (Run                 *run,
           const char          *old_path,
           const ScLibraryFile *file,
           GError             **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  stmt = prepare (run->db, "UPDATE files SET path = ?2, folder = ?3, size = ?4, mtime = ?5 WHERE path = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_path (stmt, 1, old_path);
  bind_path (stmt, 2, file->path);
  sqlite3_bind_int (stmt, 3, (int) file->folder);
  sqlite3_bind_int64 (stmt, 4, file->size);
  sqlite3_bind_int64 (stmt, 5, file->mtime_ns);
  ok = step_done (stmt, error);
  sqlite3_finalize (stmt);
  if (!ok)
    return FALSE;

  stmt = prepare (run->db, "UPDATE docs SET path = ?2 WHERE path = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_path (stmt, 1, old_path);
  bind_path (stmt, 2, file->path);
  ok = step_done (stmt, error);
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
touch_file (Run                 *run,
            const ScLibraryFile *file,
            GError             **error)
{
  sqlite3_stmt *stmt = prepare (run->db, "UPDATE files SET folder = ?2, size = ?3, mtime = ?4 WHERE path = ?1", error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  bind_path (stmt, 1, file->path);
  sqlite3_bind_int (stmt, 2, (int) file->folder);
  sqlite3_bind_int64 (stmt, 3, file->size);
  sqlite3_bind_int64 (stmt, 4, file->mtime_ns);
  ok = step_done (stmt, error);
  sqlite3_finalize (stmt);
  return ok;
}

/* Duplicates whose winner left the index (removed, or now declaring another
 * id): the best-ranked one takes its place. */
static gboolean
promote_duplicates (Run           *run,
                    GHashTable    *by_path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GPtrArray) orphans = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  stmt = prepare (run->db,
                  "SELECT path FROM files WHERE state = 1 AND doc_id NOT IN (SELECT id FROM docs) "
                  "ORDER BY folder, path", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (orphans, g_strndup (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint i = 0; i < orphans->len; i++)
    {
      const ScLibraryFile *file = g_hash_table_lookup (by_path, g_ptr_array_index (orphans, i));

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (file != NULL && (!process_file (run, file, NULL, error) || !file_done (run, file->size, error)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
collect_problems (Run     *run,
                  GError **error)
{
  sqlite3_stmt *stmt = prepare (run->db,
                                "SELECT state, problem FROM files WHERE state != 0 ORDER BY folder, path",
                                error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      FileState state = sqlite3_column_int (stmt, 0);
      const char *problem = (const char *) sqlite3_column_text (stmt, 1);

      if (state == FILE_DUPLICATE)
        run->stats->duplicates++;
      else
        run->stats->rejected++;
      g_ptr_array_add (run->stats->problems, g_strdup (problem != NULL ? problem : "?"));
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* Guides point at texts by id and section id; a reading whose text or
 * section is not in the library is kept (shown as "not in library") and
 * reported here. */
static gboolean
check_readings (Run     *run,
                GError **error)
{
  sqlite3_stmt *stmt = prepare (run->db,
    "SELECT g.path, r.line, r.text_id, r.from_id, r.to_id,"
    "  EXISTS (SELECT 1 FROM docs t WHERE t.id = r.text_id AND t.kind = 'text'),"
    "  r.from_id IS NULL OR EXISTS (SELECT 1 FROM sections s WHERE s.doc_id = r.text_id AND s.section_id = r.from_id),"
    "  r.to_id IS NULL OR EXISTS (SELECT 1 FROM sections s WHERE s.doc_id = r.text_id AND s.section_id = r.to_id)"
    " FROM readings r JOIN docs g ON g.id = r.guide_id"
    " WHERE r.text_id IS NOT NULL ORDER BY g.path, r.line", error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *path = g_strndup (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
      g_autofree char *display = g_filename_display_name (path);
      int line = sqlite3_column_int (stmt, 1);
      const char *text_id = (const char *) sqlite3_column_text (stmt, 2);
      const char *ids[] = { (const char *) sqlite3_column_text (stmt, 3),
                            (const char *) sqlite3_column_text (stmt, 4) };

      if (!sqlite3_column_int (stmt, 5))
        {
          g_ptr_array_add (run->stats->warnings,
                           problem_at (display, (guint) line,
                                       _("reading names text \"%s\" that is not in the library"),
                                       text_id));
          continue;
        }
      for (guint i = 0; i < 2; i++)
        if (!sqlite3_column_int (stmt, 6 + i))
          g_ptr_array_add (run->stats->warnings,
                           problem_at (display, (guint) line,
                                       /* Translators: the first %s is a section id, the
                                        * second a text id. */
                                       _("reading names section \"%s\" that text \"%s\" does not have"),
                                       ids[i], text_id));
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
prepare_run (Run     *run,
             GError **error)
{
  struct { sqlite3_stmt **stmt; const char *sql; } statements[] = {
    { &run->insert_doc, "INSERT INTO docs (id, kind, path, title, authors, lang, level, topics, summary, date, year,"
                        " translation_of, license, words, sections, num) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)" },
    { &run->insert_author, "INSERT INTO doc_authors (doc_id, author) VALUES (?, ?)" },
    { &run->insert_topic, "INSERT INTO doc_topics (doc_id, topic) VALUES (?, ?)" },
    { &run->insert_section, "INSERT INTO sections (doc_id, section_id, ord, depth, heading, heading_path, words, rowid)"
                            " VALUES (?,?,?,?,?,?,?,?)" },
    { &run->insert_fts, "INSERT INTO fts (rowid, title, authors, heading, body) VALUES (?,?,?,?,?)" },
    { &run->insert_reading, "INSERT INTO readings (guide_id, session_id, line, text_id, from_id, to_id)"
                            " VALUES (?,?,?,?,?,?)" },
    { &run->upsert_file, "INSERT OR REPLACE INTO files (path, folder, size, mtime, hash, doc_id, state, problem)"
                         " VALUES (?,?,?,?,?,?,?,?)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    if ((*statements[i].stmt = prepare (run->db, statements[i].sql, error)) == NULL)
      return FALSE;
  return TRUE;
}

static void
finish_run (Run *run)
{
  sqlite3_stmt *statements[] = { run->insert_doc, run->insert_author, run->insert_topic,
                                 run->insert_section, run->insert_fts, run->insert_reading,
                                 run->upsert_file };

  if (run->in_transaction)
    exec_sql (run->db, "ROLLBACK", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    sqlite3_finalize (statements[i]);
  g_clear_pointer (&run->fts_changes, sc_fts_changes_free);
  g_clear_pointer (&run->known, g_hash_table_unref);
}

/* One run over the library; sc_index_update() below sees to the rest. */
static gboolean
update_library (ScIndex              *index,
                ScLibrary            *library,
                ScIndexProgressFunc   progress,
                gpointer              progress_data,
                GCancellable         *cancellable,
                ScIndexStats         *stats,
                GError              **error)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) to_parse = g_ptr_array_new ();
  g_autoptr(GHashTable) by_path = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) gone_by_hash = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  GHashTableIter iter;
  gpointer key, value;
  Run run = { 0 };
  Prefetcher prefetcher = { 0 };
  gboolean unsynced = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (index != NULL, FALSE);
  g_return_val_if_fail (library != NULL, FALSE);
  g_return_val_if_fail (stats != NULL && stats->problems != NULL, FALSE);

  run.index = index;
  run.db = index->db;
  run.stats = stats;
  run.known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) known_free);
  run.current = by_path;

  files = sc_library_scan (library, stats->problems, cancellable);
  stats->files = files->len;

  if (!prepare_run (&run, error) || !begin (&run, error) || !load_known (&run, error))
    goto out;
  if (sc_sqlite_query_int (run.db, "SELECT coalesce (max (num), 0) + 1 FROM docs", &run.next_num) != SQLITE_OK)
    {
      set_db_error (error, run.db, index->path);
      goto out;
    }
  run.first_new_num = run.next_num;
  run.fts_changes = sc_fts_changes_new (run.db);

  /* While indexing: a page cache for FTS5's merges, and the index is a
   * cache of the library, rebuilt when damaged, so no waiting for the disk
   * (a killed run still leaves a consistent file: the data is with the
   * system); fewer, larger checkpoints. */
  exec_sql (run.db, "PRAGMA cache_size=-24576; PRAGMA synchronous=OFF; PRAGMA wal_autocheckpoint=8192", NULL);
  /* … and none at checkpoints either, which SQLite makes even so. */
  sc_index_vfs_begin_unsynced ();
  unsynced = TRUE;

  /* 1. What changed: size and time first, then the content hash. */
  for (guint i = 0; i < files->len; i++)
    {
      ScLibraryFile *file = g_ptr_array_index (files, i);
      Known *known = g_hash_table_lookup (run.known, file->path);

      g_hash_table_insert (by_path, file->path, file);
      if (known != NULL)
        {
          known->seen = TRUE;
          if (known->size == file->size && known->mtime == file->mtime_ns)
            {
              stats->unchanged++;
              if (known->folder != file->folder && !touch_file (&run, file, error))
                goto out;
              known->folder = file->folder;
              continue;
            }
        }
      g_ptr_array_add (to_parse, file);
    }

  /* Files that left: remembered by content, in case they only moved. */
  g_hash_table_iter_init (&iter, run.known);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Known *known = value;
      if (!known->seen && known->state == FILE_INDEXED && known->hash != NULL)
        g_hash_table_insert (gone_by_hash, known->hash, key);
    }

  for (guint i = 0; i < to_parse->len;)
    {
      ScLibraryFile *file = g_ptr_array_index (to_parse, i);
      Known *known = g_hash_table_lookup (run.known, file->path);
      g_autofree char *data = NULL;
      g_autofree char *hash = NULL;
      const char *moved_from;
      gsize length;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      /* A new file that cannot have moved here (nothing left): read it
       * only once, when it is indexed. */
      if (known == NULL && g_hash_table_size (gone_by_hash) == 0)
        {
          i++;
          continue;
        }
      if (!g_file_get_contents (file->path, &data, &length, NULL))
        {
          i++;      /* process_file() reports it */
          continue;
        }
      hash = compute_hash (data, length);

      if (known != NULL && g_strcmp0 (known->hash, hash) == 0)
        {
          /* Touched, not changed. */
          stats->unchanged++;
          known->folder = file->folder;
          if (!touch_file (&run, file, error))
            goto out;
          g_ptr_array_remove_index (to_parse, i);
          continue;
        }

      moved_from = known == NULL ? g_hash_table_lookup (gone_by_hash, hash) : NULL;
      if (moved_from != NULL)
        {
          Known *old = g_hash_table_lookup (run.known, moved_from);

          stats->moved++;
          old->seen = TRUE;   /* not removed: it lives on at its new path */
          g_hash_table_remove (gone_by_hash, hash);
          if (!move_file (&run, moved_from, file, error))
            goto out;
          g_ptr_array_remove_index (to_parse, i);
          continue;
        }
      i++;
    }
  if (!commit (&run, error) || !begin (&run, error))
    goto out;

  /* From the first change on, the lists of frequent words are stale until
   * the run ends. */
  if (to_parse->len > 0 || g_hash_table_size (gone_by_hash) > 0 || has_unseen (&run))
    if (!sc_fts_changes_begin (run.fts_changes, error))
      goto out;

  /* 2. Removed files leave first, so a file now declaring their id may take it. */
  g_hash_table_iter_init (&iter, run.known);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Known *known = value;

      if (known->seen)
        continue;
      stats->removed++;
      if (!forget_file (&run, key, error) || !file_done (&run, 0, error))
        goto out;
    }

  /* 3. New and changed files, in library order, read ahead in a thread. */
  prefetcher_start (&prefetcher, to_parse);
  for (guint i = 0; i < to_parse->len; i++)
    {
      ScLibraryFile *file = g_ptr_array_index (to_parse, i);
      Prefetched *item = prefetcher_next (&prefetcher);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          prefetched_free (item);
          goto out;
        }
      if (!process_file (&run, file, item, error) || !file_done (&run, file->size, error))
        goto out;
      if (progress != NULL)
        progress (i + 1, to_parse->len, file->path, progress_data);
    }
  prefetcher_stop (&prefetcher);

  /* 4. Duplicates whose winner is gone take its place. */
  if (!promote_duplicates (&run, by_path, cancellable, error) || !commit (&run, error))
    goto out;

  /* 5. The best sections of frequent words follow. */
  if (run.next_num > run.first_new_num || run.removed > 0 || sc_fts_lists_stale (run.db))
    {
      if (!begin (&run, error) ||
          !sc_fts_changes_apply (run.fts_changes, run.first_new_num, error) ||
          !commit (&run, error))
        goto out;
    }

  if (!collect_problems (&run, error) || !check_readings (&run, error))
    goto out;
  stats->documents = sc_index_count_documents (index);
  ok = TRUE;

out:
  prefetcher_stop (&prefetcher);
  finish_run (&run);
  if (unsynced)
    sc_index_vfs_end_unsynced ();
  exec_sql (index->db, "PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=1000; PRAGMA cache_size=-16384", NULL);
  return ok;
}

/* Whether a call on @index failed with @error because the index is damaged. */
static gboolean
is_damage (ScIndex      *index,
           const GError *error)
{
  int code = sqlite3_extended_errcode (index->db) & 0xff;

  return g_error_matches (error, SC_ERROR, SC_ERROR_INDEX_DAMAGED) || code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
}

/* Empties a damaged index on its own connection, ready to be filled again. */
static gboolean
reset_index (ScIndex *index)
{
  g_autoptr(GError) error = NULL;
  gboolean damaged;

  /* What searches kept about the old index goes, and its statements with
   * it: VACUUM needs none of them running. */
  sc_index_set_search_state (index, NULL, NULL);
  if (!reset_database (index->db, &error) ||
      !setup_database (index->db, index->path, FALSE, &damaged, &error))
    {
      g_warning ("%s: could not empty the damaged index: %s", index->path, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
stats_reset (ScIndexStats *stats)
{
  GPtrArray *problems = stats->problems;
  GPtrArray *warnings = stats->warnings;

  g_ptr_array_set_size (problems, 0);
  g_ptr_array_set_size (warnings, 0);
  memset (stats, 0, sizeof *stats);
  stats->problems = problems;
  stats->warnings = warnings;
}

/**
 * sc_index_update:
 * @progress: (nullable): called after each file that had to be read
 * @stats: (out caller-allocates): initialized with sc_index_stats_init()
 *
 * Brings the index in line with @library: files that are unchanged (same
 * size and time, or else the same content hash) are not parsed; moved files
 * keep their rows; new and changed files are read and indexed; removed
 * files leave. Bad files are skipped, each with a "FILE:LINE: message" in
 * @stats->problems; they never stop the rest.
 *
 * One update runs at a time: a second one (another thread, another process)
 * waits for the first, then finds its work done. When the index turns out
 * to be damaged, it is emptied and built again at once. When it cannot be
 * written (a full disk, a read-only folder), the error names the file or
 * folder, and what was indexed before stays.
 *
 * Returns: %FALSE only when the index itself failed (or on cancellation)
 */
gboolean
sc_index_update (ScIndex              *index,
                 ScLibrary            *library,
                 ScIndexProgressFunc   progress,
                 gpointer              progress_data,
                 GCancellable         *cancellable,
                 ScIndexStats         *stats,
                 GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;
  int lock;

  g_return_val_if_fail (index != NULL, FALSE);
  g_return_val_if_fail (library != NULL, FALSE);
  g_return_val_if_fail (stats != NULL && stats->problems != NULL, FALSE);

  lock = lock_updates (index->path, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (sqlite3_db_readonly (index->db, "main") == 1)
    ok = set_unwritable_error (&local_error, index->path, 0);
  else
    ok = update_library (index, library, progress, progress_data, cancellable, stats, &local_error);

  if (!ok && is_damage (index, local_error) && reset_index (index))
    {
      g_autofree char *damage = g_steal_pointer (&local_error->message);

      g_clear_error (&local_error);
      stats_reset (stats);
      ok = update_library (index, library, progress, progress_data, cancellable, stats, &local_error);
      /* Said once, with this run's warnings. */
      g_ptr_array_insert (stats->warnings, 0, g_steal_pointer (&damage));
    }

  if (lock >= 0)
    g_close (lock, NULL);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

/**
 * sc_index_reset_if_damaged:
 * @error: (nullable): how a call on @index failed
 *
 * After a call on @index failed: when the failure says that the index file
 * is damaged (SQLite found it malformed), empties the index in place, ready
 * to be filled again by sc_index_update(). Other connections to it stay
 * valid and see an empty index.
 *
 * Returns: %TRUE when the index was damaged and is now empty
 */
gboolean
sc_index_reset_if_damaged (ScIndex      *index,
                           const GError *error)
{
  gboolean reset;
  int lock;

  g_return_val_if_fail (index != NULL, FALSE);

  if (!is_damage (index, error))
    return FALSE;
  lock = lock_updates (index->path, NULL, NULL);
  reset = reset_index (index);
  if (lock >= 0)
    g_close (lock, NULL);
  return reset;
}

/* ------------------------------------------------------------------------ */
/* Reading the index                                                         */

guint
sc_index_count_documents (ScIndex *index)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (index != NULL, 0);

  stmt = prepare (index->db, "SELECT count(*) FROM docs", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

void
sc_doc_info_free (ScDocInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->kind);
  g_free (info->path);
  g_free (info->title);
  g_free (info->authors);
  g_free (info->lang);
  g_free (info->level);
  g_free (info->topics);
  g_free (info->summary);
  g_free (info->date);
  g_free (info->translation_of);
  g_free (info->license);
  g_free (info);
}

#define DOC_COLUMNS "id, kind, path, title, authors, lang, level, topics, summary, date, year," \
                    " translation_of, license, words, sections"

static ScDocInfo *
doc_info_from_row (sqlite3_stmt *stmt)
{
  ScDocInfo *info = g_new0 (ScDocInfo, 1);

  info->id = sc_sqlite_column_dup (stmt, 0);
  info->kind = sc_sqlite_column_dup (stmt, 1);
  info->path = g_strndup (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
  info->title = sc_sqlite_column_dup (stmt, 3);
  info->authors = sc_sqlite_column_dup (stmt, 4);
  info->lang = sc_sqlite_column_dup (stmt, 5);
  info->level = sc_sqlite_column_dup (stmt, 6);
  info->topics = sc_sqlite_column_dup (stmt, 7);
  info->summary = sc_sqlite_column_dup (stmt, 8);
  info->date = sc_sqlite_column_dup (stmt, 9);
  info->year = sqlite3_column_int (stmt, 10);
  info->translation_of = sc_sqlite_column_dup (stmt, 11);
  info->license = sc_sqlite_column_dup (stmt, 12);
  info->words = (guint) sqlite3_column_int (stmt, 13);
  info->sections = (guint) sqlite3_column_int (stmt, 14);
  return info;
}

GPtrArray *
sc_index_list_documents (ScIndex            *index,
                         const ScDocFilter  *filter,
                         GError            **error)
{
  static const ScDocFilter no_filter = { 0 };
  GPtrArray *docs;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (index != NULL, NULL);

  if (filter == NULL)
    filter = &no_filter;

  /* Introductory texts first: where a new member should start. */
  stmt = prepare (index->db,
                  "SELECT " DOC_COLUMNS " FROM docs WHERE"
                  " (?1 IS NULL OR lang = ?1 OR lang LIKE ?1 || '-%')"
                  " AND (?2 IS NULL OR level = ?2)"
                  " AND (?3 IS NULL OR kind = ?3)"
                  " AND (?4 IS NULL OR EXISTS (SELECT 1 FROM doc_authors a WHERE a.doc_id = id AND a.author LIKE '%' || ?4 || '%'))"
                  " AND (?5 IS NULL OR EXISTS (SELECT 1 FROM doc_topics t WHERE t.doc_id = id AND t.topic LIKE '%' || ?5 || '%'))"
                  " ORDER BY CASE kind WHEN 'text' THEN 0 WHEN 'guide' THEN 1 ELSE 2 END,"
                  "  CASE level WHEN 'introductory' THEN 0 WHEN 'intermediate' THEN 1 WHEN 'advanced' THEN 2 ELSE 3 END,"
                  "  lang, title COLLATE NOCASE, id",
                  error);
  if (stmt == NULL)
    return NULL;

  sc_sqlite_bind_text (stmt, 1, filter->lang);
  sc_sqlite_bind_text (stmt, 2, filter->level);
  sc_sqlite_bind_text (stmt, 3, filter->kind);
  sc_sqlite_bind_text (stmt, 4, filter->author);
  sc_sqlite_bind_text (stmt, 5, filter->topic);

  docs = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_doc_info_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (docs, doc_info_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      /* Translators: what failed; SQLite's reason (in English) follows. */
      set_db_error (error, index->db, _("listing documents"));
      g_clear_pointer (&docs, g_ptr_array_unref);
    }
  sqlite3_finalize (stmt);
  return docs;
}

ScDocInfo *
sc_index_get_document (ScIndex     *index,
                       const char  *id,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  ScDocInfo *info = NULL;

  g_return_val_if_fail (index != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = prepare (index->db, "SELECT " DOC_COLUMNS " FROM docs WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sc_sqlite_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    info = doc_info_from_row (stmt);
  else
    g_set_error (error, SC_ERROR, SC_ERROR_NOT_FOUND, _("no text or guide with id \"%s\" in the library"), id);
  sqlite3_finalize (stmt);
  return info;
}

gboolean
sc_index_has_section (ScIndex    *index,
                      const char *text_id,
                      const char *section_id)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (index != NULL, FALSE);
  g_return_val_if_fail (text_id != NULL, FALSE);

  if (section_id == NULL)
    stmt = prepare (index->db, "SELECT 1 FROM docs WHERE id = ?1", NULL);
  else
    stmt = prepare (index->db, "SELECT 1 FROM sections WHERE doc_id = ?1 AND section_id = ?2", NULL);
  if (stmt == NULL)
    return FALSE;
  sc_sqlite_bind_text (stmt, 1, text_id);
  if (section_id != NULL)
    sc_sqlite_bind_text (stmt, 2, section_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

static int
section_ord (ScIndex    *index,
             const char *text_id,
             const char *section_id,
             guint      *depth)
{
  sqlite3_stmt *stmt = prepare (index->db, "SELECT ord, depth FROM sections WHERE doc_id = ? AND section_id = ?", NULL);
  int ord = -1;

  if (stmt == NULL)
    return -1;
  sc_sqlite_bind_text (stmt, 1, text_id);
  sc_sqlite_bind_text (stmt, 2, section_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ord = sqlite3_column_int (stmt, 0);
      *depth = (guint) sqlite3_column_int (stmt, 1);
    }
  sqlite3_finalize (stmt);
  return ord;
}

guint
sc_index_count_words (ScIndex    *index,
                      const char *text_id,
                      const char *from,
                      const char *to)
{
  sqlite3_stmt *stmt;
  int first = 0, last = G_MAXINT;
  guint words = 0;

  g_return_val_if_fail (index != NULL, 0);
  g_return_val_if_fail (text_id != NULL, 0);

  if (from != NULL)
    {
      guint depth = 0;

      first = section_ord (index, text_id, from, &depth);
      if (first < 0)
        return 0;
      if (to != NULL)
        {
          guint to_depth = 0;
          last = section_ord (index, text_id, to, &to_depth);
          if (last < 0 || last < first)
            return 0;
          depth = to_depth;
        }
      else
        last = first;

      /* The last section's subsections belong to the range too: everything
       * after it that is nested deeper, up to the next section at its depth. */
      stmt = prepare (index->db,
                      "SELECT coalesce (min (ord) - 1, (SELECT max (ord) FROM sections WHERE doc_id = ?1))"
                      " FROM sections WHERE doc_id = ?1 AND ord > ?2 AND depth <= ?3", NULL);
      if (stmt == NULL)
        return 0;
      sc_sqlite_bind_text (stmt, 1, text_id);
      sqlite3_bind_int (stmt, 2, last);
      sqlite3_bind_int (stmt, 3, (int) depth);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        last = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
    }

  stmt = prepare (index->db, "SELECT coalesce (sum (words), 0) FROM sections WHERE doc_id = ? AND ord BETWEEN ? AND ?", NULL);
  if (stmt == NULL)
    return 0;
  sc_sqlite_bind_text (stmt, 1, text_id);
  sqlite3_bind_int (stmt, 2, first);
  sqlite3_bind_int (stmt, 3, last);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    words = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return words;
}

/**
 * sc_index_set_background_thread:
 *
 * Lowers the calling thread's share of the processors (nice 10) for the
 * rest of its life, and of the threads it starts (the index's read-ahead
 * and list threads inherit it). For a thread that indexes while people
 * search: a search asks for little, but at once, and on a two-core machine
 * an update at full priority keeps both cores busy. Call it on a thread
 * of one's own: a thread cannot take its priority back.
 *
 * Returns: whether the priority was lowered (Linux only).
 */
gboolean
sc_index_set_background_thread (void)
{
#ifdef __linux__
  pid_t tid = (pid_t) syscall (SYS_gettid);

  return setpriority (PRIO_PROCESS, (id_t) tid, 10) == 0;
#else
  return FALSE;
#endif
}
