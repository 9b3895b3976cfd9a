/* sc-handout-print.c: a session's handout, drawn for printing or as PDF
 *
 * The handout is laid out as blocks of Pango text, one layout per block,
 * and pages break between lines; a heading never ends a page. The print
 * dialog's "Print to File" makes a PDF, and so does an export without a
 * dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-app-util.h"
#include "sc-group-handout.h"
#include "sc-paths.h"

/* Drawing ------------------------------------------------------------------- */

/* Points, on paper. */
#define FOOTER_HEIGHT 28.0
#define LIST_INDENT   20.0

typedef struct {
  PangoLayout *layout;
  PangoLayout *marker;          /* "1." or "•" before the first line, or NULL */
  double       indent;
  double       space_before;
  double       gray;            /* 0: black */
  gboolean     keep_with_next;  /* a heading */
} Block;

typedef struct {
  const Block *block;
  PangoLayout *layout;
  int          line;
  double       x;
  double       baseline;
} Placed;

typedef struct {
  ScGroupHandout *handout;
  GPtrArray      *blocks;       /* (element-type Block) */
  GPtrArray      *pages;        /* (element-type GArray of Placed) */
} Printer;

static void
block_free (Block *block)
{
  g_clear_object (&block->layout);
  g_clear_object (&block->marker);
  g_free (block);
}

static void
printer_free (Printer *printer)
{
  g_clear_pointer (&printer->handout, sc_group_handout_unref);
  g_clear_pointer (&printer->blocks, g_ptr_array_unref);
  g_clear_pointer (&printer->pages, g_ptr_array_unref);
  g_free (printer);
}

static PangoLayout *
new_layout (GtkPrintContext *context,
            const char      *font,
            const char      *markup,
            double           width)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static Block *
add_block (Printer         *printer,
           GtkPrintContext *context,
           const char      *font,
           double           space_before,
           const char      *format,
           ...) G_GNUC_PRINTF (5, 6);

/* A block of text in @font, its markup from @format with the arguments
 * escaped. */
static Block *
add_block (Printer         *printer,
           GtkPrintContext *context,
           const char      *font,
           double           space_before,
           const char      *format,
           ...)
{
  Block *block = g_new0 (Block, 1);
  g_autofree char *markup = NULL;
  va_list args;

  va_start (args, format);
  markup = g_markup_vprintf_escaped (format, args);
  va_end (args);

  block->layout = new_layout (context, font, markup, gtk_print_context_get_width (context));
  block->space_before = space_before;
  g_ptr_array_add (printer->blocks, block);
  return block;
}

/* Turns @block into a list item: indented, with @marker before it. */
static void
make_item (Block           *block,
           GtkPrintContext *context,
           const char      *font,
           const char      *marker)
{
  block->indent = LIST_INDENT;
  pango_layout_set_width (block->layout, (int) ((gtk_print_context_get_width (context) - LIST_INDENT) * PANGO_SCALE));
  block->marker = new_layout (context, font, marker, LIST_INDENT);
}

static void
add_heading (Printer         *printer,
             GtkPrintContext *context,
             const char      *heading)
{
  Block *block = add_block (printer, context, "Sans Bold 13", 16, "%s", heading);

  block->keep_with_next = TRUE;
}

static void
add_list (Printer         *printer,
          GtkPrintContext *context,
          const char      *heading,
          GPtrArray       *items,
          gboolean         numbered)
{
  if (items->len == 0)
    return;

  add_heading (printer, context, heading);
  for (guint i = 0; i < items->len; i++)
    {
      Block *block = add_block (printer, context, "Sans 11", 5, "%s", (const char *) g_ptr_array_index (items, i));
      g_autofree char *marker = numbered ? g_strdup_printf ("%u.", i + 1) : g_strdup ("•");

      make_item (block, context, "Sans 11", marker);
    }
}

static void
build_blocks (Printer         *printer,
              GtkPrintContext *context)
{
  ScGroupHandout *handout = printer->handout;
  Block *block;

  block = add_block (printer, context, "Sans Bold 10", 0, "%s", handout->group_name);
  block->gray = 0.35;
  add_block (printer, context, "Sans Bold 20", 4, "%s", handout->title);
  block = add_block (printer, context, "Sans 11", 4, "%s", handout->when_where);
  block->gray = 0.35;

  add_list (printer, context, _("Goals"), handout->goals, FALSE);

  add_heading (printer, context, _("Readings"));
  if (handout->readings->len == 0)
    add_block (printer, context, "Sans 11", 5, "%s", _("Nothing to read for this session."));
  for (guint i = 0; i < handout->readings->len; i++)
    {
      const ScHandoutReading *reading = g_ptr_array_index (handout->readings, i);
      g_autoptr(GString) markup = g_string_new (NULL);
      g_autofree char *marker = g_strdup_printf ("%u.", i + 1);
      g_autofree char *title = g_markup_escape_text (reading->title, -1);

      g_string_append_printf (markup, "<b>%s</b>", title);
      if (reading->sections != NULL)
        {
          g_autofree char *sections = g_markup_escape_text (reading->sections, -1);

          g_string_append_printf (markup, "\n%s", sections);
        }
      if (reading->details != NULL && *reading->details != '\0')
        {
          g_autofree char *details = g_markup_escape_text (reading->details, -1);

          g_string_append_printf (markup, "\n<span foreground=\"#595959\">%s</span>", details);
        }
      if (reading->note != NULL)
        {
          g_autofree char *note = g_markup_escape_text (reading->note, -1);

          g_string_append_printf (markup, "\n<i>%s</i>", note);
        }
      block = add_block (printer, context, "Sans 11", 8, "%s", "");
      pango_layout_set_markup (block->layout, markup->str, -1);
      make_item (block, context, "Sans 11", marker);
    }
  if (handout->reading_time != NULL)
    {
      block = add_block (printer, context, "Sans Italic 10", 8, "%s", handout->reading_time);
      block->gray = 0.35;
    }

  add_list (printer, context, _("Discussion questions"), handout->questions, TRUE);

  if (handout->terms->len > 0)
    {
      add_heading (printer, context, _("Key terms"));
      for (guint i = 0; i < handout->terms->len; i++)
        {
          const ScHandoutTerm *term = g_ptr_array_index (handout->terms, i);

          if (term->definition != NULL)
            /* Translators: a key term and its definition on the handout */
            add_block (printer, context, "Sans 11", 5, _("<b>%s</b> — %s"), term->term, term->definition);
          else
            add_block (printer, context, "Sans 11", 5, "<b>%s</b>", term->term);
        }
    }

  add_list (printer, context, _("Activities"), handout->activities, FALSE);
}

typedef struct {
  double top;        /* of the line, from the layout's top */
  double height;
  double baseline;   /* from the line's top */
} LineBox;

static GArray *
line_boxes (PangoLayout *layout)
{
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (LineBox));
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoRectangle logical;
      LineBox box;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      box.top = (double) logical.y / PANGO_SCALE;
      box.height = (double) logical.height / PANGO_SCALE;
      box.baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE - box.top;
      g_array_append_val (boxes, box);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  return boxes;
}

static GArray *
new_page (Printer *printer)
{
  GArray *page = g_array_new (FALSE, FALSE, sizeof (Placed));

  g_ptr_array_add (printer->pages, page);
  return page;
}

/* Lays the blocks out on pages of @height, line by line. */
static void
paginate (Printer *printer,
          double   height)
{
  GArray *page = new_page (printer);
  double y = 0;

  for (guint i = 0; i < printer->blocks->len; i++)
    {
      const Block *block = g_ptr_array_index (printer->blocks, i);
      g_autoptr(GArray) boxes = line_boxes (block->layout);
      double needed = 0;

      /* A heading goes with the first line of what follows it. */
      for (guint j = 0; j < boxes->len; j++)
        needed += g_array_index (boxes, LineBox, j).height;
      if (block->keep_with_next && i + 1 < printer->blocks->len)
        {
          const Block *next = g_ptr_array_index (printer->blocks, i + 1);
          g_autoptr(GArray) next_boxes = line_boxes (next->layout);

          needed += next->space_before + g_array_index (next_boxes, LineBox, 0).height;
        }
      if (y > 0 && y + block->space_before + needed > height && needed <= height)
        {
          page = new_page (printer);
          y = 0;
        }
      if (y > 0)
        y += block->space_before;

      for (guint j = 0; j < boxes->len; j++)
        {
          const LineBox *box = &g_array_index (boxes, LineBox, j);
          Placed placed = { block, block->layout, j, block->indent, 0 };

          if (y > 0 && y + box->height > height)
            {
              page = new_page (printer);
              y = 0;
            }
          placed.baseline = y + box->baseline;
          g_array_append_val (page, placed);
          if (j == 0 && block->marker != NULL)
            {
              Placed marker = { block, block->marker, 0, 0, placed.baseline };

              g_array_append_val (page, marker);
            }
          y += box->height;
        }
    }
}

static void
on_begin_print_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   Printer           *printer)
{
  g_clear_pointer (&printer->blocks, g_ptr_array_unref);
  g_clear_pointer (&printer->pages, g_ptr_array_unref);
  printer->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  printer->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  build_blocks (printer, context);
  paginate (printer, gtk_print_context_get_height (context) - FOOTER_HEIGHT);
  gtk_print_operation_set_n_pages (operation, printer->pages->len);
}

static void
draw_footer (Printer         *printer,
             GtkPrintContext *context,
             int              page_nr)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  g_autofree char *left = g_strdup_printf ("%s · %s", printer->handout->group_name, printer->handout->title);
  /* Translators: page numbers at the foot of the handout */
  g_autofree char *right = g_strdup_printf (_("Page %d of %u"), page_nr + 1, printer->pages->len);
  g_autoptr(PangoLayout) left_layout = new_layout (context, "Sans 8", "", width * 0.7);
  g_autoptr(PangoLayout) right_layout = new_layout (context, "Sans 8", "", width);
  int left_height, right_height;

  pango_layout_set_text (left_layout, left, -1);
  pango_layout_set_ellipsize (left_layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (right_layout, right, -1);
  pango_layout_set_alignment (right_layout, PANGO_ALIGN_RIGHT);
  pango_layout_get_size (left_layout, NULL, &left_height);
  pango_layout_get_size (right_layout, NULL, &right_height);

  cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, 0, height - FOOTER_HEIGHT + 8);
  cairo_line_to (cr, width, height - FOOTER_HEIGHT + 8);
  cairo_stroke (cr);
  cairo_move_to (cr, 0, height - (double) left_height / PANGO_SCALE);
  pango_cairo_show_layout (cr, left_layout);
  cairo_move_to (cr, 0, height - (double) right_height / PANGO_SCALE);
  pango_cairo_show_layout (cr, right_layout);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 Printer           *printer)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  GArray *page;

  if (page_nr < 0 || (guint) page_nr >= printer->pages->len)
    return;

  page = g_ptr_array_index (printer->pages, page_nr);
  for (guint i = 0; i < page->len; i++)
    {
      const Placed *placed = &g_array_index (page, Placed, i);

      cairo_set_source_rgb (cr, placed->block->gray, placed->block->gray, placed->block->gray);
      cairo_move_to (cr, placed->x, placed->baseline);
      pango_cairo_show_layout_line (cr, pango_layout_get_line_readonly (placed->layout, placed->line));
    }
  draw_footer (printer, context, page_nr);
}

GtkPrintOperation *
sc_group_handout_print_operation_new (ScGroupHandout *handout)
{
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autofree char *basename = NULL;
  GtkPrintOperation *operation;
  Printer *printer;

  g_return_val_if_fail (handout != NULL, NULL);

  printer = g_new0 (Printer, 1);
  printer->handout = sc_group_handout_ref (handout);

  /* "Print to File" proposes "Group – Session 1: Title.pdf". */
  settings = gtk_print_settings_new ();
  basename = g_strdelimit (g_strdup_printf ("%s – %s", handout->group_name, handout->title), "/\\", '-');
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_BASENAME, basename);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_job_name (operation, handout->title);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_object_set_data_full (G_OBJECT (operation), "sc-printer", printer, (GDestroyNotify) printer_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print_cb), printer);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), printer);
  return operation;
}

gboolean
sc_group_handout_export_pdf (ScGroupHandout  *handout,
                             const char      *path,
                             GError         **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;

  g_return_val_if_fail (handout != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  operation = sc_group_handout_print_operation_new (handout);
  gtk_print_operation_set_export_filename (operation, path);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

/* group.print-handout ------------------------------------------------------- */

static void
on_print_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  result,
                  ScWindow                *window)
{
  g_autoptr(GError) error = NULL;

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;

  gtk_print_operation_get_error (operation, &error);
  if (error == NULL)
    g_set_error_literal (&error, GTK_PRINT_ERROR, GTK_PRINT_ERROR_GENERAL, _("The printer gave no reason."));
  sc_app_report_error (GTK_WIDGET (window), _("Could not print the handout"), error);
}

static void
on_handout_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(ScWindow) window = user_data;
  g_autoptr(ScGroupHandout) handout = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  handout = sc_group_handout_load_finish (SC_CATALOG (source), result, &error);
  if (handout == NULL)
    {
      sc_app_report_error (GTK_WIDGET (window), _("Could not make the handout"), error);
      return;
    }

  operation = sc_group_handout_print_operation_new (handout);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (on_print_done_cb), window, 0);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (window), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    sc_app_report_error (GTK_WIDGET (window), _("Could not print the handout"), error);
}

void
sc_group_handout_print (ScWindow   *window,
                        const char *group_id,
                        guint       session)
{
  g_autofree char *study_db = sc_paths_study_db ();

  g_return_if_fail (SC_IS_WINDOW (window));
  g_return_if_fail (group_id != NULL);

  sc_group_handout_load_async (sc_window_get_catalog (window), study_db, group_id, session, NULL,
                               on_handout_loaded_cb, g_object_ref (window));
}
