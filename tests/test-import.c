/* test-import.c: HTML, plain text and EPUB into native texts, bad inputs,
 * never overwriting, and search right after an import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "sc-error.h"
#include "sc-import.h"
#include "sc-index.h"
#include "sc-search.h"
#include "sc-validate.h"
#include "sc-xml.h"
#include "sc-test-util.h"

#define MIB (1024 * 1024)

/* ===== Helpers ============================================================ */

static char *
fixture (const char *first,
         ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (parts, (gpointer) g_test_get_dir (G_TEST_DIST));
  g_ptr_array_add (parts, (gpointer) "fixtures");
  g_ptr_array_add (parts, (gpointer) "import");
  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sc-test-import-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* Imports @inputs into @target; the batch itself never fails here. */
static GPtrArray *
import_into (const char         *target,
             const char * const *inputs,
             const char * const *taken)
{
  g_autoptr(GError) error = NULL;
  ScImportOptions options = { .target_dir = target, .taken_ids = taken };
  GPtrArray *results = sc_import_files (inputs, &options, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

static ScImportResult *
result_at (GPtrArray *results,
           guint      i)
{
  g_assert_cmpuint (i, <, results->len);
  return g_ptr_array_index (results, i);
}

/* The one file of @inputs must import; its text is read back after the
 * file is checked against the schema. */
static ScText *
import_and_read (const char *target,
                 const char *input)
{
  const char *inputs[] = { input, NULL };
  g_autoptr(GPtrArray) results = import_into (target, inputs, NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  ScImportResult *result = result_at (results, 0);
  ScText *text;

  g_assert_no_error (result->error);
  g_assert_nonnull (result->path);
  g_assert_true (g_str_has_prefix (result->path, target));
  if (!sc_validate_file (result->path, problems))
    g_error ("%s", (const char *) g_ptr_array_index (problems, 0));

  text = sc_text_read_file (result->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text->id, ==, result->id);
  g_assert_cmpuint (result->words, ==, text->word_count);
  g_assert_cmpuint (result->sections, ==, sc_text_count_sections (text));
  return text;
}

/* Every heading and block of @text, in order, one per line. */
static char *
text_words (ScText *text)
{
  g_autoptr(GPtrArray) sections = sc_text_flatten (text);
  GString *all = g_string_new (NULL);

  for (guint i = 0; i < sections->len; i++)
    {
      ScSection *section = g_ptr_array_index (sections, i);
      g_autofree char *body = sc_section_body (section);

      g_string_append_printf (all, "%s\n%s\n", section->heading != NULL ? section->heading : "", body);
    }
  return g_string_free (all, FALSE);
}

static ScBlock *
find_block (ScText      *text,
            ScBlockKind  kind,
            const char  *containing)
{
  g_autoptr(GPtrArray) sections = sc_text_flatten (text);

  for (guint i = 0; i < sections->len; i++)
    {
      ScSection *section = g_ptr_array_index (sections, i);

      for (guint b = 0; b < section->blocks->len; b++)
        {
          ScBlock *block = g_ptr_array_index (section->blocks, b);

          if (block->kind == kind && strstr (block->text, containing) != NULL)
            return block;
        }
    }
  return NULL;
}

static gboolean
block_has_span (ScBlock    *block,
                ScSpanKind  kind,
                const char *words)
{
  for (guint i = 0; i < block->spans->len; i++)
    {
      ScSpan *span = g_ptr_array_index (block->spans, i);

      if (span->kind == kind && strncmp (block->text + span->start, words, span->end - span->start) == 0 &&
          strlen (words) == span->end - span->start)
        return TRUE;
    }
  return FALSE;
}

static void
assert_error_names_file (ScImportResult *result,
                         const char     *input,
                         gint            code)
{
  g_autofree char *display = g_filename_display_name (input);
  g_autofree char *prefix = g_strconcat (display, ":", NULL);
  const char *rest;

  g_assert_error (result->error, SC_ERROR, code);
  g_assert_null (result->path);
  g_assert_null (result->id);
  /* "FILE:LINE: message" */
  g_assert_true (g_str_has_prefix (result->error->message, prefix));
  rest = result->error->message + strlen (prefix);
  g_assert_true (g_ascii_isdigit (*rest));
  g_assert_nonnull (strstr (rest, ": "));
}

static void
write_bytes (const char *path,
             const char *data,
             gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

/* ===== Building EPUBs with libarchive ===================================== */

static void
zip_add (struct archive *zip,
         const char     *name,
         const char     *data,
         gsize           length)
{
  struct archive_entry *entry = archive_entry_new ();

  archive_entry_set_pathname (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, length);
  g_assert_cmpint (archive_write_header (zip, entry), ==, ARCHIVE_OK);
  if (length > 0)
    g_assert_cmpint (archive_write_data (zip, data, length), ==, (la_ssize_t) length);
  archive_entry_free (entry);
}

/* An entry of @size bytes that compress to almost nothing. */
static void
zip_add_filler (struct archive *zip,
                const char     *name,
                gsize           size)
{
  struct archive_entry *entry = archive_entry_new ();
  g_autofree char *block = g_malloc (MIB);

  memset (block, 'a', MIB);
  archive_entry_set_pathname (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, size);
  g_assert_cmpint (archive_write_header (zip, entry), ==, ARCHIVE_OK);
  for (gsize done = 0; done < size; done += MIB)
    g_assert_cmpint (archive_write_data (zip, block, MIN (MIB, size - done)), >, 0);
  archive_entry_free (entry);
}

static void
zip_add_tree (struct archive *zip,
              const char     *root,
              const char     *relative,
              const char     *skip)
{
  g_autofree char *dir_path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = *relative != '\0' ? g_strconcat (relative, "/", name, NULL) : g_strdup (name);
      g_autofree char *path = g_build_filename (root, child, NULL);
      g_autofree char *data = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          zip_add_tree (zip, root, child, skip);
          continue;
        }
      if (g_strcmp0 (child, skip) == 0)
        continue;
      g_assert_true (g_file_get_contents (path, &data, &length, NULL));
      zip_add (zip, child, data, length);
    }
}

typedef void (*ZipExtra) (struct archive *zip);

/* The fixture book zipped to @out: "mimetype" first, then its folder,
 * leaving out @skip, then whatever @extra adds. */
static void
build_epub (const char *out,
            const char *mimetype,
            const char *skip,
            ZipExtra    extra)
{
  g_autofree char *root = fixture ("epub", NULL);
  struct archive *zip = archive_write_new ();

  g_assert_cmpint (archive_write_set_format_zip (zip), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_filename (zip, out), ==, ARCHIVE_OK);
  if (mimetype != NULL)
    zip_add (zip, "mimetype", mimetype, strlen (mimetype));
  zip_add_tree (zip, root, "", skip);
  if (extra != NULL)
    extra (zip);
  g_assert_cmpint (archive_write_close (zip), ==, ARCHIVE_OK);
  archive_write_free (zip);
}

/* ===== The pieces ========================================================= */

static void
test_slugify (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "News from Nowhere", "news-from-nowhere" },
    { "Capítulo I: ¿Qué hacer?", "capitulo-i-que-hacer" },
    { "Workers' rights — and wrongs", "workers-rights-and-wrongs" },
    { "  --Straße 1871!! ", "strasse-1871" },
    { "中文", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *slug = sc_import_slugify (cases[i].in, 60);

      g_assert_cmpstr (slug, ==, cases[i].out);
    }

  /* Cut at a hyphen, never inside a word, and never ending in one. */
  {
    g_autofree char *slug = sc_import_slugify ("the quick brown fox jumps over", 17);

    g_assert_cmpstr (slug, ==, "the-quick-brown");
  }
}

static void
test_inline_markup (void)
{
  g_autoptr(ScInline) inl = sc_inline_new ();
  g_autofree char *markup = NULL;
  g_autofree char *text = NULL;

  sc_inline_append (inl, "  a < b &\n\t c ", -1);
  sc_inline_open (inl, "em");
  sc_inline_append (inl, "   ", -1);           /* nothing in it: never written */
  sc_inline_close (inl);
  sc_inline_open (inl, "strong");
  sc_inline_append (inl, " bold\x01 ", -1);     /* control characters dropped */
  sc_inline_close (inl);
  /* A no-break space beside a space is a space; alone it stays. */
  sc_inline_append (inl, "end.\xc2\xa0 Next\xc2\xadword \xc2\xa0x M.\xc2\xa0" "Dupont", -1);
  markup = sc_inline_steal_markup (inl, &text);

  g_assert_cmpstr (markup, ==, "a &lt; b &amp; c <strong>bold</strong> end. Nextword x M.\xc2\xa0" "Dupont");
  g_assert_cmpstr (text, ==, "a < b & c bold end. Nextword x M.\xc2\xa0" "Dupont");
  g_assert_true (sc_inline_is_empty (inl));
}

static void
test_gutenberg_markers (void)
{
  const char *text = "Title: X\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\nBody\n"
                     "End of the Project Gutenberg EBook of X\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\n";
  gssize start = sc_import_gutenberg_start (text, strlen (text));
  gssize end = sc_import_gutenberg_end (text, strlen (text));

  g_assert_cmpint (start, >, 0);
  g_assert_true (g_str_has_prefix (text + start, "Body\n"));
  g_assert_true (g_str_has_prefix (text + end, "End of the Project"));
  g_assert_cmpint (sc_import_gutenberg_start ("no markers", 10), ==, -1);
  g_assert_cmpint (sc_import_gutenberg_end ("the end of the project", 22), ==, -1);
}

static void
test_guess_lang (void)
{
  g_assert_cmpstr (sc_import_guess_lang ("The workers of the mill and the town met in the hall, and it was "
                                         "agreed that the strike was to go on with the support of all."),
                   ==, "en");
  g_assert_cmpstr (sc_import_guess_lang ("Los trabajadores de la fábrica y del pueblo se reunieron en la sala, "
                                         "y se acordó que la huelga seguía con el apoyo de todas las secciones "
                                         "del sindicato, por una vida mejor para su familia."),
                   ==, "es");
  g_assert_null (sc_import_guess_lang ("Strike!"));
  g_assert_cmpstr (sc_import_lang_from_name ("English"), ==, "en");
  g_assert_cmpstr (sc_import_lang_from_name ("Spanish"), ==, "es");
  g_assert_null (sc_import_lang_from_name ("Klingon"));
}

/* ===== HTML =============================================================== */

static void
test_html_article (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *input = fixture ("good", "article.html", NULL);
  g_autoptr(ScText) text = import_and_read (dir, input);
  g_autofree char *words = text_words (text);
  ScSection *first, *causes, *picket;
  ScBlock *block;

  g_assert_cmpstr (text->id, ==, "the-mill-strike-of-1912");
  g_assert_cmpstr (text->title, ==, "The Mill Strike of 1912");
  g_assert_cmpstr (text->authors[0], ==, "Rosa Tilbury");
  g_assert_null (text->authors[1]);
  g_assert_cmpstr (text->lang, ==, "en");
  g_assert_cmpint (text->level, ==, SC_LEVEL_INTERMEDIATE);
  g_assert_cmpstr (text->summary, ==, "How textile workers in a mill town won a strike in the winter of 1912.");
  g_assert_cmpstr (text->source_url, ==, "https://example.org/history/mill-strike");
  g_assert_cmpstr (text->source, ==, "article.html");
  g_assert_cmpstr (text->topics[0], ==, "strikes");
  g_assert_cmpstr (text->topics[1], ==, "textile workers");

  /* The lone <h1> stands beside the <h2> sections; the <h3> nests. */
  g_assert_cmpuint (text->sections->len, ==, 3);
  first = g_ptr_array_index (text->sections, 0);
  causes = g_ptr_array_index (text->sections, 1);
  picket = g_ptr_array_index (text->sections, 2);
  g_assert_cmpstr (first->id, ==, "the-mill-strike-of-1912");
  g_assert_cmpstr (causes->id, ==, "causes");
  g_assert_cmpstr (picket->heading, ==, "The picket lines");
  g_assert_cmpuint (picket->children->len, ==, 1);
  g_assert_cmpstr (((ScSection *) g_ptr_array_index (picket->children, 0))->id, ==, "winning");

  /* &mdash; is a dash; inline emphasis survives. */
  block = find_block (text, SC_BLOCK_PARAGRAPH, "looms stopped—all of them");
  g_assert_nonnull (block);
  g_assert_true (block_has_span (block, SC_SPAN_EMPHASIS, "spinners"));
  g_assert_true (block_has_span (block, SC_SPAN_STRONG, "weavers"));

  g_assert_nonnull (find_block (text, SC_BLOCK_QUOTE, "bread, and roses too"));
  g_assert_nonnull (find_block (text, SC_BLOCK_QUOTE, "Not one thread shall turn"));
  g_assert_nonnull (find_block (text, SC_BLOCK_LIST_ITEM, "Soup kitchens"));
  g_assert_nonnull (find_block (text, SC_BLOCK_LIST_ITEM, "Some travelled as far as Philadelphia"));
  g_assert_nonnull (find_block (text, SC_BLOCK_NOTE, "The law applied to women"));

  /* Site furniture, scripts, styles and the table of contents stay out. */
  for (const char *gone[] = { "masthead", "Home", "scriptword", "stylesheetword", "sidebarword",
                              "footerword", "Comments are closed", "Causes\nThe picket", NULL },
       **p = gone; *p != NULL; p++)
    if (strstr (words, *p) != NULL)
      g_error ("“%s” was imported:\n%s", *p, words);
  g_assert_null (find_block (text, SC_BLOCK_LIST_ITEM, "Causes"));

  sc_test_remove_tree (dir);
}

static void
test_html_gutenberg (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *input = fixture ("good", "gutenberg.html", NULL);
  g_autoptr(ScText) text = import_and_read (dir, input);
  g_autofree char *words = text_words (text);
  ScSection *chapter;

  g_assert_cmpstr (text->id, ==, "the-weavers-song");
  g_assert_cmpstr (text->title, ==, "The Weavers' Song");
  g_assert_cmpstr (text->authors[0], ==, "Ann Loom");
  g_assert_cmpstr (text->lang, ==, "en");
  g_assert_cmpstr (text->license, ==, "Public domain in the USA (Project Gutenberg), eBook #99999");
  g_assert_cmpstr (text->source_url, ==, "https://www.gutenberg.org/ebooks/99999");
  g_assert_cmpstr (text->source, ==, "Project Gutenberg eBook #99999");

  chapter = sc_text_find_section (text, "chapter-i-the-shuttle");
  g_assert_nonnull (chapter);
  g_assert_cmpstr (chapter->heading, ==, "CHAPTER I. THE SHUTTLE");
  g_assert_nonnull (sc_text_find_section (text, "chapter-ii-the-meeting"));
  /* &nbsp; beside a space is one space; &ldquo; is a quotation mark. */
  g_assert_nonnull (find_block (text, SC_BLOCK_PARAGRAPH, "the clatter of the frames"));
  g_assert_nonnull (find_block (text, SC_BLOCK_PARAGRAPH, "“Sing it again,”"));

  /* Neither the header nor the license is part of the book. */
  for (const char *gone[] = { "Gutenberg", "GUTENBERG", "LICENSE", "whatsoever", "Release Date",
                              "should be named", NULL },
       **p = gone; *p != NULL; p++)
    if (strstr (words, *p) != NULL)
      g_error ("“%s” was imported:\n%s", *p, words);

  sc_test_remove_tree (dir);
}

static void
test_html_gutenberg_sections (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *input = fixture ("good", "gutenberg-sections.html", NULL);
  g_autoptr(ScText) text = import_and_read (dir, input);
  g_autofree char *words = text_words (text);

  g_assert_cmpstr (text->id, ==, "bread-and-roses");
  g_assert_cmpstr (text->authors[0], ==, "Jo Carder");
  g_assert_cmpstr (text->license, ==, "Public domain in the USA (Project Gutenberg), eBook #88888");
  g_assert_cmpuint (text->sections->len, ==, 2);
  g_assert_cmpstr (((ScSection *) g_ptr_array_index (text->sections, 0))->id, ==, "i-the-march");
  g_assert_null (strstr (words, "Gutenberg"));
  g_assert_null (strstr (words, "GUTENBERG"));
  g_assert_null (strstr (words, "Release date"));
  g_assert_null (strstr (words, "Updated editions"));

  sc_test_remove_tree (dir);
}

static void
test_html_fragment_and_breaks (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *input = fixture ("good", "fragment.htm", NULL);
  g_autoptr(ScText) text = import_and_read (dir, input);

  /* No <html>, no <title>: the first heading names it. */
  g_assert_cmpstr (text->title, ==, "Notes on the eight-hour day");
  g_assert_cmpstr (text->id, ==, "notes-on-the-eight-hour-day");
  g_assert_cmpstr (text->authors[0], ==, "Unknown author");
  g_assert_null (text->authors[1]);
  /* One <br> is a space; two end the stanza. */
  g_assert_nonnull (find_block (text, SC_BLOCK_PARAGRAPH, "Song line one song line two"));
  g_assert_nonnull (find_block (text, SC_BLOCK_PARAGRAPH, "second stanza"));
  g_assert_null (find_block (text, SC_BLOCK_PARAGRAPH, "two second"));
  /* Nothing says the language, and a dozen words are too few to guess. */
  g_assert_cmpstr (text->lang, ==, "und");

  sc_test_remove_tree (dir);
}

static void
test_html_encodings (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *declared = g_build_filename (dir, "declared.html", NULL);
  g_autofree char *undeclared = g_build_filename (dir, "undeclared.html", NULL);
  g_autofree char *target = g_build_filename (dir, "texts", NULL);
  /* Latin-1 with its charset said; Windows-1252 curly quotes unsaid. */
  const char latin1[] = "<html lang=\"es\"><head><meta http-equiv=\"Content-Type\" "
                        "content=\"text/html; charset=iso-8859-1\"><title>La huelga de a\xf1" "o nuevo</title></head>"
                        "<body><p>Los tejedores dec\xed" "an que s\xed.</p></body></html>";
  const char cp1252[] = "<html><head><title>Quotes</title></head>"
                        "<body><p>\x93" "Bread and roses\x94 caf\xe9.</p></body></html>";
  g_autoptr(ScText) first = NULL;
  g_autoptr(ScText) second = NULL;

  write_bytes (declared, latin1, sizeof latin1 - 1);
  write_bytes (undeclared, cp1252, sizeof cp1252 - 1);

  first = import_and_read (target, declared);
  g_assert_cmpstr (first->title, ==, "La huelga de año nuevo");
  g_assert_cmpstr (first->id, ==, "la-huelga-de-ano-nuevo");
  g_assert_cmpstr (first->lang, ==, "es");
  g_assert_nonnull (find_block (first, SC_BLOCK_PARAGRAPH, "Los tejedores decían que sí."));

  second = import_and_read (target, undeclared);
  g_assert_nonnull (find_block (second, SC_BLOCK_PARAGRAPH, "“Bread and roses” café."));

  sc_test_remove_tree (dir);
}

/* ===== Plain text ========================================================= */

static void
test_text_chapters (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *input = fixture ("good", "chapters.txt", NULL);
  g_autoptr(ScText) text = import_and_read (dir, input);
  ScSection *one, *two;
  ScBlock *block;

  g_assert_cmpstr (text->title, ==, "THE COOPERATIVE MILL");
  g_assert_cmpstr (text->authors[0], ==, "Sam Weaver");
  g_assert_cmpstr (text->lang, ==, "en");

  one = sc_text_find_section (text, "chapter-i-the-idea");
  g_assert_nonnull (one);
  g_assert_cmpstr (one->heading, ==, "CHAPTER I: THE IDEA");
  two = sc_text_find_section (text, "chapter-ii-the-vote");
  g_assert_nonnull (two);
  /* "1.2 Lessons learned" is a heading one level down. */
  g_assert_cmpuint (two->children->len, ==, 1);
  g_assert_cmpstr (((ScSection *) g_ptr_array_index (two->children, 0))->heading, ==, "1.2 Lessons learned");

  /* Lines join into paragraphs; the indented block is a quotation. */
  g_assert_nonnull (find_block (text, SC_BLOCK_PARAGRAPH, "the town was quiet. Nobody expected"));
  g_assert_nonnull (find_block (text, SC_BLOCK_QUOTE, "owns the town; so let the town own the looms."));
  g_assert_nonnull (find_block (text, SC_BLOCK_LIST_ITEM, "money for the first year of wages,"));
  g_assert_nonnull (find_block (text, SC_BLOCK_LIST_ITEM, "someone who could repair the old frames."));
  block = find_block (text, SC_BLOCK_PARAGRAPH, "they voted, two hundred for");
  g_assert_nonnull (block);
  g_assert_true (block_has_span (block, SC_SPAN_EMPHASIS, "two hundred"));

  sc_test_remove_tree (dir);
}

static void
test_text_gutenberg (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *input = fixture ("good", "gutenberg.txt", NULL);
  g_autoptr(ScText) text = import_and_read (dir, input);
  g_autofree char *words = text_words (text);

  g_assert_cmpstr (text->title, ==, "A Spinner's Diary");
  g_assert_cmpstr (text->id, ==, "a-spinners-diary");
  g_assert_cmpstr (text->authors[0], ==, "Lena Frame");
  g_assert_cmpstr (text->license, ==, "Public domain in the USA (Project Gutenberg), eBook #77777");
  g_assert_nonnull (sc_text_find_section (text, "monday"));
  g_assert_nonnull (sc_text_find_section (text, "tuesday"));
  g_assert_null (strstr (words, "Gutenberg"));
  g_assert_null (strstr (words, "GUTENBERG"));
  g_assert_null (strstr (words, "whatsoever"));
  g_assert_null (strstr (words, "should be named"));

  sc_test_remove_tree (dir);
}

static void
test_text_latin1 (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *input = g_build_filename (dir, "huelga.txt", NULL);
  g_autofree char *target = g_build_filename (dir, "texts", NULL);
  const char latin1[] = "CAP\xcdTULO 1\n\nLa huelga\n\nLos obreros de la f\xe1" "brica dejaron el trabajo "
                        "por la ma\xf1" "ana, y la huelga sigui\xf3 con el apoyo de todas las secciones "
                        "del sindicato y de los vecinos del barrio, que les llevaban pan y caf\xe9.\n";
  g_autoptr(ScText) text = NULL;
  ScSection *chapter;

  write_bytes (input, latin1, sizeof latin1 - 1);
  text = import_and_read (target, input);
  chapter = sc_text_find_section (text, "capitulo-1-la-huelga");
  g_assert_nonnull (chapter);
  g_assert_cmpstr (chapter->heading, ==, "CAPÍTULO 1: La huelga");
  g_assert_nonnull (find_block (text, SC_BLOCK_PARAGRAPH, "fábrica dejaron el trabajo por la mañana"));
  g_assert_cmpstr (text->lang, ==, "es");

  sc_test_remove_tree (dir);
}

/* ===== EPUB =============================================================== */

static void
test_epub (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *book = g_build_filename (dir, "cuentos.epub", NULL);
  g_autofree char *target = g_build_filename (dir, "texts", NULL);
  g_autoptr(ScText) text = NULL;
  g_autofree char *words = NULL;
  ScSection *section;
  ScBlock *block;

  build_epub (book, "application/epub+zip", NULL, NULL);
  text = import_and_read (target, book);
  words = text_words (text);

  g_assert_cmpstr (text->title, ==, "Cuentos de la fábrica");
  g_assert_cmpstr (text->id, ==, "cuentos-de-la-fabrica");
  /* The author, not the translator. */
  g_assert_cmpstr (text->authors[0], ==, "Lucía Telar");
  g_assert_null (text->authors[1]);
  g_assert_cmpstr (text->lang, ==, "es");
  g_assert_cmpstr (text->date, ==, "1911");
  g_assert_cmpstr (text->license, ==, "Dominio público");
  g_assert_cmpstr (text->topics[0], ==, "Huelgas");

  /* Spine order, not file order; the chapter without a heading is headed
   * by its <title>; the navigation document is not in the spine. */
  g_assert_cmpuint (text->sections->len, ==, 3);
  section = g_ptr_array_index (text->sections, 0);
  g_assert_cmpstr (section->id, ==, "la-sirena");
  section = g_ptr_array_index (text->sections, 1);
  g_assert_cmpstr (section->id, ==, "la-asamblea");
  section = g_ptr_array_index (text->sections, 2);
  g_assert_cmpstr (section->heading, ==, "El acuerdo");
  g_assert_cmpuint (section->blocks->len, ==, 1);
  g_assert_nonnull (strstr (((ScBlock *) g_ptr_array_index (section->blocks, 0))->text, "El lunes firmaron"));

  /* The no-break space before the dash stays; the note's mark goes. */
  block = find_block (text, SC_BLOCK_PARAGRAPH, "nadie se movió de la calle\xc2\xa0— era el primer día");
  g_assert_nonnull (block);
  g_assert_nonnull (find_block (text, SC_BLOCK_PARAGRAPH, "cantaban en la puerta."));
  g_assert_null (find_block (text, SC_BLOCK_PARAGRAPH, "puerta.1"));
  g_assert_nonnull (find_block (text, SC_BLOCK_NOTE, "«Pan y rosas»"));
  g_assert_nonnull (find_block (text, SC_BLOCK_QUOTE, "Ni un telar se moverá"));
  g_assert_null (strstr (words, "Índice"));
  g_assert_null (strstr (words, "Primero"));
  g_assert_null (strstr (words, "margin"));

  sc_test_remove_tree (dir);
}

static void
add_bomb_entry (struct archive *zip)
{
  zip_add_filler (zip, "OEBPS/text/bomb.xhtml", SC_IMPORT_MAX_ZIP_ENTRY_SIZE + MIB);
}

static void
add_many_large_entries (struct archive *zip)
{
  /* Each under the entry limit, together over the total. */
  for (guint i = 0; i <= SC_IMPORT_MAX_ZIP_TOTAL_SIZE / (SC_IMPORT_MAX_ZIP_ENTRY_SIZE - MIB); i++)
    {
      g_autofree char *name = g_strdup_printf ("OEBPS/text/large-%u.xhtml", i);

      zip_add_filler (zip, name, SC_IMPORT_MAX_ZIP_ENTRY_SIZE - MIB);
    }
}

static void
add_many_entries (struct archive *zip)
{
  for (guint i = 0; i < SC_IMPORT_MAX_ZIP_ENTRIES; i++)
    {
      g_autofree char *name = g_strdup_printf ("OEBPS/images/%05u.png", i);

      zip_add (zip, name, "x", 1);
    }
}

static void
add_unrelated_file (struct archive *zip)
{
  zip_add (zip, "notes.txt", "just notes", 10);
}

static void
test_epub_broken (void)
{
  static const struct {
    const char *name;
    const char *mimetype;
    const char *skip;
    ZipExtra    extra;
    gint        code;
    const char *message;
  } cases[] = {
    { "no-opf.epub", "application/epub+zip", "OEBPS/content.opf", NULL, SC_ERROR_INVALID,
      "package file OEBPS/content.opf named by META-INF/container.xml is missing" },
    { "no-container.epub", "application/epub+zip", "META-INF/container.xml", NULL, SC_ERROR_INVALID,
      "META-INF/container.xml is missing" },
    { "no-chapter.epub", "application/epub+zip", "OEBPS/text/ch2.xhtml", NULL, SC_ERROR_INVALID,
      "the chapter OEBPS/text/ch2.xhtml is missing" },
    { "wrong-mimetype.epub", "application/zip", NULL, NULL, SC_ERROR_INVALID, "its mimetype is" },
    { "bomb.epub", "application/epub+zip", NULL, add_bomb_entry, SC_ERROR_LIMIT,
      "bomb.xhtml unpacks to more than" },
    { "total.epub", "application/epub+zip", NULL, add_many_large_entries, SC_ERROR_LIMIT,
      "the archive unpacks to more than" },
    { "entries.epub", "application/epub+zip", NULL, add_many_entries, SC_ERROR_LIMIT,
      "more than 10000 entries" },
  };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *target = g_build_filename (dir, "texts", NULL);
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *plain_zip = g_build_filename (dir, "plain.zip", NULL);
  g_autofree char *not_zip = g_build_filename (dir, "not-a-zip.epub", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char *path = g_build_filename (dir, cases[i].name, NULL);

      build_epub (path, cases[i].mimetype, cases[i].skip, cases[i].extra);
      g_ptr_array_add (inputs, path);
    }

  /* A zip that is not an EPUB, and an .epub that is not a zip. */
  {
    struct archive *zip = archive_write_new ();

    archive_write_set_format_zip (zip);
    g_assert_cmpint (archive_write_open_filename (zip, plain_zip), ==, ARCHIVE_OK);
    add_unrelated_file (zip);
    archive_write_close (zip);
    archive_write_free (zip);
  }
  write_bytes (not_zip, "This is not a zip archive.\n", 27);
  g_ptr_array_add (inputs, g_strdup (plain_zip));
  g_ptr_array_add (inputs, g_strdup (not_zip));
  g_ptr_array_add (inputs, NULL);

  results = import_into (target, (const char * const *) inputs->pdata, NULL);
  g_assert_cmpuint (results->len, ==, G_N_ELEMENTS (cases) + 2);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ScImportResult *result = result_at (results, i);

      assert_error_names_file (result, g_ptr_array_index (inputs, i), cases[i].code);
      if (strstr (result->error->message, cases[i].message) == NULL)
        g_error ("%s: “%s” lacks “%s”", cases[i].name, result->error->message, cases[i].message);
      g_assert_cmpint (result->format, ==, SC_IMPORT_FORMAT_EPUB);
    }
  assert_error_names_file (result_at (results, G_N_ELEMENTS (cases)), plain_zip, SC_ERROR_INVALID);
  g_assert_nonnull (strstr (result_at (results, G_N_ELEMENTS (cases))->error->message, "not an EPUB"));
  assert_error_names_file (result_at (results, G_N_ELEMENTS (cases) + 1), not_zip, SC_ERROR_PARSE);
  g_assert_nonnull (strstr (result_at (results, G_N_ELEMENTS (cases) + 1)->error->message, "not a zip archive"));

  /* Nothing was written for any of them. */
  g_assert_cmpuint (count_files (target), ==, 0);

  sc_test_remove_tree (dir);
}

/* ===== Bad inputs in a batch ============================================== */

static void
test_bad_inputs_batch (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *target = g_build_filename (dir, "texts", NULL);
  g_autofree char *good = fixture ("good", "article.html", NULL);
  g_autofree char *not_html = fixture ("bad", "not-html.html", NULL);
  g_autofree char *nothing = fixture ("bad", "nothing.html", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.txt", NULL);
  g_autofree char *huge = g_build_filename (dir, "huge.html", NULL);
  g_autofree char *deep = g_build_filename (dir, "deep.html", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.txt", NULL);
  g_autofree char *native = g_build_filename (dir, "native.html", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty-folder", NULL);
  g_autoptr(GString) nested = g_string_new ("<html><body>");
  g_autoptr(GRand) rand = g_rand_new_with_seed (1871);
  g_autoptr(GPtrArray) results = NULL;
  char junk_bytes[4096];
  int fd;
  const char *inputs[] = { not_html, junk, good, huge, deep, missing, nothing, native, empty, NULL };
  const gint codes[] = { SC_ERROR_PARSE, SC_ERROR_PARSE, 0, SC_ERROR_LIMIT, SC_ERROR_LIMIT,
                         SC_ERROR_IO, SC_ERROR_INVALID, SC_ERROR_INVALID, SC_ERROR_NOT_FOUND };

  for (guint i = 0; i < sizeof junk_bytes; i++)
    junk_bytes[i] = (char) g_rand_int_range (rand, 0, 256);
  write_bytes (junk, junk_bytes, sizeof junk_bytes);

  /* 100 MB, refused by its size before a byte is read (sparse: cheap). */
  fd = g_open (huge, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 100 * 1000 * 1000), ==, 0);
  close (fd);

  for (guint i = 0; i < 1000; i++)
    g_string_append (nested, "<div>");
  g_string_append (nested, "too deep</body></html>");
  write_bytes (deep, nested->str, nested->len);
  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);
  write_bytes (native, "<?xml version=\"1.0\"?><text id=\"x\" lang=\"en\" version=\"1\"><meta/></text>", -1);

  results = import_into (target, inputs, NULL);
  g_assert_cmpuint (results->len, ==, G_N_ELEMENTS (codes));
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      ScImportResult *result = result_at (results, i);

      if (codes[i] == 0)
        {
          g_assert_no_error (result->error);
          continue;
        }
      assert_error_names_file (result, inputs[i], codes[i]);
      g_test_message ("%s", result->error->message);
    }
  g_assert_nonnull (strstr (result_at (results, 0)->error->message, "not HTML"));
  g_assert_nonnull (strstr (result_at (results, 1)->error->message, "binary data"));
  g_assert_nonnull (strstr (result_at (results, 3)->error->message, "larger than 64 MiB"));
  g_assert_nonnull (strstr (result_at (results, 4)->error->message, "nested more than"));
  g_assert_nonnull (strstr (result_at (results, 6)->error->message, "nothing to import"));
  g_assert_nonnull (strstr (result_at (results, 7)->error->message, "already a Study Circle"));
  g_assert_nonnull (strstr (result_at (results, 8)->error->message, "no HTML, XHTML, text or EPUB file"));

  /* Only the good file was written. */
  g_assert_cmpuint (count_files (target), ==, 1);

  sc_test_remove_tree (dir);
}

static void
test_unreadable_file (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *target = NULL;
  g_autofree char *locked = NULL;
  g_autoptr(GPtrArray) results = NULL;
  const char *inputs[2] = { NULL, NULL };

  if (geteuid () == 0)
    {
      g_test_skip ("running as root: a chmod 000 file is still readable");
      return;
    }

  dir = make_tmp_dir ();
  target = g_build_filename (dir, "texts", NULL);
  locked = g_build_filename (dir, "locked.txt", NULL);
  write_bytes (locked, "Some words.\n", 12);
  g_assert_cmpint (g_chmod (locked, 0), ==, 0);
  inputs[0] = locked;

  results = import_into (target, inputs, NULL);
  assert_error_names_file (result_at (results, 0), locked, SC_ERROR_IO);
  g_assert_cmpuint (count_files (target), ==, 0);

  g_chmod (locked, 0600);
  sc_test_remove_tree (dir);
}

/* ===== Never overwrite ==================================================== */

static void
test_never_overwrite (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *target = g_build_filename (dir, "texts", NULL);
  g_autofree char *input = fixture ("good", "gutenberg.txt", NULL);
  g_autofree char *squatter = g_build_filename (target, "someone-elses.xml", NULL);
  g_autofree char *first_contents = NULL;
  g_autofree char *after = NULL;
  const char *inputs[] = { input, NULL };
  const char *taken[] = { "a-spinners-diary-3", NULL };
  g_autoptr(GPtrArray) first = import_into (target, inputs, NULL);
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  ScImportResult *result;

  result = result_at (first, 0);
  g_assert_cmpstr (result->id, ==, "a-spinners-diary");
  g_assert_null (result->wanted_id);
  g_assert_true (g_file_get_contents (result->path, &first_contents, NULL, NULL));

  /* Again: a new id, and the first file untouched. */
  second = import_into (target, inputs, NULL);
  result = result_at (second, 0);
  g_assert_cmpstr (result->id, ==, "a-spinners-diary-2");
  g_assert_cmpstr (result->wanted_id, ==, "a-spinners-diary");
  g_assert_true (g_str_has_suffix (result->path, "a-spinners-diary-2.xml"));
  g_assert_true (g_file_get_contents (result_at (first, 0)->path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, first_contents);

  /* An id the library has (-3), and one a file of the folder declares
   * under another name (-4), are passed over too. */
  write_bytes (squatter, "<?xml version=\"1.0\"?>\n<text id=\"a-spinners-diary-4\" lang=\"en\" version=\"1\"/>\n", -1);
  third = import_into (target, inputs, taken);
  result = result_at (third, 0);
  g_assert_cmpstr (result->id, ==, "a-spinners-diary-5");
  g_assert_cmpstr (result->wanted_id, ==, "a-spinners-diary");

  /* Within one batch too: -3 was only taken in the library of the last
   * call, -4 and -5 are in the folder. */
  {
    const char *twice[] = { input, input, NULL };
    g_autoptr(GPtrArray) both = import_into (target, twice, NULL);

    g_assert_cmpstr (result_at (both, 0)->id, ==, "a-spinners-diary-3");
    g_assert_cmpstr (result_at (both, 1)->id, ==, "a-spinners-diary-6");
  }
  g_assert_cmpuint (count_files (target), ==, 6);

  sc_test_remove_tree (dir);
}

/* ===== Folders, progress, threads ========================================= */

typedef struct {
  GMainLoop *loop;
  GPtrArray *results;
  GError    *error;
  guint      calls;
  guint      last_done;
  gboolean   finished;
  GThread   *main_thread;
} AsyncRun;

static void
async_progress_cb (guint       done,
                   guint       total,
                   const char *input,
                   gpointer    user_data)
{
  AsyncRun *run = user_data;

  /* In the caller's main context, in order. */
  g_assert_true (g_thread_self () == run->main_thread);
  g_assert_cmpuint (done, <=, total);
  g_assert_cmpuint (done, >=, run->last_done);
  run->last_done = done;
  run->calls++;
  if (input == NULL)
    run->finished = TRUE;
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->results = sc_import_files_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
test_folder_async (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *target = g_build_filename (dir, "texts", NULL);
  g_autofree char *good = fixture ("good", NULL);
  g_autofree char *expected_files = NULL;
  const char *inputs[] = { good, NULL };
  ScImportOptions options = { .target_dir = target, .level = SC_LEVEL_ADVANCED };
  g_autoptr(GDir) listing = g_dir_open (good, 0, NULL);
  AsyncRun run = { .loop = g_main_loop_new (NULL, FALSE), .main_thread = g_thread_self () };
  guint n_files = 0;

  while (g_dir_read_name (listing) != NULL)
    n_files++;

  sc_import_files_async (inputs, &options, async_progress_cb, &run, NULL, NULL, async_done_cb, &run);
  g_main_loop_run (run.loop);

  g_assert_no_error (run.error);
  g_assert_cmpuint (run.results->len, ==, n_files);
  g_assert_cmpuint (run.calls, ==, n_files + 1);
  g_assert_true (run.finished);
  for (guint i = 0; i < run.results->len; i++)
    {
      ScImportResult *result = result_at (run.results, i);
      g_autoptr(ScText) text = NULL;

      g_assert_no_error (result->error);
      /* Sorted by path within the folder. */
      if (i > 0)
        g_assert_cmpstr (result_at (run.results, i - 1)->input, <, result->input);
      text = sc_text_read_file (result->path, NULL);
      g_assert_nonnull (text);
      g_assert_cmpint (text->level, ==, SC_LEVEL_ADVANCED);
    }
  g_assert_cmpuint (count_files (target), ==, n_files);

  g_ptr_array_unref (run.results);
  g_main_loop_unref (run.loop);
  sc_test_remove_tree (dir);
}

static void
test_cancelled (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *target = g_build_filename (dir, "texts", NULL);
  g_autofree char *good = fixture ("good", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  const char *inputs[] = { good, NULL };
  ScImportOptions options = { .target_dir = target };
  GPtrArray *results;

  g_cancellable_cancel (cancellable);
  results = sc_import_files (inputs, &options, NULL, NULL, cancellable, &error);
  g_assert_null (results);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_files (target), ==, 0);

  sc_test_remove_tree (dir);
}

/* ===== Found by search right after the import ============================= */

static ScIndex *
index_folder (const char *dir,
              const char *folder)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (dir, "index.db", NULL);
  g_autoptr(ScLibrary) library = sc_library_new ();
  ScIndexStats stats;
  ScIndex *index = sc_index_open (db, &error);

  g_assert_no_error (error);
  sc_library_add_folder (library, folder, TRUE);
  sc_index_stats_init (&stats);
  g_assert_true (sc_index_update (index, library, NULL, NULL, NULL, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.problems->len, ==, 0);
  sc_index_stats_clear (&stats);
  return index;
}

static void
assert_only_text_found (ScIndex    *index,
                        const char *word,
                        const char *text_id)
{
  ScSearchOptions options = { .limit = 50 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = sc_search (index, word, &options, NULL, &error);

  g_assert_no_error (error);
  if (hits->len == 0)
    g_error ("“%s” finds nothing; expected %s", word, text_id);
  for (guint i = 0; i < hits->len; i++)
    {
      ScSearchHit *hit = g_ptr_array_index (hits, i);

      if (g_strcmp0 (hit->doc_id, text_id) != 0)
        g_error ("“%s” finds %s; expected only %s", word, hit->doc_id, text_id);
    }
}

static void
test_search_after_import (void)
{
  static const struct {
    const char *word;
    const char *id;
  } words[] = {
    { "quilliferous", "the-mill-strike-of-1912" },
    { "brumbleton", "the-cooperative-mill" },
    { "carderian", "bread-and-roses" },
    { "spindlewright", "a-spinners-diary" },
    { "telarañoso", "cuentos-de-la-fabrica" },
  };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *target = g_build_filename (dir, "texts", NULL);
  g_autofree char *good = fixture ("good", NULL);
  g_autofree char *book = g_build_filename (dir, "cuentos.epub", NULL);
  const char *inputs[] = { good, book, NULL };
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(ScIndex) index = NULL;
  ScSearchOptions options = { 0 };
  g_autoptr(GPtrArray) none = NULL;

  build_epub (book, "application/epub+zip", NULL, NULL);
  results = import_into (target, inputs, NULL);
  for (guint i = 0; i < results->len; i++)
    g_assert_no_error (result_at (results, i)->error);

  index = index_folder (dir, target);
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    assert_only_text_found (index, words[i].word, words[i].id);

  /* Words only in Project Gutenberg's header and license find nothing. */
  none = sc_search (index, "whatsoever OR trademark OR \"should be named\"", &options, NULL, NULL);
  g_assert_cmpuint (none->len, ==, 0);

  sc_test_remove_tree (dir);
}

/* ===== The corpus ========================================================= */

/* Words of seven letters or more in @text, with their counts. */
static GHashTable *
long_words (ScText *text)
{
  g_autofree char *all = text_words (text);
  g_autofree char *folded = g_ascii_strdown (all, -1);
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *p = folded;

  while (*p != '\0')
    {
      gsize length = 0;

      while (*p != '\0' && !g_ascii_islower (*p))
        p++;
      while (g_ascii_islower (p[length]))
        length++;
      /* Only whole ASCII words: "café" is neither "caf" nor a word here. */
      if (length >= 7 && (guchar) p[length] < 0x80 && (p == folded || (guchar) p[-1] < 0x80))
        {
          char *word = g_strndup (p, length);
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, word));

          g_hash_table_replace (counts, word, GUINT_TO_POINTER (n + 1));
        }
      p += length;
    }
  return counts;
}

typedef struct {
  const char *word;
  guint       count;
} WordCount;

static gint
by_count (gconstpointer a,
          gconstpointer b)
{
  const WordCount *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp (x->word, y->word);
}

static void
test_corpus_gutenberg (void)
{
  const char *corpus = g_getenv ("STUDYCIRCLE_CORPUS");
  g_autofree char *html = corpus != NULL ? g_build_filename (corpus, "gutenberg-html", NULL) : NULL;
  g_autofree char *dir = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_text_free);
  g_autoptr(GPtrArray) vocabularies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(ScIndex) index = NULL;
  const char *inputs[] = { html, NULL };

  if (html == NULL || !g_file_test (html, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("corpus not present: STUDYCIRCLE_CORPUS has no gutenberg-html/");
      return;
    }

  dir = make_tmp_dir ();
  target = g_build_filename (dir, "texts", NULL);
  results = import_into (target, inputs, NULL);
  g_assert_cmpuint (results->len, >=, 1);

  for (guint i = 0; i < results->len; i++)
    {
      ScImportResult *result = result_at (results, i);
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *parent = g_path_get_dirname (result->input);
      g_autofree char *folder = g_path_get_basename (parent);
      g_autofree char *words = NULL;
      const char *number = strrchr (folder, '_');
      g_autofree char *license = NULL;
      ScText *text;

      g_assert_no_error (result->error);
      g_assert_true (sc_validate_file (result->path, problems));
      text = sc_text_read_file (result->path, NULL);
      g_assert_nonnull (text);
      g_test_message ("%s → %s: %u sections, %u words", result->input, text->id,
                      sc_text_count_sections (text), text->word_count);

      /* GITenberg folders end in the eBook number. */
      g_assert_nonnull (number);
      license = g_strdup_printf ("Public domain in the USA (Project Gutenberg), eBook #%s", number + 1);
      g_assert_cmpstr (text->license, ==, license);
      g_assert_cmpstr (text->lang, ==, "en");
      g_assert_cmpuint (text->word_count, >, 1000);

      words = text_words (text);
      for (const char *gone[] = { "PROJECT GUTENBERG", "Project Gutenberg", "Gutenberg-tm",
                                  "FULL LICENSE", "This eBook is for the use of anyone", NULL },
           **p = gone; *p != NULL; p++)
        if (strstr (words, *p) != NULL)
          g_error ("%s: “%s” is in the body", result->path, *p);

      g_ptr_array_add (texts, text);
      g_ptr_array_add (vocabularies, long_words (text));
    }

  index = index_folder (dir, target);

  /* A book's most frequent words that no other book has find it alone. */
  for (guint i = 0; i < texts->len; i++)
    {
      ScText *text = g_ptr_array_index (texts, i);
      g_autoptr(GArray) own = g_array_new (FALSE, FALSE, sizeof (WordCount));
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, g_ptr_array_index (vocabularies, i));
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          gboolean elsewhere = FALSE;
          WordCount word = { key, GPOINTER_TO_UINT (value) };

          for (guint j = 0; j < texts->len && !elsewhere; j++)
            elsewhere = j != i && g_hash_table_contains (g_ptr_array_index (vocabularies, j), key);
          if (!elsewhere)
            g_array_append_val (own, word);
        }
      g_array_sort (own, by_count);
      g_assert_cmpuint (own->len, >=, 3);
      for (guint w = 0; w < MIN (own->len, 5); w++)
        {
          g_test_message ("%s: only it has \"%s\"", text->id, g_array_index (own, WordCount, w).word);
          assert_only_text_found (index, g_array_index (own, WordCount, w).word, text->id);
        }
    }

  sc_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sc_xml_init ();

  g_test_add_func ("/import/slugify", test_slugify);
  g_test_add_func ("/import/inline-markup", test_inline_markup);
  g_test_add_func ("/import/gutenberg-markers", test_gutenberg_markers);
  g_test_add_func ("/import/guess-lang", test_guess_lang);
  g_test_add_func ("/import/html/article", test_html_article);
  g_test_add_func ("/import/html/gutenberg", test_html_gutenberg);
  g_test_add_func ("/import/html/gutenberg-sections", test_html_gutenberg_sections);
  g_test_add_func ("/import/html/fragment-and-breaks", test_html_fragment_and_breaks);
  g_test_add_func ("/import/html/encodings", test_html_encodings);
  g_test_add_func ("/import/text/chapters", test_text_chapters);
  g_test_add_func ("/import/text/gutenberg", test_text_gutenberg);
  g_test_add_func ("/import/text/latin1", test_text_latin1);
  g_test_add_func ("/import/epub/book", test_epub);
  g_test_add_func ("/import/epub/broken", test_epub_broken);
  g_test_add_func ("/import/bad-inputs", test_bad_inputs_batch);
  g_test_add_func ("/import/unreadable", test_unreadable_file);
  g_test_add_func ("/import/never-overwrite", test_never_overwrite);
  g_test_add_func ("/import/folder-async", test_folder_async);
  g_test_add_func ("/import/cancelled", test_cancelled);
  g_test_add_func ("/import/search-after-import", test_search_after_import);
  g_test_add_func ("/import/corpus-gutenberg", test_corpus_gutenberg);

  return g_test_run ();
}
