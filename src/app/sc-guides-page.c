/* sc-guides-page.c: the study guides of the library
 *
 * A sidebar lists the guides, those in the language of the interface
 * first; the guide chosen shows its sessions, each with goals, readings,
 * discussion questions, key terms and activities, and a checklist of the
 * readings to have done before the next meeting.
 *
 * Readings of library texts name their sections by heading ("How
 * Capitalism Works — Wages to Profit"): the texts are loaded in the
 * background and the rows show ids until they are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "sc-app-resources.h"
#include "sc-app-util.h"
#include "sc-checklist-row.h"
#include "sc-error.h"
#include "sc-guide-row.h"
#include "sc-guides-page.h"
#include "sc-paths.h"
#include "sc-reading-row.h"
#include "sc-session-item.h"
#include "sc-session-row.h"
#include "sc-study.h"
#include "sc-study-progress.h"

/* What a reading's title needs from its text. */
typedef struct {
  char       *title;      /* NULL when the text could not be loaded */
  GHashTable *headings;   /* section id → heading */
} TextInfo;

struct _ScGuidesPage {
  AdwBin              parent_instance;

  ScCatalog          *catalog;
  GCancellable       *cancellable;        /* the page's life: list and text loads */
  GCancellable       *guide_cancellable;  /* the guide being opened */
  GListStore         *guides;             /* (element-type ScDocument) */
  GtkSingleSelection *selection;
  guint               list_loading : 1;
  guint               guide_loading : 1;
  guint               study_tried : 1;

  char               *guide_id;
  ScGuide            *guide;
  ScGlossary         *glossary;
  GHashTable         *texts;              /* text id → TextInfo */
  GHashTable         *texts_loading;      /* text ids */
  GPtrArray          *reading_rows;       /* AdwPreferencesRow naming a library text */

  /* The checklist for the next session. */
  ScStudyStore       *study;              /* NULL when study.db cannot be opened */
  char               *group_id;           /* the group following this guide, or NULL */
  char               *member_id;          /* who "I" am in that group, or NULL */
  GPtrArray          *members;            /* (element-type ScMember) of that group */
  guint               next_session;       /* 1-based, 0 when none */
  guint               rebuild_source;

  AdwLeaflet         *leaflet;
  GtkStack           *list_stack;
  GtkSpinner         *list_spinner;
  GtkListView        *guide_list;
  GtkStack           *detail_stack;
  GtkSpinner         *detail_spinner;
  AdwStatusPage      *error_page;
  GtkScrolledWindow  *guide_scroller;
  GtkLabel           *facts_label;
  GtkLabel           *title_label;
  GtkLabel           *byline_label;
  GtkLabel           *summary_label;
  GtkBox             *ready_box;
  GtkBox             *sessions_box;
};

G_DEFINE_FINAL_TYPE (ScGuidesPage, sc_guides_page, ADW_TYPE_BIN)

static void load_guide         (ScGuidesPage *self,
                                const char   *guide_id);
static void rebuild_ready_list (ScGuidesPage *self);

/* Helpers ------------------------------------------------------------------- */

static void
text_info_free (TextInfo *info)
{
  g_free (info->title);
  g_clear_pointer (&info->headings, g_hash_table_unref);
  g_free (info);
}

static void
box_remove_all (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* "en" from "en_GB.UTF-8"; the first language the interface is shown in. */
static char *
ui_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strcmp (names[i], "C") == 0 || strcmp (names[i], "POSIX") == 0 ||
          g_str_has_prefix (names[i], "C."))
        continue;
      return g_ascii_strdown (names[i], strcspn (names[i], "_.@"));
    }
  return g_strdup ("en");
}

/* A language as its own speakers write it: a guide in another language
 * is for those who read that one. */
static const char *
language_endonym (const char *lang)
{
  if (g_strcmp0 (lang, "en") == 0)
    return "English";
  if (g_strcmp0 (lang, "es") == 0)
    return "Español";
  return lang;
}

static char *
today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static char *
format_date (const char *iso)
{
  int year, month, day;
  g_autoptr(GDateTime) date = NULL;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &year, &month, &day) != 3)
    return NULL;
  date = g_date_time_new_local (year, month, day, 0, 0, 0);
  if (date == NULL)
    return g_strdup (iso);
  /* Translators: a meeting's date, as in "Tuesday, March 12"; see
   * g_date_time_format() for the codes. */
  /* xgettext:no-c-format */
  return g_date_time_format (date, _("%A, %B %-d"));
}

/* Reading titles ------------------------------------------------------------ */

static const char *
section_heading (TextInfo   *info,
                 const char *section_id)
{
  const char *heading = NULL;

  if (info != NULL && info->headings != NULL)
    heading = g_hash_table_lookup (info->headings, section_id);
  return heading != NULL ? heading : section_id;
}

/* "How Capitalism Works — Wages to Profit", or ids while the text loads. */
static char *
library_reading_title (ScGuidesPage *self,
                       const char   *text_id,
                       const char   *from,
                       const char   *to)
{
  TextInfo *info = g_hash_table_lookup (self->texts, text_id);
  const char *title = info != NULL && info->title != NULL ? info->title : text_id;

  if (from == NULL)
    return g_strdup (title);
  if (to == NULL || strcmp (from, to) == 0)
    /* Translators: a reading: the text's title — the section's heading */
    return g_strdup_printf (_("%s — %s"), title, section_heading (info, from));
  /* Translators: a reading: the text's title — first to last section */
  return g_strdup_printf (_("%s — %s to %s"), title,
                          section_heading (info, from), section_heading (info, to));
}

static void
update_reading_titles (ScGuidesPage *self,
                       const char   *text_id)
{
  for (guint i = 0; i < self->reading_rows->len; i++)
    {
      AdwPreferencesRow *row = g_ptr_array_index (self->reading_rows, i);
      g_autofree char *title = NULL;

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "text-id"), text_id) != 0)
        continue;
      title = library_reading_title (self, text_id,
                                     g_object_get_data (G_OBJECT (row), "from"),
                                     g_object_get_data (G_OBJECT (row), "to"));
      adw_preferences_row_set_title (row, title);
    }
}

typedef struct {
  ScGuidesPage *self;
  char         *text_id;
} TextLoad;

static void
on_text_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TextLoad *load = user_data;
  ScGuidesPage *self = load->self;
  g_autofree char *text_id = load->text_id;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScText) text = sc_catalog_load_text_finish (SC_CATALOG (source), result, &error);
  TextInfo *info;

  g_free (load);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_hash_table_remove (self->texts_loading, text_id);
  info = g_new0 (TextInfo, 1);
  if (text != NULL)
    {
      g_autoptr(GPtrArray) sections = sc_text_flatten (text);

      info->title = g_strdup (text->title);
      info->headings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint i = 0; i < sections->len; i++)
        {
          ScSection *section = g_ptr_array_index (sections, i);

          if (section->heading != NULL)
            g_hash_table_insert (info->headings, g_strdup (section->id), g_strdup (section->heading));
        }
    }
  else if (!g_error_matches (error, SC_ERROR, SC_ERROR_NOT_FOUND))
    sc_app_report_error (GTK_WIDGET (self), _("Could not read a text of this guide"), error);

  g_hash_table_replace (self->texts, g_strdup (text_id), info);
  update_reading_titles (self, text_id);
}

static void
request_text (ScGuidesPage *self,
              const char   *text_id)
{
  TextLoad *load;

  if (g_hash_table_contains (self->texts, text_id) ||
      g_hash_table_contains (self->texts_loading, text_id))
    return;

  g_hash_table_add (self->texts_loading, g_strdup (text_id));
  load = g_new0 (TextLoad, 1);
  load->self = self;
  load->text_id = g_strdup (text_id);
  sc_catalog_load_text_async (self->catalog, text_id, self->cancellable, on_text_loaded_cb, load);
}

/* Gives @row the title of a library reading, now and when its text loads. */
static void
track_reading_title (ScGuidesPage *self,
                     GtkWidget    *row,
                     const char   *text_id,
                     const char   *from,
                     const char   *to)
{
  g_autofree char *title = library_reading_title (self, text_id, from, to);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_object_set_data_full (G_OBJECT (row), "text-id", g_strdup (text_id), g_free);
  g_object_set_data_full (G_OBJECT (row), "from", g_strdup (from), g_free);
  g_object_set_data_full (G_OBJECT (row), "to", g_strdup (to), g_free);
  g_ptr_array_add (self->reading_rows, g_object_ref (row));
  request_text (self, text_id);
}

/* Reading rows -------------------------------------------------------------- */

static GtkWidget *
reading_row_new (ScGuidesPage *self,
                 ScReading    *reading)
{
  GtkWidget *row = sc_reading_row_new (reading);

  if (sc_reading_row_wants_library_title (reading))
    track_reading_title (self, row, reading->text_id, reading->from, reading->to);
  return row;
}

/* Sessions ------------------------------------------------------------------ */

static GtkWidget *
section_heading_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

/* A heading and its items, each "• item" or "1. item". */
static GtkWidget *
item_list_new (const char  *heading,
               char       **items,
               gboolean     numbered)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_box_append (GTK_BOX (box), section_heading_new (heading));
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *mark = numbered ? g_strdup_printf ("%u.", i + 1) : g_strdup ("•");

      gtk_box_append (GTK_BOX (box), sc_session_item_new (mark, items[i]));
    }
  return box;
}

static GtkWidget *
terms_list_new (ScGuidesPage  *self,
                char         **terms)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_box_append (GTK_BOX (box), section_heading_new (_("Key Terms")));
  for (guint i = 0; terms[i] != NULL; i++)
    {
      ScGlossaryEntry *entry = self->glossary != NULL ? sc_glossary_lookup (self->glossary, terms[i]) : NULL;
      g_autofree char *term = g_markup_escape_text (entry != NULL ? entry->term : terms[i], -1);
      g_autofree char *markup = NULL;
      GtkWidget *item;

      if (entry != NULL && entry->definition != NULL)
        {
          g_autofree char *definition = g_markup_escape_text (entry->definition, -1);
          /* Translators: a key term and its definition from the glossary */
          markup = g_strdup_printf (_("<b>%s</b> — %s"), term, definition);
        }
      else
        markup = g_strdup_printf ("<b>%s</b>", term);

      item = sc_session_item_new (NULL, NULL);
      sc_session_item_set_markup (SC_SESSION_ITEM (item), markup);
      gtk_widget_add_css_class (GTK_WIDGET (sc_session_item_get_label (SC_SESSION_ITEM (item))), "key-term");
      gtk_box_append (GTK_BOX (box), item);
    }
  return box;
}

static guint
session_minutes (ScGuideSession *session)
{
  guint minutes = 0;

  for (guint i = 0; i < session->readings->len; i++)
    minutes += ((ScReading *) g_ptr_array_index (session->readings, i))->minutes;
  return minutes;
}

static char *
session_subtitle (ScGuideSession *session)
{
  guint n = session->readings->len;
  guint minutes = session_minutes (session);
  g_autofree char *readings = g_strdup_printf (ngettext ("%u reading", "%u readings", n), n);

  if (minutes == 0)
    return g_steal_pointer (&readings);
  /* Translators: "2 readings · 55 minutes" */
  return g_strdup_printf (ngettext ("%s · %u minute", "%s · %u minutes", minutes), readings, minutes);
}

/* Fills @box, the open row's content, with the session's parts. */
static void
session_content_fill (ScGuidesPage   *self,
                      GtkBox         *box,
                      ScGuideSession *session)
{
  if (session->goals[0] != NULL)
    gtk_box_append (box, item_list_new (_("Goals"), session->goals, FALSE));

  if (session->readings->len > 0)
    {
      GtkWidget *readings = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *list = gtk_list_box_new ();

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      for (guint i = 0; i < session->readings->len; i++)
        gtk_list_box_append (GTK_LIST_BOX (list), reading_row_new (self, g_ptr_array_index (session->readings, i)));
      gtk_box_append (GTK_BOX (readings), section_heading_new (_("Readings")));
      gtk_box_append (GTK_BOX (readings), list);
      gtk_box_append (box, readings);
    }

  if (session->questions[0] != NULL)
    gtk_box_append (box, item_list_new (_("Discussion Questions"), session->questions, TRUE));
  if (session->terms[0] != NULL)
    gtk_box_append (box, terms_list_new (self, session->terms));
  if (session->activities[0] != NULL)
    gtk_box_append (box, item_list_new (_("Activities"), session->activities, FALSE));
}

static GtkWidget *
session_row_new (ScGuidesPage   *self,
                 ScGuideSession *session)
{
  g_autofree char *subtitle = session_subtitle (session);
  GtkWidget *row = sc_session_row_new (session->number, session->title, subtitle);

  session_content_fill (self, sc_session_row_get_content (SC_SESSION_ROW (row)), session);
  return row;
}

static void
show_sessions (ScGuidesPage *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  guint expanded = self->next_session > 0 ? self->next_session : 1;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Sessions"));
  for (guint i = 0; i < self->guide->sessions->len; i++)
    {
      ScGuideSession *session = g_ptr_array_index (self->guide->sessions, i);
      GtkWidget *row = session_row_new (self, session);

      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), session->number == expanded);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  gtk_box_append (self->sessions_box, group);
}

/* The guide ----------------------------------------------------------------- */

static void
show_guide_header (ScGuidesPage *self)
{
  ScGuide *guide = self->guide;
  guint n_sessions = guide->sessions->len;
  g_autoptr(GString) facts = g_string_new (NULL);
  g_autofree char *sessions = g_strdup_printf (ngettext ("%u session", "%u sessions", n_sessions), n_sessions);

  if (guide->audience != NULL)
    {
      g_string_append (facts, guide->audience);
      g_string_append (facts, " · ");
    }
  if (guide->weeks > 0)
    {
      g_string_append_printf (facts, ngettext ("%u week", "%u weeks", guide->weeks), guide->weeks);
      g_string_append (facts, " · ");
    }
  g_string_append (facts, sessions);
  gtk_label_set_text (self->facts_label, facts->str);

  gtk_label_set_text (self->title_label, guide->title);
  if (guide->authors != NULL && guide->authors[0] != NULL)
    {
      g_autofree char *authors = g_strjoinv (", ", guide->authors);
      g_autofree char *byline = g_strdup_printf (_("By %s"), authors);

      gtk_label_set_text (self->byline_label, byline);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->byline_label), guide->authors != NULL && guide->authors[0] != NULL);
  gtk_label_set_text (self->summary_label, guide->summary != NULL ? guide->summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), guide->summary != NULL);
}

static void
show_guide (ScGuidesPage *self)
{
  gboolean same_guide = g_strcmp0 (gtk_stack_get_visible_child_name (self->detail_stack), "guide") == 0 &&
                        g_strcmp0 (g_object_get_data (G_OBJECT (self->sessions_box), "guide-id"), self->guide_id) == 0;
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->guide_scroller);

  g_ptr_array_set_size (self->reading_rows, 0);
  box_remove_all (self->ready_box);
  box_remove_all (self->sessions_box);
  g_object_set_data_full (G_OBJECT (self->sessions_box), "guide-id", g_strdup (self->guide_id), g_free);

  show_guide_header (self);
  rebuild_ready_list (self);
  show_sessions (self);

  /* A new guide starts at its top; a refreshed one stays where it was. */
  if (!same_guide)
    gtk_adjustment_set_value (vadjustment, 0);
  gtk_stack_set_visible_child_name (self->detail_stack, "guide");
}

static void
set_guide_loading (ScGuidesPage *self,
                   gboolean      loading)
{
  self->guide_loading = loading;
  gtk_spinner_set_spinning (self->detail_spinner, loading);
}

static void
on_glossary_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ScGuidesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  ScGlossary *glossary = sc_catalog_load_glossary_finish (SC_CATALOG (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Without a glossary the key terms show without definitions. */
  if (glossary == NULL && !g_error_matches (error, SC_ERROR, SC_ERROR_NOT_FOUND))
    sc_app_report_error (GTK_WIDGET (self), _("Could not read the glossary"), error);

  g_clear_pointer (&self->glossary, sc_glossary_free);
  self->glossary = glossary;
  set_guide_loading (self, FALSE);
  show_guide (self);
}

static void
on_guide_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ScGuidesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  ScGuide *guide = sc_catalog_load_guide_finish (SC_CATALOG (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_pointer (&self->guide, sc_guide_free);
  if (guide == NULL)
    {
      set_guide_loading (self, FALSE);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->detail_stack, "error");
      sc_app_report_error (GTK_WIDGET (self), _("Could not open the guide"), error);
      return;
    }

  self->guide = guide;
  sc_catalog_load_glossary_async (self->catalog, guide->lang, self->guide_cancellable,
                                  on_glossary_loaded_cb, self);
}

static void
load_guide (ScGuidesPage *self,
            const char   *guide_id)
{
  g_cancellable_cancel (self->guide_cancellable);
  g_clear_object (&self->guide_cancellable);

  if (g_strcmp0 (self->guide_id, guide_id) != 0)
    {
      g_free (self->guide_id);
      self->guide_id = g_strdup (guide_id);
      /* Another guide: its readings start over from the first session. */
      gtk_stack_set_visible_child_name (self->detail_stack, "loading");
    }
  if (guide_id == NULL)
    {
      set_guide_loading (self, FALSE);
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  set_guide_loading (self, TRUE);
  self->guide_cancellable = g_cancellable_new ();
  sc_catalog_load_guide_async (self->catalog, guide_id, self->guide_cancellable,
                               on_guide_loaded_cb, self);
}

/* The checklist for the next session ---------------------------------------- */

/* Who I am in the group that follows the guide is the study store's
 * (sc_study_store_get_me(), also set on the Groups page); until it is
 * chosen, the checklist guesses from the account's real name and asks. */

static ScStudyStore *
ensure_study_store (ScGuidesPage *self)
{
  if (!self->study_tried)
    {
      g_autofree char *path = sc_paths_study_db ();
      g_autoptr(GError) error = NULL;

      self->study_tried = TRUE;
      self->study = sc_study_store_open (path, &error);
      if (self->study == NULL)
        sc_app_report_error (GTK_WIDGET (self), _("Your checklist cannot be saved"), error);
    }
  return self->study;
}

/* The group that follows this guide: an active one, else a planned one. */
static ScGroup *
find_group (ScStudyStore *store,
            const char   *guide_id)
{
  g_autoptr(GPtrArray) groups = sc_study_store_list_groups (store, FALSE, NULL);
  ScGroup *planned = NULL;

  for (guint i = 0; groups != NULL && i < groups->len; i++)
    {
      ScGroup *group = g_ptr_array_index (groups, i);

      if (g_strcmp0 (group->guide_id, guide_id) != 0)
        continue;
      if (group->status == SC_GROUP_ACTIVE)
        return sc_study_group_copy (group);
      if (group->status == SC_GROUP_PLANNED && planned == NULL)
        planned = group;
    }
  return planned != NULL ? sc_study_group_copy (planned) : NULL;
}

static ScMember *
find_member (GPtrArray  *members,
             const char *member_id,
             guint      *position)
{
  for (guint i = 0; members != NULL && i < members->len; i++)
    {
      ScMember *member = g_ptr_array_index (members, i);

      if (g_strcmp0 (member->id, member_id) == 0)
        {
          *position = i;
          return member;
        }
    }
  return NULL;
}

/* A guess at who I am: the member named like this computer's account. */
static const char *
guess_me (GPtrArray *members)
{
  const char *names[] = { g_get_real_name (), g_get_user_name () };

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    for (guint i = 0; members != NULL && i < members->len; i++)
      {
        ScMember *member = g_ptr_array_index (members, i);
        g_autofree char *a = g_utf8_casefold (member->name, -1);
        g_autofree char *b = g_utf8_casefold (names[n], -1);

        if (strcmp (a, b) == 0)
          return member->id;
      }
  return NULL;
}

static void
on_ready_toggled_cb (GtkCheckButton *check,
                     ScGuidesPage   *self)
{
  const char *key = g_object_get_data (G_OBJECT (check), "reading-key");
  gboolean done = gtk_check_button_get_active (check);
  g_autoptr(GError) error = NULL;

  /* Without a group and a member, the ticks live as long as the page. */
  if (self->study == NULL || self->group_id == NULL || self->member_id == NULL)
    return;

  if (!sc_study_store_set_progress (self->study, self->group_id, self->member_id, key,
                                    done ? SC_READING_DONE : SC_READING_NOT_STARTED,
                                    NULL, NULL, &error))
    {
      GtkWidget *group = gtk_widget_get_ancestor (GTK_WIDGET (check), ADW_TYPE_PREFERENCES_GROUP);

      sc_app_report_error (GTK_WIDGET (self), _("Could not save the checklist"), error);
      if (group != NULL)
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), error->message);
    }
}

static GtkWidget *
ready_row_new (ScGuidesPage *self,
               const char   *key,
               const char   *text_id,
               const char   *from,
               const char   *to,
               const char   *title,
               guint         minutes,
               gboolean      in_library,
               gboolean      done,
               gboolean      can_tick)
{
  GtkWidget *row = sc_checklist_row_new (key, text_id, title, minutes, in_library, done, can_tick);

  if (text_id != NULL && title == NULL)
    track_reading_title (self, row, text_id, from, to);
  g_signal_connect (sc_checklist_row_get_check (SC_CHECKLIST_ROW (row)), "toggled",
                    G_CALLBACK (on_ready_toggled_cb), self);
  return row;
}

static void
rebuild_ready_list_cb (gpointer user_data)
{
  ScGuidesPage *self = user_data;

  self->rebuild_source = 0;
  rebuild_ready_list (self);
}

static void
on_me_selected_cb (AdwComboRow  *combo,
                   GParamSpec   *pspec,
                   ScGuidesPage *self)
{
  guint selected = adw_combo_row_get_selected (combo);
  ScMember *member;

  if (self->members == NULL || selected >= self->members->len)
    return;
  member = g_ptr_array_index (self->members, selected);
  if (g_strcmp0 (member->id, self->member_id) == 0)
    return;
  g_free (self->member_id);
  self->member_id = g_strdup (member->id);
  if (self->study != NULL && self->group_id != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!sc_study_store_set_me (self->study, self->group_id, member->id, &error))
        sc_app_report_error (GTK_WIDGET (self), _("Could not remember who you are in this group"), error);
    }
  /* Not from inside the combo row's own notification: it is rebuilt too. */
  if (self->rebuild_source == 0)
    self->rebuild_source = g_idle_add_once (rebuild_ready_list_cb, self);
}

static GtkWidget *
me_row_new (ScGuidesPage *self)
{
  GtkWidget *combo = adw_combo_row_new ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < self->members->len; i++)
    gtk_string_list_append (names, ((ScMember *) g_ptr_array_index (self->members, i))->name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), _("Your Name in the Group"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (combo), self->member_id != NULL
                               ? _("Your ticks are saved as your progress")
                               : _("Choose it to tick off your readings"));
  adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (names));
  find_member (self->members, self->member_id, &position);
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), position);
  g_signal_connect (combo, "notify::selected", G_CALLBACK (on_me_selected_cb), self);
  return combo;
}

/* The next session of the group that follows this guide: its readings for
 * everyone and for me, ticked from my progress. */
static gboolean
add_group_checklist (ScGuidesPage        *self,
                     AdwPreferencesGroup *group_widget,
                     ScGroup             *group)
{
  g_autofree char *today = today_iso ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScGroupProgress) progress = NULL;
  g_autoptr(GPtrArray) readings = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *date = NULL;
  g_autofree char *description = NULL;
  ScGuideSession *session;
  guint position;

  progress = sc_group_progress_compute (self->study, group->id, self->guide, today,
                                        NULL, NULL, NULL, 0, &error);
  if (progress == NULL)
    {
      adw_preferences_group_set_description (group_widget, error->message);
      return TRUE;
    }
  self->next_session = progress->next_session;
  if (progress->next_session == 0 || progress->next_session > self->guide->sessions->len)
    {
      /* Translators: %s is a study group's name */
      description = g_strdup_printf (_("Every session of “%s” has met."), group->name);
      adw_preferences_group_set_description (group_widget, description);
      return TRUE;
    }

  session = g_ptr_array_index (self->guide->sessions, progress->next_session - 1);
  date = format_date (progress->next_date);
  if (date != NULL)
    /* Translators: session number, its title, the group's name, the date */
    description = g_strdup_printf (_("Session %u, “%s”, with %s on %s"),
                                   session->number, session->title, group->name, date);
  else
    description = g_strdup_printf (_("Session %u, “%s”, with %s"),
                                   session->number, session->title, group->name);
  adw_preferences_group_set_description (group_widget, description);

  g_clear_pointer (&self->members, g_ptr_array_unref);
  self->members = sc_study_store_list_members (self->study, group->id, NULL);
  if (self->members == NULL || self->members->len == 0)
    return FALSE;
  {
    g_autofree char *me = sc_study_store_get_me (self->study, group->id, NULL);

    if (me != NULL && find_member (self->members, me, &position) != NULL)
      {
        g_free (self->member_id);
        self->member_id = g_steal_pointer (&me);
      }
    else if (find_member (self->members, self->member_id, &position) == NULL)
      {
        g_free (self->member_id);
        self->member_id = g_strdup (guess_me (self->members));
      }
  }
  adw_preferences_group_add (group_widget, me_row_new (self));

  records = sc_study_store_list_progress (self->study, group->id, NULL);
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      ScProgress *record = g_ptr_array_index (records, i);

      if (g_strcmp0 (record->member_id, self->member_id) == 0 && record->status == SC_READING_DONE)
        g_hash_table_add (done, record->reading_key);
    }

  readings = sc_study_group_readings (self->study, group->id, self->guide, progress->next_session,
                                      NULL, NULL, NULL, 0, NULL);
  for (guint i = 0; readings != NULL && i < readings->len; i++)
    {
      ScStudyReading *reading = g_ptr_array_index (readings, i);
      const ScReading *guide_reading = NULL;

      if (reading->member_id != NULL && g_strcmp0 (reading->member_id, self->member_id) != 0)
        continue;
      /* The guide's readings know whether the library has them. */
      if (g_str_has_prefix (reading->key, "guide:"))
        {
          const char *n = strrchr (reading->key, ':') + 1;
          guint64 index;

          if (g_ascii_string_to_unsigned (n, 10, 1, session->readings->len, &index, NULL))
            guide_reading = g_ptr_array_index (session->readings, index - 1);
        }
      adw_preferences_group_add (group_widget,
                                 ready_row_new (self, reading->key, reading->text_id, reading->from, reading->to,
                                                reading->title, reading->minutes,
                                                guide_reading != NULL ? guide_reading->in_library : reading->in_library,
                                                g_hash_table_contains (done, reading->key),
                                                self->member_id != NULL));
    }
  return TRUE;
}

/* Without a group: the first session's readings, ticked for now only. */
static void
add_first_session_checklist (ScGuidesPage        *self,
                             AdwPreferencesGroup *group_widget)
{
  ScGuideSession *session = g_ptr_array_index (self->guide->sessions, 0);
  g_autofree char *description = NULL;

  self->next_session = 1;
  description = g_strdup_printf (_("Session %u, “%s”. To keep your ticks, follow this guide with a study group."),
                                 session->number, session->title);
  adw_preferences_group_set_description (group_widget, description);

  for (guint i = 0; i < session->readings->len; i++)
    {
      ScReading *reading = g_ptr_array_index (session->readings, i);
      g_autofree char *key = g_strdup_printf ("guide:%s:%u", session->id, i + 1);

      adw_preferences_group_add (group_widget,
                                 ready_row_new (self, key, reading->text_id, reading->from, reading->to,
                                                reading->text_id != NULL && reading->in_library ? NULL : reading->title,
                                                reading->minutes, reading->in_library, FALSE, TRUE));
    }
}

static void
rebuild_ready_list (ScGuidesPage *self)
{
  GtkWidget *group_widget;
  g_autoptr(ScGroup) group = NULL;

  /* The checklist's rows no longer need their titles. */
  for (guint i = self->reading_rows->len; i > 0; i--)
    if (gtk_widget_is_ancestor (g_ptr_array_index (self->reading_rows, i - 1), GTK_WIDGET (self->ready_box)))
      g_ptr_array_remove_index_fast (self->reading_rows, i - 1);
  box_remove_all (self->ready_box);
  g_clear_pointer (&self->group_id, g_free);
  self->next_session = 0;
  if (self->guide == NULL || self->guide->sessions->len == 0)
    return;

  group_widget = adw_preferences_group_new ();
  gtk_widget_add_css_class (group_widget, "ready-list");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group_widget), _("Ready for the Next Session?"));
  gtk_box_append (self->ready_box, group_widget);

  if (ensure_study_store (self) != NULL)
    group = find_group (self->study, self->guide->id);
  if (group != NULL)
    {
      self->group_id = g_strdup (group->id);
      if (add_group_checklist (self, ADW_PREFERENCES_GROUP (group_widget), group))
        return;
      /* A group without members: nobody to tick for. */
      g_clear_pointer (&self->group_id, g_free);
    }
  add_first_session_checklist (self, ADW_PREFERENCES_GROUP (group_widget));
}

/* The list of guides -------------------------------------------------------- */

static void
on_guide_row_setup_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  gtk_list_item_set_child (item, sc_guide_row_new ());
}

static void
on_guide_row_bind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  ScDocument *doc = gtk_list_item_get_item (item);
  g_autofree char *ui_lang = ui_language ();
  const char *doc_lang = sc_document_get_lang (doc);

  /* Only guides in another language say which. */
  sc_guide_row_set (SC_GUIDE_ROW (gtk_list_item_get_child (item)),
                    sc_document_get_title (doc), sc_document_get_summary (doc),
                    language_endonym (doc_lang), g_strcmp0 (doc_lang, ui_lang) != 0);
}

static ScDocument *
selected_document (ScGuidesPage *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
on_selected_changed_cb (ScGuidesPage       *self,
                        GParamSpec         *pspec,
                        GtkSingleSelection *selection)
{
  ScDocument *doc = selected_document (self);
  const char *id = doc != NULL ? sc_document_get_id (doc) : NULL;

  if (g_strcmp0 (id, self->guide_id) != 0)
    load_guide (self, id);
}

static void
on_guide_activated_cb (ScGuidesPage *self,
                       guint         position,
                       GtkListView  *list)
{
  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_set_visible_child_name (self->leaflet, "guide");
}

static guint
find_guide (ScGuidesPage *self,
            const char   *guide_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->guides));

  for (guint i = 0; guide_id != NULL && i < n; i++)
    {
      g_autoptr(ScDocument) doc = g_list_model_get_item (G_LIST_MODEL (self->guides), i);

      if (g_strcmp0 (sc_document_get_id (doc), guide_id) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
on_list_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ScGuidesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) docs = sc_catalog_list_finish (SC_CATALOG (source), result, &error);
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *ui_lang = NULL;
  g_autofree char *shown = NULL;
  guint n, position;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->list_loading = FALSE;
  gtk_spinner_set_spinning (self->list_spinner, FALSE);
  if (docs == NULL)
    {
      sc_app_report_error (GTK_WIDGET (self), _("Could not list the guides"), error);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      return;
    }

  /* The language of the interface first, each part in the index's order. */
  ui_lang = ui_language ();
  n = g_list_model_get_n_items (docs);
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(ScDocument) doc = g_list_model_get_item (docs, i);
        gboolean mine = g_strcmp0 (sc_document_get_lang (doc), ui_lang) == 0;

        if (mine == (pass == 0))
          g_ptr_array_add (items, g_steal_pointer (&doc));
      }

  /* One items-changed; the guide shown stays selected and is read again. */
  shown = g_strdup (self->guide_id);
  g_signal_handlers_block_by_func (self->selection, on_selected_changed_cb, self);
  g_list_store_splice (self->guides, 0, g_list_model_get_n_items (G_LIST_MODEL (self->guides)),
                       items->pdata, items->len);
  position = find_guide (self, shown);
  gtk_single_selection_set_selected (self->selection, position != GTK_INVALID_LIST_POSITION ? position : 0);
  g_signal_handlers_unblock_by_func (self->selection, on_selected_changed_cb, self);

  gtk_stack_set_visible_child_name (self->list_stack, items->len > 0 ? "list" : "empty");
  {
    ScDocument *doc = selected_document (self);

    load_guide (self, doc != NULL ? sc_document_get_id (doc) : NULL);
  }
}

static void
reload_list (ScGuidesPage *self)
{
  ScDocFilter filter = { .kind = "guide" };

  self->list_loading = TRUE;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->guides)) == 0)
    {
      gtk_spinner_set_spinning (self->list_spinner, TRUE);
      gtk_stack_set_visible_child_name (self->list_stack, "loading");
    }
  sc_catalog_list_async (self->catalog, &filter, self->cancellable, on_list_loaded_cb, self);
}

static void
on_catalog_changed_cb (ScGuidesPage *self,
                       ScCatalog    *catalog)
{
  /* Texts may have changed too: their titles are read again. */
  g_hash_table_remove_all (self->texts);
  reload_list (self);
}

/* The ticks may have changed on the Groups page meanwhile. */
static void
on_map_cb (ScGuidesPage *self)
{
  if (self->guide != NULL && !self->guide_loading)
    rebuild_ready_list (self);
}

/* Public -------------------------------------------------------------------- */

void
sc_guides_page_show_guide (ScGuidesPage *self,
                           const char   *guide_id)
{
  guint position;

  g_return_if_fail (SC_IS_GUIDES_PAGE (self));
  g_return_if_fail (guide_id != NULL);

  position = find_guide (self, guide_id);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, position);
  else
    load_guide (self, guide_id);
  adw_leaflet_set_visible_child_name (self->leaflet, "guide");
}

const char *
sc_guides_page_get_guide_id (ScGuidesPage *self)
{
  g_return_val_if_fail (SC_IS_GUIDES_PAGE (self), NULL);
  return self->guide_id;
}

gboolean
sc_guides_page_get_busy (ScGuidesPage *self)
{
  g_return_val_if_fail (SC_IS_GUIDES_PAGE (self), FALSE);
  return self->list_loading || self->guide_loading || g_hash_table_size (self->texts_loading) > 0;
}

/* GObject ------------------------------------------------------------------- */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  adw_leaflet_set_visible_child_name (SC_GUIDES_PAGE (widget)->leaflet, "list");
}

static void
sc_guides_page_dispose (GObject *object)
{
  ScGuidesPage *self = SC_GUIDES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->guide_cancellable);
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  if (self->reading_rows != NULL)
    g_ptr_array_set_size (self->reading_rows, 0);
  /* AdwBin lets go of its child first, so the template does not unparent
   * it behind AdwBin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_GUIDES_PAGE);

  g_clear_object (&self->catalog);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->guide_cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->guides);
  g_clear_pointer (&self->study, sc_study_store_close);
  G_OBJECT_CLASS (sc_guides_page_parent_class)->dispose (object);
}

static void
sc_guides_page_finalize (GObject *object)
{
  ScGuidesPage *self = SC_GUIDES_PAGE (object);

  g_clear_pointer (&self->guide_id, g_free);
  g_clear_pointer (&self->guide, sc_guide_free);
  g_clear_pointer (&self->glossary, sc_glossary_free);
  g_clear_pointer (&self->texts, g_hash_table_unref);
  g_clear_pointer (&self->texts_loading, g_hash_table_unref);
  g_clear_pointer (&self->reading_rows, g_ptr_array_unref);
  g_clear_pointer (&self->group_id, g_free);
  g_clear_pointer (&self->member_id, g_free);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  G_OBJECT_CLASS (sc_guides_page_parent_class)->finalize (object);
}

static void
sc_guides_page_class_init (ScGuidesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* The resources live in a static library: referencing them keeps the
   * linker from dropping them, with their registration. */
  (void) sc_app_get_resource ();

  object_class->dispose = sc_guides_page_dispose;
  object_class->finalize = sc_guides_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/studycircle/StudyCircle/sc-guides-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ScGuidesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ScGuidesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ScGuidesPage, list_spinner);
  gtk_widget_class_bind_template_child (widget_class, ScGuidesPage, guide_list);
  gtk_widget_class_bind_template_child (widget_class, ScGuidesPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, ScGuidesPage, detail_spinner);
  gtk_widget_class_bind_template_child (widget_class, ScGuidesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, ScGuidesPage, guide_scroller);
  gtk_widget_class_bind_template_child (widget_class, ScGuidesPage, facts_label);
  gtk_widget_class_bind_template_child (widget_class, ScGuidesPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, ScGuidesPage, byline_label);
  gtk_widget_class_bind_template_child (widget_class, ScGuidesPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ScGuidesPage, ready_box);
  gtk_widget_class_bind_template_child (widget_class, ScGuidesPage, sessions_box);
  gtk_widget_class_bind_template_callback (widget_class, on_guide_activated_cb);

  gtk_widget_class_install_action (widget_class, "guides.back", NULL, back_action);
}

static void
sc_guides_page_init (ScGuidesPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) text_info_free);
  self->texts_loading = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->reading_rows = g_ptr_array_new_with_free_func (g_object_unref);

  self->guides = g_list_store_new (SC_TYPE_DOCUMENT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->guides)));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selected_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (factory, "setup", G_CALLBACK (on_guide_row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_guide_row_bind_cb), NULL);
  gtk_list_view_set_model (self->guide_list, GTK_SELECTION_MODEL (self->selection));
  gtk_list_view_set_factory (self->guide_list, factory);

  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
}

GtkWidget *
sc_guides_page_new (ScCatalog *catalog)
{
  ScGuidesPage *self;

  g_return_val_if_fail (SC_IS_CATALOG (catalog), NULL);

  self = g_object_new (SC_TYPE_GUIDES_PAGE, NULL);
  self->catalog = g_object_ref (catalog);
  g_signal_connect_object (catalog, "changed", G_CALLBACK (on_catalog_changed_cb), self, G_CONNECT_SWAPPED);
  reload_list (self);
  return GTK_WIDGET (self);
}
