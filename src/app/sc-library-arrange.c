/* sc-library-arrange.c: what the library list shows, as plain data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sc-library-arrange.h"
#include "sc-study.h"

/* Sections of the list sorted by level, in their order. */
typedef enum {
  SECTION_INTRODUCTORY,
  SECTION_INTERMEDIATE,
  SECTION_ADVANCED,
  SECTION_OTHER,
  SECTION_GUIDES,
  N_SECTIONS
} Section;

typedef struct {
  ScDocument *document;
  Section     section;
  char       *title_key;
  char       *author_key;    /* NULL: no author */
  int         year;          /* 0: unknown */
  guint       minutes;       /* G_MAXUINT: a guide, no reading time */
  gboolean    own_language;  /* in the language the app speaks */
} SortEntry;

/* Endonyms: a reader looks for the language they read, by its own name. */
static const struct {
  const char *code;
  const char *name;
} language_names[] = {
  { "ar", "العربية" },
  { "ca", "Català" },
  { "de", "Deutsch" },
  { "el", "Ελληνικά" },
  { "en", "English" },
  { "es", "Español" },
  { "eu", "Euskara" },
  { "fr", "Français" },
  { "gl", "Galego" },
  { "it", "Italiano" },
  { "nl", "Nederlands" },
  { "pl", "Polski" },
  { "pt", "Português" },
  { "ru", "Русский" },
  { "sv", "Svenska" },
  { "tr", "Türkçe" },
  { "uk", "Українська" },
  { "zh", "中文" },
};

const char *
sc_library_language_name (const char *lang)
{
  gsize base_len;

  if (lang == NULL || *lang == '\0')
    return "";

  /* "en-GB" is still English. */
  base_len = strcspn (lang, "-_");
  for (guint i = 0; i < G_N_ELEMENTS (language_names); i++)
    if (strlen (language_names[i].code) == base_len &&
        g_ascii_strncasecmp (lang, language_names[i].code, base_len) == 0)
      return language_names[i].name;
  return lang;
}

const char *
sc_library_level_name (const char *level)
{
  if (g_strcmp0 (level, "introductory") == 0)
    return _("Introductory");
  if (g_strcmp0 (level, "intermediate") == 0)
    return _("Intermediate");
  if (g_strcmp0 (level, "advanced") == 0)
    return _("Advanced");
  return NULL;
}

static void
sort_entry_clear (SortEntry *entry)
{
  g_free (entry->title_key);
  g_free (entry->author_key);
}

/* Case-insensitive and locale-aware: "la huelga" between "Fixture" and "The". */
static char *
collate_key (const char *str)
{
  g_autofree char *folded = g_utf8_casefold (str != NULL ? str : "", -1);

  return g_utf8_collate_key (folded, -1);
}

gboolean
sc_library_is_listed (ScDocument *document)
{
  const char *kind = sc_document_get_kind (document);

  /* Glossaries are not read from start to end: their entries show up as
   * term definitions in the reader and in search results, and there is
   * nothing to open them with. The library lists texts and guides. */
  return g_strcmp0 (kind, "text") == 0 || g_strcmp0 (kind, "guide") == 0;
}

static Section
document_section (ScDocument *document)
{
  const char *level = sc_document_get_level (document);

  if (g_strcmp0 (sc_document_get_kind (document), "guide") == 0)
    return SECTION_GUIDES;
  if (g_strcmp0 (level, "introductory") == 0)
    return SECTION_INTRODUCTORY;
  if (g_strcmp0 (level, "intermediate") == 0)
    return SECTION_INTERMEDIATE;
  if (g_strcmp0 (level, "advanced") == 0)
    return SECTION_ADVANCED;
  return SECTION_OTHER;
}

/* The primary language the app is shown in: "es" for es_MX.UTF-8; "en"
 * for the C locale. */
static const char *
ui_language (void)
{
  static char lang[8];

  if (lang[0] == '\0')
    {
      const char *name = g_get_language_names ()[0];
      gsize len = strcspn (name, "_.@");

      if (g_str_equal (name, "C") || g_str_has_prefix (name, "C.") || g_str_equal (name, "POSIX") || len >= sizeof lang)
        g_strlcpy (lang, "en", sizeof lang);
      else
        g_strlcpy (lang, name, len + 1);
    }
  return lang;
}

static gboolean
in_language (ScDocument *document,
             const char *lang)
{
  const char *doc_lang = sc_document_get_lang (document);
  gsize len = strlen (lang);

  return doc_lang != NULL && strncmp (doc_lang, lang, len) == 0 && (doc_lang[len] == '\0' || doc_lang[len] == '-');
}

static void
sort_entry_init (SortEntry  *entry,
                 ScDocument *document)
{
  const char *authors = sc_document_get_authors (document);
  gboolean is_guide = g_strcmp0 (sc_document_get_kind (document), "guide") == 0;

  entry->document = document;
  entry->section = document_section (document);
  entry->title_key = collate_key (sc_document_get_title (document));
  entry->author_key = authors != NULL && *authors != '\0' ? collate_key (authors) : NULL;
  entry->year = sc_document_get_year (document);
  entry->minutes = is_guide ? G_MAXUINT : sc_document_get_minutes (document);
  entry->own_language = in_language (document, ui_language ());
}

static int
compare_by_title (const SortEntry *a,
                  const SortEntry *b)
{
  int cmp = strcmp (a->title_key, b->title_key);

  if (cmp != 0)
    return cmp;
  return g_strcmp0 (sc_document_get_id (a->document), sc_document_get_id (b->document));
}

static int
compare_entries (gconstpointer a_ptr,
                 gconstpointer b_ptr,
                 gpointer      user_data)
{
  const SortEntry *a = a_ptr, *b = b_ptr;
  ScLibrarySort sort = GPOINTER_TO_INT (user_data);

  switch (sort)
    {
    case SC_LIBRARY_SORT_LEVEL:
      if (a->section != b->section)
        return a->section < b->section ? -1 : 1;
      /* Within a level, texts in the language the app speaks first: a new
       * member sees where to start in their own language. */
      if (a->own_language != b->own_language)
        return a->own_language ? -1 : 1;
      break;
    case SC_LIBRARY_SORT_AUTHOR:
      /* Documents without an author last. */
      if ((a->author_key == NULL) != (b->author_key == NULL))
        return a->author_key == NULL ? 1 : -1;
      if (a->author_key != NULL && strcmp (a->author_key, b->author_key) != 0)
        return strcmp (a->author_key, b->author_key);
      break;
    case SC_LIBRARY_SORT_YEAR:
      /* Oldest first, undated last. */
      if (a->year != b->year)
        {
          if (a->year == 0 || b->year == 0)
            return a->year == 0 ? 1 : -1;
          return a->year < b->year ? -1 : 1;
        }
      break;
    case SC_LIBRARY_SORT_READING_TIME:
      /* Shortest first; guides, with no reading time, last. */
      if (a->minutes != b->minutes)
        return a->minutes < b->minutes ? -1 : 1;
      break;
    case SC_LIBRARY_SORT_TITLE:
    default:
      break;
    }
  return compare_by_title (a, b);
}

static ScLibraryItem *
section_header (Section section,
                guint   n_documents)
{
  g_autofree char *count = NULL;

  if (section == SECTION_GUIDES)
    count = g_strdup_printf (ngettext ("%u guide", "%u guides", n_documents), n_documents);
  else
    count = g_strdup_printf (ngettext ("%'u text", "%'u texts", n_documents), n_documents);

  switch (section)
    {
    case SECTION_INTRODUCTORY:
      return sc_library_item_new_header (_("Introductory"), count,
                                         _("Start here: short texts that assume no background."),
                                         n_documents);
    case SECTION_INTERMEDIATE:
      return sc_library_item_new_header (_("Intermediate"), count,
                                         _("For readers who know the basics."),
                                         n_documents);
    case SECTION_ADVANCED:
      return sc_library_item_new_header (_("Advanced"), count,
                                         _("Longer, denser texts for experienced readers."),
                                         n_documents);
    case SECTION_GUIDES:
      return sc_library_item_new_header (_("Study Guides"), count,
                                         _("Reading plans for study groups, session by session."),
                                         n_documents);
    case SECTION_OTHER:
    case N_SECTIONS:
    default:
      return sc_library_item_new_header (_("Other Texts"), count, NULL, n_documents);
    }
}

double
sc_library_progress_of (GHashTable *positions,
                        ScDocument *document)
{
  ScPosition *position;

  if (positions == NULL)
    return SC_LIBRARY_ITEM_NO_PROGRESS;
  position = g_hash_table_lookup (positions, sc_document_get_id (document));
  return position != NULL ? position->percent : SC_LIBRARY_ITEM_NO_PROGRESS;
}

GPtrArray *
sc_library_arrange (GPtrArray     *documents,
                    ScLibrarySort  sort,
                    GHashTable    *positions)
{
  g_autoptr(GArray) entries = g_array_sized_new (FALSE, TRUE, sizeof (SortEntry), documents->len);
  guint counts[N_SECTIONS] = { 0 };
  GPtrArray *items;
  int section = -1;

  g_return_val_if_fail (documents != NULL, NULL);

  g_array_set_clear_func (entries, (GDestroyNotify) sort_entry_clear);
  for (guint i = 0; i < documents->len; i++)
    {
      ScDocument *document = g_ptr_array_index (documents, i);
      SortEntry entry;

      if (!sc_library_is_listed (document))
        continue;
      sort_entry_init (&entry, document);
      g_array_append_val (entries, entry);
      counts[entry.section]++;
    }
  g_array_sort_with_data (entries, compare_entries, GINT_TO_POINTER (sort));

  items = g_ptr_array_new_full (entries->len + N_SECTIONS, g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    {
      SortEntry *entry = &g_array_index (entries, SortEntry, i);

      if (sort == SC_LIBRARY_SORT_LEVEL && (int) entry->section != section)
        {
          section = entry->section;
          g_ptr_array_add (items, section_header (section, counts[section]));
        }
      g_ptr_array_add (items,
                       sc_library_item_new_document (entry->document,
                                                     sc_library_progress_of (positions, entry->document)));
    }
  return items;
}

static int
compare_strings_collated (gconstpointer a,
                          gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

static int
compare_languages (gconstpointer a,
                   gconstpointer b)
{
  const char *a_code = *(const char * const *) a, *b_code = *(const char * const *) b;

  return g_utf8_collate (sc_library_language_name (a_code), sc_library_language_name (b_code));
}

static GPtrArray *
steal_keys (GHashTable *set)
{
  GPtrArray *keys = g_ptr_array_new_full (g_hash_table_size (set), g_free);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_ptr_array_add (keys, key);
      g_hash_table_iter_steal (&iter);
    }
  return keys;
}

void
sc_library_collect_facets (GPtrArray  *documents,
                           GPtrArray **languages,
                           GPtrArray **topics)
{
  g_autoptr(GHashTable) language_set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) topic_set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_if_fail (documents != NULL);
  g_return_if_fail (languages != NULL && topics != NULL);

  for (guint i = 0; i < documents->len; i++)
    {
      ScDocument *document = g_ptr_array_index (documents, i);
      const char *lang = sc_document_get_lang (document);
      const char *doc_topics = sc_document_get_topics (document);

      if (!sc_library_is_listed (document))
        continue;
      if (lang != NULL && *lang != '\0')
        g_hash_table_add (language_set, g_ascii_strdown (lang, strcspn (lang, "-_")));
      if (doc_topics != NULL && *doc_topics != '\0')
        {
          g_auto(GStrv) names = g_strsplit (doc_topics, "; ", -1);

          for (guint j = 0; names[j] != NULL; j++)
            if (*g_strstrip (names[j]) != '\0')
              g_hash_table_add (topic_set, g_strdup (names[j]));
        }
    }

  *languages = steal_keys (language_set);
  g_ptr_array_sort (*languages, compare_languages);
  *topics = steal_keys (topic_set);
  g_ptr_array_sort (*topics, compare_strings_collated);
}
