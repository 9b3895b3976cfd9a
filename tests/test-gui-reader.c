/* test-gui-reader.c: the reader page, and the renderer under it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sc-gui-test-util.h"
#include "sc-paths.h"
#include "sc-reader-page.h"
#include "sc-study.h"
#include "sc-text-renderer.h"

/* The tests keep study data in a folder of their own (set in main). */
static char *data_home;
/* STUDYCIRCLE_DATADIR as the test runner set it: the bundled library. */
static char *bundled_datadir;

typedef struct {
  GtkWindow    *window;
  ScReaderPage *page;
  guint         backs;     /* win.back activations */
} Reader;

static void
back_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  Reader *reader = user_data;

  reader->backs++;
}

static GtkWidget *
child (Reader     *reader,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (reader->page), SC_TYPE_READER_PAGE, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static GtkTextView *
text_view (Reader *reader)
{
  return GTK_TEXT_VIEW (child (reader, "text_view"));
}

static GtkTextBuffer *
buffer (Reader *reader)
{
  return gtk_text_view_get_buffer (text_view (reader));
}

static void
reader_init_full (Reader    *reader,
                  ScCatalog *catalog,
                  int        width,
                  int        height,
                  gboolean   fresh_study_data)
{
  static const GActionEntry entries[] = { { "back", back_cb, NULL, NULL, NULL, { 0 } } };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

  memset (reader, 0, sizeof *reader);
  if (fresh_study_data)
    {
      /* Each test starts with no reading positions, bookmarks or highlights. */
      g_autofree char *dir = g_build_filename (data_home, "studycircle", NULL);

      sc_test_remove_tree (dir);
    }
  reader->window = GTK_WINDOW (adw_window_new ());
  reader->page = SC_READER_PAGE (sc_reader_page_new (catalog));
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), reader);
  gtk_widget_insert_action_group (GTK_WIDGET (reader->window), "win", G_ACTION_GROUP (group));
  gtk_window_set_default_size (reader->window, width, height);
  adw_window_set_content (ADW_WINDOW (reader->window), GTK_WIDGET (reader->page));
  gtk_window_present (reader->window);
  SC_GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (reader->page)), 10);
  sc_gui_spin (50);
}

static void
reader_init (Reader    *reader,
             ScCatalog *catalog,
             int        width,
             int        height)
{
  reader_init_full (reader, catalog, width, height, TRUE);
}

static void
reader_clear (Reader *reader)
{
  gtk_window_destroy (reader->window);
  sc_gui_spin (20);
}

static gboolean
is_loaded (Reader *reader)
{
  const char *shown = gtk_stack_get_visible_child_name (GTK_STACK (child (reader, "content_stack")));

  return g_strcmp0 (shown, "text") == 0 || g_strcmp0 (shown, "error") == 0;
}

/* Layout, and the scroll to the place asked for: until the view has its
 * size and stays put (slow under the sanitizers). */
static void
wait_settled (Reader *reader)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (text_view (reader)));
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint stable = 0;

  while (stable < 3 && g_get_monotonic_time () < deadline)
    {
      double value = gtk_adjustment_get_value (adj);
      double upper = gtk_adjustment_get_upper (adj);

      sc_gui_spin (100);
      if (gtk_adjustment_get_page_size (adj) > 0 &&
          value == gtk_adjustment_get_value (adj) && upper == gtk_adjustment_get_upper (adj))
        stable++;
      else
        stable = 0;
    }
  if (stable < 3)
    g_test_message ("the view did not settle: value %g, upper %g, page %g; view mapped %d h %d, window mapped %d h %d",
                    gtk_adjustment_get_value (adj), gtk_adjustment_get_upper (adj),
                    gtk_adjustment_get_page_size (adj), gtk_widget_get_mapped (GTK_WIDGET (text_view (reader))),
                    gtk_widget_get_height (GTK_WIDGET (text_view (reader))),
                    gtk_widget_get_mapped (GTK_WIDGET (reader->window)), gtk_widget_get_height (GTK_WIDGET (reader->window)));
}

static void
reader_open_expect (Reader     *reader,
                    const char *text_id,
                    const char *section_id,
                    const char *query,
                    const char *shown)
{
  sc_reader_page_open (reader->page, text_id, section_id, query);
  SC_GUI_WAIT_UNTIL (is_loaded (reader), 10);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (reader, "content_stack"))), ==, shown);
}

static void
reader_open (Reader     *reader,
             const char *text_id,
             const char *section_id,
             const char *query)
{
  sc_reader_page_open (reader->page, text_id, section_id, query);
  SC_GUI_WAIT_UNTIL (is_loaded (reader), 10);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (reader, "content_stack"))), ==, "text");
  wait_settled (reader);
}

static char *
buffer_text (GtkTextBuffer *buf)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buf, &start, &end);
  return gtk_text_buffer_get_text (buf, &start, &end, TRUE);
}

/* The character offset where @needle first occurs in the buffer. */
static int
find_offset (GtkTextBuffer *buf,
             const char    *needle)
{
  g_autofree char *text = buffer_text (buf);
  const char *found = strstr (text, needle);

  g_assert_nonnull (found);
  return g_utf8_pointer_to_offset (text, found);
}

static gboolean
has_tag_over (GtkTextBuffer *buf,
              const char    *tag_name,
              int            start,
              int            end)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buf), tag_name);

  g_assert_nonnull (tag);
  for (int i = start; i < end; i++)
    {
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_offset (buf, &iter, i);
      if (!gtk_text_iter_has_tag (&iter, tag))
        return FALSE;
    }
  return TRUE;
}

/* The stretches of text @tag_name covers. */
static guint
count_tag_ranges (GtkTextBuffer *buf,
                  const char    *tag_name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buf), tag_name);
  GtkTextIter iter;
  guint n = 0;

  gtk_text_buffer_get_start_iter (buf, &iter);
  if (gtk_text_iter_starts_tag (&iter, tag))
    n++;
  while (gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    if (gtk_text_iter_starts_tag (&iter, tag))
      n++;
  return n;
}

/* Occurrences of @needle in the buffer, counted without case. */
static guint
count_occurrences (GtkTextBuffer *buf,
                   const char    *needle,
                   gboolean       whole_words)
{
  g_autofree char *text = buffer_text (buf);
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autofree char *folded_needle = g_utf8_casefold (needle, -1);
  gsize len = strlen (folded_needle);
  guint n = 0;

  for (const char *p = strstr (folded, folded_needle); p != NULL; p = strstr (p + len, folded_needle))
    {
      if (whole_words && ((p > folded && g_unichar_isalnum (g_utf8_get_char (g_utf8_prev_char (p)))) ||
                          g_unichar_isalnum (g_utf8_get_char (p + len))))
        continue;
      n++;
    }
  return n;
}

static void
collect_labels (GtkWidget  *root,
                const char *css_class,
                GPtrArray  *labels)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      if (GTK_IS_LABEL (w) && gtk_widget_get_mapped (w) &&
          (css_class == NULL || gtk_widget_has_css_class (w, css_class)))
        g_ptr_array_add (labels, (gpointer) gtk_label_get_label (GTK_LABEL (w)));
      collect_labels (w, css_class, labels);
    }
}

static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (w)), action) == 0)
        return w;
      found = find_action_button (w, action);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The character at @offset is on screen, and near the top unless the view
 * cannot scroll further. */
static void
assert_near_top (Reader *reader,
                 int     offset)
{
  GtkTextView *view = text_view (reader);
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  GdkRectangle visible, location;
  GtkTextIter iter;

  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_buffer_get_iter_at_offset (buffer (reader), &iter, offset);
  gtk_text_view_get_iter_location (view, &iter, &location);
  g_test_message ("near top: offset %d at y %d (h %d), visible %d+%d, adj %g of %g page %g", offset, location.y, location.height,
                  visible.y, visible.height, gtk_adjustment_get_value (adj), gtk_adjustment_get_upper (adj),
                  gtk_adjustment_get_page_size (adj));
  g_assert_cmpint (location.y, >=, visible.y);
  g_assert_cmpint (location.y + location.height, <=, visible.y + visible.height);
  if (gtk_adjustment_get_value (adj) < gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 1)
    g_assert_cmpint (location.y - visible.y, <, 120);
}

/* ------------------------------------------------------------------------ */

static void
test_open_at_section (ScGuiFixture  *f,
                      gconstpointer  data)
{
  Reader reader;
  GtkTextBuffer *buf;
  g_autofree char *text = NULL;
  GtkListView *contents;
  GListModel *model;
  GtkWidget *back;
  const char *paragraph = "In February 1919 the workers of Seattle ran the city's essential services themselves.";
  int heading, para;

  /* Short enough that the text scrolls. */
  reader_init (&reader, f->catalog, 900, 420);
  reader_open (&reader, "the-general-strike", "seattle-1919", "Seattle");
  buf = buffer (&reader);
  text = buffer_text (buf);

  /* The section's heading and paragraph, set with their tags. */
  g_assert_nonnull (strstr (text, "Seattle, 1919\n"));
  g_assert_nonnull (strstr (text, paragraph));
  heading = find_offset (buf, "Seattle, 1919");
  para = find_offset (buf, paragraph);
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_HEADING, heading, heading + 13));
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_HEADING_1, heading, heading + 13));
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_PARAGRAPH, para, para + g_utf8_strlen (paragraph, -1)));
  g_assert_false (has_tag_over (buf, SC_TEXT_TAG_HEADING, para, para + 1));
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_TITLE, 0, 11));   /* "The General Strike" */

  /* Every "Seattle" is marked, and nothing else. */
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_QUERY_MATCH, heading, heading + 7));
  g_assert_false (has_tag_over (buf, SC_TEXT_TAG_QUERY_MATCH, heading + 7, heading + 8));
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_QUERY_MATCH, para + 32, para + 39));
  g_assert_cmpuint (count_tag_ranges (buf, SC_TEXT_TAG_QUERY_MATCH), ==, count_occurrences (buf, "seattle", TRUE));
  g_assert_cmpuint (count_tag_ranges (buf, SC_TEXT_TAG_QUERY_MATCH), ==, 2);

  /* The view went to the section. */
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (text_view (&reader)))), >, 0);
  assert_near_top (&reader, heading);

  /* The contents list the three sections, the one open selected. */
  contents = GTK_LIST_VIEW (child (&reader, "contents_list"));
  model = G_LIST_MODEL (gtk_list_view_get_model (contents));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==, 1);
  adw_flap_set_reveal_flap (ADW_FLAP (child (&reader, "flap")), TRUE);
  sc_gui_spin (400);
  wait_settled (&reader);
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();

    collect_labels (GTK_WIDGET (contents), "contents-row", labels);
    g_assert_cmpuint (labels->len, ==, 3);
    g_assert_cmpstr (g_ptr_array_index (labels, 0), ==, "What a general strike is");
    g_assert_cmpstr (g_ptr_array_index (labels, 1), ==, "Seattle, 1919");
    g_assert_cmpstr (g_ptr_array_index (labels, 2), ==, "Lessons");
  }

  /* Choosing a section goes there. */
  g_signal_emit_by_name (contents, "activate", 2);
  wait_settled (&reader);
  assert_near_top (&reader, find_offset (buf, "Lessons"));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==, 2);

  /* The header names the text, and Back is the window's. */
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (child (&reader, "window_title"))), ==, "The General Strike");
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (child (&reader, "window_title"))), ==, "Another Writer");
  back = find_action_button (GTK_WIDGET (reader.page), "win.back");
  g_assert_nonnull (back);
  g_assert_true (gtk_widget_is_sensitive (back));
  gtk_widget_activate (back);
  SC_GUI_WAIT_UNTIL (reader.backs == 1, 5);

  reader_clear (&reader);
}

static ScStudyStore *open_store (void);

static void
test_missing_text (ScGuiFixture  *f,
                   gconstpointer  data)
{
  Reader reader;
  g_autofree char *text = NULL;

  reader_init (&reader, f->catalog, 900, 600);
  reader_open (&reader, "the-general-strike", NULL, NULL);

  /* A text the library does not have: an error page, and nothing of the
   * text before left to find, bookmark or list. */
  reader_open_expect (&reader, "no-such-text", NULL, NULL, "error");
  text = buffer_text (buffer (&reader));
  g_assert_cmpstr (text, ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (child (&reader, "contents_list"))))), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.find", NULL);
  g_assert_false (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (child (&reader, "search_bar"))));
  gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.add-bookmark", NULL);
  {
    g_autoptr(ScStudyStore) store = open_store ();
    g_autoptr(GPtrArray) bookmarks = sc_study_store_list_bookmarks (store, NULL, NULL);

    g_assert_cmpuint (bookmarks->len, ==, 0);
  }

  /* …and the next text opens as usual. */
  reader_open (&reader, "wages-and-profit", NULL, NULL);
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (child (&reader, "window_title"))), ==, "Wages and Profit");
  reader_clear (&reader);
}

/* Red + green + blue of a tag's foreground: 0 for black, 3 for white. */
static double
tag_lightness (GtkTextTag *tag)
{
  g_autoptr(GdkRGBA) color = NULL;

  g_object_get (tag, "foreground-rgba", &color, NULL);
  g_assert_nonnull (color);
  return color->red + color->green + color->blue;
}

static void
test_find (ScGuiFixture  *f,
           gconstpointer  data)
{
  Reader reader;
  GtkTextBuffer *buf;
  GtkEditable *entry;
  GtkLabel *label;
  guint n;
  g_autofree char *expected = NULL;

  reader_init (&reader, f->catalog, 900, 600);
  reader_open (&reader, "the-general-strike", NULL, NULL);
  buf = buffer (&reader);
  entry = GTK_EDITABLE (child (&reader, "find_entry"));
  label = GTK_LABEL (child (&reader, "find_label"));

  /* reader.find (Ctrl+F) opens the reader's own find bar. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.find", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (child (&reader, "search_bar"))));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (entry)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (reader.window)), GTK_WIDGET (entry)));

  gtk_editable_set_text (entry, "strike");
  SC_GUI_WAIT_UNTIL (gtk_label_get_label (label)[0] != '\0', 5);

  /* Every occurrence is marked, one of them as the current one. */
  n = count_occurrences (buf, "strike", FALSE);
  g_assert_cmpuint (n, >=, 3);
  g_assert_cmpuint (count_tag_ranges (buf, SC_TEXT_TAG_FIND_MATCH), ==, n);
  g_assert_cmpuint (count_tag_ranges (buf, SC_TEXT_TAG_FIND_CURRENT), ==, 1);
  expected = g_strdup_printf ("1 of %u", n);
  g_assert_cmpstr (gtk_label_get_label (label), ==, expected);

  /* Next, and next again (Enter), previous, and round from the first to the last. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.find-next", NULL));
  g_free (expected);
  expected = g_strdup_printf ("2 of %u", n);
  g_assert_cmpstr (gtk_label_get_label (label), ==, expected);
  g_signal_emit_by_name (entry, "activate");
  g_free (expected);
  expected = g_strdup_printf ("3 of %u", n);
  g_assert_cmpstr (gtk_label_get_label (label), ==, expected);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.find-previous", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.find-previous", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.find-previous", NULL));
  g_free (expected);
  expected = g_strdup_printf ("%u of %u", n, n);
  g_assert_cmpstr (gtk_label_get_label (label), ==, expected);
  g_assert_cmpuint (count_tag_ranges (buf, SC_TEXT_TAG_FIND_CURRENT), ==, 1);

  /* The current match is the last "strike" in the text. */
  {
    g_autofree char *text = buffer_text (buf);
    g_autofree char *lower = g_utf8_strdown (text, -1);
    const char *last = g_strrstr (lower, "strike");
    int offset = g_utf8_pointer_to_offset (lower, last);

    g_assert_true (has_tag_over (buf, SC_TEXT_TAG_FIND_CURRENT, offset, offset + 6));
  }

  /* Light and dark follow the system: the tags take the theme's colours
   * anew (dim words are dark on light, light on dark). */
  {
    GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buf), SC_TEXT_TAG_GAP);
    AdwStyleManager *style = adw_style_manager_get_default ();
    g_autoptr(GdkRGBA) light = NULL;
    g_autoptr(GdkRGBA) dark = NULL;

    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
    SC_GUI_WAIT_UNTIL (tag_lightness (tag) < 1.5, 10);
    g_object_get (tag, "foreground-rgba", &light, NULL);
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
    SC_GUI_WAIT_UNTIL (tag_lightness (tag) > 1.5, 10);
    g_object_get (tag, "foreground-rgba", &dark, NULL);
    g_assert_false (gdk_rgba_equal (light, dark));
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
    sc_gui_spin (50);
  }

  /* Nothing found says so; closing the bar clears the marks. */
  gtk_editable_set_text (entry, "zzzz");
  SC_GUI_WAIT_UNTIL (g_strcmp0 (gtk_label_get_label (label), "No matches") == 0, 5);
  g_assert_cmpuint (count_tag_ranges (buf, SC_TEXT_TAG_FIND_MATCH), ==, 0);
  gtk_editable_set_text (entry, "strike");
  SC_GUI_WAIT_UNTIL (count_tag_ranges (buf, SC_TEXT_TAG_FIND_MATCH) == n, 5);
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (child (&reader, "search_bar")), FALSE);
  g_assert_cmpuint (count_tag_ranges (buf, SC_TEXT_TAG_FIND_MATCH), ==, 0);
  g_assert_cmpuint (count_tag_ranges (buf, SC_TEXT_TAG_FIND_CURRENT), ==, 0);

  reader_clear (&reader);
}

static void
test_tei (ScGuiFixture  *f,
          gconstpointer  data)
{
  Reader reader;
  GtkTextBuffer *buf;
  g_autofree char *text = NULL;
  GtkLabel *label;
  int gap;

  reader_init (&reader, f->catalog, 900, 600);
  reader_open (&reader, "s00001", NULL, NULL);
  buf = buffer (&reader);
  text = buffer_text (buf);

  /* A word broken at a line end is one word; what could not be read is a
   * visible mark. */
  g_assert_nonnull (strstr (text, "A miscellaneous diſcourſe"));
  g_assert_nonnull (strstr (text, "Of the Conſtitution\n"));
  gap = find_offset (buf, SC_TEXT_GAP_MARK);
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_GAP, gap, gap + 3));
  g_assert_nonnull (strstr (text, "almanack " SC_TEXT_GAP_MARK " in his time"));
  g_assert_null (strstr (text, "•"));

  /* Finding folds the long s: "constitution" finds both. */
  gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.find", NULL);
  label = GTK_LABEL (child (&reader, "find_label"));
  gtk_editable_set_text (GTK_EDITABLE (child (&reader, "find_entry")), "constitution");
  SC_GUI_WAIT_UNTIL (gtk_label_get_label (label)[0] != '\0', 5);
  g_assert_cmpstr (gtk_label_get_label (label), ==, "1 of 2");

  reader_clear (&reader);
}

/* The reader's own click gesture on the text. */
static GtkGesture *
text_click_gesture (Reader *reader)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (text_view (reader)));
  GtkGesture *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) &&
          g_strcmp0 (gtk_event_controller_get_name (GTK_EVENT_CONTROLLER (controller)), "reader-click") == 0)
        found = GTK_GESTURE (controller);
    }
  g_assert_nonnull (found);
  return found;
}

static void
click_offset (Reader *reader,
              int     offset)
{
  GtkTextView *view = text_view (reader);
  GdkRectangle rect;
  GtkTextIter iter;
  int x, y;

  gtk_text_buffer_get_iter_at_offset (buffer (reader), &iter, offset);
  gtk_text_view_get_iter_location (view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET,
                                         rect.x + rect.width / 2, rect.y + rect.height / 2, &x, &y);
  g_signal_emit_by_name (text_click_gesture (reader), "released", 1, (double) x, (double) y);
}

static GtkPopover *
info_popover (Reader *reader)
{
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (reader->page)); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_POPOVER (w) && gtk_widget_has_css_class (w, "reader-info"))
      return GTK_POPOVER (w);
  g_assert_not_reached ();
}

static gboolean
popover_says (Reader     *reader,
              const char *words)
{
  GtkPopover *popover = info_popover (reader);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  if (!gtk_widget_get_visible (GTK_WIDGET (popover)))
    return FALSE;
  collect_labels (GTK_WIDGET (popover), NULL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (strstr (g_ptr_array_index (labels, i), words) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
click_until_popover_says (Reader     *reader,
                          int         offset,
                          const char *words)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* The glossary arrives a moment after the text. */
  while (g_get_monotonic_time () < deadline)
    {
      click_offset (reader, offset);
      sc_gui_spin (100);
      if (popover_says (reader, words))
        return TRUE;
      gtk_popover_popdown (info_popover (reader));
    }
  return FALSE;
}

static void
test_glossary_term (ScGuiFixture  *f,
                    gconstpointer  data)
{
  Reader reader;
  GtkTextBuffer *buf;
  int term;

  reader_init (&reader, f->catalog, 900, 600);
  reader_open (&reader, "wages-and-profit", NULL, NULL);
  buf = buffer (&reader);

  /* "for <term ref="wages">wages</term>." */
  term = find_offset (buf, "for wages.") + 4;
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_TERM, term, term + 5));
  g_assert_false (has_tag_over (buf, SC_TEXT_TAG_TERM, term - 1, term));
  g_assert_false (has_tag_over (buf, SC_TEXT_TAG_TERM, term + 5, term + 6));
  g_assert_cmpuint (count_tag_ranges (buf, SC_TEXT_TAG_TERM), ==, 1);

  /* A click shows the definition from the English glossary. */
  g_assert_true (click_until_popover_says (&reader, term + 2, "The price paid for labor power"));
  g_assert_true (popover_says (&reader, "Wages"));
  /* …with its see-also, a link to the next entry. */
  g_assert_true (popover_says (&reader, "See also: "));
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    GtkWidget *see_also = NULL;
    gboolean handled = FALSE;

    for (GtkWidget *w = sc_gui_find (GTK_WIDGET (info_popover (&reader)), GTK_TYPE_LABEL, NULL);
         w != NULL; w = gtk_widget_get_next_sibling (w))
      if (GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "see-also"))
        see_also = w;
    g_assert_nonnull (see_also);
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (see_also)), "general-strike"));
    g_signal_emit_by_name (see_also, "activate-link", "general-strike", &handled);
    g_assert_true (handled);
    SC_GUI_WAIT_UNTIL (popover_says (&reader, "A strike of the workers of many trades at once."), 5);
    g_assert_true (popover_says (&reader, "General strike"));
  }

  /* A click on plain words opens nothing. */
  gtk_popover_popdown (info_popover (&reader));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (info_popover (&reader))));
  click_offset (&reader, find_offset (buf, "employer buys"));
  sc_gui_spin (100);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (info_popover (&reader))));

  reader_clear (&reader);
}

static ScStudyStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sc_paths_study_db ();
  ScStudyStore *store = sc_study_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static void
test_position (ScGuiFixture  *f,
               gconstpointer  data)
{
  Reader reader;
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(ScPosition) position = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autofree char *path = sc_paths_study_db ();

    g_assert_true (g_str_has_prefix (path, data_home));
  }

  /* Leaving the reader keeps my place… */
  reader_init (&reader, f->catalog, 900, 360);
  reader_open (&reader, "the-general-strike", "lessons", NULL);
  gtk_widget_set_visible (GTK_WIDGET (reader.page), FALSE);
  reader_clear (&reader);

  store = open_store ();
  position = sc_study_store_get_position (store, "the-general-strike", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (position->section_id, ==, "lessons");
  g_assert_cmpuint (position->offset, ==, 0);
  g_assert_cmpfloat (position->percent, >, 50.0);

  /* …and opening the text again, with no place asked for, goes back there. */
  reader_init_full (&reader, f->catalog, 900, 360, FALSE);
  reader_open (&reader, "the-general-strike", NULL, NULL);
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (text_view (&reader)))), >, 0);
  assert_near_top (&reader, find_offset (buffer (&reader), "Lessons"));

  /* Mark as read: 100 %, kept while I scroll back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.mark-read", NULL));
  g_clear_pointer (&position, sc_position_free);
  position = sc_study_store_get_position (store, "the-general-strike", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (position->percent, ==, 100.0);
  reader_clear (&reader);

  g_clear_pointer (&position, sc_position_free);
  position = sc_study_store_get_position (store, "the-general-strike", &error);
  g_assert_cmpfloat (position->percent, ==, 100.0);
}

static void
test_bookmarks_and_highlights (ScGuiFixture  *f,
                               gconstpointer  data)
{
  Reader reader;
  g_autoptr(ScStudyStore) store = NULL;
  g_autoptr(GPtrArray) highlights = NULL;
  g_autoptr(GPtrArray) bookmarks = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buf;
  GtkTextIter start, end;
  ScHighlight *highlight;
  ScBookmark *bookmark;
  int from;

  reader_init (&reader, f->catalog, 900, 600);
  reader_open (&reader, "wages-and-profit", "profit", NULL);
  buf = buffer (&reader);
  store = open_store ();

  /* Highlight "what remains after wages" in "Profit is what remains…". */
  from = find_offset (buf, "what remains after wages");
  gtk_text_buffer_get_iter_at_offset (buf, &start, from);
  gtk_text_buffer_get_iter_at_offset (buf, &end, from + 24);
  gtk_text_buffer_select_range (buf, &start, &end);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.highlight", NULL));
  sc_gui_spin (50);

  highlights = sc_study_store_list_highlights (store, "wages-and-profit", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (highlights->len, ==, 1);
  highlight = g_ptr_array_index (highlights, 0);
  g_assert_cmpstr (highlight->section_id, ==, "profit");
  /* Offsets in the section's text, as sc_section_body() has it. */
  g_assert_cmpuint (highlight->start, ==, strlen ("Profit is "));
  g_assert_cmpuint (highlight->end, ==, strlen ("Profit is what remains after wages"));
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_HIGHLIGHT, from, from + 24));
  g_assert_false (has_tag_over (buf, SC_TEXT_TAG_HIGHLIGHT, from - 1, from));
  /* Its note opens at once. */
  g_assert_true (popover_says (&reader, "Highlight"));
  gtk_popover_popdown (info_popover (&reader));

  /* A bookmark where I am. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.add-bookmark", NULL));
  bookmarks = sc_study_store_list_bookmarks (store, "wages-and-profit", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bookmarks->len, ==, 1);
  bookmark = g_ptr_array_index (bookmarks, 0);
  g_assert_cmpstr (bookmark->section_id, ==, "profit");
  g_assert_cmpstr (bookmark->label, ==, "Profit");

  /* Both are listed in the sidebar. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (&reader, "bookmarks_stack"))), ==, "list");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (&reader, "highlights_stack"))), ==, "list");

  /* Removing the highlight removes its mark. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.remove-highlight", "s", highlight->id));
  g_assert_false (has_tag_over (buf, SC_TEXT_TAG_HIGHLIGHT, from, from + 1));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (&reader, "highlights_stack"))), ==, "empty");

  reader_clear (&reader);
}

static void
test_font_and_width (ScGuiFixture  *f,
                     gconstpointer  data)
{
  Reader reader;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  AdwClampScrollable *clamp;
  GtkTextTag *body;
  int size, narrow, wide;
  double points;

  reader_init (&reader, f->catalog, 1200, 600);
  reader_open (&reader, "the-general-strike", NULL, NULL);
  clamp = ADW_CLAMP_SCROLLABLE (child (&reader, "clamp"));
  body = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer (&reader)), SC_TEXT_TAG_BODY);

  g_settings_set_int (settings, "reader-font-size", 15);
  size = adw_clamp_scrollable_get_maximum_size (clamp);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.zoom-in", NULL));
  g_assert_cmpint (g_settings_get_int (settings, "reader-font-size"), ==, 16);
  g_object_get (body, "size-points", &points, NULL);
  g_assert_cmpfloat (points, ==, 16.0);
  g_assert_cmpint (adw_clamp_scrollable_get_maximum_size (clamp), >, size);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (child (&reader, "zoom_button"))), ==, "107%");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.zoom-reset", NULL));
  g_assert_cmpint (g_settings_get_int (settings, "reader-font-size"), ==, 15);
  g_assert_cmpint (adw_clamp_scrollable_get_maximum_size (clamp), ==, size);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.zoom-out", NULL));
  g_assert_cmpint (g_settings_get_int (settings, "reader-font-size"), ==, 14);
  g_settings_reset (settings, "reader-font-size");

  /* The line width is a number of characters. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.line-width", "i", 55));
  g_assert_cmpint (g_settings_get_int (settings, "reader-line-width"), ==, 55);
  narrow = adw_clamp_scrollable_get_maximum_size (clamp);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.line-width", "i", 90));
  wide = adw_clamp_scrollable_get_maximum_size (clamp);
  g_assert_cmpint (wide, >, narrow);
  /* 35 more characters: wider by more than 35 narrow letters, less than 35 "m". */
  g_assert_cmpint (wide - narrow, >, 35 * 4);
  g_assert_cmpint (wide - narrow, <, 35 * 30);
  sc_gui_spin (200);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (text_view (&reader))), <=, wide);
  g_settings_reset (settings, "reader-line-width");

  reader_clear (&reader);
}

/* The renderer alone ------------------------------------------------------- */

static const char native_sample[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<text id=\"sample\" lang=\"en\" version=\"1\">\n"
  "  <meta><title>Sample</title><author>A. Writer</author><date>1999</date>\n"
  "    <topics><topic>x</topic></topics><level>introductory</level>\n"
  "    <summary>S.</summary><license>CC0-1.0</license></meta>\n"
  "  <body>\n"
  "    <section id=\"one\"><head>One</head>\n"
  "      <p>First <em>words</em> with a note<note>The note's text.</note> and a <term ref=\"wages\">term</term>.</p>\n"
  "      <quote><p>A quoted line.</p></quote>\n"
  "      <list><item>Bread</item><item>Roses</item></list>\n"
  "      <section id=\"two\"><head>Two</head>\n"
  "        <p>Second <strong>section</strong> text.</p>\n"
  "      </section>\n"
  "    </section>\n"
  "  </body>\n"
  "</text>\n";

static void
test_renderer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScText) text = sc_text_read_memory (native_sample, sizeof native_sample - 1, "sample.xml", &error);
  g_autoptr(GtkTextBuffer) buf = gtk_text_buffer_new (NULL);
  g_autoptr(ScTextRendering) rendering = NULL;
  g_autofree char *all = NULL;
  g_autofree char *body = NULL;
  const ScTextAnchor *anchor;
  ScTextSection *one;
  GListModel *sections;
  int note, offset;

  g_assert_no_error (error);
  rendering = sc_text_render (buf, text);
  all = buffer_text (buf);
  g_assert_cmpstr (sc_text_rendering_get_text (rendering), ==, all);

  /* The note is a number in the text, its words only in a popover. */
  g_assert_nonnull (strstr (all, "with a note1 and a term."));
  g_assert_null (strstr (all, "The note's text."));
  note = find_offset (buf, "note1") + 4;
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_NOTE_MARK, note, note + 1));
  anchor = sc_text_rendering_anchor_at (rendering, note);
  g_assert_nonnull (anchor);
  g_assert_cmpint (anchor->kind, ==, SC_SPAN_NOTE_MARK);
  g_assert_cmpuint (anchor->number, ==, 1);
  g_assert_cmpstr (sc_text_rendering_get_note (rendering, anchor->target), ==, "The note's text.");
  anchor = sc_text_rendering_anchor_at (rendering, find_offset (buf, "term."));
  g_assert_cmpint (anchor->kind, ==, SC_SPAN_TERM);
  g_assert_cmpstr (anchor->target, ==, "wages");
  g_assert_null (sc_text_rendering_anchor_at (rendering, find_offset (buf, "First")));

  /* Blocks and inline spans. */
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_EMPHASIS, find_offset (buf, "words"), find_offset (buf, "words") + 5));
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_QUOTE, find_offset (buf, "A quoted"), find_offset (buf, "A quoted") + 8));
  g_assert_nonnull (strstr (all, "•\tBread\n•\tRoses\n"));
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_LIST_ITEM, find_offset (buf, "Bread"), find_offset (buf, "Bread") + 5));
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_TIGHT_AFTER, find_offset (buf, "Bread"), find_offset (buf, "Bread") + 5));
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_SPACE_AFTER, find_offset (buf, "Roses"), find_offset (buf, "Roses") + 5));
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_HEADING_2, find_offset (buf, "Two"), find_offset (buf, "Two") + 3));
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_STRONG, find_offset (buf, "section text"), find_offset (buf, "section text") + 7));
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_BYLINE, find_offset (buf, "A. Writer · 1999"), find_offset (buf, "A. Writer · 1999") + 5));

  /* Sections, in order, with their depth. */
  sections = sc_text_rendering_get_sections (rendering);
  g_assert_cmpuint (g_list_model_get_n_items (sections), ==, 2);
  one = sc_text_rendering_find_section (rendering, "one");
  g_assert_cmpuint (sc_text_section_get_depth (sc_text_rendering_find_section (rendering, "two")), ==, 1);
  g_assert_cmpint (sc_text_section_get_offset (one), ==, find_offset (buf, "One\n"));
  g_assert_true (sc_text_rendering_section_at (rendering, find_offset (buf, "Roses")) == one);
  g_assert_null (sc_text_rendering_section_at (rendering, 0));

  /* Buffer offsets map to the section's own text and back: every character
   * of the source is where sc_section_body() has it. */
  body = sc_section_body (g_ptr_array_index (text->sections, 0));
  for (offset = sc_text_section_get_offset (one); offset < find_offset (buf, "Two\n"); offset++)
    {
      ScTextSection *section = NULL;
      guint body_offset = 0;
      GtkTextIter iter;

      g_assert_true (sc_text_rendering_to_body (rendering, offset, &section, &body_offset));
      g_assert_true (section == one);
      g_assert_cmpuint (body_offset, <=, g_utf8_strlen (body, -1));
      gtk_text_buffer_get_iter_at_offset (buf, &iter, offset);
      /* Characters of the source (not bullets, numbers, headings) match. */
      if (sc_text_rendering_from_body (rendering, "one", body_offset) == offset &&
          body_offset < g_utf8_strlen (body, -1))
        g_assert_cmpuint (gtk_text_iter_get_char (&iter), ==,
                          g_utf8_get_char (g_utf8_offset_to_pointer (body, body_offset)));
    }
  offset = find_offset (buf, "Roses");
  {
    guint body_offset;

    sc_text_rendering_to_body (rendering, offset, NULL, &body_offset);
    g_assert_true (g_str_has_prefix (g_utf8_offset_to_pointer (body, body_offset), "Roses"));
    g_assert_cmpint (sc_text_rendering_from_body (rendering, "one", body_offset), ==, offset);
  }
  g_assert_cmpint (sc_text_rendering_from_body (rendering, "gone", 0), ==, -1);

  /* Whole words for search terms, any stretch for find, both without case. */
  {
    g_autoptr(GPtrArray) terms = g_ptr_array_new ();
    g_autoptr(GArray) words = NULL;
    g_autoptr(GArray) found = NULL;

    g_ptr_array_add (terms, (gpointer) "section");
    words = sc_text_rendering_match_words (rendering, terms, FALSE);
    g_assert_cmpuint (words->len, ==, 1);
    g_clear_pointer (&words, g_array_unref);
    words = sc_text_rendering_match_words (rendering, terms, TRUE);
    g_assert_cmpuint (words->len, ==, 1);
    found = sc_text_rendering_find (rendering, "O");
    g_assert_cmpuint (found->len, ==, count_occurrences (buf, "o", FALSE));
  }
}

static const char tei_sample[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc>\n"
  "<titleStmt><title>Play</title></titleStmt><publicationStmt><idno type=\"TCP\">P1</idno></publicationStmt>\n"
  "<sourceDesc><bibl>x</bibl></sourceDesc></fileDesc></teiHeader>\n"
  "<text><body><div type=\"act\"><head>Act</head>\n"
  "<sp><speaker>Anna</speaker><p>We shall<note place=\"foot\">Said loud.</note> win.</p></sp>\n"
  "<lg><l>Bread for all,</l><l>and roses too.</l></lg>\n"
  "<div><p>An untitled part that goes on for a good many words here.</p></div>\n"
  "</div></body></text></TEI>\n";

static void
test_renderer_tei (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScText) text = sc_text_read_memory (tei_sample, sizeof tei_sample - 1, "play.xml", &error);
  g_autoptr(GtkTextBuffer) buf = gtk_text_buffer_new (NULL);
  g_autoptr(ScTextRendering) rendering = NULL;
  g_autofree char *all = NULL;
  g_autoptr(ScTextSection) untitled = NULL;
  int speaker;

  g_assert_no_error (error);
  rendering = sc_text_render (buf, text);
  all = buffer_text (buf);

  /* The speaker in bold before the speech; the note a number. */
  speaker = find_offset (buf, "Anna");
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_SPEAKER, speaker, speaker + 4));
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_SPEECH, speaker, speaker + 10));
  g_assert_nonnull (strstr (all, "We shall1 win."));
  g_assert_null (strstr (all, "Said loud."));

  /* Verse keeps its lines, in one paragraph. */
  g_assert_nonnull (strstr (all, "Bread for all,\u2028and roses too.\n"));
  g_assert_true (has_tag_over (buf, SC_TEXT_TAG_VERSE, find_offset (buf, "Bread"), find_offset (buf, "too.")));

  /* An untitled section is named by its first words. */
  untitled = g_list_model_get_item (sc_text_rendering_get_sections (rendering), 1);
  g_assert_cmpstr (sc_text_section_get_title (untitled), ==, "An untitled part that goes on for a…");
}

/* Screenshots of the bundled library, for a person to look at -------------- */

static void
save_shot (Reader     *reader,
           const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  sc_gui_spin (400);
  sc_gui_screenshot (GTK_WIDGET (reader->window), path);
  g_test_message ("screenshot: %s", path);
}

/* The whole screen, popovers and all, when ImageMagick's import is there. */
static void
save_screen (const char *dir,
             const char *name)
{
  g_autofree char *import = g_find_program_in_path ("import");
  g_autofree char *path = g_build_filename (dir, name, NULL);
  const char *argv[] = { import, "-window", "root", path, NULL };

  if (import == NULL)
    return;
  sc_gui_spin (400);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, NULL, NULL);
  g_test_message ("screenshot: %s", path);
}

static void
test_screenshots (void)
{
  const char *dir = g_getenv ("SC_SCREENSHOT_DIR");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *index_path = NULL;
  g_autoptr(ScCatalog) catalog = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  Reader reader;

  if (dir == NULL)
    {
      g_test_skip ("set SC_SCREENSHOT_DIR to take screenshots of the bundled library");
      return;
    }
  /* The application's style sheet, as AdwApplication loads it. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/studycircle/StudyCircle/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  g_setenv ("STUDYCIRCLE_DATADIR", bundled_datadir, TRUE);
  tmp = g_dir_make_tmp ("sc-reader-shots-XXXXXX", &error);
  g_assert_no_error (error);
  index_path = g_build_filename (tmp, "index.db", NULL);
  catalog = sc_catalog_new (index_path, NULL);
  sc_catalog_refresh (catalog);
  SC_GUI_WAIT_UNTIL (!sc_catalog_get_indexing (catalog), 60);

  for (guint dark = 0; dark < 2; dark++)
    {
      const char *scheme = dark ? "dark" : "light";
      g_autofree char *name = NULL;
      int term;

      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      reader_init (&reader, catalog, 1100, 760);
      reader_open (&reader, "how-capitalism-works", NULL, NULL);
      name = g_strdup_printf ("reader-start-%s.png", scheme);
      save_shot (&reader, dir, name);

      reader_open (&reader, "how-capitalism-works", "surplus-value-explained", "surplus value");
      adw_flap_set_reveal_flap (ADW_FLAP (child (&reader, "flap")), TRUE);
      g_free (name);
      name = g_strdup_printf ("reader-search-%s.png", scheme);
      save_shot (&reader, dir, name);
      adw_flap_set_reveal_flap (ADW_FLAP (child (&reader, "flap")), FALSE);

      /* A glossary term's popover (its own surface: a picture of its own). */
      term = find_offset (buffer (&reader), "That extra is surplus value") + 16;
      /* On screen first: find it. */
      gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.find", NULL);
      gtk_editable_set_text (GTK_EDITABLE (child (&reader, "find_entry")), "That extra is surplus value");
      sc_gui_spin (400);
      gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (child (&reader, "search_bar")), FALSE);
      sc_gui_spin (300);
      {
        GdkRectangle visible, location;
        GtkTextIter iter;

        gtk_text_view_get_visible_rect (text_view (&reader), &visible);
        gtk_text_buffer_get_iter_at_offset (buffer (&reader), &iter, term);
        gtk_text_view_get_iter_location (text_view (&reader), &iter, &location);
        g_test_message ("term at %d: y %d visible %d+%d", term, location.y, visible.y, visible.height);
      }
      if (click_until_popover_says (&reader, term, "value"))
        {
          g_autofree char *path = NULL;

          sc_gui_spin (500);
          g_free (name);
          name = g_strdup_printf ("reader-term-popover-%s.png", scheme);
          path = g_build_filename (dir, name, NULL);
          sc_gui_screenshot (GTK_WIDGET (info_popover (&reader)), path);
          g_free (name);
          name = g_strdup_printf ("reader-term-screen-%s.png", scheme);
          save_screen (dir, name);
          gtk_popover_popdown (info_popover (&reader));
        }

      /* A highlight with its note, and the sidebar's list of them. */
      {
        GtkTextBuffer *buf = buffer (&reader);
        int from = find_offset (buf, "That extra is surplus value");
        GtkTextIter start, end;

        gtk_text_buffer_get_iter_at_offset (buf, &start, from);
        gtk_text_buffer_get_iter_at_offset (buf, &end, from + 27);
        gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.add-bookmark", NULL);
        gtk_stack_set_visible_child_name (GTK_STACK (child (&reader, "sidebar_stack")), "highlights");
        sc_gui_spin (300);
        gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.find", NULL);
        gtk_editable_set_text (GTK_EDITABLE (child (&reader, "find_entry")), "That extra is surplus value");
        sc_gui_spin (400);
        gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (child (&reader, "search_bar")), FALSE);
        sc_gui_spin (300);
        gtk_text_buffer_select_range (buf, &start, &end);
        gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.highlight", NULL);
        g_free (name);
        name = g_strdup_printf ("reader-highlight-screen-%s.png", scheme);
        save_screen (dir, name);
        gtk_popover_popdown (info_popover (&reader));
        adw_flap_set_reveal_flap (ADW_FLAP (child (&reader, "flap")), FALSE);
      }

      /* The menu: text size and line width. */
      gtk_menu_button_popup (GTK_MENU_BUTTON (sc_gui_find (GTK_WIDGET (reader.page), GTK_TYPE_MENU_BUTTON, NULL)));
      g_free (name);
      name = g_strdup_printf ("reader-menu-screen-%s.png", scheme);
      save_screen (dir, name);
      gtk_menu_button_popdown (GTK_MENU_BUTTON (sc_gui_find (GTK_WIDGET (reader.page), GTK_TYPE_MENU_BUTTON, NULL)));

      gtk_widget_activate_action (GTK_WIDGET (reader.page), "reader.find", NULL);
      gtk_editable_set_text (GTK_EDITABLE (child (&reader, "find_entry")), "worker");
      sc_gui_spin (300);
      g_free (name);
      name = g_strdup_printf ("reader-find-%s.png", scheme);
      save_shot (&reader, dir, name);
      reader_clear (&reader);
    }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  g_clear_object (&catalog);
  sc_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Study data goes to a folder of the test's own, before GLib reads
   * XDG_DATA_HOME (once, on first use). */
  data_home = g_dir_make_tmp ("sc-gui-reader-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  bundled_datadir = g_strdup (g_getenv ("STUDYCIRCLE_DATADIR"));

  if (!sc_gui_init (&argc, &argv))
    {
      sc_test_remove_tree (data_home);
      return 0;
    }

  g_test_add_func ("/reader/renderer", test_renderer);
  g_test_add_func ("/reader/renderer-tei", test_renderer_tei);
  g_test_add ("/reader/open-at-section", ScGuiFixture, NULL, sc_gui_fixture_setup, test_open_at_section, sc_gui_fixture_teardown);
  g_test_add ("/reader/missing-text", ScGuiFixture, NULL, sc_gui_fixture_setup, test_missing_text, sc_gui_fixture_teardown);
  g_test_add ("/reader/find", ScGuiFixture, NULL, sc_gui_fixture_setup, test_find, sc_gui_fixture_teardown);
  g_test_add ("/reader/tei", ScGuiFixture, NULL, sc_gui_fixture_setup, test_tei, sc_gui_fixture_teardown);
  g_test_add ("/reader/glossary-term", ScGuiFixture, NULL, sc_gui_fixture_setup, test_glossary_term, sc_gui_fixture_teardown);
  g_test_add ("/reader/position", ScGuiFixture, NULL, sc_gui_fixture_setup, test_position, sc_gui_fixture_teardown);
  g_test_add ("/reader/bookmarks-and-highlights", ScGuiFixture, NULL, sc_gui_fixture_setup, test_bookmarks_and_highlights, sc_gui_fixture_teardown);
  g_test_add ("/reader/font-and-width", ScGuiFixture, NULL, sc_gui_fixture_setup, test_font_and_width, sc_gui_fixture_teardown);
  g_test_add_func ("/reader/screenshots", test_screenshots);
  status = g_test_run ();

  sc_test_remove_tree (data_home);
  g_free (data_home);
  g_free (bundled_datadir);
  return status;
}
