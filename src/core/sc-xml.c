/* sc-xml.c: reading untrusted XML safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/SAX2.h>
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

/* What one parse found wrong first: a libxml2 error, or one of our own
 * refusals made while parsing (see the SAX handlers below). */
typedef struct {
  char  *message;
  guint  line;
  int    code;   /* an ScError */
} FirstError;

static void
first_error_set (FirstError *first,
                 guint       line,
                 int         code,
                 char       *message)
{
  if (first->message != NULL)
    {
      g_free (message);
      return;
    }
  first->message = message;
  first->line = line > 0 ? line : 1;
  first->code = code;
}

static void
collect_first_error_cb (void        *user_data,
                        xmlErrorPtr  err)
{
  FirstError *first = user_data;
  char *message;

  /* Validity errors (a repeated xml:id, say) are not ours to enforce: the
   * readers check what matters to them. Well-formedness errors are. */
  if (first->message != NULL || err == NULL || err->level < XML_ERR_ERROR || err->domain == XML_FROM_VALID)
    return;

  if ((err->code == XML_ERR_UNDECLARED_ENTITY || err->code == XML_WAR_UNDECLARED_ENTITY) && err->str1 != NULL)
    /* Translators: %s is an entity's name, as in “&nbsp;”. */
    message = g_strdup_printf (_("entity “&%s;” is not defined: Study Circle never reads a DTD, so write the "
                                 "character itself or a character reference such as &#233;"), err->str1);
  else if (err->message != NULL)
    {
      /* libxml2 adds details on further lines ("Bytes: 0xE9 0x20"); a
       * problem is one line. Its quote of the input may end inside a
       * character, and the message is shown as UTF-8. */
      message = g_utf8_make_valid (err->message, -1);
      g_strchomp (message);
      g_strdelimit (message, "\n", ' ');
    }
  else
    message = g_strdup (_("malformed XML"));

  first_error_set (first, err->line > 0 ? (guint) err->line : 1, SC_ERROR_PARSE, message);
}

/* ----- Refusing while parsing --------------------------------------------- */

#define XINCLUDE_NS "http://www.w3.org/2001/XInclude"
#define XINCLUDE_OLD_NS "http://www.w3.org/2003/XInclude"

/* Stops the parse at once: nothing after the refused construct is read,
 * so no declaration is ever used and no depth is ever reached. */
static void
refuse (xmlParserCtxt *ctxt,
        int            code,
        char          *message)
{
  FirstError *first = ctxt->_private;

  first_error_set (first, ctxt->input != NULL ? (guint) ctxt->input->line : 1, code, message);
  xmlStopParser (ctxt);
}

static void
refuse_entity_decl_cb (void          *ctx,
                       const xmlChar *name,
                       int            type,
                       const xmlChar *public_id,
                       const xmlChar *system_id,
                       xmlChar       *content)
{
  /* None of our formats needs a DTD. Entity declarations in untrusted
   * files are how expansion bombs and external entities get in, so a
   * document that declares any is refused at the first declaration:
   * internal or external, general or parameter. */
  refuse (ctx, SC_ERROR_PARSE, g_strdup (_("entity declarations are not allowed")));
}

static void
check_start_element_cb (void           *ctx,
                        const xmlChar  *localname,
                        const xmlChar  *prefix,
                        const xmlChar  *uri,
                        int             nb_namespaces,
                        const xmlChar **namespaces,
                        int             nb_attributes,
                        int             nb_defaulted,
                        const xmlChar **attributes)
{
  xmlParserCtxt *ctxt = ctx;

  /* ctxt->nameNr counts the element's open ancestors. */
  if (ctxt->nameNr >= SC_XML_MAX_DEPTH)
    {
      refuse (ctxt, SC_ERROR_LIMIT,
              g_strdup_printf (_("elements are nested more than %d deep"), SC_XML_MAX_DEPTH));
      return;
    }
  if (uri != NULL && (xmlStrEqual (uri, (const xmlChar *) XINCLUDE_NS) ||
                      xmlStrEqual (uri, (const xmlChar *) XINCLUDE_OLD_NS)))
    {
      /* Never processed: an include would put another file (any file) in
       * place of the element, and skipping it silently would lose text. */
      refuse (ctxt, SC_ERROR_PARSE,
              g_strdup (_("XInclude is not supported: Study Circle reads only what is in the file itself")));
      return;
    }

  xmlSAX2StartElementNs (ctx, localname, prefix, uri, nb_namespaces, namespaces,
                         nb_attributes, nb_defaulted, attributes);
}

/* ----- Checks on the bytes, before libxml2 -------------------------------- */

static guint
line_at (const char *data,
         const char *at)
{
  guint line = 1;

  for (const char *p = data; p < at; p++)
    line += *p == '\n';
  return line;
}

static gboolean
looks_like_utf16 (const guchar *bytes,
                  gsize         length)
{
  if (length < 2)
    return FALSE;
  /* A byte-order mark, or "<" as one 16-bit unit in either order (what
   * libxml2 itself recognizes). */
  return (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) ||
         (bytes[0] == '<' && bytes[1] == 0) || (bytes[0] == 0 && bytes[1] == '<');
}

/* The encoding named by the XML declaration at @data, if any, lowercase. */
static char *
declared_encoding (const char *data,
                   gsize       length)
{
  g_autofree char *decl = NULL;
  const char *end, *at, *close;
  char quote;

  if (length < 5 || strncmp (data, "<?xml", 5) != 0)
    return NULL;
  end = g_strstr_len (data, MIN (length, 1024), "?>");
  if (end == NULL)
    return NULL;
  decl = g_strndup (data, end - data);
  at = strstr (decl, "encoding");
  if (at == NULL)
    return NULL;
  at += strlen ("encoding");
  while (g_ascii_isspace (*at))
    at++;
  if (*at++ != '=')
    return NULL;
  while (g_ascii_isspace (*at))
    at++;
  quote = *at++;
  close = quote == '"' || quote == '\'' ? strchr (at, quote) : NULL;
  return close != NULL ? g_ascii_strdown (at, close - at) : NULL;
}

/* Whether the bytes from @at to @end begin one UTF-8 character that the
 * end of the file cut short. */
static gboolean
is_cut_character (const guchar *at,
                  const guchar *end)
{
  gsize need = 0;

  if (*at >= 0xC2 && *at <= 0xDF)
    need = 2;
  else if (*at >= 0xE0 && *at <= 0xEF)
    need = 3;
  else if (*at >= 0xF0 && *at <= 0xF4)
    need = 4;
  if (need == 0 || (gsize) (end - at) >= need)
    return FALSE;
  for (const guchar *p = at + 1; p < end; p++)
    if ((*p & 0xC0) != 0x80)
      return FALSE;
  return TRUE;
}

/* What the bytes alone tell, worded for a person rather than as libxml2
 * says it: empty, binary, NUL bytes, not UTF-8, cut short. */
static gboolean
check_bytes (const char  *data,
             gsize        length,
             const char  *display_name,
             GError     **error)
{
  const guchar *bytes = (const guchar *) data;
  const char *end = data + length;
  const char *start = data;
  const char *invalid = NULL;
  g_autofree char *encoding = NULL;
  const char *nul;

  if (looks_like_utf16 (bytes, length))
    return TRUE;   /* libxml2 decodes it and says what is wrong, if anything */

  if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
    start += 3;
  encoding = declared_encoding (start, end - start);
  while (start < end && g_ascii_isspace (*start))
    start++;
  if (start == end)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_PARSE,
                   "%s:1: %s", display_name, _("the file is empty"));
      return FALSE;
    }

  nul = memchr (data, '\0', length);
  if (*start != '<' && (nul != NULL || !g_utf8_validate_len (start, MIN ((gsize) (end - start), 256), NULL)))
    {
      /* Not even the first bytes are text: an image, an archive… */
      g_set_error (error, SC_ERROR, SC_ERROR_PARSE,
                   "%s:1: %s", display_name, _("binary data, not an XML file"));
      return FALSE;
    }
  if (nul != NULL)
    {
      /* NUL bytes are never part of an XML document in an 8-bit encoding. */
      g_set_error (error, SC_ERROR, SC_ERROR_PARSE,
                   "%s:%u: %s", display_name, line_at (data, nul),
                   _("the file contains a NUL byte: not a text file"));
      return FALSE;
    }

  /* Without a declaration XML is UTF-8; a file that names another
   * encoding is decoded by libxml2. */
  if (encoding != NULL && strcmp (encoding, "utf-8") != 0 && strcmp (encoding, "utf8") != 0)
    return TRUE;
  if (g_utf8_validate_len (data, length, &invalid))
    return TRUE;

  if (is_cut_character ((const guchar *) invalid, (const guchar *) end))
    g_set_error (error, SC_ERROR, SC_ERROR_PARSE, "%s:%u: %s", display_name, line_at (data, invalid),
                 _("the file ends in the middle of a character: it seems to have been cut short"));
  else
    {
      g_autofree char *message =
        /* Translators: %02X is a byte's value in hexadecimal. */
        g_strdup_printf (_("byte 0x%02X is not UTF-8: save the file as UTF-8, or name its encoding in the "
                           "XML declaration, such as <?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"),
                         *(const guchar *) invalid);

      g_set_error (error, SC_ERROR, SC_ERROR_PARSE, "%s:%u: %s", display_name, line_at (data, invalid), message);
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
 * "DISPLAY_NAME:LINE: message", LINE being that of the problem: the first
 * malformed place, the first entity declaration, the first element nested
 * too deep or from XInclude, the first byte that is not text.
 *
 * Returns: (transfer full): the document, or %NULL
 */
xmlDoc *
sc_xml_read_memory (const char  *data,
                    gsize        length,
                    const char  *display_name,
                    GError     **error)
{
  FirstError first = { NULL, 0, 0 };
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
  if (!check_bytes (data, length, display_name, error))
    return NULL;

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_FAILED,
                   "%s:1: %s", display_name, _("could not create an XML parser"));
      return NULL;
    }
  /* Two handlers of our own refuse while parsing; libxml2's do the rest. */
  ctxt->_private = &first;
  ctxt->sax->entityDecl = refuse_entity_decl_cb;
  ctxt->sax->startElementNs = check_start_element_cb;

  /* The structured error handler is per thread in libxml2, so parsing in
   * several threads at once keeps each thread's errors apart. */
  xmlSetStructuredErrorFunc (&first, collect_first_error_cb);
  doc = xmlCtxtReadMemory (ctxt, data, (int) length, NULL, NULL, sc_xml_parse_options ());
  xmlSetStructuredErrorFunc (NULL, NULL);

  if (doc != NULL && first.message == NULL && !ctxt->wellFormed)
    first_error_set (&first, 1, SC_ERROR_PARSE, g_strdup (_("malformed XML")));

  xmlFreeParserCtxt (ctxt);

  if (first.message != NULL)
    {
      g_set_error (error, SC_ERROR, first.code, "%s:%u: %s",
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
