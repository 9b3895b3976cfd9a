/* sc-import.c: the import model, the native XML writer, and the batch
 *
 * The format readers fill an ScImportDoc; this file turns it into native XML,
 * checks that against the schema, and writes it under an id no other text
 * has, never replacing a file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/uri.h>

#include "sc-error.h"
#include "sc-import.h"
#include "sc-paths.h"
#include "sc-validate.h"
#include "sc-xml.h"

/* Ids stay readable in file names and links; a suffix ("-2") still fits. */
#define ID_MAX_LENGTH 60
#define SECTION_ID_MAX_LENGTH 48
/* Enough words to tell a language apart. */
#define SAMPLE_LENGTH (32 * 1024)
/* Folders given to an import are walked this deep at most. */
#define MAX_FOLDER_DEPTH 16

/* ===== Inline markup ====================================================== */

typedef struct {
  const char *element;
  gboolean    written;
} OpenTag;

struct _ScInline {
  GString *markup;
  GString *text;
  GArray  *tags;       /* (element-type OpenTag) open elements, innermost last */
  gboolean space;      /* white space seen since the last character written */
};

ScInline *
sc_inline_new (void)
{
  ScInline *inl = g_new0 (ScInline, 1);

  inl->markup = g_string_new (NULL);
  inl->text = g_string_new (NULL);
  inl->tags = g_array_new (FALSE, FALSE, sizeof (OpenTag));
  return inl;
}

void
sc_inline_free (ScInline *inl)
{
  if (inl == NULL)
    return;
  g_string_free (inl->markup, TRUE);
  g_string_free (inl->text, TRUE);
  g_array_unref (inl->tags);
  g_free (inl);
}

static gboolean
is_space_char (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         c == 0x2028 || c == 0x2029;
}

/* Characters XML 1.0 cannot hold, and control characters that only ever
 * come from damaged files. */
static gboolean
is_unwanted_char (gunichar c)
{
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF ||
         c == 0x00AD;   /* a soft hyphen would split a word for search */
}

static void
write_char (ScInline   *inl,
            const char *p,
            gsize       length)
{
  if (inl->space && inl->text->len > 0)
    {
      g_string_append_c (inl->markup, ' ');
      g_string_append_c (inl->text, ' ');
    }
  inl->space = FALSE;

  /* Elements are written only once they hold a word, so an <em> around
   * white space alone never appears. */
  for (guint i = 0; i < inl->tags->len; i++)
    {
      OpenTag *tag = &g_array_index (inl->tags, OpenTag, i);

      if (!tag->written)
        {
          g_string_append_printf (inl->markup, "<%s>", tag->element);
          tag->written = TRUE;
        }
    }

  switch (*p)
    {
    case '<':
      g_string_append (inl->markup, "&lt;");
      break;
    case '>':
      g_string_append (inl->markup, "&gt;");
      break;
    case '&':
      g_string_append (inl->markup, "&amp;");
      break;
    default:
      g_string_append_len (inl->markup, p, length);
      break;
    }
  g_string_append_len (inl->text, p, length);
}

/**
 * sc_inline_append:
 *
 * Adds words: white space collapses to one space, invalid UTF-8 and
 * characters XML cannot hold are dropped, a no-break space next to other
 * white space (Project Gutenberg's sentence spacing) counts as a space.
 */
void
sc_inline_append (ScInline   *inl,
                  const char *text,
                  gssize      length)
{
  const char *p = text;
  const char *end;

  g_return_if_fail (inl != NULL);

  if (text == NULL)
    return;
  end = text + (length < 0 ? strlen (text) : (gsize) length);

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      const char *next;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          p++;
          continue;
        }
      next = g_utf8_next_char (p);

      if (is_space_char (c) ||
          (c == 0x00A0 && (inl->space || next >= end || is_space_char ((guchar) *next))))
        inl->space = TRUE;
      else if (!is_unwanted_char (c))
        write_char (inl, p, next - p);
      p = next;
    }
}

void
sc_inline_open (ScInline   *inl,
                const char *element)
{
  OpenTag tag = { element, FALSE };

  g_return_if_fail (inl != NULL);
  g_array_append_val (inl->tags, tag);
}

void
sc_inline_close (ScInline *inl)
{
  OpenTag *tag;

  g_return_if_fail (inl != NULL);
  g_return_if_fail (inl->tags->len > 0);

  tag = &g_array_index (inl->tags, OpenTag, inl->tags->len - 1);
  if (tag->written)
    g_string_append_printf (inl->markup, "</%s>", tag->element);
  g_array_set_size (inl->tags, inl->tags->len - 1);
}

gboolean
sc_inline_is_empty (ScInline *inl)
{
  g_return_val_if_fail (inl != NULL, TRUE);
  return inl->text->len == 0;
}

const char *
sc_inline_get_text (ScInline *inl)
{
  g_return_val_if_fail (inl != NULL, NULL);
  return inl->text->str;
}

/**
 * sc_inline_steal_markup:
 * @text: (out) (optional): the same words as plain text
 *
 * Ends the run: elements still open are closed in the markup returned and
 * stay open (unwritten) for the next run.
 *
 * Returns: (transfer full): the markup
 */
char *
sc_inline_steal_markup (ScInline  *inl,
                        char     **text)
{
  char *markup;

  g_return_val_if_fail (inl != NULL, NULL);

  for (guint i = inl->tags->len; i > 0; i--)
    {
      OpenTag *tag = &g_array_index (inl->tags, OpenTag, i - 1);

      if (tag->written)
        g_string_append_printf (inl->markup, "</%s>", tag->element);
      tag->written = FALSE;
    }

  markup = g_strdup (inl->markup->str);
  if (text != NULL)
    *text = g_strdup (inl->text->str);
  g_string_truncate (inl->markup, 0);
  g_string_truncate (inl->text, 0);
  inl->space = FALSE;
  return markup;
}

/* Plain words as escaped, collapsed markup. */
static char *
escape_words (const char *text)
{
  g_autoptr(ScInline) inl = sc_inline_new ();

  sc_inline_append (inl, text, -1);
  return sc_inline_steal_markup (inl, NULL);
}

/* Plain words with white space collapsed and bad characters dropped. */
static char *
clean_words (const char *text)
{
  g_autoptr(ScInline) inl = sc_inline_new ();
  g_autofree char *markup = NULL;
  char *plain = NULL;

  if (text == NULL)
    return NULL;
  sc_inline_append (inl, text, -1);
  markup = sc_inline_steal_markup (inl, &plain);
  if (*plain == '\0')
    g_clear_pointer (&plain, g_free);
  return plain;
}

/* ===== The model ========================================================= */

static void
block_free (ScImportBlock *block)
{
  g_ptr_array_unref (block->parts);
  g_free (block);
}

static void
section_free (ScImportSection *section)
{
  g_free (section->heading);
  g_free (section->heading_text);
  g_ptr_array_unref (section->blocks);
  g_ptr_array_unref (section->children);
  g_free (section);
}

static ScImportSection *
section_new (guint       level,
             const char *markup,
             const char *text)
{
  ScImportSection *section = g_new0 (ScImportSection, 1);

  section->level = level;
  section->heading = g_strdup (markup);
  section->heading_text = g_strdup (text);
  section->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  section->children = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  return section;
}

ScImportDoc *
sc_import_doc_new (void)
{
  ScImportDoc *doc = g_new0 (ScImportDoc, 1);

  doc->authors = g_ptr_array_new_with_free_func (g_free);
  doc->topics = g_ptr_array_new_with_free_func (g_free);
  doc->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  doc->sample = g_string_new (NULL);
  return doc;
}

void
sc_import_doc_free (ScImportDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->title);
  g_ptr_array_unref (doc->authors);
  g_free (doc->date);
  g_free (doc->lang);
  g_ptr_array_unref (doc->topics);
  g_free (doc->summary);
  g_free (doc->source);
  g_free (doc->source_url);
  g_free (doc->license);
  g_ptr_array_unref (doc->sections);
  g_free (doc->gutenberg_number);
  g_string_free (doc->sample, TRUE);
  g_free (doc);
}

void
sc_import_doc_add_heading (ScImportDoc *doc,
                           guint        level,
                           const char  *markup,
                           const char  *text)
{
  ScImportSection *parent;
  ScImportSection *section;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (markup != NULL && text != NULL);

  if (*text == '\0')
    return;

  /* A heading closes every open section at its level or deeper. */
  parent = doc->current;
  while (parent != NULL && parent->level >= level)
    parent = parent->parent;

  section = section_new (level, markup, text);
  section->parent = parent;
  g_ptr_array_add (parent != NULL ? parent->children : doc->sections, section);
  doc->current = section;
}

static void
add_to_sample (GString    *sample,
               const char *markup)
{
  gboolean in_tag = FALSE;

  if (sample->len >= SAMPLE_LENGTH)
    return;
  for (const char *p = markup; *p != '\0'; p++)
    {
      if (*p == '<')
        in_tag = TRUE;
      else if (*p == '>')
        in_tag = FALSE;
      else if (!in_tag)
        g_string_append_c (sample, *p);
    }
  g_string_append_c (sample, ' ');
}

void
sc_import_doc_add_block (ScImportDoc       *doc,
                         ScImportBlockKind  kind,
                         GPtrArray         *parts)
{
  ScImportBlock *block;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (parts != NULL);

  if (parts->len == 0)
    {
      g_ptr_array_unref (parts);
      return;
    }

  /* Words before the first heading open the text under its title. The
   * opening section's level is above any heading's, so the next heading
   * becomes its sibling, not its child. */
  if (doc->current == NULL)
    {
      doc->current = section_new (G_MAXUINT, NULL, NULL);
      g_ptr_array_add (doc->sections, doc->current);
    }

  for (guint i = 0; i < parts->len; i++)
    add_to_sample (doc->sample, g_ptr_array_index (parts, i));

  block = g_new0 (ScImportBlock, 1);
  block->kind = kind;
  block->parts = parts;
  g_ptr_array_add (doc->current->blocks, block);
}

static gboolean
section_has_blocks (ScImportSection *section)
{
  if (section->blocks->len > 0)
    return TRUE;
  for (guint i = 0; i < section->children->len; i++)
    if (section_has_blocks (g_ptr_array_index (section->children, i)))
      return TRUE;
  return FALSE;
}

gboolean
sc_import_doc_is_empty (ScImportDoc *doc)
{
  g_return_val_if_fail (doc != NULL, TRUE);

  for (guint i = 0; i < doc->sections->len; i++)
    if (section_has_blocks (g_ptr_array_index (doc->sections, i)))
      return FALSE;
  return TRUE;
}

/* ===== Project Gutenberg ================================================= */

static GRegex *
compile_once (gsize      *once,
              GRegex    **regex,
              const char *pattern,
              GRegexCompileFlags flags)
{
  if (g_once_init_enter (once))
    {
      *regex = g_regex_new (pattern, flags | G_REGEX_OPTIMIZE, 0, NULL);
      g_assert (*regex != NULL);
      g_once_init_leave (once, 1);
    }
  return *regex;
}

static GRegex *
start_marker_regex (void)
{
  static gsize once;
  static GRegex *regex;

  return compile_once (&once, &regex,
                       "\\*\\*\\*\\s*START\\s+OF\\s+(THE|THIS)\\s+PROJECT\\s+GUTENBERG\\s+E-?BOOK",
                       G_REGEX_CASELESS | G_REGEX_RAW);
}

static GRegex *
end_marker_regex (void)
{
  static gsize once;
  static GRegex *regex;

  /* The "End of the Project Gutenberg EBook of …" line comes just before
   * the "*** END OF" marker in older files; either ends the book. */
  return compile_once (&once, &regex,
                       "^[ \\t]*(\\*\\*\\*\\s*END\\s+OF\\s+(THE|THIS)\\s+PROJECT\\s+GUTENBERG"
                       "|End\\s+of\\s+(the\\s+)?Project\\s+Gutenberg)",
                       G_REGEX_CASELESS | G_REGEX_MULTILINE | G_REGEX_RAW);
}

gssize
sc_import_gutenberg_start (const char *text,
                           gsize       length)
{
  g_autoptr(GMatchInfo) match = NULL;
  const char *eol;
  int end;

  if (!g_regex_match_full (start_marker_regex (), text, length, 0, 0, &match, NULL))
    return -1;
  g_match_info_fetch_pos (match, 0, NULL, &end);

  /* The rest of the marker's line is the book's name and closing stars. */
  eol = memchr (text + end, '\n', length - end);
  return eol != NULL ? eol + 1 - text : (gssize) length;
}

gssize
sc_import_gutenberg_end (const char *text,
                         gsize       length)
{
  g_autoptr(GMatchInfo) match = NULL;
  int start;

  if (!g_regex_match_full (end_marker_regex (), text, length, 0, 0, &match, NULL))
    return -1;
  g_match_info_fetch_pos (match, 0, &start, NULL);
  return start;
}

static void
add_authors (ScImportDoc *doc,
             const char  *names)
{
  g_auto(GStrv) parts = g_regex_split_simple ("\\s*(?:;|\\band\\b|&)\\s*", names, 0, 0);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *name = clean_words (parts[i]);

      if (name != NULL)
        g_ptr_array_add (doc->authors, g_steal_pointer (&name));
    }
}

/* The value of "Key: value" when @line starts with @key (any case). */
static const char *
header_value (const char *line,
              const char *key)
{
  gsize len = strlen (key);

  if (g_ascii_strncasecmp (line, key, len) != 0)
    return NULL;
  line += len;
  while (*line == ' ' || *line == '\t')
    line++;
  if (*line != ':')
    return NULL;
  line++;
  while (*line == ' ' || *line == '\t')
    line++;
  return *line != '\0' ? line : NULL;
}

void
sc_import_doc_set_gutenberg (ScImportDoc *doc,
                             const char  *number)
{
  g_return_if_fail (doc != NULL);

  if (number != NULL && doc->gutenberg_number == NULL)
    doc->gutenberg_number = g_strdup (number);
  number = doc->gutenberg_number;

  /* Project Gutenberg's license is about their trademark and the files they
   * distribute; the work itself is public domain in the USA. */
  g_free (doc->license);
  if (number != NULL)
    {
      doc->license = g_strdup_printf ("Public domain in the USA (Project Gutenberg), eBook #%s", number);
      g_free (doc->source);
      doc->source = g_strdup_printf ("Project Gutenberg eBook #%s", number);
      if (doc->source_url == NULL || strstr (doc->source_url, "gutenberg.org") == NULL)
        {
          g_free (doc->source_url);
          doc->source_url = g_strdup_printf ("https://www.gutenberg.org/ebooks/%s", number);
        }
    }
  else
    doc->license = g_strdup ("Public domain in the USA (Project Gutenberg)");
}

/**
 * sc_import_doc_read_gutenberg_header:
 * @header: the text before the start marker
 *
 * Fills what @doc does not know yet from the "Title:", "Author:" and
 * "Language:" lines, and records the eBook number and license.
 */
void
sc_import_doc_read_gutenberg_header (ScImportDoc *doc,
                                     const char  *header)
{
  g_autoptr(GRegex) ebook = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *number = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean had_authors;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (header != NULL);

  if (strstr (header, "Gutenberg") == NULL && strstr (header, "GUTENBERG") == NULL)
    return;

  had_authors = doc->authors->len > 0;
  lines = g_strsplit (header, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);
      const char *value;

      /* A title's second line ("or An Epoch of Rest") is a subtitle. */
      if ((value = header_value (line, "Title")) != NULL && doc->title == NULL)
        doc->title = clean_words (value);
      else if ((value = header_value (line, "Author")) != NULL && !had_authors)
        add_authors (doc, value);
      else if ((value = header_value (line, "Language")) != NULL && doc->lang == NULL &&
               sc_import_lang_from_name (value) != NULL)
        doc->lang = g_strdup (sc_import_lang_from_name (value));
    }

  /* "Release Date: May 8, 2007 [eBook #3261]" */
  ebook = g_regex_new ("e-?book\\s*#\\s*([0-9]+)", G_REGEX_CASELESS, 0, NULL);
  if (g_regex_match (ebook, header, 0, &match))
    number = g_match_info_fetch (match, 1);
  sc_import_doc_set_gutenberg (doc, number);
}

/* ===== Languages ========================================================= */

static const struct {
  const char *name;
  const char *code;
} language_names[] = {
  { "english", "en" }, { "spanish", "es" }, { "español", "es" }, { "castellano", "es" },
  { "french", "fr" }, { "français", "fr" }, { "german", "de" }, { "deutsch", "de" },
  { "italian", "it" }, { "italiano", "it" }, { "portuguese", "pt" }, { "português", "pt" },
  { "dutch", "nl" }, { "latin", "la" }, { "russian", "ru" }, { "catalan", "ca" },
  { "swedish", "sv" }, { "danish", "da" }, { "norwegian", "no" }, { "finnish", "fi" },
  { "polish", "pl" }, { "greek", "el" }, { "chinese", "zh" }, { "japanese", "ja" },
  { "esperanto", "eo" }, { "hungarian", "hu" }, { "czech", "cs" }, { "welsh", "cy" },
  { "irish", "ga" }, { "hebrew", "he" }, { "arabic", "ar" }, { "yiddish", "yi" },
  { "tagalog", "tl" }, { "galician", "gl" }, { "basque", "eu" }, { "romanian", "ro" },
};

const char *
sc_import_lang_from_name (const char *name)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  folded = g_utf8_casefold (name, -1);
  g_strstrip (folded);
  for (guint i = 0; i < G_N_ELEMENTS (language_names); i++)
    if (g_str_has_prefix (folded, language_names[i].name))
      return language_names[i].code;
  return NULL;
}

/* Words frequent in one language and rare in the others. */
static const struct {
  const char *code;
  const char *words[12];
} common_words[] = {
  { "en", { "the", "and", "of", "to", "is", "that", "was", "with", "which", "for", "this", "it" } },
  { "es", { "el", "los", "las", "del", "que", "y", "es", "por", "una", "con", "para", "su" } },
  { "fr", { "le", "les", "des", "et", "est", "une", "dans", "pour", "qui", "pas", "sur", "au" } },
  { "de", { "der", "die", "und", "das", "ist", "nicht", "ein", "zu", "den", "mit", "sich", "auf" } },
  { "it", { "il", "di", "che", "è", "per", "non", "una", "gli", "della", "sono", "nel", "lo" } },
  { "pt", { "o", "os", "que", "não", "uma", "do", "da", "em", "para", "com", "ao", "se" } },
};

/**
 * sc_import_guess_lang:
 *
 * Counts each language's most common words in @text. Only a clear winner
 * with enough evidence is returned: a wrong language is worse than none.
 *
 * Returns: (nullable): a language code
 */
const char *
sc_import_guess_lang (const char *text)
{
  guint counts[G_N_ELEMENTS (common_words)] = { 0 };
  g_autofree char *folded = NULL;
  g_autoptr(GString) token = g_string_new (NULL);
  guint best = 0, second = 0;

  g_return_val_if_fail (text != NULL, NULL);

  folded = g_utf8_casefold (text, -1);
  for (const char *p = folded;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalpha (c))
        {
          g_string_append_unichar (token, c);
          continue;
        }
      for (guint l = 0; token->len > 0 && l < G_N_ELEMENTS (common_words); l++)
        for (guint w = 0; w < G_N_ELEMENTS (common_words[l].words); w++)
          if (g_str_equal (token->str, common_words[l].words[w]))
            counts[l]++;
      g_string_truncate (token, 0);
      if (c == 0)
        break;
    }

  for (guint l = 1; l < G_N_ELEMENTS (common_words); l++)
    if (counts[l] > counts[best])
      best = l;
  for (guint l = 0; l < G_N_ELEMENTS (common_words); l++)
    if (l != best && counts[l] > second)
      second = counts[l];

  if (counts[best] >= 10 && counts[best] >= 2 * second)
    return common_words[best].code;
  return NULL;
}

/* ===== Ids ================================================================ */

/**
 * sc_import_slugify:
 *
 * "Capítulo I: ¿Qué hacer?" → "capitulo-i-que-hacer".
 */
char *
sc_import_slugify (const char *text,
                   gsize       max_length)
{
  g_autofree char *ascii = NULL;
  GString *slug;

  g_return_val_if_fail (text != NULL, NULL);

  ascii = g_str_to_ascii (text, "C");
  slug = g_string_new (NULL);
  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (*p == '\'')
        continue;   /* "workers' rights" → "workers-rights", not "workers--rights" */
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }

  if (slug->len > max_length)
    {
      const char *cut = g_strrstr_len (slug->str, max_length + 1, "-");

      g_string_truncate (slug, cut != NULL && cut > slug->str ? (gsize) (cut - slug->str) : max_length);
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  return g_string_free (slug, FALSE);
}

/* ===== The writer ========================================================= */

static const char *toc_headings[] = {
  "contents", "table of contents", "índice", "indice", "sumario", "table des matières",
  "table des matieres", "inhalt", "inhaltsverzeichnis", "sommaire",
};

static gboolean
is_toc_heading (const char *text)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  g_strstrip (g_strdelimit (folded, ".:", ' '));
  for (guint i = 0; i < G_N_ELEMENTS (toc_headings); i++)
    if (g_str_equal (folded, toc_headings[i]))
      return TRUE;
  return FALSE;
}

/* A "Contents" heading whose links were dropped is left with nothing. */
static void
drop_empty_toc_sections (GPtrArray *sections)
{
  for (guint i = sections->len; i > 0; i--)
    {
      ScImportSection *section = g_ptr_array_index (sections, i - 1);

      drop_empty_toc_sections (section->children);
      if (section->blocks->len == 0 && section->children->len == 0 &&
          is_toc_heading (section->heading_text))
        g_ptr_array_remove_index (sections, i - 1);
    }
}

static void
indent (GString *xml,
        guint    depth)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (xml, "  ");
}

static void
write_block (GString       *xml,
             ScImportBlock *block,
             guint          depth)
{
  static const char *elements[] = { "p", "quote", "list", "note" };
  const char *element = elements[block->kind];

  indent (xml, depth);
  if (block->kind == SC_IMPORT_BLOCK_P)
    {
      g_string_append_printf (xml, "<p>%s</p>\n", (const char *) g_ptr_array_index (block->parts, 0));
      return;
    }
  if (block->kind == SC_IMPORT_BLOCK_NOTE && block->parts->len == 1)
    {
      g_string_append_printf (xml, "<note>%s</note>\n", (const char *) g_ptr_array_index (block->parts, 0));
      return;
    }

  g_string_append_printf (xml, "<%s>\n", element);
  for (guint i = 0; i < block->parts->len; i++)
    {
      indent (xml, depth + 1);
      g_string_append_printf (xml, block->kind == SC_IMPORT_BLOCK_LIST ? "<item>%s</item>\n" : "<p>%s</p>\n",
                              (const char *) g_ptr_array_index (block->parts, i));
    }
  indent (xml, depth);
  g_string_append_printf (xml, "</%s>\n", element);
}

static void
write_section (GString         *xml,
               ScImportSection *section,
               const char      *title_markup,
               GHashTable      *section_ids,
               guint            depth)
{
  g_autofree char *base = NULL;
  g_autofree char *id = NULL;

  /* Section ids come from the headings, so a link or a guide's reading can
   * name them; repeated headings ("Notes") get "-2", "-3". */
  base = sc_import_slugify (section->heading_text != NULL ? section->heading_text : "beginning",
                            SECTION_ID_MAX_LENGTH);
  if (*base == '\0')
    {
      g_free (base);
      base = g_strdup ("section");
    }
  id = g_strdup (base);
  for (guint n = 2; g_hash_table_contains (section_ids, id); n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", base, n);
    }
  g_hash_table_add (section_ids, g_strdup (id));

  indent (xml, depth);
  g_string_append_printf (xml, "<section id=\"%s\">\n", id);
  indent (xml, depth + 1);
  g_string_append_printf (xml, "<head>%s</head>\n", section->heading != NULL ? section->heading : title_markup);
  for (guint i = 0; i < section->blocks->len; i++)
    write_block (xml, g_ptr_array_index (section->blocks, i), depth + 1);
  for (guint i = 0; i < section->children->len; i++)
    write_section (xml, g_ptr_array_index (section->children, i), title_markup, section_ids, depth + 1);
  indent (xml, depth);
  g_string_append (xml, "</section>\n");
}

static void
write_meta_element (GString    *xml,
                    const char *element,
                    const char *value)
{
  g_autofree char *markup = NULL;

  if (value == NULL)
    return;
  markup = escape_words (value);
  if (*markup == '\0')
    return;
  g_string_append_printf (xml, "    <%s>%s</%s>\n", element, markup, element);
}

/* Only plain web addresses go into url="": the schema wants a URI, and
 * checks it with libxml2's URI parser ("https://a]b" is not one). */
static gboolean
is_plain_url (const char *url)
{
  xmlURI *uri;

  if (url == NULL || !(g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://")))
    return FALSE;
  for (const char *p = url; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || (guchar) *p >= 0x7F || strchr ("\"<>\\^`{|}", *p) != NULL)
      return FALSE;
  uri = xmlParseURI (url);
  if (uri == NULL)
    return FALSE;
  xmlFreeURI (uri);
  return TRUE;
}

static char *
pick_lang (ScImportDoc *doc,
           const char  *fallback_lang)
{
  const char *guess;

  if (doc->lang != NULL)
    {
      char *lang = sc_lang_normalize (doc->lang);

      if (!g_str_equal (lang, "und"))
        return lang;
      g_free (lang);
    }
  if (fallback_lang != NULL)
    return sc_lang_normalize (fallback_lang);
  guess = sc_import_guess_lang (doc->sample->str);
  return g_strdup (guess != NULL ? guess : "und");
}

/**
 * sc_import_doc_to_xml:
 * @fallback_lang: (nullable): the language when @doc does not know it
 *
 * Writes @doc as a native text. Tables of contents left empty are dropped
 * first. The caller validates the result.
 *
 * Returns: (transfer full): the XML
 */
char *
sc_import_doc_to_xml (ScImportDoc *doc,
                      const char  *id,
                      ScLevel      level,
                      const char  *fallback_lang)
{
  g_autoptr(GHashTable) section_ids = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *title = NULL;
  GString *xml;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  section_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lang = pick_lang (doc, fallback_lang);
  title = escape_words (doc->title != NULL ? doc->title : id);
  xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  drop_empty_toc_sections (doc->sections);

  g_string_append_printf (xml, "<text id=\"%s\" lang=\"%s\" version=\"1\">\n", id, lang);
  g_string_append (xml, "  <meta>\n");
  g_string_append_printf (xml, "    <title>%s</title>\n", *title != '\0' ? title : id);
  for (guint i = 0; i < doc->authors->len; i++)
    write_meta_element (xml, "author", g_ptr_array_index (doc->authors, i));
  if (doc->authors->len == 0)
    write_meta_element (xml, "author", "Unknown author");
  write_meta_element (xml, "date", doc->date);
  if (doc->topics->len > 0)
    {
      g_string_append (xml, "    <topics>");
      for (guint i = 0; i < doc->topics->len; i++)
        {
          g_autofree char *topic = escape_words (g_ptr_array_index (doc->topics, i));

          if (*topic != '\0')
            g_string_append_printf (xml, "<topic>%s</topic>", topic);
        }
      g_string_append (xml, "</topics>\n");
    }
  write_meta_element (xml, "level", sc_level_to_string (level != SC_LEVEL_UNKNOWN ? level : SC_LEVEL_INTERMEDIATE));
  write_meta_element (xml, "summary", doc->summary);
  if (doc->source != NULL || is_plain_url (doc->source_url))
    {
      g_autofree char *words = escape_words (doc->source != NULL ? doc->source : doc->source_url);

      g_string_append (xml, "    <source");
      if (is_plain_url (doc->source_url))
        {
          g_autofree char *url = g_markup_escape_text (doc->source_url, -1);

          g_string_append_printf (xml, " url=\"%s\"", url);
        }
      g_string_append_printf (xml, ">%s</source>\n", words);
    }
  write_meta_element (xml, "license", doc->license);
  g_string_append (xml, "  </meta>\n  <body>\n");

  for (guint i = 0; i < doc->sections->len; i++)
    write_section (xml, g_ptr_array_index (doc->sections, i), *title != '\0' ? title : id, section_ids, 2);

  g_string_append (xml, "  </body>\n</text>\n");
  return g_string_free (xml, FALSE);
}

/* ===== Reading one file ================================================== */

static gboolean
read_capped (const char  *path,
             const char  *display,
             char       **data,
             gsize       *length,
             GError     **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  GStatBuf st;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, SC_ERROR, SC_ERROR_IO, "%s:1: %s", display, g_strerror (saved));
      return FALSE;
    }

  /* The size is checked before a byte is read, and again while reading in
   * case the file grows meanwhile. */
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_IO, "%s:1: %s", display, _("not a regular file"));
      close (fd);
      return FALSE;
    }
  if (st.st_size > SC_IMPORT_MAX_FILE_SIZE)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_LIMIT,
                   /* Translators: “%s:1: ” is the file's name and line:
                    * keep it at the start. */
                   _("%s:1: the file is larger than %d MiB"),
                   display, SC_IMPORT_MAX_FILE_SIZE / (1024 * 1024));
      close (fd);
      return FALSE;
    }

  bytes = g_byte_array_sized_new (st.st_size + 1);
  for (;;)
    {
      guint8 buffer[64 * 1024];
      gssize n = read (fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, SC_ERROR, SC_ERROR_IO, "%s:1: %s", display, g_strerror (saved));
          close (fd);
          return FALSE;
        }
      if (n == 0)
        break;
      if (bytes->len + n > SC_IMPORT_MAX_FILE_SIZE)
        {
          g_set_error (error, SC_ERROR, SC_ERROR_LIMIT,
                       /* Translators: “%s:1: ” is the file's name and line:
                        * keep it at the start. */
                       _("%s:1: the file is larger than %d MiB"),
                       display, SC_IMPORT_MAX_FILE_SIZE / (1024 * 1024));
          close (fd);
          return FALSE;
        }
      g_byte_array_append (bytes, buffer, n);
    }
  close (fd);

  *length = bytes->len;
  g_byte_array_append (bytes, (const guint8 *) "", 1);   /* NUL-terminated for convenience */
  *data = (char *) g_byte_array_free (g_steal_pointer (&bytes), FALSE);
  return TRUE;
}

static gboolean
has_extension (const char *path,
               const char * const *extensions)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; extensions[i] != NULL; i++)
    if (g_str_has_suffix (lower, extensions[i]))
      return TRUE;
  return FALSE;
}

static const char * const html_extensions[] = { ".html", ".htm", ".xhtml", ".xht", ".shtml", NULL };
static const char * const text_extensions[] = { ".txt", ".text", NULL };
static const char * const epub_extensions[] = { ".epub", NULL };

static gboolean
looks_like_html (const char *data,
                 gsize       length)
{
  static const char *tags[] = {
    "<html", "<!doctype html", "<head", "<body", "<title", "<p>", "<p ", "<div", "<h1", "<h2",
  };
  g_autofree char *start = g_ascii_strdown (data, MIN (length, 64 * 1024));

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    if (strstr (start, tags[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* The line of the first NUL or control character, or 0 when the data reads
 * as text. UTF-16 (with its byte-order mark) has NULs and is text. */
static guint
binary_line (const char *data,
             gsize       length)
{
  guint line = 1;
  guint controls = 0;
  guint first_line = 0;

  if (length >= 2 && (((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE) ||
                      ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF)))
    return 0;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = data[i];

      if (c == '\n')
        line++;
      else if (c == 0)
        return line;
      else if ((c < 0x20 && c != '\t' && c != '\r' && c != '\f' && c != 0x1A && c != 0x1B) || c == 0x7F)
        {
          controls++;
          if (first_line == 0)
            first_line = line;
        }
    }
  /* A stray control character is damage; many of them are not text. */
  return controls > 8 && controls > length / 200 ? first_line : 0;
}

static ScImportFormat
sniff_format (const char  *path,
              const char  *display,
              const char  *data,
              gsize        length,
              GError     **error)
{
  gboolean zip = length >= 4 && memcmp (data, "PK\003\004", 4) == 0;
  guint line;

  if (length == 0)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_PARSE, "%s:1: %s", display, _("the file is empty"));
      return SC_IMPORT_FORMAT_UNKNOWN;
    }
  if (zip)
    return SC_IMPORT_FORMAT_EPUB;
  if (has_extension (path, epub_extensions))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_PARSE, "%s:1: %s", display, _("not an EPUB: not a zip archive"));
      return SC_IMPORT_FORMAT_UNKNOWN;
    }
  if ((line = binary_line (data, length)) > 0)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_PARSE, "%s:%u: %s", display, line,
                   _("binary data, not HTML, text or EPUB"));
      return SC_IMPORT_FORMAT_UNKNOWN;
    }
  if (has_extension (path, text_extensions))
    return SC_IMPORT_FORMAT_TEXT;
  /* TEI has <head> and <body> too: it is read as it is, not imported. */
  if (sc_doc_kind_sniff (data, length) != SC_DOC_UNKNOWN)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID, "%s:1: %s", display,
                   _("already a Study Circle or TEI file: add its folder to the library instead"));
      return SC_IMPORT_FORMAT_UNKNOWN;
    }
  if (looks_like_html (data, length))
    return SC_IMPORT_FORMAT_HTML;
  if (has_extension (path, html_extensions))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_PARSE, "%s:1: %s", display,
                   _("not HTML: no <html>, <head>, <body> or paragraph tag"));
      return SC_IMPORT_FORMAT_UNKNOWN;
    }
  if (g_str_has_prefix (data + strspn (data, " \t\r\n"), "<"))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_PARSE, "%s:1: %s", display, _("markup, but not HTML"));
      return SC_IMPORT_FORMAT_UNKNOWN;
    }
  return SC_IMPORT_FORMAT_TEXT;
}

static char *
title_from_file_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *display = g_filename_display_name (base);
  char *dot = strrchr (display, '.');

  if (dot != NULL && dot != display)
    *dot = '\0';
  g_strdelimit (display, "_", ' ');
  return clean_words (display);
}

/**
 * sc_import_read_file:
 * @format: (out) (optional): the format found
 *
 * Reads @path (refused before reading when larger than
 * %SC_IMPORT_MAX_FILE_SIZE), tells its format from its bytes and name, and
 * reads it into a model whose title, source and license are filled as far
 * as the file tells.
 *
 * Returns: (transfer full): the model, or %NULL with "FILE:LINE: message"
 */
ScImportDoc *
sc_import_read_file (const char      *path,
                     ScImportFormat  *format,
                     GCancellable    *cancellable,
                     GError         **error)
{
  g_autofree char *display = NULL;
  g_autofree char *data = NULL;
  g_autoptr(ScImportDoc) doc = NULL;
  ScImportFormat found;
  gsize length = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  if (format != NULL)
    *format = SC_IMPORT_FORMAT_UNKNOWN;

  if (!read_capped (path, display, &data, &length, error))
    return NULL;
  found = sniff_format (path, display, data, length, error);
  if (format != NULL)
    *format = found;

  doc = sc_import_doc_new ();
  switch (found)
    {
    case SC_IMPORT_FORMAT_HTML:
      ok = sc_import_html_read (doc, NULL, data, length, display, FALSE, error);
      break;
    case SC_IMPORT_FORMAT_TEXT:
      ok = sc_import_text_read (doc, data, length, display, error);
      break;
    case SC_IMPORT_FORMAT_EPUB:
      ok = sc_import_epub_read (doc, data, length, display, cancellable, error);
      break;
    case SC_IMPORT_FORMAT_UNKNOWN:
    default:
      return NULL;
    }
  if (!ok)
    return NULL;

  if (sc_import_doc_is_empty (doc))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID, "%s:1: %s", display,
                   _("nothing to import: no paragraphs found"));
      return NULL;
    }

  if (doc->title == NULL)
    doc->title = title_from_file_name (path);
  if (doc->source == NULL)
    {
      g_autofree char *base = g_path_get_basename (path);

      doc->source = g_filename_display_name (base);
    }
  return g_steal_pointer (&doc);
}

/* ===== The batch ========================================================== */

void
sc_import_result_free (ScImportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->input);
  g_free (result->path);
  g_free (result->id);
  g_free (result->wanted_id);
  g_free (result->title);
  g_clear_error (&result->error);
  g_free (result);
}

const char *
sc_import_format_to_string (ScImportFormat format)
{
  switch (format)
    {
    case SC_IMPORT_FORMAT_HTML:
      return "html";
    case SC_IMPORT_FORMAT_TEXT:
      return "text";
    case SC_IMPORT_FORMAT_EPUB:
      return "epub";
    case SC_IMPORT_FORMAT_UNKNOWN:
    default:
      return "unknown";
    }
}

static gint
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The files of a folder an import can read, sorted, hidden ones skipped. */
static void
collect_folder (const char *folder,
                guint       depth,
                GPtrArray  *files)
{
  static const char * const *lists[] = { html_extensions, text_extensions, epub_extensions };
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL || depth > MAX_FOLDER_DEPTH)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (found, g_build_filename (folder, name, NULL));
  g_ptr_array_sort (found, compare_paths);

  for (guint i = 0; i < found->len; i++)
    {
      const char *path = g_ptr_array_index (found, i);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK))
            collect_folder (path, depth + 1, files);
          continue;
        }
      for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
        if (has_extension (path, lists[l]))
          {
            g_ptr_array_add (files, g_strdup (path));
            break;
          }
    }
}

/* The ids of the texts already in @folder (by file name and by the id
 * each declares), so an import never takes one. */
static void
collect_folder_ids (const char *folder,
                    guint       depth,
                    GHashTable *taken)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  if (dir == NULL || depth > MAX_FOLDER_DEPTH)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autoptr(xmlDoc) xml = NULL;
      xmlNode *root;

      if (name[0] == '.')
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK))
            collect_folder_ids (path, depth + 1, taken);
          continue;
        }
      if (!g_str_has_suffix (name, ".xml"))
        continue;

      g_hash_table_add (taken, g_strndup (name, strlen (name) - 4));
      xml = sc_xml_read_file (path, NULL);
      root = xml != NULL ? xmlDocGetRootElement (xml) : NULL;
      if (root != NULL)
        {
          char *id = sc_xml_get_attr (root, "id");

          if (id == NULL)
            id = sc_xml_get_ns_attr (root, "id", (const char *) XML_XML_NAMESPACE);
          if (id != NULL)
            g_hash_table_add (taken, id);
        }
    }
}

/* A folder given to an import with nothing in it to import. */
static ScImportResult *
empty_folder_result (const char *folder)
{
  ScImportResult *result = g_new0 (ScImportResult, 1);
  g_autofree char *display = g_filename_display_name (folder);

  result->input = g_strdup (folder);
  g_set_error (&result->error, SC_ERROR, SC_ERROR_NOT_FOUND, "%s:1: %s", display,
               _("no HTML, XHTML, text or EPUB file in this folder"));
  return result;
}

static char *
unique_id (const char *wanted,
           GHashTable *taken,
           const char *target_dir)
{
  char *id = g_strdup (wanted);

  for (guint n = 2;; n++)
    {
      g_autofree char *file = g_strconcat (id, ".xml", NULL);
      g_autofree char *path = g_build_filename (target_dir, file, NULL);

      if (!g_hash_table_contains (taken, id) && !g_file_test (path, G_FILE_TEST_EXISTS))
        return id;
      g_free (id);
      id = g_strdup_printf ("%s-%u", wanted, n);
    }
}

static char *
wanted_id_for (ScImportDoc *doc,
               const char  *path)
{
  g_autofree char *from_file = NULL;
  char *slug = sc_import_slugify (doc->title, ID_MAX_LENGTH);

  if (*slug != '\0')
    return slug;
  g_free (slug);

  from_file = title_from_file_name (path);
  slug = sc_import_slugify (from_file != NULL ? from_file : "", ID_MAX_LENGTH);
  if (*slug != '\0')
    return slug;
  g_free (slug);
  return g_strdup ("text");
}

static ScImportResult *
import_one (const char            *input,
            const ScImportOptions *options,
            const char            *target_dir,
            GHashTable            *taken,
            GCancellable          *cancellable)
{
  g_autoptr(ScImportResult) result = g_new0 (ScImportResult, 1);
  g_autoptr(ScImportDoc) doc = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ScText) text = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = g_filename_display_name (input);
  g_autofree char *wanted = NULL;
  g_autofree char *id = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *path_display = NULL;
  g_autofree char *xml = NULL;
  gsize length;

  result->input = g_strdup (input);

  doc = sc_import_read_file (input, &result->format, cancellable, &result->error);
  if (doc == NULL)
    return g_steal_pointer (&result);

  wanted = wanted_id_for (doc, input);
  id = unique_id (wanted, taken, target_dir);
  file = g_strconcat (id, ".xml", NULL);
  path = g_build_filename (target_dir, file, NULL);
  path_display = g_filename_display_name (path);

  xml = sc_import_doc_to_xml (doc, id, options->level, options->lang);
  length = strlen (xml);

  /* What is written must read back: the same schema and checks as every
   * other text of the library. */
  if (!sc_validate_memory (xml, length, path_display, problems))
    {
      g_set_error (&result->error, SC_ERROR, SC_ERROR_INVALID,
                   /* Translators: “%s:1: ” is the file's name and line: keep
                    * it at the start. In brackets, the first problem found. */
                   _("%s:1: the imported text would not be valid (%s)"), display,
                   problems->len > 0 ? (const char *) g_ptr_array_index (problems, 0) : _("unknown problem"));
      return g_steal_pointer (&result);
    }
  text = sc_text_read_memory (xml, length, path, &error);
  if (text == NULL)
    {
      g_set_error (&result->error, SC_ERROR, SC_ERROR_INVALID,
                   /* Translators: “%s:1: ” is the file's name and line: keep
                    * it at the start. In brackets, why the text could not be
                    * read again after it was written. */
                   _("%s:1: the imported text would not read back (%s)"), display, error->message);
      return g_steal_pointer (&result);
    }

  if (!g_file_set_contents (path, xml, length, &error))
    {
      g_set_error (&result->error, SC_ERROR, SC_ERROR_IO, "%s:1: %s", path_display, error->message);
      return g_steal_pointer (&result);
    }

  g_hash_table_add (taken, g_strdup (id));
  result->title = g_strdup (text->title);
  result->sections = sc_text_count_sections (text);
  result->words = text->word_count;
  result->path = g_steal_pointer (&path);
  if (!g_str_equal (wanted, id))
    result->wanted_id = g_steal_pointer (&wanted);
  result->id = g_steal_pointer (&id);
  return g_steal_pointer (&result);
}

/**
 * sc_import_files:
 * @inputs: files and folders
 * @options: (nullable): where to write, the level, a fallback language, ids taken
 * @progress: (nullable): called before each file, in this thread
 *
 * Imports a batch. Each file is read, converted, validated and written as
 * TARGET/ID.xml with an id that is not in @options->taken_ids, not declared
 * by a file of the target folder and not the name of a file there: an
 * import never replaces anything. Nothing is written for a bad file.
 *
 * Returns: (transfer full) (element-type ScImportResult): one result per
 *   file (and one error for each folder with nothing to import), or %NULL
 *   when the target folder cannot be made or on cancellation
 */
GPtrArray *
sc_import_files (const char * const     *inputs,
                 const ScImportOptions  *options,
                 ScImportProgressFunc    progress,
                 gpointer                progress_data,
                 GCancellable           *cancellable,
                 GError                **error)
{
  static const ScImportOptions defaults = { 0 };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) empty_folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *target_dir = NULL;

  g_return_val_if_fail (inputs != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;
  target_dir = options->target_dir != NULL ? g_strdup (options->target_dir) : sc_paths_user_texts_dir ();

  if (g_mkdir_with_parents (target_dir, 0755) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (target_dir);

      g_set_error (error, SC_ERROR, SC_ERROR_IO, "%s:1: %s", display, g_strerror (saved));
      return NULL;
    }

  sc_xml_init ();

  for (guint i = 0; inputs[i] != NULL; i++)
    {
      guint before = files->len;

      if (!g_file_test (inputs[i], G_FILE_TEST_IS_DIR))
        {
          g_ptr_array_add (files, g_strdup (inputs[i]));
          continue;
        }
      collect_folder (inputs[i], 0, files);
      /* A folder with nothing to import is reported in its place. */
      if (files->len == before)
        {
          g_ptr_array_add (files, g_strdup (inputs[i]));
          g_hash_table_add (empty_folders, g_strdup (inputs[i]));
        }
    }

  for (guint i = 0; options->taken_ids != NULL && options->taken_ids[i] != NULL; i++)
    g_hash_table_add (taken, g_strdup (options->taken_ids[i]));
  collect_folder_ids (target_dir, 0, taken);

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_import_result_free);
  for (guint i = 0; i < files->len; i++)
    {
      const char *input = g_ptr_array_index (files, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (progress != NULL)
        progress (i, files->len, input, progress_data);
      if (g_hash_table_contains (empty_folders, input))
        g_ptr_array_add (results, empty_folder_result (input));
      else
        g_ptr_array_add (results, import_one (input, options, target_dir, taken, cancellable));
    }
  if (progress != NULL)
    progress (files->len, files->len, NULL, progress_data);

  return g_steal_pointer (&results);
}

/* ===== In a worker thread ================================================= */

typedef struct {
  GStrv                 inputs;
  char                 *target_dir;
  ScLevel               level;
  char                 *lang;
  GStrv                 taken_ids;
  ScImportProgressFunc  progress;
  gpointer              progress_data;
  GDestroyNotify        progress_data_free;
  GMainContext         *context;
} ImportTask;

typedef struct {
  GTask *task;          /* keeps the progress data alive until every call ran */
  guint  done;
  guint  total;
  char  *input;
} ProgressCall;

static void
import_task_free (ImportTask *data)
{
  g_strfreev (data->inputs);
  g_free (data->target_dir);
  g_free (data->lang);
  g_strfreev (data->taken_ids);
  if (data->progress_data_free != NULL)
    data->progress_data_free (data->progress_data);
  g_main_context_unref (data->context);
  g_free (data);
}

static void
progress_call_free (ProgressCall *call)
{
  g_object_unref (call->task);
  g_free (call->input);
  g_free (call);
}

static gboolean
progress_in_caller_cb (gpointer user_data)
{
  ProgressCall *call = user_data;
  ImportTask *data = g_task_get_task_data (call->task);

  data->progress (call->done, call->total, call->input, data->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_in_thread_cb (guint       done,
                       guint       total,
                       const char *input,
                       gpointer    user_data)
{
  GTask *task = user_data;
  ImportTask *data = g_task_get_task_data (task);
  ProgressCall *call = g_new0 (ProgressCall, 1);
  g_autoptr(GSource) source = NULL;

  call->task = g_object_ref (task);
  call->done = done;
  call->total = total;
  call->input = g_strdup (input);

  /* Not g_main_context_invoke(): with the global default context it may
   * run the callback right here, in the worker thread. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, progress_in_caller_cb, call, (GDestroyNotify) progress_call_free);
  g_source_set_static_name (source, "[studycircle] import progress");
  g_source_attach (source, data->context);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportTask *data = task_data;
  ScImportOptions options = {
    .target_dir = data->target_dir,
    .level = data->level,
    .lang = data->lang,
    .taken_ids = (const char * const *) data->taken_ids,
  };
  GError *error = NULL;
  GPtrArray *results;

  results = sc_import_files ((const char * const *) data->inputs, &options,
                             data->progress != NULL ? progress_in_thread_cb : NULL, task,
                             cancellable, &error);
  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * sc_import_files_async:
 * @progress: (nullable): called in the caller's thread-default main context
 *
 * Runs sc_import_files() in a worker thread on copies of @inputs and
 * @options.
 */
void
sc_import_files_async (const char * const    *inputs,
                       const ScImportOptions *options,
                       ScImportProgressFunc   progress,
                       gpointer               progress_data,
                       GDestroyNotify         progress_data_free,
                       GCancellable          *cancellable,
                       GAsyncReadyCallback    callback,
                       gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportTask *data;

  g_return_if_fail (inputs != NULL);

  data = g_new0 (ImportTask, 1);
  data->inputs = g_strdupv ((GStrv) inputs);
  if (options != NULL)
    {
      data->target_dir = g_strdup (options->target_dir);
      data->level = options->level;
      data->lang = g_strdup (options->lang);
      data->taken_ids = g_strdupv ((GStrv) options->taken_ids);
    }
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_data_free = progress_data_free;
  data->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_import_files_async);
  g_task_set_task_data (task, data, (GDestroyNotify) import_task_free);
  g_task_run_in_thread (task, import_thread);
}

GPtrArray *
sc_import_files_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
