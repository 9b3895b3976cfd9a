/* sc-group-actions.c: the study-group actions of the main window
 *
 * Like GTE's editor-window-actions.c: the window's class_init calls
 * sc_group_actions_install(), and each action opens the dialog that does
 * the work. After a change the groups page is reloaded and a toast says
 * what happened; a failure is always said, in a toast or a dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sc-assign-dialog.h"
#include "sc-group-actions.h"
#include "sc-group-editor.h"
#include "sc-group-exchange.h"
#include "sc-group-handout.h"
#include "sc-groups-page.h"
#include "sc-member-editor.h"
#include "sc-paths.h"
#include "sc-window.h"


ScStudyStore *
sc_group_open_store (const char  *path,
                     gboolean     create,
                     GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (!create && !g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  return sc_study_store_open (path, error);
}

char *
sc_group_name_key (const char *name)
{
  g_autofree char *normal = g_utf8_normalize (name != NULL ? name : "", -1, G_NORMALIZE_DEFAULT_COMPOSE);
  g_autofree char *stripped = g_strstrip (g_strdup (normal != NULL ? normal : ""));

  return g_utf8_casefold (stripped, -1);
}

/* The main window @widget is in, or the one a dialog @widget is in
 * belongs to. */
static ScWindow *
find_window (GtkWidget *widget)
{
  GtkRoot *root = widget != NULL ? gtk_widget_get_root (widget) : NULL;
  GtkWindow *window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;

  while (window != NULL && !SC_IS_WINDOW (window))
    window = gtk_window_get_transient_for (window);
  return window != NULL ? SC_WINDOW (window) : NULL;
}

static ScGroupsPage *
groups_page (ScWindow *window)
{
  GtkWidget *page = window != NULL ? sc_window_get_groups_page (window) : NULL;

  return page != NULL && SC_IS_GROUPS_PAGE (page) ? SC_GROUPS_PAGE (page) : NULL;
}

void
sc_group_actions_reload (GtkWidget *widget)
{
  ScGroupsPage *page = groups_page (find_window (widget));

  if (page != NULL)
    sc_groups_page_reload (page);
}

void
sc_group_actions_notify (GtkWidget  *widget,
                         const char *message)
{
  ScWindow *window = find_window (widget);
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_if_fail (message != NULL);

  if (window != NULL)
    {
      sc_window_add_toast (window, message);
      return;
    }

  root = widget != NULL ? gtk_widget_get_root (widget) : NULL;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
present_over (ScWindow  *window,
              GtkWindow *dialog)
{
  gtk_window_set_transient_for (dialog, GTK_WINDOW (window));
  gtk_window_present (dialog);
}

/* After a dialog saved: the page shows it, the toast says it. */
typedef struct {
  GWeakRef  window;
  char     *message;
} Saved;

static void
saved_free (gpointer  data,
            GClosure *closure)
{
  Saved *saved = data;

  g_weak_ref_clear (&saved->window);
  g_free (saved->message);
  g_free (saved);
}

static void
on_saved_cb (GtkWidget  *dialog,
             const char *id,
             Saved      *saved)
{
  g_autoptr(ScWindow) window = g_weak_ref_get (&saved->window);

  if (window == NULL)
    return;
  sc_group_actions_reload (GTK_WIDGET (window));
  sc_window_add_toast (window, saved->message);
}

static void
when_saved (ScWindow   *window,
            gpointer    dialog,
            const char *signal,
            const char *message)
{
  Saved *saved = g_new0 (Saved, 1);

  g_weak_ref_init (&saved->window, window);
  saved->message = g_strdup (message);
  g_signal_connect_data (dialog, signal, G_CALLBACK (on_saved_cb), saved, saved_free, 0);
}

/* Groups -------------------------------------------------------------------- */

/* A group just saved is the one the page shows. */
static void
on_group_saved_cb (ScGroupEditor *editor,
                   const char    *group_id,
                   ScWindow      *window)
{
  ScGroupsPage *page = groups_page (window);

  if (page != NULL)
    sc_groups_page_show_group (page, group_id);
}

static void
open_group_editor (ScWindow   *window,
                   const char *group_id)
{
  g_autofree char *study_db = sc_paths_study_db ();
  ScGroupEditor *editor = sc_group_editor_new (sc_window_get_catalog (window), study_db, group_id);

  when_saved (window, editor, "saved", group_id != NULL ? _("Group saved") : _("Group created"));
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_group_saved_cb), window, G_CONNECT_AFTER);
  present_over (window, GTK_WINDOW (editor));
}

static void
group_new_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  open_group_editor (SC_WINDOW (widget), NULL);
}

static void
group_edit_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  open_group_editor (SC_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* Members ------------------------------------------------------------------- */

static void
open_member_editor (ScWindow   *window,
                    const char *group_id,
                    const char *member_id)
{
  g_autofree char *study_db = sc_paths_study_db ();
  ScMemberEditor *editor = sc_member_editor_new (study_db, group_id, member_id);

  when_saved (window, editor, "saved", member_id != NULL ? _("Member saved") : _("Member added"));
  when_saved (window, editor, "removed", _("Member removed"));
  present_over (window, GTK_WINDOW (editor));
}

static void
group_add_member_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  open_member_editor (SC_WINDOW (widget), g_variant_get_string (parameter, NULL), NULL);
}

static void
group_edit_member_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  const char *group_id, *member_id;

  g_variant_get (parameter, "(&s&s)", &group_id, &member_id);
  open_member_editor (SC_WINDOW (widget), group_id, member_id);
}

/* Removing a member straight from a list: the editor's question, without
 * the editor. */
static void
on_remove_editor_closed_cb (GtkWindow *dialog,
                            GtkWindow *editor)
{
  gtk_window_destroy (editor);
}

static void
group_remove_member_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ScWindow *window = SC_WINDOW (widget);
  g_autofree char *study_db = sc_paths_study_db ();
  const char *group_id, *member_id;
  ScMemberEditor *editor;
  GtkWidget *dialog;

  g_variant_get (parameter, "(&s&s)", &group_id, &member_id);
  editor = sc_member_editor_new (study_db, group_id, member_id);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (window));
  when_saved (window, editor, "removed", _("Member removed"));
  if (!sc_member_editor_can_save (editor))
    {
      /* The member could not be read: the editor says why. */
      gtk_window_present (GTK_WINDOW (editor));
      return;
    }
  dialog = sc_member_editor_confirm_remove (editor);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_remove_editor_closed_cb), editor, 0);
}

/* Assignments --------------------------------------------------------------- */

static void
open_assign_dialog (ScWindow   *window,
                    const char *group_id,
                    const char *text_id,
                    const char *from,
                    const char *to)
{
  g_autofree char *study_db = sc_paths_study_db ();
  ScAssignDialog *dialog = sc_assign_dialog_new (sc_window_get_catalog (window), study_db,
                                                 group_id, text_id, from, to);

  when_saved (window, dialog, "saved", _("Reading assigned"));
  present_over (window, GTK_WINDOW (dialog));
}

static void
group_assign_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_assign_dialog (SC_WINDOW (widget), g_variant_get_string (parameter, NULL), NULL, NULL, NULL);
}

static void
assign_reading_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  const char *text_id, *from, *to;

  ScGroupsPage *page = groups_page (SC_WINDOW (widget));

  g_variant_get (parameter, "(&s&s&s)", &text_id, &from, &to);
  /* The group last shown on the Groups page comes first. */
  open_assign_dialog (SC_WINDOW (widget), page != NULL ? sc_groups_page_get_group_id (page) : NULL,
                      text_id, from, to);
}

/* Sharing and printing ------------------------------------------------------ */

static void
group_export_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  sc_group_exchange_export (SC_WINDOW (widget), g_variant_get_string (parameter, NULL), NULL);
}

static void
group_export_member_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  const char *group_id, *member_id;

  g_variant_get (parameter, "(&s&s)", &group_id, &member_id);
  sc_group_exchange_export (SC_WINDOW (widget), group_id, member_id);
}

static void
group_import_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  sc_group_exchange_import (SC_WINDOW (widget));
}

static void
group_print_handout_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  const char *group_id;
  guint session;

  g_variant_get (parameter, "(&su)", &group_id, &session);
  sc_group_handout_print (SC_WINDOW (widget), group_id, session);
}

void
sc_group_actions_install (GtkWidgetClass *widget_class)
{
  g_return_if_fail (g_type_is_a (G_TYPE_FROM_CLASS (widget_class), SC_TYPE_WINDOW));

  gtk_widget_class_install_action (widget_class, "group.new", NULL, group_new_action);
  gtk_widget_class_install_action (widget_class, "group.edit", "s", group_edit_action);
  gtk_widget_class_install_action (widget_class, "group.add-member", "s", group_add_member_action);
  gtk_widget_class_install_action (widget_class, "group.edit-member", "(ss)", group_edit_member_action);
  gtk_widget_class_install_action (widget_class, "group.remove-member", "(ss)", group_remove_member_action);
  gtk_widget_class_install_action (widget_class, "group.assign", "s", group_assign_action);
  gtk_widget_class_install_action (widget_class, "win.assign-reading", "(sss)", assign_reading_action);
  gtk_widget_class_install_action (widget_class, "group.export", "s", group_export_action);
  gtk_widget_class_install_action (widget_class, "group.export-member", "(ss)", group_export_member_action);
  gtk_widget_class_install_action (widget_class, "group.import", NULL, group_import_action);
  gtk_widget_class_install_action (widget_class, "group.print-handout", "(su)", group_print_handout_action);
}

/* The "Assign to Group…" context menu --------------------------------------- */

typedef struct {
  ScAssignTargetFunc  func;
  GtkWidget          *popover;
  GtkWidget          *keyed;        /* the ancestor holding the keyboard shortcut */
  GtkEventController *shortcuts;
} AssignMenu;

static void
popup_assign_menu (GtkWidget *row,
                   double     x,
                   double     y)
{
  AssignMenu *menu = g_object_get_data (G_OBJECT (row), "sc-assign-menu");
  g_autofree char *text_id = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GMenu) model = NULL;
  g_autoptr(GMenuItem) item = NULL;

  if (!menu->func (row, &text_id, &from, &to) || text_id == NULL)
    return;

  model = g_menu_new ();
  item = g_menu_item_new (_("_Assign to Group…"), NULL);
  g_menu_item_set_action_and_target_value (item, "win.assign-reading",
                                           g_variant_new ("(sss)", text_id, from ? from : "", to ? to : ""));
  g_menu_append_item (model, item);

  if (menu->popover == NULL)
    {
      menu->popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (model));
      gtk_popover_set_has_arrow (GTK_POPOVER (menu->popover), FALSE);
      gtk_widget_set_halign (menu->popover, GTK_ALIGN_START);
      gtk_widget_set_parent (menu->popover, row);
    }
  else
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (menu->popover), G_MENU_MODEL (model));

  if (x >= 0 && y >= 0)
    gtk_popover_set_pointing_to (GTK_POPOVER (menu->popover), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  else
    gtk_popover_set_pointing_to (GTK_POPOVER (menu->popover), NULL);
  gtk_popover_popup (GTK_POPOVER (menu->popover));
}

static void
on_secondary_pressed_cb (GtkGestureClick *gesture,
                         int              n_press,
                         double           x,
                         double           y,
                         GtkWidget       *row)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_assign_menu (row, x, y);
}

static void
on_long_pressed_cb (GtkGestureLongPress *gesture,
                    double               x,
                    double               y,
                    GtkWidget           *row)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_assign_menu (row, x, y);
}

static void
on_menu_activated_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       row)
{
  popup_assign_menu (row, -1, -1);
}

static gboolean
on_menu_key_cb (GtkWidget *keyed,
                GVariant  *args,
                gpointer   row)
{
  popup_assign_menu (row, -1, -1);
  return TRUE;
}

/* A list row never has the keyboard focus itself: its list item (the
 * parent) has. The Menu key and Shift+F10 are caught there. */
static void
attach_keys (GtkWidget  *row,
             AssignMenu *menu)
{
  GtkWidget *parent = gtk_widget_get_parent (row);
  GtkShortcut *shortcut;

  if (menu->keyed == parent)
    return;
  if (menu->keyed != NULL)
    {
      gtk_widget_remove_controller (menu->keyed, menu->shortcuts);
      g_object_remove_weak_pointer (G_OBJECT (menu->keyed), (gpointer *) &menu->keyed);
      menu->keyed = NULL;
      menu->shortcuts = NULL;
    }
  if (parent == NULL)
    return;

  shortcut = gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Menu, 0),
                                                            gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK)),
                               gtk_callback_action_new (on_menu_key_cb, row, NULL));
  menu->shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (menu->shortcuts), shortcut);
  gtk_widget_add_controller (parent, menu->shortcuts);
  menu->keyed = parent;
  g_object_add_weak_pointer (G_OBJECT (menu->keyed), (gpointer *) &menu->keyed);
}

static void
on_parent_changed_cb (GtkWidget  *row,
                      GParamSpec *pspec,
                      AssignMenu *menu)
{
  attach_keys (row, menu);
}

static void
on_row_destroy_cb (GtkWidget  *row,
                   AssignMenu *menu)
{
  if (menu->keyed != NULL)
    {
      gtk_widget_remove_controller (menu->keyed, menu->shortcuts);
      g_object_remove_weak_pointer (G_OBJECT (menu->keyed), (gpointer *) &menu->keyed);
      menu->keyed = NULL;
    }
  g_clear_pointer (&menu->popover, gtk_widget_unparent);
}

void
sc_group_actions_add_assign_menu (GtkWidget          *row,
                                  ScAssignTargetFunc  func)
{
  AssignMenu *menu;
  GtkGesture *click, *press;

  g_return_if_fail (GTK_IS_WIDGET (row));
  g_return_if_fail (func != NULL);

  menu = g_new0 (AssignMenu, 1);
  menu->func = func;
  g_object_set_data_full (G_OBJECT (row), "sc-assign-menu", menu, g_free);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_secondary_pressed_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (click));

  press = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (press), TRUE);
  g_signal_connect (press, "pressed", G_CALLBACK (on_long_pressed_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (press));

  /* "assign.menu" opens it too (for tests and assistive technologies). */
  {
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
    g_autoptr(GSimpleAction) action = g_simple_action_new ("menu", NULL);

    g_signal_connect (action, "activate", G_CALLBACK (on_menu_activated_cb), row);
    g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
    gtk_widget_insert_action_group (row, "assign", G_ACTION_GROUP (group));
  }

  g_signal_connect (row, "notify::parent", G_CALLBACK (on_parent_changed_cb), menu);
  g_signal_connect (row, "destroy", G_CALLBACK (on_row_destroy_cb), menu);
  attach_keys (row, menu);
}
