/* fuzz-import-text.c: the plain text importer
 *
 * A text file as sc_import_files() reads one: decoding (UTF-8, UTF-16 with
 * a byte-order mark, else Windows-1252), paragraphs, headings, quotes,
 * lists and the Project Gutenberg header; then the native text written
 * from it.
 * A refusal must name the file and a line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-fuzz.h"

int
sc_fuzz_import_text (const uint8_t *data,
                     size_t         size)
{
  g_autoptr(ScImportDoc) doc = sc_import_doc_new ();
  g_autoptr(GError) error = NULL;

  sc_fuzz_init ();

  if (!sc_import_text_read (doc, (const char *) data, size, "fuzz.txt", &error))
    {
      sc_fuzz_check_refusal (error, "fuzz.txt", data, size);
      return 0;
    }

  sc_fuzz_check_import (doc, data, size);
  return 0;
}

SC_FUZZ_ENTRY (sc_fuzz_import_text)
