/* fuzz-import-html.c: the HTML and XHTML importer
 *
 * A page as sc_import_files() reads one: libxml2's HTML parser, the walk
 * that finds sections, paragraphs, notes and the Project Gutenberg
 * markers; then the native text written from it.
 * A refusal must name the file and a line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-fuzz.h"

int
sc_fuzz_import_html (const uint8_t *data,
                     size_t         size)
{
  g_autoptr(ScImportDoc) doc = sc_import_doc_new ();
  g_autoptr(GError) error = NULL;

  sc_fuzz_init ();

  if (!sc_import_html_read (doc, NULL, (const char *) data, size, "fuzz.html", FALSE, &error))
    {
      sc_fuzz_check_refusal (error, "fuzz.html", data, size);
      return 0;
    }

  sc_fuzz_check_import (doc, data, size);
  return 0;
}

SC_FUZZ_ENTRY (sc_fuzz_import_html)
