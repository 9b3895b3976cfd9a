/* sc-xml.h: reading untrusted XML safely
 *
 * Every XML file Study Circle reads comes from somewhere else. These helpers
 * are the only way core parses XML: no network, no external entities, no DTD
 * loading, no entity declarations, no XInclude, entity references never
 * expanded, size and depth capped, the bytes checked (empty, binary, NUL, not
 * UTF-8), and every failure reported as "FILE:LINE: message".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* Files larger than this are refused before parsing. */
#define SC_XML_MAX_FILE_SIZE (64 * 1024 * 1024)
/* An element with this many open ancestors is refused while parsing (before
 * libxml2's own 256); walkers use it as their own bound too. */
#define SC_XML_MAX_DEPTH 200

void     sc_xml_init            (void);
int      sc_xml_parse_options   (void);
xmlDoc  *sc_xml_read_file       (const char  *path,
                                 GError     **error);
xmlDoc  *sc_xml_read_memory     (const char  *data,
                                 gsize        length,
                                 const char  *display_name,
                                 GError     **error);
guint    sc_xml_node_line       (xmlNode     *node);
char    *sc_xml_node_text       (xmlNode     *node);
char    *sc_xml_get_attr        (xmlNode     *node,
                                 const char  *name);
char    *sc_xml_get_ns_attr     (xmlNode     *node,
                                 const char  *name,
                                 const char  *ns_uri);
gboolean sc_xml_is              (xmlNode     *node,
                                 const char  *name);
xmlNode *sc_xml_first_element   (xmlNode     *node);
xmlNode *sc_xml_next_element    (xmlNode     *node);
xmlNode *sc_xml_child           (xmlNode     *node,
                                 const char  *name);
char    *sc_xml_child_text      (xmlNode     *node,
                                 const char  *name);
void     sc_xml_collapse_spaces (GString     *str);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

G_END_DECLS
