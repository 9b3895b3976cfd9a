/* sc-tei.h: the TEI P5 reader, and what both text readers share
 *
 * Private to sc-text.c and sc-tei.c. Everyone else reads texts through
 * sc-text.h, which never says which format a file was in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libxml/tree.h>

#include "sc-text.h"

G_BEGIN_DECLS

/* All the text one file may yield, summed over its blocks and headings.
 * Without entity expansion it cannot outgrow the file by much, but a bound
 * of our own keeps that true whatever the parser does. */
#define SC_TEXT_MAX_EXTRACTED (64 * 1024 * 1024)

#define SC_TEI_NS "http://www.tei-c.org/ns/1.0"

gboolean   sc_tei_is_document   (xmlNode      *root);
ScText    *sc_tei_read          (xmlDoc       *doc,
                                 const char   *path,
                                 const char   *display,
                                 GError      **error);

/* Building the model */
ScText    *sc_text_new          (const char   *path,
                                 ScTextFormat  format);
void       sc_text_finish       (ScText       *text);
ScSection *sc_section_new       (const char   *id,
                                 const char   *kind,
                                 guint         line);
void       sc_section_free      (ScSection    *section);
void       sc_block_free        (ScBlock      *block);
gboolean   sc_text_id_is_valid  (const char   *id);
char      *sc_text_id_sanitize  (const char   *str);

/* Collects the text of one block: white space collapsed as it arrives (so
 * span offsets are right without a second pass), inline elements joined
 * with no space, spans opened and closed around inline elements. */
typedef struct {
  GString   *text;
  GPtrArray *spans;          /* (element-type ScSpan) closed spans */
  GArray    *open;           /* (element-type ScSpan) open spans, outermost first */
  gboolean   pending_space;  /* white space seen, written only if text follows */
} ScBlockBuf;

void       sc_block_buf_init        (ScBlockBuf   *buf);
void       sc_block_buf_clear       (ScBlockBuf   *buf);
void       sc_block_buf_append      (ScBlockBuf   *buf,
                                     const char   *text);
void       sc_block_buf_space       (ScBlockBuf   *buf);
void       sc_block_buf_separator   (ScBlockBuf   *buf,
                                     char          separator,
                                     gboolean      always);
void       sc_block_buf_open_span   (ScBlockBuf   *buf,
                                     ScSpanKind    kind,
                                     const char   *target,
                                     const char   *target2);
void       sc_block_buf_close_span  (ScBlockBuf   *buf);
void       sc_block_buf_mark        (ScBlockBuf   *buf,
                                     ScSpanKind    kind,
                                     const char   *target);
gboolean   sc_block_buf_is_empty    (ScBlockBuf   *buf);
ScBlock   *sc_block_buf_take        (ScBlockBuf   *buf,
                                     ScBlockKind   kind,
                                     const char   *label,
                                     guint         line);

G_END_DECLS
