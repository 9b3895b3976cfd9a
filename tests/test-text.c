/* test-text.c: reading native and TEI texts into the model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "sc-error.h"
#include "sc-text.h"

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "texts", name, NULL);
}

static ScText *
read_fixture (const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GError) error = NULL;
  ScText *text = sc_text_read_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}

/* The error a bad fixture gives; checks it reads "FILE:LINE: …". */
static GError *
read_fixture_error (const char *name,
                    guint       line)
{
  g_autofree char *path = fixture_path (name);
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *prefix = g_strdup_printf ("%s:%u: ", display, line);
  GError *error = NULL;
  ScText *text = sc_text_read_file (path, &error);

  g_assert_null (text);
  g_assert_nonnull (error);
  g_assert_true (error->domain == SC_ERROR);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("expected “%s…”, got “%s”", prefix, error->message);
  return error;
}

static ScSection *
section (ScText     *text,
         const char *id)
{
  ScSection *found = sc_text_find_section (text, id);

  if (found == NULL)
    g_error ("no section “%s”", id);
  return found;
}

static ScBlock *
block (ScSection *sec,
       guint      index)
{
  g_assert_cmpuint (index, <, sec->blocks->len);
  return g_ptr_array_index (sec->blocks, index);
}

/* The one span of @kind covering exactly @words, its offsets found from the
 * block's text (so a wrong offset or a wrong text both fail). */
static ScSpan *
span_over (ScBlock    *b,
           ScSpanKind  kind,
           const char *words)
{
  const char *at = strstr (b->text, words);

  if (at == NULL)
    g_error ("“%s” is not in “%s”", words, b->text);

  for (guint i = 0; i < b->spans->len; i++)
    {
      ScSpan *span = g_ptr_array_index (b->spans, i);

      if (span->kind == kind && span->start == (guint) (at - b->text) &&
          span->end == span->start + strlen (words))
        return span;
    }
  g_error ("no span of kind %d over “%s” in “%s”", kind, words, b->text);
  return NULL;
}

static guint
count_spans (ScBlock    *b,
             ScSpanKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < b->spans->len; i++)
    n += ((ScSpan *) g_ptr_array_index (b->spans, i))->kind == kind;
  return n;
}

static char *
joined_ids (ScText *text)
{
  g_autoptr(GPtrArray) all = sc_text_flatten (text);
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < all->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? " " : "",
                            ((ScSection *) g_ptr_array_index (all, i))->id);
  return g_string_free (ids, FALSE);
}

static void
assert_spans_ordered (ScText *text)
{
  g_autoptr(GPtrArray) all = sc_text_flatten (text);

  for (guint i = 0; i < all->len; i++)
    {
      ScSection *sec = g_ptr_array_index (all, i);

      for (guint j = 0; j < sec->blocks->len; j++)
        {
          ScBlock *b = block (sec, j);
          gsize len = strlen (b->text);

          g_assert_cmpuint (len, >, 0);
          g_assert_true (g_utf8_validate (b->text, -1, NULL));
          for (guint k = 0; k < b->spans->len; k++)
            {
              ScSpan *span = g_ptr_array_index (b->spans, k);

              g_assert_cmpuint (span->start, <=, span->end);
              g_assert_cmpuint (span->end, <=, len);
              if (k > 0)
                g_assert_cmpuint (((ScSpan *) g_ptr_array_index (b->spans, k - 1))->start, <=, span->start);
            }
        }
    }
}

/* Native texts */

static void
test_native_metadata (void)
{
  g_autoptr(ScText) text = read_fixture ("native-basic.xml");

  g_assert_cmpint (text->format, ==, SC_TEXT_FORMAT_NATIVE);
  g_assert_cmpstr (text->id, ==, "the-strike");
  g_assert_cmpstr (text->lang, ==, "en");
  g_assert_cmpstr (text->title, ==, "The Strike");
  g_assert_cmpuint (g_strv_length (text->authors), ==, 2);
  g_assert_cmpstr (text->authors[1], ==, "A. Member");
  g_assert_cmpstr (text->date, ==, "2026");
  g_assert_cmpint (text->year, ==, 2026);
  g_assert_cmpuint (g_strv_length (text->topics), ==, 2);
  g_assert_cmpstr (text->topics[0], ==, "unions");
  g_assert_cmpint (text->level, ==, SC_LEVEL_INTRODUCTORY);
  g_assert_cmpstr (text->summary, ==, "Why workers stop work together.");
  g_assert_cmpstr (text->source, ==, "Notes from a branch meeting");
  g_assert_cmpstr (text->source_url, ==, "https://example.org/strike");
  g_assert_cmpstr (text->license, ==, "CC-BY-SA-4.0");
  g_assert_cmpstr (text->translation_of, ==, "la-huelga");
  g_assert_true (g_str_has_suffix (text->path, "native-basic.xml"));
}

static void
test_native_sections (void)
{
  g_autoptr(ScText) text = read_fixture ("native-basic.xml");
  g_autofree char *ids = joined_ids (text);
  g_autofree char *path = NULL;
  ScSection *deeper = section (text, "deeper");

  g_assert_cmpuint (text->sections->len, ==, 2);
  g_assert_cmpuint (sc_text_count_sections (text), ==, 4);
  g_assert_cmpstr (ids, ==, "why-workers-strike a-nested-section deeper winning");
  g_assert_cmpuint (deeper->depth, ==, 2);
  g_assert_true (deeper->parent == section (text, "a-nested-section"));
  g_assert_true (deeper->parent->parent == g_ptr_array_index (text->sections, 0));
  g_assert_null (section (text, "winning")->parent);
  g_assert_cmpstr (deeper->kind, ==, "section");
  g_assert_null (sc_text_find_section (text, "no-such-section"));

  /* A heading's inline elements join its words, never drop them. */
  path = sc_section_heading_path (deeper);
  g_assert_cmpstr (path, ==, "Why workers strike › The ſtrike fund › Deeper still");
}

static void
test_native_blocks (void)
{
  g_autoptr(ScText) text = read_fixture ("native-basic.xml");
  ScSection *top = section (text, "why-workers-strike");
  ScSection *nested = section (text, "a-nested-section");
  ScBlock *p = block (top, 0);
  ScBlock *refs;
  ScBlock *marked;
  ScSpan *span;

  g_assert_cmpuint (top->blocks->len, ==, 8);
  g_assert_cmpint (p->kind, ==, SC_BLOCK_PARAGRAPH);
  g_assert_cmpstr (p->text, ==, "A strike is a stoppage of work done together, by all at once.");
  span = span_over (p, SC_SPAN_TERM, "strike");
  g_assert_cmpstr (span->target, ==, "strike");
  span_over (p, SC_SPAN_EMPHASIS, "together");
  span_over (p, SC_SPAN_STRONG, "all");
  g_assert_cmpuint (p->spans->len, ==, 3);

  g_assert_cmpint (block (top, 1)->kind, ==, SC_BLOCK_QUOTE);
  g_assert_cmpstr (block (top, 1)->text, ==, "An injury to one is an injury to all.");
  g_assert_cmpint (block (top, 2)->kind, ==, SC_BLOCK_QUOTE);
  g_assert_cmpstr (block (top, 2)->text, ==, "Second quoted paragraph.");
  g_assert_cmpint (block (top, 3)->kind, ==, SC_BLOCK_QUOTE);
  span_over (block (top, 3), SC_SPAN_EMPHASIS, "forever");
  g_assert_cmpint (block (top, 4)->kind, ==, SC_BLOCK_LIST_ITEM);
  g_assert_cmpstr (block (top, 5)->text, ==, "Hours and conditions");
  g_assert_cmpint (block (top, 6)->kind, ==, SC_BLOCK_NOTE);
  g_assert_cmpstr (block (top, 6)->id, ==, "note-1");

  refs = block (top, 7);
  span = span_over (refs, SC_SPAN_LINK, "wage labor");
  g_assert_cmpstr (span->target, ==, "how-capitalism-works");
  g_assert_cmpstr (span->target2, ==, "wages");
  span = span_over (refs, SC_SPAN_LINK, "the union");
  g_assert_cmpstr (span->target, ==, "the-union");
  g_assert_null (span->target2);

  /* Byte offsets: "ſ" is two bytes. */
  marked = block (nested, 0);
  g_assert_cmpstr (marked->text, ==, "The ſtrike fund pays. Members decide.");
  span = span_over (marked, SC_SPAN_EMPHASIS, "ſtrike");
  g_assert_cmpuint (span->start, ==, 4);
  g_assert_cmpuint (span->end, ==, 11);
  /* An inline note: a mark after "pays.", the note as the next block. */
  g_assert_cmpuint (count_spans (marked, SC_SPAN_NOTE_MARK), ==, 1);
  span = g_ptr_array_index (marked->spans, 1);
  g_assert_cmpint (span->kind, ==, SC_SPAN_NOTE_MARK);
  g_assert_cmpuint (span->start, ==, strstr (marked->text, " Members") - marked->text);
  g_assert_cmpuint (span->end, ==, span->start);
  g_assert_cmpstr (span->target, ==, "note-2");
  g_assert_cmpint (block (nested, 1)->kind, ==, SC_BLOCK_NOTE);
  g_assert_cmpstr (block (nested, 1)->id, ==, "note-2");
  g_assert_cmpstr (block (nested, 1)->text, ==, "Dues pay for it.");

  assert_spans_ordered (text);
}

static void
test_native_word_count (void)
{
  g_autoptr(ScText) text = read_fixture ("native-basic.xml");
  g_autoptr(GPtrArray) all = sc_text_flatten (text);
  guint total = 0;

  for (guint i = 0; i < all->len; i++)
    {
      ScSection *sec = g_ptr_array_index (all, i);
      g_autofree char *body = sc_section_body (sec);

      g_assert_cmpuint (sc_section_word_count (sec), ==, sc_count_words (body));
      total += sc_section_word_count (sec);
    }
  g_assert_cmpuint (text->word_count, ==, total);
  g_assert_cmpuint (sc_section_word_count (section (text, "winning")), ==, 2);
}

static void
test_section_body (void)
{
  g_autoptr(ScText) text = read_fixture ("native-basic.xml");
  g_autofree char *body = sc_section_body (section (text, "a-nested-section"));

  g_assert_cmpstr (body, ==, "The ſtrike fund pays. Members decide.\n\nDues pay for it.");
}

static void
test_native_errors (void)
{
  g_autoptr(GError) no_id = read_fixture_error ("native-no-id.xml", 4);
  g_autoptr(GError) bad_id = read_fixture_error ("native-bad-id.xml", 3);
  g_autoptr(GError) duplicate = read_fixture_error ("native-duplicate-section.xml", 9);

  g_assert_nonnull (strstr (no_id->message, "id"));
  g_assert_nonnull (strstr (bad_id->message, "id"));
  g_assert_true (g_error_matches (duplicate, SC_ERROR, SC_ERROR_DUPLICATE));
  g_assert_nonnull (strstr (duplicate->message, "profit"));
}

static void
test_native_block_after_subsection (void)
{
  const char *xml =
    "<text id=\"order\" lang=\"en\" version=\"1\"><meta><title>Order</title></meta><body>\n"
    "<section id=\"a\"><p>One.</p><section id=\"b\"><p>Two.</p></section>\n"
    "<p>Three, which would be moved.</p></section></body></text>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(ScText) text = sc_text_read_memory (xml, strlen (xml), "order.xml", &error);

  g_assert_null (text);
  g_assert_error (error, SC_ERROR, SC_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "order.xml:3: "));
}

static void
test_wrong_root (void)
{
  g_autoptr(GError) error = read_fixture_error ("wrong-root.xml", 3);

  g_assert_nonnull (strstr (error->message, "not a Study Circle text or TEI document (root element <guide>)"));
}

static void
test_malformed (void)
{
  g_autoptr(GError) error = read_fixture_error ("malformed.xml", 8);

  g_assert_true (g_error_matches (error, SC_ERROR, SC_ERROR_PARSE));
}

/* Entities are never expanded: whatever happens to the document, the
 * replacement text never reaches the model. */
static void
assert_entity_not_expanded (const char *name,
                            const char *replacement)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScText) text = sc_text_read_file (path, &error);

  if (text != NULL)
    {
      g_autoptr(GPtrArray) all = sc_text_flatten (text);

      for (guint i = 0; i < all->len; i++)
        {
          g_autofree char *body = sc_section_body (g_ptr_array_index (all, i));

          g_assert_null (strstr (body, replacement));
        }
      return;
    }
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_null (strstr (error->message, replacement));
}

static void
test_entities (void)
{
  g_autofree char *hostname = NULL;

  /* The external entity points at /etc/hostname: its contents must not
   * appear, whichever host runs the test. */
  if (g_file_get_contents ("/etc/hostname", &hostname, NULL, NULL))
    {
      g_strstrip (hostname);
      if (*hostname != '\0')
        assert_entity_not_expanded ("entity-external.xml", hostname);
    }
  assert_entity_not_expanded ("entity-external.xml", "Before  after");
  assert_entity_not_expanded ("entity-internal.xml", "EXPANDED-ENTITY-TEXT");
}

/* TEI */

static void
test_tei_metadata (void)
{
  g_autoptr(ScText) text = read_fixture ("tei-basic.xml");

  g_assert_cmpint (text->format, ==, SC_TEXT_FORMAT_TEI);
  /* No xml:id: the first idno, lowercased. */
  g_assert_cmpstr (text->id, ==, "t00001");
  g_assert_cmpstr (text->title, ==, "An address to the mechanics of the city");
  g_assert_cmpuint (g_strv_length (text->authors), ==, 2);
  g_assert_cmpstr (text->authors[0], ==, "Smith, Mary, 1750-1810.");
  /* The source's date wins over the edition's. */
  g_assert_cmpstr (text->date, ==, "MDCCLXXVI. [1776]");
  g_assert_cmpint (text->year, ==, 1776);
  g_assert_cmpstr (text->lang, ==, "en");
  g_assert_cmpuint (g_strv_length (text->topics), ==, 2);
  g_assert_cmpstr (text->topics[0], ==, "Labor unions -- Pennsylvania");
  g_assert_cmpstr (text->topics[1], ==, "Mechanics (Persons)");
  g_assert_cmpstr (text->license, ==, "CC0-1.0");
  g_assert_nonnull (strstr (text->source, "An address to the mechanics"));
  g_assert_nonnull (strstr (text->source, "Philadelphia"));
  g_assert_nonnull (strstr (text->source, "Printed by A. Printer"));
  g_assert_cmpint (text->level, ==, SC_LEVEL_UNKNOWN);
}

static void
test_tei_sections (void)
{
  g_autoptr(ScText) text = read_fixture ("tei-basic.xml");
  g_autofree char *ids = joined_ids (text);
  g_autofree char *path = NULL;
  ScSection *part = section (text, "body-2");
  ScSection *letter = section (text, "body-2-3");

  /* Front, body and back all read; loose text gets a section of its own;
   * what follows a subsection goes into a generated section after it. */
  g_assert_cmpstr (ids, ==,
                   "front-1 body-1 body-2 body-2-1 body-2-2 body-2-3 body-2-3-1 body-2-3-1-1 "
                   "body-2-3-2 body-2-4 body-3 back-1");
  g_assert_cmpstr (section (text, "front-1")->kind, ==, "title_page");
  g_assert_cmpstr (section (text, "body-1")->kind, ==, "body");
  g_assert_cmpstr (block (section (text, "body-1"), 0)->text, ==, "Loose text before any division.");
  g_assert_cmpstr (part->kind, ==, "part");
  g_assert_cmpstr (part->heading, ==, "The first part");
  g_assert_cmpuint (part->depth, ==, 0);
  g_assert_cmpstr (section (text, "body-2-1")->heading, ==, "Resolutions");
  g_assert_cmpuint (section (text, "body-2-1")->depth, ==, 1);
  g_assert_true (section (text, "body-2-1")->parent == part);
  g_assert_cmpstr (block (section (text, "body-2-4"), 0)->text, ==, "FINIS.");
  g_assert_cmpint (block (section (text, "body-2-4"), 0)->kind, ==, SC_BLOCK_CAPTION);
  g_assert_cmpstr (block (section (text, "back-1"), 0)->text, ==, "Errata: none.");

  /* A floatingText inside a paragraph: the paragraph splits around it, the
   * letter becomes a section inside the current one, with its own head
   * and divs, and the rest of the paragraph follows it. */
  g_assert_cmpstr (block (letter, letter->blocks->len - 1)->text, ==, "Enclosed is the letter:");
  g_assert_cmpstr (section (text, "body-2-3-1")->kind, ==, "letter");
  g_assert_cmpstr (section (text, "body-2-3-1")->heading, ==, "Copy of a letter");
  g_assert_cmpstr (block (section (text, "body-2-3-1"), 0)->text, ==, "Friends, stand firm.");
  g_assert_cmpstr (block (section (text, "body-2-3-1-1"), 0)->text, ==, "Nested in the letter.");
  g_assert_cmpuint (section (text, "body-2-3-1-1")->depth, ==, 3);
  g_assert_cmpstr (block (section (text, "body-2-3-2"), 0)->text, ==, "Thus it read.");
  g_assert_cmpint (block (section (text, "body-2-3-2"), 1)->kind, ==, SC_BLOCK_LETTER);

  path = sc_section_heading_path (section (text, "body-2-3-1-1"));
  g_assert_cmpstr (path, ==, "The first part › Copy of a letter");
  assert_spans_ordered (text);
}

static void
test_tei_inline_joins (void)
{
  g_autoptr(ScText) text = read_fixture ("tei-basic.xml");
  ScBlock *p = block (section (text, "body-2"), 0);
  ScSpan *gap = NULL;
  const char *words;

  /* EOLhyphen and lb break="no" join, g keeps its text, the gap's desc is
   * not text, expan drops <am> and the layout inside it, choice takes the
   * expansion, lb is a space, pb is nothing. */
  g_assert_cmpstr (p->text, ==,
                   "A miscellaneous ſtrike of the journeymen, the ▪ words, unicunque nostrum, "
                   "Mister Smith spoke on.");
  g_assert_null (strstr (p->text, "•"));
  span_over (p, SC_SPAN_EMPHASIS, "ſtrike");
  g_assert_cmpuint (span_over (p, SC_SPAN_EMPHASIS, "ſtrike")->start, ==, 16);
  g_assert_cmpuint (span_over (p, SC_SPAN_EMPHASIS, "ſtrike")->end, ==, 23);

  g_assert_cmpuint (count_spans (p, SC_SPAN_GAP), ==, 1);
  words = strstr (p->text, "words");
  for (guint i = 0; i < p->spans->len; i++)
    if (((ScSpan *) g_ptr_array_index (p->spans, i))->kind == SC_SPAN_GAP)
      gap = g_ptr_array_index (p->spans, i);
  g_assert_cmpuint (gap->start, ==, (words - p->text) + strlen ("word"));
  g_assert_cmpuint (gap->end, ==, gap->start);
}

static void
test_tei_notes (void)
{
  g_autoptr(ScText) text = read_fixture ("tei-basic.xml");
  ScSection *part = section (text, "body-2");
  ScBlock *p = block (part, 1);
  ScBlock *note = block (part, 2);
  ScSpan *mark;

  g_assert_cmpstr (p->text, ==, "The masters replied. The men held firm.");
  g_assert_cmpuint (p->spans->len, ==, 1);
  mark = g_ptr_array_index (p->spans, 0);
  g_assert_cmpint (mark->kind, ==, SC_SPAN_NOTE_MARK);
  g_assert_cmpuint (mark->start, ==, strlen ("The masters replied."));
  g_assert_cmpuint (mark->end, ==, mark->start);
  g_assert_cmpstr (mark->target, ==, "note-1");

  g_assert_cmpint (note->kind, ==, SC_BLOCK_NOTE);
  g_assert_cmpstr (note->id, ==, "note-1");
  g_assert_cmpstr (note->label, ==, "foot");
  g_assert_cmpstr (note->text, ==, "They met at the tavern.");
  span_over (note, SC_SPAN_EMPHASIS, "tavern");
}

static void
test_tei_lists_and_verse (void)
{
  g_autoptr(ScText) text = read_fixture ("tei-basic.xml");
  ScSection *chapter = section (text, "body-2-1");
  ScBlock *verse;

  /* The paragraph is split around its list. */
  g_assert_cmpuint (chapter->blocks->len, ==, 6);
  g_assert_cmpstr (block (chapter, 0)->text, ==, "We resolved:");
  g_assert_cmpint (block (chapter, 1)->kind, ==, SC_BLOCK_LIST_ITEM);
  g_assert_cmpstr (block (chapter, 1)->label, ==, "1.");
  g_assert_cmpstr (block (chapter, 1)->text, ==, "To meet weekly.");
  g_assert_cmpstr (block (chapter, 2)->label, ==, "2.");
  span_over (block (chapter, 2), SC_SPAN_EMPHASIS, "accounts");
  g_assert_cmpint (block (chapter, 3)->kind, ==, SC_BLOCK_PARAGRAPH);
  g_assert_cmpstr (block (chapter, 3)->text, ==, "and to print this.");

  /* One verse block for a line group, nested groups included. */
  verse = block (chapter, 4);
  g_assert_cmpint (verse->kind, ==, SC_BLOCK_VERSE);
  g_assert_cmpstr (verse->text, ==, "A SONG\nHail, brothers, hail!\nThe day is ours.\nStand fast together,");
  span_over (verse, SC_SPAN_EMPHASIS, "day");
  /* Lines outside any lg, across a page break, make one verse block. */
  g_assert_cmpint (block (chapter, 5)->kind, ==, SC_BLOCK_VERSE);
  g_assert_cmpstr (block (chapter, 5)->text, ==, "A loose line,\nand another.");
}

static void
test_tei_speech_and_table (void)
{
  g_autoptr(ScText) text = read_fixture ("tei-basic.xml");
  ScSection *scene = section (text, "body-2-2");

  g_assert_cmpstr (scene->heading, ==, "SCENE I.");
  g_assert_cmpuint (scene->blocks->len, ==, 7);
  g_assert_cmpint (block (scene, 0)->kind, ==, SC_BLOCK_STAGE);
  g_assert_cmpstr (block (scene, 0)->text, ==, "Enter a Mechanic.");
  g_assert_cmpint (block (scene, 1)->kind, ==, SC_BLOCK_SPEECH);
  g_assert_cmpstr (block (scene, 1)->label, ==, "Mech.");
  g_assert_cmpstr (block (scene, 1)->text, ==, "Good morrow.");
  g_assert_cmpint (block (scene, 2)->kind, ==, SC_BLOCK_STAGE);
  g_assert_cmpstr (block (scene, 2)->text, ==, "Bows.");
  /* The speech goes on after its stage direction, same speaker. */
  g_assert_cmpint (block (scene, 3)->kind, ==, SC_BLOCK_SPEECH);
  g_assert_cmpstr (block (scene, 3)->label, ==, "Mech.");
  g_assert_cmpstr (block (scene, 3)->text, ==, "All hail the trade!");

  g_assert_cmpint (block (scene, 4)->kind, ==, SC_BLOCK_CAPTION);
  g_assert_cmpstr (block (scene, 4)->text, ==, "Prices");
  g_assert_cmpint (block (scene, 5)->kind, ==, SC_BLOCK_TABLE_ROW);
  g_assert_cmpstr (block (scene, 5)->text, ==, "Chair\t3 s.");
  g_assert_cmpstr (block (scene, 6)->text, ==, "Table\t\t10 s.");
}

static void
test_tei_letters_and_quotes (void)
{
  g_autoptr(ScText) text = read_fixture ("tei-basic.xml");
  ScSection *letter = section (text, "body-2-3");

  g_assert_cmpint (block (letter, 0)->kind, ==, SC_BLOCK_LETTER);
  g_assert_cmpstr (block (letter, 0)->text, ==, "Boston, May 1, 1776.");
  g_assert_cmpint (block (letter, 1)->kind, ==, SC_BLOCK_LETTER);
  g_assert_cmpstr (block (letter, 1)->text, ==, "Sir,");
  /* An inline q stays in its paragraph; a q holding a paragraph splits it. */
  g_assert_cmpstr (block (letter, 2)->text, ==, "I write in haste. He said: we will not yield, and then:");
  g_assert_cmpint (block (letter, 3)->kind, ==, SC_BLOCK_QUOTE);
  g_assert_cmpstr (block (letter, 3)->text, ==, "Nor will we.");
  g_assert_cmpint (block (letter, 4)->kind, ==, SC_BLOCK_PARAGRAPH);
  g_assert_cmpstr (block (letter, 4)->text, ==, "So it ended.");
}

static void
test_tei_captions (void)
{
  g_autoptr(ScText) text = read_fixture ("tei-basic.xml");
  ScSection *second = section (text, "body-3");

  g_assert_null (second->heading);
  g_assert_cmpuint (second->blocks->len, ==, 4);
  g_assert_cmpint (block (second, 0)->kind, ==, SC_BLOCK_CAPTION);
  g_assert_cmpstr (block (second, 0)->text, ==, "The second part, in brief.");
  g_assert_cmpint (block (second, 1)->kind, ==, SC_BLOCK_CAPTION);
  g_assert_cmpstr (block (second, 1)->text, ==, "Labor omnia vincit.");
  g_assert_cmpstr (block (second, 2)->text, ==, "Second part text.");
  g_assert_cmpint (block (second, 3)->kind, ==, SC_BLOCK_CAPTION);
  g_assert_nonnull (strstr (block (second, 3)->text, "woodcut of a hammer"));
}

static void
test_tei_stable_ids (void)
{
  const char *names[] = { "tei-basic.xml", "tei-plain.xml", "native-basic.xml" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(ScText) first = read_fixture (names[i]);
      g_autoptr(ScText) second = read_fixture (names[i]);
      g_autofree char *first_ids = joined_ids (first);
      g_autofree char *second_ids = joined_ids (second);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GPtrArray) all = sc_text_flatten (first);

      g_assert_cmpstr (first_ids, ==, second_ids);
      for (guint j = 0; j < all->len; j++)
        g_assert_true (g_hash_table_add (seen, ((ScSection *) g_ptr_array_index (all, j))->id));
    }
}

static void
test_tei_plain (void)
{
  g_autoptr(ScText) text = read_fixture ("tei-plain.xml");
  g_autofree char *ids = joined_ids (text);

  /* No namespace, no xml:id, no idno: named after the file. */
  g_assert_cmpint (text->format, ==, SC_TEXT_FORMAT_TEI);
  g_assert_cmpstr (text->id, ==, "tei-plain");
  g_assert_cmpstr (text->title, ==, "La huelga general");
  g_assert_nonnull (text->authors);
  g_assert_null (text->authors[0]);
  g_assert_cmpstr (text->lang, ==, "es");
  g_assert_cmpstr (text->date, ==, "1719.");
  g_assert_cmpint (text->year, ==, 1719);
  g_assert_cmpstr (text->license, ==, "CC-BY-SA-4.0");

  /* The file's own ids are kept as written; a generated id that would
   * take one of them steps aside. */
  g_assert_cmpstr (ids, ==, "body-1 body-2 body-3-dup2 Cap.3 body-3");
  g_assert_cmpstr (section (text, "body-1")->heading, ==, "Prólogo");
  g_assert_cmpstr (section (text, "body-2")->heading, ==, "Uno");
  g_assert_cmpstr (section (text, "body-3-dup2")->heading, ==, "Dos");
  g_assert_cmpstr (block (section (text, "body-3"), 0)->text, ==, "Fin.");
}

static ScText *
read_string (const char *xml,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  ScText *text = sc_text_read_memory (xml, strlen (xml), name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}

/* A note holding a letter: the letter becomes a section; a note with no
 * words of its own leaves no mark and uses up no number. */
static void
test_tei_note_with_floating_text (void)
{
  const char *xml =
    "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader/><text><body><div>\n"
    "<p>Before.<note place=\"bottom\"><floatingText type=\"letter\"><body>\n"
    "<head>A letter</head><p>Dear friends.</p></body></floatingText></note> After.\n"
    "<note n=\"*\">A real note, <q><floatingText><body><div><p>quoting.</p></div></body>"
    "</floatingText></q> Then more.</note> End.</p></div></body></text></TEI>\n";
  g_autoptr(ScText) text = read_string (xml, "notes.xml");
  g_autofree char *ids = joined_ids (text);
  ScSection *div = section (text, "body-1");
  ScBlock *p = block (div, 0);
  ScBlock *note;

  /* In document order: the paragraph, the letter, then the second note,
   * which comes after a subsection now and so in a section after it. */
  g_assert_cmpstr (ids, ==, "body-1 body-1-1 body-1-2 body-1-3 body-1-3-1");
  g_assert_cmpuint (div->blocks->len, ==, 1);
  g_assert_cmpstr (p->text, ==, "Before. After. End.");
  g_assert_cmpuint (p->spans->len, ==, 1);
  g_assert_cmpstr (((ScSpan *) g_ptr_array_index (p->spans, 0))->target, ==, "note-1");
  g_assert_cmpuint (((ScSpan *) g_ptr_array_index (p->spans, 0))->start, ==, strlen ("Before. After."));

  g_assert_cmpstr (section (text, "body-1-1")->kind, ==, "letter");
  g_assert_cmpstr (section (text, "body-1-1")->heading, ==, "A letter");
  g_assert_cmpstr (block (section (text, "body-1-1"), 0)->text, ==, "Dear friends.");

  note = block (section (text, "body-1-2"), 0);
  g_assert_cmpint (note->kind, ==, SC_BLOCK_NOTE);
  g_assert_cmpstr (note->id, ==, "note-1");
  g_assert_null (note->label);
  g_assert_cmpstr (note->text, ==, "A real note, Then more.");

  g_assert_cmpstr (section (text, "body-1-3")->kind, ==, "floatingText");
  g_assert_cmpstr (block (section (text, "body-1-3-1"), 0)->text, ==, "quoting.");
}

/* A group's texts (volumes bound together) are sections of their own. */
static void
test_tei_group (void)
{
  const char *xml =
    "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader/><text><group>\n"
    "<text><front><div type=\"title_page\"><p>Volume one.</p></div></front>\n"
    "<body><div type=\"chapter\"><head>I.</head><p>First.</p></div></body></text>\n"
    "<text><body><div type=\"chapter\"><head>II.</head><p>Second.</p></div></body></text>\n"
    "</group></text></TEI>\n";
  g_autoptr(ScText) text = read_string (xml, "group.xml");
  g_autofree char *ids = joined_ids (text);

  g_assert_cmpstr (ids, ==, "text-1 text-1-1 text-1-2 text-2 text-2-1");
  g_assert_cmpstr (section (text, "text-1")->kind, ==, "text");
  g_assert_cmpstr (section (text, "text-1-1")->kind, ==, "title_page");
  g_assert_cmpstr (section (text, "text-2-1")->heading, ==, "II.");
  g_assert_cmpuint (section (text, "text-2-1")->depth, ==, 1);
}

static char *
nested_document (const char *open,
                 const char *close,
                 guint       levels)
{
  GString *xml = g_string_new ("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader/>\n"
                               "<text>\n<body>\n<div>\n<p>\n");

  for (guint i = 0; i < levels; i++)
    g_string_append (xml, open);
  g_string_append (xml, "deep");
  for (guint i = 0; i < levels; i++)
    g_string_append (xml, close);
  g_string_append (xml, "</p></div></body></text></TEI>\n");
  return g_string_free (xml, FALSE);
}

static void
test_tei_depth_limit (void)
{
  g_autofree char *shallow = nested_document ("<hi>", "</hi>", 20);
  g_autofree char *deep = nested_document ("<hi>", "</hi>", 230);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScText) ok = sc_text_read_memory (shallow, strlen (shallow), "shallow.xml", &error);
  g_autoptr(ScText) refused = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (block (section (ok, "body-1"), 0)->text, ==, "deep");

  refused = sc_text_read_memory (deep, strlen (deep), "deep.xml", &error);
  g_assert_null (refused);
  g_assert_error (error, SC_ERROR, SC_ERROR_LIMIT);
  g_assert_true (g_str_has_prefix (error->message, "deep.xml:6: "));
}

/* Helpers */

static void
test_lang_normalize (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "eng", "en" }, { "spa", "es" }, { "fre", "fr" }, { "fra", "fr" }, { "ger", "de" },
    { "deu", "de" }, { "lat", "la" }, { "wel", "cy" }, { "EN", "en" }, { "en-US", "en-US" },
    { "en_us", "en-US" }, { "es-419", "es-419" }, { "zh-hant-tw", "zh-Hant-TW" },
    { " en ", "en" }, { "eng-GB", "en-GB" }, { "grc", "grc" }, { "unk", "und" },
    { "", "und" }, { "12", "und" }, { "x", "und" }, { "english!", "und" }, { NULL, "und" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = sc_lang_normalize (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_year_from_date (void)
{
  const struct { const char *date; int year; } cases[] = {
    { "MDCCLXXVI. [1776]", 1776 }, { "1719.", 1719 }, { "[1687]", 1687 }, { "1687]", 1687 },
    { "2004-08", 2004 }, { "MDCCLXXVI.", 1776 }, { "M,DCC,XLIII.", 1743 }, { "M.DCC.LXXIII", 1773 },
    { "in the year M.DCC.XCIV.", 1794 }, { "MDCCXC", 1790 }, { "mdcclxxvi", 0 },
    { "November 12, 1794.", 1794 }, { "--1792.--", 1792 }, { "1714?]", 1714 },
    { "12 March 1770, 2nd ed. [1771]", 1771 }, { "Vol. XII", 0 }, { "Mix", 0 }, { "mild", 0 }, { "MDCCLXXVIth", 0 },
    { "no date", 0 }, { "", 0 }, { NULL, 0 }, { "123", 0 }, { "12345", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (sc_year_from_date (cases[i].date) != cases[i].year)
      g_error ("“%s”: expected %d, got %d", cases[i].date, cases[i].year,
               sc_year_from_date (cases[i].date));
}

static void
test_level (void)
{
  for (ScLevel level = SC_LEVEL_INTRODUCTORY; level <= SC_LEVEL_ADVANCED; level++)
    g_assert_cmpint (sc_level_from_string (sc_level_to_string (level)), ==, level);
  g_assert_cmpint (sc_level_from_string (" Advanced "), ==, SC_LEVEL_ADVANCED);
  g_assert_cmpint (sc_level_from_string ("expert"), ==, SC_LEVEL_UNKNOWN);
  g_assert_cmpint (sc_level_from_string (NULL), ==, SC_LEVEL_UNKNOWN);
}

static void
test_count_words (void)
{
  g_assert_cmpuint (sc_count_words (NULL), ==, 0);
  g_assert_cmpuint (sc_count_words (""), ==, 0);
  g_assert_cmpuint (sc_count_words ("  \n\t "), ==, 0);
  g_assert_cmpuint (sc_count_words ("The strike began."), ==, 3);
  g_assert_cmpuint (sc_count_words ("don't stop — co-operate!"), ==, 3);
  g_assert_cmpuint (sc_count_words ("ſtrike\nhuelga\tgénérale"), ==, 3);
  g_assert_cmpuint (sc_count_words ("1776, 1789 & 1848"), ==, 3);
  g_assert_cmpuint (sc_count_words ("end-"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/native/metadata", test_native_metadata);
  g_test_add_func ("/text/native/sections", test_native_sections);
  g_test_add_func ("/text/native/blocks", test_native_blocks);
  g_test_add_func ("/text/native/word-count", test_native_word_count);
  g_test_add_func ("/text/native/section-body", test_section_body);
  g_test_add_func ("/text/native/errors", test_native_errors);
  g_test_add_func ("/text/native/block-after-subsection", test_native_block_after_subsection);
  g_test_add_func ("/text/errors/wrong-root", test_wrong_root);
  g_test_add_func ("/text/errors/malformed", test_malformed);
  g_test_add_func ("/text/errors/entities", test_entities);
  g_test_add_func ("/text/tei/metadata", test_tei_metadata);
  g_test_add_func ("/text/tei/sections", test_tei_sections);
  g_test_add_func ("/text/tei/inline-joins", test_tei_inline_joins);
  g_test_add_func ("/text/tei/notes", test_tei_notes);
  g_test_add_func ("/text/tei/lists-and-verse", test_tei_lists_and_verse);
  g_test_add_func ("/text/tei/speech-and-table", test_tei_speech_and_table);
  g_test_add_func ("/text/tei/letters-and-quotes", test_tei_letters_and_quotes);
  g_test_add_func ("/text/tei/captions", test_tei_captions);
  g_test_add_func ("/text/tei/stable-ids", test_tei_stable_ids);
  g_test_add_func ("/text/tei/no-namespace", test_tei_plain);
  g_test_add_func ("/text/tei/note-with-floating-text", test_tei_note_with_floating_text);
  g_test_add_func ("/text/tei/group", test_tei_group);
  g_test_add_func ("/text/tei/depth-limit", test_tei_depth_limit);
  g_test_add_func ("/text/helpers/lang", test_lang_normalize);
  g_test_add_func ("/text/helpers/year", test_year_from_date);
  g_test_add_func ("/text/helpers/level", test_level);
  g_test_add_func ("/text/helpers/count-words", test_count_words);

  return g_test_run ();
}
