/* sc-group-handout.h: a session's handout, printed or saved as PDF
 *
 * The facilitator's sheet for one meeting: the group, the session's title,
 * date and place, the readings with their exact sections and minutes, the
 * discussion questions and the key terms with their definitions. The
 * content is gathered in the background as plain data (ScGroupHandout),
 * then drawn with Pango by a GtkPrintOperation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sc-catalog.h"
#include "sc-window.h"

G_BEGIN_DECLS

typedef struct {
  char *title;         /* "Wages and Profit, Test Author" or an outside work's */
  char *sections;      /* "Wages – Profit", "the whole text"; NULL for an outside work */
  char *details;       /* "10 min · assigned to Ana · due 2024-03-01"; may be empty */
  char *note;          /* may be NULL */
  gboolean missing;    /* the text left the library */
} ScHandoutReading;

typedef struct {
  char *term;
  char *definition;    /* may be NULL */
} ScHandoutTerm;

typedef struct {
  char      *group_name;
  char      *title;        /* "Session 1: Wages first" */
  char      *when_where;   /* "Tuesday 5 March 2024 · Union hall" */
  char      *lang;         /* the guide's language, or NULL */
  GPtrArray *goals;        /* (element-type utf8) */
  GPtrArray *readings;     /* (element-type ScHandoutReading) */
  char      *reading_time; /* "Reading time for everyone: 25 min", or NULL */
  GPtrArray *questions;    /* (element-type utf8) */
  GPtrArray *terms;        /* (element-type ScHandoutTerm) */
  GPtrArray *activities;   /* (element-type utf8) */
} ScGroupHandout;

/* Gathers the handout of @session (1-based) of @group_id from the study
 * store at @study_db and the catalog's library, in a worker thread. */
void               sc_group_handout_load_async   (ScCatalog           *catalog,
                                                  const char          *study_db,
                                                  const char          *group_id,
                                                  guint                session,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
ScGroupHandout    *sc_group_handout_load_finish  (ScCatalog           *catalog,
                                                  GAsyncResult        *result,
                                                  GError             **error);
ScGroupHandout    *sc_group_handout_ref          (ScGroupHandout      *handout);
void               sc_group_handout_unref        (ScGroupHandout      *handout);

/* A print operation that draws @handout (it keeps a reference). */
GtkPrintOperation *sc_group_handout_print_operation_new (ScGroupHandout *handout);
/* Draws @handout into a PDF file at @path, without a dialog. */
gboolean           sc_group_handout_export_pdf   (ScGroupHandout      *handout,
                                                  const char          *path,
                                                  GError             **error);

/* What group.print-handout does: gathers the handout, then shows the print
 * dialog (where "Print to File" saves a PDF). Failures become toasts. */
void               sc_group_handout_print        (ScWindow            *window,
                                                  const char          *group_id,
                                                  guint                session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScGroupHandout, sc_group_handout_unref)

G_END_DECLS
