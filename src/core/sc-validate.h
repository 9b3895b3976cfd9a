/* sc-validate.h: checking files against the RELAX NG schemas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SC_DOC_UNKNOWN,
  SC_DOC_TEXT,          /* native <text> */
  SC_DOC_TEI,           /* TEI P5 <TEI> */
  SC_DOC_GUIDE,         /* <guide> */
  SC_DOC_GLOSSARY,      /* <glossary> */
  SC_DOC_PROGRESS,      /* <progress> (study group exchange files) */
} ScDocKind;

/* Sniffs the root element of a file without parsing it whole. */
ScDocKind   sc_doc_kind_sniff      (const char  *data,
                                    gsize        length);
const char *sc_doc_kind_to_string  (ScDocKind    kind);

/* Validates one file: well-formedness, then its schema and the unique ids a
 * schema cannot check (native formats and <progress> files, against
 * data/schema/progress.rng; TEI is valid when the text reader can read it).
 * Returns TRUE when valid; otherwise appends one
 * "FILE:LINE: message" string per problem to @problems (which may be NULL).
 * The schemas are compiled into the core (a GResource), so no schema folder
 * is ever needed at run time. */
gboolean    sc_validate_file       (const char  *path,
                                    GPtrArray   *problems);
gboolean    sc_validate_memory     (const char  *data,
                                    gsize        length,
                                    const char  *path,
                                    GPtrArray   *problems);

G_END_DECLS
