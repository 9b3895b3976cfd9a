/* sc-import-text.c: plain text files into the import model
 *
 * Plain text has no markup, only habits: paragraphs are separated by blank
 * lines, chapters start with lines like "CHAPTER I", numbered headings
 * ("1.2 Method") or short lines in capitals stand alone, quotations are
 * indented, list items start with a bullet, and _underscores_ mark
 * emphasis. UTF-8 is read as it is; anything else is Windows-1252 (the
 * superset of Latin-1 that such files were written in), unless a
 * byte-order mark says UTF-16.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-import.h"

#define MAX_HEADING_LENGTH 80
#define MAX_TITLE_BLOCK 160
/* Title and author lines are looked for this far into the text. */
#define FRONT_CHUNKS 8

typedef struct {
  char  **lines;      /* (unowned) into the text's lines */
  guint   n_lines;
  guint   gap;        /* blank lines before it */
} Chunk;

typedef enum {
  HEADING_NONE,
  HEADING_KEYWORD,    /* "CHAPTER I", "Part Two", "Capítulo 3" */
  HEADING_MARKDOWN,   /* "## Method" */
  HEADING_NUMBERED,   /* "1.2 Method", "IV." */
  HEADING_CAPITALS,   /* "THE COMMUNIST MANIFESTO" */
} HeadingKind;

typedef struct {
  ScImportDoc *doc;
  GPtrArray   *items;      /* (nullable) a list being gathered */
  GPtrArray   *quote;      /* (nullable) a quotation being gathered */
  gboolean     quotes;     /* indented chunks are quotations (most chunks are not indented) */
} Reader;

/* ===== Decoding =========================================================== */

static char *
decode (const char  *data,
        gsize        length,
        const char  *display,
        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *from = NULL;
  char *utf8;
  gsize written = 0;

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  else if (length >= 2 && (guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE)
    from = "UTF-16LE";
  else if (length >= 2 && (guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF)
    from = "UTF-16BE";

  if (from != NULL)
    {
      utf8 = g_convert (data + 2, length - 2, "UTF-8", from, NULL, &written, &local_error);
      if (utf8 == NULL)
        {
          g_set_error (error, SC_ERROR, SC_ERROR_PARSE,
                       /* Translators: “%s:1: ” is the file's name and line:
                        * keep it at the start. Then an encoding (UTF-16LE)
                        * and why it could not be read. */
                       _("%s:1: not valid %s: %s"), display, from, local_error->message);
          return NULL;
        }
    }
  else if (memchr (data, '\0', length) != NULL)
    utf8 = NULL;
  else if (g_utf8_validate_len (data, length, NULL))
    {
      utf8 = g_strndup (data, length);
      written = length;
    }
  else
    {
      utf8 = g_convert (data, length, "UTF-8", "WINDOWS-1252", NULL, &written, NULL);
      /* Five bytes have no Windows-1252 character; Latin-1 reads them all. */
      if (utf8 == NULL)
        utf8 = g_convert (data, length, "UTF-8", "ISO-8859-1", NULL, &written, NULL);
    }

  if (utf8 == NULL || strlen (utf8) != written)
    {
      g_free (utf8);
      g_set_error (error, SC_ERROR, SC_ERROR_PARSE, "%s:1: %s", display,
                   _("binary data (a NUL byte), not text"));
      return NULL;
    }
  return utf8;
}

static void
normalize_newlines (char *text)
{
  char *out = text;

  for (const char *in = text; *in != '\0'; in++)
    {
      if (*in == '\r')
        {
          *out++ = '\n';
          if (in[1] == '\n')
            in++;
        }
      else
        *out++ = *in;
    }
  *out = '\0';
}

/* ===== Chunks and lines =================================================== */

static gboolean
is_blank (const char *line)
{
  for (const char *p = line; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static GArray *
split_chunks (char **lines)
{
  GArray *chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));
  Chunk chunk = { NULL, 0, 0 };

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (is_blank (lines[i]))
        {
          if (chunk.n_lines > 0)
            {
              g_array_append_val (chunks, chunk);
              chunk.gap = 0;
            }
          chunk.lines = NULL;
          chunk.n_lines = 0;
          chunk.gap++;
          continue;
        }
      if (chunk.n_lines == 0)
        chunk.lines = &lines[i];
      chunk.n_lines++;
    }
  if (chunk.n_lines > 0)
    g_array_append_val (chunks, chunk);
  return chunks;
}

static guint
indentation (const char *line)
{
  guint columns = 0;

  for (const char *p = line; *p == ' ' || *p == '\t'; p++)
    columns += *p == '\t' ? 4 : 1;
  return columns;
}

static gboolean
chunk_is_indented (Chunk *chunk)
{
  for (guint i = 0; i < chunk->n_lines; i++)
    if (indentation (chunk->lines[i]) < 4)
      return FALSE;
  return TRUE;
}

static gboolean
has_word_characters (Chunk *chunk)
{
  for (guint i = 0; i < chunk->n_lines; i++)
    for (const char *p = chunk->lines[i]; *p != '\0'; p = g_utf8_next_char (p))
      if (g_unichar_isalnum (g_utf8_get_char (p)))
        return TRUE;
  return FALSE;
}

static char *
trimmed (const char *line)
{
  return g_strstrip (g_strdup (line));
}

/* ===== Headings =========================================================== */

enum {
  RE_KEYWORD,
  RE_MARKDOWN,
  RE_NUMERAL,
  RE_NUMBERED,
  RE_BULLET,
  RE_NUMBERED_ITEM,
  RE_ITEM_MARK,
  RE_BY,
  N_REGEXES
};

static const char *patterns[N_REGEXES] = {
  /* "CHAPTER I", "Part the First", "Capítulo 3: La huelga" */
  [RE_KEYWORD] = "^(book|part|volume|chapter|section|act|scene|canto|letter|lecture|"
                 "libro|parte|tomo|cap[ií]tulo|secci[oó]n|carta|"
                 "livre|partie|chapitre|buch|teil|kapitel)\\s+"
                 "([0-9]+|[ivxlcdm]+|one|two|three|four|five|six|seven|eight|nine|ten|"
                 "eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
                 "nineteen|twenty[a-z-]*|thirty[a-z-]*|forty[a-z-]*|fifty[a-z-]*|"
                 "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|"
                 "the\\s+\\w+|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|"
                 "primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa])\\b\\W*(.*)$",
  [RE_MARKDOWN] = "^#{1,6}\\s+\\S",
  [RE_NUMERAL] = "^([0-9]{1,3}|[IVXLCDM]+)\\.?$",
  [RE_NUMBERED] = "^[0-9]{1,3}(\\.[0-9]{1,3})*\\.?\\s+\\p{Lu}",
  [RE_BULLET] = "^\\s*[-*+•–]\\s+\\S",
  [RE_NUMBERED_ITEM] = "^\\s*[0-9]{1,3}[.)]\\s+\\S",
  [RE_ITEM_MARK] = "^\\s*([-*+•–]|[0-9]{1,3}[.)])\\s+",
  [RE_BY] = "^(by|por|par|von)\\s+(\\S.{1,78})$",
};

/* Compiled once, shared by every thread. */
static GRegex *
text_regex (guint which)
{
  static gsize once;
  static GRegex *regexes[N_REGEXES];

  if (g_once_init_enter (&once))
    {
      for (guint i = 0; i < N_REGEXES; i++)
        {
          GRegexCompileFlags flags = G_REGEX_OPTIMIZE;

          if (i == RE_KEYWORD || i == RE_BY)
            flags |= G_REGEX_CASELESS;
          regexes[i] = g_regex_new (patterns[i], flags, 0, NULL);
          g_assert (regexes[i] != NULL);
        }
      g_once_init_leave (&once, 1);
    }
  return regexes[which];
}

static gboolean
matches (guint       which,
         const char *text)
{
  return g_regex_match (text_regex (which), text, 0, NULL);
}

static guint
keyword_level (const char *keyword)
{
  static const char *outer[] = { "book", "part", "volume", "libro", "parte", "tomo", "livre", "partie", "buch", "teil" };
  static const char *inner[] = { "section", "scene", "sección", "seccion" };
  g_autofree char *folded = g_utf8_casefold (keyword, -1);

  for (guint i = 0; i < G_N_ELEMENTS (outer); i++)
    if (g_str_equal (folded, outer[i]))
      return 1;
  for (guint i = 0; i < G_N_ELEMENTS (inner); i++)
    if (g_str_equal (folded, inner[i]))
      return 3;
  return 2;
}

static gboolean
in_capitals (const char *line)
{
  guint upper = 0;

  for (const char *p = line; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        return FALSE;
      upper += g_unichar_isupper (c);
    }
  return upper >= 2;
}

static gboolean
ends_like_a_sentence (const char *line)
{
  gsize len = strlen (line);

  return len > 0 && strchr (".,;:!?\"'", line[len - 1]) != NULL;
}

static guint
count_words (const char *line)
{
  g_auto(GStrv) words = g_strsplit_set (line, " \t", -1);
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    n += *words[i] != '\0';
  return n;
}

/* A short line under a "CHAPTER I" line: the chapter's name. */
static gboolean
is_subtitle (Chunk *chunk)
{
  g_autofree char *line = NULL;

  if (chunk == NULL || chunk->n_lines != 1)
    return FALSE;
  line = trimmed (chunk->lines[0]);
  if (strlen (line) > MAX_HEADING_LENGTH || !has_word_characters (chunk))
    return FALSE;
  if (in_capitals (line))
    return TRUE;
  return g_unichar_isupper (g_utf8_get_char (line)) && !ends_like_a_sentence (line) && count_words (line) <= 10;
}

static char *
join_heading (const char *first,
              const char *second)
{
  gsize len = strlen (first);

  if (second == NULL || *second == '\0')
    return g_strdup (first);
  if (len > 0 && strchr (".:-", first[len - 1]) != NULL)
    return g_strdup_printf ("%s %s", first, second);
  return g_strdup_printf ("%s: %s", first, second);
}

/* Whether @chunk (with @next, when the heading takes it as its name) is a
 * heading; @consumed says how many chunks it used. */
static HeadingKind
chunk_heading (Chunk  *chunk,
               Chunk  *next,
               Chunk  *after,
               char  **heading,
               guint  *level,
               guint  *consumed)
{
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  *consumed = 1;
  if (chunk->n_lines > 2)
    return HEADING_NONE;
  first = trimmed (chunk->lines[0]);
  second = chunk->n_lines == 2 ? trimmed (chunk->lines[1]) : NULL;
  if (strlen (first) > MAX_HEADING_LENGTH || (second != NULL && strlen (second) > MAX_HEADING_LENGTH))
    return HEADING_NONE;

  if (g_regex_match (text_regex (RE_KEYWORD), first, 0, &match))
    {
      g_autofree char *keyword = g_match_info_fetch (match, 1);
      g_autofree char *rest = g_match_info_fetch (match, 3);

      *level = keyword_level (keyword);
      if (second == NULL && *rest == '\0' && after != NULL && is_subtitle (next))
        {
          g_autofree char *name = trimmed (next->lines[0]);

          *heading = join_heading (first, name);
          *consumed = 2;
        }
      else
        *heading = join_heading (first, second);
      return HEADING_KEYWORD;
    }

  if (second != NULL)
    {
      if (in_capitals (first) && in_capitals (second))
        {
          *heading = g_strdup_printf ("%s %s", first, second);
          *level = 2;
          return HEADING_CAPITALS;
        }
      return HEADING_NONE;
    }

  if (matches (RE_MARKDOWN, first))
    {
      *level = strspn (first, "#");
      *heading = g_strdup (g_strchug (first + *level));
      return HEADING_MARKDOWN;
    }
  if (matches (RE_NUMERAL, first))
    {
      *level = 2;
      *heading = g_strdup (first);
      return HEADING_NUMBERED;
    }
  if (matches (RE_NUMBERED, first) &&
      !ends_like_a_sentence (first) && count_words (first) <= 10)
    {
      *level = 2;
      for (const char *p = first; *p != '\0' && *p != ' '; p++)
        *level += *p == '.' && g_ascii_isdigit (p[1]);
      *heading = g_strdup (first);
      return HEADING_NUMBERED;
    }
  if (in_capitals (first))
    {
      *level = 2;
      *heading = g_strdup (first);
      return HEADING_CAPITALS;
    }
  return HEADING_NONE;
}

/* ===== Blocks ============================================================= */

static gboolean
is_word_byte (const char *p,
              const char *start)
{
  return p >= start && (g_ascii_isalnum (*p) || (guchar) *p >= 0x80);
}

/* "_emphasis_" → <em>emphasis</em>, when an opening and a closing
 * underscore pair up in the paragraph. */
static void
append_with_emphasis (ScInline   *inl,
                      const char *text)
{
  const char *p = text;

  for (;;)
    {
      const char *open = p;
      const char *close = NULL;

      while ((open = strchr (open, '_')) != NULL)
        {
          if (!is_word_byte (open - 1, text) && open[1] != '\0' && open[1] != '_' && !g_ascii_isspace (open[1]))
            break;
          open++;
        }
      if (open == NULL)
        break;
      for (const char *c = strchr (open + 1, '_'); c != NULL; c = strchr (c + 1, '_'))
        if (!g_ascii_isspace (c[-1]) && !is_word_byte (c + 1, text))
          {
            close = c;
            break;
          }
      if (close == NULL)
        break;

      sc_inline_append (inl, p, open - p);
      sc_inline_open (inl, "em");
      sc_inline_append (inl, open + 1, close - open - 1);
      sc_inline_close (inl);
      p = close + 1;
    }
  sc_inline_append (inl, p, -1);
}

/* The lines of a paragraph as one: a line ending in a hyphen joins the
 * next without a space ("well-" "known" → "well-known"). */
static char *
join_lines (char **lines,
            guint  n_lines)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < n_lines; i++)
    {
      g_autofree char *line = trimmed (lines[i]);

      if (joined->len > 0 && joined->str[joined->len - 1] != '-')
        g_string_append_c (joined, ' ');
      g_string_append (joined, line);
    }
  return g_string_free (joined, FALSE);
}

static char *
inline_markup (const char *text)
{
  g_autoptr(ScInline) inl = sc_inline_new ();

  append_with_emphasis (inl, text);
  return sc_inline_steal_markup (inl, NULL);
}

static gboolean
is_bullet_line (const char *line,
                gboolean    numbered)
{
  return matches (RE_BULLET, line) || (numbered && matches (RE_NUMBERED_ITEM, line));
}

static gboolean
chunk_is_list (Chunk    *chunk,
               gboolean  continuing)
{
  guint bullets = 0;

  if (!is_bullet_line (chunk->lines[0], TRUE))
    return FALSE;
  for (guint i = 0; i < chunk->n_lines; i++)
    bullets += is_bullet_line (chunk->lines[i], TRUE);
  /* "1. Introduction" alone is a heading; several numbered lines, or one
   * more item after a list, are a list. */
  return bullets >= 2 || continuing || is_bullet_line (chunk->lines[0], FALSE);
}

static void
gather_items (Reader *r,
              Chunk  *chunk)
{
  GString *item = NULL;

  if (r->items == NULL)
    r->items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i <= chunk->n_lines; i++)
    {
      const char *line = i < chunk->n_lines ? chunk->lines[i] : NULL;

      if (line == NULL || is_bullet_line (line, TRUE))
        {
          if (item != NULL)
            {
              g_ptr_array_add (r->items, inline_markup (item->str));
              g_string_free (item, TRUE);
              item = NULL;
            }
          if (line != NULL)
            {
              g_autofree char *rest = g_regex_replace_literal (text_regex (RE_ITEM_MARK), line, -1, 0, "", 0, NULL);

              item = g_string_new (rest);
            }
          continue;
        }
      g_string_append_printf (item, " %s", line);
    }
}

/* Lists and quotations run over several chunks; anything else ends them. */
static void
close_open_blocks (Reader *r)
{
  if (r->items != NULL)
    sc_import_doc_add_block (r->doc, SC_IMPORT_BLOCK_LIST, g_steal_pointer (&r->items));
  if (r->quote != NULL)
    sc_import_doc_add_block (r->doc, SC_IMPORT_BLOCK_QUOTE, g_steal_pointer (&r->quote));
}

static void
add_heading (Reader     *r,
             const char *text,
             guint       level)
{
  g_autoptr(ScInline) inl = sc_inline_new ();
  g_autofree char *markup = NULL;
  g_autofree char *plain = NULL;

  close_open_blocks (r);
  sc_inline_append (inl, text, -1);
  markup = sc_inline_steal_markup (inl, &plain);
  sc_import_doc_add_heading (r->doc, level, markup, plain);
}

static void
add_paragraph (Reader *r,
               Chunk  *chunk)
{
  g_autofree char *text = join_lines (chunk->lines, chunk->n_lines);
  GPtrArray *parts;

  if (r->quotes && chunk_is_indented (chunk))
    {
      if (r->items != NULL)
        close_open_blocks (r);
      if (r->quote == NULL)
        r->quote = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (r->quote, inline_markup (text));
      return;
    }

  close_open_blocks (r);
  parts = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (parts, inline_markup (text));
  sc_import_doc_add_block (r->doc, SC_IMPORT_BLOCK_P, parts);
}

/* ===== Title and author =================================================== */

static void
read_front (ScImportDoc *doc,
            GArray      *chunks,
            const char  *first_heading)
{
  for (guint i = 0; i < MIN (chunks->len, FRONT_CHUNKS) && doc->authors->len == 0; i++)
    {
      Chunk *chunk = &g_array_index (chunks, Chunk, i);
      g_autofree char *line = trimmed (chunk->lines[0]);
      g_autoptr(GMatchInfo) match = NULL;

      if (chunk->n_lines == 1 && g_regex_match (text_regex (RE_BY), line, 0, &match))
        {
          g_autofree char *name = g_match_info_fetch (match, 2);

          g_ptr_array_add (doc->authors, g_strdup (g_strstrip (name)));
        }
    }

  if (doc->title == NULL && first_heading != NULL)
    doc->title = g_strdup (first_heading);
  if (doc->title == NULL && chunks->len > 0)
    {
      Chunk *chunk = &g_array_index (chunks, Chunk, 0);
      g_autofree char *line = trimmed (chunk->lines[0]);

      if (chunk->n_lines == 1 && strlen (line) <= MAX_HEADING_LENGTH)
        doc->title = g_steal_pointer (&line);
    }
}

/* ===== Reading ============================================================ */

static void
read_chunks (Reader *r,
             GArray *chunks,
             char  **first_heading)
{
  for (guint i = 0; i < chunks->len; i++)
    {
      Chunk *chunk = &g_array_index (chunks, Chunk, i);
      Chunk *next = i + 1 < chunks->len ? &g_array_index (chunks, Chunk, i + 1) : NULL;
      Chunk *after = i + 2 < chunks->len ? &g_array_index (chunks, Chunk, i + 2) : NULL;
      g_autofree char *heading = NULL;
      HeadingKind kind;
      guint level = 2;
      guint consumed = 1;

      /* "* * *" and other ornaments say nothing. */
      if (!has_word_characters (chunk))
        {
          close_open_blocks (r);
          continue;
        }

      if (chunk_is_list (chunk, r->items != NULL))
        {
          if (r->quote != NULL)
            close_open_blocks (r);
          gather_items (r, chunk);
          continue;
        }

      kind = chunk_heading (chunk, next, after, &heading, &level, &consumed);
      if (kind == HEADING_CAPITALS)
        {
          /* A title page in capitals over several lines is one heading;
           * more than one blank line sets the next heading apart. */
          while (next != NULL && next->gap == 1 && strlen (heading) < MAX_TITLE_BLOCK)
            {
              g_autofree char *more = NULL;
              g_autofree char *shorter = NULL;
              guint more_level, more_consumed;

              if (chunk_heading (next, NULL, NULL, &more, &more_level, &more_consumed) != HEADING_CAPITALS)
                break;
              shorter = g_steal_pointer (&heading);
              heading = g_strconcat (shorter, " ", more, NULL);
              consumed++;
              next = i + consumed < chunks->len ? &g_array_index (chunks, Chunk, i + consumed) : NULL;
            }
        }

      if (kind != HEADING_NONE)
        {
          add_heading (r, heading, level);
          if (*first_heading == NULL && i < 3)
            *first_heading = g_strdup (heading);
          i += consumed - 1;
          continue;
        }

      add_paragraph (r, chunk);
    }
  close_open_blocks (r);
}

/* Indented chunks are quotations only where most text is not indented. */
static gboolean
indent_means_quote (GArray *chunks)
{
  guint indented = 0;

  for (guint i = 0; i < chunks->len; i++)
    indented += chunk_is_indented (&g_array_index (chunks, Chunk, i));
  return indented * 2 < chunks->len;
}

gboolean
sc_import_text_read (ScImportDoc  *doc,
                     const char   *data,
                     gsize         length,
                     const char   *display_name,
                     GError      **error)
{
  g_autofree char *text = NULL;
  g_autofree char *first_heading = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) chunks = NULL;
  Reader r = { 0 };
  char *body;
  gssize start, end;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);

  text = decode (data, length, display_name, error);
  if (text == NULL)
    return FALSE;
  normalize_newlines (text);

  /* Project Gutenberg: the book is between the markers; the header before
   * it names the book, the license after it is theirs. */
  body = text;
  start = sc_import_gutenberg_start (text, strlen (text));
  if (start >= 0)
    {
      g_autofree char *header = g_strndup (text, start);

      sc_import_doc_read_gutenberg_header (doc, header);
      body = text + start;
    }
  end = sc_import_gutenberg_end (body, strlen (body));
  if (end >= 0)
    body[end] = '\0';
  if (start >= 0 || end >= 0)
    sc_import_doc_set_gutenberg (doc, NULL);

  lines = g_strsplit (body, "\n", -1);
  chunks = split_chunks (lines);

  r.doc = doc;
  r.quotes = indent_means_quote (chunks);
  read_chunks (&r, chunks, &first_heading);
  read_front (doc, chunks, first_heading);
  return TRUE;
}
