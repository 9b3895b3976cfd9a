/* sc-bar-chart.h: a bar per session, how much of its reading is done
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SC_TYPE_BAR_CHART (sc_bar_chart_get_type ())
G_DECLARE_FINAL_TYPE (ScBarChart, sc_bar_chart, SC, BAR_CHART, GtkWidget)

/* One bar, as the chart copies it. */
typedef struct {
  const char *label;        /* under the bar: "2" */
  const char *value_label;  /* over the bar: "25%" */
  const char *description;  /* its tooltip, and what a screen reader says */
  double      value;        /* 0 … 1 */
  gboolean    highlight;    /* the next meeting: full accent, bold label */
  gboolean    past;
} ScBarChartBar;

GtkWidget  *sc_bar_chart_new             (void);
/* Copies @bars. */
void        sc_bar_chart_set_bars        (ScBarChart          *self,
                                          const ScBarChartBar *bars,
                                          guint                n_bars);
guint       sc_bar_chart_get_n_bars      (ScBarChart          *self);
double      sc_bar_chart_get_value       (ScBarChart          *self,
                                          guint                index);
const char *sc_bar_chart_get_value_label (ScBarChart          *self,
                                          guint                index);

G_END_DECLS
