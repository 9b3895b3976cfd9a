/* sc-import-epub.c: EPUB books into the import model
 *
 * An EPUB is a zip: META-INF/container.xml names the package (OPF) file,
 * whose metadata gives the title, creators, language and date, and whose
 * spine lists the chapters in reading order. Each chapter goes through the
 * HTML reader. The zip is read with libarchive from memory, entry by entry,
 * and never extracted to disk; the number of entries, the size of each and
 * the total unpacked size are capped, so a zip bomb stops early.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>

#include "sc-error.h"
#include "sc-import.h"
#include "sc-xml.h"

#define OPF_NS "http://www.idpf.org/2007/opf"

/* ===== The zip ============================================================ */

/* Only the entries a book's text is made of are read; images, fonts and
 * styles are passed over without unpacking. */
static gboolean
is_wanted_entry (const char *name)
{
  static const char *extensions[] = { ".xhtml", ".html", ".htm", ".xht", ".xml", ".opf", ".ncx" };
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_str_equal (name, "mimetype"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_str_has_suffix (lower, extensions[i]))
      return TRUE;
  return FALSE;
}

static GBytes *
read_entry (struct archive  *archive,
            const char      *display,
            const char      *name,
            gsize           *total,
            GError         **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  for (;;)
    {
      guint8 buffer[64 * 1024];
      la_ssize_t n = archive_read_data (archive, buffer, sizeof buffer);

      if (n == 0)
        break;
      if (n < 0)
        {
          g_set_error (error, SC_ERROR, SC_ERROR_PARSE,
                       /* Translators: “%s:1: ” is the book's name and line:
                        * keep it at the start. Then a file inside the book,
                        * and libarchive's reason (in English). */
                       _("%s:1: %s is damaged: %s"),
                       display, name, archive_error_string (archive));
          return NULL;
        }
      /* Declared sizes can lie: what is unpacked is what counts. */
      if (bytes->len + (gsize) n > SC_IMPORT_MAX_ZIP_ENTRY_SIZE)
        {
          g_set_error (error, SC_ERROR, SC_ERROR_LIMIT,
                       /* Translators: “%s:1: ” is the book's name and line:
                        * keep it at the start. Then a file inside the book. */
                       _("%s:1: %s unpacks to more than %d MiB"),
                       display, name, SC_IMPORT_MAX_ZIP_ENTRY_SIZE / (1024 * 1024));
          return NULL;
        }
      if (*total + n > SC_IMPORT_MAX_ZIP_TOTAL_SIZE)
        {
          g_set_error (error, SC_ERROR, SC_ERROR_LIMIT,
                       /* Translators: “%s:1: ” is the file's name and line: keep it at the start. */
                       _("%s:1: the archive unpacks to more than %d MiB"),
                       display, SC_IMPORT_MAX_ZIP_TOTAL_SIZE / (1024 * 1024));
          return NULL;
        }
      *total += n;
      g_byte_array_append (bytes, buffer, n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static gboolean
read_entries (struct archive  *archive,
              const char      *display,
              GHashTable      *entries,
              GCancellable    *cancellable,
              GError         **error)
{
  struct archive_entry *entry;
  guint count = 0;
  gsize total = 0;
  int status;

  while ((status = archive_read_next_header (archive, &entry)) == ARCHIVE_OK || status == ARCHIVE_WARN)
    {
      const char *name = archive_entry_pathname_utf8 (entry);
      g_autofree char *shown = NULL;
      GBytes *bytes;

      if (name == NULL)
        name = archive_entry_pathname (entry);
      /* Errors name the entry as UTF-8, whatever bytes the zip has. */
      shown = name != NULL ? g_utf8_make_valid (name, -1) : NULL;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (++count > SC_IMPORT_MAX_ZIP_ENTRIES)
        {
          g_set_error (error, SC_ERROR, SC_ERROR_LIMIT,
                       /* Translators: “%s:1: ” is the file's name and line: keep it at the start. */
                       _("%s:1: the archive has more than %d entries"),
                       display, SC_IMPORT_MAX_ZIP_ENTRIES);
          return FALSE;
        }
      if (name == NULL || archive_entry_filetype (entry) != AE_IFREG || !is_wanted_entry (name))
        continue;
      if (archive_entry_is_encrypted (entry))
        {
          g_set_error (error, SC_ERROR, SC_ERROR_INVALID,
                       /* Translators: “%s:1: ” is the book's name and line:
                        * keep it at the start. Then a file inside the book. */
                       _("%s:1: %s is encrypted (DRM): the book cannot be imported"), display, shown);
          return FALSE;
        }
      if (archive_entry_size_is_set (entry) && archive_entry_size (entry) > SC_IMPORT_MAX_ZIP_ENTRY_SIZE)
        {
          g_set_error (error, SC_ERROR, SC_ERROR_LIMIT,
                       /* Translators: “%s:1: ” is the book's name and line:
                        * keep it at the start. Then a file inside the book. */
                       _("%s:1: %s unpacks to more than %d MiB"),
                       display, shown, SC_IMPORT_MAX_ZIP_ENTRY_SIZE / (1024 * 1024));
          return FALSE;
        }

      bytes = read_entry (archive, display, shown, &total, error);
      if (bytes == NULL)
        return FALSE;
      g_hash_table_replace (entries, g_strdup (name), bytes);
    }

  if (status != ARCHIVE_EOF)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_PARSE,
                   /* Translators: “%s:1: ” is the file's name and line: keep
                    * it at the start. Then libarchive's reason (in English). */
                   _("%s:1: not a readable zip archive: %s"),
                   display, archive_error_string (archive));
      return FALSE;
    }
  return TRUE;
}

/* Reads the wanted entries of the zip in @data into memory. */
static GHashTable *
read_zip (const char    *data,
          gsize          length,
          const char    *display,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GHashTable) entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_bytes_unref);
  struct archive *archive = archive_read_new ();
  gboolean ok;

  /* Zip only: no other format or filter, so nothing but a zip is ever
   * unpacked here. */
  archive_read_support_format_zip (archive);
  if (archive_read_open_memory (archive, data, length) != ARCHIVE_OK)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_PARSE,
                   /* Translators: “%s:1: ” is the file's name and line: keep
                    * it at the start. Then libarchive's reason (in English). */
                   _("%s:1: not a readable zip archive: %s"),
                   display, archive_error_string (archive));
      archive_read_free (archive);
      return NULL;
    }
  ok = read_entries (archive, display, entries, cancellable, error);
  archive_read_free (archive);
  return ok ? g_steal_pointer (&entries) : NULL;
}

/* ===== Paths inside the book ============================================== */

/* @href relative to @dir, "." and ".." resolved, "#fragment" dropped, %XX
 * decoded (unless that makes bytes that are not UTF-8: paths end up in
 * messages); it never leaves the archive's root. */
static char *
resolve_href (const char *dir,
              const char *href)
{
  g_autofree char *plain = g_strndup (href, strcspn (href, "#?"));
  g_autofree char *decoded = g_uri_unescape_string (plain, NULL);
  g_autofree char *joined = NULL;
  g_auto(GStrv) segments = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  const char *path = decoded != NULL && g_utf8_validate (decoded, -1, NULL) ? decoded : plain;

  joined = path[0] == '/' || *dir == '\0' ? g_strdup (path) : g_strconcat (dir, "/", path, NULL);
  segments = g_strsplit (joined, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (*segments[i] == '\0' || g_str_equal (segments[i], "."))
        continue;
      if (g_str_equal (segments[i], ".."))
        {
          if (kept->len > 0)
            g_ptr_array_set_size (kept, kept->len - 1);
          continue;
        }
      g_ptr_array_add (kept, segments[i]);
    }
  g_ptr_array_add (kept, NULL);
  return g_strjoinv ("/", (char **) kept->pdata);
}

static char *
dir_of (const char *path)
{
  const char *slash = strrchr (path, '/');

  return slash != NULL ? g_strndup (path, slash - path) : g_strdup ("");
}

static xmlDoc *
read_xml_entry (GHashTable  *entries,
                const char  *display,
                const char  *name,
                GError     **error)
{
  GBytes *bytes = g_hash_table_lookup (entries, name);
  g_autofree char *entry_display = g_strdup_printf ("%s/%s", display, name);
  gsize length = 0;
  const char *data;

  if (bytes == NULL)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID,
                   /* Translators: “%s:1: ” is the book's name and line: keep
                    * it at the start. Then a file inside the book. */
                   _("%s:1: %s is missing from the book"), display, name);
      return NULL;
    }
  data = g_bytes_get_data (bytes, &length);
  return sc_xml_read_memory (data != NULL ? data : "", length, entry_display, error);
}

/* META-INF/container.xml → the path of the package file. */
static char *
find_package (GHashTable  *entries,
              const char  *display,
              GError     **error)
{
  g_autoptr(xmlDoc) container = NULL;
  xmlNode *rootfiles;
  GBytes *mimetype = g_hash_table_lookup (entries, "mimetype");

  if (mimetype != NULL)
    {
      gsize size = 0;
      const char *bytes = g_bytes_get_data (mimetype, &size);
      /* An empty entry's data may be NULL. */
      g_autofree char *type = size > 0 ? g_strndup (bytes, size) : g_strdup ("");

      if (!g_str_equal (g_strstrip (type), "application/epub+zip"))
        {
          g_autofree char *shown = g_utf8_make_valid (type, -1);

          g_set_error (error, SC_ERROR, SC_ERROR_INVALID,
                       /* Translators: “%s:1: ” is the file's name and line:
                        * keep it at the start. “mimetype” is the name of a
                        * file in every EPUB. */
                       _("%s:1: not an EPUB: its mimetype is “%s”"), display, shown);
          return NULL;
        }
    }
  if (!g_hash_table_contains (entries, "META-INF/container.xml"))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID, "%s:1: %s", display,
                   mimetype != NULL ? _("META-INF/container.xml is missing from the book")
                                    : _("a zip archive, but not an EPUB (no META-INF/container.xml)"));
      return NULL;
    }

  container = read_xml_entry (entries, display, "META-INF/container.xml", error);
  if (container == NULL)
    return NULL;
  rootfiles = sc_xml_child (xmlDocGetRootElement (container), "rootfiles");
  for (xmlNode *rootfile = sc_xml_first_element (rootfiles); rootfile != NULL;
       rootfile = sc_xml_next_element (rootfile))
    {
      g_autofree char *path = sc_xml_get_attr (rootfile, "full-path");

      if (sc_xml_is (rootfile, "rootfile") && path != NULL && *path != '\0')
        return resolve_href ("", path);
    }
  g_set_error (error, SC_ERROR, SC_ERROR_INVALID, "%s/META-INF/container.xml:1: %s", display,
               /* Translators: said of META-INF/container.xml, the file that
                * names an EPUB's package file. */
               _("names no package (.opf) file"));
  return NULL;
}

/* ===== The package ======================================================== */

/* EPUB 3 gives a creator's role in a <meta refines="#id" property="role">. */
static GHashTable *
read_roles (xmlNode *metadata)
{
  GHashTable *roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (xmlNode *child = sc_xml_first_element (metadata); child != NULL; child = sc_xml_next_element (child))
    {
      g_autofree char *refines = sc_xml_get_attr (child, "refines");
      g_autofree char *property = sc_xml_get_attr (child, "property");

      if (sc_xml_is (child, "meta") && refines != NULL && refines[0] == '#' && g_strcmp0 (property, "role") == 0)
        g_hash_table_replace (roles, g_strdup (refines + 1), sc_xml_node_text (child));
    }
  return roles;
}

static char *
creator_role (xmlNode    *creator,
              GHashTable *roles)
{
  g_autofree char *id = sc_xml_get_attr (creator, "id");
  char *role = sc_xml_get_ns_attr (creator, "role", OPF_NS);

  if (role == NULL && id != NULL && g_hash_table_contains (roles, id))
    role = g_strdup (g_hash_table_lookup (roles, id));
  return role;
}

static void
add_creators (ScImportDoc *doc,
              xmlNode     *metadata)
{
  g_autoptr(GHashTable) roles = read_roles (metadata);
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_free);

  /* Authors first; editors, translators and illustrators only when the
   * book names no author. */
  for (xmlNode *child = sc_xml_first_element (metadata); child != NULL; child = sc_xml_next_element (child))
    {
      g_autofree char *role = NULL;
      char *name;

      if (!sc_xml_is (child, "creator"))
        continue;
      name = sc_xml_node_text (child);
      if (*name == '\0')
        {
          g_free (name);
          continue;
        }
      role = creator_role (child, roles);
      g_ptr_array_add (role == NULL || g_str_equal (role, "aut") ? doc->authors : others, name);
    }
  if (doc->authors->len == 0)
    g_ptr_array_extend_and_steal (doc->authors, g_steal_pointer (&others));
}

static void
gutenberg_from_identifier (ScImportDoc *doc,
                           const char  *identifier)
{
  g_autoptr(GRegex) regex = g_regex_new ("gutenberg\\.org/(?:ebooks/|files/)?([0-9]+)", G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (identifier != NULL && g_regex_match (regex, identifier, 0, &match))
    {
      g_autofree char *number = g_match_info_fetch (match, 1);

      sc_import_doc_set_gutenberg (doc, number);
    }
}

static void
read_metadata (ScImportDoc *doc,
               xmlNode     *metadata)
{
  for (xmlNode *child = sc_xml_first_element (metadata); child != NULL; child = sc_xml_next_element (child))
    {
      g_autofree char *value = sc_xml_node_text (child);

      if (*value == '\0')
        continue;
      if (sc_xml_is (child, "title") && doc->title == NULL)
        doc->title = g_steal_pointer (&value);
      else if (sc_xml_is (child, "language") && doc->lang == NULL)
        doc->lang = g_steal_pointer (&value);
      else if (sc_xml_is (child, "date") && doc->date == NULL)
        {
          g_autofree char *event = sc_xml_get_ns_attr (child, "event", OPF_NS);

          /* The book's date, not the day the file was made. */
          if (event == NULL || g_str_has_suffix (event, "publication"))
            doc->date = g_steal_pointer (&value);
        }
      else if (sc_xml_is (child, "rights") && doc->license == NULL)
        doc->license = g_steal_pointer (&value);
      else if (sc_xml_is (child, "description") && doc->summary == NULL && strlen (value) <= 600 &&
               strchr (value, '<') == NULL)
        doc->summary = g_steal_pointer (&value);
      else if (sc_xml_is (child, "subject") && doc->topics->len < 12)
        g_ptr_array_add (doc->topics, g_steal_pointer (&value));
      else if (sc_xml_is (child, "source") && doc->source_url == NULL && g_str_has_prefix (value, "http"))
        doc->source_url = g_steal_pointer (&value);
      else if (sc_xml_is (child, "identifier"))
        gutenberg_from_identifier (doc, value);
      else if (sc_xml_is (child, "publisher") && strstr (value, "Project Gutenberg") != NULL)
        sc_import_doc_set_gutenberg (doc, NULL);
    }
  add_creators (doc, metadata);
  if (doc->source_url != NULL)
    gutenberg_from_identifier (doc, doc->source_url);
}

static gboolean
is_html_item (const char *media_type,
              const char *href)
{
  g_autofree char *lower = g_ascii_strdown (href, -1);

  if (media_type != NULL)
    return g_str_equal (media_type, "application/xhtml+xml") || g_str_equal (media_type, "text/html");
  return g_str_has_suffix (lower, ".xhtml") || g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm");
}

static gboolean
read_chapters (ScImportDoc   *doc,
               GHashTable    *entries,
               const char    *display,
               const char    *opf_path,
               xmlNode       *package,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GHashTable) manifest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(ScHtmlState) state = sc_html_state_new ();
  g_autofree char *opf_display = g_strdup_printf ("%s/%s", display, opf_path);
  g_autofree char *opf_dir = dir_of (opf_path);
  xmlNode *spine = sc_xml_child (package, "spine");
  guint chapters = 0;

  for (xmlNode *item = sc_xml_first_element (sc_xml_child (package, "manifest")); item != NULL;
       item = sc_xml_next_element (item))
    {
      char *id = sc_xml_get_attr (item, "id");

      if (sc_xml_is (item, "item") && id != NULL)
        g_hash_table_replace (manifest, id, item);
      else
        g_free (id);
    }

  for (xmlNode *itemref = sc_xml_first_element (spine); itemref != NULL; itemref = sc_xml_next_element (itemref))
    {
      g_autofree char *idref = sc_xml_get_attr (itemref, "idref");
      g_autofree char *href = NULL;
      g_autofree char *media_type = NULL;
      g_autofree char *path = NULL;
      g_autofree char *chapter_display = NULL;
      xmlNode *item;
      GBytes *bytes;
      gsize length = 0;
      const char *data;

      if (!sc_xml_is (itemref, "itemref"))
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      item = idref != NULL ? g_hash_table_lookup (manifest, idref) : NULL;
      href = item != NULL ? sc_xml_get_attr (item, "href") : NULL;
      if (href == NULL)
        {
          g_set_error (error, SC_ERROR, SC_ERROR_INVALID,
                       /* Translators: “%s:%u: ” is the file's name and line:
                        * keep it at the start. The spine (reading order) and
                        * the manifest (list of files) are parts of an EPUB's
                        * package file; the last %s is an id. */
                       _("%s:%u: the spine names “%s”, which the manifest lacks"),
                       opf_display, sc_xml_node_line (itemref), idref != NULL ? idref : "");
          return FALSE;
        }
      media_type = sc_xml_get_attr (item, "media-type");
      if (!is_html_item (media_type, href))
        continue;

      path = resolve_href (opf_dir, href);
      bytes = g_hash_table_lookup (entries, path);
      if (bytes == NULL)
        {
          g_set_error (error, SC_ERROR, SC_ERROR_INVALID,
                       /* Translators: “%s:1: ” is the book's name and line:
                        * keep it at the start. Then a file inside the book. */
                       _("%s:1: the chapter %s is missing from the book"),
                       display, path);
          return FALSE;
        }

      data = g_bytes_get_data (bytes, &length);
      chapter_display = g_strdup_printf ("%s/%s", display, path);
      if (length > 0 && !sc_import_html_read (doc, state, data, length, chapter_display, TRUE, error))
        return FALSE;
      chapters++;
    }

  if (chapters == 0)
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID, "%s:%u: %s",
                   opf_display, spine != NULL ? sc_xml_node_line (spine) : 1,
                   /* Translators: the spine is the list of an EPUB's
                    * chapters in reading order. */
                   _("the spine lists no chapter"));
      return FALSE;
    }
  return TRUE;
}

/**
 * sc_import_epub_read:
 *
 * Returns: %FALSE with "FILE:LINE: message" when @data is not an EPUB, is
 *   missing a part, or unpacks past the limits
 */
gboolean
sc_import_epub_read (ScImportDoc   *doc,
                     const char    *data,
                     gsize          length,
                     const char    *display_name,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GHashTable) entries = NULL;
  g_autoptr(xmlDoc) opf = NULL;
  g_autofree char *opf_path = NULL;
  xmlNode *package;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);

  entries = read_zip (data, length, display_name, cancellable, error);
  if (entries == NULL)
    return FALSE;

  opf_path = find_package (entries, display_name, error);
  if (opf_path == NULL)
    return FALSE;
  if (!g_hash_table_contains (entries, opf_path))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID,
                   /* Translators: “%s:1: ” is the book's name and line: keep
                    * it at the start. Then a file inside the book. */
                   _("%s:1: the package file %s named by META-INF/container.xml is missing"),
                   display_name, opf_path);
      return FALSE;
    }
  opf = read_xml_entry (entries, display_name, opf_path, error);
  if (opf == NULL)
    return FALSE;

  package = xmlDocGetRootElement (opf);
  if (!sc_xml_is (package, "package"))
    {
      g_set_error (error, SC_ERROR, SC_ERROR_INVALID,
                   /* Translators: “%s/%s:%u: ” is the book's name, the
                    * package file inside it and a line: keep it at the start. */
                   _("%s/%s:%u: the package file's root is <%s>, not <package>"),
                   display_name, opf_path, sc_xml_node_line (package), (const char *) package->name);
      return FALSE;
    }

  read_metadata (doc, sc_xml_child (package, "metadata"));
  return read_chapters (doc, entries, display_name, opf_path, package, cancellable, error);
}
