/* sc-reader-popover.h: what the reader shows over a word
 *
 * One popover for the three things a click on the text opens: a glossary
 * term's definition (with links to the entries it names), a note, and my
 * highlight with an editor for its note.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sc-guide.h"

G_BEGIN_DECLS

#define SC_TYPE_READER_POPOVER (sc_reader_popover_get_type ())
G_DECLARE_FINAL_TYPE (ScReaderPopover, sc_reader_popover, SC, READER_POPOVER, GtkPopover)

GtkWidget  *sc_reader_popover_new            (void);
/* The definition of @entry_id in @glossary (may be NULL: the library has
 * none in the text's language); @shown is the term as the text has it,
 * for one the glossary lacks. The popover borrows @glossary while shown. */
void        sc_reader_popover_set_term       (ScReaderPopover *self,
                                              ScGlossary      *glossary,
                                              const char      *entry_id,
                                              const char      *shown);
void        sc_reader_popover_set_note       (ScReaderPopover *self,
                                              guint            number,
                                              const char      *text);
/* My highlight and its note (may be NULL). Its Remove button activates
 * "reader.remove-highlight" with @highlight_id; when the popover closes
 * with the note changed, "note-changed" (id, note) is emitted. */
void        sc_reader_popover_set_highlight  (ScReaderPopover *self,
                                              const char      *highlight_id,
                                              const char      *note);
/* The highlight shown, or NULL. */
const char *sc_reader_popover_get_highlight  (ScReaderPopover *self);

G_END_DECLS
