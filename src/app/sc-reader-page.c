/* sc-reader-page.c: the reader
 *
 * A text set for reading in a read-only GtkTextView (sc-text-renderer.c
 * fills its buffer), kept to a comfortable line length by a clamp whose
 * width follows the font size, with a sidebar (contents, bookmarks,
 * highlights), find in text, glossary and note popovers, and my place in
 * the text kept in the study store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-app-resources.h"
#include "sc-app-util.h"
#include "sc-error.h"
#include "sc-paths.h"
#include "sc-query.h"
#include "sc-reader-page.h"
#include "sc-reader-popover.h"
#include "sc-study.h"
#include "sc-text-renderer.h"

/* The view's own margin left and right of the text, in pixels. */
#define TEXT_MARGIN 28
#define MIN_FONT_SIZE 10
#define MAX_FONT_SIZE 32
#define MIN_LINE_WIDTH 40
#define MAX_LINE_WIDTH 120
/* My place is written this long after scrolling stops. */
#define SAVE_POSITION_DELAY_MS 1000
/* Words of a highlight shown in the sidebar. */
#define EXCERPT_CHARS 120

/* ------------------------------------------------------------------------ */
/* ScReaderMark: a bookmark or a highlight, as a sidebar row shows it        */

#define SC_TYPE_READER_MARK (sc_reader_mark_get_type ())
G_DECLARE_FINAL_TYPE (ScReaderMark, sc_reader_mark, SC, READER_MARK, GObject)

struct _ScReaderMark {
  GObject  parent_instance;

  char    *id;
  char    *title;
  char    *subtitle;
  int      start;      /* buffer offsets */
  int      end;
  char    *note;       /* highlights: may be NULL */
};

G_DEFINE_FINAL_TYPE (ScReaderMark, sc_reader_mark, G_TYPE_OBJECT)

static void
sc_reader_mark_finalize (GObject *object)
{
  ScReaderMark *self = SC_READER_MARK (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->note);
  G_OBJECT_CLASS (sc_reader_mark_parent_class)->finalize (object);
}

static void
sc_reader_mark_class_init (ScReaderMarkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_reader_mark_finalize;
}

static void
sc_reader_mark_init (ScReaderMark *self)
{
}

static int
compare_marks (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const ScReaderMark *ma = *(ScReaderMark * const *) a;
  const ScReaderMark *mb = *(ScReaderMark * const *) b;

  return (ma->start > mb->start) - (ma->start < mb->start);
}

/* ------------------------------------------------------------------------ */
/* ScReaderPage                                                              */

struct _ScReaderPage {
  AdwBin               parent_instance;

  ScCatalog           *catalog;
  GSettings           *settings;
  ScStudyStore        *store;          /* NULL until needed, or when it cannot be opened */
  gboolean             store_failed;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  GtkButton           *zoom_button;
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *find_entry;
  GtkLabel            *find_label;
  AdwFlap             *flap;
  GtkStack            *sidebar_stack;
  GtkListView         *contents_list;
  GtkStack            *bookmarks_stack;
  GtkListBox          *bookmarks_list;
  GtkStack            *highlights_stack;
  GtkListBox          *highlights_list;
  GtkStack            *content_stack;
  GtkSpinner          *spinner;
  AdwStatusPage       *error_page;
  GtkScrolledWindow   *scroller;
  AdwClampScrollable  *clamp;
  GtkTextView         *text_view;

  GtkSingleSelection  *contents_selection;
  GListStore          *bookmarks;
  GListStore          *highlights;
  ScReaderPopover     *popover;        /* terms, notes and highlights */
  int                  popover_start;  /* the words it points at */
  int                  popover_end;

  /* The text open, or opening */
  GCancellable        *load_cancellable;
  char                *text_id;
  gboolean             loading;
  ScText              *text;
  ScTextRendering     *rendering;
  char                *pending_section;
  char                *query;
  GtkTextMark         *scroll_mark;
  gboolean             scroll_to_top;
  ScTextSection       *chosen_section; /* (unowned) the rendering keeps it */
  guint                settle_id;
  guint                settle_frames;
  guint                settle_stable;
  int                  settle_y;
  double               settle_value;
  double               settle_upper;
  double               stored_percent;
  gboolean             read;

  /* The glossary of the text's language */
  GCancellable        *glossary_cancellable;
  ScGlossary          *glossary;
  char                *glossary_lang;

  /* Find in text */
  GArray              *find_matches;   /* (element-type ScTextRange) */
  int                  find_current;   /* index in find_matches, -1 for none */


  guint                save_position_id;
  guint                update_colors_id;
  int                  font_size;
  int                  line_width;
};

G_DEFINE_FINAL_TYPE (ScReaderPage, sc_reader_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_TEXT_ID,
  PROP_FONT_SIZE,
  PROP_LINE_WIDTH,
  PROP_READ,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkTextBuffer *
get_buffer (ScReaderPage *self)
{
  return gtk_text_view_get_buffer (self->text_view);
}

static ScStudyStore *
ensure_store (ScReaderPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (self->store != NULL || self->store_failed)
    return self->store;

  path = sc_paths_study_db ();
  self->store = sc_study_store_open (path, &error);
  if (self->store == NULL)
    {
      /* Reading works without it; only my place, bookmarks and highlights
       * are not kept. */
      sc_app_report_error (GTK_WIDGET (self), _("Your place, bookmarks and highlights cannot be kept"), error);
      self->store_failed = TRUE;
    }
  return self->store;
}

/* Actions that need a text on the page, or the store as well. */
static void
update_actions (ScReaderPage *self)
{
  gboolean ready = self->rendering != NULL && !self->loading;
  gboolean storable = ready && self->store != NULL;
  gboolean has_matches = self->find_matches != NULL && self->find_matches->len > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reader.find", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reader.find-next", has_matches);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reader.find-previous", has_matches);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reader.add-bookmark", storable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reader.mark-read", storable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reader.assign", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reader.highlight",
                                 storable && gtk_text_buffer_get_has_selection (get_buffer (self)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reader.zoom-in", self->font_size < MAX_FONT_SIZE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reader.zoom-out", self->font_size > MIN_FONT_SIZE);
}

/* Places ------------------------------------------------------------------- */

/* The buffer offset at the top of what is shown. */
static int
top_offset (ScReaderPage *self)
{
  GdkRectangle rect;
  GtkTextIter iter;

  gtk_text_view_get_visible_rect (self->text_view, &rect);
  gtk_text_view_get_iter_at_location (self->text_view, &iter, 0, rect.y);
  return gtk_text_iter_get_offset (&iter);
}

/* The place that names the section I am reading: the top of the view, or
 * its bottom once the view can scroll no further (the last sections are
 * short, and never reach the top). */
static int
current_offset (ScReaderPage *self)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view));
  GdkRectangle rect;
  GtkTextIter iter;

  if (gtk_adjustment_get_value (adj) < gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 1 ||
      gtk_adjustment_get_value (adj) <= 0)
    return top_offset (self) + 1;
  gtk_text_view_get_visible_rect (self->text_view, &rect);
  gtk_text_view_get_iter_at_location (self->text_view, &iter, 0, rect.y + rect.height - 1);
  return gtk_text_iter_get_offset (&iter);
}

/* Where I am reading: the section I chose while it is in view (see
 * select_current_section()), else the top of the view. */
static int
reading_offset (ScReaderPage *self)
{
  if (self->chosen_section != NULL)
    return sc_text_section_get_offset (self->chosen_section);
  return top_offset (self);
}

static double
current_percent (ScReaderPage *self)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view));
  double range = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  if (range <= 0)
    return 100.0;
  return CLAMP (gtk_adjustment_get_value (adj) / range * 100.0, 0.0, 100.0);
}

static void
select_section (ScReaderPage  *self,
                ScTextSection *section)
{
  guint position;

  if (section != NULL &&
      g_list_store_find (G_LIST_STORE (sc_text_rendering_get_sections (self->rendering)), section, &position) &&
      gtk_single_selection_get_selected (self->contents_selection) != position)
    gtk_single_selection_set_selected (self->contents_selection, position);
}

/* A scroll asked for before the view has its size (a text just loaded) is
 * done again on the next frames, while GtkTextView measures the lines above
 * the place and the place moves: until it stays put for a few frames, or I
 * scroll myself. */
#define SETTLE_STABLE_FRAMES 3
#define SETTLE_MAX_FRAMES 90

static void
stop_settling (ScReaderPage *self)
{
  if (self->settle_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->text_view), self->settle_id);
  self->settle_id = 0;
}

/* Brings the scroll mark into view: at the top with a little room above it
 * (a heading flush with the edge looks cut), or the very top for the start
 * of the text; or anywhere in view, not too near an edge. */
static void
show_scroll_mark (ScReaderPage *self)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view));
  GdkRectangle location;
  GtkTextIter iter;

  if (!self->scroll_to_top)
    {
      gtk_text_view_scroll_to_mark (self->text_view, self->scroll_mark, 0.2, FALSE, 0.0, 0.0);
      return;
    }

  /* Lays out the lines around the mark (and never scrolls sideways: the
   * text wraps). */
  gtk_text_view_scroll_to_mark (self->text_view, self->scroll_mark, 0.0, TRUE, 0.0, 0.0);
  gtk_adjustment_set_value (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->text_view)), 0.0);
  gtk_text_buffer_get_iter_at_mark (get_buffer (self), &iter, self->scroll_mark);
  if (gtk_text_iter_is_start (&iter))
    {
      gtk_adjustment_set_value (adj, 0.0);
      return;
    }
  gtk_text_view_get_iter_location (self->text_view, &iter, &location);
  gtk_adjustment_set_value (adj, MAX (0, location.y + gtk_text_view_get_top_margin (self->text_view)
                                         - self->font_size * 96 / 72));
}

static gboolean
settle_scroll_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  ScReaderPage *self = SC_READER_PAGE (user_data);
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view));
  GdkRectangle location;
  GtkTextIter iter;
  double value;

  if (gtk_widget_get_height (widget) <= 0)
    return G_SOURCE_CONTINUE;
  show_scroll_mark (self);

  /* Stable: the place is where it was last frame, and so is the view. */
  gtk_text_buffer_get_iter_at_mark (get_buffer (self), &iter, self->scroll_mark);
  gtk_text_view_get_iter_location (self->text_view, &iter, &location);
  value = gtk_adjustment_get_value (adj);
  if (location.y == self->settle_y && value == self->settle_value &&
      gtk_adjustment_get_upper (adj) == self->settle_upper)
    self->settle_stable++;
  else
    self->settle_stable = 0;
  self->settle_y = location.y;
  self->settle_value = value;
  self->settle_upper = gtk_adjustment_get_upper (adj);

  if (self->settle_stable < SETTLE_STABLE_FRAMES && ++self->settle_frames < SETTLE_MAX_FRAMES)
    return G_SOURCE_CONTINUE;
  self->settle_id = 0;
  return G_SOURCE_REMOVE;
}

/* Scrolling by hand ends the settling at once. */
static gboolean
on_user_scroll_cb (ScReaderPage             *self,
                   double                    dx,
                   double                    dy,
                   GtkEventControllerScroll *controller)
{
  stop_settling (self);
  return FALSE;
}

/* Shows @iter: at the top of the view, or anywhere in it. */
static void
scroll_to_iter (ScReaderPage *self,
                GtkTextIter  *iter,
                gboolean      to_top)
{
  GtkTextBuffer *buffer = get_buffer (self);

  /* The (hidden) cursor goes along, so that focus coming to the view does
   * not take it back to where the cursor was. */
  if (!gtk_text_buffer_get_has_selection (buffer))
    gtk_text_buffer_place_cursor (buffer, iter);
  if (self->scroll_mark == NULL)
    self->scroll_mark = g_object_ref (gtk_text_buffer_create_mark (buffer, NULL, iter, TRUE));
  else
    gtk_text_buffer_move_mark (buffer, self->scroll_mark, iter);

  self->chosen_section = NULL;
  self->scroll_to_top = to_top;
  self->settle_frames = 0;
  self->settle_stable = 0;
  self->settle_y = -1;
  if (self->settle_id == 0)
    self->settle_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->text_view), settle_scroll_cb, self, NULL);
  /* Not before the view has a size: GtkTextView would set its adjustments
   * for a screen of nothing, and keep them so. */
  if (gtk_widget_get_height (GTK_WIDGET (self->text_view)) > 0)
    show_scroll_mark (self);
}

static void
scroll_to_offset (ScReaderPage *self,
                  int           offset,
                  gboolean      to_top)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (get_buffer (self), &iter, offset);
  scroll_to_iter (self, &iter, to_top);
}

static void
scroll_to_section (ScReaderPage  *self,
                   ScTextSection *section)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (get_buffer (self), &iter, sc_text_section_get_mark (section));
  scroll_to_iter (self, &iter, TRUE);
  self->chosen_section = section;
  select_section (self, section);
}

/* Where to start: the section asked for, else where I stopped reading,
 * else the first word the search matched, else the beginning. */
static void
go_to_start (ScReaderPage *self,
             GArray       *query_matches)
{
  ScTextSection *section = sc_text_rendering_find_section (self->rendering, self->pending_section);
  g_autoptr(ScPosition) position = NULL;
  ScStudyStore *store = ensure_store (self);

  self->stored_percent = 0.0;
  if (store != NULL)
    {
      g_autoptr(GError) error = NULL;

      position = sc_study_store_get_position (store, self->text_id, &error);
      if (position != NULL)
        self->stored_percent = position->percent;
    }
  self->read = self->stored_percent >= 100.0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ]);

  if (section != NULL)
    {
      scroll_to_section (self, section);
      return;
    }
  if (position != NULL)
    {
      int offset = sc_text_rendering_from_body (self->rendering, position->section_id, position->offset);

      /* A section that left the text: as far in as I had read. */
      if (offset < 0)
        offset = (int) (sc_text_rendering_get_n_chars (self->rendering) * MIN (position->percent, 100.0) / 100.0);
      if (offset > 0)
        {
          scroll_to_offset (self, offset, TRUE);
          return;
        }
    }
  if (query_matches != NULL && query_matches->len > 0)
    {
      scroll_to_offset (self, g_array_index (query_matches, ScTextRange, 0).start, FALSE);
      return;
    }
  scroll_to_offset (self, 0, TRUE);
}

/* My position ---------------------------------------------------------------- */

static ScTextSection *
first_section (ScReaderPage *self)
{
  GListModel *sections = sc_text_rendering_get_sections (self->rendering);
  g_autoptr(ScTextSection) first = g_list_model_get_item (sections, 0);

  /* The rendering keeps it alive. */
  return first;
}

static void
save_position (ScReaderPage *self,
               double        percent)
{
  g_autoptr(GError) error = NULL;
  ScTextSection *section = NULL;
  guint body_offset = 0;

  if (self->rendering == NULL || self->loading || self->store == NULL)
    return;

  /* Above the first section (the title) is its start. */
  if (!sc_text_rendering_to_body (self->rendering, reading_offset (self), &section, &body_offset))
    section = first_section (self);

  if (!sc_study_store_set_position (self->store, self->text_id,
                                    section != NULL ? sc_text_section_get_id (section) : NULL,
                                    body_offset, percent, &error))
    sc_app_report_error (GTK_WIDGET (self), _("Could not keep your place in the text"), error);
  else
    self->stored_percent = percent;
}

/* The percent kept is how far I have got in the text: scrolling back to
 * reread does not lower it, and "Mark as Read" sets it to 100. */
static void
save_position_now (ScReaderPage *self)
{
  g_clear_handle_id (&self->save_position_id, g_source_remove);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->text_view)))
    return;
  save_position (self, MAX (self->stored_percent, current_percent (self)));
}

static gboolean
save_position_cb (gpointer user_data)
{
  ScReaderPage *self = SC_READER_PAGE (user_data);

  self->save_position_id = 0;
  save_position_now (self);
  return G_SOURCE_REMOVE;
}

static void
select_current_section (ScReaderPage *self)
{
  ScTextSection *section;
  GListModel *sections;
  guint position;

  if (self->rendering == NULL)
    return;
  /* A section chosen (in the contents, or by a search result) stays the
   * current one while its heading is in view: the view may not be able to
   * bring a short last section to the top. */
  if (self->chosen_section != NULL)
    {
      GdkRectangle visible, location;
      GtkTextIter iter;

      gtk_text_view_get_visible_rect (self->text_view, &visible);
      gtk_text_buffer_get_iter_at_mark (get_buffer (self), &iter, sc_text_section_get_mark (self->chosen_section));
      gtk_text_view_get_iter_location (self->text_view, &iter, &location);
      if (self->settle_id != 0 || (location.y >= visible.y && location.y < visible.y + visible.height))
        {
          select_section (self, self->chosen_section);
          return;
        }
      self->chosen_section = NULL;
    }
  sections = sc_text_rendering_get_sections (self->rendering);
  section = sc_text_rendering_section_at (self->rendering, current_offset (self));
  if (section == NULL && g_list_model_get_n_items (sections) > 0)
    position = 0;
  else if (section == NULL || !g_list_store_find (G_LIST_STORE (sections), section, &position))
    return;
  if (gtk_single_selection_get_selected (self->contents_selection) != position)
    gtk_single_selection_set_selected (self->contents_selection, position);
}

static void
on_scrolled_cb (ScReaderPage  *self,
                GtkAdjustment *adjustment)
{
  if (self->rendering == NULL || self->loading)
    return;
  select_current_section (self);
  g_clear_handle_id (&self->save_position_id, g_source_remove);
  self->save_position_id = g_timeout_add (SAVE_POSITION_DELAY_MS, save_position_cb, self);
}

/* Bookmarks and highlights --------------------------------------------------- */

static GtkWidget *
create_mark_row (gpointer item,
                 gpointer user_data)
{
  ScReaderMark *mark = SC_READER_MARK (item);
  const char *action = user_data;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *title = g_markup_escape_text (mark->title, -1);
  g_autofree char *subtitle = mark->subtitle != NULL ? g_markup_escape_text (mark->subtitle, -1) : NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "sc-mark", g_object_ref (mark), g_object_unref);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", mark->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static char *
buffer_excerpt (ScReaderPage *self,
                int           start,
                int           end)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter a, b;
  g_autofree char *text = NULL;
  g_autoptr(GString) excerpt = NULL;

  gtk_text_buffer_get_iter_at_offset (buffer, &a, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, MIN (end, start + EXCERPT_CHARS));
  text = gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
  excerpt = g_string_new (g_strstrip (text));
  g_string_replace (excerpt, "\n", " ", 0);
  g_string_replace (excerpt, "\u2028", " ", 0);
  if (end > start + EXCERPT_CHARS)
    g_string_append (excerpt, "…");
  return g_string_free (g_steal_pointer (&excerpt), FALSE);
}

static void
load_bookmarks (ScReaderPage *self)
{
  g_autoptr(GPtrArray) bookmarks = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  if (self->store != NULL && self->rendering != NULL)
    bookmarks = sc_study_store_list_bookmarks (self->store, self->text_id, &error);
  if (error != NULL)
    sc_app_report_error (GTK_WIDGET (self), _("Could not read your bookmarks"), error);

  for (guint i = 0; bookmarks != NULL && i < bookmarks->len; i++)
    {
      ScBookmark *bookmark = g_ptr_array_index (bookmarks, i);
      int offset = sc_text_rendering_from_body (self->rendering, bookmark->section_id, bookmark->offset);
      ScTextSection *section;
      ScReaderMark *mark;

      if (offset < 0)
        continue;   /* its section left the text */
      section = sc_text_rendering_find_section (self->rendering, bookmark->section_id);
      mark = g_object_new (SC_TYPE_READER_MARK, NULL);
      mark->id = g_strdup (bookmark->id);
      mark->title = g_strdup (bookmark->label != NULL ? bookmark->label : sc_text_section_get_title (section));
      mark->subtitle = buffer_excerpt (self, offset, offset + 60);
      mark->start = mark->end = offset;
      g_ptr_array_add (items, mark);
    }
  g_ptr_array_sort_with_data (items, compare_marks, NULL);
  g_list_store_splice (self->bookmarks, 0, g_list_model_get_n_items (G_LIST_MODEL (self->bookmarks)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->bookmarks_stack, items->len > 0 ? "list" : "empty");
}

static void
load_highlights (ScReaderPage *self)
{
  g_autoptr(GPtrArray) highlights = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (ScTextRange));
  g_autoptr(GError) error = NULL;

  if (self->rendering == NULL)
    return;
  sc_text_buffer_clear_tag (get_buffer (self), SC_TEXT_TAG_HIGHLIGHT);
  if (self->store != NULL)
    highlights = sc_study_store_list_highlights (self->store, self->text_id, &error);
  if (error != NULL)
    sc_app_report_error (GTK_WIDGET (self), _("Could not read your highlights"), error);

  for (guint i = 0; highlights != NULL && i < highlights->len; i++)
    {
      ScHighlight *highlight = g_ptr_array_index (highlights, i);
      ScTextRange range = {
        sc_text_rendering_from_body (self->rendering, highlight->section_id, highlight->start),
        sc_text_rendering_from_body (self->rendering, highlight->section_id, highlight->end),
      };
      ScReaderMark *mark;

      if (range.start < 0 || range.end <= range.start)
        continue;
      g_array_append_val (ranges, range);
      mark = g_object_new (SC_TYPE_READER_MARK, NULL);
      mark->id = g_strdup (highlight->id);
      mark->title = buffer_excerpt (self, range.start, range.end);
      mark->note = g_strdup (highlight->note);
      mark->subtitle = g_strdup (highlight->note);
      mark->start = range.start;
      mark->end = range.end;
      g_ptr_array_add (items, mark);
    }
  sc_text_buffer_tag_ranges (get_buffer (self), SC_TEXT_TAG_HIGHLIGHT, ranges);

  g_ptr_array_sort_with_data (items, compare_marks, NULL);
  g_list_store_splice (self->highlights, 0, g_list_model_get_n_items (G_LIST_MODEL (self->highlights)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->highlights_stack, items->len > 0 ? "list" : "empty");
}

static ScReaderMark *
find_mark (GListStore *store,
           const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(ScReaderMark) mark = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_strcmp0 (mark->id, id) == 0)
        return mark;
    }
  return NULL;
}

static void
on_mark_row_activated_cb (ScReaderPage  *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list)
{
  ScReaderMark *mark = g_object_get_data (G_OBJECT (row), "sc-mark");

  if (mark == NULL)
    return;
  scroll_to_offset (self, mark->start, list == self->bookmarks_list);
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/* Popovers ------------------------------------------------------------------- */

/* The rectangle of [start, end) in the page's coordinates: the first line
 * of it, for a popover to point at. FALSE when it is out of view. */
static gboolean
range_rectangle (ScReaderPage *self,
                 int           start,
                 int           end,
                 GdkRectangle *rect)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GdkRectangle first, last, visible;
  GtkTextIter iter;
  int wx, wy;
  double px, py;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, start);
  gtk_text_view_get_iter_location (self->text_view, &iter, &first);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, MAX (start, end - 1));
  gtk_text_view_get_iter_location (self->text_view, &iter, &last);
  if (last.y == first.y && last.x + last.width > first.x)
    first.width = last.x + last.width - first.x;
  first.width = MAX (first.width, 1);

  gtk_text_view_get_visible_rect (self->text_view, &visible);
  if (!gdk_rectangle_intersect (&first, &visible, NULL))
    return FALSE;

  gtk_text_view_buffer_to_window_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         first.x, first.y, &wx, &wy);
  if (!gtk_widget_translate_coordinates (GTK_WIDGET (self->text_view), GTK_WIDGET (self),
                                         wx, wy, &px, &py))
    return FALSE;
  *rect = (GdkRectangle) { (int) px, (int) py, first.width, first.height };
  return TRUE;
}

static void
show_popover (ScReaderPage *self,
              int           start,
              int           end)
{
  GdkRectangle rect;

  self->popover_start = start;
  self->popover_end = end;
  if (!range_rectangle (self, start, end, &rect))
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
show_term (ScReaderPage       *self,
           const ScTextAnchor *anchor)
{
  GtkTextIter a, b;
  g_autofree char *shown = NULL;

  gtk_text_buffer_get_iter_at_offset (get_buffer (self), &a, anchor->start);
  gtk_text_buffer_get_iter_at_offset (get_buffer (self), &b, anchor->end);
  shown = gtk_text_buffer_get_text (get_buffer (self), &a, &b, FALSE);
  sc_reader_popover_set_term (self->popover, self->glossary, anchor->target, shown);
  show_popover (self, anchor->start, anchor->end);
}

static void
show_note (ScReaderPage       *self,
           const ScTextAnchor *anchor)
{
  sc_reader_popover_set_note (self->popover, anchor->number,
                              sc_text_rendering_get_note (self->rendering, anchor->target));
  show_popover (self, anchor->start, anchor->end);
}

static void
show_highlight (ScReaderPage *self,
                ScReaderMark *mark)
{
  sc_reader_popover_set_highlight (self->popover, mark->id, mark->note);
  show_popover (self, mark->start, mark->end);
}

static void
on_note_changed_cb (ScReaderPage    *self,
                    const char      *highlight_id,
                    const char      *note,
                    ScReaderPopover *popover)
{
  g_autoptr(GError) error = NULL;

  /* (A highlight removed while its note was open is gone.) */
  if (self->store == NULL || find_mark (self->highlights, highlight_id) == NULL)
    return;
  if (!sc_study_store_set_highlight_note (self->store, highlight_id, note[0] != '\0' ? note : NULL, &error))
    sc_app_report_error (GTK_WIDGET (self), _("Could not keep the note"), error);
  load_highlights (self);
}

static ScReaderMark *
highlight_at (ScReaderPage *self,
              int           offset)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->highlights)); i++)
    {
      g_autoptr(ScReaderMark) mark = g_list_model_get_item (G_LIST_MODEL (self->highlights), i);

      if (mark->start <= offset && offset < mark->end)
        return mark;
    }
  return NULL;
}

/* The character under a point of the view (widget coordinates). */
static gboolean
offset_at_point (ScReaderPage *self,
                 double        x,
                 double        y,
                 int          *offset)
{
  GtkTextIter iter;
  GdkRectangle rect;
  int bx, by, trailing;

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  if (!gtk_text_view_get_iter_at_position (self->text_view, &iter, &trailing, bx, by))
    return FALSE;
  /* Past the end of a line is not on its last character. */
  gtk_text_view_get_iter_location (self->text_view, &iter, &rect);
  if (bx < rect.x - 2 || bx > rect.x + MAX (rect.width, 4) + 2)
    return FALSE;
  *offset = gtk_text_iter_get_offset (&iter);
  return TRUE;
}

static void
activate_anchor (ScReaderPage       *self,
                 const ScTextAnchor *anchor)
{
  switch (anchor->kind)
    {
    case SC_SPAN_TERM:
      show_term (self, anchor);
      break;
    case SC_SPAN_NOTE_MARK:
      show_note (self, anchor);
      break;
    case SC_SPAN_LINK:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.open-text", "(sss)", anchor->target,
                                  anchor->target2 != NULL ? anchor->target2 : "", "");
      break;
    case SC_SPAN_URL:
      gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), anchor->target, GDK_CURRENT_TIME);
      break;
    case SC_SPAN_GAP:
    case SC_SPAN_EMPHASIS:
    case SC_SPAN_STRONG:
    default:
      break;
    }
}

static void
on_text_released_cb (ScReaderPage    *self,
                     int              n_press,
                     double           x,
                     double           y,
                     GtkGestureClick *gesture)
{
  const ScTextAnchor *anchor;
  ScReaderMark *mark;
  int offset;

  if (self->rendering == NULL || n_press != 1)
    return;
  /* The end of a selection is no click on a word. */
  if (gtk_text_buffer_get_has_selection (get_buffer (self)))
    return;
  if (!offset_at_point (self, x, y, &offset))
    return;

  anchor = sc_text_rendering_anchor_at (self->rendering, offset);
  if (anchor != NULL && anchor->kind != SC_SPAN_GAP)
    {
      activate_anchor (self, anchor);
      return;
    }
  mark = highlight_at (self, offset);
  if (mark != NULL)
    show_highlight (self, mark);
}

static void
on_text_motion_cb (ScReaderPage             *self,
                   double                    x,
                   double                    y,
                   GtkEventControllerMotion *controller)
{
  const ScTextAnchor *anchor = NULL;
  gboolean clickable = FALSE;
  int offset;

  if (self->rendering != NULL && offset_at_point (self, x, y, &offset))
    {
      anchor = sc_text_rendering_anchor_at (self->rendering, offset);
      clickable = (anchor != NULL && anchor->kind != SC_SPAN_GAP) || highlight_at (self, offset) != NULL;
    }
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->text_view), clickable ? "pointer" : "text");
}

static gboolean
on_text_query_tooltip_cb (ScReaderPage *self,
                          int           x,
                          int           y,
                          gboolean      keyboard,
                          GtkTooltip   *tooltip,
                          GtkWidget    *widget)
{
  const ScTextAnchor *anchor;
  int offset;

  if (self->rendering == NULL || keyboard || !offset_at_point (self, x, y, &offset))
    return FALSE;
  anchor = sc_text_rendering_anchor_at (self->rendering, offset);
  if (anchor == NULL)
    return FALSE;
  switch (anchor->kind)
    {
    case SC_SPAN_GAP:
      gtk_tooltip_set_text (tooltip, _("The source could not be read here"));
      return TRUE;
    case SC_SPAN_URL:
      gtk_tooltip_set_text (tooltip, anchor->target);
      return TRUE;
    case SC_SPAN_NOTE_MARK:
      gtk_tooltip_set_text (tooltip, _("Show the note"));
      return TRUE;
    case SC_SPAN_TERM:
    case SC_SPAN_LINK:
    case SC_SPAN_EMPHASIS:
    case SC_SPAN_STRONG:
    default:
      return FALSE;
    }
}

/* Find in text ---------------------------------------------------------------- */

static void
set_find_current (ScReaderPage *self,
                  int           index)
{
  GtkTextBuffer *buffer = get_buffer (self);
  g_autofree char *label = NULL;

  sc_text_buffer_clear_tag (buffer, SC_TEXT_TAG_FIND_CURRENT);
  self->find_current = index;
  if (index >= 0 && (guint) index < self->find_matches->len)
    {
      ScTextRange *range = &g_array_index (self->find_matches, ScTextRange, index);
      g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (ScTextRange));

      g_array_append_val (one, *range);
      sc_text_buffer_tag_ranges (buffer, SC_TEXT_TAG_FIND_CURRENT, one);
      scroll_to_offset (self, range->start, FALSE);
      /* Translators: the current match of find in text, "3 of 12" */
      label = g_strdup_printf (_("%d of %u"), index + 1, self->find_matches->len);
    }
  gtk_label_set_label (self->find_label, label);
}

static void
clear_find (ScReaderPage *self)
{
  if (self->rendering != NULL)
    {
      sc_text_buffer_clear_tag (get_buffer (self), SC_TEXT_TAG_FIND_MATCH);
      sc_text_buffer_clear_tag (get_buffer (self), SC_TEXT_TAG_FIND_CURRENT);
    }
  g_clear_pointer (&self->find_matches, g_array_unref);
  self->find_current = -1;
  gtk_label_set_label (self->find_label, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->find_entry), "error");
}

static void
update_find (ScReaderPage *self)
{
  const char *needle = gtk_editable_get_text (GTK_EDITABLE (self->find_entry));
  int top;
  int first = 0;

  clear_find (self);
  if (self->rendering == NULL || needle[0] == '\0')
    {
      update_actions (self);
      return;
    }

  self->find_matches = sc_text_rendering_find (self->rendering, needle);
  sc_text_buffer_tag_ranges (get_buffer (self), SC_TEXT_TAG_FIND_MATCH, self->find_matches);
  if (self->find_matches->len == 0)
    {
      gtk_label_set_label (self->find_label, _("No matches"));
      gtk_widget_add_css_class (GTK_WIDGET (self->find_entry), "error");
      update_actions (self);
      return;
    }

  /* The first match from where I am reading. */
  top = reading_offset (self);
  for (guint i = 0; i < self->find_matches->len; i++)
    if (g_array_index (self->find_matches, ScTextRange, i).start >= top)
      {
        first = i;
        break;
      }
  set_find_current (self, first);
  update_actions (self);
}

static void
move_find (ScReaderPage *self,
           int           step)
{
  int n;

  if (self->find_matches == NULL || self->find_matches->len == 0)
    return;
  n = self->find_matches->len;
  set_find_current (self, ((self->find_current + step) % n + n) % n);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move_find (SC_READER_PAGE (widget), 1);
}

static void
find_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  move_find (SC_READER_PAGE (widget), -1);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ScReaderPage *self = SC_READER_PAGE (widget);
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter start, end;

  /* A few words selected are what to look for. */
  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end) &&
      gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (&end) &&
      gtk_text_iter_get_offset (&end) - gtk_text_iter_get_offset (&start) < 80)
    {
      g_autofree char *selected = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

      gtk_editable_set_text (GTK_EDITABLE (self->find_entry), selected);
    }

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->find_entry), 0, -1);
}

static void
on_find_next_cb (ScReaderPage *self)
{
  move_find (self, 1);
}

static void
on_find_previous_cb (ScReaderPage *self)
{
  move_find (self, -1);
}

static void
on_find_changed_cb (ScReaderPage *self)
{
  update_find (self);
}

static gboolean
on_find_key_pressed_cb (ScReaderPage          *self,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      (state & GDK_SHIFT_MASK) != 0)
    {
      move_find (self, -1);
      return TRUE;
    }
  return FALSE;
}

static void
on_search_mode_changed_cb (ScReaderPage *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      clear_find (self);
      update_actions (self);
      if (gtk_widget_get_mapped (GTK_WIDGET (self->text_view)))
        gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
    }
  else if (gtk_editable_get_text (GTK_EDITABLE (self->find_entry))[0] != '\0')
    update_find (self);
}

/* Look ------------------------------------------------------------------------ */

static gboolean
lookup_color (GtkStyleContext *context,
              const char      *name,
              GdkRGBA         *color,
              const GdkRGBA   *fallback)
{
  if (gtk_style_context_lookup_color (context, name, color))
    return TRUE;
  *color = *fallback;
  return FALSE;
}

static GdkRGBA
with_alpha (GdkRGBA color,
            double  alpha)
{
  color.alpha *= alpha;
  return color;
}

/* Tags cannot be styled with CSS: their colours come from the theme's named
 * colours, looked up again whenever light and dark change places. */
static void
update_colors (ScReaderPage *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self->text_view));
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  ScTextColors colors;
  GdkRGBA fg, accent, accent_bg, accent_fg, yellow, green;

  gtk_style_context_get_color (context, &fg);
  lookup_color (context, "accent_color", &accent, &fg);
  lookup_color (context, "accent_bg_color", &accent_bg, &accent);
  lookup_color (context, "accent_fg_color", &accent_fg, &fg);
  lookup_color (context, dark ? "yellow_4" : "yellow_2", &yellow, &accent_bg);
  /* My highlights are a green marker: not the yellow of the search's words. */
  lookup_color (context, dark ? "green_4" : "green_2", &green, &yellow);

  colors.accent = accent;
  colors.dim = with_alpha (fg, 0.62);
  colors.match = with_alpha (yellow, dark ? 0.4 : 0.55);
  colors.find = with_alpha (accent_bg, dark ? 0.35 : 0.22);
  colors.find_current = accent_bg;
  colors.find_current_fg = accent_fg;
  colors.highlight = with_alpha (green, dark ? 0.35 : 0.4);
  sc_text_renderer_set_colors (get_buffer (self), &colors);
}

static gboolean
update_colors_cb (gpointer user_data)
{
  ScReaderPage *self = SC_READER_PAGE (user_data);

  self->update_colors_id = 0;
  update_colors (self);
  return G_SOURCE_REMOVE;
}

static void
on_style_changed_cb (ScReaderPage *self)
{
  /* After the style sheet has changed. */
  if (self->update_colors_id == 0)
    self->update_colors_id = g_idle_add (update_colors_cb, self);
}

/* The clamp holds @line_width characters of the body font at its size. */
static void
update_clamp (ScReaderPage *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->text_view));
  g_autoptr(PangoFontDescription) font = pango_font_description_copy (pango_context_get_font_description (context));
  PangoFontMetrics *metrics;
  int char_width, width;

  pango_font_description_set_size (font, self->font_size * PANGO_SCALE);
  metrics = pango_context_get_metrics (context, font, pango_context_get_language (context));
  char_width = pango_font_metrics_get_approximate_char_width (metrics);
  pango_font_metrics_unref (metrics);
  width = (self->line_width * char_width + PANGO_SCALE - 1) / PANGO_SCALE + 2 * TEXT_MARGIN;
  adw_clamp_scrollable_set_maximum_size (self->clamp, width);
  adw_clamp_scrollable_set_tightening_threshold (self->clamp, width);
}

static void
update_font (ScReaderPage *self)
{
  g_autoptr(GVariant) default_size = g_settings_get_default_value (self->settings, "reader-font-size");
  int reference = default_size != NULL ? g_variant_get_int32 (default_size) : 15;
  g_autofree char *zoom = g_strdup_printf ("%d%%", (int) (100.0 * self->font_size / reference + 0.5));

  sc_text_renderer_set_metrics (get_buffer (self), self->font_size, TEXT_MARGIN);
  gtk_button_set_label (self->zoom_button, zoom);
  update_clamp (self);
  update_actions (self);
}

static void
set_font_size (ScReaderPage *self,
               int           size)
{
  size = CLAMP (size, MIN_FONT_SIZE, MAX_FONT_SIZE);
  if (size == self->font_size)
    return;
  self->font_size = size;
  update_font (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FONT_SIZE]);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ScReaderPage *self = SC_READER_PAGE (widget);

  set_font_size (self, self->font_size + 1);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ScReaderPage *self = SC_READER_PAGE (widget);

  set_font_size (self, self->font_size - 1);
}

static void
zoom_reset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ScReaderPage *self = SC_READER_PAGE (widget);

  g_settings_reset (self->settings, "reader-font-size");
}

/* Contents -------------------------------------------------------------------- */

static void
setup_contents_row_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_lines (GTK_LABEL (label), 2);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "contents-row");
  gtk_list_item_set_child (item, label);
}

static void
bind_contents_row_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  ScTextSection *section = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  guint depth = sc_text_section_get_depth (section);

  gtk_label_set_label (GTK_LABEL (label), sc_text_section_get_title (section));
  gtk_widget_set_margin_start (label, 4 + 16 * MIN (depth, 4));
  gtk_widget_set_tooltip_text (label, sc_text_section_get_title (section));
  if (depth == 0)
    gtk_widget_add_css_class (label, "contents-top");
  else
    gtk_widget_remove_css_class (label, "contents-top");
}

static void
on_contents_activate_cb (ScReaderPage *self,
                         guint         position,
                         GtkListView  *list)
{
  g_autoptr(ScTextSection) section = g_list_model_get_item (G_LIST_MODEL (self->contents_selection), position);

  if (section == NULL)
    return;
  gtk_single_selection_set_selected (self->contents_selection, position);
  scroll_to_section (self, section);
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/* Loading --------------------------------------------------------------------- */

static void
on_glossary_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  ScGlossary *glossary = sc_catalog_load_glossary_finish (SC_CATALOG (source), result, &error);
  ScReaderPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SC_READER_PAGE (user_data);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  g_clear_pointer (&self->glossary, sc_glossary_free);
  self->glossary = glossary;
  if (glossary == NULL && !g_error_matches (error, SC_ERROR, SC_ERROR_NOT_FOUND))
    sc_app_report_error (GTK_WIDGET (self), _("Could not read the glossary"), error);
}

static void
load_glossary (ScReaderPage *self,
               const char   *lang)
{
  if (g_strcmp0 (self->glossary_lang, lang) == 0)
    return;
  g_free (self->glossary_lang);
  self->glossary_lang = g_strdup (lang);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  g_clear_pointer (&self->glossary, sc_glossary_free);

  g_cancellable_cancel (self->glossary_cancellable);
  g_clear_object (&self->glossary_cancellable);
  self->glossary_cancellable = g_cancellable_new ();
  sc_catalog_load_glossary_async (self->catalog, lang, self->glossary_cancellable,
                                  on_glossary_loaded_cb, self);
}

static GArray *
mark_query (ScReaderPage *self)
{
  g_autoptr(ScQuery) query = NULL;
  GArray *matches;

  sc_text_buffer_clear_tag (get_buffer (self), SC_TEXT_TAG_QUERY_MATCH);
  if (self->query == NULL)
    return NULL;
  query = sc_query_parse (self->query);
  matches = sc_text_rendering_match_words (self->rendering, query->terms, query->has_prefix);
  sc_text_buffer_tag_ranges (get_buffer (self), SC_TEXT_TAG_QUERY_MATCH, matches);
  return matches;
}

/* Shows the open text at the place asked for. */
static void
show_text (ScReaderPage *self)
{
  g_autoptr(GArray) matches = mark_query (self);

  load_bookmarks (self);
  load_highlights (self);
  go_to_start (self, matches);
  select_current_section (self);
  update_actions (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
on_text_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  ScText *text = sc_catalog_load_text_finish (SC_CATALOG (source), result, &error);
  ScReaderPage *self;
  g_autofree char *authors = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SC_READER_PAGE (user_data);
  self->loading = FALSE;
  gtk_spinner_stop (self->spinner);

  if (text == NULL)
    {
      /* Nothing of the text shown before stays behind the error. */
      gtk_single_selection_set_model (self->contents_selection, NULL);
      self->chosen_section = NULL;
      g_clear_pointer (&self->rendering, sc_text_rendering_free);
      g_clear_pointer (&self->text, sc_text_free);
      gtk_text_buffer_set_text (get_buffer (self), "", 0);
      g_list_store_remove_all (self->bookmarks);
      g_list_store_remove_all (self->highlights);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      sc_app_report_error (GTK_WIDGET (self), _("Could not open the text"), error);
      update_actions (self);
      return;
    }

  g_clear_pointer (&self->text, sc_text_free);
  self->text = text;
  gtk_single_selection_set_model (self->contents_selection, NULL);
  self->chosen_section = NULL;
  g_clear_pointer (&self->rendering, sc_text_rendering_free);
  self->rendering = sc_text_render (get_buffer (self), text);
  gtk_single_selection_set_model (self->contents_selection, sc_text_rendering_get_sections (self->rendering));

  authors = text->authors != NULL ? g_strjoinv (", ", text->authors) : NULL;
  adw_window_title_set_title (self->window_title, text->title != NULL ? text->title : text->id);
  adw_window_title_set_subtitle (self->window_title, authors);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text->title != NULL ? text->title : text->id, -1);
  gtk_stack_set_visible_child_name (self->content_stack, "text");

  load_glossary (self, text->lang);
  show_text (self);
}

GtkWidget *
sc_reader_page_new (ScCatalog *catalog)
{
  g_return_val_if_fail (SC_IS_CATALOG (catalog), NULL);
  return g_object_new (SC_TYPE_READER_PAGE, "catalog", catalog, NULL);
}

void
sc_reader_page_open (ScReaderPage *self,
                     const char   *text_id,
                     const char   *section_id,
                     const char   *query)
{
  g_return_if_fail (SC_IS_READER_PAGE (self));
  g_return_if_fail (text_id != NULL);

  save_position_now (self);
  gtk_popover_popdown (GTK_POPOVER (self->popover));

  g_free (self->pending_section);
  self->pending_section = g_strdup (section_id != NULL && section_id[0] != '\0' ? section_id : NULL);
  g_free (self->query);
  self->query = g_strdup (query != NULL && query[0] != '\0' ? query : NULL);

  /* The same text again: only the place and the words change. */
  if (self->rendering != NULL && !self->loading && g_strcmp0 (self->text_id, text_id) == 0)
    {
      show_text (self);
      return;
    }

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  g_free (self->text_id);
  self->text_id = g_strdup (text_id);
  self->loading = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_ID]);

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  adw_window_title_set_title (self->window_title, NULL);
  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_stack_set_visible_child_name (self->content_stack, "loading");
  gtk_spinner_start (self->spinner);
  ensure_store (self);
  update_actions (self);

  sc_catalog_load_text_async (self->catalog, text_id, self->load_cancellable, on_text_loaded_cb, self);
}

/* Actions --------------------------------------------------------------------- */

static void
add_bookmark_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ScReaderPage *self = SC_READER_PAGE (widget);
  g_autoptr(ScBookmark) bookmark = NULL;
  g_autoptr(GError) error = NULL;
  ScTextSection *section = NULL;
  guint body_offset = 0;

  if (self->rendering == NULL || self->store == NULL)
    return;
  if (!sc_text_rendering_to_body (self->rendering, reading_offset (self), &section, &body_offset))
    return;

  bookmark = sc_study_store_add_bookmark (self->store, self->text_id, sc_text_section_get_id (section),
                                          body_offset, sc_text_section_get_title (section), &error);
  if (bookmark == NULL)
    {
      sc_app_report_error (GTK_WIDGET (self), _("Could not add the bookmark"), error);
      return;
    }
  load_bookmarks (self);
  gtk_stack_set_visible_child_name (self->sidebar_stack, "bookmarks");
  adw_flap_set_reveal_flap (self->flap, TRUE);
}

/* "Assign to Group…": the window's dialog, with this text. */
static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ScReaderPage *self = SC_READER_PAGE (widget);

  if (self->text_id != NULL)
    gtk_widget_activate_action (widget, "win.assign-reading", "(sss)", self->text_id, "", "");
}

static void
remove_bookmark_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ScReaderPage *self = SC_READER_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  if (!sc_study_store_remove_bookmark (self->store, g_variant_get_string (parameter, NULL), &error))
    sc_app_report_error (GTK_WIDGET (self), _("Could not remove the bookmark"), error);
  load_bookmarks (self);
}

/* A highlight belongs to one section: a selection over several becomes one
 * highlight in each. Returns the id of the first. */
static char *
add_highlights (ScReaderPage *self,
                int           start,
                int           end)
{
  g_autofree char *first = NULL;
  ScTextSection *top = first_section (self);

  /* Nothing to keep above the first section (the title). */
  if (top != NULL)
    start = MAX (start, sc_text_section_get_offset (top));

  while (start < end)
    {
      g_autoptr(ScHighlight) highlight = NULL;
      g_autoptr(GError) error = NULL;
      ScTextSection *section = NULL;
      guint body_start, body_end;

      if (!sc_text_rendering_range_to_body (self->rendering, start, end, &section, &body_start, &body_end))
        break;
      if (body_end > body_start)
        {
          highlight = sc_study_store_add_highlight (self->store, self->text_id, sc_text_section_get_id (section),
                                                    body_start, body_end, NULL, &error);
          if (highlight == NULL)
            sc_app_report_error (GTK_WIDGET (self), _("Could not add the highlight"), error);
          else if (first == NULL)
            first = g_strdup (highlight->id);
        }
      start = sc_text_rendering_section_end (self->rendering, section);
    }
  return g_steal_pointer (&first);
}

static void
highlight_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ScReaderPage *self = SC_READER_PAGE (widget);
  GtkTextBuffer *buffer = get_buffer (self);
  g_autofree char *first = NULL;
  GtkTextIter start, end;
  ScReaderMark *mark;

  if (self->rendering == NULL || self->store == NULL ||
      !gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return;

  first = add_highlights (self, gtk_text_iter_get_offset (&start), gtk_text_iter_get_offset (&end));
  gtk_text_buffer_select_range (buffer, &end, &end);
  load_highlights (self);

  /* Straight to its note, for who wants one. */
  mark = first != NULL ? find_mark (self->highlights, first) : NULL;
  if (mark != NULL)
    show_highlight (self, mark);
}

static void
remove_highlight_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  ScReaderPage *self = SC_READER_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  if (!sc_study_store_remove_highlight (self->store, id, &error))
    sc_app_report_error (GTK_WIDGET (self), _("Could not remove the highlight"), error);
  load_highlights (self);
  if (g_strcmp0 (sc_reader_popover_get_highlight (self->popover), id) == 0)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ScReaderPage *self = SC_READER_PAGE (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

/* Escape closes what is open over the text, and then the reader. */
static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  ScReaderPage *self = SC_READER_PAGE (widget);

  if (gtk_search_bar_get_search_mode (self->search_bar))
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  else if (adw_flap_get_folded (self->flap) && adw_flap_get_reveal_flap (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
  else
    gtk_widget_activate_action (widget, "win.back", NULL);
  return TRUE;
}

static void
set_read (ScReaderPage *self,
          gboolean      read)
{
  if (self->read == read)
    return;
  self->read = read;
  /* Marking a text unread keeps only where I am. */
  if (self->rendering != NULL && !self->loading)
    save_position (self, read ? 100.0 : current_percent (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ]);
}

/* GObject --------------------------------------------------------------------- */

static void
on_has_selection_cb (ScReaderPage *self)
{
  update_actions (self);
}

static void
sc_reader_page_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  ScReaderPage *self = SC_READER_PAGE (widget);

  GTK_WIDGET_CLASS (sc_reader_page_parent_class)->size_allocate (widget, width, height, baseline);
  /* The words a popover points at move when the text wraps anew. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    {
      GdkRectangle rect;

      /* (Out of view, it stays where it was until it closes.) */
      if (range_rectangle (self, self->popover_start, self->popover_end, &rect))
        {
          gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &rect);
          gtk_popover_present (GTK_POPOVER (self->popover));
        }
    }
}

static void
sc_reader_page_map (GtkWidget *widget)
{
  ScReaderPage *self = SC_READER_PAGE (widget);

  GTK_WIDGET_CLASS (sc_reader_page_parent_class)->map (widget);
  update_colors (self);
  update_clamp (self);
}

static void
sc_reader_page_unmap (GtkWidget *widget)
{
  ScReaderPage *self = SC_READER_PAGE (widget);

  /* Leaving the reader keeps my place. */
  save_position_now (self);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  GTK_WIDGET_CLASS (sc_reader_page_parent_class)->unmap (widget);
}

static void
sc_reader_page_constructed (GObject *object)
{
  ScReaderPage *self = SC_READER_PAGE (object);

  G_OBJECT_CLASS (sc_reader_page_parent_class)->constructed (object);
  g_assert (self->catalog != NULL);
}

static void
sc_reader_page_dispose (GObject *object)
{
  ScReaderPage *self = SC_READER_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->glossary_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->glossary_cancellable);
  g_clear_handle_id (&self->save_position_id, g_source_remove);
  g_clear_handle_id (&self->update_colors_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);

  if (self->popover != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->popover, self);
      gtk_widget_unparent (GTK_WIDGET (self->popover));
      self->popover = NULL;
    }
  stop_settling (self);
  g_clear_pointer (&self->rendering, sc_text_rendering_free);
  g_clear_object (&self->scroll_mark);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_READER_PAGE);

  g_clear_object (&self->contents_selection);
  g_clear_object (&self->bookmarks);
  g_clear_object (&self->highlights);
  g_clear_object (&self->catalog);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (sc_reader_page_parent_class)->dispose (object);
}

static void
sc_reader_page_finalize (GObject *object)
{
  ScReaderPage *self = SC_READER_PAGE (object);

  g_clear_pointer (&self->text, sc_text_free);
  g_clear_pointer (&self->glossary, sc_glossary_free);
  g_clear_pointer (&self->store, sc_study_store_close);
  g_clear_pointer (&self->find_matches, g_array_unref);
  g_free (self->text_id);
  g_free (self->pending_section);
  g_free (self->query);
  g_free (self->glossary_lang);
  G_OBJECT_CLASS (sc_reader_page_parent_class)->finalize (object);
}

static void
sc_reader_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ScReaderPage *self = SC_READER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_TEXT_ID:
      g_value_set_string (value, self->text_id);
      break;
    case PROP_FONT_SIZE:
      g_value_set_int (value, self->font_size);
      break;
    case PROP_LINE_WIDTH:
      g_value_set_int (value, self->line_width);
      break;
    case PROP_READ:
      g_value_set_boolean (value, self->read);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_reader_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ScReaderPage *self = SC_READER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_FONT_SIZE:
      set_font_size (self, g_value_get_int (value));
      break;
    case PROP_LINE_WIDTH:
      {
        int width = CLAMP (g_value_get_int (value), MIN_LINE_WIDTH, MAX_LINE_WIDTH);

        if (width != self->line_width)
          {
            self->line_width = width;
            update_clamp (self);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;
    case PROP_READ:
      set_read (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_reader_page_class_init (ScReaderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* The resources live in a static library: referencing them keeps the
   * linker from dropping them, with their registration. */
  (void) sc_app_get_resource ();

  object_class->constructed = sc_reader_page_constructed;
  object_class->dispose = sc_reader_page_dispose;
  object_class->finalize = sc_reader_page_finalize;
  object_class->get_property = sc_reader_page_get_property;
  object_class->set_property = sc_reader_page_set_property;
  widget_class->size_allocate = sc_reader_page_size_allocate;
  widget_class->map = sc_reader_page_map;
  widget_class->unmap = sc_reader_page_unmap;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, SC_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT_ID] =
    g_param_spec_string ("text-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FONT_SIZE] =
    g_param_spec_int ("font-size", NULL, NULL, MIN_FONT_SIZE, MAX_FONT_SIZE, 15,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINE_WIDTH] =
    g_param_spec_int ("line-width", NULL, NULL, MIN_LINE_WIDTH, MAX_LINE_WIDTH, 70,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ] =
    g_param_spec_boolean ("read", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/studycircle/StudyCircle/sc-reader-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, find_entry);
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, find_label);
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, flap);
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, contents_list);
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, bookmarks_stack);
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, bookmarks_list);
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, highlights_stack);
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, highlights_list);
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, clamp);
  gtk_widget_class_bind_template_child (widget_class, ScReaderPage, text_view);

  gtk_widget_class_install_action (widget_class, "reader.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "reader.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "reader.find-previous", NULL, find_previous_action);
  gtk_widget_class_install_action (widget_class, "reader.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "reader.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "reader.zoom-reset", NULL, zoom_reset_action);
  gtk_widget_class_install_property_action (widget_class, "reader.line-width", "line-width");
  gtk_widget_class_install_property_action (widget_class, "reader.mark-read", "read");
  gtk_widget_class_install_action (widget_class, "reader.add-bookmark", NULL, add_bookmark_action);
  gtk_widget_class_install_action (widget_class, "reader.assign", NULL, assign_action);
  gtk_widget_class_install_action (widget_class, "reader.remove-bookmark", "s", remove_bookmark_action);
  gtk_widget_class_install_action (widget_class, "reader.highlight", NULL, highlight_action);
  gtk_widget_class_install_action (widget_class, "reader.remove-highlight", "s", remove_highlight_action);
  gtk_widget_class_install_action (widget_class, "reader.toggle-sidebar", NULL, toggle_sidebar_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "reader.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "reader.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "reader.find-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "reader.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "reader.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "reader.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "reader.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "reader.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "reader.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "reader.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "reader.add-bookmark", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "reader.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
}

static void
sc_reader_page_init (ScReaderPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *controller;
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->find_current = -1;
  self->font_size = 15;
  self->line_width = 70;

  sc_text_renderer_setup_tags (get_buffer (self));
  g_signal_connect_object (get_buffer (self), "notify::has-selection",
                           G_CALLBACK (on_has_selection_cb), self, G_CONNECT_SWAPPED);

  /* Contents */
  self->contents_selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->contents_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->contents_selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_contents_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_contents_row_cb), NULL);
  gtk_list_view_set_factory (self->contents_list, factory);
  gtk_list_view_set_model (self->contents_list, GTK_SELECTION_MODEL (self->contents_selection));
  g_signal_connect_object (self->contents_list, "activate",
                           G_CALLBACK (on_contents_activate_cb), self, G_CONNECT_SWAPPED);

  /* Bookmarks and highlights */
  self->bookmarks = g_list_store_new (SC_TYPE_READER_MARK);
  self->highlights = g_list_store_new (SC_TYPE_READER_MARK);
  gtk_list_box_bind_model (self->bookmarks_list, G_LIST_MODEL (self->bookmarks),
                           create_mark_row, (gpointer) "reader.remove-bookmark", NULL);
  gtk_list_box_bind_model (self->highlights_list, G_LIST_MODEL (self->highlights),
                           create_mark_row, (gpointer) "reader.remove-highlight", NULL);
  g_signal_connect_object (self->bookmarks_list, "row-activated",
                           G_CALLBACK (on_mark_row_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->highlights_list, "row-activated",
                           G_CALLBACK (on_mark_row_activated_cb), self, G_CONNECT_SWAPPED);

  /* Find */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->find_entry));
  g_signal_connect_object (self->find_entry, "search-changed",
                           G_CALLBACK (on_find_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->find_entry, "activate",
                           G_CALLBACK (on_find_next_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->find_entry, "next-match",
                           G_CALLBACK (on_find_next_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->find_entry, "previous-match",
                           G_CALLBACK (on_find_previous_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_search_mode_changed_cb), self, G_CONNECT_SWAPPED);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_find_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->find_entry), controller);

  /* Clicks on terms, notes and highlights */
  click = gtk_gesture_click_new ();
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (click), "reader-click");
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (on_text_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), GTK_EVENT_CONTROLLER (click));
  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "motion", G_CALLBACK (on_text_motion_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), controller);
  g_signal_connect_object (self->text_view, "query-tooltip",
                           G_CALLBACK (on_text_query_tooltip_cb), self, G_CONNECT_SWAPPED);

  self->popover = SC_READER_POPOVER (sc_reader_popover_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self));
  g_signal_connect_swapped (self->popover, "note-changed", G_CALLBACK (on_note_changed_cb), self);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (on_user_scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), controller);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                           G_CALLBACK (on_scrolled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (on_style_changed_cb), self, G_CONNECT_SWAPPED);

  /* Font size and line width follow the settings, both ways. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "reader-font-size", self, "font-size", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "reader-line-width", self, "line-width", G_SETTINGS_BIND_DEFAULT);
  update_font (self);
  update_actions (self);
}
