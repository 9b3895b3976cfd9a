/* sc-fuzz-util.c: what the fuzz harnesses share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libxml/xmlerror.h>

#include "sc-fuzz.h"
#include "sc-text.h"
#include "sc-validate.h"
#include "sc-xml.h"

/* Enough of a failing input to see it in a CI log; the artifact libFuzzer
 * writes has all of it. */
#define MAX_SHOWN_INPUT 2048

static char *tmp_dir;

#ifdef SC_FUZZ_LIBFUZZER
/* GLib stops on a fatal message with SIGTRAP, which libFuzzer does not
 * catch: abort() instead, so the input is saved as a crash. */
static GLogWriterOutput
abort_on_warning_writer (GLogLevelFlags   log_level,
                         const GLogField *fields,
                         gsize            n_fields,
                         gpointer         user_data)
{
  GLogWriterOutput output = g_log_writer_default (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return output;
}
#endif

/* libxml2 prints some encoding errors straight to stderr, where they would
 * bury the fuzzer's own output; what core makes of them is checked. */
static void
ignore_generic_error_cb (void       *user_data,
                         const char *format,
                         ...)
{
}

void
sc_fuzz_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      sc_xml_init ();
      xmlSetGenericErrorFunc (NULL, ignore_generic_error_cb);
      /* A warning or a critical is a bug that core, or GLib on its
       * behalf, noticed. */
#ifdef SC_FUZZ_LIBFUZZER
      g_log_set_writer_func (abort_on_warning_writer, NULL, NULL);
#else
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
#endif
      g_once_init_leave (&initialized, 1);
    }
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
remove_tmp_dir (void)
{
  if (tmp_dir != NULL)
    remove_tree (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

const char *
sc_fuzz_tmp_dir (void)
{
  if (tmp_dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      tmp_dir = g_dir_make_tmp ("studycircle-fuzz-XXXXXX", &error);
      if (tmp_dir == NULL)
        {
          fprintf (stderr, "cannot make a temporary folder: %s\n", error->message);
          abort ();
        }
      atexit (remove_tmp_dir);
    }
  return tmp_dir;
}

void
sc_fuzz_fail (const char    *what,
              const uint8_t *data,
              size_t         size,
              const char    *detail)
{
  g_autofree char *shown = NULL;
  g_autofree char *input = g_strndup ((const char *) data, MIN (size, MAX_SHOWN_INPUT));

  /* g_strndup() stops at a NUL: what follows it is in the artifact. */
  shown = g_strescape (input, NULL);
  fprintf (stderr, "\n==== FINDING: %s\n", what);
  if (detail != NULL)
    fprintf (stderr, "==== detail: %s\n", detail);
  fprintf (stderr, "==== input (%zu bytes%s): \"%s\"\n", size,
           size > MAX_SHOWN_INPUT ? ", first ones" : "", shown);
  fflush (stderr);
  abort ();
}

/* A problem line, as "Library problems" shows it: "FILE:LINE: message",
 * where FILE may go on into a book ("book.epub/OEBPS/ch1.xhtml"). */
static gboolean
is_problem_line (const char *line,
                 const char *display_name)
{
  gsize n = strlen (display_name);
  const char *p;

  if (!g_utf8_validate (line, -1, NULL) || strncmp (line, display_name, n) != 0)
    return FALSE;
  p = line + n;
  if (*p == '/')
    while (*p != '\0' && !(p[0] == ':' && g_ascii_isdigit (p[1])))
      p++;
  if (*p != ':' || !g_ascii_isdigit (p[1]))
    return FALSE;
  for (p++; g_ascii_isdigit (*p); p++)
    ;
  return *p == ':';
}

void
sc_fuzz_check_problems (GPtrArray     *problems,
                        const char    *display_name,
                        const uint8_t *data,
                        size_t         size)
{
  for (guint i = 0; i < problems->len; i++)
    if (!is_problem_line (g_ptr_array_index (problems, i), display_name))
      {
        g_autofree char *shown = g_strescape (g_ptr_array_index (problems, i), NULL);

        sc_fuzz_fail ("a problem is not \"FILE:LINE: message\" in UTF-8", data, size, shown);
      }
}

void
sc_fuzz_check_validation (gboolean       valid,
                          GPtrArray     *problems,
                          const char    *display_name,
                          const uint8_t *data,
                          size_t         size)
{
  if (valid != (problems->len == 0))
    sc_fuzz_fail (valid ? "valid, with problems" : "invalid, without a problem", data, size, NULL);
  sc_fuzz_check_problems (problems, display_name, data, size);
}

void
sc_fuzz_check_refusal (const GError  *error,
                       const char    *display_name,
                       const uint8_t *data,
                       size_t         size)
{
  if (error == NULL)
    sc_fuzz_fail ("refused without an error", data, size, NULL);
  /* The message is shown in the app as it is: a label wants UTF-8. */
  if (!is_problem_line (error->message, display_name))
    {
      g_autofree char *shown = g_strescape (error->message, NULL);

      sc_fuzz_fail ("an error is not \"FILE:LINE: message\" in UTF-8", data, size, shown);
    }
}

void
sc_fuzz_check_import (ScImportDoc   *doc,
                      const uint8_t *data,
                      size_t         size)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) parsed = NULL;
  g_autoptr(ScText) text = NULL;
  g_autofree char *xml = NULL;
  gsize length;

  if (sc_import_doc_is_empty (doc))
    return;

  /* What sc_import_files() writes, and checks before writing it. */
  xml = sc_import_doc_to_xml (doc, "fuzz-import", SC_LEVEL_INTRODUCTORY, NULL);
  length = strlen (xml);

  parsed = sc_xml_read_memory (xml, length, "import.xml", &error);
  if (parsed == NULL)
    sc_fuzz_fail ("an imported text is not well-formed XML", data, size, error->message);

  /* sc_import_files() would refuse the file ("the imported text would not
   * be valid"): what the importer writes must always be valid. */
  if (!sc_validate_memory (xml, length, "import.xml", problems))
    sc_fuzz_fail ("an imported text is not valid", data, size,
                  problems->len > 0 ? g_ptr_array_index (problems, 0) : NULL);

  text = sc_text_read_memory (xml, length, "import.xml", &error);
  if (text == NULL)
    sc_fuzz_fail ("an imported text does not read back", data, size, error->message);
}
