/* test-query.c: the query module against a real SQLite FTS5 table
 *
 * The exact expression for each documented case, then the property the
 * module exists for: whatever is typed, FTS5 accepts what comes out. Checked
 * for the table's inputs and for thousands of random strings on an in-memory
 * table with the index's tokenizer, and finally what the searches find.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <string.h>

#include "sc-query.h"

#define N_RANDOM 2000

typedef struct {
  const char *input;
  const char *match;  /* NULL: nothing to search */
} Case;

static const Case cases[] = {
  /* the syntax understood */
  { "huelga general", "\"huelga\" AND \"general\"" },
  { "\"stamp act\"", "\"stamp act\"" },
  { "strike*", "\"strike\"*" },
  { "\"stamp ac\"*", "\"stamp ac\"*" },
  { "labor OR labour", "(\"labor\" OR \"labour\")" },
  { "a OR b OR c", "(\"a\" OR \"b\" OR \"c\")" },
  { "strike -wildcat", "\"strike\" NOT (\"wildcat\")" },
  { "\"six nations\" -treaty", "\"six nations\" NOT (\"treaty\")" },
  { "a -b -\"c d\"", "\"a\" NOT (\"b\" OR \"c d\")" },
  { "labor OR labour party -wildcat",
    "((\"labor\" OR \"labour\") AND \"party\") NOT (\"wildcat\")" },
  { "or nothing", "\"or\" AND \"nothing\"" },
  /* one typed word, several tokens: a phrase */
  { "c++", "\"c\"" },
  { "c++*", "\"c\"" },
  { "U.S.A.", "\"u s a\"" },
  { "don't", "\"don t\"" },
  { "50%", "\"50\"" },
  { "state-of-the-art", "\"state of the art\"" },
  { "col:x", "\"col x\"" },
  { "title:foo", "\"title foo\"" },
  { "foo*bar", "\"foo bar\"" },
  { "NEAR(a b)", "\"near a\" AND \"b\"" },
  { "a\"b c\"d", "\"a\" AND \"b c\" AND \"d\"" },
  /* operators FTS5 knows but we do not: words */
  { "AND", "\"and\"" },
  { "NOT x", "\"not\" AND \"x\"" },
  { "OR", "\"or\"" },
  { "a OR", "\"a\" AND \"or\"" },
  { "OR b", "\"or\" AND \"b\"" },
  { "a OR -b", "(\"a\" AND \"or\") NOT (\"b\")" },
  { "a OR OR b", "\"a\" AND (\"or\" OR \"b\")" },
  { "^start", "\"start\"" },
  { "\"unbalanced", "\"unbalanced\"" },
  /* case, accents, the long s: SQLite folds them, the expression keeps accents */
  { "Banneker", "\"banneker\"" },
  { "Constitución", "\"constitución\"" },
  { "conſtitution", "\"conſtitution\"" },
  { "e\xcc\x81tat", "\"e\xcc\x81tat\"" },
  { "\xcc\x81" "a", "\"a\"" },
  { "ΟΔΟΣ", "\"οδοσ\"" },
  /* other scripts */
  { "工人運動", "\"工人運動\"" },
  { "إضراب عام", "\"إضراب\" AND \"عام\"" },
  { "\xe2\x80\x8fשביתה\xe2\x80\x8e", "\"שביתה\"" },
  { "✊ strike 🌹", "\"strike\"" },
  { "🌹", NULL },
  /* nothing to search for */
  { "", NULL },
  { "   ", NULL },
  { "*", NULL },
  { "**", NULL },
  { "-", NULL },
  { "\"\"", NULL },
  { "\"\"*", NULL },
  { "(", NULL },
  { "((", NULL },
  { "^", NULL },
  { ":", NULL },
  { "-only", NULL },
  { "--only", NULL },
  { "-\"six nations\"", NULL },
  { "-OR", NULL },
  { "- foo", "\"foo\"" },
  /* control characters read as space; bad bytes as a separator */
  { "strike\x01\x02wildcat\x7f", "\"strike\" AND \"wildcat\"" },
  { "\t\x1b[1mbold\x1b[0m\r\n", "\"1mbold\" AND \"0m\"" },
  { "stri\xffke \xc3(", "\"stri ke\"" },
  { "\xfe\xff\xc0\x80", NULL },
};

typedef struct {
  gint64      rowid;
  const char *title;
  const char *authors;
  const char *body;
} Row;

static const Row rows[] = {
  { 1, "Constitución de la República", NULL, "Artículo primero." },
  { 2, "Minutes", NULL, "Under the conſtitution of Pennſylvania." },
  { 3, "A constitution for the union", NULL, NULL },
  { 4, NULL, NULL, "A strike at the mill." },
  { 5, NULL, NULL, "Strikes in every town." },
  { 6, NULL, NULL, "A wildcat strike at the plant." },
  { 7, "Repeal of the Stamp Act", NULL, NULL },
  { 8, NULL, NULL, "An act to repeal the stamp duties." },
  { 9, "The labor party", NULL, NULL },
  { 10, "The labour movement", NULL, NULL },
  { 11, "Almanac", "Benjamin Banneker", NULL },
  { 12, NULL, NULL, "La huelga general; the U.S.A. in 1919." },
  { 13, NULL, NULL, "工人運動 — إضراب عام" },
  { 14, NULL, NULL, "Don't mourn, organize!" },
};

static sqlite3 *
fixture_db_open (void)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE VIRTUAL TABLE fts USING fts5("
                                 "  title, authors, heading, body,"
                                 "  tokenize = 'unicode61 remove_diacritics 2')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO fts (rowid, title, authors, body)"
                                       " VALUES (?, ?, ?, ?)",
                                       -1, &insert, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      sqlite3_bind_int64 (insert, 1, rows[i].rowid);
      sqlite3_bind_text (insert, 2, rows[i].title, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, rows[i].authors, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, rows[i].body, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
      sqlite3_reset (insert);
    }

  sqlite3_finalize (insert);
  return db;
}

/* The rowids @match finds, as "4 6"; "" for none; "error: …" when FTS5
 * rejects the expression. */
static char *
run_match (sqlite3    *db,
           const char *match)
{
  g_autoptr(GString) found = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid",
                           -1, &stmt, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (found, "%s%" G_GINT64_FORMAT,
                            found->len > 0 ? " " : "",
                            (gint64) sqlite3_column_int64 (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      g_string_printf (found, "error: %s", sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return g_string_free (g_steal_pointer (&found), FALSE);
    }

  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&found), FALSE);
}

/* What the search box would show for @input. */
static char *
search (sqlite3    *db,
        const char *input)
{
  g_autoptr(ScQuery) query = sc_query_parse (input);

  if (query->match == NULL)
    return g_strdup ("");
  return run_match (db, query->match);
}

/* The property: either nothing to search, or an expression FTS5 runs. */
static void
assert_fts5_accepts (sqlite3    *db,
                     const char *input)
{
  g_autoptr(ScQuery) query = sc_query_parse (input);
  g_autofree char *found = NULL;

  g_assert_nonnull (query);
  g_assert_nonnull (query->terms);
  /* an expression exactly when there is a positive term to highlight */
  g_assert_cmpint (query->match != NULL, ==, query->terms->len > 0);
  if (query->match == NULL)
    return;

  g_assert_true (g_utf8_validate (query->match, -1, NULL));
  found = run_match (db, query->match);
  if (g_str_has_prefix (found, "error:"))
    {
      g_autofree char *escaped = g_strescape (input, NULL);

      g_test_message ("input \"%s\" gave %s (%s)", escaped, query->match, found);
    }
  g_assert_false (g_str_has_prefix (found, "error:"));
}

static void
test_query_expressions (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ScQuery) query = sc_query_parse (cases[i].input);
      g_autofree char *escaped = g_strescape (cases[i].input, NULL);

      g_test_message ("input: %s", escaped);
      g_assert_cmpstr (query->match, ==, cases[i].match);
      g_assert_false (query->truncated);
    }
}

static void
test_query_terms (void)
{
  g_autoptr(ScQuery) mixed = sc_query_parse ("strik* Constitución conſtitution U.S.A. -wildcat Strike");
  g_autoptr(ScQuery) alternatives = sc_query_parse ("labor OR labour party -wildcat");
  g_autoptr(ScQuery) repeated = sc_query_parse ("strike Strike STRIKE \"strike\"");
  g_autoptr(ScQuery) greek = sc_query_parse ("ΟΔΟΣ ὁδός");
  g_autoptr(ScQuery) excluded = sc_query_parse ("-strike*");
  const char *mixed_terms[] = { "strik", "constitucion", "constitution", "u", "s", "a", "strike" };
  const char *alternative_terms[] = { "labor", "labour", "party" };

  g_assert_cmpuint (mixed->terms->len, ==, G_N_ELEMENTS (mixed_terms));
  for (guint i = 0; i < G_N_ELEMENTS (mixed_terms); i++)
    g_assert_cmpstr (g_ptr_array_index (mixed->terms, i), ==, mixed_terms[i]);
  g_assert_true (mixed->has_prefix);

  g_assert_cmpuint (alternatives->terms->len, ==, G_N_ELEMENTS (alternative_terms));
  for (guint i = 0; i < G_N_ELEMENTS (alternative_terms); i++)
    g_assert_cmpstr (g_ptr_array_index (alternatives->terms, i), ==, alternative_terms[i]);
  g_assert_false (alternatives->has_prefix);

  g_assert_cmpuint (repeated->terms->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (repeated->terms, 0), ==, "strike");

  g_assert_cmpuint (greek->terms->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (greek->terms, 0), ==, "οδοσ");

  /* an excluded prefix is not a term and highlights nothing */
  g_assert_null (excluded->match);
  g_assert_cmpuint (excluded->terms->len, ==, 0);
  g_assert_false (excluded->has_prefix);
}

static void
test_query_fold (void)
{
  const struct { const char *in, *out; } folds[] = {
    { "Constitución", "constitucion" },
    { "CONSTITUCIO\xcc\x81N", "constitucion" },
    { "conſtitution", "constitution" },
    { "ẛ", "s" },
    { "Ÿ", "y" },
    { "Straße", "straße" },
    { "ΟΔΟΣ", "οδοσ" },
    { "工人運動", "工人運動" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (folds); i++)
    {
      g_autofree char *folded = sc_query_fold (folds[i].in);

      g_assert_cmpstr (folded, ==, folds[i].out);
    }
}

static void
test_query_truncation (void)
{
  g_autoptr(GString) words = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) accents = g_string_new (NULL);
  g_autoptr(GString) ors = g_string_new (NULL);
  g_autofree char *letters = NULL;
  g_autofree char *exact = g_strnfill (SC_QUERY_MAX_INPUT, 'a');
  g_autoptr(ScQuery) by_words = NULL;
  g_autoptr(ScQuery) by_bytes = NULL;
  g_autoptr(ScQuery) by_chars = NULL;
  g_autoptr(ScQuery) at_limit = NULL;
  g_autoptr(ScQuery) dangling_or = NULL;
  glong n_chars;

  /* 10 KB of distinct short words: the first SC_QUERY_MAX_TERMS are kept */
  for (guint i = 0; words->len < 10 * 1024; i++)
    g_string_append_printf (words, "w%u ", i);
  for (guint i = 0; i < SC_QUERY_MAX_TERMS; i++)
    g_string_append_printf (expected, "%s\"w%u\"", i > 0 ? " AND " : "", i);
  by_words = sc_query_parse (words->str);
  g_assert_true (by_words->truncated);
  g_assert_cmpstr (by_words->match, ==, expected->str);
  g_assert_cmpuint (by_words->terms->len, ==, SC_QUERY_MAX_TERMS);

  /* 10 KB of one letter: cut to SC_QUERY_MAX_INPUT bytes */
  letters = g_strnfill (10 * 1024, 'a');
  by_bytes = sc_query_parse (letters);
  g_assert_true (by_bytes->truncated);
  g_assert_cmpuint (strlen (by_bytes->match), ==, SC_QUERY_MAX_INPUT + 2);

  /* 10 KB of two-byte é: cut between characters, never inside one */
  while (accents->len < 10 * 1024 + 1)
    g_string_append (accents, "é");
  by_chars = sc_query_parse (accents->str);
  g_assert_true (by_chars->truncated);
  g_assert_true (g_utf8_validate (by_chars->match, -1, NULL));
  n_chars = g_utf8_strlen (by_chars->match, -1);
  g_assert_cmpint (n_chars, ==, SC_QUERY_MAX_INPUT / 2 + 2);

  /* exactly at the limit: nothing cut */
  at_limit = sc_query_parse (exact);
  g_assert_false (at_limit->truncated);
  g_assert_cmpuint (strlen (at_limit->match), ==, SC_QUERY_MAX_INPUT + 2);

  /* the cut falls after an OR: it goes, and does not become a 33rd term */
  for (guint i = 0; i <= SC_QUERY_MAX_TERMS; i++)
    g_string_append_printf (ors, "t%u OR ", i);
  dangling_or = sc_query_parse (ors->str);
  g_assert_true (dangling_or->truncated);
  g_assert_cmpuint (dangling_or->terms->len, ==, SC_QUERY_MAX_TERMS);
  g_assert_true (g_str_has_prefix (dangling_or->match, "(\"t0\" OR \"t1\" OR "));
  g_assert_true (g_str_has_suffix (dangling_or->match, " OR \"t31\")"));
}

static void
test_query_table_inputs_accepted (void)
{
  sqlite3 *db = fixture_db_open ();
  g_autoptr(GString) long_input = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_fts5_accepts (db, cases[i].input);

  while (long_input->len < 10 * 1024)
    g_string_append (long_input, "\"x* -:( OR ^ NOT ſé ");
  assert_fts5_accepts (db, long_input->str);

  sqlite3_close (db);
}

/* Any bytes but NUL, valid UTF-8 or not. */
static char *
random_bytes (void)
{
  int len = g_test_rand_int_range (0, 48);
  char *s = g_malloc (len + 1);

  for (int i = 0; i < len; i++)
    s[i] = (char) g_test_rand_int_range (1, 256);
  s[len] = '\0';
  return s;
}

/* Any characters, from every plane: letters SQLite's older Unicode tables
 * do not know, marks, symbols, private use. */
static char *
random_characters (void)
{
  int len = g_test_rand_int_range (0, 16);
  GString *s = g_string_new (NULL);

  while (len > 0)
    {
      gunichar c = g_test_rand_int_range (1, 0x110000);

      if (!g_unichar_validate (c))
        continue;
      g_string_append_unichar (s, c);
      len--;
    }
  return g_string_free (s, FALSE);
}

/* Pieces of query syntax, FTS5's and ours, with words between them. */
static char *
random_syntax (void)
{
  static const char *alphabet[] = {
    "\"", "*", "-", ":", "(", ")", "^", "+", "{", "}", ",", ".", "'", " ",
    " ", "\t", "OR", "AND", "NOT", "NEAR", "NEAR/2", "or", "a", "b", "é",
    "ſ", "e\xcc\x81", "\xcc\x81", "🌹", "工", "ع", "\x01", "\xff", "title",
  };
  int len = g_test_rand_int_range (0, 24);
  GString *s = g_string_new (NULL);

  for (int i = 0; i < len; i++)
    g_string_append (s, alphabet[g_test_rand_int_range (0, G_N_ELEMENTS (alphabet))]);
  return g_string_free (s, FALSE);
}

static void
test_query_random_inputs_accepted (void)
{
  char *(*generators[]) (void) = { random_bytes, random_characters, random_syntax };
  sqlite3 *db = fixture_db_open ();

  for (guint g = 0; g < G_N_ELEMENTS (generators); g++)
    for (guint i = 0; i < N_RANDOM; i++)
      {
        g_autofree char *input = generators[g] ();

        assert_fts5_accepts (db, input);
      }

  sqlite3_close (db);
}

static void
test_query_finds (void)
{
  const struct { const char *input, *found; } searches[] = {
    /* accents and the long s, both ways */
    { "constitucion", "1" },
    { "CONSTITUCIÓN", "1" },
    { "conſtitution", "2 3" },
    { "constitution", "2 3" },
    { "pennsylvania", "2" },
    /* prefix */
    { "strik*", "4 5 6" },
    { "strike", "4 6" },
    /* phrase: "stamp act", not "act … stamp" */
    { "\"stamp act\"", "7" },
    { "stamp act", "7 8" },
    /* exclusion */
    { "strike -wildcat", "4" },
    { "strik* -wildcat -town", "4" },
    { "-wildcat", "" },
    /* OR */
    { "labor OR labour", "9 10" },
    { "labor OR labour party", "9" },
    { "labor OR labour -party", "10" },
    /* every column, and words read the way the text was */
    { "Banneker", "11" },
    { "huelga general", "12" },
    { "U.S.A.", "12" },
    { "u s a", "12" },
    { "don't", "14" },
    { "工人運動", "13" },
    { "إضراب", "13" },
    /* syntax FTS5 would have taken, read as words */
    { "title:repeal", "" },
    { "repeal NOT duties", "" },
    { "NEAR(stamp act)", "" },
  };
  sqlite3 *db = fixture_db_open ();

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autofree char *found = search (db, searches[i].input);

      g_test_message ("search: %s", searches[i].input);
      g_assert_cmpstr (found, ==, searches[i].found);
    }

  sqlite3_close (db);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/query/expressions", test_query_expressions);
  g_test_add_func ("/query/terms", test_query_terms);
  g_test_add_func ("/query/fold", test_query_fold);
  g_test_add_func ("/query/truncation", test_query_truncation);
  g_test_add_func ("/query/accepted/table", test_query_table_inputs_accepted);
  g_test_add_func ("/query/accepted/random", test_query_random_inputs_accepted);
  g_test_add_func ("/query/finds", test_query_finds);

  return g_test_run ();
}
