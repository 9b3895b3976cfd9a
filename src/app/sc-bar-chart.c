/* sc-bar-chart.c: a bar per session, how much of its reading is done
 *
 * Drawn with GtkSnapshot in the theme's colors (the accent for the bars,
 * the text color for the labels and the empty tracks), so it follows light
 * and dark styles and high contrast. Each bar stands on a faint track of
 * full height: an empty session reads as "nothing yet", not as missing.
 * The next meeting's bar is the strongest; the bars of meetings ahead are
 * faint, those of meetings past in between.
 *
 * A drawing widget, so it has no .ui template: there are no child widgets
 * to describe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-bar-chart.h"

#define BAR_MAX_WIDTH   40.0f
#define BAR_MIN_WIDTH   8.0f
#define SLOT_MIN_WIDTH  22
#define SLOT_NAT_WIDTH  48
#define LABEL_GAP       4.0f
#define CORNER          4.0f

typedef struct {
  char     *label;
  char     *value_label;
  char     *description;
  double    value;
  gboolean  highlight;
  gboolean  past;
} Bar;

struct _ScBarChart {
  GtkWidget  parent_instance;

  GArray    *bars;   /* Bar */
};

G_DEFINE_FINAL_TYPE (ScBarChart, sc_bar_chart, GTK_TYPE_WIDGET)

static void
bar_clear (Bar *bar)
{
  g_free (bar->label);
  g_free (bar->value_label);
  g_free (bar->description);
}

static PangoLayout *
small_layout (GtkWidget  *widget,
              const char *text,
              gboolean    bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

static int
label_height (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = small_layout (widget, "0%", TRUE);
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

/* The theme's colors: GTK 4.8 has no gtk_widget_get_color(). */
static void
theme_colors (GtkWidget *widget,
              GdkRGBA   *fg,
              GdkRGBA   *accent)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (context, fg);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", accent))
    *accent = (GdkRGBA) { 0.21f, 0.52f, 0.89f, 1.0f };
}

static void
append_rounded (GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                const GdkRGBA         *color)
{
  GskRoundedRect rounded;
  float radius = MIN (CORNER, MIN (rect->size.width, rect->size.height) / 2.0f);

  gsk_rounded_rect_init_from_rect (&rounded, rect, radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, rect);
  gtk_snapshot_pop (snapshot);
}

static void
append_centered_label (GtkWidget     *widget,
                       GtkSnapshot   *snapshot,
                       const char    *text,
                       gboolean       bold,
                       float          center_x,
                       float          top,
                       const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = small_layout (widget, text, bold);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (center_x - width / 2.0f, top));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
sc_bar_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  ScBarChart *self = SC_BAR_CHART (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  float text = label_height (widget);
  float plot_top = text + LABEL_GAP;
  float plot_bottom = height - text - LABEL_GAP;
  float slot, bar_width;
  GdkRGBA fg, accent, track, dim;

  if (self->bars->len == 0 || plot_bottom <= plot_top)
    return;

  theme_colors (widget, &fg, &accent);
  track = fg;
  track.alpha *= 0.08f;
  dim = fg;
  dim.alpha *= 0.6f;

  slot = width / self->bars->len;
  bar_width = CLAMP (slot * 0.6f, BAR_MIN_WIDTH, BAR_MAX_WIDTH);

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);
      float center = slot * i + slot / 2.0f;
      float x = center - bar_width / 2.0f;
      float full = plot_bottom - plot_top;
      float filled = full * (float) CLAMP (bar->value, 0.0, 1.0);
      GdkRGBA fill = accent;

      append_rounded (snapshot, &GRAPHENE_RECT_INIT (x, plot_top, bar_width, full), &track);
      if (!bar->highlight)
        fill.alpha *= bar->past ? 0.7f : 0.4f;
      if (filled >= 1.0f)
        append_rounded (snapshot, &GRAPHENE_RECT_INIT (x, plot_bottom - filled, bar_width, filled), &fill);

      append_centered_label (widget, snapshot, bar->value_label, bar->highlight, center, 0,
                             bar->highlight ? &fg : &dim);
      append_centered_label (widget, snapshot, bar->label, bar->highlight, center,
                             plot_bottom + LABEL_GAP, bar->highlight ? &accent : &dim);
    }
}

static void
sc_bar_chart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  ScBarChart *self = SC_BAR_CHART (widget);
  guint n = MAX (1, self->bars->len);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = n * SLOT_MIN_WIDTH;
      *natural = n * SLOT_NAT_WIDTH;
    }
  else
    {
      int text = label_height (widget);

      *minimum = 2 * (text + (int) LABEL_GAP) + 80;
      *natural = 2 * (text + (int) LABEL_GAP) + 140;
    }
}

/* Each bar says what it stands for. */
static gboolean
sc_bar_chart_query_tooltip (GtkWidget  *widget,
                            int         x,
                            int         y,
                            gboolean    keyboard_mode,
                            GtkTooltip *tooltip)
{
  ScBarChart *self = SC_BAR_CHART (widget);
  int width = gtk_widget_get_width (widget);
  guint index;

  if (self->bars->len == 0 || width <= 0 || x < 0 || x >= width)
    return FALSE;

  index = (guint) x * self->bars->len / (guint) width;
  gtk_tooltip_set_text (tooltip, g_array_index (self->bars, Bar, index).description);
  return TRUE;
}

static void
sc_bar_chart_finalize (GObject *object)
{
  ScBarChart *self = SC_BAR_CHART (object);

  g_clear_pointer (&self->bars, g_array_unref);
  G_OBJECT_CLASS (sc_bar_chart_parent_class)->finalize (object);
}

static void
sc_bar_chart_class_init (ScBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sc_bar_chart_finalize;
  widget_class->snapshot = sc_bar_chart_snapshot;
  widget_class->measure = sc_bar_chart_measure;
  widget_class->query_tooltip = sc_bar_chart_query_tooltip;

  gtk_widget_class_set_css_name (widget_class, "barchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sc_bar_chart_init (ScBarChart *self)
{
  self->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (self->bars, (GDestroyNotify) bar_clear);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
sc_bar_chart_new (void)
{
  return g_object_new (SC_TYPE_BAR_CHART, NULL);
}

void
sc_bar_chart_set_bars (ScBarChart          *self,
                       const ScBarChartBar *bars,
                       guint                n_bars)
{
  g_autoptr(GString) description = g_string_new (NULL);

  g_return_if_fail (SC_IS_BAR_CHART (self));
  g_return_if_fail (bars != NULL || n_bars == 0);

  g_array_set_size (self->bars, 0);
  for (guint i = 0; i < n_bars; i++)
    {
      Bar bar = {
        g_strdup (bars[i].label),
        g_strdup (bars[i].value_label),
        g_strdup (bars[i].description),
        bars[i].value,
        bars[i].highlight,
        bars[i].past,
      };

      g_array_append_val (self->bars, bar);
      if (bars[i].description != NULL)
        g_string_append_printf (description, "%s%s", description->len > 0 ? "; " : "", bars[i].description);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
sc_bar_chart_get_n_bars (ScBarChart *self)
{
  g_return_val_if_fail (SC_IS_BAR_CHART (self), 0);

  return self->bars->len;
}

double
sc_bar_chart_get_value (ScBarChart *self,
                        guint       index)
{
  g_return_val_if_fail (SC_IS_BAR_CHART (self), 0.0);
  g_return_val_if_fail (index < self->bars->len, 0.0);

  return g_array_index (self->bars, Bar, index).value;
}

const char *
sc_bar_chart_get_value_label (ScBarChart *self,
                              guint       index)
{
  g_return_val_if_fail (SC_IS_BAR_CHART (self), NULL);
  g_return_val_if_fail (index < self->bars->len, NULL);

  return g_array_index (self->bars, Bar, index).value_label;
}
