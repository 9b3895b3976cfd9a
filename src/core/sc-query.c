/* sc-query.c: what a person types → a safe FTS5 MATCH expression
 *
 * Three steps: the input is made valid and short (prepare_input), read into
 * items — terms and OR operators (lex), and written out as an expression in
 * which every token is a quoted FTS5 string (build_match). Nothing typed is
 * ever copied into the expression outside quotes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sc-query.h"

typedef enum {
  ITEM_TERM,
  ITEM_OR,
} ItemKind;

/* A word or a quoted phrase (a term), or an upper-case OR. */
typedef struct {
  ItemKind   kind;
  gboolean   negated;
  gboolean   prefix;
  GPtrArray *tokens;  /* (element-type utf8) lower case, one FTS5 phrase */
} Item;

static Item *
item_new (void)
{
  Item *item = g_new0 (Item, 1);

  item->kind = ITEM_TERM;
  item->tokens = g_ptr_array_new_with_free_func (g_free);
  return item;
}

static void
item_free (Item *item)
{
  g_ptr_array_unref (item->tokens);
  g_free (item);
}

static gboolean
item_is_positive_term (const Item *item)
{
  return item != NULL && item->kind == ITEM_TERM && !item->negated;
}

/* unicode61 starts a token at a letter, a digit or a private-use character
 * (its default categories "L* N* Co")… */
#define TOKEN_START_TYPES ((1u << G_UNICODE_LOWERCASE_LETTER) | \
                           (1u << G_UNICODE_MODIFIER_LETTER) | \
                           (1u << G_UNICODE_OTHER_LETTER) | \
                           (1u << G_UNICODE_TITLECASE_LETTER) | \
                           (1u << G_UNICODE_UPPERCASE_LETTER) | \
                           (1u << G_UNICODE_DECIMAL_NUMBER) | \
                           (1u << G_UNICODE_LETTER_NUMBER) | \
                           (1u << G_UNICODE_OTHER_NUMBER) | \
                           (1u << G_UNICODE_PRIVATE_USE))

static gboolean
is_token_start (gunichar c)
{
  return (TOKEN_START_TYPES & (1u << g_unichar_type (c))) != 0;
}

/* …and lets a token go on through the combining accents it removes. Other
 * marks (Devanagari's virama, Hebrew points) separate tokens, as they do in
 * SQLite. This is sqlite3Fts5UnicodeIsdiacritic(), SQLite 3.40. */
static gboolean
is_sqlite_diacritic (gunichar c)
{
  const guint32 mask0 = 0x08029FDF;
  const guint32 mask1 = 0x000361F8;

  if (c < 0x300 || c > 0x331)
    return FALSE;
  if (c < 0x300 + 32)
    return (mask0 & (1u << (c - 0x300))) != 0;
  return (mask1 & (1u << (c - 0x300 - 32))) != 0;
}

static gboolean
is_token_char (gunichar c)
{
  return is_token_start (c) || is_sqlite_diacritic (c);
}

/* Control characters are invisible: read them as the space they look like. */
static gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_iscntrl (c);
}

/* Splits [p, end) into tokens as unicode61 would, lower-casing each
 * character the way SQLite does (one to one). Accents stay: SQLite removes
 * them from the query as it did from the text. */
static void
tokenize (const char *p,
          const char *end,
          GPtrArray  *tokens)
{
  GString *token = NULL;

  for (; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (token == NULL ? is_token_start (c) : is_token_char (c))
        {
          if (token == NULL)
            token = g_string_new (NULL);
          g_string_append_unichar (token, g_unichar_tolower (c));
        }
      else if (token != NULL)
        {
          g_ptr_array_add (tokens, g_string_free (token, FALSE));
          token = NULL;
        }
    }

  if (token != NULL)
    g_ptr_array_add (tokens, g_string_free (token, FALSE));
}

/* A phrase runs from after its opening quote to the closing quote, or to the
 * end when the quote is never closed. A star right after the closing quote
 * makes the phrase's last token a prefix. */
static const char *
lex_phrase (const char *p,
            const char *end,
            Item       *item)
{
  const char *close = memchr (p, '"', end - p);

  if (close == NULL)
    {
      tokenize (p, end, item->tokens);
      return end;
    }

  tokenize (p, close, item->tokens);
  for (p = close + 1; p < end && *p == '*'; p++)
    item->prefix = TRUE;
  return p;
}

/* A word runs to the next space or quote. Trailing stars make it a prefix
 * only when they follow a token character: "strike*", not "c++*". */
static const char *
lex_word (const char *p,
          const char *end,
          Item       *item)
{
  const char *word_end = p;
  const char *stars;

  while (word_end < end && *word_end != '"' && !is_space (g_utf8_get_char (word_end)))
    word_end = g_utf8_next_char (word_end);

  for (stars = word_end; stars > p && stars[-1] == '*'; stars--)
    ;
  if (stars > p && stars < word_end)
    item->prefix = is_token_char (g_utf8_get_char (g_utf8_prev_char (stars)));

  if (!item->negated && word_end - p == 2 && memcmp (p, "OR", 2) == 0)
    item->kind = ITEM_OR;
  else
    tokenize (p, word_end, item->tokens);

  return word_end;
}

/* Reads valid UTF-8 into items. Items without tokens ("*", "-", "((") are
 * dropped: they have nothing to search for. */
static GPtrArray *
lex (const char *p,
     const char *end)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);

  while (p < end)
    {
      Item *item;

      if (is_space (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          continue;
        }

      item = item_new ();
      if (*p == '-' && p + 1 < end && !is_space (g_utf8_get_char (p + 1)))
        {
          item->negated = TRUE;
          p++;
        }

      if (*p == '"')
        p = lex_phrase (p + 1, end, item);
      else
        p = lex_word (p, end, item);

      if (item->kind == ITEM_OR || item->tokens->len > 0)
        g_ptr_array_add (items, item);
      else
        item_free (item);
    }

  return items;
}

/* Keeps the first SC_QUERY_MAX_TERMS terms; an OR left dangling by the cut
 * goes with the term it was joining. Returns whether anything was cut. */
static gboolean
cap_terms (GPtrArray *items)
{
  guint n_terms = 0;

  for (guint i = 0; i < items->len; i++)
    {
      const Item *item = g_ptr_array_index (items, i);

      if (item->kind == ITEM_TERM && ++n_terms > SC_QUERY_MAX_TERMS)
        {
          g_ptr_array_set_size (items, i);
          while (items->len > 0 &&
                 ((Item *) g_ptr_array_index (items, items->len - 1))->kind == ITEM_OR)
            g_ptr_array_set_size (items, items->len - 1);
          return TRUE;
        }
    }

  return FALSE;
}

/* OR joins two positive terms. Anywhere else ("OR", "a OR", "OR -b") it is
 * what it looks like: the word "or". Left to right, so in "a OR OR b" the
 * first becomes a word and the second joins it to b. */
static void
resolve_or (GPtrArray *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);
      const Item *prev = i > 0 ? g_ptr_array_index (items, i - 1) : NULL;
      const Item *next = i + 1 < items->len ? g_ptr_array_index (items, i + 1) : NULL;

      if (item->kind != ITEM_OR)
        continue;
      if (item_is_positive_term (prev) && item_is_positive_term (next))
        continue;

      item->kind = ITEM_TERM;
      g_ptr_array_add (item->tokens, g_strdup ("or"));
    }
}

/* "tok tok"* — an FTS5 string, its quotes doubled, so no token is ever read
 * as an operator, a column name or a NEAR group. */
static void
append_phrase (GString    *out,
               const Item *item)
{
  g_string_append_c (out, '"');
  for (guint i = 0; i < item->tokens->len; i++)
    {
      const char *token = g_ptr_array_index (item->tokens, i);

      if (i > 0)
        g_string_append_c (out, ' ');
      for (const char *p = token; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
  if (item->prefix)
    g_string_append_c (out, '*');
}

static void
phrase_free (ScQueryPhrase *phrase)
{
  g_strfreev (phrase->tokens);
  g_free (phrase->match);
  g_free (phrase);
}

static ScQueryPhrase *
phrase_new (const Item *item,
            guint       group)
{
  ScQueryPhrase *phrase = g_new0 (ScQueryPhrase, 1);
  GString *match = g_string_new (NULL);

  phrase->tokens = g_new0 (char *, item->tokens->len + 1);
  for (guint i = 0; i < item->tokens->len; i++)
    phrase->tokens[i] = sc_query_fold (g_ptr_array_index (item->tokens, i));
  phrase->prefix = item->prefix;
  phrase->negated = item->negated;
  phrase->group = group;
  append_phrase (match, item);
  phrase->match = g_string_free (match, FALSE);
  return phrase;
}

static void
add_terms (ScQuery    *query,
           const Item *item)
{
  for (guint i = 0; i < item->tokens->len; i++)
    {
      char *folded = sc_query_fold (g_ptr_array_index (item->tokens, i));

      if (g_ptr_array_find_with_equal_func (query->terms, folded, g_str_equal, NULL))
        g_free (folded);
      else
        g_ptr_array_add (query->terms, folded);
    }
  query->has_prefix |= item->prefix;
}

/* Positive parts are joined with an explicit AND: FTS5 3.40 only lets
 * plain phrases stand side by side, not a parenthesised OR group. NOT binds
 * tighter than AND in FTS5; the parentheses say so rather than rely on it.
 *
 *   (("labor" OR "labour") AND "party") NOT ("wildcat" OR "scab")
 */
static char *
build_match (ScQuery   *query,
             GPtrArray *items)
{
  g_autoptr(GString) positive = g_string_new (NULL);
  g_autoptr(GString) negative = g_string_new (NULL);
  g_autoptr(GPtrArray) negated = g_ptr_array_new ();
  guint n_positive = 0;
  guint i = 0;

  while (i < items->len)
    {
      const Item *item = g_ptr_array_index (items, i);
      guint last = i;

      if (item->negated)
        {
          if (negative->len > 0)
            g_string_append (negative, " OR ");
          append_phrase (negative, item);
          g_ptr_array_add (negated, phrase_new (item, 0));
          i++;
          continue;
        }

      /* resolve_or() left only ORs between positive terms */
      while (last + 2 < items->len &&
             ((Item *) g_ptr_array_index (items, last + 1))->kind == ITEM_OR)
        last += 2;

      if (n_positive++ > 0)
        g_string_append (positive, " AND ");
      if (last > i)
        g_string_append_c (positive, '(');
      for (guint k = i; k <= last; k += 2)
        {
          if (k > i)
            g_string_append (positive, " OR ");
          append_phrase (positive, g_ptr_array_index (items, k));
          add_terms (query, g_ptr_array_index (items, k));
          g_ptr_array_add (query->phrases, phrase_new (g_ptr_array_index (items, k), n_positive - 1));
        }
      if (last > i)
        g_string_append_c (positive, ')');
      i = last + 1;
    }

  /* "-foo" alone would ask for every row without foo: too much to show,
   * and FTS5 cannot say it anyway. */
  query->n_groups = n_positive;
  if (n_positive == 0)
    {
      g_ptr_array_set_size (query->phrases, 0);
      g_ptr_array_foreach (negated, (GFunc) phrase_free, NULL);
      return NULL;
    }
  /* FTS5 numbers phrases in the order they appear: the negated come last. */
  for (guint k = 0; k < negated->len; k++)
    g_ptr_array_add (query->phrases, g_ptr_array_index (negated, k));
  if (negative->len == 0)
    return g_string_free (g_steal_pointer (&positive), FALSE);
  if (n_positive > 1)
    return g_strdup_printf ("(%s) NOT (%s)", positive->str, negative->str);
  return g_strdup_printf ("%s NOT (%s)", positive->str, negative->str);
}

/* Cuts valid UTF-8 to at most @max bytes without splitting a character. */
static void
utf8_truncate (char  *text,
               gsize  max)
{
  gsize len = strlen (text);

  if (len <= max)
    return;
  while (max > 0 && (text[max] & 0xC0) == 0x80)
    max--;
  text[max] = '\0';
}

/* Valid UTF-8 (bad bytes become U+FFFD, which separates tokens) of at most
 * SC_QUERY_MAX_INPUT bytes. Reads no further than needed, however long the
 * input. */
static char *
prepare_input (const char *input,
               gboolean   *truncated)
{
  gsize len = strnlen (input, SC_QUERY_MAX_INPUT + 1);
  char *text;

  if (len > SC_QUERY_MAX_INPUT)
    {
      *truncated = TRUE;
      len = SC_QUERY_MAX_INPUT;
      while (len > 0 && (input[len] & 0xC0) == 0x80)
        len--;
    }

  /* A replacement takes three bytes where the bad byte took one. */
  text = g_utf8_make_valid (input, len);
  utf8_truncate (text, SC_QUERY_MAX_INPUT);
  return text;
}

ScQuery *
sc_query_parse (const char *input)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *text = NULL;
  ScQuery *query;

  g_return_val_if_fail (input != NULL, NULL);

  query = g_new0 (ScQuery, 1);
  query->terms = g_ptr_array_new_with_free_func (g_free);
  query->phrases = g_ptr_array_new_with_free_func ((GDestroyNotify) phrase_free);

  text = prepare_input (input, &query->truncated);
  items = lex (text, text + strlen (text));
  if (cap_terms (items))
    query->truncated = TRUE;
  resolve_or (items);
  query->match = build_match (query, items);

  return query;
}

void
sc_query_free (ScQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->match);
  g_ptr_array_unref (query->terms);
  g_ptr_array_unref (query->phrases);
  g_free (query);
}

char *
sc_query_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), NULL);

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  out = g_string_sized_new (strlen (decomposed));

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        continue;

      c = g_unichar_tolower (c);
      /* SQLite's remove_diacritics folds these two as well */
      if (c == 0x017F)          /* ſ LATIN SMALL LETTER LONG S */
        c = 's';
      else if (c == 0x03C2)     /* ς GREEK SMALL LETTER FINAL SIGMA */
        c = 0x03C3;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}
