/* fuzz-import-epub.c: the EPUB importer
 *
 * A book as sc_import_files() reads one: the zip through libarchive from
 * memory, container.xml, the package's metadata and spine, each chapter
 * through the HTML reader; then the native text written from it.
 * A refusal must name the file and a line.
 *
 * A zip's checksums stop most mutations of what is inside it at the door,
 * so an input that is not a zip ("PK" first) is read as the files of a
 * book, each after a line "==> NAME <==", and zipped here first (stored,
 * with right checksums): then the fuzzer works on container.xml, the
 * package file and the chapters themselves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "sc-fuzz.h"

#define MARKER_START "==> "
#define MARKER_END " <==\n"

static gboolean
add_entry (struct archive *archive,
           const char     *name,
           gsize           name_length,
           const char     *data,
           gsize           length)
{
  g_autofree char *path = g_strndup (name, name_length);
  struct archive_entry *entry = archive_entry_new ();
  gboolean ok;

  archive_entry_set_pathname (entry, path);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, length);
  ok = archive_write_header (archive, entry) == ARCHIVE_OK &&
       (length == 0 || archive_write_data (archive, data, length) == (la_ssize_t) length);
  archive_entry_free (entry);
  return ok;
}

/* The files of @data zipped, or NULL when @data names none. */
static GBytes *
zip_files (const uint8_t *data,
           size_t         size)
{
  const char *p = (const char *) data;
  const char *end = p + size;
  struct archive *archive = archive_write_new ();
  /* Each entry costs about a hundred bytes of headers and takes at least
   * nine bytes of input. */
  gsize capacity = 12 * size + 1024;
  g_autofree char *buffer = g_malloc (capacity);
  size_t used = 0;
  guint entries = 0;
  gboolean ok;

  archive_write_set_format_zip (archive);
  archive_write_zip_set_compression_store (archive);
  ok = archive_write_open_memory (archive, buffer, capacity, &used) == ARCHIVE_OK;

  while (ok && p < end && end - p >= (gssize) strlen (MARKER_START) &&
         memcmp (p, MARKER_START, strlen (MARKER_START)) == 0)
    {
      const char *name = p + strlen (MARKER_START);
      const char *name_end = g_strstr_len (name, end - name, MARKER_END);
      const char *content, *next;

      if (name_end == NULL || memchr (name, '\0', name_end - name) != NULL)
        break;
      content = name_end + strlen (MARKER_END);
      next = g_strstr_len (content, end - content, "\n" MARKER_START);
      next = next != NULL ? next + 1 : end;

      ok = add_entry (archive, name, name_end - name, content, next - content);
      entries++;
      p = next;
    }

  ok = archive_write_close (archive) == ARCHIVE_OK && ok;
  archive_write_free (archive);
  if (!ok || entries == 0)
    return NULL;
  return g_bytes_new (buffer, used);
}

int
sc_fuzz_import_epub (const uint8_t *data,
                     size_t         size)
{
  g_autoptr(ScImportDoc) doc = sc_import_doc_new ();
  g_autoptr(GBytes) zipped = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = size;
  const char *book = (const char *) data;

  sc_fuzz_init ();

  if (!(size >= 2 && data[0] == 'P' && data[1] == 'K'))
    {
      zipped = zip_files (data, size);
      if (zipped == NULL)
        return 0;
      book = g_bytes_get_data (zipped, &length);
    }

  if (!sc_import_epub_read (doc, book, length, "fuzz.epub", NULL, &error))
    {
      sc_fuzz_check_refusal (error, "fuzz.epub", data, size);
      return 0;
    }

  sc_fuzz_check_import (doc, data, size);
  return 0;
}

SC_FUZZ_ENTRY (sc_fuzz_import_epub)
