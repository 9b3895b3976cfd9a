/* sc-search-filters.h: the search page's filters popover
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sc-catalog.h"

G_BEGIN_DECLS

#define SC_TYPE_SEARCH_FILTERS (sc_search_filters_get_type ())
G_DECLARE_FINAL_TYPE (ScSearchFilters, sc_search_filters, SC, SEARCH_FILTERS, GtkPopover)

typedef enum {
  SC_SEARCH_FILTER_LANGUAGE,
  SC_SEARCH_FILTER_LEVEL,
  SC_SEARCH_FILTER_TOPIC,
  SC_SEARCH_FILTER_AUTHOR,
  SC_SEARCH_N_FILTERS
} ScSearchFilter;

/* The library whose languages, topics and authors are offered (of its
 * documents of @kind, NULL: all), listed again after each refresh. */
void        sc_search_filters_set_catalog (ScSearchFilters  *self,
                                           ScCatalog        *catalog,
                                           const char       *kind);
/* "es", "introductory", a topic, an author; NULL for any. */
const char *sc_search_filters_get_value   (ScSearchFilters  *self,
                                           ScSearchFilter    filter);
/* What the value reads as ("Spanish"); NULL for any. */
const char *sc_search_filters_get_label   (ScSearchFilters  *self,
                                           ScSearchFilter    filter);
/* FALSE when @value is not offered (yet: the library is listed in the
 * background). NULL: any. */
gboolean    sc_search_filters_set_value   (ScSearchFilters  *self,
                                           ScSearchFilter    filter,
                                           const char       *value);
gboolean    sc_search_filters_is_active   (ScSearchFilters  *self);
/* Every filter back to any, with one "changed". */
void        sc_search_filters_clear       (ScSearchFilters  *self);
/* Sets the filter fields of @options; the strings belong to @self and stay
 * valid until the filters change. */
void        sc_search_filters_apply       (ScSearchFilters  *self,
                                           ScSearchOptions  *options);

G_END_DECLS
