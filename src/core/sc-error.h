/* sc-error.h: the error domain of Study Circle's core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SC_ERROR (sc_error_quark ())

typedef enum {
  SC_ERROR_FAILED,      /* anything else */
  SC_ERROR_IO,          /* a file could not be read or written */
  SC_ERROR_PARSE,       /* not well-formed XML, bad encoding, hostile markup */
  SC_ERROR_INVALID,     /* well-formed, but not what the format says */
  SC_ERROR_LIMIT,       /* too big, too deep, too many */
  SC_ERROR_NOT_FOUND,   /* an id that names nothing */
  SC_ERROR_DUPLICATE,   /* an id used twice */
  SC_ERROR_DATABASE,    /* SQLite said no */
  SC_ERROR_CANCELLED,   /* stopped on request */
  SC_ERROR_USAGE,       /* a caller passed something meaningless */
  SC_ERROR_DAMAGED,     /* a file of user data failed its check: refused, never written */
  SC_ERROR_INDEX_DAMAGED, /* the search index is damaged: it is emptied and rebuilt */
} ScError;

GQuark sc_error_quark (void);

G_END_DECLS
