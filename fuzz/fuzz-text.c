/* fuzz-text.c: the text reader, native and TEI
 *
 * What the index does with a library file: sniff, validate, read into the
 * model; then what the reader and the index do with the model. The reader
 * runs whatever validation said, so it is fuzzed beyond the schema too.
 * Properties: a file that validates is read; problems and refusals are
 * "FILE:LINE: message" in UTF-8; every block's text is UTF-8 and its spans lie inside it, in
 * order; every section has an id, and is found again by it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sc-fuzz.h"
#include "sc-text.h"
#include "sc-validate.h"

static void
check_block (const ScBlock *block,
             const uint8_t *data,
             size_t         size)
{
  gsize length;
  guint previous_start = 0;

  if (block->text == NULL || !g_utf8_validate (block->text, -1, NULL))
    sc_fuzz_fail ("a block's text is not UTF-8", data, size, NULL);
  length = strlen (block->text);

  for (guint i = 0; i < block->spans->len; i++)
    {
      const ScSpan *span = g_ptr_array_index (block->spans, i);

      if (span->start > span->end || span->end > length)
        sc_fuzz_fail ("a span lies outside its block", data, size, block->text);
      if (span->start < previous_start)
        sc_fuzz_fail ("spans are not ordered by start", data, size, block->text);
      previous_start = span->start;
    }
}

static void
walk_text (ScText        *text,
           const uint8_t *data,
           size_t         size)
{
  g_autoptr(GPtrArray) sections = sc_text_flatten (text);

  if (sections->len != sc_text_count_sections (text))
    sc_fuzz_fail ("flattening and counting disagree", data, size, NULL);

  for (guint i = 0; i < sections->len; i++)
    {
      ScSection *section = g_ptr_array_index (sections, i);
      g_autofree char *body = sc_section_body (section);
      g_autofree char *heading_path = sc_section_heading_path (section);

      /* Each lookup walks the whole tree: the first sections are enough. */
      if (section->id == NULL || (i < 64 && sc_text_find_section (text, section->id) == NULL))
        sc_fuzz_fail ("a section is not found by its id", data, size, section->id);
      if (!g_utf8_validate (body, -1, NULL) || !g_utf8_validate (heading_path, -1, NULL))
        sc_fuzz_fail ("a section's body or heading is not UTF-8", data, size, section->id);
      sc_section_word_count (section);

      for (guint k = 0; k < section->blocks->len; k++)
        check_block (g_ptr_array_index (section->blocks, k), data, size);
    }
}

int
sc_fuzz_text (const uint8_t *data,
              size_t         size)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  ScDocKind kind;
  gboolean valid;
  g_autoptr(ScText) text = NULL;
  g_autoptr(GError) error = NULL;

  sc_fuzz_init ();

  kind = sc_doc_kind_sniff ((const char *) data, size);
  valid = sc_validate_memory ((const char *) data, size, "fuzz.xml", problems);
  sc_fuzz_check_validation (valid, problems, "fuzz.xml", data, size);

  text = sc_text_read_memory ((const char *) data, size, "fuzz.xml", &error);
  if (text == NULL)
    {
      /* `studycircle-cli validate` and the index must agree. */
      if (valid && (kind == SC_DOC_TEXT || kind == SC_DOC_TEI))
        sc_fuzz_fail ("a valid text is refused by the reader", data, size, error->message);
      sc_fuzz_check_refusal (error, "fuzz.xml", data, size);
      return 0;
    }

  walk_text (text, data, size);
  return 0;
}

SC_FUZZ_ENTRY (sc_fuzz_text)
