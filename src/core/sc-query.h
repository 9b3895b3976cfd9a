/* sc-query.h: what a person types → a safe FTS5 MATCH expression
 *
 * The only way user text reaches FTS5's query syntax. Understands words,
 * "phrases", prefix*, OR, and -exclusion; everything else is read as words,
 * so no input produces an FTS5 syntax error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Input longer than this (in bytes) is cut at a character boundary. */
#define SC_QUERY_MAX_INPUT 1024
/* At most this many terms (words, phrases) are used. */
#define SC_QUERY_MAX_TERMS 32

/* One FTS5 phrase of the expression: a word, a quoted phrase, a prefix. */
typedef struct {
  char      **tokens;   /* folded as the index folds them */
  gboolean    prefix;   /* the last token is a prefix */
  gboolean    negated;
  guint       group;    /* positive phrases: the AND group (OR alternatives share one) */
  char       *match;    /* this phrase alone, as an FTS5 expression */
} ScQueryPhrase;

typedef struct {
  char       *match;     /* the FTS5 MATCH expression, or NULL when nothing is searchable */
  GPtrArray  *terms;     /* (element-type utf8) the positive words, folded, for highlighting */
  gboolean    has_prefix;
  gboolean    truncated; /* input or terms were cut */
  GPtrArray  *phrases;   /* (element-type ScQueryPhrase) in the order FTS5 numbers them */
  guint       n_groups;  /* positive AND groups */
} ScQuery;

/* Never returns NULL. Words are split into tokens the way the index's
 * unicode61 tokenizer splits them; a word of several tokens ("U.S.A.")
 * becomes a phrase ("u s a"). Every token is emitted as an FTS5 string, so
 * nothing the person types can act as an operator or a column filter:
 *
 *   labor OR labour party -wildcat
 *     → (("labor" OR "labour") AND "party") NOT ("wildcat")
 *
 * "OR" (upper case) is an operator only between two positive terms; else it
 * is the word "or". A query with nothing but exclusions has no match. */
ScQuery *sc_query_parse (const char *input);
void     sc_query_free  (ScQuery    *query);

/* Lower case, diacritics removed, long s as s: the form of ScQuery.terms.
 * The reader folds a text's words with this to find what to highlight.
 * @text must be valid UTF-8. */
char    *sc_query_fold  (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScQuery, sc_query_free)

G_END_DECLS
