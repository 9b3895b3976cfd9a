/* sc-import.h: bringing the texts people already have into the library
 *
 * HTML and XHTML pages, plain text files and EPUB books become native Study
 * Circle texts in a folder of the library: sections from their headings,
 * paragraphs, quotes, lists and notes as blocks, and their title, authors,
 * language, source and license in <meta>. Navigation, scripts and Project
 * Gutenberg's license boilerplate stay out of the body.
 *
 * sc_import_files() is the whole job for a batch of files and folders; it
 * runs in any thread (the app calls it through sc_import_files_async()),
 * reports progress and stops when cancelled. The rest of this header is the
 * model the format readers (sc-import-html.c, sc-import-text.c,
 * sc-import-epub.c) fill in and the writer turns into native XML.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sc-text.h"

G_BEGIN_DECLS

/* Files larger than this are refused before they are read. */
#define SC_IMPORT_MAX_FILE_SIZE (64 * 1024 * 1024)
/* EPUB is a zip: these stop zip bombs. Entries are only ever read into
 * memory, never extracted to disk. */
#define SC_IMPORT_MAX_ZIP_ENTRIES 10000
#define SC_IMPORT_MAX_ZIP_ENTRY_SIZE (16 * 1024 * 1024)
#define SC_IMPORT_MAX_ZIP_TOTAL_SIZE (64 * 1024 * 1024)

typedef enum {
  SC_IMPORT_FORMAT_UNKNOWN,
  SC_IMPORT_FORMAT_HTML,
  SC_IMPORT_FORMAT_TEXT,
  SC_IMPORT_FORMAT_EPUB,
} ScImportFormat;

typedef struct {
  const char         *target_dir;  /* NULL: sc_paths_user_texts_dir (); created when missing */
  ScLevel             level;       /* SC_LEVEL_UNKNOWN: intermediate */
  const char         *lang;        /* for files that do not say their language; NULL: guessed */
  const char * const *taken_ids;   /* (nullable) ids already in the library, e.g. the index's */
} ScImportOptions;

typedef struct {
  char           *input;       /* the file as given, or as found in a given folder */
  ScImportFormat  format;
  char           *path;        /* the file written; NULL when rejected */
  char           *id;          /* NULL when rejected */
  char           *wanted_id;   /* the id the title gave when it was taken; else NULL */
  char           *title;
  guint           sections;
  guint           words;
  GError         *error;       /* why it was rejected ("FILE:LINE: message"); NULL when imported */
} ScImportResult;

/* Called before each file (@done of @total finished) and once at the end
 * with @input NULL, in the thread that runs the import. */
typedef void (*ScImportProgressFunc) (guint       done,
                                      guint       total,
                                      const char *input,
                                      gpointer    user_data);

/* Imports every file of @inputs (a folder: the .html, .htm, .xhtml, .txt and
 * .epub files under it). A bad file is a result with its error; the rest go
 * on. Returns (element-type ScImportResult) one result per file, in order
 * (a folder with nothing to import: one error), or NULL when the target
 * folder cannot be made or on cancellation. */
GPtrArray      *sc_import_files          (const char * const      *inputs,
                                          const ScImportOptions   *options,
                                          ScImportProgressFunc     progress,
                                          gpointer                 progress_data,
                                          GCancellable            *cancellable,
                                          GError                 **error);
/* The same in a worker thread; @progress is called in the thread-default
 * main context of the caller. */
void            sc_import_files_async    (const char * const      *inputs,
                                          const ScImportOptions   *options,
                                          ScImportProgressFunc     progress,
                                          gpointer                 progress_data,
                                          GDestroyNotify           progress_data_free,
                                          GCancellable            *cancellable,
                                          GAsyncReadyCallback      callback,
                                          gpointer                 user_data);
GPtrArray      *sc_import_files_finish   (GAsyncResult            *result,
                                          GError                 **error);
void            sc_import_result_free    (ScImportResult          *result);

const char     *sc_import_format_to_string (ScImportFormat         format);
/* Lowercase ASCII [a-z0-9-], accents transliterated, at most @max_length
 * bytes cut at a hyphen; "" when nothing is left. */
char           *sc_import_slugify        (const char              *text,
                                          gsize                    max_length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScImportResult, sc_import_result_free)

/* ===== The model of an imported text ===================================== */

typedef enum {
  SC_IMPORT_BLOCK_P,
  SC_IMPORT_BLOCK_QUOTE,
  SC_IMPORT_BLOCK_LIST,
  SC_IMPORT_BLOCK_NOTE,
} ScImportBlockKind;

typedef struct {
  ScImportBlockKind  kind;
  GPtrArray         *parts;     /* (element-type utf8) native inline markup: the paragraph,
                                 * the paragraphs of a quote or note, the items of a list */
} ScImportBlock;

typedef struct _ScImportSection ScImportSection;

struct _ScImportSection {
  char            *heading;     /* native inline markup; NULL: the text's title */
  char            *heading_text;/* the same as plain text */
  guint            level;       /* the source's level: 1 outermost */
  ScImportSection *parent;      /* (unowned) (nullable) */
  GPtrArray       *blocks;      /* (element-type ScImportBlock) */
  GPtrArray       *children;    /* (element-type ScImportSection) */
};

typedef struct {
  char      *title;
  GPtrArray *authors;           /* (element-type utf8) */
  char      *date;
  char      *lang;              /* BCP 47, NULL when the file does not say */
  GPtrArray *topics;            /* (element-type utf8) */
  char      *summary;
  char      *source;            /* where it came from, as words */
  char      *source_url;
  char      *license;
  GPtrArray *sections;          /* (element-type ScImportSection) top level */
  ScImportSection *current;     /* (unowned) where blocks go */
  char      *gutenberg_number;  /* a Project Gutenberg eBook: its number */
  GString   *sample;            /* the first words of the body, to guess a language */
} ScImportDoc;

ScImportDoc    *sc_import_doc_new        (void);
void            sc_import_doc_free       (ScImportDoc             *doc);
/* Starts a section at @level: nested in the last section of a lower level. */
void            sc_import_doc_add_heading (ScImportDoc            *doc,
                                          guint                    level,
                                          const char              *markup,
                                          const char              *text);
/* Adds a block to the current section (an opening section headed by the
 * title when there is none yet); takes @parts. */
void            sc_import_doc_add_block  (ScImportDoc             *doc,
                                          ScImportBlockKind        kind,
                                          GPtrArray               *parts);
/* Title, Author, Language and eBook number from a Project Gutenberg header. */
void            sc_import_doc_read_gutenberg_header (ScImportDoc  *doc,
                                          const char              *header);
void            sc_import_doc_set_gutenberg (ScImportDoc          *doc,
                                          const char              *number);
gboolean        sc_import_doc_is_empty   (ScImportDoc             *doc);
/* The whole text as native XML: not yet validated. */
char           *sc_import_doc_to_xml     (ScImportDoc             *doc,
                                          const char              *id,
                                          ScLevel                  level,
                                          const char              *fallback_lang);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScImportDoc, sc_import_doc_free)

/* Builds one run of inline markup: escapes text, collapses white space, and
 * writes <em> and <strong> only around words (never empty). */
typedef struct _ScInline ScInline;

ScInline       *sc_inline_new            (void);
void            sc_inline_free           (ScInline                *inl);
void            sc_inline_append         (ScInline                *inl,
                                          const char              *text,
                                          gssize                   length);
void            sc_inline_open           (ScInline                *inl,
                                          const char              *element);
void            sc_inline_close          (ScInline                *inl);
gboolean        sc_inline_is_empty       (ScInline                *inl);
const char     *sc_inline_get_text       (ScInline                *inl);
/* Returns the markup and starts over empty. */
char           *sc_inline_steal_markup   (ScInline                *inl,
                                          char                   **text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScInline, sc_inline_free)

/* ===== The format readers ================================================ */

/* Where the Project Gutenberg markers are in @text: the end of the start
 * marker's line and the start of the end marker's line, or -1. */
gssize          sc_import_gutenberg_start (const char             *text,
                                          gsize                    length);
gssize          sc_import_gutenberg_end  (const char              *text,
                                          gsize                    length);
/* "English" → "en"; NULL when unknown. */
const char     *sc_import_lang_from_name (const char              *name);
/* "en", "es", "fr", "de", "it", "pt" from common words; NULL when unsure. */
const char     *sc_import_guess_lang     (const char              *text);

/* HTML parsed with libxml2's HTML parser (no network, never a DTD): its
 * body into @doc. @state carries the Project Gutenberg markers across the
 * chapters of one book; NULL for a single page. */
typedef struct _ScHtmlState ScHtmlState;

ScHtmlState    *sc_html_state_new        (void);
void            sc_html_state_free       (ScHtmlState             *state);
gboolean        sc_import_html_read      (ScImportDoc             *doc,
                                          ScHtmlState             *state,
                                          const char              *data,
                                          gsize                    length,
                                          const char              *display_name,
                                          gboolean                 chapter,
                                          GError                 **error);
gboolean        sc_import_text_read      (ScImportDoc             *doc,
                                          const char              *data,
                                          gsize                    length,
                                          const char              *display_name,
                                          GError                 **error);
gboolean        sc_import_epub_read      (ScImportDoc             *doc,
                                          const char              *data,
                                          gsize                    length,
                                          const char              *display_name,
                                          GCancellable            *cancellable,
                                          GError                 **error);

/* Reads one file (size-capped, format sniffed) into a model. */
ScImportDoc    *sc_import_read_file      (const char              *path,
                                          ScImportFormat          *format,
                                          GCancellable            *cancellable,
                                          GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScHtmlState, sc_html_state_free)

G_END_DECLS
