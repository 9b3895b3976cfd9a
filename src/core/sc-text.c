/* sc-text.c: the text model, the native reader and the helpers around them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-tei.h"
#include "sc-text.h"
#include "sc-xml.h"

/* The model */

ScText *
sc_text_new (const char   *path,
             ScTextFormat  format)
{
  ScText *text = g_new0 (ScText, 1);

  text->path = g_strdup (path);
  text->format = format;
  text->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_section_free);
  return text;
}

ScSection *
sc_section_new (const char *id,
                const char *kind,
                guint       line)
{
  ScSection *section = g_new0 (ScSection, 1);

  section->id = g_strdup (id);
  section->kind = g_strdup (kind);
  section->line = line;
  section->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_block_free);
  section->children = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_section_free);
  return section;
}

static void
sc_span_free (ScSpan *span)
{
  g_free (span->target);
  g_free (span->target2);
  g_free (span);
}

void
sc_block_free (ScBlock *block)
{
  if (block == NULL)
    return;
  g_free (block->id);
  g_free (block->label);
  g_free (block->text);
  g_clear_pointer (&block->spans, g_ptr_array_unref);
  g_free (block);
}

void
sc_section_free (ScSection *section)
{
  if (section == NULL)
    return;
  g_free (section->id);
  g_free (section->heading);
  g_free (section->kind);
  g_clear_pointer (&section->blocks, g_ptr_array_unref);
  g_clear_pointer (&section->children, g_ptr_array_unref);
  g_free (section);
}

void
sc_text_free (ScText *text)
{
  if (text == NULL)
    return;
  g_free (text->id);
  g_free (text->path);
  g_free (text->title);
  g_strfreev (text->authors);
  g_free (text->date);
  g_free (text->lang);
  g_strfreev (text->topics);
  g_free (text->summary);
  g_free (text->source);
  g_free (text->source_url);
  g_free (text->license);
  g_free (text->translation_of);
  g_clear_pointer (&text->sections, g_ptr_array_unref);
  g_free (text);
}

/* Fills in what every reader leaves the same way, so callers never meet a
 * NULL title, language or list. */
void
sc_text_finish (ScText *text)
{
  g_autoptr(GPtrArray) all = sc_text_flatten (text);

  if (text->title == NULL || *text->title == '\0')
    {
      g_free (text->title);
      text->title = g_strdup (text->id);
    }
  if (text->lang == NULL)
    text->lang = g_strdup ("und");
  if (text->authors == NULL)
    text->authors = g_new0 (char *, 1);
  if (text->topics == NULL)
    text->topics = g_new0 (char *, 1);
  if (text->year == 0)
    text->year = sc_year_from_date (text->date);

  text->word_count = 0;
  for (guint i = 0; i < all->len; i++)
    text->word_count += sc_section_word_count (g_ptr_array_index (all, i));
}

gboolean
sc_text_id_is_valid (const char *id)
{
  if (id == NULL || *id == '\0')
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;
  return TRUE;
}

/* Makes @str fit [a-z0-9-]: lowercased, anything else a single '-', no '-'
 * at either end. Returns NULL when nothing usable is left. */
char *
sc_text_id_sanitize (const char *str)
{
  GString *id;

  if (str == NULL)
    return NULL;

  id = g_string_new (NULL);
  for (const char *p = str; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (id, g_ascii_tolower (*p));
      else if (id->len > 0 && id->str[id->len - 1] != '-')
        g_string_append_c (id, '-');
    }
  while (id->len > 0 && id->str[id->len - 1] == '-')
    g_string_truncate (id, id->len - 1);

  if (id->len == 0)
    {
      g_string_free (id, TRUE);
      return NULL;
    }
  return g_string_free (id, FALSE);
}

/* Collecting one block's text */

static gboolean
is_xml_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* What a block may hold between words: a collapsed space, a verse line
 * break or a table cell break. */
static gboolean
is_block_space (char c)
{
  return c == ' ' || c == '\n' || c == '\t';
}

static void
clear_open_span (gpointer data)
{
  ScSpan *span = data;

  g_free (span->target);
  g_free (span->target2);
}

void
sc_block_buf_init (ScBlockBuf *buf)
{
  buf->text = g_string_new (NULL);
  buf->spans = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_span_free);
  buf->open = g_array_new (FALSE, TRUE, sizeof (ScSpan));
  g_array_set_clear_func (buf->open, clear_open_span);
  buf->pending_space = FALSE;
}

void
sc_block_buf_clear (ScBlockBuf *buf)
{
  if (buf->text != NULL)
    g_string_free (buf->text, TRUE);
  buf->text = NULL;
  g_clear_pointer (&buf->spans, g_ptr_array_unref);
  g_clear_pointer (&buf->open, g_array_unref);
}

/* A space is only ever written before the next word, never at the start of
 * a block or after a line or cell break: the block never needs trimming. */
void
sc_block_buf_space (ScBlockBuf *buf)
{
  GString *text = buf->text;

  if (text->len > 0 && !is_block_space (text->str[text->len - 1]))
    buf->pending_space = TRUE;
}

void
sc_block_buf_append (ScBlockBuf *buf,
                     const char *str)
{
  const char *p = str;

  while (*p != '\0')
    {
      const char *run = p;

      while (*p != '\0' && !is_xml_space (*p))
        p++;
      if (p > run)
        {
          if (buf->pending_space)
            g_string_append_c (buf->text, ' ');
          buf->pending_space = FALSE;
          g_string_append_len (buf->text, run, p - run);
        }
      if (*p != '\0')
        {
          while (is_xml_space (*p))
            p++;
          sc_block_buf_space (buf);
        }
    }
}

/* Verse lines ('\n', @always FALSE: never at the start, never doubled) and
 * table cells ('\t', @always TRUE: empty cells keep their column). */
void
sc_block_buf_separator (ScBlockBuf *buf,
                        char        separator,
                        gboolean    always)
{
  GString *text = buf->text;

  buf->pending_space = FALSE;
  if (always || (text->len > 0 && text->str[text->len - 1] != separator))
    g_string_append_c (text, separator);
}

void
sc_block_buf_open_span (ScBlockBuf *buf,
                        ScSpanKind  kind,
                        const char *target,
                        const char *target2)
{
  ScSpan span = { kind, buf->text->len, 0, g_strdup (target), g_strdup (target2) };

  g_array_append_val (buf->open, span);
}

void
sc_block_buf_close_span (ScBlockBuf *buf)
{
  ScSpan *open;
  ScSpan *span;

  if (buf->open->len == 0)
    return;

  open = &g_array_index (buf->open, ScSpan, buf->open->len - 1);
  span = g_new0 (ScSpan, 1);
  *span = *open;
  span->end = buf->text->len;
  /* The strings now belong to the closed span. */
  open->target = NULL;
  open->target2 = NULL;
  g_array_set_size (buf->open, buf->open->len - 1);
  g_ptr_array_add (buf->spans, span);
}

void
sc_block_buf_mark (ScBlockBuf *buf,
                   ScSpanKind  kind,
                   const char *target)
{
  ScSpan *span = g_new0 (ScSpan, 1);

  span->kind = kind;
  span->start = span->end = buf->text->len;
  span->target = g_strdup (target);
  g_ptr_array_add (buf->spans, span);
}

gboolean
sc_block_buf_is_empty (ScBlockBuf *buf)
{
  for (gsize i = 0; i < buf->text->len; i++)
    if (!is_block_space (buf->text->str[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_mark (ScSpanKind kind)
{
  return kind == SC_SPAN_NOTE_MARK || kind == SC_SPAN_GAP;
}

static int
compare_span_start (gconstpointer a,
                    gconstpointer b)
{
  const ScSpan *sa = *(ScSpan * const *) a;
  const ScSpan *sb = *(ScSpan * const *) b;

  return (sa->start > sb->start) - (sa->start < sb->start);
}

/* Spans end where the text ends, and never begin or end on a space
 * ("a <em> b</em>" marks "b", not " b"). Empty ones go, except marks,
 * which are empty by nature. */
static GPtrArray *
normalize_spans (GPtrArray  *spans,
                 const char *text,
                 guint       len)
{
  GPtrArray *kept = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_span_free);
  gsize n_spans = 0;
  g_autofree ScSpan **all = (ScSpan **) g_ptr_array_steal (spans, &n_spans);

  for (gsize i = 0; i < n_spans; i++)
    {
      ScSpan *span = all[i];

      span->start = MIN (span->start, len);
      span->end = MIN (MAX (span->end, span->start), len);
      if (!is_mark (span->kind))
        {
          while (span->start < span->end && is_block_space (text[span->start]))
            span->start++;
          while (span->end > span->start && is_block_space (text[span->end - 1]))
            span->end--;
        }
      else
        span->end = span->start;

      if (span->end > span->start || is_mark (span->kind))
        g_ptr_array_add (kept, span);
      else
        sc_span_free (span);
    }

  /* Stable: an outer span closes after an inner one but starts first. */
  g_ptr_array_sort (kept, compare_span_start);
  return kept;
}

/**
 * sc_block_buf_take:
 *
 * Ends the block collected so far and starts the next one in @buf; spans
 * still open carry over to it from its first byte (a paragraph split around
 * a list inside <hi> stays emphasized on both sides).
 *
 * Returns: (transfer full) (nullable): the block, or %NULL when it holds no
 * text (a block of nothing but a gap is dropped)
 */
ScBlock *
sc_block_buf_take (ScBlockBuf  *buf,
                   ScBlockKind  kind,
                   const char  *label,
                   guint        line)
{
  GString *text = buf->text;
  ScBlock *block = NULL;

  while (text->len > 0 && (text->str[text->len - 1] == '\n' || text->str[text->len - 1] == ' '))
    g_string_truncate (text, text->len - 1);

  if (!sc_block_buf_is_empty (buf))
    {
      for (guint i = 0; i < buf->open->len; i++)
        {
          ScSpan *open = &g_array_index (buf->open, ScSpan, i);
          ScSpan *span = g_new0 (ScSpan, 1);

          *span = *open;
          span->end = text->len;
          span->target = g_strdup (open->target);
          span->target2 = g_strdup (open->target2);
          g_ptr_array_add (buf->spans, span);
        }

      block = g_new0 (ScBlock, 1);
      block->kind = kind;
      block->label = g_strdup (label);
      block->line = line;
      block->spans = normalize_spans (buf->spans, text->str, text->len);
      block->text = g_string_free (text, FALSE);
      buf->text = g_string_new (NULL);
    }
  else
    g_string_truncate (text, 0);

  g_ptr_array_set_size (buf->spans, 0);
  for (guint i = 0; i < buf->open->len; i++)
    g_array_index (buf->open, ScSpan, i).start = 0;
  buf->pending_space = FALSE;

  return block;
}

/* Walking the model */

static void
flatten_into (GPtrArray *all,
              GPtrArray *sections)
{
  for (guint i = 0; i < sections->len; i++)
    {
      ScSection *section = g_ptr_array_index (sections, i);

      g_ptr_array_add (all, section);
      flatten_into (all, section->children);
    }
}

/**
 * sc_text_flatten:
 *
 * Returns: (transfer container) (element-type ScSection): every section of
 * @text in document order, parents before their children
 */
GPtrArray *
sc_text_flatten (ScText *text)
{
  GPtrArray *all;

  g_return_val_if_fail (text != NULL, NULL);

  all = g_ptr_array_new ();
  flatten_into (all, text->sections);
  return all;
}

ScSection *
sc_text_find_section (ScText     *text,
                      const char *section_id)
{
  g_autoptr(GPtrArray) all = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (section_id != NULL, NULL);

  all = sc_text_flatten (text);
  for (guint i = 0; i < all->len; i++)
    {
      ScSection *section = g_ptr_array_index (all, i);

      if (g_strcmp0 (section->id, section_id) == 0)
        return section;
    }
  return NULL;
}

guint
sc_text_count_sections (ScText *text)
{
  g_autoptr(GPtrArray) all = NULL;

  g_return_val_if_fail (text != NULL, 0);

  all = sc_text_flatten (text);
  return all->len;
}

char *
sc_section_body (ScSection *section)
{
  GString *body;

  g_return_val_if_fail (section != NULL, NULL);

  body = g_string_new (NULL);
  for (guint i = 0; i < section->blocks->len; i++)
    {
      ScBlock *block = g_ptr_array_index (section->blocks, i);

      if (body->len > 0)
        g_string_append (body, "\n\n");
      g_string_append (body, block->text);
    }
  return g_string_free (body, FALSE);
}

/**
 * sc_section_heading_path:
 *
 * Returns: (transfer full): the headings from the top-level section down to
 * @section, joined by " › "; untitled sections are left out, and a section
 * with no titled ancestor at all is named by its id
 */
char *
sc_section_heading_path (ScSection *section)
{
  g_autoptr(GPtrArray) headings = g_ptr_array_new ();
  GString *path;

  g_return_val_if_fail (section != NULL, NULL);

  for (ScSection *s = section; s != NULL; s = s->parent)
    if (s->heading != NULL && *s->heading != '\0')
      g_ptr_array_insert (headings, 0, s->heading);

  if (headings->len == 0)
    return g_strdup (section->id);

  path = g_string_new (NULL);
  for (guint i = 0; i < headings->len; i++)
    {
      if (i > 0)
        g_string_append (path, " › ");
      g_string_append (path, g_ptr_array_index (headings, i));
    }
  return g_string_free (path, FALSE);
}

guint
sc_section_word_count (ScSection *section)
{
  guint words = 0;

  g_return_val_if_fail (section != NULL, 0);

  for (guint i = 0; i < section->blocks->len; i++)
    words += sc_count_words (((ScBlock *) g_ptr_array_index (section->blocks, i))->text);
  return words;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Apostrophes and hyphens inside a word ("don't", "co-operative") keep it
 * one word. */
static gboolean
is_word_joiner (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == '-' || c == 0x2010 || c == 0x00AD;
}

guint
sc_count_words (const char *utf8)
{
  gboolean in_word = FALSE;
  guint words = 0;

  if (utf8 == NULL)
    return 0;

  for (const char *p = utf8; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      const char *next;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          in_word = FALSE;
          p++;
          continue;
        }
      next = g_utf8_next_char (p);

      if (is_word_char (c))
        {
          if (!in_word)
            words++;
          in_word = TRUE;
        }
      else if (!(in_word && is_word_joiner (c) && *next != '\0' &&
                 is_word_char (g_utf8_get_char_validated (next, -1))))
        in_word = FALSE;
      p = next;
    }
  return words;
}

/* Levels */

static const char * const level_names[] = {
  [SC_LEVEL_UNKNOWN] = "unknown",
  [SC_LEVEL_INTRODUCTORY] = "introductory",
  [SC_LEVEL_INTERMEDIATE] = "intermediate",
  [SC_LEVEL_ADVANCED] = "advanced",
};

const char *
sc_level_to_string (ScLevel level)
{
  if ((guint) level >= G_N_ELEMENTS (level_names))
    return level_names[SC_LEVEL_UNKNOWN];
  return level_names[level];
}

ScLevel
sc_level_from_string (const char *str)
{
  g_autofree char *trimmed = NULL;

  if (str == NULL)
    return SC_LEVEL_UNKNOWN;

  trimmed = g_strstrip (g_strdup (str));
  for (guint i = SC_LEVEL_INTRODUCTORY; i < G_N_ELEMENTS (level_names); i++)
    if (g_ascii_strcasecmp (trimmed, level_names[i]) == 0)
      return (ScLevel) i;
  return SC_LEVEL_UNKNOWN;
}

/* Languages */

/* ISO 639-2 (bibliographic and terminological) codes of languages that
 * have a two-letter code, which BCP 47 requires instead. */
static const struct {
  const char *three;
  const char *two;
} iso639_2_to_1[] = {
  { "afr", "af" }, { "alb", "sq" }, { "sqi", "sq" }, { "ara", "ar" }, { "arm", "hy" },
  { "hye", "hy" }, { "baq", "eu" }, { "eus", "eu" }, { "bel", "be" }, { "ben", "bn" },
  { "bos", "bs" }, { "bre", "br" }, { "bul", "bg" }, { "cat", "ca" }, { "chi", "zh" },
  { "zho", "zh" }, { "cor", "kw" }, { "cze", "cs" }, { "ces", "cs" }, { "dan", "da" },
  { "dut", "nl" }, { "nld", "nl" }, { "eng", "en" }, { "epo", "eo" }, { "est", "et" },
  { "fin", "fi" }, { "fre", "fr" }, { "fra", "fr" }, { "geo", "ka" }, { "kat", "ka" },
  { "ger", "de" }, { "deu", "de" }, { "gla", "gd" }, { "gle", "ga" }, { "glg", "gl" },
  { "glv", "gv" }, { "gre", "el" }, { "ell", "el" }, { "heb", "he" }, { "hin", "hi" },
  { "hrv", "hr" }, { "hun", "hu" }, { "ice", "is" }, { "isl", "is" }, { "ind", "id" },
  { "ita", "it" }, { "jpn", "ja" }, { "kor", "ko" }, { "lat", "la" }, { "lav", "lv" },
  { "lit", "lt" }, { "mac", "mk" }, { "mkd", "mk" }, { "may", "ms" }, { "msa", "ms" },
  { "mlt", "mt" }, { "nor", "no" }, { "nob", "nb" }, { "nno", "nn" }, { "oci", "oc" },
  { "per", "fa" }, { "fas", "fa" }, { "pol", "pl" }, { "por", "pt" }, { "rum", "ro" },
  { "ron", "ro" }, { "rus", "ru" }, { "san", "sa" }, { "slo", "sk" }, { "slk", "sk" },
  { "slv", "sl" }, { "spa", "es" }, { "srp", "sr" }, { "swa", "sw" }, { "swe", "sv" },
  { "tam", "ta" }, { "tgl", "tl" }, { "tha", "th" }, { "tur", "tr" }, { "ukr", "uk" },
  { "urd", "ur" }, { "vie", "vi" }, { "wel", "cy" }, { "cym", "cy" }, { "yid", "yi" },
  { "yor", "yo" }, { "zul", "zu" }, { "hat", "ht" }, { "que", "qu" }, { "grn", "gn" },
};

static gboolean
all_chars (const char *s,
           gboolean  (*pred) (gchar c))
{
  for (; *s != '\0'; s++)
    if (!pred (*s))
      return FALSE;
  return TRUE;
}

static gboolean
ascii_isalpha (gchar c)
{
  return g_ascii_isalpha (c);
}

static gboolean
ascii_isalnum (gchar c)
{
  return g_ascii_isalnum (c);
}

static gboolean
ascii_isdigit (gchar c)
{
  return g_ascii_isdigit (c);
}

/* Appends one subtag after the language in its conventional case: scripts
 * "Latn", regions "US" or "419", anything else lowercase. Returns FALSE
 * for something that is not a subtag, which ends the tag. */
static gboolean
append_subtag (GString    *tag,
               const char *subtag)
{
  gsize len = strlen (subtag);
  g_autofree char *lower = g_ascii_strdown (subtag, -1);

  if (len < 1 || len > 8 || !all_chars (subtag, ascii_isalnum))
    return FALSE;

  g_string_append_c (tag, '-');
  if (len == 4 && all_chars (subtag, ascii_isalpha))
    {
      lower[0] = g_ascii_toupper (lower[0]);
      g_string_append (tag, lower);
    }
  else if ((len == 2 && all_chars (subtag, ascii_isalpha)) ||
           (len == 3 && all_chars (subtag, ascii_isdigit)))
    {
      g_autofree char *upper = g_ascii_strup (subtag, -1);
      g_string_append (tag, upper);
    }
  else
    g_string_append (tag, lower);
  return TRUE;
}

char *
sc_lang_normalize (const char *code)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *primary = NULL;
  GString *tag;
  gsize len;

  if (code == NULL)
    return g_strdup ("und");

  copy = g_strstrip (g_strdup (code));
  g_strdelimit (copy, "_", '-');
  parts = g_strsplit (copy, "-", -1);
  if (parts[0] == NULL)
    return g_strdup ("und");

  primary = g_ascii_strdown (parts[0], -1);
  len = strlen (primary);
  /* Two or three letters, as the schemas want: no language has a longer
   * code, and "english" or "quoten" in a page's lang="" is junk. */
  if (!all_chars (primary, ascii_isalpha) || len < 2 || len > 3 ||
      g_str_equal (primary, "unk"))
    return g_strdup ("und");

  for (guint i = 0; len == 3 && i < G_N_ELEMENTS (iso639_2_to_1); i++)
    if (g_str_equal (primary, iso639_2_to_1[i].three))
      {
        g_free (primary);
        primary = g_strdup (iso639_2_to_1[i].two);
        break;
      }

  tag = g_string_new (primary);
  for (guint i = 1; parts[i] != NULL; i++)
    if (!append_subtag (tag, parts[i]))
      break;
  return g_string_free (tag, FALSE);
}

/* Years */

static int
roman_digit (char c)
{
  switch (c)
    {
    case 'I': return 1;
    case 'V': return 5;
    case 'X': return 10;
    case 'L': return 50;
    case 'C': return 100;
    case 'D': return 500;
    case 'M': return 1000;
    default: return 0;
    }
}

/* A year in Roman numerals, as printers wrote them: "MDCCLXXVI",
 * "M,DCC,XLIII", "M.DCC.LXXIII". Capitals only, and only numbers from 1000
 * on, so neither a stray "I" or "C" nor a word like "mix" is taken for a
 * year. */
static int
roman_year (const char *date)
{
  for (const char *p = date; *p != '\0'; p++)
    {
      int value = 0;
      int prev = 0;
      const char *q;

      if (*p != 'M' || (p > date && g_ascii_isalpha (p[-1])))
        continue;

      for (q = p; roman_digit (*q) > 0 || ((*q == ',' || *q == '.') && roman_digit (q[1]) > 0); q++)
        {
          int digit = roman_digit (*q);

          if (digit == 0)
            continue;
          value += digit;
          if (prev > 0 && prev < digit)
            value -= 2 * prev;
          prev = digit;
        }
      if (!g_ascii_isalpha (*q) && value >= 1000 && value < 3000)
        return value;
    }
  return 0;
}

/* The first run of exactly four digits, preferring one closed by ']': the
 * year a cataloguer supplied ("MDCCLXXVI. [1776]", "1687]") is the surest. */
static int
arabic_year (const char *date,
             gboolean    bracketed)
{
  for (const char *p = date; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) || (p > date && g_ascii_isdigit (p[-1])))
        continue;
      if (g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) && g_ascii_isdigit (p[3]) &&
          !g_ascii_isdigit (p[4]) && (!bracketed || p[4] == ']'))
        return (int) g_ascii_strtoll (p, NULL, 10);
    }
  return 0;
}

int
sc_year_from_date (const char *date)
{
  int year;

  if (date == NULL)
    return 0;

  year = arabic_year (date, TRUE);
  if (year == 0)
    year = arabic_year (date, FALSE);
  if (year == 0)
    year = roman_year (date);
  return year;
}

/* The native reader */

typedef struct {
  ScText     *text;
  const char *display;
  GHashTable *ids;        /* section ids seen so far */
  guint       n_notes;
  gsize       extracted;  /* bytes of text so far */
  GError     *error;
} NativeReader;

static void native_fail (NativeReader *r,
                         guint         line,
                         ScError       code,
                         const char   *format,
                         ...) G_GNUC_PRINTF (4, 5);

static void
native_fail (NativeReader *r,
             guint         line,
             ScError       code,
             const char   *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (r->error != NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (&r->error, SC_ERROR, code, "%s:%u: %s", r->display, line, message);
}

static gboolean
native_check_depth (NativeReader *r,
                    xmlNode      *node,
                    guint         depth)
{
  if (depth <= SC_XML_MAX_DEPTH)
    return TRUE;
  native_fail (r, sc_xml_node_line (node), SC_ERROR_LIMIT, _("elements are nested more than %d deep"),
               SC_XML_MAX_DEPTH);
  return FALSE;
}


static void native_inline (NativeReader *r,
                           ScBlockBuf   *buf,
                           xmlNode      *node,
                           guint         depth,
                           GPtrArray    *notes);

/* An attribute's value without the white space around it: the schema's
 * types (xsd:token, xsd:anyURI) ignore it, so a file that validates with
 * id="crisis " reads as "crisis" too. */
static char *
native_attr (xmlNode    *node,
             const char *name)
{
  char *value = sc_xml_get_attr (node, name);

  return value != NULL ? g_strstrip (value) : NULL;
}

static void
native_span (NativeReader *r,
             ScBlockBuf   *buf,
             xmlNode      *node,
             guint         depth,
             GPtrArray    *notes,
             ScSpanKind    kind,
             const char   *target_attr,
             const char   *target2_attr)
{
  g_autofree char *target = target_attr != NULL ? native_attr (node, target_attr) : NULL;
  g_autofree char *target2 = target2_attr != NULL ? native_attr (node, target2_attr) : NULL;

  sc_block_buf_open_span (buf, kind, target, target2);
  native_inline (r, buf, node, depth, notes);
  sc_block_buf_close_span (buf);
}

/* A note inside a paragraph leaves a mark there and becomes a block of its
 * own after the paragraph. */
static void
native_inline_note (NativeReader *r,
                    ScBlockBuf   *buf,
                    xmlNode      *node,
                    guint         depth,
                    GPtrArray    *notes)
{
  ScBlockBuf note_buf;
  ScBlock *note;

  sc_block_buf_init (&note_buf);
  native_inline (r, &note_buf, node, depth, notes);
  note = sc_block_buf_take (&note_buf, SC_BLOCK_NOTE, NULL, sc_xml_node_line (node));
  sc_block_buf_clear (&note_buf);

  if (note == NULL)
    return;
  note->id = g_strdup_printf ("note-%u", ++r->n_notes);
  sc_block_buf_mark (buf, SC_SPAN_NOTE_MARK, note->id);
  g_ptr_array_add (notes, note);
}

/* One child of an inline context, at @depth. */
static void
native_inline_node (NativeReader *r,
                    ScBlockBuf   *buf,
                    xmlNode      *child,
                    guint         depth,
                    GPtrArray    *notes)
{
  if (child->type == XML_TEXT_NODE && child->content != NULL)
    sc_block_buf_append (buf, (const char *) child->content);
  else if (child->type != XML_ELEMENT_NODE || !native_check_depth (r, child, depth))
    return;   /* entity references are never expanded */
  else if (sc_xml_is (child, "em"))
    native_span (r, buf, child, depth, notes, SC_SPAN_EMPHASIS, NULL, NULL);
  else if (sc_xml_is (child, "strong"))
    native_span (r, buf, child, depth, notes, SC_SPAN_STRONG, NULL, NULL);
  else if (sc_xml_is (child, "term"))
    native_span (r, buf, child, depth, notes, SC_SPAN_TERM, "ref", NULL);
  else if (sc_xml_is (child, "ref") && xmlHasProp (child, (const xmlChar *) "text") != NULL)
    native_span (r, buf, child, depth, notes, SC_SPAN_LINK, "text", "section");
  else if (sc_xml_is (child, "ref") && xmlHasProp (child, (const xmlChar *) "url") != NULL)
    native_span (r, buf, child, depth, notes, SC_SPAN_URL, "url", NULL);
  else if (sc_xml_is (child, "note"))
    native_inline_note (r, buf, child, depth, notes);
  else
    native_inline (r, buf, child, depth, notes);
}

static void
native_inline (NativeReader *r,
               ScBlockBuf   *buf,
               xmlNode      *node,
               guint         depth,
               GPtrArray    *notes)
{
  for (xmlNode *child = node->children; child != NULL && r->error == NULL; child = child->next)
    native_inline_node (r, buf, child, depth + 1, notes);
}

static void
native_add (NativeReader *r,
            ScSection    *section,
            ScBlock      *block)
{
  if (block == NULL)
    return;
  r->extracted += strlen (block->text);
  if (r->extracted > SC_TEXT_MAX_EXTRACTED)
    native_fail (r, block->line, SC_ERROR_LIMIT, _("the text is longer than %d MiB"),
                 SC_TEXT_MAX_EXTRACTED / (1024 * 1024));
  g_ptr_array_add (section->blocks, block);
}

/* Ends the block collected in @buf, then the notes it pointed at. */
static void
native_flush (NativeReader *r,
              ScSection    *section,
              ScBlockBuf   *buf,
              ScBlockKind   kind,
              guint         line,
              GPtrArray    *notes)
{
  ScBlock *block = sc_block_buf_take (buf, kind, NULL, line);

  if (block != NULL && kind == SC_BLOCK_NOTE)
    block->id = g_strdup_printf ("note-%u", ++r->n_notes);
  native_add (r, section, block);
  for (guint i = 0; i < notes->len; i++)
    native_add (r, section, g_steal_pointer (&g_ptr_array_index (notes, i)));
  g_ptr_array_set_size (notes, 0);
}

static void native_list (NativeReader *r,
                         ScSection    *section,
                         xmlNode      *node,
                         guint         depth);

/* A block element: <p>, <note>, and <quote> or <item>, which hold either
 * paragraphs (and lists) or inline text; each <p> and each run of inline
 * content around them is a block of @kind. */
static void
native_block (NativeReader *r,
              ScSection    *section,
              xmlNode      *node,
              guint         depth,
              ScBlockKind   kind)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_block_free);
  gboolean nested = kind == SC_BLOCK_QUOTE || kind == SC_BLOCK_LIST_ITEM;
  guint line = sc_xml_node_line (node);
  ScBlockBuf buf;

  sc_block_buf_init (&buf);
  for (xmlNode *child = node->children; child != NULL && r->error == NULL; child = child->next)
    {
      if (nested && (sc_xml_is (child, "p") || sc_xml_is (child, "list")))
        {
          native_flush (r, section, &buf, kind, line, notes);
          if (!native_check_depth (r, child, depth + 1))
            break;
          if (sc_xml_is (child, "p"))
            native_block (r, section, child, depth + 1, kind);
          else
            native_list (r, section, child, depth + 1);
          line = sc_xml_node_line (child);
        }
      else
        native_inline_node (r, &buf, child, depth + 1, notes);
    }
  native_flush (r, section, &buf, kind, line, notes);
  sc_block_buf_clear (&buf);
}

static void
native_list (NativeReader *r,
             ScSection    *section,
             xmlNode      *node,
             guint         depth)
{
  for (xmlNode *child = sc_xml_first_element (node); child != NULL && r->error == NULL;
       child = sc_xml_next_element (child))
    if (native_check_depth (r, child, depth + 1))
      native_block (r, section, child, depth + 1, SC_BLOCK_LIST_ITEM);
}

static char *
non_empty (char *value)
{
  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static char *
native_child_text (xmlNode    *parent,
                   const char *name)
{
  return non_empty (sc_xml_child_text (parent, name));
}

static gboolean
native_section_id (NativeReader *r,
                   xmlNode      *node,
                   char        **out_id)
{
  g_autofree char *id = native_attr (node, "id");

  if (id == NULL || *id == '\0')
    {
      native_fail (r, sc_xml_node_line (node), SC_ERROR_INVALID, _("a <section> has no id"));
      return FALSE;
    }
  if (!sc_text_id_is_valid (id))
    {
      native_fail (r, sc_xml_node_line (node), SC_ERROR_INVALID,
                   _("section id “%s” is not valid: use lowercase letters, digits and “-”"), id);
      return FALSE;
    }
  if (g_hash_table_contains (r->ids, id))
    {
      native_fail (r, sc_xml_node_line (node), SC_ERROR_DUPLICATE, _("duplicate section id “%s”"), id);
      return FALSE;
    }
  g_hash_table_add (r->ids, g_strdup (id));
  *out_id = g_steal_pointer (&id);
  return TRUE;
}

static void
native_section (NativeReader *r,
                ScSection    *parent,
                xmlNode      *node,
                guint         depth)
{
  g_autofree char *id = NULL;
  ScSection *section;

  if (!native_check_depth (r, node, depth) || !native_section_id (r, node, &id))
    return;

  section = sc_section_new (id, "section", sc_xml_node_line (node));
  section->parent = parent;
  section->depth = parent != NULL ? parent->depth + 1 : 0;
  g_ptr_array_add (parent != NULL ? parent->children : r->text->sections, section);

  for (xmlNode *child = sc_xml_first_element (node); child != NULL && r->error == NULL;
       child = sc_xml_next_element (child))
    {
      if (sc_xml_is (child, "section"))
        {
          native_section (r, section, child, depth + 1);
          continue;
        }
      if (section->children->len > 0)
        {
          /* The model keeps a section's own blocks before its subsections;
           * accepting this would silently move the text. */
          native_fail (r, sc_xml_node_line (child), SC_ERROR_INVALID,
                       /* Translators: %s is an element's name, such as p. */
                       _("<%s> after a nested <section>: move it before the first subsection"),
                       (const char *) child->name);
          return;
        }
      if (!native_check_depth (r, child, depth + 1))
        return;

      if (sc_xml_is (child, "head") && section->heading == NULL)
        section->heading = non_empty (sc_xml_node_text (child));
      else if (sc_xml_is (child, "quote"))
        native_block (r, section, child, depth + 1, SC_BLOCK_QUOTE);
      else if (sc_xml_is (child, "list"))
        native_list (r, section, child, depth + 1);
      else if (sc_xml_is (child, "note"))
        native_block (r, section, child, depth + 1, SC_BLOCK_NOTE);
      else
        native_block (r, section, child, depth + 1, SC_BLOCK_PARAGRAPH);
    }
}

static char **
native_strv (xmlNode    *parent,
             const char *name)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  for (xmlNode *child = sc_xml_first_element (parent); child != NULL; child = sc_xml_next_element (child))
    if (sc_xml_is (child, name))
      {
        char *value = sc_xml_node_text (child);

        if (*value != '\0')
          g_ptr_array_add (values, value);
        else
          g_free (value);
      }
  g_ptr_array_add (values, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&values), FALSE);
}


static void
native_meta (NativeReader *r,
             xmlNode      *meta)
{
  ScText *text = r->text;
  g_autofree char *level = NULL;
  xmlNode *source;

  text->title = native_child_text (meta, "title");
  text->authors = native_strv (meta, "author");
  text->date = native_child_text (meta, "date");
  text->topics = native_strv (sc_xml_child (meta, "topics"), "topic");
  level = native_child_text (meta, "level");
  text->level = sc_level_from_string (level);
  text->summary = native_child_text (meta, "summary");
  text->license = native_child_text (meta, "license");
  text->translation_of = native_child_text (meta, "translation-of");

  source = sc_xml_child (meta, "source");
  if (source != NULL)
    {
      text->source = native_child_text (meta, "source");
      text->source_url = native_attr (source, "url");
      if (text->source_url != NULL && *text->source_url == '\0')
        g_clear_pointer (&text->source_url, g_free);
    }
}

static ScText *
native_read (xmlNode     *root,
             const char  *path,
             const char  *display,
             GError     **error)
{
  g_autoptr(ScText) text = sc_text_new (path, SC_TEXT_FORMAT_NATIVE);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  NativeReader r = { text, display, ids, 0, 0, NULL };
  g_autofree char *version = sc_xml_get_attr (root, "version");
  g_autofree char *lang = sc_xml_get_attr (root, "lang");
  xmlNode *meta = sc_xml_child (root, "meta");
  xmlNode *body = sc_xml_child (root, "body");

  text->id = native_attr (root, "id");
  if (!sc_text_id_is_valid (text->id))
    native_fail (&r, sc_xml_node_line (root), SC_ERROR_INVALID,
                 _("the text has no valid id (lowercase letters, digits and “-”)"));
  else if (version != NULL && g_strcmp0 (g_strstrip (version), "1") != 0)
    native_fail (&r, sc_xml_node_line (root), SC_ERROR_INVALID, _("unsupported text format version “%s”"),
                 version);

  text->lang = lang != NULL && *lang != '\0' ? sc_lang_normalize (lang) : NULL;
  if (meta != NULL && r.error == NULL)
    native_meta (&r, meta);

  for (xmlNode *child = sc_xml_first_element (body); child != NULL && r.error == NULL;
       child = sc_xml_next_element (child))
    {
      if (sc_xml_is (child, "section"))
        native_section (&r, NULL, child, 3);
      else
        native_fail (&r, sc_xml_node_line (child), SC_ERROR_INVALID, _("<%s> outside a <section>"),
                     (const char *) child->name);
    }

  if (r.error != NULL)
    {
      g_propagate_error (error, r.error);
      return NULL;
    }

  sc_text_finish (text);
  return g_steal_pointer (&text);
}

/* Reading a file */

static ScText *
read_document (xmlDoc      *doc,
               const char  *path,
               const char  *display,
               GError     **error)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  if (sc_xml_is (root, "text") && root->ns == NULL)
    return native_read (root, path, display, error);
  if (sc_tei_is_document (root))
    return sc_tei_read (doc, path, display, error);

  if (root->ns != NULL && root->ns->href != NULL)
    /* A <text> or <TEI> of some other vocabulary: say which. */
    g_set_error (error, SC_ERROR, SC_ERROR_INVALID,
                 /* Translators: “%s:%u: ” is the file's name and line: keep
                  * it at the start. The last %s is a namespace URI. */
                 _("%s:%u: not a Study Circle text or TEI document (root element <%s> in namespace %s)"),
                 display, sc_xml_node_line (root), (const char *) root->name, (const char *) root->ns->href);
  else
    g_set_error (error, SC_ERROR, SC_ERROR_INVALID,
                 /* Translators: “%s:%u: ” is the file's name and line: keep
                  * it at the start. */
                 _("%s:%u: not a Study Circle text or TEI document (root element <%s>)"),
                 display, sc_xml_node_line (root), (const char *) root->name);
  return NULL;
}

/**
 * sc_text_read_file:
 * @path: a native Study Circle text or a TEI P5 document
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the text, or %NULL with @error set to a message
 * that reads "FILE:LINE: message"
 */
ScText *
sc_text_read_file (const char  *path,
                   GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = sc_xml_read_file (path, error);
  if (doc == NULL)
    return NULL;

  display = g_filename_display_name (path);
  return read_document (doc, path, display, error);
}

/**
 * sc_text_read_memory:
 * @data: the bytes of a native text or TEI document
 * @length: their length
 * @path: (nullable): the file they came from, used in errors, as the
 *   text's path and (for TEI without an id) to name the text
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the text, or %NULL
 */
ScText *
sc_text_read_memory (const char  *data,
                     gsize        length,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = path != NULL ? g_filename_display_name (path) : g_strdup ("(memory)");
  doc = sc_xml_read_memory (data, length, display, error);
  if (doc == NULL)
    return NULL;

  return read_document (doc, path, display, error);
}
