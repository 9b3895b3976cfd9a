/* sc-group-grid.c: the members × sessions grid of a study group
 *
 * A row per member, a column per session. Each cell has two parts: how
 * many of the session's readings the member has done ("1/3", "✓"), which
 * opens a popover to tick them, and their attendance, which steps through
 * present, absent, excused and not recorded at each click. The grid writes
 * nothing itself: it says what was asked ("reading-toggled",
 * "attendance-activated") and the page writes the store and hands it the
 * new view, which updates the cells in place.
 *
 * The cells stay built in code, not from a .ui template: the grid's shape
 * (members × sessions) is only known from the data, and the cells are
 * updated in place as the view changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-group-grid.h"

typedef struct {
  ScGroupGrid *grid;
  guint        member;              /* index in the view's members */
  guint        session;             /* 1-based */
  GtkWidget   *box;
  GtkWidget   *reading_button;      /* GtkMenuButton */
  GtkWidget   *reading_label;
  GtkWidget   *attendance_button;
  GtkWidget   *attendance_image;
} Cell;

struct _ScGroupGrid {
  GtkWidget    parent_instance;

  ScGroupView *view;
  GtkWidget   *grid;                /* GtkGrid */
  GPtrArray   *cells;               /* Cell, row by row */
  GPtrArray   *name_labels;         /* GtkLabel per member */
  GPtrArray   *session_labels;      /* GtkLabel per session */
};

G_DEFINE_FINAL_TYPE (ScGroupGrid, sc_group_grid, GTK_TYPE_WIDGET)

enum {
  READING_TOGGLED,
  ATTENDANCE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const attendance_classes[] = {
  "attendance-unknown", "attendance-present", "attendance-absent", "attendance-excused",
};

static const char *
attendance_icon (ScAttendance attendance)
{
  switch (attendance)
    {
    case SC_ATTENDANCE_PRESENT:
      return "object-select-symbolic";
    case SC_ATTENDANCE_ABSENT:
      return "window-close-symbolic";
    case SC_ATTENDANCE_EXCUSED:
      return "action-unavailable-symbolic";
    case SC_ATTENDANCE_UNKNOWN:
    default:
      return "radio-symbolic";
    }
}

static ScGroupViewMember *
cell_member (Cell *cell)
{
  return g_ptr_array_index (cell->grid->view->members, cell->member);
}

/* The popover of a cell's readings ---------------------------------------- */

static void
on_reading_check_toggled_cb (GtkCheckButton *check,
                             Cell           *cell)
{
  ScGroupGrid *self = cell->grid;
  g_autofree char *member_id = g_strdup (cell_member (cell)->member_id);
  const char *key = g_object_get_data (G_OBJECT (check), "reading-key");

  /* "Reading" (half done) becomes done or not started with a click. */
  gtk_check_button_set_inconsistent (check, FALSE);
  g_signal_emit (self, signals[READING_TOGGLED], 0, member_id, key, gtk_check_button_get_active (check));
}

static GtkWidget *
reading_check_new (Cell               *cell,
                   ScGroupViewReading *reading)
{
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (reading->title);
  g_autoptr(GString) details = g_string_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 36);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (box), title);

  if (reading->minutes > 0)
    /* Translators: reading time, short */
    g_string_append_printf (details, _("%u min"), reading->minutes);
  if (reading->member_name != NULL)
    {
      if (details->len > 0)
        g_string_append (details, " · ");
      /* Translators: a reading assigned to one member only */
      g_string_append_printf (details, _("for %s only"), reading->member_name);
    }
  if (reading->text_id != NULL && !reading->in_library)
    {
      if (details->len > 0)
        g_string_append (details, " · ");
      g_string_append (details, _("not in this library"));
    }
  if (details->len > 0)
    {
      GtkWidget *label = gtk_label_new (details->str);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }

  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), box);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), reading->status == SC_READING_DONE);
  gtk_check_button_set_inconsistent (GTK_CHECK_BUTTON (check), reading->status == SC_READING_READING);
  g_object_set_data_full (G_OBJECT (check), "reading-key", g_strdup (reading->key), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, reading->title, -1);
  g_signal_connect (check, "toggled", G_CALLBACK (on_reading_check_toggled_cb), cell);
  return check;
}

/* Built each time it opens, from the view shown then. */
static void
create_readings_popover_cb (GtkMenuButton *button,
                            gpointer       user_data)
{
  Cell *cell = user_data;
  ScGroupViewMember *member = cell_member (cell);
  const ScGroupViewSession *session = sc_group_view_get_session (cell->grid->view, cell->session);
  g_autoptr(GPtrArray) readings = sc_group_view_member_readings (cell->grid->view, member->member_id,
                                                                 cell->session);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *heading = g_strdup_printf ("%s · %s", member->name,
                                              session != NULL ? session->heading : "");
  GtkWidget *label = gtk_label_new (heading);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  for (guint i = 0; i < readings->len; i++)
    gtk_box_append (GTK_BOX (box), reading_check_new (cell, g_ptr_array_index (readings, i)));
  if (readings->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("Nothing to read for this session"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (GTK_BOX (box), none);
    }

  gtk_widget_add_css_class (popover, "grid-readings-popover");
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (button, popover);
}

/* Cells --------------------------------------------------------------------- */

static void
on_attendance_clicked_cb (GtkButton *button,
                          Cell      *cell)
{
  g_autofree char *member_id = g_strdup (cell_member (cell)->member_id);

  g_signal_emit (cell->grid, signals[ATTENDANCE_ACTIVATED], 0, member_id, cell->session);
}

/* Shows what the view says of the cell. */
static void
cell_update (Cell *cell)
{
  ScGroupView *view = cell->grid->view;
  ScGroupViewMember *member = cell_member (cell);
  ScGroupViewCell *data = &member->cells[cell->session - 1];
  const ScGroupViewSession *session = sc_group_view_get_session (view, cell->session);
  const char *attendance = sc_group_view_attendance_label (data->attendance);
  g_autofree char *reading_a11y = NULL;
  g_autofree char *attendance_a11y = NULL;
  g_autofree char *attendance_tip = NULL;

  gtk_label_set_text (GTK_LABEL (cell->reading_label), data->reading_label);
  gtk_widget_set_sensitive (cell->reading_button, data->assigned > 0);
  if (data->assigned > 0 && data->done >= data->assigned)
    gtk_widget_add_css_class (cell->reading_button, "reading-done");
  else
    gtk_widget_remove_css_class (cell->reading_button, "reading-done");

  if (data->assigned == 0)
    /* Translators: a grid cell, for screen readers: member, session */
    reading_a11y = g_strdup_printf (_("%s, session %u: nothing to read"), member->name, cell->session);
  else
    /* Translators: a grid cell, for screen readers: member, session, done, due */
    reading_a11y = g_strdup_printf (_("%s, session %u: %u of %u readings done"), member->name,
                                    cell->session, data->done, data->assigned);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell->reading_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, reading_a11y, -1);
  gtk_widget_set_tooltip_text (cell->reading_button, data->assigned > 0 ? _("Tick the readings done") : NULL);

  gtk_image_set_from_icon_name (GTK_IMAGE (cell->attendance_image), attendance_icon (data->attendance));
  for (guint i = 0; i < G_N_ELEMENTS (attendance_classes); i++)
    gtk_widget_remove_css_class (cell->attendance_button, attendance_classes[i]);
  gtk_widget_add_css_class (cell->attendance_button, attendance_classes[data->attendance]);
  /* Translators: a grid cell, for screen readers: member, session, attendance */
  attendance_a11y = g_strdup_printf (_("%s, session %u attendance: %s"), member->name, cell->session, attendance);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell->attendance_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, attendance_a11y, -1);
  /* Translators: tooltip of a grid cell's attendance: what it is now */
  attendance_tip = g_strdup_printf (_("%s — click to change"), attendance);
  gtk_widget_set_tooltip_text (cell->attendance_button, attendance_tip);

  if (session != NULL && session->is_next)
    gtk_widget_add_css_class (cell->box, "next-session");
  else
    gtk_widget_remove_css_class (cell->box, "next-session");
}

static Cell *
cell_new (ScGroupGrid *self,
          guint        member,
          guint        session)
{
  Cell *cell = g_new0 (Cell, 1);

  cell->grid = self;
  cell->member = member;
  cell->session = session;

  cell->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (cell->box, "grid-cell");
  gtk_widget_add_css_class (cell->box, "linked");

  cell->reading_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (cell->reading_label, "numeric");
  gtk_label_set_width_chars (GTK_LABEL (cell->reading_label), 3);
  cell->reading_button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (cell->reading_button), cell->reading_label);
  gtk_widget_add_css_class (cell->reading_button, "grid-reading");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (cell->reading_button),
                                         create_readings_popover_cb, cell, NULL);
  gtk_box_append (GTK_BOX (cell->box), cell->reading_button);

  cell->attendance_image = gtk_image_new ();
  cell->attendance_button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (cell->attendance_button), cell->attendance_image);
  gtk_widget_add_css_class (cell->attendance_button, "grid-attendance");
  g_signal_connect (cell->attendance_button, "clicked", G_CALLBACK (on_attendance_clicked_cb), cell);
  gtk_box_append (GTK_BOX (cell->box), cell->attendance_button);

  return cell;
}

/* The whole grid ------------------------------------------------------------ */

static void
clear_grid (ScGroupGrid *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);
  g_ptr_array_set_size (self->cells, 0);
  g_ptr_array_set_size (self->name_labels, 0);
  g_ptr_array_set_size (self->session_labels, 0);
}

static void
update_headers (ScGroupGrid *self)
{
  for (guint s = 0; s < self->session_labels->len; s++)
    {
      GtkWidget *label = g_ptr_array_index (self->session_labels, s);
      const ScGroupViewSession *session = sc_group_view_get_session (self->view, s + 1);
      g_autofree char *tip = g_strdup_printf ("%s\n%s", session->heading, session->date_label);

      gtk_widget_set_tooltip_text (label, tip);
      if (session->is_next)
        gtk_widget_add_css_class (label, "next-session");
      else
        gtk_widget_remove_css_class (label, "next-session");
      if (session->is_past)
        gtk_widget_add_css_class (label, "dim-label");
      else
        gtk_widget_remove_css_class (label, "dim-label");
    }

  for (guint m = 0; m < self->name_labels->len; m++)
    {
      ScGroupViewMember *member = g_ptr_array_index (self->view->members, m);
      GtkLabel *label = g_ptr_array_index (self->name_labels, m);
      /* Translators: the person at this computer, in the grid */
      g_autofree char *text = member->is_me ? g_strdup_printf (_("%s (you)"), member->name)
                                            : g_strdup (member->name);

      gtk_label_set_text (label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), member->name);
    }
}

static void
build_grid (ScGroupGrid *self)
{
  GtkWidget *corner = gtk_label_new (_("Session"));

  clear_grid (self);
  gtk_widget_add_css_class (corner, "caption");
  gtk_widget_add_css_class (corner, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (corner), 0);
  gtk_grid_attach (GTK_GRID (self->grid), corner, 0, 0, 1, 1);

  for (guint s = 1; s <= self->view->n_sessions; s++)
    {
      g_autofree char *number = g_strdup_printf ("%u", s);
      GtkWidget *label = gtk_label_new (number);

      gtk_widget_add_css_class (label, "grid-session");
      gtk_widget_add_css_class (label, "numeric");
      gtk_grid_attach (GTK_GRID (self->grid), label, s, 0, 1, 1);
      g_ptr_array_add (self->session_labels, label);
    }

  for (guint m = 0; m < self->view->members->len; m++)
    {
      GtkWidget *name = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 16);
      gtk_label_set_width_chars (GTK_LABEL (name), 8);
      gtk_widget_add_css_class (name, "grid-member");
      gtk_grid_attach (GTK_GRID (self->grid), name, 0, m + 1, 1, 1);
      g_ptr_array_add (self->name_labels, name);

      for (guint s = 1; s <= self->view->n_sessions; s++)
        {
          Cell *cell = cell_new (self, m, s);

          gtk_grid_attach (GTK_GRID (self->grid), cell->box, s, m + 1, 1, 1);
          g_ptr_array_add (self->cells, cell);
        }
    }
}

static gboolean
same_shape (ScGroupView *a,
            ScGroupView *b)
{
  if (a == NULL || b == NULL || a->n_sessions != b->n_sessions || a->members->len != b->members->len)
    return FALSE;

  for (guint m = 0; m < a->members->len; m++)
    if (g_strcmp0 (((ScGroupViewMember *) g_ptr_array_index (a->members, m))->member_id,
                   ((ScGroupViewMember *) g_ptr_array_index (b->members, m))->member_id) != 0)
      return FALSE;
  return TRUE;
}

void
sc_group_grid_set_view (ScGroupGrid *self,
                        ScGroupView *view)
{
  gboolean rebuild;

  g_return_if_fail (SC_IS_GROUP_GRID (self));

  rebuild = !same_shape (self->view, view);
  if (view != NULL)
    sc_group_view_ref (view);
  g_clear_pointer (&self->view, sc_group_view_unref);
  self->view = view;

  if (view == NULL)
    {
      clear_grid (self);
      return;
    }
  if (rebuild)
    build_grid (self);

  update_headers (self);
  for (guint i = 0; i < self->cells->len; i++)
    cell_update (g_ptr_array_index (self->cells, i));
}

static Cell *
find_cell (ScGroupGrid *self,
           const char  *member_id,
           guint        session)
{
  guint member;

  if (self->view == NULL || session == 0 || session > self->view->n_sessions ||
      sc_group_view_find_member (self->view, member_id, &member) == NULL)
    return NULL;

  return g_ptr_array_index (self->cells, member * self->view->n_sessions + (session - 1));
}

GtkWidget *
sc_group_grid_get_reading_button (ScGroupGrid *self,
                                  const char  *member_id,
                                  guint        session)
{
  Cell *cell;

  g_return_val_if_fail (SC_IS_GROUP_GRID (self), NULL);

  cell = find_cell (self, member_id, session);
  return cell != NULL ? cell->reading_button : NULL;
}

GtkWidget *
sc_group_grid_get_attendance_button (ScGroupGrid *self,
                                     const char  *member_id,
                                     guint        session)
{
  Cell *cell;

  g_return_val_if_fail (SC_IS_GROUP_GRID (self), NULL);

  cell = find_cell (self, member_id, session);
  return cell != NULL ? cell->attendance_button : NULL;
}

static void
sc_group_grid_dispose (GObject *object)
{
  ScGroupGrid *self = SC_GROUP_GRID (object);

  /* The cells' widgets go with the grid; the cells themselves after. */
  g_clear_pointer (&self->grid, gtk_widget_unparent);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_pointer (&self->name_labels, g_ptr_array_unref);
  g_clear_pointer (&self->session_labels, g_ptr_array_unref);
  g_clear_pointer (&self->view, sc_group_view_unref);
  G_OBJECT_CLASS (sc_group_grid_parent_class)->dispose (object);
}

static void
sc_group_grid_class_init (ScGroupGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_group_grid_dispose;

  /**
   * ScGroupGrid::reading-toggled:
   * @member_id: whose reading
   * @reading_key: the reading (ScStudyReading.key)
   * @done: ticked (done) or not (not started)
   */
  signals[READING_TOGGLED] =
    g_signal_new ("reading-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /**
   * ScGroupGrid::attendance-activated:
   * @member_id: whose attendance
   * @session: at which session (1-based)
   */
  signals[ATTENDANCE_ACTIVATED] =
    g_signal_new ("attendance-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "groupgrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sc_group_grid_init (ScGroupGrid *self)
{
  self->cells = g_ptr_array_new_with_free_func (g_free);
  self->name_labels = g_ptr_array_new ();
  self->session_labels = g_ptr_array_new ();

  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 6);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 6);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Readings and attendance of each member at each session"), -1);
}

GtkWidget *
sc_group_grid_new (void)
{
  return g_object_new (SC_TYPE_GROUP_GRID, NULL);
}
