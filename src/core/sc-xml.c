/* sc-xml.c: reading untrusted XML safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "sc-error.h"
#include "sc-xml.h"

static xmlParserInputPtr
deny_all_entity_loader (const char       *url,
                        const char       *id,
                        xmlParserCtxtPtr  ctxt)
{
  /* Nothing outside the file being read is ever loaded: no external DTD, no
   * external entity, no XInclude, no schema import. Files are read by
   * sc_xml_read_file() itself and parsed from memory, so this loader is
   * never needed for legitimate work. */
  return NULL;
}

/**
 * sc_xml_init:
 *
 * Installs the deny-all external entity loader and initializes libxml2.
 * Safe to call many times and from any thread.
 */
void
sc_xml_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      xmlSetExternalEntityLoader (deny_all_entity_loader);
      g_once_init_leave (&initialized, 1);
    }
}

/**
 * sc_xml_parse_options:
 *
 * The only parser options core uses: no network, line numbers past 65535.
 * Never NOENT, DTDLOAD, DTDATTR, DTDVALID, HUGE or XINCLUDE.
 */
int
sc_xml_parse_options (void)
{
  return XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
}

typedef struct {
  char  *message;
  guint  line;
} FirstError;

static void
collect_first_error_cb (void        *user_data,
                        xmlErrorPtr  err)
{
  FirstError *first = user_data;

  /* Validity errors (a repeated xml:id, say) are not ours to enforce: the
   * readers check what matters to them. Well-formedness errors are. */
  if (first->message != NULL || err == NULL || err->level < XML_ERR_ERROR || err->domain == XML_FROM_VALID)
    return;

  first->message = g_strdup (err->message != NULL ? err->message : _("malformed XML"));
  g_strchomp (first->message);
  first->line = err->line > 0 ? (guint) err->line : 1;
}

static gboolean
has_entity_declarations (xmlDoc *doc)
{
  xmlDtd *dtds[] = { doc->intSubset, doc->extSubset };

  for (guint i = 0; i < G_N_ELEMENTS (dtds); i++)
    {
      if (dtds[i] == NULL)
        continue;
      if (dtds[i]->entities != NULL || dtds[i]->pentities != NULL)
        return TRUE;
    }
  return FALSE;
}

/**
 * sc_xml_read_memory:
 * @data: the bytes of the document
 * @length: their length
 * @display_name: how to name the document in errors (usually its path)
 * @error: return location for a #GError
 *
 * Parses untrusted XML. On failure, @error's message reads
 * "DISPLAY_NAME:LINE: message".
 *
 * Returns: (transfer full): the document, or %NULL
 */
xmlDoc *
sc_xml_read_memory (const char  *data,
                    gsize        length,
                    const char  *display_name,
                    GError     **error)
{
  FirstError first = { NULL, 0 };
  xmlParserCtxt *ctxt;
  xmlDoc *doc;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  sc_xml_init ();

  if (length == 0)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_PARSE,
                   "%s:1: %s", display_name, _("the file is empty"));
      return NULL;
    }
  if (length > SC_XML_MAX_FILE_SIZE)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_LIMIT,
                   /* Translators: “%s:1: ” is the file's name and line:
                    * keep it at the start. */
                   _("%s:1: the file is larger than %d MiB"), display_name,
                   SC_XML_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }
  if (length > G_MAXINT)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_LIMIT,
                   "%s:1: %s", display_name, _("the file is too large"));
      return NULL;
    }
  if (memchr (data, '\0', length) != NULL && !(length >= 2 && ((guchar) data[0] == 0xFE || (guchar) data[0] == 0xFF)))
    {
      /* NUL bytes are never part of an XML document in an 8-bit encoding;
       * UTF-16 (which starts with a byte-order mark) legitimately has them. */
      const char *nul = memchr (data, '\0', length);
      guint line = 1;

      for (const char *p = data; p < nul; p++)
        line += *p == '\n';
      g_set_error (error, SC_ERROR, SC_ERROR_PARSE,
                   "%s:%u: %s", display_name, line,
                   _("the file contains a NUL byte: not a text file"));
      return NULL;
    }

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_FAILED,
                   "%s:1: %s", display_name, _("could not create an XML parser"));
      return NULL;
    }

  /* The structured error handler is per thread in libxml2, so parsing in
   * several threads at once keeps each thread's errors apart. */
  xmlSetStructuredErrorFunc (&first, collect_first_error_cb);
  doc = xmlCtxtReadMemory (ctxt, data, (int) length, NULL, NULL, sc_xml_parse_options ());
  xmlSetStructuredErrorFunc (NULL, NULL);

  if (doc != NULL && first.message == NULL && !ctxt->wellFormed)
    first.message = g_strdup (_("malformed XML"));

  xmlFreeParserCtxt (ctxt);

  if (first.message != NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_PARSE, "%s:%u: %s",
                   display_name, first.line, first.message);
      g_free (first.message);
      g_clear_pointer (&doc, xmlFreeDoc);
      return NULL;
    }

  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_PARSE,
                   "%s:1: %s", display_name, _("not an XML document"));
      g_clear_pointer (&doc, xmlFreeDoc);
      return NULL;
    }

  if (has_entity_declarations (doc))
    {
      /* None of our formats needs a DTD. Entity declarations in untrusted
       * files are how expansion bombs and external entities get in, so a
       * document that declares any is refused as a whole. */
      const char *doctype = g_strstr_len (data, length, "<!DOCTYPE");
      guint line = 1;

      for (const char *p = data; doctype != NULL && p < doctype; p++)
        line += *p == '\n';

      g_set_error (error, SC_ERROR, SC_ERROR_PARSE,
                   "%s:%u: %s", display_name, line, _("entity declarations are not allowed"));
      xmlFreeDoc (doc);
      return NULL;
    }

  return doc;
}

/**
 * sc_xml_read_file:
 * @path: a file name in the GLib file name encoding
 * @error: return location for a #GError
 *
 * Reads the bytes of @path and parses them with sc_xml_read_memory(). The
 * file is read here rather than by libxml2 because the deny-all entity
 * loader also refuses the main document.
 *
 * Returns: (transfer full): the document, or %NULL
 */
xmlDoc *
sc_xml_read_file (const char  *path,
                  GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);

  if (g_stat (path, &st) == 0 && st.st_size > SC_XML_MAX_FILE_SIZE)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_LIMIT,
                   /* Translators: “%s:1: ” is the file's name and line:
                    * keep it at the start. */
                   _("%s:1: the file is larger than %d MiB"), display,
                   SC_XML_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_IO, "%s:1: %s", display, local_error->message);
      return NULL;
    }

  return sc_xml_read_memory (contents, length, display, error);
}

/**
 * sc_xml_node_line:
 *
 * Returns: the line of @node, at least 1 (lines past 65535 are right because
 * documents are parsed with XML_PARSE_BIG_LINES)
 */
guint
sc_xml_node_line (xmlNode *node)
{
  long line = node != NULL ? xmlGetLineNo (node) : 0;

  return line > 0 ? (guint) line : 1;
}

gboolean
sc_xml_is (xmlNode    *node,
           const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE &&
         strcmp ((const char *) node->name, name) == 0;
}

xmlNode *
sc_xml_first_element (xmlNode *node)
{
  for (xmlNode *child = node != NULL ? node->children : NULL; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      return child;
  return NULL;
}

xmlNode *
sc_xml_next_element (xmlNode *node)
{
  for (xmlNode *sib = node != NULL ? node->next : NULL; sib != NULL; sib = sib->next)
    if (sib->type == XML_ELEMENT_NODE)
      return sib;
  return NULL;
}

xmlNode *
sc_xml_child (xmlNode    *node,
              const char *name)
{
  for (xmlNode *child = sc_xml_first_element (node); child != NULL; child = sc_xml_next_element (child))
    if (sc_xml_is (child, name))
      return child;
  return NULL;
}

/**
 * sc_xml_get_attr:
 *
 * Returns: (transfer full) (nullable): the value of attribute @name (no
 * namespace), with any entity reference in it left out rather than expanded
 */
char *
sc_xml_get_attr (xmlNode    *node,
                 const char *name)
{
  return sc_xml_get_ns_attr (node, name, NULL);
}

char *
sc_xml_get_ns_attr (xmlNode    *node,
                    const char *name,
                    const char *ns_uri)
{
  xmlAttr *attr;
  GString *value;

  if (node == NULL || node->type != XML_ELEMENT_NODE)
    return NULL;

  attr = xmlHasNsProp (node, (const xmlChar *) name, (const xmlChar *) ns_uri);
  if (attr == NULL || attr->type != XML_ATTRIBUTE_NODE)
    return NULL;

  /* Walk the value's children ourselves: xmlGetProp() would expand entity
   * references, which untrusted files must never get. */
  value = g_string_new (NULL);
  for (xmlNode *child = attr->children; child != NULL; child = child->next)
    if (child->type == XML_TEXT_NODE && child->content != NULL)
      g_string_append (value, (const char *) child->content);

  return g_string_free (value, FALSE);
}

static void
append_text (GString *str,
             xmlNode *node,
             guint    depth)
{
  if (depth > SC_XML_MAX_DEPTH)
    return;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE && child->content != NULL)
        g_string_append (str, (const char *) child->content);
      else if (child->type == XML_ELEMENT_NODE)
        append_text (str, child, depth + 1);
      /* entity references, comments and processing instructions: nothing */
    }
}

/**
 * sc_xml_collapse_spaces:
 *
 * Turns every run of XML white space in @str into one space and trims both
 * ends, in place.
 */
void
sc_xml_collapse_spaces (GString *str)
{
  gsize out = 0;
  gboolean in_space = TRUE;   /* so leading space is dropped */

  for (gsize in = 0; in < str->len; in++)
    {
      char c = str->str[in];

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          if (!in_space)
            str->str[out++] = ' ';
          in_space = TRUE;
        }
      else
        {
          str->str[out++] = c;
          in_space = FALSE;
        }
    }
  if (out > 0 && str->str[out - 1] == ' ')
    out--;
  g_string_truncate (str, out);
}

/**
 * sc_xml_node_text:
 *
 * Returns: (transfer full): all text under @node, inline elements joined
 * with no space added, white space collapsed
 */
char *
sc_xml_node_text (xmlNode *node)
{
  GString *str = g_string_new (NULL);

  if (node != NULL)
    append_text (str, node, 0);
  sc_xml_collapse_spaces (str);
  return g_string_free (str, FALSE);
}

char *
sc_xml_child_text (xmlNode    *node,
                   const char *name)
{
  xmlNode *child = sc_xml_child (node, name);

  return child != NULL ? sc_xml_node_text (child) : NULL;
}
