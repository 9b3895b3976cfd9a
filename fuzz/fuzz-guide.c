/* fuzz-guide.c: the guide and glossary readers
 *
 * Every input goes to both readers (each refuses the other's root), after
 * the validation the index runs first; then what the app and the index do
 * with what was read: find each session by id and by number, check the
 * references against a library that has some of the texts, look up every
 * entry and every see-also.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sc-fuzz.h"
#include "sc-guide.h"
#include "sc-validate.h"

/* A library that has a text when its id has an even length, and every
 * section of it whose id does not start with "x": some references resolve,
 * some do not. */
static gboolean
lookup_cb (const char *text_id,
           const char *section_id,
           gpointer    user_data)
{
  if (strlen (text_id) % 2 != 0)
    return FALSE;
  return section_id == NULL || section_id[0] != 'x';
}

static void
fuzz_guide (const uint8_t *data,
            size_t         size,
            gboolean       valid)
{
  g_autoptr(ScGuide) guide = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  guide = sc_guide_read_memory ((const char *) data, size, "fuzz.xml", &error);
  if (guide == NULL)
    {
      if (valid)
        sc_fuzz_fail ("a valid guide is refused by the reader", data, size, error->message);
      sc_fuzz_check_refusal (error, "fuzz.xml", data, size);
      return;
    }

  for (guint i = 0; i < guide->sessions->len; i++)
    {
      ScGuideSession *session = g_ptr_array_index (guide->sessions, i);
      g_autofree char *number = g_strdup_printf ("%u", session->number);

      if (session->id == NULL || sc_guide_find_session (guide, session->id) == NULL)
        sc_fuzz_fail ("a session is not found by its id", data, size, session->id);
      if (sc_guide_find_session (guide, number) == NULL)
        sc_fuzz_fail ("a session is not found by its number", data, size, number);
    }

  problems = sc_guide_check_references (guide, lookup_cb, NULL);
  sc_fuzz_check_problems (problems, "fuzz.xml", data, size);
}

static void
fuzz_glossary (const uint8_t *data,
               size_t         size,
               gboolean       valid)
{
  g_autoptr(ScGlossary) glossary = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  glossary = sc_glossary_read_memory ((const char *) data, size, "fuzz.xml", &error);
  if (glossary == NULL)
    {
      if (valid)
        sc_fuzz_fail ("a valid glossary is refused by the reader", data, size, error->message);
      sc_fuzz_check_refusal (error, "fuzz.xml", data, size);
      return;
    }

  for (guint i = 0; i < glossary->entries->len; i++)
    {
      ScGlossaryEntry *entry = g_ptr_array_index (glossary->entries, i);

      if (entry->id == NULL || sc_glossary_lookup (glossary, entry->id) == NULL)
        sc_fuzz_fail ("an entry is not found by its id", data, size, entry->id);
      for (guint k = 0; entry->see != NULL && entry->see[k] != NULL; k++)
        sc_glossary_lookup (glossary, entry->see[k]);
    }

  problems = sc_glossary_check_references (glossary);
  sc_fuzz_check_problems (problems, "fuzz.xml", data, size);
}

int
sc_fuzz_guide (const uint8_t *data,
               size_t         size)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  ScDocKind kind;
  gboolean valid;

  sc_fuzz_init ();

  kind = sc_doc_kind_sniff ((const char *) data, size);
  valid = sc_validate_memory ((const char *) data, size, "fuzz.xml", problems);
  sc_fuzz_check_validation (valid, problems, "fuzz.xml", data, size);
  /* A file that validates is read: the index and `validate` agree. */
  fuzz_guide (data, size, valid && kind == SC_DOC_GUIDE);
  fuzz_glossary (data, size, valid && kind == SC_DOC_GLOSSARY);
  return 0;
}

SC_FUZZ_ENTRY (sc_fuzz_guide)
