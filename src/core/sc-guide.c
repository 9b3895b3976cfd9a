/* sc-guide.c: study guides and glossaries
 *
 * Reading is forgiving about what it does not know (unknown elements are
 * the validator's business) and strict about what it needs: a guide without
 * an id, a session without a title or a reading that names nothing cannot
 * be shown, so such a file is refused with "FILE:LINE: message" and the
 * rest of the library goes on without it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-guide.h"
#include "sc-xml.h"

/* ===== Small helpers ====================================================== */

static void set_error_at (GError     **error,
                          int          code,
                          const char  *display,
                          xmlNode     *node,
                          const char  *format,
                          ...) G_GNUC_PRINTF (5, 6);

static void
set_error_at (GError     **error,
              int          code,
              const char  *display,
              xmlNode     *node,
              const char  *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, SC_ERROR, code, "%s:%u: %s", display, sc_xml_node_line (node), message);
}

static void add_problem_at (GPtrArray  *problems,
                            const char *display,
                            guint       line,
                            const char *format,
                            ...) G_GNUC_PRINTF (4, 5);

/* Appends "FILE:LINE: message": the message is translated, the place is not. */
static void
add_problem_at (GPtrArray  *problems,
                const char *display,
                guint       line,
                const char *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (problems, g_strdup_printf ("%s:%u: %s", display, line, message));
}

/* An attribute's value with surrounding space removed; NULL when it is
 * missing or empty, which readers treat alike. */
static char *
get_trimmed_attr (xmlNode    *node,
                  const char *name)
{
  char *value = sc_xml_get_attr (node, name);

  if (value != NULL && *g_strstrip (value) == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static gboolean
is_root (xmlNode    *root,
         const char *name)
{
  /* Our formats have no namespace: a namespaced <guide> is something else. */
  return sc_xml_is (root, name) && root->ns == NULL;
}

/* @expected is "guide" or "glossary": each has its own whole sentences, so
 * that translators never assemble a message from pieces. */
static void
set_wrong_root_error (GError     **error,
                      const char  *display,
                      xmlNode     *root,
                      const char  *expected)
{
  const char *name = (const char *) root->name;
  gboolean guide = g_str_equal (expected, "guide");

  if (root->ns != NULL && root->ns->href != NULL)
    {
      const char *ns = (const char *) root->ns->href;

      if (guide)
        set_error_at (error, SC_ERROR_INVALID, display, root,
                      /* Translators: the second %s is a namespace URI, such as
                       * http://www.tei-c.org/ns/1.0; the last is “guide”. */
                      _("not a study guide: the root element is <%s> in namespace %s, not <%s>"),
                      name, ns, expected);
      else
        set_error_at (error, SC_ERROR_INVALID, display, root,
                      /* Translators: the second %s is a namespace URI, such as
                       * http://www.tei-c.org/ns/1.0; the last is “glossary”. */
                      _("not a glossary: the root element is <%s> in namespace %s, not <%s>"),
                      name, ns, expected);
    }
  else if (guide)
    set_error_at (error, SC_ERROR_INVALID, display, root,
                  _("not a study guide: the root element is <%s>, not <%s>"), name, expected);
  else
    set_error_at (error, SC_ERROR_INVALID, display, root,
                  _("not a glossary: the root element is <%s>, not <%s>"), name, expected);
}

/* Parses a count such as minutes="20" or <weeks>8</weeks>: whatever the
 * schema's xsd:positiveInteger takes ("+5", "007", more digits than fit,
 * which read as the largest count), so a guide that validates is read. */
static gboolean
parse_count (const char  *value,
             guint       *count)
{
  guint64 number;

  if (*value == '+')
    value++;
  if (*value == '\0' || value[strspn (value, "0123456789")] != '\0')
    return FALSE;
  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &number, NULL))
    number = G_MAXUINT64;   /* only digits: too many of them */
  if (number == 0)
    return FALSE;
  *count = (guint) MIN (number, G_MAXUINT);
  return TRUE;
}

static char **
steal_strv (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  return (char **) g_ptr_array_free (array, FALSE);
}

/* ===== Guides ============================================================= */

static void
sc_reading_free (gpointer data)
{
  ScReading *reading = data;

  g_free (reading->text_id);
  g_free (reading->from);
  g_free (reading->to);
  g_free (reading->title);
  g_free (reading->author);
  g_free (reading->year);
  g_free (reading->url);
  g_free (reading->note);
  g_free (reading);
}

static void
sc_guide_session_free (gpointer data)
{
  ScGuideSession *session = data;

  g_free (session->id);
  g_free (session->title);
  g_strfreev (session->goals);
  g_clear_pointer (&session->readings, g_ptr_array_unref);
  g_strfreev (session->questions);
  g_strfreev (session->terms);
  g_strfreev (session->activities);
  g_free (session);
}

void
sc_guide_free (ScGuide *guide)
{
  if (guide == NULL)
    return;

  g_free (guide->id);
  g_free (guide->path);
  g_free (guide->lang);
  g_free (guide->title);
  g_strfreev (guide->authors);
  g_free (guide->audience);
  g_free (guide->summary);
  g_free (guide->translation_of);
  g_clear_pointer (&guide->sessions, g_ptr_array_unref);
  g_free (guide);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScReading, sc_reading_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScGuideSession, sc_guide_session_free)

static ScReading *
read_reading (xmlNode     *node,
              const char  *display,
              GError     **error)
{
  g_autoptr(ScReading) reading = g_new0 (ScReading, 1);
  g_autofree char *minutes = NULL;
  char *note;

  reading->line = sc_xml_node_line (node);
  reading->text_id = get_trimmed_attr (node, "text");
  reading->from = get_trimmed_attr (node, "from");
  reading->to = get_trimmed_attr (node, "to");
  reading->title = get_trimmed_attr (node, "title");
  reading->author = get_trimmed_attr (node, "author");
  reading->year = get_trimmed_attr (node, "year");
  reading->url = get_trimmed_attr (node, "url");

  if (reading->text_id == NULL && reading->title == NULL)
    {
      set_error_at (error, SC_ERROR_INVALID, display, node,
                    /* Translators: text="" and title="" are attributes: keep them. */
                    _("a <reading> needs text=\"\" (a library text) or title=\"\" (an outside work)"));
      return NULL;
    }

  minutes = get_trimmed_attr (node, "minutes");
  if (minutes != NULL && !parse_count (minutes, &reading->minutes))
    {
      set_error_at (error, SC_ERROR_INVALID, display, node,
                    /* Translators: “minutes” is the name of an attribute: keep it. */
                    _("minutes must be a whole number of 1 or more, not \"%s\""), minutes);
      return NULL;
    }

  note = sc_xml_node_text (node);
  if (*note != '\0')
    reading->note = note;
  else
    g_free (note);

  return g_steal_pointer (&reading);
}

static ScGuideSession *
read_session (xmlNode     *node,
              guint        number,
              const char  *display,
              GError     **error)
{
  g_autoptr(ScGuideSession) session = g_new0 (ScGuideSession, 1);
  g_autoptr(GPtrArray) goals = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) activities = g_ptr_array_new_with_free_func (g_free);

  session->number = number;
  session->line = sc_xml_node_line (node);
  session->readings = g_ptr_array_new_with_free_func (sc_reading_free);

  session->id = get_trimmed_attr (node, "id");
  if (session->id == NULL)
    {
      set_error_at (error, SC_ERROR_INVALID, display, node,
                    /* Translators: %u is the session's number in the guide. */
                    _("<session> %u has no id attribute"), number);
      return NULL;
    }

  session->title = sc_xml_child_text (node, "title");
  if (session->title == NULL || *session->title == '\0')
    {
      set_error_at (error, SC_ERROR_INVALID, display, node,
                    _("session \"%s\" has no <title>"), session->id);
      return NULL;
    }

  for (xmlNode *child = sc_xml_first_element (node);

       child != NULL;

       child = sc_xml_next_element (child))
    {
      if (sc_xml_is (child, "reading"))
        {
          ScReading *reading = read_reading (child, display, error);

          if (reading == NULL)
            return NULL;
          g_ptr_array_add (session->readings, reading);
        }
      else if (sc_xml_is (child, "goal"))
        g_ptr_array_add (goals, sc_xml_node_text (child));
      else if (sc_xml_is (child, "question"))
        g_ptr_array_add (questions, sc_xml_node_text (child));
      else if (sc_xml_is (child, "activity"))
        g_ptr_array_add (activities, sc_xml_node_text (child));
      else if (sc_xml_is (child, "term"))
        {
          char *ref = get_trimmed_attr (child, "ref");

          if (ref == NULL)
            {
              set_error_at (error, SC_ERROR_INVALID, display, child, _("<term> has no ref attribute"));
              return NULL;
            }
          g_ptr_array_add (terms, ref);
        }
    }

  session->goals = steal_strv (g_steal_pointer (&goals));
  session->questions = steal_strv (g_steal_pointer (&questions));
  session->terms = steal_strv (g_steal_pointer (&terms));
  session->activities = steal_strv (g_steal_pointer (&activities));

  return g_steal_pointer (&session);
}

static gboolean
read_guide_meta (ScGuide     *guide,
                 xmlNode     *root,
                 const char  *display,
                 GError     **error)
{
  xmlNode *meta = sc_xml_child (root, "meta");
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *weeks = NULL;

  if (meta == NULL)
    {
      set_error_at (error, SC_ERROR_INVALID, display, root, _("<guide> has no <meta>"));
      return FALSE;
    }

  guide->title = sc_xml_child_text (meta, "title");
  if (guide->title == NULL || *guide->title == '\0')
    {
      set_error_at (error, SC_ERROR_INVALID, display, meta, _("the guide's <meta> has no <title>"));
      return FALSE;
    }

  for (xmlNode *child = sc_xml_first_element (meta);

       child != NULL;

       child = sc_xml_next_element (child))
    if (sc_xml_is (child, "author"))
      g_ptr_array_add (authors, sc_xml_node_text (child));
  guide->authors = steal_strv (g_steal_pointer (&authors));

  guide->audience = sc_xml_child_text (meta, "audience");
  guide->summary = sc_xml_child_text (meta, "summary");
  guide->translation_of = sc_xml_child_text (meta, "translation-of");

  weeks = sc_xml_child_text (meta, "weeks");
  if (weeks != NULL && !parse_count (weeks, &guide->weeks))
    {
      set_error_at (error, SC_ERROR_INVALID, display, sc_xml_child (meta, "weeks"),
                    _("<weeks> must be a whole number of 1 or more, not \"%s\""), weeks);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_sessions (ScGuide     *guide,
               xmlNode     *root,
               const char  *display,
               GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (xmlNode *child = sc_xml_first_element (root);

       child != NULL;

       child = sc_xml_next_element (child))
    {
      ScGuideSession *session;
      ScGuideSession *first;

      if (!sc_xml_is (child, "session"))
        continue;

      session = read_session (child, guide->sessions->len + 1, display, error);
      if (session == NULL)
        return FALSE;

      /* Sessions are found by id (sc_guide_find_session, study data), so
       * two with one id would make one of them unreachable. */
      first = g_hash_table_lookup (seen, session->id);
      if (first != NULL)
        {
          set_error_at (error, SC_ERROR_DUPLICATE, display, child,
                        _("session id \"%s\" is used twice (first on line %u)"),
                        session->id, first->line);
          sc_guide_session_free (session);
          return FALSE;
        }
      g_hash_table_insert (seen, session->id, session);
      g_ptr_array_add (guide->sessions, session);
    }

  if (guide->sessions->len == 0)
    {
      set_error_at (error, SC_ERROR_INVALID, display, root, _("the guide has no <session>"));
      return FALSE;
    }

  return TRUE;
}

static ScGuide *
guide_from_doc (xmlDoc      *doc,
                const char  *path,
                GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(ScGuide) guide = g_new0 (ScGuide, 1);
  xmlNode *root = xmlDocGetRootElement (doc);

  if (!is_root (root, "guide"))
    {
      set_wrong_root_error (error, display, root, "guide");
      return NULL;
    }

  guide->path = g_strdup (path);
  guide->sessions = g_ptr_array_new_with_free_func (sc_guide_session_free);

  guide->id = get_trimmed_attr (root, "id");
  if (guide->id == NULL)
    {
      set_error_at (error, SC_ERROR_INVALID, display, root, _("<guide> has no id attribute"));
      return NULL;
    }

  guide->lang = get_trimmed_attr (root, "lang");
  if (guide->lang == NULL)
    {
      set_error_at (error, SC_ERROR_INVALID, display, root, _("<guide> has no lang attribute"));
      return NULL;
    }

  if (!read_guide_meta (guide, root, display, error) ||
      !read_sessions (guide, root, display, error))
    return NULL;

  return g_steal_pointer (&guide);
}

/**
 * sc_guide_read_file:
 * @path: a file name in the GLib file name encoding
 * @error: return location for a #GError
 *
 * Reads a study guide. Errors read "FILE:LINE: message".
 *
 * Returns: (transfer full): the guide, or %NULL
 */
ScGuide *
sc_guide_read_file (const char  *path,
                    GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = sc_xml_read_file (path, error);
  if (doc == NULL)
    return NULL;

  return guide_from_doc (doc, path, error);
}

/**
 * sc_guide_read_memory:
 * @data: the bytes of a guide file
 * @length: their length
 * @path: the file they came from (stored in the guide, named in errors)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the guide, or %NULL
 */
ScGuide *
sc_guide_read_memory (const char  *data,
                      gsize        length,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *display = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);
  doc = sc_xml_read_memory (data, length, display, error);
  if (doc == NULL)
    return NULL;

  return guide_from_doc (doc, path, error);
}

/**
 * sc_guide_find_session:
 * @guide: a guide
 * @session_id_or_number: a session's id, or its number ("3", counted from 1)
 *
 * An id wins over a number, so a session whose id is "2" is found as such.
 *
 * Returns: (transfer none) (nullable): the session
 */
ScGuideSession *
sc_guide_find_session (ScGuide    *guide,
                       const char *session_id_or_number)
{
  guint64 number;

  g_return_val_if_fail (guide != NULL, NULL);
  g_return_val_if_fail (session_id_or_number != NULL, NULL);

  for (guint i = 0; i < guide->sessions->len; i++)
    {
      ScGuideSession *session = g_ptr_array_index (guide->sessions, i);

      if (strcmp (session->id, session_id_or_number) == 0)
        return session;
    }

  if (guide->sessions->len > 0 &&
      g_ascii_string_to_unsigned (session_id_or_number, 10, 1, guide->sessions->len, &number, NULL))
    return g_ptr_array_index (guide->sessions, number - 1);

  return NULL;
}

/**
 * sc_guide_check_references:
 * @guide: a guide
 * @lookup: (scope call): tells whether the library has a text (and section)
 * @user_data: passed to @lookup
 *
 * Sets each reading's in_library: %TRUE when its text and its from/to
 * sections all exist. A reading of an outside work is never in the library
 * and is not a problem. Readings that name what the library lacks are kept.
 *
 * Returns: (transfer full) (element-type utf8): one "FILE:LINE: message"
 *   per unresolved reference, possibly none
 */
GPtrArray *
sc_guide_check_references (ScGuide      *guide,
                           ScLookupFunc  lookup,
                           gpointer      user_data)
{
  g_autofree char *display = NULL;
  GPtrArray *problems;

  g_return_val_if_fail (guide != NULL, NULL);
  g_return_val_if_fail (lookup != NULL, NULL);

  display = g_filename_display_name (guide->path);
  problems = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < guide->sessions->len; i++)
    {
      ScGuideSession *session = g_ptr_array_index (guide->sessions, i);

      for (guint j = 0; j < session->readings->len; j++)
        {
          ScReading *reading = g_ptr_array_index (session->readings, j);
          const char *sections[] = { reading->from, reading->to };

          reading->in_library = FALSE;
          if (reading->text_id == NULL)
            continue;

          if (!lookup (reading->text_id, NULL, user_data))
            {
              add_problem_at (problems, display, reading->line,
                              _("reading names text \"%s\" that is not in the library"),
                              reading->text_id);
              continue;
            }

          reading->in_library = TRUE;
          for (guint k = 0; k < G_N_ELEMENTS (sections); k++)
            {
              /* from="x" to="x" is one reference, reported once. */
              if (sections[k] == NULL || (k == 1 && g_strcmp0 (sections[0], sections[1]) == 0))
                continue;
              if (lookup (reading->text_id, sections[k], user_data))
                continue;

              reading->in_library = FALSE;
              add_problem_at (problems, display, reading->line,
                              /* Translators: the first %s is a section id, the
                               * second a text id. */
                              _("reading names section \"%s\" that text \"%s\" does not have"),
                              sections[k], reading->text_id);
            }
        }
    }

  return problems;
}

/* ===== Glossaries ========================================================= */

static void
sc_glossary_entry_free (gpointer data)
{
  ScGlossaryEntry *entry = data;

  g_free (entry->id);
  g_free (entry->term);
  g_free (entry->definition);
  g_strfreev (entry->see);
  g_free (entry->see_lines);
  g_free (entry);
}

void
sc_glossary_free (ScGlossary *glossary)
{
  if (glossary == NULL)
    return;

  g_free (glossary->id);
  g_free (glossary->path);
  g_free (glossary->lang);
  g_clear_pointer (&glossary->by_id, g_hash_table_unref);
  g_clear_pointer (&glossary->entries, g_ptr_array_unref);
  g_free (glossary);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScGlossaryEntry, sc_glossary_entry_free)

static ScGlossaryEntry *
read_entry (xmlNode     *node,
            const char  *display,
            GError     **error)
{
  g_autoptr(ScGlossaryEntry) entry = g_new0 (ScGlossaryEntry, 1);
  g_autoptr(GPtrArray) see = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) see_lines = g_array_new (FALSE, FALSE, sizeof (guint));

  entry->line = sc_xml_node_line (node);
  entry->id = get_trimmed_attr (node, "id");
  if (entry->id == NULL)
    {
      set_error_at (error, SC_ERROR_INVALID, display, node, _("<entry> has no id attribute"));
      return NULL;
    }

  entry->term = sc_xml_child_text (node, "term");
  if (entry->term == NULL || *entry->term == '\0')
    {
      set_error_at (error, SC_ERROR_INVALID, display, node,
                    _("entry \"%s\" has no <term>"), entry->id);
      return NULL;
    }

  entry->definition = sc_xml_child_text (node, "definition");
  if (entry->definition == NULL)
    {
      set_error_at (error, SC_ERROR_INVALID, display, node, _("entry \"%s\" has no <definition>"),
                    entry->id);
      return NULL;
    }

  for (xmlNode *child = sc_xml_first_element (node);

       child != NULL;

       child = sc_xml_next_element (child))
    {
      char *ref;
      guint line;

      if (!sc_xml_is (child, "see"))
        continue;

      ref = get_trimmed_attr (child, "ref");
      if (ref == NULL)
        {
          set_error_at (error, SC_ERROR_INVALID, display, child, _("<see> has no ref attribute"));
          return NULL;
        }
      line = sc_xml_node_line (child);
      g_ptr_array_add (see, ref);
      g_array_append_val (see_lines, line);
    }

  entry->see = steal_strv (g_steal_pointer (&see));
  entry->see_lines = (guint *) (void *) g_array_free (g_steal_pointer (&see_lines), FALSE);

  return g_steal_pointer (&entry);
}

static ScGlossary *
glossary_from_doc (xmlDoc      *doc,
                   const char  *path,
                   GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(ScGlossary) glossary = g_new0 (ScGlossary, 1);
  xmlNode *root = xmlDocGetRootElement (doc);

  if (!is_root (root, "glossary"))
    {
      set_wrong_root_error (error, display, root, "glossary");
      return NULL;
    }

  glossary->path = g_strdup (path);
  glossary->entries = g_ptr_array_new_with_free_func (sc_glossary_entry_free);
  glossary->by_id = g_hash_table_new (g_str_hash, g_str_equal);

  glossary->lang = get_trimmed_attr (root, "lang");
  if (glossary->lang == NULL)
    {
      set_error_at (error, SC_ERROR_INVALID, display, root, _("<glossary> has no lang attribute"));
      return NULL;
    }

  glossary->id = get_trimmed_attr (root, "id");
  if (glossary->id == NULL)
    glossary->id = g_strdup_printf ("glossary-%s", glossary->lang);

  for (xmlNode *child = sc_xml_first_element (root);

       child != NULL;

       child = sc_xml_next_element (child))
    {
      ScGlossaryEntry *entry;
      ScGlossaryEntry *first;

      if (!sc_xml_is (child, "entry"))
        continue;

      entry = read_entry (child, display, error);
      if (entry == NULL)
        return NULL;

      /* Texts point at entries by id: one id, one definition. */
      first = g_hash_table_lookup (glossary->by_id, entry->id);
      if (first != NULL)
        {
          set_error_at (error, SC_ERROR_DUPLICATE, display, child,
                        _("entry id \"%s\" is used twice (first on line %u)"), entry->id, first->line);
          sc_glossary_entry_free (entry);
          return NULL;
        }

      g_ptr_array_add (glossary->entries, entry);
      g_hash_table_insert (glossary->by_id, entry->id, entry);
    }

  if (glossary->entries->len == 0)
    {
      set_error_at (error, SC_ERROR_INVALID, display, root, _("the glossary has no <entry>"));
      return NULL;
    }

  return g_steal_pointer (&glossary);
}

/**
 * sc_glossary_read_file:
 * @path: a file name in the GLib file name encoding
 * @error: return location for a #GError
 *
 * Reads a glossary. Errors read "FILE:LINE: message".
 *
 * Returns: (transfer full): the glossary, or %NULL
 */
ScGlossary *
sc_glossary_read_file (const char  *path,
                       GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = sc_xml_read_file (path, error);
  if (doc == NULL)
    return NULL;

  return glossary_from_doc (doc, path, error);
}

/**
 * sc_glossary_read_memory:
 * @data: the bytes of a glossary file
 * @length: their length
 * @path: the file they came from (stored in the glossary, named in errors)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the glossary, or %NULL
 */
ScGlossary *
sc_glossary_read_memory (const char  *data,
                         gsize        length,
                         const char  *path,
                         GError     **error)
{
  g_autofree char *display = NULL;
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);
  doc = sc_xml_read_memory (data, length, display, error);
  if (doc == NULL)
    return NULL;

  return glossary_from_doc (doc, path, error);
}

/**
 * sc_glossary_lookup:
 *
 * Returns: (transfer none) (nullable): the entry with id @entry_id
 */
ScGlossaryEntry *
sc_glossary_lookup (ScGlossary *glossary,
                    const char *entry_id)
{
  g_return_val_if_fail (glossary != NULL, NULL);
  g_return_val_if_fail (entry_id != NULL, NULL);

  return g_hash_table_lookup (glossary->by_id, entry_id);
}

/**
 * sc_glossary_check_references:
 * @glossary: a glossary
 *
 * Returns: (transfer full) (element-type utf8): one "FILE:LINE: message"
 *   per <see ref=""> that names no entry of @glossary, possibly none
 */
GPtrArray *
sc_glossary_check_references (ScGlossary *glossary)
{
  g_autofree char *display = NULL;
  GPtrArray *problems;

  g_return_val_if_fail (glossary != NULL, NULL);

  display = g_filename_display_name (glossary->path);
  problems = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < glossary->entries->len; i++)
    {
      ScGlossaryEntry *entry = g_ptr_array_index (glossary->entries, i);

      for (guint j = 0; entry->see[j] != NULL; j++)
        if (!g_hash_table_contains (glossary->by_id, entry->see[j]))
          add_problem_at (problems, display, entry->see_lines[j],
                          /* Translators: an entry “sees” another with
                           * <see ref="">, a cross-reference. */
                          _("entry \"%s\" sees entry \"%s\" that is not in the glossary"),
                          entry->id, entry->see[j]);
    }

  return problems;
}
