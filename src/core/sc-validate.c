/* sc-validate.c: checking files against the RELAX NG schemas
 *
 * The schemas live in data/schema/ and are compiled into the core as a
 * GResource, so validation never depends on where the program is installed
 * and never reads a schema from disk at run time.
 *
 * libxml2's RELAX NG messages are written for people who know the
 * validator's internals ("Element guide failed to validate attributes").
 * Content authors get them reworded here: which attribute is missing, which
 * value is wrong and what it should look like, which element is out of
 * place. The schema alone decides *whether* a file is valid; the rewording
 * only explains a failure libxml2 has already reported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/relaxng.h>
#include <libxml/xmlschemastypes.h>
#include <libxml/xmlreader.h>

#include "sc-core-resources.h"
#include "sc-error.h"
#include "sc-text.h"
#include "sc-validate.h"
#include "sc-xml.h"

#define SCHEMA_RESOURCE_PATH "/io/github/studycircle/StudyCircle/schema/"
#define TEI_NAMESPACE "http://www.tei-c.org/ns/1.0"

/* A file broken in every element could make libxml2 report without end;
 * past this many, the rest of its messages add nothing (and sorting them
 * out, which compares errors pairwise, would take long). */
#define MAX_RAW_ERRORS 500

/* ===== Document kinds ===================================================== */

static ScDocKind
kind_from_root (const char *local_name,
                const char *ns_uri)
{
  if (local_name == NULL)
    return SC_DOC_UNKNOWN;

  /* TEI files normally carry the TEI namespace; some older ones do not. */
  if (strcmp (local_name, "TEI") == 0 &&
      (ns_uri == NULL || strcmp (ns_uri, TEI_NAMESPACE) == 0))
    return SC_DOC_TEI;

  /* Our own formats have no namespace. */
  if (ns_uri != NULL && *ns_uri != '\0')
    return SC_DOC_UNKNOWN;

  if (strcmp (local_name, "text") == 0)
    return SC_DOC_TEXT;
  if (strcmp (local_name, "guide") == 0)
    return SC_DOC_GUIDE;
  if (strcmp (local_name, "glossary") == 0)
    return SC_DOC_GLOSSARY;
  if (strcmp (local_name, "progress") == 0)
    return SC_DOC_PROGRESS;

  return SC_DOC_UNKNOWN;
}

static void
ignore_reader_error_cb (void        *user_data,
                        xmlErrorPtr  error)
{
  /* Sniffing only guesses; sc_validate_memory() or the readers report
   * what is wrong with a file. */
}

/**
 * sc_doc_kind_sniff:
 * @data: the start of a document, or all of it
 * @length: the length of @data
 *
 * Reads just far enough to see the root element (name and namespace), with
 * the same safe parser options as every other XML reading in core.
 *
 * Returns: the kind of document, %SC_DOC_UNKNOWN when the root is not one
 *   Study Circle reads or the data is not XML
 */
ScDocKind
sc_doc_kind_sniff (const char *data,
                   gsize       length)
{
  xmlTextReaderPtr reader;
  ScDocKind kind = SC_DOC_UNKNOWN;

  g_return_val_if_fail (data != NULL || length == 0, SC_DOC_UNKNOWN);

  if (length == 0 || length > G_MAXINT)
    return SC_DOC_UNKNOWN;

  sc_xml_init ();

  reader = xmlReaderForMemory (data, (int) length, NULL, NULL, sc_xml_parse_options ());
  if (reader == NULL)
    return SC_DOC_UNKNOWN;

  xmlTextReaderSetStructuredErrorHandler (reader, ignore_reader_error_cb, NULL);

  while (xmlTextReaderRead (reader) == 1)
    {
      if (xmlTextReaderNodeType (reader) == XML_READER_TYPE_ELEMENT)
        {
          kind = kind_from_root ((const char *) xmlTextReaderConstLocalName (reader),
                                 (const char *) xmlTextReaderConstNamespaceUri (reader));
          break;
        }
    }

  xmlFreeTextReader (reader);

  return kind;
}

const char *
sc_doc_kind_to_string (ScDocKind kind)
{
  switch (kind)
    {
    case SC_DOC_TEXT:
      return "text";
    case SC_DOC_TEI:
      return "tei";
    case SC_DOC_GUIDE:
      return "guide";
    case SC_DOC_GLOSSARY:
      return "glossary";
    case SC_DOC_PROGRESS:
      return "progress";
    case SC_DOC_UNKNOWN:
    default:
      return "unknown";
    }
}

/* ===== The compiled schemas =============================================== */

typedef struct {
  const char *file;
  gsize       once;
  xmlRelaxNG *grammar;   /* NULL if the compiled-in schema failed to parse */
} Schema;

static Schema schemas[] = {
  { "text.rng", 0, NULL },
  { "guide.rng", 0, NULL },
  { "glossary.rng", 0, NULL },
  { "progress.rng", 0, NULL },
};

/* libxml2 does not promise that one compiled grammar may validate in
 * several threads at once, so validations take turns. They are quick next
 * to parsing, which stays parallel. */
G_LOCK_DEFINE_STATIC (validation);

static void
schema_error_cb (void        *user_data,
                 xmlErrorPtr  error)
{
  const Schema *schema = user_data;

  /* The schemas are part of the program: an error here is a bug that the
   * tests catch, never a user's mistake. */
  g_critical ("%s:%d: %s", schema->file, error->line,
              error->message != NULL ? error->message : "error");
}

static xmlRelaxNG *
compile_schema (Schema *schema)
{
  g_autofree char *path = g_strconcat (SCHEMA_RESOURCE_PATH, schema->file, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  xmlRelaxNGParserCtxtPtr parser;
  xmlRelaxNG *grammar;
  gsize size;
  const char *data;

  /* Asking for the resource by its own getter (rather than through the
   * global registry) also makes the linker keep it in the static core. */
  bytes = g_resource_lookup_data (sc_core_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      g_critical ("schema %s is missing from the core's resources: %s",
                  schema->file, error->message);
      return NULL;
    }

  data = g_bytes_get_data (bytes, &size);
  parser = xmlRelaxNGNewMemParserCtxt (data, (int) size);
  xmlRelaxNGSetParserStructuredErrors (parser, schema_error_cb, schema);
  grammar = xmlRelaxNGParse (parser);
  xmlRelaxNGFreeParserCtxt (parser);

  return grammar;
}

static xmlRelaxNG *
get_schema (ScDocKind kind)
{
  Schema *schema;

  switch (kind)
    {
    case SC_DOC_TEXT:
      schema = &schemas[0];
      break;
    case SC_DOC_GUIDE:
      schema = &schemas[1];
      break;
    case SC_DOC_GLOSSARY:
      schema = &schemas[2];
      break;
    case SC_DOC_PROGRESS:
      schema = &schemas[3];
      break;
    case SC_DOC_UNKNOWN:
    case SC_DOC_TEI:
    default:
      g_assert_not_reached ();
    }

  if (g_once_init_enter (&schema->once))
    {
      sc_xml_init ();
      schema->grammar = compile_schema (schema);
      g_once_init_leave (&schema->once, 1);
    }

  return schema->grammar;
}

/* ===== Problems =========================================================== */

typedef struct {
  guint  line;
  char  *message;
} Problem;

static void
problem_clear (gpointer data)
{
  Problem *problem = data;

  g_free (problem->message);
}

static void add_problem (GArray     *found,
                         guint       line,
                         const char *format,
                         ...) G_GNUC_PRINTF (3, 4);

static void
add_problem (GArray     *found,
             guint       line,
             const char *format,
             ...)
{
  Problem problem = { MAX (line, 1), NULL };
  va_list args;

  va_start (args, format);
  problem.message = g_strdup_vprintf (format, args);
  va_end (args);

  /* libxml2 repeats itself when several branches of a choice fail alike. */
  for (guint i = 0; i < found->len; i++)
    {
      const Problem *seen = &g_array_index (found, Problem, i);

      if (seen->line == problem.line && strcmp (seen->message, problem.message) == 0)
        {
          g_free (problem.message);
          return;
        }
    }

  g_array_append_val (found, problem);
}

static int
compare_problem_lines (gconstpointer a,
                       gconstpointer b)
{
  const Problem *pa = a;
  const Problem *pb = b;

  return (pa->line > pb->line) - (pa->line < pb->line);
}

/* Hands the problems on as "FILE:LINE: message", in line order. The sort is
 * stable (GLib's is a merge sort), so problems of one line keep the order
 * they were found in. */
static void
report_problems (GArray     *found,
                 const char *path,
                 GPtrArray  *problems)
{
  g_array_sort (found, compare_problem_lines);

  if (problems == NULL)
    return;

  for (guint i = 0; i < found->len; i++)
    {
      const Problem *problem = &g_array_index (found, Problem, i);

      g_ptr_array_add (problems, g_strdup_printf ("%s:%u: %s", path, problem->line,
                                                  problem->message));
    }
}

/* ===== What values should look like ======================================= */

/* The kinds of values our schemas constrain. */
typedef enum {
  VALUE_FREE,
  VALUE_ID,
  VALUE_LANG,
  VALUE_VERSION,
  VALUE_COUNT,
  VALUE_LEVEL,
  VALUE_URL,
} ValueKind;

/* Every attribute so named is of that kind in the text, guide and glossary
 * schemas (progress files are explained apart, in explain_attributes()). */
static ValueKind
attribute_value_kind (const char *name)
{
  static const char * const id_names[] = {
    "id", "ref", "text", "from", "to", "section",
  };

  for (guint i = 0; i < G_N_ELEMENTS (id_names); i++)
    if (strcmp (name, id_names[i]) == 0)
      return VALUE_ID;
  if (strcmp (name, "lang") == 0)
    return VALUE_LANG;
  if (strcmp (name, "version") == 0)
    return VALUE_VERSION;
  if (strcmp (name, "minutes") == 0)
    return VALUE_COUNT;
  if (strcmp (name, "url") == 0)
    return VALUE_URL;
  return VALUE_FREE;
}

/* The elements whose content is one typed value. */
static ValueKind
element_value_kind (xmlNode *node)
{
  const char *name = (const char *) node->name;

  if (node->type != XML_ELEMENT_NODE)
    return VALUE_FREE;
  if (strcmp (name, "translation-of") == 0)
    return VALUE_ID;
  if (strcmp (name, "weeks") == 0)
    return VALUE_COUNT;
  if (strcmp (name, "level") == 0)
    return VALUE_LEVEL;
  return VALUE_FREE;
}

static gboolean
is_id (const char *value)
{
  if (*value == '\0')
    return FALSE;
  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

static gboolean
is_lang_tag (const char *value)
{
  g_auto(GStrv) parts = g_strsplit (value, "-", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      gsize len = strlen (parts[i]);

      if (i == 0 ? (len < 2 || len > 3) : (len < 1 || len > 8))
        return FALSE;
      for (const char *p = parts[i]; *p != '\0'; p++)
        if (!g_ascii_isalpha (*p) && (i == 0 || !g_ascii_isdigit (*p)))
          return FALSE;
    }
  return parts[0] != NULL;
}

static gboolean
value_fits (ValueKind   kind,
            const char *raw)
{
  g_autofree char *value = g_strstrip (g_strdup (raw));
  guint64 number;

  switch (kind)
    {
    case VALUE_ID:
      return is_id (value);
    case VALUE_LANG:
      return is_lang_tag (value);
    case VALUE_VERSION:
      return strcmp (value, "1") == 0;
    case VALUE_COUNT:
      return g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT, &number, NULL);
    case VALUE_LEVEL:
      return strcmp (value, "introductory") == 0 || strcmp (value, "intermediate") == 0 ||
             strcmp (value, "advanced") == 0;
    case VALUE_URL:
      /* The very check the schema's xsd:anyURI makes. */
      return xmlSchemaValidatePredefinedType (xmlSchemaGetBuiltInType (XML_SCHEMAS_ANYURI),
                                              (const xmlChar *) raw, NULL) == 0;
    case VALUE_FREE:
    default:
      return TRUE;
    }
}

static const char *
value_expected (ValueKind kind)
{
  switch (kind)
    {
    case VALUE_ID:
      /* Translators: this and the next few complete “attribute %s of <%s>
       * must be %s, not "%s"” and “element <%s> must be %s, not "%s"”. */
      return _("an id (lowercase letters a-z, digits and \"-\")");
    case VALUE_LANG:
      return _("a language tag such as \"en\", \"es\" or \"pt-BR\"");
    case VALUE_VERSION:
      return "\"1\"";
    case VALUE_COUNT:
      return _("a whole number of 1 or more");
    case VALUE_LEVEL:
      /* Translators: the values are written in the file as they are: keep
       * them in English. */
      return _("introductory, intermediate or advanced");
    case VALUE_URL:
      return _("a web address");
    case VALUE_FREE:
    default:
      return _("something else");
    }
}

/* ===== Rewording libxml2's RELAX NG errors ================================ */

typedef struct {
  int                 code;    /* an xmlRelaxNGValidErr */
  xmlNode            *node;
  guint               line;
  char               *arg1;    /* usually an element name */
  char               *arg2;
  char               *message;
} RawError;

static void
raw_error_clear (gpointer data)
{
  RawError *raw = data;

  g_free (raw->arg1);
  g_free (raw->arg2);
  g_free (raw->message);
}

static void
collect_rng_error_cb (void        *user_data,
                      xmlErrorPtr  error)
{
  GArray *raw_errors = user_data;
  RawError raw = { 0, };

  if (error == NULL || error->level < XML_ERR_ERROR || raw_errors->len >= MAX_RAW_ERRORS)
    return;

  raw.code = error->code;
  raw.node = error->node;
  /* The node's own line is right past line 65535 (XML_PARSE_BIG_LINES);
   * the error's copy of it is not. */
  raw.line = raw.node != NULL ? sc_xml_node_line (raw.node)
                              : (guint) MAX (error->line, 1);
  raw.arg1 = g_strdup (error->str1);
  raw.arg2 = g_strdup (error->str2);
  raw.message = g_strstrip (g_strdup (error->message != NULL ? error->message : _("invalid")));

  g_array_append_val (raw_errors, raw);
}

static gboolean
is_internal_error (int code)
{
  return code == XML_RELAXNG_ERR_NOSTATE || code == XML_RELAXNG_ERR_NODEFINE ||
         code == XML_RELAXNG_ERR_INTERNAL || code == XML_RELAXNG_ERR_INTERNODATA ||
         code == XML_RELAXNG_ERR_MEMORY;
}

static gboolean
is_attribute_error (int code)
{
  return code == XML_RELAXNG_ERR_ATTRVALID || code == XML_RELAXNG_ERR_INVALIDATTR;
}

/* "Invalid attribute %s for element %s" names the element second. */
static const char *
attribute_error_element (const RawError *raw)
{
  return raw->code == XML_RELAXNG_ERR_INVALIDATTR ? raw->arg2 : raw->arg1;
}

static gboolean
is_value_error (int code)
{
  return code == XML_RELAXNG_ERR_TYPE || code == XML_RELAXNG_ERR_TYPEVAL ||
         code == XML_RELAXNG_ERR_DATATYPE || code == XML_RELAXNG_ERR_VALUE ||
         code == XML_RELAXNG_ERR_DATAELEM || code == XML_RELAXNG_ERR_VALELEM ||
         code == XML_RELAXNG_ERR_LIST || code == XML_RELAXNG_ERR_LISTELEM ||
         code == XML_RELAXNG_ERR_LISTEXTRA || code == XML_RELAXNG_ERR_LISTEMPTY ||
         code == XML_RELAXNG_ERR_EXTRADATA || code == XML_RELAXNG_ERR_LACKDATA;
}

/* libxml2 reports some errors of an element on one of its children ("Element
 * section failed to validate attributes" on the section's <p>); find the
 * element the message is about. */
static xmlNode *
find_subject (xmlNode    *node,
              const char *element_name)
{
  if (element_name == NULL || *element_name == '\0')
    return node;

  for (xmlNode *n = node; n != NULL && n->type != XML_DOCUMENT_NODE; n = n->parent)
    if (n->type == XML_ELEMENT_NODE && strcmp ((const char *) n->name, element_name) == 0)
      return n;

  return node;
}

static gboolean
is_self_or_descendant (xmlNode *node,
                       xmlNode *ancestor)
{
  for (xmlNode *n = node; n != NULL; n = n->parent)
    if (n == ancestor)
      return TRUE;
  return FALSE;
}

static const char *
parent_name (xmlNode *node)
{
  if (node != NULL && node->parent != NULL && node->parent->type == XML_ELEMENT_NODE)
    return (const char *) node->parent->name;
  /* Translators: completes “text is not allowed here in <%s>” when the
   * text is outside any element. */
  return _("the document");
}

typedef struct {
  ScDocKind   kind;
  GArray     *raw_errors;
  GArray     *found;
  GHashTable *explained;    /* subject nodes already explained */
} Rewording;

static gboolean
has_attribute (xmlNode    *node,
               const char *name)
{
  return xmlHasProp (node, (const xmlChar *) name) != NULL;
}

/* Did libxml2 name @attr as an invalid attribute of @subject? */
static gboolean
reported_invalid (Rewording  *rw,
                  xmlNode    *subject,
                  const char *attr)
{
  for (guint i = 0; i < rw->raw_errors->len; i++)
    {
      const RawError *raw = &g_array_index (rw->raw_errors, RawError, i);

      if (raw->code == XML_RELAXNG_ERR_INVALIDATTR &&
          g_strcmp0 (raw->arg1, attr) == 0 &&
          raw->node != NULL && find_subject (raw->node, raw->arg2) == subject)
        return TRUE;
    }
  return FALSE;
}

/* A <reading> is a library text (text="") or an outside work (title=""). */
static gboolean
explain_reading (Rewording *rw,
                 xmlNode   *reading)
{
  guint line = sc_xml_node_line (reading);
  gboolean is_text = has_attribute (reading, "text");
  gboolean is_work = has_attribute (reading, "title");
  static const char * const text_only[] = { "from", "to" };
  static const char * const work_only[] = { "author", "year", "url" };
  gboolean explained = FALSE;

  if (is_text && is_work)
    {
      add_problem (rw->found, line, "%s",
                   /* Translators: text="" and title="" are attributes: keep them. */
                   _("a <reading> names a library text (text=\"\") or an outside work "
                     "(title=\"\"), not both"));
      return TRUE;
    }
  if (!is_text && !is_work)
    {
      add_problem (rw->found, line, "%s",
                   /* Translators: text="" and title="" are attributes: keep them. */
                   _("a <reading> needs text=\"\" (a library text) or title=\"\" "
                     "(an outside work)"));
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (text_only) && is_work; i++)
    if (has_attribute (reading, text_only[i]))
      {
        add_problem (rw->found, line,
                     /* Translators: %s is an attribute's name, such as from. */
                     _("attribute %s is for a reading of a library text (text=\"\"), "
                       "not of an outside work"), text_only[i]);
        explained = TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (work_only) && is_text; i++)
    if (has_attribute (reading, work_only[i]))
      {
        add_problem (rw->found, line,
                     /* Translators: %s is an attribute's name, such as author. */
                     _("attribute %s is for a reading of an outside work (title=\"\"), "
                       "not of a library text"), work_only[i]);
        explained = TRUE;
      }

  return explained;
}

static const struct {
  ScDocKind   kind;
  const char *element;
  const char *attributes;   /* space-separated */
} required_attributes[] = {
  { SC_DOC_TEXT, "text", "id lang version" },
  { SC_DOC_TEXT, "section", "id" },
  { SC_DOC_TEXT, "term", "ref" },
  { SC_DOC_TEXT, "ref", "text" },
  { SC_DOC_GUIDE, "guide", "id lang version" },
  { SC_DOC_GUIDE, "session", "id" },
  { SC_DOC_GUIDE, "term", "ref" },
  { SC_DOC_GLOSSARY, "glossary", "lang" },
  { SC_DOC_GLOSSARY, "entry", "id" },
  { SC_DOC_GLOSSARY, "see", "ref" },
  { SC_DOC_PROGRESS, "progress", "version exported" },
  { SC_DOC_PROGRESS, "group", "id name cadence status updated" },
  { SC_DOC_PROGRESS, "member", "id name role updated" },
  { SC_DOC_PROGRESS, "meeting", "session updated" },
  { SC_DOC_PROGRESS, "assignment", "id text updated" },
  { SC_DOC_PROGRESS, "reading-progress", "member reading status updated" },
  { SC_DOC_PROGRESS, "attendance", "member session status updated" },
};

static gboolean
explain_missing_attributes (Rewording *rw,
                            xmlNode   *subject)
{
  const char *name = (const char *) subject->name;
  gboolean explained = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (required_attributes); i++)
    {
      g_auto(GStrv) attributes = NULL;

      if (required_attributes[i].kind != rw->kind ||
          strcmp (required_attributes[i].element, name) != 0)
        continue;

      attributes = g_strsplit (required_attributes[i].attributes, " ", -1);
      for (guint j = 0; attributes[j] != NULL; j++)
        if (!has_attribute (subject, attributes[j]))
          {
            add_problem (rw->found, sc_xml_node_line (subject),
                         /* Translators: an element's name, then an attribute's. */
                         _("element <%s> has no %s attribute"), name, attributes[j]);
            explained = TRUE;
          }
    }

  return explained;
}

/* libxml2 names a rejected attribute by its local name only; our formats
 * have no namespaced attributes, so with xml:lang="" beside lang="", the
 * rejected one is xml:lang. */
static gboolean
has_namespaced_twin (xmlNode    *subject,
                     const char *local_name)
{
  for (xmlAttr *attr = subject->properties; attr != NULL; attr = attr->next)
    if (attr->ns != NULL && strcmp ((const char *) attr->name, local_name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_reading_attribute (const char *name)
{
  static const char * const names[] = {
    "text", "from", "to", "title", "author", "year", "url",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Does @value have the shape @shape, where '9' stands for a digit? */
static gboolean
has_shape (const char *value,
           const char *shape)
{
  for (; *shape != '\0'; value++, shape++)
    if (*shape == '9' ? !g_ascii_isdigit (*value) : *value != *shape)
      return FALSE;
  return *value == '\0';
}

/* What attribute @name of a progress file's <@element> should hold, when
 * @raw does not; NULL when it fits or is free text. */
static const char *
progress_value_expected (const char *element,
                         const char *name,
                         const char *raw)
{
  static const struct {
    const char *element;      /* NULL: any */
    const char *attributes;   /* space-separated */
    const char *values;       /* space-separated, or shapes ('9': a digit) */
    const char *expected;
  } kinds[] = {
    /* Translators: these complete “attribute %s of <%s> must be %s, not
     * "%s"”. The values are written in the file as they are: keep them in
     * English. */
    { "group", "cadence", "weekly fortnightly custom", N_("weekly, fortnightly or custom") },
    /* Translators: keep the values in English. */
    { "group", "status", "planned active finished archived", N_("planned, active, finished or archived") },
    /* Translators: keep the values in English. */
    { "member", "role", "member facilitator", N_("member or facilitator") },
    /* Translators: keep the values in English. */
    { "reading-progress", "status", "not-started reading done", N_("not-started, reading or done") },
    { "attendance", "status", "unknown present absent excused",
      /* Translators: keep the values in English. */
      N_("unknown, present, absent or excused") },
    /* Translators: keep 1 and 0; “yes” and “no” explain them. */
    { NULL, "removed date-set questions-prepared", "0 1", N_("1 (yes) or 0 (no)") },
    { NULL, "start joined date due-date done-date", "9999-99-99", N_("a date such as 2024-03-05") },
    { NULL, "updated exported",
      "9999-99-99T99:99:99Z 9999-99-99T99:99:99.9Z 9999-99-99T99:99:99.99Z 9999-99-99T99:99:99.999Z",
      N_("a time such as 2024-03-05T18:30:00.000Z") },
  };
  g_autofree char *value = g_strstrip (g_strdup (raw));

  if (strcmp (name, "session") == 0 || strcmp (name, "due-session") == 0)
    return value_fits (VALUE_COUNT, value) ? NULL : value_expected (VALUE_COUNT);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_auto(GStrv) attributes = g_strsplit (kinds[i].attributes, " ", -1);
      g_auto(GStrv) values = NULL;

      if ((kinds[i].element != NULL && strcmp (kinds[i].element, element) != 0) ||
          !g_strv_contains ((const char * const *) attributes, name))
        continue;

      values = g_strsplit (kinds[i].values, " ", -1);
      for (guint v = 0; values[v] != NULL; v++)
        if (strcmp (values[v], value) == 0 || has_shape (value, values[v]))
          return NULL;
      return _(kinds[i].expected);
    }
  return NULL;
}

static void
explain_attributes (Rewording *rw,
                    xmlNode   *subject)
{
  const char *name = (const char *) subject->name;
  guint line = sc_xml_node_line (subject);
  gboolean is_reading = rw->kind == SC_DOC_GUIDE && strcmp (name, "reading") == 0;
  gboolean explained = FALSE;

  if (is_reading)
    explained = explain_reading (rw, subject);

  explained |= explain_missing_attributes (rw, subject);

  for (xmlAttr *attr = subject->properties; attr != NULL; attr = attr->next)
    {
      const char *attr_name = (const char *) attr->name;
      g_autofree char *value = NULL;
      ValueKind kind;

      if (attr->ns != NULL)
        {
          add_problem (rw->found, line,
                       /* Translators: the first three %s make up an attribute's
                        * name (prefix, colon, name); the last is an element's. */
                       _("attribute %s%s%s is not allowed on <%s>"),
                       attr->ns->prefix != NULL ? (const char *) attr->ns->prefix : "",
                       attr->ns->prefix != NULL ? ":" : "", attr_name, name);
          explained = TRUE;
          continue;
        }

      value = sc_xml_get_attr (subject, attr_name);
      kind = attribute_value_kind (attr_name);
      if (rw->kind == SC_DOC_PROGRESS)
        {
          /* Progress files type their attributes their own way (from="" is
           * free text, ids are UUIDs). Where libxml2 names an attribute
           * without saying why, it is unknown or its value is wrong. */
          const char *expected = progress_value_expected (name, attr_name, value);

          if (expected != NULL)
            add_problem (rw->found, line,
                         /* Translators: an attribute, an element, what the
                          * value must be (“a whole number of 1 or more”) and
                          * the value found. */
                         _("attribute %s of <%s> must be %s, not \"%s\""),
                         attr_name, name, expected, value);
          else if (reported_invalid (rw, subject, attr_name))
            add_problem (rw->found, line,
                         _("attribute %s=\"%s\" is not allowed on <%s> (unknown attribute, or a wrong value)"),
                         attr_name, value, name);
          explained |= expected != NULL || reported_invalid (rw, subject, attr_name);
        }
      else if (kind != VALUE_FREE && !value_fits (kind, value))
        {
          add_problem (rw->found, line,
                       /* Translators: an attribute, an element, what the
                        * value must be (“a whole number of 1 or more”) and
                        * the value found. */
                       _("attribute %s of <%s> must be %s, not \"%s\""),
                       attr_name, name, value_expected (kind), value);
          explained = TRUE;
        }
      else if (reported_invalid (rw, subject, attr_name) &&
               !has_namespaced_twin (subject, attr_name) &&
               !(is_reading && is_reading_attribute (attr_name)))
        {
          add_problem (rw->found, line, _("attribute %s is not allowed on <%s>"), attr_name, name);
          explained = TRUE;
        }
    }

  if (!explained)
    add_problem (rw->found, line, _("element <%s> has a missing or wrong attribute"), name);
}

static void
explain_value (Rewording *rw,
               xmlNode   *subject,
               ValueKind  kind)
{
  g_autofree char *value = sc_xml_node_text (subject);

  add_problem (rw->found, sc_xml_node_line (subject),
               /* Translators: an element, what its content must be (“a whole
                * number of 1 or more”) and the content found. */
               _("element <%s> must be %s, not \"%s\""),
               (const char *) subject->name, value_expected (kind), value);
}

/* Is there a specific error about @subject or something inside it, so that
 * a generic "failed to validate content" about it adds nothing? */
static gboolean
has_specific_error_within (Rewording *rw,
                           xmlNode   *subject)
{
  for (guint i = 0; i < rw->raw_errors->len; i++)
    {
      const RawError *raw = &g_array_index (rw->raw_errors, RawError, i);

      if (raw->code == XML_RELAXNG_ERR_CONTENTVALID || is_internal_error (raw->code))
        continue;
      if (raw->node != NULL && is_self_or_descendant (raw->node, subject))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_attribute_error (Rewording *rw,
                     xmlNode   *subject)
{
  for (guint i = 0; i < rw->raw_errors->len; i++)
    {
      const RawError *raw = &g_array_index (rw->raw_errors, RawError, i);

      if (is_attribute_error (raw->code) && raw->node != NULL &&
          find_subject (raw->node, attribute_error_element (raw)) == subject)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_wrong_element_error (Rewording *rw,
                         xmlNode   *node)
{
  for (guint i = 0; i < rw->raw_errors->len; i++)
    {
      const RawError *raw = &g_array_index (rw->raw_errors, RawError, i);

      if (raw->code == XML_RELAXNG_ERR_ELEMWRONG && raw->node == node)
        return TRUE;
    }
  return FALSE;
}

/* Marks @subject explained; FALSE if it already was. */
static gboolean
first_time (Rewording *rw,
            xmlNode   *subject)
{
  return g_hash_table_add (rw->explained, subject);
}

static void
reword_wrong_element (Rewording *rw,
                      xmlNode   *node)
{
  add_problem (rw->found, sc_xml_node_line (node),
               _("element <%s> is not allowed here in <%s> (misspelt, misplaced or out of order?)"),
               (const char *) node->name, parent_name (node));
}

static void
reword_one (Rewording      *rw,
            const RawError *raw,
            gboolean        alone)
{
  xmlNode *node = raw->node;
  xmlNode *subject;
  ValueKind kind;

  if (is_internal_error (raw->code))
    return;

  if (node == NULL)
    {
      /* Only summaries of errors already reported with their node come
       * without one; keep such a message only if it is all there is. */
      if (alone)
        add_problem (rw->found, raw->line, "%s", raw->message);
      return;
    }

  switch (raw->code)
    {
    case XML_RELAXNG_ERR_ATTRVALID:
    case XML_RELAXNG_ERR_INVALIDATTR:
      subject = find_subject (node, attribute_error_element (raw));
      if (subject->type == XML_ELEMENT_NODE && first_time (rw, subject))
        explain_attributes (rw, subject);
      return;

    case XML_RELAXNG_ERR_ELEMWRONG:
      /* An element whose attributes failed does not match its pattern,
       * so libxml2 also calls it out of place: the attributes say why. */
      if (has_attribute_error (rw, node))
        return;
      if (node->type == XML_ELEMENT_NODE)
        reword_wrong_element (rw, node);
      else
        add_problem (rw->found, raw->line, _("text is not allowed here in <%s>"), parent_name (node));
      return;

    case XML_RELAXNG_ERR_EXTRACONTENT:
      if (has_wrong_element_error (rw, node) || has_attribute_error (rw, node))
        return;
      if (node->type == XML_ELEMENT_NODE && g_strcmp0 (raw->arg1, (const char *) node->name) != 0)
        reword_wrong_element (rw, node);
      else if (g_strcmp0 (raw->arg2, "text") == 0)
        add_problem (rw->found, raw->line, _("text is not allowed here in <%s>"),
                     raw->arg1 != NULL ? raw->arg1 : (const char *) node->name);
      else
        add_problem (rw->found, raw->line,
                     /* Translators: the second %s is the name of what is not
                      * allowed, usually an element. */
                     _("element <%s> has content that is not allowed: %s"),
                     raw->arg1 != NULL ? raw->arg1 : (const char *) node->name,
                     raw->arg2 != NULL ? raw->arg2 : "?");
      return;

    case XML_RELAXNG_ERR_TEXTWRONG:
      subject = find_subject (node, raw->arg1);
      add_problem (rw->found, sc_xml_node_line (subject), _("element <%s> may not contain text"),
                   (const char *) subject->name);
      return;

    case XML_RELAXNG_ERR_NOELEM:
      /* After a reading's attributes fail, libxml2 also tries the other
       * branch of its content and reports an element it never needed. */
      if (has_attribute_error (rw, node))
        return;
      if (raw->arg1 == NULL || *raw->arg1 == '\0')
        add_problem (rw->found, raw->line, _("element <%s> is missing a required element"),
                     (const char *) node->name);
      else
        add_problem (rw->found, raw->line, _("element <%s> is missing <%s>"),
                     (const char *) node->name, raw->arg1);
      return;

    case XML_RELAXNG_ERR_ELEMNOTEMPTY:
      add_problem (rw->found, raw->line, _("element <%s> must be empty"),
                   raw->arg1 != NULL ? raw->arg1 : (const char *) node->name);
      return;

    case XML_RELAXNG_ERR_ELEMNONS:
    case XML_RELAXNG_ERR_ELEMWRONGNS:
    case XML_RELAXNG_ERR_ELEMEXTRANS:
      add_problem (rw->found, raw->line,
                   _("element <%s> is in a namespace; Study Circle's formats use none"),
                   (const char *) node->name);
      return;

    case XML_RELAXNG_ERR_CONTENTVALID:
      subject = find_subject (node, raw->arg1);
      kind = element_value_kind (subject);
      if (kind != VALUE_FREE)
        {
          if (first_time (rw, subject))
            explain_value (rw, subject, kind);
        }
      else if (!has_specific_error_within (rw, subject))
        add_problem (rw->found, sc_xml_node_line (subject),
                     _("element <%s> has content that is not allowed"),
                     (const char *) subject->name);
      return;

    default:
      break;
    }

  if (is_value_error (raw->code))
    {
      kind = element_value_kind (node);
      if (kind != VALUE_FREE)
        {
          if (first_time (rw, node))
            explain_value (rw, node, kind);
          return;
        }
    }

  /* Anything else: libxml2's own words, which at least name the element. */
  add_problem (rw->found, raw->line, "%s", raw->message);
}

/* libxml2 reports some failures of an element without the element ("Element
 * reading failed to validate attributes", no node); the next error that
 * has a node is about that element or inside it. */
static void
find_missing_nodes (GArray *raw_errors)
{
  for (guint i = 0; i < raw_errors->len; i++)
    {
      RawError *raw = &g_array_index (raw_errors, RawError, i);

      if (raw->node != NULL || raw->arg1 == NULL ||
          (raw->code != XML_RELAXNG_ERR_ATTRVALID && raw->code != XML_RELAXNG_ERR_CONTENTVALID))
        continue;

      for (guint j = i + 1; j < raw_errors->len; j++)
        {
          const RawError *next = &g_array_index (raw_errors, RawError, j);
          xmlNode *subject;

          if (next->node == NULL)
            continue;

          subject = find_subject (next->node, raw->arg1);
          if (sc_xml_is (subject, raw->arg1))
            {
              raw->node = subject;
              raw->line = sc_xml_node_line (subject);
            }
          break;
        }
    }
}

static void
reword_rng_errors (ScDocKind  kind,
                   GArray    *raw_errors,
                   xmlNode   *root,
                   GArray    *found)
{
  Rewording rw = { kind, raw_errors, found, g_hash_table_new (NULL, NULL) };
  guint before = found->len;
  guint with_node = 0;

  find_missing_nodes (raw_errors);

  for (guint i = 0; i < raw_errors->len; i++)
    if (g_array_index (raw_errors, RawError, i).node != NULL)
      with_node++;

  for (guint i = 0; i < raw_errors->len; i++)
    reword_one (&rw, &g_array_index (raw_errors, RawError, i), with_node == 0);

  /* Whatever the rewording dropped, an invalid file says so. */
  if (found->len == before)
    add_problem (found, sc_xml_node_line (root),
                 /* Translators: %s is a schema's name: text, guide, glossary
                  * or progress. */
                 _("the document does not match the %s schema"),
                 sc_doc_kind_to_string (kind));

  g_hash_table_unref (rw.explained);
}

static void
validate_with_schema (ScDocKind  kind,
                      xmlDoc    *doc,
                      GArray    *found)
{
  xmlRelaxNG *grammar = get_schema (kind);
  g_autoptr(GArray) raw_errors = NULL;
  xmlRelaxNGValidCtxtPtr vctxt;
  int result;

  if (grammar == NULL)
    {
      add_problem (found, 1,
                   /* Translators: %s is a schema's name: text, guide,
                    * glossary or progress. */
                   _("the %s schema could not be loaded: this is a bug in Study Circle"),
                   sc_doc_kind_to_string (kind));
      return;
    }

  raw_errors = g_array_new (FALSE, TRUE, sizeof (RawError));
  g_array_set_clear_func (raw_errors, raw_error_clear);

  G_LOCK (validation);
  vctxt = xmlRelaxNGNewValidCtxt (grammar);
  xmlRelaxNGSetValidStructuredErrors (vctxt, collect_rng_error_cb, raw_errors);
  result = xmlRelaxNGValidateDoc (vctxt, doc);
  xmlRelaxNGFreeValidCtxt (vctxt);
  G_UNLOCK (validation);

  if (result != 0)
    reword_rng_errors (kind, raw_errors, xmlDocGetRootElement (doc), found);
}

/* ===== What the schemas cannot say: unique ids ============================ */

typedef struct {
  const char *what;     /* "section", "session", "entry": the element */
  GHashTable *lines;    /* id → first line (GUINT_TO_POINTER) */
  GArray     *found;
} IdCheck;

static void
check_id (IdCheck *check,
          xmlNode *node)
{
  g_autofree char *raw = sc_xml_get_attr (node, "id");
  char *id;
  gpointer first;

  if (raw == NULL)
    return;   /* a missing id is the schema's to report */

  id = g_strstrip (raw);
  if (!g_hash_table_lookup_extended (check->lines, id, NULL, &first))
    g_hash_table_insert (check->lines, g_strdup (id),
                         GUINT_TO_POINTER (sc_xml_node_line (node)));
  /* One whole sentence per kind of id, for translators. */
  else if (strcmp (check->what, "section") == 0)
    add_problem (check->found, sc_xml_node_line (node),
                 _("section id \"%s\" is used twice (first on line %u)"),
                 id, GPOINTER_TO_UINT (first));
  else if (strcmp (check->what, "session") == 0)
    add_problem (check->found, sc_xml_node_line (node),
                 _("session id \"%s\" is used twice (first on line %u)"),
                 id, GPOINTER_TO_UINT (first));
  else
    add_problem (check->found, sc_xml_node_line (node),
                 _("entry id \"%s\" is used twice (first on line %u)"),
                 id, GPOINTER_TO_UINT (first));
}

static void
check_section_ids (IdCheck *check,
                   xmlNode *parent,
                   guint    depth)
{
  if (depth > SC_XML_MAX_DEPTH)
    return;

  for (xmlNode *child = sc_xml_first_element (parent);

       child != NULL;

       child = sc_xml_next_element (child))
    if (sc_xml_is (child, "section"))
      {
        check_id (check, child);
        check_section_ids (check, child, depth + 1);
      }
}

static void
check_unique_ids (ScDocKind  kind,
                  xmlNode   *root,
                  GArray    *found)
{
  IdCheck check = { NULL, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), found };

  switch (kind)
    {
    case SC_DOC_TEXT:
      check.what = "section";
      for (xmlNode *child = sc_xml_first_element (root);
           child != NULL;
           child = sc_xml_next_element (child))
        if (sc_xml_is (child, "body"))
          check_section_ids (&check, child, 0);
      break;

    case SC_DOC_GUIDE:
    case SC_DOC_GLOSSARY:
      check.what = kind == SC_DOC_GUIDE ? "session" : "entry";
      for (xmlNode *child = sc_xml_first_element (root);
           child != NULL;
           child = sc_xml_next_element (child))
        if (sc_xml_is (child, check.what))
          check_id (&check, child);
      break;

    case SC_DOC_UNKNOWN:
    case SC_DOC_TEI:
    case SC_DOC_PROGRESS:
    default:
      g_assert_not_reached ();
    }

  g_hash_table_unref (check.lines);
}

/* ===== Validation ========================================================= */

static gboolean
validate_tei (const char *data,
              gsize       length,
              const char *path,
              GPtrArray  *problems)
{
  g_autoptr(ScText) text = NULL;
  g_autoptr(GError) error = NULL;

  /* TEI is far too large a vocabulary to check element by element: a TEI
   * file is valid for Study Circle when the text reader can read it. */
  text = sc_text_read_memory (data, length, path, &error);
  if (text == NULL && problems != NULL)
    g_ptr_array_add (problems, g_strdup (error->message));

  return text != NULL;
}

static void
describe_unknown_root (xmlNode *root,
                       GArray  *found)
{
  if (root->ns != NULL && root->ns->href != NULL)
    add_problem (found, sc_xml_node_line (root),
                 /* Translators: the second %s is a namespace URI. */
                 _("unknown document type <%s> (namespace %s)"),
                 (const char *) root->name, (const char *) root->ns->href);
  else
    add_problem (found, sc_xml_node_line (root), _("unknown document type <%s>"),
                 (const char *) root->name);
}

/**
 * sc_validate_memory:
 * @data: the bytes of the file
 * @length: their length
 * @path: how to name the file in problems (usually its path, for display)
 * @problems: (nullable) (element-type utf8): where to append problems
 *
 * Checks one file: well-formedness first; then, for Study Circle's own
 * formats, the RELAX NG schema and the unique ids a schema cannot check,
 * every problem reported; TEI files are read with the text reader. A
 * <progress> file has no ids a schema cannot check: the importer checks
 * what else it needs (real dates, each record once).
 *
 * Returns: %TRUE when the file is valid
 */
gboolean
sc_validate_memory (const char *data,
                    gsize       length,
                    const char *path,
                    GPtrArray  *problems)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GArray) found = NULL;
  xmlNode *root;
  ScDocKind kind;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* TEI files can be large: the text reader parses them itself (and
   * reports malformed XML the same way), so they are not parsed twice. */
  if (sc_doc_kind_sniff (data, length) == SC_DOC_TEI)
    return validate_tei (data, length, path, problems);

  doc = sc_xml_read_memory (data, length, path, &error);
  if (doc == NULL)
    {
      if (problems != NULL)
        g_ptr_array_add (problems, g_strdup (error->message));
      return FALSE;
    }

  found = g_array_new (FALSE, TRUE, sizeof (Problem));
  g_array_set_clear_func (found, problem_clear);

  root = xmlDocGetRootElement (doc);
  kind = kind_from_root ((const char *) root->name,
                         root->ns != NULL ? (const char *) root->ns->href : NULL);

  switch (kind)
    {
    case SC_DOC_TEXT:
    case SC_DOC_GUIDE:
    case SC_DOC_GLOSSARY:
      validate_with_schema (kind, doc, found);
      check_unique_ids (kind, root, found);
      break;

    case SC_DOC_TEI:
      /* Sniffed as something else, but TEI once parsed: cannot happen with
       * a well-formed file, which is all that reaches here. */
      return validate_tei (data, length, path, problems);

    case SC_DOC_PROGRESS:
      validate_with_schema (kind, doc, found);
      break;

    case SC_DOC_UNKNOWN:
    default:
      describe_unknown_root (root, found);
      break;
    }

  report_problems (found, path, problems);

  return found->len == 0;
}

/**
 * sc_validate_file:
 * @path: a file name in the GLib file name encoding
 * @problems: (nullable) (element-type utf8): where to append problems
 *
 * Reads @path and validates it with sc_validate_memory(); problems name the
 * file by its display name.
 *
 * Returns: %TRUE when the file is valid
 */
gboolean
sc_validate_file (const char *path,
                  GPtrArray  *problems)
{
  g_autofree char *display = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);

  if (g_stat (path, &st) == 0 && st.st_size > SC_XML_MAX_FILE_SIZE)
    {
      if (problems != NULL)
        g_ptr_array_add (problems,
                         /* Translators: “%s:1: ” is the file's name and line:
                          * keep it at the start. */
                         g_strdup_printf (_("%s:1: the file is larger than %d MiB"), display,
                                          SC_XML_MAX_FILE_SIZE / (1024 * 1024)));
      return FALSE;
    }

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      if (problems != NULL)
        g_ptr_array_add (problems, g_strdup_printf ("%s:1: %s", display, error->message));
      return FALSE;
    }

  return sc_validate_memory (contents, length, display, problems);
}
